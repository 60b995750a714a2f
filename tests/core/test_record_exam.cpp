// Exam recordings: the shipped foundation exam sat under recording — every drawn level practised
// through a recorded session, every drawn question answered (one changed, some left blank) — then
// graded from the closed recording, signed and filed beside it. A regrade reproduces the signed
// result byte for byte; an edited result, another sitting's result, or a consistently edited
// recording (answers changed, checksums recomputed) is caught; a sitting that crashed in the
// middle of the quiz resumes with its answers and time, and still grades to the same bytes.
#include "exam/exam_materials.h"
#include "exam/exam_reader.h"
#include "exam/signing.h"
#include "io/files.h"
#include "random/rng.h"
#include "record/exam_recording.h"
#include "record/recording_reader.h"
#include "record/regrade.h"
#include "record/replay.h"
#include "record/resume.h"
#include "record/session_recorder.h"
#include "scoring/scorer_version.h"
#include "support/process.h"
#include "support/recording_copy.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace stipple;
namespace fs = std::filesystem;

namespace {

/// A scratch folder removed at scope end (tests/support/process.h), with paths as strings.
struct TempDir {
    test::Scratch scratch;
    std::string path(const std::string& name) const { return scratch.path(name).string(); }
};

std::string readBytes(const std::string& path) {
    return test::readText(path);
}

const std::string kExam = std::string(STIPPLE_SOURCE_DIR) + "/levels/exams/foundation-certificate.xml";

/// A short, careful practical: strikes spread over the canvas at 60 Hz, then finish.
void practise(PracticeSession& s, uint64_t seed, int strikes) {
    Rng rng(seed);
    const Level& l = s.level();
    int64_t tick = 1;
    s.moveHand(tick, {l.canvas.widthMm / 2, l.canvas.heightMm / 2});
    for (int i = 0; i < strikes && !s.finished(); ++i) {
        const Vec2 p{rng.uniform(0.1, 0.9) * l.canvas.widthMm, rng.uniform(0.1, 0.9) * l.canvas.heightMm};
        for (int f = 0; f < 4; ++f) {
            tick += 4;
            s.advanceTo(tick);
            s.moveHand(tick, p);
        }
        tick += 8;
        s.needleDown(tick);
        tick += 30;
        s.needleUp(tick);
    }
    s.finish(tick + 4);
}

struct ExamDay {
    TempDir tmp;
    std::string examPath;
    Exam exam;
    ExamMaterials materials;
    ExamInstance instance;
    explicit ExamDay(std::string path = kExam) : examPath(std::move(path)) {
        Diagnostics d;
        auto e = loadExamFile(examPath, d);
        REQUIRE(e);
        exam = std::move(*e);
        auto m = loadExamMaterials(exam, d);
        INFO(d.formatAll());
        REQUIRE(m);
        materials = std::move(*m);
        instance = instantiateExam(exam, 4242, "C-0042", materials);
    }

    /// Sits the exam into `path`. With `crashInQuizAfter` >= 0 the program "dies" after that many
    /// answers (writer gone, nothing ended); returns false then.
    bool sit(const std::string& path, int crashInQuizAfter = -1, int changedAnswer = 2) {
        std::string error;
        auto w = RecordingWriter::create(path,
                                         examRecordingHeader(exam, examPath, instance, "Ana Souza",
                                                             "station-1", 1, "2026-03-02T09:00:00Z"),
                                         error);
        REQUIRE(w);
        for (const InstanceSection& is : instance.sections) {
            if (is.kind == SectionKind::Practical) {
                for (std::size_t i = 0; i < is.levels.size(); ++i) {
                    Diagnostics d;
                    const auto level = loadHashedLevel(is.levels[i].path, d);
                    REQUIRE(level);
                    PracticeSession s(examLevel(level->level, exam, is.timeLimitS / 3), instance.seed + i);
                    SessionRecorder rec(
                        s, *w,
                        attemptSetupFor(s, is.levels[i].path, level->sha256, is.id, static_cast<int>(i)));
                    practise(s, 100 + i, 25);
                    REQUIRE(rec.recordScore(scoreSessionAttempt(s), s.elapsedS()));
                    REQUIRE(rec.ok());
                }
            } else {
                const auto questions = instanceQuestions(is, error);
                INFO(error);
                REQUIRE(questions);
                REQUIRE(w->beginQuiz(examQuizSetup(is, *questions, instance.seed)));
                for (std::size_t i = 0; i < questions->size(); ++i) {
                    if (static_cast<int>(i) == crashInQuizAfter) return false;
                    if (i % 5 == 4) continue; // left blank
                    const Response r = correctResponse((*questions)[i]);
                    REQUIRE(w->answer(recordedAnswer(static_cast<int>(i), (*questions)[i], r,
                                                     20.0 * static_cast<double>(i + 1))));
                    REQUIRE(w->heartbeat(240 * 20 * static_cast<int64_t>(i + 1)));
                }
                // The candidate goes back and changes one answer to a blank response.
                REQUIRE(w->answer(recordedAnswer(changedAnswer,
                                                 (*questions)[static_cast<std::size_t>(changedAnswer)],
                                                 Response{}, 700.0)));
                REQUIRE(w->endQuiz(QuizEnd{710.0, false}));
            }
        }
        REQUIRE(w->close(CloseMark{"2026-03-02T10:10:00Z"}));
        return true;
    }

