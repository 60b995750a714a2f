// One command line everywhere (issue 19): every command and the trainer parse with CLI11 from one
// set of option definitions, which also make their --help, the man page and the bash completion;
// --name=value works everywhere (the trainer too), '-' reads dots from standard input, and the
// settings file's values go through the same definitions, the command line overriding them.
#include "cmdline/command_line.h"
#include "support/process.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace stipple;
using namespace stipple::test;

namespace {
std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}
/// Each command and its options as the bash completion lists them.
std::vector<std::pair<std::string, std::vector<std::string>>> completionTable() {
    const Run r = runStipple("--bash-completion");
    REQUIRE(r.exitCode == 0);
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    const std::regex line(R"re( {12}([a-z-]+)\) opts="([^"]*)" ;;)re");
    for (std::sregex_iterator it(r.out.begin(), r.out.end(), line), end; it != end; ++it)
        out.emplace_back((*it)[1], words((*it)[2]));
    return out;
}
std::set<std::string> longOptionsIn(const std::string& text) {
    std::set<std::string> out;
    const std::regex opt(R"((^|[\s\[|(])(--[a-z][a-z0-9-]*))");
    for (std::sregex_iterator it(text.begin(), text.end(), opt), end; it != end; ++it)
        out.insert((*it)[2]);
    return out;
}
} // namespace

TEST_CASE("help, man page and completion list the same options, the ones each command parses") {
    const auto table = completionTable();
    REQUIRE(table.size() >= 20);
    const std::string man = runStipple("--man-page").out;
    for (const auto& [name, options] : table) {
        INFO(name);
        const Run help = runStipple(name + " --help");
        REQUIRE(help.exitCode == 0);
        const size_t section = man.find(".SS stipple " + name + "\n");
        REQUIRE(section != std::string::npos);
        const std::string manPart = man.substr(section, man.find(".SS ", section + 4) - section);
        for (const auto& option : options) {
            INFO(option);
            CHECK(help.out.find(option) != std::string::npos);
            if (option.rfind("--", 0) == 0 && option != "--help" && option != "--version") {
                std::string roff;
                for (char c : option)
                    roff += c == '-' ? std::string("\\-") : std::string(1, c);
                CHECK(manPart.find(roff) != std::string::npos);
            }
        }
        // Every option the usage lines name is one the command defines (so it parses).
        const std::string synopsis = help.out.substr(0, help.out.find("\n\n"));
        for (const auto& named : longOptionsIn(synopsis)) {
            INFO("named in the usage: " << named);
            CHECK(std::find(options.begin(), options.end(), named) != options.end());
        }
        // And an option it does not define is a usage error, named.
        const Run unknown = runStipple(name + " --no-such-option");
        CHECK(unknown.exitCode == 2);
        CHECK(unknown.err.find("unknown option '--no-such-option'") != std::string::npos);
    }
}

TEST_CASE("the bash completion completes commands and each command's options") {
    auto complete = [](const std::string& line, int word) {
        // bash (the completion's shell) runs the script; "$0" is the program.
        return runShell("bash -c 'eval \"$(\"$0\" --bash-completion)\" && COMP_WORDS=(" + line +
                        ") && COMP_CWORD=" + std::to_string(word) +
                        " && _stipple && echo \"${COMPREPLY[*]}\"' " + quote(STIPPLE_BINARY))
            .out;
    };
    CHECK(complete("stipple val", 1) == "validate\n");
    CHECK(complete("stipple score --le", 2) == "--level\n");
    CHECK(complete("stipple results --mo", 2) == "--moodle-csv\n");
    CHECK(complete("stipple --trai", 1) == "--trainee\n");
    CHECK(complete("stipple --screens", 1) == "--screenshot\n");
}

TEST_CASE("--name=value is read by every command and by the trainer") {
    const std::string level = "levels/02-even-patch.xml";
    Scratch s;
    const std::string dots = quote(s.path("d.csv"));
    REQUIRE(runStipple("generate --level=" + level + " --output=" + dots + " --seed=4").exitCode == 0);
    const Run spaced = runStipple("score --level " + level + " --dots " + dots + " --json");
    const Run joined = runStipple("score --level=" + level + " --dots=" + dots + " --json");
    CHECK(spaced.exitCode == joined.exitCode);
    CHECK(spaced.out == joined.out);
    CHECK_FALSE(joined.out.empty());
    // The trainer: --level=F and --frames=N are read (these checks come after parsing).
    const Run healed = runStipple("--level=" + level + " --healed");
    CHECK(healed.exitCode == 2);
    CHECK(healed.err.rfind("stipple: --healed needs --screen practice\n", 0) == 0);
    const Run frames = runStipple("--level=" + level + " --frames=0");
    CHECK(frames.exitCode == 2);
    CHECK(frames.err.rfind("stipple: --frames must be a positive number, got '0'\n", 0) == 0);
    const Run unknown = runStipple("--levle=" + level);
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.err.rfind("stipple: unknown option '--levle=" + level + "'\n", 0) == 0);
    const Run missing = runStipple("--level");
    CHECK(missing.exitCode == 2);
    CHECK(missing.err.rfind("stipple: option '--level' needs a value\n", 0) == 0);
    // -h, --help and --version anywhere on a command's line, not only first.
    CHECK(runStipple("score --level " + level + " --version").out == "stipple " STIPPLE_VERSION "\n");
    const Run late = runStipple("score --level " + level + " -h");
    CHECK(late.exitCode == 0);
    CHECK(late.out == runStipple("score --help").out);
    // The trainer's own -h and --version.
    CHECK(runStipple("--screen practice -h").out.rfind("usage: stipple [options]", 0) == 0);
    CHECK(runStipple("--screen practice --version").out == "stipple " STIPPLE_VERSION "\n");
}

