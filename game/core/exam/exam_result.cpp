// Canonical text of a result. A line is `key` or `key value`; nesting is shown by two spaces of
// indentation (section > item > metric) and fixed by the order of the lines, so the parser is a
// small cursor that expects exactly what the writer writes. Text values run to the end of the
// line; tokens (ids, categories, zones) are single words. Both escape '\\', control bytes and
// (in tokens) spaces, so no value can fake a line.
#include "exam/exam_result.h"

#include <algorithm>
#include <cstdio>

#include "aftercare/civil_date.h"
#include "io/files.h"
#include "io/numbers.h"

#include <chrono>
#include <cstdio>

namespace stipple {

namespace {

constexpr std::string_view kMagic = "stipple-result";

std::string escape(std::string_view s, bool token) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\r')
            out += "\\r";
        else if (c < 0x20 || c == 0x7f || (token && c == ' ')) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else
            out += static_cast<char>(c);
    }
    return out;
}

/// A token never empty and never "-" (which stands for an empty token).
std::string token(std::string_view s) {
    if (s.empty()) return "-";
    if (s == "-") return "\\x2d";
    return escape(s, true);
}

std::optional<std::string> unescape(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        if (++i >= s.size()) return std::nullopt;
        switch (s[i]) {
        case '\\':
            out += '\\';
            break;
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case 'x': {
            if (i + 2 >= s.size()) return std::nullopt;
            int v = 0;
            for (int k = 1; k <= 2; ++k) {
                const char c = s[i + static_cast<size_t>(k)];
                int d = -1;
                if (c >= '0' && c <= '9')
                    d = c - '0';
                else if (c >= 'a' && c <= 'f')
                    d = c - 'a' + 10;
                if (d < 0) return std::nullopt;
                v = v * 16 + d;
            }
            out += static_cast<char>(v);
            i += 2;
            break;
        }
        default:
            return std::nullopt;
        }
    }
    return out;
}

std::optional<std::string> untoken(std::string_view s) {
    if (s == "-") return std::string();
    return unescape(s);
}

const char* boolText(bool b) {
    return b ? "true" : "false";
}

const char* itemKindName(ResultItem::Kind k) {
    switch (k) {
    case ResultItem::Kind::Level:
        return "level";
    case ResultItem::Kind::Question:
        return "question";
    case ResultItem::Kind::Scenario:
        return "scenario";
    }
    return "level";
}

class Writer {
  public:
    void line(std::string_view indent, std::string_view key) {
        m_out.append(indent).append(key).push_back('\n');
    }
    void text(std::string_view indent, std::string_view key, std::string_view value) {
        m_out.append(indent).append(key);
        if (!value.empty()) m_out.append(" ").append(escape(value, false));
        m_out.push_back('\n');
    }
    /// Raw words (already tokens or numbers), joined by single spaces.
    void words(std::string_view indent, std::string_view key, std::initializer_list<std::string> values) {
        m_out.append(indent).append(key);
        for (const auto& v : values)
            m_out.append(" ").append(v);
        m_out.push_back('\n');
    }
    std::string take() { return std::move(m_out); }

  private:
    std::string m_out;
};

/// Reads the lines of a canonical result in order.
class Cursor {
  public:
    explicit Cursor(std::string_view text) : m_text(text) {}

    bool atEnd() const { return m_pos >= m_text.size(); }
    int lineNumber() const { return m_line; }
    std::string& error() { return m_error; }

    /// The next line split into indent level, key and the rest; does not advance.
    bool peek(std::string_view indent, std::string_view key) const {
        std::string_view l = current();
        if (l.substr(0, indent.size()) != indent) return false;
        l.remove_prefix(indent.size());
        if (l.substr(0, key.size()) != key) return false;
        return l.size() == key.size() || l[key.size()] == ' ';
    }

    /// Consumes `indent key [rest]`, returns rest (may be empty); on mismatch sets the error.
    std::optional<std::string_view> take(std::string_view indent, std::string_view key) {
        if (!m_error.empty()) return std::nullopt;
        if (atEnd()) {
            fail("ends early; expected \"" + std::string(indent) + std::string(key) + "\"");
            return std::nullopt;
        }
        if (!peek(indent, key)) {
            fail("expected \"" + std::string(indent) + std::string(key) + "\", got \"" + shorten(current()) +
                 "\"");
            return std::nullopt;
        }
        std::string_view l = current();
        l.remove_prefix(indent.size() + key.size());
        if (!l.empty()) l.remove_prefix(1);
        m_takenLine = m_line;
        advance();
        return l;
    }

