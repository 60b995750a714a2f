// Benchmark: healing and layered scoring at 10,000 and 100,000 dots over three sessions (a
// layered example attempt on a square patch at 1 dot/mm²): the healing model alone, one
// session's layering, and the whole healed scorecard (final look, strikes, three sessions).
// For comparison, the plain scorecard of the same dots. No SCORING.md budget covers layering:
// it runs once at the end of an attempt (and per session in the trainer), not per strike.
// Prints figures; not a test. Run from a Release build: ./build/tests/bench/bench_layering
#include "pattern/example_attempts.h"
#include "scoring/layering.h"
#include "square_level.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>

using namespace stipple;

namespace {

/// Best of `runs`, in ms of this thread's CPU time: on a shared 2-core machine the wall clock
/// also counts waiting for other processes.
double bestOfMs(int runs, const std::function<void()>& work) {
    const auto cpuMs = [] {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
    };
    double best = INFINITY;
    for (int i = 0; i < runs; ++i) {
        const double t0 = cpuMs();
        work();
        best = std::min(best, cpuMs() - t0);
    }
    return best;
}

Level layeredLevel(double side) {
    Level level = bench::squareLevel(side, "bench-layers");
    level.sessions = {
        {0.45, "mid-grey", 0.6, 14.0}, {0.75, "dark-grey", 0.8, 14.0}, {1.0, "soft-black", 1.0, 14.0}};
    return level;
}

} // namespace

int main() {
    std::printf("%-44s %10s %10s\n", "work (best of 3, CPU ms)", "10k dots", "100k dots");
    double heal[2], session[2], layered[2], plain[2];
    size_t counts[2];
    for (int k = 0; k < 2; ++k) {
        const double side = k == 0 ? 100.0 : 316.23;
        const Level level = layeredLevel(side);
        std::vector<Dot> dots = dotsOfExample(exampleAttempt(level, AttemptStyle::Layered, 1));
        for (size_t i = 0; i < dots.size(); ++i)
            dots[i].tick = static_cast<int32_t>(i);
        counts[k] = dots.size();
        const LevelContext ctx(level);
        const HealingModel model(level);
        heal[k] = bestOfMs(3, [&] {
            volatile size_t n = model.finalLook(dots).size();
            (void)n;
        });
        session[k] = bestOfMs(3, [&] {
            volatile int n = scoreSession(ctx, model, dots, 1).placed;
            (void)n;
        });
        layered[k] = bestOfMs(3, [&] {
            volatile double v = scoreLayered(ctx, dots).card.overall;
            (void)v;
        });
        plain[k] = bestOfMs(3, [&] {
            volatile double v = scoreAttempt(ctx, dots).card.overall;
            (void)v;
        });
    }
    std::printf("%-44s %10zu %10zu\n", "dots (layered example, 3 sessions)", counts[0], counts[1]);
    std::printf("%-44s %9.2f %10.2f ms\n", "heal every dot (final look)", heal[0], heal[1]);
    std::printf("%-44s %9.2f %10.2f ms\n", "one session's layering (session 2)", session[0], session[1]);
    std::printf("%-44s %9.2f %10.2f ms\n", "healed scorecard, all sessions (scoreLayered)", layered[0],
                layered[1]);
    std::printf("%-44s %9.2f %10.2f ms\n", "plain scorecard, for comparison", plain[0], plain[1]);
    return 0;
}
