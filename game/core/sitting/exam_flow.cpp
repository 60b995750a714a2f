// The exam sitting: every step that writes (recording, store, signed result) is here, so the
// screens only show state and pass on what the candidate did. Grading never uses what the screens
// computed: the result comes from the closed recording (gradeExamRecording), so the final screen
// and a later `stipple regrade` cannot disagree.
#include "sitting/exam_flow.h"

#include "record/level_versions.h"

#include "exam/candidate_id.h"

#include "config/station_config.h"
#include "exam/candidate_list.h"
#include "exam/exam_reader.h"
#include "exam/signing.h"
#include "io/files.h"
#include "io/utf8.h"
#include "quiz/question_bank_reader.h"
#include "quiz/scenarios.h"
#include "record/exam_recording.h"
#include "record/recording_reader.h"
#include "record/replay.h"
#include "record/resume.h"
#include "record/station_signature.h"
#include "store/eligibility.h"
#include "store/issue_result.h"
#include "store/outbox.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace stipple {

namespace fs = std::filesystem;

namespace {

constexpr double kTickS = 1.0 / PracticeSession::kTicksPerSecond;

/// Surrounding white space (ASCII) removed: a name as typed.
std::string trimmed(const std::string& s) {
    const auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

/// "2026-03-02T09:00:00Z" → "20260302T090000Z" for file names.
std::string compactTime(std::string t) {
    t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '-' || c == ':'; }), t.end());
    return t;
}

/// Each drawn question's bank (or rule book) folder.
std::vector<std::string> questionDirs(const InstanceSection& section) {
    std::vector<std::string> dirs;
    for (const InstanceQuestion& q : section.questions)
        dirs.push_back(fs::path(q.source).parent_path().string());
    return dirs;
}

/// The categories of the section's questions with the names their banks give them, and the
/// generated scenarios' name; a bank that cannot be read adds none (the chip then shows the id).
std::vector<QuestionCategory> questionCategories(const InstanceSection& section) {
    std::vector<QuestionCategory> out;
    std::vector<std::string> banks;
    bool scenarios = false;
    for (const InstanceQuestion& q : section.questions) {
        if (q.isScenario()) {
            if (!scenarios)
                out.push_back({std::string(kScenarioCategoryId), std::string(kScenarioCategoryName)});
            scenarios = true;
            continue;
        }
        if (std::find(banks.begin(), banks.end(), q.source) != banks.end()) continue;
        banks.push_back(q.source);
        Diagnostics diags;
        if (const auto bank = loadQuestionBankFile(q.source, diags))
            out.insert(out.end(), bank->categories.begin(), bank->categories.end());
    }
    return out;
}

} // namespace

std::string defaultStation() {
    if (std::string name = settingFromEnvOrFile("STIPPLE_STATION", stationConfig().station); !name.empty())
        return name;
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0 && host[0]) return host;
    return "station";
}

std::shared_ptr<ExamFlow> ExamFlow::open(const ExamFlowConfig& config, std::string& error) {
    std::shared_ptr<ExamFlow> flow(new ExamFlow());
    flow->m_config = config;
    // The station's name goes into every recording and signed result: UTF-8 only.
    if (const std::string problem = utf8Problem(config.station); !problem.empty()) {
        error = "the station name " + problem + " (--station or STIPPLE_STATION)";
        return nullptr;
    }
    std::error_code ec;
    const fs::path abs = fs::absolute(config.examPath, ec);
    if (!ec) flow->m_config.examPath = abs.lexically_normal().string();
    Diagnostics diags;
    auto exam = loadExamFile(flow->m_config.examPath, diags);
    std::optional<ExamMaterials> materials;
    if (exam) materials = loadExamMaterials(*exam, diags);
    if (!materials) {
        error = diags.formatAll();
        if (error.empty()) error = "cannot read the exam " + config.examPath;
        if (error.back() == '\n') error.pop_back();
        return nullptr;
    }
    flow->m_exam = std::move(*exam);
    flow->m_materials = std::move(*materials);
    return flow;
}

std::string ExamFlow::now() const {
    return m_config.now ? m_config.now() : utcNow();
}

std::string ExamFlow::versionsDir() const {
    return levelVersionsDir(m_config.userDir);
}

