// Progress screen drawing: two line plots on the left (levels; the chosen metric), bests and the
// weakest skills on the right. Only layout here; every figure comes from summarizeProgress.
#include "app/progress_screen.h"

#include "app/level_catalog.h"
#include "level/vocabulary.h"
#include "render/charts.h"
#include "render/theme.h"
#include "scoring/score_attempt.h"
#include "store/postgres_store.h"

#include <algorithm>
#include <cmath>

namespace stipple::app {

using render::Align;
using render::LineSeries;
using render::Theme;
namespace colours = render::colours;

namespace {

const sf::Color kSeries[] = {colours::kAccent,         colours::kWarm,   colours::kPass,
                             sf::Color(150, 140, 230), colours::kFail,   sf::Color(90, 160, 230),
                             sf::Color(230, 140, 200), colours::kTextDim};

} // namespace

ProgressScreen::ProgressScreen(const Theme& theme, Navigator& nav, std::string trainee,
                               TraineeProgress progress, std::string problem)
    : m_theme(theme), m_nav(nav), m_trainee(std::move(trainee)), m_progress(std::move(progress)),
      m_problem(std::move(problem)) {
    // Open on the weakest skill: the plot a trainee most needs to see.
    if (!m_progress.weakest.empty())
        for (size_t i = 0; i < m_progress.metrics.size(); ++i)
            if (m_progress.metrics[i].id == m_progress.weakest.front().metric) m_metric = i;
}

void ProgressScreen::layout(sf::Vector2u size) {
    m_size = size;
}

std::string ProgressScreen::levelTitle(const std::string& id) const {
    const auto it = m_titles.find(id);
    return it == m_titles.end() || it->second.empty() ? id : it->second;
}

void ProgressScreen::handleEvent(const sf::Event& e) {
    if (e.type != sf::Event::KeyPressed) return;
    const size_t n = m_progress.metrics.size();
    switch (e.key.code) {
    case sf::Keyboard::Left:
        if (n) m_metric = (m_metric + n - 1) % n;
        break;
    case sf::Keyboard::Right:
        if (n) m_metric = (m_metric + 1) % n;
        break;
    case sf::Keyboard::Escape:
    case sf::Keyboard::BackSpace:
    case sf::Keyboard::P:
        m_nav.showLevelSelect();
        break;
    default:
        break;
    }
}

void ProgressScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    const float margin = t.px(32);
    const float w = static_cast<float>(m_size.x), h = static_cast<float>(m_size.y);
    t.text(target, "Your progress", margin, t.px(26), 30, colours::kText, Align::Left, true);
    const std::string who = (m_trainee.empty() ? std::string("unnamed trainee") : m_trainee) +
                            "  \xC2\xB7  " + std::to_string(m_progress.runs) + " practice run" +
                            (m_progress.runs == 1 ? "" : "s");
    t.text(target, who, margin + t.textWidth("Your progress", 30, true) + t.px(16), t.px(38), 16,
           colours::kTextDim);

    const float top = t.px(88), bottom = h - t.px(60);
    const float leftW = (w - 3 * margin) * 0.62f;
    const float plotH = (bottom - top - margin) / 2;
    const sf::FloatRect levelsPanel{margin, top, leftW, plotH};
    const sf::FloatRect metricPanel{margin, top + plotH + margin, leftW, plotH};
    const sf::FloatRect side{2 * margin + leftW, top, w - 3 * margin - leftW, bottom - top};
    for (const auto& r : {levelsPanel, metricPanel, side})
        t.panel(target, r, colours::kPanel, 10);
    const float pad = t.px(16);
    auto inner = [&](sf::FloatRect r) {
        return sf::FloatRect{r.left + pad, r.top + pad, r.width - 2 * pad, r.height - 2 * pad};
    };

    if (!m_problem.empty() || m_progress.runs == 0) {
        t.text(target, m_problem.empty() ? "No practice runs yet" : "Your history cannot be read",
               side.left + pad, side.top + pad, 18, colours::kText, Align::Left, true);
        t.paragraph(target,
                    m_problem.empty()
                        ? "Finish a level and its score appears here: every run, every metric, and "
                          "the skills to work on next."
                        : m_problem,
                    side.left + pad, side.top + pad + t.px(32), side.width - 2 * pad, 14, colours::kTextDim);
    }

