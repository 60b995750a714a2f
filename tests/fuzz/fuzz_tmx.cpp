// Fuzz target: the Tiled map (TMX) import. Any bytes give a level, which must write as a level
// file that reads back, or errors located in the map — never a crash.
#include "fuzz_common.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "level/level_writer.h"
#include "tmx/tmx_import.h"

using namespace stipple;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const auto level = fuzz::readXmlInput(
        data, size, "fuzz.tmx", [](const XmlDocument& doc, Diagnostics& d) { return importTmx(doc, d); });
    if (!level) return 0;
    Diagnostics again;
    auto doc2 = parseXml(writeLevel(*level), "written.xml", again);
    if (!doc2 || !readLevel(*doc2, again))
        fuzz::fail("an imported map does not write as a valid level", again);
    return 0;
}
