// `stipple scan PHOTO --level LEVEL.xml [-o DOTS.csv] [--png OVERLAY.png] [--score] [--json]`:
// reads a photo or scan of a practice sheet (`stipple sheet`), finds the dots on its canvas
// (sheet/photo_scan.h), writes them as a dots CSV, draws the detection over the straightened photo,
// and with --score prints the scorecard, depth and healing "not measured". A photo that cannot be
// measured is bad input: a message that says what to do, exit 1.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/scorecard_output.h"
#include "install/shipped_data.h"
#include "io/files.h"
#include "level/level_reader.h"
#include "scoring/dots_csv.h"
#include "sheet/photo_scan.h"
#include "sheet/scan_score.h"
#include "sheet/sheet_layout.h"

#include "cli/json_text.h"
#include "install/shipped_data.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

namespace stipple::cli {

namespace {

const CommandDef kScanDef{
    "scan",
    "find the dots on a photo of a practice sheet; --score for the scorecard",
    "usage: stipple scan PHOTO --level LEVEL.xml [-o DOTS.csv] [--png OVERLAY.png] [--score] [--json]\n",
    "Finds the dots on a photo or flatbed scan of the level's practice sheet (stipple sheet): the four\n"
    "corner markers must be in the picture; any rotation, a tilt up to about 35 degrees. JPEG or PNG.\n",
    {
        outputOption("DOTS.csv", "write the dots (x_mm,y_mm,diameter_mm: canvas millimetres, the measured\n"
                                 "diameter as the fresh diameter) for stipple score or a spreadsheet"),
        {"--png", "OVERLAY.png",
         "the straightened canvas with every detected dot outlined (green; red where\n"
         "touching dots could not be told apart), to check the detection"},
        {"--score", "", "the scorecard of the dots; depth, blowouts and healing are not measured"},
        jsonOption("the result as JSON on standard output"),
        levelOption("the level the sheet was printed for"),
    },
    ""};

/// The level files (in `folders`) whose sheets carry the marker payload `payload`.
std::vector<std::string> levelsWithPayload(const std::array<int, sheet::kCorners>& payload,
                                           const std::vector<std::string>& folders) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& folder : folders) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
            if (entry.path().extension() != ".xml") continue;
            const std::string canonical = std::filesystem::weakly_canonical(entry.path(), ec).string();
            if (!seen.insert(canonical).second) continue;
            std::string bytes, error;
            if (!readFile(entry.path().string(), bytes, error, 16 << 20)) continue;
            if (sheet::markerPayload(sheet::markerIds(sha256Hex(bytes))) == payload)
                out.push_back(entry.path().string());
        }
    }
    return out;
}

