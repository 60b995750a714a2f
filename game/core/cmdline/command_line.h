// One definition of a command's options, used for everything the user sees of them: the parser
// (CLI11), `--help`, the man page and the bash completion are all made from a CommandDef, so they
// cannot drift apart. `--name value`, `--name=value`, `-o value`/`-oVALUE`, `--` and `-` (standard
// input or output, where the command reads or writes a file) are read the same by every command.
// Unknown options, options without their value and option values that are not UTF-8 are usage
// errors (exit code 2), never ignored.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stipple {

/// One option: its names ("--exam", "-o,--output"), the name of its value ("FILE"; empty for a
/// flag), and its help text (lines after the first are indented under it).
struct OptionDef {
    std::string names;
    std::string value;
    std::string help;
    /// The settings-file key (config/station_config.h) that gives this option's value when it is
    /// not on the command line; "" = none. The command line overrides it.
    std::string configKey = {};
    /// The environment variable that gives its value when it is not on the command line; it comes
    /// before the settings file ("" = none).
    std::string env = {};
};

/// A command: `stipple NAME` (NAME "" for the trainer itself).
struct CommandDef {
    std::string name;
    std::string summary;  ///< one line: `stipple --help` and the man page's command list
    std::string synopsis; ///< "usage: stipple NAME ..." lines (the forms it takes)
    std::string about;    ///< what it does (before the options)
    std::vector<OptionDef> options;
    std::string footer; ///< after the options: exit status, notes
};

/// The options many commands share, defined here once so that they are spelt, take their value
/// and read alike everywhere; `help` says what this command does with it.
/// --level LEVEL.xml
OptionDef levelOption(std::string help = "the level");
/// --dots FILE.csv ('-' reads standard input)
OptionDef dotsOption(std::string help = "the attempt's dots ('-': standard input)");
/// --json (a flag)
OptionDef jsonOption(std::string help);
/// -o,--output VALUE: `value` names what is written ("FILE.csv", "OUT.png").
OptionDef outputOption(std::string value, std::string help);

/// The command's help: synopsis, about, every option (CLI11's formatter) and the footer.
std::string helpText(const CommandDef& def);
/// The long option names ("--exam"), and "-h"/"--help"/"--version", for completion.
std::vector<std::string> optionNames(const CommandDef& def);
/// The command's part of the man page (troff): synopsis, about, each option as a tagged paragraph.
std::string manSection(const CommandDef& def);
/// troff escapes for text: backslashes, hyphens and a leading '.' or '\''.
std::string roffText(const std::string& text);

/// The command line of one command, parsed with CLI11 against its definition.
class CommandLine {
  public:
    /// `config`: settings-file values by key (OptionDef::configKey), used for options not given.
    CommandLine(const std::vector<std::string>& argv, const CommandDef& def,
                const std::map<std::string, std::string>& config = {});

    /// False (with `error()` set) when an option is unknown, lacks its value or is not UTF-8.
    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    /// True when --help or -h was given.
    bool help() const { return m_help; }
    /// A flag by its long name without dashes ("json").
    bool flag(const std::string& name) const;
    /// The last value given for an option (long name without dashes), or nullopt.
    std::optional<std::string> value(const std::string& name) const;
    /// Every value given for a repeatable option, in order.
    std::vector<std::string> values(const std::string& name) const;
    /// Where a value came from: "command line", "environment", "settings file" or "" when absent.
    std::string source(const std::string& name) const;
    const std::vector<std::string>& positional() const { return m_positional; }
    /// The options and values in a normal form: "--name", "value" for each value given (in the
    /// definition's order), "--flag" for each flag; then the positional arguments after "--".
    std::vector<std::string> normalised() const;

  private:
    std::multimap<std::string, std::string> m_values;
    std::map<std::string, std::string> m_sources;
    std::map<std::string, int> m_flags;
    std::vector<std::string> m_order; ///< long names in definition order
    std::vector<std::string> m_positional;
    std::string m_error;
    bool m_help = false;
};

} // namespace stipple
