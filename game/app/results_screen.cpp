// Results screen implementation.
#include "app/results_screen.h"

#include "sheet/scan_score.h"

#include "ink/pigment.h"
#include "level/metric_text.h"
#include "level/vocabulary.h"
#include "record/replay.h"
#include "render/charts.h"
#include "render/theme.h"
#include "store/results_store.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <optional>

namespace stipple::app {

using render::Align;
using render::appendThickLine;
using render::Theme;
namespace colours = render::colours;
using render::fixed;

namespace {

enum Button { kRetry, kNext, kSave, kLevels, kButtonCount };

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

ResultsScreen::ResultsScreen(const Theme& theme, Navigator& nav, size_t index,
                             std::shared_ptr<const Level> level, std::unique_ptr<PracticeSession> session)
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
        for (const auto& m : m_result.card.metrics)
            run.metrics.push_back({m.id, m.zone, m.value, m.score, m.weight, m.passed}); // progress per skill
        m_nav.practiceFinished(m_index, run);
    }
}

ResultsScreen::ResultsScreen(const Theme& theme, Navigator& nav, size_t index,
                             std::shared_ptr<const Level> level, std::vector<Dot> dots,
                             const DotsCsvColumns& columns, Source source)
    : m_theme(theme), m_nav(nav), m_index(index), m_level(std::move(level)), m_dots(std::move(dots)) {
    AttemptInfo info;
    info.depthKnown = columns.depth;
    info.sizeKnown = columns.diameter;
    m_breakdownSessions = columns.session; // a file without a session column is scored as one layer
    score(info);
    m_fromPhoto = source == Source::Photo;
    if (source == Source::Photo) {
        // Paper practice: what a photo shows (places, sizes); depth and healing not measured.
        m_breakdown.reset();
        m_result = sheet::scoreScannedDots(*m_context, m_dots);
        std::string missing;
        for (const auto& m : m_result.card.notMeasured)
            missing += (missing.empty() ? "" : ", ") + m.label;
        m_recordingNote =
            "Scored from a photo of the practice sheet. Not measured (a photo cannot show them): " + missing +
            ".";
        PracticeRecord run;
        run.levelId = m_level->id;
        run.score = m_result.card.overall;
        run.passed = m_result.card.passed;
        run.dots = static_cast<int>(m_dots.size());
        for (const auto& m : m_result.card.metrics)
            run.metrics.push_back({m.id, m.zone, m.value, m.score, m.weight, m.passed});
        run.metrics.push_back(sheet::sheetRunMarker());
        m_nav.practiceFinished(m_index, run);
    }
}

void ResultsScreen::attachRecording(std::unique_ptr<PracticeRecording> recording) {
    m_recording = std::move(recording);
    if (!m_recording || !m_session) return;
    // THE scorecard of a recorded attempt (record/replay.h), so a regrade reproduces it.
    if (m_recording->finish(scoreSessionAttempt(*m_session), attemptInfoFor(*m_session).elapsedSeconds)) {
        m_recordingNote =
            "Recorded: " + m_recording->path() + "   \xC2\xB7   replay it with  stipple replay FILE";
    } else {
        m_recordingNote = "The recording could not be completed: " + m_recording->error();
        m_recordingError = true;
    }
}

void ResultsScreen::score(const AttemptInfo& info) {
    m_context = std::make_unique<LevelContext>(*m_level);
    if (render::SessionBreakdown::applies(*m_level, m_breakdownSessions))
        m_breakdown = std::make_unique<render::SessionBreakdown>(*m_context, m_dots, info);
    m_result = m_breakdown ? m_breakdown->result() : scoreAttempt(*m_context, m_dots, info);
    for (auto& r : m_renderers) {
        r.setLevel(m_level.get(), {});
        r.setBackground(colours::kPanel);
    }
    render::HeatmapImage heat;
    heat.cellMm = m_context->evennessCellMm();
    heat.columns = m_context->evennessColumns();
    heat.rows = m_context->evennessRows();
    heat.cells.assign(static_cast<size_t>(heat.columns * heat.rows), sf::Color::Transparent);
    const ScoreDetails& d = m_result.details;
    for (size_t c = 0; c < heat.cells.size() && c < d.cellUsed.size(); ++c)
        if (d.cellUsed[c]) heat.cells[c] = render::divergingColour(d.cellDeviation[c], 170);
    m_renderers[0].setHeatmap(heat);
}

