// The trainer's paper practice under Xvfb: "Score a photo" scans a photographed sheet (made by
// support/photo_sim), shows its dots, a click removes or adds one, Enter scores them on the
// results screen and the run goes to the practice history marked as a sheet (and counts in the
// progress series, without a "scanned-sheet" skill); a bad photo is a message on the screen; the
// level select's S writes the level's sheet into the data folder and O opens the photo chooser.
#include "app/level_catalog.h"
#include "app/level_select_screen.h"
#include "app/results_screen.h"
#include "app/scan_screen.h"
#include "io/files.h"
#include "progress/progress.h"
#include "render/theme.h"
#include "sheet/scan_score.h"
#include "sheet/sheet_files.h"
#include "support/photo_sim.h"
#include "support/process.h"

#include <SFML/Graphics.hpp>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <thread>

using namespace stipple;
using namespace stipple::app;
using namespace stipple::render; // the drawing the screens share with the commands
using stipple::test::Scratch;

namespace {

struct RecordingNavigator : Navigator {
    void showLevelSelect() override { ++selects; }
    void startLevel(size_t) override {}
    void startNextLevel(size_t) override {}
    void showScreen(std::unique_ptr<Screen> screen) override { shown = std::move(screen); }
    void quit() override {}
    void open(const std::string& name, size_t index) override {
        if (name == "scan") scanFor = static_cast<int>(index);
    }
    void practiceFinished(size_t, const PracticeRecord& run) override { finished = run, ++runs; }
    std::unique_ptr<Screen> shown;
    PracticeRecord finished;
    int runs = 0, selects = 0, scanFor = -1;
};

sf::Event key(sf::Keyboard::Key code) {
    sf::Event e;
    e.type = sf::Event::KeyPressed;
    e.key = {code, false, false, false, false};
    return e;
}

const std::string kLevel = std::string(STIPPLE_SOURCE_DIR) + "/levels/02-even-patch.xml";

} // namespace

TEST_CASE("score a photo: detected dots, click to fix, results kept as a sheet run", "[app][scan]") {
    const CatalogEntry entry = loadCatalogEntry(kLevel);
    REQUIRE(entry.level);
    std::string bytes, error;
    REQUIRE(readFile(kLevel, bytes, error));
    const auto layout = sheet::layoutSheet(*entry.level, sha256Hex(bytes), sheet::Paper::A4, false, error);
    REQUIRE(layout);
    const auto ink = test::randomInkDots(*entry.level, 80, 4, 0.35, 0.9, 0.0);
    test::PhotoSpec spec;
    spec.seed = 4;
    Scratch dir;
    const auto photo = dir.write("inbox/sheet.jpg", test::photographSheet(*entry.level, *layout, ink, spec));
    dir.write("inbox/notes.jpg", "not a picture");

    Theme theme;
    REQUIRE(theme.load(std::string(STIPPLE_SOURCE_DIR) + "/assets/fonts", error));
    RecordingNavigator nav;
    ScanScreen screen(theme, nav, 0, entry.level, kLevel, {(dir.dir() / "inbox").string()});
    screen.layout({1280, 800});
    sf::RenderTexture target;
    REQUIRE(target.create(1280, 800));
    screen.draw(target); // the chooser

    CHECK_FALSE(screen.open((dir.dir() / "inbox/notes.jpg").string()));
    CHECK(screen.message().find("not a picture") != std::string::npos);
    screen.draw(target);

    REQUIRE(screen.open(photo.string()));
    screen.draw(target);
    const size_t found = screen.dots().size();
    CHECK(found >= ink.size() * 98 / 100);
    CHECK(found <= ink.size() + 1);
    // A click on a dot removes it; a click on empty canvas adds one of the usual size.
    const Vec2 first = screen.dots().front().pos;
    screen.toggleDot(first);
    CHECK(screen.dots().size() == found - 1);
    screen.toggleDot({1.0, 1.0});
    REQUIRE(screen.dots().size() == found);
    CHECK(screen.dots().back().pos.x == Approx(1.0));
    CHECK(screen.dots().back().diameterMm > 0.3f);

    screen.handleEvent(key(sf::Keyboard::Enter));
    REQUIRE(nav.shown);
    auto* results = dynamic_cast<ResultsScreen*>(nav.shown.get());
    REQUIRE(results);
    // The ordinary results, of exactly these dots with depth and healing not measured.
    const LevelContext context(*entry.level);
    const auto expected = sheet::scoreScannedDots(context, screen.dots()).card;
    CHECK(results->result().card.overall == Approx(expected.overall));
    CHECK(results->result().card.find("depth") == nullptr);
    CHECK_FALSE(results->result().card.notMeasured.empty());
    results->layout({1280, 800});
    results->draw(target);
    // Kept in the practice history, marked as a sheet.
    REQUIRE(nav.runs == 1);
    CHECK(nav.finished.levelId == entry.level->id);
    CHECK(nav.finished.score == Approx(expected.overall));
    CHECK(sheet::isSheetRun(nav.finished));
    // It counts in progress like any run, and the mark is not a skill.
    const TraineeProgress progress = summarizeProgress({nav.finished}, {}, 5);
    REQUIRE(progress.levels.size() == 1);
    CHECK(progress.levels[0].points.size() == 1);
    for (const auto& s : progress.metrics)
        CHECK(s.id != sheet::kSheetRunMetric);
}

TEST_CASE("photos to score are listed newest first, JPEG and PNG only", "[app][scan]") {
    Scratch dir;
    const auto older = dir.write("a/older.jpg", "x");
    const auto newer = dir.write("b/newer.PNG", "x");
    dir.write("a/notes.txt", "x");
    std::filesystem::last_write_time(older,
                                     std::filesystem::file_time_type::clock::now() - std::chrono::hours(2));
    const auto photos = sheet::listPhotos(
        {(dir.dir() / "a").string(), (dir.dir() / "b").string(), (dir.dir() / "missing").string()});
    REQUIRE(photos.size() == 2);
    CHECK(photos[0].path == newer.string());
    CHECK(photos[1].path == older.string());
    const auto folders = sheet::photoFolders("/data");
    REQUIRE(!folders.empty());
    CHECK(folders[0] == "/data/inbox");
}

TEST_CASE("the level select writes the level's sheet (S) and opens Score a photo (O)", "[app][scan]") {
    Scratch dir;
    setenv("XDG_DATA_HOME", dir.dir().c_str(), 1);
    std::string error;
    Theme theme;
    REQUIRE(theme.load(std::string(STIPPLE_SOURCE_DIR) + "/assets/fonts", error));
    const std::vector<CatalogEntry> catalog = {loadCatalogEntry(kLevel)};
    RecordingNavigator nav;
    LevelSelectScreen select(theme, nav, catalog, "");
    select.layout({1280, 800});
    select.handleEvent(key(sf::Keyboard::S));
    const auto pdf = dir.dir() / "stipple" / "sheets" / "02-even-patch.pdf";
    CHECK(stipple::test::readText(pdf).rfind("%PDF", 0) == 0);
    sf::RenderTexture target;
    REQUIRE(target.create(1280, 800));
    select.draw(target);
    select.handleEvent(key(sf::Keyboard::O));
    CHECK(nav.scanFor == 0);
}
