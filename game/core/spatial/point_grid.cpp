// Ring search: visit the query's cell, then square rings of cells around it, and stop as soon as
// the k-th best distance is no larger than the distance from the query to the outside of the
// visited block (no unvisited point can be nearer). The bound is taken in clamped coordinates
// (clamping never increases a distance), which keeps queries exact for points outside the grid.
#include "spatial/point_grid.h"

#include <cassert>
#include <limits>
#include <memory>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace stipple {

namespace {

/// Keeps the k best candidates sorted by (distance², id).
struct BestK {
    Neighbour* items;
    size_t capacity;
    size_t count = 0;

    void offer(uint32_t id, double d2) {
        const Neighbour cand{id, d2};
        if (count == capacity && !(cand < items[capacity - 1])) return;
        size_t i = count < capacity ? count++ : capacity - 1;
        while (i > 0 && cand < items[i - 1]) {
            items[i] = items[i - 1];
            --i;
        }
        items[i] = cand;
    }
    bool full() const { return count == capacity; }
    double worst() const { return items[capacity - 1].distanceSquared; }
};

/// Visits rings of cells around p; visitRun(row, firstColumn, lastColumn) is called for each
/// run of cells in one row; after each ring, done(bound) is asked whether the search may stop,
/// where every unvisited point is at least `bound` mm from p.
template <class VisitRun, class Done>
void visitRings(const GridLayout& layout, Vec2 p, VisitRun&& visitRun, Done&& done) {
    const Vec2 c = layout.clampToGrid(p);
    const int cx = layout.column(c.x);
    const int cy = layout.row(c.y);
    const int cols = layout.columns();
    const int rows = layout.rows();
    const double cs = layout.cellMm();
    const Vec2 o = layout.origin();
    // Cell edges computed as o + i·cs may disagree with column() by a rounding error; shrinking
    // the bound by a hair keeps the stopping rule conservative.
    const double slack = 1e-9 * cs;
    for (int r = 0;; ++r) {
        const int x0 = cx - r, x1 = cx + r, y0 = cy - r, y1 = cy + r;
        if (r == 0) {
            visitRun(cy, cx, cx);
        } else {
            const int xa = std::max(x0, 0), xb = std::min(x1, cols - 1);
            if (y0 >= 0) visitRun(y0, xa, xb);
            if (y1 < rows) visitRun(y1, xa, xb);
            const int ya = std::max(y0 + 1, 0), yb = std::min(y1 - 1, rows - 1);
            for (int y = ya; y <= yb; ++y) {
                if (x0 >= 0) visitRun(y, x0, x0);
                if (x1 < cols) visitRun(y, x1, x1);
            }
        }
        double bound = kInfinity;
        if (x0 > 0) bound = std::min(bound, c.x - (o.x + x0 * cs));
        if (x1 < cols - 1) bound = std::min(bound, o.x + (x1 + 1) * cs - c.x);
        if (y0 > 0) bound = std::min(bound, c.y - (o.y + y0 * cs));
        if (y1 < rows - 1) bound = std::min(bound, o.y + (y1 + 1) * cs - c.y);
        if (bound == kInfinity) return; // the block covers the whole grid
        if (done(std::max(0.0, bound - slack))) return;
    }
}

} // namespace

// ---- GridLayout ----------------------------------------------------------------------------

GridLayout::GridLayout(const Rect& area, double cellMm, int maxCells) {
    Rect a = area;
    const bool finite =
        std::isfinite(a.min.x) && std::isfinite(a.min.y) && std::isfinite(a.max.x) && std::isfinite(a.max.y);
    if (a.empty() || !finite) a = Rect{{0, 0}, {0, 0}};
    const double w = a.width();
    const double h = a.height();
    const double extent = std::max(w, h);
    double cs = (cellMm > 0.0 && std::isfinite(cellMm)) ? cellMm : std::max(extent, 1.0);
    // Keep cells meaningful against the extent's rounding (and never zero).
    cs = std::max(cs, std::max(extent * 1e-7, 1e-9));
    const double cap = std::max(1, maxCells);
    double cols = std::max(1.0, std::ceil(w / cs));
    double rows = std::max(1.0, std::ceil(h / cs));
    while (cols * rows > cap) {
        cs *= std::sqrt(cols * rows / cap) * 1.0001;
        cols = std::max(1.0, std::ceil(w / cs));
        rows = std::max(1.0, std::ceil(h / cs));
    }
    m_origin = a.min;
    m_cellMm = cs;
    m_inverseCell = 1.0 / cs;
    m_columns = static_cast<int>(cols);
    m_rows = static_cast<int>(rows);
}

