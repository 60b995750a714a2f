// Point-pattern statistics against three kinds of truth: spatstat's own answers (to 1e-9),
// hand-computed small cases (including the degenerate ones that must never give NaN), and the
// known values of textbook patterns generated here with stipple::Rng (SCORING.md's table), with
// tolerances of a few standard errors. Then: live statistics equal full ones bit for bit.
#include "io/numbers.h"
#include "random/rng.h"
#include "scoring/point_stats.h"
#include "spatial/point_grid.h"
#include "spatial/point_tree.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <complex>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

using namespace stipple;

namespace {

const std::string kFixtures = std::string(STIPPLE_SOURCE_DIR) + "/tests/fixtures/spatstat/";

std::vector<Vec2> readPoints(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::string line;
    std::getline(in, line);
    REQUIRE(line == "x_mm,y_mm");
    std::vector<Vec2> pts;
    while (std::getline(in, line)) {
        const auto comma = line.find(',');
        const auto x = parseNumber(line.substr(0, comma));
        const auto y = parseNumber(line.substr(comma + 1));
        REQUIRE(x);
        REQUIRE(y);
        pts.push_back({*x, *y});
    }
    return pts;
}

Polygon polygonOf(const nlohmann::json& j) {
    Polygon p;
    for (const auto& v : j)
        p.push_back({v[0].get<double>(), v[1].get<double>()});
    return p;
}

Vec2 centroidOf(const Polygon& p) {
    Vec2 c;
    for (const Vec2& v : p)
        c = c + v;
    return c * (1.0 / static_cast<double>(p.size()));
}

PatternWindow square(double side) {
    return PatternWindow::rectangle(Rect{{0, 0}, {side, side}});
}

/// Every optional statistic that is set is a finite number.
void requireFinite(const PointStats& s) {
    for (const auto& v : {s.intensityPerMm2,
                          s.densityPerCm2,
                          s.densitySePerCm2,
                          s.meanNnMm,
                          s.nnSdMm,
                          s.nnCv,
                          s.minNnMm,
                          s.maxNnMm,
                          s.minSpacingFraction,
                          s.largestGapMm,
                          s.clarkEvans,
                          s.clarkEvansDonnelly,
                          s.clarkEvansGuard,
                          s.clarkEvansZ,
                          s.clarkEvansDonnellyZ,
                          s.psi4,
                          s.psi6,
                          s.a2,
                          s.a4,
                          s.a6,
                          s.structurePeak,
                          s.vmr,
                          s.evennessCv})
        if (v) CHECK(std::isfinite(*v));
}

std::vector<Vec2> uniformPoints(Rng& rng, size_t n, double side) {
    std::vector<Vec2> pts(n);
    for (auto& p : pts)
        p = {rng.uniform(0, side), rng.uniform(0, side)};
    return pts;
}

/// Dart throwing: uniform candidates, kept when no kept dot is closer than `d`, until `n` dots.
std::vector<Vec2> dartThrowing(Rng& rng, size_t n, double side, double d) {
    PointGrid grid(GridLayout(Rect{{0, 0}, {side, side}}, d));
    std::vector<Vec2> pts;
    for (size_t attempts = 0; pts.size() < n; ++attempts) {
        REQUIRE(attempts < 200 * n);
        const Vec2 c{rng.uniform(0, side), rng.uniform(0, side)};
        const Neighbour nb = grid.nearest(c);
        if (nb.found() && nb.distanceSquared < d * d) continue;
        grid.insert(static_cast<uint32_t>(pts.size()), c);
        pts.push_back(c);
    }
    return pts;
}

std::vector<Vec2> squareGrid(int n, double spacing, double jitterSd = 0.0, Rng* rng = nullptr) {
    std::vector<Vec2> pts;
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
            Vec2 p{(x + 0.5) * spacing, (y + 0.5) * spacing};
            if (rng) p = p + Vec2{rng->normal(0, jitterSd), rng->normal(0, jitterSd)};
            pts.push_back(p);
        }
    return pts;
}

/// Knuth's method: fine for small means (e^{-mean} must not underflow).
int poisson(Rng& rng, double mean) {
    const double limit = std::exp(-mean);
    int k = 0;
    for (double prod = rng.uniform(); prod > limit; prod *= rng.uniform())
        ++k;
    return k;
}

} // namespace

TEST_CASE("Clark–Evans and nearest-neighbour statistics equal spatstat's to 1e-9",
          "[point_stats][spatstat]") {
    std::ifstream in(kFixtures + "expected.json");
    REQUIRE(in.good());
    const nlohmann::json expected = nlohmann::json::parse(in);
    REQUIRE(expected.size() == 5);
    for (const auto& [name, e] : expected.items()) {
        INFO(name);
        const std::vector<Vec2> pts = readPoints(kFixtures + name + ".csv");
        const auto w = e.at("window");
        const PatternWindow window = PatternWindow::rectangle(Rect{{w[0], w[1]}, {w[2], w[3]}});
        const PointStats s = computePointStats(pts, window);
        CHECK(s.count == e.at("count").get<int64_t>());
        CHECK(s.outsideCount == 0);
        REQUIRE(s.meanNnMm);
        REQUIRE(s.nnSdMm);
        REQUIRE(s.clarkEvans);
        REQUIRE(s.clarkEvansDonnelly);
        CHECK(*s.meanNnMm == Approx(e.at("mean_nn_mm").get<double>()).epsilon(1e-9));
        CHECK(*s.nnSdMm == Approx(e.at("nn_sd_mm").get<double>()).epsilon(1e-9));
        CHECK(*s.clarkEvans == Approx(e.at("clark_evans").get<double>()).epsilon(1e-9));
        CHECK(*s.clarkEvansDonnelly == Approx(e.at("clark_evans_donnelly").get<double>()).epsilon(1e-9));
        // nndist() itself, point by point, against a brute-force scan.
        const std::vector<double> nn = nearestNeighbourDistances(pts);
        REQUIRE(nn.size() == pts.size());
        for (size_t i = 0; i < pts.size(); i += 37) {
            double best = INFINITY;
            for (size_t j = 0; j < pts.size(); ++j)
                if (j != i) best = std::min(best, distance(pts[i], pts[j]));
            CHECK(nn[i] == best);
        }
        requireFinite(s);
    }
}

TEST_CASE(
    "on polygons with holes, Clark–Evans (naive and guard) and nearest-neighbour statistics equal spatstat's",
    "[point_stats][spatstat][holes]") {
    // Five point sets drawn by spatstat in windows with holes (holes/make_reference.R): the
    // crown ring of level 11 (crown less spiral) three ways, the spiral less the whorl, a
    // rectangle with two holes. spatstat's answers to 1e-9 relative, well inside the 1e-6 asked.
    const std::string dir = kFixtures + "holes/";
    std::ifstream in(dir + "expected.json");
    REQUIRE(in.good());
    const nlohmann::json expected = nlohmann::json::parse(in);
    REQUIRE(expected.size() == 5);
    for (const auto& [name, e] : expected.items()) {
        INFO(name);
        const std::vector<Vec2> pts = readPoints(dir + name + ".csv");
        std::vector<Polygon> holes;
        for (const auto& h : e.at("holes"))
            holes.push_back(polygonOf(h));
        REQUIRE(PatternWindow::holesFitInside(polygonOf(e.at("outline")), holes));
        const PatternWindow window = PatternWindow::polygon(polygonOf(e.at("outline")), holes);
        CHECK(window.areaMm2() == Approx(e.at("area_mm2").get<double>()).epsilon(1e-12));
        CHECK(window.perimeterMm() == Approx(e.at("perimeter_mm").get<double>()).epsilon(1e-12));
        PointStatsOptions options;
        options.guardMm = e.at("guard_mm").get<double>();
        const PointStats s = computePointStats(pts, window, options);
        CHECK(s.count == e.at("count").get<int64_t>());
        CHECK(s.outsideCount == 0); // no dot of the pattern lies in a hole
        REQUIRE(s.meanNnMm);
        REQUIRE(s.nnSdMm);
        REQUIRE(s.clarkEvans);
        REQUIRE(s.clarkEvansGuard);
        CHECK_FALSE(s.clarkEvansDonnelly); // Donnelly is for rectangles only, as in spatstat
        CHECK(*s.meanNnMm == Approx(e.at("mean_nn_mm").get<double>()).epsilon(1e-9));
        CHECK(*s.nnSdMm == Approx(e.at("nn_sd_mm").get<double>()).epsilon(1e-9));
        CHECK(*s.clarkEvans == Approx(e.at("clark_evans").get<double>()).epsilon(1e-9));
        CHECK(s.guardCount == e.at("guard_count").get<int64_t>());
        CHECK(*s.clarkEvansGuard == Approx(e.at("clark_evans_guard").get<double>()).epsilon(1e-9));
        // The hole is no part of the window: the largest bare spot and the evenness cells stay
        // off it (a hole is 10 mm or more across, bigger than any natural gap here).
        // (A centre on the border, a hole's included, counts: it may round to either side.)
        if (s.largestGapMm)
            CHECK((window.contains(s.largestGapCentre) ||
                   window.distanceToBoundary(s.largestGapCentre) < 1e-9));
        for (const Polygon& h : holes)
            CHECK_FALSE(window.contains(centroidOf(h)));
        const CellTiling cells(window, 2.0);
        for (int c = 0; c < cells.columns() * cells.rows(); ++c)
            if (cells.used(c))
                for (const Polygon& h : holes) {
                    const Rect r = cells.cellRect(c);
                    CHECK_FALSE(contains(h, (r.min + r.max) * 0.5));
                    CHECK_FALSE(
                        (h[0].x > r.min.x && h[0].x < r.max.x && h[0].y > r.min.y && h[0].y < r.max.y));
                }
        requireFinite(s);
    }
}

