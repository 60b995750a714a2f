// Moodle XML import and export (https://docs.moodle.org/en/Moodle_XML_format), HTML to text,
// and loading a bank in whichever format a file is in. The importer reads only the elements it
// maps (see moodle.h) and ignores Moodle's presentation settings (penalty, numbering, shuffling,
// combined feedback), which have no meaning in Stipple.
#include "io/files.h"
#include "io/numbers.h"
#include "quiz/moodle.h"
#include "quiz/moodle_common.h"
#include "quiz/question_bank_reader.h"

#include <algorithm>
#include <cmath>

namespace stipple {

namespace {

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x110000) {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string collapse(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

} // namespace

std::string htmlToText(std::string_view html) {
    std::string out;
    for (size_t i = 0; i < html.size(); ++i) {
        const char c = html[i];
        if (c == '<') {
            const size_t end = html.find('>', i);
            if (end == std::string_view::npos) break;
            // Line and block breaks separate words; inline tags (b, i, span) do not.
            std::string name;
            for (size_t k = i + 1; k < end && name.size() < 12; ++k) {
                const char t = html[k];
                if (t == '/' && name.empty()) continue;
                if (!((t >= 'a' && t <= 'z') || (t >= 'A' && t <= 'Z') || (t >= '0' && t <= '9'))) break;
                name += static_cast<char>(t >= 'A' && t <= 'Z' ? t - 'A' + 'a' : t);
            }
            for (const char* block :
                 {"br", "p", "div", "li", "ul", "ol", "tr", "td", "h1", "h2", "h3", "h4", "table"})
                if (name == block) out += ' ';
            i = end;
            continue;
        }
        if (c == '&') {
            const size_t semi = html.find(';', i);
            if (semi != std::string_view::npos && semi - i <= 10) {
                const std::string_view entity = html.substr(i + 1, semi - i - 1);
                std::optional<uint32_t> cp;
                if (entity == "amp")
                    cp = '&';
                else if (entity == "lt")
                    cp = '<';
                else if (entity == "gt")
                    cp = '>';
                else if (entity == "quot")
                    cp = '"';
                else if (entity == "apos")
                    cp = '\'';
                else if (entity == "nbsp")
                    cp = ' ';
                else if (entity == "ndash")
                    cp = 0x2013;
                else if (entity == "mdash")
                    cp = 0x2014;
                else if (entity.size() > 1 && entity[0] == '#') {
                    const bool hex = entity[1] == 'x' || entity[1] == 'X';
                    uint32_t v = 0;
                    bool ok = entity.size() > (hex ? 2u : 1u);
                    for (size_t k = hex ? 2 : 1; k < entity.size() && ok; ++k) {
                        const char d = entity[k];
                        int digit = -1;
                        if (d >= '0' && d <= '9')
                            digit = d - '0';
                        else if (hex && d >= 'a' && d <= 'f')
                            digit = d - 'a' + 10;
                        else if (hex && d >= 'A' && d <= 'F')
                            digit = d - 'A' + 10;
                        ok = digit >= 0 && v < 0x110000;
                        v = v * (hex ? 16 : 10) + static_cast<uint32_t>(std::max(digit, 0));
                    }
                    if (ok && v > 0 && v < 0x110000) cp = v;
                }
                if (cp) {
                    appendUtf8(out, *cp);
                    i = semi;
                    continue;
                }
            }
        }
        out += c;
    }
    return collapse(out);
}

namespace {

const XmlElement* child(const XmlElement& e, std::string_view name) {
    for (const auto& c : e.children)
        if (c.name == name) return &c;
    return nullptr;
}

/// The text of <name><text>..</text></name> (or of <name> itself when it has no <text>),
/// converted from its format.
std::string textIn(const XmlElement& e, std::string_view name) {
    const XmlElement* holder = child(e, name);
    if (!holder) return "";
    const XmlElement* text = child(*holder, "text");
    const std::string raw = text ? text->text : holder->text;
    const XmlAttribute* format = holder->attribute("format");
    if (format && format->value == "html") return htmlToText(raw);
    return collapse(raw);
}

std::string plainChild(const XmlElement& e, std::string_view name) {
    const XmlElement* c = child(e, name);
    return c ? std::string(trim(c->text)) : std::string();
}

class MoodleXmlReader {
  public:
    MoodleXmlReader(const XmlDocument& doc, Diagnostics& diags) : m_doc(doc), m_builder(doc.path, diags) {}

    std::optional<QuestionBank> read() {
        const XmlElement& root = m_doc.root;
        if (root.name != "quiz") {
            m_builder.error(root.line, "expected a Moodle XML <quiz> root element, got <" + root.name + ">",
                            root.column);
            return m_builder.finish();
        }
        for (const auto& q : root.children) {
            if (q.name != "question") continue; // comments and Moodle extras
            const XmlAttribute* type = q.attribute("type");
            if (!type) {
                m_builder.error(q.line, "<question> has no 'type'", q.column);
                continue;
            }
            readQuestion(q, type->value);
        }
        return m_builder.finish();
    }

  private:
    void readQuestion(const XmlElement& e, const std::string& type) {
        if (type == "category") {
            const XmlElement* category = child(e, "category");
            const std::string path =
                category ? (child(*category, "text") ? child(*category, "text")->text : category->text) : "";
            m_builder.setCategory(path, e.line, plainChild(e, "idnumber"));
            return;
        }
        Question q;
        const std::string idnumber = plainChild(e, "idnumber");
        q.id = moodle::isStippleId(idnumber) ? idnumber : slugify(textIn(e, "name"));
        q.prompt = textIn(e, "questiontext");
        q.explanation = textIn(e, "generalfeedback");
        std::vector<std::string> tags;
        if (const XmlElement* t = child(e, "tags"))
            for (const auto& tag : t->children)
                if (tag.name == "tag")
                    tags.push_back(
                        std::string(trim(child(tag, "text") ? child(tag, "text")->text : tag.text)));
        if (q.prompt.empty()) q.prompt = textIn(e, "name");

        std::vector<const XmlElement*> answers;
        for (const auto& c : e.children)
            if (c.name == "answer") answers.push_back(&c);
        auto fraction = [&](const XmlElement& a) -> std::optional<double> {
            const XmlAttribute* f = a.attribute("fraction");
            if (!f) return 0.0;
            const auto v = parseNumber(trim(f->value));
            if (!v)
                m_builder.error(a.line, "<answer> fraction \"" + f->value + "\" is not a number", a.column);
            return v;
        };

        if (type == "multichoice") {
            const std::string single = plainChild(e, "single");
            bool ok = true;
            int positives = 0;
            for (const XmlElement* a : answers) {
                const auto f = fraction(*a);
                if (!f) {
                    ok = false;
                    continue;
                }
                Choice c;
                // The answer's own <text> child; its format is on <answer>.
                const XmlElement* t = child(*a, "text");
                const XmlAttribute* fmt = a->attribute("format");
                const std::string raw = t ? t->text : a->text;
                c.text = fmt && fmt->value == "html" ? htmlToText(raw) : collapse(raw);
                c.feedback = textIn(*a, "feedback");
                c.credit = *f / 100.0;
                if (c.credit > 0) ++positives;
                q.choices.push_back(std::move(c));
            }
            if (!ok) return;
            const bool isSingle = single.empty() ? positives <= 1 : (single == "true" || single == "1");
            q.type = isSingle ? QuestionType::SingleChoice : QuestionType::MultipleChoice;
            // Moodle stores fractions to 7 decimals: 3 × 33.33333 % must still make a whole.
            double sum = 0;
            for (const auto& c : q.choices)
                sum += c.credit > 0 ? c.credit : 0;
            if (!isSingle && sum > 0 && std::abs(sum - 1.0) < 0.01)
                for (auto& c : q.choices)
                    if (c.credit > 0) c.credit /= sum;
            if (isSingle)
                for (auto& c : q.choices)
                    if (std::abs(c.credit - 1.0) < 1e-6) c.credit = 1.0;
        } else if (type == "truefalse") {
            q.type = QuestionType::TrueFalse;
            bool found = false;
            for (const XmlElement* a : answers) {
                const auto f = fraction(*a);
                const XmlElement* t = child(*a, "text");
                const std::string word = collapse(t ? t->text : a->text);
                if (f && *f > 0) {
                    if (word != "true" && word != "false") {
                        m_builder.error(a->line,
                                        "a true/false answer must be \"true\" or \"false\", got \"" + word +
                                            "\"",
                                        a->column);
                        return;
                    }
                    q.truth = word == "true";
                    found = true;
                }
            }
            if (!found) {
                m_builder.error(e.line,
                                "question '" + q.id + "': the true/false question has no answer with credit",
                                e.column);
                return;
            }
        } else if (type == "numerical") {
            q.type = QuestionType::Numeric;
            bool found = false;
            for (const XmlElement* a : answers) {
                const auto f = fraction(*a);
                if (!f || *f < 100.0 - 1e-6) continue;
                const XmlElement* t = child(*a, "text");
                const std::string value = collapse(t ? t->text : a->text);
                const auto v = parseNumber(value);
                const std::string tolText = plainChild(*a, "tolerance");
                const auto tol = tolText.empty() ? std::optional<double>(0.0) : parseNumber(tolText);
                if (!v || !tol) {
                    m_builder.error(a->line,
                                    "numerical answer \"" + value + "\" with tolerance \"" + tolText +
                                        "\" is not a number",
                                    a->column);
                    return;
                }
                q.numeric.value = *v;
                q.numeric.tolerance = std::abs(*tol);
                found = true;
                break;
            }
            if (!found) {
                m_builder.error(
                    e.line, "question '" + q.id + "': the numerical question has no answer with full credit",
                    e.column);
                return;
            }
            if (const XmlElement* units = child(e, "units"))
                for (const auto& u : units->children)
                    if (u.name == "unit" && plainChild(u, "multiplier") != "" &&
                        parseNumber(plainChild(u, "multiplier")).value_or(0) == 1.0) {
                        q.numeric.unit = plainChild(u, "unit_name");
                        break;
                    }
        } else if (type == "ordering") {
            q.type = QuestionType::Ordering;
            std::vector<std::pair<double, std::string>> items;
            for (const XmlElement* a : answers) {
                const XmlElement* t = child(*a, "text");
                const XmlAttribute* fmt = a->attribute("format");
                const std::string raw = t ? t->text : a->text;
                items.emplace_back(fraction(*a).value_or(0),
                                   fmt && fmt->value == "html" ? htmlToText(raw) : collapse(raw));
            }
            // Answers are in the right order; their fractions, when all different, say so too.
            std::vector<double> fr;
            for (const auto& it : items)
                fr.push_back(it.first);
            std::sort(fr.begin(), fr.end());
            if (std::adjacent_find(fr.begin(), fr.end()) == fr.end())
                std::stable_sort(items.begin(), items.end(),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
            for (auto& it : items)
                q.items.push_back(std::move(it.second));
        } else {
            m_builder.warning(
                e.line, "a Moodle \"" + type + "\" question cannot be asked by Stipple; skipped", e.column);
            return;
        }
        m_builder.add(std::move(q), e.line, tags);
    }

    const XmlDocument& m_doc;
    moodle::BankBuilder m_builder;
};

std::string fraction7(double credit) {
    // Moodle's own precision: 33.3333333 and friends.
    return formatNumber(std::round(credit * 100.0 * 1e7) / 1e7);
}

XmlElement& textElement(XmlElement& parent, const std::string& name, const std::string& text,
                        bool withFormat = true) {
    XmlElement& e = parent.addChild(name);
    if (withFormat) e.set("format", "plain_text");
    e.addChild("text").text = text;
    return e;
}

} // namespace

std::optional<QuestionBank> importMoodleXml(const XmlDocument& doc, Diagnostics& diags) {
    return MoodleXmlReader(doc, diags).read();
}

std::string exportMoodleXml(const QuestionBank& bank) {
    XmlElement quiz;
    quiz.name = "quiz";
    for (const auto& category : bank.categories) {
        bool used = false;
        for (const auto& q : bank.questions)
            used = used || (!q.categories.empty() && q.categories[0] == category.id);
        if (!used) continue;
        XmlElement& c = quiz.addChild("question");
        c.set("type", "category");
        c.addChild("category").addChild("text").text = "$course$/top/" + category.name;
        c.addChild("idnumber").text = category.id; // Moodle 3.6+ keeps it; Stipple reads its id back from it
        for (const auto& q : bank.questions) {
            if (q.categories.empty() || q.categories[0] != category.id) continue;
            XmlElement& e = quiz.addChild("question");
            switch (q.type) {
            case QuestionType::SingleChoice:
            case QuestionType::MultipleChoice:
                e.set("type", "multichoice");
                break;
            case QuestionType::TrueFalse:
                e.set("type", "truefalse");
                break;
            case QuestionType::Numeric:
                e.set("type", "numerical");
                break;
            case QuestionType::Ordering:
                e.set("type", "ordering");
                break;
            }
            textElement(e, "name", q.id, false);
            std::string prompt = q.prompt;
            if (q.picture) prompt += " [Picture: " + q.picture->caption + "]";
            textElement(e, "questiontext", prompt);
            textElement(e, "generalfeedback",
                        q.explanation + (q.source.empty() ? "" : "\nSource: " + q.source));
            e.addChild("defaultgrade").text = "1";
            e.addChild("penalty").text = "0";
            e.addChild("hidden").text = "0";
            e.addChild("idnumber").text = q.id;
            auto answer = [&](const std::string& fraction, const std::string& text,
                              const std::string& feedback) -> XmlElement& {
                XmlElement& a = e.addChild("answer");
                a.set("fraction", fraction);
                a.set("format", "plain_text");
                a.addChild("text").text = text;
                textElement(a, "feedback", feedback);
                return a;
            };
            switch (q.type) {
            case QuestionType::SingleChoice:
            case QuestionType::MultipleChoice:
                e.addChild("single").text = q.type == QuestionType::SingleChoice ? "true" : "false";
                e.addChild("shuffleanswers").text = "true";
                e.addChild("answernumbering").text = "abc";
                for (const auto& c : q.choices)
                    answer(fraction7(c.credit), c.text, c.feedback);
                break;
            case QuestionType::TrueFalse:
                answer(q.truth ? "100" : "0", "true", "");
                answer(q.truth ? "0" : "100", "false", "");
                break;
            case QuestionType::Numeric: {
                XmlElement& a = answer("100", formatNumber(q.numeric.value), "");
                a.addChild("tolerance").text = formatNumber(q.numeric.tolerance);
                if (!q.numeric.unit.empty()) {
                    XmlElement& unit = e.addChild("units").addChild("unit");
                    unit.addChild("multiplier").text = "1";
                    unit.addChild("unit_name").text = q.numeric.unit;
                    e.addChild("unitgradingtype").text = "0";
                    e.addChild("showunits").text = "3";
                    e.addChild("unitsleft").text = "0";
                }
                break;
            }
            case QuestionType::Ordering:
                e.addChild("layouttype").text = "VERTICAL";
                e.addChild("selecttype").text = "ALL";
                e.addChild("selectcount").text = "0";
                e.addChild("gradingtype").text = "RELATIVE_TO_CORRECT";
                for (size_t i = 0; i < q.items.size(); ++i)
                    answer(std::to_string(i + 1), q.items[i], "");
                break;
            }
            XmlElement& tags = e.addChild("tags");
            tags.addChild("tag").addChild("text").text = "difficulty:" + std::to_string(q.difficulty);
            if (q.type == QuestionType::Numeric)
                tags.addChild("tag").addChild("text").text =
                    "range:" + formatNumber(q.numeric.min) + ".." + formatNumber(q.numeric.max);
            for (size_t i = 1; i < q.categories.size(); ++i)
                tags.addChild("tag").addChild("text").text = "category:" + q.categories[i];
        }
    }
    return writeXml(quiz);
}

std::optional<QuestionBank> loadAnyQuestionBank(const std::string& path, Diagnostics& diags) {
    std::string text, error;
    if (!readFile(path, text, error)) {
        diags.error(path, 1, 1, "cannot open file: " + error);
        return std::nullopt;
    }
    std::string_view head = text;
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    head = trim(head);
    if (head.empty() || head.front() != '<') return importGift(text, path, diags);
    const auto doc = parseXml(text, path, diags);
    if (!doc) return std::nullopt;
    if (doc->root.name == "quiz") return importMoodleXml(*doc, diags);
    if (doc->root.name != "question-bank") {
        diags.error(
            path, doc->root.line, doc->root.column,
            "not a question bank: expected <question-bank> (Stipple) or <quiz> (Moodle XML), or a GIFT "
            "text file; got <" +
                doc->root.name + ">");
        return std::nullopt;
    }
    return readQuestionBank(*doc, diags);
}

} // namespace stipple
