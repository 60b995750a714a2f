// Saving keeps the author's file: every shipped level opened in the editor's model, one value
// changed and saved differs from the original in exactly that value's line; comments, order and
// layout survive; added elements leave out what only repeats a default; dragged coordinates are
// written to 0.01 mm; an edit undone saves the original bytes.
#include "editor/level_document.h"
#include "editor/level_file_patch.h"
#include "io/files.h"
#include "io/numbers.h"
#include "level/level_reader.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace stipple;
using namespace stipple::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> shippedLevels() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(std::string(STIPPLE_SOURCE_DIR) + "/levels"))
        if (e.path().extension() == ".xml") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string slurp(const std::string& path) {
    std::string text, error;
    REQUIRE(readFile(path, text, error));
    return text;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    size_t from = 0;
    for (;;) {
        const size_t nl = text.find('\n', from);
        out.push_back(text.substr(from, nl == std::string::npos ? std::string::npos : nl - from));
        if (nl == std::string::npos) return out;
        from = nl + 1;
    }
}

/// The lines of `after` that differ from `before`, for two texts with the same number of lines.
std::vector<std::string> changedLines(const std::string& before, const std::string& after) {
    const auto a = lines(before), b = lines(after);
    REQUIRE(a.size() == b.size());
    std::vector<std::string> out;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) out.push_back(b[i]);
    return out;
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

/// A copy of a level in a scratch folder, opened in the editor's model (saving never touches the
/// shipped file).
struct Copy {
    Scratch scratch;
    std::string path;
    std::string original;
    std::optional<LevelDocument> doc;
    explicit Copy(const std::string& source) {
        original = slurp(source);
        path = scratch.write(fs::path(source).filename().string(), original).string();
        Diagnostics d;
        doc = LevelDocument::open(path, d);
        INFO(d.formatAll());
        REQUIRE(doc);
    }
    /// Saves, checks the file reads back as the edited level, returns its text.
    std::string saved() {
        std::string error;
        const bool ok = doc->save(error);
        INFO(error);
        REQUIRE(ok);
        const std::string text = slurp(path);
        Diagnostics d;
        const auto back = loadLevelFile(path, d);
        INFO(d.formatAll());
        REQUIRE(back);
        CHECK(*back == doc->level());
        return text;
    }
};

/// One edit of a level and what its changed line must contain.
struct OneValue {
    const char* what;
    std::function<void(Level&)> change;
    std::string expect;
};

} // namespace

TEST_CASE("every shipped level: one value changed and saved differs in exactly that line, comments kept") {
    const std::vector<OneValue> edits{
        {"pass mark", [](Level& l) { l.scoring.passMark = 61; }, "pass-mark=\"61\""},
        {"title", [](Level& l) { l.title += " (revised)"; }, " (revised)\""},
        {"tremor", [](Level& l) { l.handpiece.tremorMm = 0.07; }, "tremor-mm=\"0.07\""},
        {"needle", [](Level& l) { l.needles[0].diameterMm = 0.3; }, "diameter-mm=\"0.3\""},
        {"skill", [](Level& l) { l.skill = l.skill == "scar" ? "spacing" : "scar"; }, "skill=\""},
        {"target seed", [](Level& l) { l.target.seed = 987; }, "seed=\"987\""},
        {"canvas", [](Level& l) { l.canvas.heightMm += 1; }, "height-mm=\""},
    };
    const auto levels = shippedLevels();
    REQUIRE(levels.size() >= 12);
    for (const std::string& level : levels) {
        for (const OneValue& e : edits) {
            INFO(level << ": " << e.what);
            Copy c(level);
            REQUIRE(c.doc->edit(e.what, e.change));
            const std::string after = c.saved();
            const auto changed = changedLines(c.original, after);
            REQUIRE(changed.size() == 1);
            CHECK(changed[0].find(e.expect) != std::string::npos);
            CHECK(count(after, "<!--") == count(c.original, "<!--"));
        }
    }
}

TEST_CASE("a zone's density, a dragged vertex and a metric band: only their lines change") {
    for (const std::string& level : shippedLevels()) {
        INFO(level);
        Copy c(level);
        if (c.doc->level().zones.empty()) continue;
        const double density = c.doc->level().zones[0].densityPerCm2 + 1;
        REQUIRE(c.doc->setZoneNumber(0, ZoneField::DensityPerCm2, density));
        // A drag leaves the pointer's position; the file gets what a person writes (0.01 mm).
        const Vec2 v = c.doc->level().zones[0].outline[0];
        REQUIRE(c.doc->moveVertex({{ShapeKind::Zone, 0}, 0}, {v.x + 0.123456, v.y + 0.0049}));
        const std::string after = c.saved();
        const auto changed = changedLines(c.original, after);
        REQUIRE(changed.size() >= 1);
        REQUIRE(changed.size() <= 2); // points= and density may sit on one line or two
        std::string joined;
        for (const auto& l : changed)
            joined += l + "\n";
        CHECK(joined.find("density-per-cm2=\"" + formatNumber(density) + "\"") != std::string::npos);
        CHECK(joined.find("0.123456") == std::string::npos);
        CHECK(c.doc->level().zones[0].outline[0].x == Approx(v.x + 0.12).margin(1e-9));
    }
}

