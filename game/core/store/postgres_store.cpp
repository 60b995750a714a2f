// The PostgreSQL results store (libpq). Values travel as text parameters (no SQL is ever built
// from data); numbers are written with the shortest text that reads back to the same double.
// Server errors are sorted by SQLSTATE into the StoreError kinds the SQLite store uses, so the
// callers' messages and exit codes do not depend on the backend. A connection the server dropped
// is opened again before a read or before a transaction begins (never in the middle of one: a
// commit whose answer was lost is reported, not repeated); a transaction that the server aborts as a deadlock
// or serialisation failure is retried (that is what the server asks of its clients), at most three times.
#include "store/postgres_store.h"

#include "config/station_config.h"
#include "exam/exam_result.h"
#include "io/numbers.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iterator>
#include <libpq-fe.h>
#include <map>
#include <poll.h>
#include <utility>
#include <vector>

namespace stipple {

bool isPostgresUrl(const std::string& where) {
    return where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0;
}

namespace {

/// Where the user part of a URL may hold a password: from after "://" (or the start) to the last
/// '@' — a password may hold '/', '?' or '@' unencoded, so the last '@' is the only safe end.
/// {npos, npos} when there is no ':' before that '@'.
std::pair<size_t, size_t> userPasswordSpan(const std::string& url) {
    const size_t scheme = url.find("://");
    const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    const size_t at = url.rfind('@');
    if (at == std::string::npos || at < start) return {std::string::npos, std::string::npos};
    const size_t colon = url.find(':', start);
    if (colon == std::string::npos || colon > at) return {std::string::npos, std::string::npos};
    return {colon + 1, at};
}

std::string percentDecoded(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto hex = [](char c) {
            return c >= '0' && c <= '9'   ? c - '0'
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                          : -1;
        };
        if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

/// True for a query parameter whose value is a secret: its name (decoded, any case) holds
/// "password" (password, sslpassword).
bool secretParameter(const std::string& rawKey) {
    std::string key = percentDecoded(rawKey);
    for (char& c : key)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key.find("password") != std::string::npos;
}

/// Calls `visit(valueStart, valueEnd)` for every secret value in the query of `url` (after the
/// user part), from the last to the first, so that replacing one keeps the others' offsets.
template <class Visit> void forEachSecretParameter(const std::string& url, size_t from, Visit visit) {
    const size_t query = url.find('?', from);
    if (query == std::string::npos) return;
    std::vector<std::pair<size_t, size_t>> spans;
    for (size_t p = query + 1; p <= url.size();) {
        size_t e = url.find_first_of("&#", p);
        if (e == std::string::npos) e = url.size();
        const size_t eq = url.find('=', p);
        if (eq != std::string::npos && eq < e && secretParameter(url.substr(p, eq - p)))
            spans.push_back({eq + 1, e});
        if (e >= url.size() || url[e] == '#') break;
        p = e + 1;
    }
    for (auto it = spans.rbegin(); it != spans.rend(); ++it)
        visit(it->first, it->second);
}

/// The secrets `url` holds, as written and percent-decoded.
std::vector<std::string> storeSecrets(const std::string& url) {
    std::vector<std::string> out;
    const auto add = [&](const std::string& s) {
        if (s.empty()) return;
        out.push_back(s);
        if (percentDecoded(s) != s) out.push_back(percentDecoded(s));
    };
    const auto [from, to] = userPasswordSpan(url);
    if (from != std::string::npos) add(url.substr(from, to - from));
    forEachSecretParameter(url, to == std::string::npos ? 0 : to,
                           [&](size_t b, size_t e) { add(url.substr(b, e - b)); });
    return out;
}

} // namespace

std::string redactedStoreUrl(const std::string& url) {
    std::string out = url;
    const auto [from, to] = userPasswordSpan(out);
    size_t after = 0;
    if (from != std::string::npos) {
        out.replace(from, to - from, "***");
        after = from + 3;
    }
    forEachSecretParameter(out, after, [&](size_t b, size_t e) { out.replace(b, e - b, "***"); });
    return out;
}

std::string redactStoreSecrets(const std::string& text, const std::string& url) {
    const std::vector<std::string> secrets = storeSecrets(url);
    if (secrets.empty()) return text;
    // libpq quotes the pieces of a URL it could not parse ("Kv@host"), and a piece can be part of
    // the password: a quoted piece is kept only when it is a whole part of the redacted URL (a
    // host, a user name, a parameter) — anything else might be a secret cut anywhere.
    const std::string shown = redactedStoreUrl(url);
    std::vector<std::string> parts;
    for (size_t p = 0; p <= shown.size();) {
        size_t e = shown.find_first_of(":/@?&=,", p);
        if (e == std::string::npos) e = shown.size();
        if (e > p) parts.push_back(shown.substr(p, e - p));
        p = e + 1;
    }
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const size_t close = text[i] == '"' ? text.find('"', i + 1) : std::string::npos;
        if (close == std::string::npos) {
            out += text[i];
            continue;
        }
        const std::string quoted = text.substr(i + 1, close - i - 1);
        const bool known = quoted.size() <= 1 || std::find(parts.begin(), parts.end(), quoted) != parts.end();
        out += "\"" + (known ? quoted : std::string("***")) + "\"";
        i = close;
    }
    // And a secret said whole anywhere else.
    for (const std::string& secret : secrets) {
        if (secret.size() < 3) continue;
        for (size_t p = out.find(secret); p != std::string::npos; p = out.find(secret, p + 3))
            out.replace(p, secret.size(), "***");
    }
    return out;
}

std::string resultsStoreLocation(const std::string& given, const std::string& userDir) {
    if (!given.empty()) return given;
    if (std::string store = settingFromEnvOrFile("STIPPLE_STORE", stationConfig().store); !store.empty())
        return store;
    return userDir.empty() ? userDir : (std::filesystem::path(userDir) / "results.db").string();
}

std::unique_ptr<ResultsStore> openResultsStore(const std::string& where, StoreMode mode, StoreError& error) {
    if (isPostgresUrl(where)) return openPostgresStore(where, mode, error);
    auto store = openSqliteStore(where, mode, error);
    // A mistyped URL ("postgresql:/…") is taken for a file name: its message names it, redacted.
    if (!store) error.message = redactStoreSecrets(error.message, where);
    return store;
}

namespace {

/// How long the store waits for the server's answer: $STIPPLE_STORE_TIMEOUT seconds (0.5 to 3600),
/// else 30.
int storeDeadlineMs() {
    const char* env = std::getenv("STIPPLE_STORE_TIMEOUT");
    double seconds = 30;
    if (env && *env) {
        char* end = nullptr;
        const double v = std::strtod(env, &end);
        if (end && *end == '\0' && v >= 0.5 && v <= 3600) seconds = v;
    }
    return static_cast<int>(seconds * 1000);
}

/// Serialises schema creation and migration across every station connected to the server.
constexpr int64_t kSchemaLockKey = 0x5354504c; // "STPL"

const char* const kPgMigrations[] = {
    // 0 -> 1: the first schema (the same tables and rules as the SQLite store's).
    R"sql(
CREATE TABLE stipple.schema_version (version INTEGER NOT NULL);
INSERT INTO stipple.schema_version (version) VALUES (0);
CREATE TABLE stipple.candidates (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE stipple.attempts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  candidate_id TEXT NOT NULL REFERENCES stipple.candidates(id),
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
);
CREATE TABLE stipple.results (
  id TEXT PRIMARY KEY NOT NULL,
  attempt_id BIGINT REFERENCES stipple.attempts(id),
  candidate_id TEXT NOT NULL REFERENCES stipple.candidates(id),
  candidate_name TEXT NOT NULL,
  exam_id TEXT NOT NULL,
  exam_sha256 TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  passed BOOLEAN NOT NULL,
  finished_at TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  key_id TEXT NOT NULL,
  signed TEXT NOT NULL,
  stored_at TEXT NOT NULL
);
CREATE INDEX results_by_candidate ON stipple.results (candidate_id, exam_id);
CREATE TABLE stipple.practice (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  candidate_id TEXT NOT NULL,
  level_id TEXT NOT NULL,
  level_sha256 TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  passed BOOLEAN NOT NULL,
  duration_s DOUBLE PRECISION NOT NULL,
  dots INTEGER NOT NULL,
  finished_at TEXT NOT NULL
);
CREATE INDEX practice_by_level ON stipple.practice (candidate_id, level_id);
CREATE FUNCTION stipple.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation'; END $$;
CREATE TRIGGER results_are_never_changed BEFORE UPDATE ON stipple.results
  FOR EACH ROW EXECUTE FUNCTION stipple.refuse('results are never changed');
CREATE TRIGGER results_are_never_deleted BEFORE DELETE ON stipple.results
  FOR EACH ROW EXECUTE FUNCTION stipple.refuse('results are never deleted');
CREATE TRIGGER results_are_never_truncated BEFORE TRUNCATE ON stipple.results
  FOR EACH STATEMENT EXECUTE FUNCTION stipple.refuse('results are never deleted');
CREATE TRIGGER attempts_are_never_deleted BEFORE DELETE ON stipple.attempts
  FOR EACH ROW EXECUTE FUNCTION stipple.refuse('attempts are never deleted');
CREATE TRIGGER attempts_are_never_truncated BEFORE TRUNCATE ON stipple.attempts
  FOR EACH STATEMENT EXECUTE FUNCTION stipple.refuse('attempts are never deleted');
)sql",
    // 1 -> 2: each practice run's metrics (progress per skill, cohort distributions).
    R"sql(
CREATE TABLE stipple.practice_metrics (
  practice_id BIGINT NOT NULL REFERENCES stipple.practice(id),
  position INTEGER NOT NULL,
  metric TEXT NOT NULL,
  zone TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  weight DOUBLE PRECISION NOT NULL,
  passed BOOLEAN NOT NULL,
  PRIMARY KEY (practice_id, position)
);
)sql",
};
static_assert(std::size(kPgMigrations) == kStoreSchemaVersion, "one migration per schema version");

