// The TMX importer: walks the map's layers and objects, turns each into the level element it
// stands for — positioned at its place in the .tmx — and hands the tree to the level reader,
// which does all the checking of values and geometry. What the reader cannot see (a tile
// object, a template, a polyline drawn as a zone, a missing scale) is reported here.
#include "tmx/tmx_import.h"

#include "io/element_reader.h"
#include "io/numbers.h"
#include "level/level_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

namespace stipple {

namespace {

constexpr double kPi = 3.14159265358979323846;
/// Ellipses become polygons of this many points (a 5 mm mole: edges of 0.5 mm).
constexpr int kEllipsePoints = 32;
/// Millimetres are written to 0.1 µm: pixel × scale often lands a hair off a round number.
constexpr double kRoundMm = 1e4;

enum class Kind { Zone, Forbidden, Scar, Hairline, Target };

const char* kKindWords = "zone, forbidden, scar, hairline or target";

const char* kindName(Kind k) {
    switch (k) {
    case Kind::Zone:
        return "zone";
    case Kind::Forbidden:
        return "forbidden";
    case Kind::Scar:
        return "scar";
    case Kind::Hairline:
        return "hairline";
    case Kind::Target:
        return "target";
    }
    return "zone";
}

std::string lower(std::string_view s) {
    std::string out(trim(s));
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// A kind named by an object's class, or by a layer's class or name: singular or plural, any case.
std::optional<Kind> kindFromWord(std::string_view word) {
    std::string w = lower(word);
    if (w.size() > 1 && w.back() == 's') w.pop_back();
    if (w == "zone") return Kind::Zone;
    if (w == "forbidden" || w == "forbidden-area" || w == "forbidden area") return Kind::Forbidden;
    if (w == "scar") return Kind::Scar;
    if (w == "hairline") return Kind::Hairline;
    if (w == "target" || w == "target-dot" || w == "target dot") return Kind::Target;
    return std::nullopt;
}

/// Elements whose attributes map properties may set as ELEMENT.ATTRIBUTE, in file order.
constexpr std::string_view kDottedElements[] = {"canvas", "target",    "scoring",
                                                "mode",   "handpiece", "healing"};

struct Property {
    std::string name;
    std::string value;
    int line = 1;
    int column = 1;
};

enum class ShapeType { Polygon, Polyline, Point, Ellipse, Rectangle };

const char* shapeWord(ShapeType s) {
    switch (s) {
    case ShapeType::Polygon:
        return "a polygon";
    case ShapeType::Polyline:
        return "a polyline";
    case ShapeType::Point:
        return "a point";
    case ShapeType::Ellipse:
        return "an ellipse";
    case ShapeType::Rectangle:
        return "a rectangle";
    }
    return "a shape";
}

class Importer : DocumentReader {
  public:
    Importer(const XmlDocument& map, Diagnostics& diags) : DocumentReader(map, diags) {}

    std::optional<Level> run() {
        convert();
        std::optional<Level> level;
        if (m_built) {
            Diagnostics reader;
            XmlDocument doc{m_path, std::move(m_level)};
            level = readLevel(doc, reader);
            for (const auto& d : reader.items()) {
                // A canvas size this importer could not work out is reported here, in map terms.
                if (m_canvasReported && d.message.rfind("<canvas> is missing required attribute", 0) == 0)
                    continue;
                m_diags.add(d);
            }
        }
        // The importer's and the level reader's diagnostics together, in the order of the map file.
        if (!finish()) return std::nullopt;
        return level;
    }

  private:
    using DocumentReader::errorAt;
    /// A property's problem, at its value (or its element, for a multi-line text).
    void errorAt(const Property& p, const std::string& message) {
        m_diags.error(m_path, p.line, p.column, message);
    }

    static XmlAttribute attr(std::string name, std::string value, int line, int column) {
        return {std::move(name), std::move(value), line, column};
    }
    static XmlAttribute attrAt(std::string name, std::string value, const XmlElement& e,
                               std::string_view source) {
        if (const XmlAttribute* a = e.attribute(source))
            return attr(std::move(name), std::move(value), a->line, a->column);
        return attr(std::move(name), std::move(value), e.line, e.column);
    }
    static XmlElement element(std::string name, int line, int column) {
        XmlElement e;
        e.name = std::move(name);
        e.line = line;
        e.column = column;
        return e;
    }

    std::string mm(double px) const {
        const double v = std::round(px * m_scale * kRoundMm) / kRoundMm;
        return formatNumber(v == 0.0 ? 0.0 : v);
    }

    /// A number attribute of a map element: absent → fallback; malformed → reported, nullopt.
    std::optional<double> number(const XmlElement& e, std::string_view name, double fallback) {
        constexpr double kAny = std::numeric_limits<double>::max();
        return ElementReader(e, m_path, m_diags).optionalNumber(name, fallback, -kAny, kAny);
    }

    /// The custom properties of a map, layer or object (its <properties> child).
    std::vector<Property> properties(const XmlElement& owner) {
        std::vector<Property> out;
        for (const XmlElement& block : owner.children) {
            if (block.name != "properties") continue;
            for (const XmlElement& p : block.children) {
                if (p.name != "property") continue;
                const XmlAttribute* name = p.attribute("name");
                if (!name || trim(name->value).empty()) {
                    error(p, "<property> has no name: give it one in Tiled, or remove it");
                    continue;
                }
                const XmlAttribute* type = p.attribute("type");
                const std::string t = type ? type->value : "string";
                if (t == "class" || !p.children.empty()) {
                    errorAt(type ? *type : *name,
                            "property '" + name->value +
                                "' is a class property: Stipple reads plain string, int, float, "
                                "bool, color and file properties only");
                    continue;
                }
                if (t == "object") {
                    errorAt(*type,
                            "property '" + name->value +
                                "' refers to another object: Stipple reads plain string, int, float, bool, "
                                "color and file properties only");
                    continue;
                }
                Property prop;
                prop.name = std::string(trim(name->value));
                if (const XmlAttribute* v = p.attribute("value")) {
                    prop.value = v->value;
                    prop.line = v->line;
                    prop.column = v->column;
                } else {
                    prop.value = p.text; // multi-line strings are stored as the element's text
                    prop.line = p.line;
                    prop.column = p.column;
                }
                // Tiled writes colours #AARRGGBB; the level format wants #rrggbb.
                if (t == "color" && prop.value.size() == 9 && prop.value[0] == '#')
                    prop.value = "#" + prop.value.substr(3);
                const auto dup = std::find_if(out.begin(), out.end(),
                                              [&](const Property& q) { return q.name == prop.name; });
                if (dup != out.end()) {
                    errorAt(*name, "property '" + prop.name + "' is given twice (first at line " +
                                       std::to_string(dup->line) + "): keep one of them");
                    continue;
                }
                out.push_back(std::move(prop));
            }
        }
        return out;
    }

    void convert() {
        const XmlElement& map = m_doc.root;
        if (map.name != "map") {
            error(map, "expected a Tiled map (a <map> root element, saved as .tmx), got <" + map.name + ">");
            return;
        }
        if (const XmlAttribute* o = map.attribute("orientation"); o && o->value != "orthogonal")
            errorAt(
                *o,
                "the map is " + o->value +
                    ": only orthogonal maps can be imported (skin is flat; set Orientation to Orthogonal)");

        m_level = element("level", map.line, map.column);
        m_level.attributes.push_back(attr("format", "1", map.line, map.column));

        std::map<std::string, Property> plain;
        std::vector<std::pair<std::string, Property>> dotted; // element name, property (attribute name)
        for (Property& p : properties(map)) {
            const size_t dot = p.name.find('.');
            if (dot != std::string::npos) {
                const std::string elementName = p.name.substr(0, dot);
                if (std::find(std::begin(kDottedElements), std::end(kDottedElements), elementName) !=
                    std::end(kDottedElements)) {
                    Property a = p;
                    a.name = p.name.substr(dot + 1);
                    dotted.emplace_back(elementName, std::move(a));
                    continue;
                }
            }
            static constexpr std::string_view kPlain[] = {"id",           "title",        "skill",
                                                          "difficulty",   "brief",        "instructions",
                                                          "mm-per-pixel", "pixels-per-mm"};
            if (std::find(std::begin(kPlain), std::end(kPlain), p.name) != std::end(kPlain)) {
                plain[p.name] = p;
                continue;
            }
            errorAt(p, "unknown map property '" + p.name +
                           "' (expected id, title, skill, difficulty, brief, instructions, mm-per-pixel or "
                           "pixels-per-mm, or ELEMENT.ATTRIBUTE for an attribute of canvas, target, scoring, "
                           "mode, handpiece or healing, such as target.generate)");
        }

        readScale(map, plain);
        for (const char* name : {"id", "title", "skill", "difficulty"}) {
            if (const auto it = plain.find(name); it != plain.end()) {
                m_level.attributes.push_back(
                    attr(name, it->second.value, it->second.line, it->second.column));
            } else {
                missing(map, name);
                // A stand-in so the reader does not report the same gap again; the import fails anyway.
                m_level.attributes.push_back(attr(name,
                                                  std::string(name) == "difficulty" ? "1"
                                                  : std::string(name) == "skill"    ? "density"
                                                                                    : "missing",
                                                  map.line, map.column));
            }
        }
        XmlElement brief = element("brief", map.line, map.column);
        if (const auto it = plain.find("brief"); it != plain.end()) {
            brief = element("brief", it->second.line, it->second.column);
            brief.text = it->second.value;
        } else {
            missing(map, "brief");
            brief.text = "missing";
        }
        m_level.children.push_back(std::move(brief));
        if (const auto it = plain.find("instructions"); it != plain.end()) {
            XmlElement e = element("instructions", it->second.line, it->second.column);
            e.text = it->second.value;
            m_level.children.push_back(std::move(e));
        }

        // Dotted properties become attributes of their element, which sits at the first of them.
        std::map<std::string, XmlElement> once;
        for (auto& [name, p] : dotted) {
            auto it = once.find(name);
            if (it == once.end()) it = once.emplace(name, element(name, p.line, p.column)).first;
            it->second.attributes.push_back(attr(p.name, p.value, p.line, p.column));
        }
        XmlElement canvas = once.count("canvas") ? once["canvas"] : element("canvas", map.line, map.column);
        canvasSize(map, canvas);
        m_canvasReported = !canvas.attribute("width-mm") || !canvas.attribute("height-mm");
        m_level.children.push_back(std::move(canvas));

        walkLayers(map, std::nullopt, {0.0, 0.0});

        for (auto* list : {&m_zones, &m_forbidden, &m_scars, &m_hairlines})
            for (auto& e : *list)
                m_level.children.push_back(std::move(e));
        if (!m_dots.empty() || once.count("target")) {
            XmlElement target =
                once.count("target") ? once["target"] : element("target", m_dots[0].line, m_dots[0].column);
            for (auto& d : m_dots)
                target.children.push_back(std::move(d));
            m_level.children.push_back(std::move(target));
        }
        for (const std::string_view name : {"scoring", "mode", "handpiece", "healing"})
            if (const auto it = once.find(std::string(name)); it != once.end())
                m_level.children.push_back(it->second);
        m_built = true;
    }

    void missing(const XmlElement& map, const std::string& name) {
        static const std::map<std::string, std::string> kHints = {
            {"id", "a string property id: the level's unique name, e.g. crown-patch"},
            {"title", "a string property title: the name shown in the level list"},
            {"skill", "a string property skill: placement, spacing, density, depth, hairline, layering, "
                      "scar, speed or exam"},
            {"difficulty", "an int property difficulty from 1 (first dots) to 5 (exam)"},
            {"brief", "a string property brief: a few sentences on what the level teaches"},
        };
        error(map, "the map has no property '" + name + "': add " + kHints.at(name) +
                       " (Map > Map Properties, Custom Properties)");
    }

    void readScale(const XmlElement& map, const std::map<std::string, Property>& plain) {
        const auto perPixel = plain.find("mm-per-pixel");
        const auto perMm = plain.find("pixels-per-mm");
        if (perPixel == plain.end() && perMm == plain.end()) {
            error(map, "the map has no scale: add a float property mm-per-pixel (e.g. 0.1: ten pixels per "
                       "millimetre) or pixels-per-mm");
            return;
        }
        if (perPixel != plain.end() && perMm != plain.end()) {
            errorAt(perMm->second, "the map gives both mm-per-pixel and pixels-per-mm; keep one of them");
            return;
        }
        const Property& p = perPixel != plain.end() ? perPixel->second : perMm->second;
        const auto v = parseNumber(trim(p.value));
        if (!v || *v <= 0.0 || *v > 1e6) {
            errorAt(p,
                    "map property '" + p.name + "' must be a positive number, got " + quotedValue(p.value));
            return;
        }
        m_scale = perPixel != plain.end() ? *v : 1.0 / *v;
    }

    void canvasSize(const XmlElement& map, XmlElement& canvas) {
        const bool infinite = map.attribute("infinite") && map.attribute("infinite")->value == "1";
        for (const auto& [side, tiles, tile] : {std::tuple{"width-mm", "width", "tilewidth"},
                                                std::tuple{"height-mm", "height", "tileheight"}}) {
            if (canvas.attribute(side)) continue;
            if (infinite) {
                error(map, std::string("an infinite map has no size: add the map property canvas.") + side +
                               " or turn off Infinite in the map properties");
                continue;
            }
            const auto count = number(map, tiles, -1.0);
            const auto size = number(map, tile, -1.0);
            if (!count || !size) continue;
            if (*count <= 0.0 || *size <= 0.0) {
                error(map, std::string("the map has no ") + tiles + " and " + tile +
                               ": they give the canvas size (or add the map property canvas." + side + ")");
                continue;
            }
            canvas.attributes.push_back(attrAt(side, mm(*count * *size), map, tiles));
        }
    }

    void walkLayers(const XmlElement& parent, std::optional<Kind> inherited, Vec2 offset) {
        for (const XmlElement& layer : parent.children) {
            const std::string& n = layer.name;
            // A layer hidden in Tiled (the eye icon off) is left out, as Tiled's own exports do:
            // authors keep reference and draft layers that way.
            if (hidden(layer)) continue;
            if (n == "objectgroup" || n == "group") {
                const auto ox = number(layer, "offsetx", 0.0);
                const auto oy = number(layer, "offsety", 0.0);
                const Vec2 here = offset + Vec2{ox.value_or(0.0), oy.value_or(0.0)};
                std::optional<Kind> kind = inherited;
                const XmlAttribute* cls = layer.attribute("class");
                if (cls && !trim(cls->value).empty()) {
                    if (const auto k = kindFromWord(cls->value))
                        kind = k;
                    else
                        errorAt(*cls, "layer class '" + cls->value + "' is not a kind of level object: use " +
                                          kKindWords);
                } else if (const XmlAttribute* name = layer.attribute("name")) {
                    if (const auto k = kindFromWord(name->value)) kind = k;
                }
                if (n == "group") {
                    walkLayers(layer, kind, here);
                    continue;
                }
                const std::vector<Property> defaults = properties(layer);
                for (const XmlElement& obj : layer.children) {
                    if (obj.name == "object" && hidden(obj)) continue; // an object hidden in Tiled
                    if (obj.name == "object")
                        readObject(obj, layer, kind, here, defaults);
                    else if (obj.name != "properties")
                        warning(obj, "<" + obj.name + "> inside an object layer is not read");
                }
            } else if (n == "layer") {
                warning(layer,
                        "tile layer " + layerLabel(layer) +
                            " is ignored: Stipple imports object layers (draw zones, scars and lines as "
                            "objects)");
            } else if (n == "imagelayer") {
                warning(layer,
                        "image layer " + layerLabel(layer) +
                            " is ignored: a reference picture is not part of the level (a skin texture is "
                            "the map property canvas.texture)");
            } else if (n != "properties" && n != "tileset" && n != "editorsettings") {
                warning(layer, "<" + n + "> is not read");
            }
        }
    }

    /// True for a layer or object with visible="0" (Tiled writes the attribute only when hidden).
    static bool hidden(const XmlElement& e) {
        const XmlAttribute* v = e.attribute("visible");
        return v && trim(v->value) == "0";
    }

    static std::string layerLabel(const XmlElement& layer) {
        const XmlAttribute* name = layer.attribute("name");
        return name ? "'" + name->value + "'" : "(unnamed)";
    }

    /// Points of a polygon/polyline `points` attribute, in pixels relative to the object.
    std::optional<std::vector<Vec2>> pixelPoints(const XmlElement& shape) {
        const XmlAttribute* a = shape.attribute("points");
        if (!a) {
            error(shape, "<" + shape.name +
                             "> has no points: draw the shape again in Tiled (it writes them as "
                             "points=\"x,y x,y ...\" in pixels)");
            return std::nullopt;
        }
        BadPoint bad;
        auto out = parsePointList(a->value, bad);
        if (!out)
            errorAt(*a, "<" + shape.name + "> point " + std::to_string(bad.index) +
                            " must be written x,y in pixels, got " + quotedValue(bad.text));
        return out;
    }

    void readObject(const XmlElement& obj, const XmlElement& layer, std::optional<Kind> layerKind,
                    Vec2 offset, const std::vector<Property>& layerDefaults) {
        const XmlAttribute* tiledId = obj.attribute("id");
        const XmlAttribute* nameAttr = obj.attribute("name");
        const std::string name = nameAttr ? std::string(trim(nameAttr->value)) : std::string();
        const std::string label = !name.empty() ? "'" + name + "'"
                                  : tiledId     ? "number " + tiledId->value
                                                : "(no id)";

        if (const XmlAttribute* gid = obj.attribute("gid")) {
            errorAt(
                *gid,
                "object " + label +
                    " is a tile from a tileset: draw it with the polygon, polyline, rectangle, ellipse or "
                    "point tool instead");
            return;
        }
        if (const XmlAttribute* tpl = obj.attribute("template")) {
            errorAt(*tpl,
                    "object " + label +
                        " uses a template, which is not read: detach it (right-click > Detach) or export "
                        "with \"Detach templates\" turned on");
            return;
        }

        for (const XmlElement& c : obj.children)
            if (c.name == "text") {
                error(c, "object " + label + " is a text object: text cannot be part of a level");
                return;
            }

        std::optional<Kind> kind = layerKind;
        const XmlAttribute* cls = obj.attribute("class");
        if (!cls || trim(cls->value).empty()) cls = obj.attribute("type"); // Tiled before 1.9
        if (cls && !trim(cls->value).empty()) {
            kind = kindFromWord(cls->value);
            if (!kind) {
                errorAt(*cls, "object " + label + " has the class '" + cls->value +
                                  "', which is not a kind of level object: use " + kKindWords);
                return;
            }
        }
        if (!kind) {
            error(obj, "object " + label + " has no class and its layer " + layerLabel(layer) +
                           " is not named after a kind: give the object (or its layer) the class " +
                           kKindWords);
            return;
        }

        const auto x = number(obj, "x", 0.0), y = number(obj, "y", 0.0);
        const auto w = number(obj, "width", 0.0), h = number(obj, "height", 0.0);
        const auto rotation = number(obj, "rotation", 0.0);
        if (!x || !y || !w || !h || !rotation) return;

        // The shape: a child element, or a rectangle when there is none.
        const XmlElement* shapeElement = nullptr;
        std::optional<ShapeType> shape;
        for (const XmlElement& c : obj.children) {
            std::optional<ShapeType> s;
            if (c.name == "polygon")
                s = ShapeType::Polygon;
            else if (c.name == "polyline")
                s = ShapeType::Polyline;
            else if (c.name == "point")
                s = ShapeType::Point;
            else if (c.name == "ellipse")
                s = ShapeType::Ellipse;
            else if (c.name != "properties") {
                warning(c, "<" + c.name + "> inside <object> is not read");
            }
            if (s && !shape) {
                shape = s;
                shapeElement = &c;
            }
        }
        if (!shape) {
            if (*w > 0.0 && *h > 0.0)
                shape = ShapeType::Rectangle;
            else {
                error(obj, "object " + label + " has no shape: a rectangle needs a width and a height");
                return;
            }
        }

        std::vector<Vec2> local;
        switch (*shape) {
        case ShapeType::Polygon:
        case ShapeType::Polyline: {
            auto pts = pixelPoints(*shapeElement);
            if (!pts) return;
            local = std::move(*pts);
            break;
        }
        case ShapeType::Point:
            local = {{0.0, 0.0}};
            break;
        case ShapeType::Rectangle:
            local = {{0.0, 0.0}, {*w, 0.0}, {*w, *h}, {0.0, *h}};
            break;
        case ShapeType::Ellipse:
            if (!(*w > 0.0 && *h > 0.0)) {
                error(obj, "object " + label +
                               " is an ellipse without a width and a height: drag it to a size in "
                               "Tiled");
                return;
            }
            for (int i = 0; i < kEllipsePoints; ++i) {
                const double a = 2.0 * kPi * i / kEllipsePoints;
                local.push_back({*w / 2.0 * (1.0 + std::cos(a)), *h / 2.0 * (1.0 + std::sin(a))});
            }
            break;
        }
        // Tiled rotates clockwise (on screen, y down) about the object's position.
        const double r = *rotation * kPi / 180.0, c = std::cos(r), s = std::sin(r);
        std::vector<Vec2> px;
        for (const Vec2 p : local)
            px.push_back(offset + Vec2{*x, *y} + Vec2{p.x * c - p.y * s, p.x * s + p.y * c});

        const bool closed =
            *shape == ShapeType::Polygon || *shape == ShapeType::Rectangle || *shape == ShapeType::Ellipse;
        const std::string kindWord = kindName(*kind);
        const XmlAttribute* pointsAttr = shapeElement ? shapeElement->attribute("points") : nullptr;
        const int pLine = pointsAttr ? pointsAttr->line : obj.line,
                  pCol = pointsAttr ? pointsAttr->column : obj.column;

        XmlElement e;
        std::vector<std::string> reserved;
        switch (*kind) {
        case Kind::Zone:
        case Kind::Forbidden:
        case Kind::Scar: {
            if (!closed) {
                error(shapeElement ? *shapeElement : obj,
                      "object " + label + " is " + shapeWord(*shape) + ", but a " + kindWord +
                          " needs a closed outline: draw it with the polygon, rectangle or ellipse tool");
                return;
            }
            e = element(kindWord, obj.line, obj.column);
            const std::string id = !name.empty() ? name : kindWord + "-" + (tiledId ? tiledId->value : "0");
            e.attributes.push_back(attrAt("id", id, obj, nameAttr ? "name" : "id"));
            e.attributes.push_back(attr("points", pointList(px), pLine, pCol));
            reserved = {"id", "points"};
            break;
        }
        case Kind::Hairline: {
            if (*shape != ShapeType::Polyline) {
                error(shapeElement ? *shapeElement : obj,
                      "object " + label + " is " + shapeWord(*shape) +
                          ", but the hairline is an open line: draw it with the polyline tool");
                return;
            }
            // Drawn either way in Tiled; the level format wants it left to right.
            if (px.size() >= 2 && px.front().x > px.back().x) std::reverse(px.begin(), px.end());
            e = element("hairline", obj.line, obj.column);
            e.attributes.push_back(attr("points", pointList(px), pLine, pCol));
            reserved = {"points"};
            break;
        }
        case Kind::Target: {
            if (*shape != ShapeType::Point) {
                error(shapeElement ? *shapeElement : obj,
                      "object " + label + " is " + shapeWord(*shape) +
                          ", but a target dot is a point: place it with the point tool");
                return;
            }
            e = element("dot", obj.line, obj.column);
            e.attributes.push_back(attrAt("x-mm", mm(px[0].x), obj, "x"));
            e.attributes.push_back(attrAt("y-mm", mm(px[0].y), obj, "y"));
            reserved = {"x-mm", "y-mm"};
            break;
        }
        }

        // Layer properties are defaults for its objects; the object's own win.
        std::vector<Property> props = properties(obj);
        for (const Property& d : layerDefaults)
            if (std::none_of(props.begin(), props.end(), [&](const Property& p) { return p.name == d.name; }))
                props.push_back(d);
        for (const Property& p : props) {
            if (std::find(reserved.begin(), reserved.end(), p.name) != reserved.end()) {
                errorAt(p, "property '" + p.name + "' cannot be set on a " + kindWord + ": " +
                               (p.name == "id" ? "the object's name is its id"
                                               : "the object's shape and position give it"));
                continue;
            }
            e.attributes.push_back(attr(p.name, p.value, p.line, p.column));
        }

        switch (*kind) {
        case Kind::Zone:
            m_zones.push_back(std::move(e));
            break;
        case Kind::Forbidden:
            m_forbidden.push_back(std::move(e));
            break;
        case Kind::Scar:
            m_scars.push_back(std::move(e));
            break;
        case Kind::Hairline:
            m_hairlines.push_back(std::move(e));
            break;
        case Kind::Target:
            m_dots.push_back(std::move(e));
            break;
        }
    }

    std::string pointList(const std::vector<Vec2>& px) const {
        std::string out;
        for (const Vec2 p : px) {
            if (!out.empty()) out += ' ';
            out += mm(p.x) + "," + mm(p.y);
        }
        return out;
    }

    double m_scale = 1.0;
    bool m_built = false;
    bool m_canvasReported = false; ///< the importer already said why the canvas has no size
    XmlElement m_level;
    std::vector<XmlElement> m_zones, m_forbidden, m_scars, m_hairlines, m_dots;
};

} // namespace

std::optional<Level> importTmx(const XmlDocument& map, Diagnostics& diags) {
    return Importer(map, diags).run();
}

std::optional<Level> importTmxFile(const std::string& path, Diagnostics& diags) {
    const auto doc = loadXmlFile(path, diags);
    if (!doc) return std::nullopt;
    return importTmx(*doc, diags);
}

} // namespace stipple
