// Moodle GIFT and Moodle XML import on realistic files (categories, comments, escapes, HTML,
// weights, feedback, types Stipple cannot ask), and a Moodle XML export that imports back to
// the same bank.
#include "quiz/moodle.h"
#include "quiz/picture_scene.h"
#include "quiz/question_bank_reader.h"

#include <sodium.h>

#include <catch2/catch.hpp>

using namespace stipple;

namespace {

const std::string kFixtures = STIPPLE_SOURCE_DIR "/tests/fixtures/quiz/";

const Question& find(const QuestionBank& bank, const std::string& id) {
    const Question* q = bank.question(id);
    INFO("question " << id);
    REQUIRE(q);
    return *q;
}

} // namespace

TEST_CASE("moodle: HTML to text and ids from titles", "[quiz][moodle]") {
    CHECK(
        htmlToText(
            "<p dir=\"ltr\">Keep <b>out</b> of the sun<br>for 14&nbsp;days.</p><p>Then SPF 30&ndash;50 &amp; "
            "a hat &#8212; &#x263A;</p>") ==
        "Keep out of the sun for 14 days. Then SPF 30\u201350 & a hat \u2014 \u263A");
    CHECK(htmlToText("a &bogus; b &lt;c&gt;") == "a &bogus; b <c>");
    CHECK(slugify("SPF 30:50") == "spf-30-50");
    CHECK(slugify("  Between sessions!! ") == "between-sessions");
    CHECK(slugify("Default for SMP/Aftercare") == "default-for-smp-aftercare");
}

TEST_CASE("moodle: a realistic GIFT file", "[quiz][moodle][gift]") {
    Diagnostics d;
    const auto bank = loadAnyQuestionBank(kFixtures + "academy.gift", d);
    const std::string path = kFixtures + "academy.gift";
    CHECK(
        d.formatAll() ==
        path +
            ":31:1: warning: a short-answer question (only '=' answers) cannot be graded by Stipple; "
            "skipped\n" +
            path + ":33:1: warning: a matching question cannot be asked by Stipple; skipped\n" + path +
            ":35:1: warning: an essay question ({} with no answers) cannot be graded by Stipple; skipped\n" +
            path + ":37:1: warning: a description without answers (no {...}); skipped\n" + path +
            ":39:1: warning: question id 'dry-days' is already used; this one becomes 'dry-days-2'\n");
    REQUIRE(bank);
    CHECK(bank->id == "academy");
    REQUIRE(bank->categories.size() == 2);
    CHECK(bank->categories[0].id == "aftercare-washing");
    CHECK(bank->categories[0].name == "Washing");
    CHECK(bank->categories[1].id == "sessions");
    REQUIRE(bank->questions.size() == 8);

    const Question& dry = find(*bank, "dry-days");
    CHECK(dry.type == QuestionType::Numeric);
    CHECK(dry.numeric.value == 4.0);
    CHECK(dry.numeric.tolerance == 0.0);
    CHECK(dry.explanation == "Four days after each appointment.");
    CHECK(dry.source == "Clinic brochure, \"Tips before treatment\".");
    CHECK(dry.categories == std::vector<std::string>{"aftercare-washing"});
    CHECK(dry.line == 5);

    const Question& sweat = find(*bank, "sweat-counts");
    CHECK(sweat.type == QuestionType::TrueFalse);
    CHECK(sweat.truth == true);
    CHECK(sweat.explanation == "\"This includes sweating excessively.\"");
    CHECK(sweat.source == "Imported from academy.gift, line 7.");

    const Question& between = find(*bank, "between-sessions");
    CHECK(between.type == QuestionType::MultipleChoice);
    CHECK(between.prompt == "Which of these are forbidden in the weeks between sessions?");
    REQUIRE(between.choices.size() == 4);
    CHECK(between.choices[0].text == "Swimming");
    CHECK(between.choices[0].feedback == "Yes: pools wet the scalp.");
    CHECK(between.choices[0].credit + between.choices[1].credit + between.choices[2].credit == Approx(1.0));
    CHECK(between.choices[3].text == "Washing on day 5 = fine");
    CHECK(between.choices[3].credit == -1.0);
    CHECK(between.explanation == "Swimming, saunas and steam rooms are out between sessions.");

    const Question& hours = find(*bank, "hours");
    CHECK(hours.type == QuestionType::SingleChoice);
    CHECK(hours.prompt == "A session typically takes _____ and needs a shower before it.");
    CHECK(hours.categories == std::vector<std::string>{"sessions"});
    REQUIRE(hours.choices.size() == 3);
    CHECK(hours.choices[0].text == "four to five hours");
    CHECK(hours.choices[0].credit == 1.0);
    CHECK(hours.choices[0].feedback == "Right.");
    CHECK(hours.choices[1].feedback == "Too short.");
    CHECK(hours.choices[2].credit == 0.0);

    const Question& range = find(*bank, "range");
    CHECK(range.numeric.value == 3.5);
    CHECK(range.numeric.tolerance == 0.5);
    CHECK(range.numeric.min == -1e9);
    CHECK(find(*bank, "hours-max").numeric.value == 5.0);
    CHECK(find(*bank, "spf-30-50").numeric.value == 30.0);
    CHECK(find(*bank, "dry-days-2").truth == false);
}

