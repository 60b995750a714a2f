#include "ink/density_field.h"

#include <algorithm>

namespace stipple {

DensityField::DensityField(const Level& level) : m_level(level) {
    if (level.hairline) {
        for (size_t i = 0; i < level.zones.size(); ++i)
            if (level.zones[i].id == level.hairline->zoneId) m_hairlineZone = static_cast<int>(i);
    }
}

int DensityField::zoneAt(Vec2 p) const {
    for (size_t i = 0; i < m_level.zones.size(); ++i)
        if (contains(m_level.zones[i].outline, p)) return static_cast<int>(i);
    return -1;
}

double DensityField::rampFactor(Vec2 p, int zone) const {
    if (zone < 0 || zone != m_hairlineZone) return 1.0;
    const Hairline& h = *m_level.hairline;
    const double behind = signedDistanceToPolyline(h.line, p);
    if (behind < 0.0) return 0.0; // in front of the hairline: no dots
    if (h.bandMm <= 0.0 || behind >= h.bandMm) return h.backFraction;
    const double t = behind / h.bandMm;
    return h.frontFraction + (h.backFraction - h.frontFraction) * t;
}

double DensityField::perMm2(Vec2 p) const {
    for (const auto& f : m_level.forbidden)
        if (contains(f.outline, p)) return 0.0;
    const int z = zoneAt(p);
    if (z < 0) return 0.0;
    return m_level.zones[static_cast<size_t>(z)].densityPerCm2 / 100.0 * rampFactor(p, z);
}

double DensityField::minSpacingMm(Vec2 p) const {
    const int z = zoneAt(p);
    return z < 0 ? 0.0 : m_level.zones[static_cast<size_t>(z)].minSpacingMm;
}

double DensityField::expectedCount(double cellMm) const {
    double sum = 0.0;
    const double w = m_level.canvas.widthMm, h = m_level.canvas.heightMm;
    for (double y = cellMm * 0.5; y < h; y += cellMm)
        for (double x = cellMm * 0.5; x < w; x += cellMm)
            sum += perMm2({x, y});
    return sum * cellMm * cellMm;
}

} // namespace stipple
