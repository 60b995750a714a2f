// What the commands (game/cli) use of the trainer, reached through cli::Trainer (cli/trainer.h),
// which game/main.cpp fills in: the commands never include the trainer's headers.
#pragma once

#include <string>
#include <vector>

namespace stipple::app {

/// `stipple score --png`: the results screen as a score card (every metric row, no buttons) for
/// the attempt `dots` on `level`, 1600 wide, written to `png` (beside, then renamed).
bool writeScorecardPicture(const std::string& level, const std::string& dots, const std::string& png,
                           std::string& error);

/// `stipple replay`: parses the trainer options `args` (--screen replay --replay FILE ...), checks
/// the recording and every file it names, then opens the window, or writes one frame to
/// --screenshot. Returns the exit code: 2 bad usage and 1 an unreplayable recording or an
/// unwritable picture, both with `error` set; otherwise the trainer's own exit code.
int replayFromCommand(const std::vector<std::string>& args, std::string& error);

} // namespace stipple::app
