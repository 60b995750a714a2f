// The level editor screen driven as a user drives it, with synthetic SFML events, under Xvfb
// (test names carry no ';': CTest would split such a name into two tests that run nothing):
// it draws the level with the selected shape's handles; a vertex dragged with the mouse moves
// (one undo step), Ctrl+Z/Ctrl+Y take it back and redo it, Ctrl+S saves a file that reads back
// with the change and the same ids; panel fields change by keys; a new zone is drawn by clicks;
// Esc asks before discarding edits; F5 play-tests and comes back; the file changing on disk is
// reloaded (asking first when there are edits) and an invalid file shows its diagnostics. The
// level select's E / Ctrl+N and hot reload, and the practice screen's reload, are checked too.
#include "app/editor_screen.h"
#include "app/help_overlay.h"
#include "app/level_catalog.h"
#include "app/level_select_screen.h"
#include "app/practice_screen.h"
#include "io/files.h"
#include "level/level_reader.h"
#include "record/level_versions.h"
#include "record/recording_writer.h"
#include "record/session_recorder.h"
#include "render/theme.h"
#include "store/sqlite_store.h"
#include "support/image_checks.h"
#include "support/keyboard.h"
#include "support/process.h"

#include <SFML/Graphics.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

using namespace stipple;
using namespace stipple::app;
using namespace stipple::render; // the drawing the screens share with the commands
using namespace stipple::test;

namespace {

constexpr unsigned kW = 1280, kH = 960;
const std::string kHairline = std::string(STIPPLE_SOURCE_DIR) + "/levels/03-hairline.xml";

struct RecordingNavigator : Navigator {
    int selects = 0, starts = -1, quits = 0, edits = -1, newLevels = 0;
    std::vector<std::string> closed;
    std::vector<std::pair<size_t, bool>> reloads;
    std::unique_ptr<Screen> shown;
    void showLevelSelect() override { ++selects; }
    void startLevel(size_t index) override { starts = static_cast<int>(index); }
    void startNextLevel(size_t) override {}
    void showScreen(std::unique_ptr<Screen> screen) override { shown = std::move(screen); }
    void quit() override { ++quits; }
    void editLevel(size_t index) override { edits = static_cast<int>(index); }
    void newLevel() override { ++newLevels; }
    void closeEditor(const std::string& path) override { closed.push_back(path); }
    void reloadLevel(size_t index, bool practising) override { reloads.emplace_back(index, practising); }
};

struct Fixture {
    Theme theme;
    RecordingNavigator nav;
    sf::RenderTexture target;
    Scratch scratch;
    std::string path;
    Fixture() {
        std::string error;
        REQUIRE(theme.load(std::string(STIPPLE_SOURCE_DIR) + "/assets/fonts", error));
        theme.setWindowSize({kW, kH});
        REQUIRE(target.create(kW, kH));
        path = scratch.write("hairline.xml", readText(kHairline)).string();
    }
    sf::Image render(Screen& screen) {
        screen.update(0.0);
        screen.draw(target);
        target.display();
        return target.getTexture().copyToImage();
    }
};

sf::Event key(sf::Keyboard::Key code, bool control = false, bool shift = false) {
    sf::Event e;
    e.type = sf::Event::KeyPressed;
    e.key = {code, false, control, shift, false};
    return e;
}

sf::Event mouse(sf::Event::EventType type, sf::Vector2f p) {
    sf::Event e;
    e.type = type;
    if (type == sf::Event::MouseMoved) {
        e.mouseMove = {static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y))};
    } else {
        e.mouseButton = {sf::Mouse::Left, static_cast<int>(std::lround(p.x)),
                         static_cast<int>(std::lround(p.y))};
    }
    return e;
}

void click(Screen& s, sf::Vector2f p) {
    s.handleEvent(mouse(sf::Event::MouseButtonPressed, p));
    s.handleEvent(mouse(sf::Event::MouseButtonReleased, p));
}

/// Moves a file's modification time forward, as a save a few seconds later would.
void bump(const std::string& p, int seconds) {
    std::filesystem::last_write_time(p, std::filesystem::last_write_time(p) + std::chrono::seconds(seconds));
}

/// With STIPPLE_TEST_SHOTS=DIR set, keeps the frames a test checked as DIR/NAME.png to look at.
void keepShot(const sf::Image& img, const std::string& name) {
    if (const char* dir = std::getenv("STIPPLE_TEST_SHOTS"); dir && *dir)
        img.saveToFile(std::string(dir) + "/" + name + ".png");
}

} // namespace

