// `stipple regrade`, `stipple record` and `stipple score --record` end to end, the real binary:
// recordings made by `record demo` regrade to exactly what was recorded (one or a whole day at
// once, with a summary of the ones that do not), a changed level, a damaged file or a stranger
// file is named, the progress bar appears only on a terminal, and a recording process killed
// with SIGKILL at random points resumes and regrades with nothing recorded lost.
#include "random/rng.h"
#include "record/recording_reader.h"
#include "scoring/scorer_version.h"
#include "support/gcc12_string_literal.h"
#include "support/process.h"
#include "support/recording_copy.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <pty.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace stipple;
using namespace stipple::test;

namespace {

/// A scratch folder with copies of two levels (a single-session patch, a three-session crown).
struct Day {
    Scratch s;
    std::string patch, crown;
    Day() {
        patch = s.write("even-patch.xml", readText(std::string(STIPPLE_SOURCE_DIR) +
                                                   "/tests/fixtures/recordings/even-patch.xml"))
                    .string();
        crown =
            s.write("crown.xml", readText(std::string(STIPPLE_SOURCE_DIR) + "/levels/04-crown-layers.xml"))
                .string();
    }
    /// Records a demo attempt; returns its path.
    std::string demo(const std::string& name, const std::string& level, int seed, int strikes = 80,
                     const std::string& extra = "") const {
        const auto out = s.path(name).string();
        const Run r =
            runStipple("record demo --level " + quote(level) + " --out " + quote(out) + " --seed " +
                       std::to_string(seed) + " --strikes " + std::to_string(strikes) + " " + extra);
        INFO(r.err);
        REQUIRE(r.exitCode == 0);
        return out;
    }
};

} // namespace

TEST_CASE("regrade reproduces demo recordings exactly, a whole day at once, silently on a pipe",
          "[cli][regrade]") {
    Day d;
    const std::string a = d.demo("a.stiprec", d.patch, 1);
    const std::string b = d.demo("b.stiprec", d.patch, 2);
    const std::string c = d.demo("c.stiprec", d.crown, 3, 150);
    const Run r = runStipple("regrade " + quote(a) + " " + quote(b) + " " + quote(c));
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.err.empty()); // no progress bar when standard error is not a terminal
    CHECK(r.out.find("reproduced      " + a + "  (1 attempt: ") == 0);
    CHECK(r.out.find("reproduced      " + c) != std::string::npos);
    CHECK(r.out.find("\n3 recordings: 3 reproduced, 0 did not\n") != std::string::npos);

    const Run j = runStipple("regrade --json " + quote(a) + " " + quote(c));
    REQUIRE(j.exitCode == 0);
    const auto out = nlohmann::json::parse(j.out);
    CHECK(out["reproduced"] == 2);
    CHECK(out["not_reproduced"] == 0);
    const auto& first = out["recordings"][0];
    CHECK(first["path"] == a);
    CHECK(first["reproduced"] == true);
    CHECK(first["recovery"]["complete"] == true);
    CHECK(first["header"]["kind"] == "practice");
    CHECK(first["files"][0]["problem"] == "");
    const auto& attempt = first["attempts"][0];
    CHECK(attempt["reproduced"] == true);
    CHECK(attempt["recorded"]["score"] == attempt["regraded"]["score"]);
    CHECK(attempt["recorded"]["end"] == attempt["regraded"]["end"]);
    CHECK(attempt["regraded"]["end"]["dots"] == 80);
}

