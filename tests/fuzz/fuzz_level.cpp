// Fuzz target: the level reader (levels/*.xml). Any bytes either give a level, which must write
// back to a file that reads again and writes the same text, or located errors — never a crash.
#include "fuzz_common.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "level/level_writer.h"

using namespace stipple;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const auto level = fuzz::readXmlInput(
        data, size, "fuzz.xml", [](const XmlDocument& doc, Diagnostics& d) { return readLevel(doc, d); });
    if (!level) return 0;
    // The writer is the exact inverse of the reader: what was accepted writes and reads back.
    const std::string written = writeLevel(*level);
    Diagnostics again;
    auto doc2 = parseXml(written, "written.xml", again);
    if (!doc2) fuzz::fail("a written level is not XML", again);
    auto level2 = readLevel(*doc2, again);
    if (!level2) fuzz::fail("a written level does not read back", again);
    if (writeLevel(*level2) != written) fuzz::fail("a level does not write back to the same text", again);
    return 0;
}
