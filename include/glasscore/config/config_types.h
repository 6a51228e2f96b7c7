#pragma once
/// \file
/// The configuration of every network function, as plain structs with defaults. One YAML
/// file fills them (DESIGN.md §1; `docs/configuration.md` lists every key). Network-wide
/// facts (PLMNs, TACs, slices, DNNs) are written once at the top level and referenced by
/// the per-NF sections; `parse_config()` checks that the references agree.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace glasscore::config {

/// A PLMN identity (TS 23.003 §2.2): MCC of 3 digits, MNC of 2 or 3 digits, kept as the
/// digit strings so that a 2-digit MNC "01" and a 3-digit MNC "001" stay distinct.
struct plmn_id {
  std::string mcc;
  std::string mnc;

  /// "001-01".
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const plmn_id&, const plmn_id&) = default;
};

/// An S-NSSAI (TS 23.003 §28.4.2): SST 0-255 and an optional 24-bit SD.
struct snssai {
  std::uint8_t sst = 1;
  std::optional<std::uint32_t> sd;

  /// "1" or "1/000001" (SD as six hex digits).
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const snssai&, const snssai&) = default;
};

/// A tracking area identity (TS 23.003 §19.4.2.3): PLMN and a 24-bit TAC.
struct tai {
  plmn_id plmn;
  std::uint32_t tac = 0;

  /// "001-01/tac 1".
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const tai&, const tai&) = default;
};

enum class ip_family : std::uint8_t { v4, v6 };

/// An IPv4 or IPv6 address in network byte order (IPv4 uses the first four bytes).
struct ip_address {
  ip_family family = ip_family::v4;
  std::array<std::uint8_t, 16> bytes{};

  /// An IPv4 address from its dotted-quad parts, for defaults and tests.
  [[nodiscard]] static ip_address v4(std::uint8_t a, std::uint8_t b, std::uint8_t c,
                                     std::uint8_t d);
  /// The textual form ("127.0.0.1", "2001:db8::1").
  [[nodiscard]] std::string to_string() const;
  /// 0.0.0.0 or ::, which binds every address of its family.
  [[nodiscard]] bool is_unspecified() const;
  friend bool operator==(const ip_address&, const ip_address&) = default;
};

/// An address prefix ("10.45.0.0/16"); host bits are always zero.
struct ip_prefix {
  ip_address address;
  std::uint8_t length = 0;

  [[nodiscard]] std::string to_string() const;
  /// True when the two prefixes share at least one address.
  [[nodiscard]] bool overlaps(const ip_prefix& other) const;
  friend bool operator==(const ip_prefix&, const ip_prefix&) = default;
};

enum class sbi_scheme : std::uint8_t { http, https };

/// Where an NF serves its SBI (TS 29.500 §5.2: HTTP/2, over TLS when https).
struct sbi_server {
  ip_address address = ip_address::v4(127, 0, 0, 1);
  std::uint16_t port = 7777;
  sbi_scheme scheme = sbi_scheme::http;
  std::string tls_certificate;  ///< PEM file; required with https
  std::string tls_private_key;  ///< PEM file; required with https

  /// Defaults with another bind address (each NF has its own loopback address by default).
  [[nodiscard]] static sbi_server on(ip_address address) {
    sbi_server server;
    server.address = address;
    return server;
  }
};

/// NAS algorithm identifiers, TS 24.501 §9.11.3.34.
enum class integrity_algorithm : std::uint8_t { nia0 = 0, nia1 = 1, nia2 = 2, nia3 = 3 };
enum class ciphering_algorithm : std::uint8_t { nea0 = 0, nea1 = 1, nea2 = 2, nea3 = 3 };

