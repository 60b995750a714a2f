// Quiz screen implementation: the setup, the keys of each question type and their drawing. Every
// verdict comes from core's Quiz; the Draft below is only what the trainee has picked or typed so
// far, turned into a DisplayedAnswer on Enter.
#include "app/quiz_screen.h"

#include "aftercare/rule_book_reader.h"
#include "app/app.h"
#include "app/level_select_screen.h"
#include "app/quiz_review_screen.h"
#include "config/station_config.h"
#include "io/files.h"
#include "io/numbers.h"
#include "quiz/answer_text.h"
#include "quiz/moodle.h"
#include "quiz/quiz_history.h"
#include "quiz/scenarios.h"
#include "render/theme.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <set>

namespace stipple::app {

using render::Align;
using render::QuizPicture;
using render::Theme;
namespace colours = render::colours;

namespace {

/// A category id as words, for a category without a name: "aftercare-scenarios" -> "Aftercare
/// scenarios" (ids are lower-case ASCII words joined by hyphens or underscores).
std::string categoryWords(const std::string& id) {
    std::string out = id;
    for (char& c : out)
        if (c == '-' || c == '_') c = ' ';
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

/// Scenario questions generated per quiz from a rule book (the pool the quiz draws from).
constexpr int kScenarioPool = 40;

const char* kRadioOff = "\xE2\x97\x8B"; // ○
const char* kRadioOn = "\xE2\x97\x89";  // ◉
const char* kBoxOff = "\xE2\x98\x90";   // ☐
const char* kBoxOn = "\xE2\x98\x91";    // ☑
const char* kUpDown = "\xE2\x86\x95";   // ↕
const char* kDot = "  \xC2\xB7  ";      // ·

std::string typeLabel(const Question& q) {
    switch (q.type) {
    case QuestionType::SingleChoice:
        return "Single choice";
    case QuestionType::MultipleChoice:
        return "Multiple choice: tick every right answer";
    case QuestionType::TrueFalse:
        return "True or false";
    case QuestionType::Numeric:
        return "Number";
    case QuestionType::Ordering:
        return "Put in order";
    }
    return "";
}

std::string clock(double seconds) {
    const int s = std::max(0, static_cast<int>(std::ceil(seconds)));
    const int m = s / 60;
    const int r = s % 60;
    return std::to_string(m) + ":" + (r < 10 ? "0" : "") + std::to_string(r);
}

constexpr double kMaxClockStepS = 0.25; ///< a stalled frame counts at most this on an exam's clock

bool hasChoicePictures(const Question& q) {
    return std::any_of(q.choices.begin(), q.choices.end(),
                       [](const Choice& c) { return c.picture.has_value(); });
}

sf::Color verdictColour(const QuestionGrade& g) {
    if (g.credit >= 1.0 - 1e-9) return colours::kPass;
    if (g.credit > 0.0) return colours::kWarm;
    return colours::kFail;
}

std::string verdictTitle(const QuestionGrade& g) {
    if (g.verdict == "correct") return std::string(render::kTick) + "  Correct";
    if (g.verdict == "wrong") return std::string(render::kCross) + "  Wrong";
    if (g.verdict == "not answered") return "Not answered";
    std::string v = g.verdict;
    if (!v.empty()) v[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(v[0])));
    return v;
}

} // namespace

// Sources

std::vector<QuizSource> findQuizSources(const std::string& levelsDir) {
    namespace fs = std::filesystem;
    auto filesIn = [](const fs::path& dir, std::initializer_list<const char*> exts) {
        std::vector<std::string> files;
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code typeEc;
            if (it->is_directory(typeEc)) continue;
            const std::string ext = it->path().extension().string();
            for (const char* e : exts)
                if (ext == e) files.push_back(it->path().string());
        }
        std::sort(files.begin(), files.end());
        return files;
    };
    std::vector<QuizSource> out;
    for (const auto& path : filesIn(fs::path(levelsDir) / "banks", {".xml", ".gift"})) {
        QuizSource s;
        s.path = path;
        Diagnostics diags;
        const auto bank = loadAnyQuestionBank(path, diags);
        if (!bank) {
            s.title = fs::path(path).filename().string();
            s.ok = false;
            const std::string all = diags.formatAll();
            s.detail = all.substr(0, all.find('\n'));
        } else {
            s.title = bank->title.empty() ? bank->id : bank->title;
            s.detail = std::to_string(bank->questions.size()) + " questions";
            std::string cats;
            for (const auto& c : bank->categories)
                cats += (cats.empty() ? "" : ", ") + c.name;
            if (!cats.empty()) s.detail += ": " + cats;
        }
        out.push_back(std::move(s));
    }
    for (const auto& path : filesIn(fs::path(levelsDir) / "aftercare", {".xml"})) {
        QuizSource s;
        s.path = path;
        s.scenarios = true;
        Diagnostics diags;
        const auto book = loadRuleBookFile(path, diags);
        if (!book) {
            s.title = "Aftercare scenarios: " + fs::path(path).filename().string();
            s.ok = false;
            const std::string all = diags.formatAll();
            s.detail = all.substr(0, all.find('\n'));
        } else {
            s.title = "Aftercare scenarios: " + (book->title.empty() ? book->id : book->title);
            s.detail = "New questions for each quiz, computed from its " +
                       std::to_string(book->rules.size()) + " rules";
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::optional<QuizPool> loadQuizPool(const QuizSource& source, uint64_t seed, std::string& error) {
    Diagnostics diags;
    QuizPool pool;
    pool.baseDir = std::filesystem::path(source.path).parent_path().string();
    if (source.scenarios) {
        const auto book = loadRuleBookFile(source.path, diags);
        if (!book) {
            error = diags.formatAll();
            return std::nullopt;
        }
        pool.title = "Aftercare scenarios: " + (book->title.empty() ? book->id : book->title);
        pool.questions = generateScenarioQuestions(*book, seed, kScenarioPool);
        pool.categories.push_back({std::string(kScenarioCategoryId), std::string(kScenarioCategoryName)});
    } else {
        const auto bank = loadAnyQuestionBank(source.path, diags);
        if (!bank) {
            error = diags.formatAll();
            return std::nullopt;
        }
        pool.title = bank->title.empty() ? bank->id : bank->title;
        pool.questions = bank->questions;
        pool.categories = bank->categories;
    }
    if (pool.questions.empty()) {
        error = source.path + ": no questions to ask";
        return std::nullopt;
    }
    return pool;
}

// The --screen entry

std::string defaultQuizHistoryPath() {
    const std::string dir = userDataDir();
    return dir.empty() ? "" : dir + "/quiz-history.txt";
}

std::unique_ptr<Screen> makeQuizScreen(const Theme& theme, Navigator& nav, const Options& o,
                                       std::string& error) {
    auto screen = std::make_unique<QuizScreen>(theme, nav, o.levelsDir, "");
    if (o.quizBank.empty()) {
        if (o.screen == "quiz-review") {
            error = "--screen quiz-review needs --bank FILE";
            return nullptr;
        }
        return screen;
    }
    QuizSetup setup;
    setup.levelsDir = o.levelsDir;
    setup.source.path = o.quizBank;
    std::string text, readError;
    if (!readFile(o.quizBank, text, readError)) {
        error = o.quizBank + ": " + readError;
        return nullptr;
    }
    setup.source.scenarios = text.find("<aftercare-rules") != std::string::npos;
    setup.options.seed = o.quizSeed;
    setup.options.count = o.quizCount;
    setup.options.timeLimitSeconds = o.quizTimeLimit;
    setup.options.feedback = o.quizExam ? FeedbackMode::Deferred : FeedbackMode::Immediate;
    if (!screen->start(setup, error)) return nullptr;
    const Quiz& quiz = *screen->quiz();
    if (!o.quizAnswers.empty()) {
        if (!readFile(o.quizAnswers, text, readError)) {
            error = o.quizAnswers + ":1:1: error: " + readError;
            return nullptr;
        }
        Diagnostics diags;
        const auto ids = quiz.drawnIds();
        for (const AnswerLine& line : parseAnswerSheet(text, o.quizAnswers, diags)) {
            const auto it = std::find(ids.begin(), ids.end(), line.questionId);
            if (it == ids.end()) {
                diags.error(o.quizAnswers, line.line, 1,
                            "question '" + line.questionId + "' is not in this quiz");
                continue;
            }
            std::string why;
            const size_t index = static_cast<size_t>(it - ids.begin());
            const auto answer = parseAnswerText(quiz.item(index), line.answer, why);
            if (!answer)
                diags.error(o.quizAnswers, line.line, 1, "question '" + line.questionId + "': " + why);
            else
                screen->answer(index, *answer);
        }
        if (diags.hasErrors()) {
            error = diags.formatAll();
            if (!error.empty() && error.back() == '\n') error.pop_back();
            return nullptr;
        }
    }
    if (o.screen == "quiz-review") return std::make_unique<QuizReviewScreen>(theme, nav, screen->takeRun());
    screen->showQuestion(static_cast<size_t>(o.quizQuestion - 1) < quiz.size()
                             ? static_cast<size_t>(o.quizQuestion - 1)
                             : quiz.size() - 1);
    return screen;
}

const std::vector<int>& QuizScreen::countChoices() {
    static const std::vector<int> k{5, 10, 15, 20, 30, 40};
    return k;
}

const std::vector<double>& QuizScreen::timeLimitChoices() {
    static const std::vector<double> k{0, 120, 300, 600, 1200};
    return k;
}

// Setup and state

QuizScreen::QuizScreen(const Theme& theme, Navigator& nav, std::string levelsDir, std::string historyPath)
    : m_theme(theme), m_nav(nav), m_levelsDir(std::move(levelsDir)), m_historyPath(std::move(historyPath)),
      m_sources(findQuizSources(m_levelsDir)) {}

QuizScreen::QuizScreen(const Theme& theme, Navigator& nav, QuizSection section)
    : m_theme(theme), m_nav(nav), m_section(std::move(section)) {
    auto run = std::make_unique<QuizRun>();
    run->pool.title = m_section->heading;
    run->pool.questions = m_section->questions;
    run->pool.baseDirs = m_section->baseDirs;
    run->pool.categories = m_section->categories;
    QuizOptions options;
    options.seed = m_section->displaySeed;
    options.feedback = FeedbackMode::Deferred;
    options.timeLimitSeconds = m_section->limitS;
    run->setup.options = options;
    run->quiz = std::make_unique<Quiz>(Quiz::ofQuestions(run->pool.questions, options));
    m_run = std::move(run);
    m_elapsedS = m_section->usedS;
    resetDrafts();
    // A resumed sitting: the answers already given, shown as the candidate left them.
    for (size_t i = 0; i < m_section->answers.size() && i < m_run->quiz->size(); ++i)
        if (!m_section->answers[i].empty())
            answer(i, Quiz::toDisplayed(m_run->quiz->item(i), m_section->answers[i]));
}

bool QuizScreen::start(const QuizSetup& setup, std::string& error) {
    auto pool = loadQuizPool(setup.source, setup.options.seed, error);
    if (!pool) return false;
    auto run = std::make_unique<QuizRun>();
    run->setup = setup;
    run->pool = std::move(*pool);
    QuizOptions options = setup.options;
    if (!setup.historyPath.empty()) options.recentIds = readQuizHistory(setup.historyPath);
    run->quiz = std::make_unique<Quiz>(run->pool.questions, options);
    if (run->quiz->size() == 0) {
        error = setup.source.path + ": no questions to draw";
        return false;
    }
    m_run = std::move(run);
    m_current = 0;
    m_elapsedS = 0;
    m_feedback.clear();
    m_status.clear();
    m_pictures.clear();
    resetDrafts();
    return true;
}

void QuizScreen::startFromSetup() {
    if (m_sources.empty()) return;
    const QuizSource& source = m_sources[m_sourceIndex];
    if (!source.ok) {
        m_status = "This bank cannot be read: " + source.detail;
        m_statusError = true;
        return;
    }
    QuizSetup setup;
    setup.source = source;
    setup.levelsDir = m_levelsDir;
    setup.historyPath = m_historyPath;
    setup.options.seed = static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
    setup.options.count = countChoices()[m_countIndex];
    setup.options.feedback = m_exam ? FeedbackMode::Deferred : FeedbackMode::Immediate;
    setup.options.timeLimitSeconds = timeLimitChoices()[m_timeIndex];
    std::string error;
    if (!start(setup, error)) {
        m_status = error;
        m_statusError = true;
    }
}

void QuizScreen::resetDrafts() {
    m_drafts.assign(m_run->quiz->size(), Draft{});
    for (size_t i = 0; i < m_drafts.size(); ++i) {
        const QuizItem& item = m_run->quiz->item(i);
        Draft& d = m_drafts[i];
        switch (item.question.type) {
        case QuestionType::SingleChoice:
        case QuestionType::MultipleChoice:
            d.picked.assign(item.display.size(), false);
            break;
        case QuestionType::TrueFalse:
            d.picked.assign(2, false);
            break;
        case QuestionType::Ordering:
            for (size_t k = 0; k < item.display.size(); ++k)
                d.order.push_back(static_cast<int>(k));
            break;
        case QuestionType::Numeric:
            break;
        }
    }
}

size_t QuizScreen::optionCount() const {
    const QuizItem& item = m_run->quiz->item(m_current);
    if (item.question.type == QuestionType::TrueFalse) return 2;
    if (item.question.type == QuestionType::Numeric) return 0;
    return item.display.size();
}

void QuizScreen::showQuestion(size_t index) {
    if (m_run && index < m_run->quiz->size()) go(index);
}

AnswerOutcome QuizScreen::answer(size_t index, const DisplayedAnswer& a) {
    AnswerOutcome outcome;
    if (!m_run || index >= m_run->quiz->size()) {
        outcome.status = AnswerStatus::Invalid;
        outcome.error = "no such question";
        return outcome;
    }
    outcome = m_run->quiz->answer(index, a, m_elapsedS);
    if (outcome.status != AnswerStatus::Accepted) return outcome;
    if (outcome.feedback) m_feedback[index] = *outcome.feedback;
    Draft& d = m_drafts[index];
    const QuestionType type = m_run->quiz->item(index).question.type;
    if (type == QuestionType::TrueFalse && a.truth)
        d.picked = {*a.truth, !*a.truth};
    else if (type == QuestionType::Numeric && a.number)
        d.number = formatNumber(*a.number);
    else if (type == QuestionType::Ordering)
        d.order = a.order;
    else {
        std::fill(d.picked.begin(), d.picked.end(), false);
        for (const int c : a.choices)
            d.picked[static_cast<size_t>(c)] = true;
    }
    return outcome;
}

void QuizScreen::go(size_t index) {
    m_current = index;
    m_status.clear();
}

QuizPicture* QuizScreen::picture(const std::optional<Picture>& p) {
    if (!p) return nullptr;
    const std::string& dir =
        m_current < m_run->pool.baseDirs.size() ? m_run->pool.baseDirs[m_current] : m_run->pool.baseDir;
    const std::string key =
        dir + "|" + (p->dotsPath.empty() ? "level:" + p->levelPath : "dots:" + p->dotsPath);
    auto it = m_pictures.find(key);
    if (it == m_pictures.end()) it = m_pictures.emplace(key, std::make_unique<QuizPicture>(*p, dir)).first;
    return it->second.get();
}

// Keys

void QuizScreen::layout(sf::Vector2u size) {
    m_size = size;
}

void QuizScreen::handleEvent(const sf::Event& event) {
    if (m_sectionDone || m_handedIn) return;
    if (m_run && m_askHandIn) {
        // The hand-in question: Enter (or Y) hands in, Esc (or N) goes back; or its buttons.
        if (event.type == sf::Event::KeyPressed) {
            if (event.key.code == sf::Keyboard::Enter || event.key.code == sf::Keyboard::Y)
                handIn(false);
            else if (event.key.code == sf::Keyboard::Escape || event.key.code == sf::Keyboard::N)
                m_askHandIn = false;
        } else if (event.type == sf::Event::MouseButtonPressed &&
                   event.mouseButton.button == sf::Mouse::Left) {
            const sf::Vector2f p(float(event.mouseButton.x), float(event.mouseButton.y));
            if (m_yesButton.contains(p))
                handIn(false);
            else if (m_noButton.contains(p))
                m_askHandIn = false;
        }
        return;
    }
    if (m_run && event.type == sf::Event::TextEntered)
        handleText(event.text.unicode);
    else if (m_run &&
             (event.type == sf::Event::MouseButtonPressed || event.type == sf::Event::MouseButtonReleased))
        handleMouse(event);
    else if (event.type == sf::Event::KeyPressed) {
        if (m_run)
            handleQuestionKey(event.key);
        else
            handleSetupKey(event.key);
    }
}

bool QuizScreen::answerable() const {
    if (!m_run || m_run->quiz->finished()) return false;
    const bool practice = m_run->quiz->options().feedback == FeedbackMode::Immediate;
    return !(practice && m_run->quiz->isAnswered(m_current));
}

void QuizScreen::handleText(sf::Uint32 c) {
    if (!answerable()) return;
    const Question& q = m_run->quiz->item(m_current).question;
    Draft& d = m_drafts[m_current];
    const int options = static_cast<int>(optionCount());
    const bool digit = c >= '0' && c <= '9';
    if (q.type == QuestionType::Numeric) {
        if (digit && d.number.size() < 16)
            d.number += static_cast<char>(c);
        else if ((c == '.' || c == ',') && d.number.find('.') == std::string::npos)
            d.number += d.number.empty() ? "0." : ".";
        else if (c == '-' && d.number.empty())
            d.number = "-";
        m_status.clear();
        return;
    }
    if (q.type == QuestionType::Ordering) {
        if (digit && c >= '1' && static_cast<int>(c - '0') <= options) d.cursor = static_cast<int>(c - '1');
        return;
    }
    const sf::Uint32 lower = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
    if (q.type == QuestionType::TrueFalse) {
        if (lower == 't' || c == '1')
            pick(0);
        else if (lower == 'f' || c == '2')
            pick(1);
        else
            return;
    } else if (digit && c >= '1' && static_cast<int>(c - '0') <= options) {
        pick(static_cast<int>(c - '1'));
    } else if (lower >= 'a' && lower <= 'z' && static_cast<int>(lower - 'a') < options) {
        pick(static_cast<int>(lower - 'a'));
    } else {
        return;
    }
    if (m_section) save(true); // an exam keeps each answer as it is given
}

void QuizScreen::handleMouse(const sf::Event& e) {
    if (e.mouseButton.button != sf::Mouse::Left) return;
    const sf::Vector2f p(float(e.mouseButton.x), float(e.mouseButton.y));
    const QuestionType type = m_run->quiz->item(m_current).question.type;
    if (e.type == sf::Event::MouseButtonReleased) {
        // Ordering: an item dragged from one slot and dropped on another moves there.
        if (m_dragFrom < 0) return;
        const int from = m_dragFrom;
        m_dragFrom = -1;
        Draft& d = m_drafts[m_current];
        for (size_t slot = 0; slot < m_optionRects.size(); ++slot) {
            if (!m_optionRects[slot].contains(p) || static_cast<int>(slot) == from) continue;
            const int item = d.order[static_cast<size_t>(from)];
            d.order.erase(d.order.begin() + from);
            d.order.insert(d.order.begin() + static_cast<long>(slot), item);
            d.cursor = static_cast<int>(slot);
            if (m_section) save(true);
            break;
        }
        return;
    }
    if (m_prevButton.contains(p)) {
        if (m_section) save(true);
        if (m_current > 0) go(m_current - 1);
        return;
    }
    if (m_nextButton.contains(p)) {
        if (answerable())
            submit();
        else
            next();
        return;
    }
    if (m_handInButton.contains(p)) {
        finish();
        return;
    }
    for (size_t i = 0; i < m_segmentRects.size(); ++i)
        if (m_segmentRects[i].contains(p)) {
            if (m_section) save(true);
            go(i);
            return;
        }
    if (!answerable()) return;
    for (size_t k = 0; k < m_optionRects.size(); ++k) {
        if (!m_optionRects[k].contains(p)) continue;
        if (type == QuestionType::Ordering) {
            m_dragFrom = static_cast<int>(k);
            m_drafts[m_current].cursor = static_cast<int>(k);
        } else {
            pick(static_cast<int>(k));
            if (m_section) save(true);
        }
        return;
    }
}

bool QuizScreen::save(bool quiet) {
    if (!m_section || !m_run) return false;
    std::string why;
    const auto a = draftAnswer(why);
    if (!a) {
        if (!quiet) {
            m_status = why;
            m_statusError = true;
        }
        return false;
    }
    const AnswerOutcome outcome = m_run->quiz->answer(m_current, *a, m_elapsedS);
    if (outcome.status == AnswerStatus::TimeUp) {
        handIn(true);
        return false;
    }
    if (outcome.status != AnswerStatus::Accepted) {
        m_status = outcome.error;
        m_statusError = true;
        return false;
    }
    std::string error;
    if (m_section->record &&
        !m_section->record(m_current, *m_run->quiz->response(m_current), m_elapsedS, error)) {
        m_status = "The answer could not be saved: " + error;
        m_statusError = true;
        return false;
    }
    if (!quiet) m_status.clear();
    return true;
}

void QuizScreen::handIn(bool timedOut) {
    if (!m_section || m_sectionDone) return;
    m_sectionDone = true;
    m_askHandIn = false;
    m_run->quiz->finish();
    const double used = timedOut ? m_section->limitS : std::min(m_elapsedS, m_section->limitS);
    if (m_section->handIn) m_section->handIn(used, timedOut); // the sitting shows its next screen
}

void QuizScreen::handleSetupKey(const sf::Event::KeyEvent& key) {
    const size_t n = m_sources.size();
    switch (key.code) {
    case sf::Keyboard::Up:
        if (n) m_sourceIndex = m_sourceIndex > 0 ? m_sourceIndex - 1 : 0;
        break;
    case sf::Keyboard::Down:
        if (n) m_sourceIndex = std::min(m_sourceIndex + 1, n - 1);
        break;
    case sf::Keyboard::Left:
        if (m_countIndex > 0) --m_countIndex;
        break;
    case sf::Keyboard::Right:
        if (m_countIndex + 1 < countChoices().size()) ++m_countIndex;
        break;
    case sf::Keyboard::E:
        m_exam = !m_exam;
        break;
    case sf::Keyboard::T:
        m_timeIndex = (m_timeIndex + 1) % timeLimitChoices().size();
        break;
    case sf::Keyboard::Enter:
    case sf::Keyboard::Space:
        startFromSetup();
        break;
    case sf::Keyboard::Escape:
        m_nav.showLevelSelect();
        break;
    default:
        break;
    }
}

void QuizScreen::handleQuestionKey(const sf::Event::KeyEvent& key) {
    Quiz& quiz = *m_run->quiz;
    const QuizItem& item = quiz.item(m_current);
    const Question& q = item.question;
    Draft& d = m_drafts[m_current];
    const bool practice = quiz.options().feedback == FeedbackMode::Immediate;
    const bool showingFeedback = practice && m_feedback.count(m_current) > 0;
    const int options = static_cast<int>(optionCount());

    if (key.code == sf::Keyboard::Enter && key.control) {
        finish(); // hand in (an exam asks first)
        return;
    }
    switch (key.code) {
    case sf::Keyboard::Escape:
        finish();
        return;
    case sf::Keyboard::PageUp:
        if (m_section) save(true);
        if (m_current > 0) go(m_current - 1);
        return;
    case sf::Keyboard::PageDown:
    case sf::Keyboard::Tab:
        if (m_section) save(true);
        next();
        return;
    default:
        break;
    }
    if (showingFeedback) {
        if (key.code == sf::Keyboard::Enter || key.code == sf::Keyboard::Space ||
            key.code == sf::Keyboard::Right)
            next();
        return;
    }
    if (practice && quiz.isAnswered(m_current)) return;

    if (q.type == QuestionType::Numeric) {
        // Digits arrive as typed text (handleText); here only the editing keys.
        if (key.code == sf::Keyboard::BackSpace && !d.number.empty())
            d.number.pop_back();
        else if (key.code == sf::Keyboard::Delete)
            d.number.clear();
        else if (key.code == sf::Keyboard::Enter)
            submit();
        m_status.clear();
        return;
    }

    if (q.type == QuestionType::Ordering) {
        const bool move = d.grabbed || key.shift;
        switch (key.code) {
        case sf::Keyboard::Up:
            if (d.cursor > 0) {
                if (move) std::swap(d.order[d.cursor], d.order[d.cursor - 1]);
                --d.cursor;
            }
            break;
        case sf::Keyboard::Down:
            if (d.cursor + 1 < options) {
                if (move) std::swap(d.order[d.cursor], d.order[d.cursor + 1]);
                ++d.cursor;
            }
            break;
        case sf::Keyboard::Space:
            d.grabbed = !d.grabbed;
            break;
        case sf::Keyboard::Enter:
            if (d.grabbed)
                d.grabbed = false;
            else
                submit();
            break;
        default:
            break;
        }
        if (m_section && move && (key.code == sf::Keyboard::Up || key.code == sf::Keyboard::Down)) save(true);
        return;
    }

    // Choice questions and true/false.
    const bool choiceTiles = hasChoicePictures(q);
    switch (key.code) {
    case sf::Keyboard::Up:
        if (d.cursor > 0) --d.cursor;
        return;
    case sf::Keyboard::Down:
        if (d.cursor + 1 < options) ++d.cursor;
        return;
    case sf::Keyboard::Left:
        if (choiceTiles && d.cursor > 0) --d.cursor;
        return;
    case sf::Keyboard::Right:
        if (choiceTiles && d.cursor + 1 < options) ++d.cursor;
        return;
    case sf::Keyboard::Space:
        pick(d.cursor);
        if (m_section) save(true);
        return;
    case sf::Keyboard::Enter:
        submit();
        return;
    default:
        break; // numbers, letters, T and F arrive as typed text (handleText)
    }
}

void QuizScreen::pick(int position) {
    const Question& q = m_run->quiz->item(m_current).question;
    Draft& d = m_drafts[m_current];
    if (position < 0 || position >= static_cast<int>(d.picked.size())) return;
    d.cursor = position;
    if (q.type == QuestionType::MultipleChoice) {
        d.picked[static_cast<size_t>(position)] = !d.picked[static_cast<size_t>(position)];
    } else {
        std::fill(d.picked.begin(), d.picked.end(), false);
        d.picked[static_cast<size_t>(position)] = true;
    }
    m_status.clear();
}

std::optional<DisplayedAnswer> QuizScreen::draftAnswer(std::string& why) const {
    const Question& q = m_run->quiz->item(m_current).question;
    const Draft& d = m_drafts[m_current];
    DisplayedAnswer a;
    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice:
        for (size_t k = 0; k < d.picked.size(); ++k)
            if (d.picked[k]) a.choices.push_back(static_cast<int>(k));
        if (a.choices.empty()) {
            why = q.type == QuestionType::SingleChoice
                      ? "Pick an answer first: its number, or \xE2\x86\x91\xE2\x86\x93 and Space."
                      : "Tick at least one answer first: its number, or \xE2\x86\x91\xE2\x86\x93 and Space.";
            return std::nullopt;
        }
        return a;
    case QuestionType::TrueFalse:
        if (d.picked.size() == 2 && d.picked[0])
            a.truth = true;
        else if (d.picked.size() == 2 && d.picked[1])
            a.truth = false;
        else {
            why = "Pick true or false first: T or F, or 1 or 2.";
            return std::nullopt;
        }
        return a;
    case QuestionType::Numeric: {
        const auto v = parseNumber(d.number);
        if (!v) {
            why = d.number.empty() ? "Type a number first." : "\"" + d.number + "\" is not a number.";
            return std::nullopt;
        }
        a.number = *v;
        return a;
    }
    case QuestionType::Ordering:
        a.order = d.order;
        return a;
    }
    return std::nullopt;
}

void QuizScreen::submit() {
    if (m_section) {
        // An exam: Enter keeps the answer (if one is given) and moves on.
        const Question& q = m_run->quiz->item(m_current).question;
        const Draft& d = m_drafts[m_current];
        const bool nothing = q.type == QuestionType::Numeric ? d.number.empty()
                             : q.type == QuestionType::Ordering
                                 ? false
                                 : std::none_of(d.picked.begin(), d.picked.end(), [](bool b) { return b; });
        if (nothing || save(false)) next();
        return;
    }
    Quiz& quiz = *m_run->quiz;
    std::string why;
    const auto answer = draftAnswer(why);
    if (!answer) {
        m_status = why;
        m_statusError = true;
        return;
    }
    const AnswerOutcome outcome = quiz.answer(m_current, *answer, m_elapsedS);
    switch (outcome.status) {
    case AnswerStatus::Accepted:
        m_status.clear();
        if (outcome.feedback)
            m_feedback[m_current] = *outcome.feedback;
        else
            next(); // exam: on to the next question
        break;
    case AnswerStatus::Invalid:
        m_status = outcome.error;
        m_statusError = true;
        break;
    case AnswerStatus::Locked:
        next();
        break;
    case AnswerStatus::TimeUp:
    case AnswerStatus::Finished:
        finish();
        break;
    }
}

void QuizScreen::next() {
    if (!m_run) return;
    if (m_current + 1 < m_run->quiz->size()) {
        go(m_current + 1);
        return;
    }
    // Past the last question: in an exam, the first unanswered one if any; else the end.
    if (m_run->quiz->options().feedback == FeedbackMode::Deferred)
        for (size_t i = 0; i < m_run->quiz->size(); ++i)
            if (!m_run->quiz->isAnswered(i) && i != m_current) {
                go(i);
                m_status = "Question " + std::to_string(i + 1) + " is not answered yet; " +
                           (m_section ? "Hand in (Ctrl+Enter) asks before it hands the questions in."
                                      : "Esc hands the quiz in as it is.");
                m_statusError = false;
                return;
            }
    finish();
}

std::unique_ptr<QuizRun> QuizScreen::takeRun() {
    if (!m_run) return nullptr;
    m_run->quiz->finish();
    if (!m_run->setup.historyPath.empty()) {
        std::string error;
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(m_run->setup.historyPath).parent_path(),
                                            ec);
        // History is a convenience: failing to write it must not lose the quiz.
        (void)writeQuizHistory(m_run->setup.historyPath, readQuizHistory(m_run->setup.historyPath),
                               m_run->quiz->drawnIds(), error);
    }
    m_handedIn = true;
    return std::move(m_run);
}

void QuizScreen::finish() {
    if (!m_run) return;
    if (m_section) {
        save(true);
        m_askHandIn = true; // an exam asks before it hands in
        return;
    }
    m_nav.showScreen(std::make_unique<QuizReviewScreen>(m_theme, m_nav, takeRun()));
}

void QuizScreen::update(double dtS) {
    if (!m_run || m_sectionDone) return;
    if (m_section) {
        // The section's clock runs behind the hand-in question too; at the limit it hands in.
        m_elapsedS += std::min(std::max(dtS, 0.0), kMaxClockStepS);
        if (m_section->clock) m_section->clock(m_elapsedS);
        if (m_elapsedS >= m_section->limitS) handIn(true);
        return;
    }
    m_elapsedS += dtS;
    const double limit = m_run->quiz->options().timeLimitSeconds;
    if (limit > 0 && m_elapsedS > limit && !m_run->quiz->finished()) {
        // The Quiz decides that time is up: an answer after the limit ends it (and marks it timed out).
        if (m_run->quiz->answer(m_current, DisplayedAnswer{}, m_elapsedS).status == AnswerStatus::TimeUp)
            finish();
    }
}

// Drawing

void QuizScreen::draw(sf::RenderTarget& target) {
    target.clear(colours::kBackground);
    if (m_handedIn || m_sectionDone) return; // the review or the exam's next screen takes over
    if (m_run) {
        drawQuestion(target);
        drawButtons(target);
        if (m_askHandIn) drawHandIn(target);
    } else {
        drawSetup(target);
    }
    m_theme.flush(target);
}

void QuizScreen::drawButtons(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const float h = t.px(36), w = t.px(150), gap = t.px(10);
    const float y = m_size.y - t.px(48);
    float x = m_size.x - t.px(32) - w;
    m_handInButton = {x, y, w, h};
    t.panel(target, m_handInButton, colours::kPanel, 8, colours::kBorder);
    t.text(target, m_section ? "Hand in" : "Hand in \xC2\xB7 Esc", x + w / 2, y + t.px(9), 14, colours::kText,
           Align::Centre);
    x -= w + gap;
    m_nextButton = {x, y, w, h};
    const bool answering = answerable() && !m_section;
    t.panel(target, m_nextButton, colours::kAccent, 8);
    t.text(target, answering ? "Answer \xC2\xB7 Enter" : "Next \xC2\xB7 Enter", x + w / 2, y + t.px(9), 14,
           colours::kBackground, Align::Centre, true);
    x -= w + gap;
    m_prevButton = {x, y, w, h};
    if (m_current > 0) {
        t.panel(target, m_prevButton, colours::kPanel, 8, colours::kBorder);
        t.text(target, "\xE2\x97\x82 Previous", x + w / 2, y + t.px(9), 14, colours::kText, Align::Centre);
    } else {
        m_prevButton = {};
    }
}

void QuizScreen::drawHandIn(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    t.flush(target);
    t.rect(target, {0, 0, float(m_size.x), float(m_size.y)}, sf::Color(10, 11, 13, 170));
    size_t unanswered = 0;
    for (size_t i = 0; i < m_run->quiz->size(); ++i)
        unanswered += m_run->quiz->isAnswered(i) ? 0 : 1;
    const float cx = m_size.x / 2.f, cy = m_size.y / 2.f;
    t.panel(target, {cx - t.px(230), cy - t.px(100), t.px(460), t.px(190)}, colours::kPanelRaised, 12,
            colours::kBorder);
    t.text(target, "Hand in the questions?", cx, cy - t.px(76), 20, colours::kText, Align::Centre, true);
    // The body wrapped inside the dialog (it ran out of it at 1280x960), the buttons' words set
    // to fit them (they ran to the edges).
    const auto lines = t.wrap((unanswered == 0 ? std::string("Every question answered.")
                                               : std::to_string(unanswered) + " not answered.") +
                                  " Answers cannot be changed afterwards.",
                              t.px(420), 14);
    for (size_t i = 0; i < lines.size(); ++i)
        t.text(target, lines[i], cx, cy - t.px(36) - (lines.size() - 1) * t.px(10) + i * t.px(19), 14,
               colours::kTextDim, Align::Centre);
    m_yesButton = {cx - t.px(200), cy + t.px(20), t.px(190), t.px(44)};
    m_noButton = {cx + t.px(10), cy + t.px(20), t.px(190), t.px(44)};
    std::string yes = "Hand in  \xC2\xB7  Enter", no = "Keep answering  \xC2\xB7  Esc";
    // Where even the smaller words do not fit, the dot loses its wide spaces.
    for (std::string* label : {&yes, &no})
        if (t.textWidth(*label, 11, label == &yes) > m_yesButton.width - t.px(20))
            for (size_t at; (at = label->find("  \xC2\xB7  ")) != std::string::npos;)
                label->replace(at, 6, " \xC2\xB7 ");
    const float yesSize = t.fitSize(yes, m_yesButton.width - t.px(20), 15, 11, true);
    const float noSize = t.fitSize(no, m_noButton.width - t.px(20), 15, 11);
    t.panel(target, m_yesButton, colours::kAccent, 8);
    t.text(target, yes, m_yesButton.left + m_yesButton.width / 2,
           m_yesButton.top + t.px(12) + t.px(15 - yesSize) / 2, yesSize, colours::kBackground, Align::Centre,
           true);
    t.panel(target, m_noButton, colours::kPanel, 8, colours::kBorder);
    t.text(target, no, m_noButton.left + m_noButton.width / 2,
           m_noButton.top + t.px(12) + t.px(15 - noSize) / 2, noSize, colours::kText, Align::Centre);
}

void QuizScreen::drawSetup(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const float margin = t.px(32);
    t.text(target, "Quiz", margin, t.px(26), 34, colours::kText, Align::Left, true);
    t.text(target, "Aftercare rules and session facts", margin + t.textWidth("Quiz", 34, true) + t.px(16),
           t.px(42), 16, colours::kTextDim);
    const float top = t.px(112);
    const float bottom = m_size.y - t.px(52);
    const float listW = std::max(t.px(420), m_size.x * 0.5f);
    t.text(target, "Question banks", margin, t.px(84), 13, colours::kTextFaint, Align::Left, true);

    const float rowH = t.px(84);
    if (m_sources.empty()) {
        t.panel(target, {margin, top, listW, rowH * 2}, colours::kPanel, 10);
        t.paragraph(target,
                    "No question banks found in " + m_levelsDir + "/banks, and no rule books in " +
                        m_levelsDir + "/aftercare.",
                    margin + t.px(20), top + t.px(20), listW - t.px(40), 15, colours::kTextDim);
    }
    for (size_t i = 0; i < m_sources.size(); ++i) {
        const QuizSource& s = m_sources[i];
        const sf::FloatRect card(margin, top + i * rowH + t.px(4), listW, rowH - t.px(8));
        const bool sel = i == m_sourceIndex;
        t.panel(target, card, sel ? colours::kPanelRaised : colours::kPanel, 8,
                sel ? colours::kAccent : sf::Color::Transparent);
        if (sel)
            t.rect(target, {card.left + t.px(1), card.top + t.px(10), t.px(4), card.height - t.px(20)},
                   colours::kAccent);
        t.text(target, s.title, card.left + t.px(20), card.top + t.px(12), 19,
               s.ok ? colours::kText : colours::kFail, Align::Left, true);
        const Theme::Clip clip(t, target, {card.left, card.top, card.width - t.px(12), card.height});
        t.text(target, s.detail, card.left + t.px(20), card.top + t.px(44), 13, colours::kTextDim);
    }

    // Settings.
    const sf::FloatRect panel(margin * 1.5f + listW, top, m_size.x - listW - margin * 2.5f, bottom - top);
    t.panel(target, panel, colours::kPanel, 10);
    const float pad = t.px(22);
    float y = panel.top + pad;
    const float x = panel.left + pad;
    const float w = panel.width - 2 * pad;
    auto setting = [&](const std::string& label, const std::string& value, const std::string& keyHint) {
        t.text(target, label, x, y, 13, colours::kTextFaint, Align::Left, true);
        t.text(target, keyHint, x + w, y, 13, colours::kTextFaint, Align::Right);
        y += t.px(22);
        t.text(target, value, x, y, 22, colours::kText, Align::Left, true);
        y += t.px(52);
    };
    setting("QUESTIONS", "\xE2\x97\x82  " + std::to_string(countChoices()[m_countIndex]) + "  \xE2\x96\xB8",
            "\xE2\x86\x90 \xE2\x86\x92");
    setting("FEEDBACK", m_exam ? "Exam: at the end" : "Practice: after each answer", "E");
    const double limit = timeLimitChoices()[m_timeIndex];
    setting("TIME LIMIT", limit > 0 ? render::fixed(limit / 60.0, 0) + " minutes" : "None", "T");
    y += t.px(4);
    t.paragraph(
        target,
        m_exam ? "Answers can be changed until you hand in; the verdicts and explanations come at the end."
               : "Each answer is graded at once, with the explanation and where the fact comes from.",
        x, y, w, 14, colours::kTextDim);
    if (!m_historyPath.empty())
        t.paragraph(target, "Questions you saw recently come last, so each quiz starts with fresh ones.", x,
                    y + t.px(60), w, 14, colours::kTextDim);

    const sf::FloatRect button(panel.left + panel.width - pad - t.px(190),
                               panel.top + panel.height - pad - t.px(48), t.px(190), t.px(48));
    t.panel(target, button, colours::kAccent, 8);
    t.text(target, "Start  \xE2\x8F\x8E", button.left + button.width / 2, button.top + t.px(12), 18,
           colours::kBackground, Align::Centre, true);
    if (!m_status.empty())
        t.paragraph(target, m_status, x, button.top - t.px(70), w, 13,
                    m_statusError ? colours::kFail : colours::kTextDim);

    t.text(target,
           "\xE2\x86\x91\xE2\x86\x93 bank    \xE2\x86\x90\xE2\x86\x92 questions    E practice/exam    T time "
           "limit    "
           "Enter start    F1 help    Esc back",
           margin, m_size.y - t.px(36), 13, colours::kTextFaint);
}

void QuizScreen::drawQuestion(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const Quiz& quiz = *m_run->quiz;
    const QuizItem& item = quiz.item(m_current);
    const Question& q = item.question;
    const bool practice = quiz.options().feedback == FeedbackMode::Immediate;
    const float margin = t.px(32);

    // Header: source, progress, time.
    t.text(target, m_section ? m_section->heading : "Quiz" + std::string(kDot) + m_run->pool.title, margin,
           t.px(24), 20, m_section ? colours::kText : colours::kTextDim, Align::Left, true);
    const std::string progress =
        "Question " + std::to_string(m_current + 1) + " of " + std::to_string(quiz.size());
    t.text(target, progress, m_size.x - margin, t.px(22), 24, colours::kText, Align::Right, true);
    const double limit = quiz.options().timeLimitSeconds;
    if (m_section && !m_section->showTimer) {
        t.text(target, "Answers are saved as you give them", m_size.x - margin, t.px(56), 14,
               colours::kTextFaint, Align::Right);
    } else if (limit > 0) {
        const double left = limit - m_elapsedS;
        t.text(target, "Time left " + clock(left), m_size.x - margin, t.px(56), 16,
               left < 30   ? colours::kFail
               : left < 60 ? colours::kWarm
                           : colours::kTextDim,
               Align::Right, true);
    } else {
        t.text(target, practice ? "Practice" : "Exam: feedback at the end", m_size.x - margin, t.px(56), 14,
               colours::kTextFaint, Align::Right);
    }
    // One segment per question: answered, right or wrong (practice), the current one raised.
    const float barY = t.px(84), barH = t.px(6);
    const float gap = t.px(3);
    const float segW = (m_size.x - 2 * margin - gap * (quiz.size() - 1)) / quiz.size();
    m_segmentRects.clear();
    for (size_t i = 0; i < quiz.size(); ++i) {
        m_segmentRects.push_back(
            {margin + i * (segW + gap), barY - t.px(8), segW, t.px(22)}); // a click goes there
        sf::Color c = colours::kPanelRaised;
        if (const auto it = m_feedback.find(i); it != m_feedback.end())
            c = verdictColour(it->second);
        else if (quiz.isAnswered(i))
            c = colours::kAccent;
        const float h = i == m_current ? barH * 2 : barH;
        t.rect(target, {margin + i * (segW + gap), barY + (i == m_current ? -barH / 2 : 0), segW, h},
               i == m_current && c == colours::kPanelRaised ? colours::kTextDim : c);
    }

    // The card.
    const sf::FloatRect card(margin, t.px(108), m_size.x - 2 * margin, m_size.y - t.px(108) - t.px(56));
    t.panel(target, card, colours::kPanel, 10);
    const float pad = t.px(24);
    float x = card.left + pad;
    float y = card.top + pad;
    float w = card.width - 2 * pad;

    // Category chip, difficulty, type: the category's name, else its id in words
    // ("aftercare-scenarios" -> "Aftercare scenarios").
    std::string category = categoryWords(item.category);
    for (const auto& c : m_run->pool.categories)
        if (c.id == item.category && !c.name.empty()) category = c.name;
    const float chipW = t.textWidth(category, 13) + t.px(16);
    t.panel(target, {x, y, chipW, t.px(22)}, colours::kAccentSoft, 11);
    t.text(target, category, x + t.px(8), y + t.px(3), 13, colours::kAccent);
    t.text(target, difficultyPips(q.difficulty), x + chipW + t.px(12), y + t.px(1), 14, colours::kWarm);
    t.text(target, typeLabel(q), x + w, y + t.px(3), 13, colours::kTextFaint, Align::Right);
    y += t.px(40);

    // A question picture sits on the right; the text and answers use the rest.
    QuizPicture* pic = picture(q.picture);
    if (pic) {
        const float pw = std::min(w * 0.42f, t.px(460));
        const float ph = std::min(pw * 0.8f, card.height * 0.5f);
        const sf::FloatRect pr(x + w - pw, y, pw, ph);
        pic->draw(target, t, pr);
        t.paragraph(target, pic->caption(), pr.left, pr.top + pr.height + t.px(8), pw, 12,
                    colours::kTextFaint);
        w -= pw + pad;
    }
    y += t.paragraph(target, q.prompt, x, y, w, 22, colours::kText) + t.px(20);

    const bool showingFeedback = practice && m_feedback.count(m_current);
    float feedbackH = 0;
    if (showingFeedback) {
        const QuestionGrade& g = m_feedback.at(m_current);
        std::string body;
        if (g.credit < 1.0 - 1e-9) body += "The answer: " + g.correctAnswer + "\n";
        for (const auto& f : g.feedback)
            body += f + "\n";
        body += g.explanation;
        feedbackH =
            t.px(60) + t.paragraphHeight(body, card.width - 2 * pad - t.px(32), 15) +
            (q.source.empty()
                 ? 0
                 : t.paragraphHeight("Source: " + q.source, card.width - 2 * pad - t.px(32), 13) + t.px(10));
    }
    const float answersBottom =
        card.top + card.height - pad - t.px(28) - (feedbackH > 0 ? feedbackH + t.px(12) : 0);

    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice:
    case QuestionType::TrueFalse:
        y = drawChoices(target, x, y, w, answersBottom);
        break;
    case QuestionType::Numeric:
        y = drawNumeric(target, x, y, w);
        break;
    case QuestionType::Ordering:
        y = drawOrdering(target, x, y, w);
        break;
    }

