// The replay screen and `stipple replay` under Xvfb: a recording made by the real `stipple record
// demo` is played back — no dot on the canvas at tick 0, every recorded dot inked at the end, the
// replayed dots exactly the regrade's (and the recorded digest) however the replay got there
// (played at speed, scrubbed back and forth) — plus the keys and the timeline, the screenshot
// option, and the refusal of a recording whose level changed. Needs a display (label `display`).
#include "app/practice_recording.h"
#include "app/replay_screen.h"
#include "level/level_reader.h"
#include "pattern/example_attempts.h"
#include "record/recording_reader.h"
#include "record/regrade.h"
#include "record/replay.h"
#include "render/theme.h"
#include "scoring/scorer_version.h"
#include "support/image_checks.h"
#include "support/process.h"
#include "support/recording_copy.h"

#include <SFML/Graphics.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace stipple;
using namespace stipple::app;
using namespace stipple::render; // the drawing the screens share with the commands
using namespace stipple::test;

namespace {

constexpr unsigned kW = 1280, kH = 960;
const std::string kLevel = "tests/fixtures/recordings/even-patch.xml"; // relative: the recording names it so

struct QuietNavigator : Navigator {
    int quits = 0;
    void showLevelSelect() override {}
    void startLevel(size_t) override {}
    void startNextLevel(size_t) override {}
    void showScreen(std::unique_ptr<Screen>) override {}
    void quit() override { ++quits; }
};

/// A demo attempt recorded by the real binary (run from the source tree, so the level's path is
/// relative as a station's would be), and everything needed to draw it.
struct Fixture {
    Scratch scratch;
    std::string recording = scratch.path("demo.stiprec").string();
    Theme theme;
    QuietNavigator nav;
    sf::RenderTexture target;
    Fixture() {
        const Run made = runStipple("record demo --level " + kLevel + " --out " + quote(recording) +
                                    " --strikes 120 --seed 3");
        INFO(made.err);
        REQUIRE(made.exitCode == 0);
        std::string error;
        REQUIRE(theme.load(std::string(STIPPLE_SOURCE_DIR) + "/assets/fonts", error));
        theme.setWindowSize({kW, kH});
        REQUIRE(target.create(kW, kH));
    }
    std::unique_ptr<ReplayScreen> screen(int64_t startTick, bool play = false) {
        std::string error;
        auto source = loadReplaySource(recording, 0, STIPPLE_SOURCE_DIR, error);
        INFO(error);
        REQUIRE(source);
        auto s = std::make_unique<ReplayScreen>(theme, nav, std::move(*source), 1.0, startTick, play);
        s->layout({kW, kH});
        return s;
    }
    sf::Image render(Screen& s) {
        s.draw(target);
        target.display();
        return target.getTexture().copyToImage();
    }
};

sf::Event key(sf::Keyboard::Key code, bool shift = false) {
    sf::Event e;
    e.type = sf::Event::KeyPressed;
    e.key = {code, false, false, shift, false};
    return e;
}

sf::Event mouse(sf::Event::EventType type, float x, float y) {
    sf::Event e;
    e.type = type;
    if (type == sf::Event::MouseMoved)
        e.mouseMove = {int(x), int(y)};
    else
        e.mouseButton = {sf::Mouse::Left, int(x), int(y)};
    return e;
}

} // namespace

