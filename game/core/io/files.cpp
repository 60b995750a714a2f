// POSIX file IO: open/write/fsync/rename for crash safety; libsodium for SHA-256.
#include "io/files.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stipple {

bool readFile(const std::string& path, std::string& contents, std::string& error, int64_t maxBytes) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) {
        error = std::string("cannot open file: ") + std::strerror(errno);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        error = "is a directory, not a file";
        return false;
    }
    const auto tooLarge = [&](int64_t bytes, bool atLeast) {
        error = "file too large: " + std::string(atLeast ? "more than " : "") + std::to_string(bytes) +
                " bytes (the limit is " + std::to_string(maxBytes >> 20) + " MiB)";
        return false;
    };
    if (S_ISREG(st.st_mode) && st.st_size > maxBytes) return tooLarge(st.st_size, false);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::string("cannot open file: ") + std::strerror(errno);
        return false;
    }
    // Read in blocks up to the limit: a pipe or device has no size to check beforehand, and a
    // file may grow while it is read.
    std::string data;
    if (S_ISREG(st.st_mode)) data.reserve(static_cast<size_t>(st.st_size));
    char block[65536];
    while (in.read(block, sizeof block) || in.gcount() > 0) {
        if (static_cast<int64_t>(data.size()) + in.gcount() > maxBytes) return tooLarge(maxBytes, true);
        data.append(block, static_cast<size_t>(in.gcount()));
    }
    if (in.bad()) {
        error = "read error";
        return false;
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