void ResultsScreen::layout(sf::Vector2u size) {
    m_size = size;
    const Theme& t = m_theme;
    const float margin = t.px(24);
    // The one thing to work on next: the counted metric furthest below its pass mark, else the
    // lowest-scoring one below 100 — wrapped whole under the summary line, never cut. The rule
    // that failed the attempt is already said first, above the title; this line then names the
    // next thing ("Also:"), never a different first reason.
    const Scorecard& decided = m_result.card;
    const MetricResult* deciding =
        !decided.passed && decided.decidingMetric >= 0 &&
                static_cast<size_t>(decided.decidingMetric) < decided.metrics.size()
            ? &decided.metrics[static_cast<size_t>(decided.decidingMetric)]
            : nullptr;
    const MetricResult* focus = nullptr;
    for (const MetricResult& m : m_result.card.metrics) {
        if (m.weight <= 0 || m.score >= 100 || &m == deciding) continue;
        const double gap = m.score - m.passMark, best = focus ? focus->score - focus->passMark : 0;
        if (!focus || gap < best) focus = &m;
    }
    m_focusLines.clear();
    if (focus) {
        m_focusPassed = focus->passed;
        m_focusLead = !focus->passed && !decided.passed ? "Also:  "
                      : focus->passed && decided.passed ? "Next:  "
                                                        : "Work on:  ";
        const float leadW = t.textWidth(m_focusLead, 14, true);
        m_focusLines = t.wrap(focus->explanation, size.x - 2 * margin - t.px(260) - leadW, 14);
    }
    const float focusH = m_focusLines.empty() ? 0 : m_focusLines.size() * t.px(19) + t.px(4);
    const float noteH = m_recordingNote.empty() ? 0 : t.px(16);
    // Say why first: the rule that decided the verdict, above everything else, marked (not only
    // coloured) — "✗ Failed: …" or "✓ Passed: …" — and wrapped whole.
    const Scorecard& card = m_result.card;
    std::string why = std::string(card.passed ? "\xE2\x9C\x93 " : "\xE2\x9C\x97 ") + card.decidingRule;
    if (card.vetoes.size() > 1)
        why += "  (+" + std::to_string(card.vetoes.size() - 1) + " more never-events)";
    else if (!card.passed && card.failedCount() > 1)
        why += "  (" + std::to_string(card.failedCount()) + " metrics failed)";
    m_verdictLines = t.wrap(why, size.x - 2 * margin - t.px(24), 15, true);
    m_bannerH = t.px(12) + m_verdictLines.size() * t.px(21) + t.px(14) + t.px(6);
    m_titleLines = t.wrap(m_level->title, size.x - 2 * margin - t.px(260), 26, true);
    m_titleExtra = m_titleLines.empty() ? 0 : (m_titleLines.size() - 1) * t.px(34);
    const float headerH = m_bannerH + std::max(t.px(112), t.px(102) + focusH + noteH + m_titleExtra);
    const float footH = m_card ? t.px(12) : t.px(76);
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
    const float naturalH = std::clamp(static_cast<float>((cellW - t.px(24)) / aspect) + t.px(70),
                                      m_pictures.height * 0.3f, m_pictures.height * 0.6f);
    // The per-session table of a layered level below the pictures: they give up height (down to
    // a third of the column) so that it fits whole — on a small window it ran into the buttons.
    float workH = naturalH;
    if (m_breakdown) {
        const float tableH = m_breakdown->tableHeight(t, m_pictures.width);
        workH = std::clamp(m_pictures.height - gap - tableH, std::min(naturalH, m_pictures.height * 0.3f),
                           naturalH);
    }
    m_chartTop = m_pictures.top + workH + gap;
    for (int i = 0; i < 2; ++i) {
        m_workRect[i] = {m_pictures.left + i * (cellW + gap), m_pictures.top, cellW, workH};
        const float extra = (captionLines(i, cellW - t.px(24)).size() - 1) * t.px(13);
        const sf::FloatRect canvas(m_workRect[i].left + t.px(8), m_workRect[i].top + t.px(32),
                                   m_workRect[i].width - t.px(16), m_workRect[i].height - t.px(62) - extra);
        m_views[i].setViewport(canvas);
        m_views[i].fit(m_level->canvas.widthMm, m_level->canvas.heightMm);
    }
    const float bw = (m_buttons.width - 3 * gap) / static_cast<float>(kButtonCount);
    m_buttonRects.clear();
    if (!m_card)
        for (int i = 0; i < kButtonCount; ++i)
            m_buttonRects.push_back({m_buttons.left + i * (bw + gap), m_buttons.top, bw, m_buttons.height});
    layoutRows();
}