TEST_CASE("editor: the level is drawn with the selected shape's handles and its fields", "[render][editor]") {
    Fixture f;
    EditorScreen editor(f.theme, f.nav, f.path);
    editor.layout({kW, kH});
    REQUIRE(editor.document());
    REQUIRE(editor.selection() == ShapeRef{ShapeKind::Zone, 0}); // the first shape is selected on opening
    CHECK(editor.focusedField() == "Density");
    const sf::Image img = f.render(editor);
    const Level& level = editor.document()->level();
    // The skin of the canvas fills the middle of the canvas area.
    const sf::Vector2f centre =
        editor.view().toScreen({level.canvas.widthMm / 2, level.canvas.heightMm * 0.9});
    CHECK(countNear(img, toColour(level.canvas.skin.rgb), 6,
                    {int(centre.x) - 20, int(centre.y) - 20, 40, 40}) > 1000);
    // Every vertex of the selected zone has an accent handle.
    for (const Vec2& v : level.zones[0].outline) {
        const sf::Vector2f p = editor.view().toScreen(v);
        INFO("vertex at " << p.x << ", " << p.y);
        CHECK(countNear(img, colours::kAccent, 12, {int(p.x) - 4, int(p.y) - 4, 9, 9}) >= 20);
    }
    // The side panel (right of the canvas) has text on it: the fields.
    const int panelX = int(editor.view().viewport().left + editor.view().viewport().width) + 20;
    CHECK(countNear(img, colours::kText, 40, {panelX, 60, int(kW) - panelX, 500}) > 300);
    CHECK(editor.problems().empty());
    keepShot(img, "editor-open");
}

TEST_CASE("editor: drag a vertex, undo, redo and save, and the saved file reads back with the change",
          "[render][editor]") {
    Fixture f;
    EditorScreen editor(f.theme, f.nav, f.path);
    editor.layout({kW, kH});
    f.render(editor);
    const Level original = editor.document()->level();
    const ShapeRef zone{ShapeKind::Zone, 0};
    const Vec2 from = original.zones[0].outline[2];
    const Vec2 to = from + Vec2{3.0, 2.0};

    // Press on the vertex, drag in a few moves, release: one undo step.
    editor.handleEvent(mouse(sf::Event::MouseButtonPressed, editor.view().toScreen(from)));
    CHECK(editor.selectedVertex() == size_t{2});
    for (int i = 1; i <= 4; ++i)
        editor.handleEvent(
            mouse(sf::Event::MouseMoved, editor.view().toScreen(from + (to - from) * (i / 4.0))));
    editor.handleEvent(mouse(sf::Event::MouseButtonReleased, editor.view().toScreen(to)));
    const double tolMm = 1.0 / editor.view().pxPerMm(); // a pixel
    const Vec2 moved = editor.document()->points(zone)[2];
    CHECK(distance(moved, to) <= tolMm);
    CHECK(editor.document()->isModified());

    editor.handleEvent(key(sf::Keyboard::Z, true));
    CHECK(editor.document()->level() == original);
    editor.handleEvent(key(sf::Keyboard::Y, true));
    CHECK(editor.document()->points(zone)[2] == moved);
    CHECK_FALSE(editor.document()->canRedo());

    editor.handleEvent(key(sf::Keyboard::S, true));
    CHECK_FALSE(editor.document()->isModified());
    Diagnostics d;
    const auto saved = loadLevelFile(f.path, d);
    INFO(d.formatAll());
    REQUIRE(saved);
    CHECK(saved->zones[0].outline[2] == moved);
    CHECK(saved->zones[0].id == original.zones[0].id);
    CHECK(saved->zones.size() == original.zones.size());
    CHECK(saved->forbidden == original.forbidden);
    // Our own save is not taken for a change on disk.
    editor.update(1.5);
    CHECK_FALSE(editor.asking());
    CHECK(editor.document()->canUndo());
}

