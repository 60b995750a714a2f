// `stipple heal --png`: the healed look drawn on the skin with the trainer's renderer, offscreen
// (needs a display: run under xvfb-run). The picture must show what the healing model decided:
// healed dots where they survive, bare skin where every dot was lost or none was placed yet.
#include "support/gcc12_string_literal.h"
#include "support/image_checks.h"
#include "support/process.h"

#include <SFML/Graphics/Image.hpp>
#include <catch2/catch.hpp>

#include <map>

using namespace stipple::test;

namespace {

const char* kLevel = "levels/04-crown-layers.xml";
const char* kLayered = "levels/examples/04-crown-layers.layered.csv";

/// Pixels of pigment on the skin: darker than the skin and not the blue of the zone outline or
/// the dark blue-grey around the canvas (both have more blue than red; skin and ink do not).
int pigmentPixels(const sf::Image& img) {
    std::map<uint32_t, int> count;
    for (unsigned y = 0; y < img.getSize().y; y += 2)
        for (unsigned x = 0; x < img.getSize().x; x += 2)
            count[img.getPixel(x, y).toInteger()] += 1;
    // The skin is the commonest warm colour.
    sf::Color skin;
    int best = 0;
    for (const auto& [c, n] : count)
        if (sf::Color(c).r > sf::Color(c).b && n > best) best = n, skin = sf::Color(c);
    int pigment = 0;
    for (const auto& [c, n] : count) {
        const sf::Color p(c);
        if (p.r >= p.b && luminance(p) < luminance(skin) - 30) pigment += n;
    }
    return pigment;
}

sf::Image picture(const std::string& args, const std::filesystem::path& png) {
    const Run r = runStipple(args + " --png " + quote(png));
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    sf::Image image;
    REQUIRE(image.loadFromFile(png.string()));
    return image;
}

} // namespace

TEST_CASE("heal --png draws the healed look of the attempt", "[cli][heal][display]") {
    Scratch s;
    const auto png = s.path("final.png");
    const Run r = runStipple(std::string("heal --level ") + kLevel + " --dots " + kLayered + " -o " +
                             quote(s.path("healed.csv")) + " --png " + quote(png));
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("wrote " + s.path("healed.csv").string() + " and " + png.string()) != std::string::npos);
    CHECK(!readText(s.path("healed.csv")).empty());
    sf::Image image;
    REQUIRE(image.loadFromFile(png.string()));
    CHECK(image.getSize() == sf::Vector2u{1600, 1200}); // the 40 × 30 mm canvas, 1600 px on its long side
    const int finalLook = pigmentPixels(image);
    CHECK(finalLook > 1000);
    CHECK_FALSE(std::filesystem::exists(s.path("final.png.partial.png")));

    // When session 1 begins nothing has been placed: bare skin. When session 3 begins, sessions 1
    // and 2 (342 of the 456 dots) show, healed: fewer pigment pixels than the final look.
    const std::string base = std::string("heal --level ") + kLevel + " --dots " + kLayered + " -o -";
    CHECK(pigmentPixels(picture(base + " --session 1", s.path("s1.png"))) == 0);
    const int third = pigmentPixels(picture(base + " --session 3", s.path("s3.png")));
    CHECK(third > 0);
    CHECK(third < finalLook);
}

TEST_CASE("heal --png: dots too shallow to hold pigment leave bare skin", "[cli][heal][display]") {
    Scratch s;
    // The crown's band is 0.5–1 mm with a 0.2 mm fade margin: at 0.2 mm every dot is lost.
    std::string shallow = "x_mm,y_mm,diameter_mm,depth_mm,session\n", good = shallow;
    for (int i = 0; i < 40; ++i) {
        const std::string xy = std::to_string(12 + (i % 8) * 2) + "," + std::to_string(10 + (i / 8) * 2);
        shallow += xy + ",0.4,0.2,0\n";
        good += xy + ",0.4,0.75,0\n";
    }
    const std::string base = std::string("heal --level ") + kLevel + " -o - --dots ";
    CHECK(pigmentPixels(picture(base + quote(s.write("shallow.csv", shallow)), s.path("shallow.png"))) == 0);
    CHECK(pigmentPixels(picture(base + quote(s.write("good.csv", good)), s.path("good.png"))) > 40);
}

STIPPLE_GCC12_STRING_LITERAL_BEGIN // "heal --level " + ... + "-" joins: support/gcc12_string_literal.h
TEST_CASE("heal --png into a folder that does not exist fails cleanly", "[cli][heal][display]") {
    Scratch s;
    const Run r = runStipple(std::string("heal --level ") + kLevel + " --dots " + kLayered + " -o - --png " +
                             quote(s.path("missing/dir/look.png")));
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("cannot write") != std::string::npos);
}
STIPPLE_GCC12_STRING_LITERAL_END
