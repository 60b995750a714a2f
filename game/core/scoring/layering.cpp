// Layering metrics per session and the healed final scorecard; definitions in layering.h.
#include "scoring/layering.h"

#include "ink/pigment.h"
#include "io/numbers.h"
#include "level/vocabulary.h"
#include "spatial/point_grid.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace stipple {

namespace {

/// At most this many gap sample points (about 8 per expected final dot below it).
constexpr double kMaxSamples = 1'000'000.0;
/// Sample points for the expected counts on and around one scar.
constexpr double kScarSamples = 250'000.0;

std::string sessionName(int k) {
    return "session " + std::to_string(k + 1);
}
std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

/// Sample points on a regular lattice over the design (where the level asks for dots), with the
/// final target density at each: the ruler against which gaps are measured. Kept as a lattice so
/// that a dot can mark the samples around it directly (no nearest-neighbour query per sample).
struct Samples {
    Vec2 origin;    ///< corner of cell (0, 0)
    double h = 0.0; ///< lattice spacing, mm
    int columns = 0, rows = 0;
    std::vector<double> lambda; ///< per cell: final target density, dots/mm² (0 = not in the design)
    double cellAreaMm2 = 0.0;
    double minLambda = 0.0; ///< smallest positive λ (the widest gap radius)
    bool empty() const { return !(minLambda > 0.0); }
    Vec2 centre(int column, int row) const {
        return {origin.x + (column + 0.5) * h, origin.y + (row + 0.5) * h};
    }
};

Samples designSamples(const LevelContext& ctx) {
    const Level& level = ctx.level();
    Samples s;
    double expected = 0.0, area = 0.0;
    Rect box;
    for (size_t z = 0; z < level.zones.size(); ++z) {
        expected += ctx.expectedInZone(z);
        area += ctx.usableAreaMm2(z);
        for (Vec2 p : level.zones[z].outline)
            box.expand(p);
    }
    if (!(expected > 0.0) || !(area > 0.0) || box.empty()) return s;
    s.h = std::max(0.35 / std::sqrt(expected / area), std::sqrt(box.area() / kMaxSamples));
    s.origin = box.min;
    s.columns = std::max(1, static_cast<int>(std::floor(box.width() / s.h)));
    s.rows = std::max(1, static_cast<int>(std::floor(box.height() / s.h)));
    s.cellAreaMm2 = s.h * s.h;
    s.lambda.assign(static_cast<size_t>(s.columns) * static_cast<size_t>(s.rows), 0.0);
    double minLambda = INFINITY;
    for (int r = 0; r < s.rows; ++r)
        for (int c = 0; c < s.columns; ++c) {
            const double lambda = ctx.field().perMm2(s.centre(c, r));
            if (lambda <= 0.0) continue;
            s.lambda[static_cast<size_t>(r) * static_cast<size_t>(s.columns) + static_cast<size_t>(c)] =
                lambda;
            minLambda = std::min(minLambda, lambda);
        }
    if (std::isfinite(minLambda)) s.minLambda = minLambda;
    return s;
}

/// Marks every sample within its gap radius (g² per sample in `g2`) of p as covered.
void cover(const Samples& s, const std::vector<double>& g2, double gMax, Vec2 p,
           std::vector<uint8_t>& covered) {
    const int c0 = std::max(0, static_cast<int>(std::floor((p.x - gMax - s.origin.x) / s.h)));
    const int c1 = std::min(s.columns - 1, static_cast<int>(std::floor((p.x + gMax - s.origin.x) / s.h)));
    const int r0 = std::max(0, static_cast<int>(std::floor((p.y - gMax - s.origin.y) / s.h)));
    const int r1 = std::min(s.rows - 1, static_cast<int>(std::floor((p.y + gMax - s.origin.y) / s.h)));
    for (int r = r0; r <= r1; ++r) {
        const double dy = s.origin.y + (r + 0.5) * s.h - p.y;
        for (int c = c0; c <= c1; ++c) {
            const size_t i = static_cast<size_t>(r) * static_cast<size_t>(s.columns) + static_cast<size_t>(c);
            if (covered[i]) continue;
            const double dx = s.origin.x + (c + 0.5) * s.h - p.x;
            if (dx * dx + dy * dy <= g2[i]) covered[i] = 1;
        }
    }
}

/// The reach of dots at `share` of the local density, `factor` of their spacing: r² per sample
/// (-1 off the design) and the largest r (at the sparsest sample).
struct Reach {
    std::vector<double> r2;
    double rMax = 0.0;
};
Reach reachAt(const Samples& s, double factor, double share) {
    Reach reach{std::vector<double>(s.lambda.size(), -1.0), factor / std::sqrt(share * s.minLambda)};
    for (size_t i = 0; i < reach.r2.size(); ++i)
        if (s.lambda[i] > 0.0) reach.r2[i] = factor * factor / (share * s.lambda[i]);
    return reach;
}

/// Samples on the design (density > 0) that `covered` leaves out.
int64_t uncoveredOnDesign(const Samples& s, const std::vector<uint8_t>& covered) {
    int64_t left = 0;
    for (size_t i = 0; i < covered.size(); ++i)
        left += s.lambda[i] > 0.0 && !covered[i] ? 1 : 0;
    return left;
}

int sessionOf(const Dot& d, int sessions) {
    return std::clamp<int>(d.session, 0, sessions - 1);
}

bool inDesign(const LevelContext& ctx, Vec2 p) {
    return ctx.field().perMm2(p) > 0.0;
}

void addDensity(ScorecardBuilder& b, const SessionLayering& s, const Level& level, const std::string& label) {
    if (!(s.targetCount > 0.0)) return;
    const double fraction = level.sessions[static_cast<size_t>(s.session)].cumulativeFraction;
    const MetricDefaults d = metricDefaults("layering-density", s.placed);
    std::string why = sessionName(s.session) + " brought the design to " +
                      formatPercent(s.cumulativeRatio * fraction) + " of its final density (target " +
                      formatPercent(fraction) + ")";
    const double missing = s.targetCount - (s.earlierVisible + s.inDesign);
    if (s.cumulativeRatio < d.band.min)
        why += " — add about " + formatFixed(missing) + " dots";
    else if (s.cumulativeRatio > d.band.max)
        why += " — about " + formatFixed(-missing) + " dots too many: leave the rest for the later sessions";
    else
        why += " — on target";
    b.add("layering-density", "", label, s.cumulativeRatio, d, why);
}

void addShare(ScorecardBuilder& b, const SessionLayering& s, const Level& level, const std::string& label) {
    if (!(s.shareTarget > 0.0)) return;
    const double planned =
        level.sessions[static_cast<size_t>(s.session)].cumulativeFraction -
        (s.session > 0 ? level.sessions[static_cast<size_t>(s.session - 1)].cumulativeFraction : 0.0);
    const MetricDefaults d = metricDefaults("layering-share", s.placed);
    std::string why = sessionName(s.session) + " added " + formatPercent(s.shareRatio * planned) +
                      " of the final density (the plan: " + formatPercent(planned) + ")";
    const double missing = s.shareTarget - s.inDesign;
    if (s.shareRatio < d.band.min)
        why += " — about " + formatFixed(missing) + " dots short: each session adds its own share";
    else if (s.shareRatio > d.band.max)
        why += " — about " + formatFixed(-missing) + " dots too many: leave the rest for " +
               (s.session + 1 < static_cast<int>(level.sessions.size()) ? "the later sessions"
                                                                        : "nobody — the design is full");
    else
        why += " — as planned";
    b.add("layering-share", "", label, s.shareRatio, d, why);
}

void addSessionMetrics(ScorecardBuilder& b, const SessionLayering& s, const Level& level) {
    const std::string name = capitalised(sessionName(s.session));
    addShare(b, s, level, name + ": share");
    addDensity(b, s, level, name + ": density");
    if (s.gapsFilled) {
        const MetricDefaults d = metricDefaults("layering-gaps", s.placed);
        std::string why = s.session == 0
                              ? sessionName(0) + " covered " + formatPercent(*s.gapsFilled) +
                                    " of the design at its density"
                              : sessionName(s.session) + " filled " + formatPercent(*s.gapsFilled) +
                                    " of the gaps the healed earlier sessions left";
        if (*s.gapsFilled < d.band.min)
            why += s.session == 0 ? ": spread the dots over the whole design"
                                  : ": place new dots between the healed ones";
        b.add("layering-gaps", "", name + ": gaps filled", *s.gapsFilled, d, why);
    }
    if (s.spreadLeft) {
        const MetricDefaults d = metricDefaults("layering-spread", s.placed);
        std::string why = formatPercent(*s.spreadLeft) + " of the design has no dot of " +
                          sessionName(s.session) + " within " + formatFixed(s.spreadRadiusMm, 1) + " mm";
        why += *s.spreadLeft > d.band.max ? ": spread the session over the whole design, into every gap"
                                          : " — the session spread over the whole design";
        b.add("layering-spread", "", name + ": spread", *s.spreadLeft, d, why);
        b.fault(sessionName(s.session) + " bunched up: " + formatPercent(*s.spreadLeft) +
                " of the design has none of its dots within " + formatFixed(s.spreadRadiusMm, 1) +
                " mm — spread each session over the whole design, into the gaps");
    }
    if (s.stackingFraction) {
        const MetricDefaults d = metricDefaults("layering-stacking", s.placed);
        std::string why = formatPercent(*s.stackingFraction) + " of " + sessionName(s.session) + "'s dots (" +
                          std::to_string(s.stacked) + ") landed on earlier healed dots";
        why += *s.stackingFraction > d.band.max
                   ? ": they darken and blur a dot that is already there instead of filling a gap"
                   : " — new dots went into the gaps";
        b.add("layering-stacking", "", name + ": stacking", *s.stackingFraction, d, why);
    }
    if (s.shadeFraction) {
        const SessionSpec& spec = level.sessions[static_cast<size_t>(s.session)];
        const MetricDefaults d = metricDefaults("layering-shade", s.shadeKnown);
        std::string why = formatPercent(*s.shadeFraction) + " of " + sessionName(s.session) +
                          "'s strikes in " + spec.shade + " at " + formatPercent(spec.dilution) +
                          " strength, as the session asks";
        if (*s.shadeFraction < d.band.min)
            why += s.session == 0 ? ": start lighter — the first session sets a soft base"
                                  : ": switch to the session's shade";
        b.add("layering-shade", "", name + ": shade", *s.shadeFraction, d, why);
    }
}

SessionLayering layerSession(const LevelContext& ctx, const HealingModel& model, std::span<const Dot> dots,
                             int k, const Samples& samples) {
    const Level& level = ctx.level();
    const int count = static_cast<int>(level.sessions.size());
    const SessionSpec& spec = level.sessions[static_cast<size_t>(k)];
    const int wantedShade = shadeIndexOf(spec.shade).value_or(-1);
    SessionLayering out;
    out.session = k;

    std::vector<Vec2> earlier, fresh;
    std::vector<double> earlierDiameter;
    std::vector<const Dot*> freshDots;
    for (const Dot& d : dots) {
        const int s = sessionOf(d, count);
        if (s < k) {
            const HealedDot h = model.at(d, ageAtSessionStart(level, s, k));
            if (h.lost()) continue; // a lost dot leaves a gap for this session to fill
            earlier.push_back(d.pos);
            earlierDiameter.push_back(h.diameterMm);
            if (inDesign(ctx, d.pos)) ++out.earlierVisible;
        } else if (s == k) {
            fresh.push_back(d.pos);
            freshDots.push_back(&d);
            ++out.placed;
            if (inDesign(ctx, d.pos)) ++out.inDesign;
            const HealedDot h = model.healed(d);
            out.lost += h.lost() ? 1 : 0;
            out.blowouts += (h.flags & kHealBlowout) ? 1 : 0;
            // Strikes on a scar are judged by scar-tone: a stronger pigment there is skill, not a slip.
            const Pigment pigment = decodePigment(d.shade);
            if (pigment.shadeIndex >= 0 && h.scar < 0) {
                ++out.shadeKnown;
                if (pigment.shadeIndex == wantedShade &&
                    std::fabs(pigment.dilution - spec.dilution) <= kShadeDilutionTolerance + 1e-9)
                    ++out.shadeMatched;
            }
        }
    }

    double expected = 0.0;
    for (size_t z = 0; z < level.zones.size(); ++z)
        expected += ctx.expectedInZone(z);
    out.targetCount = expected * spec.cumulativeFraction;
    if (out.targetCount > 0.0) out.cumulativeRatio = (out.earlierVisible + out.inDesign) / out.targetCount;
    const double previous = k > 0 ? level.sessions[static_cast<size_t>(k - 1)].cumulativeFraction : 0.0;
    out.shareTarget = expected * (spec.cumulativeFraction - previous);
    if (out.shareTarget > 0.0) out.shareRatio = out.inDesign / out.shareTarget;

    PackedPointGrid earlierGrid;
    if (!earlier.empty()) earlierGrid.build(earlier);

    if (k > 0 && !earlier.empty() && out.placed > 0) {
        const double ratio = level.healing.freshToHealed;
        for (size_t i = 0; i < fresh.size(); ++i) {
            const Neighbour nb = earlierGrid.nearest(fresh[i]);
            if (!nb.found()) continue;
            const double onTop = 0.5 * ctx.field().minSpacingMm(fresh[i]);
            const double touching = 0.5 * (earlierDiameter[nb.id] + freshDots[i]->diameterMm / ratio);
            if (nb.distance() < std::max(onTop, touching)) ++out.stacked;
        }
        out.stackingFraction = static_cast<double>(out.stacked) / out.placed;
    }
    if (out.shadeKnown > 0) out.shadeFraction = static_cast<double>(out.shadeMatched) / out.shadeKnown;

    if (!samples.empty()) {
        // Gap radius per sample; a dot covers the samples within it. Covered before the session
        // by the earlier visible dots, then by the session's own.
        const double f = spec.cumulativeFraction;
        const Reach gap = reachAt(samples, kGapRadiusFactor, f);
        std::vector<uint8_t> covered(samples.lambda.size(), 0);
        for (const Vec2 p : earlier)
            cover(samples, gap.r2, gap.rMax, p, covered);
        const int64_t before = uncoveredOnDesign(samples, covered);
        for (const Vec2 p : fresh)
            cover(samples, gap.r2, gap.rMax, p, covered);
        const int64_t after = uncoveredOnDesign(samples, covered);
        out.gapBeforeMm2 = static_cast<double>(before) * samples.cellAreaMm2;
        out.gapAfterMm2 = static_cast<double>(after) * samples.cellAreaMm2;
        // The last session's gaps are the final look's, judged there (see the header).
        if (before > 0 && k + 1 < count)
            out.gapsFilled = 1.0 - static_cast<double>(after) / static_cast<double>(before);

        // How much of the design the session's own dots reach (layering-spread).
        const double share = k > 0 ? f - level.sessions[static_cast<size_t>(k - 1)].cumulativeFraction : 0.0;
        if (k > 0 && share > 0.0 && out.placed > 0) {
            const Reach spread = reachAt(samples, kSpreadFactor, share);
            std::vector<uint8_t> reached(samples.lambda.size(), 0);
            for (const Vec2 p : fresh)
                cover(samples, spread.r2, spread.rMax, p, reached);
            const int64_t design =
                std::count_if(samples.lambda.begin(), samples.lambda.end(), [](double l) { return l > 0.0; });
            const int64_t left = uncoveredOnDesign(samples, reached);
            if (design > 0) out.spreadLeft = static_cast<double>(left) / static_cast<double>(design);
            double expected = 0.0, area = 0.0;
            for (size_t z = 0; z < level.zones.size(); ++z) {
                expected += ctx.expectedInZone(z);
                area += ctx.usableAreaMm2(z);
            }
            out.spreadRadiusMm = expected > 0.0 ? kSpreadFactor / std::sqrt(share * expected / area) : 0.0;
        }
    }

    ScorecardBuilder b(level, out.placed);
    addSessionMetrics(b, out, level);
    out.card = b.finish();
    return out;
}

std::vector<ScarMatch> matchScars(const LevelContext& ctx, const std::vector<HealedDot>& look,
                                  const std::vector<uint32_t>& survivors) {
    const Level& level = ctx.level();
    std::vector<ScarMatch> out;
    for (size_t i = 0; i < level.scars.size(); ++i) {
        const Scar& scar = level.scars[i];
        if (scar.outline.empty()) continue;
        Rect near = bounds(scar.outline);
        near.min = near.min - Vec2{kScarRingMm, kScarRingMm};
        near.max = near.max + Vec2{kScarRingMm, kScarRingMm};
        const auto inRing = [&](Vec2 p, int scarUnder) {
            return scarUnder < 0 && near.contains(p) && distanceToBoundary(scar.outline, p) <= kScarRingMm;
        };
        const auto scarAt = [&](Vec2 p) {
            for (size_t j = 0; j < level.scars.size(); ++j)
                if (!level.scars[j].outline.empty() && contains(level.scars[j].outline, p))
                    return static_cast<int>(j);
            return -1;
        };
        ScarMatch m;
        m.scar = static_cast<int>(i);
        // Expected counts on a grid of its own, fine enough for a scar a few mm wide (the gap
        // samples, ~0.35 spacing units apart, would misjudge a 4 mm strip by 5 %).
        double expectedOn = 0.0, expectedAround = 0.0;
        const double h = std::max(0.01, std::sqrt(near.area() / kScarSamples));
        for (double y = near.min.y + 0.5 * h; y < near.max.y; y += h)
            for (double x = near.min.x + 0.5 * h; x < near.max.x; x += h) {
                const Vec2 p{x, y};
                const double lambda = ctx.field().perMm2(p);
                if (lambda <= 0.0) continue;
                const int under = scarAt(p);
                if (under == static_cast<int>(i))
                    expectedOn += lambda * h * h;
                else if (inRing(p, under))
                    expectedAround += lambda * h * h;
            }
        double toneOn = 0.0, toneAround = 0.0;
        for (const uint32_t idx : survivors) {
            const HealedDot& h = look[idx];
            if (!inDesign(ctx, h.pos)) continue;
            if (h.scar == static_cast<int>(i)) {
                ++m.dotsOn;
                toneOn += healedTone(h, scar.tissue);
            } else if (inRing(h.pos, h.scar)) {
                ++m.dotsAround;
                toneAround += healedTone(h, level.canvas.skin.rgb);
            }
        }
        m.expectedOn = expectedOn;
        m.expectedAround = expectedAround;
        if (expectedOn > 0.0 && expectedAround > 0.0 && m.dotsAround > 0)
            m.densityRatio = (m.dotsOn / expectedOn) / (m.dotsAround / expectedAround);
        if (m.dotsOn > 0 && m.dotsAround > 0 && toneAround > 0.0)
            m.toneRatio = (toneOn / m.dotsOn) / (toneAround / m.dotsAround);
        out.push_back(m);
    }
    return out;
}

void addScarMetrics(ScorecardBuilder& b, const Level& level, const ScarMatch& m) {
    const Scar& scar = level.scars[static_cast<size_t>(m.scar)];
    if (m.densityRatio) {
        // A scar under 75 % or over 125 % of the density around it shows as a stripe, unless
        // the scar is so small that even work strays that far by chance (scarDensityDefaults).
        const MetricDefaults d = scarDensityDefaults(m.expectedOn, m.expectedAround);
        const double r = *m.densityRatio;
        std::string why = "the scar holds " + formatPercent(r) + " of the density of the skin around it";
        if (r < d.band.min)
            why += ": add dots on the scar — it must not show as a bare stripe";
        else if (r > d.band.max)
            why += ": too many dots on the scar — it will read as a dark patch";
        else
            why += " — blended in";
        b.add("scar-density", scar.id, "Scar density — " + scar.id, r, d, why);
    }
    if (m.toneRatio) {
        const MetricDefaults d{{0.8, 1.2}, 0.3, 1.0, 50.0};
        const double r = *m.toneRatio;
        std::string why;
        if (r < d.band.min)
            why = "healed dots on the scar read " + formatPercent(1.0 - r) +
                  " lighter than around it: scar tissue keeps less pigment — use a stronger shade there";
        else if (r > d.band.max)
            why = "healed dots on the scar read " + formatPercent(r - 1.0) +
                  " darker than around it: use a lighter shade there";
        else
            why = "healed dots on the scar match the tone around it";
        b.add("scar-tone", scar.id, "Scar tone — " + scar.id, r, d, why);
    }
}

/// Re-adds a finished metric to another scorecard (its band, weight, pass mark, gate and fault
/// phrase as they were).
void carry(ScorecardBuilder& b, const MetricResult& m) {
    b.add(m.id, m.zone, m.label, m.value, MetricDefaults{m.band, m.falloff, m.weight, m.passMark, m.gate},
          m.explanation);
    if (!m.fault.empty()) b.fault(m.fault);
}

/// Every session's own rows, so that a session whose row fails fails the attempt: each keeps
/// its label ("Session 2: gaps filled"), band and pass mark, its zone names the session
/// ("session-2"), and its weight is shared among the sessions (the layering metrics weigh in
/// the total as one metric each, however many sessions the level has).
void addSessionRows(ScorecardBuilder& b, const std::vector<SessionLayering>& sessions) {
    std::map<std::string, int> rows;
    for (const auto& s : sessions)
        for (const auto& m : s.card.metrics)
            ++rows[m.id];
    for (const auto& s : sessions)
        for (MetricResult m : s.card.metrics) {
            m.zone = "session-" + std::to_string(s.session + 1);
            m.weight /= rows[m.id];
            carry(b, m);
        }
}

} // namespace

