// UTF-8 as RFC 3629 defines it (Table 3-7 of the Unicode standard): no overlong forms, no
// surrogates, nothing above U+10FFFF.
#include "io/utf8.h"

namespace stipple {

namespace {

/// The length of the well-formed sequence at `i`, or 0 when the byte there starts none.
std::size_t sequenceAt(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) {
        return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0x100u;
    };
    const auto in = [](unsigned v, unsigned lo, unsigned hi) { return v >= lo && v <= hi; };
    const unsigned c = b(0);
    if (c < 0x80) return 1;
    if (in(c, 0xC2, 0xDF)) return in(b(1), 0x80, 0xBF) ? 2 : 0;
    if (c == 0xE0) return in(b(1), 0xA0, 0xBF) && in(b(2), 0x80, 0xBF) ? 3 : 0;
    if (in(c, 0xE1, 0xEC) || in(c, 0xEE, 0xEF)) return in(b(1), 0x80, 0xBF) && in(b(2), 0x80, 0xBF) ? 3 : 0;
    if (c == 0xED) return in(b(1), 0x80, 0x9F) && in(b(2), 0x80, 0xBF) ? 3 : 0;
    if (c == 0xF0) return in(b(1), 0x90, 0xBF) && in(b(2), 0x80, 0xBF) && in(b(3), 0x80, 0xBF) ? 4 : 0;
    if (in(c, 0xF1, 0xF3))
        return in(b(1), 0x80, 0xBF) && in(b(2), 0x80, 0xBF) && in(b(3), 0x80, 0xBF) ? 4 : 0;
    if (c == 0xF4) return in(b(1), 0x80, 0x8F) && in(b(2), 0x80, 0xBF) && in(b(3), 0x80, 0xBF) ? 4 : 0;
    return 0;
}

} // namespace

std::size_t firstInvalidUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = sequenceAt(text, i);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

std::string validUtf8OrReplaced(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = sequenceAt(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::optional<Utf8Error> findUtf8Error(std::string_view text) {
    const std::size_t bad = firstInvalidUtf8(text);
    if (bad == std::string_view::npos) return std::nullopt;
    Utf8Error e;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < bad; ++i)
        if (text[i] == '\n') {
            ++e.line;
            lineStart = i + 1;
        }
    e.column = static_cast<int>(bad - lineStart) + 1;
    static const char* hex = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(text[bad]);
    e.message = std::string("the file is not valid UTF-8 (byte 0x") + hex[byte >> 4] + hex[byte & 15] +
                "): save it as UTF-8 (an editor's \"save with encoding\")";
    return e;
}

std::string utf8Problem(std::string_view text) {
    const std::size_t bad = firstInvalidUtf8(text);
    if (bad == std::string_view::npos) return "";
    return "is not valid UTF-8 (byte " + std::to_string(bad + 1) + " of the value): type it in UTF-8";
}

} // namespace stipple
