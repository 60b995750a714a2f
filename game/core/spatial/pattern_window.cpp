#include "spatial/pattern_window.h"

#include <algorithm>
#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace stipple {

PatternWindow PatternWindow::rectangle(const Rect& rect) {
    PatternWindow w;
    w.m_isRectangle = true;
    if (rect.empty()) return w;
    w.m_bounds = rect;
    w.m_outline = {rect.min, {rect.max.x, rect.min.y}, rect.max, {rect.min.x, rect.max.y}};
    w.m_areaMm2 = rect.area();
    w.m_perimeterMm = 2.0 * (rect.width() + rect.height());
    return w;
}

PatternWindow PatternWindow::polygon(Polygon outline) {
    PatternWindow w;
    w.m_isRectangle = false;
    w.m_bounds = stipple::bounds(outline);
    w.m_areaMm2 = outline.size() >= 3 ? area(outline) : 0.0;
    w.m_perimeterMm = outline.size() >= 2 ? perimeter(outline) : 0.0;
    w.m_outline = std::move(outline);
    w.buildRaster();
    return w;
}

PatternWindow PatternWindow::polygon(Polygon outline, std::vector<Polygon> holes) {
    std::erase_if(holes, [](const Polygon& h) { return h.size() < 3; });
    if (holes.empty() || outline.size() < 3) return polygon(std::move(outline));
    PatternWindow w;
    w.m_isRectangle = false;
    w.m_bounds = stipple::bounds(outline);
    w.m_areaMm2 = area(outline);
    w.m_perimeterMm = perimeter(outline);
    for (const Polygon& h : holes) {
        w.m_areaMm2 -= area(h);
        w.m_perimeterMm += perimeter(h);
    }
    w.m_areaMm2 = std::max(0.0, w.m_areaMm2);
    w.m_outline = std::move(outline);
    w.m_holes = std::move(holes);
    w.buildRaster();
    return w;
}

bool PatternWindow::holesFitInside(const Polygon& outline, const std::vector<Polygon>& holes) {
    const auto crosses = [](const Polygon& a, const Polygon& b) {
        for (size_t i = 0; i < a.size(); ++i)
            for (size_t j = 0; j < b.size(); ++j)
                if (segmentsIntersect(a[i], a[(i + 1) % a.size()], b[j], b[(j + 1) % b.size()])) return true;
        return false;
    };
    for (size_t i = 0; i < holes.size(); ++i) {
        const Polygon& h = holes[i];
        if (h.size() < 3) continue;
        if (crosses(outline, h)) return false;
        if (!std::all_of(h.begin(), h.end(), [&](Vec2 p) { return stipple::contains(outline, p); }))
            return false;
        for (size_t j = i + 1; j < holes.size(); ++j) {
            const Polygon& g = holes[j];
            if (g.size() < 3) continue;
            if (crosses(h, g) || stipple::contains(h, g[0]) || stipple::contains(g, h[0])) return false;
        }
    }
    return true;
}

void PatternWindow::buildRaster() {
    m_raster.clear();
    const double extent = std::max(m_bounds.width(), m_bounds.height());
    if (m_outline.size() < 3 || !(extent > 0.0) || !std::isfinite(extent)) return;
    m_rasterCell = extent / 256.0;
    m_inverseRasterCell = 1.0 / m_rasterCell;
    m_rasterColumns = std::max(1, static_cast<int>(std::ceil(m_bounds.width() * m_inverseRasterCell)));
    m_rasterRows = std::max(1, static_cast<int>(std::ceil(m_bounds.height() * m_inverseRasterCell)));
    m_raster.assign(static_cast<size_t>(m_rasterColumns) * m_rasterRows, Cell::Outside);
    std::vector<bool> near(m_raster.size(), false);
    // Every border point lies in a cell visited by this walk (steps of half a cell), so a cell
    // not adjacent to any visited cell is at least one cell away from the border.
    forEachEdge([&](Vec2 a, Vec2 b) {
        const int steps =
            std::max(1, static_cast<int>(std::ceil(2.0 * distance(a, b) * m_inverseRasterCell)));
        for (int t = 0; t <= steps; ++t) {
            const Vec2 q = a + (b - a) * (static_cast<double>(t) / steps);
            const int c = std::clamp(static_cast<int>((q.x - m_bounds.min.x) * m_inverseRasterCell), 0,
                                     m_rasterColumns - 1);
            const int r = std::clamp(static_cast<int>((q.y - m_bounds.min.y) * m_inverseRasterCell), 0,
                                     m_rasterRows - 1);
            for (int rr = std::max(r - 1, 0); rr <= std::min(r + 1, m_rasterRows - 1); ++rr)
                for (int cc = std::max(c - 1, 0); cc <= std::min(c + 1, m_rasterColumns - 1); ++cc)
                    near[static_cast<size_t>(rr) * m_rasterColumns + cc] = true;
        }
    });
    // The other cells: inside or outside by the even-odd crossings of their row's centre line
    // (holes' edges included: even-odd puts a hole's inside outside).
    std::vector<double> crossings;
    for (int r = 0; r < m_rasterRows; ++r) {
        const double y = m_bounds.min.y + (r + 0.5) * m_rasterCell;
        crossings.clear();
        forEachEdge([&](Vec2 a, Vec2 b) {
            if ((a.y > y) != (b.y > y)) crossings.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
        });
        std::sort(crossings.begin(), crossings.end());
        for (int c = 0; c < m_rasterColumns; ++c) {
            const size_t index = static_cast<size_t>(r) * m_rasterColumns + c;
            if (near[index]) {
                m_raster[index] = Cell::Near;
                continue;
            }
            const double x = m_bounds.min.x + (c + 0.5) * m_rasterCell;
            const auto left = std::upper_bound(crossings.begin(), crossings.end(), x) - crossings.begin();
            m_raster[index] = left % 2 == 1 ? Cell::Inside : Cell::Outside;
        }
    }
}

