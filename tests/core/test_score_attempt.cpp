#include "level/level_reader.h"
#include "pattern/example_attempts.h"
#include "random/rng.h"
#include "scoring/score_attempt.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace stipple;

namespace {

std::vector<Dot> toDots(const std::vector<ExampleDot>& example) {
    return dotsOfExample(example);
}

Level patchLevel() {
    Level level;
    level.id = "patch";
    level.canvas.widthMm = 40;
    level.canvas.heightMm = 30;
    Zone z;
    z.id = "crown";
    z.name = "crown";
    z.outline = {{0, 0}, {40, 0}, {40, 30}, {0, 30}};
    z.densityPerCm2 = 70;
    level.zones.push_back(z);
    return level;
}

Dot dotAt(double x, double y, double depth = 0.75) {
    Dot d;
    d.pos = {x, y};
    d.diameterMm = 0.4f;
    d.depthMm = static_cast<float>(depth);
    return d;
}

} // namespace

TEST_CASE("every shipped level ranks good work above sparse, clumped and grid-like work", "[score]") {
    const std::string dir = std::string(STIPPLE_SOURCE_DIR) + "/levels";
    int levels = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".xml") continue;
        Diagnostics diags;
        const auto level = loadLevelFile(entry.path().string(), diags);
        INFO(entry.path().string() << "\n" << diags.formatAll());
        REQUIRE(level);
        ++levels;
        const LevelContext ctx(*level);
        const Scorecard good = scoreAttempt(ctx, toDots(exampleAttempt(*level, AttemptStyle::Good, 11))).card;
        CHECK(good.passed);
        for (AttemptStyle bad : {AttemptStyle::Sparse, AttemptStyle::Clumped, AttemptStyle::Grid}) {
            const Scorecard card = scoreAttempt(ctx, toDots(exampleAttempt(*level, bad, 11))).card;
            INFO(attemptStyleName(bad) << " scored " << card.overall << " against good " << good.overall);
            CHECK_FALSE(card.passed);
            CHECK(card.overall < good.overall);
        }
    }
    CHECK(levels >= 3);
}

TEST_CASE("density explains how many dots to add", "[score]") {
    const Level level = patchLevel();
    const LevelContext ctx(level);
    // 840 expected (0.7/mm² × 1200 mm²); place 420 on a loose lattice.
    std::vector<Dot> dots;
    for (int i = 0; i < 420; ++i)
        dots.push_back(dotAt(1 + (i % 21) * 1.85, 1 + (i / 21) * 1.45));
    const Scorecard card = scoreAttempt(ctx, dots).card;
    const MetricResult* density = card.find("density", "crown");
    REQUIRE(density);
    CHECK(density->value == Approx(0.5));
    CHECK(density->explanation == "crown: 35 dots/cm², target 70 — add about 420 dots");
    CHECK_FALSE(density->passed);
}

TEST_CASE("spill, forbidden areas, depth and blowouts are counted dot by dot", "[score]") {
    Level level = patchLevel();
    level.zones[0].outline = {{0, 0}, {30, 0}, {30, 30}, {0, 30}};
    level.forbidden.push_back({"mole", {{10, 10}, {15, 10}, {15, 15}, {10, 15}}});
    level.scoring.vetoes.push_back({"forbidden", 0, "never pigment the mole"});
    const LevelContext ctx(level);
    const std::vector<Dot> dots{dotAt(5, 5), dotAt(12, 12), dotAt(35, 5), dotAt(20, 20, 0.2),
                                dotAt(25, 25, 1.8)};
    const ScoreResult r = scoreAttempt(ctx, dots);
    CHECK(r.details.place[1] == DotPlace::Forbidden);
    CHECK(r.details.place[2] == DotPlace::Spill);
    CHECK(r.card.find("forbidden")->value == 1.0);
    CHECK(r.card.find("spill")->value == Approx(0.2));
    CHECK(r.card.find("spill")->explanation == "1 dot outside the design");
    CHECK(r.card.find("depth")->value == Approx(0.6));
    CHECK(r.card.find("depth")->explanation ==
          "60 % of strikes at the right depth; 1 too shallow (they fade); 1 too deep (they spread)");
    CHECK(r.card.find("blowouts")->value == 1.0);
    REQUIRE(r.card.vetoes.size() == 1);
    CHECK(r.card.vetoes[0].reason == "never pigment the mole");
    CHECK_FALSE(r.card.passed);
}

