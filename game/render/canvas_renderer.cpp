// CanvasRenderer implementation. The ink is a RenderTexture the size of the canvas viewport;
// the disc texture is a white soft disc whose alpha the vertex colour modulates.
#include "render/canvas_renderer.h"

#include "render/theme.h"

#include <SFML/OpenGL.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

// Compatibility-profile enums for point sprites (GL 2.0), absent from some GL headers.
#ifndef GL_VERTEX_PROGRAM_POINT_SIZE
#define GL_VERTEX_PROGRAM_POINT_SIZE 0x8642
#endif
#ifndef GL_POINT_SPRITE
#define GL_POINT_SPRITE 0x8861
#endif

namespace stipple::render {

namespace {

constexpr unsigned kDiscSize = 64;
/// Quads smaller than this many pixels alias badly; they are drawn at this size with their
/// opacity reduced by the area ratio, so a dense patch keeps its overall tone when zoomed out.
constexpr float kMinDotPx = 2.0f;
/// The disc image fills the quad to this fraction of its half-width at full opacity; the soft
/// edge runs from there to the quad's edge. A dot of diameter d is drawn as a quad of d / 0.82.
constexpr float kSolidFraction = 0.64f;
constexpr float kQuadPerDiameter = 1.0f / 0.82f;
/// Ink pixels beyond each side of the viewport, and the largest point sprite: a sprite is
/// clipped by its centre, so it must never be wider than twice the margin.
constexpr float kInkMargin = 32.0f;
constexpr float kMaxPointPx = 2 * kInkMargin;

// The point-sprite shader: the size rides in texCoords.x, the disc is sampled across the point.
constexpr const char* kPointVertex = R"(#version 120
void main() {
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
    gl_FrontColor = gl_Color;
    gl_PointSize = gl_MultiTexCoord0.x;
})";
constexpr const char* kPointFragment = R"(#version 120
uniform sampler2D disc;
void main() {
    gl_FragColor = gl_Color * texture2D(disc, gl_PointCoord);
})";

sf::Image makeDisc() {
    sf::Image img;
    img.create(kDiscSize, kDiscSize, sf::Color::Transparent);
    const float c = (kDiscSize - 1) / 2.0f;
    for (unsigned y = 0; y < kDiscSize; ++y) {
        for (unsigned x = 0; x < kDiscSize; ++x) {
            const float r = std::hypot(x - c, y - c) / (kDiscSize / 2.0f);
            float a = 1.0f;
            if (r >= 1.0f)
                a = 0.0f;
            else if (r > kSolidFraction) {
                const float t = (r - kSolidFraction) / (1.0f - kSolidFraction);
                a = 1.0f - t * t * (3.0f - 2.0f * t); // smoothstep: pigment bleeds softly into skin
            }
            img.setPixel(x, y, sf::Color(255, 255, 255, static_cast<sf::Uint8>(std::lround(a * 255))));
        }
    }
    return img;
}

void appendQuad(sf::VertexArray& va, sf::Vector2f centre, float size, sf::Color colour) {
    const float h = size / 2;
    const float t = static_cast<float>(kDiscSize);
    va.append({{centre.x - h, centre.y - h}, colour, {0, 0}});
    va.append({{centre.x + h, centre.y - h}, colour, {t, 0}});
    va.append({{centre.x + h, centre.y + h}, colour, {t, t}});
    va.append({{centre.x - h, centre.y + h}, colour, {0, t}});
}

std::vector<sf::Vector2f> toScreen(const CanvasView& view, const std::vector<Vec2>& pts,
                                   sf::Vector2f offset) {
    std::vector<sf::Vector2f> out;
    out.reserve(pts.size());
    for (const Vec2 p : pts)
        out.push_back(view.toScreen(p) - offset);
    return out;
}

