// `stipple quiz` end to end: the real binary on the shipped brochure bank and rule book. The
// test draws the same quiz through the core library to know the right letters, writes answer
// files from them, and checks that the binary grades them as expected; also the interactive
// mode fed through a pipe, the history file, JSON, and exit codes.
#include "aftercare/rule_book_reader.h"
#include "quiz/answer_text.h"
#include "quiz/question_bank_reader.h"
#include "quiz/quiz.h"
#include "quiz/scenarios.h"

#include "support/gcc12_string_literal.h"
#include "support/process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace stipple;

namespace {

using test::quote;
using test::readText;
using test::Run;
using test::Scratch;

/// Runs `stipple quiz <args>` from the repository root, with `input` on standard input.
Run quiz(const std::string& args, const std::string& input = "") {
    return test::runStippleWithInput("quiz " + args, input);
}

QuestionBank brochureBank() {
    Diagnostics d;
    auto bank = loadQuestionBankFile(STIPPLE_SOURCE_DIR "/levels/banks/brochure.xml", d);
    REQUIRE(bank);
    return *bank;
}

/// The answer that earns full credit for a drawn item, as a trainee would type it.
STIPPLE_GCC12_STRING_LITERAL_BEGIN // (out.empty() ? "" : " ") + text: support/gcc12_string_literal.h
std::string rightAnswer(const QuizItem& item) {
    const Question& q = item.question;
    std::string out;
    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice:
        for (size_t k = 0; k < item.display.size(); ++k)
            if (q.choices[static_cast<size_t>(item.display[k])].isCorrect())
                out += (out.empty() ? "" : " ") + std::string(1, positionLetter(k));
        return out;
    case QuestionType::TrueFalse:
        return q.truth ? "true" : "false";
    case QuestionType::Numeric:
        return std::to_string(static_cast<int>(q.numeric.value));
    case QuestionType::Ordering:
        for (int i = 0; i < static_cast<int>(q.items.size()); ++i)
            for (size_t k = 0; k < item.display.size(); ++k)
                if (item.display[k] == i) out += (out.empty() ? "" : " ") + std::string(1, positionLetter(k));
        return out;
    }
    return out;
}
STIPPLE_GCC12_STRING_LITERAL_END

} // namespace

TEST_CASE("quiz CLI: a prepared answer file with every right answer scores full marks", "[cli][quiz]") {
    QuizOptions o;
    o.seed = 11;
    o.count = 12;
    const Quiz drawn(brochureBank().questions, o);
    REQUIRE(drawn.size() == 12);
    Scratch s;
    std::string sheet = "# all right\n";
    for (const auto& item : drawn.items())
        sheet += item.question.id + ": " + rightAnswer(item) + "\n";
    const Run r = quiz("--bank levels/banks/brochure.xml --seed 11 --count 12 --answers " +
                       quote(s.write("a.txt", sheet)));
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.err.empty());
    CHECK(r.out.find("Score: 12 / 12 (100%)\n") != std::string::npos);
    CHECK(r.out.find(": wrong") == std::string::npos);
}

