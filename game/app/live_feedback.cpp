// LiveFeedback implementation.
#include "app/live_feedback.h"

#include "app/theme.h"

#include <algorithm>
#include <cmath>

namespace stipple::app {

LiveFeedback::LiveFeedback(const LevelContext& context)
    : m_context(context), m_targets(context.level().target) {
    for (const Zone& z : context.level().zones) {
        LiveStatsConfig config;
        config.window = PatternWindow::polygon(z.outline);
        config.minSpacingMm = z.minSpacingMm;
        config.diameterMm = (z.healedDiameterMm.min + z.healedDiameterMm.max) / 2;
        config.expectedDensityPerCm2 = z.densityPerCm2;
        m_zones.push_back(std::make_unique<LiveStats>(config));
    }
    m_cellCounts.assign(static_cast<size_t>(context.evennessColumns() * context.evennessRows()), 0);
}

int LiveFeedback::zoneAt(Vec2 p) const { return m_context.field().zoneAt(p); }

void LiveFeedback::onDotPlaced(const Dot& dot, std::size_t index, const Impression& impression) {
    const int zone = zoneAt(dot.pos);
    if (m_zoneOfDot.size() <= index) m_zoneOfDot.resize(index + 1, -1);
    m_zoneOfDot[index] = zone;
    if (zone >= 0) {
        m_zones[static_cast<size_t>(zone)]->add(static_cast<uint32_t>(index), dot.pos);
        ++m_cellCounts[static_cast<size_t>(m_context.evennessCellOf(dot.pos))];
    } else {
        ++m_outside;
    }
    m_targets.placed(index, dot.pos);
    if (m_impressions.size() <= index) m_impressions.resize(index + 1);
    m_impressions[index] = impression;
    m_last = impression;
    ++m_revision;
}

void LiveFeedback::onDotRemoved(const Dot& dot, std::size_t index) {
    if (index >= m_zoneOfDot.size()) return;
    const int zone = m_zoneOfDot[index];
    if (zone >= 0) {
        m_zones[static_cast<size_t>(zone)]->remove(static_cast<uint32_t>(index));
        --m_cellCounts[static_cast<size_t>(m_context.evennessCellOf(dot.pos))];
    } else {
        --m_outside;
    }
    m_targets.removed(index);
    m_zoneOfDot.resize(index);
    // The needle panel goes back to the strike that remains last, not to "no strike yet".
    m_impressions.resize(std::min(m_impressions.size(), index));
    if (m_impressions.empty()) m_last.reset();
    else m_last = m_impressions.back();
    ++m_revision;
}

LiveSnapshot LiveFeedback::zoneSnapshot(int zone) const {
    if (zone < 0 || zone >= static_cast<int>(m_zones.size())) return {};
    return m_zones[static_cast<size_t>(zone)]->snapshot();
}

int64_t LiveFeedback::overlaps() const {
    int64_t n = 0;
    for (const auto& z : m_zones) n += z->snapshot().overlapPairs;
    return n;
}

int64_t LiveFeedback::tooClose() const {
    int64_t n = 0;
    for (const auto& z : m_zones) n += z->snapshot().minSpacingViolations;
    return n;
}

const HeatmapImage& LiveFeedback::heatmap(double fraction) {
    if (m_heatRevision == m_revision && m_heatFraction == fraction) return m_heat;
    m_heat.originMm = {0, 0};
    m_heat.cellMm = m_context.evennessCellMm();
    m_heat.columns = m_context.evennessColumns();
    m_heat.rows = m_context.evennessRows();
    m_heat.cells.assign(m_cellCounts.size(), sf::Color::Transparent);
    for (size_t c = 0; c < m_cellCounts.size(); ++c) {
        // The scorer's own rule for which cells evenness judges.
        if (!m_context.judgesCell(static_cast<int>(c))) continue;
        const double expectedFinal = m_context.expectedInCell(static_cast<int>(c));
        const double expected = expectedFinal * fraction;
        const double deviation = m_cellCounts[c] / expected - 1.0;
        m_heat.cells[c] = divergingColour(deviation, 115);
    }
    m_heatRevision = m_revision;
    m_heatFraction = fraction;
    return m_heat;
}

} // namespace stipple::app