/// 5GMM timers the AMF runs or sends, TS 24.501 Table 10.2.1 (defaults from that table).
struct amf_timers {
  std::chrono::seconds t3512{3240};  ///< periodic registration update, sent to the UE (54 min)
  std::chrono::seconds t3502{720};   ///< registration retry after failure, sent to the UE
  std::chrono::seconds t3550{6};     ///< REGISTRATION ACCEPT retransmission
  std::chrono::seconds t3560{6};     ///< AUTHENTICATION / SECURITY MODE COMMAND retransmission
  std::chrono::seconds t3570{6};     ///< IDENTITY REQUEST retransmission
  std::chrono::seconds t3522{6};     ///< network-initiated DEREGISTRATION REQUEST retransmission
  /// The mobile reachable timer runs T3512 plus this while a registered UE is idle
  /// (TS 24.501 §5.3.7: by default 4 minutes longer than T3512).
  std::chrono::seconds reachability_margin{240};
  /// Started when the mobile reachable timer expires; on expiry the UE is implicitly
  /// de-registered (TS 24.501 §5.3.7; the value is the network's choice).
  std::chrono::seconds implicit_deregistration{240};
};

/// Admission control under overload (TS 23.501 §5.19.7.2, TS 24.501 §5.3.9): at most
/// `max_registrations_in_progress` registrations work with the home network at a time;
/// later ones wait up to `max_admission_wait`, then are rejected with #22 "congestion" and
/// a back-off timer T3346 drawn from [t3346/2, 3*t3346/2], so that rejected UEs do not all
/// come back at once.
struct amf_overload {
  std::uint32_t max_registrations_in_progress = 64;
  std::chrono::seconds max_admission_wait{5};  ///< under T3510 (15 s): the UE still waits
  std::chrono::seconds t3346{60};
};

struct amf_config {
  std::string name = "glasscore-amf";  ///< NGAP AMF Name (TS 38.413 §9.3.3.21)
  /// Relative AMF Capacity (TS 38.413 §9.3.1.10, TS 23.501 §5.21.2.1): the share of new UEs
  /// gNBs give this AMF relative to others of the set; 0 drains it.
  std::uint8_t relative_capacity = 255;
  /// GUAMI parts, TS 23.003 §2.10.1: region 8 bits, set 10 bits, pointer 6 bits.
  std::uint8_t region_id = 1;
  std::uint16_t set_id = 1;
  std::uint8_t pointer = 0;
  ip_address n2_address = ip_address::v4(127, 0, 0, 5);
  std::uint16_t n2_port = 38412;  ///< TS 38.412 §7
  sbi_server sbi = sbi_server::on(ip_address::v4(127, 0, 0, 5));
  std::vector<tai> tais;       ///< default: every declared PLMN with every declared TAC
  std::vector<snssai> slices;  ///< default: every declared slice
  /// Priority order for the security mode command (TS 33.501 §6.7.2).
  std::vector<integrity_algorithm> integrity = {
      integrity_algorithm::nia2, integrity_algorithm::nia1, integrity_algorithm::nia3};
  std::vector<ciphering_algorithm> ciphering = {
      ciphering_algorithm::nea2, ciphering_algorithm::nea1, ciphering_algorithm::nea3,
      ciphering_algorithm::nea0};
  /// NIA0 may appear in `integrity` only with this set: TS 33.501 §5.5.2 allows it for
  /// unauthenticated emergency sessions and nothing else.
  bool allow_nia0_for_emergency = false;
  amf_timers timers;
  amf_overload overload;
};

/// Session-AMBR in kbit/s (TS 23.501 §5.7.2.6).
struct session_ambr {
  std::uint64_t uplink_kbps = 1'000'000;
  std::uint64_t downlink_kbps = 1'000'000;
};

struct dnn_config {
  std::string name;
  std::optional<ip_prefix> ipv4_pool;  ///< UE IPv4 addresses
  std::optional<ip_prefix>
      ipv6_pool;  ///< /64 prefixes are delegated from it (TS 23.501 §5.8.2.2.3)
  std::vector<ip_address> dns;
  std::uint16_t mtu = 1400;
  std::uint8_t default_5qi = 9;  ///< TS 23.501 Table 5.7.4-1
  session_ambr ambr;
};

