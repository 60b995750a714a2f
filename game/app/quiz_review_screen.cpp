// Quiz review implementation: one card per question, heights measured from the wrapped text so
// the list scrolls smoothly by line, by page or to either end.
#include "app/quiz_review_screen.h"

#include "io/numbers.h"
#include "render/theme.h"

#include <algorithm>
#include <cmath>

namespace stipple::app {

using render::Align;
using render::Theme;
namespace colours = render::colours;
using render::fixed;

namespace {

sf::Color reviewColour(const QuestionGrade& g) {
    if (!g.answered) return colours::kTextFaint;
    if (g.credit >= 1.0 - 1e-9) return colours::kPass;
    if (g.credit > 0.0) return colours::kWarm;
    return colours::kFail;
}

std::string creditText(double credit) {
    const double r = std::round(credit * 100.0) / 100.0;
    return fixed(r, r == std::round(r) ? 0 : 2);
}

constexpr float kBodyText = 15.f;
constexpr float kPromptText = 17.f;
constexpr float kSourceText = 13.f;

} // namespace

QuizReviewScreen::QuizReviewScreen(const Theme& theme, Navigator& nav, std::unique_ptr<QuizRun> run)
    : m_theme(theme), m_nav(nav), m_run(std::move(run)) {
    if (!m_run->quiz->finished()) m_run->quiz->finish();
    m_result = m_run->quiz->grade();
}

std::string QuizReviewScreen::answerText(size_t i) const {
    const Quiz& quiz = *m_run->quiz;
    const auto& response = quiz.response(i);
    if (!response || response->empty()) return "not answered";
    const Question& q = quiz.item(i).question;
    std::string out;
    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice:
        for (const int c : response->choices)
            if (c >= 0 && static_cast<size_t>(c) < q.choices.size())
                out += (out.empty() ? "" : "; ") + q.choices[static_cast<size_t>(c)].text;
        return out;
    case QuestionType::TrueFalse:
        return response->truth && *response->truth ? "true" : "false";
    case QuestionType::Numeric:
        return response->number
                   ? formatNumber(*response->number) + (q.numeric.unit.empty() ? "" : " " + q.numeric.unit)
                   : "not answered";
    case QuestionType::Ordering:
        for (const int k : response->order)
            if (k >= 0 && static_cast<size_t>(k) < q.items.size())
                out += (out.empty() ? "" : " \xE2\x86\x92 ") + q.items[static_cast<size_t>(k)];
        return out;
    }
    return out;
}

float QuizReviewScreen::cardHeight(size_t i, float width) const {
    const Theme& t = m_theme;
    const QuestionGrade& g = m_result.grades[i];
    const Question& q = m_run->quiz->item(i).question;
    const float inner = width - t.px(40);
    float h = t.px(16);
    // The prompt beside the verdict and credit (two lines on the right): never shorter than they are.
    h += std::max(t.px(40), t.paragraphHeight(std::to_string(i + 1) + ".  " + q.prompt, inner - t.px(190),
                                              kPromptText)) +
         t.px(10);
    h += t.paragraphHeight("Your answer: " + answerText(i), inner, kBodyText);
    h += t.paragraphHeight("Right answer: " + g.correctAnswer, inner, kBodyText);
    for (const auto& f : g.feedback)
        h += t.paragraphHeight(f, inner, kBodyText);
    h += t.px(6) + t.paragraphHeight(g.explanation, inner, kBodyText);
    if (!q.source.empty()) h += t.px(4) + t.paragraphHeight("Source: " + q.source, inner, kSourceText);
    return h + t.px(16);
}

void QuizReviewScreen::layout(sf::Vector2u size) {
    m_size = size;
    const Theme& t = m_theme;
    const float margin = t.px(32);
    m_header = {margin, t.px(20), size.x - 2 * margin, t.px(120)};
    m_list = {margin, t.px(156), size.x - 2 * margin, size.y - t.px(156) - t.px(56)};
    m_cardTop.clear();
    float y = 0;
    for (size_t i = 0; i < m_result.grades.size(); ++i) {
        m_cardTop.push_back(y);
        y += cardHeight(i, m_list.width) + t.px(10);
    }
    m_contentHeight = y;
    scrollTo(m_scroll);
}

float QuizReviewScreen::maxScroll() const {
    return std::max(0.f, m_contentHeight - m_list.height);
}

