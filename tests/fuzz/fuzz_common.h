// What every fuzz target shares: the checks that hold for any input, whatever the reader. A
// reader that accepts a file must report no error; one that refuses it must say why, with a
// location inside the file (line 1..lines+1, column >= 1) and a message. A broken check aborts,
// which libFuzzer (and the regression replay) report like a crash. Used by tests/fuzz/fuzz_*.cpp,
// built both as libFuzzer targets (clang) and as plain replay programs (any compiler).
#pragma once

#include "io/diagnostics.h"
#include "io/xml.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace stipple::fuzz {

/// Stops the process with a message on standard error: a broken reader contract.
[[noreturn]] inline void fail(const char* what, const Diagnostics& diags) {
    std::fprintf(stderr, "fuzz check failed: %s\n%s", what, diags.formatAll().c_str());
    std::abort();
}

/// The input as text (the readers take text; zero bytes and invalid UTF-8 stay in).
inline std::string_view asText(const uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Checks the outcome of one read: `accepted` must match the absence of errors, and every
/// diagnostic must be located inside `text` and say something.
inline void checkOutcome(bool accepted, const Diagnostics& diags, std::string_view text) {
    if (accepted && diags.hasErrors()) fail("accepted with errors", diags);
    if (!accepted && !diags.hasErrors()) fail("refused without an error", diags);
    long lines = 1;
    for (char c : text)
        if (c == '\n') ++lines;
    for (const Diagnostic& d : diags.items()) {
        if (d.line < 1 || d.line > lines + 1 || d.column < 1)
            fail("diagnostic located outside the file", diags);
        if (d.message.empty()) fail("diagnostic without a message", diags);
        // Values are quoted cut short (io/element_reader.h quotedValue): a message of thousands
        // of characters means a huge value went into it whole.
        if (d.message.size() > 2000) fail("a message of more than 2000 characters", diags);
    }
}

/// The XML readers' common path: parses the input as a document at `path`, hands it to `read`
/// (document, diagnostics) -> optional, and checks the outcome either way. Returns what `read`
/// gave; nullopt when the input is not XML.
template <class Read>
auto readXmlInput(const uint8_t* data, std::size_t size, const std::string& path, Read read)
    -> decltype(read(std::declval<const XmlDocument&>(), std::declval<Diagnostics&>())) {
    const std::string_view text = asText(data, size);
    Diagnostics diags;
    auto doc = parseXml(text, path, diags);
    if (!doc) {
        checkOutcome(false, diags, text);
        return std::nullopt;
    }
    auto out = read(*doc, diags);
    checkOutcome(out.has_value(), diags, text);
    return out;
}

} // namespace stipple::fuzz
