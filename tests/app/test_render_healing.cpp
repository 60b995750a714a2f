// Render tests of healing and layering in the trainer (issue 5), under Xvfb: the practice screen
// of the shipped three-session crown level in session 2 draws session 1's dots healed (smaller and
// lighter than the fresh dots of session 2), the T toggle shows every dot healed, the heal after N
// animates in a few redraws, is skippable and ends by itself, and the results screen scores the
// healed result and shows each session's contribution in its own colour with the per-session
// breakdown. Needs a display (label `display`).
#include "app/app.h"
#include "app/level_catalog.h"
#include "app/practice_screen.h"
#include "app/results_screen.h"
#include "level/vocabulary.h"
#include "render/healed_ink.h"
#include "render/theme.h"
#include "scoring/dots_csv.h"
#include "scoring/layering.h"
#include "support/image_checks.h"
#include "support/process.h"

#include <SFML/Graphics.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace stipple;
using namespace stipple::app;
using namespace stipple::render; // the drawing the screens share with the commands
using namespace stipple::test;

namespace {

const std::string kSource = STIPPLE_SOURCE_DIR;
const std::string kLevel = kSource + "/levels/04-crown-layers.xml";
const std::string kLayered = kSource + "/levels/examples/04-crown-layers.layered.csv";
constexpr unsigned kW = 1280, kH = 960;

struct Navigator0 : Navigator {
    std::unique_ptr<Screen> shown;
    void showLevelSelect() override {}
    void startLevel(size_t) override {}
    void startNextLevel(size_t) override {}
    void showScreen(std::unique_ptr<Screen> s) override { shown = std::move(s); }
    void quit() override {}
};

struct Fixture {
    Theme theme;
    Navigator0 nav;
    sf::RenderTexture target;
    CatalogEntry entry = loadCatalogEntry(kLevel);
    Fixture() {
        std::string error;
        REQUIRE(theme.load(kSource + "/assets/fonts", error));
        theme.setWindowSize({kW, kH});
        REQUIRE(target.create(kW, kH));
        INFO(entry.error);
        REQUIRE(entry.level);
    }
    sf::Image render(Screen& screen) {
        screen.draw(target);
        target.display();
        return target.getTexture().copyToImage();
    }
};

/// How much darker than the skin the 3 × 3 pixels around each dot are, on average.
double meanDarkness(const sf::Image& img, const PracticeScreen& screen, int session) {
    const double skin = luminance(toColour(screen.session().level().canvas.skin.rgb));
    double sum = 0;
    int n = 0;
    for (const Dot& d : screen.session().dots()) {
        if (d.session != session) continue;
        const sf::Vector2f p = screen.view().toScreen(d.pos);
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                sum += skin - luminance(img.getPixel(static_cast<unsigned>(std::lround(p.x)) + dx,
                                                     static_cast<unsigned>(std::lround(p.y)) + dy));
                ++n;
            }
    }
    REQUIRE(n > 0);
    return sum / n;
}

/// The example attempt's dots of sessions below `sessions`, as a dots file in `dir`.
std::string firstSessions(const test::Scratch& dir, int sessions) {
    std::ifstream in(kLayered);
    std::string line, out;
    std::getline(in, line);
    out = line + "\n";
    while (std::getline(in, line)) {
        std::stringstream row(line);
        std::string field;
        for (int i = 0; i < 5; ++i)
            std::getline(row, field, ','); // x, y, diameter, depth, session
        if (std::stoi(field) < sessions) out += line + "\n";
    }
    return dir.write("first.csv", out).string();
}

sf::Event key(sf::Keyboard::Key code) {
    sf::Event e;
    e.type = sf::Event::KeyPressed;
    e.key = {code, false, false, false, false};
    return e;
}

} // namespace

