// File input and output with reasons instead of exceptions, and crash-safe writes: a file is
// written beside its destination, flushed to disk, then renamed over it, so a crash or power cut
// leaves either the old file or the new one, never half of one.
#pragma once

#include <cstdint>
#include <string>

namespace stipple {

/// Largest file readFile reads by default (1 GiB, the recording limit): a bigger one is refused
/// with its size instead of exhausting memory. Only regular files are read (a FIFO would block,
/// a device might never end): anything else is refused, named for what it is.
inline constexpr int64_t kMaxReadFileBytes = int64_t{1} << 30;

/// Why a file of this st_mode is not read ("is a FIFO (named pipe), not a regular file: ..."):
/// only regular files are read, never a FIFO, device or socket that could block or never end.
std::string notRegularFileReason(unsigned mode);
/// True when `path` is a regular file (following symlinks); otherwise false and the reason.
bool checkRegularFile(const std::string& path, std::string& error);
/// Reads a whole file of at most `maxBytes` bytes. On failure returns false and puts a human
/// reason in `error` ("file too large: N bytes (the limit is M MiB)" above the limit).
bool readFile(const std::string& path, std::string& contents, std::string& error,
              int64_t maxBytes = kMaxReadFileBytes);
/// How writeFileAtomic makes a new file.
struct WriteOptions {
    /// Permission bits of a new file (the umask applies unless `privateFile`).
    unsigned mode = 0644;
    /// Exactly `mode` whatever the umask, and a symlink at the path is replaced, never followed
    /// (a secret key: a planted link must not send it elsewhere).
    bool privateFile = false;
    /// Refuse when something is at the path already ("it already exists"): made without a window
    /// in which another writer's file could be replaced.
    bool exclusive = false;
};

/// The one writer of every output. `path` "-" is standard output. A regular file (or none) is
/// replaced atomically: written to a unique temporary in the same folder (created exclusively with
/// the intended mode), flushed, renamed over the path, the folder flushed, so a crash leaves the
/// old file or the new one and two writers never clash. A symlink is followed and its target
/// replaced, the link kept. A FIFO, a device or standard output (/dev/stdout, /dev/fd/N) is written
/// directly, never replaced. On failure (a full disk, a file-size limit: run ignoreFileSizeSignal
/// first) no temporary is left and `error` says "cannot write PATH: reason".
bool writeFileAtomic(const std::string& path, const std::string& contents, std::string& error,
                     const WriteOptions& options = {});
/// True for the paths that name standard output ("-", /dev/stdout, /dev/fd/1): a command that
/// writes there prints nothing else on standard output ("wrote FILE").
bool isStandardOutput(const std::string& path);
/// Makes a file-size limit (RLIMIT_FSIZE) a write error (EFBIG) instead of the SIGXFSZ that kills
/// the process mid-write: called once at start-up by the program.
void ignoreFileSizeSignal();
/// Lower-case hex SHA-256 of a byte string (content hashes of levels, banks and rule files).
std::string sha256Hex(const std::string& bytes);

} // namespace stipple
