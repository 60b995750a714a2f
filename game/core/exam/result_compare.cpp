// Field-by-field comparison of exam results; numbers are shown in the canonical text's shortest
// round-trip form, so "71.25 against 71.2" is exactly what the two files say.
#include "exam/result_compare.h"

#include "io/numbers.h"

#include <algorithm>
#include <functional>
#include <map>

namespace stipple {

namespace {

const char* kNone = "(none)";

std::string yes(bool b) {
    return b ? "true" : "false";
}

class Differ {
  public:
    std::vector<ResultFieldDifference> out;

    void field(const std::string& name, const std::string& a, const std::string& b) {
        if (a != b) out.push_back({name, a, b});
    }
    void number(const std::string& name, double a, double b) {
        field(name, formatNumber(a), formatNumber(b));
    }
    void list(const std::string& name, const std::vector<std::string>& a, const std::vector<std::string>& b) {
        for (size_t i = 0; i < std::max(a.size(), b.size()); ++i)
            field(name + " " + std::to_string(i + 1), i < a.size() ? a[i] : kNone,
                  i < b.size() ? b[i] : kNone);
    }
    /// Matches the elements of two lists by key (order of `a`, then what only `b` has).
    template <typename T>
    void keyed(const std::string& prefix, const std::vector<T>& a, const std::vector<T>& b,
               const std::function<std::string(const T&)>& key,
               const std::function<void(const std::string&, const T&, const T&)>& each) {
        std::map<std::string, const T*> inB;
        for (const T& x : b)
            inB.emplace(key(x), &x);
        for (const T& x : a) {
            const auto it = inB.find(key(x));
            if (it == inB.end()) {
                field(prefix + " " + key(x), "present", kNone);
                continue;
            }
            each(prefix + " " + key(x), x, *it->second);
            inB.erase(it);
        }
        for (const T& x : b)
            if (inB.count(key(x))) field(prefix + " " + key(x), kNone, "present");
    }
};

} // namespace

std::vector<ResultFieldDifference> resultDifferences(const ExamResult& a, const ExamResult& b) {
    Differ d;
    d.field("result-id", a.resultId, b.resultId);
    d.field("exam-id", a.examId, b.examId);
    d.field("exam-title", a.examTitle, b.examTitle);
    d.field("exam-sha256", a.examSha256, b.examSha256);
    d.field("certificate-title", a.certificateTitle, b.certificateTitle);
    d.field("issuer", a.issuer, b.issuer);
    d.field("candidate-id", a.candidateId, b.candidateId);
    d.field("candidate-name", a.candidateName, b.candidateName);
    d.field("station", a.station, b.station);
    d.field("attempt", std::to_string(a.attempt), std::to_string(b.attempt));
    d.field("seed", std::to_string(a.seed), std::to_string(b.seed));
    d.field("build", a.build, b.build);
    d.field("scorer", a.scorerVersion > 0 ? std::to_string(a.scorerVersion) : kNone,
            b.scorerVersion > 0 ? std::to_string(b.scorerVersion) : kNone);
    d.field("started-at", a.startedAt, b.startedAt);
    d.field("finished-at", a.finishedAt, b.finishedAt);
    d.field("recording-sha256", a.recordingSha256.empty() ? kNone : a.recordingSha256,
            b.recordingSha256.empty() ? kNone : b.recordingSha256);
    d.keyed<ResultFile>(
        "file", a.files, b.files, [](const ResultFile& f) { return f.path; },
        [&](const std::string& name, const ResultFile& x, const ResultFile& y) {
            d.field(name + " sha256", x.sha256, y.sha256);
        });
    d.keyed<ResultSection>(
        "section", a.sections, b.sections, [](const ResultSection& s) { return s.id; },
        [&](const std::string& name, const ResultSection& x, const ResultSection& y) {
            d.field(name + " kind", x.kind, y.kind);
            d.field(name + " title", x.title, y.title);
            d.number(name + " weight", x.weight, y.weight);
            d.number(name + " pass-mark", x.passMark, y.passMark);
            d.number(name + " time-limit-s", x.timeLimitS, y.timeLimitS);
            d.number(name + " time-used-s", x.timeUsedS, y.timeUsedS);
            d.field(name + " timed-out", yes(x.timedOut), yes(y.timedOut));
            d.number(name + " score", x.score, y.score);
            d.field(name + " passed", yes(x.passed), yes(y.passed));
            d.list(name + " veto", x.vetoes, y.vetoes);
            d.list(name + " unchecked", x.unchecked, y.unchecked);
            // Items by position: an exam draws the same number of levels and questions for a seed.
            for (size_t i = 0; i < std::max(x.items.size(), y.items.size()); ++i) {
                const std::string item = name + " item " + std::to_string(i + 1);
                if (i >= x.items.size() || i >= y.items.size()) {
                    d.field(item, i < x.items.size() ? x.items[i].ref : kNone,
                            i < y.items.size() ? y.items[i].ref : kNone);
                    continue;
                }
                const ResultItem& p = x.items[i];
                const ResultItem& q = y.items[i];
                d.field(item, p.ref, q.ref);
                if (p.ref != q.ref) continue;
                const std::string it =
                    name + " " + (p.kind == ResultItem::Kind::Level ? "level " : "question ") + p.ref;
                d.field(it + " source", p.source, q.source);
                d.field(it + " category", p.category, q.category);
                d.number(it + " score", p.score, q.score);
                d.field(it + " passed", yes(p.passed), yes(q.passed));
                d.keyed<ResultMetric>(
                    it + " metric", p.metrics, q.metrics,
                    [](const ResultMetric& m) { return m.zone.empty() ? m.id : m.id + "@" + m.zone; },
                    [&](const std::string& mn, const ResultMetric& m, const ResultMetric& n) {
                        d.number(mn + " value", m.value, n.value);
                        d.number(mn + " score", m.score, n.score);
                        d.number(mn + " weight", m.weight, n.weight);
                        d.field(mn + " passed", yes(m.passed), yes(n.passed));
                    });
                d.list(it + " veto", p.vetoes, q.vetoes);
            }
        });
    d.number("score", a.score, b.score);
    d.field("passed", yes(a.passed), yes(b.passed));
    d.list("reason", a.reasons, b.reasons);
    d.field("issued-on", a.issuedOn, b.issuedOn);
    d.field("expires-on", a.expiresOn.empty() ? kNone : a.expiresOn,
            b.expiresOn.empty() ? kNone : b.expiresOn);
    return std::move(d.out);
}

bool onlyScoresDiffer(const std::vector<ResultFieldDifference>& differences) {
    auto endsWith = [](const std::string& s, const std::string& tail) {
        return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
    };
    for (const ResultFieldDifference& d : differences) {
        const std::string& f = d.field;
        const bool scored =
            f == "score" || f == "passed" || f == "expires-on" || f.rfind("reason ", 0) == 0 ||
            (f.rfind("section ", 0) == 0 &&
             (endsWith(f, " score") || endsWith(f, " passed") || f.find(" metric ") != std::string::npos ||
              f.find(" veto ") != std::string::npos || f.find(" unchecked ") != std::string::npos));
        if (!scored) return false;
    }
    return !differences.empty();
}

} // namespace stipple
