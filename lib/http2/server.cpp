#include "glasscore/http2/server.h"

#include "nghttp2_util.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <map>
#include <string_view>

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

namespace glasscore::http2 {

using asio::ip::tcp;

struct server::state : std::enable_shared_from_this<state> {
  state(asio::io_context& io, server_options o, request_handler h)
      : acceptor(io), options(std::move(o)), handler(std::move(h)) {}

  tcp::acceptor acceptor;
  server_options options;
  request_handler handler;
  std::atomic<std::size_t> connections{0};
  std::vector<std::weak_ptr<connection>> live;  // for closing them all in ~server
  bool stopped = false;

  void accept();
};

namespace {

using detail::callbacks_ptr;
using detail::make_nv;
using detail::new_callbacks;
using detail::new_session_options;
using detail::option_ptr;
using detail::read_chunk;
using detail::session_ptr;
using detail::view;
using detail::write_high_water;

}  // namespace

/// One TCP connection and its nghttp2 server session.
class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(tcp::socket socket, std::shared_ptr<server::state> owner)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), owner_(std::move(owner)) {
    ++owner_->connections;
  }
  ~connection() { --owner_->connections; }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  void start();
  void close();
  bool send(std::int32_t stream_id, response r);

 private:
  struct stream {
    request req;
    std::size_t header_bytes = 0;
    bool header_too_large = false;
    bool rejected = false;       // answered by this layer (413/431); body is dropped
    bool responded = false;      // a response was submitted
    bool remote_closed = false;  // END_STREAM received
    bool reset_after_response = false;
    std::string out;  // response body not yet handed to nghttp2
    std::size_t out_offset = 0;
  };

  bool init_session();
  void read();
  void on_read(const asio::error_code& ec, std::size_t n);
  void flush();
  void arm_idle_timer();
  void dispatch(std::int32_t stream_id, stream& s);
  void reject(std::int32_t stream_id, stream& s, int status);
  stream* find(std::int32_t stream_id) {
    const auto it = streams_.find(stream_id);
    return it == streams_.end() ? nullptr : &it->second;
  }

  // nghttp2 callbacks; user_data is the connection, alive for the whole mem_recv/mem_send.
  static int on_begin_headers(nghttp2_session*, const nghttp2_frame* f, void* self);
  static int on_header(nghttp2_session*, const nghttp2_frame* f, const std::uint8_t* name,
                       std::size_t namelen, const std::uint8_t* value, std::size_t valuelen,
                       std::uint8_t flags, void* self);
  static int on_data_chunk(nghttp2_session*, std::uint8_t flags, std::int32_t stream_id,
                           const std::uint8_t* data, std::size_t len, void* self);
  static int on_frame_recv(nghttp2_session*, const nghttp2_frame* f, void* self);
  static int on_frame_send(nghttp2_session*, const nghttp2_frame* f, void* self);
  static int on_stream_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t code,
                             void* self);
  static ssize_t read_body(nghttp2_session*, std::int32_t stream_id, std::uint8_t* buf,
                           std::size_t length, std::uint32_t* flags, nghttp2_data_source*,
                           void* self);

  tcp::socket socket_;
  asio::steady_timer timer_;
  std::shared_ptr<server::state> owner_;
  session_ptr session_;
  std::map<std::int32_t, stream> streams_;
  std::array<std::uint8_t, read_chunk> in_{};
  std::string out_;
  bool writing_ = false;
  bool in_recv_ = false;  // inside nghttp2_session_mem_recv: do not re-enter mem_send
  bool closed_ = false;
  bool idle_goaway_sent_ = false;
  std::chrono::steady_clock::time_point last_read_ = std::chrono::steady_clock::now();
};

