#include "glasscore/http2/server_session.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <map>
#include <string_view>

#include "nghttp2_util.h"

namespace glasscore::http2 {

using detail::make_nv;
using detail::view;
using std::chrono::steady_clock;

namespace {

// Problem details as TS 29.500 §5.2.7.2 asks of SBI errors (RFC 9457 format).
response problem(int status, std::string_view detail) {
  std::string body =
      R"({"status":)" + std::to_string(status) + R"(,"detail":")" + std::string(detail) + "\"}";
  return response{status, {{"content-type", "application/problem+json"}}, std::move(body)};
}

}  // namespace

struct server_session::impl {
  struct stream {
    request req;
    std::size_t header_bytes = 0;
    bool header_too_large = false;
    bool rejected = false;       // answered by this layer (413/431); body is dropped
    bool dispatched = false;     // handed to the handler
    bool responded = false;      // a response was submitted
    bool remote_closed = false;  // END_STREAM received
    bool reset_after_response = false;
    std::optional<steady_clock::time_point> deadline;  // request_timeout, once dispatched
    std::string out;                                   // response body not yet handed to nghttp2
    std::size_t out_offset = 0;
  };

  impl(server_session& o, const server_options& opts, request_handler h, std::function<void()> out,
       clock_function c)
      : owner(o),
        options(opts),
        handler(std::move(h)),
        on_output(std::move(out)),
        clock(c ? std::move(c) : clock_function([] { return steady_clock::now(); })) {}

  bool init();
  bool send(std::int32_t stream_id, response r);
  void dispatch(std::int32_t stream_id, stream& s);
  void reject(std::int32_t stream_id, stream& s, int status);
  stream* find(std::int32_t stream_id) {
    const auto it = streams.find(stream_id);
    return it == streams.end() ? nullptr : &it->second;
  }

  // nghttp2 callbacks; user_data is this impl, alive for the whole mem_recv/mem_send.
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

  server_session& owner;
  server_options options;
  request_handler handler;
  std::function<void()> on_output;
  clock_function clock;
  detail::session_ptr session;
  std::map<std::int32_t, stream> streams;
  bool busy = false;  // inside receive/expire: the caller takes the output afterwards
  bool closed = false;
};

bool server_session::impl::init() {
  const detail::callbacks_ptr callbacks = detail::new_callbacks();
  const detail::option_ptr option = detail::new_session_options();
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
  session.reset(raw);
  // The server's connection preface is a SETTINGS frame (RFC 9113 §3.4).
  const std::array<nghttp2_settings_entry, 2> settings{{
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, options.max_concurrent_streams},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, options.max_header_list_size},
  }};
  return nghttp2_submit_settings(session.get(), NGHTTP2_FLAG_NONE, settings.data(),
                                 settings.size()) == 0;
}

std::shared_ptr<server_session> server_session::create(const server_options& options,
                                                       request_handler handler,
                                                       std::function<void()> on_output,
                                                       clock_function clock) {
  std::shared_ptr<server_session> s(new server_session());
  s->impl_ = std::make_unique<impl>(*s, options, std::move(handler), std::move(on_output),
                                    std::move(clock));
  if (!s->impl_->init()) {
    return nullptr;
  }
  return s;
}

server_session::~server_session() = default;

bool server_session::receive(std::span<const std::uint8_t> bytes) {
  if (impl_->closed) {
    return false;
  }
  impl_->busy = true;
  const auto rv = nghttp2_session_mem_recv(impl_->session.get(), bytes.data(), bytes.size());
  impl_->busy = false;
  if (rv < 0) {
    // Fatal for the session (e.g. NGHTTP2_ERR_BAD_CLIENT_MAGIC: not an HTTP/2 preface).
    // Other protocol errors nghttp2 answers itself with GOAWAY and stops wanting to read.
    // RFC 9113 §3.4: an invalid preface is a connection error of type PROTOCOL_ERROR.
    nghttp2_session_terminate_session(impl_->session.get(), NGHTTP2_PROTOCOL_ERROR);
    return false;
  }
  return true;
}

bool server_session::take_output(std::string& out, std::size_t high_water) {
  if (impl_->closed) {
    return false;
  }
  while (out.size() < high_water) {
    const std::uint8_t* data = nullptr;
    const auto n = nghttp2_session_mem_send(impl_->session.get(), &data);
    if (n < 0) {
      return false;
    }
    if (n == 0) {
      break;
    }
    out.append(view(data, static_cast<std::size_t>(n)));
  }
  return true;
}

bool server_session::want_read() const {
  return !impl_->closed && nghttp2_session_want_read(impl_->session.get()) != 0;
}

bool server_session::finished() const {
  return impl_->closed || (nghttp2_session_want_read(impl_->session.get()) == 0 &&
                           nghttp2_session_want_write(impl_->session.get()) == 0);
}

bool server_session::has_streams() const {
  return !impl_->streams.empty();
}

void server_session::terminate(std::uint32_t error_code) {
  if (!impl_->closed) {
    nghttp2_session_terminate_session(impl_->session.get(), error_code);
  }
}

void server_session::close() {
  impl_->closed = true;
  impl_->streams.clear();
}

