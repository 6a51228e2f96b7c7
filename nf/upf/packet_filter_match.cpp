// SDF filter matching (TS 29.244 §5.2.1A.2A) on the inner IP packet (packet_filter_match.h).

#include "packet_filter_match.h"

#include <algorithm>

namespace glasscore::upf::detail {

namespace {

std::uint16_t load_be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

// Upper-layer protocols whose first four octets are the source and destination ports
// (TCP RFC 9293 §3.1, UDP RFC 768, SCTP RFC 9260 §3.1).
bool has_port_header(std::uint8_t protocol) {
  return protocol == 6 || protocol == 17 || protocol == 132;
}

void read_ports(std::span<const std::uint8_t> ip, std::size_t offset, packet_fields& p) {
  if (has_port_header(p.protocol) && ip.size() >= offset + 4) {
    p.has_ports = true;
    p.source_port = load_be16(&ip[offset]);
    p.destination_port = load_be16(&ip[offset + 2]);
  }
}

std::optional<packet_fields> parse_ipv4(std::span<const std::uint8_t> ip) {
  // RFC 791 §3.1: IHL in 32-bit words, at least 5; Fragment Offset in the low 13 bits.
  const std::size_t header = std::size_t{ip[0] & 0x0Fu} * 4;
  if (ip.size() < 20 || header < 20 || header > ip.size())
    return std::nullopt;
  packet_fields p;
  p.version = 4;
  p.source = &ip[12];
  p.destination = &ip[16];
  p.protocol = ip[9];
  if ((load_be16(&ip[6]) & 0x1FFF) == 0)
    read_ports(ip, header, p);
  return p;
}

std::optional<packet_fields> parse_ipv6(std::span<const std::uint8_t> ip) {
  if (ip.size() < 40)
    return std::nullopt;
  packet_fields p;
  p.version = 6;
  p.source = &ip[8];
  p.destination = &ip[24];
  std::uint8_t next = ip[6];
  std::size_t offset = 40;
  for (int walked = 0;; ++walked) {
    if (next != 0 && next != 43 && next != 60 && next != 44) {
      p.protocol = next;
      read_ports(ip, offset, p);
      return p;
    }
    if (walked == max_ipv6_extension_headers || ip.size() < offset + 8)
      return std::nullopt;
    if (next == 44) {
      // RFC 8200 §4.5: 8 octets; Fragment Offset in the high 13 bits of octets 2-3. A
      // non-first fragment carries no upper-layer header.
      const bool first = (load_be16(&ip[offset + 2]) >> 3) == 0;
      next = ip[offset];
      offset += 8;
      if (!first) {
        p.protocol = next;
        return p;
      }
      continue;
    }
    // RFC 8200 §4.3-§4.6: Hdr Ext Len counts 8-octet units after the first 8 octets.
    const std::size_t length = (std::size_t{ip[offset + 1]} + 1) * 8;
    if (ip.size() < offset + length)
      return std::nullopt;
    next = ip[offset];
    offset += length;
  }
}

// The first `length` bits of `a` against `prefix` (host bits already cleared).
bool in_prefix(const std::array<std::uint8_t, 16>& prefix, std::uint8_t length,
               const std::uint8_t* a) {
  const unsigned whole = length / 8u;
  for (unsigned i = 0; i < whole; ++i) {
    if (a[i] != prefix[i])
      return false;
  }
  const unsigned rest = length % 8u;
  if (rest == 0)
    return true;
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
  return (a[whole] & mask) == prefix[whole];
}

// A prefix as the classifier stores it: version, length, address with host bits cleared.
void store_prefix(const std::optional<config::ip_prefix>& p, std::uint8_t& version,
                  std::uint8_t& length, std::array<std::uint8_t, 16>& out) {
  if (!p)
    return;
  const bool v4 = p->address.family == config::ip_family::v4;
  version = v4 ? 4 : 6;
  length = std::min<std::uint8_t>(p->length, v4 ? 32 : 128);
  for (unsigned i = 0; i < 16; ++i) {
    const unsigned bits = std::min(8u, length > i * 8 ? length - i * 8 : 0u);
    out[i] = static_cast<std::uint8_t>(p->address.bytes[i] & (0xFF00 >> bits));
  }
}

}  // namespace

std::optional<packet_fields> parse_packet(std::span<const std::uint8_t> ip) {
  if (ip.empty())
    return std::nullopt;
  switch (ip[0] >> 4) {
    case 4:
      return parse_ipv4(ip);
    case 6:
      return parse_ipv6(ip);
    default:
      return std::nullopt;
  }
}

void pdr_classifier::add(std::optional<std::uint8_t> qfi,
                         const std::vector<packet_filter>& filters) {
  keys_.push_back({qfi, static_cast<std::uint32_t>(filters_.size()),
                   static_cast<std::uint32_t>(filters.size())});
  for (const packet_filter& f : filters) {
    filter c;
    if (f.protocol)
      c.protocol = *f.protocol;
    store_prefix(f.remote, c.remote_version, c.remote_length, c.remote);
    store_prefix(f.local, c.local_version, c.local_length, c.local);
    c.remote_ports = static_cast<std::uint32_t>(ports_.size());
    c.remote_port_count = static_cast<std::uint32_t>(f.remote_ports.size());
    ports_.insert(ports_.end(), f.remote_ports.begin(), f.remote_ports.end());
    c.local_ports = static_cast<std::uint32_t>(ports_.size());
    c.local_port_count = static_cast<std::uint32_t>(f.local_ports.size());
    ports_.insert(ports_.end(), f.local_ports.begin(), f.local_ports.end());
    filters_.push_back(c);
  }
  single_unfiltered_ = keys_.size() == 1 && filters_.empty();
  single_qfi_ = keys_.front().qfi;
}

bool pdr_classifier::in_ranges(std::uint32_t first, std::uint32_t count, std::uint16_t port) const {
  for (std::uint32_t i = first; i < first + count; ++i) {
    if (port >= ports_[i].first && port <= ports_[i].last)
      return true;
  }
  return false;
}

bool pdr_classifier::matches(const filter& f, const packet_fields& p, flow_direction d) const {
  const bool up = d == flow_direction::uplink;
  const std::uint8_t* remote = up ? p.destination : p.source;
  const std::uint8_t* local = up ? p.source : p.destination;
  if (f.protocol >= 0 && f.protocol != p.protocol)
    return false;
  // An IPv4 prefix never matches an IPv6 packet, nor the other way round.
  if (f.remote_version != 0 &&
      (f.remote_version != p.version || !in_prefix(f.remote, f.remote_length, remote)))
    return false;
  if (f.local_version != 0 &&
      (f.local_version != p.version || !in_prefix(f.local, f.local_length, local)))
    return false;
  if (f.remote_port_count == 0 && f.local_port_count == 0)
    return true;
  if (!p.has_ports)
    return false;
  const std::uint16_t remote_port = up ? p.destination_port : p.source_port;
  const std::uint16_t local_port = up ? p.source_port : p.destination_port;
  return (f.remote_port_count == 0 ||
          in_ranges(f.remote_ports, f.remote_port_count, remote_port)) &&
         (f.local_port_count == 0 || in_ranges(f.local_ports, f.local_port_count, local_port));
}

std::optional<std::size_t> pdr_classifier::match(std::span<const std::uint8_t> ip,
                                                 std::optional<std::uint8_t> qfi,
                                                 flow_direction d) const {
  if (single_unfiltered_) {
    if (single_qfi_ && single_qfi_ != qfi)
      return std::nullopt;
    return 0;
  }
  std::optional<packet_fields> fields;
  if (!filters_.empty())
    fields = parse_packet(ip);
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    const key& pdr = keys_[k];
    // §5.2.1A: a QFI in the PDI matches only packets carrying that QFI.
    if (pdr.qfi && pdr.qfi != qfi)
      continue;
    if (pdr.filter_count == 0)
      return k;
    if (!fields)
      continue;
    for (std::uint32_t i = pdr.first_filter; i < pdr.first_filter + pdr.filter_count; ++i) {
      if (matches(filters_[i], *fields, d))
        return k;
    }
  }
  return std::nullopt;
}

}  // namespace glasscore::upf::detail
