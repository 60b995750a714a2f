// Whether a candidate may start an exam now: the exam's attempt policy (how many attempts, how
// many whole days between them) applied to the attempts the store holds. An attempt still in
// progress blocks a new one — it is resumed, never silently replaced.
#pragma once

#include "exam/exam.h"
#include "store/results_store.h"

#include <string>
#include <vector>

namespace stipple {

struct Eligibility {
    bool allowed = false;
    int nextNumber = 1;          ///< the attempt number a new attempt gets
    int64_t resumeAttemptId = 0; ///< set when an attempt is still in progress
    std::string earliestDate;    ///< "YYYY-MM-DD" when the waiting period is what blocks
    std::string reason;          ///< why not, in words for the candidate and the invigilator
};

/// `past`: the candidate's attempts at this exam id (any version), as listAttempts returns them.
/// `nowUtc`: "YYYY-MM-DDTHH:MM:SSZ". Waiting days count calendar days (UTC) from the day the
/// previous attempt ended.
Eligibility checkEligibility(const AttemptPolicy& policy, const std::vector<AttemptRecord>& past,
                             const std::string& nowUtc);

} // namespace stipple
