// Tests only: writes a Recording (as read, then edited) to a new file with RecordingWriter, every
// checksum valid — how tests make a recording that looks like another build's, or a forgery.
#pragma once

#include "exam/signing.h"
#include "record/recording.h"

#include <string>

namespace stipple::test {

/// Writes `recording` to `path` (which must not exist): the header, then its attempts (with their
/// commands, end and score) and quizzes (answers and end) in the order sat, then the close.
/// Fails the current test case when the writer refuses anything.
void writeRecordingCopy(const Recording& recording, const std::string& path);

/// Rewrites exam recording `from` into `to` as if scored under other scoring rules: its header
/// says scorer `version` (0 = made before scorer versions were recorded) and the first attempt's
/// recorded overall score is `shift` higher. Then grades it, shifts that level's score in the
/// result the same way (and, with `otherName`, names another candidate) and signs the result
/// into `to` with the extension .result, as a station did at the time. Every checksum is valid.
void rewriteAsScoredBy(const std::string& from, const std::string& to, int version, double shift,
                       const SecretKey& key, const std::string& otherName = "");

} // namespace stipple::test
