// The labelled layered panel (issue 14): on the layered levels (the three-session crown, the scar
// level), natural layered work from three generators that are not Stipple's sampler
// (tests/support/natural_work.h) against each layering fault placed where an instructor starts
// to send the work back.
#include "level/level_reader.h"
#include "scoring/layering.h"
#include "support/natural_work.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

using namespace stipple;
using namespace stipple::test;

namespace {

std::optional<Level> shipped(const std::string& file) {
    Diagnostics diags;
    auto level = loadLevelFile(std::string(STIPPLE_SOURCE_DIR) + "/levels/" + file, diags);
    INFO(diags.formatAll());
    REQUIRE(level);
    return level;
}

void print(const char* what, const Scorecard& card) {
    std::printf("  %-44s overall %5.1f %s\n", what, card.overall, card.passed ? "PASS" : "fail");
    for (const auto& m : card.metrics)
        if (m.weight > 0 && (!m.passed || m.id.rfind("layering", 0) == 0 || m.id.rfind("scar", 0) == 0))
            std::printf("      %-34s %-10s %8.3f  score %5.1f %s\n", m.label.c_str(), m.zone.c_str(), m.value,
                        m.score, m.passed ? "" : "FAILED");
}

/// A fault at the boundary, and the metric (id, zone) a trainee reads it in.
struct Case {
    LayerFault fault;
    double amount;
    const char* metric;
    const char* zone;
};

/// The boundary cases: where an instructor starts to send layered work back.
const Case kCases[] = {
    {LayerFault::ClumpedLater, 0.35, "layering-gaps",
     "session-2"}, // session 2 in 4 patches over 35 % of the design
    {LayerFault::StackedLater, 0.25, "layering-stacking", ""}, // a quarter of later dots on healed dots
    {LayerFault::FrontLoaded, 0.75, "layering-share",
     "session-1"}, // 75 % of the density in session 1 (plan 45–50 %)
    {LayerFault::FrontLoaded, 1.0, "layering-share", "session-1"}, // all of it
    {LayerFault::ShortSession, 0.65, "layering-share",
     "session-2"}, // session 2 at 65 % of its share, session 3 makes up
    {LayerFault::ShadeIgnored, 0.5, "layering-shade", ""},   // half the strikes in the last session's shade
    {LayerFault::ShadeIgnored, 1.0, "layering-shade", ""},   // the plan's shades ignored
    {LayerFault::ScarDensity, 0.0, "scar-density", "strip"}, // the scar left bare
    {LayerFault::ScarDensity, 0.6, "scar-density", "strip"},
    {LayerFault::ScarDensity, 1.5, "scar-density", "strip"},
    {LayerFault::ScarDensity, 2.0, "scar-density", "strip"}, // worked at twice the density
};

/// The failed row of `id` (in `zone`, or in any session when zone is "").
const MetricResult* failedRow(const Scorecard& card, const std::string& id, const std::string& zone) {
    for (const auto& m : card.metrics)
        if (m.id == id && (zone.empty() || m.zone == zone) && !m.passed) return &m;
    return nullptr;
}

} // namespace

TEST_CASE(
    "layered panel: natural layered work from three generators passes, each layering fault fails through "
    "its own metric, with a number below the pass mark and 10 under natural work",
    "[layering][panel]") {
    for (const char* file : {"04-crown-layers.xml", "05-scar-camouflage.xml"}) {
        const auto level = shipped(file);
        const LevelContext ctx(*level);
        const double passMark = level->scoring.passMark;
        // The number tells the verdict: a failed attempt reads at most the pass mark less the fail
        // margin, and at least 10 under the level's lowest natural attempt.
        // Natural work, density within ±3 % of the target (each attempt scored once, here).
        std::map<std::pair<Generator, uint64_t>, Scorecard> naturals;
        double naturalLow = 100.0;
        for (Generator g : kGenerators)
            for (uint64_t seed : {11u, 12u}) {
                const Scorecard& card = naturals[{g, seed}] =
                    scoreLayered(ctx, naturalLayered(ctx, g, seed, seed == 11 ? 0.97 : 1.03)).card;
                naturalLow = std::min(naturalLow, card.overall);
            }
        for (Generator g : kGenerators) {
            INFO(file << ", " << generatorName(g));
            for (uint64_t seed : {11u, 12u}) {
                const double scale = seed == 11 ? 0.97 : 1.03;
                const Scorecard& natural = naturals.at({g, seed});
                INFO("natural work at " << scale << " of the target scored " << natural.overall);
                for (const auto& m : natural.metrics) {
                    INFO(m.label << " " << m.value << " scored " << m.score);
                    CHECK(m.passed);
                }
                CHECK(natural.passed);
                CHECK(natural.overall >= passMark + 15.0);
                for (const Case& c : kCases) {
                    if (c.fault == LayerFault::ScarDensity && level->scars.empty()) continue;
                    const Scorecard card =
                        scoreLayered(ctx, faultyLayered(ctx, g, c.fault, c.amount, seed)).card;
                    INFO(layerFaultName(c.fault) << " (" << c.amount << ") scored " << card.overall);
                    const MetricResult* shown = card.find(c.metric, c.zone);
                    INFO((shown ? shown->label + " = " + std::to_string(shown->value)
                                : std::string("no row")));
                    CHECK_FALSE(card.passed);
                    CHECK(card.overall <= passMark - level->scoring.failMargin);
                    CHECK(card.overall <= naturalLow - 10.0);
                    CHECK(card.decidingRule.rfind("Failed: ", 0) == 0);
                    const MetricResult* row = failedRow(card, c.metric, c.zone);
                    CHECK(row != nullptr);
                    if (row) CHECK_FALSE(row->explanation.empty());
                }
            }
        }
    }
}

