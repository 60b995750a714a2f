// `stipple` opens the trainer; `stipple <subcommand> ...` runs a headless command.
#include "app/app.h"
#include "cli/cli.h"
#include "io/files.h"

#include <clocale>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::setlocale(LC_ALL, "C"); // numbers are read and written the same everywhere
    stipple::ignoreFileSizeSignal(); // a file-size limit is a write error with a message, not a kill
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && stipple::cli::isCommand(args[0])) return stipple::cli::run(args);
    return stipple::app::run(args);
}