TEST_CASE("three points by hand: NN, Clark–Evans, Donnelly, z, overlaps, gaps", "[point_stats]") {
    // (1,1), (2,1), (6,5) in 10×10: NN distances 1, 1, √32.
    const std::vector<Vec2> pts{{1, 1}, {2, 1}, {6, 5}};
    PointStatsOptions o;
    o.minSpacingMm = 1.5;
    o.diameterMm = 1.2; // the first two overlap (1 < 1.2), nothing else does
    const PointStats s = computePointStats(pts, square(10), o);
    const double mean = (2.0 + std::sqrt(32.0)) / 3.0;
    const double sd =
        std::sqrt(((1 - mean) * (1 - mean) * 2 + (std::sqrt(32.0) - mean) * (std::sqrt(32.0) - mean)) / 2);
    CHECK(*s.meanNnMm == Approx(mean).epsilon(1e-12));
    CHECK(*s.nnSdMm == Approx(sd).epsilon(1e-12));
    CHECK(*s.minNnMm == 1.0);
    CHECK(*s.maxNnMm == Approx(std::sqrt(32.0)));
    const double dpois = 0.5 / std::sqrt(0.03);
    CHECK(*s.clarkEvans == Approx(mean / dpois).epsilon(1e-12));
    CHECK(*s.clarkEvansDonnelly ==
          Approx(mean / (dpois + (0.0514 + 0.0412 / std::sqrt(3.0)) * 40 / 3)).epsilon(1e-12));
    CHECK(*s.clarkEvansZ ==
          Approx((mean - dpois) / (std::sqrt((4 - M_PI) * 100 / (4 * M_PI)) / 3)).epsilon(1e-12));
    CHECK(s.minSpacingViolations == 2);
    CHECK(*s.minSpacingFraction == Approx(2.0 / 3.0));
    CHECK(s.overlapPairs == 1);
    CHECK(*s.densityPerCm2 == Approx(3.0));
    CHECK(*s.densitySePerCm2 == Approx(std::sqrt(3.0)));
    // The biggest bald spot of three dots in a 10 mm square is in the far corner (0,10) or (10,0):
    // (10,0) is √(16+25) = 6.40 from (6,5) and farther from the others; (0,10) is √(1+81)=9.06 from (1,1),
    // √(36+25) = 7.81 from (6,5). Its diameter is at most twice the largest corner distance.
    REQUIRE(s.largestGapMm);
    CHECK(*s.largestGapMm <= 2 * std::sqrt(61.0) + 1e-9);
    CHECK(*s.largestGapMm > 2 * 7.3); // lattice sampling is within h/√2 of the corner's 7.81
    requireFinite(s);
}

TEST_CASE("degenerate sets give defined values, never NaN or infinity", "[point_stats]") {
    SECTION("no dots") {
        const PointStats s = computePointStats({}, square(10));
        CHECK(s.count == 0);
        CHECK(*s.densityPerCm2 == 0.0);
        CHECK_FALSE(s.meanNnMm);
        CHECK_FALSE(s.clarkEvans);
        CHECK_FALSE(s.psi4);
        CHECK_FALSE(s.largestGapMm);
        CHECK_FALSE(s.evennessCv); // zero mean count
        CHECK_FALSE(s.vmr);
        requireFinite(s);
    }
    SECTION("one dot") {
        const std::vector<Vec2> one{{3, 4}};
        const PointStats s = computePointStats(one, square(10));
        CHECK(*s.densityPerCm2 == Approx(1.0));
        CHECK_FALSE(s.meanNnMm);
        CHECK_FALSE(s.clarkEvans);
        CHECK_FALSE(s.psi6);
        CHECK(s.minSpacingViolations == 0);
        REQUIRE(s.largestGapMm); // the far corner (10,10) is √(49+36) = 9.22 away
        CHECK(*s.largestGapMm <= 2 * std::sqrt(85.0) + 1e-9);
        CHECK(*s.largestGapMm > 2 * 8.5);
        requireFinite(s);
    }
    SECTION("two dots") {
        const std::vector<Vec2> two{{2, 2}, {5, 6}};
        const PointStats s = computePointStats(two, square(10));
        CHECK(*s.meanNnMm == 5.0);
        CHECK(*s.nnSdMm == 0.0);
        CHECK(*s.nnCv == 0.0);
        CHECK(*s.clarkEvans == Approx(5.0 / (0.5 / std::sqrt(0.02))));
        CHECK(*s.psi4 == Approx(1.0)); // one bond each, opposite directions: e^{4iθ} agree
        requireFinite(s);
    }
    SECTION("duplicates only") {
        const std::vector<Vec2> dup{{5, 5}, {5, 5}, {5, 5}};
        const PointStats s = computePointStats(dup, square(10));
        CHECK(*s.meanNnMm == 0.0);
        CHECK(*s.nnSdMm == 0.0);
        CHECK_FALSE(s.nnCv); // 0 / 0
        CHECK(*s.clarkEvans == 0.0);
        CHECK(*s.psi4 == 0.0); // zero-length bonds carry no direction
        CHECK(*s.a2 == 0.0);
        CHECK(s.overlapPairs == 3);
        CHECK(s.minSpacingViolations == 3);
        requireFinite(s);
    }
    SECTION("collinear dots in their own (zero-area) bounding box") {
        std::vector<Vec2> line;
        for (int i = 0; i < 5; ++i)
            line.push_back({static_cast<double>(i), 2.0});
        const PointStats s = computePointStats(line, PatternWindow::rectangle(Rect{{0, 2}, {4, 2}}));
        CHECK(s.areaMm2 == 0.0);
        CHECK_FALSE(s.densityPerCm2);
        CHECK_FALSE(s.clarkEvans);
        CHECK(*s.meanNnMm == 1.0);
        CHECK(*s.a2 == Approx(1.0)); // every nearest neighbour lies along the row
        CHECK_FALSE(s.largestGapMm);
        requireFinite(s);
    }
    SECTION("an empty window") {
        const std::vector<Vec2> pts{{1, 1}, {2, 2}};
        const PointStats s = computePointStats(pts, PatternWindow());
        CHECK(s.outsideCount == 2);
        CHECK_FALSE(s.clarkEvans);
        CHECK(*s.meanNnMm == Approx(std::sqrt(2.0)));
        requireFinite(s);
    }
}

TEST_CASE("overlaps use each dot's own diameter: d < (Di + Dj)/2, touching does not count", "[point_stats]") {
    // Binary-exact numbers, so "touching" is exact: (0,1) d 0.375 vs (0.25 + 0.5)/2; (2,3) d 0.25
    // vs 0.25; (1,2) d 0.625 vs 0.375.
    const std::vector<Vec2> pts{{0, 0}, {0.375, 0}, {1.0, 0}, {1.0, 0.25}};
    const std::vector<double> dia{0.25, 0.5, 0.25, 0.25};
    CHECK(overlappingPairs(pts, dia, 0).empty());
    CHECK(computePointStats(pts, square(2), {}, dia).overlapPairs == 0);
    const std::vector<double> bigger{0.25, 0.5078125, 0.25, 0.2578125};
    CHECK(overlappingPairs(pts, bigger, 0) == std::vector<std::pair<uint32_t, uint32_t>>{{0, 1}, {2, 3}});
    const PointStats s = computePointStats(pts, square(2), {}, bigger);
    CHECK(s.overlapPairs == 2);
    // Uniform diameter 0.26: only (2,3) at 0.25.
    CHECK(overlappingPairs(pts, {}, 0.26) == std::vector<std::pair<uint32_t, uint32_t>>{{2, 3}});
}

