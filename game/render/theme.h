// The trainer's look: one calm dark palette, the two DejaVu faces, a UI scale that follows the
// window size, and the few drawing helpers every screen shares (text with alignment, panels with
// rounded corners, bars). Screens ask the theme for colours and sizes instead of hard-coding
// them, so the whole interface scales and changes together. Depends on SFML only.
#pragma once

#include "level/level.h"

#include <SFML/Graphics.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace stipple::render {

/// Palette of the trainer: dark neutral surfaces, light text, one teal accent, a warm highlight.
namespace colours {
inline const sf::Color kBackground{21, 23, 26};
inline const sf::Color kPanel{30, 33, 38};
inline const sf::Color kPanelRaised{39, 43, 49};
inline const sf::Color kPanelHover{48, 53, 61};
inline const sf::Color kBorder{58, 64, 72};
inline const sf::Color kText{232, 230, 226};
inline const sf::Color kTextDim{150, 156, 164};
inline const sf::Color kTextFaint{104, 110, 118};
inline const sf::Color kAccent{94, 186, 176};
inline const sf::Color kAccentSoft{94, 186, 176, 60};
inline const sf::Color kWarm{226, 180, 104};
inline const sf::Color kPass{124, 196, 138};
inline const sf::Color kFail{228, 120, 104};
// Canvas guides: readable over every Fitzpatrick tone.
inline const sf::Color kZoneLine{40, 120, 200, 200};
inline const sf::Color kHairline{230, 110, 40, 230};
inline const sf::Color kScarLine{150, 70, 150, 210};
inline const sf::Color kForbidden{200, 40, 40, 210};
inline const sf::Color kGhost{40, 150, 220, 120};
/// A drill's target dots: grey guide marks printed on the practice skin (always shown).
inline const sf::Color kTaskTarget{95, 95, 100, 200};
} // namespace colours

/// The colour of a pigment shade name from level/vocabulary.h (light-grey … black) at a
/// dilution 0..1. Unknown names draw as soft-black (the reader refuses them anyway).
sf::Color pigmentColour(const std::string& shade, double dilution);
/// An Rgb from the level model as an SFML colour.
inline sf::Color toColour(Rgb c, sf::Uint8 alpha = 255) {
    return {c.r, c.g, c.b, alpha};
}

/// Diverging, colour-blind-safe palette for deviation maps: t = −1 (far under target, blue)
/// through 0 (on target, near white) to +1 (far over, orange). Alpha is passed through.
sf::Color divergingColour(double t, sf::Uint8 alpha = 255);

enum class Align { Left, Centre, Right };

/// Where the interface's text and panels landed in the frames drawn while it is attached to a
/// Theme (Theme::setLayoutLog): the layout tests check from it that no text leaves its panel,
/// the window or its clip, none overlaps other text, none is drawn over, and none was cut with
/// an ellipsis. Coordinates are window pixels.
struct LayoutLog {
    struct Text {
        std::string text;
        sf::FloatRect ink;   ///< the union of the glyphs' bounds
        sf::FloatRect clip;  ///< the visible part of the target when it was drawn (Theme::Clip)
        unsigned epoch = 0;  ///< flushes before it: a shape of a later epoch is drawn on top
        size_t order = 0;    ///< position among everything logged
        bool elided = false; ///< shortened with "…" by Theme::elide
    };
    struct Box {
        sf::FloatRect rect;
        sf::Color fill;
        bool panel = false; ///< a Theme::panel (a container), not a bar or a rectangle
        unsigned epoch = 0;
        size_t order = 0;
    };
    sf::Vector2u window;
    std::vector<Text> texts;
    std::vector<Box> boxes;
    unsigned epoch = 0;
    size_t order = 0;
    void clear() { *this = LayoutLog{}; }
    /// What is wrong with the layout, one line each ("" entries never): text outside the window,
    /// its clip or the innermost panel around its centre, text overlapping other text, text a
    /// later opaque shape partly covers, text cut with an ellipsis. Text a later opaque shape
    /// covers whole (under a dialog) is not checked.
    std::vector<std::string> problems() const;
};

/// Fonts, the UI scale and the interface's drawing batch. One Theme lives in the App; screens
/// borrow it.
///
/// Batching: every text, panel, rectangle and line goes into a batch — solid shapes in one
/// vertex array, glyphs in one per font and size — drawn by flush() in a handful of draw calls.
/// Software OpenGL charges ~0.15 ms per draw call, so drawing the HUD's 70 pieces one by one
/// cost 9 ms a frame, more than the whole frame budget. Within a batch solid shapes are drawn
/// before text; flush() before drawing anything directly, before changing the target's view
/// (Clip does it) and before an overlay that must cover earlier text.
class Theme {
  public:
    /// Loads DejaVuSans(-Bold).ttf from `fontsDir`; false with a reason when a face is missing.
    /// Chinese, Japanese and Korean characters, which DejaVu lacks, are drawn from a fallback
    /// face: Droid Sans Fallback (Debian's fonts-droid-fallback, a dependency of the package),
    /// else whatever face $STIPPLE_CJK_FONT names; without one they show as DejaVu's boxes.
    bool load(const std::string& fontsDir, std::string& error);
    /// True when a face for CJK characters was found.
    bool hasCjkFallback() const { return m_haveCjk; }

