// LiveFeedback implementation.
#include "app/live_feedback.h"

#include "render/theme.h"

#include <algorithm>
#include <cmath>

namespace stipple::app {

namespace {
std::unique_ptr<HealingModel> healingFor(const Level& level) {
    if (level.sessions.size() > 1 || !level.scars.empty()) return std::make_unique<HealingModel>(level);
    return nullptr;
}
} // namespace

LiveFeedback::LiveFeedback(const LevelContext& context)
    : m_context(context), m_healing(healingFor(context.level())), m_attempt(context, m_healing.get()),
      m_targets(context.level().target) {
    m_cellCounts.assign(static_cast<size_t>(context.evennessColumns() * context.evennessRows()), 0);
}

int LiveFeedback::zoneAt(Vec2 p) const {
    return m_context.field().zoneAt(p);
}

void LiveFeedback::onDotPlaced(const Dot& dot, std::size_t index, const Impression& impression) {
    m_attempt.add(static_cast<uint32_t>(index), dot);
    // The heatmap counts dots as evenness does: those the zones take.
    if (m_attempt.placement(static_cast<uint32_t>(index)).place == DotPlace::Zone)
        ++m_cellCounts[static_cast<size_t>(m_context.evennessCellOf(dot.pos))];
    m_targets.placed(index, dot.pos);
    if (m_impressions.size() <= index) m_impressions.resize(index + 1);
    m_impressions[index] = impression;
    m_last = impression;
    ++m_revision;
}

void LiveFeedback::onDotRemoved(const Dot& dot, std::size_t index) {
    const bool counted = m_attempt.placement(static_cast<uint32_t>(index)).place == DotPlace::Zone;
    if (!m_attempt.remove(static_cast<uint32_t>(index))) return;
    if (counted) --m_cellCounts[static_cast<size_t>(m_context.evennessCellOf(dot.pos))];
    m_targets.removed(index);
    // The needle panel goes back to the strike that remains last, not to "no strike yet".
    m_impressions.resize(std::min(m_impressions.size(), index));
    if (m_impressions.empty())
        m_last.reset();
    else
        m_last = m_impressions.back();
    ++m_revision;
}

const render::HeatmapImage& LiveFeedback::heatmap(double fraction) {
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
        m_heat.cells[c] = render::divergingColour(deviation, 115);
    }
    m_heatRevision = m_revision;
    m_heatFraction = fraction;
    return m_heat;
}

} // namespace stipple::app
