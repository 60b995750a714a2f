// Layouts of the cohort reports and the LMS exports. Numbers in CSV are written in their shortest
// round-trip form for the raw figures and rounded to two decimals where a person reads them.
#include "cli/results_reports.h"

#include "exam/candidate_id.h"
#include "io/files.h"
#include "io/numbers.h"
#include "io/uuid.h"

#include "cli/json_text.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

namespace stipple::cli {

std::string csvCell(const std::string& value, bool text) {
    std::string v = value;
    if (text && !v.empty() &&
        (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
        v.insert(0, "'");
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

size_t displayWidth(const std::string& s) {
    size_t width = 0;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (size_t k = 1; k < n && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        i += n;
        // Combining marks take no column (a decomposed "é"); East Asian wide characters take two.
        if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
            (cp >= 0x20D0 && cp <= 0x20FF) || cp == 0x200B)
            continue;
        const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                          (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                          (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                          (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
                          (cp >= 0x20000 && cp <= 0x3FFFD);
        width += wide ? 2 : 1;
    }
    return width;
}

std::string padTo(const std::string& s, size_t width) {
    const size_t shown = displayWidth(s);
    return shown >= width ? s : s + std::string(width - shown, ' ');
}

namespace {

std::string rounded(double v) {
    if (std::isnan(v)) return "";
    return formatNumber(std::round(v * 100.0) / 100.0);
}

std::string row(const std::vector<std::pair<std::string, bool>>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        out += csvCell(cells[i].first, cells[i].second);
    }
    return out + "\r\n";
}

const char* kindName(CohortColumn::Kind k) {
    switch (k) {
    case CohortColumn::Kind::Level:
        return "level";
    case CohortColumn::Kind::Section:
        return "section";
    case CohortColumn::Kind::Exam:
        return "exam";
    }
    return "";
}

std::string padded(const std::string& s, size_t width) {
    // Pads by the columns the text takes on a terminal, not bytes, so that UTF-8 names line up.
    const size_t shown = displayWidth(s);
    return shown >= width ? s + ' ' : s + std::string(width - shown, ' '); // never run into the next column
}

std::string nameOf(const CohortTable& t, const std::string& id) {
    const auto it = t.names.find(id);
    return it == t.names.end() ? std::string() : it->second;
}

} // namespace

std::string cohortText(const CohortTable& t, const std::vector<MetricDistribution>& metrics) {
    std::string out;
    if (t.candidates.empty()) return "no candidates or practice runs stored\n";
    out += "columns (best/latest score, 0-100):\n";
    for (size_t c = 0; c < t.columns.size(); ++c)
        out += "  [" + std::to_string(c + 1) + "] " + kindName(t.columns[c].kind) + " " + t.columns[c].label +
               "\n";
    out += "\n" + padded("candidate", 14) + padded("name", 20);
    for (size_t c = 0; c < t.columns.size(); ++c)
        out += padded("[" + std::to_string(c + 1) + "]", 10);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    out += "\n";
    for (const auto& id : t.candidates) {
        out += padded(id.empty() ? "(unnamed)" : id, 14) + padded(nameOf(t, id), 20);
        for (size_t c = 0; c < t.columns.size(); ++c) {
            const CohortCell* cell = t.cell(id, c);
            out += padded(cell ? formatNumber(std::round(cell->best)) + "/" +
                                     formatNumber(std::round(cell->latest))
                               : "-",
                          10);
        }
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        out += "\n";
    }
    if (!metrics.empty()) {
        out += "\nmetrics (each candidate's latest score, 0-100):\n";
        out += padded("metric", 22) + padded("n", 5) + padded("mean", 8) + padded("sd", 8) +
               padded("min", 8) + padded("q1", 8) + padded("median", 8) + padded("q3", 8) + "max\n";
        for (const auto& m : metrics)
            out += padded(m.metric, 22) + padded(std::to_string(m.samples.size()), 5) +
                   padded(rounded(m.mean), 8) + padded(rounded(m.sd), 8) + padded(rounded(m.min), 8) +
                   padded(rounded(m.q1), 8) + padded(rounded(m.median), 8) + padded(rounded(m.q3), 8) +
                   rounded(m.max) + "\n";
    }
    return out;
}

std::string cohortCsv(const CohortTable& t) {
    std::string out =
        "candidate_id,candidate_name,kind,column,runs,passes,best,latest,latest_passed,latest_at\r\n";
    for (const auto& id : t.candidates)
        for (size_t c = 0; c < t.columns.size(); ++c)
            if (const CohortCell* cell = t.cell(id, c))
                out += row({{id, true},
                            {nameOf(t, id), true},
                            {kindName(t.columns[c].kind), false},
                            {t.columns[c].id, true},
                            {std::to_string(cell->runs), false},
                            {std::to_string(cell->passes), false},
                            {formatNumber(cell->best), false},
                            {formatNumber(cell->latest), false},
                            {cell->latestPassed ? "true" : "false", false},
                            {cell->latestAt, true}});
    return out;
}

std::string metricsCsv(const std::vector<MetricDistribution>& metrics) {
    std::string out = "metric,candidates,mean,sd,min,q1,median,q3,max\r\n";
    for (const auto& m : metrics)
        out += row({{m.metric, true},
                    {std::to_string(m.samples.size()), false},
                    {formatNumber(m.mean), false},
                    {formatNumber(m.sd), false},
                    {formatNumber(m.min), false},
                    {formatNumber(m.q1), false},
                    {formatNumber(m.median), false},
                    {formatNumber(m.q3), false},
                    {formatNumber(m.max), false}});
    return out;
}

std::string itemsText(const std::vector<ItemStats>& items) {
    if (items.empty())
        return "no quiz answers stored (item analysis needs exam results with quiz sections)\n";
    std::string out = "  " + padded("exam", 24) + padded("question", 28) + padded("n", 5) +
                      padded("facility", 10) + padded("r(pb)", 8) + padded("U-L", 7) + "note\n";
    int flagged = 0;
    for (const auto& i : items) {
        flagged += i.flagged ? 1 : 0;
        std::string line = (i.flagged ? "! " : "  ") + padded(i.examId, 24) + padded(i.questionId, 28) +
                           padded(std::to_string(i.responses), 5) + padded(rounded(i.facility), 10) +
                           padded(std::isnan(i.discrimination) ? "-" : rounded(i.discrimination), 8) +
                           padded(std::isnan(i.upperLower) ? "-" : rounded(i.upperLower), 7) + i.why;
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + "\n";
    }
    out += std::to_string(items.size()) + " question" + (items.size() == 1 ? "" : "s") + ", " +
           std::to_string(flagged) +
           " flagged (facility under 0.2 or over 0.95, discrimination under 0.2; from " +
           std::to_string(kItemMinResponses) + " responses)\n";
    return out;
}

std::string itemsCsv(const std::vector<ItemStats>& items) {
    std::string out =
        "exam_id,question_id,category,source,responses,facility,discrimination,upper_lower,flagged,why\r\n";
    for (const auto& i : items)
        out += row({{i.examId, true},
                    {i.questionId, true},
                    {i.category, true},
                    {i.source, true},
                    {std::to_string(i.responses), false},
                    {formatNumber(i.facility), false},
                    {std::isnan(i.discrimination) ? "" : formatNumber(i.discrimination), false},
                    {std::isnan(i.upperLower) ? "" : formatNumber(i.upperLower), false},
                    {i.flagged ? "true" : "false", false},
                    {i.why, true}});
    return out;
}

namespace {

/// A statement's id: the version-5 UUID (io/uuid.h) of a URL naming the record under the academy,
/// so exporting twice gives the same id and two academies never share one.
std::string statementId(const std::string& academy, const std::string& record) {
    return uuidV5(kUuidNamespaceUrl, academy + "/xapi/statement/" + record);
}

/// An IRI path segment: unreserved characters stay, the rest is percent-encoded.
std::string segment(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            out += static_cast<char>(c);
        else
            out += std::string("%") + hex[c >> 4] + hex[c & 15];
    }
    return out;
}

std::string trimmedBase(std::string academy) {
    while (!academy.empty() && academy.back() == '/')
        academy.pop_back();
    return academy;
}

nlohmann::ordered_json verb(const std::string& name) {
    return {{"id", "http://adlnet.gov/expapi/verbs/" + name}, {"display", {{"en-US", name}}}};
}

/// One actor per person: the account name is the candidate id's canonical form
/// (exam/candidate_id.h), so the trainee typed as "ANA.SOUZA" for practice and the candidate
/// "ana.souza" of an exam are one Agent to the learning record store.
nlohmann::ordered_json actor(const std::string& academy, const std::string& id, const std::string& name) {
    nlohmann::ordered_json a = {{"objectType", "Agent"}};
    if (!name.empty()) a["name"] = name;
    a["account"] = {{"homePage", academy}, {"name", canonicalCandidateKey(id)}};
    return a;
}

nlohmann::ordered_json score(double s) {
    return {{"scaled", std::clamp(s / 100.0, 0.0, 1.0)}, {"raw", s}, {"min", 0}, {"max", 100}};
}

} // namespace

std::string xapiStatements(const CohortData& data, const std::string& academyUrl) {
    const std::string academy = trimmedBase(academyUrl);
    std::map<std::string, std::string> names;
    for (const auto& c : data.candidates)
        names[canonicalCandidateKey(c.id)] = c.name; // by person
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& e : data.exams) {
        nlohmann::ordered_json s;
        s["id"] = statementId(academy, "exam/" + segment(e.resultId));
        s["actor"] =
            actor(academy, e.candidateId,
                  e.candidateName.empty() ? names[canonicalCandidateKey(e.candidateId)] : e.candidateName);
        s["verb"] = verb(e.passed ? "passed" : "failed");
        s["object"] = {{"objectType", "Activity"},
                       {"id", academy + "/exam/" + segment(e.examId)},
                       {"definition",
                        {{"name", {{"en-US", e.examTitle.empty() ? e.examId : e.examTitle}}},
                         {"type", "http://adlnet.gov/expapi/activities/assessment"}}}};
        s["result"] = {{"score", score(e.score)}, {"success", e.passed}, {"completion", true}};
        s["context"] = {
            {"platform", "Stipple"},
            {"extensions",
             {{academy + "/xapi/attempt", e.attempt}, {academy + "/xapi/result-id", e.resultId}}}};
        s["timestamp"] = e.finishedAt;
        out.push_back(std::move(s));
    }
    for (const auto& p : data.practice) {
        if (p.candidateId.empty()) continue; // a run nobody signed in for has no actor
        nlohmann::ordered_json s;
        s["id"] = statementId(academy, "practice/" + segment(canonicalCandidateKey(p.candidateId)) + "/" +
                                           segment(p.levelId) + "/" + segment(p.finishedAt) + "/" +
                                           std::to_string(p.id));
        s["actor"] = actor(academy, p.candidateId, names[canonicalCandidateKey(p.candidateId)]);
        s["verb"] = verb("completed");
        s["object"] = {
            {"objectType", "Activity"},
            {"id", academy + "/level/" + segment(p.levelId)},
            {"definition",
             {{"name", {{"en-US", p.levelId}}}, {"type", "http://adlnet.gov/expapi/activities/simulation"}}}};
        char duration[64];
        std::snprintf(duration, sizeof duration, "PT%.2fS", p.durationS);
        s["result"] = {
            {"score", score(p.score)}, {"success", p.passed}, {"completion", true}, {"duration", duration}};
        s["context"] = {{"platform", "Stipple"}};
        s["timestamp"] = p.finishedAt;
        out.push_back(std::move(s));
    }
    return jsonText(out) + "\n";
}

std::string moodleGradebookCsv(const CohortTable& t) {
    std::vector<size_t> cols;
    for (size_t c = 0; c < t.columns.size(); ++c)
        if (t.columns[c].kind != CohortColumn::Kind::Level) cols.push_back(c);
    std::vector<std::pair<std::string, bool>> header = {{"ID number", true}, {"Full name", true}};
    for (size_t c : cols)
        header.push_back({t.columns[c].id, true});
    std::string out = row(header);
    for (const auto& id : t.candidates) {
        std::vector<std::pair<std::string, bool>> cells = {{id, true}, {nameOf(t, id), true}};
        bool any = false;
        for (size_t c : cols) {
            const CohortCell* cell = t.cell(id, c);
            any = any || cell;
            cells.push_back({cell ? rounded(cell->best) : "", false});
        }
        if (any) out += row(cells);
    }
    return out;
}

} // namespace stipple::cli
