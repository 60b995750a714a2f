// Moodle question files: academies already keep their banks in Moodle, so Stipple imports the
// two formats Moodle exports — GIFT (plain text) and Moodle XML — and exports Moodle XML.
//
// What maps, both ways:
//   Moodle multichoice (single)   ↔ single choice        (fractions become credits)
//   Moodle multichoice (multiple) ↔ multiple choice      (fractions adding to ~100 % are snapped to 1)
//   Moodle truefalse              ↔ true/false
//   Moodle numerical              ↔ numeric              (first full-credit answer, tolerance, first unit)
//   Moodle ordering (plugin)      ↔ ordering             (answers in the right order)
// Categories: the last part of "$course$/top/Aftercare/Sun" is the name, the whole path (without
// "$course$/top/") gives the id. A question's general feedback is its explanation; a final line
// "Source: ..." in it is its source. Moodle has no difficulty, no numeric range and no second
// category: the export writes them as tags (difficulty:N, range:MIN..MAX, category:ID) and the
// import reads them back; without them an imported question has difficulty 1 and the numeric range
// ±1e9. HTML text is turned into plain text. Question types Stipple cannot ask (short answer,
// essay, matching, cloze, drag and drop, descriptions) are skipped with a located warning.
#pragma once

#include "io/diagnostics.h"
#include "io/xml.h"
#include "quiz/question.h"

#include <optional>
#include <string>
#include <string_view>

namespace stipple {

/// Imports a GIFT file's text. Syntax errors and questions that fail checkQuestion() are located
/// errors (nullopt); skipped question types and renamed duplicate ids are located warnings.
std::optional<QuestionBank> importGift(std::string_view text, const std::string& path, Diagnostics& diags);
/// Imports a Moodle XML document (root <quiz>), with the same rules.
std::optional<QuestionBank> importMoodleXml(const XmlDocument& doc, Diagnostics& diags);
/// A Moodle XML file of every question of the bank (pictures as their captions in the text).
std::string exportMoodleXml(const QuestionBank& bank);

/// Loads a bank in any format Stipple reads: a Stipple <question-bank>, a Moodle XML <quiz>, or
/// a GIFT file (anything that is not XML).
std::optional<QuestionBank> loadAnyQuestionBank(const std::string& path, Diagnostics& diags);

/// Plain text from Moodle's HTML: tags removed (<br> and block ends become spaces), entities
/// decoded, whitespace collapsed.
std::string htmlToText(std::string_view html);
/// A Stipple id from any text: lower case letters and digits, runs of others become '-'.
std::string slugify(std::string_view text);

} // namespace stipple