    /// A problem with the line about to be read (missing, unexpected).
    void fail(const std::string& message) {
        if (m_error.empty()) m_error = "line " + std::to_string(m_line) + ": " + message;
    }
    /// A problem with a value of the line just taken.
    void failValue(const std::string& message) {
        if (m_error.empty()) m_error = "line " + std::to_string(m_takenLine) + ": " + message;
    }

  private:
    std::string_view current() const {
        const size_t nl = m_text.find('\n', m_pos);
        return m_text.substr(m_pos, nl == std::string_view::npos ? std::string_view::npos : nl - m_pos);
    }
    void advance() {
        const size_t nl = m_text.find('\n', m_pos);
        m_pos = nl == std::string_view::npos ? m_text.size() : nl + 1;
        ++m_line;
    }
    static std::string shorten(std::string_view s) {
        std::string out = escape(s.substr(0, 60), false);
        if (s.size() > 60) out += "...";
        return out;
    }

    std::string_view m_text;
    size_t m_pos = 0;
    int m_line = 1;
    int m_takenLine = 1;
    std::string m_error;
};

std::vector<std::string_view> splitWords(std::string_view s, size_t maxParts) {
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < maxParts) {
        const size_t sp = s.find(' ');
        if (sp == std::string_view::npos) break;
        parts.push_back(s.substr(0, sp));
        s.remove_prefix(sp + 1);
    }
    parts.push_back(s);
    return parts;
}

class Parser {
  public:
    explicit Parser(std::string_view text) : m_c(text) {}

    std::optional<ExamResult> parse(std::string& error) {
        ExamResult r;
        readAll(r);
        if (m_c.error().empty() && !m_c.atEnd()) m_c.fail("unexpected line after the end of the result");
        if (!m_c.error().empty()) {
            error = m_c.error();
            return std::nullopt;
        }
        return r;
    }

  private:
    std::string text(std::string_view indent, std::string_view key) {
        const auto v = m_c.take(indent, key);
        if (!v) return {};
        auto s = unescape(*v);
        if (!s) {
            m_c.failValue("bad escape in \"" + std::string(key) + "\"");
            return {};
        }
        return *s;
    }
    /// A text field inside a line (a path at the end of it).
    std::string textValue(std::string_view raw, std::string_view what) {
        auto s = unescape(raw);
        if (!s) m_c.failValue("bad escape in " + std::string(what));
        return s.value_or("");
    }
    std::string tokenValue(std::string_view raw, std::string_view what) {
        auto s = untoken(raw);
        if (!s || raw.empty()) {
            m_c.failValue("bad " + std::string(what));
            return {};
        }
        return *s;
    }
    double number(std::string_view raw, std::string_view what) {
        const auto v = parseNumber(raw);
        if (!v)
            m_c.failValue(std::string(what) + " must be a number, got \"" + std::string(raw.substr(0, 40)) +
                          "\"");
        return v.value_or(0.0);
    }
    double numberLine(std::string_view indent, std::string_view key) {
        const auto v = m_c.take(indent, key);
        return v ? number(*v, key) : 0.0;
    }
    bool boolean(std::string_view raw, std::string_view what) {
        if (raw == "true") return true;
        if (raw != "false") m_c.failValue(std::string(what) + " must be true or false");
        return false;
    }
    bool booleanLine(std::string_view indent, std::string_view key) {
        const auto v = m_c.take(indent, key);
        return v ? boolean(*v, key) : false;
    }

