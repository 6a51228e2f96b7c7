// The network-wide sections (plmns, tacs, slices, dnns) and readers of the value types
// they share with the NF sections.

#include <algorithm>
#include <cctype>

#include "sections.h"

namespace glasscore::config::detail {

namespace {

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; });
}

// TS 23.003 §9.1: a DNN (APN network identifier) is dot-separated labels of letters,
// digits and hyphens, at most 63 octets in all.
bool valid_dnn(std::string_view name) {
  if (name.empty() || name.size() > 63 || name.front() == '.' || name.back() == '.' ||
      name.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '.'; });
}

}  // namespace

bool check_plmn_digits(mapping& m, const plmn_id& plmn) {
  bool ok = true;
  // TS 23.003 §2.2: MCC is 3 digits, MNC 2 or 3. Quoting keeps YAML from reading a
  // leading-zero value as a number, but an unquoted 001 arrives here as "001" as well.
  if (plmn.mcc.size() != 3 || !all_digits(plmn.mcc)) {
    m.sink().add_at(m.child("mcc"), plmn.mcc, "expected an MCC of exactly 3 digits, e.g. \"001\"");
    ok = false;
  }
  if (plmn.mnc.size() < 2 || plmn.mnc.size() > 3 || !all_digits(plmn.mnc)) {
    m.sink().add_at(m.child("mnc"), plmn.mnc,
                    "expected an MNC of 2 or 3 digits, e.g. \"01\" (\"01\" and \"001\" are "
                    "different networks)");
    ok = false;
  }
  return ok;
}

value_reader<plmn_id> plmn_value() {
  return [](problem_sink& sink, const YAML::Node& node,
            const std::string& path) -> std::optional<plmn_id> {
    mapping m(sink, node, path);
    plmn_id plmn;
    const bool mcc = m.require("mcc", plmn.mcc, string_value());
    const bool mnc = m.require("mnc", plmn.mnc, string_value());
    m.finish();
    const bool ok = mcc && mnc && check_plmn_digits(m, plmn);
    return ok ? std::optional(plmn) : std::nullopt;
  };
}

value_reader<snssai> snssai_value() {
  return [](problem_sink& sink, const YAML::Node& node,
            const std::string& path) -> std::optional<snssai> {
    mapping m(sink, node, path);
    snssai slice;
    bool ok = m.require("sst", slice.sst, uint_value(0, 255, "SST is 8 bits; 1 is eMBB"));
    std::string sd;
    if (m.read("sd", sd, string_value())) {
      // TS 23.003 §28.4.2: SD is 24 bits, written as 6 hex digits.
      const bool hex = sd.size() == 6 && std::all_of(sd.begin(), sd.end(), [](unsigned char c) {
                         return std::isxdigit(c) != 0;
                       });
      if (hex) {
        slice.sd = static_cast<std::uint32_t>(std::stoul(sd, nullptr, 16));
      } else {
        sink.add_at(m.child("sd"), sd,
                    "expected an SD of exactly 6 hex digits, e.g. \"000001\" (omit sd for a "
                    "slice without one)");
        ok = false;
      }
    } else if (m.has("sd")) {
      ok = false;
    }
    m.finish();
    return ok ? std::optional(slice) : std::nullopt;
  };
}

value_reader<std::uint64_t> tac_value() {
  return uint_value(0, 0xFFFFFF, "a TAC is 24 bits, 0x000000-0xFFFFFF");
}

value_reader<std::uint64_t> port_value() {
  return uint_value(0, 65535, "0 picks a free port");
}

value_reader<std::string> name_value(std::string_view what) {
  return [what = std::string(what)](problem_sink& sink, const YAML::Node& node,
                                    const std::string& path) -> std::optional<std::string> {
    auto text = string_value()(sink, node, path);
    if (text && text->empty()) {
      sink.bad_value(node, path, "expected " + what + ", found an empty value");
      return std::nullopt;
    }
    return text;
  };
}

namespace {

void read_dnn(problem_sink& sink, const YAML::Node& node, const std::string& path,
              dnn_config& dnn) {
  mapping m(sink, node, path);
  if (m.require("name", dnn.name, string_value()) && !valid_dnn(dnn.name)) {
    sink.add_at(m.child("name"), dnn.name,
                "expected a DNN of letters, digits, hyphens and dots, at most 63 characters "
                "(TS 23.003 §9.1), e.g. internet");
  }
  m.read("ipv4_pool", dnn.ipv4_pool, prefix_value(ip_family::v4));
  m.read("ipv6_pool", dnn.ipv6_pool, prefix_value(ip_family::v6));
  m.read("dns", dnn.dns, list_of(address_value()));
  m.read("mtu", dnn.mtu, uint_value(576, 9000, "bytes on the N6 side"));
  m.read("default_5qi", dnn.default_5qi, uint_value(1, 255, "9 is best-effort internet"));
  if (auto ambr = m.get("session_ambr")) {
    mapping a(sink, *ambr, m.child("session_ambr"));
    // TS 38.413 §9.3.1.4: a bit rate is at most 4 Tbit/s.
    a.read("uplink_kbps", dnn.ambr.uplink_kbps, uint_value(1, 4'000'000'000, "kbit/s"));
    a.read("downlink_kbps", dnn.ambr.downlink_kbps, uint_value(1, 4'000'000'000, "kbit/s"));
    a.finish();
  }
  m.finish();
  if (!sink.has_problem_under(path) && !dnn.ipv4_pool && !dnn.ipv6_pool) {
    sink.add_at(path, dnn.name, "a DNN needs an ipv4_pool, an ipv6_pool or both");
  }
  // Each UE gets a /64 from the IPv6 pool (TS 23.501 §5.8.2.2.3).
  if (dnn.ipv6_pool && dnn.ipv6_pool->length > 64) {
    sink.add_at(m.child("ipv6_pool"), dnn.ipv6_pool->to_string(),
                "expected a prefix of /64 or shorter: each UE is given a /64 from it");
  }
  if (dnn.ipv4_pool && dnn.ipv4_pool->length > 30) {
    sink.add_at(m.child("ipv4_pool"), dnn.ipv4_pool->to_string(),
                "expected a prefix of /30 or shorter: this one has no room for UEs");
  }
}

}  // namespace

void read_network(mapping& top, glasscore_config& config) {
  problem_sink& sink = top.sink();
  top.require("plmns", config.plmns, list_of(plmn_value()));
  std::vector<std::uint64_t> tacs;
  top.require("tacs", tacs, list_of(tac_value()));
  config.tacs.assign(tacs.begin(), tacs.end());
  top.require("slices", config.slices, list_of(snssai_value()));
  if (!top.has("dnns")) {
    top.mark_known("dnns");
    sink.add("dnns", "", "missing; this key is required");
    return;
  }
  if (auto dnns = top.get("dnns")) {
    for_each_item(sink, *dnns, "dnns", [&](const YAML::Node& item, const std::string& at) {
      read_dnn(sink, item, at, config.dnns.emplace_back());
    });
  }
}

}  // namespace glasscore::config::detail
