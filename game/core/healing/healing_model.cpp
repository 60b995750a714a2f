// The healing model; the formulas and their sources are in healing_model.h.
#include "healing/healing_model.h"

#include "ink/pigment.h"
#include "level/vocabulary.h"
#include "random/rng.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

namespace stipple {

namespace {

/// The colour a blowout drifts to: black pigment seen through too much skin scatters blue
/// (SMP.md §1.6, "blue/green colour shift").
constexpr Rgb kBlowoutBlue{58, 74, 112};

/// A unit-variance deviate from three uniforms (Irwin–Hall): bounded at ±3, arithmetic only.
double deviate(Rng& rng) {
    return (rng.uniform() + rng.uniform() + rng.uniform() - 1.5) * 2.0;
}

/// A generator for one dot: the level seed and everything that identifies the dot.
Rng dotRng(uint64_t seed, const Dot& d) {
    uint64_t h = seed;
    uint64_t state = splitMix64(h);
    for (const uint64_t word : {std::bit_cast<uint64_t>(d.pos.x), std::bit_cast<uint64_t>(d.pos.y),
                                static_cast<uint64_t>(static_cast<uint32_t>(d.tick)),
                                static_cast<uint64_t>(static_cast<uint16_t>(d.session)),
                                static_cast<uint64_t>(std::bit_cast<uint32_t>(d.depthMm))}) {
        state ^= word;
        state = splitMix64(state);
    }
    return Rng(state);
}

/// How strongly a skin tone shows blue through a deep dot: fair skin most, dark skin hardly
/// (SMP.md §1.9: Fitzpatrick I–II highest risk, V–VI none).
double skinBlueRisk(const SkinTone& skin) {
    static constexpr std::array<double, 6> kRisk{1.0, 0.9, 0.75, 0.5, 0.25, 0.1};
    if (skin.fitzpatrick >= 1 && skin.fitzpatrick <= 6)
        return kRisk[static_cast<size_t>(skin.fitzpatrick - 1)];
    // A custom colour: by its lightness, between the darkest and the fairest type.
    const double light = (0.2126 * skin.rgb.r + 0.7152 * skin.rgb.g + 0.0722 * skin.rgb.b) / 255.0;
    return std::clamp((light - 0.25) / 0.6, 0.1, 1.0);
}

/// Darker pigment blues more when too deep ("too dark → heals blue", SMP.md §1.6).
double shadeBlueFactor(int shadeIndex) {
    static constexpr std::array<double, 5> kFactor{0.4, 0.55, 0.7, 0.85, 1.0};
    return shadeIndex >= 0 && shadeIndex < static_cast<int>(kFactor.size())
               ? kFactor[static_cast<size_t>(shadeIndex)]
               : 1.0;
}

uint8_t mixChannel(uint8_t a, uint8_t b, double t) {
    return static_cast<uint8_t>(std::lround(a + (b - a) * std::clamp(t, 0.0, 1.0)));
}

Rgb mix(Rgb a, Rgb b, double t) {
    return {mixChannel(a.r, b.r, t), mixChannel(a.g, b.g, t), mixChannel(a.b, b.b, t)};
}

float lerp(float a, float b, double t) {
    return static_cast<float>(a + (b - a) * t);
}

} // namespace

Rgb shadeColour(int shadeIndex) {
    // Carbon black diluted to greys ("50 shades of gray", SMP.md §1.9), as seen in the skin.
    static constexpr std::array<Rgb, 5> kInk{
        {{140, 140, 142}, {105, 105, 108}, {76, 76, 80}, {50, 50, 54}, {28, 28, 31}}};
    return shadeIndex >= 0 && shadeIndex < static_cast<int>(kInk.size())
               ? kInk[static_cast<size_t>(shadeIndex)]
               : kInk[3];
}

HealingModel::HealingModel(const Level& level, uint64_t seed)
    : m_level(level), m_seed(seed != 0 ? seed : level.healing.seed) {}

Tissue HealingModel::tissueAt(Vec2 p) const {
    for (size_t i = 0; i < m_level.scars.size(); ++i) {
        const Scar& s = m_level.scars[i];
        if (!s.outline.empty() && contains(s.outline, p))
            return {static_cast<int>(i), s.uptake, s.spread, s.tissue};
    }
    return {-1, 1.0, 1.0, m_level.canvas.skin.rgb};
}

Range HealingModel::depthBandAt(Vec2 p) const {
    for (const auto& z : m_level.zones)
        if (!z.outline.empty() && contains(z.outline, p)) return z.depthMm;
    return {0.5, 1.0};
}

std::pair<int, double> HealingModel::pigmentOf(const Dot& dot) const {
    const Pigment p = decodePigment(dot.shade);
    if (p.shadeIndex >= 0) return {p.shadeIndex, p.dilution};
    const auto& sessions = m_level.sessions;
    if (sessions.empty()) return {shadeIndexOf("soft-black").value_or(3), 1.0};
    const size_t s = std::min(static_cast<size_t>(std::max<int>(0, dot.session)), sessions.size() - 1);
    return {shadeIndexOf(sessions[s].shade).value_or(3), sessions[s].dilution};
}

HealingModel::Fate HealingModel::fate(const Dot& dot) const {
    const HealingSpec& h = m_level.healing;
    const Range band = depthBandAt(dot.pos);
    const Tissue tissue = tissueAt(dot.pos);
    const auto [shade, dilution] = pigmentOf(dot);
    Rng rng = dotRng(m_seed, dot);
    const double z1 = deviate(rng);
    const double z2 = deviate(rng);

    Fate f;
    HealedDot& fresh = f.fresh;
    fresh.pos = dot.pos;
    fresh.diameterMm = dot.diameterMm;
    const double alpha0 = std::sqrt(std::clamp(dilution, 0.0, 1.0));
    fresh.opacity = static_cast<float>(alpha0);
    fresh.blurMm = static_cast<float>(0.05 * dot.diameterMm);
    fresh.colour = shadeColour(shade);
    fresh.session = dot.session;
    fresh.scar = static_cast<int16_t>(tissue.scar);

    const double depth = dot.depthMm;
    const double lostDepth = std::max(0.0, band.min - h.fadeMarginMm);
    double kept = 1.0; // ρ
    if (depth <= lostDepth)
        kept = 0.0;
    else if (depth < band.min)
        kept = (depth - lostDepth) / (band.min - lostDepth);
    const double retained = std::max(0.0, kept * tissue.uptake * (1.0 + h.toneVariation * z1));
    const double past = std::max(0.0, depth - band.max);
    const bool blowout = past > h.blowoutMarginMm;
    const double deepness = std::min(1.0, past / h.blowoutMarginMm);

    uint8_t flags = 0;
    if (tissue.scar >= 0) flags |= kHealOnScar;
    if (depth < band.min) flags |= kHealFaded;
    if (past > 0.0) flags |= kHealMigrated;
    if (blowout) flags |= kHealBlowout;
    if (kept <= 0.0 || retained < kLostRetention) flags |= kHealLost;
    fresh.flags = flags;

    HealedDot& healed = f.healed;
    healed = fresh;
    double diameter = dot.diameterMm / h.freshToHealed * std::max(0.1, 1.0 + h.sizeVariation * z2) *
                      tissue.spread * (1.0 + h.migrationPerMm * past);
    if (blowout) diameter *= h.blowoutSpread;
    double blur = diameter * (0.08 + 0.25 * deepness + 0.05 * std::max(0.0, tissue.spread - 1.0));
    if (blowout) blur *= 2.0;
    const double blue =
        std::clamp(deepness * skinBlueRisk(m_level.canvas.skin) * shadeBlueFactor(shade), 0.0, 1.0);
    healed.blueShift = static_cast<float>(blue);
    healed.colour = mix(fresh.colour, kBlowoutBlue, blue);
    if (flags & kHealLost) {
        healed.diameterMm = 0.0f;
        healed.opacity = 0.0f;
        healed.blurMm = 0.0f;
    } else {
        healed.diameterMm = static_cast<float>(diameter);
        healed.opacity = static_cast<float>(std::clamp(alpha0 * retained * (1.0 - h.lightening), 0.0, 1.0));
        healed.blurMm = static_cast<float>(blur);
    }
    return f;
}

HealedDot HealingModel::healed(const Dot& dot) const {
    return fate(dot).healed;
}

HealedDot HealingModel::fresh(const Dot& dot) const {
    return fate(dot).fresh;
}

double HealingModel::progress(double ageDays) const {
    if (!(ageDays > 0.0)) return 0.0;
    const double t = std::min(1.0, ageDays / m_level.healing.settleDays);
    return t * t * (3.0 - 2.0 * t);
}

HealedDot HealingModel::at(const Dot& dot, double ageDays) const {
    const Fate f = fate(dot);
    const double p = progress(ageDays);
    if (p <= 0.0) return f.fresh;
    if (p >= 1.0) return f.healed;
    HealedDot out = f.healed;
    out.diameterMm = lerp(f.fresh.diameterMm, f.healed.diameterMm, p);
    out.opacity = lerp(f.fresh.opacity, f.healed.opacity, p);
    out.blurMm = lerp(f.fresh.blurMm, f.healed.blurMm, p);
    out.blueShift = lerp(f.fresh.blueShift, f.healed.blueShift, p);
    out.colour = mix(f.fresh.colour, f.healed.colour, p);
    return out;
}

std::vector<HealedDot> HealingModel::finalLook(std::span<const Dot> dots) const {
    std::vector<HealedDot> out;
    out.reserve(dots.size());
    for (const Dot& d : dots)
        out.push_back(healed(d));
    return out;
}

std::vector<HealedDot> HealingModel::lookAtSessionStart(std::span<const Dot> dots, int session) const {
    std::vector<HealedDot> out;
    out.reserve(dots.size());
    for (const Dot& d : dots)
        out.push_back(d.session < session ? at(d, ageAtSessionStart(m_level, d.session, session)) : fresh(d));
    return out;
}

double sessionStartDay(const Level& level, int session) {
    double day = 0.0;
    for (int s = 0; s < session && s < static_cast<int>(level.sessions.size()); ++s)
        day += level.sessions[static_cast<size_t>(s)].healDays;
    return day;
}

double ageAtSessionStart(const Level& level, int dotSession, int viewSession) {
    return sessionStartDay(level, viewSession) - sessionStartDay(level, dotSession);
}

} // namespace stipple
