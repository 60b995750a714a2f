// The exam sitting behind the trainer's exam screens, without any SFML: who the candidate is and
// whether they may sit (the store's attempts and the exam's policy), the drawn exam, the recording
// every practical command and every answer goes into as it happens, where the candidate is (which
// section, which level, how much of the section's time is used), resuming an unfinished sitting
// from its recording, and the end: the closed recording graded by gradeExamRecording (exactly what
// `stipple regrade` does later), signed with the academy key when this station has one, and stored.
//
// Screens hold the flow by shared_ptr and ask it for the next step; the flow owns the recording
// writer. A practical level is handed out as a session plus its recorder (the screen keeps both
// and gives them back when the level ends), so no recorder outlives its session.
#pragma once

#include "exam/exam.h"
#include "exam/exam_instance.h"
#include "exam/exam_materials.h"
#include "exam/exam_result.h"
#include "quiz/grading.h"
#include "quiz/question.h"
#include "record/recording_writer.h"
#include "record/session_recorder.h"
#include "session/practice_session.h"
#include "store/results_store.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// Where an exam runs and keeps its records.
struct ExamFlowConfig {
    std::string examPath; ///< the exam definition (made absolute, so recordings regrade from anywhere)
    std::string userDir;  ///< recordings/ and keys/academy.secret live here
    std::string dbPath;   ///< the results store ("" = userDir/results.db)
    std::string station;  ///< this machine's name, written into the recording and the result
    uint64_t seed = 0;    ///< 0 = a fresh seed from the operating system (newExamSeed)
    /// The UTC clock ("YYYY-MM-DDTHH:MM:SSZ"); empty = the real clock. Tests fix it.
    std::function<std::string()> now;
    /// Where the recording goes; "" = userDir/recordings/<exam>-<candidate>-a<n>-<time>.stiprec.
    std::string recordingPath;
    /// False: no results store at all — no eligibility check, no attempt record, nothing stored
    /// (`stipple record demo --exam`, a scripted sitting). The result is still graded from the
    /// closed recording, and signed when a key is there.
    bool useStore = true;
    /// The academy's secret key; "" = userDir/keys/academy.secret when that file exists, else the
    /// one in the folder keys were kept in before (config/station_config.h keyFileIn, with a note).
    std::string secretKeyPath;
    /// This station's own key (record/station_signature.h); "" = userDir/keys/station.secret when
    /// that file exists (or, as above, in the folder keys were kept in before). The closed recording is
    /// signed with it for the exam officer's regrade --sign.
    std::string stationKeyPath;
    /// The academy's candidate list for an exam whose <candidates> names no file; "" = the
    /// station's (STIPPLE_CANDIDATES, else the settings file's `candidates`).
    std::string candidateListPath;
};

/// The station name when none is configured: $STIPPLE_STATION, else the host name.
std::string defaultStation();

/// What sign-in found out about a candidate.
struct ExamSignIn {
    enum class Kind { Refused, Fresh, Resume };
    Kind kind = Kind::Refused;
    std::string reason;    ///< Refused: why, in words for the candidate and the invigilator
    int attempt = 1;       ///< the attempt number this sitting is (or was) given
    int allowed = 0;       ///< attempts the exam allows (0 = unlimited)
    std::string recording; ///< Resume: the unfinished recording
    std::string startedAt; ///< Resume: when the unfinished sitting started
};

/// A practical level under way. Give it back to ExamFlow::endLevel when its session finished.
struct ExamLevelRun {
    std::unique_ptr<PracticeSession> session;
    std::unique_ptr<SessionRecorder> recorder; ///< declared after the session: destroyed first
    /// The level as the exam shows it (the exam's view: no ghost, live score or heatmap unless allowed).
    std::shared_ptr<const Level> shown;
    int item = 0;           ///< 0-based position in the section
    int count = 1;          ///< levels in the section
    std::string title;      ///< the level's title
    double usedBeforeS = 0; ///< section time used by the levels before this one
    /// The level opens on its brief; true = the section's clock runs while it is read (the
    /// exam's reading-time="counts"), false = it waits until work begins.
    bool readingTimeCounts = false;
};

/// The quiz section under way: its questions, the answers so far (in the question's own order)
/// and the time already used (more than 0 after a resume).
struct ExamQuizRun {
    std::vector<Question> questions;
    std::vector<Response> answers;     ///< one per question; empty() = not answered
    std::vector<std::string> baseDirs; ///< per question: its bank's folder (pictures are relative to it)
    double usedS = 0.0;
    double limitS = 0.0;      ///< the section's time for this candidate (extra time included)
    uint64_t displaySeed = 0; ///< the choices' order: Quiz::ofQuestions(questions, {seed = this})
    std::string title;        ///< the section's title
    /// The names of the questions' categories, as their banks give them ("Aftercare rules" for
    /// "aftercare"; "Aftercare scenarios" for generated ones): what the question's chip shows.
    std::vector<QuestionCategory> categories;
};

/// The end of the sitting, as the final screen shows it.
struct ExamOutcome {
    std::optional<ExamResult> result;  ///< graded from the closed recording
    ResultNames names;                 ///< its levels' titles and metrics' labels, as people read them
    std::vector<std::string> problems; ///< why there is no result, or what else went wrong
    std::string recording;
    std::string resultFile; ///< the signed result beside the recording ("" when not signed)
    std::string code;       ///< verification code of the signed result
    bool signedResult = false;
    bool stored = false;          ///< the signed result is in the results store
    std::string stationSignature; ///< the station's signature file beside the recording ("" = none)
    /// Worth saying, not problems: a key used from the folder keys were kept in before, and how
    /// to move it (the same note the commands print).
    std::vector<std::string> notes;
};

