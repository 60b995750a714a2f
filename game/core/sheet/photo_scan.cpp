#include "sheet/photo_scan.h"

#include "sheet/image_codec.h"

#include <opencv2/aruco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

namespace stipple::sheet {

namespace {

constexpr double kCanvasMarginMm = 2.0;     ///< rectified margin kept around the canvas
constexpr float kGuideShare = 0.08f;        ///< a pixel with this share of drop-out print is on a guide
constexpr double kNearGuideDarkness = 0.45; ///< the darkness a mark needs on a guide

/// The pixel size a PNG or JPEG header declares, read before anything is decoded: a file of a few
/// kilobytes can declare a picture of a billion pixels, which the decoder would allocate (3 GB)
/// before finding out whether the data is there. nullopt when the bytes are neither a PNG nor a
/// JPEG with a frame header (only those two are scanned).
std::optional<std::pair<int64_t, int64_t>> declaredSize(const std::string& b) {
    const auto u8 = [&](size_t i) { return static_cast<int64_t>(static_cast<unsigned char>(b[i])); };
    const auto be16 = [&](size_t i) { return (u8(i) << 8) | u8(i + 1); };
    const auto be32 = [&](size_t i) { return (be16(i) << 16) | be16(i + 2); };
    if (b.size() >= 24 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0 && b.compare(12, 4, "IHDR") == 0)
        return std::pair{be32(16), be32(20)};
    if (b.size() < 4 || u8(0) != 0xFF || u8(1) != 0xD8) return std::nullopt;
    size_t at = 2;
    while (at + 4 <= b.size()) {
        if (u8(at) != 0xFF) return std::nullopt;
        const int64_t marker = u8(at + 1);
        if (marker == 0xFF) { // fill byte
            ++at;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length
            at += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA) return std::nullopt; // no frame header before the data
        const size_t length = static_cast<size_t>(be16(at + 2));
        const bool frame =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame && at + 9 <= b.size()) return std::pair{be16(at + 7), be16(at + 5)}; // width, height
        if (length < 2) return std::nullopt;
        at += 2 + length;
    }
    return std::nullopt;
}

std::string fmt(const char* f, double a, double b = 0.0) {
    char buf[256];
    std::snprintf(buf, sizeof buf, f, a, b);
    return buf;
}

const cv::Ptr<cv::aruco::Dictionary>& dictionary() {
    static const cv::Ptr<cv::aruco::Dictionary> d =
        cv::aruco::getPredefinedDictionary(cv::aruco::DICT_5X5_1000);
    return d;
}

double perimeter(const std::vector<cv::Point2f>& q) {
    double p = 0;
    for (size_t i = 0; i < q.size(); ++i)
        p += cv::norm(q[i] - q[(i + 1) % q.size()]);
    return p;
}

struct Markers {
    std::array<std::vector<cv::Point2f>, kCorners> corners;
    std::array<int, kCorners> ids{-1, -1, -1, -1};
    bool complete() const {
        return std::all_of(ids.begin(), ids.end(), [](int id) { return id >= 0; });
    }
};

/// Finds the corner markers on reduced copies of `gray` (long side 1600, then 3200, then full)
/// until all four corners are seen; per corner the expected id wins, else the largest marker.
Markers findMarkers(const cv::Mat& gray, const std::array<int, kCorners>& expected) {
    Markers found;
    const cv::Ptr<cv::aruco::DetectorParameters> params = cv::aruco::DetectorParameters::create();
    params->cornerRefinementMethod = cv::aruco::CORNER_REFINE_NONE;
    const double longSide = std::max(gray.cols, gray.rows);
    double previous = 0.0;
    for (const double target : {1600.0, 3200.0, 1e9}) {
        const double scale = std::min(1.0, target / longSide);
        if (scale == previous) continue;
        previous = scale;
        cv::Mat small;
        if (scale < 1.0)
            cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
        else
            small = gray;
        std::vector<std::vector<cv::Point2f>> corners;
        std::vector<int> ids;
        cv::aruco::detectMarkers(small, dictionary(), corners, ids, params);
        for (size_t i = 0; i < ids.size(); ++i) {
            if (ids[i] < 0 || ids[i] >= kCorners * kIdsPerCorner) continue;
            const int c = ids[i] / kIdsPerCorner;
            for (auto& p : corners[i])
                p = (p + cv::Point2f(0.5f, 0.5f)) * static_cast<float>(1.0 / scale) - cv::Point2f(0.5f, 0.5f);
            const bool better = found.ids[c] < 0 || (ids[i] == expected[c] && found.ids[c] != expected[c]) ||
                                ((ids[i] == expected[c]) == (found.ids[c] == expected[c]) &&
                                 perimeter(corners[i]) > perimeter(found.corners[c]) * 1.5);
            if (better) {
                found.ids[c] = ids[i];
                found.corners[c] = corners[i];
            }
        }
        if (found.complete()) break;
    }
    return found;
}

cv::Point2d apply(const cv::Matx33d& h, cv::Point2d p) {
    const cv::Vec3d v = h * cv::Vec3d(p.x, p.y, 1.0);
    return {v[0] / v[2], v[1] / v[2]};
}

/// Pixels per millimetre of the photo at canvas point p (square root of the Jacobian's determinant).
double localScale(const cv::Matx33d& h, cv::Point2d p) {
    const cv::Point2d a = apply(h, p), b = apply(h, p + cv::Point2d(1, 0)),
                      c = apply(h, p + cv::Point2d(0, 1));
    const cv::Point2d u = b - a, v = c - a;
    return std::sqrt(std::abs(u.x * v.y - u.y * v.x));
}

/// sRGB 8-bit to linear light.
const std::array<float, 256>& linearLut() {
    static const std::array<float, 256> lut = [] {
        std::array<float, 256> t{};
        for (int i = 0; i < 256; ++i) {
            const double c = i / 255.0;
            t[i] = static_cast<float>(c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
        }
        return t;
    }();
    return lut;
}

/// The 10–90 % width (mm) of the markers' outer edges in the rectified gray picture, median
/// over the 16 sides. `toPx` maps canvas mm to rectified pixels.
double markerEdgeWidthMm(const cv::Mat& gray, double s, cv::Point2d originMm,
                         const std::array<MarkerPlace, kCorners>& places) {
    std::vector<double> widths;
    const double reach = 0.8; // mm either side of the edge: white quiet zone, black border cell
    const int steps = std::max(8, static_cast<int>(std::ceil(2 * reach * s * 2)));
    auto sample = [&](cv::Point2d mm) {
        const double x = (mm.x - originMm.x) * s, y = (mm.y - originMm.y) * s;
        const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
        if (x0 < 0 || y0 < 0 || x0 + 1 >= gray.cols || y0 + 1 >= gray.rows) return -1.0;
        const double fx = x - x0, fy = y - y0;
        const auto at = [&](int xx, int yy) { return static_cast<double>(gray.at<float>(yy, xx)); };
        return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
               fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
    };
    for (const auto& m : places) {
        const cv::Point2d tl(m.cornersMm[0].x, m.cornersMm[0].y);
        // Sides: outward normal and the side's start and direction.
        const std::array<std::tuple<cv::Point2d, cv::Point2d, cv::Point2d>, 4> sides = {
            std::tuple{tl, cv::Point2d(1, 0), cv::Point2d(0, -1)},
            std::tuple{tl + cv::Point2d(kMarkerMm, 0), cv::Point2d(0, 1), cv::Point2d(1, 0)},
            std::tuple{tl + cv::Point2d(0, kMarkerMm), cv::Point2d(1, 0), cv::Point2d(0, 1)},
            std::tuple{tl, cv::Point2d(0, 1), cv::Point2d(-1, 0)}};
        for (const auto& [start, along, out] : sides) {
            std::vector<double> profile(static_cast<size_t>(steps), 0.0);
            bool ok = true;
            const int lines = 12;
            for (int k = 0; k < lines && ok; ++k) {
                const cv::Point2d base = start + along * (kMarkerMm * (0.25 + 0.5 * k / (lines - 1)));
                for (int i = 0; i < steps; ++i) {
                    const double t = reach - 2 * reach * i / (steps - 1); // outside (white) to inside (black)
                    const double v = sample(base + out * t);
                    if (v < 0) ok = false;
                    profile[static_cast<size_t>(i)] += v;
                }
            }
            if (!ok) continue;
            const int edge = std::max(2, steps / 6);
            const double white = std::accumulate(profile.begin(), profile.begin() + edge, 0.0) / edge;
            const double black = std::accumulate(profile.end() - edge, profile.end(), 0.0) / edge;
            if (white - black <= 1e-6) continue;
            auto crossing = [&](double level) {
                const double v = black + level * (white - black);
                for (int i = 1; i < steps; ++i)
                    if (profile[static_cast<size_t>(i)] <= v) {
                        const double a = profile[static_cast<size_t>(i - 1)],
                                     b = profile[static_cast<size_t>(i)];
                        const double f = a == b ? 0.0 : (a - v) / (a - b);
                        return (i - 1 + f) * 2 * reach / (steps - 1);
                    }
                return 2 * reach;
            };
            widths.push_back(crossing(0.1) - crossing(0.9));
        }
    }
    if (widths.empty()) return 0.0;
    std::nth_element(widths.begin(), widths.begin() + static_cast<long>(widths.size() / 2), widths.end());
    return widths[widths.size() / 2];
}

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

/// Per-channel background of a linear picture: the paper (or skin) with the dots taken away.
cv::Mat background(const cv::Mat& linear, double s) {
    const double factor = std::max(1.0, s / 2.0); // work at about 2 px/mm
    cv::Mat small;
    cv::resize(linear, small, cv::Size(), 1.0 / factor, 1.0 / factor, cv::INTER_AREA);
    const int k = std::max(3, static_cast<int>(std::lround(4.0 * s / factor)) | 1); // 4 mm
    const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, {k, k});
    cv::morphologyEx(small, small, cv::MORPH_CLOSE, kernel, {-1, -1}, 1, cv::BORDER_REPLICATE);
    cv::GaussianBlur(small, small, {0, 0}, k / 3.0, k / 3.0, cv::BORDER_REPLICATE);
    cv::Mat full;
    cv::resize(small, full, linear.size(), 0, 0, cv::INTER_LINEAR);
    return full;
}

struct Part {
    cv::Point2d centre; ///< ROI px
    double radius = 0;  ///< DT at the peak
};

} // namespace

