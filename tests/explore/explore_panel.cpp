// Throwaway exploration (not committed): false-fail and false-pass rates on fresh seeds.
#include "level/level_reader.h"
#include "scoring/layering.h"
#include "support/attempt_panel.h"
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
using namespace stipple;
static Scorecard judge(const LevelContext& ctx, const std::vector<Dot>& dots) {
    const Level& level = ctx.level();
    if (level.sessions.size() > 1 || !level.scars.empty()) return scoreLayered(ctx, dots).card;
    return scoreAttempt(ctx, dots).card;
}
TEST_CASE("explore") {
    const int seeds = std::getenv("SEEDS") ? std::atoi(std::getenv("SEEDS")) : 40;
    const bool faults = std::getenv("FAULTS") != nullptr;
    std::vector<std::string> paths;
    for (const auto& e : std::filesystem::directory_iterator(std::string(STIPPLE_SOURCE_DIR) + "/levels"))
        if (e.path().extension() == ".xml") paths.push_back(e.path().string());
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
        Diagnostics diags;
        auto level = loadLevelFile(path, diags);
        if (!level || level->zones.empty()) continue;
        if (std::getenv("ONLY") && level->id.find(std::getenv("ONLY")) == std::string::npos) continue;
        const LevelContext ctx(*level);
        std::map<std::string, int> failing;
        int runs = 0, fails = 0;
        std::map<std::string, std::pair<double, double>> natRange;
        for (const auto& z : level->zones) natRange[z.id] = {1e9, -1e9};
        double low = 100;
        for (const auto g : panel::kNaturals)
            for (int seed = 100; seed < 100 + seeds; ++seed)
                for (const double f : {0.97, 1.0, 1.03}) {
                    const Scorecard c = judge(ctx, panel::natural(*level, g, seed, f));
                    ++runs;
                    if (const char* want = std::getenv("METRIC"))
                        for (const auto& m : c.metrics)
                            if (m.id == want) { auto& [lo, hi] = natRange[m.zone]; lo = std::min(lo, m.value); hi = std::max(hi, m.value); }
                    low = std::min(low, c.overall);
                    if (!c.passed || c.overall < level->scoring.passMark + 15) {
                        ++fails;
                        for (const auto& m : c.metrics)
                            if (m.failed) {
                                failing[m.id + "/" + m.zone]++;
                                if (std::getenv("VERBOSE")) std::printf("   %s %s %s %s s%d x%.2f value %.4f band %.3f-%.3f overall %.1f\n", level->id.c_str(), panel::naturalName(g), m.id.c_str(), m.zone.c_str(), seed, f, m.value, m.band.min, m.band.max, c.overall);
                            }
                        if (c.failedCount() == 0) failing["(low number)"]++;
                        if (std::getenv("VERBOSE") && level->sessions.size() > 1) {
                            const LayeredScore r = scoreLayered(ctx, panel::natural(*level, g, seed, f));
                            for (const auto& s : r.sessions)
                                std::printf("      s%d placed %4d before %7.1f after %6.1f fill %.3f\n", s.session + 1, s.placed, s.gapBeforeMm2, s.gapAfterMm2, s.gapsFilled.value_or(-1));
                        }
                    }
                }
        std::printf("%-18s natural: %d/%d not clean, lowest %.1f (pass %.0f)", level->id.c_str(), fails, runs, low, level->scoring.passMark);
        for (auto& [k, v] : failing) std::printf(" %s:%d", k.c_str(), v);
        std::printf("\n");
        if (std::getenv("METRIC"))
            for (auto& [z, r] : natRange) std::printf("    natural %s %s: %.4f .. %.4f\n", std::getenv("METRIC"), z.c_str(), r.first, r.second);
        if (!faults) continue;
        for (const auto f : panel::kFaults) {
            if (!panel::applies(*level, f)) continue;
            int passes = 0, n = 0;
            double high = 0;
            for (int seed = 100; seed < 100 + seeds; ++seed) {
                const Scorecard c = judge(ctx, panel::faulty(*level, f, panel::kNaturals[seed % 3], seed));
                ++n;
                high = std::max(high, c.overall);
                if (const char* want = std::getenv("METRIC"))
                    for (const auto& m : c.metrics)
                        if (m.id == want && std::getenv("FAULTVALUES")) std::printf("      %s %s %s %.4f %s\n", panel::faultName(f), m.id.c_str(), m.zone.c_str(), m.value, m.failed ? "failed" : "");
                if (c.passed || c.overall >= level->scoring.passMark - level->scoring.failMargin) ++passes;
            }
            if (passes) std::printf("    fault %-36s %d/%d not caught (highest %.1f)\n", panel::faultName(f), passes, n, high);
        }
    }
}
