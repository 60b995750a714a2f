// `stipple exam` and `stipple validate` on exams, end to end: the shipped exam validates; the same
// seed draws the same exam in separate processes, whoever the candidate; a changed or missing
// level is refused with a message at the exam's reference; `files` lists the hashes to pin.
#include "io/files.h"
#include "support/process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace stipple;
using namespace stipple::test;

TEST_CASE("exam: the shipped exams validate", "[cli][exam]") {
    const Run r = runStipple("validate levels/exams");
    CHECK(r.exitCode == 0);
    CHECK(r.err.empty());
    CHECK(r.out == "1 file checked: 1 valid, 0 with errors (0 errors, 0 warnings)\n");
}

TEST_CASE("exam draw: the same seed draws the same exam in every process", "[cli][exam][determinism]") {
    const std::string exam = "levels/exams/foundation-certificate.xml";
    const Run a = runStipple("exam draw " + exam + " --seed 1234 --candidate C-1 --json");
    const Run b = runStipple("exam draw " + exam + " --seed 1234 --candidate C-2 --json");
    const Run c = runStipple("exam draw " + exam + " --seed 1235 --candidate C-1 --json");
    REQUIRE(a.exitCode == 0);
    REQUIRE(b.exitCode == 0);
    auto ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out),
         jc = nlohmann::json::parse(c.out);
    CHECK(ja["candidate"] == "C-1");
    ja.erase("candidate");
    jb.erase("candidate");
    jc.erase("candidate");
    CHECK(ja == jb);
    CHECK(ja != jc);
    CHECK(ja["seed"] == 1234);
    REQUIRE(ja["sections"].size() == 2);
    CHECK(ja["sections"][0]["levels"].size() == 3);
    CHECK(ja["sections"][0]["time_limit_s"] == 3600);
    CHECK(ja["sections"][1]["questions"].size() == 16);
    std::string bytes, error;
    REQUIRE(readFile(STIPPLE_SOURCE_DIR "/levels/01-dot-drill.xml", bytes, error));
    CHECK(ja["sections"][0]["levels"][0]["sha256"] == sha256Hex(bytes));
    // Ids stay the keys; the titles people read stand beside them.
    CHECK(ja["sections"][0]["title"] == "Practical: placement, density and hairline");
    for (const auto& l : ja["sections"][0]["levels"]) {
        CHECK_FALSE(l["title"].get<std::string>().empty());
        CHECK(l["title"] != l["id"]);
    }
    const Run text = runStipple("exam draw " + exam + " --seed 1234");
    CHECK(text.exitCode == 0);
    CHECK(text.out.rfind(
              "Foundation certificate in scalp micropigmentation (foundation-certificate), seed 1234\n", 0) ==
          0);
    for (const auto& l : ja["sections"][0]["levels"])
        CHECK(text.out.find(l["title"].get<std::string>() + " (level " + l["id"].get<std::string>() + ")") !=
              std::string::npos);
}

TEST_CASE("exam: changed and missing files are refused at the exam's reference", "[cli][exam]") {
    Scratch s;
    std::string level, error;
    REQUIRE(readFile(STIPPLE_SOURCE_DIR "/levels/01-dot-drill.xml", level, error));
    s.write("levels/a.xml", level);
    const std::string exam = R"(<exam format="1" id="x" title="X">
  <pass-rule overall-pass-mark="70" every-section="true"/>
  <attempts allowed="0"/>
  <certificate title="C" issuer="I" valid-months="0"/>
  <practical id="p" title="P" time-limit-min="10" weight="1" pass-mark="70">
    <level path="../levels/a.xml" sha256=")" +
                             sha256Hex(level) + R"("/>
    <level path="../levels/b.xml"/>
  </practical>
</exam>
)";
    const auto path = s.write("exams/x.xml", exam);
    s.write("levels/b.xml", level);
    const Run files = runStipple("exam files " + quote(path));
    CHECK(files.exitCode == 0);
    CHECK(files.out.find(sha256Hex(level) + "  " + (s.dir() / "levels/a.xml").string() + "\n") !=
          std::string::npos);

    s.write("levels/a.xml", level + "<!-- edited -->\n");
    std::filesystem::remove(s.dir() / "levels/b.xml");
    const Run r = runStipple("exam draw " + quote(path) + " --seed 1");
    CHECK(r.exitCode == 1);
    CHECK(r.out.empty());
    CHECK(r.err == path.string() +
                       ":6:12: error: the level \"../levels/a.xml\" has changed since this exam was pinned: "
                       "its sha256 is " +
                       sha256Hex(level + "<!-- edited -->\n") + ", the exam expects " + sha256Hex(level) +
                       " (review the change, then update sha256 or restore the file)\n" + path.string() +
                       ":7:12: error: the level \"../levels/b.xml\" (" + (s.dir() / "levels/b.xml").string() +
                       ") cannot be read: cannot open file: No such file or "
                       "directory\n");
    const Run v = runStipple("validate " + quote(path));
    CHECK(v.exitCode == 1);
    CHECK(v.err == r.err);

    for (const std::string args : {"exam", "exam draw", "exam draw x.xml", "exam draw x.xml --seed -1",
                                   "exam files x.xml --seed 1", "exam run x.xml"}) {
        const Run u = runStipple(args);
        INFO(args);
        CHECK(u.exitCode == 2);
        CHECK(u.err.find("usage: stipple exam draw") != std::string::npos);
    }
}

TEST_CASE("exam files: the quiz pictures a bank shows are listed with their hashes (issue 16, hole 8)",
          "[cli][exam]") {
    const std::string exam = std::string(STIPPLE_SOURCE_DIR) + "/levels/exams/foundation-certificate.xml";
    const Run files = runStipple("exam files " + quote(exam));
    CHECK(files.exitCode == 0);
    for (const char* name : {"even-patch-good.csv", "even-patch-grid.csv", "even-patch-clumped.csv"}) {
        const auto picture =
            (std::filesystem::path(STIPPLE_SOURCE_DIR) / "levels/banks/pictures" / name).lexically_normal();
        INFO(name);
        CHECK(files.out.find(sha256Hex(readText(picture)) + "  " + picture.string() + "\n") !=
              std::string::npos);
    }
}
