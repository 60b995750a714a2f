// The dot index must answer exactly what a brute-force scan answers — including ties (smaller
// id wins), duplicates, points far outside the grid and empty sets — because every spacing
// statistic and the live/full agreement rest on it.
#include "random/rng.h"
#include "spatial/live_neighbours.h"
#include "spatial/pattern_window.h"
#include "spatial/point_grid.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace stipple;

namespace {

std::vector<Neighbour> bruteNearest(const std::vector<Vec2>& pts, const std::vector<bool>& present, Vec2 p,
                                    uint32_t exclude, size_t k) {
    std::vector<Neighbour> all;
    for (uint32_t i = 0; i < pts.size(); ++i)
        if (present[i] && i != exclude) all.push_back({i, distanceSquared(pts[i], p)});
    const size_t keep = std::min(k, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<long>(keep), all.end());
    all.resize(keep);
    return all;
}

/// Awkward points: a dense patch, exact duplicates, grid-aligned ties, and points far outside.
std::vector<Vec2> awkwardPoints(Rng& rng, size_t n) {
    std::vector<Vec2> pts;
    for (size_t i = 0; i < n; ++i) {
        const uint64_t kind = rng.below(10);
        if (kind == 0 && !pts.empty())
            pts.push_back(pts[rng.below(pts.size())]); // duplicate
        else if (kind == 1)
            pts.push_back({static_cast<double>(rng.below(20)), static_cast<double>(rng.below(20))}); // ties
        else if (kind == 2)
            pts.push_back({rng.uniform(-500, 500), rng.uniform(-500, 500)}); // mostly far outside
        else
            pts.push_back({rng.uniform(0, 20), rng.uniform(0, 20)});
    }
    return pts;
}

} // namespace

TEST_CASE("grid layout clamps positions outside, NaN included, and sizes cells from spacing", "[spatial]") {
    const GridLayout layout(Rect{{0, 0}, {10, 5}}, 1.0);
    CHECK(layout.columns() == 10);
    CHECK(layout.rows() == 5);
    CHECK(layout.cellOf({0.5, 0.5}) == 0);
    CHECK(layout.cellOf({10.0, 5.0}) == layout.cellCount() - 1); // far edge belongs to the last cell
    CHECK(layout.cellOf({-100, 2.5}) == 2 * 10);
    CHECK(layout.cellOf({1e300, -1e300}) == 9);
    CHECK(layout.cellOf({std::nan(""), std::nan("")}) == 0);
    // Degenerate extents still give a usable layout.
    const GridLayout point(Rect{{3, 3}, {3, 3}}, 0.0);
    CHECK(point.cellCount() == 1);
    const GridLayout line = GridLayout::forPoints(Rect{{0, 0}, {100, 0}}, 100);
    CHECK(line.columns() >= 10);
    CHECK(line.rows() == 1);
    // A tiny cell over a huge area is coarsened to the cap.
    const GridLayout capped(Rect{{0, 0}, {1e6, 1e6}}, 1e-3, 10000);
    CHECK(capped.cellCount() <= 10000);
    // ~2 points per cell for 10,000 points on 100×100 mm.
    const GridLayout sized = GridLayout::forPoints(Rect{{0, 0}, {100, 100}}, 10000);
    CHECK(sized.cellMm() == Approx(std::sqrt(2.0)).epsilon(0.01));
}

