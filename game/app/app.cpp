// The trainer application: owns the window (or an offscreen target for screenshots), the theme,
// the curriculum and the current screen; routes SFML events to the screen and the global keys
// (F1 help, F11 full screen, F12 screenshot, Ctrl+Q quit) to itself; swaps screens between frames.
#include "app/app.h"

#include "sitting/exam_flow.h" // defaultUserDir: the cohort checks results with its keys/
#include "app/exam_screens.h"
#include "app/editor_screen.h"
#include "app/help_overlay.h"
#include "app/image_file.h"
#include "app/level_catalog.h"
#include "app/level_select_screen.h"
#include "app/practice_screen.h"
#include "app/quiz_screen.h"
#include "app/progress_screen.h" // progress
#include "app/cohort_screen.h" // cohort
#include "app/replay_screen.h"
#include "app/results_screen.h"
#include "app/scan_screen.h"
#include "app/theme.h"
#include "exam/exam_result.h"
#include "io/files.h"
#include "io/numbers.h"
#include "io/utf8.h"
#include "record/level_versions.h"
#include "scoring/dots_csv.h"
#include "config/station_config.h"
#include "install/shipped_data.h"
#include "store/data_dir.h"
#include "store/sqlite_store.h"
#include "store/postgres_store.h" // progress, cohort: the store may be a PostgreSQL server

#include <SFML/Graphics.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace stipple::app {

namespace {

constexpr unsigned kMinWidth = 800, kMinHeight = 600;

class App final : public Navigator {
public:
    App(const Options& options, Theme& theme) : m_options(options), m_theme(theme) {}

    bool init(std::string& error) {
        if (m_options.screen == "replay") return (m_pending = makeReplayScreen(m_theme, *this, m_options, error)) && applyPending();
        m_catalog = loadCatalog(m_options.levelsDir, m_catalogError);
        if (m_options.screen == "editor") return (m_pending = makeEditorScreen(m_theme, *this, m_options.level, m_options.levelsDir)) && applyPending(); // editor
        loadBestScores();
        if (isExamScreenName(m_options.screen)) return (m_pending = makeExamScreen(m_theme, *this, m_options, m_options.screen, error)) && applyPending();
        if (isQuizScreenName(m_options.screen)) return (m_pending = makeQuizScreen(m_theme, *this, m_options, error)) && applyPending(); // quiz
        if (m_options.screen == "progress") return (m_pending = makeProgressScreen(m_theme, *this, m_catalog, storeWhere(), m_options.trainee)) && applyPending(); // progress
        if (m_options.screen == "cohort") return (m_pending = makeCohortScreen(m_theme, *this, storeWhere(), keyDir())) && applyPending(); // cohort
        if (!m_options.level.empty()) {
            // --level: select it when it is part of the curriculum, else add it to the list.
            std::error_code ec;
            const auto wanted = std::filesystem::weakly_canonical(m_options.level, ec);
            for (size_t i = 0; i < m_catalog.size(); ++i)
                if (std::filesystem::weakly_canonical(m_catalog[i].path, ec) == wanted) m_levelIndex = i;
            if (m_levelIndex == kNone) {
                m_catalog.push_back(loadCatalogEntry(m_options.level));
                m_levelIndex = m_catalog.size() - 1;
            }
            if (!m_catalog[m_levelIndex].level && m_options.screen != "select") {
                error = m_catalog[m_levelIndex].error;
                return false;
            }
        }
        if (m_options.screen == "select") {
            showLevelSelect();
        } else {
            if (m_levelIndex == kNone) {
                error = "--screen " + m_options.screen + " needs --level FILE";
                return false;
            }
            const CatalogEntry& entry = m_catalog[m_levelIndex];
            if (m_options.screen == "scan" || (m_options.screen == "results" && !m_options.photo.empty())) {
                // Score a photo: the chooser, or with --photo the photo's dots (scan) or their results.
                auto scan = std::make_unique<ScanScreen>(m_theme, *this, m_levelIndex, entry.level, entry.path,
                                                         sheet::photoFolders(stipple::defaultDataDir()));
                if (!m_options.photo.empty() && !scan->open(m_options.photo)) return error = scan->message(), false;
                if (m_options.screen == "results") {
                    DotsCsvColumns columns;
                    columns.diameter = true;
                    m_pending = std::make_unique<ResultsScreen>(m_theme, *this, m_levelIndex, entry.level, scan->dots(), columns,
                                                                ResultsScreen::Source::Photo);
                } else {
                    m_pending = std::move(scan);
                }
            } else if (m_options.screen == "results" && !m_options.dots.empty()) {
                // Score the file's dots as they are (positions, sizes and depths from the file).
                DotsCsv csv;
                Diagnostics diags;
                if (!readDotsCsv(m_options.dots, csv, diags)) {
                    error = diags.formatAll();
                    if (!error.empty() && error.back() == '\n') error.pop_back();
                    return false;
                }
                m_pending = std::make_unique<ResultsScreen>(m_theme, *this, m_levelIndex, entry.level,
                                                            std::move(csv.dots), csv.columns);
            } else {
                // Screenshots show the work itself, not the level's instructions card.
                const bool intro = m_options.screenshot.empty();
                auto practice = std::make_unique<PracticeScreen>(m_theme, *this, m_levelIndex, entry, 0, intro);
                if (!m_options.dots.empty() && !practice->loadDots(m_options.dots, error)) return false;
                if (m_options.healed) practice->showHealed(true);
                if (m_options.screen == "results") m_pending = practice->finishToResults();
                else m_pending = std::move(practice);
            }
        }
        applyPending();
        return true;
    }

