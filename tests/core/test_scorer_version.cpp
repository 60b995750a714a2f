// The scorer version is raised whenever the scores change (scoring/scorer_version.h, levels/
// README.md "When the scoring rules change"). A regrade that finds other scores than the
// recorded ones blames the rules only when the versions differ: a change of the scores without a
// new version would make honest recordings read as forged. This test scores a fixed set of
// attempts on every shipped level — the level's own example attempts, natural work from the
// panel's three generators and faulty work of every kind, all made here from fixed seeds — and
// hashes everything a trainee reads of each scorecard: every row's value, sub-score and failed
// mark, fired vetoes, the overall number, the verdict and the "Failed: …" line. Numbers are
// rounded to 6 significant digits first, so that the optimiser (the Release build at -O3, the
// Checked build at -O1 with the sanitizers) cannot change the fingerprint.
// STIPPLE_FINGERPRINT_PRINT=1 prints what is hashed, one line per row (to diff two builds).
#include "level/level_reader.h"
#include "pattern/example_attempts.h"
#include "scoring/layering.h"
#include "scoring/scorer_version.h"
#include "support/attempt_panel.h"
#include "support/natural_work.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <utility>

using namespace stipple;

namespace {

/// The fingerprint of the scores of each scorer version (the last line is kScorerVersion's).
/// When a change moves the scores, raise kScorerVersion and add a line; never edit an old one.
struct Recorded {
    int version;
    const char* fingerprint;
};
constexpr Recorded kFingerprints[] = {
    {1, "50b7e87497bc3096"},
    {2, "08a0ac3c68055fe9"},
    {3, "93eb2da7a14ca327"},
};

/// FNV-1a, 64 bits: the same on every platform, unlike std::hash.
struct Fnv {
    uint64_t h = 0xcbf29ce484222325ull;
    void add(const std::string& s) {
        for (const unsigned char c : s) {
            h ^= c;
            h *= 0x100000001b3ull;
        }
        h ^= '\n';
        h *= 0x100000001b3ull;
    }
    std::string hex() const {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
        return buf;
    }
};

/// 6 significant digits; -0 and 0 alike.
std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    std::string s = buf;
    if (s == "-0") s = "0";
    return s;
}

struct Fingerprint {
    Fnv fnv;
    bool print = std::getenv("STIPPLE_FINGERPRINT_PRINT") != nullptr;
    int attempts = 0;
    std::set<panel::Fault> made; ///< the kinds of faulty work scored

    void line(const std::string& s) {
        fnv.add(s);
        if (print) std::printf("%s\n", s.c_str());
    }
    void card(const std::string& what, const Scorecard& c) {
        ++attempts;
        line(what + " | " + num(c.overall) + (c.passed ? " passed" : " failed") +
             (c.passed ? "" : " | " + c.decidingRule));
        for (const auto& m : c.metrics)
            line("  " + m.id + (m.zone.empty() ? "" : "/" + m.zone) + " " + num(m.value) + " " +
                 num(m.score) + (m.failed ? " FAILED" : ""));
        for (const auto& v : c.vetoes)
            line("  veto " + v.metric + " " + num(v.value));
    }
};

Scorecard judge(const LevelContext& ctx, const std::vector<Dot>& dots) {
    // As the results screen and `stipple score` judge: the healed result of layered work.
    const Level& level = ctx.level();
    if (level.sessions.size() > 1 || !level.scars.empty()) return scoreLayered(ctx, dots).card;
    AttemptInfo info;
    info.elapsedSeconds = 300.0; // the pace row too, where a level has one
    return scoreAttempt(ctx, dots, info).card;
}

