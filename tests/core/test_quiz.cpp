// Question banks and grading: the reader's located diagnostics (no correct answer, a numeric
// answer outside its own range, duplicate ids, unknown categories, credits that do not add up),
// partial credit for every kind of question, and the shipped brochure bank.
#include "quiz/grading.h"
#include "quiz/question_bank_reader.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

using namespace stipple;

namespace {

std::optional<QuestionBank> read(const std::string& xml, Diagnostics& d) {
    const auto doc = parseXml(xml, "bank.xml", d);
    if (!doc) return std::nullopt;
    return readQuestionBank(*doc, d);
}

std::string errorsOf(const std::string& body) {
    Diagnostics d;
    const auto bank = read(R"(<question-bank format="1" id="b" title="B">
  <category id="aftercare" name="Aftercare"/>
  <category id="sessions" name="Sessions"/>)" +
                               body + "\n</question-bank>\n",
                           d);
    CHECK_FALSE(bank);
    return d.formatAll();
}

QuestionBank bankOf(const std::string& body) {
    Diagnostics d;
    auto bank = read(R"(<question-bank format="1" id="b" title="B">
  <category id="aftercare" name="Aftercare"/>
  <category id="sessions" name="Sessions"/>)" +
                         body + "\n</question-bank>\n",
                     d);
    INFO(d.formatAll());
    REQUIRE(bank);
    return *bank;
}

const char* kTail = "<explanation>E.</explanation><source>S.</source>";

Question multiple() {
    Question q;
    q.id = "m";
    q.type = QuestionType::MultipleChoice;
    q.choices.resize(5);
    assignDefaultCredits(q, {true, true, true, false, false});
    return q;
}

} // namespace

TEST_CASE("bank: every kind of question reads into the model", "[quiz][reader]") {
    const QuestionBank b = bankOf(std::string(R"(
  <question id="s" type="single" categories="aftercare" difficulty="1">
    <prompt>How many
      days?</prompt>
    <choice>2</choice><choice correct="true" feedback="Yes.">4</choice>
    )") + kTail + R"(</question>
  <question id="m" type="multiple" categories="aftercare sessions" difficulty="2">
    <prompt>P</prompt><choice correct="true">a</choice><choice correct="true">b</choice><choice>c</choice>
    )" + kTail + R"(</question>
  <question id="p" type="multiple" categories="aftercare" difficulty="2">
    <prompt>P</prompt><choice credit="0.75">a</choice><choice credit="0.25">b</choice><choice credit="-1">c</choice>
    )" + kTail + R"(</question>
  <question id="t" type="true-false" categories="sessions" difficulty="1">
    <prompt>P</prompt><answer value="false"/>)" +
                                  kTail + R"(</question>
  <question id="n" type="numeric" categories="sessions" difficulty="3">
    <prompt>P</prompt><answer value="4.5" tolerance="0.5" unit="hours" min="0" max="24"/>)" +
                                  kTail + R"(</question>
  <question id="o" type="ordering" categories="sessions" difficulty="2">
    <prompt>P</prompt><item>first</item><item>second</item><item>third</item>)" +
                                  kTail + R"(</question>)");
    REQUIRE(b.questions.size() == 6);
    const Question& s = b.questions[0];
    CHECK(s.type == QuestionType::SingleChoice);
    CHECK(s.prompt == "How many days?");
    CHECK(s.choices[0].credit == 0.0);
    CHECK(s.choices[1].credit == 1.0);
    CHECK(s.choices[1].feedback == "Yes.");
    CHECK(s.explanation == "E.");
    CHECK(s.source == "S.");
    const Question& m = b.questions[1];
    CHECK(m.categories == std::vector<std::string>{"aftercare", "sessions"});
    CHECK(m.choices[0].credit == 0.5);
    CHECK(m.choices[2].credit == -0.5);
    CHECK(b.questions[2].choices[0].credit == 0.75);
    CHECK(b.questions[3].truth == false);
    CHECK(b.questions[4].numeric.value == 4.5);
    CHECK(b.questions[4].numeric.tolerance == 0.5);
    CHECK(b.questions[4].numeric.unit == "hours");
    CHECK(b.questions[5].items == std::vector<std::string>{"first", "second", "third"});
    CHECK(b.questions[4].difficulty == 3);
    CHECK(b.question("o") == &b.questions[5]);
    CHECK(b.category("sessions")->name == "Sessions");
}

