// Dispatch of `stipple <subcommand>`; the table lists every subcommand once.
#include "cli/cli.h"

#include "cli/args.h"

#include <algorithm>
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
    if (name == "help" || name == "--help" || name == "-h" || name == "--version") return true;
    for (const auto& c : commands())
        if (name == c.name) return true;
    return false;
}

namespace {
void printHelp(std::FILE* out) {
    std::fprintf(out, "usage: stipple [trainer options]    open the trainer\n"
                      "       stipple <command> [options]  run a command (no display needed)\n\n"
                      "trainer options:\n"
                      "  --level FILE          open with this level selected\n"
                      "  --levels DIR          the curriculum folder (default: the shipped levels/)\n"
                      "  --screen NAME         select | practice | results: the screen to start on\n"
                      "  --dots FILE.csv       an attempt to show on the practice or results screen\n"
                      "  --size WxH            window or screenshot size (default 1280x960)\n"
                      "  --screenshot OUT.png  render the screen to a PNG and exit (no window)\n\ncommands:\n");
    for (const auto& c : commands()) std::fprintf(out, "  %-12s %s\n", c.name, c.summary);
    std::fprintf(out, "\n`stipple <command> --help` describes a command's options.\n");
}
} // namespace

int run(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        printHelp(stdout);
        return kExitOk;
    }
    if (args[0] == "--version") {
        std::printf("stipple %s\n", STIPPLE_VERSION);
        return kExitOk;
    }
    for (const auto& c : commands())
        if (args[0] == c.name) return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
    std::fprintf(stderr, "stipple: unknown command '%s'\n\n", args[0].c_str());
    printHelp(stderr);
    return kExitUsage;
}

} // namespace stipple::cli
