#include "random/rng.h"
#include "scoring/matching.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

using namespace stipple;

namespace {

/// Brute force over every injective assignment: most matches, then least Σd². Tiny n only.
std::pair<int, double> bruteForceBest(const std::vector<Vec2>& t, const std::vector<Vec2>& p, double tau) {
    std::vector<int> perm(std::max(t.size(), p.size()));
    std::iota(perm.begin(), perm.end(), 0);
    int bestHits = -1;
    double bestErr = 0;
    do {
        int hits = 0;
        double err = 0;
        for (size_t i = 0; i < t.size(); ++i) {
            const int j = perm[i];
            if (j >= static_cast<int>(p.size())) continue;
            const double d2 = distanceSquared(t[i], p[static_cast<size_t>(j)]);
            if (d2 < tau * tau) {
                ++hits;
                err += d2;
            }
        }
        if (hits > bestHits || (hits == bestHits && err < bestErr - 1e-12)) {
            bestHits = hits;
            bestErr = err;
        }
    } while (std::next_permutation(perm.begin(), perm.end()));
    return {bestHits, bestErr};
}

double squaredError(const MatchResult& r, const std::vector<Vec2>& t, const std::vector<Vec2>& p) {
    double err = 0;
    for (size_t i = 0; i < t.size(); ++i)
        if (r.targetToPlaced[i] >= 0)
            err += distanceSquared(t[i], p[static_cast<size_t>(r.targetToPlaced[i])]);
    return err;
}

void requireConsistent(const MatchResult& r, const std::vector<Vec2>& t, const std::vector<Vec2>& p,
                       double tau) {
    for (size_t i = 0; i < t.size(); ++i) {
        const int j = r.targetToPlaced[i];
        if (j < 0) continue;
        REQUIRE(r.placedToTarget[static_cast<size_t>(j)] == static_cast<int>(i));
        REQUIRE(distance(t[i], p[static_cast<size_t>(j)]) < tau);
    }
    REQUIRE(r.hits + r.misses == static_cast<int>(t.size()));
    REQUIRE(r.hits + r.extras == static_cast<int>(p.size()));
}

} // namespace

TEST_CASE("matching: exact hits, a miss and an extra", "[matching]") {
    const std::vector<Vec2> targets{{0, 0}, {2, 0}, {4, 0}};
    const std::vector<Vec2> placed{{0.1, 0}, {2, 0.2}, {9, 9}};
    for (const auto& r : {matchGreedy(targets, placed, 0.3), matchOptimal(targets, placed, 0.3)}) {
        CHECK(r.hits == 2);
        CHECK(r.misses == 1);
        CHECK(r.extras == 1);
        CHECK(r.meanErrorMm == Approx(0.15));
        CHECK(r.targetToPlaced == std::vector<int>{0, 1, -1});
    }
}

TEST_CASE("matching: optimal finds the second match that greedy blocks", "[matching]") {
    // Greedy takes the shortest edge B–P and leaves A without a partner; optimal pairs A–P, B–Q.
    const std::vector<Vec2> targets{{0, 0}, {1, 0}};
    const std::vector<Vec2> placed{{0.6, 0}, {1.65, 0}};
    const MatchResult greedy = matchGreedy(targets, placed, 0.7);
    const MatchResult optimal = matchOptimal(targets, placed, 0.7);
    CHECK(greedy.hits == 1);
    CHECK(optimal.hits == 2);
    CHECK(optimal.targetToPlaced == std::vector<int>{0, 1});
}

TEST_CASE("matching: optimal equals brute force on small random instances", "[matching]") {
    Rng rng(21);
    for (int trial = 0; trial < 200; ++trial) {
        const size_t nt = 1 + rng.below(6), np = 1 + rng.below(6);
        std::vector<Vec2> t, p;
        for (size_t i = 0; i < nt; ++i)
            t.push_back({rng.uniform(0, 2), rng.uniform(0, 2)});
        for (size_t i = 0; i < np; ++i)
            p.push_back({rng.uniform(0, 2), rng.uniform(0, 2)});
        const double tau = 0.8;
        const MatchResult r = matchOptimal(t, p, tau);
        requireConsistent(r, t, p, tau);
        const auto [hits, err] = bruteForceBest(t, p, tau);
        REQUIRE(r.hits == hits);
        REQUIRE(squaredError(r, t, p) == Approx(err).margin(1e-9));
        REQUIRE(matchGreedy(t, p, tau).hits <= hits);
    }
}