TEST_CASE("quiz CLI: partial credit and explanations per question, text and JSON", "[cli][quiz]") {
    // The sessions category with every question drawn; answer the multiple choice question with
    // two of its three right choices, the ordering with its first two items swapped.
    QuizOptions o;
    o.seed = 3;
    o.perCategory = 100;
    o.categories = {"sessions"};
    const Quiz drawn(brochureBank().questions, o);
    Scratch s;
    std::string sheet;
    for (const auto& item : drawn.items()) {
        const Question& q = item.question;
        if (q.id == "session-facts") {
            std::string two;
            int kept = 0;
            for (size_t k = 0; k < item.display.size() && kept < 2; ++k)
                if (q.choices[static_cast<size_t>(item.display[k])].isCorrect()) {
                    two += std::string(kept ? " " : "") + positionLetter(k);
                    ++kept;
                }
            sheet += q.id + ": " + two + "\n";
        } else if (q.id == "session-steps") {
            std::string right = rightAnswer(item); // "x y z w"
            std::swap(right[0], right[2]);
            sheet += q.id + ": " + right + "\n";
        } else if (q.id == "session-hours-max") {
            sheet += q.id + ": 5 hours\n";
        }
    }
    const std::string file = s.write("partial.txt", sheet).string();
    Run r =
        quiz("--bank levels/banks/brochure.xml --seed 3 --per-category 100 --category sessions --answers '" +
             file + "'");
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("session-facts: partly correct (67%)") != std::string::npos);
    CHECK(r.out.find("session-steps: partly correct (83%)") != std::string::npos);
    CHECK(r.out.find("session-hours-max: correct (you answered 5 hours)") != std::string::npos);
    CHECK(r.out.find("small-area-one: not answered") != std::string::npos);
    CHECK(r.out.find("   The answer: false\n   False: three to four sessions even for a small area") !=
          std::string::npos);
    // 2/3 + 5/6 + 1 = 2.5 of the 14 questions in "sessions".
    CHECK(drawn.size() == 14);
    CHECK(r.out.find("Score: 2.5 / 14 (17.9%)\n") != std::string::npos);

    r = quiz("--bank levels/banks/brochure.xml --seed 3 --per-category 100 --category sessions --json "
             "--answers '" +
             file + "'");
    REQUIRE(r.exitCode == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["seed"] == 3);
    CHECK(j["score"].get<double>() == Approx(2.5));
    CHECK(j["max_score"] == 14);
    bool seen = false;
    for (const auto& q : j["questions"])
        if (q["id"] == "session-facts") {
            seen = true;
            CHECK(q["credit"].get<double>() == Approx(2.0 / 3.0));
            CHECK(q["category"] == "sessions");
            CHECK(q["explanation"].get<std::string>().rfind("Four to five hours each", 0) == 0);
        }
    CHECK(seen);
}

TEST_CASE("quiz CLI: scenario questions from a rule book are graded by the engine's answers", "[cli][quiz]") {
    Diagnostics d;
    const auto rules = loadRuleBookFile(STIPPLE_SOURCE_DIR "/levels/aftercare/clinic-brochure.xml", d);
    REQUIRE(rules);
    std::vector<Question> pool = brochureBank().questions;
    for (auto& q : generateScenarioQuestions(*rules, 5, 9))
        pool.push_back(q);
    QuizOptions o;
    o.seed = 5;
    o.count = 6;
    o.categories = {"aftercare-scenarios"};
    const Quiz drawn(pool, o);
    REQUIRE(drawn.size() == 6);
    Scratch s;
    std::string sheet;
    for (const auto& item : drawn.items())
        sheet += item.question.id + ": " + rightAnswer(item) + "\n";
    const Run r =
        quiz("--bank levels/banks/brochure.xml --rules levels/aftercare/clinic-brochure.xml --scenarios 9 "
             "--seed 5 --count 6 --category aftercare-scenarios --answers " +
             quote(s.write("a.txt", sheet)));
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("Score: 6 / 6 (100%)\n") != std::string::npos);
    CHECK(r.out.find("clinic-brochure-scenario-") != std::string::npos);
}

TEST_CASE("quiz CLI: --print shows the same quiz for the same seed, and a blank answer file", "[cli][quiz]") {
    const Run a = quiz("--bank levels/banks/brochure.xml --seed 4 --count 3 --print");
    const Run b = quiz("--bank levels/banks/brochure.xml --seed 4 --count 3 --print");
    const Run c = quiz("--bank levels/banks/brochure.xml --seed 5 --count 3 --print");
    REQUIRE(a.exitCode == 0);
    CHECK(a.out == b.out);
    CHECK(a.out != c.out);
    CHECK(a.out.rfind("Question 1 of 3  [", 0) == 0);
    CHECK(a.out.find(
              "# answer file for: stipple quiz --bank levels/banks/brochure.xml --seed 4 --count 3 --answers "
              "FILE\n") != std::string::npos);
}

