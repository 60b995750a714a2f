// A labelled panel of attempts for judging the scorer the way an instructor would: natural work
// from three generators that share no code with Stipple's own Poisson-disk sampler, and faulty
// work of every kind an instructor fails at a glance, each placed at the boundary where the
// instructor starts to fail it. Deterministic for a seed.
//
// Natural generators (density per zone within ±3 % of the target, depth inside the band):
//   - Inhibition: sequential rejection with a random inhibition radius per dot (a Matérn III /
//     Strauss-like hard core, radius 0.62–0.80 natural spacings), proposals thinned by the
//     level's density field;
//   - HandLattice: a hexagonal lattice at a random rotation and offset, every dot jittered by a
//     Gaussian of 0.22 lattice spacings — a trained hand working in rough rows;
//   - SoftDarts: dart throwing with a soft core: a proposal at distance d from its nearest dot
//     is kept with probability 1 − exp(−(d / 0.72 u)^4).
// Layered levels: each session's share is generated in the gaps of the earlier sessions, with
// the session's pigment (a stronger one on scars).
#pragma once

#include "ink/dots.h"
#include "level/level.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace panel {

enum class Natural { Inhibition, HandLattice, SoftDarts };
inline constexpr Natural kNaturals[] = {Natural::Inhibition, Natural::HandLattice, Natural::SoftDarts};
const char* naturalName(Natural g);

/// Natural work on `level` at `densityFactor` × the target in every zone.
std::vector<stipple::Dot> natural(const stipple::Level& level, Natural g, uint64_t seed,
                                  double densityFactor = 1.0);

enum class Fault {
    UnderDense, ///< 75 % of the target density, natural otherwise
    OverDense,  ///< 130 % of the target density (the spacing allows it)
    BaldPatch,  ///< one round bald patch of 15 % of the largest zone
    Spill,      ///< 8 % of the dots outside the design, near its edge
    TooDeep,    ///< a quarter of the dots 0.1–0.45 mm below the depth band
    TooShallow, ///< a quarter of the dots 0.1–0.2 mm above the depth band
    Blowouts,   ///< 1 % of the dots (at least 3) past the blowout depth
    Grid,       ///< a square grid at the target density, jitter 0.08 spacings, random rotation
    HexGrid,    ///< a hexagonal grid, jitter 0.08 spacings, random rotation
    Rows,       ///< rows 1.25 spacings apart, dots 0.8 spacings apart along them, a little jitter
    Clumps, ///< clusters of ~20 dots at the minimum spacing, 5 spacings apart, bare skin between, right count
    BigClumps, ///< the same with clusters 7 spacings apart (~40 dots each)
    Restrikes, ///< 6 % of the dots struck a second time on the same spot (overworking)
    Forbidden, ///< natural work plus 3 dots in a forbidden area (levels with one)
};
inline constexpr Fault kFaults[] = {Fault::UnderDense, Fault::OverDense,  Fault::BaldPatch, Fault::Spill,
                                    Fault::TooDeep,    Fault::TooShallow, Fault::Blowouts,  Fault::Grid,
                                    Fault::HexGrid,    Fault::Rows,       Fault::Clumps,    Fault::BigClumps,
                                    Fault::Restrikes,  Fault::Forbidden};
const char* faultName(Fault f);
/// Whether the fault can be made on this level (e.g. Forbidden needs a forbidden area).
bool applies(const stipple::Level& level, Fault f);

/// Faulty work of kind `f` on `level`, built on natural work of generator `g` where it can be.
std::vector<stipple::Dot> faulty(const stipple::Level& level, Fault f, Natural g, uint64_t seed);

struct Design;
/// The generators prepared for one level (its density field integrated over the canvas once, not
/// once per attempt): the same dots as natural() and faulty() for the same arguments. Keeps a
/// reference to `level`, which must outlive it.
class Work {
  public:
    explicit Work(const stipple::Level& level);
    ~Work();
    std::vector<stipple::Dot> natural(Natural g, uint64_t seed, double densityFactor = 1.0) const;
    std::vector<stipple::Dot> faulty(Fault f, Natural g, uint64_t seed) const;

  private:
    std::unique_ptr<const Design> m_design;
};

} // namespace panel
