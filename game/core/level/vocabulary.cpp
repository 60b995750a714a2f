#include "level/vocabulary.h"

#include <array>
#include <utility>

namespace stipple {

namespace {

// Units follow SCORING.md. "fraction" = 0..1; "count" = number of dots or pairs.
constexpr std::array<MetricInfo, 34> kMetrics{{
    {"density", "ratio", "achieved / target density per zone (1 = on target)"},
    {"evenness", "CV", "coefficient of variation of density over 5 mm cells inside each zone"},
    {"bald-spot", "spacings",
     "the largest bare spot in a zone, across, in natural spacings (1 / sqrt of the zone's density)"},
    {"clumping", "fraction",
     "share of a zone's skin farther than one natural spacing from every dot (clumps leave bare channels)"},
    {"spacing", "mm", "mean nearest-neighbour distance"},
    {"nn-cv", "CV", "coefficient of variation of nearest-neighbour distances (natural 0.09-0.16)"},
    {"min-spacing-violations", "fraction", "dots closer to a neighbour than the zone's min-spacing-mm"},
    {"overlaps", "count", "pairs of dots whose healed discs touch or overlap"},
    {"clark-evans", "R", "Clark-Evans aggregation index (natural 1.45-1.70, grid 2.0+, clumps < 1)"},
    {"psi4", "0..1", "square bond-orientational order (grids >= 0.7, natural <= 0.05)"},
    {"psi6", "0..1", "hexagonal bond-orientational order (grids >= 0.7, natural <= 0.05)"},
    {"a2", "0..1", "nearest-neighbour orientation anisotropy (rows and streaks)"},
    {"structure-peak", "S/n", "highest structure-factor peak over n (grid >= 0.5, natural ~0.005)"},
    {"spill", "fraction", "dots outside every zone"},
    {"forbidden", "count", "dots inside a forbidden area"},
    {"hairline-profile", "fraction", "RMS deviation of the density behind the hairline from its ramp"},
    {"symmetry", "mm", "mean left/right difference of the hairline about the symmetry axis"},
    {"target-hits", "fraction", "target dots matched by a placed dot within tolerance-mm"},
    {"target-error", "mm", "mean distance from matched dots to their targets"},
    {"extras", "count", "placed dots that match no target dot"},
    {"depth", "fraction", "strikes whose depth lies inside the zone's depth band"},
    {"blowouts", "count", "strikes deeper than the blowout depth"},
    {"size-cv", "CV", "coefficient of variation of healed dot diameters"},
    {"macrodots", "count", "healed dots wider than 0.5 mm"},
    {"lost", "fraction", "strikes lost at healing (too shallow, or too little pigment kept)"},
    {"pace", "strikes/min", "strikes per minute"},
    {"layering-share", "ratio", "dots a session added / its planned share of the final density"},
    {"layering-density", "ratio", "cumulative density after each session / the session's target"},
    {"layering-gaps", "fraction", "share of the gaps left by earlier sessions that a session filled"},
    {"layering-spread", "fraction",
     "share of the design a later session left without any of its dots nearby"},
    {"layering-stacking", "fraction", "new dots placed onto earlier healed dots"},
    {"layering-shade", "fraction", "strikes made with the shade the session asks for"},
    {"scar-density", "ratio", "healed dot density on a scar / the density around it"},
    {"scar-tone", "ratio", "how dark the healed dots on a scar read / the dots around it"},
}};

constexpr std::array<std::string_view, 9> kSkills{
    "placement", "spacing", "density", "depth", "hairline", "layering", "scar", "speed", "exam",
};

constexpr std::array<std::string_view, 5> kShades{
    "light-grey", "mid-grey", "dark-grey", "soft-black", "black",
};

} // namespace

std::span<const MetricInfo> knownMetrics() {
    return kMetrics;
}

const MetricInfo* findMetric(std::string_view id) {
    for (const auto& m : kMetrics)
        if (m.id == id) return &m;
    return nullptr;
}

std::span<const std::string_view> knownSkills() {
    return kSkills;
}
std::span<const std::string_view> knownShades() {
    return kShades;
}

bool isOneOf(std::string_view word, std::span<const std::string_view> list) {
    for (auto w : list)
        if (w == word) return true;
    return false;
}

std::string joinWords(std::span<const std::string_view> list) {
    std::string out;
    for (auto w : list) {
        if (!out.empty()) out += ", ";
        out += w;
    }
    return out;
}

std::string metricTitle(std::string_view id) {
    // The scorecard's own words (scoring/score_attempt.cpp, layering.cpp), without a zone.
    static constexpr std::pair<std::string_view, std::string_view> kTitles[] = {
        {"density", "Density"},
        {"evenness", "Local evenness"},
        {"bald-spot", "Bald spot"},
        {"clumping", "Clumping"},
        {"spacing", "Mean spacing"},
        {"nn-cv", "Spacing regularity"},
        {"min-spacing-violations", "Too-close dots"},
        {"overlaps", "Merged dots"},
        {"clark-evans", "Naturalness (R)"},
        {"psi4", "Square order"},
        {"psi6", "Hexagonal order"},
        {"a2", "Row alignment"},
        {"structure-peak", "Repeating pattern"},
        {"spill", "Spill"},
        {"forbidden", "Forbidden areas"},
        {"hairline-profile", "Hairline feathering"},
        {"symmetry", "Left/right symmetry"},
        {"target-hits", "Targets hit"},
        {"target-error", "Placement error"},
        {"extras", "Extra dots"},
        {"depth", "Depth"},
        {"blowouts", "Blowouts"},
        {"size-cv", "Dot size consistency"},
        {"macrodots", "Macrodots"},
        {"lost", "Lost at healing"},
        {"pace", "Pace"},
        {"layering-share", "Layering share"},
        {"layering-density", "Layering density"},
        {"layering-gaps", "Layering gaps filled"},
        {"layering-spread", "Layering spread"},
        {"layering-stacking", "Layering stacking"},
        {"layering-shade", "Layering shade"},
        {"scar-density", "Scar density"},
        {"scar-tone", "Scar tone"}};
    for (const auto& [known, title] : kTitles)
        if (known == id) return std::string(title);
    return std::string(id);
}

} // namespace stipple
