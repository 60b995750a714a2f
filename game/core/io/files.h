// File input and output with reasons instead of exceptions, and crash-safe writes: a file is
// written beside its destination, flushed to disk, then renamed over it, so a crash or power cut
// leaves either the old file or the new one, never half of one.
#pragma once

#include <string>

namespace stipple {

/// Reads a whole file. On failure returns false and puts a human reason in `error`.
bool readFile(const std::string& path, std::string& contents, std::string& error);
/// Writes `contents` to `path` atomically (write to a temporary, fsync, rename, fsync the folder).
bool writeFileAtomic(const std::string& path, const std::string& contents, std::string& error);
/// Lower-case hex SHA-256 of a byte string (content hashes of levels, banks and rule files).
std::string sha256Hex(const std::string& bytes);

} // namespace stipple
