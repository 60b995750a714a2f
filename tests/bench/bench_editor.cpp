// Benchmark: what the level editor does on every edit and every second, for each shipped level.
// Per edit: a vertex move through LevelDocument plus problems() (written and read back, as
// `stipple validate` would see the file); on G: the target pattern; per mouse move: hitTest;
// once a second per watched file: FileWatch::poll. A frame at 60 Hz has 16 ms for all of it.
// Prints figures; not a test. Run from a Release build: ./build/tests/bench/bench_editor
#include "editor/editor_tools.h"
#include "editor/file_watch.h"
#include "editor/level_document.h"
#include "pattern/poisson_disk.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace stipple;

namespace {

/// Best-of-`runs` wall time of `work` in ms (the machine is shared: the best run is the cost).
template <class F> double bestMs(int runs, F&& work) {
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        work(i);
        best = std::min(
            best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

} // namespace

int main() {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(STIPPLE_SOURCE_DIR "/levels"))
        if (e.path().extension() == ".xml") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    std::printf("%-26s %14s %16s %12s %10s\n", "level", "edit+problems", "target (dots)", "hitTest", "poll");
    for (const std::string& path : files) {
        Diagnostics d;
        auto doc = LevelDocument::open(path, d);
        if (!doc) {
            std::printf("%s does not open:\n%s", path.c_str(), d.formatAll().c_str());
            return 1;
        }
        const auto shapes = shapeList(doc->level());
        // A drill has no shapes: then the cost of problems() alone.
        double editMs = bestMs(10, [&](int) { (void)doc->problems(); });
        if (!shapes.empty()) {
            const VertexRef v{shapes.front(), 0};
            const Vec2 p = doc->points(v.shape)[0];
            editMs = bestMs(10, [&](int i) {
                doc->moveVertex(v, p + Vec2{0.01 * (i + 1), 0.0});
                (void)doc->problems();
            });
        }
        size_t dots = 0;
        const double targetMs = bestMs(3, [&](int) { dots = targetPattern(doc->level()).size(); });
        const Vec2 centre{doc->level().canvas.widthMm / 2, doc->level().canvas.heightMm / 2};
        const double hitUs = bestMs(5, [&](int) {
            for (int i = 0; i < 1000; ++i)
                (void)hitTest(doc->level(), centre, 0.8);
        });
        FileWatch watch(path);
        const double pollUs = bestMs(5, [&](int) {
            for (int i = 0; i < 1000; ++i)
                (void)watch.poll();
        });
        std::printf("%-26s %11.2f ms %9.1f ms (%5zu) %9.2f us %7.2f us\n",
                    std::filesystem::path(path).filename().string().c_str(), editMs, targetMs, dots, hitUs,
                    pollUs);
    }
    return 0;
}