bool ExamFlow::openStore(std::string& error) {
    if (m_store) return true;
    // --db, else the academy-wide store (STIPPLE_STORE, store=), else the user folder's results.db.
    const std::string db = resultsStoreLocation(m_config.dbPath, m_config.userDir);
    if (db.empty()) {
        error = "no data folder for the results store (set STIPPLE_USER_DATA or give --user-data DIR)";
        return false;
    }
    StoreError se;
    m_store = openResultsStore(db, StoreMode::ReadWrite, se);
    if (!m_store) error = se.message;
    return m_store != nullptr;
}

double ExamFlow::sectionLimitS(std::size_t section) const {
    if (!m_accommodation) return sectionTimeLimitS(m_exam, m_exam.sections[section], m_candidateId);
    const auto granted = grantedAccommodation();
    return sectionTimeLimitS(m_exam.sections[section], &*granted);
}

std::optional<Accommodation> ExamFlow::grantedAccommodation() const {
    if (!m_accommodation) return std::nullopt;
    return Accommodation{m_candidateId, m_accommodation->extraPercent, m_accommodation->extraMinutes,
                         m_accommodation->reason};
}

std::string ExamFlow::candidateListPath() const {
    if (!m_exam.candidates) return "";
    if (!m_exam.candidates->resolved.empty()) return m_exam.candidates->resolved;
    if (!m_config.candidateListPath.empty()) return m_config.candidateListPath;
    return settingFromEnvOrFile("STIPPLE_CANDIDATES", stationConfig().candidates);
}

std::string ExamFlow::grantAccommodation(const std::string& id) {
    // Extra time is never typed at the station: it comes from the academy's candidate list (or,
    // for exams without one, the exam file's <accommodations>), by canonical id, and is pinned in
    // the recording when the sitting starts.
    RecordedAccommodation granted;
    if (m_exam.candidates) {
        const std::string path = candidateListPath();
        if (path.empty())
            return "This exam takes its candidates from the academy's candidate list, but none is set on "
                   "this station. "
                   "Ask the invigilator to set 'candidates = FILE' in the station's stipple.conf (or "
                   "STIPPLE_CANDIDATES).";
        CandidateList list;
        Diagnostics diags;
        if (!readCandidateList(path, list, diags)) {
            std::string why = diags.formatAll();
            while (!why.empty() && why.back() == '\n')
                why.pop_back();
            return "The academy's candidate list cannot be used; ask the invigilator to correct it:\n" + why;
        }
        granted.source = path;
        granted.sourceSha256 = list.sha256;
        if (const CandidateListEntry* e = list.find(id)) {
            granted.extraPercent = e->extraPercent;
            granted.extraMinutes = e->extraMinutes;
            granted.reason = e->reason;
        } else if (!m_exam.candidates->admitUnlisted) {
            return "Candidate " + id + " is not on the academy's candidate list (" + path +
                   "). Check the id with the invigilator; only the academy can add a candidate to the list.";
        }
    } else if (const Accommodation* a = m_exam.findAccommodation(id)) {
        granted.source = "exam";
        granted.extraPercent = a->extraPercent;
        granted.extraMinutes = a->extraMinutes;
        granted.reason = a->reason;
    }
    m_accommodation = std::move(granted);
    return "";
}

void ExamFlow::previewCandidate(const std::string& id, const std::string& name) {
    m_candidateId = id;
    m_candidateName = name;
    m_accommodation.reset();
    m_signIn = ExamSignIn{};
    m_signIn.kind = ExamSignIn::Kind::Fresh;
    m_signIn.allowed = m_exam.attempts.allowed;
}