TEST_CASE("replay: no dot at tick 0, every recorded dot inked at the end", "[replay][render]") {
    Fixture f;
    auto start = f.screen(0);
    REQUIRE(start->cursor().tick() == 0);
    CHECK(start->cursor().session().dots().empty());
    const sf::Image before = f.render(*start);

    auto end = f.screen(-1);
    REQUIRE(end->cursor().atEnd());
    const auto dots = end->cursor().session().dots();
    REQUIRE(dots.size() == 120);
    const sf::Image after = f.render(*end);

    // At each dot's centre the skin is plain at tick 0 and darkened by pigment at the end.
    int plainBefore = 0, inkedAfter = 0, both = 0;
    for (const Dot& d : dots) {
        const sf::Vector2f p = end->view().toScreen(d.pos);
        const unsigned x = static_cast<unsigned>(std::lround(p.x)),
                       y = static_cast<unsigned>(std::lround(p.y));
        REQUIRE(x < kW);
        REQUIRE(y < kH);
        const double skin = luminance(before.getPixel(x, y)), ink = luminance(after.getPixel(x, y));
        plainBefore += skin > 150 ? 1 : 0; // the fixture's light skin tone, no pigment
        inkedAfter += ink < skin - 40 ? 1 : 0;
        both += skin > 150 && ink < skin - 40 ? 1 : 0;
    }
    // A few sit under an outline or the handpiece cursor, or just off the skin.
    CHECK(plainBefore >= 110);
    CHECK(inkedAfter >= 110);
    CHECK(both >= 108);
    // Nothing but skin, outlines and the background at tick 0: no pigment-dark pixel on the canvas.
    const Level& level = end->cursor().session().level();
    const sf::Vector2f skinFrom = start->view().toScreen({0, 0});
    const sf::Vector2f skinTo = start->view().toScreen({level.canvas.widthMm, level.canvas.heightMm});
    int darkBefore = 0, darkAfter = 0;
    for (unsigned y = static_cast<unsigned>(skinFrom.y) + 2; y + 2 < static_cast<unsigned>(skinTo.y); y += 2)
        for (unsigned x = static_cast<unsigned>(skinFrom.x) + 2; x + 2 < static_cast<unsigned>(skinTo.x);
             x += 2) {
            darkBefore += luminance(before.getPixel(x, y)) < 80 ? 1 : 0;
            darkAfter += luminance(after.getPixel(x, y)) < 80 ? 1 : 0;
        }
    CHECK(darkBefore == 0);
    CHECK(darkAfter > 500);
}

TEST_CASE("replay: the cursor's dots are the regrade's however the replay got there", "[replay]") {
    Fixture f;
    RegradeOptions options;
    options.baseDir = STIPPLE_SOURCE_DIR;
    Regrader regrader(options);
    const RegradeReport report = regrader.regrade(f.recording);
    INFO((report.problems.empty() ? std::string() : report.problems.front()));
    REQUIRE(report.reproduced());
    REQUIRE(report.attempts.size() == 1);
    const AttemptEnd& regraded = report.attempts[0].regradedEnd;

    // Played from tick 0 at 16x in 1/60 s frames, as the window does.
    auto s = f.screen(0, /*play=*/true);
    for (int i = 0; i < 8; ++i)
        s->handleEvent(key(sf::Keyboard::Add));
    CHECK(s->speed() == 16.0);
    int frames = 0;
    while (s->playing() && frames < 100000) {
        s->update(1.0 / 60.0);
        ++frames;
    }
    REQUIRE(s->cursor().atEnd());
    CHECK(s->cursor().refused() == 0);
    CHECK(static_cast<int64_t>(s->cursor().session().dots().size()) == regraded.dotCount);
    CHECK(dotsDigest(s->cursor().session().dots()) == regraded.dotsSha256);
    CHECK(dotsDigest(s->cursor().session().dots()) == report.attempts[0].recordedEnd->dotsSha256);
    // At 16x the attempt (about 36 s) plays in about 2.3 s of frames, not in one jump.
    CHECK(frames > 100);

    // Scrubbed back to the middle and forward again: a rebuilt session, the same dots.
    const int generation = s->cursor().generation();
    const int64_t end = s->cursor().endTick();
    s->seekTo(end / 2);
    CHECK(s->cursor().generation() != generation);
    CHECK(s->cursor().session().dots().size() < static_cast<size_t>(regraded.dotCount));
    f.render(*s); // the ink is redrawn for the rebuilt session
    s->handleEvent(key(sf::Keyboard::End));
    CHECK(s->cursor().atEnd());
    CHECK(dotsDigest(s->cursor().session().dots()) == regraded.dotsSha256);
    s->seekTo(0);
    CHECK(s->cursor().session().dots().empty());
    s->seekTo(end);
    CHECK(dotsDigest(s->cursor().session().dots()) == regraded.dotsSha256);
}

