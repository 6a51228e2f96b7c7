#include "glasscore/http2/client.h"

#include <array>
#include <charconv>
#include <cstring>
#include <deque>
#include <map>

#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>

#include "byte_stream.h"
#include "nghttp2_util.h"

namespace glasscore::http2 {

using asio::ip::tcp;
using detail::callbacks_ptr;
using detail::make_nv;
using detail::new_callbacks;
using detail::new_session_options;
using detail::option_ptr;
using detail::read_chunk;
using detail::session_ptr;
using detail::view;
using detail::write_high_water;

namespace {

/// One request from `client::request` until its callback is posted.
struct pending {
  explicit pending(asio::io_context& io) : timer(io) {}
  std::string method;
  std::string path;
  std::vector<header> headers;
  std::string body;
  std::size_t body_offset = 0;
  response_callback callback;
  asio::steady_timer timer;
  response result;
  std::size_t header_bytes = 0;
  std::int32_t stream_id = 0;  // 0 while queued
  bool done = false;           // the callback was posted; later frames are dropped
};
using pending_ptr = std::shared_ptr<pending>;

}  // namespace

/// One connection (TCP, or TLS over it) and its nghttp2 client session.
class client::connection : public std::enable_shared_from_this<connection> {
 public:
  connection(asio::io_context& io, client_options options, std::shared_ptr<asio::ssl::context> tls,
             std::shared_ptr<std::string> last_error)
      : io_(io),
        socket_(io),
        connect_timer_(io),
        options_(std::move(options)),
        tls_(std::move(tls)),
        last_error_(std::move(last_error)) {
    if (options_.authority.empty()) {
      options_.authority = options_.host + ":" + std::to_string(options_.port);
    }
  }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  void start();
  void add(const pending_ptr& p, std::chrono::milliseconds timeout);
  void close(client_error reason);
  /// False once closed or draining after GOAWAY: new requests need a new connection.
  [[nodiscard]] bool usable() const { return !closed_ && !goaway_; }

 private:
  void on_connect(const asio::error_code& ec);
  void on_handshake(const std::string& error);
  void connect_failed(const std::string& why);
  bool init_session();
  void read();
  void on_read(const asio::error_code& ec, std::size_t n);
  void flush();
  void pump();
  void submit(const pending_ptr& p);
  void expire(const pending_ptr& p);
  void finish(pending& p, expected<response, client_error> result);
  void fail_stream(std::int32_t stream_id, pending& p, client_error e);
  pending* find(std::int32_t stream_id) {
    const auto it = streams_.find(stream_id);
    return it == streams_.end() ? nullptr : it->second.get();
  }

  // nghttp2 callbacks; user_data is the connection, alive for the whole mem_recv/mem_send.
  static int on_header(nghttp2_session*, const nghttp2_frame* f, const std::uint8_t* name,
                       std::size_t namelen, const std::uint8_t* value, std::size_t valuelen,
                       std::uint8_t flags, void* self);
  static int on_data_chunk(nghttp2_session*, std::uint8_t flags, std::int32_t stream_id,
                           const std::uint8_t* data, std::size_t len, void* self);
  static int on_frame_recv(nghttp2_session*, const nghttp2_frame* f, void* self);
  static int on_stream_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t code,
                             void* self);
  static ssize_t read_body(nghttp2_session*, std::int32_t stream_id, std::uint8_t* buf,
                           std::size_t length, std::uint32_t* flags, nghttp2_data_source*,
                           void* self);

  asio::io_context& io_;
  tcp::socket socket_;                           // until connected; then inside stream_
  std::unique_ptr<detail::byte_stream> stream_;  // cleartext or TLS, once connected
  asio::steady_timer connect_timer_;
  client_options options_;
  std::shared_ptr<asio::ssl::context> tls_;
  std::shared_ptr<std::string> last_error_;  // shared with the client (client::last_error)
  session_ptr session_;
  std::deque<pending_ptr> queue_;                // waiting for a stream slot
  std::map<std::int32_t, pending_ptr> streams_;  // submitted, until nghttp2 closes them
  std::array<std::uint8_t, read_chunk> in_{};
  std::string out_;
  bool connected_ = false;
  bool settings_received_ = false;
  bool writing_ = false;
  bool goaway_ = false;
  bool closed_ = false;
};

