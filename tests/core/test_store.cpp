// The results store, on both backends: candidates, attempts and the attempt policy, signed
// results (idempotent saves, conflicts, lookups by code, rows that cannot be changed or deleted),
// practice history and best scores, and two stations writing at once — each of these runs against
// SQLite and against PostgreSQL (a fresh database per test on the server $STIPPLE_TEST_PG_URL
// names; without it the PostgreSQL runs are skipped with a warning, CI always sets it). Then what
// is particular to each: for SQLite a fresh file (WAL, schema version, application id) and every
// way a file can be unusable — garbage, a damaged page, another program's database, a newer
// schema, a read-only file, a missing one — each a clear message that leaves the file exactly as
// it was; for PostgreSQL a malformed URL, a server that is not there, a newer or foreign schema.
#include "config/data_dir.h"
#include "config/station_config.h"
#include "exam/signing.h"
#include "io/files.h"
#include "progress/cohort.h"
#include "random/rng.h"
#include "store/eligibility.h"
#include "store/issue_result.h"
#include "store/outbox.h"
#include "store/postgres_store.h"
#include "store/result_check.h"
#include "store/sqlite_store.h"
#include "support/gcc12_string_literal.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <functional>
#include <future>
#include <libpq-fe.h>
#include <memory>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace stipple;
using stipple::test::readText;
using stipple::test::Scratch;

namespace {

std::unique_ptr<ResultsStore> openOrFail(const std::string& where, StoreMode mode = StoreMode::ReadWrite) {
    StoreError error;
    auto store = openResultsStore(where, mode, error);
    INFO(error.message);
    REQUIRE(store);
    CHECK(error.kind == StoreError::Kind::None);
    return store;
}

StoreError openError(const std::string& path, StoreMode mode = StoreMode::ReadWrite) {
    StoreError error;
    CHECK_FALSE(openSqliteStore(path, mode, error));
    CHECK_FALSE(error.message.empty());
    return error;
}

std::string fileHash(const std::string& path) {
    std::string bytes, error;
    if (!readFile(path, bytes, error)) return "missing";
    return sha256Hex(bytes);
}

/// Runs SQL on the file directly (what another program, or a careless person, could do).
int rawExec(const std::string& path, const std::string& sql, std::string* message = nullptr) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    if (message && err) *message = err;
    sqlite3_free(err);
    sqlite3_close(db);
    return rc;
}

std::string rawQuery(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* s = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

struct SignedResult {
    std::string text;
    ResultRecord record;
};

SignedResult makeResult(const KeyPair& keys, const std::string& candidate, const std::string& finishedAt,
                        double score, int attempt = 1) {
    ExamResult r;
    r.examId = "foundation";
    r.examTitle = "Foundation";
    r.examSha256 = std::string(64, 'e');
    r.certificateTitle = "Cert";
    r.issuer = "Academy";
    r.candidateId = candidate;
    r.candidateName = "Name of " + candidate;
    r.station = "s1";
    r.attempt = attempt;
    r.seed = 1;
    r.build = "stipple test";
    r.startedAt = finishedAt;
    r.finishedAt = finishedAt;
    r.score = score;
    r.passed = score >= 70;
    r.issuedOn = finishedAt.substr(0, 10);
    r.resultId = makeResultId(r);
    SignedResult out;
    out.text = signResult(r, keys.secretKey);
    const Verification v = verifySignedResult(out.text, keys.publicKey);
    REQUIRE(v.valid);
    out.record = resultRecordOf(v, out.text);
    return out;
}

/// Percent-encodes a URL query value.
std::string urlEncoded(const std::string& v) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : v) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

/// Runs SQL on a PostgreSQL server directly; the error's primary message in `message`.
void quiet(void*, const char*) {} // the server's notices ("does not exist, skipping")

bool pgExec(const std::string& url, const std::string& sql, std::string* message = nullptr) {
    PGconn* conn = PQconnectdb(url.c_str());
    PQsetNoticeProcessor(conn, quiet, nullptr);
    bool ok = PQstatus(conn) == CONNECTION_OK;
    if (ok) {
        PGresult* r = PQexec(conn, sql.c_str());
        ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
        if (!ok && message) {
            const char* m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
            *message = m ? m : PQerrorMessage(conn);
        }
        PQclear(r);
    } else if (message) {
        *message = PQerrorMessage(conn);
    }
    PQfinish(conn);
    return ok;
}

std::string pgQuery(const std::string& url, const std::string& sql) {
    PGconn* conn = PQconnectdb(url.c_str());
    std::string out;
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult* r = PQexec(conn, sql.c_str());
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
        PQclear(r);
    }
    PQfinish(conn);
    return out;
}

/// The server the PostgreSQL runs use ("" = skip them).
std::string testServerUrl() {
    const char* url = std::getenv("STIPPLE_TEST_PG_URL");
    return url ? url : "";
}

/// An empty store for one test: a file in a scratch folder, or a new database on the test
/// server (dropped at the end). `where()` is what a user would give as --store.
class FreshStore {
  public:
    explicit FreshStore(const std::string& backend) {
        if (backend == "sqlite") {
            m_where = (m_scratch.dir() / "results.db").string();
            return;
        }
        const std::string base = testServerUrl();
        if (base.empty()) {
            WARN("STIPPLE_TEST_PG_URL is not set: the PostgreSQL run of this test is SKIPPED (CI sets it; "
                 "locally: source .ci/test-postgres)");
            return;
        }
        static int counter = 0;
        const std::string name =
            "stipple_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
        std::string message;
        pgExec(base, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        const bool created = pgExec(base, "CREATE DATABASE " + name, &message);
        INFO("the test server " << base << ": " << message);
        REQUIRE(created);
        m_database = name;
        // The same server and login as the base URL, another database.
        char* err = nullptr;
        PQconninfoOption* options = PQconninfoParse(base.c_str(), &err);
        REQUIRE(options);
        std::string query;
        for (PQconninfoOption* o = options; o->keyword; ++o) {
            const std::string key = o->keyword;
            if (!o->val || !*o->val || key == "dbname") continue;
            query += (query.empty() ? "?" : "&") + key + "=" + urlEncoded(o->val);
        }
        PQconninfoFree(options);
        m_where = "postgresql:///" + name + query;
    }
    ~FreshStore() {
        if (!m_database.empty())
            pgExec(testServerUrl(), "DROP DATABASE IF EXISTS " + m_database + " WITH (FORCE)");
    }
    FreshStore(const FreshStore&) = delete;
    FreshStore& operator=(const FreshStore&) = delete;

    /// False when this backend cannot run here (the warning was given).
    bool available() const { return !m_where.empty(); }
    const std::string& where() const { return m_where; }
    bool postgres() const { return !m_database.empty(); }
    /// SQL run on the store's data from outside Stipple; the refusal's message in `message`.
    bool rawSql(const std::string& sqliteSql, const std::string& pgSql, std::string& message) const {
        if (postgres()) return pgExec(m_where, pgSql, &message);
        return rawExec(m_where, sqliteSql, &message) == SQLITE_OK;
    }

  private:
    Scratch m_scratch;
    std::string m_where;
    std::string m_database;
};

} // namespace

