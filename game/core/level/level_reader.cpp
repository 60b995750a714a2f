// The level reader. One pass over the tree fills a Level and collects every diagnostic; checks
// that need other parts of the file (canvas bounds, id uniqueness, references) run once those
// parts are read, and the diagnostics are then put back into line order for the author.
#include "level/level_reader.h"

#include "geometry/polygon.h"
#include "io/element_reader.h"
#include "io/numbers.h"
#include "level/vocabulary.h"

#include <algorithm>
#include <cmath>

namespace stipple {

std::string normaliseLevelText(std::string_view raw) {
    std::string out;
    bool paragraphOpen = false;
    bool blankSeen = false;
    while (!raw.empty()) {
        const size_t nl = raw.find('\n');
        const std::string_view line = trim(raw.substr(0, nl));
        raw = nl == std::string_view::npos ? std::string_view{} : raw.substr(nl + 1);
        if (line.empty()) {
            blankSeen = paragraphOpen;
            continue;
        }
        if (blankSeen)
            out += "\n\n";
        else if (paragraphOpen)
            out += line.rfind("- ", 0) == 0 ? "\n" : " ";
        out += line;
        paragraphOpen = true;
        blankSeen = false;
    }
    return out;
}

namespace {

constexpr double kHuge = 1e9;

std::string point(Vec2 p) {
    return "(" + formatNumber(p.x) + "," + formatNumber(p.y) + ")";
}

std::optional<Rgb> parseHexColour(std::string_view v) {
    if (v.size() != 7 || v[0] != '#') return std::nullopt;
    int channel[3] = {0, 0, 0};
    for (size_t i = 1; i < 7; ++i) {
        const char c = v[i];
        int d = -1;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        if (d < 0) return std::nullopt;
        channel[(i - 1) / 2] = channel[(i - 1) / 2] * 16 + d;
    }
    return Rgb{static_cast<uint8_t>(channel[0]), static_cast<uint8_t>(channel[1]),
               static_cast<uint8_t>(channel[2])};
}

constexpr std::string_view kRoman[] = {"I", "II", "III", "IV", "V", "VI"};

bool isNeedleConfiguration(std::string_view v) {
    // Count of needles (1..99) and grouping: round liner, round shader, round magnum, magnum, flat.
    size_t digits = 0;
    while (digits < v.size() && v[digits] >= '0' && v[digits] <= '9')
        ++digits;
    if (digits == 0 || digits > 2 || v[0] == '0') return false;
    const std::string_view group = v.substr(digits);
    return group == "RL" || group == "RS" || group == "RM" || group == "M1" || group == "F";
}

/// The first two non-adjacent segments of an open polyline that touch, as 0-based indices.
std::optional<std::pair<size_t, size_t>> polylineSelfIntersection(const Polyline& line) {
    for (size_t i = 0; i + 1 < line.size(); ++i)
        for (size_t j = i + 2; j + 1 < line.size(); ++j)
            if (segmentsIntersect(line[i], line[i + 1], line[j], line[j + 1])) return {{i, j}};
    return std::nullopt;
}

class LevelFileReader : DocumentReader {
  public:
    LevelFileReader(const XmlDocument& doc, Diagnostics& diags) : DocumentReader(doc, diags) {}

    std::optional<Level> read() {
        readAll();
        if (!finish()) return std::nullopt;
        return std::move(m_level);
    }

  private:
    /// Ids share one namespace across zones, forbidden areas, scars and needles.
    void claimId(const XmlElement& e, const std::string& newId) {
        if (newId.empty()) return;
        for (const auto& used : m_ids) {
            if (used.id != newId) continue;
            errorNear(
                e, "id",
                "duplicate id '" + newId + "': the <" + used.tag + "> at line " + std::to_string(used.line) +
                    " already uses it; ids must be unique across zones, forbidden areas, scars and needles");
            return;
        }
        m_ids.push_back({newId, e.name, e.line});
    }

