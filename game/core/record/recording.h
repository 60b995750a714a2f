// What a recording holds, as plain structs: the header that names everything the sitting depended
// on (exam, levels, banks and rule books by content hash, seed, build, candidate, station, start
// time), then for each practical level its setup, every command the session applied with its
// tick, how it ended and how it was scored at the time, and for each quiz its draw and every
// answer as it was given; resume marks and the final close. The byte format is in
// record/FORMAT.md; the writer is record/recording_writer.h, the reader record/recording_reader.h.
//
// A recording is the candidate's work, not a summary of it: replaying an attempt's commands on a
// PracticeSession built from the same level and seed gives the same dots bit for bit, and the
// score stored beside them lets a regrade prove it reproduces the original result.
#pragma once

#include "ink/dots.h"
#include "scoring/scorecard.h"
#include "session/command.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

inline constexpr int kRecordingFormatVersion = 1;
/// The first 12 bytes of every recording (PNG style: a non-ASCII byte, a name, CR LF, ^Z, LF, so
/// text-mode transfers and truncation to 7 bits are caught at once).
inline constexpr std::string_view kRecordingMagic{"\x89STIPREC\r\n\x1a\n", 12};
/// File name extension of recordings.
inline constexpr const char* kRecordingExtension = ".stiprec";
/// Largest record payload a reader accepts (bounded memory on damaged or hostile files).
inline constexpr std::size_t kMaxRecordPayload = 1u << 20;

/// The record types (FORMAT.md). Commands are 32 + CommandKind.
enum class RecordType : uint8_t {
    Header = 1,
    AttemptBegin = 2,
    AttemptEnd = 3,
    Score = 4,
    Clock = 5,
    QuizBegin = 6,
    Answer = 7,
    QuizEnd = 8,
    Resume = 9,
    Close = 10,
    CommandBase = 32,  ///< + CommandKind; 32 itself is a move-hand on the pointer grid
    MoveHandExact = 48 ///< a move-hand off the grid: raw doubles
};

/// The record type's name ("header", "command move-hand", ...) for messages and `stipple record show`.
std::string recordTypeName(uint8_t type);

/// A file the sitting depended on, by content hash.
struct RecordedFile {
    std::string role;   ///< "exam", "level", "bank", "rules"
    std::string path;   ///< as the program opened it (relative paths: to the working directory)
    std::string sha256; ///< lower-case hex of the bytes read
    friend bool operator==(const RecordedFile&, const RecordedFile&) = default;
};

/// The extra time an exam sitting was given, fixed when it started (from the academy's candidate
/// list or the exam file's <accommodations>), so a resume and a regrade apply exactly this.
struct RecordedAccommodation {
    std::string source; ///< the candidate list as opened, "exam" (the exam file's own list), or "" (none)
    std::string sourceSha256; ///< the candidate list's SHA-256 ("" unless source is a list)
    double extraPercent = 0.0;
    double extraMinutes = 0.0;
    std::string reason;
    friend bool operator==(const RecordedAccommodation&, const RecordedAccommodation&) = default;
};

struct RecordingHeader {
    int formatVersion = kRecordingFormatVersion;
    std::string build;  ///< "stipple " STIPPLE_VERSION of the program that recorded
    std::string kind;   ///< "practice" or "exam"
    std::string examId; ///< "" for practice
    uint64_t seed = 0;  ///< the exam seed (or the practice session's)
    std::string candidateId;
    std::string candidateName;
    std::string station;   ///< the machine the sitting ran on
    std::string startedAt; ///< UTC "YYYY-MM-DDTHH:MM:SSZ"
    int attempt = 1;       ///< the candidate's attempt number at this exam
    std::vector<RecordedFile> files;
    /// Exam sittings: the extra time granted; absent in recordings made before it was pinned (a
    /// regrade then looks the candidate up in the exam file's <accommodations>, as they did).
    std::optional<RecordedAccommodation> accommodation;
    /// The scoring rules the recorded scores were computed with (scoring/scorer_version.h
    /// kScorerVersion); 0 in recordings made before scorer versions were recorded.
    int scorerVersion = 0;
    friend bool operator==(const RecordingHeader&, const RecordingHeader&) = default;
};

/// How a practical level was set up: enough, with the level file, to rebuild the session exactly.
struct AttemptSetup {
    std::string sectionId; ///< exam section id; "" for practice
    int item = 0;          ///< position of the level in the section (0-based)
    std::string levelPath; ///< as in the header's files
    std::string levelSha256;
    uint64_t seed = 0;       ///< PracticeSession seed (tremor)
    bool undo = true;        ///< Level::mode.undo as the session had it (exams switch it off)
    double timeLimitS = 0.0; ///< Level::mode.timeLimitS as the session had it (exams set the section's)
    friend bool operator==(const AttemptSetup&, const AttemptSetup&) = default;
};

enum class AttemptEndReason : uint8_t {
    Finished = 1,  ///< the candidate finished (a finish command)
    TimeLimit = 2, ///< the session's time limit ended it
    Abandoned = 3, ///< closed without finishing (a resume gave up on it, or the sitting was closed)
};
const char* attemptEndReasonName(AttemptEndReason reason);

