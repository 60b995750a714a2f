// `stipple verify` and `stipple certificate` end to end: a signed result verifies (text and
// JSON); changed bytes, another academy's key, forged and mistyped codes are each refused with
// their reason; codes are looked up in the results store; certificates are made only from valid
// passes, embed their result, and an edited certificate page is caught. With --recording, the
// result must be exactly what the exam recording grades to: another candidate's recording, an
// edit with valid checksums and a damaged recording are each refused, naming what differs.
#include "exam/signing.h"
#include "record/codec.h"
#include "support/exam_results.h"
#include "support/process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace stipple;
using namespace stipple::test;

namespace {

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
    const auto file = a.sign("ana.result", sampleExamResult("C-0042", "Ana Souza", 81.25));
    const Run r = runStipple("verify " + quote(file) + " " + a.key());
    CHECK(r.exitCode == 0);
    CHECK(r.err.empty());
    std::string error;
    const std::string keyId = loadPublicKey((a.keys / "academy.public").string(), error)->keyId();
    CHECK(r.out ==
          "VALID: signed with the academy key " + keyId +
              "\n"
              "  result     " +
              sampleExamResult("C-0042", "Ana Souza", 81.25).resultId +
              "\n"
              "  candidate  Ana Souza (C-0042)\n"
              "  exam       Foundation certificate in scalp micropigmentation (foundation-certificate)\n"
              "  outcome    PASS, overall score 81.25\n"
              "  finished   2026-03-02T10:12:00Z (attempt 1, station station-1)\n"
              "  expires    2028-03-02 (current)\n"
              "  scored by  no scorer version (made before scorer versions were recorded)\n"
              "  code       " +
              a.codeOf(file) + "\n");
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

TEST_CASE("verify: tampering, other keys and forged codes are refused with the reason",
          "[cli][verify][tamper]") {
    Academy a;
    const auto file = a.sign("ana.result", sampleExamResult("C-0042", "Ana Souza", 81.25));
    const std::string text = readText(file);
    const auto refused = [&](const std::string& bytes, const std::string& extra = "") {
        const auto f = a.s.write("edited.result", bytes);
        const Run r = runStipple("verify " + quote(f) + " " + a.key() + extra);
        CHECK(r.exitCode == 1);
        return r.out;
    };
    std::string edited = text;
    edited.replace(edited.find("score 81.25"), 11, "score 91.25");
    CHECK(refused(edited) ==
          "INVALID: the signature does not match the result: the result was changed after it was "
          "signed\n");
    edited = text;
    edited.replace(edited.find("Ana Souza"), 9, "Ana Sousa");
    CHECK(refused(edited) ==
          "INVALID: the signature does not match the result: the result was changed after it was "
          "signed\n");
    edited = text;
    edited[edited.size() - 10] = edited[edited.size() - 10] == 'a' ? 'b' : 'a';
    CHECK(refused(edited).rfind("INVALID: ", 0) == 0);
    CHECK(refused(text.substr(0, text.size() / 2)) ==
          "INVALID: the file is cut short: a signed result ends with its signature line and a newline\n");
    CHECK(refused(text.substr(0, text.find("\nsection") + 1)) ==
          "INVALID: not a signed Stipple result: the last line must be the signature (\"signature ed25519 "
          "...\")\n");

    // Another academy's key.
    Academy other;
    const Run wrongKey = runStipple("verify " + quote(file) + " " + other.key());
    CHECK(wrongKey.exitCode == 1);
    CHECK(wrongKey.out.rfind("INVALID: signed with another key (key id ", 0) == 0);

    // Codes: the right one, someone else's (well-formed), a typo.
    const std::string code = a.codeOf(file);
    CHECK(runStipple("verify " + quote(file) + " " + a.key() + " --code " + code).exitCode == 0);
    const auto otherFile = a.sign("ben.result", sampleExamResult("C-0043", "Ben", 90));
    const std::string otherCode = a.codeOf(otherFile);
    CHECK(refused(text, " --code " + otherCode) ==
          "INVALID: the code " + otherCode + " does not belong to this result (its code is " + code + ")\n");
    std::string typo = code;
    typo[0] = typo[0] == 'A' ? 'B' : 'A';
    CHECK(refused(text, " --code " + typo) == "INVALID: the code \"" + typo +
                                                  "\" is not a verification code: the code's check character "
                                                  "does not match: it was mistyped or made up\n");
}

TEST_CASE("verify --code: certificates are looked up in the results store", "[cli][verify][store]") {
    Academy a;
    const auto pass = a.sign("ana.result", sampleExamResult("C-0042", "Ana Souza", 81.25));
    const auto fail = a.sign("ben.result", sampleExamResult("C-0043", "Ben", 50));
    const auto db = a.s.dir() / "results.db";
    REQUIRE(
        runStipple("results import " + quote(pass) + " " + quote(fail) + " --db " + quote(db) + " " + a.key())
            .exitCode == 0);
    std::string code = a.codeOf(pass);
    for (char& c : code)
        c = static_cast<char>(std::tolower(c)); // as typed from paper
    const Run found = runStipple("verify --code " + code + " --db " + quote(db) + " " + a.key());
    CHECK(found.exitCode == 0);
    CHECK(found.out.find("  candidate  Ana Souza (C-0042)\n") != std::string::npos);
    const Run failed = runStipple("verify --code " + a.codeOf(fail) + " --db " + quote(db) + " " + a.key());
    CHECK(failed.exitCode == 1);
    CHECK(failed.out == "INVALID: code " + a.codeOf(fail) +
                            " belongs to a result that is not a pass: there is no "
                            "certificate\n");
    // A made-up code with a correct check character: the check passes, the lookup does not.
    const auto other = a.sign("x.result", sampleExamResult("C-9", "Nobody", 99));
    const std::string madeUp = a.codeOf(other); // never imported
    const Run unknown = runStipple("verify --code " + madeUp + " --db " + quote(db) + " " + a.key());
    CHECK(unknown.exitCode == 1);
    CHECK(unknown.out ==
          "INVALID: no result with code " + madeUp + " in " + db.string() +
              ": the code is unknown to this academy (mistyped, made up, or issued elsewhere)\n");
    const Run noDb =
        runStipple("verify --code " + madeUp + " --db " + quote(a.s.dir() / "none.db") + " " + a.key());
    CHECK(noDb.exitCode == 1);
    CHECK(noDb.err == "stipple verify: no results database at " + (a.s.dir() / "none.db").string() +
                          " (nothing has been saved there yet)\n");
}

TEST_CASE("verify: keys and usage", "[cli][verify]") {
    Academy a;
    const auto file = a.sign("ana.result", sampleExamResult("C-0042", "Ana Souza", 81.25));
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

TEST_CASE("certificate: made from a valid pass only, the page verifies and edits are caught",
          "[cli][certificate]") {
    Academy a;
    const auto file = a.sign("ana.result", sampleExamResult("C-0042", "Ana <b>Souza</b> & Co", 81.25));
    const auto page = a.s.dir() / "certificate.html";
    const Run made = runStipple("certificate " + quote(file) + " -o " + quote(page) + " " + a.key());
    CHECK(made.exitCode == 0);
    const std::string code = a.codeOf(file);
    CHECK(made.out == "certificate for Ana <b>Souza</b> & Co (C-0042), Foundation certificate in scalp "
                      "micropigmentation, code " +
                          code + " written to " + page.string() + "\n");
    const std::string html = readText(page);
    CHECK(html.find("<div class=\"holder\">Ana &lt;b&gt;Souza&lt;/b&gt; &amp; Co</div>") !=
          std::string::npos);
    CHECK(html.find("<div class=\"code\">" + code + "</div>") != std::string::npos);
    CHECK(html.find("Valid until</span>2 March 2028") != std::string::npos);
    CHECK(html.find("Date of examination</span>2 March 2026") != std::string::npos);
    CHECK(html.find("<b>") == std::string::npos);  // the name is text, never markup
    CHECK(html.find("http") == std::string::npos); // nothing fetched from anywhere

    const Run checked = runStipple("verify " + quote(page) + " " + a.key() + " --code " + code);
    CHECK(checked.exitCode == 0);
    CHECK(checked.out.find("  candidate  Ana <b>Souza</b> & Co (C-0042)\n") != std::string::npos);

    std::string edited = html;
    edited.replace(edited.find("2 March 2028"), 12, "2 March 2038");
    const auto editedPage = a.s.write("edited.html", edited);
    const Run caught = runStipple("verify " + quote(editedPage) + " " + a.key());
    CHECK(caught.exitCode == 1);
    CHECK(caught.out ==
          "INVALID: the certificate page was edited: its visible text no longer matches the signed result "
          "it embeds\n");
    edited = html;
    edited.replace(edited.find("score 81.25"), 11, "score 99.25");
    const Run embedded = runStipple("verify " + quote(a.s.write("edited2.html", edited)) + " " + a.key());
    CHECK(embedded.exitCode == 1);
    CHECK(embedded.out ==
          "INVALID: the signature does not match the result: the result was changed after it was "
          "signed\n");

    // No certificate for a fail, or for a result that does not verify.
    const auto failFile = a.sign("ben.result", sampleExamResult("C-0043", "Ben", 50));
    const Run fail =
        runStipple("certificate " + quote(failFile) + " -o " + quote(a.s.dir() / "ben.html") + " " + a.key());
    CHECK(fail.exitCode == 1);
    CHECK(fail.err ==
          "stipple certificate: " + failFile.string() + ": no certificate: the result is a fail\n");
    CHECK_FALSE(std::filesystem::exists(a.s.dir() / "ben.html"));
    std::string tampered = readText(file);
    tampered.replace(tampered.find("C-0042"), 6, "C-0044");
    const auto tamperedFile = a.s.write("tampered.result", tampered);
    const Run bad = runStipple("certificate " + quote(tamperedFile) + " -o " + quote(a.s.dir() / "t.html") +
                               " " + a.key());
    CHECK(bad.exitCode == 1);
    CHECK(bad.err ==
          "stipple certificate: " + tamperedFile.string() +
              ": no certificate: the result does not verify: the signature does not match the result: the "
              "result was changed after it was signed\n");
    CHECK(runStipple("certificate " + quote(file) + " " + a.key()).exitCode == 2);
}

namespace {

/// An exam sat by `stipple record demo`, graded from its recording and signed beside it.
std::filesystem::path sitExam(const Academy& a, const std::string& candidate, const std::string& name,
                              int seed) {
    const std::string exam = std::string(STIPPLE_SOURCE_DIR) + "/levels/exams/foundation-certificate.xml";
    const auto rec = a.s.path(candidate + ".stiprec");
    const Run sat =
        runStipple("record demo --exam " + quote(exam) + " --out " + quote(rec) + " --candidate " +
                   candidate + " --name " + quote(name) + " --strikes 30 --seed " + std::to_string(seed) +
                   " --key " + quote(a.keys / "academy.secret"));
    INFO(sat.err);
    REQUIRE(sat.exitCode == 0);
    return rec;
}

/// Rewrites the recording's header record with `from` replaced by `to` (same length) and its
/// CRC recomputed: an edit the checksums cannot catch (FORMAT.md, "What the checksums do not do").
void forgeHeader(const std::filesystem::path& rec, const std::string& from, const std::string& to) {
    REQUIRE(from.size() == to.size());
    std::string bytes = readText(rec);
    std::size_t pos = 13, length = 0; // after the 12-byte signature and the type byte
    for (int shift = 0;; shift += 7) {
        const auto b = static_cast<unsigned char>(bytes[pos++]);
        length |= static_cast<std::size_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) break;
    }
    const std::size_t at = bytes.find(from, pos);
    REQUIRE(at + from.size() <= pos + length);
    bytes.replace(at, from.size(), to);
    const uint32_t crc = crc32c(bytes.data() + 12, pos + length - 12);
    for (int i = 0; i < 4; ++i)
        bytes[pos + length + static_cast<std::size_t>(i)] = static_cast<char>((crc >> (8 * i)) & 0xff);
    std::ofstream(rec, std::ios::binary | std::ios::trunc) << bytes;
}

} // namespace

TEST_CASE("verify --recording: the result must be what its recording grades to", "[cli][verify][recording]") {
    Academy a;
    const auto ana = sitExam(a, "C-7", "Ana Souza", 5);
    const auto ben = sitExam(a, "C-8", "Ben Okafor", 6);
    const auto anaResult = a.s.path("C-7.result");

    const Run ok = runStipple("verify " + quote(anaResult) + " --recording " + quote(ana) + " " + a.key());
    INFO(ok.out + ok.err);
    CHECK(ok.exitCode == 0);
    CHECK(ok.out.find("  recording  " + ana.string() + " regrades to exactly this result\n") !=
          std::string::npos);
    const Run okJson =
        runStipple("verify --json " + quote(anaResult) + " --recording " + quote(ana) + " " + a.key());
    CHECK(okJson.exitCode == 0);
    CHECK(nlohmann::json::parse(okJson.out)["recording"]["reproduces"] == true);

    // Another candidate's recording: the signature is fine, the fields that differ are named.
    const Run other = runStipple("verify " + quote(anaResult) + " --recording " + quote(ben) + " " + a.key());
    CHECK(other.exitCode == 1);
    CHECK(other.out.rfind("INVALID: the signature is good, but the result is not what the recording " +
                              ben.string() + " grades to: ",
                          0) == 0);
    // Ids are kept in their canonical form (trimmed, NFC, case-folded): "C-7" sat as "c-7".
    CHECK(other.out.find("  candidate-id: signed c-7, the recording gives c-8\n") != std::string::npos);
    CHECK(other.out.find("  candidate-name: signed Ana Souza, the recording gives Ben Okafor\n") !=
          std::string::npos);
    CHECK(other.out.find("  recording-sha256: signed ") != std::string::npos);
    const auto json = nlohmann::json::parse(
        runStipple("verify --json " + quote(anaResult) + " --recording " + quote(ben) + " " + a.key()).out);
    CHECK(json["valid"] == false);
    CHECK(json["recording"]["reproduces"] == false);
    bool named = false;
    for (const auto& d : json["recording"]["differences"])
        named |= d["field"] == "candidate-id" && d["signed"] == "c-7" && d["regraded"] == "c-8";
    CHECK(named);
    // Ben's own result still verifies against his recording.
    CHECK(runStipple("verify " + quote(a.s.path("C-8.result")) + " --recording " + quote(ben) + " " + a.key())
              .exitCode == 0);

    // An edit with valid checksums: only the result's hash of the recording, and what changed, tell.
    const auto forged = a.s.write("forged.stiprec", readText(ana));
    forgeHeader(forged, "Ana Souza", "Ana Sousa");
    REQUIRE(readText(forged) != readText(ana));
    const Run edited =
        runStipple("verify " + quote(anaResult) + " --recording " + quote(forged) + " " + a.key());
    CHECK(edited.exitCode == 1);
    CHECK(edited.out.find("  candidate-name: signed Ana Souza, the recording gives Ana Sousa\n") !=
          std::string::npos);
    CHECK(edited.out.find("  recording-sha256: signed ") != std::string::npos);
    CHECK(edited.out.find("candidate-id:") ==
          std::string::npos); // only what was edited (and the ids it feeds)

    // A damaged one (a byte flipped inside the last records): not confirmed, with the reason.
    std::string bytes = readText(ana);
    bytes[bytes.size() - 20] = static_cast<char>(bytes[bytes.size() - 20] ^ 0x55);
    const auto damaged = a.s.write("damaged.stiprec", bytes);
    const Run bad =
        runStipple("verify " + quote(anaResult) + " --recording " + quote(damaged) + " " + a.key());
    CHECK(bad.exitCode == 1);
    CHECK(bad.out.rfind("INVALID: the signature is good, but the recording " + damaged.string() +
                            " does not confirm it: ",
                        0) == 0);
    CHECK(bad.out.find("checksum mismatch") != std::string::npos);

    // A practice recording is not an exam's; usage errors.
    const auto practice = a.s.path("practice.stiprec");
    REQUIRE(runStipple("record demo --level tests/fixtures/recordings/even-patch.xml --out " +
                       quote(practice) + " --strikes 5")
                .exitCode == 0);
    const Run notExam =
        runStipple("verify " + quote(anaResult) + " --recording " + quote(practice) + " " + a.key());
    CHECK(notExam.exitCode == 1);
    CHECK(notExam.out.find("it is a practice recording, not an exam's") != std::string::npos);
    CHECK(
        runStipple("verify --code 0000-0000-0000-0000 --recording " + quote(ana) + " " + a.key()).exitCode ==
        2);
    CHECK(runStipple("verify " + quote(anaResult) + " --base /tmp " + a.key()).exitCode == 2);
}

TEST_CASE("verify: a certificate page whose format line was removed is a forgery, not a valid page (issue "
          "16, hole 1)",
          "[cli][certificate][tamper]") {
    Academy a;
    const auto file = a.sign("ana.result", sampleExamResult("C-0042", "Ana Souza", 71.5));
    const auto page = a.s.dir() / "certificate.html";
    REQUIRE(runStipple("certificate " + quote(file) + " -o " + quote(page) + " " + a.key()).exitCode == 0);
    std::string forged = readText(page);
    const std::string meta = "<meta name=\"stipple-certificate-format\" content=\"1\">\n";
    REQUIRE(forged.find(meta) != std::string::npos);
    forged.erase(forged.find(meta), meta.size());
    for (size_t at;
         (at = forged.find("Ana Souza")) != std::string::npos && at < forged.find("stipple-signed-result");)
        forged.replace(at, 9, "Eve Forger");
    forged.replace(forged.find("score of 71.5%"), 14, "score of 99.5%");
    const std::string why =
        "INVALID: the page does not say which certificate format made it (its "
        "stipple-certificate-format line is missing or unknown), so its visible text cannot be "
        "checked against the signed result it embeds: verify the signed result file itself, or "
        "make the certificate again with stipple certificate\n";
    const Run text = runStipple("verify " + quote(a.s.write("forged.html", forged)) + " " + a.key());
    CHECK(text.exitCode == 1);
    CHECK(text.out == why);
    const Run json = runStipple("verify " + quote(a.s.path("forged.html")) + " " + a.key() + " --json");
    CHECK(json.exitCode == 1);
    const auto j = nlohmann::json::parse(json.out);
    CHECK(j["valid"] == false);

    // Another format number is no better.
    std::string other = readText(page);
    other.replace(other.find(meta), meta.size(),
                  "<meta name=\"stipple-certificate-format\" content=\"2\">\n");
    const Run unknown = runStipple("verify " + quote(a.s.write("other.html", other)) + " " + a.key());
    CHECK(unknown.exitCode == 1);
    CHECK(unknown.out == why);
}