TEST_CASE("store: a fresh database is created with its schema, in WAL mode", "[store]") {
    Scratch s;
    const std::string path = (s.dir() / "deep" / "folder" / "results.db").string();
    {
        auto store = openOrFail(path);
        CHECK(store->location() == path);
    }
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600); // candidates' records are private to the owner
    REQUIRE(::stat((s.dir() / "deep").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(rawQuery(path, "SELECT version FROM schema_version") == "2");
    CHECK(rawQuery(path, "PRAGMA journal_mode") == "wal");
    CHECK(rawQuery(path, "PRAGMA application_id") == std::to_string(kStoreApplicationId));
    // Reopening changes nothing.
    const std::string before = fileHash(path);
    openOrFail(path);
    openOrFail(path, StoreMode::ReadOnly);
    CHECK(fileHash(path) == before);
}

TEST_CASE("store: candidates, attempts and the attempt policy", "[store]") {
    const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
    INFO("backend: " << backend);
    FreshStore fresh(backend);
    if (!fresh.available()) return;
    auto store = openOrFail(fresh.where());
    StoreError error;
    AttemptRecord a;
    a.candidateId = "C-1";
    a.examId = "foundation";
    a.examSha256 = std::string(64, 'e');
    a.seed = 18446744073709551615ull;
    a.station = "s1";
    a.startedAt = "2026-03-01T09:00:00Z";
    CHECK_FALSE(store->beginAttempt(a, error));
    CHECK(error.kind == StoreError::Kind::Invalid);
    CHECK(error.message == "unknown candidate 'C-1': save the candidate before their attempt");

    REQUIRE(store->saveCandidate({"C-1", "Ana", ""}, error));
    REQUIRE(store->saveCandidate({"C-1", "Ana Souza", ""}, error)); // a corrected name
    std::optional<CandidateRecord> found;
    REQUIRE(store->findCandidate("C-1", found, error));
    REQUIRE(found);
    CHECK(found->name == "Ana Souza");
    REQUIRE(store->findCandidate("C-9", found, error));
    CHECK_FALSE(found);

    const AttemptPolicy policy{3, 14};
    std::vector<AttemptRecord> past;
    REQUIRE(store->listAttempts("C-1", "foundation", past, error));
    Eligibility e = checkEligibility(policy, past, "2026-03-01T08:00:00Z");
    CHECK(e.allowed);
    CHECK(e.nextNumber == 1);

    REQUIRE(store->beginAttempt(a, error));
    CHECK(a.number == 1);
    CHECK(a.id > 0);
    REQUIRE(store->listAttempts("C-1", "foundation", past, error));
    REQUIRE(past.size() == 1);
    CHECK(past[0].seed == 18446744073709551615ull);
    e = checkEligibility(policy, past, "2026-03-01T10:00:00Z");
    CHECK_FALSE(e.allowed);
    CHECK(e.resumeAttemptId == a.id);
    CHECK(e.reason ==
          "attempt 1 (started 2026-03-01T09:00:00Z) is still in progress: resume it, or have it marked "
          "abandoned first");

    REQUIRE(store->finishAttempt(a.id, "submitted", "2026-03-01T10:05:00Z", error));
    CHECK_FALSE(store->finishAttempt(a.id, "submitted", "2026-03-01T10:06:00Z", error));
    CHECK(error.message == "attempt " + std::to_string(a.id) + " is not in progress");
    CHECK_FALSE(store->finishAttempt(a.id, "done", "2026-03-01T10:06:00Z", error));
    REQUIRE(store->listAttempts("C-1", "foundation", past, error));
    e = checkEligibility(policy, past, "2026-03-14T23:59:59Z");
    CHECK_FALSE(e.allowed);
    CHECK(e.earliestDate == "2026-03-15");
    CHECK(e.reason ==
          "the next attempt is allowed from 2026-03-15 (14 days after attempt 1 ended on 2026-03-01)");
    e = checkEligibility(policy, past, "2026-03-15T00:00:00Z");
    CHECK(e.allowed);
    CHECK(e.nextNumber == 2);

    for (int n = 2; n <= 3; ++n) {
        AttemptRecord next = a;
        REQUIRE(store->beginAttempt(next, error));
        CHECK(next.number == n);
        REQUIRE(store->finishAttempt(next.id, "abandoned", "2026-04-01T10:00:00Z", error));
    }
    REQUIRE(store->listAttempts("C-1", "foundation", past, error));
    e = checkEligibility(policy, past, "2027-01-01T00:00:00Z");
    CHECK_FALSE(e.allowed);
    CHECK(e.reason == "all 3 attempts allowed at this exam have been used");
    CHECK(checkEligibility({0, 0}, past, "2027-01-01T00:00:00Z").allowed); // 0 = unlimited
    // Attempts at another exam are counted apart.
    REQUIRE(store->listAttempts("C-1", "other", past, error));
    CHECK(past.empty());
}

TEST_CASE("store: signed results are saved once, found by code, never changed", "[store]") {
    const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
    INFO("backend: " << backend);
    FreshStore fresh(backend);
    if (!fresh.available()) return;
    auto store = openOrFail(fresh.where());
    const KeyPair keys = generateKeyPair();
    const SignedResult a = makeResult(keys, "C-1", "2026-03-02T10:00:00Z", 82.5);
    const SignedResult b = makeResult(keys, "C-2", "2026-03-01T10:00:00Z", 55);
    StoreError error;
    REQUIRE(store->saveResult(a.record, error));
    REQUIRE(store->saveResult(b.record, error));
    REQUIRE(store->saveResult(a.record, error)); // the same result again: nothing changes
    std::vector<ResultRecord> all;
    REQUIRE(store->listResults({}, all, error));
    REQUIRE(all.size() == 2);
    CHECK(all[0].candidateId == "C-2"); // by finishing time
    CHECK(all[1].signedText == a.text);
    CHECK(all[1].score == 82.5);
    CHECK(all[1].passed);
    CHECK(all[1].candidateName == "Name of C-1");
    CHECK(all[1].keyId == keys.publicKey.keyId());
    std::optional<CandidateRecord> c;
    REQUIRE(store->findCandidate("C-2", c, error));
    REQUIRE(c); // saved with its result
    REQUIRE(store->listResults({"C-1", ""}, all, error));
    CHECK(all.size() == 1);
    REQUIRE(store->listResults({"", "other"}, all, error));
    CHECK(all.empty());

    std::optional<ResultRecord> found;
    REQUIRE(store->findResultByCode(a.record.code, found, error));
    REQUIRE(found);
    CHECK(found->resultId == a.record.resultId);
    REQUIRE(store->findResultByCode("0000-0000-0000-0000", found, error));
    CHECK_FALSE(found);

    // Another text under the same id is refused, and the stored one stays.
    ResultRecord forged = a.record;
    forged.signedText = b.text;
    CHECK_FALSE(store->saveResult(forged, error));
    CHECK(error.kind == StoreError::Kind::Conflict);
    CHECK(error.message == "another result is already stored under id " + a.record.resultId + " or code " +
                               a.record.code + " (candidate C-1): stored results are never replaced");
    REQUIRE(store->findResultByCode(a.record.code, found, error));
    CHECK(found->signedText == a.text);

    // Even SQL from outside cannot change or delete a stored result.
    std::string message;
    CHECK_FALSE(
        fresh.rawSql("UPDATE results SET score = 100", "UPDATE stipple.results SET score = 100", message));
    CHECK(message == "results are never changed");
    CHECK_FALSE(fresh.rawSql("DELETE FROM results", "DELETE FROM stipple.results", message));
    CHECK(message == "results are never deleted");
    if (fresh.postgres()) {
        CHECK_FALSE(fresh.rawSql("", "TRUNCATE stipple.results CASCADE", message));
        CHECK(message == "results are never deleted");
    }
    REQUIRE(store->listResults({}, all, error));
    CHECK(all.size() == 2);
}

TEST_CASE("store: practice history and best scores per level", "[store]") {
    const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
    INFO("backend: " << backend);
    FreshStore fresh(backend);
    if (!fresh.available()) return;
    auto store = openOrFail(fresh.where());
    StoreError error;
    const struct {
        const char* level;
        double score;
        bool passed;
        const char* at;
    } runs[] = {{"dot-drill", 55, false, "2026-03-01T09:00:00Z"},
                {"dot-drill", 81, true, "2026-03-02T09:00:00Z"},
                {"even-patch", 40, false, "2026-03-02T10:00:00Z"},
                {"dot-drill", 76, true, "2026-03-03T09:00:00Z"}};
    for (const auto& r : runs) {
        PracticeRecord p;
        p.candidateId = "T-1";
        p.levelId = r.level;
        p.levelSha256 = std::string(64, 'a');
        p.score = r.score;
        p.passed = r.passed;
        p.durationS = 120.5;
        p.dots = 300;
        p.finishedAt = r.at;
        // Each run's metrics come back in their order, every field exact (0.1 is not a short binary).
        p.metrics = {{"spacing_cv", "", 0.1, r.score / 2, 2, r.passed},
                     {"density", "crown", 31.25, 100 - r.score, 1.5, false}};
        REQUIRE(store->savePractice(p, error));
        CHECK(p.id > 0);
    }
    PracticeRecord other;
    other.candidateId = "T-2";
    other.levelId = "dot-drill";
    other.score = 99;
    other.finishedAt = "2026-03-02T12:00:00Z";
    REQUIRE(store->savePractice(other, error));

    std::vector<BestScore> best;
    REQUIRE(store->bestScores("T-1", best, error));
    REQUIRE(best.size() == 2);
    CHECK(best[0].levelId == "dot-drill");
    CHECK(best[0].bestScore == 81);
    CHECK(best[0].runs == 3);
    CHECK(best[0].passes == 2);
    CHECK(best[0].lastAt == "2026-03-03T09:00:00Z");
    CHECK(best[1].levelId == "even-patch");
    CHECK(best[1].bestScore == 40);
    std::vector<PracticeRecord> history;
    REQUIRE(store->listPractice("T-1", "dot-drill", history, error));
    REQUIRE(history.size() == 3);
    CHECK(history[0].score == 55);
    CHECK(history[2].durationS == 120.5);
    CHECK(history[2].dots == 300);
    REQUIRE(history[1].metrics.size() == 2);
    CHECK(history[1].metrics[0] == ResultMetric{"spacing_cv", "", 0.1, 40.5, 2, true});
    CHECK(history[1].metrics[1] == ResultMetric{"density", "crown", 31.25, 19, 1.5, false});
    REQUIRE(store->listPractice("T-1", "", history, error));
    CHECK(history.size() == 4);
    // Everyone's runs, for the cohort view: by time, T-2's run between T-1's.
    REQUIRE(store->listAllPractice("dot-drill", history, error));
    REQUIRE(history.size() == 4);
    CHECK(history[2].candidateId == "T-2");
    CHECK(history[2].metrics.empty());
    CHECK(history[3].metrics.size() == 2);
    REQUIRE(store->listAllPractice("", history, error));
    CHECK(history.size() == 5);

    // A database of schema version 1 (no metrics table) is upgraded when opened and keeps its runs.
    store.reset();
    std::string message;
    REQUIRE(fresh.rawSql("DROP TABLE practice_metrics; UPDATE schema_version SET version = 1",
                         "DROP TABLE stipple.practice_metrics; UPDATE stipple.schema_version SET version = 1",
                         message));
    store = openOrFail(fresh.where());
    REQUIRE(store->listAllPractice("", history, error));
    CHECK(history.size() == 5);
    CHECK(history[0].metrics.empty());
    PracticeRecord later = other;
    later.metrics = {{"order", "", 0.5, 50, 1, true}};
    REQUIRE(store->savePractice(later, error));
    REQUIRE(store->listPractice("T-2", "", history, error));
    REQUIRE(history.size() == 2);
    CHECK(history[1].metrics.size() == 1);
}

TEST_CASE("store: unusable databases get a clear message and are left as they were", "[store][faults]") {
    Scratch s;
    SECTION("garbage") {
        const std::string path = s.write("garbage.db", std::string(5000, 'x')).string();
        const StoreError e = openError(path);
        CHECK(e.kind == StoreError::Kind::NotOurs);
        CHECK(e.message ==
              path + " is not a Stipple results database (not an SQLite database at all, or damaged "
                     "beyond reading); nothing was changed. Choose another file with --db");
        CHECK(fileHash(path) == sha256Hex(std::string(5000, 'x')));
    }
    SECTION("another program's database") {
        const std::string path = (s.dir() / "other.db").string();
        REQUIRE(rawExec(path, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('a')") ==
                SQLITE_OK);
        const std::string before = fileHash(path);
        const StoreError e = openError(path);
        CHECK(e.kind == StoreError::Kind::NotOurs);
        CHECK(e.message ==
              path + " is an SQLite database of another program (tables: songs), not a Stipple results "
                     "database; nothing was changed. Choose another file with --db");
        CHECK(fileHash(path) == before);
    }
    SECTION("a newer schema") {
        const std::string path = (s.dir() / "new.db").string();
        openOrFail(path);
        REQUIRE(rawExec(path, "UPDATE schema_version SET version = 7") == SQLITE_OK);
        const std::string before = fileHash(path);
        const StoreError e = openError(path);
        CHECK(e.kind == StoreError::Kind::TooNew);
        CHECK(e.message ==
              path + " was written by a newer Stipple (schema version 7; this one knows up to 2): update "
                     "Stipple to use it. Nothing was changed");
        CHECK(fileHash(path) == before);
    }
    SECTION("a damaged page") {
        const std::string path = (s.dir() / "damaged.db").string();
        {
            auto store = openOrFail(path);
            StoreError error;
            for (int i = 0; i < 200; ++i) {
                PracticeRecord p;
                p.candidateId = "T";
                p.levelId = "level-" + std::to_string(i);
                REQUIRE(store->savePractice(p, error));
            }
        }
        std::string bytes, why;
        REQUIRE(readFile(path, bytes, why));
        const size_t pageSize = 4096;
        REQUIRE(bytes.size() > 6 * pageSize);
        // Scribble over the b-tree pages after the schema page (the header stays intact).
        for (size_t i = pageSize + 16; i < 6 * pageSize; i += 7)
            bytes[i] = static_cast<char>(0xA5);
        REQUIRE(writeFileAtomic(path, bytes, why));
        const StoreError e = openError(path);
        CHECK(e.kind == StoreError::Kind::Corrupt);
        CHECK(e.message.rfind(path + " is damaged (", 0) == 0);
        CHECK(e.message.find("nothing was changed. Restore the latest backup, or try `sqlite3 " + path +
                             " .recover`") != std::string::npos);
        CHECK(fileHash(path) == sha256Hex(bytes));
        openError(path, StoreMode::ReadOnly);
        CHECK(fileHash(path) == sha256Hex(bytes));
    }
    SECTION("missing, for reading") {
        const std::string path = (s.dir() / "none.db").string();
        const StoreError e = openError(path, StoreMode::ReadOnly);
        CHECK(e.kind == StoreError::Kind::Missing);
        CHECK(e.message == "no results database at " + path + " (nothing has been saved there yet)");
        CHECK_FALSE(std::filesystem::exists(path));
    }
    SECTION("a folder") {
        CHECK(openError(s.dir().string()).message ==
              s.dir().string() + " is a folder, not a results database");
    }
    SECTION("a FIFO") {
        // SQLite would wait forever for the FIFO's first bytes (issue 16, hole 10).
        const std::string path = (s.dir() / "results.db").string();
        REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
        for (const StoreMode mode : {StoreMode::ReadWrite, StoreMode::ReadOnly}) {
            const StoreError e = openError(path, mode);
            CHECK(e.kind == StoreError::Kind::NotOurs);
            CHECK(e.message.rfind(path + " is a FIFO (named pipe), not a regular file", 0) == 0);
        }
    }
    SECTION("a folder that cannot be created") {
        s.write("file", "x");
        const std::string path = (s.dir() / "file" / "results.db").string();
        const StoreError e = openError(path);
        CHECK(e.kind == StoreError::Kind::Io);
        CHECK(e.message.rfind("cannot create the folder " + (s.dir() / "file").string() + " for " + path,
                              0) == 0);
    }
}

TEST_CASE("store: a read-only database keeps its rows readable and refuses writes clearly",
          "[store][faults]") {
    Scratch s;
    const std::string path = (s.dir() / "r.db").string();
    const KeyPair keys = generateKeyPair();
    const SignedResult a = makeResult(keys, "C-1", "2026-03-02T10:00:00Z", 82.5);
    {
        auto store = openOrFail(path);
        StoreError error;
        REQUIRE(store->saveResult(a.record, error));
    }
    StoreError error;
    // A reader can always list; its connection never writes.
    auto reader = openOrFail(path, StoreMode::ReadOnly);
    std::vector<ResultRecord> all;
    REQUIRE(reader->listResults({}, all, error));
    CHECK(all.size() == 1);
    PracticeRecord p;
    p.levelId = "x";
    CHECK_FALSE(reader->savePractice(p, error));
    CHECK(error.kind == StoreError::Kind::ReadOnly);
    CHECK(error.message ==
          path + " cannot be written (a read-only file, folder or disk): the practice run on x was not "
                 "saved; everything saved before is intact. Choose a writable file with --db or fix "
                 "the permissions");
    reader.reset();
    if (::geteuid() == 0) {
        WARN("running as root: file permissions cannot make the database read-only here; the read-only "
             "connection "
             "above covered the message");
        return;
    }
    ::chmod(path.c_str(), 0444);
    const std::string before = fileHash(path);
    const StoreError e = openError(path);
    CHECK(e.kind == StoreError::Kind::ReadOnly);
    CHECK(fileHash(path) == before);
    auto again = openOrFail(path, StoreMode::ReadOnly);
    REQUIRE(again->listResults({}, all, error));
    CHECK(all.size() == 1);
}

TEST_CASE("store: the default store is results.db in the data folder, beside keys/, which follows the XDG "
          "base directory spec unless STIPPLE_USER_DATA moves it",
          "[store]") {
    // What `stipple results`, `verify --code` and the trainer open when no --store/--db is given.
    std::vector<std::pair<std::string, std::optional<std::string>>> saved;
    for (const char* name : {"XDG_DATA_HOME", "HOME", "STIPPLE_USER_DATA", "STIPPLE_STORE"}) {
        const char* v = std::getenv(name);
        saved.emplace_back(name, v ? std::optional<std::string>(v) : std::nullopt);
    }
    const auto where = [] { return resultsStoreLocation("", userDataDir()); };
    ::unsetenv("STIPPLE_USER_DATA");
    ::unsetenv("STIPPLE_STORE");
    ::setenv("XDG_DATA_HOME", "/data/x", 1);
    ::setenv("HOME", "/home/u", 1);
    CHECK(where() == "/data/x/stipple/results.db");
    CHECK(defaultKeyDir() == "/data/x/stipple/keys");
    CHECK(legacyKeyDir().empty());                 // the key folder has not moved
    ::setenv("XDG_DATA_HOME", "relative/path", 1); // invalid by the spec: ignored
    CHECK(where() == "/home/u/.local/share/stipple/results.db");
    ::unsetenv("XDG_DATA_HOME");
    CHECK(xdgDataDir() == "/home/u/.local/share/stipple");
    ::setenv("STIPPLE_USER_DATA", "/srv/station", 1);
    CHECK(where() == "/srv/station/results.db");
    CHECK(defaultKeyDir() == "/srv/station/keys");
    CHECK(legacyKeyDir() == "/home/u/.local/share/stipple/keys");
    ::setenv("STIPPLE_STORE", "/srv/academy.db", 1);
    CHECK(where() == "/srv/academy.db");
    ::unsetenv("STIPPLE_STORE");
    ::unsetenv("STIPPLE_USER_DATA");
    ::unsetenv("HOME");
    CHECK(where().empty());
    CHECK(defaultKeyDir().empty());
    StoreError error;
    CHECK_FALSE(openSqliteStore(where(), StoreMode::ReadWrite, error));
    CHECK(error.message == "no results database path: set HOME or XDG_DATA_HOME, or give --db PATH");
    for (const auto& [name, value] : saved)
        if (value)
            ::setenv(name.c_str(), value->c_str(), 1);
        else
            ::unsetenv(name.c_str());
}

TEST_CASE("store: killing the writer at random moments loses no saved row", "[store][faults]") {
    // A child process saves practice runs as fast as it can and reports each one after its commit
    // returned; the parent kills it with SIGKILL at a random moment. Every reported row must be
    // there when the database is opened again, and the database must pass its integrity check.
    Scratch s;
    const std::string path = (s.dir() / "killed.db").string();
    openOrFail(path);
    Rng rng(20260301);
    int64_t acknowledged = 0;
    const int rounds = 12;
    for (int round = 0; round < rounds; ++round) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::close(fds[0]);
            StoreError error;
            auto store = openSqliteStore(path, StoreMode::ReadWrite, error);
            if (!store) ::_exit(3);
            for (int i = 0;; ++i) {
                PracticeRecord p;
                p.candidateId = "T";
                p.levelId = "level-" + std::to_string(round) + "-" + std::to_string(i);
                p.score = i;
                if (!store->savePractice(p, error)) ::_exit(4);
                const char ack = 'k';
                if (::write(fds[1], &ack, 1) != 1) ::_exit(5);
            }
        }
        ::close(fds[1]);
        // Wait for its first saved row (on a loaded machine starting up can take longer than the
        // whole window below), let it run between 5 and 60 ms more, then kill it mid-stride.
        int64_t acks = 0;
        char buf[256];
        if (::read(fds[0], buf, 1) == 1) acks = 1;
        const auto until =
            std::chrono::steady_clock::now() + std::chrono::microseconds(5000 + rng.below(55000));
        ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
        while (std::chrono::steady_clock::now() < until) {
            const ssize_t n = ::read(fds[0], buf, sizeof buf);
            if (n > 0) acks += n;
        }
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        ::fcntl(fds[0], F_SETFL, 0);
        for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
            acks += n;
        ::close(fds[0]);
        CHECK(WIFSIGNALED(status));
        acknowledged += acks;

        auto store = openOrFail(path); // recovers the WAL, passes quick_check
        std::vector<PracticeRecord> rows;
        StoreError error;
        REQUIRE(store->listPractice("T", "", rows, error));
        // Every acknowledged row is there; at most one more (committed, killed before reporting).
        CHECK(static_cast<int64_t>(rows.size()) >= acknowledged);
        CHECK(static_cast<int64_t>(rows.size()) <= acknowledged + 1);
        acknowledged = static_cast<int64_t>(rows.size());
    }
    INFO(acknowledged << " rows saved across " << rounds << " kills");
    CHECK(acknowledged > rounds); // the child really was writing when it was killed
}

