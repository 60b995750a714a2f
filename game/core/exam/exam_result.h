// A candidate's exam result as a record that can be signed, stored, verified years later and
// compared by a regrade: who sat which exam (by content hash), on which station, from which
// seed, with which build; every section's and level's score and every metric; pass or fail and
// why; the hashes of every file the exam used and of the recording. Its canonical text form is
// the only form ever signed: one field per line in a fixed order, numbers in their shortest
// round-trip form, text escaped, so the same result always gives the same bytes. The parser
// accepts exactly the canonical form (it re-serialises and compares), so there is never a second
// spelling of a signed result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

inline constexpr int kResultFormatVersion = 1;

struct ResultMetric {
    std::string id;     ///< metric vocabulary id
    std::string zone;   ///< zone id for per-zone metrics, "" otherwise
    double value = 0.0; ///< raw value in the metric's unit
    double score = 0.0; ///< 0..100
    double weight = 0.0;
    bool passed = true;
    friend bool operator==(const ResultMetric&, const ResultMetric&) = default;
};

/// One level of a practical section, or one question of a quiz section.
struct ResultItem {
    enum class Kind { Level, Question, Scenario };
    Kind kind = Kind::Level;
    std::string ref;                   ///< level id, question id, or generated scenario question id
    std::string category;              ///< questions: the draw's category
    std::string source;                ///< the level, bank or rule book file, as the exam names it
    double score = 0.0;                ///< levels: overall 0..100; questions: credit 0..1
    bool passed = false;               ///< levels: the level's own pass; questions: full credit
    std::vector<ResultMetric> metrics; ///< levels
    std::vector<std::string> vetoes;   ///< levels: reasons of the level's own never events that fired
    friend bool operator==(const ResultItem&, const ResultItem&) = default;
};

struct ResultSection {
    std::string id;
    std::string title;
    std::string kind; ///< "practical" or "quiz"
    double weight = 0.0;
    double passMark = 0.0;
    double timeLimitS = 0.0; ///< the candidate's limit (accommodation included)
    double timeUsedS = 0.0;
    bool timedOut = false; ///< submitted automatically at the time limit
    double score = 0.0;    ///< 0..100
    bool passed = false;
    std::vector<std::string> vetoes;    ///< reasons of the section's never events that fired
    std::vector<std::string> unchecked; ///< veto metrics no level measured (listed, not silently passed)
    std::vector<ResultItem> items;
    friend bool operator==(const ResultSection&, const ResultSection&) = default;
};

struct ResultFile {
    std::string path; ///< as the exam names it (relative to the exam file)
    std::string sha256;
    friend bool operator==(const ResultFile&, const ResultFile&) = default;
};

struct ExamResult {
    std::string resultId; ///< 32 hex digits, derived from what identifies the attempt
    std::string examId;
    std::string examTitle;
    std::string examSha256;
    std::string certificateTitle;
    std::string issuer;
    std::string candidateId;
    std::string candidateName;
    std::string station;
    int attempt = 1; ///< 1 = first attempt at this exam
    uint64_t seed = 0;
    std::string build; ///< e.g. "stipple 0.1.0"
    /// The scoring rules its scores were computed with (scoring/scorer_version.h); 0 = a result
    /// made before scorer versions were recorded (its text then has no `scorer` line).
    int scorerVersion = 0;
    std::string startedAt; ///< UTC, "YYYY-MM-DDTHH:MM:SSZ"
    std::string finishedAt;
    std::string recordingSha256;   ///< "" when there is no recording
    std::vector<ResultFile> files; ///< every file the exam used
    std::vector<ResultSection> sections;
    double score = 0.0; ///< weighted overall, 0..100
    bool passed = false;
    std::vector<std::string> reasons; ///< why it is not a pass (empty when passed)
    std::string issuedOn;             ///< "YYYY-MM-DD" (the day it was finished)
    std::string expiresOn;            ///< "YYYY-MM-DD"; "" when the certificate does not expire or on a fail
    friend bool operator==(const ExamResult&, const ExamResult&) = default;
};

/// What people read for a result's levels and metrics, beside the ids the signed result keeps:
/// each level's title and each metric's label exactly as the level's scorecard gives them (the
/// words of the results screen and `stipple score`, not a second list). Not part of the signed
/// result, whose text (and so a regrade of an old recording) stays as it was: grading a recording
/// makes it (ExamGrading::names), for the exam's final screen and reports. Where it knows nothing
/// (a result read from its text alone), the ids are shown instead.
struct ResultNames {
    struct Item {
        std::string title;                ///< the level's title ("" for a question)
        std::vector<std::string> metrics; ///< the scorecard's label of each of ResultItem::metrics, in order
    };
    std::vector<std::vector<Item>> sections; ///< parallel to ExamResult::sections and their items

    /// The title of item `item` of section `section`: the level's title, else its id.
    std::string itemTitle(const ExamResult& result, std::size_t section, std::size_t item) const;
    /// The label of that item's metric `metric`: the scorecard's label, else "id (zone)".
    std::string metricLabel(const ExamResult& result, std::size_t section, std::size_t item,
                            std::size_t metric) const;
};

/// The result's reasons as people read them: a section named by its title, a level by its title
/// ("Practical skills — 3 of 10 levels not passed (first: Dot drill 42.5)…") where the signed
/// reasons name their ids ("section 'practical': … (first: dot-drill 42.5)…").
std::vector<std::string> examReasons(const ExamResult& result, const ResultNames& names = {});

/// The rule that decided the verdict, said first on the exam's final screen in the words a
/// level's results screen says its scorecard's deciding rule: "Failed: <the first reason>" (as
/// examReasons says it) — never events, then a section's level rule, then a score below its mark —
/// with "(+N more reasons)", or "Passed: every section reached its pass mark; overall score 82.1".
std::string examDecidingRule(const ExamResult& result, const ResultNames& names = {});

/// The canonical text (UTF-8, '\n' line ends, ends with a newline).
std::string canonicalResultText(const ExamResult& result);
/// Parses canonical text; anything else (an unknown or missing line, a number not in its shortest
/// form, a stray space) fails with "line N: what is wrong" in `error`.
std::optional<ExamResult> parseResultText(std::string_view text, std::string& error);

/// "YYYY-MM-DDTHH:MM:SSZ" for seconds since 1970-01-01 UTC.
std::string formatUtcTimestamp(int64_t unixSeconds);
/// Strict inverse of formatUtcTimestamp.
std::optional<int64_t> parseUtcTimestamp(std::string_view text);
/// The current time, "YYYY-MM-DDTHH:MM:SSZ".
std::string nowUtcTimestamp();

/// The result id: the first 32 hex digits of SHA-256 over the exam hash, candidate, station, seed,
/// attempt and start time — the same attempt always gets the same id (a regrade too).
std::string makeResultId(const ExamResult& result);

} // namespace stipple