    void readAll() {
        const XmlElement& root = m_doc.root;
        ElementReader r(root, m_path, m_diags);
        if (!checkRoot(r, "level", kLevelFormatVersion)) return;
        m_level.id = id(r);
        m_level.title = r.requiredString("title").value_or("");
        if (const auto skill = r.requiredString("skill")) {
            if (isOneOf(*skill, knownSkills()))
                m_level.skill = *skill;
            else
                r.errorAt(*root.attribute("skill"), "<level> attribute 'skill' must be one of " +
                                                        joinWords(knownSkills()) + ", got \"" + *skill +
                                                        "\"");
        }
        m_level.difficulty = static_cast<int>(r.requiredInteger("difficulty", 1, 5).value_or(1));
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({"brief", "instructions", "canvas", "zone", "forbidden", "scar", "hairline",
                                 "target", "sessions", "healing", "tools", "scoring", "mode", "handpiece"});
        noText(root);

        const XmlElement* brief = single(root, "brief");
        const XmlElement* instructions = single(root, "instructions");
        const XmlElement* canvas = single(root, "canvas");
        const XmlElement* hairline = single(root, "hairline");
        const XmlElement* target = single(root, "target");
        const XmlElement* sessions = single(root, "sessions");
        const XmlElement* healing = single(root, "healing");
        const XmlElement* tools = single(root, "tools");
        const XmlElement* scoring = single(root, "scoring");
        const XmlElement* mode = single(root, "mode");
        const XmlElement* handpiece = single(root, "handpiece");

        if (canvas)
            readCanvas(*canvas);
        else
            error(
                root,
                "<level> needs a <canvas width-mm=\"..\" height-mm=\"..\"/>: the patch of scalp to work on");
        if (brief) m_level.brief = readText(*brief);
        if (!brief || m_level.brief.empty())
            error(brief ? *brief : root,
                  "<level> needs a non-empty <brief>: a few sentences on what this level teaches");
        if (instructions) m_level.instructions = readText(*instructions);

        for (const auto& c : root.children) {
            if (c.name == "zone")
                readZone(c);
            else if (c.name == "forbidden")
                readForbidden(c);
            else if (c.name == "scar")
                readScar(c);
        }
        if (hairline) readHairline(*hairline);
        if (target) readTarget(*target);
        if (sessions) readSessions(*sessions);
        if (healing) readHealing(*healing);
        if (tools) readTools(*tools);
        if (scoring) readScoring(*scoring);
        if (mode) readMode(*mode);
        if (handpiece) readHandpiece(*handpiece);

        if (m_level.zones.empty() && m_level.target.dots.empty())
            error(root,
                  "<level> has nothing to practise: add a <zone> to fill or <target> <dot> children to hit");
    }

    std::string readText(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        return normaliseLevelText(e.text);
    }

    void readCanvas(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        const auto w = r.requiredNumber("width-mm", 1.0, 500.0);
        const auto h = r.requiredNumber("height-mm", 1.0, 500.0);
        if (const XmlAttribute* skin = r.find("skin")) {
            const std::string_view v = trim(skin->value);
            bool ok = false;
            for (int i = 0; i < 6; ++i)
                if (v == kRoman[i]) {
                    m_level.canvas.skin = {i + 1, fitzpatrickColour(i + 1)};
                    ok = true;
                }
            if (const auto rgb = parseHexColour(v)) {
                m_level.canvas.skin = {0, *rgb};
                ok = true;
            }
            if (!ok)
                r.errorAt(
                    *skin,
                    "<canvas> attribute 'skin' must be a Fitzpatrick type I, II, III, IV, V or VI, or a "
                    "colour #rrggbb, got \"" +
                        skin->value + "\"");
        }
        if (const XmlAttribute* tex = r.find("texture")) {
            const std::string& v = tex->value;
            const bool bad = v.empty() || v[0] == '/' || v.find('\\') != std::string::npos || v == ".." ||
                             v.rfind("../", 0) == 0 || v.find("/../") != std::string::npos ||
                             (v.size() >= 3 && v.compare(v.size() - 3, 3, "/..") == 0);
            if (bad)
                r.errorAt(*tex, "<canvas> attribute 'texture' must be a path inside assets/ such as "
                                "\"textures/scalp.png\" (relative, '/' separators, no '..'), got \"" +
                                    v + "\"");
            else
                m_level.canvas.texture = v;
        }
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
        if (w && h) {
            m_level.canvas.widthMm = *w;
            m_level.canvas.heightMm = *h;
            m_canvasOk = true;
        }
    }

