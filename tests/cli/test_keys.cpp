// `stipple keys` end to end: a pair is made in the given or the default (XDG) folder, the secret
// file is private, an existing pair is never replaced without --force, `show` prints the id the
// results carry, and usage mistakes exit 2.
#include "exam/signing.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <cstdlib>
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

TEST_CASE("keys: the default folder follows XDG_DATA_HOME", "[cli][keys]") {
    Scratch s;
    const char* old = std::getenv("XDG_DATA_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_DATA_HOME", s.dir().c_str(), 1);
    const Run made = runStipple("keys init");
    CHECK(made.exitCode == 0);
    CHECK(std::filesystem::exists(s.dir() / "stipple" / "keys" / "academy.secret"));
    CHECK(modeOf(s.dir() / "stipple" / "keys") == 0700);
    const Run shown = runStipple("keys show");
    CHECK(shown.exitCode == 0);
    CHECK(keyIdIn(shown.out) == keyIdIn(made.out));
    if (old)
        ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
    else
        ::unsetenv("XDG_DATA_HOME");
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
