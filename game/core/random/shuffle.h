// The one shuffle and the one draw of distinct items. Exams, quizzes and example attempts are
// recorded by their seed: the order must not change when the code moves, nor differ between
// standard libraries (std::shuffle and std::sample do), so both use Rng::below() alone, in a
// fixed order of draws. Changing either changes every recorded exam's replay.
#pragma once

#include "random/rng.h"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

namespace stipple {

/// Fisher–Yates from the back: for i = n … 2, swaps item i−1 with item below(i).
template <typename T> void shuffle(std::vector<T>& items, Rng& rng) {
    for (std::size_t i = items.size(); i > 1; --i)
        std::swap(items[i - 1], items[static_cast<std::size_t>(rng.below(i))]);
}

/// `count` distinct indices of [0, n) (count ≤ n), in increasing order: the first `count`
/// places of a Fisher–Yates shuffle from the front (for i = 0 … count−1, swaps place i with
/// place i + below(n − i)).
inline std::vector<std::size_t> drawDistinct(Rng& rng, std::size_t n, std::size_t count) {
    assert(count <= n && "draw at most the whole pool");
    std::vector<std::size_t> idx(n);
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    for (std::size_t i = 0; i < count; ++i)
        std::swap(idx[i], idx[i + static_cast<std::size_t>(rng.below(n - i))]);
    idx.resize(count);
    std::sort(idx.begin(), idx.end());
    return idx;
}

} // namespace stipple