void QuizReviewScreen::scrollTo(float y) {
    m_scroll = std::clamp(y, 0.f, maxScroll());
}

void QuizReviewScreen::retry() {
    QuizSetup setup = m_run->setup;
    setup.options.seed += 1; // a new draw; with a history file, fresh questions first
    auto screen = std::make_unique<QuizScreen>(m_theme, m_nav, setup.levelsDir, setup.historyPath);
    std::string error;
    if (screen->start(setup, error)) m_nav.showScreen(std::move(screen));
}

void QuizReviewScreen::handleEvent(const sf::Event& e) {
    const float line = m_theme.px(40);
    if (e.type == sf::Event::MouseWheelScrolled) {
        scrollTo(m_scroll - e.mouseWheelScroll.delta * line * 2);
        return;
    }
    if (e.type != sf::Event::KeyPressed) return;
    switch (e.key.code) {
    case sf::Keyboard::Up:
        scrollTo(m_scroll - line);
        break;
    case sf::Keyboard::Down:
        scrollTo(m_scroll + line);
        break;
    case sf::Keyboard::PageUp:
        scrollTo(m_scroll - m_list.height * 0.9f);
        break;
    case sf::Keyboard::PageDown:
    case sf::Keyboard::Space:
        scrollTo(m_scroll + m_list.height * 0.9f);
        break;
    case sf::Keyboard::Home:
        scrollTo(0);
        break;
    case sf::Keyboard::End:
        scrollTo(maxScroll());
        break;
    case sf::Keyboard::Left:
    case sf::Keyboard::Right: {
        // The previous / next question's card to the top.
        const bool forward = e.key.code == sf::Keyboard::Right;
        float target = forward ? maxScroll() : 0.f;
        if (forward) {
            for (const float top : m_cardTop)
                if (top > m_scroll + 1.f) {
                    target = top;
                    break;
                }
        } else {
            for (auto it = m_cardTop.rbegin(); it != m_cardTop.rend(); ++it)
                if (*it < m_scroll - 1.f) {
                    target = *it;
                    break;
                }
        }
        scrollTo(target);
        break;
    }
    case sf::Keyboard::R:
        retry();
        break;
    case sf::Keyboard::Escape:
    case sf::Keyboard::Enter:
        m_nav.showLevelSelect();
        break;
    default:
        break;
    }
}

void QuizReviewScreen::drawCard(sf::RenderTarget& target, size_t i, sf::FloatRect r) const {
    const Theme& t = m_theme;
    const QuestionGrade& g = m_result.grades[i];
    const Question& q = m_run->quiz->item(i).question;
    const sf::Color c = reviewColour(g);
    t.panel(target, r, colours::kPanel, 8);
    t.rect(target, {r.left + t.px(1), r.top + t.px(10), t.px(4), r.height - t.px(20)}, c);
    const float x = r.left + t.px(20);
    const float inner = r.width - t.px(40);
    float y = r.top + t.px(16);
    // Verdict and credit on the right of the prompt.
    std::string verdict = g.verdict;
    if (g.verdict == "correct")
        verdict = std::string(render::kTick) + " correct";
    else if (g.verdict == "wrong")
        verdict = std::string(render::kCross) + " wrong";
    t.text(target, verdict, r.left + r.width - t.px(20), y, 15, c, Align::Right, true);
    t.text(target, creditText(g.credit) + " / 1", r.left + r.width - t.px(20), y + t.px(22), 13,
           colours::kTextDim, Align::Right);
    y += std::max(t.px(40), t.paragraph(target, std::to_string(i + 1) + ".  " + q.prompt, x, y,
                                        inner - t.px(190), kPromptText, colours::kText)) +
         t.px(10);
    y += t.paragraph(target, "Your answer: " + answerText(i), x, y, inner, kBodyText,
                     g.answered ? c : colours::kTextFaint);
    y += t.paragraph(target, "Right answer: " + g.correctAnswer, x, y, inner, kBodyText, colours::kPass);
    for (const auto& f : g.feedback)
        y += t.paragraph(target, f, x, y, inner, kBodyText, colours::kWarm);
    y += t.px(6);
    y += t.paragraph(target, g.explanation, x, y, inner, kBodyText, colours::kTextDim);
    if (!q.source.empty())
        t.paragraph(target, "Source: " + q.source, x, y + t.px(4), inner, kSourceText, colours::kTextFaint);
}

void QuizReviewScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    const float margin = t.px(32);

    // Header: the score, then how the questions went.
    t.panel(target, m_header, colours::kPanel, 10);
    const float hx = m_header.left + t.px(24);
    t.text(target, "Quiz review  \xC2\xB7  " + m_run->pool.title, hx, m_header.top + t.px(16), 16,
           colours::kTextDim, Align::Left, true);
    const sf::Color scoreColour = m_result.percent >= 80   ? colours::kPass
                                  : m_result.percent >= 50 ? colours::kWarm
                                                           : colours::kFail;
    const float sw = t.text(target, creditText(m_result.score) + " / " + std::to_string(m_result.maxScore),
                            hx, m_header.top + t.px(44), 40, colours::kText, Align::Left, true);
    t.text(target, fixed(m_result.percent, 0) + " %", hx + sw + t.px(20), m_header.top + t.px(52), 30,
           scoreColour, Align::Left, true);
    int right = 0, partly = 0, wrong = 0, unanswered = 0;
    for (const auto& g : m_result.grades) {
        if (!g.answered)
            ++unanswered;
        else if (g.credit >= 1.0 - 1e-9)
            ++right;
        else if (g.credit > 0)
            ++partly;
        else
            ++wrong;
    }
    const float rx = m_header.left + m_header.width - t.px(24);
    t.text(target,
           std::to_string(right) + " right  \xC2\xB7  " + std::to_string(partly) +
               " partly right  \xC2\xB7  " + std::to_string(wrong) + " wrong  \xC2\xB7  " +
               std::to_string(unanswered) + " not answered",
           rx, m_header.top + t.px(30), 15, colours::kText, Align::Right);
    const QuizOptions& o = m_run->quiz->options();
    std::string sub = o.feedback == FeedbackMode::Immediate ? "Practice" : "Exam";
    if (o.timeLimitSeconds > 0)
        sub += "  \xC2\xB7  time limit " + fixed(o.timeLimitSeconds / 60.0, 0) + " min";
    if (m_result.timedOut) sub += "  \xC2\xB7  time ran out";
    sub += "  \xC2\xB7  partial credit counts";
    t.text(target, sub, rx, m_header.top + t.px(62), 13,
           m_result.timedOut ? colours::kFail : colours::kTextDim, Align::Right);

    {
        const Theme::Clip clip(t, target, m_list);
        for (size_t i = 0; i < m_cardTop.size(); ++i) {
            const float top = m_list.top + m_cardTop[i] - m_scroll;
            const float h =
                (i + 1 < m_cardTop.size() ? m_cardTop[i + 1] : m_contentHeight) - m_cardTop[i] - t.px(10);
            if (top + h < m_list.top || top > m_list.top + m_list.height) continue;
            drawCard(target, i, {m_list.left, top, m_list.width, h});
        }
    }
    // Scroll position.
    if (maxScroll() > 0) {
        const float trackH = m_list.height;
        const float thumbH = std::max(t.px(30), trackH * m_list.height / m_contentHeight);
        const float thumbY = m_list.top + (trackH - thumbH) * (m_scroll / maxScroll());
        t.rect(target, {m_list.left + m_list.width + t.px(10), thumbY, t.px(4), thumbH}, colours::kBorder);
    }

    t.text(target,
           "\xE2\x86\x91\xE2\x86\x93 scroll    \xE2\x86\x90\xE2\x86\x92 previous / next question    Page Up "
           "/ Down    "
           "R new quiz, same settings    Esc back to levels    F1 help",
           margin, m_size.y - t.px(36), 13, colours::kTextFaint);
    t.flush(target);
}

std::vector<KeyHelp> QuizReviewScreen::keys() const {
    return {{"\xE2\x86\x91 / \xE2\x86\x93", "scroll a line"},
            {"\xE2\x86\x90 / \xE2\x86\x92", "previous / next question"},
            {"Page Up / Page Down, Space", "scroll a page"},
            {"Home / End", "first / last question"},
            {"Mouse wheel", "scroll"},
            {"R", "a new quiz with the same settings (fresh questions first)"},
            {"Esc or Enter", "back to the levels"}};
}

} // namespace stipple::app
