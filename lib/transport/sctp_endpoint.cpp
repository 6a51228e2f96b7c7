// The backend-neutral half of sctp_endpoint: option checks, backend choice, association
// book-keeping, message reassembly, the send queue and event dispatch. The stacks
// themselves are in sctp_kernel.cpp and sctp_usrsctp.cpp (see sctp_backend.h).

#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <unordered_map>
#include <vector>

#include <asio/post.hpp>

#include "glasscore/core/log.h"
#include "glasscore/transport/sctp.h"
#include "sctp_backend.h"

#ifndef IPPROTO_SCTP
#define IPPROTO_SCTP 132
#endif

namespace glasscore::transport {

namespace {

// Reads per readiness callback before yielding to other work on the loop; the rest is
// picked up by a re-posted callback, so one busy association cannot starve the loop.
constexpr int read_budget = 256;
// Receive scratch buffer: larger messages arrive in pieces and are reassembled.
constexpr std::size_t receive_chunk = 64 * 1024 + 64;
// NGAP messages must fit; TS 38.413 has no hard upper bound but RAN configuration and
// handover messages with many cells run into tens of KiB.
constexpr std::size_t min_message_size = 64 * 1024;

using detail::sctp_notice;
using detail::sctp_send_kind;

}  // namespace

std::string_view to_string(sctp_down_reason r) {
  switch (r) {
    case sctp_down_reason::shutdown:
      return "shutdown";
    case sctp_down_reason::lost:
      return "lost";
    case sctp_down_reason::aborted:
      return "aborted";
    case sctp_down_reason::cannot_start:
      return "cannot start";
  }
  return "unknown";
}

expected<void, std::string> validate(const sctp_options& o) {
  if (o.outbound_streams == 0 || o.max_inbound_streams == 0) {
    return fail(std::string("sctp: stream counts must be at least 1"));
  }
  if (o.max_message_size < min_message_size) {
    return fail(std::string("sctp: max_message_size must be at least 65536 (NGAP)"));
  }
  if (o.send_buffer_bytes < 0 || o.receive_buffer_bytes < 0 ||
      static_cast<std::size_t>(o.send_buffer_bytes) < o.max_message_size) {
    return fail(std::string("sctp: send_buffer_bytes must hold max_message_size"));
  }
  if (o.rto_min.count() <= 0 || o.rto_min > o.rto_initial || o.rto_initial > o.rto_max) {
    return fail(std::string("sctp: need 0 < rto_min <= rto_initial <= rto_max"));
  }
  if (o.max_retransmissions == 0 || o.path_max_retransmissions == 0 || o.max_init_attempts == 0) {
    return fail(std::string("sctp: retransmission limits must be at least 1"));
  }
  if (o.heartbeat_interval.count() < 0 || o.max_init_timeout.count() <= 0) {
    return fail(std::string("sctp: heartbeat_interval >= 0 and max_init_timeout > 0"));
  }
  if (!o.local.empty() && o.local.family() != AF_INET && o.local.family() != AF_INET6) {
    return fail(std::string("sctp: local address must be IPv4 or IPv6"));
  }
  if (o.listen && o.local.port() == 0) {
    return fail(std::string("sctp: a listening endpoint needs a port (38412 for NGAP)"));
  }
  if (o.backend != sctp_backend::kernel && o.userspace_mode == sctp_userspace_mode::udp &&
      o.udp_encapsulation_port == 0) {
    return fail(std::string("sctp: udp mode needs udp_encapsulation_port"));
  }
  return {};
}

bool kernel_sctp_available() {
  const int fd = ::socket(AF_INET, SOCK_SEQPACKET | SOCK_CLOEXEC, IPPROTO_SCTP);
  if (fd < 0) {
    return false;
  }
  ::close(fd);
  return true;
}

namespace detail {
std::uint32_t to_ms(std::chrono::milliseconds d) {
  return static_cast<std::uint32_t>(d.count());
}
}  // namespace detail

class sctp_endpoint_impl : public std::enable_shared_from_this<sctp_endpoint_impl> {
 public:
  sctp_endpoint_impl(asio::io_context& io, const sctp_options& options, sctp_notifier& notifier,
                     sctp_backend backend)
      : io_(io), options_(options), notifier_(notifier), backend_(backend) {
    buffer_.resize(receive_chunk);
  }