TEST_CASE("'-' reads the dots from standard input and writes to standard output") {
    const std::string level = "levels/02-even-patch.xml";
    Scratch s;
    const std::string file = quote(s.path("d.csv"));
    REQUIRE(runStipple("generate --level " + level + " -o " + file + " --style clumped --seed 3").exitCode ==
            0);
    const Run fromFile = runStipple("score --level " + level + " --dots " + file + " --json");
    // (In parentheses: runShell gives the whole script /dev/null as its standard input.)
    const Run piped =
        runShell("(stipple generate --level " + level +
                 " -o - --style clumped --seed 3 | stipple score --level " + level + " --dots - --json)");
    INFO(piped.err);
    CHECK(piped.exitCode == fromFile.exitCode);
    CHECK(piped.out == fromFile.out);
    // metrics names the file it read in its JSON ("-"); every figure is the same.
    const auto figures = [](std::string json) {
        return std::regex_replace(json, std::regex("\n *\"file\": [^\n]*"), "");
    };
    const Run metricsPiped = runShell("(stipple metrics --dots - --json < " + file + ")");
    CHECK(metricsPiped.exitCode == 0);
    CHECK(metricsPiped.out.find("\"file\": \"-\"") != std::string::npos);
    CHECK(figures(metricsPiped.out) == figures(runStipple("metrics --dots " + file + " --json").out));
    // Bad input on standard input is located there.
    const Run bad = runStippleWithInput("score --level " + level + " --dots -", "x_mm,y_mm\n1,nope\n");
    CHECK(bad.exitCode == 1);
    CHECK(bad.err.find("<standard input>:2:") != std::string::npos);
    // --png would read the file twice: a usage error, not an empty picture.
    CHECK(runStippleWithInput("score --level " + level + " --dots - --png " + quote(s.path("p.png")), "")
              .exitCode == 2);
}

TEST_CASE("settings-file values go through the option definitions: the command line overrides them, the "
          "environment comes first") {
    const CommandDef def{"t",
                         "",
                         "usage: stipple t",
                         "",
                         {{"--trainee", "NAME", "who", "trainee"},
                          {"--station", "NAME", "where", "station", "STIPPLE_TEST_STATION"},
                          {"--json", "", "json"}},
                         ""};
    ::unsetenv("STIPPLE_TEST_STATION");
    const std::map<std::string, std::string> conf{{"trainee", "Zo\xC3\xAB"}, {"station", "room-2"}};
    const CommandLine none({}, def, conf);
    REQUIRE(none.ok());
    CHECK(none.value("trainee") == "Zo\xC3\xAB");
    CHECK(none.source("trainee") == "settings file");
    CHECK(none.value("station") == "room-2");
    const CommandLine given({"--trainee=ana", "--station", "room-9"}, def, conf);
    CHECK(given.value("trainee") == "ana");
    CHECK(given.source("trainee") == "command line");
    CHECK(given.value("station") == "room-9");
    ::setenv("STIPPLE_TEST_STATION", "room-5", 1);
    const CommandLine fromEnv({}, def, conf);
    CHECK(fromEnv.value("station") == "room-5");
    CHECK(fromEnv.source("station") == "environment");
    CHECK(CommandLine({"--station=room-7"}, def, conf).value("station") == "room-7");
    ::unsetenv("STIPPLE_TEST_STATION");
    // Usage mistakes, in the same words for every command.
    CHECK(CommandLine({"--trainee"}, def).error() == "option '--trainee' needs a value");
    CHECK(CommandLine({"--json=yes"}, def).error() == "option '--json' takes no value");
    CHECK(CommandLine({"-x"}, def).error() == "unknown option '-x'");
    CHECK(CommandLine({"--trainee", "a\xFF"}, def).error().rfind("--trainee ", 0) == 0);
    // '-' and everything after '--' are arguments; the last value of an option is the one read.
    const CommandLine rest({"-", "--trainee", "a", "--trainee", "b", "--", "--json"}, def);
    CHECK(rest.value("trainee") == "b");
    CHECK(rest.values("trainee") == std::vector<std::string>{"a", "b"});
    CHECK(rest.positional() == std::vector<std::string>{"-", "--json"});
    CHECK_FALSE(rest.flag("json"));
    // The help shows where a value may come from.
    const std::string help = helpText(def);
    CHECK(help.find("[settings file: trainee]") != std::string::npos);
    CHECK(help.find("[environment: STIPPLE_TEST_STATION, settings file: station]") != std::string::npos);
}

TEST_CASE("the trainer's settings-file trainee and station are overridden by its options") {
    // The trainer's definitions carry the settings-file keys; its help says so, and a bad station
    // value from the environment is refused like one typed on the command line.
    const Run help = runStipple("--screen practice --help");
    CHECK(help.out.find("[settings file: trainee]") != std::string::npos);
    CHECK(help.out.find("[environment: STIPPLE_STATION, settings file: station]") != std::string::npos);
    const Run badEnv = runShell("STIPPLE_STATION=$(printf 'a\\377') stipple --screen practice --frames 1");
    CHECK(badEnv.exitCode == 2);
    CHECK(badEnv.err.rfind("stipple: --station ", 0) == 0);
}