TEST_CASE("largest gap: a missing dot in a square grid leaves a 2-spacing hole", "[point_stats]") {
    std::vector<Vec2> pts = squareGrid(20, 1.0);
    PointStats full = computePointStats(pts, square(20));
    CHECK(*full.largestGapMm == Approx(std::sqrt(2.0)).epsilon(1e-9)); // a cell's circumcircle
    pts.erase(pts.begin() + 10 * 20 + 10);                             // the dot at (10.5, 10.5)
    const PointStats holed = computePointStats(pts, square(20));
    CHECK(*holed.largestGapMm == Approx(2.0).epsilon(1e-9));
    CHECK(holed.largestGapCentre.x == Approx(10.5));
    CHECK(holed.largestGapCentre.y == Approx(10.5));
}

TEST_CASE("uniform random: R ≈ 1, CV ≈ 0.52, VMR ≈ 1, no order, flat spectrum", "[point_stats][reference]") {
    Rng rng(1);
    const std::vector<Vec2> pts = uniformPoints(rng, 10000, 100.0); // λ = 1 mm⁻²
    const PointStats s = computePointStats(pts, square(100));
    // SE of R = 0.26136 √A / n / (0.5/√λ) = 0.0052; Donnelly removes the edge bias.
    CHECK(*s.clarkEvansDonnelly == Approx(1.0).margin(0.02));
    CHECK(*s.clarkEvans == Approx(1.0).margin(0.025));
    CHECK(*s.clarkEvansGuard == Approx(1.0).margin(0.025));
    CHECK(std::fabs(*s.clarkEvansDonnellyZ) < 4.0);
    CHECK(*s.nnCv == Approx(0.5227).margin(0.02));
    CHECK(*s.vmr == Approx(1.0).margin(0.12)); // 2500 quadrats: sd √(2/2499) = 0.028
    CHECK(*s.psi4 < 0.03);
    CHECK(*s.psi6 < 0.03);
    CHECK(*s.a2 < 0.04);
    CHECK(*s.structurePeak < 0.02); // ≈ ln(#k)/m = 0.008 for m ≈ 1024
    CHECK(s.structureDots > 900);
    CHECK(*s.densityPerCm2 == Approx(100.0));
    // Evenness cells of 5 mm hold 25 dots on average: Poisson CV 0.2.
    CHECK(*s.evennessCv == Approx(0.2).margin(0.04));
    CHECK(s.evennessCells == 400);
}

TEST_CASE("Poisson-disk by dart throwing at d = 0.75/√λ: R ≈ 1.66, CV ≈ 0.09", "[point_stats][reference]") {
    Rng rng(2);
    const std::vector<Vec2> pts = dartThrowing(rng, 3600, 60.0, 0.75); // λ = 1 mm⁻²
    PointStatsOptions o;
    o.minSpacingMm = 0.75;
    const PointStats s = computePointStats(pts, square(60), o);
    CHECK(*s.clarkEvansDonnelly == Approx(1.66).margin(0.03)); // SE 0.009
    CHECK(*s.nnCv == Approx(0.09).margin(0.015));
    CHECK(*s.minNnMm >= 0.75);
    CHECK(s.minSpacingViolations == 0);
    CHECK(*s.psi4 < 0.05);
    CHECK(*s.psi6 < 0.05);
    CHECK(*s.structurePeak < 0.03);
    CHECK(*s.vmr < 0.5); // research: 0.24
}

TEST_CASE("square grid: R = 2, Ψ4 ≈ 1, Bragg peak 1, VMR 0", "[point_stats][reference]") {
    const std::vector<Vec2> pts = squareGrid(100, 1.0);
    const PointStats s = computePointStats(pts, square(100));
    CHECK(*s.clarkEvans == Approx(2.0).epsilon(1e-12));
    CHECK(*s.nnCv == Approx(0.0).margin(1e-9));
    CHECK(*s.psi4 > 0.97); // 1 inside, less on the border (research: 0.980)
    CHECK(*s.psi6 < 0.05);
    CHECK(*s.a4 > 0.95);
    CHECK(*s.structurePeak == Approx(1.0).epsilon(1e-6)); // the 32×32 mm tile holds whole periods
    CHECK(std::hypot(s.structurePeakK.x, s.structurePeakK.y) == Approx(2 * M_PI));
    CHECK(*s.vmr == Approx(0.0).margin(1e-10));
    CHECK(*s.evennessCv == Approx(0.0).margin(1e-10));
}

TEST_CASE("hexagonal grid: R ≈ 2.149, Ψ6 ≈ 1", "[point_stats][reference]") {
    const double a = std::sqrt(2.0 / std::sqrt(3.0)); // spacing for λ = 1
    const double rowStep = a * std::sqrt(3.0) / 2.0;
    const int nx = 100, ny = 100;
    std::vector<Vec2> pts;
    for (int y = 0; y < ny; ++y)
        for (int x = 0; x < nx; ++x)
            pts.push_back({(x + 0.25 + 0.5 * (y % 2)) * a, (y + 0.5) * rowStep});
    const PointStats s =
        computePointStats(pts, PatternWindow::rectangle(Rect{{0, 0}, {nx * a, ny * rowStep}}));
    CHECK(*s.intensityPerMm2 == Approx(1.0));
    CHECK(*s.clarkEvans == Approx(2.149).margin(0.001));
    CHECK(*s.psi6 > 0.95);
    CHECK(*s.psi4 < 0.1);
    // The Bragg peak lies between the tile's harmonics (they alone read 0.78): found at its height.
    CHECK(*s.structurePeak == Approx(1.0).margin(1e-4));
}

TEST_CASE("rows whose period falls halfway between the tile's harmonics: the peak is read at its full height",
          "[point_stats][reference]") {
    // Ten straight rows 1.2 mm apart on a 20 × 12.6 mm window (10.5 periods: the rows' frequency
    // lies halfway between the harmonics b/H), dots 0.64–0.96 mm apart along each row. At
    // k = (0, 1/1.2 mm) every dot has the same phase, so S/m = 1 exactly; the harmonics alone
    // read (sin(5φ)/(10 sin(φ/2)))² = 0.45 (φ = 2π(10·1.2/12.6 − 1)). That loss let rows on the
    // spacing drill's small field pass as natural work.
    Rng rng(21);
    const double period = 1.2, width = 20.0, height = 10.5 * period;
    std::vector<Vec2> pts;
    for (int r = 0; r < 10; ++r)
        for (double x = rng.uniform(0.0, 0.8); x < width; x += 0.8 * rng.uniform(0.8, 1.2))
            pts.push_back({x, (r + 0.5) * period});
    const PointStats s = computePointStats(pts, PatternWindow::rectangle(Rect{{0, 0}, {width, height}}));
    REQUIRE(s.structureDots == static_cast<int64_t>(pts.size()));
    CHECK(*s.structurePeak == Approx(1.0).margin(1e-4));
    CHECK(s.structurePeakK.x == Approx(0.0).margin(1e-9));
    CHECK(std::abs(s.structurePeakK.y) == Approx(2 * M_PI / period).epsilon(1e-9));
}

TEST_CASE("a rotated jittered grid reads its Debye–Waller peak at any angle", "[point_stats][reference]") {
    // σ = 0.08 of the pitch, a 40 × 40 mm window, 1,600 dots, the grid turned by an angle whose
    // periods do not fit the tile: e^{−(2π·0.08)²} = 0.777; the harmonics alone read 0.63, 0.38
    // and 0.44 at these angles, and the peak's |k| wrongly at 8.95 rad/mm for one.
    for (const double angle : {0.1, 0.33, 0.61}) {
        Rng rng(static_cast<uint64_t>(100 * angle));
        const double c = std::cos(angle), sn = std::sin(angle);
        std::vector<Vec2> pts;
        for (int j = -40; j <= 80; ++j)
            for (int i = -40; i <= 80; ++i) {
                const double x = i + rng.normal(0.0, 0.08), y = j + rng.normal(0.0, 0.08);
                const Vec2 p{c * x - sn * y, sn * x + c * y};
                if (p.x >= 0 && p.x < 40 && p.y >= 0 && p.y < 40) pts.push_back(p);
            }
        const PointStats s = computePointStats(pts, square(40));
        INFO("angle " << angle << " dots " << s.structureDots);
        CHECK(*s.structurePeak == Approx(std::exp(-std::pow(2 * M_PI * 0.08, 2))).margin(0.1));
        CHECK(std::hypot(s.structurePeakK.x, s.structurePeakK.y) == Approx(2 * M_PI).epsilon(0.02));
    }
}

