// Settings file reading: strict (an unknown key or a line that is not `key = value` is an error
// naming its line), so a typo on a station is caught the first time the program starts.
#include "config/station_config.h"

#include "io/numbers.h"

#include "config/data_dir.h"
#include "io/files.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace stipple {

namespace {

StationConfig& current() {
    static StationConfig c;
    return c;
}

std::string trim(const std::string& s) {
    const size_t a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) return {};
    const size_t b = s.find_last_not_of(" \t\r");
    return s.substr(a, b - a + 1);
}

std::string* field(StationConfig& c, const std::string& key) {
    if (key == "store") return &c.store;
    if (key == "station") return &c.station;
    if (key == "trainee") return &c.trainee;
    if (key == "data") return &c.data;
    if (key == "user-data") return &c.userData;
    if (key == "candidates") return &c.candidates;
    if (key == "scale") return &c.scale;
    return nullptr;
}

std::string envOr(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

} // namespace

const std::vector<std::string>& stationConfigKeys() {
    static const std::vector<std::string> keys{"store",     "station",    "trainee", "data",
                                               "user-data", "candidates", "scale"};
    return keys;
}

bool readStationConfig(const std::string& text, const std::string& path, StationConfig& config,
                       Diagnostics& diags) {
    StationConfig next = config;
    const int errorsBefore = diags.errorCount();
    std::string_view rest = text;
    if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3); // a BOM from a Windows editor
    int lineNo = 0;
    while (!rest.empty()) {
        const size_t nl = rest.find('\n');
        const std::string raw(rest.substr(0, nl));
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        ++lineNo;
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line.front() == '[') {
            // One section is allowed, [stipple], for files that other tools expect to have one.
            if (line != "[stipple]")
                diags.error(path, lineNo, 1,
                            "unknown section " + line + ": the settings go at the top or under [stipple]");
            continue;
        }
        const size_t eq = line.find('=');
        if (eq == std::string::npos) {
            diags.error(path, lineNo, 1, "expected 'key = value', got \"" + line + "\"");
            continue;
        }
        const std::string key = trim(line.substr(0, eq));
        std::string value = trim(line.substr(eq + 1));
        // A value in double quotes keeps its spaces and may hold '#'; otherwise ' #' starts a comment.
        if (!value.empty() && value.front() == '"') {
            const size_t close = value.find('"', 1);
            if (close == std::string::npos) {
                diags.error(path, lineNo, static_cast<int>(raw.find('"')) + 1,
                            "a quoted value has no closing '\"'");
                continue;
            }
            const std::string after = trim(value.substr(close + 1));
            if (!after.empty() && after[0] != '#' && after[0] != ';') {
                diags.error(path, lineNo, 1, "text after the quoted value of '" + key + "'");
                continue;
            }
            value = value.substr(1, close - 1);
        } else if (const size_t hash = value.find(" #"); hash != std::string::npos) {
            value = trim(value.substr(0, hash));
        }
        std::string* target = field(next, key);
        if (!target) {
            std::string known;
            for (const auto& k : stationConfigKeys())
                known += (known.empty() ? "" : ", ") + k;
            diags.error(path, lineNo, 1, "unknown setting '" + key + "' (the settings are " + known + ")");
            continue;
        }
        if (key == "scale" && !value.empty()) {
            const auto x = parseNumber(value);
            if (!x || !(*x >= 0.5 && *x <= 4.0)) {
                diags.error(
                    path, lineNo, static_cast<int>(raw.find(value, raw.find('=') + 1)) + 1,
                    "scale is the interface's size, a number from 0.5 to 4 (2 on a 4K display), got '" +
                        value + "'");
                continue;
            }
        }
        *target = value;
    }
    if (diags.errorCount() > errorsBefore) return false;
    next.files.push_back(path);
    config = std::move(next);
    return true;
}

std::vector<std::string> stationConfigPaths() {
    std::vector<std::string> paths;
    const std::vector<std::string> system = xdgDirList(envOr("XDG_CONFIG_DIRS"), "/etc/xdg");
    for (auto it = system.rbegin(); it != system.rend(); ++it) // the first entry matters most: read it last
        paths.push_back(*it + "/stipple/stipple.conf");
    if (const std::string explicitPath = envOr("STIPPLE_CONFIG"); !explicitPath.empty()) {
        paths.push_back(explicitPath);
    } else if (const std::string home = envOr("XDG_CONFIG_HOME"); !home.empty() && home[0] == '/') {
        paths.push_back(home + "/stipple/stipple.conf");
    } else if (const std::string h = envOr("HOME"); !h.empty() && h[0] == '/') {
        paths.push_back(h + "/.config/stipple/stipple.conf");
    }
    return paths;
}

bool loadStationConfig(Diagnostics& diags) {
    StationConfig config;
    bool ok = true;
    const std::string explicitPath = envOr("STIPPLE_CONFIG");
    for (const auto& path : stationConfigPaths()) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec) && path != explicitPath) continue; // no file: nothing set
        std::string text, error;
        if (!readFile(path, text, error)) {
            diags.error(path, 1, 1, "cannot read the settings file: " + error);
            ok = false;
            continue;
        }
        ok = readStationConfig(text, path, config, diags) && ok;
    }
    current() = ok ? std::move(config) : StationConfig{};
    return ok;
}

const StationConfig& stationConfig() {
    return current();
}

void setStationConfig(StationConfig config) {
    current() = std::move(config);
}

std::string settingFromEnvOrFile(const char* envName, const std::string& fileValue) {
    if (std::string env = envOr(envName); !env.empty()) return env;
    return fileValue;
}

std::string userDataDir() {
    if (std::string dir = settingFromEnvOrFile("STIPPLE_USER_DATA", stationConfig().userData); !dir.empty())
        return dir;
    return xdgDataDir();
}

std::string defaultKeyDir() {
    const std::string dir = userDataDir();
    return dir.empty() ? dir : (std::filesystem::path(dir) / "keys").string();
}

std::string legacyKeyDir() {
    return legacyKeyDir(defaultKeyDir());
}

std::string legacyKeyDir(const std::string& now) {
    const std::string xdg = xdgDataDir();
    if (xdg.empty()) return xdg;
    const std::filesystem::path legacy = std::filesystem::path(xdg) / "keys";
    std::error_code ec;
    if (!now.empty() &&
        (legacy == std::filesystem::path(now) || std::filesystem::equivalent(legacy, now, ec)))
        return "";
    return legacy.string();
}

std::string keyFileIn(const std::string& dataDir, const std::string& name, std::string* note) {
    if (dataDir.empty()) return dataDir;
    const std::string dir = (std::filesystem::path(dataDir) / "keys").string();
    const std::filesystem::path path = std::filesystem::path(dir) / name;
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return path.string();
    const std::string legacy = legacyKeyDir(dir);
    if (legacy.empty() || !std::filesystem::exists(std::filesystem::path(legacy) / name, ec))
        return path.string();
    if (note)
        *note = "the key folder is now " + dir + " (keys/ in the data folder that user-data= or " +
                "STIPPLE_USER_DATA names); using " + name + " from " + legacy +
                ", where keys were kept before. Move them into the key folder: mkdir -p '" + dir +
                "' && mv '" + legacy + "'/* '" + dir + "'/";
    return (std::filesystem::path(legacy) / name).string();
}

std::string defaultKeyFile(const std::string& name, std::string* note) {
    return keyFileIn(userDataDir(), name, note);
}

} // namespace stipple
