// Layering and the healed final look: constructed sessions with known answers (session 2
// exactly in the gaps of session 1 against exactly on top of it), lost dots leaving gaps, the
// shade of each session, scars matched to the skin around them, and end to end on the shipped
// multi-session levels and their example attempts.
#include "ink/pigment.h"
#include "level/level_reader.h"
#include "pattern/example_attempts.h"
#include "scoring/dots_csv.h"
#include "scoring/layering.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace stipple;

namespace {

/// 40 × 30 mm, one zone over all of it at 100 dots/cm² (1 per mm²: 1200 dots), two sessions:
/// a quarter of the density in mid-grey, then the rest in soft black.
Level twoSessionLevel() {
    Level level;
    level.id = "layers";
    level.canvas.widthMm = 40;
    level.canvas.heightMm = 30;
    Zone z;
    z.id = "patch";
    z.name = "patch";
    z.outline = {{0, 0}, {40, 0}, {40, 30}, {0, 30}};
    z.densityPerCm2 = 100;
    level.zones.push_back(z);
    level.sessions = {{0.25, "mid-grey", 0.6, 14.0}, {1.0, "soft-black", 1.0, 14.0}};
    return level;
}

Dot dotAt(double x, double y, int session, uint8_t pigment, double depth = 0.75) {
    Dot d;
    d.pos = {x, y};
    d.diameterMm = 0.4f;
    d.depthMm = static_cast<float>(depth);
    d.session = static_cast<int16_t>(session);
    d.shade = pigment;
    return d;
}

uint8_t pigment(const char* shade, double dilution) {
    return pigmentCode(*shadeIndexOf(shade), dilution);
}

/// Session 1: a 2 mm square lattice (300 dots, 0.25/mm²). Session 2 either fills each 2 mm
/// cell's three gaps — together a 1 mm lattice — or puts its 900 dots on the session-1 dots.
std::vector<Dot> layeredLattice(bool inGaps, uint8_t firstPigment = pigment("mid-grey", 0.6)) {
    std::vector<Dot> dots;
    for (int j = 0; j < 15; ++j)
        for (int i = 0; i < 20; ++i)
            dots.push_back(dotAt(0.5 + 2 * i, 0.5 + 2 * j, 0, firstPigment));
    const uint8_t second = pigment("soft-black", 1.0);
    for (int j = 0; j < 15; ++j)
        for (int i = 0; i < 20; ++i) {
            const double x = 0.5 + 2 * i, y = 0.5 + 2 * j;
            for (const Vec2 off : {Vec2{1, 0}, Vec2{0, 1}, Vec2{1, 1}})
                dots.push_back(inGaps ? dotAt(x + off.x, y + off.y, 1, second) : dotAt(x, y, 1, second));
        }
    return dots;
}

std::vector<Dot> toDots(const std::vector<ExampleDot>& example) {
    std::vector<Dot> dots = dotsOfExample(example);
    for (size_t i = 0; i < dots.size(); ++i)
        dots[i].tick = static_cast<int32_t>(i); // placed in order
    return dots;
}

const MetricResult& metric(const Scorecard& card, const std::string& id, const std::string& zone = "") {
    const MetricResult* m = card.find(id, zone);
    INFO("metric " << id << " zone '" << zone << "'");
    REQUIRE(m);
    return *m;
}

} // namespace

