// Editor tools: hit testing, Tab order, problem → shape, insert positions and panel fields.
#include "editor/editor_tools.h"

#include "geometry/polygon.h"
#include "io/numbers.h"
#include "level/level_reader.h"
#include "level/vocabulary.h"

#include <algorithm>
#include <cctype>
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

double roundTo(double v, int decimals) {
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

} // namespace

std::vector<ShapeRef> shapeList(const Level& level) {
    std::vector<ShapeRef> out;
    for (size_t i = 0; i < level.zones.size(); ++i)
        out.push_back({ShapeKind::Zone, i});
    for (size_t i = 0; i < level.forbidden.size(); ++i)
        out.push_back({ShapeKind::Forbidden, i});
    for (size_t i = 0; i < level.scars.size(); ++i)
        out.push_back({ShapeKind::Scar, i});
    if (level.hairline) out.push_back({ShapeKind::Hairline, 0});
    return out;
}

const std::vector<Vec2>& shapePoints(const Level& level, ShapeRef s) {
    switch (s.kind) {
    case ShapeKind::Zone:
        return s.index < level.zones.size() ? level.zones[s.index].outline : kNone;
    case ShapeKind::Forbidden:
        return s.index < level.forbidden.size() ? level.forbidden[s.index].outline : kNone;
    case ShapeKind::Scar:
        return s.index < level.scars.size() ? level.scars[s.index].outline : kNone;
    case ShapeKind::Hairline:
        return level.hairline && s.index == 0 ? level.hairline->line : kNone;
    }
    return kNone;
}

bool shapeClosed(ShapeKind kind) {
    return kind != ShapeKind::Hairline;
}