    void showLevelSelect() override {
        m_pending = std::make_unique<LevelSelectScreen>(m_theme, *this, m_catalog, m_catalogError,
                                                        m_levelIndex == kNone ? 0 : m_levelIndex);
    }
    void startLevel(size_t index) override {
        if (index >= m_catalog.size() || !m_catalog[index].level) return;
        m_levelIndex = index;
        auto practice = std::make_unique<PracticeScreen>(m_theme, *this, index, m_catalog[index]);
        // Every practice attempt is recorded beside the practice history, for `stipple replay`.
        if (m_options.screenshot.empty() && !dataFolder().empty()) {
            const std::string dir = (std::filesystem::path(dataFolder()) / "practice").string();
            const std::string versions = levelVersionsDir(dataFolder());
            practice->recordWith([dir, versions, path = m_catalog[index].path, trainee = m_options.trainee](PracticeSession& s) {
                std::string error;
                auto recording = PracticeRecording::start(dir, path, s, trainee, error, versions);
                if (!recording) std::fprintf(stderr, "stipple: this attempt is not recorded: %s\n", error.c_str());
                return recording;
            });
        }
        m_pending = std::move(practice);
    }
    void startNextLevel(size_t index) override {
        for (size_t i = index + 1; i < m_catalog.size(); ++i) {
            if (m_catalog[i].level) {
                startLevel(i);
                return;
            }
        }
        m_levelIndex = index;
        showLevelSelect();
    }
    void showScreen(std::unique_ptr<Screen> screen) override { m_pending = std::move(screen); }
    void quit() override { m_quit = true; }
    void editLevel(size_t index) override { if (index < m_catalog.size()) m_levelIndex = index, m_pending = std::make_unique<EditorScreen>(m_theme, *this, m_catalog[index].path); } // editor
    void newLevel() override { m_pending = makeEditorScreen(m_theme, *this, "", m_options.levelsDir); } // editor
    void closeEditor(const std::string& path) override { if (const size_t i = refreshCatalogPath(m_catalog, path); i < m_catalog.size()) m_levelIndex = i; showLevelSelect(); } // editor
    void reloadLevel(size_t index, bool practising) override { m_levelIndex = index; if (reloadCatalogEntry(m_catalog, index) && practising) startLevel(index); else if (practising) showLevelSelect(); } // hot reload
    void showQuiz() override { m_pending = std::make_unique<QuizScreen>(m_theme, *this, m_options.levelsDir, m_options.screenshot.empty() ? defaultQuizHistoryPath() : ""); } // quiz
    void showProgress() override { m_pending = makeProgressScreen(m_theme, *this, m_catalog, storeWhere(), m_options.trainee); } // progress
    void showScanPhoto(size_t index) override { if (index < m_catalog.size() && m_catalog[index].level) m_levelIndex = index, m_pending = std::make_unique<ScanScreen>(m_theme, *this, index, m_catalog[index].level, m_catalog[index].path, sheet::photoFolders(stipple::defaultDataDir())); } // scan
    void showCohort() override { m_pending = makeCohortScreen(m_theme, *this, storeWhere(), keyDir()); } // cohort
    void showExamSignIn() override { std::string examError; m_pending = makeExamScreen(m_theme, *this, m_options, "exam-signin", examError); }

