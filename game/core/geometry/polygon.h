// Polygons and polylines on the skin plane (mm): areas, containment, distances, validity checks.
// Used by the level model, the scorer and the pattern generator. No dependencies beyond the STL.
#pragma once

#include "geometry/vec2.h"

#include <optional>
#include <vector>

namespace stipple {

/// A simple polygon, vertices in order (either winding), implicitly closed.
using Polygon = std::vector<Vec2>;
/// An open polyline, vertices in order.
using Polyline = std::vector<Vec2>;

/// Signed area in mm² (positive for counter-clockwise in a y-up frame).
double signedArea(const Polygon& poly);
/// Absolute area in mm².
double area(const Polygon& poly);
/// Perimeter in mm (closed).
double perimeter(const Polygon& poly);
Rect bounds(const std::vector<Vec2>& points);
/// Even-odd point-in-polygon test; points exactly on an edge may go either way.
bool contains(const Polygon& poly, Vec2 p);
/// Distance from p to the nearest point of segment ab.
double distanceToSegment(Vec2 p, Vec2 a, Vec2 b);
/// Distance from p to the polygon's boundary (not signed).
double distanceToBoundary(const Polygon& poly, Vec2 p);
/// Distance from p to a polyline.
double distanceToPolyline(const Polyline& line, Vec2 p);
/// Signed offset of p from a polyline: positive on the left of the direction of travel
/// in the canvas frame (y down), i.e. for a line drawn left→right, positive is "behind" it (larger y).
double signedDistanceToPolyline(const Polyline& line, Vec2 p);
/// True when segments ab and cd intersect (touching counts).
bool segmentsIntersect(Vec2 a, Vec2 b, Vec2 c, Vec2 d);
/// Index pair of the first two non-adjacent edges that cross, if any.
std::optional<std::pair<int, int>> firstSelfIntersection(const Polygon& poly);
/// True when every vertex lies inside (or on) the rectangle.
bool insideRect(const std::vector<Vec2>& points, const Rect& r);

} // namespace stipple
