// One 6-nearest-neighbour pass over a packed grid gives the spacing, Clark–Evans, Ψ and A
// statistics and most overlap pairs; counts in cells give density, evenness and VMR; the largest
// gap and the structure factor have their own passes. The derived numbers (means, CVs, R) are
// computed by the same small functions for full and live statistics, which is what makes the two
// agree bit for bit.
#include "scoring/point_stats.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace stipple {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// A complex number without std::complex's NaN-recovery multiplication (hot loops).
struct Cx {
    double re = 0.0;
    double im = 0.0;
    Cx operator*(Cx o) const { return {re * o.re - im * o.im, re * o.im + im * o.re}; }
    Cx& operator+=(Cx o) {
        re += o.re;
        im += o.im;
        return *this;
    }
    double abs() const { return std::hypot(re, im); }
};

std::optional<double> densityOf(int64_t n, const PatternWindow& window) {
    if (window.degenerate()) return std::nullopt;
    return 100.0 * (static_cast<double>(n) / window.areaMm2());
}

struct SpacingSummary {
    std::optional<double> mean, sd, cv, fraction;
};

SpacingSummary summarise(const NearestNeighbourSums& s) {
    SpacingSummary out;
    if (s.dotsWithNeighbour < 2) return out;
    const long double n = static_cast<long double>(s.dotsWithNeighbour);
    const long double sum = s.sum.value();
    const long double mean = sum / n;
    const long double var = std::max<long double>(0.0L, (s.sumSquares.value() - sum * mean) / (n - 1.0L));
    out.mean = static_cast<double>(mean);
    out.sd = static_cast<double>(std::sqrt(var));
    if (*out.mean > 0.0) out.cv = *out.sd / *out.mean;
    out.fraction = static_cast<double>(s.belowMinSpacing) / static_cast<double>(s.dotsWithNeighbour);
    return out;
}

struct ClarkEvansValues {
    std::optional<double> naive, donnelly, z, donnellyZ;
};

/// spatstat clarkevansCalc / clarkevans.test, term for term.
ClarkEvansValues clarkEvansOf(std::optional<double> meanNn, int64_t n, const PatternWindow& window) {
    ClarkEvansValues out;
    if (!meanNn || n < 2 || window.degenerate()) return out;
    const double areaW = window.areaMm2();
    const double npts = static_cast<double>(n);
    const double intensity = npts / areaW;
    const double dpois = 1.0 / (2.0 * std::sqrt(intensity));
    const double se = std::sqrt(((4.0 - kPi) * areaW) / (4.0 * kPi)) / npts;
    out.naive = *meanNn / dpois;
    out.z = (*meanNn - dpois) / se;
    if (window.isRectangle()) {
        const double dkevin = dpois + (0.0514 + 0.0412 / std::sqrt(npts)) * window.perimeterMm() / npts;
        out.donnelly = *meanNn / dkevin;
        out.donnellyZ = (*meanNn - dkevin) / se;
    }
    return out;
}

CellCountSums countInCells(const CellTiling& tiling, std::span<const Vec2> points) {
    CellCountSums sums;
    sums.cells = tiling.usedCells();
    if (sums.cells == 0) return sums;
    std::vector<int32_t> counts(static_cast<size_t>(tiling.columns()) * tiling.rows(), 0);
    for (const Vec2& p : points) {
        const int c = tiling.cellOf(p);
        if (c >= 0) ++counts[c];
    }
    for (const int32_t c : counts) {
        sums.sum += c;
        sums.sumSquares += static_cast<int64_t>(c) * c;
    }
    return sums;
}

/// The grid for a full pass: over the window (points outside clamp to its border cells, so a
/// stray dot far away cannot coarsen the cells), or over the points when the window has no area.
GridLayout fullLayout(std::span<const Vec2> points, const PatternWindow& window) {
    Rect area = window.bounds();
    if (window.degenerate()) {
        area = Rect{};
        for (const Vec2& p : points) area.expand(p);
    }
    return GridLayout::forPoints(area, points.size());
}