    void practiceFinished(size_t index, const PracticeRecord& finished) override {
        // Screenshots and attempts loaded from a dots file are not practice runs.
        if (!m_options.screenshot.empty() || !m_options.dots.empty() || !m_options.photo.empty() || index >= m_catalog.size()) return;
        PracticeRecord run = finished;
        run.finishedAt = nowUtcTimestamp();
        std::string bytes;
        if (std::string ignored; readFile(m_catalog[index].path, bytes, ignored)) run.levelSha256 = sha256Hex(bytes);
        StoreError error;
        if (!m_store) m_store = openResultsStore(storeWhere(), StoreMode::ReadWrite, error);
        // Kept under the trainee's canonical id: the same person typed differently is one person.
        if (!m_store || !savePracticeRun(*m_store, run, m_options.trainee, error)) {
            std::fprintf(stderr, "stipple: this run was not saved to your practice history: %s\n", error.message.c_str());
            return;
        }
        loadBestScores();
    }

    bool quitRequested() const { return m_quit; }
    Screen& screen() { return *m_screen; }

    void layout(sf::Vector2u size) {
        m_size = size;
        m_theme.setWindowSize(size);
        if (m_screen) m_screen->layout(size);
    }
    /// Swaps in the screen a handler asked for; returns true when the screen changed.
    bool applyPending() {
        if (!m_pending) return false;
        m_screen = std::move(m_pending);
        m_screen->layout(m_size);
        return true;
    }

    std::string dataFolder() const override { return m_options.examUserData.empty() ? defaultUserDir() : m_options.examUserData; }
    /// The database holding the trainee's practice history.
    std::string historyPath() const { return m_options.db.empty() || isPostgresUrl(m_options.db) ? defaultResultsDbPath() : m_options.db; } // cohort: a server --db keeps recordings in the data folder
    /// The results store: --db (a file or a postgresql:// URL), else $STIPPLE_STORE, else the data folder's file.
    /// Where the academy's public key is, to check stored results: the exam data folder's keys/.
    std::string keyDir() const {
        const std::string dir = m_options.examUserData.empty() ? defaultUserDir() : m_options.examUserData;
        return dir.empty() ? dir : dir + "/keys";
    } // cohort
    std::string storeWhere() const { return m_options.db.empty() ? defaultResultsStore() : m_options.db; } // progress, cohort

    /// Fills each catalog entry's best score from the practice history (none yet: "—").
    void loadBestScores() {
        StoreError error;
        std::unique_ptr<ResultsStore> readOnly;
        ResultsStore* store = m_store.get();
        if (!store) {
            if (storeWhere().empty()) return; // progress, cohort
            readOnly = openResultsStore(storeWhere(), StoreMode::ReadOnly, error);
            if (!readOnly) {
                if (error.kind != StoreError::Kind::Missing)
                    std::fprintf(stderr, "stipple: best scores are not shown: %s\n", error.message.c_str());
                return;
            }
            store = readOnly.get();
        }
        const std::string problem = applyBestScores(m_catalog, *store, m_options.trainee);
        if (!problem.empty()) std::fprintf(stderr, "stipple: best scores are not shown: %s\n", problem.c_str());
    }

