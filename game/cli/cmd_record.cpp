// `stipple record`: look inside a recording, and make one without a window.
//   show RECORDING [--json] [--commands]   header, files, parts, how each ended, resumes, damage
//   demo --level L --out R [...]           a scripted trainee's attempt, recorded as the trainer
//                                          records one (SessionRecorder); --stop-after N leaves it
//                                          open as a crash would, --resume continues it
// The demo exists so that recording, crash, resume and regrade can be tried and tested end to end
// from the command line; it drives the same PracticeSession and recorder as the window.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "exam/exam_materials.h"
#include "exam/exam_reader.h"
#include "exam/signing.h"
#include "io/files.h"
#include "io/numbers.h"
#include "random/rng.h"
#include "record/exam_recording.h"
#include "record/level_versions.h"
#include "record/recording_reader.h"
#include "record/recording_writer.h"
#include "record/replay.h"
#include "record/resume.h"
#include "record/session_recorder.h"
#include "record/station_signature.h"
#include "scoring/scorer_version.h"
#include "sitting/exam_flow.h"

#include "cli/json_text.h"
#include "cli/recording_json.h"
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace stipple::cli {

namespace {

const CommandDef kRecordDef{
    "record",
    "show what a recording holds; record a scripted demo attempt",
    "usage: stipple record show RECORDING [--json] [--commands]\n"
    "       stipple record demo --level LEVEL.xml --out RECORDING [--seed N] [--strikes N]\n"
    "                           [--candidate ID] [--station NAME] [--stop-after N] [--realtime X]\n"
    "       stipple record demo --resume RECORDING [--strikes N] [--station NAME] [--realtime X]\n"
    "       stipple record demo --exam EXAM.xml --out RECORDING [--seed N] [--strikes N]\n"
    "                           [--candidate ID] [--name NAME] [--station NAME] [--key SECRET]\n"
    "                           [--station-key STATION.secret]\n",
    "  show        what a recording holds: who, where, when, which files (by SHA-256), each\n"
    "              practical attempt and quiz and how it ended, resumes, and any damage (where\n"
    "              reading stopped, as FILE:record N/byte B)\n",
    {
        jsonOption("the same as JSON"),
        {"--commands", "", "also every command with its tick (show) / in the JSON"},
        {"--seed", "N", "the session's seed and the trainee's (default 1)"},
        {"--strikes", "N", "strikes to make (default 200)"},
        {"--candidate", "ID", "demo: the candidate id recorded (default demo)"},
        {"--stop-after", "N", "stop after N commands, leaving the attempt open (as a crash would)"},
        {"--resume", "R",
         "resume the open recording R on this station and finish the script\n"
         "(give the --strikes of the first run; the seed is in the recording)"},
        {"--realtime", "X", "run at X times real time (so a process can be killed mid-attempt)"},
        {"--exam", "EXAM",
         "sit a whole exam instead: every drawn level (--strikes each), every\n"
         "drawn question (right answers, every fourth left blank); the result is\n"
         "graded from the closed recording as the exam flow does, and with --key\n"
         "(the academy's secret key) signed into RECORDING's .result beside it"},
        {"--name", "NAME", "the candidate's name (exam)"},
        levelOption("demo: the level the scripted trainee works"),
        {"--out", "RECORDING", "demo: the recording to write (never replaced)"},
        {"--user-data", "DIR",
         "demo: keep the level as recorded in DIR/level-versions, as the trainer\n"
         "does, so replay and regrade find it after the level file is edited;\n"
         "--exam keeps every level of the exam there, --resume looks there"},
        {"--station", "NAME", "demo: the station name recorded (default demo-station)"},
        {"--key", "SECRET", "demo --exam: the academy's secret key that signs the result"},
        {"--station-key", "STATION.secret",
         "demo: a station's own secret key (stipple keys init --station): the\n"
         "closed recording is signed into RECORDING.station-sig, for regrade --sign"},
    },
    "  demo        a scripted trainee works through LEVEL (60 Hz pointer samples, strikes with\n"
    "              varied dwell) and the attempt is recorded, scored and closed exactly as the\n"
    "              trainer records one. Refuses to replace an existing RECORDING.\n"
    "    --station-key K a station's own secret key (stipple keys init --station): the closed\n"
    "                    recording is signed into RECORDING.station-sig, for regrade --sign\n"
    "\n"
    "exit status: 0 done, 1 bad input (unreadable, damaged for show, refused resume), 2 usage error.\n"};

std::string seconds(int64_t ticks) {
    return formatNumber(std::round(ticks * 100.0 / PracticeSession::kTicksPerSecond) / 100.0) + " s";
}

std::string commandText(const stipple::Command& c) {
    std::string s = std::to_string(c.tick) + " " + std::string(commandName(c.kind));
    switch (c.kind) {
    case CommandKind::MoveHand:
        s += " " + formatNumber(c.posMm.x) + " " + formatNumber(c.posMm.y);
        break;
    case CommandKind::SelectNeedle:
        s += " " + std::to_string(c.index);
        break;
    case CommandKind::SelectShade:
        s += " " + std::to_string(c.index) + " " + formatNumber(c.value);
        break;
    case CommandKind::SetPressure:
        s += " " + formatNumber(c.value);
        break;
    default:
        break;
    }
    return s;
}

nlohmann::json commandJson(const stipple::Command& c) {
    nlohmann::json j = {{"tick", c.tick}, {"kind", commandName(c.kind)}};
    if (c.kind == CommandKind::MoveHand) j["pos_mm"] = {c.posMm.x, c.posMm.y};
    if (c.kind == CommandKind::SelectNeedle || c.kind == CommandKind::SelectShade) j["index"] = c.index;
    if (c.kind == CommandKind::SelectShade || c.kind == CommandKind::SetPressure) j["value"] = c.value;
    return j;
}

int runShow(const Args& opt) {
    if (opt.positional().size() != 2)
        return usageError("record", "show takes one RECORDING", helpText(kRecordDef));
    const std::string& path = opt.positional()[1];
    const RecordingRead read = readRecording(path);
    if (!read.recording) {
        std::fprintf(stderr, "%s\n", read.recovery.message().c_str());
        return kExitBadInput;
    }
    const Recording& rec = *read.recording;
    const RecordingHeader& h = rec.header;
    const bool commands = opt.flag("commands");
    if (opt.flag("json")) {
        nlohmann::json j;
        j["path"] = path;
        j["recovery"] = recoveryJson(read.recovery);
        nlohmann::json files = nlohmann::json::array();
        for (const RecordedFile& f : h.files)
            files.push_back({{"role", f.role}, {"path", f.path}, {"sha256", f.sha256}});
        j["header"] = headerJson(h);
        j["header"]["format"] = h.formatVersion;
        j["header"]["files"] = files;
        nlohmann::json parts = nlohmann::json::array();
        for (const RecordingPart& p : rec.parts) {
            if (p.kind == RecordingPart::Kind::Attempt) {
                const RecordedAttempt& a = rec.attempts[p.index];
                nlohmann::json x = {{"kind", "attempt"},
                                    {"section", a.setup.sectionId},
                                    {"item", a.setup.item},
                                    {"level", a.setup.levelPath},
                                    {"level_sha256", a.setup.levelSha256},
                                    {"seed", a.setup.seed},
                                    {"undo", a.setup.undo},
                                    {"time_limit_s", a.setup.timeLimitS},
                                    {"commands", a.commands.size()},
                                    {"last_tick", a.lastTick}};
                x["end"] = a.end ? nlohmann::json{{"end_tick", a.end->endTick},
                                                  {"reason", attemptEndReasonName(a.end->reason)},
                                                  {"dots", a.end->dotCount},
                                                  {"dots_sha256", a.end->dotsSha256}}
                                 : nlohmann::json(nullptr);
                x["score"] = a.score ? nlohmann::json{{"overall", a.score->overall},
                                                      {"passed", a.score->passed},
                                                      {"pass_mark", a.score->passMark}}
                                     : nlohmann::json(nullptr);
                if (commands) {
                    nlohmann::json list = nlohmann::json::array();
                    for (const stipple::Command& c : a.commands)
                        list.push_back(commandJson(c));
                    x["command_list"] = list;
                }
                parts.push_back(std::move(x));
            } else {
                const RecordedQuiz& q = rec.quizzes[p.index];
                nlohmann::json answers = nlohmann::json::array();
                for (const RecordedAnswer& a : q.answers) {
                    nlohmann::json x = {{"question", a.questionIndex},
                                        {"id", a.questionId},
                                        {"elapsed_s", a.elapsedS},
                                        {"choices", a.choices},
                                        {"order", a.order}};
                    x["truth"] = a.truth ? nlohmann::json(*a.truth) : nlohmann::json(nullptr);
                    x["number"] = a.number ? nlohmann::json(*a.number) : nlohmann::json(nullptr);
                    answers.push_back(std::move(x));
                }
                parts.push_back({{"kind", "quiz"},
                                 {"section", q.setup.sectionId},
                                 {"seed", q.setup.seed},
                                 {"time_limit_s", q.setup.timeLimitS},
                                 {"questions", q.setup.questionIds},
                                 {"answers", answers},
                                 {"end", q.end ? nlohmann::json{{"time_used_s", q.end->timeUsedS},
                                                                {"timed_out", q.end->timedOut}}
                                               : nlohmann::json(nullptr)}});
            }
        }
        j["parts"] = parts;
        nlohmann::json resumes = nlohmann::json::array();
        for (const ResumeMark& r : rec.resumes)
            resumes.push_back({{"at", r.at}, {"station", r.station}, {"build", r.build}, {"tick", r.tick}});
        j["resumes"] = resumes;
        j["closed_at"] = rec.close ? nlohmann::json(rec.close->finishedAt) : nlohmann::json(nullptr);
        std::printf("%s\n", jsonText(j).c_str());
        return kExitOk;
    }

    std::printf("%s\n", read.recovery.message().c_str());
    std::printf("format %d, recorded by %s, %s\n", h.formatVersion, h.build.c_str(),
                scorerVersionName(h.scorerVersion).c_str());
    std::printf("%s%s%s, seed %llu, attempt %d\n", h.kind.c_str(), h.examId.empty() ? "" : " ",
                h.examId.c_str(), static_cast<unsigned long long>(h.seed), h.attempt);
    std::printf("candidate %s%s, station %s, started %s\n", h.candidateId.c_str(),
                h.candidateName.empty() ? "" : (" (" + h.candidateName + ")").c_str(), h.station.c_str(),
                h.startedAt.c_str());
    std::printf("files:\n");
    for (const RecordedFile& f : h.files)
        std::printf("  %-6s %s  sha256 %s\n", f.role.c_str(), f.path.c_str(), f.sha256.c_str());
    std::printf("parts:\n");
    int n = 0;
    for (const RecordingPart& p : rec.parts) {
        ++n;
        if (p.kind == RecordingPart::Kind::Attempt) {
            const RecordedAttempt& a = rec.attempts[p.index];
            int strikes = 0, moves = 0;
            for (const stipple::Command& c : a.commands) {
                strikes += c.kind == CommandKind::NeedleUp;
                moves += c.kind == CommandKind::MoveHand;
            }
            std::printf("  %d. practical attempt%s: level %s, seed %llu, undo %s, time limit %s\n", n,
                        a.setup.sectionId.empty() ? ""
                                                  : (" (section " + a.setup.sectionId + ", item " +
                                                     std::to_string(a.setup.item + 1) + ")")
                                                        .c_str(),
                        a.setup.levelPath.c_str(), static_cast<unsigned long long>(a.setup.seed),
                        a.setup.undo ? "yes" : "no",
                        a.setup.timeLimitS > 0 ? (formatNumber(a.setup.timeLimitS) + " s").c_str() : "none");
            std::printf("     %zu commands (%d pointer samples, %d strikes), last tick %lld (%s)\n",
                        a.commands.size(), moves, strikes, static_cast<long long>(a.lastTick),
                        seconds(a.lastTick).c_str());
            if (a.end)
                std::printf("     ended %s at tick %lld (%s) with %lld dots\n",
                            attemptEndReasonName(a.end->reason), static_cast<long long>(a.end->endTick),
                            seconds(a.end->endTick).c_str(), static_cast<long long>(a.end->dotCount));
            else
                std::printf("     still open (not ended when the recording stops)\n");
            if (a.score)
                std::printf("     scored %s, %s (pass mark %s)\n",
                            formatNumber(std::round(a.score->overall * 100) / 100).c_str(),
                            a.score->passed ? "passed" : "not passed",
                            formatNumber(a.score->passMark).c_str());
            if (commands)
                for (const stipple::Command& c : a.commands)
                    std::printf("       %s\n", commandText(c).c_str());
        } else {
            const RecordedQuiz& q = rec.quizzes[p.index];
            int answered = 0;
            for (const RecordedAnswer* a : q.finalAnswers())
                answered += a != nullptr;
            std::printf("  %d. quiz (section %s): %zu questions, %d answered (%zu answers given)\n", n,
                        q.setup.sectionId.c_str(), q.setup.questionIds.size(), answered, q.answers.size());
            if (q.end)
                std::printf("     ended after %s s%s\n", formatNumber(q.end->timeUsedS).c_str(),
                            q.end->timedOut ? " (timed out)" : "");
            else
                std::printf("     still open (not ended when the recording stops)\n");
        }
    }
    for (const ResumeMark& r : rec.resumes)
        std::printf("resumed %s on station %s by %s%s\n", r.at.c_str(), r.station.c_str(), r.build.c_str(),
                    r.tick >= 0 ? (" at tick " + std::to_string(r.tick)).c_str() : "");
    if (rec.close)
        std::printf("closed %s\n", rec.close->finishedAt.c_str());
    else
        std::printf("not closed\n");
    return kExitOk;
}

/// The scripted trainee: glide to a spot in 3-6 frames of 60 Hz samples, strike with 0.05-0.3 s
/// of dwell, pause; finish after `strikes`. Deterministic from the seed; commands come out in
/// tick order for the caller to apply.
std::vector<stipple::Command> trainee(const Level& level, uint64_t seed, int strikes) {
    Rng rng(seed ^ 0x5EED7A1EEULL);
    std::vector<stipple::Command> out;
    int64_t tick = 1;
    const double w = level.canvas.widthMm, h = level.canvas.heightMm;
    Vec2 pos{w / 2, h / 2};
    auto move = [&](Vec2 p) {
        stipple::Command c;
        c.tick = tick;
        c.kind = CommandKind::MoveHand;
        c.posMm = p;
        out.push_back(c);
    };
    auto simple = [&](CommandKind k) {
        stipple::Command c;
        c.tick = tick;
        c.kind = k;
        out.push_back(c);
    };
    move(pos);
    for (int i = 0; i < strikes; ++i) {
        const Vec2 next{rng.uniform(0.05 * w, 0.95 * w), rng.uniform(0.05 * h, 0.95 * h)};
        const int frames = 3 + static_cast<int>(rng.below(4));
        for (int f = 1; f <= frames; ++f) {
            tick += 4;
            move(pos + (next - pos) * (static_cast<double>(f) / frames));
        }
        pos = next;
        tick += 8;
        simple(CommandKind::NeedleDown);
        tick += 12 + static_cast<int64_t>(rng.below(60));
        simple(CommandKind::NeedleUp);
        tick += 4;
    }
    tick += 4;
    simple(CommandKind::Finish);
    return out;
}

/// Applies the commands of `script` stamped at or after `fromTick` (at most `stopAfter` of the
/// script's commands counted from its start), pacing to `realtime` × real time when > 0.
void play(PracticeSession& s, const std::vector<stipple::Command>& script, int64_t fromTick,
          std::size_t stopAfter, double realtime) {
    const auto t0 = std::chrono::steady_clock::now();
    const int64_t tick0 = s.tick();
    for (std::size_t i = 0; i < script.size() && i < stopAfter; ++i) {
        const stipple::Command& c = script[i];
        if (c.tick < fromTick) continue;
        if (realtime > 0) {
            const double due =
                static_cast<double>(c.tick - tick0) / PracticeSession::kTicksPerSecond / realtime;
            std::this_thread::sleep_until(t0 +
                                          std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                              std::chrono::duration<double>(due)));
        }
        s.advanceTo(c.tick); // the window's per-frame clock: heartbeats and syncs
        s.apply(c);
    }
}

bool finishAndClose(PracticeSession& s, SessionRecorder& rec, RecordingWriter& w) {
    if (!s.finished()) return true; // stopped early: leave it open, as a crash would
    if (!rec.recordScore(scoreSessionAttempt(s), attemptInfoFor(s).elapsedSeconds)) return false;
    return w.close(CloseMark{utcNow()});
}

int failed(const std::string& why) {
    std::fprintf(stderr, "stipple record: %s\n", why.c_str());
    return kExitBadInput;
}

/// A whole exam sat by the scripted trainee through the exam sitting itself (sitting/exam_flow.h,
/// the calls the trainer's exam screens make), without a results store: the same per-level seeds,
/// section clocks, hand-in at time-out and grading from the closed recording.
int runExamDemo(const Args& opt, uint64_t seed, int strikes, const std::string& station) {
    const std::string examPath = *opt.value("exam");
    if (!opt.value("out")) return usageError("record", "demo --exam needs --out", helpText(kRecordDef));
    const std::string out = *opt.value("out");
    std::string error;
    if (const auto k = opt.value("key"); k && !loadSecretKey(*k, error)) return failed(error);
    if (const auto k = opt.value("station-key"); k && !loadSecretKey(*k, error)) return failed(error);
    ExamFlowConfig config;
    config.examPath = examPath;
    config.station = station;
    config.seed = seed;
    config.recordingPath = out;
    config.useStore = false;
    config.secretKeyPath = opt.value("key").value_or("");
    config.stationKeyPath = opt.value("station-key").value_or("");
    config.userDir = opt.value("user-data").value_or(""); // its level-versions/, as a station keeps
    auto flow = ExamFlow::open(config, error);
    if (!flow) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return kExitBadInput;
    }
    const std::string candidate = opt.value("candidate").value_or("demo");
    const ExamSignIn signIn = flow->checkCandidate(candidate, opt.value("name").value_or("Demo Candidate"));
    if (signIn.kind != ExamSignIn::Kind::Fresh) return failed(signIn.reason);
    if (!flow->start(error)) return failed(error);
    while (!flow->allSectionsDone()) {
        if (flow->section().kind == SectionKind::Practical) {
            auto run = flow->beginLevel(error);
            if (!run) return failed(error);
            PracticeSession& s = *run->session;
            play(s, trainee(s.level(), seed + static_cast<uint64_t>(run->item), strikes), 0, SIZE_MAX, 0.0);
            if (!flow->endLevel(std::move(*run), error)) return failed(error);
        } else {
            auto quiz = flow->beginQuiz(error);
            if (!quiz) return failed(error);
            double elapsed = 0.0;
            for (std::size_t i = 0; i < quiz->questions.size(); ++i) {
                elapsed += 15.0;
                if (i % 4 == 3) continue; // every fourth question left unanswered
                quiz->answers[i] = correctResponse(quiz->questions[i]);
                if (!flow->answer(*quiz, static_cast<int>(i), elapsed, error)) return failed(error);
            }
            if (!flow->endQuiz(elapsed, false, error)) return failed(error);
        }
    }
    const ExamOutcome outcome = flow->finish();
    if (!outcome.result)
        return failed(outcome.problems.empty() ? "grading failed" : outcome.problems.front());
    std::printf("%s: %s %s, score %s, %s\n", out.c_str(), flow->exam().id.c_str(),
                flow->candidateId().c_str(),
                formatNumber(std::round(outcome.result->score * 100.0) / 100.0).c_str(),
                outcome.result->passed ? "passed" : "not passed");
    for (const std::string& p : outcome.problems)
        std::fprintf(stderr, "stipple record: %s\n", p.c_str());
    if (!outcome.stationSignature.empty())
        std::printf("station signature: %s\n", outcome.stationSignature.c_str());
    if (outcome.signedResult) std::printf("signed result: %s\n", outcome.resultFile.c_str());
    return outcome.problems.empty() ? kExitOk : kExitBadInput;
}

