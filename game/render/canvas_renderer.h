// Draws the skin canvas fast enough for 100,000 dots (SCORING.md: ≤ 8 ms a frame, ≤ 50 ms a
// full redraw, on software OpenGL). Dots never change once placed, so each new dot is drawn
// once, as a textured quad of a soft pigment disc, into a persistent "ink" RenderTexture; a
// frame is then one sprite plus light overlays (outlines, heatmap, handpiece cursor), whatever
// the number of dots. The ink (with the skin, scar tissue and target ghost baked beneath the
// dots) is redrawn from the dot list in one batch only when the view, the visible layers or the
// dot list itself (undo) change. Per-dot sf::CircleShape is measured at 2.5 fps for 100k dots.
//
// Dots go to the GPU as one batch of point sprites (one vertex per dot; a tiny shader sizes the
// point and maps the disc texture across it): on llvmpipe that rasterises twice as fast as the
// same dots as textured quads (measured: 100k dots 2–4 px, 24–34 ms against 60–71 ms). Dots too
// big for a point sprite, and every dot where shaders are unavailable, are textured quads.
// The ink is larger than the viewport by a margin so point sprites — clipped by their centre —
// never pop at the edge while panning.
//
// Dots smaller than two pixels (a whole scalp in view) are, in a full redraw, splatted on the
// CPU instead — each one's pigment spread over the four nearest pixels — into a premultiplied
// layer that is uploaded and composited once: llvmpipe spends ~0.3–1.5 µs per primitive
// however small, the CPU ~20 ns per splat (measured: 100k dots 8–24 ms against 156–180 ms for
// point sprites on the same loaded machine).
//
// The renderer holds no copy of the dots: it asks the caller for dot i through `DotSource`,
// which reads the core's const state, and remembers only how many it has inked.
#pragma once

#include "level/level.h"
#include "render/canvas_view.h"

#include <SFML/Graphics.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace stipple::render {

/// How one dot looks on the canvas; produced on demand from a core dot.
struct InkDot {
    Vec2 pos; ///< mm
    double diameterMm = 0.2;
    sf::Color colour; ///< pigment colour and opacity
    int layer = 0;    ///< session (layer) index; hidden layers are not drawn
};

/// Reads dot i (0 ≤ i < count) from the caller's state.
using DotSource = std::function<InkDot(size_t index)>;

/// Which guides and aids are shown. Outline and ghost flags are ANDed with what the level's
/// mode allows by the practice screen before they get here.
struct CanvasLayers {
    bool outlines = true;
    bool ghost = false;
    bool heatmap = false;
    uint32_t hiddenLayers = 0; ///< bit i set: session layer i is hidden
    friend bool operator==(const CanvasLayers&, const CanvasLayers&) = default;
};

/// The simulated handpiece as the cursor shows it.
struct CursorState {
    bool visible = false;
    Vec2 tipMm;     ///< where the simulated needle tip is
    Vec2 pointerMm; ///< where the hand (pointer) is pulling it
    bool needleDown = false;
    double depthMm = 0.0; ///< current depth while the needle dwells
    double depthBandMinMm = 0.5, depthBandMaxMm = 1.0, blowoutMm = 1.5;
    double needleDiameterMm = 0.25;
    sf::Color ink;
};

/// A low-resolution grid drawn translucent over the canvas: one colour per cell, cells of
/// `cellMm` starting at `originMm`, row-major. Cells with alpha 0 are left clear.
struct HeatmapImage {
    Vec2 originMm;
    double cellMm = 5.0;
    int columns = 0, rows = 0;
    std::vector<sf::Color> cells;
};

class CanvasRenderer {
  public:
    CanvasRenderer();

    /// Uses `level` (which must outlive the renderer or the next setLevel) and its target
    /// pattern for the ghost. Forces a full redraw.
    void setLevel(const Level* level, std::vector<Vec2> ghostDots);
    /// The colour around the skin patch (the screen's background behind the canvas).
    void setBackground(sf::Color colour) {
        m_background = colour;
        m_dirty = true;
    }
    /// Forces a full redraw on the next sync (after undo: the dot list lost a dot).
    void invalidate() { m_dirty = true; }

