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
// ±1e9. HTML text is turned into plain text. Pictures travel as SVG files embedded the way Moodle
// embeds files (<file name encoding="base64"> referenced as @@PLUGINFILE@@/name); on import, a
// picture Stipple exported comes back with its dots, any other is dropped with a warning naming
// the question. Grades (fractions) must be Moodle's allowed ones, both ways. Question types Stipple cannot
// ask (short answer, essay, matching, cloze, drag and drop, descriptions) are skipped with a located warning.
#pragma once

#include "io/diagnostics.h"
#include "io/xml.h"
#include "quiz/question.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

/// Imports a GIFT file's text. Syntax errors and questions that fail checkQuestion() are located
/// errors (nullopt); skipped question types and renamed duplicate ids are located warnings.
std::optional<QuestionBank> importGift(std::string_view text, const std::string& path, Diagnostics& diags);
/// Imports a Moodle XML document (root <quiz>), with the same rules.
std::optional<QuestionBank> importMoodleXml(const XmlDocument& doc, Diagnostics& diags);
/// A Moodle XML file of every question of the bank, as Moodle writes one: each picture (question
/// or choice) rendered as an SVG embedded in a <file encoding="base64"> beside the HTML text that
/// shows it through @@PLUGINFILE@@ (the SVG carries its dots, so the file imports back with its
/// pictures). Every choice credit must be one of Moodle's grades (moodleFractions()); one that is
/// not, or a picture that cannot be read, is an error at the question's line (nullopt).
std::optional<std::string> exportMoodleXml(const QuestionBank& bank, Diagnostics& diags);

/// Moodle's allowed answer grades (question_bank::fraction_options_full), as shares: 1, 0.9,
/// 0.8333333, ... 0.05, 0 and their negatives.
const std::vector<double>& moodleFractions();
/// The allowed grade `credit` is (within Moodle's own 0.00001), or nullopt when Moodle refuses it.
std::optional<double> moodleFraction(double credit);
/// The positive grades as percentages, for messages.
std::string moodleFractionList();

/// Loads a bank in any format Stipple reads: a Stipple <question-bank>, a Moodle XML <quiz>, or
/// a GIFT file (anything that is not XML).
std::optional<QuestionBank> loadAnyQuestionBank(const std::string& path, Diagnostics& diags);

/// Plain text from Moodle's HTML: tags removed (<br> and block ends become spaces), entities
/// decoded, whitespace collapsed.
std::string htmlToText(std::string_view html);
/// A Stipple id from any text: lower case letters and digits, runs of others become '-'.
std::string slugify(std::string_view text);

} // namespace stipple