MetricDefaults scarDensityDefaults(double expectedOn, double expectedAround) {
    constexpr double falloff = 0.2;
    double fail = kScarStripe;
    if (expectedOn > 0.0 && expectedAround > 0.0)
        fail = std::max(fail,
                        kScarNoiseZ * std::sqrt(kEvennessNoise * (1.0 / expectedOn + 1.0 / expectedAround)));
    const double half = fail - 0.5 * falloff;
    return {{1.0 - half, 1.0 + half}, falloff, 2.0, 50.0};
}

double healedTone(const HealedDot& dot, Rgb tissue) {
    const auto luminance = [](Rgb c) { return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b; };
    const double background = luminance(tissue);
    if (!(background > 0.0)) return 0.0;
    return std::clamp(dot.opacity * (background - luminance(dot.colour)) / background, 0.0, 1.0);
}

SessionLayering scoreSession(const LevelContext& context, const HealingModel& model,
                             std::span<const Dot> dots, int session) {
    return layerSession(context, model, dots, session, designSamples(context));
}

LayeredScore scoreLayered(const LevelContext& context, std::span<const Dot> dots, const AttemptInfo& info,
                          uint64_t healingSeed) {
    const Level& level = context.level();
    const HealingModel model(level, healingSeed);
    LayeredScore out;

    // Without recorded depths, every dot is taken as placed well (the middle of its band).
    std::vector<Dot> withDepth;
    if (!info.depthKnown) {
        withDepth.assign(dots.begin(), dots.end());
        for (Dot& d : withDepth) {
            const Range band = model.depthBandAt(d.pos);
            d.depthMm = static_cast<float>(0.5 * (band.min + band.max));
        }
        dots = withDepth;
    }

    out.finalLook = model.finalLook(dots);
    std::vector<Dot> visible;
    std::vector<double> healedDiameters;
    for (size_t i = 0; i < dots.size(); ++i) {
        if (out.finalLook[i].lost()) {
            ++out.lost;
            continue;
        }
        out.survivors.push_back(static_cast<uint32_t>(i));
        visible.push_back(dots[i]);
        healedDiameters.push_back(out.finalLook[i].diameterMm);
    }
    AttemptInfo healedInfo = info;
    healedInfo.depthKnown = false; // depth is judged on the strikes, below
    healedInfo.elapsedSeconds = 0.0;
    healedInfo.healedDiametersMm = healedDiameters;
    out.healedLook = scoreAttempt(context, visible, healedInfo);

    const Samples samples = designSamples(context);
    for (int k = 0; k < static_cast<int>(level.sessions.size()); ++k)
        out.sessions.push_back(layerSession(context, model, dots, k, samples));
    out.scars = matchScars(context, out.finalLook, out.survivors);

    ScorecardBuilder b(level, static_cast<double>(visible.size()));
    for (const auto& m : out.healedLook.card.metrics)
        carry(b, m);
    if (info.depthKnown || info.elapsedSeconds > 0.0) {
        // Depth, blowouts and pace belong to every strike, including the ones healing lost.
        AttemptInfo strikeInfo = info;
        strikeInfo.pictureDetails = false;
        const Scorecard strikes = scoreAttempt(context, dots, strikeInfo).card;
        for (const char* id : {"depth", "blowouts", "pace"})
            if (const MetricResult* m = strikes.find(id)) carry(b, *m);
    }
    if (!dots.empty()) {
        const double fraction = static_cast<double>(out.lost) / static_cast<double>(dots.size());
        b.add("lost", "", "Lost at healing", fraction, MetricDefaults{{0.0, 0.05}, 0.25, 1.0, 50.0},
              out.lost == 0 ? "every dot held its pigment through healing"
                            : std::to_string(out.lost) + (out.lost == 1 ? " dot" : " dots") + " (" +
                                  formatPercent(fraction) +
                                  ") faded away as the scabs fell: too shallow, or too little pigment kept");
    }
    if (level.sessions.size() > 1) addSessionRows(b, out.sessions);
    for (const auto& m : out.scars)
        addScarMetrics(b, level, m);
    out.card = b.finish();
    return out;
}

} // namespace stipple
