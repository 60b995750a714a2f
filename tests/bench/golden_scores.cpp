// Every number the scorer gives, bit for bit (%a), for checking that a speed change moved none:
// bench_scorecard's 10,000- and 100,000-dot attempts (4 styles, 1 and 2 threads), every shipped
// level's example attempts (6 styles x 3 seeds, at 1 and 2 threads, and layered), and awkward point
// sets given straight to computePointStats (grids, rows at an angle, clusters, duplicates, per-dot
// diameters; a rectangle and a polygon; 3,000 and 25,000 dots). Every scorecard row's value,
// sub-score, band, texts and marks, every zone's statistics, the picture material's sizes.
//   build/tests/bench/golden_scores > before.txt   (change, rebuild)   ... > after.txt; cmp
// Not a test: it prints; the diff is the check. test_scorer_version's fingerprint rounds to 6
// digits, this keeps every bit.
#include "level/level_reader.h"
#include "pattern/example_attempts.h"
#include "scoring/layering.h"
#include "scoring/point_stats.h"
#include "scoring/score_attempt.h"
#include "square_level.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

using namespace stipple;

static void od(const char* name, const std::optional<double>& v) {
    if (v)
        std::printf(" %s=%a", name, *v);
    else
        std::printf(" %s=-", name);
}
static void dumpStats(const PointStats& s) {
    std::printf("  stats n=%lld out=%lld area=%a per=%a", (long long)s.count, (long long)s.outsideCount,
                s.areaMm2, s.perimeterMm);
    od("lam", s.intensityPerMm2);
    od("dens", s.densityPerCm2);
    od("dse", s.densitySePerCm2);
    std::printf(" nnN=%lld nnSum=%La nnSq=%La below=%lld", (long long)s.nnSums.dotsWithNeighbour,
                s.nnSums.sum.value(), s.nnSums.sumSquares.value(), (long long)s.nnSums.belowMinSpacing);
    od("mean", s.meanNnMm);
    od("sd", s.nnSdMm);
    od("cv", s.nnCv);
    od("min", s.minNnMm);
    od("max", s.maxNnMm);
    std::printf(" viol=%lld", (long long)s.minSpacingViolations);
    od("frac", s.minSpacingFraction);
    od("gap", s.largestGapMm);
    std::printf(" gc=%a,%a ov=%lld", s.largestGapCentre.x, s.largestGapCentre.y, (long long)s.overlapPairs);
    od("ce", s.clarkEvans);
    od("ced", s.clarkEvansDonnelly);
    od("ceg", s.clarkEvansGuard);
    std::printf(" guard=%a gc=%lld", s.guardMm, (long long)s.guardCount);
    od("cez", s.clarkEvansZ);
    od("cedz", s.clarkEvansDonnellyZ);
    od("psi4", s.psi4);
    od("psi6", s.psi6);
    od("a2", s.a2);
    od("a4", s.a4);
    od("a6", s.a6);
    std::printf(" od=%lld", (long long)s.orderDots);
    od("sp", s.structurePeak);
    std::printf(" spk=%a,%a sd=%lld sf=%lld tile=%a,%a,%a,%a", s.structurePeakK.x, s.structurePeakK.y,
                (long long)s.structureDots, (long long)s.structureFrequencies, s.structureTile.min.x,
                s.structureTile.min.y, s.structureTile.max.x, s.structureTile.max.y);
    od("vmr", s.vmr);
    std::printf(" qmm=%a qc=%lld", s.quadratMm, (long long)s.quadratCells);
    od("ecv", s.evennessCv);
    std::printf(" ecm=%a ec=%lld ecs=%lld,%lld,%lld", s.evennessCellMm, (long long)s.evennessCells,
                (long long)s.evennessCounts.cells, (long long)s.evennessCounts.sum,
                (long long)s.evennessCounts.sumSquares);
    od("bare", s.bareShare);
    std::printf(" br=%a bs=%a bn=%lld\n", s.bareRadiusMm, s.bareStepMm, (long long)s.bareSamples);
}
static void dumpCard(const char* tag, const Scorecard& c) {
    std::printf("%s overall=%a comp=%a passed=%d capped=%d dots=%d dm=%d rule=%s\n", tag, c.overall,
                c.composite, c.passed, c.capped, c.dotCount, c.decidingMetric, c.decidingRule.c_str());
    for (const auto& m : c.metrics)
        std::printf(
            "  %s|%s value=%a score=%a w=%a pm=%a band=%a,%a fo=%a passed=%d failed=%d expl=%s fault=%s\n",
            m.id.c_str(), m.zone.c_str(), m.value, m.score, m.weight, m.passMark, m.band.min, m.band.max,
            m.falloff, m.passed, m.failed, m.explanation.c_str(), m.fault.c_str());
    for (const auto& v : c.vetoes)
        std::printf("  veto %s %a %a %s\n", v.metric.c_str(), v.value, v.maxValue, v.reason.c_str());
}
static void dumpResult(const char* tag, const ScoreResult& r, bool details) {
    dumpCard(tag, r.card);
    for (const auto& s : r.details.zoneStats)
        dumpStats(s);
    if (details) {
        double h = 0;
        for (double d : r.details.nearestMm)
            h = h * 1.0000001 + d;
        std::printf("  details ov=%zu nn=%zu nnh=%a cells=%zu\n", r.details.overlaps.size(),
                    r.details.nearestMm.size(), h, r.details.cellDeviation.size());
        for (double d : r.details.cellDeviation)
            std::printf("%a ", d);
        std::printf("\n");
    }
}

