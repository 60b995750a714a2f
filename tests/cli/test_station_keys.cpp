// The setup where no exam station holds the academy key (issue 16): each station signs the
// recordings it closes with its own key (`keys init --station`, `record demo --station-key`, the
// trainer's exam flow with keys/station.secret), and the exam officer grades and signs a day's
// recordings on their machine with `regrade --sign`, refusing every recording whose station
// signature is missing, made by an untrusted station, edited, or no longer matches the recording.
#include "exam/signing.h"
#include "record/station_signature.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <sys/stat.h>

using namespace stipple;
using namespace stipple::test;
namespace fs = std::filesystem;

namespace {

const std::string kExam = std::string(STIPPLE_SOURCE_DIR) + "/levels/exams/foundation-certificate.xml";

/// Sits the exam at a station as the demo trainee; `stationKey` "" = a station without a key.
std::string sit(const Scratch& s, const std::string& candidate, const std::string& station,
                const fs::path& stationKey) {
    const std::string rec = s.path(candidate + ".stiprec").string();
    const Run sat =
        runStipple("record demo --exam " + quote(kExam) + " --out " + quote(rec) + " --candidate " +
                   candidate + " --name 'Ana Souza' --strikes 30 --seed 3 --station " + station +
                   (stationKey.empty() ? std::string() : " --station-key " + quote(stationKey)));
    INFO(sat.err);
    REQUIRE(sat.exitCode == 0);
    CHECK((sat.out.find("station signature: " + rec + ".station-sig") != std::string::npos) ==
          !stationKey.empty());
    CHECK_FALSE(fs::exists(s.path(candidate + ".result"))); // the station signs no result
    return rec;
}

} // namespace

TEST_CASE("station keys: the officer signs only recordings a trusted station signed and nobody changed",
          "[cli][regrade][station]") {
    Scratch s;
    REQUIRE(runStipple("keys init --dir " + quote(s.path("officer"))).exitCode == 0);
    const Run made = runStipple("keys init --station --dir " + quote(s.path("station-1")));
    CHECK(made.exitCode == 0);
    CHECK(made.out.rfind("station key pair made, key id ", 0) == 0);
    struct stat st {};
    REQUIRE(::stat(s.path("station-1/station.secret").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(runStipple("keys init --station --dir " + quote(s.path("station-9"))).exitCode == 0);

    const std::string good = sit(s, "C-1", "station-1", s.path("station-1/station.secret"));
    const std::string stranger = sit(s, "C-2", "station-9", s.path("station-9/station.secret"));
    const std::string unsigned_ = sit(s, "C-3", "station-1", {});
    const std::string edited = sit(s, "C-4", "station-1", s.path("station-1/station.secret"));
    const std::string forged = sit(s, "C-5", "station-1", s.path("station-1/station.secret"));
    // Between the sitting and the grading: a recording changed, a signature file edited.
    writeText(edited, readText(edited) + "x");
    std::string sig = readText(forged + ".station-sig");
    sig.replace(sig.find("station station-1"), 17, "station station-2");
    writeText(forged + ".station-sig", sig);

    const std::string officerKey = " --key " + quote(s.path("officer/academy.secret"));
    const Run r =
        runStipple("regrade " + quote(good) + " " + quote(stranger) + " " + quote(unsigned_) + " " +
                   quote(edited) + " " + quote(forged) + " --sign" + officerKey + " --trust " +
                   quote(s.path("station-1/station.public")) + " --store " + quote(s.path("results.db")));
    INFO(r.out << r.err);
    CHECK(r.exitCode == 1);
    CHECK(r.out.find("signed: " + s.path("C-1.result").string() + ", station station-1: ") !=
          std::string::npos);
    CHECK(r.out.find(", stored\n") != std::string::npos);
    CHECK(r.out.find("not signed: " + stranger +
                     " (station signature: the station signature is made with key ") != std::string::npos);
    CHECK(r.out.find("(station station-9), which is not among the trusted station keys)") !=
          std::string::npos);
    CHECK(
        r.out.find(
            "not signed: " + unsigned_ + " (station signature: no station signature (" + unsigned_ +
            ".station-sig: cannot open file: No such file or directory): the recording cannot be traced to a "
            "station)") != std::string::npos);
    CHECK(r.out.find("not signed: " + edited +
                     " (station signature: the recording was changed after station station-1 "
                     "signed it (sha256 ") != std::string::npos);
    CHECK(r.out.find("not signed: " + forged + " (station signature: the station signature " + forged +
                     ".station-sig does not verify with station key ") != std::string::npos);
    for (const char* c : {"C-2", "C-3", "C-4", "C-5"})
        CHECK_FALSE(fs::exists(s.path(std::string(c) + ".result")));

    // The result the officer signed verifies with the academy's public key and is in the store.
    const Run verify = runStipple("verify " + quote(s.path("C-1.result")) + " --key " +
                                  quote(s.path("officer/academy.public")) + " --recording " + quote(good));
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    const Run listed = runStipple("results list --db " + quote(s.path("results.db")) + " --key " +
                                  quote(s.path("officer/academy.public")));
    CHECK(listed.exitCode == 0);
    // The listed words (the candidate column among them); a substring search also matched the
    // random check code, e.g. "...-K3PC-2XYZ-..." holds "c-2" (one run in a few hundred).
    std::set<std::string> words;
    {
        std::istringstream in(listed.out);
        for (std::string w; in >> w;)
            words.insert(w);
    }
    CHECK(words.count("c-1") == 1); // candidate ids are stored in their canonical (lower) case
    CHECK(words.count("c-2") == 0);
    CHECK(words.count("C-2") == 0);

    // A folder of trusted keys works too; a recording signed before is not signed twice.
    fs::create_directories(s.path("trusted"));
    fs::copy_file(s.path("station-1/station.public"), s.path("trusted/station-1.public"));
    const Run again = runStipple("regrade " + quote(good) + " --sign" + officerKey + " --trust " +
                                 quote(s.path("trusted")));
    CHECK(again.exitCode == 0);
    CHECK(again.out.find("already signed: " + good + " (" + s.path("C-1.result").string() + ")") !=
          std::string::npos);

    // Usage: --sign needs the key and the trusted stations.
    CHECK(runStipple("regrade " + quote(good) + " --sign" + officerKey).exitCode == 2);
    CHECK(runStipple("regrade " + quote(good) + " --sign --trust " + quote(s.path("trusted"))).exitCode == 2);
    CHECK(runStipple("regrade " + quote(good) + " --trust " + quote(s.path("trusted"))).exitCode == 2);
}
