// `stipple verify`: is this result (or certificate page) what the academy signed? Checks the
// Ed25519 signature with the academy's public key and explains any failure; with --code, also
// that a certificate code belongs to it; with only --code, looks the code up in the results
// store, the way a public "verify this certificate" page would. With --recording, also that the
// result is exactly what the exam recording grades to (record/exam_recording.h): the recording is
// regraded from the files it names and the two results compared field by field, so another
// candidate's recording, an edited one or a changed scorer is named, not just refused.
// Exit 0 valid, 1 invalid.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/open_badge.h"
#include "exam/certificate.h"
#include "exam/result_compare.h"
#include "exam/signing.h"
#include "io/files.h"
#include "io/numbers.h"
#include "record/exam_recording.h"
#include "record/level_versions.h"
#include "record/recording_reader.h"
#include "scoring/scorer_version.h"
#include "store/postgres_store.h"

#include "cli/json_text.h"
#include "config/station_config.h"
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace stipple::cli {

namespace {

const CommandDef kVerifyDef{
    "verify",
    "check a signed exam result, certificate or Open Badges 3.0 credential (signature, code, its recording)",
    "usage: stipple verify RESULT [--key PUBLIC] [--code CODE] [--json]\n"
    "                      [--recording R [--base DIR] [--user-data DIR]]\n"
    "       stipple verify --code CODE [--db PATH] [--key PUBLIC] [--json]\n",
    "Checks that a signed exam result, or a certificate page made by `stipple certificate`,\n"
    "is exactly what the academy signed: any changed byte, another academy's key, an edited\n"
    "certificate page or a made-up code is reported as invalid, with the reason.\n",
    {
        {"--key", "PUBLIC",
         "the academy's public key (default: academy.public in the key folder,\n"
         "keys/ in the data folder: $STIPPLE_USER_DATA, the settings file's\n"
         "user-data=, else ~/.local/share/stipple)"},
        {"--code", "CODE",
         "a certificate's verification code (XXXX-XXXX-XXXX-XXXX): with RESULT,\n"
         "check that it belongs to RESULT; alone, look it up in the results store"},
        {"--db", "WHERE",
         "the results store for --code: an SQLite file or a postgresql:// URL\n"
         "(default: $STIPPLE_STORE, else results.db in the data folder)"},
        jsonOption("{\"valid\", \"reason\", \"result_id\", \"candidate_id\", \"candidate_name\",\n"
                   "\"exam_id\", \"exam_title\", \"passed\", \"score\", \"finished_at\", \"issued_on\",\n"
                   "\"expires_on\", \"expired\", \"code\", \"key_id\"}; with --recording also\n"
                   "\"recording\": {\"path\", \"reproduces\", \"problem\", \"differences\":\n"
                   "[{\"field\", \"signed\", \"regraded\"}]}"),
        {"--recording", "R", "also regrade the exam recording R and compare it with RESULT"},
        {"--base", "DIR", "resolve the recording's relative paths against DIR"},
        {"--user-data", "DIR",
         "the data folder whose level-versions/ keeps the levels a sitting used: a level\n"
         "edited since is graded as recorded (default: $STIPPLE_USER_DATA, the settings\n"
         "file's user-data=, else ~/.local/share/stipple)"},
    },
    "exit status: 0 valid, 1 invalid or unreadable (the reason is printed), 2 usage error.\n"};

std::string today() {
    return nowUtcTimestamp().substr(0, 10);
}

/// What regrading the recording said about the result (`--recording`).
struct RecordingCheck {
    std::string path;
    std::string problem; ///< why the recording could not be regraded ("" = it was)
    std::vector<ResultFieldDifference> differences;
    /// When only scores differ and the result was scored under other scoring rules than this
    /// build's: why, naming both scorer versions (scoring/scorer_version.h). "" otherwise.
    std::string scoringRulesChanged;
    bool reproduces() const { return problem.empty() && differences.empty(); }
};

/// Regrades exam recording `path` and compares its result with `signedResult`.
RecordingCheck checkRecording(const std::string& path, const std::string& baseDir,
                              const std::string& versionsDir, const ExamResult& signedResult) {
    RecordingCheck check;
    check.path = path;
    const RecordingRead read = readRecording(path);
    std::string bytes, error;
    if (!read.recording || !readFile(path, bytes, error)) {
        check.problem = "the recording cannot be read: " + (read.recording ? error : read.recovery.problem);
        return check;
    }
    if (read.recording->header.kind != "exam") {
        check.problem = "it is a " + read.recording->header.kind + " recording, not an exam's";
        return check;
    }
    const ExamGrading grading = gradeExamRecording(*read.recording, sha256Hex(bytes), baseDir, versionsDir);
    if (!grading.result) {
        check.problem = "the recording cannot be graded: ";
        for (std::size_t i = 0; i < grading.problems.size(); ++i)
            check.problem += (i ? "; " : "") + grading.problems[i];
        if (!read.recovery.complete()) check.problem += " (" + read.recovery.message() + ")";
        return check;
    }
    check.differences = resultDifferences(signedResult, *grading.result);
    if (onlyScoresDiffer(check.differences) && read.recovery.complete())
        check.scoringRulesChanged = scorerChangeExplanation(signedResult.scorerVersion);
    return check;
}

/// "candidate-id, candidate-name and recording-sha256" (at most `shown` names, then "and N more").
std::string fieldNames(const std::vector<ResultFieldDifference>& d, std::size_t shown = 6) {
    std::string out;
    for (std::size_t i = 0; i < d.size() && i < shown; ++i)
        out += (i == 0 ? "" : i + 1 == d.size() ? " and " : ", ") + d[i].field;
    if (d.size() > shown) out += " and " + std::to_string(d.size() - shown) + " more";
    return out;
}

int report(Verification v, bool json, const RecordingCheck* rec = nullptr) {
    if (v.valid && rec && !rec->reproduces()) {
        v.valid = false;
        v.reason = rec->problem.empty()
                       ? "the signature is good, but the result is not what the recording " + rec->path +
                             " grades to: " + std::to_string(rec->differences.size()) +
                             (rec->differences.size() == 1 ? " field differs (" : " fields differ (") +
                             fieldNames(rec->differences) + ")" +
                             (rec->scoringRulesChanged.empty() ? "" : ". Why: " + rec->scoringRulesChanged)
                       : "the signature is good, but the recording " + rec->path +
                             " does not confirm it: " + rec->problem;
    }
    const ExamResult& r = v.result;
    const bool expired = v.valid && !r.expiresOn.empty() && r.expiresOn < today();
    if (json) {
        nlohmann::ordered_json j;
        j["valid"] = v.valid;
        j["reason"] = v.reason;
        if (v.valid) {
            j["result_id"] = r.resultId;
            j["candidate_id"] = r.candidateId;
            j["candidate_name"] = r.candidateName;
            j["exam_id"] = r.examId;
            j["exam_title"] = r.examTitle;
            j["passed"] = r.passed;
            j["score"] = r.score;
            j["finished_at"] = r.finishedAt;
            j["issued_on"] = r.issuedOn;
            j["expires_on"] = r.expiresOn;
            j["expired"] = expired;
            j["scorer"] = r.scorerVersion; // 0: made before scorer versions were recorded
            j["code"] = v.code;
            j["key_id"] = v.keyId;
        }
        if (rec) {
            nlohmann::ordered_json differences = nlohmann::ordered_json::array();
            for (const ResultFieldDifference& d : rec->differences)
                differences.push_back({{"field", d.field}, {"signed", d.expected}, {"regraded", d.actual}});
            j["recording"] = {{"path", rec->path},
                              {"reproduces", rec->reproduces()},
                              {"problem", rec->problem},
                              {"scoring_rules_changed", rec->scoringRulesChanged},
                              {"differences", differences}};
        }
        std::printf("%s\n", jsonText(j).c_str());
        return v.valid ? kExitOk : kExitBadInput;
    }
    if (!v.valid) {
        std::printf("INVALID: %s\n", v.reason.c_str());
        if (rec)
            for (const ResultFieldDifference& d : rec->differences)
                std::printf("  %s: signed %s, the recording gives %s\n", d.field.c_str(), d.expected.c_str(),
                            d.actual.c_str());
        return kExitBadInput;
    }
    std::printf("VALID: signed with the academy key %s\n", v.keyId.c_str());
    std::printf("  result     %s\n", r.resultId.c_str());
    std::printf("  candidate  %s (%s)\n", r.candidateName.c_str(), r.candidateId.c_str());
    std::printf("  exam       %s (%s)\n", r.examTitle.c_str(), r.examId.c_str());
    std::printf("  outcome    %s, overall score %s\n", r.passed ? "PASS" : "FAIL",
                formatNumber(std::round(r.score * 100.0) / 100.0).c_str());
    std::printf("  finished   %s (attempt %d, station %s)\n", r.finishedAt.c_str(), r.attempt,
                r.station.c_str());
    if (r.passed)
        std::printf("  expires    %s\n",
                    r.expiresOn.empty() ? "never"
                                        : (r.expiresOn + (expired ? " (EXPIRED)" : " (current)")).c_str());
    std::printf("  scored by  %s\n", scorerVersionName(r.scorerVersion).c_str());
    std::printf("  code       %s\n", v.code.c_str());
    if (!v.reason.empty()) std::printf("  note       %s\n", v.reason.c_str());
    if (rec) std::printf("  recording  %s regrades to exactly this result\n", rec->path.c_str());
    return kExitOk;
}

int runVerify(const std::vector<std::string>& argv) {
    const Args args(argv, kVerifyDef);
    if (!args.ok()) return usageError("verify", args.error(), helpText(kVerifyDef));
    if (args.help()) {
        std::fputs(helpText(kVerifyDef).c_str(), stdout);
        return kExitOk;
    }
    if (args.positional().size() > 1)
        return usageError("verify", "verify one result at a time", helpText(kVerifyDef));
    if (args.positional().empty() && !args.value("code"))
        return usageError("verify", "give a RESULT file or --code CODE", helpText(kVerifyDef));
    if (!args.positional().empty() && args.value("db"))
        return usageError("verify", "--db is for looking up --code without RESULT", helpText(kVerifyDef));
    if (args.positional().empty() && args.value("recording"))
        return usageError("verify", "--recording goes with a RESULT file", helpText(kVerifyDef));
    if (args.value("base") && !args.value("recording"))
        return usageError("verify", "--base goes with --recording", helpText(kVerifyDef));

    const std::string keyPath =
        args.value("key") ? *args.value("key") : defaultKeyFileNoting("verify", kPublicKeyFile);
    if (keyPath.empty())
        return usageError(
            "verify", "no academy key: set HOME, XDG_DATA_HOME or STIPPLE_USER_DATA, or give --key PUBLIC",
            helpText(kVerifyDef));
    std::string error;
    const auto key = loadPublicKey(keyPath, error);
    if (!key)
        return cannot("verify",
                      error + (args.value("key")
                                   ? ""
                                   : " (make the academy key with `stipple keys init`, or give --key)"));

    std::optional<std::string> code;
    if (const auto typed = args.value("code")) {
        code = normaliseVerificationCode(*typed, error);
        if (!code) {
            Verification v;
            v.reason = "the code \"" + *typed + "\" is not a verification code: " + error;
            return report(v, args.flag("json"));
        }
    }

    if (args.positional().empty()) {
        StoreError storeError;
        const auto store =
            openResultsStore(resultsStoreLocation(args.value("db").value_or(""), userDataDir()),
                             StoreMode::ReadOnly, storeError);
        if (!store) return cannot("verify", storeError.message);
        const std::string db = store->location();
        std::optional<ResultRecord> found;
        if (!store->findResultByCode(*code, found, storeError)) return cannot("verify", storeError.message);
        Verification v;
        if (!found) {
            v.reason = "no result with code " + *code + " in " + db +
                       ": the code is unknown to this academy (mistyped, made up, or issued elsewhere)";
            return report(v, args.flag("json"));
        }
        v = verifySignedResult(found->signedText, *key);
        if (v.valid && v.code != *code) {
            v.valid = false;
            v.reason = "the stored result under code " + *code +
                       " has another code when verified: the store was tampered with";
        } else if (v.valid && !v.result.passed) {
            v.valid = false;
            v.reason = "code " + *code + " belongs to a result that is not a pass: there is no certificate";
        }
        return report(v, args.flag("json"));
    }

    const std::string& path = args.positional()[0];
    std::string text;
    if (!readFile(path, text, error)) return cannot("verify", path + ": " + error);
    if (text.rfind("eyJ", 0) == 0) { // an Open Badges 3.0 VC-JWT (`stipple badge`): base64url of '{"'
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.pop_back();
        const BadgeVerification b = verifyOpenBadgeJwt(text, *key, nowUtcTimestamp());
        if (args.flag("json")) {
            nlohmann::ordered_json j = {{"valid", b.valid}, {"kind", "OpenBadgeCredential"}};
            if (!b.valid) j["reason"] = b.reason;
            if (b.payload.is_object()) j["credential"] = b.payload;
            std::printf("%s\n", jsonText(j).c_str());
        } else if (b.valid) {
            std::printf("VALID Open Badges 3.0 credential: %s, issued by %s to %s, valid from %s%s\n",
                        b.payload.value("name", "").c_str(), b.payload["issuer"].value("name", "").c_str(),
                        b.payload["credentialSubject"]["identifier"][0].value("identityHash", "").c_str(),
                        b.payload.value("validFrom", "").c_str(),
                        b.payload.contains("validUntil")
                            ? (" until " + b.payload.value("validUntil", "")).c_str()
                            : "");
        } else {
            std::printf("INVALID: %s\n", b.reason.c_str());
        }
        return b.valid ? kExitOk : kExitBadInput;
    }
    const bool page = text.rfind("<!DOCTYPE html", 0) == 0 || signedResultFromCertificate(text).has_value();
    Verification v = page ? verifyCertificate(text, *key) : verifySignedResult(text, *key);
    if (v.valid && code && *code != v.code) {
        v.valid = false;
        v.reason = "the code " + *code + " does not belong to this result (its code is " + v.code + ")";
    }
    if (const auto recording = args.value("recording"); recording && v.valid) {
        const RecordingCheck check =
            checkRecording(*recording, args.value("base").value_or(""),
                           levelVersionsDir(args.value("user-data").value_or(userDataDir())), v.result);
        return report(v, args.flag("json"), &check);
    }
    return report(v, args.flag("json"));
}

const Registration kVerifyReg{kVerifyDef, &runVerify};

} // namespace

} // namespace stipple::cli
