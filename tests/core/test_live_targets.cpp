// Live target hits (scoring/live_targets.h): what the drill HUD shows stroke by stroke must
// agree with the distances the trainee actually left, give targets back on undo, and never
// promise more hits than the final optimal matching finds.
#include "random/rng.h"
#include "scoring/live_targets.h"
#include "scoring/matching.h"

#include <catch2/catch.hpp>

using namespace stipple;

namespace {

/// A 10 × 10 grid of targets 2 mm apart, τ = 0.3 mm.
TargetPattern gridTargets() {
    TargetPattern t;
    t.toleranceMm = 0.3;
    for (int r = 0; r < 10; ++r)
        for (int c = 0; c < 10; ++c)
            t.dots.push_back({{5.0 + 2.0 * c, 5.0 + 2.0 * r}, 0.2});
    return t;
}

} // namespace

TEST_CASE("dots placed on the targets are hits with their true distance") {
    const TargetPattern t = gridTargets();
    LiveTargets live(t);
    for (size_t i = 0; i < t.dots.size(); ++i)
        live.placed(i, t.dots[i].pos + Vec2{0.1, 0.0});
    const LiveTargetSnapshot s = live.snapshot();
    CHECK(s.targets == 100);
    CHECK(s.hits == 100);
    CHECK(s.extras == 0);
    CHECK(s.meanErrorMm == Approx(0.1).epsilon(1e-12));
}

TEST_CASE("a dot beyond tolerance, or on an already claimed target, is an extra") {
    const TargetPattern t = gridTargets();
    LiveTargets live(t);
    live.placed(0, t.dots[0].pos);                   // hit
    live.placed(1, t.dots[0].pos + Vec2{0.05, 0.0}); // the nearest free target is 2 mm away
    live.placed(2, t.dots[5].pos + Vec2{0.0, 0.31}); // just outside τ
    live.placed(3, t.dots[5].pos + Vec2{0.0, 0.29}); // just inside τ
    const LiveTargetSnapshot s = live.snapshot();
    CHECK(s.hits == 2);
    CHECK(s.extras == 2);
    CHECK(live.targetOf(0) == 0);
    CHECK(live.targetOf(1) == -1);
    CHECK(live.targetOf(3) == 5);
    CHECK(s.meanErrorMm == Approx(0.145).epsilon(1e-9));
}

TEST_CASE("undo gives the target back to the next dot") {
    const TargetPattern t = gridTargets();
    LiveTargets live(t);
    live.placed(0, t.dots[7].pos + Vec2{0.2, 0.0});
    REQUIRE(live.snapshot().hits == 1);
    live.removed(0);
    CHECK(live.snapshot().hits == 0);
    CHECK(live.snapshot().extras == 0);
    CHECK(live.snapshot().meanErrorMm == 0.0);
    live.placed(0, t.dots[7].pos);
    CHECK(live.targetOf(0) == 7);
    CHECK(live.snapshot().meanErrorMm == 0.0);
    live.removed(5); // never placed: nothing happens
    CHECK(live.snapshot().hits == 1);
}

TEST_CASE("live hits never exceed the optimal matching and equal it when dots are unambiguous") {
    Rng rng(20261129);
    const TargetPattern t = gridTargets();
    std::vector<Vec2> targets;
    for (const TargetDot& d : t.dots)
        targets.push_back(d.pos);
    for (int trial = 0; trial < 20; ++trial) {
        LiveTargets live(t);
        std::vector<Vec2> placed;
        // Shaky hands: each target aimed at with a 0.2 mm sd error, plus stray dots.
        for (size_t i = 0; i < targets.size(); ++i) {
            if (rng.uniform() < 0.2) continue;
            placed.push_back(targets[i] + Vec2{rng.normal(0.0, 0.2), rng.normal(0.0, 0.2)});
        }
        for (int k = 0; k < 15; ++k)
            placed.push_back({rng.uniform(4.0, 24.0), rng.uniform(4.0, 24.0)});
        for (size_t i = 0; i < placed.size(); ++i)
            live.placed(i, placed[i]);
        const MatchResult best = matchOptimal(targets, placed, t.toleranceMm);
        const LiveTargetSnapshot s = live.snapshot();
        CHECK(s.hits <= best.hits);
        CHECK(s.hits + s.extras == static_cast<int>(placed.size()));
    }
    // Targets 2 mm apart and τ = 0.3 mm: each dot can reach at most one target, so the live
    // greedy choice is the optimal one.
    LiveTargets live(t);
    std::vector<Vec2> placed;
    for (size_t i = 0; i < targets.size(); i += 3)
        placed.push_back(targets[i] + Vec2{0.15, -0.1});
    for (size_t i = 0; i < placed.size(); ++i)
        live.placed(i, placed[i]);
    const MatchResult best = matchOptimal(targets, placed, t.toleranceMm);
    CHECK(live.snapshot().hits == best.hits);
    CHECK(live.snapshot().meanErrorMm == Approx(best.meanErrorMm).epsilon(1e-9));
}

TEST_CASE("a level without target dots matches nothing") {
    LiveTargets live(TargetPattern{});
    CHECK(live.empty());
    live.placed(0, {1, 1});
    CHECK(live.snapshot().targets == 0);
    CHECK(live.snapshot().hits == 0);
}
