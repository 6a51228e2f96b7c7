// Fuzz target for the UPF's PDR classification (nf/upf/packet_filter_match.h): one inner IP
// packet as a T-PDU (uplink) or an N6 packet (downlink) carries it. Properties checked
// besides "no crash" and no read outside the input (ASan): the addresses the parser reports
// lie inside the input, ports come only with TCP, UDP or SCTP, the classifier returns one of
// its PDRs, and a PDR without SDF filter (of the packet's QFI) always matches.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "packet_filter_match.h"

namespace {

using namespace glasscore;
using namespace glasscore::upf;
using namespace glasscore::upf::detail;

bool inside(const std::uint8_t* p, std::size_t n, const std::uint8_t* data, std::size_t size) {
  return p >= data && p + n <= data + size;
}

// Filters with every kind of part: protocol, IPv4 and IPv6 prefixes of odd lengths, ports.
const std::vector<packet_filter>& filters() {
  static const std::vector<packet_filter> all = [] {
    config::ip_address v6;
    v6.family = config::ip_family::v6;
    v6.bytes = {0x20, 0x01, 0x0d, 0xb8};
    return std::vector<packet_filter>{
        {17,
         config::ip_prefix{config::ip_address::v4(198, 51, 100, 0), 23},
         {},
         {{5000, 5010}},
         {}},
        {6, config::ip_prefix{v6, 29}, config::ip_prefix{v6, 3}, {}, {{1, 1024}, {8080, 8080}}},
        {58, std::nullopt, std::nullopt, {}, {}},
    };
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> ip(data, size);
  const auto p = parse_packet(ip);
  if (p) {
    const std::size_t length = p->version == 4 ? 4 : 16;
    if (!inside(p->source, length, data, size) || !inside(p->destination, length, data, size))
      std::abort();
    if (p->has_ports && p->protocol != 6 && p->protocol != 17 && p->protocol != 132)
      std::abort();
  }
  pdr_classifier c;
  for (const packet_filter& f : filters())
    c.add(std::nullopt, {f});
  const std::optional<std::uint8_t> qfi =
      size > 0 ? std::optional<std::uint8_t>(data[0] & 0x3F) : std::nullopt;
  for (const auto d : {flow_direction::uplink, flow_direction::downlink}) {
    auto k = c.match(ip, qfi, d);
    if (k && *k >= c.size())
      std::abort();
  }
  c.add(qfi, {});
  if (!c.match(ip, qfi, flow_direction::uplink))
    std::abort();
  return 0;
}