TEST_CASE("matching: a drill with placement error and strays", "[matching]") {
    // 2,000 targets on a jittered lattice, 95 % placed with 0.1 mm error, plus 5 % strays.
    Rng rng(5);
    std::vector<Vec2> targets, placed;
    for (int y = 0; y < 40; ++y)
        for (int x = 0; x < 50; ++x)
            targets.push_back({x * 1.0 + rng.uniform(0, 0.2), y * 1.0 + rng.uniform(0, 0.2)});
    for (const Vec2 t : targets)
        if (rng.uniform() < 0.95) placed.push_back({t.x + rng.normal(0, 0.1), t.y + rng.normal(0, 0.1)});
    const size_t placedOnTarget = placed.size();
    for (int i = 0; i < 100; ++i)
        placed.push_back({rng.uniform(0, 50), rng.uniform(0, 40)});
    const double tau = 0.4;
    const MatchResult greedy = matchGreedy(targets, placed, tau);
    const MatchResult optimal = matchOptimal(targets, placed, tau);
    requireConsistent(greedy, targets, placed, tau);
    requireConsistent(optimal, targets, placed, tau);
    CHECK(optimal.hits >= greedy.hits);
    // Nearly every placed-on-target dot is found (a 0.1 mm error leaves τ = 0.4 with p ≈ 3e-4).
    CHECK(optimal.hits >= static_cast<int>(placedOnTarget) - 5);
    // Mean error of a 2-D Gaussian with σ = 0.1: σ·√(π/2) ≈ 0.125 mm.
    CHECK(optimal.meanErrorMm == Approx(0.125).epsilon(0.1));
    CHECK(optimal.largestComponent < 50);
}

TEST_CASE("matching: empty inputs are defined", "[matching]") {
    const std::vector<Vec2> none, some{{1, 1}};
    const MatchResult a = matchOptimal(none, some, 0.5);
    CHECK(a.hits == 0);
    CHECK(a.extras == 1);
    const MatchResult b = matchGreedy(some, none, 0.5);
    CHECK(b.misses == 1);
    CHECK(b.meanErrorMm == 0.0);
}

TEST_CASE("matching: a large canvas with a tiny tolerance needs memory for the dots, not the area",
          "[matching][limits]") {
    // Issue 16, hole 7: a 500 x 500 mm canvas with tolerance 0.01 mm (a valid level) sized the
    // search grid as 2.5 billion cells (10 GB) for three dots. The grid now follows the dots.
    const std::vector<Vec2> targets = {{0, 0}, {500, 0}, {250, 500}, {100, 100}};
    const std::vector<Vec2> placed = {{0.004, 0}, {500, 0.009}, {250.003, 499.996}, {100.02, 100}};
    auto edges = matchCandidates(targets, placed, 0.01);
    std::sort(edges.begin(), edges.end(),
              [](const MatchEdge& a, const MatchEdge& b) { return a.target < b.target; });
    REQUIRE(edges.size() == 3); // the fourth dot is 0.02 mm off: out of reach
    for (int i = 0; i < 3; ++i) {
        CHECK(edges[static_cast<size_t>(i)].target == i);
        CHECK(edges[static_cast<size_t>(i)].placed == i);
    }
    // The same edges as brute force on 3,000 dots spread over the whole canvas.
    Rng rng(16);
    std::vector<Vec2> t, p;
    for (int i = 0; i < 3000; ++i) {
        t.push_back({rng.uniform(0, 500), rng.uniform(0, 500)});
        p.push_back({t.back().x + rng.uniform(-0.007, 0.007), t.back().y + rng.uniform(-0.007, 0.007)});
    }
    size_t brute = 0;
    for (size_t i = 0; i < t.size(); ++i)
        for (size_t j = 0; j < p.size(); ++j)
            brute += distanceSquared(t[i], p[j]) < 0.0001 ? 1 : 0;
    CHECK(matchCandidates(t, p, 0.01).size() == brute);
    CHECK(brute >= 3000);
}
