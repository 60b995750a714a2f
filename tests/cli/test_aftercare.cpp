// `stipple aftercare` end to end: the real binary on the shipped brochure profile and on broken
// fixtures; exit codes, the JSON contract, the client sheet, the calendar and the .ics file.
#include "exam/exam_result.h"
#include "support/process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using stipple::test::readText;
using stipple::test::Run;
using stipple::test::runStipple;

namespace {

fs::path scratchDir() {
    return stipple::test::makeFreshDirectory("stipple-test-aftercare");
}

/// Runs `stipple aftercare <args>` from the repository root.
Run aftercare(const std::string& args) {
    return runStipple("aftercare " + args);
}

const std::string kBrochure =
    "--rules levels/aftercare/clinic-brochure.xml --sessions 2026-03-02,2026-03-23,2026-04-13";

} // namespace

TEST_CASE("aftercare CLI: JSON status on day 3 after session 2", "[cli][aftercare]") {
    const Run r = aftercare(kBrochure + " --on 2026-03-26 --json");
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.err.empty());
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["date"] == "2026-03-26");
    CHECK(j["day"] == "day 3 after session 2");
    REQUIRE(j["activities"].size() == 7);
    std::map<std::string, nlohmann::json> byId;
    for (const auto& a : j["activities"])
        byId[a["id"].get<std::string>()] = a;
    CHECK(byId["wet-scalp"]["allowed"] == false);
    CHECK(byId["wet-scalp"]["allowed_from"] == "2026-03-28");
    CHECK(byId["wet-scalp"]["rules"] == nlohmann::json::array({"no-wetting-after-each-session"}));
    CHECK(byId["swimming"]["allowed_from"] == "2026-05-12");
    CHECK(byId["swimming"]["rules"] ==
          nlohmann::json::array({"no-wetting-after-each-session", "no-swimming-between-sessions"}));
    CHECK(byId["hot-shower"]["allowed_from"] == "2026-04-18");
    CHECK(byId["sun-exposure"]["allowed"] == true);
    CHECK_FALSE(byId["sun-exposure"].contains("allowed_from"));
    CHECK(byId["sun-exposure"]["conditions"].empty());
    CHECK(j["reminders"].empty());
}

TEST_CASE("aftercare CLI: JSON conditions after the sun rule and reminders on a session day",
          "[cli][aftercare]") {
    Run r = aftercare(kBrochure + " --on 2026-04-28 --json");
    REQUIRE(r.exitCode == 0);
    auto j = nlohmann::json::parse(r.out);
    const auto& sun = j["activities"][6];
    CHECK(sun["id"] == "sun-exposure");
    CHECK(sun["allowed"] == true);
    CHECK(sun["conditions"] == nlohmann::json::array({"Use SPF 30–50 sunscreen."}));
    CHECK(sun["rules"] == nlohmann::json::array({"no-sun-after-final"}));

    r = aftercare(kBrochure + " --on 2026-04-13 --json");
    REQUIRE(r.exitCode == 0);
    j = nlohmann::json::parse(r.out);
    CHECK(j["day"] == "session 3 (final)");
    CHECK(j["reminders"] == nlohmann::json::array({"Shower before each treatment."}));
    CHECK(j["activities"][6]["allowed_from"] == "2026-04-28");
    CHECK(j["activities"][6]["conditions"] == nlohmann::json::array({"Use SPF 30–50 sunscreen."}));

    // Before the first session nothing is restricted.
    r = aftercare(kBrochure + " --on 2026-03-01 --json");
    j = nlohmann::json::parse(r.out);
    for (const auto& a : j["activities"])
        CHECK(a["allowed"] == true);
}

