// Issuing a result. The self-check after signing catches a damaged or mismatched key file before
// a candidate is handed a result nobody can verify.
#include "store/issue_result.h"

#include "io/files.h"
#include "store/outbox.h"

namespace stipple {

bool issueResult(const ExamResult& result, const SecretKey& key, const std::string& path, ResultsStore* store,
                 IssuedResult& out, std::string& error, const std::string& outboxDir) {
    out = {};
    out.signedText = signResult(result, key);
    const Verification v = verifySignedResult(out.signedText, key.publicKey());
    if (!v.valid) {
        error = "the signed result does not verify with the academy key's own public half (" + v.reason +
                "): the key or this build is damaged; nothing was written";
        return false;
    }
    out.code = v.code;
    if (!path.empty() && !writeFileAtomic(path, out.signedText, error)) {
        error = "the result was signed but could not be written: " + error;
        return false;
    }
    if (store) {
        StoreError storeError;
        if (!store->saveResult(resultRecordOf(v, out.signedText), storeError)) {
            std::string kept, why;
            if (!outboxDir.empty() && keepInOutbox(outboxDir, out.signedText, kept, why)) {
                out.outboxFile = kept;
                error =
                    storeError.message + "; the signed result waits in the outbox (" + kept +
                    ") and is sent with the next result this station stores, or by `stipple results send`";
                return false;
            }
            error = storeError.message + (why.empty() ? std::string() : "; " + why) +
                    (path.empty() ? std::string()
                                  : "; the signed result is safe in " + path +
                                        " (add it later with `stipple results import " + path + "`)");
            return false;
        }
        out.stored = true;
    }
    return true;
}

} // namespace stipple
