// Session breakdown: see session_breakdown.h.
#include "render/session_breakdown.h"

#include "render/healed_ink.h"
#include "render/theme.h"

#include <algorithm>
#include <array>

namespace stipple::render {

namespace {

std::string pct(double fraction) {
    return fixed(fraction * 100.0, 0) + " %";
}

const std::string kDash = "\xE2\x80\x94";

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

SessionBreakdown::SessionBreakdown(const LevelContext& context, std::span<const Dot> dots,
                                   const AttemptInfo& info)
    : m_level(context.level()), m_score(scoreLayered(context, dots, info)) {
    m_lostBySession.assign(m_level.sessions.size(), 0);
    for (const HealedDot& h : m_score.finalLook) {
        const size_t s =
            std::min<size_t>(static_cast<size_t>(std::max<int>(h.session, 0)), m_level.sessions.size() - 1);
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
        m_renderers[which].sync(m_views[which], layers, m_score.finalLook.size(),
                                [this](size_t i) { return sessionInk(i); });
    m_renderers[which].draw(target, m_views[which], layers);

    const float x = r.left + t.px(12);
    const float foot = r.top + r.height - t.px(22);
    if (which == kHealed) {
        t.text(target, "Healed final look", x, r.top + t.px(10), 13, colours::kText, Align::Left, true);
        const size_t visible = m_score.survivors.size();
        // The sessions the trainee worked in (the last one with a dot), not the level's plan.
        size_t done = 0;
        for (size_t k = 0; k < m_score.sessions.size(); ++k)
            if (m_score.sessions[k].placed > 0) done = k + 1;
        const size_t planned = m_level.sessions.size();
        const std::string after = done == planned
                                      ? std::to_string(done) + (done == 1 ? " session" : " sessions")
                                      : std::to_string(done) + " of " + std::to_string(planned) + " sessions";
        const std::string caption = std::to_string(visible) + " dots visible after " + after +
                                    "  \xC2\xB7  " + std::to_string(m_score.lost) + " lost at healing";
        const auto lines = t.wrap(caption, r.width - t.px(24), 10);
        float cy = foot - (static_cast<float>(lines.size()) - 1) * t.px(13);
        for (const std::string& line : lines) {
            t.text(target, line, x, cy, 10, m_score.lost > 0 ? colours::kWarm : colours::kTextFaint);
            cy += t.px(13);
        }
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
                labels.push_back(compact ? std::to_string(k + 1) + ": " + n
                                         : "Session " + std::to_string(k + 1) + " (" + n + ")");
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

float SessionBreakdown::drawTable(sf::RenderTarget* target, const Theme& t, sf::FloatRect r) const {
    // Without a target: only the height the table needs (its layout measured, nothing drawn).
    if (target) t.panel(*target, r, colours::kPanel, 10);
    const float pad = t.px(14);
    const float x = r.left + pad, w = r.width - 2 * pad;
    if (target)
        t.text(*target, "Session by session", x, r.top + t.px(10), 13, colours::kText, Align::Left, true);
    // Columns: session | dots | cumulative density | stacked | gaps filled | shade; each cell a
    // value over a detail line.
    struct Cell {
        std::string value, detail;
        sf::Color valueColour = colours::kText, detailColour = colours::kTextDim;
        bool bold = false;
    };
    const size_t n = m_score.sessions.size();
    auto cells = [&](size_t k, bool compact) {
        const SessionLayering& s = m_score.sessions[k];
        const SessionSpec& spec = m_level.sessions[std::min(k, m_level.sessions.size() - 1)];
        const bool skipped = s.placed == 0;
        std::array<Cell, 6> c;
        c[0] = {"Session " + std::to_string(k + 1), spec.shade + " " + pct(spec.dilution), colours::kText,
                colours::kTextDim, true};
        const int lost = k < m_lostBySession.size() ? m_lostBySession[k] : s.lost;
        c[1] = {std::to_string(s.placed),
                skipped    ? "skipped"
                : lost > 0 ? std::to_string(lost) + " lost"
                           : "none lost",
                colours::kText, lost > 0 ? colours::kWarm : colours::kTextFaint};
        c[2] = {fixed(s.cumulativeRatio, 2) + "\xC3\x97",
                compact ? "of " + pct(spec.cumulativeFraction)
                        : "of " + pct(spec.cumulativeFraction) + " (" + fixed(s.targetCount, 0) + " dots)",
                verdictColour(s.card, "layering-density")};
        if (s.stackingFraction)
            c[3] = {pct(*s.stackingFraction), std::to_string(s.stacked) + " on top",
                    verdictColour(s.card, "layering-stacking")};
        else
            c[3] = {kDash,
                    skipped  ? "no dots"
                    : k == 0 ? "first layer"
                             : "nothing under",
                    colours::kTextFaint, colours::kTextFaint};
        c[4] = {s.gapsFilled ? pct(*s.gapsFilled) : kDash,
                fixed(s.gapBeforeMm2, 0) + (compact ? "\xE2\x86\x92" : " \xE2\x86\x92 ") +
                    fixed(s.gapAfterMm2, 0) + " mm\xC2\xB2",
                s.gapsFilled ? verdictColour(s.card, "layering-gaps") : colours::kTextFaint};
        c[5] = {s.shadeFraction ? pct(*s.shadeFraction) : kDash,
                s.shadeFraction ? "matched"
                : skipped       ? "no dots"
                                : "not recorded",
                s.shadeFraction ? verdictColour(s.card, "layering-shade") : colours::kTextFaint};
        return c;
    };
    const char* heads[6] = {"SESSION", "DOTS", "DENSITY SO FAR", "STACKED", "GAPS FILLED", "SHADE"};
    // Each column as wide as its widest cell (the session column's value sits after a swatch),
    // the spare width shared out; a narrow table uses the short details and two-line heads.
    float need[6] = {};
    float total = 0;
    bool compact = false, wrapDetails = false;
    float gapW = t.px(10);
    // The widest word of a detail: what a column needs when its details wrap.
    auto widestWord = [&](const std::string& s) {
        float most = 0;
        size_t at = 0;
        while (at < s.size()) {
            const size_t space = s.find(' ', at);
            const size_t end = space == std::string::npos ? s.size() : space;
            most = std::max(most, t.textWidth(s.substr(at, end - at), 10));
            at = end + 1;
        }
        return most;
    };
    // Full details, short ones, then (a narrow window: the text no longer shrinks with it) short
    // details wrapped under their values with narrower gaps.
    for (int pass = 0; pass < 3; ++pass) {
        compact = pass > 0;
        wrapDetails = pass > 1;
        if (wrapDetails) gapW = t.px(6);
        total = 0;
        for (int col = 0; col < 6; ++col) {
            need[col] = 0;
            for (const char* word : {"DENSITY", "FILLED", "SESSION", "STACKED", "SHADE", "DOTS"})
                if (std::string(heads[col]).find(word) != std::string::npos)
                    need[col] = std::max(need[col], t.textWidth(word, 9, true));
            for (size_t k = 0; k < n; ++k) {
                Cell cell = cells(k, compact)[static_cast<size_t>(col)];
                for (size_t at; (at = cell.detail.find(" %")) != std::string::npos;)
                    cell.detail.replace(at, 1, "\xC2\xA0");
                need[col] = std::max({need[col], t.textWidth(cell.value, 13, cell.bold),
                                      wrapDetails ? widestWord(cell.detail) : t.textWidth(cell.detail, 10)});
            }
            if (col == 0) need[col] += t.px(16);
            total += need[col];
        }
        if (total + 5 * gapW <= w) break;
    }
    const float spare = std::max(0.f, w - total - 5 * gapW) / 6;
    float cols[6];
    float cx = x;
    for (int col = 0; col < 6; ++col) {
        cols[col] = cx;
        cx += need[col] + spare + gapW;
    }
    const float headY = r.top + t.px(34);
    float headH = 0;
    for (int col = 0; col < 6; ++col) {
        const float colW = (col < 5 ? cols[col + 1] - gapW : x + w) - cols[col];
        float hy = headY;
        for (const std::string& line : t.wrap(heads[col], colW, 9, true)) {
            if (target) t.text(*target, line, cols[col], hy, 9, colours::kTextFaint, Align::Left, true);
            hy += t.px(13);
        }
        headH = std::max(headH, hy - headY);
    }
    const size_t scars = m_score.scars.size();
    const float rowsTop = headY + headH + t.px(7);
    const float adviceW = x + w - cols[0] - t.px(16);
    float y = rowsTop;
    for (size_t k = 0; k < n; ++k) {
        const SessionLayering& s = m_score.sessions[k];
        const auto c = cells(k, compact);
        // What to do about this session: its weakest counted layering metric, in the scorer's words.
        const MetricResult* weakest = nullptr;
        for (const MetricResult& m : s.card.metrics)
            if (m.weight > 0 && m.score < 100 && (!weakest || m.score < weakest->score)) weakest = &m;
        const auto advice = t.wrap(
            weakest ? weakest->explanation : std::string("every layering number on target"), adviceW, 10);
        // Each cell's detail, in its column (one line unless the details wrap).
        std::array<std::vector<std::string>, 6> details;
        size_t detailLines = 1;
        for (int col = 0; col < 6; ++col) {
            const float colW =
                (col < 5 ? cols[col + 1] - gapW : x + w) - cols[col] - (col == 0 ? t.px(16) : 0);
            std::string d = c[static_cast<size_t>(col)].detail;
            // "70 %" stays on one line ("70" over "%" reads as two figures).
            for (size_t at; (at = d.find(" %")) != std::string::npos;)
                d.replace(at, 1, "\xC2\xA0");
            details[static_cast<size_t>(col)] =
                wrapDetails ? t.wrap(d, colW + 1, 10) : std::vector<std::string>{d};
            detailLines = std::max(detailLines, details[static_cast<size_t>(col)].size());
        }
        const float extra = (detailLines - 1) * t.px(13);
        const float rowH = t.px(36) + extra + advice.size() * t.px(13) + t.px(6);
        if (k % 2 == 1)
            if (target)
                t.rect(*target, {r.left + t.px(4), y - t.px(5), r.width - t.px(8), rowH},
                       sf::Color(255, 255, 255, 6));
        // Session, with its legend colour.
        if (target)
            t.panel(*target, {cols[0], y + t.px(2), t.px(10), t.px(10)}, sessionColour(static_cast<int>(k)),
                    5);
        for (int col = 0; col < 6; ++col) {
            const float cxx = cols[col] + (col == 0 ? t.px(16) : 0);
            const Cell& cell = c[static_cast<size_t>(col)];
            if (target) t.text(*target, cell.value, cxx, y, 13, cell.valueColour, Align::Left, cell.bold);
            float dy = y + t.px(17);
            for (const std::string& line : details[static_cast<size_t>(col)]) {
                if (target) t.text(*target, line, cxx, dy, 10, cell.detailColour);
                dy += t.px(13);
            }
        }
        float ay = y + t.px(33) + extra;
        for (const std::string& line : advice) {
            if (target)
                t.text(*target, line, cols[0] + t.px(16), ay, 10,
                       weakest && !weakest->passed ? colours::kWarm : colours::kTextFaint);
            ay += t.px(13);
        }
        y += rowH;
    }
    (void)scars;
    // Scars: matched to the skin around them on the healed look.
    float sy = y + t.px(6);
    for (const ScarMatch& m : m_score.scars) {
        const std::string id = m.scar < static_cast<int>(m_level.scars.size())
                                   ? m_level.scars[static_cast<size_t>(m.scar)].id
                                   : "?";
        if (target) t.text(*target, "Scar " + id, cols[0], sy, 13, colours::kText, Align::Left, true);
        float dy = sy + t.px(17);
        for (const std::string& line : t.wrap(std::to_string(m.dotsOn) + " dots on it, " +
                                                  std::to_string(m.dotsAround) + " in the skin around it",
                                              cols[2] - cols[0] - gapW, 10)) {
            if (target) t.text(*target, line, cols[0], dy, 10, colours::kTextDim);
            dy += t.px(13);
        }
        // Against the ring of skin around the scar: 1× is a perfect match.
        if (target)
            t.text(*target, m.densityRatio ? fixed(*m.densityRatio, 2) + "\xC3\x97" : kDash, cols[2], sy, 13,
                   verdictColour(m_score.card, "scar-density", id));
        if (target) t.text(*target, "density vs the skin", cols[2], sy + t.px(17), 10, colours::kTextDim);
        if (target)
            t.text(*target, m.toneRatio ? fixed(*m.toneRatio, 2) + "\xC3\x97" : kDash, cols[5], sy, 13,
                   verdictColour(m_score.card, "scar-tone", id));
        if (target) t.text(*target, "tone", cols[5], sy + t.px(17), 10, colours::kTextDim);
        sy = std::max(sy + t.px(40), dy + t.px(6));
    }
    if (n == 0 && target)
        t.text(*target, "No session placed a dot.", x, headY + t.px(22), 13, colours::kTextDim);
    return (m_score.scars.empty() ? y : sy) - r.top + t.px(8);
}

void SessionBreakdown::draw(sf::RenderTarget& target, const Theme& t, sf::FloatRect healed,
                            sf::FloatRect sessions, sf::FloatRect table) {
    drawPicture(target, t, healed, kHealed);
    drawPicture(target, t, sessions, kSessions);
    drawTable(&target, t, table);
}

float SessionBreakdown::tableHeight(const Theme& t, float width) const {
    return drawTable(nullptr, t, {0, 0, width, 0});
}

} // namespace stipple::render
