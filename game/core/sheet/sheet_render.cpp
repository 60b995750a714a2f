#include "sheet/sheet_render.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <opencv2/aruco.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>

namespace stipple::sheet {

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;

void setColour(cairo_t* cr, Rgb c) {
    cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0);
}

void pathPolygon(cairo_t* cr, const Polygon& poly, Vec2 o, bool close = true) {
    for (size_t i = 0; i < poly.size(); ++i) {
        if (i == 0)
            cairo_move_to(cr, o.x + poly[i].x, o.y + poly[i].y);
        else
            cairo_line_to(cr, o.x + poly[i].x, o.y + poly[i].y);
    }
    if (close && poly.size() > 2) cairo_close_path(cr);
}

void text(cairo_t* cr, double x, double y, double sizeMm, bool bold, const std::string& s) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, sizeMm);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s.c_str());
}

double textWidth(cairo_t* cr, double sizeMm, const std::string& s) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, sizeMm);
    cairo_text_extents_t e;
    cairo_text_extents(cr, s.c_str(), &e);
    return e.x_advance;
}

void drawMarker(cairo_t* cr, const MarkerPlace& m, Vec2 o) {
    static const cv::Ptr<cv::aruco::Dictionary> dict =
        cv::aruco::getPredefinedDictionary(cv::aruco::DICT_5X5_1000);
    cv::Mat bits;
    cv::aruco::drawMarker(dict, m.id, 7, bits, 1); // 7 x 7 cells, one pixel each, border included
    const double cell = kMarkerMm / 7.0;
    const Vec2 tl = o + m.cornersMm[0];
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < 7; ++r)
        for (int c = 0; c < 7; ++c)
            if (bits.at<uint8_t>(r, c) < 128)
                cairo_rectangle(cr, tl.x + c * cell, tl.y + r * cell, cell + 0.01, cell + 0.01);
    cairo_fill(cr);
}

/// The level's drawing: zones, hairline and band, forbidden areas, scars, drill targets, in
/// `colour` (the drop-out colour on a sheet, black on a stencil).
void drawLevel(cairo_t* cr, const Level& level, Vec2 o, Rgb colour, bool labels) {
    setColour(cr, colour);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_width(cr, 0.25);
    cairo_rectangle(cr, o.x, o.y, level.canvas.widthMm, level.canvas.heightMm);
    cairo_stroke(cr);
    for (const auto& z : level.zones) {
        cairo_set_line_width(cr, 0.2);
        pathPolygon(cr, z.outline, o);
        cairo_stroke(cr);
        if (labels && !z.outline.empty()) {
            const Rect b = bounds(z.outline);
            text(cr, o.x + b.min.x + 1.0, o.y + b.min.y + 2.6, 2.0, false, z.name.empty() ? z.id : z.name);
        }
    }
    for (const auto& f : level.forbidden) {
        cairo_set_line_width(cr, 0.2);
        pathPolygon(cr, f.outline, o);
        cairo_stroke_preserve(cr);
        cairo_save(cr);
        cairo_clip(cr);
        const Rect b = bounds(f.outline);
        cairo_set_line_width(cr, 0.1);
        for (double t = b.min.x - (b.max.y - b.min.y); t < b.max.x; t += 2.0) {
            cairo_move_to(cr, o.x + t, o.y + b.max.y);
            cairo_line_to(cr, o.x + t + (b.max.y - b.min.y), o.y + b.min.y);
        }
        cairo_stroke(cr);
        cairo_restore(cr);
    }
    for (const auto& s : level.scars) {
        cairo_set_line_width(cr, 0.2);
        const double dash[] = {0.6, 0.6};
        cairo_set_dash(cr, dash, 2, 0);
        pathPolygon(cr, s.outline, o);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
        if (labels && !s.outline.empty()) {
            const Rect b = bounds(s.outline);
            text(cr, o.x + b.min.x, o.y + b.max.y + 2.4, 1.8, false, "scar");
        }
    }
    if (level.hairline) {
        const Hairline& h = *level.hairline;
        cairo_set_line_width(cr, 0.3);
        pathPolygon(cr, h.line, o, false);
        cairo_stroke(cr);
        cairo_set_line_width(cr, 0.15);
        const double dash[] = {1.0, 1.0};
        cairo_set_dash(cr, dash, 2, 0);
        pathPolygon(cr, h.line, o + Vec2{0.0, h.bandMm}, false);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    cairo_set_line_width(cr, 0.08);
    for (const auto& t : level.target.dots) {
        const double r = std::max(0.35, t.diameterMm / 2.0 + 0.25);
        cairo_new_sub_path(cr);
        cairo_arc(cr, o.x + t.pos.x, o.y + t.pos.y, r, 0, 2 * M_PI);
    }
    cairo_stroke(cr);
}

void drawRuler(cairo_t* cr, const SheetLayout& s) {
    const Vec2 o = s.rulerOrigin;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.15);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_move_to(cr, o.x, o.y);
    cairo_line_to(cr, o.x + s.rulerLengthMm, o.y);
    for (int mm = 0; mm <= static_cast<int>(s.rulerLengthMm); ++mm) {
        const double len = mm % 10 == 0 ? 4.0 : mm % 5 == 0 ? 2.8 : 1.8;
        cairo_move_to(cr, o.x + mm, o.y);
        cairo_line_to(cr, o.x + mm, o.y - len);
    }
    cairo_stroke(cr);
    for (int mm = 0; mm <= static_cast<int>(s.rulerLengthMm); mm += 10) {
        const std::string label = std::to_string(mm);
        text(cr, o.x + mm - textWidth(cr, 2.2, label) / 2.0, o.y - 4.8, 2.2, false, label);
    }
    const std::string note = "This ruler is 100 mm. If it measures otherwise, print again at 100 % (actual "
                             "size, no \"fit to page\").";
    text(cr, o.x + s.rulerLengthMm / 2.0 - textWidth(cr, 2.4, note) / 2.0, o.y + 4.0, 2.4, false, note);
}

