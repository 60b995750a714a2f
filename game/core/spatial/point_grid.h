// Uniform-grid indexes of points on the skin plane (mm): the dot index behind every spacing,
// overlap and neighbour statistic. Measured in scoring-research.md, a plain grid beat
// b2DynamicTree by ~100× and k-d trees for dots that are inserted one at a time and queried at
// a scale of one dot spacing, so that is all there is here:
//   - GridLayout: square cells over a rectangle; positions outside it clamp to the border
//     cells, so any point (even far outside, even NaN) has a cell and queries stay exact.
//   - PointGrid: incremental — O(1) insert, remove for undo — for live scoring while dots land.
//   - PackedPointGrid: built once from a point array (counting sort into CSR arrays, points
//     of a cell contiguous) for full recomputations; the fastest to query.
// Both answer the same queries: nearest neighbour (excluding an id, usually the query point's
// own), k nearest, and every point within a radius. Ties are broken by the smaller id, so
// results never depend on insertion or memory order. Depends on geometry/ only.
#pragma once

#include "geometry/vec2.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace stipple {

/// Farther than any dot: the distance before one is found.
inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// "No point": the id of an empty query result, or the `exclude` argument excluding nothing.
inline constexpr uint32_t kNoPoint = 0xFFFFFFFFu;

/// A point found by a query: its id and its squared distance to the query position (mm²).
struct Neighbour {
    uint32_t id = kNoPoint;
    double distanceSquared = 0.0;

    bool found() const { return id != kNoPoint; }
    double distance() const { return std::sqrt(distanceSquared); }
    /// Query order: nearer first, then smaller id.
    friend bool operator<(const Neighbour& a, const Neighbour& b) {
        return a.distanceSquared < b.distanceSquared ||
               (a.distanceSquared == b.distanceSquared && a.id < b.id);
    }
    friend bool operator==(const Neighbour&, const Neighbour&) = default;
};

/// Square cells of side cellMm() over a rectangle; cell index = row · columns + column.
class GridLayout {
  public:
    static constexpr int kDefaultMaxCells = 1 << 22;

    /// One 1 mm cell at the origin.
    GridLayout() : GridLayout(Rect{{0, 0}, {1, 1}}, 1.0) {}
    /// Cells of side `cellMm` over `area` (empty or degenerate areas still get at least one
    /// cell); the side grows when needed to keep at most `maxCells` cells.
    GridLayout(const Rect& area, double cellMm, int maxCells = kDefaultMaxCells);
    /// A layout for about `count` points spread over `area`, about `pointsPerCell` per cell.
    static GridLayout forPoints(const Rect& area, size_t count, double pointsPerCell = 2.0);

    int columns() const { return m_columns; }
    int rows() const { return m_rows; }
    int cellCount() const { return m_columns * m_rows; }
    double cellMm() const { return m_cellMm; }
    Vec2 origin() const { return m_origin; }
    /// Column of x, clamped to [0, columns); NaN goes to column 0.
    int column(double x) const { return clampIndex((x - m_origin.x) * m_inverseCell, m_columns); }
    int row(double y) const { return clampIndex((y - m_origin.y) * m_inverseCell, m_rows); }
    int cellOf(Vec2 p) const { return row(p.y) * m_columns + column(p.x); }
    /// out[i] = cellOf(points[i]) for every point (two coordinates at a time where SSE2 is).
    void cellsOf(std::span<const Vec2> points, uint32_t* out) const;
    /// p moved onto the grid's rectangle (the position the index files it under); NaN → origin.
    Vec2 clampToGrid(Vec2 p) const {
        const double x1 = m_origin.x + m_columns * m_cellMm;
        const double y1 = m_origin.y + m_rows * m_cellMm;
        return {p.x >= m_origin.x ? std::min(p.x, x1) : m_origin.x,
                p.y >= m_origin.y ? std::min(p.y, y1) : m_origin.y};
    }

  private:
    static int clampIndex(double t, int n) {
        if (!(t >= 0.0)) return 0; // also NaN
        return t >= n ? n - 1 : static_cast<int>(t);
    }

    Vec2 m_origin;
    double m_cellMm = 1.0;
    double m_inverseCell = 1.0;
    int m_columns = 1;
    int m_rows = 1;
};

/// An incremental index of points with caller-chosen ids (dense small integers, e.g. the
/// dot's index in the attempt). Stores one position and one link per id slot (20 bytes) plus
/// one head per cell (4 bytes).
class PointGrid {
  public:
    PointGrid() = default;
    explicit PointGrid(const GridLayout& layout);

    const GridLayout& layout() const { return m_layout; }
    /// Number of points present.
    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    /// Reserves id slots [0, ids).
    void reserve(size_t ids);
    /// Adds point `id` at p in O(1). `id` must not be present and must be < kNoPoint.
    void insert(uint32_t id, Vec2 p);
    /// Removes point `id` (O(points in its cell)); false when it was not present.
    bool remove(uint32_t id);
    void clear();
    bool contains(uint32_t id) const { return id < m_next.size() && m_next[id] != kAbsent; }
    /// Position of a present point.
    Vec2 position(uint32_t id) const { return m_position[id]; }

    /// Nearest point to p other than `exclude`; not found() when there is none.
    Neighbour nearest(Vec2 p, uint32_t exclude = kNoPoint) const;
    /// The min(out.size(), available) nearest points other than `exclude`, nearest first, into
    /// `out`; returns how many were written.
    size_t nearestK(Vec2 p, uint32_t exclude, std::span<Neighbour> out) const;
    /// Calls f(id, position, squaredDistance) for every point with |q − p| ≤ radiusMm.
    template <class F> void forEachInRadius(Vec2 p, double radiusMm, F&& f) const;
    /// Bytes held (capacity), for the memory budget.
    size_t memoryBytes() const;

