// The healing model: a dot in the depth band heals to fresh ÷ fresh-to-healed and lighter;
// deeper dots spread, blur and turn blue, past the blowout depth into a blotch; shallower ones
// fade and, too shallow, are lost; scars keep less pigment and spread it; time runs from the
// fresh look to the healed one over settle-days; and a seed heals the same dots the same way
// whatever else is healed with them.
#include "healing/healing_model.h"
#include "ink/pigment.h"
#include "scoring/score_attempt.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace stipple;

namespace {

Level patchLevel() {
    Level level;
    level.id = "heal";
    level.canvas.widthMm = 40;
    level.canvas.heightMm = 30;
    Zone z;
    z.id = "patch";
    z.name = "patch";
    z.outline = {{0, 0}, {40, 0}, {40, 30}, {0, 30}};
    z.densityPerCm2 = 70;
    level.zones.push_back(z);
    return level;
}

/// The same level with no per-dot variation: every number is the formula's.
Level exactLevel() {
    Level level = patchLevel();
    level.healing.sizeVariation = 0.0;
    level.healing.toneVariation = 0.0;
    return level;
}

Dot dotAt(double x, double y, double depthMm, double freshMm = 0.4, uint8_t pigment = 0) {
    Dot d;
    d.pos = {x, y};
    d.depthMm = static_cast<float>(depthMm);
    d.diameterMm = static_cast<float>(freshMm);
    d.shade = pigment;
    return d;
}

} // namespace

TEST_CASE("healing: a dot in the depth band shrinks by fresh-to-healed and lightens as its scab falls",
          "[healing]") {
    const Level level = exactLevel();
    const HealingModel model(level);
    const uint8_t pigment = pigmentCode(*shadeIndexOf("dark-grey"), 0.25);
    const HealedDot h = model.healed(dotAt(10, 10, 0.75, 0.4, pigment));
    CHECK(h.diameterMm == Approx(0.2));
    CHECK(h.opacity == Approx(0.5 * 0.7)); // √0.25 fresh, 30 % taken by the scab
    CHECK(h.blueShift == 0.0f);
    CHECK(h.colour == shadeColour(*shadeIndexOf("dark-grey")));
    CHECK(h.flags == 0);
    const HealedDot f = model.fresh(dotAt(10, 10, 0.75, 0.4, pigment));
    CHECK(f.diameterMm == 0.4f);
    CHECK(f.opacity == Approx(0.5));

    // The default ratio is the one the scorer assumes without a healing model.
    CHECK(level.healing.freshToHealed == kFreshToHealedRatio);
    Level other = exactLevel();
    other.healing.freshToHealed = 2.5;
    other.healing.lightening = 0.0;
    const HealingModel otherModel(other);
    const HealedDot h2 = otherModel.healed(dotAt(10, 10, 0.75, 0.4, pigment));
    CHECK(h2.diameterMm == Approx(0.16));
    CHECK(h2.opacity == Approx(0.5));
}

TEST_CASE("healing: with the default variation every in-band dot heals to 1.5-2.5 : 1", "[healing]") {
    const Level level = patchLevel();
    const HealingModel model(level);
    double lo = 10, hi = 0, sum = 0, sum2 = 0;
    const int n = 10000;
    for (int i = 0; i < n; ++i) {
        Dot d = dotAt(0.004 * i, 15, 0.5 + 0.5 * (i % 101) / 100.0);
        d.tick = i;
        const double ratio = d.diameterMm / model.healed(d).diameterMm;
        lo = std::min(lo, ratio);
        hi = std::max(hi, ratio);
        sum += ratio;
        sum2 += ratio * ratio;
    }
    CHECK(lo >= 1.5);
    CHECK(hi <= 2.5);
    // Healed sizes vary by size-variation (5 %): the ratio's mean is 2 and its spread ≈ 0.1.
    const double mean = sum / n;
    const double sd = std::sqrt(sum2 / n - mean * mean);
    CHECK(mean == Approx(2.0).epsilon(0.01));
    CHECK(sd == Approx(0.1).epsilon(0.15));
}

