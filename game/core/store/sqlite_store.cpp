// The SQLite results store. Every change runs in one BEGIN IMMEDIATE transaction (a writer waits
// up to five seconds for another), so a crash or a full disk leaves the database as it was before
// the change. Error codes are turned into messages that say what happened to the data — nothing
// saved before is ever lost — and what to do next. SQL stays in this file; the interface in
// results_store.h is what a PostgreSQL backend would implement too.
#include "store/sqlite_store.h"

#include "io/files.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iterator>
#include <map>
#include <sqlite3.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace stipple {

ResultRecord resultRecordOf(const Verification& verified, const std::string& signedText) {
    const ExamResult& r = verified.result;
    ResultRecord out;
    out.resultId = r.resultId;
    out.candidateId = r.candidateId;
    out.candidateName = r.candidateName;
    out.examId = r.examId;
    out.examSha256 = r.examSha256;
    out.attempt = r.attempt;
    out.score = r.score;
    out.passed = r.passed;
    out.finishedAt = r.finishedAt;
    out.issuedOn = r.issuedOn;
    out.expiresOn = r.expiresOn;
    out.code = verified.code;
    out.keyId = verified.keyId;
    out.signedText = signedText;
    return out;
}

namespace {

/// Schema migrations: entry i brings a database from version i to version i + 1.
const char* const kMigrations[] = {
    // 0 -> 1: the first schema.
    R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT;
INSERT INTO schema_version (version) VALUES (0);
CREATE TABLE candidates (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE attempts (
  id INTEGER PRIMARY KEY,
  candidate_id TEXT NOT NULL REFERENCES candidates(id),
  exam_id TEXT NOT NULL,
  exam_sha256 TEXT NOT NULL,
  number INTEGER NOT NULL,
  seed TEXT NOT NULL,
  station TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('in-progress', 'submitted', 'abandoned')),
  recording TEXT NOT NULL DEFAULT '',
  UNIQUE (candidate_id, exam_id, number)
) STRICT;
CREATE TABLE results (
  id TEXT PRIMARY KEY NOT NULL,
  attempt_id INTEGER REFERENCES attempts(id),
  candidate_id TEXT NOT NULL REFERENCES candidates(id),
  candidate_name TEXT NOT NULL,
  exam_id TEXT NOT NULL,
  exam_sha256 TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  score REAL NOT NULL,
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  finished_at TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  key_id TEXT NOT NULL,
  signed TEXT NOT NULL,
  stored_at TEXT NOT NULL
) STRICT;
CREATE INDEX results_by_candidate ON results (candidate_id, exam_id);
CREATE TABLE practice (
  id INTEGER PRIMARY KEY,
  candidate_id TEXT NOT NULL,
  level_id TEXT NOT NULL,
  level_sha256 TEXT NOT NULL,
  score REAL NOT NULL,
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  duration_s REAL NOT NULL,
  dots INTEGER NOT NULL,
  finished_at TEXT NOT NULL
) STRICT;
CREATE INDEX practice_by_level ON practice (candidate_id, level_id);
CREATE TRIGGER results_are_never_changed BEFORE UPDATE ON results
  BEGIN SELECT RAISE(ABORT, 'results are never changed'); END;
CREATE TRIGGER results_are_never_deleted BEFORE DELETE ON results
  BEGIN SELECT RAISE(ABORT, 'results are never deleted'); END;
CREATE TRIGGER attempts_are_never_deleted BEFORE DELETE ON attempts
  BEGIN SELECT RAISE(ABORT, 'attempts are never deleted'); END;
)sql",
    // 1 -> 2: each practice run's metrics (progress per skill, cohort distributions).
    R"sql(
CREATE TABLE practice_metrics (
  practice_id INTEGER NOT NULL REFERENCES practice(id),
  position INTEGER NOT NULL,
  metric TEXT NOT NULL,
  zone TEXT NOT NULL,
  value REAL NOT NULL,
  score REAL NOT NULL,
  weight REAL NOT NULL,
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  PRIMARY KEY (practice_id, position)
) STRICT;
)sql",
};
static_assert(std::size(kMigrations) == kStoreSchemaVersion, "one migration per schema version");

