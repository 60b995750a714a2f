// The certificate of a passed, signed result as a picture (`stipple certificate --png`): the same
// fields as the printable HTML page (exam/certificate.h) — the academy, the certificate title,
// the holder, the exam, the score, the date of the examination, the expiry, the candidate and
// certificate ids and the verification code — on an A4 landscape sheet at 150 dpi, rendered
// offscreen with SFML. The picture cannot be verified on its own (it embeds nothing): its
// verification code is checked with `stipple verify --code`.
#pragma once

#include "exam/signing.h"

#include <SFML/Graphics/Image.hpp>

#include <string>

namespace stipple::render {

/// Pixel size of the certificate picture: A4 landscape at 150 dpi.
inline constexpr unsigned kCertificateWidth = 1754, kCertificateHeight = 1240;

/// Renders the certificate of `verified` (valid and passed: the caller checks and explains) with
/// the fonts in `fontsDir`. Needs a display (render/display.h). False with a reason on failure.
/// With `log`, it receives where every text landed (theme.h LayoutLog; the layout test).
bool renderCertificate(const Verification& verified, const std::string& fontsDir, sf::Image& image,
                       std::string& error, struct LayoutLog* log = nullptr);

} // namespace stipple::render
