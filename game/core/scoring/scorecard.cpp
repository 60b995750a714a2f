#include "scoring/scorecard.h"

#include "level/vocabulary.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace stipple {

MetricDefaults metricDefaults(const std::string& id, double n) {
    // Random floor of orientational order parameters: ~1/√n for a uniform random set.
    const double orderFloor = n > 0 ? 2.0 / std::sqrt(n) : 1.0;
    // id → {band, falloff, weight, pass}; the numbers are SCORING.md's ranges for natural,
    // even SMP work, chosen so that a grid, a clump or a sparse attempt scores low.
    // Each band holds natural work at the target with room for its sampling noise; the pass
    // mark (50) sits half a falloff beyond it, where an instructor starts to fail the work
    // (levels/README.md, "How the verdict is reached", gives each boundary).
    if (id == "density") return {{0.92, 1.08}, 0.14, 3.0, 50.0}; // fails outside 0.85–1.15
    if (id == "evenness") return {{0.0, 0.2}, 0.2, 2.0, 50.0};   // band widened for sparse cells
    // The largest of a zone's gaps grows with its size: more gaps, a larger maximum. Measured on
    // open discs and squares of 50–1,000 dots (eleven generators of natural work, independent of
    // the scorer), its mean grows by 0.05–0.14 spacings per ln n, but its spread shrinks, so the
    // far tail (3σ-equivalent, one-sided 0.135 %) grows by at most 0.11 per ln n (soft sequential
    // inhibition on discs; on squares the corners dominate and it grows by 0.04 at most). The
    // fail point grows that fast from 4.3 spacings at 100 dots: 4.42 at 300, 4.55 at 1,000 — a
    // bald patch of 15 % of a zone, 0.437 √n spacings across, is 7.6 and 13.8 there. Zones of up
    // to 100 dots keep 4.3.
    if (id == "bald-spot")
        return {{0.0, 3.5 + kBaldSpotTailGrowth * std::log(std::max(n, 100.0) / 100.0)}, 1.6, 2.0, 50.0};
    // Natural work leaves 0–2.2 % of its skin beyond one spacing from a dot (random scatter 4.3 %,
    // clumps at the minimum spacing 4–20 %).
    if (id == "clumping") return {{0.0, 0.02}, 0.02, 2.0, 50.0}; // fails above 3 %
    if (id == "spacing") return {{0.0, 1e9}, 1.0, 0.0, 0.0};     // informative: the band comes from the zone
    // The CV of n nearest-neighbour distances scatters by about 1.1 × its value / √n around the
    // work's own CV (simulated: jittered lattices and dart throwing, 34–600 dots). The most
    // irregular natural work (a hand lattice with jitter 0.26 of the pitch) has a CV of 0.31, so
    // its 3 σ reach 0.31 + 1/√n: the fail point is that or 0.43, whichever is higher — zones of
    // over ~70 dots keep 0.43, level 11's 34-dot whorl fails above 0.48 (random scatter: 0.52).
    if (id == "nn-cv")
        return {{0.05, std::max(0.28, 0.16 + (n > 1 ? 1.0 / std::sqrt(n) : 1.0))}, 0.30, 2.0, 50.0};
    // Natural hand work puts a third to a half of its dots a little inside the minimum spacing
    // (measured on the panel of tests/support/attempt_panel.h); only random scatter (~75 %) fails.
    if (id == "min-spacing-violations") return {{0.0, 0.6}, 0.3, 1.0, 50.0}; // fails above 75 %
    if (id == "overlaps")
        return {{0.0, 0.005 * n}, std::max(1.0, 0.03 * n), 2.0, 50.0}; // fails above 2 % of n
    // R of n dots scatters by about 0.70 / √n around the work's own R (simulated: jittered lattices,
    // dart throwing and inhibition in discs of 34–600 dots, R corrected for the border as the
    // scorer does). The most irregular natural work (a hand lattice with jitter 0.26 of the
    // pitch) has R = 1.35, so its 3σ reach down to 1.35 − 2.1/√n: the low fail point is that or
    // 1.1, whichever is lower — zones of over ~70 dots keep 1.1 — but never below 1.0, random
    // scatter. Upward nothing changes: natural work stays ≤ 1.84 at 3σ in any zone, grids ≥ 2.
    if (id == "clark-evans") {
        const double low = n > 1 ? std::clamp(1.35 - 2.1 / std::sqrt(n), 1.0, 1.1) : 1.0;
        return {{low + 0.15, 1.85}, 0.30, 2.0, 50.0}; // fails below `low` (1.1 in large zones), above 2.0
    }
    // Ψ4/Ψ6 average each dot's bond order (|ψ|² ≈ 1/6 for random bonds), so for irregular work
    // |Ψ|² ≈ b² + 1/(6n): one 1/√n above the base is already about 2.5 σ of that noise, and the
    // fail point a further half falloff. Natural hand work (jittered lattices included) stays
    // ≤ 0.26 at any size, a grid with small jitter ≥ 0.43 even in a 100-dot field, where the
    // 2/√n of orderFloor would have let it pass.
    if (id == "psi4" || id == "psi6") return {{0.0, 0.08 + 0.5 * orderFloor}, 0.45, 1.0, 50.0};
    if (id == "a2") return {{0.0, 0.10 + orderFloor}, 0.40, 1.0, 50.0};
    // The highest of ~3n random spectrum values sits near ln(3n)/n, and blue noise has a ring
    // a few times higher: small zones need the allowance. Read between the harmonics too (the
    // peak's true height), the most ordered natural work of the panels — a hand-placed lattice
    // with jitter 0.18 of the pitch — reads ≤ 0.27 in large zones and 0.33 in 100-dot ones; a
    // grid with small jitter ≥ 0.48 and straight rows ≥ 0.69: the fail point (0.325 + 3 ln(3n)/n)
    // sits between them.
    if (id == "structure-peak")
        return {{0.0, 0.15 + (n > 1 ? 3.0 * std::log(3.0 * n) / n : 1.0)}, 0.35, 1.0, 50.0};
    if (id == "spill") return {{0.0, 0.01}, 0.08, 2.0, 50.0}; // fails above 5 %
    if (id == "forbidden") return {{0.0, 0.0}, 5.0, 2.0, 50.0};
    if (id == "hairline-profile") return {{0.0, 0.15}, 0.35, 2.0, 50.0};
    if (id == "symmetry") return {{0.0, 2.0}, 4.0, 1.0, 50.0};
    if (id == "target-hits") return {{0.9, 1.0}, 0.3, 3.0, 60.0};
    if (id == "target-error") return {{0.0, 0.15}, 0.30, 2.0, 50.0};
    if (id == "extras") return {{0.0, 0.05 * n}, std::max(2.0, 0.3 * n), 1.0, 50.0};
    if (id == "depth") return {{0.95, 1.0}, 0.2, 2.0, 50.0};   // fails below 85 % in the band
    if (id == "blowouts") return {{0.0, 0.0}, 4.0, 2.0, 50.0}; // fails at 3
    if (id == "size-cv") return {{0.0, 0.25}, 0.35, 1.0, 50.0};
    if (id == "macrodots") return {{0.0, 0.005 * n}, std::max(2.0, 0.03 * n), 1.0, 50.0};
    if (id == "pace") return {{20.0, 120.0}, 40.0, 0.5, 0.0};
    // A session adds its share of the final density: fails beyond 30 % off the plan.
    if (id == "layering-share") return {{0.85, 1.15}, 0.3, 2.0, 50.0};
    if (id == "layering-density") return {{0.9, 1.1}, 0.5, 2.0, 50.0};
    // Natural later sessions fill 83–100 % of the gaps the earlier ones left; a session bunched
    // into a few patches fills under half.
    if (id == "layering-gaps") return {{0.7, 1.0}, 0.3, 2.0, 50.0};
    // The design a later session left without its own dots nearby: natural sessions 0–5 %, a
    // session bunched into patches over a third of the design 22–60 %.
    if (id == "layering-spread") return {{0.0, 0.05}, 0.2, 2.0, 50.0}; // fails above 15 %
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

void ScorecardBuilder::add(const std::string& id, const std::string& zone, const std::string& label,
                           double value, const std::string& explanation) {
    add(id, zone, label, value, metricDefaults(id, m_n), explanation);
}

void ScorecardBuilder::add(const std::string& id, const std::string& zone, const std::string& label,
                           double value, MetricDefaults d, const std::string& explanation) {
    m_lastAdded = false;
    for (const auto& spec : m_level.scoring.metrics) {
        if (spec.id != id) continue;
        if (!spec.enabled) return;
        if (spec.hasBand) d.band = spec.band;
        if (spec.falloff > 0.0) d.falloff = spec.falloff;
        d.weight = spec.weight;
        d.passMark = spec.passMark;
        if (spec.gate) d.gate = *spec.gate;
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
    r.gate = d.gate;
    r.passed = r.weight <= 0.0 || r.score >= r.passMark;
    r.failed = !r.passed;
    r.explanation = explanation;
    m_card.metrics.push_back(std::move(r));
    m_lastAdded = true;
}

void ScorecardBuilder::fault(std::string phrase) {
    if (m_lastAdded) m_card.metrics.back().fault = std::move(phrase);
}

int Scorecard::failedCount() const {
    int n = 0;
    for (const auto& m : metrics)
        n += m.failed ? 1 : 0;
    return n;
}

double failureQuality(const MetricResult& m) {
    // How far the value lies past its band, in falloffs (the sub-score is 100 · (1 − s)), against
    // where the pass mark sits (s_pass = 1 − pass mark / 100): q = (s_pass + k) / (s + k) is 1 at
    // the fail point and keeps falling as the fault grows, where the sub-score stops at 0.
    constexpr double k = 0.1;
    if (!std::isfinite(m.value)) return 0.0;
    const double gap =
        m.value < m.band.min ? m.band.min - m.value : (m.value > m.band.max ? m.value - m.band.max : 0.0);
    if (!(m.falloff > 0.0)) return gap > 0.0 ? 0.0 : 1.0;
    const double s = gap / m.falloff;
    const double sPass = std::max(0.0, 1.0 - m.passMark / 100.0);
    return std::clamp((sPass + k) / (s + k), 0.0, 1.0);
}

double failureCap(double passMark, double failMargin, double q) {
    return std::max(0.0, passMark - failMargin) * (0.5 + 0.5 * std::clamp(q, 0.0, 1.0));
}

namespace {

std::string fixed0(double v) {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::round(v), std::chars_format::fixed, 0);
    return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

/// "Depth: 70 % of strikes…" → the generic fault phrase of a metric without its own.
std::string genericFault(const MetricResult& m) {
    const auto lowerFirst = [](std::string text) {
        if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z')
            text[0] = static_cast<char>(text[0] - 'A' + 'a');
        return text;
    };
    // An explanation that already opens with the metric's name ("Square order 0.91: …") says it
    // once, not "square order: Square order 0.91: …".
    const std::string label = lowerFirst(m.label), explanation = lowerFirst(m.explanation);
    if (explanation.empty()) return label;
    if (explanation.rfind(label, 0) == 0) return explanation;
    return label + ": " + m.explanation;
}

} // namespace

Scorecard ScorecardBuilder::finish() {
    Scorecard& card = m_card;
    card.failMargin = m_level.scoring.failMargin;
    double sum = 0.0, weights = 0.0;
    // The deciding gate: the worst failed one (lowest q, then the heaviest).
    int worst = -1;
    double worstQ = 2.0;
    for (size_t i = 0; i < card.metrics.size(); ++i) {
        const auto& m = card.metrics[i];
        if (m.weight <= 0.0) continue;
        sum += m.weight * m.score;
        weights += m.weight;
        if (!m.failed || !m.gate) continue;
        const double q = failureQuality(m);
        if (q < worstQ || (q == worstQ && m.weight > card.metrics[static_cast<size_t>(worst)].weight)) {
            worstQ = q;
            worst = static_cast<int>(i);
        }
    }
    card.composite = weights > 0.0 ? sum / weights : 0.0;
    for (const auto& veto : m_level.scoring.vetoes) {
        for (const auto& m : card.metrics) {
            if (m.id != veto.metric || !(m.value > veto.maxValue)) continue;
            card.vetoes.push_back(
                {veto.metric, m.value, veto.maxValue,
                 veto.reason.empty() ? m.label + " must not exceed the limit" : veto.reason});
            break;
        }
    }
    const bool compositePasses = card.composite >= card.passMark;
    card.passed = card.dotCount > 0 && card.vetoes.empty() && worst < 0 && compositePasses;
    card.overall = card.composite;
    card.decidingMetric = -1;
    if (card.passed) {
        card.decidingRule = "Passed: every rule met, " + fixed0(card.composite) + " over a pass mark of " +
                            fixed0(card.passMark);
        return card;
    }
    double q = 0.0;
    if (card.dotCount <= 0) {
        card.decidingRule = "Failed: no dots placed";
        card.overall = 0.0;
        return card;
    }
    if (!card.vetoes.empty()) {
        card.decidingRule = "Failed: " + card.vetoes.front().reason;
        // A never-event reads at most a quarter of the way up from the floor, lower the more of it.
        const VetoResult& v = card.vetoes.front();
        q = 0.5 / (1.0 + std::max(0.0, v.value - v.maxValue));
    } else if (worst >= 0) {
        const MetricResult& m = card.metrics[static_cast<size_t>(worst)];
        card.decidingMetric = worst;
        card.decidingRule = "Failed: " + (m.fault.empty() ? genericFault(m) : m.fault);
        q = worstQ;
    } else {
        card.decidingRule = "Failed: the overall " + fixed0(card.composite) + " is below the pass mark of " +
                            fixed0(card.passMark);
        q = card.passMark > 0.0 ? card.composite / card.passMark : 0.0;
    }
    const double cap = failureCap(card.passMark, card.failMargin, q);
    if (card.overall > cap) {
        card.overall = cap;
        card.capped = true;
    }
    return card;
}

} // namespace stipple
