// Series, bests and weakest skills from a trainee's practice runs (see progress.h).
#include "progress/progress.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace stipple {

namespace {

void add(std::map<std::string, ProgressSeries>& series, const std::string& id, const std::string& at,
         double score, bool passed) {
    ProgressSeries& s = series[id];
    s.id = id;
    // The best run is the highest number; among equal numbers a passed run.
    if (s.points.empty() || score > s.best || (score == s.best && passed && !s.bestPassed)) {
        s.best = score;
        s.bestPassed = passed;
    }
    s.latest = score;
    s.latestPassed = passed;
    s.points.push_back({at, score, passed});
}

std::vector<ProgressSeries> values(std::map<std::string, ProgressSeries>& series) {
    std::vector<ProgressSeries> out;
    for (auto& [id, s] : series)
        out.push_back(std::move(s));
    return out;
}

} // namespace

TraineeProgress summarizeProgress(const std::vector<PracticeRecord>& runs,
                                  const std::vector<LevelSkills>& curriculum, size_t weakest) {
    TraineeProgress out;
    out.runs = static_cast<int>(runs.size());
    std::map<std::string, ProgressSeries> levels, metrics;
    for (const auto& r : runs) {
        add(levels, r.levelId, r.finishedAt, r.score, r.passed);
        std::map<std::string, std::pair<double, int>> sums;
        std::map<std::string, bool> metricPassed;
        for (const auto& m : r.metrics) {
            if (m.id == "scanned-sheet")
                continue; // marks a run scored from a photo (sheet/scan_score.h), not a skill
            sums[m.id].first += m.score;
            ++sums[m.id].second;
            const auto it = metricPassed.find(m.id);
            metricPassed[m.id] = (it == metricPassed.end() || it->second) && m.passed;
        }
        for (const auto& [id, sum] : sums)
            add(metrics, id, r.finishedAt, sum.first / sum.second, metricPassed[id]);
    }
    out.levels = values(levels);
    out.metrics = values(metrics);

    for (const auto& s : out.metrics) {
        WeakSkill w;
        w.metric = s.id;
        w.runs = static_cast<int>(s.points.size());
        const size_t n = std::min(kRecentRuns, s.points.size());
        double sum = 0;
        for (size_t i = s.points.size() - n; i < s.points.size(); ++i)
            sum += s.points[i].score;
        w.recent = sum / static_cast<double>(n);
        const LevelSkills* best = nullptr;
        double bestWeight = 0.0;
        for (const auto& level : curriculum)
            for (const auto& [metric, weight] : level.weights) {
                if (metric != s.id || weight <= 0.0) continue;
                if (!best || std::make_tuple(-weight, level.difficulty, level.levelId) <
                                 std::make_tuple(-bestWeight, best->difficulty, best->levelId)) {
                    best = &level;
                    bestWeight = weight;
                }
            }
        if (best) {
            w.suggestedLevel = best->levelId;
            w.suggestedTitle = best->title;
        }
        out.weakest.push_back(std::move(w));
    }
    std::stable_sort(out.weakest.begin(), out.weakest.end(),
                     [](const WeakSkill& a, const WeakSkill& b) { return a.recent < b.recent; });
    if (out.weakest.size() > weakest) out.weakest.resize(weakest);
    return out;
}

} // namespace stipple