std::optional<Vec2> circumcentre(Vec2 a, Vec2 b, Vec2 c) {
    const Vec2 ab = b - a;
    const Vec2 ac = c - a;
    const double d = 2.0 * cross(ab, ac);
    const double scale = lengthSquared(ab) + lengthSquared(ac);
    if (!(std::fabs(d) > 1e-12 * scale)) return std::nullopt; // (nearly) collinear
    const double ab2 = lengthSquared(ab);
    const double ac2 = lengthSquared(ac);
    return a + Vec2{(ac.y * ab2 - ab.y * ac2) / d, (ab.x * ac2 - ac.x * ab2) / d};
}

void largestGap(std::span<const Vec2> points, const PackedPointGrid& grid, const PatternWindow& window,
                PointStats& s) {
    if (window.degenerate() || points.empty()) return;
    const Rect b = window.bounds();
    double h = grid.layout().cellMm();
    if (b.area() / (h * h) < 256.0) h = std::sqrt(b.area() / 256.0);
    const int nx = std::max(1, static_cast<int>(std::ceil(b.width() / h)));
    const int ny = std::max(1, static_cast<int>(std::ceil(b.height() / h)));
    const double sx = b.width() / nx;
    const double sy = b.height() / ny;

    struct Sample {
        double gap;
        Vec2 at;
        bool operator<(const Sample& o) const { return gap > o.gap; } // min-heap on gap
    };
    constexpr size_t kPolish = 32;
    std::vector<Sample> top;
    top.reserve(kPolish + 1);
    Sample best{-1.0, {}};
    for (int iy = 0; iy < ny; ++iy)
        for (int ix = 0; ix < nx; ++ix) {
            const Vec2 c{b.min.x + (ix + 0.5) * sx, b.min.y + (iy + 0.5) * sy};
            if (!window.contains(c)) continue;
            const Sample sample{grid.nearest(c).distance(), c};
            if (best.gap < sample.gap) best = sample;
            if (top.size() < kPolish || top.front().gap < sample.gap) {
                top.push_back(sample);
                std::push_heap(top.begin(), top.end());
                if (top.size() > kPolish) {
                    std::pop_heap(top.begin(), top.end());
                    top.pop_back();
                }
            }
        }
    // Polish: walk to the centre of the circle through the three nearest dots (a Voronoi
    // vertex, where the distance to the nearest dot peaks) while that stays in the window.
    if (points.size() >= 3)
        for (const Sample& start : top) {
            Vec2 x = start.at;
            uint32_t previous[3] = {kNoPoint, kNoPoint, kNoPoint};
            for (int iteration = 0; iteration < 4; ++iteration) {
                Neighbour three[3];
                if (grid.nearestK(x, kNoPoint, three) < 3) break;
                uint32_t ids[3] = {three[0].id, three[1].id, three[2].id};
                std::sort(ids, ids + 3);
                if (std::equal(ids, ids + 3, previous)) break; // converged
                std::copy(ids, ids + 3, previous);
                const auto cc = circumcentre(points[ids[0]], points[ids[1]], points[ids[2]]);
                if (!cc || !window.contains(*cc)) break;
                const double gap = grid.nearest(*cc).distance(); // the true empty radius there
                if (best.gap < gap) best = {gap, *cc};
                x = *cc;
            }
        }
    if (best.gap >= 0.0) {
        s.largestGapMm = 2.0 * best.gap;
        s.largestGapCentre = best.at;
    }
}

