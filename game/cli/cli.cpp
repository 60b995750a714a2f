// Dispatch of `stipple <subcommand>`; the table lists every subcommand once.
#include "cli/cli.h"

#include "app/app.h"
#include "cli/args.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace stipple::cli {

namespace {
std::vector<Command>& registry() {
    static std::vector<Command> kCommands;
    return kCommands;
}
} // namespace

Registration::Registration(Command command) { registry().push_back(command); }

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
    std::fprintf(out, "usage: stipple [trainer options]    open the trainer\n"
                      "       stipple <command> [options]  run a command (no display needed)\n\n"
                      "trainer options (stipple [options]):\n%s\ncommands:\n",
                 app::usage().substr(app::usage().find('\n') + 1).c_str());
    for (const auto& c : commands()) std::fprintf(out, "  %-12s %s\n", c.name, c.summary);
    std::fprintf(out, "\n`stipple <command> --help` describes a command's options.\n");
}
} // namespace

/// Every long option named in a usage text (the words that start with "--"), once each, in order.
std::vector<std::string> optionsIn(const std::string& text) {
    std::vector<std::string> out;
    for (size_t i = text.find("--"); i != std::string::npos; i = text.find("--", i + 2)) {
        if (i > 0 && !std::isspace(static_cast<unsigned char>(text[i - 1])) && text[i - 1] != '[') continue;
        size_t end = i + 2;
        while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '-')) ++end;
        if (end == i + 2) continue;
        const std::string name = text.substr(i, end - i);
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
    return out;
}

namespace {

/// troff escapes: a backslash, and a leading '.' or '\'' that would read as a request.
std::string roff(const std::string& text) {
    std::string out;
    bool lineStart = true;
    for (char c : text) {
        if (lineStart && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
        lineStart = c == '\n';
    }
    return out;
}

} // namespace

std::string manPage() {
    std::string m = ".TH STIPPLE 1 \"\" \"stipple " STIPPLE_VERSION "\" \"User Commands\"\n"
                    ".SH NAME\nstipple \\- trainer and certification simulator for scalp micropigmentation\n"
                    ".SH SYNOPSIS\n.B stipple\n[\\fItrainer options\\fR]\n.br\n.B stipple\n\\fIcommand\\fR [\\fIoptions\\fR]\n"
                    ".SH DESCRIPTION\nWithout a command, \\fBstipple\\fR opens the trainer window: the level select, "
                    "practice on a simulated scalp, the results, the quiz, the exam flow and the progress views. "
                    "The commands run headless (no display needed, except those that render pictures).\n"
                    ".SH TRAINER OPTIONS\n.nf\n";
    m += roff(app::usage());
    m += ".fi\n.SH COMMANDS\n";
    for (const auto& c : commands()) m += ".TP\n.B " + std::string(c.name) + "\n" + roff(c.summary) + "\n";
    m += ".PP\n\\fBstipple\\fR \\fIcommand\\fR \\fB\\-\\-help\\fR describes each command's options.\n"
         ".SH EXIT STATUS\n0 done, 1 bad input (a file that cannot be read or is invalid), 2 usage error.\n"
         ".SH ENVIRONMENT\n.TP\n.B STIPPLE_DATA\nthe folder holding levels/ and assets/ "
         "(default: ../share/stipple beside the program, else $XDG_DATA_DIRS/stipple)\n"
         ".TP\n.B STIPPLE_STORE\nthe results store (a SQLite file or a postgresql:// URL)\n"
         ".TP\n.B STIPPLE_STATION\nthis exam station's name\n"
         ".TP\n.B XDG_DATA_HOME\nthe user's results database and keys live in $XDG_DATA_HOME/stipple\n"
         ".TP\n.B STIPPLE_USER_DATA\nexam recordings, keys/ and results.db\n"
         ".TP\n.B STIPPLE_CONFIG\nthe settings file to read instead of the user's\n"
         ".SH FILES\n.TP\n.I /usr/share/stipple\nthe shipped curriculum (levels/) and assets\n"
         ".TP\n.I $XDG_CONFIG_HOME/stipple/stipple.conf\n(else ~/.config/stipple/stipple.conf; system-wide "
         "/etc/xdg/stipple/stipple.conf) the station's settings, INI: \\fBstore\\fR, \\fBstation\\fR, "
         "\\fBtrainee\\fR, \\fBdata\\fR, \\fBuser\\-data\\fR. Options override them; so do the "
         "environment variables above.\n";
    return m;
}

std::string bashCompletion() {
    std::string commandNames, trainerOptions;
    for (const auto& c : commands()) commandNames += std::string(commandNames.empty() ? "" : " ") + c.name;
    for (const auto& o : optionsIn(app::usage())) trainerOptions += o + " ";
    trainerOptions += "--help --version";
    // Options of a command come from its own --help at completion time, so they are always the
    // installed program's.
    return "# bash completion for stipple (written by `stipple --bash-completion`)\n"
           "_stipple() {\n"
           "    local cur prev cmd i\n"
           "    cur=${COMP_WORDS[COMP_CWORD]}\n"
           "    prev=${COMP_WORDS[COMP_CWORD-1]}\n"
           "    cmd=\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac\n"
           "    done\n"
           "    local commands=\"" + commandNames + "\"\n"
           "    if [[ -z $cmd && $cur != -* && $COMP_CWORD -eq 1 ]]; then\n"
           "        COMPREPLY=($(compgen -W \"$commands\" -- \"$cur\"))\n"
           "        return\n"
           "    fi\n"
           "    if [[ $cur == -* ]]; then\n"
           "        local opts\n"
           "        if [[ -n $cmd && \" $commands \" == *\" $cmd \"* ]]; then\n"
           "            opts=$(\"${COMP_WORDS[0]}\" \"$cmd\" --help 2>&1 | grep -o -- '--[A-Za-z0-9][A-Za-z0-9-]*' | sort -u)\n"
           "        else\n"
           "            opts=\"" + trainerOptions + "\"\n"
           "        fi\n"
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
        std::vector<std::string> rest(args.begin() + 1, args.end());
        // Every command answers `stipple CMD -h` as --help and `stipple CMD --version`, the same
        // way, whatever its own parser knows (given as the command's first argument).
        if (!rest.empty() && rest[0] == "--version") {
            std::printf("stipple %s\n", STIPPLE_VERSION);
            return kExitOk;
        }
        if (!rest.empty() && rest[0] == "-h") rest[0] = "--help";
        return c.run(rest);
    }
    std::fprintf(stderr, "stipple: unknown command '%s'\n\n", args[0].c_str());
    printHelp(stderr);
    return kExitUsage;
}

} // namespace stipple::cli
