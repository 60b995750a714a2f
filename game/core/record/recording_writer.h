// Appends to a recording as the sitting happens. Each record goes to the operating system with
// one write() the moment it is made, so killing the program loses nothing already recorded; the
// file is fdatasync'ed at most `syncIntervalS` after a record was written (and at once after the
// records that matter most: attempt and quiz boundaries, scores, answers, resumes, the close), so
// a power cut loses at most the last second. A write that fails (disk full, device gone) is cut
// back to the last whole record and leaves the writer failed with a reason; everything written
// before stays readable. One writer per file: an advisory lock refuses a second one (a crashed
// program's zombie, or a second window on the same candidate).
#pragma once

#include "record/record_codec.h"
#include "record/recording.h"
#include "record/recording_reader.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace stipple {

struct DurabilityPolicy {
    /// fdatasync when the oldest unsynced record is this old (checked on every record and
    /// heartbeat). 0 = after every record.
    double syncIntervalS = 1.0;
    /// Also fdatasync after this many unsynced records (0 = only by time).
    int syncEveryRecords = 0;
    /// fdatasync at once after begin/end/score/answer/resume/close records.
    bool syncMilestones = true;
};

class RecordingWriter {
  public:
    /// Creates `path` (never replaces an existing file), writes the signature and `header`, and
    /// syncs the file and its folder. nullptr with a reason on failure.
    static std::unique_ptr<RecordingWriter> create(const std::string& path, const RecordingHeader& header,
                                                   std::string& error, const DurabilityPolicy& policy = {});
    /// Opens an existing recording to go on appending (resume). Reads and recovers it through the
    /// same descriptor; a damaged tail is copied to `path`.damaged-<byte> (nothing is ever
    /// destroyed) and cut off; the delta state of an open attempt is restored. `read` receives the
    /// recording as recovered. Refuses a closed recording or one another writer holds.
    static std::unique_ptr<RecordingWriter> reopen(const std::string& path, RecordingRead& read,
                                                   std::string& error, const DurabilityPolicy& policy = {});
    ~RecordingWriter();
    RecordingWriter(const RecordingWriter&) = delete;
    RecordingWriter& operator=(const RecordingWriter&) = delete;

    // Records. Each returns false with error() set when it could not be written, or when it may
    // not come here (a command with no attempt open, a tick before the last one, ...).
    bool beginAttempt(const AttemptSetup& setup);
    bool command(const Command& command);
    /// A clock record: the open attempt's (or quiz's) time reached `tick`.
    bool clock(int64_t tick);
    /// A clock record only when at least a second of ticks passed since the part's last record,
    /// then a sync if one is due: call it every frame.
    bool heartbeat(int64_t tick);
    bool endAttempt(const AttemptEnd& end);
    bool score(const RecordedScore& score);
    bool beginQuiz(const QuizSetup& setup);
    bool answer(const RecordedAnswer& answer);
    bool endQuiz(const QuizEnd& end);
    bool resume(const ResumeMark& mark);
    /// The last record: the sitting is over. Syncs.
    bool close(const CloseMark& mark);

    /// fdatasync now if anything is unsynced.
    bool sync();

    bool failed() const { return m_failed; }
    /// Why the last call returned false.
    const std::string& error() const { return m_error; }
    const std::string& path() const { return m_path; }
    int64_t records() const { return m_records; }
    int64_t bytes() const { return m_bytes; }
    int64_t syncs() const { return m_syncs; }
    bool attemptOpen() const { return m_open == Open::Attempt; }
    bool quizOpen() const { return m_open == Open::Quiz; }
    bool closed() const { return m_closed; }
    /// The open part's latest recorded tick.
    int64_t partTick() const { return m_codec.tick; }

  private:
    enum class Open { None, Attempt, Quiz };
    RecordingWriter(int fd, std::string path, const DurabilityPolicy& policy);
    bool refuse(std::string why);
    bool append(RecordType type, const ByteWriter& payload, bool milestone);
    bool appendRaw(uint8_t type, const std::string& payload, bool milestone);
    void maybeSync();

    int m_fd = -1;
    std::string m_path;
    DurabilityPolicy m_policy;
    std::string m_frame;
    std::string m_error;
    bool m_failed = false;
    int64_t m_records = 0;
    int64_t m_bytes = 0;
    int64_t m_syncs = 0;
    int64_t m_unsynced = 0;
    std::chrono::steady_clock::time_point m_oldestUnsynced;
    Open m_open = Open::None;
    bool m_closed = false;
    bool m_scorable = false; ///< the last part is an ended attempt without a score yet
    CommandCodecState m_codec;
};

} // namespace stipple
