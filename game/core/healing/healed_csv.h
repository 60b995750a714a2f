// Healed dots as CSV: what `stipple heal` writes — one row per input dot, in the input's order,
// so that row n of the healed file is row n of the attempt. Columns:
//
//   x_mm,y_mm            the dot's centre (healing does not move dots)
//   diameter_mm          visible diameter after healing (0 for a lost dot)
//   opacity              0..1 over the skin or scar tissue beneath
//   blur_mm              edge softness (Gaussian sigma)
//   blue_shift           0..1 towards blowout blue
//   colour               the pigment's colour as seen, #rrggbb
//   state                healed | faded | spread | blowout | lost (the worst that applies)
//   session              0-based, as in the attempt
//   scar                 id of the <scar> beneath, empty on normal scalp
//   fresh_diameter_mm,depth_mm   the strike, for reference
//
// Numbers in the shortest form that reads back to the same value. Not a dots file: the dots
// reader refuses these columns on purpose (feeding healed sizes where fresh ones are expected
// would halve them twice).
#pragma once

#include "healing/healing_model.h"

#include <span>
#include <string>

namespace stipple {

/// The state word of a healed dot ("healed", "faded", "spread", "blowout", "lost").
const char* healedState(const HealedDot& dot);

/// The CSV text; `look[i]` healed from `dots[i]` (same length).
std::string formatHealedCsv(const Level& level, std::span<const Dot> dots, std::span<const HealedDot> look);
/// formatHealedCsv written atomically (io/files.h); false with a reason on failure.
bool writeHealedCsv(const std::string& path, const Level& level, std::span<const Dot> dots,
                    std::span<const HealedDot> look, std::string& error);

} // namespace stipple
