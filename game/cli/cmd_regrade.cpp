// `stipple regrade RECORDING... [--json] [--base DIR]`: recompute recorded attempts headlessly
// and check they reproduce the original result exactly — a whole exam day at once. Each
// recording's files are checked by content hash, each attempt is replayed and rescored, and
// anything that does not reproduce is said in words. A progress bar is drawn on standard error
// only when it is a terminal. Recordings are regraded in parallel (a thread per processor, each
// with its own Regrader) and reported in the order given. Exit 0 every recording reproduced, 1
// any did not (or could not be read), 2 usage error.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "config/station_config.h"
#include "io/numbers.h"
#include "record/level_versions.h"
#include "record/regrade.h"
#include "record/station_signature.h"
#include "sitting/exam_flow.h"
#include "store/issue_result.h"
#include "store/postgres_store.h"

#include "cli/json_text.h"
#include "cli/recording_json.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>

namespace stipple::cli {

namespace {

const CommandDef kRegradeDef{
    "regrade",
    "replay recorded attempts headlessly and check they reproduce",
    "usage: stipple regrade RECORDING... [--json] [--base DIR] [--user-data DIR] [--result FILE] [--jobs N]\n"
    "       stipple regrade RECORDING... --sign --key ACADEMY.secret --trust STATION.public|DIR...\n"
    "                       [--store WHERE]\n",
    "Replays every practical attempt of each recording on its level with its seed, scores it,\n"
    "and compares the end, the dots and every number of the scorecard with what was recorded\n"
    "at the time, exactly. Every file a recording names (exam, levels, banks, rule books) must\n"
    "still have the content hash it had. A damaged, unfinished or changed recording is reported,\n"
    "never silently accepted. Give many recordings (a whole exam day) at once: a summary lists\n"
    "the ones that do not reproduce.\n"
    "\n"
    "An exam recording is also graded as a whole, from the exam it names (by hash) and its seed,\n"
    "and the result compared byte for byte with the signed result beside it (NAME.result for\n"
    "NAME.stiprec): the result names its recording by SHA-256, so an edited recording or another\n"
    "sitting's result is caught too.\n",
    {
        jsonOption("one JSON object: {\"recordings\": [per recording: path, reproduced, problems,\n"
                   "notes, recovery, header, files, attempts (recorded and regraded end and\n"
                   "scorecard, differences), seconds], \"reproduced\", \"not_reproduced\"}"),
        {"--base", "DIR",
         "resolve the relative paths a recording names against DIR (default: the\n"
         "working directory, as when the sitting was recorded)"},
        {"--user-data", "DIR",
         "the trainer's data folder, whose level-versions/ keeps every level version a\n"
         "recording used: a level edited since is replayed as recorded (default: $STIPPLE_USER_DATA,\n"
         "the settings file's user-data=, else ~/.local/share/stipple)"},
        {"--jobs", "N",
         "regrade N recordings at once (default: one per processor); the reports\n"
         "still come in the order the recordings were given"},
        {"--result", "FILE", "the signed result to compare with (one exam RECORDING only)"},
        {"--key", "ACADEMY.secret", "--sign: the academy's secret key"},
        {"--trust", "STATION.public|DIR", "--sign: a station public key or a folder of them (repeatable)"},
        {"--store", "WHERE", "--sign: also save each signed result to this store"},
        {"--sign", "", "grade and sign exam recordings a trusted station signed (below)"},
    },
    "  --result FILE the signed result to compare with (one exam RECORDING only)\n"
    "\n"
    "The exam officer's setup, where no station holds the academy key: each station signs the\n"
    "recordings it closes with its own key (NAME.stiprec.station-sig). With --sign, every\n"
    "recording must carry a station signature that verifies with a --trust key (a station's\n"
    "public key file, or a folder of them; repeat --trust for more) and matches the recording's\n"
    "bytes, or it is refused; each exam recording that reproduces and has no result yet is then\n"
    "graded and its result signed with --key (the academy's secret key) into NAME.result, and\n"
    "saved to --store when given.\n"
    "\n"
    "exit status: 0 all reproduced, 1 any did not, 2 usage error.\n"};

nlohmann::json scoreJson(const RecordedScore& s) {
    nlohmann::json metrics = nlohmann::json::array();
    for (const RecordedMetric& m : s.metrics)
        metrics.push_back({{"id", m.id},
                           {"zone", m.zone},
                           {"value", m.value},
                           {"score", m.score},
                           {"weight", m.weight},
                           {"passed", m.passed}});
    nlohmann::json vetoes = nlohmann::json::array();
    for (const RecordedVeto& v : s.vetoes)
        vetoes.push_back({{"metric", v.metric}, {"value", v.value}, {"reason", v.reason}});
    return {{"overall", s.overall},    {"passed", s.passed}, {"pass_mark", s.passMark}, {"dots", s.dotCount},
            {"elapsed_s", s.elapsedS}, {"metrics", metrics}, {"vetoes", vetoes}};
}

nlohmann::json endJson(const AttemptEnd& e) {
    return {{"end_tick", e.endTick},
            {"reason", attemptEndReasonName(e.reason)},
            {"dots", e.dotCount},
            {"dots_sha256", e.dotsSha256}};
}

nlohmann::json reportJson(const RegradeReport& r) {
    nlohmann::json j;
    j["path"] = r.path;
    j["reproduced"] = r.reproduced();
    j["problems"] = r.problems;
    j["notes"] = r.notes;
    j["scoring_rules_changed"] = r.scoringRulesChanged;
    j["recovery"] = recoveryJson(r.recovery);
    if (r.header) {
        j["header"] = headerJson(*r.header);
    } else {
        j["header"] = nullptr;
    }
    nlohmann::json files = nlohmann::json::array();
    for (const FileCheck& f : r.files)
        files.push_back({{"role", f.file.role},
                         {"path", f.file.path},
                         {"resolved", f.resolvedPath},
                         {"sha256", f.file.sha256},
                         {"actual_sha256", f.actualSha256},
                         {"problem", f.problem}});
    j["files"] = files;
    nlohmann::json attempts = nlohmann::json::array();
    for (const AttemptRegrade& a : r.attempts) {
        nlohmann::json x = {{"number", a.number},           {"section", a.setup.sectionId},
                            {"item", a.setup.item},         {"level", a.setup.levelPath},
                            {"seed", a.setup.seed},         {"replayed", a.replayed},
                            {"reproduced", a.reproduced()}, {"error", a.error},
                            {"refused", a.refused},         {"differences", a.differences}};
        x["recorded"] = {{"end", a.recordedEnd ? endJson(*a.recordedEnd) : nlohmann::json(nullptr)},
                         {"score", a.recordedScore ? scoreJson(*a.recordedScore) : nlohmann::json(nullptr)}};
        if (a.replayed)
            x["regraded"] = {{"end", endJson(a.regradedEnd)}, {"score", scoreJson(a.regradedScore)}};
        else
            x["regraded"] = nullptr;
        attempts.push_back(std::move(x));
    }
    j["attempts"] = attempts;
    if (!r.examResultText.empty())
        j["exam_result"] = {{"score", r.examScore},
                            {"passed", r.examPassed},
                            {"compared_with", r.resultFile},
                            {"text", r.examResultText}};
    else
        j["exam_result"] = nullptr;
    j["seconds"] = r.seconds;
    return j;
}

/// A one-line progress bar on standard error, only when it is a terminal: the share of the work
/// done over every recording (finished ones count whole, running ones by their replay progress),
/// how many have been reported, and the next recording to be reported.
class ProgressBar {
  public:
    explicit ProgressBar(std::size_t total) : m_total(total), m_enabled(::isatty(STDERR_FILENO) == 1) {}
    ~ProgressBar() { clear(); }
    /// Redraws at most 20 times a second unless `force`.
    void show(double done, std::size_t reported, const std::string& name, bool force) {
        if (!m_enabled) return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - m_last < std::chrono::milliseconds(50)) return;
        m_last = now;
        constexpr int kWidth = 30;
        const int filled = static_cast<int>(std::clamp(done, 0.0, 1.0) * kWidth + 0.5);
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(kWidth, '.');
        std::string shown = name.size() > 40 ? "..." + name.substr(name.size() - 37) : name;
        std::fprintf(stderr, "\r\033[K[%s] %zu/%zu %s", bar.c_str(), reported, m_total, shown.c_str());
        std::fflush(stderr);
        m_drawn = true;
    }
    void clear() {
        if (m_enabled && m_drawn) {
            std::fputs("\r\033[K", stderr);
            std::fflush(stderr);
            m_drawn = false;
        }
    }

