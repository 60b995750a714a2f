// `stipple aftercare`: applies a clinic's rule book to a client's session dates and prints what
// is allowed on a date (a sheet a client can read, or JSON), the whole plan as a calendar, or an
// .ics file for the client's phone. Every answer comes from aftercare/aftercare_plan.h.
#include "aftercare/aftercare_plan.h"
#include "aftercare/plan_ical.h"
#include "aftercare/rule_book_reader.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "exam/exam_result.h"
#include "io/files.h"

#include "cli/json_text.h"
#include <nlohmann/json.hpp>

#include <cstdio>

namespace stipple::cli {

namespace {

const CommandDef kAftercareDef{
    "aftercare",
    "what a client may do on a date, from a clinic's aftercare rules",
    "usage: stipple aftercare --rules FILE --sessions YYYY-MM-DD[,YYYY-MM-DD...]\n"
    "                         [--on YYYY-MM-DD [--json]] [--calendar] [--ics OUT.ics]\n",
    "Applies an aftercare rule book (e.g. levels/aftercare/clinic-brochure.xml) to a\n"
    "client's session dates, earliest first; the last date is the final session.\n"
    "The day of a session is day 0; \"N days after\" covers days 0..N.\n",
    {
        {"--on", "DATE",
         "what is allowed on DATE: a sheet for the client, or with --json\n"
         "{\"date\", \"day\", \"activities\": [{\"id\", \"allowed\", \"allowed_from\"\n"
         "(when not allowed), \"conditions\", \"rules\"}], \"reminders\"}"},
        {"--calendar", "", "the whole plan, day by day"},
        {"--ics", "FILE", "write the plan as an iCalendar file (RFC 5545) for a phone"},
        {"--rules", "FILE", "the aftercare rule book (e.g. levels/aftercare/clinic-brochure.xml)"},
        {"--sessions", "YYYY-MM-DD[,...]",
         "the client's session dates, earliest first (repeat or comma-separate);\n"
         "the last is the final session"},
        jsonOption("with --on: the day as JSON (below)"),
    },
    "At least one of --on, --calendar, --ics is needed.\n"
    "exit status: 0 done, 1 bad rule book or date (located message), 2 usage error.\n"};

int badInput(const std::string& message) {
    std::fprintf(stderr, "stipple aftercare: %s\n", message.c_str());
    return kExitBadInput;
}

std::optional<CivilDate> dateOption(const std::string& option, const std::string& value, std::string& error) {
    const auto d = parseIsoDate(value);
    if (!d)
        error = option + ": \"" + value +
                "\" is not a date; write YYYY-MM-DD with a day that exists (e.g. 2026-03-02)";
    return d;
}

std::string shortDate(CivilDate d) {
    const CivilFields f = civilFromDays(d.daysSinceEpoch);
    return std::to_string(f.day) + " " + monthName(f.month) + " " + std::to_string(f.year);
}

/// "2 to 6 March 2026", "2 March to 11 May 2026", "13 April 2026".
std::string rangeText(DateRange r) {
    const CivilFields a = civilFromDays(r.first.daysSinceEpoch), b = civilFromDays(r.last.daysSinceEpoch);
    if (r.first == r.last) return shortDate(r.first);
    if (a.year != b.year) return shortDate(r.first) + " to " + shortDate(r.last);
    if (a.month != b.month)
        return std::to_string(a.day) + " " + monthName(a.month) + " to " + shortDate(r.last);
    return std::to_string(a.day) + " to " + shortDate(r.last);
}

std::string sessionList(const AftercarePlan& plan) {
    std::string out;
    const auto& s = plan.sessions();
    for (size_t i = 0; i < s.size(); ++i)
        out += (i ? ", " : "") + shortDate(s[i]) + (i + 1 == s.size() && s.size() > 1 ? " (final)" : "");
    return out;
}

std::string activityLabel(const Activity& a) {
    return a.description.empty() ? a.name : a.name + " (" + a.description + ")";
}

std::string jsonStatus(const AftercarePlan& plan, CivilDate day) {
    nlohmann::ordered_json j;
    j["date"] = formatIsoDate(day);
    j["day"] = plan.describeDay(day);
    j["activities"] = nlohmann::ordered_json::array();
    for (const auto& s : plan.statusAll(day)) {
        nlohmann::ordered_json a;
        a["id"] = s.activityId;
        a["allowed"] = s.allowed;
        if (s.allowedFrom) a["allowed_from"] = formatIsoDate(*s.allowedFrom);
        a["conditions"] = s.conditions;
        a["rules"] = s.ruleIds;
        j["activities"].push_back(std::move(a));
    }
    j["reminders"] = nlohmann::ordered_json::array();
    for (const auto& r : plan.reminders(day))
        j["reminders"].push_back(r.text);
    return jsonText(j) + "\n";
}

std::string sheet(const AftercarePlan& plan, CivilDate day) {
    const RuleBook& book = plan.book();
    std::string out = "Aftercare on " + formatLongDate(day) + " (" + plan.describeDay(day) + ")\n";
    out += book.title + "; sessions: " + sessionList(plan) + "\n";
    const auto statuses = plan.statusAll(day);
    std::string notYet, allowed;
    std::vector<std::string> why;
    for (const auto& s : statuses) {
        const Activity& a = *book.activity(s.activityId);
        if (s.allowed) {
            allowed += "  - " + activityLabel(a);
            for (const auto& c : s.conditions)
                allowed += "\n      " + c;
            allowed += "\n";
        } else {
            notYet +=
                "  - " + activityLabel(a) + ": allowed again from " + formatLongDate(*s.allowedFrom) + "\n";
            for (const auto& c : s.conditions)
                notYet += "      from then on: " + c + "\n";
            for (const auto& id : s.ruleIds) {
                const std::string& src = book.rule(id)->source;
                if (std::find(why.begin(), why.end(), src) == why.end()) why.push_back(src);
            }
        }
    }
    if (!notYet.empty()) out += "\nNot yet:\n" + notYet;
    if (!allowed.empty()) out += "\nAllowed:\n" + allowed;
    const auto reminders = plan.reminders(day);
    if (!reminders.empty()) {
        out += "\nTo do today:\n";
        for (const auto& r : reminders)
            out += "  - " + r.text + "\n";
    }
    if (!why.empty()) {
        out += "\nWhy (your clinic's instructions):\n";
        for (const auto& w : why)
            out += "  \"" + w + "\"\n";
    }
    return out;
}

/// One column per activity, named 1..9 then A..Z in book order.
char columnCode(size_t i) {
    return i < 9 ? static_cast<char>('1' + i) : static_cast<char>('A' + (i - 9));
}

std::string calendar(const AftercarePlan& plan) {
    const RuleBook& book = plan.book();
    std::string out = "Aftercare plan: " + book.title + "\nSessions: " + sessionList(plan) + "\n\n";
    // Each activity's stretches in words first: what a client wants to know at a glance.
    for (const auto& a : book.activities) {
        out += a.name + ": ";
        const auto ranges = plan.restrictedRanges(a.id);
        if (ranges.empty()) out += "never restricted";
        for (size_t i = 0; i < ranges.size(); ++i)
            out += (i ? ", " : "not allowed ") + rangeText(ranges[i]);
        if (!ranges.empty()) out += "; allowed again from " + shortDate(ranges.back().last + 1);
        out += "\n";
    }
    out += "\nColumns:";
    for (size_t i = 0; i < book.activities.size(); ++i)
        out += std::string(i % 3 == 0 ? "\n  " : "   ") + columnCode(i) + " " + book.activities[i].name;
    out += "\n  x not allowed   . allowed   + allowed, with conditions\n";

    CivilDate first = plan.sessions().front();
    for (const auto& w : plan.windows())
        first = std::min(first, w.range.first);
    const CivilDate last = plan.lastRestrictedDay() + 1; // end on the first day everything is allowed
    std::string header = "\n               ";
    for (size_t i = 0; i < book.activities.size(); ++i)
        header += std::string(" ") + columnCode(i);
    out += header + "\n";
    for (CivilDate d = first; d <= last; d = d + 1) {
        if (weekdayIndex(d) == 0 && d != first) out += "\n";
        out += std::string(weekdayName(d)).substr(0, 3) + " " + formatIsoDate(d) + " ";
        for (const auto& a : book.activities) {
            const ActivityStatus s = plan.status(a.id, d);
            out += std::string(" ") + (!s.allowed ? 'x' : s.conditions.empty() ? '.' : '+');
        }
        out += "  " + plan.describeDay(d);
        for (const auto& r : plan.reminders(d))
            out += "; " + r.text;
        out += "\n";
    }
    for (const auto& a : book.activities) {
        const ActivityStatus s = plan.status(a.id, last);
        for (const auto& c : s.conditions)
            out += "\nFrom " + shortDate(last) + ", " + a.name + ": " + c;
    }
    return out + "\n";
}

int runAftercare(const std::vector<std::string>& argv) {
    const Args args(argv, kAftercareDef);
    if (!args.ok()) return usageError("aftercare", args.error(), helpText(kAftercareDef));
    if (args.help()) {
        std::fputs(helpText(kAftercareDef).c_str(), stdout);
        return kExitOk;
    }
    if (!args.positional().empty())
        return usageError("aftercare", "unexpected argument '" + args.positional().front() + "'",
                          helpText(kAftercareDef));
    const auto rulesPath = args.value("rules");
    if (!rulesPath) return usageError("aftercare", "--rules FILE is required", helpText(kAftercareDef));
    const auto sessionValues = args.values("sessions");
    if (sessionValues.empty())
        return usageError("aftercare", "--sessions YYYY-MM-DD[,...] is required", helpText(kAftercareDef));
    const auto on = args.value("on");
    const auto ics = args.value("ics");
    if (!on && !args.flag("calendar") && !ics)
        return usageError("aftercare", "say what to show: --on DATE, --calendar or --ics FILE",
                          helpText(kAftercareDef));
    if (args.flag("json") && !on)
        return usageError("aftercare", "--json goes with --on DATE", helpText(kAftercareDef));
    if (args.flag("json") && args.flag("calendar"))
        return usageError("aftercare", "--json and --calendar cannot be combined", helpText(kAftercareDef));

    std::vector<CivilDate> sessions;
    std::string error;
    for (const auto& value : sessionValues) {
        size_t start = 0;
        while (true) {
            const size_t comma = value.find(',', start);
            const std::string piece =
                value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            const auto d = dateOption("--sessions", piece, error);
            if (!d) return badInput(error);
            sessions.push_back(*d);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    std::optional<CivilDate> onDate;
    if (on) {
        onDate = dateOption("--on", *on, error);
        if (!onDate) return badInput(error);
    }

    Diagnostics diags;
    const auto book = loadRuleBookFile(*rulesPath, diags);
    std::fputs(diags.formatAll().c_str(), stderr);
    if (!book) return kExitBadInput;
    const auto plan = AftercarePlan::make(*book, sessions, error);
    if (!plan) return badInput("--sessions: " + error);

    if (ics) {
        std::string ioError;
        if (!writeFileAtomic(*ics, planToICalendar(*plan, nowUtcTimestamp()), ioError))
            return badInput("--ics: " + ioError);
    }
    if (onDate)
        std::fputs((args.flag("json") ? jsonStatus(*plan, *onDate) : sheet(*plan, *onDate)).c_str(), stdout);
    if (args.flag("calendar")) {
        if (onDate) std::fputs("\n", stdout);
        std::fputs(calendar(*plan).c_str(), stdout);
    }
    if (ics && !onDate && !args.flag("calendar") && !isStandardOutput(*ics))
        std::printf("wrote %s\n", ics->c_str());
    return kExitOk;
}

const Registration kAftercareReg{kAftercareDef, &runAftercare};

} // namespace

} // namespace stipple::cli
