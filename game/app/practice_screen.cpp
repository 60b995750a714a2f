// Practice screen implementation. Input handling is the only place that creates session
// commands; update() is the only place that advances the session clock.
#include "app/practice_screen.h"

#include "app/results_screen.h"
#include "ink/pigment.h"
#include "level/vocabulary.h"
#include "pattern/poisson_disk.h"
#include "render/session_ink.h"
#include "render/theme.h"
#include "scoring/dots_csv.h"
#include "scoring/score_attempt.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

namespace stipple::app {

using render::Align;
using render::Theme;
namespace colours = render::colours;
using render::fixed;

namespace {

constexpr double kMaxHandStepS = 0.25; ///< a stalled frame never makes the hand jump more than this
/// How long the view must stay still after a zoom or pan before the canvas is redrawn from the
/// dots; until then the old canvas is shown moved and scaled (a redraw of 100k dots is ~50 ms).
constexpr double kViewSettleS = 0.12;

std::string percent(double fraction) {
    return fixed(fraction * 100.0, 0) + " %";
}

std::string shadeName(int index) {
    const auto shades = knownShades();
    return index >= 0 && index < static_cast<int>(shades.size())
               ? std::string(shades[static_cast<size_t>(index)])
               : "unrecorded";
}

uint64_t clockSeed() {
    return static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) | 1u;
}

} // namespace

PracticeScreen::PracticeScreen(const Theme& theme, Navigator& nav, size_t index, const CatalogEntry& entry,
                               uint64_t seed, bool intro)
    : m_theme(theme), m_nav(nav), m_index(index), m_level(entry.level), m_hud(theme), m_intro(intro) {
    m_reloadWatch.reset(entry.path);
    m_session = std::make_unique<PracticeSession>(*m_level, seed ? seed : clockSeed());
    attachSessionForExamOrPractice();
}

PracticeScreen::PracticeScreen(const Theme& theme, Navigator& nav,
                               std::unique_ptr<PracticeSession> examSession,
                               std::shared_ptr<const Level> examShown, bool brief, bool briefCountsTime,
                               std::string heading)
    : m_theme(theme), m_nav(nav), m_index(0),
      m_level(examShown ? std::move(examShown) : std::make_shared<const Level>(examSession->level())),
      m_session(std::move(examSession)), m_hud(theme), m_intro(brief), m_exam(true),
      m_introClock(briefCountsTime), m_introHeading(std::move(heading)) {
    attachSessionForExamOrPractice();
}

void PracticeScreen::attachSessionForExamOrPractice() {
    m_context = std::make_unique<LevelContext>(*m_level); // the shared level outlives any session
    m_live = std::make_unique<LiveFeedback>(*m_context);
    m_session->addListener(m_live.get());
    // The ghost is the ideal pattern generated for the zones; a drill's own target dots come
    // first in targetPattern and are drawn by the renderer in every mode (they are the task).
    if (m_level->mode.ghost) {
        const std::vector<TargetDot> pattern = targetPattern(*m_level);
        for (std::size_t i = m_level->target.dots.size(); i < pattern.size(); ++i)
            m_ghost.push_back(pattern[i].pos);
    }
    m_renderer.setLevel(&m_session->level(), m_ghost);
    m_layers.outlines = m_level->mode.outlines;
    m_layers.ghost = m_level->mode.ghost;
    m_layers.heatmap = false;
}

PracticeScreen::~PracticeScreen() {
    if (m_session && m_live) m_session->removeListener(m_live.get());
}

std::unique_ptr<PracticeSession> PracticeScreen::takeExamSession() {
    if (m_session && m_live) m_session->removeListener(m_live.get()); // exam screen owns it now
    return std::move(m_session);                                      // exam: handed over
}

void PracticeScreen::layout(sf::Vector2u size) {
    m_size = size;
    const Theme& t = m_theme;
    const float hudW = std::clamp(size.x * 0.27f, t.px(290), t.px(360));
    const float topH = t.px(64), footH = t.px(40), pad = t.px(14);
    m_topBar = {0, 0, float(size.x), topH};
    m_footer = {0, size.y - footH, float(size.x), footH};
    m_canvasRect = {0, topH, size.x - hudW - 2 * pad, size.y - topH - footH};
    m_hud.setRect({m_canvasRect.width + pad, topH + pad * 0.5f, hudW, m_canvasRect.height - pad});
    m_healTimeline = {0, topH, m_canvasRect.width, healView().timelineHeight(t)};
    m_canvasRect = {0, topH + m_healTimeline.height, m_canvasRect.width,
                    m_canvasRect.height - m_healTimeline.height};
    const bool first = m_view.viewport().width <= 1;
    m_view.setViewport(m_canvasRect);
    if (first) m_view.fit(m_level->canvas.widthMm, m_level->canvas.heightMm);
}

void PracticeScreen::toast(const std::string& message, bool warning) {
    m_toast = message;
    m_toastWarning = warning;
    m_toastS = 3.0;
}

void PracticeScreen::report(const CommandResult& r) {
    if (!r) toast(r.reason, true);
}

void PracticeScreen::sendPointer() {
    if (!m_pointerDirty || m_session->finished()) return;
    m_pointerDirty = false;
    report(m_session->moveHand(nowTick(), m_view.toMm(m_pointerPx)));
}

