// Point-pattern statistics against SCORING.md's budgets: the full scorecard statistics of
// 100,000 dots in ≤ 15 ms, a live update per strike in ≤ 5 µs, ≤ 64 bytes per placed dot —
// and the same work done the straightforward way (brute force O(n²), a vector-per-cell grid,
// a full recomputation per strike) so the speed-ups are measured, not claimed.
// Uniform dots at SCORING.md's density (100,000 in 300×300 mm, λ = 1.11 mm⁻²); min of 5 runs.
// Times are this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so a machine shared with other
// builds does not inflate them; the wall-clock minimum is printed beside it, with the load.
// Run from a Release build: `ninja -C <build> bench_metrics && <build>/tests/bench/bench_metrics`.
#include "ink/dots.h"
#include "random/rng.h"
#include "scoring/live_attempt.h"
#include "scoring/point_stats.h"
#include "spatial/point_grid.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <numeric>
#include <vector>

using namespace stipple;

namespace {

/// This thread's CPU time, µs.
double cpuMicros() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec * 1e-3;
}

double g_lastWallMs = 0.0; // wall-clock minimum of the last bestMs()

/// Minimum over `repeats` runs of f(): CPU milliseconds (the wall minimum goes to g_lastWallMs).
double bestMs(int repeats, const std::function<void()>& f) {
    double best = 1e300, wall = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const auto w0 = std::chrono::steady_clock::now();
        const double t0 = cpuMicros();
        f();
        best = std::min(best, (cpuMicros() - t0) / 1000.0);
        wall = std::min(
            wall, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w0).count());
    }
    g_lastWallMs = wall;
    return best;
}

volatile double g_sink = 0.0; // keeps results alive

void line(const char* what, double value, const char* unit, double budget = 0.0) {
    if (budget > 0.0)
        std::printf("  %-58s %10.3f %-3s  budget %6.1f %s  %s\n", what, value, unit, budget, unit,
                    value <= budget ? "ok" : "OVER");
    else
        std::printf("  %-58s %10.3f %s\n", what, value, unit);
}

double loadAverage() {
    double load = -1.0;
    if (FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf", &load) != 1) load = -1.0;
        std::fclose(f);
    }
    return load;
}

/// Reference 1: every pair, O(n²): NN distances, overlap pairs, Clark–Evans.
double bruteForceClarkEvans(const std::vector<Vec2>& pts, double area, double diameter, int64_t& overlaps) {
    const size_t n = pts.size();
    std::vector<double> nn(n, 1e300);
    overlaps = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i + 1; j < n; ++j) {
            const double d2 = distanceSquared(pts[i], pts[j]);
            nn[i] = std::min(nn[i], d2);
            nn[j] = std::min(nn[j], d2);
            if (d2 < diameter * diameter) ++overlaps;
        }
    double sum = 0.0;
    for (double d2 : nn)
        sum += std::sqrt(d2);
    return (sum / n) / (0.5 / std::sqrt(n / area));
}

/// Reference 2: a vector of point indices per cell (the "plain grid" of scoring-research.md):
/// NN by scanning 3×3 blocks, widening until the ring bound proves the answer.
double naiveGridClarkEvans(const std::vector<Vec2>& pts, double side, double diameter, int64_t& overlaps) {
    const double n = static_cast<double>(pts.size());
    const double cell = std::sqrt(side * side * 2.0 / n);
    const int cols = std::max(1, static_cast<int>(std::ceil(side / cell)));
    std::vector<std::vector<uint32_t>> cells(static_cast<size_t>(cols) * cols);
    const auto cellOf = [&](double v) { return std::clamp(static_cast<int>(v / cell), 0, cols - 1); };
    for (uint32_t i = 0; i < pts.size(); ++i)
        cells[cellOf(pts[i].y) * cols + cellOf(pts[i].x)].push_back(i);
    double sum = 0.0;
    overlaps = 0;
    for (uint32_t i = 0; i < pts.size(); ++i) {
        const int cx = cellOf(pts[i].x), cy = cellOf(pts[i].y);
        double best = 1e300;
        for (int r = 1;; ++r) {
            for (int y = std::max(0, cy - r); y <= std::min(cols - 1, cy + r); ++y)
                for (int x = std::max(0, cx - r); x <= std::min(cols - 1, cx + r); ++x)
                    for (uint32_t j : cells[y * cols + x])
                        if (j != i) {
                            const double d2 = distanceSquared(pts[i], pts[j]);
                            best = std::min(best, d2);
                            if (r == 1 && j > i && d2 < diameter * diameter) ++overlaps;
                        }
            if (best <= (r * cell) * (r * cell) || r > cols) break; // rescans inner cells: naive
        }
        sum += std::sqrt(best);
    }
    return (sum / n) / (0.5 / std::sqrt(n / (side * side)));
}