    /// Grades the closed recording, signs it and files the result beside it; returns the text.
    std::string issue(const std::string& recordingPath, const SecretKey& key) {
        const RecordingRead read = readRecording(recordingPath);
        REQUIRE(read.recovery.complete());
        const ExamGrading g = gradeExamRecording(*read.recording, sha256Hex(readBytes(recordingPath)));
        INFO((g.problems.empty() ? "" : g.problems[0]));
        REQUIRE(g.result);
        const std::string signedText = signResult(*g.result, key);
        std::string error;
        REQUIRE(writeFileAtomic(resultFileFor(recordingPath).empty()
                                    ? fs::path(recordingPath).replace_extension(".result").string()
                                    : resultFileFor(recordingPath),
                                signedText, error));
        return signedText;
    }
};

} // namespace

TEST_CASE("an exam sat under recording grades from its recording, and a regrade reproduces the signed result",
          "[record][exam]") {
    ExamDay day;
    const std::string rec = day.tmp.path("C-0042.stiprec");
    REQUIRE(day.sit(rec));
    const KeyPair keys = generateKeyPair();
    const std::string signedText = day.issue(rec, keys.secretKey);
    CHECK(resultFileFor(rec) == day.tmp.path("C-0042.result"));

    const RecordingRead read = readRecording(rec);
    const Recording& r = *read.recording;
    CHECK(r.header.kind == "exam");
    CHECK(r.header.examId == day.exam.id);
    CHECK(r.header.files.front().role == "exam");
    CHECK(r.header.files.size() == 1 + day.instance.files.size());
    CHECK(r.attempts.size() == 3);
    CHECK(r.quizzes.size() == 1);
    const Verification v = verifySignedResult(signedText, keys.publicKey);
    REQUIRE(v.valid);
    CHECK(v.result.recordingSha256 == sha256Hex(readBytes(rec)));
    CHECK(v.result.sections.size() == 2);
    CHECK(v.result.sections[0].items.size() == 3);
    CHECK(v.result.seed == 4242);
    CHECK(v.result.station == "station-1");

    Regrader regrader;
    const RegradeReport report = regrader.regrade(rec);
    INFO((report.problems.empty() ? "" : report.problems[0]));
    CHECK(report.reproduced());
    CHECK(report.resultFile == day.tmp.path("C-0042.result"));
    CHECK(report.examResultText == resultTextOfSignedFile(signedText));
    CHECK(report.examScore == v.result.score);
    for (const AttemptRegrade& a : report.attempts)
        CHECK(a.reproduced());

    SECTION("an edited result is caught, line by line") {
        std::string edited = signedText;
        const std::size_t at = edited.find("\npassed ");
        REQUIRE(at != std::string::npos);
        const bool was = edited.compare(at + 8, 4, "true") == 0;
        edited.replace(at + 8, was ? 4 : 5, was ? "false" : "true");
        std::string error;
        REQUIRE(writeFileAtomic(day.tmp.path("C-0042.result"), edited, error));
        const RegradeReport r2 = Regrader().regrade(rec);
        CHECK_FALSE(r2.reproduced());
        REQUIRE(r2.problems.size() == 1);
        CHECK(r2.problems[0].rfind("exam result line ", 0) == 0);
        CHECK(r2.problems[0].find(std::string("signed 'passed ") + (was ? "false" : "true") +
                                  "', regraded 'passed " + (was ? "true" : "false") + "'") !=
              std::string::npos);
    }
    SECTION("a result signed for another sitting is caught by the recording's hash") {
        const std::string other = day.tmp.path("C-0043.stiprec");
        REQUIRE(day.sit(other, -1, 5)); // another sitting: a different answer changed
        day.issue(other, keys.secretKey);
        RegradeOptions o;
        o.resultFile = day.tmp.path("C-0043.result");
        const RegradeReport r2 = Regrader(o).regrade(rec);
        CHECK_FALSE(r2.reproduced());
        REQUIRE_FALSE(r2.problems.empty());
        CHECK(r2.problems[0].find("was signed for a recording with sha256 ") != std::string::npos);
        CHECK(r2.problems[0].find("(an edited recording, or another sitting's result)") != std::string::npos);
    }
    SECTION("the recording replayed under another candidate's name is caught") {
        // The header rewritten with another candidate (checksums valid): the regraded result names
        // the other candidate, and the recording is not the one the signed result names.
        const RecordingRead orig = readRecording(rec);
        Recording forged = *orig.recording;
        forged.header.candidateId = "C-0099";
        forged.header.candidateName = "Someone Else";
        const std::string other = day.tmp.path("C-0099.stiprec");
        std::string error;
        auto w = RecordingWriter::create(other, forged.header, error);
        REQUIRE(w);
        for (const RecordedAttempt& a : forged.attempts) {
            REQUIRE(w->beginAttempt(a.setup));
            for (const Command& c : a.commands)
                REQUIRE(w->command(c));
            REQUIRE(w->endAttempt(*a.end));
            REQUIRE(w->score(*a.score));
        }
        REQUIRE(w->beginQuiz(forged.quizzes[0].setup));
        for (const RecordedAnswer& a : forged.quizzes[0].answers)
            REQUIRE(w->answer(a));
        REQUIRE(w->endQuiz(*forged.quizzes[0].end));
        REQUIRE(w->close(*forged.close));
        w.reset();
        RegradeOptions o;
        o.resultFile = day.tmp.path("C-0042.result");
        const RegradeReport r2 = Regrader(o).regrade(other);
        CHECK_FALSE(r2.reproduced());
        bool hash = false, candidate = false;
        for (const std::string& p : r2.problems) {
            hash |= p.find("was signed for a recording with sha256 ") != std::string::npos;
            candidate |=
                p.find("signed 'candidate-id C-0042', regraded 'candidate-id C-0099'") != std::string::npos;
        }
        CHECK(hash);
        CHECK(candidate);
    }
    SECTION("a consistently edited recording no longer matches its signed result") {
        // Rewrite the recording with a wrong answer made right; checksums are all valid.
        const RecordingRead orig = readRecording(rec);
        Recording forged = *orig.recording;
        RecordedAnswer& changed = forged.quizzes[0].answers.back();
        std::string why;
        const auto questions = instanceQuestions(day.instance.sections[1], why);
        REQUIRE(questions);
        const Response right = correctResponse((*questions)[static_cast<std::size_t>(changed.questionIndex)]);
        changed.choices = right.choices;
        changed.truth = right.truth;
        changed.number = right.number;
        changed.order = right.order;
        fs::remove(rec);
        std::string error;
        auto w = RecordingWriter::create(rec, forged.header, error);
        REQUIRE(w);
        for (const RecordedAttempt& a : forged.attempts) {
            REQUIRE(w->beginAttempt(a.setup));
            for (const Command& c : a.commands)
                REQUIRE(w->command(c));
            REQUIRE(w->endAttempt(*a.end));
            REQUIRE(w->score(*a.score));
        }
        REQUIRE(w->beginQuiz(forged.quizzes[0].setup));
        for (const RecordedAnswer& a : forged.quizzes[0].answers)
            REQUIRE(w->answer(a));
        REQUIRE(w->endQuiz(*forged.quizzes[0].end));
        REQUIRE(w->close(*forged.close));
        w.reset();
        const RegradeReport r2 = Regrader().regrade(rec);
        CHECK_FALSE(r2.reproduced());
        REQUIRE_FALSE(r2.problems.empty());
        CHECK(r2.problems[0].find("was signed for a recording with sha256 ") != std::string::npos);
        bool scoreLine = false;
        for (const std::string& p : r2.problems)
            scoreLine |= p.find("regraded 'score ") != std::string::npos;
        CHECK(scoreLine);
    }
}

