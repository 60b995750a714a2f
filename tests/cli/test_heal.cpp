// `stipple heal` and the session-by-session `stipple score` end to end: the real binary on the
// shipped three-session level and its example attempts, healed dots CSV row by row, the look at
// a session's start, every exit path (0 done, 1 bad input, 2 usage).
#include "support/process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace stipple::test;

namespace {

const char* kLevel = "levels/04-crown-layers.xml";
const char* kLayered = "levels/examples/04-crown-layers.layered.csv";
const char* kStacked = "levels/examples/04-crown-layers.stacked.csv";

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

} // namespace

TEST_CASE("heal writes one healed row per dot, in order, with each dot's fate", "[cli][heal]") {
    Scratch s;
    const auto dots = s.write("dots.csv", "x_mm,y_mm,diameter_mm,depth_mm,session\n"
                                          "10,10,0.4,0.75,0\n"
                                          "12,12,0.4,0.2,0\n"
                                          "14,14,0.4,1.2,1\n"
                                          "16,16,0.4,1.8,2\n"
                                          "18,18,0.4,0.42,2\n");
    const auto out = s.path("healed.csv");
    const Run r =
        runStipple(std::string("heal --level ") + kLevel + " --dots " + quote(dots) + " -o " + quote(out));
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.out == "5 dots fully healed: 1 healed, 1 faded, 1 spread, 1 blowouts, 1 lost; wrote " +
                       out.string() + "\n");
    const auto rows = lines(readText(out));
    REQUIRE(rows.size() == 6);
    CHECK(rows[0] ==
          "x_mm,y_mm,diameter_mm,opacity,blur_mm,blue_shift,colour,state,session,scar,fresh_diameter_mm,"
          "depth_mm");
    CHECK(rows[1].rfind("10,10,", 0) == 0);
    CHECK(rows[1].find(",healed,0,,0.4,0.75") != std::string::npos);
    CHECK(rows[2] == "12,12,0,0,0,0,#69696c,lost,0,,0.4,0.2"); // session 1's mid-grey, nothing left
    CHECK(rows[3].find(",spread,1,,") != std::string::npos);
    CHECK(rows[4].find(",blowout,2,,") != std::string::npos);
    CHECK(rows[5].find(",faded,2,,") != std::string::npos);

    // Deterministic, and the seed matters.
    const Run again = runStipple(std::string("heal --level ") + kLevel + " --dots " + quote(dots) + " -o -");
    REQUIRE(again.exitCode == 0);
    CHECK(again.out == readText(out));
    const Run other =
        runStipple(std::string("heal --level ") + kLevel + " --dots " + quote(dots) + " --seed 5 -o -");
    CHECK(other.out != again.out);
}

TEST_CASE("heal --session shows the earlier sessions as they look when that session begins", "[cli][heal]") {
    const Run final = runStipple(std::string("heal --level ") + kLevel + " --dots " + kLayered + " -o -");
    const Run second =
        runStipple(std::string("heal --level ") + kLevel + " --dots " + kLayered + " --session 2 -o -");
    const Run first =
        runStipple(std::string("heal --level ") + kLevel + " --dots " + kLayered + " --session 1 -o -");
    REQUIRE(final.exitCode == 0);
    REQUIRE(second.exitCode == 0);
    REQUIRE(first.exitCode == 0);
    const auto all = lines(final.out), before2 = lines(second.out);
    CHECK(all.size() == 457);            // header + 456 dots
    CHECK(before2.size() == 1 + 205);    // session 1's dots only
    CHECK(lines(first.out).size() == 1); // nothing placed before session 1
    // 14 heal-days ≥ settle-days: session 1's dots are fully healed when session 2 begins.
    CHECK(before2[1] == all[1]);
}

