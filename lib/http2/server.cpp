// The server's I/O: accepting, the byte stream (cleartext or TLS) and the timers. All the
// HTTP/2 handling is in server_session.cpp (sans-I/O), one session per connection.
#include "glasscore/http2/server.h"

#include <array>
#include <vector>

#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>

#include "byte_stream.h"
#include "glasscore/http2/server_session.h"
#include "glasscore/transport/tcp_listener.h"
#include "nghttp2_util.h"

namespace glasscore::http2 {

using asio::ip::tcp;

namespace {
class connection;
}

struct server::state : std::enable_shared_from_this<state> {
  state(asio::io_context& io, server_options o, request_handler h)
      : acceptor(io), options(std::move(o)), handler(std::move(h)) {}

  tcp::acceptor acceptor;
  server_options options;
  request_handler handler;
  std::shared_ptr<asio::ssl::context> tls;  // null for h2c
  std::atomic<std::size_t> connections{0};
  std::vector<std::weak_ptr<connection>> live;  // for closing them all in ~server
  bool stopped = false;

  void accept();
};

namespace {

/// One accepted connection: the byte stream, the session and the timers.
class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(std::unique_ptr<detail::byte_stream> stream, asio::any_io_executor ex,
             std::shared_ptr<server::state> owner)
      : stream_(std::move(stream)), idle_timer_(ex), request_timer_(ex), owner_(std::move(owner)) {
    ++owner_->connections;
  }
  ~connection() { --owner_->connections; }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  void start();
  void close();

 private:
  void on_handshake(const std::string& error);
  void read();
  void on_read(const asio::error_code& ec, std::size_t n);
  void flush();
  void arm_idle_timer();
  void arm_request_timer();

  std::unique_ptr<detail::byte_stream> stream_;
  asio::steady_timer idle_timer_;
  asio::steady_timer request_timer_;
  std::shared_ptr<server::state> owner_;
  std::shared_ptr<server_session> session_;  // null until the handshake is done
  std::array<std::uint8_t, detail::read_chunk> in_{};
  std::string out_;
  std::optional<std::chrono::steady_clock::time_point> request_timer_at_;
  bool writing_ = false;
  bool closed_ = false;
  bool idle_goaway_sent_ = false;
  std::chrono::steady_clock::time_point last_read_ = std::chrono::steady_clock::now();
};

void connection::start() {
  arm_idle_timer();  // also bounds the TLS handshake
  stream_->handshake(
      [self = shared_from_this()](const std::string& error) { self->on_handshake(error); });
}

void connection::on_handshake(const std::string& error) {
  if (closed_) {
    return;
  }
  if (!error.empty()) {
    close();  // not TLS, a failed certificate check, or not h2: other clients are unaffected
    return;
  }
  session_ = server_session::create(owner_->options, owner_->handler, [w = weak_from_this()] {
    if (const auto self = w.lock()) {
      self->flush();
    }
  });
  if (session_ == nullptr) {
    close();
    return;
  }
  flush();
  read();
}

void connection::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  idle_timer_.cancel();
  request_timer_.cancel();
  stream_->close();
  if (session_ != nullptr) {
    session_->close();  // pending responders see no stream
  }
}

void connection::arm_idle_timer() {
  idle_timer_.expires_after(owner_->options.idle_timeout);
  idle_timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
    if (ec || self->closed_) {
      return;
    }
    if (self->idle_goaway_sent_ || self->session_ == nullptr) {
      self->close();  // the peer did not take the GOAWAY, or the handshake, within a period
      return;
    }
    const auto quiet = std::chrono::steady_clock::now() - self->last_read_;
    if (!self->session_->has_streams() && quiet >= self->owner_->options.idle_timeout) {
      // Graceful close (RFC 9113 §6.8): GOAWAY NO_ERROR, then the socket closes once written.
      self->idle_goaway_sent_ = true;
      self->session_->terminate(NGHTTP2_NO_ERROR);
      self->flush();
    }
    if (!self->closed_) {
      self->arm_idle_timer();
    }
  });
}

