// Fuzz target: the aftercare rule book reader (levels/aftercare/*.xml): a rule book or located
// errors, never a crash.
#include "aftercare/rule_book_reader.h"
#include "fuzz_common.h"
#include "io/xml.h"

using namespace stipple;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    fuzz::readXmlInput(data, size, "fuzz.xml",
                       [](const XmlDocument& doc, Diagnostics& d) { return readRuleBook(doc, d); });
    return 0;
}
