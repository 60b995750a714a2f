// Turning what a candidate did in an exam into an ExamResult: each practical level's scorecard
// and each question's credit become section scores, the exam's never events are checked, the
// sections are combined by the pass rule, and the certificate dates are set. Pure and
// deterministic: the live exam, a resumed exam and a regrade of a recording all call gradeExam
// with the same inputs and get byte-identical canonical results.
#pragma once

#include "exam/exam.h"
#include "exam/exam_instance.h"
#include "exam/exam_result.h"
#include "scoring/scorecard.h"

#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// One practical level as scored (in the instance's order).
struct LevelOutcome {
    std::string levelPath; ///< InstanceLevel::path
    Scorecard scorecard;
};

/// One question as graded (in the instance's order). Scenario questions carry the generated id.
struct QuestionOutcome {
    std::string questionId; ///< bank question id, or the generated scenario question's id
    double credit = 0.0;    ///< 0..1, as the quiz module graded it (unanswered = 0)
};

struct SectionOutcome {
    std::string sectionId;
    double timeUsedS = 0.0;
    bool timedOut = false; ///< submitted automatically when the time ran out
    std::vector<LevelOutcome> levels;
    std::vector<QuestionOutcome> questions;
};

/// Everything about the sitting that is not in the exam or the instance.
struct ExamSitting {
    std::string candidateName;
    std::string station;
    int attempt = 1;
    std::string startedAt; ///< UTC "YYYY-MM-DDTHH:MM:SSZ"
    std::string finishedAt;
    std::string recordingSha256; ///< "" when not recorded
    std::string build;           ///< "" = this build ("stipple " STIPPLE_VERSION)
    /// The scoring rules the sitting was scored with (scoring/scorer_version.h): absent = this
    /// build's kScorerVersion; 0 = a recording made before scorer versions were recorded.
    std::optional<int> scorerVersion;
    std::vector<SectionOutcome> sections; ///< one per exam section, in the exam's order
};

/// Grades a sitting of `instance` (drawn from `exam`). Fails with a reason when the sitting does
/// not match the instance (missing or extra sections, levels or questions, wrong order, bad
/// timestamps): a result is only ever made for exactly the exam that was drawn.
std::optional<ExamResult> gradeExam(const Exam& exam, const ExamInstance& instance,
                                    const ExamSitting& sitting, std::string& error);

/// The date `months` calendar months after `date` ("YYYY-MM-DD"), clamped to the month's last
/// day (2026-01-31 + 1 month = 2026-02-28).
std::string addMonths(const std::string& isoDate, int months);

} // namespace stipple
