// Offscreen pictures of a level for course material and reviews (`stipple preview`): the skin,
// scar tissue, zone outlines, the hairline with the back edge of its feathering band, forbidden
// areas and, on request, the level's target pattern inked as healed dots — drawn by the
// trainer's own CanvasRenderer, so a preview looks exactly like the practice canvas — with a
// caption strip (title, size, dot count, legend, a millimetre scale bar). Needs an OpenGL
// context, hence a display (xvfb-run on a server). The header has no SFML type beyond a
// forward declaration, so headless code can call it.
#pragma once

#include "level/level.h"

#include <string>

namespace sf {
class Image;
}

namespace stipple::render {

struct PreviewOptions {
    /// Picture size in pixels; 0 × 0 = 1200 px wide, the canvas's aspect ratio plus the caption.
    unsigned widthPx = 0;
    unsigned heightPx = 0;
    /// Also ink the level's target pattern (explicit target dots and the generated pattern).
    bool target = false;
    /// Folder holding assets/fonts (the caption's typeface); "" = shippedDataDir().
    std::string dataDir;
};

/// The smallest and largest picture sides accepted.
inline constexpr unsigned kPreviewMinPx = 200;
inline constexpr unsigned kPreviewMaxPx = 8192;

/// Renders and writes a PNG to `pngPath` (beside it first, then renamed: never half a file).
/// `targetDots` receives the number of target dots inked (0 without options.target).
bool writeLevelPreview(const Level& level, const PreviewOptions& options, const std::string& pngPath,
                       size_t& targetDots, std::string& error);

} // namespace stipple::render
