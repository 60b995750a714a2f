// `stipple results` end to end: import verifies every file and stores only what the academy
// signed; list and export --csv show what is stored (exact CSV cells, formula-safe text); a
// damaged database is reported and left untouched; usage mistakes exit 2.
#include "exam/signing.h"
#include "io/files.h"
#include "support/gcc12_string_literal.h"
#include "support/process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sqlite3.h>

using namespace stipple;
using namespace stipple::test;

namespace {

ExamResult result(const std::string& candidate, const std::string& name, double score,
                  const std::string& finished) {
    ExamResult r;
    r.examId = "foundation-certificate";
    r.examTitle = "Foundation";
    r.examSha256 = std::string(64, 'e');
    r.certificateTitle = "Foundation Certificate";
    r.issuer = "Stipple Academy";
    r.candidateId = candidate;
    r.candidateName = name;
    r.station = "station-1";
    r.seed = 42;
    r.build = "stipple test";
    r.startedAt = finished;
    r.finishedAt = finished;
    for (const char* id : {"practical", "theory"}) {
        ResultSection s;
        s.id = id;
        s.title = id;
        s.kind = std::string(id) == "practical" ? "practical" : "quiz";
        s.weight = 1;
        s.passMark = 70;
        s.score = std::string(id) == "practical" ? score : 100.0 / 3.0;
        s.passed = s.score >= 70;
        r.sections.push_back(s);
    }
    r.score = score;
    r.passed = score >= 70;
    r.issuedOn = finished.substr(0, 10);
    if (r.passed) r.expiresOn = "2028-03-02";
    r.resultId = makeResultId(r);
    return r;
}

struct Academy {
    Scratch s;
    std::filesystem::path keys = s.dir() / "keys";
    std::filesystem::path db = s.dir() / "data" / "results.db";
    Academy() { REQUIRE(runStipple("keys init --dir " + quote(keys)).exitCode == 0); }
    std::string opts() const { return " --db " + quote(db); }
    std::string key() const { return " --key " + quote(keys / "academy.public"); }
    std::filesystem::path sign(const std::string& name, const ExamResult& r) const {
        std::string error;
        const auto secret = loadSecretKey((keys / "academy.secret").string(), error);
        REQUIRE(secret);
        return s.write(name, signResult(r, *secret));
    }
    std::string codeOf(const std::filesystem::path& file) const {
        std::string error;
        const auto pub = loadPublicKey((keys / "academy.public").string(), error);
        return verifySignedResult(readText(file), *pub).code;
    }
};

std::vector<std::string> lines(const std::string& text, const std::string& sep = "\n") {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < text.size()) {
        const size_t end = text.find(sep, start);
        out.push_back(text.substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + sep.size();
    }
    return out;
}

} // namespace

TEST_CASE("results import: only what verifies is stored, once", "[cli][results]") {
    Academy a;
    const auto ana = a.sign("ana.result", result("C-0042", "Ana Souza", 81.25, "2026-03-02T10:12:00Z"));
    const auto ben = a.sign("ben.result", result("C-0043", "Ben, Jr.", 55, "2026-03-01T10:00:00Z"));
    std::string tampered = readText(ana);
    tampered.replace(tampered.find("score 81.25"), 11, "score 99.25");
    const auto bad = a.s.write("tampered.result", tampered);

    const Run r =
        runStipple("results import " + quote(ana) + " " + quote(bad) + " " + quote(ben) + a.opts() + a.key());
    CHECK(r.exitCode == 1);
    CHECK(r.err == bad.string() + ": refused: the signature does not match the result: the result was "
                                  "changed after it was signed\n");
    const auto out = lines(r.out);
    REQUIRE(out.size() == 3);
    CHECK(out[0] == ana.string() + ": stored " +
                        result("C-0042", "Ana Souza", 81.25, "2026-03-02T10:12:00Z").resultId +
                        " (C-0042, foundation-certificate, pass)");
    CHECK(out[2] == "2 of 3 results stored in " + a.db.string() + ", 1 refused");

    const Run again = runStipple("results import " + quote(ana) + a.opts() + a.key());
    CHECK(again.exitCode == 0);
    CHECK(again.out.find(": already stored as ") != std::string::npos);

    const Run listed = runStipple("results list" + a.opts() + a.key());
    CHECK(listed.exitCode == 0);
    const auto rows = lines(listed.out);
    REQUIRE(rows.size() == 4);
    CHECK(rows[1].rfind("2026-03-01T10:00:00Z  C-0043", 0) == 0); // oldest first
    CHECK(rows[1].find("FAIL") != std::string::npos);
    CHECK(rows[2].find("81.25  PASS  2028-03-02  " + a.codeOf(ana)) != std::string::npos);
    CHECK(rows[3] == "2 results");

    const Run json = runStipple("results list --json --candidate C-0042" + a.opts() + a.key());
    CHECK(json.exitCode == 0);
    const auto j = nlohmann::json::parse(json.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["candidate_name"] == "Ana Souza");
    CHECK(j[0]["code"] == a.codeOf(ana));
}

