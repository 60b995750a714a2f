// Result records: the canonical text (exact, round-tripping awkward values, refusing every other
// spelling), UTC timestamps, calendar months, and grading worked by hand — weighted sections,
// never events, the every-section rule, unchecked vetoes, certificate expiry and sittings that do
// not match the drawn exam.
#include "exam/exam_grading.h"
#include "exam/exam_result.h"

#include <catch2/catch.hpp>

using namespace stipple;

namespace {

ExamResult sample() {
    ExamResult r;
    r.examId = "foundation";
    r.examTitle = "Foundation \\ certificate\nline two";
    r.examSha256 = std::string(64, 'a');
    r.certificateTitle = "Foundation Certificate";
    r.issuer = "Académie Stipple";
    r.candidateId = "C-0042";
    r.candidateName = "  Ana\tSouza ";
    r.station = "station 1";
    r.attempt = 2;
    r.seed = 18446744073709551615ull;
    r.build = "stipple 0.1.0";
    r.startedAt = "2026-03-01T09:00:00Z";
    r.finishedAt = "2026-03-01T10:15:30Z";
    r.recordingSha256 = std::string(64, 'b');
    r.files = {{"levels/01 dot drill.xml", std::string(64, 'c')},
               {"levels/banks/b.xml", std::string(64, 'd')}};
    ResultSection p;
    p.id = "practical";
    p.title = "Practical";
    p.kind = "practical";
    p.weight = 60;
    p.passMark = 70;
    p.timeLimitS = 3600;
    p.timeUsedS = 1234.5;
    p.score = 81.25;
    p.passed = true;
    p.unchecked = {"blowouts: no level measured it (No blowouts.)"};
    ResultItem level;
    level.kind = ResultItem::Kind::Level;
    level.ref = "dot-drill";
    level.source = "levels/01 dot drill.xml";
    level.score = 81.25;
    level.passed = true;
    level.metrics = {{"target-hits", "", 0.95, 100, 3, true},
                     {"density", "crown zone", 1.0 / 3.0, 12.5, 0, false}};
    level.vetoes = {"reason with \\n literal"};
    p.items = {level};
    ResultSection q;
    q.id = "theory";
    q.title = "Theory";
    q.kind = "quiz";
    q.weight = 40;
    q.passMark = 75;
    q.timeLimitS = 1200;
    q.timeUsedS = 1200;
    q.timedOut = true;
    q.score = 50;
    q.vetoes = {"Safety first (safety 0%, at least 100% needed)"};
    ResultItem question;
    question.kind = ResultItem::Kind::Question;
    question.ref = "wet-days";
    question.category = "aftercare";
    question.source = "levels/banks/b.xml";
    question.score = 1;
    question.passed = true;
    ResultItem scenario = question;
    scenario.kind = ResultItem::Kind::Scenario;
    scenario.ref = "rules-scenario-1";
    scenario.category = "aftercare-scenarios";
    scenario.score = 0;
    scenario.passed = false;
    q.items = {question, scenario};
    r.sections = {p, q};
    r.score = 68.75;
    r.passed = false;
    r.reasons = {"section 'theory': Safety first", "overall score 68.75 is below the pass mark 70"};
    r.issuedOn = "2026-03-01";
    r.resultId = makeResultId(r);
    return r;
}

const char* kSampleText = R"(stipple-result 1
result-id RID
exam-id foundation
exam-title Foundation \\ certificate\nline two
exam-sha256 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
certificate-title Foundation Certificate
issuer Académie Stipple
candidate-id C-0042
candidate-name   Ana\tSouza 
station station 1
attempt 2
seed 18446744073709551615
build stipple 0.1.0
started-at 2026-03-01T09:00:00Z
finished-at 2026-03-01T10:15:30Z
recording-sha256 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
file cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc levels/01 dot drill.xml
file dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd levels/banks/b.xml
section practical
  kind practical
  title Practical
  weight 60
  pass-mark 70
  time-limit-s 3600
  time-used-s 1234.5
  timed-out false
  score 81.25
  passed true
  unchecked blowouts: no level measured it (No blowouts.)
  level dot-drill 81.25 true levels/01 dot drill.xml
    metric target-hits - 0.95 100 3 true
    metric density crown\x20zone 0.3333333333333333 12.5 0 false
    veto reason with \\n literal
section theory
  kind quiz
  title Theory
  weight 40
  pass-mark 75
  time-limit-s 1200
  time-used-s 1200
  timed-out true
  score 50
  passed false
  veto Safety first (safety 0%, at least 100% needed)
  question wet-days aftercare 1 levels/banks/b.xml
  scenario rules-scenario-1 aftercare-scenarios 0 levels/banks/b.xml
score 68.75
passed false
reason section 'theory': Safety first
reason overall score 68.75 is below the pass mark 70
issued-on 2026-03-01
expires-on none
)";

