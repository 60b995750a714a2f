// POSIX: open(O_EXCL)/write/fdatasync/ftruncate and flock. Records are framed in memory and
// handed to write() whole; a short write (disk full) is cut back with ftruncate so the file ends
// on a record boundary whenever the system lets us.
#include "record/recording_writer.h"

#include "io/files.h"
#include "session/practice_session.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stipple {

namespace {

std::string sysError(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

bool writeAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) {
            errno = ENOSPC;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool syncFolderOf(const std::string& path) {
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    if (dir.empty()) dir = ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

bool lockExclusive(int fd) {
    return ::flock(fd, LOCK_EX | LOCK_NB) == 0;
}

} // namespace

RecordingWriter::RecordingWriter(int fd, std::string path, const DurabilityPolicy& policy)
    : m_fd(fd), m_path(std::move(path)), m_policy(policy) {}

RecordingWriter::~RecordingWriter() {
    if (m_fd >= 0) {
        sync();
        ::close(m_fd);
    }
}

std::unique_ptr<RecordingWriter> RecordingWriter::create(const std::string& path,
                                                         const RecordingHeader& header, std::string& error,
                                                         const DurabilityPolicy& policy) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        error = errno == EEXIST
                    ? "cannot create recording " + path + ": the file exists (a recording is never replaced)"
                    : sysError("cannot create recording", path);
        return nullptr;
    }
    if (!lockExclusive(fd)) {
        error = sysError("cannot lock recording", path);
        ::close(fd);
        return nullptr;
    }
    std::unique_ptr<RecordingWriter> w(new RecordingWriter(fd, path, policy));
    // A file without its header is no recording: remove it rather than leave a stub behind.
    auto fail = [&](std::string why) -> std::unique_ptr<RecordingWriter> {
        error = std::move(why);
        w.reset();
        ::unlink(path.c_str());
        return nullptr;
    };
    if (!writeAll(fd, kRecordingMagic.data(), kRecordingMagic.size()))
        return fail(sysError("cannot write recording", path));
    w->m_bytes = static_cast<int64_t>(kRecordingMagic.size());
    ByteWriter payload;
    encodeHeader(header, payload);
    if (!w->append(RecordType::Header, payload, true)) return fail(w->m_error);
    if (!syncFolderOf(path)) return fail(sysError("cannot sync the folder of", path));
    return w;
}