TEST_CASE("regrade names what does not reproduce and exits 1, with a summary", "[cli][regrade]") {
    Day d;
    const std::string good = d.demo("good.stiprec", d.crown, 1);
    const std::string changed = d.demo("changed.stiprec", d.patch, 2);
    const std::string torn = d.demo("torn.stiprec", d.crown, 3);
    // The patch is edited after its sitting; the torn recording loses its last 3 bytes.
    std::string level = readText(d.patch);
    level.replace(level.find("pass-mark=\"70\""), 14, "pass-mark=\"50\"");
    d.s.write("even-patch.xml", level);
    std::string bytes = readText(torn);
    bytes.resize(bytes.size() - 3);
    d.s.write("torn.stiprec", bytes);
    const auto stranger = d.s.write("stranger.stiprec", "x_mm,y_mm\n1,2\n").string();
    const std::string missing = d.s.path("missing.stiprec").string();

    const Run r = runStipple("regrade " + quote(good) + " " + quote(changed) + " " + quote(torn) + " " +
                             quote(stranger) + " " + quote(missing));
    INFO(r.out << r.err);
    CHECK(r.exitCode == 1);
    CHECK(r.out.find("reproduced      " + good) == 0);
    CHECK(r.out.find("NOT REPRODUCED  " + changed + "  (1 attempt: not replayed, ") != std::string::npos);
    CHECK(r.out.find("    level " + d.patch + " has changed since the recording (sha256 ") !=
          std::string::npos);
    CHECK(r.out.find("    attempt 1 (" + d.patch +
                     "): not replayed: its level file has changed (see above)\n") != std::string::npos);
    CHECK(r.out.find("    damaged: " + torn + ":record ") != std::string::npos);
    CHECK(r.out.find("    unreadable: " + stranger + ":record 1/byte 0: not a Stipple recording") !=
          std::string::npos);
    CHECK(r.out.find("    unreadable: " + missing +
                     ":record 1/byte 0: cannot open the recording: No such file or directory") !=
          std::string::npos);
    const std::string summary = r.out.substr(r.out.find("\n5 recordings: 1 reproduced, 4 did not\n"));
    CHECK(summary.find("  " + changed + ": level " + d.patch + " has changed") != std::string::npos);
    CHECK(summary.find("  " + torn + ": damaged: ") != std::string::npos);
    CHECK(summary.find("  " + stranger + ": unreadable: ") != std::string::npos);
    CHECK(summary.find("  " + missing + ": unreadable: ") != std::string::npos);

    const Run j = runStipple("regrade --json " + quote(changed) + " " + quote(torn));
    CHECK(j.exitCode == 1);
    const auto out = nlohmann::json::parse(j.out);
    CHECK(out["not_reproduced"] == 2);
    CHECK(out["recordings"][0]["files"][0]["problem"].get<std::string>().find(
              "has changed since the recording") != std::string::npos);
    CHECK(out["recordings"][1]["recovery"]["complete"] == false);
    CHECK(out["recordings"][1]["recovery"]["damage"] == "truncated");

    const Run usage = runStipple("regrade");
    CHECK(usage.exitCode == 2);
    CHECK(usage.err.rfind("stipple regrade: give at least one RECORDING\n", 0) == 0);
    CHECK(runStipple("regrade --help").exitCode == 0);
}

TEST_CASE("recorded relative paths are resolved against --base", "[cli][regrade]") {
    Day d;
    // Record from inside the scratch folder with a relative level path, as an exam station would.
    const std::string cmd = "cd " + quote(d.s.dir()) + " && " + quote(STIPPLE_BINARY) +
                            " record demo --level even-patch.xml --out rel.stiprec --strikes 30";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const std::string rel = d.s.path("rel.stiprec").string();
    const Run fromRoot = runStipple("regrade " + quote(rel));
    CHECK(fromRoot.exitCode == 1);
    CHECK(fromRoot.out.find(
              "level even-patch.xml cannot be read: cannot open file: No such file or directory") !=
          std::string::npos);
    const Run withBase = runStipple("regrade --base " + quote(d.s.dir()) + " " + quote(rel));
    INFO(withBase.out);
    CHECK(withBase.exitCode == 0);
}

