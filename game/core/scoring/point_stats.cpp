// Two passes over a packed grid, cell by cell with each cell's block of candidates gathered once:
// pass A gives every dot's exact nearest-neighbour distance and overlap partners (spacing,
// Clark–Evans, guard) and samples the largest gap; pass B gives the 6 nearest of up to 10,000
// dots (Ψ, A). Counts in cells give density, evenness and VMR; the structure factor has its own
// tile. The derived numbers (means, CVs, R) are computed by the same small functions for full and
// live statistics, which is what makes the two agree bit for bit.
#include "scoring/point_stats.h"

#include "scoring/helper_thread.h"
#include "spatial/point_tree.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/// The structure factor's kernel has an AVX twin, chosen when the processor has AVX.
#define STIPPLE_AVX_KERNEL 1
#else
#define STIPPLE_AVX_KERNEL 0
#endif

namespace stipple {

namespace {

constexpr double kPi = 3.14159265358979323846;
/// Ψ and A are averaged over at most this many dots (see point_stats.h).
constexpr size_t kOrderMaxDots = 10000;
/// Below this many dots the statistics run on one thread (waking the helper costs more than it
/// saves).
constexpr size_t kParallelMinDots = 20000;
/// A cell holding more dots than this (the grid expects about two) is crowded: coincident or
/// nearly coincident dots. Then a k-d tree answers the queries about the crowded blocks and every
/// query that would widen into one (a grid scan of a pile of 80,000 dots per dot took minutes).
constexpr size_t kCrowdedCell = 64;
/// With the tree built, the dots of a cell whose 3×3 block (pass A) or 5×5 block (pass B) holds
/// more candidates than this are answered by the tree instead of a scan of the block.
constexpr size_t kCrowdedBlockA = 256;
constexpr size_t kCrowdedBlockB = 512;
/// A disc wider than this many cells makes the tree count overlaps (a pile of distinct dots
/// 0.01 mm apart with 0.2 mm discs: every dot overlaps every other, and the grid lists them).
constexpr double kCrowdedReachCells = 3.0;
/// The structure factor's tile holds at most this many times structureMaxDots: a tile in which
/// dots are piled up keeps every k-th of them (its cost is dots × frequencies, both ∝ dots).
constexpr int kStructureMaxFactor = 4;
/// The spectrum's peak is refined between the harmonics from this many of the highest ones.
constexpr size_t kStructureSeeds = 4;

/// Four floats in one SIMD register (GCC/Clang vector extension); used by the S(k) kernel.
typedef float F4 __attribute__((vector_size(16)));

/// Cleared by tests (detail::allowAvxKernels) to run the kernels of a processor without AVX.
std::atomic<bool> avxAllowed{true};

#if STIPPLE_AVX_KERNEL
bool cpuHasAvx() {
    static const bool yes = __builtin_cpu_supports("avx");
    return yes && avxAllowed.load(std::memory_order_relaxed);
}
/// Lane masks for 0–4 active lanes of a 4-lane AVX vector.
alignas(32) constexpr int64_t kLaneMasks[5][4] = {
    {0, 0, 0, 0}, {-1, 0, 0, 0}, {-1, -1, 0, 0}, {-1, -1, -1, 0}, {-1, -1, -1, -1}};
/// For 0–4 active lanes: 0 in the active lanes, ∞ in the others.
constexpr double kInf = std::numeric_limits<double>::infinity();
alignas(32) constexpr double kLanePenalty[5][4] = {
    {kInf, kInf, kInf, kInf}, {0, kInf, kInf, kInf}, {0, 0, kInf, kInf}, {0, 0, 0, kInf}, {0, 0, 0, 0}};
#endif

/// min(d2, |q − x|² for every q of `run`), |q − x|² = dx·dx + dy·dy as distanceSquared(q, x): two
/// at a time on SSE2 (a minimum does not depend on the order of its terms; a NaN term leaves it
/// unchanged either way). `run` lies in a vector of Vec2 (16-byte aligned).
inline double minDistanceSquared(std::span<const Vec2> run, Vec2 x, double d2) {
    const Vec2* q = run.data();
    const Vec2* const end = q + run.size();
#if defined(__SSE2__)
    const __m128d at = _mm_set_pd(x.y, x.x);
    __m128d m = _mm_set1_pd(d2);
    for (; q + 2 <= end; q += 2) {
        __m128d a = _mm_sub_pd(_mm_load_pd(&q[0].x), at);
        __m128d b = _mm_sub_pd(_mm_load_pd(&q[1].x), at);
        a = _mm_mul_pd(a, a);
        b = _mm_mul_pd(b, b);
        m = _mm_min_pd(_mm_add_pd(_mm_unpacklo_pd(a, b), _mm_unpackhi_pd(a, b)), m);
    }
    d2 = std::min(_mm_cvtsd_f64(m), _mm_cvtsd_f64(_mm_unpackhi_pd(m, m)));
#endif
    for (; q < end; ++q)
        d2 = std::min(d2, distanceSquared(*q, x));
    return d2;
}

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

/// The counts of the points in the tiling's cells; with `window`, also adds the points outside it
/// to *outside (in the same pass over the points).
CellCountSums countInCells(const CellTiling& tiling, std::span<const Vec2> points,
                           const PatternWindow* window = nullptr, int64_t* outside = nullptr) {
    CellCountSums sums;
    sums.cells = tiling.usedCells();
    if (sums.cells == 0) {
        if (window)
            for (const Vec2& p : points)
                *outside += window->contains(p) ? 0 : 1;
        return sums;
    }
    std::vector<int32_t> counts(static_cast<size_t>(tiling.columns()) * tiling.rows(), 0);
    if (window && window->isRectangle()) { // the window is the tiling's bounding rectangle
        *outside += tiling.countPoints(points, counts.data());
    } else if (window) {
        int64_t out = 0;
        for (const Vec2& p : points) {
            out += window->contains(p) ? 0 : 1;
            const int c = tiling.cellOf(p);
            if (c >= 0) ++counts[c];
        }
        *outside += out;
    } else {
        for (const Vec2& p : points) {
            const int c = tiling.cellOf(p);
            if (c >= 0) ++counts[c];
        }
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
        for (const Vec2& p : points)
            area.expand(p);
    }
    // About two dots per cell: the 3×3 block (≈ 18 candidates) proves the nearest neighbour of
    // 99.8 % of the dots of a uniform pattern, the 5×5 block their 6 nearest.
    return GridLayout::forPoints(area, points.size(), 2.0);
}

/// Nearest-dot queries: the grid's, or the tree's when a cell is crowded (same answers, ties to
/// the smaller id, at a cost that does not grow with the pile).
struct NearestIndex {
    const PackedPointGrid& grid;
    const PointTree* tree = nullptr;
    Neighbour nearest(Vec2 p, uint32_t exclude = kNoPoint) const {
        return tree ? tree->nearest(p, exclude) : grid.nearest(p, exclude);
    }
    size_t nearestK(Vec2 p, uint32_t exclude, std::span<Neighbour> out) const {
        return tree ? tree->nearestK(p, exclude, out) : grid.nearestK(p, exclude, out);
    }
};

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

/// The largest-gap search: the distance to the nearest dot f(x) sampled on a lattice, the best
/// samples kept for polishing into exact local maxima (Voronoi vertices).
class GapSearch {
  public:
    static constexpr size_t kPolish = 32;

    /// False when a sample whose nearest dot is at most √d2 away can change nothing: offering it
    /// (or any nearer one) would change neither the kept samples, nor the best, nor the log.
    bool wants(double d2) const { return m_top.size() < kPolish || m_top.front().gap < d2; }
    /// wants(d2) is d2 > threshold() for every d2 but NaN; the threshold never falls.
    double threshold() const { return m_top.size() < kPolish ? -kInfinity : m_top.front().gap; }
    /// A sample at x (inside the window) whose nearest dot is √d2 away.
    void offer(Vec2 x, double d2) {
        if (m_best.gap < d2) m_best = {d2, x};
        if (m_top.size() < kPolish || m_top.front().gap < d2) {
            if (m_logging) m_log.push_back({d2, x});
            m_top.push_back({d2, x});
            std::push_heap(m_top.begin(), m_top.end());
            if (m_top.size() > kPolish) {
                std::pop_heap(m_top.begin(), m_top.end());
                m_top.pop_back();
            }
        }
    }
    /// Adds the border: f at every window vertex and at samples `spacing` apart along each edge
    /// (the largest empty circle centred in the window is often centred on its border).
    void sampleBorder(const NearestIndex& grid, const PatternWindow& window, double spacing) {
        window.forEachEdge([&](Vec2 a, Vec2 b) {
            const int steps = std::max(1, static_cast<int>(std::ceil(distance(a, b) / spacing)));
            for (int t = 0; t < steps; ++t) {
                const Vec2 x = a + (b - a) * (static_cast<double>(t) / steps);
                offer(x, grid.nearest(x).distanceSquared);
            }
        });
    }

    /// Climbs from each kept sample to a local maximum of f. Maxima sit at Voronoi vertices
    /// (centres of circles through three dots) or where a Voronoi edge meets the border (border
    /// points equidistant from two dots), so each step tries, among the 7 dots nearest the current
    /// point, the circumcentre of every triple inside the window and, on border edges within
    /// `spacing` plus the current gap, the point equidistant from every pair — skipping those whose
    /// circle is no larger than the best found (f there is at most that radius) — and moves to the
    /// best. Every value offered is a true nearest-dot distance. Then stores the best into `s`.
    void finish(std::span<const Vec2> points, const NearestIndex& grid, const PatternWindow& window,
                double spacing, PointStats& s) {
        if (points.size() >= 2) {
            const std::vector<Sample> starts = m_top;
            for (const Sample& start : starts) {
                Sample here = start;
                for (int step = 0; step < 4; ++step) {
                    Neighbour near[7];
                    const size_t k = grid.nearestK(here.at, kNoPoint, near);
                    Sample next = here;
                    const auto consider = [&](Vec2 x, Vec2 onCircle) {
                        if (!(distanceSquared(x, onCircle) > next.gap)) return;
                        const double f = grid.nearest(x).distanceSquared; // the true empty radius²
                        offer(x, f);
                        if (f > next.gap) next = {f, x};
                    };
                    for (size_t a = 0; a < k; ++a)
                        for (size_t b = a + 1; b < k; ++b)
                            for (size_t c = b + 1; c < k; ++c) {
                                const Vec2 pa = points[near[a].id];
                                const auto cc = circumcentre(pa, points[near[b].id], points[near[c].id]);
                                if (cc && window.contains(*cc)) consider(*cc, pa);
                            }
                    const double reach = spacing + std::sqrt(here.gap);
                    window.forEachEdge([&](Vec2 e0, Vec2 e1) {
                        if (distanceToSegment(here.at, e0, e1) > reach) return;
                        for (size_t a = 0; a < k; ++a)
                            for (size_t b = a + 1; b < k; ++b) {
                                // e0 + t(e1 − e0) equidistant from pa and pb: linear in t.
                                const Vec2 pa = points[near[a].id], pb = points[near[b].id];
                                const Vec2 ab = pb - pa, d = e1 - e0;
                                const double denominator = dot(d, ab);
                                if (!(std::fabs(denominator) > 1e-12 * length(d) * length(ab))) continue;
                                const double t = dot((pa + pb) * 0.5 - e0, ab) / denominator;
                                if (t >= 0.0 && t <= 1.0) consider(e0 + d * t, pa);
                            }
                    });
                    if (!(next.gap > here.gap)) break;
                    here = next;
                }
            }
        }
        if (m_best.gap >= 0.0) {
            s.largestGapMm = 2.0 * std::sqrt(m_best.gap);
            s.largestGapCentre = m_best.at;
        }
    }

