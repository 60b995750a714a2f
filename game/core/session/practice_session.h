// A practice (or exam) attempt in progress: the level, the simulated handpiece, the dots placed
// so far in each session layer and the log of applied commands. It advances on a fixed 240 Hz
// tick and changes only through tick-stamped commands, so the same level, seed and command list
// give the same dots bit for bit — live in the trainer, in tests and in replay. No SFML, and no
// dependency on scoring: live metrics hook in through SessionListener.
//
// Time. Tick n is n/240 s after the start; the state "at tick n" is after n physics steps. A
// command stamped t first advances the simulation to t (exactly as advanceTo(t) would), then
// acts; commands sharing a tick act in the order given. Ticks must not decrease.
//
// The pointer. moveHand(t, p) says the pointer is at p at tick t. The spring target then glides
// linearly from where it was to p over the interval since the previous moveHand (at least 1 and
// at most kMaxRampTicks ticks), so a window that samples the mouse once per 60 Hz frame drives a
// smooth target rather than a 4-tick staircase (SCORING.md's "interpolate the target per
// sub-step"). This costs one input interval of latency (16.7 ms at 60 Hz: 0.5 mm at 30 mm/s) on
// top of the spring's own lag of 2ζv/ω (0.21 mm at 30 mm/s). The first moveHand places the hand
// there at rest. Pointer positions are clamped to the canvas (the hand cannot leave the patch) and
// rounded to a 1/1024 mm grid (kPointerGridPerMm), and the log keeps the position as rounded: a
// screen pixel is 0.05-0.3 mm, so the grid is invisible, but it lets a recording store each
// 60 Hz sample as two small integer deltas instead of two 8-byte doubles (record/FORMAT.md).
//
// A strike. needleDown at t starts a strike under the simulated tip (not the pointer); every tick
// while down feeds the tip to the needle model; needleUp at t' turns it into a Dot with the
// dwell (t' − t)/240 s (see handpiece/needle_model.h for depth and size). Dot::tick is the
// needle-down tick, Dot::shade the pigment code (ink/pigment.h).
//
// Sessions and undo. Dots are kept in placement order; layers are consecutive runs of it.
// Undo removes the last dot of the current session only (earlier layers have healed), and only
// where the level's ModeSpec allows it. Needle, shade, next session and undo need the needle up;
// finish lifts it (the strike in progress counts). A level with a time limit finishes itself at
// the limit tick, lifting the needle; commands at or after it are refused.
//
// Refused commands change nothing except that the clock still advances to their tick; they are
// not logged.
#pragma once

#include "handpiece/handpiece.h"
#include "handpiece/needle_model.h"
#include "ink/dots.h"
#include "level/level.h"
#include "session/command.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace stipple {

/// Hooks for live metrics and the canvas. Called synchronously from inside the command that
/// caused the change; a listener must not call back into the session.
class SessionListener {
  public:
    virtual ~SessionListener() = default;
    /// A dot was appended at `index` of PracticeSession::dots(); `impression` has the strike's
    /// detail (smear, dwell, pressure) that Dot does not keep.
    virtual void onDotPlaced(const Dot& dot, std::size_t index, const Impression& impression) {
        (void)dot, (void)index, (void)impression;
    }
    /// The dot at `index` (always the last) was removed by undo.
    virtual void onDotRemoved(const Dot& dot, std::size_t index) { (void)dot, (void)index; }
    /// The session (layer) index changed to `session`.
    virtual void onSessionChanged(int session) { (void)session; }
    /// The attempt finished (by command or time limit) at `tick`.
    virtual void onFinished(int64_t tick) { (void)tick; }
    /// `command` was applied and appended to the event log, exactly as logged (a recorder writes
    /// it). Called after the command's own notifications, except Finish: before onFinished.
    virtual void onCommandApplied(const Command& command) { (void)command; }
    /// advanceTo() moved the clock to `tick` (once per call, not per tick: the window calls it
    /// every frame, so a recorder can note the time and flush even when nothing else happens).
    virtual void onAdvanced(int64_t tick) { (void)tick; }
};

enum class SessionPhase { Placing, Finished };

class PracticeSession {
  public:
    /// Simulation ticks per second (fixed).
    static constexpr int kTicksPerSecond = Handpiece::kTicksPerSecond;
    /// Longest glide of the pointer target after a pause in moveHand samples (50 ms).
    static constexpr int kMaxRampTicks = 12;
    /// Latest tick a command may carry: 24 hours. Dot::tick is 32-bit; this also bounds the work
    /// a malformed recording can ask for.
    static constexpr int64_t kMaxTick = int64_t{24} * 3600 * kTicksPerSecond;
    /// Pointer positions are rounded to 1/kPointerGridPerMm mm (a power of two: exact in double).
    static constexpr double kPointerGridPerMm = 1024.0;

    /// A new attempt at `level` (copied). `seed` drives the tremor; a recording must keep it.
    /// `hand` tunes the spring; its tremor fields are overwritten from level.handpiece.
    PracticeSession(Level level, uint64_t seed, const HandpieceParams& hand = {});