TEST_CASE("an exam that crashed in the middle of the quiz resumes with its answers and grades the same",
          "[record][exam][resume]") {
    ExamDay day;
    const std::string whole = day.tmp.path("whole.stiprec");
    const std::string crashed = day.tmp.path("crashed.stiprec");
    REQUIRE(day.sit(whole));
    REQUIRE_FALSE(day.sit(crashed, 7)); // dies before answering question 8

    ResumeOptions o;
    o.station = "station-1";
    o.now = "2026-03-02T09:50:00Z";
    std::string error;
    auto sitting = resumeRecording(crashed, o, error);
    INFO(error);
    REQUIRE(sitting);
    REQUIRE(sitting->quiz);
    CHECK(sitting->quiz->answers.size() == 6); // questions 1-7, the fifth left blank
    CHECK(sitting->quizUsedS == 140.0);        // the last heartbeat: 7 x 20 s
    // The exam flow rebuilds its quiz screen from these and goes on.
    const auto questions = instanceQuestions(day.instance.sections[1], error);
    REQUIRE(questions);
    RecordingWriter& w = *sitting->writer;
    for (std::size_t i = 7; i < questions->size(); ++i) {
        if (i % 5 == 4) continue;
        REQUIRE(
            w.answer(recordedAnswer(static_cast<int>(i), (*questions)[i], correctResponse((*questions)[i]),
                                    20.0 * static_cast<double>(i + 1))));
    }
    REQUIRE(w.answer(recordedAnswer(2, (*questions)[2], Response{}, 700.0)));
    REQUIRE(w.endQuiz(QuizEnd{710.0, false}));
    REQUIRE(w.close(CloseMark{"2026-03-02T10:10:00Z"}));
    sitting.reset();

    const RecordingRead a = readRecording(whole), b = readRecording(crashed);
    REQUIRE(b.recovery.complete());
    CHECK(b.recording->resumes.size() == 1);
    const ExamGrading ga = gradeExamRecording(*a.recording, "x"), gb = gradeExamRecording(*b.recording, "x");
    REQUIRE(ga.result);
    REQUIRE(gb.result);
    // Same work, same result (the recording hash given equal on purpose: the files differ by the resume
    // mark).
    CHECK(canonicalResultText(*ga.result) == canonicalResultText(*gb.result));
}