TEST_CASE("editor: keyboard alone selects shapes and vertices and edits fields", "[render][editor]") {
    Fixture f;
    EditorScreen editor(f.theme, f.nav, f.path);
    editor.layout({kW, kH});
    const double density = editor.document()->level().zones[0].densityPerCm2;
    editor.handleEvent(key(sf::Keyboard::Right));
    CHECK(editor.document()->level().zones[0].densityPerCm2 == density + 5);
    editor.handleEvent(key(sf::Keyboard::Hyphen, false, true)); // Shift: ten steps
    editor.handleEvent(textEvent('_'));                         // the text of Shift+'-' on a US keyboard
    CHECK(editor.document()->level().zones[0].densityPerCm2 == density - 45);
    for (const sf::Event& e : typeText("95", KeyboardLayout::Us))
        editor.handleEvent(e);
    editor.handleEvent(key(sf::Keyboard::Enter));
    CHECK(editor.document()->level().zones[0].densityPerCm2 == 95);

    // Down to the level's pass mark, type 80.
    while (editor.focusedField() != "Pass mark") {
        const std::string before = editor.focusedField();
        editor.handleEvent(key(sf::Keyboard::Down));
        REQUIRE(editor.focusedField() != before);
    }
    for (const sf::Event& e : typeText("80", KeyboardLayout::Us))
        editor.handleEvent(e);
    editor.handleEvent(key(sf::Keyboard::Enter));
    CHECK(editor.document()->level().scoring.passMark == 80);

    // Tab to the next shape, ] to its first vertex, Ctrl+→ moves it 0.5 mm, I inserts after it, Delete
    // removes it.
    editor.handleEvent(key(sf::Keyboard::Tab));
    REQUIRE(editor.selection());
    const ShapeRef shape = *editor.selection();
    CHECK(shape != ShapeRef{ShapeKind::Zone, 0});
    editor.handleEvent(key(sf::Keyboard::RBracket));
    CHECK(editor.selectedVertex() == size_t{0});
    const Vec2 v0 = editor.document()->points(shape)[0];
    editor.handleEvent(key(sf::Keyboard::Right, true));
    CHECK(editor.document()->points(shape)[0].x == Approx(v0.x + 0.5));
    const size_t n = editor.document()->points(shape).size();
    editor.handleEvent(key(sf::Keyboard::I));
    CHECK(editor.document()->points(shape).size() == n + 1);
    CHECK(editor.selectedVertex() == size_t{1});
    editor.handleEvent(key(sf::Keyboard::Delete));
    CHECK(editor.document()->points(shape).size() == n);

    // Undo walks every step back to the file as opened.
    while (editor.document()->canUndo())
        editor.handleEvent(key(sf::Keyboard::Z, true));
    CHECK_FALSE(editor.document()->isModified());
}

TEST_CASE("editor: a new zone drawn by clicks, a vertex inserted by double-click, problems jump to shapes",
          "[render][editor]") {
    Fixture f;
    EditorScreen editor(f.theme, f.nav, f.path);
    editor.layout({kW, kH});
    const size_t zones = editor.document()->level().zones.size();
    editor.handleEvent(key(sf::Keyboard::Z));
    for (const Vec2 p : {Vec2{2, 40}, Vec2{12, 40}, Vec2{12, 48}, Vec2{2, 48}})
        click(editor, editor.view().toScreen(p));
    editor.handleEvent(key(sf::Keyboard::Enter));
    REQUIRE(editor.document()->level().zones.size() == zones + 1);
    CHECK(editor.selection() == ShapeRef{ShapeKind::Zone, zones});
    const auto& outline = editor.document()->level().zones.back().outline;
    REQUIRE(outline.size() == 4);
    CHECK(distance(outline[2], Vec2{12, 48}) < 0.2);

    // Double-click the middle of its top edge: a vertex there.
    const sf::Vector2f mid = editor.view().toScreen({7, 40});
    click(editor, mid);
    click(editor, mid);
    CHECK(editor.document()->points(*editor.selection()).size() == 5);
    CHECK(editor.selectedVertex() == size_t{1});

    // Drag the new vertex off the canvas: a problem that F8 jumps to.
    const Vec2 off{7, 60};
    editor.handleEvent(mouse(sf::Event::MouseButtonPressed, mid));
    editor.handleEvent(mouse(sf::Event::MouseMoved, editor.view().toScreen(off)));
    editor.handleEvent(mouse(sf::Event::MouseButtonReleased, editor.view().toScreen(off)));
    REQUIRE_FALSE(editor.problems().empty());
    editor.handleEvent(key(sf::Keyboard::Tab)); // select something else first
    editor.handleEvent(key(sf::Keyboard::F8));
    CHECK(editor.selection() == ShapeRef{ShapeKind::Zone, zones});
    // The invalid level cannot be play-tested.
    editor.handleEvent(key(sf::Keyboard::F5));
    CHECK_FALSE(editor.playTesting());
    editor.handleEvent(key(sf::Keyboard::G));
    const sf::Image img = f.render(editor);
    keepShot(img, "editor-problem");
    CHECK(countNear(img, colours::kFail, 20, {0, 0, int(kW), int(kH)}) > 50); // the problem is shown in red
}

