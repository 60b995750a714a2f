// Replay, regrade and resume of recorded attempts: a cursor stepped in any chunks or scrubbed
// back reaches the same state as a straight replay; a regrade reproduces the recorded end, dots
// and scorecard exactly, and says what differs when a level file, a recorded score or the
// recording itself changed; a sitting cut off mid-attempt resumes on the same station with the
// time already used counted (the level's time limit keeps running), and the whole recording —
// crash, resume and all — regrades to what was recorded.
#include "io/files.h"
#include "random/rng.h"
#include "record/level_versions.h"
#include "record/recording_reader.h"
#include "record/regrade.h"
#include "record/replay.h"
#include "record/resume.h"
#include "record/session_recorder.h"
#include "scoring/scorer_version.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
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

const std::string kLevelFixture =
    std::string(STIPPLE_SOURCE_DIR) + "/tests/fixtures/recordings/even-patch.xml";

/// A scratch folder holding a copy of the even-patch level (recordings name it by absolute path).
struct Bench {
    TempDir tmp;
    std::string level = tmp.path("even-patch.xml");
    HashedLevel hashed;
    Bench() {
        test::writeText(level, readBytes(kLevelFixture));
        Diagnostics diags;
        auto l = loadHashedLevel(level, diags);
        REQUIRE(l);
        hashed = std::move(*l);
    }
    RecordingHeader header(const std::string& station = "station-1") const {
        RecordingHeader h;
        h.build = std::string("stipple ") + STIPPLE_VERSION;
        h.kind = "practice";
        h.seed = 11;
        h.candidateId = "c-1";
        h.station = station;
        h.startedAt = "2025-05-01T10:00:00Z";
        h.files = {{"level", level, hashed.sha256}};
        h.scorerVersion = kScorerVersion; // as this build's recorder writes it
        return h;
    }
};

/// One scripted trainee command stream over the patch (60 Hz glides, strikes, an undo).
std::vector<Command> script(uint64_t seed, int strikes) {
    Rng rng(seed);
    std::vector<Command> out;
    int64_t tick = 1;
    Vec2 pos{20, 15};
    auto add = [&](CommandKind k, Vec2 p = {}) {
        Command c;
        c.tick = tick;
        c.kind = k;
        c.posMm = p;
        out.push_back(c);
    };
    add(CommandKind::MoveHand, pos);
    for (int i = 0; i < strikes; ++i) {
        const Vec2 next{rng.uniform(6, 34), rng.uniform(6, 24)};
        for (int f = 1; f <= 4; ++f) {
            tick += 4;
            add(CommandKind::MoveHand, pos + (next - pos) * (f / 4.0));
        }
        pos = next;
        tick += 4;
        add(CommandKind::NeedleDown);
        tick += 20 + static_cast<int64_t>(rng.below(40));
        add(CommandKind::NeedleUp);
        if (i % 29 == 3) add(CommandKind::Undo);
    }
    tick += 8;
    add(CommandKind::Finish);
    return out;
}

/// Runs `commands` on a recorded session (advanceTo before each, as the window does), ends it
/// (abandoned when the commands do not finish it), records its score and closes. Returns the live session's
/// final dots digest.
std::string recordAttempt(const Bench& b, const std::string& path, const std::vector<Command>& commands,
                          Level level, uint64_t seed = 11) {
    std::string error;
    auto w = RecordingWriter::create(path, b.header(), error);
    REQUIRE(w);
    PracticeSession s(std::move(level), seed);
    SessionRecorder rec(s, *w, attemptSetupFor(s, b.level, b.hashed.sha256));
    for (const Command& c : commands) {
        s.advanceTo(c.tick);
        s.apply(c);
    }
    if (!s.finished()) REQUIRE(rec.abandon()); // an unfinished level is still graded on what was done
    REQUIRE(rec.recordScore(scoreSessionAttempt(s), attemptInfoFor(s).elapsedSeconds));
    REQUIRE(w->close(CloseMark{"2025-05-01T11:00:00Z"}));
    REQUIRE(rec.ok());
    return dotsDigest(s.dots());
}

} // namespace

