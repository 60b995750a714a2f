// Theme implementation: font loading, scaled text layout and rounded panels.
#include "render/theme.h"

#include "ink/pigment.h"

#include "install/shipped_data.h"
#include "io/files.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace stipple::render {

sf::Color pigmentColour(const std::string& shade, double dilution) {
    const Rgb c = pigmentRgb(shade, dilution);
    return {c.r, c.g, c.b};
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
    for (auto [font, name] :
         {std::pair{&m_regular, "DejaVuSans.ttf"}, std::pair{&m_bold, "DejaVuSans-Bold.ttf"}}) {
        const std::string path = fontsDir + "/" + name;
        std::string why, problem;
        if (!checkRegularFile(path, why)) // a FIFO would block SFML's reader forever
            problem = "cannot load font " + path + ": " + why;
        else if (!font->loadFromFile(path))
            problem = "cannot load font " + path;
        if (!problem.empty()) {
            if (const std::string where = shippedDataError(); !where.empty()) problem += " (" + where + ")";
            error = problem;
            return false;
        }
    }
    m_haveCjk = false;
    std::vector<std::string> cjk;
    if (const char* own = std::getenv("STIPPLE_CJK_FONT"); own && *own) cjk.push_back(own);
    cjk.push_back("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");
    cjk.push_back("/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf");
    for (const std::string& path : cjk) {
        std::string why;
        if (checkRegularFile(path, why) && m_cjk.loadFromFile(path)) {
            m_haveCjk = true;
            break;
        }
    }
    return true;
}

namespace {
/// CJK characters (DejaVu Sans has none): radicals, CJK punctuation, kana, bopomofo, Hangul,
/// the unified ideographs and their extensions, compatibility ideographs, full-width forms.
bool isCjk(sf::Uint32 c) {
    return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3000 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x1100 && c <= 0x11FF) || (c >= 0x20000 && c <= 0x2FA1F);
}
} // namespace

