// Test support: a signed-result fixture for the verify, certificate and results tests — the
// foundation certificate sat by one candidate, one practical section, passed at 70 or more.
#pragma once

#include "exam/exam_result.h"
#include "exam/signing.h"
#include "support/process.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include <string>

namespace stipple::test {

/// A result of the foundation certificate for `candidate` (`name`) with overall and practical
/// score `score`: a pass (expiring after two years) at 70 or more, else a fail with its reason.
inline ExamResult sampleExamResult(const std::string& candidate, const std::string& name, double score) {
    ExamResult r;
    r.examId = "foundation-certificate";
    r.examTitle = "Foundation certificate in scalp micropigmentation";
    r.examSha256 = std::string(64, 'e');
    r.certificateTitle = "Foundation Certificate in Scalp Micropigmentation";
    r.issuer = "Stipple Academy";
    r.candidateId = candidate;
    r.candidateName = name;
    r.station = "station-1";
    r.seed = 42;
    r.build = "stipple test";
    r.startedAt = "2026-03-02T09:00:00Z";
    r.finishedAt = "2026-03-02T10:12:00Z";
    ResultSection s;
    s.id = "practical";
    s.title = "Practical";
    s.kind = "practical";
    s.weight = 1;
    s.passMark = 70;
    s.timeLimitS = 3600;
    s.timeUsedS = 1800;
    s.score = score;
    s.passed = score >= 70;
    r.sections = {s};
    r.score = score;
    r.passed = score >= 70;
    r.issuedOn = "2026-03-02";
    if (r.passed)
        r.expiresOn = "2028-03-02";
    else
        r.reasons = {"overall score " + std::to_string(static_cast<int>(score)) +
                     " is below the pass mark 70"};
    r.resultId = makeResultId(r);
    return r;
}

/// An academy key pair made in `dir` by `stipple keys init` (academy.public, academy.secret), and
/// its secret key for signing results in the test.
inline SecretKey academyKeysIn(const std::filesystem::path& dir) {
    REQUIRE(runStipple("keys init --dir " + quote(dir)).exitCode == 0);
    std::string error;
    const auto secret = loadSecretKey((dir / kSecretKeyFile).string(), error);
    INFO(error);
    REQUIRE(secret);
    return *secret;
}

} // namespace stipple::test
