// The level editor's model without a display: vertex and shape commands with undo/redo, refused
// commands that change nothing, problems that are exactly `stipple validate`'s and point at the
// right object, and saving that reads back to the same level with its ids.
#include "editor/level_document.h"
#include "level/level_reader.h"
#include "level/level_writer.h"
#include "random/rng.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace stipple;
using namespace stipple::test;

namespace {

const std::string kHairlineLevel = std::string(STIPPLE_SOURCE_DIR) + "/levels/03-hairline.xml";

LevelDocument openShipped(const std::string& path) {
    Diagnostics d;
    auto doc = LevelDocument::open(path, d);
    INFO(d.formatAll());
    REQUIRE(doc);
    return std::move(*doc);
}

/// A small valid level: one 30 x 20 mm zone on a 40 x 30 mm canvas.
LevelDocument patch(const std::string& path = "") {
    LevelDocument doc = LevelDocument::blank("patch", "Patch");
    REQUIRE(doc.addZone({{5, 5}, {35, 5}, {35, 25}, {5, 25}}, "crown"));
    return LevelDocument(doc.level(), path);
}

std::vector<std::string> formatted(const std::vector<LevelProblem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems)
        out.push_back(p.diagnostic.format());
    return out;
}

std::vector<std::string> shippedLevels() {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(STIPPLE_SOURCE_DIR "/levels"))
        if (e.is_regular_file() && e.path().extension() == ".xml") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

TEST_CASE("editor: add, move and delete a vertex of every kind of shape, undo and redo", "[editor]") {
    LevelDocument doc = openShipped(kHairlineLevel);
    const Level original = doc.level();
    CHECK_FALSE(doc.isModified());
    CHECK_FALSE(doc.canUndo());

    for (const ShapeKind kind : {ShapeKind::Zone, ShapeKind::Forbidden, ShapeKind::Hairline}) {
        INFO("shape kind " << static_cast<int>(kind));
        const ShapeRef s{kind, 0};
        const std::vector<Vec2> before = doc.points(s);
        REQUIRE(before.size() >= 3);

        REQUIRE(doc.addVertex(s, 1, {20.5, 9.25}));
        REQUIRE(doc.points(s).size() == before.size() + 1);
        CHECK(doc.points(s)[1] == Vec2{20.5, 9.25});
        CHECK(doc.points(s)[2] == before[1]);

        REQUIRE(doc.moveVertex({s, 1}, {21, 9}));
        CHECK(doc.points(s)[1] == Vec2{21, 9});

        REQUIRE(doc.deleteVertex({s, 0}));
        CHECK(doc.points(s).size() == before.size());
        CHECK(doc.points(s)[0] == Vec2{21, 9});

        CHECK(doc.undoLabel() == "delete vertex");
        REQUIRE(doc.undo());
        CHECK(doc.points(s)[0] == before[0]);
        CHECK(doc.points(s)[1] == Vec2{21, 9});
        REQUIRE(doc.undo());
        CHECK(doc.points(s)[1] == Vec2{20.5, 9.25});
        REQUIRE(doc.undo());
        CHECK(doc.points(s) == before);
        CHECK(doc.redoLabel() == "add vertex");
        REQUIRE(doc.redo());
        REQUIRE(doc.redo());
        REQUIRE(doc.redo());
        CHECK(doc.points(s).size() == before.size());
        CHECK(doc.points(s)[0] == Vec2{21, 9});
        CHECK_FALSE(doc.redo());
        while (doc.undo()) {
        }
        CHECK(doc.level() == original);
    }
    CHECK_FALSE(doc.isModified());
    // A new command after an undo discards what could have been redone.
    REQUIRE(doc.moveVertex({{ShapeKind::Zone, 0}, 0}, {7, 13}));
    CHECK_FALSE(doc.canRedo());
    CHECK(doc.isModified());
}

