#include <fmt/core.h>
#include <openssl/crypto.h>
#include <spdlog/version.h>

#include "build_info.h"
#include "commands.h"

namespace glasscore::app {

int version_command() {
  fmt::print("glasscore {} (git {})\n", GLASSCORE_VERSION, git_revision);
  fmt::print("compiler: {}\n",
#if defined(__clang__)
             "clang " __clang_version__
#else
             "g++ " __VERSION__
#endif
  );
  fmt::print("3GPP release: 17\n");
  fmt::print("libraries: {}; spdlog {}.{}.{}; fmt {}.{}.{}\n", OpenSSL_version(OPENSSL_VERSION),
             SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH, FMT_VERSION / 10000,
             FMT_VERSION / 100 % 100, FMT_VERSION % 100);
  return 0;
}

}  // namespace glasscore::app