float cross2(sf::Vector2f o, sf::Vector2f a, sf::Vector2f b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

bool insideTriangle(sf::Vector2f p, sf::Vector2f a, sf::Vector2f b, sf::Vector2f c) {
    const float d1 = cross2(a, b, p), d2 = cross2(b, c, p), d3 = cross2(c, a, p);
    const bool neg = d1 < 0 || d2 < 0 || d3 < 0;
    const bool pos = d1 > 0 || d2 > 0 || d3 > 0;
    return !(neg && pos);
}

void appendPolyline(sf::VertexArray& va, const std::vector<sf::Vector2f>& pts, bool closed, float width,
                    sf::Color colour, float dashPx = 0) {
    const size_t n = pts.size();
    if (n < 2) return;
    const size_t segments = closed ? n : n - 1;
    for (size_t i = 0; i < segments; ++i) {
        const sf::Vector2f a = pts[i], b = pts[(i + 1) % n];
        if (dashPx <= 0) {
            appendThickLine(va, a, b, width, colour);
            continue;
        }
        const sf::Vector2f d = b - a;
        const float len = std::hypot(d.x, d.y);
        if (len <= 0) continue;
        const sf::Vector2f u = d / len;
        for (float s = 0; s < len; s += 2 * dashPx)
            appendThickLine(va, a + u * s, a + u * std::min(len, s + dashPx), width, colour);
    }
}

} // namespace

void appendThickLine(sf::VertexArray& va, sf::Vector2f a, sf::Vector2f b, float widthPx, sf::Color colour) {
    const sf::Vector2f d = b - a;
    const float len = std::hypot(d.x, d.y);
    if (len <= 1e-6f) return;
    const sf::Vector2f n(-d.y / len * widthPx / 2, d.x / len * widthPx / 2);
    // Extend each end by half the width so consecutive segments join without notches.
    const sf::Vector2f e = d / len * (widthPx / 2);
    va.append({a - e + n, colour});
    va.append({b + e + n, colour});
    va.append({b + e - n, colour});
    va.append({a - e - n, colour});
}

void appendPolygonFill(sf::VertexArray& va, const std::vector<sf::Vector2f>& poly, sf::Color colour) {
    std::vector<size_t> idx(poly.size());
    for (size_t i = 0; i < idx.size(); ++i)
        idx[i] = i;
    if (idx.size() < 3) return;
    float area2 = 0;
    for (size_t i = 0; i < poly.size(); ++i)
        area2 += cross2({0, 0}, poly[i], poly[(i + 1) % poly.size()]);
    const float orient = area2 >= 0 ? 1.f : -1.f;
    size_t guard = idx.size() * idx.size() + 8;
    size_t i = 0;
    while (idx.size() > 3 && guard-- > 0) {
        const size_t n = idx.size();
        const sf::Vector2f a = poly[idx[(i + n - 1) % n]], b = poly[idx[i % n]], c = poly[idx[(i + 1) % n]];
        bool ear = cross2(a, b, c) * orient > 0;
        for (size_t k = 0; ear && k < n; ++k) {
            const size_t v = idx[k];
            if (v == idx[(i + n - 1) % n] || v == idx[i % n] || v == idx[(i + 1) % n]) continue;
            if (insideTriangle(poly[v], a, b, c)) ear = false;
        }
        if (ear) {
            va.append({a, colour});
            va.append({b, colour});
            va.append({c, colour});
            idx.erase(idx.begin() + static_cast<std::ptrdiff_t>(i % n));
        } else {
            ++i;
        }
        i %= idx.size();
    }
    if (idx.size() == 3) {
        for (size_t k : idx)
            va.append({poly[k], colour});
    }
}

CanvasRenderer::CanvasRenderer() {
    m_disc.loadFromImage(makeDisc());
    m_disc.setSmooth(true);
    m_disc.generateMipmap(); // discs of 2–6 px must average the disc, not sample its centre
    // STIPPLE_INK_QUADS=1 forces the quad path (benchmarks compare the two).
    const char* forceQuads = std::getenv("STIPPLE_INK_QUADS");
    if (sf::Shader::isAvailable() && !(forceQuads && *forceQuads == '1') &&
        m_pointShader.loadFromMemory(kPointVertex, kPointFragment)) {
        m_pointShader.setUniform("disc", m_disc);
        m_usePoints = true;
    }
}

