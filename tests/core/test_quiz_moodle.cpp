// Moodle GIFT and Moodle XML import on realistic files (categories, comments, escapes, HTML,
// weights, feedback, types Stipple cannot ask), and a Moodle XML export that imports back to
// the same bank.
#include "quiz/moodle.h"
#include "quiz/question_bank_reader.h"

#include <catch2/catch.hpp>

using namespace stipple;

namespace {

const std::string kFixtures = STIPPLE_SOURCE_DIR "/tests/fixtures/quiz/";

const Question& find(const QuestionBank& bank, const std::string& id) {
    const Question* q = bank.question(id);
    INFO("question " << id);
    REQUIRE(q);
    return *q;
}

} // namespace

TEST_CASE("moodle: HTML to text and ids from titles", "[quiz][moodle]") {
    CHECK(
        htmlToText(
            "<p dir=\"ltr\">Keep <b>out</b> of the sun<br>for 14&nbsp;days.</p><p>Then SPF 30&ndash;50 &amp; "
            "a hat &#8212; &#x263A;</p>") ==
        "Keep out of the sun for 14 days. Then SPF 30\u201350 & a hat \u2014 \u263A");
    CHECK(htmlToText("a &bogus; b &lt;c&gt;") == "a &bogus; b <c>");
    CHECK(slugify("SPF 30:50") == "spf-30-50");
    CHECK(slugify("  Between sessions!! ") == "between-sessions");
    CHECK(slugify("Default for SMP/Aftercare") == "default-for-smp-aftercare");
}

TEST_CASE("moodle: a realistic GIFT file", "[quiz][moodle][gift]") {
    Diagnostics d;
    const auto bank = loadAnyQuestionBank(kFixtures + "academy.gift", d);
    const std::string path = kFixtures + "academy.gift";
    CHECK(
        d.formatAll() ==
        path +
            ":31:1: warning: a short-answer question (only '=' answers) cannot be graded by Stipple; "
            "skipped\n" +
            path + ":33:1: warning: a matching question cannot be asked by Stipple; skipped\n" + path +
            ":35:1: warning: an essay question ({} with no answers) cannot be graded by Stipple; skipped\n" +
            path + ":37:1: warning: a description without answers (no {...}); skipped\n" + path +
            ":39:1: warning: question id 'dry-days' is already used; this one becomes 'dry-days-2'\n");
    REQUIRE(bank);
    CHECK(bank->id == "academy");
    REQUIRE(bank->categories.size() == 2);
    CHECK(bank->categories[0].id == "aftercare-washing");
    CHECK(bank->categories[0].name == "Washing");
    CHECK(bank->categories[1].id == "sessions");
    REQUIRE(bank->questions.size() == 8);

    const Question& dry = find(*bank, "dry-days");
    CHECK(dry.type == QuestionType::Numeric);
    CHECK(dry.numeric.value == 4.0);
    CHECK(dry.numeric.tolerance == 0.0);
    CHECK(dry.explanation == "Four days after each appointment.");
    CHECK(dry.source == "Clinic brochure, \"Tips before treatment\".");
    CHECK(dry.categories == std::vector<std::string>{"aftercare-washing"});
    CHECK(dry.line == 5);

    const Question& sweat = find(*bank, "sweat-counts");
    CHECK(sweat.type == QuestionType::TrueFalse);
    CHECK(sweat.truth == true);
    CHECK(sweat.explanation == "\"This includes sweating excessively.\"");
    CHECK(sweat.source == "Imported from academy.gift, line 7.");

    const Question& between = find(*bank, "between-sessions");
    CHECK(between.type == QuestionType::MultipleChoice);
    CHECK(between.prompt == "Which of these are forbidden in the weeks between sessions?");
    REQUIRE(between.choices.size() == 4);
    CHECK(between.choices[0].text == "Swimming");
    CHECK(between.choices[0].feedback == "Yes: pools wet the scalp.");
    CHECK(between.choices[0].credit + between.choices[1].credit + between.choices[2].credit == Approx(1.0));
    CHECK(between.choices[3].text == "Washing on day 5 = fine");
    CHECK(between.choices[3].credit == -1.0);
    CHECK(between.explanation == "Swimming, saunas and steam rooms are out between sessions.");

    const Question& hours = find(*bank, "hours");
    CHECK(hours.type == QuestionType::SingleChoice);
    CHECK(hours.prompt == "A session typically takes _____ and needs a shower before it.");
    CHECK(hours.categories == std::vector<std::string>{"sessions"});
    REQUIRE(hours.choices.size() == 3);
    CHECK(hours.choices[0].text == "four to five hours");
    CHECK(hours.choices[0].credit == 1.0);
    CHECK(hours.choices[0].feedback == "Right.");
    CHECK(hours.choices[1].feedback == "Too short.");
    CHECK(hours.choices[2].credit == 0.0);

    const Question& range = find(*bank, "range");
    CHECK(range.numeric.value == 3.5);
    CHECK(range.numeric.tolerance == 0.5);
    CHECK(range.numeric.min == -1e9);
    CHECK(find(*bank, "hours-max").numeric.value == 5.0);
    CHECK(find(*bank, "spf-30-50").numeric.value == 30.0);
    CHECK(find(*bank, "dry-days-2").truth == false);
}

