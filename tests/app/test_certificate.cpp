// The certificate picture (`stipple certificate --png`) under Xvfb: an A4 landscape sheet at
// 150 dpi on paper with its double border; the holder's name is drawn where the name goes (a
// longer name is wider there, and nothing above it changes); the CLI writes it only for a valid
// pass. Needs a display (label `display`).
#include "exam/signing.h"
#include "render/certificate_image.h"
#include "support/exam_results.h"
#include "support/process.h"

#include <SFML/Graphics.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace stipple;
using namespace stipple::test;

namespace {

ExamResult passed(const std::string& name, bool pass = true) {
    return sampleExamResult("C-0042", name, pass ? 81.25 : 52.5);
}

sf::Image drawn(const KeyPair& keys, const std::string& name) {
    const Verification v = verifySignedResult(signResult(passed(name), keys.secretKey), keys.publicKey);
    REQUIRE(v.valid);
    sf::Image image;
    std::string error;
    INFO(error);
    REQUIRE(render::renderCertificate(v, std::string(STIPPLE_SOURCE_DIR) + "/assets/fonts", image, error));
    return image;
}

bool dark(sf::Color c) {
    return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b < 90;
}

} // namespace

TEST_CASE("certificate picture: A4 at 150 dpi, the name where the name goes", "[certificate][render]") {
    const KeyPair keys = generateKeyPair();
    const sf::Image shortName = drawn(keys, "Al Wu");
    const sf::Image longName = drawn(keys, "Maximiliana Oyelaran-Fitzgerald");
    REQUIRE(shortName.getSize() == sf::Vector2u(render::kCertificateWidth, render::kCertificateHeight));
    // Paper at the corners and the centre of the margin; the border's ink inside it.
    CHECK(shortName.getPixel(5, 5) == sf::Color(255, 253, 248));
    CHECK(shortName.getPixel(render::kCertificateWidth - 5, render::kCertificateHeight - 5) ==
          sf::Color(255, 253, 248));
    int borderInk = 0;
    for (unsigned x = 0; x < 120; ++x)
        borderInk += dark(shortName.getPixel(x, render::kCertificateHeight / 2)) ? 1 : 0;
    CHECK(borderInk >= 8); // two rules, a few pixels each

    // The first rows that differ between the two are the name's; the long name spans more of them.
    const sf::Vector2u size = shortName.getSize();
    unsigned first = size.y;
    for (unsigned y = 0; y < size.y && first == size.y; ++y)
        for (unsigned x = 0; x < size.x; ++x)
            if (shortName.getPixel(x, y) != longName.getPixel(x, y)) {
                first = y;
                break;
            }
    REQUIRE(first > size.y / 5); // issuer and title above are the same
    REQUIRE(first < size.y / 2); // the name sits in the upper half
    auto span = [&](const sf::Image& img) {
        unsigned lo = size.x, hi = 0;
        for (unsigned y = first; y < first + 40; ++y)
            for (unsigned x = 150; x + 150 < size.x; ++x) // inside the border
                if (dark(img.getPixel(x, y))) lo = std::min(lo, x), hi = std::max(hi, x);
        return hi > lo ? hi - lo : 0u;
    };
    CHECK(span(shortName) > 80);
    CHECK(span(longName) > 3 * span(shortName));
}

TEST_CASE("stipple certificate --png: only for a valid pass", "[certificate][cli]") {
    Scratch s;
    const auto keys = s.path("keys");
    REQUIRE(runStipple("keys init --dir " + quote(keys)).exitCode == 0);
    std::string error;
    const auto secret = loadSecretKey((keys / "academy.secret").string(), error);
    REQUIRE(secret);
    const auto pass = s.write("ana.result", signResult(passed("Ana Souza"), *secret));
    const auto fail = s.write("ben.result", signResult(passed("Ben Okafor", false), *secret));
    const std::string key = " --key " + quote(keys / "academy.public");

    const Run both = runStipple("certificate " + quote(pass) + " -o " + quote(s.path("ana.html")) +
                                " --png " + quote(s.path("ana.png")) + key);
    INFO(both.err);
    REQUIRE(both.exitCode == 0);
    CHECK(both.out.find(" written to " + s.path("ana.html").string() + " and " +
                        s.path("ana.png").string()) != std::string::npos);
    sf::Image image;
    REQUIRE(image.loadFromFile(s.path("ana.png").string()));
    CHECK(image.getSize() == sf::Vector2u(1754, 1240));
    CHECK(runStipple("verify " + quote(s.path("ana.html")) + key).exitCode == 0);

    const Run pngOnly =
        runStipple("certificate " + quote(pass) + " --png " + quote(s.path("only.png")) + key);
    CHECK(pngOnly.exitCode == 0);
    CHECK(std::filesystem::exists(s.path("only.png")));
    CHECK_FALSE(std::filesystem::exists(s.path("only.png.partial.png")));

    const Run failed = runStipple("certificate " + quote(fail) + " --png " + quote(s.path("ben.png")) + key);
    CHECK(failed.exitCode == 1);
    CHECK(failed.err.find("the result is a fail") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(s.path("ben.png")));
    CHECK(runStipple("certificate " + quote(pass) + key).exitCode == 2);
}
