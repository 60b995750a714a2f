// Moodle XML import and export (https://docs.moodle.org/en/Moodle_XML_format), HTML to text,
// and loading a bank in whichever format a file is in. The importer reads only the elements it
// maps (see moodle.h) and ignores Moodle's presentation settings (penalty, numbering, shuffling,
// combined feedback), which have no meaning in Stipple.
#include "io/files.h"
#include "io/numbers.h"
#include "io/text.h"
#include "quiz/moodle.h"
#include "quiz/moodle_common.h"
#include "quiz/picture_scene.h"
#include "quiz/question_bank_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>

#include <sodium.h>

namespace stipple {

namespace {

std::string base64Encode(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    std::string out(text.size() * 3 / 4 + 3, '\0');
    size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                          " \t\r\n", &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    out.resize(length);
    return out;
}

/// An <img> in a question's or an answer's HTML: its file (after @@PLUGINFILE@@/) or URL, and alt text.
struct HtmlImage {
    std::string src;
    std::string alt;
};

std::string attributeIn(std::string_view tag, std::string_view name) {
    size_t at = 0;
    while ((at = tag.find(name, at)) != std::string_view::npos) {
        const bool start = at > 0 && (tag[at - 1] == ' ' || tag[at - 1] == '\t' || tag[at - 1] == '\n');
        size_t k = at + name.size();
        while (k < tag.size() && tag[k] == ' ')
            ++k;
        if (!start || k >= tag.size() || tag[k] != '=') {
            at += name.size();
            continue;
        }
        ++k;
        while (k < tag.size() && tag[k] == ' ')
            ++k;
        if (k >= tag.size()) return "";
        const char quote = tag[k];
        if (quote == '"' || quote == '\'') {
            const size_t end = tag.find(quote, k + 1);
            return htmlToText(tag.substr(k + 1, end == std::string_view::npos ? tag.npos : end - k - 1));
        }
        size_t end = k;
        while (end < tag.size() && tag[end] != ' ' && tag[end] != '>' && tag[end] != '/')
            ++end;
        return std::string(tag.substr(k, end - k));
    }
    return "";
}

std::vector<HtmlImage> imagesIn(std::string_view html) {
    std::vector<HtmlImage> out;
    size_t at = 0;
    while ((at = html.find('<', at)) != std::string_view::npos) {
        const size_t end = html.find('>', at);
        if (end == std::string_view::npos) break;
        const std::string_view tag = html.substr(at, end - at + 1);
        if (tag.size() > 4 && (tag.substr(1, 3) == "img" || tag.substr(1, 3) == "IMG") &&
            (tag[4] == ' ' || tag[4] == '/' || tag[4] == '\n' || tag[4] == '\t'))
            out.push_back({attributeIn(tag, "src"), attributeIn(tag, "alt")});
        at = end + 1;
    }
    return out;
}

/// The file name an @@PLUGINFILE@@ reference names (URL-decoded), or "" for any other src.
std::string pluginFileName(const std::string& src) {
    constexpr std::string_view prefix = "@@PLUGINFILE@@/";
    if (src.rfind(prefix, 0) != 0) return "";
    std::string out;
    for (size_t i = prefix.size(); i < src.size(); ++i) {
        if (src[i] == '%' && i + 2 < src.size()) {
            const auto v = std::stoi(src.substr(i + 1, 2), nullptr, 16);
            out += static_cast<char>(v);
            i += 2;
        } else {
            out += src[i];
        }
    }
    return out;
}

} // namespace

const std::vector<double>& moodleFractions() {
    // Moodle's question_bank::fraction_options(): the grades an answer may give, and their negatives.
    static const std::vector<double> fractions = [] {
        std::vector<double> v{1.0,       0.9,       0.8333333, 0.8,       0.75, 0.7,  0.6666667,
                              0.6,       0.5,       0.4,       0.3333333, 0.3,  0.25, 0.2,
                              0.1666667, 0.1428571, 0.125,     0.1111111, 0.1,  0.05, 0.0};
        const size_t n = v.size();
        for (size_t i = 0; i + 1 < n; ++i)
            v.push_back(-v[i]);
        return v;
    }();
    return fractions;
}

std::optional<double> moodleFraction(double credit) {
    // Moodle's import matches a grade within 0.00001 of an option, or refuses the file.
    for (double f : moodleFractions())
        if (std::abs(credit - f) < 0.00001) return f;
    return std::nullopt;
}

std::string moodleFractionList() {
    std::string out;
    for (double f : moodleFractions())
        if (f > 0) out += (out.empty() ? "" : ", ") + formatNumber(std::round(f * 1e7) / 1e5);
    return out + " % (or their negatives, or 0)";
}

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
    return collapseSpaces(out);
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
    return collapseSpaces(raw);
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
        auto fraction = [&](const XmlElement& a, bool grade = true) -> std::optional<double> {
            const XmlAttribute* f = a.attribute("fraction");
            if (!f) return 0.0;
            const auto v = parseNumber(trim(f->value));
            if (!v) {
                m_builder.error(a.line, "<answer> fraction \"" + f->value + "\" is not a number", a.column);
                return v;
            }
            // Moodle refuses a file whose grades are not among its own; so does Stipple, here.
            if (grade && !moodleFraction(*v / 100.0)) {
                m_builder.error(a.line,
                                "<answer> fraction \"" + f->value + "\" is not a grade Moodle allows (" +
                                    moodleFractionList() +
                                    "): Moodle would refuse this file; use the nearest of them",
                                a.column);
                return std::nullopt;
            }
            return v;
        };
        // The question's picture: the first <img> of its text, from the file embedded beside it.
        if (const XmlElement* holder = child(e, "questiontext")) q.picture = pictureIn(*holder, q.id);

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
                c.text = fmt && fmt->value == "html" ? htmlToText(raw) : collapseSpaces(raw);
                c.feedback = textIn(*a, "feedback");
                c.picture = pictureIn(*a, q.id);
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
                const std::string word = collapseSpaces(t ? t->text : a->text);
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
                const std::string value = collapseSpaces(t ? t->text : a->text);
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
                items.emplace_back(fraction(*a, false).value_or(0),
                                   fmt && fmt->value == "html" ? htmlToText(raw) : collapseSpaces(raw));
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