TEST_CASE("moodle: GIFT syntax errors and questions without a right answer are located errors",
          "[quiz][moodle][gift]") {
    Diagnostics d;
    CHECK_FALSE(importGift("// header\n\n::Open::Never closed {=a ~b\n\n::T::Text\n", "bad.gift", d));
    CHECK(d.formatAll() == "bad.gift:3:1: error: the answers opened with '{' are not closed with '}'\n");
    Diagnostics e;
    CHECK_FALSE(importGift("::None::Which? {~a ~b}\n\n::Num::How many? {#four}\n\n::Stray::Pick {a =b ~c}\n",
                           "bad.gift", e));
    CHECK(e.formatAll() ==
          "bad.gift:1:1: error: question 'none': the question has no correct answer: no choice earns "
          "credit\n"
          "bad.gift:3:1: error: numeric answer \"four\" must be VALUE or VALUE:TOLERANCE or MIN..MAX\n"
          "bad.gift:5:1: error: the answers must each start with '=' (right) or '~' (wrong); escape a "
          "literal = or ~ as \\= or \\~\n");
    Diagnostics f;
    CHECK_FALSE(importGift("// only comments\n\n", "empty.gift", f));
    CHECK(f.formatAll() == "empty.gift:1:1: error: no question Stipple can ask was found in this file\n");
}

TEST_CASE("moodle: a realistic Moodle XML export", "[quiz][moodle][xml]") {
    Diagnostics d;
    const auto bank = loadAnyQuestionBank(kFixtures + "academy-moodle.xml", d);
    const std::string path = kFixtures + "academy-moodle.xml";
    CHECK(d.formatAll() ==
          path +
              ":217:3: warning: a Moodle \"shortanswer\" question cannot be asked by Stipple; "
              "skipped\n" +
              path +
              ":230:3: warning: a Moodle \"essay\" question cannot be asked by Stipple; "
              "skipped\n" +
              path +
              ":240:3: warning: a Moodle \"description\" question cannot be asked by Stipple; "
              "skipped\n");
    REQUIRE(bank);
    REQUIRE(bank->categories.size() == 2);
    CHECK(bank->categories[0].id == "default-for-smp-foundation-aftercare");
    CHECK(bank->categories[0].name == "Aftercare");
    CHECK(bank->categories[1].id == "sessions");
    CHECK(bank->categories[1].name == "Sessions");
    REQUIRE(bank->questions.size() == 5);

    const Question& sun = find(*bank, "sun-rule");
    CHECK(sun.type == QuestionType::SingleChoice);
    CHECK(sun.prompt == "How long must the client keep out of the sun after the final treatment?");
    CHECK(sun.explanation == "14 days; thereafter SPF 30\u201350 sunscreen.");
    CHECK(sun.source == "Clinic brochure");
    CHECK(sun.difficulty == 2);
    REQUIRE(sun.choices.size() == 3);
    CHECK(sun.choices[0].text == "14 days");
    CHECK(sun.choices[0].credit == 1.0);
    CHECK(sun.choices[1].feedback == "28 days is for pools & saunas.");

    const Question& final28 = find(*bank, "final-28");
    CHECK(final28.type == QuestionType::MultipleChoice);
    CHECK(final28.choices[0].credit + final28.choices[1].credit + final28.choices[2].credit ==
          Approx(1.0).epsilon(1e-12));
    CHECK(final28.choices[3].credit == -0.5);
    CHECK(final28.choices[3].feedback == "The sun rule is 14 days.");
    CHECK(final28.source == "Imported from academy-moodle.xml, line 68.");

    const Question& shower = find(*bank, "shower-before");
    CHECK(shower.type == QuestionType::TrueFalse);
    CHECK(shower.truth == true);
    CHECK(shower.prompt == "The client should shower before each treatment.");

    const Question& length = find(*bank, "session-length");
    CHECK(length.type == QuestionType::Numeric);
    CHECK(length.numeric.value == 5.0);
    CHECK(length.numeric.tolerance == 0.25);
    CHECK(length.numeric.unit == "hours");
    CHECK(length.explanation == "Four to five hours \u2014 plan the day.");
    CHECK(length.categories == std::vector<std::string>{"sessions"});

    const Question& steps = find(*bank, "steps");
    CHECK(steps.type == QuestionType::Ordering);
    CHECK(steps.items == std::vector<std::string>{"Shower", "Treatment", "Four dry days"});
}