TEST_CASE("editor: Esc asks before discarding edits, F5 play-tests and comes back", "[render][editor]") {
    Fixture f;
    EditorScreen editor(f.theme, f.nav, f.path);
    editor.layout({kW, kH});
    editor.handleEvent(key(sf::Keyboard::Escape));
    CHECK(f.nav.closed.size() == 1); // nothing to lose: leaves at once
    editor.handleEvent(key(sf::Keyboard::Right));
    editor.handleEvent(key(sf::Keyboard::Escape));
    CHECK(editor.asking());
    CHECK(f.nav.closed.size() == 1);
    f.render(editor);
    editor.handleEvent(key(sf::Keyboard::Escape)); // keep editing
    CHECK_FALSE(editor.asking());
    CHECK(editor.document()->isModified());

    editor.handleEvent(key(sf::Keyboard::G));
    CHECK(editor.targetDotCount() > 100);
    editor.handleEvent(key(sf::Keyboard::F5));
    REQUIRE(editor.playTesting());
    CHECK(editor.name().find("play-test") != std::string::npos);
    keepShot(f.render(editor), "editor-play-test");
    // Leaving the attempt (Esc past the intro, Esc to leave, Enter to confirm) returns to the editor.
    for (int i = 0; i < 4 && editor.playTesting(); ++i) {
        editor.handleEvent(key(i % 2 == 0 ? sf::Keyboard::Escape : sf::Keyboard::Enter));
        editor.update(0.0);
    }
    CHECK_FALSE(editor.playTesting());
    CHECK(f.nav.selects == 0);              // the real level select was never asked for
    CHECK(editor.document()->isModified()); // the edits are still there

    editor.handleEvent(key(sf::Keyboard::Escape));
    REQUIRE(editor.asking());
    editor.handleEvent(key(sf::Keyboard::Y)); // discard
    CHECK(f.nav.closed.size() == 2);
    Diagnostics d;
    CHECK(loadLevelFile(f.path, d)->zones[0].densityPerCm2 == 80); // the file was not written
}

TEST_CASE("editor: hot reload of the open file asks first when there are edits, and an invalid file shows "
          "its diagnostics",
          "[render][editor][reload]") {
    Fixture f;
    EditorScreen editor(f.theme, f.nav, f.path);
    editor.layout({kW, kH});
    std::string text = readText(f.path);
    const std::string oldTitle = "title=\"A soft frontal hairline\"";
    const size_t at = text.find(oldTitle);
    REQUIRE(at != std::string::npos);
    text.replace(at, oldTitle.size(), "title=\"Edited outside\"");
    f.scratch.write("hairline.xml", text);
    bump(f.path, 3);
    editor.update(0.4);
    CHECK(editor.document()->level().title != "Edited outside"); // polled about once a second
    editor.update(0.7);
    CHECK(editor.document()->level().title == "Edited outside");
    CHECK_FALSE(editor.asking());

    // With unsaved edits it asks; Esc keeps the edits.
    editor.handleEvent(key(sf::Keyboard::Right));
    f.scratch.write("hairline.xml", readText(kHairline));
    bump(f.path, 6);
    editor.update(1.1);
    REQUIRE(editor.asking());
    keepShot(f.render(editor), "editor-reload-question");
    editor.handleEvent(key(sf::Keyboard::Escape));
    CHECK(editor.document()->level().title == "Edited outside");
    CHECK(editor.document()->isModified());
    editor.handleEvent(key(sf::Keyboard::Z, true));

    // An invalid file: its diagnostics instead of a level, then the fixed file again.
    f.scratch.write("hairline.xml",
                    "<level format=\"1\" id=\"x\" title=\"Broken\" skill=\"nonsense\" difficulty=\"1\"/>\n");
    bump(f.path, 9);
    editor.update(1.1);
    CHECK_FALSE(editor.document());
    CHECK(editor.openError().find(f.path + ":1:") != std::string::npos);
    const sf::Image img = f.render(editor);
    keepShot(img, "editor-invalid-file");
    CHECK(countNear(img, colours::kFail, 20, {0, 0, int(kW), int(kH)}) > 50);
    editor.handleEvent(key(sf::Keyboard::Tab)); // keys do nothing harmful without a level
    f.scratch.write("hairline.xml", readText(kHairline));
    bump(f.path, 12);
    editor.update(1.1);
    REQUIRE(editor.document());
    CHECK(editor.document()->level().title == "A soft frontal hairline");
}

TEST_CASE("editor: a new level is saved to a new file and never overwrites one", "[render][editor]") {
    Fixture f;
    const std::string dir = f.scratch.dir().string();
    CHECK(newLevelPath(dir) == dir + "/new-level.xml");
    auto screen = makeEditorScreen(f.theme, f.nav, "", dir);
    auto& editor = dynamic_cast<EditorScreen&>(*screen);
    editor.layout({kW, kH});
    REQUIRE(editor.document());
    CHECK(editor.savePath() == dir + "/new-level.xml");
    editor.handleEvent(key(sf::Keyboard::Z));
    for (const Vec2 p : {Vec2{5, 5}, Vec2{35, 5}, Vec2{35, 25}, Vec2{5, 25}})
        click(editor, editor.view().toScreen(p));
    editor.handleEvent(key(sf::Keyboard::Enter));
    editor.handleEvent(key(sf::Keyboard::S, true));
    Diagnostics d;
    const auto saved = loadLevelFile(dir + "/new-level.xml", d);
    INFO(d.formatAll());
    REQUIRE(saved);
    CHECK(saved->zones.size() == 1);
    CHECK(saved->id == "new-level");
    CHECK(newLevelPath(dir) == dir + "/new-level-2.xml");
    auto second = makeEditorScreen(f.theme, f.nav, "", dir);
    CHECK(dynamic_cast<EditorScreen&>(*second).document()->level().id == "new-level-2");
}

