// Scenario generation. Each question is built from one AftercarePlan and the engine's own
// answers; the generator only chooses plans and dates (near the edges of restrictions, where
// trainees miscount) and words the question and its explanation.
#include "quiz/scenarios.h"

#include "random/rng.h"

#include <algorithm>

namespace stipple {

namespace {

std::string shortDate(CivilDate d) {
    const CivilFields f = civilFromDays(d.daysSinceEpoch);
    return std::to_string(f.day) + " " + monthName(f.month) + " " + std::to_string(f.year);
}

const std::string& nameOf(const AftercarePlan& plan, std::string_view activityId) {
    return plan.book().activity(activityId)->name;
}

std::string quoted(const std::string& s) {
    return "\u201C" + s + "\u201D";
}

/// The rules that restrict `activityId` on `day`, each with its sentence, and through which
/// implied activity when it is not the activity's own rule.
std::string reasons(const AftercarePlan& plan, std::string_view activityId, const ActivityStatus& s) {
    std::string out;
    for (const auto& id : s.ruleIds) {
        const AftercareRule* rule = plan.book().rule(id);
        out += " " + quoted(rule->source);
        if (rule->activityId != activityId)
            out += " (" + nameOf(plan, activityId) + " counts as " + nameOf(plan, rule->activityId) + ")";
    }
    return out;
}

std::string sourceOf(const AftercarePlan& plan, const std::vector<std::string>& ruleIds) {
    std::string out = "Generated from the rule book " + quoted(plan.book().title);
    if (!ruleIds.empty()) {
        out += " (rules: ";
        for (size_t i = 0; i < ruleIds.size(); ++i)
            out += (i ? ", " : "") + ruleIds[i];
        out += ")";
    }
    return out + ".";
}

Question base(const AftercarePlan& plan, std::string id, QuestionType type, int difficulty) {
    (void)plan;
    Question q;
    q.id = std::move(id);
    q.type = type;
    q.categories = {std::string(kScenarioCategoryId)};
    q.difficulty = difficulty;
    q.generated = true;
    return q;
}

/// Why the activity is or is not allowed on the day, and what follows.
std::string statusExplanation(const AftercarePlan& plan, std::string_view activityId, CivilDate day,
                              const ActivityStatus& s) {
    const std::string when = formatLongDate(day) + " is " + plan.describeDay(day) + ". ";
    std::string out;
    if (!s.allowed) {
        out = when + nameOf(plan, activityId) + " is not allowed:" + reasons(plan, activityId, s) +
              ". The day of a session is day 0 and \"N days after\" covers days 0 to N, so counting every "
              "rule that "
              "applies it is allowed again from " +
              formatLongDate(*s.allowedFrom) + ".";
    } else {
        out = when + "No rule restricts " + nameOf(plan, activityId) + " on that day, so it is allowed.";
        // The restriction that ended most recently, if any: where the trainee might have miscounted.
        std::optional<DateRange> previous;
        for (const auto& r : plan.restrictedRanges(activityId))
            if (r.last < day) previous = r;
        if (previous)
            out += " Its last restriction ran from " + shortDate(previous->first) + " to " +
                   shortDate(previous->last) + ".";
    }
    if (!s.conditions.empty()) {
        out += s.allowed ? " It comes with a condition:" : " From then on:";
        for (const auto& c : s.conditions)
            out += " " + c;
    }
    return out;
}

} // namespace

std::string describeSessions(const AftercarePlan& plan) {
    const auto& s = plan.sessions();
    if (s.size() == 1) return "A client had one session, on " + formatLongDate(s[0]) + ".";
    std::string out = "A client's sessions were on ";
    for (size_t i = 0; i + 1 < s.size(); ++i)
        out += (i ? (i + 2 == s.size() ? " and " : ", ") : "") + shortDate(s[i]);
    return out + "; the final session was on " + formatLongDate(s.back()) + ".";
}

Question scenarioMayQuestion(const AftercarePlan& plan, std::string_view activityId, CivilDate day,
                             std::string id) {
    const ActivityStatus s = plan.status(activityId, day);
    Question q = base(plan, std::move(id), QuestionType::TrueFalse, 2);
    q.prompt = describeSessions(plan) + " True or false: on " + formatLongDate(day) +
               " the client may do this: " + nameOf(plan, activityId) + ".";
    q.truth = s.allowed;
    q.explanation = (s.allowed ? "True. " : "False. ") + statusExplanation(plan, activityId, day, s);
    q.source = sourceOf(plan, s.ruleIds);
    return q;
}

std::optional<Question> scenarioWhenAgainQuestion(const AftercarePlan& plan, std::string_view activityId,
                                                  CivilDate day, std::string id) {
    const ActivityStatus s = plan.status(activityId, day);
    if (s.allowed) return std::nullopt;
    const CivilDate right = *s.allowedFrom;
    // Distractors: the classic off-by-one either side, the end of the activity's own rules alone
    // (forgetting what it implies, or a later window), and a week on.
    std::vector<CivilDate> wrong;
    auto offer = [&](CivilDate d) {
        if (d != right && d > day && std::find(wrong.begin(), wrong.end(), d) == wrong.end() &&
            wrong.size() < 3)
            wrong.push_back(d);
    };
    for (const auto& w : plan.windows())
        if (w.effect == RuleEffect::Avoid && w.activityId == activityId && w.range.contains(day))
            offer(w.range.last + 1);
    for (const auto& w : plan.windows())
        if (w.effect == RuleEffect::Avoid && w.range.contains(day) && w.range.last + 1 < right)
            offer(w.range.last + 1);
    offer(right - 1);
    offer(right + 1);
    offer(right + 7);
    offer(right + 2);
    Question q = base(plan, std::move(id), QuestionType::SingleChoice, 3);
    q.prompt = describeSessions(plan) + " On " + formatLongDate(day) + " the client asks when " +
               nameOf(plan, activityId) + " will be allowed again. From which date is it allowed?";
    // The dates in calendar order in the question itself; the Quiz shuffles them anyway.
    std::vector<std::pair<CivilDate, Choice>> dated{{right, {formatLongDate(right), 1.0, "", std::nullopt}}};
    for (const auto& d : wrong) {
        std::string feedback;
        if (d == right - 1)
            feedback = "One day early: \"N days after\" includes day N itself.";
        else if (d < right)
            feedback = "That is when one rule ends, but another still restricts it that day.";
        dated.push_back({d, {formatLongDate(d), 0.0, feedback, std::nullopt}});
    }
    std::sort(dated.begin(), dated.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [d, c] : dated)
        q.choices.push_back(std::move(c));
    q.explanation = "From " + formatLongDate(right) + ". " + statusExplanation(plan, activityId, day, s);
    q.source = sourceOf(plan, s.ruleIds);
    return q;
}

std::optional<Question> scenarioWhichAllowedQuestion(const AftercarePlan& plan, size_t sessionIndex,
                                                     int dayOffset, std::string id) {
    if (sessionIndex >= plan.sessions().size() || dayOffset < 0) return std::nullopt;
    const CivilDate day = plan.sessions()[sessionIndex] + dayOffset;
    const auto statuses = plan.statusAll(day);
    const auto allowed =
        std::count_if(statuses.begin(), statuses.end(), [](const ActivityStatus& s) { return s.allowed; });
    if (allowed == 0 || allowed == static_cast<long>(statuses.size())) return std::nullopt;
    Question q = base(plan, std::move(id), QuestionType::MultipleChoice, 3);
    const std::string session = sessionIndex + 1 == plan.sessions().size() && plan.sessions().size() > 1
                                    ? "the final session"
                                : plan.sessions().size() == 1 ? "the session"
                                                              : "session " + std::to_string(sessionIndex + 1);
    q.prompt = describeSessions(plan) + " Which of these are allowed on day " + std::to_string(dayOffset) +
               " after " + session + " (" + formatLongDate(day) + ")? Tick every one that is.";
    std::vector<bool> correct;
    std::vector<std::string> ruleIds;
    q.explanation =
        "Day " + std::to_string(dayOffset) + " after " + session + " is " + formatLongDate(day) + ".";
    for (const auto& s : statuses) {
        Choice c;
        c.text = nameOf(plan, s.activityId);
        q.choices.push_back(c);
        correct.push_back(s.allowed);
        q.explanation += " " + c.text + ": ";
        if (s.allowed) {
            q.explanation += "allowed";
            for (const auto& cond : s.conditions)
                q.explanation += " (" + cond + ")";
            q.explanation += ".";
        } else {
            q.explanation += "not allowed (rules: ";
            for (size_t i = 0; i < s.ruleIds.size(); ++i)
                q.explanation += (i ? ", " : "") + s.ruleIds[i];
            q.explanation += "); allowed again from " + shortDate(*s.allowedFrom) + ".";
        }
        for (const auto& r : s.ruleIds)
            if (std::find(ruleIds.begin(), ruleIds.end(), r) == ruleIds.end()) ruleIds.push_back(r);
    }
    assignDefaultCredits(q, correct);
    q.source = sourceOf(plan, ruleIds);
    return q;
}

std::vector<Question> generateScenarioQuestions(const RuleBook& book, uint64_t seed, int count) {
    std::vector<Question> out;
    for (auto& s : generateScenarios(book, seed, count))
        out.push_back(std::move(s.question));
    return out;
}

std::vector<Scenario> generateScenarios(const RuleBook& book, uint64_t seed, int count) {
    std::vector<Scenario> out;
    Rng rng(seed);
    const CivilDate earliest = *makeDate(2026, 1, 5);
    int attempts = 0;
    while (static_cast<int>(out.size()) < count && attempts < 50 * std::max(count, 1)) {
        ++attempts;
        const int kind = static_cast<int>(out.size() % 3);
        std::vector<CivilDate> sessions{earliest + static_cast<int64_t>(rng.below(365))};
        const int n = 1 + static_cast<int>(rng.below(4));
        for (int i = 1; i < n; ++i)
            sessions.push_back(sessions.back() + 14 + static_cast<int64_t>(rng.below(22)));
        std::string error;
        const auto plan = AftercarePlan::make(book, sessions, error);
        if (!plan) continue;
        const std::string id = book.id + "-scenario-" + std::to_string(out.size() + 1);

        if (kind == 2) {
            const size_t session = rng.below(sessions.size());
            const int offset = static_cast<int>(rng.below(12));
            if (auto q = scenarioWhichAllowedQuestion(*plan, session, offset, id))
                out.push_back({std::move(*q), sessions, sessions[session] + offset, ""});
            continue;
        }
        // An activity that is restricted somewhere in this plan, and one of its stretches.
        std::vector<std::string> candidates;
        for (const auto& a : book.activities)
            if (!plan->restrictedRanges(a.id).empty()) candidates.push_back(a.id);
        if (candidates.empty()) continue;
        const std::string activity = candidates[rng.below(candidates.size())];
        const auto ranges = plan->restrictedRanges(activity);
        const DateRange range = ranges[rng.below(ranges.size())];
        if (kind == 0) {
            // The edges: the last restricted day, the first free one, the first restricted one,
            // or any day inside.
            const CivilDate days[] = {
                range.last, range.last + 1, range.first,
                range.first + static_cast<int64_t>(rng.below(static_cast<uint64_t>(range.lengthDays())))};
            const CivilDate day = days[rng.below(4)];
            out.push_back({scenarioMayQuestion(*plan, activity, day, id), sessions, day, activity});
        } else {
            const CivilDate day =
                range.first + static_cast<int64_t>(rng.below(static_cast<uint64_t>(range.lengthDays())));
            if (auto q = scenarioWhenAgainQuestion(*plan, activity, day, id))
                out.push_back({std::move(*q), sessions, day, activity});
        }
    }
    return out;
}

} // namespace stipple