const sf::Font& Theme::faceFor(sf::Uint32 c, const sf::Font& primary) const {
    return m_haveCjk && isCjk(c) ? m_cjk : primary;
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

void Theme::bind(sf::RenderTarget& target) const {
    if (m_bound && m_bound != &target) flush(*m_bound);
    m_bound = &target;
}

Theme::GlyphBatch& Theme::glyphBatch(const sf::Font& font, unsigned size) const {
    for (GlyphBatch& b : m_glyphs)
        if (b.font == &font && b.size == size) return b;
    m_glyphs.push_back({&font, size, sf::VertexArray(sf::Triangles)});
    return m_glyphs.back();
}

float Theme::advance(const sf::String& s, const sf::Font& font, unsigned size) const {
    // Keyed by the real characters: "Zoë", "Zoé" and "Zoø" are three widths (toAnsiString()
    // turned all three into "Zo?").
    std::u32string key(s.begin(), s.end());
    key += U'\x1f';
    key += static_cast<char32_t>(size);
    key += &font == &m_bold ? U'b' : U'r';
    if (auto it = m_widths.find(key); it != m_widths.end()) return it->second;
    float x = 0;
    sf::Uint32 prev = 0;
    const sf::Font* prevFace = nullptr;
    for (const sf::Uint32 c : s) {
        const sf::Font& face = faceFor(c, font);
        if (&face == prevFace) x += face.getKerning(prev, c, size);
        prev = c;
        prevFace = &face;
        x += face.getGlyph(c, size, false).advance;
    }
    if (m_widths.size() > 8192) m_widths.clear();
    m_widths.emplace(std::move(key), x);
    return x;
}

float Theme::text(sf::RenderTarget& target, const std::string& s, float x, float y, float sizeDesign,
                  sf::Color colour, Align align, bool bold) const {
    bind(target);
    const sf::String str = sf::String::fromUtf8(s.begin(), s.end());
    const sf::Font& font = bold ? m_bold : m_regular;
    const unsigned size = textSize(sizeDesign);
    const float w = advance(str, font, size);
    float left = x;
    if (align == Align::Centre)
        left = x - w / 2;
    else if (align == Align::Right)
        left = x - w;
    // Glyph quads as sf::Text lays them out (SFML 2.5: baseline at the character size, one
    // pixel of padding around each glyph's texture rectangle), on whole pixels so text stays crisp.
    float pen = std::round(left);
    const float baseline = std::round(y) + static_cast<float>(size);
    sf::Uint32 prev = 0;
    constexpr float kPad = 1.f;
    float inkL = 1e30f, inkT = 1e30f, inkR = -1e30f, inkB = -1e30f;
    const sf::Font* prevFace = nullptr;
    for (const sf::Uint32 c : str) {
        const sf::Font& face = faceFor(c, font);
        if (&face == prevFace) pen += face.getKerning(prev, c, size);
        prev = c;
        prevFace = &face;
        const sf::Glyph& g = face.getGlyph(c, size, false);
        if (c != ' ' && c != '\t' && g.bounds.width > 0) {
            inkL = std::min(inkL, pen + g.bounds.left);
            inkR = std::max(inkR, pen + g.bounds.left + g.bounds.width);
            inkT = std::min(inkT, baseline + g.bounds.top);
            inkB = std::max(inkB, baseline + g.bounds.top + g.bounds.height);
            const float l = pen + g.bounds.left - kPad, t = baseline + g.bounds.top - kPad;
            const float r = pen + g.bounds.left + g.bounds.width + kPad,
                        b = baseline + g.bounds.top + g.bounds.height + kPad;
            const float u1 = g.textureRect.left - kPad, v1 = g.textureRect.top - kPad;
            const float u2 = g.textureRect.left + g.textureRect.width + kPad,
                        v2 = g.textureRect.top + g.textureRect.height + kPad;
            sf::VertexArray& va = glyphBatch(face, size).vertices;
            va.append({{l, t}, colour, {u1, v1}});
            va.append({{r, t}, colour, {u2, v1}});
            va.append({{l, b}, colour, {u1, v2}});
            va.append({{l, b}, colour, {u1, v2}});
            va.append({{r, t}, colour, {u2, v1}});
            va.append({{r, b}, colour, {u2, v2}});
        }
        pen += g.advance;
    }
    if (m_log && inkR > inkL) {
        // Window pixels: the target's view may be a Clip's (or any other) view.
        const sf::Vector2i a = target.mapCoordsToPixel({inkL, inkT}),
                           b = target.mapCoordsToPixel({inkR, inkB});
        const sf::FloatRect vp = target.getView().getViewport();
        const sf::Vector2f ts(target.getSize());
        LayoutLog::Text t;
        t.text = s;
        t.ink = {float(a.x), float(a.y), float(b.x - a.x), float(b.y - a.y)};
        t.clip = {vp.left * ts.x, vp.top * ts.y, vp.width * ts.x, vp.height * ts.y};
        t.epoch = m_log->epoch;
        t.order = m_log->order++;
        if (auto it = std::find(m_elided.begin(), m_elided.end(), s); it != m_elided.end()) {
            t.elided = true;
            m_elided.erase(it);
        }
        m_log->window = target.getSize();
        m_log->texts.push_back(std::move(t));
    }
    return w;
}

void Theme::logBox(sf::RenderTarget& target, sf::FloatRect r, sf::Color fill, bool panel) const {
    if (!m_log) return;
    const sf::Vector2i a = target.mapCoordsToPixel({r.left, r.top});
    const sf::Vector2i b = target.mapCoordsToPixel({r.left + r.width, r.top + r.height});
    // Only the part inside the clip (Theme::Clip) is drawn: a card scrolled half out of a list
    // does not cover the footer below the list.
    const sf::FloatRect vp = target.getView().getViewport();
    const sf::Vector2f ts(target.getSize());
    const sf::FloatRect clip(vp.left * ts.x, vp.top * ts.y, vp.width * ts.x, vp.height * ts.y);
    sf::FloatRect shown;
    if (!clip.intersects(sf::FloatRect(float(a.x), float(a.y), float(b.x - a.x), float(b.y - a.y)), shown))
        return;
    m_log->boxes.push_back({shown, fill, panel, m_log->epoch, m_log->order++});
}

namespace {
/// Bytes of the UTF-8 character starting at s[i].
size_t utf8Length(const std::string& s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return std::min(n, s.size() - i);
}
} // namespace

std::string Theme::elide(const std::string& s, float width, float sizeDesign, bool bold) const {
    if (textWidth(s, sizeDesign, bold) <= width) return s;
    const std::string dots = "\xE2\x80\xA6";
    // The longest prefix of whole characters that fits with the ellipsis.
    std::string best;
    for (size_t i = 0; i < s.size();) {
        const size_t n = utf8Length(s, i);
        const std::string candidate = s.substr(0, i + n);
        if (textWidth(candidate + dots, sizeDesign, bold) > width) break;
        best = candidate;
        i += n;
    }
    while (!best.empty() && best.back() == ' ')
        best.pop_back();
    std::string cut = best + dots;
    if (m_log) m_elided.push_back(cut);
    return cut;
}

float Theme::fitSize(const std::string& s, float width, float sizeDesign, float minDesign, bool bold) const {
    for (float size = sizeDesign; size > minDesign; size -= 1.f)
        if (textWidth(s, size, bold) <= width) return size;
    return minDesign;
}

std::vector<std::string> Theme::wrap(const std::string& s, float width, float sizeDesign, bool bold) const {
    std::vector<std::string> out;
    std::istringstream lines(s);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string word, current;
        bool any = false;
        while (words >> word) {
            any = true;
            const std::string candidate = current.empty() ? word : current + " " + word;
            if (textWidth(candidate, sizeDesign, bold) <= width) {
                current = candidate;
                continue;
            }
            if (!current.empty()) out.push_back(current);
            current.clear();
            // A word wider than the line (a long name, a path, text without spaces) breaks
            // between characters.
            while (textWidth(word, sizeDesign, bold) > width) {
                size_t cut = 0;
                for (size_t i = 0; i < word.size();) {
                    const size_t n = utf8Length(word, i);
                    if (cut > 0 && textWidth(word.substr(0, i + n), sizeDesign, bold) > width) break;
                    cut = i + n;
                    i += n;
                }
                if (cut >= word.size()) break;
                // Rather after a hyphen, a slash or an underscore than mid-syllable.
                const size_t soft = word.find_last_of("-/_", cut - 1);
                if (soft != std::string::npos && soft > 0 && soft + 1 < cut) cut = soft + 1;
                out.push_back(word.substr(0, cut));
                word.erase(0, cut);
            }
            current = word;
        }
        if (!current.empty())
            out.push_back(current);
        else if (!any)
            out.push_back("");
    }
    return out;
}

