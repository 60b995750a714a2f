// The one random-number generator of Stipple. Every seeded decision (target patterns, tremor,
// exam draws, quiz shuffles, healing variation) uses it, so a seed means the same result on
// every platform: the bits come from xoshiro256** and the mapping from bits to numbers is our
// own (std::uniform_real_distribution and friends differ between standard libraries).
#pragma once

#include <cstdint>

namespace stipple {

class Rng {
  public:
    /// Seeds the state with SplitMix64 from one 64-bit seed.
    explicit Rng(uint64_t seed = 0);

    /// Next raw 64 bits.
    uint64_t next();
    /// Uniform double in [0, 1), 53 random bits.
    double uniform();
    /// Uniform double in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [0, n); n must be > 0. Unbiased (rejection sampling).
    uint64_t below(uint64_t n);
    /// Standard normal deviate (Box–Muller, polar-free form; uses only sqrt/log/cos/sin).
    double normal();
    double normal(double mean, double sd) { return mean + sd * normal(); }
    /// An independent generator for a sub-task (e.g. one per zone), derived from this one's stream.
    Rng split();

  private:
    uint64_t m_s[4];
    bool m_hasSpare = false;
    double m_spare = 0.0;
};

/// SplitMix64 step: also handy to hash a seed with a stream id.
uint64_t splitMix64(uint64_t& state);

} // namespace stipple
