// The trainer's exam flow, driven as a candidate drives it: typed sign-in, the instructions, the
// practical levels with mouse strikes and Enter, the quiz by keys, all on synthetic sf::Events
// and a fixed frame time through the tiny test exam (tests/app/fixtures/exam/tiny-exam.xml: two
// levels sharing one minute, a one-minute quiz, one attempt allowed). Checked: the recording
// exists from the start, a section that runs out of time is handed in automatically, the result
// the final screen shows is byte for byte what a regrade of the closed recording gives (core
// gradeExamRecording), it is signed and stored, a second attempt is refused, and a sitting cut
// off in the middle resumes with the time already used counted. Then the screens are rendered
// and checked for content. Needs a display (label `display`): the practice screen's canvas and
// the theme's fonts need an OpenGL context even when nothing is drawn.
#include "app/exam_screens.h"
#include "exam/signing.h"
#include "io/files.h"
#include "record/exam_recording.h"
#include "record/recording_reader.h"
#include "render/theme.h"
#include "sitting/exam_flow.h"
#include "store/sqlite_store.h"
#include "support/image_checks.h"
#include "support/process.h"

#include <SFML/Graphics.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

using namespace stipple;
using namespace stipple::app;
using namespace stipple::render; // the drawing the screens share with the commands
using namespace stipple::test;

namespace {

const std::string kExam = std::string(STIPPLE_SOURCE_DIR) + "/tests/app/fixtures/exam/tiny-exam.xml";
constexpr unsigned kW = 1280, kH = 960;
constexpr double kFrameS = 0.25; ///< the fixed frame time of every update

struct Nav : Navigator {
    std::unique_ptr<Screen> pending;
    int selects = 0;
    void showLevelSelect() override { ++selects; }
    void startLevel(size_t) override {}
    void startNextLevel(size_t) override {}
    void showScreen(std::unique_ptr<Screen> screen) override { pending = std::move(screen); }
    void quit() override {}
};

/// The window's loop without a window: events and frames go to the current screen, and a screen
/// change it asks for is carried out between them, as the App does.
struct Driver {
    /// Holds SFML's shared GL context, and so the X connection, for the whole test: when the last
    /// GL resource goes SFML closes the display, the X server resets with no client left, and a
    /// connection made during that reset fails ("Failed to open X11 display").
    sf::Texture keepDisplay;
    Theme theme;
    Nav nav;
    std::unique_ptr<Screen> screen;

