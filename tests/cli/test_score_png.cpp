// `stipple score --png`: the picture a trainee would see, rendered offscreen (needs a display:
// run under xvfb-run).
#include "support/process.h"

#include <SFML/Graphics/Image.hpp>
#include <catch2/catch.hpp>

#include <set>

using namespace stipple::test;

TEST_CASE("score --png writes the results picture of the attempt", "[cli][score][display]") {
    Scratch s;
    const auto csv = s.path("clumped.csv");
    const auto png = s.path("card.png");
    REQUIRE(
        runStipple("generate --level levels/02-even-patch.xml --style clumped -o " + quote(csv)).exitCode ==
        0);
    const Run r =
        runStipple("score --level levels/02-even-patch.xml --dots " + quote(csv) + " --png " + quote(png));
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("NOT PASSED") != std::string::npos);
    sf::Image image;
    REQUIRE(image.loadFromFile(png.string()));
    // As tall as its metric rows need (every row shows), never shorter than the screen.
    CHECK(image.getSize().x == 1600);
    CHECK(image.getSize().y >= 1000);
    // Not blank: the picture has many distinct colours (text, charts, skin, dots).
    std::set<uint32_t> colours;
    for (unsigned y = 0; y < 1000; y += 5)
        for (unsigned x = 0; x < 1600; x += 5)
            colours.insert(image.getPixel(x, y).toInteger());
    CHECK(colours.size() > 100);
    CHECK_FALSE(std::filesystem::exists(s.path("card.png.partial.png")));
}

TEST_CASE("score --png to a folder that does not exist fails cleanly", "[cli][score][display]") {
    Scratch s;
    const auto csv = s.path("good.csv");
    REQUIRE(runStipple("generate --level levels/02-even-patch.xml -o " + quote(csv)).exitCode == 0);
    const Run r = runStipple("score --level levels/02-even-patch.xml --dots " + quote(csv) + " --png " +
                             quote(s.path("missing/dir/card.png")));
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("cannot write") != std::string::npos);
}