    if (showingFeedback) {
        // Right under the answers; at the bottom of the card when the answers fill it.
        drawFeedback(target, {card.left + pad, std::min(y + t.px(8), answersBottom + t.px(12)),
                              card.width - 2 * pad, feedbackH});
    } else if (!m_status.empty()) {
        t.paragraph(target, m_status, x, std::min(y + t.px(8), answersBottom - t.px(20)), w, 15,
                    m_statusError ? colours::kFail : colours::kWarm);
    }

    // What the keys do right now.
    std::string hint;
    if (showingFeedback)
        hint = "Enter next question";
    else if (practice && quiz.isAnswered(m_current))
        hint = "Answered" + std::string(kDot) + "Enter next";
    else if (m_section) {
        switch (q.type) {
        case QuestionType::SingleChoice:
            hint = "Click a choice or type its number    Enter next";
            break;
        case QuestionType::MultipleChoice:
            hint = "Click or type numbers to tick / untick    Enter next";
            break;
        case QuestionType::TrueFalse:
            hint = "T true    F false (or click)    Enter next";
            break;
        case QuestionType::Numeric:
            hint = "Type the number    Backspace erase    Enter keeps it and moves on";
            break;
        case QuestionType::Ordering:
            hint = "Drag items into order (or Space and \xE2\x86\x91\xE2\x86\x93)    Enter next";
            break;
        }
    } else {
        switch (q.type) {
        case QuestionType::SingleChoice:
            hint = "1\xE2\x80\x93" + std::to_string(optionCount()) +
                   " or \xE2\x86\x91\xE2\x86\x93 + Space choose    Enter answer";
            break;
        case QuestionType::MultipleChoice:
            hint = "1\xE2\x80\x93" + std::to_string(optionCount()) +
                   " or \xE2\x86\x91\xE2\x86\x93 + Space tick / untick    Enter answer";
            break;
        case QuestionType::TrueFalse:
            hint = "T true    F false    Enter answer";
            break;
        case QuestionType::Numeric:
            hint = "Type the number    Backspace erase    Enter answer";
            break;
        case QuestionType::Ordering:
            hint = "\xE2\x86\x91\xE2\x86\x93 select    Space pick up / put down (or "
                   "Shift+\xE2\x86\x91\xE2\x86\x93 move)    Enter answer";
            break;
        }
    }
    t.text(target, hint, card.left + pad, card.top + card.height - pad - t.px(14), 14, colours::kTextDim);

