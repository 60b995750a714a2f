// Exam definitions: the reader's exact located diagnostics, the model it fills, the materials
// check (missing, broken, changed and too-small files), and the seeded draw — the same seed gives
// the same exam, every pool member is drawn equally often, sections draw independently.
#include "exam/exam_instance.h"
#include "exam/exam_materials.h"
#include "exam/exam_reader.h"
#include "io/files.h"
#include "support/gcc12_string_literal.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>

using namespace stipple;
using stipple::test::Scratch;

namespace {

std::optional<Exam> read(const std::string& xml, Diagnostics& d, const std::string& path = "exams/x.xml") {
    const auto doc = parseXml(xml, path, d);
    if (!doc) return std::nullopt;
    return readExam(*doc, d);
}

std::string errorsOf(const std::string& xml) {
    Diagnostics d;
    const auto exam = read(xml, d);
    CHECK_FALSE(exam);
    return d.formatAll();
}

const char* kHead = R"(<exam format="1" id="x" title="T">
  <pass-rule overall-pass-mark="70" every-section="true"/>
  <attempts allowed="2" wait-days="7"/>
  <certificate title="C" issuer="I" valid-months="12"/>
)";

std::string exam(const std::string& body) {
    return std::string(kHead) + body + "</exam>\n";
}

std::string level(const std::string& id, int difficulty) {
    return "<level format=\"1\" id=\"" + id + "\" title=\"Level " + id +
           "\" skill=\"placement\" difficulty=\"" + std::to_string(difficulty) +
           "\">\n  <brief>Place the dots.</brief>\n  <canvas width-mm=\"20\" height-mm=\"15\"/>\n"
           "  <target generate=\"false\"><dot x-mm=\"2\" y-mm=\"2\"/><dot x-mm=\"6\" "
           "y-mm=\"5\"/></target>\n</level>\n";
}

std::string question(const std::string& id, const std::string& categories) {
    return "  <question id=\"" + id + "\" type=\"true-false\" categories=\"" + categories +
           "\" difficulty=\"1\">\n    <prompt>Is " + id +
           " true?</prompt>\n    <answer value=\"true\"/>\n"
           "    <explanation>It is.</explanation>\n    <source>Test.</source>\n  </question>\n";
}

/// A bank with `a` questions of main category "care", `b` of "safety" (one of them also "care").
std::string bank(int a, int b) {
    std::string out =
        "<question-bank format=\"1\" id=\"bank\" title=\"Bank\">\n"
        "  <category id=\"care\" name=\"Care\"/>\n  <category id=\"safety\" name=\"Safety\"/>\n";
    for (int i = 0; i < a; ++i)
        out += question("care-" + std::to_string(i), "care");
    for (int i = 0; i < b; ++i)
        out += question("safety-" + std::to_string(i), i == 0 ? "safety care" : "safety");
    return out + "</question-bank>\n";
}

const char* kRules = R"(<aftercare-rules format="1" id="rules" title="Rules">
  <activity id="wet-scalp" name="Washing or wetting the scalp"/>
  <rule id="dry" activity="wet-scalp" when="after-each-session" days="4">
    <source>Keep the scalp dry for four days.</source>
  </rule>
</aftercare-rules>
)";

/// A folder with levels a..e (difficulty 2, e: 3), a bank and a rule book, and exams/ for exams.
struct Materials {
    Scratch s;
    Materials() {
        for (const char* id : {"a", "b", "c", "d"})
            s.write(std::string("levels/") + id + ".xml", level(id, 2));
        s.write("levels/e.xml", level("e", 3));
        s.write("banks/bank.xml", bank(8, 5));
        s.write("rules/rules.xml", kRules);
    }
    std::string writeExam(const std::string& xml) const { return s.write("exams/exam.xml", xml).string(); }
};

