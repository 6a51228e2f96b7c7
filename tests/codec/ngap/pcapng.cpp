#include "pcapng.h"

#include <fstream>
#include <iterator>
#include <map>

#include "glasscore/core/bytes.h"

namespace glasscore::test {

namespace {

std::uint32_t le32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
         (std::uint32_t{p[3]} << 24);
}
std::uint16_t le16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

// Strips link and network layers; returns the SCTP packet or an empty span.
byte_span sctp_of(byte_span frame, std::uint16_t link_type) {
  std::size_t off = 0;
  if (link_type == 1) {  // Ethernet
    if (frame.size() < 14) {
      return {};
    }
    off = 14;
  } else if (link_type == 113) {  // Linux cooked capture
    off = 16;
  } else if (link_type != 101 && link_type != 228 && link_type != 229) {  // raw IP
    return {};
  }
  if (frame.size() <= off) {
    return {};
  }
  const byte_span ip = frame.subspan(off);
  if ((ip[0] >> 4) == 4 && ip.size() >= 20) {
    const std::size_t ihl = (ip[0] & 0x0f) * 4U;
    const std::size_t total = (std::size_t{ip[2]} << 8) | ip[3];
    if (ip[9] != 132 || ihl < 20 || total > ip.size() || total < ihl) {
      return {};
    }
    return ip.subspan(ihl, total - ihl);
  }
  if ((ip[0] >> 4) == 6 && ip.size() >= 40) {
    const std::size_t payload = (std::size_t{ip[4]} << 8) | ip[5];
    if (ip[6] != 132 || 40 + payload > ip.size()) {
      return {};
    }
    return ip.subspan(40, payload);
  }
  return {};
}

}  // namespace

std::optional<std::vector<sctp_payload>> read_sctp_payloads(const std::filesystem::path& file,
                                                            std::uint32_t ppid,
                                                            std::string* error) {
  std::ifstream in(file, std::ios::binary);
  const std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)),
                                       std::istreambuf_iterator<char>());
  auto fail = [error](const char* what) -> std::optional<std::vector<sctp_payload>> {
    if (error != nullptr) {
      *error = what;
    }
    return std::nullopt;
  };
  if (data.size() < 12 || le32(data.data()) != 0x0a0d0d0a || le32(data.data() + 8) != 0x1a2b3c4d) {
    return fail("not a little-endian pcapng file");
  }
  std::vector<std::uint16_t> link_types;
  std::vector<sctp_payload> out;
  std::map<std::uint16_t, std::vector<std::uint8_t>> partial;  // per stream, B..E fragments
  std::size_t frame = 0;
  std::size_t pos = 0;
  while (pos + 12 <= data.size()) {
    const std::uint32_t type = le32(&data[pos]);
    const std::uint32_t len = le32(&data[pos + 4]);
    if (len < 12 || len % 4 != 0 || pos + len > data.size()) {
      return fail("bad pcapng block length");
    }
    const std::uint8_t* body = &data[pos + 8];
    if (type == 1) {  // Interface Description Block
      link_types.push_back(le16(body));
    } else if (type == 6 && len >= 32) {  // Enhanced Packet Block
      ++frame;
      const std::uint32_t iface = le32(body);
      const std::uint32_t caplen = le32(body + 12);
      if (iface < link_types.size() && 20U + caplen <= len - 12U) {
        const byte_span sctp = sctp_of(byte_span(body + 20, caplen), link_types[iface]);
        std::size_t c = 12;  // after the SCTP common header
        while (sctp.size() >= 12 && c + 4 <= sctp.size()) {
          const std::uint8_t chunk_type = sctp[c];
          const std::uint8_t flags = sctp[c + 1];
          const std::size_t clen = (std::size_t{sctp[c + 2]} << 8) | sctp[c + 3];
          if (clen < 4 || c + clen > sctp.size()) {
            break;
          }
          if (chunk_type == 0 && clen >= 16 && load_be32(&sctp[c + 12]) == ppid) {
            const std::uint16_t stream =
                static_cast<std::uint16_t>((sctp[c + 8] << 8) | sctp[c + 9]);
            auto& buf = partial[stream];
            if ((flags & 0x02) != 0) {  // B bit: first fragment
              buf.clear();
            }
            buf.insert(buf.end(), sctp.begin() + static_cast<long>(c + 16),
                       sctp.begin() + static_cast<long>(c + clen));
            if ((flags & 0x01) != 0) {  // E bit: last fragment
              out.push_back({frame, buf});
              buf.clear();
            }
          }
          c += (clen + 3) & ~std::size_t{3};
        }
      }
    }
    pos += len;
  }
  return out;
}

}  // namespace glasscore::test
