// `glasscore subscriber add|list|show|del|import|export`: provisions the UDR's subscriber
// store (DESIGN.md §1; docs/subscriber-store.md). It opens the same data directory as the
// running core, so provisioning works while the core runs. Exit codes: 0 done, 1 bad input or
// a store error, 2 a usage error.
#include <fcntl.h>
#include <unistd.h>

#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "commands.h"
#include "glasscore/config/config.h"
#include "glasscore/core/hex.h"
#include "glasscore/store/json.h"
#include "glasscore/store/sqlite_store.h"

namespace glasscore::app {
namespace {

using store::subscriber;

constexpr std::string_view default_config = "config/glasscore.yaml";

constexpr std::string_view usage_text = R"(usage: glasscore subscriber <action> [options]

actions:
  add     --imsi DIGITS --k HEX (--opc HEX | --op HEX) [--amf HEX] [--sqn N]
          [--auth-method 5G_AKA|EAP_AKA_PRIME] [--msisdn DIGITS]
          [--slice SST[:SD]]... [--dnn NAME]... [--ambr-ul KBPS] [--ambr-dl KBPS]
          The first --slice is the default S-NSSAI and the first --dnn each slice's default
          DNN; every --dnn is allowed on every --slice. Without --slice or --dnn, the slices
          and DNNs declared in the configuration are used (SST 1 and "internet" without one).
  list    [--after IMSI] [--limit N]        a table of subscribers in IMSI order
  show    IMSI [--show-keys]                one subscriber as JSON; K and OPc/OP are
                                            redacted unless --show-keys
  del     IMSI                              delete a subscriber
  import  FILE [--replace]                  add every subscriber of an export file, or none
                                            ("-" reads stdin; --replace overwrites existing)
  export  [FILE]                            write every subscriber as JSON (default stdout)

where the store is (one of):
  -c, --config FILE   the data directory is udr.data_directory of FILE
                      (default: config/glasscore.yaml when it exists)
  --data-dir DIR      this data directory (overrides the configuration's)
)";

/// A usage error (exit 2) or bad input (exit 1), carried to the one place that prints it.
struct command_error {
  int exit_code = 1;
  std::string message;
};

unexpected<command_error> bad_input(std::string message) {
  return unexpected<command_error>(command_error{1, std::move(message)});
}
unexpected<command_error> usage_error(std::string message) {
  return unexpected<command_error>(command_error{2, std::move(message)});
}

// --- argument parsing ------------------------------------------------------------------------

struct parsed_args {
  std::map<std::string, std::vector<std::string>, std::less<>> values;
  std::set<std::string, std::less<>> flags;
  std::vector<std::string> positional;

