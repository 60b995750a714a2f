// One candidate's concrete exam: the levels drawn from each pool, the questions drawn from each
// bank and their order, the seeds of the generated aftercare scenarios, and the time limits after
// any accommodation. The draw depends only on the exam, its materials and the seed — never on the
// candidate, the clock or the machine — so two candidates given the same seed sit the same exam,
// and an appeal can rebuild exactly the exam a candidate saw. Randomness: stipple::Rng only.
#pragma once

#include "exam/exam.h"
#include "exam/exam_materials.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// A level the candidate must complete.
struct InstanceLevel {
    std::string path; ///< resolved path (to load it)
    std::string ref;  ///< as the exam names it, relative to the exam file (what results record)
    std::string levelId;
    std::string sha256;
};

/// One quiz entry: an authored question from a bank, or a generated aftercare scenario.
struct InstanceQuestion {
    std::string source;        ///< resolved path of the bank or rule book (to load it)
    std::string sourceRef;     ///< as the exam names it, relative to the exam file (what results record)
    std::string questionId;    ///< bank questions; "" for a scenario
    std::string category;      ///< the draw's category; kExamScenarioCategory for a scenario
    uint64_t scenarioSeed = 0; ///< scenarios: the seed of the block's generateScenarioQuestions() call
    int scenarioIndex = 0;     ///< scenarios: which of the block's generated questions (0-based)

    bool isScenario() const { return questionId.empty(); }
};

struct InstanceSection {
    std::string id;
    SectionKind kind = SectionKind::Practical;
    double timeLimitS = 0.0;                 ///< after the candidate's accommodation, if any
    std::vector<InstanceLevel> levels;       ///< practical, in the order they are sat
    std::vector<InstanceQuestion> questions; ///< quiz, in the order they are asked
};

struct ExamInstance {
    std::string examId;
    std::string examSha256;
    uint64_t seed = 0;
    std::string candidate;
    std::vector<InstanceSection> sections;
    /// Every file the exam refers to, sorted by resolved path.
    struct File {
        std::string ref;      ///< as the exam names it (relative to the exam file, '/' separators)
        std::string resolved; ///< joined with the exam file's folder
        std::string sha256;
        bool picture = false; ///< a quiz picture a bank shows (not named by the exam itself)
    };
    std::vector<File> files;
    CandidateView view;

    /// The drawn form as text (one line per level/question, paths as the exam names them): what
    /// determinism tests compare on any machine. Excludes the candidate and time limits (not drawn).
    std::string formText() const;
};

/// Draws `candidate`'s exam from `seed`. `materials` must come from loadExamMaterials(exam).
/// Each section draws from its own stream (seed mixed with the section id), so adding or editing
/// one section does not change what the others draw.
/// `granted`: the candidate's accommodation as the sitting fixed it (the academy's candidate list,
/// pinned in the recording); nullopt = look the candidate up in the exam's <accommodations>.
ExamInstance instantiateExam(const Exam& exam, uint64_t seed, const std::string& candidate,
                             const ExamMaterials& materials,
                             const std::optional<Accommodation>& granted = std::nullopt);

/// A fresh seed for a new attempt, from the operating system's randomness (libsodium). Record it
/// with the attempt: it is all an appeal needs to rebuild the exam.
uint64_t newExamSeed();

/// The section's time limit for `candidate`: the exam's limit plus any <extra-time>.
double sectionTimeLimitS(const Exam& exam, const ExamSection& section, const std::string& candidate);
/// The section's time limit with `granted`'s extra time (nullptr = none).
double sectionTimeLimitS(const ExamSection& section, const Accommodation* granted);

} // namespace stipple
