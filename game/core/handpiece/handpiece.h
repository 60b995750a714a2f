// The simulated hand: the needle tip as a small body pulled toward the pointer by a spring
// (a Box2D 2.4 mouse joint), with inertia and a physiological tremor, so that placing a dot
// precisely is a skill rather than a click. Headless; Box2D stays behind a pimpl (it is linked
// PRIVATE to stipple_core), so nothing Box2D leaks into callers.
//
// Scale and stepping follow SCORING.md's traps (measured in scoring-research.md §4.2):
//   * 1 Box2D unit = 1 cm (10 mm). Box2D's built-in lengths (linear slop 0.005, max translation
//     2 units per step) then mean 0.05 mm and 480 cm/s at 240 Hz, far from anything a hand does.
//   * One fixed step of 1/240 s per tick; the caller sets the pointer target for every step, so
//     the target can be interpolated per step rather than jumping once per frame.
//   * maxForce = mass × a_max: Box2D's mouse-joint force cap is really an acceleration cap.
//   * Stiffness and damping come from b2LinearStiffness(frequency, damping ratio). The joint damps
//     the body's absolute velocity, so tracking a pointer moving at speed v lags by 2ζv/ω:
//     at the defaults (40 Hz, ζ = 0.9) that is 0.21 mm at 30 mm/s and 2.9 mm at 400 mm/s.
//
// Determinism: for the same binary, the same sequence of place()/setPointer()/step() calls gives
// the same tip positions bit for bit (Box2D uses no randomness or timers; the tremor comes from
// stipple::Rng and a portable sine, handpiece/portable_math.h, because glibc's sin differs between
// CPUs). Positions go into Box2D as float centimetres, so the tip resolves to about 1e-5 mm on a
// 300 mm canvas.
#pragma once

#include "geometry/vec2.h"

#include <cstdint>
#include <memory>

namespace stipple {

/// Tuning of the simulated hand. Lengths in mm, times in seconds; defaults documented above.
struct HandpieceParams {
    double springHz = 40.0;           ///< mouse-joint natural frequency
    double dampingRatio = 0.9;        ///< mouse-joint damping ratio ζ (1 = critical)
    double maxAccelMmPerS2 = 50000.0; ///< a_max: 50 m/s², a brisk but human hand
    double tipRadiusMm = 0.5;         ///< radius of the sensor circle that gives the tip its mass
    double tremorMm = 0.0;            ///< RMS radial tremor displacement of the target (0 = none)
    double tremorHz = 10.0;           ///< tremor centre frequency; components lie in ±20 % of it
    uint64_t seed = 1;                ///< seeds the tremor phases and frequencies
};

/// The needle tip on a fixed 240 Hz step. Not copyable (it owns a Box2D world); movable.
class Handpiece {
  public:
    /// Fixed simulation rate: one step per tick.
    static constexpr int kTicksPerSecond = 240;
    /// Box2D length scale: millimetres per Box2D unit.
    static constexpr double kMmPerUnit = 10.0;

    explicit Handpiece(const HandpieceParams& params = {});
    ~Handpiece();
    Handpiece(Handpiece&&) noexcept;
    Handpiece& operator=(Handpiece&&) noexcept;
    Handpiece(const Handpiece&) = delete;
    Handpiece& operator=(const Handpiece&) = delete;

    /// Puts the tip and the pointer at `posMm` at rest (the hand arrives on the canvas).
    void place(Vec2 posMm);
    /// The pointer position (mm) the spring pulls toward from the next step on; tremor is added
    /// on top of it inside step().
    void setPointer(Vec2 posMm);
    /// Advances one tick (1/240 s): the spring target becomes pointer + tremor at the new tick.
    void step();

    /// Steps taken since construction.
    int64_t tick() const;
    /// The simulated needle tip, mm.
    Vec2 tipMm() const;
    /// The tip velocity, mm/s.
    Vec2 velocityMmPerS() const;
    /// The pointer set by setPointer()/place(), mm (no tremor).
    Vec2 pointerMm() const;
    /// The tremor offset added to the pointer at a given tick, mm ({0,0} when tremorMm = 0).
    Vec2 tremorOffsetMm(int64_t tick) const;
    const HandpieceParams& params() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace stipple
