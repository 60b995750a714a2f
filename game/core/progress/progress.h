// A trainee's progress from their practice history: scores over time per level and per metric,
// personal bests, and the weakest skills — the metrics whose recent scores are lowest — each with
// the curriculum level that weights that metric most as the suggested next practice. Pure
// functions over the runs the store returns (oldest first), so the progress screen only draws.
#pragma once

#include "store/results_store.h"

#include <string>
#include <vector>

namespace stipple {

struct ScorePoint {
    std::string at; ///< UTC timestamp of the run
    double score = 0.0;
    bool passed = false; ///< the run's verdict (levels); a metric's own pass for metric series
};

/// One level's or one metric's scores, oldest first.
struct ProgressSeries {
    std::string id;
    std::vector<ScorePoint> points;
    double best = 0.0;
    double latest = 0.0;
    bool bestPassed = false;   ///< the verdict of the best run: colour and mark by it, not by a number
    bool latestPassed = false; ///< the verdict of the latest run
};

/// What the curriculum says about a level, for suggestions.
struct LevelSkills {
    std::string levelId;
    std::string title;
    int difficulty = 1;
    std::vector<std::pair<std::string, double>> weights; ///< metric id -> the level's weight on it
};

struct WeakSkill {
    std::string metric;
    double recent = 0.0;        ///< mean score of the metric's last kRecentRuns runs
    int runs = 0;               ///< runs that measured it
    std::string suggestedLevel; ///< level id ("" when no level weights this metric)
    std::string suggestedTitle;
};

/// How many of the latest runs "recent" averages over.
inline constexpr size_t kRecentRuns = 3;

struct TraineeProgress {
    int runs = 0;
    std::vector<ProgressSeries> levels;  ///< by level id
    std::vector<ProgressSeries> metrics; ///< by metric id; a run's zones count with their mean
    std::vector<WeakSkill> weakest;      ///< lowest recent score first
};

/// `runs` oldest first (listPractice's order). The suggestion for a weak metric is the level
/// with the largest weight on it; on a tie the easier level, then the smaller id.
TraineeProgress summarizeProgress(const std::vector<PracticeRecord>& runs,
                                  const std::vector<LevelSkills>& curriculum, size_t weakest = 3);

} // namespace stipple
