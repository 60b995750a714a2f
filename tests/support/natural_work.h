// Test support: natural SMP work made by generators that share no code with Stipple's own
// Poisson-disk sampler (pattern/), for labelled panels — attempts an instructor would pass,
// against which faulty attempts are placed. Three generators, each with its own character:
//   - Inhibition: sequential inhibition with a random radius per dot (a hand that keeps a
//     varying distance from the dots already there);
//   - JitteredHex: a hexagonal lattice at a random rotation and offset, each site moved by up to
//     half a spacing (the best of a few tries away from the dots already there): the hand that
//     works in rows but breaks them;
//   - SoftCore: dart throwing with a soft exclusion (a candidate closer to a dot than the
//     natural spacing is kept with a probability that falls steeply with the distance).
// Every generator follows the level's density field (zones, the hairline ramp, forbidden
// areas): zone by zone it places exactly round(expected × scale) dots. Layered work places each
// session's share over the dots of the earlier sessions, the way a practitioner fills the gaps
// the healed first session left, with the session's pigment (on a scar the stronger one a
// skilled hand uses there). Deterministic for a seed.
#pragma once

#include "ink/dots.h"
#include "random/rng.h"
#include "scoring/level_context.h"

#include <cstdint>
#include <vector>

namespace stipple::test {

enum class Generator { Inhibition, JitteredHex, SoftCore };
inline constexpr Generator kGenerators[] = {Generator::Inhibition, Generator::JitteredHex,
                                            Generator::SoftCore};
const char* generatorName(Generator g);

/// Adds `count` dots to zone `zone` (0-based) by generator `g`, at `fraction` of the zone's
/// final density (the inhibition distances follow it), avoiding the dots already in `placed`
/// (any zone). Only positions; dots the zone takes (inside it, off forbidden areas, behind
/// the hairline). Returns the new positions (also appended to `placed`).
std::vector<Vec2> placeInZone(const LevelContext& ctx, Generator g, size_t zone, size_t count,
                              double fraction, std::vector<Vec2>& placed, Rng& rng);

/// A dot as a trained hand leaves it at p in session k: depth inside the zone's band (its middle
/// 80 %), healed size inside the zone's healed band (fresh = healed × the level's fresh-to-healed
/// ratio), the session's pigment (skilledPigment), tick in placing order.
Dot naturalDot(const Level& level, Vec2 p, int session, int tick, Rng& rng);

/// Natural single-layer work at `scale` × the target density (1 = on target) in every zone.
std::vector<Dot> naturalAttempt(const LevelContext& ctx, Generator g, uint64_t seed, double scale = 1.0);

/// Natural layered work over the level's sessions: session k adds (F_k − F_{k−1}) × expected
/// × scale dots per zone, spread over the gaps of the earlier sessions. Scale 1 = on target.
std::vector<Dot> naturalLayered(const LevelContext& ctx, Generator g, uint64_t seed, double scale = 1.0);

} // namespace stipple::test

namespace stipple::test {

/// Layering faults, each built on natural layered work by generator `g` and placed where an
/// instructor starts to send the work back (the parameter says how far).
enum class LayerFault {
    ClumpedLater, ///< session 2's dots in a few patches (keeping the minimum spacing) covering `amount` of
                  ///< the design
    StackedLater, ///< `amount` of each later session's dots placed on an earlier healed dot
    FrontLoaded,  ///< session 1 places `amount` of the final count (the plan: F_1); later sessions the rest
    ShortSession, ///< session 2 places `amount` of its share; the last session makes up the difference
    ShadeIgnored, ///< `amount` of every session's strikes in the last session's pigment
    ScarDensity,  ///< the scar worked at `amount` × the density around it (0 = left bare)
};
const char* layerFaultName(LayerFault f);

std::vector<Dot> faultyLayered(const LevelContext& ctx, Generator g, LayerFault fault, double amount,
                               uint64_t seed);

} // namespace stipple::test
