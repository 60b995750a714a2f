#include "support/natural_work.h"

#include "pattern/example_attempts.h"
#include "spatial/point_grid.h"

#include <algorithm>
#include <cmath>

namespace stipple::test {

namespace {

constexpr double kPi = 3.14159265358979323846;

struct ZoneSampler {
    const LevelContext& ctx;
    size_t zone;
    Rect box;
    double lambdaMax = 0.0; ///< the zone's largest density, dots/mm²

    ZoneSampler(const LevelContext& c, size_t z) : ctx(c), zone(z) {
        const Zone& zn = c.level().zones[z];
        box = bounds(zn.outline);
        const double back =
            c.level().hairline && c.level().hairline->zoneId == zn.id
                ? std::max({1.0, c.level().hairline->backFraction, c.level().hairline->frontFraction})
                : 1.0;
        lambdaMax = zn.densityPerCm2 / 100.0 * back;
    }
    /// λ at p when the zone takes dots there, else 0.
    double lambda(Vec2 p) const {
        if (ctx.field().zoneAt(p) != static_cast<int>(zone)) return 0.0;
        return ctx.field().perMm2(p);
    }
    Vec2 uniform(Rng& rng) const {
        return {rng.uniform(box.min.x, box.max.x), rng.uniform(box.min.y, box.max.y)};
    }
    /// A candidate drawn with density ∝ λ (rejection from the bounding box).
    Vec2 draw(Rng& rng, double& lambdaAt) const {
        for (;;) {
            const Vec2 p = uniform(rng);
            lambdaAt = lambda(p);
            if (lambdaAt > 0.0 && rng.uniform() * lambdaMax < lambdaAt) return p;
        }
    }
};

double nearestDistance(const PointGrid& grid, Vec2 p) {
    const Neighbour nb = grid.nearest(p);
    return nb.found() ? nb.distance() : INFINITY;
}

} // namespace

const char* generatorName(Generator g) {
    switch (g) {
    case Generator::Inhibition:
        return "sequential inhibition, random radius";
    case Generator::JitteredHex:
        return "jittered hexagonal lattice, rotated";
    case Generator::SoftCore:
        return "soft-core dart throwing";
    }
    return "?";
}

std::vector<Vec2> placeInZone(const LevelContext& ctx, Generator g, size_t zone, size_t count,
                              double fraction, std::vector<Vec2>& placed, Rng& rng) {
    const Level& level = ctx.level();
    const ZoneSampler zs(ctx, zone);
    std::vector<Vec2> out;
    if (count == 0 || !(zs.lambdaMax > 0.0) || zs.box.empty()) return out;
    const double f = std::max(fraction, 1e-3);
    PointGrid grid(GridLayout(level.canvas.rect(), std::max(0.2, 0.7 / std::sqrt(zs.lambdaMax))));
    grid.reserve(placed.size() + 2 * count + 16);
    for (size_t i = 0; i < placed.size(); ++i)
        grid.insert(static_cast<uint32_t>(i), placed[i]);
    const auto add = [&](Vec2 p) {
        grid.insert(static_cast<uint32_t>(placed.size()), p);
        placed.push_back(p);
        out.push_back(p);
    };

    // The two dart-throwing generators: candidates ∝ λ, kept by the generator's rule. When the
    // zone is nearly full the rule relaxes a little (a hand squeezes in the last dots).
    const auto throwDarts = [&](size_t want, bool soft) {
        double relax = 1.0;
        int misses = 0;
        while (out.size() < want) {
            double lambda = 0.0;
            const Vec2 p = zs.draw(rng, lambda);
            const double unit = 1.0 / std::sqrt(f * lambda); // natural spacing at this session's density
            // (Only a zone packed to its limit makes the hand give way on the minimum spacing.)
            const double minSpacing = ctx.field().minSpacingMm(p) * std::min(1.0, 1.25 * relax);
            const double d = nearestDistance(grid, p);
            bool keep;
            if (soft) {
                // A soft wall a little inside the minimum spacing, then a steep rise.
                const double sigma = 0.80 * unit * relax;
                keep = d >= 0.95 * minSpacing && rng.uniform() < 1.0 - std::exp(-std::pow(d / sigma, 8.0));
            } else {
                keep = d >= std::max(minSpacing, rng.uniform(0.58, 0.86) * unit * relax);
            }
            if (keep) {
                add(p);
                misses = 0;
            } else if (++misses > 3000) {
                relax *= 0.97;
                misses = 0;
            }
        }
    };

    switch (g) {
    case Generator::Inhibition:
        throwDarts(count, false);
        break;
    case Generator::SoftCore:
        throwDarts(count, true);
        break;
    case Generator::JitteredHex: {
        // The lattice at this session's own density where the zone is at full density; the
        // hairline ramp thins it.
        const double expected = ctx.expectedInZone(zone);
        const double base = level.zones[zone].densityPerCm2 / 100.0;
        const double lambdaSession = base * static_cast<double>(count) / std::max(expected, 1.0);
        const double s = std::sqrt(2.0 / (std::sqrt(3.0) * lambdaSession));
        const double theta = rng.uniform(0.0, kPi / 3.0);
        const Vec2 u{std::cos(theta) * s, std::sin(theta) * s};
        const Vec2 v{std::cos(theta + kPi / 3.0) * s, std::sin(theta + kPi / 3.0) * s};
        const Vec2 origin = zs.box.min + Vec2{rng.uniform(0.0, s), rng.uniform(0.0, s)};
        const double reach = std::hypot(zs.box.width(), zs.box.height()) / (0.5 * s) + 2.0;
        const int span = static_cast<int>(std::ceil(reach));
        std::vector<Vec2> sites;
        for (int j = -span; j <= span; ++j)
            for (int i = -span; i <= span; ++i) {
                const Vec2 p = origin + u * i + v * j;
                if (zs.box.contains(p)) sites.push_back(p);
            }
        for (size_t i = sites.size(); i > 1; --i)
            std::swap(sites[i - 1], sites[static_cast<size_t>(rng.below(i))]);
        for (const Vec2 site : sites) {
            const double lambda = zs.lambda(site);
            if (!(lambda > 0.0) || rng.uniform() * base >= lambda) continue;
            // Up to half a spacing off the site: the best of three tries away from the dots there.
            Vec2 best = site;
            double bestD = -1.0;
            for (int t = 0; t < 4; ++t) {
                const double r = 0.5 * s * std::sqrt(rng.uniform());
                const double a = rng.uniform(0.0, 2.0 * kPi);
                const Vec2 q = site + Vec2{r * std::cos(a), r * std::sin(a)};
                if (!(zs.lambda(q) > 0.0)) continue;
                const double d = nearestDistance(grid, q);
                if (d > bestD) {
                    bestD = d;
                    best = q;
                }
            }
            // A trained hand keeps the minimum spacing: no room here, the site is left out.
            if (bestD < ctx.field().minSpacingMm(best)) continue;
            add(best);
        }
        // Exactly `count`: drop surplus dots at random, or fill the last gaps by inhibition.
        while (out.size() > count) {
            const size_t k = static_cast<size_t>(rng.below(out.size()));
            const Vec2 p = out[k];
            out.erase(out.begin() + static_cast<std::ptrdiff_t>(k));
            const auto it = std::find_if(placed.rbegin(), placed.rend(), [&](Vec2 q) { return q == p; });
            grid.remove(static_cast<uint32_t>(placed.rend() - it - 1));
            placed.erase(std::next(it).base());
            // Ids above the removed one shift by one: rebuild (rare; a few dots per zone).
            grid.clear();
            for (size_t i = 0; i < placed.size(); ++i)
                grid.insert(static_cast<uint32_t>(i), placed[i]);
        }
        if (out.size() < count) throwDarts(count, false);
        break;
    }
    }
    return out;
}

Dot naturalDot(const Level& level, Vec2 p, int session, int tick, Rng& rng) {
    const Zone* zone = nullptr;
    for (const auto& z : level.zones)
        if (!zone && contains(z.outline, p)) zone = &z;
    const Range depth = zone ? zone->depthMm : Range{0.5, 1.0};
    const Range healed = zone ? zone->healedDiameterMm : Range{0.1, 0.3};
    const double dw = depth.max - depth.min, hw = healed.max - healed.min;
    Dot d;
    d.pos = p;
    d.depthMm = static_cast<float>(rng.uniform(depth.min + 0.1 * dw, depth.max - 0.1 * dw));
    d.diameterMm = static_cast<float>(rng.uniform(healed.min + 0.2 * hw, healed.max - 0.2 * hw) *
                                      level.healing.freshToHealed);
    d.session = static_cast<int16_t>(session);
    d.shade = skilledPigment(level, session, p);
    d.tick = tick;
    return d;
}

std::vector<Dot> naturalAttempt(const LevelContext& ctx, Generator g, uint64_t seed, double scale) {
    Rng rng(seed);
    std::vector<Vec2> placed;
    std::vector<Dot> dots;
    for (size_t z = 0; z < ctx.level().zones.size(); ++z) {
        const size_t n = static_cast<size_t>(std::llround(ctx.expectedInZone(z) * scale));
        for (const Vec2 p : placeInZone(ctx, g, z, n, scale, placed, rng))
            dots.push_back(naturalDot(ctx.level(), p, 0, static_cast<int>(dots.size()) * 60, rng));
    }
    return dots;
}

std::vector<Dot> naturalLayered(const LevelContext& ctx, Generator g, uint64_t seed, double scale) {
    const Level& level = ctx.level();
    Rng rng(seed);
    std::vector<Vec2> placed;
    std::vector<Dot> dots;
    double before = 0.0;
    for (size_t k = 0; k < level.sessions.size(); ++k) {
        const double fraction = level.sessions[k].cumulativeFraction;
        for (size_t z = 0; z < level.zones.size(); ++z) {
            // Whole dots per session, so that the sessions sum to the final count.
            const double total = ctx.expectedInZone(z) * scale;
            const size_t n =
                static_cast<size_t>(std::llround(total * fraction) - std::llround(total * before));
            for (const Vec2 p : placeInZone(ctx, g, z, n, fraction * scale, placed, rng))
                dots.push_back(
                    naturalDot(level, p, static_cast<int>(k), static_cast<int>(dots.size()) * 60, rng));
        }
        before = fraction;
    }
    return dots;
}

} // namespace stipple::test

