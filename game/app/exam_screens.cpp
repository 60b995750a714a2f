// The exam screens. They never write a record themselves: every answer, hand-in and time-out goes
// through ExamFlow, which appends it to the recording at once. Times shown are the section's:
// practical time is the levels' session ticks (what the recording holds), quiz time is the
// frames' real time, capped per frame as the practice screen caps it.
#include "app/exam_screens.h"

#include "app/app.h"
#include "app/hud.h"
#include "config/station_config.h"
#include "io/numbers.h"
#include "record/level_versions.h"
#include "record/recording_reader.h"
#include "render/theme.h"

#include <algorithm>
#include <cmath>

namespace stipple::app {

using render::Align;
using render::Theme;
namespace colours = render::colours;
using render::fixed;

namespace {

std::string minutesText(double seconds) {
    const double m = seconds / 60.0;
    return formatNumber(std::round(m * 10.0) / 10.0) + " min";
}

std::string timingText(FeedbackTiming t) {
    switch (t) {
    case FeedbackTiming::Immediately:
        return "at the end of the exam";
    case FeedbackTiming::AfterDecision:
        return "after the academy's decision";
    case FeedbackTiming::Never:
        return "not shown";
    }
    return "";
}

/// A UTF-8 string without its last character.
void popUtf8(std::string& s) {
    while (!s.empty()) {
        const unsigned char c = static_cast<unsigned char>(s.back());
        s.pop_back();
        if ((c & 0xC0) != 0x80) break;
    }
}

/// The countdown pill: section name, position, time left (red in the last minute).
void drawCountdown(const Theme& t, sf::RenderTarget& target, float centreX, float y, const std::string& label,
                   double leftS) {
    const std::string time = clockText(std::max(0.0, leftS)) + " left";
    const float w = t.textWidth(label, 13) + t.textWidth(time, 20, true) + t.px(56);
    const sf::FloatRect r(centreX - w / 2, y, w, t.px(40));
    const bool urgent = leftS < 60.0;
    t.panel(target, r, sf::Color(21, 23, 26, 235), 8, urgent ? colours::kFail : colours::kAccent);
    t.text(target, label, r.left + t.px(18), r.top + t.px(12), 13, colours::kTextDim);
    t.text(target, time, r.left + r.width - t.px(18), r.top + t.px(7), 20,
           urgent ? colours::kFail : colours::kText, Align::Right, true);
}

bool isKey(const sf::Event& e, sf::Keyboard::Key k) {
    return e.type == sf::Event::KeyPressed && e.key.code == k;
}

} // namespace

ExamFlowConfig examConfig(const Options& o) {
    ExamFlowConfig c;
    c.examPath = o.exam.empty() ? o.dataDir + "/levels/exams/foundation-certificate.xml" : o.exam;
    c.station = o.examStation.empty() ? defaultStation() : o.examStation;
    c.userDir = o.examUserData.empty() ? userDataDir() : o.examUserData;
    c.dbPath = o.db; // the trainer's results database (--db), else the user data folder's
    return c;
}

std::unique_ptr<Screen> makeExamScreen(const Theme& theme, Navigator& nav, const Options& o,
                                       const std::string& which, std::string& error) {
    ExamFlowConfig config = examConfig(o);
    if (which == "exam-final") {
        if (o.examRecording.empty()) {
            error = "--screen exam-final needs --recording FILE (a closed exam recording)";
            return nullptr;
        }
        // The exam the recording names (for its title and what the candidate may see).
        const RecordingRead read = readRecording(o.examRecording);
        if (!read.recording) {
            error = read.recovery.message();
            return nullptr;
        }
        for (const RecordedFile& f : read.recording->header.files)
            if (f.role == "exam") config.examPath = f.path;
        auto flow = ExamFlow::open(config, error);
        if (!flow) return nullptr;
        return std::make_unique<ExamFinalScreen>(
            theme, nav, flow->exam(), gradeRecordingFile(o.examRecording, levelVersionsDir(config.userDir)));
    }
    auto flow = ExamFlow::open(config, error);
    if (which == "exam-instructions") {
        if (!flow) return nullptr;
        flow->previewCandidate(o.examCandidate.empty() ? "C-0001" : o.examCandidate,
                               o.examName.empty() ? "Candidate" : o.examName);
        return std::make_unique<ExamInstructionsScreen>(theme, nav, flow);
    }
    auto signIn = std::make_unique<ExamSignInScreen>(theme, nav, flow, error);
    error.clear();
    if (!o.examCandidate.empty() || !o.examName.empty()) signIn->setFields(o.examCandidate, o.examName);
    return signIn;
}

/// The sitting cannot go on (a file changed, the disk failed): the final screen says why; the
/// recording keeps everything so far and the sitting can be resumed once the cause is fixed.
std::unique_ptr<Screen> stoppedExamScreen(const Theme& theme, Navigator& nav, const ExamFlow& flow,
                                          const std::string& error) {
    ExamOutcome stopped;
    stopped.recording = flow.recordingPath();
    stopped.problems.push_back("The exam stopped: " + error);
    return std::make_unique<ExamFinalScreen>(theme, nav, flow.exam(), std::move(stopped));
}

std::unique_ptr<Screen> nextExamScreen(const Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow) {
    std::string error;
    if (!flow->allSectionsDone()) {
        if (flow->instanceSection().kind == SectionKind::Practical) {
            if (auto run = flow->beginLevel(error))
                return std::make_unique<ExamPracticalScreen>(theme, nav, flow, std::move(*run));
        } else if (auto quiz = flow->beginQuiz(error)) {
            return makeExamQuizScreen(theme, nav, flow, std::move(*quiz));
        }
        return stoppedExamScreen(theme, nav, *flow, error);
    }
    return std::make_unique<ExamFinalScreen>(theme, nav, flow->exam(), flow->finish());
}

// The sign-in screen.

ExamSignInScreen::ExamSignInScreen(const Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow,
                                   std::string loadError)
    : m_theme(theme), m_nav(nav), m_flow(std::move(flow)), m_loadError(std::move(loadError)) {}

void ExamSignInScreen::setFields(const std::string& id, const std::string& name) {
    m_fields[0] = id;
    m_fields[1] = name;
    m_field = 1;
}

void ExamSignInScreen::submit() {
    if (!m_flow) return;
    if (m_resumeOffer) {
        std::string error;
        if (!m_flow->resume(error)) {
            m_message = error;
            m_resumeOffer = false;
            return;
        }
        m_nav.showScreen(nextExamScreen(m_theme, m_nav, m_flow));
        return;
    }
    const ExamSignIn s = m_flow->checkCandidate(m_fields[0], m_fields[1]);
    switch (s.kind) {
    case ExamSignIn::Kind::Refused:
        m_message = s.reason;
        break;
    case ExamSignIn::Kind::Fresh:
        m_nav.showScreen(std::make_unique<ExamInstructionsScreen>(m_theme, m_nav, m_flow));
        break;
    case ExamSignIn::Kind::Resume:
        m_resumeOffer = true;
        m_message =
            "Attempt " + std::to_string(s.attempt) + ", started " + s.startedAt +
            " on this station, was not finished. Enter resumes it where it stopped; the time already used "
            "counts. Esc cancels.";
        break;
    }
}

void ExamSignInScreen::handleEvent(const sf::Event& e) {
    if (e.type == sf::Event::TextEntered) {
        const sf::Uint32 c = e.text.unicode;
        if (c < 32 || c == 127 || m_resumeOffer || !m_flow) return;
        std::string& f = m_fields[m_field];
        if (f.size() < 80) {
            const sf::String s(c);
            const auto utf8 = s.toUtf8();
            f.append(utf8.begin(), utf8.end());
        }
        m_message.clear();
        return;
    }
    if (e.type != sf::Event::KeyPressed) return;
    switch (e.key.code) {
    case sf::Keyboard::Escape:
        if (m_resumeOffer) {
            m_resumeOffer = false;
            m_message.clear();
        } else {
            m_nav.showLevelSelect();
        }
        break;
    case sf::Keyboard::Tab:
    case sf::Keyboard::Down:
    case sf::Keyboard::Up:
        m_field = 1 - m_field;
        break;
    case sf::Keyboard::BackSpace:
        if (!m_resumeOffer) popUtf8(m_fields[m_field]);
        break;
    case sf::Keyboard::Enter:
        if (!m_resumeOffer && m_field == 0 && m_fields[1].empty())
            m_field = 1;
        else
            submit();
        break;
    default:
        break;
    }
}

void ExamSignInScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    const float w = std::min(float(m_size.x) - t.px(80), t.px(720));
    const float x = (m_size.x - w) / 2, pad = t.px(32);
    float y = t.px(90);
    t.text(target, "CERTIFICATION EXAM", x, y, 12, colours::kAccent, Align::Left, true);
    y += t.px(22);
    // A long exam title wraps (it ran off the window's edge).
    for (const std::string& line :
         t.wrap(m_flow ? m_flow->exam().title : std::string("The exam cannot be opened"), w, 24, true)) {
        t.text(target, line, x, y, 24, colours::kText, Align::Left, true);
        y += t.px(31);
    }
    y += t.px(17);
    if (!m_flow) {
        t.paragraph(target, m_loadError, x, y, w, 14, colours::kFail);
        t.flush(target);
        return;
    }
    const float h = t.px(300);
    t.panel(target, {x, y, w, h}, colours::kPanel, 12, colours::kBorder);
    const char* labels[2] = {"Candidate id", "Full name (as on the certificate)"};
    float fy = y + pad;
    for (int i = 0; i < 2; ++i) {
        t.text(target, labels[i], x + pad, fy, 13, colours::kTextDim);
        const sf::FloatRect box(x + pad, fy + t.px(22), w - 2 * pad, t.px(44));
        const bool active = i == m_field && !m_resumeOffer;
        t.panel(target, box, colours::kPanelRaised, 6, active ? colours::kAccent : colours::kBorder);
        const std::string shown = m_fields[i] + (active ? "_" : "");
        t.text(target, shown, box.left + t.px(14), box.top + t.px(11), 17, colours::kText);
        fy += t.px(92);
    }
    t.text(target, "Station: " + m_flow->config().station, x + pad, fy + t.px(4), 13, colours::kTextFaint);
    const int allowed = m_flow->exam().attempts.allowed;
    t.text(target,
           (allowed ? std::to_string(allowed) + " attempts allowed" : std::string("Unlimited attempts")) +
               (m_flow->exam().attempts.waitDays
                    ? ", at least " + std::to_string(m_flow->exam().attempts.waitDays) + " days apart"
                    : std::string()),
           x + w - pad, fy + t.px(4), 13, colours::kTextFaint, Align::Right);
    y += h + t.px(24);
    if (!m_message.empty()) {
        const float mh = t.paragraphHeight(m_message, w - 2 * pad, 15) + 2 * t.px(16);
        t.panel(target, {x, y, w, mh}, m_resumeOffer ? sf::Color(36, 52, 50) : sf::Color(70, 40, 36), 8,
                m_resumeOffer ? colours::kAccent : colours::kFail);
        t.paragraph(target, m_message, x + pad, y + t.px(16), w - 2 * pad, 15, colours::kText);
        y += mh + t.px(16);
    }
    t.text(target,
           m_resumeOffer ? "Enter resume    Esc cancel"
                         : "Type the id, Tab, the name, Enter    Esc back to the levels    F1 help",
           x, float(m_size.y) - t.px(40), 13, colours::kTextFaint);
    t.flush(target);
}

