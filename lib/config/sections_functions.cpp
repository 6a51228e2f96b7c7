// The per-NF sections and logging/metrics.

#include <algorithm>
#include <cctype>

#include "glasscore/core/hex.h"
#include "sections.h"

namespace glasscore::config::detail {

namespace {

void read_sbi(mapping& parent, sbi_server& sbi) {
  auto node = parent.get("sbi");
  if (!node) {
    return;
  }
  mapping m(parent.sink(), *node, parent.child("sbi"));
  m.read("address", sbi.address, address_value());
  m.read("port", sbi.port, port_value());
  m.read("scheme", sbi.scheme,
         enum_value<sbi_scheme>({{"http", sbi_scheme::http}, {"https", sbi_scheme::https}}));
  if (auto tls = m.get("tls")) {
    mapping t(m.sink(), *tls, m.child("tls"));
    t.read("certificate", sbi.tls_certificate, name_value("a PEM certificate file"));
    t.read("private_key", sbi.tls_private_key, name_value("a PEM private key file"));
    t.finish();
  }
  m.finish();
}

void read_sbi_only(mapping& top, std::string_view name, nf_sbi_config& nf) {
  if (auto node = top.get(name)) {
    mapping m(top.sink(), *node, top.child(name));
    read_sbi(m, nf.sbi);
    m.finish();
  }
}

void read_amf(mapping& m, amf_config& amf, parse_notes& notes) {
  problem_sink& sink = m.sink();
  m.read("name", amf.name, name_value("an AMF name"));
  m.read("relative_capacity", amf.relative_capacity, uint_value(0, 255, "0-255"));
  // TS 38.413 §9.3.3.21: AMF Name is a PrintableString of 1 to 150 characters.
  if (amf.name.size() > 150 || !std::all_of(amf.name.begin(), amf.name.end(),
                                            [](unsigned char c) { return std::isprint(c) != 0; })) {
    sink.add_at(m.child("name"), amf.name, "expected at most 150 printable characters");
  }
  // TS 23.003 §2.10.1: AMF Region ID 8 bits, AMF Set ID 10 bits, AMF Pointer 6 bits.
  m.read("region_id", amf.region_id, uint_value(0, 255, "8 bits"));
  m.read("set_id", amf.set_id, uint_value(0, 1023, "10 bits"));
  m.read("pointer", amf.pointer, uint_value(0, 63, "6 bits"));
  m.read("n2_address", amf.n2_address, address_value());
  m.read("n2_port", amf.n2_port, port_value());
  read_sbi(m, amf.sbi);

  if (auto tais = m.get("tais")) {
    notes.amf_tais_given = true;
    for_each_item(sink, *tais, m.child("tais"), [&](const YAML::Node& item, const std::string& at) {
      mapping t(sink, item, at);
      tai& entry = amf.tais.emplace_back();
      const bool mcc = t.read("mcc", entry.plmn.mcc, string_value());
      const bool mnc = t.read("mnc", entry.plmn.mnc, string_value());
      t.require("tac", entry.tac, tac_value());
      if (t.has("mcc") != t.has("mnc")) {
        sink.add_at(at, "", "give both mcc and mnc, or neither to use the only declared PLMN");
      } else if (mcc && mnc) {
        check_plmn_digits(t, entry.plmn);
      }
      t.finish();
      notes.tai_plmn_given.push_back(t.has("mcc") || t.has("mnc"));
    });
  }
  notes.amf_slices_given = m.has("slices");
  m.read("slices", amf.slices, list_of(snssai_value()));

  if (auto security = m.get("security")) {
    mapping s(sink, *security, m.child("security"));
    s.read("integrity", amf.integrity,
           list_of(enum_value<integrity_algorithm>({{"nia0", integrity_algorithm::nia0},
                                                    {"nia1", integrity_algorithm::nia1},
                                                    {"nia2", integrity_algorithm::nia2},
                                                    {"nia3", integrity_algorithm::nia3}})));
    s.read("ciphering", amf.ciphering,
           list_of(enum_value<ciphering_algorithm>({{"nea0", ciphering_algorithm::nea0},
                                                    {"nea1", ciphering_algorithm::nea1},
                                                    {"nea2", ciphering_algorithm::nea2},
                                                    {"nea3", ciphering_algorithm::nea3}})));
    s.read("allow_nia0_for_emergency", amf.allow_nia0_for_emergency, bool_value());
    s.finish();
  }

  if (auto timers = m.get("timers")) {
    mapping t(sink, *timers, m.child("timers"));
    // Bounds are what the NAS encodings can carry: T3512 is a GPRS timer 3 (at most
    // 31 x 320 h, TS 24.008 §10.5.7.4a), T3502 a GPRS timer 2 (at most 31 x 6 min,
    // §10.5.7.4); retransmission timers are the AMF's own, kept to a minute.
    t.read("t3512", amf.timers.t3512, uint_value(2, 31ULL * 320 * 3600, "seconds"));
    t.read("t3502", amf.timers.t3502, uint_value(2, 31 * 6 * 60, "seconds"));
    t.read("t3550", amf.timers.t3550, uint_value(1, 60, "seconds"));
    t.read("t3560", amf.timers.t3560, uint_value(1, 60, "seconds"));
    t.read("t3570", amf.timers.t3570, uint_value(1, 60, "seconds"));
    t.read("t3522", amf.timers.t3522, uint_value(1, 60, "seconds"));
    t.read("reachability_margin", amf.timers.reachability_margin,
           uint_value(0, 24 * 3600, "seconds"));
    t.read("implicit_deregistration", amf.timers.implicit_deregistration,
           uint_value(1, 7 * 24 * 3600, "seconds"));
    t.finish();
  }

  if (auto overload = m.get("overload")) {
    mapping o(sink, *overload, m.child("overload"));
    o.read("max_registrations_in_progress", amf.overload.max_registrations_in_progress,
           uint_value(1, 1'000'000, "registrations"));
    // 0: refuse at once when full. At most 10 s, so the UE's T3510 (15 s) does not expire
    // while the registration waits.
    o.read("max_admission_wait", amf.overload.max_admission_wait, uint_value(0, 10, "seconds"));
    // T3346 is a GPRS timer 2 (§10.5.7.4); 3/2 of it must still fit: at most 124 min.
    o.read("t3346", amf.overload.t3346, uint_value(2, 31 * 6 * 60 * 2 / 3, "seconds"));
    o.finish();
  }
}

void read_udm(mapping& m, udm_config& udm) {
  problem_sink& sink = m.sink();
  read_sbi(m, udm.sbi);
  if (auto suci = m.get("suci")) {
    mapping s(sink, *suci, m.child("suci"));
    s.read("allow_null_scheme", udm.allow_null_scheme, bool_value());
    if (auto keys = s.get("home_network_keys")) {
      for_each_item(sink, *keys, s.child("home_network_keys"),
                    [&](const YAML::Node& item, const std::string& at) {
                      mapping k(sink, item, at);
                      home_network_key& key = udm.home_network_keys.emplace_back();
                      // TS 24.501 §9.11.3.4: identifier 0-255; 0 is left unused here so
                      // that a forgotten id is not silently a valid one.
                      k.require("id", key.id, uint_value(1, 255));
                      k.require("scheme", key.scheme,
                                enum_value<suci_scheme>({{"profile_a", suci_scheme::profile_a},
                                                         {"profile_b", suci_scheme::profile_b}}));
                      std::string text;
                      if (k.require("private_key", text, string_value())) {
                        auto bytes = from_hex_array<32>(text);
                        const bool zero =
                            bytes && std::all_of(bytes->begin(), bytes->end(),
                                                 [](std::uint8_t b) { return b == 0; });
                        if (!bytes || zero) {
                          // The key itself is secret: report its length, never its digits.
                          sink.add_at(k.child("private_key"),
                                      "<" + std::to_string(text.size()) + " characters>",
                                      "expected a non-zero 32-byte private key as 64 hex digits");
                        } else {
                          key.private_key = *bytes;
                        }
                      }
                      k.finish();
                    });
    }
    s.finish();
  }
}

void read_smf(mapping& m, smf_config& smf, parse_notes& notes) {
  problem_sink& sink = m.sink();
  read_sbi(m, smf.sbi);
  m.read("n4_address", smf.n4_address, address_value());
  if (auto upfs = m.get("upfs")) {
    notes.smf_upfs_given = true;
    for_each_item(sink, *upfs, m.child("upfs"), [&](const YAML::Node& item, const std::string& at) {
      mapping u(sink, item, at);
      upf_peer& upf = smf.upfs.emplace_back();
      u.require("name", upf.name, name_value("a UPF name"));
      u.require("n4_address", upf.n4_address, address_value());
      u.read("dnns", upf.dnns, list_of(string_value()));
      u.read("slices", upf.slices, list_of(snssai_value()));
      std::vector<std::uint64_t> tacs;
      u.read("tacs", tacs, list_of(tac_value()));
      upf.tacs.assign(tacs.begin(), tacs.end());
      u.read("anchor", upf.anchor, bool_value());
      notes.upf_dnns_given.push_back(u.has("dnns"));
      notes.upf_slices_given.push_back(u.has("slices"));
      u.finish();
    });
  }
}

void read_upf(mapping& m, upf_config& upf) {
  m.read("n3_address", upf.n3_address, address_value());
  m.read("n4_address", upf.n4_address, address_value());
  m.read("worker_threads", upf.worker_threads, uint_value(1, 256));
  // IFNAMSIZ is 16 with the terminator; a name is one path component under /sys/class/net.
  if (m.read("tun_device", upf.tun_device, name_value("a network interface name")) &&
      (upf.tun_device.size() > 15 || upf.tun_device == "." || upf.tun_device == ".." ||
       std::any_of(upf.tun_device.begin(), upf.tun_device.end(), [](unsigned char c) {
         return c == '/' || c == ':' || std::isspace(c) != 0 || std::isprint(c) == 0;
       }))) {
    m.sink().add_at(m.child("tun_device"), upf.tun_device,
                    "expected an interface name of at most 15 characters without '/', ':' "
                    "or spaces");
  }
}

// The same grammar as glasscore::log::configure(): "level" or "component=level" entries.
bool valid_log_spec(std::string_view spec) {
  static constexpr std::string_view levels[] = {"trace", "debug",    "info", "warn",
                                                "error", "critical", "off"};
  const auto is_level = [](std::string_view name) {
    return std::find(std::begin(levels), std::end(levels), name) != std::end(levels);
  };
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = spec.find(',', start);
    const std::string_view entry = spec.substr(start, comma - start);
    const std::size_t eq = entry.find('=');
    if (entry.empty() ||
        (eq == std::string_view::npos ? !is_level(entry)
                                      : eq == 0 || !is_level(entry.substr(eq + 1)))) {
      return false;
    }
    if (comma == std::string_view::npos) {
      return true;
    }
    start = comma + 1;
  }
}

template <class Section, class Read>
void section(mapping& top, std::string_view name, Section& out, Read read) {
  if (auto node = top.get(name)) {
    mapping m(top.sink(), *node, top.child(name));
    read(m, out);
    m.finish();
  }
}

}  // namespace

