// The target density of a level at any point of the canvas: the zone's final density, shaped by
// the hairline's feathering ramp, zero in forbidden areas and outside every zone. The pattern
// generator samples it; the scorer compares placed dots against it.
#pragma once

#include "level/level.h"

namespace stipple {

class DensityField {
  public:
    /// Keeps a reference to `level`, which must outlive the field.
    explicit DensityField(const Level& level);

    /// Target final density in dots per mm² at p (0 outside every zone or in a forbidden area).
    double perMm2(Vec2 p) const;
    /// Index of the zone that contains p (first listed wins), or -1.
    int zoneAt(Vec2 p) const;
    /// The hairline ramp factor at p for zone `zone` (1 when the zone has no hairline).
    double rampFactor(Vec2 p, int zone) const;
    /// The minimum centre spacing required at p, mm (0 outside zones).
    double minSpacingMm(Vec2 p) const;
    /// Expected number of dots: the integral of the field over the canvas, on `cellMm` cells.
    double expectedCount(double cellMm = 0.5) const;

  private:
    const Level& m_level;
    int m_hairlineZone = -1;
};

} // namespace stipple
