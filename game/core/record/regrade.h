// Regrading recordings headlessly: check that every file the recording names is still the file
// it was (content hash), replay each practical attempt on its level with its seed, and compare
// the outcome with what was recorded at the time — the end tick, the dots (digest) and every
// number of the scorecard, exactly (no tolerance: the same build must give the same bits). A
// recording that does not reproduce says why in words a reviewer can act on.
//
// Exam recordings are also graded as a whole (record/exam_recording.h) and compared with the
// signed result beside them, byte for byte: the result names the recording by its hash, so an
// edited recording or a result moved to another candidate's recording is caught here too.
//
// The Regrader keeps the files it has read, so regrading a whole exam day reads each level once.
#pragma once

#include "exam/signing.h"
#include "record/recording.h"
#include "record/recording_reader.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

struct RegradeOptions {
    /// Relative paths in recordings are resolved against this folder ("" = working directory).
    std::string baseDir;
    /// The signed result to compare an exam recording with; "" = the one beside the recording
    /// (record/exam_recording.h resultFileFor).
    std::string resultFile;
    /// The exam officer's setup (record/station_signature.h): every recording must carry a station
    /// signature that verifies with one of these keys and matches its bytes, or it is refused.
    bool requireStationSignature = false;
    std::vector<PublicKey> trustedStations;
    /// Where the trainer kept the level versions recordings used (record/level_versions.h): a
    /// level file changed since a recording is replaced by its kept version. "" = none.
    std::string levelVersionsDir;
};

/// A file the recording names, as found now.
struct FileCheck {
    RecordedFile file;
    std::string resolvedPath;
    std::string actualSha256; ///< "" when it could not be read
    std::string problem;      ///< "" when present with the recorded hash
};

/// One practical attempt, replayed and rescored.
struct AttemptRegrade {
    int number = 0; ///< 1-based, in recording order
    AttemptSetup setup;
    bool replayed = false;
    std::string error; ///< why it could not be replayed (level missing, changed or invalid)
    int refused = 0;
    std::string firstRefusal;
    std::optional<AttemptEnd> recordedEnd;
    AttemptEnd regradedEnd;
    std::optional<RecordedScore> recordedScore;
    RecordedScore regradedScore;
    std::vector<std::string> differences; ///< recorded vs regraded, one line each
    bool reproduced() const { return replayed && refused == 0 && differences.empty(); }
};

struct RegradeReport {
    std::string path;
    RecoveryReport recovery;
    std::optional<RecordingHeader> header;
    std::vector<FileCheck> files;
    std::vector<AttemptRegrade> attempts;
    /// Exam recordings: the result regraded from the recording (canonical text, "" when it could
    /// not be graded), and the signed result file it was compared with ("" when none was found).
    std::string examResultText;
    double examScore = 0.0;
    std::optional<ExamResult> examResult; ///< the regraded result itself, to sign (regrade --sign)
    std::string station;                  ///< the station whose signature was checked
    bool examPassed = false;
    std::string resultFile;
    /// Everything that keeps the recording from reproducing, one line each ("" = reproduced).
    std::vector<std::string> problems;
    /// Worth knowing, not failures: another build recorded it, an attempt was never scored.
    std::vector<std::string> notes;
    /// When the recording did not reproduce only in its scores (the dots, files and sitting are
    /// the recorded ones) and it was scored under other scoring rules (scoring/scorer_version.h):
    /// why, naming both versions, so a reviewer does not take it for a forged or damaged
    /// recording. "" otherwise.
    std::string scoringRulesChanged;
    double seconds = 0.0;
    bool reproduced() const { return problems.empty(); }
};

/// The differences between a recorded and a regraded scorecard, one line each ("overall 71.25
/// recorded, 71.2 regraded"); empty when every field is bit-for-bit equal.
std::vector<std::string> scoreDifferences(const RecordedScore& recorded, const RecordedScore& regraded);

class Regrader {
  public:
    explicit Regrader(RegradeOptions options = {});
    /// Regrades one recording. `progress` (optional) gets the share done, 0..1.
    RegradeReport regrade(const std::string& path, const std::function<void(double)>& progress = {});

  private:
    struct CachedFile {
        std::string sha256; ///< "" when unreadable
        std::string error;
    };
    const CachedFile& hashOf(const std::string& resolvedPath);
    /// Grades an exam recording and compares it with its signed result; true when they differ
    /// only in what the scoring rules decide (exam/result_compare.h onlyScoresDiffer).
    bool regradeExam(RegradeReport& report, const Recording& recording);

    RegradeOptions m_options;
    std::map<std::string, CachedFile> m_files;
};

} // namespace stipple
