#include "ink/dots.h"

namespace stipple {

std::vector<Vec2> dotPositions(std::span<const Dot> dots) {
    std::vector<Vec2> out;
    out.reserve(dots.size());
    for (const Dot& d : dots)
        out.push_back(d.pos);
    return out;
}

std::vector<double> dotDiameters(std::span<const Dot> dots) {
    std::vector<double> out;
    out.reserve(dots.size());
    for (const Dot& d : dots)
        out.push_back(d.diameterMm);
    return out;
}

} // namespace stipple
