// Every version of a level that a recording used stays available by its content hash, so an
// instructor can edit a level without breaking the trainees' recordings of it. The trainer keeps
// the level file's bytes when it starts recording, as <user data>/level-versions/<sha256>.xml
// (written once, atomically; a version already kept is not rewritten). Replay and regrade load
// the level from its path when the file still has the recorded hash, else the kept version.
// A kept file whose content does not hash to its name (edited, planted or forged) is refused
// with a message saying so: a recording is only ever replayed on the exact bytes it was made on.
#pragma once

#include "record/replay.h"

#include <optional>
#include <string>

namespace stipple {

/// The folder of kept level versions in a user data folder ("" when `userDataDir` is "").
std::string levelVersionsDir(const std::string& userDataDir);
/// Where the version with this SHA-256 (64 lower-case hex digits) is kept in `dir`.
std::string levelVersionPath(const std::string& dir, const std::string& sha256);

/// Keeps `bytes` (a level file's content) in `dir` under its SHA-256; creates `dir`. True when
/// it is kept (now or before); false with `error` when it cannot be written.
bool keepLevelVersion(const std::string& dir, const std::string& bytes, std::string& error);

/// Keeps the level file at `path` if its content still hashes to `sha256` (the bytes a session
/// was just set up from); false with `error` otherwise.
bool keepLevelFileVersion(const std::string& dir, const std::string& path, const std::string& sha256,
                          std::string& error);

/// A kept version looked up by hash.
struct LevelVersion {
    enum class Status { Found, Missing, Refused };
    Status status = Status::Missing;
    std::string path;                 ///< the file looked at
    std::optional<HashedLevel> level; ///< Found: the level, with the recorded hash
    std::string problem; ///< Refused: why (its content does not match its name, or does not read)
};
LevelVersion findLevelVersion(const std::string& dir, const std::string& sha256);

/// The level an attempt was recorded with: the file at `path` when it still hashes to `sha256`,
/// else the version kept in `versionsDir`. `note` says when the kept version stood in for a
/// changed or missing file. nullopt with `error` (naming the file and the hashes) when neither is
/// the recorded level.
std::optional<HashedLevel> loadRecordedLevel(const std::string& path, const std::string& sha256,
                                             const std::string& versionsDir, std::string& note,
                                             std::string& error);

} // namespace stipple
