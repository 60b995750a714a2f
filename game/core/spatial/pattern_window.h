// The observation window of a dot pattern (a rectangle, or a simple polygon with optional
// holes: a zone minus the zones nested inside it) and equal cells tiling it. Point-pattern statistics need
// the window for the intensity λ = n / area, for edge corrections (Donnelly needs a rectangle's perimeter,
// the guard correction the distance to the border) and for quadrat counts. Pure geometry: depends on
// geometry/ only.
#pragma once

#include "geometry/polygon.h"
#include "geometry/vec2.h"

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace stipple {

/// A rectangle or a simple polygon in mm, the polygon possibly with holes (simple polygons
/// inside it, disjoint: the parts of a zone that belong to the zones nested in it). The area is
/// the outline's less the holes', the perimeter includes the holes' (as spatstat's owin with
/// holes). Default-constructed: empty (area 0).
class PatternWindow {
  public:
    PatternWindow() = default;
    /// An axis-aligned rectangle; an empty or inverted rectangle gives an empty window.
    static PatternWindow rectangle(const Rect& rect);
    /// A simple polygon (either winding, implicitly closed). Fewer than 3 vertices: area 0.
    static PatternWindow polygon(Polygon outline);
    /// A simple polygon less `holes` (each a simple polygon inside the outline, none touching
    /// another; callers check this — see holesFitInside()). Holes with fewer than 3 vertices are
    /// dropped.
    static PatternWindow polygon(Polygon outline, std::vector<Polygon> holes);
    /// True when every hole lies strictly inside `outline` and the holes are pairwise disjoint
    /// (no edge crossings, no vertex of one inside another).
    static bool holesFitInside(const Polygon& outline, const std::vector<Polygon>& holes);

    bool isRectangle() const { return m_isRectangle; }
    /// True when the area is zero (no intensity can be defined).
    bool degenerate() const { return !(m_areaMm2 > 0.0); }
    /// Bounding rectangle (the rectangle itself for rectangular windows).
    const Rect& bounds() const { return m_bounds; }
    /// The outline; for rectangles their four corners, counter-clockwise in a y-up frame.
    const Polygon& outline() const { return m_outline; }
    /// The holes (polygons only; empty for rectangles).
    const std::vector<Polygon>& holes() const { return m_holes; }
    /// Every edge of the border (outline, then holes) as (a, b).
    template <class Visit> void forEachEdge(Visit&& visit) const {
        const auto ring = [&](const Polygon& r) {
            for (size_t e = 0; e < r.size(); ++e)
                visit(r[e], r[(e + 1) % r.size()]);
        };
        ring(m_outline);
        for (const Polygon& h : m_holes)
            ring(h);
    }
    double areaMm2() const { return m_areaMm2; }
    double perimeterMm() const { return m_perimeterMm; }
    /// Inside or on the border (a hole's border included, its inside not).
    bool contains(Vec2 p) const { return m_bounds.contains(p) && (m_isRectangle || containsInPolygon(p)); }
    /// Inside and at least `r` mm from the border (the guard-reduced window of Clark–Evans).
    /// Inline for rectangles (a test per dot of a full pass).
    bool insideBy(Vec2 p, double r) const {
        if (!m_isRectangle) return insideByPolygon(p, r);
        return m_bounds.contains(p) && p.x - m_bounds.min.x >= r && m_bounds.max.x - p.x >= r &&
               p.y - m_bounds.min.y >= r && m_bounds.max.y - p.y >= r;
    }
    /// Distance from p to the border (unsigned, mm).
    double distanceToBoundary(Vec2 p) const;
    /// True when the axis-aligned box lies wholly inside the window (touching the border counts).
    bool containsBox(const Rect& box) const;

  private:
    bool insideByPolygon(Vec2 p, double r) const;
    /// Polygons carry a coarse raster (256 cells on the long side) built once: cells more
    /// than one raster cell from the border are wholly inside or outside (found by a scanline),
    /// so only points near the border pay for the exact O(vertices) tests.
    enum class Cell : uint8_t { Near, Inside, Outside };
    void buildRaster();
    Cell rasterCell(Vec2 p) const {
        const int c = std::clamp(static_cast<int>((p.x - m_bounds.min.x) * m_inverseRasterCell), 0,
                                 m_rasterColumns - 1);
        const int r =
            std::clamp(static_cast<int>((p.y - m_bounds.min.y) * m_inverseRasterCell), 0, m_rasterRows - 1);
        return m_raster[static_cast<size_t>(r) * m_rasterColumns + c];
    }
    bool containsInPolygon(Vec2 p) const;
    bool containsExactly(Vec2 p) const;
    static bool segmentCrossesOpenBox(Vec2 a, Vec2 b, const Rect& box);

    bool m_isRectangle = true;
    Rect m_bounds;
    Polygon m_outline;
    std::vector<Polygon> m_holes;
    double m_areaMm2 = 0.0;
    double m_perimeterMm = 0.0;
    std::vector<Cell> m_raster;
    double m_rasterCell = 0.0;
    double m_inverseRasterCell = 0.0;
    int m_rasterColumns = 0;
    int m_rasterRows = 0;
};

/// Equal rectangular cells tiling a window's bounding rectangle: columns = max(1, round(width /
/// target)), likewise rows, so every cell has the same area and a rectangle is covered exactly
/// (cells are within a factor 1.5 of the target size, slightly non-square). For polygons only
/// the cells lying wholly inside the polygon are used, so no cell is a partial quadrat.
/// Used for quadrat counts (VMR) and local evenness; also by the live statistics, which must
/// tile exactly as the full recomputation does.
class CellTiling {
  public:
    CellTiling() = default;
    /// At most `maxCells` cells: a tiny target over a large window is coarsened to fit.
    CellTiling(const PatternWindow& window, double targetCellMm, int maxCells = 1 << 22);

    int columns() const { return m_columns; }
    int rows() const { return m_rows; }
    /// Number of usable cells (all of them for rectangles; those inside a polygon).
    int usedCells() const { return m_usedCells; }
    Vec2 cellSize() const { return m_cellSize; }
    /// Index in [0, columns·rows) of the used cell containing p, or -1 when p is outside the
    /// window's bounding rectangle or in an unused cell. Points on the far edges belong to the
    /// last row/column.
    int cellOf(Vec2 p) const {
        if (m_columns == 0 || !m_bounds.contains(p)) return -1;
        const int c = std::min(m_columns - 1, static_cast<int>((p.x - m_bounds.min.x) * m_inverseSize.x));
        const int r = std::min(m_rows - 1, static_cast<int>((p.y - m_bounds.min.y) * m_inverseSize.y));
        const int index = r * m_columns + c;
        return m_used[index] ? index : -1;
    }
    /// Adds one to counts[cellOf(p)] for every point p in a used cell (counts has columns·rows
    /// entries) and returns how many points lie outside the bounding rectangle.
    int64_t countPoints(std::span<const Vec2> points, int32_t* counts) const;
    /// Whether cell `index` is used.
    bool used(int index) const {
        return index >= 0 && index < static_cast<int>(m_used.size()) && m_used[index];
    }
    /// Rectangle of cell `index`.
    Rect cellRect(int index) const;

  private:
    bool insideByPolygon(Vec2 p, double r) const;
    Rect m_bounds;
    int m_columns = 0;
    int m_rows = 0;
    int m_usedCells = 0;
    Vec2 m_cellSize;
    Vec2 m_inverseSize;
    std::vector<uint8_t> m_used; // bytes, not bits: cellOf runs once per dot
};

} // namespace stipple
