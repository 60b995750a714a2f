// The printable certificate of a passed, signed result: one self-contained HTML page (A4
// landscape, no fonts, scripts or images fetched from anywhere) with the holder, the exam, the
// academy, the dates, the verification code, and the signed result itself embedded in a hidden
// element — so the certificate file alone can be checked with `stipple verify CERT.html` and the
// academy's public key. A PNG form is rendered by the trainer app from the same fields.
#pragma once

#include "io/xml.h" // escapeHtml, which certificate pages use

#include "exam/signing.h"

#include <optional>
#include <string>
#include <string_view>

namespace stipple {

/// The page for a verified result. `verified.valid` and `verified.result.passed` must hold (the
/// CLI checks and explains); `signedText` is the signed result file as verified.
std::string certificateHtml(const Verification& verified, const std::string& signedText);

/// The signed result embedded in a certificate page; nullopt when the page has none.
std::optional<std::string> signedResultFromCertificate(std::string_view html);

/// Checks a certificate page: its embedded result must verify with `key`, be a pass, and the
/// visible page must be exactly what this Stipple makes from that result (an edited name or date
/// on the page is caught even though the embedded result is intact). A page without this build's
/// format line cannot be compared with its result and is invalid (a forged page would otherwise
/// pass on its genuine embedded result).
Verification verifyCertificate(std::string_view html, const PublicKey& key);

/// "2 March 2026" for "2026-03-02" ("" for anything else).
std::string certificateDate(const std::string& isoDate);

} // namespace stipple
