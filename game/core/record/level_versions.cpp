// Kept level versions: content-addressed files, checked against their names on every read.
#include "record/level_versions.h"

#include "io/files.h"
#include "io/xml.h"
#include "level/level_reader.h"

#include <filesystem>

namespace stipple {

namespace fs = std::filesystem;

namespace {

bool isSha256(const std::string& s) {
    if (s.size() != 64) return false;
    for (const char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string shortHash(const std::string& sha) {
    return sha.substr(0, 16) + "...";
}

} // namespace

std::string levelVersionsDir(const std::string& userDataDir) {
    if (userDataDir.empty()) return {};
    return (fs::path(userDataDir) / "level-versions").string();
}

std::string levelVersionPath(const std::string& dir, const std::string& sha256) {
    return (fs::path(dir) / (sha256 + ".xml")).string();
}

bool keepLevelVersion(const std::string& dir, const std::string& bytes, std::string& error) {
    if (dir.empty()) {
        error = "no folder for kept level versions (no user data folder)";
        return false;
    }
    const std::string sha = sha256Hex(bytes);
    const std::string path = levelVersionPath(dir, sha);
    std::error_code ec;
    // Kept before: the same bytes (a planted file with other bytes is refused when read, and
    // replaced here so the true version is kept).
    std::string existing, readError;
    if (fs::exists(path, ec) && readFile(path, existing, readError) && existing == bytes) return true;
    fs::create_directories(dir, ec);
    if (ec) {
        error = "cannot create the level versions folder " + dir + ": " + ec.message();
        return false;
    }
    return writeFileAtomic(path, bytes, error);
}

bool keepLevelFileVersion(const std::string& dir, const std::string& path, const std::string& sha256,
                          std::string& error) {
    std::string bytes;
    if (!readFile(path, bytes, error)) return false;
    if (sha256Hex(bytes) != sha256) {
        error = path + " changed while the session was set up: its version is not kept";
        return false;
    }
    return keepLevelVersion(dir, bytes, error);
}

LevelVersion findLevelVersion(const std::string& dir, const std::string& sha256) {
    LevelVersion v;
    if (dir.empty() || !isSha256(sha256)) return v;
    v.path = levelVersionPath(dir, sha256);
    std::error_code ec;
    if (!fs::exists(v.path, ec)) return v;
    v.status = LevelVersion::Status::Refused;
    std::string bytes, error;
    if (!readFile(v.path, bytes, error)) {
        v.problem = "the kept version " + v.path + " cannot be read: " + error;
        return v;
    }
    if (const std::string actual = sha256Hex(bytes); actual != sha256) {
        v.problem = "the kept version " + v.path + " is refused: its content hashes to " + shortHash(actual) +
                    ", not to the " + shortHash(sha256) +
                    " it is named after (the file was changed or planted; "
                    "delete it: a recording is replayed only on the exact level it was made on)";
        return v;
    }
    Diagnostics diags;
    auto doc = parseXml(bytes, v.path, diags);
    std::optional<Level> level;
    if (doc) level = readLevel(*doc, diags);
    if (!level) {
        v.problem = "the kept version " + v.path + " does not read: " +
                    (diags.empty() ? std::string("unknown error") : diags.items().front().format());
        return v;
    }
    v.status = LevelVersion::Status::Found;
    v.level = HashedLevel{std::move(*level), sha256};
    return v;
}

std::optional<HashedLevel> loadRecordedLevel(const std::string& path, const std::string& sha256,
                                             const std::string& versionsDir, std::string& note,
                                             std::string& error) {
    Diagnostics diags;
    auto level = loadHashedLevel(path, diags);
    if (level && level->sha256 == sha256) return level;
    const std::string now =
        level ? "level " + path + " has changed since the recording (sha256 " + shortHash(sha256) +
                    " recorded, " + shortHash(level->sha256) + " now)"
              : "its level cannot be loaded: " +
                    (diags.empty() ? std::string("unknown error") : diags.items().front().format());
    LevelVersion kept = findLevelVersion(versionsDir, sha256);
    if (kept.status == LevelVersion::Status::Found) {
        note = now + "; replayed on the version kept when it was recorded, " + kept.path;
        return std::move(kept.level);
    }
    error = now;
    if (kept.status == LevelVersion::Status::Refused)
        error += "; " + kept.problem;
    else if (!versionsDir.empty())
        error += "; no version with that hash is kept in " + versionsDir;
    return std::nullopt;
}

} // namespace stipple