    bool helpVisible() const { return m_help; }
    void toggleHelp() { m_help = !m_help; }
    void drawHelp(sf::RenderTarget& target) const {
        if (m_help) drawHelpOverlay(target, m_theme, m_screen->name(), m_screen->keys());
    }

private:
    static constexpr size_t kNone = static_cast<size_t>(-1);
    Options m_options;
    Theme& m_theme;
    std::vector<CatalogEntry> m_catalog;
    std::string m_catalogError;
    size_t m_levelIndex = kNone;
    std::unique_ptr<Screen> m_screen, m_pending;
    std::unique_ptr<ResultsStore> m_store; ///< opened on the first finished run
    sf::Vector2u m_size{1280, 960};
    bool m_quit = false;
    bool m_help = false;
};

bool parseSize(const std::string& s, unsigned& w, unsigned& h) {
    unsigned a = 0, b = 0;
    char x = 0, extra = 0;
    if (std::sscanf(s.c_str(), "%u%c%u%c", &a, &x, &b, &extra) != 3 || x != 'x') return false;
    if (a < 320 || b < 240 || a > 8192 || b > 8192) return false;
    w = a;
    h = b;
    return true;
}

std::string timestampName() {
    char buf[64];
    const std::time_t now = std::time(nullptr);
    std::strftime(buf, sizeof buf, "stipple-%Y%m%d-%H%M%S.png", std::localtime(&now));
    return buf;
}

} // namespace

std::string defaultDataDir() { return shippedDataDir(); }

float displayScale(sf::Vector2u desktop) {
    if (desktop.y <= 1440) return 1.f;
    return std::max(1.f, std::floor(float(desktop.y) / 1080.f * 2.f) / 2.f);
}

sf::Vector2u fitWindowToDesktop(sf::Vector2u wanted, sf::Vector2u desktop) {
    if (desktop.x == 0 || desktop.y == 0) return wanted; // no desktop size known
    const unsigned maxW = desktop.x > 16 + kMinWidth ? desktop.x - 16 : desktop.x;
    const unsigned maxH = desktop.y > 64 + kMinHeight ? desktop.y - 64 : desktop.y;
    const unsigned minW = std::min(kMinWidth, maxW), minH = std::min(kMinHeight, maxH);
    return {std::clamp(wanted.x, minW, maxW), std::clamp(wanted.y, minH, maxH)};
}

bool haveDisplay(std::string& error) {
    const char* display = std::getenv("DISPLAY");
    if (display && *display) return true;
    error = "no display to draw on (DISPLAY is not set): run it on a desktop, or headless under `xvfb-run -a`";
    return false;
}