void CanvasRenderer::appendDisc(sf::Vector2f p, float size, sf::Color colour) {
    if (size < kMinDotPx && m_splatting) {
        // Queued, and composited band by band in flushSplats: 100k dots written in placement
        // order hit the 4 MB layer at random and spent most of their time in cache misses.
        m_splatQueue.push_back({p, 0.6f * size * size * (colour.a / 255.f), colour});
        m_splatted = true;
        return;
    }
    if (size < kMinDotPx) {
        const float ratio = (size * size) / (kMinDotPx * kMinDotPx);
        colour.a = static_cast<sf::Uint8>(std::lround(colour.a * ratio));
        size = kMinDotPx;
    }
    if (m_usePoints && size <= kMaxPointPx)
        m_points.append({p, colour, {size, 0}});
    else
        appendQuad(m_quads, p, size, colour);
}

void CanvasRenderer::splat(const Splat& d) {
    // The disc's pigment, as much as the GPU path would lay down (a kMinDotPx sprite of the disc
    // texture at reduced opacity, ~0.6 of its square), spread bilinearly over the four pixels
    // around its centre and composited "over" in 8-bit premultiplied form.
    const float fx = d.pos.x - 0.5f, fy = d.pos.y - 0.5f;
    const int x0 = static_cast<int>(std::floor(fx)), y0 = static_cast<int>(std::floor(fy));
    const float tx = fx - x0, ty = fy - y0;
    const float weights[4] = {(1 - tx) * (1 - ty), tx * (1 - ty), (1 - tx) * ty, tx * ty};
    const int w = static_cast<int>(m_inkSize.x), h = static_cast<int>(m_inkSize.y);
    for (int k = 0; k < 4; ++k) {
        const int x = x0 + (k & 1), y = y0 + (k >> 1);
        if (x < 0 || y < 0 || x >= w || y >= h) continue;
        const unsigned a = static_cast<unsigned>(std::min(1.f, d.mass * weights[k]) * 256.f + 0.5f);
        if (a == 0) continue;
        sf::Uint8* q = &m_splat[(static_cast<size_t>(y) * m_inkSize.x + static_cast<size_t>(x)) * 4];
        const unsigned keep = 256 - a;
        q[0] = static_cast<sf::Uint8>((d.colour.r * a + q[0] * keep) >> 8);
        q[1] = static_cast<sf::Uint8>((d.colour.g * a + q[1] * keep) >> 8);
        q[2] = static_cast<sf::Uint8>((d.colour.b * a + q[2] * keep) >> 8);
        q[3] = static_cast<sf::Uint8>(std::min(255u, (255 * a + q[3] * keep) >> 8));
        m_splatRows[0] = std::min(m_splatRows[0], y);
        m_splatRows[1] = std::max(m_splatRows[1], y);
    }
}

void CanvasRenderer::flushSplats() {
    if (!m_splatted) return;
    // A stable counting sort into bands of 16 rows (64 KB of layer each), then one pass per
    // band: the writes stay in cache. Order is kept within a band, so overlapping dots still
    // composite in placement order.
    constexpr int kBandShift = 4;
    const size_t bands = (m_inkSize.y >> kBandShift) + 2;
    m_splatStart.assign(bands + 1, 0);
    auto bandOf = [](const Splat& d) {
        return static_cast<size_t>(std::max(0, static_cast<int>(std::floor(d.pos.y - 0.5f)) + 1) >>
                                   kBandShift);
    };
    for (const Splat& d : m_splatQueue)
        ++m_splatStart[std::min(bands - 1, bandOf(d)) + 1];
    for (size_t b = 1; b <= bands; ++b)
        m_splatStart[b] += m_splatStart[b - 1];
    m_splatSorted.resize(m_splatQueue.size());
    for (const Splat& d : m_splatQueue)
        m_splatSorted[m_splatStart[std::min(bands - 1, bandOf(d))]++] = d;
    for (const Splat& d : m_splatSorted)
        splat(d);
    m_splatQueue.clear();

    if (m_splatRows[1] >= m_splatRows[0]) {
        // Only the rows that were touched are uploaded, composited and cleared.
        const unsigned y0 = static_cast<unsigned>(m_splatRows[0]);
        const unsigned rows = static_cast<unsigned>(m_splatRows[1] - m_splatRows[0] + 1);
        if (m_splatTexture.getSize() != m_inkSize) m_splatTexture.create(m_inkSize.x, m_inkSize.y);
        sf::Uint8* first = &m_splat[static_cast<size_t>(y0) * m_inkSize.x * 4];
        m_splatTexture.update(first, m_inkSize.x, rows, 0, y0);
        sf::Sprite layer(m_splatTexture, sf::IntRect(0, static_cast<int>(y0), static_cast<int>(m_inkSize.x),
                                                     static_cast<int>(rows)));
        layer.setPosition(0, static_cast<float>(y0));
        // The layer is premultiplied: src + dst · (1 − srcα).
        m_ink.draw(layer, sf::BlendMode(sf::BlendMode::One, sf::BlendMode::OneMinusSrcAlpha));
        std::fill(first, first + static_cast<size_t>(rows) * m_inkSize.x * 4, sf::Uint8{0});
    }
    m_splatRows[0] = std::numeric_limits<int>::max();
    m_splatRows[1] = -1;
    m_splatted = false;
}