TEST_CASE("bank: a question with no correct answer is a located error", "[quiz][reader]") {
    CHECK(errorsOf(std::string(R"(
  <question id="s" type="single" categories="aftercare" difficulty="1">
    <prompt>P</prompt><choice>a</choice><choice>b</choice>)") +
                   kTail + R"(</question>
  <question id="m" type="multiple" categories="aftercare" difficulty="1">
    <prompt>P</prompt><choice credit="0">a</choice><choice credit="-0.5">b</choice>)" +
                   kTail + R"(</question>
  <question id="h" type="single" categories="aftercare" difficulty="1">
    <prompt>P</prompt><choice credit="0.5">a</choice><choice>b</choice>)" +
                   kTail + R"(</question>)") ==
          "bank.xml:4:3: error: question 's': the question has no correct answer: no choice earns credit\n"
          "bank.xml:6:3: error: question 'm': the question has no correct answer: no choice earns credit\n"
          "bank.xml:8:3: error: question 'h': the question has no correct answer: in a single choice "
          "question one "
          "choice must earn full credit (correct=\"true\" or credit=\"1\")\n");
}

TEST_CASE("bank: a numeric answer outside its own range is a located error", "[quiz][reader]") {
    CHECK(errorsOf(std::string(R"(
  <question id="n" type="numeric" categories="aftercare" difficulty="1">
    <prompt>P</prompt>
    <answer value="40" unit="days" min="0" max="30"/>)") +
                   kTail + R"(</question>
  <question id="r" type="numeric" categories="aftercare" difficulty="1">
    <prompt>P</prompt>
    <answer value="4" tolerance="-1" min="10" max="1"/>)" +
                   kTail + R"(</question>)") ==
          "bank.xml:6:5: error: question 'n': the numeric answer 40 is outside its own range 0 to 30, so "
          "nobody could "
          "give it\n"
          "bank.xml:9:5: error: question 'r': the numeric range 10 to 1 is empty; min must be below max\n"
          "bank.xml:9:5: error: question 'r': the tolerance must not be negative, got -1\n");
}

TEST_CASE("bank: duplicate ids and unknown categories are located errors", "[quiz][reader]") {
    CHECK(
        errorsOf(std::string(R"(
  <category id="sessions" name="Again"/>
  <question id="q" type="true-false" categories="aftercare, healing" difficulty="1">
    <prompt>P</prompt><answer value="true"/>)") +
                 kTail + R"(</question>
  <question id="q" type="true-false" categories="sessions sessions" difficulty="1">
    <prompt>P</prompt><answer value="true"/>)" +
                 kTail + R"(</question>)") ==
        "bank.xml:4:13: error: duplicate category id 'sessions': the <category> at line 3 already uses it\n"
        "bank.xml:5:38: error: <question> names unknown category 'healing' (declared: aftercare, sessions)\n"
        "bank.xml:7:13: error: duplicate question id 'q': the <question> at line 5 already uses it\n"
        "bank.xml:7:38: error: <question> lists category 'sessions' twice\n");
}

