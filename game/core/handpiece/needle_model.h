// The needle model: how a strike's dwell time, pressure and motion while the needle is in the
// skin become a dot's depth, size and shape. Pure arithmetic, no Box2D, no state beyond one
// stroke, so it can be unit-tested and documented exactly (for instructors in levels/README.md,
// under <handpiece>).
//
// The mapping (t = dwell time in s, from needle down to needle up; p = pressure, 1 = normal):
//
//   depth(t, p)  = d0 + (dMax − d0) · (1 − exp(−r·p·t / (dMax − d0)))
//       d0   = tapDepthMm        (level, default 0.15 mm): a touch-and-go strike barely breaks the skin;
//       r    = depthPerSecondMm  (level, default 2.0 mm/s): the initial rate of gain, so short
//              dwells grow almost linearly at r·p;
//       dMax = maxDepthMm        (level, default 2.5 mm): depth saturates there — the needle's
//              stroke length; past ~1.5 mm is blowout (SMP.md §1.6).
//     With the defaults: 0.1 s → 0.34 mm, 0.2 s → 0.52 mm, 0.5 s → 0.96 mm, 1 s → 1.50 mm.
//   width(depth) = needleDiameterMm · (1 + k · depth)
//       k    = spreadPerMm (level, default 0.8 per mm): a deeper puncture spreads wider (SMP.md §1.1:
//              pressure/depth is the biggest factor in dot size). A 0.25 mm needle at 0.75 mm
//              depth leaves a 0.40 mm fresh dot, which heals to ~0.2 mm at 2:1.
//   smear        = the tip's farthest excursion from where the needle went down, as a vector;
//                  drag = |smear|. Motion while the needle is in the skin drags the pigment
//                  along: the mark is a stadium of the above width and length width + drag,
//                  centred half-way along the smear.
//   diameter     = width + drag   (the mark's longest extent: what scoring treats as its size)
//   elongation   = diameter / width  (1 = round)
//
// Farthest excursion, not path length: a tremor of 0.05 mm at 10 Hz travels ~1 mm of path in a
// 0.3 s dwell while staying within 0.1 mm of the entry point; the skin sees the excursion.
// Pressure (where the level offers it) multiplies the rate r, so it reaches depth — and size —
// sooner; it lies in [minPressure, maxPressure].
#pragma once

#include "geometry/vec2.h"

#include <cstdint>

namespace stipple {

struct HandpieceSpec;

/// Parameters of the dwell/motion → depth/size mapping (see the file comment for formulas).
struct NeedleMapping {
    double tapDepthMm = 0.15;      ///< d0: depth of a zero-dwell strike
    double depthPerSecondMm = 2.0; ///< r: initial depth gained per second of dwell at pressure 1
    double maxDepthMm = 2.5;       ///< dMax: saturation depth (> tapDepthMm)
    double spreadPerMm = 0.8;      ///< k: fresh width grows by this fraction per mm of depth
    double minPressure = 0.5;      ///< lowest pressure setting
    double maxPressure = 2.0;      ///< highest pressure setting
};

/// The mapping a level asks for: its HandpieceSpec's rate, cap, tap depth and spread; the
/// pressure range is fixed.
NeedleMapping needleMappingFor(const HandpieceSpec& spec);

/// Depth (mm) after `dwellS` seconds in the skin at `pressure` (1 = normal). Monotonic in both,
/// tapDepthMm at zero dwell, approaching maxDepthMm.
double depthForDwell(const NeedleMapping& m, double dwellS, double pressure = 1.0);

/// Fresh width (mm) of the puncture of a needle of `needleDiameterMm` at `depthMm`.
double widthForDepth(const NeedleMapping& m, double needleDiameterMm, double depthMm);

/// One strike as the needle left it, before it becomes a Dot of a session.
struct Impression {
    Vec2 downMm;          ///< where the needle entered
    Vec2 centreMm;        ///< centre of the mark: downMm + smearMm / 2
    Vec2 smearMm;         ///< farthest excursion while down (zero if the tip held still)
    int64_t downTick = 0; ///< tick of needle down
    int64_t upTick = 0;   ///< tick of needle up
    double dwellS = 0.0;  ///< (upTick − downTick) / 240
    double pressure = 1.0;
    double depthMm = 0.0;
    double widthMm = 0.0;    ///< across the mark
    double diameterMm = 0.0; ///< along the mark: widthMm + |smearMm|
    double elongation = 1.0; ///< diameterMm / widthMm
};

/// Follows one strike from needle down to needle up, fed the tip position every tick.
class Stroke {
  public:
    /// Needle enters at `tipMm` on `tick`, with `pressure`, using a needle of `needleDiameterMm`.
    void begin(int64_t tick, Vec2 tipMm, double pressure, double needleDiameterMm);
    /// The tip on the next tick while the needle is still down.
    void sample(Vec2 tipMm);
    /// Needle leaves the skin on `tick` (≥ the begin tick): the finished impression.
    Impression end(const NeedleMapping& m, int64_t tick) const;

    bool active() const { return m_active; }
    void clear() { m_active = false; }
    /// Depth (mm) the strike would have if the needle came up on `tick` (the HUD's live depth).
    double depthAt(const NeedleMapping& m, int64_t tick) const;
    int64_t downTick() const { return m_downTick; }

  private:
    bool m_active = false;
    int64_t m_downTick = 0;
    Vec2 m_down;
    Vec2 m_smear;
    double m_farthestSq = 0.0;
    double m_pressure = 1.0;
    double m_needleDiameterMm = 0.25;
};

} // namespace stipple
