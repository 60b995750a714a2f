// The level format, version 1: every kind of mistake an instructor can make yields the exact
// located message they will read; a file with any error yields no level; the shipped levels load
// cleanly; and reading what the writer writes gives back the same level.
#include "io/numbers.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "level/level_writer.h"
#include "level/vocabulary.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace stipple;

namespace {

struct Result {
    std::optional<Level> level;
    std::string diagnostics; ///< every diagnostic, formatted, one per line
};

Result readText(const std::string& xml) {
    Diagnostics d;
    Result out;
    if (const auto doc = parseXml(xml, "t.xml", d)) out.level = readLevel(*doc, d);
    out.diagnostics = d.formatAll();
    return out;
}

/// Reads `xml`; requires that it fails and returns the diagnostics.
std::string errorsOf(const std::string& xml) {
    const Result r = readText(xml);
    CHECK_FALSE(r.level);
    return r.diagnostics;
}

/// A valid level with `body` after the canvas (canvas 40 x 30 mm).
std::string withBody(const std::string& body) {
    return "<level format=\"1\" id=\"t\" title=\"T\" skill=\"density\" difficulty=\"2\">\n"
           "<brief>Fill it.</brief>\n"
           "<canvas width-mm=\"40\" height-mm=\"30\"/>\n" +
           body + "</level>\n";
}
const std::string kZone = "<zone id=\"z\" points=\"5,5 35,5 35,25 5,25\"/>\n";

std::vector<std::string> shippedLevels() {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(STIPPLE_SOURCE_DIR "/levels"))
        if (e.is_regular_file() && e.path().extension() == ".xml") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

Level roundTrip(const Level& level) {
    Diagnostics d;
    const auto doc = parseXml(writeLevel(level), "written.xml", d);
    REQUIRE(doc);
    auto back = readLevel(*doc, d);
    INFO(d.formatAll());
    REQUIRE(back);
    CHECK(d.empty());
    return *back;
}

} // namespace

TEST_CASE("level: a minimal file reads with the documented defaults", "[level]") {
    const Result r = readText(withBody(kZone));
    INFO(r.diagnostics);
    REQUIRE(r.level);
    CHECK(r.diagnostics.empty());
    const Level& l = *r.level;
    CHECK(l.id == "t");
    CHECK(l.brief == "Fill it.");
    CHECK(l.canvas.skin.fitzpatrick == 3);
    REQUIRE(l.zones.size() == 1);
    CHECK(l.zones[0].name == "z");
    CHECK(l.zones[0].densityPerCm2 == 80.0);
    CHECK(l.zones[0].minSpacingMm == 0.8);
    CHECK(l.zones[0].healedDiameterMm == Range{0.10, 0.30});
    CHECK(l.zones[0].depthMm == Range{0.5, 1.0});
    CHECK(l.sessions == std::vector<SessionSpec>{SessionSpec{}});
    CHECK(l.needles.size() == 1);
    CHECK(l.scoring.passMark == 70.0);
    CHECK(l.handpiece.tremorHz == 10.0);
}

TEST_CASE("level: the root element, its attributes and the format version", "[level]") {
    CHECK(errorsOf("<rules/>") == "t.xml:1:1: error: expected a <level> root element, got <rules>\n");
    // A newer format: one message, nothing else (its elements may mean something else).
    CHECK(errorsOf("<level format=\"2\" id=\"x\" colour=\"red\"><zonez/></level>") ==
          "t.xml:1:8: error: <level> format 2 is not supported: this version of Stipple reads format 1 "
          "(write format=\"1\")\n");
    CHECK(
        errorsOf(
            "<level format=\"1\" id=\"a b\" title=\"\" skill=\"painting\" difficulty=\"7\" colour=\"red\">\n"
            "<brief>x</brief><canvas width-mm=\"10\" height-mm=\"10\"/><zone id=\"z\" points=\"1,1 9,1 "
            "9,9\"/>\n"
            "</level>") ==
        "t.xml:1:19: error: <level> attribute 'id' must start with a letter or digit and contain only "
        "letters, "
        "digits, '-' and '_' (at most 64), got \"a b\"\n"
        "t.xml:1:28: error: <level> attribute 'title' must not be empty\n"
        "t.xml:1:37: error: <level> attribute 'skill' must be one of placement, spacing, density, depth, "
        "hairline, "
        "layering, scar, speed, exam, got \"painting\"\n"
        "t.xml:1:54: error: <level> attribute 'difficulty' must be between 1 and 5, got 7\n"
        "t.xml:1:69: error: unknown attribute 'colour' on <level> (expected one of: format, id, title, "
        "skill, "
        "difficulty)\n");
    CHECK(errorsOf("<level id=\"t\" title=\"T\" skill=\"density\" difficulty=\"0\">\n"
                   "<canvas width-mm=\"10\" height-mm=\"10\"/><zone id=\"z\" points=\"1,1 9,1 9,9\"/>\n"
                   "</level>") ==
          "t.xml:1:1: error: <level> is missing required attribute 'format'\n"
          "t.xml:1:1: error: <level> needs a non-empty <brief>: a few sentences on what this level teaches\n"
          "t.xml:1:41: error: <level> attribute 'difficulty' must be between 1 and 5, got 0\n");
}

