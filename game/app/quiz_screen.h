// The quiz screen — the one quiz screen, for practice quizzes and an exam's quiz sections — by
// keyboard or mouse: first the setup (which question bank — the banks in
// <levels>/banks and the scenario questions generated from each rule book in <levels>/aftercare —
// how many questions, practice or exam feedback, an optional time limit), then one question at a
// time: single and multiple choice, true/false, numeric and ordering, with the question's or the
// choices' dot-pattern pictures drawn by the canvas renderer, "question k of N", the time left,
// and in practice the verdict, explanation and source right after each answer. Drawing, answer
// state and grading are core's Quiz (quiz/quiz.h): this screen only turns keys and clicks into a
// DisplayedAnswer and shows what the Quiz says. At the end the QuizReviewScreen takes over.
// Typed text (digits of a number, the number or letter of a choice, T/F) is read from the text
// the keyboard produced (SFML TextEntered), not from key codes, so any keyboard layout works.
// An exam's quiz section (QuizSection) uses the same screen on the section's fixed questions,
// shuffled from the seed its recording keeps: answers are saved as they are given, the section's
// clock runs, and handing in asks first, in a dialog with buttons.
#pragma once

#include "app/screen.h"
#include "quiz/quiz.h"
#include "render/quiz_picture.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stipple::app {

/// Where a quiz's questions come from.
struct QuizSource {
    std::string title; ///< the bank's title, or "Aftercare scenarios: <rule book title>"
    std::string path;  ///< a bank (Stipple, Moodle XML or GIFT) or, for scenarios, a rule book
    bool scenarios = false;
    std::string detail; ///< "52 questions in 3 categories", or why it cannot be read
    bool ok = true;
};

/// The banks in `levelsDir`/banks (*.xml, *.gift) and a scenario source per rule book in
/// `levelsDir`/aftercare, in file-name order, each read once to describe it.
std::vector<QuizSource> findQuizSources(const std::string& levelsDir);

/// A source's questions: the bank's, or `scenarioCount` generated from the rule book by `seed`.
struct QuizPool {
    std::string title;
    std::string baseDir; ///< pictures are relative to this folder
    std::vector<QuestionCategory> categories;
    std::vector<Question> questions;
    std::vector<std::string> baseDirs; ///< per question, when they come from several folders (an exam)
};

/// A quiz that is one section of an exam sitting: fixed questions, answers handed to the sitting
/// as they are given, the section's clock, hand-in (asked first, or at time-out).
struct QuizSection {
    std::string heading;                      ///< "EXAM · Aftercare, sessions and SMP"
    std::vector<Question> questions;          ///< in the exam's order
    std::vector<std::string> baseDirs;        ///< per question: its bank's folder (pictures)
    std::vector<QuestionCategory> categories; ///< their names, for the question's chip
    std::vector<Response> answers;            ///< answers given before (a resumed sitting), question order
    uint64_t displaySeed = 0;                 ///< the choices' order (core Quiz::ofQuestions)
    double limitS = 0.0;                      ///< the section's time
    double usedS = 0.0;                       ///< already used (a resumed sitting)
    bool showTimer = true;
    /// Saves one answer (question order) at `usedS`; false with the reason.
    std::function<bool(size_t index, const Response& answer, double usedS, std::string& error)> record;
    /// The clock, every frame.
    std::function<void(double usedS)> clock;
    /// Hands the section in; the sitting shows its next screen.
    std::function<void(double usedS, bool timedOut)> handIn;
};
std::optional<QuizPool> loadQuizPool(const QuizSource& source, uint64_t seed, std::string& error);

/// Everything a quiz was started with, so the review can offer the same quiz again.
struct QuizSetup {
    QuizSource source;
    QuizOptions options;
    std::string levelsDir;
    std::string historyPath; ///< recently seen questions; "" = neither read nor written
};

/// A quiz in progress or finished, handed from the quiz screen to the review.
struct QuizRun {
    QuizSetup setup;
    QuizPool pool;
    std::unique_ptr<Quiz> quiz;
};

struct Options;

/// The screen --screen quiz / quiz-review shows: the setup, or with --bank the drawn quiz at
/// --question K, or its review with --answers FILE graded. nullptr with a reason on bad input.
std::unique_ptr<Screen> makeQuizScreen(const render::Theme& theme, Navigator& nav, const Options& options,
                                       std::string& error);
/// Where the trainer keeps the ids of questions seen recently: the user's data folder
/// (config/data_dir.h) / quiz-history.txt; "" when there is none.
std::string defaultQuizHistoryPath();

class QuizScreen : public Screen {
  public:
    /// Opens on the setup. `historyPath` may be "" (no history, e.g. screenshots and tests).
    QuizScreen(const render::Theme& theme, Navigator& nav, std::string levelsDir, std::string historyPath);
    /// An exam's quiz section: its questions at once, previous answers in place.
    QuizScreen(const render::Theme& theme, Navigator& nav, QuizSection section);