    /// From now on, logs every offer that changes this search. A search over part of the
    /// samples (one band of rows) starting from a copy of the full one: any sample it ignores,
    /// the full search, having seen at least as many, ignores too.
    void startLog() { m_logging = true; }
    /// Offers the logged samples to `full` in their order: as if `full` had been offered them all.
    void replayInto(GapSearch& full) const {
        for (const Sample& x : m_log)
            full.offer(x.at, x.gap);
    }

  private:
    struct Sample {
        double gap; // squared distance to the nearest dot
        Vec2 at;
        bool operator<(const Sample& o) const { return gap > o.gap; } // min-heap on gap
    };
    std::vector<Sample> m_top;
    Sample m_best{-1.0, {}};
    bool m_logging = false;
    std::vector<Sample> m_log;
};

/// Lattice sampling for small patterns (fewer than 256 samples from the index's cells): a lattice
/// of at least 256 points over the window, each an exact nearest-dot query.
double sampleGapLattice(const NearestIndex& grid, const PatternWindow& window, GapSearch& gaps,
                        double step = 0.0) {
    const Rect b = window.bounds();
    const double h = step > 0.0 ? step : std::sqrt(b.area() / 256.0);
    const int nx = std::max(1, static_cast<int>(std::ceil(b.width() / h)));
    const int ny = std::max(1, static_cast<int>(std::ceil(b.height() / h)));
    for (int iy = 0; iy < ny; ++iy)
        for (int ix = 0; ix < nx; ++ix) {
            const Vec2 c{b.min.x + (ix + 0.5) * b.width() / nx, b.min.y + (iy + 0.5) * b.height() / ny};
            if (window.contains(c)) gaps.offer(c, grid.nearest(c).distanceSquared);
        }
    return h;
}

/// The k ≤ 6 best candidates by (distance², id), as PackedPointGrid::nearestK orders them;
/// `index` refers to the caller's candidate buffer.
struct Nearest6 {
    struct Item {
        double distanceSquared;
        uint32_t id;
        uint32_t index;
    };
    Item items[6];
    size_t count = 0;

    void offer(double d2, uint32_t id, uint32_t index) {
        if (count == 6) {
            const Item& worst = items[5];
            if (d2 > worst.distanceSquared || (d2 == worst.distanceSquared && id > worst.id)) return;
        }
        size_t i = count < 6 ? count++ : 5;
        while (i > 0 && (d2 < items[i - 1].distanceSquared ||
                         (d2 == items[i - 1].distanceSquared && id < items[i - 1].id))) {
            items[i] = items[i - 1];
            --i;
        }
        items[i] = {d2, id, index};
    }
};

/// Pass A, every dot, exact: nearest-neighbour distance (min over the 3×3 block when the block
/// proves it, else the ring query) and overlap partners; also the largest-gap samples (2×2 per
/// cell). Two sweeps over the packed grid: the first visits every pair of dots in the same or
/// adjacent cells once (the cell with itself and with its four forward neighbours: east and the
/// three above) and keeps, per slot, the smallest squared distance and the overlap partners of
/// both ends — each distance computed once, not once from each end (d² is the same bits from
/// either end: a − b = −(b − a) in IEEE arithmetic, and (Di + Dj) = (Dj + Di)); the second, in
/// the same cell order as before, proves each minimum against the block's edge (else the ring
/// query), recounts the overlaps of a disc reaching past the block, and visits. With `tree`
/// (crowded cells), a crowded block's dots and every widening query ask the tree; cell pairs
/// where both cells are crowded are skipped (a pile is not scanned pair by pair).
///
/// The rows split into bands that two threads may sweep at once: band(r0, r1) sweeps the pairs of
/// its rows (those of row r1 − 1 with row r1 only when it is the last row) and visits its rows;
/// the pairs across the band's upper edge come first, from crossPairs(r1 − 1) — then no slot is
/// written by two bands. A minimum and a count do not depend on the order their terms arrive in,
/// so every band sees exactly the numbers one sweep of all rows would.
/// visit(i, p, nnDistanceSquared, overlapPartners): each overlapping pair is seen from both ends.
class NeighbourPass {
  public:
    NeighbourPass(const PackedPointGrid& grid, const PointTree* tree, std::span<const double> treeNn2,
                  const PatternWindow& window, std::span<const double> diameters, double uniformDiameter,
                  double maxDiameter, bool gapSamples)
        : grid(grid), tree(tree), treeNn2(treeNn2), window(window), diameters(diameters),
          uniformDiameter(uniformDiameter), maxDiameter(maxDiameter), layout(grid.layout()),
          cols(layout.columns()), rows(layout.rows()), cs(layout.cellMm()), o(layout.origin()),
          perDot(!diameters.empty()), u2(uniformDiameter * uniformDiameter), pos(grid.positions()),
          ids(grid.ids()), n(pos.size()) {
        // A cell is crowded when the tree answers for its dots (its 3×3 block holds too many).
        if (tree) {
            crowded.resize(static_cast<size_t>(rows) * cols);
            for (int cy = 0; cy < rows; ++cy)
                for (int cx = 0; cx < cols; ++cx)
                    crowded[static_cast<size_t>(cy) * cols + cx] = blockSize(cx, cy) > kCrowdedBlockA;
        }
        nn2.assign(n, kInfinity);
        partners.assign(n, 0);
        // The overlap test of each end, as the single-ended scan made it: d² < (Di + Dj)²/4, behind
        // the reach filter d² < (Di + Dmax)²/4 — which is implied, and so skipped, when every
        // diameter lies in [0, Dmax] (not for negative or NaN diameters, where only the filter keeps
        // the old counts).
        plainDiameters = perDot && std::all_of(diameters.begin(), diameters.end(),
                                               [&](double d) { return d >= 0.0 && d <= maxDiameter; });
#if STIPPLE_AVX_KERNEL
        // With AVX, pairs() meets four candidates at a time from separate x and y arrays (not for
        // per-dot diameters outside [0, Dmax], which keep the one-at-a-time sweep).
        avx = cpuHasAvx() && (!perDot || plainDiameters);
        if (avx) {
            xs.reset(new double[n]);
            ys.reset(new double[n]);
            for (size_t t = 0; t < n; ++t) {
                xs[t] = pos[t].x;
                ys[t] = pos[t].y;
            }
        }
#endif
        if (perDot) {
            dia.reset(new double[n]); // every slot written below: no zeroing first
            for (size_t t = 0; t < n; ++t)
                dia[t] = diameters[ids[t]];
        }
        inner = cs * (1.0 - 1e-6);
        inner2 = inner * inner;
        // The edges of each column's and row's 3×3 block (open on the grid's border).
        for (int cx = 0; cx < cols; ++cx) {
            blockX0.push_back(cx > 0 ? o.x + (cx - 1) * cs : -kInfinity);
            blockX1.push_back(cx < cols - 1 ? o.x + (cx + 2) * cs : kInfinity);
        }
        for (int cy = 0; cy < rows; ++cy) {
            blockY0.push_back(cy > 0 ? o.y + (cy - 1) * cs : -kInfinity);
            blockY1.push_back(cy < rows - 1 ? o.y + (cy + 2) * cs : kInfinity);
        }
        // The gap samples' coordinates, 2 per column and per row (each computed once).
        if (gapSamples) {
            for (int cx = 0; cx < cols; ++cx)
                for (int sx = 0; sx < 2; ++sx)
                    sampleX.push_back(o.x + (cx + 0.25 + 0.5 * sx) * cs);
            for (int cy = 0; cy < rows; ++cy)
                for (int sy = 0; sy < 2; ++sy)
                    sampleY.push_back(o.y + (cy + 0.25 + 0.5 * sy) * cs);
        }
    }

    int rowCount() const {
        return rows;
    }

    /// The pairs of row cy's dots with the row above (the part of a sweep band(…, cy + 1) leaves).
    void crossPairs(int cy) {
        if (cy >= 0 && cy + 1 < rows) pairRow(cy, false, true);
    }

    /// Sweeps and visits rows [r0, r1); `gaps` (with gap samples) gets the samples of these rows.
    template <class Visit> void band(int r0, int r1, GapSearch* gaps, Visit&& visit) {
        // Row by row: once row cy is swept, its dots have met every dot of the rows around it,
        // and are visited while their data is still in cache.
        for (int cy = r0; cy < r1; ++cy) {
            pairRow(cy, true, cy + 1 < r1);
            visitRow(cy, gaps, visit);
        }
    }

  private:
    size_t blockSize(int cx, int cy) const {
        const int c0 = std::max(cx - 1, 0), c1 = std::min(cx + 1, cols - 1);
        size_t size = 0;
        for (int r = std::max(cy - 1, 0); r <= std::min(cy + 1, rows - 1); ++r)
            size += grid.cellBegin(r * cols + c1 + 1) - grid.cellBegin(r * cols + c0);
        return size;
    }
    bool isCrowded(int cell) const {
        return !crowded.empty() && crowded[static_cast<size_t>(cell)];
    }

    // Each slot a of [a0, a1) against the slots of two ranges: [a + 1, b1) when `next` (the cell
    // itself and its east neighbour, contiguous) else [b0, b1), then [u0, u1) (the row above), each
    // a loop over consecutive slots (an earlier single loop over both, its slot computed
    // branch-free per candidate, saved a loop exit but cost ~7 instructions per pair): four at a
    // time with AVX (pairsAvx), else two (sweep), else one. Overlaps are rare: the exact test sits
    // behind a well-predicted branch on a's reach.
    void pairs(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1, bool next, uint32_t u0, uint32_t u1) {
#if STIPPLE_AVX_KERNEL
        if (avx) return pairsAvx(a0, a1, b0, b1, next, u0, u1);
#endif
        for (uint32_t a = a0; a < a1; ++a) {
            const Vec2 p = pos[a];
            double best = nn2[a];
            uint32_t count = 0;
            const uint32_t from = next ? a + 1 : b0;
            if (plainDiameters) {
                const double da = dia[a];
                const double reachA = 0.25 * (da + maxDiameter) * (da + maxDiameter);
                const auto overlap = [&](uint32_t b, double d2) __attribute__((always_inline)) {
                    if (d2 < reachA) {
                        const double sum = da + dia[b];
                        if (d2 < 0.25 * sum * sum) {
                            ++count;
                            ++partners[b];
                        }
                    }
                };
                best = sweep(p, best, reachA, from, b1, u0, u1, overlap);
            } else if (perDot) {
                const double da = dia[a];
                const double reachA = 0.25 * (da + maxDiameter) * (da + maxDiameter);
                const auto test = [&](uint32_t b) __attribute__((always_inline)) {
                    const double dx = pos[b].x - p.x, dy = pos[b].y - p.y;
                    const double d2 = dx * dx + dy * dy;
                    const double sum = da + dia[b];
                    const bool overlap = d2 < 0.25 * sum * sum;
                    const double reachB = 0.25 * (dia[b] + maxDiameter) * (dia[b] + maxDiameter);
                    best = std::min(best, d2);
                    nn2[b] = std::min(nn2[b], d2);
                    count += overlap && d2 < reachA ? 1 : 0;
                    partners[b] += overlap && d2 < reachB ? 1 : 0;
                };
                for (uint32_t b = from; b < b1; ++b)
                    test(b);
                for (uint32_t b = u0; b < u1; ++b)
                    test(b);
            } else {
                const auto overlap = [&](uint32_t b, double d2) __attribute__((always_inline)) {
                    if (d2 < u2) {
                        ++count;
                        ++partners[b];
                    }
                };
                best = sweep(p, best, u2, from, b1, u0, u1, overlap);
            }
            nn2[a] = best;
            partners[a] += count;
        }
    }

