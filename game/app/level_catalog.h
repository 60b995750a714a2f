// The curriculum as the level select shows it: every *.xml file in the levels folder, read with
// the core's strict level reader. A file that does not read stays in the list with its first
// diagnostic, so an instructor sees why it is missing instead of a silently shorter list.
#pragma once

#include "level/level.h"

#include <memory>
#include <string>
#include <vector>

#include "store/results_store.h"

namespace stipple::app {

struct CatalogEntry {
    std::string path;                   ///< the level file
    std::shared_ptr<const Level> level; ///< null when the file has errors
    std::string error;                  ///< the first diagnostic (GCC style) when level is null
    std::string bestScore;              ///< the trainee's best overall score, "—" before the first run
    int runs = 0;                       ///< finished practice runs on this level
    int passes = 0;                     ///< of which passed
};

/// Reads every level in `dir` (sorted by difficulty, then file name). Missing folder: empty list
/// and a reason in `error`.
std::vector<CatalogEntry> loadCatalog(const std::string& dir, std::string& error);

/// Reads one level file into an entry (used by --level).
CatalogEntry loadCatalogEntry(const std::string& path);

/// Sets each readable entry's best score, runs and passes from `trainee`'s practice history in
/// `store` (matched by level id). Returns "" or the store's reason for failing.
std::string applyBestScores(std::vector<CatalogEntry>& catalog, ResultsStore& store,
                            const std::string& trainee);

/// The trainee's practice history is kept under the canonical candidate id of the typed name
/// (exam/candidate_id.h: trimmed, NFC, case-folded), so "Zoë Martin" and " ZOË MARTIN" are one
/// person, the same one the exams and the xAPI export know. Saves `run` under that id.
bool savePracticeRun(ResultsStore& store, PracticeRecord run, const std::string& trainee, StoreError& error);
/// The trainee's runs, oldest first: those under the canonical id, and runs an older version saved
/// under the name exactly as typed.
bool traineePractice(ResultsStore& store, const std::string& trainee, std::vector<PracticeRecord>& out,
                     StoreError& error);

} // namespace stipple::app
