// Render tests of the progress and cohort screens under Xvfb, on a scratch results store the test
// fills (never the user's data folder): `--screen progress` and `--screen cohort` render as the
// App builds them, the level plot draws its lines where the scores are, the cohort view flags the
// miskeyed question in red; an unreadable store is shown as a message, not a crash; and the keys
// (←/→ metric, Esc back, P and C from the level select) do what the footer says.
#include "app/app.h"
#include "app/cohort_screen.h"
#include "app/level_catalog.h"
#include "app/level_select_screen.h"
#include "app/practice_screen.h"
#include "app/progress_screen.h"
#include "config/station_config.h"
#include "exam/signing.h"
#include "render/display.h"
#include "render/theme.h"
#include "store/sqlite_store.h"
#include "support/process.h"

#include <SFML/Graphics.hpp>
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <cstdlib>
#include <optional>

using namespace stipple;
using namespace stipple::app;
using namespace stipple::render; // the drawing the screens share with the commands
using stipple::test::Scratch;
using stipple::test::writeText;

namespace {

struct CountingNavigator : Navigator {
    int selects = 0, progress = 0, cohort = 0;
    void showLevelSelect() override { ++selects; }
    void startLevel(size_t) override {}
    void startNextLevel(size_t) override {}
    void showScreen(std::unique_ptr<Screen> screen) override { shown = std::move(screen); }
    void quit() override {}
    void open(const std::string& name, size_t) override {
        progress += name == "progress";
        cohort += name == "cohort";
    }
    std::unique_ptr<Screen> shown;
    PracticeRecord finished;
    void practiceFinished(size_t, const PracticeRecord& run) override { finished = run; }
};

sf::Event key(sf::Keyboard::Key code) {
    sf::Event e;
    e.type = sf::Event::KeyPressed;
    e.key = {code, false, false, false, false};
    return e;
}

/// A trainee improving on two levels, and six exam sittings whose question q5 is miskeyed; the
/// academy's public key goes to `userDir`/keys/ (where the trainer checks stored results).
void fill(const std::string& db, const std::filesystem::path& userDir = {}) {
    StoreError error;
    auto store = openSqliteStore(db, StoreMode::ReadWrite, error);
    REQUIRE(store);
    for (int i = 0; i < 8; ++i) {
        PracticeRecord p;
        p.candidateId = "T-1";
        p.levelId = i % 2 ? "even-patch" : "dot-drill";
        p.score = 30 + 8 * i;
        p.passed = p.score >= 70;
        p.finishedAt = "2026-03-0" + std::to_string(i + 1) + "T09:00:00Z";
        p.metrics = {{"nn-cv", "", 0.3, 20.0 + 2 * i, 1, false}, {"density", "", 30, 40.0 + 7 * i, 1, true}};
        REQUIRE(store->savePractice(p, error));
    }
    const KeyPair keys = generateKeyPair();
    if (!userDir.empty()) {
        std::filesystem::create_directories(userDir / "keys");
        writeText(userDir / "keys" / kPublicKeyFile, publicKeyText(keys.publicKey));
    }
    const std::vector<std::vector<double>> m = {{1, 1, 1, 1, 0}, {1, 1, 0, 1, 0}, {1, 1, 0, 0.5, 0},
                                                {0, 1, 0, 1, 1}, {0, 1, 0, 0, 1}, {0, 1, 0, 0.5, 1}};
    for (size_t s = 0; s < m.size(); ++s) {
        ExamResult r;
        r.examId = "foundation";
        r.examSha256 = std::string(64, 'e');
        r.candidateId = "C-" + std::to_string(s + 1);
        r.candidateName = "Candidate " + std::to_string(s + 1);
        r.startedAt = r.finishedAt = "2026-04-0" + std::to_string(s + 1) + "T10:00:00Z";
        r.issuedOn = "2026-04-0" + std::to_string(s + 1);
        ResultSection theory;
        theory.id = "theory";
        theory.kind = "quiz";
        for (size_t q = 0; q < m[s].size(); ++q) {
            ResultItem item;
            item.kind = ResultItem::Kind::Question;
            item.ref = "q" + std::to_string(q + 1);
            item.score = m[s][q];
            theory.items.push_back(item);
        }
        r.sections = {theory};
        r.resultId = makeResultId(r);
        const std::string text = signResult(r, keys.secretKey);
        REQUIRE(store->saveResult(resultRecordOf(verifySignedResult(text, keys.publicKey), text), error));
    }
}

sf::Image drawn(const std::vector<std::string>& args) {
    Options o;
    std::string error;
    REQUIRE(parseOptions(args, o, error));
    sf::Image image;
    INFO(error);
    REQUIRE(renderScreen(o, image, error));
    REQUIRE(image.getSize() == sf::Vector2u(1280, 960));
    return image;
}

/// Pixels in `r` within a small distance of `c`.
int count(const sf::Image& image, sf::IntRect r, sf::Color c) {
    int n = 0;
    for (int y = r.top; y < r.top + r.height; ++y)
        for (int x = r.left; x < r.left + r.width; ++x) {
            const sf::Color p = image.getPixel(static_cast<unsigned>(x), static_cast<unsigned>(y));
            if (std::abs(p.r - c.r) + std::abs(p.g - c.g) + std::abs(p.b - c.b) < 30) ++n;
        }
    return n;
}

} // namespace

