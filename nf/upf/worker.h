#pragma once
// Internal: one data-path worker thread (docs/upf.md, "Threads"). It owns its buffer pool
// and batches; it reads N3 (when it has a socket to read) and the shared N6 TUN device,
// and sends on N3 in batches.

#include <chrono>
#include <cstdint>
#include <thread>

#include "datapath_impl.h"

namespace glasscore::upf::detail {

class worker {
 public:
  /// `n3_receive` may be null: the worker then only reads N6 (one shared N3 socket).
  worker(datapath::impl& dp, std::size_t index, transport::udp_socket* n3_receive,
         transport::udp_socket& n3_send);
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
  void handle_end_marker(transport::datagram& d, std::uint32_t teid);
  void handle_n6(packet_buffer&& b, std::int64_t now_ns);
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
  transport::udp_socket* n3_receive_;
  transport::udp_socket& n3_send_;
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
