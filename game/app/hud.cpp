// HUD implementation: sections stacked top to bottom in the sidebar, buttons pinned to its foot.
#include "app/hud.h"

#include "render/theme.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stipple::app {

using render::Align;
using render::Theme;
namespace colours = render::colours;
using render::fixed;

std::string clockText(double seconds) {
    const long s = std::max(0L, static_cast<long>(std::floor(seconds)));
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

float Hud::section(sf::RenderTarget& target, float y, const std::string& title, float height) {
    const Theme& t = m_theme;
    t.panel(target, {m_rect.left, y, m_rect.width, height}, colours::kPanel, 8);
    t.text(target, title, m_rect.left + t.px(16), y + t.px(12), 11, colours::kTextFaint, Align::Left, true);
    return y + t.px(34);
}

void Hud::drawGauge(sf::RenderTarget& target, sf::FloatRect r, const HudModel& m) {
    const Theme& t = m_theme;
    auto xOf = [&](double mm) {
        return r.left + static_cast<float>(std::clamp(mm / m.gaugeMaxMm, 0.0, 1.0)) * r.width;
    };
    t.panel(target, r, colours::kPanelRaised, 3);
    t.rect(target, {xOf(m.depthBandMm.min), r.top, xOf(m.depthBandMm.max) - xOf(m.depthBandMm.min), r.height},
           sf::Color(124, 196, 138, 90));
    t.rect(target, {xOf(m.blowoutMm), r.top, r.left + r.width - xOf(m.blowoutMm), r.height},
           sf::Color(228, 120, 104, 70));
    if (m.haveStrike) {
        sf::Color c = colours::kTextDim;
        if (m.depthMm >= m.depthBandMm.min && m.depthMm <= m.depthBandMm.max)
            c = colours::kPass;
        else if (m.depthMm > m.blowoutMm)
            c = colours::kFail;
        else if (m.depthMm > m.depthBandMm.max)
            c = colours::kWarm;
        if (!m.needleDown) c.a = 200;
        t.rect(target, {r.left, r.top + t.px(3), std::max(2.f, xOf(m.depthMm) - r.left), r.height - t.px(6)},
               sf::Color(c.r, c.g, c.b, 110));
        t.rect(target, {xOf(m.depthMm) - t.px(1.5f), r.top - t.px(3), t.px(3), r.height + t.px(6)}, c);
    }
}

void Hud::draw(sf::RenderTarget& target, const HudModel& m) {
    const Theme& t = m_theme;
    m_hits.clear();
    const float x = m_rect.left + t.px(16);
    const float right = m_rect.left + m_rect.width - t.px(16);
    const float gap = t.px(10);
    float y = m_rect.top;

    // --- Needle
    float top = y;
    y = section(target, top, "NEEDLE", t.px(176));
    {
        const std::string depth = m.haveStrike ? fixed(m.depthMm, 2) : "\xE2\x80\x94";
        const float w = t.text(target, depth, x, y - t.px(4), 28, colours::kText, Align::Left, true);
        t.text(target, "mm deep", x + w + t.px(8), y + t.px(10), 13, colours::kTextDim);
        const char* state = m.needleDown ? "in the skin" : m.haveStrike ? "last strike" : "no strike yet";
        t.text(target, state, right, y + t.px(10), 12, m.needleDown ? colours::kWarm : colours::kTextFaint,
               Align::Right);
        y += t.px(40);
        drawGauge(target, {x, y, right - x, t.px(12)}, m);
        y += t.px(18);
        t.text(target,
               "ideal " + fixed(m.depthBandMm.min, 1) + "\xE2\x80\x93" + fixed(m.depthBandMm.max, 1) + " mm",
               x, y, 11, colours::kPass);
        t.text(target, "blowout > " + fixed(m.blowoutMm, 1), right, y, 11, colours::kFail, Align::Right);
        y += t.px(24);
        std::string size = m.haveStrike ? fixed(m.dotSizeMm, 2) + " mm dot" : "\xE2\x80\x94";
        if (m.haveStrike && m.elongation > 1.15)
            size += "  \xC2\xB7  smeared \xC3\x97" + fixed(m.elongation, 1);
        const float sizeW =
            t.text(target, size, x, y, 14, m.elongation > 1.15 ? colours::kWarm : colours::kText);
        y += t.px(24);
        std::string tool = m.needle + "   " + m.pigment;
        if (m.pressure) {
            // The pressure on the tool's line, or beside the dot size when the line would not fit
            // the panel (a narrow window).
            const std::string pressure = "pressure " + fixed(*m.pressure, 2);
            if (t.textWidth(tool + "   " + pressure, 12) <= right - x)
                tool += "   " + pressure;
            else if (x + sizeW + t.px(12) + t.textWidth(pressure, 12) <= right)
                t.text(target, pressure, right, y - t.px(24) + t.px(2), 12, colours::kTextDim, Align::Right);
        }
        t.text(target, tool, x, y, 12, colours::kTextDim);
    }
    y = top + t.px(176) + gap;

    // --- Zone under the cursor
    top = y;
    const bool drill = m.zoneName.empty() && m.targets.targets > 0;
    y = section(target, top, drill ? "TARGET DOTS" : "ZONE UNDER THE NEEDLE", t.px(112));
    if (drill) {
        // A drill: the targets are the design. Hits are claimed live as dots land; the results
        // screen re-matches optimally, which can only add hits.
        const LiveTargetSnapshot& tg = m.targets;
        t.text(target, "Targets", x, y, 15, colours::kText, Align::Left, true);
        // Hits are a live score: a level (or an exam) without live numbers shows only how many targets there
        // are.
        t.text(target,
               m.liveScore ? std::to_string(tg.hits) + " of " + std::to_string(tg.targets) + " hit"
                           : std::to_string(tg.targets) + " targets",
               right, y, 15, colours::kText, Align::Right);
        y += t.px(30);
        const sf::FloatRect bar(x, y, right - x, t.px(8));
        t.panel(target, bar, colours::kPanelRaised, 3);
        const float fillW =
            m.liveScore ? bar.width * static_cast<float>(tg.hits) / static_cast<float>(tg.targets) : 0.f;
        if (fillW > 0)
            t.panel(target, {bar.left, bar.top, std::max(fillW, t.px(6)), bar.height}, colours::kPass, 3);
        y += t.px(16);
        if (!m.liveScore) {
            t.text(target, "live numbers are off in this level", x, y, 11, colours::kTextFaint);
        } else {
            std::string line = tg.hits > 0 ? "mean error " + fixed(tg.meanErrorMm, 2) + " mm" : "no hit yet";
            line +=
                "  \xC2\xB7  " + std::to_string(tg.extras) + (tg.extras == 1 ? " stray dot" : " stray dots");
            t.text(target, line, x, y, 11, tg.extras > 0 ? colours::kWarm : colours::kTextFaint);
        }
    } else if (m.zoneName.empty()) {
        t.text(target, "Outside the design", x, y, 15, colours::kTextDim);
        t.text(target, m.hasZones ? "dots here count as spill" : "this level has no zones", x, y + t.px(24),
               12, colours::kTextFaint);
    } else if (!m.liveScore) {
        t.text(target, m.zoneName, x, y, 15, colours::kText, Align::Left, true);
        t.text(target, "live numbers are off in this level", x, y + t.px(24), 12, colours::kTextFaint);
    } else {
        const double d = m.densityPerCm2.value_or(0.0);
        const std::string value = fixed(d, 0) + " / " + fixed(m.targetPerCm2, 0) + " dots/cm\xC2\xB2";
        // The zone's name and its density on one line, or the density under a long name.
        const bool oneLine =
            t.textWidth(m.zoneName, 15, true) + t.px(12) + t.textWidth(value, 15) <= right - x;
        t.text(target, oneLine ? m.zoneName : t.elide(m.zoneName, right - x, 15, true), x, y, 15,
               colours::kText, Align::Left, true);
        if (oneLine) {
            t.text(target, value, right, y, 15, colours::kText, Align::Right);
            y += t.px(30);
        } else {
            t.text(target, value, x, y + t.px(21), 13, colours::kText);
            y += t.px(42);
        }
        const sf::FloatRect bar(x, y, right - x, t.px(8));
        t.panel(target, bar, colours::kPanelRaised, 3);
        const double full = std::max(m.targetPerCm2 * 1.5, 1.0);
        const float fillW = static_cast<float>(std::clamp(d / full, 0.0, 1.0)) * bar.width;
        const double ratio = m.targetPerCm2 > 0 ? d / m.targetPerCm2 : 0.0;
        const sf::Color c = ratio > 1.15 ? colours::kWarm : ratio >= 0.85 ? colours::kPass : colours::kAccent;
        if (fillW > 0) t.panel(target, {bar.left, bar.top, std::max(fillW, t.px(6)), bar.height}, c, 3);
        t.rect(target,
               {bar.left + bar.width / 1.5f - t.px(1), bar.top - t.px(4), t.px(2), bar.height + t.px(8)},
               colours::kText);
        y += t.px(16);
        t.text(target, "target this session; final " + fixed(m.finalPerCm2, 0), x, y, 11,
               colours::kTextFaint);
    }
    y = top + t.px(112) + gap;

    // --- Work so far: a 3 × 2 grid of tiles
    top = y;
    const float workH = t.px(178);
    const std::string workTitle =
        "WORK  \xC2\xB7  SESSION " + std::to_string(m.session + 1) + " OF " + std::to_string(m.sessionCount);
    y = section(target, top, workTitle, workH);
    {
        const double minutes = m.elapsedS / 60.0;
        const double pace = minutes > 0.05 ? m.strikes / minutes : 0.0;
        struct Tile {
            std::string label, value;
            sf::Color colour;
        };
        const std::string time = clockText(m.elapsedS) + (m.limitS > 0 ? " / " + clockText(m.limitS) : "");
        const bool live = m.liveScore;
        const std::string dash = "\xE2\x80\x94";
        const Tile tiles[6] = {
            {"strikes", std::to_string(m.strikes), colours::kText},
            {"dots", std::to_string(m.dots), colours::kText},
            {"overlaps", live ? std::to_string(m.overlaps) : dash,
             m.overlaps > 0 && live ? colours::kWarm : colours::kText},
            {"too close", live ? std::to_string(m.tooClose) : dash,
             m.tooClose > 0 && live ? colours::kWarm : colours::kText},
            {"pace /min", fixed(pace, 0) + " of " + fixed(m.expectedPerMin, 0), colours::kText},
            {"time", time, m.limitS > 0 && m.limitS - m.elapsedS < 60 ? colours::kFail : colours::kText},
        };
        const float colW = (right - x) / 2;
        for (int i = 0; i < 6; ++i) {
            const float tx = x + (i % 2) * colW;
            const float ty = y + (i / 2) * t.px(46);
            t.text(target, tiles[i].value, tx, ty, 18, tiles[i].colour, Align::Left, true);
            t.text(target, tiles[i].label, tx, ty + t.px(24), 11, colours::kTextFaint);
        }
        if ((m.spill > 0 || m.forbidden > 0) && live && m.hasZones) {
            std::string outside = m.spill > 0 ? std::to_string(m.spill) + " spilled" : "";
            if (m.forbidden > 0)
                outside += (outside.empty() ? "" : " \xC2\xB7 ") + std::to_string(m.forbidden) + " forbidden";
            // Beside the section title: when both do not fit, one count of the dots off the design.
            const float room = (right - x) - t.textWidth(workTitle, 11, true) - t.px(12);
            if (t.textWidth(outside, 11) > room) outside = std::to_string(m.spill + m.forbidden) + " outside";
            t.text(target, outside, right, top + t.px(12), 11, colours::kFail, Align::Right);
        }
    }
    y = top + workH + gap;

    // --- Aids
    top = y;
    const float rowH = t.px(30);
    const float aidsH = t.px(40) + rowH * m.aids.size();
    y = section(target, top, "PRACTICE AIDS", aidsH);
    // "not here" for every aid where the long form would run into a long aid's name (a narrow
    // window): one wording in the panel.
    std::string notOffered = "not in this level";
    for (const HudAid& a : m.aids) {
        const float chipW = std::max(t.px(26), t.textWidth(a.key, 12, true) + t.px(12));
        const float nameEnd = x + chipW + t.px(10) + t.textWidth(a.name, 14) + t.px(8);
        if (!a.allowed && right - t.textWidth(notOffered, 11) < nameEnd) notOffered = "not here";
    }
    for (const HudAid& a : m.aids) {
        const sf::FloatRect row(m_rect.left + t.px(8), y - t.px(4), m_rect.width - t.px(16), rowH);
        const float chipW = std::max(t.px(26), t.textWidth(a.key, 12, true) + t.px(12));
        t.panel(target, {x, y, chipW, t.px(20)}, colours::kPanelRaised, 4, colours::kBorder);
        t.text(target, a.key, x + chipW / 2, y + t.px(2), 12,
               a.allowed ? colours::kText : colours::kTextFaint, Align::Centre, true);
        t.text(target, a.name, x + chipW + t.px(10), y + t.px(1), 14,
               a.allowed ? colours::kText : colours::kTextFaint);
        if (!a.allowed) {
            t.text(target, notOffered, right, y + t.px(3), 11, colours::kTextFaint, Align::Right);
        } else if (a.action == HudAction::Undo) {
            t.text(target, a.on ? "available" : "nothing to undo", right, y + t.px(3), 11,
                   a.on ? colours::kTextDim : colours::kTextFaint, Align::Right);
            m_hits.push_back({row, a.action});
        } else {
            // A small switch.
            const sf::FloatRect sw(right - t.px(34), y + t.px(1), t.px(34), t.px(18));
            t.panel(target, sw, a.on ? colours::kAccent : colours::kPanelRaised, 9, colours::kBorder);
            const float knob = t.px(14);
            t.panel(target,
                    {a.on ? sw.left + sw.width - knob - t.px(2) : sw.left + t.px(2), sw.top + t.px(2), knob,
                     knob},
                    a.on ? colours::kBackground : colours::kTextDim, 7);
            m_hits.push_back({row, a.action});
        }
        y += rowH;
    }

    // --- Buttons pinned to the bottom of the sidebar
    const float bh = t.px(44);
    float by = m_rect.top + m_rect.height - bh;
    const sf::FloatRect finish(m_rect.left, by, m_rect.width, bh);
    t.panel(target, finish, colours::kAccent, 8);
    t.text(target, "Finish  \xC2\xB7  Enter", finish.left + finish.width / 2, finish.top + t.px(12), 16,
           colours::kBackground, Align::Centre, true);
    m_hits.push_back({finish, HudAction::Finish});
    if (m.session + 1 < m.sessionCount) {
        by -= bh + gap;
        const sf::FloatRect next(m_rect.left, by, m_rect.width, bh);
        t.panel(target, next, colours::kPanelRaised, 8, colours::kBorder);
        t.text(target, "Heal, next session  \xC2\xB7  N", next.left + next.width / 2, next.top + t.px(12), 15,
               colours::kText, Align::Centre, true);
        m_hits.push_back({next, HudAction::NextSession});
    }
}

HudAction Hud::hit(sf::Vector2f p) const {
    for (const auto& [r, a] : m_hits)
        if (r.contains(p)) return a;
    return HudAction::None;
}

} // namespace stipple::app