/// The fingerprint of this build's scores (see the file comment). Kept small: one attempt of
/// each kind per level, the kinds spread over the levels so that every fault is made somewhere.
Fingerprint scoreShippedLevels() {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(std::string(STIPPLE_SOURCE_DIR) + "/levels"))
        if (e.path().extension() == ".xml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    Fingerprint fp;
    size_t turn = 0; // spreads the example styles and generators over the levels
    std::vector<panel::Fault> faults(std::begin(panel::kFaults), std::end(panel::kFaults));
    for (const auto& file : files) {
        Diagnostics diags;
        const auto level = loadLevelFile(file.string(), diags);
        INFO(file.string() << ": " << diags.formatAll());
        REQUIRE(level);
        const LevelContext ctx(*level);
        const std::string name = file.filename().string();
        // Layered work is scored on its healed result, which costs about ten plain attempts under
        // the sanitizers: a layered level gets its good example and one fault of the panel; the
        // layering faults go to the crown (sessions) and the scar level (the scar's density).
        const bool layered = level->sessions.size() > 1 || !level->scars.empty();
        const bool scar = !level->scars.empty();
        std::vector<AttemptStyle> styles = {AttemptStyle::Good};
        if (!layered)
            styles.push_back(
                std::array{AttemptStyle::Sparse, AttemptStyle::Clumped, AttemptStyle::Grid}[turn % 3]);
        else if (!scar)
            styles.push_back(AttemptStyle::Stacked);
        for (const auto style : styles)
            fp.card(name + " example " + attemptStyleName(style),
                    judge(ctx, dotsOfExample(exampleAttempt(*level, style, 7))));
        if (!level->zones.empty()) {
            const panel::Work work(*level);
            const auto g = panel::kNaturals[turn % 3];
            if (!layered) fp.card(name + " natural " + panel::naturalName(g), judge(ctx, work.natural(g, 7)));
            // The next kinds in the queue that the level can show (a forbidden area waits for a
            // level with one); each goes to the back of the queue.
            for (int k = 0; k < (layered ? 1 : 2); ++k) {
                const auto it = std::find_if(faults.begin(), faults.end(),
                                             [&](panel::Fault f) { return panel::applies(*level, f); });
                REQUIRE(it != faults.end());
                const panel::Fault f = *it;
                faults.erase(it);
                faults.push_back(f);
                fp.made.insert(f);
                fp.card(name + " fault " + panel::faultName(f), judge(ctx, work.faulty(f, g, 7)));
            }
        }
        if (layered) {
            using test::LayerFault;
            const auto g = test::kGenerators[turn % 3];
            const std::vector<std::pair<LayerFault, double>> layerFaults =
                scar ? std::vector{std::pair{LayerFault::ScarDensity, 0.0}}
                     : std::vector{std::pair{LayerFault::ClumpedLater, 0.35},
                                   std::pair{LayerFault::FrontLoaded, 0.75},
                                   std::pair{LayerFault::ShadeIgnored, 1.0}};
            for (const auto& [fault, amount] : layerFaults)
                fp.card(name + " layered " + test::layerFaultName(fault),
                        scoreLayered(ctx, test::faultyLayered(ctx, g, fault, amount, 7)).card);
        }
        ++turn;
    }
    return fp;
}

} // namespace

TEST_CASE("The scorer version is raised whenever the scores of the shipped levels change") {
    const Fingerprint fp = scoreShippedLevels();
    const std::string now = fp.fnv.hex();
    // Every kind of fault is scored somewhere, so that every rule's numbers are in the fingerprint.
    CHECK(fp.made.size() == std::size(panel::kFaults));
    const Recorded& last = kFingerprints[std::size(kFingerprints) - 1];
    const std::string where = "game/core/scoring/scorer_version.h";
    INFO(fp.attempts << " attempts on the shipped levels fingerprint " << now << " with scorer "
                     << kScorerVersion << " (tests/core/test_scorer_version.cpp records " << last.fingerprint
                     << " for scorer " << last.version << ")");
    if (last.version < kScorerVersion) {
        FAIL("kScorerVersion was raised to " << kScorerVersion << ": record fingerprint " << now
                                             << " for scorer " << kScorerVersion
                                             << " in tests/core/test_scorer_version.cpp");
    } else if (last.version > kScorerVersion) {
        FAIL("tests/core/test_scorer_version.cpp records scorer "
             << last.version << " but " << where << " says kScorerVersion = " << kScorerVersion);
    } else if (now != last.fingerprint) {
        FAIL("the scores changed: raise kScorerVersion in "
             << where << ", add a line to its History, and record fingerprint " << now
             << " for the new version " << kScorerVersion + 1
             << " here (kFingerprints in tests/core/test_scorer_version.cpp). "
             << "STIPPLE_FINGERPRINT_PRINT=1 prints every row hashed, to diff against the build before your "
                "change. "
             << "If only a shipped level file changed and not the rules, record the new fingerprint for "
                "scorer "
             << kScorerVersion << " instead.");
    }
    // Old versions stay as they were recorded: one line each, in order.
    for (size_t i = 1; i < std::size(kFingerprints); ++i)
        CHECK(kFingerprints[i].version == kFingerprints[i - 1].version + 1);
}
