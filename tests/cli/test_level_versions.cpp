// An edit never breaks an old recording: the level as recorded is kept by its hash (the trainer,
// and `record demo --user-data`, keep it when they record), so `stipple regrade` and `stipple
// replay` give the original dots and score after the level file changed; a kept file whose
// content does not match its name is refused with a message saying so.
#include "app/practice_recording.h"
#include "io/files.h"
#include "record/level_versions.h"
#include "record/recording_writer.h"
#include "record/session_recorder.h"
#include "session/practice_session.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace stipple;
using namespace stipple::test;
namespace fs = std::filesystem;

namespace {

const std::string kLevel = std::string(STIPPLE_SOURCE_DIR) + "/levels/02-even-patch.xml";

/// The shipped level with its title changed, as an instructor's edit would.
std::string edited(const std::string& text) {
    const size_t at = text.find("title=\"");
    REQUIRE(at != std::string::npos);
    std::string out = text;
    out.insert(at + 7, "Revised: ");
    return out;
}

} // namespace

TEST_CASE("a recording regrades and replays on its kept level after the level file is edited", "[display]") {
    Scratch s;
    const std::string original = readText(kLevel);
    const std::string level = s.write("patch.xml", original).string();
    const std::string rec = s.path("attempt.stiprec").string();
    const std::string user = s.path("user").string();
    const Run made = runStipple("record demo --level " + quote(level) + " --out " + quote(rec) +
                                " --strikes 30 --user-data " + quote(user));
    INFO(made.err);
    REQUIRE(made.exitCode == 0);
    const std::string kept = levelVersionPath(levelVersionsDir(user), sha256Hex(original));
    REQUIRE(fs::exists(kept));
    CHECK(readText(kept) == original);

    writeText(level, edited(original));
    // Without the kept versions the edit breaks the recording, and says so.
    const Run broken =
        runStipple("regrade " + quote(rec) + " --user-data " + quote(s.path("nobody").string()));
    CHECK(broken.exitCode == 1);
    CHECK(broken.out.find("has changed since the recording") != std::string::npos);
    const Run noReplay =
        runStipple("replay " + quote(rec) + " --user-data " + quote(s.path("nobody").string()));
    CHECK(noReplay.exitCode == 1);
    CHECK(noReplay.err.find("has changed since the recording") != std::string::npos);

    // With them: every recorded number and the dots reproduce exactly (exit 0), and the report
    // says the kept version was used.
    const Run regraded = runStipple("regrade " + quote(rec) + " --user-data " + quote(user));
    INFO(regraded.out << regraded.err);
    CHECK(regraded.exitCode == 0);
    CHECK(regraded.out.find("kept when it was recorded") != std::string::npos);
    const Run replayed = runStipple("replay " + quote(rec) + " --user-data " + quote(user) +
                                    " --screenshot " + quote(s.path("end.png").string()) + " --size 640x480");
    INFO(replayed.err);
    CHECK(replayed.exitCode == 0);
    CHECK(fs::exists(s.path("end.png")));

    // A planted file under the recorded hash (here: the edited level) is refused, by name.
    writeText(kept, edited(original));
    const Run forged = runStipple("regrade " + quote(rec) + " --user-data " + quote(user));
    CHECK(forged.exitCode == 1);
    CHECK(forged.out.find("is refused: its content hashes to") != std::string::npos);
    const Run forgedReplay = runStipple("replay " + quote(rec) + " --user-data " + quote(user));
    CHECK(forgedReplay.exitCode == 1);
    CHECK(forgedReplay.err.find("is refused: its content hashes to") != std::string::npos);
}

TEST_CASE(
    "kept versions: looked up by hash, refused when planted, and the trainer keeps one when it records") {
    Scratch s;
    const std::string dir = s.path("versions").string();
    const std::string text = readText(kLevel);
    std::string error;
    CHECK(findLevelVersion(dir, sha256Hex(text)).status == LevelVersion::Status::Missing);
    REQUIRE(keepLevelVersion(dir, text, error));
    REQUIRE(keepLevelVersion(dir, text, error)); // kept once: the same bytes again change nothing
    const LevelVersion found = findLevelVersion(dir, sha256Hex(text));
    REQUIRE(found.status == LevelVersion::Status::Found);
    CHECK(found.level->sha256 == sha256Hex(text));
    CHECK(findLevelVersion(dir, "../../etc/passwd").status == LevelVersion::Status::Missing);

    // A file under another level's hash.
    const std::string other = edited(text);
    writeText(levelVersionPath(dir, sha256Hex(other)), text);
    const LevelVersion planted = findLevelVersion(dir, sha256Hex(other));
    CHECK(planted.status == LevelVersion::Status::Refused);
    CHECK(planted.problem.find(levelVersionPath(dir, sha256Hex(other))) != std::string::npos);
    // Keeping the true version replaces the planted one.
    REQUIRE(keepLevelVersion(dir, other, error));
    CHECK(findLevelVersion(dir, sha256Hex(other)).status == LevelVersion::Status::Found);

    // The trainer's practice recording keeps the level it records on.
    const std::string level = s.write("lvl.xml", text).string();
    Diagnostics d;
    const auto hashed = loadHashedLevel(level, d);
    REQUIRE(hashed);
    PracticeSession session(hashed->level, 1);
    const std::string trainerVersions = s.path("trainer/level-versions").string();
    auto recording = app::PracticeRecording::start(s.path("trainer/practice").string(), level, session, "zoe",
                                                   error, trainerVersions);
    INFO(error);
    REQUIRE(recording);
    CHECK(readText(levelVersionPath(trainerVersions, sha256Hex(text))) == text);
}