std::string expectedSampleText() {
    std::string t = kSampleText;
    t.replace(t.find("RID"), 3, sample().resultId);
    return t;
}

} // namespace

TEST_CASE("result text: the canonical form, exactly", "[exam][result]") {
    CHECK(canonicalResultText(sample()) == expectedSampleText());
}

TEST_CASE("result text: parsing gives back the same record", "[exam][result]") {
    std::string error;
    const auto r = parseResultText(expectedSampleText(), error);
    INFO(error);
    REQUIRE(r);
    CHECK(*r == sample());
    // An empty record round-trips too (empty tokens and texts have a spelling).
    const ExamResult empty;
    const auto e = parseResultText(canonicalResultText(empty), error);
    INFO(error);
    REQUIRE(e);
    CHECK(*e == empty);
}

TEST_CASE("result text: the scorer version is a line after the build, absent in results made before it",
          "[exam][result]") {
    // The sample has none (a result made before scorer versions were recorded): no line, and its
    // text — so the signature of every result signed then — is unchanged.
    CHECK(expectedSampleText().find("\nscorer ") == std::string::npos);
    ExamResult scored = sample();
    scored.scorerVersion = 4;
    std::string text = expectedSampleText();
    text.replace(text.find("build stipple 0.1.0\n"), 20, "build stipple 0.1.0\nscorer 4\n");
    CHECK(canonicalResultText(scored) == text);
    std::string error;
    const auto back = parseResultText(text, error);
    INFO(error);
    REQUIRE(back);
    CHECK(back->scorerVersion == 4);
    CHECK(*back == scored);
    for (const char* bad : {"scorer 0\n", "scorer four\n", "scorer -1\n"}) {
        std::string t = expectedSampleText();
        t.replace(t.find("started-at"), 0, bad);
        CHECK_FALSE(parseResultText(t, error));
        CHECK(error == "line 14: scorer must be a whole number from 1");
    }
}

TEST_CASE("result text: every other spelling is refused with its line", "[exam][result]") {
    const std::string good = expectedSampleText();
    const auto refuse = [](std::string text) {
        std::string error;
        CHECK_FALSE(parseResultText(text, error));
        return error;
    };
    const auto edit = [&](const std::string& from, const std::string& to) {
        std::string t = good;
        const size_t at = t.find(from);
        REQUIRE(at != std::string::npos);
        t.replace(at, from.size(), to);
        return t;
    };
    CHECK(refuse(edit("  weight 60\n", "  weight 60.0\n")) == "line 22: not in canonical form");
    CHECK(refuse(edit("  weight 60\n", "  weight 6e1\n")) == "line 22: not in canonical form");
    CHECK(refuse(edit("seed 18446744073709551615", "seed 18446744073709551616")) ==
          "line 12: seed must be a non-negative whole number");
    CHECK(refuse(edit("passed true\n  unchecked", "passed yes\n  unchecked")) ==
          "line 28: passed must be true or false");
    CHECK(refuse(edit("station station 1\n", "")) == "line 10: expected \"station\", got \"attempt 2\"");
    CHECK(refuse(edit("  kind quiz\n  title Theory\n", "  title Theory\n  kind quiz\n")) ==
          "line 35: expected \"  kind\", got \"  title Theory\"");
    CHECK(refuse(edit("stipple-result 1", "stipple-result 2")) ==
          "line 1: result format \"2\" is not supported (this Stipple reads format 1)");
    CHECK(refuse(good + "extra\n") == "line 53: unexpected line after the end of the result");
    CHECK(refuse(good.substr(0, good.size() - 1)) == "a result must end with a newline");
    CHECK(refuse(edit("Foundation \\\\ cert", "Foundation \\q cert")) ==
          "line 4: bad escape in \"exam-title\"");
    CHECK(refuse(edit("crown\\x20zone", "crown\\x2Gzone")) == "line 32: bad metric zone");
    CHECK(refuse(edit("issued-on 2026-03-01\n", "issued-on 2026-03-01\r\n")) ==
          "line 51: not in canonical form");
    CHECK(refuse(good.substr(0, good.find("section theory"))) == "line 34: ends early; expected \"score\"");
}

