// Resource limits (issue 9): inputs far bigger or deeper than any real file — an enormous file, a
// file that never ends, a million-dot CSV, XML nested thousands deep, attribute values of
// megabytes, a whole level on one line — are read in bounded memory and time, or refused with
// one clear, short message. The limits are documented in README.md ("Reliability").
#include "io/files.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "record/recording_reader.h"
#include "scoring/dots_csv.h"
#include "support/process.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace stipple;
using stipple::test::Scratch;
namespace fs = std::filesystem;

namespace {

/// A sparse file of `bytes` bytes: takes no disk space, but reading it would take that memory.
std::string sparseFile(const Scratch& tmp, const std::string& name, int64_t bytes) {
    const std::string path = tmp.path(name).string();
    { std::ofstream(path, std::ios::binary) << "<"; }
    fs::resize_file(path, static_cast<std::uintmax_t>(bytes));
    return path;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const std::string kLevelHead =
    "<level format=\"1\" id=\"t\" title=\"T\" skill=\"density\" difficulty=\"2\">\n"
    "<brief>Fill it.</brief>\n"
    "<canvas width-mm=\"40\" height-mm=\"30\"/>\n";

} // namespace

TEST_CASE("limits: a file bigger than the limit is refused by its size, without reading it", "[limits]") {
    Scratch tmp;
    const std::string huge = sparseFile(tmp, "huge.xml", int64_t{3} << 30);
    std::string contents, error;
    CHECK_FALSE(readFile(huge, contents, error));
    CHECK(error == "file too large: 3221225472 bytes (the limit is 1024 MiB)");
    CHECK(contents.empty());

    const std::string big = sparseFile(tmp, "big.xml", int64_t{100} << 20);
    Diagnostics d;
    CHECK_FALSE(loadLevelFile(big, d));
    CHECK(d.formatAll() == big + ":1:1: error: file too large: 104857600 bytes (the limit is 64 MiB)\n");

    Diagnostics dc;
    DotsCsv csv;
    CHECK_FALSE(readDotsCsv(sparseFile(tmp, "big.csv", int64_t{200} << 20), csv, dc));
    CHECK(dc.items().at(0).message ==
          "cannot read dots file: file too large: 209715200 bytes (the limit is 128 MiB)");

    const RecordingRead rec = readRecording(sparseFile(tmp, "huge.stiprec", (int64_t{1} << 30) + 1));
    CHECK_FALSE(rec.recording);
    CHECK(rec.recovery.problem == "the file is 1073741825 bytes, more than any recording (1073741824)");
}

TEST_CASE("limits: a device that never ends is not read at all", "[limits]") {
    // Only regular files are read (issue 16, hole 10): a device is named, not read to the limit.
    std::string contents, error;
    CHECK_FALSE(readFile("/dev/zero", contents, error, int64_t{1} << 20));
    CHECK(error ==
          "is a character device, not a regular file: only regular files are read (copy its contents into "
          "a file and give that)");
    CHECK(contents.empty());
}

TEST_CASE("limits: XML nested thousands deep is a located error, not a stack overflow", "[limits]") {
    std::string xml;
    for (int i = 0; i < 100000; ++i)
        xml += "<a>\n";
    Diagnostics d;
    CHECK_FALSE(parseXml(xml, "deep.xml", d));
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].message == "XML nested too deeply (more than 100 levels)");
    CHECK(d.items()[0].line <= 102);

    // 100 levels are fine, and the reader then names the unknown element.
    std::string ok = kLevelHead;
    for (int i = 0; i < 97; ++i)
        ok += "<x>";
    for (int i = 0; i < 97; ++i)
        ok += "</x>";
    ok += "\n</level>\n";
    Diagnostics d2;
    const auto doc = parseXml(ok, "ok.xml", d2);
    REQUIRE(doc);
    CHECK_FALSE(readLevel(*doc, d2));
    bool named = false;
    for (const Diagnostic& item : d2.items())
        named |= item.line == 4 && item.message.rfind("unknown element <x> inside <level>", 0) == 0;
    CHECK(named);
}

