// Render tests of the trainer window under Xvfb: each screen is built as the App builds it,
// drawn into an offscreen RenderTexture and its pixels checked — not blank, dots dark exactly
// where the session placed them (and gone after undo), the results screen showing a scorecard
// and its pictures — plus the keys and the fixed-tick clock that drive a session. Needs a
// display (label `display`; run with `xvfb-run -a ctest -L display`). No SFML object is global:
// Catch lists these tests at build time without a display.
#include "app/app.h"
#include "app/help_overlay.h"
#include "app/level_catalog.h"
#include "app/level_select_screen.h"
#include "app/practice_recording.h"
#include "app/practice_screen.h"
#include "app/results_screen.h"
#include "pattern/example_attempts.h"
#include "random/rng.h"
#include "record/recording_reader.h"
#include "record/regrade.h"
#include "render/canvas_renderer.h"
#include "render/theme.h"
#include "store/results_store.h"
#include "store/sqlite_store.h"
#include "support/image_checks.h"
#include "support/keyboard.h"
#include "support/process.h"

#include <SFML/Graphics.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <tuple>

using namespace stipple;
using namespace stipple::app;
using namespace stipple::render; // the drawing the screens share with the commands
using namespace stipple::test;

namespace {

const std::string kFixture = std::string(STIPPLE_SOURCE_DIR) + "/tests/app/fixtures/hairline.xml";
constexpr unsigned kW = 1280, kH = 960;

/// Records what the screens asked for instead of switching screens.
struct RecordingNavigator : Navigator {
    int selects = 0, starts = -1, nexts = -1, quits = 0;
    std::unique_ptr<Screen> shown;
    void showLevelSelect() override { ++selects; }
    void startLevel(size_t index) override { starts = static_cast<int>(index); }
    void startNextLevel(size_t index) override { nexts = static_cast<int>(index); }
    void showScreen(std::unique_ptr<Screen> screen) override { shown = std::move(screen); }
    void quit() override { ++quits; }
    int finishedIndex = -1;
    PracticeRecord finished;
    void practiceFinished(size_t index, const PracticeRecord& run) override {
        finishedIndex = static_cast<int>(index);
        finished = run;
    }
};

struct Fixture {
    Theme theme;
    RecordingNavigator nav;
    sf::RenderTexture target;
    Fixture() {
        std::string error;
        REQUIRE(theme.load(std::string(STIPPLE_SOURCE_DIR) + "/assets/fonts", error));
        theme.setWindowSize({kW, kH});
        REQUIRE(target.create(kW, kH));
    }
    sf::Image render(Screen& screen) {
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

/// Moves the hand to `pos`, lets the spring settle, strikes for `dwell` ticks.
void strike(PracticeSession& s, Vec2 pos, int dwell = 60) {
    const int64_t t = s.tick();
    REQUIRE(s.moveHand(t, pos));
    REQUIRE(s.needleDown(t + 120));
    REQUIRE(s.needleUp(t + 120 + dwell));
}

CatalogEntry fixtureEntry() {
    CatalogEntry e = loadCatalogEntry(kFixture);
    INFO(e.error);
    REQUIRE(e.level);
    return e;
}

} // namespace

TEST_CASE("the level select lists the curriculum and starts the chosen level from the keyboard",
          "[render][select]") {
    Fixture f;
    std::string error;
    const std::string levels = std::string(STIPPLE_SOURCE_DIR) + "/levels";
    auto catalog = loadCatalog(levels, error);
    REQUIRE(catalog.size() >= 2);
    for (const auto& e : catalog) {
        INFO(e.error);
        CHECK(e.level); // every shipped level reads
    }
    LevelSelectScreen screen(f.theme, f.nav, catalog, "");
    screen.layout({kW, kH});
    const sf::Image img = f.render(screen);
    CHECK(contrast(img) > 20.0);
    // The selected row and the Start button are drawn in the accent colour.
    CHECK(countNear(img, colours::kAccent, 6, {0, 0, int(kW), int(kH)}) > 2000);
    // The preview shows the level's skin tone.
    const sf::Color skin = toColour(catalog[0].level->canvas.skin.rgb);
    CHECK(countNear(img, skin, 4, {int(kW / 2), 0, int(kW / 2), int(kH / 2)}) > 5000);

    screen.handleEvent(key(sf::Keyboard::Down));
    CHECK(screen.selected() == 1);
    screen.handleEvent(key(sf::Keyboard::End));
    CHECK(screen.selected() == catalog.size() - 1);
    screen.handleEvent(key(sf::Keyboard::Home));
    screen.handleEvent(key(sf::Keyboard::Return));
    CHECK(f.nav.starts == 0);
    screen.handleEvent(key(sf::Keyboard::Escape));
    CHECK(f.nav.quits == 1);
}

TEST_CASE("a level that does not read stays in the list with its diagnostic", "[render][select]") {
    const stipple::test::Scratch scratch; // its own folder: a fixed name is shared by concurrent runs
    const auto dir = scratch.path("levels");
    std::filesystem::create_directories(dir);
    {
        std::FILE* out = std::fopen((dir / "broken.xml").c_str(), "w");
        REQUIRE(out);
        std::fputs("<level format=\"1\" id=\"x\" title=\"Broken\" skill=\"nonsense\" difficulty=\"1\"/>\n",
                   out);
        std::fclose(out);
    }
    std::string error;
    const auto catalog = loadCatalog(dir.string(), error);
    REQUIRE(catalog.size() == 1);
    CHECK_FALSE(catalog[0].level);
    CHECK(catalog[0].error.find("broken.xml:1:") != std::string::npos);
    Fixture f;
    LevelSelectScreen screen(f.theme, f.nav, catalog, "");
    screen.layout({kW, kH});
    CHECK(contrast(f.render(screen)) > 10.0);
    screen.handleEvent(key(sf::Keyboard::Return));
    CHECK(f.nav.starts == -1); // a broken level cannot be started
}

TEST_CASE("dots appear on the canvas exactly where the session placed them, and undo removes them",
          "[render][practice]") {
    Fixture f;
    const CatalogEntry entry = fixtureEntry();
    PracticeScreen screen(f.theme, f.nav, 0, entry, 7, /*intro=*/false);
    screen.layout({kW, kH});
    PracticeSession& s = screen.session();
    // Two strikes in the zone, well apart; the fixture has tremor 0.05 mm by default, which is
    // far below a pixel at this zoom (about 14 px/mm).
    strike(s, {20, 20});
    strike(s, {40, 30});
    REQUIRE(s.dots().size() == 2);
    REQUIRE(s.moveHand(s.tick(), {5, 35})); // the hand moves on; its cursor leaves the dots
    REQUIRE(s.advanceTo(s.tick() + 120));
    const sf::Image img = f.render(screen);
    CHECK(contrast(img) > 20.0);
    const double skin = luminance(toColour(entry.level->canvas.skin.rgb));
    for (const Dot& d : s.dots()) {
        const sf::Vector2f p = screen.view().toScreen(d.pos);
        INFO("dot at " << d.pos.x << "," << d.pos.y << " mm -> " << p.x << "," << p.y << " px");
        CHECK(meanLuminance(img, p, 1) < skin - 60); // dark pigment at the centre
    }
    // Skin where no dot was placed (1.5 mm away from the first).
    const sf::Vector2f empty = screen.view().toScreen({21.5, 20});
    CHECK(meanLuminance(img, empty, 1) > skin - 25);
    CHECK(screen.renderer().redrawCount() == 1); // the first frame drew the canvas once

    // Undo: the second dot disappears from the picture.
    const Vec2 second = s.dots()[1].pos;
    screen.handleEvent(key(sf::Keyboard::Z, /*control=*/true));
    REQUIRE(s.dots().size() == 1);
    // The needle panel shows the strike that remains (it said "no strike yet").
    CHECK(screen.hudModel().haveStrike);
    CHECK(screen.hudModel().depthMm == Approx(s.dots()[0].depthMm).margin(1e-6));
    const sf::Image after = f.render(screen);
    CHECK(meanLuminance(after, screen.view().toScreen(second), 1) > skin - 25);
    CHECK(meanLuminance(after, screen.view().toScreen(s.dots()[0].pos), 1) < skin - 60);
}

TEST_CASE("a drill's HUD counts target hits and stray dots, not spill", "[render][practice]") {
    Fixture f;
    const CatalogEntry entry = loadCatalogEntry(std::string(STIPPLE_SOURCE_DIR) + "/levels/01-dot-drill.xml");
    INFO(entry.error);
    REQUIRE(entry.level);
    REQUIRE(entry.level->zones.empty());
    const auto& targets = entry.level->target.dots;
    REQUIRE(targets.size() >= 3);
    PracticeScreen screen(f.theme, f.nav, 0, entry, 7, /*intro=*/false);
    screen.layout({kW, kH});
    PracticeSession& s = screen.session();
    strike(s, targets[0].pos);
    strike(s, targets[2].pos);
    // A stray: halfway between the first two targets, far from every target.
    strike(s, (targets[0].pos + targets[1].pos) * 0.5);
    REQUIRE(s.dots().size() == 3);
    // What the HUD must say follows from where the dots actually landed (the drill's hand
    // is steady, but the handpiece still settles on a spring).
    const double tau = entry.level->target.toleranceMm;
    int within = 0;
    for (const Dot& d : s.dots()) {
        double nearest = 1e9;
        for (const TargetDot& t : targets)
            nearest = std::min(nearest, distance(d.pos, t.pos));
        within += nearest < tau;
    }
    CHECK(within == 2);
    HudModel m = screen.hudModel();
    CHECK_FALSE(m.hasZones);
    CHECK(m.targets.targets == static_cast<int>(targets.size()));
    CHECK(m.targets.hits == within);
    CHECK(m.targets.extras == 3 - within);
    CHECK(m.targets.meanErrorMm < tau);
    // Undo the stray, then the second hit: each gives back what it took.
    screen.handleEvent(key(sf::Keyboard::Z, /*control=*/true));
    screen.handleEvent(key(sf::Keyboard::Z, /*control=*/true));
    m = screen.hudModel();
    CHECK(m.targets.hits == 1);
    CHECK(m.targets.extras == 0);
    CHECK(contrast(f.render(screen)) > 20.0);
}

TEST_CASE("a new dot is inked without redrawing the canvas and zoom or pan redraw it in the right place",
          "[render][practice]") {
    Fixture f;
    const CatalogEntry entry = fixtureEntry();
    PracticeScreen screen(f.theme, f.nav, 0, entry, 3, false);
    screen.layout({kW, kH});
    PracticeSession& s = screen.session();
    strike(s, {30, 25});
    REQUIRE(s.moveHand(s.tick(), {5, 35}));
    f.render(screen);
    const unsigned redraws = screen.renderer().redrawCount();
    strike(s, {35, 25});
    REQUIRE(s.moveHand(s.tick(), {5, 35}));
    REQUIRE(s.advanceTo(s.tick() + 120));
    sf::Image img = f.render(screen);
    CHECK(screen.renderer().redrawCount() == redraws); // incremental: one dot drawn into the ink
    CHECK(screen.renderer().inkedCount() == 2);
    CHECK(meanLuminance(img, screen.view().toScreen(s.dots()[1].pos), 1) <
          luminance(toColour(entry.level->canvas.skin.rgb)) - 60);

    const double before = screen.view().pxPerMm();
    screen.handleEvent(key(sf::Keyboard::Equal)); // zoom in
    CHECK(screen.view().pxPerMm() > before * 1.2);
    screen.handleEvent(key(sf::Keyboard::Left)); // pan
    const double skin = luminance(toColour(entry.level->canvas.skin.rgb));
    // While the view is still moving the old ink is shown moved and scaled, not redrawn...
    img = f.render(screen);
    CHECK(screen.renderer().redrawCount() == redraws);
    for (const Dot& d : s.dots())
        CHECK(meanLuminance(img, screen.view().toScreen(d.pos), 1) < skin - 40);
    // ...and redrawn from the dots once it has settled.
    screen.update(0.2);
    img = f.render(screen);
    CHECK(screen.renderer().redrawCount() == redraws + 1);
    for (const Dot& d : s.dots())
        CHECK(meanLuminance(img, screen.view().toScreen(d.pos), 1) < skin - 60);
    screen.handleEvent(key(sf::Keyboard::Home)); // fit again
    CHECK(screen.view().pxPerMm() == Approx(before));
}

TEST_CASE("a whole scalp in view: sub-pixel dots still tint the skin where they are", "[render][canvas]") {
    // 400 × 300 mm fitted into ~900 px: 0.4 mm dots are under a pixel and take the CPU splat path.
    Level level;
    level.canvas.widthMm = 400;
    level.canvas.heightMm = 300;
    std::vector<InkDot> dots;
    Rng rng(11);
    for (int i = 0; i < 40000; ++i) // 100 × 100 mm at 4 dots/mm² (a dense patch)
        dots.push_back({{rng.uniform(50, 150), rng.uniform(100, 200)}, 0.4, sf::Color(40, 40, 44, 230), 0});
    CanvasView view;
    view.setViewport({0, 0, 960, 720});
    view.fit(level.canvas.widthMm, level.canvas.heightMm);
    REQUIRE(0.4 * view.pxPerMm() < 1.5);
    CanvasRenderer renderer;
    renderer.setLevel(&level, {});
    sf::RenderTexture target;
    REQUIRE(target.create(960, 720));
    const CanvasLayers layers;
    renderer.sync(view, layers, dots.size(), [&](size_t i) { return dots[i]; });
    target.clear();
    renderer.draw(target, view, layers);
    target.display();
    const sf::Image img = target.getTexture().copyToImage();
    const double skin = luminance(toColour(level.canvas.skin.rgb));
    const double inside = meanLuminance(img, view.toScreen({100, 150}), 20);
    const double outside = meanLuminance(img, view.toScreen({300, 150}), 20);
    CHECK(outside == Approx(skin).margin(2));
    // Coverage of 0.5 mm² of pigment per mm² (a 0.4 mm disc is 0.126 mm²; 4 per mm²) darkens
    // the patch by roughly half the contrast between skin and pigment: clearly, not totally.
    CHECK(inside < skin - 40);
    CHECK(inside > 50);
}

TEST_CASE("the session layer keys 1-9 work on a US, a French AZERTY keyboard and the keypad",
          "[render][practice][keyboard]") {
    Fixture f;
    const CatalogEntry entry =
        loadCatalogEntry(std::string(STIPPLE_SOURCE_DIR) + "/levels/04-crown-layers.xml");
    REQUIRE(entry.level);
    PracticeScreen screen(f.theme, f.nav, 0, entry, 1, false);
    screen.layout({kW, kH});
    REQUIRE(screen.session().sessionCount() == 3);
    auto press = [&](std::vector<sf::Event> events) {
        for (const sf::Event& e : events)
            screen.handleEvent(e);
        return screen.layers().hiddenLayers;
    };
    using test::keyEvent;
    using test::textEvent;
    // US: the key code and its text toggle the layer once, not twice.
    CHECK(press(test::typeText("1", test::KeyboardLayout::Us)) == 0b001u);
    CHECK(press(test::typeText("1", test::KeyboardLayout::Us)) == 0b000u);
    // AZERTY, Shift + the row: the digit as text.
    CHECK(press(test::typeText("2", test::KeyboardLayout::FrenchAzerty)) == 0b010u);
    CHECK(press(test::typeText("2", test::KeyboardLayout::FrenchAzerty)) == 0b000u);
    // AZERTY unshifted: the key types '"' (the 3 key); SFML reports its code as Unknown or, from
    // the key's shifted symbol, as Num3: either way one toggle.
    CHECK(press({keyEvent(sf::Keyboard::Unknown), textEvent(U'"')}) == 0b100u);
    CHECK(press({keyEvent(sf::Keyboard::Num3), textEvent(U'"')}) == 0b000u);
    CHECK(press({keyEvent(sf::Keyboard::Unknown), textEvent(U'\u00E9')}) == 0b010u); // é: the 2 key
    CHECK(press({keyEvent(sf::Keyboard::Unknown), textEvent(U'&')}) == 0b011u);      // &: the 1 key
    // The keypad, with or without Num Lock's text.
    CHECK(press({keyEvent(sf::Keyboard::Numpad1), textEvent(U'1')}) == 0b010u);
    CHECK(press({keyEvent(sf::Keyboard::Numpad2)}) == 0b000u);
    // A US '"' (Shift + the quote key) is not a layer key; AZERTY Shift + the '-' key (6) does not zoom.
    CHECK(press({keyEvent(sf::Keyboard::Quote, true), textEvent(U'"')}) == 0b000u);
    const unsigned view = screen.view().revision();
    CHECK(press({keyEvent(sf::Keyboard::Hyphen, true), textEvent(U'6')}) == 0b000u);
    CHECK(screen.view().revision() == view);
    screen.handleEvent(keyEvent(sf::Keyboard::Hyphen)); // unshifted '-' zooms out, on both layouts
    CHECK(screen.view().revision() != view);
}

TEST_CASE("the practice keys toggle the aids the level allows", "[render][practice]") {
    Fixture f;
    const CatalogEntry entry = fixtureEntry();
    PracticeScreen screen(f.theme, f.nav, 0, entry, 1, false);
    screen.layout({kW, kH});
    const CanvasLayers start = screen.layers();
    CHECK(start.ghost);
    CHECK_FALSE(start.heatmap);
    screen.handleEvent(key(sf::Keyboard::G));
    screen.handleEvent(key(sf::Keyboard::H));
    screen.handleEvent(key(sf::Keyboard::O));
    CHECK_FALSE(screen.layers().ghost);
    CHECK(screen.layers().heatmap);
    CHECK_FALSE(screen.layers().outlines);
    screen.handleEvent(key(sf::Keyboard::Num1));
    CHECK(screen.layers().hiddenLayers == 1u);
    // Pigment and needle keys become session commands.
    const int shade = screen.session().shadeIndex();
    screen.handleEvent(key(sf::Keyboard::S));
    CHECK(screen.session().shadeIndex() != shade);
    screen.handleEvent(key(sf::Keyboard::D));
    CHECK(screen.session().dilution() < 1.0);
    // The heatmap tints the zone (nothing placed yet: every judged cell is under target, blue).
    const sf::Image withHeat = f.render(screen);
    screen.handleEvent(key(sf::Keyboard::H));
    const sf::Image without = f.render(screen);
    size_t bluer = 0;
    for (unsigned y = 64; y < 900; y += 2)
        for (unsigned x = 0; x < 880; x += 2) {
            const sf::Color a = withHeat.getPixel(x, y), b = without.getPixel(x, y);
            if (a.b > b.b + 6 && a.r + 40 < b.r) ++bluer;
        }
    CHECK(bluer > 20000);
}

TEST_CASE("real time drives the session on its fixed tick and input is stamped with the tick it acts on",
          "[render][practice]") {
    Fixture f;
    const CatalogEntry entry = fixtureEntry();
    PracticeScreen screen(f.theme, f.nav, 0, entry, 1, /*intro=*/true);
    screen.layout({kW, kH});
    screen.update(1.0);
    CHECK(screen.session().tick() == 0); // the clock waits while the instructions are shown
    screen.handleEvent(key(sf::Keyboard::Return));
    for (int i = 0; i < 30; ++i)
        screen.update(1.0 / 60.0); // half a second of frames
    CHECK(screen.session().tick() == Approx(120).margin(1));

    const sf::Vector2f p = screen.view().toScreen({30, 25});
    sf::Event move;
    move.type = sf::Event::MouseMoved;
    move.mouseMove = {int(p.x), int(p.y)};
    screen.handleEvent(move);
    sf::Event down;
    down.type = sf::Event::MouseButtonPressed;
    down.mouseButton = {sf::Mouse::Left, int(p.x), int(p.y)};
    const int64_t tickAtPress = screen.session().tick();
    screen.handleEvent(down);
    REQUIRE(screen.session().needleIsDown());
    const Command& last = screen.session().eventLog().back();
    CHECK(last.kind == CommandKind::NeedleDown);
    CHECK(last.tick == tickAtPress);
    for (int i = 0; i < 12; ++i)
        screen.update(1.0 / 60.0);
    sf::Event up = down;
    up.type = sf::Event::MouseButtonReleased;
    screen.handleEvent(up);
    REQUIRE(screen.session().dots().size() == 1);
    // The dot lands under the simulated tip, near the pointer (spring lag and tremor are small).
    CHECK(distance(screen.session().dots()[0].pos, Vec2{30, 25}) < 0.5);
    CHECK(screen.session().dots()[0].depthMm > 0.3f);
}

TEST_CASE("finishing asks first, then hands the session to the results screen",
          "[render][practice][results]") {
    Fixture f;
    const CatalogEntry entry = fixtureEntry();
    PracticeScreen screen(f.theme, f.nav, 0, entry, 1, false);
    screen.layout({kW, kH});
    strike(screen.session(), {30, 25});
    screen.handleEvent(key(sf::Keyboard::Return));
    CHECK_FALSE(f.nav.shown); // a confirmation first
    CHECK(contrast(f.render(screen)) > 10.0);
    screen.handleEvent(key(sf::Keyboard::Return));
    REQUIRE(f.nav.shown);
    CHECK(f.nav.shown->name() == "Results");
    // The finished run is reported once, with the score the results screen shows.
    CHECK(f.nav.finishedIndex == 0);
    CHECK(f.nav.finished.levelId == entry.level->id);
    CHECK(f.nav.finished.dots == 1);
    CHECK(f.nav.finished.score >= 0.0);
    CHECK(f.nav.finished.score <= 100.0);
}

TEST_CASE("the level select shows the trainee's best score from the practice history", "[render][select]") {
    Fixture f;
    test::Scratch scratch;
    StoreError error;
    auto store = openSqliteStore(scratch.path("results.db").string(), StoreMode::ReadWrite, error);
    INFO(error.message);
    REQUIRE(store);
    std::string dirError;
    std::vector<CatalogEntry> catalog = loadCatalog(std::string(STIPPLE_SOURCE_DIR) + "/levels", dirError);
    REQUIRE(catalog.size() >= 2);
    const std::string first = catalog[0].level->id, second = catalog[1].level->id;
    for (auto [who, level, score, passed] :
         {std::tuple{"ana", first, 61.4, false}, std::tuple{"ana", first, 78.6, true},
          std::tuple{"ana", first, 70.2, true}, std::tuple{"ben", second, 99.0, true}}) {
        PracticeRecord run;
        run.candidateId = who;
        run.levelId = level;
        run.score = score;
        run.passed = passed;
        run.finishedAt = "2026-11-29T09:00:00Z";
        REQUIRE(store->savePractice(run, error));
    }
    CHECK(applyBestScores(catalog, *store, "ana").empty());
    CHECK(catalog[0].bestScore == "79");
    CHECK(catalog[0].runs == 3);
    CHECK(catalog[0].passes == 2);
    CHECK(catalog[1].bestScore == "\xE2\x80\x94"); // ben's run is not ana's
    CHECK(catalog[1].runs == 0);
    LevelSelectScreen screen(f.theme, f.nav, catalog, "", 0);
    screen.layout({kW, kH});
    CHECK(contrast(f.render(screen)) > 10.0);
}

TEST_CASE("a practice attempt is recorded from its first strike and regrades to the score shown",
          "[render][practice][results]") {
    Fixture f;
    test::Scratch scratch;
    const std::string dir = (scratch.dir() / "practice").string();
    const CatalogEntry entry = fixtureEntry();
    auto factory = [&](PracticeSession& s) {
        std::string error;
        auto r = PracticeRecording::start(dir, entry.path, s, "ana", error);
        INFO(error);
        CHECK(r);
        return r;
    };
    std::string recordingPath;
    {
        PracticeScreen screen(f.theme, f.nav, 0, entry, 3, false);
        screen.layout({kW, kH});
        screen.recordWith(factory);
        screen.update(0.5); // moving the pointer alone records nothing
        CHECK_FALSE(screen.recording());
        CHECK_FALSE(std::filesystem::exists(dir));
        strike(screen.session(), {30, 25});
        strike(screen.session(), {34, 27});
        screen.update(0.01);
        REQUIRE(screen.recording());
        recordingPath = screen.recording()->path();
        CHECK(std::filesystem::exists(recordingPath));
        strike(screen.session(), {38, 22});
        screen.handleEvent(key(sf::Keyboard::Return));
        screen.handleEvent(key(sf::Keyboard::Return));
    }
    REQUIRE(f.nav.shown);
    auto* results = dynamic_cast<ResultsScreen*>(f.nav.shown.get());
    REQUIRE(results);
    REQUIRE(results->recording());
    CHECK(results->recording()->path() == recordingPath);
    results->layout({kW, kH});
    CHECK(contrast(f.render(*results)) > 20.0);
    const RegradeReport report = Regrader().regrade(recordingPath);
    INFO(report.problems.size() << " problems, first: "
                                << (report.problems.empty() ? "" : report.problems[0]));
    CHECK(report.reproduced());
    REQUIRE(report.header);
    CHECK(report.header->kind == "practice");
    CHECK(report.header->candidateId == "ana");
    REQUIRE(report.attempts.size() == 1);
    REQUIRE(report.attempts[0].recordedScore);
    CHECK(report.attempts[0].recordedScore->overall == results->result().card.overall);
    REQUIRE(report.attempts[0].recordedEnd);
    CHECK(report.attempts[0].recordedEnd->dotCount == 3);

    // Leaving a level without finishing closes its recording with the attempt abandoned.
    std::string leftPath;
    {
        PracticeScreen screen(f.theme, f.nav, 0, entry, 4, false);
        screen.layout({kW, kH});
        screen.recordWith(factory);
        strike(screen.session(), {20, 20});
        screen.update(0.01);
        REQUIRE(screen.recording());
        leftPath = screen.recording()->path();
    }
    const RecordingRead left = readRecording(leftPath);
    REQUIRE(left.recording);
    CHECK(left.recording->closed());
    REQUIRE(left.recording->attempts.size() == 1);
    REQUIRE(left.recording->attempts[0].end);
    CHECK(left.recording->attempts[0].end->reason == AttemptEndReason::Abandoned);
}

TEST_CASE("a level's time limit ends the attempt and shows the results", "[render][practice][results]") {
    Fixture f;
    CatalogEntry entry = fixtureEntry();
    Level timed = *entry.level;
    timed.mode.timeLimitS = 2.0;
    entry.level = std::make_shared<const Level>(timed);
    PracticeScreen screen(f.theme, f.nav, 0, entry, 1, false);
    screen.layout({kW, kH});
    for (int i = 0; i < 60 && !f.nav.shown; ++i)
        screen.update(1.0 / 20.0); // 3 s of frames
    REQUIRE(f.nav.shown);
    CHECK(f.nav.shown->name() == "Results");
    CHECK(f.nav.finishedIndex == -1); // no dot placed: not a practice run to keep
}

TEST_CASE("the results screen shows the scorecard and the pictures of the work", "[render][results]") {
    Fixture f;
    const CatalogEntry entry = fixtureEntry();
    const std::vector<Dot> dots = dotsOfExample(exampleAttempt(*entry.level, AttemptStyle::Clumped, 5));
    REQUIRE(dots.size() > 100);
    DotsCsvColumns columns;
    columns.diameter = columns.depth = true;
    ResultsScreen screen(f.theme, f.nav, 0, entry.level, dots, columns);
    screen.layout({kW, kH});
    const Scorecard& card = screen.result().card;
    REQUIRE(card.metrics.size() >= 5);
    CHECK(card.dotCount == static_cast<int>(dots.size()));
    LayoutLog log;
    f.theme.setLayoutLog(&log);
    const sf::Image img = f.render(screen);
    f.theme.setLayoutLog(nullptr);
    CHECK(contrast(img) > 20.0);
    // Left half: the table, one row per metric with its label where the layout put it: bright
    // text, or for a failed metric marked "✗ " and drawn in the fail colour (issue 14).
    for (size_t i = 0; i < std::min<size_t>(card.metrics.size(), 8); ++i) {
        const MetricResult& m = card.metrics[i];
        const std::string label = m.failed ? "\xE2\x9C\x97 " + m.label : m.label;
        const auto it = std::find_if(log.texts.begin(), log.texts.end(), [&](const LayoutLog::Text& t) {
            return label.rfind(t.text, 0) == 0 && t.ink.left < kW / 2;
        });
        INFO(label);
        REQUIRE(it != log.texts.end());
        const sf::IntRect ink(int(it->ink.left), int(it->ink.top), int(it->ink.width), int(it->ink.height));
        CHECK(countNear(img, m.failed ? colours::kFail : colours::kText, 40, ink) > 20);
    }
    // Said first: the deciding rule, above the title, marked failed.
    const auto rule = std::find_if(log.texts.begin(), log.texts.end(), [&](const LayoutLog::Text& t) {
        return t.text.rfind("\xE2\x9C\x97 Failed: ", 0) == 0;
    });
    REQUIRE(rule != log.texts.end());
    for (const auto& t : log.texts)
        if (t.text == entry.level->title) CHECK(rule->ink.top < t.ink.top);
    // The line under the title then names the next failed rule ("Also:"), not a second first reason.
    REQUIRE(card.failedCount() > 1);
    REQUIRE(card.decidingMetric >= 0);
    const auto text = [&](const std::string& s) {
        return std::any_of(log.texts.begin(), log.texts.end(),
                           [&](const LayoutLog::Text& t) { return t.text == s; });
    };
    CHECK(text("Also:  "));
    CHECK_FALSE(text("Work on:  "));
    // Right half: the heatmap's diverging colours and the skin of the pictures.
    const sf::IntRect right(int(kW / 2), 100, int(kW / 2), 400);
    CHECK(countNear(img, toColour(entry.level->canvas.skin.rgb), 6, right) > 1000);
    const size_t blue = countNear(img, divergingColour(-1.0, 255), 70, right);
    const size_t orange = countNear(img, divergingColour(1.0, 255), 70, right);
    CHECK(blue + orange > 50); // clumped work is uneven: both sparse and dense cells
    // A failing overall or metric is drawn in the fail colour (clumps fail naturalness).
    CHECK_FALSE(card.passed);
    CHECK(countNear(img, colours::kFail, 10, {0, 0, int(kW), int(kH)}) > 100);

    // Save the attempt: core's CSV writer, read back identically.
    std::string path, error;
    REQUIRE(screen.saveDots(std::filesystem::temp_directory_path().string(), path, error));
    DotsCsv back;
    Diagnostics diags;
    REQUIRE(readDotsCsv(path, back, diags));
    CHECK(back.dots == dots);
    std::filesystem::remove(path);

    // Not passed: Retry is the highlighted button and Enter retries; N still goes on.
    const auto labelled = [&](const std::string& text) {
        return std::any_of(log.texts.begin(), log.texts.end(),
                           [&](const LayoutLog::Text& t) { return t.text == text; });
    };
    CHECK(screen.primaryButton() == 0);
    CHECK(labelled("Retry  \xC2\xB7  Enter"));
    CHECK(labelled("Next level  \xC2\xB7  N"));
    CHECK_FALSE(labelled("Next level  \xC2\xB7  Enter"));
    screen.handleEvent(key(sf::Keyboard::Return));
    CHECK(f.nav.starts == 0);
    CHECK(f.nav.nexts == -1);
    f.nav.starts = -1;
    screen.handleEvent(key(sf::Keyboard::R));
    CHECK(f.nav.starts == 0);
    screen.handleEvent(key(sf::Keyboard::N));
    CHECK(f.nav.nexts == 0);
}

TEST_CASE("results: after a pass Enter goes to the next level, after a fail it retries",
          "[render][results]") {
    Fixture f;
    const CatalogEntry entry = fixtureEntry();
    DotsCsvColumns columns;
    columns.diameter = columns.depth = true;
    int failedSeen = 0;
    for (const AttemptStyle style : {AttemptStyle::Good, AttemptStyle::Clumped, AttemptStyle::Sparse,
                                     AttemptStyle::Grid, AttemptStyle::Stacked}) {
        RecordingNavigator nav;
        const std::vector<Dot> dots = dotsOfExample(exampleAttempt(*entry.level, style, 5));
        ResultsScreen screen(f.theme, nav, 0, entry.level, dots, columns);
        screen.layout({kW, kH});
        const bool passed = screen.result().card.passed;
        INFO((style == AttemptStyle::Good ? "good" : "clumped") << " work, passed " << passed);
        if (style == AttemptStyle::Good || style == AttemptStyle::Clumped)
            CHECK(passed == (style == AttemptStyle::Good));
        LayoutLog log;
        f.theme.setLayoutLog(&log);
        f.render(screen);
        f.theme.setLayoutLog(nullptr);
        const std::string enterLabel = passed ? "Next level  \xC2\xB7  Enter" : "Retry  \xC2\xB7  Enter";
        CHECK(std::any_of(log.texts.begin(), log.texts.end(),
                          [&](const LayoutLog::Text& t) { return t.text == enterLabel; }));
        // The help overlay tells the same story as the buttons.
        const auto keys = screen.keys();
        CHECK(std::any_of(keys.begin(), keys.end(), [&](const KeyHelp& k) {
            return k.keys.find("Enter") != std::string::npos &&
                   k.action == (passed ? "next level" : "retry this level");
        }));
        // The advice under the title never repeats the rule said first: it names another one.
        const Scorecard& card = screen.result().card;
        if (!passed && card.decidingMetric >= 0) {
            ++failedSeen;
            const std::string first = card.metrics[static_cast<size_t>(card.decidingMetric)].explanation;
            for (size_t i = 0; i + 1 < log.texts.size(); ++i)
                if (log.texts[i].text == "Also:  " || log.texts[i].text == "Work on:  ") {
                    INFO("advice: " << log.texts[i + 1].text << " / deciding: " << first);
                    CHECK(first.rfind(log.texts[i + 1].text, 0) != 0);
                }
        }
        screen.handleEvent(key(sf::Keyboard::Return));
        CHECK(nav.nexts == (passed ? 0 : -1));
        CHECK(nav.starts == (passed ? -1 : 0));
    }
    CHECK(failedSeen >= 3);
}

TEST_CASE("the help overlay lists the screen's keys", "[render][help]") {
    Fixture f;
    const CatalogEntry entry = fixtureEntry();
    PracticeScreen screen(f.theme, f.nav, 0, entry, 1, false);
    screen.layout({kW, kH});
    screen.draw(f.target);
    drawHelpOverlay(f.target, f.theme, screen.name(), screen.keys());
    f.target.display();
    const sf::Image img = f.target.getTexture().copyToImage();
    // Key names are drawn in the accent colour on the overlay panel, one row per key.
    CHECK(countNear(img, colours::kAccent, 30, {300, 200, 300, 600}) > 500);
    CHECK(screen.keys().size() >= 10);
}

TEST_CASE("stipple --screenshot renders each screen to a PNG without a window", "[render][cli]") {
    const auto dir = std::filesystem::temp_directory_path();
    for (const char* which : {"select", "practice", "results"}) {
        const std::string out = (dir / (std::string("stipple-shot-") + which + ".png")).string();
        std::filesystem::remove(out);
        const std::string cmd = std::string(STIPPLE_BINARY) + " --screenshot " + out + " --level " +
                                kFixture + " --screen " + which + " --size 1024x768";
        INFO(cmd);
        REQUIRE(std::system(cmd.c_str()) == 0);
        sf::Image img;
        REQUIRE(img.loadFromFile(out));
        CHECK(img.getSize() == sf::Vector2u(1024, 768));
        CHECK(contrast(img) > 15.0);
        std::filesystem::remove(out);
    }
    // Bad usage is exit code 2 with a message; a missing level file is 1.
    CHECK(WEXITSTATUS(std::system((std::string(STIPPLE_BINARY) + " --screen nowhere 2>/dev/null").c_str())) ==
          2);
    CHECK(WEXITSTATUS(
              std::system((std::string(STIPPLE_BINARY) + " --screenshot /tmp/x.png --level /nonexistent.xml "
                                                         "--screen practice 2>/dev/null")
                              .c_str())) == 1);
}

TEST_CASE("results: Save dots CSV writes into the data folder's attempts and says where",
          "[render][results]") {
    Fixture f;
    Scratch data;
    struct DataNavigator : RecordingNavigator {
        std::string folder;
        std::string dataFolder() const override { return folder; }
    } nav;
    nav.folder = data.dir().string();
    const CatalogEntry entry = fixtureEntry();
    std::vector<Dot> dots;
    for (const ExampleDot& e : exampleAttempt(*entry.level, AttemptStyle::Good, 3)) {
        Dot d;
        d.pos = e.pos;
        dots.push_back(d);
    }
    ResultsScreen screen(f.theme, nav, 0, entry.level, dots, DotsCsvColumns{});
    screen.layout({kW, kH});
    screen.handleEvent(key(sf::Keyboard::S, true));
    std::vector<std::filesystem::path> saved;
    for (const auto& file : std::filesystem::directory_iterator(data.dir() / "attempts"))
        saved.push_back(file.path());
    REQUIRE(saved.size() == 1);
    DotsCsv back;
    Diagnostics diags;
    REQUIRE(readDotsCsv(saved.front().string(), back, diags));
    CHECK(back.dots.size() == dots.size());
    // The screen names the file it wrote.
    LayoutLog log;
    f.theme.setLayoutLog(&log);
    f.render(screen);
    f.theme.setLayoutLog(nullptr);
    bool named = false;
    for (const LayoutLog::Text& t : log.texts)
        named = named || t.text.find(saved.front().filename().string()) != std::string::npos;
    CHECK(named);
}
