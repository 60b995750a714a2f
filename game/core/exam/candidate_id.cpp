#include "exam/candidate_id.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <vector>

namespace stipple {

namespace {

bool toUtf16(const std::string& s, std::u16string& out) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(nullptr, 0, &n, s.data(), static_cast<int32_t>(s.size()), &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) return false;
    out.assign(static_cast<std::size_t>(n), u'\0');
    err = U_ZERO_ERROR;
    u_strFromUTF8(out.data(), n, nullptr, s.data(), static_cast<int32_t>(s.size()), &err);
    return U_SUCCESS(err);
}

std::string toUtf8(const std::u16string& s) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = 0;
    u_strToUTF8(nullptr, 0, &n, s.data(), static_cast<int32_t>(s.size()), &err);
    std::string out(static_cast<std::size_t>(n), '\0');
    err = U_ZERO_ERROR;
    u_strToUTF8(out.data(), n, nullptr, s.data(), static_cast<int32_t>(s.size()), &err);
    return U_SUCCESS(err) ? out : std::string();
}

std::u16string nfc(const std::u16string& s) {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2* n2 = unorm2_getNFCInstance(&err);
    if (U_FAILURE(err)) return s;
    std::u16string out(s.size() * 3 + 8, u'\0');
    const int32_t n = unorm2_normalize(n2, s.data(), static_cast<int32_t>(s.size()), out.data(),
                                       static_cast<int32_t>(out.size()), &err);
    if (U_FAILURE(err)) return s;
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::u16string fold(const std::u16string& s) {
    UErrorCode err = U_ZERO_ERROR;
    std::u16string out(s.size() * 3 + 8, u'\0');
    const int32_t n = u_strFoldCase(out.data(), static_cast<int32_t>(out.size()), s.data(),
                                    static_cast<int32_t>(s.size()), U_FOLD_CASE_DEFAULT, &err);
    if (U_FAILURE(err)) return s;
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::vector<UChar32> codePoints(const std::u16string& s) {
    std::vector<UChar32> cps;
    for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
        UChar32 c;
        U16_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
        cps.push_back(c);
    }
    return cps;
}

/// Trimmed (Unicode white space), NFC, case-folded, NFC again (folding can undo composition).
std::optional<std::u16string> canonical(const std::string& typed) {
    std::u16string u;
    if (!toUtf16(typed, u)) return std::nullopt;
    std::size_t a = 0, b = u.size();
    while (a < b && u_isUWhiteSpace(u[a]))
        ++a;
    while (b > a && u_isUWhiteSpace(u[b - 1]))
        --b;
    return nfc(fold(nfc(u.substr(a, b - a))));
}

} // namespace

std::string canonicalCandidateKey(const std::string& id) {
    const auto c = canonical(id);
    return c ? toUtf8(*c) : id;
}

std::optional<std::string> normaliseCandidateId(const std::string& typed, std::string& why) {
    const auto c = canonical(typed);
    if (!c) {
        why = "The candidate id is not readable text (not UTF-8).";
        return std::nullopt;
    }
    const std::vector<UChar32> cps = codePoints(*c);
    const char* rule =
        "A candidate id is 1 to 64 letters, digits, '.', '_' or '-' (as on the candidate's registration)";
    if (cps.empty() || cps.size() > 64) {
        why = std::string(rule) + ".";
        return std::nullopt;
    }
    for (const UChar32 cp : cps) {
        const int8_t type = u_charType(cp);
        const bool mark =
            type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
        if (u_isalnum(cp) || mark || cp == '.' || cp == '_' || cp == '-') continue;
        std::u16string one;
        if (cp <= 0xFFFF)
            one.push_back(static_cast<char16_t>(cp));
        else {
            one.push_back(static_cast<char16_t>(U16_LEAD(cp)));
            one.push_back(static_cast<char16_t>(U16_TRAIL(cp)));
        }
        why = std::string(rule) + ": '" + (u_isUWhiteSpace(cp) ? std::string("space") : toUtf8(one)) +
              "' is none of these.";
        return std::nullopt;
    }
    if (cps.front() == '.') {
        why = "A candidate id cannot begin with '.'.";
        return std::nullopt;
    }
    return toUtf8(*c);
}

} // namespace stipple
