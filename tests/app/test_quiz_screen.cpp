// The trainer's quiz and quiz review screens under Xvfb: a whole quiz driven by synthetic key
// presses alone (every question type of the shipped brochure bank, pictures included) must grade
// exactly as core's Quiz grades the same answers given directly; exam mode lets an answer be
// changed; the time limit ends the quiz; the history file steers the next quiz to fresh
// questions; the level select opens the quiz on Q; and the rendered screens show what they claim
// (the dot pictures on skin, the verdict colours, the score, a review that scrolls). Needs a
// display (label `display`).
#include "app/app.h"
#include "app/level_select_screen.h"
#include "app/quiz_review_screen.h"
#include "app/quiz_screen.h"
#include "io/numbers.h"
#include "quiz/moodle.h"
#include "quiz/quiz_history.h"
#include "render/theme.h"
#include "support/image_checks.h"
#include "support/keyboard.h"
#include "support/process.h"

#include <SFML/Graphics.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace stipple;
using namespace stipple::app;
using namespace stipple::render; // the drawing the screens share with the commands
using namespace stipple::test;

namespace {

constexpr unsigned kW = 1280, kH = 960;
const std::string kLevels = std::string(STIPPLE_SOURCE_DIR) + "/levels";
const std::string kBrochure = kLevels + "/banks/brochure.xml";

struct RecordingNavigator : Navigator {
    int selects = 0, quizzes = 0;
    std::unique_ptr<Screen> shown;
    void showLevelSelect() override { ++selects; }
    void startLevel(size_t) override {}
    void startNextLevel(size_t) override {}
    void showScreen(std::unique_ptr<Screen> screen) override { shown = std::move(screen); }
    void quit() override {}
    void open(const std::string& name, size_t) override { quizzes += name == "quiz"; }
};

struct Fixture {
    Theme theme;
    RecordingNavigator nav;
    sf::RenderTexture target;
    Fixture() {
        std::string error;
        REQUIRE(theme.load(std::string(STIPPLE_SOURCE_DIR) + "/assets/fonts", error));
        theme.setWindowSize({kW, kH});
        REQUIRE(target.create(kW, kH));
    }
    sf::Image render(Screen& screen) {
        screen.layout({kW, kH});
        screen.draw(target);
        theme.flush(target);
        target.display();
        return target.getTexture().copyToImage();
    }
};

sf::Event key(sf::Keyboard::Key code, bool shift = false) {
    sf::Event e;
    e.type = sf::Event::KeyPressed;
    e.key = {code, false, false, shift, false};
    return e;
}

/// A character as the keyboard types it (SFML TextEntered): what the quiz reads digits, choice
/// numbers and letters from, whatever the layout (an AZERTY '1' needs Shift; its key code is not Num1).
sf::Event typed(char c) {
    sf::Event e;
    e.type = sf::Event::TextEntered;
    e.text.unicode = static_cast<sf::Uint32>(static_cast<unsigned char>(c));
    return e;
}

sf::Event digitKey(int d) {
    return typed(static_cast<char>('0' + d));
}

std::vector<Question> brochurePool() {
    Diagnostics diags;
    const auto bank = loadAnyQuestionBank(kBrochure, diags);
    REQUIRE(bank);
    return bank->questions;
}

QuizSetup brochureSetup(uint64_t seed, int count, FeedbackMode mode = FeedbackMode::Immediate) {
    QuizSetup s;
    s.source.path = kBrochure;
    s.levelsDir = kLevels;
    s.options.seed = seed;
    s.options.count = count;
    s.options.feedback = mode;
    return s;
}

/// A mix of right, wrong and partly right answers for item i (display positions), and the keys
/// that give it on the quiz screen.
struct Planned {
    DisplayedAnswer answer;
    std::vector<sf::Event> keys;
};

Planned plan(const QuizItem& item, size_t i) {
    const Question& q = item.question;
    Planned p;
    const bool right = i % 2 == 0;
    switch (q.type) {
    case QuestionType::SingleChoice: {
        int pos = -1;
        for (size_t k = 0; k < item.display.size(); ++k) {
            const bool correct = q.choices[static_cast<size_t>(item.display[k])].isCorrect();
            if (correct == right && pos < 0) pos = static_cast<int>(k);
        }
        p.answer.choices = {pos};
        if (i % 4 == 1) { // by arrows and Space instead of the number key
            for (int k = 0; k < pos; ++k)
                p.keys.push_back(key(sf::Keyboard::Down));
            p.keys.push_back(key(sf::Keyboard::Space));
        } else {
            p.keys.push_back((digitKey(pos + 1)));
        }
        break;
    }
    case QuestionType::MultipleChoice: {
        // Every right choice but the last: partial credit. Odd items also tick a wrong one and
        // untick it again (the toggle).
        std::vector<int> rights;
        int wrong = -1;
        for (size_t k = 0; k < item.display.size(); ++k) {
            if (q.choices[static_cast<size_t>(item.display[k])].isCorrect())
                rights.push_back(static_cast<int>(k));
            else if (wrong < 0)
                wrong = static_cast<int>(k);
        }
        if (rights.size() > 1) rights.pop_back();
        for (const int k : rights)
            p.keys.push_back((digitKey(k + 1)));
        if (i % 2 == 1 && wrong >= 0) {
            p.keys.push_back((digitKey(wrong + 1)));
            p.keys.push_back((digitKey(wrong + 1)));
        }
        p.answer.choices = rights;
        std::sort(p.answer.choices.begin(), p.answer.choices.end());
        break;
    }
    case QuestionType::TrueFalse: {
        const bool said = right ? q.truth : !q.truth;
        p.answer.truth = said;
        p.keys.push_back(typed(said ? 't' : 'f'));
        break;
    }
    case QuestionType::Numeric: {
        double v = q.numeric.value;
        if (!right)
            v = v + q.numeric.tolerance + 1 <= q.numeric.max ? v + q.numeric.tolerance + 1 : q.numeric.min;
        p.answer.number = v;
        p.keys.push_back((digitKey(7))); // a slip, erased
        p.keys.push_back(key(sf::Keyboard::BackSpace));
        for (const char c : formatNumber(v)) {
            if (c >= '0' && c <= '9')
                p.keys.push_back((digitKey(c - '0')));
            else if (c == '.')
                p.keys.push_back(typed('.'));
            else if (c == '-')
                p.keys.push_back(typed('-'));
        }
        break;
    }
    case QuestionType::Ordering: {
        // Pick up the first item shown, move it down one, put it down; then Shift+Down moves the
        // (new) second item below the third.
        p.keys = {key(sf::Keyboard::Space), key(sf::Keyboard::Down), key(sf::Keyboard::Space),
                  key(sf::Keyboard::Down, true)};
        std::vector<int> order(item.display.size());
        for (size_t k = 0; k < order.size(); ++k)
            order[k] = static_cast<int>(k);
        std::swap(order[0], order[1]);
        if (order.size() > 2) std::swap(order[1], order[2]);
        p.answer.order = order;
        break;
    }
    }
    return p;
}

/// The answer that earns full credit, in display positions.
DisplayedAnswer rightAnswer(const QuizItem& item) {
    const Question& q = item.question;
    DisplayedAnswer a;
    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice:
        for (size_t k = 0; k < item.display.size(); ++k)
            if (q.choices[static_cast<size_t>(item.display[k])].isCorrect())
                a.choices.push_back(static_cast<int>(k));
        break;
    case QuestionType::TrueFalse:
        a.truth = q.truth;
        break;
    case QuestionType::Numeric:
        a.number = q.numeric.value;
        break;
    case QuestionType::Ordering:
        for (int rank = 0; rank < static_cast<int>(q.items.size()); ++rank)
            for (size_t k = 0; k < item.display.size(); ++k)
                if (item.display[k] == rank) a.order.push_back(static_cast<int>(k));
        break;
    }
    return a;
}

} // namespace

