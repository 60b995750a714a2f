// The practice screen: the canvas with the simulated handpiece, the HUD, and the keys and
// mouse gestures of a practice session. It turns SFML events into tick-stamped session
// commands (move the hand, needle down/up, needle/shade/pressure, undo, next session, finish),
// steps the core session on its fixed 240 Hz tick from accumulated real time, and draws from
// const core state: dots from PracticeSession::dots(), live numbers from LiveFeedback.
#pragma once

#include "app/healing_view.h"
#include "app/hud.h"
#include "app/level_catalog.h"
#include "app/live_feedback.h"
#include "app/practice_recording.h"
#include "app/screen.h"
#include "editor/file_watch.h"
#include "render/canvas_renderer.h"
#include "render/canvas_view.h"
#include "scoring/level_context.h"
#include "session/practice_session.h"

#include <functional>
#include <memory>
#include <optional>

namespace stipple::app {

class PracticeScreen : public Screen {
  public:
    /// A new attempt at catalog entry `index` (whose level must be readable). `seed` drives the
    /// hand's tremor (0: from the clock). `intro`: show the level's instructions first.
    PracticeScreen(const render::Theme& theme, Navigator& nav, size_t index, const CatalogEntry& entry,
                   uint64_t seed = 0, bool intro = true);
    /// Exam mode (the exam flow): `examSession` is built under exam conditions (examLevel():
    /// no ghost, undo or live score unless the exam allows them; the exam section's time limit)
    /// and may already be recording. In exam mode: no intro, no leaving, and a finished attempt
    /// stays here for the exam screen to collect with takeExamSession() (no results screen).
    /// `examShown`: the level as the exam shows it (a session rebuilt by an exam resume has the
    /// file's ghost and live score; the exam's view hides them); null = the session's own level.
    /// An exam level. `brief`: open on the level's brief and task (the candidate begins with Enter
    /// or a click); `briefCountsTime`: the session's clock runs while the brief is open (the exam's
    /// reading-time="counts"); `heading`: the brief's first line ("EXAM · level 2 of 3").
    PracticeScreen(const render::Theme& theme, Navigator& nav, std::unique_ptr<PracticeSession> examSession,
                   std::shared_ptr<const Level> examShown = nullptr, bool brief = false,
                   bool briefCountsTime = false, std::string heading = "");
    /// True while the level's brief is shown (work has not begun).
    bool showingBrief() const { return m_intro; }
    ~PracticeScreen() override;

    /// Places the dots of a dots CSV through the session's own commands (hand moved, allowed
    /// to settle, needle down for the dwell that gives the dot's depth, needle up), with the
    /// tremor off, for screenshots of work in progress. False with a reason on a bad file.
    bool loadDots(const std::string& path, std::string& error);
    /// The healed/fresh toggle (key T): true shows every dot as it will look fully healed.
    void showHealed(bool on) { healView().setShowHealed(on); }
    /// Ends the attempt (if still running) and builds the results screen for it.
    std::unique_ptr<Screen> finishToResults();

    void layout(sf::Vector2u size) override;
    void handleEvent(const sf::Event& event) override;
    void update(double dtS) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override { return "Practice"; }
    void setFooterNote(const std::string& note) override { m_footerNote = note; }
    bool hidesPointer() const override {
        return m_session && m_pointerOnCanvas && !m_intro && m_confirm == Confirm::None;
    }

    // For tests and benchmarks: the state the screen draws from.
    const PracticeSession& session() const { return *m_session; }
    PracticeSession& session() { return *m_session; }
    const render::CanvasView& view() const { return m_view; }
    const render::CanvasRenderer& renderer() const { return m_renderer; }
    const render::CanvasLayers& layers() const { return m_layers; }
    /// Exam mode: hands the session back (finished or not) and stops using it.
    std::unique_ptr<PracticeSession> takeExamSession();
    /// Earlier sessions healed, the heal animation, the healed/fresh toggle, the timeline.
    const HealingView& healing() const { return healView(); }
    /// The numbers the HUD shows this frame.
    HudModel hudModel() const;
    /// Practice recording: `start` is called once, at the first strike, to begin recording this
    /// attempt; the recording then follows the session to the results screen, which closes it.
    void recordWith(std::function<std::unique_ptr<PracticeRecording>(PracticeSession&)> start) {
        m_startRecording = std::move(start);
    }
    /// The recording of this attempt, once the first strike started it (else null).
    const PracticeRecording* recording() const { return m_recording.get(); }

