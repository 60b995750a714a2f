// Level editor screen: input → LevelDocument commands, drawing of the document, the play-test
// child screen and hot reload. No edit logic here beyond choosing which command to send.
#include "app/editor_screen.h"

#include "io/files.h"
#include "io/xml.h"
#include "record/level_versions.h"
#include "store/postgres_store.h"

#include "app/practice_screen.h"
#include "level/level_reader.h"
#include "pattern/poisson_disk.h"
#include "render/theme.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace stipple::app {

using render::Align;
using render::Theme;
namespace colours = render::colours;

namespace {

/// A vertex or edge within this many screen pixels of the pointer is under it.
constexpr float kGrabPx = 9.f;
/// Ctrl+arrows move the selected vertex (or shape) by this much.
constexpr double kNudgeMm = 0.5;

std::string fileName(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

sf::Color shapeColour(ShapeKind kind) {
    switch (kind) {
    case ShapeKind::Zone:
        return colours::kZoneLine;
    case ShapeKind::Forbidden:
        return colours::kForbidden;
    case ShapeKind::Scar:
        return colours::kScarLine;
    case ShapeKind::Hairline:
        return colours::kHairline;
    }
    return colours::kAccent;
}

std::string shapeLabel(const Level& level, ShapeRef s) {
    const std::string id = shapeId(level, s);
    std::string label = shapeKindName(s.kind);
    if (!id.empty()) label += " \xE2\x80\x9C" + id + "\xE2\x80\x9D";
    return label;
}

/// A square handle centred on p.
void appendHandle(sf::VertexArray& quads, sf::Vector2f p, float half, sf::Color fill) {
    quads.append({{p.x - half, p.y - half}, fill});
    quads.append({{p.x + half, p.y - half}, fill});
    quads.append({{p.x + half, p.y + half}, fill});
    quads.append({{p.x - half, p.y + half}, fill});
}

/// The character typed into a field from a text event ('\0' for none): digits and the decimal
/// point, a comma counting as one (French keyboards). Text events, not key codes: on an AZERTY
/// keyboard the digits are Shift + keys whose codes are '&', 'é', '"'…
char typedChar(sf::Uint32 unicode) {
    if (unicode >= '0' && unicode <= '9') return static_cast<char>(unicode);
    if (unicode == '.' || unicode == ',') return '.';
    return '\0';
}

/// "3 recordings and 1 result" ("" for none).
std::string usesText(int recordings, int results) {
    std::string out;
    if (recordings > 0) out = plural(static_cast<size_t>(recordings), "recording", "recordings");
    if (results > 0)
        out += (out.empty() ? "" : " and ") + plural(static_cast<size_t>(results), "result", "results");
    return out;
}

/// The level id a level file's text declares ("" when it does not read).
std::string levelIdOf(const std::string& text, const std::string& path) {
    Diagnostics ignored;
    const auto doc = parseXml(text, path, ignored);
    if (!doc) return "";
    const auto level = readLevel(*doc, ignored);
    return level ? level->id : "";
}

} // namespace

/// The Navigator the play-tested practice screen (and its results screen) talks to: leaving
/// the attempt comes back to the editor instead of the level select; "retry" starts again on
/// the level as it is in the editor; results are not saved to the trainee's history.
class EditorScreen::PlayNavigator : public Navigator {
  public:
    explicit PlayNavigator(EditorScreen& editor) : m_editor(editor) {}
    void showLevelSelect() override { m_editor.m_childDone = true; }
    void startLevel(size_t) override { m_restart = true; } // "retry": a fresh attempt on the edited level
    void startNextLevel(size_t) override { m_editor.m_childDone = true; }
    void showScreen(std::unique_ptr<Screen> screen) override { m_editor.m_childPending = std::move(screen); }
    void quit() override { m_editor.m_nav.quit(); }
    std::string dataFolder() const override { return m_editor.m_nav.dataFolder(); }
    std::string practiceStore() const override { return m_editor.m_nav.practiceStore(); }
    bool takeRestart() { return std::exchange(m_restart, false); }

