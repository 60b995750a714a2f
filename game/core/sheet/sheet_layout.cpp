#include "sheet/sheet_layout.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace stipple::sheet {

namespace {
constexpr double kMarginMm = 12.0;
constexpr double kHeadingMm = 30.0; ///< title, identity line, instructions
constexpr double kRulerBlockMm = 22.0;

int hexByte(const std::string& hex, size_t i) {
    auto nibble = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return 0;
    };
    if (2 * i + 1 >= hex.size()) return 0;
    return nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]);
}
} // namespace

std::optional<Paper> parsePaper(const std::string& name) {
    std::string lower;
    for (char c : name)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "a4") return Paper::A4;
    if (lower == "letter") return Paper::Letter;
    return std::nullopt;
}

const char* paperName(Paper paper) {
    return paper == Paper::A4 ? "a4" : "letter";
}

const char* cornerName(int corner) {
    static const char* const names[] = {"top-left", "top-right", "bottom-right", "bottom-left"};
    return corner >= 0 && corner < kCorners ? names[corner] : "?";
}

std::array<int, kCorners> markerIds(const std::string& sha256Hex) {
    std::array<int, kCorners> ids{};
    for (int c = 0; c < kCorners; ++c)
        ids[c] = c * kIdsPerCorner + hexByte(sha256Hex, static_cast<size_t>(c)) % kIdsPerCorner;
    return ids;
}

std::string shortFingerprint(const std::string& sha256Hex) {
    return sha256Hex.substr(0, 8);
}

std::array<MarkerPlace, kCorners> markerPlaces(double w, double h, const std::array<int, kCorners>& ids) {
    const double m = kMarkerMm, g = kMarkerGapMm;
    const std::array<Vec2, kCorners> topLeft = {Vec2{-g - m, -g - m}, Vec2{w + g, -g - m}, Vec2{w + g, h + g},
                                                Vec2{-g - m, h + g}};
    std::array<MarkerPlace, kCorners> out;
    for (int c = 0; c < kCorners; ++c) {
        const Vec2 o = topLeft[c];
        out[c] = {c, ids[c], {o, o + Vec2{m, 0}, o + Vec2{m, m}, o + Vec2{0, m}}};
    }
    return out;
}

std::optional<SheetLayout> layoutSheet(const Level& level, const std::string& sha256Hex, Paper paper,
                                       bool frame, std::string& error) {
    SheetLayout s;
    s.paper = paper;
    s.frame = frame;
    if (paper == Paper::Letter) {
        s.pageWidthMm = 215.9;
        s.pageHeightMm = 279.4;
    }
    s.canvasWidthMm = level.canvas.widthMm;
    s.canvasHeightMm = level.canvas.heightMm;
    const double around = kMarkerGapMm + kMarkerMm;
    const double needW = s.canvasWidthMm + 2 * around + 2 * kMarginMm;
    const double needH = kMarginMm + kHeadingMm + s.canvasHeightMm + 2 * around + kRulerBlockMm + kMarginMm;
    if (needW > s.pageWidthMm || needH > s.pageHeightMm) {
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      "the canvas (%.0f x %.0f mm) with its markers needs %.0f x %.0f mm, more than %s paper "
                      "(%.0f x %.0f mm)",
                      s.canvasWidthMm, s.canvasHeightMm, needW, needH, paperName(paper), s.pageWidthMm,
                      s.pageHeightMm);
        error = buf;
        return std::nullopt;
    }
    s.textOrigin = {kMarginMm, kMarginMm};
    // Whole millimetres, so the canvas and the page grid agree on any printer driver.
    s.canvasOrigin = {std::round((s.pageWidthMm - s.canvasWidthMm) / 2.0), kMarginMm + kHeadingMm + around};
    s.markers = markerPlaces(s.canvasWidthMm, s.canvasHeightMm, markerIds(sha256Hex));
    s.rulerLengthMm = 100.0;
    s.rulerOrigin = {std::round((s.pageWidthMm - s.rulerLengthMm) / 2.0),
                     s.canvasOrigin.y + s.canvasHeightMm + around + 14.0};
    s.levelId = level.id;
    s.title = level.title;
    s.sha256 = sha256Hex;
    s.fingerprint = shortFingerprint(sha256Hex);
    return s;
}

} // namespace stipple::sheet
