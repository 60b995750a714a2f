// The main of a fuzz target built without libFuzzer: feeds every file named on the command line
// (folders are walked, recursively) to LLVMFuzzerTestOneInput, the same entry function the fuzzer
// calls. ctest runs it over tests/fuzz/regressions/<reader>/ (every input that once crashed a
// reader) and the seed corpus, with any compiler, so a fixed crash stays fixed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

namespace {

int replay(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot open %s\n", file.string().c_str());
        return 1;
    }
    std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // A copy of exactly the file's bytes on the heap, so AddressSanitizer catches reads past it.
    std::vector<uint8_t> data(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(data.data(), data.size());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    int files = 0, failures = 0;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path arg = argv[i];
        std::error_code ec;
        if (std::filesystem::is_directory(arg, ec)) {
            std::vector<std::filesystem::path> found;
            for (const auto& entry : std::filesystem::recursive_directory_iterator(arg))
                if (entry.is_regular_file()) found.push_back(entry.path());
            std::sort(found.begin(), found.end());
            for (const auto& f : found)
                failures += replay(f), ++files;
        } else if (std::filesystem::exists(arg, ec)) {
            failures += replay(arg), ++files;
        } else {
            std::fprintf(stderr, "no such file or folder: %s\n", argv[i]);
            ++failures;
        }
    }
    std::printf("%d inputs replayed, %d unreadable\n", files, failures);
    return failures == 0 ? 0 : 1;
}
