// The practice screen's view of healing (issue 5): how every dot looks at this moment of a
// multi-session attempt, the heal animation, the healed/fresh toggle and the session timeline.
//
// What the trainee sees. While session k is placed, the dots of earlier sessions are drawn as
// they look when session k begins (HealingModel::at with each dot's age then: shrunk, lighter,
// some faded or lost, deep ones spread and blue), and session k's own dots fresh. The toggle
// shows every dot fully healed instead — the current canvas as placed against as it will heal.
//
// The heal. The screen applies PracticeSession::nextSession (the only state change: recordings
// and replay see the same command) and then asks this view to animate: for about 1.5 s the dots
// of the earlier sessions age from the start of the old session to the start of the new one, in
// a dozen steps (each step is one full redraw of the canvas; between steps the canvas texture is
// reused, so even 100k dots cost a few redraws, not one per frame). The animation advances with
// the screen's update(dt), never with the wall clock, so screenshots are reproducible, and any
// key or click skips it.
//
// Cost. Settled looks are computed once per dot and cached, index-aligned with the session's
// dots (a dot removed by undo and a new one at its index are told apart by tick and position),
// so zooming or panning 100k healed dots redraws from the cache.
#pragma once

#include "healing/healing_model.h"
#include "render/canvas_renderer.h"

#include <SFML/Window/Event.hpp>

#include <string>
#include <vector>

namespace stipple::render {
class Theme;
}

namespace stipple::app {

class HealingView {
  public:
    /// Length of the heal animation, seconds of update() time.
    static constexpr double kHealAnimationS = 1.5;
    /// Redraws of the canvas the animation makes (the canvas holds still between them).
    static constexpr int kHealAnimationSteps = 12;

    /// `level` must outlive the view.
    explicit HealingView(const Level& level);
    HealingView(Level&&) = delete;

    const HealingModel& model() const { return m_model; }
    bool multiSession() const { return m_level.sessions.size() > 1; }

    /// The session being placed now (PracticeSession::currentSession), every frame: a change
    /// re-ages the earlier layers (a heal, or dots loaded through the session's own commands).
    void follow(int session);
    /// Starts the heal animation: session `from` has just healed and `to` begun.
    void startHeal(int from, int to);
    /// Advances the animation by `dtS` seconds.
    void update(double dtS);
    bool animating() const { return m_animating; }
    /// Ends the animation on a key press or a click; true when it did (the event is consumed).
    bool skipOn(const sf::Event& event);
    void skip();

    /// The healed/fresh toggle: true shows every dot fully healed.
    void setShowHealed(bool on);
    bool showHealed() const { return m_showHealed; }

    /// True once after anything that changed how already inked dots look: the caller forces a
    /// full redraw of the canvas.
    bool takeRedraw();

    /// How `dot` (index `index` of the session's dots) looks now; `fresh` is its look as placed.
    render::InkDot ink(size_t index, const Dot& dot, const render::InkDot& fresh) const;

    /// Height of the session timeline strip in window pixels (0 for a one-session level).
    float timelineHeight(const render::Theme& theme) const;
    /// Draws the timeline into `r`: session 1..N with shade and share of the final density, the
    /// current one highlighted, the heal interval in days between them, the healed/fresh state
    /// and the animation's progress.
    void drawTimeline(sf::RenderTarget& target, const render::Theme& theme, sf::FloatRect r) const;

  private:
    HealedDot settled(size_t index, const Dot& dot) const;

    const Level& m_level;
    HealingModel m_model;
    int m_session = 0;
    bool m_showHealed = false;
    bool m_redraw = false;
    bool m_animating = false;
    int m_from = 0, m_to = 0;
    double m_u = 0.0; ///< animation progress 0..1
    int m_step = 0;   ///< the step drawn, 0..kHealAnimationSteps
    struct Cached {
        HealedDot look;
        Vec2 pos;
        int32_t tick = 0;
        bool valid = false;
    };
    mutable std::vector<Cached> m_cache; ///< settled looks for the current session and toggle
};

} // namespace stipple::app
