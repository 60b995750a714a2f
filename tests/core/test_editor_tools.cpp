// The in-app editor's headless helpers: hit testing (vertex before edge before inside, the
// selected shape winning shared corners, the smallest polygon for a click inside), where key I
// inserts a vertex, the shape a problem jumps to, the side panel's fields editing the level
// through undoable commands, and the hot-reload watch (a changed file is noticed once, a touch
// or the same bytes are not, an invalid file gives located diagnostics instead of a level).
#include "editor/editor_tools.h"
#include "editor/file_watch.h"
#include "level/level_reader.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace stipple;
using namespace stipple::test;

namespace {

const std::string kHairline = std::string(STIPPLE_SOURCE_DIR) + "/levels/03-hairline.xml";

/// A zone 5..35 x 5..25 with a scar 15..25 x 10..20 inside it.
LevelDocument zoneWithScar() {
    LevelDocument doc = LevelDocument::blank("patch", "Patch");
    REQUIRE(doc.addZone({{5, 5}, {35, 5}, {35, 25}, {5, 25}}, "crown"));
    REQUIRE(doc.addScar({{15, 10}, {25, 10}, {25, 20}, {15, 20}}, "strip"));
    return doc;
}

/// The field with this label (a copy: the field lists are rebuilt after every edit).
EditorField field(const std::vector<EditorField>& fields, const std::string& label) {
    for (const EditorField& f : fields)
        if (f.label == label) return f;
    FAIL("no field " << label);
    return {};
}

/// Moves a file's modification time forward, as an editor saving a second later would.
void bump(const std::filesystem::path& p, int seconds = 2) {
    std::filesystem::last_write_time(p, std::filesystem::last_write_time(p) + std::chrono::seconds(seconds));
}

} // namespace

TEST_CASE("editor tools: a click hits a vertex, else an edge, else the smallest polygon it is in",
          "[editor]") {
    LevelDocument doc = zoneWithScar();
    const Level& l = doc.level();
    const ShapeRef zone{ShapeKind::Zone, 0}, scar{ShapeKind::Scar, 0};

    ShapeHit h = hitTest(l, {35.2, 4.9}, 0.5);
    CHECK(h.part == ShapeHit::Part::Vertex);
    CHECK(h.shape == zone);
    CHECK(h.vertex == 1);

    h = hitTest(l, {20, 5.3}, 0.5); // on the zone's top edge, between vertices 0 and 1
    CHECK(h.part == ShapeHit::Part::Edge);
    CHECK(h.shape == zone);
    CHECK(h.vertex == 1); // a vertex inserted here becomes vertex 1
    CHECK(h.pointMm.x == Approx(20));
    CHECK(h.pointMm.y == Approx(5));

    CHECK(hitTest(l, {18, 15}, 0.5).shape == scar); // inside both: the smaller one
    CHECK(hitTest(l, {18, 15}, 0.5).part == ShapeHit::Part::Inside);
    CHECK(hitTest(l, {8, 22}, 0.5).shape == zone);
    CHECK(hitTest(l, {2, 2}, 0.5).part == ShapeHit::Part::None);

    // Two shapes sharing a corner: the selected one keeps it.
    REQUIRE(doc.addForbidden({{35, 5}, {39, 5}, {39, 9}}, "mole"));
    const ShapeRef mole{ShapeKind::Forbidden, 0};
    CHECK(hitTest(doc.level(), {35, 5}, 0.5, mole).shape == mole);
    CHECK(hitTest(doc.level(), {35, 5}, 0.5, zone).shape == zone);

    // Tab order: zones, forbidden areas, scars, hairline.
    CHECK(shapeList(doc.level()) == std::vector<ShapeRef>{zone, mole, scar});
}

TEST_CASE("editor tools: double-click on an edge inserts a vertex there, undo takes it back", "[editor]") {
    LevelDocument doc = zoneWithScar();
    const ShapeHit h = hitTest(doc.level(), {35.1, 15}, 0.5); // the zone's right edge (vertex 1 → 2)
    REQUIRE(h.part == ShapeHit::Part::Edge);
    REQUIRE(doc.addVertex(h.shape, h.vertex, h.pointMm));
    CHECK(doc.points(h.shape) == std::vector<Vec2>{{5, 5}, {35, 5}, {35, 15}, {35, 25}, {5, 25}});
    REQUIRE(doc.undo());
    CHECK(doc.points(h.shape).size() == 4);
}

TEST_CASE("editor tools: key I inserts at the middle of the next edge", "[editor]") {
    LevelDocument doc = zoneWithScar();
    const ShapeRef zone{ShapeKind::Zone, 0};
    auto at = vertexInsertAfter(doc.level(), {zone, 3}); // last vertex: the closing edge
    REQUIRE(at);
    CHECK(at->first == 4);
    CHECK(at->second == Vec2{5, 15});

    Diagnostics d;
    auto hair = LevelDocument::open(kHairline, d);
    REQUIRE(hair);
    const ShapeRef line{ShapeKind::Hairline, 0};
    const auto& pts = hair->points(line);
    at = vertexInsertAfter(hair->level(), {line, pts.size() - 1}); // an open line's end: the edge before
    REQUIRE(at);
    CHECK(at->first == pts.size() - 1);
    CHECK(at->second == (pts[pts.size() - 2] + pts.back()) * 0.5);
    CHECK_FALSE(vertexInsertAfter(hair->level(), {line, pts.size()}));
}

