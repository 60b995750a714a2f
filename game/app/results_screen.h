// The results screen: what the attempt scored and why. The scorecard (each metric's value,
// band, sub-score against its pass mark, and the scorer's one-line explanation), the overall
// score with pass/fail and any veto, and pictures of the work — the density-deviation heatmap
// over the dots, overlaps and spill marked, the nearest-neighbour histogram with the target
// band, the hairline profile against its ramp (or, for drills, targets hit and missed).
// Retry, next level, save the dots as CSV. Everything shown comes from core's scoreAttempt().
#pragma once

#include "app/practice_recording.h"
#include "app/screen.h"
#include "render/canvas_renderer.h"
#include "render/canvas_view.h"
#include "render/session_breakdown.h"
#include "scoring/dots_csv.h"
#include "scoring/level_context.h"
#include "scoring/score_attempt.h"
#include "session/practice_session.h"

#include <memory>

namespace stipple::app {

class ResultsScreen : public Screen {
  public:
    /// Scores a finished session on catalog entry `index`.
    ResultsScreen(const render::Theme& theme, Navigator& nav, size_t index,
                  std::shared_ptr<const Level> level, std::unique_ptr<PracticeSession> session);
    /// Where dots without a session came from.
    enum class Source {
        File,  ///< a dots file: shown, not a practice run
        Photo, ///< a photo of the practice sheet (scan_screen.h): scored with depth and healing not
               ///< measured, kept in the practice history marked as a sheet
    };
    /// Scores dots read from a file or a photo (no session: `columns` says what was known).
    ResultsScreen(const render::Theme& theme, Navigator& nav, size_t index,
                  std::shared_ptr<const Level> level, std::vector<Dot> dots, const DotsCsvColumns& columns,
                  Source source = Source::File);

    void layout(sf::Vector2u size) override;
    void handleEvent(const sf::Event& event) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    /// The button Enter presses and the screen highlights: Next level after a pass, Retry after a fail.
    int primaryButton() const;
    std::string name() const override { return "Results"; }

    void setFooterNote(const std::string& note) override { m_footerNote = note; }
    const ScoreResult& result() const { return m_result; }
    /// A score card picture (`stipple score --png`): no buttons; cardHeight() is the window
    /// height at which every metric row shows, for the current width and scale.
    void setCard(bool card) {
        m_card = card;
        layout(m_size);
    }
    unsigned cardHeight() const;
    /// Multi-session levels (and scars): the healed result, session by session; else null.
    const render::SessionBreakdown* breakdown() const { return m_breakdown.get(); }
    /// The recording of this attempt (practice): the scorecard is written and the file closed;
    /// the screen says where it is and how to replay it.
    void attachRecording(std::unique_ptr<PracticeRecording> recording);
    const PracticeRecording* recording() const { return m_recording.get(); }
    /// Writes the attempt's dots as CSV (core's writer); the path is `directory/<level>-<time>.csv`.
    bool saveDots(const std::string& directory, std::string& savedPath, std::string& error) const;

  private:
    enum class Picture { Heatmap, Marks };
    void score(const AttemptInfo& info);
    void drawHeader(sf::RenderTarget& target);
    void drawTable(sf::RenderTarget& target);
    void drawWorkPicture(sf::RenderTarget& target, sf::FloatRect r, Picture which);
    void drawMarks(sf::RenderTarget& target, const render::CanvasView& view) const;
    void drawButtons(sf::RenderTarget& target);
    int buttonAt(sf::Vector2f p) const;
    void press(int button);
    render::InkDot inkDot(size_t i) const;

    const render::Theme& m_theme;
    Navigator& m_nav;
    size_t m_index;
    std::shared_ptr<const Level> m_level;
    std::unique_ptr<PracticeSession> m_session; ///< kept for the recording (exams)
    std::vector<Dot> m_dots;
    std::unique_ptr<LevelContext> m_context;
    ScoreResult m_result;
    double m_elapsedS = 0.0;
    std::unique_ptr<render::SessionBreakdown> m_breakdown; ///< scored on the healed result (layering.h)
    bool m_breakdownSessions = true;                       ///< the dots' sessions are known

    sf::Vector2u m_size{1280, 960};
    sf::FloatRect m_header, m_table, m_pictures, m_buttons;
    sf::FloatRect m_workRect[2];
    float m_chartTop = 0;
    float m_tableScroll = 0;
    float m_rowH = 56; ///< one scroll step
    /// Each metric row's wrapped name and advice, laid out for the table's width.
    struct Row {
        std::vector<std::string> label, advice;
        float top = 0, height = 0; ///< within the table's body
    };
    std::vector<Row> m_rows;
    float m_rowsHeight = 0;
    /// The header's "Work on:" / "Next:" lead and its advice wrapped under the summary line.
    std::string m_focusLead;
    bool m_focusPassed = false;
    std::vector<std::string> m_titleLines; ///< the level's title wrapped left of the score
    float m_titleExtra = 0;                ///< the height its lines after the first take
    std::vector<std::string> m_focusLines;
    /// The verdict banner, said first: "✗ Failed: <the deciding rule>" wrapped whole, and its height.
    std::vector<std::string> m_verdictLines;
    float m_bannerH = 0;
    bool m_card = false; ///< a score card picture: no buttons, every row shown
    void layoutRows();
    /// The caption under work picture `i` (0 density, 1 marks) wrapped to `width`.
    std::vector<std::string> captionLines(int i, float width) const;
    render::CanvasView m_views[2];
    render::CanvasRenderer m_renderers[2];
    std::vector<sf::FloatRect> m_buttonRects;
    std::string m_status;
    std::string m_footerNote;
    bool m_statusError = false;
    std::unique_ptr<PracticeRecording> m_recording; ///< declared after the session: closed first
    std::string m_recordingNote;
    bool m_fromPhoto = false; ///< dots scanned from a photo of the practice sheet
    bool m_recordingError = false;
};

} // namespace stipple::app
