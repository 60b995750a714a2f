#include "scoring/dots_csv.h"

#include <cstdio>

#include "io/csv.h"
#include "io/files.h"
#include "io/numbers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>

namespace stipple {

namespace {

enum class Column { X, Y, Diameter, Depth, Session, Shade, Tick };

struct ColumnSpec {
    Column column;
    const char* name;
};
constexpr std::array<ColumnSpec, 7> kColumns{{{Column::X, "x_mm"},
                                              {Column::Y, "y_mm"},
                                              {Column::Diameter, "diameter_mm"},
                                              {Column::Depth, "depth_mm"},
                                              {Column::Session, "session"},
                                              {Column::Shade, "shade"},
                                              {Column::Tick, "tick"}}};
constexpr const char* kKnownList = "x_mm, y_mm, diameter_mm, depth_mm, session, shade, tick";

using Cell = CsvCell;

bool splitCells(std::string_view line, std::vector<Cell>& cells, std::string& error, int& errorColumn) {
    return splitCsvLine(line, cells, error, errorColumn);
}

std::string shown(std::string_view text) {
    return csvCellShown(text);
}

bool looksNumeric(std::string_view text) {
    return parseNumber(text).has_value();
}

std::string formatFloat(float v) {
    char buffer[32];
    const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return ec == std::errc() ? std::string(buffer, ptr) : std::string("0");
}

} // namespace

bool parseDotsCsv(std::string_view text, const std::string& fileName, DotsCsv& out,
                  Diagnostics& diagnostics) {
    out = DotsCsv{};
    const int errorsBefore = diagnostics.errorCount();
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

    // Binary data: report the first control byte once, rather than one message per row.
    {
        int line = 1, col = 1;
        for (const char ch : text) {
            const unsigned char c = static_cast<unsigned char>(ch);
            if (c == '\n') {
                ++line;
                col = 1;
                continue;
            }
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
                static const char* hex = "0123456789ABCDEF";
                diagnostics.error(fileName, line, col,
                                  std::string("binary data (byte 0x") + hex[c >> 4] + hex[c & 15] +
                                      "): a dots file is CSV text");
                return false;
            }
            ++col;
        }
    }
    if (trim(text).empty()) {
        diagnostics.error(fileName, 1, 1,
                          "empty file: expected a header line naming the columns, e.g. x_mm,y_mm");
        return false;
    }
    if (text.size() > kMaxDotsCsvBytes) {
        diagnostics.error(fileName, 1, 1,
                          "file too large: " + std::to_string(text.size()) +
                              " bytes (a dots file may have at most " +
                              std::to_string(kMaxDotsCsvBytes >> 20) + " MiB)");
        return false;
    }

