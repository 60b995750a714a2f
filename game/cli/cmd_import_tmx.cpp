// `stipple import-tmx MAP.tmx -o LEVEL.xml`: converts a map drawn in the Tiled editor into a
// level file (conventions: levels/README.md, "Drawing levels in Tiled"; the conversion is
// core's tmx/tmx_import.h). Every problem is printed located in the .tmx, GCC style, and
// nothing is written unless the whole map converts.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "io/files.h"
#include "level/level_writer.h"
#include "tmx/tmx_import.h"

#include <cstdio>

namespace stipple::cli {

namespace {

const CommandDef kImportTmxDef{
    "import-tmx",
    "convert a map drawn in Tiled (.tmx) into a level",
    "usage: stipple import-tmx MAP.tmx -o LEVEL.xml\n",
    "Converts a Tiled map into a level: object layers (polygons, rectangles and ellipses as\n"
    "zones, forbidden areas and scars; a polyline as the hairline; points as target dots) and\n"
    "their custom properties. The map's properties give the level's id, title, skill,\n"
    "difficulty, brief and scale (mm-per-pixel); see levels/README.md, \"Drawing levels in\n"
    "Tiled\". Problems are printed as MAP.tmx:LINE:COL: error: MESSAGE and nothing is written.\n",
    {
        outputOption("LEVEL.xml", "output (written atomically); '-' for standard output"),
    },
    "exit status: 0 written, 1 the map has errors or the file cannot be written, 2 usage error.\n"};

std::string count(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

int runImportTmx(const std::vector<std::string>& argv) {
    const Args opt(argv, kImportTmxDef);
    if (opt.help()) {
        std::fputs(helpText(kImportTmxDef).c_str(), stdout);
        return kExitOk;
    }
    if (!opt.ok()) return usageError("import-tmx", opt.error(), helpText(kImportTmxDef));
    if (opt.positional().empty()) return usageError("import-tmx", "no map given", helpText(kImportTmxDef));
    if (opt.positional().size() > 1)
        return usageError("import-tmx", "unexpected argument '" + opt.positional()[1] + "'",
                          helpText(kImportTmxDef));
    if (!opt.value("output"))
        return usageError("import-tmx", "-o LEVEL.xml is required", helpText(kImportTmxDef));

    Diagnostics diags;
    const auto level = importTmxFile(opt.positional()[0], diags);
    std::fputs(diags.formatAll().c_str(), stderr);
    if (!level) return kExitBadInput;

    const std::string text = writeLevel(*level);
    const std::string out = *opt.value("output");
    if (isStandardOutput(out)) {
        std::fputs(text.c_str(), stdout);
        return kExitOk;
    }
    std::string error;
    if (!writeFileAtomic(out, text, error)) {
        std::fprintf(stderr, "stipple import-tmx: %s\n", error.c_str());
        return kExitBadInput;
    }
    std::printf("wrote %s: level '%s', %s, %s, %s, %s, %s\n", out.c_str(), level->id.c_str(),
                count(level->zones.size(), "zone", "zones").c_str(),
                count(level->forbidden.size(), "forbidden area", "forbidden areas").c_str(),
                count(level->scars.size(), "scar", "scars").c_str(),
                level->hairline ? "a hairline" : "no hairline",
                count(level->target.dots.size(), "target dot", "target dots").c_str());
    return kExitOk;
}

const Registration kImportTmxReg{kImportTmxDef, &runImportTmx};

} // namespace

} // namespace stipple::cli
