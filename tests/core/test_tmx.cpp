// Tiled import on hand-made maps: every kind of object with the conventions of levels/README.md
// (classes, old-style types, layer names and defaults, group offsets, rotation, ellipses,
// right-to-left hairlines, colour properties, both scale properties) converted to known
// millimetre values, and broken maps reported at their lines and columns in the .tmx.
#include "io/xml.h"
#include "level/level_reader.h"
#include "level/level_writer.h"
#include "tmx/tmx_import.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace stipple;

namespace {

const std::string kFixtures = std::string(STIPPLE_SOURCE_DIR) + "/tests/fixtures/tmx/";

struct Imported {
    std::optional<Level> level;
    std::string diagnostics;
};

Imported importText(const std::string& tmx) {
    Diagnostics d;
    Imported out;
    if (const auto doc = parseXml(tmx, "m.tmx", d)) out.level = importTmx(*doc, d);
    out.diagnostics = d.formatAll();
    return out;
}

/// A 40 x 30 mm map (10 px tiles, 0.1 mm per pixel) with the required properties, `extra` map
/// properties and `layers` after them.
std::string
mapWith(const std::string& layers, const std::string& extra = "",
        const std::string& mapAttributes = "orientation=\"orthogonal\" width=\"40\" height=\"30\" "
                                           "tilewidth=\"10\" tileheight=\"10\"") {
    return "<map version=\"1.10\" " + mapAttributes +
           ">\n"
           " <properties>\n"
           "  <property name=\"id\" value=\"m\"/>\n"
           "  <property name=\"title\" value=\"M\"/>\n"
           "  <property name=\"skill\" value=\"density\"/>\n"
           "  <property name=\"difficulty\" type=\"int\" value=\"1\"/>\n"
           "  <property name=\"brief\" value=\"Fill it.\"/>\n"
           "  <property name=\"mm-per-pixel\" type=\"float\" value=\"0.1\"/>\n" +
           extra + " </properties>\n" + layers + "</map>\n";
}

const std::string kZoneLayer =
    " <objectgroup id=\"1\" name=\"Zones\">\n"
    "  <object id=\"1\" name=\"z\" x=\"50\" y=\"50\" width=\"300\" height=\"200\"/>\n"
    " </objectgroup>\n";

} // namespace

