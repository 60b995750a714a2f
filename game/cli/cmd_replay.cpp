// `stipple replay RECORDING`: plays a recorded practical attempt back in the trainer window (the
// replay screen, game/app/replay_screen.h, reached through cli/trainer.h) — for a reviewer, an appeal or the
// candidate. The recording and every file it names are checked first, headlessly: a recording whose files
// have changed is refused with the reason (exit 1) rather than replayed wrongly. --screenshot renders one
// moment offscreen instead of opening a window (tests, documentation).
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/trainer.h"
#include "io/numbers.h"

#include <cstdio>

namespace stipple::cli {

namespace {

const CommandDef kReplayDef{
    "replay",
    "play a recorded attempt back in a window (speed, scrubbing) or to a PNG",
    "usage: stipple replay RECORDING [--attempt N] [--speed X] [--base DIR]\n"
    "       stipple replay RECORDING --screenshot OUT.png [--at TICK] [--attempt N] [--size WxH]\n",
    "Plays a recorded practical attempt back in a window: the handpiece moving and the dots\n"
    "appearing as they were placed, with the attempt's clock and tick. Keys: Space play/pause,\n"
    "+/- speed (0.25x to 16x), Left/Right step a second (Shift: ten), . next command, Home/End,\n"
    "click or drag the timeline to scrub, wheel/PgUp/PgDn zoom, right-drag pan, F1 all keys.\n"
    "\n"
    "Every file the recording names (exam, levels, banks, rule books) must still have the\n"
    "content hash it had when recorded (a level the trainer kept when it recorded stands in for\n"
    "a level file edited since); otherwise the replay is refused, naming the file.\n",
    {
        {"--attempt", "N", "which practical attempt (1-based, default 1; exams have one per level)"},
        {"--speed", "X", "start at this speed, 0.25 to 16 (default 1)"},
        {"--base", "DIR",
         "resolve the recording's relative paths against DIR (default: the\n"
         "working directory, as when it was recorded)"},
        {"--screenshot", "OUT.png", "render one frame offscreen to a PNG and exit (no window)"},
        {"--at", "TICK", "the moment to render (240 ticks a second; default the end)"},
        {"--size", "WxH", "window or picture size (default 1280x960)"},
        {"--user-data", "DIR",
         "the trainer's data folder: a level edited since the recording is\n"
         "replayed as the version kept in DIR/level-versions (default: $STIPPLE_USER_DATA, the\n"
         "settings file's user-data=, else ~/.local/share/stipple)"},
    },
    "Windows and screenshots need a display (headless: xvfb-run -a stipple replay ...).\n"
    "exit status: 0 done, 1 the recording cannot be replayed (unreadable, changed files) or the\n"
    "picture cannot be written, 2 usage error.\n"};

int runReplay(const std::vector<std::string>& argv) {
    const Args opt(argv, kReplayDef);
    if (opt.help()) {
        std::fputs(helpText(kReplayDef).c_str(), stdout);
        return kExitOk;
    }
    if (!opt.ok()) return usageError("replay", opt.error(), helpText(kReplayDef));
    if (opt.positional().size() != 1) return usageError("replay", "give one RECORDING", helpText(kReplayDef));
    if (opt.value("at") && !opt.value("screenshot"))
        return usageError("replay", "--at goes with --screenshot", helpText(kReplayDef));

    // The trainer's own options: parsed (and checked) by the app, like `stipple --screen replay`.
    std::vector<std::string> appArgs = {"--screen", "replay", "--replay", opt.positional()[0]};
    for (const char* name : {"attempt", "speed", "base", "at"})
        if (const auto v = opt.value(name))
            appArgs.insert(appArgs.end(), {std::string("--replay-") + name, *v});
    if (const auto dir = opt.value("user-data")) appArgs.insert(appArgs.end(), {"--user-data", *dir});
    if (const auto size = opt.value("size")) appArgs.insert(appArgs.end(), {"--size", *size});
    if (const auto shot = opt.value("screenshot")) appArgs.insert(appArgs.end(), {"--screenshot", *shot});
    std::string error;
    if (!haveTrainer(error)) {
        std::fprintf(stderr, "stipple replay: %s\n", error.c_str());
        return kExitBadInput;
    }
    // The trainer parses and checks its own options, then the recording (before anything needs
    // a display), then opens the replay screen or writes the one frame.
    const int code = trainer().replay(appArgs, error);
    if (code == kExitUsage) return usageError("replay", error, helpText(kReplayDef));
    if (code == kExitBadInput && !error.empty()) std::fprintf(stderr, "stipple replay: %s\n", error.c_str());
    return code;
}

const Registration kReplayReg{kReplayDef, &runReplay};

} // namespace

} // namespace stipple::cli
