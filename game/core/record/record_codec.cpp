// Record payloads. Every decoder reads exactly what its encoder wrote; the reader checks that
// nothing is left over, so a record has one spelling. Limits on counts and texts keep a damaged
// or hostile file from asking for unbounded memory.
#include "record/record_codec.h"

#include "session/practice_session.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace stipple {

namespace {

constexpr std::size_t kMaxText = 4096; // ids, paths, names, reasons
constexpr int64_t kMaxItems = 100000;  // files, metrics, questions, choices
constexpr double kGrid = PracticeSession::kPointerGridPerMm;

int64_t readTickDelta(ByteReader& in, CommandCodecState& state) {
    const uint64_t delta = in.varint();
    if (!in.ok()) return state.tick;
    if (delta > static_cast<uint64_t>(PracticeSession::kMaxTick - state.tick)) {
        in.fail("a tick beyond the 24-hour limit of a session");
        return state.tick;
    }
    state.tick += static_cast<int64_t>(delta);
    return state.tick;
}

void writeTickDelta(int64_t tick, CommandCodecState& state, ByteWriter& out) {
    assert(tick >= state.tick && "recording: ticks must not decrease within an attempt");
    out.varint(static_cast<uint64_t>(tick - state.tick));
    state.tick = tick;
}

int32_t readIndex(ByteReader& in) {
    const int64_t v = in.zigzag();
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
        in.fail("an index out of range");
        return 0;
    }
    return static_cast<int32_t>(v);
}

void writeOptionalBool(const std::optional<bool>& b, ByteWriter& out) {
    out.u8(!b ? 0 : (*b ? 2 : 1));
}

std::optional<bool> readOptionalBool(ByteReader& in) {
    const uint8_t v = in.u8();
    if (v > 2) in.fail("a yes/no/unset byte is " + std::to_string(v));
    if (v == 0) return std::nullopt;
    return v == 2;
}

void writeInts(const std::vector<int>& v, ByteWriter& out) {
    out.varint(v.size());
    for (int x : v)
        out.zigzag(x);
}

std::vector<int> readInts(ByteReader& in) {
    std::vector<int> v(static_cast<std::size_t>(in.count(1000)));
    for (int& x : v)
        x = readIndex(in);
    return v;
}

} // namespace

bool onPointerGrid(double v) {
    if (!std::isfinite(v) || std::signbit(v) != (v < 0)) return false; // -0.0 keeps its sign: exact form
    const double q = v * kGrid;
    return std::fabs(q) < 9.0e15 && q == std::trunc(q);
}

uint8_t commandRecordType(const Command& c) {
    if (c.kind == CommandKind::MoveHand && !(onPointerGrid(c.posMm.x) && onPointerGrid(c.posMm.y)))
        return static_cast<uint8_t>(RecordType::MoveHandExact);
    return static_cast<uint8_t>(static_cast<uint8_t>(RecordType::CommandBase) + static_cast<uint8_t>(c.kind));
}

void encodeCommand(const Command& c, CommandCodecState& state, ByteWriter& out) {
    writeTickDelta(c.tick, state, out);
    switch (c.kind) {
    case CommandKind::MoveHand:
        if (commandRecordType(c) == static_cast<uint8_t>(RecordType::MoveHandExact)) {
            out.f64(c.posMm.x);
            out.f64(c.posMm.y);
        } else {
            const auto gx = static_cast<int64_t>(c.posMm.x * kGrid);
            const auto gy = static_cast<int64_t>(c.posMm.y * kGrid);
            out.zigzag(gx - state.gridX);
            out.zigzag(gy - state.gridY);
            state.gridX = gx;
            state.gridY = gy;
        }
        break;
    case CommandKind::SelectNeedle:
        out.zigzag(c.index);
        break;
    case CommandKind::SelectShade:
        out.zigzag(c.index);
        out.f64(c.value);
        break;
    case CommandKind::SetPressure:
        out.f64(c.value);
        break;
    case CommandKind::NeedleDown:
    case CommandKind::NeedleUp:
    case CommandKind::NextSession:
    case CommandKind::Undo:
    case CommandKind::Finish:
        break;
    }
}

