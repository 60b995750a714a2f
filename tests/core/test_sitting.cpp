// The exam sitting without a window (core's sitting/exam_flow.h): the calls the trainer's exam
// screens and `stipple record demo --exam` make, driven here directly — sign-in and its refusals,
// one canonical candidate id, the per-level seeds, the section clock and the hand-in at time-out,
// resuming after the program was killed, and the final result, which is byte for byte what
// `stipple regrade` reproduces from the closed recording.
#include "exam/candidate_id.h"
#include "exam/candidate_list.h"
#include "exam/signing.h"
#include "io/files.h"
#include "quiz/grading.h"
#include "quiz/quiz.h"
#include "record/exam_recording.h"
#include "record/level_versions.h"
#include "record/recording_reader.h"
#include "sitting/exam_flow.h"
#include "store/sqlite_store.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <optional>

using namespace stipple;
using stipple::test::Scratch;

namespace {

const std::string kTinyExam = std::string(STIPPLE_SOURCE_DIR) + "/tests/app/fixtures/exam/tiny-exam.xml";
constexpr int64_t kTicks = PracticeSession::kTicksPerSecond;

ExamFlowConfig config(const Scratch& s, const std::string& exam = kTinyExam) {
    ExamFlowConfig c;
    c.examPath = exam;
    c.userDir = s.dir().string();
    c.dbPath = (s.dir() / "results.db").string();
    c.station = "station-1";
    c.seed = 77;
    c.now = [] { return std::string("2026-03-02T09:00:00Z"); };
    return c;
}

/// `count` strikes across the canvas, each 0.25 s apart, starting after the session's tick.
void strike(PracticeSession& s, int count) {
    const Level& level = s.level();
    for (int i = 0; i < count; ++i) {
        Command c;
        c.tick = s.tick() + kTicks / 8;
        c.kind = CommandKind::MoveHand;
        c.posMm = {level.canvas.widthMm * (0.2 + 0.12 * (i % 6)),
                   level.canvas.heightMm * (0.3 + 0.15 * (i / 6 % 4))};
        s.advanceTo(c.tick);
        REQUIRE(s.apply(c));
        c.kind = CommandKind::NeedleDown;
        c.tick += 4;
        s.advanceTo(c.tick);
        REQUIRE(s.apply(c));
        c.kind = CommandKind::NeedleUp;
        c.tick += kTicks / 8 - 4;
        s.advanceTo(c.tick);
        REQUIRE(s.apply(c));
    }
}

std::shared_ptr<ExamFlow> openFlow(const ExamFlowConfig& c) {
    std::string error;
    auto flow = ExamFlow::open(c, error);
    INFO(error);
    REQUIRE(flow);
    return flow;
}

/// C-0042 starts a sitting and has placed 4 strikes 12 s into the first level when the program
/// dies: nothing is closed or handed in (the run and the flow just go away). Returns the recording.
std::string killedMidLevel(const ExamFlowConfig& c) {
    std::string error;
    auto flow = openFlow(c);
    REQUIRE(flow->checkCandidate("C-0042", "Ana Souza").kind == ExamSignIn::Kind::Fresh);
    REQUIRE(flow->start(error));
    auto first = flow->beginLevel(error);
    REQUIRE(first);
    strike(*first->session, 4);
    first->session->advanceTo(12 * kTicks);
    return flow->recordingPath();
}

/// The tiny exam with its two levels copied into `s`/exam (the bank stays in the source tree),
/// so that an instructor can edit them: returns the exam's path.
std::string tinyExamWithOwnLevels(const Scratch& s) {
    const std::string src = STIPPLE_SOURCE_DIR;
    const std::filesystem::path dir = s.dir() / "exam";
    std::filesystem::create_directories(dir);
    test::writeText(dir / "drill.xml", test::readText(src + "/levels/01-dot-drill.xml"));
    test::writeText(dir / "hairline.xml", test::readText(src + "/tests/app/fixtures/hairline.xml"));
    std::string exam = test::readText(kTinyExam);
    auto replace = [&](const std::string& from, const std::string& to) {
        const std::size_t at = exam.find(from);
        REQUIRE(at != std::string::npos);
        exam = exam.substr(0, at) + to + exam.substr(at + from.size());
    };
    replace("../../../../levels/01-dot-drill.xml", "drill.xml");
    replace("../hairline.xml", "hairline.xml");
    // The bank where it is, by a relative path (an exam names its files relative to itself).
    replace("../../../../levels/banks/brochure.xml",
            std::filesystem::relative(src + "/levels/banks/brochure.xml", dir).generic_string());
    test::writeText(dir / "tiny-exam.xml", exam);
    return (dir / "tiny-exam.xml").string();
}

/// An instructor's edit of a level file: a new title and, where the level has one, a stricter
/// pass mark (so grading on the edited level would give another result).
std::string edited(std::string text) {
    const std::size_t title = text.find("title=\"");
    REQUIRE(title != std::string::npos);
    text.insert(title + 7, "Revised: ");
    const std::size_t mark = text.find("<scoring pass-mark=\"");
    if (mark != std::string::npos) text = text.substr(0, mark + 20) + "99" + text.substr(mark + 22);
    return text;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// Answers every question right (what the recorded answers will be graded against).
void answerAll(ExamFlow& flow, ExamQuizRun& quiz) {
    std::string error;
    for (std::size_t i = 0; i < quiz.questions.size(); ++i) {
        quiz.answers[i] = correctResponse(quiz.questions[i]);
        REQUIRE(flow.answer(quiz, static_cast<int>(i), 2.0 * static_cast<double>(i + 1), error));
    }
}

} // namespace

TEST_CASE("candidate ids: trimmed, NFC and case-folded, so a typo in case or composition is one candidate",
          "[sitting]") {
    std::string why;
    CHECK(normaliseCandidateId("  Ana.Souza ", why) == std::optional<std::string>("ana.souza"));
    CHECK(normaliseCandidateId("C-0042", why) == std::optional<std::string>("c-0042"));
    // "José" typed precomposed (U+00E9) and decomposed (e + U+0301) is one id.
    const auto composed = normaliseCandidateId("Jos\xC3\xA9", why);
    const auto decomposed = normaliseCandidateId("JOSE\xCC\x81", why);
    REQUIRE(composed);
    CHECK(composed == decomposed);
    CHECK(*composed == "jos\xC3\xA9");
    // Case folding, not just lower-casing: ß and SS are one.
    CHECK(normaliseCandidateId("STRASSE", why) == normaliseCandidateId("stra\xC3\x9F"
                                                                       "e",
                                                                       why));
    // Refusals say what an id is.
    for (const std::string& bad : std::vector<std::string>{"", "   ", "ana souza", "../etc", "a/b", ".hidden",
                                                           std::string(65, 'x'), "\xFF\xFE"}) {
        why.clear();
        INFO(bad);
        CHECK_FALSE(normaliseCandidateId(bad, why));
        CHECK_FALSE(why.empty());
    }
    CHECK(canonicalCandidateKey(" C-EXTRA") == "c-extra");
}

TEST_CASE("sitting: sign-in is fresh, then refused with its reason once the attempts are used, whatever the "
          "case typed",
          "[sitting]") {
    Scratch s;
    auto flow = openFlow(config(s));
    ExamSignIn in = flow->checkCandidate("  C-0042", "Ana Souza ");
    REQUIRE(in.kind == ExamSignIn::Kind::Fresh);
    CHECK(in.attempt == 1);
    CHECK(in.allowed == 1);
    CHECK(flow->candidateId() == "c-0042");
    CHECK(flow->candidateName() == "Ana Souza");
    std::string error;
    REQUIRE(flow->start(error));
    CHECK(std::filesystem::exists(flow->recordingPath()));

    // The sitting is in progress on station-1: another station is refused, naming the station.
    ExamFlowConfig other = config(s);
    other.station = "station-2";
    ExamSignIn elsewhere = openFlow(other)->checkCandidate("c-0042", "Ana Souza");
    CHECK(elsewhere.kind == ExamSignIn::Kind::Refused);
    CHECK(elsewhere.reason.find("station-1") != std::string::npos);
    // The same station offers it for resuming — typed in another case, it is the same candidate.
    ExamSignIn again = openFlow(config(s))->checkCandidate("C-0042", "Ana Souza");
    CHECK(again.kind == ExamSignIn::Kind::Resume);
    CHECK(again.recording == flow->recordingPath());

    // Handed in: the one attempt allowed is used, and "c-0042 " cannot sit again.
    while (!flow->allSectionsDone()) {
        if (flow->section().kind == SectionKind::Practical) {
            auto run = flow->beginLevel(error);
            REQUIRE(run);
            REQUIRE(flow->endLevel(std::move(*run), error));
        } else {
            auto quiz = flow->beginQuiz(error);
            REQUIRE(quiz);
            REQUIRE(flow->endQuiz(1.0, false, error));
        }
    }
    REQUIRE(flow->finish().result);
    ExamSignIn refused = openFlow(config(s))->checkCandidate("c-0042 ", "Ana Souza");
    CHECK(refused.kind == ExamSignIn::Kind::Refused);
    CHECK(refused.reason.find("attempt") != std::string::npos);
    // A name is required, and a malformed id is refused before the store is touched.
    CHECK(openFlow(config(s))->checkCandidate("C-0099", "  ").kind == ExamSignIn::Kind::Refused);
    CHECK(openFlow(config(s))->checkCandidate("C 0099", "Bo").reason.find("space") != std::string::npos);
}

TEST_CASE("sitting: extra time follows the canonical id, whatever case the exam's list or the sign-in used",
          "[sitting]") {
    Scratch s;
    auto flow = openFlow(config(s));
    REQUIRE(flow->checkCandidate("c-extra", "Extra Time").kind == ExamSignIn::Kind::Fresh);
    CHECK(flow->sectionLimitS(0) == 120.0); // the fixture lists "C-EXTRA" with one more minute
    auto plain = openFlow(config(s));
    REQUIRE(plain->checkCandidate("c-plain", "No Extra").kind == ExamSignIn::Kind::Fresh);
    CHECK(plain->sectionLimitS(0) == 60.0);
}

TEST_CASE("candidate list: a spreadsheet's CSV reads, and every mistake is named with its line and column",
          "[sitting][accommodation]") {
    CandidateList list;
    Diagnostics ok;
    // A UTF-8 BOM, CRLF, quoted cells and columns in any order, as spreadsheets save them.
    REQUIRE(parseCandidateList("\xEF\xBB\xBFreason,candidate_id,extra_percent\r\n"
                               "\"reader, large print\",Zo\xC3\xAB.Martin ,25\r\n"
                               ",C-2,\r\n",
                               "list.csv", list, ok));
    REQUIRE(list.entries.size() == 2);
    CHECK(list.find("ZO\xC3\x8B.MARTIN") == &list.entries[0]); // any case of the id
    CHECK(list.entries[0].extraPercent == 25.0);
    CHECK(list.entries[0].reason == "reader, large print");
    CHECK_FALSE(list.entries[1].grantsTime());
    CHECK(list.find("C-3") == nullptr);

    const auto errors = [](const std::string& text) {
        CandidateList l;
        Diagnostics d;
        CHECK_FALSE(parseCandidateList(text, "list.csv", l, d));
        return d.formatAll();
    };
    CHECK(errors("id,extra_percent\nC-1,5\n").find("list.csv:1:1: error: unknown column 'id'") !=
          std::string::npos);
    CHECK(errors("name\nAna\n").find("must name the column 'candidate_id'") != std::string::npos);
    CHECK(errors("candidate_id,extra_percent,reason\nC-1,250,x\n")
              .find("list.csv:2:5: error: column 'extra_percent' must be a number from 0 to 200 (or empty), "
                    "got '250'") != std::string::npos);
    CHECK(errors("candidate_id\nC-1\nc-1 \n")
              .find("list.csv:3:1: error: candidate c-1 is already listed at line 2") != std::string::npos);
    CHECK(errors("candidate_id\nC 1\n").find("list.csv:2:1: error: candidate_id 'C 1'") != std::string::npos);
    CHECK(errors("candidate_id,reason\nC-1\n")
              .find("list.csv:2:1: error: 1 cells where the first line names 2 columns") !=
          std::string::npos);
    CHECK(errors("").find("list.csv:1:1: error: the candidate list is empty") != std::string::npos);
}

TEST_CASE("sitting: extra time comes from the academy's candidate list by canonical id, and an unlisted "
          "candidate is refused or admitted as the exam says",
          "[sitting][accommodation]") {
    Scratch s;
    const std::string listed =
        std::string(STIPPLE_SOURCE_DIR) + "/tests/app/fixtures/exam/tiny-exam-listed.xml";
    const std::string list = (s.dir() / "candidates.csv").string();
    std::string error;
    REQUIRE(writeFileAtomic(list,
                            "candidate_id,name,extra_percent,extra_minutes,reason\n"
                            "C-EXTRA,Extra Time,50,,documented dyslexia\n"
                            "C-PLAIN,No Extra,,,\n",
                            error));
    ExamFlowConfig c = config(s, listed);
    c.candidateListPath = list;

    // Listed with 50 %: the one-minute sections become 90 s, whatever case the id is typed in.
    auto flow = openFlow(c);
    REQUIRE(flow->checkCandidate(" c-extra", "Extra Time").kind == ExamSignIn::Kind::Fresh);
    CHECK(flow->sectionLimitS(0) == 90.0);
    CHECK(flow->sectionLimitS(1) == 90.0);
    REQUIRE(flow->accommodation());
    CHECK(flow->accommodation()->source == list);
    CHECK(flow->accommodation()->sourceSha256 == sha256Hex(test::readText(list)));
    CHECK(flow->accommodation()->reason == "documented dyslexia");
    // Listed without extra time: the exam's own limits.
    REQUIRE(openFlow(c)->checkCandidate("C-PLAIN", "No Extra").kind == ExamSignIn::Kind::Fresh);
    CHECK(openFlow(c)->sectionLimitS(0) == 60.0);
    // Not on the list: refused, saying who can add them (this exam says unlisted="refuse").
    const ExamSignIn stranger = openFlow(c)->checkCandidate("C-0099", "Bo Stranger");
    CHECK(stranger.kind == ExamSignIn::Kind::Refused);
    CHECK(stranger.reason.find("c-0099 is not on the academy's candidate list (" + list + ")") !=
          std::string::npos);
    // No list on this station: refused with what the invigilator sets.
    ExamFlowConfig none = config(s, listed);
    const ExamSignIn noList = openFlow(none)->checkCandidate("C-EXTRA", "Extra Time");
    CHECK(noList.kind == ExamSignIn::Kind::Refused);
    CHECK(noList.reason.find("candidates = FILE") != std::string::npos);
    // A list with a mistake is refused with its file, line and column, and nobody sits on it.
    REQUIRE(writeFileAtomic(list,
                            "candidate_id,name,extra_percent,extra_minutes,reason\n"
                            "C-PLAIN,No Extra,,,\n"
                            "C-EXTRA,Extra Time,50,,\n",
                            error));
    const ExamSignIn broken = openFlow(c)->checkCandidate("C-PLAIN", "No Extra");
    CHECK(broken.kind == ExamSignIn::Kind::Refused);
    CHECK(broken.reason.find(list + ":3:") != std::string::npos);
    CHECK(broken.reason.find("without a reason") != std::string::npos);

    // The exam's own list beside it, unlisted="admit": a listed candidate gets 25 % + 0.5 min, an
    // unlisted one sits with the exam's time (and no typed text can change either).
    const std::string admit =
        std::string(STIPPLE_SOURCE_DIR) + "/tests/app/fixtures/exam/tiny-exam-admit.xml";
    auto zoe = openFlow(config(s, admit));
    REQUIRE(zoe->checkCandidate("c-0007", "Zoë Martin").kind == ExamSignIn::Kind::Fresh);
    CHECK(zoe->sectionLimitS(0) == 60.0 * 1.25 + 30.0);
    auto other = openFlow(config(s, admit));
    REQUIRE(other->checkCandidate("C-0008", "Extra Time please").kind == ExamSignIn::Kind::Fresh);
    CHECK(other->sectionLimitS(0) == 60.0);
    REQUIRE(other->accommodation());
    CHECK(other->accommodation()->extraPercent == 0.0);
}

TEST_CASE("sitting: the extra time granted at sign-in is pinned in the recording, so a resume and stipple "
          "regrade give the same after the list changed, and an altered grant is refused",
          "[sitting][accommodation]") {
    Scratch s;
    const std::string listed =
        std::string(STIPPLE_SOURCE_DIR) + "/tests/app/fixtures/exam/tiny-exam-listed.xml";
    const std::string list = (s.dir() / "candidates.csv").string();
    std::string error, recording;
    REQUIRE(writeKeyPair(generateKeyPair(), (s.dir() / "keys").string(), false, error));
    REQUIRE(
        writeFileAtomic(list, "candidate_id,extra_minutes,reason\nC-EXTRA,1,documented dyslexia\n", error));
    ExamFlowConfig c = config(s, listed);
    c.candidateListPath = list;
    {
        auto flow = openFlow(c);
        REQUIRE(flow->checkCandidate("C-EXTRA", "Extra Time").kind == ExamSignIn::Kind::Fresh);
        REQUIRE(flow->start(error));
        recording = flow->recordingPath();
        auto first = flow->beginLevel(error);
        REQUIRE(first);
        CHECK(first->session->limitTick() == std::optional<int64_t>(120 * kTicks)); // 1 min + 1 min
        strike(*first->session, 3);
        first->session->advanceTo(70 * kTicks); // past the exam's own minute: only extra time allows it
        // Killed here.
    }
    const RecordingRead pinned = readRecording(recording);
    REQUIRE(pinned.recording);
    REQUIRE(pinned.recording->header.accommodation);
    CHECK(pinned.recording->header.accommodation->extraMinutes == 1.0);
    CHECK(pinned.recording->header.accommodation->source == list);

    // The academy changes its list meanwhile (the candidate's extra time now 50 %): the sitting
    // resumes with the extra time it started with.
    REQUIRE(
        writeFileAtomic(list, "candidate_id,extra_percent,reason\nC-EXTRA,50,reviewed\nC-NEW,,\n", error));
    auto flow = openFlow(c);
    REQUIRE(flow->checkCandidate("c-extra", "Extra Time").kind == ExamSignIn::Kind::Resume);
    REQUIRE(flow->resume(error));
    CHECK(flow->sectionLimitS(0) == 120.0);
    auto resumed = flow->beginLevel(error);
    REQUIRE(resumed);
    CHECK_FALSE(resumed->session->finished());
    REQUIRE(flow->endLevel(std::move(*resumed), error));
    auto second = flow->beginLevel(error);
    REQUIRE(second);
    CHECK(second->session->limitTick() == std::optional<int64_t>(50 * kTicks)); // 120 s − 70 s used
    REQUIRE(flow->endLevel(std::move(*second), error));
    auto quiz = flow->beginQuiz(error);
    REQUIRE(quiz);
    CHECK(quiz->limitS == 120.0);
    answerAll(*flow, *quiz);
    REQUIRE(flow->endQuiz(100.0, false, error)); // 100 s: within the candidate's time only
    const ExamOutcome out = flow->finish();
    INFO((out.problems.empty() ? std::string() : out.problems.front()));
    REQUIRE(out.result);
    CHECK(out.result->sections[0].timeLimitS == 120.0);
    CHECK(out.result->sections[1].timeLimitS == 120.0);
    CHECK_FALSE(out.result->sections[0].timedOut);

    // stipple regrade gives the same bytes from the recording, though the list now says 50 %.
    REQUIRE(out.signedResult);
    const test::Run r = test::runStipple("regrade " + test::quote(out.recording));
    INFO(r.out + r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("the same bytes as") != std::string::npos);

    // A grant written into the recording by hand is refused when the list it names still says
    // otherwise; and one naming no source at all is refused outright.
    REQUIRE(
        writeFileAtomic(list, "candidate_id,extra_minutes,reason\nC-EXTRA,1,documented dyslexia\n", error));
    const RecordingRead read = readRecording(out.recording);
    REQUIRE(read.recording);
    const std::string sha = sha256Hex(test::readText(out.recording));
    REQUIRE(gradeExamRecording(*read.recording, sha).result); // as recorded, the list agrees
    Recording altered = *read.recording;
    altered.header.accommodation->extraMinutes = 30.0;
    const ExamGrading caught = gradeExamRecording(altered, sha);
    CHECK_FALSE(caught.result);
    REQUIRE_FALSE(caught.problems.empty());
    CHECK(caught.problems[0] ==
          "the recording grants extra time of 30 min, but the candidate list " + list +
              " it names grants c-extra extra time of 1 min: the recording was altered");
    altered.header.accommodation->source.clear();
    altered.header.accommodation->sourceSha256.clear();
    const ExamGrading sourceless = gradeExamRecording(altered, sha);
    CHECK_FALSE(sourceless.result);
    REQUIRE_FALSE(sourceless.problems.empty());
    CHECK(sourceless.problems[0].find("without naming a candidate list") != std::string::npos);
}

TEST_CASE("sitting: a whole sitting grades from its closed recording, and stipple regrade reproduces the "
          "signed result byte for byte",
          "[sitting]") {
    Scratch s;
    std::string error;
    REQUIRE(writeKeyPair(generateKeyPair(), (s.dir() / "keys").string(), false, error));
    auto flow = openFlow(config(s));
    REQUIRE(flow->checkCandidate("C-0042", "Ana Souza").kind == ExamSignIn::Kind::Fresh);
    REQUIRE(flow->start(error));

    // Level 1: the session's seed is the exam's seed, section and position (per-level seeds), and
    // it gets the whole section's minute.
    auto first = flow->beginLevel(error);
    REQUIRE(first);
    CHECK(first->item == 0);
    CHECK(first->count == 2);
    CHECK_FALSE(first->readingTimeCounts); // the fixture's default: the brief is read off the clock
    CHECK(first->session->seed() == flow->instance().seed);
    CHECK(first->session->limitTick() == std::optional<int64_t>(60 * kTicks));
    // The exam's view: no ghost, no undo, no live score — but a drill's targets are the task.
    CHECK_FALSE(first->shown->mode.ghost);
    CHECK_FALSE(first->shown->mode.undo);
    CHECK_FALSE(first->shown->mode.liveScore);
    CHECK(first->shown->target.dots.size() == 20);
    strike(*first->session, 6);
    first->session->advanceTo(20 * kTicks);
    REQUIRE(flow->endLevel(std::move(*first), error));

    // Level 2 gets what is left: 40 s, and its own seed.
    auto second = flow->beginLevel(error);
    REQUIRE(second);
    CHECK(second->item == 1);
    CHECK(second->usedBeforeS == Approx(20.0));
    CHECK(second->session->seed() == flow->instance().seed + 1);
    CHECK(second->session->limitTick() == std::optional<int64_t>(40 * kTicks));
    strike(*second->session, 3);
    REQUIRE(flow->endLevel(std::move(*second), error));

    auto quiz = flow->beginQuiz(error);
    REQUIRE(quiz);
    CHECK(quiz->questions.size() == 3);
    answerAll(*flow, *quiz);
    REQUIRE(flow->endQuiz(10.0, false, error));
    REQUIRE(flow->allSectionsDone());

    const ExamOutcome out = flow->finish();
    INFO((out.problems.empty() ? std::string() : out.problems.front()));
    REQUIRE(out.result);
    CHECK(out.problems.empty());
    CHECK(out.result->candidateId == "c-0042");
    CHECK(out.result->sections.size() == 2);
    CHECK(out.result->sections[1].score == Approx(100.0));
    // The final result is what grading the closed recording gives, and what the CLI reproduces.
    const ExamOutcome regraded = gradeRecordingFile(out.recording);
    REQUIRE(regraded.result);
    CHECK(canonicalResultText(*regraded.result) == canonicalResultText(*out.result));
    REQUIRE(out.signedResult);
    const test::Run r = test::runStipple("regrade " + test::quote(out.recording));
    INFO(r.out + r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("the same bytes as") != std::string::npos);

    // The store knows the attempt as submitted, under the canonical id.
    StoreError se;
    auto store = openSqliteStore((s.dir() / "results.db").string(), StoreMode::ReadOnly, se);
    REQUIRE(store);
    std::vector<AttemptRecord> attempts;
    REQUIRE(store->listAttempts("c-0042", "tiny-exam", attempts, se));
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0].status == "submitted");
}

