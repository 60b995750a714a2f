// `stipple import-tmx` end to end: the real binary converts the shipped example and a fixture
// into level files that `stipple validate` accepts, refuses broken maps with located messages
// without writing anything, and keeps to the exit codes (0 written, 1 bad input, 2 usage).
#include "support/process.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace stipple::test;

TEST_CASE("import-tmx writes a level that validates", "[cli][tmx]") {
    Scratch s;
    const auto out = s.path("hairline.xml");
    const Run run = runStipple("import-tmx levels/tiled/hairline-with-mole.tmx -o " + quote(out));
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    CHECK(run.out ==
          "wrote " + out.string() +
              ": level 'tiled-hairline', 1 zone, 2 forbidden areas, 0 scars, a hairline, 0 target dots\n");
    // The reference photo layer is hidden in Tiled (visible="0"): left out without a warning.
    CHECK(run.err.empty());
    const std::string text = readText(out);
    CHECK(text.find("<zone id=\"front\" name=\"Frontal scalp\" points=\"4,10 30,5 56,10 56,38 4,38\" "
                    "density-per-cm2=\"75\"") != std::string::npos);
    CHECK(text.find("<hairline points=\"6,11 18,8.5 30,7.2 42,8.5 54,11\" zone=\"front\" band-mm=\"6\"") !=
          std::string::npos);
    const Run check = runStipple("validate " + quote(out));
    CHECK(check.exitCode == 0);
    CHECK(check.err.empty());

    // '-' writes the same level to standard output.
    const Run piped = runStipple("import-tmx levels/tiled/hairline-with-mole.tmx -o -");
    CHECK(piped.exitCode == 0);
    CHECK(piped.out == text);
}

TEST_CASE("import-tmx refuses a broken map at its lines and writes nothing", "[cli][tmx]") {
    Scratch s;
    const auto out = s.path("broken.xml");
    const Run run = runStipple("import-tmx tests/fixtures/tmx/broken.tmx -o " + quote(out));
    CHECK(run.exitCode == 1);
    CHECK(run.out.empty());
    CHECK(run.err.rfind("tests/fixtures/tmx/broken.tmx:2:1: error: the map has no property 'brief'", 0) == 0);
    CHECK(
        run.err.find(
            "tests/fixtures/tmx/broken.tmx:15:51: error: <zone> attribute 'density-per-cm2' must be between "
            "1 and 400, got 900\n") != std::string::npos);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 18);
    CHECK_FALSE(std::filesystem::exists(out));

    // Not a file, not XML, not a map.
    const Run missing = runStipple("import-tmx " + quote(s.path("none.tmx")) + " -o " + quote(out));
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.find("none.tmx:1:1: error:") != std::string::npos);
    const auto level = s.write("level.tmx", "<level/>\n");
    const Run notMap = runStipple("import-tmx " + quote(level) + " -o " + quote(out));
    CHECK(notMap.exitCode == 1);
    CHECK(notMap.err ==
          level.string() +
              ":1:1: error: expected a Tiled map (a <map> root element, saved as .tmx), got <level>\n");
    CHECK_FALSE(std::filesystem::exists(out));

    // An output that cannot be written.
    const Run unwritable =
        runStipple("import-tmx tests/fixtures/tmx/complete.tmx -o " + quote(s.path("no/such/dir/x.xml")));
    CHECK(unwritable.exitCode == 1);
    CHECK(unwritable.err.find("stipple import-tmx: cannot write") != std::string::npos);
}

TEST_CASE("import-tmx usage errors exit 2, --help exits 0", "[cli][tmx]") {
    const Run help = runStipple("import-tmx --help");
    CHECK(help.exitCode == 0);
    CHECK(help.out.rfind("usage: stipple import-tmx MAP.tmx -o LEVEL.xml\n", 0) == 0);
    for (const char* args : {"import-tmx", "import-tmx levels/tiled/hairline-with-mole.tmx",
                             "import-tmx a.tmx b.tmx -o x.xml", "import-tmx a.tmx -o x.xml --scale 2"}) {
        INFO(args);
        const Run r = runStipple(args);
        CHECK(r.exitCode == 2);
        CHECK(r.err.find("usage: stipple import-tmx") != std::string::npos);
    }
    CHECK(runStipple("help").out.find("import-tmx   convert a map drawn in Tiled (.tmx) into a level") !=
          std::string::npos);
}
