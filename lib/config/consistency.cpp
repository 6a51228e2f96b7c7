// Defaults that depend on other sections, and the checks that span sections. These are
// the mistakes users of other cores hit most: a TAI, slice or DNN that one NF uses but the
// network does not declare, or that no UPF serves, which shows up at run time only as a
// rejected registration or PDU session.

#include <algorithm>
#include <tuple>

#include "sections.h"

namespace glasscore::config::detail {

namespace {

template <class T, class Name>
std::string join(const std::vector<T>& items, Name name) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + name(item);
  }
  return out.empty() ? "none" : out;
}

std::string plmn_name(const plmn_id& p) {
  return p.to_string();
}
std::string slice_name(const snssai& s) {
  return s.to_string();
}
std::string tac_name(std::uint32_t t) {
  return std::to_string(t);
}
std::string dnn_name(const dnn_config& d) {
  return d.name;
}

template <class T>
bool contains(const std::vector<T>& items, const T& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// Reports every item equal to an earlier one.
template <class T, class Key, class Name>
void check_unique(problem_sink& sink, const std::string& path, const std::vector<T>& items, Key key,
                  Name name, std::string_view what) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string at = item_path(path, i);
    if (sink.has_problem_under(at)) {
      continue;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (!sink.has_problem_under(item_path(path, j)) && key(items[j]) == key(items[i])) {
        sink.add_at(
            at, name(items[i]),
            std::string(what) + " is already listed at " + item_path(path, j) + "; remove one");
        break;
      }
    }
  }
}

// A listening socket, to find two NFs bound to the same address and port.
struct listener {
  std::string path;
  std::string protocol;
  ip_address address;
  std::uint16_t port;
};

void check_listeners(problem_sink& sink, const glasscore_config& c) {
  std::vector<listener> all = {
      {"amf.n2_address", "SCTP", c.amf.n2_address, c.amf.n2_port},
      {"amf.sbi", "TCP", c.amf.sbi.address, c.amf.sbi.port},
      {"ausf.sbi", "TCP", c.ausf.sbi.address, c.ausf.sbi.port},
      {"udm.sbi", "TCP", c.udm.sbi.address, c.udm.sbi.port},
      {"udr.sbi", "TCP", c.udr.sbi.address, c.udr.sbi.port},
      {"nrf.sbi", "TCP", c.nrf.sbi.address, c.nrf.sbi.port},
      {"smf.sbi", "TCP", c.smf.sbi.address, c.smf.sbi.port},
      {"pcf.sbi", "TCP", c.pcf.sbi.address, c.pcf.sbi.port},
      {"nssf.sbi", "TCP", c.nssf.sbi.address, c.nssf.sbi.port},
      {"smf.n4_address", "UDP", c.smf.n4_address, 8805},
      {"upf.n4_address", "UDP", c.upf.n4_address, 8805},
      {"upf.n3_address", "UDP", c.upf.n3_address, 2152},
  };
  if (c.metrics.enabled) {
    all.push_back({"metrics", "TCP", c.metrics.address, c.metrics.port});
  }
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const listener& a = all[j];
      const listener& b = all[i];
      // A wildcard address takes the port on every address of its family; port 0 is an
      // ephemeral port and never collides.
      const bool same_address =
          a.address == b.address || (a.address.family == b.address.family &&
                                     (a.address.is_unspecified() || b.address.is_unspecified()));
      if (a.protocol == b.protocol && a.port == b.port && a.port != 0 && same_address &&
          !sink.has_problem_under(a.path) && !sink.has_problem_under(b.path)) {
        sink.add_at(b.path, b.address.to_string() + ":" + std::to_string(b.port),
                    b.protocol + " port already used by " + a.path +
                        "; give each network function its own address or port");
        break;
      }
    }
  }
}

void check_sbi(problem_sink& sink, const std::string& path, const sbi_server& sbi) {
  const bool tls = !sbi.tls_certificate.empty() || !sbi.tls_private_key.empty();
  if (sbi.scheme == sbi_scheme::https &&
      (sbi.tls_certificate.empty() || sbi.tls_private_key.empty())) {
    sink.add_at(path + ".scheme", "https",
                "https needs both tls.certificate and tls.private_key (TS 33.501 §13.1)");
  } else if (sbi.scheme == sbi_scheme::http && tls && !sink.has_problem_under(path)) {
    sink.add_at(path + ".tls", "",
                "TLS files are given but scheme is http; set scheme: https or remove tls");
  }
}

