// The exam flow's side of recordings. Grading goes through gradeExam only; this file just turns
// the recording back into gradeExam's inputs (exam, instance, sitting) with every file checked.
#include "record/exam_recording.h"

#include "random/rng.h"

#include "aftercare/rule_book_reader.h"
#include "exam/candidate_list.h"
#include "exam/exam_materials.h"
#include "exam/exam_reader.h"
#include "io/files.h"
#include "io/numbers.h"
#include "quiz/question_bank_reader.h"
#include "quiz/scenarios.h"
#include "record/level_versions.h"
#include "record/replay.h"
#include "scoring/scorer_version.h"

#include <filesystem>
#include <map>
#include <set>

namespace stipple {

RecordingHeader examRecordingHeader(const Exam& exam, const std::string& examPath,
                                    const ExamInstance& instance, const std::string& candidateName,
                                    const std::string& station, int attempt, const std::string& startedAt) {
    RecordingHeader h;
    h.build = std::string("stipple ") + STIPPLE_VERSION;
    h.scorerVersion = kScorerVersion;
    h.kind = "exam";
    h.examId = exam.id;
    h.seed = instance.seed;
    h.candidateId = instance.candidate;
    h.candidateName = candidateName;
    h.station = station;
    h.startedAt = startedAt;
    h.attempt = attempt;
    h.files.push_back({"exam", examPath, exam.sourceSha256});
    for (const ExamInstance::File& f : instance.files) {
        std::string role = f.picture ? "picture" : "file";
        for (const ExamSection& s : exam.sections) {
            for (const PracticalItem& item : s.items) {
                if (item.level && item.level->resolved == f.resolved) role = "level";
                if (item.pool)
                    for (const ExamFileRef& l : item.pool->levels)
                        if (l.resolved == f.resolved) role = "level";
            }
            for (const BankRef& b : s.banks)
                if (b.file.resolved == f.resolved) role = "bank";
            for (const ScenarioDraw& sc : s.scenarios)
                if (sc.rules.resolved == f.resolved) role = "rules";
        }
        h.files.push_back({role, f.resolved, f.sha256});
    }
    return h;
}

Level examLevel(Level fileLevel, const Exam& exam, double timeLimitS) {
    fileLevel.mode.ghost = exam.view.ghost;
    fileLevel.mode.undo = exam.view.undo;
    fileLevel.mode.liveScore = exam.view.liveScore;
    fileLevel.mode.timeLimitS = timeLimitS;
    return fileLevel;
}

std::optional<std::vector<Question>> instanceQuestions(const InstanceSection& section, std::string& error) {
    std::map<std::string, QuestionBank> banks;
    std::map<std::string, std::vector<Question>> blocks; // rule book + block seed → generated questions
    std::vector<Question> out;
    for (const InstanceQuestion& q : section.questions) {
        Diagnostics diags;
        if (q.isScenario()) {
            const std::string key = q.source + "#" + std::to_string(q.scenarioSeed);
            auto it = blocks.find(key);
            if (it == blocks.end()) {
                const auto book = loadRuleBookFile(q.source, diags);
                if (!book) {
                    error = "rule book " + q.source + " cannot be read: " + diags.formatAll();
                    return std::nullopt;
                }
                int count = 0;
                for (const InstanceQuestion& other : section.questions)
                    count += other.isScenario() && other.source == q.source &&
                             other.scenarioSeed == q.scenarioSeed;
                it = blocks.emplace(key, generateScenarioQuestions(*book, q.scenarioSeed, count)).first;
            }
            if (q.scenarioIndex < 0 || static_cast<std::size_t>(q.scenarioIndex) >= it->second.size()) {
                error = "rule book " + q.source + " generated fewer scenario questions than the exam drew";
                return std::nullopt;
            }
            out.push_back(it->second[static_cast<std::size_t>(q.scenarioIndex)]);
        } else {
            auto it = banks.find(q.source);
            if (it == banks.end()) {
                auto bank = loadQuestionBankFile(q.source, diags);
                if (!bank) {
                    error = "question bank " + q.source + " cannot be read: " + diags.formatAll();
                    return std::nullopt;
                }
                it = banks.emplace(q.source, std::move(*bank)).first;
            }
            const Question* question = it->second.question(q.questionId);
            if (!question) {
                error = "question bank " + q.source + " has no question '" + q.questionId + "'";
                return std::nullopt;
            }
            out.push_back(*question);
        }
    }
    return out;
}

QuizSetup examQuizSetup(const InstanceSection& section, const std::vector<Question>& questions,
                        uint64_t seed) {
    QuizSetup s;
    s.sectionId = section.id;
    s.seed = seed;
    s.timeLimitS = section.timeLimitS;
    for (const Question& q : questions)
        s.questionIds.push_back(q.id);
    return s;
}

uint64_t examQuizDisplaySeed(const QuizSetup& setup) {
    uint64_t hash = 1469598103934665603ULL; // FNV-1a of the section id, mixed into the seed
    for (const char c : "choices:" + setup.sectionId)
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    uint64_t state = setup.seed ^ hash;
    return splitMix64(state);
}

RecordedAnswer recordedAnswer(int questionIndex, const Question& question, const Response& response,
                              double elapsedS) {
    RecordedAnswer a;
    a.questionIndex = questionIndex;
    a.questionId = question.id;
    a.elapsedS = elapsedS;
    a.choices = response.choices;
    a.truth = response.truth;
    a.number = response.number;
    a.order = response.order;
    return a;
}

Response responseOf(const RecordedAnswer& a) {
    Response r;
    r.choices = a.choices;
    r.truth = a.truth;
    r.number = a.number;
    r.order = a.order;
    return r;
}

std::string extraTimeText(double percent, double minutes) {
    if (percent == 0.0 && minutes == 0.0) return "no extra time";
    std::string out = "extra time of ";
    if (percent != 0.0) out += formatNumber(percent) + " %";
    if (percent != 0.0 && minutes != 0.0) out += " + ";
    if (minutes != 0.0) out += formatNumber(minutes) + " min";
    return out;
}

namespace {

/// The file `header` records for the exam's file at `resolved`: the same path, else (the exam
/// folder moved) the one level of that file name.
const RecordedFile* recordedLevelFile(const RecordingHeader& header, const std::string& resolved) {
    const RecordedFile* byName = nullptr;
    int sameName = 0;
    for (const RecordedFile& r : header.files) {
        if (r.role != "level") continue;
        if (r.path == resolved) return &r;
        if (std::filesystem::path(r.path).filename() == std::filesystem::path(resolved).filename()) {
            byName = &r;
            ++sameName;
        }
    }
    return sameName == 1 ? byName : nullptr;
}

} // namespace

std::optional<ExamMaterials> recordedExamMaterials(const Exam& exam, const RecordingHeader& header,
                                                   const std::string& versionsDir,
                                                   std::vector<std::string>& problems,
                                                   std::vector<std::string>* notes) {
    std::set<std::string> levelPaths;
    for (const ExamSection& s : exam.sections)
        for (const PracticalItem& item : s.items) {
            if (item.level) levelPaths.insert(item.level->resolved);
            if (item.pool)
                for (const ExamFileRef& l : item.pool->levels)
                    levelPaths.insert(l.resolved);
        }
    std::map<std::string, std::string> versions;
    const std::size_t problemsBefore = problems.size();
    for (const std::string& path : levelPaths) {
        const RecordedFile* recorded = recordedLevelFile(header, path);
        if (!recorded) continue; // not named by the recording: the grader says so
        std::string bytes, error;
        const bool readable = readFile(path, bytes, error);
        const std::string now = readable ? sha256Hex(bytes) : "";
        if (now == recorded->sha256) continue;
        LevelVersion kept = findLevelVersion(versionsDir, recorded->sha256);
        const std::string changed =
            readable ? "has changed since the sitting (now sha256 " + now.substr(0, 16) + "...)"
                     : "cannot be read (" + error + ")";
        if (kept.status == LevelVersion::Status::Found) {
            if (notes)
                notes->push_back("level " + kept.level->level.id + " (" + path + ") " + changed +
                                 ": the version the sitting used is read from " + kept.path);
            versions[path] = std::move(kept.bytes);
            continue;
        }
        // Name the level by its id as well as its file, when the file still says it.
        std::string id;
        if (readable) {
            Diagnostics ignored;
            if (const auto level = parseHashedLevel(bytes, path, ignored)) id = level->level.id + " ";
        }
        std::string problem =
            "level " + id + "(" + path + ") was sat as sha256 " + recorded->sha256 + " and " + changed + "; ";
        problem += kept.status == LevelVersion::Status::Refused
                       ? kept.problem
                       : (versionsDir.empty() ? std::string("no folder of kept level versions was given")
                                              : "no version with that hash is kept in " + versionsDir) +
                             ": " + missingVersionAdvice(versionsDir);
        problems.push_back(std::move(problem));
    }
    if (problems.size() > problemsBefore) return std::nullopt;
    Diagnostics diags;
    auto materials = loadExamMaterials(exam, diags, versions);
    if (!materials) problems.push_back("the exam's files cannot be loaded: " + diags.formatAll());
    return materials;
}

ExamGrading gradeExamRecording(const Recording& rec, const std::string& recordingSha256,
                               const std::string& baseDir, const std::string& levelVersionsDir) {
    ExamGrading out;
    auto fail = [&](std::string why) {
        out.problems.push_back(std::move(why));
        return out;
    };
    const RecordingHeader& h = rec.header;
    if (h.kind != "exam") return fail("not an exam recording (kind '" + h.kind + "')");
    const RecordedFile* examFile = nullptr;
    for (const RecordedFile& f : h.files)
        if (f.role == "exam") examFile = &f;
    if (!examFile) return fail("the recording names no exam file");
    if (!rec.closed()) return fail("the sitting was not closed: there is no finished exam to grade");

    const std::string examPath = resolveRecordedPath(examFile->path, baseDir);
    Diagnostics diags;
    const auto exam = loadExamFile(examPath, diags);
    if (!exam)
        return fail("exam " + examPath +
                    " cannot be read: " + (diags.empty() ? "" : diags.items().front().format()));
    if (exam->sourceSha256 != examFile->sha256)
        return fail("exam " + examPath + " has changed since the sitting (sha256 " +
                    examFile->sha256.substr(0, 16) + "... recorded, " + exam->sourceSha256.substr(0, 16) +
                    "... now)");
    const auto materials = recordedExamMaterials(*exam, h, levelVersionsDir, out.problems);
    if (!materials) return out;
    // The extra time the sitting was given at sign-in, as pinned; a recording from before pinning
    // takes it from the exam file's <accommodations>, as it did then.
    std::optional<Accommodation> granted;
    if (h.accommodation) {
        const RecordedAccommodation& a = *h.accommodation;
        granted = Accommodation{h.candidateId, a.extraPercent, a.extraMinutes, a.reason};
        if (a.source == "exam") {
            // The exam file is pinned by hash, so its list must say the same.
            const Accommodation* listed = exam->findAccommodation(h.candidateId);
            if (!listed || listed->extraPercent != a.extraPercent || listed->extraMinutes != a.extraMinutes)
                return fail("the recording grants " + extraTimeText(a.extraPercent, a.extraMinutes) +
                            " from the exam's <accommodations>, which grants " + h.candidateId + " " +
                            (listed ? extraTimeText(listed->extraPercent, listed->extraMinutes) : "none") +
                            ": the recording was altered");
        } else if (!a.source.empty()) {
            // The candidate list may have changed since (new candidates); when it is still the
            // list the sitting read, it must say the same.
            CandidateList list;
            Diagnostics listDiags;
            std::error_code ec;
            const std::string listPath = resolveRecordedPath(a.source, baseDir);
            if (std::filesystem::exists(listPath, ec) && readCandidateList(listPath, list, listDiags) &&
                list.sha256 == a.sourceSha256) {
                const CandidateListEntry* e = list.find(h.candidateId);
                const double pct = e ? e->extraPercent : 0.0, min = e ? e->extraMinutes : 0.0;
                if (pct != a.extraPercent || min != a.extraMinutes)
                    return fail("the recording grants " + extraTimeText(a.extraPercent, a.extraMinutes) +
                                ", but the candidate list " + listPath + " it names grants " + h.candidateId +
                                " " + extraTimeText(pct, min) + ": the recording was altered");
            }
        } else if (a.extraPercent != 0.0 || a.extraMinutes != 0.0) {
            return fail(
                "the recording grants " + extraTimeText(a.extraPercent, a.extraMinutes) +
                " without naming a candidate list or the exam's <accommodations>: the recording was altered");
        }
    }
    const ExamInstance instance = instantiateExam(*exam, h.seed, h.candidateId, *materials, granted);
    // A recording made before quiz pictures were pinned names none: it cannot vouch for them, and
    // its levels, banks and rule books are still checked.
    bool picturesPinned = false;
    for (const RecordedFile& r : h.files)
        picturesPinned |= r.role == "picture";
    for (const ExamInstance::File& f : instance.files) {
        if (f.picture && !picturesPinned) continue;
        // The file recorded at this path must have this content; a file found elsewhere (the exam
        // folder moved) must have the same name and content — matching by content alone would take
        // one picture swapped for another of the exam's pictures as unchanged.
        bool recorded = false, samePath = false;
        for (const RecordedFile& r : h.files) {
            if (r.role == "exam") continue;
            if (r.path == f.resolved) {
                samePath = true;
                recorded = r.sha256 == f.sha256;
                break;
            }
        }
        if (!samePath)
            for (const RecordedFile& r : h.files)
                recorded |=
                    r.role != "exam" && r.sha256 == f.sha256 &&
                    std::filesystem::path(r.path).filename() == std::filesystem::path(f.resolved).filename();
        if (!recorded)
            out.problems.push_back("the exam's file " + f.ref + " is not the file the sitting used (sha256 " +
                                   f.sha256.substr(0, 16) + "... now)");
    }
    if (!out.problems.empty()) return out;

    ExamSitting sitting;
    sitting.candidateName = h.candidateName;
    sitting.station = h.station;
    sitting.attempt = h.attempt;
    sitting.startedAt = h.startedAt;
    sitting.finishedAt = rec.close->finishedAt;
    sitting.recordingSha256 = recordingSha256;
    sitting.build = h.build;
    sitting.scorerVersion = h.scorerVersion;
    ResultNames names;
    for (const InstanceSection& is : instance.sections) {
        SectionOutcome so;
        auto& sectionNames = names.sections.emplace_back();
        so.sectionId = is.id;
        if (is.kind == SectionKind::Practical) {
            std::vector<const RecordedAttempt*> attempts;
            for (const RecordedAttempt& a : rec.attempts)
                if (a.setup.sectionId == is.id) attempts.push_back(&a);
            if (attempts.size() != is.levels.size())
                return fail("section " + is.id + ": " + std::to_string(attempts.size()) +
                            " recorded attempts for " + std::to_string(is.levels.size()) + " drawn levels");
            int64_t ticks = 0;
            for (std::size_t i = 0; i < attempts.size(); ++i) {
                const RecordedAttempt& a = *attempts[i];
                const InstanceLevel& il = is.levels[i];
                if (a.setup.item != static_cast<int>(i) || a.setup.levelSha256 != il.sha256)
                    return fail("section " + is.id + ": attempt " + std::to_string(i + 1) +
                                " is not the drawn level " + il.ref);
                if (!a.end) return fail("section " + is.id + ": the attempt at " + il.ref + " never ended");
                // The very bytes the materials hashed (the recorded version, kept or not).
                const auto bytes = materials->levelBytes.find(il.path);
                const auto level = bytes == materials->levelBytes.end()
                                       ? std::nullopt
                                       : parseHashedLevel(bytes->second, il.path, diags);
                if (!level || level->sha256 != il.sha256)
                    return fail("level " + il.path + " cannot be loaded as it was");
                const ReplayedAttempt replayed = replayAttempt(levelForAttempt(level->level, a.setup), a);
                if (replayed.refused > 0)
                    return fail("section " + is.id + ", " + il.ref + ": " + replayed.firstRefusal);
                so.levels.push_back({il.path, scoreSessionAttempt(*replayed.session)});
                // What the results screen shows for this level: its title and the scorecard's labels.
                ResultNames::Item& shown = sectionNames.emplace_back();
                shown.title = level->level.title;
                for (const MetricResult& m : so.levels.back().scorecard.metrics)
                    shown.metrics.push_back(m.label);
                ticks += replayed.session->tick();
                so.timedOut = so.timedOut || a.end->reason == AttemptEndReason::TimeLimit;
            }
            so.timeUsedS = static_cast<double>(ticks) / PracticeSession::kTicksPerSecond;
        } else {
            const RecordedQuiz* quiz = nullptr;
            for (const RecordedQuiz& q : rec.quizzes)
                if (q.setup.sectionId == is.id) quiz = &q;
            if (!quiz) return fail("section " + is.id + ": no quiz recorded");
            if (!quiz->end) return fail("section " + is.id + ": the quiz never ended");
            std::string error;
            const auto questions = instanceQuestions(is, error);
            if (!questions) return fail("section " + is.id + ": " + error);
            if (examQuizSetup(is, *questions, quiz->setup.seed).questionIds != quiz->setup.questionIds)
                return fail("section " + is.id + ": the recorded questions are not the ones the exam draws");
            const auto finals = quiz->finalAnswers();
            for (std::size_t i = 0; i < questions->size(); ++i) {
                const Response response = finals[i] ? responseOf(*finals[i]) : Response{};
                so.questions.push_back({(*questions)[i].id, gradeResponse((*questions)[i], response).credit});
            }
            so.timeUsedS = quiz->end->timeUsedS;
            so.timedOut = quiz->end->timedOut;
        }
        sitting.sections.push_back(std::move(so));
    }
    std::string error;
    out.result = gradeExam(*exam, instance, sitting, error);
    if (!out.result)
        out.problems.push_back("grading failed: " + error);
    else
        out.names = std::move(names);
    return out;
}

std::string resultTextOfSignedFile(const std::string& signedText) {
    const std::size_t at = signedText.rfind("\nsignature ");
    if (at == std::string::npos) return signedText.rfind("signature ", 0) == 0 ? "" : signedText;
    return signedText.substr(0, at + 1);
}

std::string resultFileFor(const std::string& recordingPath) {
    std::filesystem::path p(recordingPath);
    std::vector<std::filesystem::path> candidates;
    if (p.extension() == kRecordingExtension)
        candidates.push_back(std::filesystem::path(p).replace_extension(".result"));
    candidates.push_back(std::filesystem::path(recordingPath + ".result"));
    for (const auto& c : candidates) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(c, ec)) return c.string();
    }
    return "";
}

} // namespace stipple
