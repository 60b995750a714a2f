#include "store/result_check.h"

#include "io/numbers.h"

namespace stipple {

std::string storedResultProblem(const ResultRecord& row, const PublicKey* key) {
    if (!key) return "no academy public key to check it against";
    const Verification v = verifySignedResult(row.signedText, *key);
    if (!v.valid) return "its signed text does not verify with the academy key (" + v.reason + ")";
    const ResultRecord s = resultRecordOf(v, row.signedText);
    const auto differs = [](const char* column, const std::string& stored, const std::string& signedValue) {
        return std::string("column ") + column + " says \"" + stored + "\" but the signed result says \"" +
               signedValue + "\"";
    };
    if (row.resultId != s.resultId) return differs("id", row.resultId, s.resultId);
    if (row.candidateId != s.candidateId) return differs("candidate_id", row.candidateId, s.candidateId);
    if (row.candidateName != s.candidateName)
        return differs("candidate_name", row.candidateName, s.candidateName);
    if (row.examId != s.examId) return differs("exam_id", row.examId, s.examId);
    if (row.examSha256 != s.examSha256) return differs("exam_sha256", row.examSha256, s.examSha256);
    if (row.attempt != s.attempt)
        return differs("attempt", std::to_string(row.attempt), std::to_string(s.attempt));
    if (row.score != s.score) return differs("score", formatNumber(row.score), formatNumber(s.score));
    if (row.passed != s.passed)
        return differs("passed", row.passed ? "true" : "false", s.passed ? "true" : "false");
    if (row.finishedAt != s.finishedAt) return differs("finished_at", row.finishedAt, s.finishedAt);
    if (row.issuedOn != s.issuedOn) return differs("issued_on", row.issuedOn, s.issuedOn);
    if (row.expiresOn != s.expiresOn) return differs("expires_on", row.expiresOn, s.expiresOn);
    if (row.code != s.code) return differs("code", row.code, s.code);
    if (row.keyId != s.keyId) return differs("key_id", row.keyId, s.keyId);
    return "";
}

std::vector<std::string> keepGenuineResults(std::vector<ResultRecord>& rows, const PublicKey* key) {
    std::vector<std::string> problems;
    std::vector<ResultRecord> kept;
    kept.reserve(rows.size());
    for (auto& row : rows) {
        const std::string why = storedResultProblem(row, key);
        if (why.empty())
            kept.push_back(std::move(row));
        else
            problems.push_back("result " + row.resultId + " (candidate " + row.candidateId + "): " + why);
    }
    rows = std::move(kept);
    return problems;
}

} // namespace stipple
