// Scoring a multi-session attempt on its healed result (SCORING.md §7, SMP.md §1.8): each
// session placed over the healed earlier ones, the final score taken on the healed final look.
//
// Per session k (cumulative target fraction F_k, shade and dilution from the level):
//   layering-share     session k's own dots inside the design ÷ (the design's expected final
//                      count × (F_k − F_{k−1})): its share of the final density against the plan
//   layering-density   (earlier dots still visible + session k's dots, inside the design)
//                      ÷ (the design's expected final count × F_k)
//   layering-stacking  the share of session k's dots placed onto an earlier healed dot: closer
//                      to one than half the zone's min-spacing, or touching its healed disc
//   layering-gaps      the share of the gaps that session k found which it filled. A gap is
//                      skin farther than g = kGapRadiusFactor / √(F_k · λ) from every dot (λ the
//                      level's final density there), measured on a fine grid of sample points;
//                      for session 1 every point of the design starts as a gap. Not judged on
//                      the last session: its gaps are the final look's, at the final spacing,
//                      which clumping (the same radius), bald-spot and evenness judge there; as a
//                      share it compares two small areas (natural work leaves the last session a
//                      few mm² of gaps, of which it fills 40–100 % by chance)
//   layering-spread    sessions after the first: the share of the design farther than
//                      kSpreadFactor / √((F_k − F_{k−1}) · λ) — 1.25 spacings of the session's
//                      own share — from every dot of the session: a session bunched into a few
//                      patches leaves the rest of the design without its dots. Natural sessions
//                      reach nearly all of it (0–5 % left); patches over a third of the design
//                      leave 22–60 %. The gap share alone does not see this in a middle session:
//                      an even first session leaves only 3–5 % of the design as gaps at the next
//                      session's spacing, and patches over a third of it still fill 60–70 % of them
//   layering-shade     the share of session k's strikes made with its shade, the dilution
//                      within kShadeDilutionTolerance (strikes with no recorded pigment, and
//                      strikes on a scar — judged by scar-tone instead — are not counted)
// Earlier dots count as "visible" unless the healing model loses them; a lost dot leaves a
// gap the next session has to fill.
//
// The final scorecard: scoreAttempt on the healed final look (lost dots removed, healed
// diameters), the depth, blowout and pace metrics of every strike, `lost`, every session's own
// layering rows (levels with more than one session; zone "session-k", so a session whose row
// fails fails the attempt, and each row's weight shared among the sessions) and, per <scar>,
// `scar-density` and `scar-tone` against a ring of skin around it (zone = the scar's id).
//
// Lives beside score_attempt (which it calls) so that `stipple score`, the trainer's results
// screen and the tests share one definition.
#pragma once

#include "healing/healing_model.h"
#include "scoring/score_attempt.h"

#include <optional>
#include <span>
#include <vector>