TEST_CASE("level: unknown, missing and repeated elements", "[level]") {
    CHECK(
        errorsOf("<level format=\"1\" id=\"t\" title=\"T\" skill=\"density\" difficulty=\"2\">\n"
                 "  <brief>x</brief>\n"
                 "  <zones/>\n"
                 "  <brief>y</brief>\n"
                 "</level>") ==
        "t.xml:1:1: error: <level> needs a <canvas width-mm=\"..\" height-mm=\"..\"/>: the patch of scalp to "
        "work "
        "on\n"
        "t.xml:1:1: error: <level> has nothing to practise: add a <zone> to fill or <target> <dot> children "
        "to hit\n"
        "t.xml:3:3: error: unknown element <zones> inside <level> (expected one of: <brief>, <instructions>, "
        "<canvas>, <zone>, <forbidden>, <scar>, <hairline>, <target>, <sessions>, <healing>, <tools>, "
        "<scoring>, "
        "<mode>, <handpiece>)\n"
        "t.xml:4:3: error: only one <brief> is allowed in <level> (the first is at line 2)\n");
    CHECK(errorsOf(withBody("<zone points=\"5,5 35,5 35,25\">oops</zone>\n")) ==
          "t.xml:4:1: error: <zone> is missing required attribute 'id'\n"
          "t.xml:4:1: error: <zone> takes no text; write its settings as attributes\n");
}

TEST_CASE("level: wrong types and out-of-range values name the attribute and what was found", "[level]") {
    CHECK(errorsOf(withBody(
              "<zone id=\"z\" points=\"5,5 35,5 35,25\" density-per-cm2=\"7o\" min-spacing-mm=\"-1\"/>\n"
              "<target generate=\"maybe\" seed=\"-3\"/>\n"
              "<mode ghost=\"yes\" time-limit-s=\"1.5s\"/>\n")) ==
          "t.xml:4:38: error: <zone> attribute 'density-per-cm2' must be a number, got \"7o\"\n"
          "t.xml:4:59: error: <zone> attribute 'min-spacing-mm' must be between 0.1 and 5, got -1\n"
          "t.xml:5:9: error: <target> attribute 'generate' must be true or false, got \"maybe\"\n"
          "t.xml:5:26: error: <target> attribute 'seed' must be a non-negative whole number, got \"-3\"\n"
          "t.xml:6:19: error: <mode> attribute 'time-limit-s' must be a number, got \"1.5s\"\n");
    CHECK(errorsOf("<level format=\"1\" id=\"t\" title=\"T\" skill=\"density\" difficulty=\"2\">\n"
                   "<brief>x</brief>\n"
                   "<canvas width-mm=\"-40\" height-mm=\"30\" skin=\"VII\" texture=\"../x.png\"/>\n" +
                   kZone +
                   "<hairline points=\"6,8 34,8\" zone=\"z\" front-fraction=\"1.2\"/>\n"
                   "<scar id=\"s\" points=\"6,6 9,6 9,9\" uptake=\"2\" tissue-colour=\"pink\"/>\n"
                   "<tools><needle id=\"n\" configuration=\"2XX\" diameter-mm=\"1\"/></tools>\n"
                   "</level>") ==
          "t.xml:3:9: error: <canvas> attribute 'width-mm' must be between 1 and 500, got -40\n"
          "t.xml:3:39: error: <canvas> attribute 'skin' must be a Fitzpatrick type I, II, III, IV, V or VI, "
          "or a "
          "colour #rrggbb, got \"VII\"\n"
          "t.xml:3:50: error: <canvas> attribute 'texture' must be a path inside assets/ such as "
          "\"textures/scalp.png\" (relative, '/' separators, no '..'), got \"../x.png\"\n"
          "t.xml:5:38: error: <hairline> attribute 'front-fraction' must be between 0 and 1, got 1.2\n"
          "t.xml:6:35: error: <scar> attribute 'uptake' must be between 0 and 1.5, got 2\n"
          "t.xml:6:46: error: <scar> attribute 'tissue-colour' must be a colour written #rrggbb (e.g. "
          "#ecc8be), got "
          "\"pink\"\n"
          "t.xml:7:23: error: <needle> attribute 'configuration' must be a needle count and grouping such as "
          "1RL, "
          "3RL, 5RS, 7RM, 7M1 or 5F, got \"2XX\"\n"
          "t.xml:7:43: error: <needle> attribute 'diameter-mm' must be between 0.1 and 0.6, got 1\n");
}