bool connection::init_session() {
  const callbacks_ptr callbacks = new_callbacks();
  const option_ptr option = new_session_options();
  if (!callbacks || !option) {
    return false;
  }
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks.get(), on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(callbacks.get(), on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks.get(), on_data_chunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks.get(), on_frame_recv);
  nghttp2_session_callbacks_set_on_frame_send_callback(callbacks.get(), on_frame_send);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks.get(), on_stream_close);

  nghttp2_session* raw = nullptr;
  if (nghttp2_session_server_new2(&raw, callbacks.get(), this, option.get()) != 0) {
    return false;
  }
  session_.reset(raw);
  const auto& o = owner_->options;
  // The server's connection preface is a SETTINGS frame (RFC 9113 §3.4).
  const std::array<nghttp2_settings_entry, 2> settings{{
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, o.max_concurrent_streams},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, o.max_header_list_size},
  }};
  return nghttp2_submit_settings(session_.get(), NGHTTP2_FLAG_NONE, settings.data(),
                                 settings.size()) == 0;
}

void connection::start() {
  if (!init_session()) {
    close();
    return;
  }
  flush();
  arm_idle_timer();
  read();
}

void connection::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  asio::error_code ignored;
  timer_.cancel();
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  // Pending responders see no stream; nghttp2 objects go with the connection.
  streams_.clear();
}

void connection::arm_idle_timer() {
  timer_.expires_after(owner_->options.idle_timeout);
  timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
    if (ec || self->closed_) {
      return;
    }
    if (self->idle_goaway_sent_) {
      self->close();  // the peer did not take the GOAWAY within a whole period
      return;
    }
    const auto quiet = std::chrono::steady_clock::now() - self->last_read_;
    if (self->streams_.empty() && quiet >= self->owner_->options.idle_timeout) {
      // Graceful close (RFC 9113 §6.8): GOAWAY NO_ERROR, then the socket closes once written.
      self->idle_goaway_sent_ = true;
      nghttp2_session_terminate_session(self->session_.get(), NGHTTP2_NO_ERROR);
      self->flush();
    }
    if (!self->closed_) {
      self->arm_idle_timer();
    }
  });
}

