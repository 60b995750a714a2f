// `stipple keys`: the academy's Ed25519 key pair. `init` makes one (the secret file private to
// its owner, never silently replacing an existing key: every result signed with it would stop
// verifying); `show` prints the key id and the public key file an academy hands to verifiers.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "config/station_config.h"
#include "exam/signing.h"
#include "record/station_signature.h"

#include <cstdio>
#include <filesystem>

namespace stipple::cli {

namespace {

const CommandDef kKeysDef{"keys",
                          "make or show the academy's signing key pair",
                          "usage: stipple keys init [--dir DIR] [--force] [--station]\n"
                          "       stipple keys show [--dir DIR | --key PUBLIC]\n",
                          "The academy's Ed25519 key pair signs exam results and certificates.\n"
                          "  init     make a new pair: DIR/academy.secret (readable by you only) and\n"
                          "           DIR/academy.public (give this one to anyone who verifies results)\n"
                          "  show     print the key id and the public key file\n",
                          {
                              {"--dir", "DIR",
                               "key folder (default: keys/ in the data folder: $STIPPLE_USER_DATA,\n"
                               "the settings file's user-data=, else ~/.local/share/stipple)"},
                              {"--key", "PUBLIC", "a public key file (show)"},
                              {"--force", "",
                               "init: replace an existing pair. Results signed with the old key\n"
                               "then verify only with a copy of the old public key."},
                              {"--station", "",
                               "init: a station's own pair instead (DIR/station.secret, .public):\n"
                               "the station signs the recordings it closes; the exam officer\n"
                               "trusts its public key (regrade --sign --trust) and signs results"},
                          },
                          "exit status: 0 done, 1 cannot read or write the keys, 2 usage error.\n"};

int runKeys(const std::vector<std::string>& argv) {
    const Args args(argv, kKeysDef);
    if (!args.ok()) return usageError("keys", args.error(), helpText(kKeysDef));
    if (args.help()) {
        std::fputs(helpText(kKeysDef).c_str(), stdout);
        return kExitOk;
    }
    if (args.positional().size() != 1)
        return usageError("keys", "say what to do: init or show", helpText(kKeysDef));
    const std::string& verb = args.positional()[0];
    const std::string dir = args.value("dir").value_or(defaultKeyDir());
    if (verb == "init") {
        if (args.value("key"))
            return usageError("keys", "--key is for show; init writes into --dir", helpText(kKeysDef));
        if (dir.empty())
            return usageError(
                "keys", "no key folder: set HOME, XDG_DATA_HOME or STIPPLE_USER_DATA, or give --dir DIR",
                helpText(kKeysDef));
        const bool station = args.flag("station");
        // A station set up before the key folder followed the data folder keeps its pair in the
        // old folder: making a second pair here would leave the old one unused (and every result it
        // signed checked against the wrong key). Say where it is and how to move it instead.
        const std::string secretName = station ? kStationSecretKeyFile : kSecretKeyFile;
        if (!args.value("dir") &&
            defaultKeyFile(secretName) != (std::filesystem::path(dir) / secretName).string())
            return cannot("keys", "a key pair (" + secretName + ") is already in " + legacyKeyDir() +
                                      ", where keys were kept before the key folder followed the data "
                                      "folder: not making a second one. Move it into the key folder " +
                                      dir + " (mkdir -p '" + dir + "' && mv '" + legacyKeyDir() + "'/* '" +
                                      dir + "'/), or give --dir DIR to make a pair there");
        const KeyPair keys = generateKeyPair();
        std::string error;
        if (!writeKeyPair(keys, dir, args.flag("force"), error, station ? "station" : "academy")) {
            std::fprintf(stderr, "stipple keys: %s\n", error.c_str());
            return kExitBadInput;
        }
        const auto path = [&](const char* name) { return (std::filesystem::path(dir) / name).string(); };
        if (station) {
            std::printf("station key pair made, key id %s\n"
                        "  secret: %s (readable by you only; stays on this station)\n"
                        "  public: %s (give this to the exam officer: regrade --sign --trust)\n",
                        keys.publicKey.keyId().c_str(), path("station.secret").c_str(),
                        path("station.public").c_str());
            return kExitOk;
        }
        std::printf("academy key pair made, key id %s\n"
                    "  secret: %s (readable by you only; keep a backup somewhere safe and offline)\n"
                    "  public: %s (give this to whoever verifies results and certificates)\n",
                    keys.publicKey.keyId().c_str(), path(kSecretKeyFile).c_str(),
                    path(kPublicKeyFile).c_str());
        return kExitOk;
    }
    if (verb == "show") {
        if (args.flag("force") || args.flag("station"))
            return usageError("keys", "--force and --station are for init", helpText(kKeysDef));
        if (args.value("key") && args.value("dir"))
            return usageError("keys", "give --dir or --key, not both", helpText(kKeysDef));
        const std::string path = args.value("key")   ? *args.value("key")
                                 : args.value("dir") ? (std::filesystem::path(dir) / kPublicKeyFile).string()
                                                     : defaultKeyFileNoting("keys", kPublicKeyFile);
        if (path.empty())
            return usageError("keys",
                              "no key folder: set HOME, XDG_DATA_HOME or STIPPLE_USER_DATA, or give --dir "
                              "DIR or --key PUBLIC",
                              helpText(kKeysDef));
        std::string error;
        const auto key = loadPublicKey(path, error);
        if (!key) {
            std::fprintf(stderr, "stipple keys: %s\n", error.c_str());
            return kExitBadInput;
        }
        std::printf("key id %s\npublic key %s\n", key->keyId().c_str(), path.c_str());
        return kExitOk;
    }
    return usageError("keys", "unknown action '" + verb + "' (expected init or show)", helpText(kKeysDef));
}

const Registration kKeysReg{kKeysDef, &runKeys};

} // namespace

} // namespace stipple::cli
