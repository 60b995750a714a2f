// The question bank reader. Categories are read first so that questions can be checked against
// them wherever they appear; the checks on a question's answers are in checkQuestion(), shared
// with the Moodle importers, and reported at the question's element.
#include "quiz/question_bank_reader.h"

#include "quiz/moodle.h"

#include "io/element_reader.h"
#include "io/numbers.h"
#include "io/text.h"
#include "scoring/dots_csv.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

namespace stipple {

namespace {} // namespace

void checkQuestion(const Question& q, std::vector<std::string>& problems) {
    auto duplicates = [&](const std::vector<std::string>& texts, const char* what) {
        for (size_t i = 0; i < texts.size(); ++i)
            for (size_t j = 0; j < i; ++j)
                if (texts[i] == texts[j]) {
                    problems.push_back(std::string(what) + " " + std::to_string(j + 1) + " and " +
                                       std::to_string(i + 1) + " are the same (\"" + texts[i] + "\")");
                    return;
                }
    };
    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice: {
        const bool single = q.type == QuestionType::SingleChoice;
        if (q.choices.size() < 2) {
            problems.push_back(std::string(single ? "a single" : "a multiple") +
                               " choice question needs at least 2 "
                               "choices, got " +
                               std::to_string(q.choices.size()));
            return;
        }
        std::vector<std::string> texts;
        double positive = 0.0;
        int full = 0;
        for (const auto& c : q.choices) {
            texts.push_back(c.text);
            if (c.credit > 0) positive += c.credit;
            if (c.credit >= 1.0 - 1e-9) ++full;
        }
        duplicates(texts, "choices");
        if (positive <= 0.0) {
            problems.push_back("the question has no correct answer: no choice earns credit");
        } else if (single && full == 0) {
            problems.push_back(
                "the question has no correct answer: in a single choice question one choice must "
                "earn full credit (correct=\"true\" or credit=\"1\")");
        } else if (single && full > 1) {
            problems.push_back(std::to_string(full) +
                               " choices earn full credit in a single choice question; "
                               "use type=\"multiple\" or give the others partial credit");
        } else if (!single && std::abs(positive - 1.0) > 1e-6) {
            problems.push_back("the credits of the right choices add up to " + formatNumber(positive) +
                               "; in a multiple choice question they must add up to 1");
        }
        break;
    }
    case QuestionType::TrueFalse:
        break;
    case QuestionType::Numeric: {
        const NumericAnswer& n = q.numeric;
        if (!(n.min < n.max)) {
            problems.push_back("the numeric range " + formatNumber(n.min) + " to " + formatNumber(n.max) +
                               " is empty; min must be "
                               "below max");
        } else if (n.value < n.min || n.value > n.max) {
            problems.push_back("the numeric answer " + formatNumber(n.value) + " is outside its own range " +
                               formatNumber(n.min) + " to " + formatNumber(n.max) +
                               ", so nobody could give it");
        }
        if (n.tolerance < 0)
            problems.push_back("the tolerance must not be negative, got " + formatNumber(n.tolerance));
        break;
    }
    case QuestionType::Ordering:
        if (q.items.size() < 2)
            problems.push_back("an ordering question needs at least 2 items, got " +
                               std::to_string(q.items.size()));
        duplicates(q.items, "items");
        break;
    }
}

void checkGiveAways(const Question& q, std::vector<std::string>& warnings) {
    // Three items or more: two numbers always stand in some order, so two items say nothing.
    if (q.type != QuestionType::Ordering || q.items.size() < 3) return;
    std::vector<double> keys;
    for (const std::string& item : q.items) {
        const auto digit =
            std::find_if(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digit == item.end()) return; // an item without a number: not ordered by stated numbers
        std::size_t end = static_cast<std::size_t>(digit - item.begin());
        while (end < item.size() && ((item[end] >= '0' && item[end] <= '9') || item[end] == '.'))
            ++end;
        std::string text =
            item.substr(static_cast<std::size_t>(digit - item.begin()), end - (digit - item.begin()));
        while (!text.empty() && text.back() == '.')
            text.pop_back();
        const auto v = parseNumber(text);
        if (!v) return;
        keys.push_back(*v);
    }
    bool up = true, down = true;
    for (std::size_t i = 1; i < keys.size(); ++i) {
        up = up && keys[i] > keys[i - 1];
        down = down && keys[i] < keys[i - 1];
    }
    if (!up && !down) return;
    std::string numbers;
    for (std::size_t i = 0; i < keys.size(); ++i)
        numbers += (i ? ", " : "") + formatNumber(keys[i]);
    warnings.push_back(
        "every item states the number it is ordered by (" + numbers + ", in order), so \"" + q.items.front() +
        "\" gives the order away: leave the numbers out of the items (the explanation can give them)");
}

