// What every screen of the trainer is: it takes SFML events, advances with real time, lays
// itself out for a window size and draws. Screens never switch themselves; they ask the
// Navigator (the App), which swaps screens between frames so no screen is destroyed while one
// of its own handlers runs.
#pragma once

#include <SFML/Graphics.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace stipple {
struct Level;
struct PracticeRecord;
} // namespace stipple
namespace stipple::render {
class Theme;
}

namespace stipple::app {

/// A key and what it does, for the help overlay and the footer hints.
struct KeyHelp {
    std::string keys;
    std::string action;
};

class Screen {
  public:
    virtual ~Screen() = default;
    /// Window size changed (and once before the first frame).
    virtual void layout(sf::Vector2u size) = 0;
    virtual void handleEvent(const sf::Event& event) = 0;
    /// Advances by `dtS` seconds of real time.
    virtual void update(double dtS) { (void)dtS; }
    virtual void draw(sf::RenderTarget& target) = 0;
    /// The keys this screen understands, for the F1 overlay.
    virtual std::vector<KeyHelp> keys() const = 0;
    /// Title of the help overlay.
    virtual std::string name() const = 0;
    /// True while the system mouse pointer should be hidden (the handpiece cursor replaces it).
    virtual bool hidesPointer() const { return false; }
    /// The window is being closed or Ctrl+Q pressed (`event`): true keeps the trainer running
    /// because the screen asks first (the level editor with unsaved edits); quit() then ends it.
    virtual bool interceptQuit(const sf::Event& event) { return (void)event, false; }
    /// A note the screen shows in its footer, beside its own hints (the level editor's
    /// "PLAY-TEST" over the practice it runs). Screens without a footer ignore it.
    virtual void setFooterNote(const std::string& note) { (void)note; }
};

/// Screen changes, carried out by the App between frames.
class Navigator {
  public:
    virtual ~Navigator() = default;
    virtual void showLevelSelect() = 0;
    /// Starts a practice session on catalog entry `index`.
    virtual void startLevel(size_t index) = 0;
    /// Starts the entry after `index` (or returns to the level select after the last).
    virtual void startNextLevel(size_t index) = 0;
    /// Hands a finished screen's result over to the results screen.
    virtual void showScreen(std::unique_ptr<Screen> screen) = 0;
    virtual void quit() = 0;
    /// Opens the level editor on catalog entry `index` (key E on the level select); no-op without an editor.
    virtual void editLevel(size_t index) { (void)index; }
    /// Opens the level editor on a new level (Ctrl+N on the level select); no-op without an editor.
    virtual void newLevel() {}
    /// The level editor is done with the file at `path` (saved or not): re-read it, back to the levels.
    virtual void closeEditor(const std::string& path) {
        (void)path;
        showLevelSelect();
    }
    /// Hot reload: the file of catalog entry `index` changed on disk; re-read it, and restart the
    /// practice on it when `practising` (an invalid file: the level select shows its diagnostic).
    virtual void reloadLevel(size_t index, bool practising) { (void)index, (void)practising; }
    /// Opens the trainer's screen `name` as its key does (a --screen name of app::trainerScreens():
    /// "exam-signin" for X, "quiz" for Q, "progress" for P, "cohort" for C, "scan" for O), about
    /// catalog entry `index` where the screen is about a level. Test navigators ignore it.
    virtual void open(const std::string& name, size_t index = static_cast<size_t>(-1)) {
        (void)name, (void)index;
    }
    /// The trainee's data folder (--user-data, else $STIPPLE_USER_DATA, else the XDG data folder):
    /// practice recordings and saved dots go under it. "" when there is none (tests).
    virtual std::string dataFolder() const { return ""; }
    /// Where the practice history is kept (the results store: --db, the academy's store, else the
    /// data folder's results.db); "" when there is none. The editor counts a level's results in it.
    virtual std::string practiceStore() const { return ""; }
    /// A practice run on catalog entry `index` was finished and scored (the results screen
    /// reports it once). The App saves it to the trainee's history and best scores; screens
    /// and tests that have no history ignore it.
    virtual void practiceFinished(size_t index, const PracticeRecord& run) {
        (void)index;
        (void)run;
    }
};

} // namespace stipple::app
