// The photo scanner (sheet/photo_scan.h) on photographs made in software (support/photo_sim.h):
// sheets inked with dots of known places and sizes, photographed at random rotations, tilts up
// to 35 degrees, distances, light, shadow, vignetting, noise, blur, JPEG and clutter.
#include "io/files.h"
#include "level/level_reader.h"
#include "pattern/example_attempts.h"
#include "scoring/level_context.h"
#include "scoring/score_attempt.h"
#include "sheet/photo_scan.h"
#include "sheet/scan_score.h"
#include "sheet/sheet_layout.h"
#include "support/photo_sim.h"
#include "support/process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

using namespace stipple;
using namespace stipple::test;

namespace {

struct LoadedLevel {
    Level level;
    std::string sha;
};

LoadedLevel load(const std::string& rel) {
    const std::string path = std::string(STIPPLE_SOURCE_DIR) + "/" + rel;
    Diagnostics diagnostics;
    auto level = loadLevelFile(path, diagnostics);
    REQUIRE(level);
    std::string bytes, error;
    REQUIRE(readFile(path, bytes, error));
    return {*level, sha256Hex(bytes)};
}

std::vector<DetectedDot> detectedOf(const sheet::ScanResult& r) {
    std::vector<DetectedDot> out;
    for (const auto& d : r.dots)
        out.push_back({d.posMm, d.diameterMm});
    return out;
}

} // namespace

TEST_CASE("scanning photos of inked sheets finds the dots where they are, at their size", "[scan]") {
    const LoadedLevel l = load("levels/02-even-patch.xml");
    std::string error;
    const auto layout = sheet::layoutSheet(l.level, l.sha, sheet::Paper::A4, false, error);
    REQUIRE(layout);
    DetectionFigures all;
    double c2 = 0, d2 = 0;
    for (uint64_t seed = 1; seed <= 5; ++seed) {
        const auto dots = randomInkDots(l.level, 160, seed);
        PhotoSpec spec;
        spec.seed = seed;
        spec.pxPerMm = 8.0 + 1.5 * static_cast<double>(seed - 1);
        if (seed == 5) { // a flatbed scan at 300 dpi: flat, square, even light, white paper clipped, PNG
            spec.pxPerMm = 300 / 25.4;
            spec.maxTiltDeg = 0;
            spec.rotationDeg = 180;
            spec.unevenLight = false;
            spec.clutter = false;
            spec.exposure = 1.3;
            spec.blurPx = 0.5;
            spec.noise = 0.005;
            spec.jpegQuality = 0;
        }
        const std::string photo = photographSheet(l.level, *layout, dots, spec);
        const auto scan =
            sheet::scanPhoto(photo, sheet::markerIds(l.sha), l.level.canvas.widthMm, l.level.canvas.heightMm);
        INFO("seed " << seed << ": " << scan.message);
        REQUIRE(scan.problem == sheet::ScanProblem::None);
        const DetectionFigures f = compareDetection(dots, detectedOf(scan));
        if (const char* dump = std::getenv("STIPPLE_SCAN_DUMP")) { // look at what the scanner saw
            writeFileAtomic(std::string(dump) + "/photo-" + std::to_string(seed) + ".jpg", photo, error);
            const std::string png =
                sheet::overlayPng(scan, l.level.canvas.widthMm, l.level.canvas.heightMm, 3.0);
            cv::Mat overlay = cv::imdecode(std::vector<uint8_t>(png.begin(), png.end()), cv::IMREAD_COLOR);
            for (const auto& d : dots) {
                const double k = scan.rectified.pxPerMm * 3.0;
                const cv::Point c(static_cast<int>((d.posMm.x + scan.marginMm) * k),
                                  static_cast<int>((d.posMm.y + scan.marginMm) * k));
                cv::drawMarker(overlay, c, cv::Scalar(255, 0, 255), cv::MARKER_CROSS, 8, 1);
            }
            cv::imwrite(std::string(dump) + "/overlay-" + std::to_string(seed) + ".png", overlay);
            std::string csv = "x_mm,y_mm,diameter_mm\n";
            for (const auto& d : dots)
                csv += std::to_string(d.posMm.x) + "," + std::to_string(d.posMm.y) + "," +
                       std::to_string(d.diameterMm) + "\n";
            writeFileAtomic(std::string(dump) + "/truth-" + std::to_string(seed) + ".csv", csv, error);
        }
        std::printf("seed %llu: %.1f px/mm, edge %.2f mm, ink %.2f, guide %.2f, %d/%d found, %d detected, %d "
                    "false, centre RMS %.3f mm, "
                    "diameter RMS %.3f mm (max %.3f), %d merged\n",
                    static_cast<unsigned long long>(seed), scan.pxPerMm, scan.edgeWidthMm, scan.inkDarkness,
                    scan.guideDarkness, f.found, f.truth, f.detected, f.falseDots, f.centreRmsMm,
                    f.diameterRmsMm, f.diameterMaxMm, scan.mergedBlobs);
        all.truth += f.truth;
        all.found += f.found;
        all.detected += f.detected;
        all.falseDots += f.falseDots;
        c2 += f.centreRmsMm * f.centreRmsMm * f.found;
        d2 += f.diameterRmsMm * f.diameterRmsMm * f.found;
    }
    const double centreRms = std::sqrt(c2 / all.found), diameterRms = std::sqrt(d2 / all.found);
    CHECK(all.found >= 0.99 * all.truth);
    CHECK(all.falseDots <= 0.01 * all.detected);
    CHECK(centreRms <= 0.05);
    CHECK(diameterRms <= 0.05);
}

