// The trainee's progress (key P on the level select): overall scores over the runs of each level
// and one metric's scores over time as line plots, personal bests per level, and the weakest
// skills with the level that trains each most. Keyboard: ←/→ choose the metric plotted, Esc back.
// The figures come from progress/progress.h over the practice history in the results store.
#pragma once

#include <map>

#include "app/level_catalog.h"
#include "app/screen.h"
#include "progress/progress.h"

namespace stipple::app {

class ProgressScreen : public Screen {
  public:
    /// `problem`: why there is no history to show ("" when the store was read).
    ProgressScreen(const render::Theme& theme, Navigator& nav, std::string trainee, TraineeProgress progress,
                   std::string problem = "");

    void layout(sf::Vector2u size) override;
    void handleEvent(const sf::Event& event) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override { return "Your progress"; }

    /// The curriculum's level titles by id: the plot's legend and the bests name levels by title.
    void setLevelTitles(std::map<std::string, std::string> titles) { m_titles = std::move(titles); }
    /// The metric the lower plot shows (index into the progress's metrics).
    size_t metricShown() const { return m_metric; }

  private:
    const render::Theme& m_theme;
    Navigator& m_nav;
    std::string m_trainee;
    TraineeProgress m_progress;
    std::string m_problem;
    size_t m_metric = 0;
    sf::Vector2u m_size{1280, 960};
    std::map<std::string, std::string> m_titles;
    std::string levelTitle(const std::string& id) const;
};

/// What the curriculum weights, for the suggestions (levels that failed to load are skipped).
std::vector<LevelSkills> curriculumSkills(const std::vector<CatalogEntry>& catalog);

/// Reads `trainee`'s practice history from the store at `where` (path or postgresql:// URL) and
/// makes the screen; a store that cannot be read gives the screen with the reason shown.
std::unique_ptr<Screen> makeProgressScreen(const render::Theme& theme, Navigator& nav,
                                           const std::vector<CatalogEntry>& catalog, const std::string& where,
                                           const std::string& trainee);

} // namespace stipple::app