TEST_CASE("both grids answer nearest, k-nearest and radius queries exactly like brute force", "[spatial]") {
    Rng rng(42);
    const std::vector<Vec2> pts = awkwardPoints(rng, 1500);
    const std::vector<bool> present(pts.size(), true);
    const GridLayout layout(Rect{{0, 0}, {20, 20}}, 0.7);
    PointGrid dynamic(layout);
    for (uint32_t i = 0; i < pts.size(); ++i)
        dynamic.insert(i, pts[i]);
    PackedPointGrid packed;
    packed.build(pts, layout);
    PackedPointGrid autoPacked;
    autoPacked.build(pts);
    REQUIRE(dynamic.size() == pts.size());
    REQUIRE(packed.size() == pts.size());

    for (int q = 0; q < 400; ++q) {
        // Query from existing points (excluding themselves) and from arbitrary positions.
        const bool fromPoint = q % 2 == 0;
        const uint32_t self = fromPoint ? static_cast<uint32_t>(rng.below(pts.size())) : kNoPoint;
        const Vec2 p = fromPoint ? pts[self] : Vec2{rng.uniform(-30, 50), rng.uniform(-30, 50)};
        const auto expected = bruteNearest(pts, present, p, self, 7);
        CHECK(dynamic.nearest(p, self) == expected.front());
        CHECK(packed.nearest(p, self) == expected.front());
        CHECK(autoPacked.nearest(p, self) == expected.front());
        Neighbour out[7];
        REQUIRE(dynamic.nearestK(p, self, out) == 7);
        CHECK(std::vector<Neighbour>(out, out + 7) == expected);
        REQUIRE(packed.nearestK(p, self, out) == 7);
        CHECK(std::vector<Neighbour>(out, out + 7) == expected);

        const double r = rng.uniform(0.0, 3.0);
        std::set<uint32_t> inRadius, fromDynamic, fromPacked;
        for (uint32_t i = 0; i < pts.size(); ++i)
            if (distanceSquared(pts[i], p) <= r * r) inRadius.insert(i);
        dynamic.forEachInRadius(p, r, [&](uint32_t id, Vec2 pos, double d2) {
            CHECK(pos == pts[id]);
            CHECK(d2 == distanceSquared(pts[id], p));
            fromDynamic.insert(id);
        });
        packed.forEachInRadius(p, r, [&](uint32_t id, Vec2, double) { fromPacked.insert(id); });
        CHECK(fromDynamic == inRadius);
        CHECK(fromPacked == inRadius);
    }
}

TEST_CASE("grids handle empty sets, a lone point and requests for more neighbours than exist", "[spatial]") {
    PointGrid grid(GridLayout(Rect{{0, 0}, {10, 10}}, 1.0));
    CHECK_FALSE(grid.nearest({5, 5}).found());
    Neighbour out[4];
    CHECK(grid.nearestK({5, 5}, kNoPoint, out) == 0);
    grid.insert(3, {1, 1});
    CHECK_FALSE(grid.nearest({1, 1}, 3).found()); // only itself
    CHECK(grid.nearest({4, 5}).id == 3);
    CHECK(grid.nearest({4, 5}).distance() == Approx(5.0));
    grid.insert(0, {1, 1}); // duplicate position
    CHECK(grid.nearest({1, 1}, 3) == Neighbour{0, 0.0});
    CHECK(grid.nearestK({0, 0}, kNoPoint, out) == 2);
    CHECK(out[0].id == 0); // tie on distance: smaller id first
    CHECK(out[1].id == 3);
    CHECK(grid.remove(3));
    CHECK_FALSE(grid.remove(3));
    CHECK_FALSE(grid.contains(3));
    CHECK(grid.size() == 1);

    PackedPointGrid empty;
    empty.build(std::vector<Vec2>{});
    CHECK_FALSE(empty.nearest({0, 0}).found());
    CHECK(empty.nearestK({0, 0}, kNoPoint, out) == 0);
    int visits = 0;
    empty.forEachInRadius({0, 0}, 5.0, [&](uint32_t, Vec2, double) { ++visits; });
    CHECK(visits == 0);
}

TEST_CASE("removing points keeps the dynamic grid equal to brute force", "[spatial]") {
    Rng rng(7);
    const std::vector<Vec2> pts = awkwardPoints(rng, 800);
    std::vector<bool> present(pts.size(), false);
    PointGrid grid(GridLayout(Rect{{0, 0}, {20, 20}}, 1.3));
    for (int step = 0; step < 3000; ++step) {
        const uint32_t id = static_cast<uint32_t>(rng.below(pts.size()));
        if (present[id]) {
            REQUIRE(grid.remove(id));
            present[id] = false;
        } else {
            grid.insert(id, pts[id]);
            present[id] = true;
        }
        if (step % 10 == 0) {
            const Vec2 p{rng.uniform(-5, 25), rng.uniform(-5, 25)};
            const auto expected = bruteNearest(pts, present, p, kNoPoint, 1);
            if (expected.empty())
                CHECK_FALSE(grid.nearest(p).found());
            else
                CHECK(grid.nearest(p) == expected.front());
        }
    }
    CHECK(grid.size() == static_cast<size_t>(std::count(present.begin(), present.end(), true)));
}