int runDemo(const Args& opt) {
    auto positiveInt = [&](const char* name, long long fallback, long long& out) {
        out = fallback;
        if (const auto v = opt.value(name)) {
            const auto n = parseInteger(*v);
            if (!n || *n < 0) return false;
            out = *n;
        }
        return true;
    };
    long long seed = 1, strikes = 200, stopAfter = -1;
    if (!positiveInt("seed", 1, seed))
        return usageError("record", "--seed must be a whole number >= 0", helpText(kRecordDef));
    if (!positiveInt("strikes", 200, strikes) || strikes < 1 || strikes > 1000000)
        return usageError("record", "--strikes must be a whole number from 1 to 1000000",
                          helpText(kRecordDef));
    if (opt.value("stop-after") && !positiveInt("stop-after", 0, stopAfter))
        return usageError("record", "--stop-after must be a whole number", helpText(kRecordDef));
    double realtime = 0.0;
    if (const auto v = opt.value("realtime")) {
        const auto x = parseNumber(*v);
        if (!x || *x <= 0)
            return usageError("record", "--realtime must be a positive number", helpText(kRecordDef));
        realtime = *x;
    }
    const std::string station = opt.value("station").value_or("demo-station");
    const std::size_t stop = stopAfter < 0 ? SIZE_MAX : static_cast<std::size_t>(stopAfter);

    if (opt.value("exam")) {
        if (opt.value("level") || opt.value("resume") || opt.value("stop-after") || opt.value("realtime"))
            return usageError("record", "--exam takes no --level, --resume, --stop-after or --realtime",
                              helpText(kRecordDef));
        return runExamDemo(opt, static_cast<uint64_t>(seed), static_cast<int>(strikes), station);
    }
    if (const auto resumePath = opt.value("resume")) {
        if (opt.value("level") || opt.value("out") || opt.value("seed"))
            return usageError(
                "record",
                "--resume takes the level and seed from the recording: give no --level, --out or --seed",
                helpText(kRecordDef));
        ResumeOptions ro;
        ro.station = station;
        if (const auto userData = opt.value("user-data")) ro.levelVersionsDir = levelVersionsDir(*userData);
        std::string error;
        auto sitting = resumeRecording(*resumePath, ro, error);
        if (!sitting) {
            std::fprintf(stderr, "stipple record: %s\n", error.c_str());
            return kExitBadInput;
        }
        if (!sitting->session) {
            std::fprintf(stderr, "stipple record: %s has no open practical attempt to continue\n",
                         resumePath->c_str());
            return kExitBadInput;
        }
        // The same script as the first run (same seed and --strikes), from after the resume tick.
        const std::vector<stipple::Command> script =
            trainee(sitting->session->level(), sitting->recording.header.seed, static_cast<int>(strikes));
        std::fprintf(stderr, "resumed %s at tick %lld (%s already used)\n", resumePath->c_str(),
                     static_cast<long long>(sitting->resumedTick), seconds(sitting->resumedTick).c_str());
        play(*sitting->session, script, sitting->resumedTick + 1, stop, realtime);
        if (!finishAndClose(*sitting->session, *sitting->recorder, *sitting->writer) ||
            !sitting->recorder->ok()) {
            std::fprintf(stderr, "stipple record: %s\n", sitting->recorder->error().c_str());
            return kExitBadInput;
        }
        return kExitOk;
    }

    if (!opt.value("level") || !opt.value("out"))
        return usageError("record", "demo needs --level and --out (or --resume)", helpText(kRecordDef));
    Diagnostics diags;
    const auto level = loadHashedLevel(*opt.value("level"), diags);
    std::fputs(diags.formatAll().c_str(), stderr);
    if (!level) return kExitBadInput;
    if (const auto userData = opt.value("user-data")) {
        // As the trainer does: the level as recorded stays available by its hash.
        std::string keepError;
        if (!keepLevelFileVersion(levelVersionsDir(*userData), *opt.value("level"), level->sha256,
                                  keepError)) {
            std::fprintf(stderr, "stipple record: %s\n", keepError.c_str());
            return kExitBadInput;
        }
    }

    std::string error;
    auto writer = RecordingWriter::create(
        *opt.value("out"),
        practiceRecordingHeader(*opt.value("level"), level->sha256, static_cast<uint64_t>(seed),
                                opt.value("candidate").value_or("demo"), station),
        error);
    if (!writer) {
        std::fprintf(stderr, "stipple record: %s\n", error.c_str());
        return kExitBadInput;
    }
    PracticeSession session(level->level, static_cast<uint64_t>(seed));
    SessionRecorder recorder(session, *writer, attemptSetupFor(session, *opt.value("level"), level->sha256));
    play(session, trainee(level->level, static_cast<uint64_t>(seed), static_cast<int>(strikes)), 0, stop,
         realtime);
    if (!finishAndClose(session, recorder, *writer) || !recorder.ok()) {
        std::fprintf(stderr, "stipple record: %s\n", recorder.error().c_str());
        return kExitBadInput;
    }
    return kExitOk;
}

int runRecord(const std::vector<std::string>& argv) {
    const Args opt(argv, kRecordDef);
    if (opt.help()) {
        std::fputs(helpText(kRecordDef).c_str(), stdout);
        return kExitOk;
    }
    if (!opt.ok()) return usageError("record", opt.error(), helpText(kRecordDef));
    if (opt.positional().empty())
        return usageError("record", "give an action: show or demo", helpText(kRecordDef));
    const std::string& verb = opt.positional()[0];
    if (verb == "show") return runShow(opt);
    if (verb == "demo") {
        if (opt.positional().size() != 1)
            return usageError("record", "demo takes no file argument (use --out or --resume)",
                              helpText(kRecordDef));
        return runDemo(opt);
    }
    return usageError("record", "unknown action '" + verb + "' (expected show or demo)",
                      helpText(kRecordDef));
}

const Registration kRecordReg{kRecordDef, &runRecord};

} // namespace

} // namespace stipple::cli
