// The instructor's cohort view (key C on the level select): the candidates × levels, sections
// and exams table (best / latest score), the distribution of the chosen metric over the cohort
// (each candidate's latest score), and the quiz item analysis with weak questions flagged first.
// Keyboard: ↑/↓ scroll the table, ←/→ choose the metric, Page Up/Down scroll the questions,
// Esc back. The figures come from progress/cohort.h, the same as `stipple results cohort|items`.
#pragma once

#include "app/screen.h"
#include "progress/cohort.h"

namespace stipple::app {

class CohortScreen : public Screen {
  public:
    /// `problem`: why the store could not be read ("" when it was). `keyNote`: the academy key
    /// was found where keys were kept before, and how to move it ("" = nothing to say).
    CohortScreen(const render::Theme& theme, Navigator& nav, const CohortData& data, std::string location,
                 std::string problem = "", std::string keyNote = "");

    void layout(sf::Vector2u size) override;
    void handleEvent(const sf::Event& event) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override { return "Cohort"; }

  private:
    void drawTable(sf::RenderTarget& target, sf::FloatRect r) const;
    void drawItems(sf::RenderTarget& target, sf::FloatRect r) const;

    const render::Theme& m_theme;
    Navigator& m_nav;
    CohortTable m_table;
    std::vector<MetricDistribution> m_metrics;
    std::vector<ItemStats> m_items; ///< flagged first, then as itemAnalysis orders them
    int m_results = 0, m_runs = 0;
    std::string m_location, m_problem, m_keyNote;
    std::string
        m_notGenuine; ///< the stored results left out (not genuine, or no key to check them), "" = none
    size_t m_firstRow = 0, m_metric = 0, m_firstItem = 0;
    sf::Vector2u m_size{1280, 960};
};

/// Reads the whole cohort from the store at `where` (path or postgresql:// URL); a store that
/// cannot be read gives the screen with the reason shown. Each stored exam result is checked
/// against the academy key academy.public in the data folder `dataDir`'s keys/ (or where keys were
/// kept before, with the commands' note on the screen: config/station_config.h keyFileIn): one
/// that is not genuine (or cannot be checked) is left out of every figure, and the screen says
/// how many and why.
std::unique_ptr<Screen> makeCohortScreen(const render::Theme& theme, Navigator& nav, const std::string& where,
                                         const std::string& dataDir);

} // namespace stipple::app
