// Layout tests: every screen of the trainer (and the F1 help over it) rendered offscreen at
// 1024×768, 1280×960, 1920×1080 and 2560×1440 with long real-world content, checked from the
// theme's layout log (theme.h LayoutLog): no text outside the window, its panel or its area, none
// overlapping other text, none partly drawn over by a shape, none cut short with "…". A failure
// names the screen, the size and each string with where it landed. Needs a display (xvfb-run).
#include "app/app.h"
#include "app/editor_screen.h"
#include "config/station_config.h"
#include "io/files.h"
#include "level/level_reader.h"
#include "pattern/example_attempts.h"
#include "pattern/poisson_disk.h"
#include "render/display.h"
#include "render/theme.h"
#include "scoring/dots_csv.h"
#include "scoring/score_attempt.h"
#include "support/process.h"

#include <SFML/Graphics.hpp>
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace stipple;
using namespace stipple::app;
using namespace stipple::render; // the drawing the screens share with the commands
using namespace stipple::test;

namespace {

const std::string kSource = STIPPLE_SOURCE_DIR;
const std::vector<std::pair<unsigned, unsigned>> kSizes = {
    {800, 600}, {1024, 768}, {1280, 960}, {1920, 1080}, {2560, 1440}};

std::string level(const std::string& name) {
    return kSource + "/levels/" + name + ".xml";
}

/// Renders `args` at every size and lists what is wrong with the text layout.
std::vector<std::string> layoutProblems(const std::vector<std::string>& args, const std::string& saveAs = "",
                                        const std::vector<std::pair<unsigned, unsigned>>& sizes = kSizes) {
    std::vector<std::string> out;
    for (const auto& [w, h] : sizes) {
        std::vector<std::string> all = args;
        all.insert(all.end(), {"--size", std::to_string(w) + "x" + std::to_string(h)});
        Options o;
        std::string error;
        REQUIRE(parseOptions(all, o, error));
        o.dataDir = kSource;
        // The picture is read back only to be saved: the checks read the layout log.
        const bool shots = !saveAs.empty() && std::getenv("STIPPLE_LAYOUT_SHOTS");
        sf::Image image;
        LayoutLog log;
        INFO(error);
        REQUIRE(renderScreen(o, shots ? &image : nullptr, error, &log));
        REQUIRE(!log.texts.empty());
        const std::string size = std::to_string(w) + "x" + std::to_string(h);
        if (shots)
            image.saveToFile(std::string(std::getenv("STIPPLE_LAYOUT_SHOTS")) + "/" + saveAs + "-" + size +
                             ".png");
        for (const std::string& p : log.problems()) {
            out.push_back(size + ": " + p);
            std::fprintf(stderr, "layout %s %s: %s\n", saveAs.c_str(), size.c_str(), p.c_str());
        }
    }
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines)
        s += l + "\n";
    return s;
}

void requireDisplay() {
    std::string why;
    if (!haveDisplay(why)) FAIL(why);
    // One OpenGL context for the test's life, active whenever no render target is, as
    // renderScreen keeps one: without it each render target made its own, and Mesa compiled its
    // shaders again for each (a fifth of the brief cards' time).
    static sf::Context context;
    REQUIRE(context.setActive(true));
}

/// A generated attempt at `levelName` in style `style`, as a dots file in `s`: the file `stipple
/// generate --level LEVEL --style STYLE -o FILE` writes (the level's seed), made in this process
/// (a run of the sanitized program costs 0.4 s; these tests make 48 attempts).
std::string attempt(const Scratch& s, const std::string& levelName, const std::string& style) {
    const std::string csv = (s.dir() / (levelName + "-" + style + ".csv")).string();
    Diagnostics diags;
    const auto l = loadLevelFile(level(levelName), diags);
    INFO(diags.formatAll());
    REQUIRE(l);
    const auto attemptStyle = parseAttemptStyle(style);
    REQUIRE(attemptStyle);
    std::string error;
    INFO(error);
    REQUIRE(writeDotsCsv(csv, dotsOfExample(exampleAttempt(*l, *attemptStyle, l->target.seed)), error));
    return csv;
}

const std::vector<std::string> kLevels = {"01-dot-drill",    "02-even-patch",      "03-hairline",
                                          "04-crown-layers", "05-scar-camouflage", "06-steady-hand",
                                          "07-spacing",      "08-three-densities", "09-breaking-rows",
                                          "10-temples",      "11-crown-whorl",     "12-mock-exam"};

} // namespace

TEST_CASE("layout: a score card shows every metric row and no buttons", "[layout][render][card]") {
    requireDisplay();
    Scratch s;
    for (const std::string& name : kLevels) {
        const std::string csv = attempt(s, name, "clumped");
        Options o;
        std::string error;
        REQUIRE(parseOptions(
            {"--screen", "results", "--level", level(name), "--dots", csv, "--size", "1600x1000"}, o, error));
        o.dataDir = kSource;
        o.card = true; // as `stipple score --png` renders it
        sf::Image image;
        LayoutLog log;
        INFO(name << " " << error);
        REQUIRE(renderScreen(o, image, error, &log));
        CHECK(image.getSize().x == 1600);
        CHECK(image.getSize().y >= 1000);
        if (std::getenv("STIPPLE_LAYOUT_SHOTS"))
            image.saveToFile(std::string(std::getenv("STIPPLE_LAYOUT_SHOTS")) + "/card-" + name + ".png");
        bool anyButton = false;
        for (const LayoutLog::Text& t : log.texts) {
            anyButton = anyButton || t.text.find("Retry") != std::string::npos ||
                        t.text.find("Ctrl+S") != std::string::npos;
            // Nothing scrolled away: every line lies whole inside the area it was drawn in.
            INFO("\"" << t.text << "\" at y " << t.ink.top << ", its area ends at "
                      << t.clip.top + t.clip.height);
            CHECK(t.ink.top >= t.clip.top - 1);
            CHECK(t.ink.top + t.ink.height <= t.clip.top + t.clip.height + 1);
        }
        CHECK_FALSE(anyButton);
        const auto problems = log.problems();
        INFO(joined(problems));
        CHECK(problems.empty());
    }
}

TEST_CASE("layout: the level select at four sizes", "[layout][render]") {
    requireDisplay();
    const auto problems = layoutProblems({"--screen", "select"}, "select");
    INFO(joined(problems));
    CHECK(problems.empty());
}

