#include "cmdline/command_line.h"

#include "io/utf8.h"

#include <CLI/CLI.hpp>

#include <sstream>

namespace stipple {

namespace {

/// "-o,--output" → "output"; "--json" → "json"; "-o" → "o".
std::string longName(const std::string& names) {
    std::string best;
    std::stringstream in(names);
    for (std::string n; std::getline(in, n, ',');) {
        const size_t start = n.find_first_not_of(" -");
        if (start == std::string::npos) continue;
        const std::string bare = n.substr(start);
        if (n.find("--") != std::string::npos || best.empty()) best = bare;
    }
    return best;
}

std::string withNewline(std::string s) {
    if (!s.empty() && s.back() != '\n') s += '\n';
    return s;
}

/// Where an option's value comes from when it is not given: "\n[environment: X, settings file: k]".
std::string sources(const OptionDef& o) {
    std::string from;
    if (!o.env.empty()) from = "environment: " + o.env;
    if (!o.configKey.empty())
        from += (from.empty() ? "" : ", ") + std::string("settings file: ") + o.configKey;
    return from.empty() ? "" : "\n[" + from + "]";
}

/// True when the option is on the command line itself (before "--").
bool onCommandLine(const std::vector<std::string>& argv, const std::string& names) {
    std::stringstream in(names);
    std::vector<std::string> each;
    for (std::string n; std::getline(in, n, ',');)
        each.push_back(n.substr(n.find_first_not_of(' ')));
    for (const std::string& a : argv) {
        if (a == "--") return false;
        for (const std::string& n : each)
            if (a == n || a.rfind(n + "=", 0) == 0 ||
                (n.size() == 2 && a.size() > 2 && a[1] != '-' && a.rfind(n, 0) == 0))
                return true;
    }
    return false;
}

/// The help layout: our synopsis and prose around CLI11's option list.
class Formatter : public CLI::Formatter {
  public:
    explicit Formatter(const CommandDef& def) : m_def(def) { column_width(24); }
    std::string make_help(const CLI::App* app, std::string, CLI::AppFormatMode) const override {
        std::string out = withNewline(m_def.synopsis);
        if (!m_def.about.empty()) out += "\n" + withNewline(m_def.about);
        out += "\noptions:\n";
        for (const CLI::Option* opt : app->get_options())
            if (!opt->get_group().empty() && opt->nonpositional()) out += make_option(opt, false);
        if (!m_def.footer.empty()) out += "\n" + withNewline(m_def.footer);
        return out;
    }
    std::string make_option_name(const CLI::Option* opt, bool positional) const override {
        std::string names = CLI::Formatter::make_option_name(opt, positional);
        for (size_t at = names.find(','); at != std::string::npos; at = names.find(',', at + 2))
            names.insert(at + 1, " ");
        return names;
    }
    std::string make_option_opts(const CLI::Option* opt) const override {
        return opt->get_type_size() != 0 && !opt->get_type_name().empty() ? " " + opt->get_type_name() : "";
    }
    std::string make_option_desc(const CLI::Option* opt) const override {
        std::string desc = opt->get_description();
        for (const OptionDef& o : m_def.options)
            if ("--" + longName(o.names) == opt->get_name()) desc += sources(o);
        return desc;
    }

