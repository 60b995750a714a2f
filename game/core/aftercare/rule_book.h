// The aftercare rule book: what a clinic tells its clients to avoid (and to do) around SMP
// sessions, as data. Clinics disagree on the day counts (48 hours to 5 days before the scalp may
// be wetted, 7 to 28 days for pools and saunas), so each clinic profile is one file under
// levels/aftercare/ and the engine (aftercare/aftercare_plan.h) knows no numbers of its own.
// This file is the plain model; aftercare/rule_book_reader.h reads it from XML.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

/// Something a client might do that a rule can restrict ("swimming", "sun-exposure").
struct Activity {
    std::string id;          ///< e.g. "wet-scalp"
    std::string name;        ///< client-facing, e.g. "Washing or wetting the scalp"
    std::string description; ///< optional detail, e.g. "heavy sweating included"
    /// Activities this one entails: swimming wets the scalp, so swimming implies wet-scalp and is
    /// restricted whenever wet-scalp is. Direct implications only; the engine follows chains.
    std::vector<std::string> implies;
    int line = 0; ///< source line in the rule book, for messages
};

/// When a rule's window opens, relative to the client's session dates. Day counting, the same
/// everywhere: the day of a session is day 0.
enum class RuleAnchor {
    AfterEachSession,  ///< days 0..N after every session, the final one included
    AfterFinalSession, ///< days 0..N after the last session only
    BetweenSessions,   ///< from the day of a session to the day before the next session; no N
    BeforeEachSession, ///< days −N..0 around every session (day 0 = before the appointment)
};

/// What a rule asks for during its window.
enum class RuleEffect {
    Avoid, ///< the activity is not allowed
    Do,    ///< the client must do it (e.g. shower before each treatment): a reminder, not a restriction
};

struct AftercareRule {
    std::string id;
    std::string activityId;
    RuleAnchor anchor = RuleAnchor::AfterEachSession;
    RuleEffect effect = RuleEffect::Avoid;
    int days = 0; ///< N in the anchor's window; unused (0) for BetweenSessions
    /// What applies once a window has passed, e.g. "Use SPF 30–50 sunscreen."; empty = nothing.
    std::string afterwards;
    /// The sentence of the clinic's own material this rule encodes, verbatim where possible.
    std::string source;
    int line = 0;
};

struct RuleBook {
    std::string id;     ///< e.g. "clinic-brochure"
    std::string title;  ///< e.g. "Clinic brochure"
    std::string origin; ///< where the rules come from (document, URL); optional
    std::string asOf;   ///< "YYYY-MM-DD" the source was read, optional (rules go stale)
    std::vector<Activity> activities;
    std::vector<AftercareRule> rules;

    const Activity* activity(std::string_view activityId) const;
    const AftercareRule* rule(std::string_view ruleId) const;
};

/// "after-each-session", "between-sessions", ... (the XML spelling).
std::string_view anchorName(RuleAnchor anchor);
std::optional<RuleAnchor> anchorFromName(std::string_view name);

} // namespace stipple
