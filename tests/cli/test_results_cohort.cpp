// `stipple results cohort | items | export --xapi | export --moodle-csv` end to end, on a store
// the test fills through the core API (an SQLite file; the same commands against PostgreSQL when
// $STIPPLE_TEST_PG_URL is set): exact CSV rows, the flagged questions, xAPI statements an LRS
// accepts (actor, verb, object, result.score.scaled, timestamp, stable ids), the Moodle gradebook
// columns, and usage mistakes (exit 2).
#include "exam/signing.h"
#include "io/uuid.h"
#include "store/postgres_store.h"
#include "support/gcc12_string_literal.h"
#include "support/json_schema.h"
#include "support/process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>
#include <unistd.h>

using namespace stipple;
using namespace stipple::test;

namespace {

/// The academy key every stored result is signed with; the reports check each row against it.
const KeyPair& academyKeys() {
    static const KeyPair keys = generateKeyPair();
    return keys;
}

/// `stipple results ...` with --key naming the academy's public key (written once per run).
Run reports(const std::string& args) {
    static Scratch keyDir;
    static const std::filesystem::path pub =
        keyDir.write("academy.public", publicKeyText(academyKeys().publicKey));
    return runStipple(args + " --key " + quote(pub));
}

/// A sitting of the foundation exam: a practical section with one level, a quiz of five questions.
STIPPLE_GCC12_STRING_LITERAL_BEGIN // "q" + std::to_string(i + 1): support/gcc12_string_literal.h
ExamResult sitting(int n, const std::vector<double>& credits, double level) {
    ExamResult r;
    r.examId = "foundation";
    r.examTitle = "Foundation";
    r.examSha256 = std::string(64, 'e');
    r.certificateTitle = "Foundation Certificate";
    r.issuer = "Stipple Academy";
    r.candidateId = "C-" + std::to_string(n);
    r.candidateName = "Candidate " + std::to_string(n);
    r.station = "station-1";
    r.seed = static_cast<uint64_t>(n);
    r.build = "stipple test";
    r.startedAt = "2026-03-0" + std::to_string(n) + "T09:00:00Z";
    r.finishedAt = "2026-03-0" + std::to_string(n) + "T10:00:00Z";
    ResultSection practical;
    practical.id = "practical";
    practical.title = "Practical";
    practical.kind = "practical";
    practical.weight = 1;
    practical.passMark = 70;
    ResultItem item;
    item.kind = ResultItem::Kind::Level;
    item.ref = "dot-drill";
    item.score = level;
    item.passed = level >= 70;
    item.metrics = {{"spacing", "", 0.2, level, 1, level >= 70}};
    practical.items.push_back(item);
    practical.score = level;
    practical.passed = level >= 70;
    ResultSection theory;
    theory.id = "theory";
    theory.title = "Theory";
    theory.kind = "quiz";
    theory.weight = 1;
    theory.passMark = 60;
    double sum = 0;
    for (size_t i = 0; i < credits.size(); ++i) {
        ResultItem q;
        q.kind = ResultItem::Kind::Question;
        q.ref = "q" + std::to_string(i + 1);
        q.category = "aftercare";
        q.source = "banks/brochure.xml";
        q.score = credits[i];
        q.passed = credits[i] == 1;
        theory.items.push_back(q);
        sum += credits[i];
    }
    theory.score = 100 * sum / static_cast<double>(credits.size());
    theory.passed = theory.score >= 60;
    r.sections = {practical, theory};
    r.score = (practical.score + theory.score) / 2;
    r.passed = practical.passed && theory.passed;
    r.issuedOn = r.finishedAt.substr(0, 10);
    r.resultId = makeResultId(r);
    return r;
}
STIPPLE_GCC12_STRING_LITERAL_END

/// Fills the store at `where` with six sittings (the item matrix of test_cohort) and practice.
void fill(const std::string& where) {
    StoreError error;
    auto store = openResultsStore(where, StoreMode::ReadWrite, error);
    INFO(error.message);
    REQUIRE(store);
    const KeyPair& keys = academyKeys();
    const std::vector<std::vector<double>> m = {{1, 1, 1, 1, 0}, {1, 1, 0, 1, 0}, {1, 1, 0, 0.5, 0},
                                                {0, 1, 0, 1, 1}, {0, 1, 0, 0, 1}, {0, 1, 0, 0.5, 1}};
    for (size_t i = 0; i < m.size(); ++i) {
        const ExamResult r = sitting(static_cast<int>(i + 1), m[i], 90 - 10.0 * static_cast<double>(i));
        const std::string text = signResult(r, keys.secretKey);
        const Verification v = verifySignedResult(text, keys.publicKey);
        REQUIRE(v.valid);
        REQUIRE(store->saveResult(resultRecordOf(v, text), error));
    }
    for (double score : {55.0, 81.0, 76.0}) {
        PracticeRecord p;
        p.candidateId = "C-1";
        p.levelId = "dot-drill";
        p.score = score;
        p.passed = score >= 70;
        p.durationS = 95.5;
        p.finishedAt = "2026-02-0" + std::to_string(static_cast<int>(score) % 9 + 1) + "T09:00:00Z";
        p.metrics = {{"spacing", "", 0.2, score - 5, 1, true}};
        REQUIRE(store->savePractice(p, error));
    }
    PracticeRecord anonymous;
    anonymous.levelId = "even-patch";
    anonymous.score = 12;
    anonymous.finishedAt = "2026-02-01T09:00:00Z";
    REQUIRE(store->savePractice(anonymous, error));
}

} // namespace

