// Certificate pages. Every value from the result is HTML-escaped (a candidate's name is data, not
// markup); the embedded signed result is escaped the same way inside a <pre hidden>, and read back
// by undoing exactly those five escapes, so the bytes that were signed come back unchanged.
#include "exam/certificate.h"

#include "aftercare/civil_date.h"
#include "io/numbers.h"

#include <cmath>

namespace stipple {

namespace {

constexpr std::string_view kEmbedOpen = "<pre id=\"stipple-signed-result\" hidden>";
constexpr std::string_view kEmbedClose = "</pre>";

std::string unescapeHtml(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '&') {
            static const std::pair<std::string_view, char> kEntities[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
            bool matched = false;
            for (const auto& [entity, c] : kEntities) {
                if (s.substr(i, entity.size()) != entity) continue;
                out += c;
                i += entity.size();
                matched = true;
                break;
            }
            if (matched) continue;
        }
        out += s[i++];
    }
    return out;
}

const char* kStyle = R"css(
  @page { size: A4 landscape; margin: 0; }
  html, body { margin: 0; padding: 0; background: #f4f1ea; }
  body { font-family: Georgia, "Times New Roman", serif; color: #222; }
  .sheet { box-sizing: border-box; width: 297mm; height: 210mm; margin: 0 auto; padding: 16mm 22mm;
           background: #fffdf8; border: 3mm double #3b4a5a; display: flex; flex-direction: column;
           justify-content: space-between; text-align: center; }
  .issuer { font-size: 14pt; letter-spacing: 0.3em; text-transform: uppercase; color: #3b4a5a; }
  h1 { font-size: 30pt; font-weight: normal; margin: 6mm 0 2mm; }
  .lead { font-size: 13pt; font-style: italic; margin: 4mm 0 1mm; }
  .holder { font-size: 28pt; margin: 2mm 0; border-bottom: 0.4mm solid #999; display: inline-block;
            padding: 0 12mm 1mm; }
  .exam { font-size: 16pt; margin: 2mm 0; }
  .facts { display: flex; justify-content: space-around; font-size: 11pt; margin-top: 6mm; }
  .facts div span { display: block; font-size: 9pt; color: #666; text-transform: uppercase;
                    letter-spacing: 0.15em; }
  .code { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 18pt; letter-spacing: 0.1em; }
  .verify { font-size: 9pt; color: #555; }
  @media print { html, body { background: none; } .sheet { margin: 0; } }
)css";

} // namespace

std::string certificateDate(const std::string& isoDate) {
    const auto d = parseIsoDate(isoDate);
    if (!d) return {};
    const CivilFields f = civilFromDays(d->daysSinceEpoch);
    return std::to_string(f.day) + " " + monthName(f.month) + " " + std::to_string(f.year);
}

std::string certificateHtml(const Verification& v, const std::string& signedText) {
    const ExamResult& r = v.result;
    const std::string title = r.certificateTitle.empty() ? r.examTitle : r.certificateTitle;
    const std::string score = formatNumber(std::round(r.score * 10.0) / 10.0);
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<title>" + escapeHtml(title + " — " + r.candidateName) + "</title>\n";
    h += "<meta name=\"stipple-certificate-format\" content=\"1\">\n";
    h += "<meta name=\"stipple-verification-code\" content=\"" + escapeHtml(v.code) + "\">\n";
    h += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<div class=\"sheet\">\n";
    h += "  <div>\n    <div class=\"issuer\">" + escapeHtml(r.issuer) + "</div>\n";
    h += "    <h1>" + escapeHtml(title) + "</h1>\n";
    h += "    <p class=\"lead\">This certifies that</p>\n";
    h += "    <div class=\"holder\">" + escapeHtml(r.candidateName) + "</div>\n";
    h += "    <p class=\"lead\">has passed the examination</p>\n";
    h += "    <div class=\"exam\">" + escapeHtml(r.examTitle) + "</div>\n";
    h += "    <p class=\"lead\">with an overall score of " + escapeHtml(score) + "%</p>\n  </div>\n";
    h += "  <div class=\"facts\">\n";
    h += "    <div><span>Date of examination</span>" + escapeHtml(certificateDate(r.issuedOn)) + "</div>\n";
    h += "    <div><span>Valid until</span>" +
         escapeHtml(r.expiresOn.empty() ? std::string("does not expire") : certificateDate(r.expiresOn)) +
         "</div>\n";
    h += "    <div><span>Candidate</span>" + escapeHtml(r.candidateId) + "</div>\n";
    h += "    <div><span>Certificate</span>" + escapeHtml(r.resultId.substr(0, 12)) + "</div>\n  </div>\n";
    h += "  <div>\n    <div><span class=\"verify\">Verification code</span></div>\n";
    h += "    <div class=\"code\">" + escapeHtml(v.code) + "</div>\n";
    h += "    <p class=\"verify\">Ask " + escapeHtml(r.issuer) +
         " to confirm this code, or check this file with the "
         "academy's public key (key id " +
         escapeHtml(v.keyId) +
         "): <code>stipple verify CERTIFICATE.html --key "
         "academy.public</code>. The result it certifies is signed with Ed25519 and embedded in this "
         "page.</p>\n";
    h += "  </div>\n</div>\n";
    h += std::string(kEmbedOpen) + escapeHtml(signedText) + std::string(kEmbedClose) + "\n";
    h += "</body>\n</html>\n";
    return h;
}

std::optional<std::string> signedResultFromCertificate(std::string_view html) {
    const size_t open = html.find(kEmbedOpen);
    if (open == std::string_view::npos) return std::nullopt;
    const size_t start = open + kEmbedOpen.size();
    const size_t close = html.find(kEmbedClose, start);
    if (close == std::string_view::npos) return std::nullopt;
    return unescapeHtml(html.substr(start, close - start));
}

Verification verifyCertificate(std::string_view html, const PublicKey& key) {
    const auto embedded = signedResultFromCertificate(html);
    if (!embedded) {
        Verification v;
        v.reason = "this page holds no signed Stipple result: it is not a Stipple certificate";
        return v;
    }
    Verification v = verifySignedResult(*embedded, key);
    if (!v.valid) return v;
    if (!v.result.passed) {
        v.valid = false;
        v.reason = "the embedded result is a fail: a fail never has a certificate";
        return v;
    }
    // A page that cannot be compared with its signed result proves nothing: the visible name and
    // score could say anything. Only the format this build makes is accepted.
    if (html.find("<meta name=\"stipple-certificate-format\" content=\"1\">") == std::string_view::npos) {
        v.valid = false;
        v.reason =
            "the page does not say which certificate format made it (its stipple-certificate-format line is "
            "missing or unknown), so its visible text cannot be checked against the signed result it embeds: "
            "verify the signed result file itself, or make the certificate again with stipple certificate";
        return v;
    }
    if (certificateHtml(v, *embedded) != html) {
        v.valid = false;
        v.reason =
            "the certificate page was edited: its visible text no longer matches the signed result it embeds";
    }
    return v;
}

} // namespace stipple
