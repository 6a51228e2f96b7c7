#include "glasscore/sim/sctp_gnb.h"

#include "glasscore/config/config_types.h"

#include "glasscore/core/log.h"

namespace glasscore::sim {

expected<std::unique_ptr<sctp_gnb>, std::string> sctp_gnb::connect(
    asio::io_context& io, async::timer_service& timers, gnb_config config,
    transport::sctp_options local, const transport::socket_address& amf) {
  std::unique_ptr<sctp_gnb> g(new sctp_gnb(std::move(config), timers));
  local.listen = false;
  local.outbound_streams =
      std::max<std::uint16_t>(local.outbound_streams, g->cell_.config().streams);
  auto endpoint = transport::sctp_endpoint::create(io, local, *g);
  if (!endpoint) {
    return fail("gNB SCTP endpoint: " + endpoint.error());
  }
  g->endpoint_ = std::move(*endpoint);
  if (auto started = g->endpoint_->connect(amf); !started) {
    return fail("gNB connect to " + amf.to_string() + ": " + transport::to_string(started.error()));
  }
  return g;
}

sctp_gnb::~sctp_gnb() {
  cell_.set_session_handler(nullptr);
}

expected<void, std::string> sctp_gnb::enable_user_plane(asio::io_context& io,
                                                        std::array<std::uint8_t, 4> n3_ipv4,
                                                        std::uint16_t upf_port) {
  const std::string address =
      config::ip_address::v4(n3_ipv4[0], n3_ipv4[1], n3_ipv4[2], n3_ipv4[3]).to_string();
  auto local = transport::socket_address::parse(address, 2152);
  if (!local) {
    return fail("gNB N3 address " + address + ": " + transport::to_string(local.error()));
  }
  auto socket = n3_socket::open(io, *local);
  if (!socket) {
    return fail("gNB N3 socket: " + socket.error());
  }
  n3_ = std::move(*socket);
  user_plane_config c;
  c.upf_port = upf_port;
  c.n3_ipv4 = n3_ipv4;
  user_plane_ = std::make_unique<sim::user_plane>(c, *n3_, timers_);
  n3_->attach(*user_plane_);
  cell_.set_session_handler(user_plane_.get());
  return {};
}

void sctp_gnb::on_association_up(const transport::sctp_association_info& info) {
  association_ = info.id;
  cell_.start();
}

void sctp_gnb::on_message(const transport::sctp_message& message) {
  if (message.ppid == transport::ngap_ppid) {
    cell_.handle_ngap(message.stream, message.data);
  }
}

void sctp_gnb::on_association_down(transport::sctp_association_id,
                                   transport::sctp_down_reason reason) {
  log::get("sim")->warn("gNB {}: N2 association down ({})", cell_.config().name,
                        transport::to_string(reason));
  association_.reset();
  lost_ = true;
  cell_.handle_association_lost();
}

void sctp_gnb::on_ngap_send(std::uint16_t stream, std::vector<std::uint8_t> pdu) {
  if (!association_) {
    return;
  }
  if (auto sent = endpoint_->send(*association_, stream, transport::ngap_ppid, pdu); !sent) {
    log::get("sim")->warn("gNB {}: send failed ({})", cell_.config().name,
                          transport::to_string(sent.error()));
  }
}

}  // namespace glasscore::sim
