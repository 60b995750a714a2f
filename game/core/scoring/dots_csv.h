// Dots as CSV: what `stipple metrics` reads, what other commands write (exported attempts,
// generated patterns), and what a spreadsheet or R can open. The first line names the columns:
//
//   x_mm,y_mm[,diameter_mm][,depth_mm][,session][,shade][,tick]     (any order)
//
// x_mm and y_mm are required; the others are optional and a Dot keeps its default (0) for a
// missing one — DotsCsvColumns says which were present, so a caller can apply its own default
// openly instead of trusting a zero. Reading is strict: numbers must be plain decimals (no
// "1.5mm", "nan", "0x1A"), every bad row gives a located diagnostic `FILE:LINE:COL: error: ...`,
// all of them are collected in one pass, and nothing is silently dropped. A file with any error
// must be refused by the caller. Depends on io/ and ink/dots.h.
#pragma once

#include "ink/dots.h"
#include "io/diagnostics.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stipple {

/// Which optional columns the file had.
struct DotsCsvColumns {
    bool diameter = false;
    bool depth = false;
    bool session = false;
    bool shade = false;
    bool tick = false;
};

/// A parsed dots file: the dots in file order, each one's line number (for later messages such
/// as "dot outside the window"), and the optional columns present.
struct DotsCsv {
    std::vector<Dot> dots;
    std::vector<int> lines;
    DotsCsvColumns columns;
};

/// Largest dots file: a million dots (a whole scalp has about 100,000), and 128 MiB of text. A
/// bigger file is refused with one error saying so, before any row is read.
inline constexpr std::size_t kMaxDotsCsvRows = 1'000'000;
inline constexpr std::size_t kMaxDotsCsvBytes = std::size_t{128} << 20;

/// Accepted ranges: |x|, |y| ≤ 1,000,000 mm; 0 ≤ diameter ≤ 100 mm (0: a point, never
/// overlaps); 0 ≤ depth ≤ 100 mm;
/// session 0..32767; shade 0..255; tick 0..2³¹−1. Cells may be padded with spaces and may be in
/// double quotes ("" for a quote inside), as R's write.csv and spreadsheets write them; R's
/// row-name column (first, under an empty quoted header "") is left out. A UTF-8 byte-order mark
/// and CRLF line ends are accepted; blank lines are not (a single final newline is). Returns true
/// when there was no error.
bool parseDotsCsv(std::string_view text, const std::string& fileName, DotsCsv& out, Diagnostics& diagnostics);
/// Reads `path` and parses it; an unreadable file is one diagnostic at line 1.
bool readDotsCsv(const std::string& path, DotsCsv& out, Diagnostics& diagnostics);

/// Every column, header `x_mm,y_mm,diameter_mm,depth_mm,session,shade,tick`, numbers in the
/// shortest form that reads back to the same value (full precision, round trip exact).
std::string formatDotsCsv(std::span<const Dot> dots);
/// formatDotsCsv written atomically (io/files.h); false with a reason on failure.
bool writeDotsCsv(const std::string& path, std::span<const Dot> dots, std::string& error);

} // namespace stipple
