#include "app/command_entry.h"

#include "app/app.h"
#include "app/replay_screen.h"
#include "config/station_config.h" // userDataDir: the trainer's kept level versions
#include "install/shipped_data.h"
#include "render/image_file.h"

#include <SFML/Graphics/Image.hpp>

namespace stipple::app {

bool writeScorecardPicture(const std::string& level, const std::string& dots, const std::string& png,
                           std::string& error) {
    Options options;
    options.dataDir = shippedDataDir();
    options.levelsDir = options.dataDir + "/levels";
    options.level = level;
    options.dots = dots;
    options.screen = "results";
    options.width = 1600;
    options.height = 1000;
    options.card = true; // every metric row, no buttons
    sf::Image image;
    if (!renderScreen(options, image, error)) {
        error = "cannot render the picture: " + error;
        return false;
    }
    return render::saveImageAtomically(image, png, error);
}

int replayFromCommand(const std::vector<std::string>& args, std::string& error) {
    Options options;
    if (!parseOptions(args, options, error)) return 2;
    // Refuse a recording that would replay wrongly before anything needs a display.
    if (!loadReplaySource(options.replayRecording, options.replayAttempt, options.replayBase, error,
                          options.examUserData.empty() ? userDataDir() : options.examUserData))
        return 1;
    if (options.screenshot.empty()) return run(args);
    sf::Image image;
    if (!renderScreen(options, image, error) ||
        !render::saveImageAtomically(image, options.screenshot, error))
        return 1;
    return 0;
}

} // namespace stipple::app