TEST_CASE("results export --csv: one row per result, safe for spreadsheets", "[cli][results]") {
    Academy a;
    const auto ana =
        a.sign("ana.result", result("C-0042", "=HYPERLINK(\"x\")", 81.25, "2026-03-02T10:12:00Z"));
    const auto ben = a.sign("ben.result", result("C-0043", "Ben, Jr.", 55, "2026-03-01T10:00:00Z"));
    REQUIRE(runStipple("results import " + quote(ana) + " " + quote(ben) + a.opts() + a.key()).exitCode == 0);
    const Run csv = runStipple("results export --csv" + a.opts() + a.key());
    CHECK(csv.exitCode == 0);
    const auto rows = lines(csv.out, "\r\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] ==
          "result_id,candidate_id,candidate_name,exam_id,exam_sha256,attempt,score,passed,finished_at,"
          "issued_on,expires_on,verification_code,key_id,stored_at,sections");
    const ExamResult benResult = result("C-0043", "Ben, Jr.", 55, "2026-03-01T10:00:00Z");
    std::string error;
    const std::string keyId = loadPublicKey((a.keys / "academy.public").string(), error)->keyId();
    const std::string benPrefix = benResult.resultId + ",C-0043,\"Ben, Jr.\",foundation-certificate," +
                                  std::string(64, 'e') + ",1,55,false,2026-03-01T10:00:00Z,2026-03-01,," +
                                  a.codeOf(ben) + "," + keyId + ",";
    CHECK(rows[1].rfind(benPrefix, 0) == 0);
    CHECK(rows[1].substr(rows[1].size() - 37) == ",practical=55:fail; theory=33.33:fail");
    CHECK(rows[2].find(",C-0042,\"'=HYPERLINK(\"\"x\"\")\",") != std::string::npos);
    CHECK(rows[2].find(",81.25,true,") != std::string::npos);

    const auto file = a.s.dir() / "out";
    std::filesystem::create_directories(file);
    const Run toFile = runStipple("results export --csv -o " + quote(file / "records.csv") +
                                  " --exam foundation-certificate" + a.opts() + a.key());
    CHECK(toFile.exitCode == 0);
    CHECK(toFile.err == "2 results written to " + (file / "records.csv").string() + "\n");
    CHECK(readText(file / "records.csv") == csv.out);
    const Run none = runStipple("results export --csv --candidate nobody" + a.opts());
    CHECK(none.out == rows[0] + "\r\n");
}

TEST_CASE("results export --csv --bom: a UTF-8 byte-order mark first, so Excel shows Zoë, and only for CSV",
          "[cli][results]") {
    Academy a;
    const auto zoe = a.sign("zoe.result", result("C-0044", "Zoë Ørsted", 90, "2026-03-02T10:12:00Z"));
    REQUIRE(runStipple("results import " + quote(zoe) + a.opts() + a.key()).exitCode == 0);
    const Run plain = runStipple("results export --csv" + a.opts() + a.key());
    const Run bom = runStipple("results export --csv --bom" + a.opts() + a.key());
    CHECK(bom.exitCode == 0);
    CHECK(plain.out.rfind("result_id,", 0) == 0);
    CHECK(bom.out == "\xEF\xBB\xBF" + plain.out);
    CHECK(bom.out.find(",\"Zo\xC3\xAB \xC3\x98rsted\",") ==
          std::string::npos); // no comma or quote in it: not quoted
    CHECK(bom.out.find(",Zo\xC3\xAB \xC3\x98rsted,") != std::string::npos);
    const auto moodle = a.s.dir() / "moodle.csv";
    REQUIRE(
        runStipple("results export --moodle-csv " + quote(moodle) + " --bom" + a.opts() + a.key()).exitCode ==
        0);
    CHECK(readText(moodle).rfind("\xEF\xBB\xBF", 0) == 0);
    const Run cohort = runStipple("results cohort --csv --bom" + a.opts() + a.key());
    CHECK(cohort.out.rfind("\xEF\xBB\xBF", 0) == 0);
    const Run wrong = runStipple("results list --bom" + a.opts());
    CHECK(wrong.exitCode == 2);
    CHECK(wrong.err.find("--bom is for CSV output") != std::string::npos);
}