TEST_CASE("a whole quiz by keyboard grades exactly as core grades the same answers", "[render][quiz]") {
    Fixture f;
    QuizScreen screen(f.theme, f.nav, kLevels, "");
    std::string error;
    // Every question of the bank: all five types, choice pictures included.
    REQUIRE(screen.start(brochureSetup(7, 52), error));
    screen.layout({kW, kH});
    const Quiz& quiz = *screen.quiz();
    REQUIRE(quiz.size() == 52);

    Quiz reference(brochurePool(), quiz.options());
    std::set<QuestionType> types;
    for (size_t i = 0; i < quiz.size(); ++i) {
        REQUIRE(screen.current() == i);
        const QuizItem& item = quiz.item(i);
        REQUIRE(reference.item(i).question.id == item.question.id);
        types.insert(item.question.type);
        const Planned p = plan(item, i);
        for (const auto& e : p.keys)
            screen.handleEvent(e);
        CHECK_FALSE(quiz.isAnswered(i));
        screen.handleEvent(key(sf::Keyboard::Enter)); // answer: practice feedback stays on screen
        INFO(item.question.id << ": " << screen.status());
        REQUIRE(quiz.isAnswered(i));
        CHECK(screen.current() == i);
        if (i == 0 || item.question.picture || item.question.type == QuestionType::Ordering)
            screen.draw(f.target); // the drawing path of each kind, with feedback shown
        REQUIRE(reference.answer(i, p.answer).status == AnswerStatus::Accepted);
        screen.handleEvent(key(sf::Keyboard::Enter)); // next question (the last: the review)
    }
    CHECK(types.size() == 5);
    REQUIRE(f.nav.shown);
    auto* review = dynamic_cast<QuizReviewScreen*>(f.nav.shown.get());
    REQUIRE(review);
    const QuizResult expected = reference.grade();
    const QuizResult& got = review->result();
    REQUIRE(got.grades.size() == expected.grades.size());
    for (size_t i = 0; i < got.grades.size(); ++i) {
        INFO(got.grades[i].questionId);
        CHECK(got.grades[i].questionId == expected.grades[i].questionId);
        CHECK(got.grades[i].credit == Approx(expected.grades[i].credit));
        CHECK(got.grades[i].verdict == expected.grades[i].verdict);
    }
    CHECK(got.score == Approx(expected.score));
    // The plan is a real mix: some right, some wrong, some partly right.
    int full = 0, none = 0, partial = 0;
    for (const auto& g : got.grades)
        (g.credit >= 1 ? full : g.credit <= 0 ? none : partial)++;
    CHECK(full >= 10);
    CHECK(none >= 10);
    CHECK(partial >= 3);
    CHECK(got.score > 10);
    CHECK(got.score < 42);
}