TEST_CASE("store: a read-only connection reads and refuses writes clearly", "[store][faults]") {
    const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
    INFO("backend: " << backend);
    FreshStore fresh(backend);
    if (!fresh.available()) return;
    StoreError error;
    // Nothing saved yet: there is nothing to read either.
    CHECK_FALSE(openResultsStore(fresh.where(), StoreMode::ReadOnly, error));
    CHECK(error.kind == StoreError::Kind::Missing);
    const KeyPair keys = generateKeyPair();
    const SignedResult a = makeResult(keys, "C-1", "2026-03-02T10:00:00Z", 82.5);
    REQUIRE(openOrFail(fresh.where())->saveResult(a.record, error));
    auto reader = openOrFail(fresh.where(), StoreMode::ReadOnly);
    std::vector<ResultRecord> all;
    REQUIRE(reader->listResults({}, all, error));
    CHECK(all.size() == 1);
    PracticeRecord p;
    p.levelId = "x";
    CHECK_FALSE(reader->savePractice(p, error));
    CHECK(error.kind == StoreError::Kind::ReadOnly);
    CHECK(error.message.find("the practice run on x was not saved; everything saved before is intact") !=
          std::string::npos);
    REQUIRE(reader->listResults({}, all, error)); // the connection is still usable
    CHECK(all.size() == 1);
}

