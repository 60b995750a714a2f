// Open Badges 3.0 VC-JWT issue and check. The credential is built member by member in the order
// the specification lists them; the signature is libsodium's crypto_sign_detached (Ed25519, JOSE
// "EdDSA", RFC 8037) over the ASCII "header.payload".
#include "cli/open_badge.h"

#include "exam/candidate_id.h"
#include "exam/exam_result.h"
#include "io/numbers.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace stipple::cli {

namespace {

std::string trimmedUrl(std::string url) {
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

/// Collapses the exam file's indented paragraphs into text: lines joined, blank lines kept as
/// paragraph breaks.
std::string paragraphs(const std::string& text) {
    std::string out, line;
    bool blank = false;
    auto flush = [&]() {
        const size_t a = line.find_first_not_of(" \t\r");
        if (a == std::string::npos) {
            blank = !out.empty();
        } else {
            const std::string t = line.substr(a, line.find_last_not_of(" \t\r") - a + 1);
            out += out.empty() ? "" : (blank ? "\n\n" : " ");
            out += t;
            blank = false;
        }
        line.clear();
    };
    for (char c : text) {
        if (c == '\n')
            flush();
        else
            line += c;
    }
    flush();
    return out;
}

/// The criteria in words, from the exam's pass rule and sections.
std::string criteriaNarrative(const Exam& exam) {
    std::string n = "Pass the examination \"" + exam.title + "\" with an overall score of at least " +
                    formatNumber(exam.passRule.overallPassMark) + "%";
    if (exam.passRule.everySection && !exam.sections.empty()) {
        n += ", and pass every section:";
        for (const auto& s : exam.sections)
            n += " " + s.title + " (at least " + formatNumber(s.passMark) + "%);";
        n.back() = '.';
    } else {
        n += ".";
    }
    return n;
}

} // namespace

std::string base64url(const std::string& bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return out;
}

bool fromBase64url(const std::string& text, std::string& bytes) {
    bytes.assign(text.size(), '\0');
    size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.c_str(),
                          text.size(), nullptr, &length, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != text.c_str() + text.size())
        return false;
    bytes.resize(length);
    return true;
}

nlohmann::ordered_json openBadgeCredential(const ExamResult& r, const Exam& exam, const BadgeIssuer& issuer) {
    const std::string base = trimmedUrl(issuer.url);
    nlohmann::ordered_json c;
    c["@context"] = {"https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"};
    c["id"] = base + "/credentials/" + r.resultId;
    c["type"] = {"VerifiableCredential", "OpenBadgeCredential"};
    c["issuer"] = {{"id", base}, {"type", {"Profile"}}, {"name", r.issuer}};
    c["validFrom"] = r.issuedOn + "T00:00:00Z";
    if (!r.expiresOn.empty()) c["validUntil"] = r.expiresOn + "T00:00:00Z"; // the certificate's expiry
    c["name"] = r.certificateTitle.empty() ? r.examTitle : r.certificateTitle;
    nlohmann::ordered_json achievement;
    achievement["id"] = base + "/achievements/" + r.examId;
    achievement["type"] = {"Achievement"};
    achievement["achievementType"] = "Certificate";
    achievement["name"] = c["name"];
    achievement["description"] = exam.description.empty() ? exam.title : paragraphs(exam.description);
    achievement["criteria"] = {{"narrative", criteriaNarrative(exam)}};
    nlohmann::ordered_json subject;
    subject["type"] = {"AchievementSubject"};
    // The holder is named by the academy's candidate id (no e-mail address is known), as an
    // identifier the issuer vouches for, not hashed: the certificate prints the same id.
    subject["identifier"] = {{{"type", "IdentityObject"},
                              {"identityHash", canonicalCandidateKey(r.candidateId)},
                              {"identityType", "identifier"},
                              {"hashed", false}}};
    subject["achievement"] = std::move(achievement);
    subject["result"] = {
        {{"type", {"Result"}}, {"value", formatNumber(std::round(r.score * 100.0) / 100.0)}}};
    c["credentialSubject"] = std::move(subject);
    c["credentialSchema"] = {
        {{"id",
          "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"},
         {"type", "1EdTechJsonSchemaValidator2019"}}};
    return c;
}

