// Cohort analysis and a trainee's progress on constructed data with answers worked out by hand: the
// candidates × levels, sections and exams table (best, latest, runs, passes; practice and exam levels in one
// column), metric distributions (latest score per candidate, quartiles, standard deviation, histogram) and
// quiz item analysis (facility, corrected point-biserial, upper–lower 27 % index, flags). Then the
// same figures from a real store, results parsed from their signed text.
#include "exam/signing.h"
#include "progress/cohort.h"
#include "progress/progress.h"
#include "scoring/score_attempt.h"
#include "store/sqlite_store.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace stipple;
using Catch::Detail::Approx;

namespace {

PracticeRecord run(const std::string& who, const std::string& level, double score, const std::string& at,
                   std::vector<ResultMetric> metrics = {}) {
    PracticeRecord p;
    p.candidateId = who;
    p.levelId = level;
    p.score = score;
    p.passed = score >= 70;
    p.finishedAt = at;
    p.metrics = std::move(metrics);
    return p;
}

ResultMetric metric(const std::string& id, double score, const std::string& zone = "") {
    return {id, zone, 0.0, score, 1.0, score >= 50};
}

ResultItem question(const std::string& id, double credit) {
    ResultItem q;
    q.kind = ResultItem::Kind::Question;
    q.ref = id;
    q.category = "aftercare";
    q.source = "banks/brochure.xml";
    q.score = credit;
    q.passed = credit == 1.0;
    return q;
}

/// A sitting of `exam` with one quiz section holding `credits` for q1, q2, ...
ExamResult sitting(const std::string& exam, const std::string& who, const std::string& at,
                   const std::vector<double>& credits, const std::string& prefix = "q") {
    ExamResult e;
    e.examId = exam;
    e.examTitle = exam;
    e.candidateId = who;
    e.candidateName = "Name of " + who;
    e.finishedAt = at;
    ResultSection s;
    s.id = "theory";
    s.kind = "quiz";
    double sum = 0;
    for (size_t i = 0; i < credits.size(); ++i) {
        s.items.push_back(question(prefix + std::to_string(i + 1), credits[i]));
        sum += credits[i];
    }
    s.score = 100.0 * sum / static_cast<double>(credits.size());
    s.passed = s.score >= 60;
    e.sections.push_back(s);
    e.score = s.score;
    e.passed = s.passed;
    return e;
}

const ItemStats& find(const std::vector<ItemStats>& items, const std::string& exam, const std::string& id) {
    for (const auto& i : items)
        if (i.examId == exam && i.questionId == id) return i;
    FAIL("no item " << exam << "/" << id);
    return items.front();
}

} // namespace

