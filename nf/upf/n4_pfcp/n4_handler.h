#pragma once
/// \file
/// The UPF's N4 side (TS 29.244 V17 §6.2, §6.3): PFCP association and session procedures
/// turned into the data path's session_rules. Sans-I/O: it answers decoded requests (plug
/// `handle` into a pfcp::node as its request_handler) and reads usage through a
/// `rules_sink`, so tests drive it without a TUN device.
///
/// Scope (docs/pfcp.md, docs/upf.md): a session's uplink PDRs (source interface Access, on
/// one local F-TEID) and downlink PDRs (source interface Core, on one UE address), up to
/// max_pdrs_per_direction each, become the data path's rules, each with its Precedence, QFI
/// and SDF filters, FAR and up to two QERs; the data path classifies packets among them
/// (§5.2.1). Uplink FARs go to N6 or, at an intermediate UPF, over N9 to the PSA (GTP-U
/// Outer Header Creation, TS 23.501 §5.6.4); downlink packets also come on one local F-TEID
/// (source interface Core: N9 from the PSA at an I-UPF; or CP-function). IPv6 sessions add
/// the CP-function pair that carries Router Solicitations to the SMF and Advertisements back
/// (TS 23.501 §5.8.2.2.3). Other PDRs without SDF filter are accepted and kept but not
/// enforced; an SDF filter part or a combination the data path cannot enforce is refused
/// (cause 73 with the Failed Rule ID), more PDRs than it scans with cause 75. URRs measure
/// the session's volume and duration since their last report (§5.2.2.3.1); reports go in the
/// Deletion Response and, on a Volume or Time Threshold or a Measurement Period, in a
/// Session Report Request built by `usage_reports_due`; a buffering FAR with NOCP gives a
/// Downlink Data Report (`downlink_data_reports`).

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "glasscore/async/timer.h"
#include "glasscore/codec/pfcp/messages.h"
#include "glasscore/nf/upf/datapath.h"
#include "glasscore/nf/upf/session_rules.h"
#include "glasscore/transport/socket_address.h"

namespace glasscore::upf::n4 {

/// What the N4 side needs of the data path (upf::datapath implements it through
/// `datapath_sink`).
class rules_sink {
 public:
  virtual ~rules_sink() = default;
  [[nodiscard]] virtual expected<void, datapath_error> install(const session_rules& rules) = 0;
  [[nodiscard]] virtual expected<void, datapath_error> modify(const session_rules& rules,
                                                              bool send_end_marker) = 0;
  [[nodiscard]] virtual expected<session_counters, datapath_error> remove(pfcp_seid seid) = 0;
  [[nodiscard]] virtual std::optional<session_counters> counters(pfcp_seid seid) const = 0;
  /// datapath::take_downlink_data_arrivals; none by default, for sinks that never buffer.
  [[nodiscard]] virtual std::vector<pfcp_seid> take_downlink_data_arrivals() { return {}; }
};

/// The real data path behind rules_sink.
class datapath_sink final : public rules_sink {
 public:
  explicit datapath_sink(datapath& d) : datapath_(d) {}
  expected<void, datapath_error> install(const session_rules& r) override {
    return datapath_.install(r);
  }
  expected<void, datapath_error> modify(const session_rules& r, bool end_marker) override {
    return datapath_.modify(r, end_marker);
  }
  expected<session_counters, datapath_error> remove(pfcp_seid s) override {
    return datapath_.remove(s);
  }
  std::optional<session_counters> counters(pfcp_seid s) const override {
    return datapath_.counters(s);
  }
  std::vector<pfcp_seid> take_downlink_data_arrivals() override {
    return datapath_.take_downlink_data_arrivals();
  }

 private:
  datapath& datapath_;
};

struct n4_config {
  pfcp::node_id self;
  std::uint32_t recovery_time_stamp = 0;  ///< NTP seconds at start (§8.2.65)
  /// N3 addresses put in F-TEIDs the UPF chooses (§5.5.3, CHOOSE); a family without an
  /// address cannot be chosen (cause 71).
  std::optional<pfcp::ipv4_address> n3_ipv4;
  std::optional<pfcp::ipv6_address> n3_ipv6;
  /// §8.2.25 UP Function Features sent in Association Setup/Update Response.
  pfcp::flag_octets up_function_features;
  std::uint32_t first_teid = 1;
  std::uint64_t first_seid = 1;
  /// Time for URR measurements (duration, Time Threshold, Measurement Period; §5.2.2.2.1).
  /// Null: the monotonic clock. Must outlive the handler.
  const async::clock* clock = nullptr;
};

/// A Session Report Request to send to the SMF that owns the session.
struct outgoing_report {
  transport::socket_address peer;
  pfcp::message request;
};

class n4_handler {
 public:
  n4_handler(n4_config config, rules_sink& sink);
  n4_handler(const n4_handler&) = delete;
  n4_handler& operator=(const n4_handler&) = delete;
  ~n4_handler();

  /// Answers a decoded request from `from` (a pfcp::request_handler).
  [[nodiscard]] std::optional<pfcp::message> handle(const pfcp::message& request,
                                                    const transport::socket_address& from);

  /// The SMF's SEID of local session `local_seid` (0 if unknown): for rejections of
  /// malformed session requests (pfcp::node::set_seid_resolver).
  [[nodiscard]] std::uint64_t peer_seid(std::uint64_t local_seid) const;

  /// Session Report Requests (USAR) for URRs whose Volume Threshold (§8.2.13) was reached
  /// since the last report, whose measured duration reached the Time Threshold (§8.2.16,
  /// DURAT with TIMTH) or whose Measurement Period (§8.2.14, PERIO) came round; call
  /// periodically (the call period is the time triggers' resolution). Each report carries
  /// the usage since the URR's previous one; its volume and duration then restart.
  [[nodiscard]] std::vector<outgoing_report> usage_reports_due();

  /// Session Report Requests with a Downlink Data Report (§5.2.3.1, §7.5.8.2) for sessions
  /// whose buffering FAR with NOCP received its first packet; call often (the SMF pages
  /// the UE on it, TS 23.502 §4.2.3.3).
  [[nodiscard]] std::vector<outgoing_report> downlink_data_reports();

  [[nodiscard]] bool associated() const { return peer_node_.has_value(); }
  [[nodiscard]] std::size_t session_count() const { return sessions_.size(); }

  struct session;  // defined in n4_handler.cpp

 private:
  std::optional<pfcp::message> association_setup(const pfcp::association_setup_request& r);
  std::optional<pfcp::message> establish(const pfcp::message& m,
                                         const transport::socket_address& from);
  std::optional<pfcp::message> modify(const pfcp::message& m);
  std::optional<pfcp::message> remove(const pfcp::message& m);

  /// NTP seconds (§8.2.52) of a point on clock_.
  [[nodiscard]] std::uint32_t ntp_seconds(async::time_point t) const;

  n4_config config_;
  rules_sink& sink_;
  const async::clock& clock_;
  async::time_point started_;  ///< clock_ at construction, when recovery_time_stamp held
  std::optional<pfcp::node_id> peer_node_;
  std::map<std::uint64_t, session> sessions_;  // by local SEID
  std::uint32_t next_teid_;
  std::uint64_t next_seid_;
};

}  // namespace glasscore::upf::n4
