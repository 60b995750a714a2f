// `stipple verify` and `stipple certificate` end to end: a signed result verifies (text and
// JSON); changed bytes, another academy's key, forged and mistyped codes are each refused with
// their reason; codes are looked up in the results store; certificates are made only from valid
// passes, embed their result, and an edited certificate page is caught.
#include "exam/signing.h"
#include "support/process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace stipple;
using namespace stipple::test;

namespace {

ExamResult result(const std::string& candidate, const std::string& name, double score) {
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
    if (r.passed) r.expiresOn = "2028-03-02";
    else r.reasons = {"overall score " + std::to_string(static_cast<int>(score)) + " is below the pass mark 70"};
    r.resultId = makeResultId(r);
    return r;
}

/// A key folder made by the real `stipple keys init`, and signed results written beside it.
struct Academy {
    Scratch s;
    std::filesystem::path keys = s.dir() / "keys";
    Academy() { REQUIRE(runStipple("keys init --dir " + quote(keys)).exitCode == 0); }
    std::string key() const { return "--key " + quote(keys / "academy.public"); }
    std::filesystem::path sign(const std::string& name, const ExamResult& r) const {
        std::string error;
        const auto secret = loadSecretKey((keys / "academy.secret").string(), error);
        REQUIRE(secret);
        return s.write(name, signResult(r, *secret));
    }
    std::string codeOf(const std::filesystem::path& file) const {
        std::string error;
        const auto pub = loadPublicKey((keys / "academy.public").string(), error);
        return verifySignedResult(readText(file), *pub).code;
    }
};

} // namespace

TEST_CASE("verify: a signed result is valid, and says what it certifies", "[cli][verify]") {
    Academy a;
    const auto file = a.sign("ana.result", result("C-0042", "Ana Souza", 81.25));
    const Run r = runStipple("verify " + quote(file) + " " + a.key());
    CHECK(r.exitCode == 0);
    CHECK(r.err.empty());
    std::string error;
    const std::string keyId = loadPublicKey((a.keys / "academy.public").string(), error)->keyId();
    CHECK(r.out == "VALID: signed with the academy key " + keyId +
                       "\n"
                       "  result     " + result("C-0042", "Ana Souza", 81.25).resultId + "\n"
                       "  candidate  Ana Souza (C-0042)\n"
                       "  exam       Foundation certificate in scalp micropigmentation (foundation-certificate)\n"
                       "  outcome    PASS, overall score 81.25\n"
                       "  finished   2026-03-02T10:12:00Z (attempt 1, station station-1)\n"
                       "  expires    2028-03-02 (current)\n"
                       "  code       " + a.codeOf(file) + "\n");
    const Run j = runStipple("verify --json " + quote(file) + " " + a.key());
    CHECK(j.exitCode == 0);
    const auto json = nlohmann::json::parse(j.out);
    CHECK(json["valid"] == true);
    CHECK(json["candidate_name"] == "Ana Souza");
    CHECK(json["passed"] == true);
    CHECK(json["score"] == 81.25);
    CHECK(json["code"] == a.codeOf(file));
    CHECK(json["expired"] == false);
}

