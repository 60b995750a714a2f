// The trainer's command line and its one table of screens (issue 17): the screens --help lists,
// the options it says each screen reads and what parseOptions accepts are the same, because all
// of them come from that table. No display is needed: nothing here opens a window.
#include "app/app.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace stipple;
using namespace stipple::app;
using namespace stipple::test;

namespace {

/// A value parseOptions takes for `option`: none for a flag, a number where it wants one, else a
/// file name (parsing does not open files).
std::vector<std::string> withValue(const std::string& option) {
    for (const OptionDef& d : trainerDef().options) {
        if (d.names != option) continue;
        if (d.value.empty()) return {option};
        if (d.value == "N" || d.value == "K" || d.value == "S" || d.value == "X" || d.value == "TICK")
            return {option, "1"};
        return {option, "some-file"};
    }
    FAIL("the trainer does not define " << option);
    return {};
}

} // namespace

TEST_CASE("the trainer's --help lists every screen of its table with the options only it reads",
          "[trainer]") {
    const std::vector<TrainerScreen> screens = trainerScreens();
    REQUIRE(screens.size() >= 13);
    const std::string help = usage();
    const size_t section = help.find("Screens (--screen NAME)");
    REQUIRE(section != std::string::npos);
    const std::string options = help.substr(0, section), table = help.substr(section);
    for (const TrainerScreen& s : screens) {
        INFO(s.name);
        const size_t at = table.find("\n  " + s.name + " ");
        REQUIRE(at != std::string::npos);
        // Its line, and the "reads ..." line under it: up to the next screen's line.
        size_t end = table.find('\n', at + 1);
        while (end != std::string::npos && table.compare(end, 3, "\n  ") == 0 && end + 3 < table.size() &&
               table[end + 3] == ' ')
            end = table.find('\n', end + 1);
        const std::string entry = table.substr(at, end - at);
        CHECK(entry.find(s.help) != std::string::npos);
        for (const std::string& option : s.options) {
            INFO(option);
            CHECK(entry.find(" " + option) != std::string::npos);
            CHECK(options.find(option + " ") != std::string::npos); // the option itself is described
        }
    }
    // The binary prints the same table.
    const Run run = runStipple("--help");
    CHECK(run.exitCode == 0);
    CHECK(run.out.find(table.substr(0, table.find("\n\n"))) != std::string::npos);
}

TEST_CASE("every screen of the table is accepted with every option it reads", "[trainer]") {
    for (const TrainerScreen& s : trainerScreens()) {
        std::vector<std::string> args = {"--screen", s.name, "--level", "some-level.xml"};
        for (const std::string& option : s.options) {
            const auto more = withValue(option);
            args.insert(args.end(), more.begin(), more.end());
        }
        INFO(s.name);
        Options o;
        std::string error;
        CHECK(parseOptions(args, o, error));
        CHECK(error.empty());
        CHECK(o.screen == s.name);
    }
}

TEST_CASE("an option no screen but others reads is refused with the screens that read it", "[trainer]") {
    const auto screens = trainerScreens();
    for (const TrainerScreen& s : screens) {
        for (const TrainerScreen& other : screens) {
            for (const std::string& option : other.options) {
                if (std::find(s.options.begin(), s.options.end(), option) != s.options.end()) continue;
                std::vector<std::string> args = {"--screen", s.name};
                const auto more = withValue(option);
                args.insert(args.end(), more.begin(), more.end());
                INFO(s.name << " " << option);
                Options o;
                std::string error;
                CHECK_FALSE(parseOptions(args, o, error));
                CHECK(error.rfind(option + " needs --screen ", 0) == 0);
                CHECK(error.find("--screen " + other.name) != std::string::npos);
            }
        }
    }
    Options o, plain;
    std::string error;
    CHECK_FALSE(parseOptions({"--screen", "results", "--healed"}, o, error));
    CHECK(error == "--healed needs --screen practice");
    CHECK_FALSE(parseOptions({"--dots", "a.csv"}, plain, error)); // the level list shows no attempt
    CHECK(error == "--dots needs --screen practice or --screen results");
}

TEST_CASE("an unknown screen or option is a usage error (exit 2) that names it and lists the screens",
          "[trainer]") {
    const Run screen = runStipple("--screen nonesuch --screenshot out.png");
    CHECK(screen.exitCode == 2);
    const std::string first = screen.err.substr(0, screen.err.find('\n'));
    CHECK(first.rfind("stipple: --screen must be one of select, practice, ", 0) == 0);
    CHECK(first.find("; got 'nonesuch'") != std::string::npos);
    for (const TrainerScreen& s : trainerScreens())
        CHECK(first.find(" " + s.name) != std::string::npos);
    const Run option = runStipple("--screen practice --no-such-option");
    CHECK(option.exitCode == 2);
    CHECK(option.err.rfind("stipple: unknown option '--no-such-option'", 0) == 0);
    const Run misplaced = runStipple("--screen quiz --replay-speed 2");
    CHECK(misplaced.exitCode == 2);
    CHECK(misplaced.err.rfind("stipple: --replay-speed needs --screen replay\n", 0) == 0);
}
