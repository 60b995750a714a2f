// Cohort view drawing: the table on top (as many rows and columns as fit; ↑/↓ scroll rows), the
// chosen metric's distribution (charts.h histogram, 10 bins of 10 points) bottom left, the item
// analysis bottom right.
#include "app/cohort_screen.h"

#include "config/station_config.h"

#include "level/vocabulary.h"
#include "render/charts.h"
#include "render/theme.h"
#include "store/postgres_store.h"

#include <algorithm>
#include <cmath>

namespace stipple::app {

using render::Align;
using render::Theme;
namespace colours = render::colours;
using render::fixed;

namespace {
/// "1 candidate", "2 candidates".
std::string counted(size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}
} // namespace

namespace {} // namespace

CohortScreen::CohortScreen(const Theme& theme, Navigator& nav, const CohortData& data, std::string location,
                           std::string problem, std::string keyNote)
    : m_theme(theme), m_nav(nav), m_table(buildCohortTable(data)), m_metrics(metricDistributions(data)),
      m_items(itemAnalysis(data)), m_results(static_cast<int>(data.exams.size())),
      m_runs(static_cast<int>(data.practice.size())), m_location(std::move(location)),
      m_problem(std::move(problem)), m_keyNote(std::move(keyNote)) {
    if (!data.rejected.empty())
        m_notGenuine = std::to_string(data.rejected.size()) + " stored exam result" +
                       (data.rejected.size() == 1 ? " is" : "s are") +
                       " left out of every figure: " + data.rejected[0] +
                       (data.rejected.size() > 1 ? " (and more: stipple results list names them)" : "");
    std::stable_partition(m_items.begin(), m_items.end(), [](const ItemStats& i) { return i.flagged; });
}

void CohortScreen::layout(sf::Vector2u size) {
    m_size = size;
}

void CohortScreen::handleEvent(const sf::Event& e) {
    if (e.type != sf::Event::KeyPressed) return;
    const size_t rows = m_table.candidates.size(), n = m_metrics.size();
    switch (e.key.code) {
    case sf::Keyboard::Up:
        if (m_firstRow > 0) --m_firstRow;
        break;
    case sf::Keyboard::Down:
        if (m_firstRow + 1 < rows) ++m_firstRow;
        break;
    case sf::Keyboard::Left:
        if (n) m_metric = (m_metric + n - 1) % n;
        break;
    case sf::Keyboard::Right:
        if (n) m_metric = (m_metric + 1) % n;
        break;
    case sf::Keyboard::PageUp:
        m_firstItem = m_firstItem > 8 ? m_firstItem - 8 : 0;
        break;
    case sf::Keyboard::PageDown:
        if (m_firstItem + 8 < m_items.size()) m_firstItem += 8;
        break;
    case sf::Keyboard::Escape:
    case sf::Keyboard::BackSpace:
    case sf::Keyboard::C:
        m_nav.showLevelSelect();
        break;
    default:
        break;
    }
}

void CohortScreen::drawTable(sf::RenderTarget& target, sf::FloatRect r) const {
    const Theme& t = m_theme;
    t.text(target, "Candidates \xC3\x97 levels, sections and exams  (best / latest)", r.left, r.top, 15,
           colours::kText, Align::Left, true);
    // The id and name columns as wide as their widest entry (a name past 30 % of the table
    // wraps); the score columns share the rest, between 74 and 170 design pixels each.
    float idW = t.px(60), nameW = t.px(120);
    for (const std::string& id : m_table.candidates) {
        idW = std::max(idW, t.textWidth(id.empty() ? "(unnamed)" : id, 12) + t.px(14));
        if (const auto name = m_table.names.find(id); name != m_table.names.end())
            nameW = std::max(nameW, t.textWidth(name->second, 12) + t.px(14));
    }
    idW = std::min(idW, r.width * 0.2f);
    nameW = std::min(nameW, r.width * 0.3f);
    const float minColW = t.px(74), rowH = t.px(22);
    const size_t cols = std::min(m_table.columns.size(),
                                 static_cast<size_t>(std::max(0.f, (r.width - idW - nameW) / minColW)));
    const float colW = cols ? std::min(t.px(170), (r.width - idW - nameW) / cols) : minColW;
    float y = r.top + t.px(30);
    const float x0 = r.left + idW + nameW;
    // Column heads wrap onto as many lines as the longest needs, right-aligned over the scores.
    std::vector<std::vector<std::string>> heads;
    std::string legend; // abbreviated heads in full: "scar-camoufl. = scar-camouflage"
    size_t headLines = 1;
    for (size_t c = 0; c < cols; ++c) {
        const CohortColumn& col = m_table.columns[c];
        const bool bold = col.kind != CohortColumn::Kind::Level;
        const std::string label =
            col.kind == CohortColumn::Kind::Section ? col.id.substr(col.id.find('/') + 1) : col.label;
        // A level id breaks after its hyphens when every part fits its column (a lone part up to
        // the next column's gap: "scar-" / "camouflage"), else before them when that fits
        // ("breaking" / "-rows" at 800x600, where "breaking-" is wider than its column), not inside
        // a word ("scar-camouflag" / "e", "breakin" / "g-rows"). A word wider than the column
        // alone is cut short with a full stop ("camoufl.") and the table's last line gives the
        // whole id ("scar-camoufl. = scar-camouflage"); an id with spaces wraps as text.
        const auto partsOf = [&](bool hyphenFirst) {
            std::vector<std::string> parts;
            for (size_t at = 0; at < label.size();) {
                const size_t dash = label.find('-', at + (hyphenFirst ? 1 : 0));
                const size_t end = dash == std::string::npos ? label.size() : dash + (hyphenFirst ? 0 : 1);
                parts.push_back(label.substr(at, end - at));
                at = end;
            }
            return parts;
        };
        const auto allFit = [&](const std::vector<std::string>& parts) {
            if (label.find(' ') != std::string::npos) return false;
            for (const std::string& part : parts)
                if (t.textWidth(part, 10, bold) > colW - t.px(6)) return false;
            return true;
        };
        std::vector<std::string> parts = partsOf(false), lines;
        if (!allFit(parts)) parts = partsOf(true);
        bool fits = allFit(parts);
        if (!fits && label.find(' ') == std::string::npos) {
            parts = partsOf(false);
            std::string shortened;
            for (std::string& part : parts) {
                if (t.textWidth(part, 10, bold) > colW - t.px(6)) {
                    std::string stem = part.back() == '-' ? part.substr(0, part.size() - 1) : part;
                    while (stem.size() > 1 && t.textWidth(stem + ".", 10, bold) > colW - t.px(6)) {
                        stem.pop_back();
                        while (stem.size() > 1 && (static_cast<unsigned char>(stem.back()) & 0xC0) == 0x80)
                            stem.pop_back(); // a whole UTF-8 character
                    }
                    part = stem + ".";
                }
                shortened += part;
            }
            legend += (legend.empty() ? "" : "   ") + shortened + " = " + label;
            fits = true;
        }
        if (fits)
            for (const std::string& part : parts) {
                if (!lines.empty() && t.textWidth(lines.back() + part, 10, bold) <= colW - t.px(10))
                    lines.back() += part;
                else
                    lines.push_back(part);
            }
        heads.push_back(fits ? lines : t.wrap(label, colW - t.px(10), 10, bold));
        headLines = std::max(headLines, heads.back().size());
    }
    for (size_t c = 0; c < cols; ++c) {
        const CohortColumn& col = m_table.columns[c];
        const bool bold = col.kind != CohortColumn::Kind::Level;
        const sf::Color colour =
            col.kind == CohortColumn::Kind::Level ? colours::kTextFaint : colours::kAccent;
        float hy = y + (headLines - heads[c].size()) * t.px(13);
        for (const std::string& line : heads[c]) {
            t.text(target, line, x0 + c * colW + colW - t.px(6), hy, 10, colour, Align::Right, bold);
            hy += t.px(13);
        }
    }
    if (cols < m_table.columns.size())
        t.text(target, "+" + std::to_string(m_table.columns.size() - cols) + " more (stipple results cohort)",
               r.left + r.width, r.top + t.px(2), 11, colours::kTextFaint, Align::Right);
    y += t.px(7) + headLines * t.px(13);
    const std::vector<std::string> legendLines = t.wrap(legend, r.width, 11);
    const float legendH = legend.empty() ? 0.f : legendLines.size() * t.px(15);
    t.rect(target, {r.left, y - t.px(3), r.width, 1.f}, colours::kBorder);
    size_t shown = 0;
    for (size_t i = m_firstRow; i < m_table.candidates.size(); ++i) {
        const std::string& id = m_table.candidates[i];
        const auto name = m_table.names.find(id);
        const auto nameLines = t.wrap(name == m_table.names.end() ? "" : name->second, nameW - t.px(14), 12);
        const auto idLines = t.wrap(id.empty() ? "(unnamed)" : id, idW - t.px(14), 12);
        const float h = rowH + (std::max({nameLines.size(), idLines.size(), size_t{1}}) - 1) * t.px(16);
        // A row that is not the last leaves room for the line that says rows are left out.
        const bool last = i + 1 == m_table.candidates.size();
        if (y + h > r.top + r.height - legendH - (last ? 0 : rowH)) break;
        shown = i + 1 - m_firstRow;
        if ((i - m_firstRow) % 2 == 1)
            t.rect(target, {r.left, y - t.px(2), r.width, h}, sf::Color(255, 255, 255, 8));
        float ly = y;
        for (const std::string& line : idLines)
            t.text(target, line, r.left, ly, 12, colours::kText), ly += t.px(16);
        ly = y;
        for (const std::string& line : nameLines)
            t.text(target, line, r.left + idW, ly, 12, colours::kTextDim), ly += t.px(16);
        for (size_t c = 0; c < cols; ++c) {
            const CohortCell* cell = m_table.cell(id, c);
            const float right = x0 + c * colW + colW - t.px(6);
            if (!cell) {
                t.text(target, "\xC2\xB7", right, y, 12, colours::kTextFaint, Align::Right);
                continue;
            }
            const float w = t.text(target, "/" + render::wholeNumber(cell->latest), right, y, 11,
                                   colours::kTextDim, Align::Right);
            t.text(target, render::wholeNumber(cell->best), right - w, y, 12,
                   cell->passes > 0 ? colours::kPass : colours::kFail, Align::Right, true);
        }
        y += h;
    }
    if (m_table.candidates.empty())
        t.text(target, "No candidates or practice runs in this store yet.", r.left, y, 13, colours::kTextDim);
    else if (shown > 0 && shown < m_table.candidates.size())
        // Not every candidate fits: say so (a long id wraps onto lines the panel may not have).
        t.text(target,
               "candidates " + std::to_string(m_firstRow + 1) + "\xE2\x80\x93" +
                   std::to_string(m_firstRow + shown) + " of " + std::to_string(m_table.candidates.size()) +
                   "  \xC2\xB7  \xE2\x86\x91/\xE2\x86\x93 scroll",
               r.left, y + t.px(2), 11, colours::kTextFaint);
    float ly = r.top + r.height - legendH;
    for (const std::string& line : legendLines) {
        t.text(target, line, r.left, ly, 11, colours::kTextFaint);
        ly += t.px(15);
    }
}

void CohortScreen::drawItems(sf::RenderTarget& target, sf::FloatRect r) const {
    const Theme& t = m_theme;
    int flagged = 0;
    for (const auto& i : m_items)
        flagged += i.flagged ? 1 : 0;
    t.text(target, "Quiz questions", r.left, r.top, 15, colours::kText, Align::Left, true);
    t.text(target, std::to_string(m_items.size()) + " questions, " + std::to_string(flagged) + " flagged",
           r.left + r.width, r.top + t.px(3), 11, flagged ? colours::kFail : colours::kTextFaint,
           Align::Right);
    float y = r.top + t.px(30);
    const float right = r.left + r.width;
    // The columns' right edges, kept apart by the headings' own widths: at the smallest window
    // the text is larger than the scale and "n" ran into "facility".
    const float facilityRight = right - std::max(t.px(48), t.textWidth("r(pb)", 10) + t.px(10));
    const float countRight = facilityRight - std::max(t.px(52), t.textWidth("facility", 10) + t.px(10));
    t.text(target, "question", r.left, y, 10, colours::kTextFaint);
    t.text(target, "n", countRight, y, 10, colours::kTextFaint, Align::Right);
    t.text(target, "facility", facilityRight, y, 10, colours::kTextFaint, Align::Right);
    t.text(target, "r(pb)", right, y, 10, colours::kTextFaint, Align::Right);
    y += t.px(18);
    if (m_items.empty()) {
        t.paragraph(target, "No quiz answers stored: item analysis needs exam results with quiz sections.",
                    r.left, y, r.width, 13, colours::kTextDim);
        return;
    }
    for (size_t k = m_firstItem; k < m_items.size(); ++k) {
        const ItemStats& i = m_items[k];
        // The question's exam and id wrapped left of the numbers; why it is flagged under it.
        const auto label = t.wrap((i.flagged ? "! " : "  ") + i.examId + " / " + i.questionId,
                                  countRight - t.textWidth("0000", 12) - t.px(10) - r.left, 12, i.flagged);
        const auto why = i.flagged ? t.wrap(i.why, r.width - t.px(16), 11) : std::vector<std::string>{};
        const float need =
            label.size() * t.px(17) + t.px(2) + (why.empty() ? 0 : why.size() * t.px(15) + t.px(4));
        if (y + need > r.top + r.height) break;
        const sf::Color colour = i.flagged ? colours::kFail : colours::kText;
        for (size_t k = 0; k < label.size(); ++k)
            t.text(target, label[k], r.left, y + k * t.px(17), 12, colour, Align::Left, i.flagged);
        t.text(target, std::to_string(i.responses), countRight, y, 12, colours::kTextDim, Align::Right);
        t.text(target, fixed(i.facility, 2), facilityRight, y, 12, colours::kTextDim, Align::Right);
        t.text(target, std::isnan(i.discrimination) ? "\xE2\x80\x94" : fixed(i.discrimination, 2), right, y,
               12, i.discrimination < 0.2 ? colours::kWarm : colours::kTextDim, Align::Right);
        y += label.size() * t.px(17) + t.px(2);
        if (i.flagged) {
            for (const std::string& line : why) {
                t.text(target, line, r.left + t.px(16), y - t.px(1), 11, colours::kTextDim);
                y += t.px(15);
            }
            y += t.px(4);
        }
    }
}

void CohortScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    const float margin = t.px(32);
    const float w = static_cast<float>(m_size.x), h = static_cast<float>(m_size.y);
    t.text(target, "Cohort", margin, t.px(26), 30, colours::kText, Align::Left, true);
    {
        // The counts, then where the store is (a long path wraps, by characters when it must).
        const float x = margin + t.textWidth("Cohort", 30, true) + t.px(16);
        auto lines = t.wrap(counted(m_table.candidates.size(), "candidate") + "  \xC2\xB7  " +
                                counted(size_t(m_results), "exam result") + "  \xC2\xB7  " +
                                counted(size_t(m_runs), "practice run") + "  \xC2\xB7  " + m_location,
                            w - margin - x, 14);
        float ly = lines.size() > 1 ? t.px(24) : t.px(38);
        for (size_t k = 0; k < lines.size() && k < 3; ++k)
            t.text(target, lines[k], x, ly, 14, colours::kTextDim), ly += t.px(18);
    }
    // Results whose signature does not verify are named, then a key found where keys were kept
    // before: wrapped whole, the panels move down.
    float warningH = 0;
    if (!m_notGenuine.empty() || !m_keyNote.empty()) {
        float ly = t.px(62);
        const auto say = [&](const std::string& text, sf::Color colour) {
            for (const std::string& line : t.wrap(text, w - 2 * margin, 13)) {
                t.text(target, line, margin, ly, 13, colour);
                ly += t.px(17);
            }
        };
        if (!m_notGenuine.empty()) say("\xE2\x9A\xA0 " + m_notGenuine, colours::kFail);
        if (!m_keyNote.empty()) say("Note: " + m_keyNote, colours::kWarm);
        warningH = std::max(0.f, ly - t.px(62) - t.px(17));
    }
    const float top = t.px(84) + warningH, bottom = h - t.px(60);
    const float tableH = (bottom - top) * 0.5f;
    const sf::FloatRect tablePanel{margin, top, w - 2 * margin, tableH};
    const float lowerTop = top + tableH + t.px(20);
    const float halfW = (w - 3 * margin) / 2;
    const sf::FloatRect distPanel{margin, lowerTop, halfW, bottom - lowerTop};
    const sf::FloatRect itemPanel{2 * margin + halfW, lowerTop, halfW, bottom - lowerTop};
    for (const auto& r : {tablePanel, distPanel, itemPanel})
        t.panel(target, r, colours::kPanel, 10);
    const float pad = t.px(16);
    auto inner = [&](sf::FloatRect r) {
        return sf::FloatRect{r.left + pad, r.top + pad, r.width - 2 * pad, r.height - 2 * pad};
    };