    /// The dot at p against slots [from, b1) and [u0, u1), two candidates at a time (2-lane
    /// vectors: each lane the same IEEE operations as one candidate alone, d² = dx·dx + dy·dy):
    /// returns min(best, every d²) and lowers each candidate's nn2. overlap(b, d²) runs, in slot
    /// order, for each candidate with d² < reach (the caller's exact test follows). A minimum does
    /// not depend on the order of its terms (d² is never NaN here unless a position is; a NaN term
    /// leaves a minimum unchanged in both forms), so the result is the one-at-a-time sweep's.
    template <class Overlap>
    __attribute__((always_inline)) double sweep(Vec2 p, double best, double reach, uint32_t from, uint32_t b1,
                                                uint32_t u0, uint32_t u1, Overlap& overlap) {
        double* const near2 = nn2.data();
        const auto one = [&](uint32_t b) __attribute__((always_inline)) {
            const double dx = pos[b].x - p.x, dy = pos[b].y - p.y;
            const double d2 = dx * dx + dy * dy;
            best = std::min(best, d2);
            near2[b] = std::min(near2[b], d2);
            overlap(b, d2);
        };
#if defined(__SSE2__)
        // Positions are 16-byte Vec2s in a vector (16-byte aligned): each loads as {x, y}.
        const double* const xy = &pos.data()->x;
        const __m128d at = _mm_set_pd(p.y, p.x);
        const __m128d reach2 = _mm_set1_pd(reach);
        __m128d best2 = _mm_set1_pd(best);
        const auto range = [&](uint32_t b, uint32_t end) __attribute__((always_inline)) {
            for (; b + 2 <= end; b += 2) {
                __m128d q0 = _mm_sub_pd(_mm_load_pd(xy + 2 * b), at); // {dx, dy} of b
                __m128d q1 = _mm_sub_pd(_mm_load_pd(xy + 2 * b + 2), at);
                q0 = _mm_mul_pd(q0, q0);
                q1 = _mm_mul_pd(q1, q1);
                const __m128d d2 = _mm_add_pd(_mm_unpacklo_pd(q0, q1), _mm_unpackhi_pd(q0, q1));
                best2 = _mm_min_pd(d2, best2); // per lane: d2 < best2 ? d2 : best2, as std::min
                _mm_storeu_pd(near2 + b, _mm_min_pd(d2, _mm_loadu_pd(near2 + b)));
                if (_mm_movemask_pd(_mm_cmplt_pd(d2, reach2))) [[unlikely]] {
                    overlap(b, _mm_cvtsd_f64(d2));
                    overlap(b + 1, _mm_cvtsd_f64(_mm_unpackhi_pd(d2, d2)));
                }
            }
            if (b < end) one(b);
        };
        range(from, b1);
        range(u0, u1);
        const double lane0 = _mm_cvtsd_f64(best2), lane1 = _mm_cvtsd_f64(_mm_unpackhi_pd(best2, best2));
        return std::min(best, std::min(lane0, lane1));
#else
        for (uint32_t b = from; b < b1; ++b)
            one(b);
        for (uint32_t b = u0; b < u1; ++b)
            one(b);
        return best;
#endif
    }

#if STIPPLE_AVX_KERNEL
    /// pairs() on 4-lane AVX vectors, for uniform diameters or per-dot ones in [0, Dmax]: four
    /// candidates at a time, the last ones of a range under a lane mask (masked lanes are neither
    /// read nor written, and count as d² = ∞). Each lane computes d² = dx·dx + dy·dy as the plain
    /// sweep does (no FMA: the function is built for AVX alone); minima do not depend on the order
    /// of their terms, counts neither; the overlap test runs in plain doubles on the few lanes
    /// within a's reach.
    __attribute__((target("avx"))) void pairsAvx(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1,
                                                 bool next, uint32_t u0, uint32_t u1) {
        for (uint32_t a = a0; a < a1; ++a) {
            AvxDot dot;
            dot.x = _mm256_set1_pd(xs[a]);
            dot.y = _mm256_set1_pd(ys[a]);
            dot.da = perDot ? dia[a] : 0.0;
            dot.reach = _mm256_set1_pd(perDot ? 0.25 * (dot.da + maxDiameter) * (dot.da + maxDiameter) : u2);
            dot.best = _mm256_set1_pd(nn2[a]);
            rangeAvx(dot, next ? a + 1 : b0, b1);
            rangeAvx(dot, u0, u1);
            alignas(32) double lanes[4];
            _mm256_store_pd(lanes, dot.best);
            nn2[a] = std::min(std::min(lanes[0], lanes[1]), std::min(lanes[2], lanes[3]));
            partners[a] += dot.count;
        }
    }
    struct AvxDot {
        __m256d x, y, reach, best;
        double da;
        uint32_t count = 0;
    };
    /// The dot against slots [b, end).
    __attribute__((target("avx"), always_inline)) inline void rangeAvx(AvxDot& dot, uint32_t b,
                                                                       uint32_t end) {
        const double* const x = xs.get();
        const double* const y = ys.get();
        double* const near2 = nn2.data();
        for (; b < end; b += 4) {
            const uint32_t left = std::min<uint32_t>(end - b, 4);
            const __m256i mask = _mm256_load_si256(reinterpret_cast<const __m256i*>(kLaneMasks[left]));
            const __m256d dx = _mm256_sub_pd(_mm256_maskload_pd(x + b, mask), dot.x);
            const __m256d dy = _mm256_sub_pd(_mm256_maskload_pd(y + b, mask), dot.y);
            // Masked lanes read ∞ (max returns its second operand, d², when that is NaN).
            const __m256d d2 = _mm256_max_pd(_mm256_load_pd(kLanePenalty[left]),
                                             _mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy)));
            dot.best = _mm256_min_pd(d2, dot.best); // per lane: d2 < best ? d2 : best, as std::min
            _mm256_maskstore_pd(near2 + b, mask, _mm256_min_pd(d2, _mm256_maskload_pd(near2 + b, mask)));
            int within = _mm256_movemask_pd(_mm256_cmp_pd(d2, dot.reach, _CMP_LT_OQ));
            if (within) [[unlikely]] {
                alignas(32) double lanes[4];
                _mm256_store_pd(lanes, d2);
                for (; within; within &= within - 1) {
                    const int l = __builtin_ctz(static_cast<unsigned>(within));
                    const double e2 = lanes[l];
                    if (perDot) {
                        const double sum = dot.da + dia[b + l];
                        if (!(e2 < 0.25 * sum * sum)) continue;
                    }
                    ++dot.count;
                    ++partners[b + l];
                }
            }
        }
    }
#endif

    /// Sweep 1, row cy: the pairs of its cells with themselves and east (`own`), and with the row
    /// above (`above`).
    void pairRow(int cy, bool own, bool above) {
        for (int cx = 0; cx < cols; ++cx) {
            const int cell = cy * cols + cx;
            const uint32_t a0 = grid.cellBegin(cell), a1 = grid.cellBegin(cell + 1);
            if (a0 == a1) continue;
            const bool here = isCrowded(cell);
            const bool east = cx + 1 < cols && !(here && isCrowded(cell + 1));
            const int c0 = std::max(cx - 1, 0), c1 = std::min(cx + 1, cols - 1);
            const int aboveRow = (cy + 1) * cols;
            const bool up = above && cy + 1 < rows;
            if (crowded.empty()) { // nothing crowded: the cell, east and the three above in one go
                const uint32_t u0 = up ? grid.cellBegin(aboveRow + c0) : 0;
                const uint32_t u1 = up ? grid.cellBegin(aboveRow + c1 + 1) : 0;
                if (own)
                    pairs(a0, a1, a0, east ? grid.cellBegin(cell + 2) : a1, true, u0, u1);
                else if (up)
                    pairs(a0, a1, a1, a1, false, u0, u1); // the row above alone
                continue;
            }
            if (own) {
                if (!here) {
                    pairs(a0, a1, a0, east ? grid.cellBegin(cell + 2) : a1, true, 0, 0); // itself, and east
                } else if (east) {
                    pairs(a0, a1, a1, grid.cellBegin(cell + 2), false, 0, 0);
                }
            }
            if (up) {
                // Cells above that are crowded like this one are skipped (both answered by the tree).
                for (int c = c0; c <= c1;) {
                    if (here && isCrowded(aboveRow + c)) {
                        ++c;
                        continue;
                    }
                    int e = c;
                    while (e + 1 <= c1 && !(here && isCrowded(aboveRow + e + 1)))
                        ++e;
                    pairs(a0, a1, grid.cellBegin(aboveRow + c), grid.cellBegin(aboveRow + e + 1), false, 0,
                          0);
                    c = e + 1;
                }
            }
        }
    }