void CanvasRenderer::flushBatches() {
    if (m_points.getVertexCount() > 0) {
        // Point-size and point-sprite state belong to the ink's GL context; set them each time
        // because SFML may reset states between draws.
        if (m_ink.setActive(true)) {
            glEnable(GL_VERTEX_PROGRAM_POINT_SIZE);
            glEnable(GL_POINT_SPRITE);
        }
        sf::RenderStates states;
        states.shader = &m_pointShader;
        m_ink.draw(m_points, states);
        m_points.clear();
    }
    if (m_quads.getVertexCount() > 0) {
        m_ink.draw(m_quads, sf::RenderStates(&m_disc));
        m_quads.clear();
    }
}

void CanvasRenderer::setLevel(const Level* level, std::vector<Vec2> ghostDots) {
    m_level = level;
    m_ghost = std::move(ghostDots);
    m_dirty = true;
}

void CanvasRenderer::sync(const CanvasView& view, const CanvasLayers& layers, size_t count,
                          const DotSource& dot, bool deferViewChange) {
    const sf::FloatRect vp = view.viewport();
    const sf::Vector2u size(static_cast<unsigned>(std::max(1.f, std::ceil(vp.width)) + 2 * kInkMargin),
                            static_cast<unsigned>(std::max(1.f, std::ceil(vp.height)) + 2 * kInkMargin));
    if (size != m_inkSize) {
        m_ink.create(size.x, size.y);
        m_inkSize = size;
        m_dirty = true;
    }
    const bool inkLayersChanged =
        layers.ghost != m_layers.ghost || layers.hiddenLayers != m_layers.hiddenLayers;
    const bool viewChanged =
        view.revision() != m_inkView.revision() || view.viewport() != m_inkView.viewport();
    if (m_dirty || inkLayersChanged || count < m_inked || (viewChanged && !deferViewChange)) {
        redraw(view, layers, count, dot);
    } else if (count > m_inked) {
        appendDots(m_inkView, layers, m_inked, count, dot);
        if (m_points.getVertexCount() + m_quads.getVertexCount() > 0) {
            flushBatches();
            m_ink.display();
        }
        m_inked = count;
    }
    m_layers = layers;
}

void CanvasRenderer::redraw(const CanvasView& view, const CanvasLayers& layers, size_t count,
                            const DotSource& dot) {
    // Whole pixels, so the ink is drawn 1:1 and the smoothing used for moved previews never blurs it.
    m_inkOrigin = {std::round(view.viewport().left) - kInkMargin,
                   std::round(view.viewport().top) - kInkMargin};
    m_ink.clear(m_background);
    // The CPU layer is kept zeroed between redraws (flushSplats clears what it used).
    const size_t splatSize = static_cast<size_t>(m_inkSize.x) * m_inkSize.y * 4;
    if (m_splat.size() != splatSize) m_splat.assign(splatSize, 0);
    m_splatting = true;
    drawBackground(view, layers);
    appendDots(view, layers, 0, count, dot);
    flushSplats();
    flushBatches();
    m_splatting = false;
    m_ink.display();
    m_inked = count;
    m_inkView = view;
    m_dirty = false;
    ++m_redraws;
}

