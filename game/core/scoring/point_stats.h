// Point-pattern statistics of a set of dots in a window: how dense, how evenly spaced, how
// natural (neither clumped nor a grid), how many merge. These are the raw numbers behind the
// spacing, overlap, density and naturalness metrics of SCORING.md; the scorecard turns them into
// bands and sub-scores.
//
// Two ways in, with identical results where they overlap:
//   - computePointStats(): everything, recomputed from the positions (end of an attempt, a CLI
//     run, a regrade). Clark–Evans (naive, Donnelly) and the mean and sd of nearest-neighbour
//     distances follow spatstat's definitions exactly (tested to 1e-9 on spatstat's answers).
//   - LiveStats: the cheap, additive subset (count, density, NN mean/sd/CV, Clark–Evans,
//     minimum-spacing violations, overlap pairs, evenness) updated per strike in microseconds and
//     per undo; it equals computePointStats() bit for bit on the same dots.
// Undefined values (no dots, one dot, a window of zero area...) are std::nullopt, never NaN or
// infinity. Depends on geometry/ and spatial/ only.
#pragma once

#include "geometry/vec2.h"
#include "spatial/live_neighbours.h"
#include "spatial/pattern_window.h"

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace stipple {

/// An exact, order-independent sum: each term is rounded once to a multiple of 2⁻⁴⁰ (≈ 1e-12)
/// and the multiples are added in 128-bit integers. Adding and subtracting in any order gives the
/// same bits, so live sums equal full recomputations and an undo restores the previous total
/// exactly. Terms beyond ±2⁶⁰ saturate (no scalp is a million kilometres wide).
class FixedSum {
  public:
    void add(double v) { m_units += toUnits(v); }
    void subtract(double v) { m_units -= toUnits(v); }
    /// Adds another sum's terms (exact: the same bits as adding them one by one).
    void merge(const FixedSum& other) { m_units += other.m_units; }
    /// The sum in extended precision.
    long double value() const;
    friend bool operator==(const FixedSum&, const FixedSum&) = default;

  private:
    __extension__ typedef __int128 Int128;
    /// v in units of 2⁻⁴⁰, rounded to the nearest (ties to even). Inline for the common case, a
    /// value in [0, 2¹²): adding and removing 2⁵² rounds it (the ulp there is 1), as toUnitsAny().
    static Int128 toUnits(double v) {
        const double scaled = v * 0x1p40;
        if (scaled >= 0.0 && scaled < 0x1p52) return static_cast<int64_t>((scaled + 0x1p52) - 0x1p52);
        return toUnitsAny(v);
    }
    static Int128 toUnitsAny(double v);
    Int128 m_units = 0;
};

/// The additive state behind every nearest-neighbour statistic, shared by the full and the
/// live computation so both derive their numbers by the same arithmetic.
struct NearestNeighbourSums {
    int64_t dotsWithNeighbour = 0; ///< dots that have a nearest neighbour (all, once n ≥ 2)
    FixedSum sum;                  ///< Σ d_i, mm
    FixedSum sumSquares;           ///< Σ d_i², mm²
    int64_t belowMinSpacing = 0;   ///< #{i : d_i < minimum spacing}

    void add(double d, double minSpacingMm);
    void remove(double d, double minSpacingMm);
    /// Adds another set of dots' sums (exact, in any order).
    void merge(const NearestNeighbourSums& other);
    friend bool operator==(const NearestNeighbourSums&, const NearestNeighbourSums&) = default;
};

/// Counts of dots in equal cells (quadrats): cells used, Σ count, Σ count².
struct CellCountSums {
    int64_t cells = 0;
    int64_t sum = 0;
    int64_t sumSquares = 0;
    /// CV = sd / mean of the counts (sd with the cells − 1 denominator); needs ≥ 2 cells and a
    /// positive mean.
    std::optional<double> cv() const;
    /// Index of dispersion VMR = variance / mean (variance with cells − 1); same conditions.
    std::optional<double> vmr() const;
};

/// Settings of the full statistics. Defaults are SCORING.md's.
struct PointStatsOptions {
    double minSpacingMm = 0.6;     ///< minimum centre spacing (SCORING.md: 0.6–1.0 mm)
    double diameterMm = 0.2;       ///< healed disc diameter for overlaps when no per-dot diameters
    std::optional<double> guardMm; ///< guard-region width; default 1/√λ (one natural spacing)
    double evennessCellMm = 5.0;   ///< local-evenness cell side (SCORING.md: e.g. 5 mm)
    double quadratSpacings = 2.0;  ///< VMR quadrat side in natural spacings 1/√λ (research: 2)
    bool largestGap = true;        ///< compute the largest empty circle
    /// Dots that are not the window's own but cover its skin too — the neighbouring zones' dots
    /// beside a shared edge or around a nested zone: the largest empty circle must be empty of
    /// them as well (those within the larger of 10 mm and 3 natural spacings of the window's
    /// bounds are looked at). Used by nothing else.
    std::span<const Vec2> gapCoverDots{};
    bool structureFactor = true; ///< compute S_peak (the costliest statistic)
    int structureMaxDots = 1024; ///< at most this many dots in the S(k) tile (cost ∝ dots²)
    double structureMinK = 0.5;  ///< S(k) searched for |k| in [min, max] · 2π√λ
    double structureMaxK = 1.5;
    /// Bare skin (clumps): the share of sample points farther than this from every dot, among
    /// those at least this far inside the window (unset: not computed). See computePointStats().
    std::optional<double> bareRadiusMm;
    double bareStepMm = 0.0;       ///< lattice step of the samples (0: 0.4 × bareRadiusMm)
    int64_t bareMaxSamples = 6000; ///< the step grows so that the window's bounds hold at most this many
    /// Threads: 2 runs half of the work (for 20,000 dots or more) on the shared helper thread
    /// (scoring/helper_thread.h) when it is free. The numbers are the same bits for any value.
    int threads = 1;
    /// With 2 threads, the share of the neighbour pass's rows the helper takes (besides the
    /// counts, the spectrum, the order pass and bare skin); balances the two, changes no number.
    double helperRowShare = 0.2;
};

/// Every statistic of one dot pattern. Distances in mm, areas in mm², densities per cm².
struct PointStats {
    // --- counts and density
    int64_t count = 0;        ///< dots given (all take part, including those outside)
    int64_t outsideCount = 0; ///< dots outside the window (callers usually refuse or clip them)
    double areaMm2 = 0.0;
    double perimeterMm = 0.0;
    bool rectangle = true;                 ///< the window is a rectangle (Donnelly applies)
    std::optional<double> intensityPerMm2; ///< λ = n / area; undefined for a zero-area window
    std::optional<double> densityPerCm2;   ///< 100 λ
    std::optional<double> densitySePerCm2; ///< Poisson standard error 100 √n / area

    // --- nearest-neighbour spacing (n ≥ 2; every dot's nearest other dot, duplicates at 0)
    NearestNeighbourSums nnSums;
    std::optional<double> meanNnMm;
    std::optional<double> nnSdMm; ///< sample sd (n − 1), as R's sd()
    std::optional<double> nnCv;   ///< sd / mean; undefined when the mean is 0
    std::optional<double> minNnMm;
    std::optional<double> maxNnMm;
    double minSpacingMm = 0.0;        ///< the spacing the violations refer to
    int64_t minSpacingViolations = 0; ///< dots whose nearest neighbour is closer than that
    std::optional<double> minSpacingFraction;

    // --- gaps and overlaps
    /// Diameter of the largest empty circle centred in the window (the biggest bald spot), and
    /// its centre. Approximation: see computePointStats().
    std::optional<double> largestGapMm;
    Vec2 largestGapCentre;
    int64_t overlapPairs = 0; ///< pairs whose discs overlap: d < (D_i + D_j) / 2

    // --- Clark–Evans (spatstat `clarkevans`; R > 1 regular, < 1 clustered)
    std::optional<double> clarkEvans;         ///< naive: mean d / (1 / (2√λ))
    std::optional<double> clarkEvansDonnelly; ///< rectangles only: E[d] = 0.5/√λ + (0.0514 + 0.0412/√n)·P/n
    std::optional<double> clarkEvansGuard; ///< mean d over dots ≥ guard from the border (NN among all)
    double guardMm = 0.0;
    int64_t guardCount = 0;            ///< dots in the guard-reduced window
    std::optional<double> clarkEvansZ; ///< (mean d − 0.5/√λ) / (0.26136 √A / n), spatstat's Z-test
    std::optional<double> clarkEvansDonnellyZ; ///< same with Donnelly's E[d]

    // --- order: grids and rows (n ≥ 2; bonds of zero length count as 0)
    std::optional<double> psi4; ///< |mean_i (1/k) Σ_{j ∈ 4-NN(i)} e^{4iθ_ij}|: square grid → 1
    std::optional<double> psi6; ///< same with 6 neighbours and 6θ: hexagonal grid → 1
    std::optional<double> a2; ///< |mean_i e^{2iθ_i}|, θ_i = direction to the nearest neighbour: rows, streaks
    std::optional<double> a4;
    std::optional<double> a6;
    int64_t orderDots = 0; ///< dots Ψ and A are averaged over (all, or a sample of 10,000)

    // --- structure factor S(k) = |Σ_j e^{−ik·x_j}|² / m on a tile of m dots
    std::optional<double>
        structurePeak;   ///< max S(k)/m over the searched |k| range: lattice → 1, natural ≈ ln(#k)/m
    Vec2 structurePeakK; ///< the peak's wave vector, rad/mm
    int64_t structureDots = 0;        ///< m, the dots in the tile
    int64_t structureFrequencies = 0; ///< wave vectors searched
    Rect structureTile;

    // --- counts in cells
    std::optional<double> vmr; ///< quadrat variance / mean: random 1, regular < 1, clustered > 1
    double quadratMm = 0.0;
    int64_t quadratCells = 0;
    std::optional<double> evennessCv; ///< CV of counts in evenness cells
    double evennessCellMm = 0.0;
    int64_t evennessCells = 0;
    CellCountSums evennessCounts;

    // --- bare skin between the dots (clumps that keep the minimum spacing leave it)
    std::optional<double> bareShare; ///< share of samples farther than bareRadiusMm from every dot
    double bareRadiusMm = 0.0;
    double bareStepMm = 0.0; ///< the lattice step used
    int64_t bareSamples = 0; ///< samples in the eroded window
};

/// Computes every statistic of `points` in `window`. `diametersMm` gives each dot's disc
/// diameter for the overlap test (empty: options.diameterMm for all).
///
/// Methods worth knowing:
///  - Nearest-neighbour distances, overlaps and the guard correction use every dot, exactly.
///    Where dots pile up (a grid cell holds more than 64), a k-d tree answers for the crowded
///    blocks, with the same answers: any pile up to the dots file's million rows takes seconds.
///  - Ψ4/Ψ6 and A2/A4/A6 use each dot's 4 (Ψ4) or 6 (Ψ6) nearest among all dots (fewer when
///    n ≤ 6), averaged over every dot when n ≤ 10,000, else over every ⌈n/10,000⌉-th dot in
///    grid-cell order (an even spread over the window): their sampling noise, ~0.01, is far
///    below what separates natural work (≲ 0.05) from a grid (≥ 0.7). orderDots says how many.
///  - Largest gap: the largest empty circle centred in the window (on its border included).
///    f = distance to the nearest dot is sampled on a square lattice over the window (spacing
///    about 0.7/√λ, at least 256 samples), at its vertices and along its edges; from each of
///    the 32 best samples a climb to a local maximum of f follows (maxima sit at circumcentres
///    of three dots or at border points equidistant from two: each step tries those formed by
///    the 7 dots nearest the current point, each verified by a query). Every reported value is
///    a true empty radius, so never larger than the truth; it is the largest one unless the
///    biggest gap's basin holds none of the 32 best samples (near-equal gaps).
///  - Structure factor: evaluated at the integer frequencies k = 2π(a/W, b/H) of a tile W×H (no
///    leakage from the tile's edges), half-plane only (S(−k) = S(k)), for 0.5 ≤ |k|/(2π√λ) ≤ 1.5,
///    which holds the first Bragg peaks of square (1.0) and hexagonal (1.075) grids and the
///    square grid's diagonal (1.41), and excludes the low-k region where a density ramp (the
///    hairline) would look like order. Cost is ~3 m² complex products, so the tile is the
///    whole window when n ≤ structureMaxDots, else a centred sub-rectangle of the window's
///    shape holding about that many dots; for polygons, the largest square inside (up to that
///    many dots) found over a 9×9 lattice of candidate centres. A peak between the harmonics
///    (a lattice or rows whose periods do not fit the tile) shows on them at down to 16 % of its
///    height, so from each of the 4 highest harmonics a climb over the 8 neighbours at half,
///    then quarter steps of the harmonic spacing follows (within the searched |k| range): the
///    peak is read at ≥ 90 % of its height at any angle, for ~64 more sums of m products.
///    A tile in which dots pile up (more than 4 × structureMaxDots) keeps every k-th of them,
///    in input order.
///  - Bare skin: sample points on the square lattice (min.x + (i + ½) h, min.y + (j + ½) h) of the
///    window's bounds, kept when inside the window and at least r = bareRadiusMm from its border
///    (spatstat's border-reduced "rs" sample, `bdist.points(Q) >= r`); the share whose nearest
///    dot (`nncross(Q, X)$dist`) is farther than r. This is 1 − F(r), spatstat's empty-space
///    function, estimated on those samples: natural work covers its skin, clumps that keep the
///    minimum spacing leave bare channels between them.
///  - Guard correction: dots inside the window at least guardMm from its border; their nearest
///    neighbours are searched among all dots (spatstat's clipregion = erosion of the window).
PointStats computePointStats(std::span<const Vec2> points, const PatternWindow& window,
                             const PointStatsOptions& options = {}, std::span<const double> diametersMm = {});

namespace detail {
/// For tests: false makes computePointStats() run the kernels of a processor without AVX (SSE2)
/// even where the processor has AVX, true restores the choice by the processor. Returns whether
/// the processor has AVX (if not, both settings run the same kernels). Not for concurrent use
/// with a computation in progress.
bool allowAvxKernels(bool allowed);
} // namespace detail

/// Each point's nearest-neighbour distance, in order (spatstat `nndist`). Empty when n < 2.
std::vector<double> nearestNeighbourDistances(std::span<const Vec2> points);

/// Most pairs overlappingPairs lists (a picture marks each; dots piled up at one place have
/// n²/2 pairs: 80,000 make 3.2 billion).
inline constexpr size_t kMaxOverlappingPairsListed = 100'000;

/// The pairs (i < j) whose discs overlap, d_ij < (D_i + D_j) / 2, sorted; only the first
/// `maxPairs` in that order. `diametersMm` empty: `diameterMm` for all. For pictures of merged
/// dots (the statistics count every pair: PointStats::overlapPairs).
std::vector<std::pair<uint32_t, uint32_t>> overlappingPairs(std::span<const Vec2> points,
                                                            std::span<const double> diametersMm,
                                                            double diameterMm,
                                                            size_t maxPairs = kMaxOverlappingPairsListed);

/// Settings of the live statistics (one window, e.g. the zone being worked).
struct LiveStatsConfig {
    PatternWindow window;
    double minSpacingMm = 0.6;
    double diameterMm = 0.2; ///< healed diameter of dots added without their own
    double evennessCellMm = 5.0;
    /// The density the level expects, dots/cm²: sizes the index (about one dot per cell at
    /// that density). Sparser work is still exact, just slower per strike.
    double expectedDensityPerCm2 = 80.0;
    /// Ids to reserve room for (e.g. the level's expected dot count); 0 = grow as needed, at the
    /// cost of vector growth slack (up to 2× the per-dot bytes).
    size_t expectedDots = 0;
};

/// The live subset of PointStats; each field equals the PointStats field of the same name for
/// the same dots, window, minimum spacing, diameter and evenness cell.
struct LiveSnapshot {
    int64_t count = 0;
    int64_t outsideCount = 0;
    std::optional<double> densityPerCm2;
    std::optional<double> meanNnMm;
    std::optional<double> nnSdMm;
    std::optional<double> nnCv;
    int64_t minSpacingViolations = 0;
    std::optional<double> minSpacingFraction;
    int64_t overlapPairs = 0;
    std::optional<double> clarkEvans;
    std::optional<double> clarkEvansDonnelly;
    std::optional<double> clarkEvansZ;
    std::optional<double> evennessCv;
};

/// Statistics kept up to date per strike (add) and per undo (remove). Dots are identified by
/// caller-chosen ids (dense small integers, e.g. the index in the attempt's dot list).
/// Memory: ≈ 31 bytes per dot (position 16, grid link 4, neighbour id 4, healed diameter 4,
/// grid cell heads 2.5 at the expected density) besides the 32-byte Dot — 63 in all, within
/// SCORING.md's 64 (bench_metrics) — when `expectedDots` is set; growth slack otherwise.
class LiveStats {
  public:
    explicit LiveStats(const LiveStatsConfig& config);

    /// Adds dot `id` (not present, < 2^31) at `pos`, its healed disc config().diameterMm wide.
    void add(uint32_t id, Vec2 pos) { add(id, pos, m_config.diameterMm); }
    /// Adds dot `id` with its own healed diameter: overlaps are d < (D_i + D_j) / 2, exactly as
    /// computePointStats() with per-dot diameters (the diameter is kept as a float, as Dot and
    /// HealedDot hold it).
    void add(uint32_t id, Vec2 pos, double diameterMm);
    /// Removes dot `id`; false when it is not present.
    bool remove(uint32_t id);
    /// The current values (cheap: a few divisions and square roots).
    LiveSnapshot snapshot() const;

    size_t count() const { return m_neighbours.size(); }
    const LiveStatsConfig& config() const { return m_config; }
    /// Per-dot nearest neighbours (for highlighting the dots that break the minimum spacing).
    const LiveNeighbours& neighbours() const { return m_neighbours; }
    size_t memoryBytes() const;

  private:
    void apply(const std::vector<NeighbourChange>& changes);
    int64_t overlapsWith(uint32_t id, Vec2 pos, double diameter) const;

    LiveStatsConfig m_config;
    LiveNeighbours m_neighbours;
    std::vector<NeighbourChange> m_changes;
    NearestNeighbourSums m_nn;
    int64_t m_overlapPairs = 0;
    int64_t m_outside = 0;
    std::vector<float> m_diameter; ///< per id: healed diameter, mm
    double m_maxDiameter = 0.0;    ///< the largest ever added (bounds the overlap search)
    CellTiling m_tiling;
    std::vector<int32_t> m_cellCounts;
    CellCountSums m_cellSums;
};

} // namespace stipple
