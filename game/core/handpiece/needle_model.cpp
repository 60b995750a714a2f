// The dwell/motion → depth/size mapping; formulas and their reasons are in needle_model.h.
#include "handpiece/needle_model.h"

#include "handpiece/handpiece.h"
#include "handpiece/portable_math.h"
#include "level/level.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace stipple {

NeedleMapping needleMappingFor(const HandpieceSpec& spec) {
    NeedleMapping m;
    m.depthPerSecondMm = spec.depthPerSecondMm;
    m.maxDepthMm = spec.maxDepthMm;
    m.tapDepthMm = spec.tapDepthMm;
    m.spreadPerMm = spec.spreadPerMm;
    // A level whose cap sits below the tap depth still gets a consistent curve: a strike then
    // starts (and stays) at the cap.
    m.tapDepthMm = std::min(m.tapDepthMm, m.maxDepthMm);
    return m;
}

double depthForDwell(const NeedleMapping& m, double dwellS, double pressure) {
    assert(dwellS >= 0.0 && pressure > 0.0 && "depthForDwell: dwell must be >= 0 and pressure > 0");
    const double headroom = m.maxDepthMm - m.tapDepthMm;
    if (headroom <= 0.0) return m.maxDepthMm;
    // Exponential approach: slope r·p at t = 0, asymptote dMax; expm1 keeps short dwells exact,
    // and the portable one gives the same bits on every CPU (a replayed depth must not drift).
    return m.tapDepthMm - headroom * portable::expm1Neg(m.depthPerSecondMm * pressure * dwellS / headroom);
}

double widthForDepth(const NeedleMapping& m, double needleDiameterMm, double depthMm) {
    return needleDiameterMm * (1.0 + m.spreadPerMm * depthMm);
}

void Stroke::begin(int64_t tick, Vec2 tipMm, double pressure, double needleDiameterMm) {
    m_active = true;
    m_downTick = tick;
    m_down = tipMm;
    m_smear = {0.0, 0.0};
    m_farthestSq = 0.0;
    m_pressure = pressure;
    m_needleDiameterMm = needleDiameterMm;
}

void Stroke::sample(Vec2 tipMm) {
    const Vec2 d = tipMm - m_down;
    const double sq = lengthSquared(d);
    if (sq > m_farthestSq) {
        m_farthestSq = sq;
        m_smear = d;
    }
}

double Stroke::depthAt(const NeedleMapping& m, int64_t tick) const {
    if (!m_active) return 0.0;
    const double dwellS = static_cast<double>(tick - m_downTick) / Handpiece::kTicksPerSecond;
    return depthForDwell(m, dwellS, m_pressure);
}

Impression Stroke::end(const NeedleMapping& m, int64_t tick) const {
    assert(m_active && tick >= m_downTick && "Stroke::end needs an active stroke and a tick >= its start");
    Impression imp;
    imp.downMm = m_down;
    imp.smearMm = m_smear;
    imp.centreMm = m_down + m_smear * 0.5;
    imp.downTick = m_downTick;
    imp.upTick = tick;
    imp.dwellS = static_cast<double>(tick - m_downTick) / Handpiece::kTicksPerSecond;
    imp.pressure = m_pressure;
    imp.depthMm = depthForDwell(m, imp.dwellS, m_pressure);
    imp.widthMm = widthForDepth(m, m_needleDiameterMm, imp.depthMm);
    imp.diameterMm = imp.widthMm + std::sqrt(m_farthestSq);
    imp.elongation = imp.diameterMm / imp.widthMm;
    return imp;
}

} // namespace stipple
