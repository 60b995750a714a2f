// Splitting one line of a CSV file into cells, as R's write.csv and spreadsheets write them
// (RFC 4180 quoting: a cell may be in double quotes, "" inside stands for one "). Shared by every
// CSV reader (dots files, the academy's candidate list), so they accept the same files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stipple {

/// A cell: its text (trimmed, quotes removed) and the 1-based column of its first character.
struct CsvCell {
    std::string text;
    int column = 1;
    bool quoted = false;
};

/// Splits `line` at its commas; false with `error` and its 1-based `errorColumn` when a quote is
/// not closed or text follows the closing quote.
bool splitCsvLine(std::string_view line, std::vector<CsvCell>& cells, std::string& error, int& errorColumn);

/// A cell as it should appear in a message: in single quotes, non-printable bytes escaped as \xNN,
/// cut after 40 bytes.
std::string csvCellShown(std::string_view text);

} // namespace stipple