  private:
    static constexpr uint32_t kAbsent = 0xFFFFFFFEu;
    /// True when scanning every id slot is cheaper than a ring search, which crosses about
    /// cells/points empty cells to find a neighbour (the first strikes of a session).
    bool preferScan() const { return 2 * m_next.size() * std::max<size_t>(m_size, 1) <= m_head.size(); }

    GridLayout m_layout;
    std::vector<uint32_t> m_head; // per cell: first id, or kNoPoint
    std::vector<Vec2> m_position; // per id slot
    std::vector<uint32_t> m_next; // per id slot: next id in the cell, kNoPoint, or kAbsent
    size_t m_size = 0;
};

/// An immutable index built in one pass (CSR: points sorted by cell, contiguous per cell).
/// Ids are the indices into the array given to build().
class PackedPointGrid {
  public:
    PackedPointGrid() = default;
    /// Indexes `points` with a layout sized for them (about two per cell).
    void build(std::span<const Vec2> points);
    /// Indexes `points` with the given layout.
    void build(std::span<const Vec2> points, const GridLayout& layout);

    const GridLayout& layout() const { return m_layout; }
    size_t size() const { return m_ids.size(); }
    /// Every position and id in packed order (by cell); a point's index here is its slot.
    std::span<const Vec2> positions() const { return m_positions; }
    std::span<const uint32_t> ids() const { return m_ids; }
    /// The slots of cell `cell` are [cellBegin(cell), cellBegin(cell + 1)).
    uint32_t cellBegin(int cell) const { return m_cellStart[cell]; }
    /// Positions of the points in cell `cell`, and their ids (same order).
    std::span<const Vec2> cellPositions(int cell) const {
        return {m_positions.data() + m_cellStart[cell], m_cellStart[cell + 1] - m_cellStart[cell]};
    }
    std::span<const uint32_t> cellIds(int cell) const {
        return {m_ids.data() + m_cellStart[cell], m_cellStart[cell + 1] - m_cellStart[cell]};
    }
    /// Positions and ids of cells c0..c1 of one row (contiguous in the packed arrays).
    std::span<const Vec2> runPositions(int row, int c0, int c1) const {
        const uint32_t begin = m_cellStart[row * m_layout.columns() + c0];
        return {m_positions.data() + begin, m_cellStart[row * m_layout.columns() + c1 + 1] - begin};
    }
    std::span<const uint32_t> runIds(int row, int c0, int c1) const {
        const uint32_t begin = m_cellStart[row * m_layout.columns() + c0];
        return {m_ids.data() + begin, m_cellStart[row * m_layout.columns() + c1 + 1] - begin};
    }

    Neighbour nearest(Vec2 p, uint32_t exclude = kNoPoint) const;
    size_t nearestK(Vec2 p, uint32_t exclude, std::span<Neighbour> out) const;
    template <class F> void forEachInRadius(Vec2 p, double radiusMm, F&& f) const;
    size_t memoryBytes() const;

  private:
    GridLayout m_layout;
    std::vector<uint32_t> m_cellStart; // cellCount + 1 offsets
    std::vector<Vec2> m_positions;     // sorted by cell
    std::vector<uint32_t> m_ids;       // original index of each sorted position
};

// ---- inline template definitions -----------------------------------------------------------

namespace grid_detail {
/// Cells overlapping the square of half-side r around p (in clamped grid coordinates: clamping
/// never increases distances, so no point within r of p can lie outside these cells).
struct CellSpan {
    int c0, c1, r0, r1;
};
inline CellSpan cellsAround(const GridLayout& layout, Vec2 p, double r) {
    if (!(r >= 0.0)) return {0, -1, 0, -1};
    return {layout.column(p.x - r), layout.column(p.x + r), layout.row(p.y - r), layout.row(p.y + r)};
}
} // namespace grid_detail

template <class F> void PointGrid::forEachInRadius(Vec2 p, double radiusMm, F&& f) const {
    const auto s = grid_detail::cellsAround(m_layout, p, radiusMm);
    const double r2 = radiusMm * radiusMm;
    for (int row = s.r0; row <= s.r1; ++row)
        for (int col = s.c0; col <= s.c1; ++col)
            for (uint32_t id = m_head[row * m_layout.columns() + col]; id != kNoPoint; id = m_next[id]) {
                const Vec2 q = m_position[id];
                const double d2 = distanceSquared(q, p);
                if (d2 <= r2) f(id, q, d2);
            }
}

template <class F> void PackedPointGrid::forEachInRadius(Vec2 p, double radiusMm, F&& f) const {
    if (m_ids.empty()) return;
    const auto s = grid_detail::cellsAround(m_layout, p, radiusMm);
    const double r2 = radiusMm * radiusMm;
    for (int row = s.r0; row <= s.r1; ++row) {
        // Cells of one row are contiguous in CSR order: one run per row.
        const uint32_t begin = m_cellStart[row * m_layout.columns() + s.c0];
        const uint32_t end = m_cellStart[row * m_layout.columns() + s.c1 + 1];
        for (uint32_t i = begin; i < end; ++i) {
            const double d2 = distanceSquared(m_positions[i], p);
            if (d2 <= r2) f(m_ids[i], m_positions[i], d2);
        }
    }
}

} // namespace stipple
