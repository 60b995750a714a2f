// The level editor's model: one level being edited, with every change made through a command
// that can be undone and redone, the problems of the edited level exactly as `stipple validate`
// reports them (each tied to the object it is about, so a panel can jump to it), and saving to
// level XML that reads back to the same level. No display: the in-app editor draws this model
// and turns mouse gestures into these commands; tests drive it directly.
//
// How to use it
//
//   Diagnostics diags;
//   auto doc = LevelDocument::open("levels/03-hairline.xml", diags);   // nullopt + diags if invalid
//   doc->beginGroup("drag vertex");              // a mouse drag: many moves, one undo step
//   doc->moveVertex({{ShapeKind::Zone, 0}, 2}, {41.0, 7.5});
//   doc->moveVertex({{ShapeKind::Zone, 0}, 2}, {42.0, 7.0});
//   doc->endGroup();
//   for (const LevelProblem& p : doc->problems()) ...   // p.diagnostic.format(), p.object
//   doc->undo();                                  // back to the file as opened
//   std::string error;
//   doc->save(error);                             // atomic write; ids and order kept
//
// Commands and their rules
//
// - Every command returns an EditResult. A refused command (an index that does not exist, a
//   coordinate that is not a finite number, deleting a vertex a shape cannot spare, an id that
//   is malformed or already used) changes nothing — neither the level nor the undo history —
//   and says why in `error`.
// - Anything else is accepted even when it makes the level invalid (a vertex off the canvas, a
//   density of 900/cm², a hairline whose zone was deleted): an editor must let an instructor
//   pass through invalid states. problems() then lists what is wrong, with the reader's own
//   located messages. Nothing is clamped or silently corrected.
// - Ids: zones, forbidden areas, scars and needles share one namespace (as in the format).
//   New shapes get the first free id "zone-1", "forbidden-1", "scar-1", … unless one is given.
//   Renaming a zone also renames the hairline's reference to it.
// - Indices (ShapeRef::index, VertexRef::vertex) are positions in the Level's vectors at the
//   time of the call; deleting a shape shifts the ones after it, exactly like the vectors.
//   Find a shape by id with findShape().
// - Undo/redo works on whole-level snapshots, so every command, including edit() with an
//   arbitrary function, undoes exactly. A new command after an undo discards the redo steps.
//   Commands between beginGroup() and endGroup() form one step (groups nest; the outermost
//   label names the step); a group that changed nothing leaves no step.
#pragma once

#include "geometry/vec2.h"
#include "io/diagnostics.h"
#include "level/level.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stipple {

/// Every kind of object a level file holds, as the problem list names them.
enum class LevelObjectKind {
    Level, ///< the <level> element itself (id, title, skill, difficulty; "nothing to practise")
    Brief,
    Instructions,
    Canvas,
    Zone,
    Forbidden,
    Scar,
    Hairline,
    Target, ///< <target> attributes (generate, seed, tolerance)
    TargetDot,
    Sessions,
    Session,
    Healing,
    Tools,
    Needle,
    Scoring, ///< <scoring> attributes (pass mark)
    Metric,
    Veto,
    Mode,
    Handpiece,
};

/// "zone", "forbidden", "target-dot", … — for messages and UI labels.
const char* levelObjectKindName(LevelObjectKind kind);

/// One object of a level: its kind, its position in its list (zones, target dots, sessions,
/// metrics, …; 0 for objects that occur once) and, where it has one, its id (zone, forbidden
/// area, scar and needle ids; the metric id of a <metric>; the metric of a <veto>).
struct LevelObjectRef {
    LevelObjectKind kind = LevelObjectKind::Level;
    size_t index = 0;
    std::string id;
    friend bool operator==(const LevelObjectRef&, const LevelObjectRef&) = default;
};

/// One problem of the edited level: the diagnostic exactly as `stipple validate` prints it for
/// the saved file, and the object it is about.
struct LevelProblem {
    Diagnostic diagnostic;
    LevelObjectRef object;
};

/// The outlines an editor draws: zones, forbidden areas and scars are closed polygons, the
/// hairline is an open polyline (at most one per level).
enum class ShapeKind { Zone, Forbidden, Scar, Hairline };

/// "zone", "forbidden area", "scar", "hairline" — for messages and UI labels.
const char* shapeKindName(ShapeKind kind);