TEST_CASE("sitting: the academy key left where keys were kept before still signs, and the outcome says to "
          "move it",
          "[sitting][keys]") {
    Scratch s;
    std::string error;
    // Set up before keys followed the data folder: the pair is in the XDG data folder's keys/,
    // while the station's data folder (userDir) is another one.
    const std::filesystem::path xdg = s.dir() / "xdg";
    REQUIRE(writeKeyPair(generateKeyPair(), (xdg / "stipple" / "keys").string(), false, error));
    const char* was = std::getenv("XDG_DATA_HOME");
    const std::optional<std::string> saved = was ? std::optional<std::string>(was) : std::nullopt;
    ::setenv("XDG_DATA_HOME", xdg.c_str(), 1);
    ExamFlowConfig c = config(s);
    c.userDir = (s.dir() / "station").string();
    auto flow = openFlow(c);
    REQUIRE(flow->checkCandidate("C-0042", "Ana Souza").kind == ExamSignIn::Kind::Fresh);
    REQUIRE(flow->start(error));
    for (int item = 0; item < 2; ++item) {
        auto level = flow->beginLevel(error);
        REQUIRE(level);
        strike(*level->session, 2);
        REQUIRE(flow->endLevel(std::move(*level), error));
    }
    auto quiz = flow->beginQuiz(error);
    REQUIRE(quiz);
    answerAll(*flow, *quiz);
    REQUIRE(flow->endQuiz(10.0, false, error));
    const ExamOutcome out = flow->finish();
    if (saved)
        ::setenv("XDG_DATA_HOME", saved->c_str(), 1);
    else
        ::unsetenv("XDG_DATA_HOME");
    INFO((out.problems.empty() ? std::string() : out.problems.front()));
    REQUIRE(out.result);
    CHECK(out.signedResult); // with the key from the old folder
    REQUIRE(out.notes.size() == 1);
    const std::string keys = (s.dir() / "station" / "keys").string();
    CHECK(out.notes[0] == "the key folder is now " + keys +
                              " (keys/ in the data folder that user-data= or STIPPLE_USER_DATA names); using "
                              "academy.secret from " +
                              (xdg / "stipple" / "keys").string() +
                              ", where keys were kept before. Move them into the key folder: mkdir -p '" +
                              keys + "' && mv '" + (xdg / "stipple" / "keys").string() + "'/* '" + keys +
                              "'/");
}

