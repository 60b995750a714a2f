#include "pattern/poisson_disk.h"

#include "random/rng.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace stipple {

// Measured: a pattern grown at spacing s has density 0.568 / s² (6 attempts per active dot,
// annulus [s, 2s]); so s = √0.568 / √λ gives density λ. Six attempts rather than Bridson's 30
// keep 100,000 dots under 100 ms and still give R ≈ 1.67 and NN CV ≈ 0.09, the natural-even
// band. tests/core/test_pattern.cpp checks density and statistics.
double defaultSpacingFactor() {
    return 0.7538;
}

namespace {

/// Background grid holding at most one dot per cell (cell = minimum spacing / √2).
class OccupancyGrid {
  public:
    OccupancyGrid(double width, double height, double cell)
        : m_cell(cell), m_cols(std::max(1, static_cast<int>(std::ceil(width / cell)))),
          m_rows(std::max(1, static_cast<int>(std::ceil(height / cell)))) {
        // Dense while it is small; a large zone at a fine spacing (500 mm at 0.1 mm: 50 million
        // cells, 800 MB) keeps only the taken cells, so memory follows the dots, not the area.
        const double cells = static_cast<double>(m_cols) * static_cast<double>(m_rows);
        if (cells <= kMaxDenseCells) m_cells.assign(static_cast<size_t>(cells), Vec2{kEmpty, kEmpty});
    }

    int col(double x) const { return std::clamp(static_cast<int>(x / m_cell), 0, m_cols - 1); }
    int row(double y) const { return std::clamp(static_cast<int>(y / m_cell), 0, m_rows - 1); }

    bool conflicts(Vec2 p, double r) const {
        const int c0 = col(p.x), r0 = row(p.y);
        // The candidate's own cell first: any dot there is closer than the cell diagonal, and
        // most rejected candidates are rejected here.
        if (at(static_cast<size_t>(r0) * static_cast<size_t>(m_cols) + c0).x != kEmpty) return true;
        const int reach = static_cast<int>(std::ceil(r / m_cell));
        const double r2 = r * r;
        for (int j = std::max(0, r0 - reach); j <= std::min(m_rows - 1, r0 + reach); ++j) {
            const size_t line = static_cast<size_t>(j) * static_cast<size_t>(m_cols);
            const double dy = j == r0 ? 0.0 : (j < r0 ? p.y - (j + 1) * m_cell : j * m_cell - p.y);
            for (int i = std::max(0, c0 - reach); i <= std::min(m_cols - 1, c0 + reach); ++i) {
                const Vec2 q = at(line + static_cast<size_t>(i));
                if (q.x == kEmpty) continue;
                const double dx = i == c0 ? 0.0 : (i < c0 ? p.x - (i + 1) * m_cell : i * m_cell - p.x);
                if (dx * dx + dy * dy >= r2) continue; // the whole cell is out of reach
                if (distanceSquared(q, p) < r2) return true;
            }
        }
        return false;
    }
    /// False when the cell is already taken (possible only where spacing is below the cell
    /// diagonal, which the caller prevents).
    bool insert(Vec2 p) {
        const size_t index = static_cast<size_t>(row(p.y)) * static_cast<size_t>(m_cols) + col(p.x);
        if (at(index).x != kEmpty) return false;
        if (m_cells.empty())
            m_sparse.emplace(index, p);
        else
            m_cells[index] = p;
        return true;
    }
    int cols() const { return m_cols; }
    int rows() const { return m_rows; }
    double cell() const { return m_cell; }

  private:
    Vec2 at(size_t index) const {
        if (!m_cells.empty()) return m_cells[index];
        const auto it = m_sparse.find(index);
        return it == m_sparse.end() ? Vec2{kEmpty, kEmpty} : it->second;
    }

    double m_cell;
    int m_cols, m_rows;
    static constexpr double kEmpty = -1e300;
    static constexpr double kMaxDenseCells = 1 << 22; ///< 64 MB of cells
    std::vector<Vec2> m_cells; ///< the dot in each cell, stored inline for cache locality (small grids)
    std::unordered_map<size_t, Vec2> m_sparse; ///< the taken cells of a grid too large to store whole
};

} // namespace