    Driver() {
        std::string error;
        REQUIRE(theme.load(std::string(STIPPLE_SOURCE_DIR) + "/assets/fonts", error));
        theme.setWindowSize({kW, kH});
    }
    void show(std::unique_ptr<Screen> s) {
        screen = std::move(s);
        screen->layout({kW, kH});
    }
    bool swap() {
        if (!nav.pending) return false;
        show(std::move(nav.pending));
        return true;
    }
    bool send(const sf::Event& e) {
        screen->handleEvent(e);
        return swap();
    }
    bool key(sf::Keyboard::Key code, bool control = false) {
        sf::Event e;
        e.type = sf::Event::KeyPressed;
        e.key = {code, false, control, false, false};
        return send(e);
    }
    void type(const std::string& text) {
        for (char c : text) {
            sf::Event e;
            e.type = sf::Event::TextEntered;
            e.text.unicode = static_cast<sf::Uint32>(static_cast<unsigned char>(c));
            send(e);
        }
    }
    bool frame(double dtS = kFrameS) {
        screen->update(dtS);
        return swap();
    }
    bool mouse(sf::Event::EventType type, sf::Vector2f p) {
        sf::Event e;
        e.type = type;
        if (type == sf::Event::MouseMoved)
            e.mouseMove = {int(p.x), int(p.y)};
        else
            e.mouseButton = {sf::Mouse::Left, int(p.x), int(p.y)};
        return send(e);
    }
    template <class T> T* as() { return dynamic_cast<T*>(screen.get()); }
};

ExamFlowConfig config(const test::Scratch& s) {
    ExamFlowConfig c;
    c.examPath = kExam;
    c.userDir = s.dir().string();
    c.dbPath = (s.dir() / "results.db").string(); // never an academy store named by STIPPLE_STORE
    c.station = "station-test";
    c.seed = 77;
    c.now = [] { return std::string("2026-03-02T09:00:00Z"); };
    return c;
}

void signIn(Driver& d, std::shared_ptr<ExamFlow> flow) {
    d.show(std::make_unique<ExamSignInScreen>(d.theme, d.nav, std::move(flow)));
    d.type("C-0042");
    d.key(sf::Keyboard::Tab);
    d.type("Ana Souza");
    d.key(sf::Keyboard::Enter);
}

/// Closes the level's brief (Enter, as the Begin button says) when it is open.
void begin(Driver& d) {
    auto* p = d.as<ExamPracticalScreen>();
    REQUIRE(p);
    if (p->practice().showingBrief()) d.key(sf::Keyboard::Enter);
    REQUIRE_FALSE(p->practice().showingBrief());
}

/// Strikes at a few spots of the level's canvas with the mouse, holding each a tenth of a second.
void strike(Driver& d, int count) {
    begin(d);
    auto* p = d.as<ExamPracticalScreen>();
    REQUIRE(p);
    const Level& level = p->practice().session().level();
    for (int i = 0; i < count; ++i) {
        const Vec2 mm{level.canvas.widthMm * (0.3 + 0.1 * (i % 5)),
                      level.canvas.heightMm * (0.4 + 0.1 * (i / 5 % 3))};
        const sf::Vector2f px = p->practice().view().toScreen(mm);
        d.mouse(sf::Event::MouseMoved, px);
        d.frame(0.1);
        d.mouse(sf::Event::MouseButtonPressed, px);
        d.frame(0.1);
        d.mouse(sf::Event::MouseButtonReleased, px);
        d.frame(0.05);
    }
}

/// Enter, then Enter on the confirmation: the level is handed in and the next screen comes.
void handIn(Driver& d) {
    begin(d);
    d.key(sf::Keyboard::Enter);
    REQUIRE(d.key(sf::Keyboard::Enter));
}

/// The shipped foundation certificate, seed 1 (it draws the bank's picture question whose choices
/// are pictures), signed in and its three levels handed in empty: the driver is at the questions.
void sitFoundationToQuestions(const test::Scratch& s, Driver& d) {
    std::string error;
    ExamFlowConfig c = config(s);
    c.examPath = std::string(STIPPLE_SOURCE_DIR) + "/levels/exams/foundation-certificate.xml";
    c.seed = 1;
    auto flow = ExamFlow::open(c, error);
    INFO(error);
    REQUIRE(flow);
    signIn(d, flow);
    REQUIRE(d.key(sf::Keyboard::Enter));
    for (int level = 0; level < 3; ++level)
        handIn(d);
}

/// Answers the current question by its kind, as typed text (the first choice shown, true, 3; an
/// ordering as shown), then Enter: saved and on to the next question.
void answer(Driver& d) {
    auto* q = d.as<QuizScreen>();
    REQUIRE(q);
    REQUIRE(q->isSection());
    const Question& question = q->quiz()->item(q->current()).question;
    switch (question.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice:
        d.type("1");
        break;
    case QuestionType::TrueFalse:
        d.type("t");
        break;
    case QuestionType::Numeric:
        d.type("3");
        break;
    case QuestionType::Ordering:
        break; // the order shown is kept by Enter
    }
    d.key(sf::Keyboard::Enter);
}

/// The result a regrade of the closed recording gives, as canonical text.
std::string regraded(const std::string& recording) {
    const RecordingRead read = readRecording(recording);
    REQUIRE(read.recording);
    REQUIRE(read.recording->closed());
    std::string bytes, error;
    REQUIRE(readFile(recording, bytes, error));
    const ExamGrading g = gradeExamRecording(*read.recording, sha256Hex(bytes));
    INFO((g.problems.empty() ? std::string() : g.problems.front()));
    REQUIRE(g.result);
    return canonicalResultText(*g.result);
}

} // namespace