ExamSignIn ExamFlow::checkCandidate(const std::string& typedId, const std::string& typedName) {
    ExamSignIn out;
    out.allowed = m_exam.attempts.allowed;
    auto refuse = [&](std::string why) {
        out.kind = ExamSignIn::Kind::Refused;
        out.reason = std::move(why);
        m_signIn = out;
        return out;
    };
    // One canonical id (trimmed, NFC, case-folded) counts attempts, waiting periods and
    // accommodations, so "Ana.Souza" and "ana.souza " cannot sit as two candidates.
    std::string why;
    const auto canonicalId = normaliseCandidateId(typedId, why);
    if (!canonicalId) return refuse(why);
    const std::string& id = *canonicalId;
    const std::string name = trimmed(typedName);
    if (name.empty()) return refuse("Type the candidate's name as it should appear on the certificate.");
    if (firstInvalidUtf8(name) != std::string::npos)
        return refuse(
            "The name holds characters that are not valid UTF-8: type it again as it should appear on the "
            "certificate.");
    m_accommodation.reset();
    if (std::string refused = grantAccommodation(id); !refused.empty()) return refuse(refused);
    std::string error;
    if (!m_config.useStore) {
        // A scripted sitting without a store: nothing to count attempts against.
        m_candidateId = id;
        m_candidateName = name;
        out.kind = ExamSignIn::Kind::Fresh;
        m_signIn = out;
        return out;
    }
    if (!openStore(error)) return refuse("The results store cannot be opened: " + error);
    std::vector<AttemptRecord> past;
    StoreError se;
    if (!m_store->listAttempts(id, m_exam.id, past, se))
        return refuse("The results store cannot be read: " + se.message);
    const Eligibility e = checkEligibility(m_exam.attempts, past, now());
    m_candidateId = id;
    m_candidateName = name;
    out.attempt = e.nextNumber;
    if (e.resumeAttemptId != 0) {
        const auto it = std::find_if(past.begin(), past.end(),
                                     [&](const AttemptRecord& a) { return a.id == e.resumeAttemptId; });
        if (it == past.end()) return refuse(e.reason);
        out.attempt = it->number;
        if (it->station != m_config.station)
            return refuse("Attempt " + std::to_string(it->number) + " is still in progress on station '" +
                          it->station +
                          "'. Resume it there; only an invigilator can move a sitting to another station.");
        std::error_code ec;
        if (it->recording.empty() || !fs::exists(it->recording, ec))
            return refuse(
                "Attempt " + std::to_string(it->number) + " is in progress but its recording " +
                (it->recording.empty() ? std::string("was never made") : it->recording + " is missing") +
                ". Ask the invigilator to mark it abandoned before a new attempt.");
        out.kind = ExamSignIn::Kind::Resume;
        out.recording = it->recording;
        out.startedAt = it->startedAt;
        m_attemptId = it->id;
        m_signIn = out;
        return out;
    }
    if (!e.allowed) return refuse(e.reason);
    out.kind = ExamSignIn::Kind::Fresh;
    m_signIn = out;
    return out;
}

bool ExamFlow::start(std::string& error) {
    if (m_signIn.kind != ExamSignIn::Kind::Fresh || (m_config.useStore && !openStore(error))) {
        if (error.empty()) error = "the candidate has not been signed in";
        return false;
    }
    StoreError se;
    if (m_store && !m_store->saveCandidate({m_candidateId, m_candidateName, ""}, se)) {
        error = se.message;
        return false;
    }
    const uint64_t seed = m_config.seed ? m_config.seed : newExamSeed();
    m_instance = instantiateExam(m_exam, seed, m_candidateId, m_materials, grantedAccommodation());
    // Every level the exam names, drawn or not (the recording pins them all), kept by its hash:
    // an instructor may edit one during or after the sitting. Best effort: the sitting goes on.
    for (const auto& [path, bytes] : m_materials.levelBytes) {
        std::string keepError;
        keepLevelVersion(versionsDir(), bytes, keepError);
    }
    const std::string startedAt = now();
    const fs::path dir = fs::path(m_config.userDir) / "recordings";
    std::error_code ec;
    if (m_config.recordingPath.empty()) fs::create_directories(dir, ec);
    m_recordingPath =
        !m_config.recordingPath.empty()
            ? m_config.recordingPath
            : (dir / (m_exam.id + "-" + m_candidateId + "-a" + std::to_string(m_signIn.attempt) + "-" +
                      compactTime(startedAt) + kRecordingExtension))
                  .string();
    RecordingHeader header = examRecordingHeader(m_exam, m_config.examPath, m_instance, m_candidateName,
                                                 m_config.station, m_signIn.attempt, startedAt);
    header.accommodation = m_accommodation; // pinned: a resume and a regrade give this extra time
    m_writer = RecordingWriter::create(m_recordingPath, header, error);
    if (!m_writer) return false;
    AttemptRecord attempt;
    attempt.candidateId = m_candidateId;
    attempt.examId = m_exam.id;
    attempt.examSha256 = m_exam.sourceSha256;
    attempt.seed = seed;
    attempt.station = m_config.station;
    attempt.startedAt = startedAt;
    attempt.recording = m_recordingPath;
    if (m_store && !m_store->beginAttempt(attempt, se)) {
        // Nothing was sat yet: leave no recording that the store does not know about.
        m_writer.reset();
        fs::remove(m_recordingPath, ec);
        error = se.message;
        return false;
    }
    m_attemptId = attempt.id;
    m_section = 0;
    m_item = 0;
    m_levelTicks.clear();
    return true;
}