TEST_CASE("a progress bar is drawn on standard error when it is a terminal", "[cli][regrade]") {
    Day d;
    const std::string a = d.demo("a.stiprec", d.patch, 1, 300);
    const std::string b = d.demo("b.stiprec", d.patch, 2, 300);
    const std::string out = d.s.path("out.txt").string();
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // Standard output to a file, standard error stays the terminal.
        const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(fd, STDOUT_FILENO);
        ::execl(STIPPLE_BINARY, STIPPLE_BINARY, "regrade", a.c_str(), b.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    std::string tty;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(master, buf, sizeof buf);
        if (n <= 0) break; // EIO once the child is gone
        tty.append(buf, static_cast<std::size_t>(n));
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(master);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    INFO(tty);
    CHECK(tty.find("\r\033[K[") != std::string::npos);
    CHECK(tty.find("] 0/2 " + a) != std::string::npos);
    CHECK(tty.find("] 1/2 " + b) != std::string::npos);
    CHECK(tty.size() >= 4);
    CHECK(tty.substr(tty.size() - 4) == "\r\033[K"); // the bar is cleared at the end
    CHECK(readText(out).find("2 recordings: 2 reproduced, 0 did not") != std::string::npos);
}

TEST_CASE("score --record scores a recording like a dots file: the recorded scorecard", "[cli][regrade]") {
    Day d;
    for (const std::string& level : {d.patch, d.crown}) {
        const std::string rec = d.demo("s.stiprec", level, 4, 120);
        const Run score = runStipple("score --level " + quote(level) + " --record " + quote(rec) + " --json");
        INFO(score.err);
        REQUIRE(score.exitCode == 0);
        CHECK(score.err.empty());
        const Run show = runStipple("record show --json " + quote(rec));
        REQUIRE(show.exitCode == 0);
        const auto card = nlohmann::json::parse(score.out);
        const auto shown = nlohmann::json::parse(show.out);
        CHECK(card["overall"] == shown["parts"][0]["score"]["overall"]);
        CHECK(card["passed"] == shown["parts"][0]["score"]["passed"]);
        // What the reader recovered, as regrade --json shows it: the whole file.
        CHECK(shown["recovery"]["complete"] == true);
        CHECK(shown["recovery"]["stopped_at"] == "");
        CHECK(shown["recovery"]["valid_bytes"] == shown["recovery"]["file_bytes"]);
        // The header as regrade --json shows it, plus the format and the files it names.
        const Run regraded = runStipple("regrade --json " + quote(rec));
        REQUIRE(regraded.exitCode == 0);
        const auto header = nlohmann::json::parse(regraded.out)["recordings"][0]["header"];
        CHECK(header["kind"] == "practice");
        for (const auto& [key, value] : header.items()) {
            INFO(key);
            CHECK(shown["header"][key] == value);
        }
        CHECK(shown["header"].size() == header.size() + 2);
        CHECK(shown["header"]["format"].is_number());
        CHECK(shown["header"]["files"].size() >= 1);
        // The crown is scored on its healed look: dots lost at healing are not counted.
        if (level == d.patch) CHECK(card["dots"] == 120);
        CHECK(card["dots"].get<int>() > 60);
        std::filesystem::remove(rec);
    }
    const std::string rec = d.demo("p.stiprec", d.patch, 5);
    const Run other = runStipple("score --level " + quote(d.crown) + " --record " + quote(rec));
    CHECK(other.exitCode == 0);
    CHECK(other.err.rfind("stipple score: warning: the level is not the file attempt 1 was recorded with (",
                          0) == 0);
    CHECK(runStipple("score --level " + quote(d.patch) + " --record " + quote(rec) + " --attempt 2").err ==
          "stipple score: " + rec + ": there is no attempt 2 (the recording has 1)\n");
    CHECK(runStipple("score --level " + quote(d.patch) + " --record " + quote(rec) + " --dots x.csv")
              .exitCode == 2);
    CHECK(
        runStipple("score --level " + quote(d.patch) + " --record " + quote(rec) + " --elapsed 3").exitCode ==
        2);
}

TEST_CASE("record show tells who, what and how each part ended, and where a damaged file stops",
          "[cli][record]") {
    Day d;
    const std::string rec = d.demo("r.stiprec", d.patch, 1, 20, "--candidate c-77 --station bench-2");
    const Run show = runStipple("record show " + quote(rec));
    INFO(show.out);
    REQUIRE(show.exitCode == 0);
    CHECK(show.out.find(rec + ": complete, ") == 0);
    CHECK(show.out.find("candidate c-77, station bench-2, started ") != std::string::npos);
    CHECK(show.out.find("  level  " + d.patch + "  sha256 ") != std::string::npos);
    CHECK(show.out.find("20 strikes") != std::string::npos);
    CHECK(show.out.find("     ended finished at tick ") != std::string::npos);
    CHECK(show.out.find("\nclosed ") != std::string::npos);
    const Run commands = runStipple("record show --commands " + quote(rec));
    CHECK(commands.out.find("       1 move-hand 20 15\n") != std::string::npos);

    std::string bytes = readText(rec);
    bytes.resize(bytes.size() / 2);
    // Cut inside a record (half way may happen to fall between two).
    if (stipple::parseRecording(bytes, "r").recovery.complete()) bytes.pop_back();
    d.s.write("r.stiprec", bytes);
    const Run torn = runStipple("record show " + quote(rec));
    INFO(torn.out);
    CHECK(torn.exitCode == 0);
    CHECK(torn.out.rfind(rec + ":record ", 0) == 0);
    CHECK(torn.out.find("still open (not ended when the recording stops)") != std::string::npos);
    CHECK(torn.out.find("\nnot closed\n") != std::string::npos);
    CHECK(runStipple("record show " + quote(d.patch)).exitCode == 1);
    CHECK(runStipple("record").exitCode == 2);
    CHECK(runStipple("record demo --level " + quote(d.patch) + " --out " + quote(rec)).err ==
          "stipple record: cannot create recording " + rec +
              ": the file exists (a recording is never replaced)\n");
}

TEST_CASE("a recording process killed at random points resumes, loses nothing recorded, and regrades",
          "[cli][regrade][kill]") {
    Day d;
    stipple::Rng rng(77);
    for (int trial = 0; trial < 4; ++trial) {
        const std::string rec = d.s.path("kill-" + std::to_string(trial) + ".stiprec").string();
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
            ::execl(STIPPLE_BINARY, STIPPLE_BINARY, "record", "demo", "--level", d.patch.c_str(), "--out",
                    rec.c_str(), "--strikes", "300", "--seed", "9", "--realtime", "60",
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        // The kill point is random in the recording's life, not in the process's: a loaded machine
        // can take longer than any fixed delay to start the process, so first wait (up to 60 s) for
        // the recording to hold more than 10 commands, then kill it 0–1,000 ms later.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            const stipple::RecordingRead early = stipple::readRecording(rec);
            if (early.recording && !early.recording->attempts.empty() &&
                early.recording->attempts[0].commands.size() > 10)
                break;
            int running = 0;
            REQUIRE(::waitpid(pid, &running, WNOHANG) == 0); // still recording: it must not end by itself yet
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        const int delayMs = static_cast<int>(rng.below(1000));
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        REQUIRE(WIFSIGNALED(status));

        const stipple::RecordingRead before = stipple::readRecording(rec);
        INFO("trial " << trial << ", killed after " << delayMs << " ms: " << before.recovery.message());
        REQUIRE(before.recording);
        REQUIRE(before.recording->attempts.size() == 1);
        const auto& cmdsBefore = before.recording->attempts[0].commands;
        CHECK(cmdsBefore.size() > 10);

        const Run resumed = runStipple("record demo --resume " + quote(rec) + " --strikes 300");
        INFO(resumed.err);
        REQUIRE(resumed.exitCode == 0);
        CHECK(resumed.err.rfind("resumed " + rec + " at tick ", 0) == 0);
        const stipple::RecordingRead after = stipple::readRecording(rec);
        REQUIRE(after.recovery.complete());
        const auto& cmdsAfter = after.recording->attempts[0].commands;
        REQUIRE(cmdsAfter.size() > cmdsBefore.size());
        CHECK(std::equal(cmdsBefore.begin(), cmdsBefore.end(), cmdsAfter.begin()));
        CHECK(after.recording->resumes.size() == 1);
        CHECK(after.recording->closed());

        const Run regrade = runStipple("regrade " + quote(rec));
        INFO(regrade.out);
        CHECK(regrade.exitCode == 0);
    }
}

TEST_CASE("an exam sat by the demo is graded from its recording, signed, and regrades to the same bytes",
          "[cli][regrade][exam]") {
    Scratch s;
    const auto keys = s.path("keys");
    REQUIRE(runStipple("keys init --dir " + quote(keys)).exitCode == 0);
    const std::string exam = std::string(STIPPLE_SOURCE_DIR) + "/levels/exams/foundation-certificate.xml";
    const std::string rec = s.path("C-7.stiprec").string();
    const Run sat = runStipple("record demo --exam " + quote(exam) + " --out " + quote(rec) +
                               " --candidate C-7 --name 'Ana Souza' --strikes 40 --seed 5 --key " +
                               quote(keys / "academy.secret"));
    INFO(sat.err);
    REQUIRE(sat.exitCode == 0);
    CHECK(sat.out.rfind(rec + ": foundation-certificate c-7, score ", 0) == 0); // the canonical id
    CHECK(sat.out.find("signed result: " + s.path("C-7.result").string()) != std::string::npos);

    const Run r = runStipple("regrade " + quote(rec));
    INFO(r.out);
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("(3 attempts: ") != std::string::npos);
    CHECK(r.out.find(": the same bytes as " + s.path("C-7.result").string()) != std::string::npos);
    const Run verify =
        runStipple("verify " + quote(s.path("C-7.result")) + " --key " + quote(keys / "academy.public"));
    CHECK(verify.exitCode == 0);

    // Any edit to the signed result is caught by the regrade (and by verify).
    std::string text = readText(s.path("C-7.result"));
    text.replace(text.find("candidate-name Ana Souza"), 24, "candidate-name Ana Sousa");
    s.write("C-7.result", text);
    const Run edited = runStipple("regrade " + quote(rec));
    CHECK(edited.exitCode == 1);
    CHECK(edited.out.find("signed 'candidate-name Ana Sousa', regraded 'candidate-name Ana Souza'") !=
          std::string::npos);
    CHECK(runStipple("verify " + quote(s.path("C-7.result")) + " --key " + quote(keys / "academy.public"))
              .exitCode == 1);
}

TEST_CASE("regrade, verify and record show say when the scoring rules changed since a recording was made",
          "[cli][regrade][exam]") {
    Scratch s;
    const auto keys = s.path("keys");
    REQUIRE(runStipple("keys init --dir " + quote(keys)).exitCode == 0);
    const std::string exam = std::string(STIPPLE_SOURCE_DIR) + "/levels/exams/foundation-certificate.xml";
    const std::string rec = s.path("C-7.stiprec").string();
    REQUIRE(runStipple("record demo --exam " + quote(exam) + " --out " + quote(rec) +
                       " --candidate C-7 --strikes 30 --seed 5 --key " + quote(keys / "academy.secret"))
                .exitCode == 0);
    const std::string now = "scorer " + std::to_string(kScorerVersion);
    const std::string pub = " --key " + quote(keys / "academy.public");
    // Made now: this scorer's version in the recording and in the signed result.
    CHECK(runStipple("record show " + quote(rec))
              .out.find("recorded by stipple " STIPPLE_VERSION ", " + now + "\n") != std::string::npos);
    CHECK(runStipple("verify " + quote(s.path("C-7.result")) + pub).out.find("  scored by  " + now + "\n") !=
          std::string::npos);

    // The same sitting as a recording made before scorer versions were recorded, whose scores
    // the rules of that time made 1.5 higher on its first level.
    std::string error;
    const auto secret = loadSecretKey((keys / "academy.secret").string(), error);
    REQUIRE(secret);
    const std::string old = s.path("old.stiprec").string();
    rewriteAsScoredBy(rec, old, 0, 1.5, *secret);
    const std::string why = "the recording was made before scorer versions were recorded, and this Stipple "
                            "scores with " +
                            now + ": the scoring rules have changed since";

    const Run r = runStipple("regrade " + quote(old));
    INFO(r.out);
    CHECK(r.exitCode == 1);
    CHECK(r.out.find("NOT REPRODUCED  " + old) == 0);
    CHECK(r.out.find("\n    why: " + why +
                     ", so different scores are expected and by themselves do not mean "
                     "the recording was forged or damaged\n") != std::string::npos);
    CHECK(r.out.find("\n  " + old + ": " + why) != std::string::npos); // the summary says why first
    const Run j = runStipple("regrade --json " + quote(old));
    CHECK(nlohmann::json::parse(j.out)["recordings"][0]["scoring_rules_changed"].get<std::string>().find(
              why) == 0);

    const Run v = runStipple("verify " + quote(s.path("old.result")) + pub + " --recording " + quote(old));
    INFO(v.out);
    CHECK(v.exitCode == 1);
    CHECK(v.out.find("INVALID: the signature is good, but the result is not what the recording " + old +
                     " grades to: ") == 0);
    CHECK(v.out.find("). Why: " + why) != std::string::npos);
    const Run vj =
        runStipple("verify --json " + quote(s.path("old.result")) + pub + " --recording " + quote(old));
    CHECK(nlohmann::json::parse(vj.out)["recording"]["scoring_rules_changed"].get<std::string>().find(why) ==
          0);
    // Without the recording the old result still verifies, and says it has no scorer version.
    const Run alone = runStipple("verify " + quote(s.path("old.result")) + pub);
    CHECK(alone.exitCode == 0);
    CHECK(alone.out.find("  scored by  no scorer version (made before scorer versions were recorded)\n") !=
          std::string::npos);
    CHECK(runStipple("record show " + quote(old))
              .out.find(", no scorer version (made before scorer versions were recorded)\n") !=
          std::string::npos);
}

STIPPLE_GCC12_STRING_LITERAL_BEGIN // "r" + std::to_string(i): support/gcc12_string_literal.h
TEST_CASE("a day regraded in parallel is reported in the order given, the same as one at a time",
          "[cli][regrade][jobs]") {
    Day d;
    // Long and short recordings mixed, so the threads finish out of order; one on a level that changes.
    std::vector<std::string> recs;
    for (int i = 0; i < 8; ++i)
        recs.push_back(d.demo("r" + std::to_string(i) + ".stiprec", i % 3 == 0 ? d.crown : d.patch, i + 1,
                              i % 2 ? 40 : 400));
    const std::string moved = d.s.write("moved.xml", readText(d.patch)).string();
    recs.insert(recs.begin() + 3, d.demo("changed.stiprec", moved, 9, 30));
    std::string text = readText(moved);
    text.replace(text.find("An even patch"), 13, "A moved patch");
    d.s.write("moved.xml", text);
    std::string args;
    for (const std::string& r : recs)
        args += " " + quote(r);

    // Without the per-recording timings, the output is the same whatever the number of threads.
    auto untimed = [](std::string out) {
        std::string kept;
        std::size_t start = 0;
        while (start < out.size()) {
            std::size_t end = out.find('\n', start);
            std::string line = out.substr(start, end - start);
            if (const auto s = line.rfind(", ");
                s != std::string::npos && line.size() > 3 && line.substr(line.size() - 3) == " s)")
                line = line.substr(0, s) + ")";
            if (line.rfind("regraded in ", 0) != 0) kept += line + "\n";
            start = end == std::string::npos ? out.size() : end + 1;
        }
        return kept;
    };
    const Run one = runStipple("regrade --jobs 1" + args);
    const Run four = runStipple("regrade --jobs 4" + args);
    INFO(four.out);
    CHECK(one.exitCode == 1);
    CHECK(four.exitCode == 1);
    CHECK(four.err.empty());
    CHECK(untimed(one.out) == untimed(four.out));
    CHECK(one.out.find("regraded in ") != std::string::npos);
    CHECK(one.out.find(" s on 1 thread\n") != std::string::npos);
    CHECK(four.out.find(" s on 4 threads\n") != std::string::npos);
    // Reports in argument order, and the summary names the one that does not reproduce.
    std::size_t at = 0;
    for (const std::string& r : recs) {
        const std::size_t found = four.out.find("  " + r + "  (", at);
        REQUIRE(found != std::string::npos);
        at = found;
    }
    CHECK(four.out.find("NOT REPRODUCED  " + recs[3] + "  (") != std::string::npos);
    CHECK(four.out.find("\n9 recordings: 8 reproduced, 1 did not\n") != std::string::npos);
    CHECK(four.out.find("\n  " + recs[3] + ": level " + moved + " has changed since the recording") !=
          std::string::npos);
    // JSON: the same order.
    const auto json = nlohmann::json::parse(runStipple("regrade --json --jobs 3" + args).out);
    REQUIRE(json["recordings"].size() == recs.size());
    for (std::size_t i = 0; i < recs.size(); ++i)
        CHECK(json["recordings"][i]["path"] == recs[i]);
    CHECK(runStipple("regrade --jobs 0" + args).exitCode == 2);
}
STIPPLE_GCC12_STRING_LITERAL_END