TEST_CASE("results cohort: the table and the metric distributions", "[results][cohort]") {
    Scratch s;
    const std::string db = (s.dir() / "results.db").string();
    fill(db);
    const Run csv = reports("results cohort --csv --store " + quote(db));
    REQUIRE(csv.exitCode == 0);
    INFO(csv.out);
    // C-1: practice 55, 81, 76 (Feb) and the exam's 90 (March): best 90, latest 90.
    CHECK(csv.out.rfind(
              "candidate_id,candidate_name,kind,column,runs,passes,best,latest,latest_passed,latest_at\r\n"
              ",,level,even-patch,1,0,12,12,false,2026-02-01T09:00:00Z\r\n"
              "C-1,Candidate 1,level,dot-drill,4,3,90,90,true,2026-03-01T10:00:00Z\r\n"
              "C-1,Candidate 1,section,foundation/practical,1,1,90,90,true,2026-03-01T10:00:00Z\r\n"
              "C-1,Candidate 1,section,foundation/theory,1,1,80,80,true,2026-03-01T10:00:00Z\r\n"
              "C-1,Candidate 1,exam,foundation,1,1,85,85,true,2026-03-01T10:00:00Z\r\n",
              0) == 0);
    CHECK(csv.out.find(
              "C-6,Candidate 6,section,foundation/practical,1,0,40,40,false,2026-03-06T10:00:00Z\r\n") !=
          std::string::npos);

    const Run metrics = reports("results cohort --metrics-csv --store " + quote(db));
    REQUIRE(metrics.exitCode == 0);
    // spacing, latest per candidate: 90, 80, 70, 60, 50, 40 (the exams are newer than C-1's practice).
    CHECK(metrics.out == "metric,candidates,mean,sd,min,q1,median,q3,max\r\n"
                         "spacing,6,65,18.708286933869708,40,52.5,65,77.5,90\r\n");

    const Run text = reports("results cohort --store " + quote(db));
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find("  [1] level dot-drill\n") != std::string::npos);
    CHECK(text.out.find("C-1           Candidate 1         90/90") != std::string::npos);
    CHECK(text.out.find("(unnamed)") != std::string::npos);
    CHECK(text.out.find("spacing               6    65      18.71") != std::string::npos);
}

TEST_CASE("results items: facility and discrimination, weak questions flagged", "[results][cohort]") {
    Scratch s;
    const std::string db = (s.dir() / "results.db").string();
    fill(db);
    const Run csv = reports("results items --csv --store " + quote(db));
    REQUIRE(csv.exitCode == 0);
    INFO(csv.out);
    CHECK(csv.out.find("foundation,q5,aftercare,banks/brochure.xml,6,0.5,-0.8451542547285166,-1,true,"
                       "negative discrimination (-0.845): stronger candidates get it wrong more often; check "
                       "the key\r\n") != std::string::npos);
    CHECK(csv.out.find(
              "foundation,q2,aftercare,banks/brochure.xml,6,1,,0,true,too easy (facility 1): it tells no one "
              "apart\r\n") != std::string::npos);
    CHECK(csv.out.find("foundation,q4,aftercare,banks/brochure.xml,6,0.6666666666666666,0.4") !=
          std::string::npos);
    const Run text = reports("results items --store " + quote(db));
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.find("! foundation") != std::string::npos);
    CHECK(text.out.find("5 questions, 4 flagged") != std::string::npos);
    CHECK(reports("results items --exam other --store " + quote(db)).out.find("no quiz answers stored") !=
          std::string::npos);
}

