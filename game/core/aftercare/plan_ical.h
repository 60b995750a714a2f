// An aftercare plan as an iCalendar file (RFC 5545) for the client's phone: one all-day event per
// session, one per stretch in which an activity is not allowed, and one on the day each activity
// is allowed again (with what applies from then on, e.g. sunscreen). The output is a pure
// function of the plan and the time the file is made — UIDs hash the rule book and the session
// dates, DTSTAMP is when the file was made (RFC 5545 3.8.7.2 for a calendar without METHOD:REQUEST
// … "the date and time that the information was created") — so re-importing an updated plan
// replaces events instead of duplicating them, and a calendar app sees the newer one as newer.
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
/// The whole VCALENDAR for the plan; `madeAtUtc` ("2026-03-02T09:15:00Z", nowUtcTimestamp())
/// is the time the file is made, every event's DTSTAMP (a malformed time is a programmer error).
std::string planToICalendar(const AftercarePlan& plan, const std::string& madeAtUtc);

} // namespace stipple
