// The dot-pattern pictures of quiz questions ("which healed result is better?", "what is wrong
// here?"): a question's or a choice's Picture (quiz/question.h) — a dots CSV or a level's target
// pattern, path relative to the bank's folder — loaded once and drawn by the trainer's own
// CanvasRenderer, so a picture looks exactly like work on the practice canvas. A picture that
// cannot be read shows its caption and the reason instead of failing the quiz.
#pragma once

#include "level/level.h"
#include "quiz/question.h"
#include "render/canvas_renderer.h"
#include "render/canvas_view.h"

#include <SFML/Graphics.hpp>

#include <string>
#include <vector>

namespace stipple::render {

class Theme;

class QuizPicture {
  public:
    /// Loads `picture` with paths relative to `baseDir` (the bank file's folder).
    QuizPicture(const Picture& picture, const std::string& baseDir);
    QuizPicture(const QuizPicture&) = delete;
    QuizPicture& operator=(const QuizPicture&) = delete;

    bool ok() const { return m_error.empty(); }
    /// Why the picture could not be read ("" when it was).
    const std::string& error() const { return m_error; }
    const std::string& caption() const { return m_caption; }
    size_t dotCount() const { return m_dots.size(); }
    /// The skin patch the dots sit on (mm): the level's canvas, or the dots' bounds plus a margin.
    const Canvas& canvas() const { return m_level.canvas; }

    /// Draws the picture fitted into `r` (window pixels); the caption or error when unreadable.
    void draw(sf::RenderTarget& target, const Theme& theme, sf::FloatRect r);

  private:
    Level m_level;
    std::vector<InkDot> m_dots;
    std::string m_caption;
    std::string m_error;
    CanvasView m_view;
    CanvasRenderer m_renderer;
    sf::FloatRect m_lastRect;
    bool m_levelSet = false;
};

} // namespace stipple::render