const char* kFullBody =
    R"(  <practical id="practical" title="Practical" time-limit-min="30" weight="60" pass-mark="70">
    <level path="../levels/a.xml"/>
    <pool draw="2">
      <level path="../levels/b.xml"/>
      <level path="../levels/c.xml"/>
      <level path="../levels/d.xml"/>
    </pool>
    <veto metric="blowouts" max="0" reason="No blowouts."/>
  </practical>
  <quiz id="theory" title="Theory" time-limit-min="20" weight="40" pass-mark="75">
    <bank path="../banks/bank.xml">
      <draw category="care" count="3"/>
      <draw category="safety" count="2"/>
    </bank>
    <scenarios rules="../rules/rules.xml" count="2"/>
    <veto category="safety" min-percent="100" reason="Safety questions must all be right."/>
  </quiz>
  <accommodations>
    <extra-time candidate="C-7" percent="25" reason="approved 2026-02-01"/>
    <extra-time candidate="C-8" minutes="10" percent="10" reason="approved 2026-02-02"/>
  </accommodations>
)";

struct Loaded {
    Exam exam;
    ExamMaterials materials;
};

Loaded loadOrFail(const std::string& path) {
    Diagnostics d;
    auto exam = loadExamFile(path, d);
    INFO(d.formatAll());
    REQUIRE(exam);
    auto materials = loadExamMaterials(*exam, d);
    INFO(d.formatAll());
    REQUIRE(materials);
    CHECK(d.empty());
    return {std::move(*exam), std::move(*materials)};
}

} // namespace

TEST_CASE("exam reader: the shipped exams load with no diagnostics and their files check out", "[exam]") {
    const std::string path = STIPPLE_SOURCE_DIR "/levels/exams/foundation-certificate.xml";
    const Loaded l = loadOrFail(path);
    CHECK(l.exam.id == "foundation-certificate");
    CHECK(l.exam.sections.size() == 2);
    CHECK(l.exam.sourceSha256.size() == 64);
    // Every referenced file is hashed, and the hash is that of the file's bytes.
    for (const ExamFileRef* ref : l.exam.files()) {
        std::string bytes, error;
        REQUIRE(readFile(ref->resolved, bytes, error));
        CHECK(l.materials.sha256.at(ref->resolved) == sha256Hex(bytes));
    }
}

TEST_CASE("exam reader: a full definition fills the model", "[exam]") {
    Diagnostics d;
    const auto e = read(exam(std::string(kFullBody) + R"(  <candidate-view>
    <during ghost="true" undo="false" live-score="true" timer="false"/>
    <after score="after-decision" metrics="never" correct-answers="true"/>
  </candidate-view>
  <description>
    Line one
    continues.
  </description>
)"),
                        d);
    INFO(d.formatAll());
    REQUIRE(e);
    CHECK(d.empty());
    CHECK(e->passRule.overallPassMark == 70);
    CHECK(e->passRule.everySection);
    CHECK(e->attempts.allowed == 2);
    CHECK(e->attempts.waitDays == 7);
    CHECK(e->certificate.validMonths == 12);
    CHECK(e->description == "Line one continues.");
    REQUIRE(e->sections.size() == 2);
    const ExamSection& p = e->sections[0];
    CHECK(p.kind == SectionKind::Practical);
    CHECK(p.timeLimitS == 1800);
    CHECK(p.weight == 60);
    REQUIRE(p.items.size() == 2);
    CHECK(p.items[0].level->resolved == "levels/a.xml");
    CHECK(p.items[1].pool->count == 2);
    CHECK(p.items[1].pool->levels.size() == 3);
    CHECK(p.vetoes.at(0).metric == "blowouts");
    const ExamSection& q = e->sections[1];
    CHECK(q.kind == SectionKind::Quiz);
    CHECK(q.banks.at(0).file.resolved == "banks/bank.xml");
    CHECK(q.banks[0].draws.size() == 2);
    CHECK(q.scenarios.at(0).count == 2);
    CHECK(q.shuffle);
    CHECK(q.vetoes.at(0).category == "safety");
    CHECK(e->view.ghost);
    CHECK_FALSE(e->view.undo);
    CHECK(e->view.liveScore);
    CHECK_FALSE(e->view.timer);
    CHECK(e->view.scoreShown == FeedbackTiming::AfterDecision);
    CHECK(e->view.metricsShown == FeedbackTiming::Never);
    CHECK(e->view.correctAnswers);
    REQUIRE(e->accommodations.size() == 2);
    CHECK(sectionTimeLimitS(*e, p, "C-7") == 1800 * 1.25);
    CHECK(sectionTimeLimitS(*e, p, "C-8") == 1800 + 180 + 600);
    CHECK(sectionTimeLimitS(*e, p, "C-9") == 1800);
}