  expected<void, std::string> open() {
    std::weak_ptr<sctp_endpoint_impl> weak = weak_from_this();
    auto ready = [weak] {
      if (auto self = weak.lock()) {
        self->on_ready();
      }
    };
    auto socket = backend_ == sctp_backend::kernel
                      ? detail::open_kernel_socket(io_, options_, ready)
                      : detail::open_usrsctp_socket(io_, options_, ready);
    if (!socket) {
      return fail(socket.error());
    }
    socket_ = std::move(*socket);
    socket_->arm(false);
    return {};
  }

  void close() {
    closed_ = true;
    socket_.reset();  // SO_LINGER 0: the stack aborts what is still open
    associations_.clear();
    queue_.clear();
  }

  expected<void, transport_error> connect(const socket_address& remote) {
    if (closed_) {
      return fail(transport_error{transport_errc::invalid_argument, 0});
    }
    return socket_->connect(remote);
  }

  expected<void, transport_error> send(sctp_association_id id, std::uint16_t stream,
                                       std::uint32_t ppid, byte_span data, sctp_send_kind kind) {
    if (closed_) {
      return fail(transport_error{transport_errc::invalid_argument, 0});
    }
    if (data.size() > options_.max_message_size) {
      return fail(transport_error{transport_errc::message_too_long, EMSGSIZE});
    }
    const auto it = associations_.find(id);
    if (it == associations_.end()) {
      return fail(transport_error{transport_errc::invalid_argument, ENOENT});
    }
    if (kind == sctp_send_kind::data && stream >= it->second.outbound_streams) {
      return fail(transport_error{transport_errc::invalid_argument, EINVAL});
    }
    if (kind == sctp_send_kind::abort) {
      drop_queued(id, false);
      if (auto sent = socket_->send(id, 0, 0, {}, kind); !sent) {
        return sent;
      }
      // Not every stack notifies the side that aborted (usrsctp does not), so the endpoint
      // reports it itself, after this call returns; a later notification finds nothing.
      associations_.erase(id);
      partials_.erase(id);
      std::weak_ptr<sctp_endpoint_impl> weak = weak_from_this();
      asio::post(io_, [weak, id] {
        if (auto self = weak.lock(); self && !self->closed_) {
          self->notifier_.on_association_down(id, sctp_down_reason::aborted);
        }
      });
      return {};
    }
    if (queue_.empty()) {
      auto sent = socket_->send(id, stream, ppid, data, kind);
      if (sent) {
        count_sent(kind, data.size());
        return {};
      }
      if (sent.error().code != transport_errc::would_block) {
        return sent;
      }
    }
    if (queued_bytes_ + data.size() > options_.max_pending_bytes) {
      return fail(transport_error{transport_errc::would_block, EAGAIN});
    }
    queue_.push_back({id, stream, ppid, kind, std::vector<std::uint8_t>(data.begin(), data.end())});
    queued_bytes_ += data.size();
    ++counters_.send_queued;
    socket_->arm(true);
    return {};
  }

  [[nodiscard]] sctp_backend backend() const { return backend_; }
  [[nodiscard]] expected<socket_address, transport_error> local_address() const {
    if (closed_) {
      return fail(transport_error{transport_errc::invalid_argument, 0});
    }
    return socket_->local_address();
  }
  [[nodiscard]] std::size_t association_count() const { return associations_.size(); }
  [[nodiscard]] const sctp_counters& counters() const { return counters_; }

 private:
  struct queued {
    sctp_association_id id;
    std::uint16_t stream;
    std::uint32_t ppid;
    sctp_send_kind kind;
    std::vector<std::uint8_t> bytes;
  };
  struct partial {
    std::vector<std::uint8_t> bytes;
    bool dropping = false;  // over max_message_size: discard up to the end of the record
  };

  void count_sent(sctp_send_kind kind, std::size_t size) {
    if (kind == sctp_send_kind::data) {
      ++counters_.messages_sent;
      counters_.bytes_sent += size;
    }
  }

