// `stipple keys` end to end: a pair is made in the given or the default folder (keys/ in the data
// folder, which settings may move; a pair left in the old XDG folder is still found), the secret
// file is private, an existing pair is never replaced without --force, `show` prints the id the
// results carry, and usage mistakes exit 2.
#include "exam/signing.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <sys/stat.h>

using namespace stipple;
using namespace stipple::test;

namespace {

/// The key id printed by `keys init`/`keys show` ("key id <16 hex>").
std::string keyIdIn(const std::string& out) {
    const size_t at = out.find("key id ");
    return at == std::string::npos ? "" : out.substr(at + 7, 16);
}

mode_t modeOf(const std::filesystem::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}

/// Sets an environment variable for one test (unsets it for nullopt) and puts the old value back.
struct EnvVar {
    std::string name;
    std::optional<std::string> old;
    EnvVar(std::string n, const std::optional<std::string>& value) : name(std::move(n)) {
        if (const char* v = std::getenv(name.c_str())) old = v;
        set(value);
    }
    void set(const std::optional<std::string>& value) {
        if (value)
            ::setenv(name.c_str(), value->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }
    ~EnvVar() { set(old); }
};

} // namespace

TEST_CASE("keys init: a private pair in --dir, never replaced by accident", "[cli][keys]") {
    Scratch s;
    const auto dir = s.dir() / "academy keys";
    const Run made = runStipple("keys init --dir " + quote(dir));
    CHECK(made.exitCode == 0);
    CHECK(made.err.empty());
    const std::string id = keyIdIn(made.out);
    REQUIRE(id.size() == 16);
    CHECK(made.out == "academy key pair made, key id " + id +
                          "\n  secret: " + (dir / "academy.secret").string() +
                          " (readable by you only; keep a backup somewhere safe and offline)\n  public: " +
                          (dir / "academy.public").string() +
                          " (give this to whoever verifies results and certificates)\n");
    CHECK(modeOf(dir / "academy.secret") == 0600);
    CHECK(modeOf(dir / "academy.public") == 0644);
    std::string error;
    const auto key = loadPublicKey((dir / "academy.public").string(), error);
    REQUIRE(key);
    CHECK(key->keyId() == id);
    const auto secret = loadSecretKey((dir / "academy.secret").string(), error);
    REQUIRE(secret);
    CHECK(secret->publicKey() == *key);

    const std::string before = readText(dir / "academy.secret");
    const Run again = runStipple("keys init --dir " + quote(dir));
    CHECK(again.exitCode == 1);
    CHECK(again.out.empty());
    CHECK(again.err ==
          "stipple keys: " + (dir / "academy.secret").string() +
              " already exists: results signed with that key verify only with its public key. Keep a "
              "copy of the old pair, then use --force to replace it\n");
    CHECK(readText(dir / "academy.secret") == before);

    const Run forced = runStipple("keys init --force --dir " + quote(dir));
    CHECK(forced.exitCode == 0);
    CHECK(keyIdIn(forced.out) != id);
    CHECK(readText(dir / "academy.secret") != before);

    const Run shown = runStipple("keys show --dir " + quote(dir));
    CHECK(shown.exitCode == 0);
    CHECK(shown.out ==
          "key id " + keyIdIn(forced.out) + "\npublic key " + (dir / "academy.public").string() + "\n");
    const Run byFile = runStipple("keys show --key " + quote(dir / "academy.public"));
    CHECK(byFile.out == shown.out);
}

TEST_CASE(
    "keys: the default folder is keys/ in the data folder, $XDG_DATA_HOME/stipple when nothing moves it",
    "[cli][keys]") {
    Scratch s;
    const EnvVar xdg("XDG_DATA_HOME", s.dir().string());
    const EnvVar userData("STIPPLE_USER_DATA", std::nullopt);
    const EnvVar config("STIPPLE_CONFIG", s.write("empty.conf", "").string()); // no user-data=
    const Run made = runStipple("keys init");
    CHECK(made.exitCode == 0);
    CHECK(std::filesystem::exists(s.dir() / "stipple" / "keys" / "academy.secret"));
    CHECK(modeOf(s.dir() / "stipple" / "keys") == 0700);
    const Run shown = runStipple("keys show");
    CHECK(shown.exitCode == 0);
    CHECK(keyIdIn(shown.out) == keyIdIn(made.out));
    CHECK(shown.err.empty());
}

TEST_CASE("keys: a data folder moved by user-data= or STIPPLE_USER_DATA holds the keys, and a station's pair "
          "in the old folder is still found, never made twice",
          "[cli][keys]") {
    Scratch s;
    const EnvVar xdg("XDG_DATA_HOME", (s.dir() / "xdg").string());
    const EnvVar userData("STIPPLE_USER_DATA", std::nullopt);
    const EnvVar config("STIPPLE_CONFIG", (s.dir() / "stipple.conf").string());
    const auto legacy = s.dir() / "xdg" / "stipple" / "keys";
    const auto station = s.dir() / "station data";
    const auto keys = station / "keys";

    // The settings file moves the data folder: keys init writes into its keys/, and show reads there.
    s.write("stipple.conf", "user-data = " + station.string() + "\n");
    const Run made = runStipple("keys init --station");
    INFO(made.err);
    CHECK(made.exitCode == 0);
    CHECK(std::filesystem::exists(keys / "station.secret"));
    CHECK_FALSE(std::filesystem::exists(legacy));

    // A station set up before: its academy pair is in the XDG folder, where `keys init` put it
    // whatever user-data= said.
    const Run old = runStipple("keys init --dir " + quote(legacy));
    REQUIRE(old.exitCode == 0);
    // It is still found, and the note says where the keys now belong and how to move them.
    const Run shown = runStipple("keys show");
    INFO(shown.err);
    CHECK(shown.exitCode == 0);
    CHECK(keyIdIn(shown.out) == keyIdIn(old.out));
    CHECK(shown.out.find((legacy / "academy.public").string()) != std::string::npos);
    CHECK(shown.err.find("note: the key folder is now " + keys.string()) != std::string::npos);
    CHECK(shown.err.find("mv '" + legacy.string() + "'/* '" + keys.string() + "'/") != std::string::npos);
    // No second academy key is made beside it: the exam officer would sign with one and check with the other.
    const Run second = runStipple("keys init");
    CHECK(second.exitCode == 1);
    CHECK(second.err.find("already in " + legacy.string()) != std::string::npos);
    CHECK(second.err.find("give --dir") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(keys / "academy.secret"));
    // Moved as the note says, it is read from the key folder without a note.
    for (const char* name : {"academy.secret", "academy.public"})
        std::filesystem::rename(legacy / name, keys / name);
    const Run moved = runStipple("keys show");
    CHECK(moved.exitCode == 0);
    CHECK(keyIdIn(moved.out) == keyIdIn(old.out));
    CHECK(moved.out.find((keys / "academy.public").string()) != std::string::npos);
    CHECK(moved.err.empty());

    // STIPPLE_USER_DATA moves it as well, over the settings file.
    const EnvVar env("STIPPLE_USER_DATA", (s.dir() / "env data").string());
    const Run byEnv = runStipple("keys init");
    CHECK(byEnv.exitCode == 0);
    CHECK(std::filesystem::exists(s.dir() / "env data" / "keys" / "academy.secret"));
}

TEST_CASE("keys: missing and damaged keys, usage mistakes", "[cli][keys]") {
    Scratch s;
    const Run missing = runStipple("keys show --dir " + quote(s.dir()));
    CHECK(missing.exitCode == 1);
    CHECK(missing.err == "stipple keys: " + (s.dir() / "academy.public").string() +
                             ": cannot open file: No such file or directory\n");
    const auto bad =
        s.write("bad.public", "stipple academy public key 1\nkey-id 0000000000000000\ned25519-public 00\n");
    const Run damaged = runStipple("keys show --key " + quote(bad));
    CHECK(damaged.exitCode == 1);
    CHECK(damaged.err ==
          "stipple keys: " + bad.string() +
              ": line 3 must be \"ed25519-public\" and 64 lower-case hex digits, and nothing may follow "
              "it\n");
    for (const char* args : {"keys", "keys make", "keys init --key x", "keys show --force",
                             "keys init --bogus", "keys init extra words", "keys show --dir a --key b"}) {
        const Run r = runStipple(args);
        INFO(args);
        CHECK(r.exitCode == 2);
        CHECK(r.err.find("usage: stipple keys init") != std::string::npos);
    }
    const Run help = runStipple("keys --help");
    CHECK(help.exitCode == 0);
    CHECK(help.out.rfind("usage: stipple keys init [--dir DIR] [--force] [--station]\n", 0) == 0);
}

TEST_CASE("keys init: a planted academy.secret.tmp or symlink never makes the secret readable by others "
          "(issue 16, hole 5)",
          "[cli][keys]") {
    Scratch s;
    const auto dir = s.dir() / "keys";
    std::filesystem::create_directories(dir);
    const auto planted = s.write("keys/academy.secret.tmp", "planted by someone\n");
    ::chmod(planted.c_str(), 0666);
    const Run made = runStipple("keys init --dir " + quote(dir));
    CHECK(made.exitCode == 0);
    CHECK(modeOf(dir / "academy.secret") == 0600);
    CHECK(readText(planted) == "planted by someone\n");
    CHECK(modeOf(planted) == 0666);

    // --force over a symlink planted at the secret's path replaces the link; the file it pointed
    // to (open to everyone) never receives the secret.
    const auto open = s.write("open-to-all.txt", "");
    ::chmod(open.c_str(), 0666);
    std::filesystem::remove(dir / "academy.secret");
    std::filesystem::create_symlink(open, dir / "academy.secret");
    const Run forced = runStipple("keys init --force --dir " + quote(dir));
    CHECK(forced.exitCode == 0);
    CHECK(readText(open).empty());
    CHECK_FALSE(std::filesystem::is_symlink(dir / "academy.secret"));
    struct stat st {};
    REQUIRE(::lstat((dir / "academy.secret").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    std::string error;
    CHECK(loadSecretKey((dir / "academy.secret").string(), error));
}
