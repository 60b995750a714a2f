#include "app/scan_screen.h"

#include "app/results_screen.h"
#include "io/files.h"
#include "render/theme.h"
#include "sheet/scan_score.h"
#include "sheet/sheet_layout.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace stipple::app {

using render::Align;
using render::Theme;
namespace colours = render::colours;

ScanScreen::ScanScreen(const Theme& theme, Navigator& nav, size_t index, std::shared_ptr<const Level> level,
                       std::string levelPath, std::vector<std::string> folders)
    : m_theme(theme), m_nav(nav), m_index(index), m_level(std::move(level)),
      m_levelPath(std::move(levelPath)), m_folders(std::move(folders)),
      m_photos(sheet::listPhotos(m_folders)) {}

bool ScanScreen::open(const std::string& path) {
    std::string bytes, levelBytes, error;
    if (!readFile(path, bytes, error, int64_t{400} << 20) || !readFile(m_levelPath, levelBytes, error)) {
        m_message = path + ": " + error;
        return false;
    }
    m_scan = sheet::scanPhoto(bytes, sheet::markerIds(sha256Hex(levelBytes)), m_level->canvas.widthMm,
                              m_level->canvas.heightMm);
    if (m_scan.problem != sheet::ScanProblem::None) {
        m_message = std::filesystem::path(path).filename().string() + ": " + m_scan.message;
        return false;
    }
    m_photo = path;
    m_dots = sheet::scannedDots(m_scan);
    m_added = m_removed = 0;
    const sheet::PageImage& im = m_scan.rectified;
    std::vector<sf::Uint8> rgba(static_cast<size_t>(im.width) * static_cast<size_t>(im.height) * 4);
    for (size_t i = 0, n = static_cast<size_t>(im.width) * static_cast<size_t>(im.height); i < n; ++i) {
        rgba[4 * i] = im.rgb[3 * i], rgba[4 * i + 1] = im.rgb[3 * i + 1], rgba[4 * i + 2] = im.rgb[3 * i + 2],
                 rgba[4 * i + 3] = 255;
    }
    m_texture.create(static_cast<unsigned>(im.width), static_cast<unsigned>(im.height));
    m_texture.update(rgba.data());
    m_texture.setSmooth(true);
    m_message.clear();
    m_reviewing = true;
    layout(m_size);
    return true;
}

void ScanScreen::layout(sf::Vector2u size) {
    m_size = size;
    const Theme& t = m_theme;
    const float margin = t.px(24), sideW = std::max(t.px(300), size.x * 0.28f);
    m_side = {size.x - margin - sideW, margin + t.px(48), sideW, size.y - 2 * margin - t.px(48)};
    m_picture = {margin, margin + t.px(48), m_side.left - 2 * margin, size.y - 2 * margin - t.px(48)};
    m_list = m_picture;
    const float bw = (sideW - t.px(12)) / 2, bh = t.px(40);
    m_scoreButton = {m_side.left, m_side.top + m_side.height - bh, bw, bh};
    m_backButton = {m_side.left + bw + t.px(12), m_side.top + m_side.height - bh, bw, bh};
    if (m_reviewing && m_scan.rectified.width > 0) {
        m_pictureScale =
            std::min(m_picture.width / m_scan.rectified.width, m_picture.height / m_scan.rectified.height);
    }
}

sf::Vector2f ScanScreen::toWindow(Vec2 mm) const {
    const double k = m_scan.rectified.pxPerMm * m_pictureScale;
    return {static_cast<float>(m_picture.left + (mm.x + m_scan.marginMm) * k),
            static_cast<float>(m_picture.top + (mm.y + m_scan.marginMm) * k)};
}

Vec2 ScanScreen::toMm(sf::Vector2f p) const {
    const double k = m_scan.rectified.pxPerMm * m_pictureScale;
    return {(p.x - m_picture.left) / k - m_scan.marginMm, (p.y - m_picture.top) / k - m_scan.marginMm};
}

