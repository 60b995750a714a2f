// The exam flow's screens: candidate sign-in (id and name typed, eligibility checked against the
// results store, an unfinished sitting offered for resuming), the instructions (sections, time
// limits with any extra time, what is allowed), each practical level on the practice screen in
// exam mode with the section's countdown over it (opening on the level's brief), the quiz (the
// trainer's quiz screen in its exam-section form), and the final screen
// showing what the exam lets the candidate see. Every step that records or grades is in
// app/exam_flow.h; these screens show its state and pass on what the candidate does.
#pragma once

#include "app/practice_screen.h"
#include "app/quiz_screen.h"
#include "app/screen.h"
#include "sitting/exam_flow.h"

#include <memory>
#include <string>
#include <vector>

namespace stipple::app {

struct Options;

/// The exam flow's settings from the trainer's options.
ExamFlowConfig examConfig(const Options& options);
/// Builds the exam screen `which` (exam-signin, exam-instructions, exam-final) as the options describe it:
/// the sign-in (prefilled with --candidate/--name), the instructions for --candidate, or the final screen of
/// the closed --recording. nullptr with a reason when it cannot be shown.
std::unique_ptr<Screen> makeExamScreen(const render::Theme& theme, Navigator& nav, const Options& options,
                                       const std::string& which, std::string& error);

/// The screen for where `flow` stands: the next practical level, the quiz, or — after the last
/// section — the final screen (which closes, grades, signs and stores).
std::unique_ptr<Screen> nextExamScreen(const render::Theme& theme, Navigator& nav,
                                       std::shared_ptr<ExamFlow> flow);
/// The final screen of a sitting that cannot go on, saying why (`error`).
std::unique_ptr<Screen> stoppedExamScreen(const render::Theme& theme, Navigator& nav, const ExamFlow& flow,
                                          const std::string& error);

class ExamSignInScreen : public Screen {
  public:
    /// `flow` may be null when the exam could not be read: `loadError` then says why.
    ExamSignInScreen(const render::Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow,
                     std::string loadError = "");

    void layout(sf::Vector2u size) override { m_size = size; }
    void handleEvent(const sf::Event& event) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override { return "Exam sign-in"; }

    /// Fills the fields as if typed (screenshots).
    void setFields(const std::string& id, const std::string& name);
    const std::string& message() const { return m_message; }
    bool resumeOffered() const { return m_resumeOffer; }

  private:
    void submit();

    const render::Theme& m_theme;
    Navigator& m_nav;
    std::shared_ptr<ExamFlow> m_flow;
    std::string m_loadError;
    sf::Vector2u m_size{1280, 960};
    std::string m_fields[2];
    int m_field = 0;
    std::string m_message;
    bool m_resumeOffer = false;
};

class ExamInstructionsScreen : public Screen {
  public:
    ExamInstructionsScreen(const render::Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow);

    void layout(sf::Vector2u size) override { m_size = size; }
    void handleEvent(const sf::Event& event) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override { return "Exam instructions"; }

  private:
    const render::Theme& m_theme;
    Navigator& m_nav;
    std::shared_ptr<ExamFlow> m_flow;
    sf::Vector2u m_size{1280, 960};
    std::string m_error;
};

/// One practical level: the practice screen in exam mode, the section's countdown over it.
class ExamPracticalScreen : public Screen {
  public:
    ExamPracticalScreen(const render::Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow,
                        ExamLevelRun run);

    void layout(sf::Vector2u size) override { m_practice->layout(size); }
    void handleEvent(const sf::Event& event) override;
    void update(double dtS) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override { return "Exam: practical"; }
    bool hidesPointer() const override { return !m_done && m_practice->hidesPointer(); }

    /// For tests: the practice screen (its session is valid until the level is handed in).
    PracticeScreen& practice() { return *m_practice; }
    /// Seconds left in the section.
    double sectionLeftS() const;

  private:
    void handInIfFinished();

    const render::Theme& m_theme;
    Navigator& m_nav;
    std::shared_ptr<ExamFlow> m_flow;
    std::unique_ptr<PracticeScreen> m_practice; ///< owns the session
    ExamLevelRun m_run;                         ///< the recorder (declared after: destroyed first)
    double m_limitS = 0.0;
    bool m_done = false;
    std::string m_error;
};

/// A quiz section: the trainer's one quiz screen (app/quiz_screen.h) on the section's questions,
/// shuffled from the recorded seed, each answer saved in the sitting as it is given.
std::unique_ptr<Screen> makeExamQuizScreen(const render::Theme& theme, Navigator& nav,
                                           std::shared_ptr<ExamFlow> flow, ExamQuizRun quiz);

class ExamFinalScreen : public Screen {
  public:
    ExamFinalScreen(const render::Theme& theme, Navigator& nav, const Exam& exam, ExamOutcome outcome);

    void layout(sf::Vector2u size) override { m_size = size; }
    void handleEvent(const sf::Event& event) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override { return "Exam submitted"; }

    const ExamOutcome& outcome() const { return m_outcome; }
    /// True when the exam lets the candidate see scores now (its <after score="immediately">).
    bool showsScores() const;
    /// How far the result is scrolled, and how far it can be (0 when it fits the window); known
    /// after the first draw.
    float scroll() const { return m_scroll; }
    float maxScroll() const { return m_maxScroll; }

  private:
    void scrollBy(float delta);

    const render::Theme& m_theme;
    Navigator& m_nav;
    std::string m_examTitle;
    CandidateView m_view;
    ExamOutcome m_outcome;
    sf::Vector2u m_size{1280, 960};
    float m_scroll = 0;
    float m_maxScroll = 0;
    float m_bodyHeight = 0;
    float m_contentHeight = 0;
};

} // namespace stipple::app
