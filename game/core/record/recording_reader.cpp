// Recovery is one forward pass: frame (type, length, checksum), then decode the payload, then
// check that the record may come where it is (a command only inside an open attempt, an answer
// only inside an open quiz for a question it asked, nothing after the close). The first record
// that fails any step ends the pass; everything before it is the recovered recording.
#include "record/recording_reader.h"

#include "io/files.h"
#include "record/record_codec.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stipple {

const char* recordingDamageName(RecordingDamage damage) {
    switch (damage) {
    case RecordingDamage::None:
        return "none";
    case RecordingDamage::Truncated:
        return "truncated";
    case RecordingDamage::Corrupt:
        return "corrupt";
    case RecordingDamage::Invalid:
        return "invalid";
    }
    return "unknown";
}

std::string RecoveryReport::where() const {
    return path + ":record " + std::to_string(records + 1) + "/byte " + std::to_string(validBytes);
}

std::string RecoveryReport::message() const {
    if (complete())
        return path + ": complete, " + std::to_string(records) + " records, " + std::to_string(fileBytes) +
               " bytes";
    const int64_t lost = fileBytes - validBytes;
    return where() + ": " + problem + " (" + std::to_string(lost) + (lost == 1 ? " byte" : " bytes") +
           " after the last complete record not recovered)";
}

namespace {

/// Builds the Recording record by record and says why a record cannot come where it is.
class Assembler {
  public:
    explicit Assembler(Recording& rec) : m_rec(rec) {}

    /// Decodes and applies one record; "" when fine, else the reason (nothing applied).
    std::string apply(uint8_t type, std::string_view payload, int64_t recordNumber) {
        ByteReader in(payload);
        std::string why = applyDecoded(type, in, recordNumber);
        if (!why.empty()) return why;
        if (!in.ok()) return recordTypeName(type) + " record: " + in.error();
        if (!in.atEnd())
            return recordTypeName(type) + " record: " + std::to_string(in.remaining()) +
                   " unexpected bytes at its end";
        commit();
        return {};
    }

    bool sawHeader() const { return m_sawHeader; }

  private:
    // Records are decoded into pending state and committed only when the whole payload was
    // good, so a bad record changes nothing.
    enum class Pending {
        None,
        Header,
        AttemptBegin,
        AttemptEnd,
        Score,
        Clock,
        Command,
        QuizBegin,
        Answer,
        QuizEnd,
        Resume,
        Close
    };

    RecordedAttempt* openAttempt() {
        const auto open = m_rec.openPart();
        if (!open || open->kind != RecordingPart::Kind::Attempt) return nullptr;
        return &m_rec.attempts[open->index];
    }
    RecordedQuiz* openQuiz() {
        const auto open = m_rec.openPart();
        if (!open || open->kind != RecordingPart::Kind::Quiz) return nullptr;
        return &m_rec.quizzes[open->index];
    }