TEST_CASE("exam flow: a whole sitting by keys and mouse grades as its regrade, signed and stored",
          "[exam][display]") {
    test::Scratch s;
    std::string error;
    REQUIRE(writeKeyPair(generateKeyPair(), (s.dir() / "keys").string(), false, error));
    auto flow = ExamFlow::open(config(s), error);
    INFO(error);
    REQUIRE(flow);
    Driver d;
    signIn(d, flow);
    REQUIRE(d.as<ExamInstructionsScreen>());
    REQUIRE(d.key(sf::Keyboard::Enter));

    // Recording from the first moment.
    REQUIRE(d.as<ExamPracticalScreen>());
    const std::string recording = flow->recordingPath();
    CHECK(std::filesystem::exists(recording));
    CHECK(d.as<ExamPracticalScreen>()->sectionLeftS() == Approx(60.0));
    // The level opens on its brief; the exam's reading time is free: the clock waits.
    REQUIRE(d.as<ExamPracticalScreen>()->practice().showingBrief());
    for (int i = 0; i < 8; ++i)
        d.frame();
    CHECK(d.as<ExamPracticalScreen>()->sectionLeftS() == Approx(60.0));
    d.key(sf::Keyboard::Escape); // an exam's brief cannot be left
    CHECK(d.nav.selects == 0);
    // Exam conditions: no ghost, no undo, no live score (the fixture level allows all three).
    const Level& exam1 = d.as<ExamPracticalScreen>()->practice().session().level();
    CHECK_FALSE(exam1.mode.ghost);
    CHECK_FALSE(exam1.mode.undo);
    CHECK_FALSE(exam1.mode.liveScore);

    strike(d, 6);
    const size_t dots = d.as<ExamPracticalScreen>()->practice().session().dots().size();
    CHECK(dots == 6);
    d.key(sf::Keyboard::Escape); // leaving is refused in an exam
    REQUIRE(d.as<ExamPracticalScreen>());
    CHECK(d.nav.selects == 0);
    // The clock keeps running behind the hand-in question: no free thinking time.
    d.key(sf::Keyboard::Enter);
    for (int i = 0; i < 4; ++i)
        d.frame();
    REQUIRE(d.key(sf::Keyboard::Enter));

    // Level 2 gets what is left of the minute; nobody touches it: the section times out.
    auto* level2 = d.as<ExamPracticalScreen>();
    REQUIRE(level2);
    CHECK(level2->sectionLeftS() == Approx(60.0 - 6 * 0.25 - 4 * 0.25));
    begin(d);
    // The fixture level offers a ghost and a density heatmap: the exam allows neither.
    d.key(sf::Keyboard::G);
    d.key(sf::Keyboard::H);
    CHECK_FALSE(level2->practice().layers().ghost);
    CHECK_FALSE(level2->practice().layers().heatmap);
    CHECK_FALSE(level2->practice().hudModel().liveScore);
    int frames = 0;
    while (!d.frame() && frames < 1000)
        ++frames;
    CHECK(frames * kFrameS <= 60.0);
    REQUIRE(d.as<QuizScreen>());

    // The quiz (the trainer's one quiz screen): answer every question, hand in with Ctrl+Enter
    // and confirm.
    const size_t questions = d.as<QuizScreen>()->quiz()->size();
    CHECK(questions == 3);
    for (size_t i = 0; i < questions; ++i)
        answer(d);
    for (size_t i = 0; i < questions; ++i)
        CHECK(d.as<QuizScreen>()->quiz()->isAnswered(i));
    // Enter after the last answer asks whether to hand in; Esc keeps answering.
    REQUIRE(d.as<QuizScreen>()->askingHandIn());
    d.key(sf::Keyboard::Escape);
    CHECK_FALSE(d.as<QuizScreen>()->askingHandIn());
    d.frame();
    d.key(sf::Keyboard::Enter, true);
    REQUIRE(d.key(sf::Keyboard::Enter));

    auto* final = d.as<ExamFinalScreen>();
    REQUIRE(final);
    const ExamOutcome& out = final->outcome();
    INFO((out.problems.empty() ? std::string() : out.problems.front()));
    CHECK(out.problems.empty());
    REQUIRE(out.result);
    CHECK(final->showsScores());
    // The practical ran out of time and was handed in automatically; the quiz was handed in.
    REQUIRE(out.result->sections.size() == 2);
    CHECK(out.result->sections[0].timedOut);
    CHECK(out.result->sections[0].timeUsedS == Approx(60.0).margin(1.0 / 240));
    CHECK(out.result->sections[0].items.size() == 2);
    CHECK_FALSE(out.result->sections[1].timedOut);
    CHECK(out.result->sections[1].timeUsedS == Approx(0.25));
    CHECK(out.result->candidateName == "Ana Souza");
    CHECK(out.result->station == "station-test");

    // What the screen shows is exactly what a regrade of the recording gives.
    CHECK(regraded(recording) == canonicalResultText(*out.result));
    const RecordingRead read = readRecording(recording);
    REQUIRE(read.recording->attempts.size() == 2);
    CHECK(read.recording->attempts[0].end->reason == AttemptEndReason::Finished);
    CHECK(read.recording->attempts[0].end->dotCount == 6);
    CHECK(read.recording->attempts[1].end->reason == AttemptEndReason::TimeLimit);

    // Signed with the station's academy key, beside the recording, and stored.
    REQUIRE(out.signedResult);
    // `stipple regrade` replays every attempt and compares the signed result beside the recording.
    const test::Run regrade = test::runStipple("regrade " + test::quote(recording));
    INFO(regrade.out + regrade.err);
    CHECK(regrade.exitCode == 0);
    CHECK(out.stored);
    const auto key = loadPublicKey((s.dir() / "keys" / kPublicKeyFile).string(), error);
    REQUIRE(key);
    const Verification v = verifySignedResult(test::readText(out.resultFile), *key);
    CHECK(v.valid);
    CHECK(v.result == *out.result);
    StoreError se;
    auto store = openSqliteStore((s.dir() / "results.db").string(), StoreMode::ReadOnly, se);
    REQUIRE(store);
    std::vector<AttemptRecord> attempts;
    REQUIRE(store->listAttempts("c-0042", "tiny-exam", attempts, se)); // the canonical id
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0].status == "submitted");
    CHECK(attempts[0].recording == recording);
    std::optional<ResultRecord> found;
    REQUIRE(store->findResultByCode(out.code, found, se));
    CHECK(found);
    store.reset();

    // One attempt allowed: signing in again is refused, with the reason, and nothing starts.
    d.key(sf::Keyboard::Enter);
    CHECK(d.nav.selects == 1);
    auto again = ExamFlow::open(config(s), error);
    REQUIRE(again);
    signIn(d, again);
    auto* refused = d.as<ExamSignInScreen>();
    REQUIRE(refused);
    CHECK_FALSE(refused->message().empty());
    CHECK_FALSE(refused->resumeOffered());
}