void ResultsScreen::layoutRows() {
    const Theme& t = m_theme;
    const float pad = t.px(16);
    const float w = m_table.width - 2 * pad;
    const float labelW = w * 0.43f - t.px(10);
    m_rows.clear();
    float y = 0;
    for (const MetricResult& m : m_result.card.metrics) {
        Row row;
        // A failed metric is marked, not only coloured: "✗ " before its name.
        row.label = t.wrap(m.failed ? "\xE2\x9C\x97 " + m.label : m.label, labelW, 14, true);
        row.advice = t.wrap(m.explanation, w, 12);
        row.top = y;
        row.height = t.px(13) + row.label.size() * t.px(19) + row.advice.size() * t.px(16) + t.px(10);
        y += row.height;
        m_rows.push_back(std::move(row));
    }
    m_rowsHeight = y;
}

unsigned ResultsScreen::cardHeight() const {
    // The table's body is the window less the header, the column heads and the foot.
    const float chrome = static_cast<float>(m_size.y) - m_table.height + m_theme.px(40);
    return static_cast<unsigned>(std::ceil(chrome + m_rowsHeight + m_theme.px(8)));
}

std::vector<std::string> ResultsScreen::captionLines(int i, float width) const {
    const Theme& t = m_theme;
    const ScoreDetails& d = m_result.details;
    const bool anyCell = std::find(d.cellUsed.begin(), d.cellUsed.end(), 1) != d.cellUsed.end();
    if (i == 0) {
        if (!anyCell)
            return t.wrap(std::to_string(m_dots.size()) + " dots; no area large enough to judge density",
                          width, 10);
        // The legend's colour bar, then its words beside it when they fit, else under it.
        const std::string words = "sparse \xE2\x80\x94 on target \xE2\x80\x94 dense";
        const float lw = std::min(t.px(120), width * 0.4f);
        if (lw + t.px(8) + t.textWidth(words, 10) <= width) return {words};
        std::vector<std::string> lines{""};
        for (const std::string& line : t.wrap(words, width, 10))
            lines.push_back(line);
        return lines;
    }
    const size_t spill = static_cast<size_t>(std::count(d.place.begin(), d.place.end(), DotPlace::Spill));
    const size_t forbidden =
        static_cast<size_t>(std::count(d.place.begin(), d.place.end(), DotPlace::Forbidden));
    if (d.hasMatch)
        return t.wrap(std::to_string(d.match.hits) + " hit (green) \xC2\xB7 " +
                          std::to_string(d.match.misses) + " missed (red) \xC2\xB7 " +
                          std::to_string(d.match.extras) + " extra (\xC3\x97)",
                      width, 10);
    // The picture marks at most kMaxOverlappingPairsListed pairs (a pile of dots has millions).
    const std::string merged =
        std::to_string(d.overlaps.size()) + (d.overlaps.size() >= kMaxOverlappingPairsListed ? "+" : "");
    return t.wrap(merged + " merged (amber) \xC2\xB7 " + std::to_string(spill) + " spill (violet) \xC2\xB7 " +
                      std::to_string(forbidden) + " forbidden (\xC3\x97)",
                  width, 10);
}