TEST_CASE("layering: session 2 exactly in the gaps of session 1", "[layering]") {
    const Level level = twoSessionLevel();
    const LevelContext ctx(level);
    const LayeredScore r = scoreLayered(ctx, layeredLattice(true));
    REQUIRE(r.sessions.size() == 2);
    const SessionLayering& s1 = r.sessions[0];
    const SessionLayering& s2 = r.sessions[1];
    CHECK(s1.placed == 300);
    CHECK(s1.cumulativeRatio == Approx(1.0));
    CHECK(s1.gapsFilled.value() == Approx(1.0)); // a 2 mm lattice leaves nothing 2 mm from a dot
    CHECK_FALSE(s1.stackingFraction);
    CHECK(s1.shadeFraction.value() == 1.0);
    CHECK(s2.placed == 900);
    CHECK(s2.earlierVisible == 300);
    CHECK(s2.cumulativeRatio == Approx(1.0));
    CHECK(s2.stacked == 0);
    CHECK(s2.stackingFraction.value() == 0.0);
    // Session 1 left gaps at session 2's scale (1 mm from every dot); the 1 mm lattice fills them all.
    CHECK(s2.gapBeforeMm2 > 100.0);
    CHECK(s2.gapAfterMm2 == 0.0);
    // Session 2 is the last: the gaps it leaves are the final look's, judged by clumping there.
    CHECK_FALSE(s2.gapsFilled);
    CHECK(r.card.find("layering-gaps", "session-2") == nullptr);
    CHECK(metric(r.card, "clumping", "patch").value == 0.0);
    CHECK(s2.shadeFraction.value() == 1.0);
    CHECK(s2.card.passed);
    CHECK(metric(r.card, "layering-stacking", "session-2").value == 0.0);
    CHECK(metric(r.card, "layering-share", "session-1").value == Approx(1.0));
    CHECK(metric(r.card, "layering-share", "session-2").value == Approx(1.0));
    CHECK(metric(r.card, "overlaps").value == 0.0);
    CHECK(r.lost == 0);
    CHECK(metric(r.card, "lost").value == 0.0);
}

TEST_CASE("layering: session 2 exactly on top of session 1", "[layering]") {
    const Level level = twoSessionLevel();
    const LevelContext ctx(level);
    const LayeredScore r = scoreLayered(ctx, layeredLattice(false));
    const SessionLayering& s2 = r.sessions[1];
    CHECK(s2.placed == 900);
    // By count the density is right: what is wrong is where the dots went.
    CHECK(s2.cumulativeRatio == Approx(1.0));
    CHECK(s2.stacked == 900);
    CHECK(s2.stackingFraction.value() == 1.0);
    CHECK(s2.gapAfterMm2 == s2.gapBeforeMm2); // it filled none of the gaps
    CHECK_FALSE(s2.gapsFilled);               // … which the last session is judged on in the final look
    CHECK_FALSE(s2.card.passed);
    const MetricResult& stacking = metric(s2.card, "layering-stacking");
    CHECK(stacking.score == 0.0);
    CHECK(stacking.explanation == "100 % of session 2's dots (900) landed on earlier healed dots: they "
                                  "darken and blur a dot that is already "
                                  "there instead of filling a gap");
    CHECK_FALSE(r.card.passed);
    CHECK(metric(r.card, "overlaps").value > 900.0); // four dots per place merge when healed

    // (Both finals are lattices, which the naturalness metrics fail alike: compare the sessions.)
    const LayeredScore good = scoreLayered(ctx, layeredLattice(true));
    CHECK(good.sessions[1].card.overall == 100.0);
    // Share, density, spread (its dots sit on session 1's, which cover the design) and shade right
    // (weights 2, 2, 2 and 1), stacking at zero (1): a mean of 87.5, but a gate failed outright, so
    // the number reads well under the pass mark less the margin (the verdict model: a failed
    // session never reads near the pass mark).
    CHECK(metric(s2.card, "layering-spread").score == 100.0);
    CHECK(s2.card.composite == Approx(700.0 / 8.0));
    CHECK(s2.card.overall < 65.0);
    CHECK(s2.card.overall >= 32.5);
    CHECK(s2.card.decidingRule.rfind("Failed: ", 0) == 0);
    // Session 2's own rows fail the attempt, each carried with its session.
    CHECK_FALSE(metric(r.card, "layering-stacking", "session-2").passed);
    // The gaps it left are the final look's: bare skin between the piles fails clumping.
    CHECK_FALSE(metric(r.card, "clumping", "patch").passed);
}