void ScanScreen::toggleDot(Vec2 p) {
    if (p.x < 0 || p.y < 0 || p.x > m_level->canvas.widthMm || p.y > m_level->canvas.heightMm) return;
    for (size_t i = 0; i < m_dots.size(); ++i) {
        const double r = std::max(0.25, m_dots[i].diameterMm / 2.0 + 0.1);
        if (std::hypot(m_dots[i].pos.x - p.x, m_dots[i].pos.y - p.y) <= r) {
            m_dots.erase(m_dots.begin() + static_cast<long>(i));
            ++m_removed;
            return;
        }
    }
    std::vector<float> sizes;
    for (const Dot& d : m_dots)
        sizes.push_back(d.diameterMm);
    float usual = 0.4f;
    if (!sizes.empty()) {
        std::nth_element(sizes.begin(), sizes.begin() + static_cast<long>(sizes.size() / 2), sizes.end());
        usual = sizes[sizes.size() / 2];
    }
    Dot d;
    d.pos = p;
    d.diameterMm = usual;
    m_dots.push_back(d);
    ++m_added;
}

void ScanScreen::score() {
    DotsCsvColumns columns;
    columns.diameter = true;
    m_nav.showScreen(std::make_unique<ResultsScreen>(m_theme, m_nav, m_index, m_level, m_dots, columns,
                                                     ResultsScreen::Source::Photo));
}

void ScanScreen::handleEvent(const sf::Event& e) {
    if (e.type == sf::Event::KeyPressed) {
        if (m_reviewing) {
            if (e.key.code == sf::Keyboard::Enter)
                score();
            else if (e.key.code == sf::Keyboard::Escape || e.key.code == sf::Keyboard::BackSpace)
                m_reviewing = false;
        } else {
            if (e.key.code == sf::Keyboard::Escape)
                m_nav.showLevelSelect();
            else if (e.key.code == sf::Keyboard::Up && m_selected > 0)
                --m_selected;
            else if (e.key.code == sf::Keyboard::Down && m_selected + 1 < m_photos.size())
                ++m_selected;
            else if (e.key.code == sf::Keyboard::F5)
                m_photos = sheet::listPhotos(m_folders), m_selected = 0;
            else if (e.key.code == sf::Keyboard::Enter && m_selected < m_photos.size())
                open(m_photos[m_selected].path);
        }
        return;
    }
    if (e.type != sf::Event::MouseButtonPressed || e.mouseButton.button != sf::Mouse::Left) return;
    const sf::Vector2f p(static_cast<float>(e.mouseButton.x), static_cast<float>(e.mouseButton.y));
    if (m_reviewing) {
        if (m_scoreButton.contains(p))
            score();
        else if (m_backButton.contains(p))
            m_reviewing = false;
        else if (m_picture.contains(p))
            toggleDot(toMm(p));
        return;
    }
    const float row = m_theme.px(44);
    if (m_list.contains(p)) {
        const size_t i = static_cast<size_t>((p.y - m_list.top - m_theme.px(8)) / row);
        if (i < m_photos.size()) {
            if (i == m_selected) open(m_photos[i].path);
            m_selected = i;
        }
    }
}

void ScanScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    t.text(target, "Score a photo: " + m_level->title, t.px(24), t.px(20), 22, colours::kText, Align::Left,
           true);
    t.panel(target, m_side, colours::kPanel);
    const float sx = m_side.left + t.px(16), sw = m_side.width - t.px(32);
    float y = m_side.top + t.px(16);
    if (!m_reviewing) {
        t.panel(target, m_list, colours::kPanel);
        const float row = t.px(44);
        if (m_photos.empty()) {
            std::string where;
            for (const auto& f : m_folders)
                where += (where.empty() ? "" : " or ") + f;
            t.paragraph(target,
                        "No photos yet. Put a photo (JPEG or PNG) of your practice sheet in " + where +
                            ", then press F5.",
                        m_list.left + t.px(16), m_list.top + t.px(16), m_list.width - t.px(32), 15,
                        colours::kTextDim);
        }
        {
            Theme::Clip clip(t, target, m_list);
            for (size_t i = 0; i < m_photos.size(); ++i) {
                const sf::FloatRect r{m_list.left + t.px(8), m_list.top + t.px(8) + i * row,
                                      m_list.width - t.px(16), row - t.px(4)};
                if (r.top > m_list.top + m_list.height) break;
                if (i == m_selected) t.panel(target, r, colours::kPanelHover, 6);
                const std::string name = std::filesystem::path(m_photos[i].path).filename().string();
                t.text(target, t.elide(name, r.width * 0.55f, 15, true), r.left + t.px(10), r.top + t.px(10),
                       15, colours::kText, Align::Left, true);
                t.text(target, t.elide(m_photos[i].folder, r.width * 0.4f, 13), r.left + r.width - t.px(10),
                       r.top + t.px(12), 13, colours::kTextDim, Align::Right);
            }
        }
        y += t.paragraph(target,
                         "Choose the photo of your sheet (newest first) and press Enter, or click it twice.",
                         sx, y, sw, 15, colours::kText);
        y += t.px(12);
        y += t.paragraph(
            target,
            "All four black corner squares must be in the picture; photograph the sheet flat, in even light.",
            sx, y, sw, 14, colours::kTextDim);
        if (!m_message.empty()) {
            y += t.px(16);
            t.paragraph(target, m_message, sx, y, sw, 14, colours::kFail);
        }
        t.flush(target);
        return;
    }
    // The straightened photo and the dots found on it.
    sf::Sprite sprite(m_texture);
    sprite.setPosition(m_picture.left, m_picture.top);
    sprite.setScale(m_pictureScale, m_pictureScale);
    t.flush(target);
    target.draw(sprite);
    const double k = m_scan.rectified.pxPerMm * m_pictureScale;
    const auto ring = [&](Vec2 at, double diameterMm, float extra, sf::Color colour, float thickness) {
        const float r = static_cast<float>(diameterMm / 2.0 * k) + extra;
        sf::CircleShape c(r);
        c.setOrigin(r, r);
        c.setPosition(toWindow(at));
        c.setFillColor(sf::Color::Transparent);
        c.setOutlineColor(colour);
        c.setOutlineThickness(thickness);
        target.draw(c);
    };
    for (const Dot& d : m_dots)
        ring(d.pos, d.diameterMm, 3.0f, sf::Color(40, 200, 90), 1.5f);
    for (const auto& s : m_scan.dots)
        if (s.merged) ring(s.posMm, s.diameterMm, 6.0f, sf::Color(230, 60, 50), 2.0f); // blobs not told apart
    y += t.paragraph(target, std::filesystem::path(m_photo).filename().string(), sx, y, sw, 16,
                     colours::kText) +
         t.px(8);
    char line[160];
    std::snprintf(line, sizeof line, "%zu dots  (%d added, %d removed by you)", m_dots.size(), m_added,
                  m_removed);
    // Wrapped: on a narrow window the counts do not fit the side panel's one line.
    for (const std::string& part : t.wrap(line, sw, 15, true)) {
        t.text(target, part, sx, y, 15, colours::kText, Align::Left, true);
        y += t.px(21);
    }
    y += t.px(7);
    if (m_scan.mergedBlobs > 0) {
        std::snprintf(line, sizeof line,
                      "%d blob%s of touching dots (red) counted as one dot each: click to fix.",
                      m_scan.mergedBlobs, m_scan.mergedBlobs == 1 ? "" : "s");
        y += t.paragraph(target, line, sx, y, sw, 14, colours::kWarm) + t.px(8);
    }
    std::snprintf(line, sizeof line, "Photo: %.1f px/mm, edges %.2f mm.", m_scan.pxPerMm, m_scan.edgeWidthMm);
    y += t.paragraph(target, line, sx, y, sw, 14, colours::kTextDim) + t.px(8);
    y += t.paragraph(
        target,
        "Click a circled dot the scanner got wrong to remove it; click where it missed one to add it. "
        "Enter scores the dots. A photo cannot show depth: depth and healing are not measured.",
        sx, y, sw, 14, colours::kTextDim);
    t.panel(target, m_scoreButton, colours::kAccent, 6);
    t.text(target, "Score (Enter)", m_scoreButton.left + m_scoreButton.width / 2,
           m_scoreButton.top + t.px(10), 15, colours::kBackground, Align::Centre, true);
    t.panel(target, m_backButton, colours::kPanelRaised, 6);
    t.text(target, "Back (Esc)", m_backButton.left + m_backButton.width / 2, m_backButton.top + t.px(10), 15,
           colours::kText, Align::Centre);
    t.flush(target);
}

std::vector<KeyHelp> ScanScreen::keys() const {
    return {{"\xE2\x86\x91 / \xE2\x86\x93", "choose a photo"},
            {"Enter", "scan the photo; on the photo: score the dots"},
            {"Click", "on the photo: remove a dot, or add one where the scanner missed it"},
            {"F5", "look for new photos"},
            {"Esc", "back"}};
}

} // namespace stipple::app
