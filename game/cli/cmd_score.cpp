// `stipple score --level LEVEL.xml --dots FILE.csv [--json] [--elapsed SECONDS]`: the scorecard
// of an attempt — every metric's value, band, sub-score, weight, pass/fail and explanation, the
// overall score and any veto. A failing attempt is a result, not an error: exit 0. Bad input
// (an invalid level, a malformed dots file, a dot off the canvas) exits 1 with located messages.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/layers.h"
#include "cli/scorecard_output.h"
#include "cli/trainer.h"
#include "io/numbers.h"
#include "level/metric_text.h"
#include "record/replay.h"
#include "scoring/score_attempt.h"

#include "cli/json_text.h"
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace stipple::cli {

namespace {

const CommandDef kScoreDef{
    "score",
    "score an attempt's dots against a level: the scorecard",
    "usage: stipple score --level LEVEL.xml --dots FILE.csv [--json] [--elapsed SECONDS] [--png OUT.png]\n"
    "       stipple score --level LEVEL.xml --record RECORDING [--attempt N] [--json]\n",
    "Scores the dots of an attempt against a level. FILE.csv has a header naming its columns:\n"
    "x_mm,y_mm required; diameter_mm (fresh dot diameter), depth_mm, session optional. Without\n"
    "depth_mm the depth metrics are left out; without diameter_mm dots are 0.4 mm fresh (0.2 healed).\n"
    "With a session column, on a level with several sessions or a scar, the attempt is scored on its\n"
    "healed result (the level's <healing>): the final look, then each session's layering.\n",
    {
        {"--record", "FILE",
         "a recorded attempt (record/FORMAT.md) instead of dots: replayed on LEVEL\n"
         "and scored like a dots file with every column; --attempt N picks one of\n"
         "several (default: the one recorded with LEVEL's file)"},
        jsonOption("machine-readable scorecard on standard output"),
        {"--png", "OUT.png",
         "also write the picture a trainee sees: the results screen with the\n"
         "scorecard, density heatmap, merged dots and spill, spacing histogram and\n"
         "hairline profile (rendered offscreen; needs a display, e.g. xvfb-run)"},
        levelOption(),
        dotsOption(),
        {"--elapsed", "SECONDS", "working time, for the pace metric"},
        {"--attempt", "N", "with --record: which attempt"},
    },
    "  --elapsed SECONDS working time, for the pace metric\n"};

/// Renders the results screen for this attempt into `path` (written beside, then renamed).
bool writePicture(const std::string& levelPath, const std::string& dotsPath, const std::string& path) {
    // The trainer's results screen as a score card (every metric row, no buttons), offscreen.
    std::string error;
    if (!haveTrainer(error) || !trainer().scorecardPicture(levelPath, dotsPath, path, error)) {
        std::fprintf(stderr, "stipple score: %s\n", error.c_str());
        return false;
    }
    return true;
}

constexpr float kDefaultFreshDiameterMm = 0.4f;

/// Decimals that show a value of this size sensibly (counts whole, ratios to 2–3 places).
int decimalsFor(double v) {
    const double a = v < 0 ? -v : v;
    if (a == 0.0) return 0;
    if (a == static_cast<double>(static_cast<long long>(a)) && a >= 1) return 0;
    if (a >= 100) return 0;
    if (a >= 10) return 1;
    if (a >= 0.1) return 2;
    return 3;
}

/// A row's value and band as the results screen gives them, in the unit the row's explanation
/// speaks ("65 %", "4.45×", "0.81 mm"; level/metric_text.h); the JSON keeps the raw value and unit.
std::string valueText(const MetricResult& m) {
    return metricValueText(m.value, m.unit);
}

std::string bandText(const MetricResult& m) {
    if (m.weight <= 0.0) return "(info)";
    return metricBandText(m.band, m.unit);
}

/// Columns are counted in characters, not bytes: "×", "–", "—" and "≤" are two or three bytes
/// of UTF-8 and one column.
size_t columnsOf(const std::string& text) {
    size_t columns = 0;
    for (const char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++columns;
    return columns;
}

/// `text` right-aligned in `width` columns.
std::string padLeft(const std::string& text, size_t width) {
    const size_t columns = columnsOf(text);
    return columns >= width ? text : std::string(width - columns, ' ') + text;
}

/// `text` left-aligned in exactly `width` columns: cut after `width` characters (never inside
/// one), or padded.
std::string padRight(const std::string& text, size_t width) {
    size_t columns = 0, cut = 0;
    for (; cut < text.size(); ++cut) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80) {
            if (columns == width) break;
            ++columns;
        }
    }
    return text.substr(0, cut) + std::string(width - columns, ' ');
}

} // namespace