    std::string applyDecoded(uint8_t type, ByteReader& in, int64_t recordNumber) {
        m_pending = Pending::None;
        m_recordNumber = recordNumber;
        const std::string name = recordTypeName(type);
        if (!m_sawHeader && type != static_cast<uint8_t>(RecordType::Header))
            return "the first record is " + name + ", not the header";
        if (m_rec.closed()) return name + " record after the recording was closed";
        const int commandBase = static_cast<int>(RecordType::CommandBase);
        const bool isCommand =
            (type >= commandBase && type <= commandBase + static_cast<int>(CommandKind::Finish)) ||
            type == static_cast<uint8_t>(RecordType::MoveHandExact);
        if (isCommand) {
            if (!openAttempt()) return name + " record outside a practical attempt";
            m_codec = m_attemptState;
            m_command = decodeCommand(type, in, m_codec);
            m_pending = Pending::Command;
            return {};
        }
        switch (static_cast<RecordType>(type)) {
        case RecordType::Header:
            if (m_sawHeader) return "a second header record";
            m_header = decodeHeader(in);
            m_pending = Pending::Header;
            return {};
        case RecordType::AttemptBegin:
            if (m_rec.openPart()) return "attempt-begin while another part of the sitting is still open";
            m_setup = decodeAttemptSetup(in);
            m_pending = Pending::AttemptBegin;
            return {};
        case RecordType::AttemptEnd: {
            RecordedAttempt* a = openAttempt();
            if (!a) return "attempt-end outside a practical attempt";
            m_end = decodeAttemptEnd(in);
            if (in.ok() && m_end.endTick < a->lastTick)
                return "attempt-end at tick " + std::to_string(m_end.endTick) +
                       ", before the attempt's last tick " + std::to_string(a->lastTick);
            m_pending = Pending::AttemptEnd;
            return {};
        }
        case RecordType::Score: {
            if (m_rec.parts.empty() || m_rec.parts.back().kind != RecordingPart::Kind::Attempt ||
                !m_rec.attempts[m_rec.parts.back().index].end)
                return "score record not right after an ended attempt";
            if (m_rec.attempts[m_rec.parts.back().index].score) return "a second score record for an attempt";
            m_score = decodeScore(in);
            m_pending = Pending::Score;
            return {};
        }
        case RecordType::Clock: {
            RecordedAttempt* a = openAttempt();
            RecordedQuiz* q = openQuiz();
            if (!a && !q) return "clock record outside an open attempt or quiz";
            m_codec = m_attemptState;
            m_clockTick = decodeClock(in, m_codec);
            m_pending = Pending::Clock;
            return {};
        }
        case RecordType::QuizBegin:
            if (m_rec.openPart()) return "quiz-begin while another part of the sitting is still open";
            m_quizSetup = decodeQuizSetup(in);
            m_pending = Pending::QuizBegin;
            return {};
        case RecordType::Answer: {
            RecordedQuiz* q = openQuiz();
            if (!q) return "answer record outside an open quiz";
            m_answer = decodeAnswer(in);
            if (!in.ok()) return {};
            if (static_cast<std::size_t>(m_answer.questionIndex) >= q->setup.questionIds.size())
                return "answer to question " + std::to_string(m_answer.questionIndex + 1) + " of a quiz of " +
                       std::to_string(q->setup.questionIds.size());
            if (q->setup.questionIds[static_cast<std::size_t>(m_answer.questionIndex)] != m_answer.questionId)
                return "answer names question '" + m_answer.questionId + "' at position " +
                       std::to_string(m_answer.questionIndex + 1) + ", where the quiz asked '" +
                       q->setup.questionIds[static_cast<std::size_t>(m_answer.questionIndex)] + "'";
            m_pending = Pending::Answer;
            return {};
        }
        case RecordType::QuizEnd:
            if (!openQuiz()) return "quiz-end outside an open quiz";
            m_quizEnd = decodeQuizEnd(in);
            m_pending = Pending::QuizEnd;
            return {};
        case RecordType::Resume:
            m_resume = decodeResume(in);
            if (in.ok()) {
                RecordedAttempt* a = openAttempt();
                if (m_resume.tick >= 0 && (!a || m_resume.tick < a->lastTick))
                    return "resume at tick " + std::to_string(m_resume.tick) +
                           (a ? " before the open attempt's last tick " + std::to_string(a->lastTick)
                              : std::string(" with no attempt open"));
            }
            m_pending = Pending::Resume;
            return {};
        case RecordType::Close:
            if (m_rec.openPart()) return "close record while a part of the sitting is still open";
            m_close = decodeClose(in);
            m_pending = Pending::Close;
            return {};
        default:
            return "unknown record type " + std::to_string(type);
        }
    }

    void commit() {
        switch (m_pending) {
        case Pending::None:
            break;
        case Pending::Header:
            m_rec.header = std::move(m_header);
            m_sawHeader = true;
            break;
        case Pending::AttemptBegin: {
            RecordedAttempt a;
            a.setup = std::move(m_setup);
            a.firstRecord = m_recordNumber;
            m_rec.attempts.push_back(std::move(a));
            m_rec.parts.push_back({RecordingPart::Kind::Attempt, m_rec.attempts.size() - 1});
            m_attemptState = {};
            break;
        }
        case Pending::Command: {
            RecordedAttempt* a = openAttempt();
            a->commands.push_back(m_command);
            a->lastTick = m_command.tick;
            m_attemptState = m_codec;
            break;
        }
        case Pending::Clock:
            if (RecordedAttempt* a = openAttempt())
                a->lastTick = m_clockTick;
            else
                openQuiz()->lastTick = m_clockTick;
            m_attemptState = m_codec;
            break;
        case Pending::AttemptEnd:
            openAttempt()->end = m_end;
            break;
        case Pending::Score:
            m_rec.attempts[m_rec.parts.back().index].score = std::move(m_score);
            break;
        case Pending::QuizBegin: {
            RecordedQuiz q;
            q.setup = std::move(m_quizSetup);
            q.firstRecord = m_recordNumber;
            m_rec.quizzes.push_back(std::move(q));
            m_rec.parts.push_back({RecordingPart::Kind::Quiz, m_rec.quizzes.size() - 1});
            m_attemptState = {};
            break;
        }
        case Pending::Answer:
            openQuiz()->answers.push_back(std::move(m_answer));
            break;
        case Pending::QuizEnd:
            openQuiz()->end = m_quizEnd;
            break;
        case Pending::Resume:
            if (RecordedAttempt* a = openAttempt())
                a->resumes.push_back(m_resume);
            else if (RecordedQuiz* q = openQuiz())
                q->resumes.push_back(m_resume);
            m_rec.resumes.push_back(std::move(m_resume));
            break;
        case Pending::Close:
            m_rec.close = std::move(m_close);
            break;
        }
        m_pending = Pending::None;
    }