STIPPLE_GCC12_STRING_LITERAL_BEGIN // "s" + std::to_string(station): support/gcc12_string_literal.h
TEST_CASE("store: two stations writing at once lose nothing and never share an attempt number", "[store]") {
    // Two stations (threads, each with its own connection) start attempts for the same candidate
    // and save practice runs and results as fast as they can. Every call must succeed, attempt
    // numbers must be 1..N without a gap or a repeat, and every row must be there afterwards.
    const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
    INFO("backend: " << backend);
    FreshStore fresh(backend);
    if (!fresh.available()) return;
    StoreError error;
    {
        auto setup = openOrFail(fresh.where());
        REQUIRE(setup->saveCandidate({"C-1", "Ana", ""}, error));
    }
    const KeyPair keys = generateKeyPair();
    const int perStation = 25;
    std::vector<std::vector<SignedResult>> results(2);
    for (int station = 0; station < 2; ++station)
        for (int i = 0; i < perStation; ++i)
            results[station].push_back(makeResult(keys,
                                                  "C-" + std::to_string(station) + "-" + std::to_string(i),
                                                  "2026-03-02T10:00:00Z", 50 + i));
    std::vector<std::string> failures[2];
    std::vector<int> numbers[2];
    auto stationWork = [&](int station) {
        StoreError e;
        auto store = openResultsStore(fresh.where(), StoreMode::ReadWrite, e);
        if (!store) {
            failures[station].push_back("open: " + e.message);
            return;
        }
        for (int i = 0; i < perStation; ++i) {
            AttemptRecord a;
            a.candidateId = "C-1";
            a.examId = "foundation";
            a.station = "s" + std::to_string(station);
            a.startedAt = "2026-03-01T09:00:00Z";
            if (!store->beginAttempt(a, e))
                failures[station].push_back("attempt: " + e.message);
            else
                numbers[station].push_back(a.number);
            PracticeRecord p;
            p.candidateId = "T-" + std::to_string(station);
            p.levelId = "dot-drill";
            p.score = i;
            if (!store->savePractice(p, e)) failures[station].push_back("practice: " + e.message);
            if (!store->saveResult(results[station][static_cast<size_t>(i)].record, e))
                failures[station].push_back("result: " + e.message);
            // Both stations import the other's first result too (copied files): stored once.
            if (!store->saveResult(results[1 - station][0].record, e))
                failures[station].push_back("copy: " + e.message);
        }
    };
    std::thread first(stationWork, 0), second(stationWork, 1);
    first.join();
    second.join();
    for (const auto& f : failures) {
        for (const auto& message : f)
            FAIL_CHECK(message);
    }
    std::vector<int> all = numbers[0];
    all.insert(all.end(), numbers[1].begin(), numbers[1].end());
    std::sort(all.begin(), all.end());
    std::vector<int> expected(2 * perStation);
    for (int i = 0; i < 2 * perStation; ++i)
        expected[static_cast<size_t>(i)] = i + 1;
    CHECK(all == expected);
    auto store = openOrFail(fresh.where(), StoreMode::ReadOnly);
    std::vector<AttemptRecord> attempts;
    REQUIRE(store->listAttempts("C-1", "foundation", attempts, error));
    CHECK(attempts.size() == static_cast<size_t>(2 * perStation));
    std::vector<ResultRecord> stored;
    REQUIRE(store->listResults({}, stored, error));
    CHECK(stored.size() == static_cast<size_t>(2 * perStation));
    for (int station = 0; station < 2; ++station) {
        std::vector<PracticeRecord> runs;
        REQUIRE(store->listPractice("T-" + std::to_string(station), "", runs, error));
        CHECK(runs.size() == static_cast<size_t>(perStation));
    }
}
STIPPLE_GCC12_STRING_LITERAL_END

