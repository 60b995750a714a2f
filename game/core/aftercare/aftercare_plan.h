// The aftercare engine: one client's session dates applied to a rule book. It answers, for any
// date, whether each activity is allowed, from which date it is allowed again, which conditions
// apply (e.g. sunscreen) and which rules decided it; the CLI sheet, the calendar, the .ics export
// and the generated quiz questions all ask it, so they can never disagree.
//
// Day counting (levels/aftercare/README.md): the day of a session is day 0; N days after a
// session restricts days 0..N inclusive; between sessions restricts from the day of a session to
// the day before the next one; after the final session only after-each and after-final rules
// continue. Before the first session nothing is restricted, except by before-each-session rules,
// whose whole point is the days before a session.
#pragma once

#include "aftercare/civil_date.h"
#include "aftercare/rule_book.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

/// Days `first` through `last`, both included.
struct DateRange {
    CivilDate first;
    CivilDate last;

    bool contains(CivilDate d) const { return first <= d && d <= last; }
    int64_t lengthDays() const { return last - first + 1; }
    friend bool operator==(const DateRange&, const DateRange&) = default;
};

/// One window of one rule: the rule applies (restricts, or reminds) on these days.
struct RuleWindow {
    std::string ruleId;
    std::string activityId; ///< the rule's own activity
    RuleEffect effect = RuleEffect::Avoid;
    DateRange range;
    int sessionIndex = 0; ///< 0-based index of the session the window belongs to
};

/// The answer for one activity on one date.
struct ActivityStatus {
    std::string activityId;
    bool allowed = true;
    /// When not allowed: the first date of the next allowed stretch, counting every rule that
    /// applies (its own and those of every activity it implies).
    std::optional<CivilDate> allowedFrom;
    /// What applies on the date when allowed, or from `allowedFrom` when not (e.g. sunscreen).
    std::vector<std::string> conditions;
    /// Rule ids that restrict the activity on the date when not allowed; when allowed, the rules
    /// whose conditions apply. In rule book order.
    std::vector<std::string> ruleIds;
};

/// Something to do on a date (a rule with effect="do"), e.g. "Shower before each treatment."
struct Reminder {
    std::string ruleId;
    std::string activityId;
    std::string text;
};

class AftercarePlan {
  public:
    /// A plan for sessions on `sessions` (strictly increasing; the last is the final one). On
    /// bad dates returns nullopt with a reason in `error`. The plan keeps its own copy of `book`.
    static std::optional<AftercarePlan> make(const RuleBook& book, std::vector<CivilDate> sessions,
                                             std::string& error);

    const RuleBook& book() const { return m_book; }
    const std::vector<CivilDate>& sessions() const { return m_sessions; }
    CivilDate finalSession() const { return m_sessions.back(); }

    /// Every window of every rule, ordered by rule (book order), then by date.
    const std::vector<RuleWindow>& windows() const { return m_windows; }
    /// The activity itself and every activity it implies, directly or through others.
    std::vector<std::string> impliedClosure(std::string_view activityId) const;
    /// Days on which the activity is not allowed, merged into disjoint, non-adjacent ranges in
    /// date order (two ranges always have at least one allowed day between them).
    std::vector<DateRange> restrictedRanges(std::string_view activityId) const;

    /// The status of one activity on `day`; the activity must be in the book.
    ActivityStatus status(std::string_view activityId, CivilDate day) const;
    /// The status of every activity on `day`, in book order.
    std::vector<ActivityStatus> statusAll(CivilDate day) const;
    /// What the client must do on `day`.
    std::vector<Reminder> reminders(CivilDate day) const;

    /// The last day any rule restricts anything (the final session when none does).
    CivilDate lastRestrictedDay() const;
    /// "before session 1", "session 2", "session 3 (final)", "day 3 after session 2",
    /// "day 30 after the final session"; with one session "the session", "day 4 after the session".
    std::string describeDay(CivilDate day) const;
    /// 0-based index of the session on `day`, or -1.
    int sessionOn(CivilDate day) const;

  private:
    AftercarePlan() = default;
    std::vector<std::string> conditionsOn(const std::vector<std::string>& closure, CivilDate day,
                                          std::vector<std::string>& ruleIds) const;

    RuleBook m_book;
    std::vector<CivilDate> m_sessions;
    std::vector<RuleWindow> m_windows;
};

} // namespace stipple