std::string shapeId(const Level& level, ShapeRef s) {
    switch (s.kind) {
    case ShapeKind::Zone:
        return s.index < level.zones.size() ? level.zones[s.index].id : "";
    case ShapeKind::Forbidden:
        return s.index < level.forbidden.size() ? level.forbidden[s.index].id : "";
    case ShapeKind::Scar:
        return s.index < level.scars.size() ? level.scars[s.index].id : "";
    case ShapeKind::Hairline:
        return "";
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
    if (shapeClosed(v.shape.kind))
        return std::pair{v.vertex + 1, (pts[v.vertex] + pts[(v.vertex + 1) % n]) * 0.5};
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
    case LevelObjectKind::Zone:
        return byId(ShapeKind::Zone, level.zones.size());
    case LevelObjectKind::Forbidden:
        return byId(ShapeKind::Forbidden, level.forbidden.size());
    case LevelObjectKind::Scar:
        return byId(ShapeKind::Scar, level.scars.size());
    case LevelObjectKind::Hairline:
        if (level.hairline) return ShapeRef{ShapeKind::Hairline, 0};
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

std::vector<EditorField> shapeFields(const Level& level, ShapeRef s) {
    std::vector<EditorField> f;
    switch (s.kind) {
    case ShapeKind::Zone: {
        if (s.index >= level.zones.size()) break;
        const Zone& z = level.zones[s.index];
        const size_t i = s.index;
        auto zone = [&](const char* label, const char* unit, ZoneField field, double value, double step,
                        int decimals) {
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
        f.push_back({"Uptake", "", sc.uptake, 0.05, 2,
                     [i](LevelDocument& d, double v) { return d.setScarUptake(i, v); }});
        f.push_back({"Spread", "\xC3\x97", sc.spread, 0.05, 2,
                     [i](LevelDocument& d, double v) { return d.setScarSpread(i, v); }});
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
    case ShapeKind::Forbidden:
        break;
    }
    return f;
}

namespace {

using Setter = std::function<EditResult(LevelDocument&, double)>;
using TextSetter = std::function<EditResult(LevelDocument&, const std::string&)>;

/// A field that changes the level through `change(level, value)`, one undo step named `label`.
EditorField numberField(const std::string& section, const std::string& label, const char* unit, double value,
                        double step, int decimals, std::function<void(Level&, double)> change) {
    EditorField f{label, unit, value, step, decimals, {}};
    f.section = section;
    f.set = [label, change](LevelDocument& d, double v) {
        if (!std::isfinite(v)) return EditResult::refused("not a number");
        return d.edit(label, [&](Level& l) { change(l, v); });
    };
    return f;
}

EditorField toggleField(const std::string& section, const std::string& label, bool on,
                        std::function<void(Level&, bool)> change) {
    EditorField f{label, "", on ? 1.0 : 0.0, 1, 0, {}};
    f.kind = FieldKind::Toggle;
    f.section = section;
    f.set = [label, change](LevelDocument& d, double v) {
        return d.edit(label, [&](Level& l) { change(l, v != 0.0); });
    };
    return f;
}

EditorField textField(const std::string& section, const std::string& label, const std::string& text,
                      bool multiline, TextSetter set) {
    EditorField f{label, "", 0, 1, 0, {}};
    f.kind = FieldKind::Text;
    f.section = section;
    f.text = text;
    f.multiline = multiline;
    f.setText = std::move(set);
    return f;
}

EditorField choiceField(const std::string& section, const std::string& label, const std::string& text,
                        std::vector<std::string> choices, TextSetter set) {
    EditorField f{label, "", 0, 1, 0, {}};
    f.kind = FieldKind::Choice;
    f.section = section;
    f.text = text;
    f.choices = std::move(choices);
    f.setText = std::move(set);
    return f;
}

EditorField actionField(const std::string& section, const std::string& label, Setter act) {
    EditorField f{label, "", 0, 1, 0, std::move(act)};
    f.kind = FieldKind::Action;
    f.section = section;
    return f;
}

std::vector<std::string> words(std::span<const std::string_view> list) {
    return {list.begin(), list.end()};
}

/// One line of text: no line breaks, not only spaces.
std::optional<std::string> oneLine(const std::string& what, const std::string& text, std::string& error) {
    if (text.find_first_of("\n\r\t") != std::string::npos) {
        error = what + " is one line (no line breaks)";
        return std::nullopt;
    }
    const std::string t(trim(text));
    if (t.empty()) {
        error = what + " cannot be empty";
        return std::nullopt;
    }
    return t;
}

std::string roman(int fitzpatrick) {
    static constexpr const char* kRoman[] = {"I", "II", "III", "IV", "V", "VI"};
    return fitzpatrick >= 1 && fitzpatrick <= 6 ? kRoman[fitzpatrick - 1] : "custom";
}

/// The metric override `id` of the document, changed by `change`.
EditResult changeMetric(LevelDocument& d, const std::string& id,
                        const std::function<void(MetricSpec&)>& change) {
    for (const MetricSpec& m : d.level().scoring.metrics)
        if (m.id == id) {
            MetricSpec copy = m;
            change(copy);
            return d.setMetric(copy);
        }
    return EditResult::refused("the level no longer overrides " + id);
}

} // namespace

std::string steppedChoice(const EditorField& field, int steps) {
    const auto& c = field.choices;
    if (c.empty()) return field.text;
    const auto at = std::find(c.begin(), c.end(), field.text);
    const long n = static_cast<long>(c.size());
    long i = at == c.end() ? (steps > 0 ? -1 : 0) : static_cast<long>(at - c.begin());
    i = ((i + steps) % n + n) % n;
    return c[static_cast<size_t>(i)];
}

std::vector<EditorField> levelFields(const Level& level) {
    std::vector<EditorField> f;
    auto whole = [](double v) { return std::isfinite(v) && v == std::round(v); };

    // --- LEVEL ---------------------------------------------------------------------------------
    const std::string L = "LEVEL";
    f.push_back(textField(L, "Title", level.title, false, [](LevelDocument& d, const std::string& t) {
        std::string error;
        const auto line = oneLine("the title", t, error);
        if (!line) return EditResult::refused(error);
        return d.edit("title", [&](Level& l) { l.title = *line; });
    }));
    f.push_back(textField(L, "Id", level.id, false, [](LevelDocument& d, const std::string& t) {
        std::string error;
        const auto line = oneLine("the id", t, error);
        if (!line) return EditResult::refused(error);
        for (const char c : *line)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
                return EditResult::refused(
                    "an id has letters, digits, '-' and '_' only (it names the level in results and exams)");
        return d.edit("id", [&](Level& l) { l.id = *line; });
    }));
    f.push_back(textField(L, "Brief", level.brief, true, [](LevelDocument& d, const std::string& t) {
        const std::string text = normaliseLevelText(t);
        if (text.empty())
            return EditResult::refused(
                "a level needs a brief: a few sentences on what it teaches and what fails it");
        return d.edit("brief", [&](Level& l) { l.brief = text; });
    }));
    f.push_back(
        textField(L, "Instructions", level.instructions, true, [](LevelDocument& d, const std::string& t) {
            const std::string text = normaliseLevelText(t);
            return d.edit("instructions", [&](Level& l) { l.instructions = text; });
        }));
    f.push_back(choiceField(
        L, "Skill", level.skill, words(knownSkills()), [](LevelDocument& d, const std::string& t) {
            if (!isOneOf(t, knownSkills()))
                return EditResult::refused("the skill is one of " + joinWords(knownSkills()));
            return d.edit("skill", [&](Level& l) { l.skill = t; });
        }));
    f.push_back({"Difficulty", "", double(level.difficulty), 1, 0, [whole](LevelDocument& d, double v) {
                     if (!whole(v) || std::abs(v) > 1e6)
                         return EditResult::refused("the difficulty is a whole number");
                     return d.edit("difficulty", [v](Level& l) { l.difficulty = static_cast<int>(v); });
                 }});
    f.back().section = L;
    f.push_back(numberField(L, "Canvas width", "mm", level.canvas.widthMm, 1, 1,
                            [](Level& l, double v) { l.canvas.widthMm = v; }));
    f.push_back(numberField(L, "Canvas height", "mm", level.canvas.heightMm, 1, 1,
                            [](Level& l, double v) { l.canvas.heightMm = v; }));
    {
        std::vector<std::string> skins{"I", "II", "III", "IV", "V", "VI"};
        const bool custom = level.canvas.skin.fitzpatrick < 1 ||
                            level.canvas.skin.rgb != fitzpatrickColour(level.canvas.skin.fitzpatrick);
        if (custom) skins.push_back("custom");
        f.push_back(choiceField(
            L, "Skin type", custom ? "custom" : roman(level.canvas.skin.fitzpatrick), skins,
            [](LevelDocument& d, const std::string& t) {
                for (int k = 1; k <= 6; ++k)
                    if (roman(k) == t)
                        return d.edit("skin", [k](Level& l) { l.canvas.skin = {k, fitzpatrickColour(k)}; });
                return EditResult::refused(
                    "a custom colour is kept as the file has it; pick a Fitzpatrick type I to VI");
            }));
    }
    f.push_back(toggleField(L, "Generated target", level.target.generate,
                            [](Level& l, bool on) { l.target.generate = on; }));
    f.push_back(numberField(L, "Target tolerance", "mm", level.target.toleranceMm, 0.05, 2,
                            [](Level& l, double v) { l.target.toleranceMm = v; }));
    f.push_back({"Target seed", "", double(level.target.seed), 1, 0, [whole](LevelDocument& d, double v) {
                     if (!whole(v) || v < 0 || v > 9.0e15)
                         return EditResult::refused("the seed is a whole number from 0");
                     return d.edit("target seed",
                                   [v](Level& l) { l.target.seed = static_cast<uint64_t>(v); });
                 }});
    f.back().section = L;

    // --- SESSIONS --------------------------------------------------------------------------------
    const std::string S = "SESSIONS";
    f.push_back({"Sessions", "", double(level.sessions.size()), 1, 0, [whole](LevelDocument& d, double v) {
                     if (!whole(v) || v < 1 || v > 20)
                         return EditResult::refused("a level has 1 to 20 sessions");
                     return d.edit("sessions", [v](Level& l) {
                         const size_t n = static_cast<size_t>(v);
                         while (l.sessions.size() > n)
                             l.sessions.pop_back();
                         // A new last session copies the previous one and brings the density to the full
                         // target.
                         while (l.sessions.size() < n) {
                             SessionSpec s = l.sessions.back();
                             s.cumulativeFraction = 1.0;
                             l.sessions.push_back(s);
                         }
                     });
                 }});
    f.back().section = S;
    for (size_t i = 0; i < level.sessions.size(); ++i) {
        const std::string n = "Session " + std::to_string(i + 1);
        const SessionSpec& s = level.sessions[i];
        auto session = [i](std::function<void(SessionSpec&, double)> change) {
            return [i, change](Level& l, double v) {
                if (i < l.sessions.size()) change(l.sessions[i], v);
            };
        };
        f.push_back(numberField(S, n + " cumulative", "%", s.cumulativeFraction * 100, 5, 0,
                                session([](SessionSpec& x, double v) { x.cumulativeFraction = v / 100.0; })));
        f.push_back(choiceField(
            S, n + " shade", s.shade, words(knownShades()), [i](LevelDocument& d, const std::string& t) {
                if (!isOneOf(t, knownShades()))
                    return EditResult::refused("the shade is one of " + joinWords(knownShades()));
                return d.edit("session shade", [&](Level& l) {
                    if (i < l.sessions.size()) l.sessions[i].shade = t;
                });
            }));
        f.push_back(numberField(S, n + " dilution", "", s.dilution, 0.05, 2,
                                session([](SessionSpec& x, double v) { x.dilution = v; })));
        f.push_back(numberField(S, n + " heals for", "days", s.healDays, 1, 0,
                                session([](SessionSpec& x, double v) { x.healDays = v; })));
    }

    // --- AIDS --------------------------------------------------------------------------------------
    const std::string A = "AIDS";
    const ModeSpec& m = level.mode;
    f.push_back(toggleField(A, "Ghost of the target", m.ghost, [](Level& l, bool on) { l.mode.ghost = on; }));
    f.push_back(toggleField(A, "Undo", m.undo, [](Level& l, bool on) { l.mode.undo = on; }));
    f.push_back(toggleField(A, "Live score", m.liveScore, [](Level& l, bool on) { l.mode.liveScore = on; }));
    f.push_back(
        toggleField(A, "Density heat map", m.heatmap, [](Level& l, bool on) { l.mode.heatmap = on; }));
    f.push_back(toggleField(A, "Outlines", m.outlines, [](Level& l, bool on) { l.mode.outlines = on; }));
    f.push_back(numberField(A, "Time limit (0: none)", "s", m.timeLimitS, 30, 0,
                            [](Level& l, double v) { l.mode.timeLimitS = v; }));
    f.push_back(numberField(A, "Expected pace", "strikes/min", m.expectedStrikesPerMinute, 5, 0,
                            [](Level& l, double v) { l.mode.expectedStrikesPerMinute = v; }));

    // --- HANDPIECE -----------------------------------------------------------------------------------
    const std::string H = "HANDPIECE";
    const HandpieceSpec& h = level.handpiece;
    f.push_back(numberField(H, "Tremor", "mm", h.tremorMm, 0.01, 2,
                            [](Level& l, double v) { l.handpiece.tremorMm = v; }));
    f.push_back(numberField(H, "Tremor frequency", "Hz", h.tremorHz, 0.5, 1,
                            [](Level& l, double v) { l.handpiece.tremorHz = v; }));
    f.push_back(numberField(H, "Depth per second", "mm", h.depthPerSecondMm, 0.1, 2,
                            [](Level& l, double v) { l.handpiece.depthPerSecondMm = v; }));
    f.push_back(numberField(H, "Max depth", "mm", h.maxDepthMm, 0.1, 2,
                            [](Level& l, double v) { l.handpiece.maxDepthMm = v; }));
    f.push_back(numberField(H, "Tap depth", "mm", h.tapDepthMm, 0.01, 2,
                            [](Level& l, double v) { l.handpiece.tapDepthMm = v; }));
    f.push_back(numberField(H, "Spread per mm", "", h.spreadPerMm, 0.05, 2,
                            [](Level& l, double v) { l.handpiece.spreadPerMm = v; }));
    f.push_back(
        toggleField(H, "Pressure setting", h.pressure, [](Level& l, bool on) { l.handpiece.pressure = on; }));

    // --- HEALING --------------------------------------------------------------------------------------
    const std::string He = "HEALING";
    const HealingSpec& g = level.healing;
    f.push_back({"Healing seed", "", double(g.seed), 1, 0, [whole](LevelDocument& d, double v) {
                     if (!whole(v) || v < 0 || v > 9.0e15)
                         return EditResult::refused("the seed is a whole number from 0");
                     return d.edit("healing seed",
                                   [v](Level& l) { l.healing.seed = static_cast<uint64_t>(v); });
                 }});
    f.back().section = He;
    f.push_back(numberField(He, "Fresh : healed", "\xC3\x97", g.freshToHealed, 0.1, 2,
                            [](Level& l, double v) { l.healing.freshToHealed = v; }));
    f.push_back(numberField(He, "Size variation", "", g.sizeVariation, 0.01, 2,
                            [](Level& l, double v) { l.healing.sizeVariation = v; }));
    f.push_back(numberField(He, "Lightening", "", g.lightening, 0.05, 2,
                            [](Level& l, double v) { l.healing.lightening = v; }));
    f.push_back(numberField(He, "Tone variation", "", g.toneVariation, 0.01, 2,
                            [](Level& l, double v) { l.healing.toneVariation = v; }));
    f.push_back(numberField(He, "Fade margin", "mm", g.fadeMarginMm, 0.05, 2,
                            [](Level& l, double v) { l.healing.fadeMarginMm = v; }));
    f.push_back(numberField(He, "Migration per mm", "", g.migrationPerMm, 0.1, 2,
                            [](Level& l, double v) { l.healing.migrationPerMm = v; }));
    f.push_back(numberField(He, "Blowout margin", "mm", g.blowoutMarginMm, 0.05, 2,
                            [](Level& l, double v) { l.healing.blowoutMarginMm = v; }));
    f.push_back(numberField(He, "Blowout spread", "\xC3\x97", g.blowoutSpread, 0.1, 2,
                            [](Level& l, double v) { l.healing.blowoutSpread = v; }));
    f.push_back(numberField(He, "Settles in", "days", g.settleDays, 1, 0,
                            [](Level& l, double v) { l.healing.settleDays = v; }));

    // --- NEEDLES ---------------------------------------------------------------------------------------
    const std::string N = "NEEDLES";
    for (size_t i = 0; i < level.needles.size(); ++i) {
        const Needle& n = level.needles[i];
        const std::string name = "Needle " + std::to_string(i + 1);
        f.push_back(textField(N, name + " id", n.id, false, [i](LevelDocument& d, const std::string& t) {
            std::string error;
            const auto line = oneLine("a needle's id", t, error);
            if (!line) return EditResult::refused(error);
            if (d.findShape(*line))
                return EditResult::refused("the id '" + *line + "' is already used by a shape");
            for (size_t k = 0; k < d.level().needles.size(); ++k)
                if (k != i && d.level().needles[k].id == *line)
                    return EditResult::refused("the id '" + *line + "' is already used by another needle");
            return d.edit("needle id", [&](Level& l) {
                if (i < l.needles.size()) l.needles[i].id = *line;
            });
        }));
        f.push_back(choiceField(N, name + " configuration", n.configuration,
                                {"1RL", "3RL", "3RS", "5RS", "7RS"},
                                [i](LevelDocument& d, const std::string& t) {
                                    std::string error;
                                    const auto line = oneLine("the configuration", t, error);
                                    if (!line) return EditResult::refused(error);
                                    return d.edit("needle configuration", [&](Level& l) {
                                        if (i < l.needles.size()) l.needles[i].configuration = *line;
                                    });
                                }));
        f.push_back(numberField(N, name + " diameter", "mm", n.diameterMm, 0.01, 2, [i](Level& l, double v) {
            if (i < l.needles.size()) l.needles[i].diameterMm = v;
        }));
        f.push_back(actionField(
            N, "Remove needle " + std::to_string(i + 1) + " (" + n.id + ")", [i](LevelDocument& d, double) {
                if (d.level().needles.size() <= 1)
                    return EditResult::refused("a level needs at least one needle");
                return d.edit("remove needle", [i](Level& l) {
                    if (i < l.needles.size())
                        l.needles.erase(l.needles.begin() + static_cast<std::ptrdiff_t>(i));
                });
            }));
    }
    f.push_back(actionField(N, "Add a needle", [](LevelDocument& d, double) {
        std::string id;
        for (int k = 1; id.empty() || d.findShape(id) ||
                        std::any_of(d.level().needles.begin(), d.level().needles.end(),
                                    [&](const Needle& n) { return n.id == id; });
             ++k)
            id = "needle-" + std::to_string(k);
        return d.edit("add needle", [&](Level& l) { l.needles.push_back({id, "1RL", 0.25}); });
    }));

    // --- SCORING ----------------------------------------------------------------------------------------
    const std::string Sc = "SCORING";
    f.push_back({"Pass mark", "", level.scoring.passMark, 1, 0,
                 [](LevelDocument& d, double v) { return d.setPassMark(v); }});
    f.back().section = Sc;
    f.push_back(numberField(Sc, "Fail margin", "", level.scoring.failMargin, 1, 0,
                            [](Level& l, double v) { l.scoring.failMargin = v; }));
    for (const MetricSpec& mt : level.scoring.metrics) {
        const std::string id = mt.id;
        const MetricInfo* info = findMetric(id);
        const std::string unit = info ? std::string(info->unit) : "";
        auto metric = [id](std::function<void(MetricSpec&, double)> change) {
            return [id, change](LevelDocument& d, double v) {
                if (!std::isfinite(v)) return EditResult::refused("not a number");
                return changeMetric(d, id, [&](MetricSpec& x) { change(x, v); });
            };
        };
        EditorField used = toggleField(Sc, id + " counts", mt.enabled, {});
        used.set = metric([](MetricSpec& x, double v) { x.enabled = v != 0.0; });
        f.push_back(std::move(used));
        f.push_back(
            {id + " weight", "", mt.weight, 0.1, 2, metric([](MetricSpec& x, double v) { x.weight = v; })});
        f.back().section = Sc;
        f.push_back({id + " pass mark", "", mt.passMark, 1, 0,
                     metric([](MetricSpec& x, double v) { x.passMark = v; })});
        f.back().section = Sc;
        f.push_back(choiceField(Sc, id + " gate",
                                !mt.gate   ? "default"
                                : *mt.gate ? "yes"
                                           : "no",
                                {"default", "yes", "no"}, [id](LevelDocument& d, const std::string& t) {
                                    return changeMetric(d, id, [&](MetricSpec& x) {
                                        x.gate = t == "yes"  ? std::optional<bool>(true)
                                                 : t == "no" ? std::optional<bool>(false)
                                                             : std::nullopt;
                                    });
                                }));
        EditorField own = toggleField(Sc, id + " own band", mt.hasBand, {});
        own.set = metric([](MetricSpec& x, double v) { x.hasBand = v != 0.0; });
        f.push_back(std::move(own));
        if (mt.hasBand) {
            f.push_back({id + " band min", unit, mt.band.min, 0.05, 3,
                         metric([](MetricSpec& x, double v) { x.band.min = v; })});
            f.back().section = Sc;
            f.push_back({id + " band max", unit, mt.band.max, 0.05, 3,
                         metric([](MetricSpec& x, double v) { x.band.max = v; })});
            f.back().section = Sc;
        }
        f.push_back({id + " falloff", unit, mt.falloff, 0.05, 3,
                     metric([](MetricSpec& x, double v) { x.falloff = v; })});
        f.back().section = Sc;
        f.push_back(actionField(Sc, "Remove " + id + " override",
                                [id](LevelDocument& d, double) { return d.removeMetric(id); }));
    }
    {
        std::vector<std::string> free;
        for (const MetricInfo& info : knownMetrics()) {
            const bool listed = std::any_of(level.scoring.metrics.begin(), level.scoring.metrics.end(),
                                            [&](const MetricSpec& x) { return x.id == info.id; });
            if (!listed) free.emplace_back(info.id);
        }
        if (!free.empty())
            f.push_back(choiceField(
                Sc, "Override a metric", free.front(), free, [](LevelDocument& d, const std::string& t) {
                    if (!findMetric(t))
                        return EditResult::refused("'" + t + "' is not a metric the scorer knows");
                    MetricSpec spec;
                    spec.id = t;
                    spec.hasBand = false;
                    return d.setMetric(spec);
                }));
    }

    // --- VETOES -----------------------------------------------------------------------------------------
    const std::string V = "VETOES";
    std::vector<std::string> metricIds;
    for (const MetricInfo& info : knownMetrics())
        metricIds.emplace_back(info.id);
    for (size_t i = 0; i < level.scoring.vetoes.size(); ++i) {
        const VetoRule& v = level.scoring.vetoes[i];
        const std::string name = "Veto " + std::to_string(i + 1);
        auto veto = [i](LevelDocument& d, const std::function<void(VetoRule&)>& change) {
            return d.edit("veto", [&](Level& l) {
                if (i < l.scoring.vetoes.size()) change(l.scoring.vetoes[i]);
            });
        };
        f.push_back(choiceField(
            V, name + " metric", v.metric, metricIds, [veto](LevelDocument& d, const std::string& t) {
                if (!findMetric(t))
                    return EditResult::refused("'" + t + "' is not a metric the scorer knows");
                return veto(d, [&](VetoRule& x) { x.metric = t; });
            }));
        const MetricInfo* info = findMetric(v.metric);
        EditorField max{name + " fails above", info ? std::string(info->unit) : "", v.maxValue, 1, 2, {}};
        max.section = V;
        max.set = [veto](LevelDocument& d, double x) {
            if (!std::isfinite(x)) return EditResult::refused("not a number");
            return veto(d, [&](VetoRule& r) { r.maxValue = x; });
        };
        f.push_back(std::move(max));
        f.push_back(
            textField(V, name + " reason", v.reason, false, [veto](LevelDocument& d, const std::string& t) {
                std::string error;
                const auto line = oneLine("the reason (what the trainee reads)", t, error);
                if (!line) return EditResult::refused(error);
                return veto(d, [&](VetoRule& x) { x.reason = *line; });
            }));
        f.push_back(actionField(V, "Remove veto " + std::to_string(i + 1),
                                [i](LevelDocument& d, double) { return d.removeVeto(i); }));
    }
    f.push_back(actionField(V, "Add a veto", [](LevelDocument& d, double) {
        return d.addVeto({"forbidden", 0.0, "A dot in a forbidden area is permanent."});
    }));
    return f;
}

double steppedValue(const EditorField& field, int steps) {
    return roundTo(field.value + field.step * steps, field.decimals + 2);
}

} // namespace stipple
