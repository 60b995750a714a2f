// The exam reader. One pass over the tree fills an Exam and collects every diagnostic; checks
// that need the whole file (unique section ids, vetoes naming drawn categories, weights adding up
// to something) run once the parts are read, and the diagnostics are then put in line order.
#include "exam/exam_reader.h"
#include "exam/candidate_id.h"

#include "io/element_reader.h"
#include "io/files.h"
#include "io/numbers.h"
#include "level/level_reader.h"
#include "level/vocabulary.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace stipple {

const char* sectionKindName(SectionKind kind) {
    return kind == SectionKind::Practical ? "practical" : "quiz";
}

const char* feedbackTimingName(FeedbackTiming timing) {
    switch (timing) {
    case FeedbackTiming::Immediately:
        return "immediately";
    case FeedbackTiming::AfterDecision:
        return "after-decision";
    case FeedbackTiming::Never:
        return "never";
    }
    return "never";
}

const Accommodation* Exam::findAccommodation(const std::string& candidate) const {
    // Compared in the canonical form (trimmed, NFC, case-folded): "Ana.Souza " on the exam's list
    // and "ana.souza" at the sign-in are one candidate.
    const std::string key = canonicalCandidateKey(candidate);
    for (const auto& a : accommodations)
        if (canonicalCandidateKey(a.candidate) == key) return &a;
    return nullptr;
}

std::vector<const ExamFileRef*> Exam::files() const {
    std::vector<const ExamFileRef*> out;
    for (const auto& s : sections) {
        for (const auto& item : s.items) {
            if (item.level) out.push_back(&*item.level);
            if (item.pool)
                for (const auto& l : item.pool->levels)
                    out.push_back(&l);
        }
        for (const auto& b : s.banks)
            out.push_back(&b.file);
        for (const auto& sc : s.scenarios)
            out.push_back(&sc.rules);
    }
    return out;
}

namespace {

class ExamFileReader : DocumentReader {
  public:
    ExamFileReader(const XmlDocument& doc, Diagnostics& diags) : DocumentReader(doc, diags) {
        m_folder = std::filesystem::path(doc.path).parent_path();
    }

    std::optional<Exam> read() {
        readAll();
        if (!finish()) return std::nullopt;
        m_exam.path = m_path;
        return std::move(m_exam);
    }

  private:
    /// Exam, section and candidate ids may also hold '.'.
    std::string id(ElementReader& r, std::string_view attr = "id") {
        return DocumentReader::id(r, attr, "-_.");
    }

    /// A file reference: `attr` relative to the exam file's folder, optional `sha256` pin.
    std::optional<ExamFileRef> fileRef(ElementReader& r, std::string_view attr) {
        const auto v = r.requiredString(attr);
        std::string pinned;
        if (const XmlAttribute* pin = r.find("sha256")) {
            if (isLowerHex(pin->value, 64))
                pinned = pin->value;
            else
                r.errorAt(*pin, r.tag() +
                                    " attribute 'sha256' must be 64 lower-case hex digits (as printed by "
                                    "`sha256sum`), got \"" +
                                    pin->value + "\"");
        }
        if (!v) return std::nullopt;
        const XmlAttribute& a = *r.element().attribute(attr);
        const std::string& p = *v;
        if (p[0] == '/' || p.find('\\') != std::string::npos) {
            r.errorAt(a, r.tag() + " attribute '" + std::string(attr) +
                             "' must be a path relative to this exam file with '/' separators (e.g. "
                             "\"../01-dot-drill.xml\"), got \"" +
                             p + "\"");
            return std::nullopt;
        }
        ExamFileRef ref;
        ref.path = p;
        ref.resolved = (m_folder / p).lexically_normal().generic_string();
        ref.pinnedSha256 = pinned;
        ref.line = a.line;
        ref.column = a.column;
        return ref;
    }