TEST_CASE("layered panel: a session whose own row fails fails the attempt", "[layering][panel]") {
    // Session 2 at 65 % of its share, session 3 making up the rest: the final look is on target
    // (density, evenness and naturalness pass), only session 2's own row tells.
    const auto level = shipped("04-crown-layers.xml");
    const LevelContext ctx(*level);
    const LayeredScore r =
        scoreLayered(ctx, faultyLayered(ctx, Generator::Inhibition, LayerFault::ShortSession, 0.65, 3));
    REQUIRE(r.healedLook.card.find("density", "crown"));
    CHECK(r.healedLook.card.find("density", "crown")->passed);
    const MetricResult* share = r.card.find("layering-share", "session-2");
    REQUIRE(share);
    CHECK(share->value == Approx(0.65).margin(0.02));
    CHECK_FALSE(share->passed);
    CHECK(share->label == "Session 2: share");
    CHECK(share->explanation.find("session 2 added") == 0);
    CHECK_FALSE(r.card.passed);
}

TEST_CASE("layered panel: what the scorer says (exploration)", "[.explore]") {
    for (const char* file : {"04-crown-layers.xml", "05-scar-camouflage.xml"}) {
        const auto level = shipped(file);
        const LevelContext ctx(*level);
        std::printf("== %s\n", file);
        for (Generator g : kGenerators) {
            std::printf(" -- %s\n", generatorName(g));
            print("natural", scoreLayered(ctx, naturalLayered(ctx, g, 7)).card);
            const struct {
                LayerFault f;
                double amount;
            } faults[] = {{LayerFault::ClumpedLater, 0.35}, {LayerFault::StackedLater, 0.25},
                          {LayerFault::FrontLoaded, 0.75},  {LayerFault::ShortSession, 0.65},
                          {LayerFault::ShadeIgnored, 0.4},  {LayerFault::ScarDensity, 0.0},
                          {LayerFault::ScarDensity, 0.6},   {LayerFault::ScarDensity, 1.5},
                          {LayerFault::ScarDensity, 2.0}};
            for (const auto& f : faults) {
                if (f.f == LayerFault::ScarDensity && level->scars.empty()) continue;
                const std::string name =
                    std::string(layerFaultName(f.f)) + " " + std::to_string(f.amount).substr(0, 4);
                print(name.c_str(), scoreLayered(ctx, faultyLayered(ctx, g, f.f, f.amount, 7)).card);
            }
        }
    }
}

TEST_CASE("layered panel: natural ranges (exploration)", "[.explore2]") {
    for (const char* file : {"04-crown-layers.xml", "05-scar-camouflage.xml"}) {
        const auto level = shipped(file);
        const LevelContext ctx(*level);
        std::printf("== %s\n", file);
        std::map<std::string, std::pair<double, double>> range;
        double lowest = 100;
        for (Generator g : kGenerators)
            for (uint64_t seed = 1; seed <= 6; ++seed) {
                const Scorecard card =
                    scoreLayered(ctx, naturalLayered(ctx, g, seed, 0.97 + 0.01 * seed)).card;
                lowest = std::min(lowest, card.overall);
                if (!card.passed) print(generatorName(g), card);
                for (const auto& m : card.metrics) {
                    auto [it, fresh] = range.try_emplace(m.id + " " + m.zone, m.value, m.value);
                    it->second.first = std::min(it->second.first, m.value);
                    it->second.second = std::max(it->second.second, m.value);
                }
            }
        std::printf("  lowest overall %.1f\n", lowest);
        for (const auto& [k, r] : range)
            std::printf("  %-40s %8.3f .. %8.3f\n", k.c_str(), r.first, r.second);
    }
}
