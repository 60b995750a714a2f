// tinyxml2 lives here and nowhere else. We convert its DOM to our plain tree at once and add
// columns (tinyxml2 only knows lines) by finding the element or attribute name on its line.
#include "io/xml.h"

#include "io/files.h"
#include "io/numbers.h"
#include "io/utf8.h"

#include <tinyxml2.h>

#include <cstring>

namespace stipple {

const XmlAttribute* XmlElement::attribute(std::string_view attrName) const {
    for (const auto& a : attributes)
        if (a.name == attrName) return &a;
    return nullptr;
}

XmlElement& XmlElement::set(std::string attrName, std::string value) {
    for (auto& a : attributes)
        if (a.name == attrName) {
            a.value = std::move(value);
            return *this;
        }
    attributes.push_back({std::move(attrName), std::move(value), 1, 1});
    return *this;
}

XmlElement& XmlElement::addChild(std::string childName) {
    children.push_back({});
    children.back().name = std::move(childName);
    return children.back();
}

namespace {

class LineIndex {
  public:
    explicit LineIndex(std::string_view text) : m_text(text) {
        // memchr jumps from line end to line end; a 6 MB level with 100,000 lines is one pass.
        m_starts.push_back(0);
        const char* const begin = text.data();
        const char* const end = begin + text.size();
        for (const char* p = begin; p < end;) {
            const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
            if (!nl) break;
            p = static_cast<const char*>(nl) + 1;
            m_starts.push_back(static_cast<size_t>(p - begin));
        }
    }
    std::string_view line(int number) const {
        if (number < 1 || number > static_cast<int>(m_starts.size())) return {};
        const size_t begin = m_starts[number - 1];
        const size_t end = number < static_cast<int>(m_starts.size()) ? m_starts[number] : m_text.size();
        return m_text.substr(begin, end - begin);
    }
    /// 1-based line of a byte offset.
    int lineOf(size_t offset) const {
        int lo = 0, hi = static_cast<int>(m_starts.size()) - 1;
        while (lo < hi) {
            const int mid = (lo + hi + 1) / 2;
            if (m_starts[mid] <= offset)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo + 1;
    }
    /// Column (1-based) of `needle` on `lineNo` at or after `fromColumn`, where the match is not
    /// part of a longer name; 1 if not found.
    int columnOf(int lineNo, std::string_view needle, int fromColumn, bool needEquals) const {
        const std::string_view text = line(lineNo);
        size_t pos = fromColumn > 1 ? static_cast<size_t>(fromColumn - 1) : 0;
        while ((pos = text.find(needle, pos)) != std::string_view::npos) {
            const bool startOk = pos == 0 || !isNameChar(text[pos - 1]) || needle[0] == '<';
            size_t after = pos + needle.size();
            const bool endOk = after >= text.size() || !isNameChar(text[after]);
            bool eqOk = true;
            if (needEquals) {
                while (after < text.size() && (text[after] == ' ' || text[after] == '\t'))
                    ++after;
                eqOk = after < text.size() && text[after] == '=';
            }
            if (startOk && endOk && eqOk) return static_cast<int>(pos) + 1;
            ++pos;
        }
        return 1;
    }

  private:
    static bool isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_' || c == ':' || c == '.';
    }
    std::string_view m_text;
    std::vector<size_t> m_starts;
};

/// Where the previous name was found: elements and attributes come in document order, so the
/// next one on the same line lies after it. Searching from there keeps a long single-line file
/// linear (from the start of the line every time, the search was quadratic in the line's length).
struct Cursor {
    int line = 0;
    int column = 1;
    int from(int lineNo) const { return lineNo == line ? column + 1 : 1; }
    void at(int lineNo, int col) {
        if (col > 1 || lineNo != line) line = lineNo, column = col;
    }
};

void convert(const tinyxml2::XMLElement& in, XmlElement& out, const LineIndex& lines, Cursor& cursor) {
    // Sized up front: a level with 100,000 <dot> children would otherwise move every converted
    // child about 17 times while its vector grows, and touch twice the memory (SCORING.md's cold
    // load budget is mostly allocation and first-touch page faults).
    out.name.assign(in.Name());
    out.line = in.GetLineNum();
    out.column = lines.columnOf(out.line, "<" + out.name, cursor.from(out.line), false);
    cursor.at(out.line, out.column);
    size_t attributeCount = 0;
    for (const tinyxml2::XMLAttribute* a = in.FirstAttribute(); a; a = a->Next())
        ++attributeCount;
    out.attributes.reserve(attributeCount);
    for (const tinyxml2::XMLAttribute* a = in.FirstAttribute(); a; a = a->Next()) {
        XmlAttribute& attr = out.attributes.emplace_back();
        attr.name.assign(a->Name());
        attr.value.assign(a->Value());
        attr.line = a->GetLineNum();
        attr.column = lines.columnOf(attr.line, attr.name, cursor.from(attr.line), true);
        cursor.at(attr.line, attr.column);
    }
    size_t childCount = 0;
    for (const tinyxml2::XMLElement* c = in.FirstChildElement(); c; c = c->NextSiblingElement())
        ++childCount;
    out.children.reserve(childCount);
    for (const tinyxml2::XMLNode* n = in.FirstChild(); n; n = n->NextSibling()) {
        if (const auto* e = n->ToElement()) {
            convert(*e, out.children.emplace_back(), lines, cursor);
        } else if (const auto* t = n->ToText()) {
            out.text.append(t->Value());
        }
    }
}

std::string describeError(tinyxml2::XMLError id) {
    using namespace tinyxml2;
    switch (id) {
    case XML_ERROR_MISMATCHED_ELEMENT:
        return "XML syntax error: the element opened on this line is not closed by a matching end tag";
    case XML_ERROR_PARSING_ATTRIBUTE:
        return "XML syntax error: malformed or duplicate attribute (write name=\"value\", each name once)";
    case XML_ERROR_PARSING_ELEMENT:
        return "XML syntax error: malformed element or end tag";
    case XML_ERROR_PARSING_TEXT:
        return "XML syntax error: malformed text (a stray '<' or '&'? write &lt; and &amp;)";
    case XML_ERROR_PARSING_CDATA:
        return "XML syntax error: unterminated CDATA section";
    case XML_ERROR_PARSING_COMMENT:
        return "XML syntax error: unterminated comment (close it with -->)";
    case XML_ERROR_PARSING_DECLARATION:
        return "XML syntax error: malformed <?xml ...?> declaration";
    case XML_ERROR_PARSING_UNKNOWN:
        return "XML syntax error: malformed <!...> construct";
    case XML_ERROR_EMPTY_DOCUMENT:
        return "file is empty: expected an XML document";
    case XML_ELEMENT_DEPTH_EXCEEDED:
        return "XML nested too deeply (more than 100 levels)";
    default:
        return std::string("XML syntax error: ") + XMLDocument::ErrorIDToName(id);
    }
}

} // namespace

std::optional<XmlDocument> parseXml(std::string_view text, const std::string& path, Diagnostics& diags) {
    if (text.size() > kMaxXmlBytes) {
        diags.error(path, 1, 1,
                    "file too large: " + std::to_string(text.size()) +
                        " bytes (an XML document may have at most " + std::to_string(kMaxXmlBytes >> 20) +
                        " MiB)");
        return std::nullopt;
    }
    const LineIndex lines(text);
    if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
        diags.error(path, lines.lineOf(nul), 1,
                    "file contains binary data (a NUL byte at offset " + std::to_string(nul) +
                        "); expected an XML text file");
        return std::nullopt;
    }
    if (const auto bad = findUtf8Error(text)) {
        diags.error(path, bad->line, bad->column, bad->message);
        return std::nullopt;
    }
    if (trim(text).empty()) {
        diags.error(path, 1, 1, "file is empty: expected an XML document");
        return std::nullopt;
    }
    tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
    const tinyxml2::XMLError err = doc.Parse(text.data(), text.size());
    if (err != tinyxml2::XML_SUCCESS) {
        diags.error(path, doc.ErrorLineNum() > 0 ? doc.ErrorLineNum() : 1, 1, describeError(err));
        return std::nullopt;
    }
    const tinyxml2::XMLElement* root = doc.RootElement();
    if (!root) {
        diags.error(path, 1, 1, "no root element: expected an XML document");
        return std::nullopt;
    }
    XmlDocument out;
    out.path = path;
    Cursor cursor;
    convert(*root, out.root, lines, cursor);
    return out;
}

std::optional<XmlDocument> loadXmlFile(const std::string& path, Diagnostics& diags) {
    std::string contents, error;
    if (!readFile(path, contents, error, static_cast<int64_t>(kMaxXmlBytes))) {
        diags.error(path, 1, 1, error);
        return std::nullopt;
    }
    return parseXml(contents, path, diags);
}

namespace {
void print(const XmlElement& e, tinyxml2::XMLPrinter& printer) {
    printer.OpenElement(e.name.c_str());
    for (const auto& a : e.attributes)
        printer.PushAttribute(a.name.c_str(), a.value.c_str());
    const std::string_view text = trim(e.text);
    if (!text.empty()) printer.PushText(std::string(text).c_str());
    for (const auto& c : e.children)
        print(c, printer);
    printer.CloseElement();
}
} // namespace

std::string writeXml(const XmlElement& root) {
    tinyxml2::XMLPrinter printer;
    printer.PushDeclaration("xml version=\"1.0\" encoding=\"UTF-8\"");
    print(root, printer);
    return printer.CStr();
}

std::string escapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace stipple