TEST_CASE("a replay cursor stepped in any chunks, or scrubbed back, reaches the state of a straight replay",
          "[record][replay]") {
    Bench b;
    const std::string path = b.tmp.path("r.stiprec");
    const std::string digest = recordAttempt(b, path, script(5, 40), b.hashed.level);
    const RecordingRead read = readRecording(path);
    REQUIRE(read.recording);
    const RecordedAttempt& a = read.recording->attempts.at(0);
    const Level level = levelForAttempt(b.hashed.level, a.setup);

    const ReplayedAttempt straight = replayAttempt(level, a);
    CHECK(straight.refused == 0);
    CHECK(dotsDigest(straight.session->dots()) == digest);

    struct Count : SessionListener {
        int placed = 0;
        void onDotPlaced(const Dot&, std::size_t, const Impression&) override { ++placed; }
    } count;
    ReplayCursor cursor(level, a);
    cursor.addListener(&count);
    CHECK(cursor.tick() == 0);
    CHECK(cursor.endTick() == a.end->endTick);
    CHECK(cursor.nextCommandTick() == a.commands.front().tick);
    Rng rng(9);
    while (!cursor.atEnd())
        cursor.stepTo(cursor.tick() + 1 + static_cast<int64_t>(rng.below(200)));
    CHECK(cursor.refused() == 0);
    CHECK(cursor.commandsApplied() == a.commands.size());
    CHECK(dotsDigest(cursor.session().dots()) == digest);
    CHECK(cursor.session().tipMm() == straight.session->tipMm());
    const int placedOnce = count.placed;
    CHECK(placedOnce == straight.session->strikes());

    // Scrub back to the middle: the session is rebuilt (a new generation) and equals a cursor
    // that went straight there; listeners see the rebuild's dots again.
    const int64_t middle = cursor.endTick() / 2;
    ReplayCursor direct(level, a);
    direct.stepTo(middle);
    cursor.seek(middle);
    CHECK(cursor.generation() == 1);
    CHECK(cursor.tick() == middle);
    CHECK(dotsDigest(cursor.session().dots()) == dotsDigest(direct.session().dots()));
    CHECK(cursor.session().tipMm() == direct.session().tipMm());
    CHECK(count.placed > placedOnce);
    // Forward seeks do not rebuild; skipping to the next command lands on its tick.
    cursor.seek(middle + 10);
    CHECK(cursor.generation() == 1);
    const int64_t next = cursor.nextCommandTick();
    cursor.stepTo(next);
    CHECK(cursor.tick() == next);
    cursor.runToEnd();
    CHECK(cursor.atEnd());
    CHECK(dotsDigest(cursor.session().dots()) == digest);
    // Beyond the end is the end.
    cursor.stepTo(cursor.endTick() + 1000);
    CHECK(cursor.tick() == cursor.endTick());
}

TEST_CASE("regrade reproduces a recorded attempt exactly: end, dots and every number of the scorecard",
          "[record][regrade]") {
    Bench b;
    const std::string path = b.tmp.path("r.stiprec");
    recordAttempt(b, path, script(6, 60), b.hashed.level);
    Regrader regrader;
    std::vector<double> progress;
    const RegradeReport r = regrader.regrade(path, [&](double f) { progress.push_back(f); });
    INFO(r.problems.size() << " problems, first: " << (r.problems.empty() ? "" : r.problems[0]));
    CHECK(r.reproduced());
    CHECK(r.notes.empty());
    REQUIRE(r.attempts.size() == 1);
    const AttemptRegrade& a = r.attempts[0];
    CHECK(a.reproduced());
    REQUIRE(a.recordedScore);
    CHECK(*a.recordedScore == a.regradedScore);
    CHECK(*a.recordedEnd == a.regradedEnd);
    CHECK(a.regradedScore.metrics.size() > 3);
    CHECK_FALSE(progress.empty());
    CHECK(progress.back() == 1.0);
    CHECK(std::is_sorted(progress.begin(), progress.end()));
}

TEST_CASE("regrade of a time-limited attempt and of an abandoned one", "[record][regrade]") {
    Bench b;
    Level timed = b.hashed.level;
    timed.mode.timeLimitS = 5.0; // an exam's section limit, applied by the program
    timed.mode.undo = false;
    const std::string path = b.tmp.path("timed.stiprec");
    recordAttempt(b, path, script(7, 60), timed); // the script runs past 5 s
    const RecordingRead read = readRecording(path);
    REQUIRE(read.recording);
    const RecordedAttempt& a = read.recording->attempts.at(0);
    CHECK(a.setup.timeLimitS == 5.0);
    CHECK_FALSE(a.setup.undo);
    CHECK(a.end->reason == AttemptEndReason::TimeLimit);
    CHECK(a.end->endTick == 5 * 240);
    Regrader regrader;
    CHECK(regrader.regrade(path).reproduced());

    std::vector<Command> unfinished = script(8, 10);
    unfinished.pop_back(); // no finish: the sitting moved on without it
    const std::string abandoned = b.tmp.path("abandoned.stiprec");
    recordAttempt(b, abandoned, unfinished, b.hashed.level);
    const RegradeReport r = regrader.regrade(abandoned);
    CHECK(r.reproduced());
    CHECK(r.attempts.at(0).recordedEnd->reason == AttemptEndReason::Abandoned);
}