    t.text(target,
           m_section ? "Tab skip    PgUp / PgDn previous / next    Ctrl+Enter hand in    F1 help"
                     : "Tab skip    PgUp / PgDn previous / next    F1 help",
           margin, m_size.y - t.px(36), 13, colours::kTextFaint);
}

float QuizScreen::drawChoices(sf::RenderTarget& target, float x, float y, float w, float bottom) {
    const Theme& t = m_theme;
    const Quiz& quiz = *m_run->quiz;
    const QuizItem& item = quiz.item(m_current);
    const Question& q = item.question;
    const Draft& d = m_drafts[m_current];
    const auto fb = m_feedback.find(m_current);
    const bool graded = fb != m_feedback.end();
    const bool multiple = q.type == QuestionType::MultipleChoice;
    const size_t n = optionCount();

    auto textOf = [&](size_t k) -> std::string {
        if (q.type == QuestionType::TrueFalse) return k == 0 ? "True" : "False";
        return q.choices[static_cast<size_t>(item.display[k])].text;
    };
    auto isRight = [&](size_t k) {
        if (q.type == QuestionType::TrueFalse) return (k == 0) == q.truth;
        return q.choices[static_cast<size_t>(item.display[k])].isCorrect();
    };
    auto frameColour = [&](size_t k, bool cursor) {
        if (graded) {
            if (isRight(k)) return colours::kPass;
            if (d.picked[k]) return colours::kFail;
            return sf::Color::Transparent;
        }
        return cursor ? colours::kAccent : sf::Color::Transparent;
    };

    m_optionRects.clear();
    if (hasChoicePictures(q)) {
        // Tiles side by side: the picture, then the number and the caption.
        const float gap = t.px(16);
        const float tileW = (w - gap * (n - 1)) / n;
        const float tileH = std::min(bottom - y, tileW * 0.8f + t.px(70));
        for (size_t k = 0; k < n; ++k) {
            const sf::FloatRect tile(x + k * (tileW + gap), y, tileW, tileH);
            m_optionRects.push_back(tile);
            const bool cursor = static_cast<int>(k) == d.cursor;
            t.panel(target, tile, d.picked[k] ? colours::kPanelHover : colours::kPanelRaised, 8,
                    frameColour(k, cursor));
            const Choice& c = q.choices[static_cast<size_t>(item.display[k])];
            const float pad = t.px(10);
            const sf::FloatRect pr(tile.left + pad, tile.top + pad, tile.width - 2 * pad,
                                   tileH - t.px(70) - pad);
            if (QuizPicture* pic = picture(c.picture)) pic->draw(target, t, pr);
            const std::string mark =
                multiple ? (d.picked[k] ? kBoxOn : kBoxOff) : (d.picked[k] ? kRadioOn : kRadioOff);
            t.text(target, mark + std::string("  ") + std::to_string(k + 1), tile.left + pad,
                   pr.top + pr.height + t.px(8), 17, d.picked[k] ? colours::kAccent : colours::kText,
                   Align::Left, true);
            t.paragraph(target, c.text, tile.left + pad, pr.top + pr.height + t.px(32), tile.width - 2 * pad,
                        13, colours::kTextDim, 1.25f);
        }
        return y + tileH + t.px(8);
    }

    for (size_t k = 0; k < n; ++k) {
        const std::string text = textOf(k);
        const float textW = w - t.px(110);
        const float h = std::max(t.px(46), t.paragraphHeight(text, textW, 17) + t.px(22));
        if (y + h > bottom) break;
        const sf::FloatRect row(x, y, w, h);
        m_optionRects.push_back(row);
        const bool cursor = static_cast<int>(k) == d.cursor;
        t.panel(target, row,
                d.picked[k] ? colours::kPanelHover
                : cursor    ? colours::kPanelRaised
                            : colours::kBackground,
                8, frameColour(k, cursor && !graded));
        const std::string mark =
            multiple ? (d.picked[k] ? kBoxOn : kBoxOff) : (d.picked[k] ? kRadioOn : kRadioOff);
        t.text(target, mark, x + t.px(16), y + h / 2 - t.px(12), 20,
               d.picked[k] ? colours::kAccent : colours::kTextDim);
        t.text(target, std::to_string(k + 1), x + t.px(50), y + h / 2 - t.px(11), 17, colours::kTextFaint,
               Align::Left, true);
        t.paragraph(target, text, x + t.px(80), y + t.px(11), textW, 17, colours::kText);
        if (graded && (isRight(k) || d.picked[k]))
            t.text(target, isRight(k) ? render::kTick : render::kCross, x + w - t.px(16),
                   y + h / 2 - t.px(12), 20, isRight(k) ? colours::kPass : colours::kFail, Align::Right,
                   true);
        y += h + t.px(8);
    }
    return y;
}

