#pragma once
// Test helper: the values of a decoded PFCP message formatted the way tshark prints the
// same fields, in wire order, so a test can compare our reading of a packet with tshark's.
// It walks the codec's own IE tables (lib/codec/pfcp/tables.h), which is also the order the
// encoder writes, so it follows any message without a per-message list.

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "glasscore/codec/pfcp/messages.h"
#include "tables.h"

namespace glasscore::pfcp::test {

using field_values = std::map<std::string, std::vector<std::string>>;

inline std::string hex_number(std::uint64_t v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*llx", digits, static_cast<unsigned long long>(v));
  return buf;
}

inline std::string dotted(const ipv4_address& a) {
  return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." +
         std::to_string(a[3]);
}

struct collector {
  field_values& out;

  template <class T>
  void leaf(std::uint16_t type, const T& v) {
    namespace t = ie_type;
    if constexpr (std::is_same_v<T, node_id>) {
      if (const auto* a = std::get_if<ipv4_address>(&v.value)) {
        out["pfcp.node_id_ipv4"].push_back(dotted(*a));
      }
    } else if constexpr (std::is_same_v<T, f_seid>) {
      out["pfcp.seid"].push_back(hex_number(v.seid, 16));
    } else if constexpr (std::is_same_v<T, cause_value>) {
      out["pfcp.cause"].push_back(std::to_string(static_cast<int>(v)));
    } else if constexpr (std::is_same_v<T, f_teid>) {
      if (!v.choose) {
        out["pfcp.f_teid.teid"].push_back(hex_number(v.teid, 8));
      }
    } else if constexpr (std::is_same_v<T, ue_ip_address>) {
      if (v.ipv4) {
        out["pfcp.ue_ip_addr_ipv4"].push_back(dotted(*v.ipv4));
      }
    } else if constexpr (std::is_same_v<T, outer_header_creation>) {
      if (v.teid) {
        out["pfcp.outer_hdr_creation.teid"].push_back(hex_number(*v.teid, 8));
      }
    } else if constexpr (std::is_same_v<T, volume>) {
      if (v.total && type == t::volume_measurement) {
        out["pfcp.volume_measurement.tovol"].push_back(std::to_string(*v.total));
      }
    } else if constexpr (std::is_same_v<T, failed_rule_id>) {
      // tshark shows the rule ID of a Failed Rule ID (§8.2.80) as that rule's ID field.
      static const char* const names[] = {"pfcp.pdr_id", "pfcp.far_id", "pfcp.qer_id",
                                          "pfcp.urr_id", "pfcp.bar_id"};
      out[names[static_cast<int>(v.type)]].push_back(std::to_string(v.id));
    } else if constexpr (std::is_same_v<T, octets>) {
      // A Remote GTP-U Peer (§8.2.70) with an IPv4 address: tshark uses the Node ID field.
      if (type == t::remote_gtpu_peer && v.size() >= 5 && (v[0] & 0x02) != 0) {
        out["pfcp.node_id_ipv4"].push_back(dotted(ipv4_address{v[1], v[2], v[3], v[4]}));
      }
    } else if constexpr (std::is_integral_v<T>) {
      const char* name = nullptr;
      switch (type) {
        case t::pdr_id:
          name = "pfcp.pdr_id";
          break;
        case t::far_id:
          name = "pfcp.far_id";
          break;
        case t::urr_id:
          name = "pfcp.urr_id";
          break;
        case t::qer_id:
          name = "pfcp.qer_id";
          break;
        case t::precedence:
          name = "pfcp.precedence";
          break;
        case t::ur_seqn:
          name = "pfcp.ur_seqn";
          break;
        default:
          break;
      }
      if (name != nullptr) {
        out[name].push_back(std::to_string(v));
      }
    }
  }

  template <class S>
  void group(const S& s) {
    std::apply(
        [&](const auto&... f) {
          (
              [&](const auto& fd) {
                const auto& member = s.*(fd.member);
                using M = std::remove_cvref_t<decltype(member)>;
                if constexpr (detail::is_vector<M>::value) {
                  for (const auto& e : member) {
                    one(fd.type, e);
                  }
                } else if constexpr (detail::is_optional<M>::value) {
                  if (member) {
                    one(fd.type, *member);
                  }
                } else {
                  one(fd.type, member);
                }
              }(f),
              ...);
        },
        detail::table<S>::fields);
  }

  template <class E>
  void one(std::uint16_t type, const E& e) {
    if constexpr (detail::grouped<E>) {
      group(e);
    } else {
      leaf(type, e);
    }
  }
};

/// tshark-formatted values of `m` for the fields named in the collector.
inline field_values fields_of(const message& m) {
  field_values out;
  out["pfcp.msg_type"].push_back(std::to_string(m.hdr.type));
  out["pfcp.seqno"].push_back(std::to_string(m.hdr.sequence));
  if (m.hdr.seid) {
    out["pfcp.seid"].push_back(hex_number(*m.hdr.seid, 16));
  }
  collector c{out};
  std::visit([&](const auto& b) { c.group(b); }, m.body);
  return out;
}

inline const std::vector<std::string> compared_fields = {"pfcp.msg_type",
                                                         "pfcp.seqno",
                                                         "pfcp.seid",
                                                         "pfcp.cause",
                                                         "pfcp.node_id_ipv4",
                                                         "pfcp.f_teid.teid",
                                                         "pfcp.ue_ip_addr_ipv4",
                                                         "pfcp.outer_hdr_creation.teid",
                                                         "pfcp.volume_measurement.tovol",
                                                         "pfcp.pdr_id",
                                                         "pfcp.far_id",
                                                         "pfcp.urr_id",
                                                         "pfcp.qer_id",
                                                         "pfcp.precedence",
                                                         "pfcp.ur_seqn"};

}  // namespace glasscore::pfcp::test