TEST_CASE("overlapping healed discs are reported as merged pairs", "[score]") {
    const Level level = patchLevel();
    const LevelContext ctx(level);
    // Fresh 0.4 mm heals to 0.2 mm: centres 0.15 mm apart merge, 0.25 mm apart do not.
    const std::vector<Dot> dots{dotAt(5, 5), dotAt(5.15, 5), dotAt(10, 10), dotAt(10.25, 10)};
    const ScoreResult r = scoreAttempt(ctx, dots);
    REQUIRE(r.details.overlaps.size() == 1);
    CHECK(r.details.overlaps[0] == std::pair<uint32_t, uint32_t>{0, 1});
    CHECK(r.card.find("overlaps")->value == 1.0);
}

TEST_CASE("scoring is defined for no dots and for a single dot", "[score]") {
    const Level level = patchLevel();
    const LevelContext ctx(level);
    const Scorecard none = scoreAttempt(ctx, {}).card;
    CHECK_FALSE(none.passed);
    CHECK(none.find("density", "crown")->value == 0.0);
    const std::vector<Dot> one{dotAt(5, 5)};
    const Scorecard single = scoreAttempt(ctx, one).card;
    CHECK_FALSE(single.passed);
    for (const auto& m : single.metrics) {
        CHECK(std::isfinite(m.value));
        CHECK(std::isfinite(m.score));
    }
}

TEST_CASE("scoring is deterministic", "[score]") {
    const Level level = patchLevel();
    const LevelContext ctx(level);
    const auto dots = toDots(exampleAttempt(level, AttemptStyle::Good, 3));
    const Scorecard a = scoreAttempt(ctx, dots).card, b = scoreAttempt(ctx, dots).card;
    REQUIRE(a.metrics.size() == b.metrics.size());
    for (size_t i = 0; i < a.metrics.size(); ++i)
        CHECK(a.metrics[i].value == b.metrics[i].value);
    CHECK(a.overall == b.overall);
}

TEST_CASE("a zone with zones nested inside is measured on its own ring, as spatstat measures it",
          "[score][holes]") {
    // Level 11: the whorl inside the spiral inside the crown. The crown's dots can only lie in
    // the crown less the spiral; its statistics use that ring (area, guard border on both
    // edges). spatstat's answers for natural work in that ring: tests/fixtures/spatstat/holes.
    Diagnostics diags;
    const auto level = loadLevelFile(std::string(STIPPLE_SOURCE_DIR) + "/levels/11-crown-whorl.xml", diags);
    REQUIRE(level);
    const LevelContext ctx(*level);
    REQUIRE(level->zones.size() == 3);
    CHECK(ctx.zoneWindow(0).holes().empty());       // whorl: nothing inside
    CHECK(ctx.zoneWindow(1).holes().size() == 1);   // spiral less whorl
    REQUIRE(ctx.zoneWindow(2).holes().size() == 1); // crown less spiral (the whorl is inside the spiral)
    CHECK(ctx.zoneWindow(2).holes()[0] == level->zones[1].outline);
    // The usable area the density metric integrates agrees with the ring's exact area.
    CHECK(ctx.usableAreaMm2(2) == Approx(ctx.zoneWindow(2).areaMm2()).epsilon(0.01));

    const std::string dir = std::string(STIPPLE_SOURCE_DIR) + "/tests/fixtures/spatstat/holes/";
    const struct {
        const char* name;
        double area, guardR, naiveR; // spatstat (expected.json)
    } cases[] = {{"crown_ring_inhibition", 911.67, 1.6979, 1.7030},
                 {"crown_ring_jittered", 911.67, 1.4506, 1.4782}};
    for (const auto& c : cases) {
        INFO(c.name);
        std::ifstream in(dir + c.name + ".csv");
        REQUIRE(in.good());
        std::string line;
        std::getline(in, line);
        std::vector<Dot> dots;
        while (std::getline(in, line)) {
            const auto comma = line.find(',');
            dots.push_back(dotAt(std::stod(line.substr(0, comma)), std::stod(line.substr(comma + 1))));
        }
        const ScoreResult r = scoreAttempt(ctx, dots);
        const PointStats& crown = r.details.zoneStats[2];
        CHECK(crown.count == static_cast<int64_t>(dots.size()));
        CHECK(crown.areaMm2 == Approx(c.area).epsilon(1e-5));
        REQUIRE(crown.clarkEvansGuard);
        CHECK(*crown.clarkEvansGuard == Approx(c.guardR).margin(1e-4));
        CHECK(*crown.clarkEvans == Approx(c.naiveR).margin(1e-4));
        const MetricResult* m = r.card.find("clark-evans", "crown");
        REQUIRE(m);
        CHECK(m->value == *crown.clarkEvansGuard);
    }
}

