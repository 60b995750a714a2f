// `stipple quiz`: a quiz in the terminal, drawn by a seed from a question bank (plus scenario
// questions computed from an aftercare rule book), or the grading of a prepared answer file
// without interaction. Everything a quiz decides is in core's quiz::Quiz; this file only reads,
// prints and keeps the optional history of recently seen questions.
#include "aftercare/rule_book_reader.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "io/files.h"
#include "io/numbers.h"
#include "quiz/answer_text.h"
#include "quiz/moodle.h"
#include "quiz/question_bank_reader.h"
#include "quiz/quiz.h"
#include "quiz/quiz_history.h"
#include "quiz/scenarios.h"

#include "cli/json_text.h"
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>

namespace stipple::cli {

namespace {

constexpr int kDefaultScenarios = 30;

const CommandDef kQuizDef{
    "quiz",
    "a quiz in the terminal from a question bank, or grade an answer file",
    "usage: stipple quiz --bank FILE [--rules FILE] [--seed S] [--count N]\n"
    "                    [--per-category N] [--category ID]... [--scenarios N]\n"
    "                    [--exam] [--time-limit SECONDS] [--history FILE]\n"
    "                    [--print | --answers FILE [--json] | --export-moodle OUT.xml]\n",
    "Runs a quiz in the terminal from a question bank (e.g. levels/banks/brochure.xml).\n"
    "The bank may also be a Moodle XML file (<quiz>) or a Moodle GIFT text file; question\n"
    "types Stipple cannot ask (short answer, essay, matching...) are skipped with a warning.\n",
    {
        {"--rules", "FILE",
         "add scenario questions computed from an aftercare rule book\n"
         "(category aftercare-scenarios; --scenarios N of them, default 30)"},
        {"--seed", "S",
         "which quiz: the same seed draws the same questions in the same\n"
         "order with the same shuffled answers (default 1)"},
        {"--count", "N", "questions in total, spread over the categories (default 10)"},
        {"--per-category", "N", "instead, N questions from each category"},
        {"--category", "ID", "draw only from these categories (repeatable)"},
        {"--exam", "", "feedback at the end instead of after each answer"},
        {"--time-limit", "S", "stop accepting answers S seconds after the start"},
        {"--history", "FILE",
         "question ids seen recently, avoided while fresh ones remain;\n"
         "the quiz's questions are added to it afterwards"},
        {"--print", "", "print the quiz and a blank answer file, ask nothing"},
        {"--answers", "FILE", "grade a prepared answer file instead of asking"},
        jsonOption("with --answers: the graded result as JSON"),
        {"--export-moodle", "F", "write the bank (without scenario questions) as Moodle XML, ask nothing"},
        {"--bank", "FILE", "the question bank (or a Moodle XML / GIFT file)"},
        {"--scenarios", "N", "with --rules: scenario questions drawn from the rule book"},
    },
    "Answering: choices and ordering items by the letters shown (\"b\", \"a c\",\n"
    "\"c a d b\"), true/false as true or false, numbers with or without their unit\n"
    "(\"4\", \"4 days\"); an empty line skips a question, end of input stops.\n"
    "Answer files hold one answer per line, \"QUESTION-ID: ANSWER\", with the letters as\n"
    "--print shows them for the same options; blank lines and # comments are ignored:\n"
    "  # stipple quiz --bank levels/banks/brochure.xml --seed 7 --count 3\n"
    "  wet-days: 4 days\n"
    "  session-facts: a, c, e\n"
    "  shower-before: true\n"
    "\n"
    "exit status: 0 done, 1 bad bank, rule book or answer file (located message),\n"
    "2 usage error.\n"};

std::string percentText(double v) {
    const double rounded = std::round(v * 10.0) / 10.0;
    return formatNumber(rounded);
}

std::string instructions(const QuizItem& item) {
    const Question& q = item.question;
    switch (q.type) {
    case QuestionType::SingleChoice:
        return "Answer with one letter.";
    case QuestionType::MultipleChoice:
        return "Type the letters of every right one (e.g. a c).";
    case QuestionType::TrueFalse:
        return "Answer true or false.";
    case QuestionType::Numeric:
        return q.numeric.unit.empty() ? "Answer with a number."
                                      : "Answer with a number (" + q.numeric.unit + ").";
    case QuestionType::Ordering:
        return "Put them in order: type their letters, first to last (e.g. c a b).";
    }
    return "";
}

std::string pictureText(const Picture& p) {
    return "[picture: " + (p.dotsPath.empty() ? "level " + p.levelPath : "dots " + p.dotsPath) + " - " +
           p.caption + "]";
}

std::string questionText(const Quiz& quiz, size_t i) {
    const QuizItem& item = quiz.item(i);
    const Question& q = item.question;
    std::string out = "Question " + std::to_string(i + 1) + " of " + std::to_string(quiz.size()) + "  [" +
                      item.category + ", difficulty " + std::to_string(q.difficulty) + "]  (" + q.id + ")\n";
    out += q.prompt + "\n";
    if (q.picture) out += "  " + pictureText(*q.picture) + "\n";
    for (size_t k = 0; k < item.display.size(); ++k) {
        const size_t original = static_cast<size_t>(item.display[k]);
        out += "  " + std::string(1, positionLetter(k)) + ") ";
        if (q.type == QuestionType::Ordering) {
            out += q.items[original];
        } else {
            const Choice& c = q.choices[original];
            if (c.picture) out += pictureText(*c.picture) + " ";
            if (!c.picture || c.text != c.picture->caption) out += c.text;
        }
        out += "\n";
    }
    return out + instructions(item) + "\n";
}

std::string gradeText(const QuestionGrade& g, bool withHeader) {
    std::string out;
    if (withHeader)
        out += g.verdict == "correct" ? "Correct." : g.verdict == "not answered" ? "Not answered." : "";
    if (g.verdict == "wrong") out += "Wrong.";
    if (g.verdict.rfind("partly", 0) == 0)
        out += "Partly correct: " + percentText(g.credit * 100) + "% of the marks.";
    if (g.verdict != "correct") out += " The answer: " + g.correctAnswer + ".";
    for (const auto& f : g.feedback)
        out += "\n  " + f;
    out += "\n  " + g.explanation + "\n";
    return out;
}

std::string reportText(const Quiz& quiz, const QuizResult& r, const std::map<size_t, std::string>& given) {
    std::string out = "\nResults\n";
    for (size_t i = 0; i < r.grades.size(); ++i) {
        const QuestionGrade& g = r.grades[i];
        const auto it = given.find(i);
        out += std::to_string(i + 1) + ". " + quiz.item(i).question.id + ": " + g.verdict;
        if (it != given.end()) out += " (you answered " + it->second + ")";
        out += "\n   The answer: " + g.correctAnswer + "\n";
        for (const auto& f : g.feedback)
            out += "   " + f + "\n";
        out += "   " + g.explanation + "\n";
    }
    if (r.timedOut) out += "\nTime ran out: later answers were not accepted.\n";
    out += "\nScore: " + formatNumber(std::round(r.score * 100.0) / 100.0) + " / " +
           std::to_string(r.maxScore) + " (" + percentText(r.percent) + "%)\n";
    return out;
}

std::string jsonReport(const Quiz& quiz, const QuizResult& r, const std::map<size_t, std::string>& given) {
    nlohmann::ordered_json j;
    j["seed"] = quiz.options().seed;
    j["questions"] = nlohmann::ordered_json::array();
    for (size_t i = 0; i < r.grades.size(); ++i) {
        const QuestionGrade& g = r.grades[i];
        nlohmann::ordered_json q;
        q["id"] = g.questionId;
        q["category"] = quiz.item(i).category;
        q["answered"] = g.answered;
        if (const auto it = given.find(i); it != given.end()) q["answer"] = it->second;
        q["credit"] = g.credit;
        q["verdict"] = g.verdict;
        q["correct_answer"] = g.correctAnswer;
        q["feedback"] = g.feedback;
        q["explanation"] = g.explanation;
        j["questions"].push_back(std::move(q));
    }
    j["score"] = r.score;
    j["max_score"] = r.maxScore;
    j["percent"] = r.percent;
    j["timed_out"] = r.timedOut;
    return jsonText(j) + "\n";
}

int runQuiz(const std::vector<std::string>& argv) {
    const Args args(argv, kQuizDef);
    if (!args.ok()) return usageError("quiz", args.error(), helpText(kQuizDef));
    if (args.help()) {
        std::fputs(helpText(kQuizDef).c_str(), stdout);
        return kExitOk;
    }
    if (!args.positional().empty())
        return usageError("quiz", "unexpected argument '" + args.positional().front() + "'",
                          helpText(kQuizDef));
    const auto bankPath = args.value("bank");
    if (!bankPath) return usageError("quiz", "--bank FILE is required", helpText(kQuizDef));
    if (args.flag("print") && args.value("answers"))
        return usageError("quiz", "--print and --answers cannot be combined", helpText(kQuizDef));
    if (args.flag("json") && !args.value("answers"))
        return usageError("quiz", "--json goes with --answers FILE", helpText(kQuizDef));
    if (args.value("export-moodle") && (args.flag("print") || args.value("answers")))
        return usageError("quiz", "--export-moodle cannot be combined with --print or --answers",
                          helpText(kQuizDef));
    if (args.value("count") && args.value("per-category"))
        return usageError("quiz", "give --count or --per-category, not both", helpText(kQuizDef));

    QuizOptions options;
    options.seed = 1;
    if (const auto s = args.value("seed")) {
        const auto v = parseUnsigned(*s);
        if (!v)
            return usageError("quiz", "--seed must be a whole number 0 or more, got \"" + *s + "\"",
                              helpText(kQuizDef));
        options.seed = *v;
    }
    auto positive = [&](const char* name, int& out) {
        if (const auto s = args.value(name)) {
            const auto v = parseInteger(*s);
            if (!v || *v < 1 || *v > 10000) return false;
            out = static_cast<int>(*v);
        }
        return true;
    };
    if (!positive("count", options.count))
        return usageError("quiz", "--count must be a whole number from 1 to 10000", helpText(kQuizDef));
    if (!positive("per-category", options.perCategory))
        return usageError("quiz", "--per-category must be a whole number from 1 to 10000",
                          helpText(kQuizDef));
    int scenarioCount = kDefaultScenarios;
    if (!positive("scenarios", scenarioCount))
        return usageError("quiz", "--scenarios must be a whole number from 1 to 10000", helpText(kQuizDef));
    if (args.value("scenarios") && !args.value("rules"))
        return usageError("quiz", "--scenarios goes with --rules FILE", helpText(kQuizDef));
    if (const auto t = args.value("time-limit")) {
        const auto v = parseNumber(*t);
        if (!v || *v <= 0)
            return usageError("quiz", "--time-limit must be a number of seconds above 0, got \"" + *t + "\"",
                              helpText(kQuizDef));
        options.timeLimitSeconds = *v;
    }
    options.feedback = args.flag("exam") ? FeedbackMode::Deferred : FeedbackMode::Immediate;
    options.categories = args.values("category");

    Diagnostics diags;
    const auto bank = loadAnyQuestionBank(*bankPath, diags);
    std::optional<RuleBook> rules;
    if (const auto rulesPath = args.value("rules")) rules = loadRuleBookFile(*rulesPath, diags);
    std::fputs(diags.formatAll().c_str(), stderr);
    if (!bank || (args.value("rules") && !rules)) return kExitBadInput;

    if (const auto out = args.value("export-moodle")) {
        std::string error;
        Diagnostics exportDiags;
        const auto xml = exportMoodleXml(*bank, exportDiags);
        std::fputs(exportDiags.formatAll().c_str(), stderr);
        if (!xml) return kExitBadInput;
        if (!writeFileAtomic(*out, *xml, error)) {
            std::fprintf(stderr, "stipple quiz: --export-moodle: %s\n", error.c_str());
            return kExitBadInput;
        }
        if (!isStandardOutput(*out))
            std::printf("wrote %zu questions to %s\n", bank->questions.size(), out->c_str());
        return kExitOk;
    }

    std::vector<Question> pool = bank->questions;
    std::vector<std::string> knownCategories;
    for (const auto& c : bank->categories)
        knownCategories.push_back(c.id);
    if (rules) {
        for (auto& q : generateScenarioQuestions(*rules, options.seed, scenarioCount))
            pool.push_back(std::move(q));
        knownCategories.emplace_back(kScenarioCategoryId);
    }
    for (const auto& c : options.categories)
        if (std::find(knownCategories.begin(), knownCategories.end(), c) == knownCategories.end()) {
            std::string known;
            for (const auto& k : knownCategories)
                known += (known.empty() ? "" : ", ") + k;
            return usageError("quiz",
                              "--category: no category '" + c + "' in this quiz (known: " + known + ")",
                              helpText(kQuizDef));
        }
    const auto history = args.value("history");
    if (history) options.recentIds = readQuizHistory(*history);

    Quiz quiz(pool, options);
    if (quiz.size() == 0) {
        std::fprintf(stderr, "stipple quiz: no questions to draw\n");
        return kExitBadInput;
    }
    if (quiz.size() < quiz.requested())
        std::fprintf(stderr, "stipple quiz: only %zu questions available (%zu asked for)\n", quiz.size(),
                     quiz.requested());

    if (args.flag("print")) {
        std::string out;
        for (size_t i = 0; i < quiz.size(); ++i)
            out += questionText(quiz, i) + "\n";
        // A blank answer file for exactly this quiz: the same options without --print.
        out += "# answer file for: stipple quiz";
        for (const auto& a : argv)
            if (a != "--print") out += " " + a;
        out += " --answers FILE\n";
        for (const auto& id : quiz.drawnIds())
            out += id + ": \n";
        std::fputs(out.c_str(), stdout);
        return kExitOk;
    }

    std::map<size_t, std::string> given;
    if (const auto answersPath = args.value("answers")) {
        std::string text, error;
        if (!readFile(*answersPath, text, error)) {
            std::fprintf(stderr, "%s:1:1: error: %s\n", answersPath->c_str(), error.c_str());
            return kExitBadInput;
        }
        Diagnostics sheetDiags;
        const auto lines = parseAnswerSheet(text, *answersPath, sheetDiags);
        for (const auto& line : lines) {
            const auto ids = quiz.drawnIds();
            const auto it = std::find(ids.begin(), ids.end(), line.questionId);
            if (it == ids.end()) {
                sheetDiags.error(*answersPath, line.line, 1,
                                 "question '" + line.questionId + "' is not in this quiz (seed " +
                                     std::to_string(options.seed) + ", " + std::to_string(quiz.size()) +
                                     " questions); --print shows the quiz");
                continue;
            }
            const size_t index = static_cast<size_t>(it - ids.begin());
            std::string why;
            const auto answer = parseAnswerText(quiz.item(index), line.answer, why);
            if (!answer) {
                sheetDiags.error(*answersPath, line.line, 1, "question '" + line.questionId + "': " + why);
                continue;
            }
            quiz.answer(index, *answer);
            given[index] = line.answer;
        }
        std::fputs(sheetDiags.formatAll().c_str(), stderr);
        if (sheetDiags.hasErrors()) return kExitBadInput;
        quiz.finish();
        const QuizResult result = quiz.grade();
        std::fputs(
            (args.flag("json") ? jsonReport(quiz, result, given) : reportText(quiz, result, given)).c_str(),
            stdout);
    } else {
        // Interactive.
        const auto start = std::chrono::steady_clock::now();
        auto elapsed = [&] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        };
        std::printf("%s: %zu questions, seed %llu%s%s\n\n", bank->title.c_str(), quiz.size(),
                    static_cast<unsigned long long>(options.seed),
                    options.feedback == FeedbackMode::Deferred ? ", exam (feedback at the end)" : "",
                    options.timeLimitSeconds > 0
                        ? (", time limit " + formatNumber(options.timeLimitSeconds) + " s").c_str()
                        : "");
        bool stopped = false;
        for (size_t i = 0; i < quiz.size() && !stopped && !quiz.finished(); ++i) {
            std::fputs(questionText(quiz, i).c_str(), stdout);
            while (true) {
                std::printf("> ");
                std::fflush(stdout);
                std::string line;
                if (!std::getline(std::cin, line)) {
                    stopped = true;
                    std::printf("\n");
                    break;
                }
                if (trim(line).empty()) break; // skipped
                std::string why;
                const auto answer = parseAnswerText(quiz.item(i), line, why);
                if (!answer) {
                    std::printf("%s\n", why.c_str());
                    continue;
                }
                const AnswerOutcome outcome = quiz.answer(i, *answer, elapsed());
                if (outcome.status == AnswerStatus::TimeUp) {
                    std::printf("Time is up: that answer came too late.\n");
                    break;
                }
                given[i] = std::string(trim(line));
                if (outcome.feedback) std::fputs(gradeText(*outcome.feedback, true).c_str(), stdout);
                break;
            }
            std::printf("\n");
        }
        quiz.finish();
        const QuizResult result = quiz.grade();
        std::fputs(reportText(quiz, result, given).c_str(), stdout);
    }

    if (history) {
        std::string error;
        if (!writeQuizHistory(*history, options.recentIds, quiz.drawnIds(), error)) {
            std::fprintf(stderr, "stipple quiz: --history: cannot write %s: %s\n", history->c_str(),
                         error.c_str());
            return kExitBadInput;
        }
    }
    return kExitOk;
}

const Registration kQuizReg{kQuizDef, &runQuiz};

} // namespace

} // namespace stipple::cli
