// The aftercare engine against plans computed by hand: the day-counting convention at every
// boundary (day N, day N+1, the next session's day, before the first session, a one-session
// plan), implications, conditions and allowed-from dates that count every rule.
#include "aftercare/aftercare_plan.h"
#include "aftercare/plan_ical.h"
#include "aftercare/rule_book_reader.h"
#include "support/gcc12_string_literal.h"

#include <catch2/catch.hpp>

using namespace stipple;

namespace {

CivilDate D(const char* iso) {
    const auto d = parseIsoDate(iso);
    REQUIRE(d);
    return *d;
}

RuleBook bookFrom(const std::string& xml) {
    Diagnostics d;
    const auto doc = parseXml(xml, "t.xml", d);
    REQUIRE(doc);
    auto b = readRuleBook(*doc, d);
    INFO(d.formatAll());
    REQUIRE(b);
    return *b;
}

RuleBook brochure() {
    Diagnostics d;
    auto b = loadRuleBookFile(STIPPLE_SOURCE_DIR "/levels/aftercare/clinic-brochure.xml", d);
    INFO(d.formatAll());
    REQUIRE(b);
    return *b;
}

AftercarePlan plan(const RuleBook& book, std::vector<const char*> sessions) {
    std::vector<CivilDate> dates;
    for (auto s : sessions)
        dates.push_back(D(s));
    std::string error;
    auto p = AftercarePlan::make(book, dates, error);
    INFO(error);
    REQUIRE(p);
    return *p;
}

/// "allowed" or "until YYYY-MM-DD": one word per answer keeps the expected tables readable.
std::string answer(const AftercarePlan& p, const char* activity, const char* day) {
    const ActivityStatus s = p.status(activity, D(day));
    if (s.allowed) {
        CHECK_FALSE(s.allowedFrom);
        return "allowed";
    }
    REQUIRE(s.allowedFrom);
    // The date it names is really allowed, and the day before it really is not.
    CHECK(p.status(activity, *s.allowedFrom).allowed);
    CHECK_FALSE(p.status(activity, *s.allowedFrom - 1).allowed);
    return "until " + formatIsoDate(*s.allowedFrom);
}

const char* kSimple = R"(<aftercare-rules format="1" id="s" title="S">
  <activity id="wet" name="Wet"/>
  <activity id="pool" name="Pool" implies="wet"/>
  <activity id="sun" name="Sun"/>
  <rule id="dry" activity="wet" when="after-each-session" days="4"><source>S.</source></rule>
  <rule id="no-pool" activity="pool" when="between-sessions"><source>S.</source></rule>
  <rule id="no-pool-final" activity="pool" when="after-final-session" days="28"><source>S.</source></rule>
  <rule id="shade" activity="sun" when="after-final-session" days="14"><source>S.</source>
    <afterwards>Use SPF 30–50 sunscreen.</afterwards></rule>
</aftercare-rules>)";

} // namespace

TEST_CASE("plan: N days after a session restricts days 0..N inclusive", "[aftercare][plan]") {
    const auto p = plan(bookFrom(kSimple), {"2026-03-02", "2026-03-23"});
    CHECK(answer(p, "wet", "2026-03-01") == "allowed");          // the day before session 1
    CHECK(answer(p, "wet", "2026-03-02") == "until 2026-03-07"); // day 0
    CHECK(answer(p, "wet", "2026-03-06") == "until 2026-03-07"); // day N = 4
    CHECK(answer(p, "wet", "2026-03-07") == "allowed");          // day N+1
    CHECK(answer(p, "wet", "2026-03-22") == "allowed");          // the day before session 2
    CHECK(answer(p, "wet", "2026-03-23") == "until 2026-03-28"); // session 2's day
    CHECK(answer(p, "wet", "2026-03-27") == "until 2026-03-28");
    CHECK(answer(p, "wet", "2026-03-28") == "allowed");
}

