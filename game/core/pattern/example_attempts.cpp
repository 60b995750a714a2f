#include "pattern/example_attempts.h"

#include "healing/healing_model.h"
#include "ink/density_field.h"
#include "ink/pigment.h"
#include "level/vocabulary.h"
#include "pattern/poisson_disk.h"
#include "random/rng.h"
#include "random/shuffle.h"
#include "spatial/point_grid.h"

#include <algorithm>
#include <cmath>

namespace stipple {

std::optional<AttemptStyle> parseAttemptStyle(const std::string& name) {
    if (name == "good") return AttemptStyle::Good;
    if (name == "sparse") return AttemptStyle::Sparse;
    if (name == "clumped") return AttemptStyle::Clumped;
    if (name == "grid") return AttemptStyle::Grid;
    if (name == "layered") return AttemptStyle::Layered;
    if (name == "stacked") return AttemptStyle::Stacked;
    return std::nullopt;
}

const char* attemptStyleName(AttemptStyle style) {
    switch (style) {
    case AttemptStyle::Good:
        return "good";
    case AttemptStyle::Sparse:
        return "sparse";
    case AttemptStyle::Clumped:
        return "clumped";
    case AttemptStyle::Grid:
        return "grid";
    case AttemptStyle::Layered:
        return "layered";
    case AttemptStyle::Stacked:
        return "stacked";
    }
    return "good";
}

namespace {

/// Where a dot may go: inside a zone (density > 0) or, for drills without zones, the canvas.
bool placeable(const Level& level, const DensityField& field, Vec2 p) {
    if (!level.canvas.rect().contains(p)) return false;
    return level.zones.empty() ? true : field.perMm2(p) > 0.0;
}

ExampleDot dotAt(const Level& level, const DensityField& field, Vec2 p, Rng& rng) {
    ExampleDot d;
    d.pos = p;
    const int z = field.zoneAt(p);
    const Zone* zone = z >= 0 ? &level.zones[static_cast<size_t>(z)] : nullptr;
    const Range size = zone ? zone->healedDiameterMm : Range{0.15, 0.25};
    const Range depth = zone ? zone->depthMm : Range{0.5, 1.0};
    // A steady hand: sizes and depths vary a little around the middle of their bands.
    d.diameterMm = std::clamp(0.5 * (size.min + size.max) + rng.normal(0.0, 0.1 * (size.max - size.min)),
                              size.min, size.max);
    d.depthMm = std::clamp(0.5 * (depth.min + depth.max) + rng.normal(0.0, 0.1 * (depth.max - depth.min)),
                           depth.min, depth.max);
    return d;
}

double localSpacing(const DensityField& field, Vec2 p, double fallback) {
    const double lambda = field.perMm2(p);
    return lambda > 0.0 ? 1.0 / std::sqrt(lambda) : fallback;
}

/// Session of each ideal point for work that layers well: session k takes a well-spread share
/// of the points — none closer than 0.75 / √(F_k · λ) to a point already taken, the radius
/// shrinking when a pass over the points finds too few — until the cumulative count reaches
/// the session's fraction F_k; the last session takes the rest. Each session's dots thus fall
/// into the gaps of the earlier ones, and together they are the ideal pattern.
std::vector<int> layeredSessions(const Level& level, const DensityField& field,
                                 const std::vector<Vec2>& ideal, Rng& rng) {
    const int sessions = static_cast<int>(level.sessions.size());
    std::vector<int> session(ideal.size(), sessions - 1);
    if (sessions < 2 || ideal.empty()) return session;
    std::vector<size_t> order(ideal.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    shuffle(order, rng);
    PointGrid taken(GridLayout::forPoints(level.canvas.rect(), ideal.size()));
    taken.reserve(ideal.size());
    std::vector<uint8_t> assigned(ideal.size(), 0);
    size_t count = 0;
    for (int k = 0; k + 1 < sessions; ++k) {
        const double fraction = level.sessions[static_cast<size_t>(k)].cumulativeFraction;
        const size_t want = static_cast<size_t>(std::llround(fraction * static_cast<double>(ideal.size())));
        for (double scale = 0.75; count < want && scale > 0.01; scale *= 0.9) {
            for (const size_t i : order) {
                if (count >= want) break;
                if (assigned[i]) continue;
                const Vec2 p = ideal[i];
                const double lambda = field.perMm2(p);
                const double r = lambda > 0.0 ? scale / std::sqrt(fraction * lambda) : 0.0;
                const Neighbour nb = taken.nearest(p);
                if (nb.found() && nb.distanceSquared < r * r) continue;
                assigned[i] = 1;
                session[i] = k;
                taken.insert(static_cast<uint32_t>(i), p);
                ++count;
            }
        }
    }
    return session;
}

} // namespace

/// The pigment code a skilled hand uses at p in session k: the session's shade and dilution
/// on normal scalp; on a scar, which keeps only `uptake` of the pigment, the shade and dilution
/// whose healed tone on the scar tissue comes closest to the session's pigment on the skin
/// (tone = √dilution · uptake · contrast of the ink against the tissue; see healing_model.h).
uint8_t skilledPigment(const Level& level, int k, Vec2 p) {
    const SessionSpec& spec =
        level.sessions[static_cast<size_t>(std::clamp<int>(k, 0, level.sessions.size() - 1))];
    const int shade = shadeIndexOf(spec.shade).value_or(3);
    const double dilution = quantiseDilution(spec.dilution).value_or(1.0);
    const Scar* scar = nullptr;
    for (const auto& s : level.scars)
        if (!scar && !s.outline.empty() && contains(s.outline, p)) scar = &s;
    if (!scar) return pigmentCode(shade, dilution);
    const auto luminance = [](Rgb c) { return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b; };
    const auto tone = [&](int sh, double dil, double uptake, Rgb tissue) {
        const double bg = luminance(tissue);
        return std::sqrt(dil) * uptake * std::max(0.0, bg - luminance(shadeColour(sh))) / bg;
    };
    const double want = tone(shade, dilution, 1.0, level.canvas.skin.rgb);
    int bestShade = shade;
    double bestDilution = dilution, bestError = INFINITY;
    for (int sh = shade; sh < static_cast<int>(knownShades().size()); ++sh)
        for (int steps = 1; steps <= 20; ++steps) {
            const double dil = steps * kDilutionStep;
            const double error = std::fabs(tone(sh, dil, scar->uptake, scar->tissue) - want);
            if (error < bestError - 1e-12) {
                bestError = error;
                bestShade = sh;
                bestDilution = dil;
            }
        }
    return pigmentCode(bestShade, bestDilution);
}

std::vector<ExampleDot> exampleAttempt(const Level& level, AttemptStyle style, uint64_t seed) {
    // Good work on a level with sessions or a scar is layered work: each session its share into
    // the gaps, in its own pigment (all of it in one session fails such a level).
    if (style == AttemptStyle::Good && (level.sessions.size() > 1 || !level.scars.empty()))
        style = AttemptStyle::Layered;
    const DensityField field(level);
    Rng rng(seed);
    std::vector<Vec2> ideal;
    for (const auto& t : targetPattern(level, seed))
        ideal.push_back(t.pos);
    const Rect box = bounds(ideal);
    const double typical = ideal.size() > 1 && box.area() > 0.0 ? std::sqrt(box.area() / ideal.size()) : 1.0;
    std::vector<ExampleDot> out;

    switch (style) {
    case AttemptStyle::Good:
    case AttemptStyle::Sparse:
        for (Vec2 p : ideal) {
            if (style == AttemptStyle::Sparse && rng.uniform() < 0.5) continue;
            // A placement error of 4 % of the local spacing: a trained, steady hand; on a drill
            // with explicit targets at most a quarter of the matching tolerance.
            double s = 0.04 * localSpacing(field, p, typical);
            if (!level.target.dots.empty()) s = std::min(s, 0.25 * level.target.toleranceMm);
            Vec2 q{p.x + rng.normal(0.0, s), p.y + rng.normal(0.0, s)};
            if (!placeable(level, field, q)) q = p;
            out.push_back(dotAt(level, field, q, rng));
        }
        break;
    case AttemptStyle::Clumped: {
        // Thomas-like clusters: one parent per ten dots, each with ten children spread at 0.3 u.
        const size_t parents = std::max<size_t>(1, ideal.size() / 10);
        for (size_t k = 0; k < parents && !ideal.empty(); ++k) {
            const Vec2 parent = ideal[static_cast<size_t>(rng.below(ideal.size()))];
            const double s = 0.3 * localSpacing(field, parent, typical);
            for (int c = 0; c < 10; ++c) {
                for (int attempt = 0; attempt < 20; ++attempt) {
                    const Vec2 q{parent.x + rng.normal(0.0, s), parent.y + rng.normal(0.0, s)};
                    if (!placeable(level, field, q)) continue;
                    out.push_back(dotAt(level, field, q, rng));
                    break;
                }
            }
        }
        break;
    }
    case AttemptStyle::Grid: {
        // Rows and columns at the densest zone's spacing, kept where the field asks for dots
        // (thinned by the local density so that the count is right).
        double densest = 0.0;
        for (const auto& z : level.zones)
            densest = std::max(densest, z.densityPerCm2 / 100.0);
        if (level.zones.empty()) {
            // A drill: a grid with as many dots as targets over the targets' bounding box.
            const double step = typical;
            for (double y = box.min.y + 0.5 * step; y <= box.max.y; y += step)
                for (double x = box.min.x + 0.5 * step; x <= box.max.x; x += step)
                    out.push_back(dotAt(level, field, {x, y}, rng));
            break;
        }
        const double step = 1.0 / std::sqrt(densest);
        for (double y = 0.5 * step; y < level.canvas.heightMm; y += step)
            for (double x = 0.5 * step; x < level.canvas.widthMm; x += step) {
                const Vec2 p{x, y};
                const double lambda = field.perMm2(p);
                if (lambda <= 0.0 || rng.uniform() >= lambda / densest) continue;
                out.push_back(dotAt(level, field, p, rng));
            }
        break;
    }
    case AttemptStyle::Layered:
    case AttemptStyle::Stacked: {
        const std::vector<int> session = layeredSessions(level, field, ideal, rng);
        std::vector<size_t> firstSession;
        for (size_t i = 0; i < ideal.size(); ++i) {
            if (style == AttemptStyle::Stacked && session[i] > 0) continue;
            const Vec2 p = ideal[i];
            const double s = 0.04 * localSpacing(field, p, typical);
            Vec2 q{p.x + rng.normal(0.0, s), p.y + rng.normal(0.0, s)};
            if (!placeable(level, field, q)) q = p;
            out.push_back(dotAt(level, field, q, rng));
            out.back().session = session[i];
            out.back().pigment = skilledPigment(level, session[i], q);
            firstSession.push_back(out.size() - 1);
        }
        if (style == AttemptStyle::Layered || firstSession.empty()) break;
        // Stacked: each later session puts as many dots as it should, each on top of an earlier
        // dot (within a tenth of the minimum spacing), never in the gaps.
        std::vector<size_t> earlier = firstSession;
        for (size_t i = 0; i < ideal.size(); ++i) {
            if (session[i] == 0) continue;
            const ExampleDot base = out[earlier[static_cast<size_t>(rng.below(earlier.size()))]];
            const double s = 0.1 * std::max(0.1, field.minSpacingMm(base.pos));
            Vec2 q{base.pos.x + rng.normal(0.0, s), base.pos.y + rng.normal(0.0, s)};
            if (!placeable(level, field, q)) q = base.pos;
            out.push_back(dotAt(level, field, q, rng));
            out.back().session = session[i];
            out.back().pigment = skilledPigment(level, session[i], q);
        }
        break;
    }
    }
    if (style == AttemptStyle::Layered || style == AttemptStyle::Stacked) {
        // In the order a trainee places them: session by session.
        std::stable_sort(out.begin(), out.end(),
                         [](const ExampleDot& a, const ExampleDot& b) { return a.session < b.session; });
    }
    return out;
}

} // namespace stipple