void ExamFlow::skipFinishedParts(const Recording& rec) {
    m_section = 0;
    m_item = 0;
    m_levelTicks.clear();
    for (; m_section < m_instance.sections.size(); ++m_section) {
        const InstanceSection& is = m_instance.sections[m_section];
        if (is.kind == SectionKind::Practical) {
            m_levelTicks.clear();
            for (const RecordedAttempt& a : rec.attempts)
                if (a.setup.sectionId == is.id && a.end) m_levelTicks.push_back(a.end->endTick);
            m_item = m_levelTicks.size();
            if (m_item < is.levels.size()) return;
        } else {
            const auto it = std::find_if(rec.quizzes.begin(), rec.quizzes.end(),
                                         [&](const RecordedQuiz& q) { return q.setup.sectionId == is.id; });
            if (it == rec.quizzes.end() || !it->end) return;
        }
        m_item = 0;
    }
    m_levelTicks.clear();
}

bool ExamFlow::resume(std::string& error) {
    if (m_signIn.kind != ExamSignIn::Kind::Resume) {
        error = "there is no unfinished sitting to resume";
        return false;
    }
    m_recordingPath = m_signIn.recording;
    const RecordingRead peek = readRecording(m_recordingPath);
    if (!peek.recording) {
        error = "cannot resume: " + peek.recovery.message();
        return false;
    }
    const RecordingHeader& h = peek.recording->header;
    const auto examFile =
        std::find_if(h.files.begin(), h.files.end(), [](const RecordedFile& f) { return f.role == "exam"; });
    if (h.kind != "exam" || h.examId != m_exam.id || h.candidateId != m_candidateId ||
        examFile == h.files.end()) {
        error = "cannot resume: " + m_recordingPath + " is not this candidate's sitting of " + m_exam.id;
        return false;
    }
    if (examFile->sha256 != m_exam.sourceSha256) {
        error = "cannot resume: the exam file has changed since the sitting started (" + examFile->path + ")";
        return false;
    }
    // The levels as the sitting started with them: a file edited since is read from its kept
    // version, or the resume is refused naming the level (a sitting never changes level midway).
    std::vector<std::string> problems;
    auto recorded = recordedExamMaterials(m_exam, h, versionsDir(), problems);
    if (!recorded) {
        error = "cannot resume " + m_recordingPath + ": ";
        for (std::size_t i = 0; i < problems.size(); ++i)
            error += (i ? "; " : "") + problems[i];
        return false;
    }
    m_materials = std::move(*recorded);
    for (const auto& [path, bytes] : m_materials.levelBytes) { // as start() does (older recordings)
        std::string keepError;
        keepLevelVersion(versionsDir(), bytes, keepError);
    }
    // The extra time the sitting was given when it started, whatever the list says now.
    m_accommodation = h.accommodation;
    m_instance = instantiateExam(m_exam, h.seed, m_candidateId, m_materials, grantedAccommodation());
    m_candidateName = h.candidateName;
    if (peek.recording->closed()) {
        // Closed but never graded (the program stopped at the very end): grade it now.
        m_section = m_instance.sections.size();
        return true;
    }
    ResumeOptions options;
    options.station = m_config.station;
    options.now = now();
    options.levelVersionsDir = versionsDir();
    auto sitting = resumeRecording(m_recordingPath, options, error);
    if (!sitting) return false;
    skipFinishedParts(sitting->recording);
    if (sitting->session) {
        m_resumedSession = std::move(sitting->session);
        m_resumedRecorder = std::move(sitting->recorder);
    } else if (sitting->quiz && !allSectionsDone() && instanceSection().kind == SectionKind::Quiz) {
        ExamQuizRun quiz;
        const auto questions = instanceQuestions(instanceSection(), error);
        if (!questions) return false;
        quiz.questions = *questions;
        quiz.answers.resize(quiz.questions.size());
        quiz.baseDirs = questionDirs(instanceSection());
        quiz.categories = questionCategories(instanceSection());
        quiz.limitS = sectionLimitS(m_section);
        quiz.displaySeed = examQuizDisplaySeed(sitting->quiz->setup);
        quiz.title = section().title;
        const auto finals = sitting->quiz->finalAnswers();
        for (std::size_t i = 0; i < finals.size() && i < quiz.answers.size(); ++i)
            if (finals[i]) quiz.answers[i] = responseOf(*finals[i]);
        quiz.usedS = sitting->quizUsedS;
        m_resumedQuiz = std::move(quiz);
    }
    m_writer = std::move(sitting->writer);
    return true;
}

