#include "ink/density_field.h"
#include "pattern/poisson_disk.h"
#include "random/rng.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace stipple;

namespace {

Level squareLevel(double side, double densityPerCm2) {
    Level level;
    level.canvas.widthMm = side;
    level.canvas.heightMm = side;
    Zone z;
    z.id = "patch";
    z.outline = {{0, 0}, {side, 0}, {side, side}, {0, side}};
    z.densityPerCm2 = densityPerCm2;
    z.minSpacingMm = 0.5;
    level.zones.push_back(z);
    return level;
}

/// Nearest-neighbour distance of every point, brute force (n is small in these tests).
std::vector<double> nearestNeighbours(const std::vector<Vec2>& pts) {
    std::vector<double> nn(pts.size(), INFINITY);
    for (size_t i = 0; i < pts.size(); ++i)
        for (size_t j = i + 1; j < pts.size(); ++j) {
            const double d = distance(pts[i], pts[j]);
            nn[i] = std::min(nn[i], d);
            nn[j] = std::min(nn[j], d);
        }
    return nn;
}

} // namespace

TEST_CASE("generated density matches the zone's target", "[pattern]") {
    const Level level = squareLevel(60, 80); // 2,880 dots expected
    const DensityField field(level);
    const auto pts = generatePoissonDisk(level, field, {.seed = 5});
    const double expected = 0.80 * 60 * 60;
    // Within 4 %: the border of a 60 mm square adds ~2 % and sampling a little more.
    CHECK(static_cast<double>(pts.size()) == Approx(expected).epsilon(0.04));
    CHECK(field.expectedCount() == Approx(expected).epsilon(1e-9));
}

TEST_CASE("generated pattern is natural-even: Poisson-disk statistics, no dot closer than the spacing",
          "[pattern]") {
    const Level level = squareLevel(40, 80);
    const DensityField field(level);
    const auto pts = generatePoissonDisk(level, field, {.seed = 9});
    REQUIRE(pts.size() > 1000);
    const auto nn = nearestNeighbours(pts);
    double sum = 0, sum2 = 0, minimum = INFINITY;
    for (double d : nn) {
        sum += d;
        sum2 += d * d;
        minimum = std::min(minimum, d);
    }
    const double n = static_cast<double>(nn.size());
    const double mean = sum / n, sd = std::sqrt((sum2 - n * mean * mean) / (n - 1));
    const double lambda = n / (40.0 * 40.0);
    const double clarkEvans = mean * 2.0 * std::sqrt(lambda);
    const double spacing = defaultSpacingFactor() / std::sqrt(0.80);
    CHECK(minimum >= spacing * (1 - 1e-12));
    // SCORING.md: natural even layouts sit at R ≈ 1.45–1.70, NN CV ≈ 0.09–0.16 (uniform random: 1.0, 0.52).
    CHECK(clarkEvans > 1.55);
    CHECK(clarkEvans < 1.80);
    CHECK(sd / mean < 0.16);
}

TEST_CASE("a seed gives the same pattern bit for bit, another seed a different one", "[pattern]") {
    const Level level = squareLevel(30, 70);
    const DensityField field(level);
    const auto a = generatePoissonDisk(level, field, {.seed = 17});
    const auto b = generatePoissonDisk(level, field, {.seed = 17});
    const auto c = generatePoissonDisk(level, field, {.seed = 18});
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].x == b[i].x);
        CHECK(a[i].y == b[i].y);
    }
    CHECK((a.size() != c.size() || a[0].x != c[0].x || a[1].y != c[1].y));
}