TEST_CASE("layout: the exam's final screen, with thirty levels and every metric, at four sizes",
          "[layout][render][exam]") {
    requireDisplay();
    Scratch s;
    // A sitting of a long exam by the scripted trainee, closed and graded from its recording.
    const std::string rec = (s.dir() / "long.stiprec").string();
    const Run demo =
        runStipple("record demo --exam " + quote(kSource + "/tests/app/fixtures/exam/long-exam.xml") +
                   " --out " + quote(rec) + " --strikes 6");
    INFO(demo.out + demo.err);
    REQUIRE(demo.exitCode == 0);
    const auto problems = layoutProblems({"--screen", "exam-final", "--recording", rec}, "exam-final");
    INFO(joined(problems));
    CHECK(problems.empty());

    // The same exam under a long title: the final screen showed it cut with "…"; an exam officer
    // reads it whole.
    {
        std::string xml, error;
        REQUIRE(readFile(kSource + "/tests/app/fixtures/exam/long-exam.xml", xml, error));
        const std::string old = "title=\"Long test exam: every level and metric on the final screen\"";
        REQUIRE(xml.find(old) != std::string::npos);
        xml.replace(
            xml.find(old), old.size(),
            "title=\"Long test exam: every level and metric on the final screen, for the exam officer "
            "who reads every line\"");
        // Where the fixture's relative paths ("../../../../levels/...") find a copy of the levels.
        std::filesystem::copy(kSource + "/levels", s.dir() / "levels",
                              std::filesystem::copy_options::recursive);
        const std::string exam = s.write("tests/app/fixtures/exam/long-exam.xml", xml).string();
        const std::string longRec = (s.dir() / "long-title.stiprec").string();
        const Run sat =
            runStipple("record demo --exam " + quote(exam) + " --out " + quote(longRec) + " --strikes 6");
        INFO(sat.out + sat.err);
        REQUIRE(sat.exitCode == 0);
        const auto titled =
            layoutProblems({"--screen", "exam-final", "--recording", longRec}, "exam-final-long-title");
        INFO(joined(titled));
        CHECK(titled.empty());
    }

    // What a candidate and an exam officer read: each level by its title and each metric by the
    // label the results screen gives it ("Density — Mid-scalp patch"), never their ids.
    Options o;
    std::string error;
    REQUIRE(parseOptions({"--screen", "exam-final", "--recording", rec, "--size", "1280x960"}, o, error));
    o.dataDir = kSource;
    LayoutLog log;
    REQUIRE(renderScreen(o, nullptr, error, &log));
    std::string all;
    for (const LayoutLog::Text& t : log.texts)
        all += t.text + "\n";
    INFO(all);
    CHECK(all.find("Failed: Practical one: placement, density") != std::string::npos);
    CHECK(all.find("(first: First dots: placement drill ") != std::string::npos);
    CHECK(all.find("\nFirst dots: placement drill\n") != std::string::npos);
    CHECK(all.find("\nAn even patch\n") != std::string::npos);
    CHECK(all.find("Density\xC2\xA0\xE2\x80\x94\xC2\xA0Mid-scalp\xC2\xA0patch") != std::string::npos);
    CHECK(all.find("Targets\xC2\xA0hit") != std::string::npos);
    for (const char* id : {"dot-drill", "even-patch", "frontal-hairline", "target-hits", "nn-cv", "psi4",
                           "clark-evans", "section '", "foundations"})
        CHECK(all.find(id) == std::string::npos);
}

TEST_CASE("layout: the results screen of every level at four sizes", "[layout][render]") {
    requireDisplay();
    Scratch s;
    for (const std::string& name : kLevels) {
        for (const char* style : {"clumped", "good"}) {
            const std::string csv = attempt(s, name, style);
            const auto problems =
                layoutProblems({"--screen", "results", "--level", level(name), "--dots", csv},
                               "results-" + name + "-" + style);
            INFO(name << " " << style << "\n" << joined(problems));
            CHECK(problems.empty());
        }
    }
}

TEST_CASE("the results' score, '/ 100' and the pass mark stay apart at 800x600", "[layout][render]") {
    requireDisplay();
    Scratch s;
    const std::string csv = attempt(s, "02-even-patch", "clumped");
    Options o;
    std::string error;
    REQUIRE(parseOptions(
        {"--screen", "results", "--level", level("02-even-patch"), "--dots", csv, "--size", "800x600"}, o,
        error));
    o.dataDir = kSource;
    LayoutLog log;
    REQUIRE(renderScreen(o, nullptr, error, &log));
    const auto find = [&](const std::string& text) {
        const auto it = std::find_if(log.texts.begin(), log.texts.end(),
                                     [&](const LayoutLog::Text& t) { return t.text == text; });
        REQUIRE(it != log.texts.end());
        return it->ink;
    };
    const sf::FloatRect outOf = find("/ 100"), mark = find("pass mark 70");
    // On one row they ran together ("/ 100pass mark 70"): a word's gap apart, or on different rows.
    const bool sameRow = mark.top < outOf.top + outOf.height && outOf.top < mark.top + mark.height;
    INFO("'/ 100' ends at x " << outOf.left + outOf.width << ", the pass mark starts at " << mark.left);
    CHECK((!sameRow || mark.left - (outOf.left + outOf.width) >= 6.f));
}

TEST_CASE("the results give the bald spot in spacings, with its unit", "[layout][render]") {
    requireDisplay();
    Scratch s;
    const std::string csv = attempt(s, "02-even-patch", "clumped");
    Options o;
    std::string error;
    REQUIRE(parseOptions(
        {"--screen", "results", "--level", level("02-even-patch"), "--dots", csv, "--size", "1280x960"}, o,
        error));
    o.dataDir = kSource;
    LayoutLog log;
    REQUIRE(renderScreen(o, nullptr, error, &log));
    const auto label = std::find_if(log.texts.begin(), log.texts.end(), [](const LayoutLog::Text& t) {
        return t.text.find("Bald spot") != std::string::npos && t.text.size() < 20;
    });
    REQUIRE(label != log.texts.end());
    // The row's value and target, right of the label on its line: "10.21×" and "0.00× – 3.50×" (a
    // bare "10.21" beside a density's "1.02×" read as a count or a length).
    int cells = 0;
    for (const LayoutLog::Text& t : log.texts)
        if (t.ink.left > label->ink.left + label->ink.width && std::abs(t.ink.top - label->ink.top) < 6 &&
            t.text.find_first_of("0123456789") == 0 && t.text.find('.') != std::string::npos) {
            ++cells;
            INFO(t.text);
            CHECK(t.text.find("\xC3\x97") != std::string::npos);
        }
    CHECK(cells == 2);
}

TEST_CASE("the results give a CV in percent, as its explanation does", "[layout][render]") {
    requireDisplay();
    Scratch s;
    const std::string csv = attempt(s, "02-even-patch", "clumped");
    for (const char* size : {"800x600", "1280x960"}) {
        Options o;
        std::string error;
        REQUIRE(parseOptions(
            {"--screen", "results", "--level", level("02-even-patch"), "--dots", csv, "--size", size}, o,
            error));
        o.dataDir = kSource;
        LayoutLog log;
        REQUIRE(renderScreen(o, nullptr, error, &log));
        std::string all;
        for (const LayoutLog::Text& t : log.texts)
            all += t.text + " ";
        // "Spacing regularity 0.65" beside "the gap to the nearest dot varies by 65 %": one number
        // in two formats. The value and its target read in percent, as the explanation does.
        // Local evenness lies below the fold of the table at 800x600.
        for (const char* name : {"Spacing regularity", "Local evenness"}) {
            if (std::string(size) == "800x600" && std::string(name) == "Local evenness") continue;
            const auto label =
                std::find_if(log.texts.begin(), log.texts.end(), [&](const LayoutLog::Text& t) {
                    return t.text.find(name) != std::string::npos && t.text.size() < 24;
                });
            INFO(size << " " << name);
            REQUIRE(label != log.texts.end());
            std::vector<std::string> cells;
            for (const LayoutLog::Text& t : log.texts)
                if (t.ink.left > label->ink.left + label->ink.width &&
                    std::abs(t.ink.top - label->ink.top) < 6 && t.text.find_first_of("0123456789") == 0)
                    cells.push_back(t.text);
            REQUIRE(cells.size() >= 2); // value, target (and the score)
            INFO(cells[0] << " | " << cells[1]);
            CHECK(cells[0].ends_with(" %"));
            CHECK(cells[1].ends_with(" %"));
            CHECK(all.find("varies by " + cells[0]) != std::string::npos);
        }
    }
}

