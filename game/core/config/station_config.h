// The station's settings file: what an academy sets once per exam station or trainee machine
// instead of in environment variables or on every command line. An INI file:
//
//   # /etc/xdg/stipple/stipple.conf (every user) or ~/.config/stipple/stipple.conf (one user)
//   store = postgresql://stipple@academy.example/results   # or a SQLite file
//   station = Room 2, PC 4
//   trainee = Zoë Martin
//   data = /opt/stipple/share/stipple                      # levels/ and assets/
//   user-data = /srv/stipple                               # exam recordings, keys/, results.db
//   candidates = /srv/academy/candidates.csv               # who may sit, and their extra time
//   scale = 1.5                                            # the trainer's interface size (as --scale)
//
// Precedence, highest first: a command-line option, the environment variable (STIPPLE_STORE,
// STIPPLE_STATION, STIPPLE_DATA, STIPPLE_USER_DATA), the user's file, the system file
// ($XDG_CONFIG_DIRS, default /etc/xdg), the built-in default. Headless: no SFML.
#pragma once

#include "io/diagnostics.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// The settings a file may hold; an empty value is "not set".
struct StationConfig {
    std::string store;      ///< the results store: a SQLite file or a postgresql:// URL
    std::string station;    ///< this exam station's name
    std::string trainee;    ///< whose practice history the trainer keeps
    std::string data;       ///< the shipped data folder (levels/, assets/)
    std::string userData;   ///< exam recordings, keys/, results.db
    std::string candidates; ///< the academy's candidate list (exam/candidate_list.h) for exams that name none
    std::string scale;      ///< the trainer's interface size, 0.5 to 4 (as --scale); "" = from the display
    std::vector<std::string> files; ///< the files read, lowest precedence first
};

/// Every key a settings file may hold, as written in the file ("store", ..., "user-data").
const std::vector<std::string>& stationConfigKeys();

/// Reads one file's text into `config` (keys it sets replace earlier values). Every problem is
/// reported into `diags` as path:line:col; false when there was an error (config then unchanged).
bool readStationConfig(const std::string& text, const std::string& path, StationConfig& config,
                       Diagnostics& diags);

/// The files read, lowest precedence first: each $XDG_CONFIG_DIRS entry (default /etc/xdg, the
/// last entry lowest) + /stipple/stipple.conf, then the user's: $STIPPLE_CONFIG when set, else
/// $XDG_CONFIG_HOME/stipple/stipple.conf, else ~/.config/stipple/stipple.conf.
std::vector<std::string> stationConfigPaths();

/// Loads the process's settings from stationConfigPaths() (missing files are skipped). False with
/// every problem in `diags` when a file cannot be read or has an error; the settings are then
/// left empty. Call once at start-up; stationConfig() returns what it read.
bool loadStationConfig(Diagnostics& diags);
const StationConfig& stationConfig();
/// Replaces the process's settings (tests, and the --config option).
void setStationConfig(StationConfig config);

/// The value of a setting: the environment variable `envName` when set and not empty, else the
/// settings file's `fileValue`, else "".
std::string settingFromEnvOrFile(const char* envName, const std::string& fileValue);

/// The user's data folder (exam recordings, practice recordings, keys/, results.db):
/// $STIPPLE_USER_DATA, else the settings file's user-data=, else the XDG data folder
/// (config/data_dir.h's xdgDataDir()); "" when there is none.
std::string userDataDir();

/// The key folder: keys/ in the user's data folder (userDataDir()/keys), "" when there is none.
/// Where `stipple keys init` writes the academy's or a station's key pair, where the trainer's
/// exam looks for keys/academy.secret and keys/station.secret, and where the reports, `verify`,
/// `certificate` and `badge` look for the academy's key — one folder, so a station whose settings
/// move its data folder (user-data=, STIPPLE_USER_DATA) keeps its keys beside its recordings. A key
/// is data the station made, not a setting: it is not kept under $XDG_CONFIG_HOME, whose files an
/// academy copies from station to station (and /etc/xdg/stipple for every user).
std::string defaultKeyDir();
/// Where the commands looked for keys before they followed the data folder: the XDG data folder's
/// keys/ (config/data_dir.h's xdgDataDir()/keys); "" when that is `keyDir` (default
/// defaultKeyDir()) itself.
std::string legacyKeyDir();
std::string legacyKeyDir(const std::string& keyDir);
/// THE key lookup, for the commands and the trainer alike: the key file `name` (e.g.
/// "academy.public") in keys/ of the data folder `dataDir`; when it is not there but is in the
/// legacy folder (legacyKeyDir), that one, so a station set up before keeps working, and `note`
/// says where the keys now belong and how to move them (the commands print it on standard error,
/// the trainer on the screen that used the key). "" when `dataDir` is "".
std::string keyFileIn(const std::string& dataDir, const std::string& name, std::string* note = nullptr);
/// keyFileIn(userDataDir(), name, note): the key folder of defaultKeyDir().
std::string defaultKeyFile(const std::string& name, std::string* note = nullptr);

} // namespace stipple
