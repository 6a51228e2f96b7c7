#pragma once
// Reads UDP payloads to or from one port out of the shared pcapng captures (Ethernet or raw
// IP link types, IPv4 or IPv6), for the GTP-U capture tests. Not a general pcapng parser.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace glasscore::test {

struct udp_payload {
  std::size_t frame = 0;  ///< 1-based packet number, as tshark counts
  std::vector<std::uint8_t> bytes;
};

/// Every UDP payload whose source or destination port is `port`, in capture order; nullopt
/// with `error` set if the file is not a readable little-endian pcapng.
std::optional<std::vector<udp_payload>> read_udp_payloads(const std::filesystem::path& file,
                                                          std::uint16_t port,
                                                          std::string* error = nullptr);

}  // namespace glasscore::test