TEST_CASE("level select: E edits the selected level, Ctrl+N starts a new one, a changed file is re-read",
          "[render][editor][reload]") {
    Fixture f;
    std::vector<CatalogEntry> catalog{loadCatalogEntry(kHairline), loadCatalogEntry(f.path)};
    LevelSelectScreen select(f.theme, f.nav, catalog, "", 1);
    select.layout({kW, kH});
    f.render(select);
    select.handleEvent(key(sf::Keyboard::E));
    CHECK(f.nav.edits == 1);
    select.handleEvent(key(sf::Keyboard::N, true));
    CHECK(f.nav.newLevels == 1);
    select.handleEvent(key(sf::Keyboard::N));
    CHECK(f.nav.newLevels == 1);
    bool listed = false;
    for (const KeyHelp& k : select.keys())
        listed = listed || k.keys == "E";
    CHECK(listed);

    select.update(1.1);
    CHECK(f.nav.reloads.empty());
    f.scratch.write("hairline.xml", "<level/>\n");
    bump(f.path, 3);
    select.update(1.1);
    REQUIRE(f.nav.reloads.size() == 1);
    CHECK(f.nav.reloads[0] == std::pair<size_t, bool>{1, false});
    // What the App then does: the entry reads no more and carries its diagnostic.
    catalog[1].bestScore = "87";
    CHECK_FALSE(reloadCatalogEntry(catalog, 1));
    CHECK(catalog[1].error.find(f.path + ":1:") != std::string::npos);
    CHECK(catalog[1].bestScore == "87");
    f.render(select); // draws the diagnostic, no crash
    f.scratch.write("hairline.xml", readText(kHairline));
    CHECK(reloadCatalogEntry(catalog, 1));
    CHECK(refreshCatalogPath(catalog, f.path) == 1);
    CHECK(refreshCatalogPath(catalog, f.scratch.write("other.xml", readText(kHairline)).string()) == 2);
}

TEST_CASE("practice: the level file changing on disk restarts the attempt on the new level",
          "[render][practice][reload]") {
    Fixture f;
    const CatalogEntry entry = loadCatalogEntry(f.path);
    REQUIRE(entry.level);
    PracticeScreen practice(f.theme, f.nav, 4, entry, 1, false);
    practice.layout({kW, kH});
    practice.update(1.1);
    CHECK(f.nav.reloads.empty());
    std::string text = readText(f.path);
    text.replace(text.find("difficulty=\"3\""), 14, "difficulty=\"4\"");
    f.scratch.write("hairline.xml", text);
    bump(f.path, 3);
    practice.update(1.1);
    REQUIRE(f.nav.reloads.size() == 1);
    CHECK(f.nav.reloads[0] == std::pair<size_t, bool>{4, true});
}

TEST_CASE("stipple --screenshot --screen editor renders the editor on a level", "[render][editor][cli]") {
    Scratch s;
    const std::string png = s.path("editor.png").string();
    const Run r =
        runStipple("--screenshot " + quote(png) + " --screen editor --level levels/05-scar-camouflage.xml");
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    sf::Image img;
    REQUIRE(img.loadFromFile(png));
    CHECK(img.getSize() == sf::Vector2u{1280, 960});
    // The selected zone's accent outline is there.
    CHECK(countNear(img, colours::kAccent, 12, {0, 60, 860, 840}) > 500);
    CHECK(runStipple("--screen editorial").exitCode == 2);
}

TEST_CASE("editor: the F1 overlay lists every editor key", "[render][editor][help]") {
    Fixture f;
    EditorScreen editor(f.theme, f.nav, f.path);
    editor.layout({kW, kH});
    f.render(editor);
    drawHelpOverlay(f.target, f.theme, editor.name(), editor.keys());
    f.theme.flush(f.target);
    f.target.display();
    const sf::Image img = f.target.getTexture().copyToImage();
    keepShot(img, "editor-help");
    std::vector<std::string> keys;
    for (const KeyHelp& k : editor.keys())
        keys.push_back(k.keys);
    for (const char* wanted : {"Ctrl+Z / Ctrl+Y", "Ctrl+S", "F5", "G", "Delete", "Esc"})
        CHECK(std::find(keys.begin(), keys.end(), wanted) != keys.end());
}

