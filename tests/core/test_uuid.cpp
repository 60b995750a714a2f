// UUID v5 (io/uuid.h) against independent references: SHA-1 on the FIPS 180-4 / RFC 3174 test
// vectors, and UUIDs computed with Python's uuid.uuid5 (python3 -c "import uuid;
// print(uuid.uuid5(uuid.NAMESPACE_URL, '...'))").
#include "io/uuid.h"

#include <catch2/catch.hpp>

using namespace stipple;

namespace {
std::string hex(const std::array<uint8_t, 20>& d) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (uint8_t b : d)
        out += std::string{digits[b >> 4], digits[b & 15]};
    return out;
}
} // namespace

TEST_CASE("SHA-1 gives the FIPS 180-4 test vectors") {
    CHECK(hex(sha1("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(hex(sha1("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
          "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    CHECK(hex(sha1(std::string(1000000, 'a'))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST_CASE("UUID v5 is Python's uuid.uuid5: version 5, RFC 4122 variant, the same name the same id") {
    CHECK(uuidV5(kUuidNamespaceUrl, "https://academy.example/xapi/statement/exam/r1") ==
          "41886aa8-f099-5b3a-b918-d0d5ac1a5e94");
    CHECK(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com") ==
          "2ed6657d-e927-568b-95e1-2665a8aea6a2");
    CHECK(uuidV5(kUuidNamespaceUrl, "https://academy.example/xapi/statement/practice/zo%C3%AB/dot-drill") ==
          "6c1e75c3-bf3a-5b2d-8074-e00f2e42d570");
    const std::string id = uuidV5(kUuidNamespaceUrl, "anything");
    CHECK(id[14] == '5');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
}
