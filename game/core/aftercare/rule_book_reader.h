// Reads aftercare rule books (root <aftercare-rules format="1">, reference: levels/aftercare/README.md)
// into the RuleBook model. Strict like the level reader: unknown elements or attributes, unknown
// activity ids, duplicate ids, negative or missing day counts, implications that form a cycle and
// missing source sentences all become located diagnostics, every one of them in one pass, and a
// file with any error yields no rule book. Works on the io/xml.h tree; knows nothing about the XML parser
// library.
#pragma once

#include "aftercare/rule_book.h"
#include "io/diagnostics.h"
#include "io/xml.h"

#include <optional>
#include <string>
#include <string_view>

namespace stipple {

/// The root element that marks a file as a rule book (how `stipple validate` recognises it).
inline constexpr std::string_view kRuleBookRootElement = "aftercare-rules";
/// The format version this reader understands.
inline constexpr int kRuleBookFormatVersion = 1;

/// Reads an <aftercare-rules> document. Diagnostics go to `diags` in line order; nullopt when
/// there is at least one error, never a half-read rule book.
std::optional<RuleBook> readRuleBook(const XmlDocument& doc, Diagnostics& diags);
/// Loads and reads a rule book file; unreadable or malformed XML is a located error too.
std::optional<RuleBook> loadRuleBookFile(const std::string& path, Diagnostics& diags);
/// For `stipple validate`: true when the file is a valid rule book (warnings allowed).
bool validateRuleBookFile(const std::string& path, Diagnostics& diags);

} // namespace stipple