TEST_CASE("forbidden areas and the space outside zones stay empty", "[pattern]") {
    Level level = squareLevel(40, 80);
    level.zones[0].outline = {{5, 5}, {35, 5}, {35, 35}, {5, 35}};
    level.forbidden.push_back({"ear", {{15, 15}, {25, 15}, {25, 25}, {15, 25}}});
    const DensityField field(level);
    const auto pts = generatePoissonDisk(level, field, {.seed = 2});
    REQUIRE(!pts.empty());
    for (Vec2 p : pts) {
        CHECK(contains(level.zones[0].outline, p));
        CHECK_FALSE(contains(level.forbidden[0].outline, p));
    }
    // 30×30 zone minus the 10×10 hole at 0.8 /mm².
    CHECK(static_cast<double>(pts.size()) == Approx(0.8 * 800).epsilon(0.06));
}

TEST_CASE("the hairline ramp thins the front of the band", "[pattern]") {
    Level level = squareLevel(60, 80);
    Hairline h;
    h.line = {{0, 10}, {60, 10}};
    h.zoneId = "patch";
    h.bandMm = 20;
    h.frontFraction = 0.25;
    h.backFraction = 1.0;
    level.hairline = h;
    const DensityField field(level);
    CHECK(field.perMm2({30, 5}) == 0.0);                             // in front of the hairline
    CHECK(field.perMm2({30, 10.0001}) == Approx(0.2).epsilon(1e-3)); // 25 % of 0.8 at the line
    CHECK(field.perMm2({30, 20}) == Approx(0.5));                    // half-way through the band
    CHECK(field.perMm2({30, 45}) == Approx(0.8));                    // behind the band
    const auto pts = generatePoissonDisk(level, field, {.seed = 4});
    int front = 0, back = 0;
    for (Vec2 p : pts) {
        if (p.y < 10) FAIL("a dot in front of the hairline");
        if (p.y >= 10 && p.y < 15) ++front; // ramp 25–44 %, mean ≈ 34 %
        if (p.y >= 40 && p.y < 45) ++back;  // 100 %
    }
    const double ratio = static_cast<double>(front) / back;
    CHECK(ratio > 0.25);
    CHECK(ratio < 0.45);
}

TEST_CASE("a level's target pattern: explicit dots, generated ones, or both", "[pattern]") {
    Level level = squareLevel(20, 60);
    level.target.dots = {{{1, 1}, 0.2}, {{2, 2}, 0.2}};
    CHECK(targetPattern(level).size() == 2);
    level.target.generate = true;
    level.target.seed = 3;
    const auto all = targetPattern(level);
    CHECK(all.size() > 200);
    CHECK(all[0].pos == Vec2{1, 1});
    CHECK(targetPattern(level, 4).size() != 0);
}

