// Fuzz target: the Moodle XML import. Any bytes give a question bank, which must export to Moodle
// XML that imports again, or located errors — never a crash.
#include "fuzz_common.h"
#include "io/xml.h"
#include "quiz/moodle.h"

using namespace stipple;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string path = STIPPLE_SOURCE_DIR "/tests/fixtures/quiz/fuzz.xml";
    const auto bank = fuzz::readXmlInput(
        data, size, path, [](const XmlDocument& doc, Diagnostics& d) { return importMoodleXml(doc, d); });
    if (!bank) return 0;
    Diagnostics again;
    const auto xml = exportMoodleXml(*bank, again);
    if (!xml) { // refused only with located errors (a credit Moodle has no grade for, a picture that cannot
                // be read)
        if (!again.hasErrors()) fuzz::fail("a Moodle bank's export was refused without an error", again);
        return 0;
    }
    auto doc2 = parseXml(*xml, path, again);
    if (!doc2 || !importMoodleXml(*doc2, again))
        fuzz::fail("an imported Moodle bank does not export again", again);
    return 0;
}