void connection::read() {
  socket_.async_read_some(asio::buffer(in_),
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
  in_recv_ = true;
  const auto rv = nghttp2_session_mem_recv(session_.get(), in_.data(), n);
  in_recv_ = false;
  if (rv < 0) {
    // Fatal for the session (e.g. NGHTTP2_ERR_BAD_CLIENT_MAGIC: not an HTTP/2 preface).
    // Other protocol errors nghttp2 answers itself with GOAWAY and stops wanting to read.
    // RFC 9113 §3.4: an invalid preface is a connection error of type PROTOCOL_ERROR.
    nghttp2_session_terminate_session(session_.get(), NGHTTP2_PROTOCOL_ERROR);
  }
  flush();
  if (!closed_ && nghttp2_session_want_read(session_.get()) != 0) {
    read();
  }
}

void connection::flush() {
  if (closed_ || writing_) {
    return;
  }
  while (out_.size() < write_high_water) {
    const std::uint8_t* data = nullptr;
    const auto n = nghttp2_session_mem_send(session_.get(), &data);
    if (n < 0) {
      close();
      return;
    }
    if (n == 0) {
      break;
    }
    out_.append(view(data, static_cast<std::size_t>(n)));
  }
  if (out_.empty()) {
    if (nghttp2_session_want_read(session_.get()) == 0 &&
        nghttp2_session_want_write(session_.get()) == 0) {
      close();  // after GOAWAY was written, or the peer's GOAWAY with nothing left to do
    }
    return;
  }
  writing_ = true;
  asio::async_write(socket_, asio::buffer(out_),
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

bool connection::send(std::int32_t stream_id, response r) {
  stream* s = closed_ ? nullptr : find(stream_id);
  if (s == nullptr || s->responded) {
    return false;
  }
  s->responded = true;
  const std::string status = std::to_string(r.status);
  const std::string status_name = ":status";
  bool has_length = false;
  for (auto& h : r.headers) {
    detail::lower_case(h.name);
    has_length = has_length || h.name == "content-length";
  }
  const std::string length_name = "content-length";
  const std::string length = std::to_string(r.body.size());
  std::vector<nghttp2_nv> nva;
  nva.reserve(r.headers.size() + 2);
  nva.push_back(make_nv(status_name, status));
  for (const auto& h : r.headers) {
    nva.push_back(make_nv(h.name, h.value));
  }
  // 1xx, 204 and 304 carry no content-length (RFC 9110 §8.6).
  if (!has_length && r.status >= 200 && r.status != 204 && r.status != 304) {
    nva.push_back(make_nv(length_name, length));
  }
  s->out = std::move(r.body);
  s->out_offset = 0;
  nghttp2_data_provider provider{};
  provider.read_callback = read_body;
  const int rv = nghttp2_submit_response(session_.get(), stream_id, nva.data(), nva.size(),
                                         s->out.empty() ? nullptr : &provider);
  if (rv != 0) {
    return false;
  }
  if (!in_recv_) {
    flush();
  }
  return true;
}

void connection::dispatch(std::int32_t stream_id, stream& s) {
  responder r(weak_from_this(), stream_id);
  try {
    owner_->handler(s.req, r);
  } catch (...) {
    // Unwinding through nghttp2's C frames is undefined; contain it here.
    (void)r.send(response{500, {}, {}});
  }
}

void connection::reject(std::int32_t stream_id, stream& s, int status) {
  s.rejected = true;
  s.req.body.clear();
  s.req.body.shrink_to_fit();
  // Stop the client sending the rest once the answer is out (RFC 9113 §8.1).
  s.reset_after_response = !s.remote_closed;
  std::string detail = status == 413 ? "request body too large" : "request header too large";
  // Problem details as TS 29.500 §5.2.7.2 asks of SBI errors (RFC 9457 format).
  std::string body = R"({"status":)" + std::to_string(status) + R"(,"detail":")" + detail + "\"}";
  (void)send(stream_id, response{status, {{"content-type", "application/problem+json"}}, body});
}

int connection::on_begin_headers(nghttp2_session*, const nghttp2_frame* f, void* self) {
  auto* c = static_cast<connection*>(self);
  if (f->hd.type == NGHTTP2_HEADERS && f->headers.cat == NGHTTP2_HCAT_REQUEST) {
    c->streams_.try_emplace(f->hd.stream_id);
  }
  return 0;
}

int connection::on_header(nghttp2_session*, const nghttp2_frame* f, const std::uint8_t* name,
                          std::size_t namelen, const std::uint8_t* value, std::size_t valuelen,
                          std::uint8_t, void* self) {
  auto* c = static_cast<connection*>(self);
  stream* s = c->find(f->hd.stream_id);
  if (s == nullptr || f->hd.type != NGHTTP2_HEADERS || f->headers.cat != NGHTTP2_HCAT_REQUEST) {
    return 0;  // trailers and such are not part of the request in this slice
  }
  // RFC 9113 §6.5.2: the size of a field is its name and value lengths plus 32 octets.
  s->header_bytes += namelen + valuelen + 32;
  if (s->header_bytes > c->owner_->options.max_header_list_size) {
    s->header_too_large = true;
    s->req.headers.clear();  // keep decoding (HPACK state is shared) but store nothing
    return 0;
  }
  if (s->header_too_large) {
    return 0;
  }
  const auto n = view(name, namelen);
  std::string v(view(value, valuelen));
  // nghttp2 has already checked the pseudo-header rules of RFC 9113 §8.3.1 (it resets
  // streams that break them), so a name starting with ':' is one of these.
  if (n == ":method") {
    s->req.method = std::move(v);
  } else if (n == ":path") {
    s->req.path = std::move(v);
  } else if (n == ":authority") {
    s->req.authority = std::move(v);
  } else if (n == ":scheme") {
    s->req.scheme = std::move(v);
  } else if (!n.starts_with(':')) {
    s->req.headers.push_back({std::string(n), std::move(v)});
  }
  return 0;
}

int connection::on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t stream_id,
                              const std::uint8_t* data, std::size_t len, void* self) {
  auto* c = static_cast<connection*>(self);
  stream* s = c->find(stream_id);
  if (s == nullptr || s->rejected) {
    return 0;  // dropped; nghttp2 still counts it as consumed, so the window reopens
  }
  if (s->req.body.size() + len > c->owner_->options.max_body_size) {
    c->reject(stream_id, *s, 413);
    return 0;
  }
  s->req.body.append(view(data, len));
  return 0;
}

int connection::on_frame_recv(nghttp2_session*, const nghttp2_frame* f, void* self) {
  auto* c = static_cast<connection*>(self);
  if (f->hd.type != NGHTTP2_HEADERS && f->hd.type != NGHTTP2_DATA) {
    return 0;
  }
  stream* s = c->find(f->hd.stream_id);
  if (s == nullptr) {
    return 0;
  }
  const bool end_stream = (f->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
  s->remote_closed = s->remote_closed || end_stream;
  if (f->hd.type == NGHTTP2_HEADERS && f->headers.cat == NGHTTP2_HCAT_REQUEST) {
    if (s->header_too_large) {
      c->reject(f->hd.stream_id, *s, 431);
      return 0;
    }
    // Refuse a declared oversize body before any of it arrives. nghttp2 has checked that
    // content-length parses and later matches the DATA (RFC 9113 §8.1.1).
    for (const auto& h : s->req.headers) {
      std::size_t declared = 0;
      if (h.name == "content-length" &&
          std::from_chars(h.value.data(), h.value.data() + h.value.size(), declared).ec ==
              std::errc{} &&
          declared > c->owner_->options.max_body_size) {
        c->reject(f->hd.stream_id, *s, 413);
        return 0;
      }
    }
  }
  if (end_stream && !s->rejected) {
    c->dispatch(f->hd.stream_id, *s);
  }
  return 0;
}

int connection::on_frame_send(nghttp2_session* session, const nghttp2_frame* f, void* self) {
  auto* c = static_cast<connection*>(self);
  if ((f->hd.flags & NGHTTP2_FLAG_END_STREAM) == 0) {
    return 0;
  }
  stream* s = c->find(f->hd.stream_id);
  if (s != nullptr && s->reset_after_response && !s->remote_closed) {
    s->reset_after_response = false;
    nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, f->hd.stream_id, NGHTTP2_NO_ERROR);
  }
  return 0;
}

int connection::on_stream_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t,
                                void* self) {
  static_cast<connection*>(self)->streams_.erase(stream_id);
  return 0;
}