TEST_CASE("plan: between sessions runs from a session's day to the day before the next",
          "[aftercare][plan]") {
    // Sun is only restricted after the final session, so between sessions it stays allowed.
    const auto p = plan(bookFrom(kSimple), {"2026-03-02", "2026-03-23", "2026-04-13"});
    CHECK(p.restrictedRanges("pool") == std::vector<DateRange>{{D("2026-03-02"), D("2026-05-11")}});
    CHECK(answer(p, "pool", "2026-03-01") == "allowed");
    CHECK(answer(p, "pool", "2026-03-02") == "until 2026-05-12");
    CHECK(answer(p, "pool", "2026-03-22") == "until 2026-05-12"); // last day of the first gap
    CHECK(answer(p, "pool", "2026-03-23") == "until 2026-05-12"); // the next session's day
    CHECK(answer(p, "pool", "2026-05-11") == "until 2026-05-12"); // day 28 after the final session
    CHECK(answer(p, "pool", "2026-05-12") == "allowed");          // day 29
    CHECK(p.status("pool", D("2026-03-22")).ruleIds == std::vector<std::string>{"no-pool"});
    CHECK(p.status("pool", D("2026-03-23")).ruleIds == std::vector<std::string>{"dry", "no-pool"});
    CHECK(p.status("pool", D("2026-04-13")).ruleIds == std::vector<std::string>{"dry", "no-pool-final"});
    CHECK(p.status("pool", D("2026-04-20")).ruleIds == std::vector<std::string>{"no-pool-final"});
}

TEST_CASE("plan: a one-session plan has no between-sessions window", "[aftercare][plan]") {
    const auto p = plan(bookFrom(kSimple), {"2026-06-01"});
    CHECK(answer(p, "pool", "2026-05-31") == "allowed");
    CHECK(answer(p, "pool", "2026-06-01") == "until 2026-06-30");
    CHECK(p.status("pool", D("2026-06-01")).ruleIds == std::vector<std::string>{"dry", "no-pool-final"});
    CHECK(answer(p, "pool", "2026-06-29") == "until 2026-06-30");
    CHECK(answer(p, "pool", "2026-06-30") == "allowed");
    CHECK(answer(p, "wet", "2026-06-05") == "until 2026-06-06");
    CHECK(answer(p, "wet", "2026-06-06") == "allowed");
    CHECK(p.describeDay(D("2026-06-01")) == "the session");
    CHECK(p.describeDay(D("2026-06-04")) == "day 3 after the session");
}

TEST_CASE("plan: implications restrict an activity whenever what it implies is restricted",
          "[aftercare][plan]") {
    // a implies b, b implies c: a rule on c reaches a through b.
    const auto book = bookFrom(R"(<aftercare-rules format="1" id="s" title="S">
  <activity id="c" name="C"/>
  <activity id="b" name="B" implies="c"/>
  <activity id="a" name="A" implies="b"/>
  <activity id="free" name="Free"/>
  <rule id="rc" activity="c" when="after-each-session" days="2"><source>S.</source></rule>
  <rule id="ra" activity="a" when="after-final-session" days="3"><source>S.</source></rule>
</aftercare-rules>)");
    const auto p = plan(book, {"2026-01-10", "2026-01-20"});
    CHECK(p.impliedClosure("a") == std::vector<std::string>{"a", "b", "c"});
    CHECK(answer(p, "a", "2026-01-12") == "until 2026-01-13");
    CHECK(p.status("a", D("2026-01-12")).ruleIds == std::vector<std::string>{"rc"});
    CHECK(answer(p, "b", "2026-01-12") == "until 2026-01-13");
    // Implication runs one way: a's own rule does not restrict c.
    CHECK(answer(p, "a", "2026-01-23") == "until 2026-01-24");
    CHECK(answer(p, "c", "2026-01-23") == "allowed");
    CHECK(answer(p, "free", "2026-01-10") == "allowed");
}

TEST_CASE("plan: allowed-from is the start of the next allowed stretch, counting every rule",
          "[aftercare][plan]") {
    // Overlapping and adjacent windows of different rules chain into one stretch.
    const auto book = bookFrom(R"(<aftercare-rules format="1" id="s" title="S">
  <activity id="wet" name="Wet"/>
  <activity id="sauna" name="Sauna" implies="wet"/>
  <rule id="short" activity="sauna" when="after-each-session" days="3"><source>S.</source></rule>
  <rule id="dry" activity="wet" when="after-each-session" days="5"><source>S.</source></rule>
  <rule id="late" activity="sauna" when="after-final-session" days="12"><source>S.</source></rule>
</aftercare-rules>)");
    // Sessions 7 days apart: sauna restricted 0..5 after each (dry outlasts short), then day 6 is free.
    const auto p = plan(book, {"2026-01-01", "2026-01-08"});
    CHECK(p.restrictedRanges("sauna") ==
          std::vector<DateRange>{{D("2026-01-01"), D("2026-01-06")}, {D("2026-01-08"), D("2026-01-20")}});
    CHECK(answer(p, "sauna", "2026-01-02") == "until 2026-01-07");
    CHECK(answer(p, "sauna", "2026-01-07") == "allowed");
    CHECK(answer(p, "sauna", "2026-01-08") == "until 2026-01-21");
    // Sessions 6 days apart: the windows touch (day 5, then the next session's day 0): no free day.
    const auto q = plan(book, {"2026-01-01", "2026-01-07"});
    CHECK(q.restrictedRanges("sauna") == std::vector<DateRange>{{D("2026-01-01"), D("2026-01-19")}});
    CHECK(answer(q, "sauna", "2026-01-02") == "until 2026-01-20");
}