TEST_CASE("live nearest neighbours match brute force after every insert and removal", "[spatial]") {
    Rng rng(2024);
    const std::vector<Vec2> pts = awkwardPoints(rng, 600);
    std::vector<bool> present(pts.size(), false);
    LiveNeighbours live(GridLayout(Rect{{0, 0}, {20, 20}}, 0.8));
    std::vector<NeighbourChange> changes;
    // Track every point's distance only through the reported changes, as a live scorer would.
    std::vector<std::optional<double>> tracked(pts.size());
    const auto apply = [&] {
        for (const NeighbourChange& c : changes) {
            CHECK(tracked[c.id] == c.oldDistanceMm);
            tracked[c.id] = c.newDistanceMm;
        }
    };
    for (int step = 0; step < 2500; ++step) {
        const uint32_t id = static_cast<uint32_t>(rng.below(pts.size()));
        if (present[id]) {
            REQUIRE(live.remove(id, changes));
            present[id] = false;
        } else {
            live.insert(id, pts[id], changes);
            present[id] = true;
        }
        apply();
        if (step % 50 == 0 || step > 2480) {
            for (uint32_t i = 0; i < pts.size(); ++i) {
                if (!present[i]) {
                    CHECK_FALSE(tracked[i].has_value());
                    continue;
                }
                const auto expected = bruteNearest(pts, present, pts[i], i, 1);
                const std::optional<double> want =
                    expected.empty() ? std::nullopt : std::optional<double>(expected.front().distance());
                CHECK(live.nearestDistance(i) == want); // exact, not approximate
                CHECK(tracked[i] == want);
            }
        }
    }
}

TEST_CASE("live neighbours on a dense, even pattern keep no loners and a short change list", "[spatial]") {
    // A jittered 1 mm lattice on a grid whose cells match the spacing: the realistic case.
    Rng rng(3);
    LiveNeighbours live(GridLayout(Rect{{0, 0}, {60, 60}}, 1.0));
    std::vector<NeighbourChange> changes;
    size_t maxChanges = 0;
    uint32_t id = 0;
    for (int y = 0; y < 60; ++y)
        for (int x = 0; x < 60; ++x) {
            live.insert(id++, {x + 0.5 + rng.normal(0, 0.1), y + 0.5 + rng.normal(0, 0.1)}, changes);
            maxChanges = std::max(maxChanges, changes.size());
        }
    CHECK(live.lonerCount() == 0);
    CHECK(maxChanges <= 7); // the new dot plus at most one per 60° sector
}

