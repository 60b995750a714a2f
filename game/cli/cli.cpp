// Dispatch of `stipple <subcommand>`; the table lists every subcommand once.
#include "cli/cli.h"

#include "cli/args.h"
#include "cli/trainer.h"

#include <algorithm>
#include <cstdio>

namespace stipple::cli {

namespace {
Trainer& theTrainer() {
    static Trainer t;
    return t;
}

std::vector<Command>& registry() {
    static std::vector<Command> kCommands;
    return kCommands;
}
} // namespace

void setTrainer(const Trainer& trainer) {
    theTrainer() = trainer;
}

const Trainer& trainer() {
    return theTrainer();
}

bool haveTrainer(std::string& error) {
    const Trainer& t = theTrainer();
    if (t.run && t.options && t.scorecardPicture && t.replay) return true;
    error = "this program was built without the trainer (game/main.cpp links it in)";
    return false;
}

Registration::Registration(const CommandDef& def, int (*run)(const std::vector<std::string>& args)) {
    registry().push_back({def.name.c_str(), def.summary.c_str(), run, &def});
}

std::vector<Command> commands() {
    std::vector<Command> sorted = registry();
    std::sort(sorted.begin(), sorted.end(),
              [](const Command& a, const Command& b) { return std::string(a.name) < b.name; });
    return sorted;
}

bool isCommand(const std::string& name) {
    if (name == "help" || name == "--help" || name == "-h" || name == "--version" || name == "--man-page" ||
        name == "--bash-completion")
        return true;
    for (const auto& c : commands())
        if (name == c.name) return true;
    return false;
}

namespace {
void printHelp(std::FILE* out) {
    // The trainer's own usage text, so every trainer option is listed here as well.
    const std::string trainerUsage = trainer().options ? helpText(trainer().options()) : "\n";
    std::fprintf(out,
                 "usage: stipple [trainer options]    open the trainer\n"
                 "       stipple <command> [options]  run a command (no display needed)\n\n"
                 "trainer (stipple [options]):\n%s\ncommands:\n",
                 trainerUsage.substr(trainerUsage.find('\n') + 1).c_str());
    for (const auto& c : commands())
        std::fprintf(out, "  %-12s %s\n", c.name, c.summary);
    std::fprintf(out, "\n`stipple <command> --help` describes a command's options.\n");
}
} // namespace

std::string manPage() {
    std::string m =
        ".TH STIPPLE 1 \"\" \"stipple " STIPPLE_VERSION "\" \"User Commands\"\n"
        ".SH NAME\nstipple \\- trainer and certification simulator for scalp micropigmentation\n"
        ".SH SYNOPSIS\n.B stipple\n[\\fItrainer options\\fR]\n.br\n.B stipple\n\\fIcommand\\fR "
        "[\\fIoptions\\fR]\n"
        ".SH DESCRIPTION\nWithout a command, \\fBstipple\\fR opens the trainer window: the level select, "
        "practice on a simulated scalp, the results, the quiz, the exam flow and the progress views. "
        "The commands run headless (no display needed, except those that render pictures). "
        "Every option may be written \\fB\\-\\-name value\\fR or \\fB\\-\\-name=value\\fR; "
        "a file name \\fB\\-\\fR reads standard input or writes standard output where a command reads or "
        "writes that file.\n"
        ".SH TRAINER OPTIONS\n";
    if (trainer().options) m += manSection(trainer().options());
    m += ".SH COMMANDS\n";
    for (const auto& c : commands())
        m += ".TP\n.B " + std::string(c.name) + "\n" + roffText(c.summary) + "\n";
    m += ".SH COMMAND OPTIONS\n";
    for (const auto& c : commands())
        m += manSection(*c.def);
    m +=
        ".SH EXIT STATUS\n0 done, 1 bad input (a file that cannot be read or is invalid), 2 usage error.\n"
        ".SH ENVIRONMENT\n.TP\n.B STIPPLE_DATA\nthe folder holding levels/ and assets/ "
        "(default: ../share/stipple beside the program, else $XDG_DATA_DIRS/stipple)\n"
        ".TP\n.B STIPPLE_STORE\nthe results store (a SQLite file or a postgresql:// URL)\n"
        ".TP\n.B STIPPLE_STATION\nthis exam station's name\n"
        ".TP\n.B STIPPLE_USER_DATA\nthe data folder: recordings, keys/ and results.db (default: the settings "
        "file's user\\-data=, else $XDG_DATA_HOME/stipple, else ~/.local/share/stipple)\n"
        ".TP\n.B XDG_DATA_HOME\nthe data folder is $XDG_DATA_HOME/stipple when neither STIPPLE_USER_DATA nor "
        "user\\-data= names one\n"
        ".TP\n.B STIPPLE_CONFIG\nthe settings file to read instead of the user's\n"
        ".SH FILES\n.TP\n.I /usr/share/stipple\nthe shipped curriculum (levels/) and assets\n"
        ".TP\n.I $XDG_CONFIG_HOME/stipple/stipple.conf\n(else ~/.config/stipple/stipple.conf; system-wide "
        "/etc/xdg/stipple/stipple.conf) the station's settings, INI: \\fBstore\\fR, \\fBstation\\fR, "
        "\\fBtrainee\\fR, \\fBdata\\fR, \\fBuser\\-data\\fR. Options override them; so do the "
        "environment variables above.\n";
    return m;
}

std::string bashCompletion() {
    auto joined = [](const std::vector<std::string>& words) {
        std::string out;
        for (const auto& w : words)
            out += (out.empty() ? "" : " ") + w;
        return out;
    };
    std::string commandNames, commandOptions;
    for (const auto& c : commands()) {
        commandNames += std::string(commandNames.empty() ? "" : " ") + c.name;
        commandOptions +=
            "            " + std::string(c.name) + ") opts=\"" + joined(optionNames(*c.def)) + "\" ;;\n";
    }
    const std::string trainerOptions = trainer().options ? joined(optionNames(trainer().options())) : "";
    // Every word comes from the option definitions the program parses with.
    return "# bash completion for stipple (written by `stipple --bash-completion`)\n"
           "_stipple() {\n"
           "    local cur prev cmd i\n"
           "    cur=${COMP_WORDS[COMP_CWORD]}\n"
           "    prev=${COMP_WORDS[COMP_CWORD-1]}\n"
           "    cmd=\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac\n"
           "    done\n"
           "    local commands=\"" +
           commandNames +
           "\"\n"
           "    if [[ -z $cmd && $cur != -* && $COMP_CWORD -eq 1 ]]; then\n"
           "        COMPREPLY=($(compgen -W \"$commands\" -- \"$cur\"))\n"
           "        return\n"
           "    fi\n"
           "    if [[ $cur == -* ]]; then\n"
           "        local opts\n"
           "        case $cmd in\n" +
           commandOptions + "            *) opts=\"" + trainerOptions +
           "\" ;;\n"
           "        esac\n"
           "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
           "        return\n"
           "    fi\n"
           "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
           "}\n"
           "complete -o filenames -o bashdefault -F _stipple stipple\n";
}

int run(const std::vector<std::string>& args) {
    if (!args.empty() && args[0] == "--man-page") {
        std::fputs(manPage().c_str(), stdout);
        return kExitOk;
    }
    if (!args.empty() && args[0] == "--bash-completion") {
        std::fputs(bashCompletion().c_str(), stdout);
        return kExitOk;
    }
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        printHelp(stdout);
        return kExitOk;
    }
    if (args[0] == "--version") {
        std::printf("stipple %s\n", STIPPLE_VERSION);
        return kExitOk;
    }
    for (const auto& c : commands()) {
        if (args[0] != c.name) continue;
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        // Every command answers -h/--help and --version the same way, anywhere on its command
        // line, from its definition; the command itself parses again and reports usage mistakes.
        const CommandLine line(rest, *c.def);
        if (line.help()) {
            std::fputs(helpText(*c.def).c_str(), stdout);
            return kExitOk;
        }
        if (line.ok() && line.flag("version")) {
            std::printf("stipple %s\n", STIPPLE_VERSION);
            return kExitOk;
        }
        return c.run(rest);
    }
    std::fprintf(stderr, "stipple: unknown command '%s'\n\n", args[0].c_str());
    printHelp(stderr);
    return kExitUsage;
}

} // namespace stipple::cli
