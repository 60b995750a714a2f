// Writing a rendered picture to disk the way all saved data is written: to a temporary file
// beside the target, then renamed over it, so a reader never sees half a PNG.
#pragma once

#include <SFML/Graphics/Image.hpp>

#include <string>

namespace stipple::app {

/// Saves `image` as PNG at `path` atomically; false with a reason on failure.
bool saveImageAtomically(const sf::Image& image, const std::string& path, std::string& error);

} // namespace stipple::app
