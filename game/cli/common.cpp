#include "cli/common.h"

#include "cli/args.h"
#include "config/station_config.h"
#include "io/numbers.h"
#include "level/level_reader.h"

#include <cstdio>

namespace stipple::cli {

std::optional<Level> loadLevelReporting(const std::string& path) {
    Diagnostics diags;
    auto level = loadLevelFile(path, diags);
    std::fputs(diags.formatAll().c_str(), stderr);
    return level;
}

bool readDotsReporting(const std::string& path, DotsCsv& out) {
    Diagnostics diags;
    const bool ok = readDotsCsv(path, out, diags);
    std::fputs(diags.formatAll().c_str(), stderr);
    return ok && !diags.hasErrors();
}

int usageError(const char* command, const std::string& message, const std::string& usage) {
    std::fprintf(stderr, "stipple %s: %s\n\n%s", command, message.c_str(), usage.c_str());
    return kExitUsage;
}

int cannot(const char* command, const std::string& message) {
    std::fprintf(stderr, "stipple %s: %s\n", command, message.c_str());
    return kExitBadInput;
}

std::string defaultKeyFileNoting(const char* command, const std::string& name) {
    std::string note;
    std::string path = defaultKeyFile(name, &note);
    if (!note.empty()) std::fprintf(stderr, "stipple %s: note: %s\n", command, note.c_str());
    return path;
}

bool checkDotsOnCanvas(const DotsCsv& dots, const std::string& path, const Level& level, double slackMm) {
    Diagnostics diags;
    const Rect canvas{{-slackMm, -slackMm},
                      {level.canvas.widthMm + slackMm, level.canvas.heightMm + slackMm}};
    for (size_t i = 0; i < dots.dots.size(); ++i) {
        const Vec2 p = dots.dots[i].pos;
        if (canvas.contains(p)) continue;
        diags.error(path, i < dots.lines.size() ? dots.lines[i] : 1, 1,
                    "dot at (" + formatNumber(p.x) + ", " + formatNumber(p.y) +
                        ") mm lies outside the level's " + formatNumber(level.canvas.widthMm) + " x " +
                        formatNumber(level.canvas.heightMm) +
                        " mm canvas; are the coordinates in millimetres?");
    }
    std::fputs(diags.formatAll().c_str(), stderr);
    return !diags.hasErrors();
}

} // namespace stipple::cli
