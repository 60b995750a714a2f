// Packing a pigment choice into Dot::shade; the layout is documented in pigment.h.
#include "ink/pigment.h"

#include <algorithm>
#include <cmath>

#include "level/vocabulary.h"

#include <cassert>
#include <cmath>

namespace stipple {

std::optional<int> shadeIndexOf(std::string_view shade) {
    const auto shades = knownShades();
    for (std::size_t i = 0; i < shades.size(); ++i)
        if (shades[i] == shade) return static_cast<int>(i);
    return std::nullopt;
}

std::optional<double> quantiseDilution(double dilution) {
    if (!std::isfinite(dilution)) return std::nullopt;
    const double steps = std::round(dilution / kDilutionStep);
    if (steps < 1.0 || steps > 20.0) return std::nullopt;
    return steps * kDilutionStep;
}

uint8_t pigmentCode(int shadeIndex, double dilution) {
    assert(shadeIndex >= 0 && shadeIndex < static_cast<int>(knownShades().size()) && shadeIndex < 7 &&
           "pigmentCode: shade index out of the vocabulary (3 bits hold at most 7 shades)");
    const auto steps = static_cast<int>(std::lround(dilution / kDilutionStep));
    assert(steps >= 1 && steps <= 20 && "pigmentCode: quantise the dilution first");
    return static_cast<uint8_t>(((shadeIndex + 1) << 5) | steps);
}

Pigment decodePigment(uint8_t code) {
    const int shadeNumber = code >> 5;
    const int steps = code & 31;
    if (shadeNumber == 0 || shadeNumber > static_cast<int>(knownShades().size()) || steps < 1 || steps > 20)
        return {};
    return {shadeNumber - 1, steps * kDilutionStep};
}

Rgb pigmentRgb(std::string_view shade, double dilution) {
    Rgb c{44, 44, 48};
    if (shade == "light-grey")
        c = {128, 128, 132};
    else if (shade == "mid-grey")
        c = {96, 96, 101};
    else if (shade == "dark-grey")
        c = {68, 68, 73};
    else if (shade == "black")
        c = {26, 26, 30};
    const double d = std::clamp(dilution, 0.0, 1.0);
    auto mix = [d](uint8_t v) { return static_cast<uint8_t>(std::lround(v + (170 - v) * (1.0 - d) * 0.5)); };
    return {mix(c.r), mix(c.g), mix(c.b)};
}

} // namespace stipple
