// Every report re-checks what it reads from the results store: whoever can write the database
// (its file, or the server's tables) could drop the triggers and turn a fail into a pass in the
// plain columns. A stored row is genuine only when its signed text verifies with the academy's
// public key and every column the reports read matches the signed result.
#pragma once

#include "exam/signing.h"
#include "store/results_store.h"

#include <string>
#include <vector>

namespace stipple {

/// "" when `row` is genuine; otherwise why not, in words ("the signature does not verify with the
/// academy key: ...", "column score says 95 but the signed result says 35"). A null key: every
/// row is unchecked ("no academy public key to check it against").
std::string storedResultProblem(const ResultRecord& row, const PublicKey* key);

/// Removes from `rows` every row that is not genuine; returns one line per removed row
/// ("result ID (candidate C): why"), in the order they were stored.
std::vector<std::string> keepGenuineResults(std::vector<ResultRecord>& rows, const PublicKey* key);

} // namespace stipple
