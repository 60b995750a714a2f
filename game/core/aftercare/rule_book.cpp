// Look-ups on the rule book model and the names of its enumerations.
#include "aftercare/rule_book.h"

namespace stipple {

const Activity* RuleBook::activity(std::string_view activityId) const {
    for (const auto& a : activities)
        if (a.id == activityId) return &a;
    return nullptr;
}

const AftercareRule* RuleBook::rule(std::string_view ruleId) const {
    for (const auto& r : rules)
        if (r.id == ruleId) return &r;
    return nullptr;
}

std::string_view anchorName(RuleAnchor anchor) {
    switch (anchor) {
    case RuleAnchor::AfterEachSession:
        return "after-each-session";
    case RuleAnchor::AfterFinalSession:
        return "after-final-session";
    case RuleAnchor::BetweenSessions:
        return "between-sessions";
    case RuleAnchor::BeforeEachSession:
        return "before-each-session";
    }
    return "?";
}

std::optional<RuleAnchor> anchorFromName(std::string_view name) {
    for (RuleAnchor a : {RuleAnchor::AfterEachSession, RuleAnchor::AfterFinalSession,
                         RuleAnchor::BetweenSessions, RuleAnchor::BeforeEachSession})
        if (anchorName(a) == name) return a;
    return std::nullopt;
}

} // namespace stipple
