// Every file a command writes goes through the one output writer (io/files.h writeFileAtomic), and
// each is checked here as a user meets it (issue 16, holes 6 and 7: the writers test_outputs does
// not run — healed dots, scan dots and overlay, sheet PDF and PNG, certificate HTML/PDF/PNG, the
// badge, generated dots, score and heal pictures, previews). For each output:
//   - a symlink at the path is followed: its target is replaced by the new output, the link kept;
//   - the replaced file keeps its mode (a private 0600 file stays private);
//   - a planted PATH.tmp (mode 0666) beside the link or the target is neither used nor changed,
//     and no temporary is left behind;
//   - /dev/full is written directly and reported as "No space left on device", exit 1 — the
//     device is never replaced by a regular file.
#include "exam/signing.h"
#include "support/exam_results.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace stipple;
using namespace stipple::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> namesIn(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

unsigned modeOf(const fs::path& p) {
    struct stat st {};
    ::lstat(p.c_str(), &st);
    return st.st_mode & 07777;
}

std::string replaced(std::string text, const std::string& out) {
    const std::string mark = "{OUT}";
    text.replace(text.find(mark), mark.size(), quote(out));
    return text;
}

/// Runs `command` (with {OUT} for the output path) against a planted link and against /dev/full.
/// `magic`: how the output starts. `ext`: the output's file name extension.
void checkOutput(const Scratch& s, const std::string& name, const std::string& command,
                 const std::string& ext, const std::string& magic, bool devFull = true) {
    INFO(name << ": stipple " << command);
    const fs::path dir = s.path(name);
    fs::create_directories(dir / "real");
    const fs::path target = dir / "real" / ("target" + ext);
    const fs::path link = dir / ("out" + ext);
    writeText(target, "old contents");
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
    fs::create_symlink(fs::path("real") / ("target" + ext), link);
    for (const fs::path& planted : {fs::path(link.string() + ".tmp"), fs::path(target.string() + ".tmp")}) {
        writeText(planted, "planted");
        fs::permissions(planted, fs::perms::all & ~(fs::perms::owner_exec | fs::perms::group_exec |
                                                    fs::perms::others_exec));
    }

    const Run run = runStipple(replaced(command, link.string()));
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    CHECK(fs::is_symlink(link));
    const std::string written = readText(target);
    CHECK(written.rfind(magic, 0) == 0);
    CHECK(modeOf(target) == 0600);
    for (const fs::path& planted : {fs::path(link.string() + ".tmp"), fs::path(target.string() + ".tmp")}) {
        CHECK(readText(planted) == "planted");
        CHECK(modeOf(planted) == 0666);
    }
    CHECK(namesIn(dir) == std::vector<std::string>{"out" + ext, "out" + ext + ".tmp", "real"});
    CHECK(namesIn(dir / "real") == std::vector<std::string>{"target" + ext, "target" + ext + ".tmp"});

    if (!devFull) return;
    const Run full = runStipple(replaced(command, "/dev/full"));
    INFO(full.err);
    CHECK(full.exitCode == 1);
    CHECK(full.err.find("No space left on device") != std::string::npos);
    struct stat st {};
    CHECK(::lstat("/dev/full", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
}

const std::string kLevel = "levels/02-even-patch.xml";
const std::string kExam = "levels/exams/foundation-certificate.xml";

} // namespace

TEST_CASE("every output: healed dots, generated dots, sheets, certificates and badges keep links, modes and "
          "devices",
          "[outputs][cli]") {
    Scratch s;
    const fs::path keys = s.path("keys");
    const SecretKey secret = academyKeysIn(keys);
    const fs::path pass =
        s.write("zoe.result", signResult(sampleExamResult("C-0042", "Zoë Ørsted", 81.25), secret));
    const fs::path dots = s.path("dots.csv");
    REQUIRE(runStipple("generate --level " + kLevel + " -o " + quote(dots)).exitCode == 0);
    const std::string key = " --key " + quote(keys / "academy.public");

    checkOutput(s, "generate", "generate --level " + kLevel + " -o {OUT}", ".csv", "x_mm,y_mm");
    checkOutput(s, "heal", "heal --level " + kLevel + " --dots " + quote(dots) + " -o {OUT}", ".csv",
                "x_mm,y_mm");
    checkOutput(s, "sheet-pdf", "sheet --level " + kLevel + " -o {OUT}", ".pdf", "%PDF", false);
    checkOutput(s, "sheet-png", "sheet --level " + kLevel + " --dpi 50 -o {OUT}", ".png", "\x89PNG", false);
    checkOutput(s, "certificate-html", "certificate " + quote(pass) + " -o {OUT}" + key, ".html",
                "<!DOCTYPE html>");
    checkOutput(s, "certificate-pdf", "certificate " + quote(pass) + " --pdf {OUT}" + key, ".pdf", "%PDF");
    checkOutput(s, "badge",
                "badge " + quote(pass) + " --exam " + kExam +
                    " --issuer https://academy.example -o {OUT} --keys " + quote(keys),
                ".jwt", "eyJ");
}

TEST_CASE("every output: the scan's dots and overlay keep links, modes and devices", "[outputs][cli][scan]") {
    Scratch s;
    // A printed sheet with no dots, as a flat scan at 200 dpi.
    const fs::path sheet = s.path("sheet.png");
    REQUIRE(runStipple("sheet --level " + kLevel + " --dpi 200 -o " + quote(sheet)).exitCode == 0);
    const std::string scan = "scan " + quote(sheet) + " --level " + kLevel;
    checkOutput(s, "scan-dots", scan + " -o {OUT}", ".csv", "x_mm,y_mm,diameter_mm\n");
    checkOutput(s, "scan-overlay", scan + " --png {OUT}", ".png", "\x89PNG");
}

TEST_CASE("every output: the score and heal pictures keep links, modes and devices", "[outputs][cli]") {
    Scratch s;
    const fs::path dots = s.path("dots.csv");
    REQUIRE(runStipple("generate --level " + kLevel + " --style clumped -o " + quote(dots)).exitCode == 0);
    checkOutput(s, "score-png", "score --level " + kLevel + " --dots " + quote(dots) + " --png {OUT}", ".png",
                "\x89PNG");
    checkOutput(s, "heal-png", "heal --level " + kLevel + " --dots " + quote(dots) + " -o - --png {OUT}",
                ".png", "\x89PNG");
}

TEST_CASE("every output: the certificate picture and the level preview keep links, modes and devices",
          "[outputs][cli]") {
    Scratch s;
    const fs::path keys = s.path("keys");
    const SecretKey secret = academyKeysIn(keys);
    const fs::path pass =
        s.write("zoe.result", signResult(sampleExamResult("C-0042", "Zoë Ørsted", 81.25), secret));
    checkOutput(s, "certificate-png",
                "certificate " + quote(pass) + " --png {OUT} --key " + quote(keys / "academy.public"), ".png",
                "\x89PNG");
    checkOutput(s, "preview", "preview " + kLevel + " --size 400x300 -o {OUT}", ".png", "\x89PNG");
}