TEST_CASE("level: broken outlines — too few points, repeated points, crossings, zero area", "[level]") {
    CHECK(
        errorsOf(withBody("<zone id=\"a\" points=\"5,5 35,5\"/>\n"
                          "<zone id=\"b\" points=\"5,5 15,15 15,5 5,15\"/>\n"
                          "<zone id=\"c\" points=\"5,5 10,5 20,5\"/>\n"
                          "<forbidden id=\"d\" points=\"5,5 10,5 10,5 10,10\"/>\n"
                          "<scar id=\"e\" points=\"5,5 10,5 x\"/>\n")) ==
        "t.xml:4:14: error: <zone> attribute 'points' needs at least 3 points, got 2\n"
        "t.xml:5:14: error: <zone> 'b' outline crosses itself: the edge from point 1 to point 2 crosses the "
        "edge "
        "from point 3 to point 4; list the points in order around the outline\n"
        "t.xml:6:14: error: <zone> 'c' outline has zero area: its points lie on one line\n"
        "t.xml:7:19: error: <forbidden> 'd' point 3 repeats point 2 (10,5); remove one of them\n"
        "t.xml:8:14: error: <scar> attribute 'points': point 3 must be written x,y in mm (e.g. 12.5,30), got "
        "\"x\"\n");
}

TEST_CASE("level: everything must lie on the canvas", "[level]") {
    CHECK(errorsOf(withBody("<zone id=\"z\" points=\"5,5 45,5 35,25\"/>\n"
                            "<forbidden id=\"f\" points=\"1,1 2,1 2,-2\"/>\n"
                            "<scar id=\"s\" points=\"1,1 2,1 2,31\"/>\n"
                            "<hairline points=\"-1,8 34,8\" zone=\"z\"/>\n"
                            "<target><dot x-mm=\"41\" y-mm=\"3\"/></target>\n")) ==
          "t.xml:4:14: error: <zone> 'z' point 2 (45,5) lies outside the 40 x 30 mm canvas; keep x within "
          "0..40 and "
          "y within 0..30\n"
          "t.xml:5:19: error: <forbidden> 'f' point 3 (2,-2) lies outside the 40 x 30 mm canvas; keep x "
          "within 0..40 "
          "and y within 0..30\n"
          "t.xml:6:14: error: <scar> 's' point 3 (2,31) lies outside the 40 x 30 mm canvas; keep x within "
          "0..40 and "
          "y within 0..30\n"
          "t.xml:7:11: error: <hairline> point 1 (-1,8) lies outside the 40 x 30 mm canvas; keep x within "
          "0..40 and "
          "y within 0..30\n"
          "t.xml:8:9: error: <dot> at (41,3) lies outside the 40 x 30 mm canvas\n");
    // A target dot in a forbidden area contradicts the level.
    CHECK(errorsOf(withBody("<forbidden id=\"f\" points=\"1,1 4,1 4,4 1,4\"/>\n"
                            "<target><dot x-mm=\"2\" y-mm=\"2\"/></target>\n")) ==
          "t.xml:5:9: error: <dot> at (2,2) lies inside <forbidden> 'f'\n");
}

