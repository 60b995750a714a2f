// The full scorecard of bench_scorecard's 100,000 dots, once, for counting its instructions with
// callgrind (a count does not depend on the machine's load, which the timings in
// bench_scorecard do):
//   valgrind --tool=callgrind --toggle-collect='stipple::scoreAttempt*' build/tests/bench/callgrind_scorecard
// prints "Collected : N" — the instructions of scoreAttempt alone (the example attempt and the
// level context are built outside it), all on one thread. Not a test.
#include "pattern/example_attempts.h"
#include "scoring/score_attempt.h"
#include "square_level.h"

#include <cstdio>

using namespace stipple;

int main() {
    const double side = 316.23; // 1 dot/mm² → 100,000 dots, as bench_scorecard
    const Level level = bench::squareLevel(side);
    const std::vector<Dot> dots = dotsOfExample(exampleAttempt(level, AttemptStyle::Good, 1));
    const LevelContext ctx(level);
    AttemptInfo live;
    live.pictureDetails = false;
    live.threads = 1; // all the work on this thread, where callgrind counts it
    const Scorecard card = scoreAttempt(ctx, dots, live).card;
    std::printf("%zu dots scored: %.1f\n", dots.size(), card.overall);
    return 0;
}