    /// Sweep 2, row cy, in cell order: prove, recount where needed, visit; gap samples.
    template <class Visit> void visitRow(int cy, GapSearch* gaps, Visit& visit) {
        for (int cx = 0; cx < cols; ++cx) {
            const int cell = cy * cols + cx;
            const uint32_t a0 = grid.cellBegin(cell), a1 = grid.cellBegin(cell + 1);
            if (a0 == a1 && !gaps) continue;
            const bool crowdedHere = isCrowded(cell);
            // Every dot outside the block is at least bound(p) from p (clamped coordinates, as the
            // grid files points; sides on the grid's border are open: nothing lies beyond them).
            const auto bound = [&](Vec2 p) {
                const double bx0 = blockX0[cx], bx1 = blockX1[cx], by0 = blockY0[cy], by1 = blockY1[cy];
                const Vec2 c = layout.clampToGrid(p);
                const double b = std::min(std::min(c.x - bx0, bx1 - c.x), std::min(c.y - by0, by1 - c.y));
                return std::max(0.0, b - 1e-9 * cs); // cell edges are rounded: stay conservative
            };
            // The cell's 2×2 gap samples. Its own dots are measured against all four in the loop
            // below: a sample with a dot of the cell closer than the kept gaps cannot matter (most).
            const Vec2 xs[4] = {{gaps ? sampleX[2 * cx] : 0.0, gaps ? sampleY[2 * cy] : 0.0},
                                {gaps ? sampleX[2 * cx + 1] : 0.0, gaps ? sampleY[2 * cy] : 0.0},
                                {gaps ? sampleX[2 * cx] : 0.0, gaps ? sampleY[2 * cy + 1] : 0.0},
                                {gaps ? sampleX[2 * cx + 1] : 0.0, gaps ? sampleY[2 * cy + 1] : 0.0}};
            double own2[4] = {kInfinity, kInfinity, kInfinity, kInfinity};
#if defined(__SSE2__)
            // Two samples per vector: {x0, x1} share a row y0, then y1; |p − x|² = dx·dx + dy·dy.
            const __m128d sx = _mm_set_pd(xs[1].x, xs[0].x);
            __m128d own01 = _mm_set1_pd(kInfinity), own23 = own01;
#endif
            for (uint32_t t = a0; t < a1; ++t) {
                const uint32_t i = ids[t];
                const Vec2 p = pos[t];
                if (gaps) {
#if defined(__SSE2__)
                    __m128d dx = _mm_sub_pd(_mm_set1_pd(p.x), sx);
                    __m128d dy = _mm_sub_pd(_mm_set1_pd(p.y), _mm_set_pd(xs[2].y, xs[0].y));
                    dx = _mm_mul_pd(dx, dx);
                    dy = _mm_mul_pd(dy, dy);
                    own01 = _mm_min_pd(_mm_add_pd(dx, _mm_unpacklo_pd(dy, dy)), own01);
                    own23 = _mm_min_pd(_mm_add_pd(dx, _mm_unpackhi_pd(dy, dy)), own23);
#else
                    for (int k = 0; k < 4; ++k)
                        own2[k] = std::min(own2[k], distanceSquared(p, xs[k]));
#endif
                }
                if (crowdedHere) {
                    visit(i, p, treeNn2[i],
                          tree->countOverlapping(p, i, perDot ? diameters[i] : uniformDiameter));
                    continue;
                }
                const double reach =
                    perDot ? 0.5 * (dia[t] + maxDiameter) : uniformDiameter; // dia[t] = diameters[i]
                double d2 = nn2[t];
                int64_t overlaps = partners[t];
                // bound(p) ≥ inner (see inner): when the nearest neighbour and the reach lie within
                // it, both tests below pass, and bound(p) is not needed.
                if (!(d2 <= inner2 && reach <= inner)) {
                    const double b = bound(p);
                    if (!(d2 <= b * b)) d2 = tree ? treeNn2[i] : grid.nearest(p, i).distanceSquared;
                    if (!(reach <= b)) { // the block does not hold every partner: ask the index
                        overlaps = 0;
                        if (tree)
                            overlaps = tree->countOverlapping(p, i, perDot ? diameters[i] : uniformDiameter);
                        else
                            grid.forEachInRadius(p, reach, [&](uint32_t k, Vec2, double e2) {
                                const double t2 =
                                    perDot ? 0.5 * (diameters[i] + diameters[k]) : uniformDiameter;
                                overlaps += (k != i) & (e2 < t2 * t2);
                            });
                    }
                }
                visit(i, p, d2, overlaps);
            }
            if (!gaps) continue;
#if defined(__SSE2__)
            // Most cells have no sample the search wants: all four tested at once against its
            // threshold, which only rises (a sample refused now is refused later too).
            const __m128d threshold = _mm_set1_pd(gaps->threshold());
            const int wanted = _mm_movemask_pd(_mm_cmpgt_pd(own01, threshold)) |
                               _mm_movemask_pd(_mm_cmpgt_pd(own23, threshold)) << 2;
            if (!wanted) continue;
            _mm_storeu_pd(own2, own01);
            _mm_storeu_pd(own2 + 2, own23);
#endif
            for (int k = 0; k < 4; ++k) {
#if defined(__SSE2__)
                if (!(wanted >> k & 1)) continue;
#endif
                const Vec2 x = xs[k];
                if (!gaps->wants(own2[k]) || !window.contains(x)) continue; // (the cheaper test first)
                // The block's rows, its own first; once the sample's distance can no longer
                // matter (an offer of it, or of any smaller one, changes nothing), it is dropped.
                double d2 = own2[k];
                const int c0 = std::max(cx - 1, 0), c1 = std::min(cx + 1, cols - 1);
                d2 = minDistanceSquared(grid.runPositions(cy, c0, c1), x, d2);
                if (!gaps->wants(d2)) continue;
                if (cy > 0) d2 = minDistanceSquared(grid.runPositions(cy - 1, c0, c1), x, d2);
                if (cy + 1 < rows) d2 = minDistanceSquared(grid.runPositions(cy + 1, c0, c1), x, d2);
                if (!gaps->wants(d2)) continue;
                gaps->offer(x, d2 <= inner2 || d2 <= bound(x) * bound(x)
                                   ? d2
                                   : (tree ? tree->nearest(x) : grid.nearest(x)).distanceSquared);
            }
        }
    }

    const PackedPointGrid& grid;
    const PointTree* tree;
    std::span<const double> treeNn2;
    const PatternWindow& window;
    std::span<const double> diameters;
    double uniformDiameter, maxDiameter;
    const GridLayout& layout;
    int cols, rows;
    double cs;
    Vec2 o;
    bool perDot;
    double u2;
    std::span<const Vec2> pos;
    std::span<const uint32_t> ids;
    size_t n;
    std::vector<uint8_t> crowded;
    std::vector<double> nn2;        ///< per slot: the smallest d² found so far
    std::vector<uint32_t> partners; ///< per slot: overlap partners found so far
    std::unique_ptr<double[]> dia;  ///< per slot: the diameter (per-dot diameters)
    bool plainDiameters = false;
    std::vector<double> sampleX, sampleY;
    std::vector<double> blockX0, blockX1, blockY0, blockY1;
    /// A lower bound of bound(p) for every dot and gap sample of a cell: a point filed in cell c
    /// lies a cell's width inside c's 3×3 block, less the rounding of its filing and of the block's
    /// edges (~1e-16 of the coordinates, far below the 1e-6 of a cell kept here, against bound()'s
    /// 1e-9). A nearest distance and a reach within `inner` pass bound(p)'s tests too.
    double inner = 0.0, inner2 = 0.0;
    bool avx = false;                 ///< pairs() runs pairsAvx()
    std::unique_ptr<double[]> xs, ys; ///< per slot: the position's x and y (pairsAvx)
};

/// Pass B, order statistics: every `stride`-th dot in cell order (spatially even) with its exact
/// 6 nearest among all dots: from the 3×3-cell block around it when that block proves them (the
/// 6th is no farther than the block's edge: most dots of an even pattern, ~18 candidates), else
/// from the 5×5-cell block when it proves them, else the ring query. The 5×5 block's row runs are
/// read in place; candidates within a first radius of ~1.8 local spacings (about 10) are
/// compacted branch-free and ranked, the whole proof radius only when fewer than 6 fall inside.
/// visit(p, neighbours (id, distance², position), k).
struct Near {
    uint32_t id;
    double distanceSquared;
    Vec2 pos;
};
template <class Visit>
void sixNearestPass(std::span<const Vec2> points, const PackedPointGrid& grid, const PointTree* tree,
                    size_t stride, Visit&& visit) {
    const GridLayout& layout = grid.layout();
    const int cols = layout.columns();
    const int rows = layout.rows();
    const double cs = layout.cellMm();
    const Vec2 o = layout.origin();
    struct Candidate {
        double distanceSquared;
        uint32_t id;
        Vec2 pos;
    };
    std::vector<Candidate> kept;
    struct BlockCandidate {
        double distanceSquared;
        uint32_t id;
        uint32_t slot;
    };
    std::vector<BlockCandidate> block;
    const std::span<const Vec2> pos = grid.positions();
    const std::span<const uint32_t> ids = grid.ids();
    Near found[6];
    Neighbour fallback[6];
    // The sampled dots are those whose index in cell order is a multiple of stride; `skip` counts
    // the dots before the next one (no division per cell).
    size_t skip = 0;
    for (int cy = 0; cy < rows; ++cy)
        for (int cx = 0; cx < cols; ++cx) {
            const int cell = cy * cols + cx;
            const std::span<const uint32_t> own = grid.cellIds(cell);
            const size_t first = skip; // first sampled dot of the cell
            if (first >= own.size()) {
                skip -= own.size();
                continue;
            }
            size_t next = first; // the first sampled index past this cell
            while (next < own.size())
                next += stride;
            skip = next - own.size();
            // The 5×5 block (its size m counted when first needed: with a tree, or for a dot the
            // 3×3 block does not settle).
            const int c0 = std::max(cx - 2, 0), c1 = std::min(cx + 2, cols - 1);
            const int r0 = std::max(cy - 2, 0), r1 = std::min(cy + 2, rows - 1);
            size_t m = 0;
            bool counted = false;
            const auto count5x5 = [&] {
                if (counted) return;
                for (int r = r0; r <= r1; ++r)
                    m += grid.runIds(r, c0, c1).size();
                if (kept.size() < m) kept.resize(m);
                counted = true;
            };
            if (tree) count5x5();
            if (tree && m > kCrowdedBlockB) { // a crowded block: the tree, not a scan of the pile
                for (size_t t = first; t < own.size(); t += stride) {
                    const size_t k = tree->nearestK(grid.cellPositions(cell)[t], own[t], fallback);
                    for (size_t u = 0; u < k; ++u)
                        found[u] = {fallback[u].id, fallback[u].distanceSquared, points[fallback[u].id]};
                    visit(grid.cellPositions(cell)[t], found, k);
                }
                continue;
            }
            // The 3×3 block's edges, and its runs (slots).
            const int d0 = std::max(cx - 1, 0), d1 = std::min(cx + 1, cols - 1);
            const int e0 = std::max(cy - 1, 0), e1 = std::min(cy + 1, rows - 1);
            size_t m3 = 0;
            for (int r = e0; r <= e1; ++r)
                m3 += grid.cellBegin(r * cols + d1 + 1) - grid.cellBegin(r * cols + d0);
            if (block.size() < m3) block.resize(m3);
            const double nx0 = cx > 0 ? o.x + (cx - 1) * cs : -kInfinity;
            const double nx1 = cx < cols - 1 ? o.x + (cx + 2) * cs : kInfinity;
            const double ny0 = cy > 0 ? o.y + (cy - 1) * cs : -kInfinity;
            const double ny1 = cy < rows - 1 ? o.y + (cy + 2) * cs : kInfinity;
            const std::span<const Vec2> ownPositions = grid.cellPositions(cell);
            for (size_t t = first; t < own.size(); t += stride) {
                const uint32_t i = own[t];
                const Vec2 p = ownPositions[t];
                const Vec2 c = layout.clampToGrid(p);
                {
                    const double q = std::max(
                        0.0,
                        std::min(std::min(c.x - nx0, nx1 - c.x), std::min(c.y - ny0, ny1 - c.y)) - 1e-9 * cs);
                    const double q2 = q * q;
                    // The block's candidates within a first radius holding about 8 of them (an even
                    // pattern's 3×3 block holds ~18), compacted branch-free and ranked; within the
                    // whole proof radius when fewer than 6 fall inside.
                    const double first =
                        std::min(q2, 23.0 * cs * cs / static_cast<double>(std::max<size_t>(m3, 1)));
                    size_t count = 0;
                    for (const double limit : {first, q2}) {
                        count = 0;
                        for (int r = e0; r <= e1; ++r) {
                            const uint32_t begin = grid.cellBegin(r * cols + d0),
                                           end = grid.cellBegin(r * cols + d1 + 1);
                            for (uint32_t j = begin; j < end; ++j) {
                                const double dx = pos[j].x - p.x, dy = pos[j].y - p.y;
                                const double d2 = dx * dx + dy * dy;
                                block[count] = {d2, ids[j], j};
                                count += (d2 <= limit) & (ids[j] != i);
                            }
                        }
                        if (count >= 6 || limit == q2) break;
                    }
                    Nearest6 near; // those within the limit (never NaN), ranked
                    for (size_t u = 0; u < count; ++u)
                        near.offer(block[u].distanceSquared, block[u].id, block[u].slot);
                    if (near.count == 6 ||
                        (q == kInfinity && near.count == std::min<size_t>(6, points.size() - 1))) {
                        for (size_t u = 0; u < near.count; ++u)
                            found[u] = {near.items[u].id, near.items[u].distanceSquared,
                                        pos[near.items[u].index]};
                        visit(p, found, near.count);
                        continue;
                    }
                }
                count5x5();
                const double bx0 = cx - 2 > 0 ? o.x + (cx - 2) * cs : -kInfinity;
                const double bx1 = cx + 2 < cols - 1 ? o.x + (cx + 3) * cs : kInfinity;
                const double by0 = cy - 2 > 0 ? o.y + (cy - 2) * cs : -kInfinity;
                const double by1 = cy + 2 < rows - 1 ? o.y + (cy + 3) * cs : kInfinity;
                const double b =
                    std::max(0.0, std::min(std::min(c.x - bx0, bx1 - c.x), std::min(c.y - by0, by1 - c.y)) -
                                      1e-9 * cs);
                const double b2 = b * b;
                const double r2 = std::min(b2, 81.0 * cs * cs / static_cast<double>(std::max<size_t>(m, 1)));
                Nearest6 best;
                for (const double limit : {r2, b2}) {
                    size_t count = 0;
                    for (int r = r0; r <= r1; ++r) {
                        const std::span<const Vec2> pos = grid.runPositions(r, c0, c1);
                        const std::span<const uint32_t> ids = grid.runIds(r, c0, c1);
                        for (size_t j = 0; j < ids.size(); ++j) {
                            const double dx = pos[j].x - p.x, dy = pos[j].y - p.y;
                            const double d2 = dx * dx + dy * dy;
                            kept[count] = {d2, ids[j], pos[j]};
                            count += (d2 <= limit) & (ids[j] != i);
                        }
                    }
                    best.count = 0;
                    for (size_t u = 0; u < count; ++u)
                        best.offer(kept[u].distanceSquared, kept[u].id, static_cast<uint32_t>(u));
                    if (best.count == 6 || limit == b2) {
                        for (size_t u = 0; u < best.count; ++u) {
                            const Candidate& k = kept[best.items[u].index];
                            found[u] = {k.id, k.distanceSquared, k.pos};
                        }
                        break;
                    }
                }
                if (best.count == 6 ||
                    (b == kInfinity && best.count == std::min<size_t>(6, points.size() - 1))) {
                    visit(p, found, best.count);
                } else {
                    const size_t k = tree ? tree->nearestK(p, i, fallback) : grid.nearestK(p, i, fallback);
                    for (size_t u = 0; u < k; ++u)
                        found[u] = {fallback[u].id, fallback[u].distanceSquared, points[fallback[u].id]};
                    visit(p, found, k);
                }
            }
        }
}

