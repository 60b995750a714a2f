// The level writer: builds the io/xml.h tree attribute by attribute in the order
// levels/README.md documents, so written files read like hand-written ones.
#include "level/level_writer.h"

#include "io/numbers.h"

namespace stipple {

namespace {

std::string num(double v) {
    return formatNumber(v);
}
std::string boolean(bool v) {
    return v ? "true" : "false";
}

std::string points(const std::vector<Vec2>& pts) {
    std::string out;
    for (const Vec2 p : pts) {
        if (!out.empty()) out += ' ';
        out += num(p.x) + "," + num(p.y);
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
    canvas.set("width-mm", num(level.canvas.widthMm))
        .set("height-mm", num(level.canvas.heightMm))
        .set("skin", skin(level.canvas.skin));
    if (!level.canvas.texture.empty()) canvas.set("texture", level.canvas.texture);

    for (const Zone& z : level.zones) {
        XmlElement& e = root.addChild("zone");
        e.set("id", z.id);
        if (z.name != z.id) e.set("name", z.name);
        e.set("points", points(z.outline))
            .set("density-per-cm2", num(z.densityPerCm2))
            .set("min-spacing-mm", num(z.minSpacingMm))
            .set("healed-diameter-min-mm", num(z.healedDiameterMm.min))
            .set("healed-diameter-max-mm", num(z.healedDiameterMm.max))
            .set("depth-min-mm", num(z.depthMm.min))
            .set("depth-max-mm", num(z.depthMm.max));
    }
    for (const ForbiddenArea& f : level.forbidden)
        root.addChild("forbidden").set("id", f.id).set("points", points(f.outline));
    for (const Scar& s : level.scars) {
        root.addChild("scar")
            .set("id", s.id)
            .set("points", points(s.outline))
            .set("uptake", num(s.uptake))
            .set("spread", num(s.spread))
            .set("tissue-colour", hexColour(s.tissue));
    }
    if (const auto& h = level.hairline) {
        root.addChild("hairline")
            .set("points", points(h->line))
            .set("zone", h->zoneId)
            .set("band-mm", num(h->bandMm))
            .set("front-fraction", num(h->frontFraction))
            .set("back-fraction", num(h->backFraction))
            .set("symmetry", boolean(h->scoreSymmetry))
            .set("symmetry-axis-x-mm", num(h->symmetryAxisXMm))
            .set("symmetry-tolerance-mm", num(h->symmetryToleranceMm));
    }

    XmlElement& target = root.addChild("target");
    target.set("generate", boolean(level.target.generate))
        .set("seed", std::to_string(level.target.seed))
        .set("tolerance-mm", num(level.target.toleranceMm));
    for (const TargetDot& d : level.target.dots)
        target.addChild("dot")
            .set("x-mm", num(d.pos.x))
            .set("y-mm", num(d.pos.y))
            .set("diameter-mm", num(d.diameterMm));

    XmlElement& sessions = root.addChild("sessions");
    for (const SessionSpec& s : level.sessions) {
        sessions.addChild("session")
            .set("cumulative-fraction", num(s.cumulativeFraction))
            .set("shade", s.shade)
            .set("dilution", num(s.dilution))
            .set("heal-days", num(s.healDays));
    }

    const HealingSpec& heal = level.healing;
    root.addChild("healing")
        .set("seed", std::to_string(heal.seed))
        .set("fresh-to-healed", num(heal.freshToHealed))
        .set("size-variation", num(heal.sizeVariation))
        .set("lightening", num(heal.lightening))
        .set("tone-variation", num(heal.toneVariation))
        .set("fade-margin-mm", num(heal.fadeMarginMm))
        .set("migration-per-mm", num(heal.migrationPerMm))
        .set("blowout-margin-mm", num(heal.blowoutMarginMm))
        .set("blowout-spread", num(heal.blowoutSpread))
        .set("settle-days", num(heal.settleDays));

    XmlElement& tools = root.addChild("tools");
    for (const Needle& n : level.needles)
        tools.addChild("needle")
            .set("id", n.id)
            .set("configuration", n.configuration)
            .set("diameter-mm", num(n.diameterMm));

    XmlElement& scoring = root.addChild("scoring");
    scoring.set("pass-mark", num(level.scoring.passMark));
    if (level.scoring.failMargin != ScoringSpec{}.failMargin)
        scoring.set("fail-margin", num(level.scoring.failMargin));
    for (const MetricSpec& m : level.scoring.metrics) {
        XmlElement& metric = scoring.addChild("metric").set("id", m.id).set("enabled", boolean(m.enabled));
        if (m.hasBand) metric.set("band-min", num(m.band.min)).set("band-max", num(m.band.max));
        metric.set("falloff", num(m.falloff)).set("weight", num(m.weight)).set("pass-mark", num(m.passMark));
        if (m.gate) metric.set("gate", boolean(*m.gate));
    }
    for (const VetoRule& v : level.scoring.vetoes)
        scoring.addChild("veto").set("metric", v.metric).set("max", num(v.maxValue)).set("reason", v.reason);

    const ModeSpec& m = level.mode;
    root.addChild("mode")
        .set("ghost", boolean(m.ghost))
        .set("undo", boolean(m.undo))
        .set("live-score", boolean(m.liveScore))
        .set("heatmap", boolean(m.heatmap))
        .set("outlines", boolean(m.outlines))
        .set("time-limit-s", num(m.timeLimitS))
        .set("strikes-per-minute", num(m.expectedStrikesPerMinute));

    const HandpieceSpec& h = level.handpiece;
    root.addChild("handpiece")
        .set("tremor-mm", num(h.tremorMm))
        .set("tremor-hz", num(h.tremorHz))
        .set("depth-per-second-mm", num(h.depthPerSecondMm))
        .set("max-depth-mm", num(h.maxDepthMm))
        .set("pressure", boolean(h.pressure));
    // Written only when a level changes them, so levels that never did keep their bytes.
    XmlElement& hp = root.children.back();
    if (h.tapDepthMm != HandpieceSpec{}.tapDepthMm) hp.set("tap-depth-mm", num(h.tapDepthMm));
    if (h.spreadPerMm != HandpieceSpec{}.spreadPerMm) hp.set("spread-per-mm", num(h.spreadPerMm));
    return root;
}

std::string writeLevel(const Level& level) {
    return writeXml(levelToXml(level));
}

} // namespace stipple
