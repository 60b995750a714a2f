// What every command answers the same way (issue 19): `stipple CMD -h` and `--help` print its
// usage on standard output with exit 0, `stipple CMD --version` the version; the man page and the
// top-level help name every command, and the top-level help lists the trainer's options.
#include "support/process.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace stipple::test;

namespace {
/// The command names, as the program itself lists them (its bash completion's command list).
std::vector<std::string> commandNames() {
    const Run r = runStipple("--bash-completion");
    REQUIRE(r.exitCode == 0);
    const size_t at = r.out.find("local commands=\"");
    REQUIRE(at != std::string::npos);
    std::istringstream in(r.out.substr(at + 16, r.out.find('"', at + 16) - at - 16));
    std::vector<std::string> names;
    for (std::string n; in >> n;)
        names.push_back(n);
    return names;
}
} // namespace

TEST_CASE("every command answers -h, --help and --version") {
    const auto names = commandNames();
    REQUIRE(names.size() >= 17);
    const Run top = runStipple("--help");
    const std::string man = runStipple("--man-page").out;
    for (const auto& name : names) {
        INFO(name);
        const Run h = runStipple(name + " -h");
        CHECK(h.exitCode == 0);
        CHECK(h.out.rfind("usage: stipple " + name, 0) == 0);
        CHECK(runStipple(name + " --help").out == h.out);
        const Run v = runStipple(name + " --version");
        CHECK(v.exitCode == 0);
        CHECK(v.out == "stipple " STIPPLE_VERSION "\n");
        CHECK(top.out.find("\n  " + name + " ") != std::string::npos);
        CHECK(man.find("\n.B " + name + "\n") != std::string::npos);
    }
}

TEST_CASE("stipple --help lists the trainer's options, not a short selection") {
    const Run top = runStipple("--help");
    CHECK(top.exitCode == 0);
    for (const char* option :
         {"--data",       "--levels",     "--level",     "--screen",   "--dots",    "--healed", "--size",
          "--screenshot", "--frames",     "--replay",    "--bank",     "--seed",    "--count",  "--question",
          "--answers",    "--time-limit", "--quiz-exam", "--db",       "--trainee", "--exam",   "--candidate",
          "--name",       "--station",    "--user-data", "--recording"}) {
        INFO(option);
        CHECK(top.out.find(option) != std::string::npos);
    }
}