std::string issueOpenBadgeJwt(const nlohmann::ordered_json& credential, const SecretKey& key,
                              std::string& error) {
    nlohmann::ordered_json header = {{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", key.publicKey().keyId()}};
    nlohmann::ordered_json payload = credential;
    payload["iss"] = credential["issuer"]["id"];
    payload["jti"] = credential["id"];
    payload["nbf"] = *parseUtcTimestamp(credential["validFrom"].get<std::string>());
    if (credential.contains("validUntil"))
        payload["exp"] = *parseUtcTimestamp(credential["validUntil"].get<std::string>());
    // What is signed must be exactly what a verifier decodes: text that is not UTF-8 is refused,
    // never replaced (and never left to nlohmann's default, which throws).
    std::string headerText, payloadText;
    try {
        headerText = header.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict);
        payloadText = payload.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict);
    } catch (const nlohmann::ordered_json::type_error&) {
        error = "the credential holds text that is not valid UTF-8: a badge is JSON, which must be UTF-8";
        return "";
    }
    const std::string input = base64url(headerText) + "." + base64url(payloadText);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                         key.bytes().data());
    return input + "." + base64url(std::string(reinterpret_cast<const char*>(sig), sizeof sig));
}

BadgeVerification verifyOpenBadgeJwt(const std::string& jwt, const PublicKey& key,
                                     const std::string& nowUtc) {
    BadgeVerification v;
    const size_t a = jwt.find('.'), b = a == std::string::npos ? a : jwt.find('.', a + 1);
    if (b == std::string::npos || jwt.find('.', b + 1) != std::string::npos)
        return v.reason = "not a JWT: it must be three base64url parts joined by '.'", v;
    std::string header, payload, sig;
    if (!fromBase64url(jwt.substr(0, a), header) || !fromBase64url(jwt.substr(a + 1, b - a - 1), payload) ||
        !fromBase64url(jwt.substr(b + 1), sig))
        return v.reason = "not a JWT: a part is not base64url", v;
    v.header = nlohmann::json::parse(header, nullptr, false);
    v.payload = nlohmann::json::parse(payload, nullptr, false);
    if (!v.header.is_object() || !v.payload.is_object())
        return v.reason = "not a JWT: the header or payload is not JSON", v;
    if (v.header.value("alg", "") != "EdDSA")
        return v.reason = "the JWT is not signed with EdDSA (alg " +
                          v.header.value("alg", std::string("none")) + ")",
               v;
    if (v.header.value("kid", "") != key.keyId())
        return v.reason = "signed by another key (kid " + v.header.value("kid", std::string("none")) +
                          ", this key is " + key.keyId() + ")",
               v;
    if (sig.size() != crypto_sign_BYTES ||
        crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                    reinterpret_cast<const unsigned char*>(jwt.data()), b,
                                    key.bytes.data()) != 0)
        return v.reason = "the signature does not match: the badge was changed or signed with another key", v;
    const auto& p = v.payload;
    const auto types = p.value("type", nlohmann::json::array());
    if (!types.is_array() || std::find(types.begin(), types.end(), "OpenBadgeCredential") == types.end())
        return v.reason = "the payload is not an OpenBadgeCredential", v;
    if (!p.contains("issuer") || !p["issuer"].is_object() ||
        p.value("iss", "") != p["issuer"].value("id", "") || p.value("jti", "") != p.value("id", ""))
        return v.reason = "the JWT claims iss and jti do not match the credential's issuer.id and id", v;
    const auto now = parseUtcTimestamp(nowUtc);
    if (!p.contains("nbf") || !p["nbf"].is_number_integer() || !now)
        return v.reason = "the JWT has no nbf claim", v;
    if (*now < p["nbf"].get<int64_t>())
        return v.reason = "not valid yet (validFrom " + p.value("validFrom", "") + ")", v;
    if (p.contains("exp") && (!p["exp"].is_number_integer() || *now >= p["exp"].get<int64_t>()))
        return v.reason = "expired on " + p.value("validUntil", std::string("?")), v;
    v.valid = true;
    return v;
}

} // namespace stipple::cli
