#include "geometry/polygon.h"

#include <catch2/catch.hpp>

using namespace stipple;

TEST_CASE("area and perimeter of a rectangle and a triangle", "[geometry]") {
    const Polygon rect{{0, 0}, {40, 0}, {40, 30}, {0, 30}};
    CHECK(area(rect) == Approx(1200.0));
    CHECK(perimeter(rect) == Approx(140.0));
    const Polygon tri{{0, 0}, {4, 0}, {0, 3}};
    CHECK(area(tri) == Approx(6.0));
    CHECK(perimeter(tri) == Approx(12.0));
    // Winding does not change the absolute area.
    const Polygon reversed{{0, 30}, {40, 30}, {40, 0}, {0, 0}};
    CHECK(area(reversed) == Approx(1200.0));
    CHECK(signedArea(reversed) == Approx(-signedArea(rect)));
}

TEST_CASE("point in polygon, including a concave L shape", "[geometry]") {
    const Polygon l{{0, 0}, {10, 0}, {10, 4}, {4, 4}, {4, 10}, {0, 10}};
    CHECK(contains(l, {2, 2}));
    CHECK(contains(l, {8, 2}));
    CHECK(contains(l, {2, 8}));
    CHECK_FALSE(contains(l, {8, 8}));
    CHECK_FALSE(contains(l, {-1, 5}));
}

TEST_CASE("distances to segments, boundaries and polylines", "[geometry]") {
    CHECK(distanceToSegment({5, 3}, {0, 0}, {10, 0}) == Approx(3.0));
    CHECK(distanceToSegment({13, 4}, {0, 0}, {10, 0}) == Approx(5.0));
    const Polygon sq{{0, 0}, {10, 0}, {10, 10}, {0, 10}};
    CHECK(distanceToBoundary(sq, {5, 4}) == Approx(4.0));
    const Polyline line{{0, 10}, {20, 10}};
    CHECK(distanceToPolyline(line, {5, 13}) == Approx(3.0));
    // Canvas frame: y grows downwards, so "behind" a left-to-right hairline is larger y.
    CHECK(signedDistanceToPolyline(line, {5, 13}) == Approx(3.0));
    CHECK(signedDistanceToPolyline(line, {5, 7}) == Approx(-3.0));
}

TEST_CASE("self-intersection: a bow tie crosses, a square does not", "[geometry]") {
    const Polygon square{{0, 0}, {10, 0}, {10, 10}, {0, 10}};
    CHECK_FALSE(firstSelfIntersection(square).has_value());
    const Polygon bowTie{{0, 0}, {10, 10}, {10, 0}, {0, 10}};
    const auto hit = firstSelfIntersection(bowTie);
    REQUIRE(hit.has_value());
    CHECK(hit->first == 0);
    CHECK(hit->second == 2);
}

TEST_CASE("bounds and containment in a rectangle", "[geometry]") {
    const Rect r = bounds({{1, 2}, {5, -1}, {3, 7}});
    CHECK(r.min == Vec2{1, -1});
    CHECK(r.max == Vec2{5, 7});
    CHECK(r.area() == Approx(32.0));
    CHECK(insideRect({{1, 1}, {2, 2}}, Rect{{0, 0}, {2, 2}}));
    CHECK_FALSE(insideRect({{1, 1}, {2.1, 2}}, Rect{{0, 0}, {2, 2}}));
    CHECK(Rect{}.empty());
}