render::InkDot ResultsScreen::inkDot(size_t i) const {
    const Dot& d = m_dots[i];
    render::InkDot ink;
    ink.pos = d.pos;
    // Files without a diameter column: draw a typical fresh dot rather than nothing.
    ink.diameterMm = d.diameterMm > 0 ? d.diameterMm : 0.4;
    ink.layer = d.session;
    const Pigment p = decodePigment(d.shade);
    const auto shades = knownShades();
    ink.colour =
        p.shadeIndex >= 0
            ? render::pigmentColour(std::string(shades[static_cast<size_t>(p.shadeIndex)]), p.dilution)
            : render::pigmentColour(m_level->sessions.front().shade, 1.0);
    ink.colour.a = 230;
    return ink;
}

void ResultsScreen::handleEvent(const sf::Event& e) {
    if (e.type == sf::Event::KeyPressed) {
        switch (e.key.code) {
        case sf::Keyboard::R:
            press(kRetry);
            break;
        case sf::Keyboard::Enter:
            press(primaryButton());
            break;
        case sf::Keyboard::N:
            press(kNext);
            break;
        case sf::Keyboard::S:
            if (e.key.control) press(kSave);
            break;
        case sf::Keyboard::Escape:
            press(kLevels);
            break;
        case sf::Keyboard::Up:
            m_tableScroll = std::max(0.f, m_tableScroll - m_rowH);
            break;
        case sf::Keyboard::Down:
            m_tableScroll += m_rowH;
            break;
        case sf::Keyboard::PageUp:
            m_tableScroll = std::max(0.f, m_tableScroll - m_table.height * 0.8f);
            break;
        case sf::Keyboard::PageDown:
            m_tableScroll += m_table.height * 0.8f;
            break;
        case sf::Keyboard::Home:
            m_tableScroll = 0;
            break;
        default:
            break;
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
    case kRetry:
        m_nav.startLevel(m_index);
        break;
    case kNext:
        m_nav.startNextLevel(m_index);
        break;
    case kSave: {
        // Into the data folder's attempts/ (not wherever the trainer was started from), and say where.
        std::string path, error;
        const std::string data = m_nav.dataFolder();
        const std::string dir =
            data.empty() ? std::string(".") : (std::filesystem::path(data) / "attempts").string();
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (saveDots(dir, path, error)) {
            m_status = "Saved " + std::to_string(m_dots.size()) + " dots to " + path;
            m_statusError = false;
        } else {
            m_status = error;
            m_statusError = true;
        }
        break;
    }
    case kLevels:
        m_nav.showLevelSelect();
        break;
    default:
        break;
    }
}

bool ResultsScreen::saveDots(const std::string& directory, std::string& savedPath, std::string& error) const {
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    savedPath =
        directory + "/" + (m_level->id.empty() ? std::string("attempt") : m_level->id) + "-" + stamp + ".csv";
    return writeDotsCsv(savedPath, m_dots, error);
}

void ResultsScreen::drawHeader(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const Scorecard& card = m_result.card;
    const float x = m_header.left;
    {
        const sf::FloatRect banner(m_header.left, t.px(12), m_header.width, m_bannerH - t.px(18));
        t.panel(target, banner, card.passed ? sf::Color(124, 196, 138, 40) : sf::Color(228, 120, 104, 40), 6,
                card.passed ? colours::kPass : colours::kFail);
        float by = banner.top + t.px(7);
        for (const std::string& line : m_verdictLines) {
            t.text(target, line, banner.left + t.px(12), by, 15, colours::kText, Align::Left, true);
            by += t.px(21);
        }
    }
    const float o = m_bannerH; // everything below the banner
    t.text(target, "RESULTS", x, o + t.px(22), 11, colours::kAccent, Align::Left, true);
    // The title wraps left of the score (a long one ran under it); the lines below move down.
    for (size_t i = 0; i < m_titleLines.size(); ++i)
        t.text(target, m_titleLines[i], x, o + t.px(40) + i * t.px(34), 26, colours::kText, Align::Left,
               true);
    std::string sub = std::to_string(card.dotCount) + " dots";
    if (m_session) {
        sub += "  \xC2\xB7  " + std::to_string(m_session->strikes()) + " strikes  \xC2\xB7  " +
               std::to_string(m_session->currentSession() + 1) + " of " +
               std::to_string(m_session->sessionCount()) + " sessions";
        const long s = static_cast<long>(m_elapsedS);
        sub += "  \xC2\xB7  " + std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
    } else {
        sub += m_fromPhoto ? " from a photo of the practice sheet" : " from a file";
    }
    t.text(target, sub, x, o + t.px(78) + m_titleExtra, 14, colours::kTextDim);
    float y = o + t.px(100) + m_titleExtra;
    if (!m_focusLines.empty()) {
        const float lw = t.text(target, m_focusLead, x, y, 14,
                                m_focusPassed ? colours::kWarm : colours::kFail, Align::Left, true);
        for (const std::string& line : m_focusLines) {
            t.text(target, line, x + lw, y, 14, colours::kText);
            y += t.px(19);
        }
        y += t.px(2);
    }
    if (!m_recordingNote.empty())
        t.text(target, m_recordingNote, x, y, 11, m_recordingError ? colours::kFail : colours::kTextFaint);

    // Overall score, right-aligned: number, verdict pill, pass mark.
    const float right = m_header.left + m_header.width;
    const std::string score = fixed(card.overall, 0);
    const float sw = t.text(target, score, right - t.px(150), o + t.px(20), 54,
                            card.passed ? colours::kPass : colours::kFail, Align::Right, true);
    (void)sw;
    t.text(target, "/ 100", right - t.px(144), o + t.px(56), 16, colours::kTextDim);
    const std::string verdict = card.passed ? "PASSED" : "NOT PASSED";
    const float vw = t.textWidth(verdict, 13, true) + t.px(20);
    t.panel(target, {right - vw, o + t.px(26), vw, t.px(26)},
            card.passed ? sf::Color(124, 196, 138, 50) : sf::Color(228, 120, 104, 50), 13,
            card.passed ? colours::kPass : colours::kFail);
    t.text(target, verdict, right - vw / 2, o + t.px(30), 13, card.passed ? colours::kPass : colours::kFail,
           Align::Centre, true);
    // Under the pill, apart from "/ 100"; on a small window (the text no longer shrinks with it)
    // a line lower, where they ran together ("/ 100pass mark 70").
    const std::string passMark = "pass mark " + fixed(card.passMark, 0);
    const bool apart =
        right - t.textWidth(passMark, 12) >= right - t.px(144) + t.textWidth("/ 100", 16) + t.px(10);
    t.text(target, passMark, right, o + t.px(apart ? 62 : 82), 12, colours::kTextFaint, Align::Right);
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
    const float maxScroll = std::max(0.f, m_rowsHeight - body.height);
    m_tableScroll = std::min(m_tableScroll, maxScroll);
    std::optional<Theme::Clip> clip(std::in_place, t, target, body);
    if (metrics.empty())
        t.text(target, "No metric applies to this attempt.", x, body.top + t.px(10), 14, colours::kTextDim);
    for (size_t i = 0; i < metrics.size() && i < m_rows.size(); ++i) {
        const MetricResult& m = metrics[i];
        const Row& row = m_rows[i];
        const float y = body.top + row.top - m_tableScroll;
        if (y + row.height < body.top || y > body.top + body.height) continue;
        if (i % 2 == 1) {
            t.rect(target, {m_table.left + t.px(4), y, m_table.width - t.px(8), row.height},
                   sf::Color(255, 255, 255, 6));
        }
        const bool counted = m.weight > 0;
        const sf::Color valueColour = !counted   ? colours::kTextDim
                                      : m.passed ? colours::kText
                                                 : colours::kFail;
        float ly = y + t.px(8);
        for (const std::string& line : row.label) {
            t.text(target, line, x, ly, 14, m.failed ? colours::kFail : colours::kText, Align::Left, true);
            ly += t.px(19);
        }
        t.text(target, metricValueText(m.value, m.unit), colValue, y + t.px(8), 14, valueColour);
        t.text(target, (m.weight > 0 ? metricBandText(m.band, m.unit) : std::string("\xE2\x80\x94")), colBand,
               y + t.px(9), 12, colours::kTextDim);
        // Score bar with the pass-mark tick.
        const float barW = x + w - colScore - t.px(34);
        const sf::FloatRect bar(colScore, y + t.px(13), barW, t.px(8));
        t.panel(target, bar, colours::kPanelRaised, 3);
        const float fillW = bar.width * static_cast<float>(std::clamp(m.score, 0.0, 100.0) / 100.0);
        if (fillW > 1)
            t.panel(target, {bar.left, bar.top, fillW, bar.height},
                    !counted   ? colours::kTextFaint
                    : m.passed ? colours::kPass
                               : colours::kFail,
                    3);
        t.rect(target,
               {bar.left + bar.width * static_cast<float>(m.passMark / 100.0) - t.px(1), bar.top - t.px(3),
                t.px(2), bar.height + t.px(6)},
               colours::kText);
        t.text(target, counted ? fixed(m.score, 0) : "\xE2\x80\x94", x + w, y + t.px(8), 13,
               counted ? colours::kText : colours::kTextFaint, Align::Right, true);
        // The advice: the line a trainee acts on, wrapped whole.
        float ay = y + t.px(13) + row.label.size() * t.px(19);
        for (const std::string& line : row.advice) {
            t.text(target, line, x, ay, 12, colours::kTextDim);
            ay += t.px(16);
        }
    }
    clip.reset();
    if (maxScroll > 0) {
        // A thin scroll indicator.
        const float h = body.height * body.height / m_rowsHeight;
        t.rect(target,
               {m_table.left + m_table.width - t.px(6),
                body.top + (body.height - h) * (m_tableScroll / maxScroll), t.px(3), h},
               colours::kBorder);
    }
}

void ResultsScreen::drawMarks(sf::RenderTarget& target, const render::CanvasView& view) const {
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
        if (d.place[i] == DotPlace::Spill && judgeSpill)
            appendRing(va, view.toScreen(m_dots[i].pos), r, 1.5f, sf::Color(200, 90, 220));
        else if (d.place[i] == DotPlace::Forbidden && judgeForbidden)
            appendCross(va, view.toScreen(m_dots[i].pos), r, 2.f, colours::kFail);
    }
    if (d.hasMatch) {
        for (size_t i = 0; i < d.targets.size() && i < d.match.targetToPlaced.size(); ++i) {
            const bool hit = d.match.targetToPlaced[i] >= 0;
            appendRing(va, view.toScreen(d.targets[i].pos),
                       std::max(5.f, static_cast<float>(m_level->target.toleranceMm * view.pxPerMm())), 1.5f,
                       hit ? colours::kPass : colours::kFail);
        }
        for (size_t i = 0; i < d.match.placedToTarget.size() && i < m_dots.size(); ++i)
            if (d.match.placedToTarget[i] < 0)
                appendCross(va, view.toScreen(m_dots[i].pos), r * 0.8f, 1.5f, colours::kWarm);
    }
    target.draw(va);
}

