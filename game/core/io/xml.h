// A plain in-memory XML tree with source positions. The only code that touches the XML parser
// library is xml.cpp: every reader (levels, rule books, question banks, exams) works on this tree, and
// every writer builds one and serialises it here.
#pragma once

#include "io/diagnostics.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

struct XmlAttribute {
    std::string name;
    std::string value;
    int line = 1;   ///< 1-based source line
    int column = 1; ///< 1-based column of the attribute name
};

struct XmlElement {
    std::string name;
    int line = 1;
    int column = 1; ///< column of '<'
    std::vector<XmlAttribute> attributes;
    std::vector<XmlElement> children;
    /// Concatenated text content directly inside this element (CDATA included), untrimmed.
    std::string text;

    const XmlAttribute* attribute(std::string_view attrName) const;
    /// Convenience for writers: appends an attribute (no position).
    XmlElement& set(std::string attrName, std::string value);
    XmlElement& addChild(std::string childName);
};

struct XmlDocument {
    std::string path; ///< as given by the caller, used in diagnostics
    XmlElement root;
};

/// Largest XML document read (64 MiB; a level with 100,000 dots is about 6 MB). A bigger text is
/// refused before parsing, by its size: the parsed tree takes several times the text's memory.
inline constexpr std::size_t kMaxXmlBytes = std::size_t{64} << 20;

/// Parses XML text. On any syntax problem adds located errors to `diags` and returns nullopt.
/// Elements nest at most 100 deep (deeper is a located error).
std::optional<XmlDocument> parseXml(std::string_view text, const std::string& path, Diagnostics& diags);
/// Reads and parses a file; a missing, unreadable, empty or binary file is a located error.
std::optional<XmlDocument> loadXmlFile(const std::string& path, Diagnostics& diags);
/// Serialises with an XML declaration, two-space indentation and escaped text.
std::string writeXml(const XmlElement& root);

/// Escapes & < > " ' for HTML or XML text and attribute values written by hand (certificate
/// pages, SVG pictures, the HTML inside Moodle XML).
std::string escapeHtml(std::string_view text);

} // namespace stipple
