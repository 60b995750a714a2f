// Civil dates: Howard Hinnant's algorithms ("chrono-Compatible Low-Level Date Algorithms"),
// which shift the year to start on 1 March so that the leap day is the last day of the shifted
// year, then count 400-year eras of 146097 days. Valid for every int64 year we can meet.
#include "aftercare/civil_date.h"

namespace stipple {

int64_t daysFromCivil(int64_t year, int month, int day) {
    const int64_t y = year - (month <= 2 ? 1 : 0);
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;                         // [0, 399]
    const int64_t mp = month > 2 ? month - 3 : month + 9;      // March = 0
    const int64_t doy = (153 * mp + 2) / 5 + day - 1;          // [0, 365]
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    return era * 146097 + doe - 719468;                        // 719468 = 0000-03-01 .. 1970-01-01
}

CivilFields civilFromDays(int64_t daysSinceEpoch) {
    const int64_t z = daysSinceEpoch + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;                                      // [0, 146096]
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // [0, 399]
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               // [0, 365]
    const int64_t mp = (5 * doy + 2) / 153;                                    // [0, 11]
    CivilFields f;
    f.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    f.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    f.year = yoe + era * 400 + (f.month <= 2 ? 1 : 0);
    return f;
}

bool isLeapYear(int64_t year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int daysInMonth(int64_t year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

std::optional<CivilDate> makeDate(int64_t year, int month, int day) {
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return std::nullopt;
    return CivilDate{daysFromCivil(year, month, day)};
}

std::optional<CivilDate> parseIsoDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto digits = [&](size_t from, size_t count) -> int {
        int v = 0;
        for (size_t i = from; i < from + count; ++i) {
            if (text[i] < '0' || text[i] > '9') return -1;
            v = v * 10 + (text[i] - '0');
        }
        return v;
    };
    const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
    if (year < 1 || month < 0 || day < 0) return std::nullopt;
    return makeDate(year, month, day);
}

namespace {
std::string padded(int64_t v, int width) {
    std::string s = std::to_string(v < 0 ? -v : v);
    if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<size_t>(width) - s.size(), '0');
    return v < 0 ? "-" + s : s;
}
} // namespace

std::string formatIsoDate(CivilDate date) {
    const CivilFields f = civilFromDays(date.daysSinceEpoch);
    return padded(f.year, 4) + "-" + padded(f.month, 2) + "-" + padded(f.day, 2);
}

std::string formatBasicDate(CivilDate date) {
    const CivilFields f = civilFromDays(date.daysSinceEpoch);
    return padded(f.year, 4) + padded(f.month, 2) + padded(f.day, 2);
}

int weekdayIndex(CivilDate date) {
    // 1970-01-01 was a Thursday (index 3).
    return static_cast<int>(((date.daysSinceEpoch % 7) + 7 + 3) % 7);
}

const char* weekdayName(CivilDate date) {
    static constexpr const char* kNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday"};
    return kNames[weekdayIndex(date)];
}

const char* monthName(int month) {
    static constexpr const char* kNames[] = {"January",   "February", "March",    "April",
                                             "May",       "June",     "July",     "August",
                                             "September", "October",  "November", "December"};
    return month >= 1 && month <= 12 ? kNames[month - 1] : "?";
}

std::string formatLongDate(CivilDate date) {
    const CivilFields f = civilFromDays(date.daysSinceEpoch);
    return std::string(weekdayName(date)) + " " + std::to_string(f.day) + " " + monthName(f.month) + " " +
           std::to_string(f.year);
}

} // namespace stipple
