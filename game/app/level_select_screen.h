// The first screen: the curriculum as a list of levels (title, skill, difficulty, best score)
// with the selected level's brief, facts and a live preview of its canvas beside it. Keyboard:
// arrows/Page/Home/End choose, Enter starts; mouse: click selects, double-click or the Start
// button starts, the wheel scrolls.
#pragma once

#include "app/level_catalog.h"
#include "app/screen.h"
#include "editor/file_watch.h"
#include "render/canvas_renderer.h"
#include "render/canvas_view.h"

#include <map>

namespace stipple::app {

class LevelSelectScreen : public Screen {
  public:
    /// The catalog must outlive the screen.
    LevelSelectScreen(const render::Theme& theme, Navigator& nav, const std::vector<CatalogEntry>& catalog,
                      std::string catalogError, size_t selected = 0);

    void layout(sf::Vector2u size) override;
    void handleEvent(const sf::Event& event) override;
    void update(double dtS) override; // polls the level files (hot reload) about once a second
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override { return "Choose a level"; }

    size_t selected() const { return m_selected; }

  private:
    void select(size_t index);
    void ensureVisible();
    int rowAt(sf::Vector2f p) const;
    void drawRow(sf::RenderTarget& target, size_t i, sf::FloatRect r) const;
    void drawDetail(sf::RenderTarget& target);
    void writeSheet(); ///< key S: the selected level's practice sheet as PDF in the data folder

    const render::Theme& m_theme;
    Navigator& m_nav;
    const std::vector<CatalogEntry>& m_catalog;
    std::string m_catalogError;
    size_t m_selected = 0;
    int m_hover = -1;
    float m_scroll = 0; ///< list scroll offset, window pixels
    sf::Vector2u m_size{1280, 960};
    sf::FloatRect m_list, m_detail, m_preview, m_startButton;
    float m_rowHeight = 80;
    sf::Clock m_clickClock;
    int m_lastClickRow = -1;
    render::CanvasView m_previewView;
    render::CanvasRenderer m_previewRenderer;
    size_t m_previewFor = static_cast<size_t>(-1);
    std::map<size_t, std::vector<Vec2>> m_ghostCache;
    std::vector<FileWatch> m_reloadWatches; ///< hot reload: one per catalog entry
    double m_reloadS = 0.0;                 ///< hot reload: seconds since the last poll
    std::string m_sheetNote;                ///< where the last sheet was written (or why not)
    size_t m_sheetNoteFor = static_cast<size_t>(-1);
    bool m_sheetNoteError = false;
};

/// "●●●○○" for a difficulty of 1..5.
std::string difficultyPips(int difficulty);

} // namespace stipple::app