TEST_CASE("limits: megabyte attribute values give short messages", "[limits]") {
    const std::string big(16 << 20, '7');
    const std::string xml = kLevelHead + "<zone id=\"z\" points=\"5,5 35,5 35,25 5,25\" density-per-cm2=\"" +
                            big + "\" spacing-mm=\"x" + big + "\"/>\n</level>\n";
    Diagnostics d;
    const auto start = std::chrono::steady_clock::now();
    const auto doc = parseXml(xml, "big.xml", d);
    REQUIRE(doc);
    CHECK_FALSE(readLevel(*doc, d));
    CHECK(secondsSince(start) < 20.0);
    REQUIRE(d.errorCount() >= 1);
    for (const Diagnostic& item : d.items())
        CHECK(item.message.size() < 400);
    CHECK(d.formatAll().find(" attribute 'density-per-cm2' must be a number, got \"777") !=
          std::string::npos);

    // An id of a megabyte, referenced where nothing has it: the message stays short too.
    const std::string id(1 << 20, 'q');
    const std::string xml2 = kLevelHead + "<zone id=\"" + id + "\" points=\"5,5 35,5 35,25 5,25\"/>\n" +
                             "<target zone=\"" + id + "x\"/>\n</level>\n";
    Diagnostics d2;
    const auto doc2 = parseXml(xml2, "id.xml", d2);
    REQUIRE(doc2);
    (void)readLevel(*doc2, d2);
    for (const Diagnostic& item : d2.items())
        CHECK(item.message.size() < 400);

    // Any message quoting a huge value keeps both ends and says how much was cut.
    const std::string shortened =
        shortenedMessage("names no metric: \"" + std::string(5000, 'x') + "\" (known metrics: a, b)");
    CHECK(shortened.size() < kMaxDiagnosticMessage + 40);
    CHECK(shortened.rfind("names no metric: \"xxx", 0) == 0);
    CHECK(shortened.find(" bytes cut ...] ") != std::string::npos);
    CHECK(shortened.substr(shortened.size() - 23) == "\" (known metrics: a, b)");
    // A cut never splits a UTF-8 character.
    std::string utf8;
    for (int i = 0; i < 2000; ++i)
        utf8 += "\xC3\xA9";
    const std::string cut = shortenedMessage(utf8);
    const std::size_t mark = cut.find(" [... ");
    REQUIRE(mark != std::string::npos);
    CHECK(mark % 2 == 0);
    CHECK(static_cast<unsigned char>(cut[cut.find("...] ") + 5]) == 0xC3);
}

TEST_CASE("limits: a whole document on one line reads in linear time with exact columns", "[limits]") {
    // 200,000 elements on one line: finding each element's column from the start of the line
    // is quadratic (about 10^11 character comparisons here); it must stay a fraction of a second
    // (seconds under the sanitizers).
    std::string xml = "<r>";
    for (int i = 0; i < 200000; ++i)
        xml += "<d v=\"" + std::to_string(i % 10) + "\"/>";
    xml += "</r>";
    Diagnostics d;
    const auto start = std::chrono::steady_clock::now();
    const auto doc = parseXml(xml, "line.xml", d);
    REQUIRE(doc);
    CHECK(secondsSince(start) < 20.0);
    REQUIRE(doc->root.children.size() == 200000);
    const XmlElement& last = doc->root.children.back();
    CHECK(last.line == 1);
    CHECK(last.column == 4 + 199999 * 10);
    CHECK(last.attributes.at(0).column == last.column + 3);
}

TEST_CASE("limits: a million-dot CSV reads, one more row is refused with one message", "[limits]") {
    std::string text = "x_mm,y_mm\n";
    text.reserve(16 << 20);
    for (int i = 0; i < 1000000; ++i)
        text += std::to_string(i % 1000) + "," + std::to_string(i / 1000) + "\n";
    DotsCsv csv;
    Diagnostics d;
    REQUIRE(parseDotsCsv(text, "million.csv", csv, d));
    CHECK(csv.dots.size() == 1000000);
    CHECK(csv.dots.back().pos.x == 999.0);
    CHECK(csv.dots.back().pos.y == 999.0);
    CHECK(csv.lines.back() == 1000001);

    text += "1,2\n";
    DotsCsv more;
    Diagnostics d2;
    CHECK_FALSE(parseDotsCsv(text, "more.csv", more, d2));
    CHECK(d2.formatAll() == "more.csv:1000002:1: error: too many dots: the file has 1000001 rows, a dots "
                            "file may have at most 1000000\n");
    CHECK(more.dots.empty());

    // A hundred million empty lines: refused by counting, no index of the lines is built.
    const std::string blank = "x_mm,y_mm\n" + std::string(100000000, '\n');
    DotsCsv none;
    Diagnostics d3;
    CHECK_FALSE(parseDotsCsv(blank, "blank.csv", none, d3));
    CHECK(d3.items().size() == 1);
}

TEST_CASE("limits: an outline with tens of thousands of points is refused at once and not checked for hours",
          "[limits]") {
    // Issue 16, hole 9: checking that a 40,000-point outline does not cross itself took 9 s (the
    // check compares every pair of edges; the 64 MiB file limit allows about 3 million points:
    // hours). An outline or hairline holds at most 10,000 points, said before any check.
    std::string xml = stipple::test::readText(std::string(STIPPLE_SOURCE_DIR) + "/levels/02-even-patch.xml");
    const std::string old = "points=\"5,5 35,5 35,25 5,25\"";
    const size_t at = xml.find(old);
    REQUIRE(at != std::string::npos);
    std::string points;
    const int n = 40000;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * 3.14159265358979 * i / n;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s%.5f,%.5f", i ? " " : "", 20 + 10 * std::cos(a),
                      15 + 10 * std::sin(a));
        points += buf;
    }
    xml.replace(at, old.size(), "points=\"" + points + "\"");
    Diagnostics d;
    const auto doc = parseXml(xml, "many.xml", d);
    REQUIRE(doc);
    const auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(readLevel(*doc, d));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 2); // 9 s before
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].message ==
          "<zone> 'patch' outline has 40000 points, more than the 10000 an outline may "
          "have: simplify it (fewer, longer edges)");
    // Located on the outline's own line of the shipped file.
    CHECK(d.items()[0].line ==
          1 + std::count(xml.begin(), xml.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}