float QuizScreen::drawNumeric(sf::RenderTarget& target, float x, float y, float w) {
    const Theme& t = m_theme;
    m_optionRects.clear();
    const Question& q = m_run->quiz->item(m_current).question;
    const Draft& d = m_drafts[m_current];
    const float boxW = std::min(w, t.px(260));
    const sf::FloatRect box(x, y, boxW, t.px(56));
    const bool locked = m_run->quiz->isAnswered(m_current) && m_feedback.count(m_current);
    t.panel(target, box, colours::kBackground, 8, locked ? colours::kBorder : colours::kAccent);
    const std::string shown = d.number.empty() && !locked ? "" : d.number;
    const float tw =
        t.text(target, shown, box.left + t.px(16), box.top + t.px(12), 26, colours::kText, Align::Left, true);
    if (!locked)
        t.rect(target, {box.left + t.px(18) + tw, box.top + t.px(12), t.px(2), t.px(32)}, colours::kAccent);
    if (!q.numeric.unit.empty())
        t.text(target, q.numeric.unit, box.left + box.width + t.px(14), box.top + t.px(15), 20,
               colours::kTextDim);
    t.text(target,
           "A number from " + formatNumber(q.numeric.min) + " to " + formatNumber(q.numeric.max) +
               (q.numeric.unit.empty() ? "" : " " + q.numeric.unit),
           x, box.top + box.height + t.px(10), 13, colours::kTextFaint);
    return box.top + box.height + t.px(36);
}