void printScorecard(const Level& level, const Scorecard& card) {
    // Say why first: the rule that decided, then the number and the verdict.
    std::printf("%s\n", card.decidingRule.c_str());
    std::printf("overall %s / 100 (pass mark %s): %s\n\n", formatFixed(card.overall, 1).c_str(),
                formatFixed(card.passMark, 0).c_str(), card.passed ? "PASSED" : "NOT PASSED");
    std::printf("%s — %s\n%d dots\n\n", level.id.c_str(), level.title.c_str(), card.dotCount);
    std::printf("  %-28s %10s %15s %6s %6s  %s\n", "metric", "value", "band", "score", "weight", "");
    for (const auto& m : card.metrics) {
        std::printf("  %s %s %s %6s %6s  %s\n", padRight(m.label, 28).c_str(),
                    padLeft(valueText(m), 10).c_str(), padLeft(bandText(m), 15).c_str(),
                    m.weight > 0 ? formatFixed(m.score, 0).c_str() : "-",
                    m.weight > 0 ? formatFixed(m.weight, decimalsFor(m.weight)).c_str() : "-",
                    m.failed ? "\u2717 FAILED" : "");
        std::printf("  %-28s %s\n", "", m.explanation.c_str());
    }
    for (const auto& m : card.notMeasured) {
        std::printf("  %s %10s\n", padRight(m.label, 28).c_str(), "not measured");
        std::printf("  %-28s %s\n", "", m.reason.c_str());
    }
    for (const auto& v : card.vetoes)
        std::printf("\n  VETO: %s\n", v.reason.c_str());
    std::printf("\noverall %s / 100 (pass mark %s): %s\n", formatFixed(card.overall, 1).c_str(),
                formatFixed(card.passMark, 0).c_str(), card.passed ? "PASSED" : "NOT PASSED");
    if (card.capped)
        std::printf("(the weighted mean of the metrics is %s; a failed attempt reads at most %s)\n",
                    formatFixed(card.composite, 1).c_str(),
                    formatFixed(failureCap(card.passMark, card.failMargin, 1.0), 0).c_str());
}

nlohmann::json scorecardJson(const Level& level, const Scorecard& card) {
    nlohmann::json metrics = nlohmann::json::array();
    for (const auto& m : card.metrics) {
        metrics.push_back({{"id", m.id},
                           {"zone", m.zone},
                           {"label", m.label},
                           {"value", m.value},
                           {"unit", m.unit},
                           {"band", {m.band.min, m.band.max}},
                           {"score", m.score},
                           {"weight", m.weight},
                           {"pass_mark", m.passMark},
                           {"passed", m.passed},
                           {"failed", m.failed},
                           {"gate", m.gate},
                           {"fault", m.fault},
                           {"explanation", m.explanation}});
    }
    nlohmann::json notMeasured = nlohmann::json::array();
    for (const auto& m : card.notMeasured)
        notMeasured.push_back({{"id", m.id}, {"label", m.label}, {"reason", m.reason}});
    nlohmann::json vetoes = nlohmann::json::array();
    for (const auto& v : card.vetoes)
        vetoes.push_back(
            {{"metric", v.metric}, {"value", v.value}, {"max", v.maxValue}, {"reason", v.reason}});
    return {{"level", level.id},
            {"deciding_rule", card.decidingRule},
            {"dots", card.dotCount},
            {"overall", card.overall},
            {"composite", card.composite},
            {"capped", card.capped},
            {"pass_mark", card.passMark},
            {"fail_margin", card.failMargin},
            {"passed", card.passed},
            {"failed_metrics", card.failedCount()},
            {"vetoes", vetoes},
            {"metrics", metrics},
            {"not_measured", notMeasured}};
}

