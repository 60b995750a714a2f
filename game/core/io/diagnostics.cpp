#include "io/diagnostics.h"

#include <algorithm>

namespace stipple {

std::string Diagnostic::format() const {
    return file + ":" + std::to_string(line < 1 ? 1 : line) + ":" + std::to_string(column < 1 ? 1 : column) +
           (severity == Severity::Error ? ": error: " : ": warning: ") + message;
}

void Diagnostics::error(const std::string& file, int line, int column, std::string message) {
    m_items.push_back({Severity::Error, file, line, column, std::move(message)});
}

void Diagnostics::warning(const std::string& file, int line, int column, std::string message) {
    m_items.push_back({Severity::Warning, file, line, column, std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
    m_items.insert(m_items.end(), other.m_items.begin(), other.m_items.end());
}

bool Diagnostics::hasErrors() const { return errorCount() > 0; }

int Diagnostics::errorCount() const {
    return static_cast<int>(std::count_if(m_items.begin(), m_items.end(),
                                          [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

int Diagnostics::warningCount() const { return static_cast<int>(m_items.size()) - errorCount(); }

std::string Diagnostics::formatAll() const {
    std::string out;
    for (const auto& d : m_items) out += d.format() + "\n";
    return out;
}

} // namespace stipple
