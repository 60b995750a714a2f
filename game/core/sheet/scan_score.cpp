#include "sheet/scan_score.h"

namespace stipple::sheet {

std::vector<Dot> scannedDots(const ScanResult& scan) {
    std::vector<Dot> dots;
    dots.reserve(scan.dots.size());
    for (const ScannedDot& s : scan.dots) {
        Dot d;
        d.pos = s.posMm;
        d.diameterMm = static_cast<float>(s.diameterMm);
        dots.push_back(d);
    }
    return dots;
}

ScoreResult scoreScannedDots(const LevelContext& context, std::span<const Dot> dots) {
    const Level& level = context.level();
    AttemptInfo info;
    info.depthKnown = false; // a photo cannot see depth
    info.sizeKnown = true;
    info.elapsedSeconds = 0.0;
    ScoreResult result = scoreAttempt(context, dots, info);
    auto& nm = result.card.notMeasured;
    nm.push_back({"depth", "Depth", "not in a photo: how deep a dot went cannot be seen on paper or skin"});
    nm.push_back({"blowouts", "Blowouts", "not in a photo: a blowout depends on depth"});
    if (level.sessions.size() > 1 || !level.scars.empty())
        nm.push_back(
            {"lost", "Lost at healing", "not in a photo: which dots heal away depends on depth and pigment"});
    if (level.sessions.size() > 1)
        nm.push_back({"layering", "Layering by session",
                      "not in a photo: which session each dot belongs to is not recorded"});
    if (!level.scars.empty())
        nm.push_back({"scar-tone", "Scar tone",
                      "not in a photo: the healed tone on scar tissue depends on depth and pigment"});
    nm.push_back({"pace", "Pace", "not in a photo: the working time was not recorded"});
    return result;
}

ResultMetric sheetRunMarker() {
    return {kSheetRunMetric, "", 1.0, 100.0, 0.0, true};
}

bool isSheetRun(const PracticeRecord& run) {
    for (const auto& m : run.metrics)
        if (m.id == kSheetRunMetric) return true;
    return false;
}

} // namespace stipple::sheet