TEST_CASE("editor tools: a problem jumps to the shape it is about", "[editor]") {
    LevelDocument doc = zoneWithScar();
    REQUIRE(doc.addZone({{1, 1}, {50, 1}, {50, 3}}, "off-canvas")); // leaves the 40 mm canvas
    bool found = false;
    for (const LevelProblem& p : doc.problems()) {
        if (p.object.kind != LevelObjectKind::Zone) continue;
        const auto s = shapeOfProblem(doc.level(), p.object);
        REQUIRE(s);
        CHECK(*s == ShapeRef{ShapeKind::Zone, 1});
        found = true;
    }
    CHECK(found);
    CHECK_FALSE(shapeOfProblem(doc.level(), {LevelObjectKind::Scoring, 0, ""}));
}

TEST_CASE("editor tools: panel fields show the level and change it through undoable commands", "[editor]") {
    LevelDocument doc = zoneWithScar();
    const ShapeRef zone{ShapeKind::Zone, 0};

    auto fields = shapeFields(doc.level(), zone);
    const EditorField density = field(fields, "Density");
    CHECK(density.value == 80.0);
    REQUIRE(density.set(doc, steppedValue(density, 2)));
    CHECK(doc.level().zones[0].densityPerCm2 == 90.0);

    // Spacing stepped three times lands exactly on 0.95, not 0.9500000000000001.
    double spacing = field(shapeFields(doc.level(), zone), "Min spacing").value;
    for (int i = 0; i < 3; ++i) {
        const EditorField f = field(shapeFields(doc.level(), zone), "Min spacing");
        REQUIRE(f.set(doc, steppedValue(f, 1)));
    }
    spacing += 0.15;
    CHECK(doc.level().zones[0].minSpacingMm == Approx(spacing).margin(1e-12));
    CHECK(doc.level().zones[0].minSpacingMm == 0.95);

    const EditorField uptake = field(shapeFields(doc.level(), {ShapeKind::Scar, 0}), "Uptake");
    REQUIRE(uptake.set(doc, 0.5));
    CHECK(doc.level().scars[0].uptake == 0.5);
    CHECK(shapeFields(doc.level(), {ShapeKind::Forbidden, 0}).empty());

    auto level = levelFields(doc.level());
    REQUIRE(field(level, "Pass mark").set(doc, 75));
    CHECK(doc.level().scoring.passMark == 75);
    REQUIRE(field(levelFields(doc.level()), "Sessions").set(doc, 3));
    CHECK(doc.level().sessions.size() == 3);
    CHECK(doc.level().sessions[2].cumulativeFraction == 1.0);
    REQUIRE(field(levelFields(doc.level()), "Session 1 cumulative").set(doc, 40));
    CHECK(doc.level().sessions[0].cumulativeFraction == Approx(0.4));
    // A refused value changes nothing.
    const Level before = doc.level();
    CHECK_FALSE(field(levelFields(doc.level()), "Sessions").set(doc, 0));
    CHECK_FALSE(field(levelFields(doc.level()), "Difficulty").set(doc, 2.5));
    CHECK(doc.level() == before);

    // Every panel edit is one undo step: back to the zone as added.
    while (doc.canUndo() && doc.level().zones[0].densityPerCm2 != 80.0)
        doc.undo();
    CHECK(doc.level().zones[0].densityPerCm2 == 80.0);
}

TEST_CASE("editor tools: a metric override's weight and pass mark are fields", "[editor]") {
    Diagnostics d;
    auto doc = LevelDocument::open(kHairline, d);
    REQUIRE(doc);
    REQUIRE_FALSE(doc->level().scoring.metrics.empty());
    const MetricSpec first = doc->level().scoring.metrics.front();
    const EditorField w = field(levelFields(doc->level()), first.id + " weight");
    CHECK(w.value == first.weight);
    REQUIRE(w.set(*doc, first.weight + 1));
    CHECK(doc->level().scoring.metrics.front().weight == first.weight + 1);
    CHECK(doc->level().scoring.metrics.front().id == first.id);
}

