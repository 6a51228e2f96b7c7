#pragma once
/// \file
/// A simulated gNB on a real SCTP association to an AMF (TS 38.412: one association per
/// gNB, PPID 60): the sans-I/O `gnb` of gnb.h with its own SCTP endpoint on the
/// io_context. NG Setup starts as soon as the association is up.

#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "glasscore/async/timer.h"
#include "glasscore/core/expected.h"
#include "glasscore/sim/gnb.h"
#include "glasscore/sim/n3_socket.h"
#include "glasscore/sim/user_plane.h"
#include "glasscore/transport/sctp.h"

namespace glasscore::sim {

class sctp_gnb final : public transport::sctp_notifier, public gnb_notifier {
 public:
  /// Opens the endpoint described by `local` (`listen` is forced off) and connects to
  /// `amf`. The gNB is `ready()` once NG Setup succeeded.
  [[nodiscard]] static expected<std::unique_ptr<sctp_gnb>, std::string> connect(
      asio::io_context& io, async::timer_service& timers, gnb_config config,
      transport::sctp_options local, const transport::socket_address& amf);

  sctp_gnb(const sctp_gnb&) = delete;
  sctp_gnb& operator=(const sctp_gnb&) = delete;
  ~sctp_gnb() override;

  [[nodiscard]] gnb& cell() { return cell_; }
  /// Opens the gNB's N3 (GTP-U, UDP 2152 on `n3_ipv4`) and carries its PDU sessions'
  /// user plane (user_plane.h). `upf_port` is 2152 except in tests.
  [[nodiscard]] expected<void, std::string> enable_user_plane(asio::io_context& io,
                                                              std::array<std::uint8_t, 4> n3_ipv4,
                                                              std::uint16_t upf_port = 2152);
  /// The user plane, once enabled.
  [[nodiscard]] sim::user_plane* user_plane() { return user_plane_.get(); }
  [[nodiscard]] bool ready() const { return cell_.state() == gnb_state::ready; }
  /// True once the association went down (or could not start).
  [[nodiscard]] bool lost() const { return lost_; }

  void on_association_up(const transport::sctp_association_info& info) override;
  void on_message(const transport::sctp_message& message) override;
  void on_association_down(transport::sctp_association_id id,
                           transport::sctp_down_reason reason) override;
  void on_ngap_send(std::uint16_t stream, std::vector<std::uint8_t> pdu) override;

 private:
  sctp_gnb(gnb_config config, async::timer_service& timers)
      : cell_(std::move(config), *this, timers), timers_(timers) {}

  gnb cell_;
  async::timer_service& timers_;
  std::unique_ptr<n3_socket> n3_;
  std::unique_ptr<sim::user_plane> user_plane_;
  std::unique_ptr<transport::sctp_endpoint> endpoint_;
  std::optional<transport::sctp_association_id> association_;
  bool lost_ = false;
};

}  // namespace glasscore::sim