TEST_CASE("cohort: candidates x levels, sections and exams, best and latest", "[cohort]") {
    CohortData data;
    data.candidates = {{"C-1", "Ana", "2026-01-01T00:00:00Z"}, {"C-3", "Cy", "2026-01-01T00:00:00Z"}};
    data.practice = {run("C-1", "dot-drill", 55, "2026-03-01T09:00:00Z"),
                     run("C-1", "dot-drill", 81, "2026-03-02T09:00:00Z"),
                     run("C-2", "even-patch", 40, "2026-03-02T10:00:00Z"),
                     run("C-1", "dot-drill", 76, "2026-03-03T09:00:00Z")};
    // C-1 sits the exam: the practical level counts in the dot-drill column too.
    ExamResult e = sitting("foundation", "C-1", "2026-03-05T10:00:00Z", {1, 0, 1, 1, 0}); // theory 60
    ResultSection practical;
    practical.id = "practical";
    practical.kind = "practical";
    ResultItem level;
    level.kind = ResultItem::Kind::Level;
    level.ref = "dot-drill";
    level.score = 64;
    level.passed = false;
    practical.items.push_back(level);
    practical.score = 64;
    e.sections.insert(e.sections.begin(), practical);
    e.score = 62;
    e.passed = false;
    data.exams.push_back(e);

    const CohortTable t = buildCohortTable(data);
    CHECK(t.candidates == std::vector<std::string>{"C-1", "C-2", "C-3"}); // C-3: known, nothing yet
    CHECK(t.names.at("C-1") == "Ana");
    REQUIRE(t.columns.size() == 5);
    CHECK(t.columns[0] == CohortColumn{CohortColumn::Kind::Level, "dot-drill", "dot-drill"});
    CHECK(t.columns[1] == CohortColumn{CohortColumn::Kind::Level, "even-patch", "even-patch"});
    CHECK(t.columns[2] ==
          CohortColumn{CohortColumn::Kind::Section, "foundation/practical", "foundation/practical"});
    CHECK(t.columns[3] ==
          CohortColumn{CohortColumn::Kind::Section, "foundation/theory", "foundation/theory"});
    CHECK(t.columns[4] == CohortColumn{CohortColumn::Kind::Exam, "foundation", "foundation"});

    const CohortCell* drill = t.cell("C-1", 0);
    REQUIRE(drill);
    CHECK(drill->runs == 4); // three practice runs and the exam's level
    CHECK(drill->passes == 2);
    CHECK(drill->best == 81);
    CHECK(drill->latest == 64); // the exam, the most recent
    CHECK_FALSE(drill->latestPassed);
    CHECK(drill->latestAt == "2026-03-05T10:00:00Z");
    CHECK(t.cell("C-1", 1) == nullptr);
    REQUIRE(t.cell("C-2", 1));
    CHECK(t.cell("C-2", 1)->best == 40);
    REQUIRE(t.cell("C-1", 3));
    CHECK(t.cell("C-1", 3)->latest == 60);
    CHECK(t.cell("C-1", 4)->latest == 62);
    CHECK(t.cell("C-3", 0) == nullptr);
}

TEST_CASE("cohort: a metric's distribution is over each candidate's latest score", "[cohort]") {
    CohortData data;
    // spacing, latest per candidate: C-1 20 (its 90 is older), C-2 40, C-3 60 (exam), C-4 100.
    data.practice = {
        run("C-1", "dot-drill", 80, "2026-03-01T09:00:00Z", {metric("spacing", 90)}),
        run("C-1", "spacing", 30, "2026-03-04T09:00:00Z", {metric("spacing", 20)}),
        run("C-2", "dot-drill", 50, "2026-03-02T09:00:00Z",
            {metric("spacing", 40), metric("density", 30, "crown"), metric("density", 50, "front")}),
        run("C-4", "dot-drill", 99, "2026-03-02T09:00:00Z", {metric("spacing", 100)}),
        run("C-3", "dot-drill", 10, "2026-03-01T09:00:00Z", {metric("spacing", 5)})};
    ExamResult e;
    e.examId = "foundation";
    e.candidateId = "C-3";
    e.finishedAt = "2026-03-06T09:00:00Z";
    ResultSection s;
    s.kind = "practical";
    ResultItem level;
    level.kind = ResultItem::Kind::Level;
    level.metrics = {metric("spacing", 60)};
    s.items.push_back(level);
    e.sections.push_back(s);
    data.exams.push_back(e);

    const auto d = metricDistributions(data);
    REQUIRE(d.size() == 2);
    CHECK(d[0].metric == "density");                // by id
    CHECK(d[0].samples == std::vector<double>{40}); // one run, the mean of its two zones
    CHECK(d[0].sd == 0);
    CHECK(d[1].metric == "spacing");
    CHECK(d[1].samples == std::vector<double>{20, 40, 60, 100});
    CHECK(d[1].mean == 55);
    // sd = sqrt(((-35)² + (-15)² + 5² + 45²) / 3) = sqrt(3500 / 3)
    CHECK(d[1].sd == Approx(std::sqrt(3500.0 / 3.0)));
    CHECK(d[1].min == 20);
    CHECK(d[1].q1 == 35);     // rank 0.75: 20 + 0.75 × 20
    CHECK(d[1].median == 50); // rank 1.5
    CHECK(d[1].q3 == 70);     // rank 2.25: 60 + 0.25 × 40
    CHECK(d[1].max == 100);
    CHECK(d[1].histogram == std::vector<int>{0, 0, 1, 0, 1, 0, 1, 0, 0, 1}); // 100 falls in the last bin
    CHECK(quantile({}, 0.5) == 0);
    CHECK(quantile({7}, 0.25) == 7);
}

