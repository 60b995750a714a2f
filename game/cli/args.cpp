#include "cli/args.h"

#include "io/utf8.h"

namespace stipple::cli {

Args::Args(std::vector<std::string> argv, std::set<std::string> valued, std::set<std::string> flags) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--") {
            m_positional.insert(m_positional.end(), argv.begin() + static_cast<long>(i) + 1, argv.end());
            break;
        }
        if (a.rfind("--", 0) != 0 || a.size() == 2) {
            if (a.size() > 1 && a[0] == '-' && a != "-") {
                m_error = "unknown option '" + a + "'";
                return;
            }
            m_positional.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (valued.count(name)) {
            if (!inlineValue && i + 1 >= argv.size()) {
                m_error = "option '--" + name + "' needs a value";
                return;
            }
            const std::string value = inlineValue ? *inlineValue : argv[++i];
            // Names, ids and stations end up in signed results and JSON: only UTF-8 text enters.
            if (const std::string problem = utf8Problem(value); !problem.empty()) {
                m_error = "--" + name + " " + problem;
                return;
            }
            m_values.emplace(name, value);
        } else if (flags.count(name) && !inlineValue) {
            m_flags.insert(name);
        } else {
            m_error = "unknown option '--" + name + "'";
            return;
        }
    }
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto range = m_values.equal_range(name);
    if (range.first == range.second) return std::nullopt;
    return std::prev(range.second)->second;
}

std::vector<std::string> Args::values(const std::string& name) const {
    std::vector<std::string> out;
    for (auto [it, end] = m_values.equal_range(name); it != end; ++it) out.push_back(it->second);
    return out;
}

} // namespace stipple::cli