TEST_CASE("aftercare CLI: the client sheet", "[cli][aftercare]") {
    const Run r = aftercare(kBrochure + " --on 2026-03-26");
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.rfind("Aftercare on Thursday 26 March 2026 (day 3 after session 2)\n"
                      "Clinic brochure; sessions: 2 March 2026, 23 March 2026, 13 April 2026 (final)\n",
                      0) == 0);
    CHECK(r.out.find("  - Swimming: allowed again from Tuesday 12 May 2026\n") != std::string::npos);
    CHECK(r.out.find("Allowed:\n  - Sun exposure\n") != std::string::npos);
    CHECK(r.out.find("\"Avoid swimming") == std::string::npos); // the final-session rules do not apply yet
    CHECK(r.out.find("  \"In the weeks between treatments, do not go swimming") != std::string::npos);
}

TEST_CASE("aftercare CLI: the calendar runs from the first session to the first free day",
          "[cli][aftercare]") {
    const Run r = aftercare(kBrochure + " --calendar");
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("Swimming: not allowed 2 March to 11 May 2026; allowed again from 12 May 2026\n") !=
          std::string::npos);
    CHECK(r.out.find("Mon 2026-03-02  x x x x x x .  session 1; Shower before each treatment.\n") !=
          std::string::npos);
    CHECK(r.out.find("Sat 2026-03-07  . . x x x x .  day 5 after session 1\n") != std::string::npos);
    CHECK(r.out.find("Tue 2026-04-28  . . x x x . +  day 15 after the final session\n") != std::string::npos);
    CHECK(r.out.find("Tue 2026-05-12  . . . . . . +  day 29 after the final session\n") != std::string::npos);
    CHECK(r.out.find("2026-03-01") == std::string::npos);
    CHECK(r.out.find("2026-05-13") == std::string::npos);
}

TEST_CASE("aftercare CLI: the .ics file is RFC 5545 and the same for the same plan but for its DTSTAMP",
          "[cli][aftercare]") {
    const fs::path dir = scratchDir();
    const fs::path a = dir / "a.ics", b = dir / "b.ics";
    // DTSTAMP is when the file was made: between the times before and after the run.
    const auto basic = [](std::string t) {
        t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '-' || c == ':'; }), t.end());
        return t;
    };
    const std::string before = basic(stipple::nowUtcTimestamp());
    REQUIRE(aftercare(kBrochure + " --ics '" + a.string() + "'").exitCode == 0);
    REQUIRE(aftercare(kBrochure + " --ics '" + b.string() + "'").exitCode == 0);
    const std::string after = basic(stipple::nowUtcTimestamp());
    const std::string ics = readText(a);
    const size_t at = ics.find("\r\nDTSTAMP:");
    REQUIRE(at != std::string::npos);
    const std::string stamp = ics.substr(at + 10, 16);
    CHECK(stamp >= before);
    CHECK(stamp <= after);
    const auto withoutStamps = [](std::string s) {
        for (size_t p = s.find("DTSTAMP:"); p != std::string::npos; p = s.find("DTSTAMP:", p))
            s.erase(p, s.find("\r\n", p) + 2 - p);
        return s;
    };
    CHECK(withoutStamps(ics) == withoutStamps(readText(b)));
    CHECK(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 0) == 0);
    CHECK(ics.size() >= 15);
    CHECK(ics.substr(ics.size() - 15) == "END:VCALENDAR\r\n");
    // Every line ends in CRLF and has at most 75 octets; no bare LF.
    size_t pos = 0, lines = 0, events = 0;
    std::string unfolded;
    while (pos < ics.size()) {
        const size_t crlf = ics.find("\r\n", pos);
        REQUIRE(crlf != std::string::npos);
        const std::string line = ics.substr(pos, crlf - pos);
        CHECK(line.size() <= 75);
        CHECK(line.find('\n') == std::string::npos);
        if (line.rfind(" ", 0) == 0)
            unfolded += line.substr(1);
        else
            unfolded += (lines ? "\n" : "") + line;
        if (line == "BEGIN:VEVENT") ++events;
        ++lines;
        pos = crlf + 2;
    }
    // 3 sessions, and for each of the 7 activities one event per stretch plus one "allowed again":
    // wet-scalp 3, heavy-exercise 3, swimming/sauna/steam-room/hot-shower/sun 1 each → 11 stretches.
    CHECK(events == 3 + 2 * 11);
    CHECK(unfolded.find(
              "\nSUMMARY:Aftercare: no swimming\nDESCRIPTION:Not allowed from Monday 2 March 2026 to Monday "
              "11 May 2026 inclusive. Allowed again from Tuesday 12 May 2026.\\nYou will not be able to wash "
              "or "
              "wet your scalp (this includes sweating excessively) for four days after each "
              "appointment.\\nIn the weeks between "
              "treatments\\, do not go swimming\\, use steam or sauna rooms\\, or take extremely hot "
              "showers that may cause a steam storm.\\nAvoid swimming\\, saunas\\, and steam rooms for 28 "
              "days after your final treatment.\n") != std::string::npos);
    CHECK(unfolded.find(
              "\nDTSTART;VALUE=DATE:20260302\nDTEND;VALUE=DATE:20260512\nSUMMARY:Aftercare: no swimming") !=
          std::string::npos);
    CHECK(unfolded.find(
              "SUMMARY:Aftercare: sun exposure allowed again\nDESCRIPTION:Use SPF 30–50 sunscreen.\n") !=
          std::string::npos);
    CHECK(unfolded.find("DTSTAMP:20260302T000000Z\n") ==
          std::string::npos); // no longer the first session's date
    // No temporary file is left beside the output.
    size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
        ++files;
    CHECK(files == 2);
    fs::remove_all(dir);
}

