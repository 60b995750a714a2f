// Help overlay implementation.
#include "app/help_overlay.h"

#include "render/theme.h"

#include <algorithm>

namespace stipple::app {

using render::Align;
namespace colours = render::colours;

void drawHelpOverlay(sf::RenderTarget& target, const render::Theme& t, const std::string& title,
                     const std::vector<KeyHelp>& keys) {
    const sf::Vector2f size(target.getSize());
    t.flush(target); // the overlay covers everything drawn so far, text included
    t.rect(target, {0, 0, size.x, size.y}, sf::Color(8, 9, 11, 200));

    std::vector<KeyHelp> all = keys;
    all.push_back({"F1", "show / hide this help"});
    all.push_back({"F11", "full screen / window"});
    all.push_back({"F12", "save a screenshot (stipple-*.png)"});
    all.push_back({"Ctrl+Q", "quit"});

    // As many columns as it takes to fit the window's height (practice has many keys); each
    // action wrapped in its column, never past the panel.
    const float pad = t.px(28), colGap = t.px(28);
    float keyWidest = 0;
    for (const auto& k : all)
        keyWidest = std::max(keyWidest, t.textWidth(k.keys, 15, true));
    struct Placed {
        size_t column;
        float y;
        std::vector<std::string> keys, lines;
    };
    std::vector<Placed> placed;
    float w = 0, h = 0, keyCol = 0, colW = 0;
    float size15 = 15;
    const float lineH0 = 1.3f;
    for (int attempt = 0; attempt < 6; ++attempt) {
        const size_t columns = static_cast<size_t>(1 + attempt % 3);
        size15 = attempt < 3 ? 15.f : 13.f;
        w = std::min(size.x - t.px(40), columns == 1 ? t.px(680) : t.px(520) * columns);
        colW = (w - 2 * pad - (columns - 1) * colGap) / columns;
        keyCol = std::min(keyWidest * size15 / 15 + t.px(24), colW * 0.45f);
        const float lineH = t.textSize(size15) * lineH0, rowGap = t.px(9);
        std::vector<std::vector<std::string>> wrapped, keyLines;
        std::vector<size_t> rows;
        float total = 0;
        for (const auto& k : all) {
            wrapped.push_back(t.wrap(k.action, colW - keyCol, size15));
            keyLines.push_back(t.wrap(k.keys, keyCol - t.px(12), size15, true));
            rows.push_back(std::max<size_t>({1, wrapped.back().size(), keyLines.back().size()}));
            total += rows.back() * lineH + rowGap;
        }
        placed.clear();
        size_t column = 0;
        float y = 0, tallest = 0;
        for (size_t i = 0; i < all.size(); ++i) {
            const float rowH = rows[i] * lineH + rowGap;
            if (y > 0 && y + rowH > total / columns + lineH && column + 1 < columns) {
                ++column;
                y = 0;
            }
            placed.push_back({column, y, keyLines[i], wrapped[i]});
            y += rowH;
            tallest = std::max(tallest, y);
        }
        h = t.px(110) + tallest;
        if (h <= size.y - t.px(40)) break;
    }
    const sf::FloatRect box((size.x - w) / 2, std::max(t.px(20), (size.y - h) / 2), w, h);
    t.panel(target, box, colours::kPanelRaised, 12, colours::kBorder);
    t.text(target, title, box.left + pad, box.top + pad - t.px(4), 22, colours::kText, Align::Left, true);
    t.text(target, "Keys", box.left + box.width - pad, box.top + pad, 14, colours::kTextFaint, Align::Right);
    const float top = box.top + pad + t.px(48);
    const float lineH = t.textSize(size15) * lineH0;
    for (size_t i = 0; i < all.size(); ++i) {
        const float cx = box.left + pad + placed[i].column * (colW + colGap);
        float y = top + placed[i].y;
        float ky = y;
        for (const std::string& line : placed[i].keys) {
            t.text(target, line, cx, ky, size15, colours::kAccent, Align::Left, true);
            ky += lineH;
        }
        for (const std::string& line : placed[i].lines) {
            t.text(target, line, cx + keyCol, y, size15, colours::kText);
            y += lineH;
        }
    }
    t.text(target, "Press F1 or Esc to close", box.left + box.width / 2, box.top + box.height - t.px(34), 13,
           colours::kTextFaint, Align::Centre);
    t.flush(target);
}

} // namespace stipple::app
