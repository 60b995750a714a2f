#include "io/element_reader.h"

#include "io/numbers.h"
#include "io/text.h"

#include <algorithm>
#include <limits>

namespace stipple {

namespace {
std::string quoted(const std::string& s) {
    return quotedValue(s);
}
std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}
} // namespace

ElementReader::ElementReader(const XmlElement& element, const std::string& path, Diagnostics& diags)
    : m_element(element), m_path(path), m_diags(diags) {}

bool ElementReader::has(std::string_view name) const {
    return m_element.attribute(name) != nullptr;
}

const XmlAttribute* ElementReader::find(std::string_view name) {
    if (std::find(m_known.begin(), m_known.end(), name) == m_known.end()) m_known.emplace_back(name);
    return m_element.attribute(name);
}

void ElementReader::error(const std::string& message) {
    m_diags.error(m_path, m_element.line, m_element.column, message);
}

void ElementReader::warning(const std::string& message) {
    m_diags.warning(m_path, m_element.line, m_element.column, message);
}

void ElementReader::errorAt(const XmlAttribute& attr, const std::string& message) {
    m_diags.error(m_path, attr.line, attr.column, message);
}

std::optional<std::string> ElementReader::requiredString(std::string_view name) {
    const XmlAttribute* a = find(name);
    if (!a) {
        error(tag() + " is missing required attribute '" + std::string(name) + "'");
        return std::nullopt;
    }
    if (trim(a->value).empty()) {
        errorAt(*a, tag() + " attribute '" + a->name + "' must not be empty");
        return std::nullopt;
    }
    return a->value;
}

std::string ElementReader::string(std::string_view name, std::string fallback) {
    const XmlAttribute* a = find(name);
    return a ? a->value : std::move(fallback);
}

std::optional<double> ElementReader::requiredNumber(std::string_view name, double min, double max) {
    const XmlAttribute* a = find(name);
    if (!a) {
        error(tag() + " is missing required attribute '" + std::string(name) + "'");
        return std::nullopt;
    }
    const auto v = parseNumber(trim(a->value));
    if (!v) {
        errorAt(*a, tag() + " attribute '" + a->name + "' must be a number, got " + quoted(a->value));
        return std::nullopt;
    }
    if (*v < min || *v > max) {
        errorAt(*a, tag() + " attribute '" + a->name + "' must be between " + formatNumber(min) + " and " +
                        formatNumber(max) + ", got " + a->value);
        return std::nullopt;
    }
    return v;
}

double ElementReader::number(std::string_view name, double fallback, double min, double max) {
    if (!has(name)) {
        find(name);
        return fallback;
    }
    return requiredNumber(name, min, max).value_or(fallback);
}

std::optional<double> ElementReader::optionalNumber(std::string_view name, double fallback, double min,
                                                    double max) {
    if (!has(name)) {
        find(name);
        return fallback;
    }
    return requiredNumber(name, min, max);
}

std::optional<int64_t> ElementReader::requiredInteger(std::string_view name, int64_t min, int64_t max) {
    const XmlAttribute* a = find(name);
    if (!a) {
        error(tag() + " is missing required attribute '" + std::string(name) + "'");
        return std::nullopt;
    }
    const auto v = parseInteger(trim(a->value));
    if (!v) {
        errorAt(*a, tag() + " attribute '" + a->name + "' must be a whole number, got " + quoted(a->value));
        return std::nullopt;
    }
    if (*v < min || *v > max) {
        errorAt(*a, tag() + " attribute '" + a->name + "' must be between " + std::to_string(min) + " and " +
                        std::to_string(max) + ", got " + a->value);
        return std::nullopt;
    }
    return v;
}

int64_t ElementReader::integer(std::string_view name, int64_t fallback, int64_t min, int64_t max) {
    if (!has(name)) {
        find(name);
        return fallback;
    }
    return requiredInteger(name, min, max).value_or(fallback);
}

uint64_t ElementReader::unsignedInteger(std::string_view name, uint64_t fallback) {
    const XmlAttribute* a = find(name);
    if (!a) return fallback;
    const auto v = parseUnsigned(trim(a->value));
    if (!v) {
        errorAt(*a, tag() + " attribute '" + a->name + "' must be a non-negative whole number, got " +
                        quoted(a->value));
        return fallback;
    }
    return *v;
}

bool ElementReader::boolean(std::string_view name, bool fallback) {
    const XmlAttribute* a = find(name);
    if (!a) return fallback;
    const auto v = parseBool(trim(a->value));
    if (!v) {
        errorAt(*a, tag() + " attribute '" + a->name + "' must be true or false, got " + quoted(a->value));
        return fallback;
    }
    return *v;
}

std::string ElementReader::choice(std::string_view name, std::string fallback,
                                  std::initializer_list<std::string_view> allowed) {
    const XmlAttribute* a = find(name);
    if (!a) return fallback;
    for (auto option : allowed)
        if (a->value == option) return a->value;
    std::vector<std::string> names(allowed.begin(), allowed.end());
    errorAt(*a, tag() + " attribute '" + a->name + "' must be one of " + join(names) + ", got " +
                    quoted(a->value));
    return fallback;
}

std::optional<std::vector<Vec2>> ElementReader::points(std::string_view name, size_t minCount,
                                                       bool required) {
    const XmlAttribute* a = find(name);
    if (!a) {
        if (required) error(tag() + " is missing required attribute '" + std::string(name) + "'");
        return std::nullopt;
    }
    BadPoint bad;
    auto parsed = parsePointList(a->value, bad);
    if (!parsed) {
        errorAt(*a, tag() + " attribute '" + a->name + "': point " + std::to_string(bad.index) +
                        " must be written x,y in mm (e.g. 12.5,30), got " + quoted(bad.text));
        return std::nullopt;
    }
    std::vector<Vec2> out = std::move(*parsed);
    if (out.size() < minCount) {
        errorAt(*a, tag() + " attribute '" + a->name + "' needs at least " + std::to_string(minCount) +
                        " points, got " + std::to_string(out.size()));
        return std::nullopt;
    }
    return out;
}