void PracticeScreen::askConfirm(Confirm what) {
    if (m_session->needleIsDown()) report(m_session->needleUp(nowTick()));
    m_confirm = what;
}

void PracticeScreen::finishAttempt() {
    if (!m_session) return;
    if (!m_session->finished()) report(m_session->finish(nowTick()));
    if (m_exam) return; // exam mode: the exam screen collects the finished session
    if (auto results = finishToResults()) m_nav.showScreen(std::move(results));
}

std::unique_ptr<Screen> PracticeScreen::finishToResults() {
    if (!m_session) return nullptr;
    maybeStartRecording(); // a strike in the very frame that finished
    if (!m_session->finished()) m_session->finish(nowTick());
    m_session->removeListener(m_live.get());
    auto results = std::make_unique<ResultsScreen>(m_theme, m_nav, m_index, m_level, std::move(m_session));
    if (m_recording) results->attachRecording(std::move(m_recording));
    return results;
}

void PracticeScreen::maybeStartRecording() {
    if (!m_startRecording || !m_session || m_session->dots().empty()) return;
    m_recording = m_startRecording(*m_session);
    m_startRecording = nullptr; // once: a failure is reported by the factory, not retried every frame
}

void PracticeScreen::confirm() {
    const Confirm what = m_confirm;
    m_confirm = Confirm::None;
    switch (what) {
    case Confirm::Finish:
        finishAttempt();
        return;
    case Confirm::NextSession: {
        const CommandResult r = m_session->nextSession(nowTick());
        report(r);
        if (r)
            healView().startHeal(m_session->currentSession() - 1,
                                 m_session->currentSession()); // the heal animation
        if (r) {
            // The new session's planned pigment is taken up at once (a recorded command, so a
            // replay does the same); S / D still change it.
            const SessionSpec& spec = m_level->sessions[static_cast<size_t>(m_session->currentSession())];
            if (shadeName(m_session->shadeIndex()) != spec.shade ||
                std::fabs(m_session->dilution() - spec.dilution) > 1e-9)
                report(m_session->selectShade(nowTick(), spec.shade, spec.dilution));
            toast("Session " + std::to_string(m_session->currentSession() + 1) +
                  ": the earlier layer has healed. "
                  "Now " +
                  spec.shade + " at " + percent(spec.dilution) + ", as this session asks (S / D to change).");
        }
        break;
    }
    case Confirm::Leave:
        m_nav.showLevelSelect();
        break;
    case Confirm::None:
        break;
    }
}

void PracticeScreen::doAction(HudAction action) {
    switch (action) {
    case HudAction::ToggleGhost:
        if (m_level->mode.ghost && !m_ghost.empty())
            m_layers.ghost = !m_layers.ghost;
        else
            toast("This level has no target ghost", true);
        break;
    case HudAction::ToggleHeatmap:
        if (m_level->mode.heatmap)
            m_layers.heatmap = !m_layers.heatmap;
        else
            toast("This level has no live heatmap", true);
        break;
    case HudAction::ToggleOutlines:
        if (m_level->mode.outlines)
            m_layers.outlines = !m_layers.outlines;
        else
            toast("Outlines are hidden in this level: work from the skin alone", true);
        break;
    case HudAction::ToggleHealed:
        healView().setShowHealed(!healView().showHealed());
        toast(healView().showHealed() ? "Every dot as it will look healed (T: as placed)"
                                      : "The dots as placed; earlier sessions healed (T: as healed)");
        break;
    case HudAction::Undo:
        report(m_session->undo(nowTick()));
        break;
    case HudAction::NextSession:
        askConfirm(Confirm::NextSession);
        break;
    case HudAction::Finish:
        askConfirm(Confirm::Finish);
        break;
    case HudAction::None:
        break;
    }
}

void PracticeScreen::cycleShade(int step) {
    const int n = static_cast<int>(knownShades().size());
    const int next = ((m_session->shadeIndex() + step) % n + n) % n;
    const CommandResult r =
        m_session->selectShade(nowTick(), knownShades()[static_cast<size_t>(next)], m_session->dilution());
    report(r);
    if (r) toast("Pigment: " + shadeName(next) + " at " + percent(m_session->dilution()));
}

void PracticeScreen::changeDilution(double delta) {
    const double d = std::clamp(m_session->dilution() + delta, kDilutionStep, 1.0);
    const CommandResult r = m_session->selectShade(nowTick(), shadeName(m_session->shadeIndex()), d);
    report(r);
    if (r) toast("Pigment: " + shadeName(m_session->shadeIndex()) + " at " + percent(m_session->dilution()));
}

void PracticeScreen::cycleNeedle(int step) {
    const int n = static_cast<int>(m_level->needles.size());
    if (n <= 1) {
        toast("This level has one needle: " + m_level->needles.front().configuration, true);
        return;
    }
    const int next = ((m_session->needleIndex() + step) % n + n) % n;
    const CommandResult r =
        m_session->selectNeedle(nowTick(), m_level->needles[static_cast<size_t>(next)].id);
    report(r);
    if (r)
        toast("Needle: " + m_session->needle().configuration + " " +
              fixed(m_session->needle().diameterMm, 2) + " mm");
}