std::vector<KeyHelp> ExamSignInScreen::keys() const {
    return {{"Type", "the candidate id, then the name"},
            {"Tab, \xE2\x86\x91 / \xE2\x86\x93", "the other field"},
            {"Backspace", "delete the last character"},
            {"Enter", "sign in (checks attempts allowed and the waiting period); resume when offered"},
            {"Esc", "cancel a resume offer; back to the levels"}};
}

// The instructions screen.

ExamInstructionsScreen::ExamInstructionsScreen(const Theme& theme, Navigator& nav,
                                               std::shared_ptr<ExamFlow> flow)
    : m_theme(theme), m_nav(nav), m_flow(std::move(flow)) {}

void ExamInstructionsScreen::handleEvent(const sf::Event& e) {
    if (isKey(e, sf::Keyboard::Enter)) {
        if (!m_flow->start(m_error)) return;
        m_nav.showScreen(nextExamScreen(m_theme, m_nav, m_flow));
    } else if (isKey(e, sf::Keyboard::Escape)) {
        m_nav.showScreen(std::make_unique<ExamSignInScreen>(m_theme, m_nav, m_flow));
    }
}

void ExamInstructionsScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const Exam& exam = m_flow->exam();
    target.clear(colours::kBackground);
    const float w = std::min(float(m_size.x) - t.px(80), t.px(900));
    const float x = (m_size.x - w) / 2;
    float y = t.px(40);
    t.text(target,
           "INSTRUCTIONS  \xC2\xB7  ATTEMPT " + std::to_string(m_flow->attemptNumber()) +
               (exam.attempts.allowed ? " OF " + std::to_string(exam.attempts.allowed) : std::string()),
           x, y, 12, colours::kAccent, Align::Left, true);
    y += t.px(22);
    // A long exam title wraps (it ran off the window's edge).
    for (const std::string& line : t.wrap(exam.title, w, 24, true)) {
        t.text(target, line, x, y, 24, colours::kText, Align::Left, true);
        y += t.px(31);
    }
    y += t.px(7);
    // Wrapped: a long id and name run past a narrow window's edge on one line.
    y += t.paragraph(target,
                     "Candidate " + m_flow->candidateId() + "  \xC2\xB7  " + m_flow->candidateName() +
                         "  \xC2\xB7  station " + m_flow->config().station,
                     x, y, w, 14, colours::kTextDim) +
         t.px(17);

    // The sections, in the order they are sat.
    // The extra time sign-in granted from the academy's candidate list (or the exam's own list).
    const auto& granted = m_flow->accommodation();
    const Accommodation* legacy = granted ? nullptr : exam.findAccommodation(m_flow->candidateId());
    const bool extra = granted ? granted->extraPercent > 0 || granted->extraMinutes > 0 : legacy != nullptr;
    const std::string extraReason = granted ? granted->reason : legacy ? legacy->reason : std::string();
    for (std::size_t i = 0; i < exam.sections.size(); ++i) {
        const ExamSection& s = exam.sections[i];
        const float h = t.px(74);
        t.panel(target, {x, y, w, h}, colours::kPanel, 10, colours::kBorder);
        t.text(target, std::to_string(i + 1) + ".  " + s.title, x + t.px(20), y + t.px(14), 17,
               colours::kText, Align::Left, true);
        std::string what;
        if (s.kind == SectionKind::Practical) {
            std::size_t levels = 0;
            for (const PracticalItem& item : s.items)
                levels += item.pool ? static_cast<std::size_t>(item.pool->count) : 1;
            what = std::to_string(levels) +
                   (levels == 1 ? " level" : " levels, one after the other, sharing the time,") +
                   " on the simulated handpiece";
        } else {
            int questions = 0;
            for (const BankRef& bank : s.banks)
                for (const QuestionDraw& draw : bank.draws)
                    questions += draw.count;
            for (const ScenarioDraw& draw : s.scenarios)
                questions += draw.count;
            what = std::to_string(questions) + " questions, answered with the keyboard";
        }
        what += "  \xC2\xB7  weight " + formatNumber(s.weight) + "  \xC2\xB7  pass mark " +
                formatNumber(s.passMark);
        t.text(target, what, x + t.px(20), y + t.px(44), 13, colours::kTextDim);
        const double limit = m_flow->sectionLimitS(i);
        std::string time = minutesText(limit);
        t.text(target, time, x + w - t.px(20), y + t.px(12), 20, colours::kText, Align::Right, true);
        if (limit > s.timeLimitS + 1e-9)
            t.text(target, minutesText(s.timeLimitS) + " + extra time", x + w - t.px(20), y + t.px(44), 12,
                   colours::kWarm, Align::Right);
        y += h + t.px(10);
    }
    y += t.px(8);
    if (extra)
        t.text(target,
               "Extra time granted" + (extraReason.empty() ? std::string() : " (" + extraReason + ")") +
                   ": the times above include it.",
               x, y, 13, colours::kWarm),
            y += t.px(26);

    // The rules.
    auto yesNo = [](bool b) { return b ? std::string("allowed") : std::string("not allowed"); };
    const CandidateView& v = exam.view;
    std::vector<std::string> rules = {
        "Each section has its own time, counting down at the top of the screen. When it runs out the section "
        "is "
        "handed in automatically with the work done so far.",
        "Every stroke and every answer is recorded as it is made. If the program or the computer stops, sign "
        "in again "
        "on this station to resume: the time already used counts.",
        "Target ghost: " + yesNo(v.ghost) + ".   Undo: " + yesNo(v.undo) +
            ".   Live score and density heatmap: " +
            (v.liveScore ? std::string("shown where the level has them") : std::string("hidden")) + ".",
        "Overall pass mark " + formatNumber(exam.passRule.overallPassMark) +
            (exam.passRule.everySection ? ", and every section must be passed." : "."),
        "Scores and pass/fail: " + timingText(v.scoreShown) +
            ".   Per-metric breakdown: " + timingText(v.metricsShown) + ".",
    };
    for (const ExamSection& s : exam.sections)
        for (const ExamVeto& veto : s.vetoes)
            if (!veto.reason.empty())
                rules.push_back("Fails " + s.title + " whatever the score: " + veto.reason);
    for (const std::string& r : rules) {
        t.text(target, "\xE2\x80\xA2", x, y, 14, colours::kAccent);
        y += t.paragraph(target, r, x + t.px(18), y, w - t.px(18), 14, colours::kText) + t.px(8);
    }
    if (!m_error.empty()) {
        y += t.px(8);
        t.paragraph(target, "The exam cannot start: " + m_error, x, y, w, 14, colours::kFail);
    }
    const sf::FloatRect button(x + w - t.px(260), float(m_size.y) - t.px(80), t.px(260), t.px(46));
    t.panel(target, button, colours::kAccent, 8);
    t.text(target, "Start the exam  \xC2\xB7  Enter", button.left + button.width / 2, button.top + t.px(12),
           16, colours::kBackground, Align::Centre, true);
    t.text(target, "Esc back to sign-in    F1 help", x, float(m_size.y) - t.px(66), 13, colours::kTextFaint);
    t.flush(target);
}

