// The recorder reads the session's const state in onFinished (the dots, for the digest) and never
// calls a command from inside a listener callback.
#include "record/session_recorder.h"

#include "record/resume.h"
#include "scoring/scorer_version.h"

namespace stipple {

AttemptSetup attemptSetupFor(const PracticeSession& session, const std::string& levelPath,
                             const std::string& levelSha256, const std::string& sectionId, int item) {
    AttemptSetup s;
    s.sectionId = sectionId;
    s.item = item;
    s.levelPath = levelPath;
    s.levelSha256 = levelSha256;
    s.seed = session.seed();
    s.undo = session.level().mode.undo;
    s.timeLimitS = session.level().mode.timeLimitS;
    return s;
}

RecordingHeader practiceRecordingHeader(const std::string& levelPath, const std::string& levelSha256,
                                        uint64_t seed, const std::string& candidateId,
                                        const std::string& station) {
    RecordingHeader header;
    header.build = std::string("stipple ") + STIPPLE_VERSION;
    header.scorerVersion = kScorerVersion;
    header.kind = "practice";
    header.seed = seed;
    header.candidateId = candidateId;
    header.station = station;
    header.startedAt = utcNow();
    header.files = {{"level", levelPath, levelSha256}};
    return header;
}

SessionRecorder::SessionRecorder(PracticeSession& session, RecordingWriter& writer, const AttemptSetup& setup)
    : m_session(session), m_writer(writer) {
    if (setup.seed != session.seed() || setup.undo != session.level().mode.undo ||
        setup.timeLimitS != session.level().mode.timeLimitS) {
        fail("the attempt setup does not describe this session (seed, undo or time limit differ)");
        return;
    }
    if (!m_writer.beginAttempt(setup)) return;
    for (const Command& c : session.eventLog())
        onCommandApplied(c);
    m_session.addListener(this);
    if (session.finished()) onFinished(session.tick());
}

SessionRecorder::SessionRecorder(PracticeSession& session, RecordingWriter& writer, Continue)
    : m_session(session), m_writer(writer) {
    if (!m_writer.attemptOpen()) {
        fail("the recording has no open attempt to continue");
        return;
    }
    m_session.addListener(this);
}

SessionRecorder::~SessionRecorder() {
    m_session.removeListener(this);
}

void SessionRecorder::fail(const std::string& why) {
    if (m_error.empty()) m_error = why;
}

void SessionRecorder::onCommandApplied(const Command& command) {
    if (command.kind == CommandKind::Finish) m_sawFinish = true;
    m_writer.command(command);
}

void SessionRecorder::onAdvanced(int64_t tick) {
    if (!m_ended) m_writer.heartbeat(tick);
}

void SessionRecorder::onFinished(int64_t tick) {
    (void)tick;
    end(m_sawFinish ? AttemptEndReason::Finished : AttemptEndReason::TimeLimit);
}

bool SessionRecorder::end(AttemptEndReason reason) {
    if (m_ended) return true;
    AttemptEnd e;
    e.endTick = m_session.tick();
    e.reason = reason;
    e.dotCount = static_cast<int64_t>(m_session.dots().size());
    e.dotsSha256 = dotsDigest(m_session.dots());
    m_ended = m_writer.endAttempt(e);
    return m_ended;
}

bool SessionRecorder::abandon() {
    if (m_ended) return true;
    return end(AttemptEndReason::Abandoned);
}

bool SessionRecorder::recordScore(const Scorecard& card, double elapsedS) {
    if (!m_ended) {
        // A writer that failed (a full disk) never wrote the attempt's end: its reason is the one to give.
        if (!m_writer.failed()) fail("recordScore: the attempt has not ended");
        return false;
    }
    return m_writer.score(recordedScore(card, elapsedS));
}

} // namespace stipple
