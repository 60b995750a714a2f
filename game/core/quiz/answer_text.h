// Answers typed as text, for `stipple quiz` (at the terminal and in answer files) and anything
// else without a pointer: choices and ordering items are letters in the order shown (a, b, c...),
// true/false is a word, a numeric answer is a number with or without its unit.
//
// Answer files (`stipple quiz --answers FILE`) hold one answer per line, "QUESTION-ID: ANSWER";
// blank lines and lines starting with '#' are ignored. Example:
//
//   # seed 7, 5 questions
//   wet-days: 4 days
//   small-area-sessions: b
//   benefits-listed: a, c, d
//   sun-no-sunscreen-needed: false
//   session-steps: c a d b
#pragma once

#include "io/diagnostics.h"
#include "quiz/quiz.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

/// 'a' for display position 0, 'b' for 1, ... (26 at most).
char positionLetter(size_t position);

/// Reads what a trainee typed for `item`: "b"; "a, c" or "a c" (multiple); "true", "false", "t",
/// "f", "yes", "no"; "4", "4 days", "4.5"; "c a b d" (ordering, every item once). Case does not
/// matter. nullopt with a reason a trainee can act on when it is not an answer to this item.
std::optional<DisplayedAnswer> parseAnswerText(const QuizItem& item, std::string_view text,
                                               std::string& error);

/// One line of an answer file.
struct AnswerLine {
    std::string questionId;
    std::string answer;
    int line = 0;
};

/// Parses an answer file; malformed lines and repeated ids are located errors in `diags`.
std::vector<AnswerLine> parseAnswerSheet(std::string_view text, const std::string& path, Diagnostics& diags);

} // namespace stipple