TEST_CASE("bank: credits, choices, items and structure", "[quiz][reader]") {
    CHECK(errorsOf(std::string(R"(
  <question id="m" type="multiple" categories="aftercare" difficulty="1">
    <prompt>P</prompt><choice credit="0.5">a</choice><choice credit="0.3">b</choice>)") +
                   kTail + R"(</question>
  <question id="x" type="multiple" categories="aftercare" difficulty="1">
    <prompt>P</prompt><choice credit="0.5">a</choice><choice correct="true">b</choice>)" +
                   kTail + R"(</question>
  <question id="two" type="single" categories="aftercare" difficulty="9">
    <prompt>P</prompt><choice correct="true">a</choice><choice correct="true">b</choice>)" +
                   kTail + R"(</question>
  <question id="dup" type="single" categories="aftercare" difficulty="1">
    <prompt>P</prompt><choice correct="true">a</choice><choice>a</choice>)" +
                   kTail + R"(</question>
  <question id="o" type="ordering" categories="aftercare" difficulty="1">
    <prompt>P</prompt><item>only</item><choice>a</choice>)" +
                   kTail + R"(</question>
  <question id="tf" type="true-false" categories="aftercare" difficulty="1"><prompt>P</prompt>
    <answer value="maybe"/>)" +
                   kTail + R"(</question>
  <question id="e" type="essay" categories="aftercare" difficulty="1"><prompt>P</prompt></question>)") ==
          "bank.xml:4:3: error: question 'm': the credits of the right choices add up to 0.8; in a multiple "
          "choice "
          "question they must add up to 1\n"
          "bank.xml:7:62: error: <choice> takes 'credit' or 'correct', and the choices of one question all "
          "use the "
          "same one; this question uses 'credit'\n"
          "bank.xml:8:3: error: question 'two': 2 choices earn full credit in a single choice question; use "
          "type=\"multiple\" or give the others partial credit\n"
          "bank.xml:8:59: error: <question> attribute 'difficulty' must be between 1 and 5, got 9\n"
          "bank.xml:10:3: error: question 'dup': choices 1 and 2 are the same (\"a\")\n"
          "bank.xml:12:3: error: question 'o': an ordering question needs at least 2 items, got 1\n"
          "bank.xml:13:40: error: unknown element <choice> inside <question> (expected one of: <prompt>, "
          "<explanation>, <source>, <picture>, <item>)\n"
          "bank.xml:15:13: error: <answer> attribute 'value' must be true or false, got \"maybe\"\n"
          "bank.xml:16:3: error: <question> needs an <explanation>: why the answer is right, shown after "
          "grading\n"
          "bank.xml:16:3: error: <question> needs a <source>: where the fact comes from\n"
          "bank.xml:16:20: error: <question> attribute 'type' must be one of single, multiple, true-false, "
          "numeric, "
          "ordering, got \"essay\"\n");
}

TEST_CASE("bank: pictures must exist beside the bank and be valid dots files", "[quiz][reader]") {
    Diagnostics d;
    const std::string dir = STIPPLE_SOURCE_DIR "/tests/fixtures/quiz";
    const auto bank = loadQuestionBankFile(dir + "/bad-pictures.xml", d);
    CHECK_FALSE(bank);
    const std::string path = dir + "/bad-pictures.xml";
    const std::string csv = dir + "/pictures/not-dots.csv";
    const std::string all = d.formatAll();
    // The bank's own errors in line order; the CSV reader's own messages right after the error
    // that points at the CSV (their wording belongs to the dots CSV reader).
    const std::string head =
        path +
        ":6:14: error: picture file 'pictures/missing.csv' does not exist (paths are relative to the bank's "
        "folder)\n" +
        path + ":10:28: error: picture file 'pictures/not-dots.csv' is not a valid dots CSV\n" + csv + ":1:";
    CHECK(all.rfind(head, 0) == 0);
    CHECK(all.find(csv + ":1:1: error: missing required column 'x_mm' in the header\n") != std::string::npos);
    const std::string tail = path +
                             ":11:5: error: <choice> needs a 'caption' saying what the picture shows (read "
                             "aloud and printed by the CLI)\n";
    CHECK(all.size() > tail.size());
    CHECK(all.substr(all.size() - tail.size()) == tail);
}

