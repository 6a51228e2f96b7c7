#include "glasscore/config/config.h"

#include <fstream>
#include <sstream>

#include "sections.h"

namespace glasscore::config {

expected<glasscore_config, problem_list> parse_config(std::string_view yaml) {
  YAML::Node root;
  try {
    // yaml-cpp reports syntax errors (and nesting deeper than it allows) by throwing; they
    // stop here and become a problem like any other.
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    const auto line = e.mark.line < 0 ? 0U : static_cast<std::uint32_t>(e.mark.line) + 1;
    const auto column = e.mark.column < 0 ? 0U : static_cast<std::uint32_t>(e.mark.column) + 1;
    return unexpected<problem_list>(
        problem_list{problem{"", "", "YAML syntax error: " + e.msg, line, column}});
  }

  detail::problem_sink sink;
  glasscore_config config;
  detail::parse_notes notes;
  if (root.IsNull() || !root.IsDefined()) {
    sink.add("", "", "the file is empty; start from config/glasscore.yaml");
    return unexpected<problem_list>(sink.take());
  }
  detail::mapping top(sink, root, "");
  if (!root.IsMap()) {
    return unexpected<problem_list>(sink.take());  // nothing else can be read
  }
  detail::read_network(top, config);
  detail::read_functions(top, config, notes);
  top.finish();
  detail::apply_defaults(config, notes);
  detail::check_consistency(sink, config, notes);
  if (!sink.empty()) {
    return unexpected<problem_list>(sink.take());
  }
  return config;
}

expected<glasscore_config, problem_list> load_config(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected<problem_list>(
        problem_list{problem{"", path.string(), "cannot open the configuration file", 0, 0}});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str());
}

std::string format_problems(const problem_list& problems) {
  std::string out;
  for (const problem& p : problems) {
    std::string line;
    if (p.path.empty() && p.line != 0) {
      line = "line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ": " +
             p.message;
    } else {
      line = p.path.empty() ? std::string() : p.path + ": ";
      if (!p.value.empty()) {
        line += p.value + ": ";
      }
      line += p.message;
      if (p.line != 0) {
        line += " (line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ")";
      }
    }
    // One problem per line, whatever the value or message contains.
    for (char& c : line) {
      if (c == '\n' || c == '\r') {
        c = ' ';
      }
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace glasscore::config
