#include "support/process.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace stipple::test {

std::filesystem::path makeFreshDirectory(const std::string& prefix) {
    // mkdtemp makes a folder no one else has: a name built from the process id alone is reused
    // once process ids wrap (every 32,768 processes, which a full test run passes), and a folder
    // left behind by a killed test would hand its stale files to the next process of that id.
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("cannot make a scratch folder " + pattern + ": " + std::strerror(errno));
    return pattern;
}

Scratch::Scratch() : m_dir(makeFreshDirectory("stipple-test")) {}

Scratch::~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
}

std::filesystem::path Scratch::write(const std::string& name, const std::string& bytes) const {
    const auto p = m_dir / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
}

std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string quote(const std::filesystem::path& path) {
    std::string out = "'";
    for (char c : path.string())
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

namespace {

/// Runs shell text `script` from the source folder with standard input from `inputPath`.
Run runScript(const std::string& script, const std::string& inputPath) {
    Scratch s;
    const auto err = s.path("stderr.txt");
    const std::string cmd =
        "cd " + quote(STIPPLE_SOURCE_DIR) + " && " + script + " 2>" + quote(err) + " <" + inputPath;
    Run r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) return r;
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        r.out.append(buffer, n);
    const int status = ::pclose(pipe);
    r.exitCode =
        WIFEXITED(status) ? WEXITSTATUS(status) : (WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1);
    r.err = readText(err);
    return r;
}

/// Runs `stipple <args>` with standard input from `inputPath`.
Run runFrom(const std::string& args, const std::string& inputPath) {
    return runScript(quote(STIPPLE_BINARY) + " " + args, inputPath);
}

} // namespace

void writeText(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

Run runStipple(const std::string& args) {
    return runFrom(args, "/dev/null");
}

Run runShell(const std::string& script) {
    return runScript("stipple() { " + quote(STIPPLE_BINARY) + " \"$@\"; } && " + script, "/dev/null");
}

std::string inChildWithFileLimit(unsigned long limitBytes, const std::function<std::string()>& body,
                                 bool* exitedNormally) {
    int fds[2];
    if (::pipe(fds) != 0) return "pipe failed";
    const pid_t child = ::fork();
    if (child < 0) return "fork failed";
    if (child == 0) {
        ::close(fds[0]);
        ::signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim {
            limitBytes, limitBytes
        };
        ::setrlimit(RLIMIT_FSIZE, &lim);
        std::string out;
        try {
            out = body();
        } catch (...) {
            out = "exception";
        }
        const bool sent = ::write(fds[1], out.data(), out.size()) == static_cast<ssize_t>(out.size());
        ::_exit(sent ? 0 : 1);
    }
    ::close(fds[1]);
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
        out.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    if (exitedNormally) *exitedNormally = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return out;
}

Run runStippleWithInput(const std::string& args, const std::string& input) {
    Scratch s;
    return runFrom(args, quote(s.write("stdin.txt", input)));
}

} // namespace stipple::test