TEST_CASE("verify: tampering, other keys and forged codes are refused with the reason", "[cli][verify][tamper]") {
    Academy a;
    const auto file = a.sign("ana.result", result("C-0042", "Ana Souza", 81.25));
    const std::string text = readText(file);
    const auto refused = [&](const std::string& bytes, const std::string& extra = "") {
        const auto f = a.s.write("edited.result", bytes);
        const Run r = runStipple("verify " + quote(f) + " " + a.key() + extra);
        CHECK(r.exitCode == 1);
        return r.out;
    };
    std::string edited = text;
    edited.replace(edited.find("score 81.25"), 11, "score 91.25");
    CHECK(refused(edited) == "INVALID: the signature does not match the result: the result was changed after it was "
                             "signed\n");
    edited = text;
    edited.replace(edited.find("Ana Souza"), 9, "Ana Sousa");
    CHECK(refused(edited) == "INVALID: the signature does not match the result: the result was changed after it was "
                             "signed\n");
    edited = text;
    edited[edited.size() - 10] = edited[edited.size() - 10] == 'a' ? 'b' : 'a';
    CHECK(refused(edited).rfind("INVALID: ", 0) == 0);
    CHECK(refused(text.substr(0, text.size() / 2)) ==
          "INVALID: the file is cut short: a signed result ends with its signature line and a newline\n");
    CHECK(refused(text.substr(0, text.find("\nsection") + 1)) ==
          "INVALID: not a signed Stipple result: the last line must be the signature (\"signature ed25519 ...\")\n");

    // Another academy's key.
    Academy other;
    const Run wrongKey = runStipple("verify " + quote(file) + " " + other.key());
    CHECK(wrongKey.exitCode == 1);
    CHECK(wrongKey.out.rfind("INVALID: signed with another key (key id ", 0) == 0);

    // Codes: the right one, someone else's (well-formed), a typo.
    const std::string code = a.codeOf(file);
    CHECK(runStipple("verify " + quote(file) + " " + a.key() + " --code " + code).exitCode == 0);
    const auto otherFile = a.sign("ben.result", result("C-0043", "Ben", 90));
    const std::string otherCode = a.codeOf(otherFile);
    CHECK(refused(text, " --code " + otherCode) ==
          "INVALID: the code " + otherCode + " does not belong to this result (its code is " + code + ")\n");
    std::string typo = code;
    typo[0] = typo[0] == 'A' ? 'B' : 'A';
    CHECK(refused(text, " --code " + typo) ==
          "INVALID: the code \"" + typo +
              "\" is not a verification code: the code's check character does not match: it was mistyped or made up\n");
}

TEST_CASE("verify --code: certificates are looked up in the results store", "[cli][verify][store]") {
    Academy a;
    const auto pass = a.sign("ana.result", result("C-0042", "Ana Souza", 81.25));
    const auto fail = a.sign("ben.result", result("C-0043", "Ben", 50));
    const auto db = a.s.dir() / "results.db";
    REQUIRE(runStipple("results import " + quote(pass) + " " + quote(fail) + " --db " + quote(db) + " " + a.key())
                .exitCode == 0);
    std::string code = a.codeOf(pass);
    for (char& c : code) c = static_cast<char>(std::tolower(c)); // as typed from paper
    const Run found = runStipple("verify --code " + code + " --db " + quote(db) + " " + a.key());
    CHECK(found.exitCode == 0);
    CHECK(found.out.find("  candidate  Ana Souza (C-0042)\n") != std::string::npos);
    const Run failed = runStipple("verify --code " + a.codeOf(fail) + " --db " + quote(db) + " " + a.key());
    CHECK(failed.exitCode == 1);
    CHECK(failed.out == "INVALID: code " + a.codeOf(fail) + " belongs to a result that is not a pass: there is no "
                                                              "certificate\n");
    // A made-up code with a correct check character: the check passes, the lookup does not.
    const auto other = a.sign("x.result", result("C-9", "Nobody", 99));
    const std::string madeUp = a.codeOf(other); // never imported
    const Run unknown = runStipple("verify --code " + madeUp + " --db " + quote(db) + " " + a.key());
    CHECK(unknown.exitCode == 1);
    CHECK(unknown.out == "INVALID: no result with code " + madeUp + " in " + db.string() +
                             ": the code is unknown to this academy (mistyped, made up, or issued elsewhere)\n");
    const Run noDb = runStipple("verify --code " + madeUp + " --db " + quote(a.s.dir() / "none.db") + " " + a.key());
    CHECK(noDb.exitCode == 1);
    CHECK(noDb.err == "stipple verify: no results database at " + (a.s.dir() / "none.db").string() +
                          " (nothing has been saved there yet)\n");
}

