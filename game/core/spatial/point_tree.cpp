// Median splits on the wider side of each box, ordered by (coordinate, id), so equal positions
// are split by id and a pile of coincident points is a balanced tree of id ranges: a k-nearest
// query takes the smallest ids first and prunes every other subtree by its smallest id.
#include "spatial/point_tree.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace stipple {

namespace {} // namespace

bool PointTree::build(std::span<const Vec2> points, std::span<const double> diametersMm) {
    m_nodes.clear();
    m_ids.clear();
    m_positions.clear();
    m_rank.clear();
    m_diameters.clear();
    m_source = {};
    for (const Vec2& p : points)
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
    if (points.empty() || points.size() >= kNoPoint) return points.empty();
    m_source = points;
    if (diametersMm.size() == points.size()) m_diameters.assign(diametersMm.begin(), diametersMm.end());
    m_ids.resize(points.size());
    std::iota(m_ids.begin(), m_ids.end(), 0u);
    m_nodes.reserve(2 * points.size() / kLeafSize + 2);
    buildNode(0, static_cast<uint32_t>(points.size()));
    m_positions.resize(points.size());
    m_rank.resize(points.size());
    for (uint32_t i = 0; i < m_ids.size(); ++i) {
        m_positions[i] = points[m_ids[i]];
        m_rank[m_ids[i]] = i;
    }
    m_source = {};
    return true;
}

uint32_t PointTree::buildNode(uint32_t begin, uint32_t end) {
    const uint32_t index = static_cast<uint32_t>(m_nodes.size());
    m_nodes.emplace_back();
    Node n;
    n.begin = begin;
    n.end = end;
    if (end - begin <= kLeafSize) {
        n.minId = kNoPoint;
        n.minDiameter = kInfinity;
        n.maxDiameter = -kInfinity;
        for (uint32_t i = begin; i < end; ++i) {
            const uint32_t id = m_ids[i];
            const Vec2 p = m_source[id];
            n.box.min = {p.x < n.box.min.x ? p.x : n.box.min.x, p.y < n.box.min.y ? p.y : n.box.min.y};
            n.box.max = {p.x > n.box.max.x ? p.x : n.box.max.x, p.y > n.box.max.y ? p.y : n.box.max.y};
            n.minId = std::min(n.minId, id);
            if (!m_diameters.empty()) {
                n.minDiameter = std::min(n.minDiameter, m_diameters[id]);
                n.maxDiameter = std::max(n.maxDiameter, m_diameters[id]);
            }
        }
        m_nodes[index] = n;
        return index;
    }
    // Split across the wider side of the points' extent (the parent's box is not at hand: the
    // extent is measured, then the children's boxes are merged into this node's).
    double x0 = kInfinity, x1 = -kInfinity, y0 = kInfinity, y1 = -kInfinity;
    for (uint32_t i = begin; i < end; ++i) {
        const Vec2 p = m_source[m_ids[i]];
        x0 = p.x < x0 ? p.x : x0;
        x1 = p.x > x1 ? p.x : x1;
        y0 = p.y < y0 ? p.y : y0;
        y1 = p.y > y1 ? p.y : y1;
    }
    const bool alongX = x1 - x0 >= y1 - y0;
    const uint32_t middle = begin + (end - begin) / 2;
    if (alongX)
        std::nth_element(m_ids.begin() + begin, m_ids.begin() + middle, m_ids.begin() + end,
                         [&](uint32_t a, uint32_t b) {
                             const double ca = m_source[a].x, cb = m_source[b].x;
                             return ca < cb || (ca == cb && a < b);
                         });
    else
        std::nth_element(m_ids.begin() + begin, m_ids.begin() + middle, m_ids.begin() + end,
                         [&](uint32_t a, uint32_t b) {
                             const double ca = m_source[a].y, cb = m_source[b].y;
                             return ca < cb || (ca == cb && a < b);
                         });
    n.left = buildNode(begin, middle);
    n.right = buildNode(middle, end);
    const Node& l = m_nodes[n.left];
    const Node& r = m_nodes[n.right];
    n.box.min = {std::min(l.box.min.x, r.box.min.x), std::min(l.box.min.y, r.box.min.y)};
    n.box.max = {std::max(l.box.max.x, r.box.max.x), std::max(l.box.max.y, r.box.max.y)};
    n.minId = std::min(l.minId, r.minId);
    n.minDiameter = std::min(l.minDiameter, r.minDiameter);
    n.maxDiameter = std::max(l.maxDiameter, r.maxDiameter);
    m_nodes[index] = n;
    return index;
}