// One timer per connection, set to the session's earliest request deadline.
void connection::arm_request_timer() {
  const auto next = session_->next_deadline();
  if (!next || (request_timer_at_ && *request_timer_at_ <= *next)) {
    return;  // nothing due, or the timer already fires early enough
  }
  request_timer_at_ = next;
  request_timer_.expires_at(*next);
  request_timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
    if (ec || self->closed_) {
      return;
    }
    self->request_timer_at_.reset();
    self->session_->expire(std::chrono::steady_clock::now());
    self->flush();
    if (!self->closed_) {
      self->arm_request_timer();
    }
  });
}

void connection::read() {
  stream_->read_some(asio::buffer(in_),
                     [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
                       self->on_read(ec, n);
                     });
}

void connection::on_read(const asio::error_code& ec, std::size_t n) {
  if (closed_) {
    return;
  }
  if (ec) {  // EOF or reset: an abrupt disconnect just drops every stream
    close();
    return;
  }
  last_read_ = std::chrono::steady_clock::now();
  (void)session_->receive(std::span(in_.data(), n));  // errors queue GOAWAY; flush sends it
  arm_request_timer();
  flush();
  if (!closed_ && session_->want_read()) {
    read();
  }
}

void connection::flush() {
  if (closed_ || writing_ || session_ == nullptr) {
    return;
  }
  if (!session_->take_output(out_, detail::write_high_water)) {
    close();
    return;
  }
  if (out_.empty()) {
    if (session_->finished()) {
      close();  // after GOAWAY was written, or the peer's GOAWAY with nothing left to do
    }
    return;
  }
  writing_ = true;
  stream_->write(asio::buffer(out_),
                 [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                   self->writing_ = false;
                   self->out_.clear();
                   if (ec) {
                     self->close();
                     return;
                   }
                   self->flush();
                 });
}

}  // namespace

void server::state::accept() {
  acceptor.async_accept([self = shared_from_this()](const asio::error_code& ec,
                                                    tcp::socket socket) {
    if (self->stopped) {
      return;
    }
    if (!ec && self->connections < self->options.max_connections) {
      auto ex = socket.get_executor();
      auto stream = self->tls != nullptr ? detail::make_tls_stream(std::move(socket), *self->tls,
                                                                   detail::tls_role::server)
                                         : detail::make_plain_stream(std::move(socket));
      if (stream != nullptr) {
        std::erase_if(self->live, [](const auto& w) { return w.expired(); });
        auto c = std::make_shared<connection>(std::move(stream), ex, self);
        self->live.push_back(c);
        c->start();
      }
    }  // else: the socket closes here; an SBI client retries on another connection
    self->accept();
  });
}

expected<std::unique_ptr<server>, std::string> server::start(asio::io_context& io,
                                                             const server_options& options,
                                                             request_handler handler) {
  if (!handler) {
    return fail(std::string("http2 server needs a request handler"));
  }
  auto s = std::make_shared<state>(io, options, std::move(handler));
  if (options.tls) {
    auto context = detail::make_tls_context(*options.tls, detail::tls_role::server);
    if (!context) {
      return fail("http2 server: " + context.error());
    }
    s->tls = std::move(*context);
  }
  if (auto listening = transport::listen_tcp(s->acceptor, options.address, options.port);
      !listening) {
    return fail("http2 " + listening.error());
  }
  s->accept();
  return std::unique_ptr<server>(new server(std::move(s)));
}

server::~server() {
  state_->stopped = true;
  asio::error_code ignored;
  state_->acceptor.close(ignored);
  for (const auto& w : state_->live) {
    if (const auto c = w.lock()) {
      c->close();
    }
  }
}

std::uint16_t server::port() const {
  asio::error_code ec;
  const auto endpoint = state_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

std::size_t server::active_connections() const {
  return state_->connections.load();
}

}  // namespace glasscore::http2