/// A prepared statement, finalised at scope end.
class Statement {
  public:
    Statement(sqlite3* db, const char* sql) { m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    int prepareCode() const { return m_rc; }
    Statement& bind(int i, const std::string& v) {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int i, int64_t v) {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    Statement& bind(int i, double v) {
        sqlite3_bind_double(m_stmt, i, v);
        return *this;
    }
    /// SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return m_rc == SQLITE_OK ? sqlite3_step(m_stmt) : m_rc; }
    std::string text(int col) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
    }
    int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
    double real(int col) const { return sqlite3_column_double(m_stmt, col); }

  private:
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc = SQLITE_OK;
};

class SqliteStore final : public ResultsStore {
  public:
    SqliteStore(std::string path, sqlite3* db) : m_path(std::move(path)), m_db(db) {}
    ~SqliteStore() override { sqlite3_close_v2(m_db); }

    std::string location() const override { return m_path; }

    /// Turns an SQLite failure into a StoreError that says what happened to the data.
    bool fail(StoreError& error, int rc, const std::string& doing) const {
        const std::string detail =
            sqlite3_errstr(rc) + std::string(m_db ? std::string(": ") + sqlite3_errmsg(m_db) : "");
        // A write the disk refused (no space, or the file may not grow) is a full disk to the
        // user, whatever SQLite calls it (SQLITE_FULL, or an I/O error with ENOSPC or EFBIG).
        int code = rc & 0xff;
        const int systemErrno = m_db ? sqlite3_system_errno(m_db) : 0;
        if (code == SQLITE_IOERR && (systemErrno == ENOSPC || systemErrno == EFBIG)) code = SQLITE_FULL;
        switch (code) {
        case SQLITE_READONLY:
            error = {StoreError::Kind::ReadOnly,
                     m_path + " cannot be written (a read-only file, folder or disk): " + doing +
                         " was not saved; everything saved before is intact. Choose a writable file with "
                         "--db or fix "
                         "the permissions"};
            break;
        case SQLITE_FULL:
            error = {StoreError::Kind::Full,
                     "the disk holding " + m_path + " is full: " + doing +
                         " was rolled back; everything saved before is intact. Free some "
                         "space and try again"};
            break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            error = {StoreError::Kind::Busy,
                     m_path +
                         " is locked by another program (another Stipple writing?) for "
                         "more than 5 seconds: " +
                         doing + " was not saved; try again"};
            break;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            error = {StoreError::Kind::Corrupt,
                     m_path + " is damaged (" + detail + "): " + doing +
                         " was not saved and nothing was changed. Restore the latest "
                         "backup, or try `sqlite3 " +
                         m_path + " .recover`"};
            break;
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
        case SQLITE_AUTH:
            error = {StoreError::Kind::Io, "cannot open or create " + m_path + " (" + detail +
                                               "): check that its folder exists and may be written; " +
                                               doing + " was not saved"};
            break;
        case SQLITE_CONSTRAINT:
            error = {StoreError::Kind::Conflict, doing + " was refused by " + m_path + " (" + detail + ")"};
            break;
        default:
            error = {StoreError::Kind::Io,
                     "cannot use " + m_path + " (" + detail + "): " + doing + " was not saved"};
        }
        return false;
    }

    bool exec(const char* sql, StoreError& error, const std::string& doing) {
        const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
        return rc == SQLITE_OK || fail(error, rc, doing);
    }