void check_references(problem_sink& sink, const glasscore_config& c, const parse_notes& notes) {
  const bool plmns_ok = !sink.has_problem_under("plmns");
  const bool tacs_ok = !sink.has_problem_under("tacs");
  const bool slices_ok = !sink.has_problem_under("slices");
  const bool dnns_ok = !sink.has_problem_under("dnns");
  const std::string declared_plmns = join(c.plmns, plmn_name);
  const std::string declared_slices = join(c.slices, slice_name);

  for (std::size_t i = 0; i < c.amf.tais.size() && notes.amf_tais_given; ++i) {
    const std::string at = item_path("amf.tais", i);
    const tai& t = c.amf.tais[i];
    if (sink.has_problem_under(at)) {
      continue;
    }
    if (i < notes.tai_plmn_given.size() && !notes.tai_plmn_given[i] && c.plmns.size() != 1) {
      if (plmns_ok) {
        sink.add_at(at, "tac " + std::to_string(t.tac),
                    "mcc and mnc are needed here because more than one PLMN is declared (" +
                        declared_plmns + ")");
      }
      continue;
    }
    if (plmns_ok && !contains(c.plmns, t.plmn)) {
      sink.add_at(at, t.plmn.to_string(),
                  "PLMN " + t.plmn.to_string() +
                      " is not declared in the top-level plmns (declared: " + declared_plmns +
                      "); add it there or correct mcc/mnc");
    }
    if (tacs_ok && !contains(c.tacs, t.tac)) {
      sink.add_at(at + ".tac", std::to_string(t.tac),
                  "TAC " + std::to_string(t.tac) +
                      " is not declared in the top-level tacs (declared: " +
                      join(c.tacs, tac_name) + "); add it there or correct the TAI");
    }
  }
  for (std::size_t i = 0; i < c.amf.slices.size() && notes.amf_slices_given; ++i) {
    const std::string at = item_path("amf.slices", i);
    if (slices_ok && !sink.has_problem_under(at) && !contains(c.slices, c.amf.slices[i])) {
      sink.add_at(at, c.amf.slices[i].to_string(),
                  "slice " + c.amf.slices[i].to_string() +
                      " is not declared in the top-level slices (declared: " + declared_slices +
                      "); sst and sd must match exactly");
    }
  }
  for (std::size_t u = 0; u < c.smf.upfs.size(); ++u) {
    const upf_peer& upf = c.smf.upfs[u];
    const std::string at = item_path("smf.upfs", u);
    for (std::size_t i = 0; i < upf.dnns.size(); ++i) {
      const std::string dnn_at = item_path(at + ".dnns", i);
      const bool declared = std::any_of(c.dnns.begin(), c.dnns.end(),
                                        [&](const dnn_config& d) { return d.name == upf.dnns[i]; });
      if (dnns_ok && !sink.has_problem_under(dnn_at) && !declared) {
        sink.add_at(dnn_at, upf.dnns[i],
                    "DNN '" + upf.dnns[i] + "' is not declared in the top-level dnns (declared: " +
                        join(c.dnns, dnn_name) + ")");
      }
    }
    for (std::size_t i = 0; i < upf.slices.size(); ++i) {
      const std::string slice_at = item_path(at + ".slices", i);
      if (slices_ok && !sink.has_problem_under(slice_at) && !contains(c.slices, upf.slices[i])) {
        sink.add_at(slice_at, upf.slices[i].to_string(),
                    "slice " + upf.slices[i].to_string() +
                        " is not declared in the top-level slices (declared: " + declared_slices +
                        ")");
      }
    }
    // A service area (TS 23.501 §6.3.3.1) of TACs no gNB can announce selects nothing.
    for (std::size_t i = 0; i < upf.tacs.size(); ++i) {
      const std::string tac_at = item_path(at + ".tacs", i);
      if (tacs_ok && !sink.has_problem_under(tac_at) && !contains(c.tacs, upf.tacs[i])) {
        sink.add_at(tac_at, std::to_string(upf.tacs[i]),
                    "TAC " + std::to_string(upf.tacs[i]) +
                        " is not declared in the top-level tacs (declared: " +
                        join(c.tacs, tac_name) + ")");
      }
    }
  }
}