TEST_CASE("verify: keys and usage", "[cli][verify]") {
    Academy a;
    const auto file = a.sign("ana.result", result("C-0042", "Ana Souza", 81.25));
    const Run noKey = runStipple("verify " + quote(file) + " --key " + quote(a.s.dir() / "missing.public"));
    CHECK(noKey.exitCode == 1);
    CHECK(noKey.err == "stipple verify: " + (a.s.dir() / "missing.public").string() +
                           ": cannot open file: No such file or directory\n");
    const Run noFile = runStipple("verify " + quote(a.s.dir() / "nothing") + " " + a.key());
    CHECK(noFile.exitCode == 1);
    CHECK(noFile.err == "stipple verify: " + (a.s.dir() / "nothing").string() +
                            ": cannot open file: No such file or directory\n");
    for (const std::string args : {"verify", "verify a b", "verify a --db x", "verify --bogus"}) {
        const Run r = runStipple(args);
        INFO(args);
        CHECK(r.exitCode == 2);
        CHECK(r.err.find("usage: stipple verify RESULT") != std::string::npos);
    }
    CHECK(runStipple("verify --help").exitCode == 0);
}

TEST_CASE("certificate: made from a valid pass only; the page verifies and edits are caught", "[cli][certificate]") {
    Academy a;
    const auto file = a.sign("ana.result", result("C-0042", "Ana <b>Souza</b> & Co", 81.25));
    const auto page = a.s.dir() / "certificate.html";
    const Run made = runStipple("certificate " + quote(file) + " -o " + quote(page) + " " + a.key());
    CHECK(made.exitCode == 0);
    const std::string code = a.codeOf(file);
    CHECK(made.out == "certificate for Ana <b>Souza</b> & Co (C-0042), Foundation certificate in scalp "
                      "micropigmentation, code " + code + " written to " + page.string() + "\n");
    const std::string html = readText(page);
    CHECK(html.find("<div class=\"holder\">Ana &lt;b&gt;Souza&lt;/b&gt; &amp; Co</div>") != std::string::npos);
    CHECK(html.find("<div class=\"code\">" + code + "</div>") != std::string::npos);
    CHECK(html.find("Valid until</span>2 March 2028") != std::string::npos);
    CHECK(html.find("Date of examination</span>2 March 2026") != std::string::npos);
    CHECK(html.find("<b>") == std::string::npos); // the name is text, never markup
    CHECK(html.find("http") == std::string::npos); // nothing fetched from anywhere

    const Run checked = runStipple("verify " + quote(page) + " " + a.key() + " --code " + code);
    CHECK(checked.exitCode == 0);
    CHECK(checked.out.find("  candidate  Ana <b>Souza</b> & Co (C-0042)\n") != std::string::npos);

    std::string edited = html;
    edited.replace(edited.find("2 March 2028"), 12, "2 March 2038");
    const auto editedPage = a.s.write("edited.html", edited);
    const Run caught = runStipple("verify " + quote(editedPage) + " " + a.key());
    CHECK(caught.exitCode == 1);
    CHECK(caught.out == "INVALID: the certificate page was edited: its visible text no longer matches the signed result "
                        "it embeds\n");
    edited = html;
    edited.replace(edited.find("score 81.25"), 11, "score 99.25");
    const Run embedded = runStipple("verify " + quote(a.s.write("edited2.html", edited)) + " " + a.key());
    CHECK(embedded.exitCode == 1);
    CHECK(embedded.out == "INVALID: the signature does not match the result: the result was changed after it was "
                          "signed\n");

    // No certificate for a fail, or for a result that does not verify.
    const auto failFile = a.sign("ben.result", result("C-0043", "Ben", 50));
    const Run fail = runStipple("certificate " + quote(failFile) + " -o " + quote(a.s.dir() / "ben.html") + " " + a.key());
    CHECK(fail.exitCode == 1);
    CHECK(fail.err == "stipple certificate: " + failFile.string() + ": no certificate: the result is a fail\n");
    CHECK_FALSE(std::filesystem::exists(a.s.dir() / "ben.html"));
    std::string tampered = readText(file);
    tampered.replace(tampered.find("C-0042"), 6, "C-0044");
    const auto tamperedFile = a.s.write("tampered.result", tampered);
    const Run bad = runStipple("certificate " + quote(tamperedFile) + " -o " + quote(a.s.dir() / "t.html") + " " + a.key());
    CHECK(bad.exitCode == 1);
    CHECK(bad.err == "stipple certificate: " + tamperedFile.string() +
                         ": no certificate: the result does not verify: the signature does not match the result: the "
                         "result was changed after it was signed\n");
    CHECK(runStipple("certificate " + quote(file) + " " + a.key()).exitCode == 2);
}