TEST_CASE("results: missing and damaged databases, usage", "[cli][results][faults]") {
    Academy a;
    const Run empty = runStipple("results list" + a.opts());
    CHECK(empty.exitCode == 0);
    CHECK(empty.out == "no results stored (no results database at " + a.db.string() +
                           " (nothing has been saved there yet))\n");
    CHECK_FALSE(std::filesystem::exists(a.db)); // reading never creates anything

    const auto junk = a.s.write("junk.db", std::string(8192, 'j'));
    for (const std::string cmd : {"results list", "results export --csv"}) {
        const Run r = runStipple(cmd + " --db " + quote(junk));
        CHECK(r.exitCode == 1);
        CHECK(r.err ==
              "stipple results: " + junk.string() +
                  " is not a Stipple results database (not an SQLite database at all, or damaged beyond "
                  "reading); nothing was changed. Choose another file with --db\n");
    }
    const auto ana = a.sign("ana.result", result("C-0042", "Ana", 81.25, "2026-03-02T10:12:00Z"));
    const Run imp = runStipple("results import " + quote(ana) + " --db " + quote(junk) + a.key());
    CHECK(imp.exitCode == 1);
    CHECK(readText(junk) == std::string(8192, 'j'));

    for (const std::string args : {"results", "results show", "results export", "results list --csv",
                                   "results import", "results list extra", "results import x --csv",
                                   "results export --csv --json", "results cohort --json"}) {
        const Run r = runStipple(args + a.opts());
        INFO(args);
        CHECK(r.exitCode == 2);
        CHECK(r.err.find("usage: stipple results list") != std::string::npos);
    }
    CHECK(runStipple("results --help").exitCode == 0);
}