TEST_CASE("editor: refused commands change neither the level nor the history", "[editor]") {
    LevelDocument doc = patch();
    REQUIRE(doc.addForbidden({{1, 1}, {3, 1}, {3, 3}}, "mole"));
    REQUIRE(doc.setHairline({{5, 8}, {35, 8}}, "crown"));
    const Level before = doc.level();
    const size_t steps = 2; // forbidden + hairline (the zone was added before the copy)

    const ShapeRef zone{ShapeKind::Zone, 0};
    EditResult r = doc.deleteVertex({{ShapeKind::Forbidden, 0}, 1});
    CHECK_FALSE(r);
    CHECK(r.error == "a forbidden area needs at least 3 points; delete the whole forbidden area instead");
    r = doc.deleteVertex({{ShapeKind::Hairline, 0}, 0});
    CHECK(r.error == "a hairline needs at least 2 points; delete the whole hairline instead");
    CHECK(doc.moveVertex({zone, 4}, {1, 1}).error == "the zone has no vertex number 5");
    CHECK(doc.addVertex(zone, 5, {1, 1}).error == "vertex position 5 is past the end of the zone (4 points)");
    CHECK(doc.moveVertex({zone, 0}, {std::nan(""), 1}).error ==
          "the vertex must have finite coordinates in mm");
    CHECK(doc.moveVertex({{ShapeKind::Scar, 0}, 0}, {1, 1}).error == "there is no scar number 1");
    CHECK(doc.addZone({{1, 1}, {2, 2}}).error == "a zone needs at least 3 points, got 2");
    CHECK(doc.addZone({{1, 1}, {2, 1}, {2, 2}}, "mole").error == "the id 'mole' is already used");
    CHECK(doc.addScar({{1, 1}, {2, 1}, {2, 2}}, "bad id").error ==
          "'bad id' is not a valid id (a letter or digit, then letters, digits, '-' and '_')");
    CHECK(doc.renameShape(zone, "mole").error == "the id 'mole' is already used");
    CHECK(doc.setZoneNumber(3, ZoneField::DensityPerCm2, 60).error == "there is no zone number 4");
    CHECK(doc.setZoneNumber(0, ZoneField::DensityPerCm2, INFINITY).error ==
          "the value must be a finite number");
    CHECK(doc.removeMetric("density").error == "the level does not configure metric 'density'");
    CHECK(doc.removeVeto(0).error == "there is no veto number 1");

    CHECK(doc.level() == before);
    size_t undone = 0;
    while (doc.undo())
        ++undone;
    CHECK(undone == steps);
}

TEST_CASE("editor: a group of commands is one undo step, an empty group is none", "[editor]") {
    LevelDocument doc = patch();
    while (doc.undo()) {
    }
    const Level start = doc.level();
    doc.beginGroup("drag vertex");
    for (int i = 1; i <= 30; ++i)
        REQUIRE(doc.moveVertex({{ShapeKind::Zone, 0}, 2}, {35.0 + i * 0.1, 25.0}));
    CHECK_FALSE(doc.undo()); // not while the gesture is still going on
    doc.endGroup();
    CHECK(doc.points({ShapeKind::Zone, 0})[2] == Vec2{38.0, 25.0});
    CHECK(doc.undoLabel() == "drag vertex");
    REQUIRE(doc.undo());
    CHECK(doc.level() == start);
    CHECK_FALSE(doc.canUndo());

    doc.beginGroup("nothing");
    doc.beginGroup("nested");
    REQUIRE(doc.moveVertex({{ShapeKind::Zone, 0}, 2}, {35, 25})); // where it already is
    doc.endGroup();
    doc.endGroup();
    CHECK_FALSE(doc.canUndo());
    CHECK(doc.canRedo()); // an empty group does not discard the redo step
}

