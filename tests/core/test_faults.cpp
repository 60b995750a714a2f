// Faults the issue lists that the store and file tests did not cover yet (issue 9): a disk that
// fills up while a result is filed or a practice run is saved, and a data folder on a read-only
// disk. Each ends in a clear message, and everything saved before is still there, unchanged.
// (Killed writers, damaged databases and recordings are in test_record*.cpp and test_store.cpp.)
#include "io/files.h"
#include "record/recording_writer.h"
#include "store/sqlite_store.h"
#include "support/gcc12_string_literal.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <functional>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace stipple;
using stipple::test::Scratch;
namespace fs = std::filesystem;

namespace {

/// The shared helper (tests/support/process.h), checking that the child ended by itself.
std::string inChildWithFileLimit(rlim_t limitBytes, const std::function<std::string()>& body) {
    bool normal = false;
    const std::string out = stipple::test::inChildWithFileLimit(limitBytes, body, &normal);
    CHECK(normal);
    return out;
}

STIPPLE_GCC12_STRING_LITERAL_BEGIN // p.candidateId = "T": support/gcc12_string_literal.h
PracticeRecord practiceRun(int i) {
    PracticeRecord p;
    p.candidateId = "T";
    p.levelId = "level-" + std::to_string(i);
    p.score = i % 100;
    p.finishedAt = "2026-03-02T10:00:00Z";
    return p;
}
STIPPLE_GCC12_STRING_LITERAL_END

int practiceRows(const std::string& path) {
    StoreError error;
    auto store = openSqliteStore(path, StoreMode::ReadOnly, error);
    INFO(error.message);
    REQUIRE(store);
    std::vector<PracticeRecord> rows;
    REQUIRE(store->listAllPractice("", rows, error));
    return static_cast<int>(rows.size());
}

} // namespace

TEST_CASE("faults: a disk that fills up while a result is filed leaves the old file whole", "[faults]") {
    Scratch s;
    const std::string path = (s.dir() / "C-0042.result").string();
    const std::string old = "result 1\nscore 81.25\n";
    std::string error;
    REQUIRE(writeFileAtomic(path, old, error));
    const std::string message = inChildWithFileLimit(4096, [&] {
        std::string why;
        return writeFileAtomic(path, std::string(100000, 'x'), why) ? std::string("written") : why;
    });
    CHECK(message.find("File too large") != std::string::npos);
    CHECK(stipple::test::readText(path) == old);
    int files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(s.dir()))
        ++files;
    CHECK(files == 1); // no half-written temporary left beside it
}

