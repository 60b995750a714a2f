// A practice attempt recorded as the trainee works, so that it can be replayed (`stipple
// replay FILE`) and re-scored like an exam attempt. The file is created at the first strike
// (a level opened and left untouched leaves nothing behind); every command from the start of the
// session is in it, because the recorder first writes what the session has already applied.
// Finishing writes the scorecard and closes the file; leaving the level without finishing
// closes it with the attempt marked abandoned, so no recording is ever left open.
#pragma once

#include "record/recording_writer.h"
#include "record/session_recorder.h"

#include <memory>
#include <string>

namespace stipple {
struct Scorecard;
}

namespace stipple::app {

class PracticeRecording {
  public:
    /// Starts recording `session` (on the level file `levelPath`) into a new file in `dir`
    /// (created when missing). nullptr with the reason in `error`. The level file's bytes are
    /// kept in `versionsDir` by their hash (record/level_versions.h; "" keeps nothing).
    static std::unique_ptr<PracticeRecording> start(const std::string& dir, const std::string& levelPath,
                                                    PracticeSession& session, const std::string& trainee,
                                                    std::string& error, const std::string& versionsDir = "");
    /// Closes an attempt that was not finished as abandoned.
    ~PracticeRecording();
    PracticeRecording(const PracticeRecording&) = delete;
    PracticeRecording& operator=(const PracticeRecording&) = delete;

    /// After the session finished: writes the scorecard the results screen computed and closes
    /// the file. False (see error()) when a write failed.
    bool finish(const Scorecard& card, double elapsedS);
    const std::string& path() const { return m_path; }
    std::string error() const { return m_recorder ? m_recorder->error() : m_error; }

  private:
    PracticeRecording() = default;
    std::string m_path;
    std::string m_error;
    std::unique_ptr<RecordingWriter> m_writer;
    std::unique_ptr<SessionRecorder> m_recorder; ///< declared after the writer: destroyed first
    bool m_closed = false;
};

} // namespace stipple::app