TEST_CASE("healing: deeper dots spread, blur and turn blue, past the blowout depth they blotch",
          "[healing]") {
    const Level level = exactLevel();
    const HealingModel model(level);
    const uint8_t black = pigmentCode(*shadeIndexOf("black"), 1.0);
    // Inside the band the healed size does not depend on depth.
    CHECK(model.healed(dotAt(5, 5, 0.5, 0.4, black)).diameterMm == Approx(0.2));
    CHECK(model.healed(dotAt(5, 5, 1.0, 0.4, black)).diameterMm == Approx(0.2));
    double previousDiameter = 0.2, previousBlur = model.healed(dotAt(5, 5, 1.0, 0.4, black)).blurMm,
           previousBlue = 0;
    for (const double depth : {1.1, 1.25, 1.4, 1.49}) {
        const HealedDot h = model.healed(dotAt(5, 5, depth, 0.4, black));
        INFO("depth " << depth);
        CHECK(h.diameterMm == Approx(0.2 * (1.0 + (depth - 1.0))));
        CHECK(h.diameterMm > previousDiameter);
        CHECK(h.blurMm > previousBlur);
        CHECK(h.blueShift > previousBlue);
        CHECK((h.flags & kHealMigrated) != 0);
        CHECK((h.flags & kHealBlowout) == 0);
        previousDiameter = h.diameterMm;
        previousBlur = h.blurMm;
        previousBlue = h.blueShift;
    }
    // Past depth-max + blowout-margin (1.5 mm): a blotch 2.5 times wider, fully blue-shifted
    // on type III skin (risk 0.75) with black pigment (factor 1).
    const HealedDot blowout = model.healed(dotAt(5, 5, 1.51, 0.4, black));
    CHECK((blowout.flags & kHealBlowout) != 0);
    CHECK(blowout.diameterMm == Approx(0.2 * 1.51 * 2.5));
    CHECK(blowout.blueShift == Approx(0.75));
    CHECK(blowout.colour.b > blowout.colour.r);
    CHECK_FALSE(blowout.lost());
}

TEST_CASE("healing: the blowout threshold follows the zone's band and <healing blowout-margin-mm>",
          "[healing]") {
    Level level = exactLevel();
    level.zones[0].depthMm = {0.4, 0.8};
    level.healing.blowoutMarginMm = 0.3;
    const HealingModel model(level);
    CHECK((model.healed(dotAt(5, 5, 1.09)).flags & kHealBlowout) == 0);
    CHECK((model.healed(dotAt(5, 5, 1.11)).flags & kHealBlowout) != 0);
    // Outside every zone the scorer's default band 0.5-1.0 applies.
    CHECK(model.depthBandAt({50, 50}) == Range{0.5, 1.0});

    // With the default margin the healing model and the scorer count the same blowouts.
    const Level plain = patchLevel();
    const HealingModel plainModel(plain);
    std::vector<Dot> dots;
    for (int i = 0; i < 40; ++i) {
        dots.push_back(dotAt(1 + i, 10, 0.3 + 0.04 * i));
        dots.back().tick = i;
    }
    int healedBlowouts = 0;
    for (const Dot& d : dots)
        healedBlowouts += (plainModel.healed(d).flags & kHealBlowout) ? 1 : 0;
    const LevelContext ctx(plain);
    CHECK(healedBlowouts == 9); // 1.54 .. 1.86 mm
    CHECK(scoreAttempt(ctx, dots).card.find("blowouts")->value == healedBlowouts);
}