void ResultsScreen::drawWorkPicture(sf::RenderTarget& target, sf::FloatRect r, Picture which) {
    const Theme& t = m_theme;
    const int i = which == Picture::Heatmap ? 0 : 1;
    t.panel(target, r, colours::kPanel, 10);
    t.flush(target);
    const ScoreDetails& details = m_result.details;
    const bool anyCell =
        std::find(details.cellUsed.begin(), details.cellUsed.end(), 1) != details.cellUsed.end();
    render::CanvasLayers layers;
    layers.outlines = true;
    layers.heatmap = which == Picture::Heatmap && anyCell;
    m_renderers[i].sync(m_views[i], layers, m_dots.size(), [this](size_t k) { return inkDot(k); });
    m_renderers[i].draw(target, m_views[i], layers);
    const float x = r.left + t.px(12);
    const auto lines = captionLines(i, r.width - t.px(24));
    float foot = r.top + r.height - t.px(22) - (lines.size() - 1) * t.px(13);
    if (which == Picture::Heatmap && !anyCell) {
        t.text(target, "Your work", x, r.top + t.px(10), 13, colours::kText, Align::Left, true);
    } else if (which == Picture::Heatmap) {
        t.text(target, "Density against target", x, r.top + t.px(10), 13, colours::kText, Align::Left, true);
        // Legend: the diverging scale, its words beside it or on the next line.
        const float lw = std::min(t.px(120), (r.width - t.px(24)) * 0.4f);
        for (int k = 0; k < 24; ++k) {
            t.rect(target, {x + k * lw / 24, foot + t.px(4), lw / 24 + 0.5f, t.px(8)},
                   render::divergingColour(-1.0 + 2.0 * k / 23.0));
        }
        if (!lines.empty() && !lines.front().empty()) {
            t.text(target, lines.front(), x + lw + t.px(8), foot, 10, colours::kTextFaint);
            return;
        }
    } else {
        {
            const Theme::Clip clip(t, target, m_views[i].viewport());
            drawMarks(target, m_views[i]);
        }
        t.text(target, m_result.details.hasMatch ? "Targets" : "Merged dots and spill", x, r.top + t.px(10),
               13, colours::kText, Align::Left, true);
    }
    for (const std::string& line : lines) {
        if (!line.empty()) t.text(target, line, x, foot, 10, colours::kTextFaint);
        foot += t.px(13);
    }
}

