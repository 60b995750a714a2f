// The handpiece: the dwell/motion → depth/size mapping with known answers from its formulas,
// and the Box2D tip's settling, lag, acceleration cap and tremor against their theory.
#include "handpiece/handpiece.h"
#include "handpiece/needle_model.h"
#include "handpiece/portable_math.h"
#include "level/level.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

using namespace stipple;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDt = 1.0 / Handpiece::kTicksPerSecond;

uint64_t bitsOf(double v) {
    uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

} // namespace

TEST_CASE("depth: a zero-dwell strike is shallow, longer dwell is deeper and saturates at the cap",
          "[handpiece]") {
    const NeedleMapping m; // d0 0.15, r 2 mm/s, dMax 2.5
    // Known answers of d0 + (dMax − d0)(1 − exp(−r t /(dMax − d0))), computed independently.
    CHECK(depthForDwell(m, 0.0) == 0.15);
    CHECK(depthForDwell(m, 0.1) == Approx(0.3417257475).epsilon(1e-9));
    CHECK(depthForDwell(m, 0.5) == Approx(0.9644579999).epsilon(1e-9));
    CHECK(depthForDwell(m, 1.0) == Approx(1.4966428791).epsilon(1e-9));

    double previous = depthForDwell(m, 0.0), previousGain = 1e9;
    for (int i = 1; i <= 100; ++i) {
        const double d = depthForDwell(m, 0.1 * i);
        const double gain = d - previous;
        CHECK(gain > 0.0);          // deeper with every extra 0.1 s …
        CHECK(gain < previousGain); // … by less each time (saturating)
        CHECK(d < m.maxDepthMm);
        previous = d;
        previousGain = gain;
    }
    CHECK(depthForDwell(m, 10.0) == Approx(m.maxDepthMm).margin(1e-3));
    // The initial rate is the level's depth per second.
    CHECK((depthForDwell(m, 1e-6) - depthForDwell(m, 0.0)) / 1e-6 ==
          Approx(m.depthPerSecondMm).epsilon(1e-5));
}

TEST_CASE("depth: pressure multiplies the rate, and a level's spec sets rate and cap", "[handpiece]") {
    const NeedleMapping m;
    CHECK(depthForDwell(m, 0.2, 2.0) == Approx(depthForDwell(m, 0.4, 1.0)).epsilon(1e-12));
    CHECK(depthForDwell(m, 0.2, 0.5) < depthForDwell(m, 0.2, 1.0));

    HandpieceSpec spec;
    spec.depthPerSecondMm = 4.0;
    spec.maxDepthMm = 1.2;
    const NeedleMapping fast = needleMappingFor(spec);
    CHECK(fast.depthPerSecondMm == 4.0);
    CHECK(fast.maxDepthMm == 1.2);
    CHECK(depthForDwell(fast, 0.2) > depthForDwell(m, 0.2));
    CHECK(depthForDwell(fast, 5.0) <= 1.2);

    spec.maxDepthMm = 0.1; // below the tap depth: a consistent curve that stays at the cap
    const NeedleMapping shallow = needleMappingFor(spec);
    CHECK(depthForDwell(shallow, 0.0) == 0.1);
    CHECK(depthForDwell(shallow, 3.0) == 0.1);
}

TEST_CASE("a level's tap depth and spread reach the mapping", "[handpiece]") {
    HandpieceSpec spec;
    const NeedleMapping plain = needleMappingFor(spec);
    CHECK(plain.tapDepthMm == 0.15);
    CHECK(plain.spreadPerMm == 0.8);

    spec.tapDepthMm = 0.45;
    spec.spreadPerMm = 1.5;
    const NeedleMapping deep = needleMappingFor(spec);
    // A zero-dwell tap lands at the level's tap depth: deeper than with the default.
    CHECK(depthForDwell(deep, 0.0) == 0.45);
    CHECK(depthForDwell(plain, 0.0) == Approx(0.15).epsilon(1e-12));
    CHECK(depthForDwell(deep, 0.0) > depthForDwell(plain, 0.0));
    // Still monotonic and capped above the deeper start.
    CHECK(depthForDwell(deep, 0.2) > 0.45);
    CHECK(depthForDwell(deep, 10.0) <= spec.maxDepthMm);
    // The spread: 0.25 mm needle at 0.8 mm depth is 0.25 × (1 + 1.5 × 0.8) = 0.55 mm.
    CHECK(widthForDepth(deep, 0.25, 0.8) == Approx(0.55).epsilon(1e-12));
    CHECK(widthForDepth(plain, 0.25, 0.8) == Approx(0.41).epsilon(1e-12));
}

TEST_CASE("size: deeper punctures are wider", "[handpiece]") {
    const NeedleMapping m; // k = 0.8 /mm
    CHECK(widthForDepth(m, 0.25, 0.0) == 0.25);
    CHECK(widthForDepth(m, 0.25, 0.75) == Approx(0.40).epsilon(1e-12));
    CHECK(widthForDepth(m, 0.30, 2.0) == Approx(0.78).epsilon(1e-12));
}