TEST_CASE("tmx: every kind of object converts to known millimetres", "[tmx]") {
    Diagnostics d;
    const auto level = importTmxFile(kFixtures + "complete.tmx", d);
    INFO(d.formatAll());
    REQUIRE(level);
    CHECK(d.formatAll() ==
          kFixtures + "complete.tmx:14:2: warning: tile layer 'Ground' is ignored: Stipple imports object "
                      "layers (draw zones, scars and lines as objects)\n");
    const Level& l = *level;
    CHECK(l.id == "tmx-complete");
    CHECK(l.title == "Every kind of object");
    CHECK(l.skill == "density");
    CHECK(l.difficulty == 2);
    CHECK(l.brief == "Fill the crown and the nape; stay off the mole.");
    // 40 x 30 tiles of 16 px at 16 px per mm.
    CHECK(l.canvas.widthMm == 40);
    CHECK(l.canvas.heightMm == 30);

    // The group layer is offset by 16 px = 1 mm to the right.
    REQUIRE(l.zones.size() == 2);
    CHECK(l.zones[0].id == "crown");
    CHECK(l.zones[0].outline == Polygon{{1, 1}, {29, 1}, {29, 21}, {1, 21}});
    CHECK(l.zones[0].densityPerCm2 == 60);
    CHECK(l.zones[0].minSpacingMm == 0.9); // the layer's default
    CHECK(l.zones[1].id == "nape");        // Tiled 1.8 "type", a rectangle
    CHECK(l.zones[1].outline == Polygon{{1, 23}, {29, 23}, {29, 28}, {1, 28}});
    CHECK(l.zones[1].densityPerCm2 == 40);
    CHECK(l.zones[1].minSpacingMm == 1.2); // the object's own beats the layer's

    REQUIRE(l.forbidden.size() == 2);
    CHECK(l.forbidden[0].id == "mole");
    const Polygon& mole = l.forbidden[0].outline;
    REQUIRE(mole.size() == 32);
    for (const Vec2 p : mole)
        CHECK(distance(p, {8, 7}) == Approx(1.0).margin(1e-4)); // a 2 mm circle at (8, 7)
    CHECK(mole[0] == Vec2{9, 7});
    CHECK(mole[8] == Vec2{8, 8});
    // 64 x 32 px rotated 90° clockwise about its corner (496, 320) px.
    CHECK(l.forbidden[1].outline == Polygon{{31, 20}, {31, 24}, {29, 24}, {29, 20}});

    REQUIRE(l.scars.size() == 1);
    CHECK(l.scars[0].id == "strip"); // class "Scar": any case
    CHECK(l.scars[0].outline == Polygon{{11, 12}, {21, 12}, {21, 14}, {11, 14}});
    CHECK(l.scars[0].uptake == 0.6);
    CHECK(l.scars[0].tissue == Rgb{0xd9, 0xb5, 0x9a}); // #AARRGGBB without its alpha

    // Drawn right to left in Tiled, stored left to right.
    REQUIRE(l.hairline);
    CHECK(l.hairline->line == Polyline{{1, 3}, {15, 2}, {29, 3}});
    CHECK(l.hairline->zoneId == "crown");
    CHECK(l.hairline->symmetryAxisXMm == 20);

    REQUIRE(l.target.dots.size() == 2);
    CHECK(l.target.dots[0] == TargetDot{{6, 4}, 0.25});
    CHECK(l.target.dots[1] == TargetDot{{26, 18}, 0.2});
    CHECK(l.target.toleranceMm == 0.4);
    CHECK(l.handpiece.tremorMm == 0.0);

    // What the command writes is a valid level that reads back the same.
    Diagnostics back;
    const auto doc = parseXml(writeLevel(l), "written.xml", back);
    REQUIRE(doc);
    const auto again = readLevel(*doc, back);
    CHECK(back.empty());
    REQUIRE(again);
    CHECK(*again == l);
}

TEST_CASE("tmx: a broken map lists every problem at its place in the .tmx", "[tmx]") {
    Diagnostics d;
    CHECK_FALSE(importTmxFile(kFixtures + "broken.tmx", d));
    const std::string f = kFixtures + "broken.tmx:";
    CHECK(
        d.formatAll() ==
        f +
            "2:1: error: the map has no property 'brief': add a string property brief: a few sentences on "
            "what the "
            "level teaches (Map > Map Properties, Custom Properties)\n" +
            f + "7:42: error: <level> attribute 'difficulty' must be between 1 and 5, got 9\n" + f +
            "9:27: error: unknown map property 'author' (expected id, title, skill, difficulty, brief, "
            "instructions, mm-per-pixel or pixels-per-mm, or ELEMENT.ATTRIBUTE for an attribute of canvas, "
            "target, "
            "scoring, mode, handpiece or healing, such as target.generate)\n" +
            f +
            "10:44: error: unknown attribute 'ghosts' on <mode> (expected one of: ghost, undo, live-score, "
            "heatmap, "
            "outlines, time-limit-s, strikes-per-minute)\n" +
            f + "15:51: error: <zone> attribute 'density-per-cm2' must be between 1 and 400, got 900\n" + f +
            "16:47: error: unknown attribute 'min-spacing' on <zone> (expected one of: id, name, points, "
            "density-per-cm2, min-spacing-mm, healed-diameter-min-mm, healed-diameter-max-mm, depth-min-mm, "
            "depth-max-mm)\n" +
            f +
            "17:29: error: property 'points' cannot be set on a zone: the object's shape and position give "
            "it\n" +
            f +
            "19:13: error: <zone> 'crown' outline crosses itself: the edge from point 2 to point 3 crosses "
            "the edge "
            "from point 4 to point 1; list the points in order around the outline\n" +
            f +
            "22:4: error: object 'side' is a polyline, but a zone needs a closed outline: draw it with the "
            "polygon, "
            "rectangle or ellipse tool\n" +
            f +
            "24:3: error: <zone> 'big' point 2 (50,0) lies outside the 40 x 30 mm canvas; keep x within "
            "0..40 and "
            "y within 0..30\n" +
            f +
            "25:18: error: object number 4 is a tile from a tileset: draw it with the polygon, polyline, "
            "rectangle, "
            "ellipse or point tool instead\n" +
            f +
            "26:18: error: object number 5 uses a template, which is not read: detach it (right-click > "
            "Detach) or "
            "export with \"Detach templates\" turned on\n" +
            f + "30:4: error: object 'note' is a text object: text cannot be part of a level\n" + f +
            "32:3: error: object 'loose' has no class and its layer 'Sketch' is not named after a kind: give "
            "the "
            "object (or its layer) the class zone, forbidden, scar, hairline or target\n" +
            f +
            "33:30: error: object 'lump' has the class 'mole', which is not a kind of level object: use "
            "zone, "
            "forbidden, scar, hairline or target\n" +
            f +
            "34:3: error: object number 9 is a rectangle, but the hairline is an open line: draw it with the "
            "polyline tool\n" +
            f + "35:3: error: object 'empty' has no shape: a rectangle needs a width and a height\n" + f +
            "38:26: error: property 'ref' refers to another object: Stipple reads plain string, int, float, "
            "bool, "
            "color and file properties only\n");
}