    const sf::Font& regular() const { return m_regular; }
    const sf::Font& bold() const { return m_bold; }

    /// Sets the scale for a window of this size: 1.0 at 1280×960, more on larger windows.
    void setWindowSize(sf::Vector2u size);
    float scale() const { return m_scale; }
    /// A length in design pixels (at 1280×960) → window pixels.
    float px(float designPx) const { return designPx * m_scale; }
    /// A character size in design pixels → window pixels, never below 10.
    unsigned textSize(float designPx) const;

    /// Draws one line of text with its baseline box top at y; returns the text's width.
    float text(sf::RenderTarget& target, const std::string& s, float x, float y, float sizeDesign,
               sf::Color colour, Align align = Align::Left, bool bold = false) const;
    /// `s` shortened by whole characters with an ellipsis to fit `width` window pixels (`s` when
    /// it fits). The layout log marks the next text drawn with the result as cut.
    std::string elide(const std::string& s, float width, float sizeDesign, bool bold = false) const;
    /// The largest size from `sizeDesign` down to `minDesign` (whole design pixels) at which `s`
    /// fits `width` window pixels on one line; `minDesign` when none does.
    float fitSize(const std::string& s, float width, float sizeDesign, float minDesign,
                  bool bold = false) const;
    /// Words of `s` wrapped into lines no wider than `width` (a word wider than the line is
    /// broken between characters); "\n" starts a new line.
    std::vector<std::string> wrap(const std::string& s, float width, float sizeDesign,
                                  bool bold = false) const;
    /// Logs where every text and panel lands until set to nullptr (layout tests).
    void setLayoutLog(LayoutLog* log) const { m_log = log; }
    /// Width of a line of text without drawing it.
    float textWidth(const std::string& s, float sizeDesign, bool bold = false) const;
    /// Word-wraps `s` (paragraphs separated by "\n") into `width`; returns the height used.
    float paragraph(sf::RenderTarget& target, const std::string& s, float x, float y, float width,
                    float sizeDesign, sf::Color colour, float lineSpacing = 1.35f) const;
    /// The height paragraph() would use, without drawing.
    float paragraphHeight(const std::string& s, float width, float sizeDesign,
                          float lineSpacing = 1.35f) const;

    /// A filled rectangle with rounded corners (radius in design pixels), optional outline.
    void panel(sf::RenderTarget& target, sf::FloatRect r, sf::Color fill, float radiusDesign = 8.f,
               sf::Color outline = sf::Color::Transparent) const;
    /// A filled axis-aligned rectangle (window pixels).
    void rect(sf::RenderTarget& target, sf::FloatRect r, sf::Color fill) const;
    /// Draws everything batched so far into `target`: solid shapes, then text.
    void flush(sf::RenderTarget& target) const;

    /// Restricts drawing to a rectangle of the target for its lifetime (flushes on entry and exit).
    class Clip {
      public:
        Clip(const Theme& theme, sf::RenderTarget& target, sf::FloatRect r);
        ~Clip();
        Clip(const Clip&) = delete;
        Clip& operator=(const Clip&) = delete;

      private:
        const Theme& m_theme;
        sf::RenderTarget& m_target;
        sf::View m_saved;
    };

  private:
    struct GlyphBatch {
        const sf::Font* font = nullptr;
        unsigned size = 0;
        sf::VertexArray vertices{sf::Triangles};
    };
    /// The batch for this target; a batch pending for another target is flushed first.
    void bind(sf::RenderTarget& target) const;
    GlyphBatch& glyphBatch(const sf::Font& font, unsigned size) const;
    /// Advance width of `s` (cached; layout without drawing).
    float advance(const sf::String& s, const sf::Font& font, unsigned size) const;
    float layoutParagraph(sf::RenderTarget* target, const std::string& s, float x, float y, float width,
                          float sizeDesign, sf::Color colour, float lineSpacing) const;

    sf::Font m_regular;
    sf::Font m_bold;
    sf::Font m_cjk; ///< the fallback face for CJK characters (regular and bold)
    bool m_haveCjk = false;
    /// The face that draws `c`: `primary`, or the CJK fallback for a CJK character.
    const sf::Font& faceFor(sf::Uint32 c, const sf::Font& primary) const;
    float m_scale = 1.f;
    mutable sf::RenderTarget* m_bound = nullptr;
    mutable sf::VertexArray m_solid{sf::Triangles};
    mutable std::vector<GlyphBatch> m_glyphs;
    /// Widths keyed by the UTF-32 text, its size and its face.
    mutable std::unordered_map<std::u32string, float> m_widths;
    mutable LayoutLog* m_log = nullptr;
    mutable std::vector<std::string> m_elided;
    void logBox(sf::RenderTarget& target, sf::FloatRect r, sf::Color fill, bool panel) const;
};

/// Formats a number with `decimals` digits after the point ("—" for NaN).
std::string fixed(double value, int decimals);
/// The nearest whole number, halves away from zero ("38").
std::string wholeNumber(double value);

/// ✓ and ✗: a right and a wrong answer.
inline constexpr const char* kTick = "\xE2\x9C\x93";
inline constexpr const char* kCross = "\xE2\x9C\x97";

} // namespace stipple::render