TEST_CASE("regrade says what does not reproduce: a changed or missing level, an edited score, edited "
          "commands, damage",
          "[record][regrade]") {
    Bench b;
    const std::string path = b.tmp.path("r.stiprec");
    recordAttempt(b, path, script(6, 30), b.hashed.level);

    SECTION("a level edited after the sitting") {
        std::string text = readBytes(b.level);
        text.replace(text.find("pass-mark=\"70\""), 14, "pass-mark=\"60\"");
        test::writeText(b.level, text);
        const RegradeReport r = Regrader().regrade(path);
        CHECK_FALSE(r.reproduced());
        REQUIRE(r.problems.size() == 2);
        CHECK(r.problems[0].rfind("level " + b.level + " has changed since the recording (sha256 ", 0) == 0);
        CHECK(r.problems[1] ==
              "attempt 1 (" + b.level + "): not replayed: its level file has changed (see above)");
        CHECK_FALSE(r.attempts.at(0).replayed);
    }
    SECTION("a level that is gone") {
        fs::remove(b.level);
        const RegradeReport r = Regrader().regrade(path);
        CHECK_FALSE(r.reproduced());
        CHECK(r.problems.at(0) ==
              "level " + b.level + " cannot be read: cannot open file: No such file or directory");
    }
    SECTION("a recording edited consistently (checksums recomputed)") {
        // Rewrite the recording with one strike moved and a better score: a forger with the
        // format in hand. The replay disagrees with the recorded end and score.
        const RecordingRead read = readRecording(path);
        RecordedAttempt a = read.recording->attempts.at(0);
        for (Command& c : a.commands)
            if (c.kind == CommandKind::MoveHand && c.tick > 300) {
                c.posMm.x += 1.0;
                break;
            }
        RecordedScore better = *a.score;
        better.overall += 10.0;
        const std::string edited = b.tmp.path("edited.stiprec");
        std::string error;
        auto w = RecordingWriter::create(edited, read.recording->header, error);
        REQUIRE(w);
        REQUIRE(w->beginAttempt(a.setup));
        for (const Command& c : a.commands)
            REQUIRE(w->command(c));
        REQUIRE(w->endAttempt(*a.end));
        REQUIRE(w->score(better));
        REQUIRE(w->close(*read.recording->close));
        w.reset();
        const RegradeReport r = Regrader().regrade(edited);
        CHECK_FALSE(r.reproduced());
        const auto& d = r.attempts.at(0).differences;
        REQUIRE(d.size() >= 2);
        CHECK(d[0].find("recorded (sha256 ") != std::string::npos);
        CHECK(d[0].find(": the simulation does not reproduce the candidate's dots") != std::string::npos);
        bool overall = false;
        for (const std::string& line : d)
            overall |= line.rfind("overall ", 0) == 0;
        CHECK(overall);
    }
    SECTION("a recording cut off mid-record") {
        std::string bytes = readBytes(path);
        bytes.resize(bytes.size() - 5);
        test::writeText(path, bytes);
        const RegradeReport r = Regrader().regrade(path);
        CHECK_FALSE(r.reproduced());
        CHECK(r.problems.at(0).rfind("damaged: " + path + ":record ", 0) == 0);
    }
    SECTION("not a recording") {
        test::writeText(path, "x_mm,y_mm\n1,2\n");
        const RegradeReport r = Regrader().regrade(path);
        CHECK(r.problems ==
              std::vector<std::string>{"unreadable: " + path +
                                       ":record 1/byte 0: not a Stipple recording "
                                       "(the file does not start with the recording signature) (14 bytes "
                                       "after the last complete record not recovered)"});
    }
}

