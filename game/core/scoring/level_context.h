// Everything about a level that scoring needs and that does not depend on the dots: expected
// dot counts per zone and per evenness cell (the density field integrated once), hairline
// band areas, the blowout depth. Built once when a level is loaded, so that scoring an attempt
// costs only per-dot work (SCORING.md: a full scorecard of 100,000 dots in 15 ms).
#pragma once

#include "ink/density_field.h"
#include "level/level.h"
#include "spatial/pattern_window.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace stipple {

class LevelContext {
  public:
    /// Integrates the density field on a grid of `integrationCellMm`; evenness cells are
    /// `evennessCellMm` wide (SCORING.md: about 5 mm).
    explicit LevelContext(const Level& level, double evennessCellMm = 5.0, double integrationCellMm = 0.25);

    const Level& level() const { return m_level; }
    const DensityField& field() const { return m_field; }

    /// Expected final dot count in zone z (forbidden areas and the hairline ramp applied).
    double expectedInZone(size_t z) const { return m_zoneExpected[z]; }
    /// Area of zone z that takes dots (outside forbidden areas), mm².
    double usableAreaMm2(size_t z) const { return m_zoneArea[z]; }
    /// The region zone z's own dots can lie in, as its statistics window: its outline less the
    /// zones listed before it (which take the dots there) and the forbidden areas that lie
    /// wholly inside it — a polygon with holes (the crown less the whorl inside it). An
    /// axis-aligned rectangle with no hole is a rectangle window (Donnelly's correction).
    /// Earlier zones or forbidden areas that only partly overlap the zone are not cut out.
    const PatternWindow& zoneWindow(size_t z) const { return m_zoneWindows[z]; }

    /// Evenness grid: columns × rows cells of evennessCellMm(); expected count per cell.
    int evennessColumns() const { return m_cols; }
    int evennessRows() const { return m_rows; }
    double evennessCellMm() const { return m_cell; }
    int evennessCellOf(Vec2 p) const {
        const int c = std::clamp(static_cast<int>(p.x / m_cell), 0, m_cols - 1);
        const int r = std::clamp(static_cast<int>(p.y / m_cell), 0, m_rows - 1);
        return r * m_cols + c;
    }
    double expectedInCell(int cell) const { return m_cellExpected[static_cast<size_t>(cell)]; }
    /// Fraction of the cell's area that takes dots (0..1); cells used for evenness are mostly inside.
    double cellCoverage(int cell) const { return m_cellCoverage[static_cast<size_t>(cell)]; }
    /// True when evenness judges this cell: mostly inside the design (≥ 75 %) and expecting
    /// enough dots (≥ 5) for a ratio to mean something (Poisson noise of 1/√5 ≈ 45 % below that).
    /// The scorer and the live heatmap use the same rule.
    bool judgesCell(int cell) const { return cellCoverage(cell) >= 0.75 && expectedInCell(cell) >= 5.0; }
    /// The zone holding most of the cell's area (-1 when none): per-zone evenness judges a cell
    /// in that zone.
    int cellZone(int cell) const { return m_cellZone[static_cast<size_t>(cell)]; }

    /// Where a dot at p lands, when p's placement cell is crossed by no zone or forbidden
    /// outline and lies outside the hairline zone (then every point of the cell lands alike):
    /// *zone = the first zone containing p (or -1), *forbidden = inside a forbidden area.
    /// False when p must be placed exactly (scoring/score_attempt.h, placeDot()). A lookup
    /// instead of a point-in-polygon test per zone and per forbidden area for nearly every dot.
    bool quickPlacement(Vec2 p, int* zone, bool* forbidden) const {
        if (!(p.x >= 0.0 && p.y >= 0.0)) return false;
        const double cx = p.x * m_placeInverseCell, cy = p.y * m_placeInverseCell;
        if (!(cx < m_placeCols && cy < m_placeRows)) return false;
        const int16_t code =
            m_placeCode[static_cast<size_t>(static_cast<int>(cy)) * m_placeCols + static_cast<int>(cx)];
        if (code == kPlaceExact) return false;
        *forbidden = (code & kPlaceForbidden) != 0;
        *zone = (code & ~kPlaceForbidden) - 1;
        return true;
    }

    /// Hairline profile bins (1 mm behind the line each, across the band): area in the zone, mm².
    int hairlineBins() const { return static_cast<int>(m_binArea.size()); }
    double hairlineBinMm() const { return 1.0; }
    double hairlineBinArea(int bin) const { return m_binArea[static_cast<size_t>(bin)]; }
    /// Target density fraction (of the zone's final density) at the middle of a bin.
    double hairlineBinRamp(int bin) const;

  private:
    const Level& m_level;
    DensityField m_field;
    std::vector<double> m_zoneExpected, m_zoneArea;
    std::vector<PatternWindow> m_zoneWindows;
    double m_cell;
    int m_cols = 0, m_rows = 0;
    std::vector<double> m_cellExpected, m_cellCoverage;
    std::vector<int> m_cellZone;
    std::vector<double> m_binArea;
    // Placement raster over the canvas (quickPlacement): per cell zone + 1, | kPlaceForbidden
    // inside a forbidden area, or kPlaceExact where an outline crosses the cell.
    static constexpr int16_t kPlaceExact = -1;
    static constexpr int16_t kPlaceForbidden = 0x4000;
    int m_placeCols = 0, m_placeRows = 0;
    double m_placeInverseCell = 0.0;
    std::vector<int16_t> m_placeCode;
    void buildPlacement(int hairlineZone);
};

} // namespace stipple