// Every slice the AMF admits and every DNN must reach some UPF that can anchor sessions
// (an `anchor: false` UPF is never a PSA), or PDU session establishment fails (TS 23.502
// §4.3.2.2.1 step 8, UPF selection).
void check_coverage(problem_sink& sink, const glasscore_config& c, const parse_notes& notes) {
  if (sink.has_problem_under("smf.upfs")) {
    return;
  }
  // When the AMF serves every declared slice, point at the declaration the user wrote.
  const std::string slices_path = notes.amf_slices_given ? "amf.slices" : "slices";
  for (std::size_t i = 0; i < c.amf.slices.size(); ++i) {
    const std::string at = item_path(slices_path, i);
    const bool served = std::any_of(c.smf.upfs.begin(), c.smf.upfs.end(), [&](const upf_peer& u) {
      return u.anchor && contains(u.slices, c.amf.slices[i]);
    });
    if (!served && !sink.has_problem_under(at)) {
      sink.add_at(at, c.amf.slices[i].to_string(),
                  "no UPF in smf.upfs serves slice " + c.amf.slices[i].to_string() +
                      "; add it to the slices of a UPF, or PDU sessions on it will fail");
    }
  }
  for (std::size_t i = 0; i < c.dnns.size(); ++i) {
    const std::string at = item_path("dnns", i);
    const bool served = std::any_of(c.smf.upfs.begin(), c.smf.upfs.end(), [&](const upf_peer& u) {
      return u.anchor && contains(u.dnns, c.dnns[i].name);
    });
    if (!served && !sink.has_problem_under(at)) {
      sink.add_at(at, c.dnns[i].name,
                  "no UPF in smf.upfs serves DNN '" + c.dnns[i].name +
                      "'; add it to the dnns of a UPF, or PDU sessions to it will fail");
    }
  }
}

void check_security(problem_sink& sink, const glasscore_config& c) {
  const amf_config& amf = c.amf;
  const auto alg_name = [](auto alg) { return std::to_string(static_cast<int>(alg)); };
  if (amf.integrity.empty() && !sink.has_problem_under("amf.security.integrity")) {
    sink.add_at("amf.security.integrity", "[]",
                "at least one integrity algorithm is needed, e.g. [nia2, nia1, nia3]");
  }
  if (amf.ciphering.empty() && !sink.has_problem_under("amf.security.ciphering")) {
    sink.add_at("amf.security.ciphering", "[]",
                "at least one ciphering algorithm is needed, e.g. [nea2, nea1, nea3, nea0]");
  }
  check_unique(
      sink, "amf.security.integrity", amf.integrity, alg_name,
      [](integrity_algorithm a) { return "nia" + std::to_string(static_cast<int>(a)); },
      "this algorithm");
  check_unique(
      sink, "amf.security.ciphering", amf.ciphering, alg_name,
      [](ciphering_algorithm a) { return "nea" + std::to_string(static_cast<int>(a)); },
      "this algorithm");
  for (std::size_t i = 0; i < amf.integrity.size(); ++i) {
    const std::string at = item_path("amf.security.integrity", i);
    // TS 33.501 §5.5.2: NIA0 is for unauthenticated emergency sessions only.
    if (amf.integrity[i] == integrity_algorithm::nia0 && !amf.allow_nia0_for_emergency &&
        !sink.has_problem_under(at)) {
      sink.add_at(at, "nia0",
                  "nia0 means no integrity protection and is allowed only for emergency "
                  "sessions (TS 33.501 §5.5.2); remove it, or set "
                  "amf.security.allow_nia0_for_emergency: true");
    }
  }
}

}  // namespace

void apply_defaults(glasscore_config& c, const parse_notes& notes) {
  if (!notes.amf_tais_given) {
    for (const plmn_id& plmn : c.plmns) {
      for (std::uint32_t tac : c.tacs) {
        c.amf.tais.push_back(tai{plmn, tac});
      }
    }
  }
  for (std::size_t i = 0; i < c.amf.tais.size() && i < notes.tai_plmn_given.size(); ++i) {
    if (!notes.tai_plmn_given[i] && c.plmns.size() == 1) {
      c.amf.tais[i].plmn = c.plmns.front();
    }
  }
  if (!notes.amf_slices_given) {
    c.amf.slices = c.slices;
  }
  std::vector<std::string> all_dnns;
  for (const dnn_config& dnn : c.dnns) {
    all_dnns.push_back(dnn.name);
  }
  if (!notes.smf_upfs_given) {
    c.smf.upfs.push_back(upf_peer{"upf", c.upf.n4_address, all_dnns, c.slices, {}, true});
  }
  for (std::size_t i = 0; i < c.smf.upfs.size() && i < notes.upf_dnns_given.size(); ++i) {
    if (!notes.upf_dnns_given[i]) {
      c.smf.upfs[i].dnns = all_dnns;
    }
    if (!notes.upf_slices_given[i]) {
      c.smf.upfs[i].slices = c.slices;
    }
  }
  if (c.nrf.uri.empty()) {
    const std::string host = c.nrf.sbi.address.family == ip_family::v6
                                 ? "[" + c.nrf.sbi.address.to_string() + "]"
                                 : c.nrf.sbi.address.to_string();
    c.nrf.uri = std::string(c.nrf.sbi.scheme == sbi_scheme::https ? "https" : "http") + "://" +
                host + ":" + std::to_string(c.nrf.sbi.port);
  }
}

