#include "support/photo_sim.h"

#include "geometry/polygon.h"
#include "random/rng.h"
#include "sheet/sheet_render.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace stipple::test {

namespace {

bool onZones(const Level& level, Vec2 p, double r) {
    if (p.x < r || p.y < r || p.x > level.canvas.widthMm - r || p.y > level.canvas.heightMm - r) return false;
    if (level.zones.empty()) return true;
    for (const auto& z : level.zones)
        if (contains(z.outline, p)) return true;
    return false;
}

double toSrgb(double v) {
    v = std::clamp(v, 0.0, 1.0);
    return v <= 0.0031308 ? 12.92 * v : 1.055 * std::pow(v, 1.0 / 2.4) - 0.055;
}

} // namespace

std::vector<InkDot> randomInkDots(const Level& level, int count, uint64_t seed, double minD, double maxD,
                                  double touching) {
    Rng rng(seed);
    std::vector<InkDot> dots;
    const auto fits = [&](Vec2 p, double d, double gap, int except) {
        if (!onZones(level, p, d / 2 + 0.2)) return false;
        for (int i = 0; i < static_cast<int>(dots.size()); ++i) {
            if (i == except) continue;
            const double need = (d + dots[static_cast<size_t>(i)].diameterMm) / 2.0 + gap;
            const Vec2 q = dots[static_cast<size_t>(i)].posMm;
            if ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y) < need * need) return false;
        }
        return true;
    };
    for (int tries = 0; static_cast<int>(dots.size()) < count && tries < count * 200; ++tries) {
        const double d = rng.uniform(minD, maxD);
        const Vec2 p{rng.uniform(0.0, level.canvas.widthMm), rng.uniform(0.0, level.canvas.heightMm)};
        if (!fits(p, d, 0.45, -1)) continue;
        dots.push_back({p, d});
        if (rng.uniform() < touching && static_cast<int>(dots.size()) < count) {
            const double d2 = rng.uniform(std::max(minD, 0.3), maxD);
            const double a = rng.uniform(0.0, 2 * M_PI);
            const double dist = (d + d2) / 2.0 * 1.02; // the soft edges meet: one blob at the threshold
            const Vec2 q{p.x + dist * std::cos(a), p.y + dist * std::sin(a)};
            if (fits(q, d2, 0.45, static_cast<int>(dots.size()) - 1)) dots.push_back({q, d2});
        }
    }
    return dots;
}