TEST_CASE("scoreDifferences compares every field bit for bit and names what differs", "[record][regrade]") {
    RecordedScore a;
    a.overall = 71.25;
    a.passMark = 70;
    a.passed = true;
    a.dotCount = 10;
    a.metrics = {{"density", "crown", 0.95, 80, 3, true}, {"evenness", "", 0.2, 60, 2, true}};
    RecordedScore b = a;
    CHECK(scoreDifferences(a, b).empty());
    b.overall = std::nextafter(71.25, 100.0);
    b.passed = false;
    b.metrics[0].value = 0.96;
    b.metrics.pop_back();
    b.metrics.push_back({"psi6", "", 0.1, 90, 1, true});
    CHECK(scoreDifferences(a, b) == std::vector<std::string>{
                                        "overall 71.25 recorded, 71.25000000000001 regraded",
                                        "verdict passed recorded, not passed regraded",
                                        "metric density (crown) value 0.95 recorded, 0.96 regraded",
                                        "metric evenness recorded, not in the regrade",
                                        "metric psi6 in the regrade, not recorded",
                                    });
}

TEST_CASE("a sitting cut off mid-attempt resumes with the time already used, the whole recording regrades",
          "[record][resume]") {
    Bench b;
    Level timed = b.hashed.level;
    timed.mode.timeLimitS = 20.0;
    const std::vector<Command> all = script(12, 400); // far longer than 20 s
    const std::string path = b.tmp.path("crash.stiprec");
    std::size_t cut = 0;
    int64_t lastTickBefore = 0;
    std::vector<Command> logged;
    {
        // The first program: records until it "crashes" in the middle of a strike at ~12 s.
        std::string error;
        auto w = RecordingWriter::create(path, b.header(), error);
        REQUIRE(w);
        PracticeSession s(timed, 11);
        SessionRecorder rec(s, *w, attemptSetupFor(s, b.level, b.hashed.sha256));
        for (; cut < all.size(); ++cut) {
            s.advanceTo(all[cut].tick);
            s.apply(all[cut]);
            if (s.tick() > 12 * 240 && s.needleIsDown()) break;
        }
        s.advanceTo(s.tick() + 100); // a little more time passes, seen by the heartbeat only
        lastTickBefore = s.tick();
        logged = s.eventLog();
        // No end, no close: the writer and the session just go away.
    }
    SECTION("on another station it is refused, and the file is left alone") {
        const std::string before = readBytes(path);
        ResumeOptions o;
        o.station = "station-9";
        std::string error;
        CHECK_FALSE(resumeRecording(path, o, error));
        CHECK(error == "cannot resume " + path +
                           " on station 'station-9': it was recorded on station 'station-1' "
                           "(an invigilator may allow the move)");
        CHECK(readBytes(path) == before);
        o.allowOtherStation = true;
        CHECK(resumeRecording(path, o, error));
    }
    SECTION("with its level changed it is refused, and goes on on the version kept when it started") {
        const std::string original = readBytes(b.level);
        test::writeText(b.level, original + "\n");
        ResumeOptions o;
        o.station = "station-1";
        std::string error;
        CHECK_FALSE(resumeRecording(path, o, error));
        CHECK(error.rfind("cannot resume: the open attempt's level " + b.level +
                              " has changed since the recording (sha256 " + sha256Hex(original).substr(0, 16),
                          0) == 0);
        // Not kept where it is looked for: the folder and what to do are named too.
        o.levelVersionsDir = b.tmp.path("versions");
        CHECK_FALSE(resumeRecording(path, o, error));
        CHECK(error.find("no version with that hash is kept in " + o.levelVersionsDir) != std::string::npos);
        CHECK(error.find("copy that version of the level file") != std::string::npos);
        // Kept: the attempt goes on on it, with the dots it had.
        REQUIRE(keepLevelVersion(o.levelVersionsDir, original, error));
        auto sitting = resumeRecording(path, o, error);
        INFO(error);
        REQUIRE(sitting);
        REQUIRE(sitting->session);
        CHECK(sitting->session->eventLog().size() == logged.size() + 1); // + the strike completed
    }
    SECTION("on the same station it goes on from where it stopped") {
        ResumeOptions o;
        o.station = "station-1";
        o.now = "2025-05-01T10:30:00Z";
        std::string error;
        auto sitting = resumeRecording(path, o, error);
        INFO(error);
        REQUIRE(sitting);
        REQUIRE(sitting->session);
        PracticeSession& s = *sitting->session;
        // Nothing recorded was lost, and the time used counts: the heartbeat's tick, within a
        // second of the crash.
        CHECK(sitting->resumedTick <= lastTickBefore);
        CHECK(sitting->resumedTick > lastTickBefore - 240);
        CHECK(s.tick() == sitting->resumedTick);
        CHECK(s.limitTick() == 20 * 240);
        // The strike in progress was completed at the resume tick.
        CHECK_FALSE(s.needleIsDown());
        CHECK(s.eventLog().size() == logged.size() + 1);
        CHECK(std::equal(logged.begin(), logged.end(), s.eventLog().begin()));
        CHECK(s.eventLog().back().kind == CommandKind::NeedleUp);
        CHECK(s.eventLog().back().tick == sitting->resumedTick);
        // Go on with the script: the limit ends the attempt at 20 s, counting the time before.
        for (std::size_t i = cut + 1; i < all.size() && !s.finished(); ++i) {
            if (all[i].tick <= sitting->resumedTick) continue;
            s.advanceTo(all[i].tick);
            s.apply(all[i]);
        }
        REQUIRE(s.finished());
        CHECK(s.tick() == 20 * 240);
        REQUIRE(sitting->recorder->recordScore(scoreSessionAttempt(s), s.elapsedS()));
        REQUIRE(sitting->writer->close(CloseMark{"2025-05-01T10:40:00Z"}));
        const std::string liveDigest = dotsDigest(s.dots());
        sitting.reset();

        const RecordingRead read = readRecording(path);
        REQUIRE(read.recovery.complete());
        const Recording& rec = *read.recording;
        REQUIRE(rec.resumes.size() == 1);
        CHECK(rec.resumes[0].tick == rec.attempts.at(0).resumes.at(0).tick);
        CHECK(rec.resumes[0].at == "2025-05-01T10:30:00Z");
        CHECK(rec.attempts[0].end->reason == AttemptEndReason::TimeLimit);
        CHECK(rec.attempts[0].end->dotsSha256 == liveDigest);
        const RegradeReport r = Regrader().regrade(path);
        INFO((r.problems.empty() ? "" : r.problems[0]));
        CHECK(r.reproduced());
    }
}