float Theme::textWidth(const std::string& s, float sizeDesign, bool bold) const {
    return advance(sf::String::fromUtf8(s.begin(), s.end()), bold ? m_bold : m_regular, textSize(sizeDesign));
}

void Theme::flush(sf::RenderTarget& target) const {
    if (m_bound && m_bound != &target) flush(*m_bound);
    if (m_log) ++m_log->epoch;
    if (m_solid.getVertexCount() > 0) {
        target.draw(m_solid);
        m_solid.clear();
    }
    for (GlyphBatch& b : m_glyphs) {
        if (b.vertices.getVertexCount() == 0) continue;
        target.draw(b.vertices, sf::RenderStates(&b.font->getTexture(b.size)));
        b.vertices.clear();
    }
    m_bound = nullptr;
}

Theme::Clip::Clip(const Theme& theme, sf::RenderTarget& target, sf::FloatRect r)
    : m_theme(theme), m_target(target), m_saved(target.getView()) {
    theme.flush(target);
    sf::View clip(r);
    const sf::Vector2f ts(target.getSize());
    clip.setViewport({r.left / ts.x, r.top / ts.y, r.width / ts.x, r.height / ts.y});
    target.setView(clip);
}

Theme::Clip::~Clip() {
    m_theme.flush(m_target);
    m_target.setView(m_saved);
}