ssize_t connection::read_body(nghttp2_session*, std::int32_t stream_id, std::uint8_t* buf,
                              std::size_t length, std::uint32_t* flags, nghttp2_data_source*,
                              void* self) {
  stream* s = static_cast<connection*>(self)->find(stream_id);
  if (s == nullptr) {
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;  // resets the stream; cannot happen
  }
  const std::size_t n = std::min(length, s->out.size() - s->out_offset);
  std::memcpy(buf, s->out.data() + s->out_offset, n);
  s->out_offset += n;
  if (s->out_offset == s->out.size()) {
    *flags |= NGHTTP2_DATA_FLAG_EOF;
    s->out.clear();
  }
  return static_cast<ssize_t>(n);
}

bool responder::send(response r) const {
  const auto c = connection_.lock();
  return c != nullptr && c->send(stream_id_, std::move(r));
}

void server::state::accept() {
  acceptor.async_accept(
      [self = shared_from_this()](const asio::error_code& ec, tcp::socket socket) {
        if (self->stopped) {
          return;
        }
        if (!ec && self->connections < self->options.max_connections) {
          std::erase_if(self->live, [](const auto& w) { return w.expired(); });
          auto c = std::make_shared<connection>(std::move(socket), self);
          self->live.push_back(c);
          c->start();
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
  asio::error_code ec;
  const auto address = asio::ip::make_address(options.address, ec);
  if (ec) {
    return fail("http2 address '" + options.address + "' is not an IP address");
  }
  auto s = std::make_shared<state>(io, options, std::move(handler));
  const tcp::endpoint endpoint(address, options.port);
  s->acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    s->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  }
  if (!ec) {
    s->acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    s->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return fail("http2 endpoint " + options.address + ":" + std::to_string(options.port) + ": " +
                ec.message());
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
