// Ed25519 through libsodium (crypto_sign_*: deterministic signatures, canonical-S and small-order
// checks on verification). Hex is written and read in lower case only, so every signed file has
// exactly one spelling. The secret key file is created under a 077 umask, so it is never
// readable by others, not even between its creation and a chmod.
#include "exam/signing.h"

#include "io/files.h"
#include "io/numbers.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sodium.h>
#include <sys/stat.h>

namespace stipple {

namespace {

constexpr std::string_view kSignedLabel = "stipple signed result v1\n";
constexpr std::string_view kCodeLabel = "stipple verification code v1\n";
constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view kPublicHeader = "stipple academy public key 1\n";
constexpr std::string_view kSecretHeader = "stipple academy secret key 1\n";

void ensureSodium() {
    static const int ok = sodium_init();
    (void)ok; // < 0 only when no randomness source exists; signing then aborts inside libsodium
}

template <size_t N> std::string toHex(const std::array<unsigned char, N>& bytes) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(2 * N);
    for (unsigned char b : bytes) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

template <size_t N> bool fromHex(std::string_view text, std::array<unsigned char, N>& out) {
    if (text.size() != 2 * N) return false;
    for (size_t i = 0; i < N; ++i) {
        int v = 0;
        for (int k = 0; k < 2; ++k) {
            const char c = text[2 * i + static_cast<size_t>(k)];
            int d = -1;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            if (d < 0) return false;
            v = v * 16 + d;
        }
        out[i] = static_cast<unsigned char>(v);
    }
    return true;
}

/// Parses "<header>key-id <id>\n<field> <hex>\n" exactly.
template <size_t N>
bool parseKeyText(std::string_view text, std::string_view header, std::string_view field,
                  std::array<unsigned char, N>& out, std::string& keyId, std::string& error) {
    if (text.substr(0, header.size()) != header) {
        error = "not a Stipple academy key file (it must start with \"" +
                std::string(header.substr(0, header.size() - 1)) + "\")";
        return false;
    }
    text.remove_prefix(header.size());
    const std::string idPrefix = "key-id ";
    const size_t nl = text.find('\n');
    if (text.substr(0, idPrefix.size()) != idPrefix || nl == std::string_view::npos ||
        !isLowerHex(text.substr(idPrefix.size(), nl - idPrefix.size()), 16)) {
        error = "line 2 must be \"key-id\" and 16 lower-case hex digits";
        return false;
    }
    keyId = std::string(text.substr(idPrefix.size(), 16));
    text.remove_prefix(nl + 1);
    const std::string keyPrefix = std::string(field) + " ";
    if (text.substr(0, keyPrefix.size()) != keyPrefix || text.size() != keyPrefix.size() + 2 * N + 1 ||
        text.back() != '\n' || !fromHex(text.substr(keyPrefix.size(), 2 * N), out)) {
        error = "line 3 must be \"" + std::string(field) + "\" and " + std::to_string(2 * N) +
                " lower-case hex digits, and nothing may follow it";
        return false;
    }
    return true;
}

int crockfordValue(char c) {
    const size_t i = kCrockford.find(c);
    return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

/// Luhn mod N over the values, for N = 32; `withCheck` when the last value is the check value.
int luhnSum(const std::string& code, bool withCheck) {
    int factor = withCheck ? 1 : 2;
    int sum = 0;
    for (size_t i = code.size(); i-- > 0;) {
        int addend = factor * crockfordValue(code[i]);
        factor = factor == 2 ? 1 : 2;
        addend = addend / 32 + addend % 32;
        sum += addend;
    }
    return sum % 32;
}

std::string groupCode(const std::string& raw) {
    return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8, 4) + "-" + raw.substr(12, 4);
}

} // namespace

std::string PublicKey::keyId() const {
    return sha256Hex(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size())).substr(0, 16);
}

SecretKey::~SecretKey() {
    sodium_memzero(m_bytes.data(), m_bytes.size());
}

PublicKey SecretKey::publicKey() const {
    PublicKey pk;
    ensureSodium();
    crypto_sign_ed25519_sk_to_pk(pk.bytes.data(), m_bytes.data());
    return pk;
}

KeyPair generateKeyPair() {
    ensureSodium();
    std::array<unsigned char, 64> sk{};
    KeyPair kp;
    crypto_sign_keypair(kp.publicKey.bytes.data(), sk.data());
    kp.secretKey = SecretKey(sk);
    sodium_memzero(sk.data(), sk.size());
    return kp;
}

std::string publicKeyText(const PublicKey& key) {
    return std::string(kPublicHeader) + "key-id " + key.keyId() + "\ned25519-public " + toHex(key.bytes) +
           "\n";
}

std::string secretKeyText(const SecretKey& key) {
    return std::string(kSecretHeader) + "key-id " + key.publicKey().keyId() + "\ned25519-secret " +
           toHex(key.bytes()) + "\n";
}

