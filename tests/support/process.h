// Test support: run the real `stipple` binary as a process and capture its exit code, standard
// output and standard error; scratch directories that clean up after themselves. For CLI tests.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace stipple::test {

struct Run {
    int exitCode = -1;
    std::string out;
    std::string err;
};

/// Makes a new, empty folder `<temp>/<prefix>-XXXXXX` that no other process has (mkdtemp).
std::filesystem::path makeFreshDirectory(const std::string& prefix);

/// A fresh directory under the system temp folder, removed with everything in it at scope end.
class Scratch {
  public:
    Scratch();
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    const std::filesystem::path& dir() const { return m_dir; }
    /// Writes `bytes` to dir()/name (creating folders) and returns the full path.
    std::filesystem::path write(const std::string& name, const std::string& bytes) const;
    std::filesystem::path path(const std::string& name) const { return m_dir / name; }

  private:
    std::filesystem::path m_dir;
};

/// Runs `stipple <args>` (args is shell text: quote paths) from the repository root.
Run runStipple(const std::string& args);
/// The same with `input` on standard input (interactive commands fed through a pipe).
Run runStippleWithInput(const std::string& args, const std::string& input);
/// Runs shell text from the repository root in which `stipple` names the binary (for a command
/// run under a limit: "ulimit -f 1 && stipple ..."). A process killed by signal S exits 128+S.
Run runShell(const std::string& script);
/// Runs `body` in a forked child whose files may grow to at most `limitBytes` (RLIMIT_FSIZE, with
/// SIGXFSZ ignored: a write past it fails with EFBIG, as on a full disk) and returns the text it
/// returned; `exitedNormally` says whether the child ended by itself (no crash, no signal).
std::string inChildWithFileLimit(unsigned long limitBytes, const std::function<std::string()>& body,
                                 bool* exitedNormally = nullptr);
/// The whole contents of a file ("" when missing).
std::string readText(const std::filesystem::path& path);
/// Writes `bytes` to `path` as they are (binary), replacing the file.
void writeText(const std::filesystem::path& path, const std::string& bytes);
/// Single-quotes a path for the shell.
std::string quote(const std::filesystem::path& path);

} // namespace stipple::test
