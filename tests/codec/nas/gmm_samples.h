// Populated sample values for every 5GMM message, built from the message's own IE table:
// each IE gets a sample of its type whose length respects the table's bounds. Tests use
// them for "all optional IEs present" round trips and robustness sweeps.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "glasscore/codec/nas/messages_5gmm.h"

namespace glasscore::nas::test_samples {

inline plmn_id sample_plmn() {
  return {"001", "01"};
}

inline void sample(octet_string& v, std::size_t min, std::size_t max) {
  const std::size_t n = std::clamp<std::size_t>(3, min, max);
  v.value.assign(n, 0x00);
  for (std::size_t i = 0; i < n; ++i) {
    v.value[i] = static_cast<std::uint8_t>(0x10 + i);
  }
}
inline void sample(nibble_value& v, std::size_t, std::size_t) {
  v.value = 1;
}
inline void sample(octet_value& v, std::size_t, std::size_t) {
  v.value = 0x21;
}
inline void sample(key_set_identifier& v, std::size_t, std::size_t) {
  v = {2, false};
}
inline void sample(registration_type& v, std::size_t, std::size_t) {
  v = {1, true};
}
inline void sample(deregistration_type& v, std::size_t, std::size_t) {
  v = {1, false, true};
}
inline void sample(requested_identity_type& v, std::size_t, std::size_t) {
  v.value = 1;
}
inline void sample(payload_container_type& v, std::size_t, std::size_t) {
  v.value = payload_type::n1_sm;
}
inline void sample(gmm_cause_ie& v, std::size_t, std::size_t) {
  v.value = gmm_cause::congestion;
}
inline void sample(security_algorithms& v, std::size_t, std::size_t) {
  v = {2, 2};
}
inline void sample(registration_result& v, std::size_t, std::size_t) {
  v = {1, true, false, false, false};
}
inline void sample(network_feature_support& v, std::size_t, std::size_t) {
  v.octets = {0x01, 0x00};
}
inline void sample(psi_bitmap& v, std::size_t, std::size_t) {
  v.bits = 0x0026;
}
inline void sample(gprs_timer_2& v, std::size_t, std::size_t) {
  v.unit = 1;  // 1 minute
  v.value = 2;
}
inline void sample(gprs_timer_3& v, std::size_t, std::size_t) {
  v.unit = 0;  // 10 minutes
  v.value = 6;
}
inline void sample(s_nssai& v, std::size_t, std::size_t max) {
  v = {1, max >= 4 ? std::optional<std::uint32_t>(0x000080) : std::nullopt, std::nullopt,
       std::nullopt};
}
inline void sample(nssai& v, std::size_t, std::size_t) {
  v.values = {{1, std::nullopt, std::nullopt, std::nullopt},
              {1, 0x000080, std::nullopt, std::nullopt}};
}
inline void sample(dnn& v, std::size_t, std::size_t) {
  v.name = "internet";
}
inline void sample(tai_ie& v, std::size_t, std::size_t) {
  v.value = {sample_plmn(), 1};
}
inline void sample(tai_list& v, std::size_t, std::size_t) {
  tai_list::partial_list l;
  l.type = tai_list::list_type::tacs_one_plmn;
  l.plmn = sample_plmn();
  l.tacs = {1, 2};
  v.lists = {l};
}
inline void sample(rejected_nssai& v, std::size_t, std::size_t) {
  v.entries = {{1, 2, std::nullopt}, {0, 1, 0x000090}};
}
inline void sample(reactivation_error_causes& v, std::size_t, std::size_t) {
  v.entries = {{5, gmm_cause::insufficient_user_plane_resources}};
}
inline void sample(ue_security_capability& v, std::size_t, std::size_t) {
  v = {0xF0, 0xF0, 0xF0, 0xF0, {}};
}
template <std::size_t N>
void sample(fixed_octets<N>& v, std::size_t, std::size_t) {
  for (std::size_t i = 0; i < N; ++i) {
    v.value[i] = static_cast<std::uint8_t>(0xA0 + i);
  }
}
inline void sample(mobile_identity& v, std::size_t min, std::size_t max) {
  if (min == 7 && max == 7) {
    v.value = s_tmsi_5g{0x3FF, 0x3F, 0xC0FFEE01};
  } else if (min == 9) {
    v.value = imeisv{"4370816125816151"};
  } else if (min == 11) {
    v.value = guti_5g{sample_plmn(), 0xCA, 0x3FE, 0x01, 0x12345678};
  } else {
    crypto::suci s;
    s.mcc = "001";
    s.mnc = "01";
    s.routing_indicator = "0";
    s.msin = "0000000001";
    v.value = s;
  }
}

/// Which optional IEs a sample carries: all of them, none, or only the typed ones (the
/// opaque ones hold placeholder octets that an independent decoder would rightly reject).
enum class optional_ies : std::uint8_t { all, none, typed };

template <class Message, auto Member, ie_format F, std::uint8_t I, std::size_t Min, std::size_t Max>
void fill(Message& m, ie<Member, F, I, Min, Max>, optional_ies optionals) {
  if constexpr (detail::is_optional_member<Member>) {
    using value = detail::value_t<Member>;
    if (optionals == optional_ies::all ||
        (optionals == optional_ies::typed && !std::is_same_v<value, octet_string>)) {
      (m.*Member).emplace();
      sample(*(m.*Member), Min, Max);
    }
  } else {
    sample(m.*Member, Min, Max);
  }
}

template <class Message, auto Low, auto High>
void fill(Message& m, half_octets<Low, High>, optional_ies) {
  if constexpr (Low != nullptr) {
    sample(m.*Low, 0, 0);
  }
  if constexpr (High != nullptr) {
    sample(m.*High, 0, 0);
  }
}

template <class Message, class... Specs>
Message build(layout<Specs...>, optional_ies optionals) {
  Message m{};
  (void)optionals;  // unused for messages without IEs
  (fill(m, Specs{}, optionals), ...);
  return m;
}

/// `Message` with its mandatory IEs and the chosen optional ones set.
template <class Message>
Message populated(optional_ies optionals) {
  return build<Message>(typename message_layout<Message>::type{}, optionals);
}

/// One populated sample of every 5GMM message type.
inline std::vector<gmm_message> every_gmm_message(optional_ies optionals) {
  std::vector<gmm_message> out;
  auto add_all = [&]<std::size_t... I>(std::index_sequence<I...>) {
    (out.push_back(populated<std::variant_alternative_t<I, gmm_message>>(optionals)), ...);
  };
  add_all(std::make_index_sequence<std::variant_size_v<gmm_message>>{});
  return out;
}

}  // namespace glasscore::nas::test_samples
