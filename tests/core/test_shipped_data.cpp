// Where an installed, unpacked or build-tree Stipple finds its curriculum and assets
// (install/shipped_data.h): beside the executable, through XDG_DATA_DIRS, the source tree only
// for a binary still in its build tree, and never a folder that lacks the data.
#include "install/shipped_data.h"
#include "support/process.h"

#include <catch2/catch.hpp>

using namespace stipple;
using stipple::test::Scratch;

namespace {
/// Makes `dir` look like an installed data folder (levels/ and the regular font).
std::string makeData(const Scratch& s, const std::string& dir) {
    s.write(dir + "/levels/01.xml", "<level/>");
    s.write(dir + "/assets/fonts/DejaVuSans.ttf", "font");
    return (s.dir() / dir).string();
}
} // namespace

TEST_CASE("an unpacked package finds share/stipple beside its bin folder, wherever it is unpacked") {
    Scratch s;
    const std::string data = makeData(s, "anywhere/usr/share/stipple");
    std::filesystem::create_directories(s.path("anywhere/usr/bin"));
    ShippedDataSearch search;
    search.exeDir = s.path("anywhere/usr/bin").string();
    search.xdgDataDirs = s.path("nothing-here").string();
    CHECK(findShippedData(search) == data);
}

TEST_CASE("XDG_DATA_DIRS is searched in order, relative entries ignored, and the default is "
          "/usr/local/share:/usr/share") {
    Scratch s;
    makeData(s, "relative/stipple");
    const std::string second = makeData(s, "second/stipple");
    const std::string third = makeData(s, "third/stipple");
    ShippedDataSearch search;
    search.exeDir = s.path("bin").string(); // no share/stipple beside it
    search.xdgDataDirs = "relative:" + s.path("first").string() + ":" + s.path("second").string() + ":" +
                         s.path("third").string();
    std::vector<std::string> tried;
    CHECK(findShippedData(search, &tried) == second);
    REQUIRE(tried.size() == 3);
    CHECK(tried[1] == s.path("first/stipple").string());

    search.xdgDataDirs.clear();
    tried.clear();
    findShippedData(search, &tried);
    REQUIRE(tried.size() >= 3);
    CHECK(tried[1] == "/usr/local/share/stipple");
    CHECK(tried[2] == "/usr/share/stipple");
}

TEST_CASE("the source tree is used only by a binary that is still in its build tree") {
    Scratch s;
    const std::string source = makeData(s, "src");
    std::filesystem::create_directories(s.path("src/build"));
    ShippedDataSearch search;
    search.buildTree = s.path("src/build").string();
    search.sourceTree = source;
    search.xdgDataDirs = s.path("none").string();
    search.exeDir = s.path("src/build").string();
    CHECK(findShippedData(search) == source);
    search.exeDir = s.path("src/build/").string(); // a trailing slash is the same folder
    CHECK(findShippedData(search) == source);
    search.exeDir = s.path("src/build/tests").string(); // the test programs
    CHECK(findShippedData(search) == source);
    search.exeDir = s.path("src/build-other").string(); // a sibling whose name starts the same is not in it
    CHECK(findShippedData(search).empty());

    // The same binary copied (installed) elsewhere, with no data beside it: not found, and the
    // folders it looked in are listed for the error message.
    search.exeDir = s.path("installed/bin").string();
    std::vector<std::string> tried;
    CHECK(findShippedData(search, &tried).empty());
    REQUIRE(tried.size() == 2);
    CHECK(tried[0] == s.path("installed/share/stipple").string());
}

TEST_CASE("a folder without levels/ or without the font is not a data folder") {
    Scratch s;
    s.write("a/levels/01.xml", "<level/>");
    s.write("b/assets/fonts/DejaVuSans.ttf", "font");
    CHECK_FALSE(isShippedDataDir(s.path("a").string()));
    CHECK_FALSE(isShippedDataDir(s.path("b").string()));
    CHECK_FALSE(isShippedDataDir(""));
    CHECK(isShippedDataDir(makeData(s, "c")));
}

TEST_CASE("an explicit data folder (STIPPLE_DATA, --data, the config file) is used as given") {
    Scratch s;
    const std::string beside = makeData(s, "usr/share/stipple");
    ShippedDataSearch search;
    search.exeDir = s.path("usr/bin").string();
    search.explicitDir = s.path("mine").string();
    CHECK(findShippedData(search) == s.path("mine").string()); // the error then names that folder
    search.explicitDir.clear();
    CHECK(findShippedData(search) == beside);
}