void drawPage(cairo_t* cr, const Level& level, const SheetLayout& s) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    const Vec2 t = s.textOrigin;
    text(cr, t.x, t.y + 5.0, 5.0, true,
         (s.frame ? "Stipple frame sheet: " : "Stipple practice sheet: ") + s.title);
    text(cr, t.x, t.y + 11.5, 3.0, false,
         "level " + s.levelId + "   version " + s.fingerprint + " (SHA-256 of the level file)   canvas " +
             std::to_string(static_cast<int>(std::lround(s.canvasWidthMm))) + " x " +
             std::to_string(static_cast<int>(std::lround(s.canvasHeightMm))) + " mm   " +
             (s.paper == Paper::A4 ? "A4" : "Letter"));
    if (s.frame) {
        text(cr, t.x, t.y + 17.0, 2.7, false,
             "Cut out the window along the black line. Lay the frame over the practice skin and work inside "
             "the window;");
        text(cr, t.x, t.y + 21.0, 2.7, false,
             "transfer the outlines from page 2 first. Photograph flat, all four black squares in the "
             "picture, then score it:");
    } else {
        text(cr, t.x, t.y + 17.0, 2.7, false,
             "Stipple inside the blue canvas with a black fine-liner (the blue lines are guides the scanner "
             "ignores).");
        text(cr, t.x, t.y + 21.0, 2.7, false,
             "Photograph the sheet flat, all four black squares in the picture, in even light, then score "
             "it:");
    }
    text(cr, t.x, t.y + 25.0, 2.7, false,
         "stipple scan PHOTO.jpg --level " + s.levelId +
             ".xml --score   (or \"Score a photo\" in the trainer)");

    const Vec2 o = s.canvasOrigin;
    if (s.frame) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.3);
        const double dash[] = {2.0, 1.0};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_rectangle(cr, o.x, o.y, s.canvasWidthMm, s.canvasHeightMm);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
        setColour(cr, kDropOut);
        text(cr, o.x + 1.5, o.y + 4.0, 2.5, false, "cut out this window");
    } else {
        drawLevel(cr, level, o, kDropOut, true);
    }
    for (const auto& m : s.markers)
        drawMarker(cr, m, o);
    drawRuler(cr, s);
}