    /// Reads `points` as a simple polygon; reports repeated points, crossings and zero area (in that
    /// order: a crossed "bow tie" has zero signed area too, and the crossing is the real mistake).
    std::optional<Polygon> readOutline(ElementReader& r, const std::string& label) {
        auto pts = r.points("points", 3, true);
        if (!pts) return std::nullopt;
        const XmlAttribute& a = *r.element().attribute("points");
        const size_t n = pts->size();
        // The crossing check compares every pair of edges: bounded before it runs (40,000 points
        // took 9 s; the file size limit allows millions).
        if (n > kMaxOutlinePoints) {
            r.errorAt(a, label + " outline has " + std::to_string(n) + " points, more than the " +
                             std::to_string(kMaxOutlinePoints) +
                             " an outline may have: simplify it (fewer, longer edges)");
            return std::nullopt;
        }
        for (size_t i = 0; i < n; ++i) {
            if ((*pts)[i] == (*pts)[(i + 1) % n]) {
                const size_t second = (i + 1) % n;
                r.errorAt(a, label + " point " + std::to_string(second + 1) + " repeats point " +
                                 std::to_string(i + 1) + " " + point((*pts)[i]) + "; remove one of them");
                return std::nullopt;
            }
        }
        if (const auto cross = firstSelfIntersection(*pts)) {
            const auto edge = [n](int i) {
                return "point " + std::to_string(i + 1) + " to point " +
                       std::to_string((static_cast<size_t>(i) + 1) % n + 1);
            };
            r.errorAt(a, label + " outline crosses itself: the edge from " + edge(cross->first) +
                             " crosses the edge from " + edge(cross->second) +
                             "; list the points in order around the outline");
            return std::nullopt;
        }
        if (area(*pts) < 1e-9) {
            r.errorAt(a, label + " outline has zero area: its points lie on one line");
            return std::nullopt;
        }
        return pts;
    }

    /// Reports the first point outside the canvas (only when the canvas itself is valid).
    bool checkInsideCanvas(const XmlElement& e, std::string_view attr, const std::vector<Vec2>& pts,
                           const std::string& label) {
        if (!m_canvasOk) return true;
        const Rect rect = m_level.canvas.rect();
        for (size_t i = 0; i < pts.size(); ++i) {
            if (rect.contains(pts[i])) continue;
            errorNear(e, attr,
                      label + " point " + std::to_string(i + 1) + " " + point(pts[i]) + " lies outside the " +
                          canvasSize() + " canvas; keep x within 0.." + formatNumber(rect.max.x) +
                          " and y within 0.." + formatNumber(rect.max.y));
            return false;
        }
        return true;
    }

    std::string canvasSize() const {
        return formatNumber(m_level.canvas.widthMm) + " x " + formatNumber(m_level.canvas.heightMm) + " mm";
    }

    std::optional<Range> band(ElementReader& r, std::string_view minName, std::string_view maxName,
                              Range fallback, double lo, double hi) {
        const auto mn = r.optionalNumber(minName, fallback.min, lo, hi);
        const auto mx = r.optionalNumber(maxName, fallback.max, lo, hi);
        if (!mn || !mx) return std::nullopt;
        if (*mn > *mx) {
            errorNear(r.element(), r.has(minName) ? minName : maxName,
                      r.tag() + " attribute '" + std::string(minName) + "' (" + formatNumber(*mn) +
                          ") must not exceed '" + std::string(maxName) + "' (" + formatNumber(*mx) + ")");
            return std::nullopt;
        }
        return Range{*mn, *mx};
    }