  private:
    std::size_t m_total;
    bool m_enabled;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_last{};
};

/// Regrades `paths` on `jobs` threads, each with its own Regrader (a Regrader's file cache is not
/// shared between threads; each thread hashes a level at most once). `onReport` is called on the
/// calling thread for each report in the order of `paths`, as soon as it and every earlier one
/// are done; `onProgress` (done share, reported count) between reports.
std::vector<RegradeReport> regradeAll(const std::vector<std::string>& paths, const RegradeOptions& options,
                                      unsigned jobs,
                                      const std::function<void(std::size_t, const RegradeReport&)>& onReport,
                                      const std::function<void(double, std::size_t)>& onProgress) {
    const std::size_t n = paths.size();
    std::vector<std::optional<RegradeReport>> done(n);
    std::vector<std::atomic<double>> share(n);
    for (auto& f : share)
        f.store(0.0);
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::condition_variable finished;
    auto work = [&] {
        Regrader regrader(options);
        for (std::size_t i = next++; i < n; i = next++) {
            RegradeReport report =
                regrader.regrade(paths[i], [&](double f) { share[i].store(f, std::memory_order_relaxed); });
            const std::lock_guard<std::mutex> lock(mutex);
            done[i] = std::move(report);
            finished.notify_all();
        }
    };
    // The calling thread reports in order while `workers` threads regrade; one job needs no thread.
    const std::size_t workers = std::min<std::size_t>(jobs, n);
    std::vector<std::thread> threads;
    if (workers > 1)
        for (std::size_t t = 0; t < workers; ++t)
            threads.emplace_back(work);
    else
        work();
    std::vector<RegradeReport> reports;
    reports.reserve(n);
    for (std::size_t reported = 0; reported < n;) {
        {
            std::unique_lock<std::mutex> lock(mutex);
            finished.wait_for(lock, std::chrono::milliseconds(50),
                              [&] { return done[reported].has_value(); });
            if (!done[reported]) {
                lock.unlock();
                double sum = 0.0;
                for (std::size_t i = 0; i < n; ++i)
                    sum += share[i].load(std::memory_order_relaxed);
                onProgress(sum / static_cast<double>(n), reported);
                continue;
            }
            reports.push_back(std::move(*done[reported]));
        }
        onReport(reported, reports.back());
        ++reported;
    }
    for (std::thread& t : threads)
        t.join();
    return reports;
}

std::string attemptSummary(const AttemptRegrade& a) {
    if (!a.replayed) return "not replayed";
    const RecordedScore& s = a.regradedScore;
    if (s.metrics.empty() && !a.recordedScore) return std::to_string(a.regradedEnd.dotCount) + " dots";
    return formatNumber(std::round(s.overall * 100.0) / 100.0) + (s.passed ? " passed" : " not passed");
}

/// regrade --sign: signs the result of every exam recording that reproduced (its station
/// signature checked) and has no signed result yet; returns how many could not be signed.
std::size_t signRegraded(const std::vector<RegradeReport>& reports, const SecretKey& key, const Args& opt,
                         bool json) {
    std::unique_ptr<ResultsStore> store;
    std::size_t refused = 0;
    if (const auto where = opt.value("store")) {
        StoreError se;
        store = openResultsStore(*where, StoreMode::ReadWrite, se);
        if (!store) {
            std::fprintf(stderr, "stipple regrade: %s: nothing signed\n", se.message.c_str());
            return reports.size();
        }
    }
    FILE* out = json ? stderr : stdout;
    for (const RegradeReport& r : reports) {
        if (!r.reproduced()) {
            std::fprintf(out, "not signed: %s (%s)\n", r.path.c_str(), r.problems.front().c_str());
            ++refused;
            continue;
        }
        if (!r.examResult) continue; // a practice recording: nothing to sign
        if (!r.resultFile.empty()) {
            std::fprintf(out, "already signed: %s (%s)\n", r.path.c_str(), r.resultFile.c_str());
            continue;
        }
        std::filesystem::path resultPath(r.path);
        resultPath.replace_extension(".result");
        IssuedResult issued;
        std::string error;
        if (!issueResult(*r.examResult, key, resultPath.string(), store.get(), issued, error)) {
            std::fprintf(out, "not signed: %s (%s)\n", r.path.c_str(), error.c_str());
            ++refused;
            continue;
        }
        std::fprintf(out, "signed: %s, station %s: %s %s, code %s%s\n", resultPath.string().c_str(),
                     r.station.c_str(), formatNumber(std::round(r.examResult->score * 100.0) / 100.0).c_str(),
                     r.examResult->passed ? "passed" : "not passed", issued.code.c_str(),
                     issued.stored ? ", stored" : "");
    }
    return refused;
}

int runRegrade(const std::vector<std::string>& argv) {
    const Args opt(argv, kRegradeDef);
    if (opt.help()) {
        std::fputs(helpText(kRegradeDef).c_str(), stdout);
        return kExitOk;
    }
    if (!opt.ok()) return usageError("regrade", opt.error(), helpText(kRegradeDef));
    const std::vector<std::string>& paths = opt.positional();
    if (paths.empty()) return usageError("regrade", "give at least one RECORDING", helpText(kRegradeDef));

    RegradeOptions options;
    if (const auto base = opt.value("base")) options.baseDir = *base;
    options.levelVersionsDir = levelVersionsDir(opt.value("user-data").value_or(userDataDir()));
    if (const auto result = opt.value("result")) {
        if (paths.size() != 1)
            return usageError("regrade", "--result goes with one RECORDING", helpText(kRegradeDef));
        options.resultFile = *result;
    }
    std::optional<SecretKey> academyKey;
    if (opt.flag("sign")) {
        if (!opt.value("key"))
            return usageError("regrade", "--sign needs --key ACADEMY.secret", helpText(kRegradeDef));
        if (opt.values("trust").empty())
            return usageError("regrade", "--sign needs --trust with the station public keys it accepts",
                              helpText(kRegradeDef));
        if (opt.value("result"))
            return usageError("regrade", "--sign writes the results beside the recordings: no --result",
                              helpText(kRegradeDef));
        std::string error;
        academyKey = loadSecretKey(*opt.value("key"), error);
        if (!academyKey) return cannot("regrade", error);
        if (!loadTrustedStationKeys(opt.values("trust"), options.trustedStations, error))
            return cannot("regrade", error);
        options.requireStationSignature = true;
    } else if (opt.value("key") || opt.value("trust") || opt.value("store")) {
        return usageError("regrade", "--key, --trust and --store go with --sign", helpText(kRegradeDef));
    }
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    if (const auto j = opt.value("jobs")) {
        const auto n = parseInteger(*j);
        if (!n || *n < 1 || *n > 1024)
            return usageError("regrade",
                              "--jobs must be a number of threads from 1 to 1024, got '" + *j + "'",
                              helpText(kRegradeDef));
        jobs = static_cast<unsigned>(*n);
    }
    const auto t0 = std::chrono::steady_clock::now();
    ProgressBar bar(paths.size());
    bar.show(0.0, 0, paths[0], true);
    const bool json = opt.flag("json");
    const std::vector<RegradeReport> reports = regradeAll(
        paths, options, jobs,
        [&](std::size_t i, const RegradeReport& r) {
            if (!json) {
                // Printed in the order given, as soon as they are known; the bar is cleared first.
                bar.clear();
                std::string what;
                for (const AttemptRegrade& a : r.attempts)
                    what += (what.empty() ? "" : "; ") + attemptSummary(a);
                std::printf("%s  %s  (%zu %s%s%s, %.1f s)\n",
                            r.reproduced() ? "reproduced    " : "NOT REPRODUCED", r.path.c_str(),
                            r.attempts.size(), r.attempts.size() == 1 ? "attempt" : "attempts",
                            what.empty() ? "" : ": ", what.c_str(), r.seconds);
                if (!r.scoringRulesChanged.empty())
                    std::printf("    why: %s\n", r.scoringRulesChanged.c_str());
                if (!r.examResultText.empty())
                    std::printf("    exam result %s, %s%s%s\n",
                                formatNumber(std::round(r.examScore * 100.0) / 100.0).c_str(),
                                r.examPassed ? "passed" : "not passed",
                                r.resultFile.empty()
                                    ? ""
                                    : (r.reproduced() ? ": the same bytes as " : ": compared with "),
                                r.resultFile.c_str());
                for (const std::string& p : r.problems)
                    std::printf("    %s\n", p.c_str());
                for (const std::string& note : r.notes)
                    std::printf("    note: %s\n", note.c_str());
                std::fflush(stdout);
            }
            if (i + 1 < paths.size())
                bar.show(static_cast<double>(i + 1) / static_cast<double>(paths.size()), i + 1, paths[i + 1],
                         true);
        },
        [&](double share, std::size_t reported) { bar.show(share, reported, paths[reported], false); });
    bar.clear();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::size_t reproduced = 0, refusedToSign = 0;
    for (const RegradeReport& r : reports)
        reproduced += r.reproduced() ? 1 : 0;
    if (academyKey) refusedToSign = signRegraded(reports, *academyKey, opt, json);
    const std::size_t failed = reports.size() - reproduced;
    if (opt.flag("json")) {
        nlohmann::json all = nlohmann::json::array();
        for (const RegradeReport& r : reports)
            all.push_back(reportJson(r));
        const nlohmann::json out = {
            {"recordings", all}, {"reproduced", reproduced}, {"not_reproduced", failed}};
        std::printf("%s\n", jsonText(out).c_str());
    } else {
        std::printf("\n%zu %s: %zu reproduced, %zu did not\n", reports.size(),
                    reports.size() == 1 ? "recording" : "recordings", reproduced, failed);
        std::printf("regraded in %.2f s on %u %s\n", wall,
                    std::min<unsigned>(jobs, static_cast<unsigned>(reports.size())),
                    std::min<std::size_t>(jobs, reports.size()) == 1 ? "thread" : "threads");
        for (const RegradeReport& r : reports)
            if (!r.reproduced())
                std::printf(
                    "  %s: %s\n", r.path.c_str(),
                    (r.scoringRulesChanged.empty() ? r.problems.front() : r.scoringRulesChanged).c_str());
    }
    return failed == 0 && refusedToSign == 0 ? kExitOk : kExitBadInput;
}

const Registration kRegradeReg{kRegradeDef, &runRegrade};

} // namespace

} // namespace stipple::cli
