// Civil dates and the aftercare rule book reader: known dates, strict parsing, and the exact
// text of every located diagnostic an author can meet.
#include "aftercare/civil_date.h"
#include "aftercare/rule_book_reader.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace stipple;

namespace {

std::optional<RuleBook> read(const std::string& xml, Diagnostics& d) {
    const auto doc = parseXml(xml, "rules.xml", d);
    if (!doc) return std::nullopt;
    return readRuleBook(*doc, d);
}

/// The diagnostics of a rule book that must fail, one formatted line each.
std::string errorsOf(const std::string& xml) {
    Diagnostics d;
    const auto book = read(xml, d);
    CHECK_FALSE(book);
    return d.formatAll();
}

const char* kActivities = R"(
  <activity id="wet-scalp" name="Wetting"/>
  <activity id="swimming" name="Swimming" implies="wet-scalp"/>)";

std::string book(const std::string& body) {
    return std::string("<aftercare-rules format=\"1\" id=\"b\" title=\"B\">") + kActivities + body +
           "\n</aftercare-rules>\n";
}

} // namespace

TEST_CASE("civil dates: known day counts both sides of the epoch", "[aftercare][date]") {
    CHECK(daysFromCivil(1970, 1, 1) == 0);
    CHECK(daysFromCivil(1970, 1, 2) == 1);
    CHECK(daysFromCivil(1969, 12, 31) == -1);
    CHECK(daysFromCivil(2000, 3, 1) == 11017);
    CHECK(daysFromCivil(2026, 3, 2) == 20514);
    CHECK(daysFromCivil(1, 1, 1) == -719162);
    // Every day from 1600 to 2400 survives the round trip, and consecutive days are one apart.
    int64_t expected = daysFromCivil(1600, 1, 1);
    for (int64_t y = 1600; y <= 2400; ++y)
        for (int m = 1; m <= 12; ++m)
            for (int d = 1; d <= daysInMonth(y, m); ++d) {
                const int64_t n = daysFromCivil(y, m, d);
                REQUIRE(n == expected);
                const CivilFields f = civilFromDays(n);
                REQUIRE((f.year == y && f.month == m && f.day == d));
                ++expected;
            }
}

TEST_CASE("civil dates: leap years and month lengths", "[aftercare][date]") {
    CHECK(isLeapYear(2024));
    CHECK_FALSE(isLeapYear(2026));
    CHECK_FALSE(isLeapYear(1900));
    CHECK(isLeapYear(2000));
    CHECK(daysInMonth(2026, 2) == 28);
    CHECK(daysInMonth(2028, 2) == 29);
    CHECK(daysInMonth(2026, 4) == 30);
    CHECK(daysInMonth(2026, 13) == 0);
    CHECK(*makeDate(2026, 3, 1) - *makeDate(2026, 2, 28) == 1);
    CHECK(*makeDate(2028, 3, 1) - *makeDate(2028, 2, 28) == 2);
}

TEST_CASE("civil dates: strict YYYY-MM-DD parsing", "[aftercare][date]") {
    CHECK(formatIsoDate(*parseIsoDate("2026-03-02")) == "2026-03-02");
    CHECK(formatIsoDate(*parseIsoDate("2028-02-29")) == "2028-02-29");
    CHECK(formatIsoDate(*parseIsoDate("0001-01-01")) == "0001-01-01");
    CHECK(formatIsoDate(*parseIsoDate("9999-12-31")) == "9999-12-31");
    for (const char* bad :
         {"2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
          "0000-01-01", "2026-3-2", "2026-03-02 ", " 2026-03-02", "2026/03/02", "20260302", "2026-03-0x",
          "+2026-03-02", "2026-03-02T00", "", "-026-03-02"})
        CHECK_FALSE(parseIsoDate(bad));
}

