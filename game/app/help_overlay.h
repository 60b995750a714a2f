// The F1 overlay: the current screen's keys and the keys that work everywhere, on a dimmed
// backdrop. Drawn by the App over any screen; F1 or Esc closes it.
#pragma once

#include "app/screen.h"

namespace stipple::app {

/// Draws the overlay for `title` with `keys` (the screen's) plus the global keys.
void drawHelpOverlay(sf::RenderTarget& target, const render::Theme& theme, const std::string& title,
                     const std::vector<KeyHelp>& keys);

} // namespace stipple::app
