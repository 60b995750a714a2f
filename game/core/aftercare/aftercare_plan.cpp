// The aftercare engine. Every rule is first turned into its windows (closed date ranges) for the
// client's sessions; every question after that is a look-up over windows, so the convention for
// counting days lives in one function, windowsOf().
#include "aftercare/aftercare_plan.h"

#include <algorithm>

namespace stipple {

namespace {

std::vector<RuleWindow> windowsOf(const AftercareRule& rule, const std::vector<CivilDate>& sessions) {
    std::vector<RuleWindow> out;
    auto add = [&](CivilDate first, CivilDate last, size_t session) {
        if (last < first) return; // between two sessions on consecutive days there is no gap day left
        out.push_back({rule.id, rule.activityId, rule.effect, {first, last}, static_cast<int>(session)});
    };
    const size_t n = sessions.size();
    switch (rule.anchor) {
    case RuleAnchor::AfterEachSession:
        for (size_t i = 0; i < n; ++i)
            add(sessions[i], sessions[i] + rule.days, i);
        break;
    case RuleAnchor::AfterFinalSession:
        add(sessions[n - 1], sessions[n - 1] + rule.days, n - 1);
        break;
    case RuleAnchor::BetweenSessions:
        for (size_t i = 0; i + 1 < n; ++i)
            add(sessions[i], sessions[i + 1] - 1, i);
        break;
    case RuleAnchor::BeforeEachSession:
        for (size_t i = 0; i < n; ++i)
            add(sessions[i] - rule.days, sessions[i], i);
        break;
    }
    return out;
}

void addUnique(std::vector<std::string>& items, const std::string& item) {
    if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
}

} // namespace

std::optional<AftercarePlan> AftercarePlan::make(const RuleBook& book, std::vector<CivilDate> sessions,
                                                 std::string& error) {
    if (sessions.empty()) {
        error = "a plan needs at least one session date";
        return std::nullopt;
    }
    for (size_t i = 1; i < sessions.size(); ++i) {
        if (sessions[i] == sessions[i - 1]) {
            error = "session " + std::to_string(i + 1) + " is on the same day as session " +
                    std::to_string(i) + " (" + formatIsoDate(sessions[i]) + "); give each session once";
            return std::nullopt;
        }
        if (sessions[i] < sessions[i - 1]) {
            error = "session dates must be in order, earliest first: session " + std::to_string(i + 1) +
                    " (" + formatIsoDate(sessions[i]) + ") comes before session " + std::to_string(i) + " (" +
                    formatIsoDate(sessions[i - 1]) + ")";
            return std::nullopt;
        }
    }
    AftercarePlan plan;
    plan.m_book = book;
    plan.m_sessions = std::move(sessions);
    for (const auto& rule : plan.m_book.rules) {
        auto w = windowsOf(rule, plan.m_sessions);
        plan.m_windows.insert(plan.m_windows.end(), w.begin(), w.end());
    }
    return plan;
}

std::vector<std::string> AftercarePlan::impliedClosure(std::string_view activityId) const {
    std::vector<std::string> closure{std::string(activityId)};
    // Breadth-first; the visited list also keeps a (rejected by the reader) cycle finite.
    for (size_t i = 0; i < closure.size(); ++i)
        if (const Activity* a = m_book.activity(closure[i]))
            for (const auto& next : a->implies)
                addUnique(closure, next);
    return closure;
}

std::vector<DateRange> AftercarePlan::restrictedRanges(std::string_view activityId) const {
    const auto closure = impliedClosure(activityId);
    std::vector<DateRange> ranges;
    for (const auto& w : m_windows)
        if (w.effect == RuleEffect::Avoid &&
            std::find(closure.begin(), closure.end(), w.activityId) != closure.end())
            ranges.push_back(w.range);
    std::sort(ranges.begin(), ranges.end(),
              [](const DateRange& a, const DateRange& b) { return a.first < b.first; });
    std::vector<DateRange> merged;
    for (const auto& r : ranges) {
        // Adjacent ranges merge too: the next allowed stretch starts only where no rule applies.
        if (!merged.empty() && r.first <= merged.back().last + 1)
            merged.back().last = std::max(merged.back().last, r.last);
        else
            merged.push_back(r);
    }
    return merged;
}

std::vector<std::string> AftercarePlan::conditionsOn(const std::vector<std::string>& closure, CivilDate day,
                                                     std::vector<std::string>& ruleIds) const {
    // A rule's afterwards text applies from the day after one of its windows has ended.
    std::vector<std::string> conditions;
    for (const auto& rule : m_book.rules) {
        if (rule.afterwards.empty() || rule.effect != RuleEffect::Avoid) continue;
        if (std::find(closure.begin(), closure.end(), rule.activityId) == closure.end()) continue;
        const bool passed = std::any_of(m_windows.begin(), m_windows.end(), [&](const RuleWindow& w) {
            return w.ruleId == rule.id && w.range.last < day;
        });
        if (!passed) continue;
        addUnique(conditions, rule.afterwards);
        addUnique(ruleIds, rule.id);
    }
    return conditions;
}

ActivityStatus AftercarePlan::status(std::string_view activityId, CivilDate day) const {
    ActivityStatus s;
    s.activityId = std::string(activityId);
    const auto closure = impliedClosure(activityId);
    for (const auto& rule : m_book.rules) {
        if (rule.effect != RuleEffect::Avoid) continue;
        if (std::find(closure.begin(), closure.end(), rule.activityId) == closure.end()) continue;
        for (const auto& w : m_windows)
            if (w.ruleId == rule.id && w.range.contains(day)) {
                addUnique(s.ruleIds, rule.id);
                s.allowed = false;
            }
    }
    if (s.allowed) {
        s.conditions = conditionsOn(closure, day, s.ruleIds);
        return s;
    }
    for (const auto& r : restrictedRanges(activityId))
        if (r.contains(day)) s.allowedFrom = r.last + 1;
    std::vector<std::string> ignored;
    s.conditions = conditionsOn(closure, *s.allowedFrom, ignored);
    return s;
}

std::vector<ActivityStatus> AftercarePlan::statusAll(CivilDate day) const {
    std::vector<ActivityStatus> out;
    for (const auto& a : m_book.activities)
        out.push_back(status(a.id, day));
    return out;
}

std::vector<Reminder> AftercarePlan::reminders(CivilDate day) const {
    std::vector<Reminder> out;
    for (const auto& rule : m_book.rules) {
        if (rule.effect != RuleEffect::Do) continue;
        for (const auto& w : m_windows)
            if (w.ruleId == rule.id && w.range.contains(day)) {
                out.push_back({rule.id, rule.activityId, rule.source});
                break;
            }
    }
    return out;
}

CivilDate AftercarePlan::lastRestrictedDay() const {
    CivilDate last = finalSession();
    for (const auto& w : m_windows)
        if (w.effect == RuleEffect::Avoid) last = std::max(last, w.range.last);
    return last;
}

int AftercarePlan::sessionOn(CivilDate day) const {
    for (size_t i = 0; i < m_sessions.size(); ++i)
        if (m_sessions[i] == day) return static_cast<int>(i);
    return -1;
}

std::string AftercarePlan::describeDay(CivilDate day) const {
    const size_t n = m_sessions.size();
    auto name = [&](size_t i) {
        return i + 1 == n && n > 1 ? std::string("the final session") : "session " + std::to_string(i + 1);
    };
    if (day < m_sessions.front()) return "before session 1";
    size_t i = n - 1;
    while (m_sessions[i] > day)
        --i;
    const int64_t offset = day - m_sessions[i];
    if (offset == 0) {
        if (n == 1) return "the session";
        return "session " + std::to_string(i + 1) + (i + 1 == n ? " (final)" : "");
    }
    return "day " + std::to_string(offset) + " after " + (n == 1 ? std::string("the session") : name(i));
}

} // namespace stipple
