#include "scoring/scorecard.h"

#include "level/vocabulary.h"

#include <algorithm>
#include <cmath>

namespace stipple {

MetricDefaults metricDefaults(const std::string& id, double n) {
    // Random floor of orientational order parameters: ~1/√n for a uniform random set.
    const double orderFloor = n > 0 ? 2.0 / std::sqrt(n) : 1.0;
    // id → {band, falloff, weight, pass}; the numbers are SCORING.md's ranges for natural,
    // even SMP work, chosen so that a grid, a clump or a sparse attempt scores low.
    if (id == "density") return {{0.9, 1.1}, 0.5, 3.0, 50.0};
    if (id == "evenness") return {{0.0, 0.2}, 0.3, 2.0, 50.0};
    if (id == "spacing") return {{0.0, 1e9}, 1.0, 0.0, 0.0}; // informative: the band comes from the zone
    if (id == "nn-cv") return {{0.05, 0.20}, 0.30, 2.0, 50.0};
    if (id == "min-spacing-violations") return {{0.0, 0.05}, 0.25, 2.0, 50.0};
    if (id == "overlaps") return {{0.0, 0.01 * n}, std::max(1.0, 0.1 * n), 2.0, 50.0};
    if (id == "clark-evans") return {{1.40, 1.80}, 0.40, 2.0, 50.0};
    if (id == "psi4" || id == "psi6") return {{0.0, 0.08 + orderFloor}, 0.45, 1.0, 50.0};
    if (id == "a2") return {{0.0, 0.10 + orderFloor}, 0.40, 1.0, 50.0};
    // The highest of ~3n random spectrum values sits near ln(3n)/n, and blue noise has a ring
    // a few times higher: small zones need the allowance (grids stay ≥ 0.5 at any size).
    if (id == "structure-peak") return {{0.0, 0.10 + (n > 1 ? 3.0 * std::log(3.0 * n) / n : 1.0)}, 0.35, 1.0, 50.0};
    if (id == "spill") return {{0.0, 0.01}, 0.10, 2.0, 50.0};
    if (id == "forbidden") return {{0.0, 0.0}, 5.0, 2.0, 50.0};
    if (id == "hairline-profile") return {{0.0, 0.15}, 0.35, 2.0, 50.0};
    if (id == "symmetry") return {{0.0, 2.0}, 4.0, 1.0, 50.0};
    if (id == "target-hits") return {{0.9, 1.0}, 0.3, 3.0, 60.0};
    if (id == "target-error") return {{0.0, 0.15}, 0.30, 2.0, 50.0};
    if (id == "extras") return {{0.0, 0.05 * n}, std::max(2.0, 0.3 * n), 1.0, 50.0};
    if (id == "depth") return {{0.9, 1.0}, 0.5, 2.0, 50.0};
    if (id == "blowouts") return {{0.0, 0.0}, 10.0, 2.0, 50.0};
    if (id == "size-cv") return {{0.0, 0.25}, 0.35, 1.0, 50.0};
    if (id == "macrodots") return {{0.0, 0.01 * n}, std::max(2.0, 0.1 * n), 1.0, 50.0};
    if (id == "pace") return {{20.0, 120.0}, 40.0, 0.5, 0.0};
    // A session adds its share of the final density: fails beyond 30 % off the plan.
    if (id == "layering-share") return {{0.85, 1.15}, 0.3, 2.0, 50.0};
    if (id == "layering-density") return {{0.9, 1.1}, 0.5, 2.0, 50.0};
    // Natural later sessions fill 83–100 % of the gaps the earlier ones left; a session bunched
    // into a few patches fills under half.
    if (id == "layering-gaps") return {{0.7, 1.0}, 0.3, 2.0, 50.0};
    // Natural layering stacks almost nothing (0–3 %); a fifth of a session on earlier dots shows.
    if (id == "layering-stacking") return {{0.0, 0.10}, 0.2, 1.0, 50.0};
    if (id == "layering-shade") return {{0.9, 1.0}, 0.4, 1.0, 50.0};
    return {{0.0, 0.0}, 1.0, 1.0, 50.0};
}

double subScore(double value, Range band, double falloff) {
    if (!std::isfinite(value)) return 0.0;
    if (value >= band.min && value <= band.max) return 100.0;
    const double gap = value < band.min ? band.min - value : value - band.max;
    if (!(falloff > 0.0)) return 0.0;
    return std::clamp(100.0 * (1.0 - gap / falloff), 0.0, 100.0);
}

const MetricResult* Scorecard::find(const std::string& id, const std::string& zone) const {
    for (const auto& m : metrics)
        if (m.id == id && m.zone == zone) return &m;
    return nullptr;
}

ScorecardBuilder::ScorecardBuilder(const Level& level, double dotCount) : m_level(level), m_n(dotCount) {
    m_card.passMark = level.scoring.passMark;
    m_card.dotCount = static_cast<int>(dotCount);
}

void ScorecardBuilder::add(const std::string& id, const std::string& zone, const std::string& label, double value,
                           const std::string& explanation) {
    add(id, zone, label, value, metricDefaults(id, m_n), explanation);
}

void ScorecardBuilder::add(const std::string& id, const std::string& zone, const std::string& label, double value,
                           MetricDefaults d, const std::string& explanation) {
    for (const auto& spec : m_level.scoring.metrics) {
        if (spec.id != id) continue;
        if (!spec.enabled) return;
        d.band = spec.band;
        if (spec.falloff > 0.0) d.falloff = spec.falloff;
        d.weight = spec.weight;
        d.passMark = spec.passMark;
    }
    MetricResult r;
    r.id = id;
    r.zone = zone;
    r.label = label;
    r.value = std::isfinite(value) ? value : 0.0;
    const MetricInfo* info = findMetric(id);
    r.unit = info ? std::string(info->unit) : "";
    r.band = d.band;
    r.falloff = d.falloff;
    r.weight = d.weight;
    r.passMark = d.passMark;
    r.score = subScore(value, d.band, d.falloff);
    r.passed = r.weight <= 0.0 || r.score >= r.passMark;
    r.explanation = explanation;
    m_card.metrics.push_back(std::move(r));
}

Scorecard ScorecardBuilder::finish() {
    double sum = 0.0, weights = 0.0;
    bool allPassed = true;
    for (const auto& m : m_card.metrics) {
        if (m.weight <= 0.0) continue;
        sum += m.weight * m.score;
        weights += m.weight;
        allPassed = allPassed && m.passed;
    }
    m_card.overall = weights > 0.0 ? sum / weights : 0.0;
    for (const auto& veto : m_level.scoring.vetoes) {
        for (const auto& m : m_card.metrics) {
            if (m.id != veto.metric || !(m.value > veto.maxValue)) continue;
            m_card.vetoes.push_back({veto.metric, m.value, veto.maxValue,
                                     veto.reason.empty() ? m.label + " must not exceed the limit" : veto.reason});
            break;
        }
    }
    m_card.passed = m_card.overall >= m_card.passMark && allPassed && m_card.vetoes.empty() && m_card.dotCount > 0;
    return m_card;
}

} // namespace stipple