TEST_CASE("sitting: a level that uses up the section's time hands in the rest empty, and a quiz handed in at "
          "time-out says so",
          "[sitting]") {
    Scratch s;
    std::string error;
    auto flow = openFlow(config(s));
    REQUIRE(flow->checkCandidate("C-0042", "Ana Souza").kind == ExamSignIn::Kind::Fresh);
    REQUIRE(flow->start(error));
    auto first = flow->beginLevel(error);
    REQUIRE(first);
    strike(*first->session, 2);
    // The candidate lets the clock run out on level 1: the session ends at the limit.
    first->session->advanceTo(*first->session->limitTick());
    CHECK(first->session->finished());
    REQUIRE(flow->endLevel(std::move(*first), error));
    // Level 2 was handed in empty at once; the quiz is next.
    REQUIRE(flow->section().kind == SectionKind::Quiz);
    auto quiz = flow->beginQuiz(error);
    REQUIRE(quiz);
    answerAll(*flow, *quiz);
    REQUIRE(flow->endQuiz(60.0, true, error));
    const ExamOutcome out = flow->finish();
    REQUIRE(out.result);
    const auto& practical = out.result->sections[0];
    CHECK(practical.timedOut);
    CHECK(practical.timeUsedS == Approx(60.0).margin(1.0 / kTicks));
    REQUIRE(practical.items.size() == 2);
    CHECK(out.result->sections[1].timedOut);
    const RecordingRead read = readRecording(out.recording);
    REQUIRE(read.recording);
    REQUIRE(read.recording->attempts.size() == 2);
    CHECK(read.recording->attempts[1].end->reason == AttemptEndReason::TimeLimit);
    CHECK(read.recording->attempts[1].end->dotCount == 0);
}

