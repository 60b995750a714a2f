// The metrics of SCORING.md computed on one attempt. Per zone: density against the integrated
// target, local evenness against the expected count of each 5 mm cell, spacing and
// naturalness statistics; over the whole attempt: spill, forbidden areas, overlaps, the
// hairline profile and symmetry, target matching, depth, size and pace. Every metric carries a
// one-line explanation in the trainee's words.
#include "scoring/score_attempt.h"

#include "io/numbers.h"
#include "level/vocabulary.h"
#include "scoring/helper_thread.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <memory>

namespace stipple {

namespace {

std::string plural(long long n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// Clumping: skin farther than this many natural spacings from every dot is bare (see addClumping);
/// judged only where the zone's inside (its samples) spans at least this many spacings² — about
/// that many dots: a small zone (a whorl of 30 dots) holds too few gaps to tell clumps from chance.
constexpr double kClumpingRadius = 1.0;
/// From this many dots, placing them splits between the caller and the helper thread.
constexpr size_t kParallelPlacementDots = 20000;
constexpr double kClumpingMinCells = 40.0;

/// LevelContext::evennessCellOf without its two divisions per dot: x · (1/cell) lies within
/// 4e-10 of x / cell below 10⁶ cells, so away from the integers it truncates alike; near them
/// (and outside [0, 10⁶)) the division decides, as in evennessCellOf.
class EvennessCellIndex {
  public:
    explicit EvennessCellIndex(const LevelContext& ctx)
        : m_cell(ctx.evennessCellMm()), m_inverse(1.0 / ctx.evennessCellMm()), m_cols(ctx.evennessColumns()),
          m_rows(ctx.evennessRows()) {}
    int cellOf(Vec2 p) const { return index(p.y, m_rows) * m_cols + index(p.x, m_cols); }

  private:
    int index(double v, int n) const {
        const double q = v * m_inverse;
        if (q >= 0.0 && q < 1e6) {
            const int i = static_cast<int>(q);
            const double f = q - i;
            if (f > 1e-6 && f < 1.0 - 1e-6) return std::min(i, n - 1);
        }
        return std::clamp(static_cast<int>(v / m_cell), 0, n - 1);
    }
    double m_cell, m_inverse;
    int m_cols, m_rows;
};

struct ZoneDots {
    std::vector<Vec2> positions;
    std::vector<double> healed;
};

void addDensity(ScorecardBuilder& b, const Zone& zone, const LevelContext& ctx, size_t z, size_t count) {
    const double expected = ctx.expectedInZone(z);
    const double area = ctx.usableAreaMm2(z);
    if (!(expected > 0.0) || !(area > 0.0)) return;
    const double ratio = static_cast<double>(count) / expected;
    const double observedPerCm2 = 100.0 * static_cast<double>(count) / area;
    const double targetPerCm2 = 100.0 * expected / area;
    const MetricDefaults d = metricDefaults("density", static_cast<double>(count));
    std::string why =
        zone.name + ": " + formatFixed(observedPerCm2) + " dots/cm², target " + formatFixed(targetPerCm2);
    const double diff = expected - static_cast<double>(count);
    std::string advice;
    if (ratio < d.band.min)
        advice = "add about " + formatFixed(diff) + " dots";
    else if (ratio > d.band.max)
        advice = "about " + formatFixed(-diff) + " dots too many: leave more skin between dots";
    why += advice.empty() ? " — on target" : " — " + advice;
    b.add("density", zone.id, "Density — " + zone.name, ratio, why);
    b.fault("density " + formatFixed(ratio, 2) + "× the target in the " + zone.name +
            (advice.empty() ? "" : " — " + advice));
}

} // namespace

MetricDefaults evennessDefaults(double meanExpected, int cells, double n) {
    MetricDefaults d = metricDefaults("evenness", n);
    if (!(meanExpected > 0.0)) return d;
    const double noise = std::sqrt(kEvennessNoise / meanExpected);
    d.band.max = std::max(d.band.max, kEvennessBase + noise);
    // A zone judged on a few cells: the CV of k cells is a sample SD of k − 1 degrees of freedom,
    // which reaches σ·√(χ²(k−1) / (k−1)) at its 3σ-equivalent upper tail (one-sided 0.135 %;
    // χ² by Wilson–Hilferty). The fail point is at least that, for σ the natural noise.
    if (cells >= 2) {
        const double nu = cells - 1.0;
        const double a = 2.0 / (9.0 * nu);
        const double chi2 = nu * std::pow(1.0 - a + 3.0 * std::sqrt(a), 3.0);
        const double failPoint = noise * std::sqrt(chi2 / nu);
        d.band.max = std::max(d.band.max, failPoint - 0.5 * d.falloff);
    }
    return d;
}

namespace {

/// `counts`: the dots placed in a zone, per evenness cell.
void addEvenness(ScorecardBuilder& b, const LevelContext& ctx, std::span<const Dot> dots,
                 const std::vector<int>& counts, ScoreDetails& details) {
    const int cells = ctx.evennessColumns() * ctx.evennessRows();
    details.cellDeviation.assign(static_cast<size_t>(cells), 0.0);
    details.cellUsed.assign(static_cast<size_t>(cells), 0);
    // Judge only cells mostly inside the design that expect enough dots for a ratio to mean
    // something (Poisson noise of 1/√5 ≈ 45 % below that); each zone on its own cells, so that
    // a bald patch in one zone is not averaged away by the others.
    const Level& level = ctx.level();
    const size_t zones = level.zones.size();
    std::vector<double> sum(zones, 0.0), sum2(zones, 0.0), expectedSum(zones, 0.0);
    std::vector<int> used(zones, 0);
    for (int c = 0; c < cells; ++c) {
        const double expected = ctx.expectedInCell(c);
        if (!ctx.judgesCell(c)) continue;
        const double ratio = counts[static_cast<size_t>(c)] / expected;
        details.cellDeviation[static_cast<size_t>(c)] = ratio - 1.0;
        details.cellUsed[static_cast<size_t>(c)] = 1;
        const int z = ctx.cellZone(c);
        if (z < 0) continue;
        sum[static_cast<size_t>(z)] += ratio;
        sum2[static_cast<size_t>(z)] += ratio * ratio;
        expectedSum[static_cast<size_t>(z)] += expected;
        ++used[static_cast<size_t>(z)];
    }
    for (size_t z = 0; z < zones; ++z) {
        const int k = used[z];
        if (k < 3) continue;
        const Zone& zone = level.zones[z];
        const std::string label = zones > 1 ? "Evenness — " + zone.name : "Local evenness";
        const double mean = sum[z] / k;
        const MetricDefaults d = evennessDefaults(expectedSum[z] / k, k, static_cast<double>(dots.size()));
        if (!(mean > 0.0)) {
            b.add("evenness", zone.id, label, 1.0, d, zone.name + ": no dots yet");
            b.fault("no dots in the " + zone.name);
            continue;
        }
        const double var = std::max(0.0, (sum2[z] - k * mean * mean) / (k - 1));
        const double cv = std::sqrt(var) / mean;
        std::string why = zone.name + ": density varies by " + formatPercent(cv) + " from one " +
                          formatFixed(ctx.evennessCellMm()) + " mm square to the next";
        why += cv > d.band.max ? " (aim below " + formatPercent(d.band.max) +
                                     "): fill the sparse (blue) patches on the heatmap"
                               : " — even coverage";
        b.add("evenness", zone.id, label, cv, d, why);
        b.fault("uneven cover in the " + zone.name + ": density varies by " + formatPercent(cv) +
                " from one " + formatFixed(ctx.evennessCellMm()) +
                " mm square to the next — fill the sparse (blue) patches, thin the crowded ones");
    }
}

void addBaldSpot(ScorecardBuilder& b, const Zone& zone, const LevelContext& ctx, size_t z,
                 const PointStats& s, bool multiZone) {
    const double area = ctx.usableAreaMm2(z);
    const double expected = ctx.expectedInZone(z);
    if (!s.largestGapMm || !(area > 0.0) || !(expected > 0.0)) return;
    const double spacing = std::sqrt(area / expected); // 1/√λ of the zone's target
    const double spacings = *s.largestGapMm / spacing;
    const MetricDefaults d = metricDefaults("bald-spot", static_cast<double>(s.count));
    std::string why = "the largest bare spot" + std::string(multiZone ? " in the " + zone.name : "") +
                      " is " + formatFixed(*s.largestGapMm, 1) + " mm across, " + formatFixed(spacings, 1) +
                      "× the natural spacing of " + formatFixed(spacing, 2) + " mm";
    why += spacings > d.band.max ? ": fill it" : " — no bald patch";
    b.add("bald-spot", zone.id, "Bald spot" + std::string(multiZone ? " — " + zone.name : ""), spacings, d,
          why);
    b.fault("a bald patch " + formatFixed(*s.largestGapMm, 1) + " mm across in the " + zone.name + " (" +
            formatFixed(spacings, 1) + "× the natural spacing) — fill it");
}

/// Clumps that keep the minimum spacing: the zone's dots bunch into dense groups and leave bare
/// channels of skin between them. Measured as the share of the zone (its inside, away from the
/// border) farther than one natural spacing from every dot: natural work covers its skin
/// (at most about 2 % of it that far from a dot), clumps leave 4 % to a fifth of it bare.
void addClumping(ScorecardBuilder& b, const Zone& zone, const PointStats& s, double spacing, bool multiZone) {
    const double inside = static_cast<double>(s.bareSamples) * s.bareStepMm * s.bareStepMm;
    if (!s.bareShare || !(inside >= kClumpingMinCells * spacing * spacing)) return;
    const double share = *s.bareShare;
    const MetricDefaults d = metricDefaults("clumping", static_cast<double>(s.count));
    std::string why = formatPercent(share) + " of the skin" +
                      std::string(multiZone ? " in the " + zone.name : "") + " lies more than " +
                      formatFixed(s.bareRadiusMm, 1) + " mm (one natural spacing) from any dot";
    why += share > d.band.max
               ? ": the dots bunch into clumps with bare skin between them — spread them evenly"
               : " — the dots cover the skin evenly";
    b.add("clumping", zone.id, "Clumping" + std::string(multiZone ? " — " + zone.name : ""), share, d, why);
    b.fault("the dots bunch into clumps in the " + zone.name + ": " + formatPercent(share) +
            " of the skin lies more than " + formatFixed(s.bareRadiusMm, 1) +
            " mm from any dot, between the clumps — spread them evenly (spacing " + formatFixed(spacing, 2) +
            " mm)");
}

void addNaturalness(ScorecardBuilder& b, const Zone& zone, const PointStats& s, bool multiZone,
                    bool hairlineZone) {
    const std::string suffix = multiZone ? " — " + zone.name : "";
    const double n = static_cast<double>(s.count);
    // Ψ and A are averaged over at most 10,000 dots: their random floor follows that sample.
    const double orderN = s.orderDots > 0 ? static_cast<double>(s.orderDots) : n;
    if (s.meanNnMm)
        b.add("spacing", zone.id, "Mean spacing" + suffix, *s.meanNnMm,
              "dots are " + formatFixed(*s.meanNnMm, 2) + " mm from their nearest neighbour on average");
    if (s.nnCv) {
        const double cv = *s.nnCv;
        MetricDefaults d = metricDefaults("nn-cv", n);
        // A feathered hairline ramps the density, so spacing varies by design there.
        if (hairlineZone) d.band.max += 0.10;
        std::string why =
            "the gap to the nearest dot varies by " + formatPercent(cv) + " (natural work: 9–16 %)";
        if (cv > d.band.max)
            why += ": keep a steadier distance between dots";
        else if (cv < d.band.min)
            why += ": suspiciously uniform — a grid?";
        b.add("nn-cv", zone.id, "Spacing regularity" + suffix, cv, d, why);
    }
    const std::optional<double> r =
        s.clarkEvansDonnelly ? s.clarkEvansDonnelly : (s.clarkEvansGuard ? s.clarkEvansGuard : s.clarkEvans);
    if (r) {
        std::string why = "Clark–Evans R = " + formatFixed(*r, 2);
        if (*r < 1.0)
            why += ": dots clump together — spread them out";
        else if (*r < 1.4)
            why += ": closer to random scatter than to natural, even spacing";
        else if (*r <= 1.8)
            why += ": natural, even spacing";
        else
            why += ": too regular — looks like rows or a grid; vary the positions";
        b.add("clark-evans", zone.id, "Naturalness (R)" + suffix, *r, metricDefaults("clark-evans", n), why);
    }
    const auto order = [&](const char* id, const std::optional<double>& v, const char* label,
                           const char* what) {
        if (!v) return;
        const MetricDefaults d = metricDefaults(id, orderN);
        const std::string why = std::string(label) + " order " + formatFixed(*v, 2) +
                                (*v > d.band.max ? std::string(": ") + what : ": no grid pattern");
        b.add(id, zone.id, std::string(label) + " order" + suffix, *v, d, why);
    };
    order("psi4", s.psi4, "Square", "dots sit on a square grid — break up the rows and columns");
    order("psi6", s.psi6, "Hexagonal", "dots sit on a honeycomb grid — vary the positions");
    if (s.a2) {
        const MetricDefaults d = metricDefaults("a2", orderN);
        b.add("a2", zone.id, "Row alignment" + suffix, *s.a2, d,
              *s.a2 > d.band.max ? "neighbours line up in one direction: rows or streaks show"
                                 : "no preferred direction between neighbours");
    }
    if (s.structurePeak) {
        // The spectrum is taken on a tile of structureDots dots: its random floor follows them.
        const MetricDefaults d =
            metricDefaults("structure-peak", s.structureDots > 0 ? static_cast<double>(s.structureDots) : n);
        b.add("structure-peak", zone.id, "Repeating pattern" + suffix, *s.structurePeak, d,
              *s.structurePeak > d.band.max ? "a repeating pattern shows in the spectrum (a grid or rows)"
                                            : "no repeating pattern");
    }
}

void addHairline(ScorecardBuilder& b, const LevelContext& ctx, std::span<const Dot> dots,
                 const std::vector<int>& zoneOf, ScoreDetails& details) {
    const Level& level = ctx.level();
    if (!level.hairline) return;
    const Hairline& h = *level.hairline;
    const Zone* zone = level.findZone(h.zoneId);
    if (!zone) return;
    int zoneIndex = -1;
    for (size_t i = 0; i < level.zones.size(); ++i)
        if (&level.zones[i] == zone) zoneIndex = static_cast<int>(i);
    const int bins = ctx.hairlineBins();
    std::vector<int> counts(static_cast<size_t>(bins), 0);
    for (size_t i = 0; i < dots.size(); ++i) {
        if (zoneOf[i] != zoneIndex) continue;
        const double behind = signedDistanceToPolyline(h.line, dots[i].pos);
        if (behind >= 0.0 && behind < bins) ++counts[static_cast<size_t>(behind)];
    }
    const double lambda = zone->densityPerCm2 / 100.0;
    double sq = 0.0;
    int used = 0;
    for (int k = 0; k < bins; ++k) {
        const double area = ctx.hairlineBinArea(k);
        const double observed = area > 0.0 ? counts[static_cast<size_t>(k)] / (area * lambda) : 0.0;
        details.hairlineObserved.push_back(observed);
        details.hairlineTarget.push_back(ctx.hairlineBinRamp(k));
        if (area <= 0.0) continue;
        sq += (observed - ctx.hairlineBinRamp(k)) * (observed - ctx.hairlineBinRamp(k));
        ++used;
    }
    if (used > 0) {
        const double rms = std::sqrt(sq / used);
        const MetricDefaults d = metricDefaults("hairline-profile", static_cast<double>(dots.size()));
        // Say where the profile goes wrong most: the front third or the back.
        std::string why =
            "density behind the hairline is off its ramp by " + formatPercent(rms) + " on average";
        if (rms > d.band.max && !details.hairlineObserved.empty()) {
            const double front = details.hairlineObserved.front();
            why += front > details.hairlineTarget.front() + 0.15
                       ? ": the front edge is too dense — a hard line; thin it to a soft transition"
                       : ": follow the ramp from " + formatPercent(h.frontFraction) + " at the line to " +
                             formatPercent(h.backFraction) + " at " + formatFixed(h.bandMm) + " mm";
        }
        b.add("hairline-profile", h.zoneId, "Hairline feathering", rms, why);
    }
    if (!h.scoreSymmetry) return;
    // Front edge per 2 mm column: the third dot from the front (robust to a stray), mirrored
    // about the axis; the metric is the mean left/right difference of that edge.
    const double col = 2.0;
    const int halfCols = static_cast<int>(
        std::ceil(std::max(h.symmetryAxisXMm, level.canvas.widthMm - h.symmetryAxisXMm) / col));
    std::vector<std::vector<double>> left(static_cast<size_t>(halfCols)),
        right(static_cast<size_t>(halfCols));
    for (size_t i = 0; i < dots.size(); ++i) {
        if (zoneOf[i] != zoneIndex) continue;
        const double dx = dots[i].pos.x - h.symmetryAxisXMm;
        const int k = static_cast<int>(std::fabs(dx) / col);
        if (k >= halfCols) continue;
        (dx < 0 ? left : right)[static_cast<size_t>(k)].push_back(dots[i].pos.y);
    }
    double diff = 0.0;
    int pairs = 0;
    for (int k = 0; k < halfCols; ++k) {
        auto& l = left[static_cast<size_t>(k)];
        auto& r = right[static_cast<size_t>(k)];
        if (l.size() < 3 || r.size() < 3) continue;
        std::nth_element(l.begin(), l.begin() + 2, l.end());
        std::nth_element(r.begin(), r.begin() + 2, r.end());
        diff += std::fabs(l[2] - r[2]);
        ++pairs;
    }
    if (pairs == 0) return;
    const double mean = diff / pairs;
    MetricDefaults d = metricDefaults("symmetry", static_cast<double>(dots.size()));
    d.band = {0.0, h.symmetryToleranceMm};
    d.falloff = 2.0 * h.symmetryToleranceMm;
    b.add("symmetry", h.zoneId, "Left/right symmetry", mean, d,
          "the two sides of the hairline differ by " + formatFixed(mean, 1) + " mm on average (tolerance " +
              formatFixed(h.symmetryToleranceMm, 1) + " mm)");
}

} // namespace

Placement placeDot(const LevelContext& ctx, Vec2 p) {
    Placement out;
    bool forbidden = false;
    if (ctx.quickPlacement(p, &out.zone, &forbidden)) {
        // A cell no outline crosses, outside the hairline zone: the same answer as below.
        out.place = forbidden ? DotPlace::Forbidden : out.zone < 0 ? DotPlace::Spill : DotPlace::Zone;
        return out;
    }
    out.zone = ctx.field().zoneAt(p);
    bool inForbidden = false;
    for (const auto& f : ctx.level().forbidden)
        inForbidden = inForbidden || contains(f.outline, p);
    if (inForbidden)
        out.place = DotPlace::Forbidden;
    else if (out.zone < 0 || ctx.field().rampFactor(p, out.zone) <= 0.0)
        out.place = DotPlace::Spill;
    else
        out.place = DotPlace::Zone;
    return out;
}

std::vector<Dot> dotsOfExample(const std::vector<ExampleDot>& example) {
    std::vector<Dot> dots;
    dots.reserve(example.size());
    for (const ExampleDot& e : example) {
        Dot d;
        d.pos = e.pos;
        d.diameterMm = static_cast<float>(e.diameterMm * kFreshToHealedRatio);
        d.depthMm = static_cast<float>(e.depthMm);
        d.session = static_cast<int16_t>(e.session);
        d.shade = e.pigment;
        dots.push_back(d);
    }
    return dots;
}

std::vector<std::pair<std::string, double>> scoredMetricWeights(const Level& level) {
    // Which rows the scorer adds for a level of this shape (scoreAttempt above, and
    // scoreLayered for levels with several sessions or scars).
    const bool zones = !level.zones.empty();
    const bool layered = level.sessions.size() > 1 || !level.scars.empty();
    bool plainZone = false; // a zone that is not the hairline's: bald spots and clumping are judged there
    for (const Zone& z : level.zones)
        plainZone = plainZone || !level.hairline || z.id != level.hairline->zoneId;
    auto scored = [&](std::string_view id) {
        if (id == "bald-spot" || id == "clumping") return plainZone;
        if (id == "density" || id == "evenness" || id == "spacing" || id == "nn-cv" || id == "clark-evans" ||
            id == "psi4" || id == "psi6" || id == "a2" || id == "structure-peak" || id == "spill")
            return zones;
        if (id == "forbidden") return !level.forbidden.empty();
        if (id == "hairline-profile") return level.hairline.has_value();
        if (id == "symmetry") return level.hairline && level.hairline->scoreSymmetry;
        if (id == "target-hits" || id == "target-error" || id == "extras") return !level.target.dots.empty();
        if (id == "lost") return layered;
        if (id.rfind("layering-", 0) == 0) return level.sessions.size() > 1;
        if (id.rfind("scar-", 0) == 0) return !level.scars.empty();
        return true;
    };
    std::vector<std::pair<std::string, double>> out;
    for (const MetricInfo& info : knownMetrics()) {
        if (!scored(info.id)) continue;
        const std::string id(info.id);
        double weight = metricDefaults(id, 0.0).weight;
        bool enabled = true;
        for (const MetricSpec& spec : level.scoring.metrics)
            if (spec.id == id) enabled = spec.enabled, weight = spec.weight;
        if (enabled && weight > 0.0) out.emplace_back(id, weight);
    }
    return out;
}

ScoreResult scoreAttempt(const LevelContext& ctx, std::span<const Dot> dots, const AttemptInfo& info) {
    const Level& level = ctx.level();
    ScoreResult result;
    ScoreDetails& details = result.details;
    const size_t n = dots.size();
    ScorecardBuilder b(level, static_cast<double>(n));

    // Where every dot landed.
    details.place.assign(n, DotPlace::Zone);
    details.zoneOf.assign(n, -1);
    std::vector<ZoneDots> perZone(level.zones.size());
    // Every dot's healed diameter is written by place() below: not zeroed first.
    const std::unique_ptr<double[]> healedStore(new double[n]);
    const std::span<double> healed(healedStore.get(), n);
    assert((info.healedDiametersMm.empty() || info.healedDiametersMm.size() == n) &&
           "one healed diameter per dot");
    // Each dot on its own: the dots split in two halves that may be placed side by side
    // (info.threads), each with its own counts — integers, summed afterwards.
    struct Counts {
        int64_t spill = 0, spillFront = 0, forbidden = 0;
        int64_t inBand = 0, shallow = 0, deep = 0, blowouts = 0; // depth, when known
        std::vector<size_t> zone;
        std::vector<int> cell; // dots placed in a zone, per evenness cell
    };
    const size_t evennessCells = static_cast<size_t>(ctx.evennessColumns()) * ctx.evennessRows();
    const EvennessCellIndex evennessCell(ctx);
    const auto place = [&](size_t i0, size_t i1, Counts& c) {
        c.zone.assign(level.zones.size(), 0);
        c.cell.assign(evennessCells, 0);
        for (size_t i = i0; i < i1; ++i) {
            // The healing model's diameters when given (scoring/layering.h), else fresh ÷ 2.
            healed[i] =
                info.healedDiametersMm.empty() ? healedDiameterMm(dots[i]) : info.healedDiametersMm[i];
            const Placement where = placeDot(ctx, dots[i].pos);
            const int z = where.zone;
            details.zoneOf[i] = z;
            details.place[i] = where.place;
            if (info.depthKnown) { // counted here, while the dot is in cache
                const Range band = z >= 0 ? level.zones[static_cast<size_t>(z)].depthMm : Range{0.5, 1.0};
                const double depth = dots[i].depthMm;
                if (depth < band.min)
                    ++c.shallow;
                else if (depth > band.max)
                    ++c.deep;
                else
                    ++c.inBand;
                if (depth > band.max + kBlowoutMarginMm) ++c.blowouts;
            }
            if (where.place == DotPlace::Forbidden) {
                ++c.forbidden;
            } else if (where.place == DotPlace::Spill) {
                ++c.spill;
                c.spillFront += z >= 0 ? 1 : 0; // inside the zone's outline but in front of the hairline
            } else {
                ++c.zone[static_cast<size_t>(z)];
                ++c.cell[static_cast<size_t>(evennessCell.cellOf(dots[i].pos))];
            }
        }
    };
    Counts first, second;
    const size_t half = n / 2;
    runBeside([&] { place(0, half, first); }, [&] { place(half, n, second); },
              info.threads > 1 && n >= kParallelPlacementDots);
    const int64_t spill = first.spill + second.spill, spillFront = first.spillFront + second.spillFront,
                  forbidden = first.forbidden + second.forbidden;
    std::vector<size_t>& zoneCount = first.zone;
    for (size_t z = 0; z < zoneCount.size(); ++z)
        zoneCount[z] += second.zone[z];
    std::vector<int>& cellCount = first.cell;
    for (size_t c = 0; c < cellCount.size(); ++c)
        cellCount[c] += second.cell[c];
    // The healed sizes' sums, while they are in cache (the rows come below).
    double sizeSum = 0, sizeSum2 = 0;
    int64_t macro = 0;
    if (info.sizeKnown && n > 1)
        for (double d : healed) {
            sizeSum += d;
            sizeSum2 += d * d;
            macro += d > kMacrodotMm ? 1 : 0;
        }
    // Each zone's dots, gathered once into vectors of their final size.
    for (size_t z = 0; z < perZone.size(); ++z) {
        perZone[z].positions.reserve(zoneCount[z]);
        perZone[z].healed.reserve(zoneCount[z]);
    }
    for (size_t i = 0; i < n; ++i) {
        if (details.place[i] != DotPlace::Zone) continue;
        ZoneDots& zd = perZone[static_cast<size_t>(details.zoneOf[i])];
        zd.positions.push_back(dots[i].pos);
        zd.healed.push_back(healed[i]);
    }

    // Per zone: density, spacing and naturalness.
    const bool multiZone = level.zones.size() > 1;
    int64_t violations = 0, withNeighbour = 0;
    for (size_t z = 0; z < level.zones.size(); ++z) {
        const Zone& zone = level.zones[z];
        const ZoneDots& zd = perZone[z];
        addDensity(b, zone, ctx, z, zd.positions.size());
        PointStatsOptions opt;
        opt.minSpacingMm = zone.minSpacingMm;
        // The biggest bald spot, for the picture and the text; not where a hairline ramps the
        // density to nothing at the front (the bare skin ahead of the line is no fault).
        // Scored: the largest bald spot of the zone's own region (nested zones excluded).
        const bool hairlineZone = level.hairline && level.hairline->zoneId == zone.id;
        opt.largestGap = !hairlineZone;
        opt.quadratSpacings = 0.0; // the quadrat VMR is not scored (evenness uses the level's own cells)
        opt.threads = info.threads;
        const double area = ctx.usableAreaMm2(z), expected = ctx.expectedInZone(z);
        const double spacing = area > 0.0 && expected > 0.0 ? std::sqrt(area / expected) : 0.0;
        if (!hairlineZone && spacing > 0.0) opt.bareRadiusMm = kClumpingRadius * spacing;
        // A bald spot is skin with no dot of the design near it: beside a shared edge or around
        // a nested zone the neighbouring zones' dots cover it too.
        std::vector<Vec2> cover;
        if (opt.largestGap && level.zones.size() > 1)
            for (size_t other = 0; other < perZone.size(); ++other)
                if (other != z)
                    cover.insert(cover.end(), perZone[other].positions.begin(),
                                 perZone[other].positions.end());
        opt.gapCoverDots = cover;
        PointStats s = computePointStats(zd.positions, ctx.zoneWindow(z), opt, zd.healed);
        if (!hairlineZone) addBaldSpot(b, zone, ctx, z, s, multiZone);
        if (!hairlineZone) addClumping(b, zone, s, spacing, multiZone);
        violations += s.minSpacingViolations;
        withNeighbour += s.nnSums.dotsWithNeighbour;
        addNaturalness(b, zone, s, multiZone, level.hairline && level.hairline->zoneId == zone.id);
        details.zoneStats.push_back(std::move(s));
    }
    addEvenness(b, ctx, dots, cellCount, details);
    if (withNeighbour > 0) {
        const double fraction = static_cast<double>(violations) / static_cast<double>(withNeighbour);
        b.add("min-spacing-violations", "", "Too-close dots", fraction,
              plural(violations, "dot is", "dots are") + " closer to a neighbour than the minimum spacing (" +
                  formatPercent(fraction) + ")");
        b.fault(formatPercent(fraction) +
                " of the dots crowd a neighbour closer than the minimum spacing — they will blur together");
    }

    // Overlaps of healed discs: counted per zone by the statistics; the pairs themselves (for
    // the picture, including merges across zone borders) only when asked for.
    {
        int64_t pairs = 0;
        for (const auto& st : details.zoneStats)
            pairs += st.overlapPairs;
        if (info.pictureDetails) {
            const std::vector<Vec2> positions = dotPositions(dots);
            details.overlaps = overlappingPairs(positions, healed, 0.0);
            details.nearestMm = nearestNeighbourDistances(positions);
        }
        b.add("overlaps", "", "Merged dots", static_cast<double>(pairs),
              pairs == 0 ? "no dots merge when healed"
                         : plural(pairs, "pair merges", "pairs merge") +
                               " into blotches when healed — leave a gap between dots");
        b.fault(
            plural(pairs, "pair of dots merges", "pairs of dots merge") +
            " into blotches (overworked: dots struck on or against each other) — leave a gap between dots");
    }

    if (!level.zones.empty()) {
        const double fraction = n > 0 ? static_cast<double>(spill) / static_cast<double>(n) : 0.0;
        std::string why = spill == 0 ? "every dot is inside the design"
                                     : plural(spill, "dot", "dots") + " outside the design";
        if (spillFront > 0) why += " (" + std::to_string(spillFront) + " in front of the hairline)";
        b.add("spill", "", "Spill", fraction, why);
        b.fault(formatPercent(fraction) + " of the dots (" + std::to_string(spill) +
                ") spill outside the design" +
                (spillFront > 0 ? " (" + std::to_string(spillFront) + " in front of the hairline)"
                                : std::string()) +
                " — stay inside the outline");
    }
    if (!level.forbidden.empty())
        b.add("forbidden", "", "Forbidden areas", static_cast<double>(forbidden),
              forbidden == 0 ? "forbidden areas untouched"
                             : plural(forbidden, "dot", "dots") + " in a forbidden area");
    if (!level.forbidden.empty())
        b.fault(plural(forbidden, "dot", "dots") + " in a forbidden area — on a client they are permanent");

    addHairline(b, ctx, dots, details.zoneOf, details);

    // Target drills: match the explicit target dots.
    if (!level.target.dots.empty()) {
        details.targets = level.target.dots;
        std::vector<Vec2> targets;
        for (const auto& t : level.target.dots)
            targets.push_back(t.pos);
        const std::vector<Vec2> placed = dotPositions(dots);
        details.match = matchOptimal(targets, placed, level.target.toleranceMm);
        details.hasMatch = true;
        const MatchResult& m = details.match;
        const double hitFraction = static_cast<double>(m.hits) / static_cast<double>(targets.size());
        b.add("target-hits", "", "Targets hit", hitFraction,
              "hit " + std::to_string(m.hits) + " of " + std::to_string(targets.size()) + " targets within " +
                  formatFixed(level.target.toleranceMm, 2) + " mm");
        if (m.hits > 0) {
            MetricDefaults d = metricDefaults("target-error", static_cast<double>(n));
            d.band = {0.0, 0.5 * level.target.toleranceMm};
            d.falloff = level.target.toleranceMm;
            b.add("target-error", "", "Placement error", m.meanErrorMm, d,
                  "matched dots land " + formatFixed(m.meanErrorMm, 2) + " mm from their targets on average");
        }
        MetricDefaults d = metricDefaults("extras", static_cast<double>(targets.size()));
        b.add("extras", "", "Extra dots", static_cast<double>(m.extras), d,
              m.extras == 0 ? "no dots away from the targets"
                            : plural(m.extras, "dot matches", "dots match") + " no target");
    }

    // Depth and size.
    if (info.depthKnown && n > 0) {
        const int64_t inBand = first.inBand + second.inBand, shallow = first.shallow + second.shallow,
                      deep = first.deep + second.deep, blowouts = first.blowouts + second.blowouts;
        const double fraction = static_cast<double>(inBand) / static_cast<double>(n);
        std::string why = formatPercent(fraction) + " of strikes at the right depth";
        if (shallow > 0) why += "; " + std::to_string(shallow) + " too shallow (they fade)";
        if (deep > 0) why += "; " + std::to_string(deep) + " too deep (they spread)";
        b.add("depth", "", "Depth", fraction, why);
        const double nn = static_cast<double>(n);
        b.fault(deep >= shallow
                    ? formatPercent(static_cast<double>(deep) / nn) +
                          " of the strikes too deep (they spread and turn blue) — shorter dwell"
                    : formatPercent(static_cast<double>(shallow) / nn) +
                          " of the strikes too shallow (they fade) — hold the needle down a little longer");
        b.add("blowouts", "", "Blowouts", static_cast<double>(blowouts),
              blowouts == 0
                  ? "no blowouts"
                  : plural(blowouts, "strike", "strikes") + " so deep the pigment will spread and turn blue");
        b.fault(plural(blowouts, "blowout", "blowouts") +
                ": strikes so deep the pigment spreads into blue blotches");
    }
    if (info.sizeKnown && n > 1) {
        const double sum = sizeSum, sum2 = sizeSum2;
        const double mean = sum / static_cast<double>(n);
        const double sd = std::sqrt(
            std::max(0.0, (sum2 - static_cast<double>(n) * mean * mean) / static_cast<double>(n - 1)));
        const double cv = mean > 0.0 ? sd / mean : 0.0;
        b.add("size-cv", "", "Dot size consistency", cv,
              "healed dot sizes vary by " + formatPercent(cv) + " (mean " + formatFixed(mean, 2) + " mm)");
        b.add("macrodots", "", "Macrodots", static_cast<double>(macro),
              macro == 0 ? "no oversized dots"
                         : plural(macro, "dot heals", "dots heal") + " wider than " +
                               formatFixed(kMacrodotMm, 1) + " mm — lighter pressure");
        b.fault(plural(macro, "dot heals", "dots heal") + " wider than " + formatFixed(kMacrodotMm, 1) +
                " mm — lighter pressure, no dragging");
    }
    if (info.elapsedSeconds > 0.0 && n > 0) {
        const double perMinute = static_cast<double>(n) / (info.elapsedSeconds / 60.0);
        MetricDefaults d = metricDefaults("pace", static_cast<double>(n));
        const double expected = level.mode.expectedStrikesPerMinute;
        d.band = {0.5 * expected, 2.0 * expected};
        d.falloff = expected;
        b.add("pace", "", "Pace", perMinute, d,
              formatFixed(perMinute) + " strikes per minute (expected about " + formatFixed(expected) + ")");
    }

    result.card = b.finish();
    return result;
}

} // namespace stipple