int main(int argc, char** argv) {
    const std::string root = argc > 1 ? argv[1] : STIPPLE_SOURCE_DIR;
    // 1. bench attempts
    for (double side : {100.0, 316.23}) {
        const Level level = bench::squareLevel(side);
        const LevelContext ctx(level);
        for (AttemptStyle st :
             {AttemptStyle::Good, AttemptStyle::Clumped, AttemptStyle::Grid, AttemptStyle::Sparse}) {
            const std::vector<Dot> dots = dotsOfExample(exampleAttempt(level, st, 1));
            for (int th : {1, 2}) {
                AttemptInfo live;
                live.pictureDetails = false;
                live.threads = th;
                char tag[128];
                std::snprintf(tag, sizeof tag, "bench side=%g style=%s th=%d", side, attemptStyleName(st),
                              th);
                dumpResult(tag, scoreAttempt(ctx, dots, live), false);
            }
            if (side < 200) {
                AttemptInfo full;
                full.threads = 1;
                dumpResult("bench full", scoreAttempt(ctx, dots, full), true);
            }
        }
    }
    // 2. every shipped level × style × seed
    std::vector<std::string> files;
    for (auto& e : std::filesystem::directory_iterator(root + "/levels"))
        if (e.path().extension() == ".xml") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        Diagnostics diags;
        auto level = loadLevelFile(f, diags);
        if (!level) {
            std::printf("LEVEL %s failed\n", f.c_str());
            continue;
        }
        const LevelContext ctx(*level);
        for (AttemptStyle st : {AttemptStyle::Good, AttemptStyle::Sparse, AttemptStyle::Clumped,
                                AttemptStyle::Grid, AttemptStyle::Layered, AttemptStyle::Stacked})
            for (uint64_t seed : {1, 2, 3}) {
                const std::vector<Dot> dots = dotsOfExample(exampleAttempt(*level, st, seed));
                char tag[256];
                std::snprintf(tag, sizeof tag, "level %s style=%s seed=%llu",
                              std::filesystem::path(f).filename().c_str(), attemptStyleName(st),
                              (unsigned long long)seed);
                AttemptInfo info;
                info.threads = 1;
                dumpResult(tag, scoreAttempt(ctx, dots, info), true);
                info.threads = 2;
                info.pictureDetails = false;
                dumpResult("  th2", scoreAttempt(ctx, dots, info), false);
                AttemptInfo li;
                li.threads = 1;
                const LayeredScore ls = scoreLayered(ctx, dots, li);
                dumpCard("  layered", ls.card);
                for (const auto& s : ls.healedLook.details.zoneStats)
                    dumpStats(s);
            }
    }
    // 3. awkward point sets straight into computePointStats
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const PatternWindow square = PatternWindow::rectangle(Rect{{0, 0}, {60, 60}});
    const PatternWindow poly = PatternWindow::polygon(Polygon{{0, 0}, {70, 5}, {60, 60}, {10, 50}});
    for (int set = 0; set < 14; ++set) {
        std::vector<Vec2> pts;
        std::vector<double> dia;
        const int n = set < 7 ? 3000 : 25000;
        const double L = set < 7 ? 60 : 60;
        switch (set % 7) {
        case 0:
            for (int i = 0; i < n; ++i)
                pts.push_back({u(rng) * L, u(rng) * L});
            break;
        case 1: {
            int s = (int)std::sqrt(n);
            for (int i = 0; i < s; ++i)
                for (int j = 0; j < s; ++j)
                    pts.push_back({(i + 0.5) * L / s, (j + 0.5) * L / s});
        } break;
        case 2: {
            int s = (int)std::sqrt(n);
            for (int i = 0; i < s; ++i)
                for (int j = 0; j < s; ++j) {
                    double x = (i + 0.5 + 0.5 * (j % 2)) * L / s, y = (j + 0.5) * L / s * 0.866;
                    pts.push_back({x + 0.01 * u(rng), y});
                }
        } break;
        case 3:
            for (int i = 0; i < n; ++i) {
                double cx = std::floor(u(rng) * 30) * 2, cy = std::floor(u(rng) * 30) * 2;
                pts.push_back({cx + 0.1 * u(rng), cy + 0.1 * u(rng)});
            }
            break;
        case 4:
            for (int i = 0; i < n; ++i)
                pts.push_back({std::round(u(rng) * L * 4) / 4, std::round(u(rng) * L * 4) / 4});
            break; // ties, duplicates
        case 5:
            for (int i = 0; i < n; ++i) {
                pts.push_back({u(rng) * L, u(rng) * L});
                dia.push_back(0.1 + 0.5 * u(rng));
            }
            break;
        case 6: {
            double a = 0.3;
            int s = (int)std::sqrt(n);
            for (int i = 0; i < s; ++i)
                for (int j = 0; j < s; ++j) {
                    double x = (i + 0.5) * L / s - L / 2, y = (j + 0.5 + 0.3 * u(rng)) * L / s - L / 2;
                    pts.push_back({L / 2 + x * std::cos(a) - y * std::sin(a),
                                   L / 2 + x * std::sin(a) + y * std::cos(a)});
                }
        } break;
        }
        for (int w = 0; w < 2; ++w)
            for (int th : {1, 2}) {
                PointStatsOptions o;
                o.threads = th;
                o.bareRadiusMm = 1.0;
                o.diameterMm = 0.4;
                std::printf("set %d w %d th %d\n", set, w, th);
                dumpStats(computePointStats(pts, w ? poly : square, o, dia));
            }
    }
    return 0;
}
