// Results screen implementation.
#include "app/results_screen.h"

#include "app/charts.h"
#include "app/theme.h"
#include "level/vocabulary.h"
#include "record/replay.h"
#include "session/pigment.h"
#include "store/results_store.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <optional>

namespace stipple::app {

namespace {

enum Button { kRetry, kNext, kSave, kLevels, kButtonCount };

std::string formatValue(double v, const std::string& unit) {
    if (unit == "fraction") return fixed(v * 100.0, v < 0.1 && v > 0 ? 1 : 0) + " %";
    if (unit == "count") return fixed(v, 0);
    if (unit == "ratio") return fixed(v, 2) + "\xC3\x97";
    if (unit == "mm") return fixed(v, 2) + " mm";
    if (unit == "strikes/min") return fixed(v, 0) + "/min";
    return fixed(v, 2);
}

/// Bands wider than this are "no band" (metrics shown for information, not judged).
constexpr double kNoBand = 1e6;
/// Height of the verdict banner above the results header (px at scale 1).
constexpr float kBannerH = 52.f;

std::string formatBand(const Range& b, const std::string& unit) {
    if (b.max >= kNoBand || b.min <= -kNoBand) return "\xE2\x80\x94";
    // One unit after the pair reads better and fits the column: "0.00–0.15 mm".
    if (unit == "mm") return fixed(b.min, 2) + "\xE2\x80\x93" + fixed(b.max, 2) + " mm";
    if (unit == "fraction")
        return fixed(b.min * 100.0, 0) + "\xE2\x80\x93" + fixed(b.max * 100.0, b.max < 0.1 && b.max > 0 ? 1 : 0) + " %";
    if (unit == "count" && b.min == 0) return "\xE2\x89\xA4 " + formatValue(b.max, unit);
    return formatValue(b.min, unit) + " \xE2\x80\x93 " + formatValue(b.max, unit);
}

/// Cuts `s` to fit `width` at `size`, adding an ellipsis.
std::string ellipsis(const Theme& t, const std::string& s, float width, float size) {
    if (t.textWidth(s, size) <= width) return s;
    std::string cut = s;
    while (!cut.empty() && t.textWidth(cut + "\xE2\x80\xA6", size) > width) {
        cut.pop_back();
        while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back(); // UTF-8
        if (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0x80)) cut.pop_back();
    }
    return cut + "\xE2\x80\xA6";
}

void appendRing(sf::VertexArray& va, sf::Vector2f c, float r, float w, sf::Color colour) {
    constexpr int kSides = 12;
    for (int i = 0; i < kSides; ++i) {
        const double a0 = 2 * M_PI * i / kSides, a1 = 2 * M_PI * (i + 1) / kSides;
        appendThickLine(va, c + sf::Vector2f(float(std::cos(a0)) * r, float(std::sin(a0)) * r),
                        c + sf::Vector2f(float(std::cos(a1)) * r, float(std::sin(a1)) * r), w, colour);
    }
}

void appendCross(sf::VertexArray& va, sf::Vector2f c, float r, float w, sf::Color colour) {
    appendThickLine(va, c + sf::Vector2f(-r, -r), c + sf::Vector2f(r, r), w, colour);
    appendThickLine(va, c + sf::Vector2f(-r, r), c + sf::Vector2f(r, -r), w, colour);
}

} // namespace

ResultsScreen::ResultsScreen(const Theme& theme, Navigator& nav, size_t index, std::shared_ptr<const Level> level,
                             std::unique_ptr<PracticeSession> session)
    : m_theme(theme), m_nav(nav), m_index(index), m_level(std::move(level)), m_session(std::move(session)) {
    m_dots.assign(m_session->dots().begin(), m_session->dots().end());
    m_elapsedS = m_session->elapsedS();
    AttemptInfo info;
    info.elapsedSeconds = m_elapsedS;
    score(info);
    if (!m_dots.empty()) {
        // A finished practice run: the trainee's history and best scores (the App decides
        // where they are kept; a dots file shown on this screen is not a run).
        PracticeRecord run;
        run.levelId = m_level->id;
        run.score = m_result.card.overall;
        run.passed = m_result.card.passed;
        run.durationS = m_elapsedS;
        run.dots = static_cast<int>(m_dots.size());
        for (const auto& m : m_result.card.metrics) run.metrics.push_back({m.id, m.zone, m.value, m.score, m.weight, m.passed}); // progress per skill
        m_nav.practiceFinished(m_index, run);
    }
}

