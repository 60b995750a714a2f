// The comparison is exact on purpose: a regrade that is "close" has not reproduced the result,
// and an appeal needs to know that. Differences are described field by field so a reviewer can
// tell a changed scorer (same dots, other numbers) from a changed simulation (other dots).
#include "record/regrade.h"
#include "record/station_signature.h"

#include "record/level_versions.h"

#include "exam/result_compare.h"
#include "io/files.h"
#include "io/numbers.h"
#include "record/exam_recording.h"
#include "record/replay.h"
#include "scoring/scorer_version.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>

namespace stipple {

namespace {

std::string yesNo(bool b) {
    return b ? "passed" : "not passed";
}

std::string metricName(const std::string& id, const std::string& zone) {
    return zone.empty() ? id : id + " (" + zone + ")";
}

bool same(double a, double b) {
    return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

} // namespace

std::vector<std::string> scoreDifferences(const RecordedScore& a, const RecordedScore& b) {
    std::vector<std::string> out;
    auto number = [&](const std::string& what, double x, double y) {
        if (!same(x, y))
            out.push_back(what + " " + formatNumber(x) + " recorded, " + formatNumber(y) + " regraded");
    };
    number("overall", a.overall, b.overall);
    if (a.passed != b.passed)
        out.push_back("verdict " + yesNo(a.passed) + " recorded, " + yesNo(b.passed) + " regraded");
    number("pass mark", a.passMark, b.passMark);
    number("elapsed seconds", a.elapsedS, b.elapsedS);
    if (a.dotCount != b.dotCount)
        out.push_back("dots scored " + std::to_string(a.dotCount) + " recorded, " +
                      std::to_string(b.dotCount) + " regraded");
    std::map<std::pair<std::string, std::string>, const RecordedMetric*> regraded;
    for (const RecordedMetric& m : b.metrics)
        regraded[{m.id, m.zone}] = &m;
    for (const RecordedMetric& m : a.metrics) {
        const auto it = regraded.find({m.id, m.zone});
        const std::string name = "metric " + metricName(m.id, m.zone);
        if (it == regraded.end()) {
            out.push_back(name + " recorded, not in the regrade");
            continue;
        }
        const RecordedMetric& r = *it->second;
        regraded.erase(it);
        number(name + " value", m.value, r.value);
        number(name + " score", m.score, r.score);
        number(name + " weight", m.weight, r.weight);
        if (m.passed != r.passed)
            out.push_back(name + " " + yesNo(m.passed) + " recorded, " + yesNo(r.passed) + " regraded");
    }
    for (const auto& [key, m] : regraded)
        out.push_back("metric " + metricName(key.first, key.second) + " in the regrade, not recorded");
    if (a.metrics.size() == b.metrics.size() && out.empty()) {
        for (std::size_t i = 0; i < a.metrics.size(); ++i)
            if (a.metrics[i].id != b.metrics[i].id || a.metrics[i].zone != b.metrics[i].zone) {
                out.push_back("the metrics come in another order");
                break;
            }
    }
    if (a.vetoes != b.vetoes) {
        auto list = [](const std::vector<RecordedVeto>& v) {
            std::string s;
            for (const RecordedVeto& x : v)
                s += (s.empty() ? "" : "; ") + x.reason;
            return s.empty() ? std::string("none") : s;
        };
        out.push_back("vetoes [" + list(a.vetoes) + "] recorded, [" + list(b.vetoes) + "] regraded");
    }
    return out;
}

Regrader::Regrader(RegradeOptions options) : m_options(std::move(options)) {}

namespace {

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

/// The value of the canonical result line "key value" ("" when absent).
std::string resultField(const std::string& text, const std::string& key) {
    for (const std::string& line : splitLines(text))
        if (line.rfind(key + " ", 0) == 0) return line.substr(key.size() + 1);
    return "";
}

} // namespace

bool Regrader::regradeExam(RegradeReport& rep, const Recording& rec) {
    std::string bytes, error;
    if (!readFile(rep.path, bytes, error)) {
        rep.problems.push_back("exam result: cannot hash the recording: " + error);
        return false;
    }
    const std::string recordingSha = sha256Hex(bytes);
    const ExamGrading grading =
        gradeExamRecording(rec, recordingSha, m_options.baseDir, m_options.levelVersionsDir);
    for (const std::string& p : grading.problems)
        rep.problems.push_back("exam result: " + p);
    if (!grading.result) return false;
    rep.examResultText = canonicalResultText(*grading.result);
    rep.examResult = grading.result;
    rep.examScore = grading.result->score;
    rep.examPassed = grading.result->passed;

    rep.resultFile = m_options.resultFile.empty() ? resultFileFor(rep.path) : m_options.resultFile;
    if (rep.resultFile.empty()) {
        rep.notes.push_back("no signed result beside the recording to compare with; regraded: " +
                            formatNumber(std::round(rep.examScore * 100) / 100) + ", " +
                            yesNo(rep.examPassed));
        return false;
    }
    std::string signedText;
    if (!readFile(rep.resultFile, signedText, error)) {
        rep.problems.push_back("exam result: cannot read " + rep.resultFile + ": " + error);
        return false;
    }
    const std::string stored = resultTextOfSignedFile(signedText);
    if (stored == rep.examResultText) return false;
    std::string parseError;
    const auto storedResult = parseResultText(stored, parseError);
    const bool onlyScores =
        storedResult && onlyScoresDiffer(resultDifferences(*storedResult, *grading.result));
    const std::string storedRecording = resultField(stored, "recording-sha256");
    if (storedRecording != recordingSha)
        rep.problems.push_back("exam result: " + rep.resultFile + " was signed for a recording with sha256 " +
                               storedRecording.substr(0, 16) + "..., this recording's is " +
                               recordingSha.substr(0, 16) +
                               "... (an edited recording, or another sitting's result)");
    const std::vector<std::string> a = splitLines(stored), b = splitLines(rep.examResultText);
    int shown = 0;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()) && shown < 8; ++i) {
        const std::string x = i < a.size() ? a[i] : "(none)", y = i < b.size() ? b[i] : "(none)";
        if (x == y) continue;
        rep.problems.push_back("exam result line " + std::to_string(i + 1) + ": signed '" + x +
                               "', regraded '" + y + "'");
        ++shown;
    }
    return onlyScores;
}