TEST_CASE("editor: closing the window or Ctrl+Q with unsaved edits asks first", "[render][editor]") {
    Fixture f;
    EditorScreen editor(f.theme, f.nav, f.path);
    editor.layout({kW, kH});
    sf::Event closed;
    closed.type = sf::Event::Closed;
    CHECK_FALSE(editor.interceptQuit(closed)); // nothing to lose: the App quits at once
    editor.handleEvent(key(sf::Keyboard::Right));
    CHECK(editor.interceptQuit(key(sf::Keyboard::Q, true)));
    REQUIRE(editor.asking());
    keepShot(f.render(editor), "editor-quit-question");
    CHECK_FALSE(editor.interceptQuit(closed)); // asked already: a second close quits
    editor.handleEvent(key(sf::Keyboard::Escape));
    CHECK_FALSE(editor.asking());
    CHECK(f.nav.quits == 0);
    // During a play-test the question ends the play-test so that it can be seen.
    editor.handleEvent(key(sf::Keyboard::F5));
    REQUIRE(editor.playTesting());
    CHECK(editor.interceptQuit(closed));
    CHECK_FALSE(editor.playTesting());
    CHECK(editor.asking());
    editor.handleEvent(key(sf::Keyboard::S)); // save and quit
    CHECK(f.nav.quits == 1);
    Diagnostics d;
    CHECK(loadLevelFile(f.path, d)->zones[0].densityPerCm2 == 85);
}

TEST_CASE("editor: values typed on a French AZERTY keyboard are the values typed on a US one",
          "[render][editor][keyboard]") {
    // On AZERTY the digits are Shift + keys whose codes say '&', 'é', '"', apostrophe, '(', '-'...:
    // the field must read the text events, and Shift+6 (the '-' key) must type 6, not step down.
    for (const std::string typed : {"46", "0,25", "1234567890"}) {
        double us = 0, fr = 0;
        for (const KeyboardLayout layout : {KeyboardLayout::Us, KeyboardLayout::FrenchAzerty}) {
            Fixture f;
            EditorScreen editor(f.theme, f.nav, f.path);
            editor.layout({kW, kH});
            const std::string text = layout == KeyboardLayout::Us && typed == "0,25" ? "0.25" : typed;
            for (const sf::Event& e : typeText(text, layout))
                editor.handleEvent(e);
            editor.handleEvent(key(sf::Keyboard::Enter));
            editor.update(0.0);
            (layout == KeyboardLayout::Us ? us : fr) = editor.document()->level().zones[0].densityPerCm2;
        }
        INFO(typed);
        CHECK(fr == us);
        CHECK(fr == Approx(std::stod(typed == "0,25" ? "0.25" : typed)));
    }
}

namespace {

/// Moves the panel's focus to the field with this label by ↓ (from the top).
void focusField(EditorScreen& editor, const std::string& label) {
    for (int i = 0; i < 400 && editor.focusedField() != label; ++i)
        editor.handleEvent(key(sf::Keyboard::Up));
    for (int i = 0; i < 400 && editor.focusedField() != label; ++i)
        editor.handleEvent(key(sf::Keyboard::Down));
    REQUIRE(editor.focusedField() == label);
}

void type(EditorScreen& editor, const std::string& text) {
    for (const sf::Event& e : typeText(text, KeyboardLayout::FrenchAzerty))
        editor.handleEvent(e);
}

} // namespace

