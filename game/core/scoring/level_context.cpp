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
    for (size_t j = 0; j < z; ++j)
        candidates.push_back(level.zones[j].outline);
    for (const auto& f : level.forbidden)
        candidates.push_back(f.outline);
    std::vector<Polygon> holes;
    for (const Polygon& c : candidates) {
        if (c.size() < 3 || !PatternWindow::holesFitInside(o, {c})) continue;
        // Keep the outermost: a hole inside a kept hole adds nothing; a kept one inside this
        // one is replaced by it.
        bool covered = false;
        for (const Polygon& h : holes)
            covered = covered || PatternWindow::holesFitInside(h, {c});
        if (covered) continue;
        std::erase_if(holes, [&](const Polygon& h) { return PatternWindow::holesFitInside(c, {h}); });
        std::vector<Polygon> trial = holes;
        trial.push_back(c);
        if (PatternWindow::holesFitInside(o, trial))
            holes = std::move(trial); // skip ones that cross a kept hole
    }
    if (holes.empty() && o.size() == 4) {
        const Rect r = bounds(o);
        bool axisAligned = true;
        for (Vec2 p : o)
            axisAligned =
                axisAligned && (p.x == r.min.x || p.x == r.max.x) && (p.y == r.min.y || p.y == r.max.y);
        if (axisAligned && std::fabs(area(o) - r.area()) < 1e-9 * r.area())
            return PatternWindow::rectangle(r);
    }
    return PatternWindow::polygon(o, std::move(holes));
}

} // namespace

LevelContext::LevelContext(const Level& level, double evennessCellMm, double integrationCellMm)
    : m_level(level), m_field(level), m_cell(evennessCellMm) {
    m_zoneExpected.assign(level.zones.size(), 0.0);
    m_zoneArea.assign(level.zones.size(), 0.0);
    for (size_t z = 0; z < level.zones.size(); ++z)
        m_zoneWindows.push_back(regionOf(level, z));
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
    buildPlacement(hairlineZone);

    // Midpoint rule on a fine grid over the canvas: exact enough (the tests compare against
    // areas known in closed form) and done once per level. At most ~250,000 samples, so that a
    // full 300 × 300 mm scalp is integrated in tens of milliseconds.
    const double h =
        std::max(integrationCellMm, std::sqrt(level.canvas.widthMm * level.canvas.heightMm / 250000.0));
    const double cellArea = h * h;
    const size_t zones = level.zones.size();
    std::vector<double> cellZoneArea(m_cellExpected.size() * zones, 0.0);
    for (double y = 0.5 * h; y < level.canvas.heightMm; y += h) {
        for (double x = 0.5 * h; x < level.canvas.widthMm; x += h) {
            const Vec2 p{x, y};
            const int z = m_field.zoneAt(p);
            if (z < 0) continue;
            bool forbidden = false;
            for (const auto& f : level.forbidden)
                forbidden = forbidden || contains(f.outline, p);
            if (forbidden) continue;
            const double lambda =
                level.zones[static_cast<size_t>(z)].densityPerCm2 / 100.0 * m_field.rampFactor(p, z);
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

double LevelContext::hairlineBinRamp(int bin) const {
    const Hairline& h = *m_level.hairline;
    const double mid = (bin + 0.5) * hairlineBinMm();
    if (h.bandMm <= 0.0 || mid >= h.bandMm) return h.backFraction;
    return h.frontFraction + (h.backFraction - h.frontFraction) * (mid / h.bandMm);
}

void LevelContext::buildPlacement(int hairlineZone) {
    const Level& level = m_level;
    const double w = level.canvas.widthMm, h = level.canvas.heightMm;
    if (!(w > 0.0 && h > 0.0) || level.zones.size() >= static_cast<size_t>(kPlaceForbidden - 1)) return;
    // About 1 mm cells, at most 2^18 of them.
    const double cell = std::max(1.0, std::sqrt(w * h / 262144.0));
    m_placeCols = std::max(1, static_cast<int>(std::ceil(w / cell)));
    m_placeRows = std::max(1, static_cast<int>(std::ceil(h / cell)));
    m_placeInverseCell = 1.0 / cell;
    m_placeCode.assign(static_cast<size_t>(m_placeCols) * m_placeRows, 0);
    // Every cell an outline's edge may touch (its bounding box, widened a hair) is placed exactly:
    // elsewhere no edge meets the cell, so the crossing test gives every point of it one answer.
    std::vector<uint8_t> crossed(m_placeCode.size(), 0);
    const auto markEdges = [&](const Polygon& poly) {
        for (size_t e = 0; e < poly.size(); ++e) {
            const Vec2 a = poly[e], b = poly[(e + 1) % poly.size()];
            const double eps = 1e-9 * (1.0 + std::max(w, h));
            const int c0 = std::clamp(static_cast<int>(std::floor((std::min(a.x, b.x) - eps) / cell)), 0,
                                      m_placeCols - 1);
            const int c1 = std::clamp(static_cast<int>(std::floor((std::max(a.x, b.x) + eps) / cell)), 0,
                                      m_placeCols - 1);
            const int r0 = std::clamp(static_cast<int>(std::floor((std::min(a.y, b.y) - eps) / cell)), 0,
                                      m_placeRows - 1);
            const int r1 = std::clamp(static_cast<int>(std::floor((std::max(a.y, b.y) + eps) / cell)), 0,
                                      m_placeRows - 1);
            for (int r = r0; r <= r1; ++r)
                for (int c = c0; c <= c1; ++c)
                    crossed[static_cast<size_t>(r) * m_placeCols + c] = 1;
        }
    };
    for (const auto& z : level.zones)
        markEdges(z.outline);
    for (const auto& f : level.forbidden)
        markEdges(f.outline);
    for (int r = 0; r < m_placeRows; ++r)
        for (int c = 0; c < m_placeCols; ++c) {
            const size_t i = static_cast<size_t>(r) * m_placeCols + c;
            const Vec2 centre{(c + 0.5) * cell, (r + 0.5) * cell};
            const int zone = m_field.zoneAt(centre);
            if (crossed[i] || (zone >= 0 && zone == hairlineZone)) {
                m_placeCode[i] = kPlaceExact;
                continue;
            }
            bool forbidden = false;
            for (const auto& f : level.forbidden)
                forbidden = forbidden || contains(f.outline, centre);
            m_placeCode[i] = static_cast<int16_t>((zone + 1) | (forbidden ? kPlaceForbidden : 0));
        }
}

} // namespace stipple