TEST_CASE("healing: shallower dots fade, too shallow they are lost", "[healing]") {
    const Level level = exactLevel();
    const HealingModel model(level);
    const float inBand = model.healed(dotAt(5, 5, 0.5)).opacity;
    float previous = inBand;
    // Band starts at 0.5 mm; fade-margin 0.2: kept pigment falls linearly to 0 at 0.3 mm.
    for (const double depth : {0.45, 0.4, 0.36}) {
        const HealedDot h = model.healed(dotAt(5, 5, depth));
        INFO("depth " << depth);
        CHECK_FALSE(h.lost());
        CHECK((h.flags & kHealFaded) != 0);
        CHECK(h.opacity == Approx(inBand * (depth - 0.3) / 0.2));
        CHECK(h.opacity < previous);
        CHECK(h.diameterMm == Approx(0.2)); // fading lightens; the scab still shrinks the dot
        previous = h.opacity;
    }
    // Below kLostRetention (20 % kept: 0.34 mm here) and at or below 0.3 mm: lost.
    for (const double depth : {0.33, 0.3, 0.2, 0.0}) {
        const HealedDot h = model.healed(dotAt(5, 5, depth));
        INFO("depth " << depth);
        CHECK(h.lost());
        CHECK(h.opacity == 0.0f);
        CHECK(h.diameterMm == 0.0f);
    }
    // With variation some dots near the edge survive and some do not; every one at 0.3 mm is lost.
    const Level variedLevel = patchLevel();
    const HealingModel varied(variedLevel);
    int lostNearEdge = 0;
    for (int i = 0; i < 1000; ++i) {
        Dot d = dotAt(0.03 * i, 5, 0.34);
        CHECK(varied.healed(dotAt(0.03 * i, 5, 0.3)).lost());
        lostNearEdge += varied.healed(d).lost() ? 1 : 0;
    }
    CHECK(lostNearEdge > 250);
    CHECK(lostNearEdge < 750);
}

TEST_CASE("healing: scar tissue keeps less pigment and spreads it, dilution and skin matter", "[healing]") {
    Level level = exactLevel();
    level.scars.push_back({"strip", {{10, 10}, {30, 10}, {30, 14}, {10, 14}}, 0.6, 1.3, {240, 214, 200}});
    level.scars.push_back({"keloid", {{10, 20}, {20, 20}, {20, 25}, {10, 25}}, 0.1, 1.0, {230, 190, 180}});
    const HealingModel model(level);
    const HealedDot skin = model.healed(dotAt(5, 5, 0.75));
    const HealedDot scar = model.healed(dotAt(20, 12, 0.75));
    CHECK(scar.scar == 0);
    CHECK((scar.flags & kHealOnScar) != 0);
    CHECK(scar.opacity == Approx(skin.opacity * 0.6));
    CHECK(scar.diameterMm == Approx(skin.diameterMm * 1.3));
    CHECK(scar.blurMm > skin.blurMm);
    CHECK(model.tissueAt({20, 12}).colour == Rgb{240, 214, 200});
    CHECK(model.tissueAt({5, 5}).colour == level.canvas.skin.rgb);
    // A scar that keeps 10 % of the pigment loses every dot.
    CHECK(model.healed(dotAt(15, 22, 0.75)).lost());

    // Weaker pigment reads lighter: opacity ∝ √dilution.
    const int mid = *shadeIndexOf("mid-grey");
    CHECK(model.healed(dotAt(5, 5, 0.75, 0.4, pigmentCode(mid, 0.25))).opacity ==
          Approx(0.5 * model.healed(dotAt(5, 5, 0.75, 0.4, pigmentCode(mid, 1.0))).opacity));
    // No recorded pigment: the session's own (soft-black, undiluted by default).
    CHECK(model.pigmentOf(dotAt(5, 5, 0.75)) == std::pair<int, double>{*shadeIndexOf("soft-black"), 1.0});

    // Blue shows through fair skin more than dark skin.
    Level fair = exactLevel(), dark = exactLevel();
    fair.canvas.skin = {1, fitzpatrickColour(1)};
    dark.canvas.skin = {6, fitzpatrickColour(6)};
    const Dot deep = dotAt(5, 5, 1.3);
    const HealingModel fairModel(fair), darkModel(dark);
    CHECK(fairModel.healed(deep).blueShift > 3.0f * darkModel.healed(deep).blueShift);
}