std::string_view to_string(client_error e) {
  switch (e) {
    case client_error::connect_failed:
      return "connect_failed";
    case client_error::connection_lost:
      return "connection_lost";
    case client_error::timeout:
      return "timeout";
    case client_error::refused:
      return "refused";
    case client_error::response_too_large:
      return "response_too_large";
    case client_error::stream_reset:
      return "stream_reset";
    case client_error::protocol_error:
      return "protocol_error";
    case client_error::cancelled:
      return "cancelled";
  }
  return "unknown";
}

void client::connection::start() {
  asio::error_code ec;
  const tcp::endpoint endpoint(asio::ip::make_address(options_.host, ec), options_.port);
  if (ec) {  // checked by client::create; kept so no path can throw
    close(client_error::connect_failed);
    return;
  }
  // The connect timeout covers the TCP connect and the TLS handshake.
  connect_timer_.expires_after(options_.connect_timeout);
  connect_timer_.async_wait([self = shared_from_this()](const asio::error_code& e) {
    if (!e && !self->connected_) {
      self->connect_failed("connect to " + self->options_.authority + " timed out");
    }
  });
  socket_.async_connect(
      endpoint, [self = shared_from_this()](const asio::error_code& e) { self->on_connect(e); });
}

void client::connection::on_connect(const asio::error_code& ec) {
  if (closed_) {
    return;
  }
  if (ec) {
    connect_failed("connect to " + options_.authority + ": " + ec.message());
    return;
  }
  asio::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  stream_ = tls_ != nullptr ? detail::make_tls_stream(std::move(socket_), *tls_,
                                                      detail::tls_role::client, options_.host)
                            : detail::make_plain_stream(std::move(socket_));
  if (stream_ == nullptr) {
    connect_failed("TLS setup failed");
    return;
  }
  stream_->handshake(
      [self = shared_from_this()](const std::string& error) { self->on_handshake(error); });
}

void client::connection::on_handshake(const std::string& error) {
  if (closed_) {
    return;
  }
  if (!error.empty()) {
    connect_failed(options_.authority + ": " + error);
    return;
  }
  connected_ = true;
  connect_timer_.cancel();
  last_error_->clear();
  if (!init_session()) {
    close(client_error::protocol_error);
    return;
  }
  flush();  // preface + SETTINGS; requests wait for the server's SETTINGS
  read();
}

void client::connection::connect_failed(const std::string& why) {
  if (!closed_) {
    *last_error_ = why;
    close(client_error::connect_failed);
  }
}

bool client::connection::init_session() {
  const callbacks_ptr callbacks = new_callbacks();
  const option_ptr option = new_session_options();
  if (!callbacks || !option) {
    return false;
  }
  nghttp2_session_callbacks_set_on_header_callback(callbacks.get(), on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks.get(), on_data_chunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks.get(), on_frame_recv);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks.get(), on_stream_close);

  nghttp2_session* raw = nullptr;
  if (nghttp2_session_client_new2(&raw, callbacks.get(), this, option.get()) != 0) {
    return false;
  }
  session_.reset(raw);
  // nghttp2 sends the client magic first; the SETTINGS frame completes the preface (RFC
  // 9113 §3.4). No server push (RFC 9113 §8.4); the header limit is advisory (§6.5.2).
  const std::array<nghttp2_settings_entry, 2> settings{{
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE,
       static_cast<std::uint32_t>(options_.max_response_header_list_size)},
  }};
  return nghttp2_submit_settings(session_.get(), NGHTTP2_FLAG_NONE, settings.data(),
                                 settings.size()) == 0;
}