  private:
    const CommandDef& m_def;
};

/// The CLI11 application of a definition; every option keeps all its values (the last one wins
/// where one is read), flags may be repeated.
void define(CLI::App& app, const CommandDef& def, std::vector<std::string>* positional) {
    app.formatter(std::make_shared<Formatter>(def));
    app.set_help_flag("-h,--help", "print this help and exit");
    app.add_flag("--version")->description("print the version and exit");
    app.allow_extras(true); // unknown options are reported by CommandLine, in our words
    for (const OptionDef& o : def.options) {
        if (o.value.empty()) {
            app.add_flag(o.names)->description(o.help)->disable_flag_override()->multi_option_policy(
                CLI::MultiOptionPolicy::TakeAll);
        } else {
            CLI::Option* opt = app.add_option(o.names)
                                   ->description(o.help)
                                   ->type_name(o.value)
                                   ->expected(1)
                                   ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
                                   ->allow_extra_args(false);
            if (!o.env.empty()) opt->envname(o.env);
        }
    }
    if (positional) app.add_option("args", *positional)->expected(0, -1)->group("");
}

} // namespace

std::string helpText(const CommandDef& def) {
    CLI::App app(def.about, def.name.empty() ? "stipple" : "stipple " + def.name);
    define(app, def, nullptr);
    return app.help();
}

std::vector<std::string> optionNames(const CommandDef& def) {
    std::vector<std::string> out;
    for (const OptionDef& o : def.options)
        out.push_back("--" + longName(o.names));
    out.insert(out.end(), {"-h", "--help", "--version"});
    return out;
}

std::string roffText(const std::string& text) {
    std::string out;
    bool lineStart = true;
    for (char c : text) {
        if (lineStart && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
        lineStart = c == '\n';
    }
    return out;
}

std::string manSection(const CommandDef& def) {
    std::string m = ".SS " + std::string(def.name.empty() ? "stipple" : "stipple " + def.name) + "\n";
    m += ".nf\n" + roffText(withNewline(def.synopsis)) + ".fi\n";
    if (!def.about.empty()) m += ".PP\n" + roffText(withNewline(def.about));
    for (const OptionDef& o : def.options) {
        std::string names = o.names;
        for (size_t at = names.find(','); at != std::string::npos; at = names.find(',', at + 2))
            names.insert(at + 1, " ");
        m += ".TP\n.B " + roffText(names) + (o.value.empty() ? "" : " \\fI" + roffText(o.value) + "\\fR") +
             "\n";
        m += roffText(withNewline(o.help));
        if (!o.env.empty()) m += "(environment: \\fB" + roffText(o.env) + "\\fR)\n";
        if (!o.configKey.empty()) m += "(settings file: \\fB" + roffText(o.configKey) + "\\fR)\n";
    }
    if (!def.footer.empty()) m += ".PP\n" + roffText(withNewline(def.footer));
    return m;
}

CommandLine::CommandLine(const std::vector<std::string>& argv, const CommandDef& def,
                         const std::map<std::string, std::string>& config) {
    CLI::App app(def.about, def.name.empty() ? "stipple" : "stipple " + def.name);
    define(app, def, &m_positional);
    // CLI11 reads a vector from its end.
    std::vector<std::string> reversed(argv.rbegin(), argv.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        m_help = true;
        return;
    } catch (const CLI::ParseError& e) {
        const std::string what = e.what();
        const size_t colon = what.find(':');
        if (what.find("disallowed flag override") != std::string::npos)
            m_error = "option '--" + what.substr(0, what.find(' ')) + "' takes no value";
        else if (what.rfind("--", 0) == 0 && colon != std::string::npos &&
                 what.find("missing") != std::string::npos)
            m_error = "option '" + what.substr(0, colon) + "' needs a value";
        else
            m_error = what;
        return;
    }
    for (const std::string& extra : app.remaining()) {
        if (extra.size() > 1 && extra[0] == '-' && extra != "--") {
            m_error = "unknown option '" + extra + "'";
            return;
        }
    }
    for (const OptionDef& o : def.options) {
        const std::string name = longName(o.names);
        m_order.push_back(name);
        const CLI::Option* opt = app.get_option(o.names.substr(0, o.names.find(',')));
        if (o.value.empty()) {
            if (opt->count() > 0) m_flags[name] = static_cast<int>(opt->count());
            continue;
        }
        for (const std::string& v : opt->results()) {
            // Names, ids and stations end up in signed results and JSON: only UTF-8 text enters.
            if (const std::string problem = utf8Problem(v); !problem.empty()) {
                m_error = "--" + name + " " + problem;
                return;
            }
            m_values.emplace(name, v);
            m_sources[name] = onCommandLine(argv, o.names) ? "command line" : "environment";
        }
        if (opt->count() == 0 && !o.configKey.empty()) {
            if (const auto c = config.find(o.configKey); c != config.end() && !c->second.empty()) {
                m_values.emplace(name, c->second);
                m_sources[name] = "settings file";
            }
        }
    }
    if (app.get_option("--version")->count() > 0) m_flags["version"] = 1;
}

bool CommandLine::flag(const std::string& name) const {
    return m_flags.count(name) > 0;
}

std::optional<std::string> CommandLine::value(const std::string& name) const {
    auto range = m_values.equal_range(name);
    if (range.first == range.second) return std::nullopt;
    return std::prev(range.second)->second;
}

std::vector<std::string> CommandLine::values(const std::string& name) const {
    std::vector<std::string> out;
    for (auto [it, end] = m_values.equal_range(name); it != end; ++it)
        out.push_back(it->second);
    return out;
}

std::string CommandLine::source(const std::string& name) const {
    const auto it = m_sources.find(name);
    return it == m_sources.end() ? "" : it->second;
}

std::vector<std::string> CommandLine::normalised() const {
    std::vector<std::string> out;
    for (const std::string& name : m_order) {
        for (const std::string& v : values(name))
            out.insert(out.end(), {"--" + name, v});
        if (const auto f = m_flags.find(name); f != m_flags.end())
            for (int i = 0; i < f->second; ++i)
                out.push_back("--" + name);
    }
    if (!m_positional.empty()) {
        out.push_back("--");
        out.insert(out.end(), m_positional.begin(), m_positional.end());
    }
    return out;
}

OptionDef levelOption(std::string help) {
    return {"--level", "LEVEL.xml", std::move(help)};
}
OptionDef dotsOption(std::string help) {
    return {"--dots", "FILE.csv", std::move(help)};
}
OptionDef jsonOption(std::string help) {
    return {"--json", "", std::move(help)};
}
OptionDef outputOption(std::string value, std::string help) {
    return {"-o,--output", std::move(value), std::move(help)};
}

} // namespace stipple
