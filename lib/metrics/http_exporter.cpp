#include "glasscore/metrics/http_exporter.h"

#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/steady_timer.hpp>
#include <asio/streambuf.hpp>
#include <asio/write.hpp>

#include "glasscore/metrics/exposition.h"
#include "glasscore/transport/tcp_listener.h"

namespace glasscore::metrics {

using asio::ip::tcp;

struct http_exporter::state : std::enable_shared_from_this<state> {
  state(asio::io_context& io, const registry& r, http_exporter_options o)
      : acceptor(io), metrics(r), options(std::move(o)) {}

  tcp::acceptor acceptor;
  const registry& metrics;
  http_exporter_options options;
  std::size_t connections = 0;
  bool stopped = false;

  void accept();
};

namespace {

struct response {
  std::string_view status;
  std::string_view content_type;
  std::string body;
};

std::string serialize(const response& r) {
  std::string out = "HTTP/1.1 ";
  out.append(r.status).append("\r\nContent-Type: ").append(r.content_type);
  out.append("\r\nContent-Length: ").append(std::to_string(r.body.size()));
  out.append("\r\nConnection: close\r\n\r\n").append(r.body);
  return out;
}

response plain(std::string_view status) {
  return {status, "text/plain; charset=utf-8", std::string(status) + "\n"};
}

// The request line of RFC 9112 §3: method SP request-target SP HTTP-version.
response answer(std::string_view head, const registry& metrics) {
  const auto line_end = head.find("\r\n");
  const std::string_view line = head.substr(0, line_end);
  const auto sp1 = line.find(' ');
  const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || !line.substr(sp2 + 1).starts_with("HTTP/1.")) {
    return plain("400 Bad Request");
  }
  const std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  target = target.substr(0, target.find('?'));
  if (target != "/metrics") {
    return plain("404 Not Found");
  }
  if (method != "GET" && method != "HEAD") {
    return plain("405 Method Not Allowed");
  }
  return {"200 OK", exposition_content_type, render(metrics)};
}

class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(tcp::socket socket, std::shared_ptr<http_exporter::state> owner)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        buffer_(owner->options.max_request_head),
        owner_(std::move(owner)) {
    ++owner_->connections;
  }
  ~connection() { --owner_->connections; }

  void start() {
    auto self = shared_from_this();
    timer_.expires_after(owner_->options.request_timeout);
    timer_.async_wait([self](const asio::error_code& ec) {
      if (!ec) {
        self->close();  // too slow: free the socket for others
      }
    });
    asio::async_read_until(
        socket_, buffer_, "\r\n\r\n",
        [self](const asio::error_code& ec, std::size_t n) { self->on_head(ec, n); });
  }

 private:
  void on_head(const asio::error_code& ec, std::size_t n) {
    if (ec == asio::error::not_found) {  // the head outgrew max_request_head
      respond(serialize(plain("431 Request Header Fields Too Large")));
      return;
    }
    if (ec) {
      close();
      return;
    }
    const std::string_view head(static_cast<const char*>(buffer_.data().data()), n);
    const response r = answer(head, owner_->metrics);
    const bool head_request = head.starts_with("HEAD ");
    std::string out = serialize(r);
    if (head_request) {
      out.resize(out.size() - r.body.size());  // HEAD: the headers of GET, no content
    }
    respond(std::move(out));
  }

  void respond(std::string out) {
    out_ = std::move(out);
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(out_),
                      [self](const asio::error_code&, std::size_t) { self->close(); });
  }

  void close() {
    asio::error_code ignored;
    timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  asio::streambuf buffer_;
  std::string out_;
  std::shared_ptr<http_exporter::state> owner_;
};

}  // namespace

void http_exporter::state::accept() {
  auto self = shared_from_this();
  acceptor.async_accept([self](const asio::error_code& ec, tcp::socket socket) {
    if (self->stopped) {
      return;
    }
    if (!ec) {
      if (self->connections < self->options.max_connections) {
        std::make_shared<connection>(std::move(socket), self)->start();
      }  // else: the socket closes here; a scraper retries at its next interval
    }
    self->accept();
  });
}

expected<std::unique_ptr<http_exporter>, std::string> http_exporter::start(
    asio::io_context& io, const registry& metrics, const http_exporter_options& options) {
  auto s = std::make_shared<state>(io, metrics, options);
  if (auto listening = transport::listen_tcp(s->acceptor, options.address, options.port);
      !listening) {
    return fail("metrics " + listening.error());
  }
  s->accept();
  return std::unique_ptr<http_exporter>(new http_exporter(std::move(s)));
}

http_exporter::~http_exporter() {
  state_->stopped = true;
  asio::error_code ignored;
  state_->acceptor.close(ignored);
}

std::uint16_t http_exporter::port() const {
  return state_->acceptor.local_endpoint().port();
}

std::size_t http_exporter::active_connections() const {
  return state_->connections;
}

}  // namespace glasscore::metrics
