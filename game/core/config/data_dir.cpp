// XDG base directory lookup (the spec says a relative XDG_DATA_HOME is invalid and is ignored).
#include "config/data_dir.h"

#include <cstdlib>

namespace stipple {

std::string xdgDataDir() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && xdg[0] == '/') return std::string(xdg) + "/stipple";
    const char* home = std::getenv("HOME");
    if (home && home[0] == '/') return std::string(home) + "/.local/share/stipple";
    return {};
}

std::vector<std::string> xdgDirList(const std::string& value, const std::string& fallback) {
    const std::string dirs = value.empty() ? fallback : value;
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        if (end > start && dirs[start] == '/') out.push_back(dirs.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

} // namespace stipple
