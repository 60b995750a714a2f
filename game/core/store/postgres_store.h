// The academy-wide results store: the same ResultsStore on a PostgreSQL server, so that several
// exam stations and trainers write to one place. Tables live in their own schema (`stipple`), so
// the database may be shared with other programs; the schema is created on first use, under an
// advisory lock, so stations starting together do not race. Every change is one transaction;
// attempt numbers are handed out under a row lock on the candidate, so two stations never give
// out the same number. Results are protected by triggers against UPDATE, DELETE and TRUNCATE.
#pragma once

#include "store/results_store.h"
#include "store/sqlite_store.h"

#include <memory>
#include <string>

namespace stipple {

/// True when `where` is a PostgreSQL connection URL (postgresql://… or postgres://…).
bool isPostgresUrl(const std::string& where);

/// `url` with every password replaced by "***", for messages and location(): the user part's
/// (up to the URL's last '@': a password may hold '/', '?' or '@' unencoded) and the value of every
/// query parameter whose name holds "password" (password=, sslpassword=, any case or encoding).
std::string redactedStoreUrl(const std::string& url);
/// `text` (a message about the store `url`, such as libpq's) with every secret of `url` removed:
/// a quoted piece that is not a whole part of the redacted URL becomes "***" (libpq quotes the
/// pieces it cannot parse, which may be bits of a password), and a secret said whole anywhere.
/// Every message that may quote a store URL goes through it.
std::string redactStoreSecrets(const std::string& text, const std::string& url);

/// Connects to the server at `url` (a libpq connection URI) and prepares the schema (ReadWrite)
/// or checks it (ReadOnly: the session is read-only, a database without Stipple's schema is a
/// Missing error). nullptr with the reason in `error` — a malformed URL, a server that cannot be
/// reached or refuses the login, a schema of a newer Stipple — never an exception.
std::unique_ptr<ResultsStore> openPostgresStore(const std::string& url, StoreMode mode, StoreError& error);

/// Sets up the separation an academy's server needs (issue 16): the login in `ownerUrl` makes (or
/// upgrades) the schema and owns it, tables, triggers and all; `stationRole` — the login the exam
/// stations and trainers use — may then read everything, add candidates, attempts, results and
/// practice runs, rename a candidate and end an attempt, and nothing else: it cannot change or
/// delete a result, nor drop or disable a trigger (only an owner can). False with the reason in
/// `error` (not the schema's owner, an unknown role, a role name that is not a plain identifier).
bool grantStationRole(const std::string& ownerUrl, const std::string& stationRole, StoreError& error);

/// The store `where` names: a PostgreSQL URL, else the path of an SQLite file.
std::unique_ptr<ResultsStore> openResultsStore(const std::string& where, StoreMode mode, StoreError& error);

/// Where the results store is — the one rule the trainer, the exam stations and the commands
/// share: `given` (their --db or --store) when not empty; else $STIPPLE_STORE when set and not
/// empty (a path or a postgresql:// URL); else the settings file's store= (config/station_config.h);
/// else results.db in `userDir` (the user data folder: --user-data, else userDataDir()).
/// "" when none of them names a place.
std::string resultsStoreLocation(const std::string& given, const std::string& userDir);

} // namespace stipple