TEST_CASE("tmx: the map itself — root, scale, size, orientation", "[tmx]") {
    CHECK(importText("<level/>").diagnostics ==
          "m.tmx:1:1: error: expected a Tiled map (a <map> root element, saved as .tmx), got <level>\n");
    CHECK(importText("<map><objectgroup></map>").diagnostics ==
          "m.tmx:1:1: error: XML syntax error: the element opened on this line is not closed by a matching "
          "end tag\n");

    // No scale, or two.
    std::string noScale = mapWith(kZoneLayer);
    noScale.erase(noScale.find("  <property name=\"mm-per-pixel\""), 54);
    CHECK(
        importText(noScale).diagnostics ==
        "m.tmx:1:1: error: the map has no scale: add a float property mm-per-pixel (e.g. 0.1: ten pixels per "
        "millimetre) or pixels-per-mm\n");
    CHECK(
        importText(mapWith(kZoneLayer, "  <property name=\"pixels-per-mm\" type=\"float\" value=\"10\"/>\n"))
            .diagnostics ==
        "m.tmx:9:47: error: the map gives both mm-per-pixel and pixels-per-mm; keep one of them\n");
    std::string zeroScale = mapWith(kZoneLayer);
    zeroScale.replace(zeroScale.find("value=\"0.1\""), 11, "value=\"0\"");
    CHECK(importText(zeroScale).diagnostics ==
          "m.tmx:8:46: error: map property 'mm-per-pixel' must be a positive number, got \"0\"\n");

    // Isometric maps, infinite maps without a canvas size, a map without a size.
    CHECK(importText(mapWith(kZoneLayer, "",
                             "orientation=\"isometric\" width=\"40\" height=\"30\" tilewidth=\"10\" "
                             "tileheight=\"10\""))
              .diagnostics ==
          "m.tmx:1:21: error: the map is isometric: only orthogonal maps can be imported (skin is "
          "flat; set Orientation to Orthogonal)\n");
    const std::string infinite = "orientation=\"orthogonal\" width=\"40\" height=\"30\" tilewidth=\"10\" "
                                 "tileheight=\"10\" infinite=\"1\"";
    CHECK(importText(mapWith(kZoneLayer, "", infinite)).diagnostics ==
          "m.tmx:1:1: error: an infinite map has no size: add the map property canvas.width-mm or turn off "
          "Infinite "
          "in the map properties\n"
          "m.tmx:1:1: error: an infinite map has no size: add the map property canvas.height-mm or turn off "
          "Infinite "
          "in the map properties\n");
    const auto sized =
        importText(mapWith(kZoneLayer,
                           "  <property name=\"canvas.width-mm\" type=\"float\" value=\"50\"/>\n"
                           "  <property name=\"canvas.height-mm\" type=\"float\" value=\"25.5\"/>\n",
                           infinite));
    INFO(sized.diagnostics);
    REQUIRE(sized.level);
    CHECK(sized.level->canvas.widthMm == 50);
    CHECK(sized.level->canvas.heightMm == 25.5);
    CHECK(importText(mapWith(kZoneLayer, "",
                             "orientation=\"orthogonal\" width=\"x\" height=\"0\" tilewidth=\"10\" "
                             "tileheight=\"10\""))
              .diagnostics ==
          "m.tmx:1:1: error: the map has no height and tileheight: they give the canvas size (or "
          "add the map property canvas.height-mm)\n"
          "m.tmx:1:46: error: <map> attribute 'width' must be a number, got \"x\"\n");
}

