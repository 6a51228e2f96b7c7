#include "udp_capture.h"

#include <fstream>
#include <iterator>

namespace glasscore::test {

namespace {

std::uint32_t le32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
         std::uint32_t{b[at + 3]} << 24;
}
std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(std::uint16_t{p[0]} << 8 | p[1]);
}

// The UDP payload of an IP packet if it is UDP to or from `port`.
std::optional<std::vector<std::uint8_t>> udp_of(const std::uint8_t* ip, std::size_t size,
                                                std::uint16_t port) {
  if (size < 1)
    return std::nullopt;
  std::size_t header = 0;
  std::uint8_t protocol = 0;
  if ((ip[0] >> 4) == 4 && size >= 20) {
    header = std::size_t{ip[0] & 0x0Fu} * 4;
    protocol = ip[9];
  } else if ((ip[0] >> 4) == 6 && size >= 40) {
    header = 40;  // the captures carry no IPv6 extension headers before UDP
    protocol = ip[6];
  } else {
    return std::nullopt;
  }
  if (protocol != 17 || size < header + 8)
    return std::nullopt;
  const std::uint8_t* udp = ip + header;
  if (be16(udp) != port && be16(udp + 2) != port)
    return std::nullopt;
  const std::size_t udp_length = be16(udp + 4);
  if (udp_length < 8 || header + udp_length > size)
    return std::nullopt;
  return std::vector<std::uint8_t>(udp + 8, udp + udp_length);
}

}  // namespace

std::optional<std::vector<udp_payload>> read_udp_payloads(const std::filesystem::path& file,
                                                          std::uint16_t port, std::string* error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (error != nullptr)
      *error = "cannot open " + file.string();
    return std::nullopt;
  }
  const std::vector<std::uint8_t> b((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
  std::vector<std::uint16_t> link_types;
  std::vector<udp_payload> out;
  std::size_t frame = 0;
  std::size_t at = 0;
  while (at + 12 <= b.size()) {
    const std::uint32_t type = le32(b, at);
    const std::uint32_t length = le32(b, at + 4);
    if (length < 12 || at + length > b.size()) {
      if (error != nullptr)
        *error = "bad block length";
      return std::nullopt;
    }
    if (type == 0x0A0D0D0A && le32(b, at + 8) != 0x1A2B3C4D) {
      if (error != nullptr)
        *error = "not little-endian pcapng";
      return std::nullopt;
    }
    if (type == 1) {  // Interface Description Block
      link_types.push_back(static_cast<std::uint16_t>(b[at + 8] | b[at + 9] << 8));
    } else if (type == 6) {  // Enhanced Packet Block
      ++frame;
      const std::uint32_t interface = le32(b, at + 8);
      const std::uint32_t captured = le32(b, at + 20);
      if (interface < link_types.size() && 28 + captured <= length) {
        const std::uint8_t* data = b.data() + at + 28;
        std::optional<std::vector<std::uint8_t>> payload;
        if (link_types[interface] == 1 && captured >= 14) {  // Ethernet
          const std::uint16_t ethertype = be16(data + 12);
          if (ethertype == 0x0800 || ethertype == 0x86DD) {
            payload = udp_of(data + 14, captured - 14, port);
          }
        } else if (link_types[interface] == 101) {  // raw IP
          payload = udp_of(data, captured, port);
        }
        if (payload)
          out.push_back({frame, std::move(*payload)});
      }
    }
    at += length;
  }
  return out;
}

}  // namespace glasscore::test
