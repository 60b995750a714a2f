// Issue 19: the trainer keeps practice runs under the trainee's canonical candidate id (the one
// the exams and the xAPI export use), so the same person typed differently is one person: the
// best scores, run counts and the progress history see every run.
#include "app/level_catalog.h"
#include "exam/candidate_id.h"
#include "store/results_store.h"
#include "store/sqlite_store.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <string>

using namespace stipple;
using namespace stipple::app;

namespace {
PracticeRecord run(const std::string& level, double score, bool passed, const char* at) {
    PracticeRecord r;
    r.levelId = level;
    r.score = score;
    r.passed = passed;
    r.finishedAt = at;
    return r;
}
} // namespace

TEST_CASE("practice runs typed under different spellings of one trainee are one trainee's history",
          "[practice][store]") {
    test::Scratch scratch;
    StoreError error;
    auto store = openSqliteStore(scratch.path("results.db").string(), StoreMode::ReadWrite, error);
    INFO(error.message);
    REQUIRE(store);
    std::string dirError;
    std::vector<CatalogEntry> catalog = loadCatalog(std::string(STIPPLE_SOURCE_DIR) + "/levels", dirError);
    REQUIRE(catalog.size() >= 2);
    const std::string first = catalog[0].level->id;
    // "Zoë Martin" precomposed, then upper case with a combining diaeresis and spaces around it.
    REQUIRE(
        savePracticeRun(*store, run(first, 61.0, false, "2026-12-01T09:00:00Z"), "Zo\xC3\xAB Martin", error));
    REQUIRE(savePracticeRun(*store, run(first, 82.0, true, "2026-12-02T09:00:00Z"), "  ZOE\xCC\x88 MARTIN ",
                            error));
    REQUIRE(savePracticeRun(*store, run(first, 99.0, true, "2026-12-03T09:00:00Z"), "Zoe Martin",
                            error)); // another person

    // Stored under the canonical id, which is what the exams' candidate ids are compared by.
    std::vector<PracticeRecord> stored;
    REQUIRE(store->listPractice(canonicalCandidateKey("ZO\xC3\x8B MARTIN"), "", stored, error));
    REQUIRE(stored.size() == 2);
    CHECK(stored[0].candidateId == "zo\xC3\xAB martin");

    for (const char* typed : {"Zo\xC3\xAB Martin", "zoe\xCC\x88 martin", "\tZO\xC3\x8B MARTIN"}) {
        INFO(typed);
        std::vector<CatalogEntry> cat = catalog;
        CHECK(applyBestScores(cat, *store, typed).empty());
        CHECK(cat[0].bestScore == "82");
        CHECK(cat[0].runs == 2);
        CHECK(cat[0].passes == 1);
        std::vector<PracticeRecord> runs;
        REQUIRE(traineePractice(*store, typed, runs, error));
        REQUIRE(runs.size() == 2);
        CHECK(runs[0].score == 61.0);
        CHECK(runs[1].score == 82.0);
    }
    std::vector<CatalogEntry> other = catalog;
    CHECK(applyBestScores(other, *store, "zoe martin").empty());
    CHECK(other[0].runs == 1); // "Zoe" without the diaeresis is someone else
}

TEST_CASE("runs an older trainer saved under the name as typed still count", "[practice][store]") {
    test::Scratch scratch;
    StoreError error;
    auto store = openSqliteStore(scratch.path("results.db").string(), StoreMode::ReadWrite, error);
    REQUIRE(store);
    std::string dirError;
    std::vector<CatalogEntry> catalog = loadCatalog(std::string(STIPPLE_SOURCE_DIR) + "/levels", dirError);
    REQUIRE(!catalog.empty());
    PracticeRecord legacy = run(catalog[0].level->id, 70.0, true, "2026-11-01T09:00:00Z");
    legacy.candidateId = "T-1"; // saved as typed, before canonical ids
    REQUIRE(store->savePractice(legacy, error));
    REQUIRE(
        savePracticeRun(*store, run(catalog[0].level->id, 75.0, true, "2026-12-01T09:00:00Z"), "T-1", error));
    std::vector<PracticeRecord> runs;
    REQUIRE(traineePractice(*store, "T-1", runs, error));
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].candidateId == "T-1");
    CHECK(runs[1].candidateId == "t-1");
    CHECK(applyBestScores(catalog, *store, "T-1").empty());
    CHECK(catalog[0].runs == 2);
    CHECK(catalog[0].bestScore == "75");
}
