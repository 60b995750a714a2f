// Name-based UUIDs, version 5 (RFC 4122 section 4.3, RFC 9562 section 5.5): the SHA-1 of a
// namespace UUID and a name, so the same name always gives the same id. xAPI 1.0.3 statement ids
// must be RFC 4122 UUIDs (versions 1 to 5); validators that follow it refuse version 8.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace stipple {

/// The 20-byte SHA-1 digest of `bytes` (FIPS 180-4). Only for UUID v5, never for security.
std::array<uint8_t, 20> sha1(const std::string& bytes);

/// RFC 4122's namespace for names that are URLs: 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
inline constexpr const char* kUuidNamespaceUrl = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/// The version-5 UUID of `name` in `namespaceUuid` (lower-case, 8-4-4-4-12). `namespaceUuid` must
/// be a UUID in that form (a programmer error otherwise).
std::string uuidV5(const std::string& namespaceUuid, const std::string& name);

} // namespace stipple