std::string number(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

double toDouble(const std::string& s) {
    double v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

int64_t toInt(const std::string& s) {
    int64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

/// A query's result, cleared at scope end.
class Rows {
  public:
    Rows() = default;
    explicit Rows(PGresult* r) : m_r(r) {}
    ~Rows() { PQclear(m_r); }
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;
    Rows(Rows&& o) noexcept : m_r(o.m_r) { o.m_r = nullptr; }
    Rows& operator=(Rows&& o) noexcept {
        std::swap(m_r, o.m_r);
        return *this;
    }
    int size() const { return m_r ? PQntuples(m_r) : 0; }
    std::string text(int row, int col) const {
        return std::string(PQgetvalue(m_r, row, col), static_cast<size_t>(PQgetlength(m_r, row, col)));
    }
    int64_t integer(int row, int col) const { return toInt(text(row, col)); }
    double real(int row, int col) const { return toDouble(text(row, col)); }
    bool boolean(int row, int col) const { return text(row, col) == "t"; }
    /// Rows changed by an INSERT/UPDATE/DELETE.
    int64_t changed() const { return m_r ? toInt(PQcmdTuples(m_r)) : 0; }

  private:
    PGresult* m_r = nullptr;
};

class PostgresStore final : public ResultsStore {
  public:
    PostgresStore(std::string url, StoreMode mode) : m_url(std::move(url)), m_mode(mode) {}
    ~PostgresStore() override {
        if (m_conn) PQfinish(m_conn);
    }

    std::string location() const override { return m_location; }

    /// Opens the connection (again, when it was lost) and sets up the session.
    bool connect(StoreError& error, const std::string& doing) {
        if (m_conn && PQstatus(m_conn) == CONNECTION_OK) return true;
        if (m_conn) PQfinish(m_conn);
        m_timedOut = false;
        // The URL's own settings come last, so they win over these defaults. Keepalives and a TCP
        // user timeout notice a server or network that went away without closing the connection;
        // connect_timeout bounds a server that accepts and never answers.
        const std::string connectTimeout = std::to_string(std::max(2, (m_deadlineMs + 999) / 1000));
        const std::string userTimeout = std::to_string(m_deadlineMs);
        const char* keys[] = {"connect_timeout",     "keepalives",       "keepalives_idle",
                              "keepalives_interval", "keepalives_count", "tcp_user_timeout",
                              "application_name",    "dbname",           nullptr};
        const char* values[] = {connectTimeout.c_str(), "1",       "10",          "5",    "3",
                                userTimeout.c_str(),    "stipple", m_url.c_str(), nullptr};
        m_conn = PQconnectdbParams(keys, values, 1);
        if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
            std::string why = m_conn ? PQerrorMessage(m_conn) : "out of memory";
            while (!why.empty() && (why.back() == '\n' || why.back() == ' '))
                why.pop_back();
            std::string flat; // libpq's message spans lines, with tabs
            for (char c : why) {
                if (c == '\n' || c == '\t') c = ' ';
                if (c != ' ' || flat.empty() || flat.back() != ' ') flat += c;
            }
            error = {
                StoreError::Kind::Io,
                "cannot connect to the results server " + redactedStoreUrl(m_url) + " (" +
                    redactStoreSecrets(flat, m_url) +
                    "): check the URL (postgresql://USER@HOST:PORT/DATABASE) and that the server is running; "
                    "nothing was saved (" +
                    doing + ")"};
            return false;
        }
        m_location = "postgresql://" + std::string(PQuser(m_conn)) + "@" + PQhost(m_conn) + ":" +
                     PQport(m_conn) + "/" + PQdb(m_conn);
        // Quiet notices ("schema already exists"), a bounded wait for another station's lock, and
        // the server's own deadline for a statement (the client keeps its own, see await()).
        const std::string session =
            "SET client_min_messages = warning; SET lock_timeout = '5s'; "
            "SET statement_timeout = " +
            std::to_string(m_deadlineMs) +
            (m_mode == StoreMode::ReadOnly ? "; SET default_transaction_read_only = on" : "");
        return script(session.c_str(), error, doing);
    }

    /// Waits for the answer to what was sent, at most the deadline; a server that does not answer
    /// in time (stalled, a network gone quiet) loses its connection here: nothing waits forever.
    PGresult* await(const std::string& doing, StoreError& error) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_deadlineMs);
        const auto waitFor = [&](short events) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                until - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd p{PQsocket(m_conn), events, 0};
            const int n = ::poll(&p, 1, static_cast<int>(left.count()));
            return n > 0 || (n < 0 && errno == EINTR);
        };
        bool ok = true;
        for (int f; ok && (f = PQflush(m_conn)) != 0;)
            ok = f > 0 && waitFor(POLLOUT | POLLIN) && PQconsumeInput(m_conn);
        PGresult* last = nullptr;
        while (ok) {
            while (ok && PQisBusy(m_conn))
                ok = waitFor(POLLIN) && PQconsumeInput(m_conn);
            if (!ok) break;
            PGresult* next = PQgetResult(m_conn);
            if (!next) return last ? last : nullptr;
            // The first error wins (a script stops there); otherwise the last result is the answer.
            if (last && PQresultStatus(last) == PGRES_FATAL_ERROR) {
                PQclear(next);
                continue;
            }
            PQclear(last);
            last = next;
        }
        PQclear(last);
        if (PQstatus(m_conn) != CONNECTION_OK) return nullptr; // the connection broke: fail() says so
        timedOut(doing, error);
        return nullptr;
    }

    /// Gives up on a server that did not answer in time: the connection is closed (the server
    /// rolls back what it had not committed) and the message says what that means for the data.
    void timedOut(const std::string& doing, StoreError& error) {
        PQfinish(m_conn);
        m_conn = nullptr;
        m_timedOut = true;
        const std::string seconds = formatNumber(m_deadlineMs / 1000.0);
        error = {
            StoreError::Kind::Io,
            "the results server " + m_location + " did not answer within " + seconds +
                " s (stalled, overloaded or unreachable; STIPPLE_STORE_TIMEOUT sets the wait): " + doing +
                (m_committing
                     ? " may or may not have been saved — saving it again is safe, it is never stored "
                       "twice"
                     : " was not saved") +
                "; check the server and try again"};
    }

    /// Turns a failed statement into a StoreError that says what happened to the data.
    bool fail(StoreError& error, PGresult* res, const std::string& doing) {
        const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
        m_lastState = state ? state : "";
        std::string detail = res ? PQresultErrorMessage(res) : "";
        if (detail.empty()) detail = PQerrorMessage(m_conn);
        while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' '))
            detail.pop_back();
        if (const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr)
            detail = primary;
        const std::string& s = m_lastState;
        if (PQstatus(m_conn) != CONNECTION_OK) {
            error = {StoreError::Kind::Io, "lost the connection to the results server " + m_location + " (" +
                                               detail + "): " + doing +
                                               " was not saved; check the server and try again"};
        } else if (s == "25006" || s == "42501") {
            error = {StoreError::Kind::ReadOnly, m_location + " cannot be written (" + detail +
                                                     "): " + doing +
                                                     " was not saved; everything saved before is intact. Ask "
                                                     "the server's administrator for write "
                                                     "access, or choose another store"};
        } else if (s == "53100") {
            error = {StoreError::Kind::Full, "the results server " + m_location +
                                                 " is out of disk space: " + doing +
                                                 " was rolled back; everything saved before is intact"};
        } else if (s == "55P03" || s == "57014" || s == "40001" || s == "40P01") {
            error = {StoreError::Kind::Busy, m_location +
                                                 " is locked by another station for more than 5 seconds (" +
                                                 detail + "): " + doing + " was not saved; try again"};
        } else if (s.rfind("23", 0) == 0) {
            error = {StoreError::Kind::Conflict,
                     doing + " was refused by " + m_location + " (" + detail + ")"};
        } else {
            error = {StoreError::Kind::Io,
                     "cannot use " + m_location + " (" + detail + "): " + doing + " was not saved"};
        }
        return false;
    }

    /// Runs one statement with text parameters; false (and `error`) unless it succeeded.
    bool run(const std::string& sql, const std::vector<std::string>& params, Rows& out, StoreError& error,
             const std::string& doing) {
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& p : params)
            values.push_back(p.c_str());
        if (!m_conn) return fail(error, nullptr, doing);
        PGresult* res = PQsendQueryParams(m_conn, sql.c_str(), static_cast<int>(params.size()), nullptr,
                                          values.data(), nullptr, nullptr, 0)
                            ? await(doing, error)
                            : nullptr;
        if (!res && m_timedOut) return false;
        const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
            out = Rows(res);
            return true;
        }
        fail(error, res, doing);
        PQclear(res);
        return false;
    }
    bool run(const std::string& sql, const std::vector<std::string>& params, StoreError& error,
             const std::string& doing) {
        Rows ignored;
        return run(sql, params, ignored, error, doing);
    }
    /// A script of several statements, no parameters (the schema).
    bool script(const char* sql, StoreError& error, const std::string& doing) {
        if (!m_conn) return fail(error, nullptr, doing);
        PGresult* res = PQsendQuery(m_conn, sql) ? await(doing, error) : nullptr;
        if (!res && m_timedOut) return false;
        const bool ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok) fail(error, res, doing);
        PQclear(res);
        return ok;
    }

    /// Runs `body` in one transaction; rolls back on any failure, retries deadlocks.
    bool write(StoreError& error, const std::string& doing, const std::function<bool()>& body) {
        if (!connect(error, doing)) return false;
        for (int round = 0;; ++round) {
            m_lastState.clear();
            if (!run("BEGIN", {}, error, doing)) {
                // The server dropped an idle connection (a restart, a timeout): nothing was sent
                // yet, so connect again and begin once more (not after a server that stalled).
                if (m_timedOut || PQstatus(m_conn) == CONNECTION_OK || !connect(error, doing) ||
                    !run("BEGIN", {}, error, doing))
                    return false;
            }
            if (body()) {
                m_committing = true;
                const bool committed = run("COMMIT", {}, error, doing);
                m_committing = false;
                if (committed) return true;
            }
            if (m_timedOut) return false;
            Rows r(PQexec(m_conn, "ROLLBACK"));
            const bool retry = (m_lastState == "40001" || m_lastState == "40P01") && round < 3;
            if (!retry) return false;
        }
    }

    /// A read: reconnects when the connection was lost, then runs the query.
    bool read(const std::string& sql, const std::vector<std::string>& params, Rows& out, StoreError& error,
              const std::string& doing) {
        if (!connect(error, doing)) return false;
        if (run(sql, params, out, error, doing)) return true;
        // A read changes nothing: after a dropped connection it is simply asked again.
        return !m_timedOut && PQstatus(m_conn) != CONNECTION_OK && connect(error, doing) &&
               run(sql, params, out, error, doing);
    }

    /// Creates or migrates the schema (ReadWrite), or checks it is there and not too new.
    bool prepare(StoreError& error) {
        const std::string doing = "opening the results database";
        if (!connect(error, doing)) return false;
        auto check = [&](int64_t& version) {
            Rows r;
            if (!run("SELECT to_regclass('stipple.schema_version') IS NOT NULL, "
                     "(SELECT count(*) FROM pg_tables WHERE schemaname = 'stipple')",
                     {}, r, error, doing))
                return false;
            version = 0;
            if (r.boolean(0, 0)) {
                Rows v;
                if (!run("SELECT version FROM stipple.schema_version", {}, v, error, doing)) return false;
                if (v.size() > 0) version = v.integer(0, 0);
            } else if (r.integer(0, 1) > 0) {
                error = {StoreError::Kind::NotOurs,
                         m_location +
                             " has a schema `stipple` that Stipple did not make (no schema_version table); "
                             "nothing was changed. Use another database"};
                return false;
            }
            if (version > kStoreSchemaVersion) {
                error = {StoreError::Kind::TooNew, m_location +
                                                       " was written by a newer Stipple (schema version " +
                                                       std::to_string(version) + "; this one knows up to " +
                                                       std::to_string(kStoreSchemaVersion) +
                                                       "): update Stipple to use it. Nothing was changed"};
                return false;
            }
            return true;
        };
        int64_t version = 0;
        if (m_mode == StoreMode::ReadOnly) {
            if (!check(version)) return false;
            if (version == 0) {
                error = {StoreError::Kind::Missing, m_location + " holds no results yet"};
                return false;
            }
            if (version < kStoreSchemaVersion) {
                error = {StoreError::Kind::Io, m_location + " uses schema version " +
                                                   std::to_string(version) + ", older than this Stipple's " +
                                                   std::to_string(kStoreSchemaVersion) +
                                                   "; open it once with write access to upgrade it"};
                return false;
            }
            return true;
        }
        return write(error, "preparing the results database", [&] {
            // Stations starting together wait here for the first one to finish the schema.
            if (!run("SELECT pg_advisory_xact_lock($1)", {std::to_string(kSchemaLockKey)}, error, doing))
                return false;
            if (!check(version)) return false;
            if (version == kStoreSchemaVersion) return true;
            if (!script("CREATE SCHEMA IF NOT EXISTS stipple", error, doing)) return false;
            for (int64_t v = version; v < kStoreSchemaVersion; ++v) {
                if (!script(kPgMigrations[v], error,
                            "upgrading the results database to version " + std::to_string(v + 1)))
                    return false;
                if (!run("UPDATE stipple.schema_version SET version = $1", {std::to_string(v + 1)}, error,
                         doing))
                    return false;
            }
            return true;
        });
    }

    bool saveCandidate(const CandidateRecord& c, StoreError& error) override {
        const std::string doing = "candidate " + c.id;
        if (c.id.empty()) {
            error = {StoreError::Kind::Invalid, "a candidate needs an id"};
            return false;
        }
        return write(error, doing, [&] {
            return run("INSERT INTO stipple.candidates (id, name, created_at) VALUES ($1, $2, $3) "
                       "ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                       {c.id, c.name, c.createdAt.empty() ? nowUtcTimestamp() : c.createdAt}, error, doing);
        });
    }

    bool findCandidate(const std::string& id, std::optional<CandidateRecord>& found,
                       StoreError& error) override {
        found.reset();
        Rows r;
        if (!read("SELECT id, name, created_at FROM stipple.candidates WHERE id = $1", {id}, r, error,
                  "reading candidate " + id))
            return false;
        if (r.size() > 0) found = CandidateRecord{r.text(0, 0), r.text(0, 1), r.text(0, 2)};
        return true;
    }

    bool listCandidates(std::vector<CandidateRecord>& out, StoreError& error) override {
        out.clear();
        Rows r;
        if (!read("SELECT id, name, created_at FROM stipple.candidates ORDER BY id COLLATE \"C\"", {}, r,
                  error, "reading candidates"))
            return false;
        for (int i = 0; i < r.size(); ++i)
            out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2)});
        return true;
    }

    bool beginAttempt(AttemptRecord& a, StoreError& error) override {
        const std::string doing = "the start of " + a.candidateId + "'s attempt at " + a.examId;
        return write(error, doing, [&] {
            // The row lock makes a second station wait until this attempt's number is taken.
            Rows c;
            if (!run("SELECT 1 FROM stipple.candidates WHERE id = $1 FOR UPDATE", {a.candidateId}, c, error,
                     doing))
                return false;
            if (c.size() == 0) {
                error = {StoreError::Kind::Invalid, "unknown candidate '" + a.candidateId +
                                                        "': save the candidate before their attempt"};
                return false;
            }
            Rows n;
            if (!run("SELECT COALESCE(MAX(number), 0) FROM stipple.attempts WHERE candidate_id = $1 AND "
                     "exam_id = $2",
                     {a.candidateId, a.examId}, n, error, doing))
                return false;
            const int number = static_cast<int>(n.integer(0, 0)) + 1;
            Rows id;
            if (!run("INSERT INTO stipple.attempts (candidate_id, exam_id, exam_sha256, number, seed, "
                     "station, "
                     "started_at, status, recording) VALUES ($1, $2, $3, $4, $5, $6, $7, 'in-progress', $8) "
                     "RETURNING id",
                     {a.candidateId, a.examId, a.examSha256, std::to_string(number), std::to_string(a.seed),
                      a.station, a.startedAt, a.recording},
                     id, error, doing))
                return false;
            a.number = number;
            a.status = "in-progress";
            a.finishedAt.clear();
            a.id = id.integer(0, 0);
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
            Rows r;
            if (!run("UPDATE stipple.attempts SET status = $1, finished_at = $2 WHERE id = $3 AND status = "
                     "'in-progress'",
                     {status, finishedAt, std::to_string(attemptId)}, r, error, doing))
                return false;
            if (r.changed() == 1) return true;
            error = {StoreError::Kind::Invalid,
                     "attempt " + std::to_string(attemptId) + " is not in progress"};
            return false;
        });
    }

    bool listAttempts(const std::string& candidateId, const std::string& examId,
                      std::vector<AttemptRecord>& out, StoreError& error) override {
        out.clear();
        Rows r;
        if (!read("SELECT id, candidate_id, exam_id, exam_sha256, number, seed, station, started_at, "
                  "finished_at, "
                  "status, recording FROM stipple.attempts WHERE candidate_id = $1 AND exam_id = $2 ORDER BY "
                  "number",
                  {candidateId, examId}, r, error, "reading attempts"))
            return false;
        for (int i = 0; i < r.size(); ++i) {
            AttemptRecord a;
            a.id = r.integer(i, 0);
            a.candidateId = r.text(i, 1);
            a.examId = r.text(i, 2);
            a.examSha256 = r.text(i, 3);
            a.number = static_cast<int>(r.integer(i, 4));
            const std::string seed = r.text(i, 5);
            std::from_chars(seed.data(), seed.data() + seed.size(), a.seed);
            a.station = r.text(i, 6);
            a.startedAt = r.text(i, 7);
            a.finishedAt = r.text(i, 8);
            a.status = r.text(i, 9);
            a.recording = r.text(i, 10);
            out.push_back(std::move(a));
        }
        return true;
    }

    bool saveResult(const ResultRecord& r, StoreError& error) override {
        const std::string doing = "result " + r.resultId;
        if (r.resultId.empty() || r.code.empty() || r.signedText.empty()) {
            error = {StoreError::Kind::Invalid, "a result needs its id, verification code and signed text"};
            return false;
        }
        return write(error, doing, [&] {
            if (!run("INSERT INTO stipple.candidates (id, name, created_at) VALUES ($1, $2, $3) "
                     "ON CONFLICT (id) DO NOTHING",
                     {r.candidateId, r.candidateName, nowUtcTimestamp()}, error, doing))
                return false;
            // Two stations importing the same file at once: one inserts, the other finds it.
            Rows ins;
            if (!run("INSERT INTO stipple.results (id, attempt_id, candidate_id, candidate_name, exam_id, "
                     "exam_sha256, "
                     "attempt, score, passed, finished_at, issued_on, expires_on, code, key_id, signed, "
                     "stored_at) "
                     "VALUES ($1, (SELECT id FROM stipple.attempts WHERE candidate_id = $2 AND exam_id = $4 "
                     "AND "
                     "number = $6::integer), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
                     "ON CONFLICT DO NOTHING",
                     {r.resultId, r.candidateId, r.candidateName, r.examId, r.examSha256,
                      std::to_string(r.attempt), number(r.score), r.passed ? "true" : "false", r.finishedAt,
                      r.issuedOn, r.expiresOn, r.code, r.keyId, r.signedText,
                      r.storedAt.empty() ? nowUtcTimestamp() : r.storedAt},
                     ins, error, doing))
                return false;
            if (ins.changed() == 1) return true;
            Rows old;
            if (!run("SELECT signed, candidate_id FROM stipple.results WHERE id = $1 OR code = $2",
                     {r.resultId, r.code}, old, error, doing))
                return false;
            if (old.size() > 0 && old.text(0, 0) == r.signedText)
                return true; // already stored: nothing to do
            error = {StoreError::Kind::Conflict, "another result is already stored under id " + r.resultId +
                                                     " or code " + r.code + " (candidate " +
                                                     (old.size() > 0 ? old.text(0, 1) : std::string("?")) +
                                                     "): stored results are never replaced"};
            return false;
        });
    }

    static ResultRecord resultRow(const Rows& s, int i) {
        ResultRecord r;
        r.resultId = s.text(i, 0);
        r.candidateId = s.text(i, 1);
        r.candidateName = s.text(i, 2);
        r.examId = s.text(i, 3);
        r.examSha256 = s.text(i, 4);
        r.attempt = static_cast<int>(s.integer(i, 5));
        r.score = s.real(i, 6);
        r.passed = s.boolean(i, 7);
        r.finishedAt = s.text(i, 8);
        r.issuedOn = s.text(i, 9);
        r.expiresOn = s.text(i, 10);
        r.code = s.text(i, 11);
        r.keyId = s.text(i, 12);
        r.signedText = s.text(i, 13);
        r.storedAt = s.text(i, 14);
        return r;
    }

    static constexpr const char* kResultColumns =
        "SELECT id, candidate_id, candidate_name, exam_id, exam_sha256, attempt, score, passed, finished_at, "
        "issued_on, expires_on, code, key_id, signed, stored_at FROM stipple.results ";

    bool listResults(const ResultFilter& filter, std::vector<ResultRecord>& out, StoreError& error) override {
        out.clear();
        Rows r;
        // COLLATE "C": byte order, the same order SQLite gives (timestamps, ids).
        if (!read(std::string(kResultColumns) +
                      "WHERE ($1 = '' OR candidate_id = $1) AND ($2 = '' OR exam_id = $2) "
                      "ORDER BY finished_at COLLATE \"C\", id COLLATE \"C\"",
                  {filter.candidateId, filter.examId}, r, error, "reading results"))
            return false;
        for (int i = 0; i < r.size(); ++i)
            out.push_back(resultRow(r, i));
        return true;
    }

    bool findResultByCode(const std::string& code, std::optional<ResultRecord>& found,
                          StoreError& error) override {
        found.reset();
        Rows r;
        if (!read(std::string(kResultColumns) + "WHERE code = $1", {code}, r, error,
                  "looking up code " + code))
            return false;
        if (r.size() > 0) found = resultRow(r, 0);
        return true;
    }

    bool savePractice(PracticeRecord& p, StoreError& error) override {
        const std::string doing = "the practice run on " + p.levelId;
        return write(error, doing, [&] {
            Rows id;
            if (!run("INSERT INTO stipple.practice (candidate_id, level_id, level_sha256, score, passed, "
                     "duration_s, "
                     "dots, finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                     {p.candidateId, p.levelId, p.levelSha256, number(p.score), p.passed ? "true" : "false",
                      number(p.durationS), std::to_string(p.dots),
                      p.finishedAt.empty() ? nowUtcTimestamp() : p.finishedAt},
                     id, error, doing))
                return false;
            p.id = id.integer(0, 0);
            for (size_t i = 0; i < p.metrics.size(); ++i) {
                const ResultMetric& m = p.metrics[i];
                if (!run("INSERT INTO stipple.practice_metrics (practice_id, position, metric, zone, value, "
                         "score, weight, "
                         "passed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                         {std::to_string(p.id), std::to_string(i), m.id, m.zone, number(m.value),
                          number(m.score), number(m.weight), m.passed ? "true" : "false"},
                         error, doing))
                    return false;
            }
            return true;
        });
    }

    bool listPractice(const std::string& candidateId, const std::string& levelId,
                      std::vector<PracticeRecord>& out, StoreError& error) override {
        return practiceRows("candidate_id = $1 AND ($2 = '' OR level_id = $2)", candidateId, levelId, out,
                            error);
    }

    bool listAllPractice(const std::string& levelId, std::vector<PracticeRecord>& out,
                         StoreError& error) override {
        return practiceRows("$1 = $1 AND ($2 = '' OR level_id = $2)", "", levelId, out, error);
    }

    /// Practice runs matching `where` (over $1 and $2), oldest first, each with its metrics.
    bool practiceRows(const std::string& where, const std::string& p1, const std::string& p2,
                      std::vector<PracticeRecord>& out, StoreError& error) {
        out.clear();
        Rows r;
        if (!read("SELECT id, candidate_id, level_id, level_sha256, score, passed, duration_s, dots, "
                  "finished_at "
                  "FROM stipple.practice WHERE " +
                      where + " ORDER BY finished_at COLLATE \"C\", id",
                  {p1, p2}, r, error, "reading practice history"))
            return false;
        std::map<int64_t, size_t> byId;
        for (int i = 0; i < r.size(); ++i) {
            PracticeRecord p;
            p.id = r.integer(i, 0);
            p.candidateId = r.text(i, 1);
            p.levelId = r.text(i, 2);
            p.levelSha256 = r.text(i, 3);
            p.score = r.real(i, 4);
            p.passed = r.boolean(i, 5);
            p.durationS = r.real(i, 6);
            p.dots = static_cast<int>(r.integer(i, 7));
            p.finishedAt = r.text(i, 8);
            byId[p.id] = out.size();
            out.push_back(std::move(p));
        }
        Rows m;
        if (!read("SELECT practice_id, metric, zone, value, score, weight, passed FROM "
                  "stipple.practice_metrics "
                  "WHERE practice_id IN (SELECT id FROM stipple.practice WHERE " +
                      where + ") ORDER BY practice_id, position",
                  {p1, p2}, m, error, "reading practice history"))
            return false;
        for (int i = 0; i < m.size(); ++i) {
            const auto it = byId.find(m.integer(i, 0));
            if (it == byId.end()) continue;
            out[it->second].metrics.push_back(
                {m.text(i, 1), m.text(i, 2), m.real(i, 3), m.real(i, 4), m.real(i, 5), m.boolean(i, 6)});
        }
        return true;
    }

    bool bestScores(const std::string& candidateId, std::vector<BestScore>& out, StoreError& error) override {
        out.clear();
        Rows r;
        if (!read("SELECT level_id, MAX(score), COUNT(*), COUNT(*) FILTER (WHERE passed), "
                  "MAX(finished_at COLLATE \"C\") FROM stipple.practice WHERE candidate_id = $1 "
                  "GROUP BY level_id ORDER BY level_id COLLATE \"C\"",
                  {candidateId}, r, error, "reading best scores"))
            return false;
        for (int i = 0; i < r.size(); ++i)
            out.push_back({r.text(i, 0), r.real(i, 1), static_cast<int>(r.integer(i, 2)),
                           static_cast<int>(r.integer(i, 3)), r.text(i, 4)});
        return true;
    }

    /// See grantStationRole: run by the schema's owner on a prepared store.
    bool grantStation(const std::string& role, StoreError& error) {
        const std::string doing = "letting " + role + " use the results database as a station";
        return write(error, doing, [&] {
            Rows r;
            if (!run("SELECT pg_get_userbyid(nspowner), current_user, "
                     "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) FROM pg_namespace WHERE nspname = "
                     "'stipple'",
                     {role}, r, error, doing))
                return false;
            if (r.size() == 0 || r.text(0, 0) != r.text(0, 1)) {
                error = {StoreError::Kind::Invalid,
                         "the schema stipple in " + m_location + " belongs to " +
                             (r.size() ? r.text(0, 0) : "nobody") + ", not to " +
                             (r.size() ? r.text(0, 1) : "this login") +
                             ": connect as the schema's owner to grant a station role; nothing was changed"};
                return false;
            }
            if (!r.boolean(0, 2)) {
                error = {StoreError::Kind::Invalid, "there is no role " + role + " on " + m_location +
                                                        ": create it first (CREATE ROLE " + role +
                                                        " LOGIN PASSWORD '...'); nothing was changed"};
                return false;
            }
            if (role == r.text(0, 1)) {
                error = {StoreError::Kind::Invalid,
                         role + " owns the schema: the stations need a role of their own, "
                                "or they could drop the triggers; nothing was changed"};
                return false;
            }
            const std::string q = "\"" + role + "\"";
            const std::string sql =
                "REVOKE ALL ON SCHEMA stipple FROM PUBLIC; "
                "GRANT USAGE ON SCHEMA stipple TO " +
                q +
                "; "
                "GRANT SELECT ON ALL TABLES IN SCHEMA stipple TO " +
                q +
                "; "
                "GRANT USAGE ON ALL SEQUENCES IN SCHEMA stipple TO " +
                q +
                "; "
                "GRANT INSERT ON stipple.candidates, stipple.attempts, stipple.results, stipple.practice, "
                "stipple.practice_metrics TO " +
                q +
                "; "
                "GRANT UPDATE (name) ON stipple.candidates TO " +
                q +
                "; "
                "GRANT UPDATE (status, finished_at) ON stipple.attempts TO " +
                q;
            return script(sql.c_str(), error, doing);
        });
    }

  private:
    std::string m_url;
    StoreMode m_mode;
    PGconn* m_conn = nullptr;
    int m_deadlineMs = storeDeadlineMs(); ///< the longest wait for the server's answer
    bool m_timedOut = false;              ///< the last call gave up on a server that did not answer
    bool m_committing = false;            ///< a COMMIT is on its way (its outcome is unknown on a timeout)
    std::string m_location;
    std::string m_lastState; ///< SQLSTATE of the last failed statement
};

} // namespace

bool grantStationRole(const std::string& ownerUrl, const std::string& stationRole, StoreError& error) {
    error = {};
    const bool plain = !stationRole.empty() && stationRole.size() <= 63 &&
                       (std::isalpha(static_cast<unsigned char>(stationRole[0])) || stationRole[0] == '_') &&
                       std::all_of(stationRole.begin(), stationRole.end(), [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                       });
    if (!plain) {
        error = {StoreError::Kind::Invalid,
                 "a station role is a plain name (letters, digits, _), not \"" + stationRole + "\""};
        return false;
    }
    PostgresStore store(ownerUrl, StoreMode::ReadWrite);
    return store.prepare(error) && store.grantStation(stationRole, error);
}

std::unique_ptr<ResultsStore> openPostgresStore(const std::string& url, StoreMode mode, StoreError& error) {
    error = {};
    auto store = std::make_unique<PostgresStore>(url, mode);
    if (!store->prepare(error)) return nullptr;
    return store;
}

} // namespace stipple