TEST_CASE("exam reader: a practical's pass-rule, level floor and reading time", "[exam]") {
    Diagnostics d;
    auto e = read(exam(R"(  <practical id="p" title="P" time-limit-min="5" weight="1" pass-mark="50">
    <level path="a.xml"/>
  </practical>
)"),
                  d);
    REQUIRE(e);
    CHECK(e->sections[0].rule == SectionRule::AllLevels); // the default
    CHECK_FALSE(e->sections[0].readingTimeCounts);
    e = read(
        exam(
            R"(  <practical id="p" title="P" time-limit-min="5" weight="1" pass-mark="50" pass-rule="floor-and-mean" level-floor="55" reading-time="counts">
    <level path="a.xml"/>
  </practical>
)"),
        d);
    INFO(d.formatAll());
    REQUIRE(e);
    CHECK(e->sections[0].rule == SectionRule::FloorAndMean);
    CHECK(e->sections[0].levelFloor == 55);
    CHECK(e->sections[0].readingTimeCounts);
    // Mistakes are located and say what is allowed.
    Diagnostics bad;
    CHECK_FALSE(read(
        exam(
            R"(  <practical id="p" title="P" time-limit-min="5" weight="1" pass-mark="50" pass-rule="mean" reading-time="never">
    <level path="a.xml"/>
  </practical>
  <practical id="q" title="Q" time-limit-min="5" weight="1" pass-mark="50" pass-rule="floor-and-mean">
    <level path="b.xml"/>
  </practical>
)"),
        bad));
    const std::string all = bad.formatAll();
    CHECK(all.find("pass-rule must be \"all-levels\"") != std::string::npos);
    CHECK(all.find("reading-time must be \"free\"") != std::string::npos);
    CHECK(all.find("pass-rule=\"floor-and-mean\" needs level-floor") != std::string::npos);
}

TEST_CASE("exam reader: exam-mode defaults hide the practice aids", "[exam]") {
    Diagnostics d;
    const auto e = read(exam(R"(  <practical id="p" title="P" time-limit-min="5" weight="1" pass-mark="50">
    <level path="a.xml"/>
  </practical>
)"),
                        d);
    REQUIRE(e);
    CHECK_FALSE(e->view.ghost);
    CHECK_FALSE(e->view.undo);
    CHECK_FALSE(e->view.liveScore);
    CHECK(e->view.timer);
    CHECK(e->view.scoreShown == FeedbackTiming::Immediately);
    CHECK(e->view.metricsShown == FeedbackTiming::AfterDecision);
    CHECK_FALSE(e->view.correctAnswers);
}

