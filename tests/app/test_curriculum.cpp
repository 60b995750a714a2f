// The shipped curriculum in the order the level select lists it (difficulty, then file name):
// from first dots to exam-ready, as issue 8 and levels/README.md lay it out. A level whose
// difficulty is changed, or a new level file, that breaks this order fails here.
#include "app/level_catalog.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace stipple;
using namespace stipple::app;

TEST_CASE("the level select lists the shipped levels from first dots to the mock exam", "[curriculum]") {
    std::string error;
    const auto catalog = loadCatalog(std::string(STIPPLE_SOURCE_DIR) + "/levels", error);
    REQUIRE(error.empty());
    std::vector<std::string> ids;
    for (const CatalogEntry& e : catalog) {
        INFO(e.path << ": " << e.error);
        REQUIRE(e.level);
        ids.push_back(e.level->id);
    }
    const std::vector<std::string> expected = {
        "dot-drill",        // single-dot accuracy, no tremor
        "steady-hand",      // single dots with tremor
        "spacing-drill",    // spacing
        "even-patch",       // one density patch
        "three-densities",  // density patches at several densities
        "breaking-rows",    // breaking up rows
        "frontal-hairline", // a soft feathered hairline
        "temples",          // temples
        "crown-whorl",      // the crown whorl
        "scar-camouflage",  // scar camouflage
        "crown-layers",     // a full three-session level
        "mock-exam",        // the mock exam
    };
    CHECK(ids == expected);
    // Difficulty never goes down along the curriculum, and it spans first dots (1) to exam (5).
    for (size_t i = 1; i < catalog.size(); ++i)
        CHECK(catalog[i - 1].level->difficulty <= catalog[i].level->difficulty);
    CHECK(catalog.front().level->difficulty == 1);
    CHECK(catalog.back().level->difficulty == 5);
}
