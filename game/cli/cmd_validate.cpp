// `stipple validate PATH...`: checks curriculum files (and every .xml under a directory) and
// prints each problem GCC style on stderr, then a one-line summary on stdout. The kind of a file
// is its root element; kKinds below lists the kinds this command knows — adding one (aftercare
// rule books, question banks, exams) is one line naming its root element and its core reader.
// Moodle question files are checked too: Moodle XML by its root <quiz>, GIFT (plain text, no
// root element) by its extension (.gift, .txt) or, under any other name, by how it begins.
#include "aftercare/rule_book_reader.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "exam/exam_materials.h"
#include "io/diagnostics.h"
#include "io/files.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "quiz/moodle.h"
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
    {"aftercare-rules",
     [](const XmlDocument& doc, Diagnostics& diags) { return readRuleBook(doc, diags).has_value(); }},
    {"question-bank",
     [](const XmlDocument& doc, Diagnostics& diags) { return readQuestionBank(doc, diags).has_value(); }},
    {"exam", [](const XmlDocument& doc, Diagnostics& diags) { return validateExamDocument(doc, diags); }},
    {"quiz",
     [](const XmlDocument& doc, Diagnostics& diags) { return importMoodleXml(doc, diags).has_value(); }},
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

/// True for a Moodle GIFT file: named .gift or .txt, or text that starts the way GIFT files do
/// (a // comment, a ::title:: or a $CATEGORY line) rather than with '<'.
bool isGiftFile(const std::string& path) {
    const std::string ext = std::filesystem::path(path).extension().string();
    if (ext == ".gift" || ext == ".txt") return true;
    if (ext == ".xml") return false;
    std::string text, error;
    if (!readFile(path, text, error)) return false; // the XML route reports the unreadable file
    std::string_view head = text;
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    const size_t start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return false;
    head.remove_prefix(start);
    return head.substr(0, 2) == "//" || head.substr(0, 2) == "::" || head.substr(0, 9) == "$CATEGORY";
}

bool validateGiftFile(const std::string& path, Diagnostics& diags) {
    std::string text, error;
    if (!readFile(path, text, error)) {
        diags.error(path, 1, 1, "cannot open file: " + error);
        return false;
    }
    if (const size_t nul = text.find('\0'); nul != std::string::npos) {
        const size_t lineStart = text.rfind('\n', nul);
        const int line =
            1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(nul), '\n'));
        const int column = static_cast<int>(nul - (lineStart == std::string::npos ? 0 : lineStart + 1)) + 1;
        diags.error(path, line, column,
                    "file contains binary data (a NUL byte at offset " + std::to_string(nul) +
                        "); expected a GIFT text file");
        return false;
    }
    Diagnostics local;
    const auto bank = importGift(text, path, local);
    // The importer itself refuses a file with no question Stipple can ask (a located error).
    const bool valid = bank && !local.hasErrors();
    diags.append(local);
    return valid;
}

bool validateFile(const std::string& path, Diagnostics& diags) {
    if (isGiftFile(path)) return validateGiftFile(path, diags);
    Diagnostics local;
    bool valid = false;
    if (const auto doc = loadXmlFile(path, local)) {
        const auto kind = std::find_if(std::begin(kKinds), std::end(kKinds),
                                       [&](const FileKind& k) { return doc->root.name == k.rootElement; });
        if (kind != std::end(kKinds)) {
            valid = kind->check(*doc, local) && !local.hasErrors();
        } else {
            local.error(path, doc->root.line, doc->root.column,
                        "unknown kind of file: root element <" + doc->root.name +
                            ">; stipple validate knows " + knownRoots());
        }
    }
    diags.append(local);
    return valid;
}

/// The .xml and .gift files under `dir`, recursively, in a stable order; listing problems go to `diags`.
std::vector<std::string> xmlFilesUnder(const std::string& dir, Diagnostics& diags) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        std::error_code typeEc;
        const auto ext = it->path().extension();
        if ((ext == ".xml" || ext == ".gift") && !it->is_directory(typeEc))
            files.push_back(it->path().string());
    }
    if (ec) diags.error(dir, 1, 1, "cannot list directory: " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

std::string plural(int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

const CommandDef kValidateDef{
    "validate",
    "check levels and other curriculum files for errors",
    "usage: stipple validate PATH...\n",
    "Checks curriculum files: levels (<level>), aftercare rule books (<aftercare-rules>),\n"
    "question banks (<question-bank>), exams (<exam>), and Moodle question files: Moodle\n"
    "XML (<quiz>) and GIFT (.gift or .txt, or text starting with //, :: or $CATEGORY).\n"
    "A directory is searched recursively for .xml and .gift files.\n"
    "Every problem is printed on stderr as PATH:LINE:COL: error: MESSAGE\n"
    "(or warning:), then a one-line summary on stdout.\n"
    "\n"
    "exit status: 0 every file valid (warnings allowed), 1 a file has errors,\n"
    "2 usage error.\n",
    {},
    ""};

void printUsage(std::FILE* out) {
    std::fputs(helpText(kValidateDef).c_str(), out);
}

int runValidate(const std::vector<std::string>& argv) {
    const Args args(argv, kValidateDef);
    if (!args.ok()) {
        std::fprintf(stderr, "stipple validate: %s\n\n", args.error().c_str());
        printUsage(stderr);
        return kExitUsage;
    }
    if (args.help()) {
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
                listing.error(path, 1, 1, "no .xml or .gift files in this directory");
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

const Registration kValidateReg{kValidateDef, &runValidate};

} // namespace

} // namespace stipple::cli