TEST_CASE(
    "editor: title, brief, skill, aids, handpiece, needles, metric bands and vetoes edited from the panel",
    "[render][editor]") {
    Fixture f;
    EditorScreen editor(f.theme, f.nav, f.path);
    editor.layout({kW, kH});
    const Level before = editor.document()->level();

    // A text: Enter edits it, the typed text comes from text events (AZERTY here), Enter sets it.
    focusField(editor, "Title");
    editor.handleEvent(key(sf::Keyboard::Enter));
    REQUIRE(editor.editingText());
    type(editor, " 2");
    editor.handleEvent(textEvent(U'\u00E9')); // é, a key of its own on AZERTY
    editor.handleEvent(key(sf::Keyboard::Enter));
    CHECK_FALSE(editor.editingText());
    CHECK(editor.document()->level().title == before.title + " 2\u00E9");
    // Letters typed into a text do not start drawing (Z) or leave (Esc cancels the edit only).
    editor.handleEvent(key(sf::Keyboard::Enter));
    for (size_t i = 0; i < 200; ++i)
        editor.handleEvent(key(sf::Keyboard::Backspace));
    editor.handleEvent(key(sf::Keyboard::Enter));
    CHECK(editor.editingText()); // refused: still editing, and the reason is shown
    CHECK(editor.toastText().find("cannot be empty") != std::string::npos);
    editor.handleEvent(key(sf::Keyboard::Escape));
    CHECK_FALSE(editor.editingText());
    CHECK(f.nav.closed.empty());
    CHECK(editor.document()->level().title == before.title + " 2\u00E9");

    // The brief: Enter starts a line, two a paragraph, Ctrl+Enter sets it.
    focusField(editor, "Brief");
    editor.handleEvent(key(sf::Keyboard::Enter));
    editor.handleEvent(key(sf::Keyboard::Enter));
    editor.handleEvent(key(sf::Keyboard::Enter));
    type(editor, "Zone 2, 4 mm.");
    keepShot(f.render(editor), "editor-brief");
    editor.handleEvent(key(sf::Keyboard::Enter, true));
    CHECK(editor.document()->level().brief == before.brief + "\n\nZone 2, 4 mm.");

    // A choice steps with the arrows; a switch flips with Space.
    focusField(editor, "Skill");
    editor.handleEvent(key(sf::Keyboard::Right));
    CHECK(editor.document()->level().skill != before.skill);
    focusField(editor, "Ghost of the target");
    editor.handleEvent(key(sf::Keyboard::Space));
    CHECK(editor.document()->level().mode.ghost == !before.mode.ghost);

    // The handpiece: a value typed with AZERTY's digits.
    focusField(editor, "Tremor");
    type(editor, "0,08");
    editor.handleEvent(key(sf::Keyboard::Enter));
    CHECK(editor.document()->level().handpiece.tremorMm == Approx(0.08));

    // Needles: added, renamed, removed.
    focusField(editor, "Add a needle");
    editor.handleEvent(key(sf::Keyboard::Enter));
    REQUIRE(editor.document()->level().needles.size() == before.needles.size() + 1);
    const std::string n = std::to_string(before.needles.size() + 1);
    focusField(editor, "Needle " + n + " diameter");
    editor.handleEvent(key(sf::Keyboard::Right));
    CHECK(editor.document()->level().needles.back().diameterMm == Approx(0.26));
    focusField(editor, "Needle 1 id");
    editor.handleEvent(key(sf::Keyboard::Enter));
    for (size_t i = 0; i < 40; ++i)
        editor.handleEvent(key(sf::Keyboard::Backspace));
    type(editor, "front"); // a zone's id: refused, and said why
    editor.handleEvent(key(sf::Keyboard::Enter));
    CHECK(editor.toastText().find("already used") != std::string::npos);
    editor.handleEvent(key(sf::Keyboard::Escape));
    focusField(editor, "Remove needle " + n + " (needle-1)");
    editor.handleEvent(key(sf::Keyboard::Enter));
    CHECK(editor.document()->level().needles == before.needles);

    // A metric gets a band of its own: the band's fields appear.
    focusField(editor, "symmetry own band");
    editor.handleEvent(key(sf::Keyboard::Space));
    focusField(editor, "symmetry band max");
    type(editor, "1,5");
    editor.handleEvent(key(sf::Keyboard::Enter));
    const auto metric = std::find_if(editor.document()->level().scoring.metrics.begin(),
                                     editor.document()->level().scoring.metrics.end(),
                                     [](const MetricSpec& m) { return m.id == "symmetry"; });
    REQUIRE(metric != editor.document()->level().scoring.metrics.end());
    CHECK(metric->hasBand);
    CHECK(metric->band.max == Approx(1.5));

    // Vetoes: the reason edited, one added.
    focusField(editor, "Veto 1 reason");
    editor.handleEvent(key(sf::Keyboard::Enter));
    type(editor, " Ever");
    editor.handleEvent(key(sf::Keyboard::Enter));
    CHECK(editor.document()->level().scoring.vetoes[0].reason == before.scoring.vetoes[0].reason + " Ever");
    focusField(editor, "Add a veto");
    editor.handleEvent(key(sf::Keyboard::Enter));
    CHECK(editor.document()->level().scoring.vetoes.size() == before.scoring.vetoes.size() + 1);

    // The mouse: a click chooses a row, a second click uses it.
    focusField(editor, "Live score");
    f.render(editor);
    const auto row = editor.fieldRow("Undo");
    REQUIRE(row);
    const sf::Vector2f at(row->left + row->width / 2, row->top + row->height / 2);
    click(editor, at);
    CHECK(editor.focusedField() == "Undo");
    click(editor, at);
    CHECK(editor.document()->level().mode.undo == !before.mode.undo);
    keepShot(f.render(editor), "editor-aids");

    // Every change was one undo step: undo all of them and the level is the file again.
    while (editor.document()->canUndo())
        editor.handleEvent(key(sf::Keyboard::Z, true));
    CHECK(editor.document()->level() == before);
    CHECK_FALSE(editor.document()->isModified());
}

namespace {

/// The trainer's navigator as far as the editor asks it: a data folder and a practice history.
struct DataNavigator : RecordingNavigator {
    std::string data;
    std::string dataFolder() const override { return data; }
    std::string practiceStore() const override { return data + "/results.db"; }
};

/// A practice recording (its header is all the editor reads) of the level at `path` with `sha`.
void recordingOf(const std::string& file, const std::string& path, const std::string& sha) {
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    std::string error;
    auto w = RecordingWriter::create(file, practiceRecordingHeader(path, sha, 1, "zoe", "station-1"), error);
    INFO(error);
    REQUIRE(w);
}

} // namespace