TEST_CASE("a stroke held still leaves a round dot where the needle went in", "[handpiece]") {
    const NeedleMapping m;
    Stroke s;
    s.begin(100, {5.0, 7.0}, 1.0, 0.25);
    for (int i = 0; i < 48; ++i)
        s.sample({5.0, 7.0});
    const Impression imp = s.end(m, 148);
    CHECK(imp.downTick == 100);
    CHECK(imp.upTick == 148);
    CHECK(imp.dwellS == Approx(0.2));
    CHECK(imp.depthMm == Approx(depthForDwell(m, 0.2)));
    CHECK(imp.centreMm == Vec2{5.0, 7.0});
    CHECK(imp.smearMm == Vec2{0.0, 0.0});
    CHECK(imp.widthMm == Approx(0.25 * (1 + 0.8 * imp.depthMm)));
    CHECK(imp.diameterMm == imp.widthMm);
    CHECK(imp.elongation == 1.0);
}

TEST_CASE("moving while the needle is down smears the dot: longer, larger, centred on the drag",
          "[handpiece]") {
    const NeedleMapping m;
    Stroke still, dragged, outAndBack;
    still.begin(0, {5.0, 5.0}, 1.0, 0.25);
    dragged.begin(0, {5.0, 5.0}, 1.0, 0.25);
    outAndBack.begin(0, {5.0, 5.0}, 1.0, 0.25);
    for (int i = 1; i <= 48; ++i) {
        still.sample({5.0, 5.0});
        dragged.sample({5.0 + 0.6 * i / 48.0, 5.0}); // 0.6 mm to the right during a 0.2 s dwell
        const double out = i <= 24 ? i / 24.0 : (48 - i) / 24.0;
        outAndBack.sample({5.0, 5.0 + 0.4 * out}); // 0.4 mm down and back again
    }
    const Impression a = still.end(m, 48), b = dragged.end(m, 48), c = outAndBack.end(m, 48);
    CHECK(b.depthMm == a.depthMm); // same dwell, same depth
    CHECK(b.widthMm == a.widthMm);
    CHECK(b.smearMm.x == Approx(0.6));
    CHECK(b.smearMm.y == 0.0);
    CHECK(b.diameterMm == Approx(a.diameterMm + 0.6));
    CHECK(b.elongation == Approx((a.widthMm + 0.6) / a.widthMm));
    CHECK(b.centreMm.x == Approx(5.3));
    // The farthest excursion counts, not where the tip ended up.
    CHECK(c.smearMm.y == Approx(0.4));
    CHECK(c.diameterMm == Approx(a.diameterMm + 0.4));
    CHECK(c.centreMm.y == Approx(5.2));
    // Live depth follows the dwell so far; an idle stroke has none.
    CHECK(dragged.depthAt(m, 24) == Approx(depthForDwell(m, 0.1)));
    dragged.clear();
    CHECK(dragged.depthAt(m, 24) == 0.0);
}

TEST_CASE("without tremor the tip settles on the pointer to float resolution", "[handpiece]") {
    Handpiece h; // tremor 0
    h.place({10.0, 10.0});
    CHECK(h.tipMm() == Vec2{10.0, 10.0});
    h.setPointer({12.5, 11.25});
    for (int i = 0; i < 480; ++i)
        h.step();
    CHECK(h.tick() == 480);
    // Box2D holds positions as float centimetres; 1.25 and 1.125 are floats, and the tip rests on
    // them exactly (in general it rests within one float ulp, ~1e-6 mm, of the pointer).
    CHECK(h.tipMm() == Vec2{12.5, 11.25});
    CHECK(length(h.velocityMmPerS()) < 1e-6);
}

TEST_CASE("hand lag at a steady pointer speed is the spring's 2ζv/ω", "[handpiece]") {
    for (double speed : {30.0, 400.0}) {
        HandpieceParams p;
        Handpiece h(p);
        h.place({5.0, 10.0});
        Vec2 pointer;
        for (int i = 1; i <= 240; ++i) { // one second, target interpolated every tick
            pointer = {5.0 + speed * i * kDt, 10.0};
            h.setPointer(pointer);
            h.step();
        }
        const double theory = 2.0 * p.dampingRatio * speed / (2.0 * kPi * p.springHz);
        INFO("speed " << speed << " mm/s, lag " << distance(h.tipMm(), pointer) << " mm, theory " << theory);
        CHECK(distance(h.tipMm(), pointer) == Approx(theory).epsilon(0.02));
        CHECK(h.velocityMmPerS().x == Approx(speed).epsilon(1e-3));
    }
    // At trainee speed the tool trails by a couple of tenths of a millimetre.
    CHECK(2.0 * 0.9 * 30.0 / (2.0 * kPi * 40.0) < 0.3);
}