const CommandDef& trainerDef() {
    static const CommandDef def = [] {
        CommandDef d;
        d.summary = "open the trainer";
        d.synopsis = "usage: stipple [options]             open the trainer";
        d.options = {
            {"--data", "DIR", "the shipped data: levels/ and assets/ (default: $STIPPLE_DATA, else the\n"
                              "settings file's data=, else ../share/stipple beside the program)"},
            {"--levels", "DIR", "the curriculum folder (default: <data>/levels)"},
            {"--level", "FILE", "open with this level selected (or shown, with --screen)"},
            {"--screen", "NAME", "the screen to start on: select, practice, results, replay (--replay),\n"
                                 "editor (on --level FILE, or a new level in the levels folder), quiz,\n"
                                 "quiz-review, exam-signin, exam-instructions, exam-final, progress (P on\n"
                                 "the level select), cohort (C) or scan (--level, --photo)"},
            {"--dots", "FILE.csv", "an attempt to show on the practice or results screen"},
            {"--photo", "FILE", "a photo of the level's practice sheet (--screen scan or results)"},
            {"--healed", "", "practice screen: every dot as it will look healed (the T toggle)"},
            {"--size", "WxH", "window or screenshot size (default 1280x960, times --scale; the window\n"
                              "never opens larger than the screen)"},
            {"--scale", "X", "the interface's size on screen, 0.5 to 4: the window opens at 1280x960\n"
                             "times X (never larger than the screen) and the interface grows with the\n"
                             "window (default: the settings file's scale=, else from the screen's size,\n"
                             "2 on a 4K display). F11: full screen", "scale"},
            {"--screenshot", "OUT.png", "render the screen offscreen to a PNG and exit (no window)"},
            {"--help-overlay", "", "screenshots: with the F1 help shown over the screen"},
            {"--frames", "N", "close the window after N frames (scripted runs, benchmarks)"},
            {"--replay", "REC.stiprec", "--screen replay: the recorded attempt played back (`stipple replay`)"},
            {"--replay-attempt", "N", "its practical attempt (from 1)"},
            {"--replay-base", "DIR", "resolves the recording's relative paths (default: the working folder)"},
            {"--replay-speed", "X", "playback speed, 0.25 to 16 (default 1)"},
            {"--replay-at", "TICK", "start there (240 ticks a second)"},
            {"--db", "FILE", "the results database keeping practice history and best scores; for\n"
                             "--screen progress and cohort also a postgresql:// URL (default:\n"
                             "$STIPPLE_STORE, else $XDG_DATA_HOME/stipple/results.db)"},
            {"--trainee", "NAME", "keep practice history and best scores under this trainee (typed\n"
                                  "any way: trimmed and case-folded, as candidate ids are)", "trainee"},
        };
        for (auto defs : {quizOptionDefs(), examOptionDefs()}) d.options.insert(d.options.end(), defs.begin(), defs.end());
        d.footer = "Data (assets/, levels/) comes from --data, $STIPPLE_DATA, the settings file's data=, else\n"
                   "<prefix>/share/stipple beside the program, else $XDG_DATA_DIRS/stipple (a build-tree binary:\n"
                   "its source tree). Settings file: $XDG_CONFIG_HOME/stipple/stipple.conf (INI: store, station,\n"
                   "trainee, data, user-data, scale); options override it, environment variables too.";
        return d;
    }();
    return def;
}

std::string usage() { return helpText(trainerDef()); }