namespace {

struct SheetPhoto {
    LoadedLevel level;
    sheet::SheetLayout layout;
};

SheetPhoto sheetOf(const std::string& rel) {
    SheetPhoto s{load(rel), {}};
    std::string error;
    const auto layout = sheet::layoutSheet(s.level.level, s.level.sha, sheet::Paper::A4, false, error);
    REQUIRE(layout);
    s.layout = *layout;
    return s;
}

/// The dots of an example attempt as a pen would ink them: the fresh diameter.
std::vector<InkDot> inkOf(const std::vector<ExampleDot>& example) {
    std::vector<InkDot> out;
    for (const auto& d : example)
        out.push_back({d.pos, d.diameterMm * kFreshToHealedRatio});
    return out;
}

std::vector<Dot> dotsOf(const std::vector<InkDot>& ink) {
    std::vector<Dot> out;
    for (const auto& d : ink) {
        Dot dot;
        dot.pos = d.posMm;
        dot.diameterMm = static_cast<float>(d.diameterMm);
        out.push_back(dot);
    }
    return out;
}

} // namespace

TEST_CASE("the scorecard of a scanned photo gives the true dots' verdict, within 2 points", "[scan][score]") {
    const SheetPhoto s = sheetOf("levels/02-even-patch.xml");
    const LevelContext context(s.level.level);
    int seed = 10;
    for (const AttemptStyle style : {AttemptStyle::Good, AttemptStyle::Sparse, AttemptStyle::Clumped}) {
        const std::vector<InkDot> ink =
            inkOf(exampleAttempt(s.level.level, style, static_cast<uint64_t>(seed)));
        PhotoSpec spec;
        spec.seed = static_cast<uint64_t>(++seed);
        spec.pxPerMm = 9.0;
        const auto scan = sheet::scanPhoto(photographSheet(s.level.level, s.layout, ink, spec),
                                           sheet::markerIds(s.level.sha), s.level.level.canvas.widthMm,
                                           s.level.level.canvas.heightMm);
        INFO(attemptStyleName(style) << ": " << scan.message);
        REQUIRE(scan.problem == sheet::ScanProblem::None);
        const auto truthDots = dotsOf(ink);
        const auto truth = sheet::scoreScannedDots(context, truthDots).card;
        const auto seen = sheet::scoreScannedDots(context, sheet::scannedDots(scan)).card;
        std::printf("%s: %zu dots, %zu found; truth %.1f %s, scanned %.1f %s\n", attemptStyleName(style),
                    ink.size(), scan.dots.size(), truth.overall, truth.passed ? "passed" : "not passed",
                    seen.overall, seen.passed ? "passed" : "not passed");
        CHECK(seen.passed == truth.passed);
        CHECK(std::abs(seen.overall - truth.overall) <= 2.0);
        // Depth is never guessed: it is listed as not measured and has no value.
        CHECK(seen.find("depth") == nullptr);
        CHECK(std::any_of(seen.notMeasured.begin(), seen.notMeasured.end(),
                          [](const NotMeasured& m) { return m.id == "depth"; }));
    }
}

