// Every point's nearest neighbour, kept up to date while points are added (a strike) and
// removed (undo) — the basis of the live spacing statistics. A new point changes only the
// nearest neighbour of the points whose empty disc it lands in, and a removed point only that
// of the points it was nearest to, so each update is a few grid queries, not a recomputation.
//
// How the affected points are found without scanning far (see live_neighbours.cpp):
//   - points whose nearest-neighbour distance is at most the reach T = 2 grid cells are found
//     by one radius-T query; of those, only the closest point in each 60° sector around the new
//     point can have it as its new nearest neighbour (at most 6 candidates);
//   - "loners", points with a larger (or no) nearest-neighbour distance, are kept in a list and
//     checked one by one. With the grid cell near the dot spacing there are almost none; early
//     in a session, when every dot is a loner, there are few dots.
// Per point: the grid's 20 bytes plus 4 for the neighbour id. Depends on spatial/point_grid.h.
#pragma once

#include "spatial/point_grid.h"

#include <optional>
#include <vector>

namespace stipple {

/// One point's nearest-neighbour distance changed. nullopt = no neighbour (the point is alone,
/// is new, or was removed).
struct NeighbourChange {
    uint32_t id = kNoPoint;
    std::optional<double> oldDistanceMm;
    std::optional<double> newDistanceMm;
};

class LiveNeighbours {
  public:
    /// An empty set indexed on `layout` (cell size ≈ the expected dot spacing works best).
    explicit LiveNeighbours(const GridLayout& layout);

    /// Adds point `id` (not present, < 2^31) at p. `changes` is cleared, then receives the new
    /// point's own entry (old = nullopt) and one entry per point whose nearest neighbour it became.
    void insert(uint32_t id, Vec2 p, std::vector<NeighbourChange>& changes);
    /// Removes point `id`; `changes` receives its own entry (new = nullopt) and one per point that
    /// lost it as nearest neighbour. False (and no changes) when `id` is not present.
    bool remove(uint32_t id, std::vector<NeighbourChange>& changes);

    /// Reserves id slots [0, ids): avoids the growth slack of vectors (ids may arrive in any order).
    void reserve(size_t ids);
    size_t size() const { return m_grid.size(); }
    bool contains(uint32_t id) const { return m_grid.contains(id); }
    const PointGrid& grid() const { return m_grid; }
    /// Nearest-neighbour distance of a present point, nullopt when it is alone.
    std::optional<double> nearestDistance(uint32_t id) const;
    /// Number of points currently checked one by one (diagnostics and benchmarks).
    size_t lonerCount() const { return m_loners.size(); }
    size_t memoryBytes() const;

  private:
    void setNearest(uint32_t id, uint32_t nearest, std::vector<NeighbourChange>& changes,
                    std::optional<double> oldDistance);
    bool isLoner(uint32_t id) const;
    void updateLonerMembership(uint32_t id, bool wasLoner);

    PointGrid m_grid;
    double m_reach = 0.0;
    std::vector<uint32_t> m_nearest; // per id slot
    std::vector<uint32_t> m_loners;  // ids with no neighbour or one farther than m_reach
    std::vector<uint32_t> m_scratchIds;
    struct Visit {
        uint32_t id;
        int sector;
        double distanceSquared;
    };
    std::vector<Visit> m_visits;
};

} // namespace stipple
