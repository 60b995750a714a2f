// The practice session's command handling and fixed-tick stepping; the rules are in the header.
// Every public command funnels through apply(), so the logged command is exactly the one that
// acted and replaying the log repeats the same decisions.
#include "session/practice_session.h"

#include "ink/pigment.h"
#include "level/vocabulary.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

namespace stipple {

namespace {

std::string num(double v) {
    std::string s = std::to_string(v);
    // to_string always prints six decimals; trim the zeros for messages.
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

Command makeCommand(int64_t tick, CommandKind kind, int32_t index = 0) {
    Command c;
    c.tick = tick;
    c.kind = kind;
    c.index = index;
    return c;
}

HandpieceParams withLevelTremor(HandpieceParams hand, const HandpieceSpec& spec, uint64_t seed) {
    hand.tremorMm = spec.tremorMm;
    hand.tremorHz = spec.tremorHz;
    hand.seed = seed;
    return hand;
}

} // namespace

std::string_view commandName(CommandKind kind) {
    switch (kind) {
    case CommandKind::MoveHand:
        return "move-hand";
    case CommandKind::NeedleDown:
        return "needle-down";
    case CommandKind::NeedleUp:
        return "needle-up";
    case CommandKind::SelectNeedle:
        return "select-needle";
    case CommandKind::SelectShade:
        return "select-shade";
    case CommandKind::SetPressure:
        return "set-pressure";
    case CommandKind::NextSession:
        return "next-session";
    case CommandKind::Undo:
        return "undo";
    case CommandKind::Finish:
        return "finish";
    }
    return "unknown";
}

PracticeSession::PracticeSession(Level level, uint64_t seed, const HandpieceParams& hand)
    : m_level(std::move(level)), m_seed(seed), m_mapping(needleMappingFor(m_level.handpiece)),
      m_hand(withLevelTremor(hand, m_level.handpiece, seed)) {
    assert(!m_level.needles.empty() && !m_level.sessions.empty() &&
           "PracticeSession needs a level with at least one needle and one session (the reader ensures it)");
    const SessionSpec& first = m_level.sessions.front();
    const auto shade = shadeIndexOf(first.shade);
    assert(shade &&
           "PracticeSession: the first session's shade is not in knownShades() (the reader ensures it)");
    m_shade = shade.value_or(0);
    // The trainee starts with the first session's pigment and changes it deliberately; a level
    // dilution between steps starts at the nearest step.
    m_dilution =
        quantiseDilution(first.dilution).value_or(first.dilution < kDilutionStep ? kDilutionStep : 1.0);
    if (m_level.mode.timeLimitS > 0.0)
        m_limitTick = static_cast<int64_t>(std::ceil(m_level.mode.timeLimitS * kTicksPerSecond));
}

PracticeSession PracticeSession::replay(Level level, uint64_t seed, std::span<const Command> commands,
                                        int64_t endTick, const HandpieceParams& hand) {
    PracticeSession session(std::move(level), seed, hand);
    for (const Command& c : commands)
        session.apply(c);
    if (!session.finished() && endTick > session.tick()) session.advanceTo(endTick);
    return session;
}

std::span<const Dot> PracticeSession::sessionDots(int session) const {
    if (session < 0 || session > m_session) return {};
    const std::size_t begin = m_sessionStart[static_cast<std::size_t>(session)];
    const std::size_t end =
        session < m_session ? m_sessionStart[static_cast<std::size_t>(session) + 1] : m_dots.size();
    return std::span<const Dot>(m_dots).subspan(begin, end - begin);
}

std::optional<Impression> PracticeSession::liveImpression() const {
    if (!m_stroke.active()) return std::nullopt;
    return m_stroke.end(m_mapping, m_tick);
}

double PracticeSession::currentDepthMm() const {
    return m_stroke.depthAt(m_mapping, m_tick);
}

void PracticeSession::addListener(SessionListener* listener) {
    assert(listener && "addListener: null listener");
    if (std::find(m_listeners.begin(), m_listeners.end(), listener) == m_listeners.end())
        m_listeners.push_back(listener);
}

void PracticeSession::removeListener(SessionListener* listener) {
    m_listeners.erase(std::remove(m_listeners.begin(), m_listeners.end(), listener), m_listeners.end());
}

Vec2 PracticeSession::pointerAt(int64_t tick) const {
    if (tick >= m_rampEnd) return m_pointerTo;
    const double f = static_cast<double>(tick - m_rampStart) / static_cast<double>(m_rampEnd - m_rampStart);
    return m_pointerFrom + (m_pointerTo - m_pointerFrom) * f;
}

Vec2 PracticeSession::pointerOnCanvas(Vec2 p) const {
    // Round, then clamp to the last grid line inside the canvas, so every logged position is on
    // the grid (a canvas edge such as 40.3 mm is not). The inner clamp keeps huge values finite.
    auto onGrid = [](double v, double maxMm) {
        const double top = std::floor(maxMm * kPointerGridPerMm) / kPointerGridPerMm;
        const double rounded =
            std::round(std::clamp(v, -1.0, maxMm + 1.0) * kPointerGridPerMm) / kPointerGridPerMm;
        return std::clamp(rounded, 0.0, top);
    };
    return {onGrid(p.x, m_level.canvas.widthMm), onGrid(p.y, m_level.canvas.heightMm)};
}

void PracticeSession::stepTo(int64_t tick) {
    while (m_tick < tick && m_phase == SessionPhase::Placing) {
        m_hand.setPointer(pointerAt(m_tick + 1));
        m_hand.step();
        ++m_tick;
        if (m_stroke.active()) m_stroke.sample(m_hand.tipMm());
        if (m_limitTick && m_tick >= *m_limitTick) finishAt(m_tick);
    }
}

CommandResult PracticeSession::checkTick(int64_t tick) {
    if (m_phase == SessionPhase::Finished)
        return CommandResult::refused("the attempt is finished (tick " + std::to_string(m_tick) + ")");
    if (tick < m_tick)
        return CommandResult::refused("commands must come in tick order: tick " + std::to_string(tick) +
                                      " is before the session's tick " + std::to_string(m_tick));
    if (tick > kMaxTick)
        return CommandResult::refused("tick " + std::to_string(tick) +
                                      " is past the 24-hour limit of a session (" + std::to_string(kMaxTick) +
                                      ")");
    stepTo(tick);
    if (m_phase == SessionPhase::Finished)
        return CommandResult::refused("time is up: the level's limit of " + num(m_level.mode.timeLimitS) +
                                      " s ended the attempt at tick " + std::to_string(m_tick));
    return CommandResult::accepted();
}

void PracticeSession::liftNeedle() {
    const Impression imp = m_stroke.end(m_mapping, m_tick);
    m_stroke.clear();
    Dot dot;
    dot.pos = imp.centreMm;
    dot.diameterMm = static_cast<float>(imp.diameterMm);
    dot.depthMm = static_cast<float>(imp.depthMm);
    dot.tick = static_cast<int32_t>(imp.downTick);
    dot.session = static_cast<int16_t>(m_session);
    dot.shade = pigmentCode(m_shade, m_dilution);
    m_dots.push_back(dot);
    ++m_strikes;
    for (SessionListener* l : m_listeners)
        l->onDotPlaced(m_dots.back(), m_dots.size() - 1, imp);
}

void PracticeSession::finishAt(int64_t tick) {
    if (m_stroke.active()) liftNeedle();
    m_phase = SessionPhase::Finished;
    for (SessionListener* l : m_listeners)
        l->onFinished(tick);
}

CommandResult PracticeSession::record(const Command& command) {
    m_log.push_back(command);
    for (SessionListener* l : m_listeners)
        l->onCommandApplied(command);
    return CommandResult::accepted();
}

CommandResult PracticeSession::advanceTo(int64_t tick) {
    CommandResult r = checkTick(tick);
    for (SessionListener* l : m_listeners)
        l->onAdvanced(m_tick);
    return r;
}

CommandResult PracticeSession::apply(const Command& c) {
    if (CommandResult r = checkTick(c.tick); !r) return r;
    const std::string_view name = commandName(c.kind);
    auto needleUpFirst = [&] {
        return CommandResult::refused(std::string(name) + " needs the needle up: lift it first");
    };

    switch (c.kind) {
    case CommandKind::MoveHand: {
        if (!std::isfinite(c.posMm.x) || !std::isfinite(c.posMm.y))
            return CommandResult::refused("move-hand needs a finite position");
        const Vec2 p = pointerOnCanvas(c.posMm);
        if (!m_handPlaced) {
            // The hand arrives: put the tip there at rest rather than flinging it from (0, 0).
            m_hand.place(p);
            m_pointerFrom = m_pointerTo = p;
            m_rampStart = m_rampEnd = c.tick;
            m_handPlaced = true;
        } else {
            m_pointerFrom = pointerAt(c.tick);
            m_pointerTo = p;
            m_rampStart = c.tick;
            m_rampEnd = c.tick + std::clamp<int64_t>(c.tick - m_lastMoveTick, 1, kMaxRampTicks);
        }
        m_lastMoveTick = c.tick;
        Command logged = c;
        logged.posMm = p;
        return record(logged);
    }
    case CommandKind::NeedleDown:
        if (!m_handPlaced)
            return CommandResult::refused("needle-down before the hand is on the canvas (move-hand first)");
        if (m_stroke.active()) return CommandResult::refused("the needle is already down");
        m_stroke.begin(c.tick, m_hand.tipMm(), m_pressure, needle().diameterMm);
        return record(c);
    case CommandKind::NeedleUp:
        if (!m_stroke.active()) return CommandResult::refused("the needle is not down");
        liftNeedle();
        return record(c);
    case CommandKind::SelectNeedle:
        if (m_stroke.active()) return needleUpFirst();
        if (c.index < 0 || c.index >= static_cast<int>(m_level.needles.size()))
            return CommandResult::refused("select-needle: the level has no needle number " +
                                          std::to_string(c.index));
        m_needle = c.index;
        return record(c);
    case CommandKind::SelectShade: {
        if (m_stroke.active()) return needleUpFirst();
        if (c.index < 0 || c.index >= static_cast<int>(knownShades().size()))
            return CommandResult::refused("select-shade: no shade number " + std::to_string(c.index) +
                                          "; shades are " + joinWords(knownShades()));
        const auto dilution = quantiseDilution(c.value);
        if (!dilution)
            return CommandResult::refused("select-shade: dilution must be between 0.05 and 1, got " +
                                          num(c.value));
        m_shade = c.index;
        m_dilution = *dilution;
        Command logged = c;
        logged.value = *dilution;
        return record(logged);
    }
    case CommandKind::SetPressure:
        if (!m_level.handpiece.pressure) return CommandResult::refused("this level has no pressure setting");
        if (!std::isfinite(c.value) || c.value < m_mapping.minPressure || c.value > m_mapping.maxPressure)
            return CommandResult::refused("set-pressure: pressure must be between " +
                                          num(m_mapping.minPressure) + " and " + num(m_mapping.maxPressure) +
                                          ", got " + num(c.value));
        m_pressure = c.value;
        return record(c);
    case CommandKind::NextSession:
        if (m_stroke.active()) return needleUpFirst();
        if (m_session + 1 >= sessionCount())
            return CommandResult::refused("this is the level's last session (" +
                                          std::to_string(sessionCount()) + " in all): finish instead");
        ++m_session;
        m_sessionStart.push_back(m_dots.size());
        for (SessionListener* l : m_listeners)
            l->onSessionChanged(m_session);
        return record(c);
    case CommandKind::Undo: {
        if (!m_level.mode.undo) return CommandResult::refused("undo is not allowed in this level");
        if (m_stroke.active()) return needleUpFirst();
        if (m_dots.size() == m_sessionStart.back())
            return CommandResult::refused("nothing to undo in this session (earlier sessions have healed)");
        const Dot removed = m_dots.back();
        m_dots.pop_back();
        for (SessionListener* l : m_listeners)
            l->onDotRemoved(removed, m_dots.size());
        return record(c);
    }
    case CommandKind::Finish:
        // Log first: finishing notifies listeners, and the log should already hold the command.
        record(c);
        finishAt(c.tick);
        return CommandResult::accepted();
    }
    return CommandResult::refused("unknown command kind");
}

CommandResult PracticeSession::moveHand(int64_t tick, Vec2 posMm) {
    Command c;
    c.tick = tick;
    c.kind = CommandKind::MoveHand;
    c.posMm = posMm;
    return apply(c);
}

CommandResult PracticeSession::needleDown(int64_t tick) {
    return apply(makeCommand(tick, CommandKind::NeedleDown));
}
CommandResult PracticeSession::needleUp(int64_t tick) {
    return apply(makeCommand(tick, CommandKind::NeedleUp));
}
CommandResult PracticeSession::nextSession(int64_t tick) {
    return apply(makeCommand(tick, CommandKind::NextSession));
}
CommandResult PracticeSession::undo(int64_t tick) {
    return apply(makeCommand(tick, CommandKind::Undo));
}
CommandResult PracticeSession::finish(int64_t tick) {
    return apply(makeCommand(tick, CommandKind::Finish));
}

CommandResult PracticeSession::selectNeedle(int64_t tick, std::string_view needleId) {
    for (std::size_t i = 0; i < m_level.needles.size(); ++i)
        if (m_level.needles[i].id == needleId)
            return apply(makeCommand(tick, CommandKind::SelectNeedle, static_cast<int32_t>(i)));
    if (CommandResult r = checkTick(tick); !r) return r;
    std::string ids;
    for (const Needle& n : m_level.needles)
        ids += (ids.empty() ? "" : ", ") + n.id;
    return CommandResult::refused("select-needle: the level has no needle '" + std::string(needleId) +
                                  "'; it has " + ids);
}

CommandResult PracticeSession::selectShade(int64_t tick, std::string_view shade, double dilution) {
    if (const auto index = shadeIndexOf(shade)) {
        Command c;
        c.tick = tick;
        c.kind = CommandKind::SelectShade;
        c.index = *index;
        c.value = dilution;
        return apply(c);
    }
    if (CommandResult r = checkTick(tick); !r) return r;
    return CommandResult::refused("select-shade: unknown shade '" + std::string(shade) + "'; shades are " +
                                  joinWords(knownShades()));
}

CommandResult PracticeSession::setPressure(int64_t tick, double pressure) {
    Command c;
    c.tick = tick;
    c.kind = CommandKind::SetPressure;
    c.value = pressure;
    return apply(c);
}

} // namespace stipple
