// Signed results and academy keys: a signed result verifies; changing, deleting or inserting any
// single byte anywhere in it makes verification fail; another key is named as such; verification
// codes catch every single-character typo and every code not derived from the signature; key
// files round-trip, are refused when edited, and the secret one is private to its owner.
#include "exam/signing.h"
#include "io/files.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sys/stat.h>

using namespace stipple;
using stipple::test::Scratch;

namespace {

ExamResult smallResult() {
    ExamResult r;
    r.examId = "e";
    r.examTitle = "Exam";
    r.examSha256 = std::string(64, '0');
    r.certificateTitle = "Cert";
    r.issuer = "Academy";
    r.candidateId = "C-1";
    r.candidateName = "Ana";
    r.station = "s1";
    r.seed = 5;
    r.build = "stipple 0.1.0";
    r.startedAt = "2026-03-01T09:00:00Z";
    r.finishedAt = "2026-03-01T09:30:00Z";
    ResultSection s;
    s.id = "q";
    s.title = "Quiz";
    s.kind = "quiz";
    s.weight = 1;
    s.passMark = 50;
    s.timeLimitS = 600;
    s.timeUsedS = 300;
    s.score = 100;
    s.passed = true;
    ResultItem item;
    item.kind = ResultItem::Kind::Question;
    item.ref = "q1";
    item.category = "care";
    item.source = "b.xml";
    item.score = 1;
    item.passed = true;
    s.items = {item};
    r.sections = {s};
    r.score = 100;
    r.passed = true;
    r.issuedOn = "2026-03-01";
    r.expiresOn = "2028-03-01";
    r.resultId = makeResultId(r);
    return r;
}

std::array<unsigned char, 64> signatureOf(const std::string& signedText) {
    const std::string hex = signedText.substr(signedText.size() - 129, 128);
    std::array<unsigned char, 64> sig{};
    for (size_t i = 0; i < 64; ++i)
        sig[i] = static_cast<unsigned char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
    return sig;
}

} // namespace

TEST_CASE("signing: a signed result verifies and gives back the record", "[signing]") {
    const KeyPair keys = generateKeyPair();
    const std::string text = signResult(smallResult(), keys.secretKey);
    CHECK(text.rfind(canonicalResultText(smallResult()), 0) == 0);
    CHECK(text.find("\nsignature ed25519 " + keys.publicKey.keyId() + " ") != std::string::npos);
    const Verification v = verifySignedResult(text, keys.publicKey);
    INFO(v.reason);
    REQUIRE(v.valid);
    CHECK(v.result == smallResult());
    CHECK(v.keyId == keys.publicKey.keyId());
    CHECK(v.code == verificationCode(signatureOf(text)));
    // Ed25519 is deterministic: signing again gives the same bytes (and so the same code).
    CHECK(signResult(smallResult(), keys.secretKey) == text);
}

TEST_CASE("signing: any single byte changed, removed or added fails verification", "[signing][tamper]") {
    const KeyPair keys = generateKeyPair();
    const std::string text = signResult(smallResult(), keys.secretKey);
    REQUIRE(verifySignedResult(text, keys.publicKey).valid);
    int tried = 0, accepted = 0;
    std::set<std::string> reasons;
    for (size_t i = 0; i < text.size(); ++i) {
        // Flip the lowest bit, the case bit and the top bit; swap in a space; delete; insert.
        for (unsigned char mask : {0x01, 0x20, 0x80}) {
            std::string t = text;
            t[i] = static_cast<char>(static_cast<unsigned char>(t[i]) ^ mask);
            const Verification v = verifySignedResult(t, keys.publicKey);
            ++tried;
            if (v.valid) ++accepted;
            reasons.insert(v.reason);
        }
        std::string removed = text;
        removed.erase(i, 1);
        std::string inserted = text;
        inserted.insert(i, 1, text[i] == ' ' ? 'x' : ' ');
        for (const std::string& t : {removed, inserted}) {
            ++tried;
            if (verifySignedResult(t, keys.publicKey).valid) ++accepted;
        }
    }
    CHECK(tried == static_cast<int>(text.size()) * 5);
    CHECK(accepted == 0);
    // The failures are explained, not just refused: changed body, damaged line, wrong key id, cut file.
    const auto seen = [&](const std::string& start) {
        return std::any_of(reasons.begin(), reasons.end(),
                           [&](const std::string& r) { return r.rfind(start, 0) == 0; });
    };
    CHECK(seen("the signature does not match the result"));
    CHECK(seen("the signature line is damaged"));
    CHECK(seen("signed with another key (key id "));
    CHECK(seen("the file is cut short"));
    CHECK(seen("not a signed Stipple result"));
}

