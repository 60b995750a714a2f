// Replay screen implementation. Playback advances the cursor by whole ticks from accumulated
// real time × speed; scrubbing backwards rebuilds the session (ReplayCursor::seek), so the live
// statistics are rebuilt with it and the ink is redrawn when the cursor's generation changes.
#include "app/replay_screen.h"

#include "record/level_versions.h"

#include "app/hud.h"
#include "io/files.h"
#include "io/numbers.h"
#include "record/recording_reader.h"
#include "render/session_ink.h"
#include "render/theme.h"
#include "scoring/scorer_version.h"

#include <algorithm>
#include <cmath>

namespace stipple::app {

using render::Align;
using render::Theme;
namespace colours = render::colours;
using render::fixed;

namespace {

constexpr double kMaxReplayStepS = 0.25; ///< a stalled frame never jumps the replay more than this

/// "1:02.5": minutes, seconds and tenths of the attempt's clock.
std::string replayClock(int64_t tick) {
    const double s = static_cast<double>(tick) / PracticeSession::kTicksPerSecond;
    const int tenths = static_cast<int>(std::floor(s * 10.0)) % 10;
    return clockText(s) + "." + std::to_string(tenths);
}

std::string speedText(double speed) {
    return (speed < 1.0 ? fixed(speed, 2) : fixed(speed, 0)) + "\xC3\x97";
}

} // namespace

std::optional<ReplaySource> loadReplaySource(const std::string& path, int attemptNumber,
                                             const std::string& baseDir, std::string& error,
                                             const std::string& userDataDir) {
    const std::string versionsDir = levelVersionsDir(userDataDir);
    const RecordingRead read = readRecording(path);
    if (!read.recording) {
        error = path + ": cannot replay: " + read.recovery.problem;
        return std::nullopt;
    }
    const Recording& rec = *read.recording;
    ReplaySource src;
    src.path = path;
    src.header = rec.header;
    src.attemptCount = static_cast<int>(rec.attempts.size());
    if (!read.recovery.complete())
        src.notes.push_back("damaged: " + read.recovery.message() + "; replaying what was recovered");
    if (rec.attempts.empty()) {
        error = path + ": cannot replay: the recording holds no practical attempt";
        return std::nullopt;
    }
    const int n = attemptNumber == 0 ? 1 : attemptNumber;
    if (n < 1 || n > src.attemptCount) {
        error = path + ": cannot replay attempt " + std::to_string(attemptNumber) + ": the recording has " +
                std::to_string(src.attemptCount) + (src.attemptCount == 1 ? " attempt" : " attempts");
        return std::nullopt;
    }
    // Every file the sitting depended on must be the file it was.
    std::vector<std::string> changed;
    for (const RecordedFile& f : rec.header.files) {
        const std::string resolved = resolveRecordedPath(f.path, baseDir);
        std::string bytes, readError;
        if (!readFile(resolved, bytes, readError))
            changed.push_back(f.role + " " + resolved + " cannot be read: " + readError);
        else if (const std::string now = sha256Hex(bytes); now != f.sha256) {
            std::string problem = f.role + " " + resolved + " has changed since the recording (sha256 " +
                                  f.sha256.substr(0, 16) + "... recorded, " + now.substr(0, 16) + "... now)";
            // A level as recorded, kept by the trainer, stands in for the changed file.
            const LevelVersion kept =
                f.role == "level" ? findLevelVersion(versionsDir, f.sha256) : LevelVersion{};
            if (kept.status == LevelVersion::Status::Found) continue;
            if (kept.status == LevelVersion::Status::Refused) problem += "; " + kept.problem;
            changed.push_back(problem);
        }
    }
    src.attemptNumber = n;
    src.attempt = rec.attempts[static_cast<size_t>(n - 1)];
    Diagnostics diags;
    const std::string levelPath = resolveRecordedPath(src.attempt.setup.levelPath, baseDir);
    const bool levelReported = std::any_of(changed.begin(), changed.end(), [&](const std::string& c) {
        return c.find(" " + levelPath + " ") != std::string::npos;
    });
    std::string keptNote, levelError;
    const auto level = levelReported ? std::nullopt
                                     : loadRecordedLevel(levelPath, src.attempt.setup.levelSha256,
                                                         versionsDir, keptNote, levelError);
    if (levelReported) {
        // Said above, by the header's list of files.
    } else if (!level) {
        changed.push_back(levelError);
    } else if (!keptNote.empty()) {
        src.notes.push_back(keptNote);
    }
    if (!changed.empty()) {
        error = path + ": cannot replay: the replay would not show what was recorded:";
        for (const std::string& c : changed)
            error += "\n  " + c;
        if (std::any_of(changed.begin(), changed.end(),
                        [](const std::string& c) { return c.find("cannot be") != std::string::npos; }))
            error += "\n  (relative paths are resolved against " +
                     (baseDir.empty() ? std::string("the working directory") : baseDir) +
                     "; give --base DIR for another folder)";
        return std::nullopt;
    }
    if (!src.attempt.end) src.notes.push_back("the attempt was still open when the recording ends");
    if (src.attempt.score && rec.header.scorerVersion != kScorerVersion)
        src.notes.push_back("A regrade's score can differ from the one recorded: " +
                            scorerChangeExplanation(rec.header.scorerVersion) + ".");
    src.level = std::make_shared<const Level>(levelForAttempt(level->level, src.attempt.setup));
    return src;
}

std::unique_ptr<Screen> makeReplayScreen(const Theme& theme, Navigator& nav, const Options& options,
                                         std::string& error) {
    if (options.replayRecording.empty()) {
        error = "--screen replay needs --replay RECORDING";
        return nullptr;
    }
    auto source = loadReplaySource(options.replayRecording, options.replayAttempt, options.replayBase, error,
                                   nav.dataFolder());
    if (!source) return nullptr;
    const bool window = options.screenshot.empty();
    const int64_t at = options.replayAt >= 0 ? options.replayAt : (window ? 0 : -1);
    return std::make_unique<ReplayScreen>(theme, nav, std::move(*source), options.replaySpeed, at, window);
}

ReplayScreen::ReplayScreen(const Theme& theme, Navigator& nav, ReplaySource source, double speed,
                           int64_t startTick, bool play)
    : m_theme(theme), m_nav(nav), m_source(std::move(source)),
      m_speed(std::clamp(speed, kReplayMinSpeed, kReplayMaxSpeed)), m_playing(play) {
    m_cursor = std::make_unique<ReplayCursor>(*m_source.level, m_source.attempt);
    m_context = std::make_unique<LevelContext>(*m_source.level);
    m_live = std::make_unique<LiveFeedback>(*m_context);
    m_cursor->addListener(m_live.get());
    for (const Command& c : m_source.attempt.commands)
        if (c.kind == CommandKind::NeedleDown) m_strikeTicks.push_back(c.tick);
    m_renderer.setLevel(m_source.level.get(), {});
    m_layers.outlines = true;
    seekTo(startTick < 0 ? m_cursor->endTick() : startTick);
    if (m_cursor->atEnd()) m_playing = false;
}

ReplayScreen::~ReplayScreen() {
    if (m_cursor && m_live) m_cursor->removeListener(m_live.get());
}

void ReplayScreen::layout(sf::Vector2u size) {
    m_size = size;
    const Theme& t = m_theme;
    const float panelW = std::clamp(size.x * 0.25f, t.px(270), t.px(340));
    const float topH = t.px(64), footH = t.px(36), timeH = t.px(56), pad = t.px(14);
    m_topBar = {0, 0, float(size.x), topH};
    m_footer = {0, size.y - footH, float(size.x), footH};
    m_timeline = {pad, m_footer.top - timeH + t.px(8), size.x - 2 * pad, timeH - t.px(16)};
    m_canvasRect = {0, topH, size.x - panelW - 2 * pad, m_timeline.top - t.px(8) - topH};
    m_panel = {m_canvasRect.width + pad, topH + pad * 0.5f, panelW, m_canvasRect.height - pad};
    const bool first = m_view.viewport().width <= 1;
    m_view.setViewport(m_canvasRect);
    if (first) m_view.fit(m_source.level->canvas.widthMm, m_source.level->canvas.heightMm);
}

void ReplayScreen::seekTo(int64_t tick) {
    tick = std::clamp<int64_t>(tick, 0, m_cursor->endTick());
    if (tick < m_cursor->tick()) {
        // A backward seek rebuilds the session from tick 0 and replays into the listeners again:
        // the live statistics start afresh with it.
        m_cursor->removeListener(m_live.get());
        m_live = std::make_unique<LiveFeedback>(*m_context);
        m_cursor->addListener(m_live.get());
        m_cursor->seek(tick);
    } else {
        m_cursor->stepTo(tick);
    }
    m_accumulatorTicks = 0.0;
    m_pendingSeek = -1;
}

void ReplayScreen::scrubTo(int64_t tick) {
    tick = std::clamp<int64_t>(tick, 0, m_cursor->endTick());
    const int64_t cost =
        tick >= m_cursor->tick() ? tick - m_cursor->tick() : tick; // backwards rebuilds from 0
    if (cost <= m_liveScrubTicks)
        seekTo(tick);
    else
        m_pendingSeek = tick;
}

void ReplayScreen::setPlaying(bool play) {
    if (play && m_cursor->atEnd()) seekTo(0); // play again from the start
    m_playing = play;
    m_accumulatorTicks = 0.0;
}

void ReplayScreen::changeSpeed(int direction) {
    m_speed = std::clamp(direction > 0 ? m_speed * 2.0 : m_speed / 2.0, kReplayMinSpeed, kReplayMaxSpeed);
}

int64_t ReplayScreen::tickAtX(float x) const {
    const double f = std::clamp((x - m_timeline.left) / std::max(1.f, m_timeline.width), 0.f, 1.f);
    return std::llround(f * static_cast<double>(m_cursor->endTick()));
}

void ReplayScreen::handleEvent(const sf::Event& e) {
    const int64_t second = PracticeSession::kTicksPerSecond;
    switch (e.type) {
    case sf::Event::KeyPressed: {
        const int64_t step = e.key.shift ? 10 * second : second;
        const float pan = std::max(40.f, m_canvasRect.width * 0.1f);
        if (e.key.control && (e.key.code == sf::Keyboard::Left || e.key.code == sf::Keyboard::Right)) {
            m_view.panPixels(
                {e.key.code == sf::Keyboard::Left ? pan : -pan, 0}); // Ctrl+arrows pan, as Up/Down
            break;
        }
        switch (e.key.code) {
        case sf::Keyboard::Up:
            m_view.panPixels({0, pan});
            break;
        case sf::Keyboard::Down:
            m_view.panPixels({0, -pan});
            break;
        case sf::Keyboard::Space:
            setPlaying(!m_playing);
            break;
        case sf::Keyboard::Add:
        case sf::Keyboard::Equal:
            changeSpeed(+1);
            break;
        case sf::Keyboard::Subtract:
        case sf::Keyboard::Hyphen:
            changeSpeed(-1);
            break;
        case sf::Keyboard::Right:
            seekTo(m_cursor->tick() + step);
            break;
        case sf::Keyboard::Left:
            seekTo(m_cursor->tick() - step);
            break;
        case sf::Keyboard::Period:
            seekTo(m_cursor->nextCommandTick());
            break;
        case sf::Keyboard::Home:
            seekTo(0);
            break;
        case sf::Keyboard::End:
            seekTo(m_cursor->endTick());
            break;
        case sf::Keyboard::PageUp:
            m_view.zoomAt(1.25, {m_canvasRect.left + m_canvasRect.width / 2,
                                 m_canvasRect.top + m_canvasRect.height / 2});
            break;
        case sf::Keyboard::PageDown:
            m_view.zoomAt(0.8, {m_canvasRect.left + m_canvasRect.width / 2,
                                m_canvasRect.top + m_canvasRect.height / 2});
            break;
        case sf::Keyboard::Num0:
        case sf::Keyboard::Numpad0:
            m_view.fit(m_source.level->canvas.widthMm, m_source.level->canvas.heightMm);
            break;
        case sf::Keyboard::O:
            m_layers.outlines = !m_layers.outlines;
            break;
        case sf::Keyboard::H:
            m_layers.heatmap = !m_layers.heatmap;
            break;
        case sf::Keyboard::Escape:
            m_nav.quit();
            break;
        default:
            break;
        }
        break;
    }
    case sf::Event::MouseButtonPressed: {
        const sf::Vector2f p(float(e.mouseButton.x), float(e.mouseButton.y));
        if (e.mouseButton.button == sf::Mouse::Left) {
            sf::FloatRect grab = m_timeline;
            grab.top -= m_theme.px(6);
            grab.height += m_theme.px(12);
            if (grab.contains(p)) {
                m_scrubbing = true;
                scrubTo(tickAtX(p.x));
            }
        } else if (m_canvasRect.contains(p)) {
            m_dragging = true;
            m_dragFrom = p;
        }
        break;
    }
    case sf::Event::MouseMoved: {
        const sf::Vector2f p(float(e.mouseMove.x), float(e.mouseMove.y));
        if (m_scrubbing) scrubTo(tickAtX(p.x));
        if (m_dragging) {
            m_view.panPixels(p - m_dragFrom);
            m_dragFrom = p;
        }
        break;
    }
    case sf::Event::MouseButtonReleased:
        if (e.mouseButton.button == sf::Mouse::Left) {
            if (m_pendingSeek >= 0) seekTo(m_pendingSeek);
            m_scrubbing = false;
        } else {
            m_dragging = false;
        }
        break;
    case sf::Event::LostFocus:
        if (m_pendingSeek >= 0) seekTo(m_pendingSeek);
        m_scrubbing = m_dragging = false;
        break;
    case sf::Event::MouseWheelScrolled:
        if (m_canvasRect.contains(float(e.mouseWheelScroll.x), float(e.mouseWheelScroll.y)))
            m_view.zoomAt(std::pow(1.2, e.mouseWheelScroll.delta),
                          {float(e.mouseWheelScroll.x), float(e.mouseWheelScroll.y)});
        break;
    default:
        break;
    }
}

void ReplayScreen::update(double dtS) {
    if (!m_playing || m_scrubbing) return;
    m_accumulatorTicks += std::min(dtS, kMaxReplayStepS) * m_speed * PracticeSession::kTicksPerSecond;
    const auto ticks = static_cast<int64_t>(m_accumulatorTicks);
    if (ticks > 0) {
        m_accumulatorTicks -= static_cast<double>(ticks);
        m_cursor->stepTo(m_cursor->tick() + ticks);
    }
    if (m_cursor->atEnd()) m_playing = false;
}

void ReplayScreen::drawTopBar(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const RecordingHeader& h = m_source.header;
    t.rect(target, m_topBar, colours::kPanel);
    const float x = t.px(20);
    t.text(target, "Replay  \xC2\xB7  " + m_source.level->title, x, t.px(10), 19, colours::kText, Align::Left,
           true);
    std::string who = h.candidateName.empty() ? h.candidateId : h.candidateName + " (" + h.candidateId + ")";
    std::string sub =
        who + "  \xC2\xB7  station " + h.station + "  \xC2\xB7  " + h.startedAt + "  \xC2\xB7  " +
        (h.kind == "exam" ? "exam " + h.examId + " (attempt " + std::to_string(h.attempt) + "), level "
                          : std::string("practice, attempt ")) +
        std::to_string(m_source.attemptNumber) + " of " + std::to_string(m_source.attemptCount);
    t.text(target, sub, x, t.px(38), 13, colours::kTextDim);
    const float right = m_topBar.width - t.px(20);
    t.text(target, replayClock(m_cursor->tick()) + " / " + replayClock(m_cursor->endTick()), right, t.px(12),
           24, colours::kText, Align::Right, true);
}

void ReplayScreen::drawPanel(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const PracticeSession& s = m_cursor->session();
    t.panel(target, m_panel, colours::kPanel, 8);
    const float x = m_panel.left + t.px(16), right = m_panel.left + m_panel.width - t.px(16);
    float y = m_panel.top + t.px(14);
    t.text(target, "PLAYBACK", x, y, 11, colours::kTextFaint, Align::Left, true);
    y += t.px(22);
    const std::string state = m_cursor->atEnd() ? "At the end" : m_playing ? "Playing" : "Paused";
    t.text(target, state, x, y, 20, m_playing ? colours::kAccent : colours::kText, Align::Left, true);
    t.text(target, speedText(m_speed), right, y, 20, colours::kWarm, Align::Right, true);
    y += t.px(38);
    auto row = [&](const std::string& label, const std::string& value, sf::Color colour = colours::kText) {
        t.text(target, label, x, y, 13, colours::kTextDim);
        t.text(target, value, right, y, 13, colour, Align::Right);
        y += t.px(22);
    };
    row("tick", std::to_string(m_cursor->tick()) + " / " + std::to_string(m_cursor->endTick()));
    row("time", replayClock(m_cursor->tick()));
    row("commands",
        std::to_string(m_cursor->commandsApplied()) + " / " + std::to_string(m_cursor->commandCount()));
    row("dots", std::to_string(s.dots().size()));
    row("strikes", std::to_string(s.strikes()));
    row("needle", s.needleIsDown() ? "down, " + fixed(s.currentDepthMm(), 2) + " mm" : std::string("up"),
        s.needleIsDown() ? colours::kWarm : colours::kText);
    if (s.handPlaced()) row("tip", fixed(s.tipMm().x, 1) + ", " + fixed(s.tipMm().y, 1) + " mm");
    row("session", std::to_string(s.currentSession() + 1) + " of " + std::to_string(s.sessionCount()));
    row("overlaps", std::to_string(m_live->overlaps()));
    if (m_cursor->refused() > 0) row("refused", std::to_string(m_cursor->refused()), colours::kFail);

    y += t.px(10);
    t.text(target, "AS RECORDED", x, y, 11, colours::kTextFaint, Align::Left, true);
    y += t.px(24);
    const RecordedAttempt& a = m_source.attempt;
    if (a.end) {
        row("ended", std::string(attemptEndReasonName(a.end->reason)) + " at " + replayClock(a.end->endTick));
        row("dots", std::to_string(a.end->dotCount));
    } else {
        row("ended", "never (still open)", colours::kWarm);
    }
    if (a.score)
        row("score", fixed(a.score->overall, 1) + (a.score->passed ? "  passed" : "  not passed"),
            a.score->passed ? colours::kPass : colours::kFail);
    for (const ResumeMark& r : a.resumes)
        if (r.tick >= 0) row("resumed", "at " + replayClock(r.tick) + " on " + r.station, colours::kWarm);
    row("seed", std::to_string(a.setup.seed));
    if (!a.setup.sectionId.empty())
        row("section", a.setup.sectionId + " #" + std::to_string(a.setup.item + 1));
    row("recorded by", m_source.header.build);
    const int scorer = m_source.header.scorerVersion;
    row("scored by", scorer > 0 ? "scorer " + std::to_string(scorer) : std::string("scorer not recorded"),
        scorer == kScorerVersion ? colours::kText : colours::kWarm);
    for (const std::string& note : m_source.notes) {
        y += t.px(6);
        y += t.paragraph(target, note, x, y, m_panel.width - t.px(32), 12, colours::kWarm);
    }
}

void ReplayScreen::drawTimeline(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const sf::FloatRect& r = m_timeline;
    t.panel(target, r, colours::kPanelRaised, 6, colours::kBorder);
    const double end = static_cast<double>(std::max<int64_t>(1, m_cursor->endTick()));
    // Activity: how many strikes fall in each column, as faint bars.
    const int columns = std::max(1, static_cast<int>(r.width / t.px(3)));
    std::vector<int> counts(static_cast<size_t>(columns), 0);
    for (const int64_t tick : m_strikeTicks)
        ++counts[static_cast<size_t>(std::clamp(static_cast<int>(tick / end * columns), 0, columns - 1))];
    const int most = std::max(1, *std::max_element(counts.begin(), counts.end()));
    const float colW = r.width / columns;
    for (int i = 0; i < columns; ++i) {
        if (counts[static_cast<size_t>(i)] == 0) continue;
        // Below the time labels at the top corners.
        const float h = (r.height - t.px(22)) * static_cast<float>(counts[static_cast<size_t>(i)]) /
                        static_cast<float>(most);
        t.rect(target, {r.left + i * colW, r.top + r.height - t.px(4) - h, std::max(1.f, colW - 1), h},
               sf::Color(150, 156, 164, 70));
    }
    // Where the sitting was resumed after a crash or a close (the candidate's time went on there).
    for (const ResumeMark& mark : m_source.attempt.resumes)
        if (mark.tick >= 0)
            t.rect(target,
                   {r.left + static_cast<float>(static_cast<double>(mark.tick) / end) * r.width - t.px(1),
                    r.top, t.px(2), r.height},
                   colours::kWarm);
    const float played = static_cast<float>(static_cast<double>(m_cursor->tick()) / end) * r.width;
    if (m_pendingSeek >= 0) {
        // Held back until release: the target knob, and what it will show.
        const float x = r.left + static_cast<float>(static_cast<double>(m_pendingSeek) / end) * r.width;
        t.rect(target, {x - t.px(1.5f), r.top - t.px(4), t.px(3), r.height + t.px(8)}, colours::kWarm);
        t.text(target, "release to go to " + replayClock(m_pendingSeek), x, r.top - t.px(22), 11,
               colours::kWarm, Align::Centre);
    }
    t.rect(target, {r.left, r.top + r.height - t.px(4), played, t.px(4)}, colours::kAccent);
    const float knobX = r.left + played;
    t.rect(target, {knobX - t.px(1.5f), r.top - t.px(4), t.px(3), r.height + t.px(8)}, colours::kAccent);
    t.text(target, "0:00.0", r.left + t.px(6), r.top + t.px(4), 10, colours::kTextFaint);
    t.text(target, replayClock(m_cursor->endTick()), r.left + r.width - t.px(6), r.top + t.px(4), 10,
           colours::kTextFaint, Align::Right);
}

void ReplayScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    const PracticeSession& s = m_cursor->session();
    const auto dots = s.dots();
    // A rebuilt session, or dots removed by a replayed undo: the ink is redrawn from the list.
    if (m_cursor->generation() != m_drawnGeneration ||
        (m_live->revision() != m_drawnRevision && dots.size() <= m_renderer.inkedCount()))
        m_renderer.invalidate();
    m_drawnGeneration = m_cursor->generation();
    m_drawnRevision = m_live->revision();
    const Level& level = *m_source.level;
    // Earlier sessions look as the trainee saw them while placing this one: healed (the same
    // view as the practice screen; a seek across a heal re-ages them with one full redraw).
    if (!m_heal) m_heal = std::make_unique<HealingView>(level);
    m_heal->follow(s.currentSession());
    if (m_heal->takeRedraw()) m_renderer.invalidate();
    m_renderer.sync(
        m_view, m_layers, dots.size(),
        [&](size_t i) { return m_heal->ink(i, dots[i], render::sessionInkDot(level, dots[i])); }, m_dragging);
    if (m_layers.heatmap)
        m_renderer.setHeatmap(
            m_live->heatmap(level.sessions[static_cast<size_t>(s.currentSession())].cumulativeFraction));
    m_renderer.draw(target, m_view, m_layers);
    m_renderer.drawCursor(target, m_view,
                          render::sessionCursor(s, s.handPlaced() ? m_live->zoneAt(s.tipMm()) : -1));
    drawTopBar(target);
    drawPanel(target);
    drawTimeline(target);
    // Every key in one line when the window is wide enough; else the ones used most, and F1
    // lists them all (at 800 px the whole line was cut after "right-drag pan").
    const std::string allKeys =
        "Space play/pause   + \xE2\x88\x92 speed   \xE2\x86\x90 \xE2\x86\x92 step 1 s (Shift 10 s)   . "
        "next command   Home / End   click or drag the timeline   wheel zoom   right-drag pan   F1 help";
    const std::string fewKeys =
        "Space play/pause   + \xE2\x88\x92 speed   \xE2\x86\x90 \xE2\x86\x92 step 1 s   "
        "click the timeline   F1 all keys";
    const float room = m_footer.width - t.px(40);
    t.text(target, t.textWidth(allKeys, 12) <= room ? allKeys : fewKeys, t.px(20), m_footer.top + t.px(10),
           12, colours::kTextFaint);
    t.flush(target);
}

std::vector<KeyHelp> ReplayScreen::keys() const {
    return {{"Space", "play / pause (at the end: play again from the start)"},
            {"+ / \xE2\x88\x92", "faster / slower (0.25\xC3\x97 to 16\xC3\x97)"},
            {"\xE2\x86\x90 / \xE2\x86\x92", "step back / forward one second (Shift: ten)"},
            {".", "jump to the next recorded command"},
            {"Home / End", "the start / the end of the attempt"},
            {"Click or drag the timeline", "go to that moment"},
            {"Wheel, PgUp / PgDn", "zoom in / out"},
            {"Right-drag, Up / Down, Ctrl+\xE2\x86\x90 / \xE2\x86\x92", "pan"},
            {"0", "fit the whole canvas"},
            {"O / H", "outlines / density heatmap"},
            {"Esc", "close the replay"}};
}

} // namespace stipple::app
