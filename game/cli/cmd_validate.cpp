// `stipple validate PATH...`: checks curriculum files (and every .xml under a directory) and
// prints each problem GCC style on stderr, then a one-line summary on stdout. The kind of a file
// is its root element; kKinds below lists the kinds this command knows — adding one (aftercare
// rule books, question banks, exams) is one line naming its root element and its core reader.
#include "aftercare/rule_book_reader.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "exam/exam_materials.h"
#include "io/diagnostics.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "quiz/question_bank_reader.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

namespace stipple::cli {

namespace {

/// One kind of curriculum file: its root element and a check that reports into `diags` and
/// returns true when the file is valid (warnings allowed).
struct FileKind {
    const char* rootElement;
    bool (*check)(const XmlDocument& doc, Diagnostics& diags);
};

const FileKind kKinds[] = {
    {"level", [](const XmlDocument& doc, Diagnostics& diags) { return readLevel(doc, diags).has_value(); }},
    {"aftercare-rules", [](const XmlDocument& doc, Diagnostics& diags) { return readRuleBook(doc, diags).has_value(); }},
    {"question-bank", [](const XmlDocument& doc, Diagnostics& diags) { return readQuestionBank(doc, diags).has_value(); }},
    {"exam", [](const XmlDocument& doc, Diagnostics& diags) { return validateExamDocument(doc, diags); }},
};

std::string knownRoots() {
    // Built with append, not `a + std::string(b)`: GCC 12 inlines that operator+ into a memcpy it
    // then flags with a false -Wrestrict "may overlap" in Release builds.
    std::string out;
    for (const auto& k : kKinds) {
        out.append(out.empty() ? "<" : ", <");
        out.append(k.rootElement);
        out.push_back('>');
    }
    return out;
}

bool validateFile(const std::string& path, Diagnostics& diags) {
    Diagnostics local;
    bool valid = false;
    if (const auto doc = loadXmlFile(path, local)) {
        const auto kind = std::find_if(std::begin(kKinds), std::end(kKinds),
                                       [&](const FileKind& k) { return doc->root.name == k.rootElement; });
        if (kind != std::end(kKinds)) {
            valid = kind->check(*doc, local) && !local.hasErrors();
        } else {
            local.error(path, doc->root.line, doc->root.column,
                        "unknown kind of file: root element <" + doc->root.name + ">; stipple validate knows " +
                            knownRoots());
        }
    }
    diags.append(local);
    return valid;
}

/// The .xml files under `dir`, recursively, in a stable order; listing problems go to `diags`.
std::vector<std::string> xmlFilesUnder(const std::string& dir, Diagnostics& diags) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        std::error_code typeEc;
        if (it->path().extension() == ".xml" && !it->is_directory(typeEc)) files.push_back(it->path().string());
    }
    if (ec) diags.error(dir, 1, 1, "cannot list directory: " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

std::string plural(int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

void printUsage(std::FILE* out) {
    std::fprintf(out,
                 "usage: stipple validate PATH...\n"
                 "\n"
                 "Checks curriculum files: levels (<level>). A directory is searched recursively\n"
                 "for .xml files. Every problem is printed on stderr as PATH:LINE:COL: error: MESSAGE\n"
                 "(or warning:), then a one-line summary on stdout.\n"
                 "\n"
                 "exit status: 0 every file valid (warnings allowed), 1 a file has errors,\n"
                 "2 usage error.\n");
}

int runValidate(const std::vector<std::string>& argv) {
    const Args args(argv, {}, {"help"});
    if (!args.ok()) {
        std::fprintf(stderr, "stipple validate: %s\n\n", args.error().c_str());
        printUsage(stderr);
        return kExitUsage;
    }
    if (args.flag("help")) {
        printUsage(stdout);
        return kExitOk;
    }
    if (args.positional().empty()) {
        std::fprintf(stderr, "stipple validate: no files given\n\n");
        printUsage(stderr);
        return kExitUsage;
    }

    int checked = 0, valid = 0;
    bool listingFailed = false; // an empty or unreadable directory fails the run but is no file
    Diagnostics all;
    for (const auto& path : args.positional()) {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            Diagnostics listing;
            const auto files = xmlFilesUnder(path, listing);
            if (files.empty() && !listing.hasErrors())
                listing.error(path, 1, 1, "no .xml files in this directory");
            all.append(listing);
            listingFailed = listingFailed || listing.hasErrors();
            for (const auto& f : files) {
                ++checked;
                if (validateFile(f, all)) ++valid;
            }
        } else {
            ++checked;
            if (validateFile(path, all)) ++valid;
        }
    }
    std::fputs(all.formatAll().c_str(), stderr);
    std::printf("%s checked: %d valid, %d with errors (%s, %s)\n", plural(checked, "file").c_str(), valid,
                checked - valid, plural(all.errorCount(), "error").c_str(),
                plural(all.warningCount(), "warning").c_str());
    return valid == checked && !listingFailed ? kExitOk : kExitBadInput;
}

const Registration kReg{{"validate", "check levels and other curriculum files for errors", &runValidate}};

} // namespace

} // namespace stipple::cli
