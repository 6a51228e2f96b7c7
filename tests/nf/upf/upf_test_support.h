#pragma once
// Helpers for the UPF data path tests: a private network namespace per test process, a
// fake gNB socket on 127.0.0.2:2152, hand-built IPv4/UDP packets, poll-bounded receives.

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/transport/udp_socket.h"
#include "transport/sctp_test_support.h"

namespace glasscore::upf::test {

/// Once per process: a fresh network namespace (root only) with lo up, so the TUN device,
/// its addresses and routes never touch the host. False when not possible.
using transport::test::enter_private_netns;

inline bool readable(int fd, int timeout_ms = 1000) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) == 1;
}

/// One datagram within `timeout_ms`, or nullopt.
inline std::optional<std::vector<std::uint8_t>> receive(transport::udp_socket& s,
                                                        int timeout_ms = 1000) {
  std::vector<std::uint8_t> buf(4096);
  for (;;) {
    if (!readable(s.fd(), timeout_ms))
      return std::nullopt;
    auto r = s.receive_from(buf);
    if (r) {
      buf.resize(r->size);
      return buf;
    }
  }
}

inline std::uint16_t checksum(const std::uint8_t* p, std::size_t n) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < n; i += 2)
    sum += std::uint32_t{p[i]} << 8 | p[i + 1];
  if ((n & 1) != 0)
    sum += std::uint32_t{p[n - 1]} << 8;
  while ((sum >> 16) != 0)
    sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

/// An IPv4/UDP packet (UDP checksum 0: none, allowed over IPv4, RFC 768).
inline std::vector<std::uint8_t> ipv4_udp(std::array<std::uint8_t, 4> src,
                                          std::array<std::uint8_t, 4> dst, std::uint16_t sport,
                                          std::uint16_t dport,
                                          const std::vector<std::uint8_t>& payload) {
  const std::size_t total = 28 + payload.size();
  std::vector<std::uint8_t> p{0x45,
                              0,
                              static_cast<std::uint8_t>(total >> 8),
                              static_cast<std::uint8_t>(total),
                              0,
                              1,
                              0x40,
                              0,
                              64,
                              17,
                              0,
                              0};
  p.insert(p.end(), src.begin(), src.end());
  p.insert(p.end(), dst.begin(), dst.end());
  const std::uint16_t c = checksum(p.data(), 20);
  p[10] = static_cast<std::uint8_t>(c >> 8);
  p[11] = static_cast<std::uint8_t>(c);
  const std::size_t ulen = 8 + payload.size();
  const std::uint8_t udp[8] = {static_cast<std::uint8_t>(sport >> 8),
                               static_cast<std::uint8_t>(sport),
                               static_cast<std::uint8_t>(dport >> 8),
                               static_cast<std::uint8_t>(dport),
                               static_cast<std::uint8_t>(ulen >> 8),
                               static_cast<std::uint8_t>(ulen),
                               0,
                               0};
  p.insert(p.end(), udp, udp + 8);
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

/// An IPv6 packet (RFC 8200 §3) with `next_header` and `payload` as given (no checksum is
/// computed: the data path does not look at upper-layer checksums).
inline std::vector<std::uint8_t> ipv6(const std::array<std::uint8_t, 16>& src,
                                      const std::array<std::uint8_t, 16>& dst,
                                      std::uint8_t next_header,
                                      const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> p(40, 0);
  p[0] = 0x60;
  p[4] = static_cast<std::uint8_t>(payload.size() >> 8);
  p[5] = static_cast<std::uint8_t>(payload.size());
  p[6] = next_header;
  p[7] = 255;
  std::copy(src.begin(), src.end(), p.begin() + 8);
  std::copy(dst.begin(), dst.end(), p.begin() + 24);
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

/// A G-PDU from a gNB carrying `inner`, with an UL PDU Session Container (TS 38.415) of `qfi`.
inline std::vector<std::uint8_t> g_pdu(std::uint32_t teid, const std::vector<std::uint8_t>& inner,
                                       std::uint8_t qfi = 9) {
  gtpu::header h;
  h.teid = teid;
  h.pdu_session =
      gtpu::pdu_session_container{gtpu::pdu_session_container::direction::uplink, qfi, false};
  std::vector<std::uint8_t> out(gtpu::header_size(h) + inner.size());
  const std::size_t n = gtpu::encode_header(h, inner.size(), out);
  std::copy(inner.begin(), inner.end(), out.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

}  // namespace glasscore::upf::test