Command decodeCommand(uint8_t type, ByteReader& in, CommandCodecState& state) {
    Command c;
    c.tick = readTickDelta(in, state);
    if (type == static_cast<uint8_t>(RecordType::MoveHandExact)) {
        c.kind = CommandKind::MoveHand;
        c.posMm.x = in.f64();
        c.posMm.y = in.f64();
        return c;
    }
    c.kind = static_cast<CommandKind>(type - static_cast<uint8_t>(RecordType::CommandBase));
    switch (c.kind) {
    case CommandKind::MoveHand: {
        const int64_t dx = in.zigzag(), dy = in.zigzag();
        // Positions stay far inside double's exact integers (|grid| < 2^53 / 1024 mm is absurd).
        constexpr int64_t kLimit = int64_t{1} << 50;
        if (dx > kLimit || dx < -kLimit || dy > kLimit || dy < -kLimit ||
            std::abs(state.gridX + dx) > kLimit || std::abs(state.gridY + dy) > kLimit) {
            in.fail("a pointer position out of range");
            return c;
        }
        state.gridX += dx;
        state.gridY += dy;
        c.posMm = {static_cast<double>(state.gridX) / kGrid, static_cast<double>(state.gridY) / kGrid};
        break;
    }
    case CommandKind::SelectNeedle:
        c.index = readIndex(in);
        break;
    case CommandKind::SelectShade:
        c.index = readIndex(in);
        c.value = in.f64();
        break;
    case CommandKind::SetPressure:
        c.value = in.f64();
        break;
    case CommandKind::NeedleDown:
    case CommandKind::NeedleUp:
    case CommandKind::NextSession:
    case CommandKind::Undo:
    case CommandKind::Finish:
        break;
    }
    return c;
}

void encodeClock(int64_t tick, CommandCodecState& state, ByteWriter& out) {
    writeTickDelta(tick, state, out);
}
int64_t decodeClock(ByteReader& in, CommandCodecState& state) {
    return readTickDelta(in, state);
}

void encodeHeader(const RecordingHeader& h, ByteWriter& out) {
    out.varint(static_cast<uint64_t>(h.formatVersion));
    out.string(h.build);
    out.string(h.kind);
    out.string(h.examId);
    out.varint(h.seed);
    out.string(h.candidateId);
    out.string(h.candidateName);
    out.string(h.station);
    out.string(h.startedAt);
    out.varint(static_cast<uint64_t>(h.attempt));
    out.varint(h.files.size());
    for (const RecordedFile& f : h.files) {
        out.string(f.role);
        out.string(f.path);
        out.string(f.sha256);
    }
    if (h.accommodation) {
        const RecordedAccommodation& a = *h.accommodation;
        out.varint(1); // an optional trailing block: recordings before it end after the files
        out.string(a.source);
        out.string(a.sourceSha256);
        out.f64(a.extraPercent);
        out.f64(a.extraMinutes);
        out.string(a.reason);
    }
    if (h.scorerVersion > 0) {
        out.varint(2); // another optional trailing block: recordings before it have no scorer version
        out.varint(static_cast<uint64_t>(h.scorerVersion));
    }
}

