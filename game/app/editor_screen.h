// The in-app level editor (issue 8): an instructor draws and edits a level on its canvas and
// sees at once what the trainee will get. Every change goes through the core LevelDocument
// (undo/redo, validation, saving); this screen only turns mouse gestures and keys into its
// commands and draws the result:
//
// - the canvas with zones, the hairline, scars and forbidden areas (the practice screen's
//   renderer), the selected shape's vertices as handles, and the target pattern on G;
// - select a shape by clicking it or with Tab; drag a vertex (one undo step per drag), drag a
//   shape by its inside; double-click an edge or press I to insert a vertex, Delete to delete
//   one (or the shape when no vertex is selected), Ctrl+arrows nudge it; Z, F, S, H draw a
//   new zone, forbidden area, scar or hairline point by point, Enter closes it;
// - a side panel with the selected shape's fields and every part of the level, by section
//   (title, id, brief, instructions, skill, canvas, target; sessions; aids; handpiece; healing;
//   needles; scoring with each metric's weight, gate and band; vetoes): ↑/↓ or a click choose;
//   numbers: ←/→ or +/− step (Shift: ×10), digits type a value and Enter sets it; texts: Enter
//   edits (typed through text events, so any keyboard layout), Enter sets (a brief: Ctrl+Enter;
//   Enter starts a line), Esc cancels; choices and switches: ←/→, Enter, Space or a click;
//   actions (add a needle, remove a veto…): Enter or a click. Every change is one undo step, and
//   a refused value says why;
// - the problems of the level exactly as `stipple validate` prints them; F8 or a click jumps
//   to the shape a problem is about;
// - F5 play-tests the level as it stands (the practice screen runs inside the editor and comes
//   back to it); Ctrl+Z/Ctrl+Y undo and redo; Ctrl+S saves atomically, ids kept;
// - hot reload: when the file changes on disk it is reopened, after asking when there are
//   unsaved edits; a file that does not read shows its diagnostics until it is fixed;
// - Esc leaves, and closing the window or Ctrl+Q quits, after asking when there are unsaved edits.
#pragma once

#include "app/level_catalog.h"
#include "app/screen.h"
#include "editor/editor_tools.h"
#include "editor/file_watch.h"
#include "editor/level_document.h"
#include "render/canvas_renderer.h"
#include "render/canvas_view.h"

#include <memory>
#include <optional>

namespace stipple::app {

class EditorScreen : public Screen {
  public:
    /// Edits the level file at `path`. A file that does not read is shown with its diagnostics
    /// and reopened as soon as it changes on disk.
    EditorScreen(const render::Theme& theme, Navigator& nav, std::string path);
    /// Edits a new level that Ctrl+S saves to `newPath` (never overwriting an existing file).
    EditorScreen(const render::Theme& theme, Navigator& nav, LevelDocument document, std::string newPath);
    ~EditorScreen() override;

    void layout(sf::Vector2u size) override;
    void handleEvent(const sf::Event& event) override;
    void update(double dtS) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override;
    bool hidesPointer() const override;
    bool interceptQuit(const sf::Event& event) override;

    // For tests: the state the screen shows.
    const LevelDocument* document() const { return m_doc ? &*m_doc : nullptr; }
    std::optional<ShapeRef> selection() const { return m_selection; }
    std::optional<size_t> selectedVertex() const { return m_vertex; }
    const render::CanvasView& view() const { return m_view; }
    /// The path Ctrl+S writes.
    std::string savePath() const;
    /// The diagnostics of a file that could not be opened ("" when a level is open).
    const std::string& openError() const { return m_openError; }
    /// True while a question (discard edits? reload?) or a notice waits for an answer.
    bool asking() const { return m_confirm != Confirm::None; }
    /// The question or notice shown (title, then body), "" when none or for the fixed questions.
    std::string noticeText() const {
        return m_noticeTitle.empty() ? "" : m_noticeTitle + "\n" + m_noticeBody;
    }
    /// True while a play-test of the level runs inside the editor.
    bool playTesting() const { return m_child != nullptr; }
    /// The focused side-panel field's label ("" when none).
    std::string focusedField() const;
    /// True while a text field (title, brief, a veto's reason…) is being typed into.
    bool editingText() const { return m_editingText; }
    /// Where the field with this label was last drawn (nullopt when it was not on screen).
    std::optional<sf::FloatRect> fieldRow(const std::string& label) const;
    /// The last message shown (a refused value's reason, "Saved …"), while it shows.
    std::string toastText() const { return m_toastS > 0 ? m_toast : ""; }
    /// Number of target dots shown (0 when the target is hidden).
    size_t targetDotCount() const { return m_showTarget ? m_ghost.size() : 0; }
    const std::vector<LevelProblem>& problems() const { return m_problems; }

  private:
    /// Leave / Quit: discard edits? Reload: the file changed on disk. Unkept: recordings use the
    /// version on disk and it cannot be kept (S saves anyway). Recordings: after a save, some
    /// recordings' level version is kept nowhere (what that means, how to keep them).
    enum class Confirm { None, Leave, Reload, Quit, Unkept, Recordings };
    enum class Drag { None, Vertex, Shape, Pan };
    class PlayNavigator;

