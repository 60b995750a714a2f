#include "support/attempt_panel.h"

#include "geometry/polygon.h"
#include "ink/density_field.h"
#include "pattern/example_attempts.h"
#include "random/rng.h"
#include "spatial/point_grid.h"

#include <algorithm>
#include <cmath>
#include <numbers>

using namespace stipple;

namespace panel {

const char* naturalName(Natural g) {
    switch (g) {
    case Natural::Inhibition:
        return "inhibition";
    case Natural::HandLattice:
        return "hand lattice";
    case Natural::SoftDarts:
        return "soft darts";
    }
    return "?";
}

const char* faultName(Fault f) {
    switch (f) {
    case Fault::UnderDense:
        return "75 % density";
    case Fault::OverDense:
        return "130 % density";
    case Fault::BaldPatch:
        return "bald patch of 15 % of a zone";
    case Fault::Spill:
        return "8 % spill";
    case Fault::TooDeep:
        return "a quarter too deep";
    case Fault::TooShallow:
        return "a quarter too shallow";
    case Fault::Blowouts:
        return "1 % blowouts";
    case Fault::Grid:
        return "square grid, small jitter";
    case Fault::HexGrid:
        return "hexagonal grid, small jitter";
    case Fault::Rows:
        return "rows";
    case Fault::Clumps:
        return "clumps at the minimum spacing";
    case Fault::BigClumps:
        return "big clumps at the minimum spacing";
    case Fault::Restrikes:
        return "5 % re-strikes";
    case Fault::Forbidden:
        return "3 dots in a forbidden area";
    }
    return "?";
}

bool applies(const Level& level, Fault f) {
    if (level.zones.empty()) return false;
    if (f == Fault::Forbidden) return !level.forbidden.empty();
    return true;
}

/// The level as the generators see it: per zone the expected final count (the density field
/// integrated on a 0.25 mm grid), the zone's area and bounds.
struct Design {
    const Level& level;
    DensityField field;
    std::vector<double> expected, area;
    std::vector<Rect> box, forbiddenBox;