bool PatternWindow::insideByPolygon(Vec2 p, double r) const {
    if (!m_bounds.contains(p)) return false;
    if (!m_raster.empty()) {
        const Cell cell = rasterCell(p);
        if (cell == Cell::Outside) return false;
        if (cell == Cell::Inside && r <= m_rasterCell) return true;
    }
    return containsExactly(p) && distanceToBoundary(p) >= r;
}

bool PatternWindow::containsInPolygon(Vec2 p) const {
    if (!m_raster.empty()) {
        const Cell cell = rasterCell(p);
        if (cell != Cell::Near) return cell == Cell::Inside;
    }
    return containsExactly(p);
}

bool PatternWindow::containsExactly(Vec2 p) const {
    // Even-odd containment is ambiguous exactly on an edge; "on the border" counts as inside.
    if (stipple::contains(m_outline, p) &&
        std::none_of(m_holes.begin(), m_holes.end(),
                     [&](const Polygon& h) { return stipple::contains(h, p); }))
        return true;
    return distanceToBoundary(p) == 0.0;
}

double PatternWindow::distanceToBoundary(Vec2 p) const {
    if (m_isRectangle) {
        if (m_bounds.empty()) return 0.0;
        if (m_bounds.contains(p))
            return std::min(std::min(p.x - m_bounds.min.x, m_bounds.max.x - p.x),
                            std::min(p.y - m_bounds.min.y, m_bounds.max.y - p.y));
        const double dx = std::max(std::max(m_bounds.min.x - p.x, p.x - m_bounds.max.x), 0.0);
        const double dy = std::max(std::max(m_bounds.min.y - p.y, p.y - m_bounds.max.y), 0.0);
        return std::sqrt(dx * dx + dy * dy);
    }
    if (m_outline.empty()) return 0.0;
    if (m_outline.size() == 1) return distance(p, m_outline[0]);
    double d = stipple::distanceToBoundary(m_outline, p);
    for (const Polygon& h : m_holes)
        d = std::min(d, stipple::distanceToBoundary(h, p));
    return d;
}

bool PatternWindow::containsBox(const Rect& box) const {
    if (box.empty() || m_bounds.empty()) return false;
    if (box.min.x < m_bounds.min.x || box.min.y < m_bounds.min.y || box.max.x > m_bounds.max.x ||
        box.max.y > m_bounds.max.y)
        return false;
    if (m_isRectangle) return true;
    // A hole wholly inside the box leaves the box's border inside the window: look for one.
    // (A hole meeting the box's border is found by the edge test below; one with every vertex
    // on the border has an edge through the box or is the box, whose centre then fails.)
    for (const Polygon& h : m_holes)
        if (h[0].x > box.min.x && h[0].x < box.max.x && h[0].y > box.min.y && h[0].y < box.max.y)
            return false;
    if (!m_raster.empty()) {
        // A simple polygon's outside is connected, so a box lies inside exactly when its own
        // border does: its border cells all far-inside → inside; one far-outside → not. (With
        // holes, a hole inside the box was ruled out above: a hole the border does not meet is
        // either wholly inside the box or wholly outside it.)
        const auto index = [&](double v, double lo, int n) {
            return std::clamp(static_cast<int>((v - lo) * m_inverseRasterCell), 0, n - 1);
        };
        const int c0 = index(box.min.x, m_bounds.min.x, m_rasterColumns),
                  c1 = index(box.max.x, m_bounds.min.x, m_rasterColumns);
        const int r0 = index(box.min.y, m_bounds.min.y, m_rasterRows),
                  r1 = index(box.max.y, m_bounds.min.y, m_rasterRows);
        bool allInside = true;
        const auto visit = [&](int r, int c) {
            const Cell cell = m_raster[static_cast<size_t>(r) * m_rasterColumns + c];
            allInside = allInside && cell == Cell::Inside;
            return cell != Cell::Outside;
        };
        for (int c = c0; c <= c1; ++c)
            if (!visit(r0, c) || !visit(r1, c)) return false;
        for (int r = r0 + 1; r < r1; ++r)
            if (!visit(r, c0) || !visit(r, c1)) return false;
        if (allInside) return true;
    }
    // Exactly: no edge passes through the box's open interior, and its centre is inside.
    bool crossed = false;
    forEachEdge([&](Vec2 a, Vec2 b) { crossed = crossed || segmentCrossesOpenBox(a, b, box); });
    if (crossed) return false;
    return containsExactly((box.min + box.max) * 0.5);
}

