// `stipple preview LEVEL.xml -o OUT.png [--target] [--size WxH]`: a picture of a level for
// course material and reviews — skin, zones, hairline, scars, forbidden areas and, with
// --target, the generated target pattern — drawn offscreen by the trainer's renderer
// (render/level_preview.h). Needs an OpenGL context, so a display (xvfb-run on a server).
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "io/files.h"
#include "io/numbers.h"
#include "render/level_preview.h"

#include <cstdio>

namespace stipple::cli {

namespace {

const CommandDef kPreviewDef{
    "preview",
    "render a level (and its target pattern) to a PNG picture",
    "usage: stipple preview LEVEL.xml -o OUT.png [--target] [--size WxH]\n",
    "Renders the level as the trainer draws its canvas: the skin, scar tissue, zone outlines,\n"
    "the hairline with the back edge of its feathering band and the forbidden areas, with a\n"
    "caption (title, size, legend, a millimetre scale bar). Rendered offscreen with OpenGL: it\n"
    "needs a display (on a server: xvfb-run stipple preview ...).\n",
    {
        outputOption("OUT.png", "the picture (PNG, written beside it and then renamed)"),
        {"--target", "",
         "also ink the level's target pattern (its target dots and the generated\n"
         "pattern) at the healed dot size, in the last session's pigment"},
        {"--size", "WxH",
         "picture size in pixels, 200-8192 each (default 1200 wide, the canvas's\n"
         "aspect ratio plus the caption)"},
    },
    "exit status: 0 written, 1 invalid level or cannot render/write, 2 usage error.\n"};

bool parseSize(const std::string& text, unsigned& w, unsigned& h) {
    const size_t x = text.find('x');
    if (x == std::string::npos) return false;
    const auto a = parseInteger(text.substr(0, x));
    const auto b = parseInteger(text.substr(x + 1));
    const auto ok = [](std::optional<int64_t> v) {
        return v && *v >= render::kPreviewMinPx && *v <= render::kPreviewMaxPx;
    };
    if (!ok(a) || !ok(b)) return false;
    w = static_cast<unsigned>(*a);
    h = static_cast<unsigned>(*b);
    return true;
}

int runPreview(const std::vector<std::string>& argv) {
    const Args opt(argv, kPreviewDef);
    if (opt.help()) {
        std::fputs(helpText(kPreviewDef).c_str(), stdout);
        return kExitOk;
    }
    if (!opt.ok()) return usageError("preview", opt.error(), helpText(kPreviewDef));
    if (opt.positional().empty()) return usageError("preview", "no level given", helpText(kPreviewDef));
    if (opt.positional().size() > 1)
        return usageError("preview", "unexpected argument '" + opt.positional()[1] + "'",
                          helpText(kPreviewDef));
    if (!opt.value("output")) return usageError("preview", "-o OUT.png is required", helpText(kPreviewDef));
    render::PreviewOptions options;
    options.target = opt.flag("target");
    if (const auto size = opt.value("size")) {
        if (!parseSize(*size, options.widthPx, options.heightPx))
            return usageError("preview", "--size must be WIDTHxHEIGHT, each 200-8192, got '" + *size + "'",
                              helpText(kPreviewDef));
    }

    const auto level = loadLevelReporting(opt.positional()[0]);
    if (!level) return kExitBadInput;
    const std::string out = *opt.value("output");
    size_t dots = 0;
    std::string error;
    if (!render::writeLevelPreview(*level, options, out, dots, error)) {
        std::fprintf(stderr, "stipple preview: %s\n", error.c_str());
        return kExitBadInput;
    }
    if (isStandardOutput(out)) return kExitOk;
    if (options.target)
        std::printf("wrote %s (%zu target dots)\n", out.c_str(), dots);
    else
        std::printf("wrote %s\n", out.c_str());
    return kExitOk;
}

const Registration kPreviewReg{kPreviewDef, &runPreview};

} // namespace

} // namespace stipple::cli