TEST_CASE("plan: conditions apply once a rule's window has passed", "[aftercare][plan]") {
    const auto p = plan(bookFrom(kSimple), {"2026-03-02", "2026-03-23", "2026-04-13"});
    // Between sessions the sun rule has not started: allowed, nothing to add.
    auto s = p.status("sun", D("2026-03-10"));
    CHECK(s.allowed);
    CHECK(s.conditions.empty());
    CHECK(s.ruleIds.empty());
    // During the window: not allowed, and the condition that will apply is given with the date.
    s = p.status("sun", D("2026-04-27"));
    CHECK_FALSE(s.allowed);
    CHECK(formatIsoDate(*s.allowedFrom) == "2026-04-28");
    CHECK(s.conditions == std::vector<std::string>{"Use SPF 30–50 sunscreen."});
    CHECK(s.ruleIds == std::vector<std::string>{"shade"});
    // From day 15 on, and for good.
    for (const char* day : {"2026-04-28", "2026-12-31"}) {
        s = p.status("sun", D(day));
        CHECK(s.allowed);
        CHECK(s.conditions == std::vector<std::string>{"Use SPF 30–50 sunscreen."});
        CHECK(s.ruleIds == std::vector<std::string>{"shade"});
    }
    CHECK(p.status("wet", D("2026-12-31")).conditions.empty());
}

TEST_CASE("plan: session dates must be distinct and in order", "[aftercare][plan]") {
    const auto book = bookFrom(kSimple);
    std::string error;
    CHECK_FALSE(AftercarePlan::make(book, {}, error));
    CHECK(error == "a plan needs at least one session date");
    CHECK_FALSE(AftercarePlan::make(book, {D("2026-03-02"), D("2026-03-02")}, error));
    CHECK(error == "session 2 is on the same day as session 1 (2026-03-02); give each session once");
    CHECK_FALSE(AftercarePlan::make(book, {D("2026-03-23"), D("2026-03-02")}, error));
    CHECK(error ==
          "session dates must be in order, earliest first: session 2 (2026-03-02) comes before session 1 "
          "(2026-03-23)");
    // Sessions on consecutive days leave no gap: between-sessions ends the day before the next.
    const auto p = plan(book, {"2026-03-02", "2026-03-03"});
    CHECK(p.restrictedRanges("pool") == std::vector<DateRange>{{D("2026-03-02"), D("2026-03-31")}});
}

TEST_CASE("plan: describing days relative to the sessions", "[aftercare][plan]") {
    const auto p = plan(bookFrom(kSimple), {"2026-03-02", "2026-03-23", "2026-04-13"});
    CHECK(p.describeDay(D("2026-02-27")) == "before session 1");
    CHECK(p.describeDay(D("2026-03-02")) == "session 1");
    CHECK(p.describeDay(D("2026-03-05")) == "day 3 after session 1");
    CHECK(p.describeDay(D("2026-03-26")) == "day 3 after session 2");
    CHECK(p.describeDay(D("2026-04-13")) == "session 3 (final)");
    CHECK(p.describeDay(D("2026-05-13")) == "day 30 after the final session");
    CHECK(p.sessionOn(D("2026-03-23")) == 1);
    CHECK(p.sessionOn(D("2026-03-24")) == -1);
    CHECK(p.lastRestrictedDay() == D("2026-05-11"));
}

