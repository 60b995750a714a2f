// `stipple validate` end to end: the real binary on shipped levels, broken fixtures, missing,
// empty and binary files and directories; exit code, stderr diagnostics and stdout summary.
#include "support/gcc12_string_literal.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using stipple::test::readText;
using stipple::test::Run;
using stipple::test::runStipple;
using stipple::test::Scratch;

namespace {

/// Runs `stipple validate <args>` from the repository root (so paths print as given).
Run validate(const std::string& args) {
    return runStipple("validate " + args);
}

} // namespace

TEST_CASE("validate: the shipped levels are valid", "[cli][validate]") {
    const Run r = validate("levels/01-dot-drill.xml levels/02-even-patch.xml levels/03-hairline.xml");
    CHECK(r.exitCode == 0);
    CHECK(r.err.empty());
    CHECK(r.out == "3 files checked: 3 valid, 0 with errors (0 errors, 0 warnings)\n");
}

TEST_CASE("validate: a warning alone does not fail", "[cli][validate]") {
    const Run r = validate("tests/fixtures/levels/warning-only.xml");
    CHECK(r.exitCode == 0);
    CHECK(r.err ==
          "tests/fixtures/levels/warning-only.xml:6:49: warning: <zone> 'patch' asks for 100 dots/cm2 with "
          "min-spacing-mm 1, but an irregular layout at that spacing fills up at about 69.6 dots/cm2 (random "
          "packing covers 54.7% of the skin); lower density-per-cm2 to 69.6 or min-spacing-mm to 0.83\n");
    CHECK(r.out == "1 file checked: 1 valid, 0 with errors (0 errors, 1 warning)\n");
}

TEST_CASE("validate: every error of a bad file, located, and a failing exit code", "[cli][validate]") {
    const Run r = validate("levels/01-dot-drill.xml tests/fixtures/levels/bad-values.xml "
                           "tests/fixtures/levels/syntax-error.xml");
    CHECK(r.exitCode == 1);
    const std::string bad = "tests/fixtures/levels/bad-values.xml";
    CHECK(
        r.err ==
        bad + ":3:70: error: <level> attribute 'difficulty' must be between 1 and 5, got 6\n" + bad +
            ":6:49: error: <zone> attribute 'density-per-cm2' must be a number, got \"7o\"\n" + bad +
            ":7:45: warning: <zone> 'side' asks for 100 dots/cm2 with min-spacing-mm 1, but an irregular "
            "layout at "
            "that spacing fills up at about 69.6 dots/cm2 (random packing covers 54.7% of the skin); lower "
            "density-per-cm2 to 69.6 or min-spacing-mm to 0.83\n" +
            bad +
            ":8:31: error: <hairline> attribute 'zone' names no <zone>: \"fringe\" (zones in this level: "
            "crown, side)\n" +
            bad +
            ":10:14: error: the last <session> must reach cumulative-fraction 1 (the final density), got "
            "0.5\n"
            "tests/fixtures/levels/syntax-error.xml:6:1: error: XML syntax error: the element opened on this "
            "line is not closed by a matching end tag\n");
    CHECK(r.out == "3 files checked: 1 valid, 2 with errors (5 errors, 1 warning)\n");
}

TEST_CASE("validate: missing, empty and binary files and unknown kinds are located errors",
          "[cli][validate]") {
    Scratch s;
    const fs::path empty = s.write("empty.xml", "");
    const fs::path binary = s.write("binary.xml", std::string("<level\n\x01\x02\0\xff\xfe", 12));
    const Run r = validate("tests/fixtures/levels/no-such-file.xml '" + empty.string() + "' '" +
                           binary.string() + "' tests/fixtures/levels/unknown-root.xml");
    CHECK(r.exitCode == 1);
    CHECK(
        r.err ==
        "tests/fixtures/levels/no-such-file.xml:1:1: error: cannot open file: No such file or directory\n" +
            empty.string() + ":1:1: error: file is empty: expected an XML document\n" + binary.string() +
            ":2:1: error: file contains binary data (a NUL byte at offset 9); expected an XML text file\n"
            "tests/fixtures/levels/unknown-root.xml:3:1: error: unknown kind of file: root element "
            "<recipe>; stipple validate knows <level>, <aftercare-rules>, <question-bank>, <exam>, <quiz>\n");
    CHECK(r.out == "4 files checked: 0 valid, 4 with errors (4 errors, 0 warnings)\n");
}