TEST_CASE("result text: timestamps are strict UTC", "[exam][result]") {
    CHECK(formatUtcTimestamp(0) == "1970-01-01T00:00:00Z");
    CHECK(formatUtcTimestamp(1772355600) == "2026-03-01T09:00:00Z");
    CHECK(formatUtcTimestamp(-1) == "1969-12-31T23:59:59Z");
    CHECK(parseUtcTimestamp("2026-03-01T09:00:00Z") == 1772355600);
    CHECK(parseUtcTimestamp("1969-12-31T23:59:59Z") == -1);
    for (const char* bad :
         {"2026-03-01 09:00:00Z", "2026-03-01T09:00:00", "2026-02-30T09:00:00Z", "2026-03-01T24:00:00Z",
          "2026-03-01T09:60:00Z", "2026-03-01T09:00:00+01:00", "", "2026-03-01T9:00:00Z"})
        CHECK_FALSE(parseUtcTimestamp(bad));
    const std::string now = nowUtcTimestamp();
    CHECK(parseUtcTimestamp(now).has_value());
}

TEST_CASE("grading: calendar months clamp to the month's end", "[exam][result]") {
    CHECK(addMonths("2026-03-01", 24) == "2028-03-01");
    CHECK(addMonths("2026-01-31", 1) == "2026-02-28");
    CHECK(addMonths("2028-01-31", 1) == "2028-02-29");
    CHECK(addMonths("2026-11-15", 3) == "2027-02-15");
    CHECK(addMonths("2026-12-31", 12) == "2027-12-31");
    CHECK(addMonths("not a date", 1).empty());
}

namespace {

/// A two-section exam built in memory: a practical of two levels and a quiz of four questions.
struct Fixture {
    Exam exam;
    ExamInstance instance;
    ExamSitting sitting;