TEST_CASE("exam flow: a sitting cut off mid-level resumes with the time used counted, and its quiz times out",
          "[exam][display]") {
    test::Scratch s;
    std::string error;
    std::string recording;
    {
        auto flow = ExamFlow::open(config(s), error);
        REQUIRE(flow);
        Driver d;
        signIn(d, flow);
        REQUIRE(d.key(sf::Keyboard::Enter));
        REQUIRE(d.as<ExamPracticalScreen>());
        recording = flow->recordingPath();
        strike(d, 4);
        for (int i = 0; i < 38; ++i)
            d.frame(); // 4 × 0.25 s of strikes + 9.5 s: 10.5 s used
        CHECK(d.as<ExamPracticalScreen>()->sectionLeftS() == Approx(49.5));
        // The program dies: screens, recorder and writer go without closing anything.
    }
    auto flow = ExamFlow::open(config(s), error);
    REQUIRE(flow);
    Driver d;
    signIn(d, flow);
    auto* offer = d.as<ExamSignInScreen>();
    REQUIRE(offer);
    REQUIRE(offer->resumeOffered());
    REQUIRE(d.key(sf::Keyboard::Enter));
    auto* resumed = d.as<ExamPracticalScreen>();
    REQUIRE(resumed);
    CHECK(flow->recordingPath() == recording);
    // The time already used counts (the recording's clock is at most a second behind).
    CHECK(resumed->sectionLeftS() >= 49.5);
    CHECK(resumed->sectionLeftS() <= 50.5);
    CHECK(resumed->practice().session().dots().size() == 4);
    CHECK_FALSE(resumed->practice().layers().ghost); // the exam's view, not the level file's
    CHECK_FALSE(resumed->practice().hudModel().liveScore);
    handIn(d);
    handIn(d);
    REQUIRE(d.as<QuizScreen>());
    answer(d);
    int frames = 0;
    while (!d.frame() && frames < 1000)
        ++frames;
    CHECK(frames == Approx(60.0 / kFrameS).margin(1));
    auto* final = d.as<ExamFinalScreen>();
    REQUIRE(final);
    REQUIRE(final->outcome().result);
    const ExamResult& r = *final->outcome().result;
    CHECK(r.sections[1].timedOut);
    CHECK(r.sections[1].timeUsedS == 60.0);
    CHECK_FALSE(final->outcome().signedResult); // no academy key on this station
    CHECK(regraded(recording) == canonicalResultText(r));
    const RecordingRead read = readRecording(recording);
    CHECK(read.recording->resumes.size() == 1);
    CHECK(read.recording->quizzes.at(0).finalAnswers().at(0) != nullptr);
}

namespace {

sf::Image drawn(Driver& d) {
    sf::RenderTexture target;
    REQUIRE(target.create(kW, kH));
    d.screen->update(0.0);
    d.screen->draw(target);
    d.theme.flush(target);
    target.display();
    sf::Image img = target.getTexture().copyToImage();
    if (const char* dir = std::getenv("STIPPLE_TEST_SHOTS"))
        img.saveToFile(std::string(dir) + "/exam-" + d.screen->name() + ".png");
    return img;
}

} // namespace

TEST_CASE("exam screens render: sign-in, instructions with extra time, practical, quiz, final",
          "[exam][display]") {
    test::Scratch s;
    std::string error;
    auto flow = ExamFlow::open(config(s), error);
    REQUIRE(flow);
    Driver d;
    d.show(std::make_unique<ExamSignInScreen>(d.theme, d.nav, flow));
    const sf::Image signInImg = drawn(d);
    CHECK(contrast(signInImg) > 5);
    CHECK(countNear(signInImg, colours::kAccent) > 50); // the active field's outline and the title

    // A refusal is shown on the screen (red panel).
    d.type("bad id!");
    d.key(sf::Keyboard::Tab);
    d.type("X");
    d.key(sf::Keyboard::Enter);
    CHECK_FALSE(d.as<ExamSignInScreen>()->message().empty());
    CHECK(countNear(drawn(d), colours::kFail) > 50);

    // Instructions for a candidate with extra time: the warm colour marks it.
    flow->previewCandidate("C-EXTRA", "Extra Time");
    CHECK(flow->sectionLimitS(0) == 120.0);
    d.show(std::make_unique<ExamInstructionsScreen>(d.theme, d.nav, flow));
    CHECK(countNear(drawn(d), colours::kWarm) > 20);

    // A fresh sitting: the practical with its countdown, then the quiz.
    auto sitting = ExamFlow::open(config(s), error);
    signIn(d, sitting);
    REQUIRE(d.key(sf::Keyboard::Enter));
    REQUIRE(d.as<ExamPracticalScreen>());
    CHECK(contrast(drawn(d)) > 5);
    handIn(d);
    handIn(d);
    REQUIRE(d.as<QuizScreen>());
    answer(d);
    d.key(sf::Keyboard::PageUp);
    const sf::Image quizImg = drawn(d);
    CHECK(contrast(quizImg) > 5);
    CHECK(countNear(quizImg, colours::kPanelHover, 2) > 1000); // the chosen answer's panel
    d.key(sf::Keyboard::Enter, true);
    REQUIRE(d.key(sf::Keyboard::Enter));
    REQUIRE(d.as<ExamFinalScreen>());
    const sf::Image finalImg = drawn(d);
    CHECK(contrast(finalImg) > 5);
    // Pass or not, the verdict panel is drawn in the pass or fail colour.
    const size_t verdict = countNear(finalImg, colours::kPass) + countNear(finalImg, colours::kFail);
    CHECK(verdict > 1000);

    // An exam that releases results only after the academy's decision shows "submitted" alone.
    Exam secret = sitting->exam();
    secret.view.scoreShown = FeedbackTiming::AfterDecision;
    secret.view.metricsShown = FeedbackTiming::AfterDecision;
    const ExamOutcome outcome = d.as<ExamFinalScreen>()->outcome();
    REQUIRE(outcome.result);
    d.show(std::make_unique<ExamFinalScreen>(d.theme, d.nav, secret, outcome));
    CHECK_FALSE(d.as<ExamFinalScreen>()->showsScores());
    const sf::Image submittedImg = drawn(d);
    CHECK(contrast(submittedImg) > 5);
    CHECK(countNear(submittedImg, colours::kPass) + countNear(submittedImg, colours::kFail) < verdict / 10);
}