TEST_CASE("a dot lands where the point-in-polygon rule puts it, through the placement raster too",
          "[score]") {
    // placeDot answers most dots from LevelContext's raster of cells no outline crosses; on every
    // shipped level, points spread over the canvas and points a hair from every outline vertex
    // and edge land exactly as the rule says: forbidden area, else spill (no zone, or in front of
    // the hairline), else the first listed zone holding the point.
    int levels = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(STIPPLE_SOURCE_DIR) + "/levels")) {
        if (entry.path().extension() != ".xml") continue;
        Diagnostics diags;
        const auto level = loadLevelFile(entry.path().string(), diags);
        REQUIRE(level);
        ++levels;
        const LevelContext ctx(*level);
        const DensityField& field = ctx.field();
        std::vector<Vec2> points;
        Rng rng(17);
        for (int i = 0; i < 20000; ++i)
            points.push_back({rng.uniform(-1.0, level->canvas.widthMm + 1.0),
                              rng.uniform(-1.0, level->canvas.heightMm + 1.0)});
        std::vector<Polygon> outlines;
        for (const auto& z : level->zones)
            outlines.push_back(z.outline);
        for (const auto& f : level->forbidden)
            outlines.push_back(f.outline);
        for (const Polygon& o : outlines)
            for (size_t e = 0; e < o.size(); ++e) {
                const Vec2 a = o[e], b = o[(e + 1) % o.size()];
                for (const double t : {0.0, 0.37, 0.5})
                    for (const double d : {-1e-6, 0.0, 1e-6, 0.3}) {
                        const Vec2 q = a + (b - a) * t;
                        points.push_back({q.x + d, q.y - d});
                    }
            }
        size_t checked = 0;
        for (const Vec2 p : points) {
            bool inForbidden = false;
            for (const auto& f : level->forbidden)
                inForbidden = inForbidden || contains(f.outline, p);
            const int zone = field.zoneAt(p);
            const DotPlace expected = inForbidden                                    ? DotPlace::Forbidden
                                      : zone < 0 || field.rampFactor(p, zone) <= 0.0 ? DotPlace::Spill
                                                                                     : DotPlace::Zone;
            const Placement got = placeDot(ctx, p);
            if (got.place != expected || got.zone != zone) {
                INFO(entry.path().filename().string() << " at (" << p.x << ", " << p.y << ")");
                CHECK(got.zone == zone);
                CHECK(static_cast<int>(got.place) == static_cast<int>(expected));
            }
            ++checked;
        }
        CHECK(checked == points.size());
    }
    CHECK(levels >= 12);
}

TEST_CASE("a large zone scored on two threads gets the one-thread scorecard, every number and word",
          "[score]") {
    // 25,000 dots in one zone: its statistics split between the caller and the helper thread.
    Level level = patchLevel();
    level.canvas.widthMm = level.canvas.heightMm = 160;
    level.zones[0].outline = {{0, 0}, {160, 0}, {160, 120}, {80, 160}, {0, 160}};
    level.zones[0].densityPerCm2 = 100;
    level.target.generate = true;
    const LevelContext ctx(level);
    for (const AttemptStyle style : {AttemptStyle::Good, AttemptStyle::Clumped, AttemptStyle::Grid}) {
        INFO(attemptStyleName(style));
        const std::vector<Dot> dots = toDots(exampleAttempt(level, style, 3));
        REQUIRE(dots.size() > 20000);
        AttemptInfo one, two;
        one.threads = 1;
        two.threads = 2;
        const ScoreResult a = scoreAttempt(ctx, dots, one), b = scoreAttempt(ctx, dots, two);
        REQUIRE(a.card.overall == b.card.overall);
        REQUIRE(a.card.passed == b.card.passed);
        REQUIRE(a.card.decidingRule == b.card.decidingRule);
        REQUIRE(a.card.metrics.size() == b.card.metrics.size());
        for (size_t m = 0; m < a.card.metrics.size(); ++m) {
            INFO(a.card.metrics[m].id);
            CHECK(a.card.metrics[m].value == b.card.metrics[m].value);
            CHECK(a.card.metrics[m].score == b.card.metrics[m].score);
            CHECK(a.card.metrics[m].explanation == b.card.metrics[m].explanation);
        }
        REQUIRE(a.details.zoneStats.size() == 1);
        CHECK(a.details.zoneStats[0].largestGapMm == b.details.zoneStats[0].largestGapMm);
        CHECK(a.details.zoneStats[0].psi6 == b.details.zoneStats[0].psi6);
        CHECK(a.details.zoneStats[0].clarkEvansGuard == b.details.zoneStats[0].clarkEvansGuard);
    }
}
