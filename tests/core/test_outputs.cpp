// Every output goes through one writer (io/files.h writeFileAtomic), and that writer never replaces
// what is at the output path by something else (issue 16, holes 5, 6 and 11): a regular file is
// replaced atomically through a unique temporary in the same folder, created exclusively with the
// intended mode; a symlink is followed and its target replaced, the link kept; a FIFO, a device or
// standard output is written directly (/dev/full says the disk is full, it is never replaced); two
// writers to one output never clash; a file-size limit ends in a message, not SIGXFSZ, and leaves no
// temporary behind. The attacks are also run on the real `stipple` commands.
#include "io/files.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace stipple;
using namespace stipple::test;
namespace fs = std::filesystem;

namespace {

struct stat lstatOf(const fs::path& p) {
    struct stat st {};
    ::lstat(p.c_str(), &st);
    return st;
}

/// The names in a folder, sorted.
std::vector<std::string> namesIn(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

/// A calendar without its DTSTAMP lines (the time it was made), to compare two runs.
std::string withoutStamps(const std::string& ics) {
    std::string out;
    for (size_t p = 0; p < ics.size();) {
        size_t e = ics.find('\n', p);
        e = e == std::string::npos ? ics.size() : e + 1;
        if (ics.compare(p, 8, "DTSTAMP:") != 0) out.append(ics, p, e - p);
        p = e;
    }
    return out;
}

const std::string kAftercare =
    "aftercare --rules levels/aftercare/clinic-brochure.xml --sessions 2026-03-02,2026-03-23";

} // namespace

TEST_CASE(
    "outputs: a new file is made with the intended mode, a planted PATH.tmp is neither used nor changed",
    "[outputs]") {
    Scratch s;
    const auto out = s.path("plan.txt");
    const auto planted = s.write("plan.txt.tmp", "planted");
    ::chmod(planted.c_str(), 0666);
    const mode_t old = ::umask(022);
    std::string error;
    const bool ok = writeFileAtomic(out.string(), "new text\n", error);
    ::umask(old);
    INFO(error);
    REQUIRE(ok);
    CHECK(readText(out) == "new text\n");
    CHECK((lstatOf(out).st_mode & 0777) == 0644);
    CHECK(readText(planted) == "planted");
    CHECK((lstatOf(planted).st_mode & 0777) == 0666);
    CHECK(namesIn(s.dir()) == std::vector<std::string>{"plan.txt", "plan.txt.tmp"});

    SECTION("a private file is exactly 0600 whatever the umask, and a symlink at its path is replaced, not "
            "followed") {
        const auto elsewhere = s.write("elsewhere.txt", "open to all");
        ::chmod(elsewhere.c_str(), 0666);
        const auto secret = s.path("academy.secret");
        fs::create_symlink(elsewhere, secret);
        const mode_t loose = ::umask(0);
        WriteOptions options;
        options.mode = 0600;
        options.privateFile = true;
        const bool wrote = writeFileAtomic(secret.string(), "secret\n", error, options);
        ::umask(loose);
        INFO(error);
        REQUIRE(wrote);
        CHECK(S_ISREG(lstatOf(secret).st_mode));
        CHECK((lstatOf(secret).st_mode & 0777) == 0600);
        CHECK(readText(secret) == "secret\n");
        CHECK(readText(elsewhere) == "open to all");
    }
    SECTION("an exclusive write refuses an existing file and leaves it as it was") {
        WriteOptions options;
        options.exclusive = true;
        CHECK_FALSE(writeFileAtomic(out.string(), "other\n", error, options));
        CHECK(error == "cannot write " + out.string() + ": it already exists");
        CHECK(readText(out) == "new text\n");
        CHECK(namesIn(s.dir()) == std::vector<std::string>{"plan.txt", "plan.txt.tmp"});
    }
}

TEST_CASE("outputs: a symlink at the output path is followed, its target replaced and the link kept",
          "[outputs]") {
    Scratch s;
    fs::create_directories(s.path("real"));
    const auto target = s.write("real/plan.ics", "old");
    const auto link = s.path("plan.ics");
    fs::create_symlink("real/plan.ics", link); // relative, as ln -s makes it
    std::string error;
    REQUIRE(writeFileAtomic(link.string(), "new", error));
    CHECK(fs::is_symlink(link));
    CHECK(fs::read_symlink(link) == "real/plan.ics");
    CHECK(readText(target) == "new");
    CHECK(namesIn(s.path("real")) == std::vector<std::string>{"plan.ics"});

    // A link to a file that does not exist yet makes the file.
    const auto dangling = s.path("later.ics");
    fs::create_symlink(s.path("real/later.ics"), dangling);
    REQUIRE(writeFileAtomic(dangling.string(), "made", error));
    CHECK(fs::is_symlink(dangling));
    CHECK(readText(s.path("real/later.ics")) == "made");

    // A loop is refused with a message, not followed forever.
    fs::create_symlink(s.path("loop-b"), s.path("loop-a"));
    fs::create_symlink(s.path("loop-a"), s.path("loop-b"));
    CHECK_FALSE(writeFileAtomic(s.path("loop-a").string(), "x", error));
    CHECK(error.find("Too many levels of symbolic links") != std::string::npos);
    CHECK(fs::is_symlink(s.path("loop-a")));
}

TEST_CASE("outputs: a FIFO and a device are written directly, never replaced", "[outputs]") {
    Scratch s;
    const auto fifo = s.path("pipe");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string got;
    std::thread reader([&] { got = readText(fifo); });
    std::string error;
    const bool ok = writeFileAtomic(fifo.string(), "through the pipe\n", error);
    reader.join();
    INFO(error);
    CHECK(ok);
    CHECK(got == "through the pipe\n");
    CHECK(S_ISFIFO(lstatOf(fifo).st_mode));
    CHECK(namesIn(s.dir()) == std::vector<std::string>{"pipe"});

    // /dev/full stays the device and the writer says why it failed.
    CHECK_FALSE(writeFileAtomic("/dev/full", "x", error));
    CHECK(error == "cannot write /dev/full: No space left on device");
    CHECK(S_ISCHR(lstatOf("/dev/full").st_mode));

    // A folder is no output.
    CHECK_FALSE(writeFileAtomic(s.dir().string(), "x", error));
    CHECK(error == "cannot write " + s.dir().string() + ": it is a folder");
}

TEST_CASE("outputs: two writers to one output never clash, and no temporary is left", "[outputs]") {
    Scratch s;
    const auto out = s.path("shared.txt");
    const std::string a(300000, 'a'), b(200000, 'b');
    std::vector<pid_t> children;
    for (const std::string* text : {&a, &b}) {
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            std::string error;
            for (int i = 0; i < 60; ++i)
                if (!writeFileAtomic(out.string(), *text, error)) ::_exit(1);
            ::_exit(0);
        }
        children.push_back(child);
    }
    // Every look while they write sees one writer's whole text.
    int looks = 0, torn = 0;
    for (bool running = true; running;) {
        int status = 0;
        running =
            ::waitpid(children[0], &status, WNOHANG) == 0 || ::waitpid(children[1], &status, WNOHANG) == 0;
        const std::string now = readText(out);
        if (!now.empty()) {
            ++looks;
            if (now != a && now != b) ++torn;
        }
    }
    for (pid_t c : children) {
        int status = 0;
        ::waitpid(c, &status, 0);
    }
    CHECK(torn == 0);
    CHECK(looks > 0);
    const std::string last = readText(out);
    CHECK((last == a || last == b));
    CHECK(namesIn(s.dir()) == std::vector<std::string>{"shared.txt"});
}