    if (!m_problem.empty()) {
        t.text(target, "The results store cannot be read", tablePanel.left + pad, tablePanel.top + pad, 18,
               colours::kFail, Align::Left, true);
        t.paragraph(target, m_problem, tablePanel.left + pad, tablePanel.top + pad + t.px(32),
                    tablePanel.width - 2 * pad, 14, colours::kTextDim);
    } else {
        drawTable(target, inner(tablePanel));
    }

    const sf::FloatRect dist = inner(distPanel);
    if (m_metric < m_metrics.size()) {
        const MetricDistribution& d = m_metrics[m_metric];
        render::HistogramSpec spec;
        spec.title = metricTitle(d.metric) + "  (" + std::to_string(m_metric + 1) + "/" +
                     std::to_string(m_metrics.size()) + ", \xE2\x86\x90/\xE2\x86\x92)";
        spec.unit = "score (each candidate's latest)";
        spec.threshold = 50.0;
        spec.thresholdLabel = "pass 50";
        spec.xMax = 100.0;
        spec.bins = 10;
        const auto lines = t.wrap(counted(d.samples.size(), "candidate") + "   mean " + fixed(d.mean, 1) +
                                      "   sd " + fixed(d.sd, 1) + "   median " + fixed(d.median, 1) +
                                      "   IQR " + fixed(d.q1, 1) + "\xE2\x80\x93" + fixed(d.q3, 1),
                                  dist.width, 12);
        const float statsH = t.px(16) * lines.size();
        render::drawHistogram(target, t, {dist.left, dist.top, dist.width, dist.height - t.px(10) - statsH},
                              d.samples, spec);
        float ly = dist.top + dist.height - statsH;
        for (const std::string& line : lines)
            t.text(target, line, dist.left, ly, 12, colours::kTextDim), ly += t.px(16);
    } else {
        t.text(target, "Metric distributions", dist.left, dist.top, 15, colours::kText, Align::Left, true);
        t.paragraph(target, "No metric scores stored yet.", dist.left, dist.top + t.px(30), dist.width, 13,
                    colours::kTextDim);
    }
    drawItems(target, inner(itemPanel));