TEST_CASE("quiz CLI: interactive answers through a pipe, with immediate feedback", "[cli][quiz]") {
    QuizOptions o;
    o.seed = 2;
    o.count = 3;
    const Quiz drawn(brochureBank().questions, o);
    // First a wrong letter that does not exist (asked again), then the right answers, one skipped.
    const std::string input =
        "zz\n" + rightAnswer(drawn.item(0)) + "\n" + rightAnswer(drawn.item(1)) + "\n\n";
    const Run r = quiz("--bank levels/banks/brochure.xml --seed 2 --count 3", input);
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.rfind("The clinic brochure: 3 questions, seed 2\n", 0) == 0);
    CHECK(r.out.find("> Correct.") != std::string::npos);
    CHECK(r.out.find("Score: 2 / 3 (66.7%)\n") != std::string::npos);
    CHECK(r.out.find(drawn.item(2).question.id + ": not answered") != std::string::npos);

    // An exam: no feedback until the end.
    const Run exam = quiz("--bank levels/banks/brochure.xml --seed 2 --count 3 --exam", input);
    CHECK(exam.out.find("> Correct.") == std::string::npos);
    CHECK(exam.out.find("Score: 2 / 3 (66.7%)\n") != std::string::npos);
}

TEST_CASE("quiz CLI: the history file steers the next quiz to fresh questions", "[cli][quiz]") {
    Scratch s;
    const std::string history = s.path("seen.txt").string();
    const std::string args =
        "--bank levels/banks/brochure.xml --seed 1 --per-category 100 --category sessions "
        "--history '" +
        history + "' --answers " + quote(s.write("empty.txt", "")) + "";
    REQUIRE(quiz(args).exitCode == 0);
    const std::string first = readText(history);
    CHECK(first.rfind("# stipple quiz: question ids seen recently, oldest first\n", 0) == 0);
    // Every sessions question is now recent; a benefits quiz of 5 avoids none of them and
    // leaves the 14 in the file.
    const Run r = quiz("--bank levels/banks/brochure.xml --seed 1 --count 5 --category benefits --history '" +
                       history + "' --print");
    REQUIRE(r.exitCode == 0);
    CHECK(readText(history) == first); // --print does not count as seeing
    // Two draws of 5 from aftercare with history: the second shares no question with the first.
    const std::string h2 = s.path("seen2.txt").string();
    const std::string empty = s.write("e2.txt", "").string();
    auto ids = [&](const Run& run) {
        // Report lines "N. ID: verdict".
        std::set<std::string> out;
        std::istringstream lines(run.out);
        std::string line;
        const std::regex item(R"(^\d+\. ([^:]+): )");
        std::smatch m;
        while (std::getline(lines, line))
            if (std::regex_search(line, m, item)) out.insert(m[1]);
        return out;
    };
    const Run one =
        quiz("--bank levels/banks/brochure.xml --seed 9 --count 5 --category aftercare --history '" + h2 +
             "' --answers '" + empty + "'");
    const Run two =
        quiz("--bank levels/banks/brochure.xml --seed 9 --count 5 --category aftercare --history '" + h2 +
             "' --answers '" + empty + "'");
    const auto a = ids(one), b = ids(two);
    CHECK(a.size() == 5);
    CHECK(b.size() == 5);
    for (const auto& id : a)
        CHECK(b.count(id) == 0);
}

TEST_CASE("quiz CLI: bad banks and answer files exit 1 with located messages", "[cli][quiz]") {
    Run r = quiz("--bank tests/fixtures/quiz/bad-bank.xml --answers /dev/null");
    CHECK(r.exitCode == 1);
    CHECK(r.err ==
          "tests/fixtures/quiz/bad-bank.xml:5:5: error: question 'wet': the numeric answer 40 is outside its "
          "own range 0 to 30, so nobody could give it\n"
          "tests/fixtures/quiz/bad-bank.xml:8:3: error: question 'none': the question has no correct answer: "
          "no choice earns credit\n");
    Scratch s;
    r = quiz("--bank levels/banks/brochure.xml --seed 7 --count 3 --answers " +
             quote(s.write("bad.txt", "nonsense line\nnot-drawn-question: a\n")));
    CHECK(r.exitCode == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("bad.txt:1:1: error: expected QUESTION-ID: ANSWER, got \"nonsense line\"\n") !=
          std::string::npos);
    CHECK(r.err.find(
              "bad.txt:2:1: error: question 'not-drawn-question' is not in this quiz (seed 7, 3 questions); "
              "--print shows the quiz\n") != std::string::npos);
    r = quiz("--bank levels/banks/brochure.xml --answers /nonexistent/answers.txt");
    CHECK(r.exitCode == 1);
    CHECK(r.err.rfind("/nonexistent/answers.txt:1:1: error: ", 0) == 0);
    r = quiz("--bank levels/banks/brochure.xml --rules tests/fixtures/aftercare/broken.xml --print");
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("broken.xml:6:65: error:") != std::string::npos);
}