    void readAll() {
        const XmlElement& root = m_doc.root;
        ElementReader r(root, m_path, m_diags);
        if (!checkRoot(r, kExamRootElement, kExamFormatVersion)) return;
        m_exam.id = id(r);
        m_exam.title = std::string(trim(r.requiredString("title").value_or("")));
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({"description", "pass-rule", "attempts", "certificate", "practical", "quiz",
                                 "candidate-view", "accommodations", "candidates"});
        noText(root);

        const XmlElement* description = single(root, "description");
        const XmlElement* passRule = single(root, "pass-rule");
        const XmlElement* attempts = single(root, "attempts");
        const XmlElement* certificate = single(root, "certificate");
        const XmlElement* view = single(root, "candidate-view");
        const XmlElement* accommodations = single(root, "accommodations");
        const XmlElement* candidates = single(root, "candidates");

        if (description) {
            ElementReader d(*description, m_path, m_diags);
            d.rejectUnknownAttributes();
            d.rejectUnknownChildren({});
            m_exam.description = normaliseLevelText(description->text);
        }
        if (passRule)
            readPassRule(*passRule);
        else
            error(
                root,
                "<exam> needs a <pass-rule overall-pass-mark=\"..\" every-section=\"..\"/>: how the sections "
                "combine into a pass");
        if (attempts)
            readAttempts(*attempts);
        else
            error(root, "<exam> needs an <attempts allowed=\"..\" wait-days=\"..\"/>: how often a candidate "
                        "may sit it "
                        "(allowed=\"0\" for no limit)");
        if (certificate)
            readCertificate(*certificate);
        else
            error(root,
                  "<exam> needs a <certificate title=\"..\" issuer=\"..\" valid-months=\"..\"/>: what a pass "
                  "certifies");

        for (const auto& c : root.children) {
            if (c.name == "practical")
                readSection(c, SectionKind::Practical);
            else if (c.name == "quiz")
                readSection(c, SectionKind::Quiz);
        }
        if (m_exam.sections.empty())
            error(root,
                  "<exam> has no sections: add a <practical> (levels to complete) or a <quiz> (questions)");

        double weights = 0.0;
        for (const auto& s : m_exam.sections)
            weights += s.weight;
        if (!m_exam.sections.empty() && weights <= 0.0 && m_weightsOk)
            error(root, "the sections' weights add up to 0: give at least one section a weight above 0");

        if (view) readView(*view);
        if (accommodations) readAccommodations(*accommodations);
        if (candidates) readCandidates(*candidates);
        if (candidates && accommodations)
            error(*accommodations,
                  "<accommodations> and <candidates> both grant extra time: keep the extra time in "
                  "the candidate list named by <candidates> and remove <accommodations>");
    }

    void readCandidates(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        CandidateListRef ref;
        const std::optional<std::string> file = r.string("file", "");
        const std::string unlisted = r.choice("unlisted", "refuse", {"refuse", "admit"});
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
        ref.line = e.line;
        ref.admitUnlisted = unlisted == "admit";
        if (!file || file->empty()) {
            m_exam.candidates = std::move(ref); // the station's list (its settings file's `candidates`)
            return;
        }
        if (file->find('\\') != std::string::npos) {
            errorNear(e, "file",
                      "<candidates> attribute 'file' must use '/' separators, got \"" + *file + "\"");
            return;
        }
        ref.path = *file;
        ref.resolved = (m_folder / *file).lexically_normal().generic_string();
        m_exam.candidates = std::move(ref);
    }

    void readPassRule(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        PassRule& p = m_exam.passRule;
        p.overallPassMark = r.requiredNumber("overall-pass-mark", 0.0, 100.0).value_or(p.overallPassMark);
        if (!r.has("every-section"))
            r.error("<pass-rule> is missing required attribute 'every-section' (true: each section must be "
                    "passed "
                    "too; false: only the weighted total counts)");
        p.everySection = r.boolean("every-section", p.everySection);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
    }

    void readAttempts(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        AttemptPolicy& a = m_exam.attempts;
        a.allowed = static_cast<int>(r.requiredInteger("allowed", 0, 100).value_or(a.allowed));
        a.waitDays = static_cast<int>(r.integer("wait-days", 0, 0, 3650));
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
        if (a.allowed == 1 && a.waitDays > 0)
            errorNear(e, "wait-days",
                      "<attempts> wait-days=\"" + std::to_string(a.waitDays) +
                          "\" has no effect with allowed=\"1\": there is no second attempt to wait for");
    }

