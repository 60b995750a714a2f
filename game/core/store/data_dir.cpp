// XDG base directory lookup (the spec says a relative XDG_DATA_HOME is invalid and is ignored).
#include "store/data_dir.h"

#include <cstdlib>

namespace stipple {

std::string defaultDataDir() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && xdg[0] == '/') return std::string(xdg) + "/stipple";
    const char* home = std::getenv("HOME");
    if (home && home[0] == '/') return std::string(home) + "/.local/share/stipple";
    return {};
}

std::string defaultResultsDbPath() {
    const std::string dir = defaultDataDir();
    return dir.empty() ? dir : dir + "/results.db";
}

std::string defaultKeyDir() {
    const std::string dir = defaultDataDir();
    return dir.empty() ? dir : dir + "/keys";
}

} // namespace stipple
