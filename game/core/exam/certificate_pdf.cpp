// The PDF certificate: cairo's PDF surface in points (A4 landscape 842 x 595), DejaVu Sans
// through fontconfig as the practice sheets use, the QR code drawn as filled modules (vector,
// sharp at any zoom) with the four-module quiet zone the QR standard asks for.
#include "exam/certificate_pdf.h"

#include "exam/certificate.h"
#include "io/numbers.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <qrencode.h>

#include <cmath>
#include <memory>

namespace stipple {

namespace {

constexpr double kPageW = 841.89, kPageH = 595.28; // A4 landscape, points

cairo_status_t appendBytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

enum class Align { Left, Centre, Right };

/// Text placed at x by `align`, baseline at y, in a dark grey (0 black .. 1 white).
void text(cairo_t* cr, const std::string& s, double x, double y, double size, bool bold,
          Align align = Align::Centre, double grey = 0.1) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t e;
    cairo_text_extents(cr, s.c_str(), &e);
    cairo_set_source_rgb(cr, grey, grey, grey + 0.04);
    cairo_move_to(cr,
                  align == Align::Left     ? x
                  : align == Align::Centre ? x - e.x_advance / 2
                                           : x - e.x_advance,
                  y);
    cairo_show_text(cr, s.c_str());
}

/// The largest size (at most `size`) at which `s` fits in `width` points.
double fitted(cairo_t* cr, const std::string& s, double size, double width, bool bold) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t e;
    cairo_text_extents(cr, s.c_str(), &e);
    return e.x_advance > width ? size * width / e.x_advance : size;
}

} // namespace

std::string certificateVerificationLink(const std::string& verifyUrl, const std::string& code) {
    return verifyUrl + (verifyUrl.find('?') == std::string::npos ? "?" : "&") + "code=" + code;
}

bool certificatePdf(const Verification& v, const std::string& verifyUrl, std::string& pdf,
                    std::string& error) {
    const ExamResult& r = v.result;
    const std::string link = certificateVerificationLink(verifyUrl, v.code);
    std::unique_ptr<QRcode, void (*)(QRcode*)> qr(QRcode_encodeString8bit(link.c_str(), 0, QR_ECLEVEL_M),
                                                  QRcode_free);
    if (!qr) {
        error = "cannot make the QR code of " + link + " (libqrencode refused it: too long?)";
        return false;
    }
    pdf.clear();
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(appendBytes, &pdf, kPageW, kPageH);
    cairo_pdf_surface_set_metadata(
        surface, CAIRO_PDF_METADATA_TITLE,
        ((r.certificateTitle.empty() ? r.examTitle : r.certificateTitle) + " — " + r.candidateName).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Stipple " STIPPLE_VERSION);
    cairo_t* cr = cairo_create(surface);

    // A frame, as printed certificates have.
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.16, 0.36, 0.42);
    cairo_set_line_width(cr, 3);
    cairo_rectangle(cr, 28, 28, kPageW - 56, kPageH - 56);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, 36, 36, kPageW - 72, kPageH - 72);
    cairo_stroke(cr);

    const double cx = kPageW / 2, width = kPageW - 140;
    const std::string title = r.certificateTitle.empty() ? r.examTitle : r.certificateTitle;
    text(cr, r.issuer, cx, 92, fitted(cr, r.issuer, 16, width, true), true, Align::Centre, 0.3);
    text(cr, title, cx, 140, fitted(cr, title, 30, width, true), true);
    text(cr, "This certifies that", cx, 182, 13, false, Align::Centre, 0.35);
    text(cr, r.candidateName, cx, 224, fitted(cr, r.candidateName, 28, width, true), true);
    text(cr, "has passed the examination", cx, 258, 13, false, Align::Centre, 0.35);
    text(cr, r.examTitle, cx, 286, fitted(cr, r.examTitle, 18, width, true), true);
    text(cr, "with an overall score of " + formatNumber(std::round(r.score * 10.0) / 10.0) + "%", cx, 312, 13,
         false, Align::Centre, 0.35);

    // The facts, left; the QR code and the code, right.
    const double left = 80, top = 372;
    const std::pair<std::string, std::string> facts[] = {
        {"Date of examination", certificateDate(r.issuedOn)},
        {"Valid until", r.expiresOn.empty() ? std::string("does not expire") : certificateDate(r.expiresOn)},
        {"Candidate", r.candidateId},
        {"Certificate", r.resultId.substr(0, 12)},
    };
    for (size_t i = 0; i < std::size(facts); ++i) {
        text(cr, facts[i].first, left, top + 34 * i, 9.5, false, Align::Left, 0.45);
        text(cr, facts[i].second, left, top + 34 * i + 14, fitted(cr, facts[i].second, 12.5, 300, true), true,
             Align::Left);
    }
    const double side = 128, qx = kPageW - 80 - side, qy = 362;
    const int modules = qr->width + 8; // a quiet zone of four modules each side
    const double m = side / modules;
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int y = 0; y < qr->width; ++y)
        for (int x = 0; x < qr->width; ++x)
            if (qr->data[y * qr->width + x] & 1)
                cairo_rectangle(cr, qx + (x + 4) * m, qy + (y + 4) * m, m, m);
    cairo_fill(cr);
    text(cr, "Verification code", qx - 16, qy + 52, 9.5, false, Align::Right, 0.45);
    text(cr, v.code, qx - 16, qy + 74, 16, true, Align::Right);
    const std::string scan = "Scan or open " + link;
    text(cr, scan, cx, kPageH - 56, fitted(cr, scan, 9, width, false), false, Align::Centre, 0.4);

    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        error = std::string("cairo could not make the PDF: ") + cairo_status_to_string(status);
        return false;
    }
    return true;
}

} // namespace stipple
