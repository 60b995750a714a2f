// LevelDocument: commands run on a copy of the level and are committed as whole-level
// snapshots, so undo is exact for any change. Validation writes the level with the real writer
// and reads the text back with the real reader; a table of where each object starts in that
// text ties every diagnostic to its object.
#include "editor/level_document.h"

#include "editor/level_file_patch.h"
#include "io/element_reader.h"
#include "io/files.h"
#include "io/numbers.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "level/level_writer.h"

#include <algorithm>
#include <cmath>

namespace stipple {

namespace {

const std::vector<Vec2> kNoPoints;

bool finite(Vec2 p) {
    return std::isfinite(p.x) && std::isfinite(p.y);
}

/// A point as a person writes it: 0.01 mm (a pointer gives 41.23456…).
Vec2 rounded(Vec2 p) {
    return {roundCoordinateMm(p.x), roundCoordinateMm(p.y)};
}
std::vector<Vec2> rounded(std::vector<Vec2> pts) {
    for (Vec2& p : pts)
        p = rounded(p);
    return pts;
}

/// The point list of a shape in `level` (const or not), or nullptr when it does not exist.
template <class L> auto pointsOf(L& level, ShapeRef s) -> decltype(&level.zones[0].outline) {
    switch (s.kind) {
    case ShapeKind::Zone:
        return s.index < level.zones.size() ? &level.zones[s.index].outline : nullptr;
    case ShapeKind::Forbidden:
        return s.index < level.forbidden.size() ? &level.forbidden[s.index].outline : nullptr;
    case ShapeKind::Scar:
        return s.index < level.scars.size() ? &level.scars[s.index].outline : nullptr;
    case ShapeKind::Hairline:
        return s.index == 0 && level.hairline ? &level.hairline->line : nullptr;
    }
    return nullptr;
}

/// The id of a zone, forbidden area or scar (nullptr for the hairline or a missing shape).
std::string* idOf(Level& level, ShapeRef s) {
    switch (s.kind) {
    case ShapeKind::Zone:
        return s.index < level.zones.size() ? &level.zones[s.index].id : nullptr;
    case ShapeKind::Forbidden:
        return s.index < level.forbidden.size() ? &level.forbidden[s.index].id : nullptr;
    case ShapeKind::Scar:
        return s.index < level.scars.size() ? &level.scars[s.index].id : nullptr;
    case ShapeKind::Hairline:
        return nullptr;
    }
    return nullptr;
}

std::string noShape(ShapeRef s) {
    return s.kind == ShapeKind::Hairline ? "the level has no hairline"
                                         : std::string("there is no ") + shapeKindName(s.kind) + " number " +
                                               std::to_string(s.index + 1);
}

size_t minimumPoints(ShapeKind kind) {
    return kind == ShapeKind::Hairline ? 2 : 3;
}

EditResult checkOutline(const std::vector<Vec2>& pts, size_t minimum, const char* what) {
    if (pts.size() < minimum)
        return EditResult::refused(std::string("a ") + what + " needs at least " + std::to_string(minimum) +
                                   " points, got " + std::to_string(pts.size()));
    for (const Vec2 p : pts)
        if (!finite(p)) return EditResult::refused("every point must have finite coordinates in mm");
    return {};
}

/// Where each object of a written level starts: (line, object) in document order.
std::vector<std::pair<int, LevelObjectRef>> objectLines(const XmlElement& root) {
    std::vector<std::pair<int, LevelObjectRef>> out;
    out.push_back({root.line, {LevelObjectKind::Level, 0, {}}});
    size_t zones = 0, forbidden = 0, scars = 0;
    const auto attr = [](const XmlElement& e, const char* name) {
        const XmlAttribute* a = e.attribute(name);
        return a ? a->value : std::string();
    };
    for (const XmlElement& c : root.children) {
        const std::string& n = c.name;
        if (n == "zone")
            out.push_back({c.line, {LevelObjectKind::Zone, zones++, attr(c, "id")}});
        else if (n == "forbidden")
            out.push_back({c.line, {LevelObjectKind::Forbidden, forbidden++, attr(c, "id")}});
        else if (n == "scar")
            out.push_back({c.line, {LevelObjectKind::Scar, scars++, attr(c, "id")}});
        else if (n == "brief")
            out.push_back({c.line, {LevelObjectKind::Brief, 0, {}}});
        else if (n == "instructions")
            out.push_back({c.line, {LevelObjectKind::Instructions, 0, {}}});
        else if (n == "canvas")
            out.push_back({c.line, {LevelObjectKind::Canvas, 0, {}}});
        else if (n == "hairline")
            out.push_back({c.line, {LevelObjectKind::Hairline, 0, {}}});
        else if (n == "healing")
            out.push_back({c.line, {LevelObjectKind::Healing, 0, {}}});
        else if (n == "mode")
            out.push_back({c.line, {LevelObjectKind::Mode, 0, {}}});
        else if (n == "handpiece")
            out.push_back({c.line, {LevelObjectKind::Handpiece, 0, {}}});
        else if (n == "target") {
            out.push_back({c.line, {LevelObjectKind::Target, 0, {}}});
            size_t dots = 0;
            for (const XmlElement& d : c.children)
                out.push_back({d.line, {LevelObjectKind::TargetDot, dots++, {}}});
        } else if (n == "sessions") {
            out.push_back({c.line, {LevelObjectKind::Sessions, 0, {}}});
            size_t k = 0;
            for (const XmlElement& s : c.children)
                out.push_back({s.line, {LevelObjectKind::Session, k++, {}}});
        } else if (n == "tools") {
            out.push_back({c.line, {LevelObjectKind::Tools, 0, {}}});
            size_t k = 0;
            for (const XmlElement& s : c.children)
                out.push_back({s.line, {LevelObjectKind::Needle, k++, attr(s, "id")}});
        } else if (n == "scoring") {
            out.push_back({c.line, {LevelObjectKind::Scoring, 0, {}}});
            size_t metrics = 0, vetoes = 0;
            for (const XmlElement& s : c.children) {
                if (s.name == "metric")
                    out.push_back({s.line, {LevelObjectKind::Metric, metrics++, attr(s, "id")}});
                else
                    out.push_back({s.line, {LevelObjectKind::Veto, vetoes++, attr(s, "metric")}});
            }
        }
    }
    return out;
}

} // namespace

const char* shapeKindName(ShapeKind kind) {
    switch (kind) {
    case ShapeKind::Zone:
        return "zone";
    case ShapeKind::Forbidden:
        return "forbidden area";
    case ShapeKind::Scar:
        return "scar";
    case ShapeKind::Hairline:
        return "hairline";
    }
    return "shape";
}

const char* levelObjectKindName(LevelObjectKind kind) {
    switch (kind) {
    case LevelObjectKind::Level:
        return "level";
    case LevelObjectKind::Brief:
        return "brief";
    case LevelObjectKind::Instructions:
        return "instructions";
    case LevelObjectKind::Canvas:
        return "canvas";
    case LevelObjectKind::Zone:
        return "zone";
    case LevelObjectKind::Forbidden:
        return "forbidden";
    case LevelObjectKind::Scar:
        return "scar";
    case LevelObjectKind::Hairline:
        return "hairline";
    case LevelObjectKind::Target:
        return "target";
    case LevelObjectKind::TargetDot:
        return "target-dot";
    case LevelObjectKind::Sessions:
        return "sessions";
    case LevelObjectKind::Session:
        return "session";
    case LevelObjectKind::Healing:
        return "healing";
    case LevelObjectKind::Tools:
        return "tools";
    case LevelObjectKind::Needle:
        return "needle";
    case LevelObjectKind::Scoring:
        return "scoring";
    case LevelObjectKind::Metric:
        return "metric";
    case LevelObjectKind::Veto:
        return "veto";
    case LevelObjectKind::Mode:
        return "mode";
    case LevelObjectKind::Handpiece:
        return "handpiece";
    }
    return "level";
}

LevelDocument::LevelDocument(Level level, std::string path)
    : m_level(std::move(level)), m_path(std::move(path)) {
    if (!m_path.empty()) m_saved = m_level;
}

LevelDocument::LevelDocument(Level level, std::string path, std::string fileText)
    : m_level(std::move(level)), m_path(std::move(path)) {
    m_saved = m_level;
    m_fileText = std::move(fileText);
}

std::optional<LevelDocument> LevelDocument::open(const std::string& path, Diagnostics& diags) {
    // The bytes read are the bytes parsed, so a save patches exactly the text this level came from.
    std::string bytes, error;
    if (!readFile(path, bytes, error, static_cast<int64_t>(kMaxXmlBytes))) {
        diags.error(path, 1, 1, error);
        return std::nullopt;
    }
    const auto doc = parseXml(bytes, path, diags);
    if (!doc) return std::nullopt;
    auto level = readLevel(*doc, diags);
    if (!level) return std::nullopt;
    return LevelDocument(std::move(*level), path, std::move(bytes));
}

LevelDocument LevelDocument::blank(const std::string& id, const std::string& title) {
    Level level;
    level.id = id;
    level.title = title;
    level.skill = "density";
    level.difficulty = 1;
    level.brief = "Say why this skill matters and what counts as good work.";
    return LevelDocument(std::move(level));
}

bool LevelDocument::isModified() const {
    return !m_saved || *m_saved != m_level;
}

std::string LevelDocument::text() const {
    if (m_textCache && m_textCache->first == m_level) return m_textCache->second;
    std::string out = m_saved && !m_fileText.empty() ? patchLevelText(m_fileText, *m_saved, m_level)
                                                     : writeLevelPlain(m_level);
    m_textCache = {m_level, out};
    return out;
}

std::vector<LevelProblem> LevelDocument::problems() const {
    const std::string file = m_path.empty() ? "untitled.xml" : m_path;
    Diagnostics diags;
    const auto doc = parseXml(text(), file, diags);
    std::vector<std::pair<int, LevelObjectRef>> lines;
    if (doc) {
        readLevel(*doc, diags);
        lines = objectLines(doc->root);
    }
    std::vector<LevelProblem> out;
    for (const Diagnostic& d : diags.items()) {
        LevelProblem p{d, {}};
        // The object whose element starts last at or before the diagnostic's line.
        const auto after = std::upper_bound(lines.begin(), lines.end(), d.line,
                                            [](int line, const auto& entry) { return line < entry.first; });
        if (after != lines.begin()) p.object = std::prev(after)->second;
        out.push_back(std::move(p));
    }
    return out;
}

bool LevelDocument::isValid() const {
    for (const auto& p : problems())
        if (p.diagnostic.severity == Severity::Error) return false;
    return true;
}

const std::vector<Vec2>& LevelDocument::points(ShapeRef shape) const {
    const auto* pts = pointsOf(m_level, shape);
    return pts ? *pts : kNoPoints;
}

size_t LevelDocument::shapeCount(ShapeKind kind) const {
    switch (kind) {
    case ShapeKind::Zone:
        return m_level.zones.size();
    case ShapeKind::Forbidden:
        return m_level.forbidden.size();
    case ShapeKind::Scar:
        return m_level.scars.size();
    case ShapeKind::Hairline:
        return m_level.hairline ? 1 : 0;
    }
    return 0;
}

std::optional<ShapeRef> LevelDocument::findShape(const std::string& id) const {
    for (size_t i = 0; i < m_level.zones.size(); ++i)
        if (m_level.zones[i].id == id) return ShapeRef{ShapeKind::Zone, i};
    for (size_t i = 0; i < m_level.forbidden.size(); ++i)
        if (m_level.forbidden[i].id == id) return ShapeRef{ShapeKind::Forbidden, i};
    for (size_t i = 0; i < m_level.scars.size(); ++i)
        if (m_level.scars[i].id == id) return ShapeRef{ShapeKind::Scar, i};
    return std::nullopt;
}

bool LevelDocument::idInUse(const std::string& id) const {
    if (findShape(id)) return true;
    return std::any_of(m_level.needles.begin(), m_level.needles.end(),
                       [&](const Needle& n) { return n.id == id; });
}

std::string LevelDocument::freshId(const char* prefix) const {
    for (int n = 1;; ++n) {
        std::string id = std::string(prefix) + "-" + std::to_string(n);
        if (!idInUse(id)) return id;
    }
}

// --- commands ---------------------------------------------------------------------------------

EditResult LevelDocument::apply(const std::string& label, const std::function<EditResult(Level&)>& change) {
    Level next = m_level;
    EditResult r = change(next);
    if (!r.ok || next == m_level) return r;
    if (m_groupDepth > 0) {
        m_level = std::move(next);
        return r;
    }
    push({label, m_level, next});
    m_level = std::move(next);
    return r;
}

void LevelDocument::push(Step step) {
    m_undo.push_back(std::move(step));
    if (m_undo.size() > kMaxUndoSteps) m_undo.erase(m_undo.begin());
    m_redo.clear();
}

EditResult LevelDocument::addVertex(ShapeRef shape, size_t position, Vec2 p) {
    return apply("add vertex", [&](Level& l) {
        std::vector<Vec2>* pts = pointsOf(l, shape);
        if (!pts) return EditResult::refused(noShape(shape));
        if (position > pts->size())
            return EditResult::refused("vertex position " + std::to_string(position) +
                                       " is past the end of the " + shapeKindName(shape.kind) + " (" +
                                       std::to_string(pts->size()) + " points)");
        if (!finite(p)) return EditResult::refused("the vertex must have finite coordinates in mm");
        pts->insert(pts->begin() + static_cast<std::ptrdiff_t>(position), rounded(p));
        return EditResult{};
    });
}

EditResult LevelDocument::moveVertex(VertexRef v, Vec2 p) {
    return apply("move vertex", [&](Level& l) {
        std::vector<Vec2>* pts = pointsOf(l, v.shape);
        if (!pts) return EditResult::refused(noShape(v.shape));
        if (v.vertex >= pts->size())
            return EditResult::refused(std::string("the ") + shapeKindName(v.shape.kind) +
                                       " has no vertex number " + std::to_string(v.vertex + 1));
        if (!finite(p)) return EditResult::refused("the vertex must have finite coordinates in mm");
        (*pts)[v.vertex] = rounded(p);
        return EditResult{};
    });
}

EditResult LevelDocument::deleteVertex(VertexRef v) {
    return apply("delete vertex", [&](Level& l) {
        std::vector<Vec2>* pts = pointsOf(l, v.shape);
        if (!pts) return EditResult::refused(noShape(v.shape));
        if (v.vertex >= pts->size())
            return EditResult::refused(std::string("the ") + shapeKindName(v.shape.kind) +
                                       " has no vertex number " + std::to_string(v.vertex + 1));
        const size_t minimum = minimumPoints(v.shape.kind);
        if (pts->size() <= minimum)
            return EditResult::refused(std::string("a ") + shapeKindName(v.shape.kind) + " needs at least " +
                                       std::to_string(minimum) + " points; delete the whole " +
                                       shapeKindName(v.shape.kind) + " instead");
        pts->erase(pts->begin() + static_cast<std::ptrdiff_t>(v.vertex));
        return EditResult{};
    });
}

EditResult LevelDocument::moveShape(ShapeRef shape, Vec2 delta) {
    return apply("move " + std::string(shapeKindName(shape.kind)), [&](Level& l) {
        std::vector<Vec2>* pts = pointsOf(l, shape);
        if (!pts) return EditResult::refused(noShape(shape));
        if (!finite(delta)) return EditResult::refused("the offset must be finite, in mm");
        for (Vec2& p : *pts)
            p = rounded(p + delta);
        return EditResult{};
    });
}

EditResult LevelDocument::addZone(std::vector<Vec2> outline, const std::string& id) {
    const std::string newId = id.empty() ? freshId("zone") : id;
    return apply("add zone", [&](Level& l) {
        if (EditResult r = checkOutline(outline, 3, "zone"); !r) return r;
        if (!isValidId(newId))
            return EditResult::refused(
                "'" + newId + "' is not a valid id (a letter or digit, then letters, digits, '-' and '_')");
        if (idInUse(newId)) return EditResult::refused("the id '" + newId + "' is already used");
        Zone z;
        z.id = newId;
        z.name = newId;
        z.outline = rounded(std::move(outline));
        l.zones.push_back(std::move(z));
        return EditResult{true, {}, newId};
    });
}

EditResult LevelDocument::addForbidden(std::vector<Vec2> outline, const std::string& id) {
    const std::string newId = id.empty() ? freshId("forbidden") : id;
    return apply("add forbidden area", [&](Level& l) {
        if (EditResult r = checkOutline(outline, 3, "forbidden area"); !r) return r;
        if (!isValidId(newId))
            return EditResult::refused(
                "'" + newId + "' is not a valid id (a letter or digit, then letters, digits, '-' and '_')");
        if (idInUse(newId)) return EditResult::refused("the id '" + newId + "' is already used");
        l.forbidden.push_back({newId, rounded(std::move(outline))});
        return EditResult{true, {}, newId};
    });
}

EditResult LevelDocument::addScar(std::vector<Vec2> outline, const std::string& id) {
    const std::string newId = id.empty() ? freshId("scar") : id;
    return apply("add scar", [&](Level& l) {
        if (EditResult r = checkOutline(outline, 3, "scar"); !r) return r;
        if (!isValidId(newId))
            return EditResult::refused(
                "'" + newId + "' is not a valid id (a letter or digit, then letters, digits, '-' and '_')");
        if (idInUse(newId)) return EditResult::refused("the id '" + newId + "' is already used");
        Scar s;
        s.id = newId;
        s.outline = rounded(std::move(outline));
        l.scars.push_back(std::move(s));
        return EditResult{true, {}, newId};
    });
}

EditResult LevelDocument::setHairline(std::vector<Vec2> line, const std::string& zoneId) {
    return apply(m_level.hairline ? "redraw hairline" : "add hairline", [&](Level& l) {
        if (EditResult r = checkOutline(line, 2, "hairline"); !r) return r;
        // Direction carries no meaning for whoever draws it; the format wants left to right.
        if (line.front().x > line.back().x) std::reverse(line.begin(), line.end());
        if (!l.hairline) {
            l.hairline = Hairline{};
            l.hairline->symmetryAxisXMm = l.canvas.widthMm / 2.0;
        }
        l.hairline->line = rounded(std::move(line));
        l.hairline->zoneId = zoneId;
        return EditResult{};
    });
}

EditResult LevelDocument::deleteShape(ShapeRef shape) {
    return apply("delete " + std::string(shapeKindName(shape.kind)), [&](Level& l) {
        if (!pointsOf(l, shape)) return EditResult::refused(noShape(shape));
        const auto at = static_cast<std::ptrdiff_t>(shape.index);
        switch (shape.kind) {
        case ShapeKind::Zone:
            l.zones.erase(l.zones.begin() + at);
            break;
        case ShapeKind::Forbidden:
            l.forbidden.erase(l.forbidden.begin() + at);
            break;
        case ShapeKind::Scar:
            l.scars.erase(l.scars.begin() + at);
            break;
        case ShapeKind::Hairline:
            l.hairline.reset();
            break;
        }
        return EditResult{};
    });
}

EditResult LevelDocument::renameShape(ShapeRef shape, const std::string& newId) {
    return apply("rename " + std::string(shapeKindName(shape.kind)), [&](Level& l) {
        std::string* id = idOf(l, shape);
        if (!id)
            return EditResult::refused(shape.kind == ShapeKind::Hairline ? "the hairline has no id"
                                                                         : noShape(shape));
        if (*id == newId) return EditResult{true, {}, newId};
        if (!isValidId(newId))
            return EditResult::refused(
                "'" + newId + "' is not a valid id (a letter or digit, then letters, digits, '-' and '_')");
        if (idInUse(newId)) return EditResult::refused("the id '" + newId + "' is already used");
        const std::string old = *id;
        *id = newId;
        if (shape.kind == ShapeKind::Zone) {
            Zone& z = l.zones[shape.index];
            if (z.name == old) z.name = newId;
            if (l.hairline && l.hairline->zoneId == old) l.hairline->zoneId = newId;
        }
        return EditResult{true, {}, newId};
    });
}

EditResult LevelDocument::setZoneNumber(size_t zone, ZoneField field, double value) {
    return apply("set zone property", [&](Level& l) {
        if (zone >= l.zones.size()) return EditResult::refused(noShape({ShapeKind::Zone, zone}));
        if (!std::isfinite(value)) return EditResult::refused("the value must be a finite number");
        Zone& z = l.zones[zone];
        switch (field) {
        case ZoneField::DensityPerCm2:
            z.densityPerCm2 = value;
            break;
        case ZoneField::MinSpacingMm:
            z.minSpacingMm = value;
            break;
        case ZoneField::HealedDiameterMinMm:
            z.healedDiameterMm.min = value;
            break;
        case ZoneField::HealedDiameterMaxMm:
            z.healedDiameterMm.max = value;
            break;
        case ZoneField::DepthMinMm:
            z.depthMm.min = value;
            break;
        case ZoneField::DepthMaxMm:
            z.depthMm.max = value;
            break;
        }
        return EditResult{};
    });
}

EditResult LevelDocument::setZoneName(size_t zone, const std::string& name) {
    return apply("rename zone", [&](Level& l) {
        if (zone >= l.zones.size()) return EditResult::refused(noShape({ShapeKind::Zone, zone}));
        l.zones[zone].name = name;
        return EditResult{};
    });
}

EditResult LevelDocument::setScarUptake(size_t scar, double uptake) {
    return apply("set scar uptake", [&](Level& l) {
        if (scar >= l.scars.size()) return EditResult::refused(noShape({ShapeKind::Scar, scar}));
        if (!std::isfinite(uptake)) return EditResult::refused("the value must be a finite number");
        l.scars[scar].uptake = uptake;
        return EditResult{};
    });
}

EditResult LevelDocument::setScarSpread(size_t scar, double spread) {
    return apply("set scar spread", [&](Level& l) {
        if (scar >= l.scars.size()) return EditResult::refused(noShape({ShapeKind::Scar, scar}));
        if (!std::isfinite(spread)) return EditResult::refused("the value must be a finite number");
        l.scars[scar].spread = spread;
        return EditResult{};
    });
}

EditResult LevelDocument::setHairlineBand(double bandMm, double frontFraction, double backFraction) {
    return apply("set hairline band", [&](Level& l) {
        if (!l.hairline) return EditResult::refused("the level has no hairline");
        if (!std::isfinite(bandMm) || !std::isfinite(frontFraction) || !std::isfinite(backFraction))
            return EditResult::refused("the values must be finite numbers");
        l.hairline->bandMm = bandMm;
        l.hairline->frontFraction = frontFraction;
        l.hairline->backFraction = backFraction;
        return EditResult{};
    });
}

EditResult LevelDocument::setPassMark(double passMark) {
    return apply("set pass mark", [&](Level& l) {
        if (!std::isfinite(passMark)) return EditResult::refused("the pass mark must be a finite number");
        l.scoring.passMark = passMark;
        return EditResult{};
    });
}

EditResult LevelDocument::setMetric(const MetricSpec& metric) {
    return apply("set metric " + metric.id, [&](Level& l) {
        if (metric.id.empty()) return EditResult::refused("the metric needs an id");
        if (!std::isfinite(metric.band.min) || !std::isfinite(metric.band.max) ||
            !std::isfinite(metric.falloff) || !std::isfinite(metric.weight) ||
            !std::isfinite(metric.passMark))
            return EditResult::refused("the metric's numbers must be finite");
        auto& list = l.scoring.metrics;
        const auto it =
            std::find_if(list.begin(), list.end(), [&](const MetricSpec& m) { return m.id == metric.id; });
        if (it != list.end())
            *it = metric;
        else
            list.push_back(metric);
        return EditResult{};
    });
}

EditResult LevelDocument::removeMetric(const std::string& metricId) {
    return apply("remove metric " + metricId, [&](Level& l) {
        auto& list = l.scoring.metrics;
        const auto it =
            std::find_if(list.begin(), list.end(), [&](const MetricSpec& m) { return m.id == metricId; });
        if (it == list.end())
            return EditResult::refused("the level does not configure metric '" + metricId + "'");
        list.erase(it);
        return EditResult{};
    });
}

EditResult LevelDocument::addVeto(const VetoRule& veto) {
    return apply("add veto", [&](Level& l) {
        if (!std::isfinite(veto.maxValue))
            return EditResult::refused("the veto's limit must be a finite number");
        l.scoring.vetoes.push_back(veto);
        return EditResult{};
    });
}

EditResult LevelDocument::removeVeto(size_t index) {
    return apply("remove veto", [&](Level& l) {
        if (index >= l.scoring.vetoes.size())
            return EditResult::refused("there is no veto number " + std::to_string(index + 1));
        l.scoring.vetoes.erase(l.scoring.vetoes.begin() + static_cast<std::ptrdiff_t>(index));
        return EditResult{};
    });
}

EditResult LevelDocument::edit(const std::string& label, const std::function<void(Level&)>& change) {
    return apply(label, [&](Level& l) {
        change(l);
        return EditResult{};
    });
}

// --- undo / redo --------------------------------------------------------------------------------

std::string LevelDocument::undoLabel() const {
    return m_undo.empty() ? std::string() : m_undo.back().label;
}
std::string LevelDocument::redoLabel() const {
    return m_redo.empty() ? std::string() : m_redo.back().label;
}

bool LevelDocument::undo() {
    if (m_groupDepth > 0 || m_undo.empty()) return false;
    Step step = std::move(m_undo.back());
    m_undo.pop_back();
    m_level = step.before;
    m_redo.push_back(std::move(step));
    return true;
}

bool LevelDocument::redo() {
    if (m_groupDepth > 0 || m_redo.empty()) return false;
    Step step = std::move(m_redo.back());
    m_redo.pop_back();
    m_level = step.after;
    m_undo.push_back(std::move(step));
    return true;
}

void LevelDocument::beginGroup(const std::string& label) {
    if (m_groupDepth++ > 0) return;
    m_groupLabel = label;
    m_groupStart = m_level;
}

void LevelDocument::endGroup() {
    if (m_groupDepth == 0 || --m_groupDepth > 0) return;
    if (m_groupStart && m_level != *m_groupStart) push({m_groupLabel, std::move(*m_groupStart), m_level});
    m_groupStart.reset();
}

// --- files -----------------------------------------------------------------------------------------

bool LevelDocument::save(std::string& error) {
    if (m_path.empty()) {
        error = "the level has no file name yet: save it as a file first";
        return false;
    }
    std::string out = text();
    if (!writeFileAtomic(m_path, out, error)) return false;
    m_saved = m_level;
    m_fileText = std::move(out);
    return true;
}

bool LevelDocument::saveAs(const std::string& path, std::string& error) {
    if (path.empty()) {
        error = "no file name given";
        return false;
    }
    std::string out = text();
    if (!writeFileAtomic(path, out, error)) return false;
    m_path = path;
    m_saved = m_level;
    m_fileText = std::move(out);
    return true;
}

} // namespace stipple