TEST_CASE("cohort: item analysis, facility and discrimination per question", "[cohort]") {
    // Six sittings of five questions (credits; q4 has a half mark):
    //          q1  q2  q3  q4   q5
    //   S1      1   1   1   1    0
    //   S2      1   1   0   1    0
    //   S3      1   1   0  0.5   0
    //   S4      0   1   0   1    1
    //   S5      0   1   0   0    1
    //   S6      0   1   0  0.5   1
    CohortData data;
    const std::vector<std::vector<double>> m = {{1, 1, 1, 1, 0}, {1, 1, 0, 1, 0}, {1, 1, 0, 0.5, 0},
                                                {0, 1, 0, 1, 1}, {0, 1, 0, 0, 1}, {0, 1, 0, 0.5, 1}};
    for (size_t i = 0; i < m.size(); ++i)
        data.exams.push_back(sitting("foundation", "C-" + std::to_string(i + 1),
                                     "2026-03-0" + std::to_string(i + 1) + "T09:00:00Z", m[i]));
    // Another exam whose one question only two sittings drew.
    data.exams.push_back(sitting("refresher", "C-1", "2026-04-01T09:00:00Z", {1, 0}, "r"));
    data.exams.push_back(sitting("refresher", "C-2", "2026-04-01T09:00:00Z", {0, 1}, "r"));

    const auto items = itemAnalysis(data);
    REQUIRE(items.size() == 7);
    CHECK(items[0].examId == "foundation");
    CHECK(items[0].questionId == "q1");
    CHECK(items[0].category == "aftercare");
    CHECK(items[0].source == "banks/brochure.xml");

    // q5: credits x = 0 0 0 1 1 1; rest scores (mean of the other four) y = 1, .75, .625, .5, .25, .375.
    // mean x .5, mean y 3.5/6; Sxy = .5 × ((.5 + .25 + .375) − (1 + .75 + .625)) = −.625; Sxx = 1.5;
    // Syy = 2.40625 − 6 × (3.5/6)² = .364583…; r = −.625 / sqrt(1.5 × .364583…) = −.845154…
    // 27 % of 6 sittings is 2: the top two by rest score (S1, S2) scored 0, the bottom two (S5, S6) 1.
    const ItemStats& q5 = find(items, "foundation", "q5");
    CHECK(q5.responses == 6);
    CHECK(q5.facility == 0.5);
    CHECK(q5.discrimination == Approx(-0.845154254728517));
    CHECK(q5.upperLower == -1.0);
    CHECK(q5.flagged);
    CHECK(q5.why ==
          "negative discrimination (-0.845): stronger candidates get it wrong more often; check the key");

    // q2: everyone right: no spread, so no correlation; too easy.
    const ItemStats& q2 = find(items, "foundation", "q2");
    CHECK(q2.facility == 1.0);
    CHECK(std::isnan(q2.discrimination));
    CHECK(q2.upperLower == 0.0);
    CHECK(q2.why == "too easy (facility 1): it tells no one apart");

    // q3: one in six; the one who got it has the best rest score (.75, tied with S2 and S4).
    // x = 1 0 0 0 0 0, y = .75 .75 .625 .75 .5 .625: Sxy = 5/6 × .75 − 1/6 × (.75 + .625 + .75 + .5 + .625)
    // = .625 − .541667 = .083333; Sxx = 5/6; Syy = .052083…; r = .083333 / sqrt(5/6 × .052083) = 0.4
    const ItemStats& q3 = find(items, "foundation", "q3");
    CHECK(q3.facility == Approx(1.0 / 6.0));
    CHECK(q3.discrimination == Approx(0.4));
    CHECK(q3.why == "too hard (facility 0.167): check the key and the wording");

    // q4: a fair question (facility 2/3, r = 0.4): listed, not flagged.
    const ItemStats& q4 = find(items, "foundation", "q4");
    CHECK(q4.facility == Approx(4.0 / 6.0));
    CHECK(q4.discrimination == Approx(0.4));
    CHECK_FALSE(q4.flagged);
    CHECK(q4.why.empty());

    // Two responses: listed with their figures, not judged.
    const ItemStats& r1 = find(items, "refresher", "r1");
    CHECK(r1.responses == 2);
    CHECK(r1.facility == 0.5);
    CHECK(r1.discrimination == Approx(-1.0));
    CHECK_FALSE(r1.flagged);
    CHECK(r1.why == "only 2 responses (judged from 5)");
}