    void readCertificate(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        CertificateSpec& c = m_exam.certificate;
        c.title = std::string(trim(r.requiredString("title").value_or("")));
        c.issuer = std::string(trim(r.requiredString("issuer").value_or("")));
        c.validMonths = static_cast<int>(r.requiredInteger("valid-months", 0, 600).value_or(0));
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
    }

    void readSection(const XmlElement& e, SectionKind kind) {
        ElementReader r(e, m_path, m_diags);
        ExamSection s;
        s.kind = kind;
        s.id = id(r);
        if (!s.id.empty()) {
            const auto dup = std::find_if(m_exam.sections.begin(), m_exam.sections.end(),
                                          [&](const ExamSection& o) { return o.id == s.id; });
            if (dup != m_exam.sections.end())
                errorNear(e, "id",
                          "duplicate section id '" + s.id + "': the <" + sectionKindName(dup->kind) +
                              "> at line " + std::to_string(m_sectionLines[dup - m_exam.sections.begin()]) +
                              " already uses it; section ids must be unique");
        }
        s.title = std::string(trim(r.requiredString("title").value_or("")));
        if (const auto t = r.requiredNumber("time-limit-min", 1.0, 600.0)) s.timeLimitS = *t * 60.0;
        if (const auto w = r.requiredNumber("weight", 0.0, 100.0))
            s.weight = *w;
        else
            m_weightsOk = false;
        s.passMark = r.requiredNumber("pass-mark", 0.0, 100.0).value_or(s.passMark);
        if (kind == SectionKind::Quiz) s.shuffle = r.boolean("shuffle", s.shuffle);
        if (kind == SectionKind::Practical) readPracticalRules(e, r, s);
        r.rejectUnknownAttributes();
        noText(e);
        const std::string label = "<" + e.name + "> '" + s.id + "'";
        if (kind == SectionKind::Practical) {
            r.rejectUnknownChildren({"level", "pool", "veto"});
            readPractical(e, s, label);
        } else {
            r.rejectUnknownChildren({"bank", "scenarios", "veto"});
            readQuiz(e, s, label);
        }
        m_exam.sections.push_back(std::move(s));
        m_sectionLines.push_back(e.line);
    }

    /// A practical's verdict rule (pass-rule, level-floor) and whether reading a brief uses its clock.
    void readPracticalRules(const XmlElement& e, ElementReader& r, ExamSection& s) {
        if (const XmlAttribute* a = e.attribute("pass-rule")) {
            const std::string v(trim(a->value));
            if (v == "all-levels")
                s.rule = SectionRule::AllLevels;
            else if (v == "floor-and-mean")
                s.rule = SectionRule::FloorAndMean;
            else
                m_diags.error(
                    m_path, a->line, a->column,
                    "pass-rule must be \"all-levels\" (every level passed and the mean at the pass mark) or "
                    "\"floor-and-mean\" (every level at level-floor and the mean at the pass mark), got \"" +
                        v + "\"");
            r.requiredString("pass-rule"); // marks it as read
        }
        if (e.attribute("level-floor")) {
            if (const auto f = r.requiredNumber("level-floor", 0.0, 100.0)) s.levelFloor = *f;
            if (s.rule != SectionRule::FloorAndMean)
                errorNear(e, "level-floor", "level-floor belongs with pass-rule=\"floor-and-mean\"");
        } else if (s.rule == SectionRule::FloorAndMean) {
            errorNear(
                e, "pass-rule",
                "pass-rule=\"floor-and-mean\" needs level-floor=\"N\": the lowest level score that counts");
        }
        if (const XmlAttribute* a = e.attribute("reading-time")) {
            const std::string v(trim(a->value));
            if (v == "counts")
                s.readingTimeCounts = true;
            else if (v != "free")
                m_diags.error(
                    m_path, a->line, a->column,
                    "reading-time must be \"free\" (the clock waits while a level's brief is read) or "
                    "\"counts\", got \"" +
                        v + "\"");
            r.requiredString("reading-time");
        }
    }