TEST_CASE("editor: new shapes get fresh ids shared across kinds, renaming a zone moves its hairline",
          "[editor]") {
    LevelDocument doc = LevelDocument::blank("t", "T");
    const std::vector<Vec2> square{{1, 1}, {4, 1}, {4, 4}, {1, 4}};
    CHECK(doc.addZone(square).id == "zone-1");
    CHECK(doc.addZone(square).id == "zone-2");
    CHECK(doc.addForbidden(square).id == "forbidden-1");
    CHECK(doc.addScar(square, "zone-3").id == "zone-3"); // a scar may take any free id
    CHECK(doc.addZone(square).id == "zone-4");
    CHECK(doc.findShape("zone-3") == ShapeRef{ShapeKind::Scar, 0});
    CHECK_FALSE(doc.findShape("nothing"));

    // Drawn right to left: stored left to right, as the format wants.
    REQUIRE(doc.setHairline({{30, 8}, {20, 6}, {10, 8}}, "zone-2"));
    CHECK(doc.points({ShapeKind::Hairline, 0}) == std::vector<Vec2>{{10, 8}, {20, 6}, {30, 8}});
    CHECK(doc.level().hairline->symmetryAxisXMm == 20.0);

    REQUIRE(doc.renameShape({ShapeKind::Zone, 1}, "crown"));
    CHECK(doc.level().zones[1].id == "crown");
    CHECK(doc.level().zones[1].name == "crown");
    CHECK(doc.level().hairline->zoneId == "crown");
    REQUIRE(doc.undo());
    CHECK(doc.level().hairline->zoneId == "zone-2");
}

TEST_CASE("editor: problems are exactly stipple validate's, each tied to its object", "[editor]") {
    Scratch scratch;
    const std::string path = scratch.path("edited.xml").string();
    LevelDocument doc = openShipped(kHairlineLevel);
    std::string error;
    REQUIRE(doc.saveAs(path, error));
    CHECK(doc.problems().empty());
    CHECK(doc.isValid());

    // A zone vertex off the canvas, a forbidden area turned into a bow tie, a density the
    // spacing cannot reach (a warning), a pass mark over 100, an unknown metric.
    REQUIRE(doc.moveVertex({{ShapeKind::Zone, 0}, 3}, {90, 48}));
    const std::vector<Vec2> forehead = doc.points({ShapeKind::Forbidden, 0});
    REQUIRE(doc.moveVertex({{ShapeKind::Forbidden, 0}, 1}, forehead[2]));
    REQUIRE(doc.moveVertex({{ShapeKind::Forbidden, 0}, 2}, {76, 0}));
    REQUIRE(doc.setZoneNumber(0, ZoneField::DensityPerCm2, 150));
    REQUIRE(doc.setPassMark(120));
    MetricSpec m;
    m.id = "loveliness";
    m.band = {0, 1};
    REQUIRE(doc.setMetric(m));

    const auto problems = doc.problems();
    CHECK_FALSE(doc.isValid());
    REQUIRE(doc.save(error));
    Diagnostics fromFile;
    CHECK_FALSE(loadLevelFile(path, fromFile));
    CHECK(formatted(problems) == [&] {
        std::vector<std::string> v;
        for (const auto& d : fromFile.items())
            v.push_back(d.format());
        return v;
    }());
    // And the same text from the command line.
    const Run run = runStipple("validate " + quote(path));
    CHECK(run.exitCode == 1);
    std::string joined;
    for (const auto& p : problems)
        joined += p.diagnostic.format() + "\n";
    CHECK(run.err == joined);

    REQUIRE(problems.size() == 5);
    const auto at = [&](size_t i) { return problems[i].object; };
    CHECK(problems[0].diagnostic.message.find("point 4 (90,48) lies outside the 80 x 50 mm canvas") !=
          std::string::npos);
    CHECK(at(0) == LevelObjectRef{LevelObjectKind::Zone, 0, "front"});
    CHECK(problems[1].diagnostic.severity == Severity::Warning);
    CHECK(problems[1].diagnostic.message.find("asks for 150 dots/cm2") != std::string::npos);
    CHECK(at(1) == LevelObjectRef{LevelObjectKind::Zone, 0, "front"});
    CHECK(problems[2].diagnostic.message.find("outline crosses itself") != std::string::npos);
    CHECK(at(2) == LevelObjectRef{LevelObjectKind::Forbidden, 0, "forehead"});
    CHECK(problems[3].diagnostic.message ==
          "<scoring> attribute 'pass-mark' must be between 0 and 100, got 120");
    CHECK(at(3) == LevelObjectRef{LevelObjectKind::Scoring, 0, ""});
    CHECK(problems[4].diagnostic.message.find("names no metric: \"loveliness\"") != std::string::npos);
    CHECK(at(4) == LevelObjectRef{LevelObjectKind::Metric,
                                  static_cast<size_t>(doc.level().scoring.metrics.size() - 1), "loveliness"});
}