std::optional<steady_clock::time_point> server_session::next_deadline() const {
  std::optional<steady_clock::time_point> next;
  for (const auto& [id, s] : impl_->streams) {
    if (s.deadline && !s.responded && (!next || *s.deadline < *next)) {
      next = s.deadline;
    }
  }
  return next;
}

void server_session::expire(steady_clock::time_point now) {
  std::vector<std::int32_t> late;
  for (const auto& [id, s] : impl_->streams) {
    if (s.deadline && !s.responded && *s.deadline <= now) {
      late.push_back(id);
    }
  }
  impl_->busy = true;
  for (const auto id : late) {
    // TS 29.500 §5.2.7.2 lists 504 for a request not answered in time.
    (void)impl_->send(id, problem(504, "request timed out"));
  }
  impl_->busy = false;
}

bool server_session::send(std::int32_t stream_id, response r) {
  return impl_->send(stream_id, std::move(r));
}

bool server_session::impl::send(std::int32_t stream_id, response r) {
  stream* s = closed ? nullptr : find(stream_id);
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
  const int rv = nghttp2_submit_response(session.get(), stream_id, nva.data(), nva.size(),
                                         s->out.empty() ? nullptr : &provider);
  if (rv != 0) {
    return false;
  }
  if (!busy && on_output) {
    on_output();
  }
  return true;
}

void server_session::impl::dispatch(std::int32_t stream_id, stream& s) {
  s.dispatched = true;
  if (options.request_timeout.count() > 0) {
    s.deadline = clock() + options.request_timeout;
  }
  responder r(owner.weak_from_this(), stream_id);
  try {
    handler(s.req, r);
  } catch (...) {
    // Unwinding through nghttp2's C frames is undefined; contain it here.
    (void)r.send(response{500, {}, {}});
  }
}

void server_session::impl::reject(std::int32_t stream_id, stream& s, int status) {
  s.rejected = true;
  s.req.body.clear();
  s.req.body.shrink_to_fit();
  // Stop the client sending the rest once the answer is out (RFC 9113 §8.1).
  s.reset_after_response = !s.remote_closed;
  (void)send(stream_id, problem(status, status == 413 ? "request body too large"
                                                      : "request header too large"));
}

int server_session::impl::on_begin_headers(nghttp2_session*, const nghttp2_frame* f, void* self) {
  auto* c = static_cast<impl*>(self);
  if (f->hd.type == NGHTTP2_HEADERS && f->headers.cat == NGHTTP2_HCAT_REQUEST) {
    c->streams.try_emplace(f->hd.stream_id);
  }
  return 0;
}

int server_session::impl::on_header(nghttp2_session*, const nghttp2_frame* f,
                                    const std::uint8_t* name, std::size_t namelen,
                                    const std::uint8_t* value, std::size_t valuelen, std::uint8_t,
                                    void* self) {
  auto* c = static_cast<impl*>(self);
  stream* s = c->find(f->hd.stream_id);
  if (s == nullptr || f->hd.type != NGHTTP2_HEADERS || f->headers.cat != NGHTTP2_HCAT_REQUEST) {
    return 0;  // trailers and such are not part of the request in this slice
  }
  // RFC 9113 §6.5.2: the size of a field is its name and value lengths plus 32 octets.
  s->header_bytes += namelen + valuelen + 32;
  if (s->header_bytes > c->options.max_header_list_size) {
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

int server_session::impl::on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t stream_id,
                                        const std::uint8_t* data, std::size_t len, void* self) {
  auto* c = static_cast<impl*>(self);
  stream* s = c->find(stream_id);
  if (s == nullptr || s->rejected || s->dispatched) {
    return 0;  // dropped; nghttp2 still counts it as consumed, so the window reopens
  }
  if (s->req.body.size() + len > c->options.max_body_size) {
    c->reject(stream_id, *s, 413);
    return 0;
  }
  s->req.body.append(view(data, len));
  return 0;
}

int server_session::impl::on_frame_recv(nghttp2_session*, const nghttp2_frame* f, void* self) {
  auto* c = static_cast<impl*>(self);
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
          declared > c->options.max_body_size) {
        c->reject(f->hd.stream_id, *s, 413);
        return 0;
      }
    }
  }
  if (end_stream && !s->rejected && !s->dispatched) {
    c->dispatch(f->hd.stream_id, *s);
  }
  return 0;
}

int server_session::impl::on_frame_send(nghttp2_session* session, const nghttp2_frame* f,
                                        void* self) {
  auto* c = static_cast<impl*>(self);
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

int server_session::impl::on_stream_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t,
                                          void* self) {
  static_cast<impl*>(self)->streams.erase(stream_id);
  return 0;
}

ssize_t server_session::impl::read_body(nghttp2_session*, std::int32_t stream_id, std::uint8_t* buf,
                                        std::size_t length, std::uint32_t* flags,
                                        nghttp2_data_source*, void* self) {
  stream* s = static_cast<impl*>(self)->find(stream_id);
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
  const auto s = session_.lock();
  return s != nullptr && s->send(stream_id_, std::move(r));
}

}  // namespace glasscore::http2
