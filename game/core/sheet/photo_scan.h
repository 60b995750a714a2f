// Reads a photo (or a flatbed scan) of a practice sheet (sheet/sheet_layout.h) and finds the dots
// on its canvas, in the canvas's millimetres.
//
// Steps: decode (JPEG, PNG, anything OpenCV's imgcodecs reads); find the four ArUco markers (on a
// reduced copy first, then larger if a corner is missing) and refine their corners to sub-pixel on
// the full photo; a homography from canvas millimetres to photo pixels from their 16 corners;
// check the photo can be measured (enough pixels per millimetre, sharp marker edges, no clipped
// glare over the canvas); rectify the canvas to a square-pixel picture; divide each colour by its
// own background (uneven light, shadow, vignetting, a skin colour) and take the brightest channel,
// where the drop-out blue is near-white; then dots: each component of dark pixels, split at the
// maxima of its distance transform (watershed) when it is two touching dots, its centre the
// darkness-weighted centroid and its diameter from its area (integrated darkness over the ink's
// darkness). Components that stay too irregular to be one dot are reported as merged.
// A photo cannot see depth: nothing here pretends to.
#pragma once

#include "geometry/vec2.h"
#include "sheet/sheet_layout.h"
#include "sheet/sheet_render.h"

#include <array>
#include <string>
#include <vector>

namespace stipple::sheet {

enum class ScanProblem {
    None,
    NotAnImage, ///< the bytes are not a picture
    NoSheet,    ///< fewer than four of the sheet's corner markers found
    OtherLevel, ///< four markers, printed for another level or another version of its file
    TooSmall,   ///< fewer pixels per millimetre than dots need
    TooBlurred, ///< the marker edges are too soft to measure 0.3 mm dots
    Glare,      ///< part of the canvas is clipped white (glare, over-exposure)
};

struct ScanOptions {
    double minPxPerMm = 5.0;         ///< below this a 0.3 mm dot is 1.5 px: refused as too small
    double maxEdgeWidthMm = 0.45;    ///< marker edge 10–90 % rise wider than this: too blurred
    double maxGlareFraction = 0.01;  ///< clipped share of the canvas allowed
    double maxRectifiedPxPerMm = 16; ///< the rectified canvas is never finer than this
};

struct ScannedDot {
    Vec2 posMm;              ///< centre, canvas mm
    double diameterMm = 0.0; ///< from the area: 2·√(area/π)
    double darkness = 0.0;   ///< the ink's darkness, 0..1
    bool merged = false;     ///< a blob of several dots that could not be separated (one entry)
    int dotsInBlob = 1;      ///< for a merged blob: how many dots of the usual size its area holds
};

struct ScanResult {
    ScanProblem problem = ScanProblem::None;
    std::string message;                               ///< what went wrong and what to do ("" when fine)
    std::array<int, kCorners> seenIds{-1, -1, -1, -1}; ///< per corner, the marker id found or -1
    std::vector<ScannedDot> dots; ///< dots on the canvas (merged blobs included, flagged)
    int mergedBlobs = 0;
    int outsideCanvas = 0;       ///< dark marks beyond the canvas edge, ignored
    double pxPerMm = 0.0;        ///< the photo's resolution on the canvas (its lowest)
    double edgeWidthMm = 0.0;    ///< marker edge 10–90 % rise (sharpness)
    double glareFraction = 0.0;  ///< clipped share of the canvas
    double inkDarkness = 0.0;    ///< median darkness of the ink
    double guideDarkness = 0.0;  ///< the darkness a mark needs on the printed guides
    double reprojectionPx = 0.0; ///< RMS misfit of the 16 marker corners (a curled sheet)
    int photoWidth = 0, photoHeight = 0;
    /// The rectified canvas, `marginMm` around it included: pixel (x, y) is canvas mm
    /// (x / rectified.pxPerMm − marginMm, y / rectified.pxPerMm − marginMm).
    PageImage rectified;
    double marginMm = 0.0;
};

/// Scans the encoded picture `bytes` for the sheet whose markers are `expectedIds`, canvas
/// `canvasWidthMm` × `canvasHeightMm`. Never throws; a problem is in `problem` and `message`.
ScanResult scanPhoto(const std::string& bytes, const std::array<int, kCorners>& expectedIds,
                     double canvasWidthMm, double canvasHeightMm, const ScanOptions& options = {});

/// The rectified canvas with the detection drawn over it, `scale` times larger: each dot's outline
/// at its measured diameter (green; merged blobs red), the canvas edge; as PNG bytes.
std::string overlayPng(const ScanResult& scan, double canvasWidthMm, double canvasHeightMm,
                       double scale = 1.0);

/// The fingerprint bytes carried by four marker ids (their id % 250), for telling which level a
/// sheet belongs to: equal for the sheets of the same level file.
std::array<int, kCorners> markerPayload(const std::array<int, kCorners>& ids);

} // namespace stipple::sheet