void structureFactor(std::span<const Vec2> points, const PatternWindow& window, const PointStatsOptions& o,
                     int64_t insideCount, PointStats& s) {
    if (window.degenerate() || insideCount < 2 || o.structureMaxDots < 2 || !(o.structureMaxK > 0.0)) return;
    const Rect b = window.bounds();
    const double lambda0 = static_cast<double>(insideCount) / window.areaMm2();
    const double targetArea = std::min(window.areaMm2(), o.structureMaxDots / lambda0);
    Rect tile;
    if (window.isRectangle()) {
        // A centred sub-rectangle of the window's shape.
        const double f = std::sqrt(targetArea / window.areaMm2());
        const Vec2 centre = (b.min + b.max) * 0.5;
        const Vec2 half{b.width() * f * 0.5, b.height() * f * 0.5};
        tile = Rect{centre - half, centre + half};
    } else {
        // The largest square (up to the target area) inside the polygon, over a 9×9 lattice of
        // candidate centres; its side is found by bisection per centre.
        const double maxSide = std::sqrt(targetArea);
        double bestSide = 0.0;
        for (int iy = 0; iy < 9; ++iy)
            for (int ix = 0; ix < 9; ++ix) {
                const Vec2 c{b.min.x + (ix + 0.5) * b.width() / 9, b.min.y + (iy + 0.5) * b.height() / 9};
                const auto squareAt = [&](double side) {
                    return Rect{c - Vec2{side / 2, side / 2}, c + Vec2{side / 2, side / 2}};
                };
                if (!window.containsBox(squareAt(bestSide * 1.0001 + 1e-12))) continue;
                double lo = bestSide, hi = maxSide;
                if (window.containsBox(squareAt(hi))) lo = hi;
                for (int step = 0; step < 30 && hi - lo > 1e-3 * maxSide; ++step) {
                    const double mid = 0.5 * (lo + hi);
                    (window.containsBox(squareAt(mid)) ? lo : hi) = mid;
                }
                if (lo > bestSide) {
                    bestSide = lo;
                    tile = squareAt(lo);
                }
            }
        if (!(bestSide > 0.0)) return; // no square fits (a hairline-thin polygon)
    }
    std::vector<Vec2> local;
    for (const Vec2& p : points)
        if (tile.contains(p)) local.push_back(p - tile.min);
    const size_t m = local.size();
    s.structureTile = tile;
    s.structureDots = static_cast<int64_t>(m);
    if (m < 2) return;
    const double w = tile.width();
    const double h = tile.height();
    const double lambda = static_cast<double>(m) / (w * h);
    const double kmin2 = o.structureMinK * o.structureMinK * lambda; // in (cycles/mm)²
    const double kmax2 = o.structureMaxK * o.structureMaxK * lambda;
    const int amax = static_cast<int>(std::floor(o.structureMaxK * std::sqrt(lambda) * w));
    const int bmax = static_cast<int>(std::floor(o.structureMaxK * std::sqrt(lambda) * h));
    std::vector<std::pair<int, int>> freqs;
    for (int bb = 0; bb <= bmax; ++bb)
        for (int a = -amax; a <= amax; ++a) {
            if (bb == 0 && a <= 0) continue; // half-plane: S(−k) = S(k)
            const double k2 = (a / w) * (a / w) + (bb / h) * (bb / h);
            if (k2 >= kmin2 && k2 <= kmax2) freqs.emplace_back(a, bb);
        }
    s.structureFrequencies = static_cast<int64_t>(freqs.size());
    if (freqs.empty()) return;

    // e^{−2πi a x/W} and e^{−2πi b y/H} per dot by recurrence, one contiguous row per frequency.
    const size_t cols = static_cast<size_t>(2 * amax + 1);
    std::vector<double> exRe(cols * m), exIm(cols * m), eyRe((bmax + 1) * m), eyIm((bmax + 1) * m);
    for (size_t j = 0; j < m; ++j) {
        const double tx = -2.0 * kPi * local[j].x / w;
        const double ty = -2.0 * kPi * local[j].y / h;
        const Cx bx{std::cos(tx), std::sin(tx)};
        const Cx by{std::cos(ty), std::sin(ty)};
        Cx z{1.0, 0.0};
        for (int a = 0; a <= amax; ++a) {
            exRe[(amax + a) * m + j] = z.re;
            exIm[(amax + a) * m + j] = z.im;
            exRe[(amax - a) * m + j] = z.re; // e^{+...} = conjugate
            exIm[(amax - a) * m + j] = -z.im;
            z = z * bx;
        }
        z = {1.0, 0.0};
        for (int bb = 0; bb <= bmax; ++bb) {
            eyRe[bb * m + j] = z.re;
            eyIm[bb * m + j] = z.im;
            z = z * by;
        }
    }
    double peak = -1.0;
    std::pair<int, int> at{0, 0};
    for (const auto& [a, bb] : freqs) {
        const double* xr = &exRe[(amax + a) * m];
        const double* xi = &exIm[(amax + a) * m];
        const double* yr = &eyRe[bb * m];
        const double* yi = &eyIm[bb * m];
        // Four independent partial sums let the loop pipeline (no reassociation flags needed).
        double re[4] = {0, 0, 0, 0}, im[4] = {0, 0, 0, 0};
        size_t j = 0;
        for (; j + 4 <= m; j += 4)
            for (size_t u = 0; u < 4; ++u) {
                re[u] += xr[j + u] * yr[j + u] - xi[j + u] * yi[j + u];
                im[u] += xr[j + u] * yi[j + u] + xi[j + u] * yr[j + u];
            }
        for (; j < m; ++j) {
            re[0] += xr[j] * yr[j] - xi[j] * yi[j];
            im[0] += xr[j] * yi[j] + xi[j] * yr[j];
        }
        const double sre = (re[0] + re[1]) + (re[2] + re[3]);
        const double sim = (im[0] + im[1]) + (im[2] + im[3]);
        const double value = sre * sre + sim * sim;
        if (value > peak) {
            peak = value;
            at = {a, bb};
        }
    }
    s.structurePeak = peak / (static_cast<double>(m) * static_cast<double>(m));
    s.structurePeakK = {2.0 * kPi * at.first / w, 2.0 * kPi * at.second / h};
}

} // namespace