TEST_CASE("an exam sitting killed with SIGKILL at random points keeps every byte it wrote and resumes",
          "[record][exam][kill][faults]") {
    // The same sitting, uninterrupted, gives the bytes a killed one must start with: a kill may
    // cut the last record short, never change or lose one written before it. Each killed file
    // then resumes (on the same station) without losing a record, with its resume mark.
    ExamDay day;
    const std::string whole = day.tmp.path("whole.stiprec");
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(day.sit(whole));
    const auto sitUs =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start)
            .count();
    const std::string wholeBytes = readBytes(whole);
    {
        const std::string again = day.tmp.path("again.stiprec");
        REQUIRE(day.sit(again));
        REQUIRE(readBytes(again) == wholeBytes); // a sitting is byte-for-byte deterministic
    }
    Rng rng(20261129);
    int killed = 0, resumed = 0;
    for (int trial = 0; trial < 10; ++trial) {
        const std::string path = day.tmp.path("killed-" + std::to_string(trial) + ".stiprec");
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            try {
                day.sit(path);
            } catch (...) {
            }
            ::_exit(0);
        }
        std::this_thread::sleep_for(std::chrono::microseconds(rng.below(static_cast<uint64_t>(sitUs) + 1)));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        if (!WIFSIGNALED(status)) continue; // it finished first
        ++killed;
        const std::string bytes = readBytes(path);
        INFO("trial " << trial << ": killed after " << bytes.size() << " of " << wholeBytes.size()
                      << " bytes");
        CHECK(bytes.size() <= wholeBytes.size());
        CHECK(wholeBytes.compare(0, bytes.size(), bytes) == 0);
        const RecordingRead before = readRecording(path);
        if (!before.recording) continue; // killed before the header was whole: nothing was recorded
        if (before.recording->closed()) continue;

        ResumeOptions o;
        o.station = "station-1";
        o.now = "2026-03-02T09:30:00Z";
        std::string error;
        auto sitting = resumeRecording(path, o, error);
        INFO(error);
        REQUIRE(sitting);
        sitting.reset();
        ++resumed;
        const RecordingRead after = readRecording(path);
        INFO(after.recovery.message());
        REQUIRE(after.recording);
        CHECK(readBytes(path).compare(0, static_cast<std::size_t>(before.recovery.validBytes), wholeBytes, 0,
                                      static_cast<std::size_t>(before.recovery.validBytes)) == 0);
        CHECK(after.recording->resumes.size() == 1);
        REQUIRE(after.recording->attempts.size() == before.recording->attempts.size());
        for (std::size_t i = 0; i < before.recording->attempts.size(); ++i) {
            const auto& a = before.recording->attempts[i].commands;
            const auto& b = after.recording->attempts[i].commands;
            REQUIRE(b.size() >= a.size());
            CHECK(std::equal(a.begin(), a.end(), b.begin()));
        }
        REQUIRE(after.recording->quizzes.size() == before.recording->quizzes.size());
        for (std::size_t i = 0; i < before.recording->quizzes.size(); ++i)
            CHECK(after.recording->quizzes[i].answers == before.recording->quizzes[i].answers);
    }
    INFO(killed << " of 10 sittings killed midway, " << resumed << " resumed");
    CHECK(killed >= 3);
}