TEST_CASE("aftercare CLI: .ics text with commas, semicolons and backslashes is escaped and folded",
          "[cli][aftercare]") {
    const fs::path dir = scratchDir();
    const fs::path out = dir / "e.ics";
    const Run r =
        aftercare("--rules tests/fixtures/aftercare/comma-and-semicolon.xml --sessions 2026-07-01 --ics '" +
                  out.string() + "'");
    REQUIRE(r.exitCode == 0);
    CHECK(r.out == "wrote " + out.string() + "\n");
    const std::string ics = readText(out);
    CHECK(ics.find("X-WR-CALNAME:Aftercare (Escapes\\; commas\\, and \\\\ backslashes)\r\n") !=
          std::string::npos);
    // The long source sentence is folded: unfold (CRLF + space) and find it whole, escaped.
    std::string unfolded;
    for (size_t i = 0; i < ics.size(); ++i) {
        if (ics.compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        unfolded += ics[i];
    }
    CHECK(unfolded.find(
              "\\nKeep out of the sun\\; wear a hat\\, a loose one\\, and sit in the shade — no tanning "
              "beds\\, no sunbathing\\, no beach days\\, not even a short walk at noon.\r\n") !=
          std::string::npos);
    CHECK(unfolded.find("DESCRIPTION:Use SPF 30–50 sunscreen\\; reapply every 2 hours\\, more often when "
                        "swimming.\r\n") != std::string::npos);
    CHECK(ics.find("\r\n ") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("aftercare CLI: bad dates and files exit 1 naming the option or the line", "[cli][aftercare]") {
    Run r = aftercare(
        "--rules levels/aftercare/clinic-brochure.xml --sessions 2026-03-02,2026-02-30 --on 2026-03-05");
    CHECK(r.exitCode == 1);
    CHECK(r.err ==
          "stipple aftercare: --sessions: \"2026-02-30\" is not a date; write YYYY-MM-DD with a day that "
          "exists (e.g. 2026-03-02)\n");
    r = aftercare(kBrochure + " --on 5/3/2026");
    CHECK(r.exitCode == 1);
    CHECK(r.err ==
          "stipple aftercare: --on: \"5/3/2026\" is not a date; write YYYY-MM-DD with a day that exists "
          "(e.g. 2026-03-02)\n");
    r = aftercare(
        "--rules levels/aftercare/clinic-brochure.xml --sessions 2026-03-23,2026-03-02 --on 2026-03-05");
    CHECK(r.exitCode == 1);
    CHECK(r.err == "stipple aftercare: --sessions: session dates must be in order, earliest first: session 2 "
                   "(2026-03-02) comes before session 1 (2026-03-23)\n");
    r = aftercare("--rules levels/aftercare/clinic-brochure.xml --sessions 2026-03-02, --on 2026-03-05");
    CHECK(r.exitCode == 1);
    r = aftercare("--rules tests/fixtures/aftercare/broken.xml --sessions 2026-03-02 --on 2026-03-05");
    CHECK(r.exitCode == 1);
    CHECK(r.out.empty());
    CHECK(r.err ==
          "tests/fixtures/aftercare/broken.xml:6:65: error: <rule> attribute 'days' must not be negative (0 "
          "= the day "
          "of the session only), got -4\n"
          "tests/fixtures/aftercare/broken.xml:9:20: error: <rule> names unknown activity 'sauna' (declared: "
          "wet-scalp, swimming)\n");
    r = aftercare("--rules tests/fixtures/aftercare/missing.xml --sessions 2026-03-02 --on 2026-03-05");
    CHECK(r.exitCode == 1);
    CHECK(r.err.rfind("tests/fixtures/aftercare/missing.xml:1:1: error: cannot open file", 0) == 0);
    r = aftercare(kBrochure + " --ics /nonexistent-dir/x.ics");
    CHECK(r.exitCode == 1);
    CHECK(r.err.rfind("stipple aftercare: --ics: cannot write /nonexistent-dir/x.ics", 0) == 0);
}

TEST_CASE("validate CLI: rule books are checked like levels", "[cli][aftercare]") {
    const std::string cmd = "cd '" STIPPLE_SOURCE_DIR "' && '" STIPPLE_BINARY "' validate ";
    auto run = [&](const std::string& args, std::string& out) {
        out.clear();
        FILE* pipe = ::popen((cmd + args + " 2>&1").c_str(), "r");
        REQUIRE(pipe);
        char buffer[4096];
        size_t n;
        while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
            out.append(buffer, n);
        const int status = ::pclose(pipe);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };
    std::string out;
    CHECK(run("levels/aftercare", out) == 0);
    CHECK(out == "2 files checked: 2 valid, 0 with errors (0 errors, 0 warnings)\n");
    CHECK(run("tests/fixtures/aftercare/broken.xml", out) == 1);
    CHECK(
        out ==
        "tests/fixtures/aftercare/broken.xml:6:65: error: <rule> attribute 'days' must not be negative (0 = "
        "the day of the session only), got -4\n"
        "tests/fixtures/aftercare/broken.xml:9:20: error: <rule> names unknown activity 'sauna' (declared: "
        "wet-scalp, swimming)\n"
        "1 file checked: 0 valid, 1 with errors (2 errors, 0 warnings)\n");
}

TEST_CASE("aftercare CLI: usage errors exit 2, --help exits 0", "[cli][aftercare]") {
    CHECK(aftercare("--sessions 2026-03-02 --on 2026-03-05").exitCode == 2);
    CHECK(aftercare("--rules levels/aftercare/clinic-brochure.xml --on 2026-03-05").exitCode == 2);
    CHECK(aftercare("--rules levels/aftercare/clinic-brochure.xml --sessions 2026-03-02").exitCode == 2);
    CHECK(aftercare(kBrochure + " --on 2026-03-05 --colour red").exitCode == 2);
    CHECK(aftercare(kBrochure + " --calendar --json").exitCode == 2);
    CHECK(aftercare(kBrochure + " --on").exitCode == 2);
    const Run help = aftercare("--help");
    CHECK(help.exitCode == 0);
    CHECK(help.out.rfind("usage: stipple aftercare --rules FILE", 0) == 0);
}
