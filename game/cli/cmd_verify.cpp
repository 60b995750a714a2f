// `stipple verify`: is this result (or certificate page) what the academy signed? Checks the
// Ed25519 signature with the academy's public key and explains any failure; with --code, also
// that a certificate code belongs to it; with only --code, looks the code up in the results
// store, the way a public "verify this certificate" page would. Exit 0 valid, 1 invalid.
#include "cli/args.h"
#include "cli/cli.h"
#include "exam/certificate.h"
#include "exam/signing.h"
#include "io/files.h"
#include "io/numbers.h"
#include "store/data_dir.h"
#include "store/postgres_store.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace stipple::cli {

namespace {

const char* kUsage =
    "usage: stipple verify RESULT [--key PUBLIC] [--code CODE] [--json]\n"
    "       stipple verify --code CODE [--db PATH] [--key PUBLIC] [--json]\n"
    "\n"
    "Checks that a signed exam result, or a certificate page made by `stipple certificate`,\n"
    "is exactly what the academy signed: any changed byte, another academy's key, an edited\n"
    "certificate page or a made-up code is reported as invalid, with the reason.\n"
    "\n"
    "  --key PUBLIC  the academy's public key (default: academy.public in\n"
    "                $XDG_DATA_HOME/stipple/keys, else ~/.local/share/stipple/keys)\n"
    "  --code CODE   a certificate's verification code (XXXX-XXXX-XXXX-XXXX): with RESULT,\n"
    "                check that it belongs to RESULT; alone, look it up in the results store\n"
    "  --db WHERE    the results store for --code: an SQLite file or a postgresql:// URL\n"
    "                (default: $STIPPLE_STORE, else results.db in the data folder)\n"
    "  --json        {\"valid\", \"reason\", \"result_id\", \"candidate_id\", \"candidate_name\",\n"
    "                \"exam_id\", \"exam_title\", \"passed\", \"score\", \"finished_at\", \"issued_on\",\n"
    "                \"expires_on\", \"expired\", \"code\", \"key_id\"}\n"
    "\n"
    "exit status: 0 valid, 1 invalid or unreadable (the reason is printed), 2 usage error.\n";

int usage(const std::string& message) {
    std::fprintf(stderr, "stipple verify: %s\n\n%s", message.c_str(), kUsage);
    return kExitUsage;
}

int cannot(const std::string& message) {
    std::fprintf(stderr, "stipple verify: %s\n", message.c_str());
    return kExitBadInput;
}

std::string today() { return nowUtcTimestamp().substr(0, 10); }

int report(const Verification& v, bool json) {
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
            j["code"] = v.code;
            j["key_id"] = v.keyId;
        }
        std::printf("%s\n", j.dump(2).c_str());
        return v.valid ? kExitOk : kExitBadInput;
    }
    if (!v.valid) {
        std::printf("INVALID: %s\n", v.reason.c_str());
        return kExitBadInput;
    }
    std::printf("VALID: signed with the academy key %s\n", v.keyId.c_str());
    std::printf("  result     %s\n", r.resultId.c_str());
    std::printf("  candidate  %s (%s)\n", r.candidateName.c_str(), r.candidateId.c_str());
    std::printf("  exam       %s (%s)\n", r.examTitle.c_str(), r.examId.c_str());
    std::printf("  outcome    %s, overall score %s\n", r.passed ? "PASS" : "FAIL",
                formatNumber(std::round(r.score * 100.0) / 100.0).c_str());
    std::printf("  finished   %s (attempt %d, station %s)\n", r.finishedAt.c_str(), r.attempt, r.station.c_str());
    if (r.passed)
        std::printf("  expires    %s\n", r.expiresOn.empty() ? "never"
                                         : (r.expiresOn + (expired ? " (EXPIRED)" : " (current)")).c_str());
    std::printf("  code       %s\n", v.code.c_str());
    if (!v.reason.empty()) std::printf("  note       %s\n", v.reason.c_str());
    return kExitOk;
}

int runVerify(const std::vector<std::string>& argv) {
    const Args args(argv, {"key", "code", "db"}, {"help", "json"});
    if (!args.ok()) return usage(args.error());
    if (args.flag("help")) {
        std::fputs(kUsage, stdout);
        return kExitOk;
    }
    if (args.positional().size() > 1) return usage("verify one result at a time");
    if (args.positional().empty() && !args.value("code")) return usage("give a RESULT file or --code CODE");
    if (!args.positional().empty() && args.value("db")) return usage("--db is for looking up --code without RESULT");

    const std::string keyPath =
        args.value("key").value_or(defaultKeyDir().empty()
                                       ? std::string()
                                       : (std::filesystem::path(defaultKeyDir()) / kPublicKeyFile).string());
    if (keyPath.empty()) return usage("no academy key: set HOME or XDG_DATA_HOME, or give --key PUBLIC");
    std::string error;
    const auto key = loadPublicKey(keyPath, error);
    if (!key)
        return cannot(error + (args.value("key") ? "" : " (make the academy key with `stipple keys init`, or give --key)"));

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
            openResultsStore(args.value("db").value_or(defaultResultsStore()), StoreMode::ReadOnly, storeError);
        if (!store) return cannot(storeError.message);
        const std::string db = store->location();
        std::optional<ResultRecord> found;
        if (!store->findResultByCode(*code, found, storeError)) return cannot(storeError.message);
        Verification v;
        if (!found) {
            v.reason = "no result with code " + *code + " in " + db +
                       ": the code is unknown to this academy (mistyped, made up, or issued elsewhere)";
            return report(v, args.flag("json"));
        }
        v = verifySignedResult(found->signedText, *key);
        if (v.valid && v.code != *code) {
            v.valid = false;
            v.reason = "the stored result under code " + *code + " has another code when verified: the store was tampered with";
        } else if (v.valid && !v.result.passed) {
            v.valid = false;
            v.reason = "code " + *code + " belongs to a result that is not a pass: there is no certificate";
        }
        return report(v, args.flag("json"));
    }

    const std::string& path = args.positional()[0];
    std::string text;
    if (!readFile(path, text, error)) return cannot(path + ": " + error);
    const bool page = text.rfind("<!DOCTYPE html", 0) == 0 || signedResultFromCertificate(text).has_value();
    Verification v = page ? verifyCertificate(text, *key) : verifySignedResult(text, *key);
    if (v.valid && code && *code != v.code) {
        v.valid = false;
        v.reason = "the code " + *code + " does not belong to this result (its code is " + v.code + ")";
    }
    return report(v, args.flag("json"));
}

const Registration kReg{{"verify", "check a signed exam result or certificate (signature, code)", &runVerify}};

} // namespace

} // namespace stipple::cli
