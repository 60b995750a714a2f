// Test support: picture measurements (see image_checks.h).
#include "support/image_checks.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace stipple::test {

double luminance(sf::Color c) {
    return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

double contrast(const sf::Image& img) {
    double sum = 0, sum2 = 0;
    std::size_t n = 0;
    const auto size = img.getSize();
    for (unsigned y = 0; y < size.y; y += 3)
        for (unsigned x = 0; x < size.x; x += 3) {
            const double l = luminance(img.getPixel(x, y));
            sum += l;
            sum2 += l * l;
            ++n;
        }
    if (n == 0) return 0.0;
    const double mean = sum / static_cast<double>(n);
    return std::sqrt(std::max(0.0, sum2 / static_cast<double>(n) - mean * mean));
}

double meanLuminance(const sf::Image& img, sf::Vector2f p, int r) {
    double sum = 0;
    int n = 0;
    const int w = static_cast<int>(img.getSize().x), h = static_cast<int>(img.getSize().y);
    for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
            const int x = static_cast<int>(std::lround(p.x)) + dx,
                      y = static_cast<int>(std::lround(p.y)) + dy;
            if (x < 0 || y < 0 || x >= w || y >= h) continue;
            sum += luminance(img.getPixel(static_cast<unsigned>(x), static_cast<unsigned>(y)));
            ++n;
        }
    return n ? sum / n : 0.0;
}

std::size_t countNear(const sf::Image& img, sf::Color c, int tol, sf::IntRect area) {
    std::size_t n = 0;
    const int w = static_cast<int>(img.getSize().x), h = static_cast<int>(img.getSize().y);
    for (int y = std::max(area.top, 0); y < std::min(area.top + area.height, h); ++y)
        for (int x = std::max(area.left, 0); x < std::min(area.left + area.width, w); ++x) {
            const sf::Color p = img.getPixel(static_cast<unsigned>(x), static_cast<unsigned>(y));
            if (std::abs(p.r - c.r) <= tol && std::abs(p.g - c.g) <= tol && std::abs(p.b - c.b) <= tol) ++n;
        }
    return n;
}

std::size_t countNear(const sf::Image& img, sf::Color c, int tol) {
    return countNear(img, c, tol,
                     {0, 0, static_cast<int>(img.getSize().x), static_cast<int>(img.getSize().y)});
}

} // namespace stipple::test
