// Every version of a level that a recording used stays available by its content hash, so an
// instructor can edit a level without breaking the trainees' recordings of it. The trainer keeps
// the level file's bytes when it starts recording, as <user data>/level-versions/<sha256>.xml
// (written once, atomically; a version already kept is not rewritten); an exam sitting keeps
// every level of the exam when it starts; the editor keeps the version a save replaces when
// recordings or results known to it used it. Replay, regrade, an exam's grading and a resumed
// sitting load the level from its path when the file still has the recorded hash, else the kept
// version. A kept file whose content does not hash to its name (edited, planted or forged) is
// refused with a message saying so: a recording is only ever replayed on the exact bytes it was
// made on. A level file copied into the folder by hand under another name is found by its content.
#pragma once

#include "record/replay.h"

#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// Hashes and parses a level file's `bytes` (`name` locates the diagnostics): a kept version, or
/// the bytes an exam's materials were read from.
std::optional<HashedLevel> parseHashedLevel(const std::string& bytes, const std::string& name,
                                            Diagnostics& diags);

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
    std::string bytes;                ///< Found: the kept file's content
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

/// What to do when the version a recording used is not kept in `versionsDir`: one sentence, for
/// the end of a message that already names the recording, the level and the hash.
std::string missingVersionAdvice(const std::string& versionsDir);

/// One version of a level, as the recordings and results known here used it.
struct LevelVersionUse {
    std::string sha256;
    int recordings = 0; ///< recordings that name this version of the level
    int results = 0;    ///< results (practice history rows) made on it
    bool kept = false;  ///< kept in the versions folder, its content matching its name
};

/// The versions of the level `levelId`, whose file is `levelPath`, that the recordings under
/// `recordingDirs` (*.stiprec, searched recursively; only their headers are read) and the results
/// `resultSha256s` (the results store's rows of that level, one hash each) used, most used first,
/// each with whether it is kept in `versionsDir`. A recording counts when it names the same file,
/// or a version that the file has now, a result of the level or a kept copy with the same level
/// id vouches for.
std::vector<LevelVersionUse> levelVersionUses(const std::string& levelPath, const std::string& levelId,
                                              const std::vector<std::string>& recordingDirs,
                                              const std::vector<std::string>& resultSha256s,
                                              const std::string& versionsDir);

} // namespace stipple
