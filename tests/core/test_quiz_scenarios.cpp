// Scenario questions generated from rule books: known answers for the brochure, and every
// generated answer checked against an oracle for the brochure's rules written out by hand here,
// independently of the aftercare engine.
#include "aftercare/rule_book_reader.h"
#include "quiz/grading.h"
#include "quiz/question_bank_reader.h"
#include "quiz/scenarios.h"

#include <catch2/catch.hpp>

#include <set>

using namespace stipple;

namespace {

CivilDate D(const char* iso) {
    return *parseIsoDate(iso);
}

RuleBook brochure() {
    Diagnostics d;
    auto b = loadRuleBookFile(STIPPLE_SOURCE_DIR "/levels/aftercare/clinic-brochure.xml", d);
    REQUIRE(b);
    return *b;
}

AftercarePlan plan(const RuleBook& book, std::vector<CivilDate> sessions) {
    std::string error;
    auto p = AftercarePlan::make(book, std::move(sessions), error);
    REQUIRE(p);
    return *p;
}

/// The brochure's rules, written out directly: is `activity` restricted on `day`?
bool oracleRestricted(const std::string& activity, const std::vector<CivilDate>& s, CivilDate day) {
    const CivilDate final = s.back();
    bool wet = false, between = false;
    for (size_t i = 0; i < s.size(); ++i) {
        if (day - s[i] >= 0 && day - s[i] <= 4) wet = true;
        if (i + 1 < s.size() && s[i] <= day && day < s[i + 1]) between = true;
    }
    const int64_t afterFinal = day - final;
    if (activity == "wet-scalp") return wet;
    if (activity == "heavy-exercise") return wet || (afterFinal >= 0 && afterFinal <= 5);
    if (activity == "swimming" || activity == "sauna" || activity == "steam-room")
        return wet || between || (afterFinal >= 0 && afterFinal <= 28);
    if (activity == "hot-shower") return wet || between;
    if (activity == "sun-exposure") return afterFinal >= 0 && afterFinal <= 14;
    FAIL("unknown activity " << activity);
    return false;
}

CivilDate oracleAllowedFrom(const std::string& activity, const std::vector<CivilDate>& s, CivilDate day) {
    CivilDate d = day;
    while (oracleRestricted(activity, s, d))
        d = d + 1;
    return d;
}

const Choice& rightChoice(const Question& q) {
    for (const auto& c : q.choices)
        if (c.credit == 1.0) return c;
    FAIL("no right choice in " << q.id);
    return q.choices.front();
}

} // namespace

TEST_CASE("scenarios: final session on 2 March, a sauna on 20 March", "[quiz][scenarios]") {
    const auto p = plan(brochure(), {D("2026-02-09"), D("2026-03-02")});
    const Question q = scenarioMayQuestion(p, "sauna", D("2026-03-20"), "s1");
    CHECK(q.type == QuestionType::TrueFalse);
    CHECK(q.truth == false);
    CHECK(q.prompt ==
          "A client's sessions were on 9 February 2026; the final session was on Monday 2 March 2026. "
          "True or false: on Friday 20 March 2026 the client may do this: Sauna.");
    CHECK(q.explanation == "False. Friday 20 March 2026 is day 18 after the final session. Sauna is not "
                           "allowed: \u201CAvoid swimming, "
                           "saunas, and steam rooms for 28 days after your final treatment.\u201D. The day "
                           "of a session is day 0 and "
                           "\"N days after\" covers days 0 to N, so counting every rule that applies it is "
                           "allowed again from Tuesday "
                           "31 March 2026.");
    CHECK(q.source ==
          "Generated from the rule book \u201CClinic brochure\u201D (rules: no-sauna-after-final).");
    CHECK(q.categories == std::vector<std::string>{"aftercare-scenarios"});
    CHECK(q.generated);
    // Day 29 is free, and the sun, restricted for 14 days, comes with sunscreen afterwards.
    CHECK(scenarioMayQuestion(p, "sauna", D("2026-03-31"), "s2").truth == true);
    const Question sun = scenarioMayQuestion(p, "sun-exposure", D("2026-03-17"), "s3");
    CHECK(sun.truth == true);
    CHECK(sun.explanation ==
          "True. Tuesday 17 March 2026 is day 15 after the final session. No rule restricts Sun "
          "exposure on that day, so it is allowed. Its last restriction ran from 2 March 2026 to 16 "
          "March 2026. It comes with a condition: Use SPF 30–50 sunscreen.");
}

TEST_CASE("scenarios: when may the client swim again", "[quiz][scenarios]") {
    const auto p = plan(brochure(), {D("2026-02-09"), D("2026-03-02")});
    CHECK_FALSE(scenarioWhenAgainQuestion(p, "swimming", D("2026-03-31"), "w0"));
    const auto q = scenarioWhenAgainQuestion(p, "swimming", D("2026-02-12"), "w1");
    REQUIRE(q);
    CHECK(q->type == QuestionType::SingleChoice);
    REQUIRE(q->choices.size() == 4);
    CHECK(rightChoice(*q).text == "Tuesday 31 March 2026");
    std::vector<std::string> texts;
    for (const auto& c : q->choices)
        texts.push_back(c.text);
    // In calendar order: the end of the wetting rule alone, the end of the between-sessions rule
    // alone (the next session's day), one day early, and the right date.
    CHECK(texts == std::vector<std::string>{"Saturday 14 February 2026", "Monday 2 March 2026",
                                            "Monday 30 March 2026", "Tuesday 31 March 2026"});
    CHECK(q->choices[0].feedback == "That is when one rule ends, but another still restricts it that day.");
    CHECK(q->choices[2].feedback == "One day early: \"N days after\" includes day N itself.");
    std::vector<std::string> problems;
    checkQuestion(*q, problems);
    CHECK(problems.empty());
}