namespace {

int runScore(const std::vector<std::string>& argv) {
    const Args opt(argv, kScoreDef);
    if (opt.help()) {
        std::fputs(helpText(kScoreDef).c_str(), stdout);
        return kExitOk;
    }
    if (!opt.ok()) return usageError("score", opt.error(), helpText(kScoreDef));
    if (!opt.value("level") || !opt.value("dots") == !opt.value("record"))
        return usageError("score", "--level and one of --dots or --record are required", helpText(kScoreDef));
    if (opt.value("record") && (opt.value("elapsed") || opt.value("png")))
        return usageError("score", "--record takes its elapsed time from the recording and makes no --png",
                          helpText(kScoreDef));
    if (!opt.positional().empty())
        return usageError("score", "unexpected argument '" + opt.positional()[0] + "'", helpText(kScoreDef));
    if (opt.value("dots") == "-" && opt.value("png"))
        return usageError("score",
                          "--png reads the dots file again: give --dots FILE.csv, not standard input",
                          helpText(kScoreDef));
    AttemptInfo info;
    if (const auto e = opt.value("elapsed")) {
        const auto seconds = parseNumber(*e);
        if (!seconds || *seconds < 0)
            return usageError("score", "--elapsed must be a number of seconds, got '" + *e + "'",
                              helpText(kScoreDef));
        info.elapsedSeconds = *seconds;
    }
    const auto level = loadLevelReporting(*opt.value("level"));
    if (!level) return kExitBadInput;
    DotsCsv dots;
    if (const auto recording = opt.value("record")) {
        // A recorded practical attempt, replayed on this level (record/replay.h).
        const auto n = opt.value("attempt") ? parseInteger(*opt.value("attempt")) : std::optional<int64_t>(1);
        if (!n || *n < 1)
            return usageError("score", "--attempt must be a whole number from 1", helpText(kScoreDef));
        std::string error;
        auto replayed = recordedAttemptDots(
            *recording, *opt.value("level"), *level,
            opt.value("attempt") ? std::optional<int>(static_cast<int>(*n)) : std::nullopt, error);
        if (!replayed) return std::fprintf(stderr, "stipple score: %s\n", error.c_str()), kExitBadInput;
        if (!replayed->warning.empty())
            std::fprintf(stderr, "stipple score: warning: %s\n", replayed->warning.c_str());
        dots.dots = std::move(replayed->dots);
        dots.columns = {true, true, true, true, true};
        info.elapsedSeconds = replayed->elapsedS;
    } else {
        if (!readDotsReporting(*opt.value("dots"), dots)) return kExitBadInput;
        if (!checkDotsOnCanvas(dots, *opt.value("dots"), *level)) return kExitBadInput;
    }
    info.depthKnown = dots.columns.depth;
    if (!dots.columns.diameter)
        for (auto& d : dots.dots)
            d.diameterMm = kDefaultFreshDiameterMm;

    const LevelContext context(*level);
    if (scoresHealed(dots, *level)) {
        // Sessions (or scars): the healed final look and each session's layering (cli/layers.h).
        if (!checkDotSessions(dots, opt.value("dots").value_or(""), *level)) return kExitBadInput;
        const LayeredScore layered = scoreLayered(context, dots.dots, info);
        if (opt.flag("json")) {
            nlohmann::json j = scorecardJson(*level, layered.card);
            j.update(layeredJson(*level, layered));
            std::printf("%s\n", jsonText(j).c_str());
        } else {
            printScorecard(*level, layered.card);
            printSessionBreakdown(*level, layered);
        }
    } else {
        const ScoreResult result = scoreAttempt(context, dots.dots, info);
        if (opt.flag("json"))
            std::printf("%s\n", jsonText(scorecardJson(*level, result.card)).c_str());
        else
            printScorecard(*level, result.card);
    }
    if (const auto png = opt.value("png"))
        if (!writePicture(*opt.value("level"), *opt.value("dots"), *png)) return kExitBadInput;
    return kExitOk;
}

const Registration kScoreReg{kScoreDef, &runScore};

} // namespace

} // namespace stipple::cli