    void readZone(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        Zone z;
        z.id = id(r);
        claimId(e, z.id);
        z.name = r.string("name", z.id);
        if (r.has("name") && trim(z.name).empty())
            r.errorAt(*e.attribute("name"),
                      "<zone> attribute 'name' must not be empty (leave it out to show the id)");
        const std::string label = "<zone> '" + z.id + "'";
        const auto outline = readOutline(r, label);
        const auto density = r.optionalNumber("density-per-cm2", z.densityPerCm2, 1.0, 400.0);
        const auto spacing = r.optionalNumber("min-spacing-mm", z.minSpacingMm, 0.1, 5.0);
        const auto healed =
            band(r, "healed-diameter-min-mm", "healed-diameter-max-mm", z.healedDiameterMm, 0.01, 2.0);
        const auto depth = band(r, "depth-min-mm", "depth-max-mm", z.depthMm, 0.0, 5.0);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
        if (outline && checkInsideCanvas(e, "points", *outline, label)) z.outline = *outline;
        if (density) z.densityPerCm2 = *density;
        if (spacing) z.minSpacingMm = *spacing;
        if (healed) z.healedDiameterMm = *healed;
        if (depth) z.depthMm = *depth;
        if (density && spacing) {
            const double limit = irregularPackingLimitPerCm2(*spacing);
            if (*density > limit) {
                const double spacingNeeded =
                    std::floor(std::sqrt(irregularPackingLimitPerCm2(1.0) / *density) * 100.0) / 100.0;
                const XmlAttribute* at = e.attribute("density-per-cm2");
                if (!at) at = e.attribute("min-spacing-mm");
                m_diags.warning(
                    m_path, at ? at->line : e.line, at ? at->column : e.column,
                    label + " asks for " + formatNumber(*density) + " dots/cm2 with min-spacing-mm " +
                        formatNumber(*spacing) +
                        ", but an irregular layout at that spacing fills up at about " +
                        formatNumber(std::floor(limit * 10.0) / 10.0) +
                        " dots/cm2 (random packing covers 54.7% of the skin); lower density-per-cm2 to " +
                        formatNumber(std::floor(limit * 10.0) / 10.0) + " or min-spacing-mm to " +
                        formatNumber(spacingNeeded));
            }
        }
        m_level.zones.push_back(std::move(z));
    }

    void readForbidden(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        ForbiddenArea f;
        f.id = id(r);
        claimId(e, f.id);
        const std::string label = "<forbidden> '" + f.id + "'";
        const auto outline = readOutline(r, label);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
        if (outline && checkInsideCanvas(e, "points", *outline, label)) f.outline = *outline;
        m_level.forbidden.push_back(std::move(f));
    }

    void readScar(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        Scar s;
        s.id = id(r);
        claimId(e, s.id);
        const std::string label = "<scar> '" + s.id + "'";
        const auto outline = readOutline(r, label);
        s.uptake = r.optionalNumber("uptake", s.uptake, 0.0, 1.5).value_or(s.uptake);
        s.spread = r.optionalNumber("spread", s.spread, 0.5, 3.0).value_or(s.spread);
        if (const XmlAttribute* c = r.find("tissue-colour")) {
            if (const auto rgb = parseHexColour(trim(c->value)))
                s.tissue = *rgb;
            else
                r.errorAt(*c, "<scar> attribute 'tissue-colour' must be a colour written #rrggbb (e.g. "
                              "#ecc8be), got \"" +
                                  c->value + "\"");
        }
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
        if (outline && checkInsideCanvas(e, "points", *outline, label)) s.outline = *outline;
        m_level.scars.push_back(std::move(s));
    }

