// Quiz pictures: a dots CSV is shown on a skin patch just larger than its dots (a fitzpatrick III
// default skin, the file's recorded pigment or soft black); a level is shown with its canvas,
// outlines and its target pattern inked at the final session's pigment.
#include "render/quiz_picture.h"

#include "quiz/picture_scene.h"
#include "render/theme.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace stipple::render {

QuizPicture::QuizPicture(const Picture& picture, const std::string& baseDir) : m_caption(picture.caption) {
    // What the picture shows comes from core (quiz/picture_scene.h), as Moodle's SVG export does.
    auto scene = pictureScene(picture, baseDir, m_error);
    if (!scene) return;
    if (scene->level) {
        m_level = std::move(*scene->level);
    } else {
        m_level.canvas.widthMm = scene->widthMm;
        m_level.canvas.heightMm = scene->heightMm;
    }
    for (const PictureDot& d : scene->dots) {
        InkDot ink;
        ink.pos = d.pos;
        ink.diameterMm = d.diameterMm;
        ink.colour = sf::Color(d.colour.r, d.colour.g, d.colour.b, 230);
        m_dots.push_back(ink);
    }
}

void QuizPicture::draw(sf::RenderTarget& target, const Theme& theme, sf::FloatRect r) {
    theme.panel(target, r, colours::kBackground, 8);
    if (!ok()) {
        const float pad = theme.px(12);
        theme.text(target, "Picture unavailable", r.left + pad, r.top + pad, 14, colours::kFail, Align::Left,
                   true);
        theme.paragraph(target, m_caption + "\n" + m_error, r.left + pad, r.top + pad + theme.px(26),
                        r.width - 2 * pad, 12, colours::kTextDim);
        return;
    }
    if (!m_levelSet) {
        m_renderer.setLevel(&m_level, {});
        m_renderer.setBackground(colours::kBackground);
        m_levelSet = true;
    }
    if (r != m_lastRect) {
        m_view.setViewport(r);
        m_view.fit(m_level.canvas.widthMm, m_level.canvas.heightMm);
        m_lastRect = r;
    }
    CanvasLayers layers;
    layers.outlines = true;
    m_renderer.sync(m_view, layers, m_dots.size(), [this](size_t i) { return m_dots[i]; });
    theme.flush(target);
    m_renderer.draw(target, m_view, layers);
}

} // namespace stipple::render
