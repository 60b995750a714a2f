// PNG output for every command that writes a picture (`stipple preview`, `score --png`,
// `heal --png`, `replay --screenshot`, `certificate --png`): one way, not a copy per command.
#include "app/image_file.h"

#include <SFML/System/Err.hpp>

#include <filesystem>
#include <system_error>

namespace stipple::app {

bool saveImageAtomically(const sf::Image& image, const std::string& path, std::string& error) {
    // SFML picks the format from the extension, so the temporary name keeps ".png".
    const std::string temporary = path + ".partial.png";
    // SFML reports a failed save on its own error stream too; the caller gets one clear message.
    std::streambuf* sfmlErrors = sf::err().rdbuf(nullptr);
    const bool saved = image.saveToFile(temporary);
    sf::err().rdbuf(sfmlErrors);
    std::error_code ec;
    if (!saved) {
        error = "cannot write " + path;
        std::filesystem::remove(temporary, ec);
        return false;
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        error = "cannot write " + path + ": " + ec.message();
        std::filesystem::remove(temporary, ec);
        return false;
    }
    return true;
}

} // namespace stipple::app
