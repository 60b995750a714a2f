// File input and output with reasons instead of exceptions, and crash-safe writes: a file is
// written beside its destination, flushed to disk, then renamed over it, so a crash or power cut
// leaves either the old file or the new one, never half of one.
#pragma once

#include <cstdint>
#include <string>

namespace stipple {

/// Largest file readFile reads by default (1 GiB, the recording limit): a bigger one, or a device
/// that never ends, is refused with its size instead of exhausting memory.
inline constexpr int64_t kMaxReadFileBytes = int64_t{1} << 30;

/// Reads a whole file of at most `maxBytes` bytes. On failure returns false and puts a human
/// reason in `error` ("file too large: N bytes (the limit is M MiB)" above the limit).
bool readFile(const std::string& path, std::string& contents, std::string& error,
              int64_t maxBytes = kMaxReadFileBytes);
/// Writes `contents` to `path` atomically (write to a temporary, fsync, rename, fsync the folder).
bool writeFileAtomic(const std::string& path, const std::string& contents, std::string& error);
/// Lower-case hex SHA-256 of a byte string (content hashes of levels, banks and rule files).
std::string sha256Hex(const std::string& bytes);

} // namespace stipple