TEST_CASE("an open quiz resumes with its answers and the time it had used", "[record][resume]") {
    Bench b;
    const std::string path = b.tmp.path("quiz.stiprec");
    {
        std::string error;
        auto w = RecordingWriter::create(path, b.header(), error);
        REQUIRE(w);
        REQUIRE(w->beginQuiz(QuizSetup{"quiz", 3, 600, {"a", "b"}}));
        RecordedAnswer ans;
        ans.questionIndex = 1;
        ans.questionId = "b";
        ans.elapsedS = 40.5;
        ans.truth = true;
        REQUIRE(w->answer(ans));
        REQUIRE(w->heartbeat(240 * 41));     // a clock record (a second or more since the last)
        REQUIRE(w->heartbeat(240 * 41 + 5)); // not a second later: nothing written
        CHECK(w->records() == 4);
    }
    ResumeOptions o;
    o.station = "station-1";
    std::string error;
    auto sitting = resumeRecording(path, o, error);
    REQUIRE(sitting);
    CHECK_FALSE(sitting->session);
    REQUIRE(sitting->quiz);
    CHECK(sitting->quiz->setup.sectionId == "quiz");
    CHECK(sitting->quiz->answers.size() == 1);
    CHECK(sitting->quizUsedS == 41.0);
    CHECK(sitting->writer->quizOpen());
    CHECK(sitting->writer->endQuiz(QuizEnd{90, false}));
}

TEST_CASE("score --record's attempt choice: by level hash, by number, or the only one with a warning",
          "[record][replay]") {
    Bench b;
    const std::string path = b.tmp.path("r.stiprec");
    const std::string digest = recordAttempt(b, path, script(3, 20), b.hashed.level);
    std::string error;
    auto same = replayRecordedAttemptOn(path, b.hashed.level, b.hashed.sha256, std::nullopt, error);
    REQUIRE(same);
    CHECK(same->warning.empty());
    CHECK(dotsDigest(same->session->dots()) == digest);
    auto other = replayRecordedAttemptOn(path, b.hashed.level, "0123", std::nullopt, error);
    REQUIRE(other);
    CHECK(other->warning.rfind("the level is not the file attempt 1 was recorded with (" + b.level, 0) == 0);
    CHECK_FALSE(replayRecordedAttemptOn(path, b.hashed.level, b.hashed.sha256, 2, error));
    CHECK(error == path + ": there is no attempt 2 (the recording has 1)");
}