void ResultsScreen::drawButtons(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    if (m_card) return; // a picture has nothing to press
    // Enter takes the primary action: the next level after a pass, another try after a fail.
    const bool retryFirst = primaryButton() == kRetry;
    const char* labels[kButtonCount] = {retryFirst ? "Retry  \xC2\xB7  Enter" : "Retry  \xC2\xB7  R",
                                        retryFirst ? "Next level  \xC2\xB7  N"
                                                   : "Next level  \xC2\xB7  Enter",
                                        "Save dots CSV  \xC2\xB7  Ctrl+S", "Levels  \xC2\xB7  Esc"};
    for (int i = 0; i < kButtonCount; ++i) {
        const sf::FloatRect& r = m_buttonRects[static_cast<size_t>(i)];
        const bool primary = i == primaryButton();
        t.panel(target, r, primary ? colours::kAccent : colours::kPanelRaised, 8,
                primary ? colours::kAccent : colours::kBorder);
        t.text(target, labels[i], r.left + r.width / 2, r.top + t.px(12), 15,
               primary ? colours::kBackground : colours::kText, Align::Centre, true);
    }
    // The status and the note sit in the gap between the table and the buttons.
    float right = m_buttons.left + m_buttons.width;
    if (!m_footerNote.empty())
        right -= t.text(target, m_footerNote, right, m_buttons.top - t.px(15), 10, colours::kWarm,
                        Align::Right, true) +
                 t.px(16);
    if (!m_status.empty())
        t.text(target, t.elide(m_status, right - m_buttons.left, 10), m_buttons.left,
               m_buttons.top - t.px(15), 10, m_statusError ? colours::kFail : colours::kPass);
}

void ResultsScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    drawHeader(target);
    drawTable(target);
    const ScoreDetails& d = m_result.details;
    const sf::FloatRect breakdownTable(m_pictures.left, m_chartTop, m_pictures.width,
                                       m_pictures.top + m_pictures.height - m_chartTop);
    if (m_breakdown) {
        m_breakdown->draw(target, t, m_workRect[0], m_workRect[1], breakdownTable);
        drawButtons(target);
        t.flush(target);
        return;
    }
    drawWorkPicture(target, m_workRect[0], Picture::Heatmap);
    drawWorkPicture(target, m_workRect[1], Picture::Marks);

    const float gap = t.px(14);
    const float cellW = (m_pictures.width - gap) / 2, cellH = m_pictures.top + m_pictures.height - m_chartTop;
    const sf::FloatRect hist(m_pictures.left, m_chartTop, cellW, cellH);
    const sf::FloatRect prof(m_pictures.left + cellW + gap, m_chartTop, cellW, cellH);
    t.panel(target, hist, colours::kPanel, 10);
    t.panel(target, prof, colours::kPanel, 10);
    t.flush(target);
    const sf::FloatRect histIn(hist.left + t.px(12), hist.top + t.px(10), hist.width - t.px(24),
                               hist.height - t.px(16));
    const sf::FloatRect profIn(prof.left + t.px(12), prof.top + t.px(10), prof.width - t.px(24),
                               prof.height - t.px(16));

    render::HistogramSpec hs;
    // The short title where the long one would run out of a narrow window's panel.
    hs.title = t.textWidth("Nearest-neighbour distance", 13, true) <= histIn.width
                   ? "Nearest-neighbour distance"
                   : "Nearest-dot distance";
    hs.unit = "mm";
    const MetricResult* sp =
        m_result.card.find("spacing", m_level->zones.empty() ? "" : m_level->zones.front().id);
    if (!sp) sp = m_result.card.find("spacing");
    if (sp && sp->band.max < kNoMetricBand) hs.band = sp->band;
    if (!m_level->zones.empty()) {
        hs.threshold = m_level->zones.front().minSpacingMm;
        hs.thresholdLabel = "too close";
    }
    render::drawHistogram(target, t, histIn, d.nearestMm, hs);

    if (m_level->hairline) {
        render::ProfileSpec ps;
        ps.title = "Hairline feathering";
        ps.xLabel = "mm behind the line";
        ps.observedLabel = "your density";
        ps.targetLabel = "target ramp";
        render::drawProfile(target, t, profIn, d.hairlineObserved, d.hairlineTarget, ps);
    } else {
        // No hairline: the depth of each strike against the zone's band.
        std::vector<double> depths;
        for (const Dot& dot : m_dots)
            depths.push_back(dot.depthMm);
        std::optional<Range> band;
        if (!m_level->zones.empty()) band = m_level->zones.front().depthMm;
        const std::optional<double> blowout =
            band ? std::optional<double>(band->max + kBlowoutMarginMm) : std::nullopt;
        render::drawHistogram(target, t, profIn, depths,
                              render::HistogramSpec{.title = "Strike depth",
                                                    .unit = "mm",
                                                    .band = band,
                                                    .threshold = blowout,
                                                    .thresholdLabel = "blowout",
                                                    .faultBelow = false,
                                                    .xMax = 0.0,
                                                    .bins = 30});
    }
    drawButtons(target);
    t.flush(target);
}

int ResultsScreen::primaryButton() const {
    // A trainee who has not passed is offered another try first, not the next level.
    return m_result.card.passed ? kNext : kRetry;
}

std::vector<KeyHelp> ResultsScreen::keys() const {
    const bool retryFirst = primaryButton() == kRetry;
    return {{retryFirst ? "R, Enter" : "R", "retry this level"},
            {retryFirst ? "N" : "N, Enter", "next level"},
            {"Ctrl+S", "save the dots as CSV in your data folder (attempts/)"},
            {"\xE2\x86\x91 / \xE2\x86\x93, wheel", "scroll the scorecard"},
            {"Esc", "back to the levels"}};
}

} // namespace stipple::app
