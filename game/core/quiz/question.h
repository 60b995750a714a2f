// Quiz questions and question banks: the plain model shared by the bank reader (XML), the Moodle
// importers and exporter, the aftercare scenario generator, the Quiz that draws and grades, the
// CLI and the trainer's quiz screen. Five kinds: single choice, multiple choice with partial
// credit, true/false, numeric with a tolerance and a unit, and ordering; any of them may show a
// picture (a dot pattern rendered from a dots CSV or a level) and choices may carry their own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

enum class QuestionType { SingleChoice, MultipleChoice, TrueFalse, Numeric, Ordering };

/// "single", "multiple", "true-false", "numeric", "ordering" (the XML spelling).
std::string_view questionTypeName(QuestionType type);
std::optional<QuestionType> questionTypeFromName(std::string_view name);

/// A dot pattern to show: a dots CSV (x_mm,y_mm,...) or a level's target, rendered by the screen.
/// Paths are as written in the bank, relative to the bank file's folder.
struct Picture {
    std::string dotsPath;  ///< empty when none
    std::string levelPath; ///< empty when none
    std::string caption;   ///< alternative text: what the picture shows, for screen readers and the CLI
    /// The dots themselves, as a dots CSV (a picture imported from Moodle XML keeps its dots here;
    /// used before dotsPath and levelPath).
    std::string inlineDotsCsv;
};

struct Choice {
    std::string text;
    /// Share of the question's marks for choosing this, in [-1, 1]. Single choice: 1 for the
    /// right answer, 0 (or a partial share) for others. Multiple choice: the positive credits add
    /// up to 1; wrong choices are negative so that ticking everything does not pay.
    double credit = 0.0;
    std::string feedback; ///< shown when this choice was picked; optional
    std::optional<Picture> picture;

    bool isCorrect() const { return credit > 0.0; }
};

struct NumericAnswer {
    double value = 0.0;
    double tolerance = 0.0; ///< answers within value ± tolerance get full credit
    std::string unit;       ///< e.g. "days", "hours"; empty for a pure number
    double min = 0.0;       ///< the range a trainee may answer in; value must lie inside it
    double max = 0.0;
};

struct Question {
    std::string id;
    QuestionType type = QuestionType::SingleChoice;
    std::string prompt;
    std::vector<std::string> categories; ///< category ids; the first is the main one
    int difficulty = 1;                  ///< 1 (recall) .. 5 (hard judgement)
    std::string explanation;             ///< why the answer is right, shown after grading
    std::string source;                  ///< where the fact comes from
    std::vector<Choice> choices;         ///< single and multiple choice
    bool truth = false;                  ///< true/false: the right answer
    NumericAnswer numeric;               ///< numeric
    std::vector<std::string> items;      ///< ordering: the items in the right order
    std::optional<Picture> picture;
    int line = 0;           ///< source line in its bank, for messages; 0 when generated
    bool generated = false; ///< made by the scenario generator, not authored

    bool hasCategory(std::string_view category) const;
};

struct QuestionCategory {
    std::string id;   ///< e.g. "aftercare"
    std::string name; ///< e.g. "Aftercare rules"
};

struct QuestionBank {
    std::string id;
    std::string title;
    std::string path; ///< the file it was read from (pictures are relative to its folder)
    std::vector<QuestionCategory> categories;
    std::vector<Question> questions;

    const Question* question(std::string_view questionId) const;
    const QuestionCategory* category(std::string_view categoryId) const;
};

/// Default credits for choices marked only right or wrong. Single choice: 1 and 0. Multiple
/// choice: each of the k right choices 1/k, each wrong one −1/k ("right minus wrong").
void assignDefaultCredits(Question& question, const std::vector<bool>& correct);

/// The right answer in words, e.g. "4 days (±0)", "b, d", "true", "c, a, b".
std::string correctAnswerText(const Question& question);

} // namespace stipple
