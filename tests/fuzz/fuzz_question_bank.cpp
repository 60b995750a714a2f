// Fuzz target: the question bank reader (levels/banks/*.xml). The document is placed in the
// shipped banks folder so that picture references to the shipped pictures resolve. A bank or
// located errors, never a crash.
#include "fuzz_common.h"
#include "io/xml.h"
#include "quiz/question_bank_reader.h"

using namespace stipple;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    fuzz::readXmlInput(data, size, STIPPLE_SOURCE_DIR "/levels/banks/fuzz.xml",
                       [](const XmlDocument& doc, Diagnostics& d) { return readQuestionBank(doc, d); });
    return 0;
}