    t.text(target,
           "\xE2\x86\x91\xE2\x86\x93 candidates    \xE2\x86\x90\xE2\x86\x92 metric    PgUp/PgDn questions    "
           "Esc back    F1 help",
           margin, h - t.px(36), 13, colours::kTextFaint);
    t.flush(target);
}

std::vector<KeyHelp> CohortScreen::keys() const {
    return {{"\xE2\x86\x91 / \xE2\x86\x93", "scroll the candidates"},
            {"\xE2\x86\x90 / \xE2\x86\x92", "the previous / next metric"},
            {"Page Up / Page Down", "scroll the quiz questions (flagged first)"},
            {"Esc, Backspace or C", "back to the levels"}};
}

std::unique_ptr<Screen> makeCohortScreen(const Theme& theme, Navigator& nav, const std::string& where,
                                         const std::string& dataDir) {
    StoreError error;
    CohortData data;
    const auto store = openResultsStore(where, StoreMode::ReadOnly, error);
    std::string problem, keyNote,
        location = redactedStoreUrl(where); // a mistyped URL is a file name, its password still hidden
    if (store) {
        location = store->location();
        std::string why;
        const std::string keyFile = keyFileIn(dataDir, kPublicKeyFile, &keyNote);
        const auto key = keyFile.empty() ? std::nullopt : loadPublicKey(keyFile, why);
        if (!loadCohortData(*store, data, error, key ? &*key : nullptr)) problem = error.message;
        if (!key)
            for (auto& line : data.rejected)
                line += " (" + (why.empty() ? std::string("no key folder") : why) + ")";
    } else if (error.kind != StoreError::Kind::Missing) {
        problem = error.message;
    }
    return std::make_unique<CohortScreen>(theme, nav, data, location, problem, keyNote);
}

} // namespace stipple::app
