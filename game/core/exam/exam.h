// The exam model: what an academy's exam definition (levels/exams/*.xml, read by
// exam/exam_reader.h) says — its sections, how they are marked and combined, the never events
// that fail a candidate whatever the total, how often a candidate may sit it, the extra time
// granted to named candidates, and what a candidate may see during and after it.
// Plain structs with units in the field names; no file access and no randomness here (seeded
// draws are exam/exam_instance.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

inline constexpr int kExamFormatVersion = 1;

/// The category of generated aftercare scenario questions (the quiz module's scenario category),
/// usable in a quiz section's <veto>.
inline constexpr const char* kExamScenarioCategory = "aftercare-scenarios";

/// A file the exam refers to: levels, question banks, aftercare rule books.
struct ExamFileRef {
    std::string path;         ///< as written in the exam file (relative to the exam file's folder)
    std::string resolved;     ///< joined with the exam file's folder, lexically normalised
    std::string pinnedSha256; ///< "" = not pinned; else the content hash the file must have
    int line = 1;             ///< where the reference is written (for diagnostics)
    int column = 1;
};

/// A draw of `count` levels from a pool; every candidate gets `count` distinct levels.
struct LevelPool {
    int count = 1;
    std::vector<ExamFileRef> levels;
};

/// One practical item: a fixed level, or a draw from a pool.
struct PracticalItem {
    std::optional<ExamFileRef> level; ///< set for a fixed level
    std::optional<LevelPool> pool;    ///< set for a draw
};

/// `count` questions of one category from a bank.
struct QuestionDraw {
    std::string category;
    int count = 1;
};

struct BankRef {
    ExamFileRef file;
    std::vector<QuestionDraw> draws;
};

/// Aftercare scenarios generated from a rule book (each one from its own seed).
struct ScenarioDraw {
    ExamFileRef rules;
    int count = 1;
};

enum class SectionKind { Practical, Quiz };

/// A "never event" for one section. Practical: fails the section when the sum of `metric` over the
/// section's levels exceeds `maxValue` (e.g. blowouts > 0). Quiz: fails the section when the share
/// of marks in `category` is below `minPercent`.
struct ExamVeto {
    std::string metric; ///< practical sections
    double maxValue = 0.0;
    std::string category; ///< quiz sections
    double minPercent = 0.0;
    std::string reason; ///< shown to the candidate and printed in the result
};

/// How a practical section's verdict follows from its levels (the exam file's `pass-rule`).
enum class SectionRule {
    AllLevels, ///< "all-levels" (default): every level passed, and the mean of the levels ≥ the pass mark
    FloorAndMean, ///< "floor-and-mean": every level ≥ levelFloor, and the mean ≥ the pass mark
};

struct ExamSection {
    std::string id;
    std::string title;
    SectionKind kind = SectionKind::Practical;
    double timeLimitS = 0.0; ///< > 0: every section is timed
    double weight = 1.0;     ///< share in the overall score (weights are normalised)
    double passMark = 70.0;  ///< section score (0..100) needed to pass the section
    // Practical
    std::vector<PracticalItem> items;
    SectionRule rule = SectionRule::AllLevels;
    double levelFloor = 0.0; ///< FloorAndMean: the lowest level score that still counts
    /// Each level's brief is shown before its work starts; true = that reading time runs on the
    /// section's clock (`reading-time="counts"`), false = the clock waits (`"free"`, default).
    bool readingTimeCounts = false;
    // Quiz
    std::vector<BankRef> banks;
    std::vector<ScenarioDraw> scenarios;
    bool shuffle = true; ///< quiz: present the drawn questions in a seeded order
    std::vector<ExamVeto> vetoes;
};

/// How the sections combine. The overall score is the weighted mean of the section scores.
struct PassRule {
    double overallPassMark = 70.0;
    bool everySection = true; ///< also require every section to be passed
};

struct AttemptPolicy {
    int allowed = 1;  ///< attempts a candidate may make in total (0 = unlimited)
    int waitDays = 0; ///< whole days between the end of one attempt and the start of the next
};

/// Extra time for one candidate (a documented accommodation); applies to every section.
struct Accommodation {
    std::string candidate;
    double extraPercent = 0.0; ///< added as a share of each section's limit
    double extraMinutes = 0.0; ///< added to each section's limit
    std::string reason;
};

/// The academy's candidate list (exam/candidate_list.h) the exam takes accommodations from:
/// `<candidates file="candidates.csv" unlisted="refuse|admit"/>`; without `file`, the list the
/// station names (its settings file's `candidates`, or STIPPLE_CANDIDATES).
struct CandidateListRef {
    std::string path; ///< as written (relative to the exam file's folder, or absolute); "" = the station's
    std::string resolved; ///< joined with the exam file's folder
    bool admitUnlisted =
        false; ///< a candidate absent from the list: admitted without accommodation, or refused
    int line = 1;
};

/// When marks and feedback become visible to the candidate after the exam.
enum class FeedbackTiming { Immediately, AfterDecision, Never };

struct CandidateView {
    // During the exam (override the levels' own practice aids).
    bool ghost = false;
    bool undo = false;
    bool liveScore = false;
    bool timer = true;
    // After the exam.
    FeedbackTiming scoreShown = FeedbackTiming::Immediately;     ///< overall and section scores, pass/fail
    FeedbackTiming metricsShown = FeedbackTiming::AfterDecision; ///< per-metric breakdown and explanations
    bool correctAnswers = false; ///< quiz: reveal the right answers (keeps the bank secret when false)
};

/// What a passed result certifies.
struct CertificateSpec {
    std::string title;   ///< printed on the certificate
    std::string issuer;  ///< the academy
    int validMonths = 0; ///< 0 = does not expire
};

struct Exam {
    int formatVersion = kExamFormatVersion;
    std::string id;
    std::string title;
    std::string description;
    std::string path;         ///< the file it was read from
    std::string sourceSha256; ///< hash of the exam file's bytes ("" when read from memory)
    std::vector<ExamSection> sections;
    PassRule passRule;
    AttemptPolicy attempts;
    std::vector<Accommodation> accommodations;
    std::optional<CandidateListRef> candidates;
    CandidateView view;
    CertificateSpec certificate;

    const Accommodation* findAccommodation(const std::string& candidate) const;
    /// Every file the exam refers to, in file order (levels, banks, rule books).
    std::vector<const ExamFileRef*> files() const;
};

const char* sectionKindName(SectionKind kind);
const char* feedbackTimingName(FeedbackTiming timing);

} // namespace stipple