RecordingHeader decodeHeader(ByteReader& in) {
    RecordingHeader h;
    h.formatVersion = static_cast<int>(in.count(1000));
    if (in.ok() && h.formatVersion != kRecordingFormatVersion) {
        in.fail("recording format " + std::to_string(h.formatVersion) + " (this build reads format " +
                std::to_string(kRecordingFormatVersion) + ")");
        return h;
    }
    h.build = in.string(kMaxText);
    h.kind = in.string(kMaxText);
    h.examId = in.string(kMaxText);
    h.seed = in.varint();
    h.candidateId = in.string(kMaxText);
    h.candidateName = in.string(kMaxText);
    h.station = in.string(kMaxText);
    h.startedAt = in.string(kMaxText);
    h.attempt = static_cast<int>(in.count(1000000));
    h.files.resize(static_cast<std::size_t>(in.count(kMaxItems)));
    for (RecordedFile& f : h.files) {
        f.role = in.string(kMaxText);
        f.path = in.string(kMaxText);
        f.sha256 = in.string(kMaxText);
    }
    // Optional trailing blocks, each after a varint tag, in tag order: 1 the accommodation,
    // 2 the scorer version.
    int lastTag = 0;
    while (in.ok() && !in.atEnd()) {
        const int tag = static_cast<int>(in.count(2));
        if (!in.ok() || tag == 0) return h; // as before the blocks had tags
        if (tag <= lastTag) {
            in.fail("header block " + std::to_string(tag) + " out of order");
            return h;
        }
        lastTag = tag;
        if (tag == 1) {
            RecordedAccommodation a;
            a.source = in.string(kMaxText);
            a.sourceSha256 = in.string(kMaxText);
            a.extraPercent = in.f64();
            a.extraMinutes = in.f64();
            a.reason = in.string(kMaxText);
            h.accommodation = std::move(a);
        } else {
            h.scorerVersion = static_cast<int>(in.count(1000000));
            if (in.ok() && h.scorerVersion < 1) in.fail("scorer version 0 (versions start at 1)");
        }
    }
    return h;
}

void encodeAttemptSetup(const AttemptSetup& s, ByteWriter& out) {
    out.string(s.sectionId);
    out.varint(static_cast<uint64_t>(s.item));
    out.string(s.levelPath);
    out.string(s.levelSha256);
    out.varint(s.seed);
    out.u8(s.undo ? 1 : 0);
    out.f64(s.timeLimitS);
}

AttemptSetup decodeAttemptSetup(ByteReader& in) {
    AttemptSetup s;
    s.sectionId = in.string(kMaxText);
    s.item = static_cast<int>(in.count(kMaxItems));
    s.levelPath = in.string(kMaxText);
    s.levelSha256 = in.string(kMaxText);
    s.seed = in.varint();
    s.undo = in.boolean();
    s.timeLimitS = in.f64();
    if (in.ok() && !(s.timeLimitS >= 0.0 && s.timeLimitS <= 86400.0))
        in.fail("a time limit that is not between 0 and 24 hours");
    return s;
}

void encodeAttemptEnd(const AttemptEnd& e, ByteWriter& out) {
    out.varint(static_cast<uint64_t>(e.endTick));
    out.u8(static_cast<uint8_t>(e.reason));
    out.varint(static_cast<uint64_t>(e.dotCount));
    out.string(e.dotsSha256);
}

AttemptEnd decodeAttemptEnd(ByteReader& in) {
    AttemptEnd e;
    e.endTick = in.count(PracticeSession::kMaxTick);
    const uint8_t reason = in.u8();
    if (in.ok() && (reason < 1 || reason > 3)) in.fail("an attempt end reason " + std::to_string(reason));
    e.reason = static_cast<AttemptEndReason>(reason);
    e.dotCount = in.count(int64_t{1} << 40);
    e.dotsSha256 = in.string(kMaxText);
    return e;
}

void encodeScore(const RecordedScore& s, ByteWriter& out) {
    out.f64(s.elapsedS);
    out.f64(s.overall);
    out.f64(s.passMark);
    out.u8(s.passed ? 1 : 0);
    out.varint(static_cast<uint64_t>(s.dotCount));
    out.varint(s.metrics.size());
    for (const RecordedMetric& m : s.metrics) {
        out.string(m.id);
        out.string(m.zone);
        out.f64(m.value);
        out.f64(m.score);
        out.f64(m.weight);
        out.u8(m.passed ? 1 : 0);
    }
    out.varint(s.vetoes.size());
    for (const RecordedVeto& v : s.vetoes) {
        out.string(v.metric);
        out.f64(v.value);
        out.string(v.reason);
    }
}

