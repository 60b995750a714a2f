// `stipple badge`: a passed, signed result issued as an Open Badges 3.0 OpenBadgeCredential,
// secured as a VC-JWT with the academy's Ed25519 key (cli/open_badge.h). The result is verified
// first, as for a certificate; the exam file gives the achievement's description and criteria.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/open_badge.h"
#include "config/station_config.h"
#include "exam/exam_reader.h"
#include "exam/signing.h"
#include "io/files.h"
#include "io/utf8.h"

#include <cstdio>
#include <filesystem>

namespace stipple::cli {

namespace {

const CommandDef kBadgeDef{
    "badge",
    "issue a passed, signed result as an Open Badges 3.0 credential (VC-JWT)",
    "usage: stipple badge RESULT --exam EXAM.xml --issuer URL [-o OUT.jwt] [--keys DIR]\n",
    "Issues the Open Badges 3.0 credential (an OpenBadgeCredential, a W3C Verifiable\n"
    "Credential) of a passed, signed result as a VC-JWT signed with the academy's Ed25519\n"
    "key (JOSE alg EdDSA). The exam file gives the achievement's description and criteria;\n"
    "the certificate's expiry becomes the credential's validUntil. `stipple verify OUT.jwt`\n"
    "checks it offline with the academy's public key.\n",
    {
        {"--exam", "FILE", "the exam the result is of (its id must match the result's)"},
        {"--issuer", "URL", "the academy's Open Badges issuer id: a URL it serves"},
        outputOption("FILE", "where to write the JWT (default: standard output)"),
        {"--keys", "DIR",
         "the folder with academy.secret (default: the key folder, keys/ in the\n"
         "data folder: $STIPPLE_USER_DATA, the settings file's user-data=, else\n"
         "~/.local/share/stipple)"},
    },
    "exit status: 0 issued, 1 the result does not verify, is a fail or is of another exam,\n"
    "or a file cannot be read or written, 2 usage error.\n"};

int runBadge(const std::vector<std::string>& argv) {
    const Args args(argv, kBadgeDef);
    if (!args.ok()) return usageError("badge", args.error(), helpText(kBadgeDef));
    if (args.help()) {
        std::fputs(helpText(kBadgeDef).c_str(), stdout);
        return kExitOk;
    }
    if (args.positional().size() != 1)
        return usageError("badge", "give one RESULT file", helpText(kBadgeDef));
    if (!args.value("exam"))
        return usageError("badge", "give --exam EXAM.xml: the achievement's description and criteria",
                          helpText(kBadgeDef));
    const std::string issuer = args.value("issuer").value_or("");
    if (issuer.rfind("https://", 0) != 0 && issuer.rfind("http://", 0) != 0)
        return usageError("badge", "give --issuer URL: the academy's issuer id, an http(s) URL",
                          helpText(kBadgeDef));
    const std::string secretPath =
        args.value("keys") ? (std::filesystem::path(*args.value("keys")) / kSecretKeyFile).string()
                           : defaultKeyFileNoting("badge", kSecretKeyFile);
    if (secretPath.empty())
        return usageError("badge",
                          "no key folder: set HOME, XDG_DATA_HOME or STIPPLE_USER_DATA, or give --keys DIR",
                          helpText(kBadgeDef));
    std::string error;
    const auto secret = loadSecretKey(secretPath, error);
    if (!secret) return cannot("badge", error);
    const std::string& path = args.positional()[0];
    std::string text;
    if (!readFile(path, text, error)) return cannot("badge", path + ": " + error);
    const Verification v = verifySignedResult(text, secret->publicKey());
    if (!v.valid)
        return cannot("badge",
                      path + ": no badge: the result does not verify with the academy key: " + v.reason);
    if (!v.result.passed) return cannot("badge", path + ": no badge: the result is a fail");
    Diagnostics diags;
    const auto exam = loadExamFile(*args.value("exam"), diags);
    std::fputs(diags.formatAll().c_str(), stderr);
    if (!exam) return kExitBadInput;
    if (exam->id != v.result.examId)
        return cannot("badge", path + ": the result is of the exam '" + v.result.examId + "', " +
                                   *args.value("exam") + " is '" + exam->id + "'");
    // A result signed before text was checked may hold bytes that are not UTF-8 (a name typed in
    // Latin-1): a badge is JSON, which cannot carry them. Refused, at the line that holds them.
    if (const auto bad = findUtf8Error(text)) {
        const size_t lineStart = [&] {
            size_t at = 0;
            for (int l = 1; l < bad->line; ++l)
                at = text.find('\n', at) + 1;
            return at;
        }();
        const std::string field = text.substr(lineStart, text.find_first_of(" \n", lineStart) - lineStart);
        const size_t byteAt = lineStart + static_cast<size_t>(bad->column) - 1;
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[byteAt]));
        std::fprintf(stderr,
                     "%s:%d:%d: error: no badge: the result's '%s' line is not valid UTF-8 (byte %s); a "
                     "badge is JSON, "
                     "which must be UTF-8: have the academy issue a new result with this text in UTF-8\n",
                     path.c_str(), bad->line, bad->column, validUtf8OrReplaced(field).c_str(), hex);
        return kExitBadInput;
    }
    std::string jwt = issueOpenBadgeJwt(openBadgeCredential(v.result, *exam, {issuer}), *secret, error);
    if (jwt.empty()) return cannot("badge", path + ": no badge: " + error);
    jwt += "\n";
    if (const auto out = args.value("output"); out && *out != "-") {
        if (!writeFileAtomic(*out, jwt, error)) return cannot("badge", error);
        std::fprintf(stderr, "Open Badges 3.0 credential for %s (%s) written to %s\n",
                     v.result.candidateName.c_str(), v.result.candidateId.c_str(), out->c_str());
    } else {
        std::fwrite(jwt.data(), 1, jwt.size(), stdout);
    }
    return kExitOk;
}

const Registration kBadgeReg{kBadgeDef, &runBadge};

} // namespace

} // namespace stipple::cli
