// Exams in recordings: what the exam flow writes, and how a recording becomes a graded result.
// The rule that makes a regrade reproduce the live result byte for byte: the live exam grades
// itself FROM ITS OWN CLOSED RECORDING with gradeExamRecording(), exactly as `stipple regrade`
// and `stipple verify --recording` do later. So the recording must hold everything grading needs:
//
//   header      kind "exam", the exam id, the exam seed, candidate id and name, station, start
//               time, attempt number, and files: the exam file (role "exam", the path the program
//               opened) and every level, bank and rule book it uses (resolved paths), by SHA-256
//   practical   one attempt per drawn level, in the instance's order: sectionId = the section,
//               item = its position; the level exactly as the session had it (examLevel())
//   quiz        one quiz part per quiz section: questionIds = the instance's questions in order
//               (generated scenario questions by their generated id); answers in the question's
//               own order (recordedAnswer()); quiz-end with the time used and whether it timed out
//   close       the finish time
//
// A practical section's time used is the sum of its attempts' final ticks; it timed out when an
// attempt ended at its time limit. Levels are scored with scoreSessionAttempt (record/replay.h).
#pragma once

#include "exam/exam.h"
#include "exam/exam_grading.h"
#include "exam/exam_instance.h"
#include "exam/exam_result.h"
#include "quiz/grading.h"
#include "quiz/question.h"
#include "record/recording.h"

#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// The header of an exam recording. `examPath` is the exam file as the program opened it.
RecordingHeader examRecordingHeader(const Exam& exam, const std::string& examPath,
                                    const ExamInstance& instance, const std::string& candidateName,
                                    const std::string& station, int attempt, const std::string& startedAt);

/// `fileLevel` under exam conditions: the exam's view decides ghost, undo and live score; the
/// session's time limit is `timeLimitS` (what is left of the section's time; 0 = none).
Level examLevel(Level fileLevel, const Exam& exam, double timeLimitS);

/// The drawn questions of a quiz section, as the candidate sees them: bank questions by id,
/// scenario questions generated from their rule book and block seed. nullopt with a reason when a
/// file cannot be read or a question is missing.
std::optional<std::vector<Question>> instanceQuestions(const InstanceSection& section, std::string& error);

/// The quiz part's setup for `section` (question ids of `questions`, in order).
QuizSetup examQuizSetup(const InstanceSection& section, const std::vector<Question>& questions,
                        uint64_t seed);
/// The seed the candidate's choice order comes from (Quiz::ofQuestions), derived from the quiz
/// part's recorded setup (its seed and section): a replay or regrade of the recording sees the
/// order the candidate saw, and two sections of one sitting are shuffled independently.
uint64_t examQuizDisplaySeed(const QuizSetup& setup);

/// An answer as recorded (Response is in the question's own order).
RecordedAnswer recordedAnswer(int questionIndex, const Question& question, const Response& response,
                              double elapsedS);
Response responseOf(const RecordedAnswer& answer);

/// "no extra time", "extra time of 25 %", "extra time of 25 % + 10 min" (messages, screens).
std::string extraTimeText(double percent, double minutes);

/// The graded result of a closed exam recording, and what stood in the way.
struct ExamGrading {
    std::optional<ExamResult> result;
    ResultNames names;                 ///< the result's level titles and metric labels (not signed)
    std::vector<std::string> problems; ///< why there is no result, one line each
};

/// The exam's materials as the recorded sitting had them: every level the exam names is read as
/// the version `header` records (the file while it still has that hash, else the version kept in
/// `versionsDir`, record/level_versions.h), so an instructor's edit after the sitting changes
/// neither the draw nor a grade. Other files are read as they are (the grader checks their
/// hashes). nullopt with `problems`, one per level whose recorded version is found nowhere (the
/// level's id, its file, the recorded hash and what to do) or materials that do not load;
/// `notes` says which levels came from kept versions.
std::optional<ExamMaterials> recordedExamMaterials(const Exam& exam, const RecordingHeader& header,
                                                   const std::string& versionsDir,
                                                   std::vector<std::string>& problems,
                                                   std::vector<std::string>* notes = nullptr);

/// Grades `recording` (an exam recording; `recordingSha256` is the hash of its file's bytes):
/// opens the exam it names (relative paths against `baseDir`, "" = working directory) and checks
/// its hash, loads its materials (recordedExamMaterials: levels as recorded, from
/// `levelVersionsDir` when a file has changed since), draws the instance from the recorded seed
/// and candidate, replays every practical attempt and grades every final answer, then gradeExam().
ExamGrading gradeExamRecording(const Recording& recording, const std::string& recordingSha256,
                               const std::string& baseDir = "", const std::string& levelVersionsDir = "");

/// The canonical text of a signed result file (everything before its signature line).
std::string resultTextOfSignedFile(const std::string& signedText);

/// The signed result file that belongs to `recordingPath`: "<name>.result" beside it (the
/// recording's extension replaced), or "" when there is none.
std::string resultFileFor(const std::string& recordingPath);

} // namespace stipple
