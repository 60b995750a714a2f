// The `stipple <subcommand>` entry point. Subcommands never need a display (those that render
// images use an offscreen context). Exit codes: 0 done, 1 bad input, 2 usage error.
#pragma once

#include "cmdline/command_line.h"

#include <string>
#include <vector>

namespace stipple::cli {

/// One subcommand: its name, a one-line summary for `stipple help`, its entry point, which
/// receives the arguments after the subcommand name, and its options' definition (help, man page
/// and completion are made from it).
struct Command {
    const char* name;
    const char* summary;
    int (*run)(const std::vector<std::string>& args);
    const CommandDef* def;
};

/// Every registered subcommand, sorted by name.
std::vector<Command> commands();

/// Registers a subcommand at static-initialisation time. Each cmd_<name>.cpp defines its
/// options once, under names of its own (the Checked build compiles several command files as one
/// unit), and registers them with its entry point:
///   const CommandDef kValidateDef{"validate", "check level files", "usage: ...", "...", {options}, "..."};
///   const Registration kValidateReg{kValidateDef, &runValidate};
/// (stipple_cli is an OBJECT library, so every registration is linked in.)
struct Registration {
    Registration(const CommandDef& def, int (*run)(const std::vector<std::string>& args));
};
/// True when `name` is a subcommand (or help/--help/--version).
bool isCommand(const std::string& name);
/// The man page, troff (`stipple --man-page`), written from the trainer's and every command's
/// option definitions.
std::string manPage();
/// The bash completion script (`stipple --bash-completion`): command names, the trainer's options
/// and each command's options, from the same definitions.
std::string bashCompletion();
/// Runs `stipple <args...>`; args[0] is the subcommand.
int run(const std::vector<std::string>& args);

} // namespace stipple::cli