bool parseOptions(const std::vector<std::string>& rawArgs, Options& o, std::string& error) {
    o.dataDir.clear();
    o.levelsDir.clear();
    // CLI11 reads the command line against the trainer's definitions (--name value, --name=value);
    // options not given come from the environment variable or the settings-file key their
    // definition names (--trainee: trainee=; --station: STIPPLE_STATION, station=; --user-data:
    // STIPPLE_USER_DATA, user-data=). The checks below then read the normal form.
    const StationConfig& conf = stationConfig();
    const CommandLine line(rawArgs, trainerDef(),
                           {{"trainee", conf.trainee}, {"station", conf.station}, {"user-data", conf.userData}, {"scale", conf.scale}});
    if (!line.ok()) return error = line.error(), false;
    o.showHelp = line.help();
    o.showVersion = line.flag("version");
    if (o.showHelp || o.showVersion) return true;
    if (!line.positional().empty()) return error = "unexpected argument '" + line.positional()[0] + "'", false;
    const std::vector<std::string> args = line.normalised();
    // Names, stations and ids end up in recordings and signed results: only UTF-8 text enters.
    for (size_t i = 0; i < args.size(); ++i) {
        if (const std::string problem = utf8Problem(args[i]); !problem.empty()) {
            error = (i > 0 && args[i - 1].rfind("--", 0) == 0 ? args[i - 1] : "argument " + std::to_string(i + 1)) + " " +
                    problem;
            return false;
        }
    }
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) {
                error = "option " + a + " needs a value";
                return false;
            }
            out = args[++i];
            return true;
        };
        std::string v;
        if (a == "--levels") {
            if (!value(o.levelsDir)) return false;
        } else if (a == "--data") {
            if (!value(o.dataDir)) return false;
        } else if (a == "--level") {
            if (!value(o.level)) return false;
        } else if (a == "--dots") {
            if (!value(o.dots)) return false;
        } else if (a == "--photo") {
            if (!value(o.photo)) return false;
        } else if (a == "--db") {
            if (!value(o.db)) return false;
        } else if (a == "--trainee") {
            if (!value(o.trainee)) return false;
        } else if (a.rfind("--replay", 0) == 0) { // --replay FILE, --replay-attempt/-base/-speed/-at
            if (!value(v) || !parseReplayOption(a, v, o, error)) return false;
        } else if (parseQuizOption(args, i, o, error)) { if (!error.empty()) return false; // quiz options
        } else if (parseExamOption(args, i, o, error)) { if (!error.empty()) return false; // exam options
        } else if (a == "--screenshot") {
            if (!value(o.screenshot)) return false;
        } else if (a == "--screen") {
            if (!value(o.screen)) return false;
            if (o.screen == "editor") continue; // the level editor: --screen editor [--level FILE]
            if (isExamScreenName(o.screen)) continue; // exam-signin, exam-instructions, exam-final
            if (isQuizScreenName(o.screen)) continue; // quiz, quiz-review
            if (o.screen == "progress" || o.screen == "cohort") continue; // progress, cohort
            if (o.screen == "scan") continue; // score a photo: --screen scan --level FILE [--photo PHOTO]
            if (o.screen != "select" && o.screen != "practice" && o.screen != "results" && o.screen != "replay") {
                error = "--screen must be one of select, practice, results, replay, editor, quiz, quiz-review, "
                        "exam-signin, exam-instructions, exam-final, progress, cohort or scan; got '" + o.screen + "'";
                return false;
            }
        } else if (a == "--help-overlay") {
            o.help = true;
        } else if (a == "--healed") {
            o.healed = true;
        } else if (a == "--size") {
            if (!value(v)) return false;
            if (!parseSize(v, o.width, o.height)) {
                error = "--size must be WIDTHxHEIGHT between 320x240 and 8192x8192, got '" + v + "'";
                return false;
            }
            o.sizeGiven = true;
        } else if (a == "--scale") {
            if (!value(v)) return false;
            const auto x = parseNumber(v);
            if (!x || !(*x >= 0.5 && *x <= 4.0)) {
                error = "--scale must be a number from 0.5 to 4 (2 on a 4K display), got '" + v + "'";
                return false;
            }
            o.scale = static_cast<float>(*x);
        } else if (a == "--frames") {
            if (!value(v)) return false;
            const auto n = parseInteger(v);
            o.frames = n && *n > 0 && *n < 1000000000 ? static_cast<int>(*n) : 0;
            if (o.frames <= 0) {
                error = "--frames must be a positive number, got '" + v + "'";
                return false;
            }
        } else {
            error = "unknown option '" + a + "'";
            return false;
        }
    }
    if (o.dataDir.empty()) o.dataDir = defaultDataDir();
    else setShippedDataOverride(o.dataDir); // the commands and screens that look it up see the same folder
    if (o.levelsDir.empty()) o.levelsDir = o.dataDir + "/levels";
    if (o.healed && o.screen != "practice") return error = "--healed needs --screen practice", false;
    if (!o.photo.empty() && o.screen != "scan" && o.screen != "results") return error = "--photo needs --screen scan or --screen results", false;
    if (!o.dots.empty() && o.screen == "select") {
        error = "--dots needs --screen practice or --screen results";
        return false;
    }
    return true;
}

