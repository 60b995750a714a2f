// The live numbers of the HUD, kept up to date by listening to the practice session: core's
// LiveAttempt (scoring/live_attempt.h: density, overlaps, too-close dots, spill — counted by the
// scorer's own rules, each dot at its own healed diameter, so the HUD shows what the results
// screen will) and dot counts in the scorer's evenness cells (LevelContext) for the live heatmap.
// Wiring only: every statistic is computed by core; the heatmap uses the scorer's own cell grid,
// expected counts and cell-selection rule, so the live map and the results screen's map agree.
#pragma once

#include "healing/healing_model.h"
#include "render/canvas_renderer.h"
#include "scoring/level_context.h"
#include "scoring/live_attempt.h"
#include "scoring/live_targets.h"
#include "scoring/point_stats.h"
#include "session/practice_session.h"

#include <memory>
#include <optional>
#include <vector>

namespace stipple::app {

class LiveFeedback : public SessionListener {
  public:
    /// `context` must outlive this object.
    explicit LiveFeedback(const LevelContext& context);

    void onDotPlaced(const Dot& dot, std::size_t index, const Impression& impression) override;
    void onDotRemoved(const Dot& dot, std::size_t index) override;

    /// The zone containing p (first listed wins), or -1.
    int zoneAt(Vec2 p) const;
    /// The scorer's numbers so far (core: scoring/live_attempt.h).
    const LiveAttempt& attempt() const { return m_attempt; }
    /// Overlapping pairs and too-close dots summed over the zones, as the scorer counts them.
    int64_t overlaps() const { return m_attempt.overlaps(); }
    int64_t tooClose() const { return m_attempt.tooClose(); }
    /// Dots outside the design (spill, in front of the hairline included) and in forbidden areas.
    int64_t outside() const { return m_attempt.spill(); }
    int64_t forbidden() const { return m_attempt.forbidden(); }
    /// Target hits so far, for drills with target dots (targets == 0 otherwise).
    LiveTargetSnapshot targets() const { return m_targets.snapshot(); }
    /// The last strike's impression, if any strike was made and not undone.
    const std::optional<Impression>& lastImpression() const { return m_last; }

    /// The heatmap of (observed − expected) / expected per evenness cell, expected scaled by
    /// `fraction` (the current session's cumulative target). Rebuilt only when dots changed.
    const render::HeatmapImage& heatmap(double fraction);
    /// Increases whenever a dot is added or removed.
    unsigned revision() const { return m_revision; }

  private:
    const LevelContext& m_context;
    /// Levels scored on the healed look (several sessions, or a scar) count each dot as it heals.
    std::unique_ptr<HealingModel> m_healing;
    LiveAttempt m_attempt;
    std::vector<int32_t> m_cellCounts;
    LiveTargets m_targets;
    std::optional<Impression> m_last;
    std::vector<Impression> m_impressions; ///< each placed dot's, by index: undo shows the one before
    unsigned m_revision = 0;
    unsigned m_heatRevision = ~0u;
    double m_heatFraction = -1;
    render::HeatmapImage m_heat;
};

} // namespace stipple::app
