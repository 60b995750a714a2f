// Reads question banks (root <question-bank format="1">, reference: levels/banks/README.md) into
// the QuestionBank model, strictly: a question with no correct answer, a numeric answer outside
// its own range, credits that do not add up, duplicate ids, unknown categories, a picture file
// that does not exist, unknown elements or attributes — every one a located diagnostic, all in one
// pass; a bank with any error is refused. Also the checks shared with the Moodle importers.
#pragma once

#include "io/diagnostics.h"
#include "io/xml.h"
#include "quiz/question.h"

#include <optional>
#include <string>
#include <string_view>

namespace stipple {

/// The root element that marks a file as a question bank (how `stipple validate` recognises it).
inline constexpr std::string_view kQuestionBankRootElement = "question-bank";
inline constexpr int kQuestionBankFormatVersion = 1;

/// Reads a <question-bank> document. Picture paths are checked relative to the folder of
/// `doc.path`. Diagnostics in line order; nullopt when there is any error.
std::optional<QuestionBank> readQuestionBank(const XmlDocument& doc, Diagnostics& diags);
std::optional<QuestionBank> loadQuestionBankFile(const std::string& path, Diagnostics& diags);
/// For `stipple validate`: true when the file is a valid bank (warnings allowed).
bool validateQuestionBankFile(const std::string& path, Diagnostics& diags);

/// The checks every question must pass, whatever it was read from: at least one right answer,
/// credits in range and adding up, a numeric answer inside its own range, enough choices or items
/// and no duplicates among them. Each problem is one message (no location) in `problems`.
void checkQuestion(const Question& question, std::vector<std::string>& problems);
/// Give-aways a reader can detect reliably, as warnings: an ordering question of three or more
/// items whose every item states a number, the numbers already standing in strict order ("No heavy exercise
/// (5 days)" among items ordered by days) — the item carries its own sort key, so the order needs no
/// knowledge.
void checkGiveAways(const Question& question, std::vector<std::string>& warnings);

} // namespace stipple
