// Fuzz target: the aftercare rule book reader (levels/aftercare/*.xml): a rule book or located
// errors, never a crash.
#include "aftercare/rule_book_reader.h"
#include "fuzz_common.h"
#include "io/xml.h"

using namespace stipple;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::asText(data, size);
    Diagnostics diags;
    auto doc = parseXml(text, "fuzz.xml", diags);
    if (!doc) {
        fuzz::checkOutcome(false, diags, text);
        return 0;
    }
    auto book = readRuleBook(*doc, diags);
    fuzz::checkOutcome(book.has_value(), diags, text);
    return 0;
}