ResultsScreen::ResultsScreen(const Theme& theme, Navigator& nav, size_t index, std::shared_ptr<const Level> level,
                             std::vector<Dot> dots, const DotsCsvColumns& columns)
    : m_theme(theme), m_nav(nav), m_index(index), m_level(std::move(level)), m_dots(std::move(dots)) {
    AttemptInfo info;
    info.depthKnown = columns.depth;
    info.sizeKnown = columns.diameter;
    m_breakdownSessions = columns.session; // a file without a session column is scored as one layer
    score(info);
}

void ResultsScreen::attachRecording(std::unique_ptr<PracticeRecording> recording) {
    m_recording = std::move(recording);
    if (!m_recording || !m_session) return;
    // THE scorecard of a recorded attempt (record/replay.h), so a regrade reproduces it.
    if (m_recording->finish(scoreSessionAttempt(*m_session), attemptInfoFor(*m_session).elapsedSeconds)) {
        m_recordingNote = "Recorded: " + m_recording->path() + "   \xC2\xB7   replay it with  stipple replay FILE";
    } else {
        m_recordingNote = "The recording could not be completed: " + m_recording->error();
        m_recordingError = true;
    }
}

void ResultsScreen::score(const AttemptInfo& info) {
    m_context = std::make_unique<LevelContext>(*m_level);
    if (SessionBreakdown::applies(*m_level, m_breakdownSessions)) m_breakdown = std::make_unique<SessionBreakdown>(*m_context, m_dots, info);
    m_result = m_breakdown ? m_breakdown->result() : scoreAttempt(*m_context, m_dots, info);
    for (auto& r : m_renderers) {
        r.setLevel(m_level.get(), {});
        r.setBackground(colours::kPanel);
    }
    HeatmapImage heat;
    heat.cellMm = m_context->evennessCellMm();
    heat.columns = m_context->evennessColumns();
    heat.rows = m_context->evennessRows();
    heat.cells.assign(static_cast<size_t>(heat.columns * heat.rows), sf::Color::Transparent);
    const ScoreDetails& d = m_result.details;
    for (size_t c = 0; c < heat.cells.size() && c < d.cellUsed.size(); ++c)
        if (d.cellUsed[c]) heat.cells[c] = divergingColour(d.cellDeviation[c], 170);
    m_renderers[0].setHeatmap(heat);
}

void ResultsScreen::layout(sf::Vector2u size) {
    m_size = size;
    const Theme& t = m_theme;
    const float margin = t.px(24);
    // The verdict banner (the deciding rule, said first) sits above the title.
    const float headerH = t.px(112) + t.px(kBannerH);
    const float footH = t.px(76);
    m_header = {margin, 0, size.x - 2 * margin, headerH};
    const float bodyTop = headerH;
    const float bodyH = size.y - headerH - footH;
    const float tableW = (size.x - 3 * margin) * 0.5f;
    m_table = {margin, bodyTop, tableW, bodyH};
    m_pictures = {2 * margin + tableW, bodyTop, size.x - 3 * margin - tableW, bodyH};
    m_buttons = {margin, size.y - footH + t.px(16), size.x - 2 * margin, t.px(44)};
    m_rowH = t.px(58);
    const float gap = t.px(14);
    const float cellW = (m_pictures.width - gap) / 2;
    // The work pictures take the height the canvas's shape needs; the charts get the rest.
    const double aspect = m_level->canvas.widthMm / std::max(1e-6, m_level->canvas.heightMm);
    const float workH = std::clamp(static_cast<float>((cellW - t.px(24)) / aspect) + t.px(70), m_pictures.height * 0.3f,
                                   m_pictures.height * 0.6f);
    m_chartTop = m_pictures.top + workH + gap;
    for (int i = 0; i < 2; ++i) {
        m_workRect[i] = {m_pictures.left + i * (cellW + gap), m_pictures.top, cellW, workH};
        const sf::FloatRect canvas(m_workRect[i].left + t.px(8), m_workRect[i].top + t.px(32),
                                   m_workRect[i].width - t.px(16), m_workRect[i].height - t.px(62));
        m_views[i].setViewport(canvas);
        m_views[i].fit(m_level->canvas.widthMm, m_level->canvas.heightMm);
    }
    const float bw = (m_buttons.width - 3 * gap) / static_cast<float>(kButtonCount);
    m_buttonRects.clear();
    for (int i = 0; i < kButtonCount; ++i) m_buttonRects.push_back({m_buttons.left + i * (bw + gap), m_buttons.top, bw, m_buttons.height});
}

