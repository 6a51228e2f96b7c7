#pragma once
// Peers of the SMF for procedure tests: a UDM with one subscription, a PCF that
// authorises a fixed policy, a UPF that hands out TEIDs, an AMF that records what it is
// sent. Each has switches for the failures the SMF must handle.

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "smf/peers.h"

namespace glasscore::smf::test {

class fake_udm final : public subscription_source {
 public:
  std::optional<peer_error> error;
  std::optional<dnn_subscription> subscription = [] {
    dnn_subscription s;
    s.allowed_types = {nas::pdu_session_type_value::ipv4, nas::pdu_session_type_value::ipv6,
                       nas::pdu_session_type_value::ipv4v6};
    s.default_type = nas::pdu_session_type_value::ipv4;
    s.ambr_uplink_kbps = 200'000;
    s.ambr_downlink_kbps = 400'000;
    s.default_5qi = 9;
    s.arp_priority = 8;
    return s;
  }();
  std::string subscribed_dnn = "internet";
  int requests = 0;

  async::task<expected<std::optional<dnn_subscription>, peer_error>> session_subscription(
      std::string, slice, std::string dnn) override {
    ++requests;
    if (error) {
      co_return fail(*error);
    }
    if (dnn != subscribed_dnn) {
      co_return std::optional<dnn_subscription>{};
    }
    co_return subscription;
  }
};

class fake_pcf final : public policy_control {
 public:
  std::optional<peer_error> error;
  std::vector<std::string> deleted;
  int created = 0;

  async::task<expected<session_policy, peer_error>> create_policy(policy_request r) override {
    if (error) {
      co_return fail(*error);
    }
    ++created;
    session_policy p;
    // The PCF lowers the downlink AMBR to 300 Mbit/s and keeps the rest.
    p.ambr_uplink_kbps = r.subscribed.ambr_uplink_kbps;
    p.ambr_downlink_kbps = 300'000;
    p.default_5qi = r.subscribed.default_5qi;
    p.arp_priority = r.subscribed.arp_priority;
    p.policy_id = "policy-" + std::to_string(created);
    co_return p;
  }
  async::task<expected<void, peer_error>> delete_policy(std::string id) override {
    deleted.push_back(id);
    co_return expected<void, peer_error>{};
  }
};

class fake_upf final : public user_plane {
 public:
  bool available = true;
  std::optional<peer_error> establish_error;
  std::vector<up_session_request> established;
  std::vector<std::pair<std::uint64_t, std::optional<tunnel_end>>> downlinks;
  std::vector<std::uint64_t> released;  // remote SEIDs
  /// Session-AMBR updates: remote SEID, uplink and downlink kbit/s.
  std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>> ambr_updates;
  std::uint32_t next_teid = 0x1000;

  /// The I-UPF selection answers with, if any; the TAC each selection was asked for.
  std::optional<std::string> intermediate;
  mutable std::vector<std::optional<std::uint32_t>> selected_for_tacs;

  std::optional<upf_selection> select_upfs(const std::string&, const slice&,
                                           std::optional<std::uint32_t> tac) const override {
    selected_for_tacs.push_back(tac);
    return available ? std::optional(upf_selection{"upf1", intermediate}) : std::nullopt;
  }
  async::task<expected<up_session, peer_error>> establish(std::string upf,
                                                          up_session_request r) override {
    if (establish_error) {
      co_return fail(*establish_error);
    }
    established.push_back(r);
    up_session s;
    s.upf = upf;
    s.local_seid = r.local_seid;
    s.remote_seid = 0x5000 + r.local_seid;
    s.uplink = tunnel_end{{127, 0, 0, 7}, next_teid++};
    co_return s;
  }
  async::task<expected<void, peer_error>> set_downlink(up_session s,
                                                       std::optional<tunnel_end> gnb) override {
    downlinks.emplace_back(s.remote_seid, gnb);
    co_return expected<void, peer_error>{};
  }
  async::task<expected<void, peer_error>> set_session_ambr(up_session s, std::uint64_t ul,
                                                           std::uint64_t dl) override {
    ambr_updates.emplace_back(s.remote_seid, ul, dl);
    co_return expected<void, peer_error>{};
  }
  async::task<expected<usage, peer_error>> release(up_session s) override {
    released.push_back(s.remote_seid);
    co_return usage{1000, 2000};
  }
};

class fake_amf final : public amf_link {
 public:
  struct transfer {
    std::string api_root;
    std::string supi;
    std::uint8_t pdu_session_id = 0;
    std::optional<std::vector<std::uint8_t>> n1;
    std::optional<n2_sm_message> n2;
  };
  std::optional<peer_error> transfer_error;
  std::vector<transfer> transfers;
  std::vector<std::string> released;

  async::task<expected<void, peer_error>> n1n2_transfer(std::string root, std::string supi,
                                                        std::uint8_t psi,
                                                        std::optional<std::vector<std::uint8_t>> n1,
                                                        std::optional<n2_sm_message> n2) override {
    transfers.push_back({root, supi, psi, std::move(n1), std::move(n2)});
    if (transfer_error) {
      co_return fail(*transfer_error);
    }
    co_return expected<void, peer_error>{};
  }
  async::task<expected<void, peer_error>> notify_released(std::string uri) override {
    released.push_back(uri);
    co_return expected<void, peer_error>{};
  }
};

}  // namespace glasscore::smf::test