TEST_CASE("windows: rectangle and polygon area, containment, border distance, tiling", "[spatial]") {
    const PatternWindow rect = PatternWindow::rectangle(Rect{{0, 0}, {30, 20}});
    CHECK(rect.isRectangle());
    CHECK(rect.areaMm2() == 600.0);
    CHECK(rect.perimeterMm() == 100.0);
    CHECK(rect.distanceToBoundary({5, 4}) == 4.0);
    CHECK(rect.distanceToBoundary({-3, 24}) == 5.0);
    CHECK(rect.contains({30, 20}));
    CHECK_FALSE(rect.contains({30.001, 20}));

    const CellTiling tiling(rect, 5.0);
    CHECK(tiling.columns() == 6);
    CHECK(tiling.rows() == 4);
    CHECK(tiling.usedCells() == 24);
    CHECK(tiling.cellOf({30, 20}) == 23);
    CHECK(tiling.cellOf({-1, 3}) == -1);
    const CellTiling uneven(rect, 7.0); // 30/7 → 4 columns of 7.5, 20/7 → 3 rows of 6.67
    CHECK(uneven.columns() == 4);
    CHECK(uneven.cellSize().x == 7.5);

    // An L shape: cells straddling the notch are not used.
    const PatternWindow ell = PatternWindow::polygon({{0, 0}, {10, 0}, {10, 4}, {4, 4}, {4, 10}, {0, 10}});
    CHECK_FALSE(ell.isRectangle());
    CHECK(ell.areaMm2() == Approx(64.0));
    CHECK(ell.perimeterMm() == Approx(40.0));
    CHECK(ell.contains({2, 8}));
    CHECK_FALSE(ell.contains({8, 8}));
    CHECK(ell.distanceToBoundary({2, 8}) == Approx(2.0));
    const CellTiling ellCells(ell, 2.0);
    CHECK(ellCells.usedCells() == 25 - 9); // 5×5 cells of 2 mm, minus the 3×3 notch
    CHECK(ellCells.cellOf({8, 8}) == -1);
    CHECK(ellCells.cellOf({1, 1}) == 0);

    const PatternWindow empty;
    CHECK(empty.degenerate());
    CHECK(CellTiling(empty, 5.0).usedCells() == 0);
    CHECK(PatternWindow::rectangle(Rect{{0, 0}, {5, 0}}).degenerate());
}

TEST_CASE("a sparse dynamic grid (first strikes of a session) answers like brute force", "[spatial]") {
    // 300 × 300 cells and up to 400 points: queries start by scanning the few id slots and switch
    // to ring searches as the grid fills; both must give the brute-force answer, ties included.
    Rng rng(31);
    PointGrid grid(GridLayout(Rect{{0, 0}, {300, 300}}, 1.0));
    std::vector<Vec2> pts;
    std::vector<bool> present;
    for (uint32_t id = 0; id < 400; ++id) {
        const Vec2 p = id % 7 == 0 && id > 0 ? pts[rng.below(pts.size())] // duplicates
                                             : Vec2{static_cast<double>(rng.below(300)), rng.uniform(0, 300)};
        grid.insert(id, p);
        pts.push_back(p);
        present.push_back(true);
        if (id % 5 == 4) { // undo one now and then
            const uint32_t gone = static_cast<uint32_t>(rng.below(pts.size()));
            if (present[gone]) {
                grid.remove(gone);
                present[gone] = false;
            }
        }
        const Vec2 q{rng.uniform(-10, 310), rng.uniform(-10, 310)};
        const auto expected = bruteNearest(pts, present, q, kNoPoint, 3);
        if (expected.empty()) continue;
        CHECK(grid.nearest(q) == expected.front());
        Neighbour out[3];
        const size_t k = grid.nearestK(q, id, out);
        const auto expectedK = bruteNearest(pts, present, q, id, 3);
        CHECK(std::vector<Neighbour>(out, out + k) == expectedK);
    }
}

TEST_CASE("polygon windows: the accelerated tests agree exactly with plain geometry", "[spatial]") {
    // A concave 14-pointed star: long thin spikes and notches exercise the raster's near cells.
    Polygon star;
    for (int k = 0; k < 28; ++k) {
        const double r = k % 2 == 0 ? 50.0 : 18.0, a = k * M_PI / 14 + 0.1;
        star.push_back({60 + r * std::cos(a), 55 + r * std::sin(a)});
    }
    const PatternWindow window = PatternWindow::polygon(star);
    const auto exactContains = [&](Vec2 p) {
        return contains(star, p) || distanceToBoundary(star, p) == 0.0;
    };
    Rng rng(12);
    for (int i = 0; i < 20000; ++i) {
        Vec2 p{rng.uniform(0, 120), rng.uniform(0, 110)};
        if (i % 10 == 0) { // exactly on an edge or a vertex
            const size_t e = rng.below(star.size());
            p = star[e] + (star[(e + 1) % star.size()] - star[e]) * (i % 20 == 0 ? 0.0 : rng.uniform());
        }
        const bool inside = exactContains(p);
        CHECK(window.contains(p) == inside);
        for (const double r : {0.5, 1.0, 4.0})
            CHECK(window.insideBy(p, r) == (inside && distanceToBoundary(star, p) >= r));
        // A box is inside when its centre is and the border never meets its sides (checked
        // with plain segment intersection; boxes cornered exactly on the border are skipped,
        // where "touching" decides).
        if (i % 10 == 0) continue;
        const Rect box{p, p + Vec2{rng.uniform(0, 6), rng.uniform(0, 6)}};
        const Vec2 corners[4] = {box.min, {box.max.x, box.min.y}, box.max, {box.min.x, box.max.y}};
        bool expected = exactContains((box.min + box.max) * 0.5);
        for (size_t e = 0; e < star.size() && expected; ++e)
            for (int k = 0; k < 4; ++k)
                if (segmentsIntersect(star[e], star[(e + 1) % star.size()], corners[k], corners[(k + 1) % 4]))
                    expected = false;
        for (const Vec2& v : star)
            expected =
                expected && !(v.x > box.min.x && v.x < box.max.x && v.y > box.min.y && v.y < box.max.y);
        CHECK(window.containsBox(box) == expected);
    }
}

