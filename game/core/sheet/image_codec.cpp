#include "sheet/image_codec.h"

#include <csetjmp>
#include <cstdio> // jpeglib.h needs FILE and size_t first
#include <cstring>
#include <vector>

#include <jpeglib.h>
#include <png.h>

namespace stipple::sheet {

namespace {

/// Pictures larger than kMaxPhotoPixels are refused before their pixels are allocated (a forged
/// header may declare 4 gigapixels).
constexpr double kMaxPixels = static_cast<double>(kMaxPhotoPixels);

// libjpeg and libpng report errors by longjmp. The functions that call setjmp below own no C++
// object with a destructor: what they fill (the image, the row pointers) lives in the caller, so
// a jump skips no destructor.

struct JpegError {
    jpeg_error_mgr manager;
    std::jmp_buf jump;
};

[[noreturn]] void jpegFailed(j_common_ptr info) {
    std::longjmp(reinterpret_cast<JpegError*>(info->err)->jump, 1);
}
void jpegSilent(j_common_ptr) {} // warnings (a truncated file is read as far as it goes, as OpenCV does)

bool decodeJpeg(const std::string& bytes, cv::Mat* out) {
    jpeg_decompress_struct info;
    JpegError error;
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = jpegFailed;
    error.manager.output_message = jpegSilent;
    if (setjmp(error.jump)) {
        jpeg_destroy_decompress(&info);
        out->release();
        return false;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    if (jpeg_read_header(&info, TRUE) != JPEG_HEADER_OK ||
        static_cast<double>(info.image_width) * static_cast<double>(info.image_height) > kMaxPixels) {
        jpeg_destroy_decompress(&info);
        return false;
    }
    info.out_color_space = JCS_EXT_BGR; // libjpeg-turbo converts grey and YCbCr to BGR itself
    jpeg_start_decompress(&info);
    out->create(static_cast<int>(info.output_height), static_cast<int>(info.output_width), CV_8UC3);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = out->ptr<unsigned char>(static_cast<int>(info.output_scanline));
        if (jpeg_read_scanlines(&info, &row, 1) != 1) break;
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return true;
}

struct PngSource {
    const std::string* bytes;
    size_t at = 0;
};

void pngRead(png_structp png, png_bytep data, png_size_t length) {
    auto* source = static_cast<PngSource*>(png_get_io_ptr(png));
    if (length > source->bytes->size() - source->at) png_error(png, "the file ends early");
    std::memcpy(data, source->bytes->data() + source->at, length);
    source->at += length;
}

[[noreturn]] void pngFailed(png_structp png, png_const_charp) {
    png_longjmp(png, 1);
} // the caller says why
void pngSilent(png_structp, png_const_charp) {} // warnings

bool decodePng(const std::string& bytes, cv::Mat* out, std::vector<png_bytep>* rows) {
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, pngFailed, pngSilent);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
        out->release();
        return false;
    }
    PngSource source{&bytes};
    png_set_read_fn(png, &source, pngRead);
    png_read_info(png, info);
    const png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    if (static_cast<double>(width) * static_cast<double>(height) > kMaxPixels) png_error(png, "too large");
    // As imdecode(IMREAD_COLOR): palette and small grey depths expanded, 16 bits reduced to 8,
    // alpha dropped (not blended), grey made colour, BGR order.
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_strip_alpha(png);
    png_set_gray_to_rgb(png);
    png_set_bgr(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != static_cast<png_size_t>(width) * 3)
        png_error(png, "unexpected row layout");
    out->create(static_cast<int>(height), static_cast<int>(width), CV_8UC3);
    rows->resize(height);
    for (png_uint_32 y = 0; y < height; ++y)
        (*rows)[y] = out->ptr<unsigned char>(static_cast<int>(y));
    png_read_image(png, rows->data());
    png_read_end(png, nullptr);
    png_destroy_read_struct(&png, &info, nullptr);
    return true;
}

} // namespace

cv::Mat decodePhoto(const std::string& bytes) {
    cv::Mat image;
    if (bytes.size() >= 8 && png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) == 0) {
        std::vector<png_bytep> rows;
        if (!decodePng(bytes, &image, &rows)) image.release();
    } else if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
               static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF) {
        if (!decodeJpeg(bytes, &image)) image.release();
    }
    return image;
}

std::string encodePng(const cv::Mat& bgr) {
    if (bgr.empty() || bgr.type() != CV_8UC3) return {};
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(bgr.cols);
    image.height = static_cast<png_uint_32>(bgr.rows);
    image.format = PNG_FORMAT_BGR;
    const auto stride = static_cast<png_int_32>(bgr.step[0]);
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&image, nullptr, &size, 0, bgr.data, stride, nullptr)) return {};
    std::string out(size, '\0');
    if (!png_image_write_to_memory(&image, out.data(), &size, 0, bgr.data, stride, nullptr)) return {};
    out.resize(size);
    return out;
}

} // namespace stipple::sheet