TEST_CASE(
    "hot reload: a changed level file is noticed once, a touch is not, an invalid one gives diagnostics",
    "[editor][reload]") {
    Scratch s;
    const std::string original = readText(kHairline);
    const auto path = s.write("level.xml", original);
    FileWatch watch(path.string());
    CHECK(watch.text() == original);
    CHECK(watch.poll() == FileWatch::Change::None);
    const unsigned reads = watch.reads();
    CHECK(watch.poll() == FileWatch::Change::None);
    CHECK(watch.reads() == reads); // unchanged stamp: nothing read

    // A touch (same bytes, newer time) is read but is no change.
    bump(path);
    CHECK(watch.poll() == FileWatch::Change::None);

    // update() polls about once a second.
    std::string edited = original;
    const std::string oldTitle = "title=\"A soft frontal hairline\"";
    const auto at = edited.find(oldTitle);
    REQUIRE(at != std::string::npos);
    edited.replace(at, oldTitle.size(), "title=\"A softer frontal hairline\"");
    s.write("level.xml", edited);
    bump(path, 4);
    CHECK(watch.update(0.5) == FileWatch::Change::None);
    CHECK(watch.update(0.6) == FileWatch::Change::Modified);
    CHECK(watch.poll() == FileWatch::Change::None); // reported once
    Diagnostics d;
    auto level = loadLevelFile(path.string(), d);
    REQUIRE(level);
    CHECK(level->title == "A softer frontal hairline");

    // A broken edit: the watch reports it, the reader says where it is wrong.
    s.write("level.xml",
            "<level format=\"1\" id=\"x\" title=\"Broken\" skill=\"nonsense\" difficulty=\"1\"/>\n");
    bump(path, 6);
    CHECK(watch.poll() == FileWatch::Change::Modified);
    Diagnostics bad;
    CHECK_FALSE(loadLevelFile(path.string(), bad));
    REQUIRE(bad.hasErrors());
    CHECK(bad.formatAll().find(path.string() + ":1:") != std::string::npos);

    // Our own save is not an outside change; removal is reported once.
    s.write("level.xml", original);
    watch.rebase();
    CHECK(watch.poll() == FileWatch::Change::None);
    std::filesystem::remove(path);
    CHECK(watch.poll() == FileWatch::Change::Removed);
    CHECK(watch.poll() == FileWatch::Change::None);
    s.write("level.xml", original);
    CHECK(watch.poll() == FileWatch::Change::Modified);
}

TEST_CASE("panel fields: every part of a level, refused values say what is allowed and change nothing") {
    Diagnostics d;
    auto doc = LevelDocument::open(std::string(STIPPLE_SOURCE_DIR) + "/levels/03-hairline.xml", d);
    REQUIRE(doc);
    const Level before = doc->level();
    const auto fields = levelFields(doc->level());
    std::vector<std::string> sections;
    for (const EditorField& f : fields)
        if (sections.empty() || sections.back() != f.section) sections.push_back(f.section);
    CHECK(sections == std::vector<std::string>{"LEVEL", "SESSIONS", "AIDS", "HANDPIECE", "HEALING", "NEEDLES",
                                               "SCORING", "VETOES"});

    const EditResult skill = field(fields, "Skill").setText(*doc, "juggling");
    CHECK_FALSE(skill);
    CHECK(skill.error.find("hairline") != std::string::npos); // lists what is allowed
    CHECK_FALSE(field(fields, "Title").setText(*doc, "   "));
    CHECK_FALSE(field(fields, "Title").setText(*doc, "two\nlines"));
    CHECK_FALSE(field(fields, "Id").setText(*doc, "no spaces"));
    CHECK_FALSE(field(fields, "Brief").setText(*doc, " \n\n "));
    CHECK_FALSE(field(fields, "Needle 2 id").setText(*doc, "1rl-018"));  // the other needle's
    CHECK_FALSE(field(fields, "Needle 2 id").setText(*doc, "forehead")); // a shape's
    CHECK_FALSE(field(fields, "Veto 1 metric").setText(*doc, "beauty"));
    CHECK(doc->level() == before);
    CHECK_FALSE(doc->canUndo());

    // A brief typed with stray spaces and single line breaks is kept in the level's text form.
    REQUIRE(field(fields, "Brief").setText(*doc, "  First line\ncontinues.\n\n- one\n- two  "));
    CHECK(doc->level().brief == "First line continues.\n\n- one\n- two");
    // Choices step and wrap; a metric override is added without a band of its own.
    const EditorField shade = field(levelFields(doc->level()), "Session 1 shade");
    CHECK(steppedChoice(shade, 1) != shade.text);
    CHECK(steppedChoice(shade, static_cast<int>(shade.choices.size())) == shade.text);
    REQUIRE(field(levelFields(doc->level()), "Override a metric").setText(*doc, "evenness"));
    CHECK(doc->level().scoring.metrics.back().id == "evenness");
    CHECK_FALSE(doc->level().scoring.metrics.back().hasBand);
    // The last needle cannot go.
    REQUIRE(field(levelFields(doc->level()), "Remove needle 2 (3rl-025)").set(*doc, 0));
    CHECK_FALSE(field(levelFields(doc->level()), "Remove needle 1 (1rl-018)").set(*doc, 0));
    CHECK(doc->level().needles.size() == 1);
}
