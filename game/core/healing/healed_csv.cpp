// Writing healed dots as CSV; the columns are documented in healed_csv.h.
#include "healing/healed_csv.h"

#include "io/files.h"
#include "io/numbers.h"

#include <cassert>
#include <charconv>

namespace stipple {

namespace {

std::string shortest(float v) {
    char buffer[32];
    const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return ec == std::errc() ? std::string(buffer, ptr) : std::string("0");
}

} // namespace

const char* healedState(const HealedDot& dot) {
    if (dot.flags & kHealLost) return "lost";
    if (dot.flags & kHealBlowout) return "blowout";
    if (dot.flags & kHealMigrated) return "spread";
    if (dot.flags & kHealFaded) return "faded";
    return "healed";
}

std::string formatHealedCsv(const Level& level, std::span<const Dot> dots, std::span<const HealedDot> look) {
    assert(dots.size() == look.size() && "one healed dot per dot");
    std::string out =
        "x_mm,y_mm,diameter_mm,opacity,blur_mm,blue_shift,colour,state,session,scar,fresh_diameter_mm,"
        "depth_mm\n";
    out.reserve(out.size() + dots.size() * 110);
    for (size_t i = 0; i < dots.size(); ++i) {
        const HealedDot& h = look[i];
        out += formatNumber(h.pos.x);
        out += ',';
        out += formatNumber(h.pos.y);
        out += ',';
        out += shortest(h.diameterMm);
        out += ',';
        out += shortest(h.opacity);
        out += ',';
        out += shortest(h.blurMm);
        out += ',';
        out += shortest(h.blueShift);
        out += ',';
        out += hexColour(h.colour);
        out += ',';
        out += healedState(h);
        out += ',';
        out += std::to_string(h.session);
        out += ',';
        if (h.scar >= 0 && static_cast<size_t>(h.scar) < level.scars.size())
            out += level.scars[static_cast<size_t>(h.scar)].id;
        out += ',';
        out += shortest(dots[i].diameterMm);
        out += ',';
        out += shortest(dots[i].depthMm);
        out += '\n';
    }
    return out;
}

bool writeHealedCsv(const std::string& path, const Level& level, std::span<const Dot> dots,
                    std::span<const HealedDot> look, std::string& error) {
    return writeFileAtomic(path, formatHealedCsv(level, dots, look), error);
}

} // namespace stipple
