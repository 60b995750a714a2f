// Level previews: one CanvasRenderer pass into a RenderTexture (the canvas fitted above a
// caption strip), then the caption drawn with the trainer's Theme. The target pattern is inked
// in the final session's pigment at its healed size, as the finished work would look.
#include "render/level_preview.h"

#include "install/shipped_data.h"
#include "pattern/poisson_disk.h"
#include "render/canvas_renderer.h"
#include "render/canvas_view.h"
#include "render/display.h"
#include "render/image_file.h"
#include "render/theme.h"

#include <SFML/Graphics.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace stipple::render {

namespace {

/// Default picture width; the height follows the canvas's aspect ratio.
constexpr unsigned kDefaultWidthPx = 1200;
/// Height of the caption strip in design pixels (Theme scales it with the picture).
constexpr float kCaptionDesignPx = 58.f;

sf::Vector2u pictureSize(const Level& level, const PreviewOptions& o, float captionPx) {
    if (o.widthPx > 0 && o.heightPx > 0) return {o.widthPx, o.heightPx};
    const double aspect = level.canvas.widthMm / std::max(level.canvas.heightMm, 1e-3);
    const double canvasPx = std::clamp(std::round(kDefaultWidthPx / aspect), 200.0, 4000.0);
    return {kDefaultWidthPx, static_cast<unsigned>(canvasPx + captionPx)};
}

/// A scale-bar length in mm that is a round number and 60–240 px long at this zoom.
double scaleBarMm(double pxPerMm) {
    for (const double mm : {0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0})
        if (mm * pxPerMm >= 60.0) return mm;
    return 500.0;
}

std::string romanSkin(const SkinTone& skin) {
    static const char* kRoman[] = {"I", "II", "III", "IV", "V", "VI"};
    if (skin.fitzpatrick >= 1 && skin.fitzpatrick <= 6)
        return std::string("skin type ") + kRoman[skin.fitzpatrick - 1];
    char hex[8];
    std::snprintf(hex, sizeof hex, "#%02x%02x%02x", skin.rgb.r, skin.rgb.g, skin.rgb.b);
    return std::string("skin ") + hex;
}

std::string mmText(double v) {
    const double r = std::round(v * 10.0) / 10.0;
    return fixed(r, r == std::round(r) ? 0 : 1);
}

void drawCaption(const Theme& theme, sf::RenderTarget& target, const Level& level, sf::FloatRect strip,
                 const CanvasView& view, size_t targetDots, bool showTarget) {
    theme.rect(target, strip, colours::kPanel);
    theme.rect(target, {strip.left, strip.top, strip.width, 1.f}, colours::kBorder);
    const float pad = theme.px(14.f);
    const float x = strip.left + pad;
    theme.text(target, level.title, x, strip.top + theme.px(8.f), 17.f, colours::kText, Align::Left, true);
    std::string sub = level.id + "  ·  " + mmText(level.canvas.widthMm) + " × " +
                      mmText(level.canvas.heightMm) + " mm  ·  " + romanSkin(level.canvas.skin);
    if (showTarget) sub += "  ·  " + std::to_string(targetDots) + " target dots";
    theme.text(target, sub, x, strip.top + theme.px(32.f), 13.f, colours::kTextDim);

    // Scale bar at the right.
    const double barMm = scaleBarMm(view.pxPerMm());
    const float barPx = static_cast<float>(barMm * view.pxPerMm());
    const float right = strip.left + strip.width - pad;
    const float barY = strip.top + theme.px(40.f);
    const float tick = theme.px(6.f), thick = std::max(2.f, theme.px(2.f));
    theme.rect(target, {right - barPx, barY, barPx, thick}, colours::kText);
    theme.rect(target, {right - barPx, barY - tick, thick, tick + thick}, colours::kText);
    theme.rect(target, {right - thick, barY - tick, thick, tick + thick}, colours::kText);
    theme.text(target, fixed(barMm, barMm < 1.0 ? 1 : 0) + " mm", right - barPx / 2,
               strip.top + theme.px(10.f), 13.f, colours::kText, Align::Centre);

    // Legend: only what the level has.
    struct Key {
        const char* label;
        sf::Color colour;
        bool dot = false; ///< drawn as a dot on a chip of skin instead of a line
    };
    std::vector<Key> keys;
    if (!level.zones.empty()) keys.push_back({"zone", colours::kZoneLine});
    if (level.hairline) keys.push_back({"hairline", colours::kHairline});
    if (!level.scars.empty()) keys.push_back({"scar", colours::kScarLine});
    if (!level.forbidden.empty()) keys.push_back({"forbidden", colours::kForbidden});
    if (showTarget && targetDots > 0)
        keys.push_back({"target dots", pigmentColour(level.sessions.back().shade, 1.0), true});
    float kx = right - barPx - theme.px(36.f);
    const float ky = strip.top + theme.px(22.f);
    for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
        const float w = theme.textWidth(it->label, 13.f);
        kx -= w;
        theme.text(target, it->label, kx, ky - theme.px(2.f), 13.f, colours::kTextDim);
        const float sw = theme.px(16.f);
        kx -= sw + theme.px(6.f);
        if (it->dot) {
            const float d = std::max(3.f, theme.px(4.f));
            theme.rect(target, {kx, ky, sw, theme.px(14.f)}, toColour(level.canvas.skin.rgb));
            theme.rect(target, {kx + (sw - d) / 2, ky + (theme.px(14.f) - d) / 2, d, d}, it->colour);
        } else {
            theme.rect(target, {kx, ky + theme.px(6.f), sw, std::max(2.f, theme.px(3.f))}, it->colour);
        }
        kx -= theme.px(18.f);
    }
}

