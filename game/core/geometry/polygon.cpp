// Polygon and polyline maths. Plain loops: polygons in levels have tens of vertices, not thousands.
#include "geometry/polygon.h"

#include <algorithm>
#include <cmath>

namespace stipple {

double signedArea(const Polygon& poly) {
    double twice = 0.0;
    const size_t n = poly.size();
    for (size_t i = 0; i < n; ++i)
        twice += cross(poly[i], poly[(i + 1) % n]);
    return 0.5 * twice;
}

double area(const Polygon& poly) {
    return std::fabs(signedArea(poly));
}

double perimeter(const Polygon& poly) {
    double sum = 0.0;
    const size_t n = poly.size();
    for (size_t i = 0; i < n; ++i)
        sum += distance(poly[i], poly[(i + 1) % n]);
    return sum;
}

Rect bounds(const std::vector<Vec2>& points) {
    Rect r;
    for (Vec2 p : points)
        r.expand(p);
    return r;
}

bool contains(const Polygon& poly, Vec2 p) {
    bool inside = false;
    const size_t n = poly.size();
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        const Vec2 a = poly[i], b = poly[j];
        if ((a.y > p.y) != (b.y > p.y)) {
            const double xCross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if (p.x < xCross) inside = !inside;
        }
    }
    return inside;
}

double distanceToSegment(Vec2 p, Vec2 a, Vec2 b) {
    const Vec2 ab = b - a;
    const double len2 = lengthSquared(ab);
    double t = len2 > 0.0 ? dot(p - a, ab) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    return distance(p, a + ab * t);
}

double distanceToBoundary(const Polygon& poly, Vec2 p) {
    double best = INFINITY;
    const size_t n = poly.size();
    for (size_t i = 0; i < n; ++i)
        best = std::fmin(best, distanceToSegment(p, poly[i], poly[(i + 1) % n]));
    return best;
}

double distanceToPolyline(const Polyline& line, Vec2 p) {
    if (line.size() == 1) return distance(p, line[0]);
    double best = INFINITY;
    for (size_t i = 1; i < line.size(); ++i)
        best = std::fmin(best, distanceToSegment(p, line[i - 1], line[i]));
    return best;
}

double signedDistanceToPolyline(const Polyline& line, Vec2 p) {
    if (line.empty()) return 0.0;
    if (line.size() == 1) return distance(p, line[0]);
    double best = INFINITY;
    double sign = 1.0;
    for (size_t i = 1; i < line.size(); ++i) {
        const double d = distanceToSegment(p, line[i - 1], line[i]);
        if (d < best) {
            best = d;
            // In the canvas frame (y down) a point with larger y than a left→right segment has a
            // positive cross product.
            sign = cross(line[i] - line[i - 1], p - line[i - 1]) >= 0.0 ? 1.0 : -1.0;
        }
    }
    return sign * best;
}

namespace {
int orientation(Vec2 a, Vec2 b, Vec2 c) {
    const double v = cross(b - a, c - a);
    const double eps = 1e-12 * (std::fabs(b.x - a.x) + std::fabs(b.y - a.y) + std::fabs(c.x - a.x) +
                                std::fabs(c.y - a.y) + 1e-300);
    if (v > eps) return 1;
    if (v < -eps) return -1;
    return 0;
}
bool onSegment(Vec2 a, Vec2 b, Vec2 p) {
    return std::fmin(a.x, b.x) <= p.x && p.x <= std::fmax(a.x, b.x) && std::fmin(a.y, b.y) <= p.y &&
           p.y <= std::fmax(a.y, b.y);
}
} // namespace

bool segmentsIntersect(Vec2 a, Vec2 b, Vec2 c, Vec2 d) {
    const int o1 = orientation(a, b, c), o2 = orientation(a, b, d);
    const int o3 = orientation(c, d, a), o4 = orientation(c, d, b);
    if (o1 != o2 && o3 != o4) return true;
    if (o1 == 0 && onSegment(a, b, c)) return true;
    if (o2 == 0 && onSegment(a, b, d)) return true;
    if (o3 == 0 && onSegment(c, d, a)) return true;
    if (o4 == 0 && onSegment(c, d, b)) return true;
    return false;
}

std::optional<std::pair<int, int>> firstSelfIntersection(const Polygon& poly) {
    const int n = static_cast<int>(poly.size());
    for (int i = 0; i < n; ++i) {
        for (int j = i + 1; j < n; ++j) {
            const bool adjacent = j == i + 1 || (i == 0 && j == n - 1);
            if (adjacent) continue;
            if (segmentsIntersect(poly[i], poly[(i + 1) % n], poly[j], poly[(j + 1) % n])) return {{i, j}};
        }
    }
    return std::nullopt;
}

bool insideRect(const std::vector<Vec2>& points, const Rect& r) {
    return std::all_of(points.begin(), points.end(), [&](Vec2 p) { return r.contains(p); });
}

} // namespace stipple
