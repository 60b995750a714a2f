// `stipple heal --level LEVEL.xml --dots FILE.csv -o HEALED.csv [--seed S] [--session K]
// [--png OUT.png]`: the attempt's dots as they look once healed (healing/healing_model.h), one row
// per dot in the input's order (healing/healed_csv.h has the columns), and a one-line summary: how
// many dots healed, faded, spread, blew out or were lost. --png also draws that look on the skin
// with the trainer's canvas renderer (render/healed_ink.h: the same ink as the practice and results
// screens), offscreen, so it needs a display (xvfb-run when headless). Deterministic for a seed.
// Bad input exits 1 with located messages; usage mistakes exit 2.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/layers.h"
#include "healing/healed_csv.h"
#include "io/files.h"
#include "io/numbers.h"
#include "render/healed_ink.h"
#include "render/image_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <span>

namespace stipple::cli {

namespace {

const CommandDef kHealDef{
    "heal",
    "heal an attempt's dots with the level's healing model: healed dots as CSV",
    "usage: stipple heal --level LEVEL.xml --dots FILE.csv -o HEALED.csv [--seed S] [--session K]\n",
    "Heals the dots of an attempt with the level's <healing> model: each dot shrinks and lightens\n"
    "as its scab falls; too-shallow dots fade or are lost; too-deep dots spread, blur and turn blue;\n"
    "scars keep less pigment. FILE.csv is a dots file (x_mm,y_mm required; diameter_mm = fresh\n"
    "diameter, 0.4 mm when absent; depth_mm, the middle of the zone's depth band when absent;\n"
    "session, shade optional). HEALED.csv has one row per dot, in the same order:\n"
    "x_mm,y_mm,diameter_mm,opacity,blur_mm,blue_shift,colour,state,session,scar,fresh_diameter_mm,depth_mm\n",
    {
        outputOption("HEALED.csv", "output (written atomically); '-' for standard output"),
        {"--seed", "S", "healing seed (default: the level's <healing seed>)"},
        {"--session", "K",
         "the look when session K (1-based) begins: only the dots of earlier sessions,\n"
         "each aged by the heal-days since its own session (default: the final look,\n"
         "every dot fully healed)"},
        {"--png", "OUT.png",
         "also draw the healed look on the skin, the whole canvas 1600 px on its long\n"
         "side (rendered offscreen; needs a display, e.g. xvfb-run)"},
        levelOption("the level (its <healing> model)"),
        dotsOption(),
    },
    ""};

constexpr float kDefaultFreshDiameterMm = 0.4f;
constexpr unsigned kPictureLongSidePx = 1600;

/// Draws `look` into `path` (written beside, then renamed into place).
bool writePicture(const Level& level, std::span<const HealedDot> look, const std::string& path) {
    const double w = level.canvas.widthMm, h = level.canvas.heightMm;
    const double scale = kPictureLongSidePx / std::max(w, h);
    const auto side = [&](double mm) {
        return std::clamp(static_cast<unsigned>(std::lround(mm * scale)), 64u, kPictureLongSidePx);
    };
    sf::Image image;
    std::string error;
    if (!render::renderHealedLook(level, look, side(w), side(h), image, error)) {
        std::fprintf(stderr, "stipple heal: cannot draw the picture: %s\n", error.c_str());
        return false;
    }
    if (!render::saveImageAtomically(image, path, error)) {
        std::fprintf(stderr, "stipple heal: %s\n", error.c_str());
        return false;
    }
    return true;
}

int runHeal(const std::vector<std::string>& argv) {
    const Args opt(argv, kHealDef);
    if (opt.help()) {
        std::fputs(helpText(kHealDef).c_str(), stdout);
        return kExitOk;
    }
    if (!opt.ok()) return usageError("heal", opt.error(), helpText(kHealDef));
    if (!opt.value("level") || !opt.value("dots"))
        return usageError("heal", "--level and --dots are required", helpText(kHealDef));
    if (!opt.value("output")) return usageError("heal", "-o HEALED.csv is required", helpText(kHealDef));
    if (!opt.positional().empty())
        return usageError("heal", "unexpected argument '" + opt.positional()[0] + "'", helpText(kHealDef));
    if (const auto png = opt.value("png"); png && png->empty())
        return usageError("heal", "--png needs a file name", helpText(kHealDef));
    uint64_t seed = 0;
    if (const auto s = opt.value("seed")) {
        const auto parsed = parseUnsigned(*s);
        if (!parsed || *parsed == 0)
            return usageError("heal", "--seed must be a whole number of at least 1, got '" + *s + "'",
                              helpText(kHealDef));
        seed = *parsed;
    }
    std::optional<int> viewSession;
    if (const auto s = opt.value("session")) {
        const auto parsed = parseUnsigned(*s);
        if (!parsed || *parsed < 1 || *parsed > 6)
            return usageError("heal", "--session must be a session number from 1, got '" + *s + "'",
                              helpText(kHealDef));
        viewSession = static_cast<int>(*parsed) - 1;
    }

    const std::string dotsPath = *opt.value("dots");
    const auto level = loadLevelReporting(*opt.value("level"));
    if (!level) return kExitBadInput;
    if (viewSession && *viewSession >= static_cast<int>(level->sessions.size())) {
        std::fprintf(stderr, "stipple heal: --session %d, but the level has %zu session%s\n",
                     *viewSession + 1, level->sessions.size(), level->sessions.size() == 1 ? "" : "s");
        return kExitBadInput;
    }
    DotsCsv dots;
    if (!readDotsReporting(dotsPath, dots)) return kExitBadInput;
    if (!checkDotsOnCanvas(dots, dotsPath, *level)) return kExitBadInput;
    if (!checkDotSessions(dots, dotsPath, *level)) return kExitBadInput;

    const HealingModel model(*level, seed);
    if (!dots.columns.diameter)
        for (auto& d : dots.dots)
            d.diameterMm = kDefaultFreshDiameterMm;
    if (!dots.columns.depth)
        for (auto& d : dots.dots) {
            const Range band = model.depthBandAt(d.pos);
            d.depthMm = static_cast<float>(0.5 * (band.min + band.max));
        }

    std::vector<Dot> shown;
    std::vector<HealedDot> look;
    if (viewSession) {
        for (const Dot& d : dots.dots)
            if (d.session < *viewSession) shown.push_back(d);
        look = model.lookAtSessionStart(shown, *viewSession);
    } else {
        shown = dots.dots;
        look = model.finalLook(shown);
    }

    int counts[5] = {0, 0, 0, 0, 0}; // healed, faded, spread, blowout, lost
    for (const HealedDot& h : look) {
        const std::string state = healedState(h);
        counts[state == "healed"    ? 0
               : state == "faded"   ? 1
               : state == "spread"  ? 2
               : state == "blowout" ? 3
                                    : 4] += 1;
    }
    const std::string out = *opt.value("output");
    if (isStandardOutput(out)) {
        std::fputs(formatHealedCsv(*level, shown, look).c_str(), stdout);
        if (const auto png = opt.value("png"))
            if (!writePicture(*level, look, *png)) return kExitBadInput;
        return kExitOk;
    }
    std::string error;
    if (!writeHealedCsv(out, *level, shown, look, error)) {
        std::fprintf(stderr, "stipple heal: %s\n", error.c_str());
        return kExitBadInput;
    }
    const std::string when = viewSession ? "at the start of session " + std::to_string(*viewSession + 1)
                                         : std::string("fully healed");
    if (const auto png = opt.value("png"))
        if (!writePicture(*level, look, *png)) return kExitBadInput;
    std::printf("%zu dots %s: %d healed, %d faded, %d spread, %d blowouts, %d lost; wrote %s%s\n",
                look.size(), when.c_str(), counts[0], counts[1], counts[2], counts[3], counts[4], out.c_str(),
                opt.value("png") ? (" and " + *opt.value("png")).c_str() : "");
    return kExitOk;
}

const Registration kHealReg{kHealDef, &runHeal};

} // namespace

} // namespace stipple::cli