TEST_CASE("results export --xapi and --moodle-csv: what an LMS takes", "[results][cohort]") {
    Scratch s;
    const std::string db = (s.dir() / "results.db").string();
    fill(db);
    const auto out = s.dir() / "statements.json";
    const Run x = reports("results export --xapi " + quote(out) +
                          " --academy https://academy.example/ --store " + quote(db));
    REQUIRE(x.exitCode == 0);
    CHECK(x.err == "9 xAPI statements (6 exam results, 3 practice runs) written to " + out.string() + "\n");
    const auto j = nlohmann::json::parse(readText(out));
    REQUIRE(j.size() == 9);
    const auto& first = j[0];
    CHECK(first["actor"]["objectType"] == "Agent");
    CHECK(first["actor"]["name"] == "Candidate 1");
    CHECK(first["actor"]["account"]["homePage"] == "https://academy.example");
    CHECK(first["actor"]["account"]["name"] == "c-1"); // the canonical candidate id
    CHECK(first["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed");
    CHECK(first["object"]["id"] == "https://academy.example/exam/foundation");
    CHECK(first["result"]["score"]["scaled"] == 0.85);
    CHECK(first["result"]["success"] == true);
    CHECK(first["timestamp"] == "2026-03-01T10:00:00Z");
    // The id: the version-5 UUID of the result's URL under the academy (RFC 4122).
    const std::string resultId = first["context"]["extensions"]["https://academy.example/xapi/result-id"];
    CHECK(first["id"] ==
          uuidV5(kUuidNamespaceUrl, "https://academy.example/xapi/statement/exam/" + resultId));
    CHECK(j[5]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/failed"); // C-6: 40 and 60
    CHECK(j[6]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed");
    CHECK(j[6]["object"]["id"] == "https://academy.example/level/dot-drill");
    CHECK(j[6]["result"]["duration"] == "PT95.50S");
    // Exporting again gives the same statement ids (an LRS drops the repeats).
    REQUIRE(reports("results export --xapi " + quote(out) + " --academy https://academy.example --store " +
                    quote(db))
                .exitCode == 0);
    CHECK(nlohmann::json::parse(readText(out)) == j);

    const auto moodle = s.dir() / "grades.csv";
    REQUIRE(reports("results export --moodle-csv " + quote(moodle) + " --store " + quote(db)).exitCode == 0);
    const std::string grades = readText(moodle);
    CHECK(grades.rfind("ID number,Full name,foundation/practical,foundation/theory,foundation\r\n"
                       "C-1,Candidate 1,90,80,85\r\n"
                       "C-2,Candidate 2,80,60,70\r\n",
                       0) == 0);
    CHECK(grades.find(",even-patch") == std::string::npos); // practice levels are not grades
}

namespace {

/// xAPI 1.0.3 (https://github.com/adlnet/xAPI-Spec/blob/master/xAPI-Data.md, section 2.4) as a
/// schema: the properties a Statement may have and those it must, the Agent's one inverse
/// functional identifier, IRIs where the spec says IRI, language maps, the score's ranges, ISO
/// 8601 timestamps and durations, and ids that are RFC 4122 UUIDs (versions 1-5, variant 10).
const nlohmann::json& xapiStatementSchema() {
    static const nlohmann::json schema = nlohmann::json::parse(R"json({
      "type": "object",
      "required": ["actor", "verb", "object"],
      "additionalProperties": false,
      "properties": {
        "id": {"type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"},
        "actor": {
          "type": "object", "additionalProperties": false,
          "exactlyOneOf": ["mbox", "mbox_sha1sum", "openid", "account"],
          "properties": {
            "objectType": {"const": "Agent"},
            "name": {"type": "string"},
            "mbox": {"type": "string", "pattern": "^mailto:[^@]+@[^@]+$"},
            "mbox_sha1sum": {"type": "string", "pattern": "^[0-9a-f]{40}$"},
            "openid": {"type": "string", "pattern": "^[a-z][a-z0-9+.-]*:"},
            "account": {"type": "object", "required": ["homePage", "name"], "additionalProperties": false,
                        "properties": {"homePage": {"type": "string", "pattern": "^https?://[^ ]+$"},
                                       "name": {"type": "string", "pattern": "^.+$"}}}
          }
        },
        "verb": {
          "type": "object", "required": ["id"], "additionalProperties": false,
          "properties": {
            "id": {"type": "string", "pattern": "^[a-z][a-z0-9+.-]*://[^ ]+$"},
            "display": {"type": "object", "propertyNames": {"pattern": "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"},
                        "additionalProperties": {"type": "string"}}
          }
        },
        "object": {
          "type": "object", "required": ["id"], "additionalProperties": false,
          "properties": {
            "objectType": {"const": "Activity"},
            "id": {"type": "string", "pattern": "^[a-z][a-z0-9+.-]*://[^ ]+$"},
            "definition": {
              "type": "object", "additionalProperties": false,
              "properties": {
                "name": {"type": "object", "propertyNames": {"pattern": "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"},
                         "additionalProperties": {"type": "string"}},
                "description": {"type": "object", "additionalProperties": {"type": "string"}},
                "type": {"type": "string", "pattern": "^[a-z][a-z0-9+.-]*://[^ ]+$"},
                "moreInfo": {"type": "string", "pattern": "^https?://"},
                "extensions": {"type": "object", "propertyNames": {"pattern": "^[a-z][a-z0-9+.-]*://[^ ]+$"}}
              }
            }
          }
        },
        "result": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "score": {"type": "object", "additionalProperties": false,
                      "properties": {"scaled": {"type": "number", "minimum": -1, "maximum": 1},
                                     "raw": {"type": "number"}, "min": {"type": "number"}, "max": {"type": "number"}}},
            "success": {"type": "boolean"},
            "completion": {"type": "boolean"},
            "response": {"type": "string"},
            "duration": {"type": "string", "pattern": "^P(?=\\d|T\\d)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$"},
            "extensions": {"type": "object", "propertyNames": {"pattern": "^[a-z][a-z0-9+.-]*://[^ ]+$"}}
          }
        },
        "context": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "registration": {"type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"},
            "instructor": {"type": "object"}, "team": {"type": "object"}, "contextActivities": {"type": "object"},
            "revision": {"type": "string"}, "platform": {"type": "string"}, "language": {"type": "string"},
            "statement": {"type": "object"},
            "extensions": {"type": "object", "propertyNames": {"pattern": "^[a-z][a-z0-9+.-]*://[^ ]+$"}}
          }
        },
        "timestamp": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$"},
        "stored": {"type": "string"}, "authority": {"type": "object"}, "version": {"type": "string", "pattern": "^1\\.0\\.\\d+$"},
        "attachments": {"type": "array"}
      }
    })json");
    return schema;
}