int runScan(const std::vector<std::string>& argv) {
    const Args opt(argv, kScanDef);
    if (opt.help()) {
        std::fputs(helpText(kScanDef).c_str(), stdout);
        return kExitOk;
    }
    if (!opt.ok()) return usageError("scan", opt.error(), helpText(kScanDef));
    if (opt.positional().size() != 1) return usageError("scan", "one PHOTO is required", helpText(kScanDef));
    if (!opt.value("level")) return usageError("scan", "--level is required", helpText(kScanDef));
    const std::string photoPath = opt.positional()[0];
    const std::string levelPath = *opt.value("level");
    const auto level = loadLevelReporting(levelPath);
    if (!level) return kExitBadInput;
    std::string levelBytes, photo, error;
    if (!readFile(levelPath, levelBytes, error))
        return std::fprintf(stderr, "%s: error: %s\n", levelPath.c_str(), error.c_str()), kExitBadInput;
    if (!readFile(photoPath, photo, error, int64_t{400} << 20))
        return std::fprintf(stderr, "%s: error: %s\n", photoPath.c_str(), error.c_str()), kExitBadInput;

    const auto expected = sheet::markerIds(sha256Hex(levelBytes));
    const sheet::ScanResult scan =
        sheet::scanPhoto(photo, expected, level->canvas.widthMm, level->canvas.heightMm);
    if (scan.problem != sheet::ScanProblem::None) {
        std::string message = scan.message;
        if (scan.problem == sheet::ScanProblem::OtherLevel) {
            const std::string here = std::filesystem::path(levelPath).parent_path().string();
            const auto matches = levelsWithPayload(sheet::markerPayload(scan.seenIds),
                                                   {here.empty() ? "." : here, shippedDataDir() + "/levels"});
            if (!matches.empty()) message += " (it is the sheet of " + matches.front() + ")";
        }
        std::fprintf(stderr, "%s: error: %s\n", photoPath.c_str(), message.c_str());
        return kExitBadInput;
    }

    const std::vector<Dot> dots = sheet::scannedDots(scan);
    if (const auto out = opt.value("output")) {
        std::string csv = "x_mm,y_mm,diameter_mm\n";
        char line[96];
        for (const Dot& d : dots) {
            std::snprintf(line, sizeof line, "%.4f,%.4f,%.4f\n", d.pos.x, d.pos.y,
                          static_cast<double>(d.diameterMm));
            csv += line;
        }
        if (!writeFileAtomic(*out, csv, error))
            return std::fprintf(stderr, "stipple scan: %s: %s\n", out->c_str(), error.c_str()), kExitBadInput;
    }
    if (const auto png = opt.value("png")) {
        const double scale = std::clamp(1600.0 / std::max(1, scan.rectified.width), 1.0, 4.0);
        const std::string bytes =
            sheet::overlayPng(scan, level->canvas.widthMm, level->canvas.heightMm, scale);
        if (bytes.empty() || !writeFileAtomic(*png, bytes, error))
            return std::fprintf(stderr, "stipple scan: %s: %s\n", png->c_str(),
                                error.empty() ? "cannot draw the overlay" : error.c_str()),
                   kExitBadInput;
    }

    std::vector<const sheet::ScannedDot*> merged;
    for (const auto& d : scan.dots)
        if (d.merged) merged.push_back(&d);
    std::optional<ScoreResult> scored;
    if (opt.flag("score")) scored = sheet::scoreScannedDots(LevelContext(*level), dots);

    if (opt.flag("json")) {
        nlohmann::json mergedJson = nlohmann::json::array();
        for (const auto* d : merged)
            mergedJson.push_back({{"x_mm", d->posMm.x},
                                  {"y_mm", d->posMm.y},
                                  {"diameter_mm", d->diameterMm},
                                  {"dots", d->dotsInBlob}});
        nlohmann::json j = {{"photo", photoPath},
                            {"level", level->id},
                            {"dots", dots.size()},
                            {"merged", mergedJson},
                            {"outside_canvas", scan.outsideCanvas},
                            {"photo_px", {scan.photoWidth, scan.photoHeight}},
                            {"px_per_mm", scan.pxPerMm},
                            {"edge_width_mm", scan.edgeWidthMm},
                            {"glare_fraction", scan.glareFraction},
                            {"ink_darkness", scan.inkDarkness},
                            {"marker_fit_px", scan.reprojectionPx}};
        if (scored) j["scorecard"] = scorecardJson(*level, scored->card);
        std::printf("%s\n", jsonText(j).c_str());
        return kExitOk;
    }
    std::printf("%s: %zu dots on the canvas of %s (%.1f px/mm, marker edges %.2f mm)\n", photoPath.c_str(),
                dots.size(), level->id.c_str(), scan.pxPerMm, scan.edgeWidthMm);
    if (!merged.empty()) {
        std::printf("%zu blob%s of touching dots could not be told apart; each counts as one dot:\n",
                    merged.size(), merged.size() == 1 ? "" : "s");
        for (const auto* d : merged)
            std::printf("  at %.1f, %.1f mm: about %d dots in %.2f mm\n", d->posMm.x, d->posMm.y,
                        d->dotsInBlob, d->diameterMm);
    }
    if (scan.outsideCanvas > 0)
        std::printf("%d mark%s outside the canvas ignored\n", scan.outsideCanvas,
                    scan.outsideCanvas == 1 ? "" : "s");
    if (scored) {
        std::printf("\n");
        printScorecard(*level, scored->card);
    }
    return kExitOk;
}

const Registration kScanReg{kScanDef, [](const std::vector<std::string>& argv) { return runScan(argv); }};

} // namespace

} // namespace stipple::cli
