// Typed answers and answer files.
#include "quiz/answer_text.h"

#include "io/numbers.h"

#include <algorithm>
#include <cctype>

namespace stipple {

char positionLetter(size_t position) {
    return static_cast<char>('a' + std::min<size_t>(position, 25));
}

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// Letters separated by commas and/or spaces → display positions.
std::optional<std::vector<int>> letters(std::string_view text, size_t shown, std::string& error) {
    std::vector<int> out;
    std::string token;
    auto flush = [&]() {
        if (token.empty()) return true;
        if (token.size() != 1 || token[0] < 'a' || token[0] > 'z') {
            error = "\"" + token + "\" is not a letter; answer with the letters shown (a to " +
                    std::string(1, positionLetter(shown - 1)) + ")";
            return false;
        }
        const int pos = token[0] - 'a';
        if (static_cast<size_t>(pos) >= shown) {
            error = "there is no " + token + "; the letters go from a to " +
                    std::string(1, positionLetter(shown - 1));
            return false;
        }
        out.push_back(pos);
        token.clear();
        return true;
    };
    for (char c : lower(text)) {
        if (c == ',' || c == ' ' || c == '\t') {
            if (!flush()) return std::nullopt;
        } else {
            token += c;
        }
    }
    if (!flush()) return std::nullopt;
    return out;
}

} // namespace

std::optional<DisplayedAnswer> parseAnswerText(const QuizItem& item, std::string_view raw,
                                               std::string& error) {
    const std::string text = std::string(trim(raw));
    const Question& q = item.question;
    DisplayedAnswer a;
    if (text.empty()) {
        error = "no answer given";
        return std::nullopt;
    }
    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice:
    case QuestionType::Ordering: {
        auto positions = letters(text, item.display.size(), error);
        if (!positions) return std::nullopt;
        if (q.type == QuestionType::Ordering)
            a.order = *positions;
        else
            a.choices = *positions;
        break;
    }
    case QuestionType::TrueFalse: {
        const std::string t = lower(text);
        if (t == "true" || t == "t" || t == "yes" || t == "y")
            a.truth = true;
        else if (t == "false" || t == "f" || t == "no" || t == "n")
            a.truth = false;
        else {
            error = "answer true or false";
            return std::nullopt;
        }
        break;
    }
    case QuestionType::Numeric: {
        std::string_view number = text;
        const std::string unit = lower(q.numeric.unit);
        const size_t space = text.find_first_of(" \t");
        if (space != std::string::npos) {
            const std::string given = lower(trim(std::string_view(text).substr(space)));
            // "4 days", also "1 day" for a unit written in the plural.
            const bool matches =
                !unit.empty() && (given == unit || (unit.back() == 's' && given + "s" == unit));
            if (!matches) {
                error =
                    "\"" + given + "\" is not the unit of this question" +
                    (unit.empty() ? std::string(" (it takes a plain number)") : " (" + q.numeric.unit + ")");
                return std::nullopt;
            }
            number = std::string_view(text).substr(0, space);
        }
        const auto v = parseNumber(number);
        if (!v) {
            error = "\"" + std::string(number) + "\" is not a number; write e.g. 4 or 4.5" +
                    (unit.empty() ? std::string() : " (in " + q.numeric.unit + ")");
            return std::nullopt;
        }
        a.number = *v;
        break;
    }
    }
    // The Quiz checks the rest (one choice only, every item once) with the same words.
    if (!Quiz::toResponse(item, a, error)) return std::nullopt;
    return a;
}

std::vector<AnswerLine> parseAnswerSheet(std::string_view text, const std::string& path, Diagnostics& diags) {
    std::vector<AnswerLine> out;
    int lineNo = 0;
    while (!text.empty()) {
        ++lineNo;
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string_view t = trim(line);
        if (t.empty() || t.front() == '#') continue;
        const size_t colon = t.find(':');
        if (colon == std::string_view::npos) {
            diags.error(path, lineNo, 1, "expected QUESTION-ID: ANSWER, got \"" + std::string(t) + "\"");
            continue;
        }
        AnswerLine a{std::string(trim(t.substr(0, colon))), std::string(trim(t.substr(colon + 1))), lineNo};
        if (a.questionId.empty()) {
            diags.error(path, lineNo, 1, "the question id before ':' is missing");
            continue;
        }
        const auto previous = std::find_if(out.begin(), out.end(),
                                           [&](const AnswerLine& o) { return o.questionId == a.questionId; });
        if (previous != out.end()) {
            diags.error(path, lineNo, 1,
                        "question '" + a.questionId + "' is answered twice; the first answer is at line " +
                            std::to_string(previous->line));
            continue;
        }
        out.push_back(std::move(a));
    }
    return out;
}

} // namespace stipple