TEST_CASE("stipple scan writes the dots, the overlay and the scorecard", "[scan][cli]") {
    const SheetPhoto s = sheetOf("levels/02-even-patch.xml");
    const auto ink = randomInkDots(s.level.level, 120, 21, 0.3, 1.0, 0.0);
    PhotoSpec spec;
    spec.seed = 21;
    Scratch dir;
    const auto photo = dir.write("photo.jpg", photographSheet(s.level.level, s.layout, ink, spec));
    const Run run = runStipple("scan " + quote(photo) + " --level levels/02-even-patch.xml -o " +
                               quote(dir.path("dots.csv")) + " --png " + quote(dir.path("overlay.png")) +
                               " --score --json");
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    const auto j = nlohmann::json::parse(run.out);
    CHECK(j["dots"].get<size_t>() >= ink.size() * 99 / 100);
    CHECK(j["dots"].get<size_t>() <= ink.size() + 1);
    CHECK(j["scorecard"]["level"] == "even-patch");
    bool depthNotMeasured = false;
    for (const auto& m : j["scorecard"]["not_measured"])
        depthNotMeasured = depthNotMeasured || m["id"] == "depth";
    CHECK(depthNotMeasured);
    for (const auto& m : j["scorecard"]["metrics"])
        CHECK(m["id"] != "depth");
    const std::string csv = readText(dir.path("dots.csv"));
    CHECK(csv.rfind("x_mm,y_mm,diameter_mm\n", 0) == 0);
    CHECK(static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n')) == j["dots"].get<size_t>() + 1);
    // The CSV scores with stipple score like any dots file.
    const Run score = runStipple("score --level levels/02-even-patch.xml --dots " +
                                 quote(dir.path("dots.csv")) + " --json");
    INFO(score.err);
    CHECK(score.exitCode == 0);
    const cv::Mat overlay = cv::imread(dir.path("overlay.png").string());
    CHECK(overlay.cols >= 1000);
    // The table names what a photo cannot measure.
    const Run table = runStipple("scan " + quote(photo) + " --level levels/02-even-patch.xml --score");
    CHECK(table.exitCode == 0);
    CHECK(table.out.find("not measured") != std::string::npos);
}

TEST_CASE("bad photos are refused with a message that says what to do", "[scan][cli]") {
    const SheetPhoto s = sheetOf("levels/02-even-patch.xml");
    const auto ink = randomInkDots(s.level.level, 60, 5, 0.3, 1.0, 0.0);
    Scratch dir;
    const std::string level = " --level levels/02-even-patch.xml";
    auto scan = [&](const std::string& name, const std::string& bytes) {
        const auto photo = dir.write(name, bytes);
        return runStipple("scan " + quote(photo) + level);
    };
    auto expectRefused = [](const Run& run, const std::vector<std::string>& words) {
        INFO(run.err);
        CHECK(run.exitCode == 1);
        for (const auto& w : words)
            CHECK(run.err.find(w) != std::string::npos);
    };
    SECTION("not an image") {
        expectRefused(scan("notes.jpg", "x_mm,y_mm\n1,2\n"), {"notes.jpg", "not a picture"});
        PhotoSpec spec;
        const std::string jpeg = photographSheet(s.level.level, s.layout, ink, spec);
        expectRefused(scan("cut.jpg", jpeg.substr(0, 200)), {"cut.jpg", "not a picture"});
        expectRefused(runStipple("scan " + quote(dir.path("missing.jpg")) + level), {"missing.jpg"});
    }
    SECTION("a picture that declares more pixels than can be scanned is refused before it is decoded") {
        // Issue 16, hole 7: a few bytes can declare a billion pixels, which the decoder allocated
        // (2.7 GB) before the size was checked. PNG: 30000 x 30000 in IHDR (with its CRC: libpng
        // accepts the header); JPEG: 40000 x 40000 in SOF0.
        std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\x0dIHDR", 8) +
                          std::string("\0\0\x75\x30\0\0\x75\x30\x08\x02\0\0\0", 13) +
                          std::string("\xe9\x45\x6f\xed", 4);
        expectRefused(scan("bomb.png", png), {"bomb.png", "more than 100 megapixels", "30000 x 30000"});
        const std::string jpeg =
            std::string("\xFF\xD8\xFF\xC0\x00\x11\x08\x9C\x40\x9C\x40\x03", 12) + std::string(15, '\x01');
        expectRefused(scan("bomb.jpg", jpeg), {"bomb.jpg", "more than 100 megapixels", "40000 x 40000"});
        expectRefused(scan("sheet.bmp", "BM" + std::string(100, '\0')),
                      {"sheet.bmp", "not a picture", "JPEG and PNG"});
    }
    SECTION("no sheet: a corner out of the picture") {
        PhotoSpec spec;
        spec.maxTiltDeg = 0;
        spec.rotationDeg = 0;
        spec.shiftMm = {-55.0, 0.0}; // the sheet slides right: the right-hand markers leave the picture
        const Run run = scan("corner.jpg", photographSheet(s.level.level, s.layout, ink, spec));
        expectRefused(run, {"corner.jpg", "top-left", "All four corners", "top-right"});
        PhotoSpec table;
        table.shiftMm = {500.0, 0.0}; // only the table
        expectRefused(scan("table.jpg", photographSheet(s.level.level, s.layout, ink, table)),
                      {"none of the four"});
    }
    SECTION("a sheet of another level") {
        const SheetPhoto other = sheetOf("levels/03-hairline.xml");
        PhotoSpec spec;
        spec.pxPerMm = 7.0;
        expectRefused(scan("other.jpg", photographSheet(other.level.level, other.layout, {}, spec)),
                      {"another level", "03-hairline.xml"});
    }
    SECTION("too blurred") {
        PhotoSpec spec;
        spec.blurPx = 2.0;
        expectRefused(scan("blurred.jpg", photographSheet(s.level.level, s.layout, ink, spec)),
                      {"too blurred", "focus"});
    }
    SECTION("too small") {
        PhotoSpec spec;
        spec.pxPerMm = 3.5;
        spec.maxTiltDeg = 10;
        expectRefused(scan("small.jpg", photographSheet(s.level.level, s.layout, ink, spec)),
                      {"too small", "pixels per millimetre"});
    }
    SECTION("glare over part of the canvas") {
        PhotoSpec spec;
        spec.glare = 1.5;
        const Run run = scan("glare.jpg", photographSheet(s.level.level, s.layout, ink, spec));
        if (std::getenv("STIPPLE_SCAN_DUMP"))
            std::filesystem::copy_file(dir.path("glare.jpg"),
                                       std::string(std::getenv("STIPPLE_SCAN_DUMP")) + "/glare.jpg",
                                       std::filesystem::copy_options::overwrite_existing);
        expectRefused(run, {"glare", "washed out"});
    }
}

// Not run by default: writes the README's example photo (a good hairline attempt on level 03's
// sheet, photographed at an angle) to $STIPPLE_SCAN_DUMP/sheet-photo.jpg.
TEST_CASE("README example photo", "[.demo]") {
    const char* dump = std::getenv("STIPPLE_SCAN_DUMP");
    REQUIRE(dump);
    const SheetPhoto s = sheetOf("levels/03-hairline.xml");
    const auto ink = inkOf(exampleAttempt(s.level.level, AttemptStyle::Good, 3));
    PhotoSpec spec;
    spec.seed = 33;
    spec.width = 2400;
    spec.height = 1800;
    spec.pxPerMm = 12.0;
    spec.maxTiltDeg = 25;
    std::string error;
    REQUIRE(writeFileAtomic(std::string(dump) + "/sheet-photo.jpg",
                            photographSheet(s.level.level, s.layout, ink, spec), error));
}
