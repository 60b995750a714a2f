// A plain calendar date for aftercare plans: a count of days since 1970-01-01 in the proleptic
// Gregorian calendar, with no time of day and no time zone, because aftercare rules count whole
// days ("four days after each appointment") and a client reads them off a wall calendar.
// Conversion uses Howard Hinnant's days_from_civil / civil_from_days algorithms, written out
// here so that no library's time-zone or locale handling can shift a date.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stipple {

struct CivilDate {
    int64_t daysSinceEpoch = 0; ///< 0 = 1970-01-01

    /// The date `days` later (earlier when negative).
    CivilDate operator+(int64_t days) const { return {daysSinceEpoch + days}; }
    CivilDate operator-(int64_t days) const { return {daysSinceEpoch - days}; }
    /// Whole days from `other` to this date.
    int64_t operator-(CivilDate other) const { return daysSinceEpoch - other.daysSinceEpoch; }
    friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

/// Year, month (1..12) and day (1..31) of a date.
struct CivilFields {
    int64_t year = 1970;
    int month = 1;
    int day = 1;
};

/// Days since 1970-01-01 of a valid Gregorian date (Hinnant's days_from_civil).
int64_t daysFromCivil(int64_t year, int month, int day);
/// The year, month and day of a day count (Hinnant's civil_from_days).
CivilFields civilFromDays(int64_t daysSinceEpoch);

bool isLeapYear(int64_t year);
/// 28..31; 0 when `month` is not 1..12.
int daysInMonth(int64_t year, int month);

/// A date from its fields; nullopt when the day does not exist (2026-02-30, month 13).
std::optional<CivilDate> makeDate(int64_t year, int month, int day);
/// Strict ISO 8601 calendar date: exactly "YYYY-MM-DD" with a year 0001..9999 and a day that
/// exists in that month. No surrounding spaces, no signs, no week or ordinal forms.
std::optional<CivilDate> parseIsoDate(std::string_view text);
/// "YYYY-MM-DD".
std::string formatIsoDate(CivilDate date);
/// "YYYYMMDD", the iCalendar DATE form.
std::string formatBasicDate(CivilDate date);
/// 0 = Monday .. 6 = Sunday (ISO weekday minus one).
int weekdayIndex(CivilDate date);
/// "Monday" .. "Sunday".
const char* weekdayName(CivilDate date);
/// "January" .. "December"; month 1..12.
const char* monthName(int month);
/// "Monday 2 March 2026": how the client sheet writes a date.
std::string formatLongDate(CivilDate date);

} // namespace stipple
