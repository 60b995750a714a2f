// The benchmarks' scalp: one square zone of `side` mm at 100 dots/cm² (1 dot/mm², so side² dots),
// minimum spacing 0.6 mm, with a generated target pattern. Shared by bench_scorecard,
// bench_layering and callgrind_scorecard so that their figures are of the same work.
#pragma once

#include "level/level.h"

#include <string>

namespace stipple::bench {

inline Level squareLevel(double side, const std::string& id = "bench") {
    Level level;
    level.id = id;
    level.canvas.widthMm = side;
    level.canvas.heightMm = side;
    Zone z;
    z.id = "scalp";
    z.name = "scalp";
    z.outline = {{0, 0}, {side, 0}, {side, side}, {0, side}};
    z.densityPerCm2 = 100.0;
    z.minSpacingMm = 0.6;
    level.zones.push_back(z);
    level.target.generate = true;
    return level;
}

} // namespace stipple::bench
