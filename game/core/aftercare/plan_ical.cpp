// iCalendar output. Events are all-day (VALUE=DATE) because the rules count whole days; DTEND is
// exclusive in RFC 5545, so a stretch ending on day L has DTEND L+1. Restriction stretches are
// TRANSPARENT so that a phone does not show the client as busy for four weeks.
#include "aftercare/plan_ical.h"

#include "io/files.h"

#include <algorithm>
#include <cassert>

namespace stipple {

std::string icalEscapeText(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' || c == ';' || c == ',') {
            out += '\\';
            out += c;
        } else if (c == '\r') {
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\\n";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string icalFoldLine(std::string_view line) {
    constexpr size_t kMaxOctets = 75;
    std::string out;
    size_t limit = kMaxOctets; // the first physical line has 75 octets, continuations 1 + 74
    while (line.size() > limit) {
        size_t cut = limit;
        // Back up to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
            --cut;
        if (cut == 0) cut = limit; // not UTF-8 at all: cut by octets rather than loop forever
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = kMaxOctets - 1;
    }
    out.append(line);
    out += "\r\n";
    return out;
}

namespace {

struct Event {
    std::string uid;
    CivilDate first;
    CivilDate lastIncluded;
    std::string summary;
    std::string description;
    bool transparent = false;
};

std::string lowerFirst(std::string s) {
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z' && (s.size() < 2 || !(s[1] >= 'A' && s[1] <= 'Z')))
        s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

} // namespace

std::string planToICalendar(const AftercarePlan& plan, const std::string& madeAtUtc) {
    const RuleBook& book = plan.book();
    std::string key = book.id;
    for (const auto& s : plan.sessions())
        key += "," + formatIsoDate(s);
    const std::string planHash = sha256Hex(key).substr(0, 16);
    const std::string domain = "@stipple.invalid";
    const size_t n = plan.sessions().size();

    std::vector<Event> events;
    for (size_t i = 0; i < n; ++i) {
        const CivilDate day = plan.sessions()[i];
        Event e;
        e.uid = planHash + "-session-" + std::to_string(i + 1) + domain;
        e.first = e.lastIncluded = day;
        e.summary = "SMP session " + std::to_string(i + 1) + " of " + std::to_string(n) +
                    (i + 1 == n ? " (final)" : "");
        for (const auto& r : plan.reminders(day))
            e.description += (e.description.empty() ? "" : "\n") + r.text;
        events.push_back(std::move(e));
    }
    for (const auto& activity : book.activities) {
        for (const auto& range : plan.restrictedRanges(activity.id)) {
            Event e;
            e.uid = planHash + "-avoid-" + activity.id + "-" + formatBasicDate(range.first) + domain;
            e.first = range.first;
            e.lastIncluded = range.last;
            e.summary = "Aftercare: no " + lowerFirst(activity.name);
            e.description = "Not allowed from " + formatLongDate(range.first) + " to " +
                            formatLongDate(range.last) + " inclusive. Allowed again from " +
                            formatLongDate(range.last + 1) + ".";
            // Every rule that restricts the activity somewhere in the stretch, with its sentence.
            std::vector<std::string> sources;
            for (CivilDate d = range.first; d <= range.last; d = d + 1)
                for (const auto& id : plan.status(activity.id, d).ruleIds)
                    if (const AftercareRule* rule = book.rule(id);
                        rule && std::find(sources.begin(), sources.end(), rule->source) == sources.end())
                        sources.push_back(rule->source);
            for (const auto& s : sources)
                e.description += "\n" + s;
            e.transparent = true;
            events.push_back(std::move(e));

            const ActivityStatus after = plan.status(activity.id, range.last + 1);
            Event again;
            again.uid = planHash + "-allowed-" + activity.id + "-" + formatBasicDate(range.last + 1) + domain;
            again.first = again.lastIncluded = range.last + 1;
            again.summary = "Aftercare: " + lowerFirst(activity.name) + " allowed again";
            for (const auto& c : after.conditions)
                again.description += (again.description.empty() ? "" : "\n") + c;
            again.transparent = true;
            events.push_back(std::move(again));
        }
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.first < b.first; });

    // "2026-03-02T09:15:00Z" -> "20260302T091500Z" (RFC 5545 DATE-TIME, UTC form)
    assert(madeAtUtc.size() == 20 && madeAtUtc[10] == 'T' && madeAtUtc[19] == 'Z' &&
           "madeAtUtc: YYYY-MM-DDTHH:MM:SSZ");
    std::string stamp;
    for (char c : madeAtUtc)
        if (c != '-' && c != ':') stamp += c;
    std::string out;
    auto line = [&](const std::string& l) { out += icalFoldLine(l); };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Stipple//Aftercare plan " STIPPLE_VERSION "//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line("X-WR-CALNAME:" + icalEscapeText("Aftercare (" + book.title + ")"));
    for (const auto& e : events) {
        line("BEGIN:VEVENT");
        line("UID:" + e.uid);
        line("DTSTAMP:" + stamp);
        line("DTSTART;VALUE=DATE:" + formatBasicDate(e.first));
        line("DTEND;VALUE=DATE:" + formatBasicDate(e.lastIncluded + 1));
        line("SUMMARY:" + icalEscapeText(e.summary));
        if (!e.description.empty()) line("DESCRIPTION:" + icalEscapeText(e.description));
        line(std::string("TRANSP:") + (e.transparent ? "TRANSPARENT" : "OPAQUE"));
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    return out;
}

} // namespace stipple