/// Grades a closed exam recording as `stipple regrade` does (gradeExamRecording on its bytes),
/// with the level versions kept in `levelVersionsDir` (record/level_versions.h; "" = none).
ExamOutcome gradeRecordingFile(const std::string& path, const std::string& levelVersionsDir = "");

class ExamFlow {
  public:
    /// Reads the exam and every file it names; nullptr with the diagnostics in `error`.
    static std::shared_ptr<ExamFlow> open(const ExamFlowConfig& config, std::string& error);

    const Exam& exam() const { return m_exam; }
    const ExamFlowConfig& config() const { return m_config; }
    const std::string& candidateId() const { return m_candidateId; }
    const std::string& candidateName() const { return m_candidateName; }
    int attemptNumber() const { return m_signIn.attempt; }
    const ExamSignIn& signIn() const { return m_signIn; }

    /// Checks a typed candidate against the store and the exam's attempt policy. An attempt in
    /// progress on this station with its recording present is offered for resuming; one on
    /// another station (or whose recording is gone) is refused with what the invigilator can do.
    ExamSignIn checkCandidate(const std::string& id, const std::string& name);
    /// Sets the candidate without touching the store (screenshots of the instructions).
    void previewCandidate(const std::string& id, const std::string& name);
    /// The section's time limit for this candidate (extra time included).
    double sectionLimitS(std::size_t section) const;
    /// The extra time sign-in granted (from the academy's candidate list, or the exam's
    /// <accommodations>), as the recording pins it; nullopt before sign-in.
    const std::optional<RecordedAccommodation>& accommodation() const { return m_accommodation; }
    /// The candidate list this exam takes accommodations from ("" = none: the exam's own list).
    std::string candidateListPath() const;

    /// Starts a new sitting after a Fresh sign-in: draws the exam, records the attempt in the
    /// store and creates the recording. Every level the exam names (drawn or not) is kept by its
    /// hash in userDir/level-versions, so editing one later breaks neither a resume nor a regrade.
    bool start(std::string& error);
    /// Continues the unfinished sitting a Resume sign-in found, with the time already used, on
    /// the level versions it started with (kept ones when the files changed since).
    bool resume(std::string& error);

    /// True once every section is handed in.
    bool allSectionsDone() const { return m_section >= m_instance.sections.size(); }
    std::size_t sectionIndex() const { return m_section; }
    const ExamSection& section() const { return m_exam.sections[m_section]; }
    const InstanceSection& instanceSection() const { return m_instance.sections[m_section]; }
    const ExamInstance& instance() const { return m_instance; }

    /// The next level of the current practical section (resumed when one was open), as the exam
    /// was opened with it (a file edited since does not change the sitting). Levels left when
    /// the section's time has run out are handed in empty, as the time-out did.
    std::optional<ExamLevelRun> beginLevel(std::string& error);
    /// Scores and records a level whose session finished, and moves on.
    bool endLevel(ExamLevelRun run, std::string& error);

    /// The current quiz section's questions (and answers, after a resume); opens the quiz part.
    std::optional<ExamQuizRun> beginQuiz(std::string& error);
    /// Records one answer as soon as it is given (a later one to the same question replaces it).
    bool answer(const ExamQuizRun& quiz, int index, double elapsedS, std::string& error);
    /// Records the quiz clock (call every frame; writes at most once a second).
    bool quizClock(double usedS);
    /// Hands the quiz in (by the candidate, or automatically at time-out) and moves on.
    bool endQuiz(double usedS, bool timedOut, std::string& error);

    /// Closes the recording, grades it, signs and stores the result. Call once, after the last section.
    ExamOutcome finish();

    const std::string& recordingPath() const { return m_recordingPath; }

  private:
    ExamFlow() = default;
    std::string now() const;
    /// userDir/level-versions ("" without a user folder).
    std::string versionsDir() const;
    bool openStore(std::string& error);
    double practicalUsedS() const;
    /// The level as the exam shows it: the exam's view (no ghost, undo, live score or heatmap unless
    /// allowed).
    std::shared_ptr<const Level> shownLevel(const Level& sessionLevel) const;
    void skipFinishedParts(const Recording& recording);
    /// The accommodation of canonical id `id` from the candidate list or the exam; "" or why the
    /// candidate may not sit.
    std::string grantAccommodation(const std::string& id);
    std::optional<Accommodation> grantedAccommodation() const;

    ExamFlowConfig m_config;
    Exam m_exam;
    ExamMaterials m_materials;
    ExamInstance m_instance;
    std::unique_ptr<ResultsStore> m_store;
    ExamSignIn m_signIn;
    std::string m_candidateId, m_candidateName;
    std::optional<RecordedAccommodation> m_accommodation;
    int64_t m_attemptId = 0;
    std::string m_recordingPath;
    std::unique_ptr<RecordingWriter> m_writer;
    std::size_t m_section = 0;
    std::size_t m_item = 0;            ///< next level of the current practical section
    std::vector<int64_t> m_levelTicks; ///< final ticks of the current section's ended levels
    // What a resume found still open:
    std::unique_ptr<PracticeSession> m_resumedSession;
    std::unique_ptr<SessionRecorder> m_resumedRecorder;
    std::optional<ExamQuizRun> m_resumedQuiz;
};

} // namespace stipple