TEST_CASE("grid with Gaussian jitter σ = 0.1/√λ: Bragg peak e^{-(2π·0.1)²} = 0.674",
          "[point_stats][reference]") {
    Rng rng(4);
    const std::vector<Vec2> pts = squareGrid(32, 1.0, 0.1, &rng); // 1024 dots: the tile is the window
    const PointStats s = computePointStats(pts, square(32));
    REQUIRE(s.structureDots >= 1015); // a few may jitter out of the window
    // Debye–Waller factor; the estimate's sd at m ≈ 1024 is ≈ 0.02.
    CHECK(*s.structurePeak == Approx(std::exp(-std::pow(2 * M_PI * 0.1, 2))).margin(0.06));
    CHECK(*s.psi4 == Approx(0.74).margin(0.06));
    CHECK(*s.nnCv == Approx(0.105).margin(0.02));
    // R alone cannot tell it from natural work; that is why Ψ4 and the peak exist.
    CHECK(*s.clarkEvansDonnelly > 1.6);
}

TEST_CASE("Thomas clusters (κ = 0.1, μ = 10, σ = 0.5): R ≈ 0.59, VMR ≫ 1", "[point_stats][reference]") {
    Rng rng(5);
    const double side = 100.0, pad = 3.0; // parents beyond the border feed children into it
    std::vector<Vec2> pts;
    const int parents = static_cast<int>(std::lround(0.1 * (side + 2 * pad) * (side + 2 * pad)));
    for (int p = 0; p < parents; ++p) {
        const Vec2 c{rng.uniform(-pad, side + pad), rng.uniform(-pad, side + pad)};
        for (int k = poisson(rng, 10.0); k > 0; --k) {
            const Vec2 q = c + Vec2{rng.normal(0, 0.5), rng.normal(0, 0.5)};
            if (q.x >= 0 && q.x <= side && q.y >= 0 && q.y <= side) pts.push_back(q);
        }
    }
    const PointStats s = computePointStats(pts, square(side));
    CHECK(s.count == Approx(10000).margin(600));
    CHECK(*s.clarkEvansDonnelly == Approx(0.59).margin(0.04));
    CHECK(*s.vmr > 3.0); // research: 5.9
    CHECK(*s.nnCv > 0.6);
}

TEST_CASE("polygon windows: no Donnelly, guard correction from the border distance", "[point_stats]") {
    Rng rng(9);
    // An L-shaped zone of 3600 − 900 = 2700 mm² holding CSR at λ = 1.
    const Polygon ell{{0, 0}, {60, 0}, {60, 30}, {30, 30}, {30, 60}, {0, 60}};
    const PatternWindow window = PatternWindow::polygon(ell);
    std::vector<Vec2> pts;
    while (pts.size() < 2700) {
        const Vec2 p{rng.uniform(0, 60), rng.uniform(0, 60)};
        if (window.contains(p)) pts.push_back(p);
    }
    const PointStats s = computePointStats(pts, window);
    CHECK_FALSE(s.rectangle);
    CHECK_FALSE(s.clarkEvansDonnelly);
    CHECK(s.outsideCount == 0);
    CHECK(*s.intensityPerMm2 == Approx(1.0));
    CHECK(s.guardCount < s.count);
    CHECK(s.guardCount > s.count * 0.8);
    CHECK(*s.clarkEvansGuard == Approx(1.0).margin(0.04));
    CHECK(*s.clarkEvans > *s.clarkEvansGuard - 0.01); // the border inflates the naive R
    CHECK(s.structureDots > 500);
    CHECK(*s.structurePeak < 0.03);
    requireFinite(s);
}

TEST_CASE("live statistics equal the full recomputation exactly, through adds and undos",
          "[point_stats][live]") {
    Rng rng(11);
    const PatternWindow window = square(30);
    LiveStatsConfig config;
    config.window = window;
    config.minSpacingMm = 0.6;
    config.diameterMm = 0.35;
    config.evennessCellMm = 5.0;
    config.expectedDensityPerCm2 = 100.0;
    LiveStats live(config);
    PointStatsOptions o;
    o.minSpacingMm = config.minSpacingMm;
    o.diameterMm = config.diameterMm;
    o.evennessCellMm = config.evennessCellMm;
    o.largestGap = false;
    o.structureFactor = false;

    // Mostly uniform, with exact duplicates, lattice ties and a few dots outside the window.
    std::vector<Vec2> all;
    for (int i = 0; i < 1500; ++i) {
        const uint64_t kind = rng.below(20);
        if (kind == 0 && !all.empty())
            all.push_back(all[rng.below(all.size())]);
        else if (kind == 1)
            all.push_back({static_cast<double>(rng.below(31)), static_cast<double>(rng.below(31))});
        else if (kind == 2)
            all.push_back({rng.uniform(-20, 50), rng.uniform(-20, 50)});
        else
            all.push_back({rng.uniform(0, 30), rng.uniform(0, 30)});
    }
    std::vector<bool> present(all.size(), false);
    const auto compare = [&] {
        std::vector<Vec2> pts;
        for (size_t i = 0; i < all.size(); ++i)
            if (present[i]) pts.push_back(all[i]);
        const PointStats full = computePointStats(pts, window, o);
        const LiveSnapshot s = live.snapshot();
        CHECK(s.count == full.count);
        CHECK(s.outsideCount == full.outsideCount);
        CHECK(s.densityPerCm2 == full.densityPerCm2);
        CHECK(s.meanNnMm == full.meanNnMm);
        CHECK(s.nnSdMm == full.nnSdMm);
        CHECK(s.nnCv == full.nnCv);
        CHECK(s.minSpacingViolations == full.minSpacingViolations);
        CHECK(s.minSpacingFraction == full.minSpacingFraction);
        CHECK(s.overlapPairs == full.overlapPairs);
        CHECK(s.clarkEvans == full.clarkEvans);
        CHECK(s.clarkEvansDonnelly == full.clarkEvansDonnelly);
        CHECK(s.clarkEvansZ == full.clarkEvansZ);
        CHECK(s.evennessCv == full.evennessCv);
    };
    compare(); // empty
    for (uint32_t i = 0; i < all.size(); ++i) {
        live.add(i, all[i]);
        present[i] = true;
        if (i < 3 || i % 250 == 0) compare();
    }
    compare();
    // Undo in random order, re-adding some: the sums must come back exactly.
    for (int step = 0; step < 1200; ++step) {
        const uint32_t id = static_cast<uint32_t>(rng.below(all.size()));
        if (present[id]) {
            REQUIRE(live.remove(id));
            present[id] = false;
        } else {
            live.add(id, all[id]);
            present[id] = true;
        }
        if (step % 200 == 0) compare();
    }
    compare();
    CHECK_FALSE(live.remove(static_cast<uint32_t>(all.size() + 5)));
    // Remove everything: back to the empty state.
    for (uint32_t i = 0; i < all.size(); ++i)
        if (present[i]) {
            live.remove(i);
            present[i] = false;
        }
    compare();
    CHECK(live.snapshot().overlapPairs == 0);
}

TEST_CASE("fixed-point sums are exact and order-independent", "[point_stats]") {
    FixedSum a, b;
    const double values[] = {0.1, 1e-13, 12345.678, 0.3, 2.5e-7};
    for (double v : values)
        a.add(v);
    for (int i = 4; i >= 0; --i)
        b.add(values[i]);
    CHECK(a == b);
    b.subtract(12345.678);
    b.add(12345.678);
    CHECK(a == b);
    FixedSum c;
    c.add(0.1);
    c.subtract(0.1);
    CHECK(c.value() == 0.0L);
    CHECK(static_cast<double>(a.value()) == Approx(12346.0780002500001).epsilon(1e-15));
}