enum class suci_scheme : std::uint8_t { profile_a = 1, profile_b = 2 };  ///< TS 33.501 Annex C

/// A home network private key for SUCI deconcealment (TS 33.501 §6.12.2, Annex C.3).
struct home_network_key {
  std::uint8_t id = 1;  ///< Home Network Public Key Identifier, TS 23.003 §2.2B
  suci_scheme scheme = suci_scheme::profile_a;
  std::array<std::uint8_t, 32> private_key{};  ///< X25519 scalar (A) or P-256 scalar (B)
};

struct udm_config {
  sbi_server sbi = sbi_server::on(ip_address::v4(127, 0, 0, 12));
  std::vector<home_network_key> home_network_keys;
  /// Whether a SUCI with the null scheme (SUPI in clear) is accepted (TS 33.501 §6.12.2).
  bool allow_null_scheme = false;
};

struct udr_config {
  sbi_server sbi = sbi_server::on(ip_address::v4(127, 0, 0, 20));
  std::string data_directory = "/var/lib/glasscore";
};

/// A UPF the SMF may select (TS 23.501 §6.3.3).
struct upf_peer {
  std::string name;
  ip_address n4_address;
  std::vector<std::string> dnns;  ///< default: every declared DNN
  std::vector<snssai> slices;     ///< default: every declared slice
  /// TACs (of the core's PLMNs) whose gNBs it serves over N3: its service area (TS 23.501
  /// §6.3.3.1). Default: everywhere.
  std::vector<std::uint32_t> tacs;
  /// Whether it has N6 and may anchor sessions (PSA); false: only an intermediate UPF.
  bool anchor = true;
};

struct smf_config {
  sbi_server sbi = sbi_server::on(ip_address::v4(127, 0, 0, 4));
  ip_address n4_address = ip_address::v4(127, 0, 0, 4);  ///< PFCP, UDP 8805 (TS 29.244 §4.2)
  /// Default: one UPF named "upf" at `upf.n4_address` serving every DNN and slice.
  std::vector<upf_peer> upfs;
};

struct upf_config {
  ip_address n3_address = ip_address::v4(127, 0, 0, 7);  ///< GTP-U, UDP 2152 (TS 29.281 §4.4.2)
  ip_address n4_address = ip_address::v4(127, 0, 0, 7);  ///< PFCP, UDP 8805
  std::uint16_t worker_threads = 1;
  std::string tun_device = "glasscore0";  ///< N6
};

struct nf_sbi_config {
  sbi_server sbi;
};

struct nrf_config {
  sbi_server sbi = sbi_server::on(ip_address::v4(127, 0, 0, 10));
  /// How other NFs reach the NRF; default: built from `sbi` ("http://127.0.0.10:7777").
  std::string uri;
};

struct logging_config {
  std::string level = "info";  ///< "info" or "warn,amf=debug" (see glasscore/core/log.h)
  bool redaction = true;
};

struct metrics_config {
  bool enabled = true;
  ip_address address = ip_address::v4(127, 0, 0, 1);
  std::uint16_t port = 9090;
};

/// The whole file.
struct glasscore_config {
  std::vector<plmn_id> plmns;
  std::vector<std::uint32_t> tacs;
  std::vector<snssai> slices;
  std::vector<dnn_config> dnns;

  amf_config amf;
  nf_sbi_config ausf{sbi_server::on(ip_address::v4(127, 0, 0, 11))};
  udm_config udm;
  udr_config udr;
  nrf_config nrf;
  smf_config smf;
  nf_sbi_config pcf{sbi_server::on(ip_address::v4(127, 0, 0, 13))};
  nf_sbi_config nssf{sbi_server::on(ip_address::v4(127, 0, 0, 14))};
  upf_config upf;
  logging_config logging;
  metrics_config metrics;
};

}  // namespace glasscore::config
