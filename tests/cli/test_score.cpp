// `stipple generate` and `stipple score` end to end: the real binary on the shipped levels,
// the scorecard in JSON and as a table, and every exit path (0 done, 1 bad input, 2 usage).
#include "support/process.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <vector>

using namespace stipple::test;

namespace {
const char* kLevel = "levels/02-even-patch.xml";
}

TEST_CASE("generate writes a target pattern that scores as a pass", "[cli][score]") {
    Scratch s;
    const auto csv = s.path("target.csv");
    const Run gen = runStipple(std::string("generate --level ") + kLevel + " -o " + quote(csv));
    REQUIRE(gen.exitCode == 0);
    CHECK(readText(csv).rfind("x_mm,y_mm,diameter_mm,depth_mm,session,shade,tick\n", 0) == 0);
    const Run score =
        runStipple(std::string("score --level ") + kLevel + " --dots " + quote(csv) + " --json");
    INFO(score.err);
    REQUIRE(score.exitCode == 0);
    const auto card = nlohmann::json::parse(score.out);
    CHECK(card["level"] == "even-patch");
    CHECK(card["passed"] == true);
    CHECK(card["overall"].get<double>() > 90.0);
    bool hasDensity = false;
    for (const auto& m : card["metrics"])
        hasDensity = hasDensity || m["id"] == "density";
    CHECK(hasDensity);
}

TEST_CASE("generate --style good passes on every shipped level, layered levels session by session",
          "[cli][score]") {
    // What course material shows as good work must pass: on a level with sessions or a scar that
    // means work done session by session (a session column), each in its own pigment.
    Scratch s;
    int levels = 0, layered = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(STIPPLE_SOURCE_DIR) + "/levels")) {
        if (entry.path().extension() != ".xml") continue;
        const std::string level = entry.path().string();
        INFO(level);
        const auto csv = s.path(entry.path().stem().string() + ".good.csv");
        const Run gen = runStipple("generate --level " + quote(level) + " --style good -o " + quote(csv));
        REQUIRE(gen.exitCode == 0);
        const Run score = runStipple("score --level " + quote(level) + " --dots " + quote(csv) + " --json");
        INFO(score.err);
        REQUIRE(score.exitCode == 0);
        const auto card = nlohmann::json::parse(score.out);
        INFO(card.value("deciding_rule", std::string()));
        CHECK(card["passed"] == true);
        ++levels;
        const std::string text = readText(level);
        if (text.find("<session ") == std::string::npos && text.find("<scar ") == std::string::npos) continue;
        ++layered;
        // Rows carry sessions: a later session (the 5th column) appears when the level has sessions.
        if (text.find("<session ") == std::string::npos) continue;
        std::istringstream rows(readText(csv));
        std::string row;
        std::getline(rows, row);
        REQUIRE(row == "x_mm,y_mm,diameter_mm,depth_mm,session,shade,tick");
        int laterSessions = 0;
        while (std::getline(rows, row)) {
            std::istringstream fields(row);
            std::string field;
            for (int k = 0; k < 5; ++k)
                std::getline(fields, field, ',');
            laterSessions += field != "0" ? 1 : 0;
        }
        CHECK(laterSessions > 0);
    }
    CHECK(levels >= 12);
    CHECK(layered >= 2);
}

TEST_CASE("a grid-like attempt scores, explains itself and does not pass", "[cli][score]") {
    Scratch s;
    const auto csv = s.path("grid.csv");
    REQUIRE(
        runStipple(std::string("generate --level ") + kLevel + " --style grid -o " + quote(csv)).exitCode ==
        0);
    const Run table = runStipple(std::string("score --level ") + kLevel + " --dots " + quote(csv));
    REQUIRE(table.exitCode == 0);
    CHECK(table.out.find("NOT PASSED") != std::string::npos);
    CHECK(table.out.find("dots sit on a square grid") != std::string::npos);
}

namespace {

/// A clumped attempt on kLevel scored twice: the text table and the JSON scorecard.
struct TableAndCard {
    std::string table;
    nlohmann::json card;
};
TableAndCard scoreClumped() {
    Scratch s;
    const auto csv = s.path("clumped.csv");
    REQUIRE(runStipple(std::string("generate --level ") + kLevel + " --style clumped -o " + quote(csv))
                .exitCode == 0);
    const Run table = runStipple(std::string("score --level ") + kLevel + " --dots " + quote(csv));
    const Run json = runStipple(std::string("score --level ") + kLevel + " --dots " + quote(csv) + " --json");
    REQUIRE(table.exitCode == 0);
    REQUIRE(json.exitCode == 0);
    return {table.out, nlohmann::json::parse(json.out)};
}

/// The table's row of the metric labelled `label` (its first line).
std::string tableRow(const std::string& table, const std::string& label) {
    const size_t at = table.find("\n  " + label + " ");
    REQUIRE(at != std::string::npos);
    return table.substr(at + 1, table.find('\n', at + 1) - at - 1);
}

} // namespace