    /// Runs `commands` on a new session and advances it to `endTick` (the recorded final tick,
    /// which matters when the level's time limit ended the attempt). Refused commands are skipped.
    static PracticeSession replay(Level level, uint64_t seed, std::span<const Command> commands,
                                  int64_t endTick, const HandpieceParams& hand = {});

    static constexpr int ticksPerSecond() { return kTicksPerSecond; }

    // Commands ------------------------------------------------------------------------------
    /// Applies any command (the event-log form).
    CommandResult apply(const Command& command);
    CommandResult moveHand(int64_t tick, Vec2 posMm);
    CommandResult needleDown(int64_t tick);
    CommandResult needleUp(int64_t tick);
    /// `needleId` is a Needle::id of the level.
    CommandResult selectNeedle(int64_t tick, std::string_view needleId);
    /// `shade` is a word of knownShades(); `dilution` in [0.05, 1] is rounded to steps of 0.05.
    CommandResult selectShade(int64_t tick, std::string_view shade, double dilution);
    /// `pressure` in [0.5, 2]; takes effect from the next needle down.
    CommandResult setPressure(int64_t tick, double pressure);
    CommandResult nextSession(int64_t tick);
    CommandResult undo(int64_t tick);
    CommandResult finish(int64_t tick);
    /// Steps the simulation to `tick` with no other change (the window calls it every frame).
    CommandResult advanceTo(int64_t tick);

    // State ---------------------------------------------------------------------------------
    const Level& level() const { return m_level; }
    uint64_t seed() const { return m_seed; }
    SessionPhase phase() const { return m_phase; }
    bool finished() const { return m_phase == SessionPhase::Finished; }
    /// The current session (layer), 0-based, < sessionCount().
    int currentSession() const { return m_session; }
    int sessionCount() const { return static_cast<int>(m_level.sessions.size()); }
    int64_t tick() const { return m_tick; }
    double elapsedS() const { return static_cast<double>(m_tick) / kTicksPerSecond; }
    /// The tick the level's time limit ends the attempt, or nullopt when it has none.
    std::optional<int64_t> limitTick() const { return m_limitTick; }
    /// Strikes completed (needle up), including ones later undone.
    int strikes() const { return m_strikes; }
    /// Every dot placed and not undone, in placement order (sessions in order).
    std::span<const Dot> dots() const { return m_dots; }
    /// The dots of session `session` (a consecutive run of dots()).
    std::span<const Dot> sessionDots(int session) const;
    /// The applied commands, in order.
    const std::vector<Command>& eventLog() const { return m_log; }

    /// False until the first moveHand.
    bool handPlaced() const { return m_handPlaced; }
    /// The simulated needle tip (draw the cursor here), mm.
    Vec2 tipMm() const { return m_hand.tipMm(); }
    /// The last pointer position given (clamped to the canvas, on the pointer grid), mm.
    Vec2 pointerMm() const { return m_pointerTo; }
    bool needleIsDown() const { return m_stroke.active(); }
    /// The strike in progress as it would be if the needle came up now; nullopt when up.
    std::optional<Impression> liveImpression() const;
    /// Depth (mm) of the strike in progress; 0 when the needle is up (the HUD's depth gauge).
    double currentDepthMm() const;

    int needleIndex() const { return m_needle; }
    const Needle& needle() const { return m_level.needles[static_cast<std::size_t>(m_needle)]; }
    int shadeIndex() const { return m_shade; }
    double dilution() const { return m_dilution; }
    double pressure() const { return m_pressure; }
    const NeedleMapping& mapping() const { return m_mapping; }
    const Handpiece& handpiece() const { return m_hand; }

    /// Registers a listener (not owned; must outlive its registration).
    void addListener(SessionListener* listener);
    void removeListener(SessionListener* listener);

  private:
    CommandResult checkTick(int64_t tick);
    void stepTo(int64_t tick);
    Vec2 pointerAt(int64_t tick) const;
    /// Clamped to the canvas and rounded to the pointer grid (never outside the canvas).
    Vec2 pointerOnCanvas(Vec2 p) const;
    void liftNeedle();
    void finishAt(int64_t tick);
    CommandResult record(const Command& command);

    Level m_level;
    uint64_t m_seed;
    NeedleMapping m_mapping;
    Handpiece m_hand;
    Stroke m_stroke;
    std::optional<int64_t> m_limitTick;

    SessionPhase m_phase = SessionPhase::Placing;
    int64_t m_tick = 0;
    int m_session = 0;
    int m_strikes = 0;
    int m_needle = 0;
    int m_shade = 0;
    double m_dilution = 1.0;
    double m_pressure = 1.0;

    bool m_handPlaced = false;
    int64_t m_lastMoveTick = 0;
    int64_t m_rampStart = 0, m_rampEnd = 0;
    Vec2 m_pointerFrom, m_pointerTo;

    std::vector<Dot> m_dots;
    std::vector<std::size_t> m_sessionStart{0}; ///< index in m_dots where each session begins
    std::vector<Command> m_log;
    std::vector<SessionListener*> m_listeners;
};

} // namespace stipple