void check_consistency(problem_sink& sink, const glasscore_config& c, const parse_notes& notes) {
  const auto empty_list = [&](const char* path, bool empty, const char* example) {
    if (empty && !sink.has_problem_under(path)) {
      sink.add_at(path, "[]", std::string("at least one entry is needed, e.g. ") + example);
    }
  };
  empty_list("plmns", c.plmns.empty(), "[{mcc: \"001\", mnc: \"01\"}]");
  empty_list("tacs", c.tacs.empty(), "[1]");
  empty_list("slices", c.slices.empty(), "[{sst: 1}]");
  empty_list("dnns", c.dnns.empty(), "[{name: internet, ipv4_pool: 10.45.0.0/16}]");
  empty_list("amf.tais", notes.amf_tais_given && c.amf.tais.empty(),
             "[{tac: 1}] (or leave tais out to serve every declared TAC)");
  empty_list("amf.slices", notes.amf_slices_given && c.amf.slices.empty(),
             "[{sst: 1}] (or leave slices out to serve every declared slice)");
  empty_list("smf.upfs", notes.smf_upfs_given && c.smf.upfs.empty(),
             "[{name: upf1, n4_address: 127.0.0.7}]");

  check_unique(sink, "plmns", c.plmns, plmn_name, plmn_name, "this PLMN");
  check_unique(sink, "tacs", c.tacs, tac_name, tac_name, "this TAC");
  check_unique(sink, "slices", c.slices, slice_name, slice_name, "this slice");
  check_unique(sink, "dnns", c.dnns, dnn_name, dnn_name, "a DNN with this name");
  // Defaulted lists are copies of the declarations, already checked there.
  if (notes.amf_tais_given) {
    check_unique(
        sink, "amf.tais", c.amf.tais, [](const tai& t) { return t.to_string(); },
        [](const tai& t) { return t.to_string(); }, "this TAI");
  }
  if (notes.amf_slices_given) {
    check_unique(sink, "amf.slices", c.amf.slices, slice_name, slice_name, "this slice");
  }
  check_unique(
      sink, "smf.upfs", c.smf.upfs, [](const upf_peer& u) { return u.name; },
      [](const upf_peer& u) { return u.name; }, "a UPF with this name");
  check_unique(
      sink, "smf.upfs", c.smf.upfs, [](const upf_peer& u) { return u.n4_address.to_string(); },
      [](const upf_peer& u) { return u.n4_address.to_string(); }, "a UPF with this n4_address");
  check_unique(
      sink, "udm.suci.home_network_keys", c.udm.home_network_keys,
      [](const home_network_key& k) { return k.id; },
      [](const home_network_key& k) { return "id " + std::to_string(k.id); }, "a key with this id");

  // Two DNNs handing out the same UE addresses would route one UE's traffic to another.
  for (std::size_t i = 0; i < c.dnns.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      for (const auto& [pool_i, pool_j, key] :
           {std::tuple{c.dnns[i].ipv4_pool, c.dnns[j].ipv4_pool, ".ipv4_pool"},
            std::tuple{c.dnns[i].ipv6_pool, c.dnns[j].ipv6_pool, ".ipv6_pool"}}) {
        if (pool_i && pool_j && pool_i->overlaps(*pool_j)) {
          sink.add_at(item_path("dnns", i) + key, pool_i->to_string(),
                      "overlaps " + item_path("dnns", j) + key + " (" + pool_j->to_string() +
                          "); UE address pools must not overlap");
        }
      }
    }
  }

  check_references(sink, c, notes);
  check_coverage(sink, c, notes);
  check_security(sink, c);

  if (c.udm.home_network_keys.empty() && !c.udm.allow_null_scheme &&
      !sink.has_problem_under("udm.suci")) {
    sink.add_at("udm.suci", "",
                "no home_network_keys and allow_null_scheme is false: no SUCI can be "
                "deconcealed, so no UE can register; add a key (TS 33.501 §6.12.2)");
  }

  check_sbi(sink, "amf.sbi", c.amf.sbi);
  check_sbi(sink, "ausf.sbi", c.ausf.sbi);
  check_sbi(sink, "udm.sbi", c.udm.sbi);
  check_sbi(sink, "udr.sbi", c.udr.sbi);
  check_sbi(sink, "nrf.sbi", c.nrf.sbi);
  check_sbi(sink, "smf.sbi", c.smf.sbi);
  check_sbi(sink, "pcf.sbi", c.pcf.sbi);
  check_sbi(sink, "nssf.sbi", c.nssf.sbi);
  check_listeners(sink, c);
}

}  // namespace glasscore::config::detail
