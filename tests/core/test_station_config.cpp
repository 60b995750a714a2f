// The station's settings file (config/station_config.h): what each line may say, the error for
// each kind of mistake at its line, and which file wins.
#include "config/station_config.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace stipple;
using stipple::test::Scratch;

namespace {
/// Sets an environment variable for one test and puts the old value back.
struct EnvVar {
    std::string name;
    std::optional<std::string> old;
    EnvVar(std::string n, const std::optional<std::string>& value) : name(std::move(n)) {
        if (const char* v = std::getenv(name.c_str())) old = v;
        if (value)
            ::setenv(name.c_str(), value->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }
    ~EnvVar() {
        if (old)
            ::setenv(name.c_str(), old->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }
};
} // namespace

TEST_CASE("a settings file sets the store, station, trainee, data and user-data folders") {
    StationConfig c;
    Diagnostics d;
    REQUIRE(readStationConfig("\xEF\xBB\xBF# a station\n"
                              "[stipple]\n"
                              "store = postgresql://stipple@academy.example/results\n"
                              "station=Room 2, PC 4   # a comment after a value\n"
                              "trainee = \"Zoë # Martin \"\n"
                              "; another comment\n"
                              "data = /opt/stipple/share/stipple\r\n"
                              "user-data = /srv/stipple\n",
                              "stipple.conf", c, d));
    CHECK(d.empty());
    CHECK(c.store == "postgresql://stipple@academy.example/results");
    CHECK(c.station == "Room 2, PC 4");
    CHECK(c.trainee == "Zoë # Martin ");
    CHECK(c.data == "/opt/stipple/share/stipple");
    CHECK(c.userData == "/srv/stipple");
    CHECK(c.files == std::vector<std::string>{"stipple.conf"});
}

TEST_CASE("every mistake in a settings file is named at its line, and the file changes nothing") {
    StationConfig c;
    c.station = "before";
    Diagnostics d;
    CHECK_FALSE(readStationConfig("station = after\n"
                                  "stor = x.db\n"
                                  "trainee Zoë\n"
                                  "[exam]\n"
                                  "data = \"/opt/stipple\n"
                                  "user-data = \"/srv\" extra\n",
                                  "/etc/xdg/stipple/stipple.conf", c, d));
    CHECK(
        d.formatAll() ==
        "/etc/xdg/stipple/stipple.conf:2:1: error: unknown setting 'stor' (the settings are store, station, "
        "trainee, data, user-data, candidates, scale)\n"
        "/etc/xdg/stipple/stipple.conf:3:1: error: expected 'key = value', got \"trainee Zoë\"\n"
        "/etc/xdg/stipple/stipple.conf:4:1: error: unknown section [exam]: the settings go at the top or "
        "under "
        "[stipple]\n"
        "/etc/xdg/stipple/stipple.conf:5:8: error: a quoted value has no closing '\"'\n"
        "/etc/xdg/stipple/stipple.conf:6:1: error: text after the quoted value of 'user-data'\n");
    CHECK(c.station == "before");
}

TEST_CASE("the user's settings file overrides the system's, key by key") {
    Scratch s;
    s.write("etc/stipple/stipple.conf", "store = /srv/academy.db\nstation = lab\n");
    s.write("home/stipple/stipple.conf", "station = Room 2\n");
    EnvVar dirs("XDG_CONFIG_DIRS", s.path("etc").string());
    EnvVar home("XDG_CONFIG_HOME", s.path("home").string());
    EnvVar explicitFile("STIPPLE_CONFIG", std::nullopt);
    const auto paths = stationConfigPaths();
    REQUIRE(paths.size() == 2);
    CHECK(paths[0] == s.path("etc/stipple/stipple.conf").string());
    CHECK(paths[1] == s.path("home/stipple/stipple.conf").string());
    Diagnostics d;
    REQUIRE(loadStationConfig(d));
    CHECK(stationConfig().store == "/srv/academy.db");
    CHECK(stationConfig().station == "Room 2");

    SECTION("an environment variable beats the file") {
        EnvVar station("STIPPLE_STATION", std::string("from-env"));
        CHECK(settingFromEnvOrFile("STIPPLE_STATION", stationConfig().station) == "from-env");
    }
    SECTION("an empty environment variable does not") {
        EnvVar station("STIPPLE_STATION", std::string(""));
        CHECK(settingFromEnvOrFile("STIPPLE_STATION", stationConfig().station) == "Room 2");
    }
    setStationConfig({});
}

TEST_CASE("with no XDG_CONFIG_HOME the user's file is ~/.config/stipple/stipple.conf, and STIPPLE_CONFIG "
          "names another") {
    EnvVar dirs("XDG_CONFIG_DIRS", std::nullopt);
    EnvVar xdg("XDG_CONFIG_HOME", std::nullopt);
    EnvVar home("HOME", std::string("/home/u"));
    EnvVar explicitFile("STIPPLE_CONFIG", std::nullopt);
    CHECK(stationConfigPaths() ==
          std::vector<std::string>{"/etc/xdg/stipple/stipple.conf", "/home/u/.config/stipple/stipple.conf"});
    EnvVar other("STIPPLE_CONFIG", std::string("/tmp/exam-day.conf"));
    CHECK(stationConfigPaths().back() == "/tmp/exam-day.conf");
}

TEST_CASE(
    "a settings file named by STIPPLE_CONFIG that does not exist is an error, a missing default one is not") {
    Scratch s;
    EnvVar dirs("XDG_CONFIG_DIRS", s.path("etc").string());
    EnvVar xdg("XDG_CONFIG_HOME", s.path("home").string());
    {
        EnvVar explicitFile("STIPPLE_CONFIG", std::nullopt);
        Diagnostics d;
        CHECK(loadStationConfig(d));
        CHECK(d.empty());
    }
    EnvVar explicitFile("STIPPLE_CONFIG", s.path("missing.conf").string());
    Diagnostics d;
    CHECK_FALSE(loadStationConfig(d));
    REQUIRE(d.errorCount() == 1);
    CHECK(d.items()[0].file == s.path("missing.conf").string());
    CHECK(d.items()[0].message.rfind("cannot read the settings file", 0) == 0);
}

TEST_CASE("scale= sets the trainer's interface size as --scale does, and a bad one is named at its line") {
    StationConfig c;
    Diagnostics d;
    REQUIRE(readStationConfig("scale = 1.5\n", "stipple.conf", c, d));
    CHECK(c.scale == "1.5");
    StationConfig bad;
    CHECK_FALSE(readStationConfig("# big\nscale = huge\n", "stipple.conf", bad, d));
    CHECK(d.formatAll() ==
          "stipple.conf:2:9: error: scale is the interface's size, a number from 0.5 to 4 (2 on a 4K "
          "display), got 'huge'\n");
    CHECK(bad.scale.empty());
}