TEST_CASE("replay keys: play/pause, speed limits, steps, Home/End, the timeline", "[replay]") {
    Fixture f;
    auto s = f.screen(0);
    const int64_t end = s->cursor().endTick();
    REQUIRE(end > 2400);
    CHECK_FALSE(s->playing());
    s->handleEvent(key(sf::Keyboard::Space));
    CHECK(s->playing());
    s->update(0.25); // a quarter second at 1x: 60 ticks, twice
    s->update(0.25);
    CHECK(s->cursor().tick() == 120);
    s->handleEvent(key(sf::Keyboard::Space));
    CHECK_FALSE(s->playing());
    s->update(0.5);
    CHECK(s->cursor().tick() == 120);

    for (int i = 0; i < 10; ++i)
        s->handleEvent(key(sf::Keyboard::Hyphen));
    CHECK(s->speed() == 0.25);
    for (int i = 0; i < 10; ++i)
        s->handleEvent(key(sf::Keyboard::Equal));
    CHECK(s->speed() == 16.0);

    s->handleEvent(key(sf::Keyboard::Right));
    CHECK(s->cursor().tick() == 360);
    s->handleEvent(key(sf::Keyboard::Right, /*shift=*/true));
    CHECK(s->cursor().tick() == 2760);
    s->handleEvent(key(sf::Keyboard::Left));
    CHECK(s->cursor().tick() == 2520);
    s->handleEvent(key(sf::Keyboard::End));
    CHECK(s->cursor().tick() == end);
    s->handleEvent(key(sf::Keyboard::Right));
    CHECK(s->cursor().tick() == end); // clamped
    s->handleEvent(key(sf::Keyboard::Home));
    CHECK(s->cursor().tick() == 0);
    s->handleEvent(key(sf::Keyboard::Period));
    CHECK(s->cursor().tick() == s->cursor().session().tick());
    CHECK(s->cursor().commandsApplied() >= 1);

    // Click the middle of the timeline, drag to three quarters, release: the replay follows.
    const sf::FloatRect bar = s->timelineRect();
    const float y = bar.top + bar.height / 2;
    s->handleEvent(mouse(sf::Event::MouseButtonPressed, bar.left + bar.width / 2, y));
    CHECK(std::abs(s->cursor().tick() - end / 2) <= end / 200 + 1);
    s->handleEvent(mouse(sf::Event::MouseMoved, bar.left + bar.width * 0.75f, y));
    CHECK(std::abs(s->cursor().tick() - end * 3 / 4) <= end / 200 + 1);
    s->handleEvent(mouse(sf::Event::MouseButtonReleased, bar.left + bar.width * 0.75f, y));
    s->handleEvent(mouse(sf::Event::MouseMoved, bar.left + bar.width * 0.1f, y));
    CHECK(std::abs(s->cursor().tick() - end * 3 / 4) <= end / 200 + 1); // no longer scrubbing

    // A costly jump (here: anything over 100 ticks) is held while dragging and made on release.
    s->setLiveScrubLimit(100);
    const int64_t before = s->cursor().tick();
    s->handleEvent(mouse(sf::Event::MouseButtonPressed, bar.left + bar.width * 0.25f, y));
    CHECK(s->cursor().tick() == before);
    CHECK(std::abs(s->shownTick() - end / 4) <= end / 200 + 1);
    s->handleEvent(mouse(sf::Event::MouseMoved, bar.left + bar.width * 0.5f, y));
    CHECK(s->cursor().tick() == before);
    f.render(*s); // draws the held target
    s->handleEvent(mouse(sf::Event::MouseButtonReleased, bar.left + bar.width * 0.5f, y));
    CHECK(std::abs(s->cursor().tick() - end / 2) <= end / 200 + 1);
    CHECK(s->shownTick() == s->cursor().tick());

    // The canvas pans by keyboard too (Up/Down, Ctrl+Left/Right), without moving the replay.
    const int64_t here = s->cursor().tick();
    const Vec2 centre = s->view().centreMm();
    sf::Event ctrlLeft = key(sf::Keyboard::Left);
    ctrlLeft.key.control = true;
    s->handleEvent(ctrlLeft);
    CHECK(s->view().centreMm().x < centre.x);
    s->handleEvent(key(sf::Keyboard::Up));
    CHECK(s->view().centreMm().y < centre.y);
    CHECK(s->cursor().tick() == here);

    // At the end, Space plays again from the start; Esc closes.
    s->handleEvent(key(sf::Keyboard::End));
    s->handleEvent(key(sf::Keyboard::Space));
    CHECK(s->playing());
    CHECK(s->cursor().tick() == 0);
    s->handleEvent(key(sf::Keyboard::Escape));
    CHECK(f.nav.quits == 1);
    CHECK_FALSE(s->keys().empty());
}