TEST_CASE("moodle: GIFT syntax errors and questions without a right answer are located errors",
          "[quiz][moodle][gift]") {
    Diagnostics d;
    CHECK_FALSE(importGift("// header\n\n::Open::Never closed {=a ~b\n\n::T::Text\n", "bad.gift", d));
    CHECK(d.formatAll() == "bad.gift:3:1: error: the answers opened with '{' are not closed with '}'\n");
    Diagnostics e;
    CHECK_FALSE(importGift("::None::Which? {~a ~b}\n\n::Num::How many? {#four}\n\n::Stray::Pick {a =b ~c}\n",
                           "bad.gift", e));
    CHECK(e.formatAll() ==
          "bad.gift:1:1: error: question 'none': the question has no correct answer: no choice earns "
          "credit\n"
          "bad.gift:3:1: error: numeric answer \"four\" must be VALUE or VALUE:TOLERANCE or MIN..MAX\n"
          "bad.gift:5:1: error: the answers must each start with '=' (right) or '~' (wrong); escape a "
          "literal = or ~ as \\= or \\~\n");
    Diagnostics f;
    CHECK_FALSE(importGift("// only comments\n\n", "empty.gift", f));
    CHECK(f.formatAll() == "empty.gift:1:1: error: no question Stipple can ask was found in this file\n");
}