// ---- sums ----------------------------------------------------------------------------------

FixedSum::Int128 FixedSum::toUnits(double v) {
    double scaled = v * 0x1p40;
    if (scaled != scaled) return 0; // NaN: callers never pass one; contribute nothing
    scaled = std::clamp(scaled, -0x1p100, 0x1p100);
    return static_cast<Int128>(std::nearbyint(scaled));
}

long double FixedSum::value() const { return static_cast<long double>(m_units) * 0x1p-40L; }

void NearestNeighbourSums::add(double d, double minSpacingMm) {
    ++dotsWithNeighbour;
    sum.add(d);
    sumSquares.add(d * d);
    if (d < minSpacingMm) ++belowMinSpacing;
}

void NearestNeighbourSums::remove(double d, double minSpacingMm) {
    --dotsWithNeighbour;
    sum.subtract(d);
    sumSquares.subtract(d * d);
    if (d < minSpacingMm) --belowMinSpacing;
}

std::optional<double> CellCountSums::cv() const {
    if (cells < 2 || sum <= 0) return std::nullopt;
    const long double k = static_cast<long double>(cells);
    const long double mean = static_cast<long double>(sum) / k;
    const long double var =
        std::max<long double>(0.0L, (static_cast<long double>(sumSquares) - static_cast<long double>(sum) * mean) / (k - 1.0L));
    return static_cast<double>(std::sqrt(var) / mean);
}

std::optional<double> CellCountSums::vmr() const {
    if (cells < 2 || sum <= 0) return std::nullopt;
    const long double k = static_cast<long double>(cells);
    const long double mean = static_cast<long double>(sum) / k;
    const long double var =
        std::max<long double>(0.0L, (static_cast<long double>(sumSquares) - static_cast<long double>(sum) * mean) / (k - 1.0L));
    return static_cast<double>(var / mean);
}

