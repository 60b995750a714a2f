// Level select implementation.
#include "app/level_select_screen.h"

#include "sheet/sheet_files.h"

#include "config/station_config.h"
#include "pattern/poisson_disk.h"
#include "render/theme.h"

#include <algorithm>
#include <cmath>

namespace stipple::app {

using render::Align;
using render::Theme;
namespace colours = render::colours;
using render::fixed;

namespace {

std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string fileName(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

std::string difficultyPips(int difficulty) {
    std::string s;
    for (int i = 1; i <= 5; ++i)
        s += i <= difficulty ? "\xE2\x97\x8F" : "\xE2\x97\x8B";
    return s;
}

LevelSelectScreen::LevelSelectScreen(const Theme& theme, Navigator& nav,
                                     const std::vector<CatalogEntry>& catalog, std::string catalogError,
                                     size_t selected)
    : m_theme(theme), m_nav(nav), m_catalog(catalog), m_catalogError(std::move(catalogError)),
      m_selected(catalog.empty() ? 0 : std::min(selected, catalog.size() - 1)) {}

void LevelSelectScreen::layout(sf::Vector2u size) {
    m_size = size;
    const Theme& t = m_theme;
    const float margin = t.px(32);
    const float top = t.px(112);
    const float bottom = size.y - t.px(52);
    const float listWidth = std::max(t.px(420), size.x * 0.44f);
    m_list = {margin, top, listWidth, bottom - top};
    m_detail = {margin * 1.5f + listWidth, top, size.x - listWidth - margin * 2.5f, bottom - top};
    m_rowHeight = t.px(84);
    const float pad = t.px(20);
    const float previewH = std::min(m_detail.height * 0.46f, (m_detail.width - 2 * pad) * 0.72f);
    m_preview = {m_detail.left + pad, m_detail.top + pad, m_detail.width - 2 * pad, previewH};
    m_startButton = {m_detail.left + m_detail.width - pad - t.px(190),
                     m_detail.top + m_detail.height - pad - t.px(48), t.px(190), t.px(48)};
    m_previewView.setViewport(m_preview);
    if (m_previewFor < m_catalog.size() && m_catalog[m_previewFor].level) {
        const Canvas& c = m_catalog[m_previewFor].level->canvas;
        m_previewView.fit(c.widthMm, c.heightMm);
    }
    ensureVisible();
}

void LevelSelectScreen::select(size_t index) {
    if (m_catalog.empty()) return;
    m_selected = std::min(index, m_catalog.size() - 1);
    ensureVisible();
}

void LevelSelectScreen::ensureVisible() {
    const float y = m_selected * m_rowHeight;
    if (y < m_scroll) m_scroll = y;
    if (y + m_rowHeight > m_scroll + m_list.height) m_scroll = y + m_rowHeight - m_list.height;
    const float maxScroll = std::max(0.f, m_catalog.size() * m_rowHeight - m_list.height);
    m_scroll = std::clamp(m_scroll, 0.f, maxScroll);
}

int LevelSelectScreen::rowAt(sf::Vector2f p) const {
    if (!m_list.contains(p)) return -1;
    const int row = static_cast<int>((p.y - m_list.top + m_scroll) / m_rowHeight);
    return row >= 0 && row < static_cast<int>(m_catalog.size()) ? row : -1;
}

void LevelSelectScreen::handleEvent(const sf::Event& e) {
    const size_t page = std::max<size_t>(1, static_cast<size_t>(m_list.height / m_rowHeight) - 1);
    switch (e.type) {
    case sf::Event::KeyPressed:
        switch (e.key.code) {
        case sf::Keyboard::Up:
            select(m_selected > 0 ? m_selected - 1 : 0);
            break;
        case sf::Keyboard::Down:
            select(m_selected + 1);
            break;
        case sf::Keyboard::PageUp:
            select(m_selected > page ? m_selected - page : 0);
            break;
        case sf::Keyboard::PageDown:
            select(m_selected + page);
            break;
        case sf::Keyboard::Home:
            select(0);
            break;
        case sf::Keyboard::End:
            select(m_catalog.empty() ? 0 : m_catalog.size() - 1);
            break;
        case sf::Keyboard::Enter:
        case sf::Keyboard::Space:
            if (m_selected < m_catalog.size() && m_catalog[m_selected].level) m_nav.startLevel(m_selected);
            break;
        case sf::Keyboard::X:
            m_nav.open("exam-signin");
            break; // the exam flow
        case sf::Keyboard::Q:
            if (!e.key.control) m_nav.open("quiz");
            break; // Ctrl+Q quits
        case sf::Keyboard::E:
            if (m_selected < m_catalog.size()) m_nav.editLevel(m_selected);
            break; // the level editor
        case sf::Keyboard::N:
            if (e.key.control) m_nav.newLevel();
            break; // the level editor on a new level
        case sf::Keyboard::P:
            m_nav.open("progress");
            break;
        case sf::Keyboard::S:
            writeSheet();
            break; // the practice sheet (PDF)
        case sf::Keyboard::O:
            if (m_selected < m_catalog.size() && m_catalog[m_selected].level) m_nav.open("scan", m_selected);
            break; // score a photo
        case sf::Keyboard::C:
            if (!e.key.control) m_nav.open("cohort");
            break;
        case sf::Keyboard::Escape:
            m_nav.quit();
            break;
        default:
            break;
        }
        break;
    case sf::Event::MouseMoved:
        m_hover = rowAt({float(e.mouseMove.x), float(e.mouseMove.y)});
        break;
    case sf::Event::MouseWheelScrolled:
        if (m_list.contains(float(e.mouseWheelScroll.x), float(e.mouseWheelScroll.y))) {
            const float maxScroll = std::max(0.f, m_catalog.size() * m_rowHeight - m_list.height);
            m_scroll = std::clamp(m_scroll - e.mouseWheelScroll.delta * m_rowHeight * 0.5f, 0.f, maxScroll);
        }
        break;
    case sf::Event::MouseButtonPressed: {
        if (e.mouseButton.button != sf::Mouse::Left) break;
        const sf::Vector2f p(float(e.mouseButton.x), float(e.mouseButton.y));
        if (m_startButton.contains(p) && m_selected < m_catalog.size() && m_catalog[m_selected].level) {
            m_nav.startLevel(m_selected);
            break;
        }
        const int row = rowAt(p);
        if (row < 0) break;
        const bool doubleClick = row == m_lastClickRow && m_clickClock.getElapsedTime().asSeconds() < 0.4f;
        select(static_cast<size_t>(row));
        m_lastClickRow = row;
        m_clickClock.restart();
        if (doubleClick && m_catalog[m_selected].level) m_nav.startLevel(m_selected);
        break;
    }
    default:
        break;
    }
}

void LevelSelectScreen::update(double dtS) {
    // Hot reload: a level file that changed on disk is read again (an invalid one shows its diagnostic).
    if (m_reloadWatches.size() != m_catalog.size()) { // (re)start watching every entry
        m_reloadWatches.clear();
        for (const CatalogEntry& entry : m_catalog)
            m_reloadWatches.emplace_back(entry.path);
    }
    if ((m_reloadS += dtS) < FileWatch::kIntervalS) return;
    m_reloadS = 0.0;
    for (size_t i = 0; i < m_reloadWatches.size(); ++i) {
        if (m_reloadWatches[i].poll() != FileWatch::Change::Modified) continue;
        m_ghostCache.erase(i), m_previewFor = static_cast<size_t>(-1); // the preview is rebuilt
        m_nav.reloadLevel(i, false);
    }
}

void LevelSelectScreen::drawRow(sf::RenderTarget& target, size_t i, sf::FloatRect r) const {
    const Theme& t = m_theme;
    const CatalogEntry& entry = m_catalog[i];
    const bool sel = i == m_selected;
    const bool hover = static_cast<int>(i) == m_hover;
    const sf::FloatRect card(r.left, r.top + t.px(4), r.width, r.height - t.px(8));
    t.panel(target, card,
            sel     ? colours::kPanelRaised
            : hover ? colours::kPanelHover
                    : colours::kPanel,
            8, sel ? colours::kAccent : sf::Color::Transparent);
    if (sel) {
        t.rect(target, {card.left + t.px(1), card.top + t.px(10), t.px(4), card.height - t.px(20)},
               colours::kAccent);
    }
    const float x = card.left + t.px(20);
    if (!entry.level) {
        t.text(target, fileName(entry.path), x, card.top + t.px(12), 18, colours::kFail, Align::Left, true);
        std::string msg = entry.error;
        if (msg.size() > 90) msg = msg.substr(0, 87) + "...";
        t.text(target, msg, x, card.top + t.px(42), 13, colours::kTextDim);
        return;
    }
    const Level& level = *entry.level;
    // The title in the room left of the best score, smaller when long.
    const std::string title = level.title.empty() ? level.id : level.title;
    const float titleW =
        card.left + card.width - t.px(20) - t.textWidth(entry.bestScore, 24, true) - t.px(12) - x;
    const float titleSize = t.fitSize(title, titleW, 19, 13, true);
    t.text(target, t.elide(title, titleW, titleSize, true), x, card.top + t.px(12) + t.px(19 - titleSize) / 2,
           titleSize, colours::kText, Align::Left, true);
    // Skill chip, then difficulty pips.
    const std::string skill = capitalised(level.skill);
    const float chipW = t.textWidth(skill, 13) + t.px(16);
    t.panel(target, {x, card.top + t.px(44), chipW, t.px(22)}, colours::kAccentSoft, 11);
    t.text(target, skill, x + t.px(8), card.top + t.px(47), 13, colours::kAccent);
    t.text(target, difficultyPips(level.difficulty), x + chipW + t.px(12), card.top + t.px(45), 14,
           colours::kWarm);
    // Best score on the right.
    const float right = card.left + card.width - t.px(20);
    t.text(target, entry.bestScore, right, card.top + t.px(12), 24, colours::kText, Align::Right, true);
    std::string runs = "best";
    if (entry.runs > 0)
        runs = std::to_string(entry.runs) + (entry.runs == 1 ? " run" : " runs") +
               (entry.passes > 0 ? " \xC2\xB7 passed" : "");
    t.text(target, runs, right, card.top + t.px(46), 12,
           entry.passes > 0 ? colours::kPass : colours::kTextFaint, Align::Right);
}

void LevelSelectScreen::drawDetail(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    t.panel(target, m_detail, colours::kPanel, 10);
    if (m_selected >= m_catalog.size()) {
        const float pad = t.px(20);
        t.text(target, "Where the levels come from", m_detail.left + pad, m_detail.top + pad, 18,
               colours::kText, Align::Left, true);
        t.paragraph(
            target,
            "Stipple reads every *.xml level in its levels folder: <data>/levels, where <data> is "
            "$STIPPLE_DATA "
            "or the installed share/stipple folder.\nStart it with --levels DIR to use another curriculum; "
            "`stipple validate` checks level files and names each problem's line.",
            m_detail.left + pad, m_detail.top + pad + t.px(40), m_detail.width - 2 * pad, 14,
            colours::kTextDim);
        return;
    }
    const CatalogEntry& entry = m_catalog[m_selected];
    const float pad = t.px(20);
    if (!entry.level) {
        t.text(target, "This level cannot be opened", m_detail.left + pad, m_detail.top + pad, 20,
               colours::kFail, Align::Left, true);
        t.paragraph(target, entry.error, m_detail.left + pad, m_detail.top + pad + t.px(40),
                    m_detail.width - 2 * pad, 14, colours::kTextDim);
        return;
    }
    const Level& level = *entry.level;
    if (m_previewFor != m_selected) {
        auto it = m_ghostCache.find(m_selected);
        if (it == m_ghostCache.end()) {
            std::vector<Vec2> ghost;
            for (const TargetDot& d : targetPattern(level))
                ghost.push_back(d.pos);
            it = m_ghostCache.emplace(m_selected, std::move(ghost)).first;
        }
        m_previewRenderer.setLevel(&level, it->second);
        m_previewView.setViewport(m_preview);
        m_previewView.fit(level.canvas.widthMm, level.canvas.heightMm);
        m_previewFor = m_selected;
    }
    render::CanvasLayers layers;
    layers.outlines = true;
    layers.ghost = level.mode.ghost;
    m_previewRenderer.sync(m_previewView, layers, 0, [](size_t) { return render::InkDot{}; });
    t.panel(target, m_preview, colours::kBackground, 8);
    t.flush(target);
    m_previewRenderer.draw(target, m_previewView, layers);

    float y = m_preview.top + m_preview.height + t.px(18);
    const float x = m_detail.left + pad;
    const float w = m_detail.width - 2 * pad;
    // A long title wraps (it ran off the panel's right edge).
    for (const std::string& line : t.wrap(level.title, w, 24, true)) {
        t.text(target, line, x, y, 24, colours::kText, Align::Left, true);
        y += t.px(32);
    }
    y += t.px(6);
    const Canvas& c = level.canvas;
    std::string facts = capitalised(level.skill) + "  \xC2\xB7  " + fixed(c.widthMm, 0) + " \xC3\x97 " +
                        fixed(c.heightMm, 0) + " mm  \xC2\xB7  " +
                        plural(level.sessions.size(), "session", "sessions");
    if (!level.zones.empty())
        facts += "  \xC2\xB7  target " + fixed(level.zones.front().densityPerCm2, 0) + " dots/cm\xC2\xB2";
    if (level.mode.timeLimitS > 0) facts += "  \xC2\xB7  " + fixed(level.mode.timeLimitS / 60.0, 0) + " min";
    t.text(target, facts, x, y, 14, colours::kTextDim);
    y += t.px(30);
    const float briefBottom = m_startButton.top - t.px(16);
    {
        // The brief, clipped to the space above the button.
        const Theme::Clip clip(t, target, {x, y, w, std::max(1.f, briefBottom - y)});
        t.paragraph(target, level.brief, x, y, w, 15, colours::kText);
    }

    std::string aids;
    auto add = [&aids](bool on, const char* name) {
        if (!on) return;
        if (!aids.empty()) aids += " \xC2\xB7 ";
        aids += name;
    };
    // The ghost is the pattern generated from the zones: a drill's own targets are always drawn
    // and it has no ghost (the practice screen says "not in this level").
    add(level.mode.ghost && level.target.generate && !level.zones.empty(), "target ghost");
    add(level.mode.heatmap, "heatmap");
    add(level.mode.undo, "undo");
    add(level.mode.liveScore, "live score");
    if (!m_sheetNote.empty() && m_sheetNoteFor == m_selected) {
        // The practice sheet just written (key S): where it is, in full on two lines if need be.
        const auto lines = t.wrap(m_sheetNote, m_startButton.left - x - t.px(16), 13);
        float ly = m_startButton.top + m_startButton.height / 2 - t.px(9) - (lines.size() > 1 ? t.px(9) : 0);
        for (size_t i = 0; i < lines.size() && i < 2; ++i, ly += t.px(18))
            t.text(target, lines[i], x, ly, 13, m_sheetNoteError ? colours::kFail : colours::kPass);
    } else {
        t.text(target, aids.empty() ? "No practice aids: exam conditions" : "Aids: " + aids, x,
               m_startButton.top + m_startButton.height / 2 - t.px(9), 13, colours::kTextFaint);
    }

    t.panel(target, m_startButton, colours::kAccent, 8);
    t.text(target, "Start  \xE2\x8F\x8E", m_startButton.left + m_startButton.width / 2,
           m_startButton.top + t.px(12), 18, colours::kBackground, Align::Centre, true);
}

void LevelSelectScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    const float margin = t.px(32);
    t.text(target, "Stipple", margin, t.px(26), 34, colours::kText, Align::Left, true);
    t.text(target, "Scalp micropigmentation trainer", margin + t.textWidth("Stipple", 34, true) + t.px(16),
           t.px(42), 16, colours::kTextDim);
    t.text(target, "Curriculum", margin, t.px(84), 13, colours::kTextFaint, Align::Left, true);
    t.text(target, std::to_string(m_catalog.size()) + " levels", m_list.left + m_list.width, t.px(84), 13,
           colours::kTextFaint, Align::Right);

    if (m_catalog.empty()) {
        t.panel(target, m_list, colours::kPanel, 10);
        t.text(target, "No levels found", m_list.left + t.px(20), m_list.top + t.px(20), 20, colours::kText,
               Align::Left, true);
        t.paragraph(target,
                    m_catalogError.empty()
                        ? "Put level files (*.xml) in the levels folder, or start with --levels DIR."
                        : m_catalogError,
                    m_list.left + t.px(20), m_list.top + t.px(56), m_list.width - t.px(40), 14,
                    colours::kTextDim);
    } else {
        const Theme::Clip clip(t, target, m_list);
        for (size_t i = 0; i < m_catalog.size(); ++i) {
            const float y = m_list.top + i * m_rowHeight - m_scroll;
            if (y + m_rowHeight < m_list.top || y > m_list.top + m_list.height) continue;
            drawRow(target, i, {m_list.left, y, m_list.width, m_rowHeight});
        }
    }
    drawDetail(target);

    t.text(target, "\xE2\x86\x91\xE2\x86\x93 choose    Enter start    X exam    F1 help    Esc quit", margin,
           m_size.y - t.px(36), 13, colours::kTextFaint);
    t.text(target, "P progress    C cohort    Q quiz", m_size.x - margin, m_size.y - t.px(36), 13,
           colours::kTextFaint, Align::Right);
    t.text(target, "E edit level    Ctrl+N new level", m_size.x / 2.f, m_size.y - t.px(36), 13,
           colours::kTextFaint, Align::Centre); // the level editor
    t.flush(target);
}

void LevelSelectScreen::writeSheet() {
    if (m_selected >= m_catalog.size() || !m_catalog[m_selected].level) return;
    std::string error;
    const std::string dir = userDataDir().empty() ? std::string("sheets") : userDataDir() + "/sheets";
    const std::string path =
        sheet::writeLevelSheet(m_catalog[m_selected].path, *m_catalog[m_selected].level, dir, error);
    m_sheetNoteFor = m_selected;
    m_sheetNoteError = path.empty();
    m_sheetNote = path.empty()
                      ? "The sheet could not be written: " + error
                      : "Sheet written: " + path + "  (print at 100 %, then O to score a photo of it)";
}

std::vector<KeyHelp> LevelSelectScreen::keys() const {
    return {{"\xE2\x86\x91 / \xE2\x86\x93", "previous / next level"},
            {"Page Up / Page Down", "a page up / down"},
            {"Home / End", "first / last level"},
            {"Enter or Space", "start the selected level"},
            {"Mouse wheel", "scroll the list"},
            {"Double-click", "start a level"},
            {"E", "edit the selected level in the level editor"},
            {"Ctrl+N", "a new level in the level editor"},
            {"X", "sit a certification exam (candidate sign-in)"},
            {"Q", "quiz: aftercare rules and session facts"},
            {"P", "your progress: scores over time, bests, what to work on next"},
            {"C", "the cohort: candidates x levels, metric spreads, quiz item analysis"},
            {"S", "write the selected level's practice sheet (PDF, to print at 100 %)"},
            {"O", "score a photo of your practice sheet"},
            {"Esc", "quit"}};
}

} // namespace stipple::app