TEST_CASE("tmx: properties — map texts, dotted element attributes, duplicates, class properties", "[tmx]") {
    const auto r = importText(
        mapWith(kZoneLayer, "  <property name=\"instructions\">- First.\n- Second.</property>\n"
                            "  <property name=\"target.generate\" type=\"bool\" value=\"true\"/>\n"
                            "  <property name=\"target.seed\" type=\"int\" value=\"77\"/>\n"
                            "  <property name=\"scoring.pass-mark\" type=\"float\" value=\"80\"/>\n"
                            "  <property name=\"canvas.skin\" value=\"V\"/>\n"
                            "  <property name=\"healing.settle-days\" type=\"float\" value=\"12\"/>\n"));
    INFO(r.diagnostics);
    REQUIRE(r.level);
    CHECK(r.level->instructions == "- First.\n- Second.");
    CHECK(r.level->target.generate);
    CHECK(r.level->target.seed == 77);
    CHECK(r.level->scoring.passMark == 80);
    CHECK(r.level->canvas.skin.fitzpatrick == 5);
    CHECK(r.level->healing.settleDays == 12);
    REQUIRE(r.level->zones.size() == 1);
    CHECK(r.level->zones[0].outline == Polygon{{5, 5}, {35, 5}, {35, 25}, {5, 25}});

    CHECK(
        importText(mapWith(kZoneLayer, "  <property name=\"title\" value=\"Again\"/>\n"
                                       "  <property name=\"shape\" type=\"class\" propertytype=\"Outline\">\n"
                                       "   <properties><property name=\"w\" value=\"1\"/></properties>\n"
                                       "  </property>\n"
                                       "  <property value=\"nameless\"/>\n"))
            .diagnostics ==
        "m.tmx:9:13: error: property 'title' is given twice (first at line 4): keep one of them\n"
        "m.tmx:10:26: error: property 'shape' is a class property: Stipple reads plain "
        "string, int, float, bool, "
        "color and file properties only\n"
        "m.tmx:13:3: error: <property> has no name: give it one in Tiled, or remove it\n");
}

