// Scores an attempt — a level and the dots placed on it — into a Scorecard (SCORING.md
// §Metrics 1–6, 8, 9; layering, §7, joins with the healing model), and keeps the material for
// the pictures that explain it: the density-deviation heatmap, overlapping pairs, spilled dots,
// nearest-neighbour distances, the hairline profile, the target matching.
#pragma once

#include "ink/dots.h"
#include "pattern/example_attempts.h"
#include "scoring/level_context.h"
#include "scoring/matching.h"
#include "scoring/point_stats.h"
#include "scoring/scorecard.h"

#include <span>
#include <utility>
#include <vector>

namespace stipple {

/// Fresh diameter ÷ healed diameter when no healing model is applied (SCORING.md: 1.5–2.5 : 1).
inline constexpr double kFreshToHealedRatio = 2.0;
/// The healed diameter the scorer assumes for a fresh dot (mm).
inline double healedDiameterMm(const Dot& d) {
    return d.diameterMm / kFreshToHealedRatio;
}
/// Dots deeper than the zone's depth band by more than this are blowouts (SCORING.md: band
/// 0.5–1.0 mm, blowout beyond 1.5 mm).
inline constexpr double kBlowoutMarginMm = 0.5;
/// Healed dots wider than this are macrodots (SCORING.md).
inline constexpr double kMacrodotMm = 0.5;
/// The evenness band of a zone: CV ≤ kEvennessBase + √(kEvennessNoise / E), E the dots its
/// 5 mm cells expect on average — counting noise of natural, even work plus a margin.
inline constexpr double kEvennessBase = 0.10;
inline constexpr double kEvennessNoise = 0.35;
/// The evenness defaults of a zone judged on `cells` cells expecting `meanExpected` dots on
/// average (n: the dots scored): the band above, and in a zone of few cells a fail point of at
/// least the 3σ-equivalent upper tail of the CV of that many cells of natural work,
/// √(kEvennessNoise / E) · √(χ²(k−1) / (k−1)) (levels/README.md, the fail-point table).
MetricDefaults evennessDefaults(double meanExpected, int cells, double n);

/// What is known about the attempt besides its dots.
struct AttemptInfo {
    double elapsedSeconds = 0.0; ///< working time; 0 = unknown (no pace metric)
    bool depthKnown = true;      ///< false for dot files without a depth column (no depth metrics)
    bool sizeKnown = true;       ///< false for dot files without a diameter column
    /// Also collect the per-dot material for pictures (overlapping pairs, nearest-neighbour
    /// distances). Off for live scoring, where only the scorecard is needed.
    bool pictureDetails = true;
    /// Healed diameters (mm) from the healing model, one per dot; empty = fresh / kFreshToHealedRatio.
    /// Set by scoring/layering.h, which scores the healed final look.
    std::span<const double> healedDiametersMm;
    /// Threads for each zone's statistics (PointStatsOptions::threads): 2 lets a large zone use
    /// the shared helper thread; 1 keeps all on the caller (e.g. a regrade that runs attempts
    /// side by side). The scorecard is the same bits either way.
    int threads = 2;
};

/// Where each dot landed, relative to the level.
enum class DotPlace : uint8_t { Zone, Spill, Forbidden };

/// Where a dot at p counts: in a forbidden area; spill (outside every zone, or in front of the
/// hairline); or in zone `zone` (the first listed zone containing p). `zone` is the zone under
/// p, or -1, whatever the place. The scorer and the live numbers (scoring/live_attempt.h) share it.
struct Placement {
    DotPlace place = DotPlace::Spill;
    int zone = -1;
};
Placement placeDot(const LevelContext& context, Vec2 p);

/// The material behind the pictures of the results screen and `stipple score --png`.
struct ScoreDetails {
    std::vector<DotPlace> place; ///< per dot
    std::vector<int> zoneOf;     ///< per dot: zone index or -1
    /// Evenness cells (LevelContext grid): (observed − expected) / expected; used[c] = 0 where
    /// the cell is mostly outside the zones or expects too few dots to judge.
    std::vector<double> cellDeviation;
    std::vector<uint8_t> cellUsed;
    /// Pairs of dots whose healed discs touch (pictureDetails only).
    std::vector<std::pair<uint32_t, uint32_t>> overlaps;
    /// Per dot nearest-neighbour distance, empty when n < 2 (pictureDetails only).
    std::vector<double> nearestMm;
    std::vector<double> hairlineObserved; ///< per 1 mm bin behind the line: density ÷ zone target
    std::vector<double> hairlineTarget;   ///< per bin: the ramp
    bool hasMatch = false;
    MatchResult match;                 ///< against the level's explicit target dots
    std::vector<TargetDot> targets;    ///< the explicit targets matched against
    std::vector<PointStats> zoneStats; ///< per zone, on the dots inside it
};

struct ScoreResult {
    Scorecard card;
    ScoreDetails details;
};

/// Scores `dots` on the level of `context`. Deterministic; no I/O.
ScoreResult scoreAttempt(const LevelContext& context, std::span<const Dot> dots,
                         const AttemptInfo& info = {});

/// An example attempt (pattern/example_attempts.h) as the dots a trainee would have placed: each
/// dot's fresh diameter is kFreshToHealedRatio times the healed one the example gives; depth,
/// session and pigment as the example says; tick 0.
std::vector<Dot> dotsOfExample(const std::vector<ExampleDot>& example);

/// The metrics an attempt on `level` is scored on and the weight each counts with: the level's
/// <metric> where it lists one (none when it turns the metric off), else the scorer's default.
/// Metrics that count nothing (weight 0) are left out. In knownMetrics() order.
std::vector<std::pair<std::string, double>> scoredMetricWeights(const Level& level);

} // namespace stipple
