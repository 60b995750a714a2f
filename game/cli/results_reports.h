// The instructor's reports behind `stipple results`: the cohort table and metric distributions
// (`results cohort`), quiz item analysis (`results items`), and exports an LMS takes — xAPI
// statements (`export --xapi`) and a Moodle gradebook CSV (`export --moodle-csv`). The figures
// come from progress/cohort.h; this file only lays them out as text, CSV and JSON.
#pragma once

#include "progress/cohort.h"

#include <string>

namespace stipple::cli {

/// An RFC 4180 cell; text that a spreadsheet would run as a formula (= + - @) gets a leading '.
std::string csvCell(const std::string& value, bool text);

/// The cohort table for a terminal: one row per candidate, "best/latest" per column; then one
/// line per metric distribution.
std::string cohortText(const CohortTable& table, const std::vector<MetricDistribution>& metrics);
/// One row per candidate and column with a score: candidate_id, candidate_name, kind, column,
/// runs, passes, best, latest, latest_passed, latest_at.
std::string cohortCsv(const CohortTable& table);
/// One row per metric: metric, candidates, mean, sd, min, q1, median, q3, max.
std::string metricsCsv(const std::vector<MetricDistribution>& metrics);

/// One line per question, flagged ones marked "!" with the reason.
std::string itemsText(const std::vector<ItemStats>& items);
/// exam_id, question_id, category, source, responses, facility, discrimination, upper_lower,
/// flagged, why (an undefined figure is an empty cell).
std::string itemsCsv(const std::vector<ItemStats>& items);

/// xAPI 1.0.3 statements (a JSON array): per exam result, the candidate "passed" or "failed" the
/// exam; per practice run, the trainee "completed" the level; result.score.scaled = score / 100,
/// success, the finishing time as timestamp; statement ids are version-5 UUIDs of the record's URL
/// under the academy, so exporting twice gives the same ids (an LRS drops the repeats). One actor
/// per person: the account name is the canonical candidate id, for practice and exams alike.
/// `academy` is the account homePage that candidate ids belong to, and the base of activity ids.
std::string xapiStatements(const CohortData& data, const std::string& academy);

/// Moodle's grade import (Grades > Import > CSV file): one row per candidate, "ID number" to map
/// to the user, "Full name", then one column per exam and exam section with the best score (0–100).
std::string moodleGradebookCsv(const CohortTable& table);

/// The columns `s` (UTF-8) takes on a terminal: one a character, none for a combining mark,
/// two for an East Asian wide character.
size_t displayWidth(const std::string& s);
/// `s` followed by spaces up to `width` terminal columns (as printf's %-Ns does for ASCII).
std::string padTo(const std::string& s, size_t width);

} // namespace stipple::cli