  // Runs on the io thread whenever the socket may have data, notifications or room.
  void on_ready() {
    if (closed_) {
      return;
    }
    const auto keep_alive = shared_from_this();  // a notifier may destroy the endpoint
    flush_queue();
    for (int i = 0; i < read_budget && !closed_; ++i) {
      auto got = socket_->receive(buffer_);
      if (!got) {
        if (got.error().code != transport_errc::would_block) {
          log::get("sctp")->warn("sctp: receive failed: {}", to_string(got.error()));
        }
        if (!closed_) {
          socket_->arm(!queue_.empty());
        }
        return;
      }
      if (got->notification) {
        handle_notice(got->notice);
      } else {
        handle_data(*got);
      }
      if (!closed_) {
        flush_queue();
      }
    }
    if (!closed_) {
      // Budget spent with data possibly left: continue after other queued work.
      std::weak_ptr<sctp_endpoint_impl> weak = weak_from_this();
      asio::post(io_, [weak] {
        if (auto self = weak.lock()) {
          self->on_ready();
        }
      });
    }
  }

  void flush_queue() {
    while (!queue_.empty() && !closed_) {
      auto& q = queue_.front();
      auto sent = socket_->send(q.id, q.stream, q.ppid, q.bytes, q.kind);
      if (!sent && sent.error().code == transport_errc::would_block) {
        socket_->arm(true);
        return;
      }
      queued item = std::move(q);
      queue_.pop_front();
      queued_bytes_ -= item.bytes.size();
      if (sent) {
        count_sent(item.kind, item.bytes.size());
      } else if (item.kind == sctp_send_kind::data) {
        notifier_.on_send_failed(item.id, item.stream, item.ppid, sent.error());
      }
    }
  }

  void handle_data(const detail::sctp_received& got) {
    const byte_span piece(buffer_.data(), got.size);
    auto it = partials_.find(got.id);
    if (it == partials_.end() && got.end_of_record) {
      deliver(got, piece);
      return;
    }
    auto& p = partials_[got.id];
    if (!p.dropping) {
      if (p.bytes.size() + piece.size() > options_.max_message_size) {
        // Untrusted input: an over-limit message is dropped and counted, never delivered.
        p.dropping = true;
        p.bytes.clear();
        p.bytes.shrink_to_fit();
      } else {
        p.bytes.insert(p.bytes.end(), piece.begin(), piece.end());
      }
    }
    if (got.end_of_record) {
      partial done = std::move(p);
      partials_.erase(got.id);
      if (done.dropping) {
        ++counters_.oversize_dropped;
        log::get("sctp")->warn("sctp: dropped a message over {} bytes on association {}",
                               options_.max_message_size, static_cast<std::uint32_t>(got.id));
      } else {
        deliver(got, done.bytes);
      }
    }
  }

  void deliver(const detail::sctp_received& got, byte_span data) {
    if (!associations_.contains(got.id)) {
      return;  // data racing an association's end; its notification came first
    }
    ++counters_.messages_received;
    counters_.bytes_received += data.size();
    notifier_.on_message({got.id, got.stream, got.ppid, data});
  }

  void handle_notice(const sctp_notice& n) {
    switch (n.what) {
      case sctp_notice::kind::up:
      case sctp_notice::kind::restarted: {
        sctp_association_info info{n.id, {}, n.inbound_streams, n.outbound_streams};
        if (auto peer = socket_->peer_address(n.id)) {
          info.peer = *peer;
        }
        partials_.erase(n.id);
        if (n.what == sctp_notice::kind::restarted) {
          // RFC 9260 §5.2.4: the stream counts may have changed; queued data is gone.
          drop_queued(n.id, true);
          associations_[n.id] = info;
          notifier_.on_association_restarted(info);
        } else {
          associations_[n.id] = info;
          notifier_.on_association_up(info);
        }
        return;
      }
      case sctp_notice::kind::lost:
      case sctp_notice::kind::shutdown_done:
      case sctp_notice::kind::cannot_start: {
        sctp_down_reason reason = sctp_down_reason::lost;
        if (n.what == sctp_notice::kind::shutdown_done) {
          reason = sctp_down_reason::shutdown;
        } else if (n.what == sctp_notice::kind::cannot_start) {
          reason = sctp_down_reason::cannot_start;
        } else if (n.by_peer_abort) {
          reason = sctp_down_reason::aborted;
        }
        partials_.erase(n.id);
        drop_queued(n.id, true);
        const bool known = associations_.erase(n.id) > 0;
        if (known || reason == sctp_down_reason::cannot_start) {
          notifier_.on_association_down(n.id, reason);
        }
        return;
      }
      case sctp_notice::kind::send_failed:
        notifier_.on_send_failed(n.id, n.stream, n.ppid, error_from_errno(n.error));
        return;
      case sctp_notice::kind::partial_aborted:
        partials_.erase(n.id);
        return;
      case sctp_notice::kind::ignored:
        return;
    }
  }