TEST_CASE("cohort: loaded from a store, results read from their signed text", "[cohort]") {
    stipple::test::Scratch s;
    StoreError error;
    auto store = openSqliteStore((s.dir() / "r.db").string(), StoreMode::ReadWrite, error);
    REQUIRE(store);
    const KeyPair keys = generateKeyPair();
    ExamResult r = sitting("foundation", "C-1", "2026-03-02T10:00:00Z", {1, 0, 1});
    r.examSha256 = std::string(64, 'e');
    r.issuedOn = "2026-03-02";
    r.startedAt = r.finishedAt;
    r.resultId = makeResultId(r);
    const std::string text = signResult(r, keys.secretKey);
    const Verification v = verifySignedResult(text, keys.publicKey);
    REQUIRE(v.valid);
    REQUIRE(store->saveResult(resultRecordOf(v, text), error));
    PracticeRecord p = run("C-2", "dot-drill", 70, "2026-03-01T09:00:00Z", {metric("spacing", 66)});
    REQUIRE(store->savePractice(p, error));

    CohortData data;
    REQUIRE(loadCohortData(*store, data, error, &keys.publicKey));
    CHECK(data.rejected.empty());
    CHECK(data.candidates.size() == 1); // saved with the result
    REQUIRE(data.practice.size() == 1);
    CHECK(data.practice[0].metrics.size() == 1);
    REQUIRE(data.exams.size() == 1);
    CHECK(data.exams[0] == r);
    const CohortTable t = buildCohortTable(data);
    CHECK(t.candidates == std::vector<std::string>{"C-1", "C-2"});
    CHECK(itemAnalysis(data).size() == 3);
}

TEST_CASE("progress: a trainee's series, bests and weakest skills with a suggested level", "[progress]") {
    const std::vector<PracticeRecord> runs = {
        run("T", "dot-drill", 50, "2026-03-01T09:00:00Z", {metric("spacing", 30), metric("depth", 80)}),
        run("T", "dot-drill", 70, "2026-03-02T09:00:00Z", {metric("spacing", 40), metric("depth", 90)}),
        run("T", "even-patch", 60, "2026-03-03T09:00:00Z",
            {metric("spacing", 20), metric("density", 70, "crown"), metric("density", 50, "front")}),
        run("T", "dot-drill", 65, "2026-03-04T09:00:00Z", {metric("spacing", 90), metric("depth", 10)})};
    const std::vector<LevelSkills> curriculum = {
        {"breaking-rows", "Breaking rows", 3, {{"spacing", 3}, {"density", 1}}},
        {"spacing-drill", "Spacing", 2, {{"spacing", 3}}}, // same weight, easier: chosen
        {"steady-hand", "Steady hand", 1, {{"depth", 2}, {"spacing", 0}}}};
    const TraineeProgress p = summarizeProgress(runs, curriculum, 2);
    CHECK(p.runs == 4);
    REQUIRE(p.levels.size() == 2);
    CHECK(p.levels[0].id == "dot-drill");
    CHECK(p.levels[0].points.size() == 3);
    CHECK(p.levels[0].best == 70);
    CHECK(p.levels[0].latest == 65);
    CHECK(p.levels[0].points[1].at == "2026-03-02T09:00:00Z");
    REQUIRE(p.metrics.size() == 3); // density, depth, spacing
    CHECK(p.metrics[0].id == "density");
    CHECK(p.metrics[0].points.size() == 1);
    CHECK(p.metrics[0].latest == 60); // the mean of its two zones
    CHECK(p.metrics[2].points.size() == 4);
    // recent = the last three: depth (80 + 90 + 10) / 3 = 60; spacing (40 + 20 + 90) / 3 = 50;
    // density 60 over its one run. Weakest two: spacing, then density (60, tied with depth: a
    // stable sort keeps the ids' order).
    REQUIRE(p.weakest.size() == 2);
    CHECK(p.weakest[0].metric == "spacing");
    CHECK(p.weakest[0].recent == 50);
    CHECK(p.weakest[0].runs == 4);
    CHECK(p.weakest[0].suggestedLevel == "spacing-drill");
    CHECK(p.weakest[0].suggestedTitle == "Spacing");
    CHECK(p.weakest[1].metric == "density");
    CHECK(p.weakest[1].suggestedLevel == "breaking-rows");
    CHECK(summarizeProgress({}, curriculum).weakest.empty());
}

