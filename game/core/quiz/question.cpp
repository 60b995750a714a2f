// Look-ups and small helpers on the question model.
#include "quiz/question.h"

#include "io/numbers.h"

#include <algorithm>

namespace stipple {

std::string_view questionTypeName(QuestionType type) {
    switch (type) {
    case QuestionType::SingleChoice:
        return "single";
    case QuestionType::MultipleChoice:
        return "multiple";
    case QuestionType::TrueFalse:
        return "true-false";
    case QuestionType::Numeric:
        return "numeric";
    case QuestionType::Ordering:
        return "ordering";
    }
    return "?";
}

std::optional<QuestionType> questionTypeFromName(std::string_view name) {
    for (QuestionType t : {QuestionType::SingleChoice, QuestionType::MultipleChoice, QuestionType::TrueFalse,
                           QuestionType::Numeric, QuestionType::Ordering})
        if (questionTypeName(t) == name) return t;
    return std::nullopt;
}

bool Question::hasCategory(std::string_view category) const {
    return std::find(categories.begin(), categories.end(), category) != categories.end();
}

const Question* QuestionBank::question(std::string_view questionId) const {
    for (const auto& q : questions)
        if (q.id == questionId) return &q;
    return nullptr;
}

const QuestionCategory* QuestionBank::category(std::string_view categoryId) const {
    for (const auto& c : categories)
        if (c.id == categoryId) return &c;
    return nullptr;
}

void assignDefaultCredits(Question& question, const std::vector<bool>& correct) {
    const auto k = std::count(correct.begin(), correct.end(), true);
    for (size_t i = 0; i < question.choices.size() && i < correct.size(); ++i) {
        if (question.type == QuestionType::MultipleChoice && k > 0)
            question.choices[i].credit =
                correct[i] ? 1.0 / static_cast<double>(k) : -1.0 / static_cast<double>(k);
        else
            question.choices[i].credit = correct[i] ? 1.0 : 0.0;
    }
}

std::string correctAnswerText(const Question& q) {
    switch (q.type) {
    case QuestionType::SingleChoice: {
        for (const auto& c : q.choices)
            if (c.credit >= 1.0) return c.text;
        return "";
    }
    case QuestionType::MultipleChoice: {
        std::string out;
        for (const auto& c : q.choices)
            if (c.isCorrect()) out += (out.empty() ? "" : "; ") + c.text;
        return out;
    }
    case QuestionType::TrueFalse:
        return q.truth ? "true" : "false";
    case QuestionType::Numeric: {
        std::string out = formatNumber(q.numeric.value);
        if (!q.numeric.unit.empty()) out += " " + q.numeric.unit;
        if (q.numeric.tolerance > 0) out += " (±" + formatNumber(q.numeric.tolerance) + ")";
        return out;
    }
    case QuestionType::Ordering: {
        std::string out;
        for (const auto& item : q.items)
            out += (out.empty() ? "" : " → ") + item;
        return out;
    }
    }
    return "";
}

} // namespace stipple
