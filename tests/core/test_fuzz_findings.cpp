// What fuzzing the readers found (tests/fuzz/, README "Reliability"), as known answers: each
// input that broke a reader's contract gives the message a user should read. The raw crashing
// inputs are replayed as they were found by the fuzz_regressions_* tests.
#include "io/xml.h"
#include "level/level_reader.h"
#include "quiz/moodle.h"

#include <catch2/catch.hpp>

using namespace stipple;

TEST_CASE("fuzz finding: a GIFT file with a NUL byte is refused as binary, at its line", "[fuzz][gift]") {
    // The NUL cut a choice's text short once exported to Moodle XML, so two different choices
    // became the same one and the exported bank no longer imported.
    using namespace std::string_literals;
    const std::string gift = "::Q1:: Wash when? {=day 5 ~day 1}\n\n::Q2:: Match {=a -> 1 =b\0x -> 2}\n"s;
    Diagnostics d;
    CHECK_FALSE(importGift(std::string_view(gift.data(), gift.size()), "b.gift", d));
    CHECK(d.formatAll() ==
          "b.gift:3:1: error: file contains binary data (a NUL byte); expected a GIFT text file\n");
}

TEST_CASE("fuzz finding: a metric id of kilobytes gives a message of bounded size", "[fuzz][level]") {
    // The message quoted the whole value: 17 kB of dots file pasted into an id made one message of
    // 17 kB. Every message is now cut to kMaxDiagnosticMessage, keeping both ends.
    const std::string id = "clark-ev" + std::string(20000, '9');
    const std::string xml = "<level format=\"1\" id=\"t\" title=\"T\" skill=\"density\" difficulty=\"2\">\n"
                            "<brief>Fill it.</brief>\n<canvas width-mm=\"40\" height-mm=\"30\"/>\n"
                            "<zone id=\"z\" points=\"5,5 35,5 35,25 5,25\"/>\n<scoring>\n<metric id=\"" +
                            id + "\" band-min=\"1\" band-max=\"2\"/>\n</scoring>\n</level>\n";
    Diagnostics d;
    const auto doc = parseXml(xml, "m.xml", d);
    REQUIRE(doc);
    CHECK_FALSE(readLevel(*doc, d));
    REQUIRE(d.errorCount() >= 1);
    bool named = false;
    for (const Diagnostic& item : d.items()) {
        CHECK(item.message.size() <= kMaxDiagnosticMessage + 40);
        named |= item.line == 6 && item.message.find("names no metric: \"clark-ev999") != std::string::npos &&
                 item.message.find(" bytes cut ...] ") != std::string::npos;
    }
    CHECK(named);
}
