// What the in-app level editor needs besides LevelDocument's commands, kept headless so tests
// check it without a display: which shape, vertex or edge lies under the pointer (hit testing in
// millimetres), the shapes in Tab order, the shape a validation problem is about, where a new
// vertex goes on an edge, and the numeric fields of the side panel — each with its current value,
// a step for +/- and the LevelDocument command that sets it (so every panel edit is undoable).
#pragma once

#include "editor/level_document.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// Every shape of the level in the order Tab visits them: zones, forbidden areas, scars, hairline.
std::vector<ShapeRef> shapeList(const Level& level);
/// The outline of a shape (empty when it does not exist) and whether it is closed (a polygon).
const std::vector<Vec2>& shapePoints(const Level& level, ShapeRef shape);
bool shapeClosed(ShapeKind kind);
/// A shape's id ("" for the hairline or a shape that does not exist).
std::string shapeId(const Level& level, ShapeRef shape);

/// What lies under a point.
struct ShapeHit {
    enum class Part { None, Vertex, Edge, Inside };
    Part part = Part::None;
    ShapeRef shape;
    size_t vertex = 0; ///< Vertex: the vertex; Edge: the position a vertex inserted here gets
    Vec2 pointMm;      ///< Edge: the nearest point on the edge; else the query point
    double distanceMm = 0.0;
};

/// The part of a shape under `pMm`: a vertex within `toleranceMm` (nearest first, the `preferred`
/// shape winning ties so a selected shape's vertices stay grabbable where shapes share them),
/// else an edge within `toleranceMm`, else the inside of a polygon (the smallest one, so a scar
/// inside a zone can be picked). Part::None when nothing is near.
ShapeHit hitTest(const Level& level, Vec2 pMm, double toleranceMm,
                 std::optional<ShapeRef> preferred = std::nullopt);

/// Where key I inserts a vertex after `vertex`: the midpoint of the edge to the next vertex
/// (for a polygon's last vertex, the closing edge; for the hairline's last vertex, the edge
/// before it, inserted before the last vertex). Returns the insert position and point; nullopt
/// when the shape has fewer than 2 points.
std::optional<std::pair<size_t, Vec2>> vertexInsertAfter(const Level& level, VertexRef vertex);

/// The shape a validation problem is about (zones, forbidden areas, scars, the hairline), by id
/// when it has one, else by index; nullopt for level-wide problems or a shape that is gone.
std::optional<ShapeRef> shapeOfProblem(const Level& level, const LevelObjectRef& object);

/// What a row of the side panel edits and how.
enum class FieldKind {
    Number, ///< ←/→ or +/− step it, digits typed and Enter set it
    Text,   ///< Enter edits it (text events, so any keyboard layout), Enter again sets it, Esc cancels
    Choice, ///< ←/→ (or a click) go through `choices`
    Toggle, ///< Space, Enter, ←/→ or a click turn it on and off (value 1 or 0)
    Action, ///< Enter or a click does it (add a needle, remove a veto…)
};

/// One field of the editor's side panel.
struct EditorField {
    std::string label;  ///< "Density", "Pass mark", "Session 2 cumulative", …
    std::string unit;   ///< "dots/cm²", "mm", "%", ""
    double value = 0.0; ///< current value, in the unit shown (Toggle: 1 on, 0 off)
    double step = 1.0;  ///< what + and - add and take
    int decimals = 0;   ///< digits shown after the point
    /// Sets the field to `value` (in the unit shown) through an undoable LevelDocument command.
    /// Toggle: 1 or 0; Action: does it (the value is ignored).
    std::function<EditResult(LevelDocument&, double)> set;
    FieldKind kind = FieldKind::Number;
    std::string section{};              ///< the heading it is listed under ("LEVEL", "AIDS", "NEEDLES", …)
    std::string text{};                 ///< Text and Choice: the current text
    std::vector<std::string> choices{}; ///< Choice: every value, in order
    bool multiline = false;             ///< Text: paragraphs ("\n\n") allowed (brief, instructions)
    /// Text and Choice: sets the text; refused with a message that says what is allowed.
    std::function<EditResult(LevelDocument&, const std::string&)> setText{};
};

/// The choice after (`steps` > 0) or before the current one, wrapping; the current text when the
/// field has no choices.
std::string steppedChoice(const EditorField& field, int steps);

/// The fields of one shape: a zone's density, spacing, healed diameters and depth band; a scar's
/// uptake and spread; the hairline's band and fractions; a forbidden area has none.
std::vector<EditorField> shapeFields(const Level& level, ShapeRef shape);
/// The level's own fields, by section: LEVEL (title, id, brief, instructions, skill,
/// difficulty, canvas, target), SESSIONS (number, and each one's density, shade, dilution and
/// healing days), AIDS (ghost, undo, live score, heat map, outlines, time limit, pace),
/// HANDPIECE, HEALING, NEEDLES (each one's id, configuration and diameter; add, remove),
/// SCORING (pass mark, fail margin; each overridden metric's use, weight, pass mark, gate, band
/// and falloff; add one) and VETOES (each one's metric, limit and reason; add, remove).
std::vector<EditorField> levelFields(const Level& level);
/// Field `field` stepped by `steps` × its step (rounded to the field's decimals, so repeated
/// presses never drift: 0.1 + 0.1 + 0.1 is 0.3).
double steppedValue(const EditorField& field, int steps);

} // namespace stipple
