// Fuzz target: the Moodle GIFT import. Any bytes give a question bank, which must export to
// Moodle XML (or be refused with located errors) that imports again, or located errors — never a crash.
#include "fuzz_common.h"
#include "io/xml.h"
#include "quiz/moodle.h"

using namespace stipple;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::asText(data, size);
    Diagnostics diags;
    auto bank = importGift(text, STIPPLE_SOURCE_DIR "/tests/fixtures/quiz/fuzz.gift", diags);
    fuzz::checkOutcome(bank.has_value(), diags, text);
    if (!bank) return 0;
    Diagnostics again;
    const auto xml = exportMoodleXml(*bank, again);
    fuzz::checkOutcome(xml.has_value(), again, text); // refused only with located errors
    if (!xml) return 0;
    auto doc = parseXml(*xml, STIPPLE_SOURCE_DIR "/tests/fixtures/quiz/fuzz.xml", again);
    if (!doc || !importMoodleXml(*doc, again))
        fuzz::fail("an imported GIFT bank does not export to Moodle XML", again);
    return 0;
}