    /// The picture of the first <img> in `holder`'s HTML <text>, decoded from the <file> embedded in
    /// `holder` (as Moodle writes them). Every picture that cannot be kept is a located warning
    /// naming the question: a link instead of an embedded file, a file that is missing or not a dot
    /// pattern exported by Stipple (Stipple shows dot patterns, not photos), a second picture.
    std::optional<Picture> pictureIn(const XmlElement& holder, const std::string& questionId) {
        const XmlElement* text = child(holder, "text");
        if (!text) return std::nullopt;
        const auto images = imagesIn(text->text);
        if (images.empty()) return std::nullopt;
        std::map<std::string, const XmlElement*> files;
        for (const auto& f : holder.children)
            if (f.name == "file")
                if (const XmlAttribute* name = f.attribute("name")) files[name->value] = &f;
        std::optional<Picture> kept;
        for (const HtmlImage& image : images) {
            const std::string name = pluginFileName(image.src);
            const std::string shown = name.empty() ? image.src : name;
            auto drop = [&](const std::string& why) {
                m_builder.warning(holder.line,
                                  "question '" + questionId + "': picture " + shown + " " + why +
                                      "; the question is imported without it",
                                  holder.column);
            };
            if (kept) {
                drop("is a second picture (Stipple shows one per question and one per choice)");
                continue;
            }
            if (name.empty()) {
                drop("is a link, not a file embedded in the Moodle XML (export it from Moodle with its "
                     "files)");
                continue;
            }
            const auto file = files.find(name);
            if (file == files.end()) {
                drop("is not embedded in the file (no <file name=\"" + name + "\">)");
                continue;
            }
            const XmlAttribute* encoding = file->second->attribute("encoding");
            const auto bytes =
                encoding && encoding->value == "base64" ? base64Decode(file->second->text) : std::nullopt;
            if (!bytes) {
                drop("is not valid base64");
                continue;
            }
            const auto dots = dotsFromPictureSvg(*bytes);
            if (!dots) {
                drop("is not a dot pattern exported by Stipple (Stipple draws dot patterns, it cannot show "
                     "this image)");
                continue;
            }
            Picture picture;
            picture.caption = image.alt.empty() ? name : image.alt;
            picture.inlineDotsCsv = *dots;
            std::string error;
            if (!pictureScene(picture, "", error)) {
                drop("has dots Stipple cannot read (" + error + ")");
                continue;
            }
            kept = std::move(picture);
        }
        return kept;
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

std::optional<std::string> exportMoodleXml(const QuestionBank& bank, Diagnostics& diags) {
    const int errorsBefore = diags.errorCount();
    const std::string baseDir = std::filesystem::path(bank.path).parent_path().string();
    const std::string where = bank.path.empty() ? std::string("the bank") : bank.path;
    // A picture becomes an SVG file embedded where Moodle keeps a text's files, shown by an <img>
    // in that text's HTML.
    auto pictureHtml = [&](XmlElement& holder, const Question& q, const Picture& picture,
                           const std::string& name) {
        std::string error;
        const auto scene = pictureScene(picture, baseDir, error);
        if (!scene) {
            diags.error(where, q.line, 1,
                        "question '" + q.id + "': its picture cannot be exported: " + error);
            return std::string();
        }
        XmlElement& file = holder.addChild("file");
        file.set("name", name);
        file.set("path", "/");
        file.set("encoding", "base64");
        file.text = base64Encode(pictureSvg(*scene, picture.caption));
        const double scale = std::min(1.0, 400.0 / std::max(scene->widthMm * 10.0, 1.0));
        return "<p><img src=\"@@PLUGINFILE@@/" + escapeHtml(name) + "\" alt=\"" +
               escapeHtml(picture.caption) + "\" width=\"" +
               std::to_string(std::lround(scene->widthMm * 10.0 * scale)) + "\" height=\"" +
               std::to_string(std::lround(scene->heightMm * 10.0 * scale)) + "\"></p>";
    };
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
            if (q.picture) {
                XmlElement& text = e.addChild("questiontext");
                text.set("format", "html");
                const std::string body =
                    "<p>" + escapeHtml(q.prompt) + "</p>" + pictureHtml(text, q, *q.picture, q.id + ".svg");
                text.children.insert(text.children.begin(), XmlElement{}); // <text> first, then <file>
                text.children.front().name = "text";
                text.children.front().text = body;
            } else {
                textElement(e, "questiontext", q.prompt);
            }
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
                for (size_t k = 0; k < q.choices.size(); ++k) {
                    const Choice& c = q.choices[k];
                    const auto allowed = moodleFraction(c.credit);
                    if (!allowed)
                        diags.error(where, q.line, 1,
                                    "question '" + q.id + "', choice " + std::to_string(k + 1) + ": credit " +
                                        formatNumber(c.credit) + " is not a grade Moodle allows (" +
                                        moodleFractionList() +
                                        "); Moodle would refuse the file: give the choice one of them");
                    XmlElement& a = answer(fraction7(allowed.value_or(c.credit)), c.text, c.feedback);
                    if (c.picture) {
                        a.set("format", "html");
                        const std::string body =
                            "<p>" + escapeHtml(c.text) + "</p>" +
                            pictureHtml(a, q, *c.picture,
                                        q.id + "-" + std::string(1, static_cast<char>('a' + k % 26)) +
                                            ".svg");
                        a.children.front().text = body; // the <text> answer() wrote first
                    }
                }
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
    if (diags.errorCount() > errorsBefore) return std::nullopt;
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