InkDot ResultsScreen::inkDot(size_t i) const {
    const Dot& d = m_dots[i];
    InkDot ink;
    ink.pos = d.pos;
    // Files without a diameter column: draw a typical fresh dot rather than nothing.
    ink.diameterMm = d.diameterMm > 0 ? d.diameterMm : 0.4;
    ink.layer = d.session;
    const Pigment p = decodePigment(d.shade);
    const auto shades = knownShades();
    ink.colour = p.shadeIndex >= 0 ? pigmentColour(std::string(shades[static_cast<size_t>(p.shadeIndex)]), p.dilution)
                                   : pigmentColour(m_level->sessions.front().shade, 1.0);
    ink.colour.a = 230;
    return ink;
}

void ResultsScreen::handleEvent(const sf::Event& e) {
    if (e.type == sf::Event::KeyPressed) {
        switch (e.key.code) {
        case sf::Keyboard::R: press(kRetry); break;
        case sf::Keyboard::Enter: press(kNext); break;
        case sf::Keyboard::S:
            if (e.key.control) press(kSave);
            break;
        case sf::Keyboard::Escape: press(kLevels); break;
        case sf::Keyboard::Up: m_tableScroll = std::max(0.f, m_tableScroll - m_rowH); break;
        case sf::Keyboard::Down: m_tableScroll += m_rowH; break;
        case sf::Keyboard::PageUp: m_tableScroll = std::max(0.f, m_tableScroll - m_table.height * 0.8f); break;
        case sf::Keyboard::PageDown: m_tableScroll += m_table.height * 0.8f; break;
        case sf::Keyboard::Home: m_tableScroll = 0; break;
        default: break;
        }
    } else if (e.type == sf::Event::MouseWheelScrolled) {
        m_tableScroll = std::max(0.f, m_tableScroll - e.mouseWheelScroll.delta * m_rowH);
    } else if (e.type == sf::Event::MouseButtonPressed && e.mouseButton.button == sf::Mouse::Left) {
        const int b = buttonAt({float(e.mouseButton.x), float(e.mouseButton.y)});
        if (b >= 0) press(b);
    }
}

int ResultsScreen::buttonAt(sf::Vector2f p) const {
    for (size_t i = 0; i < m_buttonRects.size(); ++i)
        if (m_buttonRects[i].contains(p)) return static_cast<int>(i);
    return -1;
}

void ResultsScreen::press(int button) {
    switch (button) {
    case kRetry: m_nav.startLevel(m_index); break;
    case kNext: m_nav.startNextLevel(m_index); break;
    case kSave: {
        std::string path, error;
        if (saveDots(".", path, error)) {
            m_status = "Saved " + std::to_string(m_dots.size()) + " dots to " + path;
            m_statusError = false;
        } else {
            m_status = error;
            m_statusError = true;
        }
        break;
    }
    case kLevels: m_nav.showLevelSelect(); break;
    default: break;
    }
}

bool ResultsScreen::saveDots(const std::string& directory, std::string& savedPath, std::string& error) const {
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    savedPath = directory + "/" + (m_level->id.empty() ? std::string("attempt") : m_level->id) + "-" + stamp + ".csv";
    return writeDotsCsv(savedPath, m_dots, error);
}

