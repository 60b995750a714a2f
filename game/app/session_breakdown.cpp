// Session breakdown: see session_breakdown.h.
#include "app/session_breakdown.h"

#include "app/healed_ink.h"
#include "app/theme.h"

#include <algorithm>

namespace stipple::app {

namespace {

std::string pct(double fraction) { return fixed(fraction * 100.0, 0) + " %"; }

const std::string kDash = "\xE2\x80\x94";

/// `text` shortened at a word boundary, with an ellipsis, to fit `width` at `size`.
std::string fitted(const Theme& t, std::string text, float width, float size) {
    if (t.textWidth(text, size) <= width) return text;
    while (!text.empty() && t.textWidth(text + "\xE2\x80\xA6", size) > width) {
        const size_t space = text.find_last_of(' ');
        text.resize(space == std::string::npos ? 0 : space);
    }
    return text + "\xE2\x80\xA6";
}

/// The colour of a per-session value: its metric's verdict when the level scores it, else plain.
sf::Color verdictColour(const Scorecard& card, const std::string& id, const std::string& zone = "") {
    const MetricResult* m = card.find(id, zone);
    if (!m || m->weight <= 0) return colours::kText;
    return m->passed ? colours::kPass : colours::kFail;
}

} // namespace

bool SessionBreakdown::applies(const Level& level, bool sessionsKnown) {
    return sessionsKnown && (level.sessions.size() > 1 || !level.scars.empty());
}

SessionBreakdown::SessionBreakdown(const LevelContext& context, std::span<const Dot> dots, const AttemptInfo& info)
    : m_level(context.level()), m_score(scoreLayered(context, dots, info)) {
    m_lostBySession.assign(m_level.sessions.size(), 0);
    for (const HealedDot& h : m_score.finalLook) {
        const size_t s = std::min<size_t>(static_cast<size_t>(std::max<int>(h.session, 0)), m_level.sessions.size() - 1);
        if (h.lost()) ++m_lostBySession[s];
    }
    for (auto& r : m_renderers) {
        r.setLevel(&m_level, {});
        r.setBackground(colours::kPanel);
    }
}

InkDot SessionBreakdown::sessionInk(size_t i) const {
    const HealedDot& h = m_score.finalLook[i];
    InkDot ink;
    ink.pos = h.pos;
    ink.layer = h.session;
    // Each session in its own colour at its healed size, but never smaller than about two
    // pixels: the picture is about who placed what, not about the pigment.
    const double minMm = 2.2 / std::max(1e-6, m_views[kSessions].pxPerMm());
    ink.diameterMm = h.lost() ? 0.0 : std::max(static_cast<double>(h.diameterMm), minMm);
    ink.colour = sessionColour(h.session);
    if (h.lost()) ink.colour.a = 0;
    return ink;
}

void SessionBreakdown::drawPicture(sf::RenderTarget& target, const Theme& t, sf::FloatRect r, Picture which) {
    t.panel(target, r, colours::kPanel, 10);
    t.flush(target);
    const sf::FloatRect canvas(r.left + t.px(8), r.top + t.px(32), r.width - t.px(16),
                               r.height - t.px(which == kSessions ? 62 : 62));
    if (!(m_rects[which] == r)) {
        m_rects[which] = r;
        m_views[which].setViewport(canvas);
        m_views[which].fit(m_level.canvas.widthMm, m_level.canvas.heightMm);
    }
    CanvasLayers layers;
    layers.outlines = true;
    if (which == kHealed)
        m_renderers[which].sync(m_views[which], layers, m_score.finalLook.size(),
                                [this](size_t i) { return healedInk(m_score.finalLook[i]); });
    else
        m_renderers[which].sync(m_views[which], layers, m_score.finalLook.size(), [this](size_t i) { return sessionInk(i); });
    m_renderers[which].draw(target, m_views[which], layers);

    const float x = r.left + t.px(12);
    const float foot = r.top + r.height - t.px(22);
    if (which == kHealed) {
        t.text(target, "Healed final look", x, r.top + t.px(10), 13, colours::kText, Align::Left, true);
        const size_t visible = m_score.survivors.size();
        t.text(target,
               std::to_string(visible) + " dots visible after " + std::to_string(m_level.sessions.size()) +
                   (m_level.sessions.size() == 1 ? " session" : " sessions") + "  \xC2\xB7  " +
                   std::to_string(m_score.lost) + " lost at healing",
               x, foot, 10, m_score.lost > 0 ? colours::kWarm : colours::kTextFaint);
    } else {
        t.text(target, "Each session's dots", x, r.top + t.px(10), 13, colours::kText, Align::Left, true);
        // The legend: one swatch per session with its dot count ("Session 2 (137)", or "2: 137"
        // where the picture is narrow).
        std::vector<std::string> labels;
        float width = 0;
        for (bool compact : {false, true}) {
            labels.clear();
            width = 0;
            for (size_t k = 0; k < m_score.sessions.size(); ++k) {
                const std::string n = std::to_string(m_score.sessions[k].placed);
                labels.push_back(compact ? std::to_string(k + 1) + ": " + n : "Session " + std::to_string(k + 1) + " (" + n + ")");
                width += t.px(28) + t.textWidth(labels.back(), 10);
            }
            if (width <= r.width - t.px(24)) break;
        }
        float lx = x;
        for (size_t k = 0; k < labels.size(); ++k) {
            t.panel(target, {lx, foot + t.px(1), t.px(10), t.px(10)}, sessionColour(static_cast<int>(k)), 5);
            lx += t.px(14);
            lx += t.text(target, labels[k], lx, foot, 10, colours::kTextDim) + t.px(14);
        }
    }
}

void SessionBreakdown::drawTable(sf::RenderTarget& target, const Theme& t, sf::FloatRect r) const {
    t.panel(target, r, colours::kPanel, 10);
    const float pad = t.px(14);
    const float x = r.left + pad, w = r.width - 2 * pad;
    t.text(target, "Session by session", x, r.top + t.px(10), 13, colours::kText, Align::Left, true);
    // Columns: session | dots | cumulative density | stacked | gaps filled | shade.
    const float cols[6] = {x, x + w * 0.27f, x + w * 0.42f, x + w * 0.62f, x + w * 0.76f, x + w * 0.92f};
    const char* heads[6] = {"SESSION", "DOTS", "DENSITY SO FAR", "STACKED", "GAPS FILLED", "SHADE"};
    const float headY = r.top + t.px(34);
    for (int c = 0; c < 6; ++c) t.text(target, heads[c], cols[c], headY, 9, colours::kTextFaint, Align::Left, true);
    const size_t n = m_score.sessions.size();
    const size_t scars = m_score.scars.size();
    const float rowH = std::min(t.px(60), (r.height - t.px(56) - t.px(40) * static_cast<float>(scars)) /
                                              static_cast<float>(std::max<size_t>(n, 1)));
    for (size_t k = 0; k < n; ++k) {
        const SessionLayering& s = m_score.sessions[k];
        const SessionSpec& spec = m_level.sessions[std::min(k, m_level.sessions.size() - 1)];
        const float y = headY + t.px(20) + static_cast<float>(k) * rowH;
        if (k % 2 == 1) t.rect(target, {r.left + t.px(4), y - t.px(5), r.width - t.px(8), rowH}, sf::Color(255, 255, 255, 6));
        // Session, with its legend colour.
        t.panel(target, {cols[0], y + t.px(2), t.px(10), t.px(10)}, sessionColour(static_cast<int>(k)), 5);
        t.text(target, "Session " + std::to_string(k + 1), cols[0] + t.px(16), y, 13, colours::kText, Align::Left, true);
        t.text(target, spec.shade + " " + pct(spec.dilution), cols[0] + t.px(16), y + t.px(17), 10, colours::kTextDim);
        // Dots placed and lost at healing.
        t.text(target, std::to_string(s.placed), cols[1], y, 13, colours::kText);
        const int lost = k < m_lostBySession.size() ? m_lostBySession[k] : s.lost;
        t.text(target, lost > 0 ? std::to_string(lost) + " lost" : "none lost", cols[1], y + t.px(17), 10,
               lost > 0 ? colours::kWarm : colours::kTextFaint);
        // Cumulative density against the session's target share.
        t.text(target, fixed(s.cumulativeRatio, 2) + "\xC3\x97", cols[2], y, 13, verdictColour(s.card, "layering-density"));
        t.text(target, "of " + pct(spec.cumulativeFraction) + " (" + fixed(s.targetCount, 0) + " dots)", cols[2], y + t.px(17),
               10, colours::kTextDim);
        // Stacking onto earlier healed dots (sessions after the first).
        if (s.stackingFraction) {
            t.text(target, pct(*s.stackingFraction), cols[3], y, 13, verdictColour(s.card, "layering-stacking"));
            t.text(target, std::to_string(s.stacked) + " on top", cols[3], y + t.px(17), 10, colours::kTextDim);
        } else {
            t.text(target, kDash, cols[3], y, 13, colours::kTextFaint);
            t.text(target, "first layer", cols[3], y + t.px(17), 10, colours::kTextFaint);
        }
        // Gaps filled, and how the gap area shrank.
        t.text(target, s.gapsFilled ? pct(*s.gapsFilled) : kDash, cols[4], y, 13,
               s.gapsFilled ? verdictColour(s.card, "layering-gaps") : colours::kTextFaint);
        t.text(target, fixed(s.gapBeforeMm2, 0) + " \xE2\x86\x92 " + fixed(s.gapAfterMm2, 0) + " mm\xC2\xB2", cols[4],
               y + t.px(17), 10, colours::kTextDim);
        // Shade matched.
        t.text(target, s.shadeFraction ? pct(*s.shadeFraction) : kDash, cols[5], y, 13,
               s.shadeFraction ? verdictColour(s.card, "layering-shade") : colours::kTextFaint);
        t.text(target, s.shadeFraction ? "matched" : "not recorded", cols[5], y + t.px(17), 10, colours::kTextDim);
        // What to do about this session: its weakest counted layering metric, in the scorer's words.
        const MetricResult* weakest = nullptr;
        for (const MetricResult& m : s.card.metrics)
            if (m.weight > 0 && m.score < 100 && (!weakest || m.score < weakest->score)) weakest = &m;
        if (rowH >= t.px(52))
            t.text(target,
                   fitted(t, weakest ? weakest->explanation : std::string("every layering number on target"),
                          x + w - cols[0] - t.px(16), 10),
                   cols[0] + t.px(16), y + t.px(33), 10, weakest && !weakest->passed ? colours::kWarm : colours::kTextFaint);
    }
    // Scars: matched to the skin around them on the healed look.
    float sy = headY + t.px(20) + static_cast<float>(n) * rowH + t.px(6);
    for (const ScarMatch& m : m_score.scars) {
        const std::string id = m.scar < static_cast<int>(m_level.scars.size()) ? m_level.scars[static_cast<size_t>(m.scar)].id : "?";
        t.text(target, "Scar " + id, cols[0], sy, 13, colours::kText, Align::Left, true);
        t.text(target, std::to_string(m.dotsOn) + " dots on it, " + std::to_string(m.dotsAround) + " in the skin around it",
               cols[0], sy + t.px(17), 10, colours::kTextDim);
        // Against the ring of skin around the scar: 1× is a perfect match.
        t.text(target, m.densityRatio ? fixed(*m.densityRatio, 2) + "\xC3\x97" : kDash, cols[2], sy, 13,
               verdictColour(m_score.card, "scar-density", id));
        t.text(target, "density vs the skin", cols[2], sy + t.px(17), 10, colours::kTextDim);
        t.text(target, m.toneRatio ? fixed(*m.toneRatio, 2) + "\xC3\x97" : kDash, cols[5], sy, 13,
               verdictColour(m_score.card, "scar-tone", id));
        t.text(target, "tone", cols[5], sy + t.px(17), 10, colours::kTextDim);
        sy += t.px(40);
    }
    if (n == 0) t.text(target, "No session placed a dot.", x, headY + t.px(22), 13, colours::kTextDim);
}

void SessionBreakdown::draw(sf::RenderTarget& target, const Theme& t, sf::FloatRect healed, sf::FloatRect sessions,
                            sf::FloatRect table) {
    drawPicture(target, t, healed, kHealed);
    drawPicture(target, t, sessions, kSessions);
    drawTable(target, t, table);
}

} // namespace stipple::app
