// Noticing that a file open in the trainer changed on disk (hot reload). A FileWatch remembers
// a file's modification time, size and SHA-256; poll() stats the file and, only when the time or
// size moved, reads it and compares the hash, so an editor that rewrites the same bytes (or a
// `touch`) is not a change, and a change that keeps the size is still caught by its time.
// Screens call update() every frame; it polls about once a second. No display, no threads.
//
//   FileWatch watch("levels/03-hairline.xml");
//   if (watch.update(dtS) == FileWatch::Change::Modified) reload();  // the new bytes: watch.text()
//   doc.save(error); watch.rebase();       // our own save is not an outside change
#pragma once

#include <cstdint>
#include <string>

namespace stipple {

class FileWatch {
  public:
    enum class Change {
        None,     ///< same bytes as last seen (or not polled yet)
        Modified, ///< the file's bytes differ from the last seen ones (reported once per change)
        Removed,  ///< the file cannot be read any more (reported once; Modified when it returns)
    };
    /// Seconds between polls in update().
    static constexpr double kIntervalS = 1.0;

    FileWatch() = default;
    /// Watches `path`, taking the file as it is now as the known state.
    explicit FileWatch(std::string path);

    /// Watches another file (or none, for ""), taking it as it is now.
    void reset(std::string path);
    /// Takes the file as it is now as the known state (after the program itself wrote it).
    void rebase();
    const std::string& path() const { return m_path; }

    /// Stats the file now; reads and hashes it only when its time or size changed.
    Change poll();
    /// Advances by `dtS` seconds and polls when kIntervalS have passed since the last poll.
    Change update(double dtS);
    /// The bytes read at the last poll that reported Modified (or at reset/rebase).
    const std::string& text() const { return m_text; }
    /// Number of times the file was read and hashed (tests: a touch-free poll reads nothing).
    unsigned reads() const { return m_reads; }

  private:
    struct Stamp {
        bool exists = false;
        int64_t mtimeNs = 0;
        uint64_t size = 0;
        friend bool operator==(const Stamp&, const Stamp&) = default;
    };
    Stamp stamp() const;

    std::string m_path;
    Stamp m_stamp;
    std::string m_hash; ///< SHA-256 of the known bytes; "" when the file could not be read
    std::string m_text;
    double m_sincePollS = 0.0;
    unsigned m_reads = 0;
};

} // namespace stipple
