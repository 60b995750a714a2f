// Scenario questions generated from any aftercare rule book: a client's session dates, a date, an
// activity — "Final session on 2 March: may the client use a sauna on 20 March?", "When may the
// client swim again?", "Which of these are allowed on day 3 after session 2?". The answers and
// the explanations are computed by the aftercare engine (aftercare/aftercare_plan.h), so a
// generated question can never disagree with `stipple aftercare`.
#pragma once

#include "aftercare/aftercare_plan.h"
#include "quiz/question.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

/// The category of every generated question.
inline constexpr std::string_view kScenarioCategoryId = "aftercare-scenarios";
inline constexpr std::string_view kScenarioCategoryName = "Aftercare scenarios";

/// "A client had one session, on Monday 2 March 2026." / "A client's sessions were on 2 March
/// and 23 March 2026; the final one was on Monday 13 April 2026."
std::string describeSessions(const AftercarePlan& plan);

/// True/false: is `activityId` allowed on `day`?
Question scenarioMayQuestion(const AftercarePlan& plan, std::string_view activityId, CivilDate day,
                             std::string id);
/// Single choice of four dates: from when is `activityId` allowed again, asked on `day`? nullopt
/// when the activity is allowed on `day`.
std::optional<Question> scenarioWhenAgainQuestion(const AftercarePlan& plan, std::string_view activityId,
                                                  CivilDate day, std::string id);
/// Multiple choice over every activity: which are allowed `dayOffset` days after session
/// `sessionIndex` (0-based)? nullopt when all or none are (no question worth asking).
std::optional<Question> scenarioWhichAllowedQuestion(const AftercarePlan& plan, size_t sessionIndex,
                                                     int dayOffset, std::string id);

/// A generated question with the facts it was built from (for review screens and tests).
struct Scenario {
    Question question;
    std::vector<CivilDate> sessions;
    CivilDate day;          ///< the date the question asks about
    std::string activityId; ///< empty for "which of these are allowed"
};

/// `count` scenarios (fewer if the book restricts nothing), the three kinds in turn, on plans of
/// 1 to 4 sessions two to five weeks apart in 2026–2027, dates picked near the edges of the
/// restrictions where mistakes happen. Deterministic for a seed; ids "<book id>-scenario-<n>".
std::vector<Scenario> generateScenarios(const RuleBook& book, uint64_t seed, int count);
/// The questions of generateScenarios().
std::vector<Question> generateScenarioQuestions(const RuleBook& book, uint64_t seed, int count);

} // namespace stipple
