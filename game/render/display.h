// Whether there is a display to draw on. SFML aborts the process when it opens a window or a
// render texture without an X display, so every offscreen drawing asks here first.
#pragma once

#include <string>

namespace stipple::render {

/// True when an X display is there to open (SFML aborts the process without one); otherwise
/// false with a message that says what to do. Call before creating any window or render texture.
bool haveDisplay(std::string& error);

} // namespace stipple::render
