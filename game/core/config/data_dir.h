// Where Stipple keeps a user's data when no path is given: the XDG base directory
// ($XDG_DATA_HOME/stipple, else ~/.local/share/stipple). The results database and the academy's
// key pair live there by default; every command takes --db / --dir to choose another place.
#pragma once

#include <string>
#include <vector>

namespace stipple {

/// $XDG_DATA_HOME/stipple when XDG_DATA_HOME is an absolute path, else $HOME/.local/share/stipple;
/// "" when neither variable is usable. (The user's data folder, which settings may move, is
/// config/station_config.h's userDataDir(); the shipped levels and assets are install/shipped_data.h's.)
std::string xdgDataDir();
/// The folders of an XDG list variable (XDG_DATA_DIRS, XDG_CONFIG_DIRS): `value` split at ':',
/// relative entries dropped (the spec says they are invalid); `fallback` when `value` is empty.
std::vector<std::string> xdgDirList(const std::string& value, const std::string& fallback);
/// xdgDataDir()/results.db ("" when there is no data directory).
std::string defaultResultsDbPath();
/// xdgDataDir()/keys ("" when there is no data directory).
std::string defaultKeyDir();

} // namespace stipple
