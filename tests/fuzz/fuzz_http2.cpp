// Fuzz target for the HTTP/2 server's protocol handling: the input is what a client sends
// on one connection (preface, frames, HPACK blocks), fed to a sans-I/O server_session
// (lib/http2/server_session.cpp: nghttp2 session, limits, request assembly) in three
// chunks so frames also arrive split. No sockets. The handler answers some requests at
// once and keeps others for later (the async path), a manual clock runs the request
// timeout, and the session's output is drained after every step, as the server does.
//
// Seeds (tests/fuzz/corpus/http2/, written by tests/http2/make_fuzz_seeds.py) are client
// byte streams: curl-*, nghttp-* were captured from curl 7.88 and nghttp 1.52 (h2c prior
// knowledge) talking to a socket that only sent an empty SETTINGS and recorded what it got;
// hand-* are built frame by frame from RFC 9113 §4-§6 and RFC 7541 Appendix A
// (static-table HPACK): a GET, a POST whose body spans two DATA frames, a header block
// split over CONTINUATION, PING/WINDOW_UPDATE/PRIORITY/RST_STREAM/GOAWAY, an oversized
// header list, an over-limit body. Each was checked against nghttpd, which answered it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "glasscore/http2/server_session.h"

namespace {

using namespace glasscore::http2;
using namespace std::chrono_literals;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  server_options options;
  options.max_header_list_size = 1024;  // small, so the 431 path is reachable
  options.max_body_size = 2048;         // and the 413 path
  options.max_concurrent_streams = 8;
  options.request_timeout = 10ms;
  auto now = std::chrono::steady_clock::time_point{} + 1h;
  std::vector<responder> held;
  std::string out;

  std::shared_ptr<server_session> session;
  session = server_session::create(
      options,
      [&](const request& req, const responder& r) {
        if (req.path.size() % 2 == 0) {
          held.push_back(r);
          return;
        }
        (void)r.send(response{200, {{"content-type", "application/json"}}, req.body});
      },
      [&] {
        out.clear();
        (void)session->take_output(out, 1 << 20);
      },
      [&] { return now; });
  if (session == nullptr) {
    return 0;
  }

  const auto drain = [&] {
    out.clear();
    while (session->take_output(out, 1 << 16) && !out.empty()) {
      out.clear();
    }
  };
  drain();
  const std::span<const std::uint8_t> input(data, size);
  const std::size_t cuts[] = {0, size / 3, 2 * size / 3, size};
  for (std::size_t i = 0; i + 1 < std::size(cuts); ++i) {
    const bool ok = session->receive(input.subspan(cuts[i], cuts[i + 1] - cuts[i]));
    drain();
    if (!ok && !session->finished()) {
      __builtin_trap();  // an unprocessable input must leave GOAWAY as the last word
    }
    if (!ok || !session->want_read()) {
      break;
    }
    // Answer half of the kept requests now; the rest wait for the clock.
    for (std::size_t k = 0; k < held.size(); k += 2) {
      (void)held[k].send(response{201, {{"location", "/x"}}, std::string(k * 100, 'b')});
    }
    drain();
    now += 6ms;
    session->expire(now);
    drain();
  }
  session->close();  // the connection is gone
  for (const auto& r : held) {
    if (r.send(response{})) {
      __builtin_trap();  // a closed session accepted a response
    }
  }
  return 0;
}
