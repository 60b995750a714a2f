// Fuzz target: the exam definition reader (levels/exams/*.xml), with the document placed in the
// shipped exams folder so its relative references resolve. An exam or located errors, never a
// crash.
#include "exam/exam_reader.h"
#include "fuzz_common.h"
#include "io/xml.h"

using namespace stipple;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::asText(data, size);
    Diagnostics diags;
    auto doc = parseXml(text, STIPPLE_SOURCE_DIR "/levels/exams/fuzz.xml", diags);
    if (!doc) {
        fuzz::checkOutcome(false, diags, text);
        return 0;
    }
    auto exam = readExam(*doc, diags);
    fuzz::checkOutcome(exam.has_value(), diags, text);
    return 0;
}