    // Counted before they are split, so that a file of a hundred million empty lines costs no
    // index of a hundred million lines.
    const size_t rows =
        static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) - (text.back() == '\n' ? 1 : 0);
    if (rows > kMaxDotsCsvRows) {
        diagnostics.error(fileName, static_cast<int>(kMaxDotsCsvRows) + 2, 1,
                          "too many dots: the file has " + std::to_string(rows) +
                              " rows, a dots file may have at most " + std::to_string(kMaxDotsCsvRows));
        return false;
    }

    // Lines; a single final newline ends the last row rather than starting an empty one.
    std::vector<std::string_view> lines;
    for (size_t start = 0; start <= text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    if (!text.empty() && text.back() == '\n') lines.pop_back();
    out.dots.reserve(lines.size() - 1);
    out.lines.reserve(lines.size() - 1);

    // Header.
    std::vector<Cell> header, cells;
    std::string splitError;
    int splitColumn = 1;
    if (!splitCells(lines[0], header, splitError, splitColumn)) {
        diagnostics.error(fileName, 1, splitColumn, splitError);
        return false;
    }
    // R's write.csv writes the row names first, under an empty header cell (""): that column is
    // read and left out.
    const bool rowNames = header.size() > 1 && header[0].text.empty() && header[0].quoted;
    if (looksNumeric(header[0].text)) {
        diagnostics.error(fileName, 1, 1,
                          "missing header line: the first line must name the columns (x_mm,y_mm,...), got " +
                              shown(lines[0]));
        return false;
    }
    std::vector<Column> columnOf;
    std::array<int, kColumns.size()> seenAt{};
    for (size_t h = rowNames ? 1 : 0; h < header.size(); ++h) {
        const Cell& cell = header[h];
        const ColumnSpec* spec = nullptr;
        for (const ColumnSpec& s : kColumns)
            if (cell.text == s.name) spec = &s;
        if (!spec) {
            diagnostics.error(fileName, 1, cell.column,
                              "unknown column " + shown(cell.text) + " (known: " + kKnownList + ")");
            columnOf.push_back(Column::X); // placeholder; the file is refused anyway
            continue;
        }
        const size_t index = static_cast<size_t>(spec->column);
        if (seenAt[index]) {
            diagnostics.error(fileName, 1, cell.column,
                              std::string("column '") + spec->name + "' appears twice (first at column " +
                                  std::to_string(seenAt[index]) + ")");
        } else {
            seenAt[index] = cell.column;
        }
        columnOf.push_back(spec->column);
    }
    for (const Column required : {Column::X, Column::Y})
        if (!seenAt[static_cast<size_t>(required)])
            diagnostics.error(fileName, 1, 1,
                              std::string("missing required column '") +
                                  kColumns[static_cast<size_t>(required)].name + "' in the header");
    if (diagnostics.errorCount() > errorsBefore) return false;
    out.columns.diameter = seenAt[static_cast<size_t>(Column::Diameter)] != 0;
    out.columns.depth = seenAt[static_cast<size_t>(Column::Depth)] != 0;
    out.columns.session = seenAt[static_cast<size_t>(Column::Session)] != 0;
    out.columns.shade = seenAt[static_cast<size_t>(Column::Shade)] != 0;
    out.columns.tick = seenAt[static_cast<size_t>(Column::Tick)] != 0;

    // Rows.
    for (size_t li = 1; li < lines.size(); ++li) {
        const int lineNo = static_cast<int>(li) + 1;
        if (trim(lines[li]).empty()) {
            diagnostics.error(fileName, lineNo, 1, "blank line: every line after the header must be a dot");
            continue;
        }
        if (!splitCells(lines[li], cells, splitError, splitColumn)) {
            diagnostics.error(fileName, lineNo, splitColumn, splitError);
            continue;
        }
        if (cells.size() != header.size()) {
            diagnostics.error(fileName, lineNo, 1,
                              "row has " + std::to_string(cells.size()) +
                                  (cells.size() == 1 ? " cell" : " cells") + ", the header names " +
                                  std::to_string(header.size()) + " columns");
            continue;
        }
        Dot dot;
        bool ok = true;
        if (rowNames) cells.erase(cells.begin()); // the row name
        for (size_t c = 0; c < cells.size(); ++c) {
            const Cell& cell = cells[c];
            const char* name = kColumns[static_cast<size_t>(columnOf[c])].name;
            const auto fail = [&](const std::string& message) {
                diagnostics.error(fileName, lineNo, cell.column, message);
                ok = false;
            };
            if (cell.text.empty()) {
                fail(std::string("empty cell in column '") + name + "'");
                continue;
            }
            const bool integerColumn =
                columnOf[c] == Column::Session || columnOf[c] == Column::Shade || columnOf[c] == Column::Tick;
            if (integerColumn) {
                const auto v = parseInteger(cell.text);
                const int64_t hi = columnOf[c] == Column::Session ? 32767
                                   : columnOf[c] == Column::Shade ? 255
                                                                  : INT32_MAX;
                if (!v) {
                    fail(std::string("column '") + name + "' must be a whole number, got " +
                         shown(cell.text));
                } else if (*v < 0 || *v > hi) {
                    fail(std::string("column '") + name + "' must be in 0.." + std::to_string(hi) + ", got " +
                         std::to_string(*v));
                } else if (columnOf[c] == Column::Session) {
                    dot.session = static_cast<int16_t>(*v);
                } else if (columnOf[c] == Column::Shade) {
                    dot.shade = static_cast<uint8_t>(*v);
                } else {
                    dot.tick = static_cast<int32_t>(*v);
                }
                continue;
            }
            const auto v = parseNumber(cell.text);
            if (!v) {
                fail(std::string("column '") + name + "' must be a finite decimal number, got " +
                     shown(cell.text));
                continue;
            }
            switch (columnOf[c]) {
            case Column::X:
            case Column::Y:
                if (std::fabs(*v) > 1e6)
                    fail(std::string("column '") + name + "' must be within ±1000000 mm, got " +
                         shown(cell.text));
                else
                    (columnOf[c] == Column::X ? dot.pos.x : dot.pos.y) = *v;
                break;
            case Column::Diameter:
                if (*v < 0.0 || *v > 100.0)
                    fail("column 'diameter_mm' must be in [0, 100] mm, got " + shown(cell.text));
                else
                    dot.diameterMm = static_cast<float>(*v);
                break;
            case Column::Depth:
                if (*v < 0.0 || *v > 100.0)
                    fail("column 'depth_mm' must be in [0, 100] mm, got " + shown(cell.text));
                else
                    dot.depthMm = static_cast<float>(*v);
                break;
            default:
                break;
            }
        }
        if (ok) {
            out.dots.push_back(dot);
            out.lines.push_back(lineNo);
        }
    }
    return diagnostics.errorCount() == errorsBefore;
}

bool readDotsCsv(const std::string& path, DotsCsv& out, Diagnostics& diagnostics) {
    std::string contents, error;
    if (path == "-") { // standard input, e.g. `stipple generate ... -o - | stipple score --dots -`
        std::string chunk(1 << 16, '\0');
        for (size_t n; (n = std::fread(chunk.data(), 1, chunk.size(), stdin)) > 0;) {
            contents.append(chunk.data(), n);
            if (contents.size() > kMaxDotsCsvBytes) {
                out = DotsCsv{};
                diagnostics.error("<standard input>", 1, 1,
                                  "cannot read dots: more than " + std::to_string(kMaxDotsCsvBytes) +
                                      " bytes");
                return false;
            }
        }
        return parseDotsCsv(contents, "<standard input>", out, diagnostics);
    }
    if (!readFile(path, contents, error, static_cast<int64_t>(kMaxDotsCsvBytes))) {
        out = DotsCsv{};
        diagnostics.error(path, 1, 1, "cannot read dots file: " + error);
        return false;
    }
    return parseDotsCsv(contents, path, out, diagnostics);
}

std::string formatDotsCsv(std::span<const Dot> dots) {
    std::string out = "x_mm,y_mm,diameter_mm,depth_mm,session,shade,tick\n";
    out.reserve(out.size() + dots.size() * 64);
    for (const Dot& d : dots) {
        out += formatNumber(d.pos.x);
        out += ',';
        out += formatNumber(d.pos.y);
        out += ',';
        out += formatFloat(d.diameterMm);
        out += ',';
        out += formatFloat(d.depthMm);
        out += ',';
        out += std::to_string(d.session);
        out += ',';
        out += std::to_string(d.shade);
        out += ',';
        out += std::to_string(d.tick);
        out += '\n';
    }
    return out;
}

bool writeDotsCsv(const std::string& path, std::span<const Dot> dots, std::string& error) {
    return writeFileAtomic(path, formatDotsCsv(dots), error);
}

} // namespace stipple
