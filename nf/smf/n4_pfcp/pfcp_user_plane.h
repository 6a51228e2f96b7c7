#pragma once
/// \file
/// The SMF's N4 side (TS 29.244): one PFCP association per configured UPF, set up at start
/// and retried until the UPF answers (§6.2.6), supervised by heartbeats (§6.2.2), and the
/// `user_plane` interface of the procedures as PFCP session messages (§6.3).
///
/// Association loss: when a heartbeat goes unanswered after the node's retransmissions, the
/// UPF is not selected for new sessions and its association is set up again as soon as it
/// answers. A UPF that comes back with another Recovery Time Stamp has restarted and lost
/// its sessions (§6.2.2, §19A), so `on_restarted` is called to release them.
///
/// IPv6 sessions also get the rules that carry Router Solicitations to the SMF and its
/// Router Advertisements to the UE over N4-u (TS 23.501 §5.8.2.2.3, TS 29.244 §5.2.1A.2A):
/// PDR 3 (Access, the uplink F-TEID by CHOOSE ID, SDF filter for ICMPv6 to all-routers,
/// precedence over PDR 1) with FAR 3 to the CP function, and PDR 4 (from the CP function,
/// F-TEID chosen by the UPF) onto the downlink FAR 2.
///
/// A session through an intermediate UPF (TS 23.501 §5.6.4, docs/upf.md "N9") has an N4
/// session at each UPF, set up in the order of TS 23.502 §4.3.2.2.1: the PSA's (the rules
/// above; its uplink F-TEID is the N9 uplink end), the I-UPF's (N3 F-TEID, uplink forwarded
/// to the PSA's N9 F-TEID; its own N9 F-TEID, downlink buffered), then a PSA modification
/// that forwards downlink to the I-UPF's N9 F-TEID.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "glasscore/async/executor.h"
#include "glasscore/async/timer.h"
#include "glasscore/pfcp/node.h"
#include "smf/peers.h"
#include "smf/user_plane/router_advertiser.h"

namespace glasscore::smf {

struct upf_peer_config {
  std::string name;
  transport::socket_address n4;   ///< the UPF's PFCP address (port 8805)
  std::vector<std::string> dnns;  ///< empty: every DNN
  std::vector<slice> slices;      ///< empty: every slice
  /// TACs of the tracking areas whose gNBs it serves over N3 (TS 23.501 §6.3.3.1, UPF
  /// service area); empty: everywhere.
  std::vector<std::uint32_t> tacs;
  /// Whether it has N6 and may be a PDU Session Anchor; false: an I-UPF only.
  bool anchor = true;
};

struct n4_options {
  ipv4_address self{};  ///< the SMF's N4 address: Node ID and CP F-SEID address
  async::duration heartbeat_interval = std::chrono::seconds(5);
  async::duration setup_retry = std::chrono::seconds(2);
  /// The SMF's N4-u endpoint (outlives this object); without it IPv6 sessions get no rules
  /// for router solicitations and advertisements.
  router_advertiser* router_advertisements = nullptr;
  /// Link MTU per DNN (config dnns[].mtu), advertised in the RA's MTU option.
  std::map<std::string, std::uint32_t> link_mtus;
};

class pfcp_user_plane final : public user_plane {
 public:
  pfcp_user_plane(async::executor& ex, async::timer_service& timers, pfcp::node& node,
                  n4_options options, std::vector<upf_peer_config> upfs,
                  std::shared_ptr<spdlog::logger> log);
  pfcp_user_plane(const pfcp_user_plane&) = delete;
  pfcp_user_plane& operator=(const pfcp_user_plane&) = delete;
  ~pfcp_user_plane() override;

  /// Starts setting up the associations.
  void start();
  /// Called with the UPF's name when it came back from a restart (its sessions are gone).
  std::function<void(const std::string& upf)> on_restarted;

  [[nodiscard]] bool associated(const std::string& upf) const;
  [[nodiscard]] std::size_t associations() const;

  /// TS 23.501 §6.3.3: the PSA among the UPFs with N6 serving the DNN and slice (one
  /// serving the UE's TAC first); when it does not serve the TAC, an I-UPF of the slice that
  /// does. Without one the gNB reaches the PSA over IP, and that is logged.
  [[nodiscard]] std::optional<upf_selection> select_upfs(
      const std::string& dnn, const slice& s, std::optional<std::uint32_t> tac) const override;
  async::task<expected<up_session, peer_error>> establish(std::string upf,
                                                          up_session_request r) override;
  /// After the gNB's tunnel is installed, IPv6 sessions get the unsolicited Router
  /// Advertisement (TS 23.502 §4.3.2.2.1 step 16 onwards: only now can the UPF deliver it).
  async::task<expected<void, peer_error>> set_downlink(up_session s,
                                                       std::optional<tunnel_end> gnb) override;
  async::task<expected<void, peer_error>> set_session_ambr(
      up_session s, std::uint64_t ambr_uplink_kbps, std::uint64_t ambr_downlink_kbps) override;
  async::task<expected<usage, peer_error>> release(up_session s) override;

 private:
  struct peer {
    upf_peer_config config;
    bool associated = false;
    std::optional<std::uint32_t> recovery_time_stamp;  ///< the UPF's, once known
    std::optional<async::timer_id> timer;
  };
  void schedule(std::size_t index, async::duration delay);
  async::task<void> step(std::size_t index);
  [[nodiscard]] peer* find(const std::string& name);
  [[nodiscard]] pfcp::message session_message(std::uint64_t remote_seid,
                                              pfcp::message_body body) const;
  [[nodiscard]] static bool serves(const peer& p, const std::string* dnn, const slice& s);
  [[nodiscard]] static bool in_service_area(const peer& p, std::optional<std::uint32_t> tac);
  [[nodiscard]] pfcp::session_establishment_request establishment_request(
      std::uint64_t local_seid, const up_session_request& r) const;
  /// The PSA's rules (the only UPF's without an I-UPF).
  [[nodiscard]] pfcp::session_establishment_request anchor_request(
      const up_session_request& r) const;
  /// The I-UPF's rules, uplink towards the PSA's N9 F-TEID.
  [[nodiscard]] pfcp::session_establishment_request intermediate_request(
      const up_session_request& r, const tunnel_end& anchor_n9) const;
  /// Session Establishment Request; the accepted answer, with the UPF's F-SEID.
  async::task<expected<pfcp::session_establishment_response, peer_error>> request_establishment(
      std::string upf, pfcp::session_establishment_request req);
  /// The I-UPF's session and the PSA's downlink towards it; on failure nothing is left at
  /// the I-UPF. Sets `s.uplink` to the I-UPF's N3 F-TEID and `s.intermediate`.
  async::task<expected<void, peer_error>> insert_intermediate(up_session& s,
                                                              const up_session_request& r);
  /// Session Modification Request; maps the answer's cause.
  async::task<expected<void, peer_error>> modify(n4_leg leg,
                                                 pfcp::session_modification_request req);
  /// Session Deletion Request; the usage reported.
  async::task<expected<usage, peer_error>> delete_leg(n4_leg leg);
  /// Opens the session's router advertisement endpoint (0: none) and adds its rules.
  std::uint32_t add_router_advertisement_rules(const up_session_request& r,
                                               pfcp::session_establishment_request& req);

  async::executor& executor_;
  async::timer_service& timers_;
  pfcp::node& node_;
  n4_options options_;
  std::vector<peer> peers_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace glasscore::smf
