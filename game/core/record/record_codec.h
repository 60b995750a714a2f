// The payload of each record type, encoded and decoded (record/FORMAT.md has the byte layout),
// and the framing every record shares: type byte, varint payload length, payload, CRC-32C. Used by
// the writer and the reader only; everyone else sees record/recording.h.
//
// Commands and clock records carry their tick as a delta from the previous tick of the same
// attempt, and on-grid pointer positions as zigzag deltas in 1/1024 mm from the previous on-grid
// position: a 60 Hz pointer sample costs 11 bytes with its framing.
#pragma once

#include "record/codec.h"
#include "record/recording.h"

#include <string>
#include <string_view>

namespace stipple {

/// What the command deltas are taken from; one per attempt, reset at its AttemptBegin.
struct CommandCodecState {
    int64_t tick = 0;
    int64_t gridX = 0, gridY = 0; ///< last on-grid position, in grid units
};

/// Record type for `command` (on-grid moves: CommandBase; off-grid: MoveHandExact).
uint8_t commandRecordType(const Command& command);
/// Encodes `command` (tick must not be before state.tick) and advances the state.
void encodeCommand(const Command& command, CommandCodecState& state, ByteWriter& out);
/// Decodes a command record of `type`; failures go to `in`.
Command decodeCommand(uint8_t type, ByteReader& in, CommandCodecState& state);
void encodeClock(int64_t tick, CommandCodecState& state, ByteWriter& out);
int64_t decodeClock(ByteReader& in, CommandCodecState& state);

void encodeHeader(const RecordingHeader& h, ByteWriter& out);
RecordingHeader decodeHeader(ByteReader& in);
void encodeAttemptSetup(const AttemptSetup& s, ByteWriter& out);
AttemptSetup decodeAttemptSetup(ByteReader& in);
void encodeAttemptEnd(const AttemptEnd& e, ByteWriter& out);
AttemptEnd decodeAttemptEnd(ByteReader& in);
void encodeScore(const RecordedScore& s, ByteWriter& out);
RecordedScore decodeScore(ByteReader& in);
void encodeQuizSetup(const QuizSetup& s, ByteWriter& out);
QuizSetup decodeQuizSetup(ByteReader& in);
void encodeAnswer(const RecordedAnswer& a, ByteWriter& out);
RecordedAnswer decodeAnswer(ByteReader& in);
void encodeQuizEnd(const QuizEnd& e, ByteWriter& out);
QuizEnd decodeQuizEnd(ByteReader& in);
void encodeResume(const ResumeMark& r, ByteWriter& out);
ResumeMark decodeResume(ByteReader& in);
void encodeClose(const CloseMark& c, ByteWriter& out);
CloseMark decodeClose(ByteReader& in);

/// Appends one framed record to `out`.
void frameRecord(uint8_t type, std::string_view payload, std::string& out);

} // namespace stipple