TEST_CASE("tmx: objects — numbers, points, ids, reserved properties, two hairlines", "[tmx]") {
    const auto r = importText(
        mapWith(" <objectgroup name=\"zones\">\n"
                "  <object id=\"1\" x=\"1O\" y=\"0\" width=\"100\" height=\"100\"/>\n"
                "  <object id=\"2\" x=\"0\" y=\"0\"><polygon points=\"0,0 10;0 10,10\"/></object>\n"
                "  <object id=\"3\" name=\"crown patch\" x=\"0\" y=\"0\" width=\"50\" height=\"50\"/>\n"
                "  <object id=\"4\" x=\"0\" y=\"0\" width=\"50\" height=\"50\">\n"
                "   <properties><property name=\"id\" value=\"z\"/></properties>\n"
                "  </object>\n"
                " </objectgroup>\n"
                " <objectgroup name=\"hairlines\">\n"
                "  <object id=\"5\" x=\"0\" y=\"0\"><polyline points=\"0,10 100,10\"/></object>\n"
                "  <object id=\"6\" x=\"0\" y=\"0\"><polyline points=\"0,20 100,20\"/></object>\n"
                " </objectgroup>\n"));
    CHECK_FALSE(r.level);
    CHECK(r.diagnostics ==
          "m.tmx:11:18: error: <object> attribute 'x' must be a number, got \"1O\"\n"
          "m.tmx:12:39: error: <polygon> point 2 must be written x,y in pixels, got \"10;0\"\n"
          "m.tmx:13:18: error: <zone> attribute 'id' must start with a letter or digit and contain only "
          "letters, "
          "digits, '-' and '_' (at most 64), got \"crown patch\"\n"
          "m.tmx:15:36: error: property 'id' cannot be set on a zone: the object's name is its id\n"
          "m.tmx:19:3: error: <hairline> is missing required attribute 'zone'\n"
          "m.tmx:20:3: error: only one <hairline> is allowed in <level> (the first is at line 19)\n");

    // A shape Tiled would never write: the message says how to get a good one.
    CHECK(
        importText(mapWith(" <objectgroup name=\"zones\">\n"
                           "  <object id=\"1\" name=\"a\" x=\"0\" y=\"0\"><polygon/></object>\n"
                           "  <object id=\"2\" name=\"b\" x=\"0\" y=\"0\"><ellipse/></object>\n"
                           "  <object id=\"3\" name=\"c\" x=\"50\" y=\"50\" width=\"300\" height=\"200\"/>\n"
                           " </objectgroup>\n"))
            .diagnostics ==
        "m.tmx:11:39: error: <polygon> has no points: draw the shape again in Tiled (it writes them as "
        "points=\"x,y x,y ...\" in pixels)\n"
        "m.tmx:12:3: error: object 'b' is an ellipse without a width and a height: drag it to a size in "
        "Tiled\n");
}

TEST_CASE("tmx: unnamed shapes get ids from their Tiled object ids, millimetres are rounded", "[tmx]") {
    // 0.3 mm per pixel: 7 px is 2.1 mm, not 2.0999999999999996.
    std::string tmx = mapWith(" <objectgroup name=\"forbidden\">\n"
                              "  <object id=\"12\" x=\"7\" y=\"7\" width=\"7\" height=\"7\"/>\n"
                              " </objectgroup>\n"
                              " <objectgroup name=\"Scars\">\n"
                              "  <object id=\"13\" x=\"20\" y=\"20\" width=\"10\" height=\"10\"/>\n"
                              " </objectgroup>\n" +
                              kZoneLayer);
    tmx.replace(tmx.find("value=\"0.1\""), 11, "value=\"0.3\"");
    const auto r = importText(tmx);
    INFO(r.diagnostics);
    REQUIRE(r.level);
    REQUIRE(r.level->forbidden.size() == 1);
    CHECK(r.level->forbidden[0].id == "forbidden-12");
    CHECK(r.level->forbidden[0].outline == Polygon{{2.1, 2.1}, {4.2, 2.1}, {4.2, 4.2}, {2.1, 4.2}});
    REQUIRE(r.level->scars.size() == 1);
    CHECK(r.level->scars[0].id == "scar-13");
    CHECK(r.level->canvas.widthMm == 120); // 400 px at 0.3 mm
}

TEST_CASE("tmx: points on a layer named Targets are target dots, with the layer's default diameter",
          "[tmx]") {
    Diagnostics d;
    const auto level = importTmxFile(std::string(STIPPLE_SOURCE_DIR) + "/levels/tiled/dot-drill.tmx", d);
    INFO(d.formatAll());
    REQUIRE(level);
    CHECK(d.empty());
    CHECK(level->canvas.widthMm == 20);
    CHECK(level->canvas.heightMm == 16);
    REQUIRE(level->target.dots.size() == 12);
    CHECK(level->target.dots[0] == TargetDot{{3, 2.5}, 0.2});    // (24, 20) px at 8 px/mm
    CHECK(level->target.dots[11] == TargetDot{{17, 12.5}, 0.3}); // its own diameter beats the layer's
    CHECK(level->zones.empty());
    CHECK_FALSE(level->mode.heatmap);
}