TEST_CASE("editor: deleting the zone a hairline feathers into points at the hairline", "[editor]") {
    LevelDocument doc = patch("p.xml");
    REQUIRE(doc.addZone({{1, 26}, {39, 26}, {39, 29}, {1, 29}}, "nape"));
    REQUIRE(doc.setHairline({{5, 8}, {35, 8}}, "crown"));
    CHECK(doc.isValid());
    REQUIRE(doc.deleteShape({ShapeKind::Zone, 0}));
    const auto problems = doc.problems();
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].object == LevelObjectRef{LevelObjectKind::Hairline, 0, ""});
    CHECK(problems[0].diagnostic.message ==
          "<hairline> attribute 'zone' names no <zone>: \"crown\" (zones in this level: nape)");
    CHECK(problems[0].diagnostic.file == "p.xml");
    REQUIRE(doc.undo());
    CHECK(doc.isValid());

    // Without any zone or target dot there is nothing to practise: that is the level's problem.
    LevelDocument blank = LevelDocument::blank("b", "B");
    const auto none = blank.problems();
    REQUIRE(none.size() == 1);
    CHECK(none[0].diagnostic.file == "untitled.xml");
    CHECK(none[0].object.kind == LevelObjectKind::Level);
}

TEST_CASE("editor: problems of target dots, sessions and needles name their position", "[editor]") {
    LevelDocument doc = patch();
    REQUIRE(doc.edit("add target dots", [](Level& l) {
        l.target.dots = {{{10, 10}, 0.2}, {{50, 10}, 0.2}};
        l.sessions = {{0.5, "mid-grey", 0.7, 14}, {0.4, "dark-grey", 1, 14}, {1, "black", 1, 14}};
        l.needles.push_back({"crown", "3RL", 0.25});
    }));
    const auto problems = doc.problems();
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].object == LevelObjectRef{LevelObjectKind::TargetDot, 1, ""});
    CHECK(problems[1].object == LevelObjectRef{LevelObjectKind::Session, 1, ""});
    CHECK(problems[2].object == LevelObjectRef{LevelObjectKind::Needle, 1, "crown"});
    CHECK(problems[2].diagnostic.message.find("duplicate id 'crown'") != std::string::npos);
    CHECK(doc.undoLabel() == "add target dots");
    // A change that changes nothing records no step.
    REQUIRE(doc.edit("nothing", [](Level&) {}));
    CHECK(doc.undoLabel() == "add target dots");
}