    Recording& m_rec;
    bool m_sawHeader = false;
    Pending m_pending = Pending::None;
    int64_t m_recordNumber = 0;
    CommandCodecState m_attemptState; ///< committed codec state of the open part
    CommandCodecState m_codec;        ///< state while decoding the current record
    RecordingHeader m_header;
    AttemptSetup m_setup;
    AttemptEnd m_end;
    RecordedScore m_score;
    Command m_command;
    int64_t m_clockTick = 0;
    QuizSetup m_quizSetup;
    RecordedAnswer m_answer;
    QuizEnd m_quizEnd;
    ResumeMark m_resume;
    CloseMark m_close;
};

} // namespace

RecordingRead parseRecording(std::string_view bytes, const std::string& name) {
    RecordingRead out;
    RecoveryReport& rep = out.recovery;
    rep.path = name;
    rep.fileBytes = static_cast<int64_t>(bytes.size());
    auto stop = [&](RecordingDamage damage, std::string problem) {
        rep.damage = damage;
        rep.problem = std::move(problem);
    };

    if (bytes.size() < kRecordingMagic.size() || bytes.substr(0, kRecordingMagic.size()) != kRecordingMagic) {
        if (bytes.empty())
            stop(RecordingDamage::Truncated, "the file is empty");
        else if (kRecordingMagic.substr(0, bytes.size()) == bytes)
            stop(RecordingDamage::Truncated, "the file ends inside its signature");
        else
            stop(RecordingDamage::Corrupt,
                 "not a Stipple recording (the file does not start with the recording signature)");
        return out;
    }

    Recording rec;
    Assembler assembler(rec);
    std::size_t pos = kRecordingMagic.size();
    rep.validBytes = static_cast<int64_t>(pos);
    while (pos < bytes.size()) {
        const std::size_t start = pos;
        const auto type = static_cast<uint8_t>(bytes[pos]);
        if (type == 0) {
            stop(RecordingDamage::Corrupt,
                 "a zero byte where a record should start (a zero-filled tail after a power cut?)");
            break;
        }
        // Length: a varint of at most 3 bytes (kMaxRecordPayload is 2^20).
        ByteReader head(bytes.substr(pos + 1, std::min<std::size_t>(4, bytes.size() - pos - 1)));
        const uint64_t length = head.varint();
        if (!head.ok()) {
            if (bytes.size() - pos - 1 < 4)
                stop(RecordingDamage::Truncated, "the file ends inside a record's length");
            else
                stop(RecordingDamage::Corrupt, "a record length that is not a number");
            break;
        }
        if (length > kMaxRecordPayload) {
            stop(RecordingDamage::Corrupt, "a record length of " + std::to_string(length) +
                                               " bytes (at most " + std::to_string(kMaxRecordPayload) +
                                               " are allowed)");
            break;
        }
        const std::size_t payloadStart = pos + 1 + head.position();
        const std::size_t end = payloadStart + static_cast<std::size_t>(length) + 4;
        if (end > bytes.size()) {
            stop(RecordingDamage::Truncated, "the file ends inside a " + recordTypeName(type) + " record (" +
                                                 std::to_string(bytes.size() - start) + " of its " +
                                                 std::to_string(end - start) + " bytes)");
            break;
        }
        ByteReader crcIn(bytes.substr(end - 4, 4));
        const uint32_t stored = crcIn.u32();
        const uint32_t actual = crc32c(bytes.data() + start, end - 4 - start);
        if (stored != actual) {
            stop(RecordingDamage::Corrupt, "checksum mismatch in a " + recordTypeName(type) + " record");
            break;
        }
        const std::string why = assembler.apply(
            type, bytes.substr(payloadStart, static_cast<std::size_t>(length)), rep.records + 1);
        if (!why.empty()) {
            stop(RecordingDamage::Invalid, why);
            break;
        }
        ++rep.records;
        pos = end;
        rep.validBytes = static_cast<int64_t>(pos);
    }
    if (assembler.sawHeader())
        out.recording = std::move(rec);
    else if (rep.complete())
        stop(RecordingDamage::Truncated, "the file ends before its header record");
    return out;
}

RecordingRead readRecording(const std::string& path) {
    RecordingRead out;
    out.recovery.path = path;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        out.recovery.damage = RecordingDamage::Corrupt;
        out.recovery.problem = std::string("cannot open the recording: ") + std::strerror(errno);
        return out;
    }
    if (!S_ISREG(st.st_mode)) {
        out.recovery.damage = RecordingDamage::Corrupt;
        out.recovery.problem = "not a regular file";
        return out;
    }
    if (st.st_size > kMaxRecordingBytes) {
        out.recovery.fileBytes = st.st_size;
        out.recovery.damage = RecordingDamage::Corrupt;
        out.recovery.problem = "the file is " + std::to_string(st.st_size) +
                               " bytes, more than any recording (" + std::to_string(kMaxRecordingBytes) + ")";
        return out;
    }
    std::string bytes, error;
    if (!readFile(path, bytes, error)) {
        out.recovery.damage = RecordingDamage::Corrupt;
        out.recovery.problem = error;
        return out;
    }
    return parseRecording(bytes, path);
}

} // namespace stipple
