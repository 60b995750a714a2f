// Fuzz target: the dots CSV reader. Any bytes give dots, which must write back to a file that
// reads to the same dots (the same text again), or located errors — never a crash.
#include "fuzz_common.h"
#include "scoring/dots_csv.h"

using namespace stipple;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::asText(data, size);
    Diagnostics diags;
    DotsCsv csv;
    const bool ok = parseDotsCsv(text, "fuzz.csv", csv, diags);
    fuzz::checkOutcome(ok, diags, text);
    if (!ok) return 0;
    if (csv.lines.size() != csv.dots.size()) fuzz::fail("a line number per dot", diags);
    const std::string written = formatDotsCsv(csv.dots);
    Diagnostics again;
    DotsCsv back;
    if (!parseDotsCsv(written, "written.csv", back, again))
        fuzz::fail("written dots do not read back", again);
    if (formatDotsCsv(back.dots) != written) fuzz::fail("dots do not read back exactly", again);
    return 0;
}