bool renderScreen(const Options& options, sf::Image& image, std::string& error, LayoutLog* log) {
    if (!haveDisplay(error)) return false;
    // One GL context for the life of the process, active whenever nothing else is: without it
    // each render makes a new context, and Mesa's software renderer compiles its shaders again
    // for each (two thirds of a results screen's render was LLVM; test_layout renders 400).
    static sf::Context context;
    if (!context.setActive(true)) return error = "cannot activate an OpenGL context", false;
    if (options.dataDir.empty()) return error = shippedDataError(), false;
    Theme theme;
    if (!theme.load(options.dataDir + "/assets/fonts", error)) return false;
    App app(options, theme);
    app.layout({options.width, options.height});
    if (!app.init(error)) return false;
    sf::Vector2u size(options.width, options.height);
    if (auto* results = dynamic_cast<ResultsScreen*>(&app.screen()); results && options.card) {
        // A card shows every metric row: grow until they fit (the scale may grow with the height).
        results->setCard(true);
        for (int i = 0; i < 4; ++i) {
            const unsigned need = std::min(8192u, std::max(options.height, results->cardHeight()));
            if (need == size.y) break;
            size.y = need;
            app.layout(size);
        }
    }
    sf::RenderTexture target;
    if (!target.create(size.x, size.y)) {
        error = "cannot create an offscreen render target";
        return false;
    }
    // Two frames, as a window shows them: the first lays out and fills caches.
    if (options.help) app.toggleHelp();
    for (int frame = 0; frame < 2; ++frame) {
        if (log && frame == 1) {
            log->clear();
            theme.setLayoutLog(log);
        }
        app.screen().update(0.0);
        target.clear(colours::kBackground);
        app.screen().draw(target);
        app.drawHelp(target);
        theme.flush(target);
    }
    theme.setLayoutLog(nullptr);
    target.display();
    image = target.getTexture().copyToImage();
    return true;
}

