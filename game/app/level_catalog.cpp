// Level catalog: directory listing in the app, all reading in core (level/level_reader.h).
#include "app/level_catalog.h"

#include "exam/candidate_id.h"
#include "level/level_reader.h"
#include "store/results_store.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace stipple::app {

CatalogEntry loadCatalogEntry(const std::string& path) {
    CatalogEntry entry;
    entry.path = path;
    entry.bestScore = "\xE2\x80\x94";
    Diagnostics diags;
    if (auto level = loadLevelFile(path, diags)) {
        entry.level = std::make_shared<const Level>(std::move(*level));
    } else {
        for (const auto& d : diags.items()) {
            if (d.severity != Severity::Error) continue;
            entry.error = d.format();
            break;
        }
        if (entry.error.empty()) entry.error = path + ": error: the level could not be read";
    }
    return entry;
}

std::vector<CatalogEntry> loadCatalog(const std::string& dir, std::string& error) {
    std::vector<CatalogEntry> out;
    std::error_code ec;
    std::vector<std::string> paths;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".xml") paths.push_back(e.path().string());
    if (ec) {
        error = "cannot read the levels folder " + dir + ": " + ec.message();
        return out;
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths)
        out.push_back(loadCatalogEntry(p));
    std::stable_sort(out.begin(), out.end(), [](const CatalogEntry& a, const CatalogEntry& b) {
        const int da = a.level ? a.level->difficulty : 99, db = b.level ? b.level->difficulty : 99;
        return da < db;
    });
    return out;
}

namespace {
/// The ids a trainee's runs are stored under: the canonical id, then the typed name when an older
/// version stored runs under it.
std::vector<std::string> traineeIds(const std::string& trainee) {
    std::vector<std::string> ids{canonicalCandidateKey(trainee)};
    if (trainee != ids[0]) ids.push_back(trainee);
    return ids;
}
} // namespace

bool savePracticeRun(ResultsStore& store, PracticeRecord run, const std::string& trainee, StoreError& error) {
    run.candidateId = canonicalCandidateKey(trainee);
    return store.savePractice(run, error);
}

bool traineePractice(ResultsStore& store, const std::string& trainee, std::vector<PracticeRecord>& out,
                     StoreError& error) {
    out.clear();
    for (const std::string& id : traineeIds(trainee)) {
        std::vector<PracticeRecord> runs;
        if (!store.listPractice(id, "", runs, error)) return false;
        out.insert(out.end(), runs.begin(), runs.end());
    }
    std::stable_sort(out.begin(), out.end(), [](const PracticeRecord& a, const PracticeRecord& b) {
        return a.finishedAt != b.finishedAt ? a.finishedAt < b.finishedAt : a.id < b.id;
    });
    return true;
}

std::string applyBestScores(std::vector<CatalogEntry>& catalog, ResultsStore& store,
                            const std::string& trainee) {
    std::vector<BestScore> best;
    StoreError error;
    for (const std::string& id : traineeIds(trainee)) {
        std::vector<BestScore> some;
        if (!store.bestScores(id, some, error)) return error.message;
        for (const BestScore& b : some) {
            auto same = std::find_if(best.begin(), best.end(),
                                     [&](const BestScore& x) { return x.levelId == b.levelId; });
            if (same == best.end()) {
                best.push_back(b);
                continue;
            }
            same->bestScore = std::max(same->bestScore, b.bestScore);
            same->runs += b.runs;
            same->passes += b.passes;
            same->lastAt = std::max(same->lastAt, b.lastAt);
        }
    }
    for (CatalogEntry& entry : catalog) {
        if (!entry.level) continue;
        for (const BestScore& b : best) {
            if (b.levelId != entry.level->id) continue;
            char text[32];
            std::snprintf(text, sizeof text, "%.0f", b.bestScore);
            entry.bestScore = text;
            entry.runs = b.runs;
            entry.passes = b.passes;
        }
    }
    return "";
}

} // namespace stipple::app
