// Quiz pictures: a dots CSV is shown on a skin patch just larger than its dots (a fitzpatrick III
// default skin, the file's recorded pigment or soft black); a level is shown with its canvas,
// outlines and its target pattern inked at the final session's pigment.
#include "app/quiz_picture.h"

#include "app/theme.h"
#include "level/level_reader.h"
#include "level/vocabulary.h"
#include "pattern/poisson_disk.h"
#include "scoring/dots_csv.h"
#include "session/pigment.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace stipple::app {

namespace {

/// Margin around a dots file's bounds, so edge dots do not touch the patch's border.
constexpr double kMarginMm = 2.0;

std::string firstError(const Diagnostics& diags) {
    std::string all = diags.formatAll();
    const size_t nl = all.find('\n');
    return nl == std::string::npos ? all : all.substr(0, nl);
}

} // namespace

QuizPicture::QuizPicture(const Picture& picture, const std::string& baseDir) : m_caption(picture.caption) {
    namespace fs = std::filesystem;
    Diagnostics diags;
    if (!picture.dotsPath.empty()) {
        DotsCsv csv;
        const std::string path = (fs::path(baseDir) / picture.dotsPath).string();
        if (!readDotsCsv(path, csv, diags)) {
            m_error = firstError(diags);
            return;
        }
        if (csv.dots.empty()) {
            m_error = path + ": no dots";
            return;
        }
        double x0 = csv.dots[0].pos.x, y0 = csv.dots[0].pos.y, x1 = x0, y1 = y0;
        for (const Dot& d : csv.dots) {
            x0 = std::min(x0, d.pos.x);
            y0 = std::min(y0, d.pos.y);
            x1 = std::max(x1, d.pos.x);
            y1 = std::max(y1, d.pos.y);
        }
        x0 -= kMarginMm;
        y0 -= kMarginMm;
        m_level.canvas.widthMm = x1 + kMarginMm - x0;
        m_level.canvas.heightMm = y1 + kMarginMm - y0;
        const auto shades = knownShades();
        for (const Dot& d : csv.dots) {
            InkDot ink;
            ink.pos = {d.pos.x - x0, d.pos.y - y0};
            ink.diameterMm = csv.columns.diameter && d.diameterMm > 0 ? d.diameterMm : 0.4;
            const Pigment p = decodePigment(d.shade);
            ink.colour = p.shadeIndex >= 0 && p.shadeIndex < static_cast<int>(shades.size())
                             ? pigmentColour(std::string(shades[static_cast<size_t>(p.shadeIndex)]), p.dilution)
                             : pigmentColour("soft-black", 1.0);
            ink.colour.a = 230;
            m_dots.push_back(ink);
        }
    } else if (!picture.levelPath.empty()) {
        const std::string path = (fs::path(baseDir) / picture.levelPath).string();
        auto level = loadLevelFile(path, diags);
        if (!level) {
            m_error = firstError(diags);
            return;
        }
        m_level = std::move(*level);
        const std::string shade = m_level.sessions.empty() ? "soft-black" : m_level.sessions.back().shade;
        const double dilution = m_level.sessions.empty() ? 1.0 : m_level.sessions.back().dilution;
        for (const TargetDot& t : targetPattern(m_level)) {
            InkDot ink;
            ink.pos = t.pos;
            ink.diameterMm = 0.4;
            ink.colour = pigmentColour(shade, dilution);
            ink.colour.a = 230;
            m_dots.push_back(ink);
        }
    } else {
        m_error = "the picture names no dots file and no level";
    }
}

void QuizPicture::draw(sf::RenderTarget& target, const Theme& theme, sf::FloatRect r) {
    theme.panel(target, r, colours::kBackground, 8);
    if (!ok()) {
        const float pad = theme.px(12);
        theme.text(target, "Picture unavailable", r.left + pad, r.top + pad, 14, colours::kFail, Align::Left, true);
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

} // namespace stipple::app