    /// Brings the ink up to date with dots [0, count): a full redraw when the view, the layers
    /// or the level changed or the count shrank, else only the new dots are drawn.
    /// `deferViewChange`: while the trainee is still dragging or zooming, keep the ink of the old
    /// view (new dots still go into it) and let draw() show it moved and scaled; the full redraw
    /// happens once the view settles. Panning 100,000 dots then costs one sprite per frame.
    void sync(const CanvasView& view, const CanvasLayers& layers, size_t count, const DotSource& dot,
              bool deferViewChange = false);
    /// Sets the heatmap shown when layers.heatmap is on.
    void setHeatmap(const HeatmapImage& heat);

    /// Draws ink, outlines and heatmap for the current view. Call sync first.
    void draw(sf::RenderTarget& target, const CanvasView& view, const CanvasLayers& layers) const;
    /// Draws the handpiece cursor on top.
    void drawCursor(sf::RenderTarget& target, const CanvasView& view, const CursorState& cursor) const;

    /// Number of dots drawn into the ink so far, and how many full redraws happened (tests).
    size_t inkedCount() const { return m_inked; }
    unsigned redrawCount() const { return m_redraws; }

  private:
    void redraw(const CanvasView& view, const CanvasLayers& layers, size_t count, const DotSource& dot);
    void appendDots(const CanvasView& view, const CanvasLayers& layers, size_t from, size_t to,
                    const DotSource& dot);
    /// Adds one disc of `sizePx` across at ink position `p` to the point or the quad batch, or
    /// splats it into the CPU layer when it is tiny and a full redraw is running.
    void appendDisc(sf::Vector2f p, float sizePx, sf::Color colour);
    /// A tiny disc queued for the CPU layer: ink position, pigment mass (pixels × opacity), colour.
    struct Splat {
        sf::Vector2f pos;
        float mass = 0;
        sf::Color colour;
    };
    void splat(const Splat& d);
    /// Splats the queued discs (sorted into row bands), composites the CPU layer into the ink
    /// and clears it.
    void flushSplats();
    /// Draws and empties the point and quad batches into the ink.
    void flushBatches();
    void drawBackground(const CanvasView& view, const CanvasLayers& layers);
    /// The level's explicit target dots (a drill's task), always drawn beneath the ink.
    void drawTaskTargets(const CanvasView& view);
    void drawOutlines(sf::RenderTarget& target, const CanvasView& view) const;

    CanvasView m_inkView; ///< the view the ink was drawn for
    const Level* m_level = nullptr;
    std::vector<Vec2> m_ghost;
    sf::Texture m_disc;
    sf::RenderTexture m_ink;
    sf::Vector2u m_inkSize{0, 0};
    sf::Vector2f m_inkOrigin; ///< window position of the ink's top-left pixel (viewport − margin)
    CanvasLayers m_layers;
    sf::Color m_background{21, 23, 26};
    bool m_dirty = true;
    size_t m_inked = 0;
    unsigned m_redraws = 0;
    sf::Texture m_heatTexture;
    HeatmapImage m_heat;
    sf::VertexArray m_points{sf::Points};
    sf::VertexArray m_quads{sf::Quads};
    sf::Shader m_pointShader;
    bool m_usePoints = false;
    bool m_splatting = false;       ///< tiny discs go to the CPU layer (full redraws only)
    bool m_splatted = false;        ///< the CPU layer holds something
    std::vector<sf::Uint8> m_splat; ///< premultiplied RGBA, ink-sized, zero outside a redraw
    std::vector<Splat> m_splatQueue, m_splatSorted;
    std::vector<size_t> m_splatStart;
    int m_splatRows[2] = {std::numeric_limits<int>::max(), -1}; ///< first and last row touched
    sf::Texture m_splatTexture;
};

/// Appends a line segment of `widthPx` as a quad (sf::Quads) to `va`.
void appendThickLine(sf::VertexArray& va, sf::Vector2f a, sf::Vector2f b, float widthPx, sf::Color colour);
/// Triangulates a simple polygon (screen points, either winding) by ear clipping and appends the
/// triangles (sf::Triangles) to `va`. Degenerate input appends what it can, never loops forever.
void appendPolygonFill(sf::VertexArray& va, const std::vector<sf::Vector2f>& poly, sf::Color colour);

/// What the canvas's colours mean on `level`, named as they are drawn ("On the canvas: blue
/// outline, the zone to fill · ..."); only the marks the level has; "" when it has none. Shown with
/// the level's brief, so a brief's words and the screen's colours always agree. `ghost`: the
/// target pattern is shown (a practice aid the exam turns off).
std::string canvasLegend(const Level& level, bool ghost);

} // namespace stipple::render
