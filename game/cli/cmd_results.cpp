// `stipple results`: the academy's records in the results store. `list` shows the stored exam
// results, `export --csv` writes them for a spreadsheet or an LMS, `import` verifies signed
// result files (e.g. copied from exam stations) and adds them — a result that does not verify
// with the academy key is never stored. Reading never changes the database.
#include "cli/args.h"
#include "cli/cli.h"
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
    "usage: stipple results list [--store WHERE] [--candidate ID] [--exam ID] [--json]\n"
    "       stipple results export --csv [--store WHERE] [--candidate ID] [--exam ID] [-o OUT.csv]\n"
    "       stipple results import RESULT... [--store WHERE] [--key PUBLIC]\n"
    "\n"
    "  list     the stored exam results, oldest first\n"
    "  export   one CSV row per result (RFC 4180, UTF-8, header row): result_id, candidate_id,\n"
    "           candidate_name, exam_id, exam_sha256, attempt, score, passed, finished_at,\n"
    "           issued_on, expires_on, verification_code, key_id, stored_at, sections\n"
    "           (sections: id=score:pass|fail; ...). Text cells that a spreadsheet would run\n"
    "           as a formula (starting with = + - @) are prefixed with '.\n"
    "  import   verify each signed result with the academy key and store it (a result\n"
    "           already stored is skipped; one that fails verification is refused)\n"
    "\n"
    "  --store WHERE  the results store: an SQLite file, or the URL of a PostgreSQL server\n"
    "                 (postgresql://USER@HOST:PORT/DATABASE) that several stations share\n"
    "                 (default: $STIPPLE_STORE, else $XDG_DATA_HOME/stipple/results.db, else\n"
    "                 ~/.local/share/stipple/results.db)\n"
    "  --db PATH      the same as --store\n"
    "  --key PUBLIC   the academy's public key (default: academy.public in the key folder)\n"
    "  -o, --output   write the CSV to a file (atomically) instead of standard output\n"
    "\n"
    "exit status: 0 done, 1 unreadable or unusable database, or a result refused, 2 usage error.\n";

int usage(const std::string& message) {
    std::fprintf(stderr, "stipple results: %s\n\n%s", message.c_str(), kUsage);
    return kExitUsage;
}

int cannot(const std::string& message) {
    std::fprintf(stderr, "stipple results: %s\n", message.c_str());
    return kExitBadInput;
}

std::string shown(double score) { return formatNumber(std::round(score * 100.0) / 100.0); }