    Fixture() {
        exam.id = "ex";
        exam.title = "Exam";
        exam.sourceSha256 = std::string(64, 'e');
        exam.passRule = {70.0, true};
        exam.certificate = {"Cert", "Academy", 24};
        ExamSection p;
        p.id = "practical";
        p.title = "Practical";
        p.kind = SectionKind::Practical;
        p.timeLimitS = 600;
        p.weight = 3;
        p.passMark = 60;
        p.vetoes = {{"blowouts", 0.0, "", 0.0, "No blowouts."},
                    {"forbidden", 0.0, "", 0.0, "No forbidden dots."}};
        ExamSection q;
        q.id = "quiz";
        q.title = "Quiz";
        q.kind = SectionKind::Quiz;
        q.timeLimitS = 300;
        q.weight = 1;
        q.passMark = 75;
        q.vetoes = {{"", 0.0, "safety", 100.0, "All safety questions right."}};
        exam.sections = {p, q};

        instance.examId = "ex";
        instance.examSha256 = exam.sourceSha256;
        instance.seed = 7;
        instance.candidate = "C-1";
        instance.files = {{"../l/a.xml", "l/a.xml", std::string(64, '1')},
                          {"../l/b.xml", "l/b.xml", std::string(64, '2')}};
        InstanceSection ip{"practical",
                           SectionKind::Practical,
                           600,
                           {{"l/a.xml", "../l/a.xml", "a", ""}, {"l/b.xml", "../l/b.xml", "b", ""}},
                           {}};
        InstanceSection iq{"quiz",
                           SectionKind::Quiz,
                           300,
                           {},
                           {{"bank.xml", "../bank.xml", "q1", "care", 0, 0},
                            {"bank.xml", "../bank.xml", "q2", "care", 0, 0},
                            {"bank.xml", "../bank.xml", "s1", "safety", 0, 0},
                            {"rules.xml", "../rules.xml", "", "aftercare-scenarios", 99, 0}}};
        instance.sections = {ip, iq};

        sitting.candidateName = "Ana";
        sitting.station = "st-1";
        sitting.startedAt = "2026-01-31T09:00:00Z";
        sitting.finishedAt = "2026-01-31T09:40:00Z";
        sitting.build = "stipple test";
        SectionOutcome sp{
            "practical",
            500,
            false,
            {{"l/a.xml", card(80, {{"blowouts", 0}})}, {"l/b.xml", card(70, {{"blowouts", 0}})}},
            {}};
        SectionOutcome sq{
            "quiz", 300, true, {}, {{"q1", 1}, {"q2", 0.5}, {"s1", 1}, {"rules-scenario-1", 1}}};
        sitting.sections = {sp, sq};
    }

    static Scorecard card(double overall, std::vector<std::pair<std::string, double>> values) {
        Scorecard c;
        c.overall = overall;
        c.passed = overall >= 70;
        for (auto& [id, v] : values) {
            MetricResult m;
            m.id = id;
            m.value = v;
            m.score = 100;
            c.metrics.push_back(m);
        }
        return c;
    }

    ExamResult grade() const {
        std::string error;
        auto r = gradeExam(exam, instance, sitting, error);
        INFO(error);
        REQUIRE(r);
        return *r;
    }

    std::string refusal() const {
        std::string error;
        CHECK_FALSE(gradeExam(exam, instance, sitting, error));
        return error;
    }
};

} // namespace

TEST_CASE("grading: weighted sections, worked by hand", "[exam][grading]") {
    Fixture f;
    const ExamResult r = f.grade();
    // Practical: mean(80, 70) = 75. Quiz: (1 + 0.5 + 1 + 1) / 4 = 87.5 %. Overall (3·75 + 87.5) / 4 = 78.125.
    REQUIRE(r.sections.size() == 2);
    CHECK(r.sections[0].score == 75);
    CHECK(r.sections[0].passed);
    CHECK(r.sections[1].score == 87.5);
    CHECK(r.sections[1].passed);
    CHECK(r.sections[1].timedOut);
    CHECK(r.sections[1].items[3].kind == ResultItem::Kind::Scenario);
    CHECK(r.sections[1].items[3].ref == "rules-scenario-1");
    CHECK(r.score == 78.125);
    CHECK(r.passed);
    CHECK(r.reasons.empty());
    CHECK(r.issuedOn == "2026-01-31");
    CHECK(r.expiresOn == "2028-01-31");
    CHECK(r.candidateId == "C-1");
    CHECK(r.seed == 7);
    CHECK(r.files == std::vector<ResultFile>{{"../l/a.xml", std::string(64, '1')},
                                             {"../l/b.xml", std::string(64, '2')}});
    CHECK(r.sections[0].items[1].source == "../l/b.xml");
    CHECK(r.sections[1].items[3].source == "../rules.xml");
    CHECK(r.resultId == makeResultId(r));
    CHECK(r.resultId.size() == 32);
    // The unmeasured forbidden veto is listed, not silently passed.
    CHECK(r.sections[0].unchecked ==
          std::vector<std::string>{"forbidden: no level measured it (No forbidden dots.)"});
    // Grading is a pure function: the same inputs give the same bytes.
    CHECK(canonicalResultText(f.grade()) == canonicalResultText(r));
}