TEST_CASE("results: a row changed in the database is marked by list and left out of every export",
          "[cli][results]") {
    // Issue 16, hole 4: the owner of the file drops the trigger and turns Ben's fail into a pass.
    Academy a;
    const auto ana = a.sign("ana.result", result("C-0042", "Ana Souza", 81.25, "2026-03-02T10:12:00Z"));
    const auto ben = a.sign("ben.result", result("C-0043", "Ben", 55, "2026-03-01T10:00:00Z"));
    REQUIRE(runStipple("results import " + quote(ana) + " " + quote(ben) + a.opts() + a.key()).exitCode == 0);
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(a.db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw,
                         "DROP TRIGGER results_are_never_changed; UPDATE results SET score = 91, passed = 1 "
                         "WHERE candidate_id = 'C-0043'",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    const std::string why = "column score says \"91\" but the signed result says \"55\"";

    const Run listed = runStipple("results list" + a.opts() + a.key());
    CHECK(listed.exitCode == 1);
    const auto rows = lines(listed.out);
    REQUIRE(rows.size() == 4);
    CHECK(rows[1].find("C-0043") != std::string::npos);
    CHECK(rows[1].substr(rows[1].size() - 13) == "  NOT GENUINE");
    CHECK(rows[2].find("NOT GENUINE") == std::string::npos);
    CHECK(listed.err.find("1 stored result is NOT GENUINE") != std::string::npos);
    CHECK(listed.err.find("(candidate C-0043): " + why) != std::string::npos);

    const Run json = runStipple("results list --json" + a.opts() + a.key());
    CHECK(json.exitCode == 1);
    const auto j = nlohmann::json::parse(json.out);
    REQUIRE(j.size() == 2);
    CHECK(j[0]["genuine"] == false);
    CHECK(j[0]["problem"] == why);
    CHECK(j[1]["genuine"] == true);

    const Run csv = runStipple("results export --csv" + a.opts() + a.key());
    CHECK(csv.exitCode == 1);
    CHECK(lines(csv.out, "\r\n").size() == 2); // the header and Ana's row only
    CHECK(csv.out.find("C-0043") == std::string::npos);
    CHECK(csv.err.find("left out of the export") != std::string::npos);

    const auto moodle = a.s.dir() / "grades.csv";
    const Run m = runStipple("results export --moodle-csv " + quote(moodle) + a.opts() + a.key());
    CHECK(m.exitCode == 1);
    CHECK(readText(moodle).find("C-0043") == std::string::npos);
    CHECK(readText(moodle).find("C-0042") != std::string::npos);
    const auto xapi = a.s.dir() / "x.json";
    const Run x = runStipple("results export --xapi " + quote(xapi) + a.opts() + a.key());
    CHECK(x.exitCode == 1);
    CHECK(readText(xapi).find("C-0043") == std::string::npos);
    const Run cohort = runStipple("results cohort --csv" + a.opts() + a.key());
    CHECK(cohort.exitCode == 1);
    CHECK(cohort.out.find("C-0043") == std::string::npos);
    CHECK(cohort.err.find("(candidate C-0043): " + why) != std::string::npos);

    // Without the academy's key nothing can be checked: said, and nothing is reported as genuine.
    const Run nokey = runStipple("results export --csv --key " + quote(a.s.dir() / "none.public") + a.opts());
    CHECK(nokey.exitCode == 1);
    CHECK(lines(nokey.out, "\r\n").size() == 1);
    CHECK(nokey.err.find("2 stored results not checked: no academy public key") == std::string::npos);
    CHECK(nokey.err.find(
              "2 stored results left out of the export: no academy public key to check them against") !=
          std::string::npos);
}

STIPPLE_GCC12_STRING_LITERAL_BEGIN // a one-character literal + std::string: support/gcc12_string_literal.h
TEST_CASE("results list: accented and decomposed names keep the columns in line", "[cli][results]") {
    // printf's %-24s pads by bytes: "Zoë" (4 bytes) was one column short of "Zoe"; a decomposed
    // "é" (e + U+0301) two.
    Academy a;
    const std::vector<std::pair<std::string, std::string>> people = {
        {"C-0001", "Zoe Orsted"},
        {"C-0002", "Zo\xC3\xAB \xC3\x98rsted"},
        {"C-0003", "Zoe\xCC\x81 Orsted"},
        {"C-0004", "\xD0\x90\xD0\xBB\xD0\xB5\xD0\xBA\xD1\x81\xD0\xB0\xD0\xBD\xD0\xB4\xD1\x80\xD0\xB0"}};
    for (size_t i = 0; i < people.size(); ++i)
        REQUIRE(runStipple("results import " +
                           quote(a.sign("p" + std::to_string(i) + ".result",
                                        result(people[i].first, people[i].second, 80,
                                               "2026-03-0" + std::to_string(i + 1) + "T10:00:00Z"))) +
                           a.opts() + a.key())
                    .exitCode == 0);
    const Run listed = runStipple("results list" + a.opts() + a.key());
    REQUIRE(listed.exitCode == 0);
    // The exam id's column: where "foundation-certificate" starts, counted in characters a
    // terminal shows (combining marks take none).
    auto column = [](const std::string& line) {
        const size_t at = line.find("foundation-certificate");
        size_t shown = 0;
        for (size_t i = 0; i < at; ++i) {
            const auto c = static_cast<unsigned char>(line[i]);
            if ((c & 0xC0) == 0x80) continue;
            if (c == 0xCC && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0x81)
                continue; // U+0301
            ++shown;
        }
        return at == std::string::npos ? std::string::npos : shown;
    };
    std::vector<size_t> columns;
    for (const std::string& line : lines(listed.out))
        if (line.find("foundation-certificate") != std::string::npos) columns.push_back(column(line));
    INFO(listed.out);
    REQUIRE(columns.size() == people.size());
    for (const size_t c : columns)
        CHECK(c == columns.front());
}
STIPPLE_GCC12_STRING_LITERAL_END
