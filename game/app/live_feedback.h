// The live numbers of the HUD, kept up to date by listening to the practice session: per zone
// a core LiveStats (density, spacing, overlaps — updated in microseconds per strike and per
// undo) and dot counts in the scorer's evenness cells (LevelContext) for the live heatmap.
// Wiring only: every statistic is computed by core (scoring/point_stats.h); the heatmap uses
// the scorer's own cell grid, expected counts and cell-selection rule, so the live map and the
// results screen's map agree.
#pragma once

#include "app/canvas_renderer.h"
#include "scoring/level_context.h"
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
    /// Live statistics of the dots inside zone `zone`.
    LiveSnapshot zoneSnapshot(int zone) const;
    /// Overlapping pairs and too-close dots summed over the zones.
    int64_t overlaps() const;
    int64_t tooClose() const;
    /// Dots outside every zone (spill) so far.
    int64_t outside() const { return m_outside; }
    /// Target hits so far, for drills with target dots (targets == 0 otherwise).
    LiveTargetSnapshot targets() const { return m_targets.snapshot(); }
    /// The last strike's impression, if any strike was made and not undone.
    const std::optional<Impression>& lastImpression() const { return m_last; }

    /// The heatmap of (observed − expected) / expected per evenness cell, expected scaled by
    /// `fraction` (the current session's cumulative target). Rebuilt only when dots changed.
    const HeatmapImage& heatmap(double fraction);
    /// Increases whenever a dot is added or removed.
    unsigned revision() const { return m_revision; }

private:
    const LevelContext& m_context;
    std::vector<std::unique_ptr<LiveStats>> m_zones;
    std::vector<int> m_zoneOfDot;     ///< per dot index: zone index or -1
    std::vector<int32_t> m_cellCounts;
    int64_t m_outside = 0;
    LiveTargets m_targets;
    std::optional<Impression> m_last;
    std::vector<Impression> m_impressions; ///< each placed dot's, by index: undo shows the one before
    unsigned m_revision = 0;
    unsigned m_heatRevision = ~0u;
    double m_heatFraction = -1;
    HeatmapImage m_heat;
};

} // namespace stipple::app