TEST_CASE("a polygon window with holes: the holes are outside, their edges are border", "[spatial][holes]") {
    // A 20 × 10 mm rectangle (as a polygon) with a 4 × 4 mm square hole and a triangle hole.
    const Polygon outer{{0, 0}, {20, 0}, {20, 10}, {0, 10}};
    const Polygon square{{3, 3}, {7, 3}, {7, 7}, {3, 7}};
    const Polygon triangle{{12, 2}, {16, 2}, {14, 6}};
    REQUIRE(PatternWindow::holesFitInside(outer, {square, triangle}));
    CHECK_FALSE(
        PatternWindow::holesFitInside(outer, {square, Polygon{{5, 5}, {9, 5}, {9, 9}}})); // holes overlap
    CHECK_FALSE(
        PatternWindow::holesFitInside(outer, {Polygon{{18, 8}, {22, 8}, {22, 12}, {18, 12}}})); // sticks out
    const PatternWindow w = PatternWindow::polygon(outer, {square, triangle});
    CHECK_FALSE(w.isRectangle());
    CHECK(w.areaMm2() == Approx(200.0 - 16.0 - 8.0));
    CHECK(w.perimeterMm() == Approx(60.0 + 16.0 + 4.0 + 2.0 * std::sqrt(20.0)));
    CHECK(w.contains({1, 1}));
    CHECK_FALSE(w.contains({5, 5}));  // in the square hole
    CHECK_FALSE(w.contains({14, 3})); // in the triangle
    CHECK(w.contains({3, 5}));        // on the hole's edge: border, inside
    CHECK(w.distanceToBoundary({5, 8.5}) ==
          Approx(1.5)); // nearer the hole (1.5) than the top (1.5)… and the side
    CHECK(w.distanceToBoundary({9, 5}) == Approx(2.0)); // 2 from the square hole, 5 from the outline
    CHECK_FALSE(w.insideBy({9, 5}, 2.5));
    CHECK(w.insideBy({9, 5}, 1.5));
    // A box around the hole lies in the outline but not in the window; one beside it does.
    CHECK_FALSE(w.containsBox(Rect{{2, 2}, {8, 8}}));
    CHECK(w.containsBox(Rect{{8, 1}, {11, 9}}));
    CHECK_FALSE(w.containsBox(Rect{{6, 1}, {11, 9}})); // overlaps the hole's edge
    // Tiling uses no cell that touches a hole's inside, and every other cell inside.
    const CellTiling t(w, 1.0);
    int used = 0;
    for (int c = 0; c < t.columns() * t.rows(); ++c) {
        const Rect r = t.cellRect(c);
        const Vec2 centre = (r.min + r.max) * 0.5;
        const bool inHole = contains(square, centre) || contains(triangle, centre);
        if (t.used(c)) {
            ++used;
            CHECK_FALSE(inHole);
        }
    }
    CHECK(used == t.usedCells());
    CHECK(used == 200 - 16 - 12); // 12 of the unit cells meet the triangle's inside
}