TEST_CASE("grading: never events and the every-section rule fail a high score", "[exam][grading]") {
    Fixture f;
    SECTION("an exam veto on the sum over levels") {
        f.sitting.sections[0].levels[1].scorecard = Fixture::card(95, {{"blowouts", 1}});
        const ExamResult r = f.grade();
        CHECK_FALSE(r.passed);
        CHECK_FALSE(r.sections[0].passed);
        CHECK(r.reasons ==
              std::vector<std::string>{"section 'practical': No blowouts. (blowouts 1, at most 0)"});
        CHECK(r.expiresOn.empty());
    }
    SECTION("a level's own veto") {
        Scorecard c = Fixture::card(90, {{"blowouts", 0}});
        c.vetoes.push_back({"spill", 0.2, 0.1, "Too many dots outside the zone."});
        f.sitting.sections[0].levels[0].scorecard = c;
        const ExamResult r = f.grade();
        CHECK_FALSE(r.passed);
        CHECK(r.sections[0].items[0].vetoes == std::vector<std::string>{"Too many dots outside the zone."});
        CHECK(r.reasons ==
              std::vector<std::string>{"section 'practical': level 'a': Too many dots outside the zone."});
    }
    SECTION("a quiz category veto") {
        f.sitting.sections[1].questions[2].credit = 0.5;
        const ExamResult r = f.grade();
        CHECK_FALSE(r.passed);
        // At the mark on marks, but failed on the veto: the number shown is below the mark.
        CHECK(r.sections[1].score == Approx(74.99));
        CHECK(r.reasons ==
              std::vector<std::string>{
                  "section 'quiz': All safety questions right. (safety 50%, at least 100% needed)"});
    }
    SECTION("a section below its mark, every-section on and off") {
        f.sitting.sections[1].questions = {{"q1", 1}, {"q2", 0}, {"s1", 1}, {"x", 0.5}};
        // Quiz 62.5 < 75; overall (225 + 62.5) / 4 = 71.875 >= 70, but the exam fails on the
        // every-section rule, so the number it shows is below its pass mark.
        ExamResult r = f.grade();
        CHECK(r.score == Approx(69.99));
        CHECK_FALSE(r.passed);
        CHECK(r.reasons == std::vector<std::string>{"section 'quiz' scored 62.5, below its pass mark 75"});
        f.exam.passRule.everySection = false;
        r = f.grade();
        CHECK(r.passed);
        CHECK(r.score == 71.875);
        CHECK_FALSE(r.sections[1].passed);
    }
    SECTION("overall below the pass mark") {
        f.exam.passRule.overallPassMark = 80;
        const ExamResult r = f.grade();
        CHECK(r.reasons == std::vector<std::string>{"overall score 78.13 is below the pass mark 80"});
    }
    SECTION("a certificate that does not expire") {
        f.exam.certificate.validMonths = 0;
        CHECK(f.grade().expiresOn.empty());
    }
}