bool render(const Level& level, const PreviewOptions& options, sf::Image& image, size_t& targetDots,
            std::string& error) {
    // Without an X display SFML aborts the process when it creates the GL context; say why instead.
    if (!haveDisplay(error)) return false;
    Theme theme;
    const std::string dataDir = options.dataDir.empty() ? shippedDataDir() : options.dataDir;
    if (!theme.load(dataDir + "/assets/fonts", error)) return false;
    // The caption's size depends on the theme scale, which depends on the picture size: size the
    // picture with the unscaled caption first (a default picture is ~1200 px wide, scale ≈ 1).
    const sf::Vector2u size = pictureSize(level, options, kCaptionDesignPx);
    if (size.x < kPreviewMinPx || size.y < kPreviewMinPx || size.x > kPreviewMaxPx ||
        size.y > kPreviewMaxPx) {
        error = "the picture must be between " + std::to_string(kPreviewMinPx) + " and " +
                std::to_string(kPreviewMaxPx) + " pixels on each side";
        return false;
    }
    theme.setWindowSize(size);
    const float caption = std::round(theme.px(kCaptionDesignPx));

    sf::RenderTexture target;
    if (!target.create(size.x, size.y)) {
        error = "cannot create an offscreen OpenGL render target (no display? run it under xvfb-run)";
        return false;
    }
    target.clear(colours::kBackground);

    CanvasView view;
    view.setViewport({0.f, 0.f, static_cast<float>(size.x), static_cast<float>(size.y) - caption});
    view.fit(level.canvas.widthMm, level.canvas.heightMm);

    std::vector<TargetDot> dots;
    if (options.target) dots = targetPattern(level);
    const SessionSpec& last = level.sessions.empty() ? SessionSpec{} : level.sessions.back();
    const sf::Color ink = pigmentColour(last.shade, last.dilution);
    const DotSource source = [&](size_t i) {
        InkDot d;
        d.pos = dots[i].pos;
        d.diameterMm = dots[i].diameterMm;
        d.colour = ink;
        return d;
    };
    CanvasRenderer renderer;
    renderer.setBackground(colours::kBackground);
    renderer.setLevel(&level, {});
    CanvasLayers layers;
    layers.outlines = true; // a preview is for the instructor: the guides always show
    layers.ghost = false;
    layers.heatmap = false;
    renderer.sync(view, layers, dots.size(), source);
    renderer.draw(target, view, layers);

    drawCaption(theme, target, level,
                {0.f, static_cast<float>(size.y) - caption, static_cast<float>(size.x), caption}, view,
                dots.size(), options.target);
    theme.flush(target);
    target.display();
    image = target.getTexture().copyToImage();
    targetDots = dots.size();
    return true;
}

} // namespace

bool writeLevelPreview(const Level& level, const PreviewOptions& options, const std::string& pngPath,
                       size_t& targetDots, std::string& error) {
    sf::Image image;
    if (!render(level, options, image, targetDots, error)) return false;
    return saveImageAtomically(image, pngPath, error);
}

} // namespace stipple::render
