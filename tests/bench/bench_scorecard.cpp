// Benchmark: the full scorecard and target-pattern generation at 10,000 and 100,000 dots, against
// SCORING.md's budgets (scorecard ≤ 15 ms, generation ≤ 100 ms for 100,000 dots), with a
// straightforward reference (brute-force nearest neighbours, O(n²)) for comparison at 10,000.
// The scorecard runs on one thread (AttemptInfo::threads = 1) and on two (the caller and the
// shared helper thread: a zone of 20,000 dots or more splits its statistics between them).
// Prints figures; not a test. Run from a Release build: ./build/tests/bench/bench_scorecard
#include "pattern/example_attempts.h"
#include "pattern/poisson_disk.h"
#include "scoring/score_attempt.h"
#include "square_level.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <thread>

using namespace stipple;

namespace {

/// Thread CPU time: on a machine shared by many builds the wall clock measures the queue for a
/// core rather than the work. The work on one thread is measured by the calling thread's CPU
/// time; work on two threads by the wall clock (what the trainee waits) and by the process's CPU
/// time (both threads' work).
double clockMs(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}
double bestOfMs(int runs, const std::function<void()>& work, clockid_t clock = CLOCK_THREAD_CPUTIME_ID) {
    double best = INFINITY;
    for (int i = 0; i < runs; ++i) {
        const double t0 = clockMs(clock);
        work();
        best = std::min(best, clockMs(clock) - t0);
    }
    return best;
}

double loadAverage() {
    double load = -1.0;
    if (FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf", &load) != 1) load = -1.0;
        std::fclose(f);
    }
    return load;
}

} // namespace

int main() {
    std::printf("bench_scorecard: best of 5; CPU time of the calling thread unless marked; load average at "
                "start %.2f (%u cores, shared)\n",
                loadAverage(), std::thread::hardware_concurrency());
    std::printf("%-44s %10s %10s\n", "work (best of 5)", "10k dots", "100k dots");
    double generate[2], score[2], details[2], context[2], wall1[2], wall2[2], cpu2[2];
    size_t counts[2];
    std::vector<Dot> dots10k;
    for (int k = 0; k < 2; ++k) {
        const double side = k == 0 ? 100.0 : 316.23; // 1 dot/mm² → 10k, 100k
        const Level level = bench::squareLevel(side);
        const DensityField field(level);
        std::vector<Vec2> pts;
        generate[k] = bestOfMs(5, [&] { pts = generatePoissonDisk(level, field, {.seed = 1}); });
        const std::vector<Dot> dots = dotsOfExample(exampleAttempt(level, AttemptStyle::Good, 1));
        counts[k] = dots.size();
        std::unique_ptr<LevelContext> ctx;
        context[k] = bestOfMs(5, [&] { ctx = std::make_unique<LevelContext>(level); });
        ScoreResult r;
        AttemptInfo live;
        live.pictureDetails = false;
        live.threads = 1;
        score[k] = bestOfMs(5, [&] { r = scoreAttempt(*ctx, dots, live); });
        wall1[k] = bestOfMs(
            5, [&] { r = scoreAttempt(*ctx, dots, live); }, CLOCK_MONOTONIC);
        live.threads = 2;
        wall2[k] = bestOfMs(
            5, [&] { r = scoreAttempt(*ctx, dots, live); }, CLOCK_MONOTONIC);
        cpu2[k] = bestOfMs(
            5, [&] { r = scoreAttempt(*ctx, dots, live); }, CLOCK_PROCESS_CPUTIME_ID);
        AttemptInfo full;
        full.threads = 1;
        details[k] = bestOfMs(5, [&] { r = scoreAttempt(*ctx, dots, full); });
        if (k == 0) dots10k = dots;
    }
    std::printf("%-44s %10zu %10zu\n", "dots scored", counts[0], counts[1]);
    std::printf("%-44s %9.2f %10.2f   budget 100 ms at 100k\n", "generate Poisson-disk target (ms)",
                generate[0], generate[1]);
    std::printf("%-44s %9.2f %10.2f   once per level\n", "level context: integrate density field (ms)",
                context[0], context[1]);
    std::printf("%-44s %9.2f %10.2f   budget 15 ms at 100k\n", "full scorecard, 1 thread (ms CPU)", score[0],
                score[1]);
    std::printf("%-44s %9.2f %10.2f\n", "full scorecard, 1 thread (ms wall)", wall1[0], wall1[1]);
    std::printf("%-44s %9.2f %10.2f   budget 15 ms at 100k\n", "full scorecard, 2 threads (ms wall)",
                wall2[0], wall2[1]);
    std::printf("%-44s %9.2f %10.2f   both threads' work\n", "full scorecard, 2 threads (ms CPU)", cpu2[0],
                cpu2[1]);
    std::printf("%-44s %9.2f %10.2f   results screen, once\n", "scorecard + picture material (ms)",
                details[0], details[1]);

    // Reference: the mean nearest-neighbour distance alone, brute force.
    double sink = 0.0;
    const double brute = bestOfMs(1, [&] {
        double sum = 0.0;
        for (size_t i = 0; i < dots10k.size(); ++i) {
            double best = INFINITY;
            for (size_t j = 0; j < dots10k.size(); ++j)
                if (i != j) best = std::min(best, distanceSquared(dots10k[i].pos, dots10k[j].pos));
            sum += std::sqrt(best);
        }
        sink = sum;
    });
    std::printf("%-44s %9.2f %10s   (reference: NN mean only)\n",
                "brute-force nearest neighbours O(n^2) (ms)", brute, "-");
    std::printf("(checksum %.3f)\n", sink);
    return 0;
}
