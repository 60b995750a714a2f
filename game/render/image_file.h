// Writing a rendered picture the way every output is written (io/files.h writeFileAtomic): a
// regular file is replaced atomically, so a reader never sees half a PNG; a symlink, a FIFO or
// standard output is written as it is.
#pragma once

#include <SFML/Graphics/Image.hpp>

#include <string>

namespace stipple::render {

/// Saves `image` as PNG at `path` atomically; false with a reason on failure.
bool saveImageAtomically(const sf::Image& image, const std::string& path, std::string& error);

} // namespace stipple::render