void CanvasRenderer::drawBackground(const CanvasView& view, const CanvasLayers& layers) {
    if (!m_level) return;
    const Canvas& canvas = m_level->canvas;
    const sf::Vector2f a = view.toScreen({0, 0}) - m_inkOrigin;
    const sf::Vector2f b = view.toScreen({canvas.widthMm, canvas.heightMm}) - m_inkOrigin;
    // A soft shadow under the skin patch lifts it off the background: three one-pixel frames
    // (only the edges are filled — full rectangles would blend the whole patch three times).
    sf::VertexArray shadow(sf::Quads);
    for (int i = 1; i <= 3; ++i) {
        const float o = static_cast<float>(i);
        const sf::Color c(0, 0, 0, static_cast<sf::Uint8>(70 - 18 * i));
        const sf::Vector2f lo = a + sf::Vector2f(-o, -o + 2.f), hi = b + sf::Vector2f(o, o + 2.f);
        appendThickLine(shadow, {lo.x, lo.y + 0.5f}, {hi.x, lo.y + 0.5f}, 1.f, c);
        appendThickLine(shadow, {lo.x, hi.y - 0.5f}, {hi.x, hi.y - 0.5f}, 1.f, c);
        appendThickLine(shadow, {lo.x + 0.5f, lo.y}, {lo.x + 0.5f, hi.y}, 1.f, c);
        appendThickLine(shadow, {hi.x - 0.5f, lo.y}, {hi.x - 0.5f, hi.y}, 1.f, c);
    }
    m_ink.draw(shadow);
    sf::RectangleShape skin(b - a);
    skin.setPosition(a);
    skin.setFillColor(toColour(canvas.skin.rgb));
    m_ink.draw(skin);

    sf::VertexArray tissue(sf::Triangles);
    for (const Scar& s : m_level->scars)
        appendPolygonFill(tissue, toScreen(view, s.outline, m_inkOrigin), toColour(s.tissue));
    m_ink.draw(tissue);

    drawTaskTargets(view);

    if (layers.ghost && !m_ghost.empty()) {
        const sf::FloatRect bounds(0, 0, float(m_inkSize.x), float(m_inkSize.y));
        // The ghost is a hint, not ink: a small translucent mark at each target position, visible
        // as a mark from a moderate zoom on (below that, a faint tint like the dots themselves).
        const float natural = static_cast<float>(0.35 * view.pxPerMm() * kQuadPerDiameter);
        const float size = natural >= 1.5f ? std::max(4.0f, natural) : natural;
        for (const Vec2 p : m_ghost) {
            const sf::Vector2f s = view.toScreen(p) - m_inkOrigin;
            if (bounds.contains(s)) appendDisc(s, size, colours::kGhost);
        }
        flushBatches();
    }
}

