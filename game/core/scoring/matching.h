// One-to-one matching of placed dots to target dots within a tolerance τ (target drills,
// SCORING.md §6). Greedy (shortest edges first) for live feedback; optimal for the final score:
// the τ-graph is split into connected components and each gets a small rectangular Hungarian
// assignment, so no dense n×n matrix is ever built.
#pragma once

#include "geometry/polygon.h"

#include <vector>

namespace stipple {

/// A candidate pair: target index, placed index, squared distance (mm²), distance < τ.
struct MatchEdge {
    int target = 0;
    int placed = 0;
    double distance2 = 0.0;
};

struct MatchResult {
    std::vector<int> targetToPlaced; ///< per target: matched placed index or -1
    std::vector<int> placedToTarget; ///< per placed dot: matched target index or -1
    int hits = 0;                    ///< matched pairs
    int misses = 0;                  ///< targets left unmatched
    int extras = 0;                  ///< placed dots left unmatched
    double meanErrorMm = 0.0;        ///< mean distance of matched pairs (0 when none)
    int largestComponent = 0;        ///< nodes in the largest τ-graph component (optimal only)
};

/// Every (target, placed) pair closer than `toleranceMm`, found with a uniform grid of cell τ.
std::vector<MatchEdge> matchCandidates(const std::vector<Vec2>& targets, const std::vector<Vec2>& placed,
                                       double toleranceMm);

/// Greedy matching: edges in order of distance, each taken when both ends are free.
MatchResult matchGreedy(const std::vector<Vec2>& targets, const std::vector<Vec2>& placed,
                        double toleranceMm);

/// Optimal matching: the most matches possible, and among those the smallest total squared
/// error — exactly, per connected component. Components larger than
/// `maxComponentNodes` (pathological inputs) fall back to greedy so time stays bounded.
MatchResult matchOptimal(const std::vector<Vec2>& targets, const std::vector<Vec2>& placed,
                         double toleranceMm, int maxComponentNodes = 4000);

} // namespace stipple
