// The Quiz: seeded draws (N per category, no repeats, recently seen questions avoided), shuffled
// answers (uniform, checked with a chi-square test), practice and exam feedback, the time limit,
// typed answers and answer files.
#include "quiz/answer_text.h"
#include "quiz/quiz.h"
#include "support/gcc12_string_literal.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace stipple;

namespace {

Question tf(const std::string& id, std::vector<std::string> categories, bool truth = true) {
    Question q;
    q.id = id;
    q.type = QuestionType::TrueFalse;
    q.categories = std::move(categories);
    q.truth = truth;
    return q;
}

Question single(const std::string& id, int choices, int right) {
    Question q;
    q.id = id;
    q.type = QuestionType::SingleChoice;
    q.categories = {"c"};
    for (int i = 0; i < choices; ++i)
        q.choices.push_back({"choice " + std::to_string(i), i == right ? 1.0 : 0.0, "", {}});
    return q;
}

Question ordering(const std::string& id, int items) {
    Question q;
    q.id = id;
    q.type = QuestionType::Ordering;
    q.categories = {"c"};
    for (int i = 0; i < items; ++i)
        q.items.push_back("step " + std::to_string(i));
    return q;
}

/// 10 questions in "a", 4 in "b", 2 in "c", and "ab1" in both a and b.
STIPPLE_GCC12_STRING_LITERAL_BEGIN // "a" + std::to_string(i): support/gcc12_string_literal.h
std::vector<Question> pool() {
    std::vector<Question> p;
    for (int i = 0; i < 10; ++i)
        p.push_back(tf("a" + std::to_string(i), {"a"}));
    for (int i = 0; i < 4; ++i)
        p.push_back(tf("b" + std::to_string(i), {"b"}));
    for (int i = 0; i < 2; ++i)
        p.push_back(tf("c" + std::to_string(i), {"c"}));
    p.push_back(tf("ab1", {"a", "b"}));
    return p;
}
STIPPLE_GCC12_STRING_LITERAL_END

std::map<std::string, int> perCategory(const Quiz& quiz) {
    std::map<std::string, int> n;
    for (const auto& item : quiz.items())
        ++n[item.category];
    return n;
}

} // namespace

TEST_CASE("quiz draw: the same seed gives the same quiz, another seed another", "[quiz][draw]") {
    QuizOptions o;
    o.count = 8;
    o.seed = 42;
    const Quiz a(pool(), o), b(pool(), o);
    CHECK(a.drawnIds() == b.drawnIds());
    o.seed = 43;
    const Quiz c(pool(), o);
    CHECK(a.drawnIds() != c.drawnIds());
    CHECK(a.size() == 8);
}

TEST_CASE("quiz draw: N per category, never the same question twice", "[quiz][draw]") {
    for (uint64_t seed = 0; seed < 200; ++seed) {
        QuizOptions o;
        o.seed = seed;
        o.perCategory = 2;
        const Quiz quiz(pool(), o);
        REQUIRE(quiz.size() == 6);
        CHECK(quiz.requested() == 6);
        const auto ids = quiz.drawnIds();
        CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
        CHECK(perCategory(quiz) == std::map<std::string, int>{{"a", 2}, {"b", 2}, {"c", 2}});
        for (const auto& item : quiz.items())
            CHECK(item.question.hasCategory(item.category));
    }
    // More than a category holds: all of it, and no more.
    QuizOptions o;
    o.perCategory = 3;
    o.categories = {"c"};
    const Quiz small(pool(), o);
    CHECK(small.size() == 2);
    CHECK(small.requested() == 3);
    // Everything: each of the 17 questions exactly once although ab1 is in two categories.
    o.perCategory = 100;
    o.categories.clear();
    const Quiz all(pool(), o);
    CHECK(all.size() == 17);
}