TEST_CASE("exam practical: a drill's target dots are drawn although the exam turns the ghost off",
          "[exam][display]") {
    test::Scratch s;
    std::string error;
    auto flow = ExamFlow::open(config(s), error);
    REQUIRE(flow);
    Driver d;
    signIn(d, flow);
    REQUIRE(d.key(sf::Keyboard::Enter));
    auto* p = d.as<ExamPracticalScreen>();
    REQUIRE(p);
    const Level& level = p->practice().session().level();
    REQUIRE(level.target.dots.size() == 20); // the fixture's first level is the dot drill
    CHECK_FALSE(p->practice().layers().ghost);
    drawn(d); // the brief over the level (STIPPLE_TEST_SHOTS keeps it)
    begin(d);
    const sf::Image img = drawn(d);
    const sf::Color skin = toColour(level.canvas.skin.rgb);
    // Each target's ring (at the hit tolerance from its centre) differs from the bare skin beside it.
    int marked = 0;
    for (const TargetDot& t : level.target.dots) {
        const double ringMm = level.target.toleranceMm - 0.02;
        const sf::Vector2f ring = p->practice().view().toScreen(t.pos + Vec2{ringMm, 0});
        const sf::Vector2f bare =
            p->practice().view().toScreen(t.pos + Vec2{level.target.toleranceMm * 2.5, 0});
        const sf::Color r = img.getPixel(unsigned(ring.x), unsigned(ring.y));
        const sf::Color b = img.getPixel(unsigned(bare.x), unsigned(bare.y));
        const int diff =
            std::abs(int(r.r) - int(b.r)) + std::abs(int(r.g) - int(b.g)) + std::abs(int(r.b) - int(b.b));
        const int bareToSkin = std::abs(int(b.r) - int(skin.r)) + std::abs(int(b.g) - int(skin.g)) +
                               std::abs(int(b.b) - int(skin.b));
        marked += diff > 60 && bareToSkin < 12 ? 1 : 0;
    }
    CHECK(marked == 20);
}

TEST_CASE("exam quiz: a question's dot-pattern picture is drawn (the shipped foundation exam)",
          "[exam][display]") {
    test::Scratch s;
    Driver d;
    sitFoundationToQuestions(s, d);
    auto* quiz = d.as<QuizScreen>();
    REQUIRE(quiz);
    const Quiz& q = *quiz->quiz();
    size_t index = q.size();
    for (size_t i = 0; i < q.size() && index == q.size(); ++i)
        if (std::any_of(q.item(i).question.choices.begin(), q.item(i).question.choices.end(),
                        [](const Choice& c) { return c.picture.has_value(); }))
            index = i;
    REQUIRE(index < q.size()); // seed 1 draws it
    // Its choices are shuffled from the recorded seed, and their captions give nothing away.
    const QuizItem& item = q.item(index);
    for (const Choice& c : item.question.choices)
        CHECK(c.text.rfind("Patch ", 0) == 0);
    while (quiz->current() < index)
        d.key(sf::Keyboard::PageDown);
    REQUIRE(d.as<QuizScreen>()->current() == index);
    const sf::Image img = drawn(d);
    // Every choice's patch of skin is drawn with its dots (not captions alone).
    CHECK(countNear(img, sf::Color(224, 187, 149), 30) > 3 * 5000);
    // A click on a choice's picture picks it and saves it in the sitting at once.
    const int bySeed = item.display[0];
    REQUIRE(d.as<QuizScreen>()->optionRects().size() == item.display.size());
    const sf::FloatRect tile = d.as<QuizScreen>()->optionRects()[0];
    const sf::Vector2f centre(tile.left + tile.width / 2, tile.top + tile.height / 2);
    d.mouse(sf::Event::MouseButtonPressed, centre);
    d.mouse(sf::Event::MouseButtonReleased, centre);
    REQUIRE(d.as<QuizScreen>()->quiz()->isAnswered(index));
    CHECK(d.as<QuizScreen>()->quiz()->response(index)->choices == std::vector<int>{bySeed});
}

namespace {

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines)
        s += l + "\n";
    return s;
}