namespace {

/// Mounts a fresh tmpfs of `size` (e.g. "256k") at `dir` when this process may (root); the
/// destructor unmounts it. mounted() is false where mounting is not permitted.
class TmpfsMount {
  public:
    TmpfsMount(const fs::path& dir, const std::string& size) : m_dir(dir) {
        fs::create_directories(dir);
        m_mounted = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
        if (!m_mounted) m_why = std::strerror(errno);
    }
    ~TmpfsMount() {
        if (m_mounted) ::umount2(m_dir.c_str(), MNT_DETACH);
    }
    bool mounted() const { return m_mounted; }
    const std::string& why() const { return m_why; }
    bool makeReadOnly() {
        return ::mount(nullptr, m_dir.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }

  private:
    fs::path m_dir;
    bool m_mounted = false;
    std::string m_why;
};

} // namespace

TEST_CASE("faults: a disk that fills up while practice runs are saved loses no saved run",
          "[faults][store]") {
    // A real full disk where this process may mount one (a 256 kB tmpfs: ENOSPC); elsewhere a file
    // size limit (RLIMIT_FSIZE: EFBIG), which SQLite reports as an I/O error.
    Scratch s;
    TmpfsMount disk(s.dir() / "disk", "256k");
    const bool realDisk = disk.mounted();
    if (!realDisk)
        WARN("cannot mount a tmpfs here (" << disk.why()
                                           << "): a file size limit stands in for the full disk");
    const std::string path = ((realDisk ? s.dir() / "disk" : s.dir()) / "results.db").string();
    {
        StoreError error;
        auto store = openSqliteStore(path, StoreMode::ReadWrite, error);
        REQUIRE(store);
        for (int i = 0; i < 5; ++i) {
            PracticeRecord p = practiceRun(i);
            REQUIRE(store->savePractice(p, error));
        }
    }
    const auto before = static_cast<rlim_t>(fs::file_size(path));
    // The child saves until the disk is full, then reports how many saves succeeded and why the
    // next one failed.
    const std::string report = inChildWithFileLimit(realDisk ? RLIM_INFINITY : before + 64 * 1024, [&] {
        StoreError error;
        auto store = openSqliteStore(path, StoreMode::ReadWrite, error);
        if (!store) return "open: " + error.message;
        int saved = 0;
        for (int i = 5; i < 100000; ++i) {
            PracticeRecord p = practiceRun(i);
            p.levelSha256 = std::string(64, 'a');
            if (!store->savePractice(p, error)) break;
            ++saved;
        }
        return std::to_string(saved) + "|" + std::to_string(static_cast<int>(error.kind)) + "|" +
               error.message;
    });
    INFO(report);
    const auto bar = report.find('|');
    REQUIRE(bar != std::string::npos);
    const int saved = std::stoi(report.substr(0, bar));
    const std::string kindAndMessage = report.substr(bar + 1);
    CHECK(saved > 10);
    if (realDisk)
        CHECK(kindAndMessage.rfind(std::to_string(static_cast<int>(StoreError::Kind::Full)) +
                                       "|the disk holding " + path + " is full: the practice run on level-" +
                                       std::to_string(5 + saved) +
                                       " was rolled back; everything saved before is intact",
                                   0) == 0);
    else
        CHECK(kindAndMessage.find(" was not saved") != std::string::npos);
    // Every run the child was told was saved is there, and the file opens (integrity checked).
    CHECK(practiceRows(path) == 5 + saved);
}

TEST_CASE("faults: a data folder on a read-only disk keeps what it holds readable and refuses writes clearly",
          "[faults][store]") {
    Scratch s;
    const fs::path mnt = s.dir() / "data";
    TmpfsMount disk(mnt, "4m");
    if (!disk.mounted()) {
        WARN("cannot mount a tmpfs here (" << disk.why()
                                           << "): the read-only disk case needs root; test_store "
                                              "covers read-only files");
        return;
    }
    const std::string db = (mnt / "results.db").string();
    const std::string result = (mnt / "C-1.result").string();
    std::string error;
    {
        StoreError e;
        auto store = openSqliteStore(db, StoreMode::ReadWrite, e);
        REQUIRE(store);
        PracticeRecord p = practiceRun(1);
        REQUIRE(store->savePractice(p, e));
    }
    REQUIRE(writeFileAtomic(result, "result 1\n", error));
    REQUIRE(disk.makeReadOnly());

    // Reading still works.
    CHECK(practiceRows(db) == 1);
    CHECK(stipple::test::readText(result) == "result 1\n");
    // Writing says why, and changes nothing.
    StoreError e;
    auto store = openSqliteStore(db, StoreMode::ReadWrite, e);
    if (store) {
        PracticeRecord p = practiceRun(2);
        CHECK_FALSE(store->savePractice(p, e));
    }
    CHECK(e.kind == StoreError::Kind::ReadOnly);
    CHECK(e.message.find(db + " cannot be written (a read-only file, folder or disk)") != std::string::npos);
    CHECK_FALSE(writeFileAtomic(result, "result 2\n", error));
    CHECK(error.find("Read-only file system") != std::string::npos);
    CHECK(stipple::test::readText(result) == "result 1\n");
    RecordingHeader header;
    header.kind = "practice";
    CHECK_FALSE(RecordingWriter::create((mnt / "new.stiprec").string(), header, error));
    CHECK(error.find("Read-only file system") != std::string::npos);
    CHECK(practiceRows(db) == 1);
}