// ---- full statistics -----------------------------------------------------------------------

PointStats computePointStats(std::span<const Vec2> points, const PatternWindow& window,
                             const PointStatsOptions& options, std::span<const double> diametersMm) {
    assert((diametersMm.empty() || diametersMm.size() == points.size()) && "one diameter per dot, or none");
    const bool perDotDiameters = !diametersMm.empty() && diametersMm.size() == points.size();
    PointStats s;
    const size_t n = points.size();
    s.count = static_cast<int64_t>(n);
    s.areaMm2 = window.areaMm2();
    s.perimeterMm = window.perimeterMm();
    s.rectangle = window.isRectangle();
    s.minSpacingMm = options.minSpacingMm;
    for (const Vec2& p : points)
        if (!window.contains(p)) ++s.outsideCount;
    const bool hasArea = !window.degenerate();
    double lambda = 0.0;
    if (hasArea) {
        lambda = static_cast<double>(n) / window.areaMm2();
        s.intensityPerMm2 = lambda;
        s.densityPerCm2 = densityOf(s.count, window);
        s.densitySePerCm2 = 100.0 * std::sqrt(static_cast<double>(n)) / window.areaMm2();
    }

    // Counts in cells.
    const CellTiling evenness(window, options.evennessCellMm);
    s.evennessCellMm = options.evennessCellMm;
    s.evennessCells = evenness.usedCells();
    s.evennessCounts = countInCells(evenness, points);
    s.evennessCv = s.evennessCounts.cv();
    if (lambda > 0.0 && options.quadratSpacings > 0.0) {
        s.quadratMm = options.quadratSpacings / std::sqrt(lambda);
        const CellTiling quadrats(window, s.quadratMm);
        s.quadratCells = quadrats.usedCells();
        s.vmr = countInCells(quadrats, points).vmr();
    }
    if (n == 0) return s;

    PackedPointGrid grid;
    grid.build(points, fullLayout(points, window));
    if (options.largestGap) largestGap(points, grid, window, s);
    if (options.structureFactor) structureFactor(points, window, options, s.count - s.outsideCount, s);
    if (n < 2) return s;

    // One 6-NN pass: spacing, guard, A_m, Ψ_m, overlaps.
    s.guardMm = options.guardMm.value_or(lambda > 0.0 ? 1.0 / std::sqrt(lambda) : 0.0);
    double maxDiameter = options.diameterMm;
    if (perDotDiameters) maxDiameter = *std::max_element(diametersMm.begin(), diametersMm.end());
    const auto threshold = [&](uint32_t i, uint32_t j) {
        return perDotDiameters ? 0.5 * (diametersMm[i] + diametersMm[j]) : options.diameterMm;
    };
    double minNn = kInfinity, maxNn = 0.0, guardSum = 0.0;
    Cx psi4, psi6, a2, a4, a6;
    Neighbour nb[6];
    for (uint32_t i = 0; i < n; ++i) {
        const Vec2 p = points[i];
        const size_t k = grid.nearestK(p, i, nb);
        const double d = std::sqrt(nb[0].distanceSquared);
        s.nnSums.add(d, options.minSpacingMm);
        minNn = std::min(minNn, d);
        maxNn = std::max(maxNn, d);
        if (hasArea && window.contains(p) && window.distanceToBoundary(p) >= s.guardMm) {
            guardSum += d;
            ++s.guardCount;
        }
        // Bond directions as unit complex numbers; zero-length bonds (duplicates) count as 0.
        Cx sum4, sum6;
        const size_t k4 = std::min<size_t>(4, k);
        for (size_t j = 0; j < k; ++j) {
            const double dj = std::sqrt(nb[j].distanceSquared);
            if (!(dj > 0.0)) continue;
            const Vec2 v = points[nb[j].id] - p;
            const Cx z{v.x / dj, v.y / dj};
            const Cx z2 = z * z;
            const Cx z4 = z2 * z2;
            const Cx z6 = z4 * z2;
            if (j == 0) {
                a2 += z2;
                a4 += z4;
                a6 += z6;
            }
            if (j < k4) sum4 += z4;
            sum6 += z6;
        }
        psi4 += Cx{sum4.re / k4, sum4.im / k4};
        psi6 += Cx{sum6.re / k, sum6.im / k};
        // Overlap partners j > i; all of them are in the neighbour list when its farthest
        // member is at least the largest possible threshold away.
        const double reach = perDotDiameters ? 0.5 * (diametersMm[i] + maxDiameter) : options.diameterMm;
        if (k == n - 1 || nb[k - 1].distanceSquared >= reach * reach) {
            for (size_t j = 0; j < k; ++j) {
                const double t = threshold(i, nb[j].id);
                if (nb[j].id > i && nb[j].distanceSquared < t * t) ++s.overlapPairs;
            }
        } else {
            grid.forEachInRadius(p, reach, [&](uint32_t j, Vec2, double d2) {
                const double t = threshold(i, j);
                if (j > i && d2 < t * t) ++s.overlapPairs;
            });
        }
    }
    const double count = static_cast<double>(n);
    const SpacingSummary spacing = summarise(s.nnSums);
    s.meanNnMm = spacing.mean;
    s.nnSdMm = spacing.sd;
    s.nnCv = spacing.cv;
    s.minSpacingFraction = spacing.fraction;
    s.minSpacingViolations = s.nnSums.belowMinSpacing;
    s.minNnMm = minNn;
    s.maxNnMm = maxNn;
    const ClarkEvansValues ce = clarkEvansOf(s.meanNnMm, s.count, window);
    s.clarkEvans = ce.naive;
    s.clarkEvansDonnelly = ce.donnelly;
    s.clarkEvansZ = ce.z;
    s.clarkEvansDonnellyZ = ce.donnellyZ;
    if (s.guardCount > 0 && lambda > 0.0)
        s.clarkEvansGuard = (guardSum / static_cast<double>(s.guardCount)) / (1.0 / (2.0 * std::sqrt(lambda)));
    s.psi4 = psi4.abs() / count;
    s.psi6 = psi6.abs() / count;
    s.a2 = a2.abs() / count;
    s.a4 = a4.abs() / count;
    s.a6 = a6.abs() / count;
    return s;
}

