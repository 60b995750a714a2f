// `stipple badge` and `stipple verify` on Open Badges 3.0: the VC-JWT's header, its Ed25519
// signature checked here with libsodium directly (not through Stipple's verifier), and the
// credential checked against the OpenBadgeCredential's required properties and value rules
// (Open Badges 3.0, https://www.imsglobal.org/spec/ob/v3p0/: AchievementCredential, Profile,
// AchievementSubject, Achievement, Criteria, IdentityObject, Result; VC-JWT section 8.2) written
// as a schema below; an edited or expired credential refused.
#include "exam/signing.h"
#include "support/exam_results.h"
#include "support/json_schema.h"
#include "support/process.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sodium.h>

using namespace stipple;
using namespace stipple::test;

namespace {

const char* kIri = "^[a-z][a-z0-9+.-]*:[^ ]+$";
const char* kDateTime = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";

nlohmann::json openBadgeSchema() {
    const nlohmann::json iri = {{"type", "string"}, {"pattern", kIri}};
    const nlohmann::json dateTime = {{"type", "string"}, {"pattern", kDateTime}};
    auto typeWith = [](const std::string& t) {
        return nlohmann::json{
            {"type", "array"}, {"items", {{"type", "string"}}}, {"contains", {{"const", t}}}};
    };
    nlohmann::json criteria = {
        {"type", "object"},
        {"properties", {{"id", iri}, {"narrative", {{"type", "string"}, {"pattern", "\\S"}}}}}};
    nlohmann::json achievement = {{"type", "object"},
                                  {"required", {"id", "type", "name", "description", "criteria"}},
                                  {"properties",
                                   {{"id", iri},
                                    {"type", typeWith("Achievement")},
                                    {"name", {{"type", "string"}, {"pattern", "\\S"}}},
                                    {"description", {{"type", "string"}, {"pattern", "\\S"}}},
                                    {"criteria", criteria},
                                    {"achievementType", {{"type", "string"}}}}}};
    nlohmann::json identity = {{"type", "object"},
                               {"required", {"type", "identityHash", "identityType", "hashed"}},
                               {"properties",
                                {{"type", {{"const", "IdentityObject"}}},
                                 {"identityHash", {{"type", "string"}}},
                                 {"identityType", {{"type", "string"}}},
                                 {"hashed", {{"type", "boolean"}}},
                                 {"salt", {{"type", "string"}}}}}};
    nlohmann::json subject = {{"type", "object"},
                              {"required", {"type", "achievement"}},
                              {"properties",
                               {{"id", iri},
                                {"type", typeWith("AchievementSubject")},
                                {"achievement", achievement},
                                {"identifier", {{"type", "array"}, {"items", identity}}},
                                {"result",
                                 {{"type", "array"},
                                  {"items",
                                   {{"type", "object"},
                                    {"required", {"type"}},
                                    {"properties", {{"type", typeWith("Result")}}}}}}}}}};
    nlohmann::json profile = {
        {"type", "object"},
        {"required", {"id", "type"}},
        {"properties", {{"id", iri}, {"type", typeWith("Profile")}, {"name", {{"type", "string"}}}}}};
    return {{"type", "object"},
            {"required", {"@context", "id", "type", "issuer", "validFrom", "name", "credentialSubject"}},
            {"properties",
             {{"@context", {{"type", "array"}, {"minItems", 2}}},
              {"id", iri},
              {"type", typeWith("OpenBadgeCredential")},
              {"issuer", profile},
              {"validFrom", dateTime},
              {"validUntil", dateTime},
              {"name", {{"type", "string"}, {"pattern", "\\S"}}},
              {"credentialSubject", subject},
              {"credentialSchema",
               {{"type", "array"}, {"items", {{"type", "object"}, {"required", {"id", "type"}}}}}},
              // VC-JWT registered claims (section 8.2.4.2)
              {"iss", iri},
              {"jti", iri},
              {"nbf", {{"type", "integer"}}},
              {"exp", {{"type", "integer"}}}}}};
}

std::string decode(const std::string& part) {
    std::string bytes(part.size(), '\0');
    size_t length = 0;
    REQUIRE(sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), part.c_str(),
                              part.size(), nullptr, &length, nullptr,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0);
    bytes.resize(length);
    return bytes;
}

} // namespace