    void readHairline(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        Hairline h;
        auto pts = r.points("points", 2, true);
        if (const auto zone = r.requiredString("zone")) {
            h.zoneId = *zone;
            if (!m_level.findZone(*zone)) {
                std::vector<std::string_view> ids;
                for (const auto& z : m_level.zones)
                    ids.push_back(z.id);
                r.errorAt(*e.attribute("zone"),
                          "<hairline> attribute 'zone' names no <zone>: \"" + *zone + "\"" +
                              (ids.empty() ? std::string(" (this level has no zones)")
                                           : " (zones in this level: " + joinWords(ids) + ")"));
            }
        }
        const auto bandMm = r.optionalNumber("band-mm", h.bandMm, 0.5, 50.0);
        const auto front = r.optionalNumber("front-fraction", h.frontFraction, 0.0, 1.0);
        const auto back = r.optionalNumber("back-fraction", h.backFraction, 0.0, 1.0);
        h.scoreSymmetry = r.boolean("symmetry", h.scoreSymmetry);
        const double width = m_level.canvas.widthMm;
        const auto axis = r.optionalNumber("symmetry-axis-x-mm", width / 2.0, 0.0, width);
        const auto tolerance = r.optionalNumber("symmetry-tolerance-mm", h.symmetryToleranceMm, 0.0, 20.0);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
        if (bandMm) h.bandMm = *bandMm;
        if (front && back && *front > *back)
            errorNear(e, "front-fraction",
                      "<hairline> attribute 'front-fraction' (" + formatNumber(*front) +
                          ") must not exceed 'back-fraction' (" + formatNumber(*back) +
                          "): density ramps up from the line to the back of the band");
        if (front) h.frontFraction = *front;
        if (back) h.backFraction = *back;
        if (axis) h.symmetryAxisXMm = *axis;
        if (tolerance) h.symmetryToleranceMm = *tolerance;
        if (pts) {
            const XmlAttribute& a = *e.attribute("points");
            bool ok = true;
            for (size_t i = 1; i < pts->size() && ok; ++i) {
                if ((*pts)[i] != (*pts)[i - 1]) continue;
                r.errorAt(a, "<hairline> point " + std::to_string(i + 1) + " repeats point " +
                                 std::to_string(i) + " " + point((*pts)[i]) + "; remove one of them");
                ok = false;
            }
            if (ok && pts->front().x >= pts->back().x) {
                r.errorAt(a, "<hairline> must be drawn from left to right (the first point's x, " +
                                 formatNumber(pts->front().x) + ", must be less than the last point's, " +
                                 formatNumber(pts->back().x) +
                                 "): the trainee works on the side behind the line");
                ok = false;
            }
            if (ok && pts->size() > kMaxOutlinePoints) {
                r.errorAt(a, "<hairline> has " + std::to_string(pts->size()) + " points, more than the " +
                                 std::to_string(kMaxOutlinePoints) +
                                 " a line may have: simplify it (fewer, longer segments)");
                ok = false;
            }
            if (ok) {
                if (const auto cross = polylineSelfIntersection(*pts)) {
                    r.errorAt(a, "<hairline> crosses itself: the segment from point " +
                                     std::to_string(cross->first + 1) + " to point " +
                                     std::to_string(cross->first + 2) + " crosses the segment from point " +
                                     std::to_string(cross->second + 1) + " to point " +
                                     std::to_string(cross->second + 2));
                    ok = false;
                }
            }
            if (ok && checkInsideCanvas(e, "points", *pts, "<hairline>")) h.line = *pts;
        }
        m_level.hairline = std::move(h);
    }

    void readTarget(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        TargetPattern& t = m_level.target;
        t.generate = r.boolean("generate", t.generate);
        t.seed = r.unsignedInteger("seed", t.seed);
        t.toleranceMm = r.optionalNumber("tolerance-mm", t.toleranceMm, 0.01, 5.0).value_or(t.toleranceMm);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({"dot"});
        noText(e);
        if (t.generate && m_level.zones.empty())
            errorNear(e, "generate", "<target> generate=\"true\" needs at least one <zone> to fill");
        const Rect rect = m_level.canvas.rect();
        for (const auto& c : e.children) {
            if (c.name != "dot") continue;
            ElementReader d(c, m_path, m_diags);
            const auto x = d.requiredNumber("x-mm", -kHuge, kHuge);
            const auto y = d.requiredNumber("y-mm", -kHuge, kHuge);
            const auto diameter = d.optionalNumber("diameter-mm", 0.2, 0.01, 2.0);
            d.rejectUnknownAttributes();
            d.rejectUnknownChildren({});
            noText(c);
            if (!x || !y || !diameter) continue;
            const Vec2 p{*x, *y};
            if (m_canvasOk && !rect.contains(p)) {
                error(c, "<dot> at " + point(p) + " lies outside the " + canvasSize() + " canvas");
                continue;
            }
            for (const auto& f : m_level.forbidden) {
                if (f.outline.empty() || !contains(f.outline, p)) continue;
                error(c, "<dot> at " + point(p) + " lies inside <forbidden> '" + f.id + "'");
                break;
            }
            t.dots.push_back({p, *diameter});
        }
    }

