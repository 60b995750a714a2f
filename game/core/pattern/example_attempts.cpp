#include "pattern/example_attempts.h"

#include "pattern/density_field.h"
#include "pattern/poisson_disk.h"
#include "random/rng.h"

#include <algorithm>
#include <cmath>

namespace stipple {

std::optional<AttemptStyle> parseAttemptStyle(const std::string& name) {
    if (name == "good") return AttemptStyle::Good;
    if (name == "sparse") return AttemptStyle::Sparse;
    if (name == "clumped") return AttemptStyle::Clumped;
    if (name == "grid") return AttemptStyle::Grid;
    return std::nullopt;
}

const char* attemptStyleName(AttemptStyle style) {
    switch (style) {
    case AttemptStyle::Good: return "good";
    case AttemptStyle::Sparse: return "sparse";
    case AttemptStyle::Clumped: return "clumped";
    case AttemptStyle::Grid: return "grid";
    }
    return "good";
}

namespace {

/// Where a dot may go: inside a zone (density > 0) or, for drills without zones, the canvas.
bool placeable(const Level& level, const DensityField& field, Vec2 p) {
    if (!level.canvas.rect().contains(p)) return false;
    return level.zones.empty() ? true : field.perMm2(p) > 0.0;
}

ExampleDot dotAt(const Level& level, const DensityField& field, Vec2 p, Rng& rng) {
    ExampleDot d;
    d.pos = p;
    const int z = field.zoneAt(p);
    const Zone* zone = z >= 0 ? &level.zones[static_cast<size_t>(z)] : nullptr;
    const Range size = zone ? zone->healedDiameterMm : Range{0.15, 0.25};
    const Range depth = zone ? zone->depthMm : Range{0.5, 1.0};
    // A steady hand: sizes and depths vary a little around the middle of their bands.
    d.diameterMm = std::clamp(0.5 * (size.min + size.max) + rng.normal(0.0, 0.1 * (size.max - size.min)),
                              size.min, size.max);
    d.depthMm = std::clamp(0.5 * (depth.min + depth.max) + rng.normal(0.0, 0.1 * (depth.max - depth.min)),
                           depth.min, depth.max);
    return d;
}

double localSpacing(const DensityField& field, Vec2 p, double fallback) {
    const double lambda = field.perMm2(p);
    return lambda > 0.0 ? 1.0 / std::sqrt(lambda) : fallback;
}

} // namespace

std::vector<ExampleDot> exampleAttempt(const Level& level, AttemptStyle style, uint64_t seed) {
    const DensityField field(level);
    Rng rng(seed);
    std::vector<Vec2> ideal;
    for (const auto& t : targetPattern(level, seed)) ideal.push_back(t.pos);
    const Rect box = bounds(ideal);
    const double typical = ideal.size() > 1 && box.area() > 0.0 ? std::sqrt(box.area() / ideal.size()) : 1.0;
    std::vector<ExampleDot> out;

    switch (style) {
    case AttemptStyle::Good:
    case AttemptStyle::Sparse:
        for (Vec2 p : ideal) {
            if (style == AttemptStyle::Sparse && rng.uniform() < 0.5) continue;
            // A placement error of 4 % of the local spacing: a trained, steady hand.
            const double s = 0.04 * localSpacing(field, p, typical);
            Vec2 q{p.x + rng.normal(0.0, s), p.y + rng.normal(0.0, s)};
            if (!placeable(level, field, q)) q = p;
            out.push_back(dotAt(level, field, q, rng));
        }
        break;
    case AttemptStyle::Clumped: {
        // Thomas-like clusters: one parent per ten dots, each with ten children spread at 0.3 u.
        const size_t parents = std::max<size_t>(1, ideal.size() / 10);
        for (size_t k = 0; k < parents && !ideal.empty(); ++k) {
            const Vec2 parent = ideal[static_cast<size_t>(rng.below(ideal.size()))];
            const double s = 0.3 * localSpacing(field, parent, typical);
            for (int c = 0; c < 10; ++c) {
                for (int attempt = 0; attempt < 20; ++attempt) {
                    const Vec2 q{parent.x + rng.normal(0.0, s), parent.y + rng.normal(0.0, s)};
                    if (!placeable(level, field, q)) continue;
                    out.push_back(dotAt(level, field, q, rng));
                    break;
                }
            }
        }
        break;
    }
    case AttemptStyle::Grid: {
        // Rows and columns at the densest zone's spacing, kept where the field asks for dots
        // (thinned by the local density so that the count is right).
        double densest = 0.0;
        for (const auto& z : level.zones) densest = std::max(densest, z.densityPerCm2 / 100.0);
        if (level.zones.empty()) {
            // A drill: a grid with as many dots as targets over the targets' bounding box.
            const double step = typical;
            for (double y = box.min.y + 0.5 * step; y <= box.max.y; y += step)
                for (double x = box.min.x + 0.5 * step; x <= box.max.x; x += step)
                    out.push_back(dotAt(level, field, {x, y}, rng));
            break;
        }
        const double step = 1.0 / std::sqrt(densest);
        for (double y = 0.5 * step; y < level.canvas.heightMm; y += step)
            for (double x = 0.5 * step; x < level.canvas.widthMm; x += step) {
                const Vec2 p{x, y};
                const double lambda = field.perMm2(p);
                if (lambda <= 0.0 || rng.uniform() >= lambda / densest) continue;
                out.push_back(dotAt(level, field, p, rng));
            }
        break;
    }
    }
    return out;
}

} // namespace stipple