void read_functions(mapping& top, glasscore_config& config, parse_notes& notes) {
  section(top, "amf", config.amf, [&](mapping& m, amf_config& amf) { read_amf(m, amf, notes); });
  read_sbi_only(top, "ausf", config.ausf);
  section(top, "udm", config.udm, read_udm);
  section(top, "udr", config.udr, [](mapping& m, udr_config& udr) {
    read_sbi(m, udr.sbi);
    m.read("data_directory", udr.data_directory, name_value("a directory"));
  });
  section(top, "nrf", config.nrf, [](mapping& m, nrf_config& nrf) {
    read_sbi(m, nrf.sbi);
    if (m.read("uri", nrf.uri, name_value("a URI")) && !nrf.uri.starts_with("http://") &&
        !nrf.uri.starts_with("https://")) {
      m.sink().add_at(m.child("uri"), nrf.uri,
                      "expected an http:// or https:// URI such as http://127.0.0.10:7777");
    }
  });
  section(top, "smf", config.smf, [&](mapping& m, smf_config& smf) { read_smf(m, smf, notes); });
  read_sbi_only(top, "pcf", config.pcf);
  read_sbi_only(top, "nssf", config.nssf);
  section(top, "upf", config.upf, read_upf);
  section(top, "logging", config.logging, [](mapping& m, logging_config& logging) {
    if (m.read("level", logging.level, string_value()) && !valid_log_spec(logging.level)) {
      m.sink().add_at(m.child("level"), logging.level,
                      "expected a level (trace, debug, info, warn, error, critical, off), "
                      "optionally with component=level overrides, e.g. \"info,amf=debug\"");
    }
    m.read("redaction", logging.redaction, bool_value());
  });
  section(top, "metrics", config.metrics, [](mapping& m, metrics_config& metrics) {
    m.read("enabled", metrics.enabled, bool_value());
    m.read("address", metrics.address, address_value());
    m.read("port", metrics.port, port_value());
  });
}

}  // namespace glasscore::config::detail
