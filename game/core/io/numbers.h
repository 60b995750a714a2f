// Strict, locale-independent number parsing for every text format Stipple reads (XML, CSV,
// command-line options). The whole string must be the number: "1.5mm", "0x1A", "nan", "" fail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stipple {

/// A finite decimal number (optional leading '-' or '+', digits, '.', exponent); nothing else.
std::optional<double> parseNumber(std::string_view text);
/// A decimal integer that fits in int64; nothing else.
std::optional<int64_t> parseInteger(std::string_view text);
/// An unsigned 64-bit decimal integer (seeds); nothing else.
std::optional<uint64_t> parseUnsigned(std::string_view text);
/// "true"/"false" (also "yes"/"no", "1"/"0").
std::optional<bool> parseBool(std::string_view text);
/// Shortest text that parses back to exactly the same double (for writers that round-trip).
std::string formatNumber(double value);
/// `value` with exactly `decimals` digits after the point, locale-independent ("38", "1.62"), for
/// text people read; "?" when it does not fit.
std::string formatFixed(double value, int decimals = 0);
/// A fraction as whole per cent for text people read: 0.384 → "38 %".
std::string formatPercent(double fraction);
/// Exactly `length` characters, each 0-9 or a-f (hashes and keys as Stipple writes them).
bool isLowerHex(std::string_view text, size_t length);
/// Leading and trailing ASCII whitespace removed.
std::string_view trim(std::string_view text);

} // namespace stipple