void PracticeScreen::changePressure(double delta) {
    if (!m_level->handpiece.pressure) {
        toast("This level has no pressure setting", true);
        return;
    }
    const NeedleMapping& m = m_session->mapping();
    const double p = std::clamp(m_session->pressure() + delta, m.minPressure, m.maxPressure);
    const CommandResult r = m_session->setPressure(nowTick(), p);
    report(r);
    if (r) toast("Pressure " + fixed(p, 2));
}

void PracticeScreen::handleEvent(const sf::Event& e) {
    if (!m_session) return;           // handed over to the results screen; the App swaps screens next
    if (healView().skipOn(e)) return; // any key or click skips the heal animation
    if (m_intro) {
        const bool go = (e.type == sf::Event::KeyPressed &&
                         (e.key.code == sf::Keyboard::Enter || e.key.code == sf::Keyboard::Space)) ||
                        (e.type == sf::Event::MouseButtonPressed && e.mouseButton.button == sf::Mouse::Left);
        if (go) {
            m_intro = false;
            m_accumulatorS = 0;
        } else if (e.type == sf::Event::KeyPressed && e.key.code == sf::Keyboard::Escape && !m_exam) {
            m_nav.showLevelSelect(); // an exam cannot be left from a level's brief
        }
        return;
    }
    if (m_confirm != Confirm::None) {
        if (e.type == sf::Event::KeyPressed) {
            if (e.key.code == sf::Keyboard::Enter || e.key.code == sf::Keyboard::Y)
                confirm();
            else if (e.key.code == sf::Keyboard::Escape || e.key.code == sf::Keyboard::N)
                m_confirm = Confirm::None;
        } else if (e.type == sf::Event::MouseButtonPressed && e.mouseButton.button == sf::Mouse::Left) {
            // The dialog's two halves: left confirms, right cancels (drawn as two buttons).
            const sf::Vector2f p(float(e.mouseButton.x), float(e.mouseButton.y));
            const float cx = m_size.x / 2.f, cy = m_size.y / 2.f;
            const sf::FloatRect yes(cx - m_theme.px(200), cy + m_theme.px(20), m_theme.px(190),
                                    m_theme.px(44));
            const sf::FloatRect no(cx + m_theme.px(10), cy + m_theme.px(20), m_theme.px(190), m_theme.px(44));
            if (yes.contains(p))
                confirm();
            else if (no.contains(p))
                m_confirm = Confirm::None;
        }
        return;
    }
    if (m_session->finished()) return;

    const float panStep = std::max(40.f, m_canvasRect.width * 0.1f);
    const sf::Vector2f canvasCentre(m_canvasRect.left + m_canvasRect.width / 2,
                                    m_canvasRect.top + m_canvasRect.height / 2);
    switch (e.type) {
    case sf::Event::MouseMoved: {
        const sf::Vector2f p(float(e.mouseMove.x), float(e.mouseMove.y));
        if (m_dragging) {
            m_view.panPixels(p - m_dragFrom);
            m_dragFrom = p;
            m_viewSettleS = kViewSettleS;
        }
        m_pointerOnCanvas = m_canvasRect.contains(p);
        if (m_pointerOnCanvas || m_session->needleIsDown()) {
            m_pointerPx = p;
            m_pointerDirty = true;
        }
        break;
    }
    case sf::Event::MouseButtonPressed: {
        const sf::Vector2f p(float(e.mouseButton.x), float(e.mouseButton.y));
        if (e.mouseButton.button == sf::Mouse::Left) {
            if (m_canvasRect.contains(p)) {
                m_pointerPx = p;
                m_pointerDirty = true;
                m_pointerOnCanvas = true;
                sendPointer();
                report(m_session->needleDown(nowTick()));
            } else {
                doAction(m_hud.hit(p));
            }
        } else if (e.mouseButton.button == sf::Mouse::Right || e.mouseButton.button == sf::Mouse::Middle) {
            m_dragging = true;
            m_dragFrom = p;
        }
        break;
    }
    case sf::Event::MouseButtonReleased:
        if (e.mouseButton.button == sf::Mouse::Left && m_session->needleIsDown()) {
            sendPointer();
            report(m_session->needleUp(nowTick()));
        } else if (e.mouseButton.button == sf::Mouse::Right || e.mouseButton.button == sf::Mouse::Middle) {
            m_dragging = false;
        }
        break;
    case sf::Event::MouseLeft:
        m_pointerOnCanvas = false;
        [[fallthrough]];
    case sf::Event::LostFocus:
        m_dragging = false;
        if (m_session->needleIsDown()) report(m_session->needleUp(nowTick()));
        break;
    case sf::Event::MouseWheelScrolled:
        if (m_canvasRect.contains(float(e.mouseWheelScroll.x), float(e.mouseWheelScroll.y))) {
            m_view.zoomAt(std::pow(1.2, e.mouseWheelScroll.delta),
                          {float(e.mouseWheelScroll.x), float(e.mouseWheelScroll.y)});
            m_viewSettleS = kViewSettleS;
        }
        break;
    case sf::Event::TextEntered: {
        // The layer keys by what the key types: a digit (AZERTY: Shift + the row; the same key
        // press already toggled it when its code was a digit), or, unshifted, the AZERTY row's
        // characters for 1–9 but 6 (its '-' zooms out, as on every keyboard).
        if (std::exchange(m_layerByKeyCode, false)) break;
        const char32_t c = e.text.unicode;
        static const char32_t kAzertyRow[9] = {U'&', U'\u00E9', U'"', U'\'',    U'(',
                                               0,    U'\u00E8', U'_', U'\u00E7'};
        if (c >= U'1' && c <= U'9') {
            toggleLayer(int(c - U'1'));
        } else if (!m_lastKeyShift && c != 0) {
            for (int i = 0; i < 9; ++i)
                if (kAzertyRow[i] == c) toggleLayer(i);
        }
        break;
    }
    case sf::Event::KeyPressed: {
        const bool shift = e.key.shift;
        m_layerByKeyCode = false;
        m_lastKeyShift = shift;
        const unsigned viewBefore = m_view.revision();
        const float step = shift ? panStep * 3 : panStep;
        switch (e.key.code) {
        case sf::Keyboard::Left:
            m_view.panPixels({step, 0});
            break;
        case sf::Keyboard::Right:
            m_view.panPixels({-step, 0});
            break;
        case sf::Keyboard::Up:
            m_view.panPixels({0, step});
            break;
        case sf::Keyboard::Down:
            m_view.panPixels({0, -step});
            break;
        case sf::Keyboard::Add:
        case sf::Keyboard::Equal:
        case sf::Keyboard::PageUp:
            m_view.zoomAt(1.25, canvasCentre);
            break;
        case sf::Keyboard::Hyphen:
            if (shift) break; // AZERTY: Shift + the '-' key types 6 (a layer key, as text)
            [[fallthrough]];
        case sf::Keyboard::Subtract:
        case sf::Keyboard::PageDown:
            m_view.zoomAt(0.8, canvasCentre);
            break;
        case sf::Keyboard::Num0:
        case sf::Keyboard::Numpad0:
        case sf::Keyboard::Home:
            m_view.fit(m_level->canvas.widthMm, m_level->canvas.heightMm);
            break;
        case sf::Keyboard::G:
            doAction(HudAction::ToggleGhost);
            break;
        case sf::Keyboard::H:
            doAction(HudAction::ToggleHeatmap);
            break;
        case sf::Keyboard::O:
            doAction(HudAction::ToggleOutlines);
            break;
        case sf::Keyboard::T:
            doAction(HudAction::ToggleHealed);
            break;
        case sf::Keyboard::Z:
            if (e.key.control) doAction(HudAction::Undo);
            break;
        case sf::Keyboard::BackSpace:
            doAction(HudAction::Undo);
            break;
        case sf::Keyboard::N:
            doAction(HudAction::NextSession);
            break;
        case sf::Keyboard::Enter:
            doAction(HudAction::Finish);
            break;
        case sf::Keyboard::S:
            cycleShade(shift ? -1 : 1);
            break;
        case sf::Keyboard::D:
            changeDilution(shift ? kDilutionStep : -kDilutionStep);
            break;
        case sf::Keyboard::LBracket:
            cycleNeedle(-1);
            break;
        case sf::Keyboard::RBracket:
            cycleNeedle(1);
            break;
        case sf::Keyboard::P:
            changePressure(shift ? 0.25 : -0.25);
            break;
        case sf::Keyboard::Escape:
            if (m_exam) {
                toast("Exam: leaving is not possible; Enter hands this level in", true);
                break;
            }
            if (m_session->strikes() > 0)
                askConfirm(Confirm::Leave);
            else
                m_nav.showLevelSelect();
            break;
        default:
            // 1–9 (the row or the keypad): show or hide a session layer. Other layouts' digit
            // rows arrive as text (below).
            if (e.key.code >= sf::Keyboard::Num1 && e.key.code <= sf::Keyboard::Num9) {
                toggleLayer(e.key.code - sf::Keyboard::Num1);
                m_layerByKeyCode = true;
            } else if (e.key.code >= sf::Keyboard::Numpad1 && e.key.code <= sf::Keyboard::Numpad9) {
                toggleLayer(e.key.code - sf::Keyboard::Numpad1);
                m_layerByKeyCode = true;
            }
            break;
        }
        if (m_view.revision() != viewBefore) m_viewSettleS = kViewSettleS; // held arrow keys repeat
        break;
    }
    default:
        break;
    }
}

