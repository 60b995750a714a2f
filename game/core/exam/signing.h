// The academy's Ed25519 key pair (libsodium) and signed results. A signed result file is the
// canonical result text followed by one line,
//   signature ed25519 <key id> <128 lower-case hex digits>
// where the signature covers a domain label and every byte of the text before that line, so
// changing any byte — of the result, the key id or the signature — makes verification fail. The
// key id (16 hex digits of the public key's SHA-256) lets a verifier say "signed by another key"
// instead of just "invalid". The verification code printed on a certificate is derived from the
// signature, so it cannot be chosen without the academy's secret key.
// What a signature does not prove: that the exam was sat honestly, or that the key was not
// stolen; it proves the result has not changed since a holder of the academy key signed it.
#pragma once

#include "exam/exam_result.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace stipple {

struct PublicKey {
    std::array<unsigned char, 32> bytes{};
    /// 16 lower-case hex digits of SHA-256 over the key bytes.
    std::string keyId() const;
    friend bool operator==(const PublicKey&, const PublicKey&) = default;
};

/// The secret half (libsodium's 64-byte form: seed and public key). Wiped from memory when destroyed.
class SecretKey {
  public:
    SecretKey() = default;
    explicit SecretKey(const std::array<unsigned char, 64>& bytes) : m_bytes(bytes) {}
    SecretKey(const SecretKey&) = default;
    SecretKey& operator=(const SecretKey&) = default;
    ~SecretKey();
    const std::array<unsigned char, 64>& bytes() const { return m_bytes; }
    PublicKey publicKey() const;

  private:
    std::array<unsigned char, 64> m_bytes{};
};

struct KeyPair {
    PublicKey publicKey;
    SecretKey secretKey;
};

/// A fresh key pair from the operating system's randomness.
KeyPair generateKeyPair();

/// Key files: a two-line header and the key in hex.
///   stipple academy public key 1 / key-id <id> / ed25519-public <64 hex>
///   stipple academy secret key 1 / key-id <id> / ed25519-secret <128 hex>
std::string publicKeyText(const PublicKey& key);
std::string secretKeyText(const SecretKey& key);
std::optional<PublicKey> parsePublicKeyText(std::string_view text, std::string& error);
std::optional<SecretKey> parseSecretKeyText(std::string_view text, std::string& error);

/// The file names inside a key folder.
inline constexpr const char* kPublicKeyFile = "academy.public";
inline constexpr const char* kSecretKeyFile = "academy.secret";

/// Writes `dir`/academy.public (0644) and `dir`/academy.secret (0600, never readable by others
/// even for an instant), each atomically; creates `dir` (0700) when missing. Refuses to replace an
/// existing key unless `force`. False with a reason on failure.
/// `name` "station" writes station.public and station.secret (a station's own pair).
bool writeKeyPair(const KeyPair& keys, const std::string& dir, bool force, std::string& error,
                  const std::string& name = "academy");
std::optional<PublicKey> loadPublicKey(const std::string& path, std::string& error);
/// Refuses a secret key file that others may read (like ssh): the academy's signature is only
/// worth what the secrecy of this file is worth.
std::optional<SecretKey> loadSecretKey(const std::string& path, std::string& error);

/// A detached Ed25519 signature (128 lower-case hex digits) over `domain` followed by `text`;
/// the domain label keeps a signature made for one purpose from being valid for another.
std::string signTextHex(std::string_view domain, std::string_view text, const SecretKey& key);
bool verifyTextHex(std::string_view domain, std::string_view text, std::string_view signatureHex,
                   const PublicKey& key);

/// The signed file text: canonical text + signature line.
std::string signResult(const ExamResult& result, const SecretKey& key);

struct Verification {
    bool valid = false;
    std::string reason; ///< why not valid, in words
    ExamResult result;  ///< parsed (only meaningful when valid)
    std::string keyId;  ///< of the signature line, when one could be read
    std::string code;   ///< verification code, when valid
};

/// Checks a signed result file against the academy's public key: the signature line, the key id,
/// the signature over the bytes, then the canonical form of the result.
Verification verifySignedResult(std::string_view signedText, const PublicKey& key);

/// The result inside a signed file, parsed WITHOUT checking the signature: for listing rows the
/// store verified when they were saved. Anything that decides trust must use verifySignedResult.
std::optional<ExamResult> readSignedResultUnverified(std::string_view signedText, std::string& error);

/// The certificate verification code of a signature: 15 Crockford base-32 characters of
/// SHA-256(signature) and a Luhn mod-32 check character, grouped "XXXX-XXXX-XXXX-XXXX".
std::string verificationCode(const std::array<unsigned char, 64>& signature);
/// A code as typed by a person: case, spaces and dashes do not matter, and the look-alikes
/// O→0, I/L→1 are accepted. nullopt with a reason for a wrong length, a character outside the
/// alphabet, or a failed check character (a typo).
std::optional<std::string> normaliseVerificationCode(std::string_view typed, std::string& error);

} // namespace stipple