TEST_CASE("the batch neighbour pass equals brute force on awkward sets", "[point_stats]") {
    // Clusters (many fallbacks to the ring query), exact duplicates, lattice ties, dots outside
    // the window, and a polygon window; nearest-neighbour sums must be identical, Ψ and A equal
    // up to summation order, overlap pairs identical.
    Rng rng(77);
    std::vector<Vec2> pts;
    for (int c = 0; c < 40; ++c) {
        const Vec2 centre{rng.uniform(0, 40), rng.uniform(0, 40)};
        for (int k = 0; k < 25; ++k)
            pts.push_back(centre + Vec2{rng.normal(0, 0.3), rng.normal(0, 0.3)});
    }
    for (int k = 0; k < 300; ++k)
        pts.push_back({rng.uniform(0, 40), rng.uniform(0, 40)});
    for (int k = 0; k < 60; ++k)
        pts.push_back(pts[rng.below(pts.size())]);
    for (int k = 0; k < 60; ++k)
        pts.push_back({static_cast<double>(rng.below(41)), static_cast<double>(rng.below(41))});
    for (int k = 0; k < 20; ++k)
        pts.push_back({rng.uniform(-100, 140), rng.uniform(-100, 140)});
    const size_t n = pts.size();

    NearestNeighbourSums sums;
    std::complex<double> psi4, psi6, a2;
    int64_t overlaps = 0;
    const double dia = 0.25;
    for (uint32_t i = 0; i < n; ++i) {
        std::vector<Neighbour> all;
        for (uint32_t j = 0; j < n; ++j)
            if (j != i) all.push_back({j, distanceSquared(pts[i], pts[j])});
        std::partial_sort(all.begin(), all.begin() + 6, all.end());
        sums.add(std::sqrt(all[0].distanceSquared), 0.6);
        for (const Neighbour& nb : all)
            if (nb.id > i && nb.distanceSquared < dia * dia) ++overlaps;
        std::complex<double> s4, s6;
        for (int j = 0; j < 6; ++j) {
            if (!(all[j].distanceSquared > 0)) continue;
            const Vec2 v = pts[all[j].id] - pts[i];
            const double theta = std::atan2(v.y, v.x);
            if (j < 4) s4 += std::polar(1.0, 4 * theta);
            s6 += std::polar(1.0, 6 * theta);
            if (j == 0) a2 += std::polar(1.0, 2 * theta);
        }
        psi4 += s4 / 4.0;
        psi6 += s6 / 6.0;
    }
    for (const PatternWindow& window :
         {square(40), PatternWindow::polygon({{0, 0}, {40, 0}, {40, 20}, {20, 40}, {0, 40}})}) {
        PointStatsOptions o;
        o.diameterMm = dia;
        const PointStats s = computePointStats(pts, window, o);
        CHECK(s.nnSums == sums);
        CHECK(s.overlapPairs == overlaps);
        CHECK(s.outsideCount >= 15); // most of the 20 scattered far away
        CHECK(*s.psi4 == Approx(std::abs(psi4) / n).epsilon(1e-9));
        CHECK(*s.psi6 == Approx(std::abs(psi6) / n).epsilon(1e-9));
        CHECK(*s.a2 == Approx(std::abs(a2) / n).epsilon(1e-9));
    }
}

TEST_CASE(
    "each pair's distance once: nearest neighbours, per-dot overlaps and the 6 nearest equal brute force",
    "[point_stats]") {
    // The neighbour pass visits each pair of nearby dots once and credits both ends; the order
    // pass proves the 6 nearest from the 3×3 block when it can. On random, duplicated, collinear,
    // piled and lattice sets, with each dot's own diameter, every count and sum must equal a
    // brute-force answer from both ends of every pair, and Ψ/A its sum over the 6 nearest.
    Rng rng(2024);
    const auto scatter = [&](size_t n) {
        std::vector<Vec2> pts;
        for (size_t k = 0; k < n; ++k)
            pts.push_back({rng.uniform(0, 30), rng.uniform(0, 30)});
        return pts;
    };
    std::vector<std::pair<std::string, std::vector<Vec2>>> sets;
    sets.push_back({"one dot", {{3, 4}}});
    sets.push_back({"two dots", {{3, 4}, {3.5, 4}}});
    sets.push_back({"two at one place", {{3, 4}, {3, 4}}});
    sets.push_back({"random 900", scatter(900)});
    std::vector<Vec2> dup = scatter(600);
    for (int k = 0; k < 200; ++k)
        dup.push_back(dup[rng.below(dup.size())]);
    sets.push_back({"duplicates", dup});
    std::vector<Vec2> line;
    for (int k = 0; k < 400; ++k)
        line.push_back({0.07 * k, 0.05 * k}); // collinear, on a diagonal
    sets.push_back({"collinear", line});
    std::vector<Vec2> lattice;
    for (int y = 0; y < 25; ++y)
        for (int x = 0; x < 25; ++x)
            lattice.push_back({1.0 * x + 0.5, 1.0 * y + 0.5}); // ties everywhere
    sets.push_back({"lattice", lattice});
    std::vector<Vec2> pile = scatter(300);
    for (int k = 0; k < 200; ++k)
        pile.push_back({12 + 0.001 * (k % 10), 12 + 0.001 * (k / 10)}); // a pile the tree answers
    sets.push_back({"pile", pile});
    std::vector<Vec2> holey = scatter(1500);
    std::erase_if(holey, [](Vec2 p) { return p.x > 10 && p.x < 20; }); // an empty band of cells
    sets.push_back({"empty band", holey});

    for (const auto& [name, pts] : sets) {
        INFO(name);
        const size_t n = pts.size();
        std::vector<double> dia(n);
        for (double& d : dia)
            d = rng.uniform(0.1, 0.9);
        NearestNeighbourSums sums;
        int64_t overlaps = 0;
        double minNn = INFINITY, maxNn = 0;
        std::complex<double> psi4, psi6, a2;
        for (uint32_t i = 0; i < n; ++i) {
            std::vector<Neighbour> all;
            for (uint32_t j = 0; j < n; ++j)
                if (j != i) all.push_back({j, distanceSquared(pts[i], pts[j])});
            std::sort(all.begin(), all.end());
            if (!all.empty()) {
                const double d = std::sqrt(all[0].distanceSquared);
                sums.add(d, 0.6);
                minNn = std::min(minNn, d);
                maxNn = std::max(maxNn, d);
            }
            for (const Neighbour& nb : all) {
                const double t = 0.5 * (dia[i] + dia[nb.id]);
                if (nb.id > i && nb.distanceSquared < t * t) ++overlaps;
            }
            const size_t k = std::min<size_t>(6, all.size());
            std::complex<double> s4, s6;
            for (size_t j = 0; j < k; ++j) {
                if (!(all[j].distanceSquared > 0)) continue;
                const Vec2 v = pts[all[j].id] - pts[i];
                const double theta = std::atan2(v.y, v.x);
                if (j < 4) s4 += std::polar(1.0, 4 * theta);
                s6 += std::polar(1.0, 6 * theta);
                if (j == 0) a2 += std::polar(1.0, 2 * theta);
            }
            if (k > 0) {
                psi4 += s4 / static_cast<double>(std::min<size_t>(4, k));
                psi6 += s6 / static_cast<double>(k);
            }
        }
        PointStatsOptions o;
        o.structureFactor = false;
        const PointStats s = computePointStats(pts, square(30), o, dia);
        CHECK(s.nnSums == sums);
        CHECK(s.overlapPairs == overlaps);
        if (n < 2) continue;
        CHECK(*s.minNnMm == minNn);
        CHECK(*s.maxNnMm == maxNn);
        CHECK(s.orderDots == static_cast<int64_t>(n));
        CHECK(*s.psi4 == Approx(std::abs(psi4) / n).margin(1e-10));
        CHECK(*s.psi6 == Approx(std::abs(psi6) / n).margin(1e-10));
        CHECK(*s.a2 == Approx(std::abs(a2) / n).margin(1e-10));
    }
}