/// The structure factor's harmonics: X_a and Y_b rows of 4-lane float vectors (dot j in lane
/// j mod 4 of vector j / 4), `wanted` and `power` indexed b · cols + (amax + a).
struct SpectrumRows {
    const F4* exRe;
    const F4* exIm;
    const F4* eyRe;
    const F4* eyIm;
    size_t quads, cols;
    int amax, bmax;
    const char* wanted;
    double* power;

    bool want(int a, int b) const { return wanted[b * cols + (amax + a)] != 0; }
    /// |Σ|² of the wanted (a, b) from its four lanes' sums, added in double as (l0 + l1) + (l2 + l3).
    void store(int a, int b, const float* re, const float* im) const {
        if (!want(a, b)) return;
        const double sre = (double(re[0]) + re[1]) + (double(re[2]) + re[3]);
        const double sim = (double(im[0]) + im[1]) + (double(im[2]) + im[3]);
        power[b * cols + (amax + a)] = sre * sre + sim * sim;
    }
};

/// |Σ_j X_a[j]·Y_b[j]|² for every wanted (a, b), by 2×2 blocks of (a, b): each loaded vector
/// serves two sums; explicit 4-lane vectors (plain IEEE single operations per lane, no
/// reassociation): lane l sums its dots' terms in dot order, re += xr·yr − xi·yi,
/// im += xr·yi + xi·yr. Columns a outer: the block's two X rows stay in the L1 cache while the Y
/// rows (all of them fit in L2) pass.
void blockPowers(const SpectrumRows& r) {
    const F4 zero = {0, 0, 0, 0};
    const size_t quads = r.quads;
    for (int a0 = -r.amax; a0 <= r.amax; a0 += 2)
        for (int b0 = 0; b0 <= r.bmax; b0 += 2) {
            const int a1 = std::min(a0 + 1, r.amax), b1 = std::min(b0 + 1, r.bmax);
            if (!r.want(a0, b0) && !r.want(a1, b0) && !r.want(a0, b1) && !r.want(a1, b1)) continue;
            const F4* x0r = &r.exRe[(r.amax + a0) * quads];
            const F4* x0i = &r.exIm[(r.amax + a0) * quads];
            const F4* x1r = &r.exRe[(r.amax + a1) * quads];
            const F4* x1i = &r.exIm[(r.amax + a1) * quads];
            const F4* y0r = &r.eyRe[b0 * quads];
            const F4* y0i = &r.eyIm[b0 * quads];
            const F4* y1r = &r.eyRe[b1 * quads];
            const F4* y1i = &r.eyIm[b1 * quads];
            F4 re0 = zero, im0 = zero, re1 = zero, im1 = zero, re2 = zero, im2 = zero, re3 = zero, im3 = zero;
            for (size_t q = 0; q < quads; ++q) {
                const F4 ar = x0r[q], ai = x0i[q], cr = x1r[q], ci = x1i[q];
                const F4 br = y0r[q], bi = y0i[q], dr = y1r[q], di = y1i[q];
                re0 += ar * br - ai * bi;
                im0 += ar * bi + ai * br;
                re1 += cr * br - ci * bi;
                im1 += cr * bi + ci * br;
                re2 += ar * dr - ai * di;
                im2 += ar * di + ai * dr;
                re3 += cr * dr - ci * di;
                im3 += cr * di + ci * dr;
            }
            const F4 res[4] = {re0, re1, re2, re3}, ims[4] = {im0, im1, im2, im3};
            const std::pair<int, int> which[4] = {{a0, b0}, {a1, b0}, {a0, b1}, {a1, b1}};
            for (int k = 0; k < 4; ++k) {
                float re[4], im[4];
                for (int l = 0; l < 4; ++l) {
                    re[l] = res[k][l];
                    im[l] = ims[k][l];
                }
                r.store(which[k].first, which[k].second, re, im);
            }
        }
}

#if STIPPLE_AVX_KERNEL
/// blockPowers() on 8-lane AVX vectors: lanes 0–3 the block's row b0, lanes 4–7 its row b1, each
/// lane the very operations of blockPowers() on the same dots in the same order (no FMA: the
/// function is built for AVX alone), so the same bits in half the instructions.
__attribute__((target("avx"))) void blockPowersAvx(const SpectrumRows& r) {
    const size_t quads = r.quads;
    // Y rows b0 and b0 + 1 (b0 even; b0 again past bmax) side by side per quad: one 8-lane load.
    const size_t pairsOfRows = static_cast<size_t>(r.bmax) / 2 + 1;
    std::vector<F4> yRe(2 * pairsOfRows * quads), yIm(2 * pairsOfRows * quads);
    for (size_t k = 0; k < pairsOfRows; ++k) {
        const size_t b0 = 2 * k, b1 = std::min<size_t>(b0 + 1, static_cast<size_t>(r.bmax));
        for (size_t q = 0; q < quads; ++q) {
            yRe[(k * quads + q) * 2] = r.eyRe[b0 * quads + q];
            yRe[(k * quads + q) * 2 + 1] = r.eyRe[b1 * quads + q];
            yIm[(k * quads + q) * 2] = r.eyIm[b0 * quads + q];
            yIm[(k * quads + q) * 2 + 1] = r.eyIm[b1 * quads + q];
        }
    }
    for (int a0 = -r.amax; a0 <= r.amax; a0 += 2)
        for (int b0 = 0; b0 <= r.bmax; b0 += 2) {
            const int a1 = std::min(a0 + 1, r.amax), b1 = std::min(b0 + 1, r.bmax);
            if (!r.want(a0, b0) && !r.want(a1, b0) && !r.want(a0, b1) && !r.want(a1, b1)) continue;
            const float* x0r = reinterpret_cast<const float*>(&r.exRe[(r.amax + a0) * quads]);
            const float* x0i = reinterpret_cast<const float*>(&r.exIm[(r.amax + a0) * quads]);
            const float* x1r = reinterpret_cast<const float*>(&r.exRe[(r.amax + a1) * quads]);
            const float* x1i = reinterpret_cast<const float*>(&r.exIm[(r.amax + a1) * quads]);
            const float* yr = reinterpret_cast<const float*>(&yRe[static_cast<size_t>(b0 / 2) * quads * 2]);
            const float* yi = reinterpret_cast<const float*>(&yIm[static_cast<size_t>(b0 / 2) * quads * 2]);
            __m256 re0 = _mm256_setzero_ps(), im0 = re0, re1 = re0, im1 = re0;
            for (size_t q = 0; q < quads; ++q) {
                const __m256 ar = _mm256_broadcast_ps(reinterpret_cast<const __m128*>(x0r + 4 * q));
                const __m256 ai = _mm256_broadcast_ps(reinterpret_cast<const __m128*>(x0i + 4 * q));
                const __m256 cr = _mm256_broadcast_ps(reinterpret_cast<const __m128*>(x1r + 4 * q));
                const __m256 ci = _mm256_broadcast_ps(reinterpret_cast<const __m128*>(x1i + 4 * q));
                const __m256 br = _mm256_loadu_ps(yr + 8 * q), bi = _mm256_loadu_ps(yi + 8 * q);
                re0 = _mm256_add_ps(re0, _mm256_sub_ps(_mm256_mul_ps(ar, br), _mm256_mul_ps(ai, bi)));
                im0 = _mm256_add_ps(im0, _mm256_add_ps(_mm256_mul_ps(ar, bi), _mm256_mul_ps(ai, br)));
                re1 = _mm256_add_ps(re1, _mm256_sub_ps(_mm256_mul_ps(cr, br), _mm256_mul_ps(ci, bi)));
                im1 = _mm256_add_ps(im1, _mm256_add_ps(_mm256_mul_ps(cr, bi), _mm256_mul_ps(ci, br)));
            }
            float s0r[8], s0i[8], s1r[8], s1i[8];
            _mm256_storeu_ps(s0r, re0);
            _mm256_storeu_ps(s0i, im0);
            _mm256_storeu_ps(s1r, re1);
            _mm256_storeu_ps(s1i, im1);
            r.store(a0, b0, s0r, s0i);
            r.store(a1, b0, s1r, s1i);
            r.store(a0, b1, s0r + 4, s0i + 4);
            r.store(a1, b1, s1r + 4, s1i + 4);
        }
}
#endif

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
#if defined(__SSE2__)
    // tile.contains(p) on both coordinates at once, without short-circuit branches (most dots lie
    // outside the tile, at random: each && was a coin toss for the branch predictor).
    const __m128d tileMin = _mm_set_pd(tile.min.y, tile.min.x), tileMax = _mm_set_pd(tile.max.y, tile.max.x);
    for (const Vec2& p : points) {
        const __m128d v = _mm_loadu_pd(&p.x);
        if (_mm_movemask_pd(_mm_and_pd(_mm_cmpge_pd(v, tileMin), _mm_cmple_pd(v, tileMax))) == 3)
            local.push_back(p - tile.min);
    }
#else
    for (const Vec2& p : points) {
        const bool inside =
            (p.x >= tile.min.x) & (p.x <= tile.max.x) & (p.y >= tile.min.y) & (p.y <= tile.max.y);
        if (inside) local.push_back(p - tile.min);
    }
