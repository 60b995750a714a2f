// Helpers of the recording model: names for messages, the recorded form of a scorecard, the dots
// digest and the questions' final answers.
#include "record/recording.h"

#include "io/files.h"
#include "record/codec.h"

#include <bit>

namespace stipple {

std::string recordTypeName(uint8_t type) {
    switch (static_cast<RecordType>(type)) {
    case RecordType::Header:
        return "header";
    case RecordType::AttemptBegin:
        return "attempt-begin";
    case RecordType::AttemptEnd:
        return "attempt-end";
    case RecordType::Score:
        return "score";
    case RecordType::Clock:
        return "clock";
    case RecordType::QuizBegin:
        return "quiz-begin";
    case RecordType::Answer:
        return "answer";
    case RecordType::QuizEnd:
        return "quiz-end";
    case RecordType::Resume:
        return "resume";
    case RecordType::Close:
        return "close";
    case RecordType::MoveHandExact:
        return "command move-hand (exact)";
    default:
        break;
    }
    const int base = static_cast<int>(RecordType::CommandBase);
    if (type >= base && type <= base + static_cast<int>(CommandKind::Finish))
        return "command " + std::string(commandName(static_cast<CommandKind>(type - base)));
    return "unknown type " + std::to_string(type);
}

const char* attemptEndReasonName(AttemptEndReason reason) {
    switch (reason) {
    case AttemptEndReason::Finished:
        return "finished";
    case AttemptEndReason::TimeLimit:
        return "time-limit";
    case AttemptEndReason::Abandoned:
        return "abandoned";
    }
    return "unknown";
}

RecordedScore recordedScore(const Scorecard& card, double elapsedS) {
    RecordedScore s;
    s.elapsedS = elapsedS;
    s.overall = card.overall;
    s.passMark = card.passMark;
    s.passed = card.passed;
    s.dotCount = card.dotCount;
    for (const MetricResult& m : card.metrics)
        s.metrics.push_back({m.id, m.zone, m.value, m.score, m.weight, m.passed});
    for (const VetoResult& v : card.vetoes)
        s.vetoes.push_back({v.metric, v.value, v.reason});
    return s;
}

std::vector<const RecordedAnswer*> RecordedQuiz::finalAnswers() const {
    std::vector<const RecordedAnswer*> out(setup.questionIds.size(), nullptr);
    for (const RecordedAnswer& a : answers)
        if (a.questionIndex >= 0 && static_cast<std::size_t>(a.questionIndex) < out.size())
            out[static_cast<std::size_t>(a.questionIndex)] = &a;
    return out;
}

std::optional<RecordingPart> Recording::openPart() const {
    if (parts.empty()) return std::nullopt;
    const RecordingPart& last = parts.back();
    const bool open =
        last.kind == RecordingPart::Kind::Attempt ? !attempts[last.index].end : !quizzes[last.index].end;
    if (!open) return std::nullopt;
    return last;
}

std::string dotsDigest(std::span<const Dot> dots) {
    ByteWriter w;
    w.data().reserve(dots.size() * 32);
    for (const Dot& d : dots) {
        w.f64(d.pos.x);
        w.f64(d.pos.y);
        w.u32(std::bit_cast<uint32_t>(d.diameterMm));
        w.u32(std::bit_cast<uint32_t>(d.depthMm));
        w.u32(static_cast<uint32_t>(d.tick));
        w.u8(static_cast<uint8_t>(static_cast<uint16_t>(d.session) & 0xFF));
        w.u8(static_cast<uint8_t>(static_cast<uint16_t>(d.session) >> 8));
        w.u8(d.shade);
        w.u8(d.flags);
    }
    return sha256Hex(w.data());
}

} // namespace stipple