TEST_CASE("the spacing histogram says 'too close' over the bars that are too close", "[layout][render]") {
    requireDisplay();
    Scratch s;
    for (const std::string& name : {std::string("02-even-patch"), std::string("03-hairline")}) {
        const std::string csv = attempt(s, name, "clumped");
        Options o;
        std::string error;
        REQUIRE(parseOptions(
            {"--screen", "results", "--level", level(name), "--dots", csv, "--size", "1280x960"}, o, error));
        o.dataDir = kSource;
        LayoutLog log;
        REQUIRE(renderScreen(o, nullptr, error, &log));
        const auto label = std::find_if(log.texts.begin(), log.texts.end(),
                                        [](const LayoutLog::Text& t) { return t.text == "too close"; });
        REQUIRE(label != log.texts.end());
        // The threshold: the thin red line the label belongs to (the nearest one to it).
        const LayoutLog::Box* line = nullptr;
        for (const LayoutLog::Box& b : log.boxes)
            if (b.fill == colours::kFail && b.rect.width < 3 && b.rect.height > 100 &&
                b.rect.top >= label->ink.top &&
                (!line ||
                 std::abs(b.rect.left - label->ink.left) < std::abs(line->rect.left - label->ink.left)))
                line = &b;
        REQUIRE(line);
        // Left of the line, where the red bars (distances below the minimum) stand; it stood right
        // of it, over the bars that are fine.
        INFO(name << ": label " << label->ink.left << "-" << label->ink.left + label->ink.width
                  << ", line at " << line->rect.left);
        CHECK(label->ink.left + label->ink.width <= line->rect.left);
    }
}

TEST_CASE("layout: the practice screen of every level, and its F1 help, at four sizes", "[layout][render]") {
    requireDisplay();
    Scratch s;
    for (const std::string& name : kLevels) {
        const std::string csv = attempt(s, name, "good");
        auto problems = layoutProblems({"--screen", "practice", "--level", level(name), "--dots", csv},
                                       "practice-" + name);
        INFO(name << "\n" << joined(problems));
        CHECK(problems.empty());
    }
    const auto help = layoutProblems(
        {"--screen", "practice", "--level", level("04-crown-layers"), "--help-overlay"}, "practice-help");
    INFO(joined(help));
    CHECK(help.empty());
}

TEST_CASE("the practice footer and the level list name only the aids the level offers",
          "[layout][render][practice]") {
    requireDisplay();
    for (const std::string& name : kLevels) {
        Diagnostics diags;
        const auto l = loadLevelFile(level(name), diags);
        REQUIRE(l);
        Options o;
        std::string error;
        REQUIRE(
            parseOptions({"--screen", "practice", "--level", level(name), "--size", "2560x1440"}, o, error));
        o.dataDir = kSource;
        LayoutLog log;
        INFO(error);
        REQUIRE(renderScreen(o, nullptr, error, &log));
        std::string footer;
        for (const LayoutLog::Text& t : log.texts)
            if (t.text.find("F1 help") != std::string::npos &&
                t.text.find("Click strike") != std::string::npos)
                footer = t.text;
        INFO(name << ": " << footer);
        REQUIRE(!footer.empty());
        // A key the HUD marks "not in this level" only shows a warning: the footer must not offer it.
        // (A drill's ghost: its target dots are always drawn; the ghost is the zones' pattern.)
        const bool ghost = l->mode.ghost && targetPattern(*l).size() > l->target.dots.size();
        CHECK((footer.find("G ghost") != std::string::npos) == ghost);
        CHECK((footer.find("H heatmap") != std::string::npos) == l->mode.heatmap);
        CHECK((footer.find("O outlines") != std::string::npos) == l->mode.outlines);
        CHECK((footer.find("Ctrl+Z undo") != std::string::npos) == l->mode.undo);

        // The level list's line of aids says the same (it offered a drill's "target ghost").
        Options select;
        REQUIRE(parseOptions({"--screen", "select", "--level", level(name), "--size", "1280x960"}, select,
                             error));
        select.dataDir = kSource;
        LayoutLog selectLog;
        REQUIRE(renderScreen(select, nullptr, error, &selectLog));
        std::string aids;
        for (const LayoutLog::Text& t : selectLog.texts)
            if (t.text.rfind("Aids: ", 0) == 0 || t.text.rfind("No practice aids", 0) == 0) aids = t.text;
        INFO(aids);
        REQUIRE(!aids.empty());
        CHECK((aids.find("target ghost") != std::string::npos) == ghost);
        CHECK((aids.find("heatmap") != std::string::npos) == l->mode.heatmap);
        CHECK((aids.find("undo") != std::string::npos) == l->mode.undo);
    }
}

TEST_CASE("layout: a long level title on the level list, the practice and the results", "[layout][render]") {
    requireDisplay();
    Scratch s;
    // The crown level under a long title with a CJK word: it ran under the score and the clock,
    // off the level list's panel and into the best score's dash.
    const std::string title = "Layering a crown in three sessions for the frontotemporal angle and the "
                              "vertex whorl, \u738B\u79C0\u82F1";
    std::string xml, error;
    REQUIRE(readFile(level("04-crown-layers"), xml, error));
    const std::string old = "title=\"Layering a crown in three sessions\"";
    REQUIRE(xml.find(old) != std::string::npos);
    xml.replace(xml.find(old), old.size(), "title=\"" + title + "\"");
    const std::string dir = (s.dir() / "levels").string();
    const std::string file = s.write("levels/04-crown-layers.xml", xml).string();
    const std::string csv = kSource + "/levels/examples/04-crown-layers.stacked.csv";
    auto sizes = kSizes;
    sizes.push_back({960, 720});
    for (const auto& [screen, extra] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"select", {}}, {"practice", {}}, {"results", {"--dots", csv}}}) {
        std::vector<std::string> args = {"--screen", screen, "--levels", dir, "--level", file};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<std::string> problems;
        // Where one line is all there is (a list row, the practice's top bar), a title too long even
        // at the smaller size ends in "…"; the list's detail panel and the results show it whole.
        for (const std::string& p : layoutProblems(args, "long-title-" + screen, sizes))
            if (!(p.find("cut short with an ellipsis") != std::string::npos &&
                  p.find(": \"Layering a crown in three sessions") != std::string::npos &&
                  screen != "results"))
                problems.push_back(p);
        INFO(screen << "\n" << joined(problems));
        CHECK(problems.empty());
    }
    for (const std::string screen : {"select", "results"}) {
        Options o;
        std::vector<std::string> args = {"--screen", screen, "--levels", dir,
                                         "--level",  file,   "--size",   "800x600"};
        if (screen == "results") args.insert(args.end(), {"--dots", csv});
        REQUIRE(parseOptions(args, o, error));
        o.dataDir = kSource;
        LayoutLog log;
        REQUIRE(renderScreen(o, nullptr, error, &log));
        std::string all;
        for (const LayoutLog::Text& t : log.texts)
            all += t.text + " ";
        INFO(screen << ": " << all);
        CHECK(all.find("frontotemporal angle and the vertex whorl, \u738B\u79C0\u82F1") != std::string::npos);
    }
}

