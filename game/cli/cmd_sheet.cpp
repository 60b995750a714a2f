// `stipple sheet --level LEVEL.xml -o SHEET.pdf|SHEET.png [--paper a4|letter] [--frame] [--dpi N]
// [--json]`: the level's practice sheet, printed at 1:1 (sheet/sheet_render.h), to stipple on with a
// pen and score from a photo with `stipple scan`. `--frame` makes the frame sheet for latex skins.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "io/files.h"
#include "io/numbers.h"
#include "sheet/sheet_layout.h"
#include "sheet/sheet_render.h"

#include "cli/json_text.h"
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

namespace stipple::cli {

namespace {

const CommandDef kSheetDef{
    "sheet",
    "a printable practice sheet of a level (PDF or PNG), to score from a photo",
    "usage: stipple sheet --level LEVEL.xml -o SHEET.pdf|SHEET.png [--paper a4|letter] [--frame] [--dpi N] "
    "[--json]\n",
    "Writes the level's practice sheet: the canvas at exactly 1:1 with its zones, hairline and band,\n"
    "forbidden areas, scars and drill targets in a light blue the scanner ignores; four black markers\n"
    "around the canvas that also say which level (and which version of its file) the sheet is for; a\n"
    "100 mm ruler to check the printer kept the scale; a line of instructions. Print at 100 %.\n",
    {
        outputOption("FILE", ".pdf (to print; a frame sheet has a second page, the stencil) or .png"),
        {"--paper", "P", "a4 (default) or letter"},
        {"--frame", "",
         "a frame for latex practice skins: the markers around a window to cut out,\n"
         "and the zone outlines as a stencil on page 2"},
        {"--dpi", "N", "resolution of a .png (default 300)"},
        jsonOption("print where the canvas and the markers lie on the page (mm from the top-left)"),
        levelOption(),
    },
    ""};

std::string lowerExtension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

int runSheet(const std::vector<std::string>& argv) {
    const Args opt(argv, kSheetDef);
    if (opt.help()) {
        std::fputs(helpText(kSheetDef).c_str(), stdout);
        return kExitOk;
    }
    if (!opt.ok()) return usageError("sheet", opt.error(), helpText(kSheetDef));
    const auto out = opt.value("output");
    if (!opt.value("level") || !out)
        return usageError("sheet", "--level and -o are required", helpText(kSheetDef));
    if (!opt.positional().empty())
        return usageError("sheet", "unexpected argument '" + opt.positional()[0] + "'", helpText(kSheetDef));
    const std::string ext = lowerExtension(*out);
    if (ext != ".pdf" && ext != ".png")
        return usageError("sheet", "-o must name a .pdf or a .png file, got '" + *out + "'",
                          helpText(kSheetDef));
    const auto paper = sheet::parsePaper(opt.value("paper").value_or("a4"));
    if (!paper)
        return usageError("sheet", "--paper must be a4 or letter, got '" + *opt.value("paper") + "'",
                          helpText(kSheetDef));
    double dpi = 300.0;
    if (const auto d = opt.value("dpi")) {
        const auto v = parseNumber(*d);
        if (!v || *v < 50 || *v > 1200)
            return usageError("sheet", "--dpi must be a number from 50 to 1200, got '" + *d + "'",
                              helpText(kSheetDef));
        if (ext != ".png") return usageError("sheet", "--dpi is for a .png sheet", helpText(kSheetDef));
        dpi = *v;
    }
    const std::string levelPath = *opt.value("level");
    const auto level = loadLevelReporting(levelPath);
    if (!level) return kExitBadInput;
    std::string bytes, error;
    if (!readFile(levelPath, bytes, error))
        return std::fprintf(stderr, "%s: error: %s\n", levelPath.c_str(), error.c_str()), kExitBadInput;
    const auto layout = sheet::layoutSheet(*level, sha256Hex(bytes), *paper, opt.flag("frame"), error);
    if (!layout)
        return std::fprintf(stderr, "%s: error: %s; try --paper a4\n", levelPath.c_str(), error.c_str()),
               kExitBadInput;

    std::string file;
    const bool drawn = ext == ".pdf" ? sheet::renderSheetPdf(*level, *layout, file, error)
                                     : sheet::renderSheetPng(*level, *layout, dpi, file, error);
    if (!drawn || !writeFileAtomic(*out, file, error))
        return std::fprintf(stderr, "stipple sheet: %s: %s\n", out->c_str(), error.c_str()), kExitBadInput;

    if (opt.flag("json")) {
        nlohmann::json markers = nlohmann::json::array();
        for (const auto& m : layout->markers) {
            nlohmann::json corners = nlohmann::json::array();
            for (const Vec2 c : m.cornersMm)
                corners.push_back({c.x + layout->canvasOrigin.x, c.y + layout->canvasOrigin.y});
            markers.push_back(
                {{"corner", sheet::cornerName(m.corner)}, {"aruco_id", m.id}, {"corners_mm", corners}});
        }
        const nlohmann::json j = {{"file", *out},
                                  {"level", level->id},
                                  {"level_sha256", layout->sha256},
                                  {"paper", sheet::paperName(*paper)},
                                  {"page_mm", {layout->pageWidthMm, layout->pageHeightMm}},
                                  {"frame", layout->frame},
                                  {"canvas_mm",
                                   {{"x", layout->canvasOrigin.x},
                                    {"y", layout->canvasOrigin.y},
                                    {"width", layout->canvasWidthMm},
                                    {"height", layout->canvasHeightMm}}},
                                  {"marker_dictionary", "ARUCO_5X5_1000"},
                                  {"markers", markers},
                                  {"ruler_mm",
                                   {{"x", layout->rulerOrigin.x},
                                    {"y", layout->rulerOrigin.y},
                                    {"length", layout->rulerLengthMm}}}};
        std::printf("%s\n", jsonText(j).c_str());
    } else {
        std::printf("wrote %s: the %s sheet of level %s (version %s), canvas at %.0f,%.0f mm from the page's "
                    "top-left; "
                    "print at 100 %%\n",
                    out->c_str(), layout->frame ? "frame" : "practice", level->id.c_str(),
                    layout->fingerprint.c_str(), layout->canvasOrigin.x, layout->canvasOrigin.y);
    }
    return kExitOk;
}

const Registration kSheetReg{kSheetDef, [](const std::vector<std::string>& argv) { return runSheet(argv); }};

} // namespace

} // namespace stipple::cli