TEST_CASE("moodle: a realistic Moodle XML export", "[quiz][moodle][xml]") {
    Diagnostics d;
    const auto bank = loadAnyQuestionBank(kFixtures + "academy-moodle.xml", d);
    const std::string path = kFixtures + "academy-moodle.xml";
    CHECK(d.formatAll() ==
          path +
              ":217:3: warning: a Moodle \"shortanswer\" question cannot be asked by Stipple; "
              "skipped\n" +
              path +
              ":230:3: warning: a Moodle \"essay\" question cannot be asked by Stipple; "
              "skipped\n" +
              path +
              ":240:3: warning: a Moodle \"description\" question cannot be asked by Stipple; "
              "skipped\n");
    REQUIRE(bank);
    REQUIRE(bank->categories.size() == 2);
    CHECK(bank->categories[0].id == "default-for-smp-foundation-aftercare");
    CHECK(bank->categories[0].name == "Aftercare");
    CHECK(bank->categories[1].id == "sessions");
    CHECK(bank->categories[1].name == "Sessions");
    REQUIRE(bank->questions.size() == 5);

    const Question& sun = find(*bank, "sun-rule");
    CHECK(sun.type == QuestionType::SingleChoice);
    CHECK(sun.prompt == "How long must the client keep out of the sun after the final treatment?");
    CHECK(sun.explanation == "14 days; thereafter SPF 30\u201350 sunscreen.");
    CHECK(sun.source == "Clinic brochure");
    CHECK(sun.difficulty == 2);
    REQUIRE(sun.choices.size() == 3);
    CHECK(sun.choices[0].text == "14 days");
    CHECK(sun.choices[0].credit == 1.0);
    CHECK(sun.choices[1].feedback == "28 days is for pools & saunas.");

    const Question& final28 = find(*bank, "final-28");
    CHECK(final28.type == QuestionType::MultipleChoice);
    CHECK(final28.choices[0].credit + final28.choices[1].credit + final28.choices[2].credit ==
          Approx(1.0).epsilon(1e-12));
    CHECK(final28.choices[3].credit == -0.5);
    CHECK(final28.choices[3].feedback == "The sun rule is 14 days.");
    CHECK(final28.source == "Imported from academy-moodle.xml, line 68.");

    const Question& shower = find(*bank, "shower-before");
    CHECK(shower.type == QuestionType::TrueFalse);
    CHECK(shower.truth == true);
    CHECK(shower.prompt == "The client should shower before each treatment.");

    const Question& length = find(*bank, "session-length");
    CHECK(length.type == QuestionType::Numeric);
    CHECK(length.numeric.value == 5.0);
    CHECK(length.numeric.tolerance == 0.25);
    CHECK(length.numeric.unit == "hours");
    CHECK(length.explanation == "Four to five hours \u2014 plan the day.");
    CHECK(length.categories == std::vector<std::string>{"sessions"});

    const Question& steps = find(*bank, "steps");
    CHECK(steps.type == QuestionType::Ordering);
    CHECK(steps.items == std::vector<std::string>{"Shower", "Treatment", "Four dry days"});
}

TEST_CASE("moodle: exporting the brochure bank to Moodle XML and importing it back", "[quiz][moodle][xml]") {
    Diagnostics d;
    const auto bank = loadQuestionBankFile(STIPPLE_SOURCE_DIR "/levels/banks/brochure.xml", d);
    REQUIRE(bank);
    Diagnostics exported;
    const auto written = exportMoodleXml(*bank, exported);
    INFO(exported.formatAll());
    REQUIRE(written);
    const std::string& xml = *written;
    CHECK(xml.find("<question type=\"multichoice\">") != std::string::npos);
    CHECK(xml.find("<question type=\"numerical\">") != std::string::npos);
    // Moodle's own grades, written as Moodle writes them (its fraction × 100).
    CHECK(xml.find("fraction=\"33.33333\"") != std::string::npos);
    CHECK(xml.find("fraction=\"-33.33333\"") != std::string::npos);
    CHECK(xml.find("<text>$course$/top/Aftercare rules</text>") != std::string::npos);

    Diagnostics back;
    const auto doc = parseXml(xml, "export.xml", back);
    REQUIRE(doc);
    const auto again = importMoodleXml(*doc, back);
    INFO(back.formatAll());
    REQUIRE(again);
    CHECK(back.empty());
    REQUIRE(again->questions.size() == bank->questions.size());
    for (size_t i = 0; i < bank->questions.size(); ++i) {
        // The export writes questions grouped by their main category.
        const Question& a = find(*bank, again->questions[i].id);
        const Question& b = again->questions[i];
        INFO(a.id);
        CHECK(b.type == a.type);
        CHECK(b.prompt == a.prompt);
        // Pictures come back with their captions and the very dots they showed.
        const auto sameDots = [&](const std::optional<Picture>& original,
                                  const std::optional<Picture>& imported) {
            REQUIRE(original.has_value() == imported.has_value());
            if (!original) return;
            CHECK(imported->caption == original->caption);
            std::string error;
            const auto before = pictureScene(*original, STIPPLE_SOURCE_DIR "/levels/banks", error);
            const auto after = pictureScene(*imported, "", error);
            INFO(error);
            REQUIRE(before);
            REQUIRE(after);
            REQUIRE(after->dots.size() == before->dots.size());
            for (size_t i = 0; i < before->dots.size(); ++i) {
                CHECK(after->dots[i].pos.x == Approx(before->dots[i].pos.x).margin(1e-6));
                CHECK(after->dots[i].pos.y == Approx(before->dots[i].pos.y).margin(1e-6));
                CHECK(after->dots[i].diameterMm == Approx(before->dots[i].diameterMm).margin(1e-6));
            }
        };
        sameDots(a.picture, b.picture);
        CHECK(b.categories == a.categories);
        CHECK(b.difficulty == a.difficulty);
        CHECK(b.explanation == a.explanation);
        CHECK(b.source == a.source);
        REQUIRE(b.choices.size() == a.choices.size());
        for (size_t k = 0; k < a.choices.size(); ++k) {
            CHECK(b.choices[k].text == a.choices[k].text);
            CHECK(b.choices[k].credit == Approx(a.choices[k].credit).margin(1e-7));
            CHECK(b.choices[k].feedback == a.choices[k].feedback);
            sameDots(a.choices[k].picture, b.choices[k].picture);
        }
        CHECK(b.truth == a.truth);
        CHECK(b.numeric.value == a.numeric.value);
        CHECK(b.numeric.tolerance == a.numeric.tolerance);
        CHECK(b.numeric.unit == a.numeric.unit);
        CHECK(b.numeric.min == a.numeric.min);
        CHECK(b.numeric.max == a.numeric.max);
        CHECK(b.items == a.items);
    }
    for (const auto& c : bank->categories) {
        INFO(c.id);
        REQUIRE(again->category(c.id));
        CHECK(again->category(c.id)->name == c.name);
    }
}