TEST_CASE("level: hairline direction and ramp", "[level]") {
    CHECK(errorsOf(withBody(kZone + "<hairline points=\"34,8 6,8\" zone=\"z\" front-fraction=\"0.9\" "
                                    "back-fraction=\"0.5\"/>\n")) ==
          "t.xml:5:11: error: <hairline> must be drawn from left to right (the first point's x, 34, must be "
          "less than "
          "the last point's, 6): the trainee works on the side behind the line\n"
          "t.xml:5:38: error: <hairline> attribute 'front-fraction' (0.9) must not exceed 'back-fraction' "
          "(0.5): "
          "density ramps up from the line to the back of the band\n");
    CHECK(errorsOf(withBody(kZone + "<hairline points=\"6,8 20,12 20,6 10,10 34,8\" zone=\"z\"/>\n")) ==
          "t.xml:5:11: error: <hairline> crosses itself: the segment from point 1 to point 2 crosses the "
          "segment from "
          "point 3 to point 4\n");
}

TEST_CASE("level: ids are unique across zones, forbidden areas, scars and needles", "[level]") {
    CHECK(errorsOf(withBody(
              kZone + "<forbidden id=\"z\" points=\"1,1 4,1 4,4\"/>\n"
                      "<scar id=\"s\" points=\"6,6 9,6 9,9\"/>\n"
                      "<tools><needle id=\"s\" configuration=\"1RL\" diameter-mm=\"0.25\"/></tools>\n")) ==
          "t.xml:5:12: error: duplicate id 'z': the <zone> at line 4 already uses it; ids must be unique "
          "across "
          "zones, forbidden areas, scars and needles\n"
          "t.xml:7:16: error: duplicate id 's': the <scar> at line 6 already uses it; ids must be unique "
          "across "
          "zones, forbidden areas, scars and needles\n");
}

TEST_CASE("level: references must name something that exists", "[level]") {
    CHECK(
        errorsOf(withBody(kZone + "<hairline points=\"6,8 34,8\" zone=\"crown\"/>\n"
                                  "<scoring>\n"
                                  "  <metric id=\"speed\" band-min=\"0\" band-max=\"1\"/>\n"
                                  "  <veto metric=\"blowout\" max=\"0\" reason=\"never\"/>\n"
                                  "</scoring>\n")) ==
        "t.xml:5:29: error: <hairline> attribute 'zone' names no <zone>: \"crown\" (zones in this level: z)\n"
        "t.xml:7:11: error: <metric> attribute 'id' names no metric: \"speed\" (known metrics: density, "
        "evenness, "
        "bald-spot, clumping, spacing, nn-cv, min-spacing-violations, overlaps, clark-evans, psi4, psi6, a2, "
        "structure-peak, spill, "
        "forbidden, hairline-profile, symmetry, target-hits, target-error, extras, depth, blowouts, size-cv, "
        "macrodots, lost, pace, layering-share, layering-density, layering-gaps, layering-spread, "
        "layering-stacking, "
        "layering-shade, scar-density, "
        "scar-tone)\n"
        "t.xml:8:9: error: <veto> attribute 'metric' names no metric: \"blowout\" (known metrics: density, "
        "evenness, bald-spot, clumping, spacing, nn-cv, min-spacing-violations, overlaps, clark-evans, psi4, "
        "psi6, a2, structure-peak, "
        "spill, forbidden, hairline-profile, symmetry, target-hits, target-error, extras, depth, blowouts, "
        "size-cv, "
        "macrodots, lost, pace, layering-share, layering-density, layering-gaps, layering-spread, "
        "layering-stacking, "
        "layering-shade, scar-density, "
        "scar-tone)\n");
    CHECK(errorsOf(withBody("<target generate=\"true\"/>\n")) ==
          "t.xml:1:1: error: <level> has nothing to practise: add a <zone> to fill or <target> <dot> "
          "children to hit\n"
          "t.xml:4:9: error: <target> generate=\"true\" needs at least one <zone> to fill\n");
}

TEST_CASE("level: scoring metrics — bands whole or not at all, duplicates, disabled metrics", "[level]") {
    // A metric without a band keeps the scorer's band (it changes only weight, pass mark or gate);
    // half a band is an error.
    CHECK(errorsOf(withBody(kZone + "<scoring pass-mark=\"101\">\n"
                                    "  <metric id=\"density\" band-min=\"1.1\" band-max=\"0.9\"/>\n"
                                    "  <metric id=\"density\" band-min=\"0.9\" band-max=\"1.1\"/>\n"
                                    "  <metric id=\"pace\" band-min=\"1\"/>\n"
                                    "  <metric id=\"psi4\" enabled=\"false\"/>\n"
                                    "  <veto metric=\"blowouts\" max=\"0\"/>\n"
                                    "</scoring>\n")) ==
          "t.xml:5:10: error: <scoring> attribute 'pass-mark' must be between 0 and 100, got 101\n"
          "t.xml:6:24: error: <metric> attribute 'band-min' (1.1) must not exceed 'band-max' (0.9)\n"
          "t.xml:7:11: error: metric 'density' is already configured at line 6; give each metric once\n"
          "t.xml:8:3: error: <metric> is missing required attribute 'band-max'\n"
          "t.xml:10:3: error: <veto> is missing required attribute 'reason'\n");
}

