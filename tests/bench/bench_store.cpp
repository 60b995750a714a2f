// The results store under an academy's load, on each backend: 10,000 signed exam results and
// 10,000 practice runs (8 metrics each) saved one transaction at a time, as stations save them;
// then the reads behind the instructor's reports (every result, every run, the cohort table and
// the item analysis); then two stations saving 2,000 runs each at once.
//   bench_store [--keep] [--count N] [--no-stations] [WHERE...]  (N results and runs; default 10,000;
//                                      --no-stations skips the two-station part, e.g. for a demo store) WHERE
//                                      = an SQLite path or a postgresql:// URL of an EMPTY database (default:
//                                      a temp SQLite file, and $STIPPLE_TEST_PG_URL's server in a new
//                                      database)
// --keep leaves the data there: a populated store for trying `stipple results cohort` and the
// progress and cohort screens (`stipple --db WHERE --trainee C-001 --screen progress`).
#include "exam/signing.h"
#include "level/vocabulary.h"
#include "progress/cohort.h"
#include "random/rng.h"
#include "store/postgres_store.h"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace stipple;

namespace {

using Clock = std::chrono::steady_clock;
double ms(Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

const char* const kLevels[] = {"dot-drill",     "even-patch",      "frontal-hairline", "crown-layers",
                               "spacing-drill", "three-densities", "breaking-rows",    "temples"};

std::string stamp(int day, int minute) {
    return formatUtcTimestamp(1767225600 + static_cast<int64_t>(day) * 86400 +
                              static_cast<int64_t>(minute) * 60);
}

/// Sittings of the foundation exam: candidates of spread ability, 10 questions from a bank of 30.
std::vector<std::pair<std::string, ResultRecord>> makeResults(int count, const KeyPair& keys) {
    Rng rng(2026);
    std::vector<std::pair<std::string, ResultRecord>> out;
    const int candidates = 200;
    for (int i = 0; i < count; ++i) {
        const int c = i % candidates;
        const double ability = -1.5 + 3.0 * c / candidates;
        ExamResult r;
        r.examId = "foundation";
        r.examTitle = "Foundation Certificate";
        r.examSha256 = std::string(64, 'e');
        r.certificateTitle = "Foundation";
        r.issuer = "Academy";
        char id[16];
        std::snprintf(id, sizeof id, "C-%03d", c + 1);
        r.candidateId = id;
        r.candidateName = std::string("Candidate ") + id;
        r.station = "station-" + std::to_string(i % 3 + 1);
        r.attempt = i / candidates + 1;
        r.seed = static_cast<uint64_t>(i);
        r.build = "bench";
        r.startedAt = stamp(30 + i / candidates, c);
        r.finishedAt = stamp(30 + i / candidates, c + 60);
        ResultSection practical;
        practical.id = "practical";
        practical.kind = "practical";
        ResultItem level;
        level.kind = ResultItem::Kind::Level;
        level.ref = kLevels[i % 8];
        for (const auto& m : knownMetrics()) {
            if (level.metrics.size() == 8) break;
            const double s = std::clamp(60 + 15 * ability + rng.normal(0, 12), 0.0, 100.0);
            level.metrics.push_back({std::string(m.id), "", s / 100, s, 1, s >= 50});
        }
        double sum = 0;
        for (const auto& m : level.metrics)
            sum += m.score;
        level.score = sum / static_cast<double>(level.metrics.size());
        level.passed = level.score >= 70;
        practical.items.push_back(level);
        practical.score = level.score;
        practical.passed = level.passed;
        ResultSection theory;
        theory.id = "theory";
        theory.kind = "quiz";
        double credit = 0;
        for (int q = 0; q < 10; ++q) {
            ResultItem item;
            item.kind = ResultItem::Kind::Question;
            const int k = static_cast<int>(rng.below(30));
            item.ref = "aftercare-" + std::to_string(k + 1);
            item.category = k < 15 ? "aftercare" : "hygiene";
            item.source = "banks/brochure.xml";
            // Item difficulty spread; q7 is keyed wrongly (the strong get it "wrong").
            const double difficulty = -2.0 + 4.0 * k / 30.0;
            const double p = 1.0 / (1.0 + std::exp(-(k == 6 ? -ability : ability) + difficulty));
            item.score = rng.uniform() < p ? 1.0 : 0.0;
            item.passed = item.score == 1.0;
            credit += item.score;
            theory.items.push_back(item);
        }
        theory.score = credit * 10;
        theory.passed = theory.score >= 60;
        r.sections = {practical, theory};
        r.score = (practical.score + theory.score) / 2;
        r.passed = practical.passed && theory.passed;
        r.issuedOn = r.finishedAt.substr(0, 10);
        r.resultId = makeResultId(r);
        const std::string text = signResult(r, keys.secretKey);
        out.push_back({text, resultRecordOf(verifySignedResult(text, keys.publicKey), text)});
    }
    return out;
}

PracticeRecord practiceRun(Rng& rng, int i, const std::string& prefix = "") {
    const int c = i % 200;
    char id[16];
    std::snprintf(id, sizeof id, "C-%03d", c + 1);
    const double ability = -1.5 + 3.0 * c / 200;
    const int nth = i / 200; // the trainee improves run by run
    PracticeRecord p;
    p.candidateId = prefix + id;
    p.levelId = kLevels[(i / 200) % 8];
    p.levelSha256 = std::string(64, 'a');
    p.durationS = 60 + rng.uniform(0, 240);
    p.dots = 200 + static_cast<int>(rng.below(400));
    p.finishedAt = stamp(nth / 4, c * 5 + nth % 4);
    double sum = 0;
    int k = 0;
    for (const auto& m : knownMetrics()) {
        if (k++ == 8) break;
        // Each trainee has a weak skill (their id picks it) that improves more slowly.
        const bool weak = (k - 1) == c % 8;
        const double s = std::clamp(
            45 + 12 * ability + nth * (weak ? 0.2 : 0.9) + rng.normal(0, 8) - (weak ? 20 : 0), 0.0, 100.0);
        p.metrics.push_back({std::string(m.id), "", s / 100, s, 1, s >= 50});
        sum += s;
    }
    p.score = sum / 8;
    p.passed = p.score >= 70;
    return p;
}

bool bench(const std::string& where, const std::vector<std::pair<std::string, ResultRecord>>& results,
           int runs, bool twoStations, const PublicKey& key) {
    StoreError error;
    auto store = openResultsStore(where, StoreMode::ReadWrite, error);
    if (!store) {
        std::fprintf(stderr, "bench_store: %s\n", error.message.c_str());
        return false;
    }
    std::printf("%s\n", store->location().c_str());
    auto t = Clock::now();
    for (const auto& r : results)
        if (!store->saveResult(r.second, error)) {
            std::fprintf(stderr, "bench_store: %s\n", error.message.c_str());
            return false;
        }
    const double saveResults = ms(t);
    std::printf("  save %zu signed results (one transaction each)   %8.0f ms  %6.2f ms each\n",
                results.size(), saveResults, saveResults / static_cast<double>(results.size()));
    Rng rng(7);
    t = Clock::now();
    for (int i = 0; i < runs; ++i) {
        PracticeRecord p = practiceRun(rng, i);
        if (!store->savePractice(p, error)) {
            std::fprintf(stderr, "bench_store: %s\n", error.message.c_str());
            return false;
        }
    }
    const double savePractice = ms(t);
    std::printf("  save %d practice runs, 8 metrics each            %8.0f ms  %6.2f ms each\n", runs,
                savePractice, savePractice / runs);
    t = Clock::now();
    std::vector<ResultRecord> rows;
    store->listResults({}, rows, error);
    std::printf("  list every result (%zu)                          %8.0f ms\n", rows.size(), ms(t));
    t = Clock::now();
    std::vector<PracticeRecord> history;
    store->listPractice("C-042", "", history, error);
    std::printf("  one trainee's history (%zu runs, with metrics)        %8.1f ms\n", history.size(), ms(t));
    t = Clock::now();
    CohortData data;
    if (!loadCohortData(*store, data, error, &key)) { // every signature checked, as the reports do
        std::fprintf(stderr, "bench_store: %s\n", error.message.c_str());
        return false;
    }
    const double load = ms(t);
    t = Clock::now();
    const CohortTable table = buildCohortTable(data);
    const auto metrics = metricDistributions(data);
    const auto items = itemAnalysis(data);
    std::printf("  cohort: load everything %8.0f ms, table + distributions + items %6.0f ms (%zu x %zu, %zu "
                "questions)\n",
                load, ms(t), table.candidates.size(), table.columns.size(), items.size());
    if (!twoStations) return true;
    // Two stations at once, each with its own connection.
    t = Clock::now();
    std::vector<std::string> failures(2);
    std::vector<std::thread> stations;
    for (int s = 0; s < 2; ++s)
        stations.emplace_back([&, s] {
            StoreError e;
            auto own = openResultsStore(where, StoreMode::ReadWrite, e);
            Rng r(100 + static_cast<uint64_t>(s));
            for (int i = 0; own && i < 2000; ++i) {
                PracticeRecord p = practiceRun(r, i, s ? "B-" : "A-");
                if (!own->savePractice(p, e)) break;
            }
            if (!e.message.empty()) failures[static_cast<size_t>(s)] = e.message;
        });
    for (auto& th : stations)
        th.join();
    std::printf("  two stations saving 2,000 runs each at once        %8.0f ms  %s\n", ms(t),
                failures[0].empty() && failures[1].empty() ? "nothing lost"
                                                           : (failures[0] + failures[1]).c_str());
    return true;
}

} // namespace

int main(int argc, char** argv) {
    bool keep = false;
    int count = 10000;
    bool stations = true;
    std::vector<std::string> wheres;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--keep")
            keep = true;
        else if (a == "--count" && i + 1 < argc)
            count = std::atoi(argv[++i]);
        else if (a == "--no-stations")
            stations = false;
        else
            wheres.push_back(a);
    }
    std::string tempDir, pgDb, pgBase;
    if (wheres.empty()) {
        tempDir =
            (std::filesystem::temp_directory_path() / ("bench_store_" + std::to_string(::getpid()))).string();
        wheres.push_back(tempDir + "/results.db");
        if (const char* base = std::getenv("STIPPLE_TEST_PG_URL"); base && *base) {
            pgBase = base;
            pgDb = "stipple_bench_" + std::to_string(::getpid());
            PGconn* c = PQconnectdb(base);
            PQclear(PQexec(c, ("CREATE DATABASE " + pgDb).c_str()));
            PQfinish(c);
            std::string url = base;
            const size_t slash = url.find('/', url.find("://") + 3);
            const size_t query = url.find('?');
            wheres.push_back(url.substr(0, slash + 1) + pgDb +
                             (query == std::string::npos ? "" : url.substr(query)));
        } else {
            std::printf("(STIPPLE_TEST_PG_URL is not set: SQLite only)\n");
        }
    }
    const KeyPair keys = generateKeyPair();
    auto t = Clock::now();
    const auto results = makeResults(count, keys);
    std::printf("signing %d results (not timed below): %.0f ms\n", count, ms(t));
    bool ok = true;
    for (const auto& w : wheres)
        ok = bench(w, results, count, stations, keys.publicKey) && ok;
    if (!keep) {
        if (!tempDir.empty()) std::filesystem::remove_all(tempDir);
        if (!pgDb.empty()) {
            PGconn* c = PQconnectdb(pgBase.c_str());
            PQclear(PQexec(c, ("DROP DATABASE " + pgDb + " WITH (FORCE)").c_str()));
            PQfinish(c);
        }
    } else {
        for (const auto& w : wheres)
            std::printf("kept: %s\n", w.c_str());
    }
    return ok ? 0 : 1;
}
