#pragma once
// Internal: one data-path worker thread (docs/upf.md, "Threads"). It owns its buffer pool,
// its batches, its N3 socket and its N6 TUN queue; it reads both, sends on its socket in
// batches and writes to its queue.

#include <chrono>
#include <cstdint>
#include <thread>

#include "datapath_impl.h"

namespace glasscore::upf::detail {

class worker {
 public:
  /// `n3` is the worker's own N3 socket (SO_REUSEPORT) and `n6` its own queue of the TUN
  /// device (IFF_MULTI_QUEUE), null when the data path has no N6: it alone reads and writes
  /// them. N9 (to and from other UPFs) shares the N3 socket.
  worker(datapath::impl& dp, std::size_t index, transport::udp_socket& n3,
         transport::tun_device* n6);
  ~worker();
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  [[nodiscard]] bool start();
  void join();

  worker_counters counters;
  worker_metrics metrics;  ///< set before start()

 private:
  void run();
  bool receive_n3(std::int64_t now_ns);
  bool receive_n6(std::int64_t now_ns);
  void handle_n3(transport::datagram& d, std::int64_t now_ns);
  void handle_g_pdu(transport::datagram& d, const gtpu::packet_view& v, std::int64_t now_ns);
  /// The T-PDU of `v`, unchanged, re-encapsulated with `header` and queued to `to` (uplink
  /// to the CP function, or on to a PSA over N9). False when it could not be.
  bool send_into_tunnel(transport::datagram& d, const gtpu::packet_view& v,
                        const gtpu::header& header, const transport::socket_address& to);
  void handle_downlink_tunnel(transport::datagram& d, const gtpu::packet_view& v,
                              const session_entry& e, std::int64_t now_ns);
  void handle_end_marker(transport::datagram& d, std::uint32_t teid);
  void handle_n6(packet_buffer&& b, std::int64_t now_ns);
  /// The session's downlink PDR for an IP packet (from N6, a PSA or the CP function) found
  /// and its FAR and QERs applied; true when it was queued to the gNB. `received_qfi`: the
  /// QFI of the G-PDU's own PDU Session Container, which then replaces the PDR's.
  bool forward_downlink(packet_buffer&& b, const session_entry& e, std::int64_t now_ns,
                        std::optional<std::uint8_t> received_qfi = std::nullopt);
  void buffer_downlink(std::span<const std::uint8_t> ip, const session_entry& e,
                       const downlink_pdr& pdr);
  void flush_buffered(const session_entry& e);
  void answer_echo(transport::datagram& d, std::uint16_t sequence);
  void send_error_indication(transport::datagram& d, std::uint32_t teid, std::int64_t now_ns);
  void send_supported_extensions(transport::datagram& d, std::int64_t now_ns);
  /// The answer rate limit shared by Error Indications and Supported Extension Headers
  /// Notifications; counts what it refuses.
  bool answer_allowed(std::int64_t now_ns);
  void queue(packet_buffer&& b, const transport::socket_address& to);
  void flush();

  datapath::impl& dp_;
  std::size_t index_;
  transport::udp_socket& n3_;
  transport::tun_device* n6_;
  packet_buffer_pool pool_;  // before the batches: they hold its buffers
  transport::datagram_batch rx_;
  transport::datagram_batch tx_;
  std::thread thread_;
  // Answer rate limit: at most N Error Indications / Supported Extension Headers
  // Notifications per one-second window (TS 29.281 §7.3.1 asks
  // for an answer; the limit keeps a TEID scan from turning us into a reflector).
  std::int64_t ei_window_start_ns_ = 0;
  std::uint32_t ei_in_window_ = 0;
};

}  // namespace glasscore::upf::detail