    /// One level file may appear only once per section: a candidate would otherwise sit it twice.
    void claimLevel(const ExamFileRef& ref, std::vector<const ExamFileRef*>& used, const std::string& label) {
        for (const ExamFileRef* u : used) {
            if (u->resolved != ref.resolved) continue;
            m_diags.error(m_path, ref.line, ref.column,
                          label + " names level \"" + ref.path + "\" twice (first at line " +
                              std::to_string(u->line) + "): a candidate could be given the same level twice");
            return;
        }
        used.push_back(&ref);
    }

    std::optional<ExamFileRef> readLevelRef(const XmlElement& c) {
        ElementReader l(c, m_path, m_diags);
        auto ref = fileRef(l, "path");
        l.rejectUnknownAttributes();
        l.rejectUnknownChildren({});
        noText(c);
        return ref;
    }

    void readPractical(const XmlElement& e, ExamSection& s, const std::string& label) {
        std::vector<const ExamFileRef*> used;
        // Pointers into s.items stay valid: reserve once for every child.
        s.items.reserve(e.children.size());
        for (const auto& c : e.children) {
            if (c.name == "level") {
                if (auto ref = readLevelRef(c)) {
                    s.items.push_back({std::move(*ref), std::nullopt});
                    claimLevel(*s.items.back().level, used, label);
                }
            } else if (c.name == "pool") {
                ElementReader p(c, m_path, m_diags);
                LevelPool pool;
                const auto draw = p.requiredInteger("draw", 1, 100);
                p.rejectUnknownAttributes();
                p.rejectUnknownChildren({"level"});
                noText(c);
                pool.levels.reserve(c.children.size());
                for (const auto& lc : c.children)
                    if (lc.name == "level")
                        if (auto ref = readLevelRef(lc)) pool.levels.push_back(std::move(*ref));
                if (pool.levels.size() < 2) {
                    error(c, "<pool> needs at least two <level path=\"..\"/> to draw from (a single level is "
                             "a fixed "
                             "<level>)");
                    continue;
                }
                if (draw && static_cast<size_t>(*draw) >= pool.levels.size() + 1) {
                    errorNear(c, "draw",
                              "<pool> draw=\"" + std::to_string(*draw) +
                                  "\" asks for more levels than the pool's " +
                                  std::to_string(pool.levels.size()));
                    continue;
                }
                if (!draw) continue;
                if (static_cast<size_t>(*draw) == pool.levels.size())
                    m_diags.warning(
                        m_path, c.line, c.column,
                        "<pool> draws all " + std::to_string(*draw) +
                            " of its levels: every candidate sits them all (list them as <level> instead)");
                pool.count = static_cast<int>(*draw);
                s.items.push_back({std::nullopt, std::move(pool)});
                for (const auto& l : s.items.back().pool->levels)
                    claimLevel(l, used, label);
            } else if (c.name == "veto") {
                ElementReader v(c, m_path, m_diags);
                ExamVeto veto;
                if (const auto metric = v.requiredString("metric")) {
                    if (findMetric(*metric))
                        veto.metric = *metric;
                    else {
                        std::vector<std::string_view> ids;
                        for (const auto& m : knownMetrics())
                            ids.push_back(m.id);
                        v.errorAt(*c.attribute("metric"), "<veto> attribute 'metric' names no metric: \"" +
                                                              *metric +
                                                              "\" (known metrics: " + joinWords(ids) + ")");
                    }
                }
                veto.maxValue = v.requiredNumber("max", 0.0, 1e9).value_or(0.0);
                veto.reason = std::string(trim(v.requiredString("reason").value_or("")));
                v.rejectUnknownAttributes();
                v.rejectUnknownChildren({});
                noText(c);
                s.vetoes.push_back(std::move(veto));
            }
        }
        const bool written = std::any_of(e.children.begin(), e.children.end(), [](const XmlElement& c) {
            return c.name == "level" || c.name == "pool";
        });
        if (!written)
            error(e, label + " has no levels: add <level path=\"..\"/> or a <pool draw=\"..\"> of levels");
    }