GridLayout GridLayout::forPoints(const Rect& area, size_t count, double pointsPerCell) {
    if (area.empty()) return GridLayout(area, 1.0);
    const double w = area.width();
    const double h = area.height();
    const double n = static_cast<double>(std::max<size_t>(count, 1));
    // Collinear points have no area; their spacing along the line still sets the scale.
    const double effectiveArea = std::max(w * h, std::max(w, h) * std::max(w, h) / n);
    const double cell =
        effectiveArea > 0.0 ? std::sqrt(effectiveArea * std::max(pointsPerCell, 1e-3) / n) : 1.0;
    // About as many cells as points (times a small factor), never a pathological number.
    const double maxCells = std::min<double>(kDefaultMaxCells, 4.0 * n + 64.0);
    return GridLayout(area, cell, static_cast<int>(maxCells));
}

// ---- PointGrid -----------------------------------------------------------------------------

PointGrid::PointGrid(const GridLayout& layout) : m_layout(layout), m_head(layout.cellCount(), kNoPoint) {}

void PointGrid::reserve(size_t ids) {
    m_position.reserve(ids);
    m_next.reserve(ids);
}

void PointGrid::insert(uint32_t id, Vec2 p) {
    assert(id < kAbsent && "PointGrid ids must be below 0xFFFFFFFE");
    if (m_head.empty()) m_head.assign(m_layout.cellCount(), kNoPoint); // default-constructed grid
    if (id >= m_next.size()) {
        m_next.resize(static_cast<size_t>(id) + 1, kAbsent);
        m_position.resize(static_cast<size_t>(id) + 1);
    }
    assert(m_next[id] == kAbsent && "PointGrid::insert: id already present");
    if (m_next[id] != kAbsent) return;
    const int cell = m_layout.cellOf(p);
    m_position[id] = p;
    m_next[id] = m_head[cell];
    m_head[cell] = id;
    ++m_size;
}

bool PointGrid::remove(uint32_t id) {
    if (!contains(id)) return false;
    uint32_t* link = &m_head[m_layout.cellOf(m_position[id])];
    while (*link != id)
        link = &m_next[*link];
    *link = m_next[id];
    m_next[id] = kAbsent;
    --m_size;
    return true;
}

void PointGrid::clear() {
    std::fill(m_head.begin(), m_head.end(), kNoPoint);
    m_position.clear();
    m_next.clear();
    m_size = 0;
}

Neighbour PointGrid::nearest(Vec2 p, uint32_t exclude) const {
    Neighbour best;
    best.distanceSquared = kInfinity;
    if (m_size == 0 || (m_size == 1 && contains(exclude))) return Neighbour{};
    if (preferScan()) {
        for (uint32_t id = 0; id < m_next.size(); ++id) {
            if (m_next[id] == kAbsent || id == exclude) continue;
            const Neighbour cand{id, distanceSquared(m_position[id], p)};
            if (cand < best) best = cand;
        }
        return best;
    }
    const int cols = m_layout.columns();
    visitRings(
        m_layout, p,
        [&](int row, int c0, int c1) {
            for (int col = c0; col <= c1; ++col)
                for (uint32_t id = m_head[row * cols + col]; id != kNoPoint; id = m_next[id]) {
                    if (id == exclude) continue;
                    const Neighbour cand{id, distanceSquared(m_position[id], p)};
                    if (cand < best) best = cand;
                }
        },
        [&](double bound) { return best.id != kNoPoint && best.distanceSquared <= bound * bound; });
    return best.id == kNoPoint ? Neighbour{} : best;
}

size_t PointGrid::nearestK(Vec2 p, uint32_t exclude, std::span<Neighbour> out) const {
    const size_t available = m_size - (contains(exclude) ? 1 : 0);
    if (out.empty() || available == 0) return 0;
    BestK best{out.data(), std::min(out.size(), available)};
    if (preferScan()) {
        for (uint32_t id = 0; id < m_next.size(); ++id)
            if (m_next[id] != kAbsent && id != exclude) best.offer(id, distanceSquared(m_position[id], p));
        return best.count;
    }
    const int cols = m_layout.columns();
    visitRings(
        m_layout, p,
        [&](int row, int c0, int c1) {
            for (int col = c0; col <= c1; ++col)
                for (uint32_t id = m_head[row * cols + col]; id != kNoPoint; id = m_next[id])
                    if (id != exclude) best.offer(id, distanceSquared(m_position[id], p));
        },
        [&](double bound) { return best.full() && best.worst() <= bound * bound; });
    return best.count;
}

size_t PointGrid::memoryBytes() const {
    return m_head.capacity() * sizeof(uint32_t) + m_position.capacity() * sizeof(Vec2) +
           m_next.capacity() * sizeof(uint32_t);
}

// ---- PackedPointGrid -----------------------------------------------------------------------

