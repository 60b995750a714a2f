#include "level/level.h"

#include <array>
#include <numbers>

namespace stipple {

std::string hexColour(Rgb c) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "#";
    for (const uint8_t v : {c.r, c.g, c.b}) {
        out += kDigits[v >> 4];
        out += kDigits[v & 15];
    }
    return out;
}

Rgb fitzpatrickColour(int type) {
    // Representative mid-tones for each type, light to dark.
    static constexpr std::array<Rgb, 6> kTones{{
        {246, 222, 203},
        {236, 199, 170},
        {224, 187, 149},
        {198, 146, 104},
        {141, 95, 64},
        {84, 56, 42},
    }};
    if (type < 1 || type > 6) return kTones[2];
    return kTones[static_cast<size_t>(type - 1)];
}

double irregularPackingLimitPerCm2(double minSpacingMm) {
    return 100.0 * 4.0 * kRandomPackingCoverage / (std::numbers::pi * minSpacingMm * minSpacingMm);
}

const Zone* Level::findZone(const std::string& zoneId) const {
    for (const auto& z : zones)
        if (z.id == zoneId) return &z;
    return nullptr;
}

} // namespace stipple
