#include "exam/candidate_list.h"

#include "exam/candidate_id.h"
#include "io/csv.h"
#include "io/files.h"
#include "io/numbers.h"
#include "io/utf8.h"

#include <array>
#include <optional>

namespace stipple {

namespace {

enum class Column { Id, Name, ExtraPercent, ExtraMinutes, Reason };
struct ColumnSpec {
    Column column;
    const char* name;
};
constexpr std::array<ColumnSpec, 5> kColumns{{{Column::Id, "candidate_id"},
                                              {Column::Name, "name"},
                                              {Column::ExtraPercent, "extra_percent"},
                                              {Column::ExtraMinutes, "extra_minutes"},
                                              {Column::Reason, "reason"}}};
constexpr const char* kKnownList = "candidate_id, name, extra_percent, extra_minutes, reason";

/// The file's lines without their line ends (CRLF accepted).
std::vector<std::string_view> linesOf(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (end == text.size()) break;
        start = end + 1;
    }
    if (!lines.empty() && lines.back().empty()) lines.pop_back(); // the final newline
    return lines;
}

} // namespace

const CandidateListEntry* CandidateList::find(const std::string& candidate) const {
    const std::string key = canonicalCandidateKey(candidate);
    for (const auto& e : entries)
        if (e.key == key) return &e;
    return nullptr;
}

bool parseCandidateList(std::string_view text, const std::string& path, CandidateList& out,
                        Diagnostics& diags) {
    out = CandidateList{};
    out.path = path;
    const int errorsBefore = diags.errorCount();
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (const std::size_t bad = firstInvalidUtf8(text); bad != std::string::npos) {
        int line = 1;
        for (std::size_t i = 0; i < bad; ++i)
            line += text[i] == '\n';
        diags.error(path, line, 1,
                    "the candidate list is not UTF-8 text: save it as UTF-8 (CSV UTF-8 in a spreadsheet)");
        return false;
    }
    const auto lines = linesOf(text);
    if (lines.empty()) {
        diags.error(path, 1, 1,
                    std::string("the candidate list is empty: its first line names the columns (") +
                        kKnownList + ")");
        return false;
    }
    std::vector<CsvCell> header, cells;
    std::string splitError;
    int splitColumn = 1;
    if (!splitCsvLine(lines[0], header, splitError, splitColumn)) {
        diags.error(path, 1, splitColumn, splitError);
        return false;
    }
    std::vector<std::optional<Column>> columns;
    bool hasId = false;
    for (std::size_t h = 0; h < header.size(); ++h) {
        const CsvCell& cell = header[h];
        std::optional<Column> found;
        for (const auto& spec : kColumns)
            if (cell.text == spec.name) found = spec.column;
        if (!found) {
            diags.error(path, 1, cell.column,
                        "unknown column " + csvCellShown(cell.text) + " (known: " + kKnownList + ")");
        } else {
            for (std::size_t k = 0; k < h; ++k)
                if (columns[k] == found)
                    diags.error(path, 1, cell.column,
                                "column " + csvCellShown(cell.text) + " is given twice");
        }
        hasId |= found == Column::Id;
        columns.push_back(found);
    }
    if (!hasId)
        diags.error(path, 1, 1,
                    "the first line must name the column 'candidate_id' (the columns: " +
                        std::string(kKnownList) + ")");
    if (diags.errorCount() > errorsBefore) return false;

    for (std::size_t li = 1; li < lines.size(); ++li) {
        const int line = static_cast<int>(li) + 1;
        if (trim(lines[li]).empty()) {
            diags.error(path, line, 1, "blank line: remove it (every line after the first is one candidate)");
            continue;
        }
        if (!splitCsvLine(lines[li], cells, splitError, splitColumn)) {
            diags.error(path, line, splitColumn, splitError);
            continue;
        }
        if (cells.size() != header.size()) {
            diags.error(path, line, 1,
                        std::to_string(cells.size()) + " cells where the first line names " +
                            std::to_string(header.size()) + " columns");
            continue;
        }
        CandidateListEntry e;
        e.line = line;
        int idColumn = 1, reasonColumn = 1;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const CsvCell& cell = cells[c];
            auto number = [&](const char* name, double max) -> double {
                if (cell.text.empty()) return 0.0;
                const auto v = parseNumber(cell.text);
                if (!v || *v < 0.0 || *v > max) {
                    diags.error(path, line, cell.column,
                                std::string("column '") + name + "' must be a number from 0 to " +
                                    formatNumber(max) + " (or empty), got " + csvCellShown(cell.text));
                    return 0.0;
                }
                return *v;
            };
            switch (*columns[c]) {
            case Column::Id:
                e.id = cell.text;
                idColumn = cell.column;
                break;
            case Column::Name:
                e.name = cell.text;
                break;
            case Column::ExtraPercent:
                e.extraPercent = number("extra_percent", 200.0);
                break;
            case Column::ExtraMinutes:
                e.extraMinutes = number("extra_minutes", 600.0);
                break;
            case Column::Reason:
                e.reason = cell.text;
                reasonColumn = cell.column;
                break;
            }
        }
        std::string why;
        const auto canonical = normaliseCandidateId(e.id, why);
        if (!canonical) {
            diags.error(path, line, idColumn, "candidate_id " + csvCellShown(e.id) + ": " + why);
            continue;
        }
        e.key = *canonical;
        if (e.grantsTime() && e.reason.empty())
            diags.error(path, line, reasonColumn,
                        "candidate " + e.id +
                            " is granted extra time without a reason: write the documented reason "
                            "in the 'reason' column");
        if (const CandidateListEntry* first = out.find(e.id)) {
            diags.error(
                path, line, idColumn,
                "candidate " + e.id + " is already listed at line " + std::to_string(first->line) +
                    " (ids are compared ignoring case and surrounding space): keep one line per candidate");
            continue;
        }
        out.entries.push_back(std::move(e));
    }
    return diags.errorCount() == errorsBefore;
}

bool readCandidateList(const std::string& path, CandidateList& out, Diagnostics& diags) {
    std::string contents, error;
    if (!readFile(path, contents, error, 64u << 20)) {
        diags.error(path, 1, 1, "the candidate list cannot be read: " + error);
        return false;
    }
    if (!parseCandidateList(contents, path, out, diags)) return false;
    out.sha256 = sha256Hex(contents);
    return true;
}

} // namespace stipple
