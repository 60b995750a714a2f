// Kept level versions: content-addressed files, checked against their names on every read.
#include "record/level_versions.h"

#include "io/files.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "record/recording_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

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

std::optional<HashedLevel> parseHashedLevel(const std::string& bytes, const std::string& name,
                                            Diagnostics& diags) {
    auto doc = parseXml(bytes, name, diags);
    if (!doc) return std::nullopt;
    auto level = readLevel(*doc, diags);
    if (!level) return std::nullopt;
    return HashedLevel{std::move(*level), sha256Hex(bytes)};
}

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
    if (!fs::exists(v.path, ec)) {
        // A level file put here by hand (restored from a backup) under any name: found by its
        // content, which must hash to the recorded version, so a name proves nothing either way.
        for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
             it.increment(ec)) {
            if (!it->is_regular_file(ec) || it->path().extension() != ".xml" ||
                it->file_size(ec) > (std::uintmax_t{4} << 20))
                continue;
            std::string bytes, error;
            if (readFile(it->path().string(), bytes, error) && sha256Hex(bytes) == sha256) {
                v.path = it->path().string();
                break;
            }
        }
        if (!fs::exists(v.path, ec)) return v;
    }
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
    auto level = parseHashedLevel(bytes, v.path, diags);
    if (!level) {
        v.problem = "the kept version " + v.path + " does not read: " +
                    (diags.empty() ? std::string("unknown error") : diags.items().front().format());
        return v;
    }
    v.status = LevelVersion::Status::Found;
    v.level = std::move(level);
    v.bytes = std::move(bytes);
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
        error += "; no version with that hash is kept in " + versionsDir + ": " +
                 missingVersionAdvice(versionsDir);
    return std::nullopt;
}

std::string missingVersionAdvice(const std::string& versionsDir) {
    return "copy that version of the level file (from a backup, or the level-versions folder of the "
           "computer that recorded it) into " +
           (versionsDir.empty() ? std::string("the data folder's level-versions folder (--user-data DIR)")
                                : versionsDir) +
           ", where it is found by its content whatever its name, and run again";
}

namespace {

/// The header of the recording at `path`, read from its first bytes (a whole file only when the
/// header is longer): scanning a folder of long recordings reads a few kilobytes of each.
std::optional<RecordingHeader> recordingHeaderOf(const std::string& path) {
    constexpr std::size_t kPrefix = 64 * 1024;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string prefix(kPrefix, '\0');
    in.read(prefix.data(), static_cast<std::streamsize>(kPrefix));
    prefix.resize(static_cast<std::size_t>(in.gcount()));
    RecordingRead read = parseRecording(prefix, path);
    if (!read.recording && prefix.size() == kPrefix) read = readRecording(path);
    if (!read.recording) return std::nullopt;
    return std::move(read.recording->header);
}

std::string sameFileKey(const std::string& path) {
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(path, ec);
    return ec ? fs::path(path).lexically_normal().string() : p.string();
}

} // namespace

std::vector<LevelVersionUse> levelVersionUses(const std::string& levelPath, const std::string& levelId,
                                              const std::vector<std::string>& recordingDirs,
                                              const std::vector<std::string>& resultSha256s,
                                              const std::string& versionsDir) {
    std::map<std::string, LevelVersionUse> uses;
    // The hashes known to be this level: its file now, and every result of it.
    std::set<std::string> known;
    std::string bytes, error;
    if (readFile(levelPath, bytes, error)) known.insert(sha256Hex(bytes));
    for (const std::string& sha : resultSha256s) {
        known.insert(sha);
        uses[sha].results++;
    }
    const std::string file = sameFileKey(levelPath);
    // The kept versions by their content's hash (each file read once; a file whose content does
    // not match its name counts for the hash of its content, never for its name's).
    std::map<std::string, std::string> kept;
    std::error_code dirError;
    for (auto it = fs::directory_iterator(versionsDir.empty() ? fs::path() : fs::path(versionsDir), dirError);
         !dirError && it != fs::directory_iterator(); it.increment(dirError)) {
        std::string text, readError;
        if (it->is_regular_file(dirError) && it->path().extension() == ".xml" &&
            it->file_size(dirError) <= (std::uintmax_t{4} << 20) &&
            readFile(it->path().string(), text, readError))
            kept.emplace(sha256Hex(text), std::move(text));
    }
    std::map<std::string, bool> keptIsThisLevel; // kept versions of other paths looked at, by hash
    auto isThisLevel = [&](const RecordedFile& f) {
        if (known.count(f.sha256) || sameFileKey(f.path) == file) return true;
        const auto version = kept.find(f.sha256);
        if (version == kept.end() || levelId.empty()) return false;
        auto it = keptIsThisLevel.find(f.sha256);
        if (it == keptIsThisLevel.end()) {
            Diagnostics ignored;
            const auto level = parseHashedLevel(version->second, f.sha256, ignored);
            it = keptIsThisLevel.emplace(f.sha256, level && level->level.id == levelId).first;
        }
        return it->second;
    };
    constexpr int kMaxFiles = 20000; // a station's lifetime of recordings; more is not a level's
    int seen = 0;
    for (const std::string& dir : recordingDirs) {
        std::error_code ec;
        if (dir.empty() || !fs::is_directory(dir, ec)) continue;
        for (auto it =
                 fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator() && seen < kMaxFiles; it.increment(ec)) {
            if (!it->is_regular_file(ec) || it->path().extension() != kRecordingExtension) continue;
            ++seen;
            const auto header = recordingHeaderOf(it->path().string());
            if (!header) continue;
            std::set<std::string> counted; // a recording counts once per version
            for (const RecordedFile& f : header->files)
                if (f.role == "level" && isThisLevel(f) && counted.insert(f.sha256).second)
                    uses[f.sha256].recordings++;
        }
    }
    std::vector<LevelVersionUse> out;
    for (auto& [sha, use] : uses) {
        use.sha256 = sha;
        use.kept = kept.count(sha) > 0;
        out.push_back(use);
    }
    std::stable_sort(out.begin(), out.end(), [](const LevelVersionUse& a, const LevelVersionUse& b) {
        return a.recordings + a.results > b.recordings + b.results;
    });
    return out;
}

} // namespace stipple