TEST_CASE("store: the store is chosen by what the user gives: a path or a postgresql:// URL", "[store]") {
    CHECK(isPostgresUrl("postgresql://academy@db.example/results"));
    CHECK(isPostgresUrl("postgres://db/results"));
    CHECK_FALSE(isPostgresUrl("/home/u/results.db"));
    CHECK_FALSE(isPostgresUrl("postgresql.db"));
    CHECK(redactedStoreUrl("postgresql://ana:s3cret@db:5432/results") ==
          "postgresql://ana:***@db:5432/results");
    CHECK(redactedStoreUrl("postgresql://db/results?user=ana&password=s3cret&sslmode=require") ==
          "postgresql://db/results?user=ana&password=***&sslmode=require");
    CHECK(redactedStoreUrl("postgresql://ana@db/results") == "postgresql://ana@db/results");
    const char* old = std::getenv("STIPPLE_STORE");
    const std::string saved = old ? old : "";
    ::setenv("STIPPLE_STORE", "postgresql://db/academy", 1);
    CHECK(resultsStoreLocation("", "/u") == "postgresql://db/academy");
    CHECK(resultsStoreLocation("/given/r.db", "/u") == "/given/r.db");
    ::setenv("STIPPLE_STORE", "", 1);
    CHECK(resultsStoreLocation("", "/u") == "/u/results.db");
    if (old)
        ::setenv("STIPPLE_STORE", saved.c_str(), 1);
    else
        ::unsetenv("STIPPLE_STORE");
    Scratch s;
    const std::string path = (s.dir() / "r.db").string();
    auto store = openOrFail(path);
    CHECK(store->location() == path);
}

TEST_CASE("store: PostgreSQL: a bad URL or a server that is not there is a clear message, not a crash",
          "[store][faults]") {
    StoreError error;
    SECTION("malformed") {
        CHECK_FALSE(openPostgresStore("postgresql://db/results?colour=blue", StoreMode::ReadWrite, error));
        CHECK(error.kind == StoreError::Kind::Io);
        CHECK(error.message.rfind(
                  "cannot connect to the results server postgresql://db/results?colour=blue (", 0) == 0);
        CHECK(error.message.find("invalid URI query parameter: \"colour\"") != std::string::npos);
        CHECK(error.message.find(
                  "check the URL (postgresql://USER@HOST:PORT/DATABASE) and that the server is running; "
                  "nothing was saved (opening the results database)") != std::string::npos);
    }
    SECTION("no server there, and the password is not shown") {
        Scratch s; // an empty folder: no server socket in it
        const std::string url = "postgresql://ana:s3cret@/results?host=" + s.dir().string() + "&port=5999";
        CHECK_FALSE(openResultsStore(url, StoreMode::ReadOnly, error));
        CHECK(error.kind == StoreError::Kind::Io);
        CHECK(error.message.rfind("cannot connect to the results server postgresql://ana:***@/results?host=",
                                  0) == 0);
        CHECK(error.message.find("s3cret") == std::string::npos);
        CHECK(error.message.find("No such file or directory") != std::string::npos);
    }
}

