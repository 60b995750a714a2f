// The practice screen's sidebar: the needle (depth gauge with the level's band, dot size,
// needle, pigment), the zone under the cursor (density against the session's target), the
// work so far (strikes, overlaps, too-close dots, spill, pace, time) and the practice aids with
// their keys, plus the Next-session and Finish buttons. It draws a HudModel — plain values the
// practice screen reads from const core state each frame — and keeps nothing else.
#pragma once

#include "app/screen.h"
#include "level/level.h"
#include "scoring/live_targets.h"

#include <optional>
#include <string>
#include <vector>

namespace stipple::app {

/// Something the trainee clicked in the HUD.
enum class HudAction {
    None,
    ToggleGhost,
    ToggleHeatmap,
    ToggleOutlines,
    ToggleHealed,
    Undo,
    NextSession,
    Finish
};

struct HudAid {
    HudAction action = HudAction::None;
    std::string key;     ///< e.g. "G"
    std::string name;    ///< e.g. "Target ghost"
    bool allowed = true; ///< the level offers it
    bool on = false;
};

struct HudModel {
    // Needle and strike
    double depthMm = 0.0; ///< live depth while the needle is down, else the last strike's
    bool needleDown = false;
    bool haveStrike = false;     ///< a strike exists (live or last)
    Range depthBandMm{0.5, 1.0}; ///< the zone's ideal band
    double blowoutMm = 1.5;
    double gaugeMaxMm = 2.5;
    double dotSizeMm = 0.0; ///< fresh diameter of the live/last strike
    double elongation = 1.0;
    std::string needle;             ///< "1RL · 0.25 mm"
    std::string pigment;            ///< "soft-black · 100 %"
    std::optional<double> pressure; ///< shown where the level offers pressure
    // Zone under the cursor
    std::string zoneName; ///< "" when the cursor is on no zone
    std::optional<double> densityPerCm2;
    double targetPerCm2 = 0.0; ///< this session's cumulative target in that zone
    double finalPerCm2 = 0.0;
    bool liveScore = true;      ///< the level shows live numbers
    bool hasZones = true;       ///< dots outside every zone count as spill only when there are zones
    LiveTargetSnapshot targets; ///< drills with target dots: hits so far (targets == 0 otherwise)
    // Work so far
    int strikes = 0;
    size_t dots = 0;
    int64_t overlaps = 0;
    int64_t tooClose = 0;
    int64_t spill = 0;     ///< the scorer's spill count so far
    int64_t forbidden = 0; ///< dots in forbidden areas so far
    double elapsedS = 0.0;
    double limitS = 0.0; ///< 0 = none
    double expectedPerMin = 60.0;
    int session = 0, sessionCount = 1;
    std::vector<HudAid> aids;
};

class Hud {
  public:
    explicit Hud(const render::Theme& theme) : m_theme(theme) {}
    /// The sidebar rectangle in window pixels.
    void setRect(sf::FloatRect r) { m_rect = r; }
    const sf::FloatRect& rect() const { return m_rect; }
    void draw(sf::RenderTarget& target, const HudModel& model);
    /// The action under a click at p (window pixels), from the last draw's layout.
    HudAction hit(sf::Vector2f p) const;

  private:
    float section(sf::RenderTarget& target, float y, const std::string& title, float height);
    void drawGauge(sf::RenderTarget& target, sf::FloatRect r, const HudModel& m);

    const render::Theme& m_theme;
    sf::FloatRect m_rect;
    std::vector<std::pair<sf::FloatRect, HudAction>> m_hits;
};

/// "m:ss" (or "h:mm:ss").
std::string clockText(double seconds);

} // namespace stipple::app