    void readSessions(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({"session"});
        noText(e);
        m_level.sessions.clear();
        std::optional<double> previous = 0.0;
        const XmlElement* last = nullptr;
        for (const auto& c : e.children) {
            if (c.name != "session") continue;
            last = &c;
            ElementReader s(c, m_path, m_diags);
            SessionSpec spec;
            const auto fraction = s.optionalNumber("cumulative-fraction", spec.cumulativeFraction, 0.01, 1.0);
            if (const XmlAttribute* shade = s.find("shade")) {
                if (isOneOf(shade->value, knownShades()))
                    spec.shade = shade->value;
                else
                    s.errorAt(*shade, "<session> attribute 'shade' must be one of " +
                                          joinWords(knownShades()) + ", got \"" + shade->value + "\"");
            }
            spec.dilution = s.optionalNumber("dilution", spec.dilution, 0.05, 1.0).value_or(spec.dilution);
            spec.healDays = s.optionalNumber("heal-days", spec.healDays, 0.0, 90.0).value_or(spec.healDays);
            s.rejectUnknownAttributes();
            s.rejectUnknownChildren({});
            noText(c);
            if (fraction && previous && *fraction <= *previous)
                errorNear(c, "cumulative-fraction",
                          "<session> attribute 'cumulative-fraction' must be greater than the previous "
                          "session's (" +
                              formatNumber(*previous) + "), got " + formatNumber(*fraction) +
                              ": each session adds dots towards the final density");
            if (fraction) spec.cumulativeFraction = *fraction;
            previous = fraction;
            m_level.sessions.push_back(spec);
        }
        if (!last) {
            error(e, "<sessions> needs at least one <session/>");
            m_level.sessions.push_back({});
        } else if (m_level.sessions.size() > 6) {
            error(e, "<sessions> has " + std::to_string(m_level.sessions.size()) +
                         " sessions; at most 6 are allowed");
        } else if (previous && *previous != 1.0) {
            errorNear(*last, "cumulative-fraction",
                      "the last <session> must reach cumulative-fraction 1 (the final density), got " +
                          formatNumber(*previous));
        }
    }

    void readHealing(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        HealingSpec& h = m_level.healing;
        h.seed = r.unsignedInteger("seed", h.seed);
        const auto ratio = r.optionalNumber("fresh-to-healed", h.freshToHealed, 1.0, 4.0);
        h.sizeVariation =
            r.optionalNumber("size-variation", h.sizeVariation, 0.0, 0.5).value_or(h.sizeVariation);
        h.lightening = r.optionalNumber("lightening", h.lightening, 0.0, 0.9).value_or(h.lightening);
        h.toneVariation =
            r.optionalNumber("tone-variation", h.toneVariation, 0.0, 0.5).value_or(h.toneVariation);
        h.fadeMarginMm =
            r.optionalNumber("fade-margin-mm", h.fadeMarginMm, 0.0, 2.0).value_or(h.fadeMarginMm);
        h.migrationPerMm =
            r.optionalNumber("migration-per-mm", h.migrationPerMm, 0.0, 5.0).value_or(h.migrationPerMm);
        h.blowoutMarginMm =
            r.optionalNumber("blowout-margin-mm", h.blowoutMarginMm, 0.05, 3.0).value_or(h.blowoutMarginMm);
        h.blowoutSpread =
            r.optionalNumber("blowout-spread", h.blowoutSpread, 1.0, 5.0).value_or(h.blowoutSpread);
        h.settleDays = r.optionalNumber("settle-days", h.settleDays, 0.5, 60.0).value_or(h.settleDays);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
        if (!ratio) return;
        h.freshToHealed = *ratio;
        // Legal but outside what practitioners report: probably a typo for a ratio such as 2.
        if (*ratio < 1.5 || *ratio > 2.5) {
            const XmlAttribute* a = e.attribute("fresh-to-healed");
            m_diags.warning(m_path, a->line, a->column,
                            "<healing> fresh-to-healed " + formatNumber(*ratio) +
                                " lies outside the 1.5-2.5 that practitioners report (a fresh dot heals to "
                                "40-67 % of its size as the scab falls)");
        }
    }

