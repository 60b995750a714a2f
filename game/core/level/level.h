// The level model: one practice or exam task on a rectangular patch of scalp, in millimetres.
// Plain structs with documented units and defaults (SCORING.md's numbers). Readers fill them
// from XML (level_reader), writers turn them back into XML (level_writer); nothing here knows
// about files.
#pragma once

#include "geometry/polygon.h"
#include "geometry/vec2.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// The current level format version; readers refuse newer ones.
inline constexpr int kLevelFormatVersion = 1;

/// A closed interval [min, max].
struct Range {
    double min = 0.0;
    double max = 0.0;
    bool contains(double v) const { return v >= min && v <= max; }
    friend bool operator==(const Range&, const Range&) = default;
};

/// An sRGB colour, 8 bits per channel.
struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
    friend bool operator==(const Rgb&, const Rgb&) = default;
};
/// "#rrggbb" (lower case), as level files and healed-dot CSVs write a colour.
std::string hexColour(Rgb c);

/// Skin tone: a Fitzpatrick type (1–6) with its representative colour, or a custom sRGB colour
/// (fitzpatrick = 0).
struct SkinTone {
    int fitzpatrick = 3;
    Rgb rgb{224, 187, 149};
    friend bool operator==(const SkinTone&, const SkinTone&) = default;
};
/// The representative sRGB colour for Fitzpatrick types I–VI (1..6).
Rgb fitzpatrickColour(int type);

/// Random sequential adsorption jams at this fraction of the plane covered by the exclusion
/// discs (diameter = minimum spacing). An irregular, natural-looking layout cannot go denser.
inline constexpr double kRandomPackingCoverage = 0.547;
/// The densest irregular layout with centres at least `minSpacingMm` apart, in dots/cm²:
/// 100 · 4 · 0.547 / (π · s²) — about 69.6/cm² at 1 mm, 109/cm² at 0.8 mm. (A hexagonal grid
/// reaches 2/(√3 · s²), 115/cm² at 1 mm, but a grid is exactly what SMP must not look like.)
double irregularPackingLimitPerCm2(double minSpacingMm);

struct Canvas {
    double widthMm = 40.0;
    double heightMm = 30.0;
    SkinTone skin;
    std::string texture; ///< optional path relative to assets/, "" for none (no "..")
    Rect rect() const { return {{0.0, 0.0}, {widthMm, heightMm}}; }
    friend bool operator==(const Canvas&, const Canvas&) = default;
};

/// A region to pigment at a target density.
struct Zone {
    std::string id;
    std::string name;            ///< shown to the trainee; defaults to id
    Polygon outline;             ///< mm, inside the canvas, simple
    double densityPerCm2 = 80.0; ///< target final density, dots/cm²
    double minSpacingMm = 0.8;   ///< minimum centre-to-centre spacing
    Range healedDiameterMm{0.10, 0.30};
    Range depthMm{0.5, 1.0}; ///< ideal depth band
    friend bool operator==(const Zone&, const Zone&) = default;
};

/// An area that must receive no dots (eyebrows, ears, outside the design).
struct ForbiddenArea {
    std::string id;
    Polygon outline;
    friend bool operator==(const ForbiddenArea&, const ForbiddenArea&) = default;
};

/// Scar tissue: takes pigment differently from the surrounding scalp.
struct Scar {
    std::string id;
    Polygon outline;
    double uptake = 0.7;       ///< fraction of pigment retained relative to normal scalp (0..1.5)
    double spread = 1.3;       ///< healed diameter factor relative to normal scalp
    Rgb tissue{236, 206, 190}; ///< colour of the scar tissue
    friend bool operator==(const Scar&, const Scar&) = default;
};

/// The front edge of a design with its feathering band.
struct Hairline {
    Polyline line;               ///< mm, drawn left to right; "behind" is the side with larger y
    std::string zoneId;          ///< the zone it feathers into
    double bandMm = 8.0;         ///< feathering band width behind the line
    double frontFraction = 0.25; ///< density fraction at the line
    double backFraction = 1.0;   ///< density fraction at the back of the band
    bool scoreSymmetry = false;
    double symmetryAxisXMm = 0.0; ///< vertical mirror axis (x); the reader defaults it to the canvas centre
    double symmetryToleranceMm = 2.0;
    friend bool operator==(const Hairline&, const Hairline&) = default;
};

struct TargetDot {
    Vec2 pos;
    double diameterMm = 0.2;
    friend bool operator==(const TargetDot&, const TargetDot&) = default;
};

/// The ideal pattern: explicit dots (drills) and/or generated from the zones.
struct TargetPattern {
    std::vector<TargetDot> dots;
    bool generate = false; ///< generate a Poisson-disk pattern from the zones and hairline
    uint64_t seed = 1;
    double toleranceMm = 0.3; ///< τ: a placed dot within τ of a target dot can match it
    friend bool operator==(const TargetPattern&, const TargetPattern&) = default;
};

/// One treatment session (layer).
struct SessionSpec {
    double cumulativeFraction = 1.0; ///< target cumulative density after this session, of final
    std::string shade = "soft-black";
    double dilution = 1.0;  ///< pigment strength 0..1 (1 = undiluted)
    double healDays = 14.0; ///< healing interval before the next session
    friend bool operator==(const SessionSpec&, const SessionSpec&) = default;
};

