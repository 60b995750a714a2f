// The trainer application: owns the window (or an offscreen target for screenshots), the theme,
// the curriculum and the current screen; routes SFML events to the screen and the global keys
// (F1 help, F11 full screen, F12 screenshot, Ctrl+Q quit) to itself; swaps screens between frames.
#include "app/app.h"

#include "app/cohort_screen.h"
#include "app/editor_screen.h"
#include "app/exam_screens.h"
#include "app/help_overlay.h"
#include "app/level_catalog.h"
#include "app/level_select_screen.h"
#include "app/practice_screen.h"
#include "app/progress_screen.h"
#include "app/quiz_screen.h"
#include "app/replay_screen.h"
#include "app/results_screen.h"
#include "app/scan_screen.h"
#include "config/station_config.h"
#include "exam/exam_result.h"
#include "install/shipped_data.h"
#include "io/files.h"
#include "io/numbers.h"
#include "io/utf8.h"
#include "record/level_versions.h"
#include "render/display.h"
#include "render/image_file.h"
#include "render/theme.h"
#include "scoring/dots_csv.h"
#include "store/postgres_store.h" // the store may be a PostgreSQL server
#include "store/sqlite_store.h"

#include <SFML/Graphics.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace stipple::app {

using render::Theme;

namespace {

constexpr unsigned kMinWidth = 800, kMinHeight = 600;

class App;

/// One screen of the trainer in the table below: its --screen name, a line for --help, the
/// options only it reads (refused with any other screen), and how the App builds it.
struct ScreenEntry {
    const char* name;
    const char* help;
    std::vector<std::string> options;
    /// False: the screen needs no curriculum (the App does not read the levels folder for it).
    bool curriculum;
    /// Builds the screen. `fromOptions`: at start-up, as the command line describes it (--level,
    /// --dots, --bank …); false: a key opens it (Navigator::open). nullptr with a reason (or
    /// none: the screen does not open that way).
    std::unique_ptr<Screen> (App::*make)(bool fromOptions, std::string& error);
};

const std::vector<ScreenEntry>& screenTable();

const ScreenEntry* findScreen(const std::string& name) {
    for (const ScreenEntry& e : screenTable())
        if (name == e.name) return &e;
    return nullptr;
}

class App final : public Navigator {
  public:
    App(const Options& options, Theme& theme) : m_options(options), m_theme(theme) {}

    bool init(std::string& error) {
        const ScreenEntry* entry = findScreen(m_options.screen);
        if (!entry)
            return error = "unknown screen '" + m_options.screen + "'",
                   false; // parseOptions refuses it first
        if (entry->curriculum) {
            m_catalog = loadCatalog(m_options.levelsDir, m_catalogError);
            loadBestScores();
        }
        m_pending = (this->*entry->make)(true, error);
        return applyPending();
    }

    /// --level: selects it when it is part of the curriculum, else adds it to the list. False
    /// with a reason when the screen needs a level (`required`) and there is none or it is invalid.
    bool selectLevelOption(bool required, std::string& error) {
        if (!m_options.level.empty()) {
            std::error_code ec;
            const auto wanted = std::filesystem::weakly_canonical(m_options.level, ec);
            for (size_t i = 0; i < m_catalog.size(); ++i)
                if (std::filesystem::weakly_canonical(m_catalog[i].path, ec) == wanted) m_levelIndex = i;
            if (m_levelIndex == kNone) {
                m_catalog.push_back(loadCatalogEntry(m_options.level));
                m_levelIndex = m_catalog.size() - 1;
            }
            if (!m_catalog[m_levelIndex].level && required)
                return error = m_catalog[m_levelIndex].error, false;
        }
        if (required && m_levelIndex == kNone)
            return error = "--screen " + m_options.screen + " needs --level FILE", false;
        return true;
    }

