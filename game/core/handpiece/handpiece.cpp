// The Box2D side of the handpiece: one zero-gravity world holding a static ground body (the mouse
// joint's placeholder body A), the tip body and the joint. Creation order is fixed, because Box2D
// only reproduces a simulation bit for bit when bodies and joints are created in the same order.
#include "handpiece/handpiece.h"

#include "handpiece/portable_math.h"
#include "random/rng.h"

#include <box2d/box2d.h>

#include <array>
#include <cassert>
#include <cmath>

namespace stipple {

namespace {

constexpr double kDt = 1.0 / Handpiece::kTicksPerSecond;
// Box2D's defaults; with one body and no contacts they only matter for the joint.
constexpr int kVelocityIterations = 8;
constexpr int kPositionIterations = 3;

b2Vec2 toUnits(Vec2 mm) {
    return {static_cast<float>(mm.x / Handpiece::kMmPerUnit),
            static_cast<float>(mm.y / Handpiece::kMmPerUnit)};
}
Vec2 toMm(const b2Vec2& u) {
    return {static_cast<double>(u.x) * Handpiece::kMmPerUnit,
            static_cast<double>(u.y) * Handpiece::kMmPerUnit};
}

} // namespace

// Named, not anonymous: Handpiece::Impl holds one, and a type with internal linkage inside a class
// with external linkage draws -Wsubobject-linkage when the file is compiled in a unity build.
namespace handpiece_detail {

// Physiological tremor as three sinusoids per axis with seeded frequencies (within ±20 % of the
// centre, i.e. 8–12 Hz around 10 Hz) and phases. Incommensurate frequencies beat against each
// other, which looks like the narrow-band noise a real hand shows; sinusoids rather than filtered
// noise keep every tick computable on its own (no state to carry, no drift over 3.5 M ticks).
struct Tremor {
    static constexpr int kComponents = 3;
    double amplitudeMm = 0.0; // per component; RMS radial displacement = amplitude·√(3)
    std::array<double, kComponents> hzX{}, hzY{}, phaseX{}, phaseY{}; // phases in cycles

    Tremor(double rmsMm, double centreHz, uint64_t seed) {
        // Two axes × three components of amplitude a: each contributes a²/2 of variance, so the
        // mean squared radius is 6·a²/2 = 3a².
        amplitudeMm = rmsMm / std::sqrt(3.0);
        Rng rng(seed);
        for (int i = 0; i < kComponents; ++i) {
            hzX[i] = centreHz * rng.uniform(0.8, 1.2);
            hzY[i] = centreHz * rng.uniform(0.8, 1.2);
            phaseX[i] = rng.uniform();
            phaseY[i] = rng.uniform();
        }
    }

    static double component(double hz, double phase, int64_t tick) {
        // Reduce the phase to [0, 1) cycles first, so the sine sees a small argument even four
        // hours (3.5 M ticks) in. Portable sine: glibc's differs in the last bits between CPUs.
        const double cycles = hz * static_cast<double>(tick) / Handpiece::kTicksPerSecond + phase;
        return portable::sinTurns(cycles - std::floor(cycles));
    }

    Vec2 offset(int64_t tick) const {
        if (amplitudeMm == 0.0) return {0.0, 0.0};
        double x = 0.0, y = 0.0;
        for (int i = 0; i < kComponents; ++i) {
            x += component(hzX[i], phaseX[i], tick);
            y += component(hzY[i], phaseY[i], tick);
        }
        return {amplitudeMm * x, amplitudeMm * y};
    }
};

} // namespace handpiece_detail

struct Handpiece::Impl {
    HandpieceParams params;
    handpiece_detail::Tremor tremor;
    b2World world{b2Vec2(0.0f, 0.0f)};
    b2Body* ground = nullptr;
    b2Body* tip = nullptr;
    b2MouseJoint* joint = nullptr;
    Vec2 pointer{0.0, 0.0};
    int64_t tick = 0;

    explicit Impl(const HandpieceParams& p) : params(p), tremor(p.tremorMm, p.tremorHz, p.seed) {
        assert(p.springHz > 0.0 && p.dampingRatio >= 0.0 && p.maxAccelMmPerS2 > 0.0 && p.tipRadiusMm > 0.0 &&
               "HandpieceParams: spring frequency, acceleration and tip radius must be positive");
        assert(p.tremorMm >= 0.0 && "HandpieceParams: tremor amplitude must not be negative");

        b2BodyDef groundDef;
        ground = world.CreateBody(&groundDef);

        b2BodyDef tipDef;
        tipDef.type = b2_dynamicBody;
        tipDef.allowSleep = false;   // a sleeping body ignores the joint (trap 5)
        tipDef.fixedRotation = true; // the tip is a point; no spin
        tip = world.CreateBody(&tipDef);

        // A body without a fixture has no mass and does not move: the sensor circle gives it mass
        // without ever colliding.
        b2CircleShape shape;
        shape.m_radius = static_cast<float>(p.tipRadiusMm / kMmPerUnit);
        b2FixtureDef fixtureDef;
        fixtureDef.shape = &shape;
        fixtureDef.density = 1.0f;
        fixtureDef.isSensor = true;
        tip->CreateFixture(&fixtureDef);

        b2MouseJointDef jointDef;
        jointDef.bodyA = ground;
        jointDef.bodyB = tip;
        jointDef.target = tip->GetPosition();
        jointDef.maxForce = tip->GetMass() * static_cast<float>(p.maxAccelMmPerS2 / kMmPerUnit);
        b2LinearStiffness(jointDef.stiffness, jointDef.damping, static_cast<float>(p.springHz),
                          static_cast<float>(p.dampingRatio), ground, tip);
        joint = static_cast<b2MouseJoint*>(world.CreateJoint(&jointDef));
    }
};

Handpiece::Handpiece(const HandpieceParams& params) : m_impl(std::make_unique<Impl>(params)) {}
Handpiece::~Handpiece() = default;
Handpiece::Handpiece(Handpiece&&) noexcept = default;
Handpiece& Handpiece::operator=(Handpiece&&) noexcept = default;

void Handpiece::place(Vec2 posMm) {
    Impl& s = *m_impl;
    s.pointer = posMm;
    const b2Vec2 at = toUnits(posMm + s.tremor.offset(s.tick));
    s.tip->SetTransform(at, 0.0f);
    s.tip->SetLinearVelocity(b2Vec2(0.0f, 0.0f));
    s.joint->SetTarget(at);
}

void Handpiece::setPointer(Vec2 posMm) {
    m_impl->pointer = posMm;
}

void Handpiece::step() {
    Impl& s = *m_impl;
    ++s.tick;
    s.joint->SetTarget(toUnits(s.pointer + s.tremor.offset(s.tick)));
    s.world.Step(static_cast<float>(kDt), kVelocityIterations, kPositionIterations);
}

int64_t Handpiece::tick() const {
    return m_impl->tick;
}
Vec2 Handpiece::tipMm() const {
    return toMm(m_impl->tip->GetPosition());
}
Vec2 Handpiece::velocityMmPerS() const {
    return toMm(m_impl->tip->GetLinearVelocity());
}
Vec2 Handpiece::pointerMm() const {
    return m_impl->pointer;
}
Vec2 Handpiece::tremorOffsetMm(int64_t tick) const {
    return m_impl->tremor.offset(tick);
}
const HandpieceParams& Handpiece::params() const {
    return m_impl->params;
}

} // namespace stipple
