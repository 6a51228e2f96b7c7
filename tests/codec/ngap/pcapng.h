#pragma once
// A minimal pcapng reader for the shared captures: SCTP DATA chunk payloads of one payload
// protocol (PPID 60 = NGAP, TS 38.412 §7) over Ethernet or raw IPv4/IPv6. Enough for
// ../shared/spec/captures; not a general pcapng parser.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace glasscore::test {

struct sctp_payload {
  std::size_t frame = 0;  ///< 1-based packet number, as tshark counts
  std::vector<std::uint8_t> bytes;
};

/// Every (reassembled) SCTP DATA payload with `ppid`, in capture order; nullopt with
/// `error` set if the file is not a readable little-endian pcapng.
std::optional<std::vector<sctp_payload>> read_sctp_payloads(const std::filesystem::path& file,
                                                            std::uint32_t ppid,
                                                            std::string* error = nullptr);

}  // namespace glasscore::test