std::vector<KeyHelp> ExamInstructionsScreen::keys() const {
    return {{"Enter", "start the exam: the first section's time starts"}, {"Esc", "back to sign-in"}};
}

// The practical screen.

ExamPracticalScreen::ExamPracticalScreen(const Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow,
                                         ExamLevelRun run)
    : m_theme(theme), m_nav(nav), m_flow(std::move(flow)),
      m_practice(std::make_unique<PracticeScreen>(
          theme, nav, std::move(run.session), run.shown, /*brief=*/true, run.readingTimeCounts,
          "EXAM  \xC2\xB7  LEVEL " + std::to_string(run.item + 1) + " OF " + std::to_string(run.count) +
              "  \xC2\xB7  READ BEFORE YOU BEGIN")),
      m_run(std::move(run)) {
    m_limitS = m_flow->sectionLimitS(m_flow->sectionIndex());
}

double ExamPracticalScreen::sectionLeftS() const {
    if (m_done) return 0.0;
    return m_limitS - m_run.usedBeforeS - m_practice->session().elapsedS();
}

void ExamPracticalScreen::handInIfFinished() {
    if (m_done || !m_practice->session().finished()) return;
    m_done = true;
    m_run.session = m_practice->takeExamSession();
    const bool ok = m_flow->endLevel(std::move(m_run), m_error);
    m_nav.showScreen(ok ? nextExamScreen(m_theme, m_nav, m_flow)
                        : stoppedExamScreen(m_theme, m_nav, *m_flow, m_error));
}