void ResultsScreen::drawHeader(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const Scorecard& card = m_result.card;
    const float x = m_header.left;
    // Say why first: the rule that decided the verdict, above everything else, marked (not only
    // coloured) — "✗ Failed: …" or "✓ Passed: …".
    {
        const sf::FloatRect banner(m_header.left, t.px(12), m_header.width, t.px(kBannerH - 12));
        t.panel(target, banner, card.passed ? sf::Color(124, 196, 138, 40) : sf::Color(228, 120, 104, 40), 6,
                card.passed ? colours::kPass : colours::kFail);
        std::string why = std::string(card.passed ? "\xE2\x9C\x93 " : "\xE2\x9C\x97 ") + card.decidingRule;
        if (card.vetoes.size() > 1) why += "  (+" + std::to_string(card.vetoes.size() - 1) + " more never-events)";
        else if (!card.passed && card.failedCount() > 1)
            why += "  (" + std::to_string(card.failedCount()) + " metrics failed)";
        t.text(target, ellipsis(t, why, banner.width - t.px(24), 15), banner.left + t.px(12), banner.top + t.px(7), 15,
               colours::kText, Align::Left, true);
    }
    const float o = t.px(kBannerH);
    t.text(target, "RESULTS", x, o + t.px(22), 11, colours::kAccent, Align::Left, true);
    t.text(target, m_level->title, x, o + t.px(40), 26, colours::kText, Align::Left, true);
    std::string sub = std::to_string(card.dotCount) + " dots";
    if (m_session) {
        sub += "  \xC2\xB7  " + std::to_string(m_session->strikes()) + " strikes  \xC2\xB7  " +
               std::to_string(m_session->currentSession() + 1) + " of " + std::to_string(m_session->sessionCount()) +
               " sessions";
        const long s = static_cast<long>(m_elapsedS);
        sub += "  \xC2\xB7  " + std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
    } else {
        sub += " from a file";
    }
    t.text(target, sub, x, o + t.px(78), 14, colours::kTextDim);
    if (!m_recordingNote.empty())
        t.text(target, ellipsis(t, m_recordingNote, m_header.width - t.px(260), 11), x, o + t.px(98), 11,
               m_recordingError ? colours::kFail : colours::kTextFaint);
    // The one thing to work on next: the counted metric furthest below its pass mark, else the
    // lowest-scoring one below 100.
    const MetricResult* focus = nullptr;
    for (const MetricResult& m : card.metrics) {
        if (m.weight <= 0 || m.score >= 100) continue;
        const double gap = m.score - m.passMark, best = focus ? focus->score - focus->passMark : 0;
        if (!focus || gap < best) focus = &m;
    }
    const float subW = t.textWidth(sub, 14);
    if (focus) {
        const std::string lead = focus->passed ? "Next:  " : "Work on:  ";
        const float lx = x + subW + t.px(24);
        const float lw = t.text(target, lead, lx, o + t.px(78), 14, focus->passed ? colours::kWarm : colours::kFail, Align::Left, true);
        t.text(target, ellipsis(t, focus->explanation, m_header.left + m_header.width - t.px(250) - lx - lw, 14), lx + lw,
               o + t.px(78), 14, colours::kText);
    }

    // Overall score, right-aligned: number, verdict pill, pass mark.
    const float right = m_header.left + m_header.width;
    const std::string score = fixed(card.overall, 0);
    const float sw = t.text(target, score, right - t.px(150), o + t.px(20), 54, card.passed ? colours::kPass : colours::kFail,
                            Align::Right, true);
    (void)sw;
    t.text(target, "/ 100", right - t.px(144), o + t.px(56), 16, colours::kTextDim);
    const std::string verdict = card.passed ? "PASSED" : "NOT PASSED";
    const float vw = t.textWidth(verdict, 13, true) + t.px(20);
    t.panel(target, {right - vw, o + t.px(26), vw, t.px(26)}, card.passed ? sf::Color(124, 196, 138, 50) : sf::Color(228, 120, 104, 50),
            13, card.passed ? colours::kPass : colours::kFail);
    t.text(target, verdict, right - vw / 2, o + t.px(30), 13, card.passed ? colours::kPass : colours::kFail, Align::Centre, true);
    t.text(target, "pass mark " + fixed(card.passMark, 0), right, o + t.px(62), 12, colours::kTextFaint, Align::Right);
}