void Theme::rect(sf::RenderTarget& target, sf::FloatRect r, sf::Color fill) const {
    bind(target);
    logBox(target, r, fill, false);
    const sf::Vector2f a(r.left, r.top), b(r.left + r.width, r.top + r.height);
    m_solid.append({a, fill});
    m_solid.append({{b.x, a.y}, fill});
    m_solid.append({{a.x, b.y}, fill});
    m_solid.append({{a.x, b.y}, fill});
    m_solid.append({{b.x, a.y}, fill});
    m_solid.append({b, fill});
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
    for (const std::string& line : wrap(s, width, sizeDesign)) {
        if (line.empty()) {
            cy += lineHeight * 0.5f;
            continue;
        }
        if (target) text(*target, line, x, cy, sizeDesign, colour);
        cy += lineHeight;
    }
    return cy - y;
}

void Theme::panel(sf::RenderTarget& target, sf::FloatRect r, sf::Color fill, float radiusDesign,
                  sf::Color outline) const {
    bind(target);
    logBox(target, r, fill, true);
    const float rad = std::min({px(radiusDesign), r.width / 2, r.height / 2});
    constexpr int kArc = 6;
    const sf::Vector2f centres[4] = {{r.left + r.width - rad, r.top + rad},
                                     {r.left + r.width - rad, r.top + r.height - rad},
                                     {r.left + rad, r.top + r.height - rad},
                                     {r.left + rad, r.top + rad}};
    // The rounded outline's points, clockwise from the top-right corner.
    sf::Vector2f pts[4 * (kArc + 1)];
    sf::Vector2f normals[4 * (kArc + 1)];
    int k = 0;
    for (int corner = 0; corner < 4; ++corner) {
        for (int i = 0; i <= kArc; ++i) {
            const float a = static_cast<float>((-90.0 + 90.0 * corner + 90.0 * i / kArc) * M_PI / 180.0);
            normals[k] = {std::cos(a), std::sin(a)};
            pts[k] = centres[corner] + normals[k] * rad;
            ++k;
        }
    }
    const sf::Vector2f mid(r.left + r.width / 2, r.top + r.height / 2);
    if (fill.a > 0) {
        for (int i = 0; i < k; ++i) {
            m_solid.append({mid, fill});
            m_solid.append({pts[i], fill});
            m_solid.append({pts[(i + 1) % k], fill});
        }
    }
    if (outline.a > 0) {
        // A one-pixel band just inside the edge.
        for (int i = 0; i < k; ++i) {
            const int j = (i + 1) % k;
            const sf::Vector2f ai = pts[i] - normals[i], aj = pts[j] - normals[j];
            m_solid.append({pts[i], outline});
            m_solid.append({pts[j], outline});
            m_solid.append({ai, outline});
            m_solid.append({ai, outline});
            m_solid.append({pts[j], outline});
            m_solid.append({aj, outline});
        }
    }
}

std::string wholeNumber(double value) {
    return std::to_string(static_cast<int>(std::lround(value)));
}

std::string fixed(double value, int decimals) {
    if (!std::isfinite(value)) return "\xE2\x80\x94";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

} // namespace stipple::render

