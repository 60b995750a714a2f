// `stipple validate` on Moodle question files, end to end: GIFT (.gift, .txt, or recognised by
// how it begins) and Moodle XML (<quiz>), good ones with their skipped-question warnings and
// broken ones with every problem located FILE:LINE:COL, exit codes 0 and 1, and directories
// searched for .gift files as well as .xml.
#include "support/process.h"

#include <catch2/catch.hpp>

#include <filesystem>

using stipple::test::quote;
using stipple::test::readText;
using stipple::test::Run;
using stipple::test::runStipple;
using stipple::test::Scratch;

namespace {

Run validate(const std::string& args) {
    return runStipple("validate " + args);
}

const std::string kFixtures = "tests/fixtures/quiz/";

} // namespace

TEST_CASE("validate moodle: realistic GIFT and Moodle XML exports are valid, skipped types are warnings",
          "[cli][validate][moodle]") {
    const Run gift = validate(kFixtures + "academy.gift");
    CHECK(gift.exitCode == 0);
    CHECK(gift.out == "1 file checked: 1 valid, 0 with errors (0 errors, 5 warnings)\n");
    CHECK(gift.err.find(
              kFixtures +
              "academy.gift:31:1: warning: a short-answer question (only '=' answers) cannot be graded "
              "by Stipple; skipped\n") != std::string::npos);
    CHECK(gift.err.find(kFixtures +
                        "academy.gift:39:1: warning: question id 'dry-days' is already used; this "
                        "one becomes 'dry-days-2'\n") != std::string::npos);

    const Run xml = validate(kFixtures + "academy-moodle.xml");
    CHECK(xml.exitCode == 0);
    CHECK(xml.out == "1 file checked: 1 valid, 0 with errors (0 errors, 3 warnings)\n");
    CHECK(xml.err.find(kFixtures + "academy-moodle.xml:230:3: warning: a Moodle \"essay\" question cannot be "
                                   "asked by Stipple; skipped\n") != std::string::npos);

    // A GIFT bank saved as .txt is read as GIFT, not refused as XML.
    const Run txt = validate(kFixtures + "good.txt");
    CHECK(txt.exitCode == 0);
    CHECK(txt.err.empty());
    CHECK(txt.out == "1 file checked: 1 valid, 0 with errors (0 errors, 0 warnings)\n");
}

TEST_CASE("validate moodle: every problem of a broken GIFT or Moodle XML file, located, exit 1",
          "[cli][validate][moodle]") {
    const Run r = validate(kFixtures + "broken.gift " + kFixtures + "broken-moodle.xml");
    CHECK(r.exitCode == 1);
    CHECK(r.err ==
          kFixtures +
              "broken.gift:6:1: error: question 'no-right-answer': the question has no correct answer: "
              "no choice earns credit\n" +
              kFixtures + "broken.gift:14:1: error: the answers opened with '{' are not closed with '}'\n" +
              kFixtures +
              "broken-moodle.xml:9:1: error: question 'sun-rule': the question has no correct answer: "
              "no choice earns credit\n");
    CHECK(r.out == "2 files checked: 0 valid, 2 with errors (3 errors, 0 warnings)\n");
}

TEST_CASE(
    "validate moodle: GIFT is recognised by its content under another name, empty and binary files fail",
    "[cli][validate][moodle]") {
    Scratch s;
    // No extension that says GIFT, but it begins like one: a // comment, then ::title::.
    const auto noExt = s.write("export-2026", "// from Moodle\n::Shower::Shower before each session. {T}\n");
    Run r = validate(quote(noExt));
    CHECK(r.exitCode == 0);
    CHECK(r.out == "1 file checked: 1 valid, 0 with errors (0 errors, 0 warnings)\n");

    const auto empty = s.write("empty.gift", "");
    const auto onlySkipped = s.write("essay.gift", "::Essay::Describe the aftercare. {}\n");
    const auto binary = s.write("binary.gift", std::string("::Q::Wet? {T}\nab\0cd", 19));
    r = validate(quote(empty) + " " + quote(onlySkipped) + " " + quote(binary));
    CHECK(r.exitCode == 1);
    CHECK(r.err.find(empty.string() + ":1:1: error: ") != std::string::npos);
    CHECK(r.err.find(onlySkipped.string() + ":1:1: warning: an essay question") != std::string::npos);
    CHECK(r.err.find(onlySkipped.string() +
                     ":1:1: error: no question Stipple can ask was found in this file\n") !=
          std::string::npos);
    CHECK(r.err.find(binary.string() +
                     ":2:3: error: file contains binary data (a NUL byte at offset 16); expected a GIFT text "
                     "file\n") != std::string::npos);
    CHECK(r.out.rfind("3 files checked: 0 valid, 3 with errors", 0) == 0);
}

