// Strict reading of one XML element for the file readers: typed attribute access with range
// checks, and a report of every attribute or child element the reader did not expect.
// Every problem becomes a located diagnostic; nothing is silently defaulted except attributes
// that are absent and documented as optional.
#pragma once

#include "geometry/vec2.h"
#include "io/diagnostics.h"
#include "io/xml.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

class ElementReader {
  public:
    ElementReader(const XmlElement& element, const std::string& path, Diagnostics& diags);

    bool has(std::string_view name) const;
    std::optional<std::string> requiredString(std::string_view name);
    std::string string(std::string_view name, std::string fallback);
    /// A finite number in [min, max]; errors name the attribute and what was found.
    std::optional<double> requiredNumber(std::string_view name, double min, double max);
    double number(std::string_view name, double fallback, double min, double max);
    /// Absent: fallback. Present and in [min, max]: the value. Present and invalid: nullopt
    /// (reported), so that the caller can skip what depends on it.
    std::optional<double> optionalNumber(std::string_view name, double fallback, double min, double max);
    std::optional<int64_t> requiredInteger(std::string_view name, int64_t min, int64_t max);
    int64_t integer(std::string_view name, int64_t fallback, int64_t min, int64_t max);
    uint64_t unsignedInteger(std::string_view name, uint64_t fallback);
    bool boolean(std::string_view name, bool fallback);
    /// One of `allowed`; fallback when absent.
    std::string choice(std::string_view name, std::string fallback,
                       std::initializer_list<std::string_view> allowed);
    /// "x,y x,y ..." in mm; at least `minCount` points.
    std::optional<std::vector<Vec2>> points(std::string_view name, size_t minCount, bool required);

    /// Reports every attribute that no accessor asked for.
    void rejectUnknownAttributes();
    /// Reports every child element whose name is not listed.
    void rejectUnknownChildren(std::initializer_list<std::string_view> allowed);

    void error(const std::string& message);
    void warning(const std::string& message);
    void errorAt(const XmlAttribute& attr, const std::string& message);
    const XmlAttribute* find(std::string_view name);

    const XmlElement& element() const { return m_element; }
    const std::string& path() const { return m_path; }
    Diagnostics& diagnostics() { return m_diags; }
    /// "<zone>" — for messages.
    std::string tag() const { return "<" + m_element.name + ">"; }

  private:
    const XmlElement& m_element;
    std::string m_path; // a copy: callers often pass a temporary
    Diagnostics& m_diags;
    std::vector<std::string> m_known;
};

/// A point list as the file formats write it: "x,y x,y ..." (any whitespace between points). A
/// point that is not two numbers joined by a comma stops the parse: nullopt, with its 1-based
/// index and its text in `bad`.
struct BadPoint {
    size_t index = 0;
    std::string text;
};
std::optional<std::vector<Vec2>> parsePointList(std::string_view text, BadPoint& bad);

/// A file's value shown in a message: in double quotes, cut after 60 characters with "..." (an
/// attribute of megabytes must not make a message of megabytes).
std::string quotedValue(const std::string& value);

/// An id as the file formats write them: a letter or digit, then letters, digits and the
/// characters of `punctuation`; at most 64 characters.
bool isValidId(std::string_view id, std::string_view punctuation = "-_");

/// A list attribute's items: the words between spaces, tabs, line breaks and commas ("a, b c").
std::vector<std::string> splitList(std::string_view text);

/// What the document readers (levels, exams, question banks, rule books, TMX maps) share: the diagnostics
/// of one pass, handed on in line order at the end; errors located at an element or attribute;
/// the checks for a child that may appear once, an element without text and an id.
class DocumentReader {
  protected:
    DocumentReader(const XmlDocument& doc, Diagnostics& out) : m_doc(doc), m_path(doc.path), m_out(out) {}

    /// Hands the diagnostics to the caller in line order (the checks run in dependency order;
    /// authors read top to bottom). Diagnostics about another file (a picture's CSV) stay right
    /// after the diagnostic of this file before them. True when there was no error.
    bool finish();

    void error(const XmlElement& e, const std::string& message) {
        m_diags.error(m_path, e.line, e.column, message);
    }
    void warning(const XmlElement& e, const std::string& message) {
        m_diags.warning(m_path, e.line, e.column, message);
    }
    void errorAt(const XmlAttribute& a, const std::string& message) {
        m_diags.error(m_path, a.line, a.column, message);
    }
    /// At the attribute when present, else at the element.
    void errorNear(const XmlElement& e, std::string_view attr, const std::string& message) {
        if (const XmlAttribute* a = e.attribute(attr))
            errorAt(*a, message);
        else
            error(e, message);
    }
    /// The root element `r` reads is <`name`> with format="`version`"; else an error at the root
    /// or its format attribute, and false: the reader reads no further (a file of another kind or
    /// format version would only give misleading messages). A missing format is reported, true.
    bool checkRoot(ElementReader& r, std::string_view name, int version);
    /// An element that takes no text: text in it is an error, "<e> takes no text" + `advice`.
    void noText(const XmlElement& e, std::string_view advice = "; write its settings as attributes");
    /// The child named `name` when present; a second one is an error.
    const XmlElement* single(const XmlElement& parent, std::string_view name);
    /// The text of a child that holds only text, whitespace collapsed (io/text.h); attributes,
    /// child elements and an empty text are errors at the child.
    std::string textOf(const XmlElement& e);
    /// The required attribute `attr` as an id (isValidId with `punctuation`); "" when it is
    /// missing or invalid (reported).
    std::string id(ElementReader& r, std::string_view attr = "id", std::string_view punctuation = "-_");

    const XmlDocument& m_doc;
    const std::string m_path;
    Diagnostics m_diags; ///< this pass's, until finish()

  private:
    Diagnostics& m_out;
};

} // namespace stipple