TEST_CASE("moodle: exporting the brochure bank to Moodle XML and importing it back", "[quiz][moodle][xml]") {
    Diagnostics d;
    const auto bank = loadQuestionBankFile(STIPPLE_SOURCE_DIR "/levels/banks/brochure.xml", d);
    REQUIRE(bank);
    const std::string xml = exportMoodleXml(*bank);
    CHECK(xml.find("<question type=\"multichoice\">") != std::string::npos);
    CHECK(xml.find("<question type=\"numerical\">") != std::string::npos);
    CHECK(xml.find("fraction=\"33.3333333\"") != std::string::npos);
    CHECK(xml.find("fraction=\"-33.3333333\"") != std::string::npos);
    CHECK(xml.find("<text>$course$/top/Aftercare rules</text>") != std::string::npos);

    Diagnostics back;
    const auto doc = parseXml(xml, "export.xml", back);
    REQUIRE(doc);
    const auto again = importMoodleXml(*doc, back);
    INFO(back.formatAll());
    REQUIRE(again);
    CHECK(back.empty());
    REQUIRE(again->questions.size() == bank->questions.size());
    for (size_t i = 0; i < bank->questions.size(); ++i) {
        // The export writes questions grouped by their main category.
        const Question& a = find(*bank, again->questions[i].id);
        const Question& b = again->questions[i];
        INFO(a.id);
        CHECK(b.type == a.type);
        if (!a.picture)
            CHECK(b.prompt == a.prompt);
        else
            CHECK(b.prompt == a.prompt + " [Picture: " + a.picture->caption + "]");
        CHECK(b.categories == a.categories);
        CHECK(b.difficulty == a.difficulty);
        CHECK(b.explanation == a.explanation);
        CHECK(b.source == a.source);
        REQUIRE(b.choices.size() == a.choices.size());
        for (size_t k = 0; k < a.choices.size(); ++k) {
            CHECK(b.choices[k].text == a.choices[k].text);
            CHECK(b.choices[k].credit == Approx(a.choices[k].credit).margin(1e-7));
            CHECK(b.choices[k].feedback == a.choices[k].feedback);
        }
        CHECK(b.truth == a.truth);
        CHECK(b.numeric.value == a.numeric.value);
        CHECK(b.numeric.tolerance == a.numeric.tolerance);
        CHECK(b.numeric.unit == a.numeric.unit);
        CHECK(b.numeric.min == a.numeric.min);
        CHECK(b.numeric.max == a.numeric.max);
        CHECK(b.items == a.items);
    }
    for (const auto& c : bank->categories) {
        INFO(c.id);
        REQUIRE(again->category(c.id));
        CHECK(again->category(c.id)->name == c.name);
    }
}

TEST_CASE("moodle: any-format loading tells the formats apart", "[quiz][moodle]") {
    Diagnostics d;
    CHECK(loadAnyQuestionBank(STIPPLE_SOURCE_DIR "/levels/banks/brochure.xml", d));
    CHECK_FALSE(loadAnyQuestionBank(STIPPLE_SOURCE_DIR "/levels/aftercare/clinic-brochure.xml", d));
    CHECK(d.formatAll().find(
              "error: not a question bank: expected <question-bank> (Stipple) or <quiz> (Moodle XML), or "
              "a GIFT text file; got <aftercare-rules>") != std::string::npos);
}
