#include "io/element_reader.h"
#include "io/numbers.h"
#include "io/xml.h"

#include <catch2/catch.hpp>

using namespace stipple;

TEST_CASE("numbers: the whole string, finite, no units, no hex, no locale", "[io]") {
    CHECK(parseNumber("1.5") == 1.5);
    CHECK(parseNumber("-2e3") == -2000.0);
    CHECK(parseNumber("+4") == 4.0);
    CHECK_FALSE(parseNumber("1.5mm"));
    CHECK_FALSE(parseNumber("0x1A"));
    CHECK_FALSE(parseNumber("nan"));
    CHECK_FALSE(parseNumber("inf"));
    CHECK_FALSE(parseNumber(""));
    CHECK_FALSE(parseNumber("1,5"));
    CHECK_FALSE(parseNumber(" 2"));
    CHECK_FALSE(parseNumber("1e999"));
    CHECK(parseInteger("12") == 12);
    CHECK_FALSE(parseInteger("12.0"));
    CHECK_FALSE(parseUnsigned("-1"));
    CHECK(formatNumber(0.1) == "0.1");
    CHECK(parseNumber(formatNumber(1.0 / 3.0)) == 1.0 / 3.0);
}

TEST_CASE("xml: elements and attributes carry lines and columns", "[io]") {
    Diagnostics d;
    const auto doc = parseXml("<level id=\"a\">\n  <zone  density=\"7o\"/>\n</level>\n", "x.xml", d);
    REQUIRE(doc);
    CHECK(d.empty());
    REQUIRE(doc->root.children.size() == 1);
    const XmlElement& zone = doc->root.children[0];
    CHECK(zone.line == 2);
    CHECK(zone.column == 3);
    const XmlAttribute* density = zone.attribute("density");
    REQUIRE(density);
    CHECK(density->line == 2);
    CHECK(density->column == 10);
}

TEST_CASE("xml: syntax errors, empty and binary files are located errors", "[io]") {
    Diagnostics d;
    CHECK_FALSE(parseXml("<level>\n  <zone>\n</level>\n", "bad.xml", d));
    CHECK_FALSE(parseXml("   \n", "empty.xml", d));
    CHECK_FALSE(parseXml(std::string_view("<a>\n\0\0", 6), "bin.xml", d));
    CHECK_FALSE(loadXmlFile("/nonexistent/nowhere.xml", d));
    REQUIRE(d.items().size() == 4);
    CHECK(d.items()[0].format() == "bad.xml:2:1: error: XML syntax error: the element opened on this line is "
                                   "not closed by a matching end tag");
    CHECK(d.items()[1].format() == "empty.xml:1:1: error: file is empty: expected an XML document");
    CHECK(
        d.items()[2].format() ==
        "bin.xml:2:1: error: file contains binary data (a NUL byte at offset 4); expected an XML text file");
    CHECK(d.items()[3].format() ==
          "/nonexistent/nowhere.xml:1:1: error: cannot open file: No such file or directory");
}

TEST_CASE("element reader: typed attributes, ranges and unknown names", "[io]") {
    Diagnostics d;
    const auto doc =
        parseXml(R"(<zone id="crown" density="7o" spacing="5" colour="red" points="0,0 10,0 10,x">
  <pt/>
</zone>)",
                 "z.xml", d);
    REQUIRE(doc);
    ElementReader r(doc->root, "z.xml", d);
    CHECK(r.requiredString("id") == "crown");
    CHECK_FALSE(r.requiredNumber("density", 0, 400));
    CHECK(r.number("spacing", 0.8, 0.1, 3.0) == 0.8);
    CHECK_FALSE(r.points("points", 3, true));
    CHECK_FALSE(r.requiredString("name"));
    r.rejectUnknownAttributes();
    r.rejectUnknownChildren({"point"});
    const std::string expected =
        "z.xml:1:18: error: <zone> attribute 'density' must be a number, got \"7o\"\n"
        "z.xml:1:31: error: <zone> attribute 'spacing' must be between 0.1 and 3, got 5\n"
        "z.xml:1:56: error: <zone> attribute 'points': point 3 must be written x,y in mm (e.g. 12.5,30), got "
        "\"10,x\"\n"
        "z.xml:1:1: error: <zone> is missing required attribute 'name'\n"
        "z.xml:1:43: error: unknown attribute 'colour' on <zone> (expected one of: id, density, spacing, "
        "points, "
        "name)\n"
        "z.xml:2:3: error: unknown element <pt> inside <zone> (expected one of: <point>)\n";
    CHECK(d.formatAll() == expected);
}

TEST_CASE("xml writer escapes and re-parses to the same tree", "[io]") {
    XmlElement root;
    root.name = "level";
    root.set("title", "Tom & \"Jerry\" <1>");
    root.addChild("brief").text = "Dots < 1 mm & even";
    Diagnostics d;
    const auto back = parseXml(writeXml(root), "w.xml", d);
    REQUIRE(back);
    CHECK(back->root.attribute("title")->value == "Tom & \"Jerry\" <1>");
    CHECK(std::string(trim(back->root.children.at(0).text)) == "Dots < 1 mm & even");
}
