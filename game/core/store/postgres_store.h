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

/// `url` with any password replaced by "***", for messages and location().
std::string redactedStoreUrl(const std::string& url);

/// Connects to the server at `url` (a libpq connection URI) and prepares the schema (ReadWrite)
/// or checks it (ReadOnly: the session is read-only, a database without Stipple's schema is a
/// Missing error). nullptr with the reason in `error` — a malformed URL, a server that cannot be
/// reached or refuses the login, a schema of a newer Stipple — never an exception.
std::unique_ptr<ResultsStore> openPostgresStore(const std::string& url, StoreMode mode, StoreError& error);

/// The store `where` names: a PostgreSQL URL, else the path of an SQLite file.
std::unique_ptr<ResultsStore> openResultsStore(const std::string& where, StoreMode mode, StoreError& error);

/// Where the results live when a command is not told: $STIPPLE_STORE when set and not empty
/// (a path or a postgresql:// URL), else the settings file's store= (config/station_config.h),
/// else the SQLite file in the data folder (defaultResultsDbPath).
std::string defaultResultsStore();

} // namespace stipple
