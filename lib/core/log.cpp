#include "glasscore/core/log.h"

#include <atomic>
#include <map>
#include <mutex>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>

#include "glasscore/core/hex.h"

namespace glasscore::log {

namespace {

struct registry {
  std::mutex mutex;
  spdlog::level::level_enum default_level = spdlog::level::info;
  std::map<std::string, spdlog::level::level_enum, std::less<>> overrides;
  std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;
  spdlog::sink_ptr sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();

  spdlog::level::level_enum level_for(std::string_view component) const {
    auto it = overrides.find(component);
    return it == overrides.end() ? default_level : it->second;
  }
};

registry& the_registry() {
  static registry r;
  return r;
}

std::atomic<bool> redaction{true};

// Fields of `text` between `sep` characters, empty ones included. (Not std::views::split:
// clang 14, which the fuzz build uses, cannot compile libstdc++ 12's ranges.)
std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (std::size_t at = text.find(sep); at != std::string_view::npos; at = text.find(sep, start)) {
    fields.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  fields.push_back(text.substr(start));
  return fields;
}

expected<spdlog::level::level_enum, log_error> parse_level(std::string_view name) {
  static constexpr std::string_view names[] = {"trace", "debug",    "info", "warn",
                                               "error", "critical", "off"};
  for (std::size_t i = 0; i < std::size(names); ++i) {
    if (name == names[i]) {
      return static_cast<spdlog::level::level_enum>(i);
    }
  }
  return fail(log_error::bad_level);
}

}  // namespace

std::string_view to_string(log_error e) {
  switch (e) {
    case log_error::bad_level:
      return "unknown log level (expected trace, debug, info, warn, error, critical or off)";
    case log_error::bad_syntax:
      return "log spec entries must be 'level' or 'component=level'";
  }
  return "unknown log error";
}

std::shared_ptr<spdlog::logger> get(std::string_view component) {
  registry& r = the_registry();
  std::scoped_lock lock(r.mutex);
  if (auto it = r.loggers.find(component); it != r.loggers.end()) {
    return it->second;
  }
  auto logger = std::make_shared<spdlog::logger>(std::string(component), r.sink);
  logger->set_level(r.level_for(component));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ [%n] %v");
  r.loggers.emplace(std::string(component), logger);
  return logger;
}

expected<void, log_error> configure(std::string_view spec) {
  spdlog::level::level_enum default_level = spdlog::level::info;
  std::map<std::string, spdlog::level::level_enum, std::less<>> overrides;
  for (std::string_view entry : split(spec, ',')) {
    if (entry.empty()) {
      return fail(log_error::bad_syntax);
    }
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) {
      auto level = parse_level(entry);
      if (!level) {
        return fail(level.error());
      }
      default_level = *level;
      continue;
    }
    const std::string_view name = entry.substr(0, eq);
    auto level = parse_level(entry.substr(eq + 1));
    if (name.empty()) {
      return fail(log_error::bad_syntax);
    }
    if (!level) {
      return fail(level.error());
    }
    overrides[std::string(name)] = *level;
  }

  registry& r = the_registry();
  std::scoped_lock lock(r.mutex);
  r.default_level = default_level;
  r.overrides = std::move(overrides);
  for (auto& [name, logger] : r.loggers) {
    logger->set_level(r.level_for(name));
  }
  return {};
}

void set_redaction(bool enabled) {
  redaction.store(enabled);
}
bool redaction_enabled() {
  return redaction.load();
}

std::string redact_identity(std::string_view identity) {
  if (!redaction_enabled()) {
    return std::string(identity);
  }
  if (identity.starts_with("imsi-")) {
    constexpr std::size_t kept = 5 + 5;  // "imsi-" and MCC + two MNC digits
    std::string out(identity.substr(0, std::min(kept, identity.size())));
    out.append(identity.size() > kept ? identity.size() - kept : 0, '*');
    return out;
  }
  if (identity.starts_with("nai-")) {
    const auto at = identity.rfind('@');
    return at == std::string_view::npos ? std::string("nai-***")
                                        : "nai-***" + std::string(identity.substr(at));
  }
  if (identity.starts_with("suci-")) {
    // suci-<type>-<mcc>-<mnc>-<routing>-<scheme>-<key id>-<output> (TS 29.503 §6.1.6.3.2).
    const auto fields = split(identity, '-');
    if (fields.size() == 8 && fields[5] != "0") {
      return std::string(identity);  // concealed: already safe to show
    }
    const auto last_dash = identity.rfind('-');
    return std::string(identity.substr(0, last_dash + 1)) + "***";
  }
  return "***";
}

std::string redact_key(byte_span key) {
  if (!redaction_enabled()) {
    return to_hex(key);
  }
  return "<" + std::to_string(key.size()) + "-byte secret>";
}

}  // namespace glasscore::log