TEST_CASE("layout: the level editor and its help at four sizes", "[layout][render]") {
    requireDisplay();
    for (const std::string& name : {std::string("03-hairline"), std::string("05-scar-camouflage")}) {
        const auto problems =
            layoutProblems({"--screen", "editor", "--level", level(name)}, "editor-" + name);
        INFO(name << "\n" << joined(problems));
        CHECK(problems.empty());
    }
    const auto help = layoutProblems(
        {"--screen", "editor", "--level", level("03-hairline"), "--help-overlay"}, "editor-help");
    INFO(joined(help));
    CHECK(help.empty());
}

namespace {
struct QuietNavigator : Navigator {
    void showLevelSelect() override {}
    void startLevel(size_t) override {}
    void startNextLevel(size_t) override {}
    void showScreen(std::unique_ptr<Screen>) override {}
    void quit() override {}
};
} // namespace

TEST_CASE("layout: the editor's play-test note sits beside the practice's hints, F1 help included",
          "[layout][render][editor]") {
    requireDisplay();
    for (const auto& [w, h] : kSizes) {
        Theme theme;
        std::string error;
        REQUIRE(theme.load(kSource + "/assets/fonts", error));
        theme.setWindowSize({w, h});
        sf::RenderTexture target;
        REQUIRE(target.create(w, h));
        QuietNavigator nav;
        EditorScreen editor(theme, nav, level("04-crown-layers"));
        editor.layout({w, h});
        sf::Event f5;
        f5.type = sf::Event::KeyPressed;
        f5.key = {sf::Keyboard::F5, false, false, false, false};
        editor.handleEvent(f5);
        editor.update(0.0);
        REQUIRE(editor.playTesting());
        LayoutLog log;
        for (int frame = 0; frame < 2; ++frame) {
            if (frame == 1) theme.setLayoutLog(&log);
            editor.draw(target);
            theme.flush(target);
        }
        theme.setLayoutLog(nullptr);
        bool note = false, help = false;
        for (const LayoutLog::Text& t : log.texts) {
            note = note || t.text.find("PLAY-TEST") != std::string::npos;
            help = help || t.text.find("F1 help") != std::string::npos;
        }
        INFO(w << "x" << h);
        CHECK(note);
        CHECK(help);
        const auto problems = log.problems();
        INFO(joined(problems));
        CHECK(problems.empty());
    }
}

#include "exam/signing.h"
#include "level/vocabulary.h"
#include "store/sqlite_store.h"

namespace {

/// Trainees and candidates as a real academy has them: long, accented and non-Latin names.
const std::vector<std::pair<std::string, std::string>> kPeople = {
    {"T-0001", "Maria del Carmen Fernández-Rodríguez de la Santísima Trinidad"},
    {"T-0002", "Zoë Ødegård-Łukasiewicz"},
    {"T-0003", "Александра Константиновна Преображенская"},
    {"T-0004", "Nguyễn Thị Minh Khai"},
    {"T-0005", "Ευαγγελία Παπαδοπούλου-Χατζηγεωργίου"},
    {"T-0006", "王秀英"},
    {"T-0007", "佐藤 花子"},
    {"candidate-with-a-very-long-identifier-2026", "Jean-Baptiste Émile Dufresne-Lévesque"},
};

/// A store holding every level's runs for each person with every metric the scorer knows (in
/// two zones: 40 and more metric rows), and exam sittings with a 40-question quiz.
void fillLongStore(const std::string& db) {
    StoreError error;
    auto store = openSqliteStore(db, StoreMode::ReadWrite, error);
    REQUIRE(store);
    const auto metrics = knownMetrics();
    int day = 0;
    for (const auto& [id, name] : kPeople) {
        for (size_t l = 0; l < kLevels.size(); ++l) {
            for (int run = 0; run < 3; ++run) {
                PracticeRecord p;
                p.candidateId = id;
                p.levelId = kLevels[l].substr(3);
                p.score = 20 + (7 * run + 11 * l) % 80;
                p.passed = p.score >= 70;
                ++day;
                p.finishedAt = "2026-0" + std::to_string(1 + day / 28 % 9) + "-" +
                               (day % 28 + 1 < 10 ? "0" : "") + std::to_string(day % 28 + 1) + "T09:00:00Z";
                for (size_t m = 0; m < metrics.size(); ++m)
                    for (const char* zone : {"", "frontal-and-temporal-scalp"})
                        p.metrics.push_back({std::string(metrics[m].id), zone, 0.5,
                                             double((m * 13 + run * 17) % 100), 1.0, (m + run) % 3 != 0});
                REQUIRE(store->savePractice(p, error));
            }
        }
    }
    const KeyPair keys = generateKeyPair();
    int s = 0;
    for (const auto& [id, name] : kPeople) {
        ExamResult r;
        r.examId = "foundation-certificate-in-scalp-micropigmentation";
        r.examSha256 = std::string(64, 'e');
        r.candidateId = id;
        r.candidateName = name;
        r.startedAt = r.finishedAt = "2026-04-0" + std::to_string(++s) + "T10:00:00Z";
        r.issuedOn = "2026-04-0" + std::to_string(s);
        ResultSection theory;
        theory.id = "theory-of-healing-and-aftercare";
        theory.kind = "quiz";
        for (int q = 0; q < 40; ++q) {
            ResultItem item;
            item.kind = ResultItem::Kind::Question;
            item.ref = "question-about-pigment-and-needles-" + std::to_string(q + 1);
            item.score = (q * 7 + s) % 3 == 0 ? 0.0 : 1.0;
            theory.items.push_back(item);
        }
        r.sections = {theory};
        r.resultId = makeResultId(r);
        const std::string text = signResult(r, keys.secretKey);
        REQUIRE(store->saveResult(resultRecordOf(verifySignedResult(text, keys.publicKey), text), error));
    }
}

} // namespace