void ElementReader::rejectUnknownAttributes() {
    for (const auto& a : m_element.attributes) {
        if (std::find(m_known.begin(), m_known.end(), a.name) != m_known.end()) continue;
        errorAt(a, "unknown attribute '" + a.name + "' on " + tag() +
                       (m_known.empty() ? " (it takes no attributes)"
                                        : " (expected one of: " + join(m_known) + ")"));
    }
}

void ElementReader::rejectUnknownChildren(std::initializer_list<std::string_view> allowed) {
    for (const auto& c : m_element.children) {
        if (std::find(allowed.begin(), allowed.end(), c.name) != allowed.end()) continue;
        std::vector<std::string> names;
        for (auto n : allowed)
            names.push_back("<" + std::string(n) + ">");
        m_diags.error(m_path, c.line, c.column,
                      "unknown element <" + c.name + "> inside " + tag() +
                          (names.empty() ? " (it takes no child elements)"
                                         : " (expected one of: " + join(names) + ")"));
    }
}

std::optional<std::vector<Vec2>> parsePointList(std::string_view text, BadPoint& bad) {
    std::vector<Vec2> out;
    std::string_view rest = text;
    while (true) {
        rest = trim(rest);
        if (rest.empty()) break;
        const size_t end = rest.find_first_of(" \t\r\n");
        const std::string_view token = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
        const size_t comma = token.find(',');
        const auto x = comma == std::string_view::npos ? std::nullopt : parseNumber(token.substr(0, comma));
        const auto y = comma == std::string_view::npos ? std::nullopt : parseNumber(token.substr(comma + 1));
        if (!x || !y) {
            bad = {out.size() + 1, std::string(token)};
            return std::nullopt;
        }
        out.push_back({*x, *y});
    }
    return out;
}

std::string quotedValue(const std::string& value) {
    constexpr size_t kMax = 60;
    return "\"" + (value.size() > kMax ? value.substr(0, kMax) + "..." : value) + "\"";
}

std::vector<std::string> splitList(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

bool isValidId(std::string_view id, std::string_view punctuation) {
    if (id.empty() || id.size() > 64) return false;
    for (size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || punctuation.find(c) == std::string_view::npos)) return false;
    }
    return true;
}

bool DocumentReader::finish() {
    struct Keyed {
        int line, column;
        Diagnostic d;
    };
    std::vector<Keyed> items;
    Diagnostic anchor;
    for (const auto& d : m_diags.items()) {
        if (d.file == m_path) anchor = d;
        items.push_back(
            {d.file == m_path ? d.line : anchor.line, d.file == m_path ? d.column : anchor.column, d});
    }
    std::stable_sort(items.begin(), items.end(), [](const Keyed& a, const Keyed& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    for (auto& k : items)
        m_out.add(std::move(k.d));
    return !m_diags.hasErrors();
}

bool DocumentReader::checkRoot(ElementReader& r, std::string_view name, int version) {
    const XmlElement& root = r.element();
    const std::string tag = "<" + std::string(name) + ">";
    if (root.name != name) {
        const bool vowel = std::string_view("aeiou").find(name.front()) != std::string_view::npos;
        error(root, std::string("expected ") + (vowel ? "an " : "a ") + tag + " root element, got <" +
                        root.name + ">");
        return false;
    }
    const auto format =
        r.requiredInteger("format", std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
    if (format && *format != version) {
        const std::string v = std::to_string(version);
        errorNear(root, "format",
                  tag + " format " + std::to_string(*format) +
                      " is not supported: this version of Stipple reads format " + v + " (write format=\"" +
                      v + "\")");
        return false;
    }
    return true;
}

void DocumentReader::noText(const XmlElement& e, std::string_view advice) {
    if (!trim(e.text).empty()) error(e, "<" + e.name + "> takes no text" + std::string(advice));
}

const XmlElement* DocumentReader::single(const XmlElement& parent, std::string_view name) {
    const XmlElement* first = nullptr;
    for (const auto& c : parent.children) {
        if (c.name != name) continue;
        if (!first)
            first = &c;
        else
            error(c, "only one <" + c.name + "> is allowed in <" + parent.name + "> (the first is at line " +
                         std::to_string(first->line) + ")");
    }
    return first;
}

std::string DocumentReader::textOf(const XmlElement& e) {
    ElementReader r(e, m_path, m_diags);
    r.rejectUnknownAttributes();
    r.rejectUnknownChildren({});
    std::string text = collapseSpaces(e.text);
    if (text.empty()) error(e, "<" + e.name + "> must not be empty");
    return text;
}

std::string DocumentReader::id(ElementReader& r, std::string_view attr, std::string_view punctuation) {
    const auto v = r.requiredString(attr);
    if (!v) return {};
    if (!isValidId(*v, punctuation)) {
        // "'-' and '_'", "'-', '_' and '.'"
        std::string allowed;
        for (size_t i = 0; i < punctuation.size(); ++i)
            allowed += (i == 0                        ? ""
                        : i + 1 == punctuation.size() ? " and "
                                                      : ", ") +
                       std::string("'") + punctuation[i] + "'";
        r.errorAt(*r.element().attribute(attr),
                  r.tag() + " attribute '" + std::string(attr) +
                      "' must start with a letter or digit and contain only letters, "
                      "digits, " +
                      allowed + " (at most 64), got " + quotedValue(*v));
        return {};
    }
    return *v;
}

} // namespace stipple