std::unique_ptr<RecordingWriter> RecordingWriter::reopen(const std::string& path, RecordingRead& read,
                                                         std::string& error, const DurabilityPolicy& policy) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        error = sysError("cannot open recording", path);
        return nullptr;
    }
    struct stat kind {};
    if (::fstat(fd, &kind) != 0 || !S_ISREG(kind.st_mode)) {
        error = "cannot open recording " + path + ": " + notRegularFileReason(kind.st_mode);
        ::close(fd);
        return nullptr;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (!lockExclusive(fd)) {
        error = errno == EWOULDBLOCK
                    ? "recording " + path + " is open in another program (is the exam still running?)"
                    : sysError("cannot lock recording", path);
        ::close(fd);
        return nullptr;
    }
    std::unique_ptr<RecordingWriter> w(new RecordingWriter(fd, path, policy));
    // Read through the locked descriptor: what is recovered is what gets appended to.
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = sysError("cannot read recording", path);
        return nullptr;
    }
    if (st.st_size > kMaxRecordingBytes) {
        error =
            "recording " + path + " is larger than any recording (" + std::to_string(st.st_size) + " bytes)";
        return nullptr;
    }
    std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = ::pread(fd, bytes.data() + got, bytes.size() - got, static_cast<off_t>(got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error = sysError("cannot read recording", path);
            return nullptr;
        }
        got += static_cast<std::size_t>(n);
    }
    read = parseRecording(bytes, path);
    if (!read.recording) {
        error = read.recovery.message();
        return nullptr;
    }
    const Recording& rec = *read.recording;
    if (rec.closed()) {
        error = "recording " + path + " is closed: the sitting finished at " + rec.close->finishedAt;
        return nullptr;
    }
    if (!read.recovery.complete()) {
        // Keep the bytes that are cut off: they may matter to an appeal.
        const auto from = static_cast<std::size_t>(read.recovery.validBytes);
        const std::string kept = path + ".damaged-" + std::to_string(from);
        std::string why;
        if (!writeFileAtomic(kept, bytes.substr(from), why)) {
            error = "cannot keep the damaged end of " + path + " in " + kept + ": " + why;
            return nullptr;
        }
        if (::ftruncate(fd, static_cast<off_t>(from)) != 0 || ::fsync(fd) != 0) {
            error = sysError("cannot cut the damaged end of recording", path);
            return nullptr;
        }
    }
    if (::lseek(fd, static_cast<off_t>(read.recovery.validBytes), SEEK_SET) < 0) {
        error = sysError("cannot seek in recording", path);
        return nullptr;
    }
    w->m_bytes = read.recovery.validBytes;
    w->m_records = read.recovery.records;
    if (const auto open = rec.openPart()) {
        if (open->kind == RecordingPart::Kind::Attempt) {
            const RecordedAttempt& a = rec.attempts[open->index];
            w->m_open = Open::Attempt;
            w->m_codec.tick = a.lastTick;
            for (auto it = a.commands.rbegin(); it != a.commands.rend(); ++it) {
                if (it->kind == CommandKind::MoveHand && onPointerGrid(it->posMm.x) &&
                    onPointerGrid(it->posMm.y)) {
                    w->m_codec.gridX = static_cast<int64_t>(it->posMm.x * PracticeSession::kPointerGridPerMm);
                    w->m_codec.gridY = static_cast<int64_t>(it->posMm.y * PracticeSession::kPointerGridPerMm);
                    break;
                }
            }
        } else {
            w->m_open = Open::Quiz;
            w->m_codec.tick = rec.quizzes[open->index].lastTick;
        }
    } else if (!rec.parts.empty() && rec.parts.back().kind == RecordingPart::Kind::Attempt) {
        w->m_scorable = !rec.attempts[rec.parts.back().index].score;
    }
    return w;
}

bool RecordingWriter::refuse(std::string why) {
    m_error = std::move(why);
    return false;
}

bool RecordingWriter::append(RecordType type, const ByteWriter& payload, bool milestone) {
    return appendRaw(static_cast<uint8_t>(type), payload.data(), milestone);
}

bool RecordingWriter::appendRaw(uint8_t type, const std::string& payload, bool milestone) {
    if (m_failed) return false;
    if (m_closed) return refuse("recording " + m_path + " is closed");
    m_frame.clear();
    frameRecord(type, payload, m_frame);
    if (!writeAll(m_fd, m_frame.data(), m_frame.size())) {
        m_error = sysError("cannot write to recording", m_path) + " (everything up to record " +
                  std::to_string(m_records) + " is saved)";
        m_failed = true;
        // Leave the file ending on a whole record if the system allows it.
        if (::ftruncate(m_fd, static_cast<off_t>(m_bytes)) == 0)
            ::lseek(m_fd, static_cast<off_t>(m_bytes), SEEK_SET);
        return false;
    }
    m_bytes += static_cast<int64_t>(m_frame.size());
    ++m_records;
    if (m_unsynced++ == 0) m_oldestUnsynced = std::chrono::steady_clock::now();
    if (milestone && m_policy.syncMilestones) return sync();
    maybeSync();
    return !m_failed;
}

void RecordingWriter::maybeSync() {
    if (m_unsynced == 0) return;
    const bool byCount = m_policy.syncEveryRecords > 0 && m_unsynced >= m_policy.syncEveryRecords;
    const bool byTime =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_oldestUnsynced).count() >=
        m_policy.syncIntervalS;
    if (byCount || byTime) sync();
}

bool RecordingWriter::sync() {
    if (m_fd < 0 || m_unsynced == 0) return !m_failed;
    if (::fdatasync(m_fd) != 0) {
        m_error = sysError("cannot flush recording to disk", m_path);
        m_failed = true;
        return false;
    }
    m_unsynced = 0;
    ++m_syncs;
    return !m_failed;
}