    /// Runs `body` in one write transaction; rolls back on any failure.
    bool write(StoreError& error, const std::string& doing, const std::function<bool()>& body) {
        if (!exec("BEGIN IMMEDIATE", error, doing)) return false;
        if (!body()) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            return false;
        }
        const int rc = sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) {
            fail(error, rc, doing); // before the rollback, which replaces SQLite's message and errno
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            return false;
        }
        return true;
    }

    bool done(Statement& s, StoreError& error, const std::string& doing) {
        const int rc = s.step();
        return rc == SQLITE_DONE || rc == SQLITE_ROW || fail(error, rc, doing);
    }

    bool tooNew(int64_t version, StoreError& error) const {
        error = {StoreError::Kind::TooNew, m_path + " was written by a newer Stipple (schema version " +
                                               std::to_string(version) + "; this one knows up to " +
                                               std::to_string(kStoreSchemaVersion) +
                                               "): update Stipple to use it. Nothing was changed"};
        return false;
    }

    /// Checks identity and integrity, then migrates (ReadWrite) or checks the version (ReadOnly).
    bool prepare(StoreMode mode, StoreError& error) {
        const std::string doing = "opening the results database";
        // The tables are listed before the application id is read: another process making this
        // new store sets both in one transaction, so this order can see "tables, no id" only for a
        // foreign file (the other order saw a store being made as another program's: seen with
        // four processes opening one new file).
        std::vector<std::string> tables;
        {
            Statement s(m_db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
            int rc;
            while ((rc = s.step()) == SQLITE_ROW)
                tables.push_back(s.text(0));
            if (rc == SQLITE_NOTADB) {
                error = {StoreError::Kind::NotOurs,
                         m_path + " is not a Stipple results database (not an SQLite "
                                  "database at all, or damaged beyond reading); nothing was "
                                  "changed. Choose another file with --db"};
                return false;
            }
            if (rc != SQLITE_DONE) return fail(error, rc, doing);
        }
        int64_t appId = 0;
        {
            Statement s(m_db, "PRAGMA application_id");
            const int rc = s.step();
            if (rc == SQLITE_NOTADB) {
                error = {StoreError::Kind::NotOurs,
                         m_path + " is not a Stipple results database (not an SQLite "
                                  "database at all, or damaged beyond reading); nothing was "
                                  "changed. Choose another file with --db"};
                return false;
            }
            if (rc != SQLITE_ROW) return fail(error, rc, doing);
            appId = s.integer(0);
        }
        if (appId != kStoreApplicationId && (appId != 0 || !tables.empty())) {
            std::string list;
            for (const auto& t : tables)
                list += (list.empty() ? "" : ", ") + t;
            error = {
                StoreError::Kind::NotOurs,
                m_path + " is an SQLite database of another program" +
                    (list.empty() ? std::string() : " (tables: " + list + ")") +
                    ", not a Stipple results database; nothing was changed. Choose another file with --db"};
            return false;
        }
        {
            Statement s(m_db, "PRAGMA quick_check");
            const int rc = s.step();
            if (rc != SQLITE_ROW) return fail(error, rc, doing);
            if (s.text(0) != "ok") {
                error = {StoreError::Kind::Corrupt,
                         m_path + " is damaged (SQLite quick_check: " + s.text(0) +
                             "); nothing was changed. Restore the latest backup, or try `sqlite3 " + m_path +
                             " .recover` to save what can be read"};
                return false;
            }
        }
        int64_t version = 0;
        if (std::find(tables.begin(), tables.end(), "schema_version") != tables.end()) {
            Statement s(m_db, "SELECT version FROM schema_version");
            const int rc = s.step();
            if (rc != SQLITE_ROW) return fail(error, rc, doing);
            version = s.integer(0);
        }
        if (version > kStoreSchemaVersion) return tooNew(version, error);
        if (mode == StoreMode::ReadOnly) {
            if (version == 0) {
                error = {StoreError::Kind::Missing, m_path + " holds no results yet"};
                return false;
            }
            if (version < kStoreSchemaVersion) {
                error = {StoreError::Kind::Io, m_path + " uses schema version " + std::to_string(version) +
                                                   ", older than this Stipple's " +
                                                   std::to_string(kStoreSchemaVersion) +
                                                   "; open it once with write access to upgrade it"};
                return false;
            }
            return true;
        }
        if (sqlite3_db_readonly(m_db, "main") == 1) {
            error = {StoreError::Kind::ReadOnly,
                     m_path + " cannot be written (a read-only file, folder or disk); everything saved in it "
                              "is intact. "
                              "Choose a writable file with --db or fix the permissions"};
            return false;
        }
        // WAL lets the trainer read while an exam writes; FULL makes each commit durable.
        // Switching a new file to WAL needs the other connections out of the way, and SQLite
        // answers BUSY at once there instead of calling the busy handler (seen: four processes
        // opening one new store, one refused in 2 s): retry in 1 ms steps, as busyWait does.
        int walRc = SQLITE_BUSY;
        for (int tries = 0; tries < 5000; ++tries) {
            walRc = sqlite3_exec(m_db, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
            if ((walRc & 0xff) != SQLITE_BUSY && (walRc & 0xff) != SQLITE_LOCKED) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (walRc != SQLITE_OK) return fail(error, walRc, doing);
        if (!exec("PRAGMA synchronous = FULL", error, doing)) return false;
        if (version == kStoreSchemaVersion) return true;
        // The version read above may be stale by now: another process that opened the same new
        // file at the same moment may have made the schema meanwhile. It is read again under the
        // write lock (BEGIN IMMEDIATE), and only what is still missing is made, exactly once.
        return write(error, "upgrading the results database", [&] {
            {
                Statement s(
                    m_db,
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'");
                const int rc = s.step();
                if (rc != SQLITE_ROW) return fail(error, rc, doing);
                version = 0;
                if (s.integer(0) > 0) {
                    Statement v(m_db, "SELECT version FROM schema_version");
                    const int rc = v.step();
                    if (rc != SQLITE_ROW) return fail(error, rc, doing);
                    version = v.integer(0);
                }
            }
            if (version > kStoreSchemaVersion) return tooNew(version, error);
            for (int64_t v = version; v < kStoreSchemaVersion; ++v) {
                if (!exec(kMigrations[v], error,
                          "upgrading the results database to version " + std::to_string(v + 1)))
                    return false;
                Statement s(m_db, "UPDATE schema_version SET version = ?");
                s.bind(1, v + 1);
                if (!done(s, error, "upgrading the results database")) return false;
            }
            return exec(("PRAGMA application_id = " + std::to_string(kStoreApplicationId)).c_str(), error,
                        "marking the results database");
        });
    }

    bool saveCandidate(const CandidateRecord& c, StoreError& error) override {
        const std::string doing = "candidate " + c.id;
        if (c.id.empty()) {
            error = {StoreError::Kind::Invalid, "a candidate needs an id"};
            return false;
        }
        return write(error, doing, [&] {
            Statement s(m_db, "INSERT INTO candidates (id, name, created_at) VALUES (?, ?, ?) "
                              "ON CONFLICT (id) DO UPDATE SET name = excluded.name");
            s.bind(1, c.id).bind(2, c.name).bind(3, c.createdAt.empty() ? nowUtcTimestamp() : c.createdAt);
            return done(s, error, doing);
        });
    }

    bool findCandidate(const std::string& id, std::optional<CandidateRecord>& found,
                       StoreError& error) override {
        found.reset();
        Statement s(m_db, "SELECT id, name, created_at FROM candidates WHERE id = ?");
        s.bind(1, id);
        const int rc = s.step();
        if (rc == SQLITE_ROW) found = CandidateRecord{s.text(0), s.text(1), s.text(2)};
        return rc == SQLITE_ROW || rc == SQLITE_DONE || fail(error, rc, "reading candidate " + id);
    }

    bool listCandidates(std::vector<CandidateRecord>& out, StoreError& error) override {
        out.clear();
        Statement s(m_db, "SELECT id, name, created_at FROM candidates ORDER BY id");
        int rc;
        while ((rc = s.step()) == SQLITE_ROW)
            out.push_back({s.text(0), s.text(1), s.text(2)});
        return rc == SQLITE_DONE || fail(error, rc, "reading candidates");
    }

    bool beginAttempt(AttemptRecord& a, StoreError& error) override {
        const std::string doing = "the start of " + a.candidateId + "'s attempt at " + a.examId;
        return write(error, doing, [&] {
            {
                Statement s(m_db, "SELECT 1 FROM candidates WHERE id = ?");
                s.bind(1, a.candidateId);
                const int rc = s.step();
                if (rc == SQLITE_DONE) {
                    error = {StoreError::Kind::Invalid, "unknown candidate '" + a.candidateId +
                                                            "': save the candidate before their attempt"};
                    return false;
                }
                if (rc != SQLITE_ROW) return fail(error, rc, doing);
            }
            {
                Statement s(
                    m_db,
                    "SELECT COALESCE(MAX(number), 0) FROM attempts WHERE candidate_id = ? AND exam_id = ?");
                s.bind(1, a.candidateId).bind(2, a.examId);
                const int rc = s.step();
                if (rc != SQLITE_ROW) return fail(error, rc, doing);
                a.number = static_cast<int>(s.integer(0)) + 1;
            }
            a.status = "in-progress";
            a.finishedAt.clear();
            Statement s(m_db,
                        "INSERT INTO attempts (candidate_id, exam_id, exam_sha256, number, seed, station, "
                        "started_at, status, recording) VALUES (?, ?, ?, ?, ?, ?, ?, 'in-progress', ?)");
            s.bind(1, a.candidateId)
                .bind(2, a.examId)
                .bind(3, a.examSha256)
                .bind(4, static_cast<int64_t>(a.number))
                .bind(5, std::to_string(a.seed))
                .bind(6, a.station)
                .bind(7, a.startedAt)
                .bind(8, a.recording);
            if (!done(s, error, doing)) return false;
            a.id = sqlite3_last_insert_rowid(m_db);
            return true;
        });
    }

    bool finishAttempt(int64_t attemptId, const std::string& status, const std::string& finishedAt,
                       StoreError& error) override {
        const std::string doing = "the end of attempt " + std::to_string(attemptId);
        if (status != "submitted" && status != "abandoned") {
            error = {StoreError::Kind::Invalid,
                     "an attempt ends \"submitted\" or \"abandoned\", not \"" + status + "\""};
            return false;
        }
        return write(error, doing, [&] {
            Statement s(
                m_db,
                "UPDATE attempts SET status = ?, finished_at = ? WHERE id = ? AND status = 'in-progress'");
            s.bind(1, status).bind(2, finishedAt).bind(3, attemptId);
            if (!done(s, error, doing)) return false;
            if (sqlite3_changes(m_db) == 1) return true;
            error = {StoreError::Kind::Invalid,
                     "attempt " + std::to_string(attemptId) + " is not in progress"};
            return false;
        });
    }

    bool listAttempts(const std::string& candidateId, const std::string& examId,
                      std::vector<AttemptRecord>& out, StoreError& error) override {
        out.clear();
        Statement s(m_db,
                    "SELECT id, candidate_id, exam_id, exam_sha256, number, seed, station, started_at, "
                    "finished_at, status, recording FROM attempts WHERE candidate_id = ? AND exam_id = ? "
                    "ORDER BY number");
        s.bind(1, candidateId).bind(2, examId);
        int rc;
        while ((rc = s.step()) == SQLITE_ROW) {
            AttemptRecord a;
            a.id = s.integer(0);
            a.candidateId = s.text(1);
            a.examId = s.text(2);
            a.examSha256 = s.text(3);
            a.number = static_cast<int>(s.integer(4));
            a.seed = std::stoull(s.text(5));
            a.station = s.text(6);
            a.startedAt = s.text(7);
            a.finishedAt = s.text(8);
            a.status = s.text(9);
            a.recording = s.text(10);
            out.push_back(std::move(a));
        }
        return rc == SQLITE_DONE || fail(error, rc, "reading attempts");
    }

    bool saveResult(const ResultRecord& r, StoreError& error) override {
        const std::string doing = "result " + r.resultId;
        if (r.resultId.empty() || r.code.empty() || r.signedText.empty()) {
            error = {StoreError::Kind::Invalid, "a result needs its id, verification code and signed text"};
            return false;
        }
        return write(error, doing, [&] {
            {
                Statement s(m_db, "SELECT signed, candidate_id FROM results WHERE id = ? OR code = ?");
                s.bind(1, r.resultId).bind(2, r.code);
                const int rc = s.step();
                if (rc == SQLITE_ROW) {
                    if (s.text(0) == r.signedText) return true; // already stored: nothing to do
                    error = {StoreError::Kind::Conflict, "another result is already stored under id " +
                                                             r.resultId + " or code " + r.code +
                                                             " (candidate " + s.text(1) +
                                                             "): stored results are never replaced"};
                    return false;
                }
                if (rc != SQLITE_DONE) return fail(error, rc, doing);
            }
            {
                Statement s(m_db, "INSERT INTO candidates (id, name, created_at) VALUES (?, ?, ?) "
                                  "ON CONFLICT (id) DO NOTHING");
                s.bind(1, r.candidateId).bind(2, r.candidateName).bind(3, nowUtcTimestamp());
                if (!done(s, error, doing)) return false;
            }
            Statement s(
                m_db,
                "INSERT INTO results (id, attempt_id, candidate_id, candidate_name, exam_id, exam_sha256, "
                "attempt, score, passed, finished_at, issued_on, expires_on, code, key_id, signed, "
                "stored_at) "
                "VALUES (?1, (SELECT id FROM attempts WHERE candidate_id = ?2 AND exam_id = ?4 AND number = "
                "?6), "
                "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
            s.bind(1, r.resultId)
                .bind(2, r.candidateId)
                .bind(3, r.candidateName)
                .bind(4, r.examId)
                .bind(5, r.examSha256)
                .bind(6, static_cast<int64_t>(r.attempt))
                .bind(7, r.score)
                .bind(8, static_cast<int64_t>(r.passed ? 1 : 0))
                .bind(9, r.finishedAt)
                .bind(10, r.issuedOn)
                .bind(11, r.expiresOn)
                .bind(12, r.code)
                .bind(13, r.keyId)
                .bind(14, r.signedText)
                .bind(15, r.storedAt.empty() ? nowUtcTimestamp() : r.storedAt);
            return done(s, error, doing);
        });
    }

    static ResultRecord resultRow(const Statement& s) {
        ResultRecord r;
        r.resultId = s.text(0);
        r.candidateId = s.text(1);
        r.candidateName = s.text(2);
        r.examId = s.text(3);
        r.examSha256 = s.text(4);
        r.attempt = static_cast<int>(s.integer(5));
        r.score = s.real(6);
        r.passed = s.integer(7) != 0;
        r.finishedAt = s.text(8);
        r.issuedOn = s.text(9);
        r.expiresOn = s.text(10);
        r.code = s.text(11);
        r.keyId = s.text(12);
        r.signedText = s.text(13);
        r.storedAt = s.text(14);
        return r;
    }

    static constexpr const char* kResultColumns =
        "SELECT id, candidate_id, candidate_name, exam_id, exam_sha256, attempt, score, passed, finished_at, "
        "issued_on, expires_on, code, key_id, signed, stored_at FROM results ";

    bool listResults(const ResultFilter& filter, std::vector<ResultRecord>& out, StoreError& error) override {
        out.clear();
        const std::string sql = std::string(kResultColumns) +
                                "WHERE (?1 = '' OR candidate_id = ?1) AND (?2 = '' OR exam_id = ?2) "
                                "ORDER BY finished_at, id";
        Statement s(m_db, sql.c_str());
        s.bind(1, filter.candidateId).bind(2, filter.examId);
        int rc;
        while ((rc = s.step()) == SQLITE_ROW)
            out.push_back(resultRow(s));
        return rc == SQLITE_DONE || fail(error, rc, "reading results");
    }

    bool findResultByCode(const std::string& code, std::optional<ResultRecord>& found,
                          StoreError& error) override {
        found.reset();
        const std::string sql = std::string(kResultColumns) + "WHERE code = ?";
        Statement s(m_db, sql.c_str());
        s.bind(1, code);
        const int rc = s.step();
        if (rc == SQLITE_ROW) found = resultRow(s);
        return rc == SQLITE_ROW || rc == SQLITE_DONE || fail(error, rc, "looking up code " + code);
    }

    bool savePractice(PracticeRecord& p, StoreError& error) override {
        const std::string doing = "the practice run on " + p.levelId;
        return write(error, doing, [&] {
            Statement s(
                m_db,
                "INSERT INTO practice (candidate_id, level_id, level_sha256, score, passed, duration_s, "
                "dots, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            s.bind(1, p.candidateId)
                .bind(2, p.levelId)
                .bind(3, p.levelSha256)
                .bind(4, p.score)
                .bind(5, static_cast<int64_t>(p.passed ? 1 : 0))
                .bind(6, p.durationS)
                .bind(7, static_cast<int64_t>(p.dots))
                .bind(8, p.finishedAt.empty() ? nowUtcTimestamp() : p.finishedAt);
            if (!done(s, error, doing)) return false;
            p.id = sqlite3_last_insert_rowid(m_db);
            for (size_t i = 0; i < p.metrics.size(); ++i) {
                const ResultMetric& m = p.metrics[i];
                Statement ms(
                    m_db, "INSERT INTO practice_metrics (practice_id, position, metric, zone, value, score, "
                          "weight, passed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                ms.bind(1, p.id)
                    .bind(2, static_cast<int64_t>(i))
                    .bind(3, m.id)
                    .bind(4, m.zone)
                    .bind(5, m.value)
                    .bind(6, m.score)
                    .bind(7, m.weight)
                    .bind(8, static_cast<int64_t>(m.passed ? 1 : 0));
                if (!done(ms, error, doing)) return false;
            }
            return true;
        });
    }

    bool listPractice(const std::string& candidateId, const std::string& levelId,
                      std::vector<PracticeRecord>& out, StoreError& error) override {
        return practiceRows("candidate_id = ?1 AND (?2 = '' OR level_id = ?2)", candidateId, levelId, out,
                            error);
    }

    bool listAllPractice(const std::string& levelId, std::vector<PracticeRecord>& out,
                         StoreError& error) override {
        return practiceRows("?1 = ?1 AND (?2 = '' OR level_id = ?2)", "", levelId, out, error);
    }

    /// Practice runs matching `where` (over ?1 and ?2), oldest first, each with its metrics.
    bool practiceRows(const std::string& where, const std::string& p1, const std::string& p2,
                      std::vector<PracticeRecord>& out, StoreError& error) {
        out.clear();
        const std::string sql =
            "SELECT id, candidate_id, level_id, level_sha256, score, passed, duration_s, dots, "
            "finished_at FROM practice WHERE " +
            where + " ORDER BY finished_at, id";
        Statement s(m_db, sql.c_str());
        s.bind(1, p1).bind(2, p2);
        int rc;
        std::map<int64_t, size_t> byId;
        while ((rc = s.step()) == SQLITE_ROW) {
            PracticeRecord p;
            p.id = s.integer(0);
            p.candidateId = s.text(1);
            p.levelId = s.text(2);
            p.levelSha256 = s.text(3);
            p.score = s.real(4);
            p.passed = s.integer(5) != 0;
            p.durationS = s.real(6);
            p.dots = static_cast<int>(s.integer(7));
            p.finishedAt = s.text(8);
            byId[p.id] = out.size();
            out.push_back(std::move(p));
        }
        if (rc != SQLITE_DONE) return fail(error, rc, "reading practice history");
        const std::string msql =
            "SELECT practice_id, metric, zone, value, score, weight, passed FROM practice_metrics "
            "WHERE practice_id IN (SELECT id FROM practice WHERE " +
            where + ") ORDER BY practice_id, position";
        Statement m(m_db, msql.c_str());
        m.bind(1, p1).bind(2, p2);
        while ((rc = m.step()) == SQLITE_ROW) {
            const auto it = byId.find(m.integer(0));
            if (it == byId.end()) continue;
            out[it->second].metrics.push_back(
                {m.text(1), m.text(2), m.real(3), m.real(4), m.real(5), m.integer(6) != 0});
        }
        return rc == SQLITE_DONE || fail(error, rc, "reading practice history");
    }

    bool bestScores(const std::string& candidateId, std::vector<BestScore>& out, StoreError& error) override {
        out.clear();
        Statement s(m_db,
                    "SELECT level_id, MAX(score), COUNT(*), SUM(passed), MAX(finished_at) FROM practice "
                    "WHERE candidate_id = ? GROUP BY level_id ORDER BY level_id");
        s.bind(1, candidateId);
        int rc;
        while ((rc = s.step()) == SQLITE_ROW)
            out.push_back({s.text(0), s.real(1), static_cast<int>(s.integer(2)),
                           static_cast<int>(s.integer(3)), s.text(4)});
        return rc == SQLITE_DONE || fail(error, rc, "reading best scores");
    }

  private:
    std::string m_path;
    sqlite3* m_db;
};

/// Waits for another writer in 1 ms steps, for up to 5 seconds. SQLite's own busy timeout backs
/// off to 100 ms between tries, so a station saving in a tight loop can starve another one for
/// longer than the timeout (measured: two stations saving 2,000 runs each, one gave up); a
/// short, even step finds the gap between the other writer's transactions.
int busyWait(void*, int count) {
    if (count >= 5000) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 1;
}

} // namespace

std::unique_ptr<ResultsStore> openSqliteStore(const std::string& path, StoreMode mode, StoreError& error) {
    namespace fs = std::filesystem;
    error = {};
    if (path.empty()) {
        error = {StoreError::Kind::Io,
                 "no results database path: set HOME or XDG_DATA_HOME, or give --db PATH"};
        return nullptr;
    }
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (mode == StoreMode::ReadOnly && !exists) {
        error = {StoreError::Kind::Missing,
                 "no results database at " + path + " (nothing has been saved there yet)"};
        return nullptr;
    }
    if (exists && fs::is_directory(path, ec)) {
        error = {StoreError::Kind::NotOurs, path + " is a folder, not a results database"};
        return nullptr;
    }
    if (std::string why; exists && !checkRegularFile(path, why)) { // a FIFO would block SQLite's first read
        error = {StoreError::Kind::NotOurs,
                 path + " " + why + " (not a results database); nothing was changed"};
        return nullptr;
    }
    // A new database holds candidates' personal records: it and any folder made for it are
    // private to the owner (ISO/IEC 17024 7.3). SQLite creates the file on the first write, in
    // prepare(), so the mask stays until then; its -wal and -shm files copy the file's mode.
    struct MaskGuard {
        bool active;
        mode_t old = 0;
        explicit MaskGuard(bool on) : active(on) {
            if (active) old = ::umask(077);
        }
        ~MaskGuard() {
            if (active) ::umask(old);
        }
    } mask(mode == StoreMode::ReadWrite && !exists);
    if (mode == StoreMode::ReadWrite && !exists) {
        const fs::path parent = fs::path(path).parent_path();
        if (!parent.empty() && !fs::is_directory(parent, ec)) {
            fs::create_directories(parent, ec);
            if (ec) {
                error = {StoreError::Kind::Io, "cannot create the folder " + parent.string() + " for " +
                                                   path + ": " + ec.message()};
                return nullptr;
            }
        }
    }
    // An existing database on a read-only disk (or one this user may not write): say so before
    // SQLite fails to make its -wal and -shm files with a bare "unable to open database file".
    if (mode == StoreMode::ReadWrite && exists) {
        const fs::path parent =
            fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
        const auto refused = [](const char* p) {
            return ::access(p, W_OK) != 0 && (errno == EROFS || errno == EACCES);
        };
        if (refused(path.c_str()) || refused(parent.c_str())) {
            error = {
                StoreError::Kind::ReadOnly,
                path + " cannot be written (a read-only file, folder or disk): nothing can be saved there; "
                       "everything saved before is intact and can still be read. Choose a writable file with "
                       "--db or fix the permissions"};
            return nullptr;
        }
    }
    sqlite3* db = nullptr;
    int flags =
        (mode == StoreMode::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) |
        SQLITE_OPEN_NOMUTEX;
    // Reading a WAL database needs its -shm file, which SQLite cannot create in a folder it may
    // not write (a read-only disk, a write-protected backup): it then refused to open at all.
    // With no write-ahead log left to read, such a file cannot change under us, and SQLite may
    // read it as immutable, without the -shm file.
    std::string target = path;
    if (mode == StoreMode::ReadOnly) {
        const fs::path parent =
            fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
        std::error_code walError;
        const auto walBytes = fs::file_size(path + "-wal", walError);
        if (::access(parent.c_str(), W_OK) != 0 && (walError || walBytes == 0)) {
            target = "file:";
            for (const char c : path) {
                if (c == '?' || c == '#' || c == '%') {
                    static const char* hex = "0123456789ABCDEF";
                    target += '%';
                    target += hex[static_cast<unsigned char>(c) >> 4];
                    target += hex[c & 15];
                } else {
                    target += c;
                }
            }
            target += "?immutable=1";
            flags |= SQLITE_OPEN_URI;
        }
    }
    const int rc = sqlite3_open_v2(target.c_str(), &db, flags, nullptr);
    auto store = std::make_unique<SqliteStore>(path, db);
    if (rc != SQLITE_OK) {
        store->fail(error, rc, "opening the results database");
        return nullptr;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_handler(db, busyWait, nullptr);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
    if (!store->prepare(mode, error)) return nullptr;
    return store;
}

} // namespace stipple