TEST_CASE("editor: zone properties, scars, the hairline band and scoring are undoable commands", "[editor]") {
    LevelDocument doc = patch();
    REQUIRE(doc.addScar({{10, 10}, {30, 10}, {30, 12}, {10, 12}}));
    REQUIRE(doc.setHairline({{5, 8}, {35, 8}}, "crown"));
    REQUIRE(doc.setZoneNumber(0, ZoneField::DensityPerCm2, 65));
    REQUIRE(doc.setZoneNumber(0, ZoneField::MinSpacingMm, 0.9));
    REQUIRE(doc.setZoneNumber(0, ZoneField::HealedDiameterMinMm, 0.12));
    REQUIRE(doc.setZoneNumber(0, ZoneField::HealedDiameterMaxMm, 0.28));
    REQUIRE(doc.setZoneNumber(0, ZoneField::DepthMinMm, 0.6));
    REQUIRE(doc.setZoneNumber(0, ZoneField::DepthMaxMm, 0.9));
    REQUIRE(doc.setZoneName(0, "Crown"));
    REQUIRE(doc.setScarUptake(0, 0.6));
    REQUIRE(doc.setScarSpread(0, 1.4));
    REQUIRE(doc.setHairlineBand(6, 0.2, 0.9));
    REQUIRE(doc.setPassMark(75));
    REQUIRE(doc.setMetric({"density", true, {0.9, 1.1}, 0.5, 3, 50}));
    REQUIRE(doc.setMetric({"clark-evans", true, {1.4, 1.8}, 0.4, 2, 50}));
    REQUIRE(doc.setMetric({"density", true, {0.85, 1.15}, 0.5, 4, 60})); // replaces, keeps its place
    REQUIRE(doc.addVeto({"forbidden", 0, "never on the forehead"}));
    const Level& l = doc.level();
    CHECK(l.zones[0].densityPerCm2 == 65);
    CHECK(l.zones[0].minSpacingMm == 0.9);
    CHECK(l.zones[0].healedDiameterMm == Range{0.12, 0.28});
    CHECK(l.zones[0].depthMm == Range{0.6, 0.9});
    CHECK(l.zones[0].name == "Crown");
    CHECK(l.scars[0].id == "scar-1");
    CHECK(l.scars[0].uptake == 0.6);
    CHECK(l.scars[0].spread == 1.4);
    CHECK(l.hairline->bandMm == 6);
    CHECK(l.hairline->frontFraction == 0.2);
    CHECK(l.hairline->backFraction == 0.9);
    CHECK(l.scoring.passMark == 75);
    REQUIRE(l.scoring.metrics.size() == 2);
    CHECK(l.scoring.metrics[0] == MetricSpec{"density", true, {0.85, 1.15}, 0.5, 4, 60});
    CHECK(l.scoring.metrics[1].id == "clark-evans");
    REQUIRE(l.scoring.vetoes.size() == 1);
    CHECK(doc.isValid());

    REQUIRE(doc.removeVeto(0));
    REQUIRE(doc.removeMetric("density"));
    CHECK(doc.level().scoring.metrics.size() == 1);
    int steps = 0;
    while (doc.undo())
        ++steps;
    CHECK(steps == 19); // the zone of patch() was added before the document was made
    CHECK(doc.level().zones.size() == 1);
    CHECK(doc.level().scars.empty());
    CHECK(doc.level().scoring == ScoringSpec{});
}

TEST_CASE("editor: saving reads back to the same level, ids and order kept, byte-stable", "[editor]") {
    Scratch scratch;
    for (const auto& file : shippedLevels()) {
        INFO(file);
        LevelDocument doc = openShipped(file);
        const std::string out = scratch.path(std::filesystem::path(file).filename().string()).string();
        std::string error;
        REQUIRE(doc.saveAs(out, error));
        CHECK_FALSE(doc.isModified());
        CHECK(doc.path() == out);
        LevelDocument again = openShipped(out);
        CHECK(again.level() == doc.level());
        // Saving what was read gives the same bytes.
        REQUIRE(again.save(error));
        CHECK(readText(out) == doc.text());
    }

    // An edited level with new shapes keeps every id through save and load.
    LevelDocument doc = patch();
    REQUIRE(doc.addForbidden({{36, 1}, {39, 1}, {39, 4}}, "mole"));
    REQUIRE(doc.addScar({{10, 10}, {30, 10}, {30, 12}}));
    REQUIRE(doc.renameShape({ShapeKind::Zone, 0}, "vertex"));
    std::string error;
    CHECK_FALSE(doc.save(error));
    CHECK(error == "the level has no file name yet: save it as a file first");
    const std::string out = scratch.path("new.xml").string();
    REQUIRE(doc.saveAs(out, error));
    LevelDocument again = openShipped(out);
    CHECK(again.level() == doc.level());
    CHECK(again.findShape("vertex") == ShapeRef{ShapeKind::Zone, 0});
    CHECK(again.findShape("mole") == ShapeRef{ShapeKind::Forbidden, 0});
    CHECK(again.findShape("scar-1") == ShapeRef{ShapeKind::Scar, 0});

    // Modified tracks the saved state, through undo too.
    REQUIRE(again.moveShape({ShapeKind::Scar, 0}, {1, 1}));
    CHECK(again.isModified());
    REQUIRE(again.undo());
    CHECK_FALSE(again.isModified());
    CHECK(LevelDocument::blank("x", "X").isModified());
}