TEST_CASE("grading: a practical's verdict follows its pass-rule, never passes with every level failed, and "
          "shows it in its number",
          "[exam][grading]") {
    Fixture f;
    // Three levels, as the foundation practical: 75, 69.99 and 69.14 (each level passes at 70 in
    // the fixture's cards; a level's pass mark here is 70, the section's 60).
    f.instance.sections[0].levels.push_back({"l/c.xml", "../l/c.xml", "c", ""});
    f.sitting.sections[0].levels = {{"l/a.xml", Fixture::card(75, {{"blowouts", 0}})},
                                    {"l/b.xml", Fixture::card(69.99, {{"blowouts", 0}})},
                                    {"l/c.xml", Fixture::card(69.14, {{"blowouts", 0}})}};
    SECTION("all-levels (the default): two levels not passed fail the section whatever its mean") {
        f.exam.sections[0].passMark = 70;
        // The mean, 71.38, is above the section's mark of 70: it once showed 71.4 PASSED.
        const ExamResult r = f.grade();
        CHECK_FALSE(r.sections[0].passed);
        CHECK(r.sections[0].score == Approx(69.99)); // below the mark, as its verdict
        CHECK_FALSE(r.passed);
        CHECK(r.score < 70);
        REQUIRE_FALSE(r.reasons.empty());
        CHECK(r.reasons.front() ==
              "section 'practical': 2 of 3 levels not passed (first: b 69.99); this section needs "
              "every level passed");
    }
    SECTION("every level failed: no rule lets the section pass") {
        for (auto& l : f.sitting.sections[0].levels)
            l.scorecard.passed = false; // 75 failed on its own rule
        f.exam.sections[0].rule = SectionRule::FloorAndMean;
        f.exam.sections[0].levelFloor = 60;
        const ExamResult r = f.grade();
        CHECK_FALSE(r.sections[0].passed);
        CHECK(r.sections[0].score == Approx(59.99));
        CHECK(r.reasons.front() == "section 'practical': every level failed");
    }
    SECTION("floor-and-mean: a level under its own mark counts when it reaches the floor") {
        f.exam.sections[0].rule = SectionRule::FloorAndMean;
        f.exam.sections[0].levelFloor = 65;
        ExamResult r = f.grade();
        CHECK(r.sections[0].passed);
        CHECK(r.sections[0].score == Approx((75 + 69.99 + 69.14) / 3));
        f.exam.sections[0].levelFloor = 69.5;
        r = f.grade();
        CHECK_FALSE(r.sections[0].passed);
        CHECK(r.sections[0].score == Approx(59.99));
        CHECK(r.reasons.front() ==
              "section 'practical': 1 of 3 levels below the floor 69.5 (first: c 69.14)");
    }
}

TEST_CASE("result names: people read sections, levels and metrics by their titles, and the deciding rule "
          "in the results screen's words",
          "[exam][grading]") {
    Fixture f;
    f.instance.sections[0].levels.push_back({"l/c.xml", "../l/c.xml", "c", ""});
    Scorecard vetoed = Fixture::card(90, {{"blowouts", 0}});
    vetoed.vetoes.push_back({"spill", 0.2, 0.1, "Too many dots outside the zone."});
    f.sitting.sections[0].levels = {{"l/a.xml", vetoed},
                                    {"l/b.xml", Fixture::card(69.99, {{"blowouts", 0}})},
                                    {"l/c.xml", Fixture::card(80, {{"blowouts", 0}})}};
    f.exam.sections[0].passMark = 70;
    const ExamResult r = f.grade();
    // What the signed result keeps: ids (a regrade compares these bytes).
    REQUIRE(r.reasons == std::vector<std::string>{
                             "section 'practical': level 'a': Too many dots outside the zone.",
                             "section 'practical': 1 of 3 levels not passed (first: b 69.99); this section "
                             "needs every level passed"});
    ResultNames names;
    names.sections = {{{"Dot drill", {"Blowouts"}}, {"Breaking up rows", {"Blowouts"}}, {"C", {}}}, {}};
    CHECK(examReasons(r, names) ==
          std::vector<std::string>{"Practical \xE2\x80\x94 Dot drill: Too many dots outside the zone.",
                                   "Practical \xE2\x80\x94 1 of 3 levels not passed (first: Breaking up rows "
                                   "69.99); this section needs every "
                                   "level passed"});
    CHECK(examDecidingRule(r, names) ==
          "Failed: Practical \xE2\x80\x94 Dot drill: Too many dots outside the zone.  (+1 "
          "more reason)");
    CHECK(names.itemTitle(r, 0, 1) == "Breaking up rows");
    CHECK(names.metricLabel(r, 0, 1, 0) == "Blowouts");
    // Without names (a result read from its text alone): sections by title, levels and metrics by id.
    CHECK(examReasons(r).front() == "Practical \xE2\x80\x94 level 'a': Too many dots outside the zone.");
    CHECK(ResultNames{}.itemTitle(r, 0, 1) == "b");
    CHECK(ResultNames{}.metricLabel(r, 0, 1, 0) == "blowouts");
    // A quiz section's reason and the overall one.
    f.sitting.sections[0].levels = {{"l/a.xml", Fixture::card(80, {{"blowouts", 0}})},
                                    {"l/b.xml", Fixture::card(80, {{"blowouts", 0}})},
                                    {"l/c.xml", Fixture::card(80, {{"blowouts", 0}})}};
    f.sitting.sections[1].questions = {{"q1", 1}, {"q2", 0}, {"s1", 1}, {"x", 0.5}};
    f.exam.passRule.overallPassMark = 80;
    const ExamResult q = f.grade();
    CHECK(examReasons(q, names) == std::vector<std::string>{"Quiz scored 62.5, below its pass mark 75",
                                                            "overall score 75.63 is below the pass mark 80"});
    CHECK(examDecidingRule(q, names) == "Failed: Quiz scored 62.5, below its pass mark 75  (+1 more reason)");
    f.exam.passRule.overallPassMark = 70;
    f.exam.passRule.everySection = false;
    CHECK(examDecidingRule(f.grade(), names) == "Passed: overall score 75.6");
}