void client::connection::add(const pending_ptr& p, std::chrono::milliseconds timeout) {
  p->timer.expires_after(timeout);
  p->timer.async_wait(
      [w = weak_from_this(), wp = std::weak_ptr<pending>(p)](const asio::error_code& ec) {
        const auto c = w.lock();
        const auto q = wp.lock();
        if (!ec && c != nullptr && q != nullptr) {
          c->expire(q);
        }
      });
  if (closed_) {
    finish(*p, fail(client_error::connection_lost));
    return;
  }
  queue_.push_back(p);
  flush();
}

void client::connection::expire(const pending_ptr& p) {
  if (p->done) {
    return;
  }
  if (p->stream_id > 0) {
    // RFC 9113 §6.4 / §7: CANCEL says the response is no longer needed. The stream stays in
    // streams_ (it still counts against the server's limit) until nghttp2 closes it.
    fail_stream(p->stream_id, *p, client_error::timeout);
  } else {
    std::erase(queue_, p);
    finish(*p, fail(client_error::timeout));
  }
  flush();
}

void client::connection::finish(pending& p, expected<response, client_error> result) {
  if (p.done) {
    return;
  }
  p.done = true;
  p.timer.cancel();
  // Posted, never called inline: the callback may destroy the client or send requests,
  // which must not happen inside nghttp2's callbacks.
  asio::post(io_, [callback = std::move(p.callback), r = std::move(result)]() mutable {
    callback(std::move(r));
  });
}

void client::connection::fail_stream(std::int32_t stream_id, pending& p, client_error e) {
  finish(p, fail(e));
  if (session_ != nullptr && !closed_) {
    nghttp2_submit_rst_stream(session_.get(), NGHTTP2_FLAG_NONE, stream_id, NGHTTP2_CANCEL);
  }
}

void client::connection::close(client_error reason) {
  if (closed_) {
    return;
  }
  closed_ = true;
  asio::error_code ignored;
  connect_timer_.cancel();
  socket_.close(ignored);
  if (stream_ != nullptr) {
    stream_->close();
  }
  for (auto& [id, p] : streams_) {
    finish(*p, fail(reason));
  }
  for (auto& p : queue_) {
    finish(*p, fail(reason));
  }
  streams_.clear();
  queue_.clear();
}

