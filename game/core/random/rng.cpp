// xoshiro256** (Blackman & Vigna, public domain algorithm), written out here from its definition.
#include "random/rng.h"

#include <cassert>
#include <cmath>

namespace stipple {

namespace {
constexpr double kTwoPi = 6.283185307179586476925286766559;
} // namespace

uint64_t splitMix64(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Rng::Rng(uint64_t seed) {
    uint64_t s = seed;
    for (auto& word : m_s)
        word = splitMix64(s);
}

uint64_t Rng::below(uint64_t n) {
    assert(n > 0 && "Rng::below needs a positive bound");
    // Reject the top partial bucket so every value is equally likely.
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = next();
    while (x >= limit);
    return x % n;
}

double Rng::normal() {
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    double u1;
    do
        u1 = uniform();
    while (u1 <= 0.0);
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    m_spare = r * std::sin(kTwoPi * u2);
    m_hasSpare = true;
    return r * std::cos(kTwoPi * u2);
}

Rng Rng::split() {
    return Rng(next());
}

} // namespace stipple
