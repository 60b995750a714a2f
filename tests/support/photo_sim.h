// Test support: photographs of inked practice sheets, made in software so that the scanner's tests
// know the truth. A sheet is rendered (sheet/sheet_render.h), dots are inked on it the way a pen
// leaves them (soft edges, each dot its own darkness, uneven inside, touching ones overlap their
// ink), and then photographed: a pinhole camera at a random rotation, tilt and distance, uneven
// light, a shadow, vignetting, optional glare, lens blur, sensor noise, JPEG, and clutter on the
// table around the sheet. Everything is drawn from one seeded generator.
// To look at what the scanner saw: STIPPLE_SCAN_DUMP=DIR writes the inked page (page.png) there,
// test_scan writes each photo, its overlay with the true centres (magenta crosses) and the truth
// CSV, and compareDetection prints every missed and false dot.
#pragma once

#include "geometry/vec2.h"
#include "level/level.h"
#include "sheet/sheet_layout.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stipple::test {

struct InkDot {
    Vec2 posMm;              ///< canvas mm
    double diameterMm = 0.4; ///< the ink's edge at half darkness
};

struct PhotoSpec {
    uint64_t seed = 1;
    int width = 1600, height = 1200;
    double pxPerMm = 10.0;     ///< on the canvas centre
    double maxTiltDeg = 35.0;  ///< out of plane (the tilt drawn is uniform in [0, max])
    double rotationDeg = -1.0; ///< in plane; < 0 = random
    double blurPx = 0.7;       ///< lens blur (Gaussian sigma, photo pixels)
    double noise = 0.012;      ///< sensor noise (linear light, at full white)
    int jpegQuality = 88;      ///< 0 = PNG
    bool unevenLight = true;   ///< gradient, shadow, vignetting, a warm light
    bool clutter = true;
    double exposure = 1.1;  ///< light on the paper (1.3 clips white paper, as a flatbed scanner does)
    double glare = 0.0;     ///< strength of a specular spot on the canvas (1 clips it white)
    Vec2 shiftMm{0.0, 0.0}; ///< moves the sheet in the picture (to cut a corner off)
};

/// Random dots on the canvas (inside zones when the level has any), diameters uniform in
/// [minD, maxD]; `touching` of them get a partner just touching them. Deterministic per seed.
std::vector<InkDot> randomInkDots(const Level& level, int count, uint64_t seed, double minD = 0.2,
                                  double maxD = 1.2, double touching = 0.05);

/// The photograph as encoded bytes (JPEG, or PNG for jpegQuality 0).
std::string photographSheet(const Level& level, const sheet::SheetLayout& layout,
                            const std::vector<InkDot>& dots, const PhotoSpec& spec);

/// How a detection compares with the truth.
struct DetectionFigures {
    int truth = 0; ///< true dots of at least `minDiameter`
    int found = 0; ///< of those, matched by a detected dot
    int detected = 0;
    int falseDots = 0; ///< detected dots matching no true dot
    double centreRmsMm = 0;
    double diameterRmsMm = 0;
    double diameterMaxMm = 0;
};
struct DetectedDot {
    Vec2 posMm;
    double diameterMm = 0;
};
DetectionFigures compareDetection(const std::vector<InkDot>& truth, const std::vector<DetectedDot>& detected,
                                  double minDiameterMm = 0.3);

} // namespace stipple::test
