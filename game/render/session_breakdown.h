// The results screen's half of healing and layering (issue 5), for a level built in several
// sessions or with a scar: the attempt scored on its healed result (scoring/layering.h, the same
// scoreLayered as `stipple score`), a picture of the healed final look, a picture of each
// session's contribution in its own colour with a legend, and the per-session table — each
// session's cumulative density against its target share, stacking onto healed dots against
// filling the gaps, how much the gaps shrank, the shade used and the dots lost at healing.
#pragma once

#include "render/canvas_renderer.h"
#include "render/canvas_view.h"
#include "scoring/layering.h"
#include "scoring/level_context.h"

#include <span>
#include <vector>

namespace stipple::render {

class Theme;

class SessionBreakdown {
  public:
    /// True when an attempt on `level` is scored on its healed result: the level has more than
    /// one session or a scar, and the dots' sessions are known (always, for a practice session;
    /// for a dots file, when it has a session column) — the rule of `stipple score`.
    static bool applies(const Level& level, bool sessionsKnown);

    /// Scores `dots` layered (the context's level must outlive this).
    SessionBreakdown(const LevelContext& context, std::span<const Dot> dots, const AttemptInfo& info);

    const LayeredScore& layered() const { return m_score; }
    /// The results screen's ScoreResult: the final scorecard (healed look, layering, scars) and
    /// the details of the healed look (indices are of the surviving dots).
    ScoreResult result() const { return {m_score.card, m_score.healedLook.details}; }

    /// Draws the healed final look into `healed`, the sessions' contributions into `sessions`
    /// and the per-session table into `table` (window pixels).
    void draw(sf::RenderTarget& target, const Theme& theme, sf::FloatRect healed, sf::FloatRect sessions,
              sf::FloatRect table);
    /// The height the per-session table needs at this width (window pixels).
    float tableHeight(const Theme& theme, float width) const;

  private:
    enum Picture { kHealed, kSessions };
    void drawPicture(sf::RenderTarget& target, const Theme& theme, sf::FloatRect r, Picture which);
    /// Draws the table into `r` (or, without a target, only measures it); its height.
    float drawTable(sf::RenderTarget* target, const Theme& theme, sf::FloatRect r) const;
    InkDot sessionInk(size_t i) const;

    const Level& m_level;
    LayeredScore m_score;
    std::vector<int> m_lostBySession;
    CanvasView m_views[2];
    CanvasRenderer m_renderers[2];
    sf::FloatRect m_rects[2];
};

} // namespace stipple::render