RecordedScore decodeScore(ByteReader& in) {
    RecordedScore s;
    s.elapsedS = in.f64();
    s.overall = in.f64();
    s.passMark = in.f64();
    s.passed = in.boolean();
    s.dotCount = in.count(int64_t{1} << 40);
    s.metrics.resize(static_cast<std::size_t>(in.count(kMaxItems)));
    for (RecordedMetric& m : s.metrics) {
        m.id = in.string(kMaxText);
        m.zone = in.string(kMaxText);
        m.value = in.f64();
        m.score = in.f64();
        m.weight = in.f64();
        m.passed = in.boolean();
    }
    s.vetoes.resize(static_cast<std::size_t>(in.count(kMaxItems)));
    for (RecordedVeto& v : s.vetoes) {
        v.metric = in.string(kMaxText);
        v.value = in.f64();
        v.reason = in.string(kMaxText);
    }
    return s;
}

void encodeQuizSetup(const QuizSetup& s, ByteWriter& out) {
    out.string(s.sectionId);
    out.varint(s.seed);
    out.f64(s.timeLimitS);
    out.varint(s.questionIds.size());
    for (const std::string& id : s.questionIds)
        out.string(id);
}

QuizSetup decodeQuizSetup(ByteReader& in) {
    QuizSetup s;
    s.sectionId = in.string(kMaxText);
    s.seed = in.varint();
    s.timeLimitS = in.f64();
    if (in.ok() && !(s.timeLimitS >= 0.0 && s.timeLimitS <= 86400.0))
        in.fail("a time limit that is not between 0 and 24 hours");
    s.questionIds.resize(static_cast<std::size_t>(in.count(kMaxItems)));
    for (std::string& id : s.questionIds)
        id = in.string(kMaxText);
    return s;
}

void encodeAnswer(const RecordedAnswer& a, ByteWriter& out) {
    out.varint(static_cast<uint64_t>(a.questionIndex));
    out.string(a.questionId);
    out.f64(a.elapsedS);
    writeInts(a.choices, out);
    writeOptionalBool(a.truth, out);
    out.u8(a.number ? 1 : 0);
    if (a.number) out.f64(*a.number);
    writeInts(a.order, out);
}

RecordedAnswer decodeAnswer(ByteReader& in) {
    RecordedAnswer a;
    a.questionIndex = static_cast<int>(in.count(kMaxItems));
    a.questionId = in.string(kMaxText);
    a.elapsedS = in.f64();
    a.choices = readInts(in);
    a.truth = readOptionalBool(in);
    if (in.boolean()) a.number = in.f64();
    a.order = readInts(in);
    return a;
}

void encodeQuizEnd(const QuizEnd& e, ByteWriter& out) {
    out.f64(e.timeUsedS);
    out.u8(e.timedOut ? 1 : 0);
}

QuizEnd decodeQuizEnd(ByteReader& in) {
    QuizEnd e;
    e.timeUsedS = in.f64();
    e.timedOut = in.boolean();
    return e;
}

void encodeResume(const ResumeMark& r, ByteWriter& out) {
    out.string(r.at);
    out.string(r.station);
    out.string(r.build);
    out.zigzag(r.tick);
}

ResumeMark decodeResume(ByteReader& in) {
    ResumeMark r;
    r.at = in.string(kMaxText);
    r.station = in.string(kMaxText);
    r.build = in.string(kMaxText);
    r.tick = in.zigzag();
    if (in.ok() && (r.tick < -1 || r.tick > PracticeSession::kMaxTick)) in.fail("a resume tick out of range");
    return r;
}

void encodeClose(const CloseMark& c, ByteWriter& out) {
    out.string(c.finishedAt);
}

CloseMark decodeClose(ByteReader& in) {
    CloseMark c;
    c.finishedAt = in.string(kMaxText);
    return c;
}

void frameRecord(uint8_t type, std::string_view payload, std::string& out) {
    assert(payload.size() <= kMaxRecordPayload && "recording: record payload too large");
    const std::size_t start = out.size();
    ByteWriter head;
    head.u8(type);
    head.varint(payload.size());
    out += head.data();
    out.append(payload);
    const uint32_t crc = crc32c(out.data() + start, out.size() - start);
    ByteWriter tail;
    tail.u32(crc);
    out += tail.data();
}

} // namespace stipple