void ResultsScreen::drawTable(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const auto& metrics = m_result.card.metrics;
    t.panel(target, m_table, colours::kPanel, 10);
    const float pad = t.px(16);
    const float x = m_table.left + pad;
    const float w = m_table.width - 2 * pad;
    // Columns: metric | value | target band | score.
    const float colValue = x + w * 0.43f, colBand = x + w * 0.59f, colScore = x + w * 0.80f;
    const float headY = m_table.top + t.px(12);
    t.text(target, "METRIC", x, headY, 10, colours::kTextFaint, Align::Left, true);
    t.text(target, "VALUE", colValue, headY, 10, colours::kTextFaint, Align::Left, true);
    t.text(target, "TARGET", colBand, headY, 10, colours::kTextFaint, Align::Left, true);
    t.text(target, "SCORE", colScore, headY, 10, colours::kTextFaint, Align::Left, true);

    const sf::FloatRect body(m_table.left, m_table.top + t.px(34), m_table.width, m_table.height - t.px(40));
    const float maxScroll = std::max(0.f, metrics.size() * m_rowH - body.height);
    m_tableScroll = std::min(m_tableScroll, maxScroll);
    std::optional<Theme::Clip> clip(std::in_place, t, target, body);
    if (metrics.empty())
        t.text(target, "No metric applies to this attempt.", x, body.top + t.px(10), 14, colours::kTextDim);
    for (size_t i = 0; i < metrics.size(); ++i) {
        const MetricResult& m = metrics[i];
        const float y = body.top + i * m_rowH - m_tableScroll;
        if (y + m_rowH < body.top || y > body.top + body.height) continue;
        if (i % 2 == 1) {
            t.rect(target, {m_table.left + t.px(4), y, m_table.width - t.px(8), m_rowH}, sf::Color(255, 255, 255, 6));
        }
        const bool counted = m.weight > 0;
        const sf::Color valueColour = !counted ? colours::kTextDim : m.passed ? colours::kText : colours::kFail;
        // A failed metric is marked, not only coloured: "✗ " before its name.
        const std::string label = m.failed ? "\xE2\x9C\x97 " + m.label : m.label;
        t.text(target, ellipsis(t, label, colValue - x - t.px(10), 14), x, y + t.px(8), 14,
               m.failed ? colours::kFail : colours::kText, Align::Left, true);
        t.text(target, formatValue(m.value, m.unit), colValue, y + t.px(8), 14, valueColour);
        t.text(target, ellipsis(t, formatBand(m.band, m.unit), colScore - colBand - t.px(8), 12), colBand, y + t.px(9), 12,
               colours::kTextDim);
        // Score bar with the pass-mark tick.
        const float barW = x + w - colScore - t.px(34);
        const sf::FloatRect bar(colScore, y + t.px(13), barW, t.px(8));
        t.panel(target, bar, colours::kPanelRaised, 3);
        const float fillW = bar.width * static_cast<float>(std::clamp(m.score, 0.0, 100.0) / 100.0);
        if (fillW > 1)
            t.panel(target, {bar.left, bar.top, fillW, bar.height},
                    !counted ? colours::kTextFaint : m.passed ? colours::kPass : colours::kFail, 3);
        t.rect(target, {bar.left + bar.width * static_cast<float>(m.passMark / 100.0) - t.px(1), bar.top - t.px(3), t.px(2),
                        bar.height + t.px(6)},
               colours::kText);
        t.text(target, counted ? fixed(m.score, 0) : "\xE2\x80\x94", x + w, y + t.px(8), 13,
               counted ? colours::kText : colours::kTextFaint, Align::Right, true);
        // The explanation: the line a trainee acts on.
        t.text(target, ellipsis(t, m.explanation, w, 12), x, y + t.px(32), 12, colours::kTextDim);
    }
    clip.reset();
    if (maxScroll > 0) {
        // A thin scroll indicator.
        const float h = body.height * body.height / (metrics.size() * m_rowH);
        t.rect(target, {m_table.left + m_table.width - t.px(6), body.top + (body.height - h) * (m_tableScroll / maxScroll), t.px(3), h},
               colours::kBorder);
    }
}

void ResultsScreen::drawMarks(sf::RenderTarget& target, const CanvasView& view) const {
    const ScoreDetails& d = m_result.details;
    sf::VertexArray va(sf::Quads);
    const float r = std::max(4.f, static_cast<float>(0.6 * view.pxPerMm()));
    for (const auto& [a, b] : d.overlaps) {
        const Vec2 mid = (m_dots[a].pos + m_dots[b].pos) * 0.5;
        appendRing(va, view.toScreen(mid), r, 1.5f, colours::kWarm);
    }
    const bool judgeSpill = m_result.card.find("spill") != nullptr;
    const bool judgeForbidden = m_result.card.find("forbidden") != nullptr;
    for (size_t i = 0; i < d.place.size() && i < m_dots.size(); ++i) {
        if (d.place[i] == DotPlace::Spill && judgeSpill) appendRing(va, view.toScreen(m_dots[i].pos), r, 1.5f, sf::Color(200, 90, 220));
        else if (d.place[i] == DotPlace::Forbidden && judgeForbidden) appendCross(va, view.toScreen(m_dots[i].pos), r, 2.f, colours::kFail);
    }
    if (d.hasMatch) {
        for (size_t i = 0; i < d.targets.size() && i < d.match.targetToPlaced.size(); ++i) {
            const bool hit = d.match.targetToPlaced[i] >= 0;
            appendRing(va, view.toScreen(d.targets[i].pos), std::max(5.f, static_cast<float>(m_level->target.toleranceMm * view.pxPerMm())),
                       1.5f, hit ? colours::kPass : colours::kFail);
        }
        for (size_t i = 0; i < d.match.placedToTarget.size() && i < m_dots.size(); ++i)
            if (d.match.placedToTarget[i] < 0) appendCross(va, view.toScreen(m_dots[i].pos), r * 0.8f, 1.5f, colours::kWarm);
    }
    target.draw(va);
}

