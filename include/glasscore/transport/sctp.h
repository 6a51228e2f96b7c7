#pragma once
/// \file
/// SCTP endpoint for N2 (TS 38.412 §7: SCTP, destination port 38412 on the AMF, payload
/// protocol identifier 60 for NGAP, one association per gNB, several streams).
///
/// One `sctp_endpoint` is one one-to-many SCTP socket (RFC 6458 §3): the AMF listens and
/// holds one association per gNB on it; a simulated gNB connects from its own endpoint.
/// Two backends sit behind it: Linux kernel SCTP, and usrsctp (a userspace SCTP stack that
/// sends real SCTP over raw IP, or over UDP as in RFC 6951) for kernels without SCTP.
/// `sctp_backend::automatic` picks the kernel when it can open an SCTP socket.
///
/// Threading: every notifier call happens on the thread running the io_context given at
/// creation (usrsctp's own threads only post there). The endpoint's methods must be called
/// on that thread too. Nothing throws; errors are values (DESIGN.md §4).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/transport/socket_address.h"
#include "glasscore/transport/transport_error.h"

namespace glasscore::transport {

/// TS 38.412 §7: the AMF's well-known SCTP port for NGAP.
inline constexpr std::uint16_t ngap_sctp_port = 38412;
/// TS 38.412 §7 and IANA: SCTP payload protocol identifier of NGAP.
inline constexpr std::uint32_t ngap_ppid = 60;

/// An association on one endpoint, as the SCTP stack numbers it (sctp_assoc_t).
enum class sctp_association_id : std::uint32_t {};

enum class sctp_backend : std::uint8_t {
  automatic,  ///< kernel if socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP) works, else userspace
  kernel,     ///< Linux kernel SCTP
  userspace,  ///< usrsctp in this process
};

/// How the userspace stack reaches the network. The stack is process-wide: the first
/// endpoint fixes the mode (and UDP port) for every later one.
enum class sctp_userspace_mode : std::uint8_t {
  raw_ip,  ///< IP protocol 132 on raw sockets (needs CAP_NET_RAW; checked at creation)
  udp,     ///< SCTP over UDP (RFC 6951); works without privileges
};

struct sctp_options {
  sctp_backend backend = sctp_backend::automatic;
  /// Address to bind. A server binds ngap_sctp_port; a client usually port 0 (any). A
  /// client restarting "from the same address and port" binds that port again.
  socket_address local;
  bool listen = false;  ///< accept associations (AMF); otherwise only connect() (gNB)
  int listen_backlog = 1024;

  /// Streams offered in INIT/INIT-ACK (RFC 9260 §5.1). TS 38.412 §7: one stream pair is
  /// reserved for non-UE-associated signalling, the others carry UE-associated signalling.
  std::uint16_t outbound_streams = 8;
  std::uint16_t max_inbound_streams = 8;
  /// Messages larger than this are rejected by send() (message_too_long) and dropped when
  /// received. NGAP messages can be large (TS 38.413 lists); 64 KiB is the minimum kept.
  std::size_t max_message_size = 256 * 1024;

  /// Path heartbeat interval (RFC 9260 §8.3); 0 disables heartbeats.
  std::chrono::milliseconds heartbeat_interval{5000};
  /// Retransmission timeout bounds (RFC 9260 §6.3.1).
  std::chrono::milliseconds rto_initial{1000};
  std::chrono::milliseconds rto_min{500};
  std::chrono::milliseconds rto_max{5000};
  /// Association.Max.Retrans (RFC 9260 §8.1): consecutive retransmissions or unanswered
  /// heartbeats after which the association is declared lost.
  std::uint16_t max_retransmissions = 5;
  std::uint16_t path_max_retransmissions = 5;  ///< Path.Max.Retrans (§8.2)
  /// Max.Init.Retransmits (§5.1, §6.3.3): INIT attempts before connect() gives up, and the
  /// cap on the INIT retransmission timer.
  std::uint16_t max_init_attempts = 4;
  std::chrono::milliseconds max_init_timeout{2000};

  /// Socket buffer sizes (SO_SNDBUF / SO_RCVBUF); must hold a few maximum-size messages.
  int send_buffer_bytes = 2 * 1024 * 1024;
  int receive_buffer_bytes = 2 * 1024 * 1024;
  /// Bytes send() may hold back while the stack's send buffer is full; beyond: would_block.
  std::size_t max_pending_bytes = 16 * 1024 * 1024;

