// The settings file as a station uses it: the program reads it at start-up, an option or an
// environment variable overrides it, and a broken file stops the program at its line.
#include "support/process.h"

#include <catch2/catch.hpp>

using namespace stipple::test;

namespace {
/// `stipple ARGS` with the settings file `conf` (STIPPLE_CONFIG) and no STIPPLE_STORE of the caller.
Run withConfig(const std::filesystem::path& conf, const std::string& env, const std::string& args) {
    return runStipple("--version >/dev/null; env -u STIPPLE_STORE STIPPLE_CONFIG=" + quote(conf) + " " + env +
                      " " + quote(STIPPLE_BINARY) + " " + args);
}
} // namespace

TEST_CASE(
    "the settings file's store is where results are read, unless STIPPLE_STORE or --store says otherwise") {
    // `results list` on a store where nothing was saved yet names the store it read.
    Scratch s;
    const auto conf = s.write("stipple.conf", "store = " + s.path("from-file.db").string() + "\n");
    Run r = withConfig(conf, "", "results list");
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("no results database at " + s.path("from-file.db").string()) != std::string::npos);

    r = withConfig(conf, "STIPPLE_STORE=" + quote(s.path("from-env.db")), "results list");
    CHECK(r.out.find("no results database at " + s.path("from-env.db").string()) != std::string::npos);
    CHECK(r.out.find("from-file.db") == std::string::npos);

    r = withConfig(conf, "", "results list --store " + quote(s.path("from-option.db")));
    CHECK(r.out.find("no results database at " + s.path("from-option.db").string()) != std::string::npos);
    CHECK(r.out.find("from-file.db") == std::string::npos);
}

TEST_CASE("the settings file's data folder is where the trainer finds its fonts and levels, unless --data "
          "says otherwise") {
    Scratch s;
    const auto conf = s.write("stipple.conf", "data = " + s.path("no-data-here").string() + "\n");
    Run r = withConfig(conf, "", "--screenshot " + quote(s.path("a.png")) + " --size 640x480");
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("no-data-here") != std::string::npos);
    r = withConfig(conf, "",
                   "--data " + quote(STIPPLE_SOURCE_DIR) + " --screenshot " + quote(s.path("b.png")) +
                       " --size 640x480");
    CHECK(r.exitCode == 0);
    CHECK(std::filesystem::file_size(s.path("b.png")) > 10000);
}

TEST_CASE("a broken settings file stops every command with its line, exit 1, but --help and --version still "
          "answer") {
    Scratch s;
    const auto conf = s.write("stipple.conf", "# station\nstoer = x.db\n");
    Run r = withConfig(conf, "",
                       "validate " + quote(std::string(STIPPLE_SOURCE_DIR) + "/levels/01-dot-drill.xml"));
    CHECK(r.exitCode == 1);
    CHECK(r.err.find(conf.string() + ":2:1: error: unknown setting 'stoer'") != std::string::npos);
    CHECK(withConfig(conf, "", "--version").exitCode == 0);
    CHECK(withConfig(conf, "", "--help").exitCode == 0);
}
