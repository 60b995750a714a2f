#include "scoring/matching.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace stipple {

std::vector<MatchEdge> matchCandidates(const std::vector<Vec2>& targets, const std::vector<Vec2>& placed,
                                       double toleranceMm) {
    std::vector<MatchEdge> edges;
    if (targets.empty() || placed.empty() || !(toleranceMm > 0.0)) return edges;
    // Bucket the placed dots into cells of size τ (counting sort into CSR arrays); a target
    // then only looks at its own and the eight surrounding cells.
    // Cells of side τ over the dots' bounding box — but never more cells than the dots need (a
    // 500 mm canvas at τ = 0.01 mm asked for 2.5 billion cells, 10 GB, for three dots): the side
    // grows until there are at most 4 cells per dot (and at least 4,096 may always be used). A
    // side larger than τ keeps the search exact, only with more dots per cell.
    Rect box = bounds(placed);
    const double maxCells = std::max(4096.0, 4.0 * static_cast<double>(placed.size()));
    double cell = toleranceMm;
    const auto cellsAt = [&](double side) {
        return (box.width() / side + 1.0) * (box.height() / side + 1.0);
    };
    while (!(cellsAt(cell) <= maxCells)) {
        if (!std::isfinite(cell) || cell > 1e12)
            return edges; // non-finite coordinates: no dot is within reach
        cell *= 2.0;
    }
    const int cols = std::max(1, static_cast<int>(box.width() / cell) + 1);
    const int rows = std::max(1, static_cast<int>(box.height() / cell) + 1);
    const auto cellOf = [&](Vec2 p, int& cx, int& cy) {
        cx = static_cast<int>(std::floor((p.x - box.min.x) / cell));
        cy = static_cast<int>(std::floor((p.y - box.min.y) / cell));
    };
    std::vector<int> start(static_cast<size_t>(cols) * rows + 1, 0);
    for (Vec2 p : placed) {
        int cx, cy;
        cellOf(p, cx, cy);
        ++start[static_cast<size_t>(cy) * cols + cx + 1];
    }
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<int> order(placed.size());
    std::vector<int> fill(start.begin(), start.end() - 1);
    for (size_t i = 0; i < placed.size(); ++i) {
        int cx, cy;
        cellOf(placed[i], cx, cy);
        order[static_cast<size_t>(fill[static_cast<size_t>(cy) * cols + cx]++)] = static_cast<int>(i);
    }
    const double tau2 = toleranceMm * toleranceMm;
    for (size_t t = 0; t < targets.size(); ++t) {
        int cx, cy;
        cellOf(targets[t], cx, cy);
        for (int y = std::max(0, cy - 1); y <= std::min(rows - 1, cy + 1); ++y)
            for (int x = std::max(0, cx - 1); x <= std::min(cols - 1, cx + 1); ++x) {
                const size_t c = static_cast<size_t>(y) * cols + x;
                for (int k = start[c]; k < start[c + 1]; ++k) {
                    const int p = order[static_cast<size_t>(k)];
                    const double d2 = distanceSquared(targets[t], placed[static_cast<size_t>(p)]);
                    if (d2 < tau2) edges.push_back({static_cast<int>(t), p, d2});
                }
            }
    }
    return edges;
}