void CanvasRenderer::drawTaskTargets(const CanvasView& view) {
    // Targets that are the task (a drill's explicit dots) are guide marks printed on the practice
    // skin: drawn in every mode — practice, exam, replay, editor — unlike the ghost, which shows an
    // ideal pattern for zones as an aid the exam switches off. A grey ring the size of the hit
    // tolerance (where a strike still counts) around a small centre mark, so the aim point and
    // the allowance are both visible; at a small zoom a single grey mark.
    if (!m_level || m_level->target.dots.empty()) return;
    const float ppm = static_cast<float>(view.pxPerMm());
    const float ring = static_cast<float>(std::max(0.05, m_level->target.toleranceMm)) * ppm;
    const sf::FloatRect bounds(-ring, -ring, float(m_inkSize.x) + 2 * ring, float(m_inkSize.y) + 2 * ring);
    sf::VertexArray marks(sf::Triangles);
    for (const TargetDot& d : m_level->target.dots) {
        const sf::Vector2f c = view.toScreen(d.pos) - m_inkOrigin;
        if (!bounds.contains(c)) continue;
        if (ring < 4.f) {
            appendPolygonFill(marks,
                              {{c.x - 1.5f, c.y - 1.5f},
                               {c.x + 1.5f, c.y - 1.5f},
                               {c.x + 1.5f, c.y + 1.5f},
                               {c.x - 1.5f, c.y + 1.5f}},
                              colours::kTaskTarget);
            continue;
        }
        constexpr int kSteps = 32;
        const float inner = ring - std::max(2.f, ring * 0.15f);
        sf::Color fill = colours::kTaskTarget;
        fill.a = 45;
        for (int i = 0; i < kSteps; ++i) {
            const float a0 = 6.2831853f * i / kSteps, a1 = 6.2831853f * (i + 1) / kSteps;
            const sf::Vector2f o0(std::cos(a0), std::sin(a0)), o1(std::cos(a1), std::sin(a1));
            const sf::Vector2f p0 = c + o0 * ring, p1 = c + o1 * ring, q0 = c + o0 * inner,
                               q1 = c + o1 * inner;
            marks.append({c, fill});
            marks.append({q0, fill});
            marks.append({q1, fill});
            marks.append({p0, colours::kTaskTarget});
            marks.append({p1, colours::kTaskTarget});
            marks.append({q1, colours::kTaskTarget});
            marks.append({p0, colours::kTaskTarget});
            marks.append({q1, colours::kTaskTarget});
            marks.append({q0, colours::kTaskTarget});
        }
        const float dot = std::max(1.5f, ring * 0.15f);
        appendPolygonFill(marks, {{c.x - dot, c.y}, {c.x, c.y - dot}, {c.x + dot, c.y}, {c.x, c.y + dot}},
                          colours::kTaskTarget);
    }
    m_ink.draw(marks);
}

void CanvasRenderer::appendDots(const CanvasView& view, const CanvasLayers& layers, size_t from, size_t to,
                                const DotSource& dot) {
    const float ppm = static_cast<float>(view.pxPerMm());
    // Dots centred in the margin still reach into the viewport; beyond it they cannot.
    const sf::FloatRect bounds(0, 0, float(m_inkSize.x), float(m_inkSize.y));
    for (size_t i = from; i < to; ++i) {
        const InkDot d = dot(i);
        if (d.layer >= 0 && d.layer < 32 && (layers.hiddenLayers >> d.layer) & 1u) continue;
        const sf::Vector2f s = view.toScreen(d.pos) - m_inkOrigin;
        if (!bounds.contains(s)) continue;
        appendDisc(s, static_cast<float>(d.diameterMm) * ppm * kQuadPerDiameter, d.colour);
    }
}

void CanvasRenderer::setHeatmap(const HeatmapImage& heat) {
    m_heat = heat;
    if (heat.columns <= 0 || heat.rows <= 0) return;
    sf::Image img;
    img.create(static_cast<unsigned>(heat.columns), static_cast<unsigned>(heat.rows),
               reinterpret_cast<const sf::Uint8*>(heat.cells.data()));
    if (m_heatTexture.getSize() != img.getSize()) m_heatTexture.create(img.getSize().x, img.getSize().y);
    m_heatTexture.update(img);
}

