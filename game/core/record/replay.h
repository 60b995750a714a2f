// Replaying recorded attempts: loading the level an attempt names (checking it is the same file
// by content hash and applying the setup the session had), rebuilding the session from the
// recorded commands, and scoring it the one way the live program and a regrade share.
//
// ReplayCursor is what `stipple replay` (the window) drives for playback and scrubbing:
//
//   ReplayCursor cursor(level, attempt);       // tick 0, nothing applied
//   each frame: cursor.stepTo(cursor.tick() + speed * ticksThisFrame);   // forward, exact
//   scrub back:  cursor.seek(t);               // rebuilds from tick 0 (≈ 0.7 s per simulated hour)
//   skip idle:   cursor.stepTo(cursor.nextCommandTick());
//   draw from cursor.session() (dots(), tipMm(), needleIsDown(), liveImpression()); after a
//   backward seek generation() changes: redraw the canvas from session().dots().
#pragma once

#include "io/diagnostics.h"
#include "level/level.h"
#include "record/recording.h"
#include "scoring/score_attempt.h"
#include "session/practice_session.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// A level file read once: the level, and the SHA-256 of exactly the bytes that were parsed.
struct HashedLevel {
    Level level;
    std::string sha256;
};
/// Reads, hashes and parses `path`; problems are located diagnostics.
std::optional<HashedLevel> loadHashedLevel(const std::string& path, Diagnostics& diags);

/// `recorded` (a path as the recording names it) resolved against `baseDir` when relative; an
/// empty baseDir means the working directory.
std::string resolveRecordedPath(const std::string& recorded, const std::string& baseDir);

/// `fileLevel` as the recorded session had it: undo and time limit from the setup.
Level levelForAttempt(Level fileLevel, const AttemptSetup& setup);

/// What the scorer is told about a session (elapsed time): live scoring and regrade share it.
AttemptInfo attemptInfoFor(const PracticeSession& session);
/// THE scorecard of a practice or exam attempt, on the session's own level (with the recorded
/// setup): the healed final look and layering (scoring/layering.h) when the level has several
/// sessions or a scar, else scoreAttempt — the same rule as `stipple score`. The live program
/// must score recorded attempts with this function, or a regrade cannot reproduce them.
Scorecard scoreSessionAttempt(const PracticeSession& session);

/// A replayed attempt. Every recorded command was applied by the live session, so each should be
/// accepted again; a refusal means the recording, the level or the program changed.
struct ReplayedAttempt {
    std::unique_ptr<PracticeSession> session;
    int refused = 0;
    std::string firstRefusal; ///< "command N (kind at tick T): reason"
};

/// Replays `attempt` on `level` (levelForAttempt already applied) to its end tick. `progress`,
/// when given, is called with the share of commands applied (0..1) every 65,536 commands.
ReplayedAttempt replayAttempt(const Level& level, const RecordedAttempt& attempt,
                              const std::function<void(double)>& progress = {});

/// Steps through a recorded attempt: forward exactly, backward by rebuilding.
class ReplayCursor {
  public:
    /// `level`: the attempt's level with levelForAttempt applied. Copies what it needs.
    ReplayCursor(Level level, const RecordedAttempt& attempt);

    int64_t tick() const { return m_session->tick(); }
    int64_t endTick() const { return m_endTick; }
    bool atEnd() const { return m_next == m_commands.size() && tick() >= m_endTick; }
    std::size_t commandsApplied() const { return m_next; }
    std::size_t commandCount() const { return m_commands.size(); }
    /// Tick of the next command not yet applied; endTick() when none is left.
    int64_t nextCommandTick() const;

    /// Applies every command stamped at or before `tick` and advances the clock to it (clamped to
    /// endTick()). A tick before the current one changes nothing: use seek().
    void stepTo(int64_t tick);
    /// Goes to `tick` in either direction; backwards rebuilds the session from tick 0.
    void seek(int64_t tick);
    void runToEnd() { stepTo(m_endTick); }

    const PracticeSession& session() const { return *m_session; }
    /// Counts rebuilds: when it changes, the session is a new object (redraw everything).
    int generation() const { return m_generation; }
    /// Listeners stay attached across rebuilds (not owned).
    void addListener(SessionListener* listener);
    void removeListener(SessionListener* listener);

    int refused() const { return m_refused; }
    const std::string& firstRefusal() const { return m_firstRefusal; }

  private:
    void rebuild();

    Level m_level;
    uint64_t m_seed;
    std::vector<Command> m_commands;
    int64_t m_endTick;
    std::unique_ptr<PracticeSession> m_session;
    std::size_t m_next = 0;
    int m_generation = 0;
    int m_refused = 0;
    std::string m_firstRefusal;
    std::vector<SessionListener*> m_listeners;
};

/// An attempt of a recording replayed on a level given by the caller (`stipple score --record`).
struct RecordedAttemptOnLevel {
    std::unique_ptr<PracticeSession> session;
    int attemptNumber = 0; ///< 1-based
    std::string warning;   ///< e.g. the level is not the file the attempt was recorded with
};
/// Picks the attempt of `recordingPath` to score on `level` (whose file hashes to `levelSha256`):
/// `attemptNumber` (1-based) when given, else the one recorded with this level file, else the
/// only attempt (with a warning). nullopt with a reason when none fits or the file is unusable.
std::optional<RecordedAttemptOnLevel>
replayRecordedAttemptOn(const std::string& recordingPath, const Level& level, const std::string& levelSha256,
                        std::optional<int> attemptNumber, std::string& error);

/// What `stipple score --record` scores: a recorded attempt replayed on the level read from
/// `levelPath` (hashed to choose the attempt, see replayRecordedAttemptOn), as dots with every
/// column known, and its elapsed time.
struct RecordedAttemptDots {
    std::vector<Dot> dots;
    double elapsedS = 0.0;
    int attemptNumber = 0;
    std::string warning;
};
std::optional<RecordedAttemptDots> recordedAttemptDots(const std::string& recordingPath,
                                                       const std::string& levelPath, const Level& level,
                                                       std::optional<int> attemptNumber, std::string& error);

} // namespace stipple