TEST_CASE("tiny sets: every count of neighbours up to and past six gives Ψ from the right bonds",
          "[point_stats]") {
    // A regular hexagon around a centre: with n = 7 the centre has exactly 6 neighbours at equal
    // distance, with n ≤ 6 the Ψ sums use the n − 1 that exist; Ψ6 of a hexagon plus centre is 1
    // for the centre and lower for the corners, never NaN.
    for (size_t n = 2; n <= 9; ++n) {
        std::vector<Vec2> pts{{5, 5}};
        for (size_t k = 0; pts.size() < n; ++k)
            pts.push_back(
                {5 + std::cos(k * M_PI / 3) * (1 + k / 6), 5 + std::sin(k * M_PI / 3) * (1 + k / 6)});
        const PointStats s = computePointStats(pts, square(10));
        INFO(n);
        REQUIRE(s.psi6);
        CHECK(std::isfinite(*s.psi6));
        CHECK(*s.psi6 <= 1.0 + 1e-12);
        CHECK(s.orderDots == static_cast<int64_t>(n));
        // Brute force for the same definition.
        std::complex<double> total;
        for (size_t i = 0; i < n; ++i) {
            std::vector<Neighbour> all;
            for (uint32_t j = 0; j < n; ++j)
                if (j != i) all.push_back({j, distanceSquared(pts[i], pts[j])});
            std::sort(all.begin(), all.end());
            const size_t k = std::min<size_t>(6, all.size());
            std::complex<double> sum;
            for (size_t j = 0; j < k; ++j) {
                const Vec2 v = pts[all[j].id] - pts[i];
                sum += std::polar(1.0, 6 * std::atan2(v.y, v.x));
            }
            total += sum / static_cast<double>(k);
        }
        CHECK(*s.psi6 == Approx(std::abs(total) / n).margin(1e-10));
    }
}

TEST_CASE("largest gap agrees with a brute-force fine lattice on random sets", "[point_stats]") {
    // f(x) = distance to the nearest dot on a 0.05 mm lattice over a 10×10 mm window (border
    // included): its maximum is within 0.05/√2 = 0.036 mm of the true largest empty radius; ours
    // is a true empty radius (never larger than the truth), so it must land within that band.
    for (uint64_t seed = 1; seed <= 6; ++seed) {
        Rng rng(seed);
        std::vector<Vec2> pts(20 + 15 * seed);
        for (auto& p : pts)
            p = {rng.uniform(0, 10), rng.uniform(0, 10)};
        double brute = 0.0;
        for (int iy = 0; iy <= 200; ++iy)
            for (int ix = 0; ix <= 200; ++ix) {
                const Vec2 x{ix * 0.05, iy * 0.05};
                double f = INFINITY;
                for (const Vec2& p : pts)
                    f = std::min(f, distanceSquared(x, p));
                brute = std::max(brute, std::sqrt(f));
            }
        const PointStats s = computePointStats(pts, square(10));
        INFO("seed " << seed << ", " << pts.size() << " dots");
        REQUIRE(s.largestGapMm);
        CHECK(*s.largestGapMm / 2 <= brute + 0.036);
        CHECK(*s.largestGapMm / 2 >= brute - 1e-9);
    }
}

TEST_CASE("point stats: 80000 coincident dots get their nearest neighbours in n log n",
          "[point-stats][limits]") {
    // Issue 16, hole 9: 80,000 dots at one place filled one grid cell and every query scanned it
    // all (27 s). Coincident dots are each other's nearest neighbour at distance 0. (The time is
    // bench_crowded's; a quadratic pass here would run for minutes and hit CTest's timeout.)
    std::vector<Vec2> points(80000, Vec2{10, 10});
    points.push_back({13, 14}); // 5 mm from the crowd
    points.push_back({13, 15}); // 1 mm from the one above
    const std::vector<double> d = nearestNeighbourDistances(points);
    REQUIRE(d.size() == points.size());
    CHECK(std::all_of(d.begin(), d.end() - 2, [](double v) { return v == 0.0; }));
    CHECK(d[80000] == Approx(1.0));
    CHECK(d[80001] == Approx(1.0));
    // Two dots at one place and one apart: the pair at 0, the other at its distance to them.
    const std::vector<double> small = nearestNeighbourDistances(std::vector<Vec2>{{0, 0}, {3, 4}, {0, 0}});
    CHECK(small == std::vector<double>{0.0, 5.0, 0.0});
}

namespace {

/// Crowded dots for the tree paths: piles of coincident dots (far more than a grid cell's 64),
/// a pile of distinct dots 0.0001 mm apart, two piles one disc apart (some pairs across them
/// overlap, some not), lattice ties and a sparse background.
std::vector<Vec2> crowdedSet(Rng& rng) {
    std::vector<Vec2> pts;
    for (int k = 0; k < 300; ++k)
        pts.push_back({10, 10});
    for (int k = 0; k < 200; ++k)
        pts.push_back({30, 12});
    for (int k = 0; k < 400; ++k)
        pts.push_back({20 + rng.uniform(-5e-5, 5e-5), 30 + rng.uniform(-5e-5, 5e-5)});
    for (int k = 0; k < 300; ++k)
        pts.push_back({5 + (k % 2 ? 0.25 : 0.0) + rng.uniform(-0.01, 0.01), 35 + rng.uniform(-0.01, 0.01)});
    for (int k = 0; k < 100; ++k)
        pts.push_back({static_cast<double>(rng.below(41)), static_cast<double>(rng.below(41))});
    for (int k = 0; k < 700; ++k)
        pts.push_back({rng.uniform(0, 40), rng.uniform(0, 40)});
    return pts;
}

} // namespace

TEST_CASE("crowded dots: the k-d tree answers exactly as the grid does", "[point_stats][limits]") {
    // Issue 16, hole 9: the tree that takes over from the grid where dots pile up must give the
    // same neighbours in the same order (nearer, then smaller id) and the same overlap counts.
    Rng rng(2026);
    const std::vector<Vec2> pts = crowdedSet(rng);
    std::vector<double> diameters(pts.size());
    for (double& d : diameters)
        d = rng.uniform(0.1, 0.4);
    PackedPointGrid grid;
    grid.build(pts);
    PointTree uniform, perDot;
    REQUIRE(uniform.build(pts));
    REQUIRE(perDot.build(pts, diameters));
    for (int q = 0; q < 400; ++q) {
        const uint32_t i = q < 300 ? static_cast<uint32_t>(rng.below(pts.size())) : kNoPoint;
        const Vec2 p = i == kNoPoint ? Vec2{rng.uniform(-5, 45), rng.uniform(-5, 45)} : pts[i];
        Neighbour a[7], b[7];
        const size_t ka = grid.nearestK(p, i, a), kb = uniform.nearestK(p, i, b);
        REQUIRE(ka == kb);
        for (size_t k = 0; k < ka; ++k)
            CHECK(a[k] == b[k]);
        CHECK(uniform.nearest(p, i) == grid.nearest(p, i));
        int64_t same = 0, own = 0;
        const double di = i == kNoPoint ? 0.3 : diameters[i];
        for (uint32_t j = 0; j < pts.size(); ++j) {
            if (j == i) continue;
            const double d2 = distanceSquared(pts[j], p);
            same += d2 < 0.2 * 0.2;
            const double sum = di + diameters[j];
            own += d2 < 0.25 * sum * sum;
        }
        CHECK(uniform.countOverlapping(p, i, 0.2) == same);
        CHECK(perDot.countOverlapping(p, i, di) == own);
    }
    // A pile of identical points: the k nearest are the smallest other ids.
    PointTree pile;
    const std::vector<Vec2> one(5000, Vec2{1, 1});
    REQUIRE(pile.build(one));
    Neighbour nb[6];
    REQUIRE(pile.nearestK({1, 1}, 2, nb) == 6);
    CHECK((nb[0].id == 0 && nb[1].id == 1 && nb[2].id == 3 && nb[5].id == 6));
    CHECK(pile.countOverlapping({1, 1}, 2, 0.2) == 4999);
    // Positions that are not finite have no order: no tree (the grid clamps them).
    CHECK_FALSE(pile.build(std::vector<Vec2>{{0, 0}, {std::nan(""), 1}}));
}