namespace {

/// The sampler written out plainly, with the same random draws in the same order: seeds at a
/// jittered point of each background cell in row order, each grown by up to `attempts` candidates
/// uniform in the annulus [r, 2r] of a randomly picked active dot; a candidate is kept when no dot
/// lies closer than the smallest spacing or its own — checked against every dot, not a grid, but
/// for the dots in vertical strips that lie wholly farther left or right than that spacing (a dot
/// whose x differs by r or more is at least r away, in floating point too: the squares and their
/// sum round monotonically). Without the strips the check took 12 s of the sanitized build.
std::vector<Vec2> referencePoissonDisk(const Level& level, const DensityField& field, uint64_t seed,
                                       int attempts) {
    const double factor = defaultSpacingFactor();
    double rMin = INFINITY;
    for (const auto& z : level.zones)
        if (z.densityPerCm2 > 0.0)
            rMin = std::min(rMin, std::max(factor / std::sqrt(z.densityPerCm2 / 100.0), z.minSpacingMm));
    const double w = level.canvas.widthMm, h = level.canvas.heightMm;
    const double cell = rMin / std::sqrt(2.0) * 0.999;
    const int cols = std::max(1, static_cast<int>(std::ceil(w / cell)));
    const int rows = std::max(1, static_cast<int>(std::ceil(h / cell)));
    std::vector<Vec2> points;
    std::vector<double> radius;
    std::vector<size_t> active;
    std::vector<std::vector<Vec2>> strips(static_cast<size_t>(cols)); // the dots by x, `cell` wide
    const auto strip = [&](double x) {
        return std::clamp(static_cast<int>(std::floor(x / cell)), 0, cols - 1);
    };
    Rng rng(seed);
    const auto tooClose = [&](Vec2 p, double r) {
        for (int s = strip(p.x - r), last = strip(p.x + r); s <= last; ++s)
            for (const Vec2& q : strips[static_cast<size_t>(s)])
                if (distanceSquared(q, p) < r * r) return true;
        return false;
    };
    const auto tryAdd = [&](Vec2 p) {
        if (p.x < 0.0 || p.y < 0.0 || p.x >= w || p.y >= h || tooClose(p, rMin)) return false;
        const double lambda = field.perMm2(p);
        const double r = lambda > 0.0 ? std::max(factor / std::sqrt(lambda), field.minSpacingMm(p)) : 0.0;
        if (r <= 0.0 || tooClose(p, r)) return false;
        active.push_back(points.size());
        points.push_back(p);
        radius.push_back(r);
        strips[static_cast<size_t>(strip(p.x))].push_back(p);
        return true;
    };
    for (int row = 0; row < rows; ++row)
        for (int col = 0; col < cols; ++col) {
            const double sx = rng.uniform(), sy = rng.uniform();
            if (!tryAdd({(col + sx) * cell, (row + sy) * cell})) continue;
            while (!active.empty()) {
                const size_t pick = static_cast<size_t>(rng.below(active.size()));
                const Vec2 centre = points[active[pick]];
                const double r = radius[active[pick]];
                bool placed = false;
                for (int k = 0; k < attempts && !placed; ++k) {
                    Vec2 d;
                    do {
                        const double dx = rng.uniform(-2.0, 2.0), dy = rng.uniform(-2.0, 2.0);
                        d = {dx * r, dy * r};
                    } while (lengthSquared(d) < r * r || lengthSquared(d) > 4.0 * r * r);
                    placed = tryAdd(centre + d);
                }
                if (!placed) {
                    active[pick] = active.back();
                    active.pop_back();
                }
            }
        }
    return points;
}

} // namespace

TEST_CASE("the sampler places exactly the dots of a plain brute-force sampler with the same draws",
          "[pattern]") {
    // Recordings replay target patterns from their seed, so the sampler's grid (its padded
    // block tests and its cell arithmetic) must decide every candidate as the plain check does.
    Level even = squareLevel(30, 100); // one spacing everywhere: the grid's 5×5 fast path
    Level mixed = squareLevel(36, 100);
    mixed.zones[0].outline = {{0, 0}, {20, 0}, {20, 36}, {0, 36}};
    Zone sparse = mixed.zones[0];
    sparse.id = "sparse";
    sparse.outline = {{20, 0}, {36, 0}, {36, 36}, {20, 36}};
    sparse.densityPerCm2 = 30; // a wider spacing: the general block test
    mixed.zones.push_back(sparse);
    Zone wide = mixed.zones[0];
    wide.id = "wide";
    wide.outline = {{4, 4}, {12, 4}, {12, 12}, {4, 12}};
    wide.minSpacingMm = 1.6; // a minimum spacing above the natural one
    mixed.zones.insert(mixed.zones.begin(), wide);
    for (const Level* level : {&even, &mixed}) {
        const DensityField field(*level);
        for (const uint64_t seed : {1u, 2u, 3u}) {
            for (const int attempts : {6, 30}) {
                const auto fast = generatePoissonDisk(*level, field, {.seed = seed, .attempts = attempts});
                const auto plain = referencePoissonDisk(*level, field, seed, attempts);
                REQUIRE(fast.size() > 100);
                REQUIRE(fast.size() == plain.size());
                for (size_t i = 0; i < fast.size(); ++i) {
                    INFO("dot " << i << " of seed " << seed);
                    REQUIRE(fast[i].x == plain[i].x);
                    REQUIRE(fast[i].y == plain[i].y);
                }
            }
        }
    }
}
