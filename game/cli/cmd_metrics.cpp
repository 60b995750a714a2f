// `stipple metrics --dots FILE.csv`: the point-pattern statistics of a dots file — density,
// spacing, gaps, overlaps, Clark–Evans, grid order, spectrum, counts in cells — as a readable
// table with what natural, even SMP looks like beside each number, or as JSON for scripts.
// The window is the dots' bounding box unless --window gives one; a dot outside an explicit
// window is an error naming its line. Exit 0 done, 1 bad input, 2 usage error.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "io/diagnostics.h"
#include "io/numbers.h"
#include "scoring/dots_csv.h"
#include "scoring/point_stats.h"

#include "cli/json_text.h"
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <string>

namespace stipple::cli {

namespace {

constexpr double kDefaultDiameterMm = 0.2;   // SCORING.md: healed dots 0.10–0.30 mm
constexpr double kDefaultMinSpacingMm = 0.6; // SCORING.md: minimum centre spacing 0.6–1.0 mm
constexpr int kMaxPrintedErrors = 50;

const CommandDef kMetricsDef{
    "metrics",
    "point-pattern statistics of a dots CSV file (spacing, Clark-Evans, order)",
    "usage: stipple metrics --dots FILE.csv [--window X0,Y0,X1,Y1] [--json]\n"
    "                       [--min-spacing MM] [--diameter MM] [--guard MM]\n",
    "Point-pattern statistics of a dots file: density, nearest-neighbour spacing,\n"
    "largest gap, overlapping dots, Clark-Evans R (naive, Donnelly, guard), grid order\n"
    "(Psi4, Psi6, A2), structure-factor peak, quadrat VMR and local evenness.\n",
    {
        dotsOption("header x_mm,y_mm[,diameter_mm][,depth_mm][,session][,shade][,tick]"),
        jsonOption("one JSON object on stdout instead of the table"),
        {"--min-spacing", "MM", "minimum centre spacing for violations (default 0.6)"},
        {"--diameter", "MM",
         "healed dot diameter for overlaps, for every dot (default: the\n"
         "file's diameter_mm column, else 0.2)"},
        {"--guard", "MM", "guard-region width for Clark-Evans (default 1/sqrt(density))"},
        {"--window", "X0,Y0,X1,Y1", "the observation window in mm (default: the dots' bounding box)"},
    },
    "  --window X0,Y0,X1,Y1 rectangle in mm (default: the dots' bounding box); every dot\n"
    "                       must lie inside it\n"
    "\n"
    "exit status: 0 done, 1 bad input (the message names the file and line), 2 usage error.\n"};

/// A non-negative length option; false (with a usage message printed) when malformed.
bool lengthOption(const Args& args, const char* name, std::optional<double>& out, int& exitCode) {
    const auto text = args.value(name);
    if (!text) return true;
    const auto v = parseNumber(*text);
    if (!v || *v < 0.0) {
        exitCode = usageError("metrics",
                              std::string("--") + name + " must be a length in mm (a number >= 0), got '" +
                                  *text + "'",
                              helpText(kMetricsDef));
        return false;
    }
    out = *v;
    return true;
}

std::optional<Rect> parseWindow(const std::string& text) {
    double v[4];
    size_t start = 0;
    for (int i = 0; i < 4; ++i) {
        const size_t comma = text.find(',', start);
        if ((i < 3) == (comma == std::string::npos)) return std::nullopt;
        const auto n = parseNumber(trim(
            std::string_view(text).substr(start, comma == std::string::npos ? text.npos : comma - start)));
        if (!n) return std::nullopt;
        v[i] = *n;
        start = comma + 1;
    }
    if (!(v[2] > v[0]) || !(v[3] > v[1])) return std::nullopt;
    return Rect{{v[0], v[1]}, {v[2], v[3]}};
}

nlohmann::json orNull(const std::optional<double>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

/// Pads to `width` display columns (UTF-8 aware: Ψ, ², – are one column each).
std::string pad(const std::string& s, size_t width) {
    size_t columns = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++columns;
    return columns >= width ? s + " " : s + std::string(width - columns, ' ');
}

std::string fmt(const char* format, double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, v);
    return buffer;
}

std::string fmtOr(const char* format, const std::optional<double>& v) {
    return v ? fmt(format, *v) : "undefined";
}

void printTable(const std::string& file, const PointStats& s, const Rect& window, bool windowGiven,
                const std::string& diameterSource, double uniformDiameter) {
    std::printf("stipple metrics: %s — %lld dots, window [%g, %g, %g, %g] (%s), %g mm²\n\n", file.c_str(),
                static_cast<long long>(s.count), window.min.x, window.min.y, window.max.x, window.max.y,
                windowGiven ? "--window" : "bounding box of the dots", s.areaMm2);
    const auto row = [](const std::string& name, const std::string& value, const std::string& hint) {
        std::printf("%s%s%s\n", pad(name, 34).c_str(), hint.empty() ? value.c_str() : pad(value, 18).c_str(),
                    hint.c_str());
    };
    row("statistic", "value", "natural, even SMP");
    row("density (dots/cm²)",
        s.densityPerCm2 ? fmt("%.1f", *s.densityPerCm2) + " ± " + fmt("%.1f", *s.densitySePerCm2)
                        : "undefined",
        "60–100 mid-scalp (final session)");
    row("mean NN distance (mm)", fmtOr("%.4f", s.meanNnMm), "");
    row("NN distance sd (mm)", fmtOr("%.4f", s.nnSdMm), "");
    row("NN distance CV", fmtOr("%.3f", s.nnCv), "0.09–0.16 (uniform random 0.52)");
    row("closest pair (mm)", fmtOr("%.4f", s.minNnMm), "");
    row("dots closer than " + fmt("%g", s.minSpacingMm) + " mm",
        std::to_string(s.minSpacingViolations) +
            (s.minSpacingFraction ? fmt(" (%.1f %%)", 100 * *s.minSpacingFraction) : ""),
        "0");
    row("largest gap, diameter (mm)",
        s.largestGapMm ? fmt("%.3f", *s.largestGapMm) + fmt(" at (%.1f, ", s.largestGapCentre.x) +
                             fmt("%.1f)", s.largestGapCentre.y)
                       : "undefined",
        "");
    row("overlapping pairs (" +
            (diameterSource == "column" ? std::string("diameter_mm column") : fmt("%g mm", uniformDiameter)) +
            ")",
        std::to_string(s.overlapPairs), "0");
    row("Clark–Evans R", fmtOr("%.4f", s.clarkEvans), "1.45–1.70 (random 1, grids 2.0–2.15, clumps < 1)");
    row("Clark–Evans R, Donnelly", fmtOr("%.4f", s.clarkEvansDonnelly), "1.45–1.70");
    row("Clark–Evans R, guard " + fmt("%.2g", s.guardMm) + " mm", fmtOr("%.4f", s.clarkEvansGuard),
        "1.45–1.70");
    row("Clark–Evans z", fmtOr("%.2f", s.clarkEvansZ), "≫ 2 (regular); |z| < 2 random");
    row("Ψ4, square-grid order", fmtOr("%.3f", s.psi4), "≲ 0.05 (grids ≥ 0.7)");
    row("Ψ6, hexagonal-grid order", fmtOr("%.3f", s.psi6), "≲ 0.05 (grids ≥ 0.7)");
    row("A2, rows and streaks", fmtOr("%.3f", s.a2), "≲ 0.05");
    std::string peakHint = "grids ≥ 0.5";
    if (s.structureDots > 1 && s.structureFrequencies > 0)
        peakHint =
            "random ≈ " +
            fmt("%.3f", (std::log(static_cast<double>(s.structureFrequencies)) + 0.5772) / s.structureDots) +
            " here; " + peakHint;
    row("structure peak S/n (" + std::to_string(s.structureDots) + " dots)", fmtOr("%.3f", s.structurePeak),
        peakHint);
    row("quadrat VMR (" + fmt("%.2g", s.quadratMm) + " mm cells)", fmtOr("%.3f", s.vmr),
        "0.2–0.4 (random 1, clumps > 1)");
    std::string evenHint = "lower is more even";
    if (s.evennessCounts.cells > 0 && s.evennessCounts.sum > 0)
        evenHint =
            "random ≈ " +
            fmt("%.2f", 1.0 / std::sqrt(static_cast<double>(s.evennessCounts.sum) / s.evennessCounts.cells)) +
            " here; lower is more even";
    row("evenness CV (" + fmt("%g", s.evennessCellMm) + " mm cells, " + std::to_string(s.evennessCells) + ")",
        fmtOr("%.3f", s.evennessCv), evenHint);
    if (s.areaMm2 <= 0.0)
        std::printf("\nThe window has no area (fewer than two dots, or all in a line): give --window.\n");
}

int runMetrics(const std::vector<std::string>& argv) {
    const Args args(argv, kMetricsDef);
    if (!args.ok()) return usageError("metrics", args.error(), helpText(kMetricsDef));
    if (args.help()) {
        std::fputs(helpText(kMetricsDef).c_str(), stdout);
        return kExitOk;
    }
    if (!args.positional().empty())
        return usageError("metrics", "unexpected argument '" + args.positional()[0] + "'",
                          helpText(kMetricsDef));
    const auto file = args.value("dots");
    if (!file) return usageError("metrics", "--dots FILE.csv is required", helpText(kMetricsDef));
    std::optional<Rect> window;
    if (const auto text = args.value("window")) {
        window = parseWindow(*text);
        if (!window)
            return usageError(
                "metrics", "--window must be X0,Y0,X1,Y1 in mm with X1 > X0 and Y1 > Y0, got '" + *text + "'",
                helpText(kMetricsDef));
    }
    int exitCode = kExitOk;
    std::optional<double> minSpacing, diameter, guard;
    if (!lengthOption(args, "min-spacing", minSpacing, exitCode) ||
        !lengthOption(args, "diameter", diameter, exitCode) || !lengthOption(args, "guard", guard, exitCode))
        return exitCode;

    DotsCsv csv;
    Diagnostics diags;
    readDotsCsv(*file, csv, diags);
    if (!diags.hasErrors() && window) {
        const PatternWindow w = PatternWindow::rectangle(*window);
        for (size_t i = 0; i < csv.dots.size(); ++i)
            if (!w.contains(csv.dots[i].pos))
                diags.error(*file, csv.lines[i], 1,
                            "dot (" + formatNumber(csv.dots[i].pos.x) + ", " +
                                formatNumber(csv.dots[i].pos.y) + ") is outside the window [" +
                                formatNumber(window->min.x) + ", " + formatNumber(window->min.y) + ", " +
                                formatNumber(window->max.x) + ", " + formatNumber(window->max.y) + "]");
    }
    if (diags.hasErrors()) {
        int printed = 0;
        for (const Diagnostic& d : diags.items())
            if (printed++ < kMaxPrintedErrors) std::fprintf(stderr, "%s\n", d.format().c_str());
        if (diags.errorCount() > kMaxPrintedErrors)
            std::fprintf(stderr, "%s: %d more errors not shown (%d in all)\n", file->c_str(),
                         diags.errorCount() - kMaxPrintedErrors, diags.errorCount());
        return kExitBadInput;
    }

    const std::vector<Vec2> positions = dotPositions(csv.dots);
    Rect box;
    for (const Vec2& p : positions)
        box.expand(p);
    const bool windowGiven = window.has_value();
    const Rect rect = window.value_or(box.empty() ? Rect{{0, 0}, {0, 0}} : box);

    PointStatsOptions options;
    options.minSpacingMm = minSpacing.value_or(kDefaultMinSpacingMm);
    options.guardMm = guard;
    std::vector<double> diameters;
    std::string diameterSource = "default";
    options.diameterMm = kDefaultDiameterMm;
    if (diameter) {
        options.diameterMm = *diameter;
        diameterSource = "option";
    } else if (csv.columns.diameter) {
        diameters = dotDiameters(csv.dots);
        diameterSource = "column";
    }
    const PointStats s = computePointStats(positions, PatternWindow::rectangle(rect), options, diameters);

    if (!args.flag("json")) {
        printTable(*file, s, rect, windowGiven, diameterSource, options.diameterMm);
        return kExitOk;
    }
    nlohmann::json j;
    j["file"] = *file;
    j["count"] = s.count;
    j["window"] = {rect.min.x, rect.min.y, rect.max.x, rect.max.y};
    j["window_source"] = windowGiven ? "option" : "bounding box";
    j["area_mm2"] = s.areaMm2;
    j["density_per_cm2"] = orNull(s.densityPerCm2);
    j["density_se_per_cm2"] = orNull(s.densitySePerCm2);
    j["mean_nn_mm"] = orNull(s.meanNnMm);
    j["nn_sd_mm"] = orNull(s.nnSdMm);
    j["nn_cv"] = orNull(s.nnCv);
    j["min_nn_mm"] = orNull(s.minNnMm);
    j["max_nn_mm"] = orNull(s.maxNnMm);
    j["min_spacing_mm"] = s.minSpacingMm;
    j["min_spacing_violations"] = s.minSpacingViolations;
    j["min_spacing_fraction"] = orNull(s.minSpacingFraction);
    j["largest_gap_mm"] = orNull(s.largestGapMm);
    j["largest_gap_centre"] =
        s.largestGapMm ? nlohmann::json{s.largestGapCentre.x, s.largestGapCentre.y} : nlohmann::json(nullptr);
    j["overlap_pairs"] = s.overlapPairs;
    j["diameter_source"] = diameterSource;
    j["diameter_mm"] =
        diameterSource == "column" ? nlohmann::json(nullptr) : nlohmann::json(options.diameterMm);
    j["clark_evans"] = orNull(s.clarkEvans);
    j["clark_evans_donnelly"] = orNull(s.clarkEvansDonnelly);
    j["clark_evans_guard"] = orNull(s.clarkEvansGuard);
    j["guard_mm"] = s.guardMm;
    j["guard_count"] = s.guardCount;
    j["clark_evans_z"] = orNull(s.clarkEvansZ);
    j["clark_evans_donnelly_z"] = orNull(s.clarkEvansDonnellyZ);
    j["psi4"] = orNull(s.psi4);
    j["psi6"] = orNull(s.psi6);
    j["a2"] = orNull(s.a2);
    j["a4"] = orNull(s.a4);
    j["a6"] = orNull(s.a6);
    j["structure_peak"] = orNull(s.structurePeak);
    j["structure_peak_k"] =
        s.structurePeak ? nlohmann::json{s.structurePeakK.x, s.structurePeakK.y} : nlohmann::json(nullptr);
    j["structure_dots"] = s.structureDots;
    j["structure_frequencies"] = s.structureFrequencies;
    j["vmr"] = orNull(s.vmr);
    j["quadrat_mm"] = s.quadratMm;
    j["quadrat_cells"] = s.quadratCells;
    j["evenness_cv"] = orNull(s.evennessCv);
    j["evenness_cell_mm"] = s.evennessCellMm;
    j["evenness_cells"] = s.evennessCells;
    std::printf("%s\n", jsonText(j).c_str());
    return kExitOk;
}

const Registration kMetricsReg{kMetricsDef, &runMetrics};

} // namespace

} // namespace stipple::cli
