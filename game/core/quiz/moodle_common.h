// Shared by the two Moodle importers (internal to the quiz module): building a QuestionBank from
// imported questions — categories from Moodle paths, unique ids, tags Stipple writes on export
// (difficulty, numeric range, extra categories), the "Source:" line of the general feedback, and
// the same answer checks as Stipple's own banks, reported at the question's line.
#pragma once

#include "io/diagnostics.h"
#include "quiz/question.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stipple::moodle {

/// Numeric questions imported without a range tag may be answered in ±this.
inline constexpr double kDefaultNumericRange = 1e9;

/// A valid Stipple id: letters, digits, '-' and '_', starting with a letter or digit, at most 64.
bool isStippleId(std::string_view id);

class BankBuilder {
  public:
    BankBuilder(std::string path, Diagnostics& diags);

    /// "$course$/top/Aftercare/Sun" → category "aftercare-sun" named "Sun" (or `id` when it is a
    /// valid id, e.g. a Moodle category idnumber), used from now on.
    void setCategory(std::string_view moodlePath, int line, const std::string& id = "");
    /// Adds a question read at `line`: gives it the current category (or "imported"), applies
    /// `tags`, splits "Source:" off its explanation, makes its id unique and checks its answers.
    void add(Question question, int line, const std::vector<std::string>& tags);
    void warning(int line, const std::string& message, int column = 1);
    void error(int line, const std::string& message, int column = 1);
    /// The bank, or nullopt when an error was reported.
    std::optional<QuestionBank> finish();

  private:
    void ensureCategory(const std::string& id, const std::string& name);

    std::string m_path;
    Diagnostics& m_diags;
    Diagnostics m_local;
    QuestionBank m_bank;
    std::string m_category;
    int m_unnamed = 0;
};

} // namespace stipple::moodle
