#include "io/diagnostics.h"

#include <algorithm>

namespace stipple {

std::string Diagnostic::format() const {
    return file + ":" + std::to_string(line < 1 ? 1 : line) + ":" + std::to_string(column < 1 ? 1 : column) +
           (severity == Severity::Error ? ": error: " : ": warning: ") + message;
}

std::string shortenedMessage(std::string message) {
    if (message.size() <= kMaxDiagnosticMessage) return message;
    // Keep both ends (what is wrong, and what was expected), cut on UTF-8 character boundaries.
    const auto boundary = [&](std::size_t i) {
        while (i > 0 && i < message.size() && (static_cast<unsigned char>(message[i]) & 0xC0) == 0x80)
            --i;
        return i;
    };
    const std::size_t head = boundary(kMaxDiagnosticMessage / 2);
    const std::size_t tail = boundary(message.size() - kMaxDiagnosticMessage / 3);
    return message.substr(0, head) + " [... " + std::to_string(tail - head) + " bytes cut ...] " +
           message.substr(tail);
}

void Diagnostics::error(const std::string& file, int line, int column, std::string message) {
    m_items.push_back({Severity::Error, file, line, column, shortenedMessage(std::move(message))});
}

void Diagnostics::warning(const std::string& file, int line, int column, std::string message) {
    m_items.push_back({Severity::Warning, file, line, column, shortenedMessage(std::move(message))});
}

void Diagnostics::add(Diagnostic d) {
    d.message = shortenedMessage(std::move(d.message));
    m_items.push_back(std::move(d));
}

void Diagnostics::append(const Diagnostics& other) {
    m_items.insert(m_items.end(), other.m_items.begin(), other.m_items.end());
}

bool Diagnostics::hasErrors() const {
    return errorCount() > 0;
}

int Diagnostics::errorCount() const {
    return static_cast<int>(std::count_if(m_items.begin(), m_items.end(),
                                          [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

int Diagnostics::warningCount() const {
    return static_cast<int>(m_items.size()) - errorCount();
}

std::string Diagnostics::formatAll() const {
    std::string out;
    for (const auto& d : m_items)
        out += d.format() + "\n";
    return out;
}

} // namespace stipple