void PracticeScreen::toggleLayer(int layer) {
    if (layer < 0 || layer >= m_session->sessionCount() || layer >= 9) return;
    m_layers.hiddenLayers ^= 1u << layer;
    const bool hidden = (m_layers.hiddenLayers >> layer) & 1u;
    toast("Session " + std::to_string(layer + 1) + (hidden ? " hidden" : " shown"));
}

void PracticeScreen::update(double dtS) {
    if (!m_session) return;
    if (m_toastS > 0) m_toastS -= dtS;
    healView().update(dtS);
    if (m_reloadWatch.update(dtS) == FileWatch::Change::Modified) {
        m_nav.reloadLevel(m_index, true);
        return;
    }
    if (m_viewSettleS > 0 && !m_dragging) m_viewSettleS -= dtS;
    // In an exam the clock keeps running behind a confirmation (no free thinking time).
    // An exam whose reading time counts keeps the clock running behind the brief.
    if ((m_intro && !m_introClock) || (m_confirm != Confirm::None && !m_exam) || m_session->finished())
        return;
    // Fixed tick: real time accumulates, the session steps whole ticks; input already went in,
    // stamped with the tick it acts on (the current one).
    if (!m_intro) sendPointer();
    m_accumulatorS += std::min(dtS, kMaxHandStepS);
    const auto ticks = static_cast<int64_t>(m_accumulatorS * PracticeSession::kTicksPerSecond);
    if (ticks > 0) {
        m_accumulatorS -= static_cast<double>(ticks) / PracticeSession::kTicksPerSecond;
        m_session->advanceTo(nowTick() + ticks);
    }
    maybeStartRecording();
    if (m_session->finished()) {
        if (m_exam) return; // exam mode: the exam screen hands the level in
        // The level's time limit ended the attempt.
        toast("Time is up");
        if (auto results = finishToResults()) m_nav.showScreen(std::move(results));
    }
}