    void readAll(ExamResult& r) {
        if (const auto v = m_c.take("", kMagic); v && *v != std::to_string(kResultFormatVersion))
            m_c.failValue("result format \"" + std::string(*v) +
                          "\" is not supported (this Stipple reads format 1)");
        r.resultId = text("", "result-id");
        r.examId = text("", "exam-id");
        r.examTitle = text("", "exam-title");
        r.examSha256 = text("", "exam-sha256");
        r.certificateTitle = text("", "certificate-title");
        r.issuer = text("", "issuer");
        r.candidateId = text("", "candidate-id");
        r.candidateName = text("", "candidate-name");
        r.station = text("", "station");
        if (const auto v = m_c.take("", "attempt")) {
            const auto n = parseInteger(*v);
            if (!n || *n < 1 || *n > 1000000) m_c.failValue("attempt must be a whole number from 1");
            r.attempt = static_cast<int>(n.value_or(1));
        }
        if (const auto v = m_c.take("", "seed")) {
            const auto n = parseUnsigned(*v);
            if (!n) m_c.failValue("seed must be a non-negative whole number");
            r.seed = n.value_or(0);
        }
        r.build = text("", "build");
        if (m_c.error().empty() && m_c.peek("", "scorer")) { // absent in results made before it
            const auto n = parseInteger(*m_c.take("", "scorer"));
            if (!n || *n < 1 || *n > 1000000) m_c.failValue("scorer must be a whole number from 1");
            r.scorerVersion = static_cast<int>(n.value_or(0));
        }
        r.startedAt = text("", "started-at");
        r.finishedAt = text("", "finished-at");
        r.recordingSha256 = text("", "recording-sha256");
        if (r.recordingSha256 == "none") r.recordingSha256.clear();
        while (m_c.error().empty() && m_c.peek("", "file")) {
            const auto v = m_c.take("", "file");
            const auto parts = splitWords(*v, 2);
            if (parts.size() != 2) {
                m_c.failValue("file needs a hash and a path");
                break;
            }
            r.files.push_back({textValue(parts[1], "file path"), std::string(parts[0])});
        }
        while (m_c.error().empty() && m_c.peek("", "section"))
            r.sections.push_back(readSection());
        r.score = numberLine("", "score");
        r.passed = booleanLine("", "passed");
        while (m_c.error().empty() && m_c.peek("", "reason"))
            r.reasons.push_back(text("", "reason"));
        r.issuedOn = text("", "issued-on");
        r.expiresOn = text("", "expires-on");
        if (r.expiresOn == "none") r.expiresOn.clear();
    }

    ResultSection readSection() {
        ResultSection s;
        s.id = tokenValue(m_c.take("", "section").value_or(""), "section id");
        s.kind = text("  ", "kind");
        s.title = text("  ", "title");
        s.weight = numberLine("  ", "weight");
        s.passMark = numberLine("  ", "pass-mark");
        s.timeLimitS = numberLine("  ", "time-limit-s");
        s.timeUsedS = numberLine("  ", "time-used-s");
        s.timedOut = booleanLine("  ", "timed-out");
        s.score = numberLine("  ", "score");
        s.passed = booleanLine("  ", "passed");
        while (m_c.error().empty() && m_c.peek("  ", "veto"))
            s.vetoes.push_back(text("  ", "veto"));
        while (m_c.error().empty() && m_c.peek("  ", "unchecked"))
            s.unchecked.push_back(text("  ", "unchecked"));
        while (m_c.error().empty()) {
            if (m_c.peek("  ", "level"))
                s.items.push_back(readLevel());
            else if (m_c.peek("  ", "question"))
                s.items.push_back(readQuestion(ResultItem::Kind::Question));
            else if (m_c.peek("  ", "scenario"))
                s.items.push_back(readQuestion(ResultItem::Kind::Scenario));
            else
                break;
        }
        return s;
    }

    ResultItem readLevel() {
        ResultItem item;
        item.kind = ResultItem::Kind::Level;
        const auto parts = splitWords(m_c.take("  ", "level").value_or(""), 4);
        if (parts.size() != 4) {
            m_c.failValue("level needs an id, a score, passed and a path");
            return item;
        }
        item.ref = tokenValue(parts[0], "level id");
        item.score = number(parts[1], "level score");
        item.passed = boolean(parts[2], "level passed");
        item.source = textValue(parts[3], "level path");
        while (m_c.error().empty() && m_c.peek("    ", "metric")) {
            const auto m = splitWords(m_c.take("    ", "metric").value_or(""), 7);
            if (m.size() != 6) {
                m_c.failValue("metric needs an id, a zone, a value, a score, a weight and passed");
                break;
            }
            ResultMetric metric;
            metric.id = tokenValue(m[0], "metric id");
            if (const auto zone = untoken(m[1]))
                metric.zone = *zone;
            else
                m_c.failValue("bad metric zone");
            metric.value = number(m[2], "metric value");
            metric.score = number(m[3], "metric score");
            metric.weight = number(m[4], "metric weight");
            metric.passed = boolean(m[5], "metric passed");
            item.metrics.push_back(std::move(metric));
        }
        while (m_c.error().empty() && m_c.peek("    ", "veto"))
            item.vetoes.push_back(text("    ", "veto"));
        return item;
    }

    ResultItem readQuestion(ResultItem::Kind kind) {
        ResultItem item;
        item.kind = kind;
        const char* key = itemKindName(kind);
        const auto parts = splitWords(m_c.take("  ", key).value_or(""), 4);
        if (parts.size() != 4) {
            m_c.failValue(std::string(key) + " needs an id, a category, a credit and a path");
            return item;
        }
        item.ref = tokenValue(parts[0], "question id");
        item.category = tokenValue(parts[1], "question category");
        item.score = number(parts[2], "question credit");
        item.passed = item.score >= 1.0;
        item.source = textValue(parts[3], "question path");
        return item;
    }