TEST_CASE("store: PostgreSQL: the schema is made once, however many stations open it at once", "[store]") {
    FreshStore fresh("postgresql");
    if (!fresh.available()) return;
    std::vector<std::string> failures(4);
    std::vector<std::thread> stations;
    for (size_t i = 0; i < failures.size(); ++i)
        stations.emplace_back([&, i] {
            StoreError e;
            if (!openResultsStore(fresh.where(), StoreMode::ReadWrite, e)) failures[i] = e.message;
        });
    for (auto& t : stations)
        t.join();
    for (const auto& f : failures)
        CHECK(f == "");
    CHECK(pgQuery(fresh.where(), "SELECT version FROM stipple.schema_version") == "2");
    CHECK(pgQuery(fresh.where(), "SELECT count(*) FROM stipple.schema_version") == "1");
    auto store = openOrFail(fresh.where());
    CHECK(store->location().find("/" + fresh.where().substr(14, fresh.where().find('?') - 14)) !=
          std::string::npos);
    StoreError error;
    REQUIRE(store->saveCandidate({"C-1", "Ana", ""}, error));
    openOrFail(fresh.where()); // reopening keeps what is there
    std::vector<CandidateRecord> candidates;
    REQUIRE(store->listCandidates(candidates, error));
    CHECK(candidates.size() == 1);
}

