// Loading an exam's materials. Each file is read once, hashed from the very bytes that are then
// parsed (so the hash in a result always describes what the candidate was examined on), and
// checked by its own kind's reader; the exam's references get the located messages.
#include "exam/exam_materials.h"

#include "aftercare/rule_book_reader.h"
#include "exam/exam_reader.h"
#include "io/files.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "quiz/question_bank_reader.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace stipple {

namespace {

enum class FileKind { Level, Bank, RuleBook };

const char* kindNoun(FileKind k) {
    switch (k) {
    case FileKind::Level:
        return "level";
    case FileKind::Bank:
        return "question bank";
    case FileKind::RuleBook:
        return "aftercare rule book";
    }
    return "file";
}

std::string plural(size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

class Loader {
  public:
    Loader(const Exam& exam, Diagnostics& diags, const std::map<std::string, std::string>& levelVersions)
        : m_exam(exam), m_diags(diags), m_levelVersions(levelVersions) {}

    std::optional<ExamMaterials> load() {
        for (const auto& s : m_exam.sections) {
            for (const auto& item : s.items) {
                if (item.level) level(*item.level, s);
                if (item.pool) {
                    std::set<int> difficulties;
                    for (const auto& l : item.pool->levels)
                        if (const ExamLevelInfo* info = level(l, s)) difficulties.insert(info->difficulty);
                    if (difficulties.size() > 1) {
                        const ExamFileRef& first = item.pool->levels.front();
                        m_diags.warning(m_exam.path, first.line, first.column,
                                        "this <pool> mixes levels of difficulty " +
                                            std::to_string(*difficulties.begin()) + " and " +
                                            std::to_string(*difficulties.rbegin()) +
                                            ": candidates would sit exams of unequal difficulty");
                    }
                }
            }
            for (const auto& b : s.banks)
                bank(b, s);
            for (const auto& sc : s.scenarios)
                ruleBook(sc.rules);
        }
        if (m_failed) return std::nullopt;
        return std::move(m_out);
    }

  private:
    void errorAt(const ExamFileRef& ref, const std::string& message) {
        m_diags.error(m_exam.path, ref.line, ref.column, message);
        m_failed = true;
    }

    /// Reads, hashes and parses one file (once); nullopt after reporting at `ref`.
    std::optional<XmlDocument> open(const ExamFileRef& ref, FileKind kind, Diagnostics& fileDiags) {
        std::string bytes, error;
        const auto version =
            kind == FileKind::Level ? m_levelVersions.find(ref.resolved) : m_levelVersions.end();
        if (version != m_levelVersions.end()) {
            bytes = version->second;
        } else if (!readFile(ref.resolved, bytes, error)) {
            errorAt(ref, std::string("the ") + kindNoun(kind) + " \"" + ref.path + "\"" +
                             (ref.resolved != ref.path ? " (" + ref.resolved + ")" : std::string()) +
                             " cannot be read: " + error);
            return std::nullopt;
        }
        const std::string hash = sha256Hex(bytes);
        if (!ref.pinnedSha256.empty() && hash != ref.pinnedSha256) {
            errorAt(ref, std::string("the ") + kindNoun(kind) + " \"" + ref.path +
                             "\" has changed since this exam was pinned: its sha256 is " + hash +
                             ", the exam expects " + ref.pinnedSha256 +
                             " (review the change, then update sha256 or restore the file)");
            return std::nullopt;
        }
        m_out.sha256[ref.resolved] = hash;
        if (kind == FileKind::Level) m_out.levelBytes[ref.resolved] = bytes;
        return parseXml(bytes, ref.resolved, fileDiags);
    }

    /// Reports a referenced file's own errors: one line at the reference, then the file's list.
    void reportInvalid(const ExamFileRef& ref, FileKind kind, const Diagnostics& fileDiags) {
        errorAt(ref, std::string("the ") + kindNoun(kind) + " \"" + ref.path + "\" has " +
                         plural(static_cast<size_t>(fileDiags.errorCount()), "error") +
                         " (listed below; `stipple validate " + ref.resolved + "` shows them too)");
        for (const auto& d : fileDiags.items())
            if (d.severity == Severity::Error) m_diags.add(d);
    }

    const ExamLevelInfo* level(const ExamFileRef& ref, const ExamSection&) {
        if (const auto it = m_out.levels.find(ref.resolved); it != m_out.levels.end()) return &it->second;
        if (m_badFiles.count(ref.resolved)) {
            m_failed = true;
            return nullptr;
        }
        Diagnostics fileDiags;
        const auto doc = open(ref, FileKind::Level, fileDiags);
        std::optional<Level> l;
        if (doc) l = readLevel(*doc, fileDiags);
        if (!l) {
            if (doc || fileDiags.hasErrors()) reportInvalid(ref, FileKind::Level, fileDiags);
            m_badFiles.insert(ref.resolved);
            return nullptr;
        }
        return &(m_out.levels[ref.resolved] = ExamLevelInfo{l->id, l->title, l->difficulty});
    }

    void bank(const BankRef& ref, const ExamSection& section) {
        const ExamBankInfo* info = nullptr;
        if (const auto it = m_out.banks.find(ref.file.resolved); it != m_out.banks.end())
            info = &it->second;
        else if (!m_badFiles.count(ref.file.resolved)) {
            Diagnostics fileDiags;
            const auto doc = open(ref.file, FileKind::Bank, fileDiags);
            std::optional<QuestionBank> b;
            if (doc) b = readQuestionBank(*doc, fileDiags);
            if (b) {
                ExamBankInfo out;
                out.id = b->id;
                for (const auto& q : b->questions)
                    if (!q.categories.empty()) out.questionsByCategory[q.categories.front()].push_back(q.id);
                for (auto& [category, ids] : out.questionsByCategory)
                    std::sort(ids.begin(), ids.end());
                info = &(m_out.banks[ref.file.resolved] = std::move(out));
                pictures(*b, ref.file);
            } else {
                if (doc || fileDiags.hasErrors()) reportInvalid(ref.file, FileKind::Bank, fileDiags);
                m_badFiles.insert(ref.file.resolved);
            }
        }
        if (!info) {
            m_failed = true;
            return;
        }
        for (const auto& d : ref.draws) {
            const auto it = info->questionsByCategory.find(d.category);
            const size_t available = it == info->questionsByCategory.end() ? 0 : it->second.size();
            if (available >= static_cast<size_t>(d.count)) continue;
            std::string known;
            for (const auto& [category, ids] : info->questionsByCategory)
                known += (known.empty() ? "" : ", ") + category + " (" + std::to_string(ids.size()) + ")";
            errorAt(
                ref.file,
                "section '" + section.id + "' draws " + std::to_string(d.count) + " questions of category '" +
                    d.category + "' from \"" + ref.file.path + "\", which has " +
                    (available == 0 ? std::string("none") : std::to_string(available)) +
                    " with that main category (it has: " + (known.empty() ? "no questions" : known) + ")");
        }
    }

    /// Pins every picture the bank's questions and choices show (a dots CSV, a level): a picture
    /// swapped after the sitting changes the question, so its hash goes into the recording too.
    void pictures(const QuestionBank& bank, const ExamFileRef& bankRef) {
        const std::filesystem::path folder = std::filesystem::path(bankRef.resolved).parent_path();
        std::set<std::string> shown;
        const auto add = [&](const std::optional<Picture>& p) {
            if (!p) return;
            for (const std::string* file : {&p->dotsPath, &p->levelPath})
                if (!file->empty()) shown.insert((folder / *file).lexically_normal().generic_string());
        };
        for (const Question& q : bank.questions) {
            add(q.picture);
            for (const Choice& c : q.choices)
                add(c.picture);
        }
        for (const std::string& path : shown) {
            if (m_out.sha256.count(path)) continue;
            std::string bytes, error;
            if (!readFile(path, bytes, error)) {
                errorAt(bankRef, "the picture \"" + path + "\" that the question bank \"" + bankRef.path +
                                     "\" shows cannot be read: " + error);
                continue;
            }
            m_out.sha256[path] = sha256Hex(bytes);
            m_out.pictures.insert(path);
        }
    }

    void ruleBook(const ExamFileRef& ref) {
        if (m_out.ruleBooks.count(ref.resolved)) return;
        if (m_badFiles.count(ref.resolved)) {
            m_failed = true;
            return;
        }
        Diagnostics fileDiags;
        const auto doc = open(ref, FileKind::RuleBook, fileDiags);
        std::optional<RuleBook> book;
        if (doc) book = readRuleBook(*doc, fileDiags);
        if (!book) {
            if (doc || fileDiags.hasErrors()) reportInvalid(ref, FileKind::RuleBook, fileDiags);
            m_badFiles.insert(ref.resolved);
            return;
        }
        m_out.ruleBooks[ref.resolved] = ExamRuleBookInfo{book->id};
    }

    const Exam& m_exam;
    Diagnostics& m_diags;
    const std::map<std::string, std::string>& m_levelVersions;
    ExamMaterials m_out;
    std::set<std::string> m_badFiles;
    bool m_failed = false;
};

} // namespace

std::optional<ExamMaterials> loadExamMaterials(const Exam& exam, Diagnostics& diags,
                                               const std::map<std::string, std::string>& levelVersions) {
    return Loader(exam, diags, levelVersions).load();
}

bool validateExamDocument(const XmlDocument& doc, Diagnostics& diags) {
    const auto exam = readExam(doc, diags);
    if (!exam) return false;
    return loadExamMaterials(*exam, diags).has_value();
}

} // namespace stipple