void client::connection::pump() {
  if (!settings_received_ || goaway_ || closed_) {
    return;
  }
  // RFC 9113 §5.1.2: the server's SETTINGS_MAX_CONCURRENT_STREAMS bounds open streams.
  const std::uint32_t limit =
      nghttp2_session_get_remote_settings(session_.get(), NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
  while (!queue_.empty() && streams_.size() < limit) {
    const pending_ptr p = std::move(queue_.front());
    queue_.pop_front();
    submit(p);
  }
}

void client::connection::submit(const pending_ptr& p) {
  static const std::string method_name = ":method";
  static const std::string scheme_name = ":scheme";
  static const std::string authority_name = ":authority";
  static const std::string path_name = ":path";
  static const std::string http = "http";
  static const std::string https = "https";
  const std::string& scheme = tls_ != nullptr ? https : http;
  static const std::string length_name = "content-length";
  const std::string length = std::to_string(p->body.size());
  bool has_length = false;
  std::vector<nghttp2_nv> nva;
  nva.reserve(p->headers.size() + 5);
  nva.push_back(make_nv(method_name, p->method));
  nva.push_back(make_nv(scheme_name, scheme));
  nva.push_back(make_nv(authority_name, options_.authority));
  nva.push_back(make_nv(path_name, p->path));
  for (auto& h : p->headers) {
    detail::lower_case(h.name);
    has_length = has_length || h.name == length_name;
    nva.push_back(make_nv(h.name, h.value));
  }
  if (!has_length && !p->body.empty()) {
    nva.push_back(make_nv(length_name, length));
  }
  nghttp2_data_provider provider{};
  provider.read_callback = read_body;
  const std::int32_t id = nghttp2_submit_request(session_.get(), nullptr, nva.data(), nva.size(),
                                                 p->body.empty() ? nullptr : &provider, nullptr);
  if (id < 0) {
    // Stream ids exhausted (RFC 9113 §5.1.1): a new connection can take it.
    finish(*p, fail(id == NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE ? client_error::refused
                                                              : client_error::protocol_error));
    return;
  }
  p->stream_id = id;
  streams_.emplace(id, p);
}

void client::connection::read() {
  stream_->read_some(asio::buffer(in_),
                     [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
                       self->on_read(ec, n);
                     });
}

void client::connection::on_read(const asio::error_code& ec, std::size_t n) {
  if (closed_) {
    return;
  }
  if (ec) {  // EOF or reset: whatever is pending will never be answered
    close(client_error::connection_lost);
    return;
  }
  if (nghttp2_session_mem_recv(session_.get(), in_.data(), n) < 0) {
    // Fatal for the session; RFC 9113 §5.4.1: a connection error ends with GOAWAY.
    nghttp2_session_terminate_session(session_.get(), NGHTTP2_PROTOCOL_ERROR);
  }
  flush();
  if (!closed_ && nghttp2_session_want_read(session_.get()) != 0) {
    read();
  }
}

void client::connection::flush() {
  if (closed_ || writing_ || !connected_) {
    return;
  }
  pump();
  while (out_.size() < write_high_water) {
    const std::uint8_t* data = nullptr;
    const auto n = nghttp2_session_mem_send(session_.get(), &data);
    if (n < 0) {
      close(client_error::connection_lost);
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
      close(client_error::connection_lost);  // after GOAWAY with nothing left to do
    }
    return;
  }
  writing_ = true;
  stream_->write(asio::buffer(out_),
                 [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                   self->writing_ = false;
                   self->out_.clear();
                   if (ec) {
                     self->close(client_error::connection_lost);
                     return;
                   }
                   self->flush();
                 });
}

int client::connection::on_header(nghttp2_session*, const nghttp2_frame* f,
                                  const std::uint8_t* name, std::size_t namelen,
                                  const std::uint8_t* value, std::size_t valuelen, std::uint8_t,
                                  void* self) {
  auto* c = static_cast<connection*>(self);
  pending* p = c->find(f->hd.stream_id);
  if (p == nullptr || p->done || f->hd.type != NGHTTP2_HEADERS) {
    return 0;
  }
  // RFC 9113 §6.5.2: a field counts its name and value lengths plus 32 octets.
  p->header_bytes += namelen + valuelen + 32;
  if (p->header_bytes > c->options_.max_response_header_list_size) {
    c->fail_stream(f->hd.stream_id, *p, client_error::response_too_large);
    return 0;
  }
  const auto n = view(name, namelen);
  const auto v = view(value, valuelen);
  if (n == ":status") {
    // nghttp2 has checked it is three digits (RFC 9113 §8.3.2). A final response after
    // 1xx interim ones (RFC 9110 §15.2) starts over.
    int status = 0;
    (void)std::from_chars(v.data(), v.data() + v.size(), status);
    p->result.status = status;
    p->result.headers.clear();
  } else if (!n.starts_with(':')) {
    p->result.headers.push_back({std::string(n), std::string(v)});  // trailers appended too
  }
  return 0;
}

int client::connection::on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t stream_id,
                                      const std::uint8_t* data, std::size_t len, void* self) {
  auto* c = static_cast<connection*>(self);
  pending* p = c->find(stream_id);
  if (p == nullptr || p->done) {
    return 0;  // dropped; nghttp2 still counts it as consumed, so the window reopens
  }
  if (p->result.body.size() + len > c->options_.max_response_body_size) {
    c->fail_stream(stream_id, *p, client_error::response_too_large);
    return 0;
  }
  p->result.body.append(view(data, len));
  return 0;
}

