// A small, strict command-line option parser for the subcommands: `--name value`,
// `--name=value`, boolean `--flag`, and positional arguments. Unknown options and option values
// that are not UTF-8 are usage errors (exit code 2), never ignored.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stipple::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;
inline constexpr int kExitUsage = 2;

class Args {
public:
    /// `valued`: options that take a value; `flags`: options that do not.
    Args(std::vector<std::string> argv, std::set<std::string> valued, std::set<std::string> flags);

    /// False (with `error()` set) when an option is unknown or lacks its value.
    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    /// Every value given for a repeatable option, in order.
    std::vector<std::string> values(const std::string& name) const;
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    std::multimap<std::string, std::string> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positional;
    std::string m_error;
};

} // namespace stipple::cli
