// Healing view: see healing_view.h.
#include "app/healing_view.h"

#include "render/healed_ink.h"
#include "render/theme.h"

#include <algorithm>
#include <cmath>

namespace stipple::app {

using render::Align;
namespace colours = render::colours;
using render::fixed;

namespace {

std::string percentText(double fraction) {
    return fixed(fraction * 100.0, 0) + " %";
}

std::string daysText(double days) {
    return fixed(days, days == std::floor(days) ? 0 : 1) + (days == 1 ? " day" : " days");
}

} // namespace

HealingView::HealingView(const Level& level) : m_level(level), m_model(level) {}

void HealingView::follow(int session) {
    if (session == m_session) return;
    m_session = session;
    m_cache.clear();
    m_redraw = true;
}

void HealingView::startHeal(int from, int to) {
    follow(to);
    if (to <= from) return;
    m_from = from;
    m_to = to;
    m_animating = true;
    m_u = 0.0;
    m_step = 0;
    m_showHealed = false; // the animation ends on the canvas as the next session sees it
    m_redraw = true;
}

void HealingView::update(double dtS) {
    if (!m_animating) return;
    // A stalled frame may jump the animation forward, never past its end.
    m_u = std::min(1.0, m_u + std::max(0.0, dtS) / kHealAnimationS);
    const int step = static_cast<int>(std::floor(m_u * kHealAnimationSteps));
    if (step != m_step) {
        m_step = step;
        m_redraw = true;
    }
    if (m_u >= 1.0) skip();
}

void HealingView::skip() {
    if (!m_animating) return;
    m_animating = false;
    m_u = 1.0;
    m_redraw = true;
}

bool HealingView::skipOn(const sf::Event& e) {
    if (!m_animating) return false;
    if (e.type != sf::Event::KeyPressed && e.type != sf::Event::MouseButtonPressed) return false;
    skip();
    return true;
}

void HealingView::setShowHealed(bool on) {
    if (on == m_showHealed) return;
    skip();
    m_showHealed = on;
    m_cache.clear();
    m_redraw = true;
}

bool HealingView::takeRedraw() {
    const bool r = m_redraw;
    m_redraw = false;
    return r;
}

HealedDot HealingView::settled(size_t index, const Dot& dot) const {
    if (index >= m_cache.size()) m_cache.resize(index + 1);
    Cached& c = m_cache[index];
    if (!c.valid || c.tick != dot.tick || !(c.pos == dot.pos)) {
        c.look = m_showHealed ? m_model.healed(dot)
                              : m_model.at(dot, ageAtSessionStart(m_level, dot.session, m_session));
        c.pos = dot.pos;
        c.tick = dot.tick;
        c.valid = true;
    }
    return c.look;
}

render::InkDot HealingView::ink(size_t index, const Dot& dot, const render::InkDot& fresh) const {
    if (m_animating) {
        if (dot.session >= m_to) return fresh;
        // Each earlier dot ages from the old session's start to the new one's, in whole steps.
        const double u = static_cast<double>(m_step) / kHealAnimationSteps;
        const double a0 = ageAtSessionStart(m_level, dot.session, m_from);
        const double a1 = ageAtSessionStart(m_level, dot.session, m_to);
        return render::healedInk(m_model.at(dot, a0 + (a1 - a0) * u));
    }
    if (!m_showHealed && dot.session >= m_session) return fresh;
    return render::healedInk(settled(index, dot));
}

float HealingView::timelineHeight(const render::Theme& t) const {
    return multiSession() ? t.px(54) : 0.f;
}

void HealingView::drawTimeline(sf::RenderTarget& target, const render::Theme& t, sf::FloatRect r) const {
    if (!multiSession() || r.height <= 0) return;
    t.rect(target, r, colours::kPanel);
    t.rect(target, {r.left, r.top + r.height - t.px(1), r.width, t.px(1)}, colours::kBorder);
    const int n = static_cast<int>(m_level.sessions.size());
    // Right: what the canvas shows (or how far the heal has got), and the keys.
    std::string state, hint;
    sf::Color stateColour = colours::kText;
    if (m_animating) {
        const double total = m_level.sessions[static_cast<size_t>(m_from)].healDays;
        state = "Healing\xE2\x80\xA6 day " + fixed(std::floor(total * m_u), 0) + " of " + fixed(total, 0);
        hint = "any key skips";
        stateColour = colours::kPass;
    } else if (m_showHealed) {
        state = "showing: every dot healed";
        hint = "T: back to as placed";
        stateColour = colours::kWarm;
    } else {
        state = "showing: as placed";
        hint = "T: as healed  \xC2\xB7  N: heal, next session";
    }
    const float right = r.left + r.width - t.px(16);
    const float statusW = std::max(t.textWidth(state, 13, true), t.textWidth(hint, 10));
    const float cy = r.top + t.px(15);
    t.text(target, state, right, cy - t.px(8), 13, stateColour, Align::Right, true);
    t.text(target, hint, right, cy + t.px(12), 10, colours::kTextFaint, Align::Right);

    // Session nodes 1..N on a line, then the healed final look; each link is a heal interval.
    const float x0 = r.left + t.px(24), x1 = right - statusW - t.px(90);
    const float stepW = (x1 - x0) / static_cast<float>(n);
    const float rad = t.px(5);
    // Many sessions in a narrow window: "S2" and "14 d" instead of "Session 2" and "14 days".
    // The test is the drawing's own geometry: a node's title (from its left) and the link's days
    // (centred at 0.55 of the step) on one row, its sub-line under the title before the next
    // node's. (A fixed margin let them overlap between 800 and 1024 pixels wide, where the text
    // stops shrinking with the window.)
    bool compact = false;
    for (int k = 0; k < n; ++k) {
        const SessionSpec& spec = m_level.sessions[static_cast<size_t>(k)];
        const float title = t.textWidth("Session " + std::to_string(k + 1), 12, true);
        const float days = t.textWidth(daysText(spec.healDays), 10);
        const float sub = t.textWidth(spec.shade + " \xC2\xB7 " + percentText(spec.cumulativeFraction), 10);
        compact = compact || -rad + title + t.px(8) > stepW * 0.55f - days / 2 || sub + t.px(8) > stepW;
    }
    for (int k = 0; k <= n; ++k) {
        const float x = x0 + stepW * static_cast<float>(k);
        if (k < n) {
            // The link to the next node, filled as far as healing has got.
            const float len = stepW - 2 * rad;
            double filled = k < m_session ? 1.0 : 0.0;
            if (m_animating && k == m_from) filled = m_u;
            t.rect(target, {x + rad, cy - t.px(1), len, t.px(2)}, colours::kBorder);
            if (filled > 0)
                t.rect(target, {x + rad, cy - t.px(1), static_cast<float>(len * filled), t.px(2)},
                       colours::kPass);
            const double days = m_level.sessions[static_cast<size_t>(k)].healDays;
            t.text(target, compact ? fixed(days, 0) + " d" : daysText(days),
                   x + stepW * (compact ? 0.6f : 0.55f), cy + t.px(9), 10, colours::kTextFaint,
                   Align::Centre);
        }
        const bool current = k == m_session && !m_showHealed;
        const bool done = k < m_session;
        const bool final = k == n && m_showHealed;
        const float cr = current || final ? rad * 1.5f : rad;
        const sf::Color fill = current ? colours::kAccent
                               : final ? colours::kWarm
                               : done  ? colours::kPass
                                       : colours::kPanelRaised;
        t.panel(target, {x - cr, cy - cr, 2 * cr, 2 * cr}, fill, cr / t.scale(),
                current || final ? colours::kText : colours::kBorder);
        const sf::Color ink = current || final ? colours::kText
                              : done           ? colours::kTextDim
                                               : colours::kTextFaint;
        std::string title = "Healed", sub = "final look";
        if (k < n) {
            const SessionSpec& spec = m_level.sessions[static_cast<size_t>(k)];
            title = (compact ? "S" : "Session ") + std::to_string(k + 1);
            sub = compact ? percentText(spec.cumulativeFraction)
                          : spec.shade + " \xC2\xB7 " + percentText(spec.cumulativeFraction);
        }
        t.text(target, title, x - rad, cy + t.px(8), 12, ink, Align::Left, current || final);
        t.text(target, sub, x - rad, cy + t.px(24), 10, ink);
    }
}

} // namespace stipple::app