TEST_CASE("scenarios: which of these are allowed on day N after session K", "[quiz][scenarios]") {
    const auto p = plan(brochure(), {D("2026-02-09"), D("2026-03-02"), D("2026-03-23")});
    // Day 3 after session 2 (5 March): only the sun.
    auto q = scenarioWhichAllowedQuestion(p, 1, 3, "x1");
    REQUIRE(q);
    CHECK(q->prompt.find("Which of these are allowed on day 3 after session 2 (Thursday 5 March 2026)?") !=
          std::string::npos);
    std::vector<std::string> right;
    for (const auto& c : q->choices)
        if (c.isCorrect()) right.push_back(c.text);
    CHECK(right == std::vector<std::string>{"Sun exposure"});
    // Day 5 after session 1: washing, exercise and sun are back; pools, saunas, steam, hot showers not.
    q = scenarioWhichAllowedQuestion(p, 0, 5, "x2");
    REQUIRE(q);
    right.clear();
    for (const auto& c : q->choices)
        if (c.isCorrect()) right.push_back(c.text);
    CHECK(right ==
          std::vector<std::string>{"Washing or wetting the scalp", "Heavy exercise", "Sun exposure"});
    // Partial credit: two of the three right ones and one wrong one = 1/3.
    const QuestionGrade g = gradeResponse(*q, Response{{0, 1, 2}, {}, {}, {}}); // wet, exercise, swimming
    CHECK(g.credit == Approx(1.0 / 3.0));
    CHECK(q->explanation.find(
              "Swimming: not allowed (rules: no-swimming-between-sessions); allowed again from 21 "
              "April 2026.") != std::string::npos);
    // Before any session everything is allowed: no question.
    const auto single = plan(brochure(), {D("2026-06-01")});
    CHECK_FALSE(scenarioWhichAllowedQuestion(single, 0, 40, "x3"));
    CHECK_FALSE(scenarioWhichAllowedQuestion(single, 3, 1, "x4"));
}

TEST_CASE("scenarios: every generated answer agrees with the brochure worked out by hand",
          "[quiz][scenarios]") {
    const RuleBook book = brochure();
    for (uint64_t seed : {1u, 2u, 3u, 99u}) {
        const auto scenarios = generateScenarios(book, seed, 60);
        REQUIRE(scenarios.size() == 60);
        std::set<std::string> ids;
        int kinds[3] = {0, 0, 0};
        for (const auto& s : scenarios) {
            const Question& q = s.question;
            INFO(q.id << ": " << q.prompt);
            CHECK(ids.insert(q.id).second);
            std::vector<std::string> problems;
            checkQuestion(q, problems);
            CHECK(problems.empty());
            CHECK_FALSE(q.explanation.empty());
            // Sessions two to five weeks apart.
            for (size_t i = 1; i < s.sessions.size(); ++i) {
                CHECK(s.sessions[i] - s.sessions[i - 1] >= 14);
                CHECK(s.sessions[i] - s.sessions[i - 1] <= 35);
            }
            if (q.type == QuestionType::TrueFalse) {
                ++kinds[0];
                CHECK(q.truth == !oracleRestricted(s.activityId, s.sessions, s.day));
            } else if (q.type == QuestionType::SingleChoice) {
                ++kinds[1];
                REQUIRE(oracleRestricted(s.activityId, s.sessions, s.day));
                CHECK(rightChoice(q).text ==
                      formatLongDate(oracleAllowedFrom(s.activityId, s.sessions, s.day)));
                CHECK(q.choices.size() == 4);
            } else {
                ++kinds[2];
                REQUIRE(q.type == QuestionType::MultipleChoice);
                for (size_t i = 0; i < q.choices.size(); ++i)
                    CHECK(q.choices[i].isCorrect() ==
                          !oracleRestricted(book.activities[i].id, s.sessions, s.day));
            }
        }
        CHECK(kinds[0] == 20);
        CHECK(kinds[1] == 20);
        CHECK(kinds[2] == 20);
    }
    // Deterministic for a seed.
    const auto a = generateScenarioQuestions(book, 5, 12), b = generateScenarioQuestions(book, 5, 12);
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i)
        CHECK(a[i].prompt == b[i].prompt);
    CHECK(generateScenarioQuestions(book, 6, 12)[0].prompt != a[0].prompt);
}

TEST_CASE("scenarios: any rule book works, and one that restricts nothing yields nothing",
          "[quiz][scenarios]") {
    Diagnostics d;
    const auto genesis = loadRuleBookFile(STIPPLE_SOURCE_DIR "/levels/aftercare/scalp-genesis.xml", d);
    REQUIRE(genesis);
    const auto qs = generateScenarioQuestions(*genesis, 7, 30);
    CHECK(qs.size() == 30);
    CHECK(qs[0].id == "scalp-genesis-scenario-1");
    const auto doc = parseXml(R"(<aftercare-rules format="1" id="free" title="Free">
  <activity id="sun" name="Sun"/>
</aftercare-rules>)",
                              "free.xml", d);
    const auto free = readRuleBook(*doc, d);
    REQUIRE(free);
    CHECK(generateScenarioQuestions(*free, 1, 5).empty());
}
