// CanvasView implementation.
#include "render/canvas_view.h"

#include <algorithm>
#include <cmath>

namespace stipple::render {

void CanvasView::setViewport(sf::FloatRect viewport) {
    if (viewport == m_viewport) return;
    // Keep the same millimetre centre and scale relative to fitting, so a resize keeps the view.
    const double rel = zoomFactor();
    m_viewport = viewport;
    const double fit = std::min(m_viewport.width / m_widthMm, m_viewport.height / m_heightMm) * 0.94;
    m_fitPxPerMm = fit;
    m_pxPerMm = fit * rel;
    clamp();
    ++m_revision;
}

void CanvasView::fit(double widthMm, double heightMm) {
    m_widthMm = std::max(widthMm, 1e-3);
    m_heightMm = std::max(heightMm, 1e-3);
    m_fitPxPerMm = std::min(m_viewport.width / m_widthMm, m_viewport.height / m_heightMm) * 0.94;
    m_pxPerMm = m_fitPxPerMm;
    m_centreMm = {m_widthMm / 2, m_heightMm / 2};
    ++m_revision;
}

void CanvasView::zoomAt(double factor, sf::Vector2f anchorPx) {
    const Vec2 before = toMm(anchorPx);
    // From the whole canvas down to about 0.05 mm per pixel (a 0.2 mm dot is 4 px across at
    // 20 px/mm; 200 px/mm shows the dot's soft edge).
    const double next = std::clamp(m_pxPerMm * factor, m_fitPxPerMm * 0.5, std::max(200.0, m_fitPxPerMm));
    if (next == m_pxPerMm) return;
    m_pxPerMm = next;
    const Vec2 after = toMm(anchorPx);
    m_centreMm = m_centreMm + (before - after);
    clamp();
    ++m_revision;
}

void CanvasView::panPixels(sf::Vector2f deltaPx) {
    if (deltaPx.x == 0 && deltaPx.y == 0) return;
    m_centreMm = m_centreMm - Vec2{deltaPx.x / m_pxPerMm, deltaPx.y / m_pxPerMm};
    clamp();
    ++m_revision;
}

sf::Vector2f CanvasView::toScreen(Vec2 mm) const {
    return {static_cast<float>(m_viewport.left + m_viewport.width / 2 + (mm.x - m_centreMm.x) * m_pxPerMm),
            static_cast<float>(m_viewport.top + m_viewport.height / 2 + (mm.y - m_centreMm.y) * m_pxPerMm)};
}

Vec2 CanvasView::toMm(sf::Vector2f px) const {
    return {m_centreMm.x + (px.x - m_viewport.left - m_viewport.width / 2) / m_pxPerMm,
            m_centreMm.y + (px.y - m_viewport.top - m_viewport.height / 2) / m_pxPerMm};
}

Rect CanvasView::visibleMm() const {
    const Vec2 a = toMm({m_viewport.left, m_viewport.top});
    const Vec2 b = toMm({m_viewport.left + m_viewport.width, m_viewport.top + m_viewport.height});
    return {a, b};
}

void CanvasView::clamp() {
    // The canvas centre may not leave the canvas: some skin always stays in view.
    m_centreMm.x = std::clamp(m_centreMm.x, 0.0, m_widthMm);
    m_centreMm.y = std::clamp(m_centreMm.y, 0.0, m_heightMm);
}

} // namespace stipple::render
