// Why at most six candidates near a new point p: take two points j, j' in the same 60° sector
// around p with |j' − p| = b ≤ a = |j − p|. In the triangle p, j, j' the angle at p is at most
// 60°, so |j − j'|² = a² + b² − 2ab·cos θ ≤ a² − b(a − b) ≤ a²: j already has a neighbour (j')
// no farther than p, and p cannot become its strictly nearer neighbour. Only the closest point
// of each sector can. To stay exact under rounding, every point within a relative 2·10⁻⁶ of its
// sector's closest distance is checked too (the lemma holds with a wide margin beyond that), and
// so is every point of a sector whose closest point nearly coincides with p.
#include "spatial/live_neighbours.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stipple {

namespace {

constexpr double kSqrt3 = 1.7320508075688772935;

/// Sector 0..5 of the direction v, each a half-open 60° wedge starting at angle 0.
int sectorOf(Vec2 v) {
    int base = 0;
    if (!(v.y > 0.0 || (v.y == 0.0 && v.x >= 0.0))) {
        v = {-v.x, -v.y};
        base = 3;
    }
    if (v.y < kSqrt3 * v.x) return base;
    if (v.y > -kSqrt3 * v.x) return base + 1;
    return base + 2;
}

} // namespace

LiveNeighbours::LiveNeighbours(const GridLayout& layout) : m_grid(layout), m_reach(2.0 * layout.cellMm()) {}

void LiveNeighbours::reserve(size_t ids) {
    m_grid.reserve(ids);
    m_nearest.reserve(ids);
}

std::optional<double> LiveNeighbours::nearestDistance(uint32_t id) const {
    const uint32_t k = m_nearest[id];
    if (k == kNoPoint) return std::nullopt;
    return std::sqrt(distanceSquared(m_grid.position(id), m_grid.position(k)));
}

bool LiveNeighbours::isLoner(uint32_t id) const {
    const uint32_t k = m_nearest[id];
    return k == kNoPoint || distanceSquared(m_grid.position(id), m_grid.position(k)) > m_reach * m_reach;
}

void LiveNeighbours::updateLonerMembership(uint32_t id, bool wasLoner) {
    const bool now = isLoner(id);
    if (wasLoner == now) return;
    if (now) {
        m_loners.push_back(id);
    } else {
        const auto it = std::find(m_loners.begin(), m_loners.end(), id);
        if (it != m_loners.end()) {
            *it = m_loners.back();
            m_loners.pop_back();
        }
    }
}

void LiveNeighbours::setNearest(uint32_t id, uint32_t nearest, std::vector<NeighbourChange>& changes,
                                std::optional<double> oldDistance) {
    const bool wasLoner = isLoner(id);
    m_nearest[id] = nearest;
    changes.push_back({id, oldDistance, nearestDistance(id)});
    updateLonerMembership(id, wasLoner);
}

void LiveNeighbours::insert(uint32_t id, Vec2 p, std::vector<NeighbourChange>& changes) {
    changes.clear();
    m_grid.insert(id, p);
    if (id >= m_nearest.size()) m_nearest.resize(static_cast<size_t>(id) + 1, kNoPoint);

    // The new point's own neighbour.
    const Neighbour own = m_grid.nearest(p, id);
    m_nearest[id] = own.id;
    changes.push_back({id, std::nullopt, nearestDistance(id)});

    // A point j takes the new point as neighbour when |j − p| < its current distance.
    const auto offer = [&](uint32_t j, double d2p) {
        const uint32_t k = m_nearest[j];
        std::optional<double> old;
        if (k != kNoPoint) {
            const double d2 = distanceSquared(m_grid.position(j), m_grid.position(k));
            if (!(d2p < d2)) return;
            old = std::sqrt(d2);
        }
        setNearest(j, id, changes, old);
    };

    // Points within reach: only the closest of each sector (with a tie margin) can change.
    constexpr double kInf = std::numeric_limits<double>::infinity();
    double best[6] = {kInf, kInf, kInf, kInf, kInf, kInf};
    m_visits.clear();
    m_grid.forEachInRadius(p, m_reach, [&](uint32_t j, Vec2 q, double d2) {
        if (j == id) return;
        const int s = sectorOf(q - p);
        m_visits.push_back({j, s, d2});
        best[s] = std::min(best[s], d2);
    });
    for (const Visit& v : m_visits) {
        const double b = best[v.sector];
        if (v.distanceSquared <= b * (1.0 + 4e-6) || b <= 1e-12 * v.distanceSquared)
            offer(v.id, v.distanceSquared);
    }
    // Loners, whose empty disc may reach p from afar. (offer() may change the list: iterate a copy.)
    m_scratchIds.assign(m_loners.begin(), m_loners.end());
    for (const uint32_t j : m_scratchIds)
        if (j != id) offer(j, distanceSquared(m_grid.position(j), p));

    if (isLoner(id)) m_loners.push_back(id);
}

bool LiveNeighbours::remove(uint32_t id, std::vector<NeighbourChange>& changes) {
    changes.clear();
    if (!m_grid.contains(id)) return false;
    const Vec2 p = m_grid.position(id);
    const bool wasLoner = isLoner(id);
    const std::optional<double> old = nearestDistance(id);
    m_grid.remove(id);
    m_nearest[id] = kNoPoint;
    if (wasLoner) {
        const auto it = std::find(m_loners.begin(), m_loners.end(), id);
        if (it != m_loners.end()) {
            *it = m_loners.back();
            m_loners.pop_back();
        }
    }
    changes.push_back({id, old, std::nullopt});

    // The points that had it as nearest neighbour: within reach, or loners (their distance to
    // it is their nearest-neighbour distance, so the two groups are disjoint).
    m_scratchIds.clear();
    m_grid.forEachInRadius(p, m_reach, [&](uint32_t j, Vec2, double) {
        if (m_nearest[j] == id) m_scratchIds.push_back(j);
    });
    for (const uint32_t j : m_loners)
        if (m_nearest[j] == id) m_scratchIds.push_back(j);
    for (const uint32_t j : m_scratchIds) {
        const Vec2 q = m_grid.position(j);
        const double d2 = distanceSquared(q, p);
        const bool jWasLoner = d2 > m_reach * m_reach;
        m_nearest[j] = m_grid.nearest(q, j).id;
        changes.push_back({j, std::sqrt(d2), nearestDistance(j)});
        updateLonerMembership(j, jWasLoner);
    }
    return true;
}

size_t LiveNeighbours::memoryBytes() const {
    return m_grid.memoryBytes() + m_nearest.capacity() * sizeof(uint32_t) +
           m_loners.capacity() * sizeof(uint32_t) + m_scratchIds.capacity() * sizeof(uint32_t) +
           m_visits.capacity() * sizeof(Visit);
}

} // namespace stipple