namespace stipple {

/// Gap radius g = kGapRadiusFactor / √(session density): about the spacing of a natural,
/// even pattern at that density, so even work leaves almost no gaps and clumps leave many.
inline constexpr double kGapRadiusFactor = 1.0;
/// layering-spread's radius, in spacings of the session's own share of the density.
inline constexpr double kSpreadFactor = 1.25;
/// A strike's dilution may differ from the session's by this much and still count as its shade.
inline constexpr double kShadeDilutionTolerance = 0.1;
/// Width of the ring of skin around a scar that a scar is compared with, mm.
inline constexpr double kScarRingMm = 3.0;
/// scar-density fails beyond the larger of kScarStripe (a stripe an instructor sees) and
/// kScarNoiseZ standard deviations of natural work's counting noise (the 3 σ control limit):
/// σ = √(kEvennessNoise · (1/E_on + 1/E_around)), E the target counts on the scar and in the
/// ring (the Fano factor of even, irregular work, as `evenness` uses). On level 05's strip of
/// about 55 dots that is ±28 % (natural work strays 3 σ about once in 370 attempts); on a scar
/// of a few hundred dots the ±25 % holds.
inline constexpr double kScarStripe = 0.25;
inline constexpr double kScarNoiseZ = 3.0;
/// The scar-density defaults for a scar whose target counts are `expectedOn` and `expectedAround`:
/// band 1 ± (fail width − falloff / 2), falloff 0.2, weight 2.
MetricDefaults scarDensityDefaults(double expectedOn, double expectedAround);

/// One session's layering.
struct SessionLayering {
    int session = 0;                  ///< 0-based
    int placed = 0;                   ///< dots placed in this session
    int inDesign = 0;                 ///< of them, inside the zones (not spilled, not forbidden)
    int earlierVisible = 0;           ///< earlier sessions' dots still visible, inside the design
    int stacked = 0;                  ///< placed onto an earlier healed dot
    int shadeKnown = 0;               ///< strikes with a recorded pigment, off scars
    int shadeMatched = 0;             ///< of them, with the session's shade and dilution
    int lost = 0;                     ///< this session's dots lost at healing
    int blowouts = 0;                 ///< this session's blowouts
    double targetCount = 0.0;         ///< expected cumulative count after this session
    double cumulativeRatio = 0.0;     ///< layering-density
    double shareTarget = 0.0;         ///< dots this session should add: expected final × (F_k − F_{k−1})
    double shareRatio = 0.0;          ///< layering-share: inDesign ÷ shareTarget
    std::optional<double> gapsFilled; ///< layering-gaps (none when there were no gaps, or the last session)
    std::optional<double> spreadLeft; ///< layering-spread (sessions after the first)
    double spreadRadiusMm = 0.0;      ///< its radius at the design's mean density (for the text)
    std::optional<double> stackingFraction; ///< layering-stacking (sessions after the first)
    std::optional<double> shadeFraction;    ///< layering-shade (when pigments are recorded)
    double gapBeforeMm2 = 0.0;              ///< gap area at this session's scale before it
    double gapAfterMm2 = 0.0;               ///< … and after it
    Scorecard card;                         ///< this session's layering metrics, scored
};

/// A scar against the skin around it, on the healed final look.
struct ScarMatch {
    int scar = 0;                                  ///< index into Level::scars
    int dotsOn = 0, dotsAround = 0;                ///< visible healed dots on the scar and in the ring
    std::optional<double> densityRatio;            ///< scar-density
    double expectedOn = 0.0, expectedAround = 0.0; ///< target dot counts on the scar and in the ring
    std::optional<double> toneRatio;               ///< scar-tone
};

struct LayeredScore {
    std::vector<HealedDot> finalLook; ///< every input dot fully healed, index-aligned
    std::vector<uint32_t> survivors;  ///< input indices of the dots still visible
    ScoreResult healedLook;           ///< scoreAttempt on the survivors (details index survivors)
    std::vector<SessionLayering> sessions;
    std::vector<ScarMatch> scars;
    int lost = 0;   ///< strikes lost at healing
    Scorecard card; ///< the final scorecard (see the file comment)
};

/// Scores `dots` (any order; Dot::session says the layer, sessions past the level's last count
/// as its last) on the healed final look. Without a depth column (info.depthKnown false) every
/// dot is taken as placed in the middle of its zone's depth band. `healingSeed` overrides the
/// level's <healing seed> when non-zero. Deterministic; no I/O.
LayeredScore scoreLayered(const LevelContext& context, std::span<const Dot> dots,
                          const AttemptInfo& info = {}, uint64_t healingSeed = 0);

/// The layering of session `session` alone, with the dots placed so far (for the trainer at the
/// end of a session). Dots of later sessions are ignored.
SessionLayering scoreSession(const LevelContext& context, const HealingModel& model,
                             std::span<const Dot> dots, int session);

/// A dot's darkness against the tissue beneath: opacity × (L_tissue − L_ink) / L_tissue, 0..1.
double healedTone(const HealedDot& dot, Rgb tissue);

} // namespace stipple