TEST_CASE("validate moodle: a directory is searched for .gift files as well as .xml",
          "[cli][validate][moodle]") {
    Scratch s;
    s.write("banks/academy.gift", readText(STIPPLE_SOURCE_DIR "/" + kFixtures + "academy.gift"));
    s.write("banks/moodle/broken.gift", readText(STIPPLE_SOURCE_DIR "/" + kFixtures + "broken.gift"));
    s.write("banks/brochure.xml", readText(STIPPLE_SOURCE_DIR "/levels/aftercare/clinic-brochure.xml"));
    s.write("banks/notes.txt",
            "not searched in a directory: .txt is GIFT only when named on the command line");
    const Run r = validate(quote(s.dir() / "banks"));
    CHECK(r.exitCode == 1);
    CHECK(r.out == "3 files checked: 2 valid, 1 with errors (2 errors, 5 warnings)\n");
    CHECK(r.err.find((s.dir() / "banks/moodle/broken.gift").string() + ":14:1: error: ") !=
          std::string::npos);
}

TEST_CASE("validate moodle: the shipped banks and their Moodle export are valid", "[cli][validate][moodle]") {
    Scratch s;
    const auto out = s.path("brochure-moodle.xml");
    REQUIRE(runStipple("quiz --bank levels/banks/brochure.xml --export-moodle " + quote(out)).exitCode == 0);
    const Run r = validate("levels/banks " + quote(out));
    CHECK(r.exitCode == 0);
    CHECK(r.err.empty());
    CHECK(r.out == "2 files checked: 2 valid, 0 with errors (0 errors, 0 warnings)\n");
}

TEST_CASE("validate: an ordering question whose items state the numbers they are ordered by is warned about",
          "[cli][validate][quiz]") {
    Scratch s;
    const std::string head = "<?xml version=\"1.0\"?>\n<question-bank format=\"1\" id=\"b\" title=\"B\">\n"
                             "  <category id=\"aftercare\" name=\"Aftercare\"/>\n";
    const std::string question =
        "  <question id=\"final-order\" type=\"ordering\" categories=\"aftercare\" difficulty=\"3\">\n"
        "    <prompt>Shortest first.</prompt>\n";
    const std::string tail =
        "    <explanation>4, 5, 14, 28 days.</explanation>\n    <source>Brochure.</source>\n"
        "  </question>\n</question-bank>\n";
    // The day counts in the items: the order can be read off them.
    const auto given =
        s.write("given.xml",
                head + question +
                    "    <item>No washing (4 days)</item>\n    <item>No heavy exercise (5 days)</item>\n"
                    "    <item>Out of the sun (14 days)</item>\n    <item>No swimming (28 days)</item>\n" +
                    tail);
    const Run r = validate(quote(given));
    CHECK(r.exitCode == 0); // a warning, not an error
    CHECK(
        r.err ==
        given.string() +
            ":4:3: warning: question 'final-order': every item states the number it is ordered by (4, 5, 14, "
            "28, in order), so \"No washing (4 days)\" gives the order away: leave the numbers out of the "
            "items (the explanation can give them)\n");
    // The same question without the numbers, and items whose numbers are not their order, pass quietly.
    const auto clean =
        s.write("clean.xml",
                head + question + "    <item>No washing</item>\n    <item>No heavy exercise</item>\n" + tail);
    const auto unrelated =
        s.write("unrelated.xml", head + question +
                                     "    <item>Session 2 ends</item>\n    <item>Week 1 of healing</item>\n"
                                     "    <item>Day 3 of the third session</item>\n" +
                                     tail);
    const Run quiet = validate(quote(clean) + " " + quote(unrelated));
    CHECK(quiet.err.empty());
    CHECK(quiet.out == "2 files checked: 2 valid, 0 with errors (0 errors, 0 warnings)\n");
}
