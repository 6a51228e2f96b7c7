#pragma once
/// \file
/// The address pools of every DNN the SMF serves (config `dnns`), and the choice of the
/// PDU session type the UE gets (TS 23.501 §5.8.2.2.1, TS 24.501 §6.4.1.3): the one it
/// asked for if the subscription and the DNN's pools allow it, else the single family that
/// is allowed (the accept then says why, with 5GSM cause #50 or #51).

#include <map>
#include <optional>
#include <string>

#include "glasscore/codec/nas/ies_5gsm.h"
#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "smf/context/sm_context.h"
#include "smf/context/ue_address_pool.h"
#include "smf/peers.h"

namespace glasscore::smf {

/// The type granted and, when it is not the one asked for, the cause that says so.
struct type_choice {
  nas::pdu_session_type_value type = nas::pdu_session_type_value::ipv4;
  std::optional<nas::gsm_cause> cause;
};

class dnn_pools {
 public:
  [[nodiscard]] static expected<dnn_pools, std::string> create(
      const std::vector<config::dnn_config>& dnns);

  [[nodiscard]] const config::dnn_config* find(const std::string& dnn) const;

  /// The PDU session type for a request of `requested` (nullopt: the subscription's
  /// default), or the reject cause: #28 when no IP type is possible at all.
  [[nodiscard]] expected<type_choice, nas::gsm_cause> choose_type(
      const std::string& dnn, std::optional<nas::pdu_session_type_value> requested,
      const dnn_subscription& subscribed) const;

  /// Allocates what `c.type` needs into `c` (ipv4 and/or ipv6_prefix); false when a pool is
  /// exhausted (nothing is kept allocated then).
  bool allocate(sm_context& c);
  /// Gives back whatever `c` holds.
  void release(sm_context& c);
  /// Addresses in use across every pool (for metrics).
  [[nodiscard]] std::uint64_t allocated() const;

 private:
  struct pools {
    config::dnn_config config;
    std::optional<ipv4_pool> v4;
    std::optional<ipv6_prefix_pool> v6;
  };
  std::map<std::string, pools> by_dnn_;
};

}  // namespace glasscore::smf
