// Point statistics of crowded dots (issue 16, hole 9): coincident and nearly coincident dots,
// up to the dots file's limit of 1,000,000 rows, must finish in a few seconds — before the
// crowded-cell index, 80,000 dots at one place took 225 s in `stipple metrics` (the uniform grid
// scanned the one crowded cell for every dot: n² distance computations). Budget: 5 s per case.
// Before (52c936d^, load 3-16): 100,000 uniform 0.025 s CPU; 80,000 at one place 46 s CPU (180 s
// wall); with the picture material, within 0.01 mm, two piles one disc apart: each > 300 s, stopped.
// The uniform case is the normal input, for comparison (bench_metrics has its 15 ms budget).
// Each case runs in a child process, stopped after --timeout seconds (default 600), so a
// quadratic build reports "> N s" instead of running for hours; the wall time is printed with
// the child's CPU time and the load average; the budget is judged on CPU time (the machine is
// shared: at load 16 on 2 cores the wall time is 3-5 times the CPU time).
// Run from a Release build: `ninja -C <build> bench_crowded && <build>/tests/bench/bench_crowded`
// (`--max-dots N` leaves out the larger cases).
#include "random/rng.h"
#include "scoring/point_stats.h"

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace stipple;

namespace {

constexpr double kBudgetSeconds = 5.0;

double loadAverage() {
    double load = -1.0;
    if (FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf", &load) != 1) load = -1.0;
        std::fclose(f);
    }
    return load;
}

struct Case {
    std::string what;
    size_t dots;
    std::function<void(std::vector<Vec2>&, Rng&)> make;
    bool pictures = false; ///< also the per-dot picture material (nearest distances, overlapping pairs)
    bool ownBox = false;   ///< the window is the dots' bounding box (`stipple metrics` without --window)
};

/// Runs one case in a child; prints wall and CPU seconds (or the timeout).
void run(const Case& c, int timeoutSeconds) {
    std::fflush(stdout);
    const auto start = std::chrono::steady_clock::now();
    const pid_t child = ::fork();
    if (child == 0) {
        Rng rng(20261206);
        std::vector<Vec2> pts(c.dots);
        c.make(pts, rng);
        Rect box{{0, 0}, {100, 100}};
        if (c.ownBox) {
            box = Rect{};
            for (const Vec2& p : pts)
                box.expand(p);
        }
        const PatternWindow window = PatternWindow::rectangle(box);
        const PointStats s = computePointStats(pts, window);
        size_t pairs = 0, nearest = 0;
        if (c.pictures) {
            pairs = overlappingPairs(pts, {}, 0.2).size();
            nearest = nearestNeighbourDistances(pts).size();
        }
        std::printf(
            "      mean NN %.4f mm, %lld overlap pairs, CE %.4f, psi6 %.3f, S peak %s%s\n",
            s.meanNnMm.value_or(-1.0), static_cast<long long>(s.overlapPairs), s.clarkEvans.value_or(-1.0),
            s.psi6.value_or(-1.0), s.structurePeak ? std::to_string(*s.structurePeak).c_str() : "-",
            c.pictures
                ? (", picture pairs " + std::to_string(pairs) + ", distances " + std::to_string(nearest))
                      .c_str()
                : "");
        std::fflush(stdout);
        std::_Exit(0);
    }
    int status = 0;
    bool timedOut = false;
    for (;;) {
        const pid_t done = ::waitpid(child, &status, WNOHANG);
        if (done == child) break;
        if (std::chrono::steady_clock::now() - start > std::chrono::seconds(timeoutSeconds)) {
            ::kill(child, SIGKILL);
            ::waitpid(child, &status, 0);
            timedOut = true;
            break;
        }
        ::usleep(20000);
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    static double cpuBefore = 0.0;
    const double cpuAll = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec * 1e-6 + usage.ru_stime.tv_sec +
                          usage.ru_stime.tv_usec * 1e-6;
    const double cpu = cpuAll - cpuBefore;
    cpuBefore = cpuAll;
    if (timedOut)
        std::printf("  %-62s  > %d s (stopped)   OVER\n", c.what.c_str(), timeoutSeconds);
    else
        std::printf("  %-62s %8.3f s wall %8.3f s CPU  budget %.0f s  %s\n", c.what.c_str(), wall, cpu,
                    kBudgetSeconds,
                    WIFEXITED(status) && WEXITSTATUS(status) == 0 ? (cpu <= kBudgetSeconds ? "ok" : "OVER")
                                                                  : "FAILED");
}

} // namespace

int main(int argc, char** argv) {
    size_t maxDots = 1'000'000;
    int timeout = 600;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--max-dots") == 0)
            maxDots = std::strtoul(argv[i + 1], nullptr, 10);
        else if (std::strcmp(argv[i], "--timeout") == 0)
            timeout = std::atoi(argv[i + 1]);
    }
    std::printf("bench_crowded: computePointStats in a 100 x 100 mm window unless said (load average %.1f)\n",
                loadAverage());
    const auto uniform = [](std::vector<Vec2>& p, Rng& r) {
        for (auto& q : p)
            q = {r.uniform(0, 100), r.uniform(0, 100)};
    };
    const auto onePlace = [](std::vector<Vec2>& p, Rng&) {
        for (auto& q : p)
            q = {50, 50};
    };
    const auto tinyDisc = [](std::vector<Vec2>& p, Rng& r) { // within 0.01 mm: distinct, nearly coincident
        for (auto& q : p)
            q = {50 + r.uniform(-0.005, 0.005), 50 + r.uniform(-0.005, 0.005)};
    };
    const auto clusters = [](std::vector<Vec2>& p, Rng& r) { // 1,000 places, dots piled on each
        std::vector<Vec2> at(1000);
        for (auto& a : at)
            a = {r.uniform(1, 99), r.uniform(1, 99)};
        for (size_t i = 0; i < p.size(); ++i)
            p[i] = at[i % at.size()];
    };
    const auto straddle = [](std::vector<Vec2>& p, Rng& r) { // two piles about one disc apart
        for (size_t i = 0; i < p.size(); ++i)
            p[i] = {50 + (i % 2 ? 0.2 : 0.0) + r.uniform(-0.005, 0.005), 50 + r.uniform(-0.005, 0.005)};
    };
    const std::vector<Case> cases = {
        {"100,000 uniform (normal input)", 100'000, uniform},
        {"80,000 at one place", 80'000, onePlace},
        {"80,000 at one place, with the picture material", 80'000, onePlace, true},
        {"80,000 within a 0.01 mm square", 80'000, tinyDisc},
        {"80,000 within a 0.01 mm square, window = their bounding box", 80'000, tinyDisc, false, true},
        {"80,000 in two piles 0.2 mm apart (one disc)", 80'000, straddle, true},
        {"1,000,000 uniform", 1'000'000, uniform},
        {"1,000,000 at one place", 1'000'000, onePlace},
        {"1,000,000 at one place, with the picture material", 1'000'000, onePlace, true},
        {"1,000,000 within a 0.01 mm square", 1'000'000, tinyDisc},
        {"1,000,000 within a 0.01 mm square, window = their bounding box", 1'000'000, tinyDisc, false, true},
        {"1,000,000 piled on 1,000 places", 1'000'000, clusters, true},
    };
    for (const Case& c : cases)
        if (c.dots <= maxDots) run(c, timeout);
    return 0;
}
