#pragma once
// The subcommands of the glasscore binary (DESIGN.md §1). Each returns the process exit code.

#include <span>
#include <string_view>

namespace glasscore::app {

int version_command();
int demo_command();
/// `config check [-c FILE]`; `args` are the words after "config".
int config_command(std::span<char*> args);
/// `subscriber add|list|show|del|import|export ...`; `args` are the words after "subscriber".
int subscriber_command(std::span<char*> args);
/// `run [-c FILE] [--nf all] [--data-dir DIR] [--sctp-udp PORT]`: the core until a signal.
int run_command(std::span<char*> args);
/// `sim [-c FILE] [--amf ADDR:PORT] [--gnbs N] [--ues M] ...`: gNBs and UEs against an AMF.
int sim_command(std::span<char*> args);

}  // namespace glasscore::app
