// UTF-8 checks for text that enters Stipple (command options, the exam sign-in, level, bank and
// exam files) and a safe form of text already stored, which may predate those checks.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace stipple {

/// The offset of the first byte that does not start a well-formed UTF-8 sequence (a stray
/// continuation byte, an overlong form, a surrogate, a code point above U+10FFFF, a sequence cut
/// short), or npos when all of `text` is UTF-8.
std::size_t firstInvalidUtf8(std::string_view text);

/// `text` with each ill-formed byte replaced by U+FFFD, as the JSON outputs print it.
std::string validUtf8OrReplaced(std::string_view text);

/// Where a text file stops being UTF-8: 1-based line and column (in bytes), and the message
/// "the file is not valid UTF-8 (byte 0xE9): save it as UTF-8", for readers of text files.
struct Utf8Error {
    int line = 1;
    int column = 1;
    std::string message;
};
std::optional<Utf8Error> findUtf8Error(std::string_view text);

/// "" when `text` is UTF-8, else "is not valid UTF-8 (byte N of the value): type it in UTF-8",
/// for a message that names the option or field first.
std::string utf8Problem(std::string_view text);

} // namespace stipple