TEST_CASE("stipple badge: an OpenBadgeCredential VC-JWT with every required property, verifiable offline",
          "[badge]") {
    REQUIRE(sodium_init() >= 0);
    Scratch s;
    const auto keys = s.path("keys");
    const std::optional<SecretKey> secret = academyKeysIn(keys);
    ExamResult passed = sampleExamResult("C-0042", "Zoë Ørsted", 81.25);
    passed.expiresOn = "2028-03-02";
    const auto pass = s.write("zoe.result", signResult(passed, *secret));
    const auto jwtPath = s.path("zoe.jwt");
    const std::string exam = std::string(STIPPLE_SOURCE_DIR) + "/levels/exams/foundation-certificate.xml";
    const Run r =
        runStipple("badge " + quote(pass) + " --exam " + quote(exam) +
                   " --issuer https://academy.example/ -o " + quote(jwtPath) + " --keys " + quote(keys));
    INFO(r.err);
    REQUIRE(r.exitCode == 0);

    std::string jwt = readText(jwtPath);
    REQUIRE(jwt.back() == '\n');
    jwt.pop_back();
    const size_t a = jwt.find('.'), b = jwt.find('.', a + 1);
    REQUIRE(b != std::string::npos);
    const auto header = nlohmann::json::parse(decode(jwt.substr(0, a)));
    const auto payload = nlohmann::json::parse(decode(jwt.substr(a + 1, b - a - 1)));
    const std::string sig = decode(jwt.substr(b + 1));
    CHECK(header["alg"] == "EdDSA");
    CHECK(header["typ"] == "JWT");
    CHECK(header["kid"] == secret->publicKey().keyId());
    REQUIRE(sig.size() == crypto_sign_BYTES);
    CHECK(crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                      reinterpret_cast<const unsigned char*>(jwt.data()), b,
                                      secret->publicKey().bytes.data()) == 0);

    INFO(payload.dump(2));
    CHECK(schemaViolations(payload, openBadgeSchema()).empty());
    // Value rules: the contexts in order, claims equal to the members they mirror, the expiry.
    CHECK(payload["@context"][0] == "https://www.w3.org/ns/credentials/v2");
    CHECK(payload["@context"][1] == "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
    CHECK(payload["type"][0] == "VerifiableCredential");
    CHECK(payload["iss"] == payload["issuer"]["id"]);
    CHECK(payload["issuer"]["id"] == "https://academy.example");
    CHECK(payload["jti"] == payload["id"]);
    CHECK(payload["validFrom"] == "2026-03-02T00:00:00Z");
    CHECK(payload["nbf"] == 1772409600);                    // 2026-03-02T00:00:00Z
    CHECK(payload["validUntil"] == "2028-03-02T00:00:00Z"); // the certificate's expiry
    CHECK(payload["exp"] == 1835568000);                    // 2028-03-02T00:00:00Z
    const auto& achievement = payload["credentialSubject"]["achievement"];
    CHECK(achievement["description"].get<std::string>().rfind(
              "A first certificate for trainees who have finished the foundation levels", 0) == 0);
    CHECK(achievement["criteria"]["narrative"].get<std::string>().find("overall score of at least 70%") !=
          std::string::npos);
    CHECK(payload["credentialSubject"]["identifier"][0]["identityHash"] == "c-0042");

    // The schema refuses what it should: no achievement criteria, an issuer without id, a wrong type.
    auto broken = payload;
    broken["credentialSubject"]["achievement"].erase("criteria");
    broken["issuer"].erase("id");
    broken["type"] = {"VerifiableCredential"};
    CHECK(schemaViolations(broken, openBadgeSchema()).size() == 3);

    const std::string key = " --key " + quote(keys / "academy.public");
    const Run ok = runStipple("verify " + quote(jwtPath) + key);
    CHECK(ok.exitCode == 0);
    CHECK(ok.out.find(
              "VALID Open Badges 3.0 credential: Foundation Certificate in Scalp Micropigmentation") == 0);
    // One changed byte of the payload: refused.
    std::string edited = jwt;
    edited[a + 10] = edited[a + 10] == 'A' ? 'B' : 'A';
    const auto editedPath = s.write("edited.jwt", edited + "\n");
    const Run bad = runStipple("verify " + quote(editedPath) + key);
    CHECK(bad.exitCode == 1);
    CHECK(bad.out.find("INVALID") == 0);
    // Another academy's key: refused, named.
    REQUIRE(runStipple("keys init --dir " + quote(s.path("other"))).exitCode == 0);
    CHECK(runStipple("verify " + quote(jwtPath) + " --key " + quote(s.path("other/academy.public")))
              .out.find("signed by another key") != std::string::npos);

    // A fail gets no badge; nor a result of another exam.
    const auto fail = s.write("ben.result", signResult(sampleExamResult("C-0043", "Ben", 50), *secret));
    CHECK(runStipple("badge " + quote(fail) + " --exam " + quote(exam) +
                     " --issuer https://a.example --keys " + quote(keys))
              .exitCode == 1);
    CHECK(runStipple("badge " + quote(pass) + " --exam " + quote(exam) + " --keys " + quote(keys)).exitCode ==
          2);
}