TEST_CASE("an exam defers feedback, lets an answer change, and asks about unanswered questions",
          "[render][quiz]") {
    Fixture f;
    QuizScreen screen(f.theme, f.nav, kLevels, "");
    std::string error;
    REQUIRE(screen.start(brochureSetup(3, 6, FeedbackMode::Deferred), error));
    const Quiz& quiz = *screen.quiz();
    Quiz reference(brochurePool(), quiz.options());
    auto goTo = [&](size_t i) {
        while (screen.current() > i)
            screen.handleEvent(key(sf::Keyboard::PageUp));
        while (screen.current() < i)
            screen.handleEvent(key(sf::Keyboard::PageDown));
    };
    // j: a question whose answer a new pick replaces (single choice or true/false).
    size_t j = quiz.size();
    for (size_t i = 0; i < quiz.size() && j == quiz.size(); ++i)
        if (quiz.item(i).question.type == QuestionType::SingleChoice ||
            quiz.item(i).question.type == QuestionType::TrueFalse)
            j = i;
    REQUIRE(j < quiz.size());
    const size_t skipped = j == 1 ? 2 : 1;

    goTo(j);
    screen.handleEvent(key(sf::Keyboard::Enter)); // nothing picked: refused with a reason
    CHECK_FALSE(quiz.isAnswered(j));
    CHECK_FALSE(screen.status().empty());
    for (const auto& e : plan(quiz.item(j), 1).keys)
        screen.handleEvent(e); // wrong
    screen.handleEvent(key(sf::Keyboard::Enter));
    CHECK(quiz.isAnswered(j));
    CHECK(screen.current() == (j + 1 < quiz.size() ? j + 1 : j)); // an exam moves on at once
    goTo(j);
    const Planned right = plan(quiz.item(j), 0);
    for (const auto& e : right.keys)
        screen.handleEvent(e);
    screen.handleEvent(key(sf::Keyboard::Enter)); // changed: exams accept until handed in
    REQUIRE(reference.answer(j, right.answer).status == AnswerStatus::Accepted);

    for (size_t i = 0; i < quiz.size(); ++i) {
        if (i == j || i == skipped) continue;
        goTo(i);
        const Planned p = plan(quiz.item(i), i);
        for (const auto& e : p.keys)
            screen.handleEvent(e);
        screen.handleEvent(key(sf::Keyboard::Enter));
        REQUIRE(reference.answer(i, p.answer).status == AnswerStatus::Accepted);
    }
    // Enter on the last question: back to the one left unanswered, with a note.
    goTo(quiz.size() - 1);
    screen.handleEvent(key(sf::Keyboard::Enter));
    CHECK_FALSE(f.nav.shown);
    CHECK(screen.current() == skipped);
    CHECK(screen.status().find("Question " + std::to_string(skipped + 1) + " is not answered yet") !=
          std::string::npos);
    // Esc hands it in as it is.
    screen.handleEvent(key(sf::Keyboard::Escape));
    REQUIRE(f.nav.shown);
    const auto* review = dynamic_cast<QuizReviewScreen*>(f.nav.shown.get());
    REQUIRE(review);
    CHECK(review->result().grades[skipped].verdict == "not answered");
    CHECK(review->answerText(skipped) == "not answered");
    const QuizResult expected = reference.grade();
    for (size_t i = 0; i < quiz.size(); ++i) {
        INFO(i);
        CHECK(review->result().grades[i].credit == Approx(expected.grades[i].credit));
    }
    CHECK(review->result().grades[j].credit == 1.0);
}