TEST_CASE("the table gives a CV in percent, as its explanation and the results screen do", "[cli][score]") {
    const auto [table, card] = scoreClumped();
    INFO(table);
    int rows = 0;
    for (const auto& m : card["metrics"]) {
        if (m["unit"] != "CV") continue;
        ++rows;
        // The JSON keeps the scorer's number (0.65); the table prints it as the explanation does.
        const double v = m["value"].get<double>();
        CHECK(v < 5.0);
        std::ostringstream percent;
        percent << std::lround(v * 100.0) << " %";
        const std::string line = tableRow(table, m["label"].get<std::string>());
        INFO(line);
        CHECK(line.find(" " + percent.str() + " ") != std::string::npos);
        CHECK(m["explanation"].get<std::string>().find(percent.str()) != std::string::npos);
    }
    CHECK(rows >= 2); // spacing regularity, local evenness (and dot size consistency)
}

TEST_CASE("every row of the table reads in its unit, as the results screen gives it, in straight columns",
          "[cli][score]") {
    // A share in percent, a ratio or a bald spot in natural spacings with "×", a length in mm: a
    // bare "0.006" beside "1 % of the skin", or "4.45" beside "4.4× the natural spacing", read as
    // another quantity. The columns are counted in characters, not bytes ("×" is two bytes).
    const auto [table, card] = scoreClumped();
    INFO(table);
    // A line cut into its characters (UTF-8 code points).
    const auto characters = [](const std::string& text) {
        std::vector<std::string> out;
        for (const char c : text) {
            if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 || out.empty()) out.emplace_back();
            out.back() += c;
        }
        return out;
    };
    std::set<std::string> units;
    for (const auto& m : card["metrics"]) {
        const std::string unit = m["unit"].get<std::string>();
        const std::string line = tableRow(table, m["label"].get<std::string>());
        INFO(line);
        // Two spaces, the label in 28 columns, a space, the value right-aligned in 10: it ends at
        // the 41st character of every row, whatever bytes its unit takes.
        const std::vector<std::string> chars = characters(line);
        REQUIRE(chars.size() > 42);
        CHECK(chars[40] != " ");
        CHECK(chars[41] == " ");
        std::string value;
        for (size_t i = 31; i <= 40; ++i)
            value += chars[i];
        value.erase(0, value.find_first_not_of(' '));
        if (unit == "fraction" || unit == "CV") CHECK(value.ends_with(" %"));
        if (unit == "ratio" || unit == "spacings") CHECK(value.ends_with("\xC3\x97"));
        if (unit == "mm") CHECK(value.ends_with(" mm"));
        units.insert(unit);
    }
    CHECK(units.count("fraction") == 1);
    CHECK(units.count("spacings") == 1);
    CHECK(units.count("ratio") == 1);
}

TEST_CASE("generate is deterministic for a seed", "[cli][score]") {
    const Run a = runStipple(std::string("generate --level ") + kLevel + " --seed 9 -o -");
    const Run b = runStipple(std::string("generate --level ") + kLevel + " --seed 9 -o -");
    const Run c = runStipple(std::string("generate --level ") + kLevel + " --seed 10 -o -");
    REQUIRE(a.exitCode == 0);
    CHECK(a.out == b.out);
    CHECK(a.out != c.out);
}

TEST_CASE("score refuses bad input with located messages (exit 1)", "[cli][score]") {
    Scratch s;
    const auto bad = s.write("bad.csv", "x_mm,y_mm\n1,2\n3,nan\n");
    Run r = runStipple(std::string("score --level ") + kLevel + " --dots " + quote(bad));
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("bad.csv:3:") != std::string::npos);

    const auto far = s.write("far.csv", "x_mm,y_mm\n1,2\n4000,2\n");
    r = runStipple(std::string("score --level ") + kLevel + " --dots " + quote(far));
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("far.csv:3:1: error: dot at (4000, 2) mm lies outside the level's") !=
          std::string::npos);

    r = runStipple("score --level levels/no-such-level.xml --dots " + quote(bad));
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("levels/no-such-level.xml:1:1: error: cannot open file") != std::string::npos);
}

TEST_CASE("score and generate usage errors exit 2", "[cli][score]") {
    CHECK(runStipple("score --level x.xml").exitCode == 2);
    CHECK(runStipple("score --level x.xml --dots y.csv --bogus").exitCode == 2);
    CHECK(runStipple("score --level x.xml --dots y.csv --elapsed soon").exitCode == 2);
    CHECK(runStipple("generate --level x.xml").exitCode == 2);
    CHECK(runStipple("generate --level x.xml -o y.csv --style wavy").exitCode == 2);
    CHECK(runStipple("score --help").exitCode == 0);
}