std::vector<double> nearestNeighbourDistances(std::span<const Vec2> points) {
    std::vector<double> out;
    if (points.size() < 2) return out;
    PackedPointGrid grid;
    grid.build(points);
    out.reserve(points.size());
    for (uint32_t i = 0; i < points.size(); ++i) out.push_back(grid.nearest(points[i], i).distance());
    return out;
}

std::vector<std::pair<uint32_t, uint32_t>> overlappingPairs(std::span<const Vec2> points,
                                                             std::span<const double> diametersMm,
                                                             double diameterMm) {
    const bool perDot = !diametersMm.empty() && diametersMm.size() == points.size();
    std::vector<std::pair<uint32_t, uint32_t>> out;
    if (points.size() < 2) return out;
    PackedPointGrid grid;
    grid.build(points);
    const double maxDiameter = perDot ? *std::max_element(diametersMm.begin(), diametersMm.end()) : diameterMm;
    for (uint32_t i = 0; i < points.size(); ++i) {
        const double reach = perDot ? 0.5 * (diametersMm[i] + maxDiameter) : diameterMm;
        grid.forEachInRadius(points[i], reach, [&](uint32_t j, Vec2, double d2) {
            const double t = perDot ? 0.5 * (diametersMm[i] + diametersMm[j]) : diameterMm;
            if (j > i && d2 < t * t) out.emplace_back(i, j);
        });
    }
    std::sort(out.begin(), out.end());
    return out;
}