render::InkDot PracticeScreen::inkDot(size_t i) const {
    return render::sessionInkDot(*m_level, m_session->dots()[i]);
}

HudModel PracticeScreen::hudModel() const {
    const PracticeSession& s = *m_session;
    const Level& level = *m_level;
    HudModel m;
    const Vec2 tip = s.handPlaced() ? s.tipMm() : Vec2{level.canvas.widthMm / 2, level.canvas.heightMm / 2};
    const int zone = m_live->zoneAt(tip);
    const Zone* z = zone >= 0 ? &level.zones[static_cast<size_t>(zone)]
                              : (level.zones.empty() ? nullptr : &level.zones[0]);
    if (z) {
        m.depthBandMm = z->depthMm;
        m.blowoutMm = z->depthMm.max + kBlowoutMarginMm;
    }
    m.gaugeMaxMm = std::max(s.mapping().maxDepthMm, m.blowoutMm * 1.2);
    if (const auto live = s.liveImpression()) {
        m.needleDown = true;
        m.haveStrike = true;
        m.depthMm = live->depthMm;
        m.dotSizeMm = live->diameterMm;
        m.elongation = live->elongation;
    } else if (const auto& last = m_live->lastImpression()) {
        m.haveStrike = true;
        m.depthMm = last->depthMm;
        m.dotSizeMm = last->diameterMm;
        m.elongation = last->elongation;
    }
    m.needle = s.needle().configuration + " \xC2\xB7 " + fixed(s.needle().diameterMm, 2) + " mm";
    m.pigment = shadeName(s.shadeIndex()) + " \xC2\xB7 " + percent(s.dilution());
    if (level.handpiece.pressure) m.pressure = s.pressure();

    const double fraction = level.sessions[static_cast<size_t>(s.currentSession())].cumulativeFraction;
    m.liveScore = level.mode.liveScore;
    if (zone >= 0) {
        // Density as the scorer counts it: dots over the zone's usable area (forbidden parts
        // excluded), against the target integrated over that area (the hairline ramp included).
        const size_t zi = static_cast<size_t>(zone);
        const double area = m_context->usableAreaMm2(zi);
        m.zoneName = z->name.empty() ? z->id : z->name;
        if (area > 0) {
            m.densityPerCm2 = m_live->attempt().densityPerCm2(zi);
            m.finalPerCm2 = 100.0 * m_context->expectedInZone(zi) / area;
        } else {
            m.finalPerCm2 = z->densityPerCm2;
        }
        m.targetPerCm2 = m.finalPerCm2 * fraction;
    }
    m.strikes = s.strikes();
    m.dots = s.dots().size();
    m.overlaps = m_live->overlaps();
    m.tooClose = m_live->tooClose();
    m.spill = m_live->outside();
    m.forbidden = m_live->forbidden();
    m.hasZones = !level.zones.empty();
    m.targets = m_live->targets();
    m.elapsedS = s.elapsedS();
    m.limitS = level.mode.timeLimitS;
    m.expectedPerMin = level.mode.expectedStrikesPerMinute;
    m.session = s.currentSession();
    m.sessionCount = s.sessionCount();
    const bool canUndo = level.mode.undo && !s.sessionDots(s.currentSession()).empty();
    // A drill's targets are always drawn; the ghost (the zones' ideal pattern) exists only where generated.
    m.aids = {
        {HudAction::ToggleGhost, "G", "Target ghost", level.mode.ghost && !m_ghost.empty(), m_layers.ghost},
        {HudAction::ToggleHeatmap, "H", "Density heatmap", level.mode.heatmap, m_layers.heatmap},
        {HudAction::ToggleOutlines, "O", "Outlines", level.mode.outlines, m_layers.outlines},
        {HudAction::Undo, "Ctrl+Z", "Undo", level.mode.undo, canUndo}};
    return m;
}