std::optional<PublicKey> parsePublicKeyText(std::string_view text, std::string& error) {
    PublicKey key;
    std::string id;
    if (!parseKeyText(text, kPublicHeader, "ed25519-public", key.bytes, id, error)) return std::nullopt;
    if (id != key.keyId()) {
        error =
            "the key id " + id + " does not belong to this key (" + key.keyId() + "): the file was edited";
        return std::nullopt;
    }
    return key;
}

std::optional<SecretKey> parseSecretKeyText(std::string_view text, std::string& error) {
    std::array<unsigned char, 64> bytes{};
    std::string id;
    if (!parseKeyText(text, kSecretHeader, "ed25519-secret", bytes, id, error)) {
        sodium_memzero(bytes.data(), bytes.size());
        return std::nullopt;
    }
    SecretKey key(bytes);
    sodium_memzero(bytes.data(), bytes.size());
    // The 64-byte form repeats the public key after the seed: it must be the seed's own.
    ensureSodium();
    std::array<unsigned char, 32> seed{};
    crypto_sign_ed25519_sk_to_seed(seed.data(), key.bytes().data());
    std::array<unsigned char, 32> pk{};
    std::array<unsigned char, 64> check{};
    crypto_sign_seed_keypair(pk.data(), check.data(), seed.data());
    const bool consistent = sodium_memcmp(check.data(), key.bytes().data(), 64) == 0;
    sodium_memzero(seed.data(), seed.size());
    sodium_memzero(check.data(), check.size());
    if (!consistent) {
        error = "the secret key is damaged (its public half does not match its seed)";
        return std::nullopt;
    }
    if (id != key.publicKey().keyId()) {
        error = "the key id " + id + " does not belong to this key (" + key.publicKey().keyId() +
                "): the file was edited";
        return std::nullopt;
    }
    return key;
}

bool writeKeyPair(const KeyPair& keys, const std::string& dir, bool force, std::string& error,
                  const std::string& name) {
    namespace fs = std::filesystem;
    const std::string secretPath = (fs::path(dir) / (name + ".secret")).string();
    const std::string publicPath = (fs::path(dir) / (name + ".public")).string();
    std::error_code ec;
    if (!force) {
        for (const auto& p : {secretPath, publicPath}) {
            if (fs::exists(fs::symlink_status(p, ec))) {
                error =
                    p +
                    " already exists: results signed with that key verify only with its public key. Keep a "
                    "copy of the old pair, then use --force to replace it";
                return false;
            }
        }
    }
    // Everything created from here on is private to the owner (folder 0700, secret file 0600).
    const mode_t old = ::umask(077);
    bool ok = true;
    fs::create_directories(dir, ec);
    if (ec) {
        error = "cannot create " + dir + ": " + ec.message();
        ok = false;
    }
    // The secret is made through a temporary of its own, created exclusively with mode 0600; a
    // planted academy.secret.tmp or a symlink at its path is never written through. Without
    // --force, a pair that appeared meanwhile is not replaced either.
    WriteOptions secret;
    secret.mode = 0600;
    secret.privateFile = true;
    secret.exclusive = !force;
    WriteOptions pub;
    pub.exclusive = !force;
    if (ok) ok = writeFileAtomic(secretPath, secretKeyText(keys.secretKey), error, secret);
    if (ok) ok = writeFileAtomic(publicPath, publicKeyText(keys.publicKey), error, pub);
    ::umask(old);
    if (ok && ::chmod(publicPath.c_str(), 0644) != 0) {
        error = "cannot make " + publicPath + " readable: " + std::strerror(errno);
        ok = false;
    }
    return ok;
}

std::optional<PublicKey> loadPublicKey(const std::string& path, std::string& error) {
    std::string text, why;
    if (!readFile(path, text, why)) {
        error = path + ": " + why;
        return std::nullopt;
    }
    auto key = parsePublicKeyText(text, why);
    if (!key) error = path + ": " + why;
    return key;
}

std::optional<SecretKey> loadSecretKey(const std::string& path, std::string& error) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        error = path + ": permissions " + mode +
                " are too open: the academy's secret key must be readable by its "
                "owner only (chmod 600 " +
                path + ")";
        return std::nullopt;
    }
    std::string text, why;
    if (!readFile(path, text, why)) {
        error = path + ": " + why;
        return std::nullopt;
    }
    auto key = parseSecretKeyText(text, why);
    sodium_memzero(text.data(), text.size());
    if (!key) error = path + ": " + why;
    return key;
}

std::string signTextHex(std::string_view domain, std::string_view text, const SecretKey& key) {
    ensureSodium();
    const std::string message = std::string(domain) + std::string(text);
    std::array<unsigned char, 64> sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), key.bytes().data());
    return toHex(sig);
}