void ResultsScreen::drawWorkPicture(sf::RenderTarget& target, sf::FloatRect r, Picture which) {
    const Theme& t = m_theme;
    const int i = which == Picture::Heatmap ? 0 : 1;
    t.panel(target, r, colours::kPanel, 10);
    t.flush(target);
    const ScoreDetails& details = m_result.details;
    const bool anyCell = std::find(details.cellUsed.begin(), details.cellUsed.end(), 1) != details.cellUsed.end();
    CanvasLayers layers;
    layers.outlines = true;
    layers.heatmap = which == Picture::Heatmap && anyCell;
    m_renderers[i].sync(m_views[i], layers, m_dots.size(), [this](size_t k) { return inkDot(k); });
    m_renderers[i].draw(target, m_views[i], layers);
    const float x = r.left + t.px(12);
    const ScoreDetails& d = m_result.details;
    const float foot = r.top + r.height - t.px(22);
    if (which == Picture::Heatmap && !anyCell) {
        t.text(target, "Your work", x, r.top + t.px(10), 13, colours::kText, Align::Left, true);
        t.text(target, std::to_string(m_dots.size()) + " dots; no area large enough to judge density", x, foot, 10,
               colours::kTextFaint);
    } else if (which == Picture::Heatmap) {
        t.text(target, "Density against target", x, r.top + t.px(10), 13, colours::kText, Align::Left, true);
        // Legend: the diverging scale.
        const float lw = std::min(t.px(120), r.width * 0.4f);
        for (int k = 0; k < 24; ++k) {
            t.rect(target, {x + k * lw / 24, foot + t.px(4), lw / 24 + 0.5f, t.px(8)}, divergingColour(-1.0 + 2.0 * k / 23.0));
        }
        t.text(target, "sparse \xE2\x80\x94 on target \xE2\x80\x94 dense", x + lw + t.px(8), foot, 10,
               colours::kTextFaint);
    } else {
        {
            const Theme::Clip clip(t, target, m_views[i].viewport());
            drawMarks(target, m_views[i]);
        }
        const size_t spill = static_cast<size_t>(std::count(d.place.begin(), d.place.end(), DotPlace::Spill));
        const size_t forbidden = static_cast<size_t>(std::count(d.place.begin(), d.place.end(), DotPlace::Forbidden));
        if (d.hasMatch) {
            t.text(target, "Targets", x, r.top + t.px(10), 13, colours::kText, Align::Left, true);
            t.text(target, ellipsis(t, std::to_string(d.match.hits) + " hit (green) \xC2\xB7 " + std::to_string(d.match.misses) +
                               " missed (red) \xC2\xB7 " + std::to_string(d.match.extras) + " extra (\xC3\x97)", r.width - t.px(24), 10),
                   x, foot, 10, colours::kTextFaint);
        } else {
            t.text(target, "Merged dots and spill", x, r.top + t.px(10), 13, colours::kText, Align::Left, true);
            t.text(target, ellipsis(t, std::to_string(d.overlaps.size()) + " merged (amber) \xC2\xB7 " + std::to_string(spill) +
                               " spill (violet) \xC2\xB7 " + std::to_string(forbidden) + " forbidden (\xC3\x97)", r.width - t.px(24), 10),
                   x, foot, 10, colours::kTextFaint);
        }
    }
}

