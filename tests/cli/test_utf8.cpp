// Invalid UTF-8 (issue 16, hole 2): text that is not UTF-8 is refused where it enters — command
// options, level, bank and exam files, GIFT banks, the exam sign-in — with a message that says
// where; and what is already stored (results can never be deleted, recordings never changed) never
// aborts a JSON output: `record show --json`, `verify --json`, `results list --json` and
// `results export --xapi` print it with U+FFFD in place of each bad byte.
#include "exam/signing.h"
#include "io/utf8.h"
#include "record/recording_writer.h"
#include "store/issue_result.h"
#include "store/sqlite_store.h"
#include "support/exam_results.h"
#include "support/process.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace stipple;
using namespace stipple::test;
namespace fs = std::filesystem;

namespace {

const std::string kBadName = "Ana \xff\xfe Souza \xc3"; // two bytes that never occur in UTF-8, a cut sequence
const std::string kReplaced = "Ana \xef\xbf\xbd\xef\xbf\xbd Souza \xef\xbf\xbd";

} // namespace

TEST_CASE("utf8: a byte string is checked as UTF-8 and the first bad byte found", "[utf8]") {
    CHECK(firstInvalidUtf8("") == std::string::npos);
    CHECK(firstInvalidUtf8("Aïcha Ñúñez 中文 😀") == std::string::npos);
    CHECK(firstInvalidUtf8("ab\xff") == 2);
    CHECK(firstInvalidUtf8("ab\xc3") == 2);           // cut at the end
    CHECK(firstInvalidUtf8("\xc0\xaf") == 0);         // overlong '/'
    CHECK(firstInvalidUtf8("x\xed\xa0\x80") == 1);    // a UTF-16 surrogate
    CHECK(firstInvalidUtf8("\xf4\x90\x80\x80") == 0); // above U+10FFFF
    CHECK(firstInvalidUtf8("\xe2\x82") == 0);
    CHECK(firstInvalidUtf8("\xe2\x82\xac") == std::string::npos); // €
    CHECK(validUtf8OrReplaced(kBadName) == kReplaced);
}

TEST_CASE("utf8: stored rows with invalid UTF-8 never abort a JSON output", "[utf8][store]") {
    Scratch s;
    const auto keys = s.dir() / "keys";
    REQUIRE(runStipple("keys init --dir " + quote(keys)).exitCode == 0);
    std::string error;
    const auto secret = loadSecretKey((keys / "academy.secret").string(), error);
    REQUIRE(secret);
    // Stored as an older build (or a hand-edited database) would have stored them.
    const std::string db = (s.dir() / "results.db").string();
    StoreError se;
    auto store = openSqliteStore(db, StoreMode::ReadWrite, se);
    REQUIRE(store);
    ExamResult r = sampleExamResult("C-0042", kBadName, 81.25);
    r.station = "station-\xff";
    IssuedResult issued;
    const auto resultFile = s.dir() / "ana.result";
    REQUIRE(issueResult(r, *secret, resultFile.string(), store.get(), issued, error));
    store.reset();

    const std::string key = " --key " + quote(keys / "academy.public");
    const Run list = runStipple("results list --json --db " + quote(db) + key);
    CHECK(list.exitCode == 0);
    CHECK(list.out.find(kReplaced) != std::string::npos);
    CHECK_NOTHROW(nlohmann::json::parse(list.out));

    const Run verify = runStipple("verify " + quote(resultFile) + key + " --json");
    CHECK(verify.exitCode == 0);
    CHECK(verify.out.find(kReplaced) != std::string::npos);
    REQUIRE_NOTHROW(nlohmann::json::parse(verify.out));
    CHECK(nlohmann::json::parse(verify.out)["valid"] == true);

    const auto xapi = s.dir() / "statements.json";
    const Run exported = runStipple("results export --xapi " + quote(xapi) + " --db " + quote(db) + key);
    CHECK(exported.exitCode == 0);
    CHECK_NOTHROW(nlohmann::json::parse(readText(xapi)));
    CHECK(readText(xapi).find(kReplaced) != std::string::npos);

    RecordingHeader h;
    h.build = "stipple test";
    h.kind = "exam";
    h.examId = "foundation-certificate";
    h.candidateId = "C-0042";
    h.candidateName = kBadName;
    h.station = "station-\xff";
    h.startedAt = "2026-03-02T09:00:00Z";
    const std::string rec = (s.dir() / "ana.stiprec").string();
    REQUIRE(RecordingWriter::create(rec, h, error));
    const Run shown = runStipple("record show " + quote(rec) + " --json");
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.find(kReplaced) != std::string::npos);
    CHECK_NOTHROW(nlohmann::json::parse(shown.out));
}

TEST_CASE("utf8: invalid UTF-8 is refused where text enters: options, level and bank files", "[utf8][cli]") {
    Scratch s;
    // An option: a usage mistake (exit 2) naming the option.
    const Run option = runStipple(
        "exam draw levels/exams/foundation-certificate.xml --seed 1 --candidate \"$(printf 'C-\\377')\"");
    CHECK(option.exitCode == 2);
    CHECK(option.err.rfind(
              "stipple exam: --candidate is not valid UTF-8 (byte 3 of the value): type it in UTF-8\n", 0) ==
          0);

    // A level whose name holds a Latin-1 byte: bad input, located.
    std::string level = readText(fs::path(STIPPLE_SOURCE_DIR) / "levels/02-even-patch.xml");
    const size_t at = level.find("title=\"");
    REQUIRE(at != std::string::npos);
    level.insert(at + 7, "Caf\xe9 ");
    const auto levelFile = s.write("latin1.xml", level);
    const Run validate = runStipple("validate " + quote(levelFile));
    CHECK(validate.exitCode == 1);
    const std::string line =
        std::to_string(std::count(level.begin(), level.begin() + static_cast<long>(at), '\n') + 1);
    CHECK(validate.err.find(levelFile.string() + ":" + line + ":") != std::string::npos);
    CHECK(validate.err.find("is not valid UTF-8") != std::string::npos);

    const auto gift = s.write("bank.gift", "::Q1:: Caf\xe9 is {=yes ~no}\n");
    const Run giftRun = runStipple("validate " + quote(gift));
    CHECK(giftRun.exitCode == 1);
    CHECK(giftRun.err.find(gift.string() + ":1:") != std::string::npos);
    CHECK(giftRun.err.find("is not valid UTF-8") != std::string::npos);
}
