// Grading one answer to one question, with partial credit and the explanation the trainee reads
// afterwards. Responses here are in the question's own order (choice and item indices as in the
// bank); the Quiz maps the shuffled order a trainee saw back to these before grading.
//
// Credit, always in [0, 1]:
//   single choice    the picked choice's credit (1 right, 0 wrong, or an authored partial share)
//   multiple choice  the sum of the picked choices' credits (right ones add up to 1, wrong ones
//                    are negative), clamped to [0, 1]
//   true/false       1 or 0
//   numeric          1 within value ± tolerance, else 0
//   ordering         the share of item pairs placed in the right relative order (Kendall):
//                    all right 1, one neighbouring swap of n items 1 − 1/(n(n−1)/2), reversed 0
#pragma once

#include "quiz/question.h"

#include <optional>
#include <string>
#include <vector>

namespace stipple {

struct Response {
    std::vector<int> choices;     ///< single: one index; multiple: each picked index once
    std::optional<bool> truth;    ///< true/false
    std::optional<double> number; ///< numeric, in the question's unit
    std::vector<int> order;       ///< ordering: item indices (0 = first in the right order) as arranged

    /// True when nothing was answered.
    bool empty() const { return choices.empty() && !truth && !number && order.empty(); }
    friend bool operator==(const Response&, const Response&) = default;
};

struct QuestionGrade {
    std::string questionId;
    bool answered = false;
    double credit = 0.0;               ///< 0..1
    std::string verdict;               ///< "correct", "partly correct (67%)", "wrong", "not answered"
    std::vector<std::string> feedback; ///< the authored feedback of each picked choice, if any
    std::string correctAnswer;         ///< the right answer in words
    std::string explanation;           ///< why, from the bank or the scenario generator
};

/// Grades `response` against `question`. Indices out of range or repeated count as not given.
QuestionGrade gradeResponse(const Question& question, const Response& response);

/// The fully right response to `question` (every correct choice, the truth, the numeric value,
/// the items in their given order): what a well-prepared candidate answers, for demos and tests.
Response correctResponse(const Question& question);

} // namespace stipple