TEST_CASE("layout: progress and cohort with long, accented and non-Latin names and every metric",
          "[layout][render][progress]") {
    requireDisplay();
    Scratch s;
    const std::string db = (s.dir() / "results.db").string();
    fillLongStore(db);
    for (const auto& [id, name] : kPeople) {
        (void)name;
        const auto problems =
            layoutProblems({"--screen", "progress", "--db", db, "--trainee", id}, "progress-" + id);
        INFO(id << "\n" << joined(problems));
        CHECK(problems.empty());
    }
    const auto cohort = layoutProblems({"--screen", "cohort", "--db", db}, "cohort");
    INFO(joined(cohort));
    CHECK(cohort.empty());

    // The quiz table's headings stay apart at the smallest window: there the text is larger than
    // the scale, and "n" and "facility" touched ("nfacility"), which no overlap check sees.
    Options o;
    std::string error;
    REQUIRE(parseOptions({"--screen", "cohort", "--db", db, "--size", "800x600"}, o, error));
    o.dataDir = kSource;
    LayoutLog log;
    INFO(error);
    REQUIRE(renderScreen(o, nullptr, error, &log));
    const auto heading = [&](const std::string& text) {
        const auto it = std::find_if(log.texts.begin(), log.texts.end(),
                                     [&](const LayoutLog::Text& t) { return t.text == text; });
        REQUIRE(it != log.texts.end());
        return it->ink;
    };
    const sf::FloatRect n = heading("n"), facility = heading("facility"), pb = heading("r(pb)");
    CHECK(facility.left - (n.left + n.width) >= 4.f);
    CHECK(pb.left - (facility.left + facility.width) >= 4.f);

    // Every candidate has a row, or the table says how many it shows: at 800x600 the long id's
    // wrapped row did not fit and the eighth candidate vanished without a word.
    std::string all;
    for (const LayoutLog::Text& t : log.texts)
        all += t.text + "\n";
    INFO(all);
    size_t rows = 0;
    for (const auto& [id, name] : kPeople)
        rows += all.find(name.substr(0, 6)) != std::string::npos;
    CHECK((rows == kPeople.size() ||
           all.find(" of " + std::to_string(kPeople.size()) + "  \xC2\xB7  ") != std::string::npos));

    // Progress at 800x600: each plot's pass line runs under its label, not through it (the text
    // stops shrinking at 10 pixels), and "Work on next" gives a metric's score out of 100, never
    // a bare number ("Extra dots  0 in your last run" read as no extra dots).
    Options p;
    REQUIRE(parseOptions({"--screen", "progress", "--db", db, "--trainee", "T-0006", "--size", "800x600"}, p,
                         error));
    p.dataDir = kSource;
    LayoutLog plog;
    REQUIRE(renderScreen(p, nullptr, error, &plog));
    int labels = 0, scores = 0;
    for (const LayoutLog::Text& t : plog.texts) {
        if (t.text.find("in your last run") != std::string::npos ||
            t.text.find("over your last") != std::string::npos) {
            ++scores;
            INFO(t.text);
            CHECK(t.text.find("/100 ") != std::string::npos);
        }
        if (t.text != "usual pass mark 70" && t.text != "metric pass 50") continue;
        ++labels;
        // The dashes of its line: thin warm rectangles starting under the label's left edge.
        for (const LayoutLog::Box& b : plog.boxes)
            if (b.fill == colours::kWarm && b.rect.height < 2 && b.rect.left >= t.ink.left - 20 &&
                b.rect.left <= t.ink.left + t.ink.width && b.rect.top > t.ink.top - 4 &&
                b.rect.top < t.ink.top + t.ink.height + 20) {
                INFO(t.text << " ends at y " << t.ink.top + t.ink.height << ", its line at " << b.rect.top);
                CHECK(t.ink.top + t.ink.height <= b.rect.top);
            }
    }
    CHECK(labels == 2);
    CHECK(scores > 0);

    // The cohort's column heads break a level id at a hyphen, never inside a word: at 1280x960
    // "scar-camouflage" read "scar-camouflag" over "e", at 800x600 "breaking-rows" read "breakin"
    // over "g-rows".
    for (const char* size : {"800x600", "1024x768", "1280x960"}) {
        Options c;
        REQUIRE(parseOptions({"--screen", "cohort", "--db", db, "--size", size}, c, error));
        c.dataDir = kSource;
        LayoutLog clog;
        REQUIRE(renderScreen(c, nullptr, error, &clog));
        std::set<std::string> drawn;
        for (const LayoutLog::Text& t : clog.texts)
            drawn.insert(t.text);
        for (const std::string& name : kLevels) {
            const std::string id = name.substr(3);
            for (const std::string& text : drawn) {
                const size_t at = id.find(text);
                if (text.size() < 2 || text == id || at == std::string::npos) continue;
                const size_t end = at + text.size();
                INFO(size << ": '" << text << "' of '" << id << "'");
                CHECK((at == 0 || id[at - 1] == '-' || id[at] == '-'));
                CHECK((end == id.size() || id[end] == '-' || id[end - 1] == '-'));
            }
            // A word too wide for its column alone is cut short ("camoufl.") and the table gives
            // the whole id on its last line ("scar-camoufl. = scar-camouflage").
            for (const std::string& text : drawn) {
                if (text.size() < 3 || text.back() != '.') continue;
                const std::string stem = text.substr(0, text.size() - 1);
                const size_t at = id.find(stem);
                if (at == std::string::npos || (at > 0 && id[at - 1] != '-')) continue;
                INFO(size << ": '" << text << "' of '" << id << "'");
                CHECK(std::any_of(drawn.begin(), drawn.end(), [&](const std::string& line) {
                    return line.find(". = " + id) != std::string::npos;
                }));
            }
        }
        INFO(size);
        if (std::string(size) == "800x600") {
            CHECK(drawn.count("breaking") == 1);
            CHECK(drawn.count("-rows") == 1);
        }
        if (std::string(size) == "1280x960") {
            CHECK(drawn.count("scar-") == 1);
            CHECK(drawn.count("camouflage") == 1);
        }
    }
}

// ---- The remaining screens: quiz (every bank, the aftercare ones included), quiz review, replay,
// exam sign-in and instructions, score-a-photo (chooser and detected dots), the healed view, the
// certificate picture. Each at the four sizes (the certificate at its one A4 size) with long names.

#include "app/level_catalog.h"
#include "app/scan_screen.h"
#include "io/files.h"
#include "render/certificate_image.h"
#include "sheet/scan_score.h"
#include "sheet/sheet_files.h"
#include "support/exam_results.h"
#include "support/photo_sim.h"