TEST_CASE("moodle: any-format loading tells the formats apart", "[quiz][moodle]") {
    Diagnostics d;
    CHECK(loadAnyQuestionBank(STIPPLE_SOURCE_DIR "/levels/banks/brochure.xml", d));
    CHECK_FALSE(loadAnyQuestionBank(STIPPLE_SOURCE_DIR "/levels/aftercare/clinic-brochure.xml", d));
    CHECK(d.formatAll().find(
              "error: not a question bank: expected <question-bank> (Stipple) or <quiz> (Moodle XML), or "
              "a GIFT text file; got <aftercare-rules>") != std::string::npos);
}

TEST_CASE("moodle: the export embeds each picture as Moodle does, an SVG file in base64 the HTML shows by "
          "@@PLUGINFILE@@",
          "[quiz][moodle][xml][pictures]") {
    Diagnostics d;
    const auto bank = loadQuestionBankFile(STIPPLE_SOURCE_DIR "/levels/banks/brochure.xml", d);
    REQUIRE(bank);
    const auto xml = exportMoodleXml(*bank, d);
    REQUIRE(xml);
    const auto doc = parseXml(*xml, "export.xml", d);
    REQUIRE(doc);
    int questionPictures = 0, choicePictures = 0;
    for (const auto& q : doc->root.children) {
        for (const auto& holder : q.children) {
            if (holder.name != "questiontext" && holder.name != "answer") continue;
            for (const auto& f : holder.children) {
                if (f.name != "file") continue;
                (holder.name == "questiontext" ? questionPictures : choicePictures)++;
                REQUIRE(f.attribute("encoding"));
                CHECK(f.attribute("encoding")->value == "base64");
                CHECK(f.attribute("path")->value == "/");
                const std::string name = f.attribute("name")->value;
                CHECK(name.size() > 4);
                CHECK(name.substr(name.size() - 4) == ".svg");
                // The HTML beside it shows this very file.
                const XmlElement* text = nullptr;
                for (const auto& c : holder.children)
                    if (c.name == "text") text = &c;
                REQUIRE(text);
                CHECK(text->text.find("<img src=\"@@PLUGINFILE@@/" + name + "\"") != std::string::npos);
                CHECK(holder.attribute("format")->value == "html");
                // The file is an SVG document with its dots, decoded as Moodle would.
                std::string svg(f.text.size(), '\0');
                size_t length = 0;
                REQUIRE(sodium_base642bin(reinterpret_cast<unsigned char*>(svg.data()), svg.size(),
                                          f.text.data(), f.text.size(), nullptr, &length, nullptr,
                                          sodium_base64_VARIANT_ORIGINAL) == 0);
                svg.resize(length);
                CHECK(svg.rfind("<?xml", 0) == 0);
                CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
                CHECK(svg.find("<circle ") != std::string::npos);
                CHECK(dotsFromPictureSvg(svg).has_value());
            }
        }
    }
    int expectQuestion = 0, expectChoice = 0;
    for (const auto& q : bank->questions) {
        expectQuestion += q.picture ? 1 : 0;
        for (const auto& c : q.choices)
            expectChoice += c.picture ? 1 : 0;
    }
    CHECK(expectQuestion > 0);
    CHECK(expectChoice > 0);
    CHECK(questionPictures == expectQuestion);
    CHECK(choicePictures == expectChoice);
}