namespace {

class BankFileReader : DocumentReader {
  public:
    BankFileReader(const XmlDocument& doc, Diagnostics& diags) : DocumentReader(doc, diags) {}

    std::optional<QuestionBank> read() {
        readAll();
        // Line order for the author; a picture CSV's diagnostics follow the error that points at it.
        if (!finish()) return std::nullopt;
        return std::move(m_bank);
    }

  private:
    void noText(const XmlElement& e) { DocumentReader::noText(e, " here; put text in its child elements"); }

    /// A picture path must name an existing file, relative to the bank's folder; a dots CSV
    /// must also read cleanly (its own diagnostics follow).
    void checkPictureFile(const XmlAttribute& attr, bool dots) {
        namespace fs = std::filesystem;
        const fs::path base = fs::path(m_path).parent_path();
        const fs::path file = base / attr.value;
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) {
            m_diags.error(m_path, attr.line, attr.column,
                          "picture file '" + attr.value +
                              "' does not exist (paths are relative to the bank's folder)");
            return;
        }
        if (dots) {
            DotsCsv csv;
            Diagnostics csvDiags;
            if (!readDotsCsv(file.string(), csv, csvDiags)) {
                m_diags.error(m_path, attr.line, attr.column,
                              "picture file '" + attr.value + "' is not a valid dots CSV");
                m_diags.append(csvDiags);
            }
        }
    }

    /// Reads dots/level/caption attributes (on <picture> or <choice>); nullopt when none given.
    std::optional<Picture> pictureAttributes(ElementReader& r, bool captionRequired) {
        Picture p;
        const XmlAttribute* dots = r.find("dots");
        const XmlAttribute* level = r.find("level");
        const XmlAttribute* caption = r.find("caption");
        if (!dots && !level) {
            if (caption) r.errorAt(*caption, r.tag() + " has a 'caption' but no picture ('dots' or 'level')");
            if (captionRequired)
                r.error(r.tag() + " needs 'dots' (a dots CSV) or 'level' (a level file) to show");
            return std::nullopt;
        }
        if (dots && level)
            r.errorAt(*level, r.tag() + " shows one picture: give 'dots' or 'level', not both");
        if (dots) {
            p.dotsPath = dots->value;
            checkPictureFile(*dots, true);
        }
        if (level) {
            p.levelPath = level->value;
            checkPictureFile(*level, false);
        }
        if (caption && !trim(caption->value).empty())
            p.caption = collapseSpaces(caption->value);
        else
            r.error(r.tag() +
                    " needs a 'caption' saying what the picture shows (read aloud and printed by the CLI)");
        return p;
    }

    void readAll() {
        const XmlElement& root = m_doc.root;
        ElementReader r(root, m_path, m_diags);
        if (!checkRoot(r, kQuestionBankRootElement, kQuestionBankFormatVersion)) return;
        m_bank.path = m_path;
        m_bank.id = id(r);
        m_bank.title = collapseSpaces(r.requiredString("title").value_or(""));
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({"category", "question"});
        noText(root);
        for (const auto& c : root.children)
            if (c.name == "category") readCategory(c);
        if (m_bank.categories.empty())
            error(root, "<question-bank> needs at least one <category id=\"..\" name=\"..\"/>");
        for (const auto& c : root.children)
            if (c.name == "question") readQuestion(c);
        if (m_bank.questions.empty() && !m_diags.hasErrors())
            error(root, "<question-bank> has no <question>");
    }

    void readCategory(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        QuestionCategory c;
        c.id = id(r);
        c.name = collapseSpaces(r.requiredString("name").value_or(""));
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
        if (c.id.empty()) return;
        if (const auto it = m_categoryLine.find(c.id); it != m_categoryLine.end()) {
            errorNear(e, "id",
                      "duplicate category id '" + c.id + "': the <category> at line " +
                          std::to_string(it->second) + " already uses it");
            return;
        }
        m_categoryLine[c.id] = e.line;
        m_bank.categories.push_back(std::move(c));
    }