/// How dots heal between sessions (SMP.md §1.6–1.7): healing/healing_model.h has the formulas.
/// The depth thresholds are relative to the depth band of the zone a dot lies in, so that the
/// healing model and the scorer's blowout count agree.
struct HealingSpec {
    uint64_t seed = 1;            ///< per-dot variation; the same seed heals the same dots identically
    double freshToHealed = 2.0;   ///< fresh : healed diameter inside the depth band (SMP: 1.5–2.5)
    double sizeVariation = 0.05;  ///< relative spread (SD) of healed diameters between dots
    double lightening = 0.3;      ///< fraction of a dot's opacity the falling scab takes with it
    double toneVariation = 0.05;  ///< relative spread (SD) of the pigment a dot keeps
    double fadeMarginMm = 0.2;    ///< shallower than depth-min − this: lost; between: fades
    double migrationPerMm = 1.0;  ///< healed diameter grows by this fraction per mm past depth-max
    double blowoutMarginMm = 0.5; ///< deeper than depth-max + this: a blowout
    double blowoutSpread = 2.5;   ///< a blowout's diameter factor (on top of the migration)
    double settleDays = 10.0;     ///< days until a dot has fully healed (scabs fall in 5–7, up to 14)
    friend bool operator==(const HealingSpec&, const HealingSpec&) = default;
};

struct Needle {
    std::string id;
    std::string configuration = "1RL"; ///< e.g. 1RL, 3RL
    double diameterMm = 0.25;
    friend bool operator==(const Needle&, const Needle&) = default;
};

/// How one metric counts. A value inside [band.min, band.max] scores 100; outside, the sub-score
/// falls linearly to 0 at `falloff` beyond the nearer edge (in the metric's own units).
struct MetricSpec {
    std::string id; ///< a metric id known to the scorer (see levels/README.md)
    bool enabled = true;
    Range band;
    double falloff = 0.0; ///< 0 = the scorer's default for this metric
    double weight = 1.0;
    double passMark = 50.0; ///< sub-score needed to pass this metric
    /// Whether failing this metric fails the attempt (a gate, as a required metric of a surgical
    /// simulator); unset = the scorer's default (every counted metric is a gate).
    std::optional<bool> gate{};
    bool hasBand = true; ///< false: the scorer's default band (the level changes only weight, gate…)
    friend bool operator==(const MetricSpec&, const MetricSpec&) = default;
};

/// A "never event": fails the attempt whatever the total.
struct VetoRule {
    std::string metric;    ///< metric id whose raw value is checked
    double maxValue = 0.0; ///< veto when value > maxValue
    std::string reason;    ///< shown to the trainee
    friend bool operator==(const VetoRule&, const VetoRule&) = default;
};

struct ScoringSpec {
    /// Overrides of the scorer's defaults, one per metric id at most; a metric not listed keeps
    /// the scorer's default band, weight and pass mark.
    std::vector<MetricSpec> metrics;
    double passMark = 70.0; ///< overall score needed to pass
    /// A failed attempt reads at most passMark − failMargin (lower the worse its deciding rule
    /// failed), so the number never says "passed" when the verdict says "failed".
    double failMargin = 5.0;
    std::vector<VetoRule> vetoes;
    friend bool operator==(const ScoringSpec&, const ScoringSpec&) = default;
};

/// Practice aids and limits.
struct ModeSpec {
    bool ghost = true; ///< show the target pattern as a ghost
    bool undo = true;
    bool liveScore = true;
    bool heatmap = true;
    bool outlines = true;    ///< show zone/hairline/scar outlines
    double timeLimitS = 0.0; ///< 0 = none
    double expectedStrikesPerMinute = 60.0;
    friend bool operator==(const ModeSpec&, const ModeSpec&) = default;
};

/// The simulated hand and needle.
struct HandpieceSpec {
    double tremorMm = 0.05;        ///< tremor amplitude (0 for pure-accuracy drills)
    double tremorHz = 10.0;        ///< centre frequency, 8–12 Hz physiological
    double depthPerSecondMm = 2.0; ///< depth gained per second of dwell
    double maxDepthMm = 2.5;
    double tapDepthMm = 0.15; ///< depth of a zero-dwell strike (a touch-and-go tap)
    double spreadPerMm = 0.8; ///< fresh width grows by this fraction per mm of depth
    bool pressure = false;    ///< the level offers a pressure setting
    friend bool operator==(const HandpieceSpec&, const HandpieceSpec&) = default;
};

struct Level {
    int formatVersion = kLevelFormatVersion;
    std::string id;
    std::string title;
    /// Shown before the level starts. Paragraphs are separated by "\n\n"; a "- " list item starts
    /// on its own line ("\n"); no other line breaks and no leading or trailing spaces.
    std::string brief;
    std::string instructions; ///< shown during the level; same text form as brief
    std::string skill;        ///< e.g. placement, spacing, density, hairline, layering, scar
    int difficulty = 1;       ///< 1 (first dots) .. 5 (exam)
    Canvas canvas;
    std::vector<Zone> zones;
    std::vector<ForbiddenArea> forbidden;
    std::vector<Scar> scars;
    std::optional<Hairline> hairline;
    TargetPattern target;
    std::vector<SessionSpec> sessions{SessionSpec{}};
    HealingSpec healing;
    std::vector<Needle> needles{Needle{"1rl-025", "1RL", 0.25}};
    ScoringSpec scoring;
    ModeSpec mode;
    HandpieceSpec handpiece;

    const Zone* findZone(const std::string& zoneId) const;
    friend bool operator==(const Level&, const Level&) = default;
};

} // namespace stipple
