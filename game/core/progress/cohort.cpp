// Cohort tables, metric distributions and item analysis. Every figure is a plain formula over
// the loaded records (see cohort.h), computed in one pass per view; ties and orders are fixed so
// that the same store always gives the same table.
#include "progress/cohort.h"

#include "exam/signing.h"
#include "io/numbers.h"
#include "store/result_check.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <tuple>

namespace stipple {

bool loadCohortData(ResultsStore& store, CohortData& out, StoreError& error, const PublicKey* key) {
    out = {};
    if (!store.listCandidates(out.candidates, error)) return false;
    if (!store.listAllPractice("", out.practice, error)) return false;
    std::vector<ResultRecord> rows;
    if (!store.listResults({}, rows, error)) return false;
    out.rejected = keepGenuineResults(rows, key);
    for (const auto& row : rows) {
        std::string why;
        auto parsed = readSignedResultUnverified(row.signedText, why);
        if (!parsed) {
            error = {StoreError::Kind::Corrupt, "the stored result " + row.resultId + " in " +
                                                    store.location() + " cannot be read (" + why +
                                                    "); nothing was changed"};
            return false;
        }
        out.exams.push_back(std::move(*parsed));
    }
    return true;
}

const CohortCell* CohortTable::cell(const std::string& candidate, size_t column) const {
    const auto it = cells.find({candidate, column});
    return it == cells.end() ? nullptr : &it->second;
}

CohortTable buildCohortTable(const CohortData& data) {
    struct Event {
        std::string candidate;
        CohortColumn column;
        double score;
        bool passed;
        std::string at;
    };
    std::vector<Event> events;
    CohortTable table;
    for (const auto& c : data.candidates)
        table.names[c.id] = c.name;
    for (const auto& p : data.practice)
        events.push_back({p.candidateId,
                          {CohortColumn::Kind::Level, p.levelId, p.levelId},
                          p.score,
                          p.passed,
                          p.finishedAt});
    for (const auto& e : data.exams) {
        if (!e.candidateName.empty() && !table.names.count(e.candidateId))
            table.names[e.candidateId] = e.candidateName;
        for (const auto& s : e.sections) {
            for (const auto& item : s.items)
                if (item.kind == ResultItem::Kind::Level)
                    events.push_back({e.candidateId,
                                      {CohortColumn::Kind::Level, item.ref, item.ref},
                                      item.score,
                                      item.passed,
                                      e.finishedAt});
            events.push_back({e.candidateId,
                              {CohortColumn::Kind::Section, e.examId + "/" + s.id, e.examId + "/" + s.id},
                              s.score,
                              s.passed,
                              e.finishedAt});
        }
        events.push_back({e.candidateId,
                          {CohortColumn::Kind::Exam, e.examId, e.examTitle.empty() ? e.examId : e.examTitle},
                          e.score,
                          e.passed,
                          e.finishedAt});
    }
    // Columns: levels, then sections, then exams, each by id.
    std::vector<CohortColumn> columns;
    for (const auto& ev : events) {
        const bool known = std::any_of(columns.begin(), columns.end(), [&](const CohortColumn& c) {
            return c.kind == ev.column.kind && c.id == ev.column.id;
        });
        if (!known) columns.push_back(ev.column);
    }
    std::sort(columns.begin(), columns.end(), [](const CohortColumn& a, const CohortColumn& b) {
        return std::tie(a.kind, a.id) < std::tie(b.kind, b.id);
    });
    table.columns = columns;
    std::vector<std::string> candidates;
    for (const auto& ev : events) {
        const size_t col =
            static_cast<size_t>(std::find_if(columns.begin(), columns.end(),
                                             [&](const CohortColumn& c) {
                                                 return c.kind == ev.column.kind && c.id == ev.column.id;
                                             }) -
                                columns.begin());
        CohortCell& cell = table.cells[{ev.candidate, col}];
        if (cell.runs == 0 || ev.score > cell.best) cell.best = ev.score;
        if (cell.runs == 0 || ev.at >= cell.latestAt) {
            cell.latest = ev.score;
            cell.latestPassed = ev.passed;
            cell.latestAt = ev.at;
        }
        ++cell.runs;
        if (ev.passed) ++cell.passes;
        candidates.push_back(ev.candidate);
    }
    for (const auto& c : data.candidates)
        candidates.push_back(c.id);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    table.candidates = std::move(candidates);
    return table;
}

double quantile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0.0;
    const double h = (static_cast<double>(sorted.size()) - 1.0) * std::clamp(p, 0.0, 1.0);
    const size_t lo = static_cast<size_t>(std::floor(h));
    const size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

std::vector<MetricDistribution> metricDistributions(const CohortData& data) {
    // (metric, candidate) -> (timestamp, score) of the latest record that measured it; a record
    // measuring a metric in several zones counts with the mean of its zones' scores.
    std::map<std::pair<std::string, std::string>, std::pair<std::string, double>> latest;
    auto take = [&](const std::string& candidate, const std::string& at,
                    const std::vector<ResultMetric>& metrics) {
        std::map<std::string, std::pair<double, int>> sums;
        for (const auto& m : metrics) {
            auto& s = sums[m.id];
            s.first += m.score;
            ++s.second;
        }
        for (const auto& [metric, sum] : sums) {
            auto [it, inserted] = latest.try_emplace({metric, candidate}, at, sum.first / sum.second);
            if (!inserted && at >= it->second.first) it->second = {at, sum.first / sum.second};
        }
    };
    for (const auto& p : data.practice)
        take(p.candidateId, p.finishedAt, p.metrics);
    for (const auto& e : data.exams)
        for (const auto& s : e.sections)
            for (const auto& item : s.items)
                if (item.kind == ResultItem::Kind::Level) take(e.candidateId, e.finishedAt, item.metrics);

    std::map<std::string, std::vector<double>> byMetric;
    for (const auto& [key, value] : latest)
        byMetric[key.first].push_back(value.second);
    std::vector<MetricDistribution> out;
    for (auto& [metric, samples] : byMetric) {
        MetricDistribution d;
        d.metric = metric;
        std::sort(samples.begin(), samples.end());
        d.samples = samples;
        const double n = static_cast<double>(samples.size());
        double sum = 0.0;
        for (double v : samples)
            sum += v;
        d.mean = sum / n;
        double ss = 0.0;
        for (double v : samples)
            ss += (v - d.mean) * (v - d.mean);
        d.sd = samples.size() > 1 ? std::sqrt(ss / (n - 1.0)) : 0.0;
        d.min = samples.front();
        d.max = samples.back();
        d.q1 = quantile(samples, 0.25);
        d.median = quantile(samples, 0.5);
        d.q3 = quantile(samples, 0.75);
        d.histogram.assign(10, 0);
        for (double v : samples)
            ++d.histogram[static_cast<size_t>(std::clamp(std::floor(v / 10.0), 0.0, 9.0))];
        out.push_back(std::move(d));
    }
    return out;
}

namespace {

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const size_t n = x.size();
    if (n < 2) return std::numeric_limits<double>::quiet_NaN();
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; ++i)
        mx += x[i], my += y[i];
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx <= 0.0 || syy <= 0.0) return std::numeric_limits<double>::quiet_NaN();
    return sxy / std::sqrt(sxx * syy);
}