TEST_CASE("progress screen: the trainee's lines, bests and next skills from the store",
          "[progress][render]") {
    std::string why;
    if (!haveDisplay(why)) FAIL(why);
    Scratch s;
    const std::string db = (s.dir() / "results.db").string();
    fill(db);
    const sf::Image image = drawn({"--screen", "progress", "--db", db, "--trainee", "T-1"});
    image.saveToFile((s.dir() / "progress.png").string());
    // The level plot (upper left panel) carries both series' colours: teal dot-drill, warm even-patch.
    const sf::IntRect levelPlot{70, 130, 680, 320};
    CHECK(count(image, levelPlot, colours::kAccent) > 100);
    CHECK(count(image, levelPlot, colours::kWarm) > 100); // even-patch, and the pass-mark line
    // The side panel's "Work on next" names the weakest metric in the warm colour.
    CHECK(count(image, {810, 330, 430, 200}, colours::kWarm) > 50);

    // A trainee with no runs: the empty plots and the message, no crash.
    const sf::Image empty = drawn({"--screen", "progress", "--db", db, "--trainee", "nobody"});
    CHECK(count(empty, levelPlot, colours::kAccent) == 0);
}

TEST_CASE("cohort screen: table, distribution and the flagged questions", "[cohort][render]") {
    std::string why;
    if (!haveDisplay(why)) FAIL(why);
    Scratch s;
    const std::string db = (s.dir() / "results.db").string();
    const std::string user = (s.dir() / "user").string();
    fill(db, user);
    const sf::Image image = drawn({"--screen", "cohort", "--db", db, "--user-data", user});
    image.saveToFile((s.dir() / "cohort.png").string());
    // Flagged questions are listed in red in the lower right panel (q1, q2, q3, q5).
    CHECK(count(image, {660, 560, 560, 300}, colours::kFail) > 200);
    // The metric histogram (lower left) has bars.
    CHECK(count(image, {80, 540, 540, 300}, colours::kAccent) +
              count(image, {80, 540, 540, 300}, colours::kFail) >
          500);
    const sf::IntRect warning{40, 70, 1200, 22}; // under the title: empty while every result is genuine
    CHECK(count(image, warning, colours::kFail) == 0);

    // Issue 16, hole 4: whoever owns the file drops the trigger and turns C-6's result around.
    // The row is left out of the table and the screen says so in red under the title.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw,
                         "DROP TRIGGER results_are_never_changed; UPDATE results SET score = 99, passed = 1 "
                         "WHERE candidate_id = 'C-6'",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    const sf::Image tampered = drawn({"--screen", "cohort", "--db", db, "--user-data", user});
    tampered.saveToFile((s.dir() / "cohort-tampered.png").string());
    CHECK(count(tampered, warning, colours::kFail) > 50);

    // A file that is not a results store: the reason on the screen, exit status fine.
    const auto garbage = s.write("garbage.db", std::string(5000, 'x'));
    const sf::Image bad = drawn({"--screen", "cohort", "--db", garbage.string()});
    CHECK(count(bad, {40, 90, 1200, 60}, colours::kFail) > 50); // "The results store cannot be read"
}

