// Replay shares PracticeSession::apply with the live program; the only thing added here is
// bookkeeping: which command is next, refusals, and the rebuild for backward seeks (the Box2D
// world cannot be copied, so there are no snapshots to go back to).
#include "record/replay.h"

#include "io/files.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "record/recording_reader.h"
#include "scoring/layering.h"

#include <algorithm>
#include <filesystem>

namespace stipple {

std::optional<HashedLevel> loadHashedLevel(const std::string& path, Diagnostics& diags) {
    std::string bytes, error;
    if (!readFile(path, bytes, error)) {
        diags.error(path, 1, 1, error);
        return std::nullopt;
    }
    auto doc = parseXml(bytes, path, diags);
    if (!doc) return std::nullopt;
    auto level = readLevel(*doc, diags);
    if (!level) return std::nullopt;
    return HashedLevel{std::move(*level), sha256Hex(bytes)};
}

std::string resolveRecordedPath(const std::string& recorded, const std::string& baseDir) {
    const std::filesystem::path p(recorded);
    if (p.is_absolute() || baseDir.empty()) return recorded;
    return (std::filesystem::path(baseDir) / p).lexically_normal().string();
}

Level levelForAttempt(Level fileLevel, const AttemptSetup& setup) {
    fileLevel.mode.undo = setup.undo;
    fileLevel.mode.timeLimitS = setup.timeLimitS;
    return fileLevel;
}

AttemptInfo attemptInfoFor(const PracticeSession& session) {
    AttemptInfo info;
    info.elapsedSeconds = session.elapsedS();
    return info;
}

Scorecard scoreSessionAttempt(const PracticeSession& session) {
    const Level& level = session.level();
    const LevelContext context(level);
    AttemptInfo info = attemptInfoFor(session);
    info.pictureDetails = false; // the scorecard is the same; the pictures are not needed here
    if (level.sessions.size() > 1 || !level.scars.empty())
        return scoreLayered(context, session.dots(), info).card;
    return scoreAttempt(context, session.dots(), info).card;
}

namespace {

std::string refusalText(std::size_t index, const Command& c, const std::string& reason) {
    return "command " + std::to_string(index + 1) + " (" + std::string(commandName(c.kind)) + " at tick " +
           std::to_string(c.tick) + "): " + reason;
}

} // namespace

ReplayedAttempt replayAttempt(const Level& level, const RecordedAttempt& attempt,
                              const std::function<void(double)>& progress) {
    ReplayedAttempt out;
    out.session = std::make_unique<PracticeSession>(level, attempt.setup.seed);
    PracticeSession& s = *out.session;
    const std::size_t n = attempt.commands.size();
    for (std::size_t i = 0; i < n; ++i) {
        const Command& c = attempt.commands[i];
        if (const CommandResult r = s.apply(c); !r) {
            if (out.refused++ == 0) out.firstRefusal = refusalText(i, c, r.reason);
        }
        if (progress && (i & 0xFFFF) == 0xFFFF) progress(static_cast<double>(i + 1) / static_cast<double>(n));
    }
    if (!s.finished() && attempt.replayEndTick() > s.tick()) s.advanceTo(attempt.replayEndTick());
    if (progress) progress(1.0);
    return out;
}

ReplayCursor::ReplayCursor(Level level, const RecordedAttempt& attempt)
    : m_level(std::move(level)), m_seed(attempt.setup.seed), m_commands(attempt.commands),
      m_endTick(attempt.replayEndTick()) {
    m_session = std::make_unique<PracticeSession>(m_level, m_seed);
}

int64_t ReplayCursor::nextCommandTick() const {
    return m_next < m_commands.size() ? m_commands[m_next].tick : m_endTick;
}

void ReplayCursor::stepTo(int64_t tick) {
    tick = std::min(tick, m_endTick);
    while (m_next < m_commands.size() && m_commands[m_next].tick <= tick) {
        const Command& c = m_commands[m_next];
        if (const CommandResult r = m_session->apply(c); !r) {
            if (m_refused++ == 0) m_firstRefusal = refusalText(m_next, c, r.reason);
        }
        ++m_next;
    }
    if (!m_session->finished() && tick > m_session->tick()) m_session->advanceTo(tick);
}

void ReplayCursor::seek(int64_t tick) {
    if (tick < m_session->tick() || (m_next > 0 && m_commands[m_next - 1].tick > tick)) rebuild();
    stepTo(tick);
}

void ReplayCursor::rebuild() {
    for (SessionListener* l : m_listeners)
        m_session->removeListener(l);
    m_session = std::make_unique<PracticeSession>(m_level, m_seed);
    for (SessionListener* l : m_listeners)
        m_session->addListener(l);
    m_next = 0;
    m_refused = 0;
    m_firstRefusal.clear();
    ++m_generation;
}

void ReplayCursor::addListener(SessionListener* listener) {
    if (std::find(m_listeners.begin(), m_listeners.end(), listener) == m_listeners.end())
        m_listeners.push_back(listener);
    m_session->addListener(listener);
}

void ReplayCursor::removeListener(SessionListener* listener) {
    m_listeners.erase(std::remove(m_listeners.begin(), m_listeners.end(), listener), m_listeners.end());
    m_session->removeListener(listener);
}

std::optional<RecordedAttemptOnLevel>
replayRecordedAttemptOn(const std::string& recordingPath, const Level& level, const std::string& levelSha256,
                        std::optional<int> attemptNumber, std::string& error) {
    const RecordingRead read = readRecording(recordingPath);
    if (!read.recording) {
        error = read.recovery.message();
        return std::nullopt;
    }
    const Recording& rec = *read.recording;
    if (rec.attempts.empty()) {
        error = recordingPath + ": the recording has no practical attempt";
        return std::nullopt;
    }
    RecordedAttemptOnLevel out;
    if (!read.recovery.complete())
        out.warning = "damaged recording, using what was recovered: " + read.recovery.message();
    auto note = [&](const std::string& w) { out.warning += (out.warning.empty() ? "" : "; ") + w; };
    std::size_t index = 0;
    if (attemptNumber) {
        if (*attemptNumber < 1 || static_cast<std::size_t>(*attemptNumber) > rec.attempts.size()) {
            error = recordingPath + ": there is no attempt " + std::to_string(*attemptNumber) +
                    " (the recording has " + std::to_string(rec.attempts.size()) + ")";
            return std::nullopt;
        }
        index = static_cast<std::size_t>(*attemptNumber - 1);
    } else {
        std::vector<std::size_t> same;
        for (std::size_t i = 0; i < rec.attempts.size(); ++i)
            if (rec.attempts[i].setup.levelSha256 == levelSha256) same.push_back(i);
        if (same.size() == 1) {
            index = same[0];
        } else if (same.empty() && rec.attempts.size() == 1) {
            index = 0;
        } else {
            error = recordingPath + ": " + std::to_string(same.empty() ? rec.attempts.size() : same.size()) +
                    " attempts could be meant; choose one with --attempt N:";
            for (std::size_t i = 0; i < rec.attempts.size(); ++i)
                error += "\n  " + std::to_string(i + 1) + ": " + rec.attempts[i].setup.levelPath +
                         (rec.attempts[i].setup.sectionId.empty()
                              ? ""
                              : " (section " + rec.attempts[i].setup.sectionId + ")");
            return std::nullopt;
        }
    }
    const RecordedAttempt& attempt = rec.attempts[index];
    if (attempt.setup.levelSha256 != levelSha256)
        note("the level is not the file attempt " + std::to_string(index + 1) + " was recorded with (" +
             attempt.setup.levelPath + ", sha256 " + attempt.setup.levelSha256.substr(0, 12) +
             "...): the replay may differ from what the candidate saw");
    if (!attempt.end)
        note("attempt " + std::to_string(index + 1) + " was not finished; scoring it as far as it went");
    ReplayedAttempt replayed = replayAttempt(levelForAttempt(level, attempt.setup), attempt);
    if (replayed.refused > 0)
        note(std::to_string(replayed.refused) + " recorded commands were refused on replay, first " +
             replayed.firstRefusal);
    out.session = std::move(replayed.session);
    out.attemptNumber = static_cast<int>(index + 1);
    return out;
}

std::optional<RecordedAttemptDots> recordedAttemptDots(const std::string& recordingPath,
                                                       const std::string& levelPath, const Level& level,
                                                       std::optional<int> attemptNumber, std::string& error) {
    std::string bytes;
    if (!readFile(levelPath, bytes, error)) {
        error = levelPath + ": " + error;
        return std::nullopt;
    }
    auto replayed = replayRecordedAttemptOn(recordingPath, level, sha256Hex(bytes), attemptNumber, error);
    if (!replayed) return std::nullopt;
    RecordedAttemptDots out;
    out.dots.assign(replayed->session->dots().begin(), replayed->session->dots().end());
    out.elapsedS = attemptInfoFor(*replayed->session).elapsedSeconds;
    out.attemptNumber = replayed->attemptNumber;
    out.warning = std::move(replayed->warning);
    return out;
}

} // namespace stipple
