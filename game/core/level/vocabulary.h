// The closed word lists of the level format, kept in one place: metric ids (with the unit a
// metric's band is written in), skills, pigment shades. The reader refuses words not listed
// here, the writer writes only these, levels/README.md documents them, and the scorer looks
// metrics up here — so adding a metric or a shade is one line in vocabulary.cpp.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace stipple {

/// A metric the scorer knows, as a level names it in <metric id=".."> and <veto metric="..">.
struct MetricInfo {
    std::string_view id;      ///< e.g. "clark-evans"
    std::string_view unit;    ///< the unit of the metric's raw value and of its band
    std::string_view meaning; ///< one line for instructors
};

/// Every metric id, in the order SCORING.md lists them.
std::span<const MetricInfo> knownMetrics();
/// The metric with this id, or nullptr.
const MetricInfo* findMetric(std::string_view id);

/// What a trainee reads for a metric id ("Naturalness (R)" for "clark-evans", "Square order"
/// for "psi4"); the id itself when it is not a known metric.
std::string metricTitle(std::string_view id);

/// Skills a level can train (the <level skill=".."> attribute), easiest first.
std::span<const std::string_view> knownSkills();
/// Pigment shades a session can ask for (<session shade="..">), lightest first.
std::span<const std::string_view> knownShades();

/// True when `word` is in `list`.
bool isOneOf(std::string_view word, std::span<const std::string_view> list);
/// "a, b, c" — for messages and documentation.
std::string joinWords(std::span<const std::string_view> list);

} // namespace stipple
