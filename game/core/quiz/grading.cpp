// Grading with partial credit (the rules are in grading.h, where a screen author reads them).
#include "quiz/grading.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace stipple {

namespace {

double clamp01(double v) {
    return std::clamp(v, 0.0, 1.0);
}

/// Share of item pairs in the right relative order; 0 unless `order` is a permutation of 0..n-1.
double orderingCredit(size_t n, const std::vector<int>& order) {
    if (order.size() != n || n < 2) return 0.0;
    std::vector<bool> seen(n, false);
    for (int v : order) {
        if (v < 0 || static_cast<size_t>(v) >= n || seen[static_cast<size_t>(v)]) return 0.0;
        seen[static_cast<size_t>(v)] = true;
    }
    size_t right = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i + 1; j < n; ++j)
            if (order[i] < order[j]) ++right;
    return static_cast<double>(right) / static_cast<double>(n * (n - 1) / 2);
}

} // namespace

Response correctResponse(const Question& q) {
    Response r;
    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice:
        for (std::size_t i = 0; i < q.choices.size(); ++i)
            if (q.choices[i].isCorrect()) r.choices.push_back(static_cast<int>(i));
        break;
    case QuestionType::TrueFalse:
        r.truth = q.truth;
        break;
    case QuestionType::Numeric:
        r.number = q.numeric.value;
        break;
    case QuestionType::Ordering:
        for (std::size_t i = 0; i < q.items.size(); ++i)
            r.order.push_back(static_cast<int>(i));
        break;
    }
    return r;
}

QuestionGrade gradeResponse(const Question& q, const Response& r) {
    QuestionGrade g;
    g.questionId = q.id;
    g.correctAnswer = correctAnswerText(q);
    g.explanation = q.explanation;
    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice: {
        std::set<int> picked;
        for (int c : r.choices)
            if (c >= 0 && static_cast<size_t>(c) < q.choices.size()) picked.insert(c);
        if (q.type == QuestionType::SingleChoice && picked.size() > 1) picked.clear(); // two picks: no answer
        g.answered = !picked.empty();
        double sum = 0.0;
        for (int c : picked) {
            sum += q.choices[static_cast<size_t>(c)].credit;
            if (!q.choices[static_cast<size_t>(c)].feedback.empty())
                g.feedback.push_back(q.choices[static_cast<size_t>(c)].feedback);
        }
        g.credit = clamp01(sum);
        break;
    }
    case QuestionType::TrueFalse:
        g.answered = r.truth.has_value();
        g.credit = g.answered && *r.truth == q.truth ? 1.0 : 0.0;
        break;
    case QuestionType::Numeric:
        g.answered = r.number.has_value();
        // A hair of slack so that 0.1 + 0.2 style representation error never costs a mark.
        g.credit =
            g.answered && std::abs(*r.number - q.numeric.value) <= q.numeric.tolerance + 1e-9 ? 1.0 : 0.0;
        break;
    case QuestionType::Ordering:
        g.answered = !r.order.empty();
        g.credit = orderingCredit(q.items.size(), r.order);
        break;
    }
    // Credits like 1/3 + 1/3 + 1/3 must count as full marks.
    if (g.credit > 1.0 - 1e-9) g.credit = 1.0;
    if (g.credit < 1e-9) g.credit = 0.0;
    if (!g.answered)
        g.verdict = "not answered";
    else if (g.credit == 1.0)
        g.verdict = "correct";
    else if (g.credit == 0.0)
        g.verdict = "wrong";
    else
        g.verdict = "partly correct (" + std::to_string(static_cast<int>(std::lround(g.credit * 100))) + "%)";
    return g;
}

} // namespace stipple