TEST_CASE("validate CLI: question banks are checked like levels", "[cli][quiz]") {
    // Messages on stderr, the summary on stdout: together in this order.
    auto run = [](const std::string& args, std::string& out) {
        const Run r = test::runStipple("validate " + args);
        out = r.err + r.out;
        return r.exitCode;
    };
    std::string out;
    CHECK(run("levels/banks", out) == 0);
    CHECK(out == "1 file checked: 1 valid, 0 with errors (0 errors, 0 warnings)\n");
    CHECK(run("tests/fixtures/quiz/bad-bank.xml", out) == 1);
    CHECK(out == "tests/fixtures/quiz/bad-bank.xml:5:5: error: question 'wet': the numeric answer 40 is "
                 "outside its own "
                 "range 0 to 30, so nobody could give it\n"
                 "tests/fixtures/quiz/bad-bank.xml:8:3: error: question 'none': the question has no correct "
                 "answer: no "
                 "choice earns credit\n"
                 "1 file checked: 0 valid, 1 with errors (2 errors, 0 warnings)\n");
}

TEST_CASE("quiz CLI: Moodle GIFT and XML banks, and a Moodle XML export that runs again", "[cli][quiz]") {
    Run r = quiz("--bank tests/fixtures/quiz/academy.gift --seed 1 --count 3 --print");
    REQUIRE(r.exitCode == 0);
    CHECK(r.err.find("academy.gift:31:1: warning: a short-answer question") != std::string::npos);
    CHECK(r.out.find("Question 3 of 3") != std::string::npos);
    r = quiz("--bank tests/fixtures/quiz/academy-moodle.xml --seed 1 --count 5 --category sessions --print");
    REQUIRE(r.exitCode == 0);
    CHECK(
        r.out.find(
            "(session-length)\nHow many hours, at most, does a session typically take?\nAnswer with a number "
            "(hours).\n") != std::string::npos);

    Scratch s;
    const std::string out = s.path("brochure-moodle.xml").string();
    r = quiz("--bank levels/banks/brochure.xml --export-moodle '" + out + "'");
    REQUIRE(r.exitCode == 0);
    CHECK(r.out == "wrote 52 questions to " + out + "\n");
    // The exported file is a bank too: the same seed draws the same questions from it.
    const Run a = quiz("--bank levels/banks/brochure.xml --seed 8 --count 6 --print");
    const Run b = quiz("--bank '" + out + "' --seed 8 --count 6 --print");
    REQUIRE(b.exitCode == 0);
    CHECK(b.err.empty());
    auto ids = [](const std::string& text) { return text.substr(text.find("# answer file for")); };
    CHECK(ids(a.out).substr(ids(a.out).find('\n')) == ids(b.out).substr(ids(b.out).find('\n')));
}

TEST_CASE("quiz CLI: usage errors exit 2, --help exits 0", "[cli][quiz]") {
    CHECK(quiz("--count 3").exitCode == 2);
    CHECK(quiz("--bank levels/banks/brochure.xml --count 0 --print").exitCode == 2);
    CHECK(quiz("--bank levels/banks/brochure.xml --seed -1 --print").exitCode == 2);
    CHECK(quiz("--bank levels/banks/brochure.xml --count 3 --per-category 2 --print").exitCode == 2);
    CHECK(quiz("--bank levels/banks/brochure.xml --print --answers x.txt").exitCode == 2);
    CHECK(quiz("--bank levels/banks/brochure.xml --json").exitCode == 2);
    CHECK(quiz("--bank levels/banks/brochure.xml --scenarios 5 --print").exitCode == 2);
    const Run cat = quiz("--bank levels/banks/brochure.xml --category healing --print");
    CHECK(cat.exitCode == 2);
    CHECK(cat.err.rfind(
              "stipple quiz: --category: no category 'healing' in this quiz (known: aftercare, sessions, "
              "benefits)\n",
              0) == 0);
    const Run help = quiz("--help");
    CHECK(help.exitCode == 0);
    CHECK(help.out.rfind("usage: stipple quiz --bank FILE", 0) == 0);
}