  private:
    enum class Confirm { None, Finish, NextSession, Leave };

    /// The tick the next command acts on: the session's current tick.
    int64_t nowTick() const { return m_session->tick(); }
    void attachSessionForExamOrPractice();
    /// Created on first use, from the screen's level (every constructor sets m_level first).
    HealingView& healView() const {
        if (!m_healView) m_healView = std::make_unique<HealingView>(*m_level);
        return *m_healView;
    }
    void report(const CommandResult& r);
    void toast(const std::string& message, bool warning = false);
    void sendPointer();
    void doAction(HudAction action);
    void askConfirm(Confirm what);
    void confirm();
    void finishAttempt();
    void cycleShade(int step);
    /// Shows or hides session `layer`'s dots (0-based; the 1–9 keys), with a toast.
    void toggleLayer(int layer);
    void changeDilution(double delta);
    void cycleNeedle(int step);
    void changePressure(double delta);
    render::InkDot inkDot(size_t i) const;
    void drawTopBar(sf::RenderTarget& target);
    void drawIntro(sf::RenderTarget& target);
    void drawConfirm(sf::RenderTarget& target);

    const render::Theme& m_theme;
    Navigator& m_nav;
    size_t m_index;
    std::shared_ptr<const Level> m_level;
    std::unique_ptr<PracticeSession> m_session;
    std::unique_ptr<LevelContext> m_context;
    std::unique_ptr<LiveFeedback> m_live;
    std::vector<Vec2> m_ghost;

    render::CanvasView m_view;
    render::CanvasRenderer m_renderer;
    render::CanvasLayers m_layers;
    Hud m_hud;
    sf::Vector2u m_size{1280, 960};
    sf::FloatRect m_topBar, m_canvasRect, m_footer;
    sf::FloatRect m_healTimeline; ///< the session timeline strip above the canvas (multi-session levels)
    mutable std::unique_ptr<HealingView> m_healView;

    double m_accumulatorS = 0.0;
    sf::Vector2f m_pointerPx;
    bool m_pointerOnCanvas = false;
    bool m_pointerDirty = false;
    bool m_dragging = false;
    // The 1–9 layer keys on any keyboard: the digit's key code (US row, keypad) or its text
    // (AZERTY: Shift+digit types the digit; unshifted, the row's & é " ' ( è _ ç).
    bool m_layerByKeyCode = false; ///< the last key press toggled a layer: its text is not read again
    bool m_lastKeyShift = false;   ///< Shift was held with the last key press
    double m_viewSettleS = 0.0;    ///< the canvas is redrawn once the view has been still this long
    sf::Vector2f m_dragFrom;
    bool m_intro = true;
    Confirm m_confirm = Confirm::None;
    std::string m_toast;
    std::string m_footerNote;
    bool m_toastWarning = false;
    double m_toastS = 0.0;
    unsigned m_lastDotsRevision = 0;
    FileWatch m_reloadWatch; ///< hot reload: the level file; a change starts a fresh attempt on it
    bool m_exam = false;
    bool m_introClock = false;  ///< exam: the clock runs while the brief is open
    std::string m_introHeading; ///< exam: the brief's first line ///< exam mode: no intro, no leaving, no
                                ///< results screen
    std::function<std::unique_ptr<PracticeRecording>(PracticeSession&)> m_startRecording;
    std::unique_ptr<PracticeRecording> m_recording; ///< declared after the session: closed first
    void maybeStartRecording();
};

} // namespace stipple::app
