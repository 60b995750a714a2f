// The dot: what one strike leaves on the skin, as the scorer, the recorder, the CSV files and
// the canvas see it. Kept to 32 bytes because 100,000 placed dots, their index and their live
// metrics must fit in 64 bytes each (SCORING.md): the position is double (statistics must
// match spatstat to 1e-9), size and depth are float (7 significant digits is a ten-thousandth
// of a micrometre on a 0.2 mm dot), session and shade are small integers.
#pragma once

#include "geometry/vec2.h"

#include <cstdint>
#include <span>
#include <vector>

namespace stipple {

/// One placed dot. Healing does not modify it: healed size is derived by the healing model.
struct Dot {
    Vec2 pos;                ///< centre on the skin plane, mm
    float diameterMm = 0.0f; ///< fresh (just-implanted) diameter, mm
    float depthMm = 0.0f;    ///< needle depth, mm
    int32_t tick = 0;        ///< simulation tick of the strike (fixed step; see session/)
    int16_t session = 0;     ///< session (layer) index, 0-based
    uint8_t shade = 0;       ///< pigment shade / dilution id (the level's shade list; 0 = default)
    uint8_t flags = 0;       ///< reserved for the healing model (e.g. lost, blowout); 0 today

    friend bool operator==(const Dot&, const Dot&) = default;
};
static_assert(sizeof(Dot) == 32, "Dot must stay 32 bytes (SCORING.md memory budget)");

/// The positions of `dots`, in order (the input of the point-pattern statistics).
std::vector<Vec2> dotPositions(std::span<const Dot> dots);
/// The diameters of `dots` as doubles, in order.
std::vector<double> dotDiameters(std::span<const Dot> dots);

} // namespace stipple
