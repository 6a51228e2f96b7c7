// `glasscore config check [-c FILE]`: validates a configuration and explains every problem
// with its key path, value and what is expected (DESIGN.md §1).
#include <fmt/core.h>

#include "commands.h"
#include "glasscore/config/config.h"

namespace glasscore::app {

int config_command(std::span<char*> args) {
  std::string_view path = "config/glasscore.yaml";
  if (args.empty() || std::string_view(args[0]) != "check") {
    fmt::print(stderr, "usage: glasscore config check [-c FILE]   (default FILE: {})\n", path);
    return 2;
  }
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if ((arg == "-c" || arg == "--config") && i + 1 < args.size()) {
      path = args[++i];
    } else {
      fmt::print(stderr, "glasscore config check: unexpected argument '{}'\n", arg);
      return 2;
    }
  }
  auto config = config::load_config(std::string(path));
  if (!config) {
    fmt::print(stderr, "{}: {} problem{}\n{}", path, config.error().size(),
               config.error().size() == 1 ? "" : "s", config::format_problems(config.error()));
    return 1;
  }
  fmt::print("{}: ok\n", path);
  return 0;
}

}  // namespace glasscore::app
