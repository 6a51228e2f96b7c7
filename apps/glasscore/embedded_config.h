#pragma once
// The shipped configuration (config/glasscore.yaml), compiled in for `glasscore demo`.

#include <string_view>

namespace glasscore::app {

[[nodiscard]] std::string_view embedded_config();

}  // namespace glasscore::app