TEST_CASE("editor: an invalid file cannot be opened and says why", "[editor]") {
    Scratch scratch;
    const auto path = scratch.write(
        "bad.xml", "<level format=\"1\" id=\"t\" title=\"T\" skill=\"density\" difficulty=\"2\">\n"
                   "<brief>x</brief>\n<canvas width-mm=\"40\" height-mm=\"30\"/>\n"
                   "<zone id=\"z\" points=\"5,5 35,5 50,25\"/>\n</level>\n");
    Diagnostics d;
    CHECK_FALSE(LevelDocument::open(path.string(), d));
    CHECK(d.formatAll() ==
          path.string() +
              ":4:14: error: <zone> 'z' point 3 (50,25) lies outside the 40 x 30 mm canvas; keep x "
              "within 0..40 and y within 0..30\n");
}

TEST_CASE("editor: random command sequences undo back to the start and redo to the end", "[editor]") {
    // Commands picked at random (valid and refused ones), on a shipped level with every kind of
    // shape: undoing every step gives back the opened level, redoing every step the edited one;
    // problems() copes with whatever state the level passes through.
    Rng rng(2024);
    for (int round = 0; round < 20; ++round) {
        LevelDocument doc = openShipped(std::string(STIPPLE_SOURCE_DIR) + "/levels/12-mock-exam.xml");
        REQUIRE(doc.addScar({{30, 30}, {40, 30}, {40, 33}})); // so that every kind of shape is there
        const Level opened = doc.level();
        while (doc.undo()) {
        }
        REQUIRE(doc.redo());
        const auto anyShape = [&]() {
            const ShapeKind kinds[] = {ShapeKind::Zone, ShapeKind::Forbidden, ShapeKind::Scar,
                                       ShapeKind::Hairline};
            const ShapeKind k = kinds[rng.below(4)];
            return ShapeRef{k,
                            static_cast<size_t>(rng.below(doc.shapeCount(k) + 1))}; // sometimes one too far
        };
        const auto anyPoint = [&]() { return Vec2{rng.uniform() * 80 - 5, rng.uniform() * 55 - 5}; };
        for (int i = 0; i < 60; ++i) {
            const ShapeRef s = anyShape();
            const size_t n = doc.points(s).size();
            switch (rng.below(9)) {
            case 0:
                doc.addVertex(s, static_cast<size_t>(rng.below(n + 2)), anyPoint());
                break;
            case 1:
                doc.moveVertex({s, static_cast<size_t>(rng.below(n + 1))}, anyPoint());
                break;
            case 2:
                doc.deleteVertex({s, static_cast<size_t>(rng.below(n + 1))});
                break;
            case 3:
                doc.moveShape(s, {rng.uniform() * 4 - 2, rng.uniform() * 4 - 2});
                break;
            case 4:
                doc.addForbidden({anyPoint(), anyPoint(), anyPoint()});
                break;
            case 5:
                doc.deleteShape(s);
                break;
            case 6:
                doc.setZoneNumber(static_cast<size_t>(rng.below(2)), ZoneField::DensityPerCm2,
                                  rng.uniform() * 150);
                break;
            case 7:
                doc.setPassMark(rng.uniform() * 120);
                break;
            case 8:
                doc.beginGroup("drag");
                for (int k = 0; k < 5; ++k)
                    doc.moveVertex({s, 0}, anyPoint());
                doc.endGroup();
                break;
            }
            if (i % 15 == 0) {
                for (const auto& p : doc.problems())
                    CHECK_FALSE(p.diagnostic.message.empty());
            }
        }
        const Level end = doc.level();
        size_t steps = 0;
        while (doc.undo())
            ++steps;
        REQUIRE(doc.redo()); // the scar
        CHECK(doc.level() == opened);
        for (size_t k = 1; k < steps; ++k)
            REQUIRE(doc.redo());
        CHECK(doc.level() == end);
        CHECK_FALSE(doc.canRedo());
    }
}