bool verifyTextHex(std::string_view domain, std::string_view text, std::string_view signatureHex,
                   const PublicKey& key) {
    ensureSodium();
    std::array<unsigned char, 64> sig{};
    if (!isLowerHex(signatureHex, 128) || !fromHex(signatureHex, sig)) return false;
    const std::string message = std::string(domain) + std::string(text);
    return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), key.bytes.data()) == 0;
}

std::string signResult(const ExamResult& result, const SecretKey& key) {
    ensureSodium();
    const std::string body = canonicalResultText(result);
    const std::string message = std::string(kSignedLabel) + body;
    std::array<unsigned char, 64> sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), key.bytes().data());
    return body + "signature ed25519 " + key.publicKey().keyId() + " " + toHex(sig) + "\n";
}

Verification verifySignedResult(std::string_view text, const PublicKey& key) {
    ensureSodium();
    Verification v;
    if (text.empty() || text.back() != '\n') {
        v.reason = "the file is cut short: a signed result ends with its signature line and a newline";
        return v;
    }
    const size_t lastStart = text.rfind('\n', text.size() - 2);
    if (lastStart == std::string_view::npos) {
        v.reason = "not a signed Stipple result: there is no result before the signature line";
        return v;
    }
    const std::string_view body = text.substr(0, lastStart + 1);
    const std::string_view line = text.substr(lastStart + 1, text.size() - lastStart - 2);
    const std::string_view prefix = "signature ed25519 ";
    if (line.substr(0, prefix.size()) != prefix) {
        v.reason =
            "not a signed Stipple result: the last line must be the signature (\"signature ed25519 ...\")";
        return v;
    }
    const std::string_view rest = line.substr(prefix.size());
    std::array<unsigned char, 64> sig{};
    if (rest.size() != 16 + 1 + 128 || rest[16] != ' ' || !isLowerHex(rest.substr(0, 16), 16) ||
        !fromHex(rest.substr(17), sig)) {
        v.reason =
            "the signature line is damaged: it must be \"signature ed25519\", a 16-digit key id and 128 "
            "lower-case hex digits";
        return v;
    }
    v.keyId = std::string(rest.substr(0, 16));
    if (v.keyId != key.keyId()) {
        v.reason = "signed with another key (key id " + v.keyId + "), not with this academy key (key id " +
                   key.keyId() + ")";
        return v;
    }
    const std::string message = std::string(kSignedLabel) + std::string(body);
    if (crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                    message.size(), key.bytes.data()) != 0) {
        v.reason = "the signature does not match the result: the result was changed after it was signed";
        return v;
    }
    std::string error;
    auto parsed = parseResultText(body, error);
    if (!parsed) {
        v.reason = "the signature is valid but the signed text is not a result this Stipple can read (" +
                   error + ")";
        return v;
    }
    v.result = std::move(*parsed);
    v.code = verificationCode(sig);
    v.valid = true;
    return v;
}

std::optional<ExamResult> readSignedResultUnverified(std::string_view text, std::string& error) {
    if (text.size() < 2 || text.back() != '\n') {
        error = "not a signed result";
        return std::nullopt;
    }
    const size_t lastStart = text.rfind('\n', text.size() - 2);
    if (lastStart == std::string_view::npos) {
        error = "not a signed result";
        return std::nullopt;
    }
    return parseResultText(text.substr(0, lastStart + 1), error);
}

std::string verificationCode(const std::array<unsigned char, 64>& signature) {
    ensureSodium();
    const std::string material =
        std::string(kCodeLabel) +
        std::string(reinterpret_cast<const char*>(signature.data()), signature.size());
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(material.data()), material.size());
    // 15 characters x 5 bits = the first 75 bits of the digest.
    std::string raw;
    for (int i = 0; i < 15; ++i) {
        int v = 0;
        for (int b = 0; b < 5; ++b) {
            const int bit = i * 5 + b;
            v = v * 2 + ((digest[bit / 8] >> (7 - bit % 8)) & 1);
        }
        raw += kCrockford[static_cast<size_t>(v)];
    }
    raw += kCrockford[static_cast<size_t>((32 - luhnSum(raw, false)) % 32)];
    return groupCode(raw);
}

std::optional<std::string> normaliseVerificationCode(std::string_view typed, std::string& error) {
    std::string raw;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c == 'O') c = '0';
        if (c == 'I' || c == 'L') c = '1';
        if (crockfordValue(c) < 0) {
            error = std::string("'") + c +
                    "' cannot appear in a verification code (it uses 0-9 and A-Z without I, L, O, U)";
            return std::nullopt;
        }
        raw += c;
    }
    if (raw.size() != 16) {
        error = "a verification code has 16 characters (XXXX-XXXX-XXXX-XXXX), this one has " +
                std::to_string(raw.size());
        return std::nullopt;
    }
    if (luhnSum(raw, true) != 0) {
        error = "the code's check character does not match: it was mistyped or made up";
        return std::nullopt;
    }
    return groupCode(raw);
}

} // namespace stipple