TEST_CASE("the time limit is shown, and when it passes the quiz ends as timed out", "[render][quiz]") {
    Fixture f;
    QuizScreen screen(f.theme, f.nav, kLevels, "");
    QuizSetup setup = brochureSetup(5, 5);
    setup.options.timeLimitSeconds = 90;
    std::string error;
    REQUIRE(screen.start(setup, error));
    screen.update(30.0);
    const sf::Image img = f.render(screen);
    // "Time left 1:00" in the header's right corner, in the warm colour under a minute... (1:00 is not
    // under).
    CHECK(countNear(img, colours::kTextDim, 30, {int(kW) - 260, 50, 230, 30}) > 20);
    screen.update(59.0);
    const sf::Image late = f.render(screen);
    CHECK(countNear(late, colours::kFail, 20, {int(kW) - 260, 50, 230, 30}) > 20); // 1 s left: red
    CHECK_FALSE(f.nav.shown);
    screen.update(2.0);
    REQUIRE(f.nav.shown);
    const auto* review = dynamic_cast<QuizReviewScreen*>(f.nav.shown.get());
    REQUIRE(review);
    CHECK(review->result().timedOut);
    CHECK(review->result().score == 0);
}

TEST_CASE("the history file remembers the questions and the next quiz draws fresh ones", "[render][quiz]") {
    Fixture f;
    test::Scratch s;
    const std::string history = (s.dir() / "deeper" / "quiz-history.txt").string();
    std::set<std::string> first;
    {
        QuizScreen screen(f.theme, f.nav, kLevels, history);
        QuizSetup setup = brochureSetup(9, 10);
        setup.historyPath = history;
        std::string error;
        REQUIRE(screen.start(setup, error));
        for (const auto& id : screen.quiz()->drawnIds())
            first.insert(id);
        screen.handleEvent(key(sf::Keyboard::Escape)); // hand in at once
        REQUIRE(f.nav.shown);
    }
    const auto saved = readQuizHistory(history);
    CHECK(std::set<std::string>(saved.begin(), saved.end()) == first);
    // The review's R draws the next quiz (seed + 1) with the same settings: all fresh questions.
    auto* review = dynamic_cast<QuizReviewScreen*>(f.nav.shown.get());
    REQUIRE(review);
    std::unique_ptr<Screen> keep = std::move(f.nav.shown);
    review->handleEvent(key(sf::Keyboard::R));
    REQUIRE(f.nav.shown);
    auto* again = dynamic_cast<QuizScreen*>(f.nav.shown.get());
    REQUIRE(again);
    REQUIRE(again->quiz());
    CHECK(again->quiz()->size() == 10);
    CHECK(again->quiz()->options().seed == 10);
    for (const auto& id : again->quiz()->drawnIds())
        CHECK(first.count(id) == 0);
}