/// Three decimals: a discrimination of 0.196 is under the 0.2 line and must not read "0.2".
std::string three(double v) {
    return formatNumber(std::round(v * 1000.0) / 1000.0);
}

/// "q2" before "q10": runs of digits compare as numbers.
bool naturalLess(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit(static_cast<unsigned char>(a[i])) &&
            std::isdigit(static_cast<unsigned char>(b[j]))) {
            size_t ei = i, ej = j;
            while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei])))
                ++ei;
            while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej])))
                ++ej;
            const std::string na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
            const std::string ta = na.substr(std::min(na.find_first_not_of('0'), na.size()));
            const std::string tb = nb.substr(std::min(nb.find_first_not_of('0'), nb.size()));
            if (ta.size() != tb.size()) return ta.size() < tb.size();
            if (ta != tb) return ta < tb;
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j]) return a[i] < b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

} // namespace

std::vector<ItemStats> itemAnalysis(const CohortData& data) {
    struct Response {
        double credit;
        double rest;    ///< mean credit on the sitting's other questions
        bool hasRest;   ///< the sitting had other questions
        size_t sitting; ///< order, for ties
    };
    std::map<std::pair<std::string, std::string>, std::vector<Response>> responses;
    std::map<std::pair<std::string, std::string>, ItemStats> info;
    for (size_t si = 0; si < data.exams.size(); ++si) {
        const ExamResult& e = data.exams[si];
        std::vector<const ResultItem*> questions;
        for (const auto& s : e.sections)
            if (s.kind == "quiz")
                for (const auto& item : s.items)
                    if (item.kind != ResultItem::Kind::Level) questions.push_back(&item);
        double total = 0.0;
        for (const auto* q : questions)
            total += q->score;
        for (const auto* q : questions) {
            const auto key = std::make_pair(e.examId, q->ref);
            const bool hasRest = questions.size() > 1;
            responses[key].push_back(
                {q->score, hasRest ? (total - q->score) / static_cast<double>(questions.size() - 1) : 0.0,
                 hasRest, si});
            if (!info.count(key)) {
                ItemStats& st = info[key];
                st.examId = e.examId;
                st.questionId = q->ref;
                st.category = q->category;
                st.source = q->source;
            }
        }
    }
    std::vector<ItemStats> out;
    for (auto& [key, rs] : responses) {
        ItemStats st = info[key];
        st.responses = static_cast<int>(rs.size());
        double sum = 0.0;
        for (const auto& r : rs)
            sum += r.credit;
        st.facility = sum / static_cast<double>(rs.size());
        std::vector<Response> ranked;
        for (const auto& r : rs)
            if (r.hasRest) ranked.push_back(r);
        std::vector<double> x, y;
        for (const auto& r : ranked)
            x.push_back(r.credit), y.push_back(r.rest);
        st.discrimination = pearson(x, y);
        st.upperLower = std::numeric_limits<double>::quiet_NaN();
        if (ranked.size() >= 2) {
            std::stable_sort(ranked.begin(), ranked.end(), [](const Response& a, const Response& b) {
                return std::tie(a.rest, a.sitting) < std::tie(b.rest, b.sitting);
            });
            const size_t g = std::max<size_t>(
                1, static_cast<size_t>(std::lround(0.27 * static_cast<double>(ranked.size()))));
            double lower = 0.0, upper = 0.0;
            for (size_t i = 0; i < g; ++i) {
                lower += ranked[i].credit;
                upper += ranked[ranked.size() - 1 - i].credit;
            }
            st.upperLower = (upper - lower) / static_cast<double>(g);
        }
        if (st.responses < kItemMinResponses) {
            st.why = "only " + std::to_string(st.responses) + " response" + (st.responses == 1 ? "" : "s") +
                     " (judged from " + std::to_string(kItemMinResponses) + ")";
        } else {
            std::vector<std::string> reasons;
            if (st.facility < 0.2)
                reasons.push_back("too hard (facility " + three(st.facility) +
                                  "): check the key and the wording");
            if (st.facility > 0.95)
                reasons.push_back("too easy (facility " + three(st.facility) + "): it tells no one apart");
            if (!std::isnan(st.discrimination)) {
                if (st.discrimination < 0.0)
                    reasons.push_back("negative discrimination (" + three(st.discrimination) +
                                      "): stronger candidates get it wrong more often; check the key");
                else if (st.discrimination < 0.2)
                    reasons.push_back("weak discrimination (" + three(st.discrimination) + ")");
            }
            st.flagged = !reasons.empty();
            for (const auto& r : reasons)
                st.why += (st.why.empty() ? "" : "; ") + r;
        }
        out.push_back(std::move(st));
    }
    std::stable_sort(out.begin(), out.end(), [](const ItemStats& a, const ItemStats& b) {
        if (a.examId != b.examId) return a.examId < b.examId;
        return naturalLess(a.questionId, b.questionId);
    });
    return out;
}

} // namespace stipple
