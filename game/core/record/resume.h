// Resuming a sitting from its recording after a crash or a close: the file is recovered (a torn
// last record cut off and kept beside it), the open practical attempt is rebuilt by replaying its
// commands on the same level and seed, and the recording goes on from its last record. The time
// already used counts: the rebuilt session stands at the attempt's last recorded tick (command or
// clock record, at most a second before the crash), so the level's time limit keeps running from
// there. A strike in progress at the crash is completed at that tick (the hand left the mouse).
//
// The window then keeps its tick clock going from resumedTick: nowTick = resumedTick + 240 ×
// seconds since the resume. An open quiz is handed back with its answers and time used.
#pragma once

#include "record/recording_writer.h"
#include "record/session_recorder.h"
#include "session/practice_session.h"

#include <memory>
#include <optional>
#include <string>

namespace stipple {

struct ResumeOptions {
    std::string station;            ///< this machine; must be the recording's station
    bool allowOtherStation = false; ///< an invigilator's decision to move the candidate
    std::string baseDir;            ///< for relative paths in the recording ("" = working directory)
    /// Where the level versions recordings used are kept (record/level_versions.h): an open
    /// attempt whose level file changed since goes on on the version it started with. "" = none.
    std::string levelVersionsDir;
    std::string now;   ///< UTC timestamp for the resume mark ("" = the clock)
    std::string build; ///< "" = this build
    DurabilityPolicy durability;
};

struct ResumedSitting {
    std::unique_ptr<RecordingWriter> writer; ///< open at the end of the file, resume mark written
    Recording recording;                     ///< as recovered, before the resume mark
    RecoveryReport recovery;
    std::optional<RecordingPart> openPart; ///< what was open at the crash
    // An open practical attempt, rebuilt and recording again:
    std::unique_ptr<PracticeSession> session;
    std::unique_ptr<SessionRecorder> recorder;
    int64_t resumedTick = 0; ///< its time already used, in ticks
    // An open quiz:
    const RecordedQuiz* quiz = nullptr; ///< into `recording`
    double quizUsedS = 0.0;             ///< its time already used

    ResumedSitting() = default;
    ResumedSitting(ResumedSitting&&) = default;
    ResumedSitting& operator=(ResumedSitting&&) = default;
    ~ResumedSitting();
};

/// Resumes `path`. Refuses (nullopt with a reason) a closed recording, one another program has
/// open, one from another station (unless allowed), or an open attempt whose level, as recorded,
/// is found neither in its file nor among the kept versions, or whose commands no longer replay.
std::optional<ResumedSitting> resumeRecording(const std::string& path, const ResumeOptions& options,
                                              std::string& error);

/// The UTC time now, "YYYY-MM-DDTHH:MM:SSZ".
std::string utcNow();

} // namespace stipple
