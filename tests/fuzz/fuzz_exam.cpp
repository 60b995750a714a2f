// Fuzz target: the exam definition reader (levels/exams/*.xml), with the document placed in the
// shipped exams folder so its relative references resolve. An exam or located errors, never a
// crash.
#include "exam/exam_reader.h"
#include "fuzz_common.h"
#include "io/xml.h"

using namespace stipple;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    fuzz::readXmlInput(data, size, STIPPLE_SOURCE_DIR "/levels/exams/fuzz.xml",
                       [](const XmlDocument& doc, Diagnostics& d) { return readExam(doc, d); });
    return 0;
}