  /// Userspace backend only.
  sctp_userspace_mode userspace_mode = sctp_userspace_mode::raw_ip;
  std::uint16_t udp_encapsulation_port = 9899;  ///< this process's UDP port (udp mode)
  /// The peer's UDP encapsulation port for connect() (udp mode); 0 = the same as ours.
  std::uint16_t remote_udp_encapsulation_port = 0;
};

/// Checks `options` and names the first problem, or returns nothing when they are usable.
[[nodiscard]] expected<void, std::string> validate(const sctp_options& options);

struct sctp_association_info {
  sctp_association_id id{};
  socket_address peer;  ///< the peer's primary path address
  std::uint16_t inbound_streams = 0;
  std::uint16_t outbound_streams = 0;
};

/// Why an association ended.
enum class sctp_down_reason : std::uint8_t {
  shutdown,      ///< graceful SHUTDOWN completed (RFC 9260 §9.2), started by either side
  lost,          ///< no answer: retransmissions or heartbeats exhausted (§8.1, §8.3)
  aborted,       ///< ABORT received from the peer (§9.1), or abort() called here
  cannot_start,  ///< connect() failed: no answer to INIT, or ABORT in reply
};
[[nodiscard]] std::string_view to_string(sctp_down_reason r);

/// One complete received message (SCTP preserves message boundaries).
struct sctp_message {
  sctp_association_id association{};
  std::uint16_t stream = 0;
  std::uint32_t ppid = 0;
  byte_span data;  ///< valid only during the notifier call
};

/// What the endpoint tells its owner; called on the io_context thread.
class sctp_notifier {
 public:
  virtual ~sctp_notifier() = default;
  virtual void on_association_up(const sctp_association_info& info) = 0;
  virtual void on_message(const sctp_message& message) = 0;
  virtual void on_association_down(sctp_association_id id, sctp_down_reason reason) = 0;
  /// The peer restarted (RFC 9260 §5.2.4): same addresses, new INIT. Queued data was lost.
  virtual void on_association_restarted(const sctp_association_info& info) { (void)info; }
  /// A message that send() had accepted could not be delivered.
  virtual void on_send_failed(sctp_association_id id, std::uint16_t stream, std::uint32_t ppid,
                              transport_error error) {
    (void)id, (void)stream, (void)ppid, (void)error;
  }
};

struct sctp_counters {
  std::uint64_t messages_sent = 0;
  std::uint64_t messages_received = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t oversize_dropped = 0;  ///< received messages over max_message_size
  std::uint64_t send_queued = 0;       ///< send() calls that had to wait for buffer space
};

class sctp_endpoint_impl;

/// One SCTP socket (one-to-many style) and its associations. Destroying it aborts every
/// association still open (call shutdown() first for a graceful end).
class sctp_endpoint {
 public:
  /// Opens, configures and binds the socket (and listens when options.listen). Errors name
  /// the step and the reason, e.g. raw-IP usrsctp without CAP_NET_RAW.
  [[nodiscard]] static expected<std::unique_ptr<sctp_endpoint>, std::string> create(
      asio::io_context& io, const sctp_options& options, sctp_notifier& notifier);

  sctp_endpoint(const sctp_endpoint&) = delete;
  sctp_endpoint& operator=(const sctp_endpoint&) = delete;
  ~sctp_endpoint();

  /// Starts an association to `remote`; the outcome arrives as on_association_up or
  /// on_association_down(cannot_start), bounded by max_init_attempts/max_init_timeout.
  [[nodiscard]] expected<void, transport_error> connect(const socket_address& remote);

  /// Sends one message. message_too_long over max_message_size, invalid_argument for an
  /// unknown association or a stream the association does not have, would_block when more
  /// than max_pending_bytes already wait for buffer space.
  [[nodiscard]] expected<void, transport_error> send(sctp_association_id id, std::uint16_t stream,
                                                     std::uint32_t ppid, byte_span data);
  /// Graceful close (SHUTDOWN, RFC 9260 §9.2): queued data is delivered first.
  [[nodiscard]] expected<void, transport_error> shutdown(sctp_association_id id);
  /// ABORT (RFC 9260 §9.1): ends the association at once, dropping queued data.
  [[nodiscard]] expected<void, transport_error> abort(sctp_association_id id);

  [[nodiscard]] sctp_backend backend() const;
  [[nodiscard]] expected<socket_address, transport_error> local_address() const;
  [[nodiscard]] std::size_t association_count() const;
  [[nodiscard]] const sctp_counters& counters() const;

 private:
  explicit sctp_endpoint(std::shared_ptr<sctp_endpoint_impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<sctp_endpoint_impl> impl_;
};

/// True when this kernel can open an SCTP socket (what `automatic` checks).
[[nodiscard]] bool kernel_sctp_available();

}  // namespace glasscore::transport