/// The value rules a schema cannot say: score.raw between min and max, min below max (xAPI
/// 2.4.5.1), no revision or platform when the object is not an Activity (2.4.6).
std::vector<std::string> xapiValueRuleViolations(const nlohmann::json& st) {
    std::vector<std::string> out;
    if (st.contains("result") && st["result"].contains("score")) {
        const auto& sc = st["result"]["score"];
        if (sc.contains("min") && sc.contains("max") && !(sc["min"].get<double>() < sc["max"].get<double>()))
            out.push_back("score.min must be below score.max");
        if (sc.contains("raw") && sc.contains("min") && sc["raw"].get<double>() < sc["min"].get<double>())
            out.push_back("score.raw below score.min");
        if (sc.contains("raw") && sc.contains("max") && sc["raw"].get<double>() > sc["max"].get<double>())
            out.push_back("score.raw above score.max");
    }
    return out;
}

} // namespace

TEST_CASE("results export --xapi: every statement meets xAPI 1.0.3's required fields and value rules, one "
          "actor per person",
          "[results][cohort]") {
    // The schema itself refuses what it should: a version-8 id, two identifiers, a scaled score
    // above 1, a missing verb, an unknown property.
    nlohmann::json bad = {
        {"id", "0e6f7f0c-8e8f-8a1b-9c2d-3e4f5a6b7c8d"},
        {"actor", {{"mbox", "mailto:a@b.c"}, {"account", {{"homePage", "https://a"}, {"name", "x"}}}}},
        {"object", {{"id", "https://a/x"}}},
        {"result", {{"score", {{"scaled", 1.5}}}}},
        {"grade", "A"}};
    CHECK(stipple::test::schemaViolations(bad, xapiStatementSchema()).size() == 5);

    Scratch s;
    const std::string db = (s.dir() / "results.db").string();
    fill(db);
    {
        // The same person typed another way for practice: one actor with the exam's candidate.
        StoreError error;
        auto store = openResultsStore(db, StoreMode::ReadWrite, error);
        REQUIRE(store);
        PracticeRecord p;
        p.candidateId = "  c-2 ";
        p.levelId = "dot-drill";
        p.levelSha256 = std::string(64, 'd');
        p.score = 66;
        p.durationS = 12;
        p.finishedAt = "2026-02-20T08:00:00Z";
        REQUIRE(store->savePractice(p, error));
    }
    const auto out = s.dir() / "statements.json";
    REQUIRE(reports("results export --xapi " + quote(out) + " --academy https://academy.example --store " +
                    quote(db))
                .exitCode == 0);
    const auto statements = nlohmann::json::parse(readText(out));
    REQUIRE(statements.size() == 10);
    std::set<std::string> ids;
    for (size_t i = 0; i < statements.size(); ++i) {
        INFO("statement " << i << ": " << statements[i].dump());
        CHECK(stipple::test::schemaViolations(statements[i], xapiStatementSchema()).empty());
        CHECK(xapiValueRuleViolations(statements[i]).empty());
        ids.insert(statements[i]["id"].get<std::string>());
    }
    CHECK(ids.size() == statements.size()); // every statement its own id
    std::set<std::string> c2Actors;
    for (const auto& st : statements)
        if (st["actor"]["name"] == "Candidate 2" || st["actor"]["account"]["name"] == "c-2")
            c2Actors.insert(st["actor"].dump());
    CHECK(c2Actors.size() == 1);
}