TEST_CASE("a bank, level or exam file edited between the sitting and the regrade is named",
          "[record][exam][tamper]") {
    // The exam and everything it names, copied where they can be edited.
    TempDir copy;
    fs::copy(std::string(STIPPLE_SOURCE_DIR) + "/levels", copy.scratch.dir() / "levels",
             fs::copy_options::recursive);
    const std::string examCopy = (copy.scratch.dir() / "levels/exams/foundation-certificate.xml").string();
    ExamDay day(examCopy);
    const std::string rec = day.tmp.path("C-0042.stiprec");
    REQUIRE(day.sit(rec));
    REQUIRE(Regrader().regrade(rec).reproduced());

    const RecordingRead read = readRecording(rec);
    REQUIRE(read.recording);
    int tried = 0;
    for (const RecordedFile& f : read.recording->header.files) {
        if (f.role != "bank" && f.role != "level" && f.role != "exam") continue;
        const std::string original = readBytes(f.path);
        std::string error;
        REQUIRE(writeFileAtomic(f.path, original + "<!-- edited after the exam -->\n", error));
        const RegradeReport r = Regrader().regrade(rec);
        CHECK_FALSE(r.reproduced());
        bool named = false;
        for (const std::string& p : r.problems)
            named |= p.rfind(f.role + " " + f.path + " has changed since the recording (sha256 ", 0) == 0;
        INFO(f.role << " " << f.path << (r.problems.empty() ? std::string() : ": " + r.problems[0]));
        CHECK(named);
        REQUIRE(writeFileAtomic(f.path, original, error));
        ++tried;
    }
    CHECK(tried >= 3);
    CHECK(Regrader().regrade(rec).reproduced()); // put back, everything reproduces again
}

TEST_CASE("a quiz picture swapped between the sitting and the regrade is named (issue 16, hole 8)",
          "[record][exam][tamper]") {
    TempDir copy;
    fs::copy(std::string(STIPPLE_SOURCE_DIR) + "/levels", copy.scratch.dir() / "levels",
             fs::copy_options::recursive);
    const std::string examCopy = (copy.scratch.dir() / "levels/exams/foundation-certificate.xml").string();
    const std::string natural = (copy.scratch.dir() / "levels/banks/pictures/even-patch-good.csv").string();
    const std::string grid = (copy.scratch.dir() / "levels/banks/pictures/even-patch-grid.csv").string();
    ExamDay day(examCopy);
    // Every picture the bank shows is pinned, with its hash, among the exam's files.
    CHECK(day.materials.sha256.count(natural) == 1);
    CHECK(day.materials.sha256.count(grid) == 1);
    const std::string rec = day.tmp.path("C-0042.stiprec");
    REQUIRE(day.sit(rec));
    const RecordingRead read = readRecording(rec);
    REQUIRE(read.recording);
    int pictures = 0;
    for (const RecordedFile& f : read.recording->header.files) {
        if (f.role != "picture") continue;
        ++pictures;
        CHECK(f.sha256 == sha256Hex(readBytes(f.path)));
    }
    CHECK(pictures == 3); // good, grid (shown twice), clumped
    REQUIRE(Regrader().regrade(rec).reproduced());
    REQUIRE(gradeExamRecording(*read.recording, sha256Hex(readBytes(rec))).result);

    // The "natural" picture replaced by the grid one: the question now shows two grids.
    const std::string original = readBytes(natural);
    std::string error;
    REQUIRE(writeFileAtomic(natural, readBytes(grid), error));
    const RegradeReport r = Regrader().regrade(rec);
    CHECK_FALSE(r.reproduced());
    bool named = false;
    for (const std::string& p : r.problems)
        named |= p.rfind("picture " + natural + " has changed since the recording (sha256 ", 0) == 0;
    INFO((r.problems.empty() ? std::string("no problem") : r.problems[0]));
    CHECK(named);
    const ExamGrading g = gradeExamRecording(*read.recording, sha256Hex(readBytes(rec)));
    CHECK_FALSE(g.result);
    REQUIRE(g.problems.size() == 1);
    CHECK(g.problems[0].rfind("the exam's file " + natural + " is not the file the sitting used (sha256 ",
                              0) == 0);

    REQUIRE(writeFileAtomic(natural, original, error));
    CHECK(Regrader().regrade(rec).reproduced());
}