TEST_CASE("editor: saving a level that has recordings keeps the version they used, and says which cannot be "
          "replayed and how to keep them",
          "[render][editor][versions]") {
    Fixture f;
    DataNavigator nav;
    nav.data = (f.scratch.dir() / "data").string();
    const std::string versions = levelVersionsDir(nav.data);
    const std::string now = readText(f.path);
    const std::string lastMonth = now + "<!-- as it was last month -->\n";
    // Zoë's practice of the level as it is, and Ana's of an earlier version nobody kept; the
    // practice history has a run on that earlier version too.
    recordingOf(nav.data + "/practice/zoe.stiprec", f.path, sha256Hex(now));
    recordingOf(nav.data + "/practice/ana.stiprec", f.path, sha256Hex(lastMonth));
    {
        StoreError se;
        auto store = openSqliteStore(nav.practiceStore(), StoreMode::ReadWrite, se);
        INFO(se.message);
        REQUIRE(store);
        PracticeRecord run;
        run.candidateId = "ana";
        run.levelId = "frontal-hairline";
        run.levelSha256 = sha256Hex(lastMonth);
        run.score = 64;
        run.finishedAt = "2026-11-02T10:00:00Z";
        REQUIRE(store->savePractice(run, se));
    }

    EditorScreen editor(f.theme, nav, f.path);
    editor.layout({kW, kH});
    f.render(editor);
    editor.handleEvent(key(sf::Keyboard::Right, true)); // the selected zone moves 0.5 mm
    editor.handleEvent(key(sf::Keyboard::S, true));
    CHECK_FALSE(editor.document()->isModified());
    // The version Zoë recorded on was kept before it was replaced: her recording still replays.
    CHECK(readText(levelVersionPath(versions, sha256Hex(now))) == now);
    // Ana's recording and result cannot be: the editor says so, what it means and what to do.
    REQUIRE(editor.asking());
    const std::string notice = editor.noticeText();
    INFO(notice);
    CHECK(notice.find("1 recording and 1 result of this level used a version that is not kept") !=
          std::string::npos);
    CHECK(notice.find("replay and regrade refuse a recording made on that version") != std::string::npos);
    CHECK(notice.find("copy that earlier level file") != std::string::npos);
    CHECK(notice.find(versions) != std::string::npos);
    CHECK(notice.find("The other 1 recording still replays: its version is kept") != std::string::npos);
    // It fits its panel at the smallest size the trainer supports, and at a large one.
    for (const sf::Vector2u size : {sf::Vector2u{1024, 768}, sf::Vector2u{2560, 1440}}) {
        Theme theme;
        std::string error;
        REQUIRE(theme.load(std::string(STIPPLE_SOURCE_DIR) + "/assets/fonts", error));
        theme.setWindowSize(size);
        sf::RenderTexture target;
        REQUIRE(target.create(size.x, size.y));
        EditorScreen shown(theme, nav, f.path);
        shown.layout(size);
        shown.handleEvent(key(sf::Keyboard::Right, true));
        shown.handleEvent(key(sf::Keyboard::S, true));
        REQUIRE(shown.asking());
        LayoutLog log;
        theme.setLayoutLog(&log);
        shown.update(0.0);
        shown.draw(target);
        theme.setLayoutLog(nullptr);
        target.display();
        keepShot(target.getTexture().copyToImage(), "editor-recordings-notice-" + std::to_string(size.x));
        std::string drawn; // the notice's lines, wrapped to fit
        for (const LayoutLog::Text& t : log.texts)
            drawn += t.text + " ";
        CHECK(drawn.find("of this level") != std::string::npos);
        CHECK(drawn.find("copy that earlier level file") != std::string::npos);
        std::string problems;
        for (const std::string& p : log.problems())
            problems += p + "\n";
        INFO(size.x << "x" << size.y << ": " << problems);
        CHECK(problems.empty());
        shown.handleEvent(key(sf::Keyboard::Enter));
        CHECK_FALSE(shown.asking());
    }
    editor.handleEvent(key(sf::Keyboard::Enter));
    CHECK_FALSE(editor.asking());

    // The instructor puts last month's file back as the notice says (any name will do): the next
    // save finds every recording kept, and says so in a line.
    writeText(std::filesystem::path(versions) / "hairline from the backup.xml", lastMonth);
    editor.handleEvent(key(sf::Keyboard::Left, true));
    editor.handleEvent(key(sf::Keyboard::S, true));
    CHECK_FALSE(editor.asking());
    CHECK(editor.toastText().find("its 2 recordings and 1 result still replay") != std::string::npos);
}