std::string photographSheet(const Level& level, const sheet::SheetLayout& layout,
                            const std::vector<InkDot>& dots, const PhotoSpec& spec) {
    Rng rng(spec.seed);
    // The sheet, rendered finer than the photo sees it, around the markers.
    const double around = sheet::kMarkerGapMm + sheet::kMarkerMm + 14.0;
    const Vec2 o = layout.canvasOrigin;
    const Rect region{{o.x - around, o.y - around},
                      {o.x + layout.canvasWidthMm + around, o.y + layout.canvasHeightMm + around}};
    const double R = std::max(12.0, 1.6 * spec.pxPerMm);
    const sheet::PageImage page = sheet::renderSheetImage(level, layout, R, region);
    cv::Mat paper(page.height, page.width, CV_32FC3);
    const cv::Vec3f paperColour(0.86f, 0.89f, 0.91f); // BGR, slightly warm paper
    // sRGB to linear light, for each of the 256 byte values once (a page has millions of pixels).
    std::array<float, 256> lin{};
    for (int c = 0; c < 256; ++c) {
        const double v = c / 255.0;
        lin[static_cast<size_t>(c)] =
            static_cast<float>(v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4));
    }
    for (int y = 0; y < page.height; ++y)
        for (int x = 0; x < page.width; ++x) {
            const uint8_t* p =
                page.rgb.data() +
                (static_cast<size_t>(y) * static_cast<size_t>(page.width) + static_cast<size_t>(x)) * 3;
            paper.at<cv::Vec3f>(y, x) =
                cv::Vec3f(lin[p[2]] * paperColour[0], lin[p[1]] * paperColour[1], lin[p[0]] * paperColour[2]);
        }
    // Ink: transmission multiplies where dots overlap.
    const double edge = 0.035; // mm, the soft edge's width
    for (const InkDot& d : dots) {
        const double k = rng.uniform(0.72, 0.95);
        const double phase = rng.uniform(0.0, 2 * M_PI), wobble = rng.uniform(0.0, 0.12);
        const double cx = (d.posMm.x + o.x - region.min.x) * R, cy = (d.posMm.y + o.y - region.min.y) * R;
        const double rPx = d.diameterMm / 2.0 * R, ePx = edge * R;
        const int x0 = std::max(0, static_cast<int>(cx - rPx - 2 * ePx - 2)),
                  x1 = std::min(page.width - 1, static_cast<int>(cx + rPx + 2 * ePx + 2));
        const int y0 = std::max(0, static_cast<int>(cy - rPx - 2 * ePx - 2)),
                  y1 = std::min(page.height - 1, static_cast<int>(cy + rPx + 2 * ePx + 2));
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                // 2 x 2 supersampling; pixel (x, y) covers [x, x+1) page pixels.
                double cover = 0.0;
                for (int sy = 0; sy < 2; ++sy)
                    for (int sx = 0; sx < 2; ++sx) {
                        const double px = x + 0.25 + 0.5 * sx - cx, py = y + 0.25 + 0.5 * sy - cy;
                        const double r = std::hypot(px, py);
                        cover += std::clamp((rPx - r) / ePx + 0.5, 0.0, 1.0);
                    }
                cover /= 4.0;
                if (cover <= 0) continue;
                const double a = std::atan2(y - cy, x - cx);
                const double inkHere = k * (1.0 - wobble * (0.5 + 0.5 * std::sin(2 * a + phase)));
                const double t = 1.0 - inkHere * cover;
                cv::Vec3f& v = paper.at<cv::Vec3f>(y, x);
                v = cv::Vec3f(static_cast<float>(v[0] * (t * 1.0)), static_cast<float>(v[1] * t),
                              static_cast<float>(v[2] * t));
            }
    }

    if (const char* dump = std::getenv("STIPPLE_SCAN_DUMP")) {
        cv::Mat page8;
        paper.convertTo(page8, CV_8UC3, 255.0);
        cv::imwrite(std::string(dump) + "/page.png", page8);
    }
    // The camera: the sheet's plane tilted, rotated, seen by a pinhole from 300 mm.
    const double tilt = rng.uniform(0.0, spec.maxTiltDeg) * M_PI / 180.0;
    const double tiltAxis = rng.uniform(0.0, 2 * M_PI);
    const double rot = (spec.rotationDeg < 0 ? rng.uniform(0.0, 360.0) : spec.rotationDeg) * M_PI / 180.0;
    const double z0 = 300.0, f = spec.pxPerMm * z0;
    // Rotation: about the in-plane axis by `tilt`, then about the optical axis by `rot`.
    const cv::Vec3d axis(std::cos(tiltAxis), std::sin(tiltAxis), 0.0);
    cv::Mat rTilt;
    cv::Rodrigues(axis * tilt, rTilt);
    const cv::Matx33d rz(std::cos(rot), -std::sin(rot), 0, std::sin(rot), std::cos(rot), 0, 0, 0, 1);
    const cv::Matx33d rotation = rz * cv::Matx33d(rTilt);
    const Vec2 centreMm{layout.canvasWidthMm / 2.0 + spec.shiftMm.x,
                        layout.canvasHeightMm / 2.0 + spec.shiftMm.y};
    const cv::Matx33d k(f, 0, spec.width / 2.0 + rng.uniform(-0.05, 0.05) * spec.width, 0, f,
                        spec.height / 2.0 + rng.uniform(-0.05, 0.05) * spec.height, 0, 0, 1);
    const cv::Matx33d planeToCam(rotation(0, 0), rotation(0, 1), 0, rotation(1, 0), rotation(1, 1), 0,
                                 rotation(2, 0), rotation(2, 1), z0);
    // Page pixel (i, j) -> canvas mm relative to the centre: (i + 0.5) / R + region.min - o - centre.
    const cv::Matx33d pageToPlane(1.0 / R, 0, 0.5 / R + region.min.x - o.x - centreMm.x, 0, 1.0 / R,
                                  0.5 / R + region.min.y - o.y - centreMm.y, 0, 0, 1);
    const cv::Matx33d pageToPhoto = k * planeToCam * pageToPlane;

    // The table and its clutter, in linear light.
    cv::Mat photo(spec.height, spec.width, CV_32FC3, cv::Scalar(0.18, 0.25, 0.32));
    if (spec.clutter) {
        for (int i = 0; i < 40; ++i) {
            const cv::Scalar colour(rng.uniform(0.0, 0.8), rng.uniform(0.0, 0.8), rng.uniform(0.0, 0.8));
            const cv::Point a(static_cast<int>(rng.below(static_cast<uint64_t>(spec.width))),
                              static_cast<int>(rng.below(static_cast<uint64_t>(spec.height))));
            const cv::Point b = a + cv::Point(static_cast<int>(rng.uniform(-300, 300)),
                                              static_cast<int>(rng.uniform(-300, 300)));
            if (i % 3 == 0)
                cv::rectangle(photo, a, b, colour, cv::FILLED);
            else if (i % 3 == 1)
                cv::line(photo, a, b, colour, 1 + static_cast<int>(rng.below(6)), cv::LINE_AA);
            else
                cv::putText(photo, "pen 0.3 notes 12", a, cv::FONT_HERSHEY_SIMPLEX, rng.uniform(0.5, 2.0),
                            colour, 2, cv::LINE_AA);
        }
        // Black squares that are not markers (a phone, a book corner).
        for (int i = 0; i < 3; ++i) {
            const cv::Point a(static_cast<int>(rng.below(static_cast<uint64_t>(spec.width))),
                              static_cast<int>(rng.below(static_cast<uint64_t>(spec.height))));
            cv::rectangle(photo, a, a + cv::Point(80, 80), cv::Scalar(0.02, 0.02, 0.02), cv::FILLED);
        }
    }
    cv::Mat blurredPaper;
    const double antiAlias = 0.45 * R / spec.pxPerMm;
    cv::GaussianBlur(paper, blurredPaper, {0, 0}, antiAlias);
    cv::warpPerspective(blurredPaper, photo, cv::Mat(pageToPhoto), photo.size(), cv::INTER_LINEAR,
                        cv::BORDER_TRANSPARENT);

    // Light: a warm gradient, a soft shadow across part of the picture, vignetting, glare.
    const double gx = rng.uniform(-0.35, 0.35), gy = rng.uniform(-0.35, 0.35);
    const double shadowAngle = rng.uniform(0.0, 2 * M_PI), shadowOffset = rng.uniform(-0.1, 0.35);
    const cv::Point2d glareAt = [&] {
        const cv::Vec3d c = k * planeToCam *
                            cv::Vec3d(rng.uniform(-0.2, 0.2) * layout.canvasWidthMm,
                                      rng.uniform(-0.2, 0.2) * layout.canvasHeightMm, 1.0);
        return cv::Point2d(c[0] / c[2], c[1] / c[2]);
    }();
    const double glareRadius = 0.18 * std::min(layout.canvasWidthMm, layout.canvasHeightMm) * spec.pxPerMm;
    const double diag = std::hypot(spec.width, spec.height) / 2.0;
    const double shadowCos = std::cos(shadowAngle), shadowSin = std::sin(shadowAngle);
    for (int y = 0; y < photo.rows; ++y)
        for (int x = 0; x < photo.cols; ++x) {
            const double u = (x - spec.width / 2.0) / diag, v = (y - spec.height / 2.0) / diag;
            double light = 1.0;
            if (spec.unevenLight) {
                light = 1.0 + gx * u + gy * v;
                const double side = u * shadowCos + v * shadowSin - shadowOffset;
                light *= 1.0 - 0.45 / (1.0 + std::exp(-side / 0.03));
                light *= 1.0 - 0.35 * (u * u + v * v);
            }
            cv::Vec3f& c = photo.at<cv::Vec3f>(y, x);
            const cv::Vec3f warm = spec.unevenLight ? cv::Vec3f(0.85f, 0.95f, 1.0f) : cv::Vec3f(1, 1, 1);
            for (int ch = 0; ch < 3; ++ch)
                c[ch] = static_cast<float>(c[ch] * light * warm[ch] * spec.exposure);
            if (spec.glare > 0) {
                const double g = spec.glare * 1.4 *
                                 std::exp(-(std::pow(x - glareAt.x, 2) + std::pow(y - glareAt.y, 2)) /
                                          (2 * glareRadius * glareRadius));
                for (int ch = 0; ch < 3; ++ch)
                    c[ch] = static_cast<float>(c[ch] + g);
            }
        }
    if (spec.blurPx > 0) cv::GaussianBlur(photo, photo, {0, 0}, spec.blurPx);
    // Sensor noise (shot noise grows with the light), then 8-bit sRGB.
    cv::Mat out(photo.size(), CV_8UC3);
    for (int y = 0; y < photo.rows; ++y)
        for (int x = 0; x < photo.cols; ++x) {
            const cv::Vec3f c = photo.at<cv::Vec3f>(y, x);
            cv::Vec3b& o8 = out.at<cv::Vec3b>(y, x);
            for (int ch = 0; ch < 3; ++ch) {
                const double v =
                    c[ch] + rng.normal() * spec.noise * std::sqrt(std::max(0.05, static_cast<double>(c[ch])));
                o8[ch] = static_cast<uint8_t>(std::lround(255.0 * toSrgb(v)));
            }
        }
    std::vector<uint8_t> bytes;
    if (spec.jpegQuality > 0)
        cv::imencode(".jpg", out, bytes, {cv::IMWRITE_JPEG_QUALITY, spec.jpegQuality});
    else
        cv::imencode(".png", out, bytes);
    return std::string(bytes.begin(), bytes.end());
}

