// The scorecard: per metric its value, target band, 0–100 sub-score, weight, pass/fail and a
// one-line explanation a trainee understands; the weighted overall score, pass/fail and the
// vetoes ("never events") that fail an attempt whatever the total (SCORING.md).
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
};

/// Defaults for a metric id of level/vocabulary.h (SCORING.md's bands). `n` is the number of
/// dots scored: order statistics (Ψ4, Ψ6, A2) have a random floor of about 1/√n.
MetricDefaults metricDefaults(const std::string& id, double n);

/// 100 inside [band.min, band.max]; outside, falls linearly to 0 at `falloff` beyond the nearer edge.
double subScore(double value, Range band, double falloff);

struct MetricResult {
    std::string id;          ///< vocabulary id, e.g. "density"
    std::string label;       ///< what the trainee reads, e.g. "Density — crown"
    std::string zone;        ///< zone id for per-zone metrics, else ""
    double value = 0.0;      ///< raw value in the metric's unit
    std::string unit;
    Range band;
    double falloff = 1.0;
    double score = 0.0;      ///< 0..100
    double weight = 1.0;     ///< 0 = shown but not counted
    double passMark = 50.0;
    bool passed = true;
    std::string explanation; ///< one line: what the number means and what to do
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
    std::vector<VetoResult> vetoes; ///< only those that fired
    double overall = 0.0;           ///< weighted mean of counted sub-scores, 0..100
    double passMark = 70.0;
    bool passed = false;
    int dotCount = 0;

    const MetricResult* find(const std::string& id, const std::string& zone = "") const;
};

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
    /// Applies weights, pass marks and the level's vetoes; returns the finished scorecard.
    Scorecard finish();

private:
    const Level& m_level;
    double m_n;
    Scorecard m_card;
};

} // namespace stipple
