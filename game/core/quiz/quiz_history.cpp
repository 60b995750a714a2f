// Quiz history file: read leniently (a missing file is an empty history), written atomically.
#include "quiz/quiz_history.h"

#include "io/files.h"
#include "io/numbers.h"

#include <algorithm>
#include <string_view>

namespace stipple {

std::vector<std::string> readQuizHistory(const std::string& path) {
    std::string text, error;
    std::vector<std::string> ids;
    if (!readFile(path, text, error)) return ids; // no history yet
    size_t start = 0;
    while (start < text.size()) {
        const size_t nl = text.find('\n', start);
        const std::string line(trim(
            std::string_view(text).substr(start, nl == std::string::npos ? std::string::npos : nl - start)));
        if (!line.empty() && line[0] != '#') ids.push_back(line);
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    return ids;
}

bool writeQuizHistory(const std::string& path, std::vector<std::string> ids,
                      const std::vector<std::string>& seen, std::string& error) {
    for (const auto& id : seen) {
        ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
        ids.push_back(id); // most recent last
    }
    if (ids.size() > kQuizHistoryLength)
        ids.erase(ids.begin(), ids.end() - static_cast<long>(kQuizHistoryLength));
    std::string text = "# stipple quiz: question ids seen recently, oldest first\n";
    for (const auto& id : ids)
        text += id + "\n";
    return writeFileAtomic(path, text, error);
}

} // namespace stipple