STIPPLE_GCC12_STRING_LITERAL_BEGIN // (out.empty() ? "" : " ") + date: support/gcc12_string_literal.h
TEST_CASE("plan: the brochure profile, sessions three weeks apart, against a plan worked by hand",
          "[aftercare][plan][brochure]") {
    // Sessions Mon 2 Mar, Mon 23 Mar, Mon 13 Apr 2026 (final).
    //   wet-scalp: 2–6 Mar, 23–27 Mar, 13–17 Apr (four days after each appointment)
    //   hot-shower: wet-scalp + between sessions 2 Mar–12 Apr       → 2 Mar–17 Apr
    //   swimming / sauna / steam-room: between + 28 d after final    → 2 Mar–11 May
    //   heavy-exercise: wet-scalp (sweating) + 5 d after final       → 2–6 Mar, 23–27 Mar, 13–18 Apr
    //   sun-exposure: 14 d after final                                → 13–27 Apr, then SPF 30–50
    const auto p = plan(brochure(), {"2026-03-02", "2026-03-23", "2026-04-13"});
    auto ranges = [&](const char* a) {
        std::string out;
        for (const auto& r : p.restrictedRanges(a))
            out += (out.empty() ? "" : " ") + formatIsoDate(r.first) + ".." + formatIsoDate(r.last);
        return out;
    };
    CHECK(ranges("wet-scalp") == "2026-03-02..2026-03-06 2026-03-23..2026-03-27 2026-04-13..2026-04-17");
    CHECK(ranges("hot-shower") == "2026-03-02..2026-04-17");
    CHECK(ranges("swimming") == "2026-03-02..2026-05-11");
    CHECK(ranges("sauna") == "2026-03-02..2026-05-11");
    CHECK(ranges("steam-room") == "2026-03-02..2026-05-11");
    CHECK(ranges("heavy-exercise") == "2026-03-02..2026-03-06 2026-03-23..2026-03-27 2026-04-13..2026-04-18");
    CHECK(ranges("sun-exposure") == "2026-04-13..2026-04-27");

    // Before the first session: everything allowed, nothing to add, nothing to do.
    for (const auto& s : p.statusAll(D("2026-03-01"))) {
        INFO(s.activityId);
        CHECK(s.allowed);
        CHECK(s.conditions.empty());
        CHECK(s.ruleIds.empty());
    }
    CHECK(p.reminders(D("2026-03-01")).empty());
    // Each session day: shower before the appointment.
    for (const char* day : {"2026-03-02", "2026-03-23", "2026-04-13"}) {
        const auto r = p.reminders(D(day));
        REQUIRE(r.size() == 1);
        CHECK(r[0].ruleId == "shower-before-each-session");
        CHECK(r[0].text == "Shower before each treatment.");
    }
    CHECK(p.reminders(D("2026-03-03")).empty());

    // Day 3 after session 2 (26 Mar): only sun exposure is allowed.
    std::vector<std::string> allowed;
    for (const auto& s : p.statusAll(D("2026-03-26")))
        if (s.allowed) allowed.push_back(s.activityId);
    CHECK(allowed == std::vector<std::string>{"sun-exposure"});
    // Day 5 after session 1 (7 Mar): washing and exercise are back; pools, saunas and hot showers are not.
    allowed.clear();
    for (const auto& s : p.statusAll(D("2026-03-07")))
        if (s.allowed) allowed.push_back(s.activityId);
    CHECK(allowed == std::vector<std::string>{"wet-scalp", "heavy-exercise", "sun-exposure"});

    // Final session on 13 April: may the client use a sauna on 1 May? No, until 12 May.
    const auto sauna = p.status("sauna", D("2026-05-01"));
    CHECK_FALSE(sauna.allowed);
    CHECK(formatIsoDate(*sauna.allowedFrom) == "2026-05-12");
    CHECK(sauna.ruleIds == std::vector<std::string>{"no-sauna-after-final"});
    CHECK(answer(p, "sauna", "2026-05-11") == "until 2026-05-12");
    CHECK(answer(p, "sauna", "2026-05-12") == "allowed");
    CHECK(answer(p, "heavy-exercise", "2026-04-18") == "until 2026-04-19");
    CHECK(answer(p, "heavy-exercise", "2026-04-19") == "allowed");
    CHECK(answer(p, "hot-shower", "2026-04-17") == "until 2026-04-18");
    CHECK(answer(p, "hot-shower", "2026-04-18") == "allowed");
    // On the final session's day the hot-shower ban comes from wetting only (the gaps are over).
    CHECK(p.status("hot-shower", D("2026-04-13")).ruleIds ==
          std::vector<std::string>{"no-wetting-after-each-session"});
    const auto sun = p.status("sun-exposure", D("2026-04-28"));
    CHECK(sun.allowed);
    CHECK(sun.conditions == std::vector<std::string>{"Use SPF 30–50 sunscreen."});
    CHECK(p.lastRestrictedDay() == D("2026-05-11"));
}
STIPPLE_GCC12_STRING_LITERAL_END