#endif
    // Piled-up dots put far more than the intended number in the tile: keep every k-th.
    const size_t cap = static_cast<size_t>(kStructureMaxFactor) * static_cast<size_t>(o.structureMaxDots);
    if (local.size() > cap) {
        const size_t step = (local.size() + cap - 1) / cap;
        size_t kept = 0;
        for (size_t j = 0; j < local.size(); j += step)
            local[kept++] = local[j];
        local.resize(kept);
    }
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

    // e^{−2πi a x/W} and e^{−2πi b y/H} per dot (by recurrence in double), stored as float rows
    // of 4-lane vectors padded with zeros (which add nothing). Float is ample: the peak needs
    // ~1e-4, float sums of ~1000 unit phasors are good to ~1e-6.
    const size_t quads = (m + 3) / 4;
    const size_t cols = static_cast<size_t>(2 * amax + 1);
    const F4 zero = {0, 0, 0, 0};
    // Every lane of a dot is written below: only each row's last quad is zeroed first (its lanes
    // past the last dot are the padding).
    const size_t yRows = static_cast<size_t>(bmax) + 1;
    const std::unique_ptr<F4[]> exRe(new F4[cols * quads]), exIm(new F4[cols * quads]),
        eyRe(new F4[yRows * quads]), eyIm(new F4[yRows * quads]);
    for (size_t row = 0; row < cols; ++row)
        exRe[row * quads + quads - 1] = exIm[row * quads + quads - 1] = zero;
    for (size_t row = 0; row < yRows; ++row)
        eyRe[row * quads + quads - 1] = eyIm[row * quads + quads - 1] = zero;
    for (size_t j = 0; j < m; ++j) {
        const double tx = -2.0 * kPi * local[j].x / w;
        const double ty = -2.0 * kPi * local[j].y / h;
        const Cx bx{std::cos(tx), std::sin(tx)};
        const Cx by{std::cos(ty), std::sin(ty)};
        const size_t q = j / 4, lane = j % 4;
        Cx z{1.0, 0.0};
        for (int a = 0; a <= amax; ++a) {
            exRe[(amax + a) * quads + q][lane] = static_cast<float>(z.re);
            exIm[(amax + a) * quads + q][lane] = static_cast<float>(z.im);
            exRe[(amax - a) * quads + q][lane] = static_cast<float>(z.re); // e^{+...}: the conjugate
            exIm[(amax - a) * quads + q][lane] = static_cast<float>(-z.im);
            z = z * bx;
        }
        z = {1.0, 0.0};
        for (int bb = 0; bb <= bmax; ++bb) {
            eyRe[bb * quads + q][lane] = static_cast<float>(z.re);
            eyIm[bb * quads + q][lane] = static_cast<float>(z.im);
            z = z * by;
        }
    }
    std::vector<char> wanted(cols * (bmax + 1), 0);
    for (const auto& [a, bb] : freqs)
        wanted[bb * cols + (amax + a)] = 1;

    // |Σ_j X_a[j]·Y_b[j]|² for every wanted (a, b): see blockPowers().
    const auto want = [&](int a, int bb) { return wanted[bb * cols + (amax + a)] != 0; };
    const std::unique_ptr<double[]> power(new double[wanted.size()]); // |Σ|² per wanted (a, b), only
    const SpectrumRows rows{exRe.get(), exIm.get(), eyRe.get(), eyIm.get(),    quads,
                            cols,       amax,       bmax,       wanted.data(), power.get()};
#if STIPPLE_AVX_KERNEL
    if (cpuHasAvx())
        blockPowersAvx(rows);
    else
#endif
        blockPowers(rows);
    // The peak, in the order blocks of two rows of b are scanned (the first of equal maxima wins),
    // and the kStructureSeeds highest harmonics (value first, then that order) as climb seeds.
    double peak = -1.0;
    std::pair<int, int> at{0, 0};
    std::array<std::pair<double, std::pair<int, int>>, kStructureSeeds> seeds{};
    size_t seedCount = 0;
    for (int b0 = 0; b0 <= bmax; b0 += 2)
        for (int a0 = -amax; a0 <= amax; a0 += 2) {
            const int a1 = std::min(a0 + 1, amax), b1 = std::min(b0 + 1, bmax);
            for (const auto& [a, bb] :
                 {std::pair{a0, b0}, std::pair{a1, b0}, std::pair{a0, b1}, std::pair{a1, b1}}) {
                if (!want(a, bb)) continue;
                const double value = power[bb * cols + (amax + a)];
                if (value > peak) {
                    peak = value;
                    at = {a, bb};
                }
                if (seedCount < seeds.size() || value > seeds[seedCount - 1].first) {
                    size_t i = std::min(seedCount, seeds.size() - 1);
                    for (; i > 0 && seeds[i - 1].first < value; --i)
                        seeds[i] = seeds[i - 1];
                    seeds[i] = {value, {a, bb}};
                    seedCount = std::min(seedCount + 1, seeds.size());
                }
            }
        }

    // Between the harmonics. A peak that falls between them shows on the nearest harmonic at
    // down to sinc²(½)² = 16 % of its height (rows at a random angle on a small tile: 0.78 read as
    // 0.2–0.4). From each seed, a climb over the 8 neighbours at half, then quarter steps of the
    // harmonic spacing; a peak is then read at ≥ sinc²(⅛)² = 90 % of its height. A step outside
    // the searched |k| range or past the stored harmonics is not taken. Frequencies are in
    // quarters: (A/4)/W, (B/4)/H; e^{−2πi(a + f/4)x/W} = X_a · e^{−2πi f x/(4W)}.
    std::vector<F4> frRe(6 * quads, zero), frIm(6 * quads, zero); // f = 1, 2, 3 for x, then for y
    for (size_t j = 0; j < m; ++j) {
        const size_t q = j / 4, lane = j % 4;
        const double tx = -2.0 * kPi * local[j].x / (4.0 * w);
        const double ty = -2.0 * kPi * local[j].y / (4.0 * h);
        const Cx qx{std::cos(tx), std::sin(tx)}, qy{std::cos(ty), std::sin(ty)};
        Cx zx = qx, zy = qy;
        for (int f = 1; f <= 3; ++f) {
            frRe[(f - 1) * quads + q][lane] = static_cast<float>(zx.re);
            frIm[(f - 1) * quads + q][lane] = static_cast<float>(zx.im);
            frRe[(f + 2) * quads + q][lane] = static_cast<float>(zy.re);
            frIm[(f + 2) * quads + q][lane] = static_cast<float>(zy.im);
            zx = zx * qx;
            zy = zy * qy;
        }
    }
    const auto floorDiv4 = [](int v) { return v >= 0 ? v / 4 : -((-v + 3) / 4); };
    // |Σ|² at ((A/4)/W, (B/4)/H), or −1 when it is not searched.
    const auto powerAt = [&](int qa, int qb) -> double {
        if (qb < 0 || (qb == 0 && qa < 0)) qa = -qa, qb = -qb; // S(−k) = S(k)
        const double k2 = (qa / (4.0 * w)) * (qa / (4.0 * w)) + (qb / (4.0 * h)) * (qb / (4.0 * h));
        if (k2 < kmin2 || k2 > kmax2) return -1.0;
        const int a = floorDiv4(qa), bb = floorDiv4(qb);
        const int f = qa - 4 * a, g = qb - 4 * bb;
        if (a < -amax || a > amax || bb > bmax) return -1.0;
        const F4* xr = &exRe[(amax + a) * quads];
        const F4* xi = &exIm[(amax + a) * quads];
        const F4* yr = &eyRe[bb * quads];
        const F4* yi = &eyIm[bb * quads];
        const F4* fxr = f ? &frRe[(f - 1) * quads] : nullptr;
        const F4* fxi = f ? &frIm[(f - 1) * quads] : nullptr;
        const F4* fyr = g ? &frRe[(g + 2) * quads] : nullptr;
        const F4* fyi = g ? &frIm[(g + 2) * quads] : nullptr;
        F4 re = zero, im = zero;
        for (size_t q = 0; q < quads; ++q) {
            F4 ar = xr[q], ai = xi[q], br = yr[q], bi = yi[q];
            if (fxr) {
                const F4 tr = ar * fxr[q] - ai * fxi[q];
                ai = ar * fxi[q] + ai * fxr[q];
                ar = tr;
            }
            if (fyr) {
                const F4 tr = br * fyr[q] - bi * fyi[q];
                bi = br * fyi[q] + bi * fyr[q];
                br = tr;
            }
            re += ar * br - ai * bi;
            im += ar * bi + ai * br;
        }
        const double sre = (double(re[0]) + re[1]) + (double(re[2]) + re[3]);
        const double sim = (double(im[0]) + im[1]) + (double(im[2]) + im[3]);
        return sre * sre + sim * sim;
    };
    std::pair<int, int> atQ{4 * at.first, 4 * at.second};
    for (size_t i = 0; i < seedCount; ++i) {
        int qa = 4 * seeds[i].second.first, qb = 4 * seeds[i].second.second;
        double best = seeds[i].first;
        for (const int step : {2, 1}) {
            const int ca = qa, cb = qb;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    if (dx == 0 && dy == 0) continue;
                    const double value = powerAt(ca + dx * step, cb + dy * step);
                    if (value > best) {
                        best = value;
                        qa = ca + dx * step;
                        qb = cb + dy * step;
                    }
                }
        }
        if (best > peak) {
            peak = best;
            atQ = {qa, qb};
        }
    }
    if (atQ.second < 0 || (atQ.second == 0 && atQ.first < 0)) atQ = {-atQ.first, -atQ.second};
    s.structurePeak = peak / (static_cast<double>(m) * static_cast<double>(m));
    s.structurePeakK = {2.0 * kPi * atQ.first / (4.0 * w), 2.0 * kPi * atQ.second / (4.0 * h)};
}

} // namespace

// ---- sums ----------------------------------------------------------------------------------

FixedSum::Int128 FixedSum::toUnitsAny(double v) {
    double scaled = v * 0x1p40;
    if (scaled != scaled) return 0; // NaN: callers never pass one; contribute nothing
    scaled = std::clamp(scaled, -0x1p100, 0x1p100);
    // Rounded to the nearest integer, ties to even, as std::nearbyint (default rounding) but
    // without its library call: below 2⁵² in magnitude, adding and removing 2⁵² rounds to an
    // integer (the ulp there is 1); beyond, every double already is one. (A zero may lose its
    // sign: the integer it converts to is the same.)
    if (std::fabs(scaled) < 0x1p52)
        scaled = scaled >= 0.0 ? (scaled + 0x1p52) - 0x1p52 : (scaled - 0x1p52) + 0x1p52;
    // The common case converts through int64 (one instruction) rather than libgcc's routine.
    if (std::fabs(scaled) < 0x1p62) return static_cast<Int128>(static_cast<int64_t>(scaled));
    return static_cast<Int128>(scaled);
}

long double FixedSum::value() const {
    return static_cast<long double>(m_units) * 0x1p-40L;
}

void NearestNeighbourSums::add(double d, double minSpacingMm) {
    ++dotsWithNeighbour;
    sum.add(d);
    sumSquares.add(d * d);
    if (d < minSpacingMm) ++belowMinSpacing;
}

void NearestNeighbourSums::merge(const NearestNeighbourSums& other) {
    dotsWithNeighbour += other.dotsWithNeighbour;
    sum.merge(other.sum);
    sumSquares.merge(other.sumSquares);
    belowMinSpacing += other.belowMinSpacing;
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
    const long double var = std::max<long double>(
        0.0L, (static_cast<long double>(sumSquares) - static_cast<long double>(sum) * mean) / (k - 1.0L));
    return static_cast<double>(std::sqrt(var) / mean);
}

