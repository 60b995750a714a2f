// `stipple results`: the academy's records in the results store. `list` shows the stored exam
// results, `export --csv` writes them for a spreadsheet or an LMS, `import` verifies signed
// result files (e.g. copied from exam stations) and adds them — a result that does not verify
// with the academy key is never stored. Reading never changes the database.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/results_reports.h"
#include "exam/signing.h"
#include "io/files.h"
#include "io/numbers.h"
#include "store/outbox.h"
#include "store/postgres_store.h"
#include "store/result_check.h"

#include "cli/json_text.h"
#include "config/station_config.h"
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace stipple::cli {

namespace {

const CommandDef kResultsDef{
    "results",
    "list, import or export (CSV, xAPI, Moodle) exam results; cohort tables and quiz item analysis",
    "usage: stipple results list [--store WHERE] [--key PUBLIC] [--candidate ID] [--exam ID] [--json]\n"
    "       stipple results export --csv [--store WHERE] [--key PUBLIC] [--candidate ID] [--exam ID] [-o "
    "OUT.csv]\n"
    "       stipple results import RESULT... [--store WHERE] [--key PUBLIC]\n"
    "       stipple results cohort [--store WHERE] [--key PUBLIC] [--csv | --metrics-csv] [-o OUT]\n"
    "       stipple results items [--store WHERE] [--key PUBLIC] [--exam ID] [--csv] [-o OUT]\n"
    "       stipple results export --xapi OUT.json [--academy URL] [--store WHERE] [--key PUBLIC]\n"
    "                                  [--candidate ID]\n"
    "       stipple results export --moodle-csv OUT.csv [--store WHERE] [--key PUBLIC]\n"
    "       stipple results grant-station ROLE --store postgresql://OWNER@HOST/DATABASE\n"
    "       stipple results send [--outbox DIR] [--store WHERE] [--key PUBLIC]\n",
    "  list     the stored exam results, oldest first\n"
    "  export   one CSV row per result (RFC 4180, UTF-8, header row): result_id, candidate_id,\n"
    "           candidate_name, exam_id, exam_sha256, attempt, score, passed, finished_at,\n"
    "           issued_on, expires_on, verification_code, key_id, stored_at, sections\n"
    "           (sections: id=score:pass|fail; ...). Text cells that a spreadsheet would run\n"
    "           as a formula (starting with = + - @) are prefixed with '.\n"
    "  import   verify each signed result with the academy key and store it (a result\n"
    "           already stored is skipped; one that fails verification is refused)\n"
    "  cohort   candidates x levels, exam sections and exams: best/latest score (practice\n"
    "           runs and exam levels count in the level's column); then per metric the\n"
    "           distribution of each candidate's latest score. --csv: one row per candidate\n"
    "           and column (runs, passes, best, latest, latest_passed, latest_at);\n"
    "           --metrics-csv: one row per metric (n, mean, sd, min, q1, median, q3, max)\n"
    "  items    quiz item analysis per exam question: facility (mean credit), corrected\n"
    "           point-biserial discrimination, upper-lower 27% index; '!' flags a question\n"
    "           that is too hard, too easy or discriminates weakly or negatively (from 5\n"
    "           responses)\n"
    "  export --xapi      xAPI 1.0.3 statements for a learning record store: the candidate\n"
    "           passed/failed each exam, completed each practice level; result.score.scaled,\n"
    "           success and timestamp; ids stable across exports\n"
    "  export --moodle-csv  a Moodle gradebook import file: ID number, Full name, then the\n"
    "           best score of every exam and exam section\n"
    "  send     store the signed results waiting in this station's outbox (results the\n"
    "           store did not take at the end of an exam: a server down or stalled), each\n"
    "           verified with the academy key, stored once, then removed from the outbox\n"
    "           (default --outbox: $STIPPLE_USER_DATA/outbox, else the data folder's)\n"
    "  grant-station  PostgreSQL: as the schema's owner, make the schema and let ROLE (the\n"
    "           stations' login) add and read rows and nothing else: a station cannot\n"
    "           change a result or drop the triggers that keep results unchanged\n",
    {
        {"--store", "WHERE",
         "the results store: an SQLite file, or the URL of a PostgreSQL server\n"
         "(postgresql://USER@HOST:PORT/DATABASE) that several stations share\n"
         "(default: $STIPPLE_STORE, else the settings file's store=, else results.db\n"
         "in the data folder: $STIPPLE_USER_DATA, the settings file's user-data=,\n"
         "else ~/.local/share/stipple)"},
        {"--db", "PATH", "the same as --store"},
        {"--key", "PUBLIC",
         "the academy's public key (default: academy.public in the key folder).\n"
         "Every report checks each stored result against it: a row whose signed\n"
         "text does not verify, or whose columns differ from what was signed, is\n"
         "marked NOT GENUINE by list and left out of every export and table, named\n"
         "on standard error, and the exit status is 1"},
        outputOption("FILE", "write the CSV to a file (atomically) instead of standard output"),
        {"--bom", "",
         "start CSV output with a UTF-8 byte-order mark, so that Excel reads names\n"
         "such as Zoë right (with --csv, --metrics-csv or --moodle-csv)"},
        {"--academy", "URL",
         "xAPI: the academy's home page, which candidate ids belong to and activity\n"
         "ids start with (default https://academy.invalid: set your own)"},
        {"--candidate", "ID", "only this candidate's results"},
        {"--exam", "ID", "only this exam's results"},
        {"--xapi", "OUT.json", "export: xAPI 1.0.3 statements to OUT.json ('-': standard output)"},
        {"--moodle-csv", "OUT.csv", "export: a Moodle gradebook import file ('-': standard output)"},
        {"--outbox", "DIR", "send: the outbox folder"},
        {"--csv", "", "export, cohort, items: CSV instead of a table"},
        jsonOption("list: JSON"),
        {"--metrics-csv", "", "cohort: one CSV row per metric"},
    },
    "exit status: 0 done, 1 unreadable or unusable database, a result refused, or a stored result\n"
    "that is not genuine, 2 usage error.\n"};

std::string shown(double score) {
    return formatNumber(std::round(score * 100.0) / 100.0);
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
    std::string out =
        "result_id,candidate_id,candidate_name,exam_id,exam_sha256,attempt,score,passed,finished_at,"
        "issued_on,expires_on,verification_code,key_id,stored_at,sections\r\n";
    for (const auto& r : rows) {
        const std::pair<std::string, bool> cells[] = {{r.resultId, true},
                                                      {r.candidateId, true},
                                                      {r.candidateName, true},
                                                      {r.examId, true},
                                                      {r.examSha256, true},
                                                      {std::to_string(r.attempt), false},
                                                      {formatNumber(r.score), false},
                                                      {r.passed ? "true" : "false", false},
                                                      {r.finishedAt, true},
                                                      {r.issuedOn, true},
                                                      {r.expiresOn, true},
                                                      {r.code, true},
                                                      {r.keyId, true},
                                                      {r.storedAt, true},
                                                      {sectionsSummary(r), true}};
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
    return openResultsStore(
        resultsStoreLocation(args.value("store").value_or(args.value("db").value_or("")), userDataDir()),
        mode, error);
}

/// The academy key the reports check stored results against (--key, else the key folder's).
struct ReportKey {
    std::optional<PublicKey> key;
    std::string problem; ///< why there is none
    const PublicKey* get() const { return key ? &*key : nullptr; }
};

ReportKey reportKey(const Args& args) {
    ReportKey out;
    const std::string path =
        args.value("key") ? *args.value("key") : defaultKeyFileNoting("results", kPublicKeyFile);
    if (path.empty()) {
        out.problem =
            "no academy public key (set HOME, XDG_DATA_HOME or STIPPLE_USER_DATA, or give --key PUBLIC)";
        return out;
    }
    std::string why;
    out.key = loadPublicKey(path, why);
    if (!out.key)
        out.problem = "no academy public key to check them against (" + why + "); give --key PUBLIC";
    return out;
}

/// Names on standard error the stored results a report left out or marked; true when there were any.
bool reportNotGenuine(const std::vector<std::string>& rejected, const ReportKey& key, const char* done) {
    if (rejected.empty()) return false;
    if (!key.key) {
        std::fprintf(stderr, "stipple results: %zu stored result%s %s: %s\n", rejected.size(),
                     rejected.size() == 1 ? "" : "s", done, key.problem.c_str());
        return true;
    }
    std::fprintf(stderr,
                 "stipple results: %zu stored result%s NOT GENUINE (%s; whoever can write the database "
                 "changed them, or they were stored under another academy key):\n",
                 rejected.size(), rejected.size() == 1 ? " is" : "s are", done);
    for (const auto& line : rejected)
        std::fprintf(stderr, "  %s\n", line.c_str());
    return true;
}

int list(const Args& args) {
    StoreError error;
    const auto store = openStore(args, StoreMode::ReadOnly, error);
    std::vector<ResultRecord> rows;
    if (!store && error.kind != StoreError::Kind::Missing) return cannot("results", error.message);
    if (store && !store->listResults({args.value("candidate").value_or(""), args.value("exam").value_or("")},
                                     rows, error))
        return cannot("results", error.message);
    // Each row against its signed text: a row that does not match is shown, marked, never trusted.
    const ReportKey key = reportKey(args);
    std::vector<std::string> problems, rejected;
    for (const auto& r : rows) {
        problems.push_back(storedResultProblem(r, key.get()));
        if (!problems.back().empty())
            rejected.push_back("result " + r.resultId + " (candidate " + r.candidateId +
                               "): " + problems.back());
    }
    const int status = rejected.empty() ? kExitOk : kExitBadInput;
    if (args.flag("json")) {
        nlohmann::ordered_json j = nlohmann::ordered_json::array();
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto& r = rows[i];
            nlohmann::ordered_json row = {{"result_id", r.resultId},
                                          {"candidate_id", r.candidateId},
                                          {"candidate_name", r.candidateName},
                                          {"exam_id", r.examId},
                                          {"attempt", r.attempt},
                                          {"score", r.score},
                                          {"passed", r.passed},
                                          {"finished_at", r.finishedAt},
                                          {"expires_on", r.expiresOn},
                                          {"code", r.code},
                                          {"genuine", problems[i].empty()}};
            if (!problems[i].empty()) row["problem"] = problems[i];
            j.push_back(std::move(row));
        }
        std::printf("%s\n", jsonText(j).c_str());
        reportNotGenuine(rejected, key, "marked \"genuine\": false");
        return status;
    }
    if (rows.empty()) {
        std::printf("no results stored%s\n", store ? "" : (" (" + error.message + ")").c_str());
        return kExitOk;
    }
    // Padded by terminal columns, not bytes: "Zoë" and "Zoe" line up (printf's %-24s counts bytes).
    std::printf("%s  %s  %s  %s  %3s  %6s  %-4s  %-10s  %s\n", padTo("finished", 20).c_str(),
                padTo("candidate", 12).c_str(), padTo("name", 24).c_str(), padTo("exam", 22).c_str(), "try",
                "score", "", "expires", "code");
    for (size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        std::printf("%s  %s  %s  %s  %3d  %6s  %-4s  %-10s  %s%s\n", padTo(r.finishedAt, 20).c_str(),
                    padTo(r.candidateId, 12).c_str(), padTo(r.candidateName, 24).c_str(),
                    padTo(r.examId, 22).c_str(), r.attempt, shown(r.score).c_str(),
                    r.passed ? "PASS" : "FAIL", r.expiresOn.empty() ? "-" : r.expiresOn.c_str(),
                    r.code.c_str(), problems[i].empty() ? "" : (key.key ? "  NOT GENUINE" : "  UNCHECKED"));
    }
    std::printf("%zu result%s\n", rows.size(), rows.size() == 1 ? "" : "s");
    reportNotGenuine(rejected, key, key.key ? "marked above" : "not checked");
    return status;
}

/// The CSV text, after a UTF-8 byte-order mark with --bom (Excel guesses the file's code page
/// without one and shows "ZoÃ«" for "Zoë").
std::string csvText(const Args& args, std::string csv) {
    return args.flag("bom") ? "\xEF\xBB\xBF" + csv : csv;
}

int exportCsv(const Args& args) {
    if (!args.flag("csv"))
        return usageError("results", "export needs a format: --csv", helpText(kResultsDef));
    StoreError error;
    const auto store = openStore(args, StoreMode::ReadOnly, error);
    std::vector<ResultRecord> rows;
    if (!store && error.kind != StoreError::Kind::Missing) return cannot("results", error.message);
    if (store && !store->listResults({args.value("candidate").value_or(""), args.value("exam").value_or("")},
                                     rows, error))
        return cannot("results", error.message);
    const ReportKey key = reportKey(args);
    const std::vector<std::string> rejected = keepGenuineResults(rows, key.get());
    const int status = reportNotGenuine(rejected, key, "left out of the export") ? kExitBadInput : kExitOk;
    const std::string csv = csvText(args, resultsCsv(rows));
    if (const auto out = args.value("output")) {
        std::string why;
        if (!writeFileAtomic(*out, csv, why)) return cannot("results", why);
        std::fprintf(stderr, "%zu result%s written to %s\n", rows.size(), rows.size() == 1 ? "" : "s",
                     out->c_str());
        return status;
    }
    std::fwrite(csv.data(), 1, csv.size(), stdout);
    return status;
}

int import(const Args& args) {
    if (args.positional().size() < 2)
        return usageError("results", "import needs at least one RESULT file", helpText(kResultsDef));
    const std::string keyPath =
        args.value("key") ? *args.value("key") : defaultKeyFileNoting("results", kPublicKeyFile);
    if (keyPath.empty())
        return usageError(
            "results", "no academy key: set HOME, XDG_DATA_HOME or STIPPLE_USER_DATA, or give --key PUBLIC",
            helpText(kResultsDef));
    std::string why;
    const auto key = loadPublicKey(keyPath, why);
    if (!key) return cannot("results", why);
    StoreError error;
    const auto store = openStore(args, StoreMode::ReadWrite, error);
    if (!store) return cannot("results", error.message);
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
        std::printf("%s: stored %s (%s, %s, %s)\n", path.c_str(), v.result.resultId.c_str(),
                    v.result.candidateId.c_str(), v.result.examId.c_str(), v.result.passed ? "pass" : "fail");
        ++stored;
    }
    const int total = static_cast<int>(args.positional().size()) - 1;
    std::printf("%d of %d result%s stored in %s%s\n", stored, total, total == 1 ? "" : "s",
                store->location().c_str(),
                refused ? (", " + std::to_string(refused) + " refused").c_str() : "");
    return refused ? kExitBadInput : kExitOk;
}

/// Writes `text` to -o (atomically) or standard output.
int emit(const Args& args, const std::string& text, const std::string& what) {
    if (const auto out = args.value("output")) {
        std::string why;
        if (!writeFileAtomic(*out, text, why)) return cannot("results", why);
        std::fprintf(stderr, "%s written to %s\n", what.c_str(), out->c_str());
        return kExitOk;
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
}

/// Loads everything the reports read; an empty store is an empty cohort, not an error.
bool loadCohort(const Args& args, CohortData& data, int& exitCode) {
    StoreError error;
    const auto store = openStore(args, StoreMode::ReadOnly, error);
    if (!store) {
        if (error.kind == StoreError::Kind::Missing) return true;
        exitCode = cannot("results", error.message);
        return false;
    }
    const ReportKey key = reportKey(args);
    if (!loadCohortData(*store, data, error, key.get())) {
        exitCode = cannot("results", error.message);
        return false;
    }
    if (reportNotGenuine(data.rejected, key, "left out")) exitCode = kExitBadInput;
    return true;
}

int cohort(const Args& args) {
    CohortData data;
    int code = kExitOk;
    if (!loadCohort(args, data, code)) return code;
    const CohortTable table = buildCohortTable(data);
    const int written =
        args.flag("csv") ? emit(args, csvText(args, cohortCsv(table)), "the cohort table")
        : args.flag("metrics-csv")
            ? emit(args, csvText(args, metricsCsv(metricDistributions(data))), "the metric distributions")
            : emit(args, cohortText(table, metricDistributions(data)), "the cohort report");
    return written != kExitOk ? written : code; // 1 when a stored result was left out
}

int items(const Args& args) {
    CohortData data;
    int code = kExitOk;
    if (!loadCohort(args, data, code)) return code;
    std::vector<ItemStats> all = itemAnalysis(data), shown;
    for (auto& i : all)
        if (!args.value("exam") || i.examId == *args.value("exam")) shown.push_back(std::move(i));
    const int written =
        emit(args, args.flag("csv") ? csvText(args, itemsCsv(shown)) : itemsText(shown), "the item analysis");
    return written != kExitOk ? written : code; // 1 when a stored result was left out
}

int exportLms(const Args& args) {
    CohortData data;
    int code = kExitOk;
    if (!loadCohort(args, data, code)) return code;
    if (const auto who = args.value("candidate")) {
        std::erase_if(data.exams, [&](const ExamResult& e) { return e.candidateId != *who; });
        std::erase_if(data.practice, [&](const PracticeRecord& p) { return p.candidateId != *who; });
    }
    std::string why;
    if (const auto path = args.value("xapi")) {
        const std::string academy = args.value("academy").value_or("https://academy.invalid");
        if (academy.find("://") == std::string::npos)
            return usageError("results",
                              "--academy needs a URL (https://your-academy.example), not \"" + academy + "\"",
                              helpText(kResultsDef));
        if (!writeFileAtomic(*path, xapiStatements(data, academy), why)) return cannot("results", why);
        size_t practice = 0;
        for (const auto& p : data.practice)
            practice += p.candidateId.empty() ? 0 : 1;
        std::fprintf(stderr, "%zu xAPI statement%s (%zu exam result%s, %zu practice run%s) written to %s\n",
                     data.exams.size() + practice, data.exams.size() + practice == 1 ? "" : "s",
                     data.exams.size(), data.exams.size() == 1 ? "" : "s", practice, practice == 1 ? "" : "s",
                     path->c_str());
        return code; // 1 when a stored result was left out
    }
    const auto path = args.value("moodle-csv");
    if (!writeFileAtomic(*path, csvText(args, moodleGradebookCsv(buildCohortTable(data))), why))
        return cannot("results", why);
    std::fprintf(stderr, "Moodle gradebook written to %s\n", path->c_str());
    return code; // 1 when a stored result was left out
}

int runResults(const std::vector<std::string>& argv) {
    const Args args(argv, kResultsDef);
    if (!args.ok()) return usageError("results", args.error(), helpText(kResultsDef));
    if (args.flag("bom") && !args.flag("csv") && !args.flag("metrics-csv") && !args.value("moodle-csv"))
        return usageError("results", "--bom is for CSV output: --csv, --metrics-csv or --moodle-csv",
                          helpText(kResultsDef));
    if (args.value("db") && args.value("store"))
        return usageError("results", "give --store or --db, not both", helpText(kResultsDef));
    if (args.help()) {
        std::fputs(helpText(kResultsDef).c_str(), stdout);
        return kExitOk;
    }
    if (args.positional().empty())
        return usageError("results", "say what to do: list, export, import, cohort or items",
                          helpText(kResultsDef));
    const std::string& verb = args.positional()[0];
    const int lmsFormats = (args.value("xapi") ? 1 : 0) + (args.value("moodle-csv") ? 1 : 0);
    if (lmsFormats && verb != "export")
        return usageError("results", "--xapi and --moodle-csv are formats of export", helpText(kResultsDef));
    if (args.value("academy") && !args.value("xapi"))
        return usageError("results", "--academy is for export --xapi", helpText(kResultsDef));
    if (args.flag("metrics-csv") && verb != "cohort")
        return usageError("results", "--metrics-csv is for cohort", helpText(kResultsDef));
    if (verb == "cohort" || verb == "items") {
        if (args.positional().size() > 1)
            return usageError("results", verb + " takes no file arguments", helpText(kResultsDef));
        if (args.flag("json"))
            return usageError("results",
                              verb + " prints a table, --csv" + (verb == "cohort" ? " or --metrics-csv" : ""),
                              helpText(kResultsDef));
        if (args.flag("csv") && args.flag("metrics-csv"))
            return usageError("results", "give --csv or --metrics-csv, not both", helpText(kResultsDef));
        if (verb == "cohort") {
            if (args.value("candidate") || args.value("exam"))
                return usageError("results", "cohort shows every candidate and exam", helpText(kResultsDef));
            return cohort(args);
        }
        if (args.value("candidate"))
            return usageError("results", "items are analysed over every candidate; --exam ID narrows",
                              helpText(kResultsDef));
        return items(args);
    }
    if (verb == "export" && lmsFormats) {
        if (args.positional().size() > 1)
            return usageError("results", "export takes no file arguments", helpText(kResultsDef));
        if (lmsFormats > 1 || args.flag("csv"))
            return usageError("results", "export writes one format: --csv, --xapi or --moodle-csv",
                              helpText(kResultsDef));
        if (args.value("output") || args.flag("json") || args.value("exam"))
            return usageError("results",
                              "--xapi and --moodle-csv take their output file; --candidate narrows --xapi",
                              helpText(kResultsDef));
        if (args.value("candidate") && !args.value("xapi"))
            return usageError("results", "--candidate narrows --xapi only", helpText(kResultsDef));
        return exportLms(args);
    }
    if (verb == "list" || verb == "export") {
        if (args.positional().size() > 1)
            return usageError("results", verb + " takes no file arguments", helpText(kResultsDef));
        if (verb == "list") {
            if (args.flag("csv") || args.value("output"))
                return usageError("results", "list prints a table or --json; use export --csv",
                                  helpText(kResultsDef));
            return list(args);
        }
        if (args.flag("json"))
            return usageError("results", "export writes --csv, --xapi or --moodle-csv",
                              helpText(kResultsDef));
        if (!args.flag("csv"))
            return usageError("results",
                              "export needs a format: --csv, --xapi OUT.json or --moodle-csv OUT.csv",
                              helpText(kResultsDef));
        return exportCsv(args);
    }
    if (verb == "send") {
        if (args.positional().size() != 1)
            return usageError("results", "send takes no file arguments (--outbox DIR)",
                              helpText(kResultsDef));
        const std::string outbox = args.value("outbox").value_or(
            userDataDir().empty() ? std::string()
                                  : (std::filesystem::path(userDataDir()) / "outbox").string());
        if (outbox.empty())
            return usageError("results", "no outbox: set STIPPLE_USER_DATA or HOME, or give --outbox DIR",
                              helpText(kResultsDef));
        const ReportKey key = reportKey(args);
        if (!key.key) return cannot("results", key.problem);
        std::error_code ec;
        if (!std::filesystem::is_directory(outbox, ec)) {
            std::printf("nothing waiting: no outbox at %s\n", outbox.c_str());
            return kExitOk;
        }
        StoreError error;
        const auto store = openStore(args, StoreMode::ReadWrite, error);
        if (!store)
            return cannot("results",
                          error.message + "; the outbox " + outbox + " keeps every result for the next try");
        const OutboxReport sent = sendOutbox(outbox, *store, *key.key);
        for (const auto& p : sent.problems)
            std::fprintf(stderr, "%s\n", p.c_str());
        std::printf("%d result%s sent to %s, %d waiting in %s\n", sent.sent, sent.sent == 1 ? "" : "s",
                    store->location().c_str(), sent.waiting, outbox.c_str());
        return sent.waiting ? kExitBadInput : kExitOk;
    }
    if (verb == "grant-station") {
        if (args.positional().size() != 2)
            return usageError("results", "grant-station needs the stations' ROLE", helpText(kResultsDef));
        const std::string where = args.value("store").value_or(args.value("db").value_or(""));
        if (!isPostgresUrl(where))
            return usageError("results", "grant-station needs --store postgresql://OWNER@HOST/DATABASE",
                              helpText(kResultsDef));
        StoreError error;
        if (!grantStationRole(where, args.positional()[1], error)) return cannot("results", error.message);
        std::printf(
            "%s may now use %s as a station (add and read rows; never change a result or a trigger)\n",
            args.positional()[1].c_str(), redactedStoreUrl(where).c_str());
        return kExitOk;
    }
    if (verb == "import") {
        if (args.flag("csv") || args.flag("json") || args.value("output") || args.value("candidate") ||
            args.value("exam"))
            return usageError("results", "import takes RESULT files, --store and --key only",
                              helpText(kResultsDef));
        return import(args);
    }
    return usageError("results",
                      "unknown action '" + verb +
                          "' (expected list, export, import, send, cohort, items or grant-station)",
                      helpText(kResultsDef));
}

const Registration kResultsReg{kResultsDef, &runResults};

} // namespace

} // namespace stipple::cli