std::shared_ptr<const Level> ExamFlow::shownLevel(const Level& sessionLevel) const {
    Level shown = examLevel(sessionLevel, m_exam, sessionLevel.mode.timeLimitS);
    // The density heatmap compares the work with the target as it grows: a live score in all but
    // name, so the exam shows it only where it allows a live score.
    shown.mode.heatmap = shown.mode.heatmap && m_exam.view.liveScore;
    return std::make_shared<const Level>(std::move(shown));
}

double ExamFlow::practicalUsedS() const {
    int64_t ticks = 0;
    for (int64_t t : m_levelTicks)
        ticks += t;
    return static_cast<double>(ticks) * kTickS;
}

std::optional<ExamLevelRun> ExamFlow::beginLevel(std::string& error) {
    if (allSectionsDone() || instanceSection().kind != SectionKind::Practical || !m_writer) {
        error = "no practical level is due";
        return std::nullopt;
    }
    const InstanceSection& is = instanceSection();
    ExamLevelRun run;
    run.item = static_cast<int>(m_item);
    run.count = static_cast<int>(is.levels.size());
    run.usedBeforeS = practicalUsedS();
    run.readingTimeCounts = section().readingTimeCounts;
    if (m_resumedSession) {
        run.session = std::move(m_resumedSession);
        run.recorder = std::move(m_resumedRecorder);
        run.title = run.session->level().title;
        // Rebuilt from the file's level with the recorded undo and time limit: the exam's view
        // decides again what is shown (shownLevel).
        run.shown = shownLevel(run.session->level());
        return run;
    }
    const InstanceLevel& level = is.levels[m_item];
    // The bytes the exam was opened (or resumed) with, which the recording's header pins: a level
    // file edited during the sitting does not change it.
    const auto bytes = m_materials.levelBytes.find(level.path);
    if (bytes == m_materials.levelBytes.end()) {
        error = "the level " + level.path + " is not among the exam's files";
        return std::nullopt;
    }
    Diagnostics diags;
    const auto file = parseHashedLevel(bytes->second, level.path, diags);
    if (!file) {
        error = diags.formatAll();
        return std::nullopt;
    }
    // Kept at the start too; again here for a sitting resumed from a recording made before that.
    std::string keepError;
    keepLevelVersion(versionsDir(), bytes->second, keepError);
    // The level gets what is left of the section's time; the section's clock keeps running across
    // its levels. With nothing left the level is handed in empty at its first tick.
    const double left = sectionLimitS(m_section) - run.usedBeforeS;
    const uint64_t seed = m_instance.seed + 1000 * static_cast<uint64_t>(m_section) + m_item;
    run.session =
        std::make_unique<PracticeSession>(examLevel(file->level, m_exam, std::max(left, kTickS)), seed);
    run.recorder = std::make_unique<SessionRecorder>(
        *run.session, *m_writer, attemptSetupFor(*run.session, level.path, file->sha256, is.id, run.item));
    run.title = file->level.title;
    run.shown = shownLevel(run.session->level());
    if (!run.recorder->ok()) {
        error = run.recorder->error();
        return std::nullopt;
    }
    return run;
}