TEST_CASE("a recording scored under other scoring rules says so, naming both scorer versions",
          "[record][exam][regrade]") {
    ExamDay day;
    const std::string rec = day.tmp.path("C-0042.stiprec");
    REQUIRE(day.sit(rec));
    const KeyPair keys = generateKeyPair();
    day.issue(rec, keys.secretKey);
    // Recorded now: this scorer's version, in the recording and in the signed result.
    CHECK(readRecording(rec).recording->header.scorerVersion == kScorerVersion);
    const std::string signedNow = readBytes(day.tmp.path("C-0042.result"));
    CHECK(signedNow.find("\nscorer " + std::to_string(kScorerVersion) + "\n") != std::string::npos);
    CHECK(verifySignedResult(signedNow, keys.publicKey).result.scorerVersion == kScorerVersion);
    const RegradeReport same = Regrader().regrade(rec);
    CHECK(same.reproduced());
    CHECK(same.scoringRulesChanged.empty());

    SECTION("made before scorer versions were recorded") {
        const std::string old = day.tmp.path("old.stiprec");
        test::rewriteAsScoredBy(rec, old, 0, 1.5, keys.secretKey);
        // An old result has no scorer line, and still verifies.
        const std::string signedOld = readBytes(day.tmp.path("old.result"));
        CHECK(signedOld.find("\nscorer ") == std::string::npos);
        CHECK(verifySignedResult(signedOld, keys.publicKey).valid);
        const RegradeReport r = Regrader().regrade(old);
        CHECK_FALSE(r.reproduced());
        INFO((r.problems.empty() ? "" : r.problems[0]));
        CHECK(
            r.scoringRulesChanged ==
            "the recording was made before scorer versions were recorded, and this Stipple scores with "
            "scorer " +
                std::to_string(kScorerVersion) +
                ": the scoring rules have changed since, so different scores are expected and by themselves "
                "do not mean the recording was forged or damaged");
        CHECK(r.problems[0].find("overall ") != std::string::npos); // the differences are still listed
    }
    SECTION("scored with another scorer version") {
        const std::string other = day.tmp.path("other.stiprec");
        test::rewriteAsScoredBy(rec, other, kScorerVersion + 1, -2.0, keys.secretKey);
        const RegradeReport r = Regrader().regrade(other);
        CHECK_FALSE(r.reproduced());
        CHECK(r.scoringRulesChanged.find(
                  "the recording was scored with scorer " + std::to_string(kScorerVersion + 1) +
                  " and this Stipple scores with scorer " + std::to_string(kScorerVersion) +
                  ": the scoring rules changed between the two") == 0);
    }
    SECTION("the same scorer with other scores is not explained away") {
        const std::string edited = day.tmp.path("edited.stiprec");
        test::rewriteAsScoredBy(rec, edited, kScorerVersion, 1.5, keys.secretKey);
        const RegradeReport r = Regrader().regrade(edited);
        CHECK_FALSE(r.reproduced());
        CHECK(r.scoringRulesChanged.empty());
    }
    SECTION("an old recording whose result names someone else is not explained away") {
        const std::string forged = day.tmp.path("forged.stiprec");
        test::rewriteAsScoredBy(rec, forged, 0, 1.5, keys.secretKey, "Someone Else");
        const RegradeReport r = Regrader().regrade(forged);
        CHECK_FALSE(r.reproduced());
        CHECK(r.scoringRulesChanged.empty());
        CHECK_FALSE(r.notes.empty());
        CHECK(r.notes.back() ==
              "recorded with no scorer version (made before scorer versions were recorded), "
              "regraded with scorer " +
                  std::to_string(kScorerVersion));
    }
}
