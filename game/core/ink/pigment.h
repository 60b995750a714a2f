// The pigment a strike was made with, packed into the one byte Dot::shade has: which shade of
// the level vocabulary (knownShades(), lightest first) and how diluted. A pure encoding with no
// state, so the scorer, the canvas and the CSV reader decode a dot's pigment without the session.
//
//   code = (shadeNumber << 5) | dilutionTwentieths
//     shadeNumber        1 + index in knownShades() (1..5); 0 = not recorded
//     dilutionTwentieths round(dilution × 20), 1..20 (dilution 0.05 .. 1.00 in steps of 0.05)
//   code 0 means "no pigment recorded" (dots loaded from a bare CSV).
#pragma once

#include "level/level.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stipple {

/// A decoded pigment choice.
struct Pigment {
    int shadeIndex = -1;   ///< index into knownShades(); -1 when not recorded
    double dilution = 1.0; ///< pigment strength, 0.05..1 in steps of 0.05
    friend bool operator==(const Pigment&, const Pigment&) = default;
};

/// The smallest dilution step the trainer offers (and the byte can hold).
inline constexpr double kDilutionStep = 0.05;

/// Index of `shade` in knownShades(), or nullopt for a word not in the vocabulary.
std::optional<int> shadeIndexOf(std::string_view shade);
/// `dilution` rounded to the nearest step, or nullopt when it is not finite or rounds outside
/// [0.05, 1].
std::optional<double> quantiseDilution(double dilution);
/// The Dot::shade byte for a shade index (0..4) and an already quantised dilution.
uint8_t pigmentCode(int shadeIndex, double dilution);
/// The inverse of pigmentCode; code 0 (or a malformed code) gives shadeIndex -1.
Pigment decodePigment(uint8_t code);

/// The colour a shade of ink shows through the skin (sRGB): carbon black seen through the epidermis
/// is never pure black and slightly cool; dilution lightens it a little (the canvas also fades
/// diluted ink through alpha). Unknown shades are soft black. The canvas and quiz pictures use it.
Rgb pigmentRgb(std::string_view shade, double dilution);

} // namespace stipple
