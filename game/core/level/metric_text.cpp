#include "level/metric_text.h"

#include "io/numbers.h"

#include <cmath>

namespace stipple {

namespace {

constexpr const char* kDash = "\xE2\x80\x94";   // —
constexpr const char* kEnDash = "\xE2\x80\x93"; // –
constexpr const char* kTimes = "\xC3\x97";      // ×

std::string fixed(double value, int decimals) {
    if (!std::isfinite(value)) return kDash;
    return formatFixed(value, decimals);
}

} // namespace

std::string metricValueText(double v, const std::string& unit) {
    if (unit == "fraction") return fixed(v * 100.0, v < 0.1 && v > 0 ? 1 : 0) + " %";
    // A coefficient of variation reads as its explanation gives it: "varies by 65 %", not "0.65".
    if (unit == "CV") return fixed(v * 100.0, 0) + " %";
    if (unit == "count") return fixed(v, 0);
    // A bald spot in natural spacings reads as its explanation says it: "8.8× the natural spacing".
    if (unit == "ratio" || unit == "spacings") return fixed(v, 2) + kTimes;
    if (unit == "mm") return fixed(v, 2) + " mm";
    if (unit == "strikes/min") return fixed(v, 0) + "/min";
    return fixed(v, 2);
}

std::string metricBandText(const Range& b, const std::string& unit) {
    if (b.min <= -kNoMetricBand) return kDash;
    if (b.max >= kNoMetricBand) return "\xE2\x89\xA5 " + metricValueText(b.min, unit); // ≥ 78 %
    // One unit after the pair reads better and fits a column: "0.00–0.15 mm".
    if (unit == "mm") return fixed(b.min, 2) + kEnDash + fixed(b.max, 2) + " mm";
    if (unit == "CV") return fixed(b.min * 100.0, 0) + kEnDash + fixed(b.max * 100.0, 0) + " %";
    if (unit == "fraction")
        return fixed(b.min * 100.0, 0) + kEnDash + fixed(b.max * 100.0, b.max < 0.1 && b.max > 0 ? 1 : 0) +
               " %";
    if (unit == "count" && b.min == 0) return "\xE2\x89\xA4 " + metricValueText(b.max, unit);
    return metricValueText(b.min, unit) + " " + kEnDash + " " + metricValueText(b.max, unit);
}

} // namespace stipple