TEST_CASE("level: session fractions increase and end at 1", "[level]") {
    CHECK(errorsOf(withBody(kZone + "<sessions>\n"
                                    "  <session cumulative-fraction=\"0.5\"/>\n"
                                    "  <session cumulative-fraction=\"0.4\" shade=\"purple\"/>\n"
                                    "  <session cumulative-fraction=\"0.9\"/>\n"
                                    "</sessions>\n")) ==
          "t.xml:7:12: error: <session> attribute 'cumulative-fraction' must be greater than the previous "
          "session's "
          "(0.5), got 0.4: each session adds dots towards the final density\n"
          "t.xml:7:38: error: <session> attribute 'shade' must be one of light-grey, mid-grey, dark-grey, "
          "soft-black, "
          "black, got \"purple\"\n"
          "t.xml:8:12: error: the last <session> must reach cumulative-fraction 1 (the final density), got "
          "0.9\n");
    CHECK(errorsOf(withBody(kZone + "<sessions/>\n<tools/>\n")) ==
          "t.xml:5:1: error: <sessions> needs at least one <session/>\n"
          "t.xml:6:1: error: <tools> needs at least one <needle id=\"..\" configuration=\"..\" "
          "diameter-mm=\"..\"/>\n");
}

TEST_CASE("level: <healing> defaults, ranges, strictness and the fresh-to-healed warning", "[level]") {
    const Result plain = readText(withBody(kZone));
    REQUIRE(plain.level);
    CHECK(plain.level->healing == HealingSpec{});
    CHECK(plain.level->healing.freshToHealed == 2.0); // the scorer's own assumption without healing

    const Result some = readText(withBody(kZone + "<healing lightening=\"0.5\" settle-days=\"7\"/>\n"));
    INFO(some.diagnostics);
    REQUIRE(some.level);
    CHECK(some.diagnostics.empty());
    HealingSpec expected;
    expected.lightening = 0.5;
    expected.settleDays = 7.0;
    CHECK(some.level->healing == expected);

    CHECK(
        errorsOf(withBody(kZone +
                          "<healing fresh-to-healed=\"0.5\" blowout-margin-mm=\"0\" seed=\"-3\" shrink=\"2\">"
                          "x</healing>\n")) ==
        "t.xml:5:1: error: <healing> takes no text; write its settings as attributes\n"
        "t.xml:5:10: error: <healing> attribute 'fresh-to-healed' must be between 1 and 4, got 0.5\n"
        "t.xml:5:32: error: <healing> attribute 'blowout-margin-mm' must be between 0.05 and 3, got 0\n"
        "t.xml:5:54: error: <healing> attribute 'seed' must be a non-negative whole number, got \"-3\"\n"
        "t.xml:5:64: error: unknown attribute 'shrink' on <healing> (expected one of: seed, fresh-to-healed, "
        "size-variation, lightening, tone-variation, fade-margin-mm, migration-per-mm, blowout-margin-mm, "
        "blowout-spread, settle-days)\n");
    CHECK(errorsOf(withBody(kZone + "<healing/>\n<healing/>\n")) ==
          "t.xml:6:1: error: only one <healing> is allowed in <level> (the first is at line 5)\n");

    // Legal but unusual: a warning, and the level loads with the value given.
    const Result unusual = readText(withBody(kZone + "<healing fresh-to-healed=\"3\"/>\n"));
    REQUIRE(unusual.level);
    CHECK(unusual.level->healing.freshToHealed == 3.0);
    CHECK(unusual.diagnostics == "t.xml:5:10: warning: <healing> fresh-to-healed 3 lies outside the 1.5-2.5 "
                                 "that practitioners report (a "
                                 "fresh dot heals to 40-67 % of its size as the scab falls)\n");
}