    // Overall score per level, over that level's runs.
    std::vector<LineSeries> levels;
    for (size_t i = 0; i < m_progress.levels.size() && i < std::size(kSeries); ++i) {
        LineSeries s{levelTitle(m_progress.levels[i].id), {}, kSeries[i]};
        for (const auto& p : m_progress.levels[i].points)
            s.values.push_back(p.score);
        levels.push_back(std::move(s));
    }
    render::LinePlotSpec levelSpec;
    levelSpec.title = "Overall score per level";
    levelSpec.xLabel = "run on the level";
    levelSpec.threshold = 70.0;
    levelSpec.thresholdLabel = "usual pass mark 70";
    render::drawLinePlot(target, t, inner(levelsPanel), levels, levelSpec);

    // One metric over every run that measured it.
    std::vector<LineSeries> metric;
    render::LinePlotSpec metricSpec;
    metricSpec.xLabel = "run";
    metricSpec.threshold = 50.0;
    metricSpec.thresholdLabel = "metric pass 50";
    if (m_metric < m_progress.metrics.size()) {
        const ProgressSeries& s = m_progress.metrics[m_metric];
        metricSpec.title = metricTitle(s.id) + "  (" + std::to_string(m_metric + 1) + "/" +
                           std::to_string(m_progress.metrics.size()) + ", \xE2\x86\x90/\xE2\x86\x92)";
        LineSeries line{"", {}, colours::kAccent};
        for (const auto& p : s.points)
            line.values.push_back(p.score);
        metric.push_back(std::move(line));
    } else {
        metricSpec.title = "Metric scores";
    }
    render::drawLinePlot(target, t, inner(metricPanel), metric, metricSpec);