/// A result longer than any window: `sections` practical sections of six levels with ten metrics
/// each, and the names people read for them (the first level's title longer than a line).
ExamOutcome longOutcome(int sections, bool passed) {
    ExamOutcome o;
    ExamResult r;
    r.examTitle = "Long exam";
    r.candidateId = "c-0042";
    r.candidateName = "Ana Souza";
    r.finishedAt = "2026-03-02T10:00:00Z";
    r.score = passed ? 81.0 : 64.2;
    r.passed = passed;
    for (int k = 0; k < sections; ++k) {
        ResultSection sec;
        sec.id = "section-" + std::to_string(k + 1);
        sec.title = "Practical " + std::to_string(k + 1);
        sec.kind = "practical";
        sec.passMark = 70;
        sec.timeLimitS = 600;
        sec.timeUsedS = 321;
        sec.score = passed ? 80 : 60;
        sec.passed = passed;
        auto& names = o.names.sections.emplace_back();
        for (int l = 0; l < 6; ++l) {
            ResultItem item;
            item.kind = ResultItem::Kind::Level;
            item.ref = "level-id-" + std::to_string(l + 1);
            item.score = 70 + l;
            ResultNames::Item& shown = names.emplace_back();
            shown.title = l == 0 ? "The first level, whose title is long enough to need a second line on the "
                                   "final screen of this long exam, and then a few more words to be sure"
                                 : "Level title " + std::to_string(l + 1);
            for (int m = 0; m < 10; ++m) {
                item.metrics.push_back(
                    {"metric-id-" + std::to_string(m), "zone-id", 0.5, 60.0 + m, 1.0, m % 3 != 0});
                shown.metrics.push_back("Metric label " + std::to_string(m) + " \xE2\x80\x94 Zone name");
            }
            sec.items.push_back(item);
        }
        r.sections.push_back(sec);
    }
    if (!passed) {
        r.reasons = {"section 'section-1': 1 of 6 levels not passed (first: level-id-1 70); this section "
                     "needs every level passed",
                     "overall score 64.2 is below the pass mark 70"};
    }
    o.result = r;
    o.recording = "/srv/stipple/recordings/long-exam-c-0042-a1.stiprec";
    return o;
}

/// Draws the screen offscreen at `size` with a layout log; the texts drawn, in order.
LayoutLog drawLogged(Driver& d, sf::Vector2u size) {
    sf::RenderTexture target;
    REQUIRE(target.create(size.x, size.y));
    d.theme.setWindowSize(size);
    d.screen->layout(size);
    LayoutLog log;
    log.window = size;
    d.theme.setLayoutLog(&log);
    d.screen->draw(target);
    d.theme.setLayoutLog(nullptr);
    return log;
}

bool drew(const LayoutLog& log, const std::string& prefix) {
    return std::any_of(log.texts.begin(), log.texts.end(),
                       [&](const auto& t) { return t.text.rfind(prefix, 0) == 0; });
}

} // namespace

TEST_CASE("exam quiz: a question's chip names its category as the bank does, not by its id",
          "[exam][display]") {
    test::Scratch s;
    Driver d;
    sitFoundationToQuestions(s, d);
    REQUIRE(d.as<QuizScreen>());
    // levels/banks/brochure.xml's <category name="...">, and the generated scenarios' name.
    const std::map<std::string, std::string> names{{"aftercare", "Aftercare rules"},
                                                   {"sessions", "Sessions"},
                                                   {"benefits", "What SMP is and what it does"},
                                                   {"aftercare-scenarios", "Aftercare scenarios"}};
    std::set<std::string> seen;
    const size_t n = d.as<QuizScreen>()->quiz()->size();
    for (size_t i = 0; i < n; ++i) {
        while (d.as<QuizScreen>()->current() < i)
            d.key(sf::Keyboard::PageDown);
        REQUIRE(d.as<QuizScreen>()->current() == i);
        const std::string id = d.as<QuizScreen>()->quiz()->item(i).category;
        INFO("question " << i + 1 << ", category " << id);
        REQUIRE(names.count(id) == 1);
        seen.insert(id);
        const LayoutLog log = drawLogged(d, {1280, 960});
        CHECK(drew(log, names.at(id)));
        CHECK(!std::any_of(log.texts.begin(), log.texts.end(), [&](const auto& t) { return t.text == id; }));
    }
    CHECK(seen.size() == names.size()); // the exam draws from every category
}

