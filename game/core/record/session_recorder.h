// Feeds a practice session into a recording as it happens: a SessionListener that writes every
// command the session applies (exactly as logged, with its tick), a clock record each second of
// session time in which nothing else was written (so a resume knows the time already used), the
// attempt's end with a digest of its dots, and — when the caller has scored it — the scorecard.
// The window registers nothing else: it creates the recorder beside the session, calls
// session.advanceTo() every frame as before, and calls recordScore() after scoring.
#pragma once

#include "record/recording_writer.h"
#include "session/practice_session.h"

#include <string>

namespace stipple {

/// The setup of an attempt on `session` (seed, undo and time limit as the session has them).
AttemptSetup attemptSetupFor(const PracticeSession& session, const std::string& levelPath,
                             const std::string& levelSha256, const std::string& sectionId = "", int item = 0);

/// The header of a practice recording of one level: kind "practice", this build, started now.
RecordingHeader practiceRecordingHeader(const std::string& levelPath, const std::string& levelSha256,
                                        uint64_t seed, const std::string& candidateId,
                                        const std::string& station);

class SessionRecorder : public SessionListener {
  public:
    /// Writes the attempt-begin record for `setup`, then any commands `session` has already
    /// applied, and listens to `session` from now on. Both must outlive the recorder. `setup`
    /// must describe this session (seed, undo, time limit: use attemptSetupFor).
    SessionRecorder(PracticeSession& session, RecordingWriter& writer, const AttemptSetup& setup);
    /// Continues an attempt the writer has open (resume): `session` has been rebuilt from the
    /// recording and nothing is written until it changes.
    struct Continue {};
    SessionRecorder(PracticeSession& session, RecordingWriter& writer, Continue);
    ~SessionRecorder() override;
    SessionRecorder(const SessionRecorder&) = delete;
    SessionRecorder& operator=(const SessionRecorder&) = delete;

    void onCommandApplied(const Command& command) override;
    void onAdvanced(int64_t tick) override;
    void onFinished(int64_t tick) override;

    /// Writes the scorecard the program computed for the finished attempt, with the elapsed time
    /// it was given. False (see error()) if the attempt has not ended or the write failed.
    bool recordScore(const Scorecard& card, double elapsedS);
    /// Ends an unfinished attempt as abandoned (the sitting moves on without it).
    bool abandon();

    /// False once a write failed: the window must stop the exam and show error().
    bool ok() const { return !m_writer.failed() && m_error.empty(); }
    /// Why the recording stopped: the writer's reason (a full disk) wins over what failed after it.
    std::string error() const { return m_writer.failed() || m_error.empty() ? m_writer.error() : m_error; }

  private:
    bool end(AttemptEndReason reason);
    void fail(const std::string& why);

    PracticeSession& m_session;
    RecordingWriter& m_writer;
    bool m_sawFinish = false;
    bool m_ended = false;
    std::string m_error;
};

} // namespace stipple
