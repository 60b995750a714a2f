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

    /// Next raw 64 bits (inline: hot loops draw millions).
    uint64_t next() {
        const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    /// Uniform double in [0, 1), 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
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
    static constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_s[4];
    bool m_hasSpare = false;
    double m_spare = 0.0;
};

/// SplitMix64 step: also handy to hash a seed with a stream id.
uint64_t splitMix64(uint64_t& state);

} // namespace stipple