void ExamPracticalScreen::handleEvent(const sf::Event& e) {
    if (m_done) return;
    m_practice->handleEvent(e);
    handInIfFinished();
}

void ExamPracticalScreen::update(double dtS) {
    if (m_done) return;
    m_practice->update(dtS);
    if (m_run.recorder && !m_run.recorder->ok()) m_error = m_run.recorder->error();
    handInIfFinished();
}

void ExamPracticalScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    m_practice->draw(target);
    if (m_done) return;
    const std::string label = "EXAM  \xC2\xB7  " + m_flow->section().title + "  \xC2\xB7  level " +
                              std::to_string(m_run.item + 1) + " of " + std::to_string(m_run.count);
    const float canvasCentre =
        (float(target.getSize().x) - std::clamp(target.getSize().x * 0.27f, t.px(290), t.px(360))) / 2;
    if (m_flow->exam().view.timer) drawCountdown(t, target, canvasCentre, t.px(76), label, sectionLeftS());
    if (!m_error.empty())
        t.text(target, "Recording failed: " + m_error, t.px(20), float(target.getSize().y) - t.px(64), 14,
               colours::kFail);
    t.flush(target);
}

std::vector<KeyHelp> ExamPracticalScreen::keys() const {
    std::vector<KeyHelp> k = m_practice->keys();
    k.erase(std::remove_if(k.begin(), k.end(), [](const KeyHelp& h) { return h.keys == "Esc"; }), k.end());
    for (KeyHelp& h : k)
        if (h.keys == "Enter") h.action = "hand this level in (the exam moves on)";
    k.push_back({"(time-out)", "the level is handed in automatically when the section's time runs out"});
    return k;
}