bool RecordingWriter::beginAttempt(const AttemptSetup& setup) {
    if (m_open != Open::None) return refuse("attempt-begin: a part of the sitting is still open");
    ByteWriter p;
    encodeAttemptSetup(setup, p);
    if (!append(RecordType::AttemptBegin, p, true)) return false;
    m_open = Open::Attempt;
    m_scorable = false;
    m_codec = {};
    return true;
}

bool RecordingWriter::command(const Command& c) {
    if (m_open != Open::Attempt) return refuse("command: no practical attempt is open");
    if (c.tick < m_codec.tick || c.tick > PracticeSession::kMaxTick)
        return refuse("command at tick " + std::to_string(c.tick) + " after tick " +
                      std::to_string(m_codec.tick));
    CommandCodecState next = m_codec;
    ByteWriter p;
    encodeCommand(c, next, p);
    if (!appendRaw(commandRecordType(c), p.data(), false)) return false;
    m_codec = next;
    return true;
}

bool RecordingWriter::clock(int64_t tick) {
    if (m_open == Open::None) return refuse("clock: no attempt or quiz is open");
    if (tick < m_codec.tick || tick > PracticeSession::kMaxTick)
        return refuse("clock at tick " + std::to_string(tick) + " after tick " +
                      std::to_string(m_codec.tick));
    CommandCodecState next = m_codec;
    ByteWriter p;
    encodeClock(tick, next, p);
    if (!append(RecordType::Clock, p, false)) return false;
    m_codec = next;
    return true;
}

bool RecordingWriter::heartbeat(int64_t tick) {
    if (m_open != Open::None && tick >= m_codec.tick + PracticeSession::kTicksPerSecond) return clock(tick);
    maybeSync();
    return !m_failed;
}

bool RecordingWriter::endAttempt(const AttemptEnd& end) {
    if (m_open != Open::Attempt) return refuse("attempt-end: no practical attempt is open");
    if (end.endTick < m_codec.tick) return refuse("attempt-end before the attempt's last tick");
    ByteWriter p;
    encodeAttemptEnd(end, p);
    if (!append(RecordType::AttemptEnd, p, true)) return false;
    m_open = Open::None;
    m_scorable = true;
    return true;
}

bool RecordingWriter::score(const RecordedScore& score) {
    if (!m_scorable) return refuse("score: no ended attempt waits for its score");
    ByteWriter p;
    encodeScore(score, p);
    if (!append(RecordType::Score, p, true)) return false;
    m_scorable = false;
    return true;
}

bool RecordingWriter::beginQuiz(const QuizSetup& setup) {
    if (m_open != Open::None) return refuse("quiz-begin: a part of the sitting is still open");
    ByteWriter p;
    encodeQuizSetup(setup, p);
    if (!append(RecordType::QuizBegin, p, true)) return false;
    m_open = Open::Quiz;
    m_scorable = false;
    m_codec = {};
    return true;
}

bool RecordingWriter::answer(const RecordedAnswer& a) {
    if (m_open != Open::Quiz) return refuse("answer: no quiz is open");
    ByteWriter p;
    encodeAnswer(a, p);
    return append(RecordType::Answer, p, true);
}

bool RecordingWriter::endQuiz(const QuizEnd& end) {
    if (m_open != Open::Quiz) return refuse("quiz-end: no quiz is open");
    ByteWriter p;
    encodeQuizEnd(end, p);
    if (!append(RecordType::QuizEnd, p, true)) return false;
    m_open = Open::None;
    return true;
}

bool RecordingWriter::resume(const ResumeMark& mark) {
    if (mark.tick >= 0 && (m_open != Open::Attempt || mark.tick < m_codec.tick))
        return refuse("resume: tick " + std::to_string(mark.tick) + " is not the open attempt's time");
    if (mark.tick < -1) return refuse("resume: tick out of range");
    ByteWriter p;
    encodeResume(mark, p);
    return append(RecordType::Resume, p, true);
}

bool RecordingWriter::close(const CloseMark& mark) {
    if (m_open != Open::None) return refuse("close: a part of the sitting is still open");
    ByteWriter p;
    encodeClose(mark, p);
    if (!append(RecordType::Close, p, true)) return false;
    m_closed = true;
    return true;
}

} // namespace stipple