    void readQuiz(const XmlElement& e, ExamSection& s, const std::string& label) {
        std::vector<std::pair<const XmlElement*, std::string>> vetoCategories;
        for (const auto& c : e.children) {
            if (c.name == "bank") {
                ElementReader b(c, m_path, m_diags);
                auto ref = fileRef(b, "path");
                b.rejectUnknownAttributes();
                b.rejectUnknownChildren({"draw"});
                noText(c);
                BankRef bank;
                for (const auto& d : c.children) {
                    if (d.name != "draw") continue;
                    ElementReader dr(d, m_path, m_diags);
                    QuestionDraw draw;
                    draw.category = id(dr, "category");
                    draw.count = static_cast<int>(dr.requiredInteger("count", 1, 500).value_or(1));
                    dr.rejectUnknownAttributes();
                    dr.rejectUnknownChildren({});
                    noText(d);
                    if (draw.category.empty()) continue;
                    const auto dup =
                        std::find_if(bank.draws.begin(), bank.draws.end(),
                                     [&](const QuestionDraw& o) { return o.category == draw.category; });
                    if (dup != bank.draws.end()) {
                        errorNear(d, "category",
                                  "<bank> draws category '" + draw.category +
                                      "' twice; give one <draw> per category with the total count");
                        continue;
                    }
                    bank.draws.push_back(std::move(draw));
                }
                if (bank.draws.empty()) {
                    error(c, "<bank> needs at least one <draw category=\"..\" count=\"..\"/>: which "
                             "questions to ask");
                    continue;
                }
                if (!ref) continue;
                for (const auto& other : s.banks)
                    if (other.file.resolved == ref->resolved)
                        errorAt(*c.attribute("path"),
                                label + " names bank \"" + ref->path + "\" twice (first at line " +
                                    std::to_string(other.file.line) + "); put all its draws in one <bank>");
                bank.file = std::move(*ref);
                s.banks.push_back(std::move(bank));
            } else if (c.name == "scenarios") {
                ElementReader sc(c, m_path, m_diags);
                auto ref = fileRef(sc, "rules");
                const auto count = sc.requiredInteger("count", 1, 100);
                sc.rejectUnknownAttributes();
                sc.rejectUnknownChildren({});
                noText(c);
                if (!ref || !count) continue;
                s.scenarios.push_back({std::move(*ref), static_cast<int>(*count)});
            } else if (c.name == "veto") {
                ElementReader v(c, m_path, m_diags);
                ExamVeto veto;
                veto.category = id(v, "category");
                veto.minPercent = v.requiredNumber("min-percent", 0.0, 100.0).value_or(0.0);
                veto.reason = std::string(trim(v.requiredString("reason").value_or("")));
                v.rejectUnknownAttributes();
                v.rejectUnknownChildren({});
                noText(c);
                if (!veto.category.empty()) vetoCategories.emplace_back(&c, veto.category);
                s.vetoes.push_back(std::move(veto));
            }
        }
        if (s.banks.empty() && s.scenarios.empty())
            error(e, label + " has no questions: add a <bank path=\"..\"> with <draw> children or "
                             "<scenarios rules=\"..\" count=\"..\"/>");
        // A veto on a category the section never draws could never be evaluated.
        for (const auto& [element, category] : vetoCategories) {
            bool drawn = category == kExamScenarioCategory && !s.scenarios.empty();
            for (const auto& b : s.banks)
                for (const auto& d : b.draws)
                    drawn = drawn || d.category == category;
            if (!drawn)
                errorNear(*element, "category",
                          "<veto> category '" + category + "' is not drawn in " + label +
                              " (vetoes apply to a drawn <draw category=\"..\">, or '" +
                              std::string(kExamScenarioCategory) + "' for <scenarios>)");
        }
    }