TEST_CASE("layering: the shade of each session, lost dots leave gaps the next session must fill",
          "[layering]") {
    const Level level = twoSessionLevel();
    const LevelContext ctx(level);
    // Session 1 in black instead of a light grey.
    const LayeredScore dark = scoreLayered(ctx, layeredLattice(true, pigment("black", 1.0)));
    CHECK(dark.sessions[0].shadeFraction.value() == 0.0);
    CHECK(dark.sessions[1].shadeFraction.value() == 1.0);
    CHECK(metric(dark.card, "layering-shade", "session-1").value == 0.0);
    CHECK_FALSE(metric(dark.card, "layering-shade", "session-1").passed);
    CHECK(metric(dark.card, "layering-shade", "session-2").value == 1.0);
    CHECK_FALSE(dark.card.passed); // the dark first session fails the attempt
    CHECK(metric(dark.sessions[0].card, "layering-shade").explanation ==
          "0 % of session 1's strikes in mid-grey at 60 % strength, as the session asks: start lighter — the "
          "first "
          "session sets a soft base");
    // A dilution within 0.1 of the session's counts; further off does not.
    CHECK(
        scoreLayered(ctx, layeredLattice(true, pigment("mid-grey", 0.7))).sessions[0].shadeFraction.value() ==
        1.0);
    CHECK(
        scoreLayered(ctx, layeredLattice(true, pigment("mid-grey", 0.4))).sessions[0].shadeFraction.value() ==
        0.0);
    // No recorded pigment: no shade metric.
    std::vector<Dot> bare = layeredLattice(true);
    for (Dot& d : bare)
        d.shade = 0;
    CHECK_FALSE(scoreLayered(ctx, bare).sessions[0].shadeFraction);
    CHECK(scoreLayered(ctx, bare).card.find("layering-shade", "session-1") == nullptr);

    // Session 1 too shallow: every dot is lost, so session 2 finds the whole design bare.
    std::vector<Dot> shallow = layeredLattice(true);
    for (Dot& d : shallow)
        if (d.session == 0) d.depthMm = 0.2f;
    const LayeredScore r = scoreLayered(ctx, shallow);
    CHECK(r.lost == 300);
    CHECK(r.survivors.size() == 900);
    CHECK(r.sessions[1].earlierVisible == 0);
    CHECK(r.sessions[1].cumulativeRatio == Approx(0.75));
    CHECK_FALSE(r.sessions[1].stackingFraction); // nothing visible to stack on
    CHECK(metric(r.card, "lost").value == Approx(0.25));
    CHECK(metric(r.card, "lost").explanation ==
          "300 dots (25 %) faded away as the scabs fell: too shallow, or too little pigment kept");
    // The healed look has only the survivors; depth is judged on every strike.
    CHECK(metric(r.card, "density", "patch").value == Approx(0.75));
    CHECK(metric(r.card, "depth").value == Approx(0.75));
    CHECK(r.card.dotCount == 900);
}

TEST_CASE("layering: the healed look is scored with the healing model's diameters", "[layering]") {
    Level level = twoSessionLevel();
    level.sessions = {SessionSpec{}};
    const LevelContext ctx(level);
    // Two dots 0.25 mm apart: 0.4 mm fresh dots heal to 0.2 mm (apart); too deep they spread and touch.
    std::vector<Dot> dots{dotAt(10, 10, 0, 0), dotAt(10.25, 10, 0, 0)};
    CHECK(scoreAttempt(ctx, dots).card.find("overlaps")->value == 0.0);
    CHECK(scoreLayered(ctx, dots).card.find("overlaps")->value == 0.0);
    for (Dot& d : dots)
        d.depthMm = 1.4f;
    CHECK(scoreLayered(ctx, dots).card.find("overlaps")->value == 1.0);
    const std::vector<double> wide{0.5, 0.5};
    AttemptInfo info;
    info.healedDiametersMm = wide;
    CHECK(scoreAttempt(ctx, dots, info).card.find("overlaps")->value == 1.0);
    // Single-session levels get no layering rows.
    for (const auto& m : scoreLayered(ctx, dots).card.metrics)
        CHECK(m.id.rfind("layering-", 0) != 0);
}