TEST_CASE("level: an unreachable density is a warning, and the level still loads", "[level]") {
    const Result r = readText(withBody(
        "<zone id=\"z\" points=\"5,5 35,5 35,25 5,25\" density-per-cm2=\"100\" min-spacing-mm=\"1.0\"/>\n"));
    REQUIRE(r.level);
    CHECK(r.diagnostics ==
          "t.xml:4:43: warning: <zone> 'z' asks for 100 dots/cm2 with min-spacing-mm 1, but an irregular "
          "layout at "
          "that spacing fills up at about 69.6 dots/cm2 (random packing covers 54.7% of the skin); lower "
          "density-per-cm2 to 69.6 or min-spacing-mm to 0.83\n");
    // The bound: 4 · 0.547 / (π s²) per mm², i.e. ~69.6/cm² at 1 mm (SMP.md: RSA saturates at ≈70/cm²).
    CHECK(irregularPackingLimitPerCm2(1.0) == Approx(69.647).epsilon(1e-4));
    CHECK(irregularPackingLimitPerCm2(0.8) == Approx(108.82).epsilon(1e-4));
    CHECK(readText(
              withBody(
                  "<zone id=\"z\" points=\"5,5 35,5 35,25\" density-per-cm2=\"69\" min-spacing-mm=\"1\"/>\n"))
              .diagnostics.empty());
}

TEST_CASE("level: every error of a file is reported in one pass, in line order", "[level]") {
    Diagnostics d;
    const auto doc = parseXml(withBody("<hairline points=\"6,8 34,8\" zone=\"later\"/>\n"
                                       "<zone id=\"z\" points=\"5,5 35,5 35,25\" density-per-cm2=\"7o\"/>\n"
                                       "<mode ghost=\"maybe\"/>\n"),
                              "levels/crown.xml", d);
    REQUIRE(doc);
    CHECK_FALSE(readLevel(*doc, d));
    CHECK(d.errorCount() == 3);
    CHECK(
        d.formatAll() ==
        "levels/crown.xml:4:29: error: <hairline> attribute 'zone' names no <zone>: \"later\" (zones in this "
        "level: z)\n"
        "levels/crown.xml:5:38: error: <zone> attribute 'density-per-cm2' must be a number, got \"7o\"\n"
        "levels/crown.xml:6:7: error: <mode> attribute 'ghost' must be true or false, got \"maybe\"\n");
}

TEST_CASE("level: files that are missing, empty or not XML are located errors", "[level]") {
    Diagnostics d;
    CHECK_FALSE(loadLevelFile(STIPPLE_SOURCE_DIR "/tests/fixtures/levels/no-such-file.xml", d));
    CHECK_FALSE(loadLevelFile(STIPPLE_SOURCE_DIR "/tests/fixtures/levels/syntax-error.xml", d));
    REQUIRE(d.items().size() == 2);
    CHECK(d.items()[0].format() == STIPPLE_SOURCE_DIR
          "/tests/fixtures/levels/no-such-file.xml:1:1: error: cannot open file: No such file or directory");
    CHECK(d.items()[1].format() == STIPPLE_SOURCE_DIR "/tests/fixtures/levels/syntax-error.xml:6:1: error: "
                                                      "XML syntax error: the element opened on this line is "
                                                      "not closed by a matching end tag");
}

TEST_CASE("level text: trimmed lines, paragraphs, list items, idempotent", "[level]") {
    const std::string raw =
        "\n    First line\n    goes on.\n\n\n    Second paragraph.\n    - one\n    - two\n"
        "      continued\n  ";
    const std::string text = normaliseLevelText(raw);
    CHECK(text == "First line goes on.\n\nSecond paragraph.\n- one\n- two continued");
    CHECK(normaliseLevelText(text) == text);
    CHECK(normaliseLevelText("   \n ") == "");
}

TEST_CASE("level: every vocabulary word is unique", "[level]") {
    std::vector<std::string_view> ids;
    for (const auto& m : knownMetrics())
        ids.push_back(m.id);
    CHECK(ids.size() == 34);
    std::sort(ids.begin(), ids.end());
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
    CHECK(findMetric("psi6"));
    CHECK_FALSE(findMetric("psi8"));
}

TEST_CASE("shipped levels load with zero diagnostics and round-trip exactly", "[level][shipped]") {
    const auto files = shippedLevels();
    CHECK(files.size() >= 3);
    for (const auto& path : files) {
        INFO(path);
        Diagnostics d;
        const auto level = loadLevelFile(path, d);
        INFO(d.formatAll());
        REQUIRE(level);
        CHECK(d.empty());
        const Level back = roundTrip(*level);
        CHECK(back == *level);
        CHECK(writeLevel(back) == writeLevel(*level));
    }
}