void ResultsScreen::drawButtons(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    static const char* kLabels[kButtonCount] = {"Retry  \xC2\xB7  R", "Next level  \xC2\xB7  Enter",
                                                "Save dots CSV  \xC2\xB7  Ctrl+S", "Levels  \xC2\xB7  Esc"};
    for (int i = 0; i < kButtonCount; ++i) {
        const sf::FloatRect& r = m_buttonRects[static_cast<size_t>(i)];
        const bool primary = i == kNext;
        t.panel(target, r, primary ? colours::kAccent : colours::kPanelRaised, 8, primary ? colours::kAccent : colours::kBorder);
        t.text(target, kLabels[i], r.left + r.width / 2, r.top + t.px(12), 15, primary ? colours::kBackground : colours::kText,
               Align::Centre, true);
    }
    if (!m_status.empty())
        t.text(target, m_status, m_buttons.left, m_buttons.top - t.px(22), 12, m_statusError ? colours::kFail : colours::kPass);
}

void ResultsScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    drawHeader(target);
    drawTable(target);
    const ScoreDetails& d = m_result.details;
    const sf::FloatRect breakdownTable(m_pictures.left, m_chartTop, m_pictures.width, m_pictures.top + m_pictures.height - m_chartTop);
    if (m_breakdown) { m_breakdown->draw(target, t, m_workRect[0], m_workRect[1], breakdownTable); drawButtons(target); t.flush(target); return; }
    drawWorkPicture(target, m_workRect[0], Picture::Heatmap);
    drawWorkPicture(target, m_workRect[1], Picture::Marks);

    const float gap = t.px(14);
    const float cellW = (m_pictures.width - gap) / 2, cellH = m_pictures.top + m_pictures.height - m_chartTop;
    const sf::FloatRect hist(m_pictures.left, m_chartTop, cellW, cellH);
    const sf::FloatRect prof(m_pictures.left + cellW + gap, m_chartTop, cellW, cellH);
    t.panel(target, hist, colours::kPanel, 10);
    t.panel(target, prof, colours::kPanel, 10);
    t.flush(target);
    const sf::FloatRect histIn(hist.left + t.px(12), hist.top + t.px(10), hist.width - t.px(24), hist.height - t.px(16));
    const sf::FloatRect profIn(prof.left + t.px(12), prof.top + t.px(10), prof.width - t.px(24), prof.height - t.px(16));

    HistogramSpec hs;
    hs.title = "Nearest-neighbour distance";
    hs.unit = "mm";
    const MetricResult* sp = m_result.card.find("spacing", m_level->zones.empty() ? "" : m_level->zones.front().id);
    if (!sp) sp = m_result.card.find("spacing");
    if (sp && sp->band.max < kNoBand) hs.band = sp->band;
    if (!m_level->zones.empty()) {
        hs.threshold = m_level->zones.front().minSpacingMm;
        hs.thresholdLabel = "too close";
    }
    drawHistogram(target, t, histIn, d.nearestMm, hs);

    if (m_level->hairline) {
        ProfileSpec ps;
        ps.title = "Hairline feathering";
        ps.xLabel = "mm behind the line";
        ps.observedLabel = "your density";
        ps.targetLabel = "target ramp";
        drawProfile(target, t, profIn, d.hairlineObserved, d.hairlineTarget, ps);
    } else {
        // No hairline: the depth of each strike against the zone's band.
        std::vector<double> depths;
        for (const Dot& dot : m_dots) depths.push_back(dot.depthMm);
        std::optional<Range> band;
        if (!m_level->zones.empty()) band = m_level->zones.front().depthMm;
        const std::optional<double> blowout = band ? std::optional<double>(band->max + kBlowoutMarginMm) : std::nullopt;
        drawHistogram(target, t, profIn, depths,
                      HistogramSpec{.title = "Strike depth", .unit = "mm", .band = band, .threshold = blowout,
                                    .thresholdLabel = "blowout", .faultBelow = false, .xMax = 0.0, .bins = 30});
    }
    drawButtons(target);
    t.flush(target);
}

std::vector<KeyHelp> ResultsScreen::keys() const {
    return {{"R", "retry this level"},
            {"Enter", "next level"},
            {"Ctrl+S", "save the dots as CSV in the current folder"},
            {"\xE2\x86\x91 / \xE2\x86\x93, wheel", "scroll the scorecard"},
            {"Esc", "back to the levels"}};
}

} // namespace stipple::app