float QuizScreen::drawOrdering(sf::RenderTarget& target, float x, float y, float w) {
    const Theme& t = m_theme;
    const QuizItem& item = m_run->quiz->item(m_current);
    const Question& q = item.question;
    const Draft& d = m_drafts[m_current];
    const auto fb = m_feedback.find(m_current);
    const bool graded = fb != m_feedback.end();
    m_optionRects.clear();
    for (size_t slot = 0; slot < d.order.size(); ++slot) {
        const size_t shown = static_cast<size_t>(d.order[slot]);
        const int original = item.display[shown];
        const std::string& text = q.items[static_cast<size_t>(original)];
        const float textW = w - t.px(130);
        const float h = std::max(t.px(44), t.paragraphHeight(text, textW, 17) + t.px(20));
        const bool cursor = static_cast<int>(slot) == d.cursor;
        const bool grabbed = cursor && d.grabbed;
        const sf::Color frame = graded
                                    ? (original == static_cast<int>(slot) ? colours::kPass : colours::kFail)
                                : cursor ? colours::kAccent
                                         : sf::Color::Transparent;
        const sf::FloatRect row(grabbed ? x + t.px(12) : x, y, w, h);
        m_optionRects.push_back({x, y, w, h});
        t.panel(target, row,
                grabbed  ? colours::kPanelHover
                : cursor ? colours::kPanelRaised
                         : colours::kBackground,
                8, frame);
        t.text(target, std::to_string(slot + 1) + ".", row.left + t.px(16), y + h / 2 - t.px(11), 17,
               colours::kTextFaint, Align::Left, true);
        t.paragraph(target, text, row.left + t.px(60), y + t.px(10), textW, 17, colours::kText);
        if (grabbed)
            t.text(target, kUpDown, row.left + row.width - t.px(16), y + h / 2 - t.px(12), 20,
                   colours::kAccent, Align::Right, true);
        y += h + t.px(8);
    }
    return y;
}

