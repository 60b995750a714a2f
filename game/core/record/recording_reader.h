// Reads a recording back, whatever state it is in. A file cut off by a crash or a power cut, or
// damaged in any other way, is recovered up to its last complete, checksummed and well-formed
// record, and the report says where reading stopped (`FILE:record N/byte B`) and why. Never
// crashes and never trusts a length, count or tick it has not checked: every limit is bounded
// (record payloads by kMaxRecordPayload, the file by kMaxRecordingBytes).
#pragma once

#include "record/recording.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stipple {

/// Largest file readRecording accepts (a 4-hour session is about 10 MB).
inline constexpr int64_t kMaxRecordingBytes = int64_t{1} << 30;

enum class RecordingDamage {
    None,      ///< the file ends exactly after a good record
    Truncated, ///< the file ends inside a record (a write was cut off)
    Corrupt,   ///< a record's checksum, type byte or length is wrong
    Invalid,   ///< a checksummed record that makes no sense where it is (or a newer format)
};
const char* recordingDamageName(RecordingDamage damage);

/// How much of the file was recovered.
struct RecoveryReport {
    std::string path;
    int64_t fileBytes = 0;
    int64_t validBytes = 0; ///< the file up to the end of the last good record
    int64_t records = 0;    ///< good records, the header included
    RecordingDamage damage = RecordingDamage::None;
    std::string problem; ///< what is wrong with the first record not recovered

    bool complete() const { return damage == RecordingDamage::None; }
    /// "PATH:record N/byte B": the first record not recovered (N is 1-based, B its byte offset).
    std::string where() const;
    /// One line for people: "PATH:record N/byte B: PROBLEM (K bytes after the last complete record
    /// not recovered)", or "PATH: complete, N records" when undamaged.
    std::string message() const;
};

struct RecordingRead {
    /// Absent only when not even the header could be read (then it is not a usable recording).
    std::optional<Recording> recording;
    RecoveryReport recovery;
};

/// Reads and recovers `path`. An unreadable or empty file, or one that is not a recording, gives
/// no recording and a report saying so.
RecordingRead readRecording(const std::string& path);
/// The same from bytes in memory; `name` is used in messages.
RecordingRead parseRecording(std::string_view bytes, const std::string& name);

} // namespace stipple
