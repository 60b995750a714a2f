// A results-store URL's password is never printed (issue 16, hole 12), whatever the URL looks like:
// a password with an unencoded '/', '?' or '@', a percent-encoding libpq refuses, sslpassword=, a
// key in capitals or percent-encoded. One function redacts a URL (redactedStoreUrl), one a message
// that may quote parts of it (redactStoreSecrets): libpq's own connection errors quote the pieces
// of a URL it could not parse, and those pieces can be the password.
#include "store/postgres_store.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace stipple;
using namespace stipple::test;

namespace {

/// Every piece of `secret` of two characters or more that appears in `text` (none, when nothing
/// of the secret leaked).
std::vector<std::string> leakedPieces(const std::string& text, const std::string& secret) {
    std::vector<std::string> found;
    for (size_t i = 0; i + 2 <= secret.size(); ++i)
        if (text.find(secret.substr(i, 2)) != std::string::npos) found.push_back(secret.substr(i, 2));
    return found;
}

struct Case {
    std::string url;
    std::string secret;
};

// Passwords made of character pairs that appear nowhere else in a message (no "er", "re", "at").
const std::vector<Case> kCases = {
    {"postgresql://ana:Zq9/Xw?Kv@127.0.0.1:1/results", "Zq9/Xw?Kv"},
    {"postgresql://ana:Zq9?Kv@127.0.0.1:1/results", "Zq9?Kv"},
    {"postgresql://ana:Zq9@Xw@127.0.0.1:1/results", "Zq9@Xw"},
    {"postgresql://ana:Zq9%zzXw@127.0.0.1:1/results", "Zq9%zzXw"},
    {"postgresql://ana:Zq9Xw@127.0.0.1:1/results", "Zq9Xw"},
    {"postgresql://ana@127.0.0.1:1/results?sslmode=disable&sslpassword=Hq7Jk", "Hq7Jk"},
    {"postgresql://127.0.0.1:1/results?user=ana&password=Vb3%zzYj", "Vb3%zzYj"},
    {"postgresql://127.0.0.1:1/results?PASSWORD=Wm5Qx&user=ana", "Wm5Qx"},
    {"postgresql://127.0.0.1:1/results?pass%77ord=Wm5Qx", "Wm5Qx"},
    {"postgres://ana:Zq9/Xw@127.0.0.1:1/results?password=Vb3Yj", "Zq9/XwVb3Yj"},
};

} // namespace

TEST_CASE("secrets: a store URL is printed with every password replaced, whatever it holds",
          "[secrets][store]") {
    CHECK(redactedStoreUrl("postgresql://ana:Zq9/Xw?Kv@db:5432/results") ==
          "postgresql://ana:***@db:5432/results");
    CHECK(redactedStoreUrl("postgresql://ana@db/results?sslmode=require&sslpassword=Hq7Jk") ==
          "postgresql://ana@db/results?sslmode=require&sslpassword=***");
    CHECK(redactedStoreUrl("postgresql://db/results?PASSWORD=Wm5Qx&user=ana") ==
          "postgresql://db/results?PASSWORD=***&user=ana");
    CHECK(redactedStoreUrl("postgresql://ana@db/results") == "postgresql://ana@db/results");
    for (const Case& c : kCases) {
        INFO(c.url);
        CHECK(leakedPieces(redactedStoreUrl(c.url), c.secret).empty());
    }
    // libpq's messages quote the pieces it could not parse; those pieces never come through.
    const std::string url = "postgresql://ana:Zq9/Xw?Kv@127.0.0.1:1/results";
    CHECK(redactStoreSecrets(
              "missing key/value separator \"=\" in URI query parameter: \"Kv@127.0.0.1:1/results\"", url) ==
          "missing key/value separator \"=\" in URI query parameter: \"***\"");
    CHECK(redactStoreSecrets("could not translate host name \"127.0.0.1\" to address", url) ==
          "could not translate host name \"127.0.0.1\" to address");
    CHECK(redactStoreSecrets("password authentication failed for user \"ana\"", url) ==
          "password authentication failed for user \"ana\"");
}

TEST_CASE("secrets: no command prints a store password, whatever the URL looks like",
          "[secrets][store][cli]") {
    for (const Case& c : kCases) {
        INFO(c.url);
        for (const std::string& command :
             {"results list --store '" + c.url + "'", "results cohort --db '" + c.url + "'"}) {
            const Run r = runStipple(command);
            INFO(r.err);
            CHECK(r.exitCode == 1);
            CHECK(r.err.find("cannot connect to the results server") != std::string::npos);
            CHECK(leakedPieces(r.err + r.out, c.secret).empty());
        }
    }
}