TEST_CASE("grading: single choice and true/false", "[quiz][grading]") {
    Question s;
    s.id = "s";
    s.type = QuestionType::SingleChoice;
    s.choices = {{"2", 0.0, "", {}}, {"4", 1.0, "Yes.", {}}, {"3", 0.5, "Close.", {}}};
    s.explanation = "Four.";
    CHECK(gradeResponse(s, {{1}, {}, {}, {}}).credit == 1.0);
    CHECK(gradeResponse(s, {{1}, {}, {}, {}}).verdict == "correct");
    CHECK(gradeResponse(s, {{1}, {}, {}, {}}).feedback == std::vector<std::string>{"Yes."});
    CHECK(gradeResponse(s, {{2}, {}, {}, {}}).credit == 0.5);
    CHECK(gradeResponse(s, {{2}, {}, {}, {}}).verdict == "partly correct (50%)");
    CHECK(gradeResponse(s, {{0}, {}, {}, {}}).verdict == "wrong");
    CHECK(gradeResponse(s, {{0, 1}, {}, {}, {}}).verdict == "not answered"); // two picks on a single choice
    CHECK(gradeResponse(s, {{7}, {}, {}, {}}).verdict == "not answered");
    CHECK(gradeResponse(s, {}).explanation == "Four.");
    CHECK(gradeResponse(s, {}).correctAnswer == "4");
    Question t;
    t.type = QuestionType::TrueFalse;
    t.truth = false;
    CHECK(gradeResponse(t, {{}, false, {}, {}}).credit == 1.0);
    CHECK(gradeResponse(t, {{}, true, {}, {}}).credit == 0.0);
    CHECK(gradeResponse(t, {}).answered == false);
}

TEST_CASE("grading: multiple choice partial credit, right minus wrong", "[quiz][grading]") {
    const Question q = multiple(); // right: 0, 1, 2 (1/3 each); wrong: 3, 4 (−1/3 each)
    CHECK(gradeResponse(q, {{0, 1, 2}, {}, {}, {}}).credit == 1.0);
    CHECK(gradeResponse(q, {{2, 0, 1}, {}, {}, {}}).verdict == "correct");
    CHECK(gradeResponse(q, {{0, 1}, {}, {}, {}}).credit == Approx(2.0 / 3.0));
    CHECK(gradeResponse(q, {{0, 1}, {}, {}, {}}).verdict == "partly correct (67%)");
    CHECK(gradeResponse(q, {{0, 1, 3}, {}, {}, {}}).credit == Approx(1.0 / 3.0));
    CHECK(gradeResponse(q, {{0, 1, 2, 3}, {}, {}, {}}).credit == Approx(2.0 / 3.0));
    // Ticking everything: 3/3 − 2/3.
    CHECK(gradeResponse(q, {{0, 1, 2, 3, 4}, {}, {}, {}}).credit == Approx(1.0 / 3.0));
    // Only wrong ones: clamped at 0, not negative.
    CHECK(gradeResponse(q, {{3, 4}, {}, {}, {}}).credit == 0.0);
    CHECK(gradeResponse(q, {{3, 4}, {}, {}, {}}).verdict == "wrong");
    // Repeated picks count once.
    CHECK(gradeResponse(q, {{0, 0, 0}, {}, {}, {}}).credit == Approx(1.0 / 3.0));
}

TEST_CASE("grading: numeric within the tolerance", "[quiz][grading]") {
    Question q;
    q.type = QuestionType::Numeric;
    q.numeric = {4.5, 0.5, "hours", 0, 24};
    CHECK(gradeResponse(q, {{}, {}, 4.0, {}}).credit == 1.0);
    CHECK(gradeResponse(q, {{}, {}, 5.0, {}}).credit == 1.0);
    CHECK(gradeResponse(q, {{}, {}, 5.01, {}}).credit == 0.0);
    CHECK(gradeResponse(q, {{}, {}, 3.99, {}}).credit == 0.0);
    CHECK(correctAnswerText(q) == "4.5 hours (±0.5)");
    q.numeric = {0.3, 0.0, "", 0, 1};
    CHECK(gradeResponse(q, {{}, {}, 0.1 + 0.2, {}}).credit == 1.0);
}