    void open(bool keepView);
    void changed();
    void select(std::optional<ShapeRef> shape, std::optional<size_t> vertex = std::nullopt);
    void cycleShape(int step);
    void cycleVertex(int step);
    void cycleProblem(int step);
    void jumpToProblem(size_t index);
    void stepField(int steps);
    void applyTyped();
    /// Enter, Space or a click on the focused field: a toggle flips, a choice moves on, an
    /// action is done, a text field starts editing.
    void activateField();
    void startTextEdit();
    void commitTextEdit();
    /// Each field's top in the scrolled list (section headings take rows of their own), and the
    /// list's height.
    std::vector<float> fieldRowTops(const std::vector<EditorField>& f, float& height) const;
    void drawTextEditor(sf::RenderTarget& target);
    void insertVertex();
    void deleteSelected();
    void nudge(Vec2 deltaMm);
    void startDrawing(ShapeKind kind);
    void finishDrawing();
    /// Ctrl+S. The version being replaced is kept by its hash first when recordings or results
    /// known here used it; `anyway` saves even when it cannot be kept (after Confirm::Unkept).
    void save(bool anyway = false);
    void leave();
    void playTest();
    void toggleTarget();
    void regenerateTarget();
    void report(const EditResult& r);
    void toast(const std::string& message, bool warning = false);
    std::vector<EditorField> fields() const;
    void handleCanvasPress(sf::Vector2f px, bool doubleClick);
    void handleKey(const sf::Event::KeyEvent& key);
    /// A +/− key's step, applied when its text is not a digit (see handleKey).
    int m_pendingStep = 0;
    void applyPendingStep();
    void drawOverlay(sf::RenderTarget& target);
    void drawPanel(sf::RenderTarget& target);
    void drawTopBar(sf::RenderTarget& target);
    void drawConfirm(sf::RenderTarget& target);
    void applyChild();

    const render::Theme& m_theme;
    Navigator& m_nav;
    std::string m_path;    ///< the file being edited ("" for a new level)
    std::string m_newPath; ///< where Ctrl+S saves a new level
    std::optional<LevelDocument> m_doc;
    std::string m_openError;
    FileWatch m_watch;
    std::vector<LevelProblem> m_problems;
    std::optional<ShapeRef> m_selection;
    std::optional<size_t> m_vertex;
    size_t m_field = 0;         ///< focused row of fields()
    std::string m_typed;        ///< digits typed into the focused field, not yet applied
    bool m_editingText = false; ///< a text field is being edited (m_textEdit holds its text)
    std::string m_textEdit;     ///< the text being edited, UTF-8 from text events
    std::vector<std::pair<sf::FloatRect, size_t>> m_fieldRows; ///< where each field was drawn (clicks)
    int m_problem = -1;                                        ///< the problem last jumped to
    bool m_drawing = false;
    ShapeKind m_drawKind = ShapeKind::Zone;
    std::vector<Vec2> m_drawPoints;
    Drag m_drag = Drag::None;
    Vec2 m_dragLastMm;
    sf::Vector2f m_dragLastPx;
    sf::Vector2f m_pointerPx;
    sf::Clock m_clickClock;
    sf::Vector2f m_lastClickPx{-1000, -1000};
    bool m_showTarget = false;
    std::vector<Vec2> m_ghost;
    bool m_targetStale = false;
    Confirm m_confirm = Confirm::None;
    std::string m_noticeTitle, m_noticeBody; ///< Unkept / Recordings: what the dialog says
    std::string m_toast;
    bool m_toastWarning = false;
    double m_toastS = 0.0;

    render::CanvasView m_view;
    render::CanvasRenderer m_renderer;
    sf::Vector2u m_size{1280, 960};
    sf::FloatRect m_topBar, m_canvasRect, m_panel, m_fieldsRect, m_problemsRect, m_footer;
    float m_rowH = 24;
    float m_fieldScroll = 0;
    std::vector<sf::FloatRect> m_problemRows; ///< where each problem was drawn (clicks)

    std::unique_ptr<PlayNavigator> m_playNav;
    std::unique_ptr<Screen> m_child, m_childPending;
    bool m_childDone = false;
};

/// Makes the editor for `--screen editor`: the level at `path`, or a new level (saved into
/// `levelsDir`) when `path` is empty.
std::unique_ptr<Screen> makeEditorScreen(const render::Theme& theme, Navigator& nav, const std::string& path,
                                         const std::string& levelsDir);
/// A file name for a new level in `levelsDir` that does not exist yet: new-level.xml, new-level-2.xml, …
std::string newLevelPath(const std::string& levelsDir);

/// Hot reload: re-reads catalog entry `index` from its file, keeping its practice history (best
/// score, runs, passes). True when the file reads; false leaves the entry with its diagnostic.
bool reloadCatalogEntry(std::vector<CatalogEntry>& catalog, size_t index);
/// After the editor saved `path`: re-reads its entry, or appends one for a new file. Returns
/// the entry's index, or catalog.size() when the file does not exist.
size_t refreshCatalogPath(std::vector<CatalogEntry>& catalog, const std::string& path);

} // namespace stipple::app
