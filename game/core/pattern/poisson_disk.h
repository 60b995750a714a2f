// Target pattern generation: a Poisson-disk ("blue noise") set of dots whose local spacing
// follows the level's density field (zones, hairline ramp, forbidden areas). Bridson-style
// dart throwing from an active list on a background grid, O(n). Identical for a seed on every
// platform: only stipple::Rng, + − × ÷ and sqrt are used (no trigonometry, no std distributions).
#pragma once

#include "ink/density_field.h"
#include "level/level.h"

#include <cstdint>
#include <vector>

namespace stipple {

struct PoissonDiskOptions {
    uint64_t seed = 1;
    int attempts = 6; ///< candidates tried around each active dot before it retires
    /// Spacing at density λ (per mm²) is spacingFactor / √λ, never below the zone's minimum.
    /// Calibrated so that the generated density matches the target (see the test).
    double spacingFactor = 0.0; ///< 0 = the calibrated default
};

/// The calibrated spacing factor: a saturated pattern at spacing s has density ≈ k / s².
double defaultSpacingFactor();

/// Generates dots (positions in mm) over the level's canvas following `field`.
std::vector<Vec2> generatePoissonDisk(const Level& level, const DensityField& field,
                                      const PoissonDiskOptions& options = {});

/// The level's target pattern: its explicit dots, plus generated ones when the level asks.
std::vector<TargetDot> targetPattern(const Level& level, uint64_t seedOverride = 0);

} // namespace stipple