struct AttemptEnd {
    int64_t endTick = 0; ///< the session's final tick (what replay advances to)
    AttemptEndReason reason = AttemptEndReason::Finished;
    int64_t dotCount = 0;
    std::string dotsSha256; ///< dotsDigest() of the final dots
    friend bool operator==(const AttemptEnd&, const AttemptEnd&) = default;
};

struct RecordedMetric {
    std::string id;
    std::string zone;
    double value = 0.0;
    double score = 0.0;
    double weight = 0.0;
    bool passed = true;
    friend bool operator==(const RecordedMetric&, const RecordedMetric&) = default;
};

struct RecordedVeto {
    std::string metric;
    double value = 0.0;
    std::string reason;
    friend bool operator==(const RecordedVeto&, const RecordedVeto&) = default;
};

/// The scorecard as the program computed it when the attempt ended (exact doubles).
struct RecordedScore {
    double elapsedS = 0.0; ///< AttemptInfo::elapsedSeconds the scorer was given
    double overall = 0.0;
    double passMark = 0.0;
    bool passed = false;
    int64_t dotCount = 0;
    std::vector<RecordedMetric> metrics;
    std::vector<RecordedVeto> vetoes;
    friend bool operator==(const RecordedScore&, const RecordedScore&) = default;
};

/// The recorded form of a scorecard.
RecordedScore recordedScore(const Scorecard& card, double elapsedS);

struct QuizSetup {
    std::string sectionId;
    uint64_t seed = 0;
    double timeLimitS = 0.0;
    std::vector<std::string> questionIds; ///< in the order asked
    friend bool operator==(const QuizSetup&, const QuizSetup&) = default;
};

/// One answer as given, in the question's own order (quiz/grading.h Response), so grading it
/// needs no knowledge of how the choices were shuffled on screen. A later answer to the same
/// question replaces an earlier one (exam quizzes allow changes until hand-in).
struct RecordedAnswer {
    int questionIndex = 0;
    std::string questionId;
    double elapsedS = 0.0; ///< since the quiz started
    std::vector<int> choices;
    std::optional<bool> truth;
    std::optional<double> number;
    std::vector<int> order;
    friend bool operator==(const RecordedAnswer&, const RecordedAnswer&) = default;
};

struct QuizEnd {
    double timeUsedS = 0.0;
    bool timedOut = false;
    friend bool operator==(const QuizEnd&, const QuizEnd&) = default;
};

/// The sitting resumed after a crash or a close.
struct ResumeMark {
    std::string at; ///< UTC timestamp of the resume
    std::string station;
    std::string build;
    int64_t tick = -1; ///< the open attempt's tick it continued from; -1 when none was open
    friend bool operator==(const ResumeMark&, const ResumeMark&) = default;
};

struct CloseMark {
    std::string finishedAt; ///< UTC timestamp
    friend bool operator==(const CloseMark&, const CloseMark&) = default;
};

/// One practical level as recorded.
struct RecordedAttempt {
    AttemptSetup setup;
    std::vector<Command> commands; ///< exactly as the session logged them
    int64_t lastTick = 0;          ///< latest tick of any command or clock record
    std::optional<AttemptEnd> end; ///< absent: the attempt was still open when the file ends
    std::optional<RecordedScore> score;
    std::vector<ResumeMark> resumes; ///< resumes that happened while it was open
    int64_t firstRecord = 0;         ///< record number of its AttemptBegin (for messages)
    /// The tick a replay runs to: the end tick, or the last tick seen for an open attempt.
    int64_t replayEndTick() const { return end ? end->endTick : lastTick; }
};

struct RecordedQuiz {
    QuizSetup setup;
    std::vector<RecordedAnswer> answers; ///< in the order given (changes included)
    int64_t lastTick = 0;                ///< latest clock tick (1/240 s since the quiz began)
    std::optional<QuizEnd> end;
    std::vector<ResumeMark> resumes;
    int64_t firstRecord = 0;
    /// The answer that counts for each question (the last one given), or nullptr.
    std::vector<const RecordedAnswer*> finalAnswers() const;
};

/// A part of the sitting, in the order sat.
struct RecordingPart {
    enum class Kind { Attempt, Quiz };
    Kind kind = Kind::Attempt;
    std::size_t index = 0; ///< into Recording::attempts or ::quizzes
};

struct Recording {
    RecordingHeader header;
    std::vector<RecordedAttempt> attempts;
    std::vector<RecordedQuiz> quizzes;
    std::vector<RecordingPart> parts;
    std::vector<ResumeMark> resumes; ///< every resume, in order
    std::optional<CloseMark> close;

    /// The attempt or quiz still open at the end of the file, if any.
    std::optional<RecordingPart> openPart() const;
    bool closed() const { return close.has_value(); }
};

/// SHA-256 (lower-case hex) of the dots in a fixed little-endian layout (x, y as IEEE doubles,
/// diameter and depth as floats, tick, session, shade, flags): equal digests mean the same dots
/// bit for bit on any machine.
std::string dotsDigest(std::span<const Dot> dots);

/// True when `v` is on the session's pointer grid and so is stored as a grid delta (not -0.0).
bool onPointerGrid(double v);

} // namespace stipple
