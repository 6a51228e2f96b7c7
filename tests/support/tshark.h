#pragma once
/// \file
/// Runs Wireshark's tshark on PDUs we encoded: the "interop" tier of DESIGN.md §5 asks
/// what an independent dissector says about our bytes. Each PDU becomes one packet of a
/// capture with a user link type (DLT 147) mapped to a tshark dissector by name ("ngap",
/// "nas-5gs", ...), so no lower layers have to be faked.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glasscore::test {

/// One expert info item tshark attached to a packet.
struct tshark_expert {
  std::string severity;  ///< "chat", "note", "warning" or "error"
  std::string message;
};

/// What tshark said about one packet.
struct tshark_packet {
  bool malformed = false;
  std::vector<tshark_expert> expert;
  /// Requested field -> every occurrence of it in the packet, as tshark prints it.
  std::map<std::string, std::vector<std::string>> fields;

  /// Expert items of severity warning or error, formatted for a test failure message.
  [[nodiscard]] std::vector<std::string> problems() const;
  /// The occurrences of `field` (empty if absent).
  [[nodiscard]] const std::vector<std::string>& values(const std::string& field) const;
};

/// The path of tshark if it and text2pcap are installed, else nullopt (tests then skip).
std::optional<std::string> tshark_path();

/// Writes `pdus` as packets of a DLT-147 capture dissected by `dissector`, runs tshark
/// with `fields` (and the expert and malformed pseudo-fields) and returns one entry per
/// packet, or nullopt with `error` set if tshark could not be run.
std::optional<std::vector<tshark_packet>> run_tshark(
    const std::vector<std::vector<std::uint8_t>>& pdus, std::string_view dissector,
    const std::vector<std::string>& fields, std::string* error = nullptr,
    const std::vector<std::string>& extra_options = {});

}  // namespace glasscore::test

/// Skips the calling test with a clear message when tshark is not installed.
#define GLASSCORE_TSHARK_OR_SKIP()                                           \
  if (!::glasscore::test::tshark_path()) {                                   \
    GTEST_SKIP() << "tshark/text2pcap not installed: interop check not run " \
                    "(apt-get install tshark)";                              \
  }