void drawStencil(cairo_t* cr, const Level& level, const SheetLayout& s) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(cr, s.textOrigin.x, s.textOrigin.y + 5.0, 5.0, true, "Stencil: " + s.title);
    text(cr, s.textOrigin.x, s.textOrigin.y + 11.5, 3.0, false,
         "level " + s.levelId + "   version " + s.fingerprint +
             "   1:1 — transfer the outlines to the skin as you would a stencil;");
    text(cr, s.textOrigin.x, s.textOrigin.y + 16.0, 3.0, false,
         "the rectangle is the window of page 1: line it up with the window when you lay the frame on.");
    drawLevel(cr, level, s.canvasOrigin, Rgb{0, 0, 0}, true);
    drawRuler(cr, s);
}

cairo_status_t appendBytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t* imageSurface(const Level& level, const SheetLayout& layout, double pxPerMm,
                              const Rect& region) {
    const int w = static_cast<int>(std::lround((region.max.x - region.min.x) * pxPerMm));
    const int h = static_cast<int>(std::lround((region.max.y - region.min.y) * pxPerMm));
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t* cr = cairo_create(surface);
    cairo_scale(cr, pxPerMm, pxPerMm);
    cairo_translate(cr, -region.min.x, -region.min.y);
    drawPage(cr, level, layout);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    return surface;
}

Rect wholePage(const SheetLayout& layout) {
    return {{0.0, 0.0}, {layout.pageWidthMm, layout.pageHeightMm}};
}

} // namespace

bool renderSheetPdf(const Level& level, const SheetLayout& layout, std::string& pdf, std::string& error) {
    pdf.clear();
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
        appendBytes, &pdf, layout.pageWidthMm * kPointsPerMm, layout.pageHeightMm * kPointsPerMm);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   ("Stipple sheet: " + layout.levelId).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "stipple sheet");
    cairo_t* cr = cairo_create(surface);
    cairo_scale(cr, kPointsPerMm, kPointsPerMm);
    drawPage(cr, level, layout);
    cairo_show_page(cr);
    if (layout.frame) {
        drawStencil(cr, level, layout);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        error = std::string("cannot draw the PDF: ") + cairo_status_to_string(status);
        return false;
    }
    return true;
}

PageImage renderSheetImage(const Level& level, const SheetLayout& layout, double pxPerMm) {
    return renderSheetImage(level, layout, pxPerMm, wholePage(layout));
}

PageImage renderSheetImage(const Level& level, const SheetLayout& layout, double pxPerMm,
                           const Rect& regionMm) {
    cairo_surface_t* surface = imageSurface(level, layout, pxPerMm, regionMm);
    PageImage out;
    out.width = cairo_image_surface_get_width(surface);
    out.height = cairo_image_surface_get_height(surface);
    out.pxPerMm = pxPerMm;
    out.rgb.resize(static_cast<size_t>(out.width) * static_cast<size_t>(out.height) * 3);
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    for (int y = 0; y < out.height; ++y) {
        const auto* row = reinterpret_cast<const uint32_t*>(data + static_cast<ptrdiff_t>(y) * stride);
        uint8_t* dst = out.rgb.data() + static_cast<size_t>(y) * static_cast<size_t>(out.width) * 3;
        for (int x = 0; x < out.width; ++x) {
            dst[3 * x] = static_cast<uint8_t>(row[x] >> 16);
            dst[3 * x + 1] = static_cast<uint8_t>(row[x] >> 8);
            dst[3 * x + 2] = static_cast<uint8_t>(row[x]);
        }
    }
    cairo_surface_destroy(surface);
    return out;
}

bool renderSheetPng(const Level& level, const SheetLayout& layout, double dpi, std::string& png,
                    std::string& error) {
    png.clear();
    cairo_surface_t* surface = imageSurface(level, layout, dpi / 25.4, wholePage(layout));
    const cairo_status_t status = cairo_surface_write_to_png_stream(surface, appendBytes, &png);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        error = std::string("cannot draw the PNG: ") + cairo_status_to_string(status);
        return false;
    }
    return true;
}

} // namespace stipple::sheet
