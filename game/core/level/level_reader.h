// Reads level files, format version 1 (levels/README.md is the reference), into the plain
// Level model. Strict: every problem in a file — unknown or missing names, bad numbers, values
// out of range, broken geometry, duplicate ids, dangling references — becomes a located
// diagnostic, all of them in one pass, and a file with any error yields no Level at all.
// Works on the io/xml.h tree; knows nothing about the XML parser library.
#pragma once

#include "io/diagnostics.h"
#include "io/xml.h"
#include "level/level.h"

#include <optional>
#include <string>
#include <string_view>

namespace stipple {

/// Reads a <level> document. Errors and warnings go to `diags` (ordered by line and column);
/// returns nullopt when there is at least one error, never a half-read level.
/// Most points an outline or hairline may have: checking that it does not cross itself compares
/// every pair of edges (10,000 points: well under a second).
inline constexpr size_t kMaxOutlinePoints = 10000;

std::optional<Level> readLevel(const XmlDocument& doc, Diagnostics& diags);

/// Loads and reads a level file; a missing, empty, binary or malformed file is a located error.
std::optional<Level> loadLevelFile(const std::string& path, Diagnostics& diags);

/// The text form of <brief> and <instructions>: lines trimmed, lines of one paragraph joined by
/// a space, paragraphs separated by a blank line ("\n\n"), a line starting with "- " kept on its
/// own line. Applying it twice changes nothing.
std::string normaliseLevelText(std::string_view raw);

} // namespace stipple