TEST_CASE("crowded dots: every statistic equals brute force where dots pile up", "[point_stats][limits]") {
    // The same checks as the awkward sets above, on piles that make the full statistics use the
    // tree: nearest-neighbour sums identical, overlap pairs identical (uniform and per-dot
    // diameters), guard-corrected Clark–Evans, Ψ and A equal up to summation order.
    Rng rng(16);
    const std::vector<Vec2> pts = crowdedSet(rng);
    const size_t n = pts.size();
    std::vector<double> diameters(n);
    for (double& d : diameters)
        d = rng.uniform(0.1, 0.4);
    NearestNeighbourSums sums;
    std::vector<double> nn(n);
    std::complex<double> psi4, psi6, a2;
    int64_t overlaps = 0, overlapsPerDot = 0;
    const double dia = 0.25;
    for (uint32_t i = 0; i < n; ++i) {
        std::vector<Neighbour> all;
        for (uint32_t j = 0; j < n; ++j)
            if (j != i) all.push_back({j, distanceSquared(pts[i], pts[j])});
        std::partial_sort(all.begin(), all.begin() + 6, all.end());
        nn[i] = std::sqrt(all[0].distanceSquared);
        sums.add(nn[i], 0.6);
        for (const Neighbour& nb : all) {
            if (nb.id <= i) continue;
            overlaps += nb.distanceSquared < dia * dia;
            const double sum = diameters[i] + diameters[nb.id];
            overlapsPerDot += nb.distanceSquared < 0.25 * sum * sum;
        }
        std::complex<double> s4, s6;
        for (int j = 0; j < 6; ++j) {
            if (!(all[j].distanceSquared > 0)) continue;
            const Vec2 v = pts[all[j].id] - pts[i];
            const double theta = std::atan2(v.y, v.x);
            if (j < 4) s4 += std::polar(1.0, 4 * theta);
            s6 += std::polar(1.0, 6 * theta);
            if (j == 0) a2 += std::polar(1.0, 2 * theta);
        }
        psi4 += s4 / 4.0;
        psi6 += s6 / 6.0;
    }
    REQUIRE(overlaps > 100000); // the piles: tens of thousands of pairs each
    const PatternWindow window = square(40);
    PointStatsOptions o;
    o.diameterMm = dia;
    const PointStats s = computePointStats(pts, window, o);
    CHECK(s.nnSums == sums);
    CHECK(s.overlapPairs == overlaps);
    CHECK(*s.psi4 == Approx(std::abs(psi4) / n).epsilon(1e-9));
    CHECK(*s.psi6 == Approx(std::abs(psi6) / n).epsilon(1e-9));
    CHECK(*s.a2 == Approx(std::abs(a2) / n).epsilon(1e-9));
    double guardSum = 0.0;
    int64_t guardCount = 0;
    for (size_t i = 0; i < n; ++i)
        if (window.insideBy(pts[i], s.guardMm)) {
            guardSum += nn[i];
            ++guardCount;
        }
    CHECK(s.guardCount == guardCount);
    CHECK(*s.clarkEvansGuard ==
          Approx((guardSum / guardCount) * 2.0 * std::sqrt(n / window.areaMm2())).epsilon(1e-12));
    REQUIRE(s.largestGapMm);
    CHECK(*s.largestGapMm > 0.0);
    const PointStats own = computePointStats(pts, window, o, diameters);
    CHECK(own.overlapPairs == overlapsPerDot);
    CHECK(own.nnSums == sums);
    // The picture's pair list: every pair while there are few enough, the first ones by (i, j)
    // beyond its limit; and each dot's nearest distance.
    const auto pairs = overlappingPairs(pts, diameters, 0.0, static_cast<size_t>(overlapsPerDot) + 10);
    CHECK(static_cast<int64_t>(pairs.size()) == overlapsPerDot);
    CHECK(std::is_sorted(pairs.begin(), pairs.end()));
    const auto first = overlappingPairs(pts, diameters, 0.0, 1000);
    REQUIRE(first.size() == 1000);
    CHECK(std::equal(first.begin(), first.end(), pairs.begin()));
    CHECK(nearestNeighbourDistances(pts) == nn);
}

TEST_CASE("crowded dots: 200,000 dots at one place are counted, not listed", "[point_stats][limits]") {
    // 200,000 dots at one place: 2·10¹⁰ pairs. Counted exactly; the picture lists the first
    // 100,000. (bench_crowded times this: 80,000 took 225 s before the tree, now well under 1 s;
    // a quadratic pass would run for many minutes and hit CTest's timeout.)
    std::vector<Vec2> pts(200000, Vec2{50, 50});
    const PointStats s = computePointStats(pts, square(100));
    CHECK(s.overlapPairs == int64_t{200000} * 199999 / 2);
    CHECK(s.minSpacingViolations == 200000);
    CHECK(*s.meanNnMm == 0.0);
    CHECK(s.orderDots == 10000);
    CHECK(s.structureDots <= 4 * 1024);
    REQUIRE(s.largestGapMm);
    CHECK(*s.largestGapMm == Approx(2.0 * std::sqrt(2.0) * 50.0)); // a corner, 50√2 mm from the pile
    // 100,000 distinct dots within 0.01 mm, in their own bounding box (as `stipple metrics`
    // takes it): the grid's cells are tiny and every 0.2 mm disc spans all of them.
    Rng rng(9);
    std::vector<Vec2> tiny(100000);
    Rect box;
    for (Vec2& p : tiny) {
        p = {50 + rng.uniform(-0.005, 0.005), 50 + rng.uniform(-0.005, 0.005)};
        box.expand(p);
    }
    const PointStats t = computePointStats(tiny, PatternWindow::rectangle(box));
    CHECK(t.overlapPairs == int64_t{100000} * 99999 / 2);
    CHECK(t.minSpacingViolations == 100000);
    const auto pairs = overlappingPairs(pts, {}, 0.2);
    REQUIRE(pairs.size() == kMaxOverlappingPairsListed);
    CHECK(pairs.front() == std::pair<uint32_t, uint32_t>{0, 1});
    CHECK(pairs.back() == std::pair<uint32_t, uint32_t>{0, 100000});
}

TEST_CASE("the bare-skin share (clumps) equals spatstat's empty-space estimate on the same samples",
          "[point_stats][spatstat][bare]") {
    // Five point sets drawn by spatstat (bare/make_reference.R): inhibition, uniform and clumps
    // that keep a minimum spacing in a rectangle, inhibition and Matérn clusters in level 11's
    // crown ring (a polygon with a hole). spatstat's answer (nncross of the lattice samples that
    // bdist.points keeps at least r inside) is a ratio of counts: equal to 1e-12.
    const std::string dir = kFixtures + "bare/";
    std::ifstream in(dir + "expected.json");
    REQUIRE(in.good());
    const nlohmann::json expected = nlohmann::json::parse(in);
    REQUIRE(expected.size() == 5);
    for (const auto& [name, e] : expected.items()) {
        INFO(name);
        const std::vector<Vec2> pts = readPoints(dir + name + ".csv");
        std::vector<Polygon> holes;
        for (const auto& h : e.at("holes"))
            holes.push_back(polygonOf(h));
        const Polygon outline = polygonOf(e.at("outline"));
        const PatternWindow window = holes.empty() && outline.size() == 4
                                         ? PatternWindow::rectangle(bounds(outline))
                                         : PatternWindow::polygon(outline, holes);
        PointStatsOptions options;
        options.largestGap = false;
        options.structureFactor = false;
        options.bareRadiusMm = e.at("r_mm").get<double>();
        options.bareStepMm = e.at("step_mm").get<double>();
        options.bareMaxSamples = 0; // exactly spatstat's lattice
        const PointStats s = computePointStats(pts, window, options);
        CHECK(s.count == e.at("count").get<int64_t>());
        CHECK(s.bareSamples == e.at("samples").get<int64_t>());
        REQUIRE(s.bareShare);
        CHECK(*s.bareShare == Approx(e.at("bare_share").get<double>()).margin(1e-10));
        CHECK(s.bareStepMm == e.at("step_mm").get<double>());
    }
}