    /// Skips the setup: draws the quiz and shows its first question. False with a reason when the
    /// source cannot be read or has no questions.
    bool start(const QuizSetup& setup, std::string& error);
    /// Shows question `index` (0-based; screenshots).
    void showQuestion(size_t index);
    /// Answers question `index` as if typed (the draft shows it; practice feedback too). What
    /// --answers does for screenshots; keys go through the same Quiz::answer().
    AnswerOutcome answer(size_t index, const DisplayedAnswer& answer);

    void layout(sf::Vector2u size) override;
    void handleEvent(const sf::Event& event) override;
    void update(double dtS) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override {
        return m_section ? "Exam: questions" : m_run ? "Quiz" : "Quiz: choose a bank";
    }

    /// The running quiz (nullptr on the setup).
    const Quiz* quiz() const { return m_run ? m_run->quiz.get() : nullptr; }
    size_t current() const { return m_current; }
    /// Seconds since the quiz started (advanced by update()).
    double elapsed() const { return m_elapsedS; }
    /// The last message shown under the answer (an answer the Quiz refused, the time running out).
    const std::string& status() const { return m_status; }
    /// Ends the quiz and hands it to the review screen (what Esc does); in an exam section, asks
    /// whether to hand in.
    void finish();
    /// An exam section: the hand-in question is open.
    bool askingHandIn() const { return m_askHandIn; }
    bool isSection() const { return m_section.has_value(); }
    /// Where the current question's choices (or ordering slots) were last drawn, in display order.
    const std::vector<sf::FloatRect>& optionRects() const { return m_optionRects; }
    /// Ends the quiz (remembering its questions in the history file) and gives it away; the
    /// screen is empty afterwards.
    std::unique_ptr<QuizRun> takeRun();

    /// Choices of the setup.
    static const std::vector<int>& countChoices();
    static const std::vector<double>& timeLimitChoices(); ///< seconds; 0 = none

  private:
    /// The answer being edited for one question, in display positions.
    struct Draft {
        int cursor = 0;
        std::vector<bool> picked; ///< choice questions (true/false: [true, false])
        std::string number;       ///< numeric, as typed
        std::vector<int> order;   ///< ordering: display positions as arranged
        bool grabbed = false;     ///< ordering: the item under the cursor moves with the arrows
    };

    void handleSetupKey(const sf::Event::KeyEvent& key);
    void handleQuestionKey(const sf::Event::KeyEvent& key);
    void handleText(sf::Uint32 c); ///< typed text: digits, choice numbers and letters, T/F
    void handleMouse(const sf::Event& e);
    bool answerable() const; ///< the current question takes an answer now
    /// An exam section: saves the current draft as the answer (quietly: an unfinished draft is
    /// left unsaved). False when it could not be saved.
    bool save(bool quiet);
    void handIn(bool timedOut);
    void drawButtons(sf::RenderTarget& target);
    void drawHandIn(sf::RenderTarget& target);
    void startFromSetup();
    void resetDrafts();
    size_t optionCount() const; ///< rows the cursor moves over for the current question
    void pick(int position);    ///< number key / letter / Space on a choice
    void submit();
    void next();
    void go(size_t index);
    std::optional<DisplayedAnswer> draftAnswer(std::string& why) const;
    render::QuizPicture* picture(const std::optional<Picture>& p);

    void drawSetup(sf::RenderTarget& target);
    void drawQuestion(sf::RenderTarget& target);
    float drawChoices(sf::RenderTarget& target, float x, float y, float w, float bottom);
    float drawNumeric(sf::RenderTarget& target, float x, float y, float w);
    float drawOrdering(sf::RenderTarget& target, float x, float y, float w);
    void drawFeedback(sf::RenderTarget& target, sf::FloatRect r);

    const render::Theme& m_theme;
    Navigator& m_nav;
    std::string m_levelsDir, m_historyPath;
    sf::Vector2u m_size{1280, 960};

    // Setup.
    std::vector<QuizSource> m_sources;
    int m_setupRow = 0; ///< 0 = the source list, 1 = count, 2 = feedback, 3 = time limit
    size_t m_sourceIndex = 0;
    size_t m_countIndex = 1;
    bool m_exam = false;
    size_t m_timeIndex = 0;

    // Running.
    std::unique_ptr<QuizRun> m_run;
    size_t m_current = 0;
    std::vector<Draft> m_drafts;
    std::map<size_t, QuestionGrade> m_feedback; ///< practice: the grade shown after each answer
    double m_elapsedS = 0.0;
    std::string m_status;
    bool m_statusError = false;
    bool m_handedIn = false;                                                ///< takeRun() gave the quiz away
    std::map<std::string, std::unique_ptr<render::QuizPicture>> m_pictures; ///< by "dots:" / "level:" path

    // An exam section.
    std::optional<QuizSection> m_section;
    bool m_askHandIn = false;
    bool m_sectionDone = false;

    // Where things were drawn, for the mouse.
    std::vector<sf::FloatRect> m_optionRects;  ///< choices, or ordering slots, in display order
    std::vector<sf::FloatRect> m_segmentRects; ///< the progress bar: one per question
    sf::FloatRect m_prevButton, m_nextButton, m_handInButton, m_yesButton, m_noButton;
    int m_dragFrom = -1; ///< ordering: the slot pressed on
};

} // namespace stipple::app
