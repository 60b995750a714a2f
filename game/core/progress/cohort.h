// What an instructor learns from the results store about a cohort: a candidates × levels,
// sections and exams table of best and latest scores; where the cohort stands on each metric
// (a distribution over candidates); and classical item analysis of the exam questions — facility
// (the mean credit, the proportion answering correctly) and discrimination (do the candidates who
// do well on the rest of the quiz get this question right more often?) — so that questions that
// are too easy, too hard, or keyed wrongly get fixed. Pure functions over data loaded once, so the
// numbers can be checked by hand in tests; the CLI and the cohort screen show the same figures.
#pragma once

#include "exam/exam_result.h"
#include "store/results_store.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace stipple {

/// Everything the analysis reads, loaded from a store once.
struct CohortData {
    std::vector<CandidateRecord> candidates;
    std::vector<PracticeRecord> practice; ///< every trainee's practice runs, oldest first
    std::vector<ExamResult> exams;        ///< every genuine stored exam result, oldest first
    /// The stored results left out because they are not genuine (store/result_check.h), one
    /// line each ("result ID (candidate C): why"); every report must show these.
    std::vector<std::string> rejected;
};

/// Loads candidates, every practice run and every exam result that checks against `key` (its
/// signed text verifies and its columns match it; see store/result_check.h): a row that does not
/// is left out and named in `rejected` (a null key leaves every result out). False with the
/// reason in `error` when the store cannot be read.
bool loadCohortData(ResultsStore& store, CohortData& out, StoreError& error, const PublicKey* key);

struct CohortColumn {
    enum class Kind { Level, Section, Exam };
    Kind kind = Kind::Level;
    std::string id;    ///< level id; "exam/section" for a section; exam id for an exam
    std::string label; ///< what a table header shows
    friend bool operator==(const CohortColumn&, const CohortColumn&) = default;
};

/// One candidate's record in one column.
struct CohortCell {
    int runs = 0; ///< practice runs, exam sittings of the level, section or exam
    int passes = 0;
    double best = 0.0;   ///< 0..100
    double latest = 0.0; ///< the most recent score (by timestamp; a tie goes to the later record)
    bool latestPassed = false;
    std::string latestAt;
};

struct CohortTable {
    std::vector<std::string> candidates;      ///< ids, sorted ("" = practice without a name)
    std::map<std::string, std::string> names; ///< id -> name, when the store knows one
    /// Levels (by id), then exam sections and exams (by id).
    std::vector<CohortColumn> columns;
    std::map<std::pair<std::string, size_t>, CohortCell> cells; ///< (candidate, column index)

    /// nullptr when the candidate has no score in that column.
    const CohortCell* cell(const std::string& candidate, size_t column) const;
};

/// Practice runs and exam levels count in their level's column (both are the level's overall
/// 0..100 score); exam sections and the exam's overall score in their own columns.
CohortTable buildCohortTable(const CohortData& data);

/// Where the cohort stands on one metric: one sample per candidate, their latest score (0..100)
/// on that metric in any level, practised or examined.
struct MetricDistribution {
    std::string metric;
    std::vector<double> samples; ///< ascending
    double mean = 0.0;
    double sd = 0.0; ///< sample standard deviation (n − 1); 0 for one sample
    double min = 0.0, q1 = 0.0, median = 0.0, q3 = 0.0, max = 0.0; ///< quartiles by linear interpolation
    std::vector<int> histogram; ///< 10 bins of 10 points: [0,10), ..., [90,100]
};

/// One distribution per metric id, by id.
std::vector<MetricDistribution> metricDistributions(const CohortData& data);

/// The p-quantile (0..1) of ascending `sorted` by linear interpolation between closest ranks
/// (Hyndman–Fan type 7, what spreadsheets' QUARTILE gives); 0 for no samples.
double quantile(const std::vector<double>& sorted, double p);

/// Item analysis of one exam question over every sitting that drew it.
struct ItemStats {
    std::string examId;
    std::string questionId;
    std::string category;
    std::string source;
    int responses = 0;
    double facility = 0.0; ///< mean credit, 0..1 (proportion correct for right/wrong items)
    /// Corrected point-biserial: Pearson correlation over the sittings between the credit on this
    /// question and the rest score (mean credit on the sitting's other questions). NaN when it is
    /// undefined: fewer than two responses, or no spread in either.
    double discrimination = 0.0;
    /// Upper–lower index: facility among the top 27 % of sittings by rest score minus that among
    /// the bottom 27 % (at least one sitting in each group); NaN for fewer than two responses.
    double upperLower = 0.0;
    bool flagged = false;
    std::string why; ///< what is wrong with the question, or why it is not judged
};

/// Questions with fewer responses than this are listed but not flagged.
inline constexpr int kItemMinResponses = 5;

/// Every question of every quiz section, by exam id then question id. Flags: facility under 0.2
/// (too hard, or keyed wrongly), over 0.95 (too easy: tells the cohort apart by nothing), a
/// negative discrimination (stronger candidates get it wrong more: check the key), or one under
/// 0.2 (weak); only with at least kItemMinResponses responses.
std::vector<ItemStats> itemAnalysis(const CohortData& data);

} // namespace stipple