const Regrader::CachedFile& Regrader::hashOf(const std::string& resolvedPath) {
    const auto it = m_files.find(resolvedPath);
    if (it != m_files.end()) return it->second;
    CachedFile f;
    std::string bytes;
    if (readFile(resolvedPath, bytes, f.error)) f.sha256 = sha256Hex(bytes);
    return m_files.emplace(resolvedPath, std::move(f)).first->second;
}

RegradeReport Regrader::regrade(const std::string& path, const std::function<void(double)>& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    RegradeReport rep;
    rep.path = path;
    auto finish = [&]() -> RegradeReport {
        rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (progress) progress(1.0);
        return rep;
    };

    if (m_options.requireStationSignature) {
        // The exam officer's setup: the recording must be what its station closed and signed.
        std::string bytes, error;
        if (!readFile(path, bytes, error)) {
            rep.problems.push_back("station signature: cannot read the recording: " + error);
        } else {
            const StationCheck check = checkStationSignature(path, bytes, m_options.trustedStations);
            rep.station = check.station;
            if (!check.valid) rep.problems.push_back("station signature: " + check.problem);
        }
    }
    const RecordingRead read = readRecording(path);
    rep.recovery = read.recovery;
    if (!read.recording) {
        rep.problems.push_back("unreadable: " + read.recovery.message());
        return finish();
    }
    if (!read.recovery.complete())
        rep.problems.push_back("damaged: " + read.recovery.message() + "; regrading what was recovered");
    const Recording& rec = *read.recording;
    rep.header = rec.header;
    const std::string thisBuild = std::string("stipple ") + STIPPLE_VERSION;
    if (rec.header.build != thisBuild)
        rep.notes.push_back("recorded by " + rec.header.build + ", regraded by " + thisBuild +
                            ": a scorer change between builds can change results");
    // Whether what does not reproduce is only the scores (then a change of the scoring rules
    // since the recording explains it) or something else too.
    bool scoresDiffer = false;

    // Every file the sitting depended on must be the file it was.
    for (const RecordedFile& f : rec.header.files) {
        FileCheck check;
        check.file = f;
        check.resolvedPath = resolveRecordedPath(f.path, m_options.baseDir);
        const CachedFile& now = hashOf(check.resolvedPath);
        check.actualSha256 = now.sha256;
        if (now.sha256.empty())
            check.problem = f.role + " " + check.resolvedPath + " cannot be read: " + now.error;
        else if (now.sha256 != f.sha256)
            check.problem = f.role + " " + check.resolvedPath + " has changed since the recording (sha256 " +
                            f.sha256.substr(0, 16) + "... recorded, " + now.sha256.substr(0, 16) + "... now)";
        if (!check.problem.empty() && f.role == "level") {
            // The level as recorded, kept by the trainer: the attempts below replay on it.
            const LevelVersion kept = findLevelVersion(m_options.levelVersionsDir, f.sha256);
            if (kept.status == LevelVersion::Status::Found) {
                rep.notes.push_back(check.problem + "; regraded on the version kept when it was recorded, " +
                                    kept.path);
                check.problem.clear();
            } else if (kept.status == LevelVersion::Status::Refused) {
                check.problem += "; " + kept.problem;
            } else if (!m_options.levelVersionsDir.empty()) {
                check.problem += "; no version with sha256 " + f.sha256 + " is kept in " +
                                 m_options.levelVersionsDir + ": " +
                                 missingVersionAdvice(m_options.levelVersionsDir);
            }
        }
        if (!check.problem.empty()) rep.problems.push_back(check.problem);
        rep.files.push_back(std::move(check));
    }

    bool otherDiffer = !rep.problems.empty(); // a station signature, damage, a changed file
    // Replay each attempt; progress is shared out by command count.
    std::size_t totalCommands = 0, doneCommands = 0;
    for (const RecordedAttempt& a : rec.attempts)
        totalCommands += a.commands.size();
    for (std::size_t i = 0; i < rec.attempts.size(); ++i) {
        const RecordedAttempt& a = rec.attempts[i];
        AttemptRegrade ar;
        ar.number = static_cast<int>(i + 1);
        ar.setup = a.setup;
        ar.recordedEnd = a.end;
        ar.recordedScore = a.score;
        const std::string label = "attempt " + std::to_string(ar.number) + " (" + a.setup.levelPath + ")";
        const std::string resolved = resolveRecordedPath(a.setup.levelPath, m_options.baseDir);
        std::string keptNote, levelError;
        const auto level = loadRecordedLevel(resolved, a.setup.levelSha256, m_options.levelVersionsDir,
                                             keptNote, levelError);
        if (!level) {
            bool reported = false;
            for (const FileCheck& f : rep.files)
                reported |= f.resolvedPath == resolved && !f.problem.empty();
            ar.error = reported && levelError.find("has changed") != std::string::npos
                           ? "its level file has changed (see above)"
                       : levelError.rfind("level ", 0) == 0 ? "its " + levelError
                                                            : levelError;
        } else if (!keptNote.empty()) {
            bool noted = false;
            for (const FileCheck& f : rep.files)
                noted |= f.resolvedPath == resolved && f.file.sha256 == a.setup.levelSha256;
            if (!noted) rep.notes.push_back(label + ": " + keptNote);
        }
        if (!ar.error.empty()) {
            rep.problems.push_back(label + ": not replayed: " + ar.error);
            otherDiffer = true;
            rep.attempts.push_back(std::move(ar));
            doneCommands += a.commands.size();
            continue;
        }
        const std::size_t before = doneCommands;
        const ReplayedAttempt replayed =
            replayAttempt(levelForAttempt(level->level, a.setup), a, [&](double f) {
                if (progress && totalCommands > 0)
                    progress(0.95 *
                             (static_cast<double>(before) + f * static_cast<double>(a.commands.size())) /
                             static_cast<double>(totalCommands));
            });
        doneCommands += a.commands.size();
        ar.replayed = true;
        ar.refused = replayed.refused;
        ar.firstRefusal = replayed.firstRefusal;
        const PracticeSession& s = *replayed.session;
        ar.regradedEnd.endTick = s.tick();
        ar.regradedEnd.dotCount = static_cast<int64_t>(s.dots().size());
        ar.regradedEnd.dotsSha256 = dotsDigest(s.dots());
        if (replayed.refused > 0)
            ar.differences.push_back(std::to_string(replayed.refused) +
                                     " recorded commands refused on replay, first " + replayed.firstRefusal);
        if (!a.end) {
            rep.problems.push_back(label + ": never ended (the recording stops while it is open)");
            otherDiffer = true;
        } else {
            const bool finishCommand = !a.commands.empty() && a.commands.back().kind == CommandKind::Finish;
            ar.regradedEnd.reason = !s.finished()   ? AttemptEndReason::Abandoned
                                    : finishCommand ? AttemptEndReason::Finished
                                                    : AttemptEndReason::TimeLimit;
            if (a.end->endTick != ar.regradedEnd.endTick)
                ar.differences.push_back("end tick " + std::to_string(a.end->endTick) + " recorded, " +
                                         std::to_string(ar.regradedEnd.endTick) + " regraded");
            if (a.end->reason != ar.regradedEnd.reason)
                ar.differences.push_back(std::string("ended ") + attemptEndReasonName(a.end->reason) +
                                         " recorded, " + attemptEndReasonName(ar.regradedEnd.reason) +
                                         " regraded");
            if (a.end->dotCount != ar.regradedEnd.dotCount || a.end->dotsSha256 != ar.regradedEnd.dotsSha256)
                ar.differences.push_back("dots " + std::to_string(a.end->dotCount) + " recorded (sha256 " +
                                         a.end->dotsSha256.substr(0, 16) + "...), " +
                                         std::to_string(ar.regradedEnd.dotCount) + " replayed (sha256 " +
                                         ar.regradedEnd.dotsSha256.substr(0, 16) +
                                         "...): the simulation does not reproduce the candidate's dots");
        }
        if (a.end) {
            ar.regradedScore = recordedScore(scoreSessionAttempt(s), attemptInfoFor(s).elapsedSeconds);
            otherDiffer |= !ar.differences.empty(); // refused commands, another end or other dots
            if (a.score) {
                for (std::string& d : scoreDifferences(*a.score, ar.regradedScore)) {
                    ar.differences.push_back(std::move(d));
                    scoresDiffer = true;
                }
            } else {
                rep.notes.push_back(label + ": no score was recorded at the time; regraded " +
                                    formatNumber(ar.regradedScore.overall) + " (" +
                                    yesNo(ar.regradedScore.passed) + ")");
            }
        }
        for (const std::string& d : ar.differences)
            rep.problems.push_back(label + ": " + d);
        rep.attempts.push_back(std::move(ar));
    }
    for (const RecordedQuiz& q : rec.quizzes)
        if (!q.end) {
            rep.problems.push_back("quiz " + q.setup.sectionId +
                                   ": never ended (the recording stops while it is open)");
            otherDiffer = true;
        }
    if (rec.header.kind == "exam") {
        const std::size_t before = rep.problems.size();
        if (regradeExam(rep, rec))
            scoresDiffer = true;
        else
            otherDiffer |= rep.problems.size() > before;
    }
    const int recordedScorer = rec.header.scorerVersion;
    if (recordedScorer != kScorerVersion) {
        if (scoresDiffer && !otherDiffer)
            rep.scoringRulesChanged = scorerChangeExplanation(recordedScorer);
        else
            rep.notes.push_back("recorded with " + scorerVersionName(recordedScorer) +
                                ", regraded with scorer " + std::to_string(kScorerVersion));
    }
    if (!rec.closed() && rep.recovery.complete())
        rep.notes.push_back(
            "the recording was not closed (the sitting had not finished when it was last written)");
    return finish();
}

} // namespace stipple