void PracticeScreen::drawTopBar(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const PracticeSession& s = *m_session;
    t.rect(target, m_topBar, colours::kPanel);
    const float x = t.px(20);
    // Zoom and time on the right; the title (smaller, a long one) in the room left of them.
    const float right = m_topBar.width - t.px(20);
    const std::string time =
        clockText(s.elapsedS()) +
        (m_level->mode.timeLimitS > 0 ? " / " + clockText(m_level->mode.timeLimitS) : "");
    const std::string zoom = "zoom " + fixed(m_view.zoomFactor() * 100, 0) + " %  \xC2\xB7  " +
                             fixed(m_view.pxPerMm(), 1) + " px/mm";
    const float zoomLeft = right - t.textWidth(time, 24, true) - t.px(24) - t.textWidth(zoom, 12);
    const float titleW = zoomLeft - t.px(16) - x;
    const float titleSize = t.fitSize(m_level->title, titleW, 19, 13, true);
    t.text(target, t.elide(m_level->title, titleW, titleSize, true), x, t.px(10) + t.px(19 - titleSize) / 2,
           titleSize, colours::kText, Align::Left, true);
    const SessionSpec& spec = m_level->sessions[static_cast<size_t>(s.currentSession())];
    std::string sub = "Session " + std::to_string(s.currentSession() + 1) + " of " +
                      std::to_string(s.sessionCount()) + "  \xC2\xB7  this session asks for " + spec.shade +
                      " at " + percent(spec.dilution) + ", " + percent(spec.cumulativeFraction) +
                      " of final density";
    t.text(target, sub, x, t.px(38), 13, colours::kTextDim);
    t.text(target, time, right, t.px(12), 24, colours::kText, Align::Right, true);
    t.text(target, zoom, right - t.textWidth(time, 24, true) - t.px(24), t.px(22), 12, colours::kTextFaint,
           Align::Right);
}

void PracticeScreen::drawIntro(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    t.flush(target);
    t.rect(target, m_canvasRect, sf::Color(10, 11, 13, 170));
    const float w = std::min(m_canvasRect.width - t.px(60), t.px(620));
    const float x = m_canvasRect.left + (m_canvasRect.width - w) / 2;
    const float pad = t.px(28);
    // An exam shows the whole brief and the task: live numbers are off, so this is where the
    // candidate learns the level's targets and rules.
    const std::string text =
        !m_exam ? (m_level->instructions.empty() ? m_level->brief : m_level->instructions)
        : m_level->instructions.empty() ? m_level->brief
                                        : m_level->brief + "\n\n" + m_level->instructions;
    const float paraH = t.paragraphHeight(text, w - 2 * pad, 15);
    // What the colours on the canvas mean, named as drawn (the brief's words may not say).
    const std::string legend = render::canvasLegend(*m_level, m_layers.ghost && !m_ghost.empty());
    const float legendH = legend.empty() ? 0.f : t.paragraphHeight(legend, w - 2 * pad, 13, 1.3f) + t.px(8);
    const std::string howTo =
        "Click to strike; hold longer to go deeper. The needle follows your hand with a lag and a tremor.";
    const std::string keysLine =
        "Wheel or +/\xE2\x88\x92 zoom  \xC2\xB7  right-drag or arrows pan  \xC2\xB7  F1 all keys";
    const float howToH = t.paragraphHeight(howTo, w - 2 * pad, 12, 1.3f),
                keysH = t.paragraphHeight(keysLine, w - 2 * pad, 12, 1.3f);
    // The title wraps (a long one ran out of the card); the card grows by its extra lines.
    const auto titleLines = t.wrap(m_level->title, w - 2 * pad, 22, true);
    const float titleExtra = titleLines.empty() ? 0 : (titleLines.size() - 1) * t.px(29);
    const float top = t.px(62) + titleExtra; // the text below the heading and the title
    const float h = pad + top + paraH + legendH + t.px(12) + howToH + keysH + t.px(20) + t.px(44) + pad;
    const float y = m_canvasRect.top + std::max(t.px(20), (m_canvasRect.height - h) / 2);
    t.panel(target, {x, y, w, h}, colours::kPanelRaised, 12, colours::kBorder);
    t.text(target, m_exam ? m_introHeading : std::string("HOW TO PLAY THIS LEVEL"), x + pad, y + pad, 11,
           colours::kAccent, Align::Left, true);
    for (size_t i = 0; i < titleLines.size(); ++i)
        t.text(target, titleLines[i], x + pad, y + pad + t.px(20) + i * t.px(29), 22, colours::kText,
               Align::Left, true);
    t.paragraph(target, text, x + pad, y + pad + top, w - 2 * pad, 15, colours::kText);
    float ky = y + pad + top + paraH + t.px(8);
    if (!legend.empty()) t.paragraph(target, legend, x + pad, ky, w - 2 * pad, 13, colours::kAccent, 1.3f);
    ky += legendH + t.px(4);
    ky += t.paragraph(target, howTo, x + pad, ky, w - 2 * pad, 12, colours::kTextDim, 1.3f);
    t.paragraph(target, keysLine, x + pad, ky, w - 2 * pad, 12, colours::kTextDim, 1.3f);
    if (m_exam) // beside the Begin button, wrapped to the room it leaves
        t.paragraph(target,
                    m_introClock ? "The section's clock is running while you read."
                                 : "The section's clock waits while you read.",
                    x + pad, y + h - pad - t.px(38), w - 2 * pad - t.px(214), 13,
                    m_introClock ? colours::kWarm : colours::kTextDim);
    const sf::FloatRect button(x + w - pad - t.px(200), y + h - pad - t.px(44), t.px(200), t.px(44));
    t.panel(target, button, colours::kAccent, 8);
    t.text(target, "Begin  \xC2\xB7  Enter", button.left + button.width / 2, button.top + t.px(11), 16,
           colours::kBackground, Align::Centre, true);
}

