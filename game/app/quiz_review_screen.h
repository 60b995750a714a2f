// The end of a quiz: the score (with partial credit), then every question — the trainee's answer
// against the right one, the verdict and credit, the feedback of the picked choices, the
// explanation and its source — in a list that scrolls by keyboard. R draws a new quiz with the
// same settings (the questions just seen count as recent, so it prefers fresh ones); Esc goes
// back to the levels. The grades are core's Quiz::grade(), shown as they are.
#pragma once

#include "app/quiz_screen.h"

namespace stipple::app {

class QuizReviewScreen : public Screen {
  public:
    /// Takes over a finished quiz (finish() is called if it was not).
    QuizReviewScreen(const render::Theme& theme, Navigator& nav, std::unique_ptr<QuizRun> run);

    void layout(sf::Vector2u size) override;
    void handleEvent(const sf::Event& event) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override { return "Quiz review"; }

    const QuizResult& result() const { return m_result; }
    const Quiz& quiz() const { return *m_run->quiz; }
    /// What the trainee answered to question i, in words ("not answered" when nothing).
    std::string answerText(size_t i) const;
    float scroll() const { return m_scroll; }
    float maxScroll() const;

  private:
    void scrollTo(float y);
    float cardHeight(size_t i, float width) const;
    void drawCard(sf::RenderTarget& target, size_t i, sf::FloatRect r) const;
    void retry();

    const render::Theme& m_theme;
    Navigator& m_nav;
    std::unique_ptr<QuizRun> m_run;
    QuizResult m_result;
    sf::Vector2u m_size{1280, 960};
    sf::FloatRect m_header, m_list;
    std::vector<float> m_cardTop; ///< each card's top within the list (before scrolling)
    float m_contentHeight = 0;
    float m_scroll = 0;
};

} // namespace stipple::app
