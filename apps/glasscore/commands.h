#pragma once
// The subcommands of the glasscore binary (DESIGN.md §1). Each returns the process exit code.

#include <span>
#include <string_view>

namespace glasscore::app {

int version_command();
int demo_command();

}  // namespace glasscore::app