namespace {

/// A one-zone level whose <scoring> lists `metrics` (overrides of the scorer's defaults).
Level oneZoneLevel(const std::string& id, int difficulty, std::vector<MetricSpec> metrics) {
    Level l;
    l.id = id;
    l.title = id;
    l.difficulty = difficulty;
    l.zones.push_back({"crown", "crown", {{0, 0}, {40, 0}, {40, 40}, {0, 40}}});
    l.scoring.metrics = std::move(metrics);
    return l;
}

double weightOf(const std::vector<std::pair<std::string, double>>& weights, const std::string& id) {
    for (const auto& [metric, weight] : weights)
        if (metric == id) return weight;
    return -1.0; // not scored
}

} // namespace

TEST_CASE("progress: a level's skill weights include the metrics it leaves at the scorer's default",
          "[progress]") {
    MetricSpec off;
    off.id = "density";
    off.enabled = false;
    MetricSpec light;
    light.id = "density";
    light.weight = 0.5;
    light.hasBand = false;
    const Level plain = oneZoneLevel("plain", 2, {});
    const Level lighter = oneZoneLevel("lighter", 1, {light});
    const Level without = oneZoneLevel("without", 1, {off});

    const auto plainWeights = scoredMetricWeights(plain);
    CHECK(weightOf(plainWeights, "density") == metricDefaults("density", 0).weight);
    CHECK(weightOf(plainWeights, "evenness") == metricDefaults("evenness", 0).weight);
    CHECK(weightOf(scoredMetricWeights(lighter), "density") == 0.5);
    CHECK(weightOf(scoredMetricWeights(without), "density") == -1.0);
    // What the level does not have is not scored: no targets, no hairline, no forbidden areas,
    // a single session; an informative metric (weight 0) counts nothing.
    for (const char* id :
         {"target-hits", "extras", "hairline-profile", "symmetry", "forbidden", "layering-share", "spacing"})
        CHECK(weightOf(plainWeights, id) == -1.0);
    Level targets = plain;
    targets.target.dots.push_back({{10, 10}, 0.2});
    CHECK(weightOf(scoredMetricWeights(targets), "target-hits") == metricDefaults("target-hits", 0).weight);

    // A trainee weak on density is sent to the level that weights it most, here by default.
    const std::vector<PracticeRecord> runs = {run("T", "lighter", 40, "2026-03-01T09:00:00Z",
                                                  {metric("density", 20, "crown"), metric("depth", 90)})};
    std::vector<LevelSkills> curriculum;
    for (const Level* l : {&plain, &lighter, &without})
        curriculum.push_back({l->id, l->title, l->difficulty, scoredMetricWeights(*l)});
    const TraineeProgress p = summarizeProgress(runs, curriculum, 1);
    REQUIRE(p.weakest.size() == 1);
    CHECK(p.weakest[0].metric == "density");
    CHECK(p.weakest[0].suggestedLevel == "plain");
}
