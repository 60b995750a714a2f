// Attempt policy. Dates are compared as whole UTC days, like the aftercare rules count days.
#include "store/eligibility.h"

#include "aftercare/civil_date.h"
#include "exam/exam_result.h"

namespace stipple {

Eligibility checkEligibility(const AttemptPolicy& policy, const std::vector<AttemptRecord>& past,
                             const std::string& nowUtc) {
    Eligibility e;
    e.nextNumber = static_cast<int>(past.size()) + 1;
    for (const auto& a : past) {
        if (a.status != "in-progress") continue;
        e.resumeAttemptId = a.id;
        e.reason = "attempt " + std::to_string(a.number) + " (started " + a.startedAt +
                   ") is still in progress: resume it, or have it marked abandoned first";
        return e;
    }
    if (policy.allowed > 0 && static_cast<int>(past.size()) >= policy.allowed) {
        e.reason = "all " + std::to_string(policy.allowed) + " attempt" + (policy.allowed == 1 ? "" : "s") +
                   " allowed at this exam have been used";
        return e;
    }
    if (policy.waitDays > 0 && !past.empty()) {
        const AttemptRecord& last = past.back();
        const std::string& end = last.finishedAt.empty() ? last.startedAt : last.finishedAt;
        const auto endDay = parseIsoDate(std::string_view(end).substr(0, 10));
        const auto today = parseIsoDate(std::string_view(nowUtc).substr(0, 10));
        if (!endDay || !today) {
            e.reason = "cannot tell when attempt " + std::to_string(last.number) + " ended (\"" + end + "\")";
            return e;
        }
        const CivilDate earliest = *endDay + policy.waitDays;
        if (*today < earliest) {
            e.earliestDate = formatIsoDate(earliest);
            e.reason = "the next attempt is allowed from " + e.earliestDate + " (" +
                       std::to_string(policy.waitDays) + " days after attempt " +
                       std::to_string(last.number) + " ended on " + end.substr(0, 10) + ")";
            return e;
        }
    }
    e.allowed = true;
    return e;
}

} // namespace stipple