TEST_CASE("outputs: the commands write - and /dev/stdout to standard output and keep links and devices",
          "[outputs][cli]") {
    Scratch s;
    const Run dash = runStipple(kAftercare + " --ics -");
    CHECK(dash.exitCode == 0);
    CHECK(dash.out.rfind("BEGIN:VCALENDAR", 0) == 0);
    const Run dev = runStipple(kAftercare + " --ics /dev/stdout");
    INFO(dev.err);
    CHECK(dev.exitCode == 0);
    CHECK(withoutStamps(dev.out) == withoutStamps(dash.out));
    CHECK(fs::is_symlink("/dev/stdout"));

    const Run full = runStipple(kAftercare + " --ics /dev/full");
    CHECK(full.exitCode == 1);
    CHECK(full.err.find("No space left on device") != std::string::npos);
    CHECK(S_ISCHR(lstatOf("/dev/full").st_mode));

    fs::create_directories(s.path("real"));
    fs::create_symlink(s.path("real/plan.ics"), s.path("plan.ics"));
    const Run linked = runStipple(kAftercare + " --ics " + quote(s.path("plan.ics")));
    CHECK(linked.exitCode == 0);
    CHECK(fs::is_symlink(s.path("plan.ics")));
    CHECK(withoutStamps(readText(s.path("real/plan.ics"))) == withoutStamps(dash.out));
}

TEST_CASE("outputs: a file-size limit ends with a message and leaves no temporary (no SIGXFSZ)",
          "[outputs][faults]") {
    Scratch s;
    // ulimit -f counts 512-byte blocks in bash, 1024 in dash: 1 block is less than the plan either way.
    const Run r = runShell("ulimit -f 1 && stipple " + kAftercare + " --ics " + quote(s.path("plan.ics")));
    INFO(r.err);
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("cannot write " + s.path("plan.ics").string()) != std::string::npos);
    CHECK(r.err.find("File too large") != std::string::npos);
    CHECK(namesIn(s.dir()).empty());
}