TEST_CASE("a level with every optional field set round-trips exactly", "[level]") {
    const Result r =
        readText(R"(<level format="1" id="full-07" title="Everything &amp; more" skill="scar" difficulty="5">
  <brief>
    Para one
    continues.

    Para two.
  </brief>
  <instructions>
    - first
    - second
  </instructions>
  <canvas width-mm="120.5" height-mm="80" skin="#8d5f40" texture="textures/scalp-v.png"/>
  <zone id="crown" name="Crown &lt;whorl&gt;" points="10,10 110,10 110,70 10,70" density-per-cm2="65.5"
        min-spacing-mm="0.9" healed-diameter-min-mm="0.12" healed-diameter-max-mm="0.28" depth-min-mm="0.4"
        depth-max-mm="0.9"/>
  <zone id="nape" points="10,72 110,72 60,79.5"/>
  <forbidden id="ear" points="0,0 5,0 5,5"/>
  <scar id="fut" points="20,40 100,40 100,44 20,44" uptake="0.55" spread="1.6" tissue-colour="#f0d0c0"/>
  <hairline points="12,20 60,15.25 108,20" zone="crown" band-mm="7.5" front-fraction="0.2" back-fraction="0.95"
            symmetry="true" symmetry-axis-x-mm="60.25" symmetry-tolerance-mm="1.5"/>
  <target generate="true" seed="18446744073709551615" tolerance-mm="0.25">
    <dot x-mm="30.1" y-mm="30.2" diameter-mm="0.15"/>
    <dot x-mm="0.1" y-mm="79.9"/>
  </target>
  <sessions>
    <session cumulative-fraction="0.45" shade="mid-grey" dilution="0.6" heal-days="14"/>
    <session cumulative-fraction="0.8" shade="dark-grey" dilution="0.8" heal-days="10.5"/>
    <session cumulative-fraction="1" shade="black" dilution="1" heal-days="0"/>
  </sessions>
  <healing seed="9" fresh-to-healed="1.8" size-variation="0.1" lightening="0.45" tone-variation="0.08"
           fade-margin-mm="0.25" migration-per-mm="1.5" blowout-margin-mm="0.4" blowout-spread="3" settle-days="12.5"/>
  <tools>
    <needle id="n1" configuration="1RL" diameter-mm="0.18"/>
    <needle id="n3" configuration="3RL" diameter-mm="0.3"/>
  </tools>
  <scoring pass-mark="80">
    <metric id="density" band-min="0.9" band-max="1.1" falloff="0.5" weight="3" pass-mark="60"/>
    <metric id="pace" enabled="false"/>
    <metric id="a2" enabled="false" band-min="0" band-max="0.2"/>
    <veto metric="blowouts" max="0" reason="No blowouts in an exam."/>
    <veto metric="forbidden" max="0" reason="Nothing on the ear."/>
  </scoring>
  <mode ghost="false" undo="false" live-score="false" heatmap="false" outlines="false" time-limit-s="5400"
        strikes-per-minute="45"/>
  <handpiece tremor-mm="0.08" tremor-hz="9.5" depth-per-second-mm="1.5" max-depth-mm="2" pressure="true"/>
</level>
)");
    INFO(r.diagnostics);
    REQUIRE(r.level);
    CHECK(r.diagnostics.empty());
    const Level& l = *r.level;
    CHECK(l.title == "Everything & more");
    CHECK(l.brief == "Para one continues.\n\nPara two.");
    CHECK(l.instructions == "- first\n- second");
    CHECK(l.canvas.skin == SkinTone{0, {0x8d, 0x5f, 0x40}});
    CHECK(l.zones.at(0).name == "Crown <whorl>");
    CHECK(l.scars.at(0).tissue == Rgb{0xf0, 0xd0, 0xc0});
    CHECK(l.hairline->symmetryAxisXMm == 60.25);
    CHECK(l.target.seed == 18446744073709551615ull);
    CHECK(l.target.dots.at(1).diameterMm == 0.2);
    CHECK(l.sessions.size() == 3);
    CHECK(l.healing == HealingSpec{9, 1.8, 0.1, 0.45, 0.08, 0.25, 1.5, 0.4, 3.0, 12.5});
    CHECK(l.scoring.metrics.at(1).enabled == false);
    CHECK(l.scoring.vetoes.at(1).reason == "Nothing on the ear.");
    CHECK(l.mode.timeLimitS == 5400.0);
    CHECK(l.handpiece.pressure);

    const Level back = roundTrip(l);
    CHECK(back == l);
    CHECK(writeLevel(back) == writeLevel(l));
}

