// Theme implementation: font loading, scaled text layout and rounded panels.
#include "app/theme.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace stipple::app {

sf::Color pigmentColour(const std::string& shade, double dilution) {
    // Carbon-black pigment seen through the epidermis: never pure black, slightly cool.
    sf::Color c{44, 44, 48};
    if (shade == "light-grey") c = {128, 128, 132};
    else if (shade == "mid-grey") c = {96, 96, 101};
    else if (shade == "dark-grey") c = {68, 68, 73};
    else if (shade == "black") c = {26, 26, 30};
    // Dilution mixes the pigment with carrier: it pulls the colour toward the skin, which the
    // renderer does through alpha; here it only lightens the ink a little so layers stay visible.
    const double d = std::clamp(dilution, 0.0, 1.0);
    auto mix = [d](sf::Uint8 v) { return static_cast<sf::Uint8>(std::lround(v + (170 - v) * (1.0 - d) * 0.5)); };
    return {mix(c.r), mix(c.g), mix(c.b)};
}

sf::Color divergingColour(double t, sf::Uint8 alpha) {
    // Blue (under) – near-white – orange (over): distinguishable with deuteranopia and protanopia
    // (ColorBrewer PuOr-like end points).
    t = std::isfinite(t) ? std::clamp(t, -1.0, 1.0) : 0.0;
    const double mid[3] = {238, 238, 232};
    const double under[3] = {49, 104, 180};
    const double over[3] = {224, 122, 24};
    const double* end = t < 0 ? under : over;
    const double a = std::fabs(t);
    auto ch = [&](int i) { return static_cast<sf::Uint8>(std::lround(mid[i] + (end[i] - mid[i]) * a)); };
    return {ch(0), ch(1), ch(2), alpha};
}

bool Theme::load(const std::string& fontsDir, std::string& error) {
    for (auto [font, name] : {std::pair{&m_regular, "DejaVuSans.ttf"}, std::pair{&m_bold, "DejaVuSans-Bold.ttf"}}) {
        const std::string path = fontsDir + "/" + name;
        if (!font->loadFromFile(path)) {
            error = "cannot load font " + path;
            return false;
        }
    }
    return true;
}

void Theme::setWindowSize(sf::Vector2u size) {
    // Scale with the smaller of the two ratios so nothing overflows; keep text legible on small
    // windows and avoid giant type on 4K.
    const float s = std::min(size.x / 1280.f, size.y / 960.f);
    m_scale = std::clamp(s, 0.7f, 2.5f);
}

unsigned Theme::textSize(float designPx) const {
    return static_cast<unsigned>(std::max(10.f, std::round(designPx * m_scale)));
}

float Theme::text(sf::RenderTarget& target, const std::string& s, float x, float y, float sizeDesign,
                  sf::Color colour, Align align, bool bold) const {
    sf::Text t(sf::String::fromUtf8(s.begin(), s.end()), bold ? m_bold : m_regular, textSize(sizeDesign));
    t.setFillColor(colour);
    const float w = t.getLocalBounds().width + t.getLocalBounds().left;
    float left = x;
    if (align == Align::Centre) left = x - w / 2;
    else if (align == Align::Right) left = x - w;
    t.setPosition(std::round(left), std::round(y));
    target.draw(t);
    return w;
}

float Theme::textWidth(const std::string& s, float sizeDesign, bool bold) const {
    sf::Text t(sf::String::fromUtf8(s.begin(), s.end()), bold ? m_bold : m_regular, textSize(sizeDesign));
    return t.getLocalBounds().width + t.getLocalBounds().left;
}

float Theme::paragraph(sf::RenderTarget& target, const std::string& s, float x, float y, float width,
                       float sizeDesign, sf::Color colour, float lineSpacing) const {
    return layoutParagraph(&target, s, x, y, width, sizeDesign, colour, lineSpacing);
}

float Theme::paragraphHeight(const std::string& s, float width, float sizeDesign, float lineSpacing) const {
    return layoutParagraph(nullptr, s, 0, 0, width, sizeDesign, sf::Color::Transparent, lineSpacing);
}

float Theme::layoutParagraph(sf::RenderTarget* target, const std::string& s, float x, float y, float width,
                             float sizeDesign, sf::Color colour, float lineSpacing) const {
    const float lineHeight = textSize(sizeDesign) * lineSpacing;
    float cy = y;
    std::istringstream lines(s);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty()) {
            cy += lineHeight * 0.5f;
            continue;
        }
        std::istringstream words(line);
        std::string word, current;
        while (words >> word) {
            const std::string candidate = current.empty() ? word : current + " " + word;
            if (!current.empty() && textWidth(candidate, sizeDesign) > width) {
                if (target) text(*target, current, x, cy, sizeDesign, colour);
                cy += lineHeight;
                current = word;
            } else {
                current = candidate;
            }
        }
        if (!current.empty()) {
            if (target) text(*target, current, x, cy, sizeDesign, colour);
            cy += lineHeight;
        }
    }
    return cy - y;
}

void Theme::panel(sf::RenderTarget& target, sf::FloatRect r, sf::Color fill, float radiusDesign,
                  sf::Color outline) const {
    const float rad = std::min({px(radiusDesign), r.width / 2, r.height / 2});
    constexpr int kArc = 6;
    sf::ConvexShape shape(4 * (kArc + 1));
    const sf::Vector2f centres[4] = {{r.left + r.width - rad, r.top + rad},
                                     {r.left + r.width - rad, r.top + r.height - rad},
                                     {r.left + rad, r.top + r.height - rad},
                                     {r.left + rad, r.top + rad}};
    int k = 0;
    for (int corner = 0; corner < 4; ++corner) {
        for (int i = 0; i <= kArc; ++i) {
            const float a = static_cast<float>((-90.0 + 90.0 * corner + 90.0 * i / kArc) * M_PI / 180.0);
            shape.setPoint(k++, centres[corner] + sf::Vector2f(std::cos(a) * rad, std::sin(a) * rad));
        }
    }
    shape.setFillColor(fill);
    if (outline.a > 0) {
        shape.setOutlineColor(outline);
        shape.setOutlineThickness(-1.f);
    }
    target.draw(shape);
}

std::string fixed(double value, int decimals) {
    if (!std::isfinite(value)) return "\xE2\x80\x94";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

} // namespace stipple::app
