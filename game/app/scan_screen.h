// "Score a photo": paper practice scored in the trainer. Choose a photo of the level's practice
// sheet (the data folder's inbox and ~/Pictures, newest first); the scanner (core sheet/) finds
// the dots; they are drawn over the straightened photo, where a click removes a dot the scanner
// saw wrongly or adds one it missed; Enter scores them on the ordinary results screen, and the
// run is kept in the practice history marked as a sheet.
#pragma once

#include "app/screen.h"
#include "ink/dots.h"
#include "level/level.h"
#include "sheet/photo_scan.h"
#include "sheet/sheet_files.h"

#include <memory>

namespace stipple::app {

class ScanScreen : public Screen {
  public:
    ScanScreen(const render::Theme& theme, Navigator& nav, size_t index, std::shared_ptr<const Level> level,
               std::string levelPath, std::vector<std::string> folders);

    void layout(sf::Vector2u size) override;
    void handleEvent(const sf::Event& event) override;
    void draw(sf::RenderTarget& target) override;
    std::vector<KeyHelp> keys() const override;
    std::string name() const override { return "Score a photo"; }

    /// Scans `path` (the chooser's Enter); false with the scanner's message shown.
    bool open(const std::string& path);
    const std::vector<Dot>& dots() const { return m_dots; }
    /// The last scan's problem ("" when it went well).
    const std::string& message() const { return m_message; }
    /// A click at canvas mm `p`: removes the dot under it, else adds one of the usual size.
    void toggleDot(Vec2 p);

  private:
    void score();
    sf::Vector2f toWindow(Vec2 mm) const;
    Vec2 toMm(sf::Vector2f p) const;

    const render::Theme& m_theme;
    Navigator& m_nav;
    size_t m_index;
    std::shared_ptr<const Level> m_level;
    std::string m_levelPath;
    std::vector<std::string> m_folders;
    std::vector<sheet::PhotoFile> m_photos;
    size_t m_selected = 0;
    std::string m_message; ///< the last scan's problem
    bool m_reviewing = false;
    std::string m_photo;
    sheet::ScanResult m_scan;
    std::vector<Dot> m_dots;
    int m_added = 0, m_removed = 0;
    sf::Texture m_texture;
    sf::Vector2u m_size{1280, 960};
    sf::FloatRect m_picture, m_side, m_list, m_scoreButton, m_backButton;
    float m_pictureScale = 1.0f; ///< window px per rectified px
};

} // namespace stipple::app
