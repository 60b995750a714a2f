// The healing model: what a freshly placed dot looks like after its scab has fallen (SMP.md
// §1.6–1.9, SCORING.md "The dot"). Used by the scorer for the healed final look and the
// layering metrics, by `stipple heal`, and by the trainer for the heal animation, the session
// timeline and the healed/fresh toggle. Pure functions of the level, a dot and its age in days;
// no state, no I/O, deterministic for a seed on every platform (stipple::Rng, + − × ÷ and √ only).
//
// Per dot, with a, b = the depth band of the zone the dot lies in (0.5–1.0 mm outside zones,
// as the scorer assumes), H = the level's <healing>, and the tissue under the dot (a <scar>'s
// uptake U and spread S; U = S = 1 on normal scalp):
//
//   fresh opacity    α₀ = √dilution              (weaker pigment reads lighter; 1 = undiluted)
//   kept by depth    ρ  = 0 at d ≤ a − fadeMargin, rising linearly to 1 at d = a, 1 deeper
//   kept pigment     R  = ρ · U · (1 + toneVariation · z₁)
//   lost             d ≤ a − fadeMargin, or R < kLostRetention: the scab took it all
//   healed opacity   α  = clamp(α₀ · R · (1 − lightening), 0, 1)
//   healed diameter  D  = fresh / freshToHealed · (1 + sizeVariation · z₂) · S
//                          · (1 + migrationPerMm · max(0, d − b))     (too deep: spreads)
//                          · blowoutSpread  when d > b + blowoutMargin (blowout)
//   blue shift       β  = min(1, max(0, d − b) / blowoutMargin) · skin risk · shade factor
//   blur (σ, mm)     D · (0.08 + 0.25 · min(1, max(0, d − b) / blowoutMargin) + 0.05 · (S − 1)),
//                          doubled for a blowout
//
// z₁, z₂ are unit-variance deviates drawn from a generator seeded by H.seed and the dot's own
// fields (position, tick, session, depth), so a dot heals the same way whichever other dots
// are healed with it and in whatever order. They are sums of three uniforms (bounded at ±3):
// no dot ever heals absurdly.
//
// Time: a dot `age` days after its session began is the mix of its fresh and healed looks by
// progress p = smoothstep(min(1, age / settleDays)); at p = 1 it is fully healed. A dot that
// will be lost fades to nothing (opacity and diameter go to 0 together).
#pragma once

#include "ink/dots.h"
#include "level/level.h"

#include <cstdint>
#include <span>
#include <vector>

namespace stipple {

/// Below this fraction of its pigment kept, a healed dot is too faint to count: lost.
inline constexpr double kLostRetention = 0.2;

/// Fate bits of a HealedDot (what healing does or did to it).
enum HealFlag : uint8_t {
    kHealLost = 1,     ///< lost: too shallow, or too little pigment kept (scar, faded)
    kHealFaded = 2,    ///< shallower than the band: kept, but lighter
    kHealMigrated = 4, ///< deeper than the band: spread and blurred
    kHealBlowout = 8,  ///< past the blowout depth: a blue, blurred blotch
    kHealOnScar = 16,  ///< on scar tissue
};

/// One dot as it looks at some age. Index-aligned with the Dot it came from.
struct HealedDot {
    Vec2 pos;                ///< centre, mm (healing does not move dots)
    float diameterMm = 0.0f; ///< visible diameter, mm (0 for a lost dot once healed)
    float opacity = 0.0f;    ///< 0..1, over the skin or scar tissue beneath
    float blurMm = 0.0f;     ///< edge softness: Gaussian σ, mm
    float blueShift = 0.0f;  ///< 0..1, how far the colour has moved to blowout blue
    Rgb colour;              ///< the pigment's colour as seen (blue shift applied)
    uint8_t flags = 0;       ///< HealFlag bits: the dot's fate
    int16_t session = 0;     ///< copied from the dot
    int16_t scar = -1;       ///< index into Level::scars of the tissue beneath, or -1

    bool lost() const { return (flags & kHealLost) != 0; }
};

/// The tissue under a point: normal scalp, or a scar.
struct Tissue {
    int scar = -1;       ///< index into Level::scars, or -1
    double uptake = 1.0; ///< pigment kept relative to normal scalp
    double spread = 1.0; ///< healed diameter relative to normal scalp
    Rgb colour;          ///< the skin or scar tissue colour
};

/// Ink colour of each shade of knownShades() (lightest first) as seen in skin, undiluted.
Rgb shadeColour(int shadeIndex);

/// The healing model of one level (kept by reference: the level must outlive the model).
class HealingModel {
  public:
    /// `seed` overrides the level's <healing seed> when non-zero.
    explicit HealingModel(const Level& level, uint64_t seed = 0);
    HealingModel(Level&&, uint64_t = 0) = delete; ///< the model keeps a reference: no temporaries

    const Level& level() const { return m_level; }
    const HealingSpec& spec() const { return m_level.healing; }
    uint64_t seed() const { return m_seed; }

    /// The tissue under p (the first listed scar containing p wins).
    Tissue tissueAt(Vec2 p) const;
    /// The depth band that applies at p: its zone's, or 0.5–1.0 mm outside zones.
    Range depthBandAt(Vec2 p) const;

    /// `dot` fully healed.
    HealedDot healed(const Dot& dot) const;
    /// `dot` as placed (age 0): fresh size and opacity, no blue shift.
    HealedDot fresh(const Dot& dot) const;
    /// `dot` `ageDays` after its session began (the heal animation and partial intervals).
    HealedDot at(const Dot& dot, double ageDays) const;
    /// Healing progress 0..1 at `ageDays` (smoothstep over settle-days).
    double progress(double ageDays) const;

    /// Every dot fully healed (the final look), index-aligned with `dots`.
    std::vector<HealedDot> finalLook(std::span<const Dot> dots) const;
    /// What the trainee sees when session `session` begins: the dots of earlier sessions, each
    /// aged by the heal-days since its own session began, index-aligned with `dots` (dots of
    /// session ≥ `session` are returned fresh: they have not been placed yet at that moment,
    /// and a caller shows them or not).
    std::vector<HealedDot> lookAtSessionStart(std::span<const Dot> dots, int session) const;

    /// The pigment of `dot`: its recorded shade and dilution, or, when it has none recorded
    /// (shade code 0, e.g. a bare CSV), what its session asks for.
    std::pair<int, double> pigmentOf(const Dot& dot) const;

  private:
    struct Fate {
        HealedDot fresh, healed;
    };
    Fate fate(const Dot& dot) const;

    const Level& m_level;
    uint64_t m_seed;
};

/// Day on which session `session` begins: the sum of heal-days of the sessions before it.
double sessionStartDay(const Level& level, int session);
/// Age in days, at the start of session `viewSession`, of a dot placed in session `dotSession`.
double ageAtSessionStart(const Level& level, int dotSession, int viewSession);

} // namespace stipple
