// Building banks from Moodle imports; see moodle_common.h and moodle.h.
#include "quiz/moodle_common.h"

#include "io/numbers.h"
#include "quiz/moodle.h"
#include "quiz/question_bank_reader.h"

#include <algorithm>
#include <filesystem>

namespace stipple {

std::string slugify(std::string_view text) {
    std::string out;
    bool dash = false;
    for (char c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && !out.empty()) out += '-';
            dash = false;
            out += c;
        } else {
            dash = true;
        }
        if (out.size() >= 60) break;
    }
    return out;
}

namespace moodle {

bool isStippleId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '-' && c != '_'))) return false;
    }
    return true;
}

BankBuilder::BankBuilder(std::string path, Diagnostics& diags) : m_path(std::move(path)), m_diags(diags) {
    const std::string stem = std::filesystem::path(m_path).stem().string();
    m_bank.id = slugify(stem).empty() ? "imported" : slugify(stem);
    m_bank.title = stem.empty() ? "Imported questions" : stem;
    m_bank.path = m_path;
}

void BankBuilder::ensureCategory(const std::string& id, const std::string& name) {
    for (auto& c : m_bank.categories)
        if (c.id == id) {
            // A category first met as a tag (named by its id) gets its real name when declared.
            if (c.name == c.id) c.name = name;
            return;
        }
    m_bank.categories.push_back({id, name});
}

void BankBuilder::setCategory(std::string_view moodlePath, int line, const std::string& givenId) {
    std::string path(trim(moodlePath));
    for (const char* prefix : {"$course$/", "$system$/", "$module$/", "$cat1$/", "top/"})
        if (path.rfind(prefix, 0) == 0) path = path.substr(std::string_view(prefix).size());
    if (path == "top" || path.empty()) {
        m_category.clear();
        return;
    }
    const size_t slash = path.rfind('/');
    const std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
    std::string id = isStippleId(givenId) ? givenId : slugify(path);
    if (id.empty()) {
        warning(line,
                "category \"" + path + "\" has no letters or digits to make an id from; using 'imported'");
        id = "imported";
    }
    ensureCategory(id, name);
    m_category = id;
}

void BankBuilder::warning(int line, const std::string& message, int column) {
    m_local.warning(m_path, line, column, message);
}
void BankBuilder::error(int line, const std::string& message, int column) {
    m_local.error(m_path, line, column, message);
}

void BankBuilder::add(Question q, int line, const std::vector<std::string>& tags) {
    q.line = line;
    q.difficulty = 1;
    if (m_category.empty()) ensureCategory("imported", "Imported");
    q.categories = {m_category.empty() ? std::string("imported") : m_category};
    bool ranged = false;
    for (const auto& tag : tags) {
        if (tag.rfind("difficulty:", 0) == 0) {
            const auto v = parseInteger(tag.substr(11));
            if (v && *v >= 1 && *v <= 5)
                q.difficulty = static_cast<int>(*v);
            else
                warning(line, "tag \"" + tag + "\" is not a difficulty from 1 to 5; using 1");
        } else if (tag.rfind("range:", 0) == 0) {
            const std::string range = tag.substr(6);
            const size_t dots = range.find("..");
            const auto lo = dots == std::string::npos ? std::nullopt : parseNumber(range.substr(0, dots));
            const auto hi = dots == std::string::npos ? std::nullopt : parseNumber(range.substr(dots + 2));
            if (lo && hi) {
                q.numeric.min = *lo;
                q.numeric.max = *hi;
                ranged = true;
            } else {
                warning(line, "tag \"" + tag + "\" is not a numeric range MIN..MAX; ignored");
            }
        } else if (tag.rfind("category:", 0) == 0) {
            const std::string id = tag.substr(9);
            if (!isStippleId(id)) {
                warning(line, "tag \"" + tag + "\" does not name a category id; ignored");
            } else if (!q.hasCategory(id)) {
                ensureCategory(id, id);
                q.categories.push_back(id);
            }
        }
    }
    if (q.type == QuestionType::Numeric && !ranged) {
        q.numeric.min = -kDefaultNumericRange;
        q.numeric.max = kDefaultNumericRange;
    }
    // "Source: ..." as the last line (or sentence) of the general feedback is the source.
    if (const size_t at = q.explanation.rfind("Source: "); at != std::string::npos) {
        q.source = std::string(trim(std::string_view(q.explanation).substr(at + 8)));
        q.explanation = std::string(trim(std::string_view(q.explanation).substr(0, at)));
    }
    if (q.source.empty())
        q.source = "Imported from " + std::filesystem::path(m_path).filename().string() + ", line " +
                   std::to_string(line) + ".";
    if (q.id.empty()) q.id = "question-" + std::to_string(++m_unnamed);
    if (m_bank.question(q.id)) {
        std::string unique;
        for (int n = 2;; ++n) {
            unique = q.id + "-" + std::to_string(n);
            if (!m_bank.question(unique)) break;
        }
        warning(line, "question id '" + q.id + "' is already used; this one becomes '" + unique + "'");
        q.id = unique;
    }
    std::vector<std::string> problems;
    checkQuestion(q, problems);
    for (const auto& p : problems)
        error(line, "question '" + q.id + "': " + p);
    std::vector<std::string> giveAways;
    checkGiveAways(q, giveAways);
    for (const auto& w : giveAways)
        warning(line, "question '" + q.id + "': " + w);
    m_bank.questions.push_back(std::move(q));
}

std::optional<QuestionBank> BankBuilder::finish() {
    if (m_bank.questions.empty() && !m_local.hasErrors())
        m_local.error(m_path, 1, 1, "no question Stipple can ask was found in this file");
    std::vector<Diagnostic> items = m_local.items();
    std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    for (auto& d : items)
        m_diags.add(std::move(d));
    if (m_local.hasErrors()) return std::nullopt;
    return std::move(m_bank);
}

} // namespace moodle

} // namespace stipple
