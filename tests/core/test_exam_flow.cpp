// An exam from start to signed, stored result, through the same calls the trainer's exam flow
// and the regrade of a recording make: the shipped exam and its files, the attempt policy, a
// seed, the drawn levels scored by the real scorer, the drawn questions graded by the real quiz
// grader, gradeExam, issueResult into a store — then a regrade from the same inputs gives the
// same bytes, and the stored result verifies.
#include "aftercare/rule_book_reader.h"
#include "exam/exam_grading.h"
#include "exam/exam_reader.h"
#include "io/files.h"
#include "level/level_reader.h"
#include "pattern/example_attempts.h"
#include "quiz/grading.h"
#include "quiz/question_bank_reader.h"
#include "quiz/scenarios.h"
#include "scoring/level_context.h"
#include "scoring/score_attempt.h"
#include "store/eligibility.h"
#include "store/issue_result.h"
#include "store/sqlite_store.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <map>

using namespace stipple;
using stipple::test::Scratch;

namespace {

/// What the candidate did, from the instance: good example attempts on every level, right answers
/// on every other question.
ExamSitting sit(const Exam& exam, const ExamInstance& inst) {
    ExamSitting sitting;
    sitting.candidateName = "Ana Souza";
    sitting.station = "station-1";
    sitting.startedAt = "2026-03-02T09:00:00Z";
    sitting.finishedAt = "2026-03-02T10:10:00Z";
    sitting.recordingSha256 = std::string(64, 'r');
    for (const auto& s : inst.sections) {
        SectionOutcome so;
        so.sectionId = s.id;
        so.timeUsedS = s.timeLimitS / 2;
        for (const auto& l : s.levels) {
            Diagnostics d;
            const auto level = loadLevelFile(l.path, d);
            REQUIRE(level);
            const std::vector<Dot> dots = dotsOfExample(exampleAttempt(*level, AttemptStyle::Good, 7));
            const LevelContext context(*level);
            so.levels.push_back({l.path, scoreAttempt(context, dots).card});
        }
        std::map<std::string, std::vector<Question>> scenarioBlocks;
        for (size_t i = 0; i < s.questions.size(); ++i) {
            const InstanceQuestion& q = s.questions[i];
            Question question;
            if (q.isScenario()) {
                Diagnostics d;
                const auto book = loadRuleBookFile(q.source, d);
                REQUIRE(book);
                auto& block = scenarioBlocks[q.source + "#" + std::to_string(q.scenarioSeed)];
                if (block.empty()) {
                    int count = 0;
                    for (const auto& other : s.questions)
                        if (other.isScenario() && other.scenarioSeed == q.scenarioSeed) ++count;
                    block = generateScenarioQuestions(*book, q.scenarioSeed, count);
                }
                REQUIRE(static_cast<size_t>(q.scenarioIndex) < block.size());
                question = block[static_cast<size_t>(q.scenarioIndex)];
            } else {
                Diagnostics d;
                const auto bank = loadQuestionBankFile(q.source, d);
                REQUIRE(bank);
                REQUIRE(bank->question(q.questionId));
                question = *bank->question(q.questionId);
            }
            const Response answer =
                i % 4 == 3 ? Response{} : correctResponse(question); // one in four left blank
            so.questions.push_back({question.id, gradeResponse(question, answer).credit});
        }
        sitting.sections.push_back(std::move(so));
    }
    (void)exam;
    return sitting;
}

} // namespace