TEST_CASE("a pointer jump is followed at no more than the maximum acceleration", "[handpiece]") {
    HandpieceParams p; // a_max 50 000 mm/s²
    Handpiece h(p);
    h.place({0.0, 10.0});
    h.setPointer({50.0, 10.0});
    for (int i = 0; i < 4; ++i)
        h.step();
    // Semi-implicit Euler at the cap: v_n = n·a·dt, x_n = a·dt²·n(n+1)/2 = 8.68 mm after 4 ticks.
    const double capped = p.maxAccelMmPerS2 * kDt * kDt * 4 * 5 / 2;
    CHECK(h.tipMm().x == Approx(capped).epsilon(1e-3));
    CHECK(h.velocityMmPerS().x == Approx(4 * p.maxAccelMmPerS2 * kDt).epsilon(1e-3));
}

TEST_CASE("tremor: 8–12 Hz, RMS amplitude as set, seeded", "[handpiece]") {
    HandpieceParams p;
    p.tremorMm = 0.1;
    p.tremorHz = 10.0;
    p.seed = 7;
    Handpiece h(p);
    h.place({20.0, 15.0});
    const int settle = 240, n = 240 * 60; // one minute
    double offsetSq = 0.0, tipSq = 0.0;
    int crossings = 0;
    double previousX = 0.0;
    for (int i = 1; i <= settle + n; ++i) {
        h.step();
        if (i <= settle) continue;
        offsetSq += lengthSquared(h.tremorOffsetMm(i));
        const Vec2 d = h.tipMm() - Vec2{20.0, 15.0};
        tipSq += lengthSquared(d);
        if (i > settle + 1 && (d.x > 0.0) != (previousX > 0.0)) ++crossings;
        previousX = d.x;
    }
    // Three incommensurate sinusoids per axis: over a minute the RMS is the set amplitude.
    CHECK(std::sqrt(offsetSq / n) == Approx(0.1).epsilon(0.05));
    // The 40 Hz spring passes 8–12 Hz at a gain of about 0.9 (with phase lag).
    const double tipRms = std::sqrt(tipSq / n);
    INFO("tip RMS displacement " << tipRms << " mm");
    CHECK(tipRms > 0.075);
    CHECK(tipRms < 0.105);
    // Dominant frequency from zero crossings of x: two per cycle.
    const double hz = crossings / 2.0 / 60.0;
    INFO("zero-crossing frequency " << hz << " Hz");
    CHECK(hz > 8.0);
    CHECK(hz < 12.0);

    HandpieceParams other = p;
    other.seed = 8;
    Handpiece h2(other), h3(p);
    CHECK(h2.tremorOffsetMm(100) != h.tremorOffsetMm(100));
    CHECK(h3.tremorOffsetMm(100) == h.tremorOffsetMm(100));
    CHECK(Handpiece().tremorOffsetMm(100) == Vec2{0.0, 0.0});
}

TEST_CASE("the same calls give the same tip bit for bit", "[handpiece][determinism]") {
    HandpieceParams p;
    p.tremorMm = 0.05;
    p.seed = 3;
    auto run = [&] {
        Handpiece h(p);
        h.place({3.0, 4.0});
        std::vector<uint64_t> bits;
        for (int i = 1; i <= 2000; ++i) {
            if (i % 4 == 0)
                h.setPointer({3.0 + 20.0 * std::sin(i * 0.003), 4.0 + 10.0 * std::cos(i * 0.002)});
            h.step();
            bits.push_back(bitsOf(h.tipMm().x));
            bits.push_back(bitsOf(h.tipMm().y));
        }
        return bits;
    };
    CHECK(run() == run());
}

TEST_CASE("a moved-from handpiece's successor keeps simulating", "[handpiece]") {
    Handpiece a;
    a.place({1.0, 1.0});
    Handpiece b(std::move(a));
    b.setPointer({2.0, 1.0});
    for (int i = 0; i < 240; ++i)
        b.step();
    CHECK(b.tipMm().x == Approx(2.0).margin(1e-5));
}

TEST_CASE("the portable sine and expm1 agree with the C library to 1e-14", "[handpiece]") {
    double worstSin = 0.0, worstExp = 0.0;
    for (int i = 0; i < 100000; ++i) {
        const double turns = i / 100000.0;
        worstSin = std::max(worstSin, std::abs(portable::sinTurns(turns) - std::sin(2.0 * kPi * turns)));
        const double u = i * 1e-4 * (i % 7 == 0 ? 1e-6 : 1.0); // 0..10, and tiny arguments
        const double ref = std::expm1(-u);
        worstExp = std::max(worstExp, u == 0.0 ? std::abs(portable::expm1Neg(u))
                                               : std::abs(portable::expm1Neg(u) / ref - 1.0));
    }
    INFO("worst sine error " << worstSin << ", worst expm1 relative error " << worstExp);
    CHECK(worstSin < 1e-14);
    CHECK(worstExp < 1e-14);
    CHECK(portable::sinTurns(0.0) == 0.0);
    CHECK(portable::sinTurns(0.25) == Approx(1.0).epsilon(1e-15));
    CHECK(portable::expm1Neg(0.0) == 0.0);
    CHECK(portable::expm1Neg(1000.0) == -1.0);
}
