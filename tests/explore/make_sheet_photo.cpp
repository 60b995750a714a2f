// Throwaway: the README's sheet photo for the current level 03 (a photo made in software).
#include "io/files.h"
#include "level/level_reader.h"
#include "pattern/example_attempts.h"
#include "scoring/score_attempt.h"
#include "sheet/sheet_layout.h"
#include "support/photo_sim.h"
#include <cstdio>
#include <fstream>
using namespace stipple;
using namespace stipple::test;
int main(int argc, char** argv) {
    const std::string path = std::string(STIPPLE_SOURCE_DIR) + "/levels/03-hairline.xml";
    Diagnostics diags;
    auto level = loadLevelFile(path, diags);
    std::string bytes, error;
    readFile(path, bytes, error);
    const auto layout = sheet::layoutSheet(*level, sha256Hex(bytes), sheet::Paper::A4, false, error);
    if (!layout) { std::fprintf(stderr, "%s\n", error.c_str()); return 1; }
    std::vector<InkDot> ink;
    for (const auto& d : exampleAttempt(*level, AttemptStyle::Good, 3)) ink.push_back({d.pos, d.diameterMm * kFreshToHealedRatio});
    PhotoSpec spec;
    spec.seed = 21;
    spec.width = 2400;
    spec.height = 1800;
    spec.pxPerMm = 13.0;
    spec.maxTiltDeg = 20.0;
    spec.rotationDeg = 8.0;
    const std::string photo = photographSheet(*level, *layout, ink, spec);
    std::ofstream(argv[1], std::ios::binary) << photo;
    std::printf("%zu dots inked\n", ink.size());
}
