// The questions a trainee saw recently, kept in a small text file so the next quiz draws fresh
// ones first (QuizOptions::recentIds). One question id a line, oldest first; lines starting with
// '#' are comments. Shared by `stipple quiz --history FILE` and the trainer's quiz screen, which
// keeps its file in the user's data folder (config/data_dir.h).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace stipple {

/// How many ids the file keeps; older ones drop off.
inline constexpr size_t kQuizHistoryLength = 200;

/// The ids in `path`, oldest first; empty when the file does not exist yet.
std::vector<std::string> readQuizHistory(const std::string& path);
/// Moves `seen` to the recent end of `ids` (oldest first), keeps the last kQuizHistoryLength and
/// writes the file atomically. False with a reason when it cannot be written.
bool writeQuizHistory(const std::string& path, std::vector<std::string> ids,
                      const std::vector<std::string>& seen, std::string& error);

} // namespace stipple