TEST_CASE("sitting: killed mid-level, it resumes on the same station with its dots and the time used, and "
          "grades as a regrade",
          "[sitting]") {
    Scratch s;
    std::string error;
    const std::string recording = killedMidLevel(config(s));
    auto flow = openFlow(config(s));
    const ExamSignIn in = flow->checkCandidate("c-0042", "Ana Souza");
    REQUIRE(in.kind == ExamSignIn::Kind::Resume);
    REQUIRE(flow->resume(error));
    CHECK(flow->recordingPath() == recording);
    auto resumed = flow->beginLevel(error);
    REQUIRE(resumed);
    CHECK(resumed->item == 0);
    CHECK(resumed->session->dots().size() == 4);
    // The recording's clock is at most a second behind the moment of the kill.
    CHECK(resumed->session->tick() >= 11 * kTicks);
    CHECK(resumed->session->tick() <= 12 * kTicks);
    CHECK_FALSE(resumed->shown->mode.ghost); // the exam's view again, not the level file's
    REQUIRE(flow->endLevel(std::move(*resumed), error));
    auto second = flow->beginLevel(error);
    REQUIRE(second);
    REQUIRE(flow->endLevel(std::move(*second), error));
    auto quiz = flow->beginQuiz(error);
    REQUIRE(quiz);
    REQUIRE(flow->endQuiz(5.0, false, error));
    const ExamOutcome out = flow->finish();
    REQUIRE(out.result);
    CHECK(out.result->sections[0].items.size() == 2);
    const ExamOutcome regraded = gradeRecordingFile(recording);
    REQUIRE(regraded.result);
    CHECK(canonicalResultText(*regraded.result) == canonicalResultText(*out.result));
    const RecordingRead read = readRecording(recording);
    REQUIRE(read.recording);
    CHECK(read.recording->resumes.size() == 1);
}

