// Driver for fuzz targets in builds without libFuzzer (g++): feeds every file of the given
// directories to LLVMFuzzerTestOneInput, then every truncation of it and every single-bit
// flip of it, so the seed corpus is a deterministic robustness test under CTest. The
// sanitizer presets turn any out-of-bounds read or UB found this way into a failure.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void run(const std::vector<std::uint8_t>& input) {
  // A copy sized exactly to the input, so a read past its end is visible to ASan.
  std::vector<std::uint8_t> exact(input);
  LLVMFuzzerTestOneInput(exact.empty() ? nullptr : exact.data(), exact.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t files = 0;
  std::size_t inputs = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& entry : std::filesystem::directory_iterator(argv[i])) {
      if (!entry.is_regular_file()) {
        continue;
      }
      std::ifstream in(entry.path(), std::ios::binary);
      const std::vector<std::uint8_t> seed((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>());
      ++files;
      for (std::size_t len = 0; len <= seed.size(); ++len) {
        run(std::vector<std::uint8_t>(seed.begin(), seed.begin() + static_cast<long>(len)));
        ++inputs;
      }
      for (std::size_t bit = 0; bit < seed.size() * 8; ++bit) {
        auto flipped = seed;
        flipped[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
        run(flipped);
        ++inputs;
      }
    }
  }
  if (files == 0) {
    std::fprintf(stderr, "no seed files found\n");
    return 1;
  }
  std::printf("replayed %zu inputs derived from %zu seed files\n", inputs, files);
  return 0;
}
