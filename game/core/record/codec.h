// Byte-level building blocks of the recording format (record/FORMAT.md): LEB128 varints, zigzag
// signed varints, little-endian IEEE doubles (bit exact, so a replayed value is the recorded
// value), length-prefixed strings, and CRC-32C for the per-record checksum. The reader side never
// reads past its buffer and never throws: a bad byte makes it fail with a reason, once, and every
// later read returns zero. No dependency beyond the standard library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stipple {

/// CRC-32C (Castagnoli, reflected 0x82F63B78), as in iSCSI and ext4: `crc` continues a previous
/// value (start with 0).
uint32_t crc32c(const void* data, std::size_t size, uint32_t crc = 0);

/// Appends encoded values to a byte string.
class ByteWriter {
  public:
    void u8(uint8_t v) { m_bytes.push_back(static_cast<char>(v)); }
    /// Unsigned LEB128: 7 bits a byte, low first (1 byte below 128, at most 10).
    void varint(uint64_t v);
    /// Zigzag then varint: small magnitudes of either sign stay short.
    void zigzag(int64_t v) { varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
    /// The 8 bytes of the IEEE-754 double, little-endian (NaN payloads and -0 survive).
    void f64(double v);
    /// Little-endian 32-bit word.
    void u32(uint32_t v);
    /// varint length then the bytes.
    void string(std::string_view s);
    void bytes(std::string_view s) { m_bytes.append(s); }

    const std::string& data() const { return m_bytes; }
    std::string& data() { return m_bytes; }
    std::size_t size() const { return m_bytes.size(); }
    void clear() { m_bytes.clear(); }

  private:
    std::string m_bytes;
};

/// Reads encoded values from a byte range it does not own. The first failure sets error() and
/// sticks; reads after it return 0 / empty.
class ByteReader {
  public:
    explicit ByteReader(std::string_view bytes) : m_bytes(bytes) {}

    uint8_t u8();
    uint64_t varint();
    int64_t zigzag() {
        const uint64_t v = varint();
        return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
    }
    double f64();
    uint32_t u32();
    /// A varint length (at most `maxLength`) and that many bytes.
    std::string string(std::size_t maxLength = 1u << 16);
    /// A varint that must fit in an int between 0 and `max` (counts, indices).
    int64_t count(int64_t max);
    bool boolean();

    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    /// Fails with `why` (keeps the first failure).
    void fail(std::string why);
    bool atEnd() const { return m_pos == m_bytes.size(); }
    std::size_t position() const { return m_pos; }
    std::size_t remaining() const { return m_bytes.size() - m_pos; }

  private:
    std::string_view m_bytes;
    std::size_t m_pos = 0;
    std::string m_error;
};

} // namespace stipple
