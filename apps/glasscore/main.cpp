// glasscore: one binary for every network function, the simulator and the tools
// (DESIGN.md §1). This file only dispatches; each subcommand lives in its own file.
#include <fmt/core.h>

#include <string_view>

#include "commands.h"

namespace {

constexpr std::string_view usage = R"(usage: glasscore <command> [options]

commands available in this build:
  version     print the version, git revision, compiler and library versions
  demo        run the end-to-end demonstration (today: the 5G security suite; see README)
  config check [-c FILE]
              validate a configuration file and explain every problem
  subscriber add|list|show|del|import|export
              provision the subscriber store (see 'glasscore subscriber help')

commands planned (DESIGN.md §1), not in this build yet:
  run, sim
)";

}  // namespace

int main(int argc, char** argv) {
  const std::string_view command = argc > 1 ? argv[1] : "";
  if (command == "version" || command == "--version") {
    return glasscore::app::version_command();
  }
  if (command == "demo") {
    return glasscore::app::demo_command();
  }
  if (command == "help" || command == "--help" || command == "-h") {
    fmt::print("{}", usage);
    return 0;
  }
  if (command == "config") {
    return glasscore::app::config_command(std::span<char*>(argv + 2, argv + argc));
  }
  if (command == "subscriber") {
    return glasscore::app::subscriber_command(std::span<char*>(argv + 2, argv + argc));
  }
  if (command == "run" || command == "sim") {
    fmt::print(stderr, "glasscore: '{}' is not in this build yet (see README, 'Status')\n",
               command);
    return 2;
  }
  fmt::print(stderr, "{}{}", command.empty() ? "" : "glasscore: unknown command\n", usage);
  return 2;
}
