// The XDG base directories: where Stipple keeps a user's data when nothing else is set
// ($XDG_DATA_HOME/stipple, else ~/.local/share/stipple). The user's data folder — recordings,
// keys/, results.db — is config/station_config.h's userDataDir(), which settings and
// STIPPLE_USER_DATA may move away from it; every command takes an option to choose another place.
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

} // namespace stipple
