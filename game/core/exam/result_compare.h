// Comparing two exam results field by field — a signed result and the result its recording
// regrades to (`stipple verify RESULT --recording R`) — and naming each field that differs in the
// canonical text's own words ("score", "candidate-id", "section practical level even-patch
// metric spacing-cv score"), so a reviewer sees at once whether the recording belongs to another
// candidate, was edited, or grades differently.
#pragma once

#include "exam/exam_result.h"

#include <string>
#include <vector>

namespace stipple {

/// One field that differs: its name and both values as the canonical text writes them.
struct ResultFieldDifference {
    std::string field;
    std::string expected; ///< in the first result ("(none)" when it is missing there)
    std::string actual;   ///< in the second
};

/// Every field of `expected` and `actual` that differs, in canonical order; empty when the two
/// results are equal (and so have the same canonical text).
std::vector<ResultFieldDifference> resultDifferences(const ExamResult& expected, const ExamResult& actual);

/// True when every difference is one the scoring rules decide (a score, a verdict, a metric, a
/// veto or reason, the expiry that follows a pass) and none names who sat what, where, when or
/// from which files — the differences a change of the scoring rules explains (scoring/
/// scorer_version.h). False for an empty list.
bool onlyScoresDiffer(const std::vector<ResultFieldDifference>& differences);

} // namespace stipple
