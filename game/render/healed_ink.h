// How a healed dot (healing/healing_model.h) is drawn: the one conversion from the core's
// HealedDot — diameter, opacity, blur, blue shift — to the canvas renderer's InkDot, shared by
// the practice screen (earlier sessions healed, the heal animation, the healed/fresh toggle),
// the results screen (the healed final look) and `stipple heal --png`. Also the colour that
// stands for each session in pictures of who placed what, and an offscreen picture of a look.
#pragma once

#include "healing/healing_model.h"
#include "render/canvas_renderer.h"

#include <SFML/Graphics/Image.hpp>

#include <span>
#include <string>

namespace stipple::render {

/// `dot` as the canvas draws it. A blurred dot spreads the same pigment over a wider disc, so it
/// is drawn wider and fainter; a lost dot is fully transparent.
InkDot healedInk(const HealedDot& dot);

/// The colour of session `session` (0-based) in pictures of each session's contribution:
/// Okabe–Ito hues, distinguishable with the common colour-vision deficiencies; cycles after 6.
sf::Color sessionColour(int session);

/// Renders `look` on `level`'s skin (scars and zone outlines included), the whole canvas fitted
/// into `width` × `height`, offscreen into `image`. Needs a display (render/display.h); false
/// with a reason otherwise.
bool renderHealedLook(const Level& level, std::span<const HealedDot> look, unsigned width, unsigned height,
                      sf::Image& image, std::string& error);

} // namespace stipple::render