    void readTools(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({"needle"});
        noText(e);
        m_level.needles.clear();
        for (const auto& c : e.children) {
            if (c.name != "needle") continue;
            ElementReader n(c, m_path, m_diags);
            Needle needle;
            needle.id = id(n);
            claimId(c, needle.id);
            if (const auto conf = n.requiredString("configuration")) {
                if (isNeedleConfiguration(*conf))
                    needle.configuration = *conf;
                else
                    n.errorAt(
                        *c.attribute("configuration"),
                        "<needle> attribute 'configuration' must be a needle count and grouping such as 1RL, "
                        "3RL, 5RS, 7RM, 7M1 or 5F, got \"" +
                            *conf + "\"");
            }
            needle.diameterMm = n.requiredNumber("diameter-mm", 0.1, 0.6).value_or(needle.diameterMm);
            n.rejectUnknownAttributes();
            n.rejectUnknownChildren({});
            noText(c);
            m_level.needles.push_back(std::move(needle));
        }
        if (m_level.needles.empty()) {
            error(e,
                  "<tools> needs at least one <needle id=\"..\" configuration=\"..\" diameter-mm=\"..\"/>");
            m_level.needles.push_back({});
        }
    }

    bool knownMetric(ElementReader& r, std::string_view attr, const std::string& value) {
        if (findMetric(value)) return true;
        std::vector<std::string_view> ids;
        for (const auto& m : knownMetrics())
            ids.push_back(m.id);
        r.errorAt(*r.element().attribute(attr), r.tag() + " attribute '" + std::string(attr) +
                                                    "' names no metric: \"" + value +
                                                    "\" (known metrics: " + joinWords(ids) + ")");
        return false;
    }

    void readScoring(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        ScoringSpec& s = m_level.scoring;
        s.passMark = r.optionalNumber("pass-mark", s.passMark, 0.0, 100.0).value_or(s.passMark);
        s.failMargin = r.optionalNumber("fail-margin", s.failMargin, 0.0, 100.0).value_or(s.failMargin);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({"metric", "veto"});
        noText(e);
        std::vector<std::pair<std::string, int>> seen;
        for (const auto& c : e.children) {
            ElementReader m(c, m_path, m_diags);
            if (c.name == "metric") {
                MetricSpec spec;
                if (const auto mid = m.requiredString("id")) {
                    spec.id = *mid;
                    if (knownMetric(m, "id", *mid)) {
                        const auto dup =
                            std::find_if(seen.begin(), seen.end(), [&](auto& p) { return p.first == *mid; });
                        if (dup != seen.end())
                            m.errorAt(*c.attribute("id"),
                                      "metric '" + *mid + "' is already configured at line " +
                                          std::to_string(dup->second) + "; give each metric once");
                        else
                            seen.emplace_back(*mid, c.line);
                    }
                }
                spec.enabled = m.boolean("enabled", spec.enabled);
                // A band is given whole (both ends) or not at all: without one the scorer's default
                // band applies and the element changes only the weight, pass mark or gate.
                if (m.has("band-min") || m.has("band-max")) {
                    const auto mn = m.requiredNumber("band-min", -kHuge, kHuge);
                    const auto mx = m.requiredNumber("band-max", -kHuge, kHuge);
                    if (mn && mx && *mn > *mx)
                        m.errorAt(*c.attribute("band-min"),
                                  "<metric> attribute 'band-min' (" + formatNumber(*mn) +
                                      ") must not exceed 'band-max' (" + formatNumber(*mx) + ")");
                    spec.band = {mn.value_or(0.0), mx.value_or(0.0)};
                } else {
                    spec.hasBand = false;
                }
                spec.falloff = m.optionalNumber("falloff", spec.falloff, 0.0, kHuge).value_or(0.0);
                spec.weight = m.optionalNumber("weight", spec.weight, 0.0, 100.0).value_or(spec.weight);
                spec.passMark =
                    m.optionalNumber("pass-mark", spec.passMark, 0.0, 100.0).value_or(spec.passMark);
                if (m.has("gate")) spec.gate = m.boolean("gate", true);
                s.metrics.push_back(std::move(spec));
            } else if (c.name == "veto") {
                VetoRule v;
                if (const auto metric = m.requiredString("metric")) {
                    v.metric = *metric;
                    knownMetric(m, "metric", *metric);
                }
                v.maxValue = m.requiredNumber("max", -kHuge, kHuge).value_or(0.0);
                v.reason = std::string(trim(m.requiredString("reason").value_or("")));
                s.vetoes.push_back(std::move(v));
            } else {
                continue;
            }
            m.rejectUnknownAttributes();
            m.rejectUnknownChildren({});
            noText(c);
        }
    }