    explicit Design(const Level& l) : level(l), field(l) {
        const size_t zones = l.zones.size();
        expected.assign(zones, 0.0);
        area.assign(zones, 0.0);
        for (const auto& z : l.zones)
            box.push_back(bounds(z.outline));
        for (const auto& f : l.forbidden)
            forbiddenBox.push_back(bounds(f.outline));
        const double h = 0.25;
        for (double y = 0.5 * h; y < l.canvas.heightMm; y += h)
            for (double x = 0.5 * h; x < l.canvas.widthMm; x += h) {
                const int z = zoneAt({x, y});
                if (z < 0) continue;
                expected[static_cast<size_t>(z)] += perMm2({x, y}) * h * h;
                area[static_cast<size_t>(z)] += h * h;
            }
    }
    /// Whether p may lie inside an outline with bounds b. Farther outside them than contains()
    /// can round an edge crossing (1e-6 mm against ~1e-14) contains() is false: no edge straddles
    /// p's row, or all that do lie on one side of p, and a closed outline has an even number.
    static bool near(const Rect& b, Vec2 p) {
        constexpr double e = 1e-6;
        return p.x >= b.min.x - e && p.x <= b.max.x + e && p.y >= b.min.y - e && p.y <= b.max.y + e;
    }
    /// field.zoneAt(p), reading only the outlines whose bounds may hold p.
    int zoneAt(Vec2 p) const {
        for (size_t i = 0; i < box.size(); ++i)
            if (near(box[i], p) && contains(level.zones[i].outline, p)) return static_cast<int>(i);
        return -1;
    }
    bool forbiddenAt(Vec2 p) const {
        for (size_t i = 0; i < forbiddenBox.size(); ++i)
            if (near(forbiddenBox[i], p) && contains(level.forbidden[i].outline, p)) return true;
        return false;
    }
    /// field.perMm2(p) at a point of zone z off every forbidden area: the same expression as
    /// DensityField::perMm2 (the panel's dump of every attempt is unchanged by these shortcuts).
    double perMm2InZone(Vec2 p, size_t z) const {
        return level.zones[z].densityPerCm2 / 100.0 * field.rampFactor(p, static_cast<int>(z));
    }
    /// field.perMm2(p), reading only the outlines whose bounds may hold p.
    double perMm2(Vec2 p) const {
        if (forbiddenAt(p)) return 0.0;
        const int z = zoneAt(p);
        return z < 0 ? 0.0 : perMm2InZone(p, static_cast<size_t>(z));
    }
    double lambdaMax(size_t z) const { return level.zones[z].densityPerCm2 / 100.0; }
    bool inZone(Vec2 p, size_t z) const {
        return zoneAt(p) == static_cast<int>(z) && !forbiddenAt(p) && perMm2InZone(p, z) > 0.0;
    }
    /// A point of zone z drawn with probability ∝ the density field.
    std::optional<Vec2> propose(size_t z, Rng& rng) const {
        const Rect& b = box[z];
        for (int i = 0; i < 1000; ++i) {
            const Vec2 p{rng.uniform(b.min.x, b.max.x), rng.uniform(b.min.y, b.max.y)};
            if (zoneAt(p) != static_cast<int>(z)) continue;
            if (rng.uniform() * lambdaMax(z) < (forbiddenAt(p) ? 0.0 : perMm2InZone(p, z))) return p;
        }
        return std::nullopt;
    }
    int sessions() const { return static_cast<int>(level.sessions.size()); }
    double fraction(int k) const { return level.sessions[static_cast<size_t>(k)].cumulativeFraction; }
};

namespace {

constexpr double kPi = std::numbers::pi;

Dot dotAt(const Design& d, Vec2 p, int session, Rng& rng) {
    Dot dot;
    dot.pos = p;
    const int z = d.zoneAt(p);
    const Zone* zone = z >= 0 ? &d.level.zones[static_cast<size_t>(z)] : nullptr;
    const Range size = zone ? zone->healedDiameterMm : Range{0.1, 0.3};
    const Range depth = zone ? zone->depthMm : Range{0.5, 1.0};
    const double w = depth.max - depth.min;
    dot.depthMm = static_cast<float>(rng.uniform(depth.min + 0.15 * w, depth.max - 0.15 * w));
    const double healed = 0.5 * (size.min + size.max) * (1.0 + 0.05 * std::clamp(rng.normal(), -2.0, 2.0));
    dot.diameterMm = static_cast<float>(2.0 * healed);
    dot.session = static_cast<int16_t>(session);
    if (d.level.sessions.size() > 1 || !d.level.scars.empty())
        dot.shade = skilledPigment(d.level, session, p);
    dot.tick = 0;
    return dot;
}

/// Sequential placement in the gaps: session by session, zone by zone, proposals ∝ the field;
/// `keep(distanceToNearest, localSpacing, rng)` decides. The local spacing is that of the
/// session's cumulative density. When proposals stall the spacing shrinks a little.
template <class Keep> std::vector<Dot> sequential(const Design& d, double factor, Rng& rng, Keep keep) {
    std::vector<Dot> out;
    PointGrid grid(GridLayout::forPoints(d.level.canvas.rect(), 4096));
    std::vector<size_t> have(d.level.zones.size(), 0);
    for (int k = 0; k < d.sessions(); ++k) {
        const double f = d.fraction(k);
        for (size_t z = 0; z < d.level.zones.size(); ++z) {
            const size_t want = static_cast<size_t>(std::llround(d.expected[z] * factor * f));
            double shrink = 1.0;
            int misses = 0;
            while (have[z] < want) {
                const auto p = d.propose(z, rng);
                if (!p) break;
                const double u = shrink / std::sqrt(f * factor * d.perMm2(*p));
                const Neighbour nb = grid.nearest(*p);
                const double dist = nb.found() ? std::sqrt(nb.distanceSquared) : 1e9;
                if (!keep(dist, u, rng)) {
                    if (++misses > 400) {
                        shrink *= 0.95;
                        misses = 0;
                    }
                    continue;
                }
                misses = 0;
                grid.insert(static_cast<uint32_t>(out.size()), *p);
                out.push_back(dotAt(d, *p, k, rng));
                ++have[z];
            }
        }
    }
    return out;
}

/// Sessions for a finished pattern, as a hand that layers well leaves them: each later session
/// fills the gaps the earlier ones left. Chosen from the last session backwards: session k takes
/// a spread-out share (none closer than 0.7 / √(share_k λ) to one already taken for it, relaxed
/// when too few), so that without it the earlier sessions leave even gaps exactly where it goes;
/// the first session takes the rest.
void assignSessions(const Design& d, std::vector<Dot>& dots, Rng& rng) {
    const int sessions = d.sessions();
    for (auto& dot : dots)
        dot.session = 0;
    if (sessions > 1) {
        std::vector<size_t> order(dots.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        for (size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[static_cast<size_t>(rng.below(i))]);
        std::vector<uint8_t> done(dots.size(), 0);
        for (int k = sessions - 1; k >= 1; --k) {
            const double share = d.fraction(k) - d.fraction(k - 1);
            const size_t want = static_cast<size_t>(std::llround(share * static_cast<double>(dots.size())));
            PointGrid taken(GridLayout::forPoints(d.level.canvas.rect(), dots.size() + 1));
            size_t count = 0;
            for (double scale = 0.7; count < want && scale > 0.05; scale *= 0.9)
                for (size_t i : order) {
                    if (count >= want) break;
                    if (done[i]) continue;
                    const double lambda = d.perMm2(dots[i].pos);
                    const double r = lambda > 0.0 ? scale / std::sqrt(share * lambda) : 0.0;
                    const Neighbour nb = taken.nearest(dots[i].pos);
                    if (nb.found() && nb.distanceSquared < r * r) continue;
                    done[i] = 1;
                    dots[i].session = static_cast<int16_t>(k);
                    taken.insert(static_cast<uint32_t>(i), dots[i].pos);
                    ++count;
                }
        }
    }
    for (auto& dot : dots)
        if (d.level.sessions.size() > 1 || !d.level.scars.empty())
            dot.shade = skilledPigment(d.level, dot.session, dot.pos);
}

/// Lattice work per zone: a lattice (hexagonal or square) at the zone's density × factor, random
/// rotation and offset, Gaussian jitter `jitter` × the lattice spacing, thinned by the ramp and
/// trimmed or topped up (hard core 0.6 u) to the zone's count.
std::vector<Dot> lattice(const Design& d, double factor, bool hex, double jitter, Rng& rng,
                         double rowGap = 0.0, double alongRow = 0.0) {
    std::vector<Dot> out;
    PointGrid grid(GridLayout::forPoints(d.level.canvas.rect(), 4096));
    for (size_t z = 0; z < d.level.zones.size(); ++z) {
        const double lambda = d.lambdaMax(z) * factor;
        double ax, ay, shear;
        if (rowGap > 0.0) { // rows: rowGap × alongRow spacings of 1/√λ
            ax = alongRow / std::sqrt(lambda);
            ay = rowGap / std::sqrt(lambda);
            shear = rng.uniform(0.0, 1.0) * ax;
        } else if (hex) {
            ax = std::sqrt(2.0 / (std::sqrt(3.0) * lambda));
            ay = ax * std::sqrt(3.0) / 2.0;
            shear = 0.5 * ax;
        } else {
            ax = ay = 1.0 / std::sqrt(lambda);
            shear = 0.0;
        }
        const double theta = rng.uniform(0.0, kPi);
        const Vec2 c = (d.box[z].min + d.box[z].max) * 0.5;
        const double reach = 0.5 * std::hypot(d.box[z].width(), d.box[z].height()) + 2.0 * ax;
        const Vec2 offset{rng.uniform(0.0, ax), rng.uniform(0.0, ay)};
        std::vector<Vec2> pts;
        const int nj = static_cast<int>(reach / ay) + 1, ni = static_cast<int>(reach / ax) + 2;
        for (int j = -nj; j <= nj; ++j) {
            const double rowShift = rowGap > 0.0 ? rng.uniform(0.0, ax) : std::fmod(j * shear, ax);
            for (int i = -ni; i <= ni; ++i) {
                const double lx = i * ax + rowShift + offset.x, ly = j * ay + offset.y;
                Vec2 p{c.x + lx * std::cos(theta) - ly * std::sin(theta),
                       c.y + lx * std::sin(theta) + ly * std::cos(theta)};
                p.x += rng.normal(0.0, jitter * ax);
                p.y += rng.normal(0.0, jitter * ax);
                if (!d.inZone(p, z)) continue;
                if (rng.uniform() * d.lambdaMax(z) >= d.perMm2(p)) continue; // the ramp
                pts.push_back(p);
            }
        }
        const size_t want = static_cast<size_t>(std::llround(d.expected[z] * factor));
        while (pts.size() > want) {
            const size_t i = static_cast<size_t>(rng.below(pts.size()));
            pts[i] = pts.back();
            pts.pop_back();
        }
        for (size_t i = 0; i < pts.size(); ++i)
            grid.insert(static_cast<uint32_t>(out.size() + i), pts[i]);
        int guard = 0;
        while (pts.size() < want && guard++ < 100000) {
            const auto p = d.propose(z, rng);
            if (!p) break;
            const double u = 1.0 / std::sqrt(factor * d.perMm2(*p));
            const Neighbour nb = grid.nearest(*p);
            if (nb.found() && nb.distanceSquared < 0.36 * u * u) continue;
            grid.insert(static_cast<uint32_t>(out.size() + pts.size()), *p);
            pts.push_back(*p);
        }
        for (Vec2 p : pts)
            out.push_back(dotAt(d, p, 0, rng));
    }
    assignSessions(d, out, rng);
    return out;
}

std::vector<Dot> naturalWork(const Design& d, Natural g, Rng& rng, double factor) {
    switch (g) {
    case Natural::Inhibition:
        return sequential(d, factor, rng,
                          [](double dist, double u, Rng& r) { return dist >= u * r.uniform(0.62, 0.80); });
    case Natural::SoftDarts:
        return sequential(d, factor, rng, [](double dist, double u, Rng& r) {
            return r.uniform() < 1.0 - std::exp(-std::pow(dist / (0.72 * u), 4.0));
        });
    case Natural::HandLattice:
        return lattice(d, factor, true, 0.22, rng);
    }
    return {};
}

size_t largestZone(const Design& d) {
    size_t best = 0;
    for (size_t z = 1; z < d.area.size(); ++z)
        if (d.area[z] > d.area[best]) best = z;
    return best;
}

/// A disc of `fraction` of zone z's area lying inside the zone where the field is at full
/// density (behind any hairline ramp); shrinks a little if none fits.
std::pair<Vec2, double> patchIn(const Design& d, size_t z, double fraction, Rng& rng) {
    for (double f = fraction; f > 0.02; f *= 0.9) {
        const double r = std::sqrt(f * d.area[z] / kPi);
        for (int attempt = 0; attempt < 3000; ++attempt) {
            const Vec2 c{rng.uniform(d.box[z].min.x, d.box[z].max.x),
                         rng.uniform(d.box[z].min.y, d.box[z].max.y)};
            bool fits = d.inZone(c, z);
            for (int k = 0; k < 24 && fits; ++k) {
                const double a = 2.0 * kPi * k / 24;
                for (double s : {0.5, 1.0}) {
                    const Vec2 q{c.x + s * r * std::cos(a), c.y + s * r * std::sin(a)};
                    fits = fits && d.inZone(q, z) && d.perMm2(q) >= 0.999 * d.lambdaMax(z);
                }
            }
            if (fits) return {c, r};
        }
    }
    return {d.box[z].min, 0.0};
}

/// A point outside the design (no density, not forbidden, on the canvas) within 3 mm of it.
std::optional<Vec2> spillPoint(const Design& d, Rng& rng) {
    for (int attempt = 0; attempt < 20000; ++attempt) {
        const Vec2 p{rng.uniform(0.0, d.level.canvas.widthMm), rng.uniform(0.0, d.level.canvas.heightMm)};
        if (d.perMm2(p) > 0.0) continue;
        bool forbidden = false;
        for (const auto& f : d.level.forbidden)
            forbidden = forbidden || contains(f.outline, p);
        if (forbidden) continue;
        bool near = false;
        for (int k = 0; k < 8 && !near; ++k)
            for (double s : {1.0, 2.0, 3.0}) {
                const Vec2 q{p.x + s * std::cos(kPi * k / 4), p.y + s * std::sin(kPi * k / 4)};
                near = near || d.perMm2(q) > 0.0;
            }
        if (near) return p;
    }
    return std::nullopt;
}

std::vector<Dot> clumps(const Design& d, Rng& rng, double apart = 5.0) { // centres `apart` spacings apart
    std::vector<Dot> out;
    PointGrid grid(GridLayout::forPoints(d.level.canvas.rect(), 4096));
    for (size_t z = 0; z < d.level.zones.size(); ++z) {
        const Zone& zone = d.level.zones[z];
        const double ms = zone.minSpacingMm * 1.02;
        const double packed = 0.6 / (ms * ms); // what the clusters hold, dots/mm², near jamming
        const double cover = std::min(0.9, d.lambdaMax(z) / packed);
        // Cluster centres 5 natural spacings apart (clumps of ~20 dots with bare skin between
        // them, as an instructor sees them); each disc covers its share. Smaller clumps at the
        // minimum spacing cannot be much denser than the target and read as even work.
        const double u = 1.0 / std::sqrt(d.lambdaMax(z));
        const double spacing = apart * u;
        const double clusterR = std::sqrt(cover * spacing * spacing / kPi);
        std::vector<Vec2> centres;
        for (int i = 0; i < 20000; ++i) {
            const auto p = d.propose(z, rng);
            if (!p) break;
            bool ok = true;
            for (Vec2 c : centres)
                ok = ok && distance(c, *p) >= spacing;
            if (ok) centres.push_back(*p);
        }
        const size_t want = static_cast<size_t>(std::llround(d.expected[z]));
        size_t have = 0;
        int misses = 0;
        double r = clusterR;
        while (have < want && !centres.empty()) {
            const Vec2 c = centres[static_cast<size_t>(rng.below(centres.size()))];
            const double a = rng.uniform(0.0, 2.0 * kPi), s = r * std::sqrt(rng.uniform());
            const Vec2 p{c.x + s * std::cos(a), c.y + s * std::sin(a)};
            const Neighbour nb = grid.nearest(p);
            if (!d.inZone(p, z) || (nb.found() && nb.distanceSquared < ms * ms)) {
                if (++misses > 3000) {
                    r *= 1.05; // the clusters are full: let them grow
                    misses = 0;
                }
                continue;
            }
            misses = 0;
            grid.insert(static_cast<uint32_t>(out.size()), p);
            out.push_back(dotAt(d, p, 0, rng));
            ++have;
        }
    }
    assignSessions(d, out, rng);
    return out;
}

} // namespace

Work::Work(const Level& level) : m_design(std::make_unique<Design>(level)) {}

Work::~Work() = default;

std::vector<Dot> Work::natural(Natural g, uint64_t seed, double densityFactor) const {
    Rng rng(seed * 7919 + static_cast<uint64_t>(g) * 104729 + 17);
    return naturalWork(*m_design, g, rng, densityFactor);
}

std::vector<Dot> natural(const Level& level, Natural g, uint64_t seed, double densityFactor) {
    return Work(level).natural(g, seed, densityFactor);
}

std::vector<Dot> faulty(const Level& level, Fault f, Natural g, uint64_t seed) {
    return Work(level).faulty(f, g, seed);
}

std::vector<Dot> Work::faulty(Fault f, Natural g, uint64_t seed) const {
    const Design& d = *m_design;
    const Level& level = d.level;
    Rng rng(seed * 6151 + static_cast<uint64_t>(f) * 3571 + static_cast<uint64_t>(g) * 211 + 5);
    if (f == Fault::UnderDense) return naturalWork(d, g, rng, 0.75);
    if (f == Fault::OverDense) return naturalWork(d, g, rng, 1.30);
    if (f == Fault::Grid) return lattice(d, 1.0, false, 0.08, rng);
    if (f == Fault::HexGrid) return lattice(d, 1.0, true, 0.08, rng);
    if (f == Fault::Rows) return lattice(d, 1.0, false, 0.06, rng, 1.25, 0.8);
    if (f == Fault::Clumps) return clumps(d, rng);
    if (f == Fault::BigClumps) return clumps(d, rng, 7.0);
    std::vector<Dot> dots = naturalWork(d, g, rng, 1.0);
    const auto zoneBand = [&](const Dot& dot) {
        const int z = d.zoneAt(dot.pos);
        return z >= 0 ? level.zones[static_cast<size_t>(z)].depthMm : Range{0.5, 1.0};
    };
    const auto someDots = [&](double share, size_t atLeast) {
        std::vector<size_t> order(dots.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        for (size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[static_cast<size_t>(rng.below(i))]);
        order.resize(std::min(order.size(),
                              std::max(atLeast, static_cast<size_t>(std::llround(share * dots.size())))));
        return order;
    };
    switch (f) {
    case Fault::BaldPatch: {
        const auto [c, r] = patchIn(d, largestZone(d), 0.15, rng);
        std::erase_if(dots, [&](const Dot& dot) { return distance(dot.pos, c) < r; });
        break;
    }
    case Fault::Spill: {
        const size_t extra =
            static_cast<size_t>(std::llround(0.08 / 0.92 * static_cast<double>(dots.size())));
        for (size_t i = 0; i < extra; ++i)
            if (const auto p = spillPoint(d, rng)) {
                Dot dot = dots[static_cast<size_t>(rng.below(dots.size()))];
                dot.pos = *p;
                dots.push_back(dot);
            }
        break;
    }
    case Fault::TooDeep:
        for (size_t i : someDots(0.25, 1))
            dots[i].depthMm = static_cast<float>(zoneBand(dots[i]).max + rng.uniform(0.1, 0.45));
        break;
    case Fault::TooShallow:
        for (size_t i : someDots(0.25, 1))
            dots[i].depthMm = static_cast<float>(zoneBand(dots[i]).min - rng.uniform(0.05, 0.18));
        break;
    case Fault::Blowouts:
        for (size_t i : someDots(0.01, 3))
            dots[i].depthMm = static_cast<float>(zoneBand(dots[i]).max + rng.uniform(0.6, 0.9));
        break;
    case Fault::Restrikes: {
        for (size_t i : someDots(0.05, 2)) {
            Dot again = dots[i];
            again.pos.x += rng.normal(0.0, 0.03);
            again.pos.y += rng.normal(0.0, 0.03);
            dots.push_back(again);
        }
        break;
    }
    case Fault::Forbidden: {
        const Polygon& outline =
            level.forbidden[static_cast<size_t>(rng.below(level.forbidden.size()))].outline;
        const Rect b = bounds(outline);
        for (int placed = 0, attempt = 0; placed < 3 && attempt < 100000; ++attempt) {
            const Vec2 p{rng.uniform(b.min.x, b.max.x), rng.uniform(b.min.y, b.max.y)};
            if (!contains(outline, p) || !level.canvas.rect().contains(p)) continue;
            Dot dot = dots.front();
            dot.pos = p;
            dots.push_back(dot);
            ++placed;
        }
        break;
    }
    default:
        break;
    }
    return dots;
}

} // namespace panel
