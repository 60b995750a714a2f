// The replay screen (`stipple replay RECORDING`): a recorded practical attempt played back on the
// canvas for a reviewer or an appeal — the handpiece moving and the dots appearing as they were
// placed, at 0.25× to 16× speed, paused, stepped, or scrubbed on a timeline. It drives core's
// ReplayCursor (record/replay.h): forward exactly, backward by rebuilding from tick 0; the canvas,
// its view and the dots' look are the practice screen's own (canvas_renderer.h, session_ink.h).
//
// A recording is only replayed when every file it names still has its recorded content hash:
// replaying a changed level would show something the candidate never did.
#pragma once

#include "app/app.h"
#include "app/healing_view.h"
#include "app/live_feedback.h"
#include "app/screen.h"
#include "level/level.h"
#include "record/recording.h"
#include "record/replay.h"
#include "render/canvas_renderer.h"
#include "render/canvas_view.h"
#include "scoring/level_context.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stipple::app {

/// Playback speeds: the slowest and fastest, and the default.
inline constexpr double kReplayMinSpeed = 0.25;
inline constexpr double kReplayMaxSpeed = 16.0;

/// One practical attempt of a recording, checked and ready to replay.
struct ReplaySource {
    std::string path;
    RecordingHeader header;
    RecordedAttempt attempt;
    int attemptNumber = 1; ///< 1-based
    int attemptCount = 1;
    std::shared_ptr<const Level> level; ///< the level file with the recorded setup (levelForAttempt)
    std::vector<std::string> notes;     ///< worth saying, not refusals: a damaged tail, an open attempt
};

/// Reads `path` and picks practical attempt `attemptNumber` (1-based; 0 = the first). Refuses
/// (nullopt and a reason naming the file) an unreadable recording, one without that attempt, and
/// one whose named files (exam, levels, banks, rules) are missing or have changed since it was
/// recorded. Relative paths in the recording are resolved against `baseDir` ("" = working dir).
/// A level changed since is replaced by the version the trainer kept in `userDataDir`'s
/// level-versions/ (record/level_versions.h), with a note saying so.
std::optional<ReplaySource> loadReplaySource(const std::string& path, int attemptNumber,
                                             const std::string& baseDir, std::string& error,
                                             const std::string& userDataDir = "");

/// The replay screen for `options` (--screen replay): the window starts at replayAt (default 0)
/// and plays; a screenshot shows replayAt (default the end). nullptr with a reason when the
/// recording cannot be replayed.
std::unique_ptr<Screen> makeReplayScreen(const render::Theme& theme, Navigator& nav, const Options& options,
                                         std::string& error);

class ReplayScreen : public Screen {
  public:
    /// Starts at `startTick` (clamped; -1 = the end), playing when `play`, at `speed`.
    ReplayScreen(const render::Theme& theme, Navigator& nav, ReplaySource source, double speed,
                 int64_t startTick, bool play);
    ~ReplayScreen() override;

    void layout(sf::Vector2u size) override;
    void handleEvent(const sf::Event& event) override;
    void update(double dtS) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override { return "Replay"; }

    /// Goes to `tick` in either direction (clamped to the attempt).
    void seekTo(int64_t tick);
    void setPlaying(bool play);
    /// Doubles (+1) or halves (-1) the speed within kReplayMinSpeed..kReplayMaxSpeed.
    void changeSpeed(int direction);

    // For tests: the state the screen draws from.
    const ReplayCursor& cursor() const { return *m_cursor; }
    const render::CanvasView& view() const { return m_view; }
    double speed() const { return m_speed; }
    bool playing() const { return m_playing; }
    /// The timeline bar in window pixels (click or drag on it to scrub).
    sf::FloatRect timelineRect() const { return m_timeline; }
    /// While the timeline is dragged, a move that costs more than this many ticks of simulation
    /// (a backward move rebuilds from tick 0) is not replayed live: the knob follows the pointer
    /// and the replay goes there on release. Default: 5 simulated minutes (about 60 ms).
    void setLiveScrubLimit(int64_t ticks) { m_liveScrubTicks = ticks; }
    /// Where the knob is: the pending scrub target while one is held back, else the replay's tick.
    int64_t shownTick() const { return m_pendingSeek >= 0 ? m_pendingSeek : m_cursor->tick(); }

  private:
    int64_t tickAtX(float x) const;
    /// A timeline drag to `tick`: replayed at once when cheap, else held until release.
    void scrubTo(int64_t tick);
    void drawTopBar(sf::RenderTarget& target);
    void drawPanel(sf::RenderTarget& target);
    void drawTimeline(sf::RenderTarget& target);

    const render::Theme& m_theme;
    Navigator& m_nav;
    ReplaySource m_source;
    std::unique_ptr<ReplayCursor> m_cursor;
    std::unique_ptr<LevelContext> m_context;
    std::unique_ptr<LiveFeedback> m_live;
    std::unique_ptr<HealingView> m_heal; ///< earlier sessions drawn healed, as the trainee saw them
    std::vector<int64_t> m_strikeTicks;  ///< needle-down ticks, for the timeline's activity strip

    render::CanvasView m_view;
    render::CanvasRenderer m_renderer;
    render::CanvasLayers m_layers;
    sf::Vector2u m_size{1280, 960};
    sf::FloatRect m_topBar, m_canvasRect, m_panel, m_timeline, m_footer;

    double m_speed = 1.0;
    bool m_playing = false;
    double m_accumulatorTicks = 0.0;
    bool m_scrubbing = false;
    int64_t m_liveScrubTicks = int64_t{5} * 60 * PracticeSession::kTicksPerSecond;
    int64_t m_pendingSeek = -1; ///< a scrub target held back until release (-1: none)
    bool m_dragging = false;
    sf::Vector2f m_dragFrom;
    int m_drawnGeneration = -1;
    unsigned m_drawnRevision = 0;
};

} // namespace stipple::app
