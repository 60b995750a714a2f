// The CLI side of healing and layering, shared by `stipple score` (the healed result, session
// by session) and `stipple heal`: which attempts are scored healed, the check of every dot's
// session against the level, and the per-session breakdown as a table and as JSON.
#pragma once

#include "level/level.h"
#include "scoring/dots_csv.h"
#include "scoring/layering.h"

#include <nlohmann/json.hpp>

#include <string>

namespace stipple::cli {

/// `stipple score` scores the healed result session by session when the dots have a session
/// column and the level has more than one session or a scar (scars need the healing model).
bool scoresHealed(const DotsCsv& dots, const Level& level);

/// Every dot's session must be one of the level's (0 .. sessions − 1); each one that is not is
/// reported at its line on stderr. False when any is out of range.
bool checkDotSessions(const DotsCsv& dots, const std::string& path, const Level& level);

/// The per-session table printed after the final scorecard.
void printSessionBreakdown(const Level& level, const LayeredScore& score);

/// {"healed": {...}, "sessions": [...]}: merged into the scorecard JSON by `stipple score`.
nlohmann::json layeredJson(const Level& level, const LayeredScore& score);

} // namespace stipple::cli
