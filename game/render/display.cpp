#include "render/display.h"

#include <cstdlib>

namespace stipple::render {

bool haveDisplay(std::string& error) {
    const char* display = std::getenv("DISPLAY");
    if (display && *display) return true;
    error =
        "no display to draw on (DISPLAY is not set): run it on a desktop, or headless under `xvfb-run -a`";
    return false;
}

} // namespace stipple::render
