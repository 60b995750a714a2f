// Exam grading. A level counts with its scorecard's overall score; a level's own never events
// (the level author's vetoes) fail the practical section as the exam's own vetoes do, because a
// forbidden-area dot is as unacceptable in an exam as in practice. A veto whose metric no level
// measured is listed as unchecked in the result rather than silently passed.
#include "exam/exam_grading.h"

#include "aftercare/civil_date.h"
#include "io/numbers.h"
#include "scoring/scorer_version.h"

#include <algorithm>
#include <cmath>

namespace stipple {

namespace {

/// Scores are shown to people with two decimals; the record keeps the exact value.
std::string shown(double v) {
    const double r = std::round(v * 100.0) / 100.0;
    return formatNumber(r);
}

/// The highest score shown below a pass mark (two decimals): what a failed verdict is capped at.
double belowMark(double passMark) {
    return std::max(0.0, passMark - 0.01);
}

} // namespace

std::string addMonths(const std::string& isoDate, int months) {
    const auto d = parseIsoDate(isoDate);
    if (!d) return {};
    const CivilFields f = civilFromDays(d->daysSinceEpoch);
    const int64_t total = f.year * 12 + (f.month - 1) + months;
    const int64_t year = total / 12;
    const int month = static_cast<int>(total % 12) + 1;
    const int day = std::min(f.day, daysInMonth(year, month));
    return formatIsoDate(CivilDate{daysFromCivil(year, month, day)});
}

std::optional<ExamResult> gradeExam(const Exam& exam, const ExamInstance& instance,
                                    const ExamSitting& sitting, std::string& error) {
    const auto fail = [&](std::string message) -> std::optional<ExamResult> {
        error = std::move(message);
        return std::nullopt;
    };
    if (instance.examId != exam.id || instance.examSha256 != exam.sourceSha256)
        return fail("the instance was drawn from another exam (" + instance.examId + ")");
    if (instance.candidate.empty()) return fail("the instance names no candidate");
    const auto started = parseUtcTimestamp(sitting.startedAt);
    const auto finished = parseUtcTimestamp(sitting.finishedAt);
    if (!started || !finished)
        return fail("start and finish times must be UTC timestamps YYYY-MM-DDTHH:MM:SSZ, got \"" +
                    sitting.startedAt + "\" and \"" + sitting.finishedAt + "\"");
    if (*finished < *started) return fail("the exam finished (" + sitting.finishedAt + ") before it started");
    if (sitting.attempt < 1) return fail("attempt numbers start at 1");
    if (sitting.sections.size() != exam.sections.size() || instance.sections.size() != exam.sections.size())
        return fail("the sitting has " + std::to_string(sitting.sections.size()) + " sections, the exam " +
                    std::to_string(exam.sections.size()));

    ExamResult r;
    r.examId = exam.id;
    r.examTitle = exam.title;
    r.examSha256 = exam.sourceSha256;
    r.certificateTitle = exam.certificate.title;
    r.issuer = exam.certificate.issuer;
    r.candidateId = instance.candidate;
    r.candidateName = sitting.candidateName;
    r.station = sitting.station;
    r.attempt = sitting.attempt;
    r.seed = instance.seed;
    r.build = sitting.build.empty() ? std::string("stipple ") + STIPPLE_VERSION : sitting.build;
    r.scorerVersion = sitting.scorerVersion.value_or(kScorerVersion);
    r.startedAt = sitting.startedAt;
    r.finishedAt = sitting.finishedAt;
    r.recordingSha256 = sitting.recordingSha256;
    for (const auto& f : instance.files)
        r.files.push_back({f.ref, f.sha256});

    double weighted = 0.0, weights = 0.0;
    for (size_t si = 0; si < exam.sections.size(); ++si) {
        const ExamSection& es = exam.sections[si];
        const InstanceSection& is = instance.sections[si];
        const SectionOutcome& so = sitting.sections[si];
        if (so.sectionId != es.id || is.id != es.id)
            return fail("section " + std::to_string(si + 1) + " of the sitting is '" + so.sectionId +
                        "', the exam's is '" + es.id + "'");
        if (!(so.timeUsedS >= 0.0)) return fail("section '" + es.id + "': time used must be 0 or more");
        ResultSection rs;
        std::string levelRule; ///< practical: why the section's level rule fails it ("" = met)
        rs.id = es.id;
        rs.title = es.title;
        rs.kind = sectionKindName(es.kind);
        rs.weight = es.weight;
        rs.passMark = es.passMark;
        rs.timeLimitS = is.timeLimitS;
        rs.timeUsedS = so.timeUsedS;
        rs.timedOut = so.timedOut;

        if (es.kind == SectionKind::Practical) {
            if (so.levels.size() != is.levels.size() || !so.questions.empty())
                return fail("section '" + es.id + "' was drawn with " + std::to_string(is.levels.size()) +
                            " levels, the sitting has " + std::to_string(so.levels.size()) + " (and " +
                            std::to_string(so.questions.size()) + " questions)");
            double sum = 0.0;
            for (size_t li = 0; li < is.levels.size(); ++li) {
                const InstanceLevel& il = is.levels[li];
                const LevelOutcome& lo = so.levels[li];
                if (lo.levelPath != il.path)
                    return fail("section '" + es.id + "' level " + std::to_string(li + 1) + " is " +
                                lo.levelPath + ", the instance drew " + il.path);
                ResultItem item;
                item.kind = ResultItem::Kind::Level;
                item.ref = il.levelId;
                item.source = il.ref;
                item.score = lo.scorecard.overall;
                item.passed = lo.scorecard.passed;
                for (const auto& m : lo.scorecard.metrics)
                    item.metrics.push_back({m.id, m.zone, m.value, m.score, m.weight, m.passed});
                for (const auto& v : lo.scorecard.vetoes) {
                    item.vetoes.push_back(v.reason);
                    rs.vetoes.push_back("level '" + il.levelId + "': " + v.reason);
                }
                sum += lo.scorecard.overall;
                rs.items.push_back(std::move(item));
            }
            rs.score = is.levels.empty() ? 0.0 : sum / static_cast<double>(is.levels.size());
            // The section's rule: a section never passes when all its levels failed, and under
            // "all-levels" not when any did; "floor-and-mean" lets a level below its own pass mark
            // count as long as it reaches the floor.
            int failedLevels = 0;
            std::string lowest;
            for (const ResultItem& item : rs.items) {
                const bool counts =
                    es.rule == SectionRule::FloorAndMean ? item.score >= es.levelFloor : item.passed;
                if (counts) continue;
                ++failedLevels;
                if (lowest.empty()) lowest = item.ref + " " + shown(item.score);
            }
            const bool allFailed =
                !rs.items.empty() &&
                std::none_of(rs.items.begin(), rs.items.end(), [](const ResultItem& i) { return i.passed; });
            if (es.rule == SectionRule::AllLevels && failedLevels > 0)
                levelRule = std::to_string(failedLevels) + " of " + std::to_string(rs.items.size()) +
                            " levels not passed (first: " + lowest +
                            "); this section needs every level passed";
            else if (es.rule == SectionRule::FloorAndMean && failedLevels > 0)
                levelRule = std::to_string(failedLevels) + " of " + std::to_string(rs.items.size()) +
                            " levels below the floor " + formatNumber(es.levelFloor) + " (first: " + lowest +
                            ")";
            else if (allFailed)
                levelRule = "every level failed";
            for (const auto& veto : es.vetoes) {
                double total = 0.0;
                bool measured = false;
                for (const auto& lo : so.levels)
                    for (const auto& m : lo.scorecard.metrics)
                        if (m.id == veto.metric) {
                            total += m.value;
                            measured = true;
                        }
                if (!measured)
                    rs.unchecked.push_back(veto.metric + ": no level measured it (" + veto.reason + ")");
                else if (total > veto.maxValue)
                    rs.vetoes.push_back(veto.reason + " (" + veto.metric + " " + formatNumber(total) +
                                        ", at most " + formatNumber(veto.maxValue) + ")");
            }
        } else {
            if (so.questions.size() != is.questions.size() || !so.levels.empty())
                return fail("section '" + es.id + "' was drawn with " + std::to_string(is.questions.size()) +
                            " questions, the sitting has " + std::to_string(so.questions.size()) + " (and " +
                            std::to_string(so.levels.size()) + " levels)");
            double sum = 0.0;
            for (size_t qi = 0; qi < is.questions.size(); ++qi) {
                const InstanceQuestion& iq = is.questions[qi];
                const QuestionOutcome& qo = so.questions[qi];
                if (!(qo.credit >= 0.0 && qo.credit <= 1.0))
                    return fail("section '" + es.id + "' question " + std::to_string(qi + 1) + ": credit " +
                                formatNumber(qo.credit) + " is outside 0..1");
                if (iq.isScenario() ? qo.questionId.empty() : qo.questionId != iq.questionId)
                    return fail("section '" + es.id + "' question " + std::to_string(qi + 1) + " is '" +
                                qo.questionId + "', the instance drew '" +
                                (iq.isScenario() ? "a scenario" : iq.questionId) + "'");
                ResultItem item;
                item.kind = iq.isScenario() ? ResultItem::Kind::Scenario : ResultItem::Kind::Question;
                item.ref = qo.questionId;
                item.category = iq.category;
                item.source = iq.sourceRef;
                item.score = qo.credit;
                item.passed = qo.credit >= 1.0;
                sum += qo.credit;
                rs.items.push_back(std::move(item));
            }
            rs.score = is.questions.empty() ? 0.0 : 100.0 * sum / static_cast<double>(is.questions.size());
            for (const auto& veto : es.vetoes) {
                double got = 0.0;
                int n = 0;
                for (const auto& item : rs.items)
                    if (item.category == veto.category) {
                        got += item.score;
                        ++n;
                    }
                const double percent = n > 0 ? 100.0 * got / n : 0.0;
                if (n > 0 && percent < veto.minPercent)
                    rs.vetoes.push_back(veto.reason + " (" + veto.category + " " + shown(percent) +
                                        "%, at least " + formatNumber(veto.minPercent) + "% needed)");
            }
        }
        rs.passed = rs.score >= rs.passMark && rs.vetoes.empty() && levelRule.empty();
        // The overall mean and the reasons use the marks as earned; the number shown for a failed
        // section is below its pass mark, so the number tells the verdict.
        weighted += rs.weight * rs.score;
        weights += rs.weight;
        for (const auto& v : rs.vetoes)
            r.reasons.push_back("section '" + rs.id + "': " + v);
        if (!levelRule.empty())
            r.reasons.push_back("section '" + rs.id + "': " + levelRule);
        else if (exam.passRule.everySection && rs.score < rs.passMark)
            r.reasons.push_back("section '" + rs.id + "' scored " + shown(rs.score) +
                                ", below its pass mark " + formatNumber(rs.passMark));
        if (!rs.passed) rs.score = std::min(rs.score, belowMark(rs.passMark));
        r.sections.push_back(std::move(rs));
    }
    r.score = weights > 0.0 ? weighted / weights : 0.0;
    if (r.score < exam.passRule.overallPassMark)
        r.reasons.push_back("overall score " + shown(r.score) + " is below the pass mark " +
                            formatNumber(exam.passRule.overallPassMark));
    r.passed = r.reasons.empty();
    if (!r.passed) r.score = std::min(r.score, belowMark(exam.passRule.overallPassMark));
    r.issuedOn = sitting.finishedAt.substr(0, 10);
    if (r.passed && exam.certificate.validMonths > 0)
        r.expiresOn = addMonths(r.issuedOn, exam.certificate.validMonths);
    r.resultId = makeResultId(r);
    return r;
}

} // namespace stipple