bool ExamFlow::endLevel(ExamLevelRun run, std::string& error) {
    if (!run.session || !run.recorder) {
        error = "no level to hand in";
        return false;
    }
    if (!run.session->finished()) run.session->finish(run.session->tick());
    if (!run.recorder->recordScore(scoreSessionAttempt(*run.session),
                                   attemptInfoFor(*run.session).elapsedSeconds) ||
        !run.recorder->ok()) {
        error = run.recorder->error();
        return false;
    }
    m_levelTicks.push_back(run.session->tick());
    run.recorder.reset();
    run.session.reset();
    ++m_item;
    const InstanceSection& is = instanceSection();
    // Out of time: the section's remaining levels are handed in empty, as the time-out did.
    while (m_item < is.levels.size() && practicalUsedS() >= sectionLimitS(m_section) - kTickS / 2) {
        auto empty = beginLevel(error);
        if (!empty) return false;
        empty->session->advanceTo(empty->session->limitTick().value_or(1));
        if (!empty->recorder->recordScore(scoreSessionAttempt(*empty->session),
                                          attemptInfoFor(*empty->session).elapsedSeconds)) {
            error = empty->recorder->error();
            return false;
        }
        m_levelTicks.push_back(empty->session->tick());
        ++m_item;
    }
    if (m_item >= is.levels.size()) {
        ++m_section;
        m_item = 0;
        m_levelTicks.clear();
    }
    return true;
}

std::optional<ExamQuizRun> ExamFlow::beginQuiz(std::string& error) {
    if (allSectionsDone() || instanceSection().kind != SectionKind::Quiz || !m_writer) {
        error = "no quiz is due";
        return std::nullopt;
    }
    if (m_resumedQuiz) {
        ExamQuizRun quiz = std::move(*m_resumedQuiz);
        m_resumedQuiz.reset();
        return quiz;
    }
    ExamQuizRun quiz;
    const auto questions = instanceQuestions(instanceSection(), error);
    if (!questions) return std::nullopt;
    quiz.questions = *questions;
    quiz.answers.resize(quiz.questions.size());
    quiz.baseDirs = questionDirs(instanceSection());
    quiz.categories = questionCategories(instanceSection());
    stipple::QuizSetup setup = examQuizSetup(instanceSection(), quiz.questions, m_instance.seed);
    quiz.limitS = sectionLimitS(m_section);
    quiz.displaySeed = examQuizDisplaySeed(setup);
    quiz.title = section().title;
    if (!m_writer->beginQuiz(setup)) {
        error = m_writer->error();
        return std::nullopt;
    }
    return quiz;
}

bool ExamFlow::answer(const ExamQuizRun& quiz, int index, double elapsedS, std::string& error) {
    if (!m_writer || index < 0 || static_cast<std::size_t>(index) >= quiz.questions.size()) {
        error = "no such question";
        return false;
    }
    const auto i = static_cast<std::size_t>(index);
    if (!m_writer->answer(recordedAnswer(index, quiz.questions[i], quiz.answers[i], elapsedS))) {
        error = m_writer->error();
        return false;
    }
    return true;
}

bool ExamFlow::quizClock(double usedS) {
    if (!m_writer || !m_writer->quizOpen()) return false;
    const int64_t tick = std::max(m_writer->partTick(), static_cast<int64_t>(std::floor(usedS / kTickS)));
    return m_writer->heartbeat(tick);
}

bool ExamFlow::endQuiz(double usedS, bool timedOut, std::string& error) {
    if (!m_writer || !m_writer->endQuiz(QuizEnd{usedS, timedOut})) {
        error = m_writer ? m_writer->error() : "the recording is not open";
        return false;
    }
    ++m_section;
    m_item = 0;
    m_levelTicks.clear();
    return true;
}

ExamOutcome gradeRecordingFile(const std::string& path, const std::string& levelVersionsDir) {
    ExamOutcome out;
    out.recording = path;
    // Grade the closed recording exactly as `stipple regrade` will.
    const RecordingRead read = readRecording(path);
    std::string bytes, error;
    if (!read.recording || !readFile(path, bytes, error)) {
        out.problems.push_back("the recording cannot be read back: " +
                               (error.empty() ? read.recovery.message() : error));
        return out;
    }
    ExamGrading grading = gradeExamRecording(*read.recording, sha256Hex(bytes), "", levelVersionsDir);
    out.problems = grading.problems;
    out.result = std::move(grading.result);
    out.names = std::move(grading.names);
    return out;
}