namespace {

/// Renders `screen` at w x h (two frames, as the window shows them; the second logged) and returns
/// the log; with STIPPLE_LAYOUT_SHOTS=DIR the picture is saved as DIR/<saveAs>-<w>x<h>.png.
LayoutLog renderLogged(Theme& theme, Screen& screen, unsigned w, unsigned h, const std::string& saveAs) {
    theme.setWindowSize({w, h});
    screen.layout({w, h});
    sf::RenderTexture target;
    REQUIRE(target.create(w, h));
    LayoutLog log;
    for (int frame = 0; frame < 2; ++frame) {
        if (frame == 1) theme.setLayoutLog(&log);
        screen.update(0.0);
        target.clear(colours::kBackground);
        screen.draw(target);
        theme.flush(target);
    }
    theme.setLayoutLog(nullptr);
    target.display();
    if (std::getenv("STIPPLE_LAYOUT_SHOTS"))
        target.getTexture().copyToImage().saveToFile(std::string(std::getenv("STIPPLE_LAYOUT_SHOTS")) + "/" +
                                                     saveAs + "-" + std::to_string(w) + "x" +
                                                     std::to_string(h) + ".png");
    return log;
}

/// Renders `screen` at every size and lists the problems.
std::vector<std::string> screenProblems(Theme& theme, Screen& screen, const std::string& saveAs) {
    std::vector<std::string> out;
    for (const auto& [w, h] : kSizes) {
        const LayoutLog log = renderLogged(theme, screen, w, h, saveAs);
        const std::string size = std::to_string(w) + "x" + std::to_string(h);
        REQUIRE(!log.texts.empty());
        for (const std::string& p : log.problems()) {
            out.push_back(size + ": " + p);
            std::fprintf(stderr, "layout %s %s: %s\n", saveAs.c_str(), size.c_str(), p.c_str());
        }
    }
    return out;
}

} // namespace

TEST_CASE("layout: the quiz of every bank and its review at four sizes", "[layout][render][quiz]") {
    requireDisplay();
    Scratch s;
    const std::string answers =
        s.write("answers.txt", "# seed 7\nwhat-counts-as-wetting: a\nsession-hours-max: 5\n").string();
    const std::vector<std::pair<std::string, std::vector<std::string>>> screens = {
        {"quiz-first", {"--screen", "quiz"}},
        {"quiz-brochure-10",
         {"--screen", "quiz", "--bank", kSource + "/levels/banks/brochure.xml", "--seed", "7", "--count",
          "10", "--question", "10"}},
        {"quiz-aftercare-clinic",
         {"--screen", "quiz", "--bank", kSource + "/levels/aftercare/clinic-brochure.xml", "--seed", "2",
          "--count", "5", "--time-limit", "300"}},
        {"quiz-aftercare-genesis",
         {"--screen", "quiz", "--bank", kSource + "/levels/aftercare/scalp-genesis.xml", "--seed", "3",
          "--count", "5", "--question", "3"}},
        {"quiz-exam",
         {"--screen", "quiz", "--bank", kSource + "/levels/banks/brochure.xml", "--seed", "5", "--count",
          "30", "--question", "30", "--quiz-exam"}},
        {"quiz-review",
         {"--screen", "quiz-review", "--bank", kSource + "/levels/banks/brochure.xml", "--seed", "7",
          "--count", "10", "--answers", answers}},
    };
    for (const auto& [name, args] : screens) {
        const auto problems = layoutProblems(args, name);
        INFO(name << "\n" << joined(problems));
        CHECK(problems.empty());
    }
}

TEST_CASE("layout: the replay of a recorded attempt at five sizes, 800x600 included",
          "[layout][render][replay]") {
    requireDisplay();
    Scratch s;
    for (const std::string name : {"04-crown-layers", "03-hairline"}) {
        const std::string rec = (s.dir() / (name + ".stiprec")).string();
        REQUIRE(runStipple("record demo --level " + quote(level(name)) + " --out " + quote(rec) +
                           " --strikes 120 --seed 3")
                    .exitCode == 0);
        // 800×600 too, the smallest window the trainer opens: its line of keys was cut there.
        auto sizes = kSizes;
        sizes.insert(sizes.begin(), {800, 600});
        const auto problems =
            layoutProblems({"--screen", "replay", "--replay", rec}, "replay-" + name, sizes);
        INFO(name << "\n" << joined(problems));
        CHECK(problems.empty());
    }
}

TEST_CASE("layout: the exam sign-in and instructions with a long name at four sizes",
          "[layout][render][exam]") {
    requireDisplay();
    Scratch s;
    for (const std::string screen : {"exam-signin", "exam-instructions"}) {
        const auto problems = layoutProblems(
            {"--screen", screen, "--exam", kSource + "/levels/exams/foundation-certificate.xml",
             "--candidate", "candidate-with-a-very-long-identifier-2026", "--name",
             "Maria del Carmen Fernández-Rodríguez de la Santísima Trinidad", "--user-data",
             s.dir().string()},
            screen);
        INFO(screen << "\n" << joined(problems));
        CHECK(problems.empty());
    }

    // The exam under a long title (a copy of the curriculum, for the exam's relative paths): it ran
    // off the window on the sign-in and the instructions.
    namespace fs = std::filesystem;
    const fs::path levels = s.dir() / "levels";
    fs::copy(kSource + "/levels", levels, fs::copy_options::recursive);
    const fs::path exam = levels / "exams" / "foundation-certificate.xml";
    std::string xml, error;
    REQUIRE(readFile(exam.string(), xml, error));
    const std::string old = "title=\"Foundation certificate in scalp micropigmentation\"";
    REQUIRE(xml.find(old) != std::string::npos);
    xml.replace(
        xml.find(old), old.size(),
        "title=\"Foundation certificate in scalp micropigmentation: hairline, density, layering and scar "
        "camouflage\"");
    fs::remove(exam);
    s.write("levels/exams/foundation-certificate.xml", xml);
    for (const std::string screen : {"exam-signin", "exam-instructions"}) {
        const auto problems =
            layoutProblems({"--screen", screen, "--exam", exam.string(), "--candidate", "T-0006", "--name",
                            "\u738B\u79C0\u82F1", "--user-data", s.dir().string()},
                           screen + "-long-title");
        INFO(screen << "\n" << joined(problems));
        CHECK(problems.empty());
    }
}

TEST_CASE("layout: the practice screen's healed view at four sizes", "[layout][render][healing]") {
    requireDisplay();
    Scratch s;
    const std::string csv = attempt(s, "04-crown-layers", "good");
    const auto problems = layoutProblems(
        {"--screen", "practice", "--level", level("04-crown-layers"), "--dots", csv, "--healed"},
        "practice-healed");
    INFO(joined(problems));
    CHECK(problems.empty());
    // The session timeline between 800 and 1024 pixels wide (--scale 0.75 opens 960x720), where
    // the text has stopped shrinking with the window: "Session 1" ran into "14 days".
    const auto between = layoutProblems({"--screen", "practice", "--level", level("04-crown-layers")},
                                        "practice-timeline", {{880, 660}, {960, 720}});
    INFO(joined(between));
    CHECK(between.empty());
}

