// What a quiz picture shows, without a window: the skin patch and the inked dots of a Picture
// (quiz/question.h) — a dots CSV on a patch just larger than its dots, or a level's canvas with
// its outlines and target pattern — as the trainer's quiz screen draws it and as an SVG file for
// banks exported to Moodle (SVG needs no display to make). The SVG carries the dots it shows as
// a dots CSV in its <metadata>, so a Moodle XML file exported by Stipple imports back with its
// pictures.
#pragma once

#include "geometry/vec2.h"
#include "level/level.h"
#include "quiz/question.h"

#include <optional>
#include <string>
#include <vector>

namespace stipple {

struct PictureDot {
    Vec2 pos; ///< mm on the patch
    double diameterMm = 0.4;
    Rgb colour;
};

struct PictureScene {
    double widthMm = 0.0;
    double heightMm = 0.0;
    Rgb skin;
    std::optional<Level> level; ///< a level's picture: the level (canvas, zones, outlines)
    std::vector<PictureDot> dots;
};

/// Loads `picture` (paths relative to `baseDir`, the bank's folder; inline dots need none).
/// nullopt with the first problem, located, in `error`.
std::optional<PictureScene> pictureScene(const Picture& picture, const std::string& baseDir,
                                         std::string& error);

/// The scene as a standalone SVG 1.1 document in millimetres (`caption` as its <title>), with the
/// dots as a dots CSV in <metadata> (dotsFromPictureSvg reads them back).
std::string pictureSvg(const PictureScene& scene, const std::string& caption);

/// The dots CSV an SVG made by pictureSvg carries, or nullopt for any other picture.
std::optional<std::string> dotsFromPictureSvg(std::string_view svg);

} // namespace stipple
