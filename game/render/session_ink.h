// How a practice session looks on the canvas, shared by every screen that draws one: the
// practice screen (live work) and the replay screen (a recorded attempt played back). A dot's
// pigment colour and strength, and the handpiece cursor, come from the core session's const
// state here and only here, so a replay shows exactly what the candidate saw.
#pragma once

#include "level/level.h"
#include "render/canvas_renderer.h"
#include "session/practice_session.h"

namespace stipple::render {

/// How core dot `dot` of a session on `level` is inked: its recorded shade and dilution (else the
/// session spec's), lighter when the strike was shallow.
InkDot sessionInkDot(const Level& level, const Dot& dot);

/// The handpiece cursor of `session`; `zone` (the zone under the tip, or -1) gives the depth
/// band and blowout shown around the needle. Invisible until the hand was placed.
CursorState sessionCursor(const PracticeSession& session, int zone);

} // namespace stipple::render
