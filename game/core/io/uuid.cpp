// SHA-1 as FIPS 180-4 gives it (libsodium has none), and UUID v5 on top of it.
#include "io/uuid.h"

#include <cassert>
#include <cctype>

namespace stipple {

namespace {
uint32_t rotl(uint32_t x, int n) {
    return (x << n) | (x >> (32 - n));
}
} // namespace

std::array<uint8_t, 20> sha1(const std::string& bytes) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    std::string m = bytes;
    const uint64_t bits = static_cast<uint64_t>(bytes.size()) * 8;
    m += static_cast<char>(0x80);
    while (m.size() % 64 != 56)
        m += '\0';
    for (int i = 7; i >= 0; --i)
        m += static_cast<char>((bits >> (8 * i)) & 0xff);
    for (size_t block = 0; block < m.size(); block += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; ++i)
            w[i] = (uint32_t(uint8_t(m[block + 4 * i])) << 24) |
                   (uint32_t(uint8_t(m[block + 4 * i + 1])) << 16) |
                   (uint32_t(uint8_t(m[block + 4 * i + 2])) << 8) | uint32_t(uint8_t(m[block + 4 * i + 3]));
        for (int i = 16; i < 80; ++i)
            w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; ++i) {
            uint32_t f, k;
            if (i < 20)
                f = (b & c) | (~b & d), k = 0x5A827999;
            else if (i < 40)
                f = b ^ c ^ d, k = 0x6ED9EBA1;
            else if (i < 60)
                f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
            else
                f = b ^ c ^ d, k = 0xCA62C1D6;
            const uint32_t t = rotl(a, 5) + f + e + k + w[i];
            e = d, d = c, c = rotl(b, 30), b = a, a = t;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
    }
    std::array<uint8_t, 20> out{};
    for (int i = 0; i < 20; ++i)
        out[i] = static_cast<uint8_t>(h[i / 4] >> (24 - 8 * (i % 4)));
    return out;
}

std::string uuidV5(const std::string& namespaceUuid, const std::string& name) {
    std::string input;
    for (size_t i = 0; i < namespaceUuid.size(); ++i) {
        if (namespaceUuid[i] == '-') continue;
        assert(i + 1 < namespaceUuid.size() && std::isxdigit(static_cast<unsigned char>(namespaceUuid[i])) &&
               "namespaceUuid must be a UUID");
        input += static_cast<char>(std::stoi(namespaceUuid.substr(i, 2), nullptr, 16));
        ++i;
    }
    assert(input.size() == 16 && "namespaceUuid must be a UUID");
    std::array<uint8_t, 20> d = sha1(input + name);
    d[6] = static_cast<uint8_t>((d[6] & 0x0f) | 0x50); // version 5
    d[8] = static_cast<uint8_t>((d[8] & 0x3f) | 0x80); // variant 10 (RFC 4122)
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[d[i] >> 4];
        out += hex[d[i] & 15];
    }
    return out;
}

} // namespace stipple