TEST_CASE("grading: a sitting that does not match the drawn exam is refused", "[exam][grading]") {
    Fixture f;
    SECTION("levels out of order") {
        std::swap(f.sitting.sections[0].levels[0], f.sitting.sections[0].levels[1]);
        CHECK(f.refusal() == "section 'practical' level 1 is l/b.xml, the instance drew l/a.xml");
    }
    SECTION("a question swapped") {
        f.sitting.sections[1].questions[0].questionId = "q9";
        CHECK(f.refusal() == "section 'quiz' question 1 is 'q9', the instance drew 'q1'");
    }
    SECTION("a question missing") {
        f.sitting.sections[1].questions.pop_back();
        CHECK(f.refusal() == "section 'quiz' was drawn with 4 questions, the sitting has 3 (and 0 levels)");
    }
    SECTION("a credit out of range") {
        f.sitting.sections[1].questions[1].credit = 1.5;
        CHECK(f.refusal() == "section 'quiz' question 2: credit 1.5 is outside 0..1");
    }
    SECTION("sections renamed or missing") {
        f.sitting.sections[0].sectionId = "other";
        CHECK(f.refusal() == "section 1 of the sitting is 'other', the exam's is 'practical'");
        f.sitting.sections.pop_back();
        CHECK(f.refusal() == "the sitting has 1 sections, the exam 2");
    }
    SECTION("times") {
        f.sitting.finishedAt = "2026-01-31T08:00:00Z";
        CHECK(f.refusal() == "the exam finished (2026-01-31T08:00:00Z) before it started");
        f.sitting.finishedAt = "yesterday";
        CHECK(f.refusal() == "start and finish times must be UTC timestamps YYYY-MM-DDTHH:MM:SSZ, got "
                             "\"2026-01-31T09:00:00Z\" and \"yesterday\"");
    }
    SECTION("another exam") {
        f.instance.examSha256 = std::string(64, 'f');
        CHECK(f.refusal() == "the instance was drawn from another exam (ex)");
    }
}

TEST_CASE("result text: damaged text never crashes the parser, and what parses is what was written",
          "[exam][result][robustness]") {
    const std::string good = expectedSampleText();
    int parsed = 0, tried = 0;
    for (size_t i = 0; i < good.size(); ++i) {
        for (char c : {'\0', ' ', '\n', '\\', 'x', '-', '9', '\xff'}) {
            if (good[i] == c) continue;
            std::string t = good;
            t[i] = c;
            std::string error;
            const auto r = parseResultText(t, error);
            ++tried;
            if (r) {
                ++parsed; // e.g. a letter of a name changed: still one valid spelling
                CHECK(canonicalResultText(*r) == t);
            } else {
                CHECK_FALSE(error.empty());
            }
        }
        std::string error;
        CHECK_FALSE(parseResultText(good.substr(0, i), error)); // every truncation is refused
    }
    CHECK(tried > 8000);
    CHECK(parsed < tried);
}