void PracticeScreen::drawConfirm(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    t.flush(target);
    t.rect(target, {0, 0, float(m_size.x), float(m_size.y)}, sf::Color(10, 11, 13, 170));
    std::string title, body, yes;
    switch (m_confirm) {
    case Confirm::Finish:
        title = "Finish this attempt?";
        body = "It will be scored now. " + std::to_string(m_session->dots().size()) + " dots placed.";
        yes = "Finish  \xC2\xB7  Enter";
        if (m_exam)
            title = "Hand in this level?", body = "The exam moves on; it cannot be reopened. " +
                                                  std::to_string(m_session->dots().size()) + " dots.";
        break;
    case Confirm::NextSession:
        title = "Heal and start the next session?";
        body = "This layer heals and can no longer be undone.";
        yes = "Next session  \xC2\xB7  Enter";
        break;
    default:
        title = "Leave this attempt?";
        body = "Your dots will be lost; nothing is scored.";
        yes = "Leave  \xC2\xB7  Enter";
        break;
    }
    const float cx = m_size.x / 2.f, cy = m_size.y / 2.f;
    t.panel(target, {cx - t.px(230), cy - t.px(100), t.px(460), t.px(190)}, colours::kPanelRaised, 12,
            colours::kBorder);
    t.text(target, title, cx, cy - t.px(76), 20, colours::kText, Align::Centre, true);
    // The body wrapped inside the dialog, the buttons' words set to fit them (text stops
    // shrinking at 10 pixels: on a small window they ran to the edges).
    const auto lines = t.wrap(body, t.px(420), 14);
    for (size_t i = 0; i < lines.size(); ++i)
        t.text(target, lines[i], cx, cy - t.px(36) - (lines.size() - 1) * t.px(10) + i * t.px(19), 14,
               colours::kTextDim, Align::Centre);
    const sf::FloatRect yesR(cx - t.px(200), cy + t.px(20), t.px(190), t.px(44));
    const sf::FloatRect noR(cx + t.px(10), cy + t.px(20), t.px(190), t.px(44));
    std::string no = "Keep working  \xC2\xB7  Esc";
    // Where even the smaller words do not fit, the dot loses its wide spaces.
    for (std::string* label : {&yes, &no})
        if (t.textWidth(*label, 11, label == &yes) > yesR.width - t.px(20))
            for (size_t at; (at = label->find("  \xC2\xB7  ")) != std::string::npos;)
                label->replace(at, 6, " \xC2\xB7 ");
    const float yesSize = t.fitSize(yes, yesR.width - t.px(20), 15, 11, true);
    const float noSize = t.fitSize(no, noR.width - t.px(20), 15, 11);
    t.panel(target, yesR, colours::kAccent, 8);
    t.text(target, yes, yesR.left + yesR.width / 2, yesR.top + t.px(12) + t.px(15 - yesSize) / 2, yesSize,
           colours::kBackground, Align::Centre, true);
    t.panel(target, noR, colours::kPanel, 8, colours::kBorder);
    t.text(target, no, noR.left + noR.width / 2, noR.top + t.px(12) + t.px(15 - noSize) / 2, noSize,
           colours::kText, Align::Centre);
}

void PracticeScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    if (!m_session) return;
    const auto dots = m_session->dots();
    if (m_live->revision() != m_lastDotsRevision && dots.size() <= m_renderer.inkedCount())
        m_renderer.invalidate();
    m_lastDotsRevision = m_live->revision();
    healView().follow(m_session->currentSession()); // a heal re-ages the earlier layers: one full redraw
    if (healView().takeRedraw()) m_renderer.invalidate();
    m_renderer.sync(
        m_view, m_layers, dots.size(),
        [this](size_t i) { return healView().ink(i, m_session->dots()[i], inkDot(i)); },
        /*deferViewChange=*/m_dragging || m_viewSettleS > 0);
    if (m_layers.heatmap) {
        const double fraction =
            m_level->sessions[static_cast<size_t>(m_session->currentSession())].cumulativeFraction;
        m_renderer.setHeatmap(m_live->heatmap(fraction));
    }
    m_renderer.draw(target, m_view, m_layers);

    if (!m_intro)
        m_renderer.drawCursor(target, m_view,
                              render::sessionCursor(*m_session, m_live->zoneAt(m_session->tipMm())));
    drawTopBar(target);
    healView().drawTimeline(target, t, m_healTimeline);
    m_hud.draw(target, hudModel());

    // Footer: the keys that matter most, as many as fit beside the note; "F1 help" (which
    // lists them all) always shows.
    {
        std::vector<std::string> hints = {"Click strike (hold = deeper)", "Right-drag / arrows pan",
                                          "Wheel / +\xE2\x88\x92 zoom"};
        // Only the aids this level offers: a key the HUD lists as "not in this level" does nothing.
        if (!m_exam && m_level->mode.ghost && !m_ghost.empty()) hints.push_back("G ghost");
        if (!m_exam && m_level->mode.heatmap) hints.push_back("H heatmap");
        if (m_level->mode.outlines) hints.push_back("O outlines");
        if (!m_exam && m_level->mode.undo) hints.push_back("Ctrl+Z undo");
        hints.push_back("S shade");
        hints.push_back(m_exam ? "Enter hand in this level"
                               : "T healed look"); // exam: no ghost, heatmap or undo
        const float left = t.px(20), y = m_footer.top + t.px(11);
        float right = m_footer.width - t.px(20);
        if (!m_footerNote.empty())
            right -=
                t.text(target, m_footerNote, right, y, 12, colours::kWarm, Align::Right, true) + t.px(24);
        const std::string sep = "   ";
        std::string line = "F1 help";
        for (size_t n = hints.size(); n > 0; --n) {
            std::string candidate;
            for (size_t i = 0; i < n; ++i)
                candidate += hints[i] + sep;
            candidate += "F1 help";
            if (t.textWidth(candidate, 12) <= right - left) {
                line = candidate;
                break;
            }
        }
        t.text(target, line, left, y, 12, colours::kTextFaint);
    }
    if (m_layers.heatmap) {
        // Legend for the heatmap, bottom-left of the canvas.
        const float lw = t.px(180), lh = t.px(10);
        const float lx = m_canvasRect.left + t.px(20), ly = m_canvasRect.top + m_canvasRect.height - t.px(40);
        t.panel(target, {lx - t.px(10), ly - t.px(26), lw + t.px(20), t.px(56)}, sf::Color(21, 23, 26, 210),
                6);
        for (int i = 0; i < 36; ++i) {
            t.rect(target, {lx + i * lw / 36, ly, lw / 36 + 0.5f, lh},
                   render::divergingColour(-1.0 + 2.0 * i / 35.0));
        }
        t.text(target, "density vs target", lx, ly - t.px(20), 11, colours::kTextDim);
        t.text(target, "under", lx, ly + t.px(12), 10, colours::kTextFaint);
        t.text(target, "on", lx + lw / 2, ly + t.px(12), 10, colours::kTextFaint, Align::Centre);
        t.text(target, "over", lx + lw, ly + t.px(12), 10, colours::kTextFaint, Align::Right);
    }
    if (m_toastS > 0 && !m_toast.empty()) {
        t.flush(target);
        const float w = t.textWidth(m_toast, 14) + t.px(32);
        const sf::FloatRect r(m_canvasRect.left + (m_canvasRect.width - w) / 2, m_canvasRect.top + t.px(16),
                              w, t.px(36));
        t.panel(target, r, m_toastWarning ? sf::Color(70, 40, 36, 235) : sf::Color(39, 43, 49, 235), 8,
                m_toastWarning ? colours::kFail : colours::kBorder);
        t.text(target, m_toast, r.left + t.px(16), r.top + t.px(8), 14, colours::kText);
    }
    if (m_intro) drawIntro(target);
    if (m_confirm != Confirm::None) drawConfirm(target);
    t.flush(target);
}

