// One source of truth for live and final numbers (issue 14): the live numbers the HUD shows
// (core's LiveAttempt) equal the scorer's on the same dots, over random attempts on every
// shipped level — natural work, strays outside the design and in forbidden areas, dots of every
// size, too-shallow strikes the healing model loses, and undos — bit for bit.
#include "level/level_reader.h"
#include "random/rng.h"
#include "scoring/layering.h"
#include "scoring/live_attempt.h"
#include "support/natural_work.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

using namespace stipple;

namespace {

/// A messy attempt: natural work (layered where the level has sessions), a tenth more dots
/// anywhere on the canvas, sizes from tiny to macrodots, some strikes too shallow.
std::vector<Dot> messyAttempt(const LevelContext& ctx, uint64_t seed) {
    const Level& level = ctx.level();
    const test::Generator g = test::kGenerators[seed % 3];
    std::vector<Dot> dots = level.zones.empty()         ? std::vector<Dot>{}
                            : level.sessions.size() > 1 ? test::naturalLayered(ctx, g, seed, 0.8)
                                                        : test::naturalAttempt(ctx, g, seed, 0.8);
    Rng rng(seed * 7919);
    const size_t strays = dots.size() / 10 + 40;
    for (size_t i = 0; i < strays; ++i) {
        const Vec2 p{rng.uniform(0.0, level.canvas.widthMm), rng.uniform(0.0, level.canvas.heightMm)};
        dots.push_back(
            test::naturalDot(level, p, static_cast<int>(rng.below(level.sessions.size())), 0, rng));
    }
    for (Dot& d : dots) {
        const double u = rng.uniform();
        if (u < 0.1)
            d.diameterMm = static_cast<float>(rng.uniform(0.6, 1.4)); // healed 0.3–0.7 mm: merges, macrodots
        if (u > 0.95) d.depthMm = static_cast<float>(rng.uniform(0.05, 0.3)); // too shallow: may be lost
    }
    // A trainee works in sessions: the scorer's dot order is the placing order.
    std::stable_sort(dots.begin(), dots.end(),
                     [](const Dot& a, const Dot& b) { return a.session < b.session; });
    for (size_t i = 0; i < dots.size(); ++i)
        dots[i].tick = static_cast<int32_t>(i) * 30;
    return dots;
}

bool healed(const Level& level) {
    return level.sessions.size() > 1 || !level.scars.empty();
}

/// Compares the live numbers with the scorer's on `present` (the dots live holds, in order).
void requireSame(const LevelContext& ctx, const LiveAttempt& live, const std::vector<Dot>& present) {
    const Level& level = ctx.level();
    ScoreResult result;
    if (healed(level))
        result = scoreLayered(ctx, present).healedLook;
    else
        result = scoreAttempt(ctx, present);
    const Scorecard& card = result.card;
    const ScoreDetails& details = result.details;
    int64_t spill = 0, forbidden = 0, violations = 0;
    for (const DotPlace p : details.place) {
        spill += p == DotPlace::Spill ? 1 : 0;
        forbidden += p == DotPlace::Forbidden ? 1 : 0;
    }
    CHECK(live.spill() == spill);
    if (const MetricResult* m = card.find("forbidden"))
        CHECK(live.forbidden() == static_cast<int64_t>(m->value));
    if (const MetricResult* m = card.find("overlaps"))
        CHECK(live.overlaps() == static_cast<int64_t>(m->value));
    REQUIRE(details.zoneStats.size() == live.zoneCount());
    for (size_t z = 0; z < live.zoneCount(); ++z) {
        INFO("zone " << level.zones[z].id);
        const PointStats& s = details.zoneStats[z];
        const LiveSnapshot l = live.zone(z);
        violations += s.minSpacingViolations;
        if (const MetricResult* m = card.find("density", level.zones[z].id)) {
            REQUIRE(live.densityRatio(z));
            CHECK(*live.densityRatio(z) == m->value);
        }
        CHECK(l.count == s.count);
        CHECK(l.outsideCount == s.outsideCount);
        CHECK(l.densityPerCm2 == s.densityPerCm2);
        CHECK(l.meanNnMm == s.meanNnMm);
        CHECK(l.nnSdMm == s.nnSdMm);
        CHECK(l.nnCv == s.nnCv);
        CHECK(l.minSpacingViolations == s.minSpacingViolations);
        CHECK(l.minSpacingFraction == s.minSpacingFraction);
        CHECK(l.overlapPairs == s.overlapPairs);
        CHECK(l.clarkEvans == s.clarkEvans);
        CHECK(l.clarkEvansDonnelly == s.clarkEvansDonnelly);
        CHECK(l.clarkEvansZ == s.clarkEvansZ);
        CHECK(l.evennessCv == s.evennessCv);
    }
    CHECK(live.tooClose() == violations);
}

} // namespace

TEST_CASE("live numbers equal the scorer's on every shipped level, through strikes and undos",
          "[live][shipped]") {
    int levels = 0;
    int64_t overlaps = 0, spill = 0, forbidden = 0, lost = 0; // the attempts exercise every count
    for (const auto& entry : std::filesystem::directory_iterator(STIPPLE_SOURCE_DIR "/levels")) {
        if (entry.path().extension() != ".xml") continue;
        Diagnostics diags;
        const auto level = loadLevelFile(entry.path().string(), diags);
        REQUIRE(level);
        ++levels;
        INFO(entry.path().filename().string());
        const LevelContext ctx(*level);
        const HealingModel model(*level);
        for (uint64_t seed = 1; seed <= 3; ++seed) {
            INFO("seed " << seed);
            const std::vector<Dot> dots = messyAttempt(ctx, seed);
            LiveAttempt live(ctx, healed(*level) ? &model : nullptr);
            std::map<uint32_t, Dot> present; // by index: the order the scorer sees them
            Rng rng(seed);
            const auto current = [&] {
                std::vector<Dot> out;
                for (const auto& [i, d] : present)
                    out.push_back(d);
                return out;
            };
            for (uint32_t i = 0; i < dots.size(); ++i) {
                live.add(i, dots[i]);
                present[i] = dots[i];
                // Undo now and then: the last strike, or (a replay seeking back) a few.
                if (rng.uniform() < 0.03) {
                    for (int k = static_cast<int>(rng.below(3)); k >= 0 && !present.empty(); --k) {
                        const uint32_t last = present.rbegin()->first;
                        CHECK(live.remove(last));
                        present.erase(last);
                    }
                }
                if (i == dots.size() / 3) requireSame(ctx, live, current());
            }
            CHECK(live.dots() == static_cast<int64_t>(present.size()));
            overlaps += live.overlaps();
            spill += live.spill();
            forbidden += live.forbidden();
            lost += live.lost();
            requireSame(ctx, live, current());
            CHECK_FALSE(live.remove(static_cast<uint32_t>(dots.size() + 5)));
        }
    }
    CHECK(levels >= 12);
    CHECK(overlaps > 0);
    CHECK(spill > 0);
    CHECK(forbidden > 0);
    CHECK(lost > 0);
}