TEST_CASE("stipple verify: an expired Open Badges credential is refused", "[badge]") {
    Scratch s;
    const auto keys = s.path("keys");
    const std::optional<SecretKey> secret = academyKeysIn(keys);
    ExamResult old = sampleExamResult("C-0042", "Ana", 90);
    old.issuedOn = "2020-01-10";
    old.expiresOn = "2022-01-10";
    const auto pass = s.write("old.result", signResult(old, *secret));
    const std::string exam = std::string(STIPPLE_SOURCE_DIR) + "/levels/exams/foundation-certificate.xml";
    REQUIRE(runStipple("badge " + quote(pass) + " --exam " + quote(exam) + " --issuer https://a.example -o " +
                       quote(s.path("old.jwt")) + " --keys " + quote(keys))
                .exitCode == 0);
    const Run r =
        runStipple("verify " + quote(s.path("old.jwt")) + " --key " + quote(keys / "academy.public"));
    CHECK(r.exitCode == 1);
    CHECK(r.out == "INVALID: expired on 2022-01-10T00:00:00Z\n");
}

TEST_CASE("stipple badge: a result whose text is not UTF-8 is refused at its line, never aborted",
          "[badge][utf8]") {
    // Issue 16, hole 2 (the badge signer): a result signed by a build that did not check its text
    // can hold Latin-1 bytes. The badge is JSON; nlohmann's dump threw type_error 316 (SIGABRT).
    Scratch s;
    const auto keys = s.path("keys");
    const std::optional<SecretKey> secret = academyKeysIn(keys);
    const std::string exam = std::string(STIPPLE_SOURCE_DIR) + "/levels/exams/foundation-certificate.xml";
    for (const bool inIssuer : {true, false}) {
        ExamResult r = sampleExamResult("C-0042", inIssuer ? "Zoe" : "Zo\xeb \xd8rsted", 81.25);
        if (inIssuer) r.issuer = "Acad\xe9mie de pigmentation";
        const std::string text = signResult(r, *secret);
        const size_t bad = text.find(inIssuer ? '\xe9' : '\xeb');
        REQUIRE(bad != std::string::npos);
        const int line =
            1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(bad), '\n'));
        const auto path = s.write("latin1.result", text);
        const auto out = s.path("latin1.jwt");
        const Run run = runStipple("badge " + quote(path) + " --exam " + quote(exam) +
                                   " --issuer https://a.example -o " + quote(out) + " --keys " + quote(keys));
        INFO(run.err);
        CHECK(run.exitCode == 1);
        CHECK(run.err.find(path.string() + ":" + std::to_string(line) + ":") != std::string::npos);
        CHECK(run.err.find("not valid UTF-8") != std::string::npos);
        CHECK(run.err.find(inIssuer ? "(byte 0xE9)" : "(byte 0xEB)") != std::string::npos);
        CHECK(run.err.find("type_error") == std::string::npos);
        CHECK_FALSE(std::filesystem::exists(out));
    }
}