TEST_CASE("quiz draw: a total is spread round robin over the categories", "[quiz][draw]") {
    QuizOptions o;
    o.count = 7;
    o.categories = {"b", "c"};
    const Quiz quiz(pool(), o);
    // b has 5 (ab1 included), c has 2: b, c, b, c, b, b, b.
    CHECK(perCategory(quiz) == std::map<std::string, int>{{"b", 5}, {"c", 2}});
    o.count = 4;
    o.categories = {"a", "b", "c"};
    CHECK(perCategory(Quiz(pool(), o)) == std::map<std::string, int>{{"a", 2}, {"b", 1}, {"c", 1}});
}

TEST_CASE("quiz draw: recently seen questions come only when nothing fresh is left, oldest first",
          "[quiz][draw]") {
    QuizOptions o;
    o.categories = {"a"};
    o.recentIds = {"a0", "a1", "a2", "a3", "a4", "a5", "a6", "ab1"}; // oldest first
    for (uint64_t seed = 0; seed < 50; ++seed) {
        o.seed = seed;
        o.count = 3;
        auto ids = Quiz(pool(), o).drawnIds();
        std::sort(ids.begin(), ids.end());
        CHECK(ids == std::vector<std::string>{"a7", "a8", "a9"});
        o.count = 5;
        ids = Quiz(pool(), o).drawnIds();
        std::sort(ids.begin(), ids.end());
        CHECK(ids == std::vector<std::string>{"a0", "a1", "a7", "a8", "a9"});
    }
}

TEST_CASE("quiz draw: the right choice lands in every position equally often", "[quiz][draw]") {
    // 4000 seeds, 4 positions: a chi-square test with 3 degrees of freedom; 16.27 is the
    // 0.1 % critical value, so a fair shuffle fails this one time in a thousand.
    const std::vector<Question> p{single("q", 4, 2)};
    std::vector<int> count(4, 0);
    const int n = 4000;
    for (int seed = 0; seed < n; ++seed) {
        QuizOptions o;
        o.seed = static_cast<uint64_t>(seed);
        o.count = 1;
        const Quiz quiz(p, o);
        const auto& d = quiz.item(0).display;
        ++count[static_cast<size_t>(std::find(d.begin(), d.end(), 2) - d.begin())];
    }
    double chi2 = 0;
    for (int c : count)
        chi2 += (c - n / 4.0) * (c - n / 4.0) / (n / 4.0);
    INFO(count[0] << " " << count[1] << " " << count[2] << " " << count[3]);
    CHECK(chi2 < 16.27);
    // Without shuffling the bank's order is kept.
    QuizOptions o;
    o.shuffleChoices = false;
    CHECK(Quiz(p, o).item(0).display == std::vector<int>{0, 1, 2, 3});
}

TEST_CASE("quiz draw: ordering questions are never shown in the right order", "[quiz][draw]") {
    for (uint64_t seed = 0; seed < 300; ++seed) {
        QuizOptions o;
        o.seed = seed;
        o.shuffleChoices = false; // ordering items are shuffled regardless
        const Quiz quiz({ordering("two", 2), ordering("four", 4)}, o);
        for (const auto& item : quiz.items()) {
            std::vector<int> identity(item.display.size());
            for (size_t i = 0; i < identity.size(); ++i)
                identity[i] = static_cast<int>(i);
            CHECK(item.display != identity);
        }
    }
}

