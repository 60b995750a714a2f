// A quiz: questions drawn from a pool by a seed, presented with shuffled answers, answered one by
// one and graded. The trainer's quiz screen and `stipple quiz` drive exactly this object: they
// show item(i) in its display order, pass what the trainee picked to answer(), and show grade().
// The core keeps no clock: the caller passes the seconds elapsed since the quiz started, so a
// replay or a test gives the same result as a live run.
//
// Drawing (stipple::Rng only, so a seed means the same quiz everywhere): for each category in
// turn, questions of that category not yet drawn, preferring ones not seen recently (those come
// last, oldest first); N per category, or a total spread round robin over the categories. No
// question appears twice. The drawn questions are then shuffled, and so are the choices of each
// choice question and the items of each ordering question (never left in the right order).
#pragma once

#include "quiz/grading.h"
#include "quiz/question.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

class Rng;

enum class FeedbackMode {
    Immediate, ///< practice: each answer is graded at once, with its explanation, and locked
    Deferred,  ///< exam: answers may be changed until finish(); grades only at the end
};

struct QuizOptions {
    uint64_t seed = 0;
    int perCategory = 0; ///< questions from each category; 0 = use `count`
    int count = 10;      ///< total questions when perCategory is 0, spread round robin over categories
    /// Categories to draw from, in this order; empty = every category of the pool, in order of
    /// first appearance.
    std::vector<std::string> categories;
    /// Question ids the trainee saw recently, oldest first: drawn only when nothing fresh is left.
    std::vector<std::string> recentIds;
    bool shuffleChoices = true;
    FeedbackMode feedback = FeedbackMode::Immediate;
    double timeLimitSeconds = 0.0; ///< 0 = no limit
};

/// One drawn question as presented.
struct QuizItem {
    Question question;
    std::string category; ///< the category it was drawn for
    /// Display position → index in question.choices (choice questions) or question.items
    /// (ordering); empty for true/false and numeric.
    std::vector<int> display;
};

/// What the trainee answered, in display positions (0 = the first choice or item shown).
struct DisplayedAnswer {
    std::vector<int> choices;
    std::optional<bool> truth;
    std::optional<double> number;
    std::vector<int> order; ///< display positions of the items, in the order the trainee put them
};

enum class AnswerStatus {
    Accepted,
    Invalid,  ///< not an answer to this question (see error); nothing recorded
    Locked,   ///< practice mode: this question was already answered
    TimeUp,   ///< the time limit had passed; nothing recorded and the quiz is finished
    Finished, ///< finish() was called
};

struct AnswerOutcome {
    AnswerStatus status = AnswerStatus::Accepted;
    std::string error;                     ///< why an answer is Invalid
    std::optional<QuestionGrade> feedback; ///< immediate feedback (practice mode, accepted answers)
};

struct QuizResult {
    std::vector<QuestionGrade> grades; ///< one per question, in quiz order
    double score = 0.0;                ///< sum of credits
    int maxScore = 0;                  ///< number of questions
    double percent = 0.0;              ///< 100 · score / maxScore (0 for an empty quiz)
    bool timedOut = false;
};

class Quiz {
  public:
    /// Draws from `pool` (question ids must be unique). Fewer questions than asked when the pool
    /// runs out; requested() says how many were asked for.
    Quiz(const std::vector<Question>& pool, const QuizOptions& options);
    /// A quiz of exactly `questions`, in this order (an exam section's drawn questions): nothing
    /// is drawn, only each question's choices and ordering items are shuffled from options.seed,
    /// as in a drawn quiz — the one presentation for practice and exams. `category` per question
    /// (its first category when empty).
    static Quiz ofQuestions(const std::vector<Question>& questions, const QuizOptions& options);

    size_t size() const { return m_items.size(); }
    size_t requested() const { return m_requested; }
    const QuizItem& item(size_t index) const { return m_items.at(index); }
    const std::vector<QuizItem>& items() const { return m_items; }
    const QuizOptions& options() const { return m_options; }
    /// The ids of the drawn questions, in quiz order (to remember as recently seen).
    std::vector<std::string> drawnIds() const;

    /// Records an answer to question `index` given `elapsedSeconds` after the start.
    AnswerOutcome answer(size_t index, const DisplayedAnswer& answer, double elapsedSeconds = 0.0);
    bool isAnswered(size_t index) const { return m_responses.at(index).has_value(); }
    /// The recorded answer, in the question's own order.
    const std::optional<Response>& response(size_t index) const { return m_responses.at(index); }
    /// Ends the quiz: no more answers (an exam's "hand in").
    void finish() { m_finished = true; }
    bool finished() const { return m_finished; }
    /// Grades every question (unanswered ones earn 0), with explanations.
    QuizResult grade() const;

    /// Maps an answer in display positions to the question's own order; nullopt with a reason
    /// when it is not an answer to that question (wrong kind, position out of range, repeats, a
    /// number outside the question's range).
    static std::optional<Response> toResponse(const QuizItem& item, const DisplayedAnswer& answer,
                                              std::string& error);
    /// The inverse: a recorded answer (question order) as the trainee gave it on screen.
    static DisplayedAnswer toDisplayed(const QuizItem& item, const Response& response);

  private:
    Quiz() = default;
    /// Shuffles the presentation of `question` (choices, ordering items) with `rng`.
    void present(Question question, std::string category, Rng& rng);

    QuizOptions m_options;
    std::vector<QuizItem> m_items;
    std::vector<std::optional<Response>> m_responses;
    size_t m_requested = 0;
    bool m_finished = false;
    bool m_timedOut = false;
};

} // namespace stipple
