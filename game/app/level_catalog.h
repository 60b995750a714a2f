// The curriculum as the level select shows it: every *.xml file in the levels folder, read with
// the core's strict level reader. A file that does not read stays in the list with its first
// diagnostic, so an instructor sees why it is missing instead of a silently shorter list.
#pragma once

#include "level/level.h"

#include <memory>
#include <string>
#include <vector>

namespace stipple::app {

struct CatalogEntry {
    std::string path;                ///< the level file
    std::shared_ptr<const Level> level; ///< null when the file has errors
    std::string error;               ///< the first diagnostic (GCC style) when level is null
    std::string bestScore;           ///< "—" until the results store lands
};

/// Reads every level in `dir` (sorted by difficulty, then file name). Missing folder: empty list
/// and a reason in `error`.
std::vector<CatalogEntry> loadCatalog(const std::string& dir, std::string& error);

/// Reads one level file into an entry (used by --level).
CatalogEntry loadCatalogEntry(const std::string& path);

} // namespace stipple::app