    Cursor m_c;
};

} // namespace

std::string canonicalResultText(const ExamResult& r) {
    Writer w;
    w.words("", kMagic, {std::to_string(kResultFormatVersion)});
    w.text("", "result-id", r.resultId);
    w.text("", "exam-id", r.examId);
    w.text("", "exam-title", r.examTitle);
    w.text("", "exam-sha256", r.examSha256);
    w.text("", "certificate-title", r.certificateTitle);
    w.text("", "issuer", r.issuer);
    w.text("", "candidate-id", r.candidateId);
    w.text("", "candidate-name", r.candidateName);
    w.text("", "station", r.station);
    w.words("", "attempt", {std::to_string(r.attempt)});
    w.words("", "seed", {std::to_string(r.seed)});
    w.text("", "build", r.build);
    if (r.scorerVersion > 0) w.words("", "scorer", {std::to_string(r.scorerVersion)});
    w.text("", "started-at", r.startedAt);
    w.text("", "finished-at", r.finishedAt);
    w.text("", "recording-sha256", r.recordingSha256.empty() ? "none" : r.recordingSha256);
    for (const auto& f : r.files)
        w.words("", "file", {escape(f.sha256, true), escape(f.path, false)});
    for (const auto& s : r.sections) {
        w.words("", "section", {token(s.id)});
        w.text("  ", "kind", s.kind);
        w.text("  ", "title", s.title);
        w.words("  ", "weight", {formatNumber(s.weight)});
        w.words("  ", "pass-mark", {formatNumber(s.passMark)});
        w.words("  ", "time-limit-s", {formatNumber(s.timeLimitS)});
        w.words("  ", "time-used-s", {formatNumber(s.timeUsedS)});
        w.words("  ", "timed-out", {boolText(s.timedOut)});
        w.words("  ", "score", {formatNumber(s.score)});
        w.words("  ", "passed", {boolText(s.passed)});
        for (const auto& v : s.vetoes)
            w.text("  ", "veto", v);
        for (const auto& u : s.unchecked)
            w.text("  ", "unchecked", u);
        for (const auto& item : s.items) {
            if (item.kind == ResultItem::Kind::Level) {
                w.words("  ", "level",
                        {token(item.ref), formatNumber(item.score), boolText(item.passed),
                         escape(item.source, false)});
                for (const auto& m : item.metrics)
                    w.words("    ", "metric",
                            {token(m.id), token(m.zone), formatNumber(m.value), formatNumber(m.score),
                             formatNumber(m.weight), boolText(m.passed)});
                for (const auto& v : item.vetoes)
                    w.text("    ", "veto", v);
            } else {
                w.words("  ", itemKindName(item.kind),
                        {token(item.ref), token(item.category), formatNumber(item.score),
                         escape(item.source, false)});
            }
        }
    }
    w.words("", "score", {formatNumber(r.score)});
    w.words("", "passed", {boolText(r.passed)});
    for (const auto& reason : r.reasons)
        w.text("", "reason", reason);
    w.text("", "issued-on", r.issuedOn);
    w.text("", "expires-on", r.expiresOn.empty() ? "none" : r.expiresOn);
    return w.take();
}

std::optional<ExamResult> parseResultText(std::string_view text, std::string& error) {
    if (text.empty() || text.back() != '\n') {
        error = "a result must end with a newline";
        return std::nullopt;
    }
    auto r = Parser(text).parse(error);
    if (!r) return std::nullopt;
    // Exactly one spelling: anything the writer would not have written is refused.
    const std::string again = canonicalResultText(*r);
    if (again != text) {
        size_t i = 0;
        while (i < again.size() && i < text.size() && again[i] == text[i])
            ++i;
        int line = 1;
        for (size_t k = 0; k < i && k < text.size(); ++k)
            if (text[k] == '\n') ++line;
        error = "line " + std::to_string(line) + ": not in canonical form";
        return std::nullopt;
    }
    return r;
}

std::string formatUtcTimestamp(int64_t unixSeconds) {
    int64_t days = unixSeconds / 86400;
    int64_t rest = unixSeconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(rest / 3600),
                  static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
    return formatIsoDate(CivilDate{days}) + buf;
}

