#include "scoring/level_context.h"

#include <algorithm>
#include <cmath>

namespace stipple {

namespace {

/// Zone z's statistics window (see zoneWindow()).
PatternWindow regionOf(const Level& level, size_t z) {
    const Polygon& o = level.zones[z].outline;
    // Candidate holes: earlier zones and forbidden areas wholly inside the outline.
    std::vector<Polygon> candidates;
    for (size_t j = 0; j < z; ++j) candidates.push_back(level.zones[j].outline);
    for (const auto& f : level.forbidden) candidates.push_back(f.outline);
    std::vector<Polygon> holes;
    for (const Polygon& c : candidates) {
        if (c.size() < 3 || !PatternWindow::holesFitInside(o, {c})) continue;
        // Keep the outermost: a hole inside a kept hole adds nothing; a kept one inside this
        // one is replaced by it.
        bool covered = false;
        for (const Polygon& h : holes) covered = covered || PatternWindow::holesFitInside(h, {c});
        if (covered) continue;
        std::erase_if(holes, [&](const Polygon& h) { return PatternWindow::holesFitInside(c, {h}); });
        std::vector<Polygon> trial = holes;
        trial.push_back(c);
        if (PatternWindow::holesFitInside(o, trial)) holes = std::move(trial); // skip ones that cross a kept hole
    }
    if (holes.empty() && o.size() == 4) {
        const Rect r = bounds(o);
        bool axisAligned = true;
        for (Vec2 p : o)
            axisAligned = axisAligned && (p.x == r.min.x || p.x == r.max.x) && (p.y == r.min.y || p.y == r.max.y);
        if (axisAligned && std::fabs(area(o) - r.area()) < 1e-9 * r.area()) return PatternWindow::rectangle(r);
    }
    return PatternWindow::polygon(o, std::move(holes));
}

} // namespace

LevelContext::LevelContext(const Level& level, double evennessCellMm, double integrationCellMm)
    : m_level(level), m_field(level), m_cell(evennessCellMm) {
    m_zoneExpected.assign(level.zones.size(), 0.0);
    m_zoneArea.assign(level.zones.size(), 0.0);
    for (size_t z = 0; z < level.zones.size(); ++z) m_zoneWindows.push_back(regionOf(level, z));
    m_cols = std::max(1, static_cast<int>(std::ceil(level.canvas.widthMm / m_cell)));
    m_rows = std::max(1, static_cast<int>(std::ceil(level.canvas.heightMm / m_cell)));
    m_cellExpected.assign(static_cast<size_t>(m_cols) * m_rows, 0.0);
    m_cellCoverage.assign(m_cellExpected.size(), 0.0);
    const int bins = level.hairline ? std::max(1, static_cast<int>(std::ceil(level.hairline->bandMm))) : 0;
    m_binArea.assign(static_cast<size_t>(bins), 0.0);
    int hairlineZone = -1;
    if (level.hairline)
        for (size_t i = 0; i < level.zones.size(); ++i)
            if (level.zones[i].id == level.hairline->zoneId) hairlineZone = static_cast<int>(i);

    // Midpoint rule on a fine grid over the canvas: exact enough (the tests compare against
    // areas known in closed form) and done once per level. At most ~250,000 samples, so that a
    // full 300 × 300 mm scalp is integrated in tens of milliseconds.
    const double h = std::max(integrationCellMm,
                              std::sqrt(level.canvas.widthMm * level.canvas.heightMm / 250000.0));
    const double cellArea = h * h;
    const size_t zones = level.zones.size();
    std::vector<double> cellZoneArea(m_cellExpected.size() * zones, 0.0);
    for (double y = 0.5 * h; y < level.canvas.heightMm; y += h) {
        for (double x = 0.5 * h; x < level.canvas.widthMm; x += h) {
            const Vec2 p{x, y};
            const int z = m_field.zoneAt(p);
            if (z < 0) continue;
            bool forbidden = false;
            for (const auto& f : level.forbidden) forbidden = forbidden || contains(f.outline, p);
            if (forbidden) continue;
            const double lambda = level.zones[static_cast<size_t>(z)].densityPerCm2 / 100.0 * m_field.rampFactor(p, z);
            m_zoneExpected[static_cast<size_t>(z)] += lambda * cellArea;
            m_zoneArea[static_cast<size_t>(z)] += cellArea;
            const int c = evennessCellOf(p);
            m_cellExpected[static_cast<size_t>(c)] += lambda * cellArea;
            m_cellCoverage[static_cast<size_t>(c)] += cellArea / (m_cell * m_cell);
            cellZoneArea[static_cast<size_t>(c) * zones + static_cast<size_t>(z)] += cellArea;
            if (z == hairlineZone && bins > 0) {
                const double behind = signedDistanceToPolyline(level.hairline->line, p);
                if (behind >= 0.0 && behind < bins) m_binArea[static_cast<size_t>(behind)] += cellArea;
            }
        }
    }
    m_cellZone.assign(m_cellExpected.size(), -1);
    for (size_t c = 0; c < m_cellExpected.size(); ++c) {
        double best = 0.0;
        for (size_t z = 0; z < zones; ++z)
            if (cellZoneArea[c * zones + z] > best) {
                best = cellZoneArea[c * zones + z];
                m_cellZone[c] = static_cast<int>(z);
            }
    }
}

int LevelContext::evennessCellOf(Vec2 p) const {
    const int c = std::clamp(static_cast<int>(p.x / m_cell), 0, m_cols - 1);
    const int r = std::clamp(static_cast<int>(p.y / m_cell), 0, m_rows - 1);
    return r * m_cols + c;
}

double LevelContext::hairlineBinRamp(int bin) const {
    const Hairline& h = *m_level.hairline;
    const double mid = (bin + 0.5) * hairlineBinMm();
    if (h.bandMm <= 0.0 || mid >= h.bandMm) return h.backFraction;
    return h.frontFraction + (h.backFraction - h.frontFraction) * (mid / h.bandMm);
}

} // namespace stipple