TEST_CASE("sitting: the quiz's choices are shuffled from the recorded seed, the same order after a resume, "
          "and answers map back",
          "[sitting][quiz]") {
    Scratch s;
    std::string error;
    ExamFlowConfig c =
        config(s, std::string(STIPPLE_SOURCE_DIR) + "/levels/exams/foundation-certificate.xml");
    std::vector<std::vector<int>> shown;
    uint64_t displaySeed = 0;
    {
        auto flow = openFlow(c);
        REQUIRE(flow->checkCandidate("C-0042", "Ana Souza").kind == ExamSignIn::Kind::Fresh);
        REQUIRE(flow->start(error));
        for (int i = 0; i < 3; ++i) {
            auto run = flow->beginLevel(error);
            REQUIRE(run);
            REQUIRE(flow->endLevel(std::move(*run), error));
        }
        auto quiz = flow->beginQuiz(error);
        REQUIRE(quiz);
        CHECK(quiz->limitS == 20 * 60.0);
        CHECK(quiz->title == "Aftercare, sessions and SMP");
        displaySeed = quiz->displaySeed;
        const RecordingRead read = readRecording(flow->recordingPath());
        REQUIRE(read.recording);
        REQUIRE(read.recording->quizzes.size() == 1);
        CHECK(examQuizDisplaySeed(read.recording->quizzes[0].setup) == displaySeed);

        QuizOptions o;
        o.seed = quiz->displaySeed;
        o.feedback = FeedbackMode::Deferred;
        const Quiz presented = Quiz::ofQuestions(quiz->questions, o);
        REQUIRE(presented.size() == quiz->questions.size());
        int reordered = 0, choiceQuestions = 0;
        for (std::size_t i = 0; i < presented.size(); ++i) {
            const QuizItem& item = presented.item(i);
            CHECK(item.question.id == quiz->questions[i].id); // the exam's question order is kept
            shown.push_back(item.display);
            if (item.display.size() < 2) continue;
            ++choiceQuestions;
            std::vector<int> fileOrder(item.display.size());
            std::iota(fileOrder.begin(), fileOrder.end(), 0);
            reordered += item.display != fileOrder ? 1 : 0;
            // What the candidate picks on screen is recorded in the question's own order, and back.
            DisplayedAnswer picked;
            if (item.question.type == QuestionType::Ordering) {
                picked.order.resize(item.display.size());
                std::iota(picked.order.rbegin(), picked.order.rend(), 0);
            } else {
                picked.choices = {0};
            }
            std::string why;
            const auto response = Quiz::toResponse(item, picked, why);
            REQUIRE(response);
            CHECK(Quiz::toDisplayed(item, *response).choices == picked.choices);
            CHECK(Quiz::toDisplayed(item, *response).order == picked.order);
        }
        CHECK(choiceQuestions >=
              4); // this draw: single, multiple and ordering questions among true/false and numbers
        CHECK(reordered * 2 >=
              choiceQuestions); // not the file's order (the bank lists the right answer first)
        quiz->answers[0] = correctResponse(quiz->questions[0]);
        REQUIRE(flow->answer(*quiz, 0, 3.0, error));
        // Killed here, mid-quiz.
    }
    auto flow = openFlow(c);
    REQUIRE(flow->checkCandidate("c-0042", "Ana Souza").kind == ExamSignIn::Kind::Resume);
    REQUIRE(flow->resume(error));
    auto quiz = flow->beginQuiz(error);
    REQUIRE(quiz);
    CHECK(quiz->displaySeed == displaySeed);
    CHECK(quiz->answers[0] == correctResponse(quiz->questions[0]));
    QuizOptions o;
    o.seed = quiz->displaySeed;
    const Quiz again = Quiz::ofQuestions(quiz->questions, o);
    for (std::size_t i = 0; i < again.size(); ++i)
        CHECK(again.item(i).display == shown[i]);
}

