// Test support: measurements on rendered pictures (screens, previews, healed looks) that render
// tests assert on — brightness, contrast, pixels of a colour — so every test reads pixels the
// same way. Needs SFML's graphics module (link sfml-graphics or stipple_app).
#pragma once

#include <SFML/Graphics/Color.hpp>
#include <SFML/Graphics/Image.hpp>
#include <SFML/Graphics/Rect.hpp>
#include <SFML/System/Vector2.hpp>

#include <cstddef>

namespace stipple::test {

/// Relative luminance of a colour (Rec. 709 weights), 0..255.
double luminance(sf::Color c);
/// Standard deviation of luminance over every third pixel of the image: ~0 for a blank frame.
double contrast(const sf::Image& img);
/// Mean luminance of the pixels within `r` pixels of p (pixels outside the image are skipped).
double meanLuminance(const sf::Image& img, sf::Vector2f p, int r);
/// Pixels inside `area` (clipped to the image) whose channels are each within `tol` of `c`.
std::size_t countNear(const sf::Image& img, sf::Color c, int tol, sf::IntRect area);
/// The same over the whole image (by default within 12 per channel: anti-aliased UI edges).
std::size_t countNear(const sf::Image& img, sf::Color c, int tol = 12);

} // namespace stipple::test