int client::connection::on_frame_recv(nghttp2_session*, const nghttp2_frame* f, void* self) {
  auto* c = static_cast<connection*>(self);
  switch (f->hd.type) {
    case NGHTTP2_SETTINGS:
      if ((f->hd.flags & NGHTTP2_FLAG_ACK) == 0) {
        c->settings_received_ = true;  // its limits are known: streams may open
      }
      return 0;
    case NGHTTP2_GOAWAY:
      // RFC 9113 §6.8: no new streams here. nghttp2 closes the streams above
      // last-stream-id with REFUSED_STREAM (on_stream_close); queued ones never went out.
      c->goaway_ = true;
      for (auto& p : c->queue_) {
        c->finish(*p, fail(client_error::refused));
      }
      c->queue_.clear();
      return 0;
    case NGHTTP2_HEADERS:
    case NGHTTP2_DATA:
      break;
    default:
      return 0;
  }
  pending* p = c->find(f->hd.stream_id);
  if (p != nullptr && (f->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
    c->finish(*p, std::move(p->result));
  }
  return 0;
}

int client::connection::on_stream_close(nghttp2_session*, std::int32_t stream_id,
                                        std::uint32_t code, void* self) {
  auto* c = static_cast<connection*>(self);
  const auto it = c->streams_.find(stream_id);
  if (it == c->streams_.end()) {
    return 0;
  }
  const pending_ptr p = std::move(it->second);
  c->streams_.erase(it);
  // Closed without a complete response. REFUSED_STREAM means not processed (RFC 9113 §8.7).
  c->finish(*p, fail(code == NGHTTP2_REFUSED_STREAM ? client_error::refused
                                                    : client_error::stream_reset));
  return 0;
}

ssize_t client::connection::read_body(nghttp2_session*, std::int32_t stream_id, std::uint8_t* buf,
                                      std::size_t length, std::uint32_t* flags,
                                      nghttp2_data_source*, void* self) {
  pending* p = static_cast<connection*>(self)->find(stream_id);
  if (p == nullptr) {
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;  // resets the stream; cannot happen
  }
  const std::size_t n = std::min(length, p->body.size() - p->body_offset);
  std::memcpy(buf, p->body.data() + p->body_offset, n);
  p->body_offset += n;
  if (p->body_offset == p->body.size()) {
    *flags |= NGHTTP2_DATA_FLAG_EOF;
  }
  return static_cast<ssize_t>(n);
}

expected<std::unique_ptr<client>, std::string> client::create(asio::io_context& io,
                                                              const client_options& options) {
  asio::error_code ec;
  (void)asio::ip::make_address(options.host, ec);
  if (ec) {
    return fail("http2 client host '" + options.host + "' is not an IP address");
  }
  if (options.port == 0) {
    return fail(std::string("http2 client needs a port"));
  }
  std::unique_ptr<client> c(new client(io, options));
  if (options.tls) {
    auto context = detail::make_tls_context(*options.tls, detail::tls_role::client);
    if (!context) {
      return fail("http2 client: " + context.error());
    }
    c->tls_ = std::move(*context);
  }
  return c;
}

client::~client() {
  if (connection_ != nullptr) {
    connection_->close(client_error::cancelled);
  }
}

void client::request(std::string method, std::string path, std::vector<header> headers,
                     std::string body, std::chrono::milliseconds timeout,
                     response_callback callback) {
  auto p = std::make_shared<pending>(io_);
  p->method = std::move(method);
  p->path = std::move(path);
  p->headers = std::move(headers);
  p->body = std::move(body);
  p->callback = std::move(callback);
  if (connection_ == nullptr || !connection_->usable()) {
    // First request, or the previous connection broke or is draining after GOAWAY.
    connection_ = std::make_shared<connection>(io_, options_, tls_, last_error_);
    ++connections_opened_;
    connection_->start();
  }
  connection_->add(p, timeout);
}

}  // namespace glasscore::http2
