// Drawing, presenting and grading a quiz. Every random choice goes through one stipple::Rng in a
// fixed order (draw, question order, then each question's shuffle), so a seed fixes the quiz.
#include "quiz/quiz.h"

#include "io/numbers.h"
#include "random/rng.h"
#include "random/shuffle.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <set>

namespace stipple {

namespace {

bool isIdentity(const std::vector<int>& v) {
    for (size_t i = 0; i < v.size(); ++i)
        if (v[i] != static_cast<int>(i)) return false;
    return true;
}

} // namespace

Quiz::Quiz(const std::vector<Question>& pool, const QuizOptions& options) : m_options(options) {
    Rng rng(options.seed);
    std::vector<std::string> categories = options.categories;
    if (categories.empty())
        for (const auto& q : pool)
            for (const auto& c : q.categories)
                if (std::find(categories.begin(), categories.end(), c) == categories.end())
                    categories.push_back(c);

    // Per category: fresh questions in random order, then recently seen ones, oldest first.
    auto recency = [&](const std::string& id) -> int {
        const auto it = std::find(options.recentIds.begin(), options.recentIds.end(), id);
        return it == options.recentIds.end() ? -1 : static_cast<int>(it - options.recentIds.begin());
    };
    std::vector<std::vector<size_t>> queues;
    for (const auto& c : categories) {
        std::vector<size_t> fresh, recent;
        for (size_t i = 0; i < pool.size(); ++i) {
            if (!pool[i].hasCategory(c)) continue;
            (recency(pool[i].id) < 0 ? fresh : recent).push_back(i);
        }
        shuffle(fresh, rng);
        std::stable_sort(recent.begin(), recent.end(),
                         [&](size_t a, size_t b) { return recency(pool[a].id) < recency(pool[b].id); });
        fresh.insert(fresh.end(), recent.begin(), recent.end());
        queues.push_back(std::move(fresh));
    }

    std::set<size_t> taken;
    std::vector<std::pair<size_t, std::string>> drawn; // pool index, category drawn for
    auto takeFrom = [&](size_t ci) {
        auto& queue = queues[ci];
        while (!queue.empty()) {
            const size_t i = queue.front();
            queue.erase(queue.begin());
            if (taken.insert(i).second) {
                drawn.emplace_back(i, categories[ci]);
                return true;
            }
        }
        return false;
    };
    if (options.perCategory > 0) {
        m_requested = static_cast<size_t>(options.perCategory) * categories.size();
        for (size_t ci = 0; ci < categories.size(); ++ci)
            for (int k = 0; k < options.perCategory; ++k)
                if (!takeFrom(ci)) break;
    } else {
        m_requested = static_cast<size_t>(std::max(0, options.count));
        bool progress = true;
        while (drawn.size() < m_requested && progress) {
            progress = false;
            for (size_t ci = 0; ci < categories.size() && drawn.size() < m_requested; ++ci)
                progress = takeFrom(ci) || progress;
        }
    }
    shuffle(drawn, rng);

    for (const auto& [index, category] : drawn)
        present(pool[index], category, rng);
    m_responses.resize(m_items.size());
}

Quiz Quiz::ofQuestions(const std::vector<Question>& questions, const QuizOptions& options) {
    Quiz quiz;
    quiz.m_options = options;
    quiz.m_requested = questions.size();
    Rng rng(options.seed);
    for (const Question& q : questions)
        quiz.present(q, q.categories.empty() ? std::string() : q.categories.front(), rng);
    quiz.m_responses.resize(quiz.m_items.size());
    return quiz;
}

void Quiz::present(Question question, std::string category, Rng& rng) {
    QuizItem item;
    item.question = std::move(question);
    item.category = std::move(category);
    const Question& q = item.question;
    const size_t n = q.type == QuestionType::Ordering ? q.items.size()
                     : (q.type == QuestionType::SingleChoice || q.type == QuestionType::MultipleChoice)
                         ? q.choices.size()
                         : 0;
    item.display.resize(n);
    std::iota(item.display.begin(), item.display.end(), 0);
    if (q.type == QuestionType::Ordering && n >= 2) {
        // An ordering shown in the right order would give the answer away.
        do
            shuffle(item.display, rng);
        while (isIdentity(item.display));
    } else if (m_options.shuffleChoices) {
        shuffle(item.display, rng);
    }
    m_items.push_back(std::move(item));
}

DisplayedAnswer Quiz::toDisplayed(const QuizItem& item, const Response& r) {
    DisplayedAnswer a;
    a.truth = r.truth;
    a.number = r.number;
    auto positionOf = [&](int original) {
        const auto it = std::find(item.display.begin(), item.display.end(), original);
        return it == item.display.end() ? -1 : static_cast<int>(it - item.display.begin());
    };
    for (const int c : r.choices)
        if (const int p = positionOf(c); p >= 0) a.choices.push_back(p);
    std::sort(a.choices.begin(), a.choices.end());
    for (const int o : r.order)
        if (const int p = positionOf(o); p >= 0) a.order.push_back(p);
    return a;
}

std::vector<std::string> Quiz::drawnIds() const {
    std::vector<std::string> ids;
    for (const auto& item : m_items)
        ids.push_back(item.question.id);
    return ids;
}

std::optional<Response> Quiz::toResponse(const QuizItem& item, const DisplayedAnswer& a, std::string& error) {
    const Question& q = item.question;
    const int shown = static_cast<int>(item.display.size());
    Response r;
    auto mapPositions = [&](const std::vector<int>& positions, std::vector<int>& out, const char* what) {
        std::set<int> seen;
        for (int p : positions) {
            if (p < 0 || p >= shown) {
                error = std::string(what) + " " + std::to_string(p + 1) + " does not exist (there are " +
                        std::to_string(shown) + ")";
                return false;
            }
            if (!seen.insert(p).second) {
                error = std::string(what) + " " + std::to_string(p + 1) + " is given twice";
                return false;
            }
            out.push_back(item.display[static_cast<size_t>(p)]);
        }
        return true;
    };
    switch (q.type) {
    case QuestionType::SingleChoice:
        if (a.choices.size() != 1 || a.truth || a.number || !a.order.empty()) {
            error = "pick exactly one choice";
            return std::nullopt;
        }
        if (!mapPositions(a.choices, r.choices, "choice")) return std::nullopt;
        break;
    case QuestionType::MultipleChoice:
        if (a.choices.empty() || a.truth || a.number || !a.order.empty()) {
            error = "pick one or more choices";
            return std::nullopt;
        }
        if (!mapPositions(a.choices, r.choices, "choice")) return std::nullopt;
        break;
    case QuestionType::TrueFalse:
        if (!a.truth || !a.choices.empty() || a.number || !a.order.empty()) {
            error = "answer true or false";
            return std::nullopt;
        }
        r.truth = a.truth;
        break;
    case QuestionType::Numeric:
        if (!a.number || !a.choices.empty() || a.truth || !a.order.empty()) {
            error = "answer with a number";
            return std::nullopt;
        }
        // The range is what the question lets a trainee answer in (a screen's slider limits).
        if (*a.number < q.numeric.min || *a.number > q.numeric.max) {
            error = "answer between " + formatNumber(q.numeric.min) + " and " + formatNumber(q.numeric.max) +
                    (q.numeric.unit.empty() ? "" : " (" + q.numeric.unit + ")");
            return std::nullopt;
        }
        r.number = a.number;
        break;
    case QuestionType::Ordering:
        if (a.order.size() != item.display.size() || !a.choices.empty() || a.truth || a.number) {
            error = "put all " + std::to_string(item.display.size()) + " items in order, each once";
            return std::nullopt;
        }
        if (!mapPositions(a.order, r.order, "item")) return std::nullopt;
        break;
    }
    return r;
}

AnswerOutcome Quiz::answer(size_t index, const DisplayedAnswer& a, double elapsedSeconds) {
    assert(index < m_items.size() && "answer(): question index out of range");
    AnswerOutcome out;
    if (m_finished) {
        out.status = m_timedOut ? AnswerStatus::TimeUp : AnswerStatus::Finished;
        return out;
    }
    if (m_options.timeLimitSeconds > 0 && elapsedSeconds > m_options.timeLimitSeconds) {
        m_timedOut = true;
        m_finished = true;
        out.status = AnswerStatus::TimeUp;
        return out;
    }
    if (m_options.feedback == FeedbackMode::Immediate && m_responses[index]) {
        out.status = AnswerStatus::Locked;
        return out;
    }
    auto response = toResponse(m_items[index], a, out.error);
    if (!response) {
        out.status = AnswerStatus::Invalid;
        return out;
    }
    m_responses[index] = std::move(response);
    if (m_options.feedback == FeedbackMode::Immediate)
        out.feedback = gradeResponse(m_items[index].question, *m_responses[index]);
    return out;
}

QuizResult Quiz::grade() const {
    QuizResult result;
    result.timedOut = m_timedOut;
    result.maxScore = static_cast<int>(m_items.size());
    for (size_t i = 0; i < m_items.size(); ++i) {
        result.grades.push_back(gradeResponse(m_items[i].question, m_responses[i].value_or(Response{})));
        result.score += result.grades.back().credit;
    }
    result.percent = result.maxScore > 0 ? 100.0 * result.score / result.maxScore : 0.0;
    return result;
}

} // namespace stipple
