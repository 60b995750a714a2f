// The certificate of a passed, signed result as a PDF (A4 landscape, vector, drawn with cairo:
// headless, no display): the same fields as the HTML page (exam/certificate.h) and a QR code
// (libqrencode) carrying the academy's verification URL with the verification code, so a phone
// camera opens the academy's check. Like the PNG it embeds no signature: its code is checked with
// `stipple verify --code` or at the URL.
#pragma once

#include "exam/signing.h"

#include <string>

namespace stipple {

/// What the QR code holds: `verifyUrl` with the code as its `code` query parameter
/// ("https://academy.example/verify?code=ABCD-2345"; '&' when the URL has a query already).
std::string certificateVerificationLink(const std::string& verifyUrl, const std::string& code);

/// The PDF bytes of the certificate of `verified` (valid and passed: the caller checks).
/// False with a reason when cairo or libqrencode fails.
bool certificatePdf(const Verification& verified, const std::string& verifyUrl, std::string& pdf,
                    std::string& error);

} // namespace stipple