void CanvasRenderer::draw(sf::RenderTarget& target, const CanvasView& view,
                          const CanvasLayers& layers) const {
    // The ink is opaque (skin and background are baked in): no blending, which llvmpipe
    // rasterises about a quarter faster for a canvas-sized sprite.
    // Overlays (and a moved ink) are clipped to the canvas viewport with a view of the same rectangle.
    const sf::View saved = target.getView();
    const sf::FloatRect vp = view.viewport();
    const sf::Vector2f ts(target.getSize());
    sf::View clip(vp);
    clip.setViewport({vp.left / ts.x, vp.top / ts.y, vp.width / ts.x, vp.height / ts.y});

    const bool current = view.revision() == m_inkView.revision() && view.viewport() == m_inkView.viewport();
    // Nearest-pixel sampling for the 1:1 ink (bilinear costs llvmpipe ~1 ms more per frame for
    // nothing); smooth sampling for the moved and scaled preview.
    const_cast<sf::RenderTexture&>(m_ink).setSmooth(!current);
    if (current) {
        sf::Sprite ink(m_ink.getTexture(),
                       sf::IntRect(static_cast<int>(kInkMargin), static_cast<int>(kInkMargin),
                                   static_cast<int>(m_inkSize.x - 2 * kInkMargin),
                                   static_cast<int>(m_inkSize.y - 2 * kInkMargin)));
        ink.setPosition(m_inkOrigin + sf::Vector2f(kInkMargin, kInkMargin));
        target.draw(ink, sf::BlendNone);
        target.setView(clip);
    } else {
        // A deferred view change: the old ink, moved and scaled to where its millimetres now are
        // (both views are a scale plus an offset), margin included; uncovered parts show the
        // background until the redraw.
        target.setView(clip);
        sf::RectangleShape back({vp.width, vp.height});
        back.setPosition(vp.left, vp.top);
        back.setFillColor(m_background);
        target.draw(back);
        sf::Sprite ink(m_ink.getTexture());
        const float scale = static_cast<float>(view.pxPerMm() / m_inkView.pxPerMm());
        ink.setScale(scale, scale);
        ink.setPosition(view.toScreen(m_inkView.toMm(m_inkOrigin)));
        target.draw(ink, sf::BlendNone);
    }

    if (layers.heatmap && m_heat.columns > 0) {
        sf::Sprite heat(m_heatTexture);
        heat.setPosition(view.toScreen(m_heat.originMm));
        const float s = static_cast<float>(m_heat.cellMm * view.pxPerMm());
        heat.setScale(s, s);
        target.draw(heat);
    }
    if (layers.outlines) drawOutlines(target, view);
    target.setView(saved);
}

std::string canvasLegend(const Level& level, bool ghost) {
    // The names of the colours drawOutlines, drawTaskTargets and the ghost use (theme.h colours).
    std::vector<std::string> parts;
    if (!level.target.dots.empty())
        parts.push_back("grey rings, the targets to strike (a strike inside the ring counts)");
    if (!level.zones.empty())
        parts.push_back(level.zones.size() == 1 ? "blue outline, the zone to fill"
                                                : "blue outlines, the zones to fill");
    if (level.hairline)
        parts.push_back("orange line, the hairline; dashed orange behind it, where full density starts");
    if (!level.scars.empty()) parts.push_back("dashed purple outline, the scar");
    if (!level.forbidden.empty()) parts.push_back("dashed red outline over a red tint, keep out");
    if (ghost && !level.zones.empty()) parts.push_back("light-blue dots, the target pattern (G hides them)");
    if (parts.empty()) return {};
    std::string s = "On the canvas: ";
    for (size_t i = 0; i < parts.size(); ++i)
        s += (i ? "  \xC2\xB7  " : "") + parts[i];
    return s + ".";
}

void CanvasRenderer::drawOutlines(sf::RenderTarget& target, const CanvasView& view) const {
    if (!m_level) return;
    const Level& level = *m_level;
    const float w = std::max(1.5f, std::min(3.f, static_cast<float>(view.pxPerMm() * 0.12)));
    sf::VertexArray lines(sf::Quads);
    sf::VertexArray fills(sf::Triangles);
    const sf::Vector2f none(0, 0);
    for (const ForbiddenArea& f : level.forbidden) {
        const auto pts = toScreen(view, f.outline, none);
        appendPolygonFill(fills, pts, sf::Color(200, 40, 40, 34));
        appendPolyline(lines, pts, true, w, colours::kForbidden, 6 * w);
    }
    for (const Zone& z : level.zones)
        appendPolyline(lines, toScreen(view, z.outline, none), true, w, colours::kZoneLine);
    for (const Scar& s : level.scars)
        appendPolyline(lines, toScreen(view, s.outline, none), true, w, colours::kScarLine, 3 * w);
    if (level.hairline) {
        const Hairline& h = *level.hairline;
        appendPolyline(lines, toScreen(view, h.line, none), false, w * 1.6f, colours::kHairline);
        // The back edge of the feathering band: where full density starts.
        std::vector<Vec2> back;
        for (size_t i = 0; i < h.line.size(); ++i) {
            const Vec2 prev = h.line[i == 0 ? 0 : i - 1];
            const Vec2 next = h.line[i + 1 < h.line.size() ? i + 1 : i];
            const Vec2 d = next - prev;
            const double len = length(d);
            if (len <= 0) continue;
            back.push_back(h.line[i] + Vec2{-d.y / len, d.x / len} * h.bandMm);
        }
        sf::Color faint = colours::kHairline;
        faint.a = 120;
        appendPolyline(lines, toScreen(view, back, none), false, w * 0.8f, faint, 4 * w);
    }
    target.draw(fills);
    target.draw(lines);
}