TEST_CASE("the setup chooses bank, count, mode and time limit by keyboard, Q on the level select opens it",
          "[render][quiz]") {
    Fixture f;
    QuizScreen screen(f.theme, f.nav, kLevels, "");
    CHECK(screen.quiz() == nullptr);
    const auto sources = findQuizSources(kLevels);
    // The shipped bank, then one scenario source per rule book.
    REQUIRE(sources.size() >= 3);
    CHECK(sources[0].title == "The clinic brochure");
    CHECK(sources[0].detail.rfind("52 questions", 0) == 0);
    CHECK(sources[1].scenarios);
    CHECK(sources[1].title == "Aftercare scenarios: Clinic brochure");
    const sf::Image img = f.render(screen);
    CHECK(countNear(img, colours::kAccent, 10, {0, 100, int(kW) / 2, 120}) >
          200); // the selected bank's frame

    // Down to the brochure's scenarios, Right twice (10 -> 20 questions), E exam, T a time limit.
    screen.handleEvent(key(sf::Keyboard::Down));
    screen.handleEvent(key(sf::Keyboard::Right));
    screen.handleEvent(key(sf::Keyboard::Right));
    screen.handleEvent(key(sf::Keyboard::E));
    screen.handleEvent(key(sf::Keyboard::T));
    screen.handleEvent(key(sf::Keyboard::Enter));
    REQUIRE(screen.quiz());
    CHECK(screen.quiz()->size() == 20);
    CHECK(screen.quiz()->options().feedback == FeedbackMode::Deferred);
    CHECK(screen.quiz()->options().timeLimitSeconds == QuizScreen::timeLimitChoices()[1]);
    for (const auto& item : screen.quiz()->items())
        CHECK(item.question.generated);
    const sf::Image q = f.render(screen);
    CHECK(countNear(q, colours::kText, 40, {32, 150, 900, 80}) > 200); // the prompt

    // Esc on the setup goes back to the levels.
    QuizScreen other(f.theme, f.nav, kLevels, "");
    other.handleEvent(key(sf::Keyboard::Escape));
    CHECK(f.nav.selects == 1);

    std::vector<CatalogEntry> catalog;
    LevelSelectScreen select(f.theme, f.nav, catalog, "");
    select.handleEvent(key(sf::Keyboard::Q));
    CHECK(f.nav.quizzes == 1);
    bool listed = false;
    for (const auto& k : select.keys())
        listed = listed || k.keys == "Q";
    CHECK(listed);
}

