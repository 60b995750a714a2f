// The practice screen (work in progress: waits for core/session).
#pragma once
#include "app/canvas_renderer.h"
#include "app/canvas_view.h"
#include "app/level_catalog.h"
#include "app/screen.h"
namespace stipple::app {
class PracticeScreen : public Screen {
public:
    PracticeScreen(const Theme& theme, Navigator& nav, size_t index, const CatalogEntry& entry)
        : m_theme(theme), m_nav(nav), m_index(index), m_entry(entry) {}
    bool loadDots(const std::string&, std::string& error) { error = "not yet"; return false; }
    std::unique_ptr<Screen> finishToResults() { return nullptr; }
    void layout(sf::Vector2u) override {}
    void handleEvent(const sf::Event&) override {}
    void draw(sf::RenderTarget& t) override { t.clear(); }
    std::vector<KeyHelp> keys() const override { return {}; }
    std::string name() const override { return "Practice"; }
private:
    const Theme& m_theme;
    Navigator& m_nav;
    size_t m_index;
    const CatalogEntry& m_entry;
};
}
