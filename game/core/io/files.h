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
/// Writes `contents` to `path` atomically (write to a temporary, fsync, rename, fsync the folder).
bool writeFileAtomic(const std::string& path, const std::string& contents, std::string& error);
/// Lower-case hex SHA-256 of a byte string (content hashes of levels, banks and rule files).
std::string sha256Hex(const std::string& bytes);

} // namespace stipple
