// The scanner reads photos with libjpeg-turbo and libpng (sheet/image_codec.h) instead of OpenCV's
// imgcodecs: every kind of JPEG and PNG a camera, a scanner or an image editor writes must give
// the very pixels imdecode(IMREAD_COLOR) gives (the reference here, linked only by the tests), and
// a damaged or forged file must be refused, never crash or allocate what its header claims.
#include "sheet/image_codec.h"

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <string>
#include <vector>

using namespace stipple::sheet;

namespace {

/// A photo-like picture: smooth gradients, dots and text-sharp edges, deterministic.
cv::Mat picture(int width, int height) {
    cv::Mat bgr(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            bgr.at<cv::Vec3b>(y, x) = {static_cast<uchar>(40 + (x * 7 + y * 3) % 200),
                                       static_cast<uchar>(255 * y / height),
                                       static_cast<uchar>((x * x + y) % 256)};
    for (int i = 0; i < 40; ++i)
        cv::circle(bgr, {(i * 37) % width, (i * 53) % height}, 2 + i % 5, cv::Scalar(i * 6, 20, 250 - i * 5),
                   cv::FILLED);
    return bgr;
}

std::string encoded(const cv::Mat& image, const std::string& ext, const std::vector<int>& params = {}) {
    std::vector<uchar> bytes;
    REQUIRE(cv::imencode(ext, image, bytes, params));
    return std::string(bytes.begin(), bytes.end());
}

cv::Mat reference(const std::string& bytes) {
    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
    return cv::imdecode(buffer, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
}

void requireSamePixels(const cv::Mat& ours, const cv::Mat& theirs) {
    REQUIRE_FALSE(ours.empty());
    REQUIRE(ours.type() == CV_8UC3);
    REQUIRE(ours.size() == theirs.size());
    CHECK(cv::norm(ours, theirs, cv::NORM_INF) == 0.0);
}

} // namespace

TEST_CASE("image codec: PNGs of every colour type and depth read as imdecode reads them", "[scan][codec]") {
    const cv::Mat bgr = picture(173, 91);
    cv::Mat grey, bgra, bgr16;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
    for (int y = 0; y < bgra.rows; ++y)
        for (int x = 0; x < bgra.cols; ++x)
            bgra.at<cv::Vec4b>(y, x)[3] = static_cast<uchar>((x * 3) % 256); // alpha kept, not blended
    bgr.convertTo(bgr16, CV_16UC3, 257.0);
    cv::Mat grey16;
    grey.convertTo(grey16, CV_16UC1, 257.0);
    const struct {
        const char* what;
        cv::Mat image;
    } cases[] = {{"8-bit colour", bgr},
                 {"8-bit grey", grey},
                 {"colour with alpha", bgra},
                 {"16-bit colour (a scanner's)", bgr16},
                 {"16-bit grey", grey16}};
    for (const auto& c : cases)
        for (const int compression : {0, 9}) {
            INFO(c.what << ", compression " << compression);
            const std::string bytes = encoded(c.image, ".png", {cv::IMWRITE_PNG_COMPRESSION, compression});
            requireSamePixels(decodePhoto(bytes), reference(bytes));
        }
}

TEST_CASE("image codec: JPEGs in colour and grey, baseline and progressive, read as imdecode reads them",
          "[scan][codec]") {
    const cv::Mat bgr = picture(317, 203);
    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    for (const bool progressive : {false, true})
        for (const int quality : {60, 95}) {
            INFO((progressive ? "progressive" : "baseline") << ", quality " << quality);
            const std::vector<int> params{cv::IMWRITE_JPEG_QUALITY, quality, cv::IMWRITE_JPEG_PROGRESSIVE,
                                          progressive ? 1 : 0};
            const std::string colour = encoded(bgr, ".jpg", params);
            requireSamePixels(decodePhoto(colour), reference(colour));
            const std::string mono = encoded(grey, ".jpg", params);
            requireSamePixels(decodePhoto(mono), reference(mono));
        }
}

TEST_CASE("image codec: an overlay written as PNG reads back pixel for pixel", "[scan][codec]") {
    const cv::Mat bgr = picture(64, 48);
    const std::string png = encodePng(bgr);
    REQUIRE(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    requireSamePixels(reference(png), bgr);
    requireSamePixels(decodePhoto(png), bgr);
    // A view into a larger image (rows with padding between them) is written as what it shows.
    const cv::Mat big = picture(200, 100);
    const cv::Mat view = big(cv::Rect(13, 7, 50, 40));
    requireSamePixels(decodePhoto(encodePng(view)), view.clone());
    CHECK(encodePng(cv::Mat()).empty());
    CHECK(encodePng(cv::Mat(4, 4, CV_8UC1, cv::Scalar(0))).empty());
}

TEST_CASE("image codec: damaged, forged and foreign files are refused without a crash", "[scan][codec]") {
    const cv::Mat bgr = picture(120, 80);
    const std::string png = encoded(bgr, ".png");
    const std::string jpg = encoded(bgr, ".jpg");
    CHECK(decodePhoto("").empty());
    CHECK(decodePhoto("hello, I am not a picture").empty());
    CHECK(decodePhoto(encoded(bgr, ".bmp")).empty()); // only JPEG and PNG are photos here
    // Cut short: a PNG without its end is refused; a JPEG cut short reads as far as it goes (as
    // imdecode does: the rest is grey), or is refused when even its header is incomplete.
    CHECK(decodePhoto(png.substr(0, png.size() / 2)).empty());
    CHECK(decodePhoto(png.substr(0, 20)).empty());
    CHECK(decodePhoto(jpg.substr(0, 30)).empty());
    const cv::Mat half = decodePhoto(jpg.substr(0, jpg.size() / 2));
    CHECK((half.empty() || half.size() == bgr.size()));
    // A PNG whose pixel data was damaged: its checksum no longer matches.
    std::string flipped = png;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x55);
    CHECK(decodePhoto(flipped).empty());
    // A header that claims 60,000 × 60,000 pixels (3.6 gigapixels) is refused before any
    // allocation. (PNG: the IHDR chunk's width and height; its CRC fixed so that only the size is wrong.)
    std::string huge = png;
    const auto be32 = [&](size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i)
            huge[at + static_cast<size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    };
    be32(16, 60000);
    be32(20, 60000);
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 12; i < 29; ++i) {
        crc ^= static_cast<unsigned char>(huge[i]);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    be32(29, ~crc);
    CHECK(decodePhoto(huge).empty());
}
