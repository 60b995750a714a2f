// Help overlay implementation.
#include "app/help_overlay.h"

#include "app/theme.h"

#include <algorithm>

namespace stipple::app {

void drawHelpOverlay(sf::RenderTarget& target, const Theme& t, const std::string& title,
                     const std::vector<KeyHelp>& keys) {
    const sf::Vector2f size(target.getSize());
    t.flush(target); // the overlay covers everything drawn so far, text included
    t.rect(target, {0, 0, size.x, size.y}, sf::Color(8, 9, 11, 200));

    std::vector<KeyHelp> all = keys;
    all.push_back({"F1", "show / hide this help"});
    all.push_back({"F11", "save a screenshot (stipple-*.png)"});
    all.push_back({"Ctrl+Q", "quit"});

    const float rowH = t.px(30);
    const float w = std::min(size.x - t.px(80), t.px(680));
    const float h = t.px(110) + rowH * all.size();
    const sf::FloatRect box((size.x - w) / 2, std::max(t.px(20), (size.y - h) / 2), w, h);
    t.panel(target, box, colours::kPanelRaised, 12, colours::kBorder);
    const float pad = t.px(28);
    t.text(target, title, box.left + pad, box.top + pad - t.px(4), 22, colours::kText, Align::Left, true);
    t.text(target, "Keys", box.left + box.width - pad, box.top + pad, 14, colours::kTextFaint, Align::Right);
    float keyCol = 0;
    for (const auto& k : all) keyCol = std::max(keyCol, t.textWidth(k.keys, 15, true));
    keyCol = std::min(keyCol + t.px(28), w * 0.45f);
    float y = box.top + pad + t.px(48);
    for (const auto& k : all) {
        t.text(target, k.keys, box.left + pad, y, 15, colours::kAccent, Align::Left, true);
        t.text(target, k.action, box.left + pad + keyCol, y, 15, colours::kText);
        y += rowH;
    }
    t.text(target, "Press F1 or Esc to close", box.left + box.width / 2, box.top + box.height - t.px(34), 13,
           colours::kTextFaint, Align::Centre);
    t.flush(target);
}

} // namespace stipple::app