namespace {

MatchResult emptyResult(size_t targets, size_t placed) {
    MatchResult r;
    r.targetToPlaced.assign(targets, -1);
    r.placedToTarget.assign(placed, -1);
    return r;
}

void greedyOver(std::vector<MatchEdge> edges, MatchResult& r) {
    std::sort(edges.begin(), edges.end(), [](const MatchEdge& a, const MatchEdge& b) {
        if (a.distance2 != b.distance2) return a.distance2 < b.distance2;
        if (a.target != b.target) return a.target < b.target; // deterministic ties
        return a.placed < b.placed;
    });
    for (const auto& e : edges) {
        if (r.targetToPlaced[static_cast<size_t>(e.target)] >= 0) continue;
        if (r.placedToTarget[static_cast<size_t>(e.placed)] >= 0) continue;
        r.targetToPlaced[static_cast<size_t>(e.target)] = e.placed;
        r.placedToTarget[static_cast<size_t>(e.placed)] = e.target;
    }
}

void summarise(const std::vector<Vec2>& targets, const std::vector<Vec2>& placed, MatchResult& r) {
    double sum = 0.0;
    r.hits = 0;
    for (size_t t = 0; t < targets.size(); ++t) {
        const int p = r.targetToPlaced[t];
        if (p < 0) continue;
        ++r.hits;
        sum += distance(targets[t], placed[static_cast<size_t>(p)]);
    }
    r.misses = static_cast<int>(targets.size()) - r.hits;
    r.extras = static_cast<int>(placed.size()) - r.hits;
    r.meanErrorMm = r.hits > 0 ? sum / r.hits : 0.0;
}

struct UnionFind {
    std::vector<int> parent;
    explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    int find(int x) {
        while (parent[static_cast<size_t>(x)] != x) {
            parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
            x = parent[static_cast<size_t>(x)];
        }
        return x;
    }
    void unite(int a, int b) {
        a = find(a);
        b = find(b);
        if (a != b) parent[static_cast<size_t>(std::max(a, b))] = std::min(a, b);
    }
};

/// Minimum-cost assignment of an n×n cost matrix (row-major) by the Hungarian method with
/// potentials (shortest augmenting paths), O(n³). Returns the column assigned to each row.
std::vector<int> hungarian(const std::vector<double>& cost, int n) {
    const double inf = std::numeric_limits<double>::infinity();
    // 1-based arrays; column 0 is the virtual start of each augmenting path.
    std::vector<double> rowPot(static_cast<size_t>(n) + 1, 0.0), colPot(static_cast<size_t>(n) + 1, 0.0);
    std::vector<int> rowOfCol(static_cast<size_t>(n) + 1, 0), prevCol(static_cast<size_t>(n) + 1, 0);
    for (int row = 1; row <= n; ++row) {
        rowOfCol[0] = row;
        int col0 = 0;
        std::vector<double> minSlack(static_cast<size_t>(n) + 1, inf);
        std::vector<char> used(static_cast<size_t>(n) + 1, 0);
        do {
            used[static_cast<size_t>(col0)] = 1;
            const int r0 = rowOfCol[static_cast<size_t>(col0)];
            double delta = inf;
            int col1 = 0;
            for (int c = 1; c <= n; ++c) {
                if (used[static_cast<size_t>(c)]) continue;
                const double slack = cost[static_cast<size_t>(r0 - 1) * n + (c - 1)] -
                                     rowPot[static_cast<size_t>(r0)] - colPot[static_cast<size_t>(c)];
                if (slack < minSlack[static_cast<size_t>(c)]) {
                    minSlack[static_cast<size_t>(c)] = slack;
                    prevCol[static_cast<size_t>(c)] = col0;
                }
                if (minSlack[static_cast<size_t>(c)] < delta) {
                    delta = minSlack[static_cast<size_t>(c)];
                    col1 = c;
                }
            }
            for (int c = 0; c <= n; ++c) {
                if (used[static_cast<size_t>(c)]) {
                    rowPot[static_cast<size_t>(rowOfCol[static_cast<size_t>(c)])] += delta;
                    colPot[static_cast<size_t>(c)] -= delta;
                } else {
                    minSlack[static_cast<size_t>(c)] -= delta;
                }
            }
            col0 = col1;
        } while (rowOfCol[static_cast<size_t>(col0)] != 0);
        do { // flip the augmenting path
            const int col1 = prevCol[static_cast<size_t>(col0)];
            rowOfCol[static_cast<size_t>(col0)] = rowOfCol[static_cast<size_t>(col1)];
            col0 = col1;
        } while (col0 != 0);
    }
    std::vector<int> colOfRow(static_cast<size_t>(n), -1);
    for (int c = 1; c <= n; ++c)
        if (rowOfCol[static_cast<size_t>(c)] > 0)
            colOfRow[static_cast<size_t>(rowOfCol[static_cast<size_t>(c)] - 1)] = c - 1;
    return colOfRow;
}

} // namespace