std::array<int, kCorners> markerPayload(const std::array<int, kCorners>& ids) {
    std::array<int, kCorners> p{};
    for (int c = 0; c < kCorners; ++c)
        p[c] = ids[c] < 0 ? -1 : ids[c] % kIdsPerCorner;
    return p;
}

ScanResult scanPhoto(const std::string& bytes, const std::array<int, kCorners>& expectedIds, double canvasW,
                     double canvasH, const ScanOptions& options) {
    ScanResult r;
    const auto declared = declaredSize(bytes);
    if (!declared) {
        r.problem = ScanProblem::NotAnImage;
        r.message =
            "not a picture that can be read: only JPEG and PNG photos or scans of the sheet are scanned";
        return r;
    }
    if (declared->first * declared->second > kMaxPhotoPixels) {
        r.problem = ScanProblem::NotAnImage;
        r.message = "the picture has more than 100 megapixels (" + std::to_string(declared->first) + " x " +
                    std::to_string(declared->second) + "): take it at a lower resolution";
        return r;
    }
    const cv::Mat photo = decodePhoto(bytes);
    if (photo.empty()) {
        r.problem = ScanProblem::NotAnImage;
        r.message = "not a picture that can be read (a JPEG or PNG photo of the sheet is expected)";
        return r;
    }
    r.photoWidth = photo.cols;
    r.photoHeight = photo.rows;
    if (static_cast<int64_t>(photo.cols) * photo.rows > kMaxPhotoPixels) {
        r.problem = ScanProblem::NotAnImage;
        r.message = "the picture has more than 100 megapixels: take it at a lower resolution";
        return r;
    }
    cv::Mat gray;
    cv::cvtColor(photo, gray, cv::COLOR_BGR2GRAY);

    // 1. The markers.
    const Markers found = findMarkers(gray, expectedIds);
    r.seenIds = found.ids;
    if (!found.complete()) {
        std::string seen, missing;
        for (int c = 0; c < kCorners; ++c) {
            std::string& list = found.ids[c] >= 0 ? seen : missing;
            list += (list.empty() ? "" : ", ") + std::string(cornerName(c));
        }
        r.problem = ScanProblem::NoSheet;
        r.message = seen.empty() ? "no sheet found: none of the four black corner markers is in the picture"
                                 : "no whole sheet found: saw the " + seen + " marker" +
                                       (std::count(found.ids.begin(), found.ids.end(), -1) == 3 ? "" : "s") +
                                       ", not the " + missing;
        r.message += ". All four corners (the black squares) must be in the picture, flat and in focus";
        return r;
    }
    if (markerPayload(found.ids) != markerPayload(expectedIds)) {
        r.problem = ScanProblem::OtherLevel;
        r.message = "this sheet was printed for another level, or for another version of this level's file: "
                    "print the sheet again with stipple sheet, or scan with the level the sheet was made for";
        return r;
    }

    // 2. Sub-pixel corners and the homography canvas mm -> photo px.
    const auto places = markerPlaces(canvasW, canvasH, expectedIds);
    std::vector<cv::Point2f> mm, px;
    for (int c = 0; c < kCorners; ++c) {
        std::vector<cv::Point2f> pts = found.corners[c];
        const double cellPx = perimeter(pts) / 4.0 / 7.0;
        const int win = std::clamp(static_cast<int>(cellPx * 0.4), 2, 15);
        cv::cornerSubPix(gray, pts, {win, win}, {-1, -1},
                         {cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 40, 0.01});
        for (int k = 0; k < 4; ++k) {
            mm.emplace_back(static_cast<float>(places[c].cornersMm[k].x),
                            static_cast<float>(places[c].cornersMm[k].y));
            px.push_back(pts[k]);
        }
    }
    const cv::Mat hMat = cv::findHomography(mm, px, 0);
    if (hMat.empty()) {
        r.problem = ScanProblem::NoSheet;
        r.message = "the four markers do not make a sheet (is the sheet folded?): lay it flat, all four "
                    "corners in the picture";
        return r;
    }
    const cv::Matx33d h(hMat);
    double err2 = 0;
    for (size_t i = 0; i < mm.size(); ++i) {
        const cv::Point2d q = apply(h, mm[i]);
        err2 += (q.x - px[i].x) * (q.x - px[i].x) + (q.y - px[i].y) * (q.y - px[i].y);
    }
    r.reprojectionPx = std::sqrt(err2 / static_cast<double>(mm.size()));

    // 3. Enough pixels per millimetre?
    double lowest = 1e9, sum = 0;
    for (const cv::Point2d p : {cv::Point2d(0, 0), cv::Point2d(canvasW, 0), cv::Point2d(canvasW, canvasH),
                                cv::Point2d(0, canvasH), cv::Point2d(canvasW / 2, canvasH / 2)}) {
        const double k = localScale(h, p);
        lowest = std::min(lowest, k);
        sum += k;
    }
    r.pxPerMm = lowest;
    if (lowest < options.minPxPerMm) {
        r.problem = ScanProblem::TooSmall;
        r.message = fmt("the sheet is too small in this picture: %.1f pixels per millimetre on the canvas, "
                        "dots need at least %.0f. "
                        "Move closer so the four markers fill the picture, or scan at 300 dpi",
                        lowest, options.minPxPerMm);
        return r;
    }

    // 4. Rectify the canvas with its markers at s px/mm.
    const double s = std::clamp(sum / 5.0, 8.0, options.maxRectifiedPxPerMm);
    const double around = kMarkerGapMm + kMarkerMm + 1.0;
    const cv::Point2d originMm(-around, -around);
    const cv::Size size(static_cast<int>(std::ceil((canvasW + 2 * around) * s)),
                        static_cast<int>(std::ceil((canvasH + 2 * around) * s)));
    const cv::Matx33d toMm(1.0 / s, 0, originMm.x, 0, 1.0 / s, originMm.y, 0, 0, 1);
    cv::Mat rect;
    cv::warpPerspective(photo, rect, cv::Mat(h * toMm), size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                        cv::BORDER_CONSTANT, cv::Scalar(255, 255, 255));

    // Linear light, per channel.
    cv::Mat linear(rect.size(), CV_32FC3);
    const auto& lut = linearLut();
    for (int y = 0; y < rect.rows; ++y) {
        const auto* src = rect.ptr<cv::Vec3b>(y);
        auto* dst = linear.ptr<cv::Vec3f>(y);
        for (int x = 0; x < rect.cols; ++x)
            dst[x] = {lut[src[x][0]], lut[src[x][1]], lut[src[x][2]]};
    }

    // 5. Sharpness at the markers.
    cv::Mat grayLinear;
    cv::cvtColor(linear, grayLinear, cv::COLOR_BGR2GRAY);
    r.edgeWidthMm = markerEdgeWidthMm(grayLinear, s, originMm, places);
    if (r.edgeWidthMm > options.maxEdgeWidthMm) {
        r.problem = ScanProblem::TooBlurred;
        r.message = fmt("the picture is too blurred: the markers' edges are %.2f mm soft (at most %.2f mm "
                        "measures 0.3 mm dots). "
                        "Hold the camera still, let it focus on the canvas, and photograph again",
                        r.edgeWidthMm, options.maxEdgeWidthMm);
        return r;
    }

    // The canvas and its margin.
    const cv::Rect canvasPx(static_cast<int>(std::floor((-kCanvasMarginMm - originMm.x) * s)),
                            static_cast<int>(std::floor((-kCanvasMarginMm - originMm.y) * s)),
                            static_cast<int>(std::ceil((canvasW + 2 * kCanvasMarginMm) * s)),
                            static_cast<int>(std::ceil((canvasH + 2 * kCanvasMarginMm) * s)));
    const cv::Rect roi = canvasPx & cv::Rect(0, 0, rect.cols, rect.rows);
    const cv::Point2d roiOriginMm(roi.x / s + originMm.x, roi.y / s + originMm.y);
    const cv::Mat rectRoi = rect(roi);
    const cv::Mat lin = linear(roi);
    r.marginMm = -roiOriginMm.x;
    r.rectified.width = rectRoi.cols;
    r.rectified.height = rectRoi.rows;
    r.rectified.pxPerMm = s;
    r.rectified.rgb.resize(static_cast<size_t>(rectRoi.cols) * static_cast<size_t>(rectRoi.rows) * 3);
    for (int y = 0; y < rectRoi.rows; ++y)
        for (int x = 0; x < rectRoi.cols; ++x) {
            const cv::Vec3b v = rectRoi.at<cv::Vec3b>(y, x);
            uint8_t* d =
                r.rectified.rgb.data() +
                (static_cast<size_t>(y) * static_cast<size_t>(rectRoi.cols) + static_cast<size_t>(x)) * 3;
            d[0] = v[2], d[1] = v[1], d[2] = v[0];
        }
    const auto insideCanvas = [&](double xPx, double yPx) {
        const double xm = xPx / s + roiOriginMm.x, ym = yPx / s + roiOriginMm.y;
        return xm >= 0 && ym >= 0 && xm <= canvasW && ym <= canvasH;
    };

    // 6. Glare: tiles of the canvas whose paper (the brighter quarter of the tile, darkest
    // channel) is clipped white. A flatbed scan clips all of its paper, which is fine: glare is
    // clipping over part of the canvas only.
    {
        const int tile = std::max(4, static_cast<int>(std::lround(2.0 * s)));
        int clipped = 0, total = 0;
        std::vector<int> values;
        for (int ty = 0; ty + tile <= rectRoi.rows; ty += tile)
            for (int tx = 0; tx + tile <= rectRoi.cols; tx += tile) {
                if (!insideCanvas(tx, ty) || !insideCanvas(tx + tile, ty + tile)) continue;
                values.clear();
                for (int y = ty; y < ty + tile; ++y)
                    for (int x = tx; x < tx + tile; ++x) {
                        const cv::Vec3b v = rectRoi.at<cv::Vec3b>(y, x);
                        values.push_back(std::min({v[0], v[1], v[2]}));
                    }
                const size_t k = values.size() * 3 / 4;
                std::nth_element(values.begin(), values.begin() + static_cast<long>(k), values.end());
                ++total;
                clipped += values[k] >= 250;
            }
        r.glareFraction = total ? static_cast<double>(clipped) / total : 0.0;
        if (r.glareFraction > options.maxGlareFraction && r.glareFraction < 0.9) {
            r.problem = ScanProblem::Glare;
            r.message =
                fmt("glare or over-exposure: %.0f %% of the canvas is washed out white, and dots there "
                    "cannot be seen. "
                    "Move the light or tilt the sheet so no reflection falls on it, and photograph again",
                    100.0 * r.glareFraction);
            return r;
        }
    }

    // 7. Darkness. Each colour over its own background (uneven light, a colour cast, skin), then
    // each pixel explained as a grey ink's transmission T times a share b of the drop-out print:
    // v_c = T - b·q_c with q_c = 1 - (the drop-out colour's channel c), least squares over the
    // three channels. Darkness is 1 - T; b marks the printed guides, around which the threshold
    // is raised (a camera's colour subsampling greys thin blue lines a little).
    const cv::Mat bg = background(lin, s);
    cv::Mat dark(lin.size(), CV_32F), guide(lin.size(), CV_32F);
    {
        const auto& l8 = linearLut();
        const std::array<float, 3> q = {1.0f - l8[kDropOut.b], 1.0f - l8[kDropOut.g],
                                        1.0f - l8[kDropOut.r]}; // BGR
        const float sq = q[0] + q[1] + q[2], sqq = q[0] * q[0] + q[1] * q[1] + q[2] * q[2];
        const float denom = sqq - sq * sq / 3.0f;
        for (int y = 0; y < lin.rows; ++y) {
            const auto* l = lin.ptr<cv::Vec3f>(y);
            const auto* b = bg.ptr<cv::Vec3f>(y);
            auto* d = dark.ptr<float>(y);
            auto* g = guide.ptr<float>(y);
            for (int x = 0; x < lin.cols; ++x) {
                float sv = 0, svq = 0;
                for (int c = 0; c < 3; ++c) {
                    const float v = l[x][c] / std::max(b[x][c], 1e-3f);
                    sv += v;
                    svq += v * q[static_cast<size_t>(c)];
                }
                float share = (sq * sv / 3.0f - svq) / denom;
                share = std::max(0.0f, share);
                const float t = (sv + share * sq) / 3.0f;
                d[x] = std::clamp(1.0f - t, -1.0f, 1.0f);
                g[x] = share;
            }
        }
    }
    // Noise: robust spread of the darkness over the paper.
    std::vector<double> sampleValues;
    for (int y = 0; y < dark.rows; y += 3)
        for (int x = 0; x < dark.cols; x += 3)
            sampleValues.push_back(dark.at<float>(y, x));
    const double mid = median(sampleValues);
    for (double& v : sampleValues)
        v = std::abs(v - mid);
    const double noise = 1.4826 * median(sampleValues);
    const double blurPx = r.edgeWidthMm * s / 2.56;
    cv::Mat smooth;
    cv::GaussianBlur(dark, smooth, {0, 0}, 0.7);
    const double low =
        std::clamp(4.0 * noise * 0.6, 0.10, 0.30); // the smoothing divides the noise by about 1.7
    cv::Mat nearGuide;
    cv::dilate(guide, nearGuide, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
    // How dark the guides themselves read in this photo: the threshold on and beside them.
    double onGuide = low;
    {
        std::vector<double> v;
        for (int y = 0; y < smooth.rows; y += 2)
            for (int x = 0; x < smooth.cols; x += 2)
                if (nearGuide.at<float>(y, x) >= kGuideShare) v.push_back(smooth.at<float>(y, x));
        if (v.size() > 50) {
            std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() * 97 / 100), v.end());
            onGuide = std::clamp(v[v.size() * 97 / 100] + 0.06, low, kNearGuideDarkness);
        }
    }
    r.guideDarkness = onGuide;
    cv::Mat mask = (smooth > low) & ((nearGuide < kGuideShare) | (smooth > onGuide));
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);

    // First pass: each component's peak, and the ink darkness of the dots big enough to show it.
    struct Comp {
        cv::Rect box;
        float peak = 0;
        double ink = -1;
    };
    std::vector<Comp> comps(static_cast<size_t>(n));
    std::vector<double> inks;
    const double minArea = std::max(2.0, M_PI * std::pow(0.1 * s, 2));
    for (int i = 1; i < n; ++i) {
        Comp& c = comps[static_cast<size_t>(i)];
        c.box = cv::Rect(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                         stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
        if (stats.at<int>(i, cv::CC_STAT_AREA) < minArea) continue;
        std::vector<float> values;
        for (int y = c.box.y; y < c.box.br().y; ++y)
            for (int x = c.box.x; x < c.box.br().x; ++x)
                if (labels.at<int>(y, x) == i) values.push_back(dark.at<float>(y, x));
        std::sort(values.begin(), values.end());
        c.peak = values[values.size() * 9 / 10];
        // Interior: at least 1.5 px + the blur inside the half-darkness edge.
        cv::Mat core(c.box.size(), CV_8U, cv::Scalar(0));
        for (int y = 0; y < c.box.height; ++y)
            for (int x = 0; x < c.box.width; ++x)
                core.at<uint8_t>(y, x) = labels.at<int>(y + c.box.y, x + c.box.x) == i &&
                                         dark.at<float>(y + c.box.y, x + c.box.x) >= 0.5f * c.peak;
        cv::Mat padded;
        cv::copyMakeBorder(core, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
        cv::Mat dt;
        cv::distanceTransform(padded, dt, cv::DIST_L2, 3);
        std::vector<double> interior;
        for (int y = 0; y < c.box.height; ++y)
            for (int x = 0; x < c.box.width; ++x)
                if (dt.at<float>(y + 1, x + 1) >= 1.5 + 2.0 * blurPx)
                    interior.push_back(dark.at<float>(y + c.box.y, x + c.box.x));
        if (interior.size() >= 5) {
            c.ink = median(interior);
            inks.push_back(c.ink);
        }
    }
    const double globalInk = inks.empty() ? 0.85 : median(inks);
    r.inkDarkness = globalInk;

    // Second pass: split, measure.
    std::vector<double> singleAreas;
    struct Pending {
        ScannedDot dot;
        double areaPx;
    };
    std::vector<Pending> pending;
    const int ring = static_cast<int>(std::ceil(1.0 + 2.0 * blurPx));
    for (int i = 1; i < n; ++i) {
        const Comp& c = comps[static_cast<size_t>(i)];
        if (c.peak <= 0 || c.peak < std::max(2.0 * low, 0.2)) continue; // noise, specks
        const double ink =
            std::max(0.2, std::min(1.0, c.ink > 0 ? c.ink : std::max<double>(globalInk, c.peak)));
        const cv::Rect box = cv::Rect(c.box.x - ring - 1, c.box.y - ring - 1, c.box.width + 2 * ring + 2,
                                      c.box.height + 2 * ring + 2) &
                             cv::Rect(0, 0, dark.cols, dark.rows);
        // Core: half the ink's darkness (the dot's nominal edge); its distance transform.
        cv::Mat core(box.size(), CV_8U, cv::Scalar(0));
        int coreCount = 0;
        for (int y = 0; y < box.height; ++y)
            for (int x = 0; x < box.width; ++x) {
                const bool in = labels.at<int>(y + box.y, x + box.x) == i &&
                                smooth.at<float>(y + box.y, x + box.x) >= 0.5 * std::min<double>(ink, c.peak);
                core.at<uint8_t>(y, x) = in;
                coreCount += in;
            }
        cv::Mat dt;
        cv::distanceTransform(core, dt, cv::DIST_L2, 3);
        // Cover the core with discs, largest first: the uncovered core pixel deepest inside the
        // core (distance transform) starts the next disc, while what is left is a dot's worth.
        std::vector<Part> parts;
        {
            cv::Mat covered(box.size(), CV_8U, cv::Scalar(0));
            for (int round = 0; round < 64; ++round) {
                float best = 0;
                cv::Point at(-1, -1);
                int uncovered = 0;
                for (int y = 0; y < box.height; ++y)
                    for (int x = 0; x < box.width; ++x)
                        if (core.at<uint8_t>(y, x) && !covered.at<uint8_t>(y, x)) {
                            ++uncovered;
                            if (dt.at<float>(y, x) > best) best = dt.at<float>(y, x), at = {x, y};
                        }
                if (at.x < 0) break;
                const double radius = best;
                if (!parts.empty()) {
                    // A new dot must be big enough and mostly outside the discs found so far.
                    if (radius < std::max(1.2, 0.3 * parts.front().radius)) break;
                    int fresh = 0;
                    const int rr = static_cast<int>(std::ceil(radius));
                    for (int y = std::max(0, at.y - rr); y <= std::min(box.height - 1, at.y + rr); ++y)
                        for (int x = std::max(0, at.x - rr); x <= std::min(box.width - 1, at.x + rr); ++x)
                            if ((x - at.x) * (x - at.x) + (y - at.y) * (y - at.y) <= radius * radius &&
                                core.at<uint8_t>(y, x) && !covered.at<uint8_t>(y, x))
                                ++fresh;
                    if (fresh < 0.5 * M_PI * radius * radius) break;
                }
                parts.push_back({cv::Point2d(at), radius});
                const double grow = radius + 1.0;
                const int rr = static_cast<int>(std::ceil(grow));
                for (int y = std::max(0, at.y - rr); y <= std::min(box.height - 1, at.y + rr); ++y)
                    for (int x = std::max(0, at.x - rr); x <= std::min(box.width - 1, at.x + rr); ++x)
                        if ((x - at.x) * (x - at.x) + (y - at.y) * (y - at.y) <= grow * grow)
                            covered.at<uint8_t>(y, x) = 1;
            }
            if (parts.empty()) {
                cv::Moments mo = cv::moments(core, true);
                parts.push_back({mo.m00 > 0 ? cv::Point2d(mo.m10 / mo.m00, mo.m01 / mo.m00)
                                            : cv::Point2d(box.width / 2.0, box.height / 2.0),
                                 0.5});
            }
        }
        // Measure each part over its own pixels (nearest part by distance minus radius), the
        // component grown by `ring` for the soft edge, other components left out.
        const size_t k = parts.size();
        std::vector<double> sw(k, 0), sx(k, 0), sy(k, 0), area(k, 0);
        std::vector<int> corePx(k, 0);
        for (int y = 0; y < box.height; ++y)
            for (int x = 0; x < box.width; ++x) {
                const int label = labels.at<int>(y + box.y, x + box.x);
                if (label != i && label != 0) continue;
                // Within `ring` of the component?
                if (label == 0) {
                    bool near = false;
                    for (int dy = -ring; dy <= ring && !near; ++dy)
                        for (int dx = -ring; dx <= ring && !near; ++dx) {
                            const int yy = y + box.y + dy, xx = x + box.x + dx;
                            if (dx * dx + dy * dy <= ring * ring && yy >= 0 && xx >= 0 && yy < labels.rows &&
                                xx < labels.cols && labels.at<int>(yy, xx) == i)
                                near = true;
                        }
                    if (!near) continue;
                }
                size_t best = 0;
                double bestD = 1e18;
                for (size_t j = 0; j < k; ++j) {
                    const double d =
                        std::hypot(x - parts[j].centre.x, y - parts[j].centre.y) - parts[j].radius;
                    if (d < bestD) bestD = d, best = j;
                }
                const double v = dark.at<float>(y + box.y, x + box.x);
                const double w = std::max(0.0, v);
                sw[best] += w;
                sx[best] += w * x;
                sy[best] += w * y;
                area[best] += v / ink;
                corePx[best] += core.at<uint8_t>(y, x);
            }
        for (size_t j = 0; j < k; ++j) {
            if (sw[j] <= 0 || area[j] < minArea * 0.5) continue;
            const double cx = sx[j] / sw[j] + box.x, cy = sy[j] / sw[j] + box.y;
            ScannedDot d;
            d.posMm = {cx / s + roiOriginMm.x, cy / s + roiOriginMm.y};
            d.diameterMm = 2.0 * std::sqrt(std::max(0.0, area[j]) / M_PI) / s;
            d.darkness = ink;
            // One dot has a disc-like core: its area is about π·r² of its distance transform.
            const double disc = M_PI * std::pow(parts[j].radius + 0.5, 2);
            d.merged = corePx[j] > 2.2 * disc + 6;
            if (!d.merged) singleAreas.push_back(area[j]);
            pending.push_back({d, area[j]});
        }
    }
    const double typical = singleAreas.empty() ? 1.0 : median(singleAreas);
    for (Pending& p : pending) {
        const double xm = p.dot.posMm.x, ym = p.dot.posMm.y;
        if (xm < 0 || ym < 0 || xm > canvasW || ym > canvasH) {
            ++r.outsideCanvas;
            continue;
        }
        if (p.dot.merged) {
            p.dot.dotsInBlob = std::max(2, static_cast<int>(std::lround(p.areaPx / typical)));
            ++r.mergedBlobs;
        }
        r.dots.push_back(p.dot);
    }
    return r;
}

std::string overlayPng(const ScanResult& scan, double canvasW, double canvasH, double scale) {
    const PageImage& im = scan.rectified;
    if (im.width <= 0) return {};
    cv::Mat rgb(im.height, im.width, CV_8UC3, const_cast<uint8_t*>(im.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    if (scale != 1.0)
        cv::resize(bgr, bgr, cv::Size(), scale, scale, scale > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
    const double k = im.pxPerMm * scale;
    constexpr int shift = 4;
    const auto at = [&](double xm, double ym) {
        return cv::Point(static_cast<int>(std::lround((xm + scan.marginMm) * k * (1 << shift))),
                         static_cast<int>(std::lround((ym + scan.marginMm) * k * (1 << shift))));
    };
    cv::rectangle(bgr, at(0, 0), at(canvasW, canvasH), cv::Scalar(200, 120, 0), 1, cv::LINE_AA, shift);
    for (const ScannedDot& d : scan.dots) {
        const int radius = static_cast<int>(std::lround((d.diameterMm / 2.0 * k + 1.5) * (1 << shift)));
        cv::circle(bgr, at(d.posMm.x, d.posMm.y), radius,
                   d.merged ? cv::Scalar(0, 0, 230) : cv::Scalar(0, 190, 0), d.merged ? 2 : 1, cv::LINE_AA,
                   shift);
    }
    return encodePng(bgr);
}

} // namespace stipple::sheet
