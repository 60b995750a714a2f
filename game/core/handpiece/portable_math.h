// sin and expm1 from + − × ÷ alone, for the parts of the simulation a recording replays.
// glibc picks sin, cos, exp and expm1 at load time by CPU (FMA and non-FMA variants: see
// `readelf -Ws libm.so.6 | grep IFUNC`), so the same binary could compute different last bits
// on two machines and a recorded attempt would then replay to slightly different dots. These
// use only IEEE basic operations (correctly rounded everywhere; GCC emits no FMA for baseline
// x86-64 and ISO mode turns contraction off), floor and ldexp (exact). Accuracy ~1e-14, far
// beyond what a tremor or a depth curve needs. Internal to the handpiece module.
#pragma once

#include <cmath>

namespace stipple::portable {

/// sin(2π·turns) for turns in [0, 1).
inline double sinTurns(double turns) {
    constexpr double kTwoPi = 6.283185307179586476925286766559;
    double sign = 1.0;
    if (turns >= 0.5) { // sin(2π(x + ½)) = −sin(2πx)
        turns -= 0.5;
        sign = -1.0;
    }
    if (turns > 0.25) turns = 0.5 - turns; // sin(π − a) = sin a
    const double a = kTwoPi * turns;       // [0, π/2]
    const double a2 = a * a;
    // Taylor series to a^19: the first omitted term is below 3e-16 at a = π/2.
    double p = -1.0 / 121645100408832000.0; // 1/19!
    p = p * a2 + 1.0 / 355687428096000.0;   // 1/17!
    p = p * a2 - 1.0 / 1307674368000.0;     // 1/15!
    p = p * a2 + 1.0 / 6227020800.0;        // 1/13!
    p = p * a2 - 1.0 / 39916800.0;          // 1/11!
    p = p * a2 + 1.0 / 362880.0;            // 1/9!
    p = p * a2 - 1.0 / 5040.0;              // 1/7!
    p = p * a2 + 1.0 / 120.0;               // 1/5!
    p = p * a2 - 1.0 / 6.0;                 // 1/3!
    p = p * a2 + 1.0;
    return sign * a * p;
}

/// exp(−u) − 1 for u ≥ 0, accurate in relative terms near u = 0 (like std::expm1(−u)).
inline double expm1Neg(double u) {
    constexpr double kLn2 = 0.69314718055994530941723212145818;
    if (u == 0.0) return 0.0;
    if (u < 0.5) {
        // −u + u²/2! − u³/3! + …, to u^14: the first omitted term is below 1e-15 relative.
        double term = -u, sum = -u;
        for (int n = 2; n <= 14; ++n) {
            term *= -u / n;
            sum += term;
        }
        return sum;
    }
    if (u > 745.0) return -1.0; // exp(−u) underflows
    // exp(−u) = 2^−k · exp(−r) with u = k·ln2 + r, r in [0, ln2).
    const double k = std::floor(u / kLn2);
    const double r = u - k * kLn2;
    double term = 1.0, sum = 1.0;
    for (int n = 1; n <= 18; ++n) {
        term *= -r / n;
        sum += term;
    }
    return std::ldexp(sum, -static_cast<int>(k)) - 1.0;
}

} // namespace stipple::portable