TEST_CASE("cohort screen: the academy key left where keys were kept before is used, with the commands' note",
          "[cohort][render]") {
    std::string why;
    if (!haveDisplay(why)) FAIL(why);
    Scratch s;
    const std::string db = (s.dir() / "results.db").string();
    // The station set up before keys followed the data folder: its key is in the XDG data
    // folder's keys/, while the settings now move the data folder elsewhere.
    const auto xdg = s.dir() / "xdg";
    fill(db, xdg / "stipple");
    const char* was = std::getenv("XDG_DATA_HOME");
    const std::optional<std::string> saved = was ? std::optional<std::string>(was) : std::nullopt;
    ::setenv("XDG_DATA_HOME", xdg.c_str(), 1);
    std::string note;
    const std::string found = keyFileIn((s.dir() / "user").string(), kPublicKeyFile, &note);
    const sf::Image image =
        drawn({"--screen", "cohort", "--db", db, "--user-data", (s.dir() / "user").string()});
    if (saved)
        ::setenv("XDG_DATA_HOME", saved->c_str(), 1);
    else
        ::unsetenv("XDG_DATA_HOME");
    image.saveToFile((s.dir() / "cohort-legacy-key.png").string());
    CHECK(found == (xdg / "stipple" / "keys" / kPublicKeyFile).string());
    CHECK(note.find("the key folder is now " + (s.dir() / "user" / "keys").string()) == 0);
    // Every result is checked with it (none left out in red), and the note is said in the warm
    // colour under the title, where the screen's warnings go.
    const sf::IntRect warning{40, 70, 1200, 22};
    CHECK(count(image, warning, colours::kFail) == 0);
    CHECK(count(image, warning, colours::kWarm) > 50);
    CHECK(count(image, {80, 540, 540, 300}, colours::kAccent) +
              count(image, {80, 540, 540, 300}, colours::kFail) >
          500); // the figures are there
}

TEST_CASE("progress and cohort screens: keys", "[progress][cohort]") {
    Theme theme; // not drawn: no fonts needed
    CountingNavigator nav;
    TraineeProgress p;
    p.metrics = {{"density", {}, 0, 0}, {"nn-cv", {}, 0, 0}, {"spacing", {}, 0, 0}};
    p.weakest = {{"nn-cv", 10, 3, "", ""}};
    ProgressScreen progress(theme, nav, "T-1", p);
    CHECK(progress.metricShown() == 1); // opens on the weakest skill
    progress.handleEvent(key(sf::Keyboard::Right));
    CHECK(progress.metricShown() == 2);
    progress.handleEvent(key(sf::Keyboard::Right));
    CHECK(progress.metricShown() == 0);
    progress.handleEvent(key(sf::Keyboard::Left));
    CHECK(progress.metricShown() == 2);
    progress.handleEvent(key(sf::Keyboard::Escape));
    CHECK(nav.selects == 1);
    CohortScreen cohort(theme, nav, {}, "x.db");
    cohort.handleEvent(key(sf::Keyboard::Escape));
    CHECK(nav.selects == 2);
    CHECK_FALSE(progress.keys().empty());
    CHECK_FALSE(cohort.keys().empty());

    std::string error;
    const std::vector<CatalogEntry> catalog;
    LevelSelectScreen select(theme, nav, catalog, "");
    select.handleEvent(key(sf::Keyboard::P));
    select.handleEvent(key(sf::Keyboard::C));
    CHECK(nav.progress == 1);
    CHECK(nav.cohort == 1);
    bool listed = false;
    for (const auto& k : select.keys())
        listed = listed || k.keys == "P";
    CHECK(listed);
}

TEST_CASE("a finished practice run carries its scorecard's metrics to the history", "[progress][render]") {
    std::string why;
    if (!haveDisplay(why)) FAIL(why);
    Theme theme;
    REQUIRE(theme.load(std::string(STIPPLE_SOURCE_DIR) + "/assets/fonts", why));
    CountingNavigator nav;
    CatalogEntry entry =
        loadCatalogEntry(std::string(STIPPLE_SOURCE_DIR) + "/tests/app/fixtures/hairline.xml");
    REQUIRE(entry.level);
    PracticeScreen screen(theme, nav, 0, entry, 1, false);
    screen.layout({1280, 960});
    const int64_t t = screen.session().tick();
    REQUIRE(screen.session().moveHand(t, {30, 25}));
    REQUIRE(screen.session().needleDown(t + 120));
    REQUIRE(screen.session().needleUp(t + 180));
    screen.handleEvent(key(sf::Keyboard::Return));
    screen.handleEvent(key(sf::Keyboard::Return)); // confirm
    REQUIRE(nav.shown);
    REQUIRE_FALSE(nav.finished.metrics.empty()); // what the progress screen plots per skill
    for (const auto& m : nav.finished.metrics) {
        CHECK_FALSE(m.id.empty());
        CHECK(m.score >= 0.0);
        CHECK(m.score <= 100.0);
    }
}
