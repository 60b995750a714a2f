// Certificate picture. Laid out in the theme's design pixels on the sheet, so the proportions
// follow the HTML page; colours are the page's print palette (ink on paper), not the trainer's
// dark screen palette.
#include "render/certificate_image.h"

#include "exam/certificate.h"
#include "io/numbers.h"
#include "render/display.h"
#include "render/theme.h"

#include <SFML/Graphics.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace stipple::render {

namespace {

const sf::Color kPaper{255, 253, 248};
const sf::Color kBorderInk{59, 74, 90};
const sf::Color kInk{34, 34, 34};
const sf::Color kInkSoft{102, 102, 102};
const sf::Color kRule{153, 153, 153};

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

/// Draws `s` centred on `cx` from `y` at the largest size from `size` down to `minSize` at which
/// it fits `width`, else wrapped at `minSize`; returns the height used (the widest line's width in
/// `widest`).
float centredLines(const Theme& t, sf::RenderTarget& target, const std::string& s, float cx, float y,
                   float width, float size, float minSize, sf::Color colour, bool bold,
                   float* widest = nullptr) {
    while (size > minSize && t.textWidth(s, size, bold) > width)
        size -= 1;
    const std::vector<std::string> lines =
        t.textWidth(s, size, bold) > width ? t.wrap(s, width, size, bold) : std::vector<std::string>{s};
    float w = 0;
    for (size_t i = 0; i < lines.size(); ++i)
        w = std::max(w, t.text(target, lines[i], cx, y + float(i) * t.px(size * 1.3f), size, colour,
                               Align::Centre, bold));
    if (widest) *widest = w;
    return float(lines.size()) * t.px(size * 1.3f) + t.px(size * 0.2f);
}

} // namespace

bool renderCertificate(const Verification& v, const std::string& fontsDir, sf::Image& image,
                       std::string& error, LayoutLog* log) {
    if (!haveDisplay(error)) return false;
    Theme t;
    if (!t.load(fontsDir, error)) return false;
    const sf::Vector2u size(kCertificateWidth, kCertificateHeight);
    t.setWindowSize(size);
    if (log) log->clear(), t.setLayoutLog(log);
    sf::RenderTexture target;
    if (!target.create(size.x, size.y)) {
        error = "cannot create an offscreen render target";
        return false;
    }
    const ExamResult& r = v.result;
    const float W = static_cast<float>(size.x), H = static_cast<float>(size.y), cx = W / 2;
    target.clear(kPaper);
    // A double rule around the sheet, as the page's "3mm double" border.
    const float m = t.px(36), gap = t.px(8), line = t.px(4);
    for (const float inset : {m, m + line + gap}) {
        const sf::FloatRect box(inset, inset, W - 2 * inset, H - 2 * inset);
        t.rect(target, {box.left, box.top, box.width, line}, kBorderInk);
        t.rect(target, {box.left, box.top + box.height - line, box.width, line}, kBorderInk);
        t.rect(target, {box.left, box.top, line, box.height}, kBorderInk);
        t.rect(target, {box.left + box.width - line, box.top, line, box.height}, kBorderInk);
    }

    const std::string title = r.certificateTitle.empty() ? r.examTitle : r.certificateTitle;
    const std::string score = formatNumber(std::round(r.score * 10.0) / 10.0);
    const float lineW = W - 2 * t.px(120); // inside the border, with a margin
    float y = t.px(130);
    t.text(target, upper(r.issuer), cx, y, 18, kBorderInk, Align::Centre, true);
    y += t.px(64);
    y += centredLines(t, target, title, cx, y, lineW, 34, 24, kInk, false) + t.px(49);
    t.text(target, "This certifies that", cx, y, 16, kInkSoft, Align::Centre);
    y += t.px(36);
    // A long name is set smaller, then on two lines, never past the border.
    float nameW = 0;
    const float nameH = centredLines(t, target, r.candidateName, cx, y, lineW, 38, 28, kInk, true, &nameW);
    y += nameH + t.px(1);
    t.rect(target, {cx - nameW / 2 - t.px(40), y, nameW + t.px(80), t.px(1.5f)}, kRule);
    y += t.px(24);
    t.text(target, "has passed the examination", cx, y, 16, kInkSoft, Align::Centre);
    y += t.px(34);
    y += centredLines(t, target, r.examTitle, cx, y, lineW, 22, 18, kInk, false) + t.px(9);
    t.text(target, "with an overall score of " + score + "%", cx, y, 16, kInkSoft, Align::Centre);

    // The facts, four columns as on the page.
    y += t.px(110);
    const std::pair<std::string, std::string> facts[] = {
        {"DATE OF EXAMINATION", certificateDate(r.issuedOn)},
        {"VALID UNTIL", r.expiresOn.empty() ? std::string("does not expire") : certificateDate(r.expiresOn)},
        {"CANDIDATE", r.candidateId},
        {"CERTIFICATE", r.resultId.substr(0, 12)}};
    const float colW = (W - 2 * t.px(120)) / 4;
    for (int i = 0; i < 4; ++i) {
        const float x = t.px(120) + colW * (static_cast<float>(i) + 0.5f);
        t.text(target, facts[i].first, x, y, 11, kInkSoft, Align::Centre, true);
        t.text(target, facts[i].second, x, y + t.px(22), 17, kInk, Align::Centre);
    }

    y += t.px(120);
    t.text(target, "VERIFICATION CODE", cx, y, 11, kInkSoft, Align::Centre, true);
    y += t.px(22);
    t.text(target, v.code, cx, y, 30, kBorderInk, Align::Centre, true);
    y += t.px(64);
    t.text(target, "Ask " + r.issuer + " to confirm this code: stipple verify --code " + v.code, cx, y, 12,
           kInkSoft, Align::Centre);
    y += t.px(20);
    t.text(target, "The result it certifies is signed with Ed25519 (academy key id " + v.keyId + ").", cx, y,
           12, kInkSoft, Align::Centre);
    t.flush(target);
    t.setLayoutLog(nullptr);
    target.display();
    image = target.getTexture().copyToImage();
    return true;
}

} // namespace stipple::render