TEST_CASE("moodle: a file written the way Moodle writes pictures keeps the dot patterns and names each "
          "picture it cannot keep",
          "[quiz][moodle][xml][pictures]") {
    Diagnostics d;
    const auto bank = loadAnyQuestionBank(kFixtures + "moodle-pictures.xml", d);
    INFO(d.formatAll());
    REQUIRE(bank);
    REQUIRE(bank->questions.size() == 3);
    const Question& spacing = find(*bank, "spacing-patch");
    REQUIRE(spacing.picture);
    CHECK(spacing.picture->caption == "A patch: look at the spacing");
    CHECK(spacing.prompt == "Is this spacing acceptable for a first session?");
    std::string error;
    const auto scene = pictureScene(*spacing.picture, "", error);
    REQUIRE(scene);
    CHECK(scene->dots.size() == 5);
    const Question& which = find(*bank, "which-patch");
    REQUIRE(which.choices.size() == 2);
    REQUIRE(which.choices[0].picture);
    CHECK(which.choices[0].picture->caption == "Patch A");
    CHECK(which.choices[0].text == "Patch A");
    CHECK_FALSE(which.choices[1].picture);
    const Question& photo = find(*bank, "clinic-photo");
    CHECK_FALSE(photo.picture);
    CHECK(photo.choices[0].credit == Approx(0.5));
    CHECK(photo.choices[2].credit == Approx(-1.0));
    // Never silently dropped: each picture not kept is a warning at its question, saying why.
    const std::string all = d.formatAll();
    CHECK(
        all.find("warning: question 'which-patch': picture b.png is not a dot pattern exported by Stipple") !=
        std::string::npos);
    CHECK(all.find("warning: question 'clinic-photo': picture https://example.org/clinic.jpg is a link") !=
          std::string::npos);
    CHECK(d.errorCount() == 0);
}