TEST_CASE("session 2 is placed over session 1 as it has healed, and T shows every dot healed",
          "[render][healing]") {
    Fixture f;
    test::Scratch scratch;
    PracticeScreen screen(f.theme, f.nav, 0, f.entry, 1, /*intro=*/false);
    screen.layout({kW, kH});
    std::string error;
    REQUIRE(screen.loadDots(firstSessions(scratch, 2), error));
    REQUIRE(screen.session().currentSession() == 1);
    const sf::Image placing = f.render(screen);

    // Session 1's dots are drawn as the healing model has them 14 days on (smaller, lighter);
    // session 2's as placed.
    const HealingModel& model = screen.healing().model();
    const auto dots = screen.session().dots();
    int earlier = 0;
    for (size_t i = 0; i < dots.size(); ++i) {
        const InkDot fresh =
            screen.healing().ink(i, dots[i], InkDot{dots[i].pos, dots[i].diameterMm, sf::Color::Black, 0});
        if (dots[i].session == 0) {
            const InkDot healed = healedInk(model.at(dots[i], 14.0));
            CHECK(fresh.diameterMm == Approx(healed.diameterMm));
            CHECK(fresh.diameterMm < dots[i].diameterMm * 0.7);
            ++earlier;
        } else {
            CHECK(fresh.colour == sf::Color::Black); // as placed: the screen's own fresh ink
        }
    }
    CHECK(earlier == 205);
    // The timeline above the canvas: session 2's node in the accent colour, session 1's done (pass green).
    auto count = [](const sf::Image& img, sf::Color c) {
        int n = 0;
        for (unsigned y = 64; y < 120; ++y)
            for (unsigned x = 0; x < 880; ++x)
                n += img.getPixel(x, y) == c;
        return n;
    };
    CHECK(count(placing, colours::kAccent) > 20);
    CHECK(count(placing, colours::kPass) > 20);
    const double healed1 = meanDarkness(placing, screen, 0), fresh2 = meanDarkness(placing, screen, 1);
    INFO("session 1 healed " << healed1 << ", session 2 fresh " << fresh2);
    CHECK(healed1 > 5);             // still visible
    CHECK(healed1 < fresh2 * 0.75); // but lighter than fresh work

    // T: the whole canvas as it will heal, drawn once (one full redraw), not per frame.
    const unsigned redraws = screen.renderer().redrawCount();
    screen.handleEvent(key(sf::Keyboard::T));
    CHECK(screen.healing().showHealed());
    const sf::Image healedView = f.render(screen);
    CHECK(count(healedView, colours::kWarm) > 20); // the "Healed" node and "showing: every dot healed"
    CHECK(count(healedView, colours::kAccent) == 0);
    f.render(screen);
    CHECK(screen.renderer().redrawCount() == redraws + 1);
    CHECK(meanDarkness(healedView, screen, 1) < fresh2 * 0.75);
    screen.handleEvent(key(sf::Keyboard::T));
    CHECK_FALSE(screen.healing().showHealed());
    CHECK(meanDarkness(f.render(screen), screen, 1) == Approx(fresh2).margin(1.0));
    bool listed = false;
    for (const KeyHelp& k : screen.keys())
        listed = listed || k.keys == "T";
    CHECK(listed);
}

TEST_CASE("N heals the layer through the session's command, with a short skippable animation",
          "[render][healing]") {
    Fixture f;
    test::Scratch scratch;
    PracticeScreen screen(f.theme, f.nav, 0, f.entry, 1, /*intro=*/false);
    screen.layout({kW, kH});
    std::string error;
    REQUIRE(screen.loadDots(firstSessions(scratch, 1), error));
    REQUIRE(screen.session().currentSession() == 0);
    const sf::Image before = f.render(screen);
    const double fresh = meanDarkness(before, screen, 0);

    screen.handleEvent(key(sf::Keyboard::N));
    screen.handleEvent(key(sf::Keyboard::Enter)); // confirm
    // The state changed through PracticeSession::nextSession: it is in the event log, followed by
    // the choice of the new session's planned pigment (selected at once, not left on the last one).
    CHECK(screen.session().currentSession() == 1);
    const auto& log = screen.session().eventLog();
    const bool healedThenShade = log.back().kind == CommandKind::NextSession ||
                                 (log.size() >= 2 && log[log.size() - 2].kind == CommandKind::NextSession &&
                                  log.back().kind == CommandKind::SelectShade);
    CHECK(healedThenShade);
    const SessionSpec& planned = f.entry.level->sessions[1];
    CHECK(std::string(knownShades()[static_cast<size_t>(screen.session().shadeIndex())]) == planned.shade);
    CHECK(screen.session().dilution() == Approx(planned.dilution));
    CHECK(screen.healing().animating());

    // 30 frames a second: the canvas is redrawn a dozen times over the animation, not 45.
    const unsigned redraws = screen.renderer().redrawCount();
    double middle = -1;
    for (int frame = 0; frame < 50; ++frame) {
        screen.update(1.0 / 30);
        if (frame == 15)
            middle = meanDarkness(f.render(screen), screen, 0);
        else
            screen.draw(f.target);
    }
    CHECK_FALSE(screen.healing().animating()); // ended by itself
    CHECK(screen.renderer().redrawCount() - redraws <= HealingView::kHealAnimationSteps + 2);
    const double healed = meanDarkness(f.render(screen), screen, 0);
    INFO("fresh " << fresh << ", half way " << middle << ", healed " << healed);
    CHECK(middle < fresh);
    CHECK(middle > healed);

    // Skipping: any key ends it at once (and is not taken as a command).
    PracticeScreen again(f.theme, f.nav, 0, f.entry, 1, false);
    again.layout({kW, kH});
    REQUIRE(again.loadDots(firstSessions(scratch, 1), error));
    again.handleEvent(key(sf::Keyboard::N));
    again.handleEvent(key(sf::Keyboard::Enter));
    REQUIRE(again.healing().animating());
    again.update(0.2);
    const bool outlines = again.layers().outlines;
    again.handleEvent(key(sf::Keyboard::O));
    CHECK_FALSE(again.healing().animating());
    CHECK(again.layers().outlines == outlines);
    CHECK(meanDarkness(f.render(again), again, 0) == Approx(healed).margin(1.0));
}

