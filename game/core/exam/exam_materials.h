// The files an exam refers to — levels, question banks, aftercare rule books, and the pictures the
// banks' questions show — opened, checked and summarised: what the seeded draw needs (level ids,
// question ids by category) and the content hash of every file, which goes into each candidate's result so a
// later change to any of them is detected. Problems are reported at the reference in the exam file, so an
// instructor sees which line of the exam names a missing, broken, changed or too small file.
#pragma once

#include "exam/exam.h"
#include "io/diagnostics.h"
#include "io/xml.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stipple {

struct ExamLevelInfo {
    std::string id;
    std::string title;
    int difficulty = 1;
};

struct ExamBankInfo {
    std::string id;
    /// Question ids by their main (first) category, sorted: a question is drawn for one category only.
    std::map<std::string, std::vector<std::string>> questionsByCategory;
};

struct ExamRuleBookInfo {
    std::string id;
};

struct ExamMaterials {
    std::map<std::string, ExamLevelInfo> levels;       ///< by resolved path
    std::map<std::string, ExamBankInfo> banks;         ///< by resolved path
    std::map<std::string, ExamRuleBookInfo> ruleBooks; ///< by resolved path
    std::map<std::string, std::string> sha256;         ///< content hash of every file, by resolved path
    std::set<std::string> pictures;                    ///< the quiz pictures among them (dots CSVs, levels)
    /// The exact bytes of every level, by resolved path (what was hashed and parsed): a sitting
    /// plays these, so a level file edited while the exam is open does not change it.
    std::map<std::string, std::string> levelBytes;
};

/// Opens every file `exam` refers to. Each must exist, be valid of its kind, match its pinned
/// sha256 when one is given, and hold enough questions for each draw. Diagnostics are located at
/// the reference in the exam file (with the referenced file's own diagnostics after them);
/// nullopt on any error. Pools that mix level difficulties get a warning (unequal exams).
/// `levelVersions` (resolved path -> bytes) stands in for level files: the versions a recorded
/// sitting used, when the files have been edited since (record/exam_recording.h).
std::optional<ExamMaterials> loadExamMaterials(const Exam& exam, Diagnostics& diags,
                                               const std::map<std::string, std::string>& levelVersions = {});

/// For `stipple validate`: reads the exam document and checks every file it names.
bool validateExamDocument(const XmlDocument& doc, Diagnostics& diags);

} // namespace stipple