    std::string knownCategories() const {
        std::string out;
        for (const auto& c : m_bank.categories)
            out += (out.empty() ? "" : ", ") + c.id;
        return out.empty() ? " (no <category> is declared)" : " (declared: " + out + ")";
    }

    void readQuestion(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        Question q;
        q.line = e.line;
        q.id = id(r);
        std::optional<QuestionType> type;
        if (const XmlAttribute* t = r.find("type")) {
            type = questionTypeFromName(t->value);
            if (!type)
                r.errorAt(*t,
                          "<question> attribute 'type' must be one of single, multiple, true-false, numeric, "
                          "ordering, got \"" +
                              t->value + "\"");
        } else {
            r.error("<question> is missing required attribute 'type' (single, multiple, true-false, numeric, "
                    "ordering)");
        }
        if (const auto cats = r.requiredString("categories")) {
            for (const auto& c : splitList(*cats)) {
                if (!m_bank.category(c)) {
                    errorNear(e, "categories",
                              "<question> names unknown category '" + c + "'" + knownCategories());
                } else if (q.hasCategory(c)) {
                    errorNear(e, "categories", "<question> lists category '" + c + "' twice");
                } else {
                    q.categories.push_back(c);
                }
            }
        }
        q.difficulty = static_cast<int>(r.requiredInteger("difficulty", 1, 5).value_or(1));
        r.rejectUnknownAttributes();
        noText(e);

        if (const XmlElement* prompt = single(e, "prompt"))
            q.prompt = textOf(*prompt);
        else
            error(e, "<question> needs a <prompt>: the question as the trainee reads it");
        if (const XmlElement* explanation = single(e, "explanation"))
            q.explanation = textOf(*explanation);
        else
            error(e, "<question> needs an <explanation>: why the answer is right, shown after grading");
        if (const XmlElement* source = single(e, "source"))
            q.source = textOf(*source);
        else
            error(e, "<question> needs a <source>: where the fact comes from");
        if (const XmlElement* picture = single(e, "picture")) {
            ElementReader pr(*picture, m_path, m_diags);
            q.picture = pictureAttributes(pr, true);
            pr.rejectUnknownAttributes();
            pr.rejectUnknownChildren({});
            noText(*picture);
        }

        if (!type) {
            r.rejectUnknownChildren(
                {"prompt", "explanation", "source", "picture", "choice", "answer", "item"});
            return;
        }
        q.type = *type;
        bool structureOk = true;
        switch (q.type) {
        case QuestionType::SingleChoice:
        case QuestionType::MultipleChoice:
            r.rejectUnknownChildren({"prompt", "explanation", "source", "picture", "choice"});
            structureOk = readChoices(e, q);
            break;
        case QuestionType::TrueFalse:
        case QuestionType::Numeric:
            r.rejectUnknownChildren({"prompt", "explanation", "source", "picture", "answer"});
            structureOk = readAnswer(e, q);
            break;
        case QuestionType::Ordering:
            r.rejectUnknownChildren({"prompt", "explanation", "source", "picture", "item"});
            for (const auto& c : e.children)
                if (c.name == "item") q.items.push_back(textOf(c));
            break;
        }
        if (structureOk) {
            std::vector<std::string> problems;
            checkQuestion(q, problems);
            // Problems with a numeric answer point at the <answer>; the others at the question.
            const XmlElement* where = &e;
            if (q.type == QuestionType::Numeric)
                for (const auto& c : e.children)
                    if (c.name == "answer") {
                        where = &c;
                        break;
                    }
            for (const auto& p : problems)
                error(*where, "question '" + q.id + "': " + p);
            std::vector<std::string> giveAways;
            checkGiveAways(q, giveAways);
            for (const auto& w : giveAways)
                m_diags.warning(m_path, e.line, e.column, "question '" + q.id + "': " + w);
            // A credit Moodle does not allow: the bank works here, but its Moodle export is refused.
            for (std::size_t k = 0; k < q.choices.size(); ++k)
                if (!moodleFraction(q.choices[k].credit))
                    m_diags.warning(m_path, e.line, e.column,
                                    "question '" + q.id + "', choice " + std::to_string(k + 1) + ": credit " +
                                        formatNumber(q.choices[k].credit) +
                                        " is not a grade Moodle allows (" + moodleFractionList() +
                                        "), so Moodle would refuse this bank's export; "
                                        "give one of them");
        }

        if (q.id.empty()) return;
        if (const auto it = m_questionLine.find(q.id); it != m_questionLine.end()) {
            errorNear(e, "id",
                      "duplicate question id '" + q.id + "': the <question> at line " +
                          std::to_string(it->second) + " already uses it");
            return;
        }
        m_questionLine[q.id] = e.line;
        m_bank.questions.push_back(std::move(q));
    }

