// The scripted trainee of the 4-hour benchmarks (bench_handpiece, bench_record): SCORING.md's
// budget case "a recorded 4-hour session, ≈ 50,000 strikes, every physics tick". Per strike a
// 3-frame glide to a nearby spot (within 1.5 mm, kept 12 mm inside a 300 mm canvas), 0.2 s of
// dwell and a short pause, the pointer sampled every 60 Hz frame throughout, as the window sends
// it: 69 ticks a strike, so 50,000 strikes last 4 hours. Header-only: benchmarks are single files.
#pragma once

#include "random/rng.h"
#include "session/command.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace stipple::bench {

/// The commands of `strikes` strikes, ending with a finish. `dwellJitterMm`: the hand is never
/// perfectly still — each pointer sample during a dwell moves up to this far (0: perfectly still).
inline std::vector<Command> fourHourScript(int strikes, double dwellJitterMm) {
    Rng rng(42);
    std::vector<Command> out;
    out.reserve(static_cast<std::size_t>(strikes) * 18);
    int64_t tick = 0;
    Vec2 pos{150.0, 150.0};
    auto move = [&](Vec2 p) {
        Command c;
        c.tick = tick;
        c.kind = CommandKind::MoveHand;
        c.posMm = p;
        out.push_back(c);
    };
    auto simple = [&](CommandKind kind) {
        Command c;
        c.tick = tick;
        c.kind = kind;
        out.push_back(c);
    };
    move(pos);
    for (int i = 0; i < strikes; ++i) {
        Vec2 next{pos.x + rng.uniform(-1.5, 1.5), pos.y + rng.uniform(-1.5, 1.5)};
        next = {std::fmin(std::fmax(next.x, 12.0), 288.0), std::fmin(std::fmax(next.y, 12.0), 288.0)};
        for (int f = 1; f <= 3; ++f) {
            tick += 4;
            move(pos + (next - pos) * (f / 3.0));
        }
        pos = next;
        simple(CommandKind::NeedleDown);
        for (int f = 0; f < 12; ++f) { // 48 ticks = 0.2 s
            tick += 4;
            if (dwellJitterMm > 0)
                move({pos.x + rng.uniform(-dwellJitterMm, dwellJitterMm),
                      pos.y + rng.uniform(-dwellJitterMm, dwellJitterMm)});
            else
                move(pos);
        }
        simple(CommandKind::NeedleUp);
        tick += 9;
        move(pos);
    }
    tick += 1;
    simple(CommandKind::Finish);
    return out;
}

} // namespace stipple::bench
