// Open Badges 3.0 (1EdTech): a passed, signed result issued as an OpenBadgeCredential — a W3C
// Verifiable Credential (data model 2.0) — secured as a VC-JWT (Open Badges 3.0 section 8.2):
// header {alg EdDSA, typ JWT, kid}, the credential's members as the payload with the registered
// claims iss (issuer.id), jti (id), nbf (validFrom) and exp (validUntil), signed with the
// academy's Ed25519 key. The achievement's description and criteria come from the exam file; the
// certificate's expiry becomes validUntil. Verifiable offline with the academy's public key
// (`stipple verify BADGE.jwt`), and by any Open Badges 3.0 verifier that has the key.
#pragma once

#include "exam/exam.h"
#include "exam/signing.h"

#include <nlohmann/json.hpp>

#include <string>

namespace stipple::cli {

/// The academy: its Open Badges issuer id (a URL it serves, e.g. https://academy.example).
struct BadgeIssuer {
    std::string url;
};

/// The credential for a passed, verified result of `exam` (ordered members, as written).
nlohmann::ordered_json openBadgeCredential(const ExamResult& result, const Exam& exam,
                                           const BadgeIssuer& issuer);

/// The compact VC-JWT: base64url(header).base64url(credential + claims).base64url(EdDSA signature).
/// "" and `error` when the credential holds text that is not UTF-8 (JSON must be UTF-8).
std::string issueOpenBadgeJwt(const nlohmann::ordered_json& credential, const SecretKey& key,
                              std::string& error);

struct BadgeVerification {
    bool valid = false;
    std::string reason;             ///< why not, in words
    nlohmann::json header, payload; ///< as decoded (when they could be)
};

/// Checks a VC-JWT: three base64url parts, the header (alg EdDSA, typ JWT, kid of `key`), the
/// Ed25519 signature over "header.payload", the payload an OpenBadgeCredential whose claims match
/// its members, and that `nowUtc` ("YYYY-MM-DDTHH:MM:SSZ") lies between nbf and exp.
BadgeVerification verifyOpenBadgeJwt(const std::string& jwt, const PublicKey& key, const std::string& nowUtc);

/// base64url without padding (RFC 4648 section 5), and its strict inverse (false on any other byte).
std::string base64url(const std::string& bytes);
bool fromBase64url(const std::string& text, std::string& bytes);

} // namespace stipple::cli
