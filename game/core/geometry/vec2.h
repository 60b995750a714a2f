// Points and vectors on the skin plane, in millimetres. Plain value type, no dependencies.
#pragma once

#include <cmath>

namespace stipple {

/// A point or vector on the skin plane, in millimetres; +x to the right, +y down the canvas.
struct Vec2 {
    double x = 0.0;
    double y = 0.0;

    friend constexpr Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
    friend constexpr Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
    friend constexpr Vec2 operator*(Vec2 a, double s) { return {a.x * s, a.y * s}; }
    friend constexpr Vec2 operator*(double s, Vec2 a) { return {a.x * s, a.y * s}; }
    friend constexpr bool operator==(Vec2 a, Vec2 b) = default;
};

constexpr double dot(Vec2 a, Vec2 b) {
    return a.x * b.x + a.y * b.y;
}
/// z component of the 3-D cross product: > 0 when b is counter-clockwise of a (y up).
constexpr double cross(Vec2 a, Vec2 b) {
    return a.x * b.y - a.y * b.x;
}
constexpr double lengthSquared(Vec2 a) {
    return dot(a, a);
}
inline double length(Vec2 a) {
    return std::sqrt(lengthSquared(a));
}
inline double distance(Vec2 a, Vec2 b) {
    return length(a - b);
}
constexpr double distanceSquared(Vec2 a, Vec2 b) {
    return lengthSquared(a - b);
}

/// Axis-aligned rectangle in mm; empty when min > max.
struct Rect {
    Vec2 min{1e300, 1e300};
    Vec2 max{-1e300, -1e300};

    bool empty() const { return min.x > max.x || min.y > max.y; }
    double width() const { return empty() ? 0.0 : max.x - min.x; }
    double height() const { return empty() ? 0.0 : max.y - min.y; }
    double area() const { return width() * height(); }
    bool contains(Vec2 p) const { return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y; }
    void expand(Vec2 p) {
        min = {std::fmin(min.x, p.x), std::fmin(min.y, p.y)};
        max = {std::fmax(max.x, p.x), std::fmax(max.y, p.y)};
    }
    friend bool operator==(const Rect&, const Rect&) = default;
};

} // namespace stipple
