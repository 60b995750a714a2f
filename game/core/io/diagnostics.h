// Diagnostics for bad content: every reader collects all problems of a file in one pass and
// reports them GCC style, `path:line:col: error: message`, so instructors can jump to them.
#pragma once

#include <string>
#include <vector>

namespace stipple {

enum class Severity { Error, Warning };

/// One located problem in an input file. Lines and columns are 1-based; column 1 where only
/// the line is known.
struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file;
    int line = 1;
    int column = 1;
    std::string message;

    /// `file:line:col: error: message` (or `warning:`), without a newline.
    std::string format() const;
    friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// Longest message kept whole. A longer one (a file's value of megabytes quoted in it) keeps its
/// first half and last third of this, with the number of bytes cut between them.
inline constexpr std::size_t kMaxDiagnosticMessage = 1000;

/// `message` unchanged, or shortened as above. Every message added to Diagnostics goes through it.
std::string shortenedMessage(std::string message);

/// An ordered collection of diagnostics, usually for one file.
class Diagnostics {
  public:
    void error(const std::string& file, int line, int column, std::string message);
    void warning(const std::string& file, int line, int column, std::string message);
    void add(Diagnostic d);
    void append(const Diagnostics& other);

    bool hasErrors() const;
    int errorCount() const;
    int warningCount() const;
    bool empty() const { return m_items.empty(); }
    const std::vector<Diagnostic>& items() const { return m_items; }
    /// Every diagnostic formatted, one per line, each ending in '\n'.
    std::string formatAll() const;

  private:
    std::vector<Diagnostic> m_items;
};

} // namespace stipple