TEST_CASE("stipple replay --screenshot renders a moment, a changed level is refused", "[replay][cli]") {
    Fixture f;
    const auto png = f.scratch.path("end.png"), start = f.scratch.path("start.png");
    const Run shot =
        runStipple("replay " + quote(f.recording) + " --screenshot " + quote(png) + " --size 1000x700");
    INFO(shot.err);
    REQUIRE(shot.exitCode == 0);
    sf::Image image;
    REQUIRE(image.loadFromFile(png.string()));
    CHECK(image.getSize() == sf::Vector2u(1000, 700));
    REQUIRE(
        runStipple("replay " + quote(f.recording) + " --screenshot " + quote(start) + " --at 0").exitCode ==
        0);
    CHECK(readText(png) != readText(start));

    CHECK(runStipple("replay " + quote(f.recording) + " --at 5").exitCode == 2);
    CHECK(runStipple("replay " + quote(f.recording) + " --speed 32 --screenshot " + quote(png)).exitCode ==
          2);
    const Run noAttempt =
        runStipple("replay " + quote(f.recording) + " --attempt 2 --screenshot " + quote(png));
    CHECK(noAttempt.exitCode == 1);
    CHECK(noAttempt.err.find("the recording has 1 attempt") != std::string::npos);

    // The same attempt recorded on a copy of the level, which is then edited.
    const auto level = f.scratch.write("patch.xml", readText(std::string(STIPPLE_SOURCE_DIR) + "/" + kLevel));
    const auto rec = f.scratch.path("edited.stiprec");
    REQUIRE(runStipple("record demo --level " + quote(level) + " --out " + quote(rec) + " --strikes 10")
                .exitCode == 0);
    REQUIRE(runStipple("replay " + quote(rec) + " --screenshot " + quote(png)).exitCode == 0);
    std::string text = readText(level);
    text.replace(text.find("An even patch"), 13, "An edited one");
    f.scratch.write("patch.xml", text);
    const Run refused = runStipple("replay " + quote(rec) + " --screenshot " + quote(png));
    CHECK(refused.exitCode == 1);
    INFO(refused.err);
    CHECK(refused.err.find("cannot replay") != std::string::npos);
    CHECK(refused.err.find("level " + level.string() + " has changed since the recording") !=
          std::string::npos);
}

