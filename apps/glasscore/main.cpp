// glasscore: one binary for every network function, the simulator and the tools
// (DESIGN.md §1). This file only dispatches; each subcommand lives in its own file.
#include <fmt/core.h>

#include <string_view>

#include "commands.h"

namespace {

constexpr std::string_view usage = R"(usage: glasscore <command> [options]

commands available in this build:
  version     print the version, git revision, compiler and library versions
  demo        the core and simulated gNB/UEs in one process, end to end (embedded config)
  config check [-c FILE]
              validate a configuration file and explain every problem
  subscriber add|list|show|del|import|export
              provision the subscriber store (see 'glasscore subscriber help')
  run [-c FILE] [--data-dir DIR] [--sctp-udp PORT]
              run the core (NRF, UDR, UDM, AUSF, AMF) until SIGINT/SIGTERM
                (SIGHUP: apply amf.name and amf.relative_capacity)
  sim [-c FILE] [--amf ADDR:PORT] [--gnbs N] [--ues M] [--scheme null|a|b] ...
              simulated gNBs and UEs registering with an AMF (see 'glasscore sim --help')
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
  if (command == "run") {
    return glasscore::app::run_command(std::span<char*>(argv + 2, argv + argc));
  }
  if (command == "sim") {
    return glasscore::app::sim_command(std::span<char*>(argv + 2, argv + argc));
  }
  fmt::print(stderr, "{}{}", command.empty() ? "" : "glasscore: unknown command\n", usage);
  return 2;
}