void QuizScreen::drawFeedback(sf::RenderTarget& target, sf::FloatRect r) {
    const Theme& t = m_theme;
    const QuestionGrade& g = m_feedback.at(m_current);
    const Question& q = m_run->quiz->item(m_current).question;
    const sf::Color c = verdictColour(g);
    t.panel(target, r, colours::kPanelRaised, 8, c);
    t.rect(target, {r.left + t.px(1), r.top + t.px(10), t.px(4), r.height - t.px(20)}, c);
    const float x = r.left + t.px(16);
    const float w = r.width - t.px(32);
    float y = r.top + t.px(14);
    t.text(target, verdictTitle(g), x, y, 20, c, Align::Left, true);
    t.text(target, render::fixed(g.credit, g.credit == std::round(g.credit) ? 0 : 2) + " / 1",
           r.left + r.width - t.px(16), y + t.px(2), 16, colours::kTextDim, Align::Right, true);
    y += t.px(36);
    std::string body;
    if (g.credit < 1.0 - 1e-9) body += "The answer: " + g.correctAnswer + "\n";
    for (const auto& f : g.feedback)
        body += f + "\n";
    body += g.explanation;
    y += t.paragraph(target, body, x, y, w, 15, colours::kText) + t.px(10);
    if (!q.source.empty()) t.paragraph(target, "Source: " + q.source, x, y, w, 13, colours::kTextDim);
}

