#include "support/recording_copy.h"

#include "io/files.h"
#include "record/exam_recording.h"
#include "record/recording_reader.h"
#include "record/recording_writer.h"
#include "support/process.h"

#include <filesystem>

#include <catch2/catch.hpp>

namespace stipple::test {

void writeRecordingCopy(const Recording& rec, const std::string& path) {
    std::string error;
    auto w = RecordingWriter::create(path, rec.header, error);
    INFO(error);
    REQUIRE(w);
    for (const RecordingPart& part : rec.parts) {
        if (part.kind == RecordingPart::Kind::Attempt) {
            const RecordedAttempt& a = rec.attempts.at(part.index);
            REQUIRE(w->beginAttempt(a.setup));
            for (const Command& c : a.commands)
                REQUIRE(w->command(c));
            if (a.end) REQUIRE(w->endAttempt(*a.end));
            if (a.score) REQUIRE(w->score(*a.score));
        } else {
            const RecordedQuiz& q = rec.quizzes.at(part.index);
            REQUIRE(w->beginQuiz(q.setup));
            for (const RecordedAnswer& a : q.answers)
                REQUIRE(w->answer(a));
            if (q.end) REQUIRE(w->endQuiz(*q.end));
        }
    }
    if (rec.close) REQUIRE(w->close(*rec.close));
    REQUIRE(w->sync());
}

void rewriteAsScoredBy(const std::string& from, const std::string& to, int version, double shift,
                       const SecretKey& key, const std::string& otherName) {
    const RecordingRead orig = readRecording(from);
    REQUIRE(orig.recording);
    Recording old = *orig.recording;
    old.header.scorerVersion = version;
    old.attempts[0].score->overall += shift;
    writeRecordingCopy(old, to);
    const RecordingRead read = readRecording(to);
    REQUIRE(read.recording);
    CHECK(read.recording->header.scorerVersion == version);
    const ExamGrading g = gradeExamRecording(*read.recording, sha256Hex(readText(to)));
    REQUIRE(g.result);
    ExamResult then = *g.result;
    CHECK(then.scorerVersion == version);
    then.sections[0].items[0].score += shift;
    if (!otherName.empty()) then.candidateName = otherName;
    std::string error;
    REQUIRE(writeFileAtomic(std::filesystem::path(to).replace_extension(".result").string(),
                            signResult(then, key), error));
}

} // namespace stipple::test