TEST_CASE("quiz: answers in display order are graded against the bank's order", "[quiz][answer]") {
    QuizOptions o;
    o.seed = 9;
    Quiz quiz({single("q", 4, 2), ordering("o", 4)}, o);
    for (size_t i = 0; i < quiz.size(); ++i) {
        const QuizItem& item = quiz.item(i);
        DisplayedAnswer a;
        if (item.question.type == QuestionType::SingleChoice) {
            // Pick the position where choice 2 (the right one) is shown.
            a.choices = {static_cast<int>(std::find(item.display.begin(), item.display.end(), 2) -
                                          item.display.begin())};
        } else {
            // Put the shown items in their right order: the position of item 0, then of item 1, ...
            for (int k = 0; k < 4; ++k)
                a.order.push_back(static_cast<int>(std::find(item.display.begin(), item.display.end(), k) -
                                                   item.display.begin()));
        }
        const AnswerOutcome out = quiz.answer(i, a);
        REQUIRE(out.status == AnswerStatus::Accepted);
        REQUIRE(out.feedback);
        CHECK(out.feedback->credit == 1.0);
    }
    const QuizResult r = quiz.grade();
    CHECK(r.score == 2.0);
    CHECK(r.maxScore == 2);
    CHECK(r.percent == 100.0);
}

TEST_CASE("quiz: practice gives feedback at once and locks, an exam defers it and allows changes",
          "[quiz][answer]") {
    const std::vector<Question> p{tf("t", {"c"}, true), tf("f", {"c"}, false), tf("u", {"c"}, true)};
    QuizOptions o;
    o.count = 3;
    o.shuffleChoices = false;
    Quiz practice(p, o);
    auto indexOf = [](const Quiz& q, const std::string& id) {
        for (size_t i = 0; i < q.size(); ++i)
            if (q.item(i).question.id == id) return i;
        FAIL("no question " << id);
        return size_t{0};
    };
    AnswerOutcome out = practice.answer(indexOf(practice, "t"), {{}, false, {}, {}});
    CHECK(out.status == AnswerStatus::Accepted);
    REQUIRE(out.feedback);
    CHECK(out.feedback->verdict == "wrong");
    CHECK(practice.answer(indexOf(practice, "t"), {{}, true, {}, {}}).status == AnswerStatus::Locked);
    out = practice.answer(indexOf(practice, "f"), {{}, {}, 3.0, {}});
    CHECK(out.status == AnswerStatus::Invalid);
    CHECK(out.error == "answer true or false");
    CHECK_FALSE(practice.isAnswered(indexOf(practice, "f")));
    QuizResult r = practice.grade();
    CHECK(r.score == 0.0);
    CHECK(r.grades[indexOf(practice, "u")].verdict == "not answered");

    o.feedback = FeedbackMode::Deferred;
    Quiz exam(p, o);
    out = exam.answer(indexOf(exam, "t"), {{}, false, {}, {}});
    CHECK(out.status == AnswerStatus::Accepted);
    CHECK_FALSE(out.feedback);
    CHECK(exam.answer(indexOf(exam, "t"), {{}, true, {}, {}}).status == AnswerStatus::Accepted); // changed
    CHECK(exam.answer(indexOf(exam, "f"), {{}, false, {}, {}}).status == AnswerStatus::Accepted);
    exam.finish();
    CHECK(exam.answer(indexOf(exam, "u"), {{}, true, {}, {}}).status == AnswerStatus::Finished);
    r = exam.grade();
    CHECK(r.score == 2.0);
    CHECK(r.percent == Approx(200.0 / 3.0));
    CHECK(r.grades[indexOf(exam, "t")].verdict == "correct");
}

TEST_CASE("quiz: answers after the time limit are refused and end the quiz", "[quiz][answer]") {
    QuizOptions o;
    o.count = 2;
    o.timeLimitSeconds = 60;
    Quiz quiz({tf("t", {"c"}, true), tf("u", {"c"}, true)}, o);
    CHECK(quiz.answer(0, {{}, true, {}, {}}, 59.5).status == AnswerStatus::Accepted);
    CHECK(quiz.answer(1, {{}, true, {}, {}}, 60.5).status == AnswerStatus::TimeUp);
    CHECK(quiz.finished());
    CHECK(quiz.answer(1, {{}, true, {}, {}}, 1.0).status == AnswerStatus::TimeUp);
    const QuizResult r = quiz.grade();
    CHECK(r.timedOut);
    CHECK(r.score == 1.0);
}

