// Editor tools: hit testing, Tab order, problem → shape, insert positions and panel fields.
#include "editor/editor_tools.h"

#include "geometry/polygon.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stipple {

namespace {

const std::vector<Vec2> kNone;

/// The nearest point to p on segment ab.
Vec2 nearestOnSegment(Vec2 p, Vec2 a, Vec2 b) {
    const Vec2 ab = b - a;
    const double len2 = lengthSquared(ab);
    if (len2 <= 0.0) return a;
    const double t = std::clamp(dot(p - a, ab) / len2, 0.0, 1.0);
    return a + ab * t;
}

EditResult refused(std::string why) {
    EditResult r;
    r.ok = false;
    r.error = std::move(why);
    return r;
}

double roundTo(double v, int decimals) {
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

} // namespace

std::vector<ShapeRef> shapeList(const Level& level) {
    std::vector<ShapeRef> out;
    for (size_t i = 0; i < level.zones.size(); ++i) out.push_back({ShapeKind::Zone, i});
    for (size_t i = 0; i < level.forbidden.size(); ++i) out.push_back({ShapeKind::Forbidden, i});
    for (size_t i = 0; i < level.scars.size(); ++i) out.push_back({ShapeKind::Scar, i});
    if (level.hairline) out.push_back({ShapeKind::Hairline, 0});
    return out;
}

const std::vector<Vec2>& shapePoints(const Level& level, ShapeRef s) {
    switch (s.kind) {
    case ShapeKind::Zone: return s.index < level.zones.size() ? level.zones[s.index].outline : kNone;
    case ShapeKind::Forbidden: return s.index < level.forbidden.size() ? level.forbidden[s.index].outline : kNone;
    case ShapeKind::Scar: return s.index < level.scars.size() ? level.scars[s.index].outline : kNone;
    case ShapeKind::Hairline: return level.hairline && s.index == 0 ? level.hairline->line : kNone;
    }
    return kNone;
}

bool shapeClosed(ShapeKind kind) { return kind != ShapeKind::Hairline; }

std::string shapeId(const Level& level, ShapeRef s) {
    switch (s.kind) {
    case ShapeKind::Zone: return s.index < level.zones.size() ? level.zones[s.index].id : "";
    case ShapeKind::Forbidden: return s.index < level.forbidden.size() ? level.forbidden[s.index].id : "";
    case ShapeKind::Scar: return s.index < level.scars.size() ? level.scars[s.index].id : "";
    case ShapeKind::Hairline: return "";
    }
    return "";
}

ShapeHit hitTest(const Level& level, Vec2 p, double tol, std::optional<ShapeRef> preferred) {
    const std::vector<ShapeRef> shapes = shapeList(level);
    // Vertices first: the nearest within tolerance; the preferred shape wins a tie (shared corners).
    ShapeHit best;
    double bestD = std::numeric_limits<double>::infinity();
    for (const ShapeRef& s : shapes) {
        const auto& pts = shapePoints(level, s);
        for (size_t i = 0; i < pts.size(); ++i) {
            double d = distance(pts[i], p);
            if (d > tol) continue;
            if (preferred && s == *preferred) d -= 1e-9;
            if (d < bestD) {
                bestD = d;
                best = {ShapeHit::Part::Vertex, s, i, p, std::max(0.0, d)};
            }
        }
    }
    if (best.part != ShapeHit::Part::None) return best;
    for (const ShapeRef& s : shapes) {
        const auto& pts = shapePoints(level, s);
        const size_t n = pts.size();
        if (n < 2) continue;
        const size_t edges = shapeClosed(s.kind) ? n : n - 1;
        for (size_t i = 0; i < edges; ++i) {
            const Vec2 q = nearestOnSegment(p, pts[i], pts[(i + 1) % n]);
            double d = distance(q, p);
            if (d > tol) continue;
            if (preferred && s == *preferred) d -= 1e-9;
            if (d < bestD) {
                bestD = d;
                best = {ShapeHit::Part::Edge, s, i + 1, q, std::max(0.0, d)};
            }
        }
    }
    if (best.part != ShapeHit::Part::None) return best;
    // Inside: the smallest polygon containing the point.
    double bestArea = std::numeric_limits<double>::infinity();
    for (const ShapeRef& s : shapes) {
        if (!shapeClosed(s.kind)) continue;
        const auto& pts = shapePoints(level, s);
        if (pts.size() < 3 || !contains(pts, p)) continue;
        const double a = area(pts);
        if (a < bestArea) {
            bestArea = a;
            best = {ShapeHit::Part::Inside, s, 0, p, 0.0};
        }
    }
    return best;
}

std::optional<std::pair<size_t, Vec2>> vertexInsertAfter(const Level& level, VertexRef v) {
    const auto& pts = shapePoints(level, v.shape);
    const size_t n = pts.size();
    if (n < 2 || v.vertex >= n) return std::nullopt;
    if (shapeClosed(v.shape.kind)) return std::pair{v.vertex + 1, (pts[v.vertex] + pts[(v.vertex + 1) % n]) * 0.5};
    if (v.vertex + 1 < n) return std::pair{v.vertex + 1, (pts[v.vertex] + pts[v.vertex + 1]) * 0.5};
    return std::pair{v.vertex, (pts[v.vertex - 1] + pts[v.vertex]) * 0.5};
}

std::optional<ShapeRef> shapeOfProblem(const Level& level, const LevelObjectRef& o) {
    auto byId = [&](ShapeKind kind, size_t count) -> std::optional<ShapeRef> {
        for (const ShapeRef& s : shapeList(level))
            if (s.kind == kind && !o.id.empty() && shapeId(level, s) == o.id) return s;
        if (o.index < count) return ShapeRef{kind, o.index};
        return std::nullopt;
    };
    switch (o.kind) {
    case LevelObjectKind::Zone: return byId(ShapeKind::Zone, level.zones.size());
    case LevelObjectKind::Forbidden: return byId(ShapeKind::Forbidden, level.forbidden.size());
    case LevelObjectKind::Scar: return byId(ShapeKind::Scar, level.scars.size());
    case LevelObjectKind::Hairline:
        if (level.hairline) return ShapeRef{ShapeKind::Hairline, 0};
        return std::nullopt;
    default: return std::nullopt;
    }
}

std::vector<EditorField> shapeFields(const Level& level, ShapeRef s) {
    std::vector<EditorField> f;
    switch (s.kind) {
    case ShapeKind::Zone: {
        if (s.index >= level.zones.size()) break;
        const Zone& z = level.zones[s.index];
        const size_t i = s.index;
        auto zone = [&](const char* label, const char* unit, ZoneField field, double value, double step, int decimals) {
            f.push_back({label, unit, value, step, decimals,
                         [i, field](LevelDocument& d, double v) { return d.setZoneNumber(i, field, v); }});
        };
        zone("Density", "dots/cm\xC2\xB2", ZoneField::DensityPerCm2, z.densityPerCm2, 5, 0);
        zone("Min spacing", "mm", ZoneField::MinSpacingMm, z.minSpacingMm, 0.05, 2);
        zone("Healed \xC3\x98 min", "mm", ZoneField::HealedDiameterMinMm, z.healedDiameterMm.min, 0.01, 2);
        zone("Healed \xC3\x98 max", "mm", ZoneField::HealedDiameterMaxMm, z.healedDiameterMm.max, 0.01, 2);
        zone("Depth min", "mm", ZoneField::DepthMinMm, z.depthMm.min, 0.05, 2);
        zone("Depth max", "mm", ZoneField::DepthMaxMm, z.depthMm.max, 0.05, 2);
        break;
    }
    case ShapeKind::Scar: {
        if (s.index >= level.scars.size()) break;
        const Scar& sc = level.scars[s.index];
        const size_t i = s.index;
        f.push_back({"Uptake", "", sc.uptake, 0.05, 2, [i](LevelDocument& d, double v) { return d.setScarUptake(i, v); }});
        f.push_back({"Spread", "\xC3\x97", sc.spread, 0.05, 2, [i](LevelDocument& d, double v) { return d.setScarSpread(i, v); }});
        break;
    }
    case ShapeKind::Hairline: {
        if (!level.hairline) break;
        const Hairline& h = *level.hairline;
        f.push_back({"Band", "mm", h.bandMm, 0.5, 1, [](LevelDocument& d, double v) {
                         const Hairline& c = *d.level().hairline;
                         return d.setHairlineBand(v, c.frontFraction, c.backFraction);
                     }});
        f.push_back({"Front density", "%", h.frontFraction * 100, 5, 0, [](LevelDocument& d, double v) {
                         const Hairline& c = *d.level().hairline;
                         return d.setHairlineBand(c.bandMm, v / 100.0, c.backFraction);
                     }});
        f.push_back({"Back density", "%", h.backFraction * 100, 5, 0, [](LevelDocument& d, double v) {
                         const Hairline& c = *d.level().hairline;
                         return d.setHairlineBand(c.bandMm, c.frontFraction, v / 100.0);
                     }});
        break;
    }
    case ShapeKind::Forbidden: break;
    }
    return f;
}

std::vector<EditorField> levelFields(const Level& level) {
    std::vector<EditorField> f;
    auto whole = [](double v) { return std::isfinite(v) && v == std::round(v); };
    f.push_back({"Difficulty", "", double(level.difficulty), 1, 0, [whole](LevelDocument& d, double v) {
                     if (!whole(v) || std::abs(v) > 1e6) return refused("the difficulty is a whole number");
                     return d.edit("difficulty", [v](Level& l) { l.difficulty = static_cast<int>(v); });
                 }});
    f.push_back({"Canvas width", "mm", level.canvas.widthMm, 1, 1, [](LevelDocument& d, double v) {
                     if (!std::isfinite(v)) return refused("not a number");
                     return d.edit("canvas width", [v](Level& l) { l.canvas.widthMm = v; });
                 }});
    f.push_back({"Canvas height", "mm", level.canvas.heightMm, 1, 1, [](LevelDocument& d, double v) {
                     if (!std::isfinite(v)) return refused("not a number");
                     return d.edit("canvas height", [v](Level& l) { l.canvas.heightMm = v; });
                 }});
    f.push_back({"Target tolerance", "mm", level.target.toleranceMm, 0.05, 2, [](LevelDocument& d, double v) {
                     if (!std::isfinite(v)) return refused("not a number");
                     return d.edit("target tolerance", [v](Level& l) { l.target.toleranceMm = v; });
                 }});
    f.push_back({"Target seed", "", double(level.target.seed), 1, 0, [whole](LevelDocument& d, double v) {
                     if (!whole(v) || v < 0 || v > 9.0e15) return refused("the seed is a whole number from 0");
                     return d.edit("target seed", [v](Level& l) { l.target.seed = static_cast<uint64_t>(v); });
                 }});
    f.push_back({"Sessions", "", double(level.sessions.size()), 1, 0, [whole](LevelDocument& d, double v) {
                     if (!whole(v) || v < 1 || v > 20) return refused("a level has 1 to 20 sessions");
                     return d.edit("sessions", [v](Level& l) {
                         const size_t n = static_cast<size_t>(v);
                         while (l.sessions.size() > n) l.sessions.pop_back();
                         // A new last session copies the previous one and brings the density to the full target.
                         while (l.sessions.size() < n) {
                             SessionSpec s = l.sessions.back();
                             s.cumulativeFraction = 1.0;
                             l.sessions.push_back(s);
                         }
                     });
                 }});
    for (size_t i = 0; i < level.sessions.size(); ++i) {
        f.push_back({"Session " + std::to_string(i + 1) + " cumulative", "%", level.sessions[i].cumulativeFraction * 100,
                     5, 0, [i](LevelDocument& d, double v) {
                         if (!std::isfinite(v)) return refused("not a number");
                         if (i >= d.level().sessions.size()) return refused("no such session");
                         return d.edit("session density", [i, v](Level& l) { l.sessions[i].cumulativeFraction = v / 100.0; });
                     }});
    }
    f.push_back({"Pass mark", "", level.scoring.passMark, 1, 0,
                 [](LevelDocument& d, double v) { return d.setPassMark(v); }});
    for (const MetricSpec& m : level.scoring.metrics) {
        const std::string id = m.id;
        auto find = [id](const LevelDocument& d) -> std::optional<MetricSpec> {
            for (const MetricSpec& x : d.level().scoring.metrics)
                if (x.id == id) return x;
            return std::nullopt;
        };
        f.push_back({id + " weight", "", m.weight, 0.1, 2, [find](LevelDocument& d, double v) {
                         auto spec = find(d);
                         if (!spec) return refused("the level no longer overrides this metric");
                         spec->weight = v;
                         return d.setMetric(*spec);
                     }});
        f.push_back({id + " pass mark", "", m.passMark, 1, 0, [find](LevelDocument& d, double v) {
                         auto spec = find(d);
                         if (!spec) return refused("the level no longer overrides this metric");
                         spec->passMark = v;
                         return d.setMetric(*spec);
                     }});
    }
    return f;
}

double steppedValue(const EditorField& field, int steps) {
    return roundTo(field.value + field.step * steps, field.decimals + 2);
}

} // namespace stipple