    void readMode(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        ModeSpec& m = m_level.mode;
        m.ghost = r.boolean("ghost", m.ghost);
        m.undo = r.boolean("undo", m.undo);
        m.liveScore = r.boolean("live-score", m.liveScore);
        m.heatmap = r.boolean("heatmap", m.heatmap);
        m.outlines = r.boolean("outlines", m.outlines);
        m.timeLimitS = r.optionalNumber("time-limit-s", m.timeLimitS, 0.0, 36000.0).value_or(m.timeLimitS);
        m.expectedStrikesPerMinute =
            r.optionalNumber("strikes-per-minute", m.expectedStrikesPerMinute, 1.0, 600.0).value_or(60.0);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
    }

    void readHandpiece(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        HandpieceSpec& h = m_level.handpiece;
        h.tremorMm = r.optionalNumber("tremor-mm", h.tremorMm, 0.0, 2.0).value_or(h.tremorMm);
        h.tremorHz = r.optionalNumber("tremor-hz", h.tremorHz, 0.0, 30.0).value_or(h.tremorHz);
        h.depthPerSecondMm = r.optionalNumber("depth-per-second-mm", h.depthPerSecondMm, 0.1, 20.0)
                                 .value_or(h.depthPerSecondMm);
        h.maxDepthMm = r.optionalNumber("max-depth-mm", h.maxDepthMm, 0.1, 5.0).value_or(h.maxDepthMm);
        h.tapDepthMm = r.optionalNumber("tap-depth-mm", h.tapDepthMm, 0.0, 5.0).value_or(h.tapDepthMm);
        h.spreadPerMm = r.optionalNumber("spread-per-mm", h.spreadPerMm, 0.0, 5.0).value_or(h.spreadPerMm);
        // An explicit tap deeper than the cap is a contradiction worth reporting; the default tap
        // (0.15 mm) under a shallower cap is simply clamped to the cap by needleMappingFor().
        if (r.has("tap-depth-mm") && h.tapDepthMm > h.maxDepthMm)
            errorNear(e, "tap-depth-mm",
                      "<handpiece> attribute 'tap-depth-mm' (" + formatNumber(h.tapDepthMm) +
                          " mm) must not exceed 'max-depth-mm' (" + formatNumber(h.maxDepthMm) + " mm)");
        h.pressure = r.boolean("pressure", h.pressure);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
    }

    struct IdUse {
        std::string id;
        std::string tag;
        int line;
    };

    Level m_level;
    bool m_canvasOk = false;
    std::vector<IdUse> m_ids;
};

} // namespace

std::optional<Level> readLevel(const XmlDocument& doc, Diagnostics& diags) {
    return LevelFileReader(doc, diags).read();
}

std::optional<Level> loadLevelFile(const std::string& path, Diagnostics& diags) {
    const auto doc = loadXmlFile(path, diags);
    if (!doc) return std::nullopt;
    return readLevel(*doc, diags);
}

} // namespace stipple