// The quiz screen.

std::unique_ptr<Screen> makeExamQuizScreen(const Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow,
                                           ExamQuizRun quiz) {
    auto run = std::make_shared<ExamQuizRun>(std::move(quiz));
    QuizSection section;
    section.heading = "EXAM  \xC2\xB7  " + run->title;
    section.questions = run->questions;
    section.baseDirs = run->baseDirs;
    section.categories = run->categories;
    section.answers = run->answers;
    section.displaySeed = run->displaySeed;
    section.limitS = run->limitS;
    section.usedS = run->usedS;
    section.showTimer = flow->exam().view.timer;
    section.record = [flow, run](size_t index, const Response& answer, double usedS, std::string& error) {
        run->answers.at(index) = answer;
        return flow->answer(*run, static_cast<int>(index), usedS, error);
    };
    section.clock = [flow](double usedS) { flow->quizClock(usedS); };
    section.handIn = [&theme, &nav, flow](double usedS, bool timedOut) {
        std::string error;
        const bool ok = flow->endQuiz(usedS, timedOut, error);
        nav.showScreen(ok ? nextExamScreen(theme, nav, flow) : stoppedExamScreen(theme, nav, *flow, error));
    };
    return std::make_unique<QuizScreen>(theme, nav, std::move(section));
}

// The final screen.

