// The academy's candidate list: who may sit its exams and which documented accommodations (extra
// time) each one has. It is the only place a candidate's extra time comes from besides the exam
// file's own <accommodations> — never from what is typed at the station. A CSV file whose first
// line names the columns (any order; R's write.csv and spreadsheets write it so):
//
//   candidate_id,name,extra_percent,extra_minutes,reason
//   C-0042,Ana Souza,25,,dyslexia assessment 2026-03
//   C-0043,Ben Okafor,,,
//
// candidate_id is required; the others are optional. Ids are compared in their canonical form
// (exam/candidate_id.h): "C-0042 " and "c-0042" are one candidate, and listing one twice is an
// error. Extra time: 0..200 percent of each section's limit and/or 0..600 minutes added to each
// section; a row that grants time must give its reason. Every problem is reported as
// FILE:LINE:COL, all in one pass; a list with any error must be refused.
#pragma once

#include "exam/exam.h"
#include "io/diagnostics.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

struct CandidateListEntry {
    std::string id;  ///< as written in the list
    std::string key; ///< canonicalCandidateKey(id)
    std::string name;
    double extraPercent = 0.0;
    double extraMinutes = 0.0;
    std::string reason;
    int line = 0;

    bool grantsTime() const { return extraPercent > 0.0 || extraMinutes > 0.0; }
};

struct CandidateList {
    std::string path;
    std::string sha256; ///< of the file's bytes (pinned in the recordings of sittings it admitted)
    std::vector<CandidateListEntry> entries;

    /// The entry of `candidate` (any spelling of the id), or nullptr when not listed.
    const CandidateListEntry* find(const std::string& candidate) const;
};

/// Parses the list's text (`path` names it in messages). False when there was an error.
bool parseCandidateList(std::string_view text, const std::string& path, CandidateList& out,
                        Diagnostics& diags);
/// Reads and parses `path`; an unreadable file is one diagnostic at line 1.
bool readCandidateList(const std::string& path, CandidateList& out, Diagnostics& diags);

} // namespace stipple