  // Removes queued messages of an association that ended; reports them when `report`.
  void drop_queued(sctp_association_id id, bool report) {
    for (auto it = queue_.begin(); it != queue_.end();) {
      if (it->id != id) {
        ++it;
        continue;
      }
      queued_bytes_ -= it->bytes.size();
      const queued q = std::move(*it);
      it = queue_.erase(it);
      if (report && q.kind == sctp_send_kind::data) {
        notifier_.on_send_failed(q.id, q.stream, q.ppid,
                                 transport_error{transport_errc::other, ECONNRESET});
      }
    }
  }

  struct id_hash {
    std::size_t operator()(sctp_association_id id) const {
      return std::hash<std::uint32_t>{}(static_cast<std::uint32_t>(id));
    }
  };

  asio::io_context& io_;
  sctp_options options_;
  sctp_notifier& notifier_;
  sctp_backend backend_;
  std::unique_ptr<detail::sctp_socket_backend> socket_;
  bool closed_ = false;
  std::vector<std::uint8_t> buffer_;
  std::unordered_map<sctp_association_id, sctp_association_info, id_hash> associations_;
  std::unordered_map<sctp_association_id, partial, id_hash> partials_;
  std::deque<queued> queue_;
  std::size_t queued_bytes_ = 0;
  sctp_counters counters_;
};

expected<std::unique_ptr<sctp_endpoint>, std::string> sctp_endpoint::create(
    asio::io_context& io, const sctp_options& options, sctp_notifier& notifier) {
  if (auto ok = validate(options); !ok) {
    return fail(ok.error());
  }
  sctp_backend backend = options.backend;
  if (backend == sctp_backend::automatic) {
    backend = kernel_sctp_available() ? sctp_backend::kernel : sctp_backend::userspace;
  }
  auto impl = std::make_shared<sctp_endpoint_impl>(io, options, notifier, backend);
  if (auto opened = impl->open(); !opened) {
    return fail(opened.error());
  }
  return std::unique_ptr<sctp_endpoint>(new sctp_endpoint(std::move(impl)));
}

sctp_endpoint::~sctp_endpoint() {
  impl_->close();
}

expected<void, transport_error> sctp_endpoint::connect(const socket_address& remote) {
  return impl_->connect(remote);
}

expected<void, transport_error> sctp_endpoint::send(sctp_association_id id, std::uint16_t stream,
                                                    std::uint32_t ppid, byte_span data) {
  return impl_->send(id, stream, ppid, data, sctp_send_kind::data);
}

expected<void, transport_error> sctp_endpoint::shutdown(sctp_association_id id) {
  return impl_->send(id, 0, 0, {}, sctp_send_kind::eof);
}

expected<void, transport_error> sctp_endpoint::abort(sctp_association_id id) {
  return impl_->send(id, 0, 0, {}, sctp_send_kind::abort);
}

sctp_backend sctp_endpoint::backend() const {
  return impl_->backend();
}

expected<socket_address, transport_error> sctp_endpoint::local_address() const {
  return impl_->local_address();
}

std::size_t sctp_endpoint::association_count() const {
  return impl_->association_count();
}

const sctp_counters& sctp_endpoint::counters() const {
  return impl_->counters();
}

}  // namespace glasscore::transport