TEST_CASE("layout: score a photo, its chooser and its detected dots, at four sizes",
          "[layout][render][scan]") {
    requireDisplay();
    const std::string path = level("02-even-patch");
    const CatalogEntry entry = loadCatalogEntry(path);
    REQUIRE(entry.level);
    std::string bytes, error;
    REQUIRE(readFile(path, bytes, error));
    const auto sheetLayout =
        sheet::layoutSheet(*entry.level, sha256Hex(bytes), sheet::Paper::A4, false, error);
    REQUIRE(sheetLayout);
    test::PhotoSpec spec;
    spec.seed = 4;
    Scratch dir;
    const auto photo =
        dir.write("inbox/Zoë's practice sheet photographed on the clinic's phone, second try.jpg",
                  test::photographSheet(*entry.level, *sheetLayout,
                                        test::randomInkDots(*entry.level, 80, 4, 0.35, 0.9, 0.0), spec));
    for (int i = 0; i < 30; ++i)
        dir.write("inbox/IMG_2026041" + std::to_string(i) + "_sheet.jpg", "not a picture");

    Theme theme;
    REQUIRE(theme.load(kSource + "/assets/fonts", error));
    QuietNavigator nav;
    ScanScreen chooser(theme, nav, 0, entry.level, path, {(dir.dir() / "inbox").string()});
    auto problems = screenProblems(theme, chooser, "scan-chooser");
    INFO(joined(problems));
    CHECK(problems.empty());

    ScanScreen opened(theme, nav, 0, entry.level, path, {(dir.dir() / "inbox").string()});
    REQUIRE(opened.open(photo.string()));
    problems = screenProblems(theme, opened, "scan-photo");
    INFO(joined(problems));
    CHECK(problems.empty());
}

TEST_CASE("CJK names are drawn with their own glyphs, not the boxes of a font that lacks them",
          "[layout][render][cjk]") {
    requireDisplay();
    Theme theme;
    std::string error;
    REQUIRE(theme.load(kSource + "/assets/fonts", error));
    REQUIRE(theme.hasCjkFallback()); // fonts-droid-fallback (.ci/setup-debian, the package's Depends)
    auto drawn = [&](const std::string& s) {
        sf::RenderTexture t;
        REQUIRE(t.create(64, 40));
        t.clear(sf::Color::Black);
        theme.text(t, s, 4, 4, 20, sf::Color::White);
        theme.flush(t);
        t.display();
        return t.getTexture().copyToImage();
    };
    // A font without the characters draws the same box for each: these must differ.
    const sf::Image wang = drawn("\u738B"), ying = drawn("\u82F1"), sato = drawn("\u4F50");
    auto same = [](const sf::Image& a, const sf::Image& b) {
        return std::equal(a.getPixelsPtr(), a.getPixelsPtr() + 64 * 40 * 4, b.getPixelsPtr());
    };
    CHECK_FALSE(same(wang, ying));
    CHECK_FALSE(same(wang, sato));
    CHECK(theme.textWidth("\u738B\u79C0\u82F1", 20) > 0);
}

TEST_CASE("layout: the certificate picture with long and non-Latin names", "[layout][render][certificate]") {
    requireDisplay();
    const KeyPair keys = generateKeyPair();
    for (const auto& [id, name] : kPeople) {
        ExamResult r = sampleExamResult(id, name, 81.25);
        r.examTitle = "Foundation Certificate in Scalp Micropigmentation: Hairline, Density and Camouflage";
        const Verification v = verifySignedResult(signResult(r, keys.secretKey), keys.publicKey);
        REQUIRE(v.valid);
        sf::Image image;
        std::string error;
        LayoutLog log;
        INFO(error);
        REQUIRE(renderCertificate(v, kSource + "/assets/fonts", image, error, &log));
        if (std::getenv("STIPPLE_LAYOUT_SHOTS"))
            image.saveToFile(std::string(std::getenv("STIPPLE_LAYOUT_SHOTS")) + "/certificate-" + id +
                             ".png");
        REQUIRE(!log.texts.empty());
        bool nameShown = false;
        for (const LayoutLog::Text& t : log.texts)
            nameShown = nameShown || t.text.find(name) != std::string::npos;
        const auto problems = log.problems();
        INFO(id << "\n" << joined(problems));
        CHECK(nameShown);
        CHECK(problems.empty());
    }
}

TEST_CASE("the window opens no larger than the screen, bigger on a 4K display", "[layout][window]") {
    // A 1366x768 laptop: the default 1280x960 window fits under the title bar and panels.
    CHECK(fitWindowToDesktop({1280, 960}, {1366, 768}) == sf::Vector2u(1280, 704));
    CHECK(fitWindowToDesktop({4000, 3000}, {1920, 1080}) == sf::Vector2u(1904, 1016));
    CHECK(fitWindowToDesktop({640, 480}, {1920, 1080}) == sf::Vector2u(800, 600)); // the smallest it lays out
    CHECK(fitWindowToDesktop({1280, 960}, {800, 600}) == sf::Vector2u(800, 600));  // a tiny screen: all of it
    // HiDPI: 1 up to 1440 rows, 2 on a 4K display, 2.5 on 5K.
    CHECK(displayScale({1366, 768}) == 1.0f);
    CHECK(displayScale({2560, 1440}) == 1.0f);
    CHECK(displayScale({3840, 2160}) == 2.0f);
    CHECK(displayScale({5120, 2880}) == 2.5f);
    Options o;
    std::string error;
    CHECK(parseOptions({"--scale", "1.5"}, o, error));
    CHECK(o.scale == 1.5f);
    CHECK_FALSE(parseOptions({"--scale", "9"}, o, error));
    CHECK(error.find("--scale must be a number from 0.5 to 4") != std::string::npos);
    CHECK(runStipple("--scale x").exitCode == 2);
    // The settings file's scale= is the same as --scale; the option overrides it.
    {
        StationConfig conf;
        conf.scale = "1.25";
        setStationConfig(conf);
        Options fromFile;
        CHECK(parseOptions({}, fromFile, error));
        CHECK(fromFile.scale == 1.25f);
        Options overridden;
        CHECK(parseOptions({"--scale", "2"}, overridden, error));
        CHECK(overridden.scale == 2.0f);
        setStationConfig({});
    }

    // A screenshot without --size is the window --scale opens: 1280x960 times the scale.
    requireDisplay();
    {
        Scratch shots;
        for (const auto& [scale, w, h] : {std::tuple{"0.75", 960u, 720u}, std::tuple{"2", 2560u, 1920u}}) {
            const std::string png = (shots.dir() / (std::string("select-") + scale + ".png")).string();
            const Run shot =
                runStipple("--screen select --scale " + std::string(scale) + " --screenshot " + quote(png));
            INFO(shot.err);
            REQUIRE(shot.exitCode == 0);
            sf::Image image;
            REQUIRE(image.loadFromFile(png));
            CHECK(image.getSize() == sf::Vector2u(w, h));
        }
    }

    // The real window, asked to be larger than the test display, opens inside it.
    const sf::VideoMode desktop = sf::VideoMode::getDesktopMode();
    ::setenv("STIPPLE_TIMING", "1", 1); // the trainer says what size its window got
    const Run r = runStipple("--frames 2 --size 8000x6000 --screen select");
    ::unsetenv("STIPPLE_TIMING");
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    unsigned w = 0, h = 0, sw = 0, sh = 0;
    const size_t at = r.err.find("window ");
    REQUIRE(at != std::string::npos);
    REQUIRE(std::sscanf(r.err.c_str() + at, "window %ux%u on a %ux%u screen", &w, &h, &sw, &sh) == 4);
    CHECK(sw == desktop.width);
    CHECK(sh == desktop.height);
    CHECK(w <= desktop.width);
    CHECK(h <= desktop.height);
    CHECK(w >= 800);
    CHECK(h >= 600);
}