DetectionFigures compareDetection(const std::vector<InkDot>& truth, const std::vector<DetectedDot>& detected,
                                  double minDiameterMm) {
    DetectionFigures f;
    f.detected = static_cast<int>(detected.size());
    std::vector<int> owner(detected.size(), -1);
    // Greedy: each true dot takes the nearest unclaimed detection within its radius (at least 0.25 mm).
    std::vector<std::tuple<double, int, int>> pairs;
    for (int i = 0; i < static_cast<int>(truth.size()); ++i)
        for (int j = 0; j < static_cast<int>(detected.size()); ++j) {
            const double d =
                std::hypot(truth[static_cast<size_t>(i)].posMm.x - detected[static_cast<size_t>(j)].posMm.x,
                           truth[static_cast<size_t>(i)].posMm.y - detected[static_cast<size_t>(j)].posMm.y);
            if (d <= std::max(0.25, truth[static_cast<size_t>(i)].diameterMm / 2.0))
                pairs.emplace_back(d, i, j);
        }
    std::sort(pairs.begin(), pairs.end());
    std::vector<int> match(truth.size(), -1);
    for (const auto& [d, i, j] : pairs)
        if (match[static_cast<size_t>(i)] < 0 && owner[static_cast<size_t>(j)] < 0)
            match[static_cast<size_t>(i)] = j, owner[static_cast<size_t>(j)] = i;
    double c2 = 0, d2 = 0;
    for (size_t i = 0; i < truth.size(); ++i) {
        if (truth[i].diameterMm < minDiameterMm) continue;
        ++f.truth;
        if (match[i] < 0) continue;
        ++f.found;
        const DetectedDot& d = detected[static_cast<size_t>(match[i])];
        c2 += std::pow(d.posMm.x - truth[i].posMm.x, 2) + std::pow(d.posMm.y - truth[i].posMm.y, 2);
        const double e = d.diameterMm - truth[i].diameterMm;
        d2 += e * e;
        f.diameterMaxMm = std::max(f.diameterMaxMm, std::abs(e));
    }
    for (size_t j = 0; j < detected.size(); ++j)
        f.falseDots += owner[j] < 0;
    if (std::getenv("STIPPLE_SCAN_DUMP")) {
        for (size_t i = 0; i < truth.size(); ++i)
            if (match[i] < 0 && truth[i].diameterMm >= minDiameterMm)
                std::printf("  missed %.2f,%.2f d %.2f\n", truth[i].posMm.x, truth[i].posMm.y,
                            truth[i].diameterMm);
            else if (match[i] >= 0)
                std::printf("  d %.2f -> %.2f\n", truth[i].diameterMm,
                            detected[static_cast<size_t>(match[i])].diameterMm);
        for (size_t j = 0; j < detected.size(); ++j)
            if (owner[j] < 0)
                std::printf("  false %.2f,%.2f d %.2f\n", detected[j].posMm.x, detected[j].posMm.y,
                            detected[j].diameterMm);
    }
    if (f.found > 0) {
        f.centreRmsMm = std::sqrt(c2 / f.found);
        f.diameterRmsMm = std::sqrt(d2 / f.found);
    }
    return f;
}

} // namespace stipple::test