TEST_CASE("civil dates: weekdays and written forms", "[aftercare][date]") {
    CHECK(std::string(weekdayName(CivilDate{0})) == "Thursday");
    CHECK(std::string(weekdayName(*parseIsoDate("2026-03-02"))) == "Monday");
    CHECK(std::string(weekdayName(*parseIsoDate("1969-12-28"))) == "Sunday");
    CHECK(formatLongDate(*parseIsoDate("2026-03-02")) == "Monday 2 March 2026");
    CHECK(formatBasicDate(*parseIsoDate("2026-03-02")) == "20260302");
    CHECK(formatIsoDate(*parseIsoDate("2026-02-28") + 1) == "2026-03-01");
    CHECK(formatIsoDate(*parseIsoDate("2026-03-01") - 1) == "2026-02-28");
}

TEST_CASE("rule book: a valid book reads into the model", "[aftercare][reader]") {
    Diagnostics d;
    const auto b = read(book(R"(
  <rule id="dry" activity="wet-scalp" when="after-each-session" days="4">
    <source>You will not be able to wash
       or wet your scalp.</source>
  </rule>
  <rule id="pool" activity="swimming" when="between-sessions"><source>No pools.</source>
    <afterwards>Rinse after.</afterwards></rule>
  <rule id="shower" activity="wet-scalp" effect="do" when="before-each-session" days="0"><source>Shower.</source></rule>)"),
                        d);
    REQUIRE(b);
    CHECK(d.empty());
    CHECK(b->id == "b");
    REQUIRE(b->activities.size() == 2);
    CHECK(b->activities[1].implies == std::vector<std::string>{"wet-scalp"});
    REQUIRE(b->rules.size() == 3);
    CHECK(b->rules[0].anchor == RuleAnchor::AfterEachSession);
    CHECK(b->rules[0].days == 4);
    CHECK(b->rules[0].effect == RuleEffect::Avoid);
    CHECK(b->rules[0].source == "You will not be able to wash or wet your scalp.");
    CHECK(b->rules[1].anchor == RuleAnchor::BetweenSessions);
    CHECK(b->rules[1].afterwards == "Rinse after.");
    CHECK(b->rules[2].effect == RuleEffect::Do);
    CHECK(b->rules[2].anchor == RuleAnchor::BeforeEachSession);
    CHECK(b->rule("pool")->activityId == "swimming");
    CHECK(b->activity("nope") == nullptr);
}

