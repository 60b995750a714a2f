// `stipple generate --level LEVEL.xml [--seed S] [--style STYLE] -o FILE.csv`: the level's ideal
// target pattern as a dots file, or an example attempt in a teaching style (good, sparse,
// clumped, grid) for course material and tests. Deterministic for a seed.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "ink/density_field.h"
#include "io/files.h"
#include "io/numbers.h"
#include "pattern/example_attempts.h"
#include "pattern/poisson_disk.h"
#include "scoring/score_attempt.h"

#include <cstdio>

namespace stipple::cli {

namespace {

const CommandDef kGenerateDef{
    "generate",
    "write a level's target pattern or an example attempt as dots CSV",
    "usage: stipple generate --level LEVEL.xml -o FILE.csv [--seed S] [--style STYLE]\n",
    "Writes the level's ideal target pattern (its explicit target dots and/or a Poisson-disk\n"
    "pattern following its zones, hairline ramp and forbidden areas) as a dots CSV file.\n",
    {
        {"--seed", "S", "pattern seed (default: the level's <target seed>)"},
        {"--style", "STYLE",
         "instead of the ideal pattern, an example attempt: good, sparse, clumped, grid,\n"
         "or over the level's sessions: layered (into the gaps), stacked (on top)"},
        outputOption("FILE.csv", "output (written atomically); '-' for standard output"),
        levelOption(),
    },
    ""};

int runGenerate(const std::vector<std::string>& argv) {
    const Args opt(argv, kGenerateDef);
    if (opt.help()) {
        std::fputs(helpText(kGenerateDef).c_str(), stdout);
        return kExitOk;
    }
    if (!opt.ok()) return usageError("generate", opt.error(), helpText(kGenerateDef));
    if (!opt.value("level")) return usageError("generate", "--level is required", helpText(kGenerateDef));
    if (!opt.value("output"))
        return usageError("generate", "-o FILE.csv is required", helpText(kGenerateDef));
    if (!opt.positional().empty())
        return usageError("generate", "unexpected argument '" + opt.positional()[0] + "'",
                          helpText(kGenerateDef));
    uint64_t seed = 0;
    if (const auto s = opt.value("seed")) {
        const auto parsed = parseUnsigned(*s);
        if (!parsed)
            return usageError("generate", "--seed must be a non-negative whole number, got '" + *s + "'",
                              helpText(kGenerateDef));
        seed = *parsed;
    }
    std::optional<AttemptStyle> style;
    if (const auto s = opt.value("style")) {
        style = parseAttemptStyle(*s);
        if (!style)
            return usageError("generate",
                              "--style must be good, sparse, clumped, grid, layered or stacked, got '" + *s +
                                  "'",
                              helpText(kGenerateDef));
    }
    const auto level = loadLevelReporting(*opt.value("level"));
    if (!level) return kExitBadInput;

    // The layered/stacked styles record each session's pigment (session/pigment.h).
    std::vector<ExampleDot> example;
    if (style) {
        example = exampleAttempt(*level, *style, seed ? seed : level->target.seed);
    } else {
        // The target pattern, each dot at the middle of its zone's depth band.
        const DensityField field(*level);
        for (const auto& t : targetPattern(*level, seed)) {
            const int z = field.zoneAt(t.pos);
            const Range depth = z >= 0 ? level->zones[static_cast<size_t>(z)].depthMm : Range{0.5, 1.0};
            example.push_back({t.pos, t.diameterMm, 0.5 * (depth.min + depth.max)});
        }
    }
    const std::vector<Dot> dots = dotsOfExample(example);
    const std::string out = *opt.value("output");
    if (isStandardOutput(out)) {
        std::fputs(formatDotsCsv(dots).c_str(), stdout);
        return kExitOk;
    }
    std::string error;
    if (!writeDotsCsv(out, dots, error)) {
        std::fprintf(stderr, "stipple generate: %s\n", error.c_str());
        return kExitBadInput;
    }
    std::fprintf(stdout, "wrote %zu dots to %s\n", dots.size(), out.c_str());
    return kExitOk;
}

const Registration kGenerateReg{kGenerateDef, &runGenerate};

} // namespace

} // namespace stipple::cli
