// Photos in and pictures out for the scanner: JPEG and PNG read into 8-bit BGR images, and PNG
// written, with libjpeg-turbo and libpng directly. OpenCV's imgcodecs would do the same for these
// two formats but links 139 shared libraries (GDAL, GDCM, OpenEXR, …) that every start of
// `stipple` — the trainer and each command — had to load.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>

namespace stipple::sheet {

/// The largest photo read or scanned, in pixels (memory: a 100-megapixel picture is 300 MB decoded).
inline constexpr int64_t kMaxPhotoPixels = 100'000'000;

/// The picture in `bytes` as 8-bit BGR, as OpenCV's imdecode(IMREAD_COLOR) gives it: grey and
/// palette pictures expanded to colour, 16-bit samples reduced to 8, an alpha channel dropped.
/// EXIF orientation is not applied (the scanner finds the sheet at any rotation). An empty
/// image when the bytes are not a JPEG or PNG that can be read to the end; never throws.
cv::Mat decodePhoto(const std::string& bytes);

/// An 8-bit, 3-channel BGR image as PNG bytes; empty when it cannot be encoded.
std::string encodePng(const cv::Mat& bgr);

} // namespace stipple::sheet