/// RFC 4180 cell; text that a spreadsheet would evaluate gets a leading apostrophe.
std::string csvCell(const std::string& value, bool text) {
    std::string v = value;
    if (text && !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
        v.insert(0, "'");
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string sectionsSummary(const ResultRecord& r) {
    std::string error;
    const auto result = readSignedResultUnverified(r.signedText, error);
    if (!result) return "";
    std::string out;
    for (const auto& s : result->sections)
        out += (out.empty() ? "" : "; ") + s.id + "=" + shown(s.score) + ":" + (s.passed ? "pass" : "fail");
    return out;
}

std::string resultsCsv(const std::vector<ResultRecord>& rows) {
    std::string out = "result_id,candidate_id,candidate_name,exam_id,exam_sha256,attempt,score,passed,finished_at,"
                      "issued_on,expires_on,verification_code,key_id,stored_at,sections\r\n";
    for (const auto& r : rows) {
        const std::pair<std::string, bool> cells[] = {
            {r.resultId, true},     {r.candidateId, true}, {r.candidateName, true},  {r.examId, true},
            {r.examSha256, true},   {std::to_string(r.attempt), false}, {formatNumber(r.score), false},
            {r.passed ? "true" : "false", false}, {r.finishedAt, true}, {r.issuedOn, true}, {r.expiresOn, true},
            {r.code, true},         {r.keyId, true},       {r.storedAt, true},       {sectionsSummary(r), true}};
        bool first = true;
        for (const auto& [value, text] : cells) {
            if (!first) out += ',';
            out += csvCell(value, text);
            first = false;
        }
        out += "\r\n";
    }
    return out;
}

std::unique_ptr<ResultsStore> openStore(const Args& args, StoreMode mode, StoreError& error) {
    return openResultsStore(args.value("store").value_or(args.value("db").value_or(defaultResultsStore())), mode, error);
}

int list(const Args& args) {
    StoreError error;
    const auto store = openStore(args, StoreMode::ReadOnly, error);
    std::vector<ResultRecord> rows;
    if (!store && error.kind != StoreError::Kind::Missing) return cannot(error.message);
    if (store && !store->listResults({args.value("candidate").value_or(""), args.value("exam").value_or("")}, rows, error))
        return cannot(error.message);
    if (args.flag("json")) {
        nlohmann::ordered_json j = nlohmann::ordered_json::array();
        for (const auto& r : rows)
            j.push_back({{"result_id", r.resultId},   {"candidate_id", r.candidateId}, {"candidate_name", r.candidateName},
                         {"exam_id", r.examId},       {"attempt", r.attempt},          {"score", r.score},
                         {"passed", r.passed},        {"finished_at", r.finishedAt},   {"expires_on", r.expiresOn},
                         {"code", r.code}});
        std::printf("%s\n", j.dump(2).c_str());
        return kExitOk;
    }
    if (rows.empty()) {
        std::printf("no results stored%s\n", store ? "" : (" (" + error.message + ")").c_str());
        return kExitOk;
    }
    std::printf("%-20s  %-12s  %-24s  %-22s  %3s  %6s  %-4s  %-10s  %s\n", "finished", "candidate", "name", "exam",
                "try", "score", "", "expires", "code");
    for (const auto& r : rows)
        std::printf("%-20s  %-12s  %-24s  %-22s  %3d  %6s  %-4s  %-10s  %s\n", r.finishedAt.c_str(),
                    r.candidateId.c_str(), r.candidateName.c_str(), r.examId.c_str(), r.attempt, shown(r.score).c_str(),
                    r.passed ? "PASS" : "FAIL", r.expiresOn.empty() ? "-" : r.expiresOn.c_str(), r.code.c_str());
    std::printf("%zu result%s\n", rows.size(), rows.size() == 1 ? "" : "s");
    return kExitOk;
}

int exportCsv(const Args& args) {
    if (!args.flag("csv")) return usage("export needs a format: --csv");
    StoreError error;
    const auto store = openStore(args, StoreMode::ReadOnly, error);
    std::vector<ResultRecord> rows;
    if (!store && error.kind != StoreError::Kind::Missing) return cannot(error.message);
    if (store && !store->listResults({args.value("candidate").value_or(""), args.value("exam").value_or("")}, rows, error))
        return cannot(error.message);
    const std::string csv = resultsCsv(rows);
    if (const auto out = args.value("output")) {
        std::string why;
        if (!writeFileAtomic(*out, csv, why)) return cannot(why);
        std::fprintf(stderr, "%zu result%s written to %s\n", rows.size(), rows.size() == 1 ? "" : "s", out->c_str());
        return kExitOk;
    }
    std::fwrite(csv.data(), 1, csv.size(), stdout);
    return kExitOk;
}

int import(const Args& args) {
    if (args.positional().size() < 2) return usage("import needs at least one RESULT file");
    const std::string keyPath =
        args.value("key").value_or(defaultKeyDir().empty()
                                       ? std::string()
                                       : (std::filesystem::path(defaultKeyDir()) / kPublicKeyFile).string());
    if (keyPath.empty()) return usage("no academy key: set HOME or XDG_DATA_HOME, or give --key PUBLIC");
    std::string why;
    const auto key = loadPublicKey(keyPath, why);
    if (!key) return cannot(why);
    StoreError error;
    const auto store = openStore(args, StoreMode::ReadWrite, error);
    if (!store) return cannot(error.message);
    int stored = 0, refused = 0;
    for (size_t i = 1; i < args.positional().size(); ++i) {
        const std::string& path = args.positional()[i];
        std::string text;
        if (!readFile(path, text, why)) {
            std::fprintf(stderr, "%s: refused: %s\n", path.c_str(), why.c_str());
            ++refused;
            continue;
        }
        const Verification v = verifySignedResult(text, *key);
        if (!v.valid) {
            std::fprintf(stderr, "%s: refused: %s\n", path.c_str(), v.reason.c_str());
            ++refused;
            continue;
        }
        std::optional<ResultRecord> existing;
        if (store->findResultByCode(v.code, existing, error) && existing && existing->signedText == text) {
            std::printf("%s: already stored as %s\n", path.c_str(), v.result.resultId.c_str());
            ++stored;
            continue;
        }
        if (!store->saveResult(resultRecordOf(v, text), error)) {
            std::fprintf(stderr, "%s: refused: %s\n", path.c_str(), error.message.c_str());
            ++refused;
            if (error.kind != StoreError::Kind::Conflict) break; // the database itself is unusable
            continue;
        }
        std::printf("%s: stored %s (%s, %s, %s)\n", path.c_str(), v.result.resultId.c_str(), v.result.candidateId.c_str(),
                    v.result.examId.c_str(), v.result.passed ? "pass" : "fail");
        ++stored;
    }
    const int total = static_cast<int>(args.positional().size()) - 1;
    std::printf("%d of %d result%s stored in %s%s\n", stored, total, total == 1 ? "" : "s", store->location().c_str(),
                refused ? (", " + std::to_string(refused) + " refused").c_str() : "");
    return refused ? kExitBadInput : kExitOk;
}

int runResults(const std::vector<std::string>& argv) {
    std::vector<std::string> a = argv;
    for (auto& s : a)
        if (s == "-o") s = "--output";
    const Args args(a, {"db", "store", "candidate", "exam", "output", "key"}, {"help", "csv", "json"});
    if (!args.ok()) return usage(args.error());
    if (args.value("db") && args.value("store")) return usage("give --store or --db, not both");
    if (args.flag("help")) {
        std::fputs(kUsage, stdout);
        return kExitOk;
    }
    if (args.positional().empty()) return usage("say what to do: list, export or import");
    const std::string& verb = args.positional()[0];
    if (verb == "list" || verb == "export") {
        if (args.positional().size() > 1) return usage(verb + " takes no file arguments");
        if (args.value("key")) return usage("--key is for import");
        if (verb == "list") {
            if (args.flag("csv") || args.value("output")) return usage("list prints a table or --json; use export --csv");
            return list(args);
        }
        if (args.flag("json")) return usage("export writes --csv");
        return exportCsv(args);
    }
    if (verb == "import") {
        if (args.flag("csv") || args.flag("json") || args.value("output") || args.value("candidate") || args.value("exam"))
            return usage("import takes RESULT files, --store and --key only");
        return import(args);
    }
    return usage("unknown action '" + verb + "' (expected list, export or import)");
}

const Registration kReg{{"results", "list, export (CSV) or import signed exam results in the results store", &runResults}};

} // namespace

} // namespace stipple::cli
