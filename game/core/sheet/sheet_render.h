// Draws a practice sheet (sheet/sheet_layout.h) with cairo: a PDF at exactly 1:1 in millimetres
// for printing, or a picture (PNG, or pixels for the tests' simulated photographs).
//
// Everything inside the canvas — its edge, the zones, the hairline and its band, forbidden areas,
// scars, drill targets — is drawn in the drop-out colour, a light blue that the scanner removes
// (sheet/photo_scan.h looks at the brightest colour channel, where it is near-white). The markers,
// the ruler and the text are black and lie outside the canvas. A frame sheet has a window to cut
// out where the canvas is, and a second page with the zone outlines in black as a stencil.
#pragma once

#include "level/level.h"
#include "sheet/sheet_layout.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stipple::sheet {

/// The drop-out colour: printed lines the scanner cannot see.
inline constexpr Rgb kDropOut{110, 195, 250};

/// A rendered page: 8-bit RGB rows, top to bottom.
struct PageImage {
    int width = 0;
    int height = 0;
    double pxPerMm = 0.0;
    std::vector<uint8_t> rgb; ///< width * height * 3
};

/// The sheet as PDF bytes (1 page; a frame sheet has a second page, the stencil).
bool renderSheetPdf(const Level& level, const SheetLayout& layout, std::string& pdf, std::string& error);
/// The first page as pixels at `pxPerMm`: the whole page, or only `regionMm` of it (page mm;
/// pixel (0, 0) then covers regionMm.min). Pixel (i, j) covers page mm [i, i+1) / pxPerMm.
PageImage renderSheetImage(const Level& level, const SheetLayout& layout, double pxPerMm);
PageImage renderSheetImage(const Level& level, const SheetLayout& layout, double pxPerMm,
                           const Rect& regionMm);
/// The first page as PNG bytes at `dpi` dots per inch.
bool renderSheetPng(const Level& level, const SheetLayout& layout, double dpi, std::string& png,
                    std::string& error);

} // namespace stipple::sheet
