// The embedded results store: one SQLite file, private to its owner (0600), in WAL mode with
// synchronous=FULL (a committed result survives a power cut), a schema version table with
// forward-only migrations, results protected by triggers against UPDATE and DELETE. Opening
// checks that the file is a Stipple database and is intact (quick_check) before anything is
// written, so a damaged or foreign file gets a clear message and is left exactly as it was.
#pragma once

#include "store/results_store.h"

#include <memory>
#include <string>

namespace stipple {

/// The schema this build writes. Older databases are migrated when opened for writing.
inline constexpr int kStoreSchemaVersion = 2;
/// PRAGMA application_id of a Stipple results database ("STPL").
inline constexpr int kStoreApplicationId = 0x5354504c;

enum class StoreMode {
    ReadWrite, ///< creates the file (and its folder) when missing, migrates an older schema
    ReadOnly,  ///< never creates or changes anything; a missing file is a Missing error
};

/// Opens (or creates) the store at `path`; nullptr with the reason in `error`.
std::unique_ptr<ResultsStore> openSqliteStore(const std::string& path, StoreMode mode, StoreError& error);

} // namespace stipple