TEST_CASE("exam final screen: a long result scrolls by keys and wheel, says the deciding rule first, and "
          "never cuts a line",
          "[exam][display][scroll]") {
    Driver d;
    const sf::Vector2u size{1024, 768};
    Exam exam;
    exam.title = "Long exam";
    exam.view.scoreShown = FeedbackTiming::Immediately;
    exam.view.metricsShown = FeedbackTiming::Immediately;
    d.show(std::make_unique<ExamFinalScreen>(d.theme, d.nav, exam, longOutcome(3, false)));
    auto* screen = d.as<ExamFinalScreen>();
    LayoutLog log = drawLogged(d, size);
    INFO(joined(log.problems()));
    CHECK(log.problems().empty());
    // Too long for the window: it can scroll, starts at the top, and the recording line at the
    // very end is not drawn yet.
    REQUIRE(screen->maxScroll() > 0);
    CHECK(screen->scroll() == 0);
    CHECK_FALSE(drew(log, "Recording "));
    // The deciding rule comes first, before the verdict's number and the sections.
    std::vector<std::string> texts;
    for (const auto& t : log.texts)
        texts.push_back(t.text);
    // It is worded as a level's results screen words its deciding rule ("✗ Failed: …"), and names
    // the section and the level by their titles, not their ids.
    const auto rule = std::find_if(texts.begin(), texts.end(), [](const std::string& t) {
        return t.rfind("\xE2\x9C\x97 Failed: Practical 1 \xE2\x80\x94 1 of 6 levels not passed (first: The "
                       "first level,",
                       0) == 0;
    });
    const auto verdict = std::find(texts.begin(), texts.end(), "NOT PASSED");
    REQUIRE(rule != texts.end());
    REQUIRE(verdict != texts.end());
    CHECK(rule < verdict);
    CHECK(std::any_of(texts.begin(), verdict,
                      [](const std::string& t) { return t.find("(+1 more reason)") != std::string::npos; }));
    // Levels by their titles (a long one wrapped, not cut), metrics by their labels; no id shown.
    CHECK(drew(log, "The first level, whose title is long"));
    CHECK(drew(log, "Level title 2"));
    // One metric is kept on one line: its label, score and ✗ joined by no-break spaces.
    const std::string nbsp = "\xC2\xA0";
    const std::string failedMetric = "Metric" + nbsp + "label" + nbsp + "0" + nbsp + "\xE2\x80\x94" + nbsp +
                                     "Zone" + nbsp + "name" + nbsp + "60" + nbsp + "\xE2\x9C\x97";
    CHECK(std::any_of(texts.begin(), texts.end(),
                      [&](const std::string& t) { return t.find(failedMetric) != std::string::npos; }));
    for (const std::string& t : texts) {
        INFO(t);
        CHECK(t.find("level-id-") == std::string::npos);
        CHECK(t.find("metric-id-") == std::string::npos);
        CHECK(t.find("zone-id") == std::string::npos);
        CHECK(t.find("section-1") == std::string::npos);
    }

    // Down, PgDn and the wheel scroll down; Up and PgUp back; End and Home to the ends.
    d.key(sf::Keyboard::Down);
    const float line = screen->scroll();
    CHECK(line > 0);
    d.key(sf::Keyboard::PageDown);
    CHECK(screen->scroll() > line * 5);
    const float afterPage = screen->scroll();
    sf::Event wheel;
    wheel.type = sf::Event::MouseWheelScrolled;
    wheel.mouseWheelScroll = {sf::Mouse::VerticalWheel, -1.f, 500, 400};
    d.send(wheel);
    CHECK(screen->scroll() > afterPage);
    d.key(sf::Keyboard::PageUp);
    d.key(sf::Keyboard::Up);
    CHECK(screen->scroll() < afterPage);
    for (int i = 0; i < 3; ++i) {
        // Middle positions too: whatever is drawn is whole, inside the body, and overlaps nothing.
        d.key(sf::Keyboard::PageDown);
        const LayoutLog mid = drawLogged(d, size);
        INFO(joined(mid.problems()));
        CHECK(mid.problems().empty());
    }
    d.key(sf::Keyboard::End);
    CHECK(screen->scroll() == screen->maxScroll());
    log = drawLogged(d, size);
    CHECK(drew(log, "Recording "));
    CHECK(drew(log, "Practical 1 \xE2\x80\x94 1 of 6 levels not passed"));
    CHECK(log.problems().empty());
    d.key(sf::Keyboard::Home);
    CHECK(screen->scroll() == 0);
    CHECK(d.nav.selects == 0); // scrolling is not leaving
    d.key(sf::Keyboard::Enter);
    CHECK(d.nav.selects == 1);

    // A passed result says so first, and a short one does not scroll.
    d.show(std::make_unique<ExamFinalScreen>(d.theme, d.nav, exam, longOutcome(0, true)));
    log = drawLogged(d, size);
    CHECK(drew(log, "\xE2\x9C\x93 Passed: every section reached its pass mark; overall score 81.0"));
    CHECK(d.as<ExamFinalScreen>()->maxScroll() == 0);
    CHECK(drew(log, "Recording "));

    // The station signed with a key left where keys were kept before: the commands' note (as
    // keyFileIn words it) is said in full under the result, at every size the trainer opens,
    // wrapped, not cut, overlapping nothing; at the end of the scroll when it does not fit.
    ExamOutcome noted = longOutcome(0, true);
    noted.signedResult = true;
    noted.resultFile = "/srv/stipple/recordings/long-exam-c-0042-a1.result";
    noted.code = "7KQ2-M4XD-9PRT";
    noted.notes.push_back(
        "the key folder is now /home/examiner/.local/share/stipple-station-2/keys (keys/ in the data folder "
        "that user-data= or STIPPLE_USER_DATA names); using academy.secret from "
        "/home/examiner/.local/share/stipple/keys, where keys were kept before. Move them into the key "
        "folder: "
        "mkdir -p '/home/examiner/.local/share/stipple-station-2/keys' && mv "
        "'/home/examiner/.local/share/stipple/keys'/* '/home/examiner/.local/share/stipple-station-2/keys'/");
    d.show(std::make_unique<ExamFinalScreen>(d.theme, d.nav, exam, noted));
    for (const sf::Vector2u at :
         {sf::Vector2u{800, 600}, sf::Vector2u{1024, 768}, sf::Vector2u{1920, 1080}}) {
        INFO(at.x << "x" << at.y);
        d.key(sf::Keyboard::Home);
        log = drawLogged(d, at);
        CHECK(log.problems().empty());
        d.key(sf::Keyboard::End);
        log = drawLogged(d, at);
        INFO(joined(log.problems()));
        CHECK(log.problems().empty());
        CHECK(drew(log, "Note: the key folder is now /home/examiner/"));
        // The whole note is drawn: its last words end a line.
        CHECK(std::any_of(log.texts.begin(), log.texts.end(), [](const auto& t) {
            return t.text.size() >= 6 && t.text.compare(t.text.size() - 6, 6, "keys'/") == 0;
        }));
    }
}

