// PNG output for `stipple replay --screenshot` and `stipple certificate --png`.
#include "app/image_file.h"

#include <filesystem>

namespace stipple::app {

bool saveImageAtomically(const sf::Image& image, const std::string& path, std::string& error) {
    // SFML picks the format from the extension, so the temporary name keeps ".png".
    const std::string temporary = path + ".partial.png";
    if (!image.saveToFile(temporary)) {
        error = "cannot write " + path;
        return false;
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        error = "cannot write " + path + ": " + ec.message();
        std::filesystem::remove(temporary, ec);
        return false;
    }
    return true;
}

} // namespace stipple::app