void benchmark(size_t n, bool withBruteForce) {
    const double side = 300.0 * std::sqrt(static_cast<double>(n) / 100000.0); // λ = 1.11 mm⁻² (SCORING.md)
    Rng rng(20240601 + n);
    std::vector<Vec2> pts(n);
    for (auto& p : pts)
        p = {rng.uniform(0, side), rng.uniform(0, side)};
    const PatternWindow window = PatternWindow::rectangle(Rect{{0, 0}, {side, side}});
    std::printf("\n%zu uniform dots in %.1f × %.1f mm (%.0f dots/cm²)\n", n, side, side,
                100.0 * n / (side * side));

    // --- full statistics
    PointStats full;
    const double all = bestMs(5, [&] { full = computePointStats(pts, window); });
    const double allWall = g_lastWallMs;
    PointStatsOptions noExtras;
    noExtras.structureFactor = false;
    noExtras.largestGap = false;
    const double core = bestMs(5, [&] { g_sink = *computePointStats(pts, window, noExtras).clarkEvans; });
    PointStatsOptions noStructure;
    noStructure.structureFactor = false;
    const double withGap =
        bestMs(5, [&] { g_sink = *computePointStats(pts, window, noStructure).largestGapMm; });
    PackedPointGrid grid;
    // The same dots in a 48-gon zone inscribed in the square (polygon windows take the
    // point-in-polygon and border-distance paths).
    Polygon ring;
    for (int k = 0; k < 48; ++k)
        ring.push_back({side / 2 + side / 2 * std::cos(k * 2 * M_PI / 48),
                        side / 2 + side / 2 * std::sin(k * 2 * M_PI / 48)});
    const PatternWindow zone = PatternWindow::polygon(ring);
    std::vector<Vec2> inZone;
    for (const Vec2& p : pts)
        if (zone.contains(p)) inZone.push_back(p);
    const double polygonMs = bestMs(3, [&] { g_sink = *computePointStats(inZone, zone).clarkEvans; });
    const double build = bestMs(5, [&] { grid.build(pts); });
    const double nnOnly = bestMs(5, [&] {
        double s = 0;
        for (uint32_t i = 0; i < n; ++i)
            s += grid.nearest(pts[i], i).distanceSquared;
        g_sink = s;
    });
    line("full statistics (every metric), computePointStats", all, "ms", n == 100000 ? 15.0 : 0.0);
    line("  (same, wall clock)", allWall, "ms");
    line("  of which NN pass (all dots), order pass (≤ 10k dots), cells", core, "ms");
    line("  of which largest gap", withGap - core, "ms");
    line("  of which structure factor", all - withGap, "ms");
    std::printf("      (S(k) on %lld dots × %lld wave vectors)\n", static_cast<long long>(full.structureDots),
                static_cast<long long>(full.structureFrequencies));
    std::printf("      (%zu dots in a 48-gon zone: full statistics %.3f ms)\n", inZone.size(), polygonMs);
    line("packed grid build", build, "ms");
    line("nearest neighbour of every dot (packed grid)", nnOnly, "ms");
    std::printf("      R = %.4f, Donnelly %.4f, CV %.3f, Ψ4 %.3f, Ψ6 %.3f, S_peak/n %.4f, gap %.2f mm\n",
                *full.clarkEvans, *full.clarkEvansDonnelly, *full.nnCv, *full.psi4, *full.psi6,
                *full.structurePeak, *full.largestGapMm);

    // --- references
    int64_t overlaps = 0;
    const double naive =
        bestMs(n > 20000 ? 3 : 5, [&] { g_sink = naiveGridClarkEvans(pts, side, 0.2, overlaps); });
    line("reference: vector-per-cell grid, NN + CE + overlaps", naive, "ms");
    if (overlaps != full.overlapPairs)
        std::printf("      MISMATCH: overlaps %lld vs %lld\n", (long long)overlaps,
                    (long long)full.overlapPairs);
    if (withBruteForce) {
        const double brute =
            bestMs(1, [&] { g_sink = bruteForceClarkEvans(pts, side * side, 0.2, overlaps); });
        line("reference: brute force O(n²), NN + CE + overlaps", brute, "ms");
        if (std::fabs(g_sink - *full.clarkEvans) > 1e-9)
            std::printf("      MISMATCH: R %.12f vs %.12f\n", g_sink, *full.clarkEvans);
    }

    // --- live updates
    LiveStatsConfig config;
    config.window = window;
    config.expectedDensityPerCm2 = 100.0 * n / (side * side);
    config.expectedDots = n;
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::vector<uint32_t> raster = order; // strokes sweep the scalp: spatially coherent order
    std::sort(raster.begin(), raster.end(), [&](uint32_t a, uint32_t b) {
        const int ra = static_cast<int>(pts[a].y / 5.0), rb = static_cast<int>(pts[b].y / 5.0);
        return ra != rb ? ra < rb : pts[a].x < pts[b].x;
    });
    for (size_t i = n - 1; i > 0; --i)
        std::swap(order[i], order[rng.below(i + 1)]);
    for (const auto& [name, seq] :
         {std::pair<const char*, const std::vector<uint32_t>*>{"random order", &order},
          std::pair<const char*, const std::vector<uint32_t>*>{"row-by-row order", &raster}}) {
        double addUs = 1e300, removeUs = 1e300, snapUs = 1e300;
        size_t bytes = 0, loners = 0;
        for (int rep = 0; rep < 3; ++rep) {
            LiveStats live(config);
            double t0 = cpuMicros();
            // Ids are strike numbers (dense, increasing), as the attempt assigns them.
            for (uint32_t k = 0; k < n; ++k)
                live.add(k, pts[(*seq)[k]]);
            addUs = std::min(addUs, (cpuMicros() - t0) / n);
            bytes = live.memoryBytes();
            loners = live.neighbours().lonerCount();
            t0 = cpuMicros();
            double s = 0;
            for (int k = 0; k < 1000; ++k)
                s += live.snapshot().meanNnMm.value_or(0);
            snapUs = std::min(snapUs, (cpuMicros() - t0) / 1000);
            g_sink = s;
            t0 = cpuMicros();
            for (uint32_t k = static_cast<uint32_t>(n); k-- > 0;)
                live.remove(k); // undo everything
            removeUs = std::min(removeUs, (cpuMicros() - t0) / n);
        }
        std::printf("  live (%s):\n", name);
        line("    add one strike (all live metrics updated)", addUs, "µs", 5.0);
        line("    undo one strike", removeUs, "µs", 5.0);
        line("    read a snapshot", snapUs, "µs");
        line("    memory per dot: Dot + index + live metrics", sizeof(Dot) + static_cast<double>(bytes) / n,
             "B", 64.0);
        std::printf("      (%zu loners after the last strike)\n", loners);
    }
    // Early in a session: few dots in a window indexed for the final density (worst case for a
    // grid: a neighbour query crosses many empty cells).
    {
        LiveStats live(config);
        double worst = 0.0, total = 0.0;
        for (uint32_t k = 0; k < 200; ++k) {
            const double t0 = cpuMicros();
            live.add(k, pts[order[k]]);
            const double dt = cpuMicros() - t0;
            worst = std::max(worst, dt);
            total += dt;
        }
        line("  live, first 200 strikes scattered over the window: mean", total / 200, "µs", 5.0);
        line("  live, first 200 strikes: slowest", worst, "µs");
    }
    // What the HUD runs per strike: LiveAttempt (scoring/live_attempt.h) — the scorer's placement
    // rule (zones, forbidden areas) and each dot at its own healed diameter — on a level: the
    // square scalp holding a 48-gon crown zone (the scalp's region has it as a hole) and a
    // forbidden 16-gon mole.
    {
        Level level;
        level.canvas.widthMm = side;
        level.canvas.heightMm = side;
        const auto ngon = [&](double r, int k, Vec2 c) {
            Polygon p;
            for (int i = 0; i < k; ++i)
                p.push_back(c + Vec2{r * std::cos(6.283185307179586 * i / k),
                                     r * std::sin(6.283185307179586 * i / k)});
            return p;
        };
        Zone crown;
        crown.id = "crown";
        crown.outline = ngon(0.3 * side, 48, {0.5 * side, 0.5 * side});
        crown.densityPerCm2 = config.expectedDensityPerCm2;
        crown.minSpacingMm = 0.6;
        Zone scalp = crown;
        scalp.id = "scalp";
        scalp.outline = {{0, 0}, {side, 0}, {side, side}, {0, side}};
        level.zones = {crown, scalp};
        level.forbidden.push_back({"mole", ngon(0.02 * side, 16, {0.15 * side, 0.15 * side})});
        const LevelContext ctx(level);
        std::vector<Dot> dots(n);
        for (size_t k = 0; k < n; ++k) {
            dots[k].pos = pts[order[k]];
            dots[k].diameterMm = static_cast<float>(0.3 + 0.2 * rng.uniform());
        }
        double addUs = 1e300, removeUs = 1e300;
        for (int rep = 0; rep < 3; ++rep) {
            LiveAttempt live(ctx);
            double t0 = cpuMicros();
            for (uint32_t k = 0; k < n; ++k)
                live.add(k, dots[k]);
            addUs = std::min(addUs, (cpuMicros() - t0) / n);
            g_sink = static_cast<double>(live.overlaps() + live.tooClose());
            t0 = cpuMicros();
            for (uint32_t k = static_cast<uint32_t>(n); k-- > 0;)
                live.remove(k);
            removeUs = std::min(removeUs, (cpuMicros() - t0) / n);
        }
        std::printf("  live attempt (the HUD: scorer's placement, own healed diameters, 2 zones + a "
                    "forbidden area):\n");
        line("    add one strike", addUs, "µs", 5.0);
        line("    undo one strike", removeUs, "µs", 5.0);
    }
    // Reference for live: recompute the live subset from scratch after a strike.
    line("reference: full recompute of the live subset per strike", core * 1000.0, "µs");
}

} // namespace

int main() {
    std::printf("bench_metrics: point-pattern statistics (SCORING.md budgets; min of repeated runs, thread "
                "CPU time)\n");
    std::printf("load average at start: %.2f (2 cores shared)\n", loadAverage());
#ifndef NDEBUG
    std::printf("WARNING: assertions on — this is not a Release build; figures are not meaningful.\n");
#endif
    benchmark(10000, true);
    benchmark(100000, false);
    std::printf("\nload average at end: %.2f\n", loadAverage());
    return 0;
}