TEST_CASE("exam reader: every mistake is located, all in one pass", "[exam]") {
    const std::string xml = R"(<exam format="1" id="x y" title="T" colour="red">
  <pass-rule overall-pass-mark="170"/>
  <attempts allowed="1" wait-days="3"/>
  <practical id="p" title="P" time-limit-min="0" weight="1" pass-mark="50">
    <level path="/abs/a.xml"/>
    <level path="a.xml" sha256="ABC"/>
    <pool draw="3">
      <level path="b.xml"/>
      <level path="c.xml"/>
    </pool>
    <pool draw="1">
      <level path="a.xml"/>
      <level path="d.xml"/>
    </pool>
    <veto metric="blowout" max="0" reason="r"/>
  </practical>
  <quiz id="p" title="Q" time-limit-min="10" weight="1" pass-mark="50">
    <bank path="bank.xml">
      <draw category="a" count="2"/>
      <draw category="a" count="1"/>
    </bank>
    <veto category="zz" min-percent="50" reason="r"/>
  </quiz>
  <candidate-view><after score="never" metrics="immediately"/></candidate-view>
  <accommodations>
    <extra-time candidate="c1" reason="x"/>
    <extra-time candidate="c1" percent="10" reason="y"/>
  </accommodations>
</exam>
)";
    CHECK(
        errorsOf(xml) ==
        "exams/x.xml:1:1: error: <exam> needs a <certificate title=\"..\" issuer=\"..\" "
        "valid-months=\"..\"/>: what a "
        "pass certifies\n"
        "exams/x.xml:1:18: error: <exam> attribute 'id' must start with a letter or digit and contain only "
        "letters, "
        "digits, '-', '_' and '.' (at most 64), got \"x y\"\n"
        "exams/x.xml:1:37: error: unknown attribute 'colour' on <exam> (expected one of: format, id, title)\n"
        "exams/x.xml:2:3: error: <pass-rule> is missing required attribute 'every-section' (true: each "
        "section must "
        "be passed too; false: only the weighted total counts)\n"
        "exams/x.xml:2:14: error: <pass-rule> attribute 'overall-pass-mark' must be between 0 and 100, got "
        "170\n"
        "exams/x.xml:3:25: error: <attempts> wait-days=\"3\" has no effect with allowed=\"1\": there is no "
        "second "
        "attempt to wait for\n"
        "exams/x.xml:4:31: error: <practical> attribute 'time-limit-min' must be between 1 and 600, got 0\n"
        "exams/x.xml:5:12: error: <level> attribute 'path' must be a path relative to this exam file with "
        "'/' "
        "separators (e.g. \"../01-dot-drill.xml\"), got \"/abs/a.xml\"\n"
        "exams/x.xml:6:25: error: <level> attribute 'sha256' must be 64 lower-case hex digits (as printed by "
        "`sha256sum`), got \"ABC\"\n"
        "exams/x.xml:7:11: error: <pool> draw=\"3\" asks for more levels than the pool's 2\n"
        "exams/x.xml:12:14: error: <practical> 'p' names level \"a.xml\" twice (first at line 6): a "
        "candidate could "
        "be given the same level twice\n"
        "exams/x.xml:15:11: error: <veto> attribute 'metric' names no metric: \"blowout\" (known metrics: "
        "density, "
        "evenness, bald-spot, clumping, spacing, nn-cv, min-spacing-violations, overlaps, clark-evans, psi4, "
        "psi6, a2, "
        "structure-peak, spill, forbidden, hairline-profile, symmetry, target-hits, target-error, extras, "
        "depth, "
        "blowouts, size-cv, macrodots, lost, pace, layering-share, layering-density, layering-gaps, "
        "layering-spread, layering-stacking, layering-shade, scar-density, scar-tone)\n"
        "exams/x.xml:17:9: error: duplicate section id 'p': the <practical> at line 4 already uses it; "
        "section ids "
        "must be unique\n"
        "exams/x.xml:20:13: error: <bank> draws category 'a' twice; give one <draw> per category with the "
        "total "
        "count\n"
        "exams/x.xml:22:11: error: <veto> category 'zz' is not drawn in <quiz> 'p' (vetoes apply to a drawn "
        "<draw "
        "category=\"..\">, or 'aftercare-scenarios' for <scenarios>)\n"
        "exams/x.xml:24:40: error: <after> shows the metrics but never the score; show the score at least as "
        "early\n"
        "exams/x.xml:26:5: error: <extra-time> grants no time: give percent=\"..\" or minutes=\"..\" above "
        "0\n"
        "exams/x.xml:27:17: error: candidate 'c1' already has <extra-time> at line 26; give one per "
        "candidate\n");
}

