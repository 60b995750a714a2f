// The level writer: builds the io/xml.h tree attribute by attribute in the order
// levels/README.md documents, so written files read like hand-written ones.
#include "level/level_writer.h"

#include "io/numbers.h"

namespace stipple {

namespace {

std::string boolean(bool v) {
    return v ? "true" : "false";
}

std::string points(const std::vector<Vec2>& pts) {
    std::string out;
    for (const Vec2 p : pts) {
        if (!out.empty()) out += ' ';
        out += formatNumber(p.x) + "," + formatNumber(p.y);
    }
    return out;
}

std::string skin(const SkinTone& s) {
    static constexpr const char* kRoman[] = {"I", "II", "III", "IV", "V", "VI"};
    if (s.fitzpatrick >= 1 && s.fitzpatrick <= 6 && s.rgb == fitzpatrickColour(s.fitzpatrick))
        return kRoman[s.fitzpatrick - 1];
    return hexColour(s.rgb);
}

} // namespace

XmlElement levelToXml(const Level& level) {
    XmlElement root;
    root.name = "level";
    root.set("format", std::to_string(level.formatVersion))
        .set("id", level.id)
        .set("title", level.title)
        .set("skill", level.skill)
        .set("difficulty", std::to_string(level.difficulty));
    root.addChild("brief").text = level.brief;
    if (!level.instructions.empty()) root.addChild("instructions").text = level.instructions;

    XmlElement& canvas = root.addChild("canvas");
    canvas.set("width-mm", formatNumber(level.canvas.widthMm))
        .set("height-mm", formatNumber(level.canvas.heightMm))
        .set("skin", skin(level.canvas.skin));
    if (!level.canvas.texture.empty()) canvas.set("texture", level.canvas.texture);

    for (const Zone& z : level.zones) {
        XmlElement& e = root.addChild("zone");
        e.set("id", z.id);
        if (z.name != z.id) e.set("name", z.name);
        e.set("points", points(z.outline))
            .set("density-per-cm2", formatNumber(z.densityPerCm2))
            .set("min-spacing-mm", formatNumber(z.minSpacingMm))
            .set("healed-diameter-min-mm", formatNumber(z.healedDiameterMm.min))
            .set("healed-diameter-max-mm", formatNumber(z.healedDiameterMm.max))
            .set("depth-min-mm", formatNumber(z.depthMm.min))
            .set("depth-max-mm", formatNumber(z.depthMm.max));
    }
    for (const ForbiddenArea& f : level.forbidden)
        root.addChild("forbidden").set("id", f.id).set("points", points(f.outline));
    for (const Scar& s : level.scars) {
        root.addChild("scar")
            .set("id", s.id)
            .set("points", points(s.outline))
            .set("uptake", formatNumber(s.uptake))
            .set("spread", formatNumber(s.spread))
            .set("tissue-colour", hexColour(s.tissue));
    }
    if (const auto& h = level.hairline) {
        root.addChild("hairline")
            .set("points", points(h->line))
            .set("zone", h->zoneId)
            .set("band-mm", formatNumber(h->bandMm))
            .set("front-fraction", formatNumber(h->frontFraction))
            .set("back-fraction", formatNumber(h->backFraction))
            .set("symmetry", boolean(h->scoreSymmetry))
            .set("symmetry-axis-x-mm", formatNumber(h->symmetryAxisXMm))
            .set("symmetry-tolerance-mm", formatNumber(h->symmetryToleranceMm));
    }

    XmlElement& target = root.addChild("target");
    target.set("generate", boolean(level.target.generate))
        .set("seed", std::to_string(level.target.seed))
        .set("tolerance-mm", formatNumber(level.target.toleranceMm));
    for (const TargetDot& d : level.target.dots)
        target.addChild("dot")
            .set("x-mm", formatNumber(d.pos.x))
            .set("y-mm", formatNumber(d.pos.y))
            .set("diameter-mm", formatNumber(d.diameterMm));

    XmlElement& sessions = root.addChild("sessions");
    for (const SessionSpec& s : level.sessions) {
        sessions.addChild("session")
            .set("cumulative-fraction", formatNumber(s.cumulativeFraction))
            .set("shade", s.shade)
            .set("dilution", formatNumber(s.dilution))
            .set("heal-days", formatNumber(s.healDays));
    }

    const HealingSpec& heal = level.healing;
    root.addChild("healing")
        .set("seed", std::to_string(heal.seed))
        .set("fresh-to-healed", formatNumber(heal.freshToHealed))
        .set("size-variation", formatNumber(heal.sizeVariation))
        .set("lightening", formatNumber(heal.lightening))
        .set("tone-variation", formatNumber(heal.toneVariation))
        .set("fade-margin-mm", formatNumber(heal.fadeMarginMm))
        .set("migration-per-mm", formatNumber(heal.migrationPerMm))
        .set("blowout-margin-mm", formatNumber(heal.blowoutMarginMm))
        .set("blowout-spread", formatNumber(heal.blowoutSpread))
        .set("settle-days", formatNumber(heal.settleDays));

    XmlElement& tools = root.addChild("tools");
    for (const Needle& n : level.needles)
        tools.addChild("needle")
            .set("id", n.id)
            .set("configuration", n.configuration)
            .set("diameter-mm", formatNumber(n.diameterMm));

    XmlElement& scoring = root.addChild("scoring");
    scoring.set("pass-mark", formatNumber(level.scoring.passMark));
    if (level.scoring.failMargin != ScoringSpec{}.failMargin)
        scoring.set("fail-margin", formatNumber(level.scoring.failMargin));
    for (const MetricSpec& m : level.scoring.metrics) {
        XmlElement& metric = scoring.addChild("metric").set("id", m.id).set("enabled", boolean(m.enabled));
        if (m.hasBand)
            metric.set("band-min", formatNumber(m.band.min)).set("band-max", formatNumber(m.band.max));
        metric.set("falloff", formatNumber(m.falloff))
            .set("weight", formatNumber(m.weight))
            .set("pass-mark", formatNumber(m.passMark));
        if (m.gate) metric.set("gate", boolean(*m.gate));
    }
    for (const VetoRule& v : level.scoring.vetoes)
        scoring.addChild("veto")
            .set("metric", v.metric)
            .set("max", formatNumber(v.maxValue))
            .set("reason", v.reason);

    const ModeSpec& m = level.mode;
    root.addChild("mode")
        .set("ghost", boolean(m.ghost))
        .set("undo", boolean(m.undo))
        .set("live-score", boolean(m.liveScore))
        .set("heatmap", boolean(m.heatmap))
        .set("outlines", boolean(m.outlines))
        .set("time-limit-s", formatNumber(m.timeLimitS))
        .set("strikes-per-minute", formatNumber(m.expectedStrikesPerMinute));

    const HandpieceSpec& h = level.handpiece;
    root.addChild("handpiece")
        .set("tremor-mm", formatNumber(h.tremorMm))
        .set("tremor-hz", formatNumber(h.tremorHz))
        .set("depth-per-second-mm", formatNumber(h.depthPerSecondMm))
        .set("max-depth-mm", formatNumber(h.maxDepthMm))
        .set("pressure", boolean(h.pressure));
    // Written only when a level changes them, so levels that never did keep their bytes.
    XmlElement& hp = root.children.back();
    if (h.tapDepthMm != HandpieceSpec{}.tapDepthMm) hp.set("tap-depth-mm", formatNumber(h.tapDepthMm));
    if (h.spreadPerMm != HandpieceSpec{}.spreadPerMm) hp.set("spread-per-mm", formatNumber(h.spreadPerMm));
    return root;
}

std::string writeLevel(const Level& level) {
    return writeXml(levelToXml(level));
}

} // namespace stipple