TEST_CASE(
    "sitting: every level is kept when the sitting starts, so an edit afterwards changes no regrade, and "
    "a missing or forged version is named with what to do",
    "[sitting][versions]") {
    Scratch s;
    std::string error;
    REQUIRE(writeKeyPair(generateKeyPair(), (s.dir() / "keys").string(), false, error));
    const std::string exam = tinyExamWithOwnLevels(s);
    const std::string drill = (s.dir() / "exam/drill.xml").string();
    const std::string hairline = (s.dir() / "exam/hairline.xml").string();
    const std::string drillText = test::readText(drill), hairlineText = test::readText(hairline);
    const std::string versions = levelVersionsDir(s.dir().string());
    auto flow = openFlow(config(s, exam));
    REQUIRE(flow->checkCandidate("C-0042", "Ana Souza").kind == ExamSignIn::Kind::Fresh);
    REQUIRE(flow->start(error));
    // Both levels are kept before either is sat.
    const std::string keptDrill = levelVersionPath(versions, sha256Hex(drillText));
    CHECK(test::readText(keptDrill) == drillText);
    CHECK(test::readText(levelVersionPath(versions, sha256Hex(hairlineText))) == hairlineText);

    // Mid-sitting, the instructor edits the second level: the candidate still gets the exam's.
    test::writeText(hairline, edited(hairlineText));
    auto first = flow->beginLevel(error);
    REQUIRE(first);
    strike(*first->session, 6);
    first->session->advanceTo(20 * kTicks);
    REQUIRE(flow->endLevel(std::move(*first), error));
    auto second = flow->beginLevel(error);
    INFO(error);
    REQUIRE(second);
    CHECK(second->title == "Temple hairline");
    strike(*second->session, 3);
    REQUIRE(flow->endLevel(std::move(*second), error));
    auto quiz = flow->beginQuiz(error);
    REQUIRE(quiz);
    answerAll(*flow, *quiz);
    REQUIRE(flow->endQuiz(10.0, false, error));
    const ExamOutcome out = flow->finish();
    INFO((out.problems.empty() ? std::string() : out.problems.front()));
    REQUIRE(out.result);
    REQUIRE(out.signedResult);
    const std::string signedText = canonicalResultText(*out.result);

    // After the sitting the drill is edited too. With the kept versions the whole exam grades to
    // the same bytes, in the library, `stipple regrade` and `stipple verify --recording`.
    test::writeText(drill, edited(drillText));
    const ExamOutcome regraded = gradeRecordingFile(out.recording, versions);
    INFO((regraded.problems.empty() ? std::string() : regraded.problems.front()));
    REQUIRE(regraded.result);
    CHECK(canonicalResultText(*regraded.result) == signedText);
    const std::string user = test::quote(s.dir());
    const test::Run r = test::runStipple("regrade " + test::quote(out.recording) + " --user-data " + user);
    INFO(r.out + r.err);
    CHECK(r.exitCode == 0);
    CHECK(contains(r.out, "the same bytes as"));
    const test::Run v = test::runStipple("verify " + test::quote(out.resultFile) + " --key " +
                                         test::quote(s.dir() / "keys" / kPublicKeyFile) + " --recording " +
                                         test::quote(out.recording) + " --user-data " + user);
    INFO(v.out + v.err);
    CHECK(v.exitCode == 0);

    // Without them there is no grade on the edited levels, but the level, the hash and the way
    // back, and exit 1.
    const std::string elsewhere = levelVersionsDir((s.dir() / "elsewhere").string());
    const ExamOutcome blind = gradeRecordingFile(out.recording, elsewhere);
    CHECK_FALSE(blind.result);
    REQUIRE_FALSE(blind.problems.empty());
    CHECK(contains(blind.problems.front(), "level dot-drill (" + drill + ") was sat as sha256 " +
                                               sha256Hex(drillText) + " and has changed since the sitting"));
    CHECK(contains(blind.problems.front(), "no version with that hash is kept in " + elsewhere));
    CHECK(contains(blind.problems.front(), "copy that version of the level file"));
    const test::Run b = test::runStipple("regrade " + test::quote(out.recording) + " --user-data " +
                                         test::quote(s.dir() / "elsewhere"));
    CHECK(b.exitCode == 1);
    CHECK(contains(b.out, out.recording));
    CHECK(contains(b.out, "level dot-drill (" + drill + ") was sat as sha256 " + sha256Hex(drillText)));
    const test::Run bv = test::runStipple(
        "verify " + test::quote(out.resultFile) + " --key " + test::quote(s.dir() / "keys" / kPublicKeyFile) +
        " --recording " + test::quote(out.recording) + " --user-data " + test::quote(s.dir() / "elsewhere"));
    CHECK(bv.exitCode == 1);
    CHECK(contains(bv.out + bv.err, "was sat as sha256 " + sha256Hex(drillText)));

    // A kept file that is not the version its name says (here: the edited drill) is refused by name.
    test::writeText(keptDrill, edited(drillText));
    const ExamOutcome forged = gradeRecordingFile(out.recording, versions);
    CHECK_FALSE(forged.result);
    REQUIRE_FALSE(forged.problems.empty());
    CHECK(contains(forged.problems.front(), "the kept version " + keptDrill + " is refused"));
    const test::Run f = test::runStipple("regrade " + test::quote(out.recording) + " --user-data " + user);
    CHECK(f.exitCode == 1);
    CHECK(contains(f.out, "the kept version " + keptDrill + " is refused"));
}