// ---- live statistics -----------------------------------------------------------------------

namespace {
GridLayout liveLayout(const LiveStatsConfig& c) {
    const double lambda = c.expectedDensityPerCm2 / 100.0;
    const double cell = lambda > 0.0 && std::isfinite(lambda) ? 1.0 / std::sqrt(lambda) : 1.0;
    return GridLayout(c.window.bounds(), cell);
}
} // namespace

LiveStats::LiveStats(const LiveStatsConfig& config)
    : m_config(config), m_neighbours(liveLayout(config)), m_tiling(config.window, config.evennessCellMm) {
    m_cellCounts.assign(static_cast<size_t>(m_tiling.columns()) * m_tiling.rows(), 0);
    m_cellSums.cells = m_tiling.usedCells();
}

void LiveStats::apply(const std::vector<NeighbourChange>& changes) {
    for (const NeighbourChange& c : changes) {
        if (c.oldDistanceMm) m_nn.remove(*c.oldDistanceMm, m_config.minSpacingMm);
        if (c.newDistanceMm) m_nn.add(*c.newDistanceMm, m_config.minSpacingMm);
    }
}

int64_t LiveStats::overlapsWith(uint32_t id, Vec2 pos) const {
    const double dia = m_config.diameterMm;
    int64_t count = 0;
    m_neighbours.grid().forEachInRadius(pos, dia, [&](uint32_t j, Vec2, double d2) {
        if (j != id && d2 < dia * dia) ++count;
    });
    return count;
}

void LiveStats::add(uint32_t id, Vec2 pos) {
    m_neighbours.insert(id, pos, m_changes);
    apply(m_changes);
    m_overlapPairs += overlapsWith(id, pos);
    if (!m_config.window.contains(pos)) ++m_outside;
    const int cell = m_tiling.cellOf(pos);
    if (cell >= 0) {
        const int64_t before = m_cellCounts[cell]++;
        m_cellSums.sum += 1;
        m_cellSums.sumSquares += 2 * before + 1;
    }
}

bool LiveStats::remove(uint32_t id) {
    if (!m_neighbours.contains(id)) return false;
    const Vec2 pos = m_neighbours.grid().position(id);
    m_overlapPairs -= overlapsWith(id, pos);
    m_neighbours.remove(id, m_changes);
    apply(m_changes);
    if (!m_config.window.contains(pos)) --m_outside;
    const int cell = m_tiling.cellOf(pos);
    if (cell >= 0) {
        const int64_t after = --m_cellCounts[cell];
        m_cellSums.sum -= 1;
        m_cellSums.sumSquares -= 2 * after + 1;
    }
    return true;
}

LiveSnapshot LiveStats::snapshot() const {
    LiveSnapshot s;
    s.count = static_cast<int64_t>(m_neighbours.size());
    s.outsideCount = m_outside;
    s.densityPerCm2 = densityOf(s.count, m_config.window);
    if (s.count >= 2) {
        const SpacingSummary spacing = summarise(m_nn);
        s.meanNnMm = spacing.mean;
        s.nnSdMm = spacing.sd;
        s.nnCv = spacing.cv;
        s.minSpacingFraction = spacing.fraction;
    }
    s.minSpacingViolations = m_nn.belowMinSpacing;
    s.overlapPairs = m_overlapPairs;
    const ClarkEvansValues ce = clarkEvansOf(s.meanNnMm, s.count, m_config.window);
    s.clarkEvans = ce.naive;
    s.clarkEvansDonnelly = ce.donnelly;
    s.clarkEvansZ = ce.z;
    s.evennessCv = m_cellSums.cv();
    return s;
}

size_t LiveStats::memoryBytes() const {
    return sizeof(*this) + m_neighbours.memoryBytes() + m_cellCounts.capacity() * sizeof(int32_t) +
           m_changes.capacity() * sizeof(NeighbourChange);
}

} // namespace stipple