TEST_CASE("a deleted metric loses its line, an added one lands after its siblings without defaults") {
    Copy c(std::string(STIPPLE_SOURCE_DIR) + "/levels/03-hairline.xml");
    REQUIRE(c.doc->removeMetric("symmetry"));
    MetricSpec m;
    m.id = "evenness";
    m.weight = 2;
    m.hasBand = false;
    REQUIRE(c.doc->setMetric(m));
    const std::string after = c.saved();
    CHECK(after.find("<metric id=\"symmetry\"") == std::string::npos);
    // Written as a person would: only what differs from the reader's defaults.
    CHECK(after.find("    <metric id=\"evenness\" weight=\"2\"/>\n") != std::string::npos);
    // It follows the last <metric>, before the <veto>.
    CHECK(after.find("id=\"evenness\"") > after.find("id=\"extras\""));
    CHECK(after.find("id=\"evenness\"") < after.find("<veto"));
    INFO(after);
    CHECK(lines(after).size() == lines(c.original).size());
}

TEST_CASE("a new zone and a new needle are written with their siblings' indentation, defaults left out") {
    Copy c(std::string(STIPPLE_SOURCE_DIR) + "/levels/08-three-densities.xml");
    REQUIRE(c.doc->addZone({{1, 1}, {5, 1}, {5, 4}}, "corner"));
    REQUIRE(c.doc->edit("add needle", [](Level& l) { l.needles.push_back({"5rs-030", "5RS", 0.3}); }));
    const std::string after = c.saved();
    CHECK(after.find("\n  <zone id=\"corner\" points=\"1,1 5,1 5,4\"/>\n") != std::string::npos);
    CHECK(after.find("\n    <needle id=\"5rs-030\" configuration=\"5RS\" diameter-mm=\"0.3\"/>\n") !=
          std::string::npos);
    CHECK(lines(after).size() == lines(c.original).size() + 2);
}

TEST_CASE("a changed brief paragraph is rewrapped, the other paragraphs keep the author's lines") {
    Copy c(std::string(STIPPLE_SOURCE_DIR) + "/levels/03-hairline.xml");
    const std::string brief = c.doc->level().brief;
    const size_t cut = brief.find("\n\n");
    REQUIRE(cut != std::string::npos);
    REQUIRE(c.doc->edit("brief", [&](Level& l) {
        l.brief = "The hairline is what people see first. Keep it soft." + brief.substr(cut);
    }));
    const std::string after = c.saved();
    CHECK(after.find("    The hairline is what people see first. Keep it soft.\n\n") != std::string::npos);
    // The second paragraph's lines as the author broke them.
    CHECK(
        after.find(
            "    Build the frontal hairline along the drawn guide. Start at about a quarter of full density\n"
            "    on the line") != std::string::npos);
    CHECK(after.find("<!-- Level 3:") != std::string::npos);
}

TEST_CASE("an edit undone saves the original bytes, and a zone name back to its id loses name=") {
    Copy c(std::string(STIPPLE_SOURCE_DIR) + "/levels/03-hairline.xml");
    REQUIRE(c.doc->setPassMark(10));
    REQUIRE(c.doc->undo());
    CHECK(c.doc->text() == c.original);
    REQUIRE(c.doc->setZoneName(0, "front"));
    const std::string after = c.saved();
    CHECK(after.find("<zone id=\"front\" points=") != std::string::npos);
    CHECK(changedLines(c.original, after).size() == 1);
}

TEST_CASE("a new level is written plainly: no attribute that only repeats the reader's default") {
    LevelDocument doc = LevelDocument::blank("plain", "Plain");
    REQUIRE(doc.addZone({{5.004, 5}, {35, 5}, {35, 25}, {5, 25}}, "crown"));
    const std::string text = doc.text();
    Diagnostics d;
    const auto parsed = parseXml(text, "plain.xml", d);
    REQUIRE(parsed);
    const auto back = readLevel(*parsed, d);
    INFO(d.formatAll() << text);
    REQUIRE(back);
    CHECK(*back == doc.level());
    CHECK(text.find("points=\"5,5 35,5 35,25 5,25\"") != std::string::npos);
    for (const char* spelled :
         {"density-per-cm2", "tremor-hz", "<healing", "ghost=", "enabled=", "min-spacing-mm"}) {
        INFO(spelled);
        CHECK(text.find(spelled) == std::string::npos);
    }
}

TEST_CASE("a wider canvas spells out the hairline's symmetry axis the file left to the canvas centre") {
    Copy c(std::string(STIPPLE_SOURCE_DIR) + "/levels/10-temples.xml");
    REQUIRE(c.doc->level().hairline);
    REQUIRE(c.original.find("symmetry-axis-x-mm") == std::string::npos);
    const double axis = c.doc->level().hairline->symmetryAxisXMm;
    REQUIRE(c.doc->edit("canvas width", [](Level& l) { l.canvas.widthMm += 10; }));
    const auto changed = changedLines(c.original, c.saved()); // saved() checks it reads back equal
    REQUIRE(changed.size() == 2);
    CHECK(changed[1].find("symmetry-axis-x-mm=\"" + formatNumber(axis) + "\"") != std::string::npos);
}