TEST_CASE("layering: a scar is matched to the density and tone of the skin around it", "[layering]") {
    Level level = twoSessionLevel();
    level.sessions = {SessionSpec{}};
    level.scars.push_back({"strip", {{5, 13}, {35, 13}, {35, 17}, {5, 17}}, 0.5, 1.2, {240, 214, 200}});
    const LevelContext ctx(level);
    std::vector<Dot> lattice;
    for (int j = 0; j < 30; ++j)
        for (int i = 0; i < 40; ++i)
            lattice.push_back(dotAt(0.5 + i, 0.5 + j, 0, pigment("soft-black", 1.0)));
    const LayeredScore even = scoreLayered(ctx, lattice);
    REQUIRE(even.scars.size() == 1);
    CHECK(even.scars[0].dotsOn == 120);
    CHECK(even.scars[0].densityRatio.value() == Approx(1.0).epsilon(0.02));
    // Half the pigment kept, on lighter tissue: the healed dots read much lighter.
    const double tone = even.scars[0].toneRatio.value();
    CHECK(tone < 0.7);
    CHECK(tone > 0.45);
    const MetricResult& toneMetric = metric(even.card, "scar-tone", "strip");
    CHECK_FALSE(toneMetric.passed);
    CHECK(toneMetric.explanation.rfind("healed dots on the scar read ", 0) == 0);

    // A stronger pigment on the scar: closer in tone. The scar left bare: density 0.
    std::vector<Dot> compensated = lattice, bare;
    for (Dot& d : compensated)
        if (contains(level.scars[0].outline, d.pos)) d.shade = pigment("black", 1.0);
    const LayeredScore better = scoreLayered(ctx, compensated);
    CHECK(better.scars[0].toneRatio.value() > tone + 0.05);
    for (const Dot& d : lattice)
        if (!contains(level.scars[0].outline, d.pos)) bare.push_back(d);
    const LayeredScore bareScore = scoreLayered(ctx, bare);
    CHECK(bareScore.scars[0].densityRatio.value() == 0.0);
    CHECK_FALSE(bareScore.scars[0].toneRatio);
    CHECK(metric(bareScore.card, "scar-density", "strip").explanation ==
          "the scar holds 0 % of the density of the skin around it: add dots on the scar — it must not show "
          "as a bare "
          "stripe");
}

TEST_CASE("layering: deterministic, scoreSession agrees with scoreLayered", "[layering]") {
    const Level level = twoSessionLevel();
    const LevelContext ctx(level);
    const auto dots = layeredLattice(true);
    const LayeredScore a = scoreLayered(ctx, dots), b = scoreLayered(ctx, dots);
    REQUIRE(a.card.metrics.size() == b.card.metrics.size());
    for (size_t i = 0; i < a.card.metrics.size(); ++i)
        CHECK(a.card.metrics[i].value == b.card.metrics[i].value);
    const HealingModel model(level);
    const SessionLayering s2 = scoreSession(ctx, model, dots, 1);
    CHECK(s2.gapsFilled == a.sessions[1].gapsFilled);
    CHECK(s2.stacked == a.sessions[1].stacked);
}

