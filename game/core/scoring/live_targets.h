// Live target hits for drills that give explicit target dots (SCORING.md §6): while the
// trainee works, each new dot claims the nearest still-free target within τ, in the order the
// dots are placed; an undo gives the target back. That is what a trainee can follow stroke by
// stroke. The final score re-matches every dot optimally (matching.h), which can only find as
// many hits or more, so the live count never promises more than the results screen gives.
#pragma once

#include "level/level.h"
#include "spatial/point_grid.h"

#include <cstdint>
#include <vector>

namespace stipple {

/// What the live matcher knows so far.
struct LiveTargetSnapshot {
    int targets = 0;          ///< target dots in the level
    int hits = 0;             ///< targets claimed by a placed dot within τ
    int extras = 0;           ///< placed dots that claimed no target
    double meanErrorMm = 0.0; ///< mean distance of the hits (0 when none)
};

class LiveTargets {
  public:
    /// Matches against `pattern.dots` with tolerance `pattern.toleranceMm`.
    explicit LiveTargets(const TargetPattern& pattern);

    bool empty() const { return m_targets.empty(); }
    /// Dot `index` was placed at p (indexes are the session's dot indexes, in any order).
    void placed(size_t index, Vec2 p);
    /// Dot `index` was removed (undo): its target, if any, becomes free again.
    void removed(size_t index);
    LiveTargetSnapshot snapshot() const;
    /// The target claimed by dot `index`, or -1.
    int targetOf(size_t index) const;

  private:
    std::vector<Vec2> m_targets;
    double m_toleranceMm = 0.3;
    PointGrid m_free;              ///< targets not yet claimed (id = target index)
    std::vector<int32_t> m_claim;  ///< per placed dot index: target index, -1 none, -2 not placed
    std::vector<double> m_errorMm; ///< per placed dot index: distance to its target
    int m_hits = 0;
    int m_placed = 0;
    double m_errorSumMm = 0.0;
};

} // namespace stipple
