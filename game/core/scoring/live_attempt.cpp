#include "scoring/live_attempt.h"

namespace stipple {

LiveAttempt::LiveAttempt(const LevelContext& context, const HealingModel* healing)
    : m_context(context), m_healing(healing) {
    const Level& level = context.level();
    for (size_t z = 0; z < level.zones.size(); ++z) {
        const Zone& zone = level.zones[z];
        LiveStatsConfig config;
        config.window = context.zoneWindow(z);
        config.minSpacingMm = zone.minSpacingMm;
        config.diameterMm = 0.5 * (zone.healedDiameterMm.min + zone.healedDiameterMm.max);
        config.expectedDensityPerCm2 = zone.densityPerCm2;
        m_zones.push_back(std::make_unique<LiveStats>(config));
    }
}

double LiveAttempt::healedDiameter(const Dot& dot) const {
    return m_healing ? static_cast<double>(m_healing->healed(dot).diameterMm) : healedDiameterMm(dot);
}

void LiveAttempt::add(uint32_t index, const Dot& dot) {
    if (m_entries.size() <= index) m_entries.resize(index + 1);
    Entry& e = m_entries[index];
    if (e.kind != Kind::Absent) remove(index);
    const Placement where = placeDot(m_context, dot.pos);
    e.zone = static_cast<int16_t>(where.zone);
    ++m_count;
    if (m_healing && m_healing->healed(dot).lost()) {
        e.kind = Kind::Lost; // the healed look does not have it
        ++m_lost;
        return;
    }
    switch (where.place) {
    case DotPlace::Forbidden:
        e.kind = Kind::Forbidden;
        ++m_forbidden;
        break;
    case DotPlace::Spill:
        e.kind = Kind::Spill;
        ++m_spill;
        break;
    case DotPlace::Zone:
        e.kind = Kind::Zone;
        m_zones[static_cast<size_t>(where.zone)]->add(index, dot.pos, healedDiameter(dot));
        break;
    }
}

bool LiveAttempt::remove(uint32_t index) {
    if (index >= m_entries.size() || m_entries[index].kind == Kind::Absent) return false;
    Entry& e = m_entries[index];
    switch (e.kind) {
    case Kind::Zone:
        m_zones[static_cast<size_t>(e.zone)]->remove(index);
        break;
    case Kind::Spill:
        --m_spill;
        break;
    case Kind::Forbidden:
        --m_forbidden;
        break;
    case Kind::Lost:
        --m_lost;
        break;
    case Kind::Absent:
        break;
    }
    e = Entry{};
    --m_count;
    return true;
}

Placement LiveAttempt::placement(uint32_t index) const {
    Placement out;
    if (index >= m_entries.size()) return out;
    const Entry& e = m_entries[index];
    out.zone = e.zone;
    out.place = e.kind == Kind::Zone        ? DotPlace::Zone
                : e.kind == Kind::Forbidden ? DotPlace::Forbidden
                                            : DotPlace::Spill;
    return out;
}

std::optional<double> LiveAttempt::densityRatio(size_t z) const {
    const double expected = m_context.expectedInZone(z);
    if (!(expected > 0.0) || !(m_context.usableAreaMm2(z) > 0.0)) return std::nullopt;
    return static_cast<double>(m_zones[z]->count()) / expected;
}

std::optional<double> LiveAttempt::densityPerCm2(size_t z) const {
    const double area = m_context.usableAreaMm2(z);
    if (!(area > 0.0)) return std::nullopt;
    return 100.0 * static_cast<double>(m_zones[z]->count()) / area;
}

int64_t LiveAttempt::overlaps() const {
    int64_t n = 0;
    for (const auto& z : m_zones)
        n += z->snapshot().overlapPairs;
    return n;
}

int64_t LiveAttempt::tooClose() const {
    int64_t n = 0;
    for (const auto& z : m_zones)
        n += z->snapshot().minSpacingViolations;
    return n;
}

} // namespace stipple
