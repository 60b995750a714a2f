#include "random/rng.h"
#include "random/shuffle.h"

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
    for (int i = 0; i < n; ++i)
        counts[r.below(6)]++;
    for (int c : counts)
        CHECK(c == Approx(10000).margin(400)); // ~4.4 SD
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

TEST_CASE("the shuffle and the distinct draw are pinned: recorded exams and quizzes replay", "[random]") {
    // The orders the four copies this replaced produced (exam question shuffles, quiz orders,
    // example-attempt sessions: from the back; exam pool draws: from the front), computed with
    // those loops before they were merged. A change here changes every recorded sitting.
    struct Pinned {
        uint64_t seed;
        std::vector<int> order;
        std::vector<size_t> drawn; ///< then 4 of 10 from the same generator
    };
    const std::vector<Pinned> pinned = {
        {1, {3, 8, 0, 9, 2, 5, 6, 4, 1, 7}, {0, 1, 2, 8}},
        {42, {7, 3, 8, 9, 5, 6, 4, 1, 0, 2}, {0, 2, 5, 7}},
        {20261206, {1, 8, 5, 4, 2, 0, 7, 3, 9, 6}, {0, 3, 6, 9}},
    };
    for (const Pinned& p : pinned) {
        INFO("seed " << p.seed);
        Rng rng(p.seed);
        std::vector<int> v = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        shuffle(v, rng);
        CHECK(v == p.order);
        CHECK(drawDistinct(rng, 10, 4) == p.drawn);
    }
    Rng rng(7);
    std::vector<int> none, one = {5};
    shuffle(none, rng);
    shuffle(one, rng);
    CHECK(one == std::vector<int>{5});
    CHECK(drawDistinct(rng, 3, 0).empty());
    CHECK(drawDistinct(rng, 3, 3) == std::vector<size_t>{0, 1, 2});
}
