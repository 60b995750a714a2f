// The scorecard: per metric its value, target band, 0–100 sub-score, weight, pass/fail and a
// one-line explanation a trainee understands; the overall number, the verdict and the rule that
// decided it (SCORING.md, levels/README.md "How the verdict is reached").
//
// The verdict model ("one story": the number and the verdict agree), as the skill simulators
// set pass rules (FLS, PeriopSim: every required task metric meets its threshold, a composite
// passes, never-events fail outright):
//   - every counted metric is a gate unless the level says gate="false": it fails when its
//     sub-score is below its pass mark;
//   - vetoes ("never events") fail the attempt whatever the numbers;
//   - the composite is the weighted mean of the counted sub-scores; it must reach the pass mark;
//   - the attempt passes when no gate failed, no veto fired and the composite passes;
//   - a failed attempt's number is capped at (pass mark − fail margin) · (½ + ½ · q), q how
//     close the deciding fault is to passing (failureQuality: 1 at the gate's fail point,
//     falling without end as the value moves further past its band; 0.5 / (1 + excess) for a
//     veto; composite ÷ pass mark for a composite below the mark): just failing reads just
//     under the mark, and worse work reads lower, towards half of it;
//   - the deciding rule is the vetoed never-event, else the worst failed gate (lowest q, then
//     highest weight), else the composite; Scorecard::decidingRule says it in one sentence.
// This file knows how to turn values into scores; scoring/score_attempt computes the values.
#pragma once

#include "level/level.h"

#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// The scorer's default treatment of a metric; a level's <metric> overrides any part of it.
struct MetricDefaults {
    Range band;
    double falloff = 1.0; ///< distance beyond the band where the sub-score reaches 0 (metric units)
    double weight = 1.0;
    double passMark = 50.0;
    bool gate = true; ///< failing it fails the attempt (when counted, weight > 0)
};

/// How fast the bald-spot fail point grows with the zone's dots above 100: spacings per ln n
/// (the steepest growth of natural work's 0.135 % tail, measured on open fields; scorecard.cpp).
inline constexpr double kBaldSpotTailGrowth = 0.11;

/// Defaults for a metric id of level/vocabulary.h (SCORING.md's bands). `n` is the number of
/// dots scored: order statistics (Ψ4, Ψ6, A2) have a random floor of about 1/√n.
MetricDefaults metricDefaults(const std::string& id, double n);

/// 100 inside [band.min, band.max]; outside, falls linearly to 0 at `falloff` beyond the nearer edge.
double subScore(double value, Range band, double falloff);

struct MetricResult {
    std::string id;     ///< vocabulary id, e.g. "density"
    std::string label;  ///< what the trainee reads, e.g. "Density — crown"
    std::string zone;   ///< zone id for per-zone metrics, else ""
    double value = 0.0; ///< raw value in the metric's unit
    std::string unit{};
    Range band{};
    double falloff = 1.0;
    double score = 0.0;  ///< 0..100
    double weight = 1.0; ///< 0 = shown but not counted
    double passMark = 50.0;
    bool gate = true;          ///< failing it fails the attempt
    bool passed = true;        ///< not counted, or score ≥ passMark
    bool failed = false;       ///< counted and score < passMark (shown with ✗ / "FAILED")
    std::string explanation{}; ///< one line: what the number means and what to do
    /// When failed: the fault in a few words a trainee acts on, e.g. "density 0.26× the target
    /// in the crown — add about 330 dots" (the deciding rule reads "Failed: " + fault).
    std::string fault{};
};

struct VetoResult {
    std::string metric;
    double value = 0.0;
    double maxValue = 0.0;
    std::string reason;
};

/// A metric the attempt's record cannot show (e.g. depth in a photo of paper practice): listed on
/// the scorecard as "not measured", with why, never given a value or a score.
struct NotMeasured {
    std::string id;     ///< vocabulary id, e.g. "depth"
    std::string label;  ///< what the trainee reads, e.g. "Depth"
    std::string reason; ///< e.g. "a photo cannot see how deep a dot went"
};

struct Scorecard {
    std::vector<MetricResult> metrics;
    std::vector<NotMeasured> notMeasured; ///< shown, never scored
    std::vector<VetoResult> vetoes;       ///< only those that fired
    double overall = 0.0;                 ///< the number shown: the composite, capped when failed, 0..100
    double composite = 0.0;               ///< weighted mean of counted sub-scores, before any cap
    double passMark = 70.0;
    double failMargin = 5.0;
    bool passed = false;
    bool capped = false; ///< overall was lowered to the failure cap
    int dotCount = 0;
    /// The first line a trainee reads: "Failed: density 0.26× the target in the crown — add
    /// about 330 dots" or "Passed: every rule met (…)".
    std::string decidingRule;
    /// Index into metrics of the deciding gate; -1 when a veto, the composite or nothing decided.
    int decidingMetric = -1;

    const MetricResult* find(const std::string& id, const std::string& zone = "") const;
    /// Failed metrics, counted ones only.
    int failedCount() const;
};

/// The failure cap of the verdict model (see the file comment): the most a failed attempt reads.
double failureCap(double passMark, double failMargin, double q);
/// How close a failed metric is to passing, 0..1: (s_pass + 0.1) / (s + 0.1), s the distance of
/// its value past the band in falloffs and s_pass = 1 − pass mark / 100 (where it fails).
double failureQuality(const MetricResult& m);

/// Builder used by the scorer: applies the level's overrides to the defaults, scores, explains.
class ScorecardBuilder {
  public:
    explicit ScorecardBuilder(const Level& level, double dotCount);

    /// Adds a metric value; `explain` is the trainee-facing line. Disabled metrics are skipped.
    void add(const std::string& id, const std::string& zone, const std::string& label, double value,
             const std::string& explanation);
    /// Adds a metric whose band is given by the scorer (e.g. from the zone's own numbers);
    /// a level <metric> still overrides it.
    void add(const std::string& id, const std::string& zone, const std::string& label, double value,
             MetricDefaults defaults, const std::string& explanation);
    /// Sets the fault phrase of the metric just added (the deciding rule if it fails); nothing
    /// when that metric was disabled by the level.
    void fault(std::string phrase);
    /// Applies weights, pass marks and the level's vetoes; returns the finished scorecard.
    Scorecard finish();

  private:
    const Level& m_level;
    double m_n;
    Scorecard m_card;
    bool m_lastAdded = false;
};

} // namespace stipple
