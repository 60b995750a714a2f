// PracticeRecording implementation: file naming and the open/finish/abandon life cycle; the
// recording format and writing are core's (record/).
#include "app/practice_recording.h"

#include "io/files.h"
#include "record/level_versions.h"
#include "record/recording.h"
#include "record/resume.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace stipple::app {

namespace {

/// "2026-11-29T09:15:02Z" → "20261129-091502" (file names sort by time and hold no colon).
std::string compactTime(const std::string& utc) {
    std::string out;
    for (char c : utc) {
        if (c >= '0' && c <= '9')
            out += c;
        else if (c == 'T')
            out += '-';
    }
    return out;
}

std::string hostName() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || !name[0]) return "this-computer";
    return name;
}

} // namespace

std::unique_ptr<PracticeRecording>
PracticeRecording::start(const std::string& dir, const std::string& levelPath, PracticeSession& session,
                         const std::string& trainee, std::string& error, const std::string& versionsDir) {
    namespace fs = std::filesystem;
    std::string bytes;
    if (!readFile(levelPath, bytes, error)) return nullptr;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        error = "cannot create the practice recordings folder " + dir + ": " + ec.message();
        return nullptr;
    }
    // The level as recorded is kept by its hash, so the recording replays after the file is
    // edited (record/level_versions.h). A level that cannot be kept is said, not fatal.
    std::string keepError;
    if (!versionsDir.empty() && !keepLevelVersion(versionsDir, bytes, keepError))
        std::fprintf(stderr, "stipple: the level version of this recording is not kept: %s\n",
                     keepError.c_str());
    const std::string absoluteLevel = fs::absolute(levelPath, ec).lexically_normal().string();
    const RecordingHeader header =
        practiceRecordingHeader(absoluteLevel, sha256Hex(bytes), session.seed(), trainee, hostName());
    std::unique_ptr<PracticeRecording> r(new PracticeRecording);
    const std::string stem =
        (fs::path(dir) / (session.level().id + "-" + compactTime(header.startedAt))).string();
    r->m_path = stem + kRecordingExtension;
    for (int n = 2; fs::exists(r->m_path, ec) && n < 100; ++n)
        r->m_path = stem + "-" + std::to_string(n) + kRecordingExtension;
    r->m_writer = RecordingWriter::create(r->m_path, header, error);
    if (!r->m_writer) return nullptr;
    r->m_recorder = std::make_unique<SessionRecorder>(
        session, *r->m_writer, attemptSetupFor(session, absoluteLevel, header.files.front().sha256));
    if (!r->m_recorder->ok()) {
        error = r->m_recorder->error();
        return nullptr;
    }
    return r;
}

PracticeRecording::~PracticeRecording() {
    if (m_closed || !m_writer || !m_recorder) return;
    // Left without finishing: the attempt ends as abandoned and the file is closed, so a replay
    // or regrade reads a complete recording.
    if (m_writer->attemptOpen()) m_recorder->abandon();
    m_recorder.reset();
    if (!m_writer->failed()) m_writer->close(CloseMark{utcNow()});
}

bool PracticeRecording::finish(const Scorecard& card, double elapsedS) {
    if (m_closed) return true;
    m_closed = true;
    if (!m_recorder->recordScore(card, elapsedS)) return false;
    m_recorder.reset();
    return m_writer->close(CloseMark{utcNow()});
}

} // namespace stipple::app