  private:
    EditorScreen& m_editor;
    bool m_restart = false;
};

EditorScreen::EditorScreen(const Theme& theme, Navigator& nav, std::string path)
    : m_theme(theme), m_nav(nav), m_path(std::move(path)) {
    m_watch.reset(m_path);
    open(false);
}

EditorScreen::EditorScreen(const Theme& theme, Navigator& nav, LevelDocument document, std::string newPath)
    : m_theme(theme), m_nav(nav), m_newPath(std::move(newPath)), m_doc(std::move(document)) {
    m_renderer.setLevel(&m_doc->level(), {});
    changed();
}

EditorScreen::~EditorScreen() = default;

std::string EditorScreen::savePath() const {
    return m_path.empty() ? m_newPath : m_path;
}

std::string EditorScreen::name() const {
    return m_child ? m_child->name() + " (play-test)" : "Level editor";
}

bool EditorScreen::hidesPointer() const {
    return m_child && m_child->hidesPointer();
}

bool EditorScreen::interceptQuit(const sf::Event& event) {
    (void)event;
    // Asked once: a second close while the question is up quits (the window manager insists).
    if (!m_doc || !m_doc->isModified() || m_confirm == Confirm::Quit) return false;
    // A play-test in progress ends so that the question can be seen (the App calls this between
    // handlers, never from inside the practice screen's own).
    m_child.reset();
    m_childPending.reset();
    m_childDone = false;
    m_confirm = Confirm::Quit;
    return true;
}

void EditorScreen::open(bool keepView) {
    Diagnostics diags;
    m_doc = LevelDocument::open(m_path, diags);
    m_openError.clear();
    m_selection.reset();
    m_vertex.reset();
    m_drawing = false;
    m_drag = Drag::None;
    if (!m_doc) {
        m_openError = diags.formatAll();
        if (m_openError.empty()) m_openError = m_path + ": error: the level could not be read\n";
        m_problems.clear();
        return;
    }
    m_renderer.setLevel(&m_doc->level(), {});
    if (!keepView || m_view.viewport().width <= 1) {
        m_view.setViewport(m_canvasRect);
        m_view.fit(m_doc->level().canvas.widthMm, m_doc->level().canvas.heightMm);
    }
    const auto shapes = shapeList(m_doc->level());
    if (!shapes.empty()) m_selection = shapes.front();
    changed();
}

void EditorScreen::layout(sf::Vector2u size) {
    m_size = size;
    const Theme& t = m_theme;
    const float topH = t.px(60), footH = t.px(40), pad = t.px(14);
    const float panelW = std::clamp(size.x * 0.32f, t.px(340), t.px(440));
    m_topBar = {0, 0, float(size.x), topH};
    m_footer = {0, size.y - footH, float(size.x), footH};
    m_canvasRect = {0, topH, size.x - panelW - 2 * pad, size.y - topH - footH};
    m_panel = {m_canvasRect.width + pad, topH + pad * 0.5f, panelW, m_canvasRect.height - pad};
    m_rowH = t.px(25);
    const float problemsH = std::max(t.px(160), m_panel.height * 0.24f);
    m_fieldsRect = {m_panel.left, m_panel.top, m_panel.width, m_panel.height - problemsH - pad};
    m_problemsRect = {m_panel.left, m_fieldsRect.top + m_fieldsRect.height + pad, m_panel.width, problemsH};
    const bool first = m_view.viewport().width <= 1;
    m_view.setViewport(m_canvasRect);
    if (first && m_doc) m_view.fit(m_doc->level().canvas.widthMm, m_doc->level().canvas.heightMm);
    if (m_child) m_child->layout(size);
}

void EditorScreen::toast(const std::string& message, bool warning) {
    m_toast = message;
    m_toastWarning = warning;
    m_toastS = 4.0;
}

void EditorScreen::report(const EditResult& r) {
    if (!r)
        toast(r.error, true);
    else
        changed();
}

void EditorScreen::changed() {
    if (!m_doc) return;
    const Level& level = m_doc->level();
    // The selection may point past the end after a delete or an undo.
    if (m_selection && shapePoints(level, *m_selection).empty()) m_selection.reset();
    if (m_vertex && (!m_selection || *m_vertex >= shapePoints(level, *m_selection).size())) m_vertex.reset();
    if (m_drag == Drag::None) {
        m_problems = m_doc->problems();
        if (m_showTarget)
            regenerateTarget();
        else
            m_renderer.setLevel(&level, {});
    } else {
        m_targetStale = true;
        m_renderer.setLevel(&level, m_showTarget ? m_ghost : std::vector<Vec2>{});
    }
    const size_t n = fields().size();
    if (n > 0 && m_field >= n) m_field = n - 1;
}

void EditorScreen::regenerateTarget() {
    m_ghost.clear();
    m_targetStale = false;
    if (!m_doc) return;
    for (const TargetDot& d : targetPattern(m_doc->level()))
        m_ghost.push_back(d.pos);
    m_renderer.setLevel(&m_doc->level(), m_ghost);
}

void EditorScreen::toggleTarget() {
    m_showTarget = !m_showTarget;
    if (m_showTarget) {
        regenerateTarget();
        toast("Target pattern: " + plural(m_ghost.size(), "dot", "dots") + " (G hides it)");
    } else if (m_doc) {
        m_renderer.setLevel(&m_doc->level(), {});
    }
}

void EditorScreen::select(std::optional<ShapeRef> shape, std::optional<size_t> vertex) {
    if (shape != m_selection) m_field = 0, m_fieldScroll = 0, m_editingText = false;
    m_selection = shape;
    m_vertex = vertex;
    m_typed.clear();
}

void EditorScreen::cycleShape(int step) {
    if (!m_doc) return;
    const auto shapes = shapeList(m_doc->level());
    if (shapes.empty()) return;
    size_t i = 0;
    if (m_selection) {
        const auto it = std::find(shapes.begin(), shapes.end(), *m_selection);
        const size_t at = it == shapes.end() ? 0 : static_cast<size_t>(it - shapes.begin());
        i = (at + shapes.size() + static_cast<size_t>(step + static_cast<int>(shapes.size()))) %
            shapes.size();
    } else if (step < 0) {
        i = shapes.size() - 1;
    }
    select(shapes[i]);
}

void EditorScreen::cycleVertex(int step) {
    if (!m_doc || !m_selection) return;
    const size_t n = shapePoints(m_doc->level(), *m_selection).size();
    if (n == 0) return;
    if (!m_vertex)
        m_vertex = step > 0 ? 0 : n - 1;
    else
        m_vertex = (*m_vertex + n + static_cast<size_t>(step + static_cast<int>(n))) % n;
}

std::vector<EditorField> EditorScreen::fields() const {
    if (!m_doc) return {};
    std::vector<EditorField> f;
    if (m_selection) f = shapeFields(m_doc->level(), *m_selection);
    for (EditorField& x : levelFields(m_doc->level()))
        f.push_back(std::move(x));
    return f;
}

std::optional<sf::FloatRect> EditorScreen::fieldRow(const std::string& label) const {
    const auto f = fields();
    for (const auto& [rect, index] : m_fieldRows)
        if (index < f.size() && f[index].label == label) return rect;
    return std::nullopt;
}

std::string EditorScreen::focusedField() const {
    const auto f = fields();
    return m_field < f.size() ? f[m_field].label : "";
}

void EditorScreen::stepField(int steps) {
    const auto f = fields();
    if (m_field >= f.size()) return;
    m_typed.clear();
    const EditorField& x = f[m_field];
    switch (x.kind) {
    case FieldKind::Number:
        report(x.set(*m_doc, steppedValue(x, steps)));
        break;
    case FieldKind::Choice:
        report(x.setText(*m_doc, steppedChoice(x, steps > 0 ? 1 : -1)));
        break;
    case FieldKind::Toggle:
        report(x.set(*m_doc, x.value != 0.0 ? 0.0 : 1.0));
        break;
    case FieldKind::Text:
    case FieldKind::Action:
        break;
    }
}

void EditorScreen::activateField() {
    const auto f = fields();
    if (!m_doc || m_field >= f.size()) return;
    const EditorField& x = f[m_field];
    switch (x.kind) {
    case FieldKind::Number:
        break;
    case FieldKind::Text:
        startTextEdit();
        break;
    case FieldKind::Choice:
    case FieldKind::Toggle:
        stepField(1);
        break;
    case FieldKind::Action: {
        const EditResult r = x.set(*m_doc, 0.0);
        if (r) toast(x.label + ": done (Ctrl+Z takes it back)");
        report(r);
        break;
    }
    }
}

void EditorScreen::startTextEdit() {
    const auto f = fields();
    if (m_field >= f.size() || f[m_field].kind != FieldKind::Text) return;
    m_editingText = true;
    m_textEdit = f[m_field].text;
    m_typed.clear();
}

void EditorScreen::commitTextEdit() {
    const auto f = fields();
    m_editingText = false;
    if (m_field >= f.size() || f[m_field].kind != FieldKind::Text) return;
    const std::string text = std::exchange(m_textEdit, "");
    const EditResult r = f[m_field].setText(*m_doc, text);
    if (!r) {
        // Keep what was typed: the message says what to fix, Enter tries again.
        m_editingText = true;
        m_textEdit = text;
    }
    report(r);
}

void EditorScreen::applyTyped() {
    const auto f = fields();
    const std::string typed = std::exchange(m_typed, "");
    if (m_field >= f.size() || typed.empty() || f[m_field].kind != FieldKind::Number) return;
    char* end = nullptr;
    const double v = std::strtod(typed.c_str(), &end);
    if (end == typed.c_str() || *end != '\0' || !std::isfinite(v)) {
        toast("\xE2\x80\x9C" + typed + "\xE2\x80\x9D is not a number", true);
        return;
    }
    report(f[m_field].set(*m_doc, v));
}

void EditorScreen::insertVertex() {
    if (!m_doc || !m_selection) return;
    const size_t n = shapePoints(m_doc->level(), *m_selection).size();
    const size_t after = m_vertex ? *m_vertex : n - 1;
    const auto at = vertexInsertAfter(m_doc->level(), {*m_selection, after});
    if (!at) return;
    const EditResult r = m_doc->addVertex(*m_selection, at->first, at->second);
    if (r) m_vertex = at->first;
    report(r);
}

void EditorScreen::deleteSelected() {
    if (!m_doc || !m_selection) return;
    if (m_vertex) {
        const EditResult r = m_doc->deleteVertex({*m_selection, *m_vertex});
        if (r && *m_vertex > 0) m_vertex = *m_vertex - 1;
        report(r);
        return;
    }
    const std::string what = shapeLabel(m_doc->level(), *m_selection);
    const EditResult r = m_doc->deleteShape(*m_selection);
    if (r) {
        m_selection.reset();
        toast("Deleted the " + what + " (Ctrl+Z brings it back)");
    }
    report(r);
}

void EditorScreen::nudge(Vec2 d) {
    if (!m_doc || !m_selection) return;
    if (m_vertex) {
        const Vec2 p = shapePoints(m_doc->level(), *m_selection)[*m_vertex];
        report(m_doc->moveVertex({*m_selection, *m_vertex}, p + d));
    } else {
        report(m_doc->moveShape(*m_selection, d));
    }
}

void EditorScreen::startDrawing(ShapeKind kind) {
    if (!m_doc) return;
    m_drawing = true;
    m_drawKind = kind;
    m_drawPoints.clear();
    toast(std::string("New ") + shapeKindName(kind) +
          ": click its points, Enter closes it, Backspace takes one back, "
          "Esc cancels");
}

void EditorScreen::finishDrawing() {
    const size_t need = m_drawKind == ShapeKind::Hairline ? 2 : 3;
    if (m_drawPoints.size() < need) {
        toast("A " + std::string(shapeKindName(m_drawKind)) + " needs at least " + std::to_string(need) +
                  " points",
              true);
        return;
    }
    EditResult r;
    switch (m_drawKind) {
    case ShapeKind::Zone:
        r = m_doc->addZone(m_drawPoints);
        break;
    case ShapeKind::Forbidden:
        r = m_doc->addForbidden(m_drawPoints);
        break;
    case ShapeKind::Scar:
        r = m_doc->addScar(m_drawPoints);
        break;
    case ShapeKind::Hairline: {
        // Drawn left to right; it feathers into the selected zone, else the first one.
        std::vector<Vec2> line = m_drawPoints;
        if (line.front().x > line.back().x) std::reverse(line.begin(), line.end());
        std::string zone = m_doc->level().hairline ? m_doc->level().hairline->zoneId : "";
        if (m_selection && m_selection->kind == ShapeKind::Zone) zone = shapeId(m_doc->level(), *m_selection);
        if (zone.empty() && !m_doc->level().zones.empty()) zone = m_doc->level().zones.front().id;
        r = m_doc->setHairline(line, zone);
        break;
    }
    }
    if (!r) {
        report(r);
        return;
    }
    m_drawing = false;
    m_drawPoints.clear();
    if (m_drawKind == ShapeKind::Hairline)
        select(ShapeRef{ShapeKind::Hairline, 0});
    else if (auto s = m_doc->findShape(r.id))
        select(*s);
    toast("Added " + shapeLabel(m_doc->level(), *m_selection));
    changed();
}

void EditorScreen::save(bool anyway) {
    if (!m_doc) return;
    std::string error;
    const bool isNew = m_doc->path().empty();
    if (isNew && std::filesystem::exists(m_newPath)) {
        toast(m_newPath + " exists already: not overwritten", true);
        return;
    }
    // The version being replaced, and what the recordings and results known here used: the
    // practice and exam recordings in the data folder, and the practice history's rows.
    std::string before, readError;
    const bool hadFile = !isNew && readFile(m_doc->path(), before, readError);
    const std::string data = m_nav.dataFolder();
    const std::string versions = levelVersionsDir(data);
    std::vector<LevelVersionUse> uses;
    std::string keepError;
    if (hadFile) {
        std::vector<std::string> ids{levelIdOf(before, m_doc->path())}, resultShas;
        if (m_doc->level().id != ids.front()) ids.push_back(m_doc->level().id);
        if (const std::string where = m_nav.practiceStore(); !where.empty()) {
            StoreError se;
            if (auto store = openResultsStore(where, StoreMode::ReadOnly, se)) {
                for (const std::string& id : ids) {
                    std::vector<PracticeRecord> rows;
                    if (!id.empty() && store->listAllPractice(id, rows, se))
                        for (const PracticeRecord& r : rows)
                            if (!r.levelSha256.empty()) resultShas.push_back(r.levelSha256);
                }
            }
        }
        const std::vector<std::string> dirs =
            data.empty() ? std::vector<std::string>{}
                         : std::vector<std::string>{(std::filesystem::path(data) / "practice").string(),
                                                    (std::filesystem::path(data) / "recordings").string()};
        uses = levelVersionUses(m_doc->path(), ids.front(), dirs, resultShas, versions);
        // Recordings made on the version on disk keep it, by its hash, before it is replaced.
        const std::string beforeSha = sha256Hex(before);
        for (LevelVersionUse& u : uses) {
            if (u.sha256 != beforeSha || u.kept) continue;
            if (keepLevelVersion(versions, before, keepError)) {
                u.kept = true;
            } else if (!anyway) {
                m_noticeTitle = "Not saved: " + usesText(u.recordings, u.results) + " would lose their level";
                m_noticeBody = "They were made on the version of " + fileName(m_doc->path()) +
                               " that is on disk now, and it cannot be kept for them: " + keepError +
                               ". Saving over it means they can no longer be replayed or regraded. "
                               "Make the data folder writable and save again, or save anyway.";
                m_confirm = Confirm::Unkept;
                return;
            }
        }
    }
    if (!(isNew ? m_doc->saveAs(m_newPath, error) : m_doc->save(error))) {
        toast("Not saved: " + error, true);
        return;
    }
    m_path = m_doc->path();
    if (isNew)
        m_watch.reset(m_path);
    else
        m_watch.rebase(); // our own save is not a change on disk
    size_t errors = 0;
    for (const LevelProblem& p : m_problems)
        errors += p.diagnostic.severity == Severity::Error;
    // Uses whose version is neither kept nor the file as saved (an edit taken back) are lost.
    std::string after;
    readFile(m_path, after, readError);
    const std::string afterSha = sha256Hex(after);
    int recordings = 0, results = 0, lostRecordings = 0, lostResults = 0, lostVersions = 0;
    for (const LevelVersionUse& u : uses) {
        recordings += u.recordings;
        results += u.results;
        if (!u.kept && u.sha256 != afterSha) {
            lostRecordings += u.recordings;
            lostResults += u.results;
            ++lostVersions;
        }
    }
    std::string recorded;
    if (recordings + results > 0 && lostRecordings + lostResults == 0)
        recorded =
            ": its " + usesText(recordings, results) +
            (recordings + results == 1 ? " still replays (version kept)" : " still replay (versions kept)");
    toast("Saved " + fileName(m_path) +
              (errors
                   ? " with " + plural(errors, "problem", "problems") + ": the trainer will not open it yet"
                   : recorded),
          errors > 0);
    if (lostRecordings + lostResults > 0) {
        const std::string lost = usesText(lostRecordings, lostResults);
        const bool one = lostRecordings + lostResults == 1;
        m_noticeTitle = "Saved. " + lost + " of this level used a version that is not kept";
        m_noticeBody =
            std::string(one ? "It was" : "They were") +
            (lostVersions == 1 ? " made on an earlier version" : " made on earlier versions") +
            " of the level (recorded before the trainer kept versions, or the file was changed outside "
            "the trainer). Scores stay in the results, but replay and regrade refuse a recording made on " +
            (lostVersions == 1 ? "that version" : "those versions") +
            ", naming the missing version.\n\nTo keep " + (one ? "it" : "them") + ", copy " +
            (lostVersions == 1 ? "that earlier level file" : "those earlier level files") +
            " (from a backup or version control) into " +
            (versions.empty() ? std::string("the data folder's level-versions folder") : versions) +
            ": it is found there by its content, whatever its name.";
        if (const int others = recordings + results - lostRecordings - lostResults; others > 0)
            m_noticeBody += "\n\nThe other " + usesText(recordings - lostRecordings, results - lostResults) +
                            (others == 1 ? " still replays: its version is kept."
                                         : " still replay: their versions are kept.");
        if (!keepError.empty())
            m_noticeBody += "\n\nThe version this save replaced could not be kept: " + keepError + ".";
        m_confirm = Confirm::Recordings;
    }
}

void EditorScreen::leave() {
    if (m_doc && m_doc->isModified()) {
        m_confirm = Confirm::Leave;
        return;
    }
    m_nav.closeEditor(savePath());
}

void EditorScreen::playTest() {
    if (!m_doc) return;
    if (!m_doc->isValid()) {
        toast("Fix the problems first (F8 goes to each): the trainer cannot play this level yet", true);
        return;
    }
    CatalogEntry entry;
    entry.path = savePath();
    entry.level = std::make_shared<const Level>(m_doc->level());
    if (!m_playNav) m_playNav = std::make_unique<PlayNavigator>(*this);
    m_child = std::make_unique<PracticeScreen>(m_theme, *m_playNav, static_cast<size_t>(-1), entry);
    m_child->layout(m_size);
    m_childDone = false;
    m_childPending.reset();
}

void EditorScreen::applyChild() {
    if (m_playNav && m_playNav->takeRestart()) {
        m_child.reset();
        playTest();
        return;
    }
    if (m_childPending) {
        m_child = std::move(m_childPending);
        m_child->layout(m_size);
        m_childDone = false;
    }
    if (m_childDone) {
        m_child.reset();
        m_childDone = false;
        toast("Back in the editor after the play-test");
    }
}

void EditorScreen::jumpToProblem(size_t index) {
    if (!m_doc || index >= m_problems.size()) return;
    m_problem = static_cast<int>(index);
    const LevelProblem& p = m_problems[index];
    if (const auto s = shapeOfProblem(m_doc->level(), p.object)) {
        select(*s);
        // Bring the shape into view if it is off screen.
        const Rect box = bounds(shapePoints(m_doc->level(), *s));
        const Rect seen = m_view.visibleMm();
        if (!box.empty() && (box.min.x < seen.min.x || box.max.x > seen.max.x || box.min.y < seen.min.y ||
                             box.max.y > seen.max.y))
            m_view.fit(m_doc->level().canvas.widthMm, m_doc->level().canvas.heightMm);
    } else {
        // A level-wide problem: focus the level's first field for the scoring and sessions kinds.
        select(std::nullopt);
        const auto f = fields();
        for (size_t i = 0; i < f.size(); ++i) {
            const bool scoring =
                p.object.kind == LevelObjectKind::Scoring || p.object.kind == LevelObjectKind::Metric;
            const bool sessions =
                p.object.kind == LevelObjectKind::Sessions || p.object.kind == LevelObjectKind::Session;
            if ((scoring && f[i].label.find("ass mark") != std::string::npos) ||
                (sessions && f[i].label.rfind("Session", 0) == 0)) {
                m_field = i;
                break;
            }
        }
    }
    toast(p.diagnostic.message, p.diagnostic.severity == Severity::Error);
}

void EditorScreen::cycleProblem(int step) {
    if (m_problems.empty()) {
        toast("No problems: the level is ready to play");
        return;
    }
    const int n = static_cast<int>(m_problems.size());
    const int next = m_problem < 0 ? (step > 0 ? 0 : n - 1) : ((m_problem + step) % n + n) % n;
    jumpToProblem(static_cast<size_t>(next));
}

void EditorScreen::handleCanvasPress(sf::Vector2f px, bool doubleClick) {
    const Vec2 mm = m_view.toMm(px);
    if (m_drawing) {
        m_drawPoints.push_back(mm);
        return;
    }
    const double tol = kGrabPx / m_view.pxPerMm();
    const ShapeHit hit = hitTest(m_doc->level(), mm, tol, m_selection);
    switch (hit.part) {
    case ShapeHit::Part::None:
        select(std::nullopt);
        return;
    case ShapeHit::Part::Edge:
        if (doubleClick) {
            const EditResult r = m_doc->addVertex(hit.shape, hit.vertex, hit.pointMm);
            if (r) select(hit.shape, hit.vertex);
            report(r);
            return;
        }
        [[fallthrough]];
    case ShapeHit::Part::Inside:
        select(hit.shape);
        m_drag = Drag::Shape;
        m_doc->beginGroup("move " + shapeLabel(m_doc->level(), hit.shape));
        break;
    case ShapeHit::Part::Vertex:
        select(hit.shape, hit.vertex);
        m_drag = Drag::Vertex;
        m_doc->beginGroup("move a vertex");
        break;
    }
    m_dragLastMm = mm;
}

void EditorScreen::handleKey(const sf::Event::KeyEvent& k) {
    using K = sf::Keyboard;
    if (m_editingText && m_confirm == Confirm::None) {
        // The text itself arrives as text events (handleEvent); keys only end or correct it.
        const auto f = fields();
        const bool multiline = m_field < f.size() && f[m_field].multiline;
        if (k.code == K::Escape) {
            m_editingText = false;
            m_textEdit.clear();
            toast("Edit cancelled");
        } else if (k.code == K::Enter) {
            if (multiline && !k.control)
                m_textEdit += '\n';
            else
                commitTextEdit();
        } else if (k.code == K::Backspace) {
            while (!m_textEdit.empty()) {
                const unsigned char c = static_cast<unsigned char>(m_textEdit.back());
                m_textEdit.pop_back();
                if ((c & 0xC0) != 0x80) break;
            }
        }
        return;
    }
    if (m_confirm == Confirm::Recordings) {
        // A notice: any of the usual answers closes it.
        if (k.code == K::Escape || k.code == K::Enter || k.code == K::Space || k.code == K::Y) {
            m_confirm = Confirm::None;
            m_noticeTitle.clear();
            m_noticeBody.clear();
        }
        return;
    }
    if (m_confirm == Confirm::Unkept) {
        if (k.code == K::Escape || k.code == K::N) {
            m_confirm = Confirm::None;
            m_noticeTitle.clear();
            m_noticeBody.clear();
            toast("Not saved");
        } else if (k.code == K::S) {
            m_confirm = Confirm::None;
            m_noticeTitle.clear();
            m_noticeBody.clear();
            save(true);
        }
        return;
    }
    if (m_confirm != Confirm::None) {
        const Confirm what = m_confirm;
        if (k.code == K::Escape || k.code == K::N) {
            m_confirm = Confirm::None;
        } else if (k.code == K::Y || k.code == K::Enter || k.code == K::D) {
            m_confirm = Confirm::None;
            if (what == Confirm::Leave)
                m_nav.closeEditor(savePath());
            else if (what == Confirm::Quit)
                m_nav.quit();
            else
                open(true), toast("Reloaded " + fileName(m_path) + " from disk");
        } else if (k.code == K::S && what != Confirm::Reload) {
            m_confirm = Confirm::None;
            save();
            // Leave only once saved, and not over a notice the save put up.
            if (m_doc && !m_doc->isModified() && m_confirm == Confirm::None) {
                if (what == Confirm::Quit)
                    m_nav.quit();
                else
                    m_nav.closeEditor(savePath());
            }
        }
        return;
    }
    if (k.control) {
        switch (k.code) {
        case K::Z:
            if (k.shift ? m_doc && m_doc->redo() : m_doc && m_doc->undo()) changed();
            return;
        case K::Y:
            if (m_doc && m_doc->redo()) changed();
            return;
        case K::S:
            save();
            return;
        // Ctrl+arrows move the selected vertex (or the whole shape) by a small step.
        case K::Left:
            nudge({-kNudgeMm, 0});
            return;
        case K::Right:
            nudge({kNudgeMm, 0});
            return;
        case K::Up:
            nudge({0, -kNudgeMm});
            return;
        case K::Down:
            nudge({0, kNudgeMm});
            return;
        default:
            return;
        }
    }
    if (!m_doc) {
        if (k.code == K::Escape) m_nav.closeEditor(savePath());
        return;
    }
    // Typing a value into the focused field: the characters arrive as text events (handleEvent);
    // their keys do nothing else here.
    if (k.code == K::Period || (k.code >= K::Num0 && k.code <= K::Num9) ||
        (k.code >= K::Numpad0 && k.code <= K::Numpad9))
        return;
    if (!m_typed.empty()) {
        if (k.code == K::Enter) return applyTyped();
        if (k.code == K::Backspace) return m_typed.pop_back();
        if (k.code == K::Escape) return m_typed.clear();
    }
    if (m_drawing) {
        if (k.code == K::Enter) return finishDrawing();
        if (k.code == K::Backspace && !m_drawPoints.empty()) return m_drawPoints.pop_back();
        if (k.code == K::Escape) {
            m_drawing = false;
            m_drawPoints.clear();
            toast("Drawing cancelled");
            return;
        }
    }
    const int big = k.shift ? 10 : 1;
    switch (k.code) {
    case K::Enter:
    case K::Space:
        activateField();
        break;
    case K::Escape:
        leave();
        break;
    case K::Tab:
        cycleShape(k.shift ? -1 : 1);
        break;
    case K::LBracket:
        cycleVertex(-1);
        break;
    case K::RBracket:
        cycleVertex(1);
        break;
    case K::I:
        insertVertex();
        break;
    case K::Delete:
        deleteSelected();
        break;
    case K::Z:
        startDrawing(ShapeKind::Zone);
        break;
    case K::F:
        startDrawing(ShapeKind::Forbidden);
        break;
    case K::S:
        startDrawing(ShapeKind::Scar);
        break;
    case K::H:
        startDrawing(ShapeKind::Hairline);
        break;
    case K::G:
        toggleTarget();
        break;
    case K::F5:
        playTest();
        break;
    case K::F8:
        cycleProblem(k.shift ? -1 : 1);
        break;
    case K::Home:
        m_view.fit(m_doc->level().canvas.widthMm, m_doc->level().canvas.heightMm);
        break;
    case K::Up:
        if (m_field > 0) --m_field, m_typed.clear();
        break;
    case K::Down:
        if (m_field + 1 < fields().size()) ++m_field, m_typed.clear();
        break;
    case K::Left:
        stepField(-big);
        break;
    case K::Right:
        stepField(big);
        break;
    // +/− step the field, but the key that says '-' may type a digit with Shift (AZERTY's 6): the
    // step waits for the key's text (handleEvent) and is dropped when that text is a digit.
    case K::Add:
    case K::Equal:
        m_pendingStep = big;
        break;
    case K::Subtract:
    case K::Hyphen:
        m_pendingStep = -big;
        break;
    default:
        break;
    }
}

void EditorScreen::applyPendingStep() {
    if (const int step = std::exchange(m_pendingStep, 0)) stepField(step);
}

void EditorScreen::handleEvent(const sf::Event& e) {
    if (m_child) {
        m_child->handleEvent(e);
        applyChild();
        return;
    }
    if (e.type == sf::Event::TextEntered && m_editingText) {
        const sf::Uint32 u = e.text.unicode;
        if (u >= 32 && u != 127 && m_textEdit.size() < 8000) {
            const auto utf8 = sf::String(u).toUtf8();
            m_textEdit.append(utf8.begin(), utf8.end());
        }
        m_pendingStep = 0;
        return;
    }
    if (e.type == sf::Event::TextEntered) {
        const auto f = fields();
        const bool number = m_field < f.size() && f[m_field].kind == FieldKind::Number;
        const char c = number ? typedChar(e.text.unicode) : '\0';
        if (c && m_doc && !m_drawing && m_confirm == Confirm::None) {
            m_pendingStep = 0; // the key typed a digit: no step
            m_typed += c;
        } else {
            applyPendingStep();
        }
        return;
    }
    applyPendingStep();
    switch (e.type) {
    case sf::Event::KeyPressed:
        handleKey(e.key);
        break;
    case sf::Event::MouseButtonPressed: {
        const sf::Vector2f p(float(e.mouseButton.x), float(e.mouseButton.y));
        m_pointerPx = p;
        if (m_confirm != Confirm::None) break;
        if (e.mouseButton.button == sf::Mouse::Right || e.mouseButton.button == sf::Mouse::Middle) {
            if (m_canvasRect.contains(p)) m_drag = Drag::Pan, m_dragLastPx = p;
            break;
        }
        if (e.mouseButton.button != sf::Mouse::Left) break;
        if (m_doc && m_canvasRect.contains(p)) {
            const sf::Vector2f d = p - m_lastClickPx;
            const bool dbl = m_clickClock.getElapsedTime().asSeconds() < 0.4f && d.x * d.x + d.y * d.y < 36.f;
            m_clickClock.restart();
            m_lastClickPx = p;
            handleCanvasPress(p, dbl);
        } else if (m_problemsRect.contains(p)) {
            for (size_t i = 0; i < m_problemRows.size() && i < m_problems.size(); ++i)
                if (m_problemRows[i].contains(p)) jumpToProblem(i);
        } else if (m_fieldsRect.contains(p) && m_doc) {
            // A click chooses a field; a click on the chosen one uses it (flips a switch, moves a
            // choice on, does an action, edits a text); on a number's − or + it steps.
            for (const auto& [rect, index] : m_fieldRows) {
                if (!rect.contains(p)) continue;
                if (m_editingText && index != m_field) commitTextEdit();
                if (index != m_field) {
                    m_field = index;
                    m_typed.clear();
                    break;
                }
                const auto f = fields();
                if (index < f.size() && f[index].kind == FieldKind::Number) {
                    const float right = rect.left + rect.width;
                    if (p.x > right - m_theme.px(30))
                        stepField(1);
                    else if (p.x > right - m_theme.px(150) && p.x < right - m_theme.px(90))
                        stepField(-1);
                } else if (!m_editingText) {
                    activateField();
                }
                break;
            }
        }
        break;
    }
    case sf::Event::MouseMoved: {
        const sf::Vector2f p(float(e.mouseMove.x), float(e.mouseMove.y));
        m_pointerPx = p;
        if (!m_doc) break;
        const Vec2 mm = m_view.toMm(p);
        if (m_drag == Drag::Vertex && m_selection && m_vertex) {
            report(m_doc->moveVertex({*m_selection, *m_vertex}, mm));
        } else if (m_drag == Drag::Shape && m_selection) {
            const Vec2 d = mm - m_dragLastMm;
            if (d.x != 0.0 || d.y != 0.0) report(m_doc->moveShape(*m_selection, d));
            m_dragLastMm = mm;
        } else if (m_drag == Drag::Pan) {
            m_view.panPixels(p - m_dragLastPx);
            m_dragLastPx = p;
        }
        break;
    }
    case sf::Event::MouseButtonReleased:
        if (m_drag == Drag::Vertex || m_drag == Drag::Shape) {
            m_drag = Drag::None;
            m_doc->endGroup();
            changed();
        } else {
            m_drag = Drag::None;
        }
        break;
    case sf::Event::MouseWheelScrolled:
        if (m_fieldsRect.contains(float(e.mouseWheelScroll.x), float(e.mouseWheelScroll.y)) &&
            !m_editingText) {
            const long n = static_cast<long>(fields().size());
            const long next = std::clamp(static_cast<long>(m_field) -
                                             static_cast<long>(std::lround(e.mouseWheelScroll.delta * 3)),
                                         0L, std::max(0L, n - 1));
            m_field = static_cast<size_t>(next);
            m_typed.clear();
        }
        if (m_canvasRect.contains(float(e.mouseWheelScroll.x), float(e.mouseWheelScroll.y)))
            m_view.zoomAt(std::pow(1.15, e.mouseWheelScroll.delta),
                          {float(e.mouseWheelScroll.x), float(e.mouseWheelScroll.y)});
        break;
    default:
        break;
    }
}

void EditorScreen::update(double dtS) {
    applyPendingStep();
    if (m_child) {
        m_child->update(dtS);
        applyChild();
        if (m_child) return;
    }
    if (m_toastS > 0) m_toastS -= dtS;
    // Hot reload: the file changed on disk.
    if (m_path.empty() || m_confirm != Confirm::None || m_drag != Drag::None) return;
    const FileWatch::Change change = m_watch.update(dtS);
    if (change != FileWatch::Change::Modified) return;
    if (m_doc && m_doc->isModified()) {
        m_confirm = Confirm::Reload;
        return;
    }
    open(true);
    toast(m_doc ? "Reloaded " + fileName(m_path) + ": it changed on disk"
                : fileName(m_path) + " changed on disk and does not read: its problems are listed",
          !m_doc);
}

void EditorScreen::drawOverlay(sf::RenderTarget& target) {
    const Level& level = m_doc->level();
    sf::VertexArray quads(sf::Quads);
    const float lineW = m_theme.px(3.f), half = m_theme.px(4.5f);
    auto outline = [&](const std::vector<Vec2>& pts, bool closed, float w, sf::Color c) {
        const size_t n = pts.size();
        for (size_t i = 0; i + 1 < n + (closed ? 1 : 0) && n >= 2; ++i)
            render::appendThickLine(quads, m_view.toScreen(pts[i]), m_view.toScreen(pts[(i + 1) % n]), w, c);
    };
    // Hover: the shape under the pointer, thin.
    if (!m_drawing && m_drag == Drag::None && m_canvasRect.contains(m_pointerPx)) {
        const ShapeHit hover =
            hitTest(level, m_view.toMm(m_pointerPx), kGrabPx / m_view.pxPerMm(), m_selection);
        if (hover.part != ShapeHit::Part::None && hover.shape != m_selection) {
            sf::Color c = shapeColour(hover.shape.kind);
            c.a = 255;
            outline(shapePoints(level, hover.shape), shapeClosed(hover.shape.kind), m_theme.px(2.f), c);
        }
        if (hover.part == ShapeHit::Part::Edge)
            appendHandle(quads, m_view.toScreen(hover.pointMm), half * 0.6f, colours::kWarm);
    }
    if (m_selection) {
        const auto& pts = shapePoints(level, *m_selection);
        outline(pts, shapeClosed(m_selection->kind), lineW, colours::kAccent);
        for (size_t i = 0; i < pts.size(); ++i) {
            const sf::Vector2f p = m_view.toScreen(pts[i]);
            const bool sel = m_vertex && *m_vertex == i;
            appendHandle(quads, p, sel ? half * 1.5f : half + m_theme.px(1), colours::kBackground);
            appendHandle(quads, p, sel ? half * 1.2f : half, sel ? colours::kWarm : colours::kAccent);
        }
    }
    if (m_drawing && !m_drawPoints.empty()) {
        std::vector<Vec2> pts = m_drawPoints;
        if (m_canvasRect.contains(m_pointerPx)) pts.push_back(m_view.toMm(m_pointerPx));
        outline(pts, false, lineW, colours::kWarm);
        for (const Vec2& p : m_drawPoints)
            appendHandle(quads, m_view.toScreen(p), half, colours::kWarm);
    }
    target.draw(quads);
}

void EditorScreen::drawTopBar(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    t.rect(target, m_topBar, colours::kPanel);
    const float y = t.px(10);
    std::string title =
        m_doc ? (m_doc->level().title.empty() ? m_doc->level().id : m_doc->level().title) : "Level editor";
    t.text(target, title, t.px(20), y, 20, colours::kText, Align::Left, true);
    std::string sub =
        m_path.empty() ? "new level \xE2\x80\x94 Ctrl+S saves it as " + fileName(m_newPath) : m_path;
    if (m_doc && m_doc->isModified()) sub = "\xE2\x97\x8F unsaved edits  \xC2\xB7  " + sub;
    t.text(target, sub, t.px(20), y + t.px(27), 13,
           m_doc && m_doc->isModified() ? colours::kWarm : colours::kTextDim);
    if (!m_doc) return;
    const float right = m_topBar.width - t.px(20);
    std::string undo = m_doc->canUndo() ? "Ctrl+Z: undo " + m_doc->undoLabel() : "nothing to undo";
    if (m_doc->canRedo()) undo += "  \xC2\xB7  Ctrl+Y: redo " + m_doc->redoLabel();
    t.text(target, undo, right, y + t.px(27), 13, colours::kTextFaint, Align::Right);
    size_t errors = 0;
    for (const LevelProblem& p : m_problems)
        errors += p.diagnostic.severity == Severity::Error;
    const std::string state = errors ? plural(errors, "problem", "problems") : "valid: F5 play-tests it";
    t.text(target, state, right, y + t.px(2), 15, errors ? colours::kFail : colours::kPass, Align::Right,
           true);
}

void EditorScreen::drawPanel(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const float pad = t.px(16);
    float x = m_fieldsRect.left + pad, w = m_fieldsRect.width - 2 * pad;
    if (!m_doc) {
        // The whole panel for the diagnostics: they are all there is to work on.
        t.panel(target, m_panel, colours::kPanel, 10);
        t.text(target, "This file does not read", x, m_panel.top + pad, 18, colours::kFail, Align::Left,
               true);
        float y = m_panel.top + pad + t.px(34);
        y +=
            t.paragraph(
                target,
                "Fix it in a text editor: the editor reopens it as soon as it is saved. Esc goes back to the "
                "levels.",
                x, y, w, 14, colours::kTextDim) +
            t.px(16);
        const Theme::Clip clip(t, target,
                               {m_panel.left, y, m_panel.width, m_panel.top + m_panel.height - y - pad});
        t.paragraph(target, m_openError, x, y, w, 12, colours::kFail);
        return;
    }
    t.panel(target, m_fieldsRect, colours::kPanel, 10);
    t.panel(target, m_problemsRect, colours::kPanel, 10);
    {
        const auto f = fields();
        const std::string heading =
            m_selection ? shapeLabel(m_doc->level(), *m_selection) : "Nothing selected";
        t.text(target, heading, x, m_fieldsRect.top + pad, 17, colours::kText, Align::Left, true);
        std::string sub;
        if (m_selection) {
            sub = plural(shapePoints(m_doc->level(), *m_selection).size(), "vertex", "vertices");
            if (m_vertex) sub += "  \xC2\xB7  vertex " + std::to_string(*m_vertex + 1) + " selected";
        } else {
            sub = "click a shape or press Tab";
        }
        t.text(target, sub, m_fieldsRect.left + m_fieldsRect.width - pad, m_fieldsRect.top + pad + t.px(3),
               12, colours::kTextFaint, Align::Right);
        const float top = m_fieldsRect.top + t.px(44);
        const float bottom = m_fieldsRect.top + m_fieldsRect.height - t.px(8);
        float listH = 0;
        const std::vector<float> rowTop = fieldRowTops(f, listH);
        // Keep the focused field in view.
        if (m_field < f.size()) {
            const float focusY = rowTop[m_field];
            if (focusY < m_fieldScroll) m_fieldScroll = focusY;
            // The last rows are under the "more fields" strip when the list goes on.
            const float view = bottom - top - (listH > bottom - top ? t.px(22) : 0.f);
            if (focusY + m_rowH > m_fieldScroll + view) m_fieldScroll = focusY + m_rowH - view;
        }
        const Theme::Clip clip(t, target, {m_fieldsRect.left, top, m_fieldsRect.width, bottom - top});
        m_fieldRows.clear();
        const float right = m_fieldsRect.left + m_fieldsRect.width - pad;
        for (size_t i = 0; i < f.size(); ++i) {
            const float y = top - m_fieldScroll + rowTop[i];
            if (f[i].section != (i == 0 ? std::string() : f[i - 1].section) && !f[i].section.empty())
                t.text(target, f[i].section, x, y - m_rowH + t.px(6), 12, colours::kTextFaint, Align::Left,
                       true);
            if (y + m_rowH < top - 1 || y > bottom + 1) continue;
            const bool focus = i == m_field;
            const sf::FloatRect row{m_fieldsRect.left + t.px(6), y, m_fieldsRect.width - t.px(12),
                                    m_rowH - t.px(2)};
            if (y >= top - 1 && y + m_rowH <= bottom - t.px(20))
                m_fieldRows.push_back({row, i}); // wholly in view: clickable
            if (focus)
                t.panel(target, row, colours::kPanelRaised, 5,
                        m_editingText ? colours::kWarm : colours::kAccent);
            const EditorField& fi = f[i];
            const sf::Color labelColour = fi.kind == FieldKind::Action
                                              ? (focus ? colours::kAccent : colours::kTextDim)
                                          : focus ? colours::kText
                                                  : colours::kTextDim;
            const float labelW = t.text(target, fi.label, x, y + t.px(4), 14, labelColour);
            std::string value;
            switch (fi.kind) {
            case FieldKind::Number:
                value = focus && !m_typed.empty() ? m_typed + "\xE2\x96\x8F"
                                                  : render::fixed(fi.value, fi.decimals);
                if (!fi.unit.empty()) value += " " + fi.unit;
                if (focus && m_typed.empty()) value = "\xE2\x88\x92  " + value + "  +";
                break;
            case FieldKind::Text: {
                std::string shown = focus && m_editingText ? m_textEdit : fi.text;
                for (char& c : shown)
                    if (c == '\n') c = ' ';
                if (focus && m_editingText && !fi.multiline) {
                    // The end of what is typed, with the caret, stays in view.
                    shown += "\xE2\x96\x8F";
                    const float room = w - labelW - t.px(16);
                    while (shown.size() > 1 && t.textWidth("\xE2\x80\xA6" + shown, 14, true) > room) {
                        size_t cut = 1;
                        while (cut < shown.size() && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80)
                            ++cut;
                        shown.erase(0, cut);
                    }
                    value = "\xE2\x80\xA6" + shown;
                } else if (shown.empty()) {
                    value = "(none)";
                } else if (t.textWidth(shown, 14, focus) <= w - labelW - t.px(16)) {
                    value = shown;
                } else {
                    // Too long for a row: what it is, not a cut-off start (Enter shows it whole).
                    size_t words = 0, paragraphs = 1;
                    bool inWord = false;
                    for (size_t k = 0; k < fi.text.size(); ++k) {
                        const bool space = fi.text[k] == ' ' || fi.text[k] == '\n';
                        if (!space && !inWord) ++words;
                        inWord = !space;
                        if (fi.text.compare(k, 2, "\n\n") == 0) ++paragraphs;
                    }
                    value = (paragraphs > 1 ? std::to_string(paragraphs) + " paragraphs, " : std::string()) +
                            std::to_string(words) + " words";
                }
                break;
            }
            case FieldKind::Choice:
                value = focus ? "\xE2\x80\xB9  " + fi.text + "  \xE2\x80\xBA" : fi.text;
                break;
            case FieldKind::Toggle:
                value = fi.value != 0.0 ? "on" : "off";
                break;
            case FieldKind::Action:
                break; // the footer says Enter
            }
            const sf::Color valueColour = fi.kind == FieldKind::Toggle && fi.value == 0.0
                                              ? colours::kTextFaint
                                          : focus ? (m_editingText ? colours::kWarm : colours::kAccent)
                                                  : colours::kText;
            if (!value.empty())
                t.text(target, value, right, y + t.px(4), 14, valueColour, Align::Right, focus);
        }
        const float y = top - m_fieldScroll + listH;
        if (y > bottom + 1) {
            // More fields below: say so (the focus scrolls the list). Flush first: a batch draws
            // its shapes before its text, and this strip must cover the last row's text.
            t.flush(target);
            t.rect(target,
                   {m_fieldsRect.left + t.px(6), bottom - t.px(20), m_fieldsRect.width - t.px(12), t.px(20)},
                   colours::kPanel);
            t.text(target, "\xE2\x86\x93 more fields", m_fieldsRect.left + m_fieldsRect.width - pad,
                   bottom - t.px(18), 12, colours::kTextFaint, Align::Right);
        }
    }

    // Problems.
    x = m_problemsRect.left + pad;
    w = m_problemsRect.width - 2 * pad;
    float y = m_problemsRect.top + pad;
    t.text(target,
           m_problems.empty() ? "No problems" : "Problems (" + std::to_string(m_problems.size()) + ")", x, y,
           16, m_problems.empty() ? colours::kPass : colours::kText, Align::Left, true);
    t.text(target, "F8 next", m_problemsRect.left + m_problemsRect.width - pad, y + t.px(3), 12,
           colours::kTextFaint, Align::Right);
    y = m_problemsRect.top + t.px(40);
    const Theme::Clip clip(t, target,
                           {m_problemsRect.left, y, m_problemsRect.width, m_problemsRect.height - t.px(44)});
    if (m_problems.empty()) {
        t.paragraph(
            target,
            "The trainer would open this level as it stands. F5 tries it; G shows its target pattern.", x, y,
            w, 13, colours::kTextDim);
    }
    m_problemRows.assign(m_problems.size(), sf::FloatRect());
    {
        // Scrolled so that the chosen problem shows whole.
        float bottom = 0;
        for (size_t i = 0; i < m_problems.size() && static_cast<int>(i) <= m_problem; ++i)
            bottom += t.px(17) + t.paragraphHeight(m_problems[i].diagnostic.message, w, 12) + t.px(8);
        y -= std::max(0.f, bottom - (m_problemsRect.height - t.px(48)));
    }
    for (size_t i = 0; i < m_problems.size(); ++i) {
        const Diagnostic& d = m_problems[i].diagnostic;
        const bool chosen = static_cast<int>(i) == m_problem;
        const sf::Color c = d.severity == Severity::Error ? colours::kFail : colours::kWarm;
        std::string where =
            "line " + std::to_string(d.line) + "  " + levelObjectKindName(m_problems[i].object.kind);
        if (!m_problems[i].object.id.empty()) where += " " + m_problems[i].object.id;
        // The message in full: it is what tells the instructor what to fix (the panel scrolls to
        // the chosen problem when they do not all fit).
        const float msgH = t.paragraphHeight(d.message, w, 12);
        const float rowH = t.px(17) + msgH + t.px(8);
        m_problemRows[i] = {m_problemsRect.left, y - t.px(2), m_problemsRect.width, rowH};
        if (chosen)
            t.panel(target,
                    {m_problemsRect.left + t.px(6), y - t.px(4), m_problemsRect.width - t.px(12), rowH},
                    colours::kPanelRaised, 5);
        t.text(target, where, x, y, 11, c, Align::Left, true);
        t.paragraph(target, d.message, x, y + t.px(15), w, 12, colours::kTextDim);
        y += rowH;
    }
}

std::vector<float> EditorScreen::fieldRowTops(const std::vector<EditorField>& f, float& height) const {
    std::vector<float> tops;
    float y = 0;
    for (size_t i = 0; i < f.size(); ++i) {
        if (!f[i].section.empty() && (i == 0 || f[i].section != f[i - 1].section))
            y += (i == 0 ? 1 : 2) * m_rowH;
        tops.push_back(y);
        y += m_rowH;
    }
    height = y;
    return tops;
}

void EditorScreen::drawTextEditor(sf::RenderTarget& target) {
    const auto f = fields();
    if (!m_editingText || m_field >= f.size() || !f[m_field].multiline) return;
    // A brief or instructions: a page over the canvas, wrapped as the trainee will read it.
    const Theme& t = m_theme;
    const float pad = t.px(18);
    const sf::FloatRect r{m_canvasRect.left + t.px(24), m_canvasRect.top + t.px(36),
                          m_canvasRect.width - t.px(48), m_canvasRect.height - t.px(72)};
    t.panel(target, r, colours::kPanelRaised, 10, colours::kWarm);
    t.text(target, f[m_field].label, r.left + pad, r.top + pad, 17, colours::kText, Align::Left, true);
    t.text(target,
           "Enter new line (two: new paragraph, \"- \" a list item)  \xC2\xB7  Ctrl+Enter sets  \xC2\xB7  "
           "Esc cancels",
           r.left + r.width - pad, r.top + pad + t.px(3), 12, colours::kTextFaint, Align::Right);
    const float top = r.top + pad + t.px(34);
    const Theme::Clip clip(t, target, {r.left, top, r.width, r.top + r.height - pad - top});
    const float w = r.width - 2 * pad;
    const std::string shown = m_textEdit + "\xE2\x96\x8F";
    // The end (where the caret is) stays in view.
    const float h = t.paragraphHeight(shown, w, 15);
    const float room = r.top + r.height - pad - top;
    t.paragraph(target, shown, r.left + pad, top - std::max(0.f, h - room), w, 15, colours::kText);
}

void EditorScreen::drawConfirm(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    // The editor under the question is dimmed out of the way (drawn first: a batch of its own),
    // as the practice screen's dialogs do.
    t.flush(target);
    t.rect(target, {0, 0, float(m_size.x), float(m_size.y)}, sf::Color(10, 11, 13, 170));
    const float cx = m_size.x / 2.f, cy = m_size.y / 2.f;
    if (m_confirm == Confirm::Unkept || m_confirm == Confirm::Recordings) {
        // A notice of several sentences: wrapped into a panel that fits the window.
        const float w = std::min(t.px(640), m_size.x - t.px(60)), pad = t.px(24), inner = w - 2 * pad;
        const std::vector<std::string> titleLines = t.wrap(m_noticeTitle, inner, 18, true);
        const float titleLineH = t.px(18) * 1.35f;
        const float bodyH = t.paragraphHeight(m_noticeBody, inner, 14);
        const std::string keys =
            m_confirm == Confirm::Unkept ? "S save anyway   \xC2\xB7   Esc do not save" : "Enter OK";
        const float h = pad + titleLineH * titleLines.size() + t.px(12) + bodyH + t.px(18) + t.px(20) + pad;
        const float top = std::max(t.px(8), cy - h / 2);
        t.panel(target, {cx - w / 2, top, w, h}, colours::kPanelRaised, 12,
                m_confirm == Confirm::Unkept ? colours::kFail : colours::kBorder);
        float y = top + pad;
        for (const std::string& line : titleLines) {
            t.text(target, line, cx - inner / 2, y, 18, colours::kText, Align::Left, true);
            y += titleLineH;
        }
        y += t.px(12);
        y += t.paragraph(target, m_noticeBody, cx - inner / 2, y, inner, 14, colours::kTextDim);
        t.text(target, keys, cx - inner / 2, y + t.px(18), 14, colours::kAccent, Align::Left, true);
        return;
    }
    std::string title, body, keys;
    if (m_confirm == Confirm::Leave || m_confirm == Confirm::Quit) {
        const char* verb = m_confirm == Confirm::Quit ? "quit" : "leave";
        title = "Discard your unsaved edits?";
        body = "The level has changed since it was last saved.";
        keys = std::string("S save and ") + verb + "   \xC2\xB7   Y discard and " + verb +
               "   \xC2\xB7   Esc keep editing";
    } else {
        title = fileName(m_path) + " changed on disk";
        body = "Reload it and lose your unsaved edits, or keep editing (Ctrl+S then overwrites it).";
        keys = "Y reload from disk   \xC2\xB7   Esc keep my edits";
    }
    const float w =
        std::max({t.px(480), t.textWidth(body, 14) + t.px(60), t.textWidth(keys, 14, true) + t.px(60)});
    t.panel(target, {cx - w / 2, cy - t.px(80), w, t.px(160)}, colours::kPanelRaised, 12, colours::kBorder);
    t.text(target, title, cx, cy - t.px(56), 20, colours::kText, Align::Centre, true);
    t.text(target, body, cx, cy - t.px(16), 14, colours::kTextDim, Align::Centre);
    t.text(target, keys, cx, cy + t.px(30), 14, colours::kAccent, Align::Centre, true);
}

void EditorScreen::draw(sf::RenderTarget& target) {
    if (m_child) {
        // Say whose attempt this is: leaving it comes back to the editor, nothing is recorded.
        // The screen's footer places it beside its own hints.
        m_child->setFooterNote("PLAY-TEST  \xC2\xB7  leaving returns to the editor");
        m_child->draw(target);
        m_theme.flush(target);
        return;
    }
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    if (m_doc) {
        render::CanvasLayers layers;
        layers.outlines = true;
        layers.ghost = m_showTarget;
        m_renderer.sync(m_view, layers, 0, [](size_t) { return render::InkDot{}; });
        m_renderer.draw(target, m_view, layers);
        drawOverlay(target);
        // What the outline colours mean, bottom left of the canvas area.
        float lx = m_canvasRect.left + t.px(16);
        const float ly = m_canvasRect.top + t.px(10);
        for (const ShapeKind k :
             {ShapeKind::Zone, ShapeKind::Hairline, ShapeKind::Scar, ShapeKind::Forbidden}) {
            sf::Color c = shapeColour(k);
            c.a = 255;
            t.rect(target, {lx, ly + t.px(6), t.px(16), t.px(4)}, c);
            lx += t.px(22);
            lx += t.text(target, shapeKindName(k), lx, ly, 12, colours::kTextDim) + t.px(18);
        }
        if (m_showTarget) {
            t.rect(target, {lx, ly + t.px(4), t.px(7), t.px(7)}, colours::kGhost);
            lx += t.px(13);
            t.text(target, "target (" + std::to_string(m_ghost.size()) + " dots)", lx, ly, 12,
                   colours::kTextDim);
        }
    } else {
        t.paragraph(target,
                    "The level cannot be opened until its file reads. Its problems are listed on the right.",
                    m_canvasRect.left + t.px(40), m_canvasRect.top + t.px(40), m_canvasRect.width - t.px(80),
                    16, colours::kTextDim);
    }
    drawTopBar(target);
    drawPanel(target);
    if (m_doc) drawTextEditor(target);

    // Footer: the keys, or what is being drawn, and the last message.
    t.rect(target, m_footer, colours::kPanel);
    std::string hint;
    if (!m_doc)
        hint = "Esc back to the levels  \xC2\xB7  fix the file in a text editor: it reopens here when saved";
    else if (m_editingText)
        hint = "Editing " + focusedField() + ": type  \xC2\xB7  " +
               (fields()[m_field].multiline ? "Ctrl+Enter sets it" : "Enter sets it") +
               "  \xC2\xB7  Esc cancels";
    else if (!m_typed.empty())
        hint = "Typing a value for " + focusedField() +
               ": Enter sets it  \xC2\xB7  Backspace  \xC2\xB7  Esc cancels";
    else if (m_drawing)
        hint = "Drawing a " + std::string(shapeKindName(m_drawKind)) + ": " +
               plural(m_drawPoints.size(), "point", "points") +
               "   click adds  \xC2\xB7  Enter closes  \xC2\xB7  Backspace  \xC2\xB7  Esc cancels";
    else {
        // What the focused field takes, then the rest.
        const auto f = fields();
        std::string field = "\xE2\x86\x91\xE2\x86\x93 \xE2\x86\x90\xE2\x86\x92 fields";
        if (m_field < f.size()) {
            switch (f[m_field].kind) {
            case FieldKind::Number:
                break;
            case FieldKind::Text:
                field = "\xE2\x86\x91\xE2\x86\x93 fields, Enter edits";
                break;
            case FieldKind::Choice:
                field = "\xE2\x86\x91\xE2\x86\x93 fields, \xE2\x86\x90\xE2\x86\x92 choose";
                break;
            case FieldKind::Toggle:
                field = "\xE2\x86\x91\xE2\x86\x93 fields, Space switches";
                break;
            case FieldKind::Action:
                field = "\xE2\x86\x91\xE2\x86\x93 fields, Enter does it";
                break;
            }
        }
        hint =
            "Tab select  \xC2\xB7  drag vertex  \xC2\xB7  I/Del vertex  \xC2\xB7  Z F S H new  \xC2\xB7  " +
            field + "  \xC2\xB7  G target  \xC2\xB7  F5 play  \xC2\xB7  Ctrl+S save  \xC2\xB7  F1 help";
    }
    t.text(target, hint, t.px(20), m_footer.top + t.px(12), 13,
           m_drawing || !m_typed.empty() || m_editingText ? colours::kWarm : colours::kTextFaint);
    if (m_toastS > 0 && !m_toast.empty()) {
        const float tw = t.textWidth(m_toast, 14) + t.px(28);
        const sf::FloatRect r(m_canvasRect.left + (m_canvasRect.width - tw) / 2, m_footer.top - t.px(48), tw,
                              t.px(36));
        t.panel(target, r, colours::kPanelRaised, 8, m_toastWarning ? colours::kFail : colours::kBorder);
        t.text(target, m_toast, r.left + r.width / 2, r.top + t.px(9), 14,
               m_toastWarning ? colours::kFail : colours::kText, Align::Centre);
    }
    if (m_confirm != Confirm::None) drawConfirm(target);
    t.flush(target);
}

std::vector<KeyHelp> EditorScreen::keys() const {
    if (m_child) return m_child->keys();
    return {
        {"Click, Tab / Shift+Tab", "select a shape"},
        {"Drag a vertex / the inside", "move the vertex / the whole shape (one undo step)"},
        {"[ / ], Ctrl+arrows", "choose a vertex; move it (or the shape) by 0.5 mm"},
        {"Double-click an edge, I", "insert a vertex"},
        {"Delete", "delete the selected vertex, else the selected shape"},
        {"Z / F / S / H, Enter", "draw a zone / forbidden area / scar / hairline"},
        {"\xE2\x86\x91 / \xE2\x86\x93", "choose a field of the side panel"},
        {"\xE2\x86\x90 / \xE2\x86\x92, + / \xE2\x88\x92", "change it by a step (Shift: ten steps)"},
        {"0\xE2\x80\xA6"
         "9 . then Enter",
         "type a value into the field"},
        {"Enter on a text",
         "edit it (title, brief, a veto's reason\xE2\x80\xA6); Enter or Ctrl+Enter sets it"},
        {"Enter, Space, click", "flip a switch, move a choice on, do an action (add a needle\xE2\x80\xA6)"},
        {"F8 / Shift+F8, click", "go to the next / previous problem's shape"},
        {"G", "generate and show the target pattern"},
        {"F5", "play-test the level as it stands"},
        {"Ctrl+Z / Ctrl+Y", "undo / redo"},
        {"Ctrl+S", "save (atomic; the file's comments and layout kept)"},
        {"Wheel, right-drag, Home", "zoom, pan, fit the canvas"},
        {"Esc", "back to the levels (asks about unsaved edits)"}};
}

std::unique_ptr<Screen> makeEditorScreen(const Theme& theme, Navigator& nav, const std::string& path,
                                         const std::string& levelsDir) {
    if (!path.empty()) return std::make_unique<EditorScreen>(theme, nav, path);
    // The level's id follows its file name, so a second new level does not share the first one's id.
    const std::string newPath = newLevelPath(levelsDir);
    const std::string id = std::filesystem::path(newPath).stem().string();
    return std::make_unique<EditorScreen>(theme, nav, LevelDocument::blank(id, "A new level"), newPath);
}

std::string newLevelPath(const std::string& levelsDir) {
    for (int i = 1;; ++i) {
        const std::string name = i == 1 ? "new-level.xml" : "new-level-" + std::to_string(i) + ".xml";
        const std::string path = (std::filesystem::path(levelsDir) / name).string();
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) return path;
    }
}

bool reloadCatalogEntry(std::vector<CatalogEntry>& catalog, size_t index) {
    if (index >= catalog.size()) return false;
    // Only the level and its error change: the practice history fields stay as they are.
    CatalogEntry fresh = loadCatalogEntry(catalog[index].path);
    catalog[index].level = std::move(fresh.level);
    catalog[index].error = std::move(fresh.error);
    return catalog[index].level != nullptr;
}

size_t refreshCatalogPath(std::vector<CatalogEntry>& catalog, const std::string& path) {
    std::error_code ec;
    if (path.empty() || !std::filesystem::exists(path, ec)) return catalog.size();
    const auto wanted = std::filesystem::weakly_canonical(path, ec);
    for (size_t i = 0; i < catalog.size(); ++i) {
        if (std::filesystem::weakly_canonical(catalog[i].path, ec) == wanted) {
            reloadCatalogEntry(catalog, i);
            return i;
        }
    }
    catalog.push_back(loadCatalogEntry(path));
    return catalog.size() - 1;
}

} // namespace stipple::app
