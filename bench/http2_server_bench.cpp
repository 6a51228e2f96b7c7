// The HTTP/2 server under load: serves one small JSON body (an NF profile, as an NRF
// answers TS 29.510 NFProfile GETs) to every GET, over h2c, on one io_context thread like
// an NF loop. bench/http2_h2load.py starts it, loads it with h2load and compares it with
// nghttpd serving the same file in the same run. Not a Google Benchmark program: it runs
// until SIGINT/SIGTERM.
//
//   http2_bench_server --body-file FILE [--port N]     prints "port N" once listening
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include "glasscore/http2/server.h"

int main(int argc, char** argv) {
  std::string body_file;
  long port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--body-file") {
      body_file = argv[i + 1];
    } else if (flag == "--port") {
      port = std::strtol(argv[i + 1], nullptr, 10);
    }
  }
  std::ifstream in(body_file, std::ios::binary);
  if (body_file.empty() || !in || port < 0 || port > 65535) {
    std::fprintf(stderr, "usage: %s --body-file FILE [--port N]\n", argv[0]);
    return 2;
  }
  const std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

  asio::io_context io;
  glasscore::http2::server_options options;
  options.port = static_cast<std::uint16_t>(port);
  auto server = glasscore::http2::server::start(
      io, options,
      [&body](const glasscore::http2::request& req, const glasscore::http2::responder& r) {
        if (req.method != "GET") {
          (void)r.send({405, {}, {}});
          return;
        }
        (void)r.send({200, {{"content-type", "application/json"}}, body});
      });
  if (!server) {
    std::fprintf(stderr, "%s\n", server.error().c_str());
    return 1;
  }
  std::printf("port %u\n", static_cast<unsigned>((*server)->port()));
  std::fflush(stdout);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code&, int) { io.stop(); });
  io.run();
  return 0;
}