    FeedbackTiming timing(ElementReader& r, std::string_view name, FeedbackTiming fallback) {
        const std::string v =
            r.choice(name, feedbackTimingName(fallback), {"immediately", "after-decision", "never"});
        if (v == "immediately") return FeedbackTiming::Immediately;
        if (v == "after-decision") return FeedbackTiming::AfterDecision;
        return FeedbackTiming::Never;
    }

    void readView(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({"during", "after"});
        noText(e);
        CandidateView& v = m_exam.view;
        if (const XmlElement* during = single(e, "during")) {
            ElementReader d(*during, m_path, m_diags);
            v.ghost = d.boolean("ghost", v.ghost);
            v.undo = d.boolean("undo", v.undo);
            v.liveScore = d.boolean("live-score", v.liveScore);
            v.timer = d.boolean("timer", v.timer);
            d.rejectUnknownAttributes();
            d.rejectUnknownChildren({});
            noText(*during);
        }
        if (const XmlElement* after = single(e, "after")) {
            ElementReader a(*after, m_path, m_diags);
            v.scoreShown = timing(a, "score", v.scoreShown);
            v.metricsShown = timing(a, "metrics", v.metricsShown);
            v.correctAnswers = a.boolean("correct-answers", v.correctAnswers);
            a.rejectUnknownAttributes();
            a.rejectUnknownChildren({});
            noText(*after);
            if (v.scoreShown == FeedbackTiming::Never && v.metricsShown != FeedbackTiming::Never)
                errorNear(*after, "metrics",
                          "<after> shows the metrics but never the score; show the score at least as early");
            if (v.scoreShown == FeedbackTiming::AfterDecision &&
                v.metricsShown == FeedbackTiming::Immediately)
                errorNear(*after, "metrics",
                          "<after> shows the metrics immediately but the score only after the decision; the "
                          "metrics give the score away");
        }
    }

    void readAccommodations(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({"extra-time"});
        noText(e);
        std::vector<std::pair<std::string, int>> seen;
        for (const auto& c : e.children) {
            if (c.name != "extra-time") continue;
            ElementReader x(c, m_path, m_diags);
            Accommodation a;
            a.candidate = id(x, "candidate");
            const auto percent = x.optionalNumber("percent", 0.0, 0.0, 200.0);
            const auto minutes = x.optionalNumber("minutes", 0.0, 0.0, 600.0);
            a.reason = std::string(trim(x.requiredString("reason").value_or("")));
            x.rejectUnknownAttributes();
            x.rejectUnknownChildren({});
            noText(c);
            if (percent) a.extraPercent = *percent;
            if (minutes) a.extraMinutes = *minutes;
            if (percent && minutes && *percent == 0.0 && *minutes == 0.0)
                error(c, "<extra-time> grants no time: give percent=\"..\" or minutes=\"..\" above 0");
            if (!a.candidate.empty()) {
                const auto dup =
                    std::find_if(seen.begin(), seen.end(), [&](auto& p) { return p.first == a.candidate; });
                if (dup != seen.end())
                    errorNear(c, "candidate",
                              "candidate '" + a.candidate + "' already has <extra-time> at line " +
                                  std::to_string(dup->second) + "; give one per candidate");
                else
                    seen.emplace_back(a.candidate, c.line);
            }
            m_exam.accommodations.push_back(std::move(a));
        }
    }

    std::filesystem::path m_folder;
    Exam m_exam;
    std::vector<int> m_sectionLines;
    bool m_weightsOk = true;
};

} // namespace

std::optional<Exam> readExam(const XmlDocument& doc, Diagnostics& diags) {
    return ExamFileReader(doc, diags).read();
}

std::optional<Exam> loadExamFile(const std::string& path, Diagnostics& diags) {
    std::string contents, error;
    if (!readFile(path, contents, error)) {
        diags.error(path, 1, 1, error);
        return std::nullopt;
    }
    const auto doc = parseXml(contents, path, diags);
    if (!doc) return std::nullopt;
    auto exam = readExam(*doc, diags);
    if (exam) exam->sourceSha256 = sha256Hex(contents);
    return exam;
}

} // namespace stipple
