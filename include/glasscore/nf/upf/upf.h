#pragma once
/// \file
/// The UPF network function (TS 23.501 §6.2.3) as the runtime starts it: the data path
/// (datapath.h: N3 GTP-U and the N6 TUN device on worker threads) and its N4 side (PFCP on
/// UDP 8805, n4_pfcp/) on the control thread's io_context, with periodic usage reports
/// (TS 29.244 §5.2.2.3) and downlink data reports (§5.2.3.1) sent to the SMF that owns
/// each session.

#include <chrono>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/metrics/metrics.h"
#include "glasscore/nf/upf/datapath.h"
#include "glasscore/transport/socket_address.h"

namespace glasscore::upf {

struct upf_options {
  datapath_config datapath;
  /// The PFCP address (upf.n4_address:8805; port 0 in tests).
  transport::socket_address n4_local;
  /// How often volume thresholds are checked for Session Report Requests.
  std::chrono::milliseconds usage_check_interval{1000};
  /// How often buffered sessions with NOCP are checked for a Downlink Data Report (the
  /// delay it adds to paging a UE, TS 23.502 §4.2.3.3).
  std::chrono::milliseconds downlink_data_check_interval{20};
};

class upf_runtime;

class upf {
 public:
  [[nodiscard]] static expected<std::unique_ptr<upf>, std::string> start(asio::io_context& io,
                                                                         upf_options options);
  upf(const upf&) = delete;
  upf& operator=(const upf&) = delete;
  ~upf();

  [[nodiscard]] transport::socket_address n4_address() const;
  [[nodiscard]] const transport::socket_address& n3_address() const;
  [[nodiscard]] std::size_t sessions() const;
  [[nodiscard]] datapath_counters totals() const;
  [[nodiscard]] const std::string& tun_name() const;

 private:
  explicit upf(std::unique_ptr<upf_runtime> r);
  std::unique_ptr<upf_runtime> runtime_;
};

}  // namespace glasscore::upf