TEST_CASE("a picture question shows its dot patterns on skin, and practice feedback its verdict",
          "[render][quiz]") {
    Fixture f;
    QuizScreen screen(f.theme, f.nav, kLevels, "");
    std::string error;
    REQUIRE(screen.start(brochureSetup(7, 10), error));
    const Quiz& quiz = *screen.quiz();
    size_t pictured = quiz.size();
    for (size_t i = 0; i < quiz.size(); ++i)
        if (quiz.item(i).question.id == "picture-natural") pictured = i;
    REQUIRE(pictured < quiz.size());
    screen.showQuestion(pictured);
    const sf::Image before = f.render(screen);
    const sf::Color skin(224, 187, 149);
    // Three tiles across the card, each with skin and dark dots on it.
    for (int tile = 0; tile < 3; ++tile) {
        const sf::IntRect area(60 + tile * 390, 260, 360, 280);
        CHECK(countNear(before, skin, 8, area) > 20000);
        CHECK(countNear(before, sf::Color(60, 55, 50), 45, area) > 300);
    }
    // Pick the grid (wrong): the verdict panel is drawn in the fail colour, the right tile in pass.
    const QuizItem& item = quiz.item(pictured);
    int grid = -1;
    for (size_t k = 0; k < item.display.size(); ++k)
        if (!item.question.choices[static_cast<size_t>(item.display[k])].isCorrect() && grid < 0)
            grid = static_cast<int>(k);
    screen.handleEvent((digitKey(grid + 1)));
    screen.handleEvent(key(sf::Keyboard::Enter));
    REQUIRE(quiz.isAnswered(pictured));
    const sf::Image after = f.render(screen);
    CHECK(countNear(after, colours::kFail, 12, {0, 560, int(kW), 360}) > 300);
    CHECK(countNear(after, colours::kPass, 12, {0, 240, int(kW), 400}) > 100);
    CHECK(countNear(before, colours::kFail, 12, {0, 560, int(kW), 360}) == 0);
}

TEST_CASE("the review shows the score and every answer, and scrolls by keyboard", "[render][quiz]") {
    Fixture f;
    QuizScreen screen(f.theme, f.nav, kLevels, "");
    std::string error;
    REQUIRE(screen.start(brochureSetup(7, 10), error));
    // Question 1 right, the rest not answered.
    REQUIRE(screen.answer(0, rightAnswer(screen.quiz()->item(0))).status == AnswerStatus::Accepted);
    screen.finish();
    REQUIRE(f.nav.shown);
    auto* review = dynamic_cast<QuizReviewScreen*>(f.nav.shown.get());
    REQUIRE(review);
    CHECK(review->result().grades[0].credit == 1.0);
    CHECK(review->result().score == 1.0);
    CHECK(review->answerText(0) != "not answered");
    CHECK(review->answerText(5) == "not answered");
    const sf::Image top = f.render(*review);
    CHECK(countNear(top, colours::kFail, 12, {32, 60, 500, 70}) > 100); // 10 %: the percentage in red
    CHECK(countNear(top, colours::kPass, 12, {32, 150, int(kW) - 64, 200}) > 100); // "Right answer" lines
    REQUIRE(review->maxScroll() > 0);
    review->handleEvent(key(sf::Keyboard::Down));
    CHECK(review->scroll() > 0);
    review->handleEvent(key(sf::Keyboard::End));
    CHECK(review->scroll() == Approx(review->maxScroll()));
    const sf::Image bottom = f.render(*review);
    CHECK(countNear(bottom, colours::kText, 40, {32, 150, int(kW) - 64, 700}) > 100);
    review->handleEvent(key(sf::Keyboard::Home));
    CHECK(review->scroll() == 0);
    review->handleEvent(key(sf::Keyboard::Right));
    CHECK(review->scroll() > 0); // the second question's card to the top
    review->handleEvent(key(sf::Keyboard::Escape));
    CHECK(f.nav.selects == 1);
}

