#include "quiz/picture_scene.h"

#include "ink/pigment.h"
#include "io/numbers.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "level/vocabulary.h"
#include "pattern/poisson_disk.h"
#include "scoring/dots_csv.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace stipple {

namespace {

/// Margin around a dots file's bounds, so edge dots do not touch the patch's border.
constexpr double kMarginMm = 2.0;
/// Diameter of a dot whose file gives none (a healed SMP dot).
constexpr double kDefaultDiameterMm = 0.4;
constexpr const char* kMetadataOpen =
    "<stipple-dots xmlns=\"https://stipple.example/quiz-picture\"><![CDATA[";
constexpr const char* kMetadataClose = "]]></stipple-dots>";

std::string firstLine(const Diagnostics& diags) {
    std::string all = diags.formatAll();
    const size_t nl = all.find('\n');
    return nl == std::string::npos ? all : all.substr(0, nl);
}

std::optional<PictureScene> sceneOfDots(const DotsCsv& csv, const std::string& where, std::string& error) {
    if (csv.dots.empty()) {
        error = where + ": no dots";
        return std::nullopt;
    }
    double x0 = csv.dots[0].pos.x, y0 = csv.dots[0].pos.y, x1 = x0, y1 = y0;
    for (const Dot& d : csv.dots) {
        x0 = std::min(x0, d.pos.x);
        y0 = std::min(y0, d.pos.y);
        x1 = std::max(x1, d.pos.x);
        y1 = std::max(y1, d.pos.y);
    }
    x0 -= kMarginMm;
    y0 -= kMarginMm;
    PictureScene scene;
    scene.widthMm = x1 + kMarginMm - x0;
    scene.heightMm = y1 + kMarginMm - y0;
    scene.skin = Canvas{}.skin.rgb;
    const auto shades = knownShades();
    for (const Dot& d : csv.dots) {
        PictureDot p;
        p.pos = {d.pos.x - x0, d.pos.y - y0};
        p.diameterMm = csv.columns.diameter && d.diameterMm > 0 ? d.diameterMm : kDefaultDiameterMm;
        const Pigment pigment = decodePigment(d.shade);
        p.colour = pigment.shadeIndex >= 0 && pigment.shadeIndex < static_cast<int>(shades.size())
                       ? pigmentRgb(shades[static_cast<size_t>(pigment.shadeIndex)], pigment.dilution)
                       : pigmentRgb("soft-black", 1.0);
        scene.dots.push_back(p);
    }
    return scene;
}

std::string hex(const Rgb& c) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", c.r, c.g, c.b);
    return buffer;
}

std::string mm(double v) {
    return formatNumber(std::round(v * 1000.0) / 1000.0);
}

std::string points(const std::vector<Vec2>& poly) {
    std::string out;
    for (const Vec2& p : poly)
        out += (out.empty() ? "" : " ") + mm(p.x) + "," + mm(p.y);
    return out;
}

} // namespace

std::optional<PictureScene> pictureScene(const Picture& picture, const std::string& baseDir,
                                         std::string& error) {
    namespace fs = std::filesystem;
    Diagnostics diags;
    if (!picture.inlineDotsCsv.empty()) {
        DotsCsv csv;
        if (!parseDotsCsv(picture.inlineDotsCsv, "the picture's dots", csv, diags)) {
            error = firstLine(diags);
            return std::nullopt;
        }
        return sceneOfDots(csv, "the picture's dots", error);
    }
    if (!picture.dotsPath.empty()) {
        DotsCsv csv;
        const std::string path = (fs::path(baseDir) / picture.dotsPath).string();
        if (!readDotsCsv(path, csv, diags)) {
            error = firstLine(diags);
            return std::nullopt;
        }
        return sceneOfDots(csv, path, error);
    }
    if (!picture.levelPath.empty()) {
        const std::string path = (fs::path(baseDir) / picture.levelPath).string();
        auto level = loadLevelFile(path, diags);
        if (!level) {
            error = firstLine(diags);
            return std::nullopt;
        }
        PictureScene scene;
        scene.widthMm = level->canvas.widthMm;
        scene.heightMm = level->canvas.heightMm;
        scene.skin = level->canvas.skin.rgb;
        const std::string shade = level->sessions.empty() ? "soft-black" : level->sessions.back().shade;
        const double dilution = level->sessions.empty() ? 1.0 : level->sessions.back().dilution;
        for (const TargetDot& t : targetPattern(*level))
            scene.dots.push_back({t.pos, kDefaultDiameterMm, pigmentRgb(shade, dilution)});
        scene.level = std::move(*level);
        return scene;
    }
    error = "the picture names no dots file and no level";
    return std::nullopt;
}

std::string pictureSvg(const PictureScene& scene, const std::string& caption) {
    // 10 px per mm at 100 % zoom: a 40 mm patch is 400 px wide in Moodle.
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + mm(scene.widthMm * 10) +
           "\" height=\"" + mm(scene.heightMm * 10) + "\" viewBox=\"0 0 " + mm(scene.widthMm) + " " +
           mm(scene.heightMm) + "\">\n";
    out += "<title>" + escapeHtml(caption) + "</title>\n";
    std::vector<Dot> dots;
    for (const PictureDot& d : scene.dots) {
        Dot dot;
        dot.pos = d.pos;
        dot.diameterMm = static_cast<float>(d.diameterMm);
        dots.push_back(dot);
    }
    out += "<metadata>";
    out += kMetadataOpen;
    out += formatDotsCsv(dots);
    out += kMetadataClose;
    out += "</metadata>\n";
    out += "<rect x=\"0\" y=\"0\" width=\"" + mm(scene.widthMm) + "\" height=\"" + mm(scene.heightMm) +
           "\" fill=\"" + hex(scene.skin) + "\"/>\n";
    if (scene.level) {
        out += "<g fill=\"none\" stroke=\"#7a5c44\" stroke-width=\"0.15\" stroke-dasharray=\"0.6 0.4\">\n";
        for (const Zone& z : scene.level->zones)
            out += "<polygon points=\"" + points(z.outline) + "\"/>\n";
        for (const ForbiddenArea& f : scene.level->forbidden)
            out += "<polygon points=\"" + points(f.outline) + "\"/>\n";
        for (const Scar& s : scene.level->scars)
            out += "<polygon points=\"" + points(s.outline) + "\"/>\n";
        if (scene.level->hairline)
            out += "<polyline points=\"" + points(scene.level->hairline->line) + "\"/>\n";
        out += "</g>\n";
    }
    out += "<g fill-opacity=\"0.9\">\n";
    for (const PictureDot& d : scene.dots)
        out += "<circle cx=\"" + mm(d.pos.x) + "\" cy=\"" + mm(d.pos.y) + "\" r=\"" + mm(d.diameterMm / 2) +
               "\" fill=\"" + hex(d.colour) + "\"/>\n";
    out += "</g>\n</svg>\n";
    return out;
}

std::optional<std::string> dotsFromPictureSvg(std::string_view svg) {
    const size_t open = svg.find(kMetadataOpen);
    if (open == std::string_view::npos) return std::nullopt;
    const size_t from = open + std::string_view(kMetadataOpen).size();
    const size_t close = svg.find(kMetadataClose, from);
    if (close == std::string_view::npos) return std::nullopt;
    return std::string(svg.substr(from, close - from));
}

} // namespace stipple
