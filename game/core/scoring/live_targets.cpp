// Live target matching: see live_targets.h.
#include "scoring/live_targets.h"

namespace stipple {

namespace {
constexpr int32_t kNotPlaced = -2;
constexpr int32_t kNoTarget = -1;
} // namespace

LiveTargets::LiveTargets(const TargetPattern& pattern) : m_toleranceMm(pattern.toleranceMm) {
    m_targets.reserve(pattern.dots.size());
    for (const TargetDot& t : pattern.dots)
        m_targets.push_back(t.pos);
    if (m_targets.empty()) return;
    Rect area;
    for (Vec2 p : m_targets)
        area.expand(p);
    m_free = PointGrid(GridLayout::forPoints(area, m_targets.size()));
    m_free.reserve(m_targets.size());
    for (size_t i = 0; i < m_targets.size(); ++i)
        m_free.insert(static_cast<uint32_t>(i), m_targets[i]);
}

void LiveTargets::placed(size_t index, Vec2 p) {
    if (m_targets.empty()) return;
    if (index >= m_claim.size()) {
        m_claim.resize(index + 1, kNotPlaced);
        m_errorMm.resize(index + 1, 0.0);
    }
    if (m_claim[index] != kNotPlaced) removed(index); // re-placing an index replaces the dot
    ++m_placed;
    m_claim[index] = kNoTarget;
    const Neighbour n = m_free.nearest(p);
    if (!n.found() || !(n.distanceSquared < m_toleranceMm * m_toleranceMm)) return;
    m_free.remove(n.id);
    m_claim[index] = static_cast<int32_t>(n.id);
    m_errorMm[index] = n.distance();
    m_errorSumMm += m_errorMm[index];
    ++m_hits;
}

void LiveTargets::removed(size_t index) {
    if (index >= m_claim.size() || m_claim[index] == kNotPlaced) return;
    const int32_t t = m_claim[index];
    m_claim[index] = kNotPlaced;
    --m_placed;
    if (t < 0) return;
    m_free.insert(static_cast<uint32_t>(t), m_targets[static_cast<size_t>(t)]);
    m_errorSumMm -= m_errorMm[index];
    --m_hits;
    if (m_hits == 0) m_errorSumMm = 0.0; // no drift left behind once every hit is undone
}

LiveTargetSnapshot LiveTargets::snapshot() const {
    LiveTargetSnapshot s;
    s.targets = static_cast<int>(m_targets.size());
    s.hits = m_hits;
    s.extras = m_placed - m_hits;
    s.meanErrorMm = m_hits > 0 ? m_errorSumMm / m_hits : 0.0;
    return s;
}

int LiveTargets::targetOf(size_t index) const {
    return index < m_claim.size() && m_claim[index] >= 0 ? m_claim[index] : -1;
}

} // namespace stipple