#include "app/practice_screen.h"
#include "render/canvas_renderer.h"

#include <cctype>
#include <regex>

TEST_CASE("layout: every level's brief card names the colours its canvas uses, at four sizes",
          "[layout][render][brief]") {
    requireDisplay();
    Theme theme;
    std::string error;
    REQUIRE(theme.load(kSource + "/assets/fonts", error));
    QuietNavigator nav;
    for (const std::string& name : kLevels) {
        const CatalogEntry entry = loadCatalogEntry(level(name));
        REQUIRE(entry.level);
        const Level& l = *entry.level;
        PracticeScreen screen(theme, nav, 0, entry, 0, /*intro=*/true);
        const auto problems = screenProblems(theme, screen, "brief-" + name);
        INFO(name << "\n" << joined(problems));
        CHECK(problems.empty());
        // The card's words, and every colour the canvas draws for this level among them.
        LayoutLog log;
        theme.setLayoutLog(&log);
        sf::RenderTexture target;
        REQUIRE(target.create(1280, 960));
        theme.setWindowSize({1280, 960});
        screen.layout({1280, 960});
        screen.draw(target);
        theme.flush(target);
        theme.setLayoutLog(nullptr);
        std::string card;
        for (const LayoutLog::Text& t : log.texts)
            card += t.text + " ";
        const std::vector<std::pair<bool, std::string>> marks = {{!l.target.dots.empty(), "grey rings"},
                                                                 {!l.zones.empty(), "blue outline"},
                                                                 {l.hairline.has_value(), "orange line"},
                                                                 {!l.scars.empty(), "purple outline"},
                                                                 {!l.forbidden.empty(), "red outline"}};
        for (const auto& [present, words] : marks) {
            INFO(name << ": " << words << "\n" << card);
            CHECK((card.find(words) != std::string::npos) == present);
        }
        // A colour the level's own words name is one its canvas draws ("grey" for grey targets,
        // never "grey" for targets drawn blue).
        const std::string legend = canvasLegend(l, l.mode.ghost);
        // (Shades of pigment, "mid-grey", are the ink's colour, not a mark's: only a colour
        // naming a mark counts.)
        std::string words = l.brief + " " + l.instructions;
        for (char& c : words)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        static const std::regex kMark(
            R"(\b(grey|gray|blue|orange|purple|red|green|yellow)[ -](target|ghost|line|outline|dot|ring|area|mark|zone|hatch))");
        for (auto it = std::sregex_iterator(words.begin(), words.end(), kMark); it != std::sregex_iterator();
             ++it) {
            const std::string colour = (*it)[1].str() == "gray" ? "grey" : (*it)[1].str();
            INFO(name << " says '" << it->str() << "'; the canvas: " << legend);
            CHECK(legend.find(colour) != std::string::npos);
        }
    }
}

TEST_CASE("layout: the practice's finish and next-session dialogs at six sizes", "[layout][render]") {
    requireDisplay();
    Theme theme;
    std::string error;
    REQUIRE(theme.load(kSource + "/assets/fonts", error));
    QuietNavigator nav;
    const CatalogEntry entry = loadCatalogEntry(level("04-crown-layers"));
    REQUIRE(entry.level);
    auto key = [](sf::Keyboard::Key code) {
        sf::Event e;
        e.type = sf::Event::KeyPressed;
        e.key = {code, false, false, false, false};
        return e;
    };
    // Enter asks to finish, N to heal into the next session: each dialog's words stay inside it (the
    // text stops shrinking at 10 pixels; on a small window they ran to its edges).
    for (const auto& [code, name] :
         {std::pair{sf::Keyboard::Enter, "finish"}, std::pair{sf::Keyboard::N, "next"}}) {
        PracticeScreen screen(theme, nav, 0, entry, 0, /*intro=*/false);
        screen.handleEvent(key(code));
        auto sizes = kSizes;
        sizes.push_back({960, 720});
        std::vector<std::string> problems;
        for (const auto& [w, h] : sizes) {
            const LayoutLog log = renderLogged(theme, screen, w, h, std::string("dialog-") + name);
            bool dialog = false;
            for (const LayoutLog::Text& t : log.texts)
                dialog = dialog || t.text.find("Esc") != std::string::npos;
            CHECK(dialog);
            for (const std::string& p : log.problems())
                problems.push_back(std::to_string(w) + "x" + std::to_string(h) + ": " + p);
            // The words of a button keep a margin to its edges.
            for (const LayoutLog::Text& t : log.texts) {
                if (t.text.find("\xC2\xB7  E") == std::string::npos) continue;
                for (const LayoutLog::Box& b : log.boxes)
                    if (b.panel && b.order < t.order &&
                        b.rect.contains(t.ink.left + t.ink.width / 2, t.ink.top) &&
                        b.rect.width < t.ink.width + 200) {
                        INFO(w << "x" << h << " \"" << t.text << "\" " << t.ink.left << "-"
                               << t.ink.left + t.ink.width << " in a button " << b.rect.left << "-"
                               << b.rect.left + b.rect.width);
                        CHECK(t.ink.left - b.rect.left >= 4.f);
                        CHECK(b.rect.left + b.rect.width - (t.ink.left + t.ink.width) >= 4.f);
                    }
            }
        }
        INFO(name << "\n" << joined(problems));
        CHECK(problems.empty());
    }
}

TEST_CASE("layout: the cohort of one trainee with one run counts in the singular",
          "[layout][render][progress]") {
    requireDisplay();
    Scratch s;
    const std::string db = (s.dir() / "one.db").string();
    {
        StoreError error;
        auto store = openSqliteStore(db, StoreMode::ReadWrite, error);
        REQUIRE(store);
        PracticeRecord p;
        p.candidateId = "T-0002";
        p.levelId = "even-patch";
        p.score = 64;
        p.finishedAt = "2026-04-01T09:00:00Z";
        p.metrics.push_back({"density", "", 0.5, 64, 1.0, false});
        REQUIRE(store->savePractice(p, error));
    }
    Options o;
    std::string error;
    REQUIRE(parseOptions({"--screen", "cohort", "--db", db}, o, error));
    o.dataDir = kSource;
    LayoutLog log;
    INFO(error);
    REQUIRE(renderScreen(o, nullptr, error, &log));
    std::string all;
    for (const LayoutLog::Text& t : log.texts)
        all += t.text + "\n";
    INFO(all);
    CHECK(all.find("1 candidate ") != std::string::npos);
    CHECK(all.find("1 practice run ") != std::string::npos);
    CHECK(all.find("0 exam results") != std::string::npos);
    CHECK(all.find("1 candidates") == std::string::npos);
    CHECK(all.find("1 practice runs") == std::string::npos);
}
