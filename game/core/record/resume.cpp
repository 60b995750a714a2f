// Resume is replay plus a writer reopened on the same file. The order matters: the session is
// rebuilt before the recorder is attached, so the replayed commands are not written twice.
#include "record/resume.h"

#include "record/level_versions.h"
#include "record/replay.h"

#include <algorithm>
#include <ctime>

namespace stipple {

ResumedSitting::~ResumedSitting() {
    recorder.reset(); // detach from the session before it goes
}

std::string utcNow() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::optional<ResumedSitting> resumeRecording(const std::string& path, const ResumeOptions& options,
                                              std::string& error) {
    ResumedSitting out;
    RecordingRead read;
    // Check the station before touching the file: a refusal must change nothing.
    {
        const RecordingRead peek = readRecording(path);
        if (!peek.recording) {
            error = "cannot resume: " + peek.recovery.message();
            return std::nullopt;
        }
        if (!options.allowOtherStation && peek.recording->header.station != options.station) {
            error = "cannot resume " + path + " on station '" + options.station +
                    "': it was recorded on station '" + peek.recording->header.station +
                    "' (an invigilator may allow the move)";
            return std::nullopt;
        }
    }
    out.writer = RecordingWriter::reopen(path, read, error, options.durability);
    if (!out.writer) {
        error = "cannot resume: " + error;
        return std::nullopt;
    }
    out.recording = std::move(*read.recording);
    out.recovery = read.recovery;
    out.openPart = out.recording.openPart();

    ResumeMark mark;
    mark.at = options.now.empty() ? utcNow() : options.now;
    mark.station = options.station;
    mark.build = options.build.empty() ? std::string("stipple ") + STIPPLE_VERSION : options.build;

    if (out.openPart && out.openPart->kind == RecordingPart::Kind::Attempt) {
        const RecordedAttempt& a = out.recording.attempts[out.openPart->index];
        const std::string resolved = resolveRecordedPath(a.setup.levelPath, options.baseDir);
        // The level the attempt started on: its file while unchanged, else the version kept then.
        std::string note, why;
        const auto level =
            loadRecordedLevel(resolved, a.setup.levelSha256, options.levelVersionsDir, note, why);
        if (!level) {
            // "level P has changed since the recording (...)" or "its level cannot be loaded: ..."
            error = "cannot resume: the open attempt's " + (why.rfind("its ", 0) == 0 ? why.substr(4) : why);
            return std::nullopt;
        }
        ReplayedAttempt replayed = replayAttempt(levelForAttempt(level->level, a.setup), a);
        if (replayed.refused > 0) {
            error = "cannot resume: the recorded commands do not replay (" + replayed.firstRefusal + ")";
            return std::nullopt;
        }
        out.session = std::move(replayed.session);
        out.resumedTick = out.session->tick();
        mark.tick = out.resumedTick;
        if (!out.writer->resume(mark)) {
            error = "cannot resume: " + out.writer->error();
            return std::nullopt;
        }
        out.recorder =
            std::make_unique<SessionRecorder>(*out.session, *out.writer, SessionRecorder::Continue{});
        // The hand left the mouse at the crash: a strike in progress ends here, and is recorded.
        if (out.session->needleIsDown()) out.session->needleUp(out.resumedTick);
        if (!out.recorder->ok()) {
            error = "cannot resume: " + out.recorder->error();
            return std::nullopt;
        }
    } else {
        if (out.openPart) {
            out.quiz = &out.recording.quizzes[out.openPart->index];
            out.quizUsedS = static_cast<double>(out.quiz->lastTick) / PracticeSession::kTicksPerSecond;
            for (const RecordedAnswer& ans : out.quiz->answers)
                out.quizUsedS = std::max(out.quizUsedS, ans.elapsedS);
        }
        if (!out.writer->resume(mark)) {
            error = "cannot resume: " + out.writer->error();
            return std::nullopt;
        }
    }
    return out;
}

} // namespace stipple
