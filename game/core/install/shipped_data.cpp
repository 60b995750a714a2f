// Data lookup for installed, unpacked and build-tree copies of Stipple.
#include "install/shipped_data.h"

#include "config/data_dir.h"
#include "config/station_config.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace stipple {

namespace fs = std::filesystem;

namespace {

std::string normal(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::path(path), ec);
    if (ec) p = fs::path(path).lexically_normal();
    std::string s = p.string();
    while (s.size() > 1 && s.back() == '/')
        s.pop_back();
    return s;
}

std::string& optionOverride() { // --data
    static std::string dir;
    return dir;
}

} // namespace

bool isShippedDataDir(const std::string& dir) {
    if (dir.empty()) return false;
    std::error_code ec;
    return fs::is_directory(fs::path(dir) / "levels", ec) &&
           fs::is_regular_file(fs::path(dir) / "assets" / "fonts" / "DejaVuSans.ttf", ec);
}

std::string findShippedData(const ShippedDataSearch& search, std::vector<std::string>* tried) {
    if (!search.explicitDir.empty()) return search.explicitDir;
    std::vector<std::string> candidates;
    if (!search.exeDir.empty()) candidates.push_back(normal(search.exeDir + "/../share/stipple"));
    // The XDG base directory spec: an empty or unset XDG_DATA_DIRS means /usr/local/share:/usr/share.
    for (const auto& dir : xdgDirList(search.xdgDataDirs, "/usr/local/share:/usr/share"))
        candidates.push_back(normal(dir + "/stipple"));
    // A binary inside its build tree (the program, or a test in build/tests) reads the source tree.
    if (!search.exeDir.empty() && !search.buildTree.empty() && !search.sourceTree.empty()) {
        const std::string exe = normal(search.exeDir), build = normal(search.buildTree);
        if (exe == build || exe.rfind(build + "/", 0) == 0) candidates.push_back(search.sourceTree);
    }
    for (const auto& dir : candidates) {
        if (tried) tried->push_back(dir);
        if (isShippedDataDir(dir)) return dir;
    }
    return {};
}

std::string executableDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return exe.parent_path().string();
}

ShippedDataSearch shippedDataSearchFromProcess() {
    ShippedDataSearch s;
    if (const char* env = std::getenv("STIPPLE_DATA"); env && *env) s.explicitDir = env;
    s.exeDir = executableDir();
    if (const char* env = std::getenv("XDG_DATA_DIRS"); env) s.xdgDataDirs = env;
#ifdef STIPPLE_BUILD_TREE
    s.buildTree = STIPPLE_BUILD_TREE;
    s.sourceTree = STIPPLE_SOURCE_TREE;
#endif
    return s;
}

void setShippedDataOverride(const std::string& dir) {
    optionOverride() = dir;
}

std::string shippedDataDir() {
    // Precedence: the --data option, then $STIPPLE_DATA, then the settings file, then the search.
    if (!optionOverride().empty()) return optionOverride();
    ShippedDataSearch s = shippedDataSearchFromProcess();
    if (s.explicitDir.empty()) s.explicitDir = stationConfig().data;
    return findShippedData(s);
}

std::string shippedDataError() {
    ShippedDataSearch s = shippedDataSearchFromProcess();
    std::vector<std::string> tried;
    if (findShippedData(s, &tried).empty()) {
        std::string list;
        for (const auto& t : tried)
            list += (list.empty() ? "" : ", ") + t;
        return "cannot find Stipple's data (levels/ and assets/): looked in " + list +
               "; set STIPPLE_DATA to the folder that holds them, or reinstall the package";
    }
    return {};
}

} // namespace stipple