TEST_CASE("store: PostgreSQL: a newer or a foreign schema is refused and left alone", "[store][faults]") {
    FreshStore fresh("postgresql");
    if (!fresh.available()) return;
    StoreError error;
    SECTION("newer") {
        openOrFail(fresh.where());
        REQUIRE(pgExec(fresh.where(), "UPDATE stipple.schema_version SET version = 7"));
        CHECK_FALSE(openResultsStore(fresh.where(), StoreMode::ReadWrite, error));
        CHECK(error.kind == StoreError::Kind::TooNew);
        CHECK(error.message.find(
                  "was written by a newer Stipple (schema version 7; this one knows up to 2): update "
                  "Stipple to use it. Nothing was changed") != std::string::npos);
        CHECK(pgQuery(fresh.where(), "SELECT version FROM stipple.schema_version") == "7");
    }
    SECTION("foreign") {
        REQUIRE(pgExec(fresh.where(), "CREATE SCHEMA stipple; CREATE TABLE stipple.songs (title TEXT)"));
        CHECK_FALSE(openResultsStore(fresh.where(), StoreMode::ReadWrite, error));
        CHECK(error.kind == StoreError::Kind::NotOurs);
        CHECK(error.message.find("has a schema `stipple` that Stipple did not make") != std::string::npos);
        CHECK(pgQuery(fresh.where(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'stipple'") == "1");
    }
}

// Run by CTest as its own test (see tests/CMakeLists.txt): "Skipped" in CTest's summary when no
// test server is given, so that a local run shows that the PostgreSQL half did not run; a
// failure when the server given cannot be reached (CI must never skip it silently).
TEST_CASE("store: the PostgreSQL test server is reachable", "[.][pgserver]") {
    const std::string url = testServerUrl();
    if (url.empty()) {
        std::fprintf(stderr, "STIPPLE_TEST_PG_URL is not set: the store tests ran on SQLite only\n");
        std::exit(77);
    }
    std::string message;
    INFO(url << ": " << message);
    CHECK(pgExec(url, "SELECT 1", &message));
}

TEST_CASE("store: PostgreSQL: a connection the server dropped is opened again", "[store][faults]") {
    FreshStore fresh("postgresql");
    if (!fresh.available()) return;
    auto store = openOrFail(fresh.where());
    StoreError error;
    REQUIRE(store->saveCandidate({"C-1", "Ana", ""}, error));
    auto dropOthers = [&] {
        // What a server restart or an idle timeout does to the store's connection.
        REQUIRE(pgExec(fresh.where(),
                       "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                       "current_database() AND pid <> pg_backend_pid()"));
    };
    dropOthers();
    std::vector<CandidateRecord> all;
    INFO(error.message);
    REQUIRE(store->listCandidates(all, error)); // a read: asked again on a new connection
    CHECK(all.size() == 1);
    dropOthers();
    PracticeRecord p;
    p.candidateId = "C-1";
    p.levelId = "dot-drill";
    REQUIRE(store->savePractice(p, error)); // a write: begun again on a new connection
    std::vector<PracticeRecord> runs;
    REQUIRE(store->listPractice("C-1", "", runs, error));
    CHECK(runs.size() == 1);
}

TEST_CASE("store: many processes saving to a new store at once all succeed and the schema is made once",
          "[store]") {
    // Issue 16, hole 3: two processes saving to a results database that did not exist yet both
    // ran the schema migration, and one failed ("table schema_version already exists ... not
    // saved"). Four processes, released together, each open the new store and save a result;
    // ten new stores in a row. Every save must succeed and the schema must be there once. (Eight
    // processes on a 2-core machine at load 26 could wait out SQLite's 5 s busy limit.)
    const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
    INFO("backend: " << backend);
    const KeyPair keys = generateKeyPair();
    const int processes = 4;
    std::vector<SignedResult> results;
    for (int i = 0; i < processes; ++i)
        results.push_back(makeResult(keys, "C-" + std::to_string(i), "2026-03-02T10:00:00Z", 60 + i));
    for (int round = 0; round < 10; ++round) {
        FreshStore fresh(backend);
        if (!fresh.available()) return;
        int go[2], report[2];
        REQUIRE(::pipe(go) == 0);
        REQUIRE(::pipe(report) == 0);
        std::vector<pid_t> children;
        for (int i = 0; i < processes; ++i) {
            const pid_t child = ::fork();
            REQUIRE(child >= 0);
            if (child == 0) {
                ::close(go[1]);
                ::close(report[0]);
                char c;
                if (::read(go[0], &c, 1) != 0) ::_exit(9); // released when the parent closes the pipe
                StoreError error;
                auto store = openResultsStore(fresh.where(), StoreMode::ReadWrite, error);
                bool ok = store && store->saveResult(results[static_cast<size_t>(i)].record, error);
                if (ok) {
                    PracticeRecord p;
                    p.candidateId = "T-" + std::to_string(i);
                    p.levelId = "dot-drill";
                    ok = store->savePractice(p, error);
                }
                const std::string line = (ok ? std::string("ok") : error.message) + "\n";
                if (::write(report[1], line.data(), line.size()) < 0) ::_exit(8);
                ::_exit(ok ? 0 : 1);
            }
            children.push_back(child);
        }
        ::close(go[0]);
        ::close(report[1]);
        ::close(go[1]); // all at once
        std::string reports;
        char buf[4096];
        for (ssize_t n; (n = ::read(report[0], buf, sizeof buf)) > 0;)
            reports.append(buf, static_cast<size_t>(n));
        ::close(report[0]);
        int failed = 0;
        for (const pid_t child : children) {
            int status = 0;
            ::waitpid(child, &status, 0);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failed;
        }
        INFO("round " << round << ": " << reports);
        CHECK(failed == 0);
        std::string expected;
        for (int i = 0; i < processes; ++i)
            expected += "ok\n";
        CHECK(reports == expected);
        auto store = openOrFail(fresh.where(), StoreMode::ReadOnly);
        std::vector<ResultRecord> stored;
        StoreError error;
        REQUIRE(store->listResults({}, stored, error));
        CHECK(stored.size() == static_cast<size_t>(processes));
        if (fresh.postgres())
            CHECK(pgQuery(fresh.where(), "SELECT count(*) FROM stipple.schema_version") == "1");
        else
            CHECK(rawQuery(fresh.where(), "SELECT count(*) FROM schema_version") == "1");
        if (failed) break;
    }
}

TEST_CASE("store: a row changed behind the store's back is not genuine and every report leaves it out",
          "[store]") {
    // Issue 16, hole 4: whoever can write the database drops the trigger and turns a fail into a
    // pass in the plain columns; another adds a row signed with a key that is not the academy's.
    // Each row is checked against its signed text and the academy key (store/result_check.h).
    const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
    INFO("backend: " << backend);
    FreshStore fresh(backend);
    if (!fresh.available()) return;
    const KeyPair keys = generateKeyPair(), other = generateKeyPair();
    const SignedResult pass = makeResult(keys, "C-1", "2026-03-01T10:00:00Z", 82.5);
    const SignedResult fail = makeResult(keys, "C-2", "2026-03-02T10:00:00Z", 35);
    const SignedResult forged = makeResult(other, "C-3", "2026-03-03T10:00:00Z", 99);
    StoreError error;
    {
        auto store = openOrFail(fresh.where());
        for (const auto* r : {&pass, &fail, &forged})
            REQUIRE(store->saveResult(r->record, error));
    }
    std::string message;
    INFO(message);
    REQUIRE(fresh.rawSql("DROP TRIGGER results_are_never_changed; "
                         "UPDATE results SET score = 95, passed = 1 WHERE candidate_id = 'C-2'",
                         "DROP TRIGGER results_are_never_changed ON stipple.results; "
                         "UPDATE stipple.results SET score = 95, passed = true WHERE candidate_id = 'C-2'",
                         message));
    auto store = openOrFail(fresh.where(), StoreMode::ReadOnly);
    std::vector<ResultRecord> rows;
    REQUIRE(store->listResults({}, rows, error));
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].passed); // what the plain columns now say
    CHECK(storedResultProblem(rows[0], &keys.publicKey) == "");
    CHECK(storedResultProblem(rows[1], &keys.publicKey) ==
          "column score says \"95\" but the signed result says \"35\"");
    CHECK(storedResultProblem(rows[2], &keys.publicKey)
              .rfind("its signed text does not verify with the academy key (", 0) == 0);
    CHECK(storedResultProblem(rows[0], nullptr) == "no academy public key to check it against");

    std::vector<ResultRecord> kept = rows;
    const auto rejected = keepGenuineResults(kept, &keys.publicKey);
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].candidateId == "C-1");
    REQUIRE(rejected.size() == 2);
    CHECK(rejected[0] == "result " + fail.record.resultId +
                             " (candidate C-2): column score says \"95\" but the signed result says \"35\"");

    CohortData data;
    REQUIRE(loadCohortData(*store, data, error, &keys.publicKey));
    REQUIRE(data.exams.size() == 1);
    CHECK(data.exams[0].candidateId == "C-1");
    CHECK(data.rejected == rejected);
    REQUIRE(loadCohortData(*store, data, error, nullptr));
    CHECK(data.exams.empty());
    CHECK(data.rejected.size() == 3);
}

TEST_CASE("store: PostgreSQL: a station role cannot drop the triggers or change a result", "[store]") {
    // Issue 16, hole 4: the schema belongs to an owner role; the stations' role may add rows and
    // read them, and nothing else (grantStationRole).
    const std::string tag = std::to_string(::getpid());
    const std::string owner = "stipple_owner_" + tag, station = "stipple_station_" + tag;
    {
        FreshStore fresh("postgresql");
        if (!fresh.available()) return;
        const std::string base = testServerUrl();
        std::string message;
        INFO(message);
        pgExec(base, "DROP ROLE IF EXISTS " + owner);
        pgExec(base, "DROP ROLE IF EXISTS " + station);
        REQUIRE(pgExec(base, "CREATE ROLE " + owner + " LOGIN; CREATE ROLE " + station + " LOGIN", &message));
        const std::string database = fresh.where().substr(14, fresh.where().find('?') - 14);
        REQUIRE(pgExec(base, "GRANT CREATE ON DATABASE " + database + " TO " + owner, &message));
        const auto as = [&](const std::string& role) {
            std::string url = fresh.where();
            const size_t user = url.find("user=");
            REQUIRE(user != std::string::npos);
            const size_t end = url.find('&', user);
            return url.replace(user, (end == std::string::npos ? url.size() : end) - user, "user=" + role);
        };
        StoreError error;
        INFO(error.message);
        REQUIRE(grantStationRole(as(owner), station, error));
        // The station works as a station: candidates, attempts, results, practice, reads.
        {
            auto store = openOrFail(as(station));
            const KeyPair keys = generateKeyPair();
            REQUIRE(store->saveCandidate({"C-1", "Ana", ""}, error));
            REQUIRE(store->saveCandidate({"C-1", "Ana Souza", ""}, error));
            AttemptRecord a;
            a.candidateId = "C-1";
            a.examId = "foundation";
            a.startedAt = "2026-03-01T09:00:00Z";
            REQUIRE(store->beginAttempt(a, error));
            REQUIRE(store->finishAttempt(a.id, "submitted", "2026-03-01T10:00:00Z", error));
            REQUIRE(store->saveResult(makeResult(keys, "C-1", "2026-03-01T10:00:00Z", 35).record, error));
            PracticeRecord p;
            p.candidateId = "C-1";
            p.levelId = "dot-drill";
            p.metrics = {{"spacing", "", 0.2, 50, 1, true}};
            REQUIRE(store->savePractice(p, error));
            std::vector<ResultRecord> rows;
            REQUIRE(store->listResults({}, rows, error));
            CHECK(rows.size() == 1);
        }
        // ...and nothing else.
        for (const std::string sql :
             {"DROP TRIGGER results_are_never_changed ON stipple.results",
              "ALTER TABLE stipple.results DISABLE TRIGGER ALL", "UPDATE stipple.results SET passed = true",
              "DELETE FROM stipple.results", "DROP TABLE stipple.results",
              "UPDATE stipple.schema_version SET version = 1", "CREATE TABLE stipple.extra (x int)"}) {
            INFO(sql);
            std::string why;
            CHECK_FALSE(pgExec(as(station), sql, &why));
            CHECK((why.find("must be owner") != std::string::npos ||
                   why.find("permission denied") != std::string::npos));
        }
        CHECK(pgQuery(fresh.where(), "SELECT passed FROM stipple.results") == "f");
        // Only the owner may grant; a role that does not exist is named.
        CHECK_FALSE(grantStationRole(as(station), station, error));
        CHECK(error.message.find("belongs to " + owner) != std::string::npos);
        CHECK_FALSE(grantStationRole(as(owner), "nobody_" + tag, error));
        CHECK(error.message.find("there is no role nobody_" + tag) != std::string::npos);
        CHECK_FALSE(grantStationRole(as(owner), "x; DROP TABLE y", error));
        CHECK(error.message.find("a station role is a plain name") != std::string::npos);
    }
    const std::string base = testServerUrl();
    pgExec(base, "DROP ROLE IF EXISTS " + station);
    pgExec(base, "DROP ROLE IF EXISTS " + owner);
}

namespace {

/// Sets STIPPLE_STORE_TIMEOUT for one scope.
struct StoreTimeout {
    explicit StoreTimeout(const char* seconds) { ::setenv("STIPPLE_STORE_TIMEOUT", seconds, 1); }
    ~StoreTimeout() { ::unsetenv("STIPPLE_STORE_TIMEOUT"); }
};

/// Runs `call` on a thread and waits at most `guard` for it (a hang fails the test instead of
/// hanging it); `release` is run when it did not finish in time, to let it end. The seconds taken.
double timed(const std::function<void()>& call, const std::function<void()>& release, bool& finished) {
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> f = done->get_future();
    const auto start = std::chrono::steady_clock::now();
    std::thread worker([call, done] {
        call();
        done->set_value();
    });
    finished = f.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!finished) release();
    worker.join();
    return seconds;
}

} // namespace