TEST_CASE("sitting: resumed after its level files were edited, it goes on on the versions it started with",
          "[sitting][versions]") {
    Scratch s;
    std::string error;
    const std::string exam = tinyExamWithOwnLevels(s);
    const std::string drill = (s.dir() / "exam/drill.xml").string();
    const std::string hairline = (s.dir() / "exam/hairline.xml").string();
    const std::string drillText = test::readText(drill), hairlineText = test::readText(hairline);
    const std::string recording = killedMidLevel(config(s, exam));
    // Both levels are edited before the candidate comes back.
    test::writeText(drill, edited(drillText));
    test::writeText(hairline, edited(hairlineText));

    // The kept versions gone (another station's folder): the resume is refused, naming the level,
    // the hash and the way back; nothing is sat on the edited levels.
    const std::string versions = levelVersionsDir(s.dir().string());
    std::filesystem::rename(versions, s.dir() / "put-aside");
    {
        auto flow = openFlow(config(s, exam));
        REQUIRE(flow->checkCandidate("c-0042", "Ana Souza").kind == ExamSignIn::Kind::Resume);
        CHECK_FALSE(flow->resume(error));
        CHECK(contains(error, "cannot resume " + recording + ": "));
        CHECK(contains(error, "level dot-drill (" + drill + ") was sat as sha256 " + sha256Hex(drillText)));
        CHECK(contains(error, "copy that version of the level file"));
    }
    // Put back as the message says, under names of the instructor's choosing: found by content.
    std::filesystem::create_directories(versions);
    test::writeText(std::filesystem::path(versions) / "drill as sat.xml", drillText);
    test::writeText(std::filesystem::path(versions) / "hairline-backup.xml", hairlineText);

    auto flow = openFlow(config(s, exam));
    REQUIRE(flow->checkCandidate("c-0042", "Ana Souza").kind == ExamSignIn::Kind::Resume);
    REQUIRE(flow->resume(error));
    auto resumed = flow->beginLevel(error);
    REQUIRE(resumed);
    CHECK(resumed->session->dots().size() == 4);
    CHECK(resumed->title == "First dots: placement drill"); // not "Revised: …"
    CHECK(resumed->session->level().scoring.passMark == 70.0);
    REQUIRE(flow->endLevel(std::move(*resumed), error));
    auto second = flow->beginLevel(error);
    REQUIRE(second);
    CHECK(second->title == "Temple hairline");
    REQUIRE(flow->endLevel(std::move(*second), error));
    auto quiz = flow->beginQuiz(error);
    REQUIRE(quiz);
    REQUIRE(flow->endQuiz(5.0, false, error));
    const ExamOutcome out = flow->finish();
    INFO((out.problems.empty() ? std::string() : out.problems.front()));
    REQUIRE(out.result);
    // Both attempts name the versions the sitting started with, and the recording regrades.
    const RecordingRead read = readRecording(recording);
    REQUIRE(read.recording);
    REQUIRE(read.recording->attempts.size() == 2);
    CHECK(read.recording->attempts[0].setup.levelSha256 == sha256Hex(drillText));
    CHECK(read.recording->attempts[1].setup.levelSha256 == sha256Hex(hairlineText));
    const ExamOutcome regraded = gradeRecordingFile(recording, versions);
    REQUIRE(regraded.result);
    CHECK(canonicalResultText(*regraded.result) == canonicalResultText(*out.result));
}
