#include "sheet/sheet_files.h"

#include "io/files.h"
#include "sheet/sheet_render.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace stipple::sheet {

namespace fs = std::filesystem;

std::string writeLevelSheet(const std::string& levelPath, const Level& level, const std::string& outDir,
                            std::string& error) {
    std::string bytes;
    if (!readFile(levelPath, bytes, error)) return {};
    const auto layout = layoutSheet(level, sha256Hex(bytes), Paper::A4, false, error);
    if (!layout) return {};
    std::string pdf;
    if (!renderSheetPdf(level, *layout, pdf, error)) return {};
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec) {
        error = "cannot make the folder " + outDir + ": " + ec.message();
        return {};
    }
    const std::string path = (fs::path(outDir) / (fs::path(levelPath).stem().string() + ".pdf")).string();
    if (!writeFileAtomic(path, pdf, error)) return {};
    return path;
}

std::vector<PhotoFile> listPhotos(const std::vector<std::string>& folders) {
    std::vector<PhotoFile> out;
    for (const auto& folder : folders) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            std::string ext = entry.path().extension().string();
            for (char& c : ext)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (ext != ".jpg" && ext != ".jpeg" && ext != ".png") continue;
            std::error_code e2;
            if (!entry.is_regular_file(e2)) continue;
            const auto t = fs::last_write_time(entry.path(), e2);
            out.push_back(
                {entry.path().string(), folder, e2 ? 0 : static_cast<int64_t>(t.time_since_epoch().count())});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const PhotoFile& a, const PhotoFile& b) {
        return a.modified != b.modified ? a.modified > b.modified : a.path < b.path;
    });
    return out;
}

std::vector<std::string> photoFolders(const std::string& dataDir) {
    std::vector<std::string> folders;
    if (!dataDir.empty()) folders.push_back((fs::path(dataDir) / "inbox").string());
    if (const char* home = std::getenv("HOME"); home && *home)
        folders.push_back((fs::path(home) / "Pictures").string());
    return folders;
}

} // namespace stipple::sheet
