// An aftercare plan as an iCalendar file (RFC 5545) for the client's phone: one all-day event per
// session, one per stretch in which an activity is not allowed, and one on the day each activity
// is allowed again (with what applies from then on, e.g. sunscreen). The output is a pure
// function of the plan — UIDs hash the rule book and the session dates, DTSTAMP is the first
// session's date at 00:00 UTC — so the same plan always gives the same bytes, and re-importing
// an updated plan replaces events instead of duplicating them.
#pragma once

#include "aftercare/aftercare_plan.h"

#include <string>
#include <string_view>

namespace stipple {

/// RFC 5545 TEXT escaping: backslash, semicolon and comma get a backslash; a line break becomes \n.
std::string icalEscapeText(std::string_view text);
/// One content line folded to at most 75 octets per physical line (continuations start with a
/// space), never splitting a UTF-8 sequence, each physical line ending in CRLF.
std::string icalFoldLine(std::string_view line);
/// The whole VCALENDAR for the plan.
std::string planToICalendar(const AftercarePlan& plan);

} // namespace stipple