STIPPLE_GCC12_STRING_LITERAL_BEGIN // "'" + path: support/gcc12_string_literal.h
TEST_CASE("validate: a directory is searched recursively for .xml files", "[cli][validate]") {
    Scratch s;
    s.write("a/01.xml", readText(STIPPLE_SOURCE_DIR "/levels/01-dot-drill.xml"));
    s.write("a/deeper/still/02.xml", readText(STIPPLE_SOURCE_DIR "/levels/02-even-patch.xml"));
    s.write("a/notes.txt", "not XML, not checked");
    s.write("a/deeper/bad.xml", "<level>");
    const Run r = validate("'" + (s.dir() / "a").string() + "'");
    CHECK(r.exitCode == 1);
    CHECK(r.err ==
          (s.dir() / "a/deeper/bad.xml").string() +
              ":1:1: error: XML syntax error: the element opened on this line is not closed by a matching "
              "end tag\n");
    CHECK(r.out == "3 files checked: 2 valid, 1 with errors (1 error, 0 warnings)\n");

    Scratch none;
    none.write("readme.txt", "nothing here");
    const Run emptyDir = validate("'" + none.dir().string() + "'");
    CHECK(emptyDir.exitCode == 1);
    CHECK(emptyDir.err == none.dir().string() + ":1:1: error: no .xml or .gift files in this directory\n");
    CHECK(emptyDir.out == "0 files checked: 0 valid, 0 with errors (1 error, 0 warnings)\n");
}
STIPPLE_GCC12_STRING_LITERAL_END

TEST_CASE("validate: usage errors exit 2, --help exits 0", "[cli][validate]") {
    const Run none = validate("");
    CHECK(none.exitCode == 2);
    CHECK(none.err.rfind("stipple validate: no files given\n\nusage: stipple validate PATH...", 0) == 0);
    CHECK(none.out.empty());
    const Run unknown = validate("--fast levels");
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.err.rfind("stipple validate: unknown option '--fast'", 0) == 0);
    const Run help = validate("--help");
    CHECK(help.exitCode == 0);
    CHECK(help.out.rfind("usage: stipple validate PATH...", 0) == 0);
}

TEST_CASE("validate: a FIFO or a device named like a curriculum file is named and not read",
          "[cli][validate]") {
    // Issue 16, hole 10: a FIFO named like a level blocked `validate` forever (opening it waits
    // for a writer). Only regular files are read; anything else is named for what it is, at once.
    Scratch s;
    fs::create_directories(s.dir() / "levels");
    fs::copy_file(STIPPLE_SOURCE_DIR "/levels/01-dot-drill.xml", s.dir() / "levels" / "01-dot-drill.xml");
    const fs::path fifo = s.dir() / "levels" / "02-even-patch.xml";
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    // Before the fix the run blocked forever in open(): a guard opens the FIFO's other end when
    // someone has been reading it for a while, so that such a run ends (and fails) instead.
    std::atomic<bool> finished{false};
    std::thread guard([&] {
        for (int tenths = 0; !finished; ++tenths) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (tenths < 50) continue;
            const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0) ::close(fd);
        }
    });
    const Run r = runStipple("validate " + stipple::test::quote(fifo));
    CHECK(r.exitCode == 1);
    CHECK(r.err.find(fifo.string() + ":1:1: error: ") != std::string::npos);
    CHECK(r.err.find("is a FIFO (named pipe), not a regular file") != std::string::npos);
    const Run dir = runStipple("validate " + stipple::test::quote(s.dir() / "levels"));
    CHECK(dir.exitCode == 1);
    CHECK(dir.err.find("02-even-patch.xml:1:1: error: ") != std::string::npos);
    CHECK(dir.err.find("is a FIFO (named pipe), not a regular file") != std::string::npos);
    CHECK(dir.out == "2 files checked: 1 valid, 1 with errors (1 error, 0 warnings)\n");
    const Run device = runStipple("validate /dev/zero");
    CHECK(device.exitCode == 1);
    CHECK(device.err.find("/dev/zero:1:1: error: ") != std::string::npos);
    CHECK(device.err.find("is a character device, not a regular file") != std::string::npos);
    finished = true;
    guard.join();
}