TEST_CASE("exam flow: draw, sit, grade, sign, store, regrade", "[exam][flow]") {
    Scratch s;
    Diagnostics d;
    const auto exam = loadExamFile(STIPPLE_SOURCE_DIR "/levels/exams/foundation-certificate.xml", d);
    REQUIRE(exam);
    const auto materials = loadExamMaterials(*exam, d);
    INFO(d.formatAll());
    REQUIRE(materials);

    StoreError storeError;
    auto store = openSqliteStore((s.dir() / "results.db").string(), StoreMode::ReadWrite, storeError);
    REQUIRE(store);
    REQUIRE(store->saveCandidate({"C-0042", "Ana Souza", ""}, storeError));
    std::vector<AttemptRecord> past;
    REQUIRE(store->listAttempts("C-0042", exam->id, past, storeError));
    const Eligibility before = checkEligibility(exam->attempts, past, "2026-03-02T08:55:00Z");
    REQUIRE(before.allowed);

    const uint64_t seed = 987654321;
    const ExamInstance inst = instantiateExam(*exam, seed, "C-0042", *materials);
    AttemptRecord attempt;
    attempt.candidateId = "C-0042";
    attempt.examId = exam->id;
    attempt.examSha256 = exam->sourceSha256;
    attempt.seed = seed;
    attempt.station = "station-1";
    attempt.startedAt = "2026-03-02T09:00:00Z";
    REQUIRE(store->beginAttempt(attempt, storeError));

    ExamSitting sitting = sit(*exam, inst);
    sitting.attempt = attempt.number;
    std::string error;
    const auto result = gradeExam(*exam, inst, sitting, error);
    INFO(error);
    REQUIRE(result);
    REQUIRE(store->finishAttempt(attempt.id, "submitted", sitting.finishedAt, storeError));

    const KeyPair keys = generateKeyPair();
    IssuedResult issued;
    const std::string file = (s.dir() / "C-0042.result").string();
    REQUIRE(issueResult(*result, keys.secretKey, file, store.get(), issued, error));
    CHECK(issued.stored);
    CHECK(stipple::test::readText(file) == issued.signedText);

    // The record names everything an appeal needs.
    CHECK(result->seed == seed);
    CHECK(result->examSha256 == exam->sourceSha256);
    CHECK(result->recordingSha256 == std::string(64, 'r'));
    CHECK(result->files.size() == materials->sha256.size());
    // Paths as the exam names them, so the record means the same on every station.
    CHECK(result->files.front().path == "../01-dot-drill.xml");
    CHECK(result->sections[1].items.front().source.rfind("../", 0) == 0);
    CHECK(result->sections.size() == 2);
    CHECK(result->sections[0].items.size() == 3);
    CHECK(result->sections[1].items.size() == 16);
    CHECK_FALSE(result->sections[0].items[0].metrics.empty());
    // One question in four was left blank, the rest right: 12 of 16 credits.
    CHECK(result->sections[1].score == 75);

    // Regrade: the same inputs, the same bytes.
    const ExamInstance again = instantiateExam(*exam, seed, "C-0042", *materials);
    const auto regraded = gradeExam(*exam, again, sit(*exam, again), error);
    REQUIRE(regraded);
    ExamResult r2 = *regraded;
    r2.attempt = attempt.number; // as the recording would say
    r2.resultId = makeResultId(r2);
    CHECK(canonicalResultText(r2) == canonicalResultText(*result));

    // Stored, verifiable, found by its code; the policy now makes the candidate wait.
    std::optional<ResultRecord> found;
    REQUIRE(store->findResultByCode(issued.code, found, storeError));
    REQUIRE(found);
    const Verification v = verifySignedResult(found->signedText, keys.publicKey);
    CHECK(v.valid);
    CHECK(v.result == *result);
    REQUIRE(store->listAttempts("C-0042", exam->id, past, storeError));
    const Eligibility after = checkEligibility(exam->attempts, past, "2026-03-03T09:00:00Z");
    CHECK_FALSE(after.allowed);
    CHECK(after.earliestDate == "2026-03-16");
    // Issuing the same result again is harmless (the store keeps one copy).
    REQUIRE(issueResult(*result, keys.secretKey, "", store.get(), issued, error));
    std::vector<ResultRecord> all;
    REQUIRE(store->listResults({}, all, storeError));
    CHECK(all.size() == 1);
}
