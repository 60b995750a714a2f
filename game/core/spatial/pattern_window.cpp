#include "spatial/pattern_window.h"

#include <algorithm>
#include <cmath>

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
    return w;
}

bool PatternWindow::containsInPolygon(Vec2 p) const {
    // Even-odd containment is ambiguous exactly on an edge; "on the border" counts as inside.
    return stipple::contains(m_outline, p) || distanceToBoundary(p) == 0.0;
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
    return stipple::distanceToBoundary(m_outline, p);
}

bool PatternWindow::containsBox(const Rect& box) const {
    if (box.empty() || m_bounds.empty()) return false;
    if (box.min.x < m_bounds.min.x || box.min.y < m_bounds.min.y || box.max.x > m_bounds.max.x ||
        box.max.y > m_bounds.max.y)
        return false;
    if (m_isRectangle) return true;
    // For a simple polygon: with all four corners inside, the border can only enter the box
    // through a vertex lying strictly inside it (a straight edge crossing the box would leave
    // a corner outside).
    const Vec2 corners[4] = {box.min, {box.max.x, box.min.y}, box.max, {box.min.x, box.max.y}};
    for (const Vec2& c : corners)
        if (!contains(c)) return false;
    for (const Vec2& v : m_outline)
        if (v.x > box.min.x && v.x < box.max.x && v.y > box.min.y && v.y < box.max.y) return false;
    return true;
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
    m_used.assign(static_cast<size_t>(m_columns) * m_rows, true);
    m_usedCells = m_columns * m_rows;
    if (!window.isRectangle()) {
        m_usedCells = 0;
        for (int i = 0; i < m_columns * m_rows; ++i) {
            m_used[i] = window.containsBox(cellRect(i));
            m_usedCells += m_used[i] ? 1 : 0;
        }
    }
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
