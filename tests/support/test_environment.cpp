// Linked into every test program (an object, so it is never dropped): settings for the whole
// process, made before main() and so before any GL context exists.
//
// LP_NUM_THREADS=0: Mesa's software renderer (llvmpipe, what xvfb-run gives the display tests)
// rasterises on the calling thread instead of its worker threads. With worker threads a
// display test hung for good inside llvmpipe: every thread waiting on a condition variable
// (seen in test_render, under load: glibc's condition-variable bug 25847 on Debian 12). On two
// cores shared by `ctest -j2` the worker threads bought nothing either: test_layout took
// 38.9 s of CPU with them, 35.9 s without. Programs the tests start (stipple --screenshot)
// inherit the setting. An explicit LP_NUM_THREADS in the environment is kept.
#include <cstdlib>

namespace {

const bool kSoftwareRendererOnOneThread = [] {
    return ::setenv("LP_NUM_THREADS", "0", /*overwrite=*/0) == 0;
}();

} // namespace
