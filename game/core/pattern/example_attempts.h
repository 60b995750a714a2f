// Example attempts for a level, in the styles instructors use to teach what good and bad work
// looks like: good (the ideal pattern placed with a steady hand), sparse (half the dots),
// clumped (dots in clusters), grid (ruler-straight rows and columns). The scorer must rank them
// the way an instructor would; `stipple generate --style` writes them for course material.
#pragma once

#include "level/level.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

enum class AttemptStyle { Good, Sparse, Clumped, Grid };

/// "good", "sparse", "clumped", "grid" → style; nullopt for anything else.
std::optional<AttemptStyle> parseAttemptStyle(const std::string& name);
const char* attemptStyleName(AttemptStyle style);

/// A placed dot of an example attempt (positions in mm; healed diameter; depth in mm).
struct ExampleDot {
    Vec2 pos;
    double diameterMm = 0.2;
    double depthMm = 0.75;
    int session = 0;
};

/// An attempt in the given style, deterministic for a seed. Dots lie inside the level's zones
/// (or, for drills with explicit targets only, around the targets).
std::vector<ExampleDot> exampleAttempt(const Level& level, AttemptStyle style, uint64_t seed);

} // namespace stipple
