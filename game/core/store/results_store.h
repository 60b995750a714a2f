// The results store: candidates, exam attempts, signed results and practice history, behind a
// small interface so that a server backend (PostgreSQL, for several exam stations) can sit beside
// the embedded SQLite one (store/sqlite_store.h). Every call says whether it worked and why not;
// a store never throws, never half-writes (each change is one transaction) and never deletes or
// rewrites a saved result.
#pragma once

#include "exam/signing.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// Why a store call failed. The message names the database and says what the user can do.
struct StoreError {
    enum class Kind {
        None,
        Missing,  ///< no database at the path (read-only opening)
        NotOurs,  ///< a file that is not a Stipple results database
        Corrupt,  ///< damaged; nothing was changed
        ReadOnly, ///< cannot be written; what it holds is intact
        TooNew,   ///< written by a newer Stipple (schema version above ours)
        Busy,     ///< locked by another writer for too long
        Full,     ///< the disk is full; the change was rolled back
        Conflict, ///< the change contradicts what is stored (e.g. another result under the same id)
        Invalid,  ///< the caller's data is not acceptable (e.g. an unknown attempt)
        Io,       ///< any other failure
    };
    Kind kind = Kind::None;
    std::string message;
};

struct CandidateRecord {
    std::string id;
    std::string name;
    std::string createdAt; ///< UTC timestamp; set by the store on first save
};

/// One sitting of an exam, from sign-in to submission.
struct AttemptRecord {
    int64_t id = 0; ///< set by the store
    std::string candidateId;
    std::string examId;
    std::string examSha256;
    int number = 0; ///< 1, 2, ... per candidate and exam id; set by the store
    uint64_t seed = 0;
    std::string station;
    std::string startedAt;              ///< UTC timestamp
    std::string finishedAt;             ///< "" while in progress
    std::string status = "in-progress"; ///< "in-progress", "submitted" or "abandoned"
    std::string recording;              ///< path of the recording file, if any
};

/// A signed result and the fields the academy searches by.
struct ResultRecord {
    std::string resultId;
    std::string candidateId;
    std::string candidateName;
    std::string examId;
    std::string examSha256;
    int attempt = 1;
    double score = 0.0;
    bool passed = false;
    std::string finishedAt;
    std::string issuedOn;
    std::string expiresOn;  ///< "" = does not expire / not a pass
    std::string code;       ///< verification code
    std::string keyId;      ///< of the signing key
    std::string signedText; ///< the whole signed result file
    std::string storedAt;   ///< set by the store
};

/// The searchable fields of a verified result (the Verification must be valid).
ResultRecord resultRecordOf(const Verification& verified, const std::string& signedText);

struct ResultFilter {
    std::string candidateId; ///< "" = every candidate
    std::string examId;      ///< "" = every exam
};

/// One practice run in the trainer.
struct PracticeRecord {
    int64_t id = 0;          ///< set by the store
    std::string candidateId; ///< the trainee ("" when nobody is signed in)
    std::string levelId;
    std::string levelSha256;
    double score = 0.0; ///< overall, 0..100
    bool passed = false;
    double durationS = 0.0;
    int dots = 0;
    std::string finishedAt; ///< UTC timestamp
    /// The scorecard's metrics (id, zone, value, score 0..100, weight, pass), for progress per skill;
    /// empty for runs saved before schema version 2.
    std::vector<ResultMetric> metrics;
};

/// A trainee's best on one level.
struct BestScore {
    std::string levelId;
    double bestScore = 0.0;
    int runs = 0;
    int passes = 0;
    std::string lastAt; ///< the most recent run
};

class ResultsStore {
  public:
    virtual ~ResultsStore() = default;

    /// Where the data lives (a file path, a connection name), for messages.
    virtual std::string location() const = 0;

    /// Adds the candidate, or updates the name of an existing one.
    virtual bool saveCandidate(const CandidateRecord& candidate, StoreError& error) = 0;
    /// `found` is empty when there is no such candidate.
    virtual bool findCandidate(const std::string& id, std::optional<CandidateRecord>& found,
                               StoreError& error) = 0;
    virtual bool listCandidates(std::vector<CandidateRecord>& out, StoreError& error) = 0;

    /// Records the start of an attempt (saving the candidate when new); fills its id and number.
    virtual bool beginAttempt(AttemptRecord& attempt, StoreError& error) = 0;
    /// Marks an in-progress attempt "submitted" or "abandoned".
    virtual bool finishAttempt(int64_t attemptId, const std::string& status, const std::string& finishedAt,
                               StoreError& error) = 0;
    /// A candidate's attempts at an exam id, oldest first.
    virtual bool listAttempts(const std::string& candidateId, const std::string& examId,
                              std::vector<AttemptRecord>& out, StoreError& error) = 0;

    /// Saves a signed result (saving its candidate when new). Saving the same signed text again
    /// succeeds and changes nothing; another text under the same result id is a Conflict.
    virtual bool saveResult(const ResultRecord& result, StoreError& error) = 0;
    /// Results in the order they were finished (then by id).
    virtual bool listResults(const ResultFilter& filter, std::vector<ResultRecord>& out,
                             StoreError& error) = 0;
    /// `code` as normaliseVerificationCode returns it; `found` empty when no result has it.
    virtual bool findResultByCode(const std::string& code, std::optional<ResultRecord>& found,
                                  StoreError& error) = 0;

    virtual bool savePractice(PracticeRecord& run, StoreError& error) = 0;
    /// A trainee's runs, oldest first; `levelId` "" = every level.
    virtual bool listPractice(const std::string& candidateId, const std::string& levelId,
                              std::vector<PracticeRecord>& out, StoreError& error) = 0;
    /// Every trainee's runs (the cohort view), oldest first; `levelId` "" = every level.
    virtual bool listAllPractice(const std::string& levelId, std::vector<PracticeRecord>& out,
                                 StoreError& error) = 0;
    /// Best score per level for a trainee, by level id.
    virtual bool bestScores(const std::string& candidateId, std::vector<BestScore>& out,
                            StoreError& error) = 0;
};

} // namespace stipple