TEST_CASE("plan: the Scalp Genesis profile counts from each session, windows overlapping",
          "[aftercare][plan]") {
    Diagnostics d;
    const auto book = loadRuleBookFile(STIPPLE_SOURCE_DIR "/levels/aftercare/scalp-genesis.xml", d);
    REQUIRE(book);
    // Sessions 10 days apart: the 15-day sauna windows overlap into one stretch.
    const auto p = plan(*book, {"2026-03-02", "2026-03-12"});
    CHECK(answer(p, "wet-scalp", "2026-03-04") == "until 2026-03-05"); // 48 h: days 0..2
    CHECK(answer(p, "wet-scalp", "2026-03-05") == "allowed");
    CHECK(answer(p, "sauna", "2026-03-05") == "until 2026-03-28");
    CHECK(answer(p, "swimming", "2026-03-26") == "until 2026-03-27");
    CHECK(answer(p, "sun-exposure", "2026-03-16") == "until 2026-03-27");
    CHECK(answer(p, "heavy-exercise", "2026-03-08") == "until 2026-03-09");
    CHECK(answer(p, "heavy-exercise", "2026-03-10") == "allowed");
    CHECK(answer(p, "hot-shower", "2026-03-14") == "until 2026-03-15");
}

TEST_CASE("ical: TEXT escaping and folding at 75 octets without splitting UTF-8", "[aftercare][ical]") {
    CHECK(icalEscapeText("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf");
    CHECK(icalFoldLine("SUMMARY:short") == "SUMMARY:short\r\n");
    const std::string exact(75, 'x');
    CHECK(icalFoldLine(exact) == exact + "\r\n");
    const std::string longer(75 + 74 + 3, 'y');
    CHECK(icalFoldLine(longer) ==
          std::string(75, 'y') + "\r\n " + std::string(74, 'y') + "\r\n " + std::string(3, 'y') + "\r\n");
    // "–" is three octets (E2 80 93); placed across the 75-octet boundary it moves whole to the next line.
    const std::string dash = "\xE2\x80\x93";
    const std::string line = std::string(74, 'a') + dash + "b";
    CHECK(icalFoldLine(line) == std::string(74, 'a') + "\r\n " + dash + "b\r\n");
}

TEST_CASE("ical: a plan's calendar has one event per session, stretch and return", "[aftercare][ical]") {
    const auto p = plan(bookFrom(kSimple), {"2026-06-01"});
    const std::string ics = planToICalendar(p, "2026-05-20T14:03:09Z");
    // Session, then dry/pool/sun stretches starting on the session day, each with its return.
    size_t events = 0;
    for (size_t at = ics.find("BEGIN:VEVENT"); at != std::string::npos; at = ics.find("BEGIN:VEVENT", at + 1))
        ++events;
    CHECK(events == 1 + 2 * 3);
    CHECK(ics.find(
              "DTSTART;VALUE=DATE:20260601\r\nDTEND;VALUE=DATE:20260630\r\nSUMMARY:Aftercare: no pool\r\n") !=
          std::string::npos);
    CHECK(ics.find(
              "DTSTART;VALUE=DATE:20260630\r\nDTEND;VALUE=DATE:20260701\r\nSUMMARY:Aftercare: pool allowed "
              "again\r\n") != std::string::npos);
    // DTSTAMP: when the file was made, not a date of the plan.
    CHECK(ics.find("DTSTAMP:20260520T140309Z\r\n") != std::string::npos);
    CHECK(ics.find("DTSTAMP:20260601") == std::string::npos);
    // Another session list gives other UIDs, the same list the same ones.
    CHECK(planToICalendar(plan(bookFrom(kSimple), {"2026-06-01"}), "2026-05-20T14:03:09Z") == ics);
    const std::string other =
        planToICalendar(plan(bookFrom(kSimple), {"2026-06-02"}), "2026-05-20T14:03:09Z");
    const auto uid = [](const std::string& s) { return s.substr(s.find("UID:"), 21); };
    CHECK(uid(other) != uid(ics));
}