namespace stipple::render {

namespace {

bool contains(const sf::FloatRect& outer, const sf::FloatRect& inner, float tolerance) {
    return inner.left >= outer.left - tolerance && inner.top >= outer.top - tolerance &&
           inner.left + inner.width <= outer.left + outer.width + tolerance &&
           inner.top + inner.height <= outer.top + outer.height + tolerance;
}

/// The overlap of two rectangles (an empty one when they do not meet).
sf::FloatRect overlap(const sf::FloatRect& a, const sf::FloatRect& b) {
    sf::FloatRect r;
    if (!a.intersects(b, r)) return {};
    return r;
}

std::string where(const sf::FloatRect& r) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "(%.0f,%.0f %.0fx%.0f)", r.left, r.top, r.width, r.height);
    return buf;
}

std::string quoted(const LayoutLog::Text& t) {
    return "\"" + t.text + "\" " + where(t.ink);
}

} // namespace

std::vector<std::string> LayoutLog::problems() const {
    constexpr float kTolerance = 1.f;
    constexpr sf::Uint8 kOpaque =
        160; // a dialog's dimming layer or anything more opaque hides what is under it
    std::vector<std::string> out;
    std::vector<const Text*> shown;
    const sf::FloatRect screen(0, 0, float(window.x), float(window.y));
    for (const Text& t : texts) {
        bool hidden = false, drawnOver = false;
        const Box* container = nullptr;
        const sf::Vector2f centre(t.ink.left + t.ink.width / 2, t.ink.top + t.ink.height / 2);
        // What the text sits on: the last opaque shape under it that holds it whole. Shapes
        // drawn before that one are hidden by it.
        size_t background = 0;
        for (const Box& b : boxes)
            if (b.order < t.order && b.fill.a >= kOpaque && contains(b.rect, t.ink, 0))
                background = std::max(background, b.order);
        for (const Box& b : boxes) {
            if (b.order > t.order && b.epoch > t.epoch && b.fill.a >= kOpaque) {
                if (contains(b.rect, t.ink, 0))
                    hidden = true;
                else if (const sf::FloatRect o = overlap(b.rect, t.ink);
                         o.width > kTolerance && o.height > kTolerance)
                    drawnOver = true;
            } else if (!b.panel && b.fill.a >= kOpaque && b.order > background &&
                       !contains(b.rect, t.ink, 0)) {
                // A bar, a line or a swatch through the text (drawn before it in the same batch
                // it still crosses the letters).
                if (const sf::FloatRect o = overlap(b.rect, t.ink);
                    o.width > 2 * kTolerance && o.height > 2 * kTolerance)
                    drawnOver = true;
            }
            if (b.panel && b.order < t.order && b.rect.contains(centre) &&
                (!container || b.order > container->order))
                container = &b;
        }
        if (hidden) continue;
        const sf::FloatRect visible = overlap(t.ink, t.clip);
        if (visible.width <= 0 || visible.height <= 0) continue; // scrolled out of its clip
        // (a glyph's ink may start a pixel left of the pen: its bearing, not a cut)
        if (t.ink.left < t.clip.left - 2 * kTolerance ||
            t.ink.left + t.ink.width > t.clip.left + t.clip.width + 2 * kTolerance)
            out.push_back(quoted(t) + " is cut by the edge of its area " + where(t.clip));
        if (!contains(screen, visible, kTolerance))
            out.push_back(quoted(t) + " runs out of the window");
        else if (container && !contains(container->rect, visible, kTolerance))
            out.push_back(quoted(t) + " runs out of its panel " + where(container->rect));
        if (drawnOver) out.push_back(quoted(t) + " is crossed by a shape");
        if (t.elided) out.push_back(quoted(t) + " is cut short with an ellipsis");
        shown.push_back(&t);
    }
    for (size_t i = 0; i < shown.size(); ++i) {
        const sf::FloatRect a = overlap(shown[i]->ink, shown[i]->clip);
        for (size_t j = i + 1; j < shown.size(); ++j) {
            const sf::FloatRect o = overlap(a, overlap(shown[j]->ink, shown[j]->clip));
            if (o.width > kTolerance && o.height > kTolerance)
                out.push_back(quoted(*shown[i]) + " overlaps " + quoted(*shown[j]));
        }
    }
    return out;
}

} // namespace stipple::render