std::optional<int64_t> parseUtcTimestamp(std::string_view text) {
    if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
        return std::nullopt;
    const auto date = parseIsoDate(text.substr(0, 10));
    if (!date) return std::nullopt;
    int fields[3];
    for (int k = 0; k < 3; ++k) {
        const char a = text[11 + 3 * k], b = text[12 + 3 * k];
        if (a < '0' || a > '9' || b < '0' || b > '9') return std::nullopt;
        fields[k] = (a - '0') * 10 + (b - '0');
    }
    if (fields[0] > 23 || fields[1] > 59 || fields[2] > 59) return std::nullopt;
    return date->daysSinceEpoch * 86400 + fields[0] * 3600 + fields[1] * 60 + fields[2];
}

std::string nowUtcTimestamp() {
    const auto now = std::chrono::system_clock::now();
    return formatUtcTimestamp(
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

std::string makeResultId(const ExamResult& r) {
    const std::string material = "stipple result id v1\n" + r.examSha256 + "\n" + r.candidateId + "\n" +
                                 r.station + "\n" + std::to_string(r.seed) + "\n" +
                                 std::to_string(r.attempt) + "\n" + r.startedAt;
    return sha256Hex(material).substr(0, 32);
}

std::string ResultNames::itemTitle(const ExamResult& result, std::size_t section, std::size_t item) const {
    if (section < sections.size() && item < sections[section].size() &&
        !sections[section][item].title.empty())
        return sections[section][item].title;
    if (section < result.sections.size() && item < result.sections[section].items.size())
        return result.sections[section].items[item].ref;
    return "";
}

std::string ResultNames::metricLabel(const ExamResult& result, std::size_t section, std::size_t item,
                                     std::size_t metric) const {
    if (section < sections.size() && item < sections[section].size() &&
        metric < sections[section][item].metrics.size() && !sections[section][item].metrics[metric].empty())
        return sections[section][item].metrics[metric];
    if (section >= result.sections.size() || item >= result.sections[section].items.size() ||
        metric >= result.sections[section].items[item].metrics.size())
        return "";
    const ResultMetric& m = result.sections[section].items[item].metrics[metric];
    return m.zone.empty() ? m.id : m.id + " (" + m.zone + ")";
}

namespace {

/// Replaces every `from` in `text` by `to`.
void replaceAll(std::string& text, const std::string& from, const std::string& to) {
    if (from.empty() || from == to) return;
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

} // namespace

std::vector<std::string> examReasons(const ExamResult& result, const ResultNames& names) {
    // The signed reasons are written by gradeExam with ids, in a few fixed forms: "section 'ID': …",
    // "section 'ID' scored …", "level 'ID': <never event>", "(first: ID <score>)". Each id is put
    // back into its title; what is not one of those forms is left as it is.
    std::vector<std::string> out = result.reasons;
    for (std::string& reason : out)
        for (std::size_t s = 0; s < result.sections.size(); ++s) {
            const ResultSection& section = result.sections[s];
            const std::string prefix = "section '" + section.id + "'";
            if (reason.rfind(prefix, 0) != 0) continue;
            if (section.kind == "practical")
                for (std::size_t i = 0; i < section.items.size(); ++i) {
                    const std::string& id = section.items[i].ref;
                    const std::string title = names.itemTitle(result, s, i);
                    if (title == id) continue; // no title known: the level stays "level 'ID'"
                    replaceAll(reason, "level '" + id + "': ", title + ": ");
                    replaceAll(reason, "(first: " + id + " ", "(first: " + title + " ");
                }
            // "section 'ID': what" -> "Title — what"; "section 'ID' scored" -> "Title scored".
            if (!section.title.empty()) {
                const bool colon = reason.compare(prefix.size(), 2, ": ") == 0;
                reason.replace(0, prefix.size() + (colon ? 2 : 0),
                               section.title + (colon ? " \xE2\x80\x94 " : ""));
            }
            break;
        }
    return out;
}

std::string examDecidingRule(const ExamResult& result, const ResultNames& names) {
    char score[32];
    std::snprintf(score, sizeof score, "%.1f", result.score);
    if (result.passed) {
        const bool every = std::all_of(result.sections.begin(), result.sections.end(),
                                       [](const ResultSection& s) { return s.passed; });
        return std::string("Passed: ") + (every ? "every section reached its pass mark; " : "") +
               "overall score " + score;
    }
    // "Failed: …" as a level's results screen says it (Scorecard::decidingRule).
    if (result.reasons.empty()) return std::string("Failed: overall score ") + score;
    const std::vector<std::string> reasons = examReasons(result, names);
    std::string out = "Failed: " + reasons.front();
    if (reasons.size() > 1)
        out += "  (+" + std::to_string(reasons.size() - 1) +
               (reasons.size() == 2 ? " more reason)" : " more reasons)");
    return out;
}

} // namespace stipple
