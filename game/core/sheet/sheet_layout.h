// The practice sheet's geometry: where a level's canvas, its four fiducial markers, the ruler and
// the text lie on a printed page, in millimetres (x right, y down, the level's own axes). Both the
// renderer (sheet/sheet_render.h) and the photo scanner (sheet/photo_scan.h) use it, so what is
// printed and what is looked for cannot drift apart. No I/O, no image library.
//
// Markers: ArUco DICT_5X5_1000, one at each corner of the canvas, square, `markerMm` wide, `gapMm`
// from the canvas. Marker ids carry the corner (id / 250: 0 top-left, 1 top-right, 2 bottom-right,
// 3 bottom-left) and one byte of the level file's SHA-256 (id % 250 = byte c mod 250), so a photo
// says which corner is which and which version of which level the sheet was printed for.
#pragma once

#include "geometry/polygon.h"
#include "geometry/vec2.h"
#include "level/level.h"

#include <array>
#include <optional>
#include <string>

namespace stipple::sheet {

enum class Paper { A4, Letter };
/// "a4" or "letter" (case-insensitive); nullopt for anything else.
std::optional<Paper> parsePaper(const std::string& name);
const char* paperName(Paper paper);

inline constexpr int kCorners = 4;
inline constexpr int kIdsPerCorner = 250;
inline constexpr double kMarkerMm = 12.0;   ///< printed marker side, black border included
inline constexpr double kMarkerGapMm = 5.0; ///< from the canvas edge to the marker
/// The corner names used in messages, by corner index.
const char* cornerName(int corner);

/// The marker ids printed for a level file whose SHA-256 (lower-case hex) is `sha256Hex`.
std::array<int, kCorners> markerIds(const std::string& sha256Hex);
/// The first 8 hex digits of the SHA-256: the version printed for people to read.
std::string shortFingerprint(const std::string& sha256Hex);

/// One marker: its id and its four corners in canvas millimetres (the canvas's top-left is 0,0),
/// in ArUco's order: the marker's top-left, top-right, bottom-right, bottom-left.
struct MarkerPlace {
    int corner = 0;
    int id = 0;
    std::array<Vec2, 4> cornersMm;
};

/// The marker places for a canvas of this size (independent of paper: the scanner needs only these).
std::array<MarkerPlace, kCorners> markerPlaces(double canvasWidthMm, double canvasHeightMm,
                                               const std::array<int, kCorners>& ids);

struct SheetLayout {
    Paper paper = Paper::A4;
    double pageWidthMm = 210.0;
    double pageHeightMm = 297.0;
    bool frame = false; ///< a frame sheet: the canvas is a window to cut out
    Vec2 canvasOrigin;  ///< the canvas's top-left on the page
    double canvasWidthMm = 0.0;
    double canvasHeightMm = 0.0;
    std::array<MarkerPlace, kCorners> markers; ///< corners in canvas mm (add canvasOrigin for the page)
    Vec2 rulerOrigin;                          ///< left end of the ruler's base line, page mm
    double rulerLengthMm = 100.0;
    Vec2 textOrigin; ///< top-left of the heading, page mm
    std::string levelId;
    std::string title;
    std::string sha256;      ///< full hex of the level file
    std::string fingerprint; ///< shortFingerprint(sha256)
};

/// Lays out `level` (whose file hashes to `sha256Hex`) on the paper. Nullopt with a reason when the
/// canvas and its markers do not fit on the page.
std::optional<SheetLayout> layoutSheet(const Level& level, const std::string& sha256Hex, Paper paper,
                                       bool frame, std::string& error);

} // namespace stipple::sheet