std::vector<KeyHelp> PracticeScreen::keys() const {
    return {{"Left click", "strike: needle down under the tip; hold to go deeper"},
            {"Right-drag, arrows", "pan (Shift: faster)"},
            {"Wheel, + / \xE2\x88\x92, PgUp / PgDn", "zoom in / out"},
            {"0 or Home", "fit the whole canvas"},
            {"G / H / O", "target ghost / density heatmap / outlines"},
            {"1 \xE2\x80\xA6 9", "show / hide a session's layer"},
            {"T", "as placed / as healed: every dot as it will look once healed"},
            {"Ctrl+Z or Backspace", "undo the last dot of this session"},
            {"S / Shift+S", "next / previous pigment shade"},
            {"D / Shift+D", "dilute / strengthen the pigment"},
            {"[ / ]", "previous / next needle"},
            {"P / Shift+P", "less / more pressure (where offered)"},
            {"N", "heal this layer, start the next session"},
            {"Any key or click", "skip the heal animation"},
            {"Enter", "finish and see the results"},
            {"Esc", "back to the levels"}};
}

bool PracticeScreen::loadDots(const std::string& path, std::string& error) {
    DotsCsv csv;
    Diagnostics diags;
    if (!readDotsCsv(path, csv, diags)) {
        error = diags.formatAll();
        if (!error.empty() && error.back() == '\n') error.pop_back();
        return false;
    }
    // Steady hand: the same level without tremor, so each dot lands where the file says.
    Level steady = *m_level;
    steady.handpiece.tremorMm = 0.0;
    steady.mode.timeLimitS = 0.0;
    m_session->removeListener(m_live.get());
    m_session = std::make_unique<PracticeSession>(std::move(steady), 1);
    m_live = std::make_unique<LiveFeedback>(*m_context);
    m_session->addListener(m_live.get());
    m_renderer.setLevel(&m_session->level(), m_ghost);

    PracticeSession& s = *m_session;
    const NeedleMapping& mapping = s.mapping();
    int64_t tick = 0;
    for (const Dot& d : csv.dots) {
        while (csv.columns.session && d.session > s.currentSession() && s.nextSession(tick)) {
        }
        // Dwell for the file's depth (core's mapping, inverted by bisection); 0.75 mm without one.
        const double depth = csv.columns.depth && d.depthMm > 0 ? d.depthMm : 0.75;
        double lo = 0.0, hi = 5.0;
        for (int i = 0; i < 40; ++i) {
            const double mid = (lo + hi) / 2;
            (depthForDwell(mapping, mid) < depth ? lo : hi) = mid;
        }
        const int64_t dwell = std::max<int64_t>(1, std::llround(hi * PracticeSession::kTicksPerSecond));
        // Move, let the spring settle (~25 ms at 40 Hz; long jumps need the full 150 ms), strike.
        s.moveHand(tick, d.pos);
        tick += 36;
        if (!s.needleDown(tick)) continue;
        tick += dwell;
        s.needleUp(tick);
        tick += 1;
    }
    s.advanceTo(tick);
    m_intro = false;
    return true;
}

} // namespace stipple::app