  [[nodiscard]] std::optional<std::string> last(std::string_view option) const {
    const auto it = values.find(option);
    return it == values.end() ? std::nullopt : std::optional(it->second.back());
  }
  [[nodiscard]] std::vector<std::string> all(std::string_view option) const {
    const auto it = values.find(option);
    return it == values.end() ? std::vector<std::string>{} : it->second;
  }
};

struct action_spec {
  std::vector<std::string_view> value_options;
  std::vector<std::string_view> flag_options;
  std::size_t max_positional = 0;
};

expected<parsed_args, command_error> parse_args(std::string_view action, std::span<char*> args,
                                                const action_spec& spec) {
  parsed_args out;
  const auto has = [](const std::vector<std::string_view>& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> inline_value;
    if (arg.starts_with("--") && arg.find('=') != std::string::npos) {
      inline_value = arg.substr(arg.find('=') + 1);
      arg.resize(arg.find('='));
    }
    if (arg == "-c") {
      arg = "--config";
    }
    const bool common = arg == "--config" || arg == "--data-dir";
    if (common || has(spec.value_options, arg)) {
      if (!inline_value && i + 1 >= args.size()) {
        return usage_error(fmt::format("{}: needs a value", arg));
      }
      out.values[arg].push_back(inline_value ? *inline_value : std::string(args[++i]));
    } else if (has(spec.flag_options, arg) && !inline_value) {
      out.flags.insert(arg);
    } else if (arg.size() > 1 && arg.starts_with('-')) {
      return usage_error(fmt::format("unknown option '{}' for '{}'", arg, action));
    } else if (out.positional.size() < spec.max_positional) {
      out.positional.push_back(arg);
    } else {
      return usage_error(fmt::format("unexpected argument '{}'", arg));
    }
  }
  return out;
}

// --- where the store is ----------------------------------------------------------------------

struct context {
  std::filesystem::path data_directory;
  std::optional<config::glasscore_config> config;
};

expected<context, command_error> load_context(const parsed_args& args) {
  context ctx;
  auto config_path = args.last("--config");
  const auto data_dir = args.last("--data-dir");
  std::error_code ec;
  if (!config_path && !data_dir && std::filesystem::exists(default_config, ec)) {
    config_path = std::string(default_config);
  }
  if (config_path) {
    auto loaded = config::load_config(*config_path);
    if (!loaded) {
      return bad_input(fmt::format("{}: {} problem{}\n{}", *config_path, loaded.error().size(),
                                   loaded.error().size() == 1 ? "" : "s",
                                   config::format_problems(loaded.error())));
    }
    ctx.data_directory = loaded->udr.data_directory;
    ctx.config = std::move(*loaded);
  }
  if (data_dir) {
    if (data_dir->empty()) {
      return usage_error("--data-dir: needs a directory");
    }
    ctx.data_directory = *data_dir;
  }
  if (ctx.data_directory.empty()) {
    return usage_error(
        fmt::format("no store given: pass --data-dir DIR or -c FILE ({} does not "
                    "exist here)",
                    default_config));
  }
  return ctx;
}

expected<std::unique_ptr<store::subscriber_store>, command_error> open_store(const context& ctx) {
  auto opened = store::open_sqlite_store(ctx.data_directory);
  if (!opened) {
    return bad_input(fmt::format("subscriber store in {}: {}", ctx.data_directory.string(),
                                 opened.error().message));
  }
  return std::move(*opened);
}

unexpected<command_error> store_failure(const store::store_error& e) {
  return bad_input(e.message);
}

// --- add -------------------------------------------------------------------------------------

template <std::size_t N>
expected<std::array<std::uint8_t, N>, command_error> hex_option(std::string_view option,
                                                                std::string_view text,
                                                                std::string_view what) {
  auto bytes = store::parse_hex_exact(text, N, what);
  if (!bytes) {
    return bad_input(fmt::format("{}: {}", option, bytes.error()));
  }
  std::array<std::uint8_t, N> out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

expected<std::uint64_t, command_error> number_option(std::string_view option, std::string_view text,
                                                     std::uint64_t max) {
  std::uint64_t value = 0;
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    base = 16;
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > max) {
    return bad_input(
        fmt::format("{}: expected a number from 0 to {}, got '{}'", option, max, text));
  }
  return value;
}

// "1", "1:000001" or "1/000001" (the configuration's spelling).
expected<store::snssai, command_error> slice_option(std::string_view text) {
  const auto fail_with = [&] {
    return bad_input(
        fmt::format("--slice: expected SST (0-255) or SST:SD (SD as 6 hex digits), "
                    "got '{}'",
                    text));
  };
  const auto separator = text.find_first_of(":/");
  store::snssai out;
  auto sst = number_option("--slice", text.substr(0, separator), 255);
  if (!sst || text.substr(0, separator).starts_with("0x")) {
    return fail_with();
  }
  out.sst = static_cast<std::uint8_t>(*sst);
  if (separator != std::string_view::npos) {
    auto sd = store::parse_hex_exact(text.substr(separator + 1), 3, "24-bit SD");
    if (!sd) {
      return fail_with();
    }
    out.sd = (std::uint32_t{(*sd)[0]} << 16) | (std::uint32_t{(*sd)[1]} << 8) | (*sd)[2];
  }
  return out;
}

// A DNN subscription with the configuration's values for that DNN where it declares one.
store::dnn_subscription dnn_from_config(const std::string& name, const context& ctx) {
  store::dnn_subscription d;
  d.dnn = name;
  if (!ctx.config) {
    return d;
  }
  for (const config::dnn_config& c : ctx.config->dnns) {
    if (c.name != name) {
      continue;
    }
    d.default_5qi = c.default_5qi;
    d.session_ambr = {c.ambr.uplink_kbps, c.ambr.downlink_kbps};
    if (c.ipv4_pool && c.ipv6_pool) {
      d.pdu_session_types = {store::pdu_session_type::ipv4v6, store::pdu_session_type::ipv4,
                             store::pdu_session_type::ipv6};
    } else if (c.ipv6_pool) {
      d.pdu_session_types = {store::pdu_session_type::ipv6};
    }
  }
  return d;
}

expected<subscriber, command_error> build_subscriber(const parsed_args& args, const context& ctx) {
  const auto imsi = args.last("--imsi");
  const auto k = args.last("--k");
  const auto opc = args.last("--opc");
  const auto op = args.last("--op");
  if (!imsi || !k || (!opc && !op)) {
    return usage_error("add needs --imsi, --k and one of --opc or --op");
  }
  if (opc && op) {
    return usage_error("--opc and --op: give one, not both");
  }
  subscriber s;
  s.imsi = *imsi;
  if (auto valid = store::validate_imsi(s.imsi); !valid) {
    return bad_input("--imsi: " + valid.error().message);
  }
  if (const auto msisdn = args.last("--msisdn")) {
    s.msisdn = *msisdn;
  }
  auto key = hex_option<16>("--k", *k, "128-bit key");
  auto opkey = hex_option<16>(opc ? "--opc" : "--op", opc ? *opc : *op, "128-bit key");
  if (!key || !opkey) {
    return unexpected<command_error>(!key ? key.error() : opkey.error());
  }
  s.auth.k = *key;
  s.auth.opc = {opc ? store::operator_key_kind::opc : store::operator_key_kind::op, *opkey};
  if (const auto amf = args.last("--amf")) {
    auto value = hex_option<2>("--amf", *amf, "16-bit AMF");
    if (!value) {
      return unexpected<command_error>(value.error());
    }
    s.auth.amf = *value;
  }
  if (const auto sqn = args.last("--sqn")) {
    auto value = number_option("--sqn", *sqn, store::sqn_max);
    if (!value) {
      return unexpected<command_error>(value.error());
    }
    s.auth.sqn = *value;
  }
  if (const auto method = args.last("--auth-method")) {
    const auto parsed = store::parse_auth_method(*method);
    if (!parsed) {
      return bad_input(
          fmt::format("--auth-method: expected 5G_AKA or EAP_AKA_PRIME, got '{}'", *method));
    }
    s.auth.method = *parsed;
  }
  for (const auto& [option, field] : {std::pair{"--ambr-ul", &s.ue_ambr.uplink_kbps},
                                      std::pair{"--ambr-dl", &s.ue_ambr.downlink_kbps}}) {
    if (const auto text = args.last(option)) {
      auto value = number_option(option, *text, std::uint64_t{1} << 52);
      if (!value) {
        return unexpected<command_error>(value.error());
      }
      *field = *value;
    }
  }

  std::vector<store::snssai> slices;
  for (const std::string& text : args.all("--slice")) {
    auto slice = slice_option(text);
    if (!slice) {
      return unexpected<command_error>(slice.error());
    }
    slices.push_back(*slice);
  }
  if (slices.empty() && ctx.config) {
    for (const config::snssai& c : ctx.config->slices) {
      slices.push_back(store::snssai{c.sst, c.sd});
    }
  }
  if (slices.empty()) {
    slices.push_back(store::snssai{});
  }
  std::vector<std::string> dnns = args.all("--dnn");
  for (const std::string& dnn : dnns) {
    if (auto valid = store::validate_dnn(dnn); !valid) {
      return bad_input("--dnn: " + valid.error().message);
    }
  }
  if (dnns.empty() && ctx.config) {
    for (const config::dnn_config& c : ctx.config->dnns) {
      dnns.push_back(c.name);
    }
  }
  if (dnns.empty()) {
    dnns.emplace_back("internet");
  }
  for (const store::snssai& nssai : slices) {
    store::slice_subscription slice;
    slice.nssai = nssai;
    slice.is_default = slices.front() == nssai;
    slice.default_dnn = dnns.front();
    for (const std::string& dnn : dnns) {
      slice.dnns.push_back(dnn_from_config(dnn, ctx));
    }
    s.slices.push_back(std::move(slice));
  }
  if (auto valid = store::validate(s); !valid) {
    // Options map one to one to fields, so the field names what to fix (duplicates, mostly).
    return bad_input(fmt::format("{}: {}", valid.error().field, valid.error().message));
  }
  return s;
}

expected<void, command_error> add(const parsed_args& args) {
  auto ctx = load_context(args);
  if (!ctx) {
    return unexpected<command_error>(ctx.error());
  }
  auto s = build_subscriber(args, *ctx);
  if (!s) {
    return unexpected<command_error>(s.error());
  }
  auto db = open_store(*ctx);
  if (!db) {
    return unexpected<command_error>(db.error());
  }
  if (auto created = (*db)->create(*s); !created) {
    return store_failure(created.error());
  }
  std::string slices;
  for (const auto& slice : s->slices) {
    slices += (slices.empty() ? "" : ", ") + slice.nssai.to_string();
  }
  std::string dnns;
  for (const auto& d : s->slices.front().dnns) {
    dnns += (dnns.empty() ? "" : ", ") + d.dnn;
  }
  fmt::print("added subscriber {} (slices {}; DNNs {})\n", s->imsi, slices, dnns);
  return {};
}

// --- list, show, del -------------------------------------------------------------------------

// Every subscriber, page by page, optionally starting after an IMSI and stopping at `limit`.
expected<std::vector<subscriber>, command_error> read_all(store::subscriber_store& db,
                                                          std::string after, std::size_t limit) {
  std::vector<subscriber> out;
  while (out.size() < limit) {
    auto page = db.list(after, std::min<std::size_t>(limit - out.size(), 500));
    if (!page) {
      return store_failure(page.error());
    }
    std::move(page->subscribers.begin(), page->subscribers.end(), std::back_inserter(out));
    if (!page->next_after) {
      break;
    }
    after = *page->next_after;
  }
  return out;
}

expected<void, command_error> list(const parsed_args& args) {
  std::size_t limit = SIZE_MAX;
  if (const auto text = args.last("--limit")) {
    auto value = number_option("--limit", *text, 1'000'000'000);
    if (!value) {
      return unexpected<command_error>(value.error());
    }
    limit = *value;
  }
  auto ctx = load_context(args);
  if (!ctx) {
    return unexpected<command_error>(ctx.error());
  }
  auto db = open_store(*ctx);
  if (!db) {
    return unexpected<command_error>(db.error());
  }
  auto all = read_all(**db, args.last("--after").value_or(""), limit);
  if (!all) {
    return unexpected<command_error>(all.error());
  }
  fmt::print("{:<16} {:<16} {:<14} {:<13} {:<24} {}\n", "IMSI", "MSISDN", "AUTH", "SQN", "SLICES",
             "DNNS");
  for (const subscriber& s : *all) {
    std::string slices;
    std::set<std::string> dnns;
    for (const auto& slice : s.slices) {
      slices += (slices.empty() ? "" : ",") + slice.nssai.to_string();
      for (const auto& d : slice.dnns) {
        dnns.insert(d.dnn);
      }
    }
    std::string dnn_list;
    for (const auto& d : dnns) {
      dnn_list += (dnn_list.empty() ? "" : ",") + d;
    }
    fmt::print("{:<16} {:<16} {:<14} {:012x}  {:<24} {}\n", s.imsi, s.msisdn.value_or("-"),
               store::to_string(s.auth.method), s.auth.sqn, slices, dnn_list);
  }
  fmt::print("{} subscriber{}\n", all->size(), all->size() == 1 ? "" : "s");
  return {};
}

expected<std::string, command_error> imsi_argument(const parsed_args& args) {
  std::optional<std::string> imsi = args.last("--imsi");
  if (!args.positional.empty()) {
    imsi = args.positional.front();
  }
  if (!imsi) {
    return usage_error("needs an IMSI (as an argument or with --imsi)");
  }
  if (auto valid = store::validate_imsi(*imsi); !valid) {
    return bad_input("IMSI: " + valid.error().message);
  }
  return *imsi;
}

expected<void, command_error> show(const parsed_args& args) {
  auto imsi = imsi_argument(args);
  if (!imsi) {
    return unexpected<command_error>(imsi.error());
  }
  auto ctx = load_context(args);
  if (!ctx) {
    return unexpected<command_error>(ctx.error());
  }
  auto db = open_store(*ctx);
  if (!db) {
    return unexpected<command_error>(db.error());
  }
  auto s = (*db)->get(*imsi);
  if (!s) {
    return store_failure(s.error());
  }
  std::string text = store::subscriber_to_json(*s);
  if (!args.flags.contains("--show-keys")) {
    // Keys are written as quoted hex strings; replace exactly those values.
    for (const auto& key : {s->auth.k, s->auth.opc.value}) {
      const std::string quoted = "\"" + to_hex(key) + "\"";
      for (auto at = text.find(quoted); at != std::string::npos; at = text.find(quoted)) {
        text.replace(at, quoted.size(), "\"(redacted; --show-keys shows it)\"");
      }
    }
  }
  fmt::print("{}\n", text);
  return {};
}

expected<void, command_error> del(const parsed_args& args) {
  auto imsi = imsi_argument(args);
  if (!imsi) {
    return unexpected<command_error>(imsi.error());
  }
  auto ctx = load_context(args);
  if (!ctx) {
    return unexpected<command_error>(ctx.error());
  }
  auto db = open_store(*ctx);
  if (!db) {
    return unexpected<command_error>(db.error());
  }
  if (auto removed = (*db)->remove(*imsi); !removed) {
    return store_failure(removed.error());
  }
  fmt::print("deleted subscriber {}\n", *imsi);
  return {};
}

// --- import, export --------------------------------------------------------------------------

expected<void, command_error> import(const parsed_args& args) {
  if (args.positional.empty()) {
    return usage_error("import needs a FILE (\"-\" for stdin)");
  }
  const std::string& file = args.positional.front();
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      return bad_input(fmt::format("{}: cannot read: {}", file, std::strerror(errno)));
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto parsed = store::import_json(text);
  if (!parsed) {
    const auto& e = parsed.error();
    return bad_input(fmt::format("{}: {}{}{}; nothing imported", file, e.field,
                                 e.field.empty() ? "" : ": ", e.message));
  }
  auto ctx = load_context(args);
  if (!ctx) {
    return unexpected<command_error>(ctx.error());
  }
  auto db = open_store(*ctx);
  if (!db) {
    return unexpected<command_error>(db.error());
  }
  if (auto done = (*db)->import_all(*parsed, args.flags.contains("--replace")); !done) {
    return bad_input(fmt::format("{}: {}; nothing imported", file, done.error().message));
  }
  fmt::print(stderr, "imported {} subscriber{}\n", parsed->size(), parsed->size() == 1 ? "" : "s");
  return {};
}

expected<void, command_error> write_private_file(const std::string& file, const std::string& text) {
  // 0600: an export holds every subscriber's K and OPc.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return bad_input(fmt::format("{}: cannot write: {}", file, std::strerror(errno)));
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      const int saved = errno;
      ::close(fd);
      return bad_input(fmt::format("{}: write failed: {}", file, std::strerror(saved)));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    return bad_input(fmt::format("{}: write failed: {}", file, std::strerror(errno)));
  }
  return {};
}

expected<void, command_error> export_all(const parsed_args& args) {
  auto ctx = load_context(args);
  if (!ctx) {
    return unexpected<command_error>(ctx.error());
  }
  auto db = open_store(*ctx);
  if (!db) {
    return unexpected<command_error>(db.error());
  }
  auto all = read_all(**db, "", SIZE_MAX);
  if (!all) {
    return unexpected<command_error>(all.error());
  }
  const std::string text = store::export_json(*all);
  if (args.positional.empty() || args.positional.front() == "-") {
    fmt::print("{}", text);
  } else if (auto written = write_private_file(args.positional.front(), text); !written) {
    return written;
  }
  fmt::print(stderr, "exported {} subscriber{}\n", all->size(), all->size() == 1 ? "" : "s");
  return {};
}

}  // namespace

int subscriber_command(std::span<char*> args) {
  const std::string_view action = args.empty() ? "" : args[0];
  struct entry {
    std::string_view name;
    action_spec spec;
    expected<void, command_error> (*run)(const parsed_args&);
  };
  const entry actions[] = {
      {"add",
       {{"--imsi", "--k", "--opc", "--op", "--amf", "--sqn", "--auth-method", "--msisdn", "--slice",
         "--dnn", "--ambr-ul", "--ambr-dl"},
        {},
        0},
       add},
      {"list", {{"--after", "--limit"}, {}, 0}, list},
      {"show", {{"--imsi"}, {"--show-keys"}, 1}, show},
      {"del", {{"--imsi"}, {}, 1}, del},
      {"import", {{}, {"--replace"}, 1}, import},
      {"export", {{}, {}, 1}, export_all},
  };
  if (action == "help" || action == "--help" || action == "-h") {
    fmt::print("{}", usage_text);
    return 0;
  }
  const auto* chosen = std::find_if(std::begin(actions), std::end(actions),
                                    [&](const entry& e) { return e.name == action; });
  if (chosen == std::end(actions)) {
    fmt::print(stderr, "{}{}", action.empty() ? "" : "glasscore subscriber: unknown action\n",
               usage_text);
    return 2;
  }
  auto parsed = parse_args(action, args.subspan(1), chosen->spec);
  expected<void, command_error> done = unexpected<command_error>(command_error{});
  if (parsed) {
    done = chosen->run(*parsed);
  } else {
    done = unexpected<command_error>(parsed.error());
  }
  if (!done) {
    fmt::print(stderr, "glasscore subscriber {}: {}\n", action, done.error().message);
    if (done.error().exit_code == 2) {
      fmt::print(stderr, "(see 'glasscore subscriber help')\n");
    }
    return done.error().exit_code;
  }
  return 0;
}

}  // namespace glasscore::app
