// The GIFT importer (https://docs.moodle.org/en/GIFT_format). A file is a sequence of blocks
// separated by blank lines; "//" lines are comments; "$CATEGORY: path" switches category. A
// question block is "::title::[format]text {answers} more text", where the special characters
// ~ = # { } : are escaped with a backslash inside text.
#include "io/numbers.h"
#include "io/text.h"
#include "io/utf8.h"
#include "quiz/moodle.h"
#include "quiz/moodle_common.h"

#include <algorithm>
#include <cmath>

namespace stipple {

namespace {

/// Removes GIFT escapes: \~ \= \# \{ \} \: \\ and \n (a line break).
std::string unescapeGift(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            const char n = s[i + 1];
            if (n == 'n') {
                out += '\n';
                ++i;
                continue;
            }
            if (n == '~' || n == '=' || n == '#' || n == '{' || n == '}' || n == ':' || n == '\\') {
                out += n;
                ++i;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

/// Position of the first unescaped `c` at or after `from`, or npos.
size_t findUnescaped(std::string_view s, char c, size_t from = 0) {
    for (size_t i = from; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
            continue;
        }
        if (s[i] == c) return i;
    }
    return std::string_view::npos;
}

/// Text in a given GIFT format, as plain text.
std::string textOf(std::string_view raw, const std::string& format) {
    const std::string text = unescapeGift(trim(raw));
    if (format == "html") return htmlToText(text);
    return collapseSpaces(text);
}

struct GiftAnswer {
    char mark = '~'; ///< '=' or '~'
    std::optional<double> percent;
    std::string text;
    std::string feedback;
};

/// Splits "answers #### general feedback" and the answers "=a#fb ~%50%b ~c".
std::vector<GiftAnswer> splitAnswers(std::string_view spec, std::string& general) {
    general.clear();
    // "####" starts the general feedback (an unescaped run of four).
    for (size_t i = findUnescaped(spec, '#'); i != std::string_view::npos;
         i = findUnescaped(spec, '#', i + 1))
        if (spec.substr(i, 4) == "####") {
            general = std::string(spec.substr(i + 4));
            spec = spec.substr(0, i);
            break;
        }
    std::vector<GiftAnswer> out;
    for (size_t i = 0; i < spec.size(); ++i) {
        if (spec[i] == '\\') {
            if (!out.empty()) out.back().text += spec.substr(i, 2);
            ++i;
            continue;
        }
        if (spec[i] == '=' || spec[i] == '~') {
            out.push_back({spec[i], std::nullopt, "", ""});
            continue;
        }
        if (!out.empty())
            out.back().text += spec[i];
        else if (spec[i] != ' ' && spec[i] != '\t' && spec[i] != '\n' && spec[i] != '\r') {
            // Text before the first answer mark: not a choice list; the caller decides.
            out.push_back({'?', std::nullopt, std::string(1, spec[i]), ""});
        }
    }
    for (auto& a : out) {
        std::string_view t = trim(a.text);
        if (t.size() > 1 && t.front() == '%') {
            const size_t close = t.find('%', 1);
            if (close != std::string_view::npos) {
                a.percent = parseNumber(t.substr(1, close - 1));
                t = trim(t.substr(close + 1));
            }
        }
        const size_t hash = findUnescaped(t, '#');
        if (hash != std::string_view::npos) {
            a.feedback = std::string(t.substr(hash + 1));
            t = t.substr(0, hash);
        }
        a.text = std::string(t);
    }
    return out;
}

std::string lowerAscii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

class GiftReader {
  public:
    GiftReader(const std::string& path, Diagnostics& diags) : m_builder(path, diags) {}

    std::optional<QuestionBank> read(std::string_view text) {
        if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
        // A NUL byte would end the text of a question early once it is written out (XML cannot
        // hold one): refuse the file as binary, like every other reader does.
        if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
            const int line = 1 + static_cast<int>(std::count(
                                     text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
            m_builder.error(line, "file contains binary data (a NUL byte); expected a GIFT text file");
            return m_builder.finish();
        }
        if (const auto bad = findUtf8Error(text)) {
            m_builder.error(bad->line, bad->message);
            return m_builder.finish();
        }
        std::string block;
        int blockLine = 0, lineNo = 0;
        auto flush = [&] {
            if (!trim(block).empty()) readBlock(block, blockLine);
            block.clear();
        };
        while (!text.empty()) {
            ++lineNo;
            const size_t nl = text.find('\n');
            std::string_view line = text.substr(0, nl);
            text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            const std::string_view t = trim(line);
            if (t.substr(0, 2) == "//") continue;
            if (t.empty()) {
                // A blank line ends a question, unless it is inside an open {...}.
                if (!open(block))
                    flush();
                else
                    block += "\n";
                continue;
            }
            if (t.substr(0, 10) == "$CATEGORY:" && !open(block)) {
                flush();
                m_builder.setCategory(t.substr(10), lineNo);
                continue;
            }
            if (block.empty()) blockLine = lineNo;
            block += std::string(line) + "\n";
        }
        flush();
        return m_builder.finish();
    }

  private:
    static bool open(const std::string& block) {
        const size_t openAt = findUnescaped(block, '{');
        return openAt != std::string::npos && findUnescaped(block, '}', openAt) == std::string::npos;
    }

    void readBlock(std::string_view block, int line) {
        std::string_view rest = trim(block);
        Question q;
        std::string title;
        if (rest.substr(0, 2) == "::") {
            const size_t end = rest.find("::", 2);
            if (end == std::string_view::npos) {
                m_builder.error(line,
                                "the question title is not closed: write ::title:: before the question text");
                return;
            }
            title = unescapeGift(trim(rest.substr(2, end - 2)));
            rest = trim(rest.substr(end + 2));
        }
        std::string format = "moodle";
        if (!rest.empty() && rest.front() == '[') {
            const size_t end = rest.find(']');
            if (end != std::string_view::npos) {
                format = lowerAscii(std::string(rest.substr(1, end - 1)));
                rest = rest.substr(end + 1);
            }
        }
        const size_t openAt = findUnescaped(rest, '{');
        if (openAt == std::string_view::npos) {
            m_builder.warning(line, "a description without answers (no {...}); skipped");
            return;
        }
        const size_t closeAt = findUnescaped(rest, '}', openAt);
        if (closeAt == std::string_view::npos) {
            m_builder.error(line, "the answers opened with '{' are not closed with '}'");
            return;
        }
        const std::string before = textOf(rest.substr(0, openAt), format);
        const std::string after = textOf(rest.substr(closeAt + 1), format);
        const std::string_view spec = trim(rest.substr(openAt + 1, closeAt - openAt - 1));
        // Missing-word format: the answers stand in a gap in the sentence.
        q.prompt = after.empty() ? before : before + " _____ " + after;
        if (q.prompt.empty()) q.prompt = title;
        if (q.prompt.empty()) {
            m_builder.error(line, "the question has no text");
            return;
        }
        q.id = slugify(title);
        // GIFT carries no files: a picture (<img>) in its HTML cannot come along. Said per question.
        {
            std::string lower(rest);
            for (char& c : lower)
                c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            size_t pictures = 0;
            for (size_t at = lower.find("<img"); at != std::string::npos; at = lower.find("<img", at + 4))
                ++pictures;
            if (pictures > 0)
                m_builder.warning(
                    line, "question '" + (q.id.empty() ? slugify(q.prompt) : q.id) +
                              "': " + std::to_string(pictures) + (pictures == 1 ? " picture" : " pictures") +
                              " (<img>) cannot be kept: a GIFT file does not carry picture files (export "
                              "the questions from Moodle as Moodle XML, which embeds them); imported "
                              "without " +
                              (pictures == 1 ? "it" : "them"));
        }

        if (spec.empty()) {
            m_builder.warning(line,
                              "an essay question ({} with no answers) cannot be graded by Stipple; skipped");
            return;
        }
        std::string general;
        if (spec.front() == '#') {
            if (!readNumeric(q, spec.substr(1), general, line)) return;
        } else if (isTrueFalse(spec, q, general)) {
            q.type = QuestionType::TrueFalse;
        } else {
            const auto answers = splitAnswers(spec, general);
            bool anyRight = false, anyWrong = false, arrows = false, stray = false;
            for (const auto& a : answers) {
                anyRight = anyRight || a.mark == '=';
                anyWrong = anyWrong || a.mark == '~';
                arrows = arrows || a.text.find("->") != std::string::npos;
                stray = stray || a.mark == '?';
            }
            if (stray) {
                m_builder.error(line, "the answers must each start with '=' (right) or '~' (wrong); escape a "
                                      "literal = or ~ as \\= or \\~");
                return;
            }
            if (arrows && anyRight && !anyWrong) {
                m_builder.warning(line, "a matching question cannot be asked by Stipple; skipped");
                return;
            }
            if (anyRight && !anyWrong) {
                m_builder.warning(line,
                                  "a short-answer question (only '=' answers) cannot be graded by Stipple; "
                                  "skipped");
                return;
            }
            int positives = 0;
            for (const auto& a : answers) {
                Choice c;
                c.text = textOf(a.text, format);
                c.feedback = textOf(a.feedback, format);
                c.credit = a.percent ? *a.percent / 100.0 : (a.mark == '=' ? 1.0 : 0.0);
                if (a.percent && !moodleFraction(c.credit)) {
                    m_builder.error(line, "answer weight %" + formatNumber(*a.percent) +
                                              "% is not a grade Moodle allows (" + moodleFractionList() +
                                              "): Moodle would refuse it too; use the nearest of them");
                    return;
                }
                if (c.credit > 0) ++positives;
                q.choices.push_back(std::move(c));
            }
            const bool single = positives <= 1 || anyRight;
            q.type = single ? QuestionType::SingleChoice : QuestionType::MultipleChoice;
            if (!single) snapCredits(q);
        }
        q.explanation = textOf(general, format);
        m_builder.add(std::move(q), line, {});
    }

    /// Positive credits within 1 % of a whole are made to add up exactly (33.33333 % three times).
    static void snapCredits(Question& q) {
        double sum = 0;
        for (const auto& c : q.choices)
            if (c.credit > 0) sum += c.credit;
        if (sum > 0 && std::abs(sum - 1.0) < 0.01)
            for (auto& c : q.choices)
                if (c.credit > 0) c.credit /= sum;
    }

    static bool isTrueFalse(std::string_view spec, Question& q, std::string& general) {
        std::string_view head = spec;
        std::string_view feedback;
        if (const size_t hash = findUnescaped(spec, '#'); hash != std::string_view::npos) {
            head = trim(spec.substr(0, hash));
            feedback = spec.substr(hash);
        }
        const std::string word(head);
        if (word != "T" && word != "TRUE" && word != "F" && word != "FALSE") return false;
        q.truth = word[0] == 'T';
        if (const size_t g = feedback.find("####"); g != std::string_view::npos)
            general = std::string(feedback.substr(g + 4));
        return true;
    }

    bool readNumeric(Question& q, std::string_view spec, std::string& general, int line) {
        q.type = QuestionType::Numeric;
        std::string_view body = spec;
        for (size_t i = findUnescaped(body, '#'); i != std::string_view::npos;
             i = findUnescaped(body, '#', i + 1))
            if (body.substr(i, 4) == "####") {
                general = std::string(body.substr(i + 4));
                body = body.substr(0, i);
                break;
            }
        std::string chosen(trim(body));
        // Several answers: "=3.14:0.01#fb =%50%3:0.5"; take the first with full credit.
        if (!chosen.empty() && (chosen.front() == '=' || chosen.front() == '~')) {
            std::string ignored;
            std::string first;
            for (const auto& a : splitAnswers(chosen, ignored)) {
                if (a.mark != '=' || (a.percent && *a.percent < 100.0)) continue;
                first = a.text;
                break;
            }
            if (first.empty()) {
                m_builder.error(
                    line, "the numeric question has no answer with full credit ('=' without a lower %)");
                return false;
            }
            chosen = first;
        }
        if (const size_t hash = findUnescaped(chosen, '#'); hash != std::string::npos)
            chosen = std::string(trim(std::string_view(chosen).substr(0, hash)));
        const std::string value = chosen;
        if (const size_t range = value.find(".."); range != std::string::npos) {
            const auto lo = parseNumber(trim(std::string_view(value).substr(0, range)));
            const auto hi = parseNumber(trim(std::string_view(value).substr(range + 2)));
            if (!lo || !hi || *lo > *hi) {
                m_builder.error(line, "numeric answer \"" + value + "\" is not a range MIN..MAX");
                return false;
            }
            q.numeric.value = (*lo + *hi) / 2;
            q.numeric.tolerance = (*hi - *lo) / 2;
            return true;
        }
        const size_t colon = value.find(':');
        const auto v = parseNumber(trim(std::string_view(value).substr(0, colon)));
        const auto tol = colon == std::string::npos
                             ? std::optional<double>(0.0)
                             : parseNumber(trim(std::string_view(value).substr(colon + 1)));
        if (!v || !tol || *tol < 0) {
            m_builder.error(line,
                            "numeric answer \"" + value + "\" must be VALUE or VALUE:TOLERANCE or MIN..MAX");
            return false;
        }
        q.numeric.value = *v;
        q.numeric.tolerance = *tol;
        return true;
    }

    moodle::BankBuilder m_builder;
};

} // namespace

std::optional<QuestionBank> importGift(std::string_view text, const std::string& path, Diagnostics& diags) {
    return GiftReader(path, diags).read(text);
}

} // namespace stipple