TEST_CASE("level: <handpiece> tap depth and spread — defaults, ranges, round trip", "[level]") {
    const Result plain = readText(withBody(kZone));
    REQUIRE(plain.level);
    CHECK(plain.level->handpiece.tapDepthMm == 0.15);
    CHECK(plain.level->handpiece.spreadPerMm == 0.8);
    // Levels that keep the defaults keep their bytes: the writer leaves the two attributes out.
    CHECK(writeLevel(*plain.level).find("tap-depth-mm") == std::string::npos);
    CHECK(writeLevel(*plain.level).find("spread-per-mm") == std::string::npos);

    const Result set =
        readText(withBody(kZone + "<handpiece tap-depth-mm=\"0.4\" spread-per-mm=\"1.25\"/>\n"));
    INFO(set.diagnostics);
    REQUIRE(set.level);
    CHECK(set.diagnostics.empty());
    CHECK(set.level->handpiece.tapDepthMm == 0.4);
    CHECK(set.level->handpiece.spreadPerMm == 1.25);
    const Level back = roundTrip(*set.level);
    CHECK(back == *set.level);
    CHECK(writeLevel(back) == writeLevel(*set.level));

    CHECK(errorsOf(withBody(kZone + "<handpiece tap-depth-mm=\"-0.1\" spread-per-mm=\"wide\"/>\n")) ==
          "t.xml:5:12: error: <handpiece> attribute 'tap-depth-mm' must be between 0 and 5, got -0.1\n"
          "t.xml:5:32: error: <handpiece> attribute 'spread-per-mm' must be a number, got \"wide\"\n");
    CHECK(errorsOf(withBody(kZone + "<handpiece max-depth-mm=\"1\" tap-depth-mm=\"1.5\"/>\n")) ==
          "t.xml:5:29: error: <handpiece> attribute 'tap-depth-mm' (1.5 mm) must not exceed 'max-depth-mm' "
          "(1 mm)\n");
    // The default tap under a shallower cap is not an error (needleMappingFor clamps it).
    const Result shallow = readText(withBody(kZone + "<handpiece max-depth-mm=\"0.1\"/>\n"));
    INFO(shallow.diagnostics);
    REQUIRE(shallow.level);
    CHECK(roundTrip(*shallow.level) == *shallow.level);
}

TEST_CASE("a level built in code round-trips, numbers exactly", "[level]") {
    Level l;
    l.id = "code";
    l.title = "Built in code";
    l.skill = "spacing";
    l.brief = "One.\n\nTwo.";
    l.canvas.skin = {5, fitzpatrickColour(5)};
    Zone z;
    z.id = "z";
    z.name = "z";
    z.outline = {{0.1, 0.2}, {1.0 / 3.0, 0.2}, {1.0 / 3.0, 2.0 / 3.0}};
    z.densityPerCm2 = 61.123456789;
    l.zones.push_back(z);
    l.target.dots.push_back({{0.3, 0.3}, 0.2});
    const Level back = roundTrip(l);
    CHECK(back == l);
    CHECK(back.zones[0].outline[1].x == 1.0 / 3.0);
}

TEST_CASE("the annotated example in levels/README.md is a valid level", "[level][shipped]") {
    std::ifstream in(STIPPLE_SOURCE_DIR "/levels/README.md");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string readme = ss.str();
    const size_t begin = readme.find("```xml\n");
    REQUIRE(begin != std::string::npos);
    const size_t end = readme.find("```", begin + 7);
    REQUIRE(end != std::string::npos);
    const Result r = readText(readme.substr(begin + 7, end - begin - 7));
    INFO(r.diagnostics);
    REQUIRE(r.level);
    CHECK(r.diagnostics.empty());
    CHECK(r.level->scars.size() == 1);
    CHECK(r.level->sessions.size() == 3);
}

TEST_CASE("every metric has a title a trainee reads, not its id", "[vocabulary]") {
    for (const MetricInfo& m : knownMetrics()) {
        INFO(m.id);
        CHECK(metricTitle(m.id) != std::string(m.id));
        CHECK_FALSE(metricTitle(m.id).empty());
    }
    CHECK(metricTitle("clark-evans") == "Naturalness (R)");
    CHECK(metricTitle("psi4") == "Square order");
    CHECK(metricTitle("not-a-metric") == "not-a-metric");
}
