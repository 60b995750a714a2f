// POSIX file IO: open/write/fsync/rename for crash safety; libsodium for SHA-256.
#include "io/files.h"

#include <cerrno>
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
    return std::string("is ") + what + ", not a regular file: only regular files are read (copy its contents into a "
                                       "file and give that)";
}

bool checkRegularFile(const std::string& path, std::string& error) {
    struct stat st{};
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
    struct stat st{};
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

bool writeFileAtomic(const std::string& path, const std::string& contents, std::string& error) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        error = "cannot write " + tmp + ": " + std::strerror(errno);
        return false;
    }
    size_t done = 0;
    while (done < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            error = "cannot write " + tmp + ": " + std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            return false;
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        error = "cannot flush " + tmp + ": " + std::strerror(errno);
        ::unlink(tmp.c_str());
        return false;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        error = "cannot replace " + path + ": " + std::strerror(errno);
        ::unlink(tmp.c_str());
        return false;
    }
    // Make the rename itself durable.
    const auto slash = path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
