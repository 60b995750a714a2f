// Per-session output of `stipple score` and the session check shared with `stipple heal`.
#include "cli/layers.h"

#include "io/numbers.h"

#include <cstdio>

namespace stipple::cli {

namespace {

std::string optionalFixed(const std::optional<double>& v) {
    return v ? formatFixed(*v, 2) : "-";
}

nlohmann::json optionalJson(const std::optional<double>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json metricJson(const MetricResult& m) {
    return {{"id", m.id},
            {"zone", m.zone},
            {"label", m.label},
            {"value", m.value},
            {"unit", m.unit},
            {"band", {m.band.min, m.band.max}},
            {"score", m.score},
            {"weight", m.weight},
            {"pass_mark", m.passMark},
            {"passed", m.passed},
            {"explanation", m.explanation}};
}

} // namespace

bool scoresHealed(const DotsCsv& dots, const Level& level) {
    return dots.columns.session && (level.sessions.size() > 1 || !level.scars.empty());
}

bool checkDotSessions(const DotsCsv& dots, const std::string& path, const Level& level) {
    Diagnostics diags;
    const int count = static_cast<int>(level.sessions.size());
    for (size_t i = 0; i < dots.dots.size(); ++i) {
        const int s = dots.dots[i].session;
        if (s < count) continue;
        diags.error(path, i < dots.lines.size() ? dots.lines[i] : 1, 1,
                    "dot of session " + std::to_string(s) + ", but the level has " + std::to_string(count) +
                        (count == 1 ? " session" : " sessions") + " (numbered 0 to " +
                        std::to_string(count - 1) + ")");
    }
    std::fputs(diags.formatAll().c_str(), stderr);
    return !diags.hasErrors();
}

void printSessionBreakdown(const Level& level, const LayeredScore& score) {
    std::printf("\nsessions (scored on the healed result; %d of %zu dots lost at healing)\n", score.lost,
                score.finalLook.size());
    std::printf("  %-8s %-18s %6s %5s %8s %8s %6s %9s %6s %6s\n", "session", "shade", "placed", "lost",
                "blowouts", "density", "gaps", "stacking", "shade", "score");
    for (const SessionLayering& s : score.sessions) {
        const SessionSpec& spec = level.sessions[static_cast<size_t>(s.session)];
        const std::string shade = spec.shade + " " + formatFixed(100.0 * spec.dilution, 0) + " %";
        std::printf("  %-8d %-18s %6d %5d %8d %8s %6s %9s %6s %6s%s\n", s.session + 1, shade.c_str(),
                    s.placed, s.lost, s.blowouts,
                    s.targetCount > 0.0 ? formatFixed(s.cumulativeRatio, 2).c_str() : "-",
                    optionalFixed(s.gapsFilled).c_str(), optionalFixed(s.stackingFraction).c_str(),
                    optionalFixed(s.shadeFraction).c_str(), formatFixed(s.card.overall, 0).c_str(),
                    s.card.passed ? "" : "  FAIL");
        for (const auto& m : s.card.metrics)
            if (!m.passed) std::printf("  %-8s %s\n", "", m.explanation.c_str());
    }
}

nlohmann::json layeredJson(const Level& level, const LayeredScore& score) {
    nlohmann::json sessions = nlohmann::json::array();
    for (const SessionLayering& s : score.sessions) {
        const SessionSpec& spec = level.sessions[static_cast<size_t>(s.session)];
        nlohmann::json metrics = nlohmann::json::array();
        for (const auto& m : s.card.metrics)
            metrics.push_back(metricJson(m));
        sessions.push_back({{"session", s.session + 1},
                            {"cumulative_fraction", spec.cumulativeFraction},
                            {"shade", spec.shade},
                            {"dilution", spec.dilution},
                            {"placed", s.placed},
                            {"in_design", s.inDesign},
                            {"earlier_visible", s.earlierVisible},
                            {"stacked", s.stacked},
                            {"lost", s.lost},
                            {"blowouts", s.blowouts},
                            {"target_count", s.targetCount},
                            {"density_ratio", s.targetCount > 0.0 ? nlohmann::json(s.cumulativeRatio)
                                                                  : nlohmann::json(nullptr)},
                            {"gaps_filled", optionalJson(s.gapsFilled)},
                            {"stacking", optionalJson(s.stackingFraction)},
                            {"shade_match", optionalJson(s.shadeFraction)},
                            {"gap_before_mm2", s.gapBeforeMm2},
                            {"gap_after_mm2", s.gapAfterMm2},
                            {"overall", s.card.overall},
                            {"passed", s.card.passed},
                            {"metrics", metrics}});
    }
    nlohmann::json scars = nlohmann::json::array();
    for (const ScarMatch& m : score.scars)
        scars.push_back({{"scar", level.scars[static_cast<size_t>(m.scar)].id},
                         {"dots_on", m.dotsOn},
                         {"dots_around", m.dotsAround},
                         {"density_ratio", optionalJson(m.densityRatio)},
                         {"tone_ratio", optionalJson(m.toneRatio)}});
    return {{"healed",
             {{"dots", score.finalLook.size()}, {"lost", score.lost}, {"visible", score.survivors.size()}}},
            {"sessions", sessions},
            {"scars", scars}};
}

} // namespace stipple::cli