TEST_CASE("record --resume goes on on the kept level after the level file is edited, and without it exits 1 "
          "naming the level, the hash and what to do") {
    Scratch s;
    const std::string original = readText(kLevel);
    const std::string level = s.write("patch.xml", original).string();
    const std::string rec = s.path("open.stiprec").string();
    const std::string user = s.path("user").string();
    // Cut off after 40 commands, the attempt left open (as a crash would).
    const Run made = runStipple("record demo --level " + quote(level) + " --out " + quote(rec) +
                                " --strikes 30 --stop-after 40 --user-data " + quote(user));
    INFO(made.err);
    REQUIRE(made.exitCode == 0);
    writeText(level, edited(original));

    const Run refused = runStipple("record demo --resume " + quote(rec) + " --strikes 30 --user-data " +
                                   quote(s.path("nobody").string()));
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.find("the open attempt's level " + level + " has changed since the recording (sha256 " +
                           sha256Hex(original).substr(0, 16)) != std::string::npos);
    CHECK(refused.err.find("copy that version of the level file") != std::string::npos);

    const Run resumed =
        runStipple("record demo --resume " + quote(rec) + " --strikes 30 --user-data " + quote(user));
    INFO(resumed.err);
    CHECK(resumed.exitCode == 0);
    // The finished recording is one attempt on the original level, and regrades on it exactly.
    const Run regraded = runStipple("regrade " + quote(rec) + " --user-data " + quote(user));
    INFO(regraded.out << regraded.err);
    CHECK(regraded.exitCode == 0);
    CHECK(regraded.out.find("kept when it was recorded") != std::string::npos);
}

TEST_CASE("a level's recordings and results are counted by version, each with whether it is kept") {
    Scratch s;
    const std::string text = readText(kLevel);
    const std::string earlier = text + "<!-- the level as it was last month -->\n";
    const std::string level = s.write("levels/patch.xml", text).string();
    const std::string data = s.path("data").string();
    const std::string versions = levelVersionsDir(data);
    // A practice recording of the level as it is, one of an earlier version (named by path), an
    // exam recording naming it among others, and a recording of another level.
    auto record = [&](const std::string& name, const std::string& levelPath, const std::string& sha) {
        std::string error;
        auto w =
            RecordingWriter::create(s.path("data/" + name).string(),
                                    practiceRecordingHeader(levelPath, sha, 1, "zoe", "station-1"), error);
        INFO(error);
        REQUIRE(w);
    };
    std::filesystem::create_directories(s.path("data/practice"));
    std::filesystem::create_directories(s.path("data/recordings/2026"));
    record("practice/a.stiprec", level, sha256Hex(text));
    record("practice/b.stiprec", level, sha256Hex(earlier));
    record("recordings/2026/c.stiprec", s.path("levels/../levels/patch.xml").string(), sha256Hex(text));
    record("practice/other.stiprec", s.path("levels/other.xml").string(), sha256Hex("<level/>"));
    const std::vector<std::string> dirs{s.path("data/practice").string(), s.path("data/recordings").string()};
    // Two results on the earlier version, one on a version no recording here names.
    const std::vector<std::string> results{sha256Hex(earlier), sha256Hex(earlier), std::string(64, 'a')};

    auto uses = levelVersionUses(level, "even-patch", dirs, results, versions);
    REQUIRE(uses.size() == 3);
    auto find = [&](const std::string& sha) {
        const auto it =
            std::find_if(uses.begin(), uses.end(), [&](const LevelVersionUse& u) { return u.sha256 == sha; });
        REQUIRE(it != uses.end());
        return *it;
    };
    CHECK(find(sha256Hex(text)).recordings == 2);
    CHECK(find(sha256Hex(text)).results == 0);
    CHECK(find(sha256Hex(earlier)).recordings == 1);
    CHECK(find(sha256Hex(earlier)).results == 2);
    CHECK(find(std::string(64, 'a')).results == 1);
    for (const LevelVersionUse& u : uses)
        CHECK_FALSE(u.kept);
    // The earlier version put into the folder under any name is found by its content.
    std::filesystem::create_directories(versions);
    writeText(std::filesystem::path(versions) / "patch-last-month.xml", earlier);
    uses = levelVersionUses(level, "even-patch", dirs, results, versions);
    CHECK(find(sha256Hex(earlier)).kept);
    CHECK(findLevelVersion(versions, sha256Hex(earlier)).status == LevelVersion::Status::Found);
    CHECK_FALSE(find(sha256Hex(text)).kept);
}
