// Example attempts for a level, in the styles instructors use to teach what good and bad work
// looks like: good (the ideal pattern placed with a steady hand), sparse (half the dots),
// clumped (dots in clusters), grid (ruler-straight rows and columns). The scorer must rank them
// the way an instructor would; `stipple generate --style` writes them for course material.
// Two styles show layering over the level's sessions (SMP.md §1.8): layered (each session a
// well-spread share of the ideal pattern, later sessions in the gaps of the earlier ones) and
// stacked (session 1 well spread, every later dot placed on top of an earlier one).
#pragma once

#include "level/level.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

enum class AttemptStyle { Good, Sparse, Clumped, Grid, Layered, Stacked };

/// "good", "sparse", "clumped", "grid", "layered", "stacked" → style; nullopt for anything else.
std::optional<AttemptStyle> parseAttemptStyle(const std::string& name);
const char* attemptStyleName(AttemptStyle style);

/// A placed dot of an example attempt (positions in mm; healed diameter; depth in mm; session
/// 0-based — always 0 except in the layered and stacked styles).
struct ExampleDot {
    Vec2 pos;
    double diameterMm = 0.2;
    double depthMm = 0.75;
    int session = 0;
    /// Pigment as Dot::shade encodes it (ink/pigment.h); 0 = not recorded (the session's
    /// own). The layered and stacked styles record each session's shade, and on a <scar> the
    /// stronger pigment a skilled hand uses there so that the healed dots match the skin around.
    uint8_t pigment = 0;
};

/// An attempt in the given style, deterministic for a seed. Dots lie inside the level's zones
/// (or, for drills with explicit targets only, around the targets). On a level with sessions or
/// a scar, good is the layered style: good work there is done session by session.
std::vector<ExampleDot> exampleAttempt(const Level& level, AttemptStyle style, uint64_t seed);

/// The pigment code (Dot::shade) a skilled hand uses at p in session k (0-based): the session's
/// shade and dilution on normal scalp; on a <scar>, which keeps only part of the pigment, the
/// shade and dilution whose healed tone on the scar tissue comes closest to the session's
/// pigment on the skin around it.
uint8_t skilledPigment(const Level& level, int session, Vec2 p);

} // namespace stipple