TEST_CASE("grading: ordering earns the share of pairs in the right order", "[quiz][grading]") {
    Question q;
    q.type = QuestionType::Ordering;
    q.items = {"a", "b", "c", "d"};
    CHECK(gradeResponse(q, {{}, {}, {}, {0, 1, 2, 3}}).credit == 1.0);
    CHECK(gradeResponse(q, {{}, {}, {}, {3, 2, 1, 0}}).credit == 0.0);
    // One neighbouring swap: 5 of 6 pairs.
    CHECK(gradeResponse(q, {{}, {}, {}, {1, 0, 2, 3}}).credit == Approx(5.0 / 6.0));
    CHECK(gradeResponse(q, {{}, {}, {}, {1, 0, 2, 3}}).verdict == "partly correct (83%)");
    // Last item first: 3 of 6 pairs.
    CHECK(gradeResponse(q, {{}, {}, {}, {3, 0, 1, 2}}).credit == Approx(0.5));
    // Not a permutation: nothing.
    CHECK(gradeResponse(q, {{}, {}, {}, {0, 0, 1, 2}}).credit == 0.0);
    CHECK(gradeResponse(q, {{}, {}, {}, {0, 1, 2}}).credit == 0.0);
    CHECK(correctAnswerText(q) == "a → b → c → d");
}

TEST_CASE("bank: the shipped brochure bank", "[quiz][brochure]") {
    Diagnostics d;
    const auto bank = loadQuestionBankFile(STIPPLE_SOURCE_DIR "/levels/banks/brochure.xml", d);
    INFO(d.formatAll());
    REQUIRE(bank);
    CHECK(d.empty());
    CHECK(bank->questions.size() >= 40);
    std::set<QuestionType> kinds;
    for (const auto& q : bank->questions) {
        kinds.insert(q.type);
        CHECK_FALSE(q.explanation.empty());
        CHECK(q.source.find("Clinic brochure") != std::string::npos);
    }
    CHECK(kinds.size() == 5);
    // Every brochure rule and fact is asked about at least once: look for its key words.
    auto asked = [&](const std::string& words) {
        for (const auto& q : bank->questions) {
            const std::string all = q.prompt + " " + correctAnswerText(q) + " " + q.explanation;
            if (all.find(words) != std::string::npos) return true;
        }
        return false;
    };
    for (const char* fact : {"four days after each appointment",
                             "sweating excessively",
                             "steam storm",
                             "Saunas",
                             "28 days",
                             "14 days",
                             "SPF 30–50",
                             "five days after your final treatment",
                             "Shower before each treatment",
                             "four and five hours",
                             "three to four sessions",
                             "a few weeks apart",
                             "layering colour",
                             "amount of scalp",
                             "fuller, thicker",
                             "alopecia",
                             "FUE",
                             "birthmarks",
                             "hair transplant to offer additional density",
                             "buzz cut",
                             "does not replace",
                             "men and women",
                             "ink pigments"}) {
        INFO(fact);
        CHECK(asked(fact));
    }
    int pictures = 0;
    for (const auto& q : bank->questions) {
        if (q.picture) ++pictures;
        for (const auto& c : q.choices)
            if (c.picture) ++pictures;
    }
    CHECK(pictures == 4);
}

TEST_CASE("bank: every shipped bank validates without a diagnostic", "[quiz][reader]") {
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(STIPPLE_SOURCE_DIR "/levels/banks")) {
        if (e.path().extension() != ".xml") continue;
        ++files;
        Diagnostics d;
        INFO(e.path().string());
        CHECK(validateQuestionBankFile(e.path().string(), d));
        CHECK(d.formatAll() == "");
    }
    CHECK(files >= 1);
}

TEST_CASE("grading: the correct response to every shipped question earns full credit, a blank one none",
          "[quiz][grading]") {
    Diagnostics d;
    const auto bank = loadQuestionBankFile(STIPPLE_SOURCE_DIR "/levels/banks/brochure.xml", d);
    REQUIRE(bank);
    REQUIRE(bank->questions.size() >= 40);
    for (const Question& q : bank->questions) {
        INFO(q.id);
        CHECK(gradeResponse(q, correctResponse(q)).credit == Approx(1.0));
        CHECK(gradeResponse(q, Response{}).credit == 0.0);
    }
}
