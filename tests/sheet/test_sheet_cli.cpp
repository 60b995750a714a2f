// `stipple sheet` end to end: the PDF is the paper size at 1:1, the picture shows the four
// markers where --json says, carrying the level file's fingerprint, the canvas edge in the
// drop-out colour where --json puts the canvas, and a 100 mm ruler; bad options are refused.
#include "io/files.h"
#include "sheet/sheet_layout.h"
#include "sheet/sheet_render.h"
#include "support/process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/aruco.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <regex>

using namespace stipple::test;

namespace {

/// The page size of a one-page cairo PDF in mm, from its /MediaBox.
std::pair<double, double> mediaBoxMm(const std::string& pdf) {
    const std::regex box(R"(/MediaBox \[ *0 +0 +([0-9.]+) +([0-9.]+) *\])");
    std::smatch m;
    REQUIRE(std::regex_search(pdf, m, box));
    return {std::stod(m[1]) * 25.4 / 72.0, std::stod(m[2]) * 25.4 / 72.0};
}

std::string levelSha(const std::string& path) {
    std::string bytes, error;
    REQUIRE(stipple::readFile(std::string(STIPPLE_SOURCE_DIR) + "/" + path, bytes, error));
    return stipple::sha256Hex(bytes);
}

} // namespace

TEST_CASE("stipple sheet writes a PDF at the paper's size, 1:1 in millimetres", "[sheet][cli]") {
    Scratch s;
    for (const auto& [paper, w, h] : {std::tuple{"a4", 210.0, 297.0}, std::tuple{"letter", 215.9, 279.4}}) {
        const auto pdf = s.path(std::string("sheet-") + paper + ".pdf");
        const Run run = runStipple("sheet --level levels/03-hairline.xml -o " + quote(pdf) + " --paper " +
                                   paper + " --json");
        INFO(run.err);
        REQUIRE(run.exitCode == 0);
        const auto [pw, ph] = mediaBoxMm(readText(pdf));
        CHECK(pw == Approx(w).margin(0.05));
        CHECK(ph == Approx(h).margin(0.05));
        const auto j = nlohmann::json::parse(run.out);
        CHECK(j["canvas_mm"]["width"] == 80.0);
        CHECK(j["canvas_mm"]["height"] == 50.0);
        CHECK(j["level"] == "frontal-hairline");
        CHECK(j["level_sha256"] == levelSha("levels/03-hairline.xml"));
        // The canvas lies on the page with room for its markers.
        CHECK(j["canvas_mm"]["x"].get<double>() > 17.0 + 10.0);
        CHECK(j["canvas_mm"]["x"].get<double>() + 80.0 + 17.0 < w - 10.0);
    }
    // A frame sheet has the stencil as page 2.
    const auto frame = s.path("frame.pdf");
    REQUIRE(runStipple("sheet --level levels/03-hairline.xml --frame -o " + quote(frame)).exitCode == 0);
    const std::string pdf = readText(frame);
    CHECK(pdf.find("/Count 2") != std::string::npos);
}

TEST_CASE("the sheet picture has the level's markers, canvas and ruler where --json says", "[sheet][cli]") {
    Scratch s;
    const auto png = s.path("sheet.png");
    const std::string level = "levels/02-even-patch.xml";
    const Run run =
        runStipple("sheet --level " + level + " -o " + quote(png) + " --dpi 254 --json"); // 10 px/mm
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    const auto j = nlohmann::json::parse(run.out);
    const cv::Mat image = cv::imread(png.string(), cv::IMREAD_COLOR);
    REQUIRE(!image.empty());
    const double pxPerMm = 10.0;
    CHECK(image.cols == 2100);
    CHECK(image.rows == 2970);

    std::vector<std::vector<cv::Point2f>> corners;
    std::vector<int> ids;
    cv::aruco::detectMarkers(image, cv::aruco::getPredefinedDictionary(cv::aruco::DICT_5X5_1000), corners,
                             ids);
    REQUIRE(ids.size() == 4);
    const auto expected = stipple::sheet::markerIds(levelSha(level));
    for (size_t i = 0; i < ids.size(); ++i) {
        const int corner = ids[i] / stipple::sheet::kIdsPerCorner;
        REQUIRE(corner < 4);
        CHECK(ids[i] == expected[static_cast<size_t>(corner)]);
        const auto& placed = j["markers"][static_cast<size_t>(corner)]["corners_mm"];
        for (int k = 0; k < 4; ++k) {
            CHECK(corners[i][static_cast<size_t>(k)].x ==
                  Approx(placed[k][0].get<double>() * pxPerMm).margin(1.5));
            CHECK(corners[i][static_cast<size_t>(k)].y ==
                  Approx(placed[k][1].get<double>() * pxPerMm).margin(1.5));
        }
    }
    // The canvas edge, in the drop-out colour, at the canvas position.
    const double cx = j["canvas_mm"]["x"].get<double>() * pxPerMm,
                 cy = j["canvas_mm"]["y"].get<double>() * pxPerMm;
    const cv::Vec3b edge = image.at<cv::Vec3b>(static_cast<int>(cy + 100), static_cast<int>(std::lround(cx)));
    const auto dropOut = stipple::sheet::kDropOut;
    CHECK(std::abs(edge[2] - dropOut.r) < 40);
    CHECK(std::abs(edge[1] - dropOut.g) < 30);
    CHECK(edge[0] > 200);
    // The ruler: black ticks at 0 and 100 mm, white half way between two millimetre ticks.
    const double rx = j["ruler_mm"]["x"].get<double>() * pxPerMm,
                 ry = j["ruler_mm"]["y"].get<double>() * pxPerMm;
    const auto dark = [&](double x, double y) {
        return image.at<cv::Vec3b>(static_cast<int>(y), static_cast<int>(std::lround(x)))[1] < 100;
    };
    CHECK(dark(rx, ry - 10));
    CHECK(dark(rx + 1000, ry - 10));
    CHECK(dark(rx + 500, ry - 35));
    CHECK_FALSE(dark(rx + 505, ry - 10));
}

TEST_CASE("stipple sheet refuses what it cannot do", "[sheet][cli]") {
    Scratch s;
    CHECK(runStipple("sheet --level levels/03-hairline.xml -o " + quote(s.path("x.svg"))).exitCode == 2);
    CHECK(runStipple("sheet --level levels/03-hairline.xml -o " + quote(s.path("x.pdf")) + " --paper a3")
              .exitCode == 2);
    CHECK(runStipple("sheet -o " + quote(s.path("x.pdf"))).exitCode == 2);
    const Run missing =
        runStipple("sheet --level " + quote(s.path("none.xml")) + " -o " + quote(s.path("x.pdf")));
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.find("none.xml") != std::string::npos);
    const Run unwritable =
        runStipple("sheet --level levels/03-hairline.xml -o " + quote(s.path("no/such/dir/x.pdf")));
    CHECK(unwritable.exitCode == 1);
    CHECK(unwritable.err.find("x.pdf") != std::string::npos);
}
