// PNG output for every command that writes a picture (`stipple preview`, `score --png`,
// `heal --png`, `replay --screenshot`, `certificate --png`): one way, not a copy per command.
#include "render/image_file.h"

#include "io/files.h"

#include <SFML/System/Err.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace stipple::render {

bool saveImageAtomically(const sf::Image& image, const std::string& path, std::string& error) {
    // SFML encodes only to a named file (2.5 has no saveToMemory): the PNG is made in a private
    // folder of its own, then written to `path` by the one output writer (atomic, keeps a symlink,
    // writes a FIFO or standard output directly, "-" is standard output).
    std::string folder = (std::filesystem::temp_directory_path() / "stipple-png-XXXXXX").string();
    if (::mkdtemp(folder.data()) == nullptr) {
        error = "cannot write " + path + ": cannot make a temporary folder: " + std::strerror(errno);
        return false;
    }
    const std::string encoded = folder + "/image.png";
    // SFML reports a failed save on its own error stream too; the caller gets one clear message.
    std::streambuf* sfmlErrors = sf::err().rdbuf(nullptr);
    const bool saved = image.saveToFile(encoded);
    sf::err().rdbuf(sfmlErrors);
    std::string bytes, why;
    const bool read = saved && readFile(encoded, bytes, why);
    std::error_code ec;
    std::filesystem::remove_all(folder, ec);
    if (!read) {
        error = "cannot write " + path +
                (why.empty() ? std::string(": the picture could not be encoded") : ": " + why);
        return false;
    }
    return writeFileAtomic(path, bytes, error);
}

} // namespace stipple::render