std::optional<double> CellCountSums::vmr() const {
    if (cells < 2 || sum <= 0) return std::nullopt;
    const long double k = static_cast<long double>(cells);
    const long double mean = static_cast<long double>(sum) / k;
    const long double var = std::max<long double>(
        0.0L, (static_cast<long double>(sumSquares) - static_cast<long double>(sum) * mean) / (k - 1.0L));
    return static_cast<double>(var / mean);
}

// ---- full statistics -----------------------------------------------------------------------

namespace {

/// Bare skin: see computePointStats().
void bareSkin(const NearestIndex& index, const PatternWindow& window, const PointStatsOptions& options,
              PointStats& s) {
    const double r = *options.bareRadiusMm;
    if (!(r > 0.0)) return;
    const Rect b = window.bounds();
    double h = options.bareStepMm > 0.0 ? options.bareStepMm : 0.4 * r;
    if (options.bareMaxSamples > 0)
        h = std::max(h, std::sqrt(b.area() / static_cast<double>(options.bareMaxSamples)));
    s.bareRadiusMm = r;
    s.bareStepMm = h;
    const double r2 = r * r;
    // Most samples have a dot within r: the first one found settles them (a dot with d² ≤ r² lies
    // in the cells within r of q, widened a hair against rounding); only the others ask for the
    // nearest dot, as every sample used to.
    const GridLayout& layout = index.grid.layout();
    const double reach = r * (1.0 + 1e-9);
    const auto covered = [&](Vec2 q) {
        const int c0 = layout.column(q.x - reach), c1 = layout.column(q.x + reach);
        for (int row = layout.row(q.y - reach); row <= layout.row(q.y + reach); ++row)
            for (const Vec2& p : index.grid.runPositions(row, c0, c1))
                if (distanceSquared(p, q) <= r2) return true;
        return false;
    };
    int64_t samples = 0, bare = 0;
    const Rect inner{{b.min.x + r, b.min.y + r}, {b.max.x - r, b.max.y - r}};
    const int nx = static_cast<int>(std::ceil(b.width() / h)),
              ny = static_cast<int>(std::ceil(b.height() / h));
    for (int j = 0; j < ny; ++j) {
        const double y = b.min.y + (j + 0.5) * h;
        if (y < inner.min.y || y > inner.max.y) continue;
        for (int i = 0; i < nx; ++i) {
            const Vec2 q{b.min.x + (i + 0.5) * h, y};
            if (q.x < inner.min.x || q.x > inner.max.x || !window.insideBy(q, r)) continue;
            ++samples;
            if (!index.tree && covered(q)) continue; // a dot within r: covered
            bare += index.grid.size() == 0 || index.nearest(q).distanceSquared > r2 ? 1 : 0;
        }
    }
    s.bareSamples = samples;
    if (samples > 0) s.bareShare = static_cast<double>(bare) / static_cast<double>(samples);
}

} // namespace

namespace detail {
bool allowAvxKernels(bool allowed) {
    avxAllowed.store(allowed, std::memory_order_relaxed);
#if STIPPLE_AVX_KERNEL
    static const bool has = __builtin_cpu_supports("avx");
    return has;
#else
    return false;
#endif
}
} // namespace detail

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
    const bool hasArea = !window.degenerate();
    double lambda = 0.0;
    if (hasArea) {
        lambda = static_cast<double>(n) / window.areaMm2();
        s.intensityPerMm2 = lambda;
        s.densityPerCm2 = densityOf(s.count, window);
        s.densitySePerCm2 = 100.0 * std::sqrt(static_cast<double>(n)) / window.areaMm2();
    }

    // The work splits in two parts that may run side by side (options.threads), each writing
    // its own fields of `s` or its own partial sums, merged below in a fixed order: the numbers
    // are the same bits whichever thread ran what. Theirs: counts in cells and the structure
    // factor (the dots alone), then — once mine has built the grid — the upper band of the
    // neighbour pass's rows, the order pass and bare skin. Mine: the grid, the lower band.
    const auto countsAndSpectrum = [&] {
        const CellTiling evenness(window, options.evennessCellMm);
        s.evennessCellMm = options.evennessCellMm;
        s.evennessCells = evenness.usedCells();
        s.evennessCounts = countInCells(evenness, points, &window, &s.outsideCount);
        s.evennessCv = s.evennessCounts.cv();
        if (lambda > 0.0 && options.quadratSpacings > 0.0) {
            s.quadratMm = options.quadratSpacings / std::sqrt(lambda);
            const CellTiling quadrats(window, s.quadratMm);
            s.quadratCells = quadrats.usedCells();
            s.vmr = countInCells(quadrats, points).vmr();
        }
        if (n > 0 && options.structureFactor)
            structureFactor(points, window, options, s.count - s.outsideCount, s);
    };
    if (n == 0) {
        countsAndSpectrum();
        return s;
    }

    PackedPointGrid grid;
    PointTree treeStore;
    const PointTree* tree = nullptr;
    double maxDiameter = options.diameterMm;
    const bool gapSearch = options.largestGap && hasArea;
    bool gapInPass = false;
    GapSearch gaps;
    double gapSpacing = 0.0;
    std::vector<double> treeNn2;
    // The largest gap is searched among the window's own dots and the dots covering its skin
    // from beside it (options.gapCoverDots), on an index of their own.
    std::vector<Vec2> gapPoints;
    PackedPointGrid gapGrid;
    if (gapSearch && !options.gapCoverDots.empty()) {
        Rect reach = window.bounds();
        const double margin = std::max(10.0, lambda > 0.0 ? 3.0 / std::sqrt(lambda) : 0.0);
        reach.min = reach.min - Vec2{margin, margin};
        reach.max = reach.max + Vec2{margin, margin};
        gapPoints.assign(points.begin(), points.end());
        for (const Vec2& p : options.gapCoverDots)
            if (reach.contains(p)) gapPoints.push_back(p);
        if (gapPoints.size() > n) gapGrid.build(gapPoints, fullLayout(gapPoints, window));
    }
    const bool covered = gapPoints.size() > n;
    const std::span<const Vec2> gapDots = covered ? std::span<const Vec2>(gapPoints) : points;
    const auto gapIndex = [&] { return covered ? NearestIndex{gapGrid, nullptr} : NearestIndex{grid, tree}; };
    const auto buildIndex = [&] {
        grid.build(points, fullLayout(points, window));
        // Crowded cells (dots piled up): a tree answers the queries the grid would answer by
        // scanning the pile. Exact either way, so the numbers do not depend on which one answered.
        // Likewise when a disc spans many cells (dots far denser than their size): each overlap
        // query would list every dot within reach, the tree counts whole subtrees at once.
        size_t fullest = 0;
        for (int c = 0; c < grid.layout().cellCount(); ++c)
            fullest = std::max(fullest, grid.cellIds(c).size());
        if (perDotDiameters) maxDiameter = *std::max_element(diametersMm.begin(), diametersMm.end());
        const bool wideReach = maxDiameter > kCrowdedReachCells * grid.layout().cellMm();
        if ((fullest > kCrowdedCell || wideReach) &&
            treeStore.build(points, perDotDiameters ? diametersMm : std::span<const double>{}))
            tree = &treeStore;
        // Gap samples come with the neighbour pass when the index has enough cells for 256 of them.
        const bool fine = n >= 2 && 4 * static_cast<int64_t>(grid.layout().cellCount()) >= 256;
        gapInPass = gapSearch && fine && !covered;
        gapSpacing = 0.5 * grid.layout().cellMm(); // the pass samples 2×2 per cell
        // With covering dots, a lattice as fine as the pass would have sampled (when it could).
        if (gapSearch && !gapInPass)
            gapSpacing = sampleGapLattice(gapIndex(), window, gaps, covered && fine ? gapSpacing : 0.0);
        if (gapSearch) gaps.sampleBorder(gapIndex(), window, gapSpacing);
        if (tree && n >= 2) treeNn2 = tree->nearestDistancesSquared();
    };
    if (n < 2) {
        countsAndSpectrum();
        buildIndex();
        if (gapSearch) gaps.finish(gapDots, gapIndex(), window, gapSpacing, s);
        return s;
    }

    // Pass A, every dot: spacing, guard, overlaps (and gap samples), in two bands of rows.
    s.guardMm = options.guardMm.value_or(lambda > 0.0 ? 1.0 / std::sqrt(lambda) : 0.0);
    struct Band {
        NearestNeighbourSums nn;
        double minNn = kInfinity, maxNn = 0.0;
        int64_t overlaps = 0;
        double guardSum = 0.0;
        int64_t guardCount = 0;
        std::vector<double> guardTerms; // the upper band's, added to the lower band's sum in order
    };
    const auto visitor = [&](Band& band, bool keepTerms) {
        return [&band, keepTerms, &options, &window, &s, hasArea](uint32_t, Vec2 p, double nn2,
                                                                  int64_t overlaps) {
            const double d = std::sqrt(nn2);
            band.nn.add(d, options.minSpacingMm);
            band.minNn = std::min(band.minNn, d);
            band.maxNn = std::max(band.maxNn, d);
            band.overlaps += overlaps; // each pair from both ends: halved below
            if (!hasArea) return;
            if (window.insideBy(p, s.guardMm)) {
                if (keepTerms)
                    band.guardTerms.push_back(d);
                else
                    band.guardSum += d;
                ++band.guardCount;
            }
        };
    };
    Band lower, upper;
    std::optional<NeighbourPass> pass;
    GapSearch upperGaps;
    int split = 0; // rows [0, split) are mine, [split, rows) theirs
    const bool parallel = options.threads > 1 && n >= kParallelMinDots;
    Gate indexReady;

    // Pass B, order statistics on at most kOrderMaxDots dots.
    Cx psi4, psi6, a2, a4, a6;
    const auto orderPass = [&] {
        const size_t stride = (n + kOrderMaxDots - 1) / kOrderMaxDots;
        sixNearestPass(points, grid, tree, stride, [&](Vec2 p, const Near* nb, size_t k) {
            ++s.orderDots;
            // Bond directions: z = v/|v|, so z² = (vx² − vy², 2 vx vy)/|v|² — one division, no
            // root. Zero-length bonds (duplicates) carry no direction and count as 0.
            Cx sum4, sum6;
            const size_t k4 = std::min<size_t>(4, k);
            const auto add = [&](size_t j, Cx z2, Cx z4, Cx z6) {
                if (j == 0) {
                    a2 += z2;
                    a4 += z4;
                    a6 += z6;
                }
                if (j < k4) sum4 += z4;
                sum6 += z6;
            };
#if defined(__SSE2__)
            // Two bonds at a time (lane 0 bond j, lane 1 bond j + 1, or j again past the last),
            // each lane the operations below; the sums then take the bonds in order.
            const __m128d px = _mm_set1_pd(p.x), py = _mm_set1_pd(p.y);
            for (size_t j = 0; j < k; j += 2) {
                const size_t j1 = j + 1 < k ? j + 1 : j;
                const __m128d d2 = _mm_set_pd(nb[j1].distanceSquared, nb[j].distanceSquared);
                const __m128d vx = _mm_sub_pd(_mm_set_pd(nb[j1].pos.x, nb[j].pos.x), px);
                const __m128d vy = _mm_sub_pd(_mm_set_pd(nb[j1].pos.y, nb[j].pos.y), py);
                const __m128d inv = _mm_div_pd(_mm_set1_pd(1.0), d2);
                const __m128d z2r = _mm_mul_pd(_mm_sub_pd(_mm_mul_pd(vx, vx), _mm_mul_pd(vy, vy)), inv);
                const __m128d z2i = _mm_mul_pd(_mm_mul_pd(_mm_mul_pd(_mm_set1_pd(2.0), vx), vy), inv);
                const __m128d z4r = _mm_sub_pd(_mm_mul_pd(z2r, z2r), _mm_mul_pd(z2i, z2i));
                const __m128d z4i = _mm_add_pd(_mm_mul_pd(z2r, z2i), _mm_mul_pd(z2i, z2r));
                const __m128d z6r = _mm_sub_pd(_mm_mul_pd(z4r, z2r), _mm_mul_pd(z4i, z2i));
                const __m128d z6i = _mm_add_pd(_mm_mul_pd(z4r, z2i), _mm_mul_pd(z4i, z2r));
                alignas(16) double r2[2], i2[2], r4[2], i4[2], r6[2], i6[2];
                _mm_store_pd(r2, z2r);
                _mm_store_pd(i2, z2i);
                _mm_store_pd(r4, z4r);
                _mm_store_pd(i4, z4i);
                _mm_store_pd(r6, z6r);
                _mm_store_pd(i6, z6i);
                for (size_t l = 0; l < 2 && j + l < k; ++l)
                    if (nb[j + l].distanceSquared > 0.0)
                        add(j + l, {r2[l], i2[l]}, {r4[l], i4[l]}, {r6[l], i6[l]});
            }
#else
            for (size_t j = 0; j < k; ++j) {
                const double d2 = nb[j].distanceSquared;
                if (!(d2 > 0.0)) continue;
                const Vec2 v = nb[j].pos - p;
                const double inv = 1.0 / d2;
                const Cx z2{(v.x * v.x - v.y * v.y) * inv, 2.0 * v.x * v.y * inv};
                const Cx z4 = z2 * z2;
                const Cx z6 = z4 * z2;
                add(j, z2, z4, z6);
            }
#endif
            psi4 += Cx{sum4.re / k4, sum4.im / k4};
            psi6 += Cx{sum6.re / k, sum6.im / k};
        });
    };
    const auto bare = [&] {
        if (options.bareRadiusMm && hasArea) bareSkin(NearestIndex{grid, tree}, window, options, s);
    };

    runBeside(
        [&] { // mine
            GateGuard guard(indexReady);
            buildIndex();
            pass.emplace(grid, tree, treeNn2, window,
                         perDotDiameters ? diametersMm : std::span<const double>{}, options.diameterMm,
                         maxDiameter, gapInPass);
            const int rows = pass->rowCount();
            split = parallel ? rows - static_cast<int>(
                                          std::lround(std::clamp(options.helperRowShare, 0.0, 1.0) * rows))
                             : rows;
            pass->crossPairs(split - 1);
            if (gapInPass && split < rows) {
                upperGaps = gaps; // the samples so far (the border); the upper band logs its own
                upperGaps.startLog();
            }
            indexReady.open();
            pass->band(0, split, gapInPass ? &gaps : nullptr, visitor(lower, false));
        },
        [&] { // theirs
            countsAndSpectrum();
            if (!indexReady.wait()) return; // mine failed: it rethrows
            if (split < pass->rowCount())
                pass->band(split, pass->rowCount(), gapInPass ? &upperGaps : nullptr, visitor(upper, true));
            orderPass();
            bare();
        },
        parallel);

    // The bands merged: integer and fixed-point sums, minima and maxima do not depend on the
    // order; the guard's floating sum adds the upper band's terms after the lower band's, as
    // one sweep did, and the gap search replays the upper band's samples in order.
    s.nnSums = lower.nn;
    s.nnSums.merge(upper.nn);
    const double minNn = std::min(lower.minNn, upper.minNn), maxNn = std::max(lower.maxNn, upper.maxNn);
    s.overlapPairs = (lower.overlaps + upper.overlaps) / 2;
    double guardSum = lower.guardSum;
    for (const double d : upper.guardTerms)
        guardSum += d;
    s.guardCount = lower.guardCount + upper.guardCount;
    if (gapInPass && split < pass->rowCount()) upperGaps.replayInto(gaps);
    if (gapSearch) gaps.finish(gapDots, gapIndex(), window, gapSpacing, s);

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
        s.clarkEvansGuard =
            (guardSum / static_cast<double>(s.guardCount)) / (1.0 / (2.0 * std::sqrt(lambda)));
    const double orderCount = static_cast<double>(s.orderDots);
    s.psi4 = psi4.abs() / orderCount;
    s.psi6 = psi6.abs() / orderCount;
    s.a2 = a2.abs() / orderCount;
    s.a4 = a4.abs() / orderCount;
    s.a6 = a6.abs() / orderCount;
    return s;
}