std::vector<KeyHelp> QuizScreen::keys() const {
    if (!m_run)
        return {{"\xE2\x86\x91 / \xE2\x86\x93", "choose the question bank"},
                {"\xE2\x86\x90 / \xE2\x86\x92", "fewer / more questions"},
                {"E", "practice (feedback after each answer) or exam (at the end)"},
                {"T", "time limit: none, 2, 5, 10, 20 minutes"},
                {"Enter or Space", "start the quiz"},
                {"Esc", "back to the levels"}};
    if (m_section)
        return {
            {"1 \xE2\x80\xA6 9, A \xE2\x80\xA6 Z, or a click", "choose / tick that answer (saved at once)"},
            {"T / F", "true / false"},
            {"0 \xE2\x80\xA6 9 . - Backspace", "type a number (Enter keeps it)"},
            {"drag, or Space + \xE2\x86\x91 / \xE2\x86\x93", "ordering: move an item"},
            {"Enter", "next question"},
            {"Page Up / Page Down, or the bar", "previous / next question, or any question"},
            {"Ctrl+Enter or Hand in", "hand in the questions (asks first)"},
            {"(time-out)", "the questions are handed in when the section's time runs out"}};
    return {{"1 \xE2\x80\xA6 9, A \xE2\x80\xA6 Z", "choose / tick that answer"},
            {"\xE2\x86\x91 / \xE2\x86\x93, Space", "move, then choose / tick (ordering: pick up / put down)"},
            {"Shift+\xE2\x86\x91 / \xE2\x86\x93", "ordering: move the selected item"},
            {"T / F", "true / false"},
            {"0 \xE2\x80\xA6 9 . - Backspace", "type a number"},
            {"Enter", "answer; after the feedback, the next question"},
            {"Tab or Page Down", "next question (skip)"},
            {"Page Up", "previous question"},
            {"Esc", "hand in and see the review"}};
}

} // namespace stipple::app