TEST_CASE("tmx: the shipped Tiled examples import into valid levels", "[tmx]") {
    int maps = 0;
    for (const auto& e : std::filesystem::directory_iterator(STIPPLE_SOURCE_DIR "/levels/tiled")) {
        if (e.path().extension() != ".tmx") continue;
        ++maps;
        Diagnostics d;
        const auto level = importTmxFile(e.path().string(), d);
        INFO(e.path().string() << "\n" << d.formatAll());
        REQUIRE(level);
        CHECK_FALSE(d.hasErrors());
        CHECK((!level->zones.empty() || !level->target.dots.empty()));
    }
    CHECK(maps >= 2);
}

TEST_CASE("tmx: a damaged map never crashes: a level, or errors that point into the file", "[tmx]") {
    std::string text;
    std::ifstream in(kFixtures + "complete.tmx", std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    REQUIRE(text.size() > 1000);
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    size_t levels = 0, refused = 0;
    const auto check = [&](const std::string& damaged) {
        Diagnostics d;
        std::optional<Level> level;
        if (const auto doc = parseXml(damaged, "d.tmx", d)) level = importTmx(*doc, d);
        if (level) {
            ++levels;
            CHECK_FALSE(d.hasErrors());
        } else {
            ++refused;
            REQUIRE(d.hasErrors());
        }
        for (const auto& diag : d.items()) {
            CHECK(diag.line >= 1);
            CHECK(diag.line <= lines);
        }
    };
    for (size_t cut = 0; cut < text.size(); cut += 7)
        check(text.substr(0, cut));
    for (size_t at = 0; at < text.size(); at += 3)
        for (const char c : {'"', '<', '-', '9', ' '}) {
            std::string damaged = text;
            damaged[at] = c;
            check(damaged);
        }
    // Most damage is refused, and some leaves a perfectly good map (a changed digit, a space).
    CHECK(refused > 1000);
    CHECK(levels > 100);
}

TEST_CASE("tmx: layers and objects hidden in Tiled (visible=\"0\") are left out, without a warning",
          "[tmx]") {
    const auto shown = importText(mapWith(kZoneLayer));
    REQUIRE(shown.level);
    REQUIRE(shown.level->zones.size() == 1);
    const auto hidden = importText(mapWith(
        kZoneLayer +
        " <objectgroup id=\"2\" name=\"Zones\" visible=\"0\">\n"
        "  <object id=\"2\" name=\"draft\" x=\"60\" y=\"60\" width=\"100\" height=\"100\"/>\n"
        " </objectgroup>\n"
        " <group id=\"3\" name=\"old ideas\" visible=\"0\">\n"
        "  <objectgroup id=\"4\" name=\"Zones\">\n"
        "   <object id=\"3\" name=\"older\" x=\"60\" y=\"60\" width=\"100\" height=\"100\"/>\n"
        "  </objectgroup>\n"
        " </group>\n"
        " <objectgroup id=\"5\" name=\"Zones\">\n"
        "  <object id=\"4\" name=\"off\" x=\"70\" y=\"70\" width=\"10\" height=\"10\" visible=\"0\"/>\n"
        "  <object id=\"5\" name=\"on\" x=\"70\" y=\"10\" width=\"10\" height=\"10\" visible=\"1\"/>\n"
        " </objectgroup>\n"
        " <layer id=\"6\" name=\"Ground\" width=\"40\" height=\"30\" visible=\"0\"/>\n"
        " <imagelayer id=\"7\" name=\"Photo\" visible=\"0\"/>\n"));
    INFO(hidden.diagnostics);
    REQUIRE(hidden.level);
    CHECK(hidden.diagnostics.empty()); // the hidden tile and image layers are not even mentioned
    REQUIRE(hidden.level->zones.size() == 2);
    CHECK(hidden.level->zones[0].id == shown.level->zones[0].id);
    CHECK(hidden.level->zones[1].id == "on");
}
