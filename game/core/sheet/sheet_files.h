// The files of paper practice, for the trainer: where a level's sheet is written, and which
// photos there are to score (the data folder's inbox and the user's Pictures folder, newest first).
#pragma once

#include "level/level.h"
#include "sheet/sheet_layout.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stipple::sheet {

/// Writes the A4 practice sheet of the level in file `levelPath` as `outDir/<file name>.pdf`
/// (creating the folder); returns the path, or "" with a reason in `error`.
std::string writeLevelSheet(const std::string& levelPath, const Level& level, const std::string& outDir,
                            std::string& error);

struct PhotoFile {
    std::string path;
    std::string folder;
    int64_t modified = 0; ///< seconds, for ordering
};

/// JPEG and PNG files directly in `folders` (missing folders are skipped), newest first.
std::vector<PhotoFile> listPhotos(const std::vector<std::string>& folders);

/// The folders the trainer looks in: `dataDir`/inbox, then $HOME/Pictures.
std::vector<std::string> photoFolders(const std::string& dataDir);

} // namespace stipple::sheet