TEST_CASE("signing: another academy's key is named, not just refused", "[signing]") {
    const KeyPair ours = generateKeyPair();
    const KeyPair theirs = generateKeyPair();
    const std::string text = signResult(smallResult(), theirs.secretKey);
    const Verification v = verifySignedResult(text, ours.publicKey);
    CHECK_FALSE(v.valid);
    CHECK(v.reason == "signed with another key (key id " + theirs.publicKey.keyId() +
                          "), not with this academy key (key id " + ours.publicKey.keyId() + ")");
    // A forger who copies our key id onto their own signature is caught by the signature itself.
    std::string forged = text;
    forged.replace(forged.find(theirs.publicKey.keyId()), 16, ours.publicKey.keyId());
    const Verification f = verifySignedResult(forged, ours.publicKey);
    CHECK_FALSE(f.valid);
    CHECK(f.reason == "the signature does not match the result: the result was changed after it was signed");
    // An unsigned result and an empty file.
    CHECK(verifySignedResult(canonicalResultText(smallResult()), ours.publicKey).reason ==
          "not a signed Stipple result: the last line must be the signature (\"signature ed25519 ...\")");
    CHECK(verifySignedResult("", ours.publicKey).reason ==
          "the file is cut short: a signed result ends with its signature line and a newline");
}

TEST_CASE("verification codes: shape, typos and forgeries", "[signing][code]") {
    const KeyPair keys = generateKeyPair();
    const std::string code =
        verifySignedResult(signResult(smallResult(), keys.secretKey), keys.publicKey).code;
    REQUIRE(code.size() == 19);
    CHECK(code[4] == '-');
    CHECK(code[9] == '-');
    CHECK(code[14] == '-');
    std::string error;
    CHECK(normaliseVerificationCode(code, error) == code);
    // As a person types it: lower case, no dashes, O for 0 and l for 1.
    std::string typed;
    for (char c : code)
        if (c != '-') typed += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    for (char& c : typed) {
        if (c == '0')
            c = 'o';
        else if (c == '1')
            c = 'l';
    }
    CHECK(normaliseVerificationCode(" " + typed + " ", error) == code);
    // Every single-character substitution is caught by the check character.
    const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    int typos = 0, caught = 0;
    for (size_t i = 0; i < code.size(); ++i) {
        if (code[i] == '-') continue;
        for (char c : alphabet) {
            if (c == code[i]) continue;
            std::string t = code;
            t[i] = c;
            ++typos;
            if (!normaliseVerificationCode(t, error)) ++caught;
        }
    }
    CHECK(typos == 16 * 31);
    CHECK(caught == typos);
    CHECK(error == "the code's check character does not match: it was mistyped or made up");
    CHECK_FALSE(normaliseVerificationCode("ABCD-EFGH-JKMN-PQR", error));
    CHECK(error == "a verification code has 16 characters (XXXX-XXXX-XXXX-XXXX), this one has 15");
    CHECK_FALSE(normaliseVerificationCode("ABCD-EFGH-JKMN-PQRU", error));
    CHECK(error == "'U' cannot appear in a verification code (it uses 0-9 and A-Z without I, L, O, U)");
    // Codes of different signatures differ; a made-up code with a valid check character is still
    // none of them (the CLI and the store look codes up; here: distinct over many signatures).
    std::set<std::string> codes;
    ExamResult r = smallResult();
    for (int i = 0; i < 500; ++i) {
        r.seed = static_cast<uint64_t>(i);
        codes.insert(verifySignedResult(signResult(r, keys.secretKey), keys.publicKey).code);
    }
    CHECK(codes.size() == 500);
}