TEST_CASE("stipple --screen exam-signin|exam-instructions|exam-final renders the exam screens to PNGs",
          "[exam][display]") {
    test::Scratch s;
    const std::string exam = test::quote(kExam);
    const std::string data = " --user-data " + test::quote(s.dir());
    for (const std::string screen : {"exam-signin", "exam-instructions"}) {
        const auto png = s.path(screen + ".png");
        const test::Run r = test::runStipple("--screen " + screen + " --exam " + exam +
                                             " --candidate C-EXTRA --name 'Extra Time'" + data +
                                             " --screenshot " + test::quote(png));
        INFO(r.err);
        CHECK(r.exitCode == 0);
        sf::Image img;
        REQUIRE(img.loadFromFile(png.string()));
        CHECK(contrast(img) > 5);
    }
    // Screenshots never touch the store.
    CHECK_FALSE(std::filesystem::exists(s.path("results.db")));

    // The final screen of a recorded sitting (the scripted trainee of `stipple record demo`).
    const auto rec = s.path("sitting.stiprec");
    REQUIRE(test::runStipple("record demo --exam " + exam + " --out " + test::quote(rec) + " --strikes 20")
                .exitCode == 0);
    const test::Run r = test::runStipple("--screen exam-final --recording " + test::quote(rec) +
                                         " --screenshot " + test::quote(s.path("final.png")));
    INFO(r.err);
    CHECK(r.exitCode == 0);
    sf::Image img;
    REQUIRE(img.loadFromFile(s.path("final.png").string()));
    CHECK(countNear(img, colours::kPass) + countNear(img, colours::kFail) > 1000);
    // Bad usage says what is missing.
    const test::Run bad =
        test::runStipple("--screen exam-final --screenshot " + test::quote(s.path("x.png")));
    CHECK(bad.exitCode == 1);
    CHECK(bad.err.find("--recording") != std::string::npos);
}

TEST_CASE("exam sign-in: a store URL's password is never shown to the candidate (issue 16, hole 12)",
          "[exam][secrets]") {
    test::Scratch s;
    for (const std::string url : {"postgresql://ana:Zq9/Xw?Kv@127.0.0.1:1/results",
                                  "postgresql://ana@127.0.0.1:1/results?sslpassword=Hq7Jk"}) {
        INFO(url);
        ExamFlowConfig c = config(s);
        c.dbPath = url;
        std::string error;
        auto flow = ExamFlow::open(c, error);
        REQUIRE(flow);
        const ExamSignIn in = flow->checkCandidate("C-0042", "Ana Souza");
        CHECK(in.kind == ExamSignIn::Kind::Refused);
        CHECK(in.reason.rfind("The results store cannot be opened: cannot connect to the results server",
                              0) == 0);
        for (const char* piece : {"Zq", "q9", "9/", "Xw", "Kv", "Hq", "q7", "Jk"})
            CHECK(in.reason.find(piece) == std::string::npos);
    }
}

TEST_CASE("exam sign-in: a name or station that is not UTF-8 is refused before anything is recorded (issue "
          "16, hole 2)",
          "[exam][utf8]") {
    test::Scratch s;
    std::string error;
    auto flow = ExamFlow::open(config(s), error);
    REQUIRE(flow);
    const ExamSignIn in = flow->checkCandidate("C-0042", "Ana \xff Souza");
    CHECK(in.kind == ExamSignIn::Kind::Refused);
    CHECK(in.reason ==
          "The name holds characters that are not valid UTF-8: type it again as it should appear on the "
          "certificate.");
    CHECK(flow->checkCandidate("C-0042", "Aïcha Souza").kind != ExamSignIn::Kind::Refused);

    ExamFlowConfig c = config(s);
    c.station = "station-\xe9";
    CHECK_FALSE(ExamFlow::open(c, error));
    CHECK(error ==
          "the station name is not valid UTF-8 (byte 9 of the value): type it in UTF-8 (--station or "
          "STIPPLE_STATION)");
}
