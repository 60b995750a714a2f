// How a metric's value and its target band read, in the unit its explanation speaks: the results
// screen and `stipple score`'s table (and the scan's) say the same thing for the same row. The
// JSON output keeps the raw value and its unit (level/vocabulary.h).
#pragma once

#include "level/level.h"

#include <string>

namespace stipple {

/// A band reaching this far (either way) has no end there: a metric shown for information, or
/// judged on one side only.
inline constexpr double kNoMetricBand = 1e6;

/// A metric's value in its unit: "65 %" (a fraction or a coefficient of variation), "4.45×" (a
/// ratio or natural spacings), "0.81 mm", "3" (a count), "60/min"; "—" when not finite.
std::string metricValueText(double value, const std::string& unit);

/// A metric's target band in its unit: "5–28 %", "0.92× – 1.08×", "0.60–1.20 mm", "≤ 3", "≥ 78 %"
/// (no upper end); "—" for no band (a metric shown for information).
std::string metricBandText(const Range& band, const std::string& unit);

} // namespace stipple