TEST_CASE("the results screen scores the healed result and shows each session in its own colour",
          "[render][healing]") {
    Fixture f;
    DotsCsv csv;
    Diagnostics diags;
    REQUIRE(readDotsCsv(kLayered, csv, diags));
    const std::vector<Dot> dots = csv.dots;
    ResultsScreen screen(f.theme, f.nav, 0, f.entry.level, std::move(csv.dots), csv.columns);
    screen.layout({kW, kH});
    REQUIRE(screen.breakdown() != nullptr);
    const LayeredScore& layered = screen.breakdown()->layered();
    REQUIRE(layered.sessions.size() == 3);
    CHECK(layered.sessions[0].placed == 205);
    CHECK(layered.sessions[1].placed == 137);
    CHECK(layered.sessions[2].placed == 114);
    // The same card as `stipple score`: scoreLayered on the file's dots.
    AttemptInfo info;
    info.sizeKnown = csv.columns.diameter;
    const LevelContext context(*f.entry.level);
    CHECK(screen.result().card.overall == Approx(scoreLayered(context, dots, info).card.overall));
    CHECK(screen.result().card.find("layering-stacking", "session-2") != nullptr);

    const sf::Image img = f.render(screen);
    // Each session's colour is on the screen: its dots in the sessions picture, its legend swatch
    // and its row in the table.
    for (int k = 0; k < 3; ++k) {
        const sf::Color c = sessionColour(k);
        int n = 0;
        for (unsigned y = 0; y < kH; ++y)
            for (unsigned x = kW / 2; x < kW; ++x) {
                const sf::Color p = img.getPixel(x, y);
                n += std::abs(p.r - c.r) + std::abs(p.g - c.g) + std::abs(p.b - c.b) < 40;
            }
        INFO("session " << k + 1);
        CHECK(n > 100);
    }

    // A file without a session column is one layer: no breakdown.
    DotsCsv flat;
    REQUIRE(readDotsCsv(kLayered, flat, diags));
    flat.columns.session = false;
    ResultsScreen plain(f.theme, f.nav, 0, f.entry.level, std::move(flat.dots), flat.columns);
    CHECK(plain.breakdown() == nullptr);
}

TEST_CASE("the healed option screenshots the practice screen as healed and needs the practice screen",
          "[render][healing][cli]") {
    Fixture f;
    test::Scratch scratch;
    const std::string dots = firstSessions(scratch, 2);
    // As placed, drawn here; as healed, through the option as `stipple --screenshot` renders it.
    PracticeScreen screen(f.theme, f.nav, 0, f.entry, 1, /*intro=*/false);
    screen.layout({kW, kH});
    std::string error;
    REQUIRE(screen.loadDots(dots, error));
    const sf::Image asPlaced = f.render(screen);
    Options o;
    REQUIRE(parseOptions({"--level", kLevel, "--screen", "practice", "--dots", dots, "--healed"}, o, error));
    CHECK(o.healed);
    o.dataDir = kSource;
    o.levelsDir = kSource + "/levels";
    o.screenshot = scratch.path("x.png").string();
    sf::Image asHealed;
    REQUIRE(renderScreen(o, asHealed, error));
    REQUIRE(asHealed.getSize() == asPlaced.getSize());
    // Healed, the fresh session-2 dots shrink and lighten: far fewer dark pigment pixels (the
    // outline's blue and the background have more blue than red; skin and ink do not).
    auto dark = [](const sf::Image& img) {
        int n = 0;
        for (unsigned y = 0; y < img.getSize().y; ++y)
            for (unsigned x = 0; x < 880; ++x) {
                const sf::Color p = img.getPixel(x, y);
                n += p.r >= p.b && luminance(p) < 140;
            }
        return n;
    };
    INFO("dark pixels as placed " << dark(asPlaced) << ", as healed " << dark(asHealed));
    CHECK(dark(asPlaced) > 2000);
    CHECK(dark(asHealed) < dark(asPlaced) / 2);
    Options bad;
    CHECK_FALSE(parseOptions({"--level", kLevel, "--screen", "results", "--healed"}, bad, error));
    CHECK(error == "--healed needs --screen practice");
}
