// The trainer application: owns the window and the current screen, turns SFML events into
// core commands, steps the core on a fixed tick and draws from const core state.
#include "app/app.h"

#include <SFML/Graphics.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace stipple::app {

namespace {

std::string dataDir() {
    if (const char* env = std::getenv("STIPPLE_DATA")) return env;
    return STIPPLE_DATA_DIR;
}

struct Options {
    std::string levelsDir;
    std::string screenshot;
    unsigned width = 1280, height = 960;
};

bool parse(const std::vector<std::string>& args, Options& o) {
    o.levelsDir = dataDir() + "/levels";
    for (size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == "--levels" && hasValue) o.levelsDir = args[++i];
        else if (a == "--screenshot" && hasValue) o.screenshot = args[++i];
        else if (a == "--size" && hasValue) {
            if (std::sscanf(args[++i].c_str(), "%ux%u", &o.width, &o.height) != 2) return false;
        } else {
            std::fprintf(stderr, "stipple: unknown option '%s' (try stipple --help)\n", a.c_str());
            return false;
        }
    }
    return true;
}

std::vector<std::string> listLevels(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".xml") out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

void drawLevelList(sf::RenderTarget& target, const sf::Font& font, const std::vector<std::string>& levels) {
    target.clear(sf::Color(34, 30, 28));
    sf::Text title("Stipple - choose a level", font, 32);
    title.setPosition(40, 30);
    title.setFillColor(sf::Color(240, 230, 220));
    target.draw(title);
    float y = 100;
    for (const auto& name : levels) {
        sf::Text t(name, font, 22);
        t.setPosition(60, y);
        t.setFillColor(sf::Color(220, 210, 200));
        target.draw(t);
        y += 36;
    }
}

} // namespace

int run(const std::vector<std::string>& args) {
    Options opt;
    if (!parse(args, opt)) return 2;
    sf::Font font;
    const std::string fontPath = dataDir() + "/assets/fonts/DejaVuSans.ttf";
    if (!font.loadFromFile(fontPath)) {
        std::fprintf(stderr, "stipple: cannot load font %s\n", fontPath.c_str());
        return 1;
    }
    const auto levels = listLevels(opt.levelsDir);

    if (!opt.screenshot.empty()) {
        sf::RenderTexture rt;
        if (!rt.create(opt.width, opt.height)) {
            std::fprintf(stderr, "stipple: cannot create an offscreen render target\n");
            return 1;
        }
        drawLevelList(rt, font, levels);
        rt.display();
        if (!rt.getTexture().copyToImage().saveToFile(opt.screenshot)) {
            std::fprintf(stderr, "stipple: cannot write %s\n", opt.screenshot.c_str());
            return 1;
        }
        return 0;
    }

    sf::RenderWindow window(sf::VideoMode(opt.width, opt.height), "Stipple");
    window.setFramerateLimit(60);
    while (window.isOpen()) {
        sf::Event ev;
        while (window.pollEvent(ev)) {
            if (ev.type == sf::Event::Closed) window.close();
            if (ev.type == sf::Event::Resized)
                window.setView(sf::View(sf::FloatRect(0, 0, float(ev.size.width), float(ev.size.height))));
        }
        drawLevelList(window, font, levels);
        window.display();
    }
    return 0;
}

} // namespace stipple::app