TEST_CASE("stipple --screenshot renders the quiz screens", "[render][quiz][cli]") {
    test::Scratch s;
    const auto answers =
        s.write("answers.txt", "# seed 7\nwhat-counts-as-wetting: a\nsession-hours-max: 5\n");
    for (const std::string& args :
         {std::string("--screen quiz"),
          std::string("--screen quiz --bank levels/banks/brochure.xml --seed 7 --count 10 --question 10"),
          std::string("--screen quiz --bank levels/aftercare/clinic-brochure.xml --seed 2 --count 5 "
                      "--time-limit 300"),
          "--screen quiz-review --bank levels/banks/brochure.xml --seed 7 --count 10 --answers " +
              test::quote(answers)}) {
        const auto out = s.path("shot.png");
        std::filesystem::remove(out);
        const test::Run r = test::runStipple("--screenshot " + test::quote(out) + " " + args);
        INFO(args << "\n" << r.err);
        REQUIRE(r.exitCode == 0);
        sf::Image img;
        REQUIRE(img.loadFromFile(out.string()));
        CHECK(img.getSize() == sf::Vector2u(kW, kH));
    }
    // A wrong answer file is a located error; quiz-review needs a bank; bad values are usage errors.
    const auto bad = s.write("bad.txt", "what-counts-as-wetting: z\n");
    test::Run r = test::runStipple(
        "--screenshot " + test::quote(s.path("x.png")) +
        " --screen quiz-review --bank levels/banks/brochure.xml --seed 7 --count 10 --answers " +
        test::quote(bad));
    CHECK(r.exitCode == 1);
    CHECK(r.err.find(bad.string() + ":1:1: error: question 'what-counts-as-wetting': ") != std::string::npos);
    r = test::runStipple("--screenshot " + test::quote(s.path("x.png")) + " --screen quiz-review");
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("--screen quiz-review needs --bank FILE") != std::string::npos);
    CHECK(test::runStipple("--screen quiz --count 0").exitCode == 2);
    CHECK(test::runStipple("--screen quiz --seed x").exitCode == 2);
}

TEST_CASE("numbers and choices typed on an AZERTY keyboard answer as on a US one (text, not key codes)",
          "[render][quiz]") {
    using stipple::test::KeyboardLayout;
    for (const KeyboardLayout layout : {KeyboardLayout::Us, KeyboardLayout::FrenchAzerty}) {
        Fixture f;
        QuizScreen screen(f.theme, f.nav, kLevels, "");
        std::string error;
        REQUIRE(screen.start(brochureSetup(11, 40, FeedbackMode::Deferred), error));
        const Quiz& quiz = *screen.quiz();
        size_t numeric = quiz.size(), single = quiz.size();
        for (size_t i = 0; i < quiz.size(); ++i) {
            if (quiz.item(i).question.type == QuestionType::Numeric && numeric == quiz.size()) numeric = i;
            if (quiz.item(i).question.type == QuestionType::SingleChoice && single == quiz.size()) single = i;
        }
        REQUIRE(numeric < quiz.size());
        REQUIRE(single < quiz.size());
        screen.showQuestion(numeric);
        for (const sf::Event& e : stipple::test::typeText("14", layout))
            screen.handleEvent(e);
        screen.handleEvent(key(sf::Keyboard::Enter));
        REQUIRE(quiz.isAnswered(numeric));
        CHECK(quiz.response(numeric)->number == std::optional<double>(14));
        screen.showQuestion(single);
        for (const sf::Event& e : stipple::test::typeText("2", layout))
            screen.handleEvent(e);
        screen.handleEvent(key(sf::Keyboard::Enter));
        REQUIRE(quiz.isAnswered(single));
        CHECK(quiz.response(single)->choices == std::vector<int>{quiz.item(single).display[1]});
    }
}
