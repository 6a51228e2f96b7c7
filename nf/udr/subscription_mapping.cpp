// Stored subscriber -> TS 29.505 subscription data resources.
#include "glasscore/nf/udr/subscription_mapping.h"

#include <fmt/format.h>

#include "glasscore/crypto/milenage.h"

namespace glasscore::udr {

namespace {

std::string session_type_name(store::pdu_session_type t) {
  switch (t) {
    case store::pdu_session_type::ipv4:
      return "IPV4";
    case store::pdu_session_type::ipv6:
      return "IPV6";
    case store::pdu_session_type::ipv4v6:
      return "IPV4V6";
    case store::pdu_session_type::unstructured:
      return "UNSTRUCTURED";
    case store::pdu_session_type::ethernet:
      return "ETHERNET";
  }
  return "IPV4";
}

std::string ssc_mode_name(store::ssc_mode m) {
  return fmt::format("SSC_MODE_{}", static_cast<int>(m));
}

sbi::ambr to_sbi(const store::ambr& a) {
  return sbi::ambr{sbi::bit_rate_from_kbps(a.uplink_kbps),
                   sbi::bit_rate_from_kbps(a.downlink_kbps)};
}

sbi::dnn_configuration to_sbi(const store::dnn_subscription& d) {
  sbi::dnn_configuration c;
  // The first listed type / mode is the default (store/subscriber.h). validate() keeps the
  // lists non-empty; the fallbacks only guard against a record that bypassed it.
  c.pdu_session_types.default_session_type =
      d.pdu_session_types.empty() ? "IPV4" : session_type_name(d.pdu_session_types.front());
  for (auto t : d.pdu_session_types) {
    c.pdu_session_types.allowed_session_types.push_back(session_type_name(t));
  }
  c.ssc_modes.default_ssc_mode =
      d.ssc_modes.empty() ? "SSC_MODE_1" : ssc_mode_name(d.ssc_modes.front());
  for (auto m : d.ssc_modes) {
    c.ssc_modes.allowed_ssc_modes.push_back(ssc_mode_name(m));
  }
  sbi::subscribed_default_qos qos;
  qos.five_qi = d.default_5qi;
  qos.arp.priority_level = d.default_arp.priority_level;
  qos.arp.preempt_cap = d.default_arp.may_preempt ? "MAY_PREEMPT" : "NOT_PREEMPT";
  qos.arp.preempt_vuln = d.default_arp.preemptable ? "PREEMPTABLE" : "NOT_PREEMPTABLE";
  c.five_g_qos_profile = qos;
  c.session_ambr = to_sbi(d.session_ambr);
  return c;
}

}  // namespace

sbi::snssai to_sbi(const store::snssai& s) {
  sbi::snssai out;
  out.sst = s.sst;
  if (s.sd) {
    out.sd = fmt::format("{:06x}", *s.sd);
  }
  return out;
}

expected<sbi::authentication_subscription, crypto::crypto_error> to_authentication_subscription(
    const store::subscriber& s) {
  sbi::authentication_subscription a;
  a.authentication_method = s.auth.method == store::auth_method::five_g_aka
                                ? sbi::auth_type::five_g_aka
                                : sbi::auth_type::eap_aka_prime;
  a.enc_permanent_key = s.auth.k;
  if (s.auth.opc.kind == store::operator_key_kind::opc) {
    a.enc_opc_key = s.auth.opc.value;
  } else {
    auto opc = crypto::compute_opc(s.auth.k, s.auth.opc.value);
    if (!opc) {
      return unexpected<crypto::crypto_error>(opc.error());
    }
    a.enc_opc_key = *opc;
  }
  sbi::sequence_number sqn;
  sqn.sqn_scheme = "NON_TIME_BASED";
  sqn.sqn = sbi::sqn_to_octets(s.auth.sqn);
  sqn.ind_length = sqn_ind_length;
  a.sequence_number = sqn;
  a.authentication_management_field = s.auth.amf;
  a.algorithm_id = "milenage";
  a.supi = "imsi-" + s.imsi;
  return a;
}

sbi::access_and_mobility_subscription_data to_am_data(const store::subscriber& s) {
  sbi::access_and_mobility_subscription_data am;
  if (s.msisdn) {
    am.gpsis.push_back("msisdn-" + *s.msisdn);
  }
  am.subscribed_ue_ambr = to_sbi(s.ue_ambr);
  sbi::nssai n;
  for (const auto& slice : s.slices) {
    (slice.is_default ? n.default_single_nssais : n.single_nssais).push_back(to_sbi(slice.nssai));
  }
  am.nssai = std::move(n);
  return am;
}

sbi::smf_selection_subscription_data to_smf_selection_data(const store::subscriber& s) {
  sbi::smf_selection_subscription_data out;
  for (const auto& slice : s.slices) {
    if (slice.dnns.empty()) {
      continue;  // SnssaiInfo.dnnInfos has minItems 1
    }
    sbi::snssai_info info;
    for (const auto& d : slice.dnns) {
      sbi::dnn_info di{d.dnn, std::nullopt};
      if (d.dnn == slice.default_dnn) {
        di.default_dnn_indicator = true;
      }
      info.dnn_infos.push_back(std::move(di));
    }
    out.subscribed_snssai_infos.emplace(sbi::snssai_key(to_sbi(slice.nssai)), std::move(info));
  }
  return out;
}

std::vector<sbi::session_management_subscription_data> to_sm_data(const store::subscriber& s) {
  std::vector<sbi::session_management_subscription_data> out;
  for (const auto& slice : s.slices) {
    sbi::session_management_subscription_data sm;
    sm.single_nssai = to_sbi(slice.nssai);
    for (const auto& d : slice.dnns) {
      sm.dnn_configurations.emplace(d.dnn, to_sbi(d));
    }
    out.push_back(std::move(sm));
  }
  return out;
}

}  // namespace glasscore::udr
