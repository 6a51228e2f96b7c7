#pragma once
// Helpers for the HTTP/2 tests that drive external tools (curl, nghttp, openssl) and raw
// sockets. Every wait is bounded.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace glasscore::http2::test {

inline bool have_tool(const char* name) {
  return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

/// Runs a shell command and returns its standard output (the command bounds its own time).
inline std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) {
    return out;
  }
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) {
    out.append(buf.data(), n);
  }
  ::pclose(p);
  return out;
}

/// A blocking TCP connection to 127.0.0.1:port, or -1.
inline int raw_connect(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

/// Reads until the peer closes (true) or `limit` passes (false).
inline bool wait_closed(int fd, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  std::array<char, 4096> buf{};
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      const auto n = ::recv(fd, buf.data(), buf.size(), 0);
      if (n <= 0) {
        return true;  // EOF or reset
      }
    }
  }
  return false;
}

/// An HTTP/2 frame header (RFC 9113 §4.1) followed by `payload`.
inline std::string frame(std::uint8_t type, std::uint8_t flags, std::uint32_t stream_id,
                         const std::string& payload) {
  std::string f;
  const auto n = static_cast<std::uint32_t>(payload.size());
  f += static_cast<char>((n >> 16) & 0xff);
  f += static_cast<char>((n >> 8) & 0xff);
  f += static_cast<char>(n & 0xff);
  f += static_cast<char>(type);
  f += static_cast<char>(flags);
  for (int shift = 24; shift >= 0; shift -= 8) {
    f += static_cast<char>((stream_id >> shift) & 0xff);
  }
  return f + payload;
}

inline std::string u32(std::uint32_t v) {
  std::string s;
  for (int shift = 24; shift >= 0; shift -= 8) {
    s += static_cast<char>((v >> shift) & 0xff);
  }
  return s;
}

}  // namespace glasscore::http2::test
