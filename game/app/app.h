// The SFML trainer window. `stipple` with no subcommand lands here: the level select, a
// practice session on the simulated handpiece, the results. The same screens render offscreen
// for `--screenshot`, the render tests and the README pictures.
#pragma once

#include "cmdline/command_line.h"

#include <SFML/Graphics/Image.hpp>

#include <string>
#include <vector>

namespace stipple::render {
struct LayoutLog;
}

namespace stipple::app {

/// Command-line options of the trainer.
struct Options {
    std::string dataDir;   ///< assets/ and levels/ live here (install/shipped_data.h)
    std::string levelsDir; ///< the curriculum folder (default dataDir/levels)
    std::string level;     ///< --level FILE: open this level (practice/results) or select it
    std::string dots;      ///< --dots FILE.csv: an attempt to show (practice/results)
    std::string photo;     ///< --photo FILE: a photo of the level's practice sheet (scan/results)
    std::string screen =
        "select"; ///< --screen NAME: a trainerScreens() name (screenshots; the window starts there too)
    std::string screenshot; ///< --screenshot OUT.png: render one screen offscreen and exit
    unsigned width = 1280, height = 960;
    bool sizeGiven = false; ///< --size was given (else the window's size follows the display and --scale)
    float scale = 0;        ///< --scale X: the interface's size on screen, 0.5 to 4 (0 = from the display)
    int frames = 0;         ///< --frames N: close the window after N frames (0 = run until closed)
    bool card = false;    ///< --screen results as a score card picture: no buttons, as tall as its rows need
    bool help = false;    ///< --help-overlay: screenshots show the F1 help over the screen
    bool healed = false;  ///< --healed: the practice screen shows every dot as it will heal (key T)
    std::string quizBank; ///< --bank FILE: the quiz screens' bank, or a rule book (scenario questions)
    unsigned long long quizSeed = 1; ///< --seed S: which quiz is drawn (quiz screens)
    int quizCount = 10;              ///< --count N: questions in the quiz (quiz screens)
    int quizQuestion = 1;            ///< --question K: the question --screen quiz shows (1-based)
    std::string quizAnswers;         ///< --answers FILE: an answer file graded for --screen quiz-review
    double quizTimeLimit = 0.0;      ///< --time-limit S: the quiz's time limit in seconds (0 = none)
    bool quizExam = false;           ///< --quiz-exam: feedback at the end instead of after each answer
    std::string exam;                ///< --exam FILE: the exam the X key opens (default: the foundation exam)
    std::string examCandidate; ///< --candidate ID: exam screens' candidate (screenshots, sign-in prefilled)
    std::string examName;      ///< --name NAME: the candidate's name (exam screenshots, sign-in prefilled)
    std::string
        examStation; ///< --station NAME: this exam station ("" = $STIPPLE_STATION, else the host name)
    std::string examUserData;    ///< --user-data DIR: exam recordings, keys/ and results.db ("" =
                                 ///< $STIPPLE_USER_DATA, else the XDG data dir)
    std::string examRecording;   ///< --recording FILE: a closed exam recording shown by --screen exam-final
    std::string replayRecording; ///< --replay FILE: the recording shown by --screen replay (`stipple replay`)
    int replayAttempt = 0;       ///< --replay-attempt N: its practical attempt (1-based; 0 = the first)
    std::string replayBase; ///< --replay-base DIR: resolves the recording's relative paths ("" = working dir)
    double replaySpeed = 1.0; ///< --replay-speed X: playback speed, 0.25 to 16
    long long replayAt =
        -1;         ///< --replay-at TICK: start there (-1: the window from tick 0, a screenshot at the end)
    std::string db; ///< --db FILE: the results database for practice history (default: the data dir's)
    std::string trainee;      ///< --trainee NAME: whose history and best scores ("" = unnamed)
    bool showHelp = false;    ///< -h/--help among the trainer's options: print the usage, exit 0
    bool showVersion = false; ///< --version among them
};

/// The interface scale a desktop of this size wants when --scale is not given: 1 up to 1440
/// rows, then the desktop's rows / 1080 in steps of 0.5 (2 on a 3840×2160 display, whose
/// pixels are about half the size of a 1080p one's).
float displayScale(sf::Vector2u desktop);

/// The size to open the window at: `wanted`, never larger than the desktop less room for the
/// title bar and panels (64 rows, 16 columns), never smaller than 800×600 unless the desktop is.
sf::Vector2u fitWindowToDesktop(sf::Vector2u wanted, sf::Vector2u desktop);

/// Parses the trainer's options (argv without the program name). False with a message on bad usage.
bool parseOptions(const std::vector<std::string>& args, Options& options, std::string& error);

/// Renders the screen `options.screen` at options.width × options.height offscreen, as the
/// window would show it after the first frames, into `image`. False with a reason on failure.
/// With `log`, it receives where every text and panel of the last frame landed.
bool renderScreen(const Options& options, sf::Image& image, std::string& error,
                  render::LayoutLog* log = nullptr);
/// The same; with a null `image` nothing is read back from the graphics card (a 2560×1440
/// picture took a fifth of a render): for callers that want only the layout `log`.
bool renderScreen(const Options& options, sf::Image* image, std::string& error, render::LayoutLog* log);

/// Runs the trainer with the command-line arguments (argv without the program name). Returns
/// the process exit code: 0 done, 1 a file could not be read or written, 2 bad usage.
int run(const std::vector<std::string>& args);

/// The trainer's options, defined once: parsed with CLI11, and the source of its usage text, its
/// man page section and its bash completion.
const CommandDef& trainerDef();

/// The usage text of the trainer's options (from trainerDef()).
std::string usage();

/// A screen the trainer starts on, as its one table of screens lists it (app.cpp): the parser,
/// the usage text, the start and the keys that open screens all read that table.
struct TrainerScreen {
    std::string name;                 ///< the --screen name
    std::string help;                 ///< what it shows, one line of the usage text
    std::vector<std::string> options; ///< the options only it reads ("--dots"); others refuse them
};
/// The trainer's screens, in the usage text's order.
std::vector<TrainerScreen> trainerScreens();

} // namespace stipple::app