    // The factories of the screen table.
    std::unique_ptr<Screen> levelSelect(bool fromOptions, std::string& error) {
        if (fromOptions && !selectLevelOption(false, error)) return nullptr;
        return std::make_unique<LevelSelectScreen>(m_theme, *this, m_catalog, m_catalogError,
                                                   m_levelIndex == kNone ? 0 : m_levelIndex);
    }
    std::unique_ptr<Screen> practice(bool fromOptions, std::string& error) {
        if (!fromOptions) {
            if (m_levelIndex >= m_catalog.size() || !m_catalog[m_levelIndex].level) return nullptr;
            auto screen =
                std::make_unique<PracticeScreen>(m_theme, *this, m_levelIndex, m_catalog[m_levelIndex]);
            // Every practice attempt is recorded beside the practice history, for `stipple replay`.
            if (m_options.screenshot.empty() && !dataFolder().empty()) {
                const std::string dir = (std::filesystem::path(dataFolder()) / "practice").string();
                const std::string versions = levelVersionsDir(dataFolder());
                screen->recordWith([dir, versions, path = m_catalog[m_levelIndex].path,
                                    trainee = m_options.trainee](PracticeSession& s) {
                    std::string why;
                    auto recording = PracticeRecording::start(dir, path, s, trainee, why, versions);
                    if (!recording)
                        std::fprintf(stderr, "stipple: this attempt is not recorded: %s\n", why.c_str());
                    return recording;
                });
            }
            return screen;
        }
        if (!selectLevelOption(true, error)) return nullptr;
        // Screenshots show the work itself, not the level's instructions card.
        const bool intro = m_options.screenshot.empty();
        auto screen =
            std::make_unique<PracticeScreen>(m_theme, *this, m_levelIndex, m_catalog[m_levelIndex], 0, intro);
        if (!m_options.dots.empty() && !screen->loadDots(m_options.dots, error)) return nullptr;
        if (m_options.healed) screen->showHealed(true);
        return screen;
    }
    std::unique_ptr<Screen> results(bool fromOptions, std::string& error) {
        if (!fromOptions || !selectLevelOption(true, error))
            return nullptr; // results come from a finished screen
        const CatalogEntry& entry = m_catalog[m_levelIndex];
        if (!m_options.photo.empty()) {
            // The photo's dots, scored.
            auto scan = scanPhoto(true, error);
            if (!scan) return nullptr;
            DotsCsvColumns columns;
            columns.diameter = true;
            return std::make_unique<ResultsScreen>(m_theme, *this, m_levelIndex, entry.level,
                                                   static_cast<ScanScreen&>(*scan).dots(), columns,
                                                   ResultsScreen::Source::Photo);
        }
        if (!m_options.dots.empty()) {
            // Score the file's dots as they are (positions, sizes and depths from the file).
            DotsCsv csv;
            Diagnostics diags;
            if (!readDotsCsv(m_options.dots, csv, diags)) {
                error = diags.formatAll();
                if (!error.empty() && error.back() == '\n') error.pop_back();
                return nullptr;
            }
            return std::make_unique<ResultsScreen>(m_theme, *this, m_levelIndex, entry.level,
                                                   std::move(csv.dots), csv.columns);
        }
        auto screen = practice(true, error);
        return screen ? static_cast<PracticeScreen&>(*screen).finishToResults() : nullptr;
    }
    std::unique_ptr<Screen> scanPhoto(bool fromOptions, std::string& error) {
        // The photo chooser, or with --photo the photo's dots.
        if (fromOptions ? !selectLevelOption(true, error)
                        : m_levelIndex >= m_catalog.size() || !m_catalog[m_levelIndex].level)
            return nullptr;
        const CatalogEntry& entry = m_catalog[m_levelIndex];
        auto scan = std::make_unique<ScanScreen>(m_theme, *this, m_levelIndex, entry.level, entry.path,
                                                 sheet::photoFolders(dataFolder()));
        if (fromOptions && !m_options.photo.empty() && !scan->open(m_options.photo))
            return error = scan->message(), nullptr;
        return scan;
    }
    std::unique_ptr<Screen> replay(bool, std::string& error) {
        return makeReplayScreen(m_theme, *this, m_options, error);
    }
    std::unique_ptr<Screen> editor(bool fromOptions, std::string&) {
        return makeEditorScreen(m_theme, *this, fromOptions ? m_options.level : "", m_options.levelsDir);
    }
    std::unique_ptr<Screen> quiz(bool fromOptions, std::string& error) {
        if (fromOptions) return makeQuizScreen(m_theme, *this, m_options, error);
        return std::make_unique<QuizScreen>(m_theme, *this, m_options.levelsDir,
                                            m_options.screenshot.empty() ? defaultQuizHistoryPath() : "");
    }
    std::unique_ptr<Screen> quizReview(bool fromOptions, std::string& error) {
        return fromOptions ? makeQuizScreen(m_theme, *this, m_options, error) : nullptr;
    }
    std::unique_ptr<Screen> examSignIn(bool, std::string& error) {
        return makeExamScreen(m_theme, *this, m_options, "exam-signin", error);
    }
    std::unique_ptr<Screen> examInstructions(bool fromOptions, std::string& error) {
        return fromOptions ? makeExamScreen(m_theme, *this, m_options, "exam-instructions", error) : nullptr;
    }
    std::unique_ptr<Screen> examFinal(bool fromOptions, std::string& error) {
        return fromOptions ? makeExamScreen(m_theme, *this, m_options, "exam-final", error) : nullptr;
    }
    std::unique_ptr<Screen> progress(bool, std::string&) {
        return makeProgressScreen(m_theme, *this, m_catalog, storeWhere(), m_options.trainee);
    }
    std::unique_ptr<Screen> cohort(bool, std::string&) {
        return makeCohortScreen(m_theme, *this, storeWhere(), dataFolder());
    }

