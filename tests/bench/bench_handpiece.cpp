// Benchmark: how fast the simulated hand and the practice session run, against SCORING.md's
// budget "regrade a recorded 4-hour session (≈ 50,000 strikes, every physics tick) ≤ 5 s".
// Replays a synthetic 4-hour attempt — 60 Hz pointer samples throughout, 50,000 strikes of
// 0.2 s dwell, tremor on — and prints ticks per second for the bare handpiece and the session.
// Also times a bare Box2D world with the same body and joint: the floor under everything else.
// Usage: bench_handpiece [strikes=50000]
#include "four_hour_script.h"
#include "handpiece/handpiece.h"
#include "level/level.h"
#include "session/practice_session.h"

#include <box2d/box2d.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace stipple;

namespace {

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

Level benchLevel() {
    Level level;
    level.id = "bench";
    level.canvas.widthMm = 300.0;
    level.canvas.heightMm = 300.0;
    level.handpiece.tremorMm = 0.05;
    return level;
}

} // namespace

int main(int argc, char** argv) {
    const int strikes = argc > 1 ? std::atoi(argv[1]) : 50000;
    if (strikes <= 0) {
        std::fprintf(stderr, "usage: bench_handpiece [strikes > 0]\n");
        return 2;
    }

    const std::vector<Command> script = bench::fourHourScript(strikes, 0.0);
    const int64_t ticks = script.back().tick;
    std::printf(
        "synthetic attempt: %d strikes, %lld ticks (%.2f h at %d Hz), %zu commands (%.1f MB in memory)\n",
        strikes, static_cast<long long>(ticks), ticks / (3600.0 * Handpiece::kTicksPerSecond),
        Handpiece::kTicksPerSecond, script.size(), script.size() * sizeof(Command) / 1e6);

    {
        // Box2D alone: the same world, body and joint as Handpiece, target moved every 4 ticks.
        b2World world(b2Vec2(0.0f, 0.0f));
        b2BodyDef groundDef;
        b2Body* ground = world.CreateBody(&groundDef);
        b2BodyDef tipDef;
        tipDef.type = b2_dynamicBody;
        tipDef.allowSleep = false;
        tipDef.fixedRotation = true;
        tipDef.position.Set(15.0f, 15.0f);
        b2Body* tip = world.CreateBody(&tipDef);
        b2CircleShape shape;
        shape.m_radius = 0.05f;
        b2FixtureDef fixtureDef;
        fixtureDef.shape = &shape;
        fixtureDef.density = 1.0f;
        fixtureDef.isSensor = true;
        tip->CreateFixture(&fixtureDef);
        b2MouseJointDef jointDef;
        jointDef.bodyA = ground;
        jointDef.bodyB = tip;
        jointDef.target = tip->GetPosition();
        jointDef.maxForce = tip->GetMass() * 5000.0f;
        b2LinearStiffness(jointDef.stiffness, jointDef.damping, 40.0f, 0.9f, ground, tip);
        auto* joint = static_cast<b2MouseJoint*>(world.CreateJoint(&jointDef));
        const auto t0 = std::chrono::steady_clock::now();
        for (int64_t i = 1; i <= ticks; ++i) {
            if ((i & 3) == 0) joint->SetTarget(b2Vec2(15.0f + 0.001f * static_cast<float>(i & 1023), 15.0f));
            world.Step(1.0f / 240.0f, 8, 3);
        }
        const double s = seconds(t0);
        std::printf("Box2D step alone:    %8.3f s  %6.2f M ticks/s  %.3f us/tick  (x %.3f)\n", s,
                    ticks / s / 1e6, s / ticks * 1e6, tip->GetPosition().x);
    }

    {
        HandpieceParams p;
        p.tremorMm = 0.05;
        Handpiece hand(p);
        hand.place({150.0, 150.0});
        const auto t0 = std::chrono::steady_clock::now();
        double sink = 0.0;
        for (int64_t i = 1; i <= ticks; ++i) {
            if ((i & 3) == 0) hand.setPointer({150.0 + 0.01 * static_cast<double>(i & 1023), 150.0});
            hand.step();
            sink += hand.tipMm().x;
        }
        const double s = seconds(t0);
        std::printf("handpiece alone:     %8.3f s  %6.2f M ticks/s  %.3f us/tick  (checksum %.3f)\n", s,
                    ticks / s / 1e6, s / ticks * 1e6, sink / ticks);
    }

    double best = 1e9;
    std::size_t dots = 0;
    for (int run = 0; run < 3; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        PracticeSession session = PracticeSession::replay(benchLevel(), 7, script, ticks);
        const double s = seconds(t0);
        best = std::fmin(best, s);
        dots = session.dots().size();
        if (!session.finished() || session.eventLog().size() != script.size()) {
            std::fprintf(stderr, "replay did not apply every command (%zu of %zu)\n",
                         session.eventLog().size(), script.size());
            return 1;
        }
    }
    std::printf("session replay:      %8.3f s  %6.2f M ticks/s  %.3f us/tick  (%zu dots; best of 3)\n", best,
                ticks / best / 1e6, best / ticks * 1e6, dots);
    std::printf("budget: regrade a 4-hour session with every tick <= 5 s (scoring not included here): %s\n",
                best <= 5.0 ? "within" : "OVER");
    return 0;
}