/// A shape: its kind and its index in Level::zones / forbidden / scars (0 for the hairline).
struct ShapeRef {
    ShapeKind kind = ShapeKind::Zone;
    size_t index = 0;
    friend bool operator==(const ShapeRef&, const ShapeRef&) = default;
};

/// One vertex of a shape, by position in the shape's point list.
struct VertexRef {
    ShapeRef shape;
    size_t vertex = 0;
    friend bool operator==(const VertexRef&, const VertexRef&) = default;
};

/// The numeric properties of a zone (units as in level.h: dots/cm², mm).
enum class ZoneField {
    DensityPerCm2,
    MinSpacingMm,
    HealedDiameterMinMm,
    HealedDiameterMaxMm,
    DepthMinMm,
    DepthMaxMm
};

/// What a command did: ok, or refused with a reason (nothing changed). `id` is the id of a
/// shape a command created ("" otherwise).
struct EditResult {
    bool ok = true;
    std::string error;
    std::string id;
    explicit operator bool() const { return ok; }
    /// An edit that was not made, and why.
    static EditResult refused(std::string why) { return {false, std::move(why), {}}; }
};

class LevelDocument {
  public:
    /// Edits `level`; `path` is where save() writes and the file name problems() report
    /// ("" for a new level: problems() then say "untitled.xml" and save() needs saveAs()).
    /// The level counts as saved (isModified() false) only when `path` is not empty.
    explicit LevelDocument(Level level, std::string path = "");

    /// Edits `level`, read from the file at `path` whose bytes are `fileText`: saving then patches
    /// that text (editor/level_file_patch.h), keeping the author's comments, order and layout.
    LevelDocument(Level level, std::string path, std::string fileText);

    /// Opens a level file. An invalid file cannot be edited: nullopt, with its problems in `diags`
    /// (the same ones `stipple validate` prints). Warnings are added to `diags` too.
    static std::optional<LevelDocument> open(const std::string& path, Diagnostics& diags);

    /// A new level: a 40 × 30 mm canvas of skin type III, the given id and title, skill
    /// "density", difficulty 1, a placeholder brief, nothing to practise yet (problems() says so).
    static LevelDocument blank(const std::string& id, const std::string& title);

    const Level& level() const { return m_level; }
    const std::string& path() const { return m_path; }
    /// True when the level differs from what was last opened or saved (an undo back to the saved
    /// state clears it). A level never saved is always modified.
    bool isModified() const;

    // --- validation -----------------------------------------------------------------------

    /// Every problem of the level as it stands, in line order: written with the real writer,
    /// read back with the real reader, so the messages, lines and columns are exactly those
    /// `stipple validate` prints for the file save() would write. Warnings included.
    std::vector<LevelProblem> problems() const;
    /// No errors (warnings allowed): the trainer would play the saved file.
    bool isValid() const;
    /// The file text save() would write: the opened file with only what changed rewritten
    /// (level_file_patch.h), or for a new level the level written plainly, defaults left out.
    std::string text() const;

    // --- shapes and vertices -----------------------------------------------------------------

    /// The shape's points (polygon or polyline); empty for a shape that does not exist.
    const std::vector<Vec2>& points(ShapeRef shape) const;
    /// Number of shapes of a kind (0 or 1 for the hairline).
    size_t shapeCount(ShapeKind kind) const;
    /// The zone, forbidden area or scar with this id (ids are unique across kinds); nullopt
    /// when none has it. The hairline has no id.
    std::optional<ShapeRef> findShape(const std::string& id) const;

    /// Inserts a vertex so that it becomes vertex `position` (0..count; count appends).
    EditResult addVertex(ShapeRef shape, size_t position, Vec2 pointMm);
    EditResult moveVertex(VertexRef vertex, Vec2 pointMm);
    /// Refused when it would leave a polygon with fewer than 3 points or the hairline with fewer
    /// than 2: delete the shape instead.
    EditResult deleteVertex(VertexRef vertex);
    /// Moves every vertex of a shape by `deltaMm`.
    EditResult moveShape(ShapeRef shape, Vec2 deltaMm);

