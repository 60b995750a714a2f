// Benchmark: a 4-hour recorded session against SCORING.md's budgets — the recording on disk
// ≤ 20 MB, and `stipple regrade` of it (read, check, replay every tick, score) ≤ 5 s. Records a
// synthetic 4-hour attempt live, the way the trainer does (a PracticeSession with a
// SessionRecorder, advanceTo every 60 Hz frame, fdatasync within a second), then regrades it.
// The trainee: 50,000 strikes; the pointer sampled every frame (60 Hz) for the whole 4 hours,
// as the window sends it (arbitrary doubles; the session rounds them to its 1/1024 mm grid).
// Usage: bench_record [strikes=50000] [folder=/tmp]      (a Release build for the figures)
#include "four_hour_script.h"
#include "io/files.h"
#include "level/level_writer.h"
#include "record/recording_reader.h"
#include "record/regrade.h"
#include "record/replay.h"
#include "record/resume.h"
#include "record/session_recorder.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

using namespace stipple;

namespace {

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// CPU seconds of this process: on a shared, loaded machine wall time overstates the work.
double cpuNow() {
    timespec ts{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// A 300 x 300 mm scalp with one zone: 50,000 dots is about its target count.
Level benchLevel() {
    Level level;
    level.id = "bench-record";
    level.title = "Four hours";
    level.brief = "A whole scalp in one sitting.";
    level.skill = "density";
    level.canvas.widthMm = 300.0;
    level.canvas.heightMm = 300.0;
    Zone z;
    z.id = "scalp";
    z.name = "Scalp";
    z.outline = {{10, 10}, {290, 10}, {290, 290}, {10, 290}};
    z.densityPerCm2 = 64.0;
    z.minSpacingMm = 0.6;
    level.zones.push_back(z);
    level.needles = {Needle{"3rl-030", "3RL", 0.30}};
    level.sessions = {SessionSpec{1.0, "soft-black", 1.0, 14.0}};
    level.handpiece.tremorMm = 0.05;
    level.target.generate = false;
    return level;
}

} // namespace

int main(int argc, char** argv) {
    const int strikes = argc > 1 ? std::atoi(argv[1]) : 50000;
    const std::string folder = argc > 2 ? argv[2] : "/tmp";
    if (strikes <= 0) {
        std::fprintf(stderr, "usage: bench_record [strikes > 0] [folder]\n");
        return 2;
    }
    const std::filesystem::path dir =
        std::filesystem::path(folder) / ("stipple-bench-record-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string levelPath = (dir / "four-hours.xml").string();
    const std::string recPath = (dir / "four-hours.stiprec").string();
    std::string error;
    if (!writeFileAtomic(levelPath, writeLevel(benchLevel()), error)) {
        std::fprintf(stderr, "cannot write the level: %s\n", error.c_str());
        return 1;
    }
    Diagnostics diags;
    const auto level = loadHashedLevel(levelPath, diags);
    if (!level) {
        std::fprintf(stderr, "%s", diags.formatAll().c_str());
        return 1;
    }

    const std::vector<Command> script = bench::fourHourScript(strikes, 0.004);
    const int64_t ticks = script.back().tick;
    std::printf("synthetic attempt: %d strikes, %lld ticks (%.2f h), %zu commands\n", strikes,
                static_cast<long long>(ticks), ticks / (3600.0 * PracticeSession::kTicksPerSecond),
                script.size());

    // The same session without a recorder: the cost of recording is the difference.
    double bare = 0.0, bareCpu = 0.0;
    {
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpuNow();
        PracticeSession s(level->level, 7);
        for (const Command& c : script) {
            s.advanceTo(c.tick);
            s.apply(c);
        }
        bare = since(t0);
        bareCpu = cpuNow() - c0;
    }

    RecordingHeader header;
    header.build = std::string("stipple ") + STIPPLE_VERSION;
    header.kind = "practice";
    header.seed = 7;
    header.candidateId = "bench";
    header.station = "bench";
    header.startedAt = utcNow();
    header.files = {{"level", levelPath, level->sha256}};
    double live = 0.0, liveCpu = 0.0, scoreS = 0.0;
    int64_t records = 0, syncs = 0;
    {
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpuNow();
        auto writer = RecordingWriter::create(recPath, header, error);
        if (!writer) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return 1;
        }
        PracticeSession s(level->level, 7);
        SessionRecorder recorder(s, *writer, attemptSetupFor(s, levelPath, level->sha256));
        for (const Command& c : script) {
            s.advanceTo(c.tick); // the window's per-frame call: heartbeats and syncs
            s.apply(c);
        }
        live = since(t0);
        liveCpu = cpuNow() - c0;
        const auto t1 = std::chrono::steady_clock::now();
        const Scorecard card = scoreSessionAttempt(s);
        scoreS = since(t1);
        recorder.recordScore(card, s.elapsedS());
        writer->close(CloseMark{utcNow()});
        if (!recorder.ok()) {
            std::fprintf(stderr, "%s\n", recorder.error().c_str());
            return 1;
        }
        records = writer->records();
        syncs = writer->syncs();
    }
    const auto bytes = static_cast<double>(std::filesystem::file_size(recPath));
    std::printf("%-30s %8s %8s\n", "(seconds)", "wall", "cpu");
    std::printf("%-30s %8.3f %8.3f\n", "live session, no recorder", bare, bareCpu);
    std::printf("%-30s %8.3f %8.3f  (+%.2f us cpu per record; %lld records, %lld fdatasyncs)\n",
                "live session, recording", live, liveCpu,
                (liveCpu - bareCpu) / static_cast<double>(records) * 1e6, static_cast<long long>(records),
                static_cast<long long>(syncs));

    // Regrade, and its parts (best of 3 each).
    double readS = 1e9, replayS = 1e9, totalS = 1e9, readC = 1e9, replayC = 1e9, totalC = 1e9;
    bool reproduced = false;
    for (int run = 0; run < 3; ++run) {
        auto t0 = std::chrono::steady_clock::now();
        double c0 = cpuNow();
        const RecordingRead read = readRecording(recPath);
        readS = std::fmin(readS, since(t0));
        readC = std::fmin(readC, cpuNow() - c0);
        t0 = std::chrono::steady_clock::now();
        c0 = cpuNow();
        const ReplayedAttempt replayed = replayAttempt(
            levelForAttempt(level->level, read.recording->attempts[0].setup), read.recording->attempts[0]);
        replayS = std::fmin(replayS, since(t0));
        replayC = std::fmin(replayC, cpuNow() - c0);
        t0 = std::chrono::steady_clock::now();
        c0 = cpuNow();
        Regrader regrader;
        const RegradeReport report = regrader.regrade(recPath);
        totalS = std::fmin(totalS, since(t0));
        totalC = std::fmin(totalC, cpuNow() - c0);
        reproduced = report.reproduced();
        if (!reproduced)
            for (const std::string& p : report.problems)
                std::fprintf(stderr, "  %s\n", p.c_str());
    }
    std::printf("%-30s %8.3f %8.3f\n", "read + recover recording", readS, readC);
    std::printf("%-30s %8.3f %8.3f\n", "replay every tick", replayS, replayC);
    std::printf("%-30s %8.3f\n", "score (once)", scoreS);
    std::printf("%-30s %8.3f %8.3f  (best of 3; %s)  budget 5 s: %s\n", "regrade, all of it", totalS, totalC,
                reproduced ? "reproduced exactly" : "DID NOT REPRODUCE",
                totalC <= 5.0 ? "within (cpu)" : "OVER");
    std::printf("recording on disk: %.2f MB (%.2f bytes per command; %lld bytes)  budget 20 MB: %s\n",
                bytes / 1e6, bytes / static_cast<double>(script.size()), static_cast<long long>(bytes),
                bytes <= 20e6 ? "within" : "OVER");

    // Resume: the same attempt left open just before its finish (a crash at the last moment),
    // then rebuilt from the recording and reopened for appending.
    {
        const std::string openPath = (dir / "open.stiprec").string();
        {
            auto writer = RecordingWriter::create(openPath, header, error);
            PracticeSession s(level->level, 7);
            SessionRecorder recorder(s, *writer, attemptSetupFor(s, levelPath, level->sha256));
            for (std::size_t i = 0; i + 1 < script.size(); ++i) {
                s.advanceTo(script[i].tick);
                s.apply(script[i]);
            }
        }
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpuNow();
        ResumeOptions options;
        options.station = "bench";
        auto sitting = resumeRecording(openPath, options, error);
        const double resumeS = since(t0), resumeC = cpuNow() - c0;
        if (!sitting || !sitting->session) {
            std::fprintf(stderr, "resume failed: %s\n", error.c_str());
            return 1;
        }
        std::printf("%-30s %8.3f %8.3f  (rebuilt at tick %lld, %zu dots)\n", "resume an open 4-hour attempt",
                    resumeS, resumeC, static_cast<long long>(sitting->resumedTick),
                    sitting->session->dots().size());
    }
    std::filesystem::remove_all(dir);
    return reproduced ? 0 : 1;
}