TEST_CASE("rule book: unknown activity ids are located errors", "[aftercare][reader]") {
    CHECK(errorsOf(book(R"(
  <rule id="r" activity="sauna" when="after-final-session" days="28"><source>S.</source></rule>)")) ==
          "rules.xml:4:16: error: <rule> names unknown activity 'sauna' (declared: wet-scalp, swimming)\n");
    CHECK(errorsOf(R"(<aftercare-rules format="1" id="b" title="B">
  <activity id="sauna" name="Sauna" implies="wet-scalp steam"/>
</aftercare-rules>)") ==
          "rules.xml:2:37: error: activity 'sauna' implies unknown activity 'wet-scalp' (declared: sauna)\n"
          "rules.xml:2:37: error: activity 'sauna' implies unknown activity 'steam' (declared: sauna)\n");
}

TEST_CASE("rule book: duplicate ids are located errors naming the first use", "[aftercare][reader]") {
    CHECK(errorsOf(R"(<aftercare-rules format="1" id="b" title="B">
  <activity id="sun" name="Sun"/>
  <activity id="sun" name="Sunbathing"/>
  <rule id="r" activity="sun" when="after-final-session" days="14"><source>A.</source></rule>
  <rule id="r" activity="sun" when="after-each-session" days="1"><source>B.</source></rule>
</aftercare-rules>)") ==
          "rules.xml:3:13: error: duplicate activity id 'sun': the <activity> at line 2 already uses it\n"
          "rules.xml:5:9: error: duplicate rule id 'r': the <rule> at line 4 already uses it\n");
}

TEST_CASE("rule book: day counts must be whole, non-negative, and only where they mean something",
          "[aftercare][reader]") {
    CHECK(errorsOf(book(R"(
  <rule id="a" activity="wet-scalp" when="after-each-session" days="-3"><source>S.</source></rule>
  <rule id="b" activity="wet-scalp" when="after-each-session" days="4.5"><source>S.</source></rule>
  <rule id="c" activity="wet-scalp" when="after-final-session"><source>S.</source></rule>
  <rule id="d" activity="swimming" when="between-sessions" days="7"><source>S.</source></rule>
  <rule id="e" activity="swimming" when="after-final-session" days="99999"><source>S.</source></rule>)")) ==
          "rules.xml:4:63: error: <rule> attribute 'days' must not be negative (0 = the day of the session "
          "only), "
          "got -3\n"
          "rules.xml:5:63: error: <rule> attribute 'days' must be a whole number of days, got \"4.5\"\n"
          "rules.xml:6:3: error: <rule when=\"after-final-session\"> is missing required attribute 'days' (0 "
          "= the day "
          "of the session only)\n"
          "rules.xml:7:60: error: <rule when=\"between-sessions\"> takes no 'days': it lasts from the day of "
          "a session "
          "to the day before the next session\n"
          "rules.xml:8:63: error: <rule> attribute 'days' must be at most 3650, got 99999\n");
}

TEST_CASE("rule book: implications that form a cycle are reported once, at the first activity",
          "[aftercare][reader]") {
    CHECK(
        errorsOf(R"(<aftercare-rules format="1" id="b" title="B">
  <activity id="wet-scalp" name="Wet"/>
  <activity id="sauna" name="Sauna" implies="steam-room wet-scalp"/>
  <activity id="steam-room" name="Steam" implies="hot"/>
  <activity id="hot" name="Hot" implies="sauna"/>
  <activity id="self" name="Self" implies="self"/>
</aftercare-rules>)") ==
        "rules.xml:3:37: error: activity implications form a cycle: sauna -> steam-room -> hot -> sauna; an "
        "activity cannot imply itself, even through others\n"
        "rules.xml:6:35: error: activity 'self' implies itself; list only other activities\n");
}

TEST_CASE("rule book: structure, names and sources", "[aftercare][reader]") {
    CHECK(errorsOf(book(R"(
  <rule id="a" activity="wet-scalp" when="after-a-while" days="3" colour="red"><source>S.</source></rule>
  <rule id="b" activity="wet-scalp" when="after-each-session" days="3"/>
  <rule id="c" activity="wet-scalp" when="after-each-session" days="3" effect="do"><source>S.</source>
    <afterwards>Later.</afterwards><note/></rule>
  <rule id="d" activity="wet-scalp" days="3"><source> </source>
    <source>Again.</source></rule>
  <zone/>)")) == "rules.xml:4:37: error: <rule> attribute 'when' must be one of after-each-session, "
                 "after-final-session, "
                 "between-sessions, before-each-session, got \"after-a-while\"\n"
                 "rules.xml:4:67: error: unknown attribute 'colour' on <rule> (expected one of: id, "
                 "activity, when, effect, "
                 "days)\n"
                 "rules.xml:5:3: error: <rule> needs a <source> with the sentence of the clinic's material "
                 "it encodes\n"
                 "rules.xml:7:5: error: <afterwards> belongs to rules with effect=\"avoid\": it says what "
                 "applies once the "
                 "activity is allowed again\n"
                 "rules.xml:7:36: error: unknown element <note> inside <rule> (expected one of: <source>, "
                 "<afterwards>)\n"
                 "rules.xml:8:3: error: <rule> is missing required attribute 'when' (after-each-session, "
                 "after-final-session, between-sessions or before-each-session)\n"
                 "rules.xml:8:46: error: <source> must not be empty\n"
                 "rules.xml:9:5: error: only one <source> is allowed in <rule> (the first is at line 8)\n"
                 "rules.xml:10:3: error: unknown element <zone> inside <aftercare-rules> (expected one of: "
                 "<activity>, "
                 "<rule>)\n");
    CHECK(errorsOf(R"(<aftercare-rules format="2" id="b" title="B"/>)") ==
          "rules.xml:1:18: error: <aftercare-rules> format 2 is not supported: this version of Stipple reads "
          "format "
          "1 (write format=\"1\")\n");
    CHECK(errorsOf(R"(<level format="1"/>)") ==
          "rules.xml:1:1: error: expected an <aftercare-rules> root element, got <level>\n");
    CHECK(errorsOf(R"(<aftercare-rules format="1" id="b" title="B" as-of="2026-02-30"/>)") ==
          "rules.xml:1:1: error: <aftercare-rules> needs at least one <activity id=\"..\" name=\"..\"/>\n"
          "rules.xml:1:46: error: <aftercare-rules> attribute 'as-of' must be a date written YYYY-MM-DD, got "
          "\"2026-02-30\"\n");
}

TEST_CASE("rule book: every shipped profile reads without a diagnostic", "[aftercare][reader]") {
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(STIPPLE_SOURCE_DIR "/levels/aftercare")) {
        if (e.path().extension() != ".xml") continue;
        ++files;
        Diagnostics d;
        INFO(e.path().string());
        CHECK(validateRuleBookFile(e.path().string(), d));
        CHECK(d.formatAll() == "");
    }
    CHECK(files >= 2);
}

TEST_CASE("rule book: the brochure profile holds exactly the brochure's rules", "[aftercare][reader]") {
    Diagnostics d;
    const auto b = loadRuleBookFile(STIPPLE_SOURCE_DIR "/levels/aftercare/clinic-brochure.xml", d);
    REQUIRE(b);
    std::vector<std::string> ids;
    for (const auto& a : b->activities)
        ids.push_back(a.id);
    CHECK(ids == std::vector<std::string>{"wet-scalp", "heavy-exercise", "swimming", "sauna", "steam-room",
                                          "hot-shower", "sun-exposure"});
    for (const auto& a : b->activities)
        if (a.id != "wet-scalp" && a.id != "sun-exposure")
            CHECK(a.implies == std::vector<std::string>{"wet-scalp"});
    struct Expected {
        const char* activity;
        RuleAnchor anchor;
        int days;
    };
    const std::vector<Expected> expected = {
        {"wet-scalp", RuleAnchor::BeforeEachSession, 0},
        {"wet-scalp", RuleAnchor::AfterEachSession, 4},
        {"swimming", RuleAnchor::BetweenSessions, 0},
        {"steam-room", RuleAnchor::BetweenSessions, 0},
        {"sauna", RuleAnchor::BetweenSessions, 0},
        {"hot-shower", RuleAnchor::BetweenSessions, 0},
        {"swimming", RuleAnchor::AfterFinalSession, 28},
        {"sauna", RuleAnchor::AfterFinalSession, 28},
        {"steam-room", RuleAnchor::AfterFinalSession, 28},
        {"sun-exposure", RuleAnchor::AfterFinalSession, 14},
        {"heavy-exercise", RuleAnchor::AfterFinalSession, 5},
    };
    REQUIRE(b->rules.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        INFO(b->rules[i].id);
        CHECK(b->rules[i].activityId == expected[i].activity);
        CHECK(b->rules[i].anchor == expected[i].anchor);
        CHECK(b->rules[i].days == expected[i].days);
        CHECK_FALSE(b->rules[i].source.empty());
        CHECK((b->rules[i].effect == RuleEffect::Do) == (i == 0));
    }
    CHECK(b->rule("no-sun-after-final")->afterwards == "Use SPF 30–50 sunscreen.");
    CHECK(b->rule("no-wetting-after-each-session")->source ==
          "You will not be able to wash or wet your scalp (this includes sweating excessively) for four days "
          "after "
          "each appointment.");
}