TEST_CASE("healing: time runs from the fresh look to the healed one over settle-days", "[healing]") {
    Level level = patchLevel();
    level.sessions = {{0.45, "mid-grey", 0.6, 14.0}, {1.0, "soft-black", 1.0, 7.0}};
    const HealingModel model(level);
    const Dot d = dotAt(5, 5, 0.75);
    CHECK(model.at(d, 0.0).diameterMm == model.fresh(d).diameterMm);
    CHECK(model.at(d, 10.0).diameterMm == model.healed(d).diameterMm);
    CHECK(model.at(d, 40.0).opacity == model.healed(d).opacity);
    float previous = model.fresh(d).diameterMm;
    for (double day = 1; day < 10; day += 1) {
        const float now = model.at(d, day).diameterMm;
        CHECK(now < previous);
        previous = now;
    }
    CHECK(model.progress(5.0) == Approx(0.5));
    // A lost dot fades out over the same time.
    const Dot shallow = dotAt(5, 5, 0.2);
    CHECK(model.at(shallow, 5.0).opacity == Approx(0.5 * model.fresh(shallow).opacity));
    CHECK(model.at(shallow, 10.0).opacity == 0.0f);

    // Session 2 begins 14 days after session 1: session-1 dots are healed by then; session-2
    // dots are shown fresh.
    CHECK(sessionStartDay(level, 1) == 14.0);
    CHECK(ageAtSessionStart(level, 0, 1) == 14.0);
    Dot later = d;
    later.session = 1;
    const std::vector<Dot> dots{d, later};
    const auto look = model.lookAtSessionStart(dots, 1);
    CHECK(look[0].diameterMm == model.healed(d).diameterMm);
    CHECK(look[1].diameterMm == later.diameterMm);
    // A 4-day interval is too short: the dots are still healing.
    level.sessions[0].healDays = 4.0;
    CHECK(model.lookAtSessionStart(dots, 1)[0].diameterMm > model.healed(d).diameterMm);
}

TEST_CASE("healing: deterministic for a seed, independent of order, different for another seed",
          "[healing]") {
    const Level level = patchLevel();
    std::vector<Dot> dots;
    for (int i = 0; i < 500; ++i) {
        dots.push_back(dotAt(0.07 * i, 0.05 * i, 0.45 + 0.002 * i));
        dots.back().tick = 100 + i;
    }
    const HealingModel a(level), b(level), other(level, 77);
    const auto lookA = a.finalLook(dots);
    const auto lookB = b.finalLook(dots);
    std::vector<Dot> reversed(dots.rbegin(), dots.rend());
    const auto lookReversed = a.finalLook(reversed);
    int differ = 0;
    for (size_t i = 0; i < dots.size(); ++i) {
        CHECK(lookA[i].diameterMm == lookB[i].diameterMm);
        CHECK(lookA[i].opacity == lookB[i].opacity);
        CHECK(lookA[i].flags == lookB[i].flags);
        CHECK(lookReversed[dots.size() - 1 - i].diameterMm == lookA[i].diameterMm);
        differ += other.healed(dots[i]).diameterMm != lookA[i].diameterMm ? 1 : 0;
    }
    CHECK(differ > 450);
    // Pinned: a change here changes every recorded attempt's healed result.
    CHECK(lookA[0].diameterMm == Approx(0.200295851).margin(1e-6));
    CHECK(lookA[0].flags == kHealFaded);
    CHECK(lookA[250].diameterMm == Approx(0.174216107).margin(1e-6));
    CHECK(lookA[499].opacity == Approx(0.683929682).margin(1e-6));
    CHECK(lookA[499].flags == kHealMigrated);
}