ExamOutcome ExamFlow::finish() {
    ExamOutcome out;
    out.recording = m_recordingPath;
    if (m_writer) {
        if (!m_writer->closed() && !m_writer->close(CloseMark{now()})) {
            out.problems.push_back("the recording could not be closed: " + m_writer->error());
            return out;
        }
        m_writer.reset();
        // A station that keeps its own key (keys/station.secret) signs what it closes, so an edit
        // between the sitting and the exam officer's grading is caught.
        std::string stationNote;
        const fs::path stationSecret =
            !m_config.stationKeyPath.empty()
                ? fs::path(m_config.stationKeyPath)
                : fs::path(keyFileIn(m_config.userDir, kStationSecretKeyFile, &stationNote));
        std::error_code exists;
        if ((!m_config.userDir.empty() || !m_config.stationKeyPath.empty()) &&
            fs::exists(stationSecret, exists)) {
            std::string why;
            const auto stationKey = loadSecretKey(stationSecret.string(), why);
            if (!stationKey || !signRecordingAtStation(m_recordingPath, m_config.station, *stationKey, why))
                out.problems.push_back("the station could not sign the recording: " + why);
            else
                out.stationSignature = stationSignatureFileFor(m_recordingPath);
            if (!stationNote.empty()) out.notes.push_back(stationNote);
        }
    }
    const ExamOutcome signing = out;
    out = gradeRecordingFile(m_recordingPath, versionsDir());
    out.problems.insert(out.problems.begin(), signing.problems.begin(), signing.problems.end());
    out.stationSignature = signing.stationSignature;
    out.notes = signing.notes;
    if (!out.result) return out;
    std::string error;

    std::string keyNote;
    const fs::path secret = !m_config.secretKeyPath.empty()
                                ? fs::path(m_config.secretKeyPath)
                                : fs::path(keyFileIn(m_config.userDir, kSecretKeyFile, &keyNote));
    std::error_code ec;
    if ((!m_config.userDir.empty() || !m_config.secretKeyPath.empty()) && fs::exists(secret, ec)) {
        if (!keyNote.empty()) out.notes.push_back(keyNote);
        if (const auto key = loadSecretKey(secret.string(), error)) {
            fs::path resultPath(m_recordingPath);
            resultPath.replace_extension(".result");
            IssuedResult issued;
            // A result the store does not take (a server down or stalled) waits in the outbox.
            const std::string outbox =
                m_config.userDir.empty() ? "" : (fs::path(m_config.userDir) / "outbox").string();
            std::string openError;
            if (m_config.useStore) openStore(openError);
            const bool ok =
                issueResult(*out.result, *key, resultPath.string(), m_store.get(), issued, error, outbox);
            out.signedResult = !issued.signedText.empty();
            out.resultFile = out.signedResult ? resultPath.string() : "";
            out.code = issued.code;
            out.stored = issued.stored;
            if (!ok) out.problems.push_back(error);
            if (ok && m_config.useStore && !m_store && out.signedResult && !outbox.empty()) {
                std::string kept, why;
                out.problems.push_back(openError +
                                       (keepInOutbox(outbox, issued.signedText, kept, why)
                                            ? "; the signed result waits in the outbox (" + kept +
                                                  ") and is sent with the next result this station "
                                                  "stores, or by `stipple results send`"
                                            : "; " + why));
            }
            if (issued.stored && !outbox.empty()) {
                // The server answers again: what waited in the outbox goes now (stored once).
                const OutboxReport sent = sendOutbox(outbox, *m_store, key->publicKey());
                for (const auto& p : sent.problems)
                    out.problems.push_back("outbox: " + p);
            }
        } else {
            out.problems.push_back("the academy key cannot be read: " + error);
        }
    }
    if (m_store && m_attemptId != 0) {
        StoreError se;
        if (!m_store->finishAttempt(m_attemptId, "submitted", out.result->finishedAt, se))
            out.problems.push_back("the attempt could not be marked submitted: " + se.message);
    }
    return out;
}

} // namespace stipple