int run(const std::vector<std::string>& args) {
    const auto start = std::chrono::steady_clock::now();
    Options options;
    std::string error;
    if (!parseOptions(args, options, error)) {
        std::fprintf(stderr, "stipple: %s\n%s", error.c_str(), usage().c_str());
        return 2;
    }
    if (options.showHelp) return std::fputs(usage().c_str(), stdout), 0;
    if (options.showVersion) return std::printf("stipple %s\n", STIPPLE_VERSION), 0;
    if (!options.screenshot.empty()) {
        sf::Image image;
        if (!renderScreen(options, image, error)) {
            std::fprintf(stderr, "stipple: %s\n", error.c_str());
            return 1;
        }
        if (!saveImageAtomically(image, options.screenshot, error)) {
            std::fprintf(stderr, "stipple: %s\n", error.c_str());
            return 1;
        }
        return 0;
    }

    Theme theme;
    if (options.dataDir.empty()) error = shippedDataError();
    if (!error.empty() || !haveDisplay(error) || !theme.load(options.dataDir + "/assets/fonts", error)) {
        std::fprintf(stderr, "stipple: %s\n", error.c_str());
        return 1;
    }
    App app(options, theme);
    app.layout({options.width, options.height});
    if (!app.init(error)) {
        std::fprintf(stderr, "stipple: %s\n", error.c_str());
        return 1;
    }
    sf::ContextSettings settings;
    settings.antialiasingLevel = 0; // the ink is anti-aliased by its disc texture; MSAA costs on llvmpipe
    // The window opens at the asked size (or 1280x960 times the interface scale: HiDPI displays
    // get a bigger window, and the interface grows with it), never larger than the screen.
    const sf::VideoMode desktop = sf::VideoMode::getDesktopMode();
    const float scale = options.scale > 0 ? options.scale : displayScale({desktop.width, desktop.height});
    const sf::Vector2u wanted = options.sizeGiven ? sf::Vector2u(options.width, options.height)
                                                  : sf::Vector2u(unsigned(1280 * scale + 0.5f), unsigned(960 * scale + 0.5f));
    sf::Vector2u windowed = fitWindowToDesktop(wanted, {desktop.width, desktop.height});
    sf::RenderWindow window;
    sf::Image icon;
    const bool haveIcon = icon.loadFromFile(options.dataDir + "/assets/icons/stipple-256.png");
    bool fullscreen = false;
    auto openWindow = [&] {
        if (fullscreen) window.create(desktop, "Stipple", sf::Style::Fullscreen, settings);
        else window.create(sf::VideoMode(windowed.x, windowed.y), "Stipple", sf::Style::Default, settings);
        if (haveIcon) window.setIcon(icon.getSize().x, icon.getSize().y, icon.getPixelsPtr()); // the same icon as the menu's
        window.setFramerateLimit(120);
        window.setKeyRepeatEnabled(true);
        window.setView(sf::View(sf::FloatRect(0, 0, float(window.getSize().x), float(window.getSize().y))));
        app.layout(window.getSize());
    };
    openWindow();
    if (std::getenv("STIPPLE_TIMING"))
        std::fprintf(stderr, "stipple: window %ux%u on a %ux%u screen\n", window.getSize().x, window.getSize().y, desktop.width,
                     desktop.height);

    sf::Clock clock;
    int frames = 0;
    bool pointerShown = true;
    while (window.isOpen()) {
        sf::Event ev;
        while (window.pollEvent(ev)) {
            const bool quitEvent = ev.type == sf::Event::Closed || (ev.type == sf::Event::KeyPressed && ev.key.code == sf::Keyboard::Q && ev.key.control); // interceptQuit
            if (quitEvent && !app.quitRequested() && app.screen().interceptQuit(ev)) continue; // interceptQuit: the level editor asks about unsaved edits
            if (ev.type == sf::Event::Closed) {
                window.close();
                break;
            }
            if (ev.type == sf::Event::Resized) {
                sf::Vector2u size(std::max(ev.size.width, kMinWidth), std::max(ev.size.height, kMinHeight));
                if (size != sf::Vector2u(ev.size.width, ev.size.height)) window.setSize(size);
                window.setView(sf::View(sf::FloatRect(0, 0, float(size.x), float(size.y))));
                app.layout(size);
                continue;
            }
            if (ev.type == sf::Event::KeyPressed) {
                if (ev.key.code == sf::Keyboard::F1) {
                    app.toggleHelp();
                    continue;
                }
                if (ev.key.code == sf::Keyboard::Q && ev.key.control) {
                    app.quit();
                    continue;
                }
                if (ev.key.code == sf::Keyboard::F11) { // full screen and back, as desktop programs do
                    if (!fullscreen) windowed = window.getSize();
                    fullscreen = !fullscreen;
                    openWindow();
                    pointerShown = true;
                    continue;
                }
                if (ev.key.code == sf::Keyboard::F12) {
                    sf::Texture shot;
                    shot.create(window.getSize().x, window.getSize().y);
                    shot.update(window);
                    const std::string name = timestampName();
                    std::string why;
                    if (saveImageAtomically(shot.copyToImage(), name, why)) std::fprintf(stderr, "stipple: saved %s\n", name.c_str());
                    else std::fprintf(stderr, "stipple: %s\n", why.c_str());
                    continue;
                }
                if (app.helpVisible()) {
                    if (ev.key.code == sf::Keyboard::Escape) app.toggleHelp();
                    continue; // the overlay is modal for keys
                }
            }
            app.screen().handleEvent(ev);
        }
        if (app.quitRequested()) window.close();
        if (!window.isOpen()) break;
        if (app.applyPending()) clock.restart();

        app.screen().update(clock.restart().asSeconds());
        // The handpiece cursor replaces the system pointer over the canvas.
        const bool showPointer = !app.screen().hidesPointer() || app.helpVisible();
        if (showPointer != pointerShown) {
            window.setMouseCursorVisible(showPointer);
            pointerShown = showPointer;
        }
        app.screen().draw(window);
        app.drawHelp(window);
        theme.flush(window);
        window.display();
        if (++frames == 1 && std::getenv("STIPPLE_TIMING")) {
            const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            std::fprintf(stderr, "stipple: first frame after %.1f ms\n", ms);
        }
        if (options.frames > 0 && frames >= options.frames) window.close();
    }
    return 0;
}

} // namespace stipple::app
