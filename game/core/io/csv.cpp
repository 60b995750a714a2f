#include "io/csv.h"

#include "io/numbers.h"

namespace stipple {

/// Splits a line at its commas. A cell may be in double quotes, as R's write.csv and spreadsheets
/// write them (RFC 4180: "" inside stands for one "); false with `error` and its column when a
/// quote is not closed or text follows the closing quote.
bool splitCsvLine(std::string_view line, std::vector<CsvCell>& cells, std::string& error, int& errorColumn) {
    cells.clear();
    size_t i = 0;
    while (true) {
        const size_t start = i;
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        CsvCell cell{{}, static_cast<int>(i) + 1};
        if (i < line.size() && line[i] == '"') {
            cell.quoted = true;
            const size_t open = i++;
            for (;; ++i) {
                if (i >= line.size()) {
                    error = "a quoted cell has no closing '\"'";
                    errorColumn = static_cast<int>(open) + 1;
                    return false;
                }
                if (line[i] != '"') {
                    cell.text += line[i];
                } else if (i + 1 < line.size() && line[i + 1] == '"') {
                    cell.text += '"';
                    ++i;
                } else {
                    break;
                }
            }
            ++i; // past the closing quote
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
                ++i;
            if (i < line.size() && line[i] != ',') {
                error = "text after a quoted cell's closing '\"'";
                errorColumn = static_cast<int>(i) + 1;
                return false;
            }
            cell.text = std::string(trim(cell.text));
        } else {
            const size_t comma = line.find(',', start);
            cell.text = std::string(
                trim(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start)));
            i = comma == std::string_view::npos ? line.size() : comma;
        }
        cells.push_back(std::move(cell));
        if (i >= line.size()) break;
        ++i; // past the comma
    }
    return true;
}

/// The cell as it should appear in a message: quoted, non-printable bytes escaped, long cells cut.
std::string csvCellShown(std::string_view text) {
    std::string out = "'";
    for (size_t i = 0; i < text.size() && i < 40; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            static const char* hex = "0123456789ABCDEF";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    if (text.size() > 40) out += "...";
    return out + "'";
}

} // namespace stipple