namespace stipple::test {

const char* layerFaultName(LayerFault f) {
    switch (f) {
    case LayerFault::ClumpedLater:
        return "session 2 in a few patches";
    case LayerFault::StackedLater:
        return "later sessions stacked on healed dots";
    case LayerFault::FrontLoaded:
        return "the density put in session 1";
    case LayerFault::ShortSession:
        return "session 2 short of its share";
    case LayerFault::ShadeIgnored:
        return "the plan's shades ignored";
    case LayerFault::ScarDensity:
        return "the scar off the density around it";
    }
    return "?";
}

namespace {

bool onScar(const Level& level, Vec2 p) {
    for (const auto& s : level.scars)
        if (!s.outline.empty() && contains(s.outline, p)) return true;
    return false;
}

/// Layered work with session shares given as cumulative fractions of the final count.
std::vector<Dot> layeredWithShares(const LevelContext& ctx, Generator g, Rng& rng,
                                   const std::vector<double>& cumulative) {
    const Level& level = ctx.level();
    std::vector<Vec2> placed;
    std::vector<Dot> dots;
    double before = 0.0;
    for (size_t k = 0; k < level.sessions.size(); ++k) {
        const double fraction = cumulative[k];
        for (size_t z = 0; z < level.zones.size(); ++z) {
            const double total = ctx.expectedInZone(z);
            const long long n = std::llround(total * fraction) - std::llround(total * before);
            if (n <= 0) continue;
            for (const Vec2 p :
                 placeInZone(ctx, g, z, static_cast<size_t>(n), std::max(fraction, 0.05), placed, rng))
                dots.push_back(
                    naturalDot(level, p, static_cast<int>(k), static_cast<int>(dots.size()) * 60, rng));
        }
        before = fraction;
    }
    return dots;
}

} // namespace

std::vector<Dot> faultyLayered(const LevelContext& ctx, Generator g, LayerFault fault, double amount,
                               uint64_t seed) {
    const Level& level = ctx.level();
    Rng rng(seed);
    std::vector<double> plan;
    for (const auto& s : level.sessions)
        plan.push_back(s.cumulativeFraction);
    const int last = static_cast<int>(plan.size()) - 1;
    switch (fault) {
    case LayerFault::FrontLoaded: {
        std::vector<double> shares = plan;
        shares[0] = amount;
        for (size_t k = 1; k < shares.size(); ++k)
            shares[k] = std::max(shares[k], amount);
        return layeredWithShares(ctx, g, rng, shares);
    }
    case LayerFault::ShortSession: {
        std::vector<double> shares = plan;
        if (shares.size() >= 3) shares[1] = plan[0] + amount * (plan[1] - plan[0]);
        return layeredWithShares(ctx, g, rng, shares);
    }
    case LayerFault::ShadeIgnored: {
        std::vector<Dot> dots = layeredWithShares(ctx, g, rng, plan);
        for (Dot& d : dots)
            if (d.session != last && rng.uniform() < amount) d.shade = skilledPigment(level, last, d.pos);
        return dots;
    }
    case LayerFault::StackedLater: {
        std::vector<Dot> dots = layeredWithShares(ctx, g, rng, plan);
        std::vector<Vec2> earlier;
        for (Dot& d : dots) {
            if (d.session > 0 && !earlier.empty() && rng.uniform() < amount) {
                const Vec2 base = earlier[static_cast<size_t>(rng.below(earlier.size()))];
                const double s = 0.1 * ctx.field().minSpacingMm(base);
                d.pos = base + Vec2{rng.normal(0.0, s), rng.normal(0.0, s)};
            }
            if (d.session == 0) earlier.push_back(d.pos); // dots sorted by session: session 1 first
        }
        return dots;
    }
    case LayerFault::ClumpedLater: {
        // Session 1 natural; session 2 thrown into a few discs covering `amount` of the design,
        // at the minimum spacing from every dot; session 3 natural again.
        std::vector<Vec2> placed;
        std::vector<Dot> dots;
        for (size_t z = 0; z < level.zones.size(); ++z) {
            const size_t n = static_cast<size_t>(std::llround(ctx.expectedInZone(z) * plan[0]));
            for (const Vec2 p : placeInZone(ctx, g, z, n, plan[0], placed, rng))
                dots.push_back(naturalDot(level, p, 0, static_cast<int>(dots.size()) * 60, rng));
        }
        double area = 0.0, expected = 0.0;
        for (size_t z = 0; z < level.zones.size(); ++z) {
            area += ctx.usableAreaMm2(z);
            expected += ctx.expectedInZone(z);
        }
        const int clumps = 4;
        const double radius = std::sqrt(amount * area / (clumps * 3.14159265358979));
        std::vector<Vec2> centres;
        while (centres.size() < static_cast<size_t>(clumps)) {
            const Rect box = level.canvas.rect();
            const Vec2 c{rng.uniform(box.min.x, box.max.x), rng.uniform(box.min.y, box.max.y)};
            if (ctx.field().perMm2(c) > 0.0) centres.push_back(c);
        }
        PointGrid grid(GridLayout(level.canvas.rect(), 1.0));
        for (size_t i = 0; i < placed.size(); ++i)
            grid.insert(static_cast<uint32_t>(i), placed[i]);
        const size_t want = static_cast<size_t>(std::llround(expected * (plan[1] - plan[0])));
        double relax = 1.0;
        int misses = 0;
        for (size_t added = 0; added < want;) {
            const Vec2 c = centres[static_cast<size_t>(rng.below(centres.size()))];
            const double r = radius * std::sqrt(rng.uniform()), a = rng.uniform(0.0, 6.283185307179586);
            const Vec2 p = c + Vec2{r * std::cos(a), r * std::sin(a)};
            if (!(ctx.field().perMm2(p) > 0.0)) continue;
            const Neighbour nb = grid.nearest(p);
            if (nb.found() && nb.distance() < ctx.field().minSpacingMm(p) * relax) {
                if (++misses > 3000) {
                    relax *= 0.97;
                    misses = 0;
                }
                continue;
            }
            misses = 0;
            grid.insert(static_cast<uint32_t>(placed.size()), p);
            placed.push_back(p);
            dots.push_back(naturalDot(level, p, 1, static_cast<int>(dots.size()) * 60, rng));
            ++added;
        }
        for (size_t k = 2; k < plan.size(); ++k)
            for (size_t z = 0; z < level.zones.size(); ++z) {
                const double total = ctx.expectedInZone(z);
                const long long n = std::llround(total * plan[k]) - std::llround(total * plan[k - 1]);
                for (const Vec2 p :
                     placeInZone(ctx, g, z, static_cast<size_t>(std::max(0LL, n)), plan[k], placed, rng))
                    dots.push_back(
                        naturalDot(level, p, static_cast<int>(k), static_cast<int>(dots.size()) * 60, rng));
            }
        return dots;
    }
    case LayerFault::ScarDensity: {
        std::vector<Dot> dots = layeredWithShares(ctx, g, rng, plan);
        if (amount <= 1.0) {
            std::erase_if(dots,
                          [&](const Dot& d) { return onScar(level, d.pos) && rng.uniform() >= amount; });
            return dots;
        }
        // More on the scar: per session, extra dots thrown on the scar between those there.
        std::vector<Dot> extra;
        PointGrid grid(GridLayout(level.canvas.rect(), 0.5));
        for (size_t i = 0; i < dots.size(); ++i)
            grid.insert(static_cast<uint32_t>(i), dots[i].pos);
        uint32_t next = static_cast<uint32_t>(dots.size());
        for (const auto& scar : level.scars) {
            const Rect box = bounds(scar.outline);
            for (int k = 0; k <= last; ++k) {
                size_t on = 0;
                for (const Dot& d : dots)
                    on += d.session == k && contains(scar.outline, d.pos) ? 1 : 0;
                const size_t want =
                    static_cast<size_t>(std::llround((amount - 1.0) * static_cast<double>(on)));
                double r = 0.9 * ctx.field().minSpacingMm((box.min + box.max) * 0.5);
                for (size_t added = 0, misses = 0; added < want;) {
                    const Vec2 p{rng.uniform(box.min.x, box.max.x), rng.uniform(box.min.y, box.max.y)};
                    if (!contains(scar.outline, p) || !(ctx.field().perMm2(p) > 0.0)) continue;
                    const Neighbour nb = grid.nearest(p);
                    if (nb.found() && nb.distance() < r) {
                        if (++misses > 2000) {
                            r *= 0.95;
                            misses = 0;
                        }
                        continue;
                    }
                    grid.insert(next++, p);
                    extra.push_back(naturalDot(level, p, k, 0, rng));
                    ++added;
                }
            }
        }
        dots.insert(dots.end(), extra.begin(), extra.end());
        std::stable_sort(dots.begin(), dots.end(),
                         [](const Dot& a, const Dot& b) { return a.session < b.session; });
        for (size_t i = 0; i < dots.size(); ++i)
            dots[i].tick = static_cast<int>(i) * 60;
        return dots;
    }
    }
    return {};
}

} // namespace stipple::test