TEST_CASE("typed answers: letters, words and numbers with units", "[quiz][answer]") {
    Question m = single("m", 4, 1);
    m.type = QuestionType::MultipleChoice;
    m.choices[0].credit = 0.5;
    m.choices[1].credit = 0.5;
    QuizItem item{m, "c", {3, 2, 1, 0}};
    std::string error;
    auto a = parseAnswerText(item, " A, c ", error);
    REQUIRE(a);
    CHECK(a->choices == std::vector<int>{0, 2});
    a = parseAnswerText(item, "b d", error);
    REQUIRE(a);
    CHECK(a->choices == std::vector<int>{1, 3});
    CHECK_FALSE(parseAnswerText(item, "e", error));
    CHECK(error == "there is no e; the letters go from a to d");
    CHECK_FALSE(parseAnswerText(item, "ab", error));
    CHECK(error == "\"ab\" is not a letter; answer with the letters shown (a to d)");
    CHECK_FALSE(parseAnswerText(item, "a a", error));
    CHECK(error == "choice 1 is given twice");
    CHECK_FALSE(parseAnswerText(item, "", error));
    CHECK(error == "no answer given");

    item.question.type = QuestionType::SingleChoice;
    CHECK_FALSE(parseAnswerText(item, "a,b", error));
    CHECK(error == "pick exactly one choice");

    Question n;
    n.type = QuestionType::Numeric;
    n.numeric = {4, 0, "days", 0, 60};
    const QuizItem numeric{n, "c", {}};
    CHECK(parseAnswerText(numeric, "4", error)->number == 4.0);
    CHECK(parseAnswerText(numeric, "4.5 days", error)->number == 4.5);
    CHECK(parseAnswerText(numeric, "1 Day", error)->number == 1.0);
    CHECK_FALSE(parseAnswerText(numeric, "4 weeks", error));
    CHECK(error == "\"weeks\" is not the unit of this question (days)");
    CHECK_FALSE(parseAnswerText(numeric, "61", error));
    CHECK(error == "answer between 0 and 60 (days)");
    CHECK(parseAnswerText(numeric, "60", error)->number == 60.0);
    CHECK_FALSE(parseAnswerText(numeric, "four", error));
    CHECK(error == "\"four\" is not a number; write e.g. 4 or 4.5 (in days)");

    const QuizItem truth{tf("t", {"c"}), "c", {}};
    CHECK(parseAnswerText(truth, "T", error)->truth == true);
    CHECK(parseAnswerText(truth, "no", error)->truth == false);
    CHECK_FALSE(parseAnswerText(truth, "maybe", error));

    const QuizItem order{ordering("o", 3), "c", {2, 0, 1}};
    CHECK(parseAnswerText(order, "b c a", error)->order == std::vector<int>{1, 2, 0});
    CHECK_FALSE(parseAnswerText(order, "b c", error));
    CHECK(error == "put all 3 items in order, each once");
}

TEST_CASE("answer files: one ID: ANSWER per line, comments, located errors", "[quiz][answer]") {
    Diagnostics d;
    const auto lines =
        parseAnswerSheet("# my answers\r\n\nwet-days: 4 days\r\nbenefits :a, c\nno colon here\n"
                         ": b\nwet-days: 5\n",
                         "answers.txt", d);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].questionId == "wet-days");
    CHECK(lines[0].answer == "4 days");
    CHECK(lines[0].line == 3);
    CHECK(lines[1].questionId == "benefits");
    CHECK(lines[1].answer == "a, c");
    CHECK(d.formatAll() ==
          "answers.txt:5:1: error: expected QUESTION-ID: ANSWER, got \"no colon here\"\n"
          "answers.txt:6:1: error: the question id before ':' is missing\n"
          "answers.txt:7:1: error: question 'wet-days' is answered twice; the first answer is at "
          "line 3\n");
}
