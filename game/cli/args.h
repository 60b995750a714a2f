// The subcommands' command lines: parsed with CLI11 against each command's CommandDef
// (cmdline/command_line.h), which also gives its help, its man page section and its completion.
// Unknown options and option values that are not UTF-8 are usage errors (exit code 2).
#pragma once

#include "cmdline/command_line.h"

namespace stipple::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;
inline constexpr int kExitUsage = 2;

using Args = CommandLine;

} // namespace stipple::cli