namespace {

uint64_t bitsOf(double v) {
    uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

/// Every number of two results, compared bit for bit (an unset value only equals an unset one).
void requireSameBits(const PointStats& a, const PointStats& b) {
    const auto same = [](const std::optional<double>& x, const std::optional<double>& y) {
        return x.has_value() == y.has_value() && (!x || bitsOf(*x) == bitsOf(*y));
    };
    REQUIRE(a.count == b.count);
    REQUIRE(a.outsideCount == b.outsideCount);
    REQUIRE(a.nnSums == b.nnSums);
    REQUIRE(same(a.meanNnMm, b.meanNnMm));
    REQUIRE(same(a.nnSdMm, b.nnSdMm));
    REQUIRE(same(a.nnCv, b.nnCv));
    REQUIRE(same(a.minNnMm, b.minNnMm));
    REQUIRE(same(a.maxNnMm, b.maxNnMm));
    REQUIRE(a.minSpacingViolations == b.minSpacingViolations);
    REQUIRE(same(a.largestGapMm, b.largestGapMm));
    REQUIRE(bitsOf(a.largestGapCentre.x) == bitsOf(b.largestGapCentre.x));
    REQUIRE(bitsOf(a.largestGapCentre.y) == bitsOf(b.largestGapCentre.y));
    REQUIRE(a.overlapPairs == b.overlapPairs);
    REQUIRE(same(a.clarkEvans, b.clarkEvans));
    REQUIRE(same(a.clarkEvansDonnelly, b.clarkEvansDonnelly));
    REQUIRE(same(a.clarkEvansGuard, b.clarkEvansGuard));
    REQUIRE(a.guardCount == b.guardCount);
    REQUIRE(same(a.clarkEvansZ, b.clarkEvansZ));
    REQUIRE(same(a.psi4, b.psi4));
    REQUIRE(same(a.psi6, b.psi6));
    REQUIRE(same(a.a2, b.a2));
    REQUIRE(same(a.a4, b.a4));
    REQUIRE(same(a.a6, b.a6));
    REQUIRE(a.orderDots == b.orderDots);
    REQUIRE(same(a.structurePeak, b.structurePeak));
    REQUIRE(bitsOf(a.structurePeakK.x) == bitsOf(b.structurePeakK.x));
    REQUIRE(a.structureDots == b.structureDots);
    REQUIRE(same(a.vmr, b.vmr));
    REQUIRE(same(a.evennessCv, b.evennessCv));
    REQUIRE(same(a.bareShare, b.bareShare));
    REQUIRE(a.bareSamples == b.bareSamples);
}

} // namespace

TEST_CASE("two threads, with any split of the rows between them, give the bits of one thread",
          "[point_stats]") {
    // The caller and the helper thread each sweep a band of the neighbour pass's rows; the bands'
    // sums, minima, guard terms and gap samples merge in a fixed order. Every split (none, all
    // rows to the helper, a single row, …) must give exactly what one thread gives.
    Rng rng(2024);
    struct Case {
        const char* what;
        std::vector<Vec2> pts;
        PatternWindow window;
    };
    std::vector<Case> cases;
    {
        // A bald patch in the upper rows (the helper's band for most splits): the largest gap.
        std::vector<Vec2> pts = uniformPoints(rng, 24000, 150.0);
        std::erase_if(pts, [](Vec2 p) { return distance(p, {75.0, 130.0}) < 6.0; });
        cases.push_back({"uniform random with a hole, square", std::move(pts), square(150.0)});
    }
    {
        // Clusters, duplicates, lattice ties, dots far outside; a polygon window with a hole.
        std::vector<Vec2> pts;
        for (int c = 0; c < 400; ++c) {
            const Vec2 centre{rng.uniform(0, 160), rng.uniform(0, 160)};
            for (int k = 0; k < 40; ++k)
                pts.push_back(centre + Vec2{rng.normal(0, 1.0), rng.normal(0, 1.0)});
        }
        for (int k = 0; k < 6000; ++k)
            pts.push_back({rng.uniform(0, 160), rng.uniform(0, 160)});
        for (int k = 0; k < 500; ++k)
            pts.push_back(pts[rng.below(pts.size())]);
        for (int k = 0; k < 500; ++k)
            pts.push_back({static_cast<double>(rng.below(161)), static_cast<double>(rng.below(161))});
        for (int k = 0; k < 50; ++k)
            pts.push_back({rng.uniform(-300, 460), rng.uniform(-300, 460)});
        cases.push_back({"clusters, ties, a hole", std::move(pts),
                         PatternWindow::polygon({{0, 0}, {160, 0}, {160, 90}, {90, 160}, {0, 160}},
                                                {{{60, 60}, {60, 90}, {90, 90}, {90, 60}}})});
    }
    {
        // A pile of coincident dots: the k-d tree answers the crowded blocks.
        std::vector<Vec2> pts = uniformPoints(rng, 20000, 140.0);
        for (int k = 0; k < 2000; ++k)
            pts.push_back({70.0, 70.0});
        cases.push_back({"a pile (k-d tree)", std::move(pts), square(140.0)});
    }
    for (const Case& c : cases) {
        INFO(c.what);
        std::vector<double> diameters(c.pts.size());
        for (double& d : diameters)
            d = rng.uniform(0.1, 0.4);
        PointStatsOptions one;
        one.bareRadiusMm = 1.0;
        one.threads = 1;
        const PointStats reference = computePointStats(c.pts, c.window, one, diameters);
        REQUIRE(reference.largestGapMm);
        if (c.what == std::string("uniform random with a hole, square"))
            REQUIRE(*reference.largestGapMm > 10.0);
        REQUIRE(reference.bareShare);
        REQUIRE(reference.overlapPairs > 0);
        const PointStats uniformDiameters = computePointStats(c.pts, c.window, one); // one thread, once
        for (const double share : {0.0, 0.001, 0.35, 0.5, 0.999, 1.0}) {
            INFO("helper's share of the rows " << share);
            PointStatsOptions two = one;
            two.threads = 2;
            two.helperRowShare = share;
            requireSameBits(computePointStats(c.pts, c.window, two, diameters), reference);
            requireSameBits(computePointStats(c.pts, c.window, two), uniformDiameters);
        }
    }
}

TEST_CASE("a processor without AVX gets the bits of one with it", "[point_stats]") {
    // The neighbour pass and the structure factor run 4- and 8-lane AVX kernels where the
    // processor has them, else 2- and 4-lane SSE2 kernels: a station without AVX must score the
    // same dots to the same bits (a recording made on one replays and regrades on the other).
    // Per-dot diameters, clusters, duplicates, a pile for the k-d tree, a polygon with a hole, a
    // lattice with ties, and few dots (a part-filled last vector).
    struct AvxGuard {
        bool has = detail::allowAvxKernels(true);
        ~AvxGuard() { detail::allowAvxKernels(true); }
    } guard;
    if (!guard.has) WARN("this processor has no AVX: both runs take the SSE2 kernels");
    Rng rng(77);
    struct Case {
        const char* what;
        std::vector<Vec2> pts;
        PatternWindow window;
    };
    std::vector<Case> cases;
    cases.push_back({"uniform random, square", uniformPoints(rng, 12000, 110.0), square(110.0)});
    {
        std::vector<Vec2> pts;
        for (int c = 0; c < 150; ++c) {
            const Vec2 centre{rng.uniform(0, 100), rng.uniform(0, 100)};
            for (int k = 0; k < 30; ++k)
                pts.push_back(centre + Vec2{rng.normal(0, 0.8), rng.normal(0, 0.8)});
        }
        for (int k = 0; k < 300; ++k)
            pts.push_back(pts[rng.below(pts.size())]);
        for (int k = 0; k < 1500; ++k)
            pts.push_back({70.0, 30.0});
        for (int k = 0; k < 400; ++k)
            pts.push_back({static_cast<double>(rng.below(101)), static_cast<double>(rng.below(101))});
        cases.push_back({"clusters, a pile, ties, a hole", std::move(pts),
                         PatternWindow::polygon({{0, 0}, {100, 0}, {100, 60}, {60, 100}, {0, 100}},
                                                {{{40, 40}, {40, 55}, {55, 55}, {55, 40}}})});
    }
    for (const int n : {2, 3, 5, 7, 9, 13, 34}) {
        std::vector<Vec2> pts = uniformPoints(rng, n, 8.0);
        cases.push_back({"a few dots", std::move(pts), square(8.0)});
    }
    for (const Case& c : cases) {
        INFO(c.what << ", " << c.pts.size() << " dots");
        std::vector<double> diameters(c.pts.size());
        for (double& d : diameters)
            d = rng.uniform(0.1, 0.4);
        PointStatsOptions options;
        options.bareRadiusMm = 1.0;
        for (const int threads : {1, 2}) {
            INFO(threads << " thread(s)");
            options.threads = threads;
            detail::allowAvxKernels(true);
            const PointStats withAvx = computePointStats(c.pts, c.window, options, diameters);
            const PointStats withAvxUniform = computePointStats(c.pts, c.window, options);
            detail::allowAvxKernels(false);
            requireSameBits(computePointStats(c.pts, c.window, options, diameters), withAvx);
            requireSameBits(computePointStats(c.pts, c.window, options), withAvxUniform);
        }
    }
}
