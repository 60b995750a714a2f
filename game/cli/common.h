// Helpers shared by the subcommands: load inputs and report their problems the same way
// everywhere (GCC-style diagnostics on stderr), print usage errors (exit 2).
#pragma once

#include "level/level.h"
#include "scoring/dots_csv.h"

#include <optional>
#include <string>

namespace stipple::cli {

/// Loads and validates a level; prints its diagnostics (warnings too) on stderr.
std::optional<Level> loadLevelReporting(const std::string& path);
/// Reads a dots CSV; prints its diagnostics on stderr; false on any error.
bool readDotsReporting(const std::string& path, DotsCsv& out);
/// Prints "stipple CMD: MESSAGE" and the usage text on stderr; returns kExitUsage.
int usageError(const char* command, const std::string& message, const std::string& usage);
/// Prints "stipple CMD: MESSAGE" on stderr (the message names the file and what to do); returns
/// kExitBadInput.
int cannot(const char* command, const std::string& message);
/// The key file `name` a command reads when no option names one: `name` in the key folder
/// (config/station_config.h's defaultKeyFile), or, on a station set up before the key folder
/// followed the data folder, the old one, with a note on stderr saying where to move the keys.
/// "" when there is no key folder.
std::string defaultKeyFileNoting(const char* command, const std::string& name);
/// Checks that every dot lies on the canvas (within `slackMm`); reports each one that does not
/// as an error at its line and returns false.
bool checkDotsOnCanvas(const DotsCsv& dots, const std::string& path, const Level& level,
                       double slackMm = 1.0);

} // namespace stipple::cli
