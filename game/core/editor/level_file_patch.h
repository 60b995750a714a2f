// Saving a level the way its author wrote it. The editor changes a Level; writing that Level
// from scratch would reorder elements, drop comments, reflow the brief and spell out every
// default. Instead the author's file is patched: the writer's trees of the level as opened and
// as edited are compared, and only what differs is changed in the original text —
//
// - a changed attribute gets its new value in place (quotes, line breaks and neighbours kept);
// - an attribute the edit needs that the file left to its default is added at the end of its
//   tag; one whose value went back to what the writer leaves out (a zone name equal to its id)
//   is removed;
// - a new element (zone, needle, metric, veto…) goes after its last sibling of the same kind,
//   with the sibling's indentation, and without the attributes that only repeat a default;
// - a deleted element is removed with its line; comments and every other byte stay;
// - a changed brief or instructions keeps the author's lines for every paragraph that did not
//   change and wraps a changed one at 100 columns in the element's indentation.
//
// The result is checked by reading it back with the real reader: it must read as the edited
// level exactly, else (a file this cannot patch) the level is written whole — which is still
// correct, only not minimal. A level that does not read (work in progress) cannot be checked;
// its patch is used as made.
#pragma once

#include "level/level.h"

#include <string>

namespace stipple {

/// The text to save `edited` as, given the author's file `original` (its bytes), which reads as
/// `opened`. Equal levels give `original` unchanged.
std::string patchLevelText(const std::string& original, const Level& opened, const Level& edited);

/// A level written whole, as a person would write it: two-space indentation, the brief wrapped
/// in paragraphs, and no attribute whose value is the one the reader assumes when it is absent.
/// (For a level that does not read, every attribute is written.)
std::string writeLevelPlain(const Level& level);

/// A coordinate in mm rounded to what a person writes: 0.01 mm.
double roundCoordinateMm(double mm);

} // namespace stipple