    if (m_problem.empty() && m_progress.runs > 0) {
        float y = side.top + pad;
        const float x = side.left + pad, right = side.left + side.width - pad;
        t.text(target, "Personal bests", x, y, 16, colours::kText, Align::Left, true);
        y += t.px(30);
        t.text(target, "level", x, y, 11, colours::kTextFaint);
        t.text(target, "best", right - t.px(110), y, 11, colours::kTextFaint, Align::Right);
        t.text(target, "latest", right - t.px(55), y, 11, colours::kTextFaint, Align::Right);
        t.text(target, "runs", right, y, 11, colours::kTextFaint, Align::Right);
        y += t.px(20);
        for (size_t i = 0; i < m_progress.levels.size(); ++i) {
            const ProgressSeries& s = m_progress.levels[i];
            t.rect(target, {x, y + t.px(6), t.px(8), t.px(8)}, kSeries[std::min(i, std::size(kSeries) - 1)]);
            // The level's title, wrapped in the space left of the numbers.
            const auto lines = t.wrap(
                levelTitle(s.id),
                right - t.px(110) - t.textWidth("\xE2\x9C\x93 100", 13, true) - t.px(12) - x - t.px(14), 13);
            // Coloured and marked by the run's verdict (a failed run reads below its pass mark,
            // whatever that mark is): "✓ 88" / "✗ 62".
            const auto verdict = [](double score, bool passed) {
                return std::string(passed ? "\xE2\x9C\x93 " : "\xE2\x9C\x97 ") + render::wholeNumber(score);
            };
            t.text(target, verdict(s.best, s.bestPassed), right - t.px(110), y, 13,
                   s.bestPassed ? colours::kPass : colours::kFail, Align::Right, true);
            t.text(target, verdict(s.latest, s.latestPassed), right - t.px(55), y, 13,
                   s.latestPassed ? colours::kPass : colours::kFail, Align::Right);
            t.text(target, std::to_string(s.points.size()), right, y, 13, colours::kTextDim, Align::Right);
            for (const std::string& line : lines) {
                t.text(target, line, x + t.px(14), y, 13, colours::kText);
                y += t.px(18);
            }
            y += t.px(4);
        }
        y += t.px(22);
        t.text(target, "Work on next", x, y, 16, colours::kText, Align::Left, true);
        y += t.px(30);
        if (m_progress.weakest.empty())
            t.paragraph(target, "No metric scores saved yet.", x, y, right - x, 13, colours::kTextDim);
        const float bottom = side.top + side.height - pad;
        for (const auto& weak : m_progress.weakest) {
            const size_t recent = std::min<size_t>(kRecentRuns, static_cast<size_t>(weak.runs));
            // The metric's score out of 100, not a count: "Extra dots  0 in your last run" read
            // as no extra dots.
            const std::string how =
                recent == 1 ? "scored " + render::wholeNumber(weak.recent) + "/100 in your last run"
                            : "averaged " + render::wholeNumber(weak.recent) + "/100 over your last " +
                                  std::to_string(recent) + " runs";
            // The metric's title and its recent score on one line, or the score under a long title.
            const bool oneLine =
                t.textWidth(metricTitle(weak.metric), 14, true) + t.px(12) + t.textWidth(how, 12) <=
                right - x;
            const std::string advice =
                weak.suggestedLevel.empty()
                    ? "No level in the curriculum weights it yet."
                    : "Practise \xE2\x80\x9C" +
                          (weak.suggestedTitle.empty() ? weak.suggestedLevel : weak.suggestedTitle) +
                          "\xE2\x80\x9D: it weights " + metricTitle(weak.metric) + " most.";
            // Only whole suggestions: on a small window the weakest that fit (it lists the
            // weakest first).
            const float height =
                (oneLine ? 0 : t.px(20)) + t.px(22) + t.paragraphHeight(advice, right - x, 13);
            if (y + height > bottom) break;
            t.text(target, metricTitle(weak.metric), x, y, 14, colours::kWarm, Align::Left, true);
            if (!oneLine) y += t.px(20);
            t.text(target, how, oneLine ? right : x, y + t.px(1), 12, colours::kTextDim,
                   oneLine ? Align::Right : Align::Left);
            y += t.px(22);
            y += t.paragraph(target, advice, x, y, right - x, 13, colours::kTextDim) + t.px(12);
        }
    }
    t.text(target, "\xE2\x86\x90\xE2\x86\x92 metric    Esc back to the levels    F1 help", margin,
           h - t.px(36), 13, colours::kTextFaint);
    t.flush(target);
}

std::vector<KeyHelp> ProgressScreen::keys() const {
    return {{"\xE2\x86\x90 / \xE2\x86\x92", "the previous / next metric in the lower plot"},
            {"Esc, Backspace or P", "back to the levels"}};
}

std::vector<LevelSkills> curriculumSkills(const std::vector<CatalogEntry>& catalog) {
    std::vector<LevelSkills> out;
    for (const auto& entry : catalog) {
        if (!entry.level) continue;
        // Every metric the level is scored on, with the weight the scorer gives it: a metric
        // the level leaves at the scorer's default counts too.
        out.push_back({entry.level->id, entry.level->title, entry.level->difficulty,
                       scoredMetricWeights(*entry.level)});
    }
    return out;
}

std::unique_ptr<Screen> makeProgressScreen(const Theme& theme, Navigator& nav,
                                           const std::vector<CatalogEntry>& catalog, const std::string& where,
                                           const std::string& trainee) {
    StoreError error;
    const auto store = openResultsStore(where, StoreMode::ReadOnly, error);
    std::vector<PracticeRecord> runs;
    std::string problem;
    if (!store) {
        if (error.kind != StoreError::Kind::Missing) problem = error.message;
    } else if (!traineePractice(*store, trainee, runs,
                                error)) { // the canonical id, and older runs under the typed name
        problem = error.message;
    }
    auto screen = std::make_unique<ProgressScreen>(
        theme, nav, trainee, summarizeProgress(runs, curriculumSkills(catalog)), problem);
    std::map<std::string, std::string> titles;
    for (const auto& entry : catalog)
        if (entry.level) titles[entry.level->id] = entry.level->title;
    screen->setLevelTitles(std::move(titles));
    return screen;
}

} // namespace stipple::app
