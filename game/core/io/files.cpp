// POSIX file IO: open(O_EXCL)/write/fsync/rename for crash safety; libsodium for SHA-256.
#include "io/files.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stipple {

std::string notRegularFileReason(unsigned mode) {
    const mode_t m = static_cast<mode_t>(mode);
    const char* what = S_ISDIR(m)    ? "a directory"
                       : S_ISFIFO(m) ? "a FIFO (named pipe)"
                       : S_ISCHR(m)  ? "a character device"
                       : S_ISBLK(m)  ? "a block device"
                       : S_ISSOCK(m) ? "a socket"
                                     : "not a file";
    if (S_ISDIR(m)) return "is a directory, not a file";
    return std::string("is ") + what +
           ", not a regular file: only regular files are read (copy its contents into a "
           "file and give that)";
}

bool checkRegularFile(const std::string& path, std::string& error) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        error = std::string("cannot open file: ") + std::strerror(errno);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        error = notRegularFileReason(st.st_mode);
        return false;
    }
    return true;
}

bool readFile(const std::string& path, std::string& contents, std::string& error, int64_t maxBytes) {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever. What was
    // opened is checked with fstat before a byte is read: only regular files are read.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        error = std::string("cannot open file: ") + std::strerror(errno);
        return false;
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = std::string("cannot open file: ") + std::strerror(errno);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        error = notRegularFileReason(st.st_mode);
        return false;
    }
    const auto tooLarge = [&](int64_t bytes, bool atLeast) {
        error = "file too large: " + std::string(atLeast ? "more than " : "") + std::to_string(bytes) +
                " bytes (the limit is " + std::to_string(maxBytes >> 20) + " MiB)";
        return false;
    };
    if (st.st_size > maxBytes) return tooLarge(st.st_size, false);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    // Read in blocks up to the limit: a file may grow while it is read.
    std::string data;
    data.reserve(static_cast<size_t>(st.st_size));
    char block[65536];
    for (;;) {
        const ssize_t n = ::read(fd, block, sizeof block);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            error = std::string("read error: ") + std::strerror(errno);
            return false;
        }
        if (static_cast<int64_t>(data.size()) + n > maxBytes) return tooLarge(maxBytes, true);
        data.append(block, static_cast<size_t>(n));
    }
    contents = std::move(data);
    return true;
}

namespace {

/// The folder part of a path ("." for a bare name, "/" for a name in the root).
std::string folderOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

/// The standard stream a path names, or -1: "-", /dev/stdout, /dev/fd/1, /proc/self/fd/1 (and 2).
int standardStream(const std::string& path) {
    if (path == "-" || path == "/dev/stdout" || path == "/dev/fd/1" || path == "/proc/self/fd/1") return 1;
    if (path == "/dev/stderr" || path == "/dev/fd/2" || path == "/proc/self/fd/2") return 2;
    return -1;
}

/// Writes all of `contents` to `fd`; false with errno set (a write of 0 bytes counts as a full disk).
bool writeAll(int fd, const std::string& contents) {
    size_t done = 0;
    while (done < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) {
            errno = ENOSPC;
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

/// Follows the symlinks at `path` (relative ones from the link's folder) to what is finally
/// written, which need not exist yet. False with errno set on a loop or an unreadable link.
bool followLinks(std::string& path) {
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0) return errno == ENOENT;
        if (!S_ISLNK(st.st_mode)) return true;
        std::string target(4096, '\0');
        const ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
        if (n < 0) return false;
        if (static_cast<size_t>(n) == target.size()) {
            errno = ENAMETOOLONG;
            return false;
        }
        target.resize(static_cast<size_t>(n));
        path = target.front() == '/' ? target : folderOf(path) + "/" + target;
    }
    errno = ELOOP;
    return false;
}

/// A temporary's name beside `target` no other writer uses: hidden, the target's name (shortened
/// to stay under the file-name limit), the process id, a counter and the clock.
std::string temporaryName(const std::string& target) {
    static std::atomic<unsigned> counter{0};
    const auto slash = target.find_last_of('/');
    std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
    if (base.size() > 180) base.resize(180);
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    return (slash == std::string::npos ? std::string() : target.substr(0, slash + 1)) + "." + base + "." +
           std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
           std::to_string(now % 1000000007) + ".tmp";
}

} // namespace

bool isStandardOutput(const std::string& path) {
    return standardStream(path) == 1;
}

void ignoreFileSizeSignal() {
    ::signal(SIGXFSZ, SIG_IGN);
}

bool writeFileAtomic(const std::string& path, const std::string& contents, std::string& error,
                     const WriteOptions& options) {
    const auto fail = [&](int code) {
        error = "cannot write " + path + ": " + std::strerror(code);
        return false;
    };
    const auto refuse = [&](const std::string& why) {
        error = "cannot write " + path + ": " + why;
        return false;
    };
    if (path.empty()) return refuse("no file name given");
    if (const int stream = standardStream(path); stream >= 0 && !options.privateFile && !options.exclusive) {
        std::fflush(stream == 1 ? stdout : stderr); // what the command printed before comes first
        return writeAll(stream, contents) ? true : fail(errno);
    }
    std::string target = path;
    if (!options.privateFile && !followLinks(target)) return fail(errno);
    struct stat st {};
    const bool exists = ::lstat(target.c_str(), &st) == 0;
    if (!exists && errno != ENOENT) return fail(errno);
    if (exists && options.exclusive) return refuse("it already exists");
    if (exists && S_ISDIR(st.st_mode)) return refuse("it is a folder");
    if (exists && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
        // A FIFO, a device, a socket: written to as it is, never replaced by a regular file.
        if (options.privateFile) return refuse("it is not a regular file");
        const int fd = ::open(target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) return fail(errno);
        const bool wrote = writeAll(fd, contents);
        const int code = errno;
        if (::close(fd) != 0 && wrote) return fail(errno);
        return wrote ? true : fail(code);
    }

    // A replaced file keeps its permissions (a private report stays private); a new one gets `mode`.
    const mode_t mode = exists && S_ISREG(st.st_mode) && !options.privateFile
                            ? (st.st_mode & 07777)
                            : static_cast<mode_t>(options.mode);
    std::string tmp;
    int fd = -1;
    for (int tries = 0; fd < 0; ++tries) {
        tmp = temporaryName(target);
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0 && (errno != EEXIST || tries == 100)) return fail(errno);
    }
    const auto discard = [&](int code) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail(code);
    };
    if ((options.privateFile || (exists && S_ISREG(st.st_mode))) && ::fchmod(fd, mode) != 0)
        return discard(errno);
    if (!writeAll(fd, contents) || ::fsync(fd) != 0) return discard(errno);
    if (::close(fd) != 0) {
        const int code = errno;
        ::unlink(tmp.c_str());
        return fail(code);
    }
    if (options.exclusive) {
        // link() refuses an existing name: nothing that appeared meanwhile is replaced.
        const int linked = ::link(tmp.c_str(), target.c_str());
        const int code = errno;
        ::unlink(tmp.c_str());
        if (linked != 0) return code == EEXIST ? refuse("it already exists") : fail(code);
    } else if (::rename(tmp.c_str(), target.c_str()) != 0) {
        const int code = errno;
        ::unlink(tmp.c_str());
        return fail(code);
    }
    // Make the rename itself durable.
    const int dfd = ::open(folderOf(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return true;
}

std::string sha256Hex(const std::string& bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(2 * sizeof digest);
    for (unsigned char b : digest) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

} // namespace stipple