TEST_CASE("layering: shipped multi-session levels rank work that layers well above work that stacks",
          "[layering][shipped]") {
    int multi = 0;
    for (const auto& entry : std::filesystem::directory_iterator(STIPPLE_SOURCE_DIR "/levels")) {
        if (entry.path().extension() != ".xml") continue;
        Diagnostics diags;
        const auto level = loadLevelFile(entry.path().string(), diags);
        REQUIRE(level);
        if (level->sessions.size() < 2) continue;
        ++multi;
        INFO(entry.path().string());
        const LevelContext ctx(*level);
        const LayeredScore layered =
            scoreLayered(ctx, toDots(exampleAttempt(*level, AttemptStyle::Layered, 11)));
        const LayeredScore stacked =
            scoreLayered(ctx, toDots(exampleAttempt(*level, AttemptStyle::Stacked, 11)));
        // The same dots all struck in session 1, in its pigment.
        std::vector<Dot> allAtOnce = toDots(exampleAttempt(*level, AttemptStyle::Layered, 11));
        for (Dot& d : allAtOnce) {
            d.session = 0;
            d.shade = skilledPigment(*level, 0, d.pos);
        }
        const LayeredScore oneGo = scoreLayered(ctx, allAtOnce);
        // Good work on a layered level is layered: `stipple generate --style good` passes it.
        CHECK(scoreLayered(ctx, toDots(exampleAttempt(*level, AttemptStyle::Good, 11))).card.passed);
        INFO("layered " << layered.card.overall << ", stacked " << stacked.card.overall
                        << ", all in session 1 " << oneGo.card.overall);
        CHECK(layered.card.passed);
        CHECK_FALSE(stacked.card.passed);
        CHECK_FALSE(oneGo.card.passed); // the whole density in the first session is not layering
        CHECK(stacked.card.overall < layered.card.overall);
        for (const auto& s : layered.sessions)
            CHECK(s.card.passed);
        // Every session but the last is judged on the gaps it fills; the last one's gaps are the
        // final look's (clumping, bald-spot), so it has no gaps row.
        const size_t sessions = level->sessions.size();
        for (size_t k = 1; k < sessions; ++k)
            CHECK(metric(layered.card, "layering-gaps", "session-" + std::to_string(k)).passed);
        CHECK(layered.card.find("layering-gaps", "session-" + std::to_string(sessions)) == nullptr);
        CHECK_FALSE(layered.sessions.back().gapsFilled);
        for (size_t k = 2; k <= level->sessions.size(); ++k)
            CHECK(metric(stacked.card, "layering-stacking", "session-" + std::to_string(k)).value > 0.9);
        for (const auto& m : layered.scars) {
            CHECK(m.densityRatio.value() == Approx(1.0).margin(0.15));
            CHECK(m.toneRatio.value() == Approx(1.0).margin(0.2));
        }
    }
    CHECK(multi >= 2);
}

TEST_CASE("layering: the example attempts under levels/examples are reproducible and rank as named",
          "[layering][shipped]") {
    const std::filesystem::path dir = STIPPLE_SOURCE_DIR "/levels/examples";
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".csv") continue;
        // NAME.STYLE.csv is `stipple generate --level levels/NAME.xml --style STYLE --seed 1`.
        const std::string stem = entry.path().stem().string();
        const size_t dot = stem.rfind('.');
        REQUIRE(dot != std::string::npos);
        const std::string levelName = stem.substr(0, dot), styleName = stem.substr(dot + 1);
        INFO(entry.path().string());
        Diagnostics diags;
        const auto level =
            loadLevelFile(std::string(STIPPLE_SOURCE_DIR "/levels/") + levelName + ".xml", diags);
        REQUIRE(level);
        const auto style = parseAttemptStyle(styleName);
        REQUIRE(style);
        DotsCsv csv;
        REQUIRE(readDotsCsv(entry.path().string(), csv, diags));
        const std::vector<Dot> expected = dotsOfExample(exampleAttempt(*level, *style, 1));
        REQUIRE(csv.dots.size() == expected.size());
        size_t firstDifferent = 0;
        while (firstDifferent < expected.size() && csv.dots[firstDifferent] == expected[firstDifferent])
            ++firstDifferent;
        INFO("first differing dot: row " << firstDifferent + 2
                                         << " (regenerate the file, see levels/README.md)");
        CHECK(firstDifferent == expected.size());
        const LevelContext ctx(*level);
        const LayeredScore r = scoreLayered(ctx, csv.dots);
        CHECK(r.card.passed == (*style == AttemptStyle::Layered));
        ++files;
    }
    CHECK(files >= 4);
}
