// Benchmark: loading a level with 100,000 explicit target dots (SCORING.md budget: ≤ 100 ms),
// split into its stages — reading the file, parsing it into the io/xml.h tree, reading the tree
// into a Level — so that a regression shows where it happened. "Cold" is the first load in the
// process (allocator and page cache not yet warm for this work); "best" is the best of 5.
// Prints figures; not a test. Run from a Release build: ./build/tests/bench/bench_level_load
#include "io/files.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "level/level_writer.h"
#include "random/rng.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>

using namespace stipple;

namespace {

/// Wall-clock and CPU time of `work` in ms. On a shared 2-core machine the wall clock includes
/// waiting for the other builds; the thread's CPU time does not, so both are printed.
struct Times {
    double wallMs = 0.0, cpuMs = 0.0;
};

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

Times timeMs(const std::function<void()>& work) {
    const double c0 = threadCpuMs();
    const auto t0 = std::chrono::steady_clock::now();
    work();
    const auto t1 = std::chrono::steady_clock::now();
    return {std::chrono::duration<double, std::milli>(t1 - t0).count(), threadCpuMs() - c0};
}

/// A drill level with `n` target dots scattered uniformly over a 300 × 300 mm canvas, written
/// the way the level writer writes it (one <dot> per line, three attributes each).
std::string drillLevelXml(size_t n) {
    Level level;
    level.id = "bench-drill";
    level.title = "Benchmark drill";
    level.brief = "Hit every target.";
    level.skill = "placement";
    level.canvas.widthMm = 300.0;
    level.canvas.heightMm = 300.0;
    Rng rng(7);
    level.target.dots.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        // Two decimals, as a hand-written or exported drill would have.
        const double x = std::round(rng.uniform() * 29999.0) / 100.0;
        const double y = std::round(rng.uniform() * 29999.0) / 100.0;
        level.target.dots.push_back({{x, y}, 0.2});
    }
    return writeLevel(level);
}

} // namespace

int main() {
    const size_t n = 100000;
    const std::string xml = drillLevelXml(n);
    const std::string path = (std::filesystem::temp_directory_path() / "stipple-bench-level.xml").string();
    std::string error;
    if (!writeFileAtomic(path, xml, error)) {
        std::fprintf(stderr, "cannot write %s: %s\n", path.c_str(), error.c_str());
        return 1;
    }

    Times cold[4], best[4];
    for (auto& b : best)
        b = {INFINITY, INFINITY};
    size_t loaded = 0;
    for (int run = 0; run < 6; ++run) {
        std::string contents;
        std::optional<XmlDocument> doc;
        std::optional<Level> level;
        Diagnostics diags;
        Times t[4];
        t[0] = timeMs([&] { readFile(path, contents, error); });
        t[1] = timeMs([&] { doc = parseXml(contents, path, diags); });
        t[2] = timeMs([&] { level = readLevel(*doc, diags); });
        t[3] = {t[0].wallMs + t[1].wallMs + t[2].wallMs, t[0].cpuMs + t[1].cpuMs + t[2].cpuMs};
        if (!level) {
            std::fprintf(stderr, "level did not load:\n%s", diags.formatAll().c_str());
            return 1;
        }
        loaded = level->target.dots.size();
        for (int k = 0; k < 4; ++k) {
            if (run == 0) cold[k] = t[k];
            best[k].wallMs = std::min(best[k].wallMs, t[k].wallMs);
            best[k].cpuMs = std::min(best[k].cpuMs, t[k].cpuMs);
        }
    }
    if (!std::getenv("KEEP")) std::filesystem::remove(path);

    std::printf("level with %zu target dots, %.1f MB of XML\n", loaded,
                static_cast<double>(xml.size()) / 1e6);
    std::printf("%-36s %10s %10s %10s %10s\n", "stage", "cold wall", "cold cpu", "best wall", "best cpu");
    const char* names[4] = {"read file", "parse XML into the tree (io/xml)", "read the tree (level_reader)",
                            "total"};
    for (int k = 0; k < 4; ++k)
        std::printf("%-36s %10.1f %10.1f %10.1f %10.1f\n", names[k], cold[k].wallMs, cold[k].cpuMs,
                    best[k].wallMs, best[k].cpuMs);
    std::printf("budget: total <= 100 ms (SCORING.md)\n");
    return 0;
}
