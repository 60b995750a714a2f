// The outbox: a signed result that could not be stored (a server that stalled or is down) waits
// in a folder on the station, one file per result named by the SHA-256 of its signed text, until
// it is sent. Nothing is lost (the file is written atomically before anything else is tried) and
// nothing is saved twice (the same result is one file, and the store saves a signed text once).
#pragma once

#include "exam/signing.h"
#include "store/results_store.h"

#include <string>
#include <vector>

namespace stipple {

/// Writes `signedText` into `dir` (created 0700 when missing) as <sha256>.result; `path` is where.
/// Keeping the same result again changes nothing. False with the reason in `error`.
bool keepInOutbox(const std::string& dir, const std::string& signedText, std::string& path,
                  std::string& error);

struct OutboxReport {
    int sent = 0;                      ///< stored now (or found already stored) and removed from the outbox
    int waiting = 0;                   ///< still in the outbox (the store failed: tried again next time)
    std::vector<std::string> problems; ///< one line per file not sent, and why
};

/// Sends every *.result in `dir` to `store`, oldest first: each verified with `key` (one that does
/// not verify stays, named), saved (a result already stored counts as sent), then removed. The
/// first failure of the store itself stops the round: the rest wait for the next one.
OutboxReport sendOutbox(const std::string& dir, ResultsStore& store, const PublicKey& key);

} // namespace stipple