    void open(const std::string& name, size_t index) override {
        const ScreenEntry* entry = findScreen(name);
        if (!entry) return;
        if (index < m_catalog.size()) m_levelIndex = index;
        std::string error;
        if (auto screen = (this->*entry->make)(false, error))
            m_pending = std::move(screen);
        else if (!error.empty())
            std::fprintf(stderr, "stipple: %s\n", error.c_str());
    }

    void showLevelSelect() override { open("select", kNone); }
    void startLevel(size_t index) override {
        if (index < m_catalog.size() && m_catalog[index].level) open("practice", index);
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
    void editLevel(size_t index) override {
        if (index < m_catalog.size())
            m_levelIndex = index,
            m_pending = std::make_unique<EditorScreen>(m_theme, *this, m_catalog[index].path);
    }
    void newLevel() override { m_pending = makeEditorScreen(m_theme, *this, "", m_options.levelsDir); }
    void closeEditor(const std::string& path) override {
        if (const size_t i = refreshCatalogPath(m_catalog, path); i < m_catalog.size()) m_levelIndex = i;
        showLevelSelect();
    }
    void reloadLevel(size_t index, bool practising) override {
        m_levelIndex = index;
        if (reloadCatalogEntry(m_catalog, index) && practising)
            startLevel(index);
        else if (practising)
            showLevelSelect();
    }

    void practiceFinished(size_t index, const PracticeRecord& finished) override {
        // Screenshots and attempts loaded from a dots file are not practice runs.
        if (!m_options.screenshot.empty() || !m_options.dots.empty() || !m_options.photo.empty() ||
            index >= m_catalog.size())
            return;
        PracticeRecord run = finished;
        run.finishedAt = nowUtcTimestamp();
        std::string bytes;
        if (std::string ignored; readFile(m_catalog[index].path, bytes, ignored))
            run.levelSha256 = sha256Hex(bytes);
        StoreError error;
        if (!m_store) m_store = openResultsStore(storeWhere(), StoreMode::ReadWrite, error);
        // Kept under the trainee's canonical id: the same person typed differently is one person.
        if (!m_store || !savePracticeRun(*m_store, run, m_options.trainee, error)) {
            std::fprintf(stderr, "stipple: this run was not saved to your practice history: %s\n",
                         error.message.c_str());
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

    std::string dataFolder() const override {
        return m_options.examUserData.empty() ? userDataDir() : m_options.examUserData;
    }
    /// The results store (practice history, best scores, progress, cohort): the one rule of
    /// store/postgres_store.h, with --db and the data folder.
    std::string storeWhere() const { return resultsStoreLocation(m_options.db, dataFolder()); }
    std::string practiceStore() const override { return storeWhere(); }

    /// Fills each catalog entry's best score from the practice history (none yet: "—").
    void loadBestScores() {
        StoreError error;
        std::unique_ptr<ResultsStore> readOnly;
        ResultsStore* store = m_store.get();
        if (!store) {
            if (storeWhere().empty()) return;
            readOnly = openResultsStore(storeWhere(), StoreMode::ReadOnly, error);
            if (!readOnly) {
                if (error.kind != StoreError::Kind::Missing)
                    std::fprintf(stderr, "stipple: best scores are not shown: %s\n", error.message.c_str());
                return;
            }
            store = readOnly.get();
        }
        const std::string problem = applyBestScores(m_catalog, *store, m_options.trainee);
        if (!problem.empty())
            std::fprintf(stderr, "stipple: best scores are not shown: %s\n", problem.c_str());
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

const std::vector<std::string> kQuizOptions = {"--bank",    "--seed",       "--count",    "--question",
                                               "--answers", "--time-limit", "--quiz-exam"};

/// Every screen the trainer starts on (--screen), in the order --help lists them. The option
/// parser, the usage text, the App's start and Navigator::open all read this table.
const std::vector<ScreenEntry>& screenTable() {
    static const std::vector<ScreenEntry> table = {
        {"select", "the level list (the default); --level selects that level", {}, true, &App::levelSelect},
        {"practice", "a practice session on --level", {"--dots", "--healed"}, true, &App::practice},
        {"results",
         "the results of --level: its --dots, its --photo's dots, else an empty attempt",
         {"--dots", "--photo"},
         true,
         &App::results},
        {"scan",
         "score a photo of --level's practice sheet (key O): the chooser, or --photo",
         {"--photo"},
         true,
         &App::scanPhoto},
        {"replay",
         "a recorded attempt played back (`stipple replay`)",
         {"--replay", "--replay-attempt", "--replay-base", "--replay-speed", "--replay-at"},
         false,
         &App::replay},
        {"editor",
         "the level editor on --level FILE, or a new level in the levels folder",
         {},
         true,
         &App::editor},
        {"quiz", "a quiz (key Q): its setup, or with --bank the drawn quiz at --question", kQuizOptions, true,
         &App::quiz},
        {"quiz-review", "the review of the --bank quiz with --answers graded", kQuizOptions, true,
         &App::quizReview},
        {"exam-signin",
         "the exam's candidate sign-in (key X), prefilled with --candidate/--name",
         {"--candidate", "--name"},
         true,
         &App::examSignIn},
        {"exam-instructions",
         "the exam's instructions for --candidate",
         {"--candidate", "--name"},
         true,
         &App::examInstructions},
        {"exam-final",
         "the final screen of the closed exam --recording",
         {"--recording"},
         true,
         &App::examFinal},
        {"progress",
         "your progress: scores over time, bests, what to work on next (key P)",
         {},
         true,
         &App::progress},
        {"cohort", "the instructor's cohort view (key C)", {}, true, &App::cohort},
    };
    return table;
}

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

const CommandDef& trainerDef() {
    static const CommandDef def = [] {
        CommandDef d;
        d.summary = "open the trainer";
        d.synopsis = "usage: stipple [options]             open the trainer";
        d.options = {
            {"--data", "DIR",
             "the shipped data: levels/ and assets/ (default: $STIPPLE_DATA, else the\n"
             "settings file's data=, else ../share/stipple beside the program)"},
            {"--levels", "DIR", "the curriculum folder (default: <data>/levels)"},
            levelOption("open with this level selected (or shown, with --screen)"),
            {"--screen", "NAME",
             "the screen to start on and to render with --screenshot (default:\n"
             "select); the screens, and the options only each reads, are listed below"},
            dotsOption("an attempt to show on the practice or results screen"),
            {"--photo", "FILE", "a photo of the level's practice sheet (--screen scan or results)"},
            {"--healed", "", "practice screen: every dot as it will look healed (the T toggle)"},
            {"--size", "WxH",
             "window or screenshot size (default 1280x960, times --scale; the window\n"
             "never opens larger than the screen)"},
            {"--scale", "X",
             "the interface's size on screen, 0.5 to 4: the window opens at 1280x960\n"
             "times X (never larger than the screen) and the interface grows with the\n"
             "window (default: the settings file's scale=, else from the screen's size,\n"
             "2 on a 4K display). F11: full screen",
             "scale"},
            {"--screenshot", "OUT.png", "render the screen offscreen to a PNG and exit (no window)"},
            {"--help-overlay", "", "screenshots: with the F1 help shown over the screen"},
            {"--frames", "N", "close the window after N frames (scripted runs, benchmarks)"},
            {"--replay", "REC.stiprec",
             "--screen replay: the recorded attempt played back (`stipple replay`)"},
            {"--replay-attempt", "N", "its practical attempt (from 1)"},
            {"--replay-base", "DIR", "resolves the recording's relative paths (default: the working folder)"},
            {"--replay-speed", "X", "playback speed, 0.25 to 16 (default 1)"},
            {"--replay-at", "TICK", "start there (240 ticks a second)"},
            {"--db", "FILE",
             "the results database keeping practice history and best scores; for\n"
             "--screen progress and cohort also a postgresql:// URL (default:\n"
             "$STIPPLE_STORE, else the settings file's store=, else results.db in\n"
             "the user data folder: --user-data)"},
            {"--trainee", "NAME",
             "keep practice history and best scores under this trainee (typed\n"
             "any way: trimmed and case-folded, as candidate ids are)",
             "trainee"},
            {"--bank", "FILE",
             "--screen quiz / quiz-review: the quiz's question bank (without it, --screen quiz\n"
             "opens its setup); FILE may be a rule book (scenario questions)"},
            {"--seed", "S", "which quiz is drawn (default 1)"},
            {"--count", "N", "questions in the quiz, 1 to 1000 (default 10)"},
            {"--question", "K", "the question --screen quiz shows (from 1)"},
            {"--answers", "FILE",
             "an answer file, graded for --screen quiz-review as `stipple quiz --answers`\n"
             "reads it"},
            {"--time-limit", "S", "the quiz's time limit in seconds (default: none)"},
            {"--quiz-exam", "", "feedback at the end instead of after each answer"},
            {"--exam", "FILE",
             "the exam the X key opens on the level list (sign-in, instructions, timed\n"
             "sections, result; default: <data>/levels/exams/foundation-certificate.xml)"},
            {"--candidate", "ID", "the candidate (exam screenshots; prefills the sign-in)"},
            {"--name", "NAME", "the candidate's name (exam screenshots; prefills the sign-in)"},
            {"--station", "NAME", "this exam station (default: $STIPPLE_STATION, else the host name)",
             "station", "STIPPLE_STATION"},
            {"--user-data", "DIR",
             "exam recordings, keys/academy.secret and results.db (unless --db)\n"
             "(default: $STIPPLE_USER_DATA, else ~/.local/share/stipple)",
             "user-data", "STIPPLE_USER_DATA"},
            {"--recording", "FILE", "the closed exam recording --screen exam-final shows"},
        };
        std::string table = "Screens (--screen NAME), and the options only they read:\n";
        for (const ScreenEntry& e : screenTable()) {
            char name[24];
            std::snprintf(name, sizeof name, "  %-19s", e.name);
            table += name + std::string(e.help) + "\n";
            if (e.options.empty()) continue;
            std::string line = std::string(21, ' ') + "reads";
            for (size_t i = 0; i < e.options.size(); ++i)
                line += (i ? ", " : " ") + e.options[i];
            table += line + "\n";
        }
        d.footer =
            table + "\n" +
            "Data (assets/, levels/) comes from --data, $STIPPLE_DATA, the settings file's data=, else\n"
            "<prefix>/share/stipple beside the program, else $XDG_DATA_DIRS/stipple (a build-tree binary:\n"
            "its source tree). Settings file: $XDG_CONFIG_HOME/stipple/stipple.conf (INI: store, station,\n"
            "trainee, data, user-data, scale); options override it, environment variables too.";
        return d;
    }();
    return def;
}

std::string usage() {
    return helpText(trainerDef());
}

std::vector<TrainerScreen> trainerScreens() {
    std::vector<TrainerScreen> out;
    for (const ScreenEntry& e : screenTable())
        out.push_back({e.name, e.help, e.options});
    return out;
}

bool parseOptions(const std::vector<std::string>& rawArgs, Options& o, std::string& error) {
    o.dataDir.clear();
    o.levelsDir.clear();
    // CLI11 reads the command line against the trainer's definitions (--name value, --name=value);
    // options not given come from the environment variable or the settings-file key their
    // definition names (--trainee: trainee=; --station: STIPPLE_STATION, station=; --user-data:
    // STIPPLE_USER_DATA, user-data=). The checks below then read the normal form.
    const StationConfig& conf = stationConfig();
    const CommandLine line(rawArgs, trainerDef(),
                           {{"trainee", conf.trainee},
                            {"station", conf.station},
                            {"user-data", conf.userData},
                            {"scale", conf.scale}});
    if (!line.ok()) return error = line.error(), false;
    o.showHelp = line.help();
    o.showVersion = line.flag("version");
    if (o.showHelp || o.showVersion) return true;
    if (!line.positional().empty())
        return error = "unexpected argument '" + line.positional()[0] + "'", false;
    const std::vector<std::string> args = line.normalised();
    // Names, stations and ids end up in recordings and signed results: only UTF-8 text enters.
    for (size_t i = 0; i < args.size(); ++i) {
        if (const std::string problem = utf8Problem(args[i]); !problem.empty()) {
            error = (i > 0 && args[i - 1].rfind("--", 0) == 0 ? args[i - 1]
                                                              : "argument " + std::to_string(i + 1)) +
                    " " + problem;
            return false;
        }
    }
    std::vector<std::string> given; // the options on the command line, for the screen check below
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        given.push_back(a);
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) {
                error = "option " + a + " needs a value";
                return false;
            }
            out = args[++i];
            return true;
        };
        // A whole number from lo to hi, else `error` says what it must be.
        auto whole = [&](const std::string& v, long long lo, long long hi,
                         const char* what) -> std::optional<long long> {
            const auto n = parseInteger(v);
            if (!n || *n < lo || *n > hi) {
                error = a + " must be " + what + ", got '" + v + "'";
                return std::nullopt;
            }
            return *n;
        };
        std::string v;
        // Options whose value is kept as it is.
        std::string* text = a == "--levels"        ? &o.levelsDir
                            : a == "--data"        ? &o.dataDir
                            : a == "--level"       ? &o.level
                            : a == "--dots"        ? &o.dots
                            : a == "--photo"       ? &o.photo
                            : a == "--db"          ? &o.db
                            : a == "--trainee"     ? &o.trainee
                            : a == "--screen"      ? &o.screen
                            : a == "--screenshot"  ? &o.screenshot
                            : a == "--replay"      ? &o.replayRecording
                            : a == "--replay-base" ? &o.replayBase
                            : a == "--bank"        ? &o.quizBank
                            : a == "--answers"     ? &o.quizAnswers
                            : a == "--exam"        ? &o.exam
                            : a == "--candidate"   ? &o.examCandidate
                            : a == "--name"        ? &o.examName
                            : a == "--station"     ? &o.examStation
                            : a == "--user-data"   ? &o.examUserData
                            : a == "--recording"   ? &o.examRecording
                                                   : nullptr;
        if (text) {
            if (!value(*text)) return false;
        } else if (a == "--help-overlay") {
            o.help = true;
        } else if (a == "--healed") {
            o.healed = true;
        } else if (a == "--quiz-exam") {
            o.quizExam = true;
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
        } else if (a == "--replay-attempt") {
            if (!value(v)) return false;
            const auto n = whole(v, 1, 1000000, "an attempt number from 1");
            if (!n) return false;
            o.replayAttempt = static_cast<int>(*n);
        } else if (a == "--replay-speed") {
            if (!value(v)) return false;
            const auto x = parseNumber(v);
            if (!x || !(*x >= kReplayMinSpeed && *x <= kReplayMaxSpeed)) {
                error = "--replay-speed must be a number from 0.25 to 16, got '" + v + "'";
                return false;
            }
            o.replaySpeed = *x;
        } else if (a == "--replay-at") {
            if (!value(v)) return false;
            const auto n = parseInteger(v);
            if (!n || *n < 0) {
                error = "--replay-at must be a tick (0 or more, 240 a second), got '" + v + "'";
                return false;
            }
            o.replayAt = *n;
        } else if (a == "--seed") {
            if (!value(v)) return false;
            const auto n = parseUnsigned(v);
            if (!n) return error = "--seed must be a whole number 0 or more, got '" + v + "'", false;
            o.quizSeed = *n;
        } else if (a == "--count") {
            if (!value(v)) return false;
            const auto n = whole(v, 1, 1000, "a whole number from 1 to 1000");
            if (!n) return false;
            o.quizCount = static_cast<int>(*n);
        } else if (a == "--question") {
            if (!value(v)) return false;
            const auto n = whole(v, 1, 1000, "a question number from 1");
            if (!n) return false;
            o.quizQuestion = static_cast<int>(*n);
        } else if (a == "--time-limit") {
            if (!value(v)) return false;
            const auto n = parseNumber(v);
            if (!n || *n <= 0 || *n > 86400)
                return error = "--time-limit must be seconds above 0, got '" + v + "'", false;
            o.quizTimeLimit = *n;
        } else {
            error = "unknown option '" + a + "'";
            return false;
        }
    }
    const ScreenEntry* screen = findScreen(o.screen);
    if (!screen) {
        std::string names;
        const auto& table = screenTable();
        for (size_t i = 0; i < table.size(); ++i)
            names += std::string(i == 0 ? "" : i + 1 == table.size() ? " or " : ", ") + table[i].name;
        error = "--screen must be one of " + names + "; got '" + o.screen + "'";
        return false;
    }
    // An option that only some screens read is refused with any other: it would do nothing.
    for (const std::string& option : given) {
        std::string readers;
        for (const ScreenEntry& e : screenTable())
            if (std::find(e.options.begin(), e.options.end(), option) != e.options.end())
                readers += (readers.empty() ? "--screen " : " or --screen ") + std::string(e.name);
        if (readers.empty() ||
            std::find(screen->options.begin(), screen->options.end(), option) != screen->options.end())
            continue;
        error = option + " needs " + readers;
        return false;
    }
    if (o.dataDir.empty())
        o.dataDir = shippedDataDir();
    else
        setShippedDataOverride(o.dataDir); // the commands and screens that look it up see the same folder
    if (o.levelsDir.empty()) o.levelsDir = o.dataDir + "/levels";
    return true;
}

bool renderScreen(const Options& options, sf::Image& image, std::string& error, render::LayoutLog* log) {
    return renderScreen(options, &image, error, log);
}

bool renderScreen(const Options& options, sf::Image* image, std::string& error, render::LayoutLog* log) {
    if (!render::haveDisplay(error)) return false;
    // One GL context for the life of the process, active whenever nothing else is: without it
    // each render makes a new context, and Mesa's software renderer compiles its shaders again
    // for each (two thirds of a results screen's render was LLVM; test_layout renders 400).
    static sf::Context context;
    if (!context.setActive(true)) return error = "cannot activate an OpenGL context", false;
    if (options.dataDir.empty()) return error = shippedDataError(), false;
    Theme theme;
    if (!theme.load(options.dataDir + "/assets/fonts", error)) return false;
    // Without --size, a screenshot is the window --scale opens: 1280x960 times the scale (as
    // --help says; it was 1280x960 whatever the scale).
    const sf::Vector2u shot =
        options.sizeGiven || options.scale <= 0
            ? sf::Vector2u(options.width, options.height)
            : sf::Vector2u(unsigned(1280 * options.scale + 0.5f), unsigned(960 * options.scale + 0.5f));
    App app(options, theme);
    app.layout(shot);
    if (!app.init(error)) return false;
    sf::Vector2u size = shot;
    if (auto* results = dynamic_cast<ResultsScreen*>(&app.screen()); results && options.card) {
        // A card shows every metric row: grow until they fit (the scale may grow with the height).
        results->setCard(true);
        for (int i = 0; i < 4; ++i) {
            const unsigned need = std::min(8192u, std::max(shot.y, results->cardHeight()));
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
        target.clear(render::colours::kBackground);
        app.screen().draw(target);
        app.drawHelp(target);
        theme.flush(target);
    }
    theme.setLayoutLog(nullptr);
    target.display();
    if (image) *image = target.getTexture().copyToImage();
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
        if (!render::saveImageAtomically(image, options.screenshot, error)) {
            std::fprintf(stderr, "stipple: %s\n", error.c_str());
            return 1;
        }
        return 0;
    }

    Theme theme;
    if (options.dataDir.empty()) error = shippedDataError();
    if (!error.empty() || !render::haveDisplay(error) ||
        !theme.load(options.dataDir + "/assets/fonts", error)) {
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
    const sf::Vector2u wanted =
        options.sizeGiven ? sf::Vector2u(options.width, options.height)
                          : sf::Vector2u(unsigned(1280 * scale + 0.5f), unsigned(960 * scale + 0.5f));
    sf::Vector2u windowed = fitWindowToDesktop(wanted, {desktop.width, desktop.height});
    sf::RenderWindow window;
    sf::Image icon;
    const bool haveIcon = icon.loadFromFile(options.dataDir + "/assets/icons/stipple-256.png");
    bool fullscreen = false;
    auto openWindow = [&] {
        if (fullscreen)
            window.create(desktop, "Stipple", sf::Style::Fullscreen, settings);
        else
            window.create(sf::VideoMode(windowed.x, windowed.y), "Stipple", sf::Style::Default, settings);
        if (haveIcon)
            window.setIcon(icon.getSize().x, icon.getSize().y,
                           icon.getPixelsPtr()); // the same icon as the menu's
        window.setFramerateLimit(120);
        window.setKeyRepeatEnabled(true);
        window.setView(sf::View(sf::FloatRect(0, 0, float(window.getSize().x), float(window.getSize().y))));
        app.layout(window.getSize());
    };
    openWindow();
    if (std::getenv("STIPPLE_TIMING"))
        std::fprintf(stderr, "stipple: window %ux%u on a %ux%u screen\n", window.getSize().x,
                     window.getSize().y, desktop.width, desktop.height);

    sf::Clock clock;
    int frames = 0;
    bool pointerShown = true;
    while (window.isOpen()) {
        sf::Event ev;
        while (window.pollEvent(ev)) {
            const bool quitEvent =
                ev.type == sf::Event::Closed ||
                (ev.type == sf::Event::KeyPressed && ev.key.code == sf::Keyboard::Q && ev.key.control);
            if (quitEvent && !app.quitRequested() && app.screen().interceptQuit(ev))
                continue; // the level editor asks about unsaved edits
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
                    if (render::saveImageAtomically(shot.copyToImage(), name, why))
                        std::fprintf(stderr, "stipple: saved %s\n", name.c_str());
                    else
                        std::fprintf(stderr, "stipple: %s\n", why.c_str());
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
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            std::fprintf(stderr, "stipple: first frame after %.1f ms\n", ms);
        }
        if (options.frames > 0 && frames >= options.frames) window.close();
    }
    return 0;
}

} // namespace stipple::app
