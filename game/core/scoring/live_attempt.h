// The live numbers of an attempt, as the scorer will count them: one source of truth for the
// HUD and the results screen. Each strike is placed by the scorer's own rule (placeDot: zone,
// spill in front of the hairline or outside, forbidden area) and added to its zone's LiveStats
// on the zone's own region (LevelContext::zoneWindow) with the dot's own healed diameter, so that
// at any moment
//   densityRatio(z)        == the scorer's `density` value for zone z (count ÷ expected count)
//   densityPerCm2(z)       == 100 · count ÷ the zone's usable area (the HUD's dots/cm²)
//   overlaps()             == the scorer's `overlaps` value (pairs of healed discs, per zone)
//   tooClose()             == the dots the scorer's `min-spacing-violations` counts
//   spill(), forbidden()   == the scorer's spill count and `forbidden` value
//   zone(z)                == computePointStats on zone z's dots for every LiveSnapshot field
// for the same dots: scoreAttempt's for a level scored on the fresh dots (healed diameter =
// fresh ÷ kFreshToHealedRatio), and, given the level's HealingModel, scoreLayered's healed look
// (each dot at the healed diameter the model gives it; dots the model loses count nowhere but
// in lost()). Updates cost one LiveStats update (microseconds) per strike and per undo.
#pragma once

#include "healing/healing_model.h"
#include "ink/dots.h"
#include "scoring/level_context.h"
#include "scoring/point_stats.h"
#include "scoring/score_attempt.h"

#include <memory>
#include <vector>

namespace stipple {

class LiveAttempt {
  public:
    /// `context` (and `healing`, when given) must outlive this object.
    explicit LiveAttempt(const LevelContext& context, const HealingModel* healing = nullptr);

    /// Adds dot `index` (dense small integers, e.g. its index in the attempt's dot list).
    void add(uint32_t index, const Dot& dot);
    /// Removes dot `index` (undo); false when it is not present.
    bool remove(uint32_t index);

    /// Where dot `index` counts (Spill for an index never added or removed).
    Placement placement(uint32_t index) const;
    /// The healed diameter the scorer gives `dot`.
    double healedDiameter(const Dot& dot) const;

    size_t zoneCount() const { return m_zones.size(); }
    /// Statistics of zone z's dots on the zone's own region.
    LiveSnapshot zone(size_t z) const { return m_zones[z]->snapshot(); }
    const LiveStats& zoneStats(size_t z) const { return *m_zones[z]; }
    /// Zone z's dots ÷ its expected final count; nullopt where the zone expects none.
    std::optional<double> densityRatio(size_t z) const;
    /// Zone z's dots per cm² of its usable area; nullopt for a zone with no usable area.
    std::optional<double> densityPerCm2(size_t z) const;
    int64_t overlaps() const;
    int64_t tooClose() const;
    int64_t spill() const { return m_spill; }
    int64_t forbidden() const { return m_forbidden; }
    /// Dots the healing model loses (0 without a model).
    int64_t lost() const { return m_lost; }
    /// Dots added and not removed.
    int64_t dots() const { return m_count; }

  private:
    enum class Kind : uint8_t { Absent, Zone, Spill, Forbidden, Lost };
    struct Entry {
        Kind kind = Kind::Absent;
        int16_t zone = -1;
    };
    const LevelContext& m_context;
    const HealingModel* m_healing;
    std::vector<std::unique_ptr<LiveStats>> m_zones;
    std::vector<Entry> m_entries;
    int64_t m_spill = 0, m_forbidden = 0, m_lost = 0, m_count = 0;
};

} // namespace stipple