TEST_CASE("store: PostgreSQL: a server that accepts and never answers is given up within the deadline",
          "[store][faults]") {
    // Issue 16, hole 13: a TCP listener that accepts the connection and never says a word.
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener, 8) == 0); // the kernel completes the handshake; nobody answers
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    const std::string url =
        "postgresql://stipple@127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/results";
    StoreTimeout timeout("2");
    StoreError error;
    std::unique_ptr<ResultsStore> store;
    bool finished = false;
    const double seconds = timed([&] { store = openResultsStore(url, StoreMode::ReadWrite, error); },
                                 [&] { ::shutdown(listener, SHUT_RDWR); }, finished);
    ::close(listener);
    CHECK(finished);
    CHECK(seconds < 6); // the 2 s deadline, not libpq's default or forever
    CHECK_FALSE(store);
    CHECK(error.message.rfind("cannot connect to the results server " + url + " (", 0) == 0);
    CHECK(error.message.find("timeout expired") != std::string::npos);
}

TEST_CASE("store: PostgreSQL: a stalled server ends the save within the deadline and the result waits in the "
          "outbox",
          "[store][faults]") {
    // Issue 16, hole 13: the server's backend stops (SIGSTOP) while a station holds a connection:
    // the save at the end of an exam hung forever. Now it gives up after the deadline, says so,
    // keeps the signed result in the outbox, and the outbox sends it once the server answers.
    FreshStore fresh("postgresql");
    if (!fresh.available()) return;
    StoreTimeout timeout("2");
    auto store = openOrFail(fresh.where());
    StoreError error;
    REQUIRE(store->saveCandidate({"C-1", "Ana", ""}, error));
    const std::string pid = pgQuery(fresh.where(), "SELECT pid FROM pg_stat_activity WHERE datname = "
                                                   "current_database() AND application_name = 'stipple'");
    REQUIRE_FALSE(pid.empty());
    const pid_t backend = static_cast<pid_t>(std::stol(pid));
    const KeyPair keys = generateKeyPair();
    const SignedResult r = makeResult(keys, "C-1", "2026-03-02T10:00:00Z", 82.5);
    std::string why;
    const auto result = readSignedResultUnverified(r.text, why);
    REQUIRE(result);
    Scratch s;
    const std::string outbox = (s.dir() / "outbox").string(), file = (s.dir() / "C-1.result").string();

    REQUIRE(::kill(backend, SIGSTOP) == 0);
    IssuedResult issued;
    bool ok = true, finished = false;
    const double seconds =
        timed([&] { ok = issueResult(*result, keys.secretKey, file, store.get(), issued, why, outbox); },
              [&] { ::kill(backend, SIGCONT); }, finished);
    ::kill(backend, SIGCONT);
    CHECK(finished);
    CHECK(seconds < 6);
    CHECK_FALSE(ok);
    CHECK_FALSE(issued.stored);
    CHECK(why.find("did not answer within 2 s") != std::string::npos);
    CHECK(why.find("the signed result waits in the outbox") != std::string::npos);
    CHECK(issued.outboxFile == outbox + "/" + sha256Hex(r.text) + ".result");
    CHECK(readText(issued.outboxFile) == r.text);
    CHECK(readText(file) == r.text); // and beside the recording, as before

    // The server answers again: the outbox sends it, once; sending again finds nothing to do.
    auto reader = openOrFail(fresh.where(), StoreMode::ReadOnly);
    std::vector<ResultRecord> rows;
    REQUIRE(reader->listResults({}, rows, error));
    CHECK(rows.empty());
    OutboxReport sent = sendOutbox(outbox, *store, keys.publicKey);
    CHECK(sent.sent == 1);
    CHECK(sent.waiting == 0);
    CHECK(sent.problems.empty());
    CHECK_FALSE(std::filesystem::exists(issued.outboxFile));
    // The same result kept and sent a second time (a COMMIT whose answer was lost): still one row.
    std::string again;
    REQUIRE(keepInOutbox(outbox, r.text, again, why));
    sent = sendOutbox(outbox, *store, keys.publicKey);
    CHECK(sent.sent == 1);
    REQUIRE(reader->listResults({}, rows, error));
    CHECK(rows.size() == 1);
    CHECK(storedResultProblem(rows.at(0), &keys.publicKey) == "");
}

TEST_CASE("store: the trainer, the exam station and the commands find the results store by one rule",
          "[store]") {
    // --db, else $STIPPLE_STORE, else the settings file's store=, else results.db in the user
    // data folder ($STIPPLE_USER_DATA, else user-data=, else the XDG data folder).
    struct Env {
        std::string name, saved;
        bool had;
        explicit Env(const char* n) : name(n), had(std::getenv(n) != nullptr) {
            saved = had ? std::getenv(n) : "";
        }
        ~Env() { had ? ::setenv(name.c_str(), saved.c_str(), 1) : ::unsetenv(name.c_str()); }
    } store("STIPPLE_STORE"), user("STIPPLE_USER_DATA"), xdg("XDG_DATA_HOME");
    const StationConfig savedConfig = stationConfig();
    ::unsetenv("STIPPLE_STORE");
    ::unsetenv("STIPPLE_USER_DATA");
    ::setenv("XDG_DATA_HOME", "/data/x", 1);
    setStationConfig({});
    CHECK(userDataDir() == "/data/x/stipple");
    CHECK(resultsStoreLocation("", userDataDir()) == "/data/x/stipple/results.db");

    StationConfig conf;
    conf.userData = "/station/data";
    setStationConfig(conf);
    CHECK(userDataDir() == "/station/data");
    CHECK(resultsStoreLocation("", userDataDir()) == "/station/data/results.db");
    ::setenv("STIPPLE_USER_DATA", "/env/data", 1); // the environment overrides the settings file
    CHECK(userDataDir() == "/env/data");
    CHECK(resultsStoreLocation("", userDataDir()) == "/env/data/results.db");

    conf.store = "postgresql://academy/results";
    setStationConfig(conf);
    CHECK(resultsStoreLocation("", userDataDir()) == "postgresql://academy/results");
    ::setenv("STIPPLE_STORE", "/env/store.db", 1);
    CHECK(resultsStoreLocation("", userDataDir()) == "/env/store.db");
    CHECK(resultsStoreLocation("/given.db", userDataDir()) == "/given.db");

    ::unsetenv("STIPPLE_STORE");
    setStationConfig({});
    ::unsetenv("STIPPLE_USER_DATA");
    CHECK(resultsStoreLocation("", "").empty()); // no folder at all: the caller says what to set
    setStationConfig(savedConfig);
}