void GridLayout::cellsOf(std::span<const Vec2> points, uint32_t* out) const {
    size_t i = 0;
#if defined(__SSE2__)
    // clampIndex on both coordinates at once: max(t, 0) is 0 for NaN (maxpd returns its second
    // operand then) as for t < 0; min(t, n − 1) then truncation gives n − 1 for t ≥ n − 1 as
    // clampIndex does for t ≥ n, and the integer part below.
    const __m128d origin = _mm_set_pd(m_origin.y, m_origin.x);
    const __m128d inverse = _mm_set1_pd(m_inverseCell);
    const __m128d last = _mm_set_pd(m_rows - 1, m_columns - 1);
    const __m128d zero = _mm_setzero_pd();
    for (; i < points.size(); ++i) {
        const __m128d t = _mm_mul_pd(_mm_sub_pd(_mm_loadu_pd(&points[i].x), origin), inverse);
        const __m128i cr = _mm_cvttpd_epi32(_mm_min_pd(_mm_max_pd(t, zero), last));
        const int column = _mm_cvtsi128_si32(cr), row = _mm_cvtsi128_si32(_mm_shuffle_epi32(cr, 1));
        out[i] = static_cast<uint32_t>(row * m_columns + column);
    }
#endif
    for (; i < points.size(); ++i)
        out[i] = static_cast<uint32_t>(cellOf(points[i]));
}

void PackedPointGrid::build(std::span<const Vec2> points) {
    Rect box;
    for (const Vec2& p : points)
        box.expand(p);
    build(points, GridLayout::forPoints(box, points.size()));
}

void PackedPointGrid::build(std::span<const Vec2> points, const GridLayout& layout) {
    assert(points.size() < kNoPoint && "PackedPointGrid holds at most 2^32 - 1 points");
    m_layout = layout;
    const size_t cells = static_cast<size_t>(layout.cellCount());
    m_cellStart.assign(cells + 1, 0);
    const std::unique_ptr<uint32_t[]> cellOfPoint(new uint32_t[points.size()]); // each written below
    layout.cellsOf(points, cellOfPoint.get());
    for (size_t i = 0; i < points.size(); ++i)
        ++m_cellStart[cellOfPoint[i] + 1];
    for (size_t c = 0; c < cells; ++c)
        m_cellStart[c + 1] += m_cellStart[c];
    m_positions.resize(points.size());
    m_ids.resize(points.size());
    std::vector<uint32_t> fill(m_cellStart.begin(), m_cellStart.end() - 1);
    for (size_t i = 0; i < points.size(); ++i) {
        const uint32_t slot = fill[cellOfPoint[i]]++;
        m_positions[slot] = points[i];
        m_ids[slot] = static_cast<uint32_t>(i);
    }
}

Neighbour PackedPointGrid::nearest(Vec2 p, uint32_t exclude) const {
    Neighbour best;
    best.distanceSquared = kInfinity;
    if (m_ids.empty() || (m_ids.size() == 1 && m_ids[0] == exclude)) return Neighbour{};
    const int cols = m_layout.columns();
    visitRings(
        m_layout, p,
        [&](int row, int c0, int c1) {
            const uint32_t end = m_cellStart[row * cols + c1 + 1];
            for (uint32_t i = m_cellStart[row * cols + c0]; i < end; ++i) {
                if (m_ids[i] == exclude) continue;
                const Neighbour cand{m_ids[i], distanceSquared(m_positions[i], p)};
                if (cand < best) best = cand;
            }
        },
        [&](double bound) { return best.id != kNoPoint && best.distanceSquared <= bound * bound; });
    return best.id == kNoPoint ? Neighbour{} : best;
}

size_t PackedPointGrid::nearestK(Vec2 p, uint32_t exclude, std::span<Neighbour> out) const {
    const size_t available = m_ids.size() - (exclude < m_ids.size() ? 1 : 0);
    if (out.empty() || available == 0) return 0;
    BestK best{out.data(), std::min(out.size(), available)};
    const int cols = m_layout.columns();
    visitRings(
        m_layout, p,
        [&](int row, int c0, int c1) {
            const uint32_t end = m_cellStart[row * cols + c1 + 1];
            for (uint32_t i = m_cellStart[row * cols + c0]; i < end; ++i)
                if (m_ids[i] != exclude) best.offer(m_ids[i], distanceSquared(m_positions[i], p));
        },
        [&](double bound) { return best.full() && best.worst() <= bound * bound; });
    return best.count;
}

size_t PackedPointGrid::memoryBytes() const {
    return m_cellStart.capacity() * sizeof(uint32_t) + m_positions.capacity() * sizeof(Vec2) +
           m_ids.capacity() * sizeof(uint32_t);
}

} // namespace stipple
