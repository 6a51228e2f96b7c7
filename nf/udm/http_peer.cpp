// Peer requests over the HTTP/2 client, one reused client per peer address.
#include "glasscore/nf/udm/http_peer.h"

namespace glasscore::home {

peer_locator fixed_locator(peer_address address) {
  return [address = std::move(address)](const locate_callback& done) { done(address); };
}

http_peer::http_peer(asio::io_context& io, peer_locator locator, std::chrono::milliseconds timeout)
    : io_(io), locator_(std::move(locator)), timeout_(timeout) {}

http_peer::~http_peer() {
  alive_.reset();
}

void http_peer::send(peer_request request, peer_callback callback) {
  auto req = std::make_shared<peer_request>(std::move(request));
  auto cb = std::make_shared<peer_callback>(std::move(callback));
  locator_([this, alive = std::weak_ptr<bool>(alive_), req,
            cb](expected<peer_address, std::string> where) {
    if (alive.expired()) {
      (*cb)(unexpected<std::string>("peer client gone"));
      return;
    }
    if (!where) {
      (*cb)(unexpected<std::string>("peer not found: " + where.error()));
      return;
    }
    const auto key = where->host + "|" + std::to_string(where->port);
    auto it = clients_.find(key);
    if (it == clients_.end()) {
      http2::client_options o;
      o.host = where->host;
      o.port = where->port;
      auto c = http2::client::create(io_, o);
      if (!c) {
        (*cb)(unexpected<std::string>(c.error()));
        return;
      }
      it = clients_.emplace(key, std::move(*c)).first;
    }
    it->second->request(std::move(req->method), std::move(req->path), std::move(req->headers),
                        std::move(req->body), timeout_,
                        [cb](expected<http2::response, http2::client_error> r) {
                          if (!r) {
                            (*cb)(unexpected<std::string>(std::string(to_string(r.error()))));
                            return;
                          }
                          (*cb)(std::move(*r));
                        });
  });
}

peer_requester http_peer::requester() {
  return [this](peer_request request, peer_callback callback) {
    send(std::move(request), std::move(callback));
  };
}

}  // namespace glasscore::home