    bool readChoices(const XmlElement& e, Question& q) {
        bool anyCredit = false, anyCorrect = false;
        for (const auto& c : e.children)
            if (c.name == "choice") {
                anyCredit = anyCredit || c.attribute("credit");
                anyCorrect = anyCorrect || c.attribute("correct");
            }
        bool ok = true;
        std::vector<bool> correct;
        for (const auto& c : e.children) {
            if (c.name != "choice") continue;
            ElementReader r(c, m_path, m_diags);
            Choice choice;
            if (anyCredit) {
                if (const XmlAttribute* a = r.find("correct")) {
                    r.errorAt(
                        *a,
                        "<choice> takes 'credit' or 'correct', and the choices of one question all use the "
                        "same one; this question uses 'credit'");
                    ok = false;
                }
                choice.credit = r.number("credit", 0.0, -1.0, 1.0);
            } else {
                correct.push_back(r.boolean("correct", false));
            }
            choice.feedback = collapseSpaces(r.string("feedback", ""));
            choice.picture = pictureAttributes(r, false);
            r.rejectUnknownAttributes();
            r.rejectUnknownChildren({});
            choice.text = collapseSpaces(c.text);
            if (choice.text.empty()) {
                if (choice.picture)
                    choice.text = choice.picture->caption;
                else {
                    error(c, "<choice> must not be empty");
                    ok = false;
                }
            }
            q.choices.push_back(std::move(choice));
        }
        (void)anyCorrect;
        if (!anyCredit) assignDefaultCredits(q, correct);
        return ok;
    }

    bool readAnswer(const XmlElement& e, Question& q) {
        const XmlElement* answer = single(e, "answer");
        if (!answer) {
            error(
                e,
                q.type == QuestionType::Numeric
                    ? "<question type=\"numeric\"> needs an <answer value=\"..\" min=\"..\" max=\"..\"/>"
                    : "<question type=\"true-false\"> needs an <answer value=\"true\"/> or value=\"false\"");
            return false;
        }
        ElementReader r(*answer, m_path, m_diags);
        bool ok = true;
        if (q.type == QuestionType::TrueFalse) {
            const XmlAttribute* v = r.find("value");
            if (!v) {
                r.error("<answer> is missing required attribute 'value' (true or false)");
                ok = false;
            } else if (v->value == "true" || v->value == "false") {
                q.truth = v->value == "true";
            } else {
                r.errorAt(*v, "<answer> attribute 'value' must be true or false, got \"" + v->value + "\"");
                ok = false;
            }
        } else {
            constexpr double kBig = 1e12;
            const auto value = r.requiredNumber("value", -kBig, kBig);
            const auto min = r.requiredNumber("min", -kBig, kBig);
            const auto max = r.requiredNumber("max", -kBig, kBig);
            const auto tolerance = r.number("tolerance", 0.0, -kBig, kBig);
            ok = value && min && max;
            if (ok)
                q.numeric = {*value, tolerance, collapseSpaces(r.string("unit", "")), *min, *max};
            else
                r.find("unit");
        }
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(*answer);
        return ok;
    }

    QuestionBank m_bank;
    std::map<std::string, int> m_categoryLine;
    std::map<std::string, int> m_questionLine;
};

} // namespace

std::optional<QuestionBank> readQuestionBank(const XmlDocument& doc, Diagnostics& diags) {
    return BankFileReader(doc, diags).read();
}

std::optional<QuestionBank> loadQuestionBankFile(const std::string& path, Diagnostics& diags) {
    const auto doc = loadXmlFile(path, diags);
    if (!doc) return std::nullopt;
    return readQuestionBank(*doc, diags);
}

bool validateQuestionBankFile(const std::string& path, Diagnostics& diags) {
    Diagnostics local;
    const bool ok = loadQuestionBankFile(path, local).has_value() && !local.hasErrors();
    diags.append(local);
    return ok;
}

} // namespace stipple