    /// Adds a zone (defaults of level.h for density, spacing, bands; name = id). Needs at least
    /// 3 points; `id` "" picks the first free "zone-N".
    EditResult addZone(std::vector<Vec2> outlineMm, const std::string& id = "");
    EditResult addForbidden(std::vector<Vec2> outlineMm, const std::string& id = "");
    EditResult addScar(std::vector<Vec2> outlineMm, const std::string& id = "");
    /// Sets (adds or replaces) the hairline: at least 2 points, drawn left to right, feathering
    /// into `zoneId`. Band and fractions keep their current values (defaults for a new hairline;
    /// the symmetry axis defaults to the canvas centre, as the reader does).
    EditResult setHairline(std::vector<Vec2> lineMm, const std::string& zoneId);
    /// Deletes a zone, forbidden area, scar or the hairline. A hairline that feathers into a
    /// deleted zone stays, and problems() points at it.
    EditResult deleteShape(ShapeRef shape);
    /// Gives a zone, forbidden area or scar a new id (a zone's hairline follows it; a zone whose
    /// name was its id keeps showing its id).
    EditResult renameShape(ShapeRef shape, const std::string& newId);

    // --- properties --------------------------------------------------------------------------

    EditResult setZoneNumber(size_t zone, ZoneField field, double value);
    /// The name shown to the trainee.
    EditResult setZoneName(size_t zone, const std::string& name);
    EditResult setScarUptake(size_t scar, double uptake);
    EditResult setScarSpread(size_t scar, double spread);
    /// Band depth, front and back density fractions of the hairline.
    EditResult setHairlineBand(double bandMm, double frontFraction, double backFraction);

    // --- scoring -----------------------------------------------------------------------------

    /// The overall pass mark (0–100).
    EditResult setPassMark(double passMark);
    /// Adds a metric override, or replaces the one with the same id (keeping its position).
    EditResult setMetric(const MetricSpec& metric);
    /// Removes the override for `metricId` (the scorer's default applies again).
    EditResult removeMetric(const std::string& metricId);
    EditResult addVeto(const VetoRule& veto);
    EditResult removeVeto(size_t index);

    /// Any other change (brief, canvas, sessions, tools, mode, handpiece, target…) as one
    /// undoable step named `label`. `change` edits the level in place; a change that leaves
    /// the level equal to before records no step.
    EditResult edit(const std::string& label, const std::function<void(Level&)>& change);

    // --- undo / redo -------------------------------------------------------------------------

    bool canUndo() const { return !m_undo.empty(); }
    bool canRedo() const { return !m_redo.empty(); }
    /// The label of the step undo()/redo() would take back or redo ("" when none).
    std::string undoLabel() const;
    std::string redoLabel() const;
    /// Takes back the last step; false when there is none (or a group is open).
    bool undo();
    bool redo();
    /// Starts a group: the commands until the matching endGroup() are one undo step.
    void beginGroup(const std::string& label);
    void endGroup();
    /// At most this many steps are kept (the oldest are dropped).
    static constexpr size_t kMaxUndoSteps = 1000;

    // --- files -------------------------------------------------------------------------------

    /// Writes the level to path() atomically (write, fsync, rename). The level is written even
    /// when it has problems (work in progress); check problems() first to ship it.
    bool save(std::string& error);
    /// Saves to `path`, which becomes the document's path.
    bool saveAs(const std::string& path, std::string& error);

  private:
    struct Step {
        std::string label;
        Level before;
        Level after;
    };

    /// Runs `change` on a copy; commits it as a step (or into the open group) when it changed
    /// anything.
    EditResult apply(const std::string& label, const std::function<EditResult(Level&)>& change);
    void push(Step step);
    std::string freshId(const char* prefix) const;
    bool idInUse(const std::string& id) const;

    Level m_level;
    std::string m_path;
    std::optional<Level> m_saved; ///< as last opened or saved; nullopt for a never-saved level
    std::string m_fileText;       ///< the file's bytes as last opened or saved (with m_saved)
    mutable std::optional<std::pair<Level, std::string>> m_textCache; ///< text() of the last level asked
    std::vector<Step> m_undo;
    std::vector<Step> m_redo;
    int m_groupDepth = 0;
    std::string m_groupLabel;
    std::optional<Level> m_groupStart; ///< the level when the outermost open group began
};

} // namespace stipple
