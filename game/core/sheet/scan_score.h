// Scoring the dots of a scanned photo (sheet/photo_scan.h): the ordinary scorer on what a photo
// can show — places and sizes — with the metrics it cannot show (depth, blowouts, what healing
// would lose, layering by session, a scar's healed tone, pace) listed as "not measured" on the
// scorecard with the reason, never given a guessed value.
#pragma once

#include "exam/exam_result.h"
#include "ink/dots.h"
#include "scoring/level_context.h"
#include "scoring/score_attempt.h"
#include "sheet/photo_scan.h"
#include "store/results_store.h"

#include <span>
#include <vector>

namespace stipple::sheet {

/// The scanned dots as the scorer's dots: position, and the measured diameter as the fresh
/// diameter (the dots CSV's diameter_mm); depth, session, shade and tick unknown (0).
std::vector<Dot> scannedDots(const ScanResult& scan);

/// Scores dots read from a photo of a practice sheet on `context`'s level.
ScoreResult scoreScannedDots(const LevelContext& context, std::span<const Dot> dots);

/// The mark a run scored from a photo carries in the practice history: a zero-weight metric row
/// "scanned-sheet" (the history keeps every run's metrics, so no new column is needed; progress
/// per skill ignores ids it does not know). The run counts in progress like any other.
inline constexpr const char* kSheetRunMetric = "scanned-sheet";
ResultMetric sheetRunMarker();
/// True for a practice run scored from a photo of a practice sheet.
bool isSheetRun(const PracticeRecord& run);

} // namespace stipple::sheet
