// Healed ink: see healed_ink.h.
#include "render/healed_ink.h"

#include "render/canvas_view.h"
#include "render/display.h"
#include "render/theme.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace stipple::render {

InkDot healedInk(const HealedDot& h) {
    InkDot ink;
    ink.pos = h.pos;
    ink.layer = h.session;
    // The disc texture already has a soft rim of about a tenth of its diameter; σ beyond that
    // widens the disc, and the same pigment over a wider disc reads fainter (area ratio).
    const double d = std::max(0.0, static_cast<double>(h.diameterMm));
    const double wide = d + 1.5 * std::max(0.0, static_cast<double>(h.blurMm));
    ink.diameterMm = wide;
    const double thin = wide > 0 ? (d / wide) * (d / wide) : 0.0;
    const double alpha =
        h.lost() && d <= 0 ? 0.0 : std::clamp(static_cast<double>(h.opacity) * thin, 0.0, 1.0);
    ink.colour = toColour(h.colour, static_cast<sf::Uint8>(std::lround(alpha * 255.0)));
    return ink;
}

sf::Color sessionColour(int session) {
    static constexpr std::array<sf::Uint8, 18> kHues{0,   114, 178, // blue
                                                     230, 159, 0,   // orange
                                                     0,   158, 115, // bluish green
                                                     204, 121, 167, // reddish purple
                                                     86,  180, 233, // sky blue
                                                     213, 94,  0};  // vermillion
    const size_t k = static_cast<size_t>(((session % 6) + 6) % 6) * 3;
    return {kHues[k], kHues[k + 1], kHues[k + 2]};
}

bool renderHealedLook(const Level& level, std::span<const HealedDot> look, unsigned width, unsigned height,
                      sf::Image& image, std::string& error) {
    if (!haveDisplay(error)) return false;
    sf::RenderTexture target;
    if (!target.create(width, height)) {
        error = "cannot create an offscreen render target";
        return false;
    }
    CanvasView view;
    view.setViewport({0, 0, float(width), float(height)});
    view.fit(level.canvas.widthMm, level.canvas.heightMm);
    CanvasRenderer renderer;
    renderer.setLevel(&level, {});
    renderer.setBackground(colours::kBackground);
    CanvasLayers layers;
    layers.outlines = true;
    renderer.sync(view, layers, look.size(), [&](size_t i) { return healedInk(look[i]); });
    target.clear(colours::kBackground);
    renderer.draw(target, view, layers);
    target.display();
    image = target.getTexture().copyToImage();
    return true;
}

} // namespace stipple::render
