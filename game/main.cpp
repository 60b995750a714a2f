// `stipple` opens the trainer; `stipple <subcommand> ...` runs a headless command.
#include "app/app.h"
#include "app/command_entry.h"
#include "cli/cli.h"
#include "cli/trainer.h"
#include "config/station_config.h"
#include "io/files.h"

#include <clocale>
#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::setlocale(LC_ALL, "C");     // numbers are read and written the same everywhere
    stipple::ignoreFileSizeSignal(); // a file-size limit is a write error with a message, not a kill
    std::vector<std::string> args(argv + 1, argv + argc);
    // The station's settings file (store, station, trainee, data folder): read before anything
    // else runs, except the help and version texts. A broken file stops the program with every
    // problem at its line: a station must not run on half its settings.
    const bool onlyText = !args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help" ||
                                            args[0] == "--version" || args[0] == "--man-page" ||
                                            args[0] == "--bash-completion");
    if (stipple::Diagnostics diags; !onlyText && !stipple::loadStationConfig(diags)) {
        std::fputs(diags.formatAll().c_str(), stderr);
        std::fputs("stipple: fix the settings file above (or set STIPPLE_CONFIG to another one)\n", stderr);
        return 1;
    }
    // The commands reach the trainer only through these entry points (cli/trainer.h).
    stipple::cli::setTrainer({&stipple::app::run, &stipple::app::trainerDef,
                              &stipple::app::writeScorecardPicture, &stipple::app::replayFromCommand});
    if (!args.empty() && stipple::cli::isCommand(args[0])) return stipple::cli::run(args);
    return stipple::app::run(args);
}