bool PatternWindow::segmentCrossesOpenBox(Vec2 a, Vec2 b, const Rect& box) {
    // Liang–Barsky: clip ab to the closed box; a chord that is not along a side has its middle
    // strictly inside (a chord of a convex set).
    double t0 = 0.0, t1 = 1.0;
    const Vec2 d = b - a;
    const double p[4] = {-d.x, d.x, -d.y, d.y};
    const double q[4] = {a.x - box.min.x, box.max.x - a.x, a.y - box.min.y, box.max.y - a.y};
    for (int k = 0; k < 4; ++k) {
        if (p[k] == 0.0) {
            if (q[k] < 0.0) return false; // parallel and outside
            continue;
        }
        const double t = q[k] / p[k];
        if (p[k] < 0.0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1) return false;
    }
    const Vec2 mid = a + d * (0.5 * (t0 + t1));
    return mid.x > box.min.x && mid.x < box.max.x && mid.y > box.min.y && mid.y < box.max.y;
}

CellTiling::CellTiling(const PatternWindow& window, double targetCellMm, int maxCells) {
    m_bounds = window.bounds();
    if (window.degenerate() || !(targetCellMm > 0.0) || !std::isfinite(targetCellMm)) return;
    const double w = m_bounds.width();
    const double h = m_bounds.height();
    double cols = std::max(1.0, std::round(w / targetCellMm));
    double rows = std::max(1.0, std::round(h / targetCellMm));
    const double cap = std::max(1, maxCells);
    if (cols * rows > cap) {
        const double shrink = std::sqrt(cap / (cols * rows));
        cols = std::max(1.0, std::floor(cols * shrink));
        rows = std::max(1.0, std::floor(rows * shrink));
    }
    m_columns = static_cast<int>(cols);
    m_rows = static_cast<int>(rows);
    m_cellSize = {w / m_columns, h / m_rows};
    m_inverseSize = {m_columns / w, m_rows / h};
    m_used.assign(static_cast<size_t>(m_columns) * m_rows, 1);
    m_usedCells = m_columns * m_rows;
    if (!window.isRectangle()) {
        m_usedCells = 0;
        for (int i = 0; i < m_columns * m_rows; ++i) {
            m_used[i] = window.containsBox(cellRect(i)) ? 1 : 0;
            m_usedCells += m_used[i] ? 1 : 0;
        }
    }
}

int64_t CellTiling::countPoints(std::span<const Vec2> points, int32_t* counts) const {
    int64_t outside = 0;
    size_t i = 0;
#if defined(__SSE2__)
    // cellOf() with both coordinates at once: the same comparisons, products and truncations.
    if (m_columns > 0) {
        const __m128d lo = _mm_set_pd(m_bounds.min.y, m_bounds.min.x);
        const __m128d hi = _mm_set_pd(m_bounds.max.y, m_bounds.max.x);
        const __m128d inverse = _mm_set_pd(m_inverseSize.y, m_inverseSize.x);
        const int columns = m_columns, lastColumn = m_columns - 1, lastRow = m_rows - 1;
        const uint8_t* const used = m_used.data(); // (counts could alias the members: read once)
        for (; i < points.size(); ++i) {
            const __m128d p = _mm_loadu_pd(&points[i].x);
            if (_mm_movemask_pd(_mm_and_pd(_mm_cmpge_pd(p, lo), _mm_cmple_pd(p, hi))) != 3) {
                ++outside;
                continue;
            }
            const __m128i cr = _mm_cvttpd_epi32(_mm_mul_pd(_mm_sub_pd(p, lo), inverse));
            const int c = std::min(lastColumn, _mm_cvtsi128_si32(cr));
            const int r = std::min(lastRow, _mm_cvtsi128_si32(_mm_shuffle_epi32(cr, 1)));
            const int index = r * columns + c;
            counts[index] += used[index];
        }
    }
#endif
    for (; i < points.size(); ++i) {
        if (!m_bounds.contains(points[i])) {
            ++outside;
            continue;
        }
        const int c = cellOf(points[i]);
        if (c >= 0) ++counts[c];
    }
    return outside;
}

Rect CellTiling::cellRect(int index) const {
    const int c = index % m_columns;
    const int r = index / m_columns;
    const Vec2 lo{m_bounds.min.x + c * m_cellSize.x, m_bounds.min.y + r * m_cellSize.y};
    // The last column/row ends exactly on the bounds, whatever the rounding of c·size.
    const Vec2 hi{c + 1 == m_columns ? m_bounds.max.x : lo.x + m_cellSize.x,
                  r + 1 == m_rows ? m_bounds.max.y : lo.y + m_cellSize.y};
    return {lo, hi};
}

} // namespace stipple