std::vector<double> nearestNeighbourDistances(std::span<const Vec2> points) {
    std::vector<double> out;
    if (points.size() < 2) return out;
    // Dots at exactly the same place are each other's nearest neighbour (distance 0). They are
    // found by sorting (n log n) and kept out of the grid as one position: 80,000 coincident dots
    // filled one grid cell and every query scanned all of it (27 s).
    const bool finite = std::all_of(points.begin(), points.end(),
                                    [](Vec2 p) { return std::isfinite(p.x) && std::isfinite(p.y); });
    if (!finite) { // no order to sort by: each queried as it is
        PackedPointGrid grid;
        grid.build(points);
        for (uint32_t i = 0; i < points.size(); ++i)
            out.push_back(grid.nearest(points[i], i).distance());
        return out;
    }
    std::vector<uint32_t> order(points.size());
    std::iota(order.begin(), order.end(), 0u);
    const auto before = [&](uint32_t a, uint32_t b) {
        return points[a].x != points[b].x ? points[a].x < points[b].x : points[a].y < points[b].y;
    };
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return before(a, b) || (!before(b, a) && a < b); });
    std::vector<char> repeated(points.size(), 0);
    std::vector<Vec2> unique;
    std::vector<uint32_t> uniqueOf(points.size());
    for (size_t k = 0; k < order.size(); ++k) {
        const uint32_t i = order[k];
        const bool same = k > 0 && points[order[k - 1]] == points[i];
        if (same)
            repeated[i] = repeated[order[k - 1]] = 1;
        else
            unique.push_back(points[i]);
        uniqueOf[i] = static_cast<uint32_t>(unique.size() - 1);
    }
    out.assign(points.size(), 0.0);
    if (unique.size() < 2) return out;
    // A tree, not a grid: nearly coincident dots (distinct, 0.01 mm apart) crowd a grid cell too.
    PointTree tree;
    tree.build(unique);
    const std::vector<double> nn2 = tree.nearestDistancesSquared();
    for (uint32_t i = 0; i < points.size(); ++i)
        if (!repeated[i]) out[i] = std::sqrt(nn2[uniqueOf[i]]);
    return out;
}

std::vector<std::pair<uint32_t, uint32_t>> overlappingPairs(std::span<const Vec2> points,
                                                            std::span<const double> diametersMm,
                                                            double diameterMm, size_t maxPairs) {
    const bool perDot = !diametersMm.empty() && diametersMm.size() == points.size();
    std::vector<std::pair<uint32_t, uint32_t>> out;
    if (points.size() < 2 || maxPairs == 0) return out;
    // The pairs of the smallest first dots, by a tree (a pile of n dots has n²/2 pairs: listing
    // them all is neither possible nor useful).
    PointTree tree;
    if (tree.build(points, perDot ? diametersMm : std::span<const double>{})) {
        std::vector<uint32_t> partners;
        for (uint32_t i = 0; i < points.size() && out.size() < maxPairs; ++i) {
            partners.clear();
            tree.forEachOverlapping(points[i], i, perDot ? diametersMm[i] : diameterMm,
                                    [&](uint32_t j, double) {
                                        if (j > i) partners.push_back(j);
                                        return true;
                                    });
            std::sort(partners.begin(), partners.end());
            for (const uint32_t j : partners) {
                if (out.size() == maxPairs) break;
                out.emplace_back(i, j);
            }
        }
        return out;
    }
    PackedPointGrid grid; // positions that are not finite: the grid files them at its border
    grid.build(points);
    const double maxDiameter =
        perDot ? *std::max_element(diametersMm.begin(), diametersMm.end()) : diameterMm;
    for (uint32_t i = 0; i < points.size(); ++i) {
        const double reach = perDot ? 0.5 * (diametersMm[i] + maxDiameter) : diameterMm;
        grid.forEachInRadius(points[i], reach, [&](uint32_t j, Vec2, double d2) {
            const double t = perDot ? 0.5 * (diametersMm[i] + diametersMm[j]) : diameterMm;
            if (j > i && d2 < t * t) out.emplace_back(i, j);
        });
    }
    std::sort(out.begin(), out.end());
    if (out.size() > maxPairs) out.resize(maxPairs);
    return out;
}

// ---- live statistics -----------------------------------------------------------------------

namespace {
GridLayout liveLayout(const LiveStatsConfig& c) {
    const double lambda = c.expectedDensityPerCm2 / 100.0;
    // About 1.6 dots per cell at the expected density: the cell heads cost 2.5 bytes per dot
    // (64-byte budget with each dot's healed diameter kept), the 3×3 block ~14 candidates.
    const double cell = lambda > 0.0 && std::isfinite(lambda) ? 1.25 / std::sqrt(lambda) : 1.0;
    return GridLayout(c.window.bounds(), cell);
}
} // namespace

LiveStats::LiveStats(const LiveStatsConfig& config)
    : m_config(config), m_neighbours(liveLayout(config)), m_tiling(config.window, config.evennessCellMm) {
    m_cellCounts.assign(static_cast<size_t>(m_tiling.columns()) * m_tiling.rows(), 0);
    m_cellSums.cells = m_tiling.usedCells();
    if (config.expectedDots > 0) {
        m_neighbours.reserve(config.expectedDots);
        m_diameter.reserve(config.expectedDots);
    }
}

void LiveStats::apply(const std::vector<NeighbourChange>& changes) {
    for (const NeighbourChange& c : changes) {
        if (c.oldDistanceMm) m_nn.remove(*c.oldDistanceMm, m_config.minSpacingMm);
        if (c.newDistanceMm) m_nn.add(*c.newDistanceMm, m_config.minSpacingMm);
    }
}

int64_t LiveStats::overlapsWith(uint32_t id, Vec2 pos, double diameter) const {
    // The same test as the full pass: d² < t², t = (D_i + D_j) / 2.
    int64_t count = 0;
    m_neighbours.grid().forEachInRadius(
        pos, 0.5 * (diameter + m_maxDiameter), [&](uint32_t j, Vec2, double d2) {
            const double t = 0.5 * (diameter + static_cast<double>(m_diameter[j]));
            if (j != id && d2 < t * t) ++count;
        });
    return count;
}

void LiveStats::add(uint32_t id, Vec2 pos, double diameterMm) {
    const float diameter = static_cast<float>(diameterMm);
    if (m_diameter.size() <= id) m_diameter.resize(std::max<size_t>(id + 1, m_config.expectedDots), 0.0f);
    m_diameter[id] = diameter;
    m_maxDiameter = std::max(m_maxDiameter, static_cast<double>(diameter));
    m_neighbours.insert(id, pos, m_changes);
    apply(m_changes);
    m_overlapPairs += overlapsWith(id, pos, diameter);
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
    m_overlapPairs -= overlapsWith(id, pos, static_cast<double>(m_diameter[id]));
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
           m_diameter.capacity() * sizeof(float) + m_changes.capacity() * sizeof(NeighbourChange);
}

} // namespace stipple
