// The quiz screen, by keyboard alone: first the setup (which question bank — the banks in
// <levels>/banks and the scenario questions generated from each rule book in <levels>/aftercare —
// how many questions, practice or exam feedback, an optional time limit), then one question at a
// time: single and multiple choice, true/false, numeric and ordering, with the question's or the
// choices' dot-pattern pictures drawn by the canvas renderer, "question k of N", the time left,
// and in practice the verdict, explanation and source right after each answer. Drawing, answer
// state and grading are core's Quiz (quiz/quiz.h): this screen only turns keys into a
// DisplayedAnswer and shows what the Quiz says. At the end the QuizReviewScreen takes over.
#pragma once

#include "app/quiz_picture.h"
#include "app/screen.h"
#include "quiz/quiz.h"

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

/// "quiz" and "quiz-review": the --screen names of the quiz screens.
bool isQuizScreenName(const std::string& name);
/// Parses one quiz option at args[i] (--bank, --seed, --count, --question, --answers,
/// --time-limit, --quiz-exam) into `options`, advancing i past its value. False when args[i] is
/// not a quiz option; true with `error` set when it is one but its value is wrong.
bool parseQuizOption(const std::vector<std::string>& args, size_t& i, Options& options, std::string& error);
/// The quiz options' lines of the trainer's usage text.
std::string quizUsage();
/// The screen --screen quiz / quiz-review shows: the setup, or with --bank the drawn quiz at
/// --question K, or its review with --answers FILE graded. nullptr with a reason on bad input.
std::unique_ptr<Screen> makeQuizScreen(const Theme& theme, Navigator& nav, const Options& options, std::string& error);
/// Where the trainer keeps the ids of questions seen recently: the user's data folder
/// (store/data_dir.h) / quiz-history.txt; "" when there is none.
std::string defaultQuizHistoryPath();

class QuizScreen : public Screen {
public:
    /// Opens on the setup. `historyPath` may be "" (no history, e.g. screenshots and tests).
    QuizScreen(const Theme& theme, Navigator& nav, std::string levelsDir, std::string historyPath);

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
    std::string name() const override { return m_run ? "Quiz" : "Quiz: choose a bank"; }

    /// The running quiz (nullptr on the setup).
    const Quiz* quiz() const { return m_run ? m_run->quiz.get() : nullptr; }
    size_t current() const { return m_current; }
    /// Seconds since the quiz started (advanced by update()).
    double elapsed() const { return m_elapsedS; }
    /// The last message shown under the answer (an answer the Quiz refused, the time running out).
    const std::string& status() const { return m_status; }
    /// Ends the quiz and hands it to the review screen (what Esc does).
    void finish();
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
        std::vector<bool> picked;  ///< choice questions (true/false: [true, false])
        std::string number;        ///< numeric, as typed
        std::vector<int> order;    ///< ordering: display positions as arranged
        bool grabbed = false;      ///< ordering: the item under the cursor moves with the arrows
    };

    void handleSetupKey(const sf::Event::KeyEvent& key);
    void handleQuestionKey(const sf::Event::KeyEvent& key);
    void startFromSetup();
    void resetDrafts();
    size_t optionCount() const; ///< rows the cursor moves over for the current question
    void pick(int position);    ///< number key / letter / Space on a choice
    void submit();
    void next();
    void go(size_t index);
    std::optional<DisplayedAnswer> draftAnswer(std::string& why) const;
    QuizPicture* picture(const std::optional<Picture>& p);

    void drawSetup(sf::RenderTarget& target);
    void drawQuestion(sf::RenderTarget& target);
    float drawChoices(sf::RenderTarget& target, float x, float y, float w, float bottom);
    float drawNumeric(sf::RenderTarget& target, float x, float y, float w);
    float drawOrdering(sf::RenderTarget& target, float x, float y, float w);
    void drawFeedback(sf::RenderTarget& target, sf::FloatRect r);

    const Theme& m_theme;
    Navigator& m_nav;
    std::string m_levelsDir, m_historyPath;
    sf::Vector2u m_size{1280, 960};

    // Setup.
    std::vector<QuizSource> m_sources;
    int m_setupRow = 0;    ///< 0 = the source list, 1 = count, 2 = feedback, 3 = time limit
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
    bool m_handedIn = false; ///< takeRun() gave the quiz away
    std::map<std::string, std::unique_ptr<QuizPicture>> m_pictures; ///< by "dots:" / "level:" path
};

} // namespace stipple::app
