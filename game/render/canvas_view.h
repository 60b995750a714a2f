// Where the canvas (millimetres on the skin) sits on the screen (pixels): a viewport rectangle,
// a zoom in pixels per millimetre and the millimetre point at the viewport's centre. Zoom and
// pan change only this mapping; the dots stay in millimetres in core. A change of the mapping
// bumps `revision()` so the renderer knows its ink canvas must be redrawn.
#pragma once

#include "geometry/vec2.h"

#include <SFML/Graphics/Rect.hpp>
#include <SFML/System/Vector2.hpp>

namespace stipple::render {

class CanvasView {
  public:
    /// The screen rectangle the canvas is shown in, in window pixels.
    void setViewport(sf::FloatRect viewport);
    const sf::FloatRect& viewport() const { return m_viewport; }

    /// Shows the whole canvas (widthMm × heightMm) with a margin, centred.
    void fit(double widthMm, double heightMm);
    /// Zooms by `factor` keeping the millimetre point under `anchorPx` fixed on screen.
    void zoomAt(double factor, sf::Vector2f anchorPx);
    /// Moves the picture by a screen offset in pixels (positive x moves the skin to the right).
    void panPixels(sf::Vector2f deltaPx);

    double pxPerMm() const { return m_pxPerMm; }
    Vec2 centreMm() const { return m_centreMm; }
    /// Zoom relative to fitting the whole canvas (1 = fitted).
    double zoomFactor() const { return m_fitPxPerMm > 0 ? m_pxPerMm / m_fitPxPerMm : 1.0; }

    sf::Vector2f toScreen(Vec2 mm) const;
    Vec2 toMm(sf::Vector2f px) const;
    /// The millimetre rectangle currently visible.
    Rect visibleMm() const;

    /// Increases on every change of the mapping.
    unsigned revision() const { return m_revision; }

  private:
    void clamp();

    sf::FloatRect m_viewport{0, 0, 1, 1};
    double m_pxPerMm = 10.0;
    double m_fitPxPerMm = 10.0;
    Vec2 m_centreMm;
    double m_widthMm = 1.0;
    double m_heightMm = 1.0;
    unsigned m_revision = 1;
};

} // namespace stipple::render
