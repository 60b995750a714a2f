// Throwaway exploration (not committed): layering-gaps per session on natural and faulty layered work.
#include "level/level_reader.h"
#include "scoring/layering.h"
#include "support/natural_work.h"
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
using namespace stipple;
using namespace stipple::test;
TEST_CASE("explore layers") {
    const int seeds = std::getenv("SEEDS") ? std::atoi(std::getenv("SEEDS")) : 40;
    for (const char* file : {"04-crown-layers.xml", "05-scar-camouflage.xml"}) {
        Diagnostics diags;
        auto level = loadLevelFile(std::string(STIPPLE_SOURCE_DIR) + "/levels/" + file, diags);
        REQUIRE(level);
        const LevelContext ctx(*level);
        double area = 0; for (size_t z = 0; z < level->zones.size(); ++z) area += ctx.expectedInZone(z);
        std::printf("%s expected dots %.0f\n", file, area);
        const auto show = [&](const char* what, const std::vector<Dot>& dots) {
            const LayeredScore r = scoreLayered(ctx, dots);
            std::printf("  %-28s %5.1f %s", what, r.card.overall, r.card.passed ? "P" : "F");
            for (const auto& s : r.sessions)
                std::printf(" | s%d placed %4d before %7.1f after %6.1f fill %.3f", s.session + 1, s.placed, s.gapBeforeMm2, s.gapAfterMm2, s.gapsFilled.value_or(-1));
            std::printf("\n");
        };
        for (int seed = 100; seed < 100 + seeds; ++seed)
            for (const auto g : kGenerators) show(generatorName(g), naturalLayered(ctx, g, seed));
        for (int seed = 100; seed < 100 + seeds / 4; ++seed)
            for (const double a : {0.3, 0.35, 0.5})
                show(a < 0.32 ? "clumped later 0.30" : a < 0.4 ? "clumped later 0.35" : "clumped later 0.50", faultyLayered(ctx, kGenerators[seed % 3], LayerFault::ClumpedLater, a, seed));
    }
}