TEST_CASE("moodle: grades must be Moodle's own fractions, refused with the line both ways",
          "[quiz][moodle][xml]") {
    // Import: a fraction Moodle itself refuses is an error at its <answer>.
    Diagnostics d;
    const auto doc = parseXml("<quiz>\n<question type=\"multichoice\"><name><text>Q</text></name>\n"
                              "<questiontext format=\"html\"><text>Pick</text></questiontext>\n"
                              "<answer fraction=\"100\"><text>a</text></answer>\n"
                              "<answer fraction=\"35\"><text>b</text></answer>\n</question>\n</quiz>\n",
                              "grades.xml", d);
    REQUIRE(doc);
    CHECK_FALSE(importMoodleXml(*doc, d));
    CHECK(d.formatAll().find(
              "grades.xml:5:1: error: <answer> fraction \"35\" is not a grade Moodle allows (100, 90, "
              "83.33333, 80, 75") != std::string::npos);
    // Every allowed grade, as Moodle writes it (7 decimals), passes; 33.33 % does not.
    for (double f : moodleFractions())
        CHECK(moodleFraction(std::round(f * 1e7) / 1e7) == f);
    CHECK_FALSE(moodleFraction(0.3333));
    CHECK(moodleFraction(0.3333333) == Approx(0.3333333));
    CHECK(moodleFractions().size() == 41);

    // Export: a credit Moodle does not allow is refused at the question's line in the bank.
    QuestionBank bank;
    bank.path = "/academy/bank.xml";
    bank.categories.push_back({"care", "Care"});
    Question q;
    q.id = "odd-credit";
    q.line = 12;
    q.prompt = "Pick";
    q.categories = {"care"};
    q.type = QuestionType::MultipleChoice;
    q.choices = {{"a", 0.65, "", {}}, {"b", 0.35, "", {}}, {"c", -1.0, "", {}}};
    bank.questions.push_back(q);
    Diagnostics e;
    CHECK_FALSE(exportMoodleXml(bank, e));
    CHECK(e.formatAll().find(
              "/academy/bank.xml:12:1: error: question 'odd-credit', choice 1: credit 0.65 is not a grade "
              "Moodle allows") != std::string::npos);
    CHECK(e.formatAll().find("choice 2: credit 0.35") != std::string::npos);
    // The same question with Moodle's grades exports.
    bank.questions[0].choices = {{"a", 0.6666667, "", {}}, {"b", 0.3333333, "", {}}, {"c", -1.0, "", {}}};
    Diagnostics ok;
    CHECK(exportMoodleXml(bank, ok));
}

TEST_CASE("moodle: a GIFT question with a picture says it could not keep it",
          "[quiz][moodle][gift][pictures]") {
    Diagnostics d;
    const auto bank = importGift("::Patch:: [html]<p>Is this even?</p><p><img "
                                 "src=\"@@PLUGINFILE@@/patch.png\" alt=\"a patch\"></p> {T}\n",
                                 "pictures.gift", d);
    REQUIRE(bank);
    REQUIRE(bank->questions.size() == 1);
    CHECK(d.formatAll().find(
              "pictures.gift:1:1: warning: question 'patch': 1 picture (<img>) cannot be kept: a GIFT file "
              "does not carry picture files") != std::string::npos);
}

TEST_CASE("moodle: a Stipple bank with a credit Moodle does not allow loads with a warning at its question",
          "[quiz][moodle]") {
    Diagnostics d;
    const auto doc =
        parseXml("<question-bank format=\"1\" id=\"b\" title=\"B\">\n"
                 "  <category id=\"care\" name=\"Care\"/>\n"
                 "  <question id=\"odd\" type=\"multiple\" categories=\"care\" difficulty=\"1\">\n"
                 "    <prompt>Pick</prompt>\n"
                 "    <explanation>Why</explanation><source>Here</source>\n"
                 "    <choice credit=\"0.65\">a</choice>\n"
                 "    <choice credit=\"0.35\">b</choice>\n"
                 "    <choice credit=\"-1\">c</choice>\n"
                 "  </question>\n"
                 "</question-bank>\n",
                 "odd.xml", d);
    REQUIRE(doc);
    const auto bank = readQuestionBank(*doc, d);
    INFO(d.formatAll());
    REQUIRE(bank); // it works in Stipple
    CHECK(d.formatAll().find(
              "odd.xml:3:3: warning: question 'odd', choice 1: credit 0.65 is not a grade Moodle allows") !=
          std::string::npos);
    CHECK(d.formatAll().find("choice 2: credit 0.35") != std::string::npos);
    CHECK(d.formatAll().find("choice 3") == std::string::npos); // −100 % is one of Moodle's
}
