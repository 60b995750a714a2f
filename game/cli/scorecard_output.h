// The scorecard as `stipple score` prints it (a table, or JSON), shared with `stipple scan --score`.
#pragma once

#include "level/level.h"
#include "scoring/scorecard.h"

#include <nlohmann/json.hpp>

namespace stipple::cli {

/// The table: every metric's value, band, sub-score, weight and explanation, the metrics not
/// measured and why, vetoes, the overall number and the verdict.
void printScorecard(const Level& level, const Scorecard& card);
/// The same as JSON ("metrics", "not_measured", "vetoes", "overall", "passed", ...).
nlohmann::json scorecardJson(const Level& level, const Scorecard& card);

} // namespace stipple::cli
