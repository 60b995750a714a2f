// The version of the scoring rules: which rows a scorecard has, their bands, allowances and
// vetoes, and how the statistics behind them are measured. Recordings (RecordingHeader::
// scorerVersion) and signed exam results (the `scorer` line) carry the version they were scored
// with, so a regrade whose scores differ can say that the rules changed since (naming both
// versions) instead of leaving a reviewer to suspect a forged or damaged recording.
//
// Bump kScorerVersion in the same commit as ANY change that can change a score of the same dots
// on the same level: a new or removed row, a default band, falloff, weight or pass mark, an
// allowance, a veto, a statistic's definition (levels/README.md, "Scoring rules change"). A
// change that keeps every number bit for bit (speed, threads, refactoring) does not bump it.
// tests/core/test_scorer_version.cpp enforces it: it fingerprints the scores of a fixed set of
// attempts on every shipped level and keeps the fingerprint of each version.
//
// History:
//   0  (not a version: recordings and results made before scorer versions were recorded)
//   1  the rules as of session 8: layering-spread row, Ψ4/Ψ6 small-zone allowance 1/√n, the
//      scar-density band of the larger of 25 % and 3 σ, bald spots searched against neighbouring
//      zones' dots too, the structure-factor peak read between the tile's harmonics (band base
//      0.15), nn-cv's small-zone allowance max(0.43, 0.31 + 1/√n)
//   2  small-zone allowances of evenness (a zone judged on k cells fails above at least
//      √(0.35/E)·√(χ²(k−1)/(k−1)), the 3σ-equivalent tail of k cells' CV) and of Clark–Evans R
//      (fails below max(1.0, min(1.1, 1.35 − 2.1/√n)) instead of 1.1): level 11's whorl centre
//   3  the bald-spot fail point grows with the zone's dots above 100: 4.3 + 0.11 ln(n/100)
//      spacings (the far tail of natural work's largest gap, measured on open fields of 50–1,000 dots)
#pragma once

#include <string>

namespace stipple {

inline constexpr int kScorerVersion = 3;

/// "scorer 3", or "no scorer version (made before scorer versions were recorded)" for 0.
inline std::string scorerVersionName(int version) {
    return version > 0 ? "scorer " + std::to_string(version)
                       : std::string("no scorer version (made before scorer versions were recorded)");
}

/// Why scores of a recording scored with `recorded` differ when scored again by this build
/// (kScorerVersion): "" when the versions are the same. Says both versions and that the rules,
/// not the recording, changed.
inline std::string scorerChangeExplanation(int recorded) {
    if (recorded == kScorerVersion) return "";
    const std::string now = "scorer " + std::to_string(kScorerVersion);
    const std::string why =
        "so different scores are expected and by themselves do not mean the recording was "
        "forged or damaged";
    if (recorded <= 0)
        return "the recording was made before scorer versions were recorded, and this Stipple scores with " +
               now + ": the scoring rules have changed since, " + why;
    return "the recording was scored with scorer " + std::to_string(recorded) +
           " and this Stipple scores with " + now + ": the scoring rules changed between the two, " + why;
}

} // namespace stipple