void CanvasRenderer::drawCursor(sf::RenderTarget& target, const CanvasView& view,
                                const CursorState& c) const {
    if (!c.visible) return;
    const sf::Vector2f tip = view.toScreen(c.tipMm);
    const sf::Vector2f hand = view.toScreen(c.pointerMm);
    sf::VertexArray lines(sf::Quads);
    // The spring between hand and tip: shows that the tool lags and trembles.
    const sf::Vector2f d = tip - hand;
    if (std::hypot(d.x, d.y) > 2.f) appendThickLine(lines, hand, tip, 1.2f, sf::Color(255, 255, 255, 90));
    // Crosshair ticks around the tip, with a gap so the dot itself stays visible.
    const float ringR = std::max(7.f, static_cast<float>(c.needleDiameterMm * view.pxPerMm() * 0.5) + 4.f);
    const sf::Color tick = c.needleDown ? colours::kWarm : sf::Color(250, 250, 250, 230);
    const sf::Color shadow(0, 0, 0, 140);
    for (auto [dx, dy] : {std::pair{1.f, 0.f}, {-1.f, 0.f}, {0.f, 1.f}, {0.f, -1.f}}) {
        const sf::Vector2f u(dx, dy);
        appendThickLine(lines, tip + u * (ringR + 1.f), tip + u * (ringR + 10.f), 3.2f, shadow);
        appendThickLine(lines, tip + u * (ringR + 1.f), tip + u * (ringR + 10.f), 1.6f, tick);
    }
    target.draw(lines);

    sf::CircleShape ring(ringR, 32);
    ring.setOrigin(ringR, ringR);
    ring.setPosition(tip);
    ring.setFillColor(sf::Color::Transparent);
    ring.setOutlineThickness(1.6f);
    ring.setOutlineColor(tick);
    target.draw(ring);

    // The hand (pointer) as a small hollow ring, only where it has pulled away from the tip, so
    // it never hides the dot being placed.
    if (std::hypot(d.x, d.y) > 3.f) {
        sf::CircleShape handRing(3.f, 12);
        handRing.setOrigin(3.f, 3.f);
        handRing.setPosition(hand);
        handRing.setFillColor(sf::Color::Transparent);
        handRing.setOutlineThickness(1.2f);
        handRing.setOutlineColor(sf::Color(255, 255, 255, 150));
        target.draw(handRing);
    }

    if (c.needleDown) {
        // Depth gauge: an arc around the ring that fills as the needle dwells; green inside the
        // depth band, amber past it, red past blowout.
        const double frac = std::clamp(c.depthMm / std::max(c.blowoutMm * 1.2, 1e-6), 0.0, 1.0);
        sf::Color col = colours::kTextDim;
        if (c.depthMm >= c.depthBandMinMm) col = colours::kPass;
        if (c.depthMm > c.depthBandMaxMm) col = colours::kWarm;
        if (c.depthMm > c.blowoutMm) col = colours::kFail;
        sf::VertexArray arc(sf::TriangleStrip);
        const float r0 = ringR + 3.f, r1 = ringR + 6.f;
        const int steps = std::max(2, static_cast<int>(48 * frac));
        for (int i = 0; i <= steps; ++i) {
            const double a = -M_PI / 2 + 2 * M_PI * frac * i / steps;
            const sf::Vector2f u(static_cast<float>(std::cos(a)), static_cast<float>(std::sin(a)));
            arc.append({tip + u * r0, col});
            arc.append({tip + u * r1, col});
        }
        target.draw(arc);
    }
}

} // namespace stipple::render