TEST_CASE("score with a session column scores the healed result and each session", "[cli][heal][score]") {
    const Run good = runStipple(std::string("score --level ") + kLevel + " --dots " + kLayered + " --json");
    INFO(good.err);
    REQUIRE(good.exitCode == 0);
    const auto card = nlohmann::json::parse(good.out);
    CHECK(card["passed"] == true);
    REQUIRE(card["sessions"].size() == 3);
    CHECK(card["sessions"][0]["placed"] == 205);
    CHECK(card["sessions"][0]["shade"] == "mid-grey");
    CHECK(card["sessions"][1]["stacking"].get<double>() < 0.05);
    CHECK(card["sessions"][2]["passed"] == true);
    CHECK(card["healed"]["lost"] == 0);
    bool hasLayering = false;
    for (const auto& m : card["metrics"])
        hasLayering = hasLayering || m["id"] == "layering-stacking";
    CHECK(hasLayering);

    const Run bad = runStipple(std::string("score --level ") + kLevel + " --dots " + kStacked);
    REQUIRE(bad.exitCode == 0);
    CHECK(bad.out.find("NOT PASSED") != std::string::npos);
    CHECK(bad.out.find("sessions (scored on the healed result; 0 of 456 dots lost at healing)") !=
          std::string::npos);
    CHECK(bad.out.find("landed on earlier healed dots: they darken and blur") != std::string::npos);

    // Without a session column the plain scorecard is kept: no per-session section.
    Scratch s;
    const auto plain = s.write("plain.csv", "x_mm,y_mm\n10,10\n12,12\n");
    const Run flat = runStipple(std::string("score --level ") + kLevel + " --dots " + quote(plain));
    REQUIRE(flat.exitCode == 0);
    CHECK(flat.out.find("sessions (") == std::string::npos);
}

TEST_CASE("heal and score refuse bad input (exit 1) and usage mistakes (exit 2)", "[cli][heal]") {
    Scratch s;
    const auto badSession = s.write("sessions.csv", "x_mm,y_mm,session\n10,10,0\n11,11,3\n");
    Run r = runStipple(std::string("heal --level ") + kLevel + " --dots " + quote(badSession) + " -o -");
    CHECK(r.exitCode == 1);
    CHECK(r.err == badSession.string() +
                       ":3:1: error: dot of session 3, but the level has 3 sessions (numbered 0 to 2)\n");
    r = runStipple(std::string("score --level ") + kLevel + " --dots " + quote(badSession));
    CHECK(r.exitCode == 1);
    CHECK(r.err.find(":3:1: error: dot of session 3") != std::string::npos);

    const auto far = s.write("far.csv", "x_mm,y_mm\n1,2\n4000,2\n");
    CHECK(runStipple(std::string("heal --level ") + kLevel + " --dots " + quote(far) + " -o -").exitCode ==
          1);
    CHECK(
        runStipple(std::string("heal --level levels/no-such.xml --dots ") + quote(far) + " -o -").exitCode ==
        1);
    r = runStipple(std::string("heal --level ") + kLevel + " --dots " + kLayered + " --session 4 -o -");
    CHECK(r.exitCode == 1);
    CHECK(r.err == "stipple heal: --session 4, but the level has 3 sessions\n");

    CHECK(runStipple("heal").exitCode == 2);
    CHECK(runStipple(std::string("heal --level ") + kLevel + " --dots " + kLayered).exitCode == 2); // no -o
    CHECK(runStipple(std::string("heal --level ") + kLevel + " --dots " + kLayered + " -o - --seed x")
              .exitCode == 2);
    CHECK(runStipple(std::string("heal --level ") + kLevel + " --dots " + kLayered + " -o - --session 0")
              .exitCode == 2);
    CHECK(runStipple(std::string("heal --level ") + kLevel + " --dots " + kLayered + " -o - --bogus")
              .exitCode == 2);
    CHECK(
        runStipple(std::string("heal --level ") + kLevel + " --dots " + kLayered + " -o - --png").exitCode ==
        2); // no file
    const Run help = runStipple("heal --help");
    CHECK(help.exitCode == 0);
    CHECK(help.out.rfind("usage: stipple heal", 0) == 0);
}