TEST_CASE("academy keys: files round-trip and refuse edits", "[signing][keys]") {
    const KeyPair keys = generateKeyPair();
    std::string error;
    const auto pub = parsePublicKeyText(publicKeyText(keys.publicKey), error);
    REQUIRE(pub);
    CHECK(*pub == keys.publicKey);
    const auto sec = parseSecretKeyText(secretKeyText(keys.secretKey), error);
    REQUIRE(sec);
    CHECK(sec->bytes() == keys.secretKey.bytes());
    CHECK(sec->publicKey() == keys.publicKey);
    CHECK(publicKeyText(keys.publicKey)
              .rfind("stipple academy public key 1\nkey-id " + keys.publicKey.keyId() + "\ned25519-public ",
                     0) == 0);

    std::string text = publicKeyText(keys.publicKey);
    text[text.size() - 2] = text[text.size() - 2] == '0' ? '1' : '0'; // another key under the old id
    CHECK_FALSE(parsePublicKeyText(text, error));
    CHECK(error.find("does not belong to this key") != std::string::npos);
    CHECK_FALSE(parsePublicKeyText("hello\n", error));
    CHECK(error == "not a Stipple academy key file (it must start with \"stipple academy public key 1\")");
    CHECK_FALSE(parsePublicKeyText(secretKeyText(keys.secretKey), error)); // the wrong half
    std::string secret = secretKeyText(keys.secretKey);
    secret[secret.size() - 2] =
        secret[secret.size() - 2] == '0' ? '1' : '0'; // the public half no longer matches
    CHECK_FALSE(parseSecretKeyText(secret, error));
    CHECK(error == "the secret key is damaged (its public half does not match its seed)");
    CHECK_FALSE(parsePublicKeyText(publicKeyText(keys.publicKey) + "\n", error));
}

TEST_CASE("academy keys: written privately, never overwritten by accident", "[signing][keys]") {
    Scratch s;
    const std::string dir = (s.dir() / "keys" / "academy").string();
    const KeyPair keys = generateKeyPair();
    std::string error;
    REQUIRE(writeKeyPair(keys, dir, false, error));
    struct stat st {};
    REQUIRE(::stat((dir + "/academy.secret").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat((dir + "/academy.public").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    // Loads back.
    const auto sec = loadSecretKey(dir + "/academy.secret", error);
    REQUIRE(sec);
    CHECK(sec->publicKey() == keys.publicKey);
    REQUIRE(loadPublicKey(dir + "/academy.public", error));
    // A second init refuses, and the first key is untouched.
    const KeyPair other = generateKeyPair();
    CHECK_FALSE(writeKeyPair(other, dir, false, error));
    CHECK(error ==
          dir + "/academy.secret already exists: results signed with that key verify only with its public "
                "key. Keep a copy of the old pair, then use --force to replace it");
    CHECK(loadPublicKey(dir + "/academy.public", error) == keys.publicKey);
    REQUIRE(writeKeyPair(other, dir, true, error));
    CHECK(loadPublicKey(dir + "/academy.public", error) == other.publicKey);
    // A secret key others can read is refused.
    ::chmod((dir + "/academy.secret").c_str(), 0640);
    CHECK_FALSE(loadSecretKey(dir + "/academy.secret", error));
    CHECK(error ==
          dir +
              "/academy.secret: permissions 0640 are too open: the academy's secret key must be readable by "
              "its owner only (chmod 600 " +
              dir + "/academy.secret)");
    CHECK_FALSE(loadPublicKey(dir + "/missing", error));
    CHECK(error == dir + "/missing: cannot open file: No such file or directory");
}
