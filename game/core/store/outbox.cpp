#include "store/outbox.h"

#include "io/files.h"

#include <algorithm>
#include <filesystem>
#include <sys/stat.h>

namespace stipple {

bool keepInOutbox(const std::string& dir, const std::string& signedText, std::string& path,
                  std::string& error) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        fs::create_directories(dir, ec);
        if (ec) {
            error = "cannot create the outbox " + dir + ": " + ec.message();
            return false;
        }
        ::chmod(dir.c_str(), 0700); // candidates' results: private to the station's user
    }
    path = (fs::path(dir) / (sha256Hex(signedText) + ".result")).string();
    std::string existing, why;
    if (readFile(path, existing, why) && existing == signedText) return true; // kept already
    if (!writeFileAtomic(path, signedText, why)) {
        error = "cannot keep the result in the outbox: " + why;
        return false;
    }
    return true;
}

OutboxReport sendOutbox(const std::string& dir, ResultsStore& store, const PublicKey& key) {
    namespace fs = std::filesystem;
    OutboxReport report;
    std::vector<std::pair<fs::file_time_type, fs::path>> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".result" && it->is_regular_file(ec))
            files.emplace_back(it->last_write_time(ec), it->path());
    std::sort(files.begin(), files.end());
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string path = files[i].second.string();
        std::string text, why;
        if (!readFile(path, text, why)) {
            report.problems.push_back(path + ": " + why);
            ++report.waiting;
            continue;
        }
        const Verification v = verifySignedResult(text, key);
        if (!v.valid) {
            report.problems.push_back(path + ": not sent: " + v.reason);
            ++report.waiting;
            continue;
        }
        StoreError error;
        if (!store.saveResult(resultRecordOf(v, text), error)) {
            report.problems.push_back(path + ": not sent: " + error.message);
            if (error.kind == StoreError::Kind::Conflict) {
                ++report.waiting;
                continue;
            }
            report.waiting += static_cast<int>(files.size() - i); // the store is down: the rest wait
            break;
        }
        fs::remove(path, ec);
        ++report.sent;
    }
    return report;
}

} // namespace stipple
