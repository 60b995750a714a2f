// FileWatch: stat, then read and hash only on a changed stamp.
#include "editor/file_watch.h"

#include "io/files.h"

#include <filesystem>

namespace stipple {

FileWatch::FileWatch(std::string path) {
    reset(std::move(path));
}

void FileWatch::reset(std::string path) {
    m_path = std::move(path);
    m_sincePollS = 0.0;
    rebase();
}

FileWatch::Stamp FileWatch::stamp() const {
    Stamp s;
    if (m_path.empty()) return s;
    std::error_code ec;
    const auto time = std::filesystem::last_write_time(m_path, ec);
    if (ec) return s;
    const auto size = std::filesystem::file_size(m_path, ec);
    if (ec) return s;
    s.exists = true;
    s.mtimeNs = static_cast<int64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count());
    s.size = static_cast<uint64_t>(size);
    return s;
}

void FileWatch::rebase() {
    m_stamp = stamp();
    m_hash.clear();
    m_text.clear();
    std::string error;
    if (m_stamp.exists && readFile(m_path, m_text, error)) {
        m_hash = sha256Hex(m_text);
        ++m_reads;
    }
}

FileWatch::Change FileWatch::poll() {
    if (m_path.empty()) return Change::None;
    const Stamp now = stamp();
    if (now == m_stamp) return Change::None;
    const bool existed = !m_hash.empty();
    m_stamp = now;
    std::string text, error;
    if (!now.exists || !readFile(m_path, text, error)) {
        // Gone (or unreadable, e.g. half way through another program's non-atomic save).
        m_hash.clear();
        m_text.clear();
        return existed ? Change::Removed : Change::None;
    }
    ++m_reads;
    std::string hash = sha256Hex(text);
    if (hash == m_hash) return Change::None; // touched, or rewritten with the same bytes
    m_hash = std::move(hash);
    m_text = std::move(text);
    return Change::Modified;
}

FileWatch::Change FileWatch::update(double dtS) {
    m_sincePollS += dtS;
    if (m_sincePollS < kIntervalS) return Change::None;
    m_sincePollS = 0.0;
    return poll();
}

} // namespace stipple
