// The last step of an exam (live, resumed or regraded): sign the graded result with the academy
// key, check the signature with the key's own public half, write the signed file atomically, and
// store it. The file is written before the store is touched, so a result that could not be
// stored still exists and can be added later with `stipple results import`.
#pragma once

#include "exam/exam_result.h"
#include "exam/signing.h"
#include "store/results_store.h"

#include <string>

namespace stipple {

struct IssuedResult {
    std::string signedText; ///< the signed result file's contents
    std::string code;       ///< the certificate verification code
    bool stored = false;    ///< saved in the store (false when no store was given or saving failed)
    std::string outboxFile; ///< where it waits to be sent, when the store did not take it
};

/// Signs and records `result`. `path`: where to write the signed file ("" = do not write);
/// `store`: where to save it (nullptr = do not store). False with the reason in `error` when any
/// requested step fails; `out` then holds what was done (e.g. the file written, the store failed).
/// `outboxDir`: where a result the store did not take waits to be sent (store/outbox.h; "" = none).
bool issueResult(const ExamResult& result, const SecretKey& key, const std::string& path, ResultsStore* store,
                 IssuedResult& out, std::string& error, const std::string& outboxDir = "");

} // namespace stipple
