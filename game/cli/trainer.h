// The trainer as the commands reach it. The commands never include or link the trainer
// (game/app): the one executable, game/main.cpp, links both and hands the trainer's entry points
// to the commands here. `stipple --help`, the man page and the completion list the trainer's
// options; `stipple replay` opens the trainer's replay screen; `stipple score --png` draws its
// results screen.
#pragma once

#include "cmdline/command_line.h"

#include <string>
#include <vector>

namespace stipple::cli {

struct Trainer {
    /// Runs the trainer with these options (argv without the program name): its exit code.
    int (*run)(const std::vector<std::string>& args) = nullptr;
    /// The trainer's options, defined once (help, man page, completion).
    const CommandDef& (*options)() = nullptr;
    /// The results screen as a score card (every metric row, no buttons) for the attempt `dots`
    /// on `level`, written to the PNG `png`. False with a reason.
    bool (*scorecardPicture)(const std::string& level, const std::string& dots, const std::string& png,
                             std::string& error) = nullptr;
    /// The replay screen on these trainer options: the recording and the files it names are
    /// checked first, then the window opens (or, with --screenshot, one frame is written).
    /// Returns the exit code; on 1 (bad input) or 2 (usage) `error` says why.
    int (*replay)(const std::vector<std::string>& args, std::string& error) = nullptr;
};

/// Makes the trainer reachable by the commands (game/main.cpp, before cli::run).
void setTrainer(const Trainer& trainer);
/// The trainer set by setTrainer. A command that needs it when no trainer is linked in reports
/// that and exits 1 (see haveTrainer).
const Trainer& trainer();
/// True when setTrainer gave every entry point; otherwise false with a message.
bool haveTrainer(std::string& error);

} // namespace stipple::cli