TEST_CASE("replay: earlier sessions are drawn healed once the next session begins, as the trainee saw them",
          "[replay][render][healing]") {
    Fixture f;
    // A two-session attempt on the three-session crown, recorded as the trainer records one.
    const std::string levelPath = std::string(STIPPLE_SOURCE_DIR) + "/levels/04-crown-layers.xml";
    Diagnostics diags;
    const auto level = loadLevelFile(levelPath, diags);
    REQUIRE(level);
    PracticeSession session(*level, 11);
    std::string error;
    auto recording =
        PracticeRecording::start(f.scratch.path("practice").string(), levelPath, session, "ana", error);
    INFO(error);
    REQUIRE(recording);
    const auto spots = exampleAttempt(*level, AttemptStyle::Good, 5);
    REQUIRE(spots.size() > 40);
    auto strike = [&](Vec2 p) {
        const int64_t t = session.tick();
        REQUIRE(session.moveHand(t, p));
        REQUIRE(session.needleDown(t + 120));
        REQUIRE(session.needleUp(t + 120 + 90)); // 0.375 s: inside the depth band, nothing lost
    };
    for (size_t i = 0; i < 20; ++i)
        strike(spots[i].pos);
    REQUIRE(session.advanceTo(session.tick() + 10));
    const int64_t beforeHeal = session.tick();
    REQUIRE(session.nextSession(session.tick()));
    for (size_t i = 20; i < 40; ++i)
        strike(spots[i].pos);
    REQUIRE(session.finish(session.tick() + 1));
    REQUIRE(recording->finish(scoreSessionAttempt(session), attemptInfoFor(session).elapsedSeconds));
    const std::string path = recording->path();
    recording.reset();

    auto at = [&](int64_t tick) {
        auto source = loadReplaySource(path, 0, "", error);
        INFO(error);
        REQUIRE(source);
        auto s = std::make_unique<ReplayScreen>(f.theme, f.nav, std::move(*source), 1.0, tick, false);
        s->layout({kW, kH});
        return s;
    };
    auto during = at(beforeHeal - 1); // the heal command acts at beforeHeal
    auto end = at(-1);
    REQUIRE(during->cursor().session().currentSession() == 0);
    REQUIRE(end->cursor().session().currentSession() == 1);
    const sf::Image freshImg = f.render(*during);
    const sf::Image healedImg = f.render(*end);
    // The same session-1 dots, drawn while they were being placed and after the heal: lighter
    // (and smaller) at the end, exactly as the practice screen shows them in session 2.
    const double skin = luminance(toColour(level->canvas.skin.rgb));
    double fresh = 0, healed = 0;
    int n = 0;
    for (const Dot& d : end->cursor().session().dots()) {
        if (d.session != 0) continue;
        const sf::Vector2f p = end->view().toScreen(d.pos);
        REQUIRE(during->view().toScreen(d.pos) == p);
        fresh += skin - meanLuminance(freshImg, p, 1);
        healed += skin - meanLuminance(healedImg, p, 1);
        ++n;
    }
    REQUIRE(n == 20);
    INFO("darkness below the skin, fresh " << fresh / n << ", healed " << healed / n);
    CHECK(healed / n > 3.0);     // still visible
    CHECK(healed < fresh * 0.8); // but clearly lighter than as placed
}

TEST_CASE("replay says when a recording was scored under other scoring rules than this Stipple's",
          "[replay]") {
    Fixture f;
    std::string error;
    const auto now = loadReplaySource(f.recording, 0, STIPPLE_SOURCE_DIR, error);
    REQUIRE(now);
    CHECK(now->header.scorerVersion == kScorerVersion);
    for (const std::string& note : now->notes)
        CHECK(note.find("scor") == std::string::npos);

    // The same attempt as a recording made before scorer versions were recorded.
    Recording old = *readRecording(f.recording).recording;
    old.header.scorerVersion = 0;
    f.recording = f.scratch.path("old.stiprec").string();
    writeRecordingCopy(old, f.recording);
    const auto then = loadReplaySource(f.recording, 0, STIPPLE_SOURCE_DIR, error);
    INFO(error);
    REQUIRE(then);
    const std::string said =
        "A regrade's score can differ from the one recorded: the recording was made before "
        "scorer versions were recorded, and this Stipple scores with scorer " +
        std::to_string(kScorerVersion) + ": the scoring rules have changed since";
    bool found = false;
    for (const std::string& note : then->notes)
        found |= note.rfind(said, 0) == 0;
    CHECK(found);
}
