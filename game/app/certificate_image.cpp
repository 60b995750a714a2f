// Certificate picture. Laid out in the theme's design pixels on the sheet, so the proportions
// follow the HTML page; colours are the page's print palette (ink on paper), not the trainer's
// dark screen palette.
#include "app/certificate_image.h"

#include "app/app.h"
#include "app/theme.h"
#include "exam/certificate.h"
#include "io/numbers.h"

#include <SFML/Graphics.hpp>

#include <cmath>

namespace stipple::app {

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

} // namespace

bool renderCertificate(const Verification& v, const std::string& fontsDir, sf::Image& image, std::string& error) {
    if (!haveDisplay(error)) return false;
    Theme t;
    if (!t.load(fontsDir, error)) return false;
    const sf::Vector2u size(kCertificateWidth, kCertificateHeight);
    t.setWindowSize(size);
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
    float y = t.px(130);
    t.text(target, upper(r.issuer), cx, y, 18, kBorderInk, Align::Centre, true);
    y += t.px(64);
    t.text(target, title, cx, y, 34, kInk, Align::Centre);
    y += t.px(100);
    t.text(target, "This certifies that", cx, y, 16, kInkSoft, Align::Centre);
    y += t.px(36);
    const float nameW = t.text(target, r.candidateName, cx, y, 38, kInk, Align::Centre, true);
    y += t.px(58);
    t.rect(target, {cx - nameW / 2 - t.px(40), y, nameW + t.px(80), t.px(1.5f)}, kRule);
    y += t.px(24);
    t.text(target, "has passed the examination", cx, y, 16, kInkSoft, Align::Centre);
    y += t.px(34);
    t.text(target, r.examTitle, cx, y, 22, kInk, Align::Centre);
    y += t.px(42);
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
    t.text(target, "Ask " + r.issuer + " to confirm this code: stipple verify --code " + v.code, cx, y, 12, kInkSoft,
           Align::Centre);
    y += t.px(20);
    t.text(target, "The result it certifies is signed with Ed25519 (academy key id " + v.keyId + ").", cx, y, 12, kInkSoft,
           Align::Centre);
    t.flush(target);
    target.display();
    image = target.getTexture().copyToImage();
    return true;
}

} // namespace stipple::app
