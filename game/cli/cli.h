// The `stipple <subcommand>` entry point. Subcommands never need a display (those that render
// images use an offscreen context). Exit codes: 0 done, 1 bad input, 2 usage error.
#pragma once

#include <string>
#include <vector>

namespace stipple::cli {

/// One subcommand: its name, a one-line summary for `stipple help`, and its entry point,
/// which receives the arguments after the subcommand name.
struct Command {
    const char* name;
    const char* summary;
    int (*run)(const std::vector<std::string>& args);
};

/// Every registered subcommand, sorted by name.
std::vector<Command> commands();

/// Registers a subcommand at static-initialisation time. Each cmd_<name>.cpp defines one:
///   static const stipple::cli::Registration kReg{{"validate", "check level files", &runValidate}};
/// (stipple_cli is an OBJECT library, so every registration is linked in.)
struct Registration {
    explicit Registration(Command command);
};
/// True when `name` is a subcommand (or help/--help/--version).
bool isCommand(const std::string& name);
/// The man page, troff (`stipple --man-page`), written from the trainer's usage and the command table.
std::string manPage();
/// The bash completion script (`stipple --bash-completion`): command names, the trainer's options,
/// and each command's options read from its --help when completing.
std::string bashCompletion();
/// Every long option ("--name") a usage text names, once each, in order of appearance.
std::vector<std::string> optionsIn(const std::string& text);
/// Runs `stipple <args...>`; args[0] is the subcommand.
int run(const std::vector<std::string>& args);

} // namespace stipple::cli
