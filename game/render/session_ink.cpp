// Moved out of the practice screen so the replay screen draws recorded dots and the handpiece
// with the same rules (no second copy to drift apart).
#include "render/session_ink.h"

#include "ink/pigment.h"
#include "level/vocabulary.h"
#include "render/theme.h"
#include "scoring/score_attempt.h"

#include <algorithm>
#include <cmath>

namespace stipple::render {

InkDot sessionInkDot(const Level& level, const Dot& d) {
    InkDot ink;
    ink.pos = d.pos;
    ink.diameterMm = d.diameterMm;
    ink.layer = d.session;
    const Pigment p = decodePigment(d.shade);
    const SessionSpec& spec = level.sessions[std::min<size_t>(
        static_cast<size_t>(std::max<int>(d.session, 0)), level.sessions.size() - 1)];
    const auto shades = knownShades();
    const bool known = p.shadeIndex >= 0 && p.shadeIndex < static_cast<int>(shades.size());
    ink.colour =
        p.shadeIndex >= 0
            ? pigmentColour(known ? std::string(shades[static_cast<size_t>(p.shadeIndex)]) : "unrecorded",
                            p.dilution)
            : pigmentColour(spec.shade, spec.dilution);
    // Fresh pigment: a shallow strike deposits less ink, so it reads lighter on the skin.
    const double strength = std::clamp(0.45 + 0.55 * d.depthMm / 0.6, 0.45, 1.0);
    ink.colour.a = static_cast<sf::Uint8>(std::lround(235 * strength));
    return ink;
}

CursorState sessionCursor(const PracticeSession& s, int zone) {
    CursorState c;
    if (!s.handPlaced()) return c;
    c.visible = true;
    c.tipMm = s.tipMm();
    c.pointerMm = s.pointerMm();
    c.needleDown = s.needleIsDown();
    c.depthMm = s.currentDepthMm();
    const Level& level = s.level();
    if (zone >= 0 && static_cast<size_t>(zone) < level.zones.size()) {
        const Zone& z = level.zones[static_cast<size_t>(zone)];
        c.depthBandMinMm = z.depthMm.min;
        c.depthBandMaxMm = z.depthMm.max;
        c.blowoutMm = z.depthMm.max + kBlowoutMarginMm;
    }
    c.needleDiameterMm = s.needle().diameterMm;
    return c;
}

} // namespace stipple::render