TEST_CASE("results cohort: the same report from a PostgreSQL server", "[results][cohort]") {
    const char* base = std::getenv("STIPPLE_TEST_PG_URL");
    if (!base || !*base) {
        WARN("STIPPLE_TEST_PG_URL is not set: the PostgreSQL run is SKIPPED");
        return;
    }
    // A fresh database on the test server, filled like the SQLite file: the reports must match.
    Scratch s;
    const std::string db = (s.dir() / "results.db").string();
    fill(db);
    const std::string name = "stipple_cli_" + std::to_string(::getpid());
    REQUIRE(std::system(("psql -q " + quote(base) + " -c 'DROP DATABASE IF EXISTS " + name +
                         "' -c 'CREATE DATABASE " + name + "' >/dev/null 2>&1")
                            .c_str()) == 0);
    std::string url = base;
    const size_t slash = url.find('/', url.find("://") + 3);
    const size_t query = url.find('?');
    url = url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
    fill(url);
    const Run fromSqlite = reports("results cohort --csv --store " + quote(db));
    const Run fromServer = reports("results cohort --csv --store " + quote(url));
    CHECK(fromServer.exitCode == 0);
    CHECK(fromServer.out == fromSqlite.out);
    CHECK(reports("results items --csv --store " + quote(url)).out ==
          reports("results items --csv --store " + quote(db)).out);
    std::system(
        ("psql -q " + quote(base) + " -c 'DROP DATABASE IF EXISTS " + name + " WITH (FORCE)' >/dev/null 2>&1")
            .c_str());
}

TEST_CASE("results cohort, items, export: usage mistakes and unusable stores", "[results][cohort]") {
    Scratch s;
    const std::string db = (s.dir() / "results.db").string();
    CHECK(reports("results cohort --store " + quote(db)).out == "no candidates or practice runs stored\n");
    CHECK(reports("results cohort --json --store " + quote(db)).exitCode == 2);
    CHECK(reports("results cohort --csv --metrics-csv").exitCode == 2);
    CHECK(reports("results items --candidate C-1").exitCode == 2);
    CHECK(reports("results list --xapi x.json").exitCode == 2);
    CHECK(reports("results export --xapi a.json --moodle-csv b.csv").exitCode == 2);
    CHECK(reports("results export --xapi a.json --academy academy").exitCode == 2);
    CHECK(reports("results export").exitCode == 2);
    CHECK(reports("results export --csv --store a --db b").exitCode == 2);
    const Run down =
        reports("results cohort --store " + quote("postgresql://ana:pw@/x?host=" + s.dir().string()));
    CHECK(down.exitCode == 1);
    CHECK(down.err.find("cannot connect to the results server postgresql://ana:***@/x?host=") !=
          std::string::npos);
}