ExamFinalScreen::ExamFinalScreen(const Theme& theme, Navigator& nav, const Exam& exam, ExamOutcome outcome)
    : m_theme(theme), m_nav(nav), m_examTitle(exam.title), m_view(exam.view), m_outcome(std::move(outcome)) {}

bool ExamFinalScreen::showsScores() const {
    return m_outcome.result && m_view.scoreShown == FeedbackTiming::Immediately;
}

void ExamFinalScreen::scrollBy(float delta) {
    m_scroll = std::clamp(m_scroll + delta, 0.f, m_maxScroll);
}

void ExamFinalScreen::handleEvent(const sf::Event& e) {
    if (isKey(e, sf::Keyboard::Enter) || isKey(e, sf::Keyboard::Escape)) {
        m_nav.showLevelSelect();
        return;
    }
    // The result may be longer than the window (many levels and metrics): it scrolls.
    const float line = m_theme.px(22);
    const float page = std::max(line, m_bodyHeight * 0.85f);
    if (e.type == sf::Event::KeyPressed) {
        switch (e.key.code) {
        case sf::Keyboard::Up:
            scrollBy(-line);
            break;
        case sf::Keyboard::Down:
            scrollBy(line);
            break;
        case sf::Keyboard::PageUp:
            scrollBy(-page);
            break;
        case sf::Keyboard::PageDown:
        case sf::Keyboard::Space:
            scrollBy(page);
            break;
        case sf::Keyboard::Home:
            m_scroll = 0;
            break;
        case sf::Keyboard::End:
            m_scroll = m_maxScroll;
            break;
        default:
            break;
        }
    } else if (e.type == sf::Event::MouseWheelScrolled) {
        scrollBy(-e.mouseWheelScroll.delta * 3 * line);
    }
}

void ExamFinalScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    const float w = std::min(float(m_size.x) - t.px(80), t.px(900));
    const float x = (m_size.x - w) / 2;
    const ExamResult* r = m_outcome.result ? &*m_outcome.result : nullptr;

    // Fixed header: what was sat, by whom.
    float y = t.px(36);
    t.text(target, r ? "EXAM SUBMITTED" : "EXAM NOT GRADED", x, y, 12, r ? colours::kAccent : colours::kFail,
           Align::Left, true);
    y += t.px(22);
    // The whole title, wrapped (it was cut with "…"): the exam officer reads which exam this was.
    for (const std::string& l : t.wrap(m_examTitle, w, 24, true)) {
        t.text(target, l, x, y, 24, colours::kText, Align::Left, true);
        y += t.px(31);
    }
    y += t.px(7);
    if (r) {
        const std::string who = r->candidateName + "  \xC2\xB7  " + r->candidateId + "  \xC2\xB7  attempt " +
                                std::to_string(r->attempt) + "  \xC2\xB7  finished " + r->finishedAt;
        for (const std::string& l : t.wrap(who, w, 14))
            t.text(target, l, x, y, 14, colours::kTextDim), y += t.px(20);
        y += t.px(10);
    }
    const float footH = t.px(56);
    const sf::FloatRect body{0, y, float(m_size.x), float(m_size.y) - footH - y};
    m_bodyHeight = body.height;
    m_scroll = std::clamp(m_scroll, 0.f, m_maxScroll);

    // The scrolling body. A line of text is drawn only when it is whole inside the body, so
    // nothing is shown cut in half at its edges.
    std::optional<Theme::Clip> clip(std::in_place, t, target, body);
    const float top = body.top - m_scroll;
    y = top;
    auto whole = [&](float ly, float size) {
        return ly >= body.top - 0.5f && ly + t.px(size * 1.4f) <= body.top + body.height + 0.5f;
    };
    auto line = [&](const std::string& s, float lx, float ly, float size, sf::Color c, Align a = Align::Left,
                    bool bold = false) {
        if (whole(ly, size)) t.text(target, s, lx, ly, size, c, a, bold);
    };
    auto para = [&](const std::string& s, float px0, float py, float pw, float size, sf::Color c,
                    bool bold = false) {
        float ly = py;
        for (const std::string& l : t.wrap(s, pw, size, bold)) {
            line(l, px0, ly, size, c, Align::Left, bold);
            ly += t.px(size * 1.45f);
        }
        return ly - py;
    };

    if (showsScores()) {
        // Say why first: the rule that decided the verdict, marked (not only coloured) and whole.
        const std::string why = std::string(r->passed ? "\xE2\x9C\x93 " : "\xE2\x9C\x97 ") +
                                examDecidingRule(*r, m_outcome.names);
        const auto whyLines = t.wrap(why, w - t.px(40), 15, true);
        const float bh = t.px(16) + whyLines.size() * t.px(22) + t.px(12);
        t.panel(target, {x, y, w, bh}, colours::kPanel, 10, r->passed ? colours::kPass : colours::kFail);
        float ly = y + t.px(14);
        for (const std::string& l : whyLines) {
            line(l, x + t.px(20), ly, 15, r->passed ? colours::kPass : colours::kFail, Align::Left, true);
            ly += t.px(22);
        }
        y += bh + t.px(12);

        const float h = t.px(104);
        t.panel(target, {x, y, w, h}, colours::kPanel, 12, r->passed ? colours::kPass : colours::kFail);
        line(r->passed ? "PASSED" : "NOT PASSED", x + t.px(28), y + t.px(20), 34,
             r->passed ? colours::kPass : colours::kFail, Align::Left, true);
        line(fixed(r->score, 1), x + w - t.px(28), y + t.px(14), 40, colours::kText, Align::Right, true);
        line("overall score", x + w - t.px(28), y + t.px(74), 12, colours::kTextDim, Align::Right);
        if (r->passed && !r->expiresOn.empty())
            line("Certificate valid until " + r->expiresOn, x + t.px(28), y + t.px(74), 13,
                 colours::kTextDim);
        y += h + t.px(16);
        const bool metrics = m_view.metricsShown == FeedbackTiming::Immediately;
        const ResultNames& names = m_outcome.names;
        for (std::size_t si = 0; si < r->sections.size(); ++si) {
            const ResultSection& s = r->sections[si];
            // With the breakdown shown: a row per level by its title, and under it its metrics by
            // the labels the results screen gives them (both wrapped, never cut); a quiz section's
            // questions are summed up in one row.
            const bool quiz = s.kind == "quiz";
            const float lineH = t.px(22), metricH = t.px(22) * 0.8f, titleH = t.px(17);
            std::vector<std::string> scores(s.items.size());
            std::vector<std::vector<std::string>> titles(s.items.size()), metricLines(s.items.size());
            float rowsH = 0;
            if (metrics && quiz)
                rowsH = lineH;
            else if (metrics)
                for (std::size_t i = 0; i < s.items.size(); ++i) {
                    const ResultItem& item = s.items[i];
                    scores[i] = item.kind == ResultItem::Kind::Level ? fixed(item.score, 1)
                                                                     : fixed(item.score * 100, 0) + " %";
                    titles[i] = t.wrap(names.itemTitle(*r, si, i),
                                       w - t.px(72) - t.textWidth(scores[i], 12) - t.px(16), 12);
                    // One metric is one unbreakable piece: its label and score (a failed one marked
                    // ✗, as on the results screen); lines break only between metrics.
                    std::string all;
                    for (std::size_t mi = 0; mi < item.metrics.size(); ++mi) {
                        const ResultMetric& metric = item.metrics[mi];
                        std::string piece = names.metricLabel(*r, si, i, mi) + " " + fixed(metric.score, 0) +
                                            (metric.passed ? "" : " \xE2\x9C\x97");
                        for (std::size_t at = piece.find(' '); at != std::string::npos;
                             at = piece.find(' ', at))
                            piece.replace(at, 1, "\xC2\xA0");
                        // The separator stays with the metric before it: no line starts with "·".
                        all += (all.empty() ? "" : "\xC2\xA0\xC2\xB7  ") + piece;
                    }
                    if (!all.empty()) metricLines[i] = t.wrap(all, w - t.px(72), 11);
                    rowsH += lineH + (titles[i].size() > 1 ? (titles[i].size() - 1) * titleH : 0.f) +
                             metricLines[i].size() * metricH;
                }
            const std::string stats = "pass mark " + formatNumber(s.passMark) + "  \xC2\xB7  time used " +
                                      clockText(s.timeUsedS) + " of " + clockText(s.timeLimitS) +
                                      (s.timedOut ? "  \xC2\xB7  handed in at time-out" : "");
            const std::string verdict = fixed(s.score, 1) + (s.passed ? "  passed" : "  not passed");
            const float verdictW = t.textWidth(verdict, 18, true);
            const auto titleLines = t.wrap(s.title, w - t.px(60) - verdictW, 16, true);
            const auto statLines = t.wrap(stats, w - t.px(40), 12);
            const float headH =
                t.px(12) + titleLines.size() * t.px(22) + statLines.size() * t.px(17) + t.px(10);
            const float sh = headH + rowsH + t.px(6);
            t.panel(target, {x, y, w, sh}, colours::kPanel, 10, colours::kBorder);
            float iy = y + t.px(12);
            for (const std::string& l : titleLines)
                line(l, x + t.px(20), iy, 16, colours::kText, Align::Left, true), iy += t.px(22);
            for (const std::string& l : statLines)
                line(l, x + t.px(20), iy, 12, s.timedOut ? colours::kWarm : colours::kTextDim),
                    iy += t.px(17);
            line(verdict, x + w - t.px(20), y + t.px(14), 18, s.passed ? colours::kPass : colours::kFail,
                 Align::Right, true);
            iy = y + headH;
            if (metrics && quiz) {
                int right = 0;
                double credit = 0;
                for (const ResultItem& item : s.items)
                    right += item.passed, credit += item.score;
                line(std::to_string(right) + " of " + std::to_string(s.items.size()) +
                         " questions fully right",
                     x + t.px(36), iy, 12, colours::kTextDim);
                line(fixed(credit, 1) + " marks", x + w - t.px(20), iy, 12, colours::kTextDim, Align::Right);
            } else if (metrics)
                for (std::size_t i = 0; i < s.items.size(); ++i) {
                    float ty = iy;
                    for (const std::string& l : titles[i])
                        line(l, x + t.px(36), ty, 12, colours::kTextDim), ty += titleH;
                    line(scores[i], x + w - t.px(20), iy, 12, colours::kTextDim, Align::Right);
                    iy += lineH + (titles[i].size() > 1 ? (titles[i].size() - 1) * titleH : 0.f);
                    for (const std::string& l : metricLines[i]) {
                        line(l, x + t.px(52), iy, 11, colours::kTextFaint);
                        iy += metricH;
                    }
                }
            y += sh + t.px(10);
        }
        if (!r->reasons.empty()) {
            line("Why not passed", x, y + t.px(4), 13, colours::kFail, Align::Left, true);
            y += t.px(28);
        }
        for (const std::string& reason : examReasons(*r, names))
            y += para(reason, x + t.px(16), y, w - t.px(16), 13, colours::kText) + t.px(6);
    } else if (r) {
        const std::string text = std::string("Your work has been submitted and recorded. ") +
                                 (m_view.scoreShown == FeedbackTiming::Never
                                      ? "Results are not shown to candidates on this station."
                                      : "The result is released " + timingText(m_view.scoreShown) + ".");
        const float h = t.paragraphHeight(text, w - t.px(56), 17) + t.px(48);
        t.panel(target, {x, y, w, h}, colours::kPanel, 12, colours::kAccent);
        para(text, x + t.px(28), y + t.px(24), w - t.px(56), 17, colours::kText);
        y += h + t.px(16);
    }
    y += t.px(8);
    if (m_outcome.signedResult)
        y += para("Signed result " + m_outcome.resultFile +
                      (m_outcome.code.empty() ? "" : "  \xC2\xB7  code " + m_outcome.code) +
                      (m_outcome.stored ? "  \xC2\xB7  stored" : ""),
                  x, y, w, 12, colours::kTextDim) +
             t.px(4);
    else if (r)
        y += para("Not signed: this station has no academy key. `stipple regrade` of the recording "
                  "reproduces this result.",
                  x, y, w, 12, colours::kTextFaint) +
             t.px(4);
    if (!m_outcome.recording.empty())
        y += para("Recording " + m_outcome.recording, x, y, w, 12, colours::kTextFaint) + t.px(4);
    for (const std::string& note : m_outcome.notes) // a key found where keys were kept before
        y += para("Note: " + note, x, y, w, 12, colours::kWarm) + t.px(4);
    for (const std::string& p : m_outcome.problems)
        y += para(p, x, y, w, 13, colours::kFail) + t.px(6);
    m_contentHeight = y - top;
    m_maxScroll = std::max(0.f, m_contentHeight - body.height);
    clip.reset();
    if (m_maxScroll > 0) {
        // Where the view is in the whole result.
        const float barH = std::max(t.px(24), body.height * body.height / m_contentHeight);
        t.rect(target,
               {x + w + t.px(14), body.top + (body.height - barH) * (m_scroll / m_maxScroll), t.px(4), barH},
               colours::kBorder);
    }
    const std::string keys =
        std::string("Enter or Esc back to the levels") +
        (m_maxScroll > 0 ? "    \xE2\x86\x91 \xE2\x86\x93 PgUp PgDn, wheel: scroll" : "") + "    F1 help";
    t.text(target, t.elide(keys, float(m_size.x) - 2 * x, 13), x, float(m_size.y) - t.px(40), 13,
           colours::kTextFaint);
    t.flush(target);
}

std::vector<KeyHelp> ExamFinalScreen::keys() const {
    return {{"Enter or Esc", "back to the levels"},
            {"\xE2\x86\x91 / \xE2\x86\x93, PgUp / PgDn, wheel", "scroll the result"},
            {"Home / End", "top / bottom of the result"}};
}

} // namespace stipple::app