TEST_CASE("exam reader: structural mistakes", "[exam]") {
    SECTION("another format version stops at once") {
        CHECK(errorsOf("<exam format=\"2\" id=\"x\" title=\"T\"><bogus/></exam>") ==
              "exams/x.xml:1:7: error: <exam> format 2 is not supported: this version of Stipple reads "
              "format 1 (write "
              "format=\"1\")\n");
    }
    SECTION("another root") {
        CHECK(errorsOf("<level/>") ==
              "exams/x.xml:1:1: error: expected an <exam> root element, got <level>\n");
    }
    SECTION("no sections, no pass rule, no attempts") {
        CHECK(errorsOf("<exam format=\"1\" id=\"x\" title=\"T\">\n  <certificate title=\"C\" issuer=\"I\" "
                       "valid-months=\"0\"/>\n</exam>") ==
              "exams/x.xml:1:1: error: <exam> needs a <pass-rule overall-pass-mark=\"..\" "
              "every-section=\"..\"/>: how "
              "the sections combine into a pass\n"
              "exams/x.xml:1:1: error: <exam> needs an <attempts allowed=\"..\" wait-days=\"..\"/>: how "
              "often a "
              "candidate may sit it (allowed=\"0\" for no limit)\n"
              "exams/x.xml:1:1: error: <exam> has no sections: add a <practical> (levels to complete) or a "
              "<quiz> "
              "(questions)\n");
    }
    SECTION("empty sections, a one-level pool, weights of zero, a second pass rule") {
        CHECK(errorsOf(exam(R"(  <pass-rule overall-pass-mark="50" every-section="false"/>
  <practical id="p" title="P" time-limit-min="5" weight="0" pass-mark="50">
    <pool draw="1"><level path="a.xml"/></pool>
  </practical>
  <quiz id="q" title="Q" time-limit-min="5" weight="0" pass-mark="50" shuffle="maybe"/>
)")) == "exams/x.xml:1:1: error: the sections' weights add up to 0: give at least one section a weight above "
        "0\n"
        "exams/x.xml:5:3: error: only one <pass-rule> is allowed in <exam> (the first is at line 2)\n"
        "exams/x.xml:7:5: error: <pool> needs at least two <level path=\"..\"/> to draw from "
        "(a single level is a fixed <level>)\n"
        "exams/x.xml:9:3: error: <quiz> 'q' has no questions: add a <bank path=\"..\"> with "
        "<draw> children or <scenarios rules=\"..\" count=\"..\"/>\n"
        "exams/x.xml:9:71: error: <quiz> attribute 'shuffle' must be true or false, got "
        "\"maybe\"\n");
    }
    SECTION("a pool that draws all its levels is only a warning") {
        Diagnostics d;
        const auto e =
            read(exam(R"(  <practical id="p" title="P" time-limit-min="5" weight="1" pass-mark="50">
    <pool draw="2"><level path="a.xml"/><level path="b.xml"/></pool>
  </practical>
)"),
                 d);
        CHECK(e);
        CHECK(d.formatAll() ==
              "exams/x.xml:6:5: warning: <pool> draws all 2 of its levels: every candidate sits them "
              "all (list them as <level> instead)\n");
    }
}

TEST_CASE("exam materials: missing, broken, changed and too small files are refused at the reference",
          "[exam]") {
    Materials m;
    SECTION("everything present") {
        const Loaded l = loadOrFail(m.writeExam(exam(kFullBody)));
        CHECK(l.materials.levels.size() == 4);
        CHECK(l.materials.banks.at((m.s.dir() / "banks/bank.xml").lexically_normal().string())
                  .questionsByCategory.at("safety")
                  .size() == 5);
    }
    SECTION("problems") {
        const std::string levelHash = sha256Hex(level("b", 2));
        m.s.write("levels/broken.xml", "<level format=\"1\" id=\"z\"/>\n");
        const std::string path =
            m.writeExam(exam(R"(  <practical id="p" title="P" time-limit-min="5" weight="1" pass-mark="50">
    <level path="../levels/missing.xml"/>
    <level path="../levels/broken.xml"/>
    <level path="../levels/a.xml" sha256="0000000000000000000000000000000000000000000000000000000000000000"/>
    <level path="../levels/b.xml" sha256=")" +
                             levelHash + R"("/>
    <pool draw="1"><level path="../levels/d.xml"/><level path="../levels/e.xml"/></pool>
  </practical>
  <quiz id="q" title="Q" time-limit-min="5" weight="1" pass-mark="50">
    <bank path="../banks/bank.xml"><draw category="care" count="9"/><draw category="other" count="1"/></bank>
  </quiz>
)"));
        Diagnostics d;
        const auto e = loadExamFile(path, d);
        REQUIRE(e);
        CHECK_FALSE(loadExamMaterials(*e, d));
        const std::string dir = m.s.dir().string();
        const std::string aHash = sha256Hex(level("a", 2));
        CHECK(
            d.formatAll() ==
            path + ":6:12: error: the level \"../levels/missing.xml\" (" + dir +
                "/levels/missing.xml) cannot be read: cannot open file: No such file or directory\n" + path +
                ":7:12: error: the level \"../levels/broken.xml\" has 6 errors (listed below; `stipple "
                "validate " +
                dir + "/levels/broken.xml` shows them too)\n" + dir +
                "/levels/broken.xml:1:1: error: <level> is missing required attribute 'title'\n" + dir +
                "/levels/broken.xml:1:1: error: <level> is missing required attribute 'skill'\n" + dir +
                "/levels/broken.xml:1:1: error: <level> is missing required attribute 'difficulty'\n" + dir +
                "/levels/broken.xml:1:1: error: <level> needs a <canvas width-mm=\"..\" height-mm=\"..\"/>: "
                "the patch "
                "of scalp to work on\n" +
                dir +
                "/levels/broken.xml:1:1: error: <level> needs a non-empty <brief>: a few sentences on what "
                "this level "
                "teaches\n" +
                dir +
                "/levels/broken.xml:1:1: error: <level> has nothing to practise: add a <zone> to fill or "
                "<target> <dot> "
                "children to hit\n" +
                path +
                ":8:12: error: the level \"../levels/a.xml\" has changed since this exam was pinned: its "
                "sha256 is " +
                aHash +
                ", the exam expects 0000000000000000000000000000000000000000000000000000000000000000 (review "
                "the change, then update sha256 or restore the file)\n" +
                path +
                ":10:27: warning: this <pool> mixes levels of difficulty 2 and 3: candidates would sit exams "
                "of "
                "unequal difficulty\n" +
                path +
                ":13:11: error: section 'q' draws 9 questions of category 'care' from \"../banks/bank.xml\", "
                "which has 8 with that main category (it has: care (8), safety (5))\n" +
                path +
                ":13:11: error: section 'q' draws 1 questions of category 'other' from "
                "\"../banks/bank.xml\", "
                "which has none with that main category (it has: care (8), safety (5))\n");
    }
}

STIPPLE_GCC12_STRING_LITERAL_BEGIN // "s" + std::to_string(n): support/gcc12_string_literal.h
TEST_CASE("exam instance: the same seed gives the same exam", "[exam][determinism]") {
    Materials m;
    const Loaded l = loadOrFail(m.writeExam(exam(kFullBody)));
    for (uint64_t seed : {0ull, 1ull, 42ull, 0xffffffffffffffffull}) {
        const ExamInstance a = instantiateExam(l.exam, seed, "C-1", l.materials);
        const ExamInstance b = instantiateExam(l.exam, seed, "C-2", l.materials);
        CHECK(a.formText() == b.formText()); // the candidate does not change the draw
        REQUIRE(a.sections.size() == 2);
        CHECK(a.sections[0].levels.size() == 3);
        CHECK(a.sections[0].levels[0].levelId == "a");
        CHECK(a.sections[1].questions.size() == 7);
        std::set<std::string> ids;
        std::map<std::string, int> perCategory;
        for (const auto& q : a.sections[1].questions) {
            if (!q.isScenario()) CHECK(ids.insert(q.questionId).second);
            ++perCategory[q.category];
        }
        CHECK(perCategory ==
              std::map<std::string, int>{{"care", 3}, {"safety", 2}, {"aftercare-scenarios", 2}});
        CHECK(a.files.size() == 6);
    }
    // Pinned: a change to the draw would change every past exam's form.
    const ExamInstance pinned = instantiateExam(l.exam, 42, "C-1", l.materials);
    std::string drawn;
    for (const auto& lv : pinned.sections[0].levels)
        drawn += lv.levelId + " ";
    for (const auto& q : pinned.sections[1].questions)
        drawn += (q.isScenario() ? "s" + std::to_string(q.scenarioIndex) : q.questionId) + " ";
    CHECK(drawn == "a b c safety-4 safety-3 care-0 care-3 care-2 s1 s0 ");
}
STIPPLE_GCC12_STRING_LITERAL_END

TEST_CASE("exam instance: pools and banks are drawn uniformly", "[exam][statistics]") {
    Materials m;
    const Loaded l = loadOrFail(m.writeExam(exam(kFullBody)));
    // Pool of 3 drawing 2: each level is left out with probability 1/3. Bank: 3 of 8 "care",
    // each question with probability 3/8. Over N seeds the counts are binomial; allow 4.5 sd.
    const int n = 3000;
    std::map<std::string, int> levelCount, questionCount;
    std::set<std::string> forms;
    for (int seed = 0; seed < n; ++seed) {
        const ExamInstance e = instantiateExam(l.exam, static_cast<uint64_t>(seed), "C", l.materials);
        for (const auto& lv : e.sections[0].levels)
            ++levelCount[lv.levelId];
        for (const auto& q : e.sections[1].questions)
            if (q.category == "care") ++questionCount[q.questionId];
        forms.insert(e.formText());
    }
    CHECK(levelCount["a"] == n);
    for (const char* id : {"b", "c", "d"}) {
        const double p = 2.0 / 3.0, sd = std::sqrt(n * p * (1 - p));
        CHECK(std::abs(levelCount[id] - n * p) < 4.5 * sd);
    }
    REQUIRE(questionCount.size() == 8);
    for (const auto& [id, count] : questionCount) {
        const double p = 3.0 / 8.0, sd = std::sqrt(n * p * (1 - p));
        CHECK(std::abs(count - n * p) < 4.5 * sd);
    }
    CHECK(forms.size() > n * 0.95); // 3 · C(8,3) · C(5,2) · orders · scenario seeds: nearly all distinct
}

TEST_CASE("exam instance: each section draws from its own stream", "[exam][determinism]") {
    Materials m;
    const Loaded full = loadOrFail(m.writeExam(exam(kFullBody)));
    // The same quiz without the practical section before it draws the same questions.
    std::string body = kFullBody;
    body.erase(0, body.find("  <quiz"));
    Materials m2;
    const Loaded quizOnly = loadOrFail(m2.writeExam(exam(body)));
    for (uint64_t seed = 0; seed < 50; ++seed) {
        const ExamInstance a = instantiateExam(full.exam, seed, "C", full.materials);
        const ExamInstance b = instantiateExam(quizOnly.exam, seed, "C", quizOnly.materials);
        REQUIRE(b.sections.size() == 1);
        REQUIRE(a.sections[1].questions.size() == b.sections[0].questions.size());
        for (size_t i = 0; i < b.sections[0].questions.size(); ++i) {
            CHECK(a.sections[1].questions[i].questionId == b.sections[0].questions[i].questionId);
            CHECK(a.sections[1].questions[i].scenarioSeed == b.sections[0].questions[i].scenarioSeed);
        }
    }
}

TEST_CASE("exam instance: accommodations change the time, never the draw", "[exam]") {
    Materials m;
    const Loaded l = loadOrFail(m.writeExam(exam(kFullBody)));
    const ExamInstance plain = instantiateExam(l.exam, 9, "C-1", l.materials);
    const ExamInstance extra = instantiateExam(l.exam, 9, "C-7", l.materials);
    CHECK(plain.formText() == extra.formText());
    CHECK(plain.sections[0].timeLimitS == 1800);
    CHECK(extra.sections[0].timeLimitS == 2250);
    CHECK(extra.sections[1].timeLimitS == 1500);
}

TEST_CASE("exam reader: damaged files are refused with located errors, never a crash", "[exam][robustness]") {
    const std::string full = exam(kFullBody);
    int refused = 0;
    for (size_t i = 0; i < full.size(); ++i) {
        for (const std::string& t : {full.substr(0, i), full.substr(0, i) + "\"" + full.substr(i + 1),
                                     full.substr(0, i) + "<" + full.substr(i + 1)}) {
            Diagnostics d;
            const auto e = read(t, d);
            if (e) continue; // e.g. a changed title: still a valid exam
            ++refused;
            REQUIRE(d.hasErrors());
            CHECK(d.items().front().file == "exams/x.xml");
        }
    }
    CHECK(refused > static_cast<int>(full.size()));
}