std::vector<Vec2> generatePoissonDisk(const Level& level, const DensityField& field,
                                      const PoissonDiskOptions& options) {
    const double factor = options.spacingFactor > 0.0 ? options.spacingFactor : defaultSpacingFactor();
    // Smallest spacing anywhere: the densest zone, bounded below by its minimum spacing.
    double rMin = INFINITY;
    for (const auto& z : level.zones) {
        if (z.densityPerCm2 <= 0.0) continue;
        const double natural = factor / std::sqrt(z.densityPerCm2 / 100.0);
        rMin = std::min(rMin, std::max(natural, z.minSpacingMm));
    }
    std::vector<Vec2> points;
    if (!std::isfinite(rMin) || rMin <= 0.0) return points;

    const auto spacingAt = [&](Vec2 p) -> double {
        const double lambda = field.perMm2(p);
        if (lambda <= 0.0) return 0.0;
        return std::max(factor / std::sqrt(lambda), field.minSpacingMm(p));
    };

    const double w = level.canvas.widthMm, h = level.canvas.heightMm;
    OccupancyGrid grid(w, h, rMin / std::sqrt(2.0) * 0.999);
    Rng rng(options.seed);
    std::vector<int> active;
    std::vector<double> radius;

    const auto tryAdd = [&](Vec2 p) -> bool {
        if (p.x < 0.0 || p.y < 0.0 || p.x >= w || p.y >= h) return false;
        // Most candidates fall too close to an existing dot: test against the smallest spacing
        // first, and evaluate the density field (polygon tests) only for the survivors.
        if (grid.conflicts(p, rMin)) return false;
        const double r = spacingAt(p);
        if (r <= 0.0 || (r > rMin && grid.conflicts(p, r))) return false;
        if (!grid.insert(p)) return false;
        active.push_back(static_cast<int>(points.size()));
        points.push_back(p);
        radius.push_back(r);
        return true;
    };

    // Seed every connected region: scan the background grid in row order and start a new
    // front wherever a jittered point fits; then grow it until no active dot remains.
    for (int row = 0; row < grid.rows(); ++row) {
        for (int col = 0; col < grid.cols(); ++col) {
            const Vec2 seed{(col + rng.uniform()) * grid.cell(), (row + rng.uniform()) * grid.cell()};
            if (!tryAdd(seed)) continue;
            while (!active.empty()) {
                const size_t pick = static_cast<size_t>(rng.below(active.size()));
                const int idx = active[pick];
                const Vec2 centre = points[static_cast<size_t>(idx)];
                const double r = radius[static_cast<size_t>(idx)];
                bool placed = false;
                for (int k = 0; k < options.attempts && !placed; ++k) {
                    // Uniform in the annulus [r, 2r] by rejection from its bounding square.
                    Vec2 d;
                    double len2;
                    do {
                        d = {rng.uniform(-2.0, 2.0) * r, rng.uniform(-2.0, 2.0) * r};
                        len2 = lengthSquared(d);
                    } while (len2 < r * r || len2 > 4.0 * r * r);
                    placed = tryAdd(centre + d);
                }
                if (!placed) {
                    active[pick] = active.back();
                    active.pop_back();
                }
            }
        }
    }
    return points;
}

std::vector<TargetDot> targetPattern(const Level& level, uint64_t seedOverride) {
    std::vector<TargetDot> dots = level.target.dots;
    if (level.target.generate) {
        const DensityField field(level);
        PoissonDiskOptions opt;
        opt.seed = seedOverride ? seedOverride : level.target.seed;
        const double diameter =
            level.zones.empty()
                ? 0.2
                : 0.5 * (level.zones[0].healedDiameterMm.min + level.zones[0].healedDiameterMm.max);
        for (Vec2 p : generatePoissonDisk(level, field, opt))
            dots.push_back({p, diameter});
    }
    return dots;
}

} // namespace stipple