MatchResult matchGreedy(const std::vector<Vec2>& targets, const std::vector<Vec2>& placed,
                        double toleranceMm) {
    MatchResult r = emptyResult(targets.size(), placed.size());
    greedyOver(matchCandidates(targets, placed, toleranceMm), r);
    summarise(targets, placed, r);
    return r;
}

MatchResult matchOptimal(const std::vector<Vec2>& targets, const std::vector<Vec2>& placed,
                         double toleranceMm, int maxComponentNodes) {
    MatchResult r = emptyResult(targets.size(), placed.size());
    const std::vector<MatchEdge> edges = matchCandidates(targets, placed, toleranceMm);
    const int nt = static_cast<int>(targets.size());
    UnionFind uf(targets.size() + placed.size());
    for (const auto& e : edges)
        uf.unite(e.target, nt + e.placed);

    // Group edges by component (keyed by the component's root node).
    std::vector<int> compOfEdge(edges.size());
    std::vector<int> order(edges.size());
    for (size_t i = 0; i < edges.size(); ++i)
        compOfEdge[i] = uf.find(edges[i].target);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return compOfEdge[static_cast<size_t>(a)] < compOfEdge[static_cast<size_t>(b)];
    });

    const double tau2 = toleranceMm * toleranceMm;
    std::vector<int> localTarget(targets.size(), -1), localPlaced(placed.size(), -1);
    for (size_t begin = 0; begin < order.size();) {
        size_t end = begin;
        const int comp = compOfEdge[static_cast<size_t>(order[begin])];
        while (end < order.size() && compOfEdge[static_cast<size_t>(order[end])] == comp)
            ++end;
        std::vector<int> ts, ps;
        std::vector<MatchEdge> compEdges;
        for (size_t k = begin; k < end; ++k) {
            const MatchEdge& e = edges[static_cast<size_t>(order[k])];
            compEdges.push_back(e);
            if (localTarget[static_cast<size_t>(e.target)] < 0) {
                localTarget[static_cast<size_t>(e.target)] = static_cast<int>(ts.size());
                ts.push_back(e.target);
            }
            if (localPlaced[static_cast<size_t>(e.placed)] < 0) {
                localPlaced[static_cast<size_t>(e.placed)] = static_cast<int>(ps.size());
                ps.push_back(e.placed);
            }
        }
        const int nodes = static_cast<int>(ts.size() + ps.size());
        r.largestComponent = std::max(r.largestComponent, nodes);
        if (compEdges.size() == 1) {
            const MatchEdge& e = compEdges[0];
            r.targetToPlaced[static_cast<size_t>(e.target)] = e.placed;
            r.placedToTarget[static_cast<size_t>(e.placed)] = e.target;
        } else if (nodes > maxComponentNodes) {
            greedyOver(compEdges, r);
        } else {
            // Square matrix over the component; a pair without an edge costs 0 = "not matched".
            // An edge costs d²/τ² − (n + 1): each term d²/τ² is below 1, so one more match always
            // outweighs any change in error (most hits first), then the error is minimised.
            const int n = static_cast<int>(std::max(ts.size(), ps.size()));
            const double bonus = n + 1.0;
            std::vector<double> cost(static_cast<size_t>(n) * n, 0.0);
            for (const auto& e : compEdges)
                cost[static_cast<size_t>(localTarget[static_cast<size_t>(e.target)]) * n +
                     localPlaced[static_cast<size_t>(e.placed)]] = e.distance2 / tau2 - bonus;
            const std::vector<int> assignment = hungarian(cost, n);
            for (size_t i = 0; i < ts.size(); ++i) {
                const int c = assignment[i];
                if (c < 0 || c >= static_cast<int>(ps.size())) continue;
                if (cost[i * static_cast<size_t>(n) + static_cast<size_t>(c)] >= 0.0) continue; // no edge
                r.targetToPlaced[static_cast<size_t>(ts[i])] = ps[static_cast<size_t>(c)];
                r.placedToTarget[static_cast<size_t>(ps[static_cast<size_t>(c)])] = ts[i];
            }
        }
        for (int t : ts)
            localTarget[static_cast<size_t>(t)] = -1;
        for (int p : ps)
            localPlaced[static_cast<size_t>(p)] = -1;
        begin = end;
    }
    summarise(targets, placed, r);
    return r;
}

} // namespace stipple