double PointTree::minDistanceSquared(const Rect& b, Vec2 p) {
    const double dx = p.x < b.min.x ? b.min.x - p.x : (p.x > b.max.x ? p.x - b.max.x : 0.0);
    const double dy = p.y < b.min.y ? b.min.y - p.y : (p.y > b.max.y ? p.y - b.max.y : 0.0);
    return dx * dx + dy * dy;
}

double PointTree::maxDistanceSquared(const Rect& b, Vec2 p) {
    const double dx = std::max(std::fabs(b.min.x - p.x), std::fabs(b.max.x - p.x));
    const double dy = std::max(std::fabs(b.min.y - p.y), std::fabs(b.max.y - p.y));
    return dx * dx + dy * dy;
}

double PointTree::threshold(double d, double other) const {
    if (m_diameters.empty()) return d * d;
    const double sum = d + other;
    return 0.25 * sum * sum;
}

Neighbour PointTree::nearest(Vec2 p, uint32_t exclude) const {
    Neighbour best[1];
    return nearestK(p, exclude, best) == 1 ? best[0] : Neighbour{};
}

std::vector<double> PointTree::nearestDistancesSquared() const {
    std::vector<double> out(m_ids.size(), kInfinity);
    for (uint32_t i = 0; i < m_ids.size(); ++i) {
        const Neighbour nb = nearest(m_positions[i], m_ids[i]);
        if (nb.found()) out[m_ids[i]] = nb.distanceSquared;
    }
    return out;
}

size_t PointTree::nearestK(Vec2 p, uint32_t exclude, std::span<Neighbour> out) const {
    if (m_nodes.empty() || out.empty()) return 0;
    size_t count = 0;
    searchK(0, p, exclude, out.data(), out.size(), count);
    return count;
}

void PointTree::searchK(uint32_t node, Vec2 p, uint32_t exclude, Neighbour* best, size_t k,
                        size_t& count) const {
    const Node& n = m_nodes[node];
    if (count == k) {
        // Everything below is at least this far; at exactly the k-th distance only a smaller id
        // could still take its place.
        const double bound = minDistanceSquared(n.box, p);
        const Neighbour& worst = best[k - 1];
        if (bound > worst.distanceSquared || (bound == worst.distanceSquared && n.minId > worst.id)) return;
    }
    if (n.left == 0) {
        for (uint32_t i = n.begin; i < n.end; ++i) {
            if (m_ids[i] == exclude) continue;
            const Neighbour cand{m_ids[i], distanceSquared(m_positions[i], p)};
            if (count == k && !(cand < best[k - 1])) continue;
            size_t at = count < k ? count++ : k - 1;
            while (at > 0 && cand < best[at - 1]) {
                best[at] = best[at - 1];
                --at;
            }
            best[at] = cand;
        }
        return;
    }
    const double l = minDistanceSquared(m_nodes[n.left].box, p);
    const double r = minDistanceSquared(m_nodes[n.right].box, p);
    if (r < l) {
        searchK(n.right, p, exclude, best, k, count);
        searchK(n.left, p, exclude, best, k, count);
    } else {
        searchK(n.left, p, exclude, best, k, count);
        searchK(n.right, p, exclude, best, k, count);
    }
}

int64_t PointTree::countOverlapping(Vec2 p, uint32_t exclude, double diameterMm) const {
    if (m_nodes.empty()) return 0;
    return count(0, p, exclude, diameterMm);
}

int64_t PointTree::count(uint32_t node, Vec2 p, uint32_t exclude, double d) const {
    const Node& n = m_nodes[node];
    const bool uniform = m_diameters.empty();
    // Nothing below overlaps: even the largest disc is too far.
    if (!(minDistanceSquared(n.box, p) < (uniform ? threshold(d, d) : threshold(d, n.maxDiameter)))) return 0;
    // Everything below overlaps: even the smallest disc at the farthest corner.
    if (maxDistanceSquared(n.box, p) < (uniform ? threshold(d, d) : threshold(d, n.minDiameter))) {
        const bool self = exclude < m_rank.size() && m_rank[exclude] >= n.begin && m_rank[exclude] < n.end;
        return static_cast<int64_t>(n.end - n.begin) - (self ? 1 : 0);
    }
    if (n.left == 0) {
        int64_t found = 0;
        for (uint32_t i = n.begin; i < n.end; ++i) {
            const uint32_t j = m_ids[i];
            const double t2 = uniform ? threshold(d, d) : threshold(d, m_diameters[j]);
            found += (j != exclude) & (distanceSquared(m_positions[i], p) < t2);
        }
        return found;
    }
    return count(n.left, p, exclude, d) + count(n.right, p, exclude, d);
}

} // namespace stipple
