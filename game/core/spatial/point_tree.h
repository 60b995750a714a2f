// A k-d tree over a fixed array of points, for the dots a uniform grid (point_grid.h) cannot
// index well: coincident or nearly coincident dots crowd one cell, and every query near it then
// scans the whole cell — 80,000 dots at one place took minutes (issue 16, hole 9). The tree
// splits by position and, between equal positions, by id, so its cost stays logarithmic however
// the dots pile up. Its answers are the grid's, bit for bit: the same squared distances
// (distanceSquared), the same order (nearer first, then the smaller id), the same overlap test.
// Depends on geometry/ and point_grid.h (Neighbour) only.
#pragma once

#include "geometry/vec2.h"
#include "spatial/point_grid.h"

#include <cstdint>
#include <span>
#include <vector>

namespace stipple {

class PointTree {
  public:
    /// Indexes `points` (ids = their indices). `diametersMm`, one per point or empty, are the
    /// disc diameters countOverlapping() tests with. False (and an empty tree) when a position is
    /// not finite: such points have no order to split by; use the grid.
    bool build(std::span<const Vec2> points, std::span<const double> diametersMm = {});
    bool empty() const { return m_ids.empty(); }
    size_t size() const { return m_ids.size(); }

    /// The nearest point other than `exclude` (ties: the smaller id); not found() when none.
    Neighbour nearest(Vec2 p, uint32_t exclude = kNoPoint) const;
    /// Every point's squared distance to its nearest other point (by id; infinity when alone),
    /// queried in the tree's order, which keeps each query's path in cache.
    std::vector<double> nearestDistancesSquared() const;
    /// The min(out.size(), available) nearest other than `exclude`, in Neighbour order (as
    /// PackedPointGrid::nearestK); returns how many were written.
    size_t nearestK(Vec2 p, uint32_t exclude, std::span<Neighbour> out) const;
    /// How many points j other than `exclude` have discs overlapping a disc of `diameterMm` at
    /// p: d² < t², t = (diameterMm + D_j) / 2 with per-point diameters, else t = diameterMm
    /// (the statistics' uniform test). Whole crowded subtrees are counted at once.
    int64_t countOverlapping(Vec2 p, uint32_t exclude, double diameterMm) const;
    /// Calls f(j, d²) for those same points, in no particular order, until f returns false;
    /// false when stopped.
    template <class F> bool forEachOverlapping(Vec2 p, uint32_t exclude, double diameterMm, F&& f) const;

  private:
    struct Node {
        Rect box;
        uint32_t begin = 0, end = 0;  // range in m_ids / m_positions
        uint32_t left = 0, right = 0; // children (0: a leaf)
        uint32_t minId = 0;           // smallest id below
        double minDiameter = 0.0, maxDiameter = 0.0;
    };
    static constexpr uint32_t kLeafSize = 8;

    uint32_t buildNode(uint32_t begin, uint32_t end);
    /// Squared distance from p to the nearest and the farthest point of a box (rounded as
    /// distanceSquared rounds a point inside it: never above / below that point's value).
    static double minDistanceSquared(const Rect& b, Vec2 p);
    static double maxDistanceSquared(const Rect& b, Vec2 p);
    /// The overlap threshold t² between a disc of `d` and one of `other`, computed as the
    /// statistics compute it.
    double threshold(double d, double other) const;
    void searchK(uint32_t node, Vec2 p, uint32_t exclude, Neighbour* best, size_t k, size_t& count) const;
    int64_t count(uint32_t node, Vec2 p, uint32_t exclude, double d) const;
    template <class F> bool visit(uint32_t node, Vec2 p, uint32_t exclude, double d, F& f) const;

    std::vector<Node> m_nodes;
    std::vector<uint32_t> m_ids;     // tree order
    std::vector<Vec2> m_positions;   // tree order
    std::vector<uint32_t> m_rank;    // id → index in tree order
    std::vector<double> m_diameters; // by id; empty: uniform
    std::span<const Vec2> m_source;
};

template <class F>
bool PointTree::forEachOverlapping(Vec2 p, uint32_t exclude, double diameterMm, F&& f) const {
    if (m_nodes.empty()) return true;
    return visit(0, p, exclude, diameterMm, f);
}

template <class F> bool PointTree::visit(uint32_t node, Vec2 p, uint32_t exclude, double d, F& f) const {
    const Node& n = m_nodes[node];
    const double far = m_diameters.empty() ? threshold(d, d) : threshold(d, n.maxDiameter);
    if (!(minDistanceSquared(n.box, p) < far)) return true;
    if (n.left == 0) {
        for (uint32_t i = n.begin; i < n.end; ++i) {
            const uint32_t j = m_ids[i];
            if (j == exclude) continue;
            const double d2 = distanceSquared(m_positions[i], p);
            const double t2 = m_diameters.empty() ? threshold(d, d) : threshold(d, m_diameters[j]);
            if (d2 < t2 && !f(j, d2)) return false;
        }
        return true;
    }
    return visit(n.left, p, exclude, d, f) && visit(n.right, p, exclude, d, f);
}

} // namespace stipple
