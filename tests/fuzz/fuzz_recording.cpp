// Fuzz target: the recording reader (.stiprec). Any bytes give a recovery report whose figures
// add up and, when the header was readable, a recording whose parts point at real attempts and
// quizzes; the first recorded attempt is then replayed on the recordings fixture level (bounded to
// thirty seconds of session time, so that a long but valid recording is not taken for a hang).
#include "fuzz_common.h"
#include "level/level_reader.h"
#include "record/recording_reader.h"
#include "record/replay.h"

#include <optional>

using namespace stipple;

namespace {

const Level* fixtureLevel() {
    static const std::optional<Level> level = [] {
        Diagnostics diags;
        auto l = loadLevelFile(STIPPLE_SOURCE_DIR "/tests/fixtures/recordings/even-patch.xml", diags);
        if (!l) fuzz::fail("the recordings fixture level does not load", diags);
        return l;
    }();
    return &*level;
}

void check(bool ok, const char* what) {
    if (!ok) fuzz::fail(what, Diagnostics{});
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const RecordingRead read = parseRecording(fuzz::asText(data, size), "fuzz.stiprec");
    const RecoveryReport& r = read.recovery;
    check(r.fileBytes == static_cast<int64_t>(size), "file size reported");
    check(r.validBytes >= 0 && r.validBytes <= r.fileBytes, "valid bytes inside the file");
    check(r.complete() == (r.validBytes == r.fileBytes && read.recording.has_value()) || !read.recording,
          "complete means every byte recovered");
    check(!r.message().empty(), "a recovery message");
    if (!read.recording) {
        check(!r.complete(), "no recording yet complete");
        return 0;
    }
    const Recording& rec = *read.recording;
    for (const RecordingPart& part : rec.parts) {
        if (part.kind == RecordingPart::Kind::Attempt)
            check(part.index < rec.attempts.size(), "attempt part in range");
        else
            check(part.index < rec.quizzes.size(), "quiz part in range");
    }
    check(rec.parts.size() == rec.attempts.size() + rec.quizzes.size(), "one part per attempt and quiz");
    (void)rec.openPart();
    for (const RecordedQuiz& quiz : rec.quizzes)
        (void)quiz.finalAnswers();
    if (!rec.attempts.empty()) {
        const RecordedAttempt& attempt = rec.attempts.front();
        constexpr int64_t kThirtySeconds = int64_t{240} * 30;
        if (attempt.replayEndTick() >= 0 && attempt.replayEndTick() <= kThirtySeconds &&
            attempt.commands.size() <= 20000) {
            const Level level = levelForAttempt(*fixtureLevel(), attempt.setup);
            ReplayedAttempt replayed = replayAttempt(level, attempt);
            check(replayed.session != nullptr, "a replayed session");
        }
    }
    return 0;
}
